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

use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_add_epi64, _mm_cvtsi128_si32, _mm_cvtsi128_si64, _mm_loadl_epi64, _mm_loadu_si128,
    _mm_madd_epi16, _mm_set1_epi32, _mm_setzero_si128, _mm_shuffle_epi32, _mm_srai_epi16, _mm_unpackhi_epi32,
    _mm_unpackhi_epi64, _mm_unpacklo_epi32, _mm_unpacklo_epi8,
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
