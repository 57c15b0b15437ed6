//! Property tests of the five MBConv blocks: each C ABI symbol, in the
//! division build (`tinyrnn_<block>_div`) and the SHIFT build
//! (`tinyrnn_<block>_shift`), must give the output of the plain model in
//! `tests/model/mbconv.rs` (a textbook three-stage block, not EdgeML's ring
//! buffer), and must leave the guard tails of its buffers untouched.
//!
//! Generators stay inside EdgeML's defined domain (no 32-bit overflow, shift
//! counts in range, non-zero divisors; the model asserts it) and where the
//! ring holds every row a tap reads (`HF - HPadU >= HStride`). Geometry is
//! drawn by proptest; buffer contents come from a seeded generator, which
//! proptest also draws.
//!
//! Cases per property: env `TINYRNN_PROPTEST_CASES` (default 2000, shared
//! with the other proptests).

mod model;

use model::mbconv::{mbconv, positions, Geo, Kind, Weights};
use proptest::prelude::*;
use tinyrnn as _;

macro_rules! decl {
    ($($div:ident / $shift:ident ($in:ty, $f:ty, $b:ty, $out:ty, $buf:ty, $lim:ty);)*) => {
        extern "C" {
            $(
                fn $div(input: *const $in, filter1: *const $f, BN1W: *const $f, BN1B: *const $b, filter2: *const $f, BN2W: *const $f, BN2B: *const $b, filter3: *const $f, BN3W: *const $f, BN3B: *const $b, output: *mut $out, convBuffer1: *mut $buf, convBuffer2: *mut $buf, N: u32, H: u32, W: u32, CIn: u32, CTemp: u32, HF: u32, WF: u32, COut: u32, HOut: u32, WOut: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, limit1: $lim, limit2: $lim, shrU1: i32, shrX1: i32, shrU2: i32, shrX2: i32, shrU3: i32, shrW3: i32, shlU1: i32, shlX1: i32, shlU2: i32, shlX2: i32, shlU3: i32, shlW3: i32);
                fn $shift(input: *const $in, filter1: *const $f, BN1W: *const $f, BN1B: *const $b, filter2: *const $f, BN2W: *const $f, BN2B: *const $b, filter3: *const $f, BN3W: *const $f, BN3B: *const $b, output: *mut $out, convBuffer1: *mut $buf, convBuffer2: *mut $buf, N: u32, H: u32, W: u32, CIn: u32, CTemp: u32, HF: u32, WF: u32, COut: u32, HOut: u32, WOut: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, limit1: $lim, limit2: $lim, shrU1: i32, shrX1: i32, shrU2: i32, shrX2: i32, shrU3: i32, shrW3: i32, shlU1: i32, shlX1: i32, shlU2: i32, shlX2: i32, shlU3: i32, shlW3: i32);
            )*
        }
    };
}

decl! {
    tinyrnn_q7_mbconv_block_div / tinyrnn_q7_mbconv_block_shift(i8, i8, i8, i8, i8, i16);
    tinyrnn_q7xq15_q15_mbconv_block_div / tinyrnn_q7xq15_q15_mbconv_block_shift(i8, i16, i16, i16, i16, i32);
    tinyrnn_q15xq7_q7_mbconv_block_div / tinyrnn_q15xq7_q7_mbconv_block_shift(i16, i8, i16, i8, i16, i32);
    tinyrnn_q15xq7_q15_mbconv_block_div / tinyrnn_q15xq7_q15_mbconv_block_shift(i16, i8, i16, i16, i16, i32);
    tinyrnn_q15_mbconv_block_div / tinyrnn_q15_mbconv_block_shift(i16, i16, i16, i16, i16, i32);
}

