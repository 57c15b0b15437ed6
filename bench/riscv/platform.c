/*
 * tinyrnn benchmark firmware, RV32IMC (QEMU virt, -bios none), on picolibc
 * (crt0-semihost, picolibc.ld; console and exit through RISC-V semihosting):
 *
 * - the clock: minstret. QEMU 7.2 derives it from its virtual clock, so under
 *   -icount shift=0 (one instruction per virtual nanosecond) it counts
 *   executed instructions exactly; without -icount it follows host time;
 * - the stack pointer and the stack's lowest address.
 *
 * The CSR reads need Zicsr, which GCC 12 wants named in -march, and that
 * breaks its multilib selection; the .option directives enable it here only.
 */
#include <stdint.h>

#include "bench_platform.h"

static uint32_t csr_instret(void) {
    uint32_t v;
    __asm__ volatile(".option push\n\t.option arch, +zicsr\n\t"
                     "csrr %0, minstret\n\t.option pop"
                     : "=r"(v));
    return v;
}

static uint32_t csr_instreth(void) {
    uint32_t v;
    __asm__ volatile(".option push\n\t.option arch, +zicsr\n\t"
                     "csrr %0, minstreth\n\t.option pop"
                     : "=r"(v));
    return v;
}

void clock_start(void) {
}

void clock_stop(void) {
}

uint64_t clock_ticks(void) {
    uint32_t hi;
    uint32_t lo;
    do {
        hi = csr_instreth();
        lo = csr_instret();
    } while (hi != csr_instreth());
    return ((uint64_t)hi << 32) | lo;
}

uint64_t clock_calibrate(void) {
    uint64_t t0 = clock_ticks();
    __asm__ volatile("li t0, 100000\n"
                     "1:\n\t"
                     "addi t0, t0, -1\n\t"
                     "bnez t0, 1b"
                     ::: "t0");
    uint64_t t1 = clock_ticks();
    return t1 - t0;
}

uintptr_t stack_pointer(void) {
    uintptr_t sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    return sp;
}

/* picolibc.ld: the stack is the top __stack_size bytes below __stack. */
extern char __stack[];
extern char __stack_size[];
uintptr_t stack_floor(void) {
    return (uintptr_t)__stack - (uintptr_t)__stack_size;
}
