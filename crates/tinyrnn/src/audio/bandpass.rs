//! Band-pass filter bank: `N` sections, each the bilinear transform of the
//! first-order analog band-pass `H(s) = (s/Q) / (s² + s/Q + 1)` (0 dB at its
//! centre), then full-wave rectification, integrate-and-dump over a frame of
//! `frame_len` samples, and log compression.
//!
//! Per band and sample (`x` the input, `y` the band output):
//!
//! ```text
//! y[n] = b0 (x[n] − x[n−2]) − a1 y[n−1] − a2 y[n−2]
//! feature = log2( Σ_frame |y| / frame_len ) / 16          (Q15, see crate::audio)
//! ```
//!
//! with `w0 = 2π fc / fs`, `α = sin(w0) / 2Q`, `b0 = α / (1+α)`,
//! `a1 = −2 cos(w0) / (1+α)`, `a2 = (1−α) / (1+α)`. Centres are log-spaced:
//! `fc_i = f_low · (f_high / f_low)^(i / (N−1))`.
//!
//! Q15 layout ([`BandPassSection`], computed by [`design`] from floats):
//!
//! | field | value | format |
//! |---|---|---|
//! | `b0` | `b0` | Q15 (`0 < b0 < 0.5`) |
//! | `c1` | `−a1` | Q14 (`\|a1\| < 2`) |
//! | `c2` | `−a2` | Q15 (`\|a2\| < 1`) |
//!
//! State ([`BandPassState`]): the last two inputs in Q15 (`i16`), the last
//! two outputs in Q24 (`i32`, 8 integer bits of headroom), the frame's sum
//! of `|y|` in Q24 (`u64`). The feedback path keeps 24 fractional bits
//! because a narrow low band (100 Hz at 16 kHz, Q = 4: poles at radius
//! 0.995) amplifies the rounding of a Q15 state some 50 times. Each output
//! is `(b0·(x−x2)·2^9 + c1·y1·2 + c2·y2 + 2^14) >> 15` from one 64-bit
//! sum, saturated to `i32`.

use super::{fmath, log2_q16, log_feature_f32, to_q15};
use crate::error::{Error, Result};

/// Design parameters of a filter bank (the C struct `TinyRNN_BandPassConfig`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandPassConfig {
    /// Sampling rate in Hz.
    pub sample_rate: f32,
    /// Centre of the first band in Hz (`0 < f_low <= f_high`).
    pub f_low: f32,
    /// Centre of the last band in Hz (`< sample_rate / 2`).
    pub f_high: f32,
    /// Quality factor of every section (`> 0.1`).
    pub q: f32,
    /// Samples per feature frame (`>= 1`).
    pub frame_len: u32,
}

impl Default for BandPassConfig {
    /// 16 kHz, centres 100 Hz … 7 kHz, Q = 4, 16 ms frames (256 samples).
    fn default() -> Self {
        BandPassConfig { sample_rate: 16000.0, f_low: 100.0, f_high: 7000.0, q: 4.0, frame_len: 256 }
    }
}

/// Number of bands of the default bank.
pub const DEFAULT_BANDS: usize = 16;

/// Q15 coefficients of one section: `b0` (Q15), `c1 = -a1` (Q14),
/// `c2 = -a2` (Q15) of `y = b0 (x - x2) - a1 y1 - a2 y2`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BandPassSection {
    /// `b0` in Q15.
    pub b0: i16,
    /// `−a1` in Q14.
    pub c1: i16,
    /// `−a2` in Q15.
    pub c2: i16,
}

/// State of one section: the last two inputs in Q15, the last two outputs
/// in Q24, the frame's sum of `|y|` in Q24. All zero is the initial state.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BandPassState {
    /// `x[n−1]` in Q15.
    pub x1: i16,
    /// `x[n−2]` in Q15.
    pub x2: i16,
    /// `y[n−1]` in Q24.
    pub y1: i32,
    /// `y[n−2]` in Q24.
    pub y2: i32,
    /// `Σ|y|` of the current frame in Q24.
    pub sum: u64,
}

/// Float coefficients of one section, unquantized.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BandPassSectionF32 {
    /// `b0`.
    pub b0: f32,
    /// `a1`.
    pub a1: f32,
    /// `a2`.
    pub a2: f32,
}

/// Float state of one section.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BandPassStateF32 {
    /// `x[n−1]`.
    pub x1: f32,
    /// `x[n−2]`.
    pub x2: f32,
    /// `y[n−1]`.
    pub y1: f32,
    /// `y[n−2]`.
    pub y2: f32,
    /// `Σ|y|` of the current frame.
    pub sum: f32,
}

