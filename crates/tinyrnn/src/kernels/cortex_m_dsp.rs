//! Dot products and FastGRNN's element-wise update ([`update_plain`]) for
//! Cortex-M cores with the DSP extension (ARMv7E-M:
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
//! `r6`, `r7` and `sp` cannot be `asm!` operands (`r7` is the frame pointer
//! of rustc's Thumb targets; in the shipped archives, built without frame
//! pointers, it holds whatever the compiler keeps there, so it must come back
//! unchanged all the same); the loops use fixed registers because `LDM`
//! lists must name them in order. The whole-product kernels (`mat_vec_*`:
//! eight products per `LDM` pair) save `r6` and `r7` on the stack, use them
//! as data registers and restore them before their block ends, with every
//! operand pinned to another register.

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
/// by one (see `Path`).
// Inlined: only the choice of path is at the call site; each path is its
// own out-of-line function, so a product's stack is the deepest path's
// frame, not a dispatcher's frame with a path's under it (`q15_fastgrnn`:
// 32 bytes less).
#[inline(always)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let n = n.min(31);
    match path(m, v, out.len()) {
        Path::Portable => portable_shift(m, v, out, n),
        Path::Any => mat_vec_q15_shift_any(m, v, out, n),
        // SAFETY: `path` checked what `mat_vec_q15_shift_blocks` needs.
        Path::Blocks => unsafe { mat_vec_q15_shift_blocks(m, v, out, n) },
    }
}

/// Which implementation a Q15 product takes.
enum Path {
    /// The portable kernel: sizes that do not fit, an empty product or a
    /// vector that is not word aligned.
    Portable,
    /// Row by row: rows of any length at any halfword address.
    Any,
    /// One `asm!` block: word-aligned rows of a multiple of 8 columns.
    Blocks,
}

#[inline(always)]
fn path(m: &[i16], v: &[i16], rows: usize) -> Path {
    let cols = v.len();
    let fits = rows.checked_mul(cols).is_some_and(|len| len <= m.len());
    if !(fits && cols > 0 && rows > 0 && v.as_ptr() as usize & 3 == 0) {
        Path::Portable
    } else if m.as_ptr() as usize & 3 != 0 || cols % BLOCK != 0 {
        // Odd row lengths (low rank), rows at odd halfwords.
        Path::Any
    } else {
        Path::Blocks
    }
}

/// The portable product, out of line (rare: see [`Path::Portable`]),
/// with the portable row products: a frame of its own and nothing under it.
#[inline(never)]
fn portable_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    super::portable::mat_vec_q15_shift_by(m, v, out, n, super::portable::dot_q15_wrapping);
}

/// As [`portable_shift`].
#[inline(never)]
fn portable_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    super::portable::mat_vec_q15_div_pow2_by(m, v, out, k, super::portable::dot_q15);
}

/// [`mat_vec_q15_shift`]'s `asm!` block.
///
/// # Safety
/// `m` and `v` word aligned, `cols = v.len()` a non-zero multiple of 8,
/// `rows = out.len()` non-zero, `rows · cols ≤ m.len()` ([`Path::Blocks`]);
/// `n ≤ 31`.
#[inline(never)]
unsafe fn mat_vec_q15_shift_blocks(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let (rows, cols) = (out.len(), v.len());
    // SAFETY: `rows · cols ≤ m.len()` elements of `m` are read in order,
    // `cols` of `v` per row, `rows` of `out` written, all word aligned
    // (`LDM`) except the halfword stores; `cols` is a non-zero multiple of 8
    // and `rows` is non-zero, so both loops end. Flags are clobbered.
    // Eight products per iteration need eight data registers besides the
    // six operands: `r6` and `r7`, which `asm!` may not name as operands,
    // are saved on the stack and restored before the block ends. So that
    // no operand lands in them, every operand is pinned to one of `r0`–`r3`,
    // `r12`, `lr` (this block: `m` r0, `v` r1, sum r2, end r3, `out` r12,
    // rows lr; the other blocks below use the same assignment). The
    // vector's start and the shift count wait in two more stack words.
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "push {{r6, r7}}",
            "strd r1, r2, [sp, #-8]!",
            // an even number of blocks (cols % 16 == 0): 16 columns per
            // iteration, one loop test fewer per 16 columns
            "sub r4, r3, r1",
            "tst r4, #16",
            "bne 1f",
            "5:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "6:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "cmp r1, r3",
            "bne 6b",
            "ldr r4, [sp, #4]",
            "asrs r2, r2, r4",
            "strh r2, [r12], #2",
            "subs lr, lr, #1",
            "bne 5b",
            "b 9f",
            "1:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "2:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "cmp r1, r3",
            "bne 2b",
            "ldr r4, [sp, #4]",
            "asrs r2, r2, r4",
            "strh r2, [r12], #2",
            "subs lr, lr, #1",
            "bne 1b",
            "9:",
            "add sp, sp, #8",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            in("r3") v_end,
            inout("r1") v.as_ptr() => _,
            inout("r2") n => _,
            inout("r12") out.as_mut_ptr() => _,
            inout("lr") rows => _,
            out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
        );
    }
}

/// As [`super::portable::mat_vec_q15_div_pow2`], on the same terms as
/// [`mat_vec_q15_shift`]: one `asm!` block for word-aligned rows of a
/// multiple of 8 columns (64-bit `SMLALD` sums; then the bias `2^k − 1` for
/// negative sums and the low 32 bits of the 64-bit shift), otherwise row by
/// row (see `Path`).
// Inlined, as `mat_vec_q15_shift`.
#[inline(always)]
pub fn mat_vec_q15_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let k = k.min(30);
    match path(m, v, out.len()) {
        Path::Portable => portable_div_pow2(m, v, out, k),
        Path::Any => mat_vec_q15_div_pow2_any(m, v, out, k),
        // SAFETY: `path` checked what `mat_vec_q15_div_pow2_blocks` needs.
        Path::Blocks => unsafe { mat_vec_q15_div_pow2_blocks(m, v, out, k) },
    }
}

