//! Streaming FFT features with hop: every `hop` samples, the last `n`
//! samples (optionally Hann-windowed) go through [`super::rfft_q15`], and
//! the frame's `n/2 + 1` bins become power or magnitude features,
//! optionally grouped into mel bands and log-compressed.
//!
//! Units (Q15 path; the float twin returns the same quantities as reals):
//!
//! | kind | linear feature | log feature |
//! |---|---|---|
//! | power | `\|X/n\|²` in Q15 (saturated) | `log2(\|X/n\|²) / 32` |
//! | magnitude | `\|X/n\|` in Q15 (saturated) | `log2(\|X/n\|) / 16` |
//!
//! so log power and log magnitude features are equal. Each frame is scaled
//! up by the largest power of two that keeps its peak in 16 bits before the
//! FFT (block floating point) and the features are scaled back, so quiet
//! frames keep the transform's full precision. A mel band sums its
//! bins' powers (or magnitudes) weighted by its triangle.
//!
//! Mel table ([`MelBin`], one per bin, computed by [`design_mel`]): mel
//! edges `e_0 < … < e_{B+1}` are equally spaced on the mel scale
//! (`2595 log10(1 + f/700)`) from `f_low` to `f_high`; triangle `b` rises
//! from `e_b` to `e_{b+1}` and falls to `e_{b+2}`. A bin between `e_j` and
//! `e_{j+1}` stores `band = j` and `weight = (f − e_j)/(e_{j+1} − e_j)` in
//! Q15: it adds `weight` of itself to band `j` (if `j < B`) and
//! `1 − weight` to band `j − 1` (if `j >= 1`). Bins outside the edges
//! store `band = 255` and contribute nothing.

use super::fft::{cos_sin_turn, fft_log2};
use super::fmath;
use super::twiddle::{cos_sin, CIRCLE};
use super::{log_feature_f32, log_feature_q15, rfft_f32, rfft_q15, to_q15};
use crate::error::{Error, Result};

/// Power bins (`TINYRNN_FFT_POWER`).
pub const KIND_POWER: u32 = 0;
/// Magnitude bins (`TINYRNN_FFT_MAGNITUDE`).
pub const KIND_MAGNITUDE: u32 = 1;
/// Flag: log-compress the features.
pub const FLAG_LOG: u32 = 1;
/// Flag: apply a Hann window before the FFT.
pub const FLAG_HANN: u32 = 2;

/// Configuration of a streaming FFT front-end (the C struct `TinyRNN_FftConfig`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FftConfig {
    /// FFT size: a power of two in `16..=1024`.
    pub n: u32,
    /// Samples between frames, `1..=n`.
    pub hop: u32,
    /// `KIND_POWER` (C: `TinyRNN_FFT_POWER`) or `KIND_MAGNITUDE` (`TinyRNN_FFT_MAGNITUDE`).
    pub kind: u32,
    /// `FLAG_LOG` (C: `TinyRNN_FFT_LOG`) | `FLAG_HANN` (`TinyRNN_FFT_HANN`).
    pub flags: u32,
    /// Mel bands (`0`: one feature per bin, `n/2 + 1` features; at most 254).
    pub mel_bands: u32,
    /// Sampling rate in Hz (used by the mel table only).
    pub sample_rate: f32,
    /// Lowest mel edge in Hz (mel only).
    pub f_low: f32,
    /// Highest mel edge in Hz, at most `sample_rate / 2` (mel only).
    pub f_high: f32,
}

impl Default for FftConfig {
    /// TinyEats-like: 128 points, hop 64, log power, Hann, no mel, 500 Hz.
    fn default() -> Self {
        FftConfig { n: 128, hop: 64, kind: KIND_POWER, flags: FLAG_LOG | FLAG_HANN, mel_bands: 0, sample_rate: 500.0, f_low: 0.0, f_high: 250.0 }
    }
}

impl FftConfig {
    /// Features per frame: `mel_bands`, or `n/2 + 1` without mel.
    pub fn features(&self) -> usize {
        if self.mel_bands > 0 {
            self.mel_bands as usize
        } else {
            self.n as usize / 2 + 1
        }
    }

