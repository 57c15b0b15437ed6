//! Real FFT of `N` points (a power of two, 16 … 1024) in Q15 and in float.
//!
//! Both compute `X[k] / N` for `k` in `0..=N/2` — the scaling that keeps a
//! Q15 input's spectrum in Q15 (`|X[k]| <= N` for `|x| <= 1`) — as an
//! `N/2`-point complex FFT of the even/odd samples packed as `x[2n] +
//! i·x[2n+1]`, then the split that separates the two real spectra.
//!
//! Q15 arithmetic: the packed input is halved, so every radix-2 stage (which
//! halves its outputs, rounding) keeps magnitudes below 1 and nothing
//! saturates inside the transform; the split halves once more. Twiddles
//! come from [`super::twiddle`]; products are rounded (`+2^14 >> 15`). The
//! output is `N + 2` values, `re, im` interleaved for bins `0..=N/2`,
//! saturated to `i16` (only a full-scale DC or Nyquist input reaches 1).

use super::twiddle::{cos_sin, CIRCLE};
use crate::error::{Error, Result};

/// `log2(n)` when `n` is a supported FFT size, else [`Error::Config`].
pub fn fft_log2(n: usize) -> Result<u32> {
    if n.is_power_of_two() && (16..=CIRCLE).contains(&n) {
        Ok(n.trailing_zeros())
    } else {
        Err(Error::Config)
    }
}

#[inline(always)]
fn mul_q15(a: i32, b: i32) -> i32 {
    (a * b + (1 << 14)) >> 15
}

#[inline(always)]
fn half(a: i32) -> i32 {
    (a + 1) >> 1
}

/// Swaps complex elements `i` and `j` of an interleaved buffer.
fn swap_complex<T: Copy>(buf: &mut [T], i: usize, j: usize) {
    let (lo, hi) = if i < j { (i, j) } else { (j, i) };
    if lo == hi {
        return;
    }
    let Some((a, b)) = buf.split_at_mut_checked(2 * hi) else { return };
    if let (Some(x), Some(y)) = (a.get_mut(2 * lo..2 * lo + 2), b.get_mut(..2)) {
        x.swap_with_slice(y);
    }
}

fn bit_reverse<T: Copy>(buf: &mut [T], m: usize, bits: u32) {
    if bits == 0 {
        return;
    }
    for i in 0..m {
        let j = i.reverse_bits() >> (usize::BITS - bits);
        if j > i {
            swap_complex(buf, i, j);
        }
    }
}

/// In-place radix-2 complex FFT of `buf.len() / 2` points (`m = 2^bits`),
/// each stage halving; `stride` maps twiddle index `k/len` to the table.
fn complex_q15(buf: &mut [i16], bits: u32) {
    let m = 1usize << bits;
    bit_reverse(buf, m, bits);
    for stage in 1..=bits {
        // `len`-point butterflies; `.max(1)` only tells the compiler that
        // chunk sizes and divisors are non-zero.
        let len = (1usize << stage).max(1);
        let step = CIRCLE / len;
        for group in buf.chunks_exact_mut((2 * len).max(1)) {
            let Some((lo, hi)) = group.split_at_mut_checked(len) else { continue };
            for (k, (a, b)) in lo.chunks_exact_mut(2).zip(hi.chunks_exact_mut(2)).enumerate() {
                let (c, s) = cos_sin(k * step);
                let (br, bi) = (b[0] as i32, b[1] as i32);
                // t = b · (c − i s)
                let tr = mul_q15(br, c) + mul_q15(bi, s);
                let ti = mul_q15(bi, c) - mul_q15(br, s);
                let (ar, ai) = (a[0] as i32, a[1] as i32);
                a[0] = half(ar + tr) as i16;
                a[1] = half(ai + ti) as i16;
                b[0] = half(ar - tr) as i16;
                b[1] = half(ai - ti) as i16;
            }
        }
    }
}

