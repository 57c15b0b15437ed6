//! Dot products for x86-64 with SSE2 (every x86-64 core: the baseline of
//! the architecture, so the cfg is always true there and no run-time
//! detection is needed). Same signatures and bits as [`super::portable`].
//!
//! `PMADDWD` multiplies eight pairs of 16-bit values and adds adjacent
//! products into four 32-bit lanes, wrapping. Each lane holds the sum of two
//! Q15·Q15 products, which lies in `[−2147418112, 2^31]`: only `2^31` (both
//! pairs −32768·−32768) does not fit, and wraps to `−2^31`.
//!
//! - For the wrapping 32-bit sums (`dot_q15_wrapping`, `dot_q15xq7`) that
//!   wrap is exactly what the sum does anyway: lanes add with `PADDD`.
//! - For the exact 64-bit sum (`dot_q15`), each lane plus `2147418112`
//!   (wrapping) read as unsigned is exactly the true pair sum plus that bias,
//!   in `[0, 2^32 − 65536]`: those are added zero-extended in 64-bit lanes
//!   and the biases taken off at the end.
//!
//! Elements past the last multiple of eight are summed by the portable loop.
//!
//! The whole products with wrapping 32-bit sums (`mat_vec_q15_shift`, and
//! `mat_vec_q15_div_pow2` where the vector's magnitude keeps every row sum
//! within `i32`, [`super::portable::sums_fit_i32`]) run four rows at a time:
//! each vector load serves four `PMADDWD`s and the four rows' lanes are
//! summed together (`sum4`), where a row at a time paid a horizontal sum and
//! about 50 instructions of slicing per row (RNNPool's and low-rank
//! FastGRNN's short rows felt it most); half a block of four columns is one
//! more `PMADDWD` on a 64-bit load.

use crate::scale::{div_pow2_32, div_pow2_64};
use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_add_epi64, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi16, _mm_cmpgt_epi16, _mm_cmpgt_epi32, _mm_cmplt_epi32,
    _mm_cvtsi128_si32, _mm_cvtsi128_si64, _mm_cvtsi32_si128, _mm_loadl_epi64, _mm_loadu_si128, _mm_madd_epi16,
    _mm_movemask_epi8, _mm_mul_epu32, _mm_or_si128, _mm_packs_epi32, _mm_set1_epi16, _mm_set1_epi32, _mm_setzero_si128, _mm_shuffle_epi32, _mm_slli_epi32, _mm_slli_epi64,
    _mm_sra_epi32, _mm_srai_epi16, _mm_srai_epi32, _mm_srli_epi64, _mm_storel_epi64, _mm_storeu_si128, _mm_sub_epi32,
    _mm_unpackhi_epi32, _mm_unpackhi_epi64, _mm_unpacklo_epi16, _mm_unpacklo_epi32, _mm_unpacklo_epi64,
    _mm_unpacklo_epi8, _mm_xor_si128,
};

/// Lanes of one load.
const LANES: usize = 8;
/// Below this many elements the set-up and the final sums cost more than
/// they save: the portable loop.
const SHORT: usize = 16;
/// Minus the smallest sum of two Q15·Q15 products.
const PAIR_BIAS: i32 = 2_147_418_112;

/// Eight `i16` from a chunk of exactly eight.
#[inline(always)]
fn load16(chunk: &[i16]) -> __m128i {
    // SAFETY: `chunk` holds 8 × 2 = 16 readable bytes (callers pass
    // `block`'s slices of 8); `loadu` has no alignment requirement; SSE2
    // is part of every x86-64 target.
    unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) }
}

/// Eight `i8` from a chunk of exactly eight, sign-extended to `i16` lanes.
#[inline(always)]
fn load8_widened(chunk: &[i8]) -> __m128i {
    // SAFETY: `chunk` holds 8 readable bytes; `loadl` reads exactly 8 at any
    // alignment. Each byte is duplicated into a 16-bit lane and shifted
    // arithmetically down by 8: its sign extension.
    unsafe {
        let x = _mm_loadl_epi64(chunk.as_ptr().cast());
        _mm_srai_epi16(_mm_unpacklo_epi8(x, x), 8)
    }
}

/// The wrapping sum of four 32-bit lanes.
#[inline(always)]
fn sum32(v: __m128i) -> i32 {
    // SAFETY: SSE2 register operations only.
    unsafe {
        let v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0b01_00_11_10));
        let v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0b10_11_00_01));
        _mm_cvtsi128_si32(v)
    }
}

/// The `i`-th block of eight elements of both slices (`None` past the
/// shorter one's last whole block). `get`, not `chunks_exact().zip()`:
/// the zipped iterator's length is a division the compiler may keep (with
/// its panic) when it does not inline it.
#[inline(always)]
fn block<'a, A, B>(a: &'a [A], b: &'a [B], i: usize) -> Option<(&'a [A], &'a [B])> {
    let range = i * LANES..(i + 1) * LANES;
    Some((a.get(range.clone())?, b.get(range)?))
}

/// `Σ row[c]·vec[c]` in 64 bits, as [`super::portable::dot_q15`].
#[inline(always)]
pub fn dot_q15(row: &[i16], vec: &[i16]) -> i64 {
    let n = row.len().min(vec.len());
    if n < SHORT {
        return super::portable::dot_q15(row, vec);
    }
    let blocks = n / LANES;
    // SAFETY: SSE2 register operations only (loads in `load16`).
    let sum = unsafe {
        let bias = _mm_set1_epi32(PAIR_BIAS);
        let zero = _mm_setzero_si128();
        let mut acc = zero;
        for i in 0..blocks {
            let Some((r, v)) = block(row, vec, i) else { break };
            let lanes = _mm_add_epi32(_mm_madd_epi16(load16(r), load16(v)), bias);
            acc = _mm_add_epi64(acc, _mm_unpacklo_epi32(lanes, zero));
            acc = _mm_add_epi64(acc, _mm_unpackhi_epi32(lanes, zero));
        }
        _mm_cvtsi128_si64(_mm_add_epi64(acc, _mm_unpackhi_epi64(acc, acc)))
    };
    let done = blocks * LANES;
    let tail = super::portable::dot_q15(row.get(done..).unwrap_or(&[]), vec.get(done..).unwrap_or(&[]));
    // 4 pairs per block, each biased.
    sum.wrapping_sub((4 * blocks as i64).wrapping_mul(PAIR_BIAS as i64)).wrapping_add(tail)
}