/// [`mat_vec_q15_div_pow2`]'s `asm!` block.
///
/// # Safety
/// As [`mat_vec_q15_shift_blocks`]; `k ≤ 30`.
#[inline(never)]
unsafe fn mat_vec_q15_div_pow2_blocks(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let (rows, cols) = (out.len(), v.len());
    // SAFETY: as in `mat_vec_q15_shift`; with the 64-bit sum one more
    // operand register is needed, so the row count waits on the stack too
    // (with the vector's start, `k` and `2^k − 1`: four words, popped, and
    // `r6`, `r7` restored, before the block ends).
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "push {{r6, r7}}",
            "movs r4, #1",
            "lsls r4, r4, r2",
            "subs r4, r4, #1",
            "strd lr, r4, [sp, #-8]!",
            "strd r1, r2, [sp, #-8]!",
            // 16 columns per iteration when the number of blocks is even
            // (cols % 16 == 0), as in `mat_vec_q15_shift`
            "sub r4, r3, r1",
            "tst r4, #16",
            "bne 1f",
            "5:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "movs lr, #0",
            "6:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlald r2, lr, r4, r8",
            "smlald r2, lr, r5, r9",
            "smlald r2, lr, r6, r10",
            "smlald r2, lr, r7, r11",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlald r2, lr, r4, r8",
            "smlald r2, lr, r5, r9",
            "smlald r2, lr, r6, r10",
            "smlald r2, lr, r7, r11",
            "cmp r1, r3",
            "bne 6b",
            // x += (x < 0) ? 2^k − 1 : 0
            "ldr r5, [sp, #12]",
            "and r5, r5, lr, asr #31",
            "adds r2, r2, r5",
            "adc lr, lr, #0",
            // low word of x >> k: (lo >> k) | (hi << (32 − k)); k = 0 shifts hi out
            "ldr r4, [sp, #4]",
            "lsrs r2, r2, r4",
            "rsb r5, r4, #32",
            "lsls lr, lr, r5",
            "orrs r2, r2, lr",
            "strh r2, [r12], #2",
            "ldr r4, [sp, #8]",
            "subs r4, r4, #1",
            "str r4, [sp, #8]",
            "bne 5b",
            "b 9f",
            "1:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "movs lr, #0",
            "2:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlald r2, lr, r4, r8",
            "smlald r2, lr, r5, r9",
            "smlald r2, lr, r6, r10",
            "smlald r2, lr, r7, r11",
            "cmp r1, r3",
            "bne 2b",
            // x += (x < 0) ? 2^k − 1 : 0
            "ldr r5, [sp, #12]",
            "and r5, r5, lr, asr #31",
            "adds r2, r2, r5",
            "adc lr, lr, #0",
            // low word of x >> k: (lo >> k) | (hi << (32 − k)); k = 0 shifts hi out
            "ldr r4, [sp, #4]",
            "lsrs r2, r2, r4",
            "rsb r5, r4, #32",
            "lsls lr, lr, r5",
            "orrs r2, r2, lr",
            "strh r2, [r12], #2",
            "ldr r4, [sp, #8]",
            "subs r4, r4, #1",
            "str r4, [sp, #8]",
            "bne 1b",
            "9:",
            "add sp, sp, #16",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            in("r3") v_end,
            inout("r1") v.as_ptr() => _,
            inout("r2") k => _,
            inout("lr") rows => _,
            inout("r12") out.as_mut_ptr() => _,
            out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
        );
    }
}

/// [`mat_vec_q15_shift`] for any `cols` and rows at any halfword address,
/// with a word-aligned `v`: per row, whole blocks of 8 columns (`LDM` for
/// the row when it is word aligned, single `LDR`s otherwise, which ARMv7-M
/// performs at any address, as in [`dot_q15`]), then the last `cols % 8`:
/// pairs by `LDR` and `SMLAD`, a last odd one by `SMLABB`. The tail is the
/// same in every row, so it is straight-line code entered at the point its
/// length needs (computed once; the low-rank products' short rows, 16 or
/// 25 columns, spent a third of their time in a per-element tail loop).
/// Callers check `rows · cols ≤ m.len()`, `rows ≥ 1`, `cols ≥ 1` and `v`'s
/// alignment.
#[inline(never)]
fn mat_vec_q15_shift_any(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let (rows, cols) = (out.len(), v.len());
    // SAFETY: `rows · cols ≤ m.len()` elements of `m` are read in order,
    // `cols` of `v` per row (word aligned: `LDM`; the pairs after whole
    // blocks are word aligned too), `rows` of `out` written; `rows ≥ 1`, so
    // the row loop ends, and the block loop ends at its end pointer
    // (reached exactly). The tail is entered at `tail + 12 · (3 − pairs)`
    // of a sequence of three pairs (then the odd element when `cols` is
    // odd), every instruction there 32 bits wide (`.w`, post-indexed forms
    // have no other encoding), so it runs exactly `cols % 8` elements.
    // `r6`, `r7` are saved and restored as in `mat_vec_q15_shift`; the
    // vector's start, `n`, the end of the whole blocks and the tail's entry
    // wait in four stack words.
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "push {{r6, r7}}",
            // r4: 2·cols; r5: the end of the whole blocks, v + (r4 & ~15)
            "sub r4, r3, r1",
            "bic r5, r4, #15",
            "add r5, r5, r1",
            // entry: (odd ? 11f : 10f) + 36 − 12 · pairs, pairs = (r4 & 12) / 4
            "and r6, r4, #12",
            "add r6, r6, r6, lsl #1",
            "adr r7, 10f",
            "tst r4, #2",
            "beq 9f",
            "adr r7, 11f",
            "9:",
            "add r7, r7, #36",
            "sub r7, r7, r6",
            "strd r5, r7, [sp, #-8]!",
            "strd r1, r2, [sp, #-8]!",
            "1:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "ldr r3, [sp, #8]",
            "cmp r1, r3",
            "beq 4f",
            "tst r0, #3",
            "bne 3f",
            "2:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "cmp r1, r3",
            "bne 2b",
            "b 4f",
            "3:",
            "ldr r4, [r0], #4",
            "ldr r5, [r0], #4",
            "ldr r6, [r0], #4",
            "ldr r7, [r0], #4",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "cmp r1, r3",
            "bne 3b",
            "4:",
            "ldr r4, [sp, #12]",
            "mov pc, r4",
            // `ADR` adds to the word-aligned PC, which the assembler knows
            // only in a section aligned to 4 bytes: this asks for that
            // (padding after the jump, never run).
            ".p2align 2",
            // even tails: up to three pairs
            "10:",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlad r2, r4, r8, r2",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlad r2, r4, r8, r2",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlad r2, r4, r8, r2",
            "b 6f",
            // odd tails: up to three pairs, then one element
            "11:",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlad r2, r4, r8, r2",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlad r2, r4, r8, r2",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlad r2, r4, r8, r2",
            "ldrsh.w r4, [r0], #2",
            "ldrsh.w r8, [r1], #2",
            "smlabb r2, r4, r8, r2",
            "6:",
            "ldr r4, [sp, #4]",
            "asrs r2, r2, r4",
            "strh r2, [r12], #2",
            "subs lr, lr, #1",
            "bne 1b",
            "add sp, sp, #16",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            inout("r1") v.as_ptr() => _,
            inout("r2") n => _,
            inout("r3") v_end => _,
            inout("r12") out.as_mut_ptr() => _,
            inout("lr") rows => _,
            out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
        );
    }
}

