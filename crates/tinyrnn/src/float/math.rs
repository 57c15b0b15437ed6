//! The C maths functions EdgeML's float code calls (`expf`, `logf`, `tanh`),
//! with the results glibc gives, so that the float API matches the reference
//! bit for bit.
//!
//! - `tanh` (double) is [`libm::tanh`]: over every `f32` input, its result
//!   narrowed to `f32` (the only way EdgeML uses it) equals glibc's.
//! - `expf` and `logf` are not taken from the `libm` crate: its versions
//!   (FreeBSD's single-precision algorithms) differ from glibc's by one ULP on
//!   about 1 % of inputs. glibc (like musl and newlib) uses the algorithms of
//!   Arm's optimized-routines (MIT licence): a table of 2^(i/32) (`expf`) or of
//!   1/c, log(c) (`logf`) and a short polynomial, evaluated in double. They are
//!   implemented here from that description, with the same tables and
//!   coefficients, evaluated in the same order. Checked over all 2^32 inputs
//!   against glibc 2.36 on x86-64: `logf` never differs; `expf` differs on
//!   exactly two inputs (`x = 0x4202422f`, `0xc27c65d9` as bits), where
//!   glibc's FMA code path (chosen on x86-64 CPUs with FMA, and the path any
//!   AArch64 build takes) rounds the wrong way by one ULP. There the result
//!   here is the correctly rounded one, which is also what glibc's non-FMA
//!   path and newlib on Cortex-M (no double-precision FMA) return.
//!
//! Everything is plain IEEE-754 double arithmetic (no fused multiply-add), so
//! the results are the same on every target, including soft-float ones.

/// `expf` table: bits of 2^(i/32) minus `i << 47` (the exponent the caller
/// adds back), `i = 0..32`.
const EXP_TAB: [u64; 32] = [
    0x3ff0000000000000,
    0x3fefd9b0d3158574,
    0x3fefb5586cf9890f,
    0x3fef9301d0125b51,
    0x3fef72b83c7d517b,
    0x3fef54873168b9aa,
    0x3fef387a6e756238,
    0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715,
    0x3feef1a7373aa9cb,
    0x3feedea64c123422,
    0x3feece086061892d,
    0x3feebfdad5362a27,
    0x3feeb42b569d4f82,
    0x3feeab07dd485429,
    0x3feea47eb03a5585,
    0x3feea09e667f3bcd,
    0x3fee9f75e8ec5f74,
    0x3feea11473eb0187,
    0x3feea589994cce13,
    0x3feeace5422aa0db,
    0x3feeb737b0cdc5e5,
    0x3feec49182a3f090,
    0x3feed503b23e255d,
    0x3feee89f995ad3ad,
    0x3feeff76f2fb5e47,
    0x3fef199bdd85529c,
    0x3fef3720dcef9069,
    0x3fef5818dcfba487,
    0x3fef7c97337b9b5f,
    0x3fefa4afa2a490da,
    0x3fefd0765b6e4540,
];

/// 32/ln 2.
const EXP_INV_LN2_N: u64 = 0x40471547652b82fe;
/// Polynomial for 2^(r/32) - 1, highest degree first (already divided by 32^k).
const EXP_POLY: [u64; 3] = [0x3ebc6af84b912394, 0x3f2ebfce50fac4f3, 0x3f962e42ff0c52d6];
/// 1.5 · 2^52: adding it rounds a double to an integer held in the low bits.
const ROUND_SHIFT: f64 = 6755399441055744.0;