/// The low 32 bits of [`dot_q15`], as [`super::portable::dot_q15_wrapping`].
#[inline(always)]
pub fn dot_q15_wrapping(row: &[i16], vec: &[i16]) -> i32 {
    let n = row.len().min(vec.len());
    if n < SHORT {
        return super::portable::dot_q15_wrapping(row, vec);
    }
    let blocks = n / LANES;
    // SAFETY: SSE2 register operations only (loads in `load16`).
    let sum = unsafe {
        let mut acc = _mm_setzero_si128();
        for i in 0..blocks {
            let Some((r, v)) = block(row, vec, i) else { break };
            acc = _mm_add_epi32(acc, _mm_madd_epi16(load16(r), load16(v)));
        }
        sum32(acc)
    };
    let done = blocks * LANES;
    sum.wrapping_add(super::portable::dot_q15_wrapping(row.get(done..).unwrap_or(&[]), vec.get(done..).unwrap_or(&[])))
}

/// `Σ row[c]·vec[c]` in wrapping 32 bits, as [`super::portable::dot_q15xq7`].
#[inline(always)]
pub fn dot_q15xq7(row: &[i16], vec: &[i8]) -> i32 {
    let n = row.len().min(vec.len());
    if n < SHORT {
        return super::portable::dot_q15xq7(row, vec);
    }
    let blocks = n / LANES;
    // SAFETY: SSE2 register operations only (loads in `load16`, `load8_widened`).
    let sum = unsafe {
        let mut acc = _mm_setzero_si128();
        for i in 0..blocks {
            let Some((r, v)) = block(row, vec, i) else { break };
            acc = _mm_add_epi32(acc, _mm_madd_epi16(load16(r), load8_widened(v)));
        }
        sum32(acc)
    };
    let done = blocks * LANES;
    sum.wrapping_add(super::portable::dot_q15xq7(row.get(done..).unwrap_or(&[]), vec.get(done..).unwrap_or(&[])))
}

/// As [`super::portable::mat_vec_q15_shift`] (`n ≤ 16`: the wrapping sum is
/// exact), four rows at a time (`rows4`).
// Not inlined: one copy serves every product of an export.
#[inline(never)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let n = n.min(31);
    let down = Down::new(n as i32);
    rows4::<i16, Wrapping>(m, v, out, ByLanes(|x| down.apply::<true>(x), |x: i32| (x >> n) as i16));
}

/// As [`super::portable::mat_vec_q15_div_pow2`], four rows at a time
/// (`rows4`): the wrapping 32-bit sums where every row sum fits an `i32`
/// ([`super::portable::sums_fit_i32`]), else the exact 64-bit ones
/// (`Exact`), divided by `2^k` truncating toward zero.
#[inline(never)]
pub fn mat_vec_q15_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let k = k.min(30);
    if sums_fit_i32(v) {
        let down = Down::new(k as i32);
        rows4::<i16, Wrapping>(m, v, out, ByLanes(|x| down.apply::<false>(x), |x: i32| div_pow2_32(x, k) as i16));
    } else if v.len() < 1 << 17 {
        let store = ByRow(|x: i64| div_pow2_64(x, k) as i16);
        if has_min(v) {
            rows4::<i16, Exact<true>>(m, v, out, store);
        } else {
            // One pass over the vector saves an instruction per row and
            // block of eight columns.
            rows4::<i16, Exact<false>>(m, v, out, store);
        }
    } else {
        super::portable::mat_vec_q15_div_pow2(m, v, out, k);
    }
}

/// As [`super::portable::mat_vec_q15xq7`] (wrapping 32-bit sums, scaled as
/// C scales an `int`), four rows at a time (`rows4`).
#[inline(never)]
pub fn mat_vec_q15xq7<S: crate::scale::Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
    rows4::<i8, Wrapping>(m, v, out, ByRow(|x| scale.down(x) as i16));
}

/// [`super::portable::sums_fit_i32`], eight elements per SSE2 operation,
/// ending at the first block of eight over the bound (for most vectors of
/// full-scale values, the first).
#[inline(always)]
fn sums_fit_i32(v: &[i16]) -> bool {
    let Ok(cols) = u16::try_from(v.len()) else {
        return false;
    };
    // Every lane's `x ^ (x >> 15)` at most `limit` (see the portable one).
    let limit = (u16::MAX / cols.max(1)) as i32 - 1;
    let blocks = v.chunks_exact(LANES);
    let tail = blocks.remainder();
    // SAFETY: SSE2 register operations (loads in `load16`).
    let fits = unsafe {
        let bound = _mm_set1_epi16(limit.min(i16::MAX as i32) as i16);
        // Lanes above `limit` (signed compare: the lanes are ≥ 0).
        let over = |x: __m128i| _mm_movemask_epi8(_mm_cmpgt_epi16(_mm_xor_si128(x, _mm_srai_epi16(x, 15)), bound)) != 0;
        let mut fits = true;
        for b in blocks {
            if over(load16(b)) {
                fits = false;
                break;
            }
        }
        // Half a block of the tail (RNNPool's 4-column rows) in one
        // operation, its high lanes zero (within any bound).
        if let Some(half) = tail.get(..4) {
            // SAFETY: `loadl` reads exactly the 8 bytes of `half`.
            fits &= !over(_mm_loadl_epi64(half.as_ptr().cast()));
        }
        fits
    };
    let rest = tail.get(4..).unwrap_or(tail);
    fits && limit >= 0 && rest.iter().all(|&x| (x ^ (x >> 15)) as i32 <= limit)
}

/// Whether `v` holds a −32768, eight elements per SSE2 operation.
#[inline(always)]
fn has_min(v: &[i16]) -> bool {
    let blocks = v.chunks_exact(LANES);
    let tail = blocks.remainder();
    // SAFETY: SSE2 register operations (loads in `load16`).
    let found = unsafe {
        let min = _mm_set1_epi16(i16::MIN);
        blocks.into_iter().any(|b| _mm_movemask_epi8(_mm_cmpeq_epi16(load16(b), min)) != 0)
    };
    found || tail.contains(&i16::MIN)
}