/// [`mat_vec_q15_div_pow2`] for any `cols` and rows at any halfword address,
/// with a word-aligned `v`: per row, whole blocks of 8 columns (`LDM` for
/// the row when it is word aligned, single `LDR`s otherwise, which ARMv7-M
/// performs at any address, as in [`dot_q15`]), then the last `cols % 8`
/// as in [`mat_vec_q15_shift_any`] (`SMLALD` pairs, `SMLALBB`). Callers
/// check `rows · cols ≤ m.len()`, `rows ≥ 1`, `cols ≥ 1` and `v`'s
/// alignment.
#[inline(never)]
fn mat_vec_q15_div_pow2_any(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let (rows, cols) = (out.len(), v.len());
    // SAFETY: `rows · cols ≤ m.len()` elements of `m` are read in order,
    // `cols` of `v` per row (word aligned: `LDM`), `rows` of `out` written;
    // `rows ≥ 1`, so the row loop ends, and the block loop ends at its end
    // pointer (reached exactly); the tail runs exactly `cols % 8` elements,
    // as in `mat_vec_q15_shift_any`. `r6`, `r7` are saved and restored as
    // in `mat_vec_q15_shift`; the vector's start, `k`, the row count,
    // `2^k − 1`, the end of the whole blocks and the tail's entry wait in
    // six stack words.
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "push {{r6, r7}}",
            // r4: 2·cols; r5: the end of the whole blocks, v + (r4 & ~15);
            // entry: (odd ? 11f : 10f) + 36 − 12 · pairs, pairs = (r4 & 12) / 4
            "sub r4, r3, r1",
            "bic r5, r4, #15",
            "add r5, r5, r1",
            "and r6, r4, #12",
            "add r6, r6, r6, lsl #1",
            "adr r7, 10f",
            "tst r4, #2",
            "beq 9f",
            "adr r7, 11f",
            "9:",
            "add r7, r7, #36",
            "sub r7, r7, r6",
            "strd r5, r7, [sp, #-8]!",
            "movs r4, #1",
            "lsls r4, r4, r2",
            "subs r4, r4, #1",
            "strd lr, r4, [sp, #-8]!",
            "strd r1, r2, [sp, #-8]!",
            "1:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "movs lr, #0",
            "ldr r3, [sp, #16]",
            "cmp r1, r3",
            "beq 4f",
            "tst r0, #3",
            "bne 3f",
            "2:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlald r2, lr, r4, r8",
            "smlald r2, lr, r5, r9",
            "smlald r2, lr, r6, r10",
            "smlald r2, lr, r7, r11",
            "cmp r1, r3",
            "bne 2b",
            "b 4f",
            "3:",
            "ldr r4, [r0], #4",
            "ldr r5, [r0], #4",
            "ldr r6, [r0], #4",
            "ldr r7, [r0], #4",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlald r2, lr, r4, r8",
            "smlald r2, lr, r5, r9",
            "smlald r2, lr, r6, r10",
            "smlald r2, lr, r7, r11",
            "cmp r1, r3",
            "bne 3b",
            "4:",
            "ldr r4, [sp, #20]",
            "mov pc, r4",
            // as in `mat_vec_q15_shift_any`
            ".p2align 2",
            "10:",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlald r2, lr, r4, r8",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlald r2, lr, r4, r8",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlald r2, lr, r4, r8",
            "b 6f",
            "11:",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlald r2, lr, r4, r8",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlald r2, lr, r4, r8",
            "ldr.w r4, [r0], #4",
            "ldr.w r8, [r1], #4",
            "smlald r2, lr, r4, r8",
            "ldrsh.w r4, [r0], #2",
            "ldrsh.w r8, [r1], #2",
            "smlalbb r2, lr, r4, r8",
            "6:",
            // x += (x < 0) ? 2^k − 1 : 0
            "ldr r5, [sp, #12]",
            "and r5, r5, lr, asr #31",
            "adds r2, r2, r5",
            "adc lr, lr, #0",
            // low word of x >> k: (lo >> k) | (hi << (32 − k)); k = 0 shifts hi out
            "ldr r4, [sp, #4]",
            "lsrs r2, r2, r4",
            "rsb r5, r4, #32",
            "lsls lr, lr, r5",
            "orrs r2, r2, lr",
            "strh r2, [r12], #2",
            "ldr r4, [sp, #8]",
            "subs r4, r4, #1",
            "str r4, [sp, #8]",
            "bne 1b",
            "add sp, sp, #24",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            inout("r1") v.as_ptr() => _,
            inout("r2") k => _,
            inout("lr") rows => _,
            inout("r3") v_end => _,
            inout("r12") out.as_mut_ptr() => _,
            out("r4") _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
        );
    }
}