/// Single-precision e^x, with glibc's results (see the module documentation).
pub fn expf(x: f32) -> f32 {
    let bits = x.to_bits();
    let abstop = (bits >> 20) & 0x7ff;
    if abstop >= (88.0f32.to_bits() >> 20) {
        // |x| >= 88, infinite or NaN.
        if bits == f32::NEG_INFINITY.to_bits() {
            return 0.0;
        }
        if abstop >= (f32::INFINITY.to_bits() >> 20) {
            return x + x;
        }
        if x > f32::from_bits(0x42b17217) {
            // Above log(2^128).
            return f32::INFINITY;
        }
        if x < f32::from_bits(0xc2cff1b4) {
            // Below log(2^-150).
            return 0.0;
        }
    }
    // x·32/ln2 = k + r, k an integer, |r| <= 1/2.
    let z = f64::from_bits(EXP_INV_LN2_N) * x as f64;
    let shifted = z + ROUND_SHIFT;
    let k = shifted.to_bits();
    let r = z - (shifted - ROUND_SHIFT);
    // e^x = 2^(k/32) · 2^(r/32); 2^(k/32) from the table and k's high bits.
    let scale = f64::from_bits(EXP_TAB[(k & 31) as usize].wrapping_add(k << 47));
    let [c0, c1, c2] = EXP_POLY.map(f64::from_bits);
    let hi = c0 * r + c1;
    let r2 = r * r;
    let lo = c2 * r + 1.0;
    ((hi * r2 + lo) * scale) as f32
}

/// `logf` table: (1/c, log c) for 16 subintervals around 1.
const LOG_TAB: [(u64, u64); 16] = [
    (0x3ff661ec79f8f3be, 0xbfd57bf7808caade),
    (0x3ff571ed4aaf883d, 0xbfd2bef0a7c06ddb),
    (0x3ff49539f0f010b0, 0xbfd01eae7f513a67),
    (0x3ff3c995b0b80385, 0xbfcb31d8a68224e9),
    (0x3ff30d190c8864a5, 0xbfc6574f0ac07758),
    (0x3ff25e227b0b8ea0, 0xbfc1aa2bc79c8100),
    (0x3ff1bb4a4a1a343f, 0xbfba4e76ce8c0e5e),
    (0x3ff12358f08ae5ba, 0xbfb1973c5a611ccc),
    (0x3ff0953f419900a7, 0xbfa252f438e10c1e),
    (0x3ff0000000000000, 0x0000000000000000),
    (0x3fee608cfd9a47ac, 0x3faaa5aa5df25984),
    (0x3feca4b31f026aa0, 0x3fbc5e53aa362eb4),
    (0x3feb2036576afce6, 0x3fc526e57720db08),
    (0x3fe9c2d163a1aa2d, 0x3fcbc2860d224770),
    (0x3fe886e6037841ed, 0x3fd1058bc8a07ee1),
    (0x3fe767dcf5534862, 0x3fd4043057b6ee09),
];
/// ln 2.
const LN2: u64 = 0x3fe62e42fefa39ef;
/// Polynomial for log(1+r) - r, coefficients of r^4, r^3, r^2.
const LOG_POLY: [u64; 3] = [0xbfd00ea348b88334, 0x3fd5575b0be00b6a, 0xbfdffffef20a4123];

/// Single-precision natural logarithm, with glibc's results.
pub fn logf(x: f32) -> f32 {
    let mut ix = x.to_bits();
    if ix == 0x3f80_0000 {
        return 0.0;
    }
    if ix.wrapping_sub(0x0080_0000) >= 0x7f80_0000 - 0x0080_0000 {
        // Zero, subnormal, negative, infinite or NaN.
        if ix << 1 == 0 {
            return f32::NEG_INFINITY;
        }
        if ix == 0x7f80_0000 {
            return x;
        }
        if ix & 0x8000_0000 != 0 || ix << 1 >= 0xff00_0000 {
            // Negative or NaN: NaN (glibc computes it as 0/0; NaN signs and
            // payloads are not reproduced, see docs/float-api.md).
            return if x.is_nan() { x + x } else { f32::NAN };
        }
        // Subnormal: scale into the normal range, remove the scale from k.
        ix = (x * 8388608.0).to_bits().wrapping_sub(23 << 23);
    }
    // x = 2^k · z with z in [0x3f330000, 2·0x3f330000): 0.7 <= z < 1.4.
    let tmp = ix.wrapping_sub(0x3f33_0000);
    let (inv_c, log_c) = LOG_TAB[((tmp >> 19) & 15) as usize];
    let k = (tmp as i32) >> 23;
    let z = f32::from_bits(ix.wrapping_sub(tmp & 0xff80_0000)) as f64;
    // log(x) = k·ln2 + log(c) + log(z/c), z/c = 1 + r.
    let r = z * f64::from_bits(inv_c) - 1.0;
    let y0 = f64::from_bits(log_c) + k as f64 * f64::from_bits(LN2);
    let [a0, a1, a2] = LOG_POLY.map(f64::from_bits);
    let r2 = r * r;
    let y = a1 * r + a2;
    let y = a0 * r2 + y;
    (y * r2 + (y0 + r)) as f32
}