    /// Checks the configuration. Errors: `n` not a power of two in
    /// `16..=1024`, `hop` outside `1..=n`, an unknown `kind` or flag,
    /// `mel_bands > 254`, or (with mel) non-finite or out-of-order
    /// frequencies → [`Error::Config`].
    pub fn check(&self) -> Result {
        fft_log2(self.n as usize)?;
        if self.hop == 0 || self.hop > self.n || self.kind > KIND_MAGNITUDE || self.flags & !(FLAG_LOG | FLAG_HANN) != 0 || self.mel_bands > 254 {
            return Err(Error::Config);
        }
        if self.mel_bands > 0 {
            let ok = [self.sample_rate, self.f_low, self.f_high].iter().all(|v| v.is_finite())
                && self.sample_rate > 0.0
                && self.f_low >= 0.0
                && self.f_low < self.f_high
                && self.f_high <= self.sample_rate / 2.0;
            if !ok {
                return Err(Error::Config);
            }
        }
        Ok(())
    }
}

/// One bin's share of the mel bands: adds `weight` (Q15) of itself to band
/// `band` and the rest to band `band - 1`; `band == 255` is outside every band.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MelBin {
    /// The band whose rising edge holds the bin (255: none).
    pub band: u8,
    /// Share of the bin that goes to `band`, Q15 (the rest to `band − 1`).
    pub weight: i16,
}

fn mel(f: f32) -> f32 {
    2595.0 * fmath::log10(1.0 + f / 700.0)
}

fn mel_inv(m: f32) -> f32 {
    700.0 * (fmath::exp2(m / 2595.0 * core::f32::consts::LOG2_10) - 1.0)
}

/// Float shares of bin `k`: `(band, weight)` as in [`MelBin`].
fn mel_share(cfg: &FftConfig, k: usize) -> Option<(u8, f32)> {
    let bands = cfg.mel_bands as usize;
    let f = k as f32 * cfg.sample_rate / cfg.n as f32;
    let (m0, m1) = (mel(cfg.f_low), mel(cfg.f_high));
    let edge = |j: usize| mel_inv(m0 + (m1 - m0) * j as f32 / (bands + 1) as f32);
    (0..=bands).find_map(|j| {
        let (lo, hi) = (edge(j), edge(j + 1));
        (f >= lo && f < hi).then(|| (j as u8, (f - lo) / (hi - lo)))
    })
}

/// Fills the mel table of `cfg` (`out.len() == n/2 + 1`). Computes each
/// mel edge once (bins are visited in increasing frequency), so the cost is
/// `mel_bands + 2` `powf`s, not one per bin and edge.
///
/// Errors: as [`FftConfig::check`]; `mel_bands == 0` → [`Error::Zero`];
/// wrong `out` length → [`Error::Length`].
pub fn design_mel(cfg: &FftConfig, out: &mut [MelBin]) -> Result {
    cfg.check()?;
    if cfg.mel_bands == 0 {
        return Err(Error::Zero);
    }
    if out.len() != cfg.n as usize / 2 + 1 {
        return Err(Error::Length);
    }
    let bands = cfg.mel_bands as usize;
    let (m0, m1) = (mel(cfg.f_low), mel(cfg.f_high));
    let edge = |j: usize| mel_inv(m0 + (m1 - m0) * j as f32 / (bands + 1) as f32);
    let (mut j, mut lo, mut hi) = (0usize, edge(0), edge(1));
    for (k, b) in out.iter_mut().enumerate() {
        let f = k as f32 * cfg.sample_rate / cfg.n as f32;
        while f >= hi && j <= bands {
            j += 1;
            lo = hi;
            hi = edge(j + 1);
        }
        *b = if j <= bands && f >= lo && f < hi {
            MelBin { band: j as u8, weight: to_q15((f - lo) / (hi - lo)) }
        } else {
            MelBin { band: 255, weight: 0 }
        };
    }
    Ok(())
}