/// As [`super::portable::mat_vec_q15xq7`]: `out[r] = (Σ_c m[r·cols + c]·v[c]
/// in wrapping 32 bits) >> n`, or `/ d` truncating (`d ≠ 0`; `MIN / −1`
/// wraps, as `SDIV` does). For word-aligned rows of a multiple of 8
/// columns, `mat_vec_q15xq7_blocks` (the vector widened in every row: no
/// buffer for it, no stack beyond the registers; given spare memory,
/// [`mat_vec_q15xq7_spare`] widens it once). Otherwise row by row through
/// [`dot_q15xq7`] (`q15xq7_rows`). Inlined, as [`mat_vec_q15_shift`]: only
/// the choice of path is at the call site.
#[inline(always)]
pub fn mat_vec_q15xq7<S: crate::scale::Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
    q15xq7_paths(m, v, out, scale, None);
}

/// [`mat_vec_q15xq7`] given `spare`, memory the caller does not need during
/// the product (FastGRNN's `U·h` buffer while it computes `W·x`): where it
/// holds the widened vector (`cols` elements, word aligned after at most
/// one skipped element), `mat_vec_q15xq7_wide` widens it there once, so
/// that each row costs what a Q15 row does; elsewhere each row widens it
/// again (`mat_vec_q15xq7_blocks`). Never a buffer on the stack: widened
/// there, the vector made the deepest frame of every Q7 FastGRNN call (56
/// bytes more than the Q15 calls' on Cortex-M4F).
#[inline(always)]
pub fn mat_vec_q15xq7_spare<S: crate::scale::Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S, spare: &mut [i16]) {
    q15xq7_paths(m, v, out, scale, Some(spare));
}

/// The paths of [`mat_vec_q15xq7`] (`spare` `None`) and
/// [`mat_vec_q15xq7_spare`].
#[inline(always)]
fn q15xq7_paths<S: crate::scale::Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S, spare: Option<&mut [i16]>) {
    let (param, div) = if S::IS_SHIFT {
        // `>>` with a count below 0 acts as 0, above 31 as 31 (`shr32`).
        (scale.raw().clamp(0, 31), false)
    } else if scale.raw() != 0 {
        (scale.raw(), true)
    } else {
        return portable_q15xq7(m, v, out, scale);
    };
    let (rows, cols) = (out.len(), v.len());
    let fits = rows.checked_mul(cols).is_some_and(|len| len <= m.len());
    if !(fits && m.as_ptr() as usize & 3 == 0 && cols > 0 && cols % BLOCK == 0 && rows > 0) {
        q15xq7_rows(m, v, out, param, div);
        return;
    }
    match spare.and_then(|spare| word_aligned(spare, cols)) {
        // SAFETY: checked just above; `buf` holds `cols` elements, word
        // aligned, and is the caller's spare memory (none of `m`, `v`, `out`).
        Some(buf) => unsafe { mat_vec_q15xq7_wide(m, v, out, param, div, buf.as_mut_ptr()) },
        // SAFETY: checked just above.
        None => unsafe { mat_vec_q15xq7_blocks(m, v, out, param, div) },
    }
}

/// `n` elements of `spare` from a word-aligned address (skipping its first
/// element if it starts at an odd halfword), if it holds them.
#[inline(always)]
fn word_aligned(spare: &mut [i16], n: usize) -> Option<&mut [i16]> {
    let skip = (spare.as_ptr() as usize >> 1) & 1;
    spare.get_mut(skip..skip.checked_add(n)?)
}

/// The portable product (a zero divisor), out of line.
#[inline(never)]
fn portable_q15xq7<S: crate::scale::Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
    super::portable::mat_vec_q15xq7(m, v, out, scale);
}

/// [`mat_vec_q15xq7`] row by row (rows at odd halfwords, or of a length
/// that is not a multiple of 8).
#[inline(never)]
fn q15xq7_rows(m: &[i16], v: &[i8], out: &mut [i16], param: i32, div: bool) {
    let cols = v.len();
    let mut start = 0usize;
    for o in out.iter_mut() {
        let x = dot_q15xq7(super::row(m, start, cols), v);
        *o = if div { crate::scale::div32(x, param) } else { x >> (param as u32 & 31) } as i16;
        start = start.wrapping_add(cols);
    }
}