/// A row sum of [`rows4`]: its width and how four rows' blocks are summed.
trait Sum4<V: Vector>: Copy {
    /// The sum's type.
    type Int: Copy + Default;
    /// The sums of the first `n` (a multiple of 4) elements of the four
    /// rows `r` with `v`.
    ///
    /// # Safety
    /// Each row and `v` are valid for reading `n` elements.
    unsafe fn quad(r: [*const i16; 4], v: *const V, n: usize) -> [Self::Int; 4];
    /// `s` plus one product of a Q15 value and a vector element.
    fn add(s: Self::Int, p: i32) -> Self::Int;
    /// One row's whole sum.
    fn row(r: &[i16], v: &[V]) -> Self::Int;
}

/// A vector element type of the products: how eight and four of them load
/// into `i16` lanes.
trait Vector: Copy {
    /// Eight elements at `p`, as eight `i16` lanes.
    ///
    /// # Safety
    /// `p` is valid for reading eight elements.
    unsafe fn load8(p: *const Self) -> __m128i;
    /// Four elements at `p`, as the low four `i16` lanes (the others 0).
    ///
    /// # Safety
    /// `p` is valid for reading four elements.
    unsafe fn load4(p: *const Self) -> __m128i;
    /// The element promoted to `int`.
    fn int(self) -> i32;
}

impl Vector for i16 {
    #[inline(always)]
    unsafe fn load8(p: *const i16) -> __m128i {
        // SAFETY: 16 readable bytes (the caller's); any alignment.
        unsafe { _mm_loadu_si128(p.cast()) }
    }
    #[inline(always)]
    unsafe fn load4(p: *const i16) -> __m128i {
        // SAFETY: 8 readable bytes (the caller's); any alignment.
        unsafe { _mm_loadl_epi64(p.cast()) }
    }
    #[inline(always)]
    fn int(self) -> i32 {
        self as i32
    }
}

impl Vector for i8 {
    #[inline(always)]
    unsafe fn load8(p: *const i8) -> __m128i {
        // SAFETY: 8 readable bytes (the caller's).
        load8_widened(unsafe { core::slice::from_raw_parts(p, LANES) })
    }
    #[inline(always)]
    unsafe fn load4(p: *const i8) -> __m128i {
        // SAFETY: 4 readable bytes (the caller's), read unaligned, then
        // sign-extended as in `load8_widened`.
        unsafe {
            let x = _mm_cvtsi32_si128(p.cast::<i32>().read_unaligned());
            _mm_srai_epi16(_mm_unpacklo_epi8(x, x), 8)
        }
    }
    #[inline(always)]
    fn int(self) -> i32 {
        self as i32
    }
}

/// The wrapping 32-bit sums (`PMADDWD` lanes added with `PADDD`).
#[derive(Clone, Copy)]
struct Wrapping;

impl<V: Vector> Sum4<V> for Wrapping
where
    V: WrappingDot,
{
    type Int = i32;
    #[inline(always)]
    unsafe fn quad(r: [*const i16; 4], v: *const V, n: usize) -> [i32; 4] {
        // SAFETY: the caller's; `blocks` only adds lanes.
        let [a0, a1, a2, a3] = unsafe { blocks(r, v, n, _mm_setzero_si128(), |acc, lanes| _mm_add_epi32(acc, lanes)) };
        let mut sums = [0i32; 4];
        // SAFETY: SSE2 register operations and one unaligned 16-byte store
        // into `sums`.
        unsafe { _mm_storeu_si128(sums.as_mut_ptr().cast(), sum4(a0, a1, a2, a3)) };
        sums
    }
    #[inline(always)]
    fn add(s: i32, p: i32) -> i32 {
        s.wrapping_add(p)
    }
    #[inline(always)]
    fn row(r: &[i16], v: &[V]) -> i32 {
        V::dot(r, v)
    }
}

/// The wrapping dot product of one row with a vector of `Self`.
trait WrappingDot: Sized {
    fn dot(r: &[i16], v: &[Self]) -> i32;
}

impl WrappingDot for i16 {
    #[inline(always)]
    fn dot(r: &[i16], v: &[i16]) -> i32 {
        dot_q15_wrapping(r, v)
    }
}

impl WrappingDot for i8 {
    #[inline(always)]
    fn dot(r: &[i16], v: &[i8]) -> i32 {
        dot_q15xq7(r, v)
    }
}

/// The exact 64-bit sums, each row's lanes kept in two 32-bit sums without
/// carries (as RV32IM's `Split`): `lo`, the lanes' wrapping sum, and `hi`,
/// the sum of each lane's high half. A lane (two products) lies in
/// `[−2^31 + 2^16, 2^31]` and wraps only at `2^31` (both products
/// `(−32768)²`): `BIASED` (the vector holds a −32768), the lane minus `2^16`,
/// which always fits, its high half plus one being the lane's (the ones
/// added at the end); else the lane itself. 3 or 4 instructions per lane
/// block where widening to 64-bit lanes took 6. Exact for fewer than
/// `2^16` lanes of a row (rows to 131 071 columns; longer rows take
/// [`dot_q15`]).
#[derive(Clone, Copy)]
struct Exact<const BIASED: bool>;