/// The mel bands' weighted sums: `emit(b, sum)` for each band `b` in
/// `0..bands`, in order, where a bin `k` whose entry names band `j` (its
/// rising edge) adds `bin(k)·w` to band `j` and `bin(k)·(32768 − w)` to band
/// `j − 1` (its falling edge); entries past `bands` add nothing.
///
/// Tables from [`design_mel`] name the bands in increasing order: two
/// running sums then suffice (a sum per band, up to 254 `u64`s, made a
/// 2-KB stack frame). Any other order takes one pass over the bins per
/// band. Sums of `u64` terms are exact in any order: the same bits.
fn mel_sums(mel: &[MelBin], bin: impl Fn(usize) -> u64, bands: usize, mut emit: impl FnMut(usize, u64)) {
    let share = |m: &MelBin| m.weight.max(0) as u64;
    let in_bands = |m: &&MelBin| m.band as usize <= bands;
    if mel.iter().filter(in_bands).try_fold(0u8, |prev, m| (m.band >= prev).then_some(m.band)).is_none() {
        for b in 0..bands {
            let mut sum = 0u64;
            for (k, m) in mel.iter().enumerate() {
                let j = m.band as usize;
                if j == b {
                    sum += bin(k) * share(m);
                } else if j == b + 1 {
                    sum += bin(k) * (32768 - share(m));
                }
            }
            emit(b, sum);
        }
        return;
    }
    // `rising`: band `cur` so far; `falling`: band `cur − 1` (none when
    // `cur` is 0). Bands below `done` are emitted.
    let (mut cur, mut falling, mut rising, mut done) = (0usize, 0u64, 0u64, 0usize);
    let value = |b: usize, cur: usize, falling: u64, rising: u64| if b + 1 == cur { falling } else if b == cur { rising } else { 0 };
    for (k, m) in mel.iter().enumerate().filter(|(_, m)| in_bands(m)) {
        let j = m.band as usize;
        if j > cur {
            // Bands below `j − 1` get no more terms.
            while done + 1 < j {
                emit(done, value(done, cur, falling, rising));
                done += 1;
            }
            falling = if j == cur + 1 { rising } else { 0 };
            rising = 0;
            cur = j;
        }
        let (v, w) = (bin(k), share(m));
        rising += v * w;
        falling += v * (32768 - w);
    }
    while done < bands {
        emit(done, value(done, cur, falling, rising));
        done += 1;
    }
}

/// Hann window value `0.5 − 0.5 cos(2π i / n)` in Q15.
fn hann_q15(i: usize, n: usize) -> i32 {
    let (c, _) = cos_sin(i * (CIRCLE / n.max(1)));
    ((32768 - c) >> 1).min(32767)
}