/// [`mat_vec_q15xq7`] without a buffer for the widened vector: one `asm!`
/// block that widens the vector in every row (single `LDR`s, any
/// alignment; as in [`dot_q15xq7`]).
///
/// # Safety
/// `m` word aligned, `cols = v.len()` a non-zero multiple of 8, `rows =
/// out.len()` non-zero, `rows · cols ≤ m.len()`; `param ≠ 0` when `div`.
#[inline(never)]
unsafe fn mat_vec_q15xq7_blocks(m: &[i16], v: &[i8], out: &mut [i16], param: i32, div: bool) {
    let (rows, cols) = (out.len(), v.len());
    // SAFETY: `rows · cols ≤ m.len()` elements of `m` are read in order
    // (word aligned: `LDM`), `cols` bytes of `v` per row (`LDR`, any
    // alignment), `rows` of `out` written; `cols` is a non-zero multiple of
    // 8 and `rows` is non-zero, so both loops end. `r6`, `r7` are saved and
    // restored as in `mat_vec_q15_shift`; the vector's start, the shift or
    // divisor and the mode wait in three stack words (four pushed). The
    // caller passes `div` only with a non-zero divisor.
    unsafe {
        let v_end = v.as_ptr().add(cols);
        asm!(
            "push {{r6, r7}}",
            "sub sp, sp, #16",
            "strd r1, r2, [sp]",
            "str r4, [sp, #8]",
            "1:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "2:",
            "ldm r0!, {{r4, r5, r8, r9}}",
            "ldr r10, [r1], #4",
            "ldr r11, [r1], #4",
            "sxtb16 r6, r10",
            "sxtb16 r10, r10, ror #8",
            "pkhbt r7, r6, r10, lsl #16",
            "pkhtb r10, r10, r6, asr #16",
            "smlad r2, r4, r7, r2",
            "smlad r2, r5, r10, r2",
            "sxtb16 r6, r11",
            "sxtb16 r11, r11, ror #8",
            "pkhbt r7, r6, r11, lsl #16",
            "pkhtb r11, r11, r6, asr #16",
            "smlad r2, r8, r7, r2",
            "smlad r2, r9, r11, r2",
            "cmp r1, r3",
            "bne 2b",
            "ldr r4, [sp, #4]",
            "ldr r5, [sp, #8]",
            "cbnz r5, 3f",
            "asrs r2, r2, r4",
            "b 4f",
            "3:",
            "sdiv r2, r2, r4",
            "4:",
            "strh r2, [r12], #2",
            "subs lr, lr, #1",
            "bne 1b",
            "add sp, sp, #16",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            inout("r1") v.as_ptr() => _,
            in("r3") v_end,
            inout("r2") param => _,
            inout("r12") out.as_mut_ptr() => _,
            inout("lr") rows => _,
            inout("r4") div as u32 => _, out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
        );
    }
}

/// [`mat_vec_q15xq7`] for word-aligned rows of `cols` columns, `cols` a
/// non-zero multiple of 8: the Q7 vector is widened to Q15 once, into a
/// buffer, so that each row costs what a Q15 row does (one `SMLAD` per two
/// columns, both operands by `LDM`) instead of widening the same vector
/// again in every row (`SXTB16` and `PKHBT`/`PKHTB`, nine instructions more
/// per 8 columns). The sum is the same wrapping 32-bit sum: a Q7 value
/// widened to Q15 is the same integer. One row loop per mode, chosen once.
///
/// # Safety
/// `rows · cols ≤ m.len()`, `rows = out.len() ≥ 1`, `m` word aligned,
/// `cols = v.len()` a non-zero multiple of 8; `buf` word aligned and valid
/// for writes of `cols` elements, overlapping none of `m`, `v`, `out`;
/// `param ≠ 0` when `div`.
#[inline(never)]
unsafe fn mat_vec_q15xq7_wide(m: &[i16], v: &[i8], out: &mut [i16], param: i32, div: bool, buf: *mut i16) {
    let rows = out.len();
    // SAFETY: as the caller promises. The block keeps the buffer's start and
    // the shift or divisor in the 8 bytes at `sp` (after `r6`, `r7`, saved
    // and restored as in `mat_vec_q15_shift`), writes `cols` widened
    // elements to the buffer (`v` read by `LDR`, any alignment, up to
    // `v_end`, reached exactly), then reads `rows · cols` elements of `m` in
    // order (`LDM`), the buffer per row, and writes `rows` of `out`; `sp` is
    // restored before the block ends. Flags are clobbered.
    unsafe {
        let v_end = v.as_ptr().add(v.len());
        asm!(
            "push {{r6, r7}}",
            "sub sp, sp, #8",
            "strd r5, r2, [sp]",
            // widen 4 bytes per iteration into the buffer
            "1:",
            "ldr r10, [r1], #4",
            "sxtb16 r6, r10",
            "sxtb16 r10, r10, ror #8",
            "pkhbt r7, r6, r10, lsl #16",
            "pkhtb r10, r10, r6, asr #16",
            "strd r7, r10, [r5], #8",
            "cmp r1, r3",
            "bne 1b",
            // r3: the buffer's end
            "mov r3, r5",
            "cbnz r4, 5f",
            "2:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "3:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "cmp r1, r3",
            "bne 3b",
            "ldr r4, [sp, #4]",
            "asrs r2, r2, r4",
            "strh r2, [r12], #2",
            "subs lr, lr, #1",
            "bne 2b",
            "b 8f",
            "5:",
            "ldr r1, [sp]",
            "movs r2, #0",
            "6:",
            "ldm r0!, {{r4, r5, r6, r7}}",
            "ldm r1!, {{r8, r9, r10, r11}}",
            "smlad r2, r4, r8, r2",
            "smlad r2, r5, r9, r2",
            "smlad r2, r6, r10, r2",
            "smlad r2, r7, r11, r2",
            "cmp r1, r3",
            "bne 6b",
            "ldr r4, [sp, #4]",
            "sdiv r2, r2, r4",
            "strh r2, [r12], #2",
            "subs lr, lr, #1",
            "bne 5b",
            "8:",
            "add sp, sp, #8",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            inout("r1") v.as_ptr() => _,
            inout("r3") v_end => _,
            inout("r2") param => _,
            inout("r12") out.as_mut_ptr() => _,
            inout("lr") rows => _,
            inout("r4") div as u32 => _,
            inout("r5") buf => _,
            out("r8") _, out("r9") _, out("r10") _, out("r11") _,
        );
    }
}

