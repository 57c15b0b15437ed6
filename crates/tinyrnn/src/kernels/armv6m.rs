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
//! multiply-accumulate, 8 per row, 14 per product). Halfword loads only:
//! no alignment beyond the `i16`'s own is needed.
//!
//! The Q15·Q7 product (`q15xq7_q15_m_mulvec`, whose C sum is an `int`
//! in both modes) is one block per row: the vector's byte index doubled for
//! the row's halfwords, 6.5 instructions per multiply-accumulate.
//!
//! FastGRNN's element-wise update ([`update_plain`], [`update_prepared`])
//! is one block per step: the state and `a` addressed from their ends with
//! the shared index, like the product, the other three vectors' ends in
//! high registers, each constant loaded where it is used from the
//! [`super::PlainUpdate`] (an immediate offset from one register). In
//! `SHIFT` mode each scaling is a shift; in a division build whose
//! divisors are powers of two, a truncating division by `2^e`, `e` the
//! exponent [`prepare_update`] put in the divisor's place.
//!
//! The sparse product in `SHIFT` mode ([`sparse_columns`]) walks the whole
//! encoding in one block: a row number loaded, tested and doubled by
//! `ldm`/`lsls` (a 0 ends the column), four non-zeros per iteration.
//!
//! Thumb-1 loads, multiplies and flag-setting adds take low registers
//! (`r0`–`r7`, of which `asm!` takes `r0`–`r5` as operands: `r6` and `r7`
//! are the compiler's, the frame pointer or, in the shipped archives built
//! without frame pointers, any value it keeps there; a block that uses them
//! saves and restores them), so the rest of the state lives in `r8`–`r12`
//! and moves through a low register when used.

use core::arch::asm;

use crate::q15::Elem;
use crate::scale::{is_pow2, Scale};

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
    // `v` per row (from its end), `rows` halfwords of `out` written (the
    // row loop ends when the output pointer reaches `out + rows`); `cols`
    // is even and non-zero, so the index reaches 0 exactly, and `rows` is
    // non-zero. `r6` and `r7` are saved on the stack and restored; flags
    // are clobbered.
    unsafe {
        asm!(
            // Two more low registers for the row loop: `r6` = n, `r7` =
            // the output pointer. The rest lives in high registers that
            // cost the function no saves of its own but `r8`'s: r8 = −bytes,
            // lr = bytes (the function saves `lr` anyway), r12 = the end of
            // `out`.
            "push {{r6, r7}}",
            "mov r6, r3",
            "mov r7, r4",
            "lsls r5, r5, #1",
            "adds r5, r4, r5",
            "mov r12, r5",
            "mov lr, r2",
            "negs r2, r2",
            "mov r8, r2",
            "2:",
            "mov r2, r8",
            "add r0, lr",
            "movs r3, #0",
            "3:",
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
            "bne 3b",
            "asrs r3, r6",
            "strh r3, [r7]",
            "adds r7, #2",
            "cmp r7, r12",
            "bne 2b",
            "pop {{r6, r7}}",
            inout("r0") m.as_ptr() => _,
            in("r1") v.as_ptr().add(cols),
            inout("r2") bytes => _,
            inout("r3") n => _,
            inout("r4") out.as_mut_ptr() => _,
            inout("r5") rows => _,
            out("r8") _, out("r12") _, out("lr") _,
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

/// As [`super::portable::update_plain`]: with a sigmoid divisor `2^k`
/// (the models' `div`, 2 in practice), one `asm!` loop in `SHIFT` mode
/// (89–96 instructions per element, 93 usually, where the compiled update
/// took 121: it reloaded the vectors' pointers and most constants from the
/// stack); otherwise the portable update's elements (its divisions are
/// calls here). The division build's loop (`update_plain_div_pow2`)
/// needs its divisors' exponents: [`update_prepared`] after
/// [`prepare_update`]. Inlined, so that each path is a call of its own:
/// the frame of the one does not weigh on the other.
#[inline(always)]
pub fn update_plain<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
    if S::IS_SHIFT && is_pow2(k.sig_div) {
        update_plain_shift(h, a, b, c, d, k);
    } else {
        update_by_element::<S>(h, a, b, c, d, k);
    }
}

/// What [`prepare_update`] made of the constants: `true` when it replaced
/// the division build's 17 divisors by their exponents (every one, and the
/// sigmoid's divisor, a power of two: the usual models), for
/// `update_plain_div_pow2`.
pub type UpdatePrep = bool;

/// An [`UpdatePrep`] before [`prepare_update`].
pub const NO_PREP: UpdatePrep = false;

/// Once per call, in a division build: when the sigmoid's divisor and the
/// 17 divisors of `k` are all powers of two, each of the 17 replaced by its
/// exponent (`k` is then in this kernel's form, read by
/// [`update_prepared`] only) and `prep` set. Out of line: it runs once per
/// call and its values stay out of the step loop's frame.
#[inline(never)]
pub fn prepare_update<S: Scale>(k: &mut super::PlainUpdate, prep: &mut UpdatePrep) {
    // Field by field, not through an array (which would sit in the frame).
    macro_rules! divisors {
        ($($f:ident),*) => {
            if S::IS_SHIFT || !is_pow2(k.sig_div) $(|| !is_pow2(k.$f))* {
                return;
            }
            $(k.$f = crate::scale::log2_pow2(k.$f as u32) as i32;)*
        };
    }
    // Once only: exponents may be powers of two themselves.
    if *prep {
        return;
    }
    divisors!(p1, p2, pd, g1, g2, gd, h1, h2, hd, gh, om, zs, ns, us, f1, f2, fd);
    *prep = true;
}

/// Whether [`update_prepared`] runs one of the loops on these prepared
/// constants: a sigmoid divisor `2^k`, and in a division build every
/// divisor in exponent form ([`prepare_update`]). The caller runs the
/// portable elements otherwise (it has them for the tables), so that this
/// kernel's own copy of them drops out of a firmware.
#[inline(always)]
pub fn update_takes<S: Scale>(k: &super::PlainUpdate, prep: &UpdatePrep) -> bool {
    is_pow2(k.sig_div) && (S::IS_SHIFT || *prep)
}

/// [`update_plain`] after [`prepare_update`]: the division build's loop
/// when the constants are in its form, else as [`update_plain`].
#[inline(always)]
pub fn update_prepared<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate, prep: &UpdatePrep) {
    if !S::IS_SHIFT && *prep {
        update_plain_div_pow2(h, a, b, c, d, k);
    } else {
        update_plain::<S>(h, a, b, c, d, k);
    }
}

