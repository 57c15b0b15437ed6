//! Packed weight formats of the special cells.
//!
//! **eGRU 3-bit powers of two.** A code is 3 bits: bit 2 is the sign, bits
//! 1..0 a shift `k`; the value is `±2^-k` for `k < 3` and 0 for `k == 3`.
//! This is the paper's table: `+1 = 000`, `+1/2 = 001`, `+1/4 = 010`,
//! `0 = 111`, `−1/4 = 110`, `−1/2 = 101`, `−1 = 100` (`011`, unused there,
//! also decodes to 0). In integer arithmetic a code is worth `±(4 >> k)`
//! quarters, and its product with `v` is `±(v << (2 − k))`: a shift and a
//! sign, no multiplier ([`pow2_product`]). Packing: code `i` of a matrix
//! (row-major) occupies bits `3i … 3i+2` of a little-endian bit stream, bit
//! `b` of the stream being bit `b % 8` of byte `b / 8`; so 8 codes fill 3
//! bytes, and a matrix of `n` codes takes `ceil(3n / 8)` bytes (unused high
//! bits of the last byte are 0).
//!
//! **4-bit weights.** A weight is `c · 2^-e` for a 4-bit two's-complement
//! code `c ∈ −8 … 7` and one exponent `e` per matrix. Code `i` (row-major)
//! is the low nibble of byte `i / 2` for even `i`, the high nibble for odd
//! `i`; a matrix of `n` codes takes `ceil(n / 2)` bytes.

use crate::error::{Error, Result};

/// Bytes of `n` packed 3-bit codes, `ceil(3n / 8)`; `None` on overflow.
pub fn pow2_bytes(n: usize) -> Option<usize> {
    Some(n.checked_mul(3)?.div_ceil(8))
}

/// Bytes of `n` packed 4-bit codes, `ceil(n / 2)`.
pub fn int4_bytes(n: usize) -> Option<usize> {
    Some(n.div_ceil(2))
}

/// The 3-bit code nearest to `w` among `0, ±1/4, ±1/2, ±1` (midpoints round
/// away from zero; NaN gives 0).
pub fn pow2_code(w: f32) -> u8 {
    let a = if w < 0.0 { -w } else { w };
    let k = if a >= 0.75 {
        0
    } else if a >= 0.375 {
        1
    } else if a >= 0.125 {
        2
    } else {
        // Zero is 111 in the paper's table.
        return 0b111;
    };
    if w < 0.0 {
        0b100 | k
    } else {
        k
    }
}

/// The value of a 3-bit code in quarters: `±(4 >> k)`, 0 for `k == 3`.
#[inline(always)]
pub const fn pow2_quarters(code: u8) -> i32 {
    let k = code & 3;
    let m = if k == 3 { 0 } else { 4 >> k };
    if code & 4 != 0 {
        -m
    } else {
        m
    }
}

/// `pow2_quarters(code) · v`, computed as a shift and a sign.
#[inline(always)]
pub fn pow2_product(code: u8, v: i32) -> i32 {
    let k = (code & 3) as u32;
    if k == 3 {
        return 0;
    }
    // |v| < 2^15, so the shift cannot overflow.
    let m = v.wrapping_shl(2 - k);
    if code & 4 != 0 {
        m.wrapping_neg()
    } else {
        m
    }
}

/// Code `i` of a packed 3-bit stream (0b111, i.e. zero, past its end).
#[inline(always)]
pub fn pow2_get(codes: &[u8], i: usize) -> u8 {
    let bit = i.saturating_mul(3);
    let byte = bit / 8;
    let lo = match codes.get(byte) {
        Some(&b) => b as u16,
        None => return 0b111,
    };
    let hi = codes.get(byte + 1).map_or(0, |&b| b as u16);
    (((hi << 8 | lo) >> (bit % 8)) & 7) as u8
}

/// Packs `weights` as 3-bit codes into `out` (at least
/// [`pow2_bytes`]`(weights.len())` bytes, which are overwritten).
pub fn pack_pow2(weights: &[f32], out: &mut [u8]) -> Result {
    let n = pow2_bytes(weights.len()).ok_or(Error::Overflow)?;
    let out = out.get_mut(..n).ok_or(Error::Length)?;
    out.iter_mut().for_each(|b| *b = 0);
    for (i, &w) in weights.iter().enumerate() {
        let bit = i * 3;
        let code = (pow2_code(w) as u16) << (bit % 8);
        if let Some(b) = out.get_mut(bit / 8) {
            *b |= code as u8;
        }
        if let Some(b) = out.get_mut(bit / 8 + 1) {
            *b |= (code >> 8) as u8;
        }
    }
    Ok(())
}