/// As [`super::portable::update_plain`]: the element-wise update of a
/// FastGRNN step in one `asm!` loop. Compiled, the update kept its 26
/// constants and five pointers in 13 registers by reloading constants one
/// word at a time from the stack (85–87 instructions per element on
/// Cortex-M4F); here the five pointers stay in registers and the
/// constants, laid out in order of use ([`super::PlainUpdate`]), come four
/// at a time by `LDM` (66).
#[inline(always)]
pub fn update_plain<S: crate::scale::Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
    let n = h.len().min(a.len()).min(b.len()).min(c.len()).min(d.len());
    if n == 0 {
        return;
    }
    if S::IS_SHIFT {
        update_plain_shift(h, a, b, c, d, k, n);
    } else {
        update_plain_div(h, a, b, c, d, k, n);
    }
}

/// The loop of [`update_plain`], with `$op` (`asr` or `sdiv`) as every
/// scale but the sigmoid's divisor. Registers: `r0` the state (read, then
/// written, one element a time), `r1`–`r3`, `r12` the four vectors, `lr` the
/// constants (six groups of four read with write-back, the last three
/// without, then `lr` back to the start), `r4`–`r11` values; the end of the
/// state waits on the stack.
macro_rules! update_plain_asm {
    ($name:ident, $op:literal) => {
        #[inline(never)]
        fn $name(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate, n: usize) {
            // SAFETY: `1 ≤ n` and every slice holds at least `n` elements
            // (the caller's minimum); the loop reads `n` of each and writes
            // `n` of `h` (halfword accesses, aligned as `i16`), ending when
            // `r0` reaches `h + n`. `k` is 27 words (`#[repr(C)]` of `i32`s),
            // read within. `r6`, `r7` are saved and restored (as in
            // `mat_vec_q15_shift`) with the end, `sp` restored before the
            // block ends; flags are clobbered.
            unsafe {
                let end = h.as_mut_ptr().add(n);
                asm!(
                    // `r6`, `r7` and the end in three words: no call is
                    // made, so `sp` needs no 8-byte alignment here (an
                    // exception entry aligns its own frame).
                    "push {{r4, r6, r7}}",
                    "2:",
                    "ldm lr!, {{r8, r9, r10, r11}}",
                    "ldrsh r4, [r1], #2",
                    "ldrsh r5, [r2], #2",
                    concat!($op, " r4, r4, r8"),
                    concat!($op, " r5, r5, r9"),
                    "add r4, r4, r5",
                    concat!($op, " r4, r4, r10"),
                    "sxth r4, r4",
                    // a; then t = q15((a/g1 + bg/g2) / gd)
                    "ldrsh r5, [r3], #2",
                    concat!($op, " r6, r4, r11"),
                    "ldm lr!, {{r8, r9, r10, r11}}",
                    concat!($op, " r5, r5, r8"),
                    "add r6, r6, r5",
                    concat!($op, " r6, r6, r9"),
                    "sxth r6, r6",
                    // sigmoid: s = q15(t / div + add), gate = q15(s ≤ 0 ? 0 : min(s, limit)·mul)
                    "sdiv r6, r6, r10",
                    "add r6, r6, r11",
                    "sxth r6, r6",
                    "ldm lr!, {{r8, r9, r10, r11}}",
                    "cmp r6, r8",
                    "it lt",
                    "movlt r8, r6",
                    "mul r7, r8, r9",
                    // s ≤ 0 exactly when s − 1 < 0 (s is a Q15 value)
                    "sub r5, r6, #1",
                    "bic r7, r7, r5, asr #31",
                    "sxth r7, r7",
                    // c = q15((a/h1 + bh/h2) / hd), clamped, times tanh_mul
                    "ldrsh r5, [r12], #2",
                    concat!($op, " r6, r4, r10"),
                    concat!($op, " r5, r5, r11"),
                    "add r6, r6, r5",
                    "ldm lr!, {{r8, r9, r10, r11}}",
                    concat!($op, " r6, r6, r8"),
                    "sxth r6, r6",
                    "cmp r6, r9",
                    "it ge",
                    "movge r6, r9",
                    "cmp r6, r10",
                    "it le",
                    "movle r6, r10",
                    "mul r6, r6, r11",
                    // kept = q15(gate·h / gh); one_minus = q15(one − gate/om)
                    "ldm lr!, {{r8, r9, r10, r11}}",
                    "ldrsh r5, [r0]",
                    "mul r5, r7, r5",
                    concat!($op, " r5, r5, r8"),
                    "sxth r5, r5",
                    concat!($op, " r4, r7, r9"),
                    "sub r4, r10, r4",
                    // z = q15(zeta·one_minus / zs); mix = q15(nu + z/ns); upd = q15(mix·cand / us)
                    // (`SMULBB` reads the Q15 values in the low halves, so
                    // one_minus, cand and mix need no `SXTH` of their own)
                    "ldm lr!, {{r7, r8, r9, r10}}",
                    "smulbb r4, r4, r7",
                    concat!($op, " r4, r4, r11"),
                    "sxth r4, r4",
                    concat!($op, " r4, r4, r8"),
                    "add r4, r4, r9",
                    "smulbb r4, r4, r6",
                    concat!($op, " r4, r4, r10"),
                    "sxth r4, r4",
                    // h' = (kept/f1 + upd/f2) / fd
                    "ldm lr, {{r8, r9, r10}}",
                    concat!($op, " r5, r5, r8"),
                    concat!($op, " r4, r4, r9"),
                    "add r4, r5, r4",
                    concat!($op, " r4, r4, r10"),
                    "strh r4, [r0], #2",
                    "sub lr, lr, #96",
                    "ldr r4, [sp]",
                    "cmp r0, r4",
                    "bne 2b",
                    "pop {{r4, r6, r7}}",
                    inout("r0") h.as_mut_ptr() => _,
                    inout("r1") a.as_ptr() => _,
                    inout("r2") b.as_ptr() => _,
                    inout("r3") c.as_ptr() => _,
                    inout("r12") d.as_ptr() => _,
                    inout("lr") k as *const super::PlainUpdate => _,
                    inout("r4") end => _,
                    out("r5") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                );
            }
        }
    };
}
update_plain_asm!(update_plain_shift, "asr");
update_plain_asm!(update_plain_div, "sdiv");