fn isqrt(v: u32) -> u32 {
    let (mut x, mut r, mut bit) = (v, 0u32, 1u32 << 30);
    while bit > x {
        bit >>= 2;
    }
    while bit != 0 {
        if x >= r + bit {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    r
}

/// A streaming Q15 FFT front-end over caller-owned buffers: `frame` (`n`
/// samples: the sliding window) and `work` (`n + 2`: the FFT), plus the mel
/// table when `mel_bands > 0`.
#[derive(Debug)]
pub struct FftFeatures<'a> {
    cfg: FftConfig,
    frame: &'a mut [i16],
    work: &'a mut [i16],
    mel: &'a [MelBin],
    count: u32,
}

impl<'a> FftFeatures<'a> {
    /// A front-end resumed with `count` samples of the window filled.
    ///
    /// Errors: as [`FftConfig::check`]; `frame.len() != n`, `work.len() !=
    /// n + 2`, or (with mel) `mel.len() != n/2 + 1` → [`Error::Length`];
    /// a mel band index above `mel_bands` or `count >= n` → [`Error::Config`].
    pub fn resume(cfg: FftConfig, frame: &'a mut [i16], work: &'a mut [i16], mel: &'a [MelBin], count: u32) -> Result<Self> {
        cfg.check()?;
        let n = cfg.n as usize;
        if frame.len() != n || work.len() != n + 2 {
            return Err(Error::Length);
        }
        let mel = if cfg.mel_bands > 0 {
            if mel.len() != n / 2 + 1 {
                return Err(Error::Length);
            }
            if mel.iter().any(|b| b.band != 255 && b.band as u32 > cfg.mel_bands) {
                return Err(Error::Config);
            }
            mel
        } else {
            &[]
        };
        if count >= cfg.n {
            return Err(Error::Config);
        }
        Ok(FftFeatures { cfg, frame, work, mel, count })
    }

    /// A fresh stream (window zeroed).
    pub fn new(cfg: FftConfig, frame: &'a mut [i16], work: &'a mut [i16], mel: &'a [MelBin]) -> Result<Self> {
        let f = Self::resume(cfg, frame, work, mel, 0)?;
        f.frame.fill(0);
        Ok(f)
    }

    /// Samples of the window filled so far.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// As [`super::BandPass::push`]: consumes samples until a frame
    /// completes (first after `n` samples, then every `hop`), writing
    /// [`FftConfig::features`] values to `features`.
    pub fn push(&mut self, samples: &[i16], features: &mut [i16]) -> Result<(usize, bool)> {
        let features = features.get_mut(..self.cfg.features()).ok_or(Error::Length)?;
        let n = self.cfg.n as usize;
        let start = self.count as usize;
        let take = samples.len().min(n - start);
        if let (Some(dst), Some(src)) = (self.frame.get_mut(start..start + take), samples.get(..take)) {
            dst.copy_from_slice(src);
        }
        self.count += take as u32;
        if self.count < self.cfg.n {
            return Ok((take, false));
        }
        self.frame_features(features);
        let hop = self.cfg.hop as usize;
        self.frame.copy_within(hop.min(self.frame.len()).., 0);
        self.count = self.cfg.n - self.cfg.hop;
        Ok((take, true))
    }

    fn frame_features(&mut self, features: &mut [i16]) {
        let n = self.cfg.n as usize;
        let hann = self.cfg.flags & FLAG_HANN != 0;
        // Block floating point: scale the frame up to use all 16 bits, so a
        // quiet frame keeps the FFT's precision; `shift` is undone below.
        let peak = self.frame.iter().map(|&x| (x as i32).unsigned_abs()).max().unwrap_or(0);
        let shift = if peak == 0 { 0 } else { peak.leading_zeros().saturating_sub(17) };
        for (i, (w, &x)) in self.work.iter_mut().zip(self.frame.iter()).enumerate() {
            let x = (x as i32) << shift;
            *w = if hann { ((x * hann_q15(i, n) + (1 << 14)) >> 15) as i16 } else { x as i16 };
        }
        if rfft_q15(self.work, n).is_err() {
            return;
        }
        let magnitude = self.cfg.kind == KIND_MAGNITUDE;
        let log = self.cfg.flags & FLAG_LOG != 0;
        // Per bin: power in Q30, or magnitude in Q15.
        let bin = |p: &[i16]| -> u32 {
            let power = (p[0] as i32 * p[0] as i32) as u32 + (p[1] as i32 * p[1] as i32) as u32;
            if magnitude {
                isqrt(power)
            } else {
                power
            }
        };
        // Fractional bits and log divisor of one bin's value.
        let (frac, div) = if magnitude { (15 + shift, 16) } else { (30 + 2 * shift, 32) };
        if self.mel.is_empty() {
            for (f, p) in features.iter_mut().zip(self.work.chunks_exact(2)) {
                let v = bin(p);
                // `frac − 15` reaches 43 for a quiet frame: shift a 64-bit value.
                *f = if log { log_feature_q15(v as u64, frac, div) } else { ((v as u64) >> (frac - 15)).min(32767) as i16 };
            }
            return;
        }
        // Mel: weighted sums with 15 more fractional bits.
        let work = &*self.work;
        let bin_value = |k: usize| match (work.get(2 * k), work.get(2 * k + 1)) {
            (Some(&re), Some(&im)) => bin(&[re, im]) as u64,
            _ => 0,
        };
        let bins = self.mel.len().min(work.len() / 2);
        mel_sums(&self.mel[..bins], bin_value, features.len(), |b, a| {
            if let Some(f) = features.get_mut(b) {
                *f = if log { log_feature_q15(a, frac + 15, div) } else { (a >> frac).min(32767) as i16 };
            }
        });
    }
}

/// The float twin of [`FftFeatures`]: the same front-end on samples in
/// `[-1, 1)` with [`rfft_f32`], exact Hann window and float mel weights.
#[derive(Debug)]
pub struct FftFeaturesF32<'a> {
    cfg: FftConfig,
    frame: &'a mut [f32],
    work: &'a mut [f32],
    count: u32,
}

impl<'a> FftFeaturesF32<'a> {
    /// As [`FftFeatures::new`] (the mel shares are computed per frame).
    pub fn new(cfg: FftConfig, frame: &'a mut [f32], work: &'a mut [f32]) -> Result<Self> {
        cfg.check()?;
        let n = cfg.n as usize;
        if frame.len() != n || work.len() != n + 2 {
            return Err(Error::Length);
        }
        frame.fill(0.0);
        Ok(FftFeaturesF32 { cfg, frame, work, count: 0 })
    }