impl<const BIASED: bool> Sum4<i16> for Exact<BIASED> {
    type Int = i64;
    #[inline(always)]
    unsafe fn quad(r: [*const i16; 4], v: *const i16, n: usize) -> [i64; 4] {
        // SAFETY: SSE2 register operations; the loads are the caller's.
        unsafe {
            let bias = _mm_set1_epi32(1 << 16);
            let zero = (_mm_setzero_si128(), _mm_setzero_si128());
            let [a0, a1, a2, a3] = blocks(r, v, n, zero, |(lo, hi), lanes| {
                let high = if BIASED { _mm_sub_epi32(lanes, bias) } else { lanes };
                (_mm_add_epi32(lo, lanes), _mm_add_epi32(hi, _mm_srai_epi32(high, 16)))
            });
            // Biased, four lanes per block or half block, each a `+1` owed
            // to `hi`.
            let lanes = _mm_set1_epi32(if BIASED { (n.div_ceil(LANES) * 4) as i32 } else { 0 });
            let (lo, hi) = (sum4(a0.0, a1.0, a2.0, a3.0), _mm_add_epi32(sum4(a0.1, a1.1, a2.1, a3.1), lanes));
            // Per row, `S = hi·2^16 + L` with `0 ≤ L < 2^32`: `L` is
            // `lo − hi·2^16` modulo 2^32, zero-extended; `hi` sign-extended
            // and shifted in 64-bit lanes (rows 0, 1, then 2, 3).
            let l = _mm_sub_epi32(lo, _mm_slli_epi32(hi, 16));
            let sign = _mm_srai_epi32(hi, 31);
            let zero = _mm_setzero_si128();
            let s01 = _mm_add_epi64(_mm_slli_epi64(_mm_unpacklo_epi32(hi, sign), 16), _mm_unpacklo_epi32(l, zero));
            let s23 = _mm_add_epi64(_mm_slli_epi64(_mm_unpackhi_epi32(hi, sign), 16), _mm_unpackhi_epi32(l, zero));
            let mut sums = [0i64; 4];
            _mm_storeu_si128(sums.as_mut_ptr().cast(), s01);
            _mm_storeu_si128(sums.as_mut_ptr().add(2).cast(), s23);
            sums
        }
    }
    #[inline(always)]
    fn add(s: i64, p: i32) -> i64 {
        s.wrapping_add(p as i64)
    }
    #[inline(always)]
    fn row(r: &[i16], v: &[i16]) -> i64 {
        dot_q15(r, v)
    }
}

/// How [`rows4`] stores its row sums of type `I` to Q15.
trait Store<I: Copy> {
    /// One row's result.
    fn one(&self, s: I) -> i16;
    /// Four rows' results, written at `o`.
    ///
    /// # Safety
    /// `o` is valid for writing four `i16`.
    #[inline(always)]
    unsafe fn four(&self, s: [I; 4], o: *mut i16) {
        for (j, s) in s.into_iter().enumerate() {
            // SAFETY: `j < 4`, the caller's.
            unsafe { *o.add(j) = self.one(s) };
        }
    }
}

/// A row at a time, by the closure.
struct ByRow<F>(F);

impl<I: Copy, F: Fn(I) -> i16> Store<I> for ByRow<F> {
    #[inline(always)]
    fn one(&self, s: I) -> i16 {
        (self.0)(s)
    }
}

/// Four wrapping sums at a time: `.0` scales four `i32` lanes (SSE2), whose
/// low halves are stored; `.1` is the same scaling of one sum, for the last
/// rows. Per four rows ~6 instructions, where a row at a time took ~12 per
/// row (the sums went through memory).
struct ByLanes<F, G>(F, G);

impl<F: Fn(__m128i) -> __m128i, G: Fn(i32) -> i16> Store<i32> for ByLanes<F, G> {
    #[inline(always)]
    fn one(&self, s: i32) -> i16 {
        (self.1)(s)
    }
    #[inline(always)]
    unsafe fn four(&self, s: [i32; 4], o: *mut i16) {
        // SAFETY: SSE2 register operations, a load from `s` and an
        // unaligned 8-byte store of four `i16` at `o` (the caller's).
        unsafe {
            // `q15`: each lane's low half, sign-extended, so that the
            // saturating pack keeps it as it is (`as i16`).
            let x = q15((self.0)(_mm_loadu_si128(s.as_ptr().cast())));
            _mm_storel_epi64(o.cast(), _mm_packs_epi32(x, x));
        }
    }
}

/// `out[r] = store(Σ_c m[r·cols + c]·v[c])` for every row, `cols =
/// v.len()`, in the width of `A`; rows `m` does not hold get `store(0)`, as
/// the portable loops give them. Four rows at a time ([`Sum4::quad`];
/// their last `cols % 4` columns one by one; stored by [`Store::four`]), a
/// last one to three rows by [`Sum4::row`]. Raw pointers: slices cut per
/// row and block cost about 100 instructions per four rows.
#[inline(always)]
fn rows4<V: Vector, A: Sum4<V>>(m: &[i16], v: &[V], out: &mut [i16], store: impl Store<A::Int>) {
    let cols = v.len();
    let held = m.len().checked_div(cols).map_or(0, |rows| out.len().min(rows));
    let (out, missing) = out.split_at_mut(held);
    let (vector, quads) = (cols - cols % 4, held / 4);
    let (mut row, mut o) = (m.as_ptr(), out.as_mut_ptr());
    for _ in 0..quads {
        // SAFETY: `row` starts one of the first `held` rows of `m`
        // (`held · cols ≤ m.len()`) with at least four of them left, whose
        // outputs start at `o`: `quad` reads four rows' and `v`'s first
        // `vector ≤ cols` elements, the loop below their last columns, and
        // the four outputs are written.
        unsafe {
            let mut sums = A::quad([row, row.add(cols), row.add(2 * cols), row.add(3 * cols)], v.as_ptr(), vector);
            if vector < cols {
                // (Each row's start again from `row`: an array of the four,
                // referenced here, was kept in memory for every quad.)
                for (j, s) in sums.iter_mut().enumerate() {
                    let r = row.add(j * cols);
                    for c in vector..cols {
                        *s = A::add(*s, *r.add(c) as i32 * (*v.as_ptr().add(c)).int());
                    }
                }
            }
            store.four(sums, o);
            o = o.add(4);
        }
        row = row.wrapping_add(4 * cols);
    }
    // (Tested first: cutting the last rows costs a division.)
    if held % 4 != 0 {
        // (`get`: the ranges are in bounds, which indexing would check with
        // a panic the archives must not hold.)
        let (out, m) = (out.get_mut(4 * quads..).unwrap_or_default(), m.get(4 * quads * cols..).unwrap_or_default());
        for (o, r) in out.iter_mut().zip(m.chunks_exact(cols.max(1))) {
            *o = store.one(A::row(r, v));
        }
    }
    // (Tested first: an empty `fill` still calls `memset`.)
    if !missing.is_empty() {
        missing.fill(store.one(A::Int::default()));
    }
}