/// As [`super::portable::sparse_columns`], for a Q15 or Q7 vector, in
/// `asm!` (other vector types take the portable loop):
/// - In `SHIFT` mode with a shift `n ≤ 16` (the models' scales), each term
///   is one `SMLAWB`/`SMLAWT` on the column's element pre-shifted by
///   `16 − n`: `(x·2^(16−n)·m) >> 16` is `(x·m) >> n` exactly (the 48-bit
///   product's bits 47..16), added to the row's value. Row numbers are
///   loaded two at a time (`LDRD`) and values two at a time (`LDR`), so a
///   non-zero costs 5.5 instructions where the compiled loop took 9.25
///   (`smlaw_pairs`). The last columns, from the last that has a
///   non-zero, take the loop below, so that no load reaches past either
///   array.
/// - Otherwise (a larger shift, or division by `SDIV`) a row number and a
///   value per load, four non-zeros per iteration (8.25,
///   `scaled_singles`).
///
/// # Safety
/// As [`super::portable::sparse_columns`].
#[inline(never)]
pub unsafe fn sparse_columns<V: crate::q15::Elem, S: crate::scale::Scale>(row_indices: &[u32], values: &[i16], vec: &[V], ret: &mut [i16], scale: S) {
    let q15 = match super::q15_or_q7::<V>() {
        Some(q15) if !scale.zeroes_all() => q15,
        // SAFETY: this function's own contract.
        _ => return unsafe { super::portable::sparse_columns(row_indices, values, vec, ret, scale) },
    };
    // The shift count (0..=31) or the divisor (never 0: `ready`).
    let n = S::ready_raw(scale.ready());
    let mut at = Walk { ids: row_indices.as_ptr(), vals: values.as_ptr(), vec: vec.as_ptr() as *const u8 };
    let vec_end = vec.as_ptr_range().end as *const u8;
    // Row numbers are 1-based: row `r` is the halfword `base + r`.
    let base = ret.as_mut_ptr().wrapping_sub(1);
    // The seam's contract: an encoding of exactly `vec.len()` columns, so
    // one value per row number but the columns' zeros (what the pairs'
    // last loads rely on).
    debug_assert_eq!(row_indices.len(), values.len() + vec.len());
    if S::IS_SHIFT && n <= 16 {
        let size = if q15 { 2 } else { 1 };
        match vec.len().checked_sub(tail_columns(row_indices)) {
            // SAFETY: the caller's contract; the columns before the tail
            // end before the last row number and the last value (see
            // `smlaw_pairs`).
            Some(paired) if paired > 0 => at = unsafe { smlaw_pairs(at, at.vec.add(paired * size), base, 16 - n, q15) },
            // No column before the tail (no non-zero, perhaps).
            _ => {}
        }
    }
    // SAFETY: the caller's contract, from the start or where the pairs
    // stopped (a column boundary).
    unsafe { scaled_singles(at, vec_end, base, n, q15, S::IS_SHIFT) };
}

/// Where a walk of a sparse encoding is: the next row number, value and
/// vector element (a byte pointer: `i16` or `i8`).
#[derive(Clone, Copy)]
struct Walk {
    ids: *const u32,
    vals: *const i16,
    vec: *const u8,
}

/// How many columns an exact encoding has from the last one with a
/// non-zero (its tail): the zeros it ends with, the terminators of that
/// column and of the empty ones after it.
#[inline(always)]
fn tail_columns(ids: &[u32]) -> usize {
    ids.iter().rev().take_while(|&&r| r == 0).count()
}

