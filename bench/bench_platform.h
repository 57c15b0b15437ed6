/*
 * tinyrnn benchmark firmware: what each target provides (bench/arm/,
 * bench/riscv/) to the target-independent drivers target_main.c and
 * stack_probes.c.
 */
#ifndef TINYRNN_BENCH_PLATFORM_H
#define TINYRNN_BENCH_PLATFORM_H

#include <stdint.h>

/*
 * A deterministic clock. ARM (QEMU -icount shift=5): SysTick ticks at
 * 25 MHz of virtual time, one instruction every 32 ns, so one tick is 1.25
 * instructions. RISC-V (QEMU -icount shift=0): minstret, one per instruction.
 * clock_ticks() is monotonic and 64-bit; clock_stop() turns off anything
 * that could interrupt (the stack probes need a quiet stack).
 */
void clock_start(void);
uint64_t clock_ticks(void);
void clock_stop(void);

/* Runs a loop of exactly 200000 instructions (100000 two-instruction
 * iterations) and returns the ticks it took: the calibration line. */
uint64_t clock_calibrate(void);

/* The current stack pointer. */
uintptr_t stack_pointer(void);

/*
 * stack_tramp (tramp.S) is called through a pointer of the kernel's own type,
 * so the arguments are already in place; it records the stack pointer in
 * stack_entry_sp and jumps to stack_target, leaving the stack pointer as it
 * found it (on Cortex-M it parks r0/r1 in the two words below SP for a
 * moment, see arm/tramp.S), so the kernel runs with exactly the stack
 * pointer and arguments a direct call would give it.
 */
extern void (*volatile stack_target)(void);
extern volatile uintptr_t stack_entry_sp;
void stack_tramp(void);

/* Lowest address the stack may reach (from the linker script). */
uintptr_t stack_floor(void);

#endif /* TINYRNN_BENCH_PLATFORM_H */