/// The four rows `r`'s `PMADDWD` lanes with `v` over their first `n` (a
/// multiple of 4) elements, each folded into its accumulator (starting at
/// `zero`) by `add`: blocks of eight columns, then half a block (its high
/// four lanes zero).
///
/// # Safety
/// Each row and `v` are valid for reading `n` elements.
#[inline(always)]
unsafe fn blocks<V: Vector, A: Copy>(r: [*const i16; 4], v: *const V, n: usize, zero: A, add: impl Fn(A, __m128i) -> A) -> [A; 4] {
    // SAFETY (all): SSE2; the loads read elements `c..c + 8` (then
    // `c..c + 4`) with `c + 8 ≤ n` (`c + 4 ≤ n`) of each row and of `v`,
    // unaligned, 16 (8) bytes.
    // Four named accumulators: an array of them, at `opt-level = "s"`,
    // lived in memory (+45 % instructions on the dense `SHIFT` step).
    unsafe {
        let [r0, r1, r2, r3] = r;
        let (mut a0, mut a1, mut a2, mut a3) = (zero, zero, zero, zero);
        let mut c = 0;
        while c + LANES <= n {
            let x = V::load8(v.add(c));
            a0 = add(a0, _mm_madd_epi16(_mm_loadu_si128(r0.add(c).cast()), x));
            a1 = add(a1, _mm_madd_epi16(_mm_loadu_si128(r1.add(c).cast()), x));
            a2 = add(a2, _mm_madd_epi16(_mm_loadu_si128(r2.add(c).cast()), x));
            a3 = add(a3, _mm_madd_epi16(_mm_loadu_si128(r3.add(c).cast()), x));
            c += LANES;
        }
        if c < n {
            let x = V::load4(v.add(c));
            a0 = add(a0, _mm_madd_epi16(_mm_loadl_epi64(r0.add(c).cast()), x));
            a1 = add(a1, _mm_madd_epi16(_mm_loadl_epi64(r1.add(c).cast()), x));
            a2 = add(a2, _mm_madd_epi16(_mm_loadl_epi64(r2.add(c).cast()), x));
            a3 = add(a3, _mm_madd_epi16(_mm_loadl_epi64(r3.add(c).cast()), x));
        }
        [a0, a1, a2, a3]
    }
}

/// The wrapping sums of the four lanes of each of `a`, `b`, `c`, `d`, as
/// lanes 0 to 3.
#[inline(always)]
fn sum4(a: __m128i, b: __m128i, c: __m128i, d: __m128i) -> __m128i {
    // SAFETY: SSE2 register operations only.
    unsafe {
        // a0 b0 a1 b1 + a2 b2 a3 b3, and the same for c, d
        let ab = _mm_add_epi32(_mm_unpacklo_epi32(a, b), _mm_unpackhi_epi32(a, b));
        let cd = _mm_add_epi32(_mm_unpacklo_epi32(c, d), _mm_unpackhi_epi32(c, d));
        // (a0+a2, b0+b2, c0+c2, d0+d2) + (a1+a3, b1+b3, c1+c3, d1+d3)
        _mm_add_epi32(_mm_unpacklo_epi64(ab, cd), _mm_unpackhi_epi64(ab, cd))
    }
}

/// As [`super::portable::update_plain`]: FastGRNN's element-wise update,
/// four elements per iteration in 32-bit lanes (SSE2), where every scale is
/// one `PSRAD` (`SHIFT` mode) or a division by `2^k` (division mode: a
/// shift with C's rounding toward zero) and the sigmoid's divisor is a
/// power of two (the models' scales in practice, see
/// [`super::PlainUpdate`]); otherwise, and for the last `n % 4` elements,
/// the portable elements. About 25 instructions per element in `SHIFT`
/// mode where the compiled update took about 100 (each `SAR` by a count
/// moved through `CL`, each constant reloaded).
#[inline(always)]
pub fn update_plain<S: crate::scale::Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
    let mut prep = NO_PREP;
    prepare_lanes::<S>(k, &mut prep);
    update_prepared::<S>(h, a, b, c, d, k, &prep);
}

/// [`update_plain`]'s constants in lanes, made once per call (a FastGRNN
/// call's laid-out update keeps them for its steps: made per step,
/// they cost RNNPool's 8-element steps about 400 instructions each); not
/// `usable` where a scale is not one the lanes take.
pub type UpdatePrep = Lanes;

/// An [`UpdatePrep`] before [`prepare_update`]: not usable.
// SAFETY: every field is an integer vector or a `bool`, for which zero
// bytes are a value (`false`).
pub const NO_PREP: UpdatePrep = unsafe { core::mem::zeroed() };

/// [`UpdatePrep`] of `k` in mode `S`, written in place (returned, the
/// 700-byte value was copied by `memcpy` on every call, twice); `k` stays
/// as it is.
#[inline(always)]
pub fn prepare_update<S: crate::scale::Scale>(k: &mut super::PlainUpdate, prep: &mut UpdatePrep) {
    prepare_lanes::<S>(k, prep);
}

/// The body of [`prepare_update`], for [`update_plain`] too.
#[inline(never)]
fn prepare_lanes<S: crate::scale::Scale>(k: &super::PlainUpdate, prep: &mut UpdatePrep) {
    prep.usable = prep.fill(k, S::IS_SHIFT);
}

/// [`update_plain`] with `k`'s lanes made by [`prepare_update`].
#[inline(never)]
pub fn update_prepared<'a, S: crate::scale::Scale>(
    h: &mut [i16],
    a: &'a [i16],
    b: &'a [i16],
    c: &'a [i16],
    d: &'a [i16],
    k: &super::PlainUpdate,
    prep: &UpdatePrep,
) {
    let done = match prep {
        lanes if lanes.usable && lanes.shift == S::IS_SHIFT => {
            if S::IS_SHIFT {
                lanes.run::<true>(h, a, b, c, d)
            } else {
                lanes.run::<false>(h, a, b, c, d)
            }
        }
        _ => 0,
    };
    // The rest (`done` is within every slice; `get` rather than a panic).
    // Tested first: cutting five empty rests cost ~30 instructions a call.
    if done < h.len() {
        let rest = |x: &'a [i16]| x.get(done..).unwrap_or_default();
        super::portable::update_plain::<S>(h.get_mut(done..).unwrap_or_default(), rest(a), rest(b), rest(c), rest(d), k);
    }
}

/// One scale of [`Lanes`]: a shift count, and in division mode the
/// rounding mask `2^k − 1` of a divisor `2^k`.
#[derive(Clone, Copy, Debug)]
struct Down {
    count: __m128i,
    mask: __m128i,
}