fn check_config(cfg: &BandPassConfig, bands: usize) -> Result {
    let finite = [cfg.sample_rate, cfg.f_low, cfg.f_high, cfg.q].iter().all(|v| v.is_finite());
    if bands == 0 || cfg.frame_len == 0 {
        return Err(Error::Zero);
    }
    // Every comparison is false on NaN, so `ok` also refuses NaN.
    let ok = finite
        && cfg.sample_rate > 0.0
        && cfg.f_low > 0.0
        && cfg.f_low <= cfg.f_high
        && cfg.f_high < cfg.sample_rate / 2.0
        && cfg.q >= 0.1
        && bands <= 255;
    if !ok {
        return Err(Error::Config);
    }
    Ok(())
}

/// Centre frequency of band `i` of `bands` (log-spaced).
pub fn centre(cfg: &BandPassConfig, i: usize, bands: usize) -> f32 {
    if bands < 2 {
        return cfg.f_low;
    }
    let t = i as f32 / (bands - 1) as f32;
    cfg.f_low * fmath::powf(cfg.f_high / cfg.f_low, t)
}

fn design_one(cfg: &BandPassConfig, i: usize, bands: usize) -> BandPassSectionF32 {
    let w0 = 2.0 * core::f32::consts::PI * centre(cfg, i, bands) / cfg.sample_rate;
    let (sin, cos) = fmath::sin_cos(w0);
    let alpha = sin / (2.0 * cfg.q);
    let norm = 1.0 + alpha;
    BandPassSectionF32 { b0: alpha / norm, a1: -2.0 * cos / norm, a2: (1.0 - alpha) / norm }
}

/// Float coefficients of a bank of `out.len()` bands.
pub fn design_f32(cfg: &BandPassConfig, out: &mut [BandPassSectionF32]) -> Result {
    check_config(cfg, out.len())?;
    let n = out.len();
    for (i, s) in out.iter_mut().enumerate() {
        *s = design_one(cfg, i, n);
    }
    Ok(())
}

/// Q15 coefficients of a bank of `out.len()` bands (layout in the module
/// comment). Errors: no band or `frame_len == 0` → [`Error::Zero`]; a
/// non-finite value, `f_low > f_high`, `f_high >= sample_rate / 2`,
/// `q < 0.1` or more than 255 bands → [`Error::Config`].
pub fn design(cfg: &BandPassConfig, out: &mut [BandPassSection]) -> Result {
    check_config(cfg, out.len())?;
    let n = out.len();
    for (i, s) in out.iter_mut().enumerate() {
        let f = design_one(cfg, i, n);
        *s = BandPassSection { b0: to_q15(f.b0), c1: to_q15(-f.a1 / 2.0), c2: to_q15(-f.a2) };
    }
    Ok(())
}

/// One Q15 step of a section; returns `|y|` in Q24.
///
/// Written as one 32-bit product and two 32×32→64 products (`SMLAL` on
/// Cortex-M4): `b0 (x − x2)` fits 32 bits (|·| < 2^31), and so does `2 c1`.
#[inline(always)]
fn step(c: &BandPassSection, s: &mut BandPassState, x: i16) -> u32 {
    let feed = (c.b0 as i32) * (x as i32 - s.x2 as i32);
    let acc = ((feed as i64) << 9)
        + ((2 * c.c1 as i32) as i64) * (s.y1 as i64)
        + (c.c2 as i64) * (s.y2 as i64)
        + (1 << 14);
    let wide = acc >> 15;
    // Saturate (only an input far beyond speech can get here).
    let y = if wide as i32 as i64 == wide { wide as i32 } else if wide < 0 { i32::MIN } else { i32::MAX };
    s.x2 = s.x1;
    s.x1 = x;
    s.y2 = s.y1;
    s.y1 = y;
    y.unsigned_abs()
}

/// A streaming Q15 filter bank over caller-owned coefficients and state.
///
/// The C ABI keeps the same fields in `TinyRNN_BandPass` and rebuilds this
/// view on every call.
#[derive(Debug)]
pub struct BandPass<'a> {
    sections: &'a [BandPassSection],
    state: &'a mut [BandPassState],
    frame_len: u32,
    count: u32,
}

impl<'a> BandPass<'a> {
    /// A bank over `sections` (from [`design`]) and as many states, which
    /// are reset. `count` samples of the current frame have been seen
    /// (0 for a fresh stream).
    ///
    /// Errors: `state.len() != sections.len()` → [`Error::Length`]; no band
    /// or `frame_len == 0` → [`Error::Zero`]; `count >= frame_len` →
    /// [`Error::Config`].
    pub fn resume(sections: &'a [BandPassSection], state: &'a mut [BandPassState], frame_len: u32, count: u32) -> Result<Self> {
        if state.len() != sections.len() {
            return Err(Error::Length);
        }
        if sections.is_empty() || frame_len == 0 {
            return Err(Error::Zero);
        }
        if count >= frame_len {
            return Err(Error::Config);
        }
        Ok(BandPass { sections, state, frame_len, count })
    }

