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

use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_add_epi64, _mm_cvtsi128_si32, _mm_cvtsi128_si64, _mm_loadl_epi64, _mm_loadu_si128,
    _mm_madd_epi16, _mm_set1_epi32, _mm_setzero_si128, _mm_shuffle_epi32, _mm_srai_epi16, _mm_storeu_si128,
    _mm_unpackhi_epi32, _mm_unpackhi_epi64, _mm_unpacklo_epi32, _mm_unpacklo_epi64, _mm_unpacklo_epi8,
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
/// exact), four rows at a time ([`rows4`]).
// Not inlined: one copy serves every product of an export.
#[inline(never)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    let n = n.min(31);
    rows4::<Wrapping>(m, v, out, |x| (x >> n) as i16);
}

/// As [`super::portable::mat_vec_q15_div_pow2`], four rows at a time
/// ([`rows4`]): the wrapping 32-bit sums where every row sum fits an `i32`
/// ([`super::portable::sums_fit_i32`]), else the exact 64-bit ones,
/// divided by `2^k` truncating toward zero.
#[inline(never)]
pub fn mat_vec_q15_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let k = k.min(30);
    if super::portable::sums_fit_i32(v) {
        rows4::<Wrapping>(m, v, out, |x| (x.wrapping_add((x >> 31) & ((1 << k) - 1)) >> k) as i16);
    } else {
        rows4::<Exact>(m, v, out, |x| (x.wrapping_add((x >> 63) & ((1 << k) - 1)) >> k) as i16);
    }
}

/// A row sum of [`rows4`]: its width and how four rows' blocks are summed.
trait Sum4: Copy {
    /// The sum's type.
    type Int: Copy + Default;
    /// The sums of the first `n` (a multiple of 4) elements of the four
    /// rows `r` with `v`.
    ///
    /// # Safety
    /// Each row and `v` are valid for reading `n` elements.
    unsafe fn quad(r: [*const i16; 4], v: *const i16, n: usize) -> [Self::Int; 4];
    /// `s` plus one product of two Q15 values.
    fn add(s: Self::Int, p: i32) -> Self::Int;
    /// One row's whole sum.
    fn row(r: &[i16], v: &[i16]) -> Self::Int;
}

/// The wrapping 32-bit sums (`PMADDWD` lanes added with `PADDD`).
#[derive(Clone, Copy)]
struct Wrapping;