impl Down {
    /// A shift by `k` (`0 ≤ k ≤ 31`), or a division by `2^k` (`k ≤ 30`).
    #[inline(always)]
    fn new(k: i32) -> Down {
        // SAFETY: SSE2 register operations.
        unsafe { Down { count: _mm_cvtsi32_si128(k), mask: _mm_set1_epi32((1i32 << k).wrapping_sub(1)) } }
    }

    /// A shift by `k` (`0 ≤ k ≤ 31`) only: no rounding mask (zero).
    #[inline(always)]
    fn shift(k: i32) -> Down {
        // SAFETY: SSE2 register operations.
        unsafe { Down { count: _mm_cvtsi32_si128(k), mask: _mm_setzero_si128() } }
    }

    /// `k` of a divisor `2^k` (positive, `k ≤ 30`).
    #[inline(always)]
    fn exponent(d: i32) -> Option<i32> {
        crate::scale::is_pow2(d).then(|| d.trailing_zeros() as i32)
    }

    /// `x >> k` (`SHIFT`) or `x / 2^k` truncating toward zero, per lane.
    #[inline(always)]
    fn apply<const SHIFT: bool>(self, x: __m128i) -> __m128i {
        // SAFETY: SSE2 register operations.
        unsafe {
            if SHIFT {
                _mm_sra_epi32(x, self.count)
            } else {
                _mm_sra_epi32(_mm_add_epi32(x, _mm_and_si128(_mm_srai_epi32(x, 31), self.mask)), self.count)
            }
        }
    }
}

/// The constants of [`update_plain`] in lanes ([`UpdatePrep`]).
#[derive(Clone, Copy, Debug)]
pub struct Lanes {
    /// Whether [`prepare_update`] made these lanes.
    usable: bool,
    /// The mode the scales were read in.
    shift: bool,
    down: [Down; 17],
    sig_div: Down,
    sig_add: __m128i,
    sig_limit: __m128i,
    sig_mul: __m128i,
    tanh_bound: __m128i,
    tanh_neg_bound: __m128i,
    tanh_mul: __m128i,
    one: __m128i,
    /// ζ's low 16 bits, zero-extended: one `PMADDWD` operand as it is.
    zeta: __m128i,
    nu: __m128i,
}

/// The positions of the scales in [`Lanes::down`].
const P1: usize = 0;
const P2: usize = 1;
const PD: usize = 2;
const G1: usize = 3;
const G2: usize = 4;
const GD: usize = 5;
const H1: usize = 6;
const H2: usize = 7;
const HD: usize = 8;
const GH: usize = 9;
const OM: usize = 10;
const ZS: usize = 11;
const NS: usize = 12;
const US: usize = 13;
const F1: usize = 14;
const F2: usize = 15;
const FD: usize = 16;

impl Lanes {
    /// Writes the lanes of `k` in place; `false` where a scale is not one
    /// the lanes take: in division mode (`shift` false) a divisor other
    /// than `2^k`, in both the sigmoid's divisor (a divisor in both modes).
    /// `SHIFT` counts are read as the portable `>>` reads them (their low
    /// five bits; ready ones are in `0..=31`).
    #[inline(always)]
    fn fill(&mut self, k: &super::PlainUpdate, shift: bool) -> bool {
        let scales = [k.p1, k.p2, k.pd, k.g1, k.g2, k.gd, k.h1, k.h2, k.hd, k.gh, k.om, k.zs, k.ns, k.us, k.f1, k.f2, k.fd];
        for (d, &s) in self.down.iter_mut().zip(&scales) {
            *d = if shift {
                Down::shift(s & 31)
            } else {
                match Down::exponent(s) {
                    Some(e) => Down::new(e),
                    None => return false,
                }
            };
        }
        let Some(sig) = Down::exponent(k.sig_div) else { return false };
        self.shift = shift;
        self.sig_div = Down::new(sig);
        // SAFETY: SSE2 register operations.
        unsafe {
            self.sig_add = _mm_set1_epi32(k.sig_add);
            self.sig_limit = _mm_set1_epi32(k.sig_limit);
            self.sig_mul = _mm_set1_epi32(k.sig_mul);
            self.tanh_bound = _mm_set1_epi32(k.tanh_bound);
            self.tanh_neg_bound = _mm_set1_epi32(k.tanh_neg_bound);
            self.tanh_mul = _mm_set1_epi32(k.tanh_mul);
            self.one = _mm_set1_epi32(k.one);
            // Q15: only the low 16 bits are read (as `mul16` masks them).
            self.zeta = _mm_set1_epi32(k.zeta & 0xffff);
            self.nu = _mm_set1_epi32(k.nu);
        }
        true
    }

