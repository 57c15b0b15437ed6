//! Dot products for Cortex-M cores with the DSP extension (ARMv7E-M:
//! Cortex-M4/M7; the same code would serve ARMv8-M Mainline with DSP, see
//! `build.rs`), selected by `build.rs`'s `tinyrnn_arm_dsp` cfg. Same signatures and bits as [`super::portable`].
//!
//! One `SMLALD` multiplies two pairs of Q15 values packed in two registers
//! and adds both products to a 64-bit accumulator exactly (the ISA computes
//! the sum unbounded, then keeps 64 bits, as `int64_t` does); `SMLAD` does
//! the same into 32 bits, wrapping. So a word load brings two elements and
//! one instruction does two multiply-accumulates, where the compiler's code
//! does one per `LDRSH; LDRSH; SMLALBB`.
//!
//! Loads: the row is first brought to a word boundary (one element peeled
//! when it starts at an odd halfword), then read four words at a time with
//! `LDM`, which needs word alignment. The vector follows the row: when it is
//! then word aligned too, `LDM` as well; otherwise single `LDR`s, which
//! ARMv7-M performs at any address unless the firmware sets
//! `CCR.UNALIGN_TRP` (off at reset; CMSIS-DSP relies on the same). The last
//! `len % 8` elements are summed one by one.
//!
//! `r6`, `r7` (frame pointer) and `sp` are not available to `asm!`; the loops
//! use fixed registers because `LDM` lists must name them in order.

use core::arch::asm;

/// Elements per loop iteration.
const BLOCK: usize = 8;

/// The two slices cut to their common length.
#[inline(always)]
fn common<'a, A, B>(a: &'a [A], b: &'a [B]) -> (&'a [A], &'a [B]) {
    let n = a.len().min(b.len());
    (a.get(..n).unwrap_or(&[]), b.get(..n).unwrap_or(&[]))
}

/// Elements to peel so that the row starts on a word boundary (0 or 1, never
/// more than `len`), then the number of whole blocks after them.
#[inline(always)]
fn split(row: &[i16]) -> (usize, usize) {
    let head = ((row.as_ptr() as usize >> 1) & 1).min(row.len());
    (head, (row.len() - head) / BLOCK)
}

/// `Σ row[c]·vec[c]` in 64 bits, as [`super::portable::dot_q15`].
#[inline(always)]
pub fn dot_q15(row: &[i16], vec: &[i16]) -> i64 {
    let (row, vec) = common(row, vec);
    if row.len() <= BLOCK {
        // No whole block after a peel: the plain loop, without the set-up.
        return super::portable::dot_q15(row, vec);
    }
    dot_q15_blocks(row, vec)
}

/// The part of [`dot_q15`] for rows with whole blocks. Not inlined: the
/// row-by-row paths (odd row lengths, unaligned rows, other scales) call
/// it; one copy instead of one per product site.
#[inline(never)]
fn dot_q15_blocks(row: &[i16], vec: &[i16]) -> i64 {
    let (head, blocks) = split(row);
    let mut acc = super::portable::dot_q15(row.get(..head).unwrap_or(&[]), vec);
    if blocks > 0 {
        let (mut lo, mut hi) = (acc as u32, (acc >> 32) as u32);
        // SAFETY: both slices hold `head + 8 · blocks` elements (`split`),
        // and the loops read exactly those after `head`, the row's at word
        // aligned addresses (`LDM`), the vector's with `LDM` only when it is
        // word aligned too. They read memory only and clobber the flags.
        unsafe {
            let r = row.as_ptr().add(head);
            let v = vec.as_ptr().add(head);
            if v as usize & 3 == 0 {
                asm!(
                    "2:",
                    "ldm {r}!, {{r4, r5, r8, r9}}",
                    "ldm {v}!, {{r10, r11}}",
                    "smlald {lo}, {hi}, r4, r10",
                    "smlald {lo}, {hi}, r5, r11",
                    "ldm {v}!, {{r10, r11}}",
                    "smlald {lo}, {hi}, r8, r10",
                    "smlald {lo}, {hi}, r9, r11",
                    "subs {n}, {n}, #1",
                    "bne 2b",
                    r = inout(reg) r => _,
                    v = inout(reg) v => _,
                    n = inout(reg) blocks => _,
                    lo = inout(reg) lo,
                    hi = inout(reg) hi,
                    out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                    options(nostack, readonly),
                );
            } else {
                asm!(
                    "2:",
                    "ldm {r}!, {{r4, r5, r8, r9}}",
                    "ldr r10, [{v}], #4",
                    "ldr r11, [{v}], #4",
                    "smlald {lo}, {hi}, r4, r10",
                    "smlald {lo}, {hi}, r5, r11",
                    "ldr r10, [{v}], #4",
                    "ldr r11, [{v}], #4",
                    "smlald {lo}, {hi}, r8, r10",
                    "smlald {lo}, {hi}, r9, r11",
                    "subs {n}, {n}, #1",
                    "bne 2b",
                    r = inout(reg) r => _,
                    v = inout(reg) v => _,
                    n = inout(reg) blocks => _,
                    lo = inout(reg) lo,
                    hi = inout(reg) hi,
                    out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                    options(nostack, readonly),
                );
            }
        }
        acc = ((hi as u64) << 32 | lo as u64) as i64;
    }
    let done = head + BLOCK * blocks;
    acc + super::portable::dot_q15(row.get(done..).unwrap_or(&[]), vec.get(done..).unwrap_or(&[]))
}