fn config() -> ProptestConfig {
    let cases = std::env::var("TINYRNN_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(cases) }
}

/// A small deterministic generator for buffer contents.
struct Fill(u64);

impl Fill {
    fn next(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        lo + ((self.0 >> 33) % (hi - lo + 1) as u64) as i64
    }
    fn vec(&mut self, n: usize, lo: i64, hi: i64) -> Vec<i64> {
        (0..n).map(|_| self.next(lo, hi)).collect()
    }
}

/// Geometry inside the model's domain, with at least one output pixel.
fn geometry() -> impl Strategy<Value = Geo> {
    (1usize..=2, 1usize..=6, 1usize..=6, 1usize..=4, 1usize..=4, prop::sample::select(vec![1usize, 2, 3, 5]), prop::sample::select(vec![1usize, 2, 3, 5]), 1usize..=4, 1usize..=2, 1usize..=2, any::<[u8; 4]>())
        .prop_filter_map("no output, or stride past the ring", |(n, h, w, c_in, c_temp, hf, wf, c_out, sh, sw, pads)| {
            let pad = [(pads[0] as usize % (hf / 2 + 1)) as i64, (pads[1] as usize % (hf / 2 + 1)) as i64, (pads[2] as usize % (wf / 2 + 1)) as i64, (pads[3] as usize % (wf / 2 + 1)) as i64];
            let margin = (hf as i64 - pad[0] - sh as i64).max(0);
            if (hf as i64 - pad[0]) < sh as i64 || margin > h as i64 {
                return None;
            }
            let (_, h_out) = positions(h, hf, pad[0], pad[1], sh);
            let (_, w_out) = positions(w, wf, pad[2], pad[3], sw);
            (h_out > 0 && w_out > 0).then_some(Geo { n, h, w, c_in, c_temp, hf, wf, c_out, h_out, w_out, pad, stride: [sh, sw] })
        })
}

/// Scales that keep every intermediate inside `int`.
fn scales(f: &mut Fill, shift: bool) -> [i32; 12] {
    let mut s = [0i32; 12];
    for (i, v) in s.iter_mut().enumerate().take(6) {
        let (lo, hi) = if i % 2 == 0 { (4, 10) } else { (0, 3) };
        let e = f.next(lo, hi) as i32;
        *v = if shift { e } else { (1 << e) + f.next(0, 3) as i32 };
    }
    for v in s.iter_mut().skip(6) {
        *v = if shift { f.next(0, 1) as i32 } else { f.next(1, 2) as i32 };
    }
    s
}

/// The ranges of one block's values (input, filters, BN factors, BN offsets).
struct Ranges {
    input: i64,
    filter: i64,
    factor: i64,
    offset: i64,
}

macro_rules! check_block {
    ($name:literal, $div:ident / $shift:ident, $in:ty, $f:ty, $b:ty, $out:ty, $buf:ty, $lim:ty, $kind:expr, $ranges:expr, $wide_limits:expr) => {
        |g: &Geo, seed: u64, shift: bool| -> Result<(), TestCaseError> {
            let mut f = Fill(seed);
            let r: Ranges = $ranges;
            let k: Kind = $kind;
            let input = f.vec(g.n * g.h * g.w * g.c_in, -r.input, r.input - 1);
            let wt = Weights {
                f1: f.vec(g.c_in * g.c_temp, -r.filter, r.filter - 1),
                bn1w: f.vec(g.c_temp, -r.factor, r.factor - 1),
                bn1b: f.vec(g.c_temp, -r.offset, r.offset - 1),
                f2: f.vec(g.c_temp * g.hf * g.wf, -r.filter, r.filter - 1),
                bn2w: f.vec(g.c_temp, -r.factor, r.factor - 1),
                bn2b: f.vec(g.c_temp, -r.offset, r.offset - 1),
                f3: f.vec(g.c_temp * g.c_out, -r.filter, r.filter - 1),
                bn3w: f.vec(g.c_out, -r.factor, r.factor - 1),
                bn3b: f.vec(g.c_out, -r.offset, r.offset - 1),
            };
            let max_limit = if $wide_limits { 100_000 } else { 32767 };
            let limits = (f.next(-20, max_limit), f.next(0, max_limit.min(32767)));
            let sc = scales(&mut f, shift);
            let want = mbconv(&input, &wt, g, limits, sc, k, shift);

            fn cv<T: TryFrom<i64>>(v: &[i64]) -> Vec<T> {
                v.iter().map(|&x| T::try_from(x).ok().expect("value fits its type")).collect()
            }
            const GUARD: usize = 3;
            let (input_c, f1, f2, f3): (Vec<$in>, Vec<$f>, Vec<$f>, Vec<$f>) = (cv(&input), cv(&wt.f1), cv(&wt.f2), cv(&wt.f3));
            let (w1, w2, w3): (Vec<$f>, Vec<$f>, Vec<$f>) = (cv(&wt.bn1w), cv(&wt.bn2w), cv(&wt.bn3w));
            let (b1, b2, b3): (Vec<$b>, Vec<$b>, Vec<$b>) = (cv(&wt.bn1b), cv(&wt.bn2b), cv(&wt.bn3b));
            let mut out: Vec<$out> = vec![0x5a as $out; want.len() + GUARD];
            let mut cb1: Vec<$buf> = vec![0x5a as $buf; g.hf * g.w * g.c_temp + GUARD];
            let mut cb2: Vec<$buf> = vec![0x5a as $buf; g.c_temp + GUARD];
            let call = if shift { $shift } else { $div };
            let s = sc;
            unsafe {
                call(
                    input_c.as_ptr(), f1.as_ptr(), w1.as_ptr(), b1.as_ptr(), f2.as_ptr(), w2.as_ptr(), b2.as_ptr(), f3.as_ptr(), w3.as_ptr(), b3.as_ptr(),
                    out.as_mut_ptr(), cb1.as_mut_ptr(), cb2.as_mut_ptr(),
                    g.n as u32, g.h as u32, g.w as u32, g.c_in as u32, g.c_temp as u32, g.hf as u32, g.wf as u32, g.c_out as u32, g.h_out as u32, g.w_out as u32,
                    g.pad[0] as i32, g.pad[1] as i32, g.pad[2] as i32, g.pad[3] as i32, g.stride[0] as u32, g.stride[1] as u32,
                    limits.0 as $lim, limits.1 as $lim,
                    s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11],
                );
            }
            let got: Vec<i64> = out[..want.len()].iter().map(|&v| v as i64).collect();
            let n_out = want.len();
            prop_assert_eq!(got, want, "{} ({})", $name, if shift { "shift" } else { "div" });
            prop_assert!(out[n_out..].iter().all(|&v| v == 0x5a as $out), "output guard overwritten");
            prop_assert!(cb1[g.hf * g.w * g.c_temp..].iter().all(|&v| v == 0x5a as $buf), "convBuffer1 guard overwritten");
            prop_assert!(cb2[g.c_temp..].iter().all(|&v| v == 0x5a as $buf), "convBuffer2 guard overwritten");
            Ok(())
        }
    };
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn q7_mbconv_block_equals_the_model(g in geometry(), seed in any::<u64>(), shift in any::<bool>()) {
        let k = Kind { narrow: true, narrow_padding: true, sum64: false, buf_bits: 8, out_bits: 8 };
        (check_block!("q7_mbconv_block", tinyrnn_q7_mbconv_block_div / tinyrnn_q7_mbconv_block_shift, i8, i8, i8, i8, i8, i16, k, Ranges { input: 128, filter: 128, factor: 128, offset: 128 }, false))(&g, seed, shift)?;
    }

    #[test]
    fn q7xq15_q15_mbconv_block_equals_the_model(g in geometry(), seed in any::<u64>(), shift in any::<bool>()) {
        let k = Kind { narrow: false, narrow_padding: true, sum64: false, buf_bits: 16, out_bits: 16 };
        (check_block!("q7xq15_q15_mbconv_block", tinyrnn_q7xq15_q15_mbconv_block_div / tinyrnn_q7xq15_q15_mbconv_block_shift, i8, i16, i16, i16, i16, i32, k, Ranges { input: 128, filter: 256, factor: 64, offset: 2048 }, true))(&g, seed, shift)?;
    }

    #[test]
    fn q15xq7_q7_mbconv_block_equals_the_model(g in geometry(), seed in any::<u64>(), shift in any::<bool>()) {
        let k = Kind { narrow: false, narrow_padding: false, sum64: false, buf_bits: 16, out_bits: 8 };
        (check_block!("q15xq7_q7_mbconv_block", tinyrnn_q15xq7_q7_mbconv_block_div / tinyrnn_q15xq7_q7_mbconv_block_shift, i16, i8, i16, i8, i16, i32, k, Ranges { input: 2048, filter: 128, factor: 16, offset: 2048 }, true))(&g, seed, shift)?;
    }

    #[test]
    fn q15xq7_q15_mbconv_block_equals_the_model(g in geometry(), seed in any::<u64>(), shift in any::<bool>()) {
        let k = Kind { narrow: false, narrow_padding: false, sum64: false, buf_bits: 16, out_bits: 16 };
        (check_block!("q15xq7_q15_mbconv_block", tinyrnn_q15xq7_q15_mbconv_block_div / tinyrnn_q15xq7_q15_mbconv_block_shift, i16, i8, i16, i16, i16, i32, k, Ranges { input: 2048, filter: 128, factor: 16, offset: 2048 }, true))(&g, seed, shift)?;
    }

    #[test]
    fn q15_mbconv_block_equals_the_model(g in geometry(), seed in any::<u64>(), shift in any::<bool>()) {
        let k = Kind { narrow: false, narrow_padding: false, sum64: true, buf_bits: 16, out_bits: 16 };
        (check_block!("q15_mbconv_block", tinyrnn_q15_mbconv_block_div / tinyrnn_q15_mbconv_block_shift, i16, i16, i16, i16, i16, i32, k, Ranges { input: 2048, filter: 256, factor: 64, offset: 2048 }, true))(&g, seed, shift)?;
    }
}