    /// The update of the first multiple of four elements of the shortest
    /// slice, `SHIFT` the mode the lanes were made in; returns how many it
    /// did.
    #[inline(always)]
    fn run<const SHIFT: bool>(&self, h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16]) -> usize {
        // Operands cut to `h`'s length (all to the portable elements where
        // one is shorter, which `LaidOut` never passes): one count for the
        // five chunk iterators, where their shortest took ~20 instructions.
        let n = h.len();
        let (Some(a), Some(b), Some(c), Some(d)) = (a.get(..n), b.get(..n), c.get(..n), d.get(..n)) else {
            return 0;
        };
        let mut done = 0;
        for ((((h, a), b), c), d) in
            h.chunks_exact_mut(4).zip(a.chunks_exact(4)).zip(b.chunks_exact(4)).zip(c.chunks_exact(4)).zip(d.chunks_exact(4))
        {
            // The lanes read where they are used: hoisted out of the loop,
            // 16 registers cannot hold them, and they were copied to the
            // stack on every call (~130 instructions, a third of an
            // 8-element RNNPool step). `black_box` hides that they stay.
            let lanes = core::hint::black_box(self);
            let x = lanes.four::<SHIFT>(load4x32(h), load4x32(a), load4x32(b), load4x32(c), load4x32(d));
            // SAFETY: SSE2; `h` is a chunk of four `i16` (8 writable
            // bytes), `storel` writes exactly 8 at any alignment. The lanes
            // are Q15 after `q15`, so the saturating pack only narrows.
            unsafe { _mm_storel_epi64(h.as_mut_ptr().cast(), _mm_packs_epi32(x, x)) };
            done += 4;
        }
        done
    }

    /// Four elements of [`super::portable::update_plain_element`], as that
    /// function computes each (the new state's lanes, stored to Q15).
    #[inline(always)]
    fn four<const SHIFT: bool>(&self, h: __m128i, a: __m128i, b: __m128i, c: __m128i, d: __m128i) -> __m128i {
        let down = |i: usize, x| self.down[i].apply::<SHIFT>(x);
        // SAFETY: SSE2 register operations only.
        unsafe {
            let zero = _mm_setzero_si128();
            let a = q15(down(PD, _mm_add_epi32(down(P1, a), down(P2, b))));
            // sigmoid: s = q15(t / div + add), 0 for s ≤ 0, else min(s, limit)·mul
            let t = q15(down(GD, _mm_add_epi32(down(G1, a), down(G2, c))));
            let s = q15(_mm_add_epi32(self.sig_div.apply::<false>(t), self.sig_add));
            let m = select(_mm_cmplt_epi32(s, self.sig_limit), s, self.sig_limit);
            let gate = q15(_mm_and_si128(mul32_by(m, self.sig_mul), _mm_cmpgt_epi32(s, zero)));
            // tanh: c clamped to [neg_bound, bound] (from above, then below), times mul
            let x = q15(down(HD, _mm_add_epi32(down(H1, a), down(H2, d))));
            let x = select(_mm_cmplt_epi32(x, self.tanh_bound), x, self.tanh_bound);
            let x = select(_mm_cmplt_epi32(self.tanh_neg_bound, x), x, self.tanh_neg_bound);
            let cand = q15(mul32_by(x, self.tanh_mul));
            let kept = q15(down(GH, mul16(gate, h)));
            let one_minus = q15(_mm_sub_epi32(self.one, down(OM, gate)));
            let z = q15(down(ZS, _mm_madd_epi16(self.zeta, one_minus)));
            let mix = q15(_mm_add_epi32(self.nu, down(NS, z)));
            let upd = q15(down(US, mul16(mix, cand)));
            q15(down(FD, _mm_add_epi32(down(F1, kept), down(F2, upd))))
        }
    }
}

/// Four `i16` sign-extended to 32-bit lanes, from a chunk of four.
#[inline(always)]
fn load4x32(chunk: &[i16]) -> __m128i {
    debug_assert_eq!(chunk.len(), 4);
    // SAFETY: `chunk` holds 8 readable bytes (`run`'s chunks of four);
    // `loadl` reads exactly 8 at any alignment; each `i16` is duplicated
    // into a 32-bit lane and shifted arithmetically down by 16.
    unsafe {
        let x = _mm_loadl_epi64(chunk.as_ptr().cast());
        _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16)
    }
}

/// Each lane stored to Q15 and promoted again (`x as i16 as i32`).
#[inline(always)]
fn q15(x: __m128i) -> __m128i {
    // SAFETY: SSE2 register operations.
    unsafe { _mm_srai_epi32(_mm_slli_epi32(x, 16), 16) }
}

/// `if mask { a } else { b }` per lane (`mask` all ones or zeros).
#[inline(always)]
fn select(mask: __m128i, a: __m128i, b: __m128i) -> __m128i {
    // SAFETY: SSE2 register operations.
    unsafe { _mm_or_si128(_mm_and_si128(mask, a), _mm_andnot_si128(mask, b)) }
}

/// The wrapping products of 32-bit lanes and a value `b` in every lane
/// (SSE2 has no `PMULLD`: the low halves of the even and odd lanes'
/// unsigned 64-bit products; `b`'s odd lanes are its even ones).
#[inline(always)]
fn mul32_by(a: __m128i, b: __m128i) -> __m128i {
    // SAFETY: SSE2 register operations.
    unsafe {
        let even = _mm_mul_epu32(a, b);
        let odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), b);
        _mm_unpacklo_epi32(_mm_shuffle_epi32(even, 0b00_00_10_00), _mm_shuffle_epi32(odd, 0b00_00_10_00))
    }
}

/// The products of lanes holding Q15 values (sign-extended), exact in 32
/// bits: `PMADDWD` with one operand's high halves cleared.
#[inline(always)]
fn mul16(a: __m128i, b: __m128i) -> __m128i {
    // SAFETY: SSE2 register operations.
    unsafe { _mm_madd_epi16(_mm_and_si128(a, _mm_set1_epi32(0xffff)), b) }
}

#[cfg(test)]
mod tests {
    use super::super::tests::Rng;
    use super::*;
    use crate::scale::{Divisor, Exponent, Scale};

    /// The four-lane update against the portable one: scales it takes
    /// (every shift count; divisors `2^k`) and now and then one it does not
    /// (the portable elements then), sigmoid divisors `2^k` and others, any
    /// constants (extremes included), every length to 20.
    fn four_lane_update_equals_the_portable_one<S: Scale>(shift: bool) {
        let mut rng = Rng(0x00c0_ffee);
        for _ in 0..if cfg!(miri) { 30 } else { 5000 } {
            let odd = rng.next() % 16 == 0;
            let scale = |rng: &mut Rng| -> i32 {
                if odd && rng.next() % 4 == 0 {
                    [0, -1, 3, i32::MIN, 1 << 31 >> 1][(rng.next() % 5) as usize]
                } else if shift {
                    (rng.next() % 32) as i32
                } else {
                    1 << (rng.next() % 31)
                }
            };
            let any = |rng: &mut Rng| -> i32 {
                match rng.next() % 4 {
                    0 => rng.next() as i16 as i32,
                    1 => [i32::MIN, i32::MAX, 0, -1, 1, 32767, -32768][(rng.next() % 7) as usize],
                    _ => (rng.next() as i32) >> (rng.next() % 32),
                }
            };
            let tanh_bound = [0, i32::MIN, 1 << (rng.next() % 31)][(rng.next() % 3) as usize];
            let k = super::super::PlainUpdate {
                p1: scale(&mut rng),
                p2: scale(&mut rng),
                pd: scale(&mut rng),
                g1: scale(&mut rng),
                g2: scale(&mut rng),
                gd: scale(&mut rng),
                sig_div: [1, 2, 4, 1 << (rng.next() % 31), -3, 7, i32::MIN, -1][(rng.next() % 8) as usize],
                sig_add: any(&mut rng),
                sig_limit: any(&mut rng),
                sig_mul: any(&mut rng),
                h1: scale(&mut rng),
                h2: scale(&mut rng),
                hd: scale(&mut rng),
                tanh_bound,
                tanh_neg_bound: tanh_bound.wrapping_neg(),
                tanh_mul: any(&mut rng),
                gh: scale(&mut rng),
                om: scale(&mut rng),
                one: any(&mut rng),
                zs: scale(&mut rng),
                zeta: any(&mut rng),
                ns: scale(&mut rng),
                nu: any(&mut rng),
                us: scale(&mut rng),
                f1: scale(&mut rng),
                f2: scale(&mut rng),
                fd: scale(&mut rng),
            };
            let n = (rng.next() % 21) as usize;
            let pattern = rng.next() % 5;
            let mut v = [[0i16; 20]; 5];
            v.iter_mut().flatten().for_each(|x| *x = rng.value(pattern));
            let [h, a, b, c, d] = v;
            let (mut got, mut want) = (h, h);
            update_plain::<S>(&mut got[..n], &a, &b, &c, &d, &k);
            super::super::portable::update_plain::<S>(&mut want[..n], &a, &b, &c, &d, &k);
            assert_eq!(got, want, "{k:?} n {n}");
        }
    }

