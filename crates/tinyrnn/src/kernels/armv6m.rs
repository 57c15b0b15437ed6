//! ARMv6-M (Cortex-M0/M0+/M1) kernels, selected by `build.rs`'s
//! `tinyrnn_armv6m` cfg. Same signatures and bits as [`super::portable`].
//!
//! Thumb-1 has no 64-bit multiply-accumulate and no load with an immediate
//! offset for signed halfwords, so the compiler's row loop spends about 8
//! instructions per multiply-accumulate (a zero index register, a pointer
//! increment per operand) plus ~50 per row. Here the whole `SHIFT`-mode
//! product (32-bit sums, exact for shifts ≤ 16, see
//! [`super::Feature::mat_vec`]) is one block: each row is addressed from its
//! end with one negative index shared by the row and the vector, counting up
//! to zero, two elements per iteration (5.5 instructions per
//! multiply-accumulate, 13 per row, 6 per product). Halfword loads only: no alignment
//! beyond the `i16`'s own is needed.
//!
//! The Q15·Q7 product (`q15xq7_q15_m_mulvec`, whose C sum is an `int`
//! in both modes) is one block per row: the vector's byte index doubled for
//! the row's halfwords, 6.5 instructions per multiply-accumulate.
//!
//! Thumb-1 loads, multiplies and flag-setting adds take low registers
//! (`r0`–`r5`: `r6` and `r7` are not available to `asm!`), so the per-row
//! state lives in `r8`–`r12` and moves through a low register when used.

use core::arch::asm;

use crate::scale::Scale;

/// As [`super::portable::mat_vec_q15_shift`]: one `asm!` block when `cols`
/// is even and non-zero (model sizes usually are), else the portable loop.
// Not inlined: one copy serves every product of every export (a call per
// product costs a few instructions; inlined, each product site carried the
// whole block and its fallback).
#[inline(never)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let (rows, cols) = (out.len(), v.len());
    let n = n.min(31);
    // Both below 2^16, the product fits 32 bits and a plain multiply
    // checks it (`checked_mul` calls the 64-bit multiply routine on
    // Thumb-1: its frame under this one); larger sizes take the portable loop.
    let fits = rows < 1 << 16 && cols < 1 << 16 && rows * cols <= m.len();
    if !(fits && cols > 0 && cols % 2 == 0 && cols < 1 << 29 && rows > 0) {
        super::portable::mat_vec_q15_shift(m, v, out, n);
        return;
    }
    let bytes = (2 * cols) as u32;
    // SAFETY: `rows · cols ≤ m.len()` elements of `m` are read in order
    // (row r at byte offsets −2·cols..0 from the end of row r), `cols` of
    // `v` per row (from its end), `rows` halfwords of `out` written; `cols`
    // is even and non-zero, so the index reaches 0 exactly, and `rows` is
    // non-zero. Flags are clobbered; no stack is used.
    unsafe {
        asm!(
            // Per-row state to high registers (Thumb-1 `asm!` operands are
            // low registers only): r8 = −bytes, r9 = bytes, r10 = n,
            // r11 = out, r12 = rows left.
            "mov r9, r2",
            "negs r2, r2",
            "mov r8, r2",
            "mov r10, r3",
            "mov r11, r4",
            "mov r12, r5",
            "1:",
            "mov r2, r8",
            "add r0, r9",
            "movs r3, #0",
            "2:",
            "ldrsh r4, [r0, r2]",
            "ldrsh r5, [r1, r2]",
            "muls r4, r5, r4",
            "adds r3, r3, r4",
            "adds r2, #2",
            "ldrsh r4, [r0, r2]",
            "ldrsh r5, [r1, r2]",
            "muls r4, r5, r4",
            "adds r3, r3, r4",
            "adds r2, #2",
            "bne 2b",
            "mov r4, r10",
            "asrs r3, r4",
            "mov r4, r11",
            "strh r3, [r4]",
            "adds r4, #2",
            "mov r11, r4",
            "mov r4, r12",
            "subs r4, #1",
            "mov r12, r4",
            "bne 1b",
            inout("r0") m.as_ptr() => _,
            in("r1") v.as_ptr().add(cols),
            inout("r2") bytes => _,
            inout("r3") n => _,
            inout("r4") out.as_mut_ptr() => _,
            inout("r5") rows => _,
            out("r8") _, out("r9") _, out("r10") _, out("r11") _, out("r12") _,
            options(nostack),
        );
    }
}

/// As [`super::portable::mat_vec_q15xq7`]: each row's sum by one `asm!`
/// block when `cols` is even and non-zero, scaled by the caller's scale
/// (`SHIFT` or division: C's `int` sum either way), else the portable loop.
#[inline(never)]
pub fn mat_vec_q15xq7<S: Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
    let (rows, cols) = (out.len(), v.len());
    // Both below 2^16, the product fits 32 bits and a plain multiply
    // checks it (`checked_mul` calls the 64-bit multiply routine on
    // Thumb-1: its frame under this one); larger sizes take the portable loop.
    let fits = rows < 1 << 16 && cols < 1 << 16 && rows * cols <= m.len();
    if !(fits && cols > 0 && cols % 2 == 0 && cols < 1 << 29) {
        super::portable::mat_vec_q15xq7(m, v, out, scale);
        return;
    }
    let neg = (cols as i32).wrapping_neg();
    let mut row_end = m.as_ptr();
    for o in out.iter_mut() {
        // SAFETY: row r of `m` (`rows · cols ≤ m.len()`) ends at
        // `m + (r + 1)·cols`; each row's block reads its `cols` halfwords
        // and `v`'s `cols` bytes from their ends with one negative index
        // (bytes of `v`, doubled for the row) counting up to 0 exactly
        // (`cols` even, non-zero). Flags are clobbered; no stack is used.
        let sum: i32;
        unsafe {
            row_end = row_end.add(cols);
            asm!(
                "movs r3, #0",
                "2:",
                "lsls r4, r2, #1",
                "ldrsh r4, [r0, r4]",
                "ldrsb r5, [r1, r2]",
                "muls r4, r5, r4",
                "adds r3, r3, r4",
                "adds r2, #1",
                "lsls r4, r2, #1",
                "ldrsh r4, [r0, r4]",
                "ldrsb r5, [r1, r2]",
                "muls r4, r5, r4",
                "adds r3, r3, r4",
                "adds r2, #1",
                "bne 2b",
                in("r0") row_end,
                in("r1") v.as_ptr().add(cols),
                inout("r2") neg => _,
                out("r3") sum,
                out("r4") _,
                out("r5") _,
                options(nostack, readonly),
            );
        }
        *o = scale.down(sum) as i16;
    }
}
