//! Pins docs/contract.md: what the C ABI does with input outside EdgeML's
//! defined domain. Every case here would crash, trap or be undefined in C.

use core::ffi::c_void;
use core::ptr::{null, null_mut};

use tinyrnn as _;
use tinyrnn::ffi::*;

extern "C" {
    fn tinyrnn_q15_v_add_div(a: *const i16, b: *const i16, len: u32, ret: *mut i16, s1: i32, s2: i32, sr: i32, d: i32);
    fn tinyrnn_q15_v_add_shift(a: *const i16, b: *const i16, len: u32, ret: *mut i16, s1: i32, s2: i32, sr: i32, d: i32);
    fn tinyrnn_q15_v_scale_up_shift(vec: *const i16, len: u32, ret: *mut i16, sc: i32);
    fn tinyrnn_q15_v_argmax(vec: *const i16, len: u32, ret: *mut u32);
    fn tinyrnn_q15_m_mulvec_div(mat: *const i16, vec: *const i16, r: u32, c: u32, ret: *mut i16, a: i32, b: i32, d: i32);
    fn tinyrnn_q15_m_sparse_mulvec_div(ids: *const u32, vals: *const i16, vec: *const i16, nelem: u32, ret: *mut i16, a: i32, b: i32, c: i32);
    fn tinyrnn_q15_t_l2_norm_shift(ten: *const i16, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i16, si: i32, so: i32);
    fn tinyrnn_q15_v_sigmoid(vec: *const i16, len: u32, ret: *mut i16, div: i16, add: i16, lim: i16, si: i32, so: i32, t: u32);
    fn tinyrnn_q15_convolution_div(
        input: *const i16, filter: *const i16, output: *mut i16, n: u32, h: u32, w: u32, cin: u32, hf: u32, wf: u32, cf: u32,
        cout: u32, hout: u32, wout: u32, g: u32, hpu: i32, hpd: i32, wpl: i32, wpr: i32, hs: u32, ws: u32, hd: u32, wd: u32,
        a: i32, b: i32, c: i32,
    );
    fn tinyrnn_q15_fastgrnn_div_dense(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_div_sparse(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_rnnpool_block_div(
        patch: *const i16, id: u32, pd: u32, stride: u32, rnn1: q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void,
        s1: *const c_void, rnn2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16,
        buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32,
    ) -> i32;
}

const SENTINEL: i16 = 0x5a5a;

#[test]
fn zero_length_calls_accept_null_pointers_and_write_nothing() {
    unsafe {
        tinyrnn_q15_v_add_div(null(), null(), 0, null_mut(), 1, 1, 1, 1);
        tinyrnn_q15_m_mulvec_div(null(), null(), 0, 0, null_mut(), 1, 1, 1);
        tinyrnn_q15_t_l2_norm_shift(null(), 0, 3, 3, 3, null_mut(), -3, 4);
    }
}

#[test]
fn null_input_with_nonzero_length_leaves_output_untouched() {
    let mut ret = [SENTINEL; 4];
    let b = [1i16; 4];
    unsafe { tinyrnn_q15_v_add_div(null(), b.as_ptr(), 4, ret.as_mut_ptr(), 1, 1, 1, 1) };
    assert_eq!(ret, [SENTINEL; 4]);
}

#[test]
fn misaligned_q15_pointer_leaves_output_untouched() {
    let raw = [0u8; 16];
    let odd = unsafe { raw.as_ptr().add(1) } as *const i16;
    let mut ret = [SENTINEL; 4];
    unsafe { tinyrnn_q15_v_add_div(odd, odd, 4, ret.as_mut_ptr(), 1, 1, 1, 1) };
    assert_eq!(ret, [SENTINEL; 4]);
}

#[test]
fn division_by_zero_scale_gives_zero_like_cortex_m_sdiv() {
    let a = [1000i16, -1000, 32767, -32768];
    let mut ret = [SENTINEL; 4];
    unsafe { tinyrnn_q15_v_add_div(a.as_ptr(), a.as_ptr(), 4, ret.as_mut_ptr(), 0, 1, 1, 1) };
    // a/0 = 0, so only the second term remains.
    assert_eq!(ret, a);
}

#[test]
fn shift_counts_out_of_range_are_clamped() {
    let a = [-7i16, 7, -32768, 32767];
    let mut ret = [SENTINEL; 4];
    unsafe { tinyrnn_q15_v_add_shift(a.as_ptr(), a.as_ptr(), 4, ret.as_mut_ptr(), 40, 40, 0, 0) };
    // Each term is shifted past its width: the sign remains.
    assert_eq!(ret, [-2, 0, -2, 0]);
    unsafe { tinyrnn_q15_v_scale_up_shift(a.as_ptr(), 4, ret.as_mut_ptr(), 32) };
    assert_eq!(ret, [0; 4]);
    unsafe { tinyrnn_q15_v_scale_up_shift(a.as_ptr(), 4, ret.as_mut_ptr(), -5) };
    assert_eq!(ret, a);
}

#[test]
fn sigmoid_with_zero_div_and_negative_shift_is_total() {
    let a = [-100i16, 0, 100, 30000];
    let mut ret = [SENTINEL; 4];
    unsafe { tinyrnn_q15_v_sigmoid(a.as_ptr(), 4, ret.as_mut_ptr(), 0, 5, 10, 14, 11, 0) };
    // x/0 = 0, so w = add = 5 for every element; the negative shift counts as 0.
    assert_eq!(ret, [5; 4]);
}

#[test]
fn argmax_of_empty_vector_is_zero_without_reading() {
    let mut ret = 77u32;
    unsafe { tinyrnn_q15_v_argmax(null(), 0, &mut ret) };
    assert_eq!(ret, 0);
    unsafe { tinyrnn_q15_v_argmax([1i16, 3, 3].as_ptr(), 3, null_mut()) };
}

#[test]
fn argmax_returns_first_of_equal_maxima() {
    let mut ret = 77u32;
    unsafe { tinyrnn_q15_v_argmax([1i16, 3, -2, 3].as_ptr(), 4, &mut ret) };
    assert_eq!(ret, 1);
}

#[test]
fn matrix_product_into_its_own_input_is_refused() {
    let mut buf = [1i16, 2, 3, 4, 5, 6];
    let mat = [1i16; 6];
    let before = buf;
    unsafe { tinyrnn_q15_m_mulvec_div(mat.as_ptr(), buf.as_ptr(), 2, 3, buf.as_mut_ptr(), 1, 1, 1) };
    assert_eq!(buf, before);
}

#[test]
fn in_place_add_matches_out_of_place() {
    let a = [100i16, -200, 300, -400];
    let b = [7i16, 8, 9, 10];
    let mut out = [0i16; 4];
    let mut inplace = a;
    unsafe {
        tinyrnn_q15_v_add_div(a.as_ptr(), b.as_ptr(), 4, out.as_mut_ptr(), 2, 1, 1, 1);
        tinyrnn_q15_v_add_div(inplace.as_ptr(), b.as_ptr(), 4, inplace.as_mut_ptr(), 2, 1, 1, 1);
    }
    assert_eq!(out, inplace);
}

#[test]
fn shifted_overlap_follows_c_element_order() {
    // ret = vec1 + 1: C reads vec1[i] after writing ret[i-1] = vec1[i].
    let mut buf = [10i16, 20, 30, 40, 50];
    let zeros = [0i16; 4];
    let p = buf.as_mut_ptr();
    unsafe { tinyrnn_q15_v_add_div(p, zeros.as_ptr(), 4, p.add(1), 1, 1, 1, 1) };
    assert_eq!(buf, [10, 10, 10, 10, 10]);
}

#[test]
fn l2_norm_in_place_matches_out_of_place() {
    let ten = [1324i16, 5453, 3454, 3435, 8789, 3411, 5412, 8934];
    let mut out = [0i16; 8];
    let mut inplace = ten;
    unsafe {
        tinyrnn_q15_t_l2_norm_shift(ten.as_ptr(), 1, 2, 2, 2, out.as_mut_ptr(), -14, 8);
        tinyrnn_q15_t_l2_norm_shift(inplace.as_ptr(), 1, 2, 2, 2, inplace.as_mut_ptr(), -14, 8);
    }
    assert_eq!(out, inplace);
}

#[test]
fn sparse_product_walks_encoding_and_accumulates() {
    // Columns: {row 1: 23, row 3: 48}, {row 1: 32}, {row 2: 1}.
    let ids = [1u32, 3, 0, 1, 0, 2, 0];
    let vals = [23i16, 48, 32, 1];
    let vec = [1i16, 2, 3];
    let mut ret = [1i16, 1, 1];
    unsafe { tinyrnn_q15_m_sparse_mulvec_div(ids.as_ptr(), vals.as_ptr(), vec.as_ptr(), 3, ret.as_mut_ptr(), 1, 1, 1) };
    assert_eq!(ret, [88, 4, 49]);
}

#[test]
fn sparse_product_with_zero_divisor_leaves_ret_unchanged() {
    let ids = [1u32, 3, 0, 1, 0, 2, 0];
    let vals = [23i16, 48, 32, 1];
    let vec = [1i16, 2, 3];
    let mut ret = [7i16, -8, 9];
    unsafe { tinyrnn_q15_m_sparse_mulvec_div(ids.as_ptr(), vals.as_ptr(), vec.as_ptr(), 3, ret.as_mut_ptr(), 0, 1, 1) };
    assert_eq!(ret, [7, -8, 9]);
}

#[test]
fn convolution_with_zero_stride_writes_nothing_instead_of_looping_forever() {
    let input = [1i16; 16];
    let filter = [1i16; 9];
    let mut out = [SENTINEL; 16];
    unsafe {
        tinyrnn_q15_convolution_div(
            input.as_ptr(), filter.as_ptr(), out.as_mut_ptr(), 1, 4, 4, 1, 3, 3, 1, 1, 4, 4, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
        )
    };
    assert_eq!(out, [SENTINEL; 16]);
}

#[test]
fn convolution_with_too_small_output_writes_nothing() {
    let input = [1i16; 16];
    let filter = [1i16; 9];
    let mut out = [SENTINEL; 16];
    // Padding 1 and stride 1 visit 4×4 positions, but HOut = 2.
    unsafe {
        tinyrnn_q15_convolution_div(
            input.as_ptr(), filter.as_ptr(), out.as_mut_ptr(), 1, 4, 4, 1, 3, 3, 1, 1, 2, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        )
    };
    assert_eq!(out, [SENTINEL; 16]);
}

fn scales() -> Q15_FastGRNN_Scales {
    Q15_FastGRNN_Scales {
        input: 1, mean: 1, meanSub: 1, stdDev: 1, normFeaturesHDStdDev: 1, w: 128, normFeaturesMVW: 64, mVWOut: 4, u: 128,
        hiddenStateMVU: 64, mVUOut: 8, mV1AddMV2: 1, mV2AddMV1: 4, mV1AddMV2Out: 1, mV1AddMV2Demote: 1, pC1AddBg: 1, bg: 8,
        pC1AddBgOut: 1, pC1AddBgDemote: 1, sigmoidScaleIn: 11, sigmoidScaleOut: 14, pC1AddBh: 1, bh: 16, pC1AddBhOut: 1,
        pC1AddBhDemote: 1, tanhScaleIn: 11, tanhScaleOut: 11, gateHDHiddenState: 128, hiddenStateHDGate: 128, qOneScale: 1,
        qOneSubGate: 1, qOneSubGateOut: 1, sigmoidZeta: 128, sigmoidZetaMulQOneSubGate: 256, sigmoidNu: 256,
        sigmoidNuAddQOneSubGate: 1, sigmoidNuAddQOneSubGateOut: 1, sigmoidNuAddQOneSubGateHDUpdate: 32,
        updateHDSigmoidNuAddQOneSubGate: 64, pC3AddPC1: 1, pC1AddPC3: 1, hiddenStateOut: 1, hiddenStateDemote: 1, div: 2,
        add: 1024, sigmoidLimit: 2048, qOne: 16384, useTableSigmoid: 1, useTableTanH: 1,
    }
}

struct Dense {
    w: [i16; 4],
    u: [i16; 4],
    b: [i16; 2],
    pc: [[i16; 2]; 3],
    nf: [i16; 2],
}

impl Dense {
    fn new() -> Self {
        Dense { w: [1000, -2000, 3000, 400], u: [-500, 600, 700, -800], b: [100, -100], pc: [[0; 2]; 3], nf: [0; 2] }
    }

    fn params(&self, w: *const i16) -> Q15_FastGRNN_Params {
        Q15_FastGRNN_Params {
            mean: null(), stdDev: null(), W: w, Wids: null(), Wvals: null(), U: self.u.as_ptr(), Uids: null(),
            Uvals: null(), Bg: self.b.as_ptr(), Bh: self.b.as_ptr(), sigmoid_zeta: 16384, sigmoid_nu: 0,
        }
    }

    fn buffers(&mut self) -> Q15_FastGRNN_Buffers {
        let [p1, p2, p3] = &mut self.pc;
        Q15_FastGRNN_Buffers { preComp1: p1.as_mut_ptr(), preComp2: p2.as_mut_ptr(), preComp3: p3.as_mut_ptr(), normFeatures: self.nf.as_mut_ptr() }
    }
}

fn run_dense(h: &mut [i16; 2], x: &[i16], steps: u32, p: &Q15_FastGRNN_Params, b: &mut Q15_FastGRNN_Buffers) -> i32 {
    let s = scales();
    unsafe {
        tinyrnn_q15_fastgrnn_div_dense(
            h.as_mut_ptr(), 2, x.as_ptr(), 2, steps,
            p as *const _ as *const c_void, b as *mut _ as *mut c_void, &s as *const _ as *const c_void, 0, 0,
        )
    }
}

#[test]
fn fastgrnn_reports_missing_scratch_with_edgeml_codes() {
    let mut m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut h = [1, 2];
    let mut b = m.buffers();
    b.preComp3 = null_mut();
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), -1);
    let mut b = m.buffers();
    b.normFeatures = null_mut();
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), -4);
    assert_eq!(h, [1, 2]);
}