/// The low 32 bits of [`dot_q15`], as [`super::portable::dot_q15_wrapping`].
#[inline(always)]
pub fn dot_q15_wrapping(row: &[i16], vec: &[i16]) -> i32 {
    let (row, vec) = common(row, vec);
    if row.len() <= BLOCK {
        // No whole block after a peel: the plain loop, without the set-up.
        return super::portable::dot_q15_wrapping(row, vec);
    }
    dot_q15_wrapping_blocks(row, vec)
}

/// The part of [`dot_q15_wrapping`] for rows with whole blocks. Not inlined: the
/// row-by-row paths (odd row lengths, unaligned rows, other scales) call
/// it; one copy instead of one per product site.
#[inline(never)]
fn dot_q15_wrapping_blocks(row: &[i16], vec: &[i16]) -> i32 {
    let (head, blocks) = split(row);
    let mut acc = super::portable::dot_q15_wrapping(row.get(..head).unwrap_or(&[]), vec);
    if blocks > 0 {
        // SAFETY: as in `dot_q15`.
        unsafe {
            let r = row.as_ptr().add(head);
            let v = vec.as_ptr().add(head);
            if v as usize & 3 == 0 {
                asm!(
                    "2:",
                    "ldm {r}!, {{r4, r5, r8, r9}}",
                    "ldm {v}!, {{r10, r11}}",
                    "smlad {acc}, r4, r10, {acc}",
                    "smlad {acc}, r5, r11, {acc}",
                    "ldm {v}!, {{r10, r11}}",
                    "smlad {acc}, r8, r10, {acc}",
                    "smlad {acc}, r9, r11, {acc}",
                    "subs {n}, {n}, #1",
                    "bne 2b",
                    r = inout(reg) r => _,
                    v = inout(reg) v => _,
                    n = inout(reg) blocks => _,
                    acc = inout(reg) acc,
                    out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                    options(nostack, readonly),
                );
            } else {
                asm!(
                    "2:",
                    "ldm {r}!, {{r4, r5, r8, r9}}",
                    "ldr r10, [{v}], #4",
                    "ldr r11, [{v}], #4",
                    "smlad {acc}, r4, r10, {acc}",
                    "smlad {acc}, r5, r11, {acc}",
                    "ldr r10, [{v}], #4",
                    "ldr r11, [{v}], #4",
                    "smlad {acc}, r8, r10, {acc}",
                    "smlad {acc}, r9, r11, {acc}",
                    "subs {n}, {n}, #1",
                    "bne 2b",
                    r = inout(reg) r => _,
                    v = inout(reg) v => _,
                    n = inout(reg) blocks => _,
                    acc = inout(reg) acc,
                    out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                    options(nostack, readonly),
                );
            }
        }
    }
    let done = head + BLOCK * blocks;
    acc.wrapping_add(super::portable::dot_q15_wrapping(row.get(done..).unwrap_or(&[]), vec.get(done..).unwrap_or(&[])))
}

