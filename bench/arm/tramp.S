/*
 * tinyrnn benchmark firmware: stack-probe trampoline for Cortex-M (ARMv6-M
 * and ARMv7-M; only Thumb-1 instructions).
 *
 * Called through a pointer of the probed kernel's type, with the kernel's
 * arguments in r0-r3 and on the stack. Stores the stack pointer into
 * stack_entry_sp and branches (not calls) to *stack_target with lr intact,
 * so the kernel returns straight to the probe and sees the same arguments
 * and stack pointer as a direct call. ARMv6-M has no store of SP and no
 * free low register, so r0/r1 are saved for a moment in the two words just
 * below SP; those words count as used, which every kernel's own prologue
 * does anyway.
 */
    .syntax unified
    .thumb
    .text
    .global stack_tramp
    .type stack_tramp, %function
    .thumb_func
stack_tramp:
    push {r0, r1}
    mov r0, sp
    adds r0, #8
    ldr r1, =stack_entry_sp
    str r0, [r1]
    ldr r0, =stack_target
    ldr r0, [r0]
    mov r12, r0
    pop {r0, r1}
    bx r12
    .ltorg
    .size stack_tramp, . - stack_tramp

    .bss
    .align 2
    .global stack_entry_sp
stack_entry_sp:
    .space 4
    .global stack_target
stack_target:
    .space 4