#[test]
fn fastgrnn_with_null_weights_returns_null_error_and_keeps_state() {
    let mut m = Dense::new();
    let p = m.params(null());
    let mut h = [1, 2];
    let mut b = m.buffers();
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), -100);
    assert_eq!(h, [1, 2]);
}

#[test]
fn fastgrnn_with_null_structs_returns_null_error() {
    let mut h = [1i16, 2];
    let rc = unsafe { tinyrnn_q15_fastgrnn_div_dense(h.as_mut_ptr(), 2, null(), 0, 0, null(), null_mut(), null(), 0, 0) };
    assert_eq!(rc, -100);
}

#[test]
fn fastgrnn_with_zero_steps_succeeds_and_keeps_state() {
    let mut m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut h = [1, 2];
    let mut b = m.buffers();
    assert_eq!(run_dense(&mut h, &[], 0, &p, &mut b), 0);
    assert_eq!(h, [1, 2]);
}

#[test]
fn fastgrnn_with_state_aliasing_scratch_is_refused() {
    let mut m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut h = [1, 2];
    let mut b = m.buffers();
    b.preComp1 = h.as_mut_ptr();
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), -106);
    assert_eq!(h, [1, 2]);
}

#[test]
fn sparse_fastgrnn_with_row_past_hidden_dims_is_refused() {
    let mut m = Dense::new();
    let w_ids = [1u32, 0, 3, 0]; // row 3 of a 2-row matrix
    let vals = [5i16, 6];
    let u_ids = [1u32, 0, 2, 0];
    let mut p = m.params(null());
    p.Wids = w_ids.as_ptr();
    p.Wvals = vals.as_ptr();
    p.U = null();
    p.Uids = u_ids.as_ptr();
    p.Uvals = vals.as_ptr();
    let s = scales();
    let mut h = [1i16, 2];
    let mut b = m.buffers();
    let rc = unsafe {
        tinyrnn_q15_fastgrnn_div_sparse(
            h.as_mut_ptr(), 2, [1i16, 2].as_ptr(), 2, 1,
            &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void, &s as *const _ as *const c_void, 0, 0,
        )
    };
    assert_eq!(rc, -102);
    assert_eq!(h, [1, 2]);
}

#[test]
fn rnnpool_with_null_rnn_returns_null_error_and_writes_nothing() {
    let patch = [1i16; 4];
    let mut out = [SENTINEL; 8];
    let mut buf = [SENTINEL; 4];
    let rc = unsafe {
        tinyrnn_q15_rnnpool_block_div(
            patch.as_ptr(), 1, 2, 2, None, 2, null(), null_mut(), null(), None, 2, null(), null_mut(), null(),
            out.as_mut_ptr(), buf.as_mut_ptr(), 1, 1, 1, 1,
        )
    };
    assert_eq!(rc, -100);
    assert_eq!(out, [SENTINEL; 8]);
}