/// The `SMLAWB`/`SMLAWT` loop of [`sparse_columns`] from `at` until the
/// vector reaches `stop`, two row numbers (`LDRD`) and two values (`LDR`)
/// per load: a state machine of which of the two it holds one of
/// (`S00`: neither, `S01`: a value, `S10`: a row number, `S11`: both),
/// each state with its own column head. Returns where it stopped, at a
/// column boundary (a loaded but unused row number or value is given
/// back).
///
/// # Safety
/// As [`sparse_columns`] for `row_indices` and `values` exact
/// (`SparseMatrix`'s), and `stop` the start of the tail
/// ([`tail_columns`]), at least one column after `at`: every column
/// before it ends before the last value and before the last row number,
/// so the second row number or value of a pair loaded in them exists.
/// `shift` is `16 − n`, in `0..=16`.
#[inline(always)]
unsafe fn smlaw_pairs(at: Walk, stop: *const u8, base: *mut i16, shift: i32, q15: bool) -> Walk {
    let (mut ids, mut vals, mut vec) = (at.ids, at.vals, at.vec);
    // r0 = row numbers, r1 = values (word aligned once started), r2 =
    // base, r3 = the column's element shifted, r4/r5 = a pair of row
    // numbers, r8 = the next vector element, r9 = the shift, r10 = `stop`,
    // r12 = a pair of values, lr = the row's value. A value pair's first
    // is its bottom half (`SMLAWB`), the second its top (`SMLAWT`).

    // The term of the row number in `$row` and the value in half `$half`
    // (`b`ottom or `t`op) of r12.
    macro_rules! add {
        ($row:literal, $half:literal) => {
            concat!(
                "ldrh lr, [r2, ", $row, ", lsl #1]\n",
                "smlaw", $half, " lr, r3, r12, lr\n",
                "strh lr, [r2, ", $row, ", lsl #1]"
            )
        };
    }
    // Two row numbers with nothing pending: a value pair loaded for them
    // (S00; a column ending at the first goes to S10, at the second to S01).
    macro_rules! pair_b_t {
        () => {
            concat!(
                "ldrd r5, r4, [r0], #8\n",
                "cbz r5, 40f\n",
                "ldr r12, [r1], #4\n",
                add!("r5", "b"),
                "\ncbz r4, 41f\n",
                add!("r4", "t")
            )
        };
    }
    // Two row numbers with a value pending: it serves the first, a pair
    // loaded serves the second (S01; to S11 or S00).
    macro_rules! pair_t_b {
        () => {
            concat!(
                "ldrd r5, r4, [r0], #8\n",
                "cbz r5, 42f\n",
                add!("r5", "t"),
                "\ncbz r4, 43f\n",
                "ldr r12, [r1], #4\n",
                add!("r4", "b")
            )
        };
    }
    // A column's head: the next element shifted, or `$stop` at the end of
    // the paired columns; then the state `$state`.
    macro_rules! head {
        ($load_x:literal, $step:literal, $stop:literal, $state:literal) => {
            concat!(
                "cmp r8, r10\n",
                "beq ", $stop, "\n",
                $load_x, " r3, [r8], #", $step, "\n",
                "lsl r3, r3, r9\n",
                "b ", $state
            )
        };
    }
    macro_rules! pairs {
        ($load_x:literal, $step:literal) => {
            // SAFETY: see the function's contract; flags are clobbered.
            unsafe {
                asm!(
                    // A value at a halfword boundary starts the walk as the
                    // top half of a pair (state S01).
                    "tst r1, #2",
                    "beq 43f",
                    "ldrh r12, [r1], #2",
                    "lsl r12, r12, #16",
                    "b 41f",
                    // S00.
                    "20:",
                    pair_b_t!(),
                    pair_b_t!(),
                    "b 20b",
                    // A column ended at a pair's first row number: its
                    // second is pending (S10).
                    "40:",
                    head!($load_x, $step, "52f", "22f"),
                    // A column ended at a pair's second: a value pending (S01).
                    "41:",
                    head!($load_x, $step, "51f", "21f"),
                    // S10: the pending row number (0: an empty column).
                    "22:",
                    "cbz r4, 43f",
                    "ldr r12, [r1], #4",
                    add!("r4", "b"),
                    // S01.
                    "21:",
                    pair_t_b!(),
                    pair_t_b!(),
                    "b 21b",
                    // Ended at a first row number with a value pending (S11).
                    "42:",
                    head!($load_x, $step, "53f", "23f"),
                    // Ended with nothing pending (S00).
                    "43:",
                    head!($load_x, $step, "50f", "20b"),
                    // S11: the pending row number (0: an empty column).
                    "23:",
                    "cmp r4, #0",
                    "beq 41b",
                    add!("r4", "t"),
                    "b 20b",
                    // Stopped: give back a pending row number or value.
                    "53:",
                    "subs r0, #4",
                    "51:",
                    "subs r1, #2",
                    "b 50f",
                    "52:",
                    "subs r0, #4",
                    "50:",
                    inout("r0") ids,
                    inout("r1") vals,
                    in("r2") base,
                    out("r3") _,
                    out("r4") _,
                    out("r5") _,
                    inout("r8") vec,
                    in("r9") shift,
                    in("r10") stop,
                    out("r12") _,
                    out("lr") _,
                    options(nostack),
                )
            }
        };
    }
    if q15 {
        pairs!("ldrsh", "2")
    } else {
        pairs!("ldrsb", "1")
    }
    Walk { ids, vals, vec }
}

/// The loop of [`sparse_columns`] for a shift (`asr`) or a divisor
/// (`SDIV`) `n`, from `at` (a column boundary) to the vector's `end`: four
/// non-zeros per iteration with post-incremented loads.
///
/// # Safety
/// As [`sparse_columns`], from `at`; `n` in `0..=31` when `shift`, else
/// not 0.
#[inline(always)]
unsafe fn scaled_singles(at: Walk, end: *const u8, base: *mut i16, n: i32, q15: bool, shift: bool) {
    macro_rules! term {
        ($op:literal) => {
            concat!(
                "ldr r5, [r0], #4\n",
                "cbz r5, 2f\n",
                "ldrsh r12, [r1], #2\n",
                "ldrh lr, [r2, r5, lsl #1]\n",
                "mul r12, r12, r3\n",
                $op,
                " r12, r12, r4\n",
                "add lr, lr, r12\n",
                "strh lr, [r2, r5, lsl #1]"
            )
        };
    }
    macro_rules! scaled {
        ($load_x:literal, $step:literal, $op:literal) => {
            // SAFETY: see the function's contract; flags are clobbered.
            // `CBZ` branches forward only: the column's head follows the loop.
            unsafe {
                asm!(
                    "b 2f",
                    "3:",
                    term!($op),
                    term!($op),
                    term!($op),
                    term!($op),
                    "b 3b",
                    "2:",
                    "cmp r8, r10",
                    "beq 9f",
                    concat!($load_x, " r3, [r8], #", $step),
                    "b 3b",
                    "9:",
                    inout("r0") at.ids => _,
                    inout("r1") at.vals => _,
                    in("r2") base,
                    out("r3") _,
                    in("r4") n,
                    out("r5") _,
                    inout("r8") at.vec => _,
                    in("r10") end,
                    out("r12") _,
                    out("lr") _,
                    options(nostack),
                )
            }
        };
    }
    match (q15, shift) {
        (true, true) => scaled!("ldrsh", "2", "asr"),
        (false, true) => scaled!("ldrsb", "1", "asr"),
        (true, false) => scaled!("ldrsh", "2", "sdiv"),
        (false, false) => scaled!("ldrsb", "1", "sdiv"),
    }
}