/// `Σ row[c]·vec[c]` in wrapping 32 bits, as
/// [`super::portable::dot_q15xq7`]. Four Q7 elements come in one word
/// (`LDR`, any alignment); `SXTB16` widens bytes 0 and 2 (and, rotated, 1
/// and 3) to halfwords and `PKHBT`/`PKHTB` pair them in row order.
#[inline(always)]
pub fn dot_q15xq7(row: &[i16], vec: &[i8]) -> i32 {
    let (row, vec) = common(row, vec);
    if row.len() <= BLOCK {
        // No whole block after a peel: the plain loop, without the set-up.
        return super::portable::dot_q15xq7(row, vec);
    }
    let (head, blocks) = split(row);
    let mut acc = super::portable::dot_q15xq7(row.get(..head).unwrap_or(&[]), vec);
    if blocks > 0 {
        // SAFETY: as in `dot_q15`; the vector is read with `LDR` only.
        unsafe {
            let r = row.as_ptr().add(head);
            let v = vec.as_ptr().add(head);
            asm!(
                "2:",
                "ldm {r}!, {{r4, r5, r8, r9}}",
                "ldr r10, [{v}], #4",
                "ldr r11, [{v}], #4",
                "sxtb16 r12, r10",
                "sxtb16 r10, r10, ror #8",
                "pkhbt lr, r12, r10, lsl #16",
                "pkhtb r10, r10, r12, asr #16",
                "smlad {acc}, r4, lr, {acc}",
                "smlad {acc}, r5, r10, {acc}",
                "sxtb16 r12, r11",
                "sxtb16 r11, r11, ror #8",
                "pkhbt lr, r12, r11, lsl #16",
                "pkhtb r11, r11, r12, asr #16",
                "smlad {acc}, r8, lr, {acc}",
                "smlad {acc}, r9, r11, {acc}",
                "subs {n}, {n}, #1",
                "bne 2b",
                r = inout(reg) r => _,
                v = inout(reg) v => _,
                n = inout(reg) blocks => _,
                acc = inout(reg) acc,
                out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                out("r12") _, out("lr") _,
                options(nostack, readonly),
            );
        }
    }
    let done = head + BLOCK * blocks;
    acc.wrapping_add(super::portable::dot_q15xq7(row.get(done..).unwrap_or(&[]), vec.get(done..).unwrap_or(&[])))
}

/// As [`super::portable::mat_vec_q15_shift`]. When every row is word
/// aligned (`m` and `v` word aligned, `cols` a multiple of 8, which model
/// sizes usually are) one `asm!` block runs the whole product, rows and
/// columns, keeping every pointer in a register; otherwise the rows run one
/// by one through [`dot_q15_wrapping`].
// Not inlined: one copy serves every product of every export (a call per
// product costs a few instructions; inlined, each product site carried the
// whole block and its fallback).
#[inline(never)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let (rows, cols) = (out.len(), v.len());
    let n = n.min(31);
    let fits = rows.checked_mul(cols).is_some_and(|len| len <= m.len());
    let aligned = (m.as_ptr() as usize | v.as_ptr() as usize) & 3 == 0;
    if !(fits && aligned && cols > 0 && cols % BLOCK == 0 && rows > 0) {
        super::portable::mat_vec_q15_shift(m, v, out, n);
        return;
    }
    // SAFETY: `rows · cols ≤ m.len()` elements of `m` are read in order,
    // `cols` of `v` per row, `rows` of `out` written, all word aligned
    // (`LDM`) except the halfword stores; `cols` is a non-zero multiple of 8
    // and `rows` is non-zero, so both loops end. Flags are clobbered.
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "1:",
            "mov {vp}, {vb}",
            "movs {acc}, #0",
            "2:",
            "ldm {mp}!, {{r4, r5}}",
            "ldm {vp}!, {{r10, r11}}",
            "smlad {acc}, r4, r10, {acc}",
            "smlad {acc}, r5, r11, {acc}",
            "ldm {mp}!, {{r4, r5}}",
            "ldm {vp}!, {{r10, r11}}",
            "smlad {acc}, r4, r10, {acc}",
            "smlad {acc}, r5, r11, {acc}",
            "cmp {vp}, {ve}",
            "bne 2b",
            "asrs {acc}, {acc}, {n}",
            "strh {acc}, [{out}], #2",
            "subs {rows}, {rows}, #1",
            "bne 1b",
            mp = inout(reg) m.as_ptr() => _,
            vb = in(reg) v.as_ptr(),
            ve = in(reg) v_end,
            vp = out(reg) _,
            acc = out(reg) _,
            n = in(reg) n,
            out = inout(reg) out.as_mut_ptr() => _,
            rows = inout(reg) rows => _,
            out("r4") _, out("r5") _, out("r10") _, out("r11") _,
            options(nostack),
        );
    }
}