    /// As [`FftFeatures::push`], in real units.
    pub fn push(&mut self, samples: &[f32], features: &mut [f32]) -> Result<(usize, bool)> {
        let features = features.get_mut(..self.cfg.features()).ok_or(Error::Length)?;
        let n = self.cfg.n as usize;
        let start = self.count as usize;
        let take = samples.len().min(n - start);
        if let (Some(dst), Some(src)) = (self.frame.get_mut(start..start + take), samples.get(..take)) {
            dst.copy_from_slice(src);
        }
        self.count += take as u32;
        if self.count < self.cfg.n {
            return Ok((take, false));
        }
        let hann = self.cfg.flags & FLAG_HANN != 0;
        for (i, (w, &x)) in self.work.iter_mut().zip(self.frame.iter()).enumerate() {
            let win = 0.5 - 0.5 * cos_sin_turn(i, n).0 as f32;
            *w = if hann { x * win } else { x };
        }
        rfft_f32(self.work, n)?;
        let magnitude = self.cfg.kind == KIND_MAGNITUDE;
        let log = self.cfg.flags & FLAG_LOG != 0;
        let div = if magnitude { 16.0 } else { 32.0 };
        let bin = |p: &[f32]| {
            let power = p[0] * p[0] + p[1] * p[1];
            if magnitude {
                libm::sqrtf(power)
            } else {
                power
            }
        };
        if self.cfg.mel_bands == 0 {
            for (f, p) in features.iter_mut().zip(self.work.chunks_exact(2)) {
                let v = bin(p);
                *f = if log { log_feature_f32(v, div) } else { v.min(32767.0 / 32768.0) };
            }
        } else {
            features.fill(0.0);
            let bands = features.len();
            for (k, p) in self.work.chunks_exact(2).enumerate() {
                if let Some((j, w)) = mel_share(&self.cfg, k) {
                    let (j, v) = (j as usize, bin(p));
                    if let Some(a) = features.get_mut(j).filter(|_| j < bands) {
                        *a += v * w;
                    }
                    if let Some(a) = j.checked_sub(1).and_then(|i| features.get_mut(i)) {
                        *a += v * (1.0 - w);
                    }
                }
            }
            for f in features.iter_mut() {
                *f = if log { log_feature_f32(*f, div) } else { f.min(32767.0 / 32768.0) };
            }
        }
        let hop = self.cfg.hop as usize;
        self.frame.copy_within(hop.min(self.frame.len()).., 0);
        self.count = self.cfg.n - self.cfg.hop;
        Ok((take, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sums as the definition states them, one array slot per band.
    fn reference(mel: &[MelBin], bins: &[u64], bands: usize) -> [u64; 256] {
        let mut acc = [0u64; 256];
        for (m, &v) in mel.iter().zip(bins) {
            let (j, w) = (m.band as usize, m.weight.max(0) as u64);
            if j < bands {
                acc[j] += v * w;
            }
            if j >= 1 && j <= bands {
                acc[j - 1] += v * (32768 - w);
            }
        }
        acc
    }

    /// Ordered tables (as `design_mel` makes, gaps, repeats and entries
    /// outside every band included), shuffled ones, negative weights,
    /// 254 bands: the definition's sums.
    #[test]
    fn mel_sums_equal_the_per_band_definition_for_ordered_and_shuffled_tables() {
        let mut x = 0x1234_5678u32;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        for case in 0..if cfg!(miri) { 20 } else { 400 } {
            let bands = [1, 2, 5, 40, 254][case % 5];
            let len = 1 + (next() % 200) as usize;
            let bins: [u64; 200] = core::array::from_fn(|_| (next() as u64) >> (next() % 32));
            let mut mel = [MelBin::default(); 200];
            let mut band = 0u32;
            for m in mel.iter_mut() {
                band += (next() % 4 == 0) as u32 * (1 + next() % 3);
                let outside = next() % 10 == 0;
                m.band = if outside { 255 } else { band.min(bands as u32 + 1) as u8 };
                m.weight = next() as i16 >> (next() % 2);
            }
            if case % 3 == 0 {
                for i in (1..len).rev() {
                    mel.swap(i, (next() as usize) % (i + 1));
                }
            }
            let (mel, bins) = (&mel[..len], &bins[..len]);
            let want = reference(mel, bins, bands);
            let mut emitted = 0;
            mel_sums(mel, |k| bins[k], bands, |b, sum| {
                assert_eq!(b, emitted, "bands in order");
                assert_eq!(sum, want[b], "case {case}, band {b} of {bands}");
                emitted += 1;
            });
            assert_eq!(emitted, bands);
        }
    }
}
