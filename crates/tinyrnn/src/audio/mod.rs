//! The audio front-end: 16-bit samples in, Q15 feature frames out, ready to
//! feed a cell of [`crate::cells`] or [`crate::q15`] directly.
//!
//! - [`bandpass`]: a bank of first-order (two-pole) band-pass sections,
//!   full-wave rectified and integrated per frame, then log-compressed — the
//!   front-end of Hardy & Badets' wake-up MGU.
//! - [`fft`]: a Q15 real FFT (16 … 1024 points) and its float twin.
//! - [`spectrum`]: streaming FFT features with hop: power or magnitude bins,
//!   optionally mel-grouped and log-compressed, as TinyEats uses.
//!
//! Every front-end is streaming: samples arrive in blocks of any length, the
//! state lives in caller-owned structs and slices (no heap), and a `push`
//! consumes samples until a frame completes, so chunking never changes the
//! features. Each has a float twin with the same structure and unquantized
//! coefficients; `tests/audio_front_end.rs` pins how closely the Q15 path
//! tracks it.
//!
//! The front-end has no EdgeML scale parameters: its arithmetic (and so
//! its output) is the same whether the cells downstream are built with
//! `SHIFT` or not.
//!
//! Log features share one unit: `log2(amplitude) / 16` (equivalently
//! `log2(power) / 32`) as a Q15 number, so `-32768` is an amplitude of
//! `2^-16` (−96 dBFS) or less and each 6.02 dB adds `2048`.

pub mod bandpass;
pub mod fft;
pub mod fmath;
pub mod spectrum;
pub mod twiddle;

pub use bandpass::{BandPass, BandPassConfig, BandPassF32, BandPassSection, BandPassSectionF32, BandPassState, BandPassStateF32};
pub use fft::{rfft_f32, rfft_q15};
pub use spectrum::{FftConfig, FftFeatures, FftFeaturesF32, MelBin};

/// `log2(1 + i/32)` in Q16, `i` in `0..=32`: the mantissa table of [`log2_q16`].
const LOG2_MANTISSA_Q16: [u32; 33] = [
    0, 2909, 5732, 8473, 11136, 13727, 16248, 18704, 21098, 23433, 25711, 27936, 30109, 32234, 34312, 36346,
    38336, 40286, 42196, 44068, 45904, 47705, 49472, 51207, 52911, 54584, 56229, 57845, 59434, 60997, 62534,
    64047, 65536,
];

/// `log2(v)` in Q16 for `v > 0` (`v` an integer), `None` for `0`.
///
/// Leading-zero count for the integer part, a 33-entry table with linear
/// interpolation for the mantissa: error below `2e-4` (13 Q16 units).
pub fn log2_q16(v: u64) -> Option<i32> {
    if v == 0 {
        return None;
    }
    let e = 63 - v.leading_zeros();
    // Mantissa with its leading one at bit 31.
    let m = ((v << (63 - e)) >> 32) as u32;
    let idx = ((m >> 26) & 31) as usize;
    let frac = (m >> 10) & 0xFFFF;
    let a = LOG2_MANTISSA_Q16.get(idx).copied().unwrap_or(0);
    let b = LOG2_MANTISSA_Q16.get(idx + 1).copied().unwrap_or(a);
    let f = a + (((b - a) * frac) >> 16);
    Some(((e as i32) << 16) + f as i32)
}

/// The log feature of a value with `frac_bits` fractional bits whose log is
/// wanted divided by `divide_by` (16 for amplitudes, 32 for powers):
/// `log2(v / 2^frac_bits) / divide_by` in Q15, saturated; `v == 0` gives
/// `-32768`. `divide_by` must be 16 or 32 (any other value is taken as 16).
pub fn log_feature_q15(v: u64, frac_bits: u32, divide_by: u32) -> i16 {
    let Some(l) = log2_q16(v) else { return i16::MIN };
    let l = l as i64 - ((frac_bits as i64) << 16);
    // Q16 / 16 → Q15 is >> 5; / 32 is >> 6.
    let shift = if divide_by == 32 { 6 } else { 5 };
    let q = (l + (1 << (shift - 1))) >> shift;
    q.clamp(i16::MIN as i64, i16::MAX as i64) as i16
}

/// Float twin of [`log_feature_q15`] on a real value: `log2(v) / divide_by`
/// clamped to `[-1, 32767/32768]`.
pub fn log_feature_f32(v: f32, divide_by: f32) -> f32 {
    if v.is_nan() || v <= 0.0 {
        return -1.0;
    }
    (libm::log2f(v) / divide_by).clamp(-1.0, 32767.0 / 32768.0)
}

/// Q15 of a float in `[-1, 1)`, rounded and saturated (NaN → 0).
pub fn to_q15(x: f32) -> i16 {
    let v = libm::roundf(x * 32768.0);
    if v.is_nan() {
        0
    } else {
        v.clamp(-32768.0, 32767.0) as i16
    }
}
