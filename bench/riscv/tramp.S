/*
 * tinyrnn benchmark firmware: stack-probe trampoline for RV32.
 *
 * Called through a pointer of the probed kernel's type, with the kernel's
 * arguments already in a0-a7 and on the stack. Stores sp into
 * stack_entry_sp and jumps to *stack_target with ra intact (t0 is a
 * temporary, never an argument), so the kernel returns straight to the probe
 * and runs with the stack pointer of a direct call.
 */
    .text
    .global stack_tramp
    .type stack_tramp, @function
stack_tramp:
    la t0, stack_entry_sp
    sw sp, 0(t0)
    la t0, stack_target
    lw t0, 0(t0)
    jr t0
    .size stack_tramp, . - stack_tramp

    .bss
    .align 2
    .global stack_entry_sp
stack_entry_sp:
    .space 4
    .global stack_target
stack_target:
    .space 4