    /// A fresh stream: as [`BandPass::resume`] with the state zeroed.
    pub fn new(sections: &'a [BandPassSection], state: &'a mut [BandPassState], frame_len: u32) -> Result<Self> {
        let bp = Self::resume(sections, state, frame_len, 0)?;
        bp.state.fill(BandPassState::default());
        Ok(bp)
    }

    /// Samples of the current frame seen so far.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Number of features per frame (one per band).
    pub fn bands(&self) -> usize {
        self.sections.len()
    }

    /// Consumes samples until a frame completes or `samples` runs out.
    /// Returns how many samples were consumed and whether a frame completed;
    /// if so, `features[..bands]` holds it (log features, Q15). Call again
    /// with the rest of the block.
    ///
    /// Errors (nothing consumed or written): `features` shorter than the
    /// number of bands → [`Error::Length`].
    pub fn push(&mut self, samples: &[i16], features: &mut [i16]) -> Result<(usize, bool)> {
        let features = features.get_mut(..self.sections.len()).ok_or(Error::Length)?;
        let room = (self.frame_len - self.count) as usize;
        let take = samples.len().min(room);
        let block = samples.get(..take).unwrap_or(&[]);
        for (c, s) in self.sections.iter().zip(self.state.iter_mut()) {
            // Work on a local copy so the state stays in registers.
            let mut local = *s;
            let mut sum = local.sum;
            for &x in block {
                sum = sum.wrapping_add(step(c, &mut local, x) as u64);
            }
            local.sum = sum;
            *s = local;
        }
        self.count += take as u32;
        if self.count < self.frame_len {
            return Ok((take, false));
        }
        self.count = 0;
        // log2(sum / frame_len) in Q16, then / 16 in Q15: no division needed.
        let len_log = log2_q16(self.frame_len as u64).unwrap_or(0) as i64;
        for (f, s) in features.iter_mut().zip(self.state.iter_mut()) {
            *f = match log2_q16(s.sum) {
                None => i16::MIN,
                Some(l) => {
                    let l = l as i64 - len_log - (24 << 16);
                    ((l + 16) >> 5).clamp(i16::MIN as i64, i16::MAX as i64) as i16
                }
            };
            s.sum = 0;
        }
        Ok((take, true))
    }
}

/// The float twin of [`BandPass`]: the same bank with unquantized
/// coefficients, on samples scaled to `[-1, 1)` (`x / 32768`).
#[derive(Debug)]
pub struct BandPassF32<'a> {
    sections: &'a [BandPassSectionF32],
    state: &'a mut [BandPassStateF32],
    frame_len: u32,
    count: u32,
}

impl<'a> BandPassF32<'a> {
    /// As [`BandPass::new`].
    pub fn new(sections: &'a [BandPassSectionF32], state: &'a mut [BandPassStateF32], frame_len: u32) -> Result<Self> {
        if state.len() != sections.len() {
            return Err(Error::Length);
        }
        if sections.is_empty() || frame_len == 0 {
            return Err(Error::Zero);
        }
        state.fill(BandPassStateF32::default());
        Ok(BandPassF32 { sections, state, frame_len, count: 0 })
    }

    /// As [`BandPass::push`]; features are `log2(mean |y|) / 16` clamped to
    /// `[-1, 32767/32768]`.
    pub fn push(&mut self, samples: &[f32], features: &mut [f32]) -> Result<(usize, bool)> {
        let features = features.get_mut(..self.sections.len()).ok_or(Error::Length)?;
        let room = (self.frame_len - self.count) as usize;
        let take = samples.len().min(room);
        let block = samples.get(..take).unwrap_or(&[]);
        for (c, s) in self.sections.iter().zip(self.state.iter_mut()) {
            for &x in block {
                let y = c.b0 * (x - s.x2) - c.a1 * s.y1 - c.a2 * s.y2;
                s.x2 = s.x1;
                s.x1 = x;
                s.y2 = s.y1;
                s.y1 = y;
                s.sum += libm::fabsf(y);
            }
        }
        self.count += take as u32;
        if self.count < self.frame_len {
            return Ok((take, false));
        }
        self.count = 0;
        for (f, s) in features.iter_mut().zip(self.state.iter_mut()) {
            *f = log_feature_f32(s.sum / self.frame_len as f32, 16.0);
            s.sum = 0.0;
        }
        Ok((take, true))
    }
}
