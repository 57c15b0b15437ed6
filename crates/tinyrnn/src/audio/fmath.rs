//! The few float functions the design steps need (`sin`, `cos`, `log2`,
//! `exp2`), in `f32` only and for the arguments they see. `libm`'s versions
//! carry large-argument reduction and `f64` internals that cost a firmware
//! several kilobytes of flash (and soft-double routines on cores without a
//! double FPU) for a computation done once at start-up. Accuracy: a few ULP
//! over the design's domain (`tests/audio_front_end.rs` compares with
//! `f64`).

const FRAC_PI_2_HI: f32 = 1.570_796_4;
const FRAC_PI_2_LO: f32 = -4.371_139e-8;

/// `(sin x, cos x)` for finite `x` with `|x| <= 2^20` (NaN otherwise).
pub fn sin_cos(x: f32) -> (f32, f32) {
    if !x.is_finite() || x.abs() > 1_048_576.0 {
        return (f32::NAN, f32::NAN);
    }
    let k = round(x / core::f32::consts::FRAC_PI_2);
    let r = (x - k * FRAC_PI_2_HI) - k * FRAC_PI_2_LO;
    let r2 = r * r;
    let s = r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362_880.0)))));
    let c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0))));
    match (k as i32) & 3 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// Nearest integer (halves away from zero), for `|x| < 2^23`.
fn round(x: f32) -> f32 {
    let t = (x.abs() + 0.5) as i32 as f32;
    if x < 0.0 {
        -t
    } else {
        t
    }
}

/// `log2 x` for `x > 0` (NaN for `x <= 0` or NaN, `inf` for `inf`).
pub fn log2(x: f32) -> f32 {
    if x.is_nan() || x <= 0.0 {
        return f32::NAN;
    }
    if x.is_infinite() {
        return x;
    }
    // Subnormals: scale into the normal range first.
    let (x, bias) = if x < f32::MIN_POSITIVE { (x * 16_777_216.0, -24) } else { (x, 0) };
    let bits = x.to_bits();
    let mut e = ((bits >> 23) & 0xFF) as i32 - 127 + bias;
    let mut m = f32::from_bits((bits & 0x007F_FFFF) | 0x3F80_0000);
    if m > core::f32::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh((m − 1)/(m + 1)), |t| <= 0.172.
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let ln_m = 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0 + t2 * (1.0 / 9.0)))));
    e as f32 + ln_m * core::f32::consts::LOG2_E
}

/// `2^y` (0 below −149, `inf` above 128, NaN for NaN).
pub fn exp2(y: f32) -> f32 {
    if y.is_nan() {
        return y;
    }
    if y >= 128.0 {
        return f32::INFINITY;
    }
    if y < -149.0 {
        return 0.0;
    }
    let n = y as i32 - i32::from(y < 0.0 && y != y as i32 as f32);
    let f = (y - n as f32) * core::f32::consts::LN_2;
    let p = 1.0
        + f * (1.0
            + f * (0.5
                + f * (1.0 / 6.0 + f * (1.0 / 24.0 + f * (1.0 / 120.0 + f * (1.0 / 720.0 + f * (1.0 / 5040.0 + f * (1.0 / 40320.0))))))));
    // p * 2^n, in two steps so that n down to −149 stays representable.
    let half = n / 2;
    p * pow2i(half) * pow2i(n - half)
}

/// `2^n` for `n` in `−126..=127`.
fn pow2i(n: i32) -> f32 {
    f32::from_bits(((n.clamp(-126, 127) + 127) as u32) << 23)
}

/// `a^b` for `a > 0` (via `exp2(b log2 a)`).
pub fn powf(a: f32, b: f32) -> f32 {
    exp2(b * log2(a))
}

/// `log10 x`.
pub fn log10(x: f32) -> f32 {
    log2(x) * core::f32::consts::LOG10_2
}
