//! One test per library defect found by fuzzing and review (issue 6). Each
//! states the input, what the contract (docs/contract.md) requires, and what
//! the library did when the test was written.
//!
//! Calls that crashed, hung or aborted run in a child process (this test
//! binary, re-run with `TINYRNN_REGRESSION_CHILD=1` on one test), so one
//! defect fails its own test, not the whole binary. Those tests need process
//! spawning and are skipped under Miri.

use core::ffi::c_void;
use core::ptr::{null, null_mut};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tinyrnn as _;
use tinyrnn::ffi::*;

extern "C" {
    fn tinyrnn_q15_t_add_div(a: *const i16, b: *const i16, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i16, s1: i32, s2: i32, s3: i32);
    fn tinyrnn_q15_t_add_vec_div(t: *const i16, v: *const i16, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i16, s1: i32, s2: i32, s3: i32);
    fn tinyrnn_q15_t_l2_norm_div(t: *const i16, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i16, si: i32, so: i32);
    fn tinyrnn_q15_m_reverse(mat: *const i16, nrows: u32, ncols: u32, axis: u32, ret: *mut i16);
    fn tinyrnn_q15_convolution_div(
        input: *const i16, filter: *const i16, output: *mut i16, n: u32, h: u32, w: u32, cin: u32, hf: u32, wf: u32, cf: u32,
        cout: u32, hout: u32, wout: u32, g: u32, hpu: i32, hpd: i32, wpl: i32, wpr: i32, hs: u32, ws: u32, hd: u32, wd: u32,
        a: i32, b: i32, c: i32,
    );
    fn tinyrnn_q7xq15_q7_convolution_div(
        input: *const i8, filter: *const i16, output: *mut i8, n: u32, h: u32, w: u32, cin: u32, hf: u32, wf: u32, cf: u32,
        cout: u32, hout: u32, wout: u32, g: u32, hpu: i32, hpd: i32, wpl: i32, wpr: i32, hs: u32, ws: u32, hd: u32, wd: u32,
        a: i32, b: i32, c: i32,
    );
    fn tinyrnn_q15_fastgrnn_div_dense(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_div_sparse(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_rnnpool_block_div_dense(
        patch: *const i16, id: u32, pd: u32, stride: u32, rnn1: q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void,
        s1: *const c_void, rnn2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16,
        buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32,
    ) -> i32;
    fn tinyrnn_rnnpool_block(
        patch: *const f32, id: u32, pd: u32, stride: u32, rnn1: tinyrnn::ffi::float::rnn_t, hd1: u32, p1: *const c_void,
        b1: *mut c_void, rnn2: tinyrnn::ffi::float::rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, out: *mut f32,
        buf: *mut f32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_lr_div(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
}

const SENTINEL: i16 = 0x5a5a;
const CHILD: &str = "TINYRNN_REGRESSION_CHILD";

/// Runs `body` in a child process (this test binary, filtered to `name`):
/// the test fails if the child crashes, aborts, panics or outlives `timeout`.
fn isolated(name: &str, timeout: Duration, body: impl FnOnce()) {
    if std::env::var_os(CHILD).is_some() {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let mut child = Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the test binary");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: the call did not return within {timeout:?} (the contract: it never loops forever)");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let out = child.wait_with_output().expect("child output");
    assert!(
        status.success(),
        "{name}: the call crashed, aborted or failed in the child ({status}):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------
// D1. Tensor dimensions whose product exceeds 32 bits (64-bit hosts).
//
// EdgeML computes `nbatches * nrows * ncols * nchannels` (and
// `nrows * ncols` in q15_m_reverse) in ITER_T, which wraps: with a product of
// exactly 2^32 the reference touches nothing, so 4-element buffers are a
// defined call. tinyrnn multiplies in usize: on 32-bit targets the product
// overflows and the call is refused (-103 rule, nothing written), but on
// 64-bit hosts it is accepted as 2^32 elements and the kernels read and write
// far past the buffers (SIGSEGV). Required: refused, nothing written, on
// every target (a dimension product above UINT32_MAX is TINYRNN_ERR_OVERFLOW).
// ---------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn regression_tensor_dims_beyond_u32_touch_nothing() {
    isolated("regression_tensor_dims_beyond_u32_touch_nothing", Duration::from_secs(60), || {
        let a = [1i16; 4];
        let mut r = [SENTINEL; 4];
        unsafe {
            tinyrnn_q15_t_add_div(a.as_ptr(), a.as_ptr(), 65536, 65536, 1, 1, r.as_mut_ptr(), 1, 1, 1);
            assert_eq!(r, [SENTINEL; 4], "q15_t_add");
            tinyrnn_q15_t_add_vec_div(a.as_ptr(), a.as_ptr(), 65536, 65536, 1, 1, r.as_mut_ptr(), 1, 1, 1);
            assert_eq!(r, [SENTINEL; 4], "q15_t_add_vec");
            tinyrnn_q15_t_l2_norm_div(a.as_ptr(), 65536, 65536, 1, 1, r.as_mut_ptr(), -14, 8);
            assert_eq!(r, [SENTINEL; 4], "q15_t_l2_norm");
            tinyrnn_q15_m_reverse(a.as_ptr(), 65536, 65536, 0, r.as_mut_ptr());
            assert_eq!(r, [SENTINEL; 4], "q15_m_reverse");
        }
    });
}

// ---------------------------------------------------------------------------
// D2. Convolution with CF == 0 and a huge filter: unbounded work.
//
// With no filter channel the filter holds nothing (G·HF·WF·CF·COut = 0), yet
// each output element still walks all HF × WF taps; with dilation 0 every
// tap lands inside the input, so HF = WF = UINT32_MAX is ~2^64 iterations
// for one output element (it hangs in release builds too). Required: the
// call returns promptly (every sum is 0, so the output is 0 / the scale, or
// the geometry is refused).
// ---------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn regression_convolution_without_filter_channels_terminates() {
    isolated("regression_convolution_without_filter_channels_terminates", Duration::from_secs(30), || {
        let input = [1i16; 1];
        let mut out = [SENTINEL; 1];
        let f = u32::MAX;
        unsafe {
            tinyrnn_q15_convolution_div(
                input.as_ptr(), null(), out.as_mut_ptr(), 1, 1, 1, 1, f, f, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1,
            )
        };
        assert!(out[0] == 0 || out[0] == SENTINEL, "an empty filter sums to 0: {}", out[0]);
    });
}

// ---------------------------------------------------------------------------
// D3. Convolution with no output element (G == 0 or COut == 0): the loops
// over N and the output positions still run, N × HOut × WOut times, bounded
// by no buffer (all buffers are empty and may be NULL). Optimised builds
// happen to delete the empty loop nest; the test profile (opt-level 1) and
// debug builds do not, and nothing guarantees it. Required: returns promptly.
// ---------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn regression_convolution_with_empty_output_terminates() {
    isolated("regression_convolution_with_empty_output_terminates", Duration::from_secs(30), || {
        // H = W = 0 with paddings of 2^23: 2^24 positions per axis, HOut = WOut = 2^24,
        // N = 2^15 (N·HOut·WOut = 2^63 fits a 64-bit size; 32-bit targets refuse it):
        // 2^63 iterations of an empty loop body.
        let (n, out, pad) = (1u32 << 15, 1u32 << 24, 1i32 << 23);
        unsafe {
            tinyrnn_q15_convolution_div(
                null(), null(), null_mut(), n, 0, 0, 0, 1, 1, 0, 1, out, out, 0, pad, pad, pad, pad, 1, 1, 1, 1, 1, 1, 1,
            )
        };
    });
}

// ---------------------------------------------------------------------------
// D4. Convolution with G == 0: the filter is empty (its size product is 0),
// but the filter strides WF·CF·COut and HF·WF·CF·COut are computed unchecked,
// and overflow for large sizes: an arithmetic-overflow panic in builds with
// overflow checks (the test profile; a panic in an `extern "C"` function
// aborts the process), a silent, harmless wrap in release builds. Required:
// no overflow (checked or skipped arithmetic); the call writes nothing.
// Found by the utils_conv fuzz target.
// ---------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn regression_convolution_without_groups_does_not_overflow() {
    isolated("regression_convolution_without_groups_does_not_overflow", Duration::from_secs(30), || {
        let big = 1u32 << 28;
        // N = 0, H = 16, W = 0, CIn = 0, HF = 16, WF = CF = COut = 2^28, HOut = 2^28, WOut = 7, G = 0.
        unsafe {
            tinyrnn_q7xq15_q7_convolution_div(
                null(), null(), null_mut(), 0, 16, 0, 0, 16, big, big, big, big, 7, 0, 5, -6, -4, -5, 3, 3, 3, 0, 256, 2, 1,
            )
        };
    });
}

// ---------------------------------------------------------------------------
// D5. Quantized FastGRNN and RNNPool: a NULL writable buffer with another
// NULL buffer gives TINYRNN_ERR_ALIASING (-106) instead of TINYRNN_ERR_NULL
// (-100).
//
// The overlap checks (`Regions::add` in src/ffi/fastgrnn.rs, `overlaps` in
// src/ffi/rnnpool.rs) run before the NULL checks and see two NULL ranges
// [0, n) as overlapping. The float API checks NULL first. Required
// (docs/contract.md: a non-empty NULL buffer is -100): -100, nothing written.
// ---------------------------------------------------------------------------

fn scales() -> Q15_FastGRNN_Scales {
    Q15_FastGRNN_Scales { sigmoidScaleIn: 11, sigmoidScaleOut: 14, tanhScaleIn: 11, tanhScaleOut: 11, ..Default::default() }
}

#[test]
fn regression_fastgrnn_null_state_reports_null() {
    let w = [1i16; 4];
    let p = Q15_FastGRNN_Params {
        mean: null(), stdDev: null(), W: w.as_ptr(), Wids: null(), Wvals: null(), U: w.as_ptr(), Uids: null(),
        Uvals: null(), Bg: w.as_ptr(), Bh: w.as_ptr(), sigmoid_zeta: 0, sigmoid_nu: 0,
    };
    let (mut p1, mut p2, mut p3, mut nf) = ([0i16; 2], [0i16; 2], [0i16; 2], [0i16; 2]);
    let mut b = Q15_FastGRNN_Buffers {
        preComp1: p1.as_mut_ptr(), preComp2: p2.as_mut_ptr(), preComp3: p3.as_mut_ptr(), normFeatures: nf.as_mut_ptr(),
    };
    let s = scales();
    let run = |x: *const i16, b: &mut Q15_FastGRNN_Buffers| unsafe {
        tinyrnn_q15_fastgrnn_div_dense(
            null_mut(), 2, x, 2, 1, &p as *const _ as *const c_void, b as *mut _ as *mut c_void, &s as *const _ as *const c_void, 0, 0,
        )
    };
    let x = [1i16; 2];
    assert_eq!(run(x.as_ptr(), &mut b), -100, "NULL hidden state");
    assert_eq!(run(null(), &mut b), -100, "NULL hidden state and NULL input");

    // The low-rank kernel shares the check.
    let lp = Q15_FastGRNN_LR_Params {
        mean: null(), stdDev: null(), W1: w.as_ptr(), W2: w.as_ptr(), wRank: 1, U1: w.as_ptr(), U2: w.as_ptr(), uRank: 1,
        Bg: w.as_ptr(), Bh: w.as_ptr(), sigmoid_zeta: 0, sigmoid_nu: 0,
    };
    let (mut t1, mut t2) = ([0i16; 1], [0i16; 1]);
    let mut lb = Q15_FastGRNN_LR_Buffers {
        preComp1: p1.as_mut_ptr(), preComp2: p2.as_mut_ptr(), preComp3: p3.as_mut_ptr(), tempLRW: t1.as_mut_ptr(),
        tempLRU: t2.as_mut_ptr(), normFeatures: nf.as_mut_ptr(),
    };
    let ls = Q15_FastGRNN_LR_Scales { sigmoidScaleIn: 11, sigmoidScaleOut: 14, tanhScaleIn: 11, tanhScaleOut: 11, ..Default::default() };
    let rc = unsafe {
        tinyrnn_q15_fastgrnn_lr_div(
            null_mut(), 2, null(), 2, 1, &lp as *const _ as *const c_void, &mut lb as *mut _ as *mut c_void,
            &ls as *const _ as *const c_void, 0, 0,
        )
    };
    assert_eq!(rc, -100, "low rank: NULL hidden state and NULL input");
}

unsafe extern "C" fn idle_rnn(
    _: *mut i16, _: u32, _: *const i16, _: u32, _: u32, _: *const c_void, _: *mut c_void, _: *const c_void, _: i32, _: i32,
) -> i32 {
    0
}

#[test]
fn regression_rnnpool_null_buffers_report_null() {
    let patch = [1i16; 4];
    let mut buf = [SENTINEL; 4];
    let call = |out: *mut i16, buf: *mut i16| unsafe {
        tinyrnn_q15_rnnpool_block_div_dense(
            patch.as_ptr(), 1, 2, 2, Some(idle_rnn), 2, null(), null_mut(), null(), Some(idle_rnn), 2, null(), null_mut(),
            null(), out, buf, 0, 0, 0, 0,
        )
    };
    assert_eq!(call(null_mut(), buf.as_mut_ptr()), -100, "NULL output");
    assert_eq!(call(null_mut(), null_mut()), -100, "NULL output and NULL buffer");
    assert_eq!(buf, [SENTINEL; 4]);
}

// ---------------------------------------------------------------------------
// D6. RNNPool: a patch whose length `(stride·(patchDim-1) + patchDim)·inputDims`
// exceeds 32 bits is accepted on 64-bit hosts (the patch length is computed
// in usize, not capped at ITER_T like the other dimension products since the
// D1 fix), and the RNNs are handed pointers up to 2^32 elements into a
// caller's patch. Required (docs/contract.md, sizes): -103, no RNN called,
// nothing written — the same on 32- and 64-bit targets. A no-op RNN counts
// the calls, so the test itself reads nothing out of bounds.
// ---------------------------------------------------------------------------

unsafe extern "C" fn counting_q15_rnn(
    _: *mut i16, _: u32, _: *const i16, _: u32, _: u32, _: *const c_void, b: *mut c_void, _: *const c_void, _: i32, _: i32,
) -> i32 {
    *(b as *mut u32) += 1;
    0
}

unsafe extern "C" fn counting_float_rnn(
    _: *mut f32, _: u32, _: *const f32, _: u32, _: u32, _: *const c_void, b: *mut c_void, _: i32, _: i32,
) -> i32 {
    *(b as *mut u32) += 1;
    0
}

#[test]
#[cfg_attr(miri, ignore)]
#[allow(clippy::useless_vec)] // the patches live on the heap on purpose
fn regression_rnnpool_patch_beyond_u32_is_refused() {
    // inputDims = 65536, patchDim = 2, stride = 65535: (65535 + 2)·65536 > 2^32.
    // The patch lives on the heap, far from the stack outputs, so no overlap
    // check can refuse the call first.
    let patch = vec![1i16; 4];
    let (mut out, mut buf) = ([SENTINEL; 4], [SENTINEL; 2]);
    let mut calls = 0u32;
    let calls_ptr = &mut calls as *mut u32 as *mut c_void;
    let rc = unsafe {
        tinyrnn_q15_rnnpool_block_div_dense(
            patch.as_ptr(), 65536, 2, 65535, Some(counting_q15_rnn), 1, null(), calls_ptr, null(), Some(counting_q15_rnn), 1,
            null(), calls_ptr, null(), out.as_mut_ptr(), buf.as_mut_ptr(), 0, 0, 0, 0,
        )
    };
    assert_eq!((rc, calls), (-103, 0), "quantized: refused before any RNN call");
    assert_eq!((out, buf), ([SENTINEL; 4], [SENTINEL; 2]));

    let fpatch = vec![1f32; 4];
    let (mut fo, mut fb) = ([7f32; 4], [7f32; 2]);
    let mut fcalls = 0u32;
    let fcalls_ptr = &mut fcalls as *mut u32 as *mut c_void;
    let rc = unsafe {
        tinyrnn_rnnpool_block(
            fpatch.as_ptr(), 65536, 2, 65535, Some(counting_float_rnn), 1, null(), fcalls_ptr, Some(counting_float_rnn), 1,
            null(), fcalls_ptr, fo.as_mut_ptr(), fb.as_mut_ptr(),
        )
    };
    assert_eq!((rc, fcalls), (-103, 0), "float: refused before any RNN call");
    assert_eq!((fo, fb), ([7f32; 4], [7f32; 2]));
}

// ---------------------------------------------------------------------------
// D7 (issue 17). `hiddenDims · inputDims` above UINT32_MAX is not refused.
//
// FastGRNN checked `steps·inputDims` and `hiddenDims²` in ITER_T but not
// `hiddenDims·inputDims`: sparse weights (every target) were walked with
// `hiddenDims = 65535, inputDims = 65538` and the call returned 0; dense
// weights (64-bit hosts) were sized in usize, so the call read a `W` of
// 2^32+ elements. The cells sized `blocks·hiddenDims × inputDims` in usize
// too. Required (docs/contract.md, sizes): -103, nothing written, on 32- and
// 64-bit targets alike.
// ---------------------------------------------------------------------------

/// A FastGRNN call with `hiddenDims = 65535, inputDims = 65538` (product
/// 2^32 + 65534), one step, every buffer of its declared size except the
/// dense weights, which are 4 elements: the sizes check must come first.
fn fastgrnn_beyond_u32(sparse: bool) -> (i32, bool) {
    const HD: usize = 65535;
    const ID: usize = 65538;
    let x = vec![1i16; ID];
    let bias = vec![0i16; HD];
    let w = [1i16; 4];
    // Sparse: every column empty (one terminating 0 per column).
    let (wids, uids) = (vec![0u32; ID], vec![0u32; HD]);
    let p = Q15_FastGRNN_Params {
        mean: null(), stdDev: null(), W: w.as_ptr(), Wids: wids.as_ptr(), Wvals: w.as_ptr(), U: w.as_ptr(),
        Uids: uids.as_ptr(), Uvals: w.as_ptr(), Bg: bias.as_ptr(), Bh: bias.as_ptr(), sigmoid_zeta: 0, sigmoid_nu: 0,
    };
    let (mut p1, mut p2, mut p3, mut nf) = (vec![0i16; HD], vec![0i16; HD], vec![0i16; HD], vec![0i16; ID]);
    let mut b = Q15_FastGRNN_Buffers {
        preComp1: p1.as_mut_ptr(), preComp2: p2.as_mut_ptr(), preComp3: p3.as_mut_ptr(), normFeatures: nf.as_mut_ptr(),
    };
    let s = scales();
    let mut h = vec![SENTINEL; HD];
    let f = if sparse { tinyrnn_q15_fastgrnn_div_sparse } else { tinyrnn_q15_fastgrnn_div_dense };
    let rc = unsafe {
        f(
            h.as_mut_ptr(), HD as u32, x.as_ptr(), ID as u32, 1, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void,
            &s as *const _ as *const c_void, 0, 0,
        )
    };
    (rc, h.iter().all(|&v| v == SENTINEL))
}

#[test]
fn regression_sparse_fastgrnn_hidden_times_input_beyond_u32_is_refused() {
    assert_eq!(fastgrnn_beyond_u32(true), (-103, true), "(return code, state untouched)");
}

#[test]
#[cfg_attr(miri, ignore)]
fn regression_dense_fastgrnn_hidden_times_input_beyond_u32_is_refused() {
    // Unfixed on 64-bit hosts, this reads W far past its 4 elements: a child process.
    isolated("regression_dense_fastgrnn_hidden_times_input_beyond_u32_is_refused", Duration::from_secs(60), || {
        assert_eq!(fastgrnn_beyond_u32(false), (-103, true), "(return code, state untouched)");
    });
}

#[test]
#[cfg_attr(miri, ignore)]
fn regression_cell_weights_beyond_u32_are_refused() {
    use tinyrnn::ffi::cells::q15::{Q15_MGU_Params, Q15_MGU_Scales, TinyRNN_Q15_Buffers, TinyRNN_Q15_Matrix};
    extern "C" {
        fn tinyrnn_q15_mgu_div(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    }
    // MGU's W is `2·hiddenDims × inputDims`: with hiddenDims = 2 and
    // inputDims = 2^30 it has 2^32 elements (hiddenDims² and steps·inputDims
    // fit). Dense and sparse storage alike must be refused before any read.
    isolated("regression_cell_weights_beyond_u32_are_refused", Duration::from_secs(60), || {
        const ID: u32 = 1 << 30;
        let small = [1i16; 16];
        let ids = [0u32; 16];
        let m = |sparse: bool| TinyRNN_Q15_Matrix {
            M: small.as_ptr(), M1: null(), M2: null(), rank: 0,
            ids: if sparse { ids.as_ptr() } else { null() }, vals: if sparse { small.as_ptr() } else { null() },
        };
        let scales = Q15_MGU_Scales::from_calibration(&tinyrnn::cells::calibrate::Calibration::<tinyrnn::Divisor>::unit());
        for sparse in [false, true] {
            let p = Q15_MGU_Params { mean: null(), stdDev: null(), W: m(sparse), Uf: m(false), Uh: m(false), B: small.as_ptr() };
            // Input and normFeatures are declared 2^30 elements: never read on refusal.
            let x = [0i16; 16];
            let mut scratch = vec![vec![0i16; 16]; 6];
            let mut b = TinyRNN_Q15_Buffers {
                preComp1: scratch[0].as_mut_ptr(), preComp2: scratch[1].as_mut_ptr(), preComp3: scratch[2].as_mut_ptr(),
                tempLRW: scratch[3].as_mut_ptr(), tempLRU: scratch[4].as_mut_ptr(), normFeatures: scratch[5].as_mut_ptr(),
            };
            let mut h = [SENTINEL; 2];
            let rc = unsafe {
                tinyrnn_q15_mgu_div(
                    h.as_mut_ptr(), 2, x.as_ptr(), ID, 1, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void,
                    &scales as *const _ as *const c_void, 0, 0,
                )
            };
            assert_eq!((rc, h), (-103, [SENTINEL; 2]), "sparse W: {sparse}");
        }
    });
}

// ---------------------------------------------------------------------------
// D8 (issue 17, found by the `diff_cells` fuzz target). eGRU and TinyEats
// ignore the scale struct's `qOne` in their gate's
// `q15_v_scalar_add(qOne, …)` (the documented sequence,
// include/tinyrnn_ugrnn.h and tinyrnn_gru.h): the C ABI used the
// calibration's constant 1.0 (16384) there, so any `qOne` other than 16384
// gave a different state. Required: the documented sequence, `qOne` in both
// of its calls.
// ---------------------------------------------------------------------------

#[test]
fn regression_egru_and_tinyeats_gate_adds_the_structs_q_one() {
    use tinyrnn::cells::calibrate::Calibration;
    use tinyrnn::ffi::cells::q15::{Q15_EGRU_Params, Q15_EGRU_Scales, Q15_TinyEats_Params, Q15_TinyEats_Scales, TinyRNN_Q15_Buffers};
    extern "C" {
        fn tinyrnn_q15_egru_div(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
        fn tinyrnn_q15_tinyeats_div(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    }
    let mut scratch = vec![vec![0i16; 8]; 6];
    let mut b = TinyRNN_Q15_Buffers {
        preComp1: scratch[0].as_mut_ptr(), preComp2: scratch[1].as_mut_ptr(), preComp3: scratch[2].as_mut_ptr(),
        tempLRW: scratch[3].as_mut_ptr(), tempLRU: scratch[4].as_mut_ptr(), normFeatures: scratch[5].as_mut_ptr(),
    };
    let bp = &mut b as *mut _ as *mut c_void;
    let x = [0i16; 1];
    // Unit scales (divisors 1, softsign counts 11 and 14), qOne = 69, zero
    // input and state: the gate's pre-activation is the bias alone.
    // eGRU, H = D = 1, every code 0 (+1.0, i.e. 4 quarters): both biases 4;
    // z = softsign(4) + qOne = 31 + 69 = 100, c = softsign(4) = 31, and the
    // write-gate mix gives (qOne − z)·h + z·c = 0 + 3100.
    let mut es = Q15_EGRU_Scales::from_calibration(&Calibration::<tinyrnn::Divisor>::unit());
    es.qOne = 69;
    let codes = [0u8; 4];
    let ep = Q15_EGRU_Params { mean: null(), stdDev: null(), W: codes.as_ptr(), U: codes.as_ptr(), B: codes.as_ptr() };
    let mut h = [0i16; 1];
    let rc = unsafe { tinyrnn_q15_egru_div(h.as_mut_ptr(), 1, x.as_ptr(), 1, 1, &ep as *const _ as *const c_void, bp, &es as *const _ as *const c_void, 0, 0) };
    assert_eq!((rc, h), (0, [3100]), "eGRU");

    // TinyEats, H = D = 1, int8 weights 0 and biases 4 (scaled up by 1):
    // r = z = softsign(4) + qOne = 100; the candidate's pre-activation is
    // the bias again (U_h·(r⊙h) = 0): c = 31; h = 0 + 100·31.
    let mut ts = Q15_TinyEats_Scales::from_calibration(&Calibration::<tinyrnn::Divisor>::unit());
    ts.qOne = 69;
    let (w, bias) = ([0i8; 3], [4i8; 3]);
    let tp = Q15_TinyEats_Params { mean: null(), stdDev: null(), W: w.as_ptr(), U: w.as_ptr(), Uh: w.as_ptr(), B: bias.as_ptr() };
    let mut h = [0i16; 1];
    let rc = unsafe { tinyrnn_q15_tinyeats_div(h.as_mut_ptr(), 1, x.as_ptr(), 1, 1, &tp as *const _ as *const c_void, bp, &ts as *const _ as *const c_void, 0, 0) };
    assert_eq!((rc, h), (0, [3100]), "TinyEats");
}

// ---------------------------------------------------------------------------
// D9 (issue 17). RNNPool passed the caller's RNN `buffers` through while it
// held Rust borrows of `output`, `buffer` and `patch`: an RNN whose scratch
// points into `output` or `buffer` wrote memory Rust had borrowed
// exclusively (undefined behaviour, reported by Miri). Required
// (docs/contract.md, RNNPool): allowed, with C's semantics — the sequence
// runs over raw pointers, and a scratch write is seen by the later steps,
// as in EdgeML. The test RNN adds its input to `hidden[0]` per step, then
// writes `100 + backward` through its `buffers` pointer.
// ---------------------------------------------------------------------------

unsafe extern "C" fn scribbling_q15_rnn(
    h: *mut i16, _: u32, x: *const i16, id: u32, steps: u32, _: *const c_void, b: *mut c_void, _: *const c_void, backward: i32, _: i32,
) -> i32 {
    for s in 0..steps as usize {
        *h += *x.add(s * id as usize);
    }
    *(b as *mut i16) = 100 + backward as i16;
    0
}

unsafe extern "C" fn scribbling_float_rnn(
    h: *mut f32, _: u32, x: *const f32, id: u32, steps: u32, _: *const c_void, b: *mut c_void, backward: i32, _: i32,
) -> i32 {
    for s in 0..steps as usize {
        *h += *x.add(s * id as usize);
    }
    *(b as *mut f32) = 100.0 + backward as f32;
    0
}

#[test]
fn regression_rnnpool_rnn_scratch_inside_output_and_buffer_has_c_semantics() {
    extern "C" {
        fn tinyrnn_q15_rnnpool_block_shift_dense(
            patch: *const i16, id: u32, pd: u32, stride: u32, rnn1: q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void,
            s1: *const c_void, rnn2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16,
            buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32,
        ) -> i32;
    }
    // One pixel (value 5), one hidden unit each, no rescaling (shift 0).
    // rnn1's scratch is output[3], rnn2's is buffer[0]. In C's order:
    // rows: buffer = 5, output[3] = 100; rnn2 forward: output[0] = 5,
    // buffer = 100; backward: output[1] = 100, buffer = 101; columns:
    // buffer = 0 then 5, output[3] = 100; rnn2: output[2] = 5, buffer = 100;
    // backward: output[3] = 100 + 100 = 200, buffer = 101.
    let patch = [5i16];
    let (mut out, mut buf) = ([SENTINEL; 4], [SENTINEL; 1]);
    let (o, b) = (out.as_mut_ptr(), buf.as_mut_ptr());
    let rc = unsafe {
        tinyrnn_q15_rnnpool_block_shift_dense(
            patch.as_ptr(), 1, 1, 1, Some(scribbling_q15_rnn), 1, null(), o.add(3) as *mut c_void, null(), Some(scribbling_q15_rnn), 1,
            null(), b as *mut c_void, null(), o, b, 0, 0, 0, 0,
        )
    };
    assert_eq!((rc, out, buf), (0, [5, 100, 5, 200], [101]), "quantized");

    let fpatch = [5f32];
    let (mut fo, mut fb) = ([7f32; 4], [7f32; 1]);
    let (o, b) = (fo.as_mut_ptr(), fb.as_mut_ptr());
    let rc = unsafe {
        tinyrnn_rnnpool_block(
            fpatch.as_ptr(), 1, 1, 1, Some(scribbling_float_rnn), 1, null(), o.add(3) as *mut c_void, Some(scribbling_float_rnn), 1,
            null(), b as *mut c_void, o, b,
        )
    };
    assert_eq!((rc, fo, fb), (0, [5.0, 100.0, 5.0, 200.0], [101.0]), "float");
}

// D12. RNNPool calling its own FastGRNN whose scratch (`preComp*`,
// `normFeatures`) lies in the block's `output` or `buffer`: the block ran
// the fused cell, which leaves other scratch values than EdgeML's sequence
// (W·x and U·h, not the step's last intermediates), and the block reads
// that memory back (as an RNN's initial state, or as the next pass's
// input): outputs different from EdgeML's. Required (docs/contract.md,
// RNNPool): EdgeML's result. The expected values were recorded from EdgeML's
// C reference (microsoft/EdgeML 81025fce, `SHIFT`, dense) on these inputs;
// before the fix all three layouts differed.
// ---------------------------------------------------------------------------

/// The deterministic values of the recording program: element `i` of array
/// `k`, in `-m..=m`.
fn recorded_fill(n: usize, m: i32, k: u32) -> Vec<i16> {
    (0..n as u32).map(|i| (((i.wrapping_mul(2654435761).wrapping_add(k.wrapping_mul(40503))) >> 7) % (2 * m as u32 + 1)) as i32 - m).map(|v| v as i16).collect()
}

/// The recorded D12 block (`SHIFT`, dense): inputDims 4, patchDim 2, stride
/// 2, no rescaling, the patch `recorded_fill(16, 8000, 5)`, both RNNs `rnn`
/// (4 hidden units) with `params`, `scales` and the scratch structs `b1`,
/// `b2`, after `place` has pointed some of their buffers into `output` or
/// `buffer` (its last two arguments): (return code, output, buffer).
///
/// # Safety
/// `params` and `scales` are `rnn`'s structs; `b1`, `b2` its buffers struct.
unsafe fn recorded_block<B>(rnn: q15_rnn_t, params: *const c_void, scales: *const c_void, (b1, b2): (&mut B, &mut B), place: impl FnOnce(&mut B, &mut B, *mut i16, *mut i16)) -> (i32, [i16; 16], [i16; 8]) {
    extern "C" {
        fn tinyrnn_q15_rnnpool_block_shift_dense(
            patch: *const i16, id: u32, pd: u32, stride: u32, rnn1: q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void,
            s1: *const c_void, rnn2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16,
            buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32,
        ) -> i32;
    }
    let patch = recorded_fill(16, 8000, 5);
    let (mut out, mut buf) = ([SENTINEL; 16], [SENTINEL; 8]);
    let (o, b) = (out.as_mut_ptr(), buf.as_mut_ptr());
    place(b1, b2, o, b);
    let (b1, b2) = (b1 as *mut B as *mut c_void, b2 as *mut B as *mut c_void);
    let rc = tinyrnn_q15_rnnpool_block_shift_dense(patch.as_ptr(), 4, 2, 2, rnn, 4, params, b1, scales, rnn, 4, params, b2, scales, o, b, 0, 0, 0, 0);
    (rc, out, buf)
}

#[test]
// Not under Miri: it gives each function pointer of one function an address
// of its own, so the block recognises no RNN as its own and every call is an
// opaque one (the export's scratch values, `docs/contract.md`).
#[cfg_attr(miri, ignore)]
fn regression_rnnpool_own_fastgrnn_with_scratch_in_the_block_memory_gives_edgemls_result() {
    extern "C" {
        fn tinyrnn_q15_fastgrnn_shift_dense(
            h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
        ) -> i32;
    }
    let (w, u, bg, bh) = (recorded_fill(16, 8000, 1), recorded_fill(16, 8000, 2), recorded_fill(4, 4096, 3), recorded_fill(4, 4096, 4));
    // SAFETY: plain integers; every field is set below or stays 0 (no tables).
    let mut s: Q15_FastGRNN_Scales = unsafe { core::mem::zeroed() };
    (s.w, s.normFeaturesMVW, s.mVWOut, s.u, s.hiddenStateMVU, s.mVUOut, s.mV2AddMV1, s.bg, s.bh) = (7, 6, 2, 7, 6, 3, 2, 3, 4);
    (s.gateHDHiddenState, s.hiddenStateHDGate, s.sigmoidZeta, s.sigmoidZetaMulQOneSubGate, s.sigmoidNu) = (7, 7, 7, 8, 8);
    (s.sigmoidNuAddQOneSubGateHDUpdate, s.updateHDSigmoidNuAddQOneSubGate) = (5, 6);
    (s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.tanhScaleIn, s.tanhScaleOut, s.div, s.add, s.qOne) = (2048, 11, 14, 11, 11, 2, 1024, 16384);
    let p = Q15_FastGRNN_Params {
        mean: null(), stdDev: null(), W: w.as_ptr(), Wids: null(), Wvals: null(), U: u.as_ptr(), Uids: null(), Uvals: null(),
        Bg: bg.as_ptr(), Bh: bh.as_ptr(), sigmoid_zeta: 16384, sigmoid_nu: 8192,
    };
    // (layout, EdgeML's output, EdgeML's buffer)
    let cases: [(usize, [i16; 16], [i16; 8]); 3] = [
        // rnn1's preComp1 at output[0..]: rnn2's forward state starts from it.
        (1, [444, 705, 172, 1269, -1512, -1087, 81, -1075, -2511, -1841, -229, -1630, -1675, -1217, 38, -1199], [64, 64, 64, 1189, 474, 733, 203, 1601]),
        // rnn2's preComp2 at output[8..]: its third state starts from it.
        (2, [-2897, -2121, -360, -1790, -1512, -1087, 81, -1075, 5160, 4804, 3412, 5096, -1675, -1217, 38, -1199], [64, 64, 64, 1189, 474, 733, 203, 1601]),
        // rnn1's preComp3 at buffer[4..]: its second row's state starts from it.
        (3, [-2995, -2195, -403, -1834, -1545, -1113, 60, -1089, -2604, -1912, -268, -1672, -1699, -1238, 22, -1207], [64, 64, 64, 1189, 508, 768, 237, 1620]),
    ];
    for (layout, want_out, want_buf) in cases {
        let mut scratch = [0i16; 32];
        let base = scratch.as_mut_ptr();
        let sp = |i: usize| base.wrapping_add(4 * i);
        let mut b1 = Q15_FastGRNN_Buffers { preComp1: sp(0), preComp2: sp(1), preComp3: sp(2), normFeatures: sp(3) };
        let mut b2 = Q15_FastGRNN_Buffers { preComp1: sp(4), preComp2: sp(5), preComp3: sp(6), normFeatures: sp(7) };
        let place = |b1: &mut Q15_FastGRNN_Buffers, b2: &mut Q15_FastGRNN_Buffers, o: *mut i16, b: *mut i16| match layout {
            1 => b1.preComp1 = o,
            2 => b2.preComp2 = o.wrapping_add(8),
            _ => b1.preComp3 = b.wrapping_add(4),
        };
        let (ps, ss) = (&p as *const _ as *const c_void, &s as *const _ as *const c_void);
        let got = unsafe { recorded_block(Some(tinyrnn_q15_fastgrnn_shift_dense), ps, ss, (&mut b1, &mut b2), place) };
        assert_eq!(got, (0, want_out, want_buf), "layout {layout}");
    }
}

/// D12 for `q15_fastgrnn_lr` as the block's RNNs (ranks 2), recorded as above.
#[test]
// Not under Miri: it gives each function pointer of one function an address
// of its own, so the block recognises no RNN as its own and every call is an
// opaque one (the export's scratch values, `docs/contract.md`).
#[cfg_attr(miri, ignore)]
fn regression_rnnpool_own_low_rank_fastgrnn_with_scratch_in_the_block_memory_gives_edgemls_result() {
    extern "C" {
        fn tinyrnn_q15_fastgrnn_lr_shift(
            h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
        ) -> i32;
    }
    let (w1, w2, u1, u2) = (recorded_fill(8, 8000, 1), recorded_fill(8, 8000, 6), recorded_fill(8, 8000, 2), recorded_fill(8, 8000, 7));
    let (bg, bh) = (recorded_fill(4, 4096, 3), recorded_fill(4, 4096, 4));
    // SAFETY: plain integers; every field is set below or stays 0 (no tables).
    let mut s: Q15_FastGRNN_LR_Scales = unsafe { core::mem::zeroed() };
    (s.w1, s.normFeaturesMVW1, s.mVW1Out, s.w2, s.tempLRW, s.mVW2Out) = (7, 6, 1, 7, 6, 2);
    (s.u1, s.hiddenStateMVU1, s.mVU1Out, s.u2, s.tempLRU, s.mVU2Out) = (7, 6, 1, 7, 6, 3);
    (s.mV4AddMV2, s.bg, s.bh, s.gateHDHiddenState, s.hiddenStateHDGate) = (2, 3, 4, 7, 7);
    (s.sigmoidZeta, s.sigmoidZetaMulQOneSubGate, s.sigmoidNu, s.sigmoidNuAddQOneSubGateHDUpdate, s.updateHDSigmoidNuAddQOneSubGate) = (7, 8, 8, 5, 6);
    (s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.tanhScaleIn, s.tanhScaleOut, s.div, s.add, s.qOne) = (2048, 11, 14, 11, 11, 2, 1024, 16384);
    let p = Q15_FastGRNN_LR_Params {
        mean: null(), stdDev: null(), W1: w1.as_ptr(), W2: w2.as_ptr(), wRank: 2, U1: u1.as_ptr(), U2: u2.as_ptr(), uRank: 2,
        Bg: bg.as_ptr(), Bh: bh.as_ptr(), sigmoid_zeta: 16384, sigmoid_nu: 8192,
    };
    // (layout, EdgeML's output, EdgeML's buffer)
    let m = -8224;
    let cases: [(usize, [i16; 16], [i16; 8]); 2] = [
        // rnn1's preComp1 at output[0..]: rnn2's forward state starts from it.
        (1, [m, -7565, -4412, -6085, m, m, m, m, m, m, m, m, m, m, m, m], [m, m, -7582, -8104, m, -7606, -5991, -6523]),
        // rnn2's preComp2 at output[8..]: its third state starts from it.
        (2, [m, m, m, m, m, m, m, m, 8224, 8224, 8224, 8224, m, m, m, m], [m, m, -7582, -8104, m, -7606, -5991, -6523]),
    ];
    for (layout, want_out, want_buf) in cases {
        let mut scratch = [0i16; 48];
        let base = scratch.as_mut_ptr();
        let sp = |i: usize| base.wrapping_add(4 * i);
        let mut b1 = Q15_FastGRNN_LR_Buffers { preComp1: sp(0), preComp2: sp(1), preComp3: sp(2), tempLRW: sp(3), tempLRU: sp(4), normFeatures: sp(5) };
        let mut b2 = Q15_FastGRNN_LR_Buffers { preComp1: sp(6), preComp2: sp(7), preComp3: sp(8), tempLRW: sp(9), tempLRU: sp(10), normFeatures: sp(11) };
        let place = |b1: &mut Q15_FastGRNN_LR_Buffers, b2: &mut Q15_FastGRNN_LR_Buffers, o: *mut i16, _: *mut i16| {
            if layout == 1 {
                b1.preComp1 = o;
            } else {
                b2.preComp2 = o.wrapping_add(8);
            }
        };
        let (ps, ss) = (&p as *const _ as *const c_void, &s as *const _ as *const c_void);
        let got = unsafe { recorded_block(Some(tinyrnn_q15_fastgrnn_lr_shift), ps, ss, (&mut b1, &mut b2), place) };
        assert_eq!(got, (0, want_out, want_buf), "layout {layout}");
    }
}

// D10. MBConv with `N == 0` (no output element, so nothing is checked
// against the output's length) and `HOut·WOut·COut` beyond `usize`: the
// output strides were multiplied with overflow checks on, a panic (abort) in
// any build with overflow checks; release builds wrapped harmlessly. Found
// by the `mbconv` fuzz target.
#[test]
#[cfg_attr(miri, ignore)] // the weights are promised long and never read: not a Miri case
fn regression_mbconv_without_batches_and_huge_output_strides_returns() {
    extern "C" {
        fn tinyrnn_q15_mbconv_block_div(
            input: *const i16, f1: *const i16, bn1w: *const i16, bn1b: *const i16, f2: *const i16, bn2w: *const i16,
            bn2b: *const i16, f3: *const i16, bn3w: *const i16, bn3b: *const i16, output: *mut i16, cb1: *mut i16,
            cb2: *mut i16, n: u32, h: u32, w: u32, c_in: u32, c_temp: u32, hf: u32, wf: u32, c_out: u32, h_out: u32,
            w_out: u32, hpu: i32, hpd: i32, wpl: i32, wpr: i32, hs: u32, ws: u32, limit1: i32, limit2: i32, s0: i32,
            s1: i32, s2: i32, s3: i32, s4: i32, s5: i32, s6: i32, s7: i32, s8: i32, s9: i32, s10: i32, s11: i32,
        );
    }
    let weights = [1i16; 8];
    let (mut out, mut cb1, mut cb2) = ([SENTINEL; 4], [SENTINEL; 4], [SENTINEL; 4]);
    let w = weights.as_ptr();
    let huge = 1u32 << 22; // 2^66 output elements per batch
    unsafe {
        tinyrnn_q15_mbconv_block_div(
            w, w, w, w, w, w, w, w, w, w, out.as_mut_ptr(), cb1.as_mut_ptr(), cb2.as_mut_ptr(), 0, 1, 1, 1, 1, 1, 1, huge,
            huge, huge, 0, 0, 0, 0, 1, 1, 0, 32767, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        )
    };
    assert_eq!((out, cb1, cb2), ([SENTINEL; 4], [SENTINEL; 4], [SENTINEL; 4]));
}
