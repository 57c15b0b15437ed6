/*
 * tinyrnn firmware: start-up code for QEMU mps2-an385 / mps2-an386.
 *
 * The vector table holds the initial stack pointer and the 15 system
 * exception vectors (no device interrupt is enabled). reset_handler copies
 * .data from flash to RAM, zeroes .bss, enables the FPU on cores that have
 * one (Cortex-M4F built with a hard-float ABI), makes unaligned accesses
 * fault in ARMv6-M builds (as on a real Cortex-M0+), calls main() and reports
 * its return value as the exit status through semihosting. Any fault ends
 * the run with status 128 + exception number, after printing its name and
 * the faulting PC.
 */
#include <stdint.h>

#include "semihost.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __stack_top[];

int main(void);
void reset_handler(void) __attribute__((noreturn));
void fault_handler(void) __attribute__((naked, noreturn));
void fault_report(const uint32_t *frame) __attribute__((noreturn, used));

/* Cortex-M system control registers. */
#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define SCB_CPUID (*(volatile const uint32_t *)0xE000ED00u)
#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
#define CCR_UNALIGN_TRP (1u << 3)

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used))
static const vector_t vector_table[16] = {
    (vector_t)(uintptr_t)__stack_top, /* 0: initial SP */
    reset_handler,                    /* 1: Reset */
    fault_handler,                    /* 2: NMI */
    fault_handler,                    /* 3: HardFault */
    fault_handler,                    /* 4: MemManage (v7-M) */
    fault_handler,                    /* 5: BusFault (v7-M) */
    fault_handler,                    /* 6: UsageFault (v7-M) */
    0, 0, 0, 0,                       /* 7-10: reserved */
    fault_handler,                    /* 11: SVCall */
    fault_handler,                    /* 12: DebugMonitor (v7-M) */
    0,                                /* 13: reserved */
    fault_handler,                    /* 14: PendSV */
    fault_handler,                    /* 15: SysTick */
};

void reset_handler(void) {
    /* Plain word loops. The volatile stores keep GCC from turning them into
     * memcpy/memset calls: nothing outside this file runs before .data and
     * .bss are set up. */
    const uint32_t *src = __data_load;
    for (volatile uint32_t *dst = __data_start; dst < __data_end;) {
        *dst++ = *src++;
    }
    for (volatile uint32_t *dst = __bss_start; dst < __bss_end;) {
        *dst++ = 0;
    }
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
    /* A Cortex-M0+ or M23 faults on every unaligned load or store. QEMU runs
     * the ARMv6-M builds on mps2-an385's Cortex-M3 and the ARMv8-M baseline
     * builds on mps2-an505's Cortex-M33, which would quietly perform them;
     * CCR.UNALIGN_TRP makes them fault too. Only on a v7-M/v8-M mainline
     * core (CPUID architecture field 0xF): on ARMv6-M the bit is fixed at
     * one. */
    if (((SCB_CPUID >> 16) & 0xFu) == 0xFu) {
        SCB_CCR |= CCR_UNALIGN_TRP;
    }
#endif
#if defined(__ARM_FP)
    /* Full access to CP10/CP11 (the FPU) before any floating-point code. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    sh_exit(main());
}

static const char *const exception_names[16] = {
    "?", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault", "?",
    "?", "?", "?", "SVCall", "DebugMonitor", "?", "PendSV", "SysTick",
};

/* The exception frame (r0-r3, r12, lr, pc, xPSR) is on the main stack (no
 * thread mode stack is set up); pass it before anything else is pushed. */
void fault_handler(void) {
    __asm__ volatile("mrs r0, msp\n\tbl fault_report");
}

void fault_report(const uint32_t *frame) {
    uint32_t exc = SCB_ICSR & 0x1FFu;
    con_puts("\nFATAL: ");
    con_puts(exc < 16 ? exception_names[exc] : "interrupt");
    con_puts(" (exception ");
    con_put_uint(exc);
    con_puts(") at pc ");
    con_put_hex(frame[6]);
    con_putc('\n');
    sh_exit(128 + (int32_t)exc);
}
