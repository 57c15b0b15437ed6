//! Portable kernels: plain Rust, exactly C's arithmetic. The reference for
//! every per-ISA kernel (see the [module](super) documentation).

use super::{Feature, Rows};
use crate::cells::formats::{int4_get, pow2_get, pow2_product};
use crate::q15::Elem;
use crate::scale::Scale;

/// `Σ row[c]·vec[c]`, each product an `int`, summed in 64 bits
/// (`q15_m_mulvec`).
#[inline(always)]
pub fn dot_q15(row: &[i16], vec: &[i16]) -> i64 {
    row.iter().zip(vec).map(|(&m, &v)| (m as i32 * v as i32) as i64).sum()
}

/// The low 32 bits of [`dot_q15`]'s sum: `Σ row[c]·vec[c]` summed in
/// wrapping 32 bits (what `SHIFT` mode needs when its shift is ≤ 16).
#[inline(always)]
pub fn dot_q15_wrapping(row: &[i16], vec: &[i16]) -> i32 {
    row.iter().zip(vec).fold(0i32, |acc, (&m, &v)| acc.wrapping_add(m as i32 * v as i32))
}

/// `out[r] = (Σ_c m[r·cols + c]·v[c] in wrapping 32 bits) >> n` (`n` in
/// `0..=16`, where this equals `q15_m_mulvec`'s 64-bit `SHIFT` result) for
/// `out.len()` rows of `cols = v.len()` columns; rows `m` does not hold give
/// 0 (callers check the length first).
#[inline(always)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    mat_vec_q15_shift_by(m, v, out, n, super::dot_q15_wrapping);
}

/// [`mat_vec_q15_shift`] with the row products of `dot` (the seam's, or a
/// per-ISA kernel's fallback passing this module's [`dot_q15_wrapping`]).
#[inline(always)]
pub fn mat_vec_q15_shift_by(m: &[i16], v: &[i16], out: &mut [i16], n: u32, dot: impl Fn(&[i16], &[i16]) -> i32) {
    let cols = v.len();
    let mut start = 0usize;
    for o in out.iter_mut() {
        *o = (dot(super::row(m, start, cols), v) >> n.min(31)) as i16;
        start = start.wrapping_add(cols);
    }
}

/// `out[r] = (Σ_c m[r·cols + c]·v[c] in 64 bits) / 2^k` truncating toward
/// zero (`q15_m_mulvec` with a divisor `2^k`, `k ≤ 30`), for `out.len()`
/// rows of `cols = v.len()` columns; rows `m` does not hold give 0.
#[inline(always)]
pub fn mat_vec_q15_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    mat_vec_q15_div_pow2_by(m, v, out, k, super::dot_q15);
}

/// [`mat_vec_q15_div_pow2`] with the row products of `dot`, as
/// [`mat_vec_q15_shift_by`].
#[inline(always)]
pub fn mat_vec_q15_div_pow2_by(m: &[i16], v: &[i16], out: &mut [i16], k: u32, dot: impl Fn(&[i16], &[i16]) -> i64) {
    let cols = v.len();
    let k = k.min(30);
    let mut start = 0usize;
    for o in out.iter_mut() {
        let x = dot(super::row(m, start, cols), v);
        *o = (x.wrapping_add((x >> 63) & ((1i64 << k) - 1)) >> k) as i16;
        start = start.wrapping_add(cols);
    }
}

/// Whether every row sum of a product with `v` (any Q15 row of `v.len()`
/// columns) lies within `i32`, so that a wrapping 32-bit sum is the exact
/// one: with `M` the largest `x ^ (x >> 15)` (`x` or `−x − 1`), every
/// `|v[c]| ≤ M + 1`, so each sum is within `cols · 2^15 · (M + 1)`, under
/// 2^31 when `cols · (M + 1) < 2^16`. Ends at the first element over that
/// bound; the products of RNNPool's and of most steps' small vectors take
/// the 32-bit sums.
#[inline(always)]
pub fn sums_fit_i32(v: &[i16]) -> bool {
    // `cols < 2^16` (always, where `usize` has 16 bits).
    let Ok(cols) = u16::try_from(v.len()) else {
        return false;
    };
    // `M ≤ limit` exactly when `cols · (M + 1) ≤ 2^16 − 1`.
    let limit = (u16::MAX / cols.max(1)) as i32 - 1;
    v.iter().all(|&x| ((x ^ (x >> 15)) as i32) <= limit)
}