/// The value of 3-bit code `i` as an `f32` (for reference models).
pub fn pow2_value(codes: &[u8], i: usize) -> f32 {
    pow2_quarters(pow2_get(codes, i)) as f32 / 4.0
}

/// The 4-bit code `i` of a packed stream, sign-extended (0 past its end).
#[inline(always)]
pub fn int4_get(codes: &[u8], i: usize) -> i32 {
    let b = codes.get(i / 2).map_or(0, |&b| b);
    let nibble = if i % 2 == 0 { b & 0x0f } else { b >> 4 };
    (((nibble << 4) as i8) >> 4) as i32
}

/// The 4-bit code of `w · 2^exp`, rounded to nearest and saturated to −8 … 7.
pub fn int4_code(w: f32, exp: i32) -> i8 {
    let v = libm::roundf(w * libm::exp2f(exp as f32));
    if v >= 7.0 {
        7
    } else if v <= -8.0 {
        -8
    } else if !v.is_nan() {
        v as i8
    } else {
        0
    }
}

/// Packs `weights · 2^exp` as 4-bit codes into `out` (at least
/// [`int4_bytes`]`(weights.len())` bytes, which are overwritten).
pub fn pack_int4(weights: &[f32], exp: i32, out: &mut [u8]) -> Result {
    let n = int4_bytes(weights.len()).ok_or(Error::Overflow)?;
    let out = out.get_mut(..n).ok_or(Error::Length)?;
    out.iter_mut().for_each(|b| *b = 0);
    for (i, &w) in weights.iter().enumerate() {
        let nibble = (int4_code(w, exp) as u8) & 0x0f;
        if let Some(b) = out.get_mut(i / 2) {
            *b |= if i % 2 == 0 { nibble } else { nibble << 4 };
        }
    }
    Ok(())
}

/// The largest exponent `e ≤ 15` with every `round(w · 2^e)` in −8 … 7
/// (15 for an all-zero matrix).
pub fn int4_exponent(weights: &[f32]) -> i32 {
    let mut e = 15;
    while e > -15 && weights.iter().any(|&w| {
        let v = libm::roundf(w * libm::exp2f(e as f32));
        !(-8.0..=7.0).contains(&v)
    }) {
        e -= 1;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow2_codes_are_the_papers_table() {
        let table = [(1.0f32, 0b000u8), (0.5, 0b001), (0.25, 0b010), (0.0, 0b111), (-0.25, 0b110), (-0.5, 0b101), (-1.0, 0b100)];
        for (w, c) in table {
            assert_eq!(pow2_code(w), c, "{w}");
            assert_eq!(pow2_quarters(c) as f32 / 4.0, w);
        }
        assert_eq!(pow2_quarters(0b011), 0);
    }

    #[test]
    fn pow2_products_are_shifts_equal_to_multiplication() {
        for code in 0..8u8 {
            for v in [-32768, -12345, -1, 0, 1, 777, 32767] {
                assert_eq!(pow2_product(code, v), pow2_quarters(code) * v, "code {code:03b} v {v}");
            }
        }
    }

    #[test]
    fn eight_pow2_codes_fill_three_bytes() {
        let w = [1.0f32, 0.5, 0.25, 0.0, -0.25, -0.5, -1.0, 0.5, 1.0];
        let mut out = [0xffu8; 5];
        pack_pow2(&w[..8], &mut out).unwrap();
        assert_eq!(out[3..], [0xff, 0xff]);
        for (i, &x) in w[..8].iter().enumerate() {
            assert_eq!(pow2_value(&out, i), x, "code {i}");
        }
        assert_eq!(pow2_bytes(8), Some(3));
        assert_eq!(pow2_bytes(9), Some(4));
        let mut out = [0u8; 4];
        pack_pow2(&w, &mut out).unwrap();
        assert_eq!(pow2_value(&out, 8), 1.0);
        assert_eq!(pack_pow2(&w, &mut [0u8; 3]), Err(Error::Length));
    }

    #[test]
    fn int4_codes_round_trip_two_per_byte() {
        let w: [f32; 5] = [-1.0, 0.875, 0.125, -0.5, 0.0];
        let e = int4_exponent(&w);
        assert_eq!(e, 3);
        let mut out = [0u8; 3];
        pack_int4(&w, e, &mut out).unwrap();
        let back: [i32; 5] = core::array::from_fn(|i| int4_get(&out, i));
        assert_eq!(back, [-8, 7, 1, -4, 0]);
        assert_eq!(out[0], 0x78);
        assert_eq!(int4_code(9.0, 0), 7);
        assert_eq!(int4_code(-9.0, 0), -8);
        assert_eq!(int4_code(f32::NAN, 0), 0);
    }
}