/// Double-precision hyperbolic tangent ([`libm::tanh`]).
#[inline]
pub fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values() {
        assert_eq!(expf(0.0), 1.0);
        assert_eq!(expf(-0.0), 1.0);
        assert_eq!(expf(f32::NEG_INFINITY), 0.0);
        assert_eq!(expf(f32::INFINITY), f32::INFINITY);
        assert!(expf(f32::NAN).is_nan());
        assert_eq!(expf(89.0), f32::INFINITY);
        assert_eq!(expf(-104.0), 0.0);
        assert_eq!(expf(1.0), core::f32::consts::E);
        assert!(expf(-100.0) > 0.0); // subnormal result
        assert_eq!(logf(1.0), 0.0);
        assert_eq!(logf(0.0), f32::NEG_INFINITY);
        assert_eq!(logf(-0.0), f32::NEG_INFINITY);
        assert_eq!(logf(f32::INFINITY), f32::INFINITY);
        assert!(logf(-1.0).is_nan());
        assert!(logf(f32::NEG_INFINITY).is_nan());
        assert!(logf(f32::NAN).is_nan());
        assert!((logf(f32::from_bits(1)) + 103.27893).abs() < 1e-4); // smallest subnormal
    }

    /// The two inputs where glibc's FMA path is one ULP off (see module docs).
    #[test]
    fn correctly_rounded_where_glibc_fma_is_not() {
        assert_eq!(expf(f32::from_bits(0x4202422f)).to_bits(), 0x56fc9f1b);
        assert_eq!(expf(f32::from_bits(0xc27c65d9)).to_bits(), 0x11fa2992);
    }

    /// Compares with the C library of the host when it is glibc, on a
    /// sample of all 2^32 inputs (every 61st bit pattern, plus the
    /// neighbourhood of 0 and of the overflow/underflow limits).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[cfg_attr(miri, ignore = "calls glibc, which Miri cannot run")]
    #[test]
    fn same_as_glibc() {
        extern "C" {
            #[link_name = "expf"]
            fn glibc_expf(x: f32) -> f32;
            #[link_name = "logf"]
            fn glibc_logf(x: f32) -> f32;
            #[link_name = "tanh"]
            fn glibc_tanh(x: f64) -> f64;
        }
        let skip = [0x4202422fu32, 0xc27c65d9];
        let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        let edges = [0u32, 0x8000_0000, 0x42b17217, 0xc2cff1b4, 0x42b00000, 0xc2b00000, 0x3f800000, 0x00800000];
        let near = edges.iter().flat_map(|&e| (0..2000u32).map(move |d| e.wrapping_add(d).wrapping_sub(1000)));
        let mut n = 0u64;
        for b in (0..=u32::MAX).step_by(61).chain(near) {
            if skip.contains(&b) {
                continue;
            }
            let x = f32::from_bits(b);
            // SAFETY: the C library's pure maths functions.
            let (e, l, t) = unsafe { (glibc_expf(x), glibc_logf(x), glibc_tanh(x as f64) as f32) };
            assert!(
                same(expf(x), e),
                "expf({x:e} = {b:#010x}): {:#010x} vs glibc {:#010x}",
                expf(x).to_bits(),
                e.to_bits()
            );
            assert!(
                same(logf(x), l),
                "logf({x:e} = {b:#010x}): {:#010x} vs glibc {:#010x}",
                logf(x).to_bits(),
                l.to_bits()
            );
            assert!(same(tanh(x as f64) as f32, t), "tanh({x:e})");
            n += 1;
        }
        assert!(n > 70_000_000);
    }
}