/// `out[r] = (Σ_c m[r·cols + c]·v[c] in wrapping 32 bits) / scale` for a
/// Q7 `v` (`q15xq7_q15_m_mulvec`), for `out.len()` rows of `cols =
/// v.len()` columns; rows `m` does not hold give 0.
#[inline(always)]
pub fn mat_vec_q15xq7<S: Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
    let cols = v.len();
    let mut start = 0usize;
    for o in out.iter_mut() {
        *o = scale.down(super::dot_q15xq7(super::row(m, start, cols), v)) as i16;
        start = start.wrapping_add(cols);
    }
}

/// `Σ row[c]·vec[c]` summed in 32 bits, wrapping where C would overflow
/// (`q15xq7_q15_m_mulvec`).
#[inline(always)]
pub fn dot_q15xq7(row: &[i16], vec: &[i8]) -> i32 {
    row.iter().zip(vec).fold(0i32, |acc, (&m, &v)| acc.wrapping_add(m as i32 * v as i32))
}

/// `Σ_c product(start + c, vec[c])` in 64 bits, for weight formats decoded
/// one element at a time (int8, 3-bit powers of two, 4-bit codes).
#[inline(always)]
pub fn dot_by<V: Elem>(start: usize, vec: &[V], product: impl Fn(usize, i32) -> i32) -> i64 {
    vec.iter().enumerate().map(|(c, &x)| product(start.wrapping_add(c), x.int()) as i64).sum()
}

/// EdgeML's sparse product, `ret[row] += (value · vec[col]) / scale` for
/// every non-zero in encoding order (column-major: per column, 1-based row
/// numbers ended by 0), storing to Q15 after each addition. Stops early,
/// rather than panic, if the encoding runs out or names a row beyond `ret`
/// (callers check the shape first, so neither happens).
// Not inlined: inside a whole FastGRNN step the loop would spill its
// pointers to the stack; on its own it keeps them all in registers.
#[inline(never)]
pub fn sparse_accumulate<V: Elem, S: Scale>(row_indices: &[u32], values: &[i16], ncols: usize, vec: &[V], ret: &mut [i16], scale: S) {
    if scale.zeroes_all() {
        // Every term is 0: `ret` keeps its values, as it would term by term.
        return;
    }
    let (mut ids, mut values) = (row_indices.iter(), values.iter());
    for x in vec.iter().take(ncols) {
        let x = x.int();
        for &idx in ids.by_ref() {
            if idx == 0 {
                break;
            }
            let (Some(&m), Some(r)) = (values.next(), ret.get_mut((idx as usize).wrapping_sub(1))) else {
                return;
            };
            *r = (*r as i32).wrapping_add(scale.down((m as i32).wrapping_mul(x))) as i16;
        }
    }
}

/// [`sparse_accumulate`] over a whole, checked encoding: per column, the
/// vector element loaded once and a loop to the column's 0 with no other
/// test; the scale made ready once per call ([`Scale::ready`]: each term is
/// a product of a Q15 value and a Q15 or Q7 one, within `±2^30`). The same
/// terms added to the same rows in the same order, so the same result.
///
/// # Safety
/// The seam's contract, which every per-ISA kernel may rely on:
/// `row_indices` is exactly the walk of `vec.len()` columns (each ended by
/// a 0, the last entry the last column's 0), every row number in it is at
/// most `ret.len()`, and `values` holds exactly one element per non-zero
/// row number ([`crate::q15::matrix::SparseMatrix`] holds all three; the
/// Cortex-M4F kernel's paired loads need the exact lengths).
#[inline]
pub unsafe fn sparse_columns<V: Elem, S: Scale>(row_indices: &[u32], values: &[i16], vec: &[V], ret: &mut [i16], scale: S) {
    // SAFETY: this function's own contract.
    unsafe { sparse_columns_by::<V, S, 4>(row_indices, values, vec, ret, scale) }
}

/// [`sparse_columns`] with `UNROLL` non-zeros per iteration of the column
/// loop (4 there; 1 where registers are few and the division per term
/// dominates anyway: ARMv6-M, whose unrolled loop spilled).
///
/// # Safety
/// As [`sparse_columns`].
#[inline]
pub unsafe fn sparse_columns_by<V: Elem, S: Scale, const UNROLL: usize>(row_indices: &[u32], values: &[i16], vec: &[V], ret: &mut [i16], scale: S) {
    // A zero divisor adds 0 to every row: nothing to do.
    if scale.zeroes_all() {
        return;
    }
    let (ids, vals, out) = (row_indices.as_ptr(), values.as_ptr(), ret.as_mut_ptr());
    let ready = scale.ready();
    // SAFETY: this function's own contract.
    unsafe { columns::<V, UNROLL>(ids, vals, vec.as_ptr(), vec.len(), out, move |t| S::down_ready(ready, t)) }
}