/// As [`super::portable::mat_vec_q15_div_pow2`], on the same terms as
/// [`mat_vec_q15_shift`]: one `asm!` block for word-aligned rows of a
/// multiple of 8 columns (64-bit `SMLALD` sums; then the bias `2^k − 1` for
/// negative sums and the low 32 bits of the 64-bit shift), otherwise row by
/// row through [`dot_q15`].
// Not inlined: one copy serves every product of every export (a call per
// product costs a few instructions; inlined, each product site carried the
// whole block and its fallback).
#[inline(never)]
pub fn mat_vec_q15_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let (rows, cols) = (out.len(), v.len());
    let k = k.min(30);
    let fits = rows.checked_mul(cols).is_some_and(|len| len <= m.len());
    let aligned = (m.as_ptr() as usize | v.as_ptr() as usize) & 3 == 0;
    if !(fits && aligned && cols > 0 && cols % BLOCK == 0 && rows > 0) {
        super::portable::mat_vec_q15_div_pow2(m, v, out, k);
        return;
    }
    // SAFETY: as in `mat_vec_q15_shift`; in addition `k` is kept in an
    // 8-byte slot pushed on the stack and popped before the block ends.
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "push {{r4, r5}}",
            "1:",
            "mov {vp}, {vb}",
            "movs {lo}, #0",
            "movs {hi}, #0",
            "2:",
            "ldm {mp}!, {{r4, r5}}",
            "ldm {vp}!, {{r10, r11}}",
            "smlald {lo}, {hi}, r4, r10",
            "smlald {lo}, {hi}, r5, r11",
            "ldm {mp}!, {{r4, r5}}",
            "ldm {vp}!, {{r10, r11}}",
            "smlald {lo}, {hi}, r4, r10",
            "smlald {lo}, {hi}, r5, r11",
            "cmp {vp}, {ve}",
            "bne 2b",
            // x += (x < 0) ? 2^k − 1 : 0
            "ldr r4, [sp]",
            "movs r5, #1",
            "lsls r5, r5, r4",
            "subs r5, r5, #1",
            "and r5, r5, {hi}, asr #31",
            "adds {lo}, {lo}, r5",
            "adc {hi}, {hi}, #0",
            // low word of x >> k: (lo >> k) | (hi << (32 − k)); k = 0 shifts hi out
            "lsrs {lo}, {lo}, r4",
            "rsb r5, r4, #32",
            "lsls {hi}, {hi}, r5",
            "orrs {lo}, {lo}, {hi}",
            "strh {lo}, [{out}], #2",
            "subs {rows}, {rows}, #1",
            "bne 1b",
            "add sp, sp, #8",
            mp = inout(reg) m.as_ptr() => _,
            vb = in(reg) v.as_ptr(),
            ve = in(reg) v_end,
            vp = out(reg) _,
            lo = out(reg) _,
            hi = out(reg) _,
            out = inout(reg) out.as_mut_ptr() => _,
            rows = inout(reg) rows => _,
            inout("r4") k => _, out("r5") _, out("r10") _, out("r11") _,
        );
    }
}
