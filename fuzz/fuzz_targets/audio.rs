//! The audio front-end through the C ABI: `tinyrnn_bandpass_{design,init,push}`,
//! `tinyrnn_fft_mel_design`, `tinyrnn_fft_features_{init,push}` and
//! `tinyrnn_rfft_{q15,f32}`, with arbitrary configurations (non-finite,
//! out-of-range and edge values included), sample blocks cut at arbitrary
//! points, NULL and misaligned buffers, and a features buffer too short.
//!
//! Checks: every return code is documented (`push`: 0 or 1 on success);
//! `*consumed` never exceeds the block and is never 0 for a non-empty block
//! on success; on error the stream's position is unchanged; chunking never
//! changes the features: the frames from arbitrary blocks equal the frames
//! of the Rust API fed the whole signal; the Q15 FFT of any input stays
//! in range and the float FFT of finite input is finite.
#![no_main]

use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use tinyrnn::audio::{BandPass, FftFeatures};
use tinyrnn_fuzz::documented_code;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::input::Reader;

fuzz_target!(|data: &[u8]| run(data));

fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    match r.choose(3) {
        0 => bandpass(&mut r),
        1 => fft_features(&mut r),
        _ => rfft(&mut r),
    }
}

fn freq(r: &mut Reader) -> f32 {
    match r.choose(4) {
        0 => r.f32(),
        1 => r.bounded(9000) as f32,
        2 => f32::from_bits(r.u32()),
        _ => (r.bounded(80) * 100) as f32,
    }
}

fn samples(r: &mut Reader, max: u32) -> Vec<i16> {
    let n = r.bounded(max) as usize;
    (0..n).map(|_| r.i16()).collect()
}

/// Pushes `x` in blocks whose sizes come from `r`; returns the frames, or
/// stops at the first error (checking it left the position alone).
fn push_all(r: &mut Reader, x: &[i16], features_len: usize, mut push: impl FnMut(&[i16], &mut [i16], &mut usize) -> (i32, u32, u32)) -> Vec<Vec<i16>> {
    let mut out = vec![];
    let mut rest = x;
    let mut f = vec![0i16; features_len];
    while !rest.is_empty() {
        let block = (r.bounded(300) as usize + 1).min(rest.len());
        let mut consumed = usize::MAX;
        let (rc, before, after) = push(&rest[..block], &mut f, &mut consumed);
        assert!(rc == 0 || rc == 1 || (rc < 0 && documented_code(rc)), "push returned {rc}");
        if rc < 0 {
            assert_eq!(before, after, "a refused push moved the stream");
            return out;
        }
        assert!(consumed >= 1 && consumed <= block, "consumed {consumed} of {block}");
        rest = &rest[consumed..];
        if rc == 1 {
            out.push(f.clone());
        }
    }
    out
}

fn bandpass(r: &mut Reader) {
    let cfg = BandPassConfig { sample_rate: if r.bool() { 16000.0 } else { freq(r) }, f_low: freq(r), f_high: freq(r), q: r.f32() * 4.0, frame_len: r.bounded(600) };
    let bands = r.bounded(40);
    let mut sections = vec![BandPassSection::default(); bands as usize];
    let rc = unsafe { tinyrnn_bandpass_design(&cfg, sections.as_mut_ptr(), bands) };
    assert!(documented_code(rc), "design returned {rc}");
    if rc != 0 {
        return;
    }
    let mut state = vec![BandPassState::default(); bands as usize];
    let mut stream = BandPassStream { sections: null(), state: null_mut(), bands: 0, frame_len: 0, count: 0 };
    let null_state = r.choose(16) == 0;
    let state_ptr = if null_state { null_mut() } else { state.as_mut_ptr() };
    let rc = unsafe { tinyrnn_bandpass_init(&mut stream, sections.as_ptr(), state_ptr, bands, cfg.frame_len) };
    assert!(documented_code(rc), "init returned {rc}");
    if rc != 0 {
        return;
    }
    let x = samples(r, 3000);
    let short = r.choose(8) == 0;
    let flen = if short { bands as usize - 1 } else { bands as usize };
    let frames = push_all(r, &x, flen, |block, f, consumed| {
        let before = stream.count;
        let rc = unsafe { tinyrnn_bandpass_push(&mut stream, block.as_ptr(), block.len(), f.as_mut_ptr(), f.len(), consumed) };
        (rc, before, stream.count)
    });
    if short {
        assert!(frames.is_empty());
        return;
    }
    // Oracle: the Rust API on the whole signal.
    let mut st2 = vec![BandPassState::default(); bands as usize];
    let mut bp = BandPass::new(&sections, &mut st2, cfg.frame_len).unwrap();
    let mut want = vec![];
    let mut f = vec![0i16; bands as usize];
    let mut rest = &x[..];
    while !rest.is_empty() {
        let (n, frame) = bp.push(rest, &mut f).unwrap();
        rest = &rest[n..];
        if frame {
            want.push(f.clone());
        }
    }
    assert_eq!(frames, want, "chunked C frames differ from the whole-signal Rust frames");
}