/// The loop of [`sparse_columns_by`] for one scaling operation `down`:
/// `UNROLL` (1 or 4) non-zeros per iteration, each read at a constant
/// offset from the column's pointers (one pointer update per `UNROLL`, not
/// two per non-zero).
///
/// # Safety
/// As [`sparse_columns`], for the slices these pointers start.
// Raw pointers, and not inlined: with `&mut [i16]` LLVM knows `ret` does
// not alias the row numbers and loads the next one before the store, which
// costs a register move per non-zero on Cortex-M4 (10 instructions, not 9);
// with `&[V]` for the vector it reloads `vec[col]` per non-zero on x86-64.
// Unrolled by hand: a `for` over `0..UNROLL` compiled to a slower loop
// (RV32IMC +30 %).
#[inline(never)]
unsafe fn columns<V: Elem, const UNROLL: usize>(mut id: *const u32, mut val: *const i16, vec: *const V, ncols: usize, ret: *mut i16, down: impl Fn(i32) -> i32) {
    const { assert!(UNROLL == 1 || UNROLL == 4) };
    // Row numbers are 1-based: row `r` is at `base + r`.
    let base = ret.wrapping_sub(1);
    for c in 0..ncols {
        // SAFETY: `c < ncols`, the vector's length.
        let x = unsafe { vec.add(c).read() }.int();
        'column: loop {
            // SAFETY: raw reads and writes, because the bounds checks of
            // slices would double the loop; the caller promises that the
            // walk of `vec.len()` columns stays in the row numbers, that each
            // non-zero has its value and names a row of `ret`. Row number
            // `k` of an iteration is read only after the `k` before it were
            // non-zero: it is still in this column.
            unsafe {
                if UNROLL == 1 {
                    // Pointers moved as read: on ARMv6-M the offset form
                    // took 10 % more.
                    let r = id.read();
                    id = id.add(1);
                    if r == 0 {
                        break 'column;
                    }
                    let o = base.wrapping_add(r as usize);
                    *o = (*o as i32).wrapping_add(down(val.read() as i32 * x)) as i16;
                    val = val.add(1);
                    continue;
                }
                macro_rules! term {
                    ($k:literal) => {
                        let r = id.add($k).read();
                        if r == 0 {
                            id = id.add($k + 1);
                            val = val.add($k);
                            break 'column;
                        }
                        let o = base.wrapping_add(r as usize);
                        // Q15 times Q15 (or Q7) never overflows an `int`.
                        *o = (*o as i32).wrapping_add(down(val.add($k).read() as i32 * x)) as i16;
                    };
                }
                term!(0);
                term!(1);
                term!(2);
                term!(3);
                id = id.add(4);
                val = val.add(4);
            }
        }
    }
}

/// The element operation of [`update4`]: any `Fn(h, a, b, c, d) -> i16`,
/// or a type whose `apply` is inlined into the loop whatever its size (a
/// closure's call may be left out of line, and its captures read through
/// pointers on every element).
pub trait Update4 {
    /// The new `h` from `h`, `a`, `b`, `c`, `d` promoted to `int`.
    fn apply(&self, h: i32, a: i32, b: i32, c: i32, d: i32) -> i16;
}

impl<F: Fn(i32, i32, i32, i32, i32) -> i16> Update4 for F {
    #[inline(always)]
    fn apply(&self, h: i32, a: i32, b: i32, c: i32, d: i32) -> i16 {
        self(h, a, b, c, d)
    }
}

/// The fused element-wise update of a step:
/// `h[i] = op.apply(h[i], a[i], b[i], c[i], d[i])` for the elements all
/// five slices have, the values promoted to `int` (FastGRNN: `a = W·x`,
/// `b = U·h`, `c = Bg`, `d = Bh`; `op` holds the per-call constants).
#[inline(always)]
pub fn update4(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], op: &impl Update4) {
    for ((((h, &a), &b), &c), &d) in h.iter_mut().zip(a).zip(b).zip(c).zip(d) {
        *h = op.apply(*h as i32, a as i32, b as i32, c as i32, d as i32);
    }
}