// One scaling of the update's loop, `$x` down by the constant at byte
// offset `$off` of `k` through the low register `$t`: a shift by the count
// (`SHIFT`), or a division by `2^e` as C divides, truncating (the exponent
// `e` there, [`prepare_update`]): a negative value's magnitude shifted
// (logically: `i32::MIN`'s is `2^31`) and the sign put back.
macro_rules! down_shift {
    ($x:literal, $t:literal, $off:literal) => {
        concat!("ldr ", $t, ", [r7, #", $off, "]\n", "asrs ", $x, ", ", $t)
    };
}
macro_rules! down_div_pow2 {
    ($x:literal, $t:literal, $off:literal) => {
        concat!(
            "ldr ", $t, ", [r7, #", $off, "]\n",
            "cmp ", $x, ", #0\n",
            "bge 8f\n",
            "negs ", $x, ", ", $x, "\n",
            "lsrs ", $x, ", ", $t, "\n",
            "negs ", $x, ", ", $x, "\n",
            "b 9f\n",
            "8:\n",
            "asrs ", $x, ", ", $t, "\n",
            "9:"
        )
    };
}

// The `asm!` loop of [`update_plain`] (`down_shift`) and of
// [`update_plain_div_pow2`] (`down_div_pow2`), for a sigmoid divisor `2^k`,
// k ≥ 0; `$back` the branch back to the loop's head, which the division
// loop's length puts beyond a conditional branch's reach.
macro_rules! update_plain_asm {
    ($(#[$doc:meta])* $name:ident, $down:ident, $back:literal) => {
        $(#[$doc])*
        #[inline(never)]
        fn $name(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
            let n = h.len().min(a.len()).min(b.len()).min(c.len()).min(d.len());
            if n == 0 {
                return;
            }
            let div = k.sig_div;
            // SAFETY (of each `add`): `n` is within every slice.
            let (h_end, a_end, b_end, c_end, d_end) =
                unsafe { (h.as_mut_ptr().add(n), a.as_ptr().add(n), b.as_ptr().add(n), c.as_ptr().add(n), d.as_ptr().add(n)) };
            // What does not fit the six operand registers, read from memory.
            let more: [usize; 3] = [d_end as usize, 2 * n, div.trailing_zeros() as usize];
            // SAFETY: every slice holds at least `n` elements (the minimum above),
            // `1 ≤ n`, and `2n < 2^31` (an `i16` slice spans at most `isize::MAX`
            // bytes), so the index starts negative; the loop reads element i of each at byte offset
            // 2i − 2n from its end, for i in 0..n (the index counts up to 0
            // exactly), and writes `h`'s (halfword accesses, aligned as `i16`).
            // `k` is 27 words (`#[repr(C)]` of `i32`s) read within its first 108
            // bytes, `more` 3 words. `r6` and `r7` are saved on the stack and
            // restored; flags are clobbered.
            unsafe {
                asm!(
                    // Low registers: r0–r3 values, r4 = the end of `h`, r5 = the
                    // end of `a`, r6 = the index (bytes, negative), r7 = `k`.
                    // High: r8, r9, r10 = the ends of `b`, `c`, `d`; r12 = the
                    // sigmoid's shift k, lr = 2^k − 1 (its rounding bias).
                    "push {{r6, r7}}",
                    "mov r7, r3",
                    "mov r8, r0",
                    "mov r9, r1",
                    "ldr r0, [r2, #0]",
                    "mov r10, r0",
                    "ldr r6, [r2, #4]",
                    "negs r6, r6",
                    "ldr r0, [r2, #8]",
                    "mov r12, r0",
                    "ldr r0, [r7, #24]",
                    "subs r0, #1",
                    "mov lr, r0",
                    "2:",
                    // a = q15((W·x >> p1 + U·h >> p2) >> pd)
                    "ldrsh r0, [r5, r6]",
                    "mov r1, r8",
                    "ldrsh r1, [r1, r6]",
                    $down!("r0", "r2", 0),
                    $down!("r1", "r2", 4),
                    "adds r0, r0, r1",
                    $down!("r0", "r2", 8),
                    "sxth r0, r0",
                    // t = q15((a >> g1 + Bg >> g2) >> gd)
                    "mov r1, r9",
                    "ldrsh r1, [r1, r6]",
                    $down!("r1", "r2", 16),
                    "mov r3, r0",
                    $down!("r3", "r2", 12),
                    "adds r1, r1, r3",
                    $down!("r1", "r2", 20),
                    "sxth r1, r1",
                    // s = q15(t / 2^k + add): t plus a bias of 2^k − 1 when
                    // negative, shifted (truncating, as C divides)
                    "asrs r3, r1, #31",
                    "mov r2, lr",
                    "ands r3, r2",
                    "adds r1, r1, r3",
                    "mov r2, r12",
                    "asrs r1, r2",
                    "ldr r2, [r7, #28]",
                    "adds r1, r1, r2",
                    "sxth r1, r1",
                    // gate = q15(s ≤ 0 ? 0 : min(s, limit) · mul)
                    "cmp r1, #0",
                    "bgt 3f",
                    "movs r1, #0",
                    "b 5f",
                    "3:",
                    "ldr r2, [r7, #32]",
                    "cmp r1, r2",
                    "ble 4f",
                    "mov r1, r2",
                    "4:",
                    "ldr r2, [r7, #36]",
                    "muls r1, r2, r1",
                    "sxth r1, r1",
                    "5:",
                    // c = q15((a >> h1 + Bh >> h2) >> hd)
                    $down!("r0", "r2", 40),
                    "mov r3, r10",
                    "ldrsh r3, [r3, r6]",
                    $down!("r3", "r2", 44),
                    "adds r0, r0, r3",
                    $down!("r0", "r2", 48),
                    "sxth r0, r0",
                    // cand = q15(clamp(c) · mul): from above, then from below (the
                    // same for the bounds `PlainUpdate` allows)
                    "ldr r2, [r7, #52]",
                    "cmp r0, r2",
                    "blt 6f",
                    "mov r0, r2",
                    "6:",
                    "ldr r2, [r7, #56]",
                    "cmp r0, r2",
                    "bgt 7f",
                    "mov r0, r2",
                    "7:",
                    "ldr r2, [r7, #60]",
                    "muls r0, r2, r0",
                    "sxth r0, r0",
                    // kept = q15(gate · h >> gh)
                    "ldrsh r3, [r4, r6]",
                    "muls r3, r1, r3",
                    $down!("r3", "r2", 64),
                    "sxth r3, r3",
                    // one_minus = q15(one − gate >> om)
                    $down!("r1", "r2", 68),
                    "ldr r2, [r7, #72]",
                    "subs r2, r2, r1",
                    "sxth r2, r2",
                    // z = q15(q15(ζ) · one_minus >> zs)
                    "ldr r1, [r7, #80]",
                    "sxth r1, r1",
                    "muls r2, r1, r2",
                    $down!("r2", "r1", 76),
                    "sxth r2, r2",
                    // mix = q15(ν + z >> ns)
                    $down!("r2", "r1", 84),
                    "ldr r1, [r7, #88]",
                    "adds r2, r2, r1",
                    "sxth r2, r2",
                    // upd = q15(mix · cand >> us)
                    "muls r0, r2, r0",
                    $down!("r0", "r1", 92),
                    "sxth r0, r0",
                    // h' = (kept >> f1 + upd >> f2) >> fd
                    $down!("r3", "r1", 96),
                    $down!("r0", "r1", 100),
                    "adds r0, r0, r3",
                    $down!("r0", "r1", 104),
                    "strh r0, [r4, r6]",
                    "adds r6, #2",
                    $back,
                    "pop {{r6, r7}}",
                    inout("r0") b_end => _,
                    inout("r1") c_end => _,
                    inout("r2") more.as_ptr() => _,
                    inout("r3") k as *const super::PlainUpdate => _,
                    inout("r4") h_end => _,
                    inout("r5") a_end => _,
                    out("r8") _, out("r9") _, out("r10") _, out("r12") _, out("lr") _,
                );
            }
        }
    };
}
update_plain_asm!(
    /// The `SHIFT` loop of [`update_plain`].
    update_plain_shift, down_shift, "bne 2b"
);
update_plain_asm!(
    /// The division loop of [`update_prepared`]: the constants in
    /// [`prepare_update`]'s form (the 17 divisors' exponents), each
    /// division 3 or 6 instructions where a shift is one.
    update_plain_div_pow2, down_div_pow2, "beq 10f\nb 2b\n10:"
);

/// The portable update, out of line and an element per call: inlined, its
/// constants took [`update_plain`]'s frame (144 bytes more under every
/// step), and its loop's values too (36 more).
#[inline(never)]
fn update_by_element<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
    for ((((h, &a), &b), &c), &d) in h.iter_mut().zip(a).zip(b).zip(c).zip(d) {
        *h = plain_element::<S>(k, *h as i32, a as i32, b as i32, c as i32, d as i32);
    }
}

/// One element of [`update_by_element`].
#[inline(never)]
fn plain_element<S: Scale>(k: &super::PlainUpdate, h: i32, a: i32, b: i32, c: i32, d: i32) -> i16 {
    use super::portable::{plain_sigmoid, plain_tanh, update_plain_element};
    update_plain_element::<S>(k, h, a, b, c, d, plain_sigmoid, plain_tanh)
}

/// As [`super::portable::sparse_columns`]: in `SHIFT` mode, for a Q15 or
/// Q7 vector, the whole encoding in one `asm!` block (10.5 instructions
/// per non-zero, four per iteration, where the compiled loop took 14: it
/// made a zero register for `ldrsh` and reloaded the vector element and the
/// shift from the stack); otherwise (division, whose `__divsi3` per term
/// dominates any loop) the portable loop, not unrolled (unrolled, its
/// frame grew by 32 bytes for 3 % of the step).
///
/// # Safety
/// As [`super::portable::sparse_columns`].
// Inlined, so that the division's loop is called directly (a frame of its
// own here cost that path 32 bytes of stack).
#[inline(always)]
pub unsafe fn sparse_columns<V: Elem, S: Scale>(row_indices: &[u32], values: &[i16], vec: &[V], ret: &mut [i16], scale: S) {
    match super::q15_or_q7::<V>() {
        // SAFETY: this function's own contract.
        Some(q15) if S::IS_SHIFT => unsafe { sparse_shift(row_indices, values, vec, ret, S::ready_raw(scale.ready()), q15) },
        _ => {
            // SAFETY: this function's own contract.
            unsafe { super::portable::sparse_columns_by::<V, S, 1>(row_indices, values, vec, ret, scale) }
        }
    }
}

/// The `asm!` block of [`sparse_columns`] for the shift `n` (in `0..=31`)
/// and a Q15 (`q15`) or Q7 vector.
///
/// # Safety
/// As [`super::portable::sparse_columns`].
#[inline(never)]
unsafe fn sparse_shift<V>(row_indices: &[u32], values: &[i16], vec: &[V], ret: &mut [i16], n: i32, q15: bool) {
    let (vec_start, vec_end) = (vec.as_ptr() as *const u8, vec.as_ptr_range().end as *const u8);
    // Row numbers are 1-based: row `r` is the halfword at byte `2r` from `ret − 1`.
    let base = ret.as_mut_ptr().wrapping_sub(1);
    // SAFETY: the caller's contract: the walk of `vec.len()` columns (each
    // ended by a 0 row number) stays in `row_indices` (read as words: a
    // `u32` slice is aligned), each non-zero row number `r ≤ ret.len()`
    // (so `2r` neither overflows nor reaches 0 in `lsls`) names the
    // halfword `base + r` of `ret`, and `values` has one halfword per
    // non-zero. The vector is read from `vec_start` up to `vec_end`, one
    // element per column. `r6` and `r7` are saved on the stack and
    // restored; flags are clobbered.
    unsafe {
        // A non-zero: its row number (a 0 ends the column, to `$end`), its
        // value at `$offset` from `r1`, the term added to its row.
        macro_rules! term {
            ($offset:literal, $end:literal) => {
                concat!(
                    "ldm r0!, {{r5}}\n",
                    "lsls r5, r5, #1\n",
                    "beq ", $end, "\n",
                    "ldrh r6, [r1, ", $offset, "]\n",
                    "sxth r6, r6\n",
                    "muls r6, r3, r6\n",
                    "asrs r6, r4\n",
                    "ldrh r7, [r2, r5]\n",
                    "adds r7, r7, r6\n",
                    "strh r7, [r2, r5]"
                )
            };
        }
        macro_rules! columns {
            ($load_x:literal, $step:literal) => {
                asm!(
                    // r0 = row numbers, r1 = values, r2 = base, r3 = x,
                    // r4 = n, r5 = 2·row, r6/r7 temporaries; r8 = the next
                    // vector element, r12 = the vector's end.
                    "push {{r6, r7}}",
                    "mov r8, r3",
                    "mov r12, r5",
                    "movs r5, #0",
                    // A column: r5 is 0 here (the offset of x's load).
                    "2:",
                    "mov r6, r8",
                    "cmp r6, r12",
                    "beq 9f",
                    concat!($load_x, " r3, [r6, r5]"),
                    concat!("adds r6, #", $step),
                    "mov r8, r6",
                    // Four non-zeros per iteration; a 0 row number ends the
                    // column after k of them (the values pointer moves by k).
                    "3:",
                    term!("#0", "2b"),
                    term!("#2", "4f"),
                    term!("#4", "5f"),
                    term!("#6", "6f"),
                    "adds r1, #8",
                    "b 3b",
                    "4:",
                    "adds r1, #2",
                    "b 2b",
                    "5:",
                    "adds r1, #4",
                    "b 2b",
                    "6:",
                    "adds r1, #6",
                    "b 2b",
                    "9:",
                    "pop {{r6, r7}}",
                    inout("r0") row_indices.as_ptr() => _,
                    inout("r1") values.as_ptr() => _,
                    in("r2") base,
                    inout("r3") vec_start => _,
                    in("r4") n,
                    inout("r5") vec_end => _,
                    out("r8") _, out("r12") _,
                )
            };
        }
        if q15 {
            columns!("ldrsh", "2")
        } else {
            columns!("ldrsb", "1")
        }
    }
}