impl Sum4 for Wrapping {
    type Int = i32;
    #[inline(always)]
    unsafe fn quad(r: [*const i16; 4], v: *const i16, n: usize) -> [i32; 4] {
        // SAFETY: the caller's; `blocks` only adds lanes.
        let [a0, a1, a2, a3] = unsafe { blocks(r, v, n, |acc, lanes| _mm_add_epi32(acc, lanes)) };
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
    fn row(r: &[i16], v: &[i16]) -> i32 {
        dot_q15_wrapping(r, v)
    }
}

/// The exact 64-bit sums ([`dot_q15`]'s: each lane biased to be unsigned,
/// added zero-extended in 64-bit lanes, the biases taken off at the end).
#[derive(Clone, Copy)]
struct Exact;

impl Sum4 for Exact {
    type Int = i64;
    #[inline(always)]
    unsafe fn quad(r: [*const i16; 4], v: *const i16, n: usize) -> [i64; 4] {
        // SAFETY: SSE2 register operations; the loads are the caller's.
        unsafe {
            let (bias, zero) = (_mm_set1_epi32(PAIR_BIAS), _mm_setzero_si128());
            let [a0, a1, a2, a3] = blocks(r, v, n, |acc, lanes| {
                let lanes = _mm_add_epi32(lanes, bias);
                _mm_add_epi64(_mm_add_epi64(acc, _mm_unpacklo_epi32(lanes, zero)), _mm_unpackhi_epi32(lanes, zero))
            });
            let (s01, s23) = (
                _mm_add_epi64(_mm_unpacklo_epi64(a0, a1), _mm_unpackhi_epi64(a0, a1)),
                _mm_add_epi64(_mm_unpacklo_epi64(a2, a3), _mm_unpackhi_epi64(a2, a3)),
            );
            let mut sums = [0i64; 4];
            _mm_storeu_si128(sums.as_mut_ptr().cast(), s01);
            _mm_storeu_si128(sums.as_mut_ptr().add(2).cast(), s23);
            // Four biased lanes per block or half block.
            let biases = (n.div_ceil(LANES) as i64 * 4).wrapping_mul(PAIR_BIAS as i64);
            sums.map(|s| s.wrapping_sub(biases))
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

/// `out[r] = store(Σ_c m[r·cols + c]·v[c])` for every row, `cols =
/// v.len()`, in the width of `A`; rows `m` does not hold get `store(0)`, as
/// the portable loops give them. Four rows at a time ([`Sum4::quad`];
/// their last `cols % 4` columns one by one), a last one to three rows by
/// [`Sum4::row`]. Raw pointers: slices cut per row and block cost about
/// 100 instructions per four rows.
#[inline(always)]
fn rows4<A: Sum4>(m: &[i16], v: &[i16], out: &mut [i16], store: impl Fn(A::Int) -> i16) {
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
            let r = [row, row.add(cols), row.add(2 * cols), row.add(3 * cols)];
            for (j, (&r, s)) in r.iter().zip(A::quad(r, v.as_ptr(), vector)).enumerate() {
                let mut s = s;
                for c in vector..cols {
                    s = A::add(s, *r.add(c) as i32 * *v.as_ptr().add(c) as i32);
                }
                *o.add(j) = store(s);
            }
            o = o.add(4);
        }
        row = row.wrapping_add(4 * cols);
    }
    for (o, r) in out[4 * quads..].iter_mut().zip(m[4 * quads * cols..].chunks_exact(cols.max(1))) {
        *o = store(A::row(r, v));
    }
    // (Tested first: an empty `fill` still calls `memset`.)
    if !missing.is_empty() {
        missing.fill(store(A::Int::default()));
    }
}

/// The four rows `r`'s `PMADDWD` lanes with `v` over their first `n` (a
/// multiple of 4) elements, each folded into its accumulator by `add`:
/// blocks of eight columns, then half a block (its high four lanes zero).
///
/// # Safety
/// Each row and `v` are valid for reading `n` elements.
#[inline(always)]
unsafe fn blocks(r: [*const i16; 4], v: *const i16, n: usize, add: impl Fn(__m128i, __m128i) -> __m128i) -> [__m128i; 4] {
    // SAFETY (all): SSE2; the loads read elements `c..c + 8` (then
    // `c..c + 4`) with `c + 8 ≤ n` (`c + 4 ≤ n`) of each row and of `v`,
    // unaligned, 16 (8) bytes.
    // Four named accumulators: an array of them, at `opt-level = "s"`,
    // lived in memory (+45 % instructions on the dense `SHIFT` step).
    unsafe {
        let [r0, r1, r2, r3] = r;
        let (mut a0, mut a1, mut a2, mut a3) = (_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128());
        let mut c = 0;
        while c + LANES <= n {
            let x = _mm_loadu_si128(v.add(c).cast());
            a0 = add(a0, _mm_madd_epi16(_mm_loadu_si128(r0.add(c).cast()), x));
            a1 = add(a1, _mm_madd_epi16(_mm_loadu_si128(r1.add(c).cast()), x));
            a2 = add(a2, _mm_madd_epi16(_mm_loadu_si128(r2.add(c).cast()), x));
            a3 = add(a3, _mm_madd_epi16(_mm_loadu_si128(r3.add(c).cast()), x));
            c += LANES;
        }
        if c < n {
            let x = _mm_loadl_epi64(v.add(c).cast());
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

#[cfg(test)]
mod tests {
    use super::super::tests::Rng;
    use super::*;

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
        }
    }
}