/// FastGRNN's element-wise update without activation tables, from its
/// constants `k` (see [`super::PlainUpdate`]): `h[i]` from `h[i]`, `W·x`
/// `a[i]`, `U·h` `b[i]`, `Bg` `c[i]`, `Bh` `d[i]`, for the elements all five
/// slices have. Scales are shifts when `S::IS_SHIFT` (counts in `0..=31`),
/// otherwise divisions as `SDIV` divides (`MIN / −1` is `MIN`; a divisor
/// of 0, which ready scales never are, gives 0), every product and sum
/// wrapping as C's `int` on these values does. The reference of every
/// per-ISA `update_plain`.
#[inline(always)]
pub fn update_plain<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
    update_plain_by::<S>(h, a, b, c, d, k, plain_sigmoid, plain_tanh);
}

/// What a per-ISA [`super::update_plain`] makes of a [`super::PlainUpdate`]
/// once per call (`kernels::prepare_update`): nothing here.
pub type UpdatePrep = ();

/// An [`UpdatePrep`] before [`prepare_update`].
pub const NO_PREP: UpdatePrep = ();

/// The per-call preparation of [`super::update_plain`]'s constants, written
/// into `_prep`: none. (A kernel's may also rewrite the constants into its
/// own form, which then only its [`update_prepared`] reads: ARMv6-M's
/// division build.)
#[inline(always)]
pub fn prepare_update<S: Scale>(_k: &mut super::PlainUpdate, _prep: &mut UpdatePrep) {}

/// Whether [`update_prepared`] takes these prepared constants (else the
/// caller runs the portable elements, which it has anyway): always here and
/// on x86-64 (whose lanes run the portable elements themselves where they
/// do not apply), so both builds use this one, for their own prep types.
#[inline(always)]
pub fn update_takes<S: Scale>(_k: &super::PlainUpdate, _prep: &impl Sized) -> bool {
    true
}

/// [`super::update_plain`] (the selected kernel) after
/// [`prepare_update`].
#[inline(always)]
pub fn update_prepared<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate, _prep: &UpdatePrep) {
    super::update_plain::<S>(h, a, b, c, d, k);
}

/// [`update_plain`] with other activations: `sigmoid(k, t)` gives the gate
/// and `tanh(k, c)` the candidate (each before its store to Q15) from the
/// Q15 `t` and `c` (FastGRNN's table activations).
#[allow(clippy::too_many_arguments)] // the five vectors, the constants and the two activations
#[inline(always)]
pub fn update_plain_by<S: Scale>(
    h: &mut [i16],
    a: &[i16],
    b: &[i16],
    c: &[i16],
    d: &[i16],
    k: &super::PlainUpdate,
    sigmoid: impl Fn(&super::PlainUpdate, i32) -> i32,
    tanh: impl Fn(&super::PlainUpdate, i32) -> i32,
) {
    for ((((h, &a), &b), &c), &d) in h.iter_mut().zip(a).zip(b).zip(c).zip(d) {
        *h = update_plain_element::<S>(k, *h as i32, a as i32, b as i32, c as i32, d as i32, &sigmoid, &tanh);
    }
}

/// One element of [`update_plain_by`]: the new `h` from `h`, `W·x` `a`,
/// `U·h` `b`, `Bg` `c`, `Bh` `d`.
#[allow(clippy::too_many_arguments)] // the constants, the five values and the two activations
#[inline(always)]
pub fn update_plain_element<S: Scale>(
    k: &super::PlainUpdate,
    h: i32,
    a: i32,
    b: i32,
    c: i32,
    d: i32,
    sigmoid: impl Fn(&super::PlainUpdate, i32) -> i32,
    tanh: impl Fn(&super::PlainUpdate, i32) -> i32,
) -> i16 {
    let down = |x: i32, s: i32| if S::IS_SHIFT { x >> (s as u32 & 31) } else { sdiv(x, s) };
    let a = q15(down(down(a, k.p1).wrapping_add(down(b, k.p2)), k.pd));
    let gate = q15(sigmoid(k, q15(down(down(a, k.g1).wrapping_add(down(c, k.g2)), k.gd))));
    let cand = q15(tanh(k, q15(down(down(a, k.h1).wrapping_add(down(d, k.h2)), k.hd))));
    let kept = q15(down(gate.wrapping_mul(h), k.gh));
    let one_minus = q15(k.one.wrapping_sub(down(gate, k.om)));
    let z = q15(down(q15(k.zeta).wrapping_mul(one_minus), k.zs));
    let mix = q15(k.nu.wrapping_add(down(z, k.ns)));
    let upd = q15(down(mix.wrapping_mul(cand), k.us));
    down(down(kept, k.f1).wrapping_add(down(upd, k.f2)), k.fd) as i16
}