    /// The SSE2 vector bound is the portable one: every length to 40,
    /// extreme and random values, small ones at the bound's edge.
    #[test]
    fn vector_bound_equals_the_portable_one() {
        let mut rng = Rng(0x0b0b_0b0b);
        for case in 0..if cfg!(miri) { 50 } else { 20_000 } {
            let cols = (rng.next() % 41) as usize;
            let edge = (1i32 << 16) / cols.max(1) as i32;
            let v: [i16; 40] = core::array::from_fn(|_| match case % 3 {
                0 => rng.value(case % 5),
                _ => ((rng.next() as i32 % (edge + 2)) - edge / 2).clamp(-32768, 32767) as i16,
            });
            assert_eq!(sums_fit_i32(&v[..cols]), super::super::portable::sums_fit_i32(&v[..cols]), "{:?}", &v[..cols]);
        }
    }

    /// The exact sums of long rows at the extremes (every lane `2^31`, mixed
    /// signs, and vectors without −32768 whose lanes come nearest `±2^31`)
    /// against the portable 64-bit sums.
    #[test]
    fn exact_four_row_sums_of_long_extreme_rows_equal_the_portable_ones() {
        let cols = if cfg!(miri) { 60 } else { 4099 };
        let (min, max) = (vec![i16::MIN; cols], vec![i16::MAX; cols]);
        let mixed: Vec<i16> = (0..cols).map(|c| if c % 3 == 0 { i16::MAX } else { i16::MIN }).collect();
        let near: Vec<i16> = (0..cols).map(|c| if c % 2 == 0 { i16::MIN + 1 } else { i16::MAX }).collect();
        let m = [&min[..], &max, &mixed, &min, &mixed].concat();
        for v in [&min, &max, &mixed, &near] {
            let (mut got, mut want) = ([0i16; 5], [0i16; 5]);
            for k in [0, 16, 30] {
                mat_vec_q15_div_pow2(&m, v, &mut got, k);
                super::super::portable::mat_vec_q15_div_pow2(&m, v, &mut want, k);
                assert_eq!(got, want, "k {k}");
            }
        }
    }

    #[test]
    fn four_lane_update_equals_the_portable_one_in_shift_mode() {
        four_lane_update_equals_the_portable_one::<Exponent>(true);
    }

    #[test]
    fn four_lane_update_equals_the_portable_one_in_division_mode() {
        four_lane_update_equals_the_portable_one::<Divisor>(false);
    }

    /// Every shape to 9 rows × 40 columns (every tail of blocks, half
    /// blocks and columns, every remainder of rows), extreme and random
    /// values, every shift and divisor exponent: the portable products.
    #[test]
    fn four_row_products_equal_the_portable_ones() {
        let mut rng = Rng(0x5eed_1234);
        let cases = if cfg!(miri) { 40 } else { 6000 };
        for case in 0..cases {
            let (rows, cols) = (1 + (rng.next() % 9) as usize, (rng.next() % 41) as usize);
            let pattern = case % 5;
            let m: [i16; 360] = core::array::from_fn(|_| rng.value(pattern));
            let small = rng.next() % 2 == 0;
            let v: [i16; 40] = core::array::from_fn(|_| if small { rng.value(pattern) >> 6 } else { rng.value(pattern) });
            // One row short of `rows` now and then: a row `m` does not hold.
            let held = if rng.next() % 8 == 0 { rows - 1 } else { rows };
            let (m, v) = (&m[..held * cols], &v[..cols]);
            let (n, k) = (rng.next() % 17, rng.next() % 31);
            let (mut got, mut want) = ([7i16; 9], [7i16; 9]);
            mat_vec_q15_shift(m, v, &mut got[..rows], n);
            super::super::portable::mat_vec_q15_shift(m, v, &mut want[..rows], n);
            assert_eq!(got, want, "shift {rows}x{cols} n {n} pattern {pattern}");
            mat_vec_q15_div_pow2(m, v, &mut got[..rows], k);
            super::super::portable::mat_vec_q15_div_pow2(m, v, &mut want[..rows], k);
            assert_eq!(got, want, "div 2^{k} {rows}x{cols} pattern {pattern}");
            let v8: [i8; 40] = core::array::from_fn(|c| (v.get(c).copied().unwrap_or(0) >> 8) as i8);
            let v8 = &v8[..cols];
            let d = crate::scale::Divisor(rng.next() as i32 >> (rng.next() % 31));
            mat_vec_q15xq7(m, v8, &mut got[..rows], d);
            super::super::portable::mat_vec_q15xq7(m, v8, &mut want[..rows], d);
            assert_eq!(got, want, "q7 /{d:?} {rows}x{cols} pattern {pattern}");
            mat_vec_q15xq7(m, v8, &mut got[..rows], crate::scale::Exponent(n as i32));
            super::super::portable::mat_vec_q15xq7(m, v8, &mut want[..rows], crate::scale::Exponent(n as i32));
            assert_eq!(got, want, "q7 >>{n} {rows}x{cols} pattern {pattern}");
        }
    }
}