fn fft_features(r: &mut Reader) {
    let n = if r.bool() { 1u32 << (4 + r.bounded(6)) } else { r.dim() };
    let cfg = FftConfig {
        n,
        hop: if r.bool() { n / 2 } else { r.dim() },
        kind: r.bounded(2),
        flags: r.bounded(4),
        mel_bands: if r.bool() { 0 } else { r.bounded(40) },
        sample_rate: if r.bool() { 16000.0 } else { freq(r) },
        f_low: freq(r),
        f_high: freq(r),
    };
    let size = cfg.n.min(1 << 12) as usize;
    let mut mel = vec![MelBin::default(); size / 2 + 1];
    if cfg.mel_bands > 0 {
        let rc = unsafe { tinyrnn_fft_mel_design(&cfg, mel.as_mut_ptr(), mel.len() as u32) };
        assert!(documented_code(rc), "mel design returned {rc}");
        if rc != 0 {
            return;
        }
    }
    let (mut frame, mut work) = (vec![0i16; size], vec![0i16; size + 2]);
    let mut stream = FftStream { config: cfg, frame: null_mut(), work: null_mut(), mel: null(), count: 0 };
    let mel_ptr = if cfg.mel_bands > 0 { mel.as_ptr() } else { null() };
    // Misaligned `work` now and then.
    let misalign = r.choose(16) == 0;
    let work_ptr = if misalign { unsafe { (work.as_mut_ptr() as *mut u8).add(1) as *mut i16 } } else { work.as_mut_ptr() };
    let rc = unsafe { tinyrnn_fft_features_init(&mut stream, &cfg, frame.as_mut_ptr(), work_ptr, mel_ptr) };
    assert!(documented_code(rc), "init returned {rc}");
    if misalign && cfg.check().is_ok() {
        assert_eq!(rc, -101, "a misaligned work buffer with a valid configuration");
    }
    if rc != 0 {
        return;
    }
    let features = cfg.features();
    let x = samples(r, 2500);
    let frames = push_all(r, &x, features, |block, f, consumed| {
        let before = stream.count;
        let rc = unsafe { tinyrnn_fft_features_push(&mut stream, block.as_ptr(), block.len(), f.as_mut_ptr(), f.len(), consumed) };
        (rc, before, stream.count)
    });
    let (mut frame2, mut work2) = (vec![0i16; size], vec![0i16; size + 2]);
    let mel2: &[MelBin] = if cfg.mel_bands > 0 { &mel } else { &[] };
    let mut s = FftFeatures::new(cfg, &mut frame2, &mut work2, mel2).unwrap();
    let mut want = vec![];
    let mut f = vec![0i16; features];
    let mut rest = &x[..];
    while !rest.is_empty() {
        let (k, frame) = s.push(rest, &mut f).unwrap();
        rest = &rest[k..];
        if frame {
            want.push(f.clone());
        }
    }
    assert_eq!(frames, want, "chunked C frames differ from the whole-signal Rust frames");
}

fn rfft(r: &mut Reader) {
    let n = if r.bool() { 1u32 << (r.bounded(12)) } else { r.dim() };
    let len = (n.min(1 << 11) + 2) as usize;
    let mut q: Vec<i16> = (0..len).map(|_| r.i16()).collect();
    let rc = unsafe { tinyrnn_rfft_q15(q.as_mut_ptr(), n) };
    assert!(documented_code(rc), "rfft_q15 returned {rc}");
    let ok = n.is_power_of_two() && (16..=1024).contains(&n);
    assert_eq!(rc == 0, ok, "n = {n}: rc {rc}");
    let mut f: Vec<f32> = (0..len).map(|_| r.i16() as f32 / 32768.0).collect();
    let rc = unsafe { tinyrnn_rfft_f32(f.as_mut_ptr(), n) };
    assert_eq!(rc == 0, ok, "n = {n}: rc {rc}");
    if rc == 0 {
        assert!(f.iter().all(|v| v.is_finite() && v.abs() <= 1.5), "float FFT out of range");
    }
}