/// Stores to Q15 and promotes again.
#[inline(always)]
fn q15(x: i32) -> i32 {
    x as i16 as i32
}

/// `x / s` as `SDIV` computes it: truncating, `MIN / −1` is `MIN`, `/ 0` is 0.
#[inline(always)]
fn sdiv(x: i32, s: i32) -> i32 {
    if s == 0 {
        0
    } else {
        x.wrapping_div(s)
    }
}

/// [`update_plain`]'s sigmoid of the Q15 `t`: `s = q15(t / sig_div +
/// sig_add)`, then 0 for `s ≤ 0`, else `min(s, sig_limit) · sig_mul`.
#[inline(always)]
pub fn plain_sigmoid(k: &super::PlainUpdate, t: i32) -> i32 {
    let s = q15(sdiv(t, k.sig_div).wrapping_add(k.sig_add));
    if s <= 0 {
        0
    } else {
        s.min(k.sig_limit).wrapping_mul(k.sig_mul)
    }
}

/// [`update_plain`]'s tanh of the Q15 `c`: clamped to the bounds, times `tanh_mul`.
#[inline(always)]
pub fn plain_tanh(k: &super::PlainUpdate, c: i32) -> i32 {
    let x = if c >= k.tanh_bound {
        k.tanh_bound
    } else if c <= k.tanh_neg_bound {
        k.tanh_neg_bound
    } else {
        c
    };
    x.wrapping_mul(k.tanh_mul)
}

/// Row-major Q15 weights times a Q15 or Q7 vector (the vector's
/// [`Feature::dot`] and [`Feature::mat_vec`]).
impl<V: Feature> Rows<V> for [i16] {
    type Acc = V::Acc;
    #[inline(always)]
    fn dot(&self, start: usize, v: &[V]) -> V::Acc {
        V::dot(super::row(self, start, v.len()), v)
    }
    #[inline(always)]
    fn mat_vec<S: Scale>(&self, v: &[V], out: &mut [i16], scale: S) {
        V::mat_vec(self, v, out, scale);
    }
}

/// Row-major int8 weights (TinyEats GRU).
#[derive(Clone, Copy, Debug)]
pub struct Int8Rows<'a>(pub &'a [i8]);

/// Packed 3-bit power-of-two codes (eGRU), see [`crate::cells::formats`].
#[derive(Clone, Copy, Debug)]
pub struct Pow2Rows<'a>(pub &'a [u8]);

/// Packed 4-bit codes (hard MGU), see [`crate::cells::formats`].
#[derive(Clone, Copy, Debug)]
pub struct Int4Rows<'a>(pub &'a [u8]);

impl<V: Elem> Rows<V> for Int8Rows<'_> {
    type Acc = i64;
    #[inline(always)]
    fn dot(&self, start: usize, v: &[V]) -> i64 {
        dot_by(start, v, |i, x| self.0.get(i).map_or(0, |&w| w as i32 * x))
    }
}

impl<V: Elem> Rows<V> for Pow2Rows<'_> {
    type Acc = i64;
    #[inline(always)]
    fn dot(&self, start: usize, v: &[V]) -> i64 {
        dot_by(start, v, |i, x| pow2_product(pow2_get(self.0, i), x))
    }
}

impl<V: Elem> Rows<V> for Int4Rows<'_> {
    type Acc = i64;
    #[inline(always)]
    fn dot(&self, start: usize, v: &[V]) -> i64 {
        dot_by(start, v, |i, x| int4_get(self.0, i).wrapping_mul(x))
    }
}

/// The element operation of [`update_each`]: the new value of element `i`
/// from its old value promoted to `int`. Any `Fn(usize, i32) -> i16`; the
/// operation reads the step's other vectors at `i` itself.
pub trait UpdateEach {
    /// The new value of element `i` from its old value `h`.
    fn apply(&self, i: usize, h: i32) -> i16;
}

impl<F: Fn(usize, i32) -> i16> UpdateEach for F {
    #[inline(always)]
    fn apply(&self, i: usize, h: i32) -> i16 {
        self(i, h)
    }
}

/// The fused element-wise update of a cell's step, by index:
/// `h[i] = op.apply(i, h[i])` for every element of `h` (the cells of
/// [`crate::cells::q15`]: their gates, stored over `U·h`, and their new
/// state, whose operations read several blocks of the products per element).
#[inline(always)]
pub fn update_each(h: &mut [i16], op: impl UpdateEach) {
    for (i, h) in h.iter_mut().enumerate() {
        *h = op.apply(i, *h as i32);
    }
}