fn sat16(v: i32) -> i16 {
    v.clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

/// `X[k] / N` of one bin from `Z[k]`, `Z[M−k]` (Z of the packed input, /N).
#[inline(always)]
fn split_bin(zk: (i32, i32), zj: (i32, i32), cs: (i32, i32)) -> (i32, i32) {
    let (ar, ai) = (zk.0 + zj.0, zk.1 - zj.1);
    let (br, bi) = (zk.0 - zj.0, zk.1 + zj.1);
    let (c, s) = cs;
    let re = ar + mul_q15(c, bi) - mul_q15(s, br);
    let im = ai - mul_q15(c, br) - mul_q15(s, bi);
    (half(re), half(im))
}

/// Q15 real FFT in place: `buf[..n]` holds the `n` input samples and
/// `buf.len() == n + 2`; on return `buf` holds bins `0..=n/2` as
/// interleaved `re, im` (the imaginary parts of bins 0 and `n/2` are 0).
///
/// Errors: `n` not a power of two in `16..=1024` → [`Error::Config`];
/// `buf.len() != n + 2` → [`Error::Length`].
pub fn rfft_q15(buf: &mut [i16], n: usize) -> Result {
    let bits = fft_log2(n)? - 1;
    if buf.len() != n + 2 {
        return Err(Error::Length);
    }
    let m = n / 2;
    for v in buf.iter_mut().take(n) {
        *v >>= 1;
    }
    complex_q15(buf.get_mut(..n).ok_or(Error::Length)?, bits);
    let z = |buf: &[i16], k: usize| -> (i32, i32) {
        let k = if k == m { 0 } else { k };
        match buf.get(2 * k..2 * k + 2) {
            Some(p) => (p[0] as i32, p[1] as i32),
            None => (0, 0),
        }
    };
    let stride = CIRCLE / n.max(1);
    for k in 0..=m / 2 {
        let j = m - k;
        let (zk, zj) = (z(buf, k), z(buf, j));
        let xk = split_bin(zk, zj, cos_sin(k * stride));
        let xj = split_bin(zj, zk, cos_sin(j * stride));
        if let Some(p) = buf.get_mut(2 * j..2 * j + 2) {
            p[0] = sat16(xj.0);
            p[1] = sat16(xj.1);
        }
        if let Some(p) = buf.get_mut(2 * k..2 * k + 2) {
            p[0] = sat16(xk.0);
            p[1] = sat16(xk.1);
        }
    }
    Ok(())
}

/// `(cos, sin)` of `2π·k/len` in `f64` (`len ≥ 1`), from `libm` on an
/// angle of at most `π/4`: the circle's symmetries reduce it with integers
/// (`4k = q·len + r`: quadrant `q`, then `r` or its complement). `libm`'s
/// own reduction of larger arguments carries the one for huge arguments,
/// whose frame (800 bytes on Cortex-M4F) then held most of a float
/// transform's stack.
pub(crate) fn cos_sin_turn(k: usize, len: usize) -> (f64, f64) {
    use core::f64::consts::FRAC_PI_2;
    let len = len.max(1) as u64;
    let k4 = 4 * (k as u64 % len);
    let (q, r) = (k4 / len, k4 % len);
    let (c, s) = if 2 * r <= len {
        let t = FRAC_PI_2 * r as f64 / len as f64;
        (libm::cos(t), libm::sin(t))
    } else {
        let t = FRAC_PI_2 * (len - r) as f64 / len as f64;
        (libm::sin(t), libm::cos(t))
    };
    match q {
        0 => (c, s),
        1 => (-s, c),
        2 => (-c, -s),
        _ => (s, -c),
    }
}

/// The float twin of [`rfft_q15`]: same layout and scaling (`X[k] / N`),
/// twiddles from `libm` (exact angles), no intermediate rounding.
pub fn rfft_f32(buf: &mut [f32], n: usize) -> Result {
    let bits = fft_log2(n)? - 1;
    if buf.len() != n + 2 {
        return Err(Error::Length);
    }
    let m = n / 2;
    let tw = |k: usize, len: usize| {
        let (c, s) = cos_sin_turn(k, len);
        (c as f32, s as f32)
    };
    let body = buf.get_mut(..n).ok_or(Error::Length)?;
    bit_reverse(body, m, bits);
    for stage in 1..=bits {
        let len = (1usize << stage).max(1);
        for group in body.chunks_exact_mut((2 * len).max(1)) {
            let Some((lo, hi)) = group.split_at_mut_checked(len) else { continue };
            for (k, (a, b)) in lo.chunks_exact_mut(2).zip(hi.chunks_exact_mut(2)).enumerate() {
                let (c, s) = tw(k, len);
                let tr = b[0] * c + b[1] * s;
                let ti = b[1] * c - b[0] * s;
                let (ar, ai) = (a[0], a[1]);
                a[0] = (ar + tr) * 0.5;
                a[1] = (ai + ti) * 0.5;
                b[0] = (ar - tr) * 0.5;
                b[1] = (ai - ti) * 0.5;
            }
        }
    }
    let z = |buf: &[f32], k: usize| -> (f32, f32) {
        let k = if k == m { 0 } else { k };
        match buf.get(2 * k..2 * k + 2) {
            Some(p) => (p[0], p[1]),
            None => (0.0, 0.0),
        }
    };
    // Stages halve M times: Z/M; the split's extra ½ per term gives X/N.
    let bin = |zk: (f32, f32), zj: (f32, f32), k: usize| {
        let (c, s) = tw(k, n);
        let (ar, ai) = (zk.0 + zj.0, zk.1 - zj.1);
        let (br, bi) = (zk.0 - zj.0, zk.1 + zj.1);
        ((ar + c * bi - s * br) * 0.25, (ai - c * br - s * bi) * 0.25)
    };
    for k in 0..=m / 2 {
        let j = m - k;
        let (zk, zj) = (z(buf, k), z(buf, j));
        let (xk, xj) = (bin(zk, zj, k), bin(zj, zk, j));
        if let Some(p) = buf.get_mut(2 * j..2 * j + 2) {
            p[0] = xj.0;
            p[1] = xj.1;
        }
        if let Some(p) = buf.get_mut(2 * k..2 * k + 2) {
            p[0] = xk.0;
            p[1] = xk.1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cos_sin_turn;

    #[test]
    fn the_reduced_twiddle_equals_libm_on_the_whole_angle() {
        // Every point of every circle up to 1024 (and beyond a turn): the
        // reduction by quadrant and complement agrees with `libm` on the
        // unreduced angle within a few units of the last place, and the
        // signs of the quadrants are right.
        for len in [1usize, 2, 3, 5, 8, 12, 16, 100, 256, 1000, 1024] {
            for k in 0..2 * len + 1 {
                let a = 2.0 * core::f64::consts::PI * k as f64 / len as f64;
                let (c, s) = cos_sin_turn(k, len);
                assert!((c - libm::cos(a)).abs() <= 4e-15, "cos {k}/{len}: {c} vs {}", libm::cos(a));
                assert!((s - libm::sin(a)).abs() <= 4e-15, "sin {k}/{len}: {s} vs {}", libm::sin(a));
            }
        }
        // Exact at the quadrants' ends.
        assert_eq!(cos_sin_turn(0, 8), (1.0, 0.0));
        assert_eq!(cos_sin_turn(2, 8), (0.0, 1.0));
        assert_eq!(cos_sin_turn(4, 8), (-1.0, -0.0));
        assert_eq!(cos_sin_turn(6, 8), (0.0, -1.0));
    }
}
