//! Pins docs/contract.md: what the C ABI does with input outside EdgeML's
//! defined domain. Every case here would crash, trap or be undefined in C.

use core::cell::Cell;
use core::ffi::c_void;
use core::mem::size_of;
use core::ptr::{null, null_mut};

use tinyrnn as _;
use tinyrnn::ffi::fastgrnn_model::tinyrnn_fastgrnn_model;
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
    fn tinyrnn_q15_fastgrnn_lr_shift(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_div_sparse(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_model_init_div_dense(
        m: *mut tinyrnn_fastgrnn_model, hd: u32, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_model_run_div_dense(m: *const tinyrnn_fastgrnn_model, h: *mut i16, x: *const i16, steps: u32, bw: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_model_run_shift_dense(m: *const tinyrnn_fastgrnn_model, h: *mut i16, x: *const i16, steps: u32, bw: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_lr_model_init_shift(
        m: *mut tinyrnn_fastgrnn_model, hd: u32, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_lr_model_run_shift(m: *const tinyrnn_fastgrnn_model, h: *mut i16, x: *const i16, steps: u32, bw: i32) -> i32;
    fn tinyrnn_q15_rnnpool_block_div_dense(
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
    // u16 storage, so one byte in is odd wherever the array lands (Miri
    // places a [u8; N] at any address).
    let raw = [0u16; 8];
    let odd = unsafe { (raw.as_ptr() as *const u8).add(1) } as *const i16;
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
fn matrix_product_into_its_own_input_reads_rows_already_written() {
    // EdgeML stores ret[0] before summing row 1, which reads it as vec[0].
    let mut buf = [1i16, 2, 3, 4, 5, 6];
    let mat = [1i16; 6];
    // One pointer for `vec` and `ret`, as a C caller passes it.
    let p = buf.as_mut_ptr();
    unsafe { tinyrnn_q15_m_mulvec_div(mat.as_ptr(), p, 2, 3, p, 1, 1, 1) };
    assert_eq!(buf, [6, 6 + 2 + 3, 3, 4, 5, 6]);
}

#[test]
fn in_place_add_matches_out_of_place() {
    let a = [100i16, -200, 300, -400];
    let b = [7i16, 8, 9, 10];
    let mut out = [0i16; 4];
    let mut inplace = a;
    unsafe {
        tinyrnn_q15_v_add_div(a.as_ptr(), b.as_ptr(), 4, out.as_mut_ptr(), 2, 1, 1, 1);
        // One pointer for both roles: `as_mut_ptr()` after `as_ptr()` would
        // invalidate the first (Stacked Borrows).
        let p = inplace.as_mut_ptr();
        tinyrnn_q15_v_add_div(p, b.as_ptr(), 4, p, 2, 1, 1, 1);
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
        let p = inplace.as_mut_ptr();
        tinyrnn_q15_t_l2_norm_shift(p, 1, 2, 2, 2, p, -14, 8);
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

/// A small dense FastGRNN. The scratch buffers are `Cell`s so that handing
/// out their pointers (`buffers(&self)`) does not reborrow the whole struct
/// mutably, which would invalidate the weight pointers already taken from it
/// (Stacked Borrows).
struct Dense {
    w: [i16; 4],
    u: [i16; 4],
    b: [i16; 2],
    pc: [[Cell<i16>; 2]; 3],
    nf: [Cell<i16>; 2],
}

impl Dense {
    fn new() -> Self {
        let zero = || [const { Cell::new(0) }; 2];
        Dense { w: [1000, -2000, 3000, 400], u: [-500, 600, 700, -800], b: [100, -100], pc: [zero(), zero(), zero()], nf: zero() }
    }

    fn params(&self, w: *const i16) -> Q15_FastGRNN_Params {
        Q15_FastGRNN_Params {
            mean: null(), stdDev: null(), W: w, Wids: null(), Wvals: null(), U: self.u.as_ptr(), Uids: null(),
            Uvals: null(), Bg: self.b.as_ptr(), Bh: self.b.as_ptr(), sigmoid_zeta: 16384, sigmoid_nu: 0,
        }
    }

    fn buffers(&self) -> Q15_FastGRNN_Buffers {
        // Pointers from the whole arrays (not one element), writable through
        // the cells.
        let at = |a: &[Cell<i16>; 2]| a.as_ptr() as *mut i16;
        Q15_FastGRNN_Buffers { preComp1: at(&self.pc[0]), preComp2: at(&self.pc[1]), preComp3: at(&self.pc[2]), normFeatures: at(&self.nf) }
    }
}

/// A low-rank FastGRNN of `hd` hidden units, 2 inputs, ranks 2, and its
/// six scratch buffers (zeroed).
struct LowRank {
    w1: Vec<i16>,
    w2: Vec<i16>,
    u1: Vec<i16>,
    u2: Vec<i16>,
    bias: Vec<i16>,
    scratch: [Vec<i16>; 6],
}

impl LowRank {
    fn new(hd: usize) -> Self {
        LowRank { w1: vec![300; 2 * 2], w2: vec![-200; hd * 2], u1: vec![100; 2 * hd], u2: vec![50; hd * 2], bias: vec![10; hd], scratch: core::array::from_fn(|_| vec![0; hd]) }
    }

    fn scales() -> Q15_FastGRNN_LR_Scales {
        Q15_FastGRNN_LR_Scales { sigmoidLimit: 2048, div: 2, add: 1024, qOne: 16384, ..Default::default() }
    }

    fn params(&self) -> Q15_FastGRNN_LR_Params {
        Q15_FastGRNN_LR_Params {
            mean: null(), stdDev: null(), W1: self.w1.as_ptr(), W2: self.w2.as_ptr(), wRank: 2, U1: self.u1.as_ptr(), U2: self.u2.as_ptr(),
            uRank: 2, Bg: self.bias.as_ptr(), Bh: self.bias.as_ptr(), sigmoid_zeta: 16384, sigmoid_nu: 0,
        }
    }

    fn buffers(&mut self) -> Q15_FastGRNN_LR_Buffers {
        let [a, b, c, d, e, f] = &mut self.scratch;
        Q15_FastGRNN_LR_Buffers {
            preComp1: a.as_mut_ptr(), preComp2: b.as_mut_ptr(), preComp3: c.as_mut_ptr(), tempLRW: d.as_mut_ptr(), tempLRU: e.as_mut_ptr(),
            normFeatures: f.as_mut_ptr(),
        }
    }
}

fn run_dense(h: &mut [i16; 2], x: &[i16], steps: u32, p: &Q15_FastGRNN_Params, b: &mut Q15_FastGRNN_Buffers) -> i32 {
    run_dense_at(h.as_mut_ptr(), x, steps, p, b)
}

/// `run_dense` on a raw state pointer: for a state that a buffer in `b`
/// shares, both must come from one pointer (a new `&mut` of the state would
/// invalidate the one in `b` under Rust's aliasing rules).
fn run_dense_at(h: *mut i16, x: &[i16], steps: u32, p: &Q15_FastGRNN_Params, b: &mut Q15_FastGRNN_Buffers) -> i32 {
    let s = scales();
    unsafe {
        tinyrnn_q15_fastgrnn_div_dense(
            h, 2, x.as_ptr(), 2, steps,
            p as *const _ as *const c_void, b as *mut _ as *mut c_void, &s as *const _ as *const c_void, 0, 0,
        )
    }
}

#[test]
fn fastgrnn_reports_missing_scratch_with_edgeml_codes() {
    let m = Dense::new();
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
    let m = Dense::new();
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
    let m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut h = [1, 2];
    let mut b = m.buffers();
    assert_eq!(run_dense(&mut h, &[], 0, &p, &mut b), 0);
    assert_eq!(h, [1, 2]);
}

#[test]
fn fastgrnn_with_scratch_over_the_state_is_computed_in_edgeml_order() {
    // EdgeML defines this call (its sequence of primitive calls writes and
    // reads the shared memory in a fixed order); tests/edgeml_recorded.rs
    // pins such layouts to EdgeML's recorded results.
    let m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut h = [1, 2];
    let hp = h.as_mut_ptr();
    let mut b = m.buffers();
    b.preComp1 = hp;
    assert_eq!(run_dense_at(hp, &[1, 2], 1, &p, &mut b), 0);
}

/// A dense model of `p`, `b` (division build) in zeroed storage: the init's
/// code and the storage. The model keeps `b` (a raw pointer, as C's: a
/// later `&mut` of the struct would invalidate it under Rust's rules).
fn dense_model(p: &Q15_FastGRNN_Params, b: *mut Q15_FastGRNN_Buffers, s: &Q15_FastGRNN_Scales) -> (i32, Box<core::mem::MaybeUninit<tinyrnn_fastgrnn_model>>) {
    let mut m = Box::new(core::mem::MaybeUninit::zeroed());
    let rc = unsafe { tinyrnn_q15_fastgrnn_model_init_div_dense(m.as_mut_ptr(), 2, 2, 0, p as *const _ as *const c_void, b as *mut c_void, s as *const _ as *const c_void, 0) };
    (rc, m)
}

#[test]
fn a_fastgrnn_model_run_equals_the_call_and_refuses_a_state_over_its_buffers() {
    let m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let s = scales();
    let x = [1000, -2000, 3000, 4000];
    let call = |h: *mut i16, b: *mut Q15_FastGRNN_Buffers| unsafe {
        tinyrnn_q15_fastgrnn_div_dense(h, 2, x.as_ptr(), 2, 2, &p as *const _ as *const c_void, b as *mut c_void, &s as *const _ as *const c_void, 0, 0)
    };
    // Separate buffers: the run's own path.
    let mut b = m.buffers();
    let bp: *mut Q15_FastGRNN_Buffers = &mut b;
    let (rc, model) = dense_model(&p, bp, &s);
    assert_eq!(rc, 0);
    let (mut by_call, mut by_model) = ([1, 2], [1, 2]);
    assert_eq!(call(by_call.as_mut_ptr(), bp), 0);
    assert_eq!(unsafe { tinyrnn_q15_fastgrnn_model_run_div_dense(model.as_ptr(), by_model.as_mut_ptr(), x.as_ptr(), 2, 0) }, 0);
    assert_eq!(by_model, by_call);
    // `preComp1` over the hidden state: the call runs EdgeML's sequence, a
    // model refuses (-106) and writes nothing.
    let mut h = [1, 2];
    let hp = h.as_mut_ptr();
    let mut b = m.buffers();
    b.preComp1 = hp;
    let bp: *mut Q15_FastGRNN_Buffers = &mut b;
    let (rc, model) = dense_model(&p, bp, &s);
    assert_eq!(rc, 0);
    assert_eq!(unsafe { tinyrnn_q15_fastgrnn_model_run_div_dense(model.as_ptr(), hp, x.as_ptr(), 2, 0) }, -106);
    assert_eq!(h, [1, 2]);
    // Scratch buffers sharing memory: refused by init.
    let mut b = m.buffers();
    b.normFeatures = b.preComp2;
    let (rc, _) = dense_model(&p, &mut b, &s);
    assert_eq!(rc, -106);
}

#[test]
fn a_fastgrnn_model_init_refuses_storage_over_its_own_structs_and_writes_nothing() {
    let m = Dense::new();
    let s = scales();
    let p = m.params(m.w.as_ptr());
    let b = m.buffers();
    // Storage (8-byte aligned words) holding the params and the buffers
    // structs: refused, neither struct changed.
    let mut words = vec![0u64; size_of::<tinyrnn_fastgrnn_model>() / 8 + 1];
    let at = words.as_mut_ptr();
    let (pp, bp) = (at as *mut Q15_FastGRNN_Params, unsafe { at.add(16) } as *mut Q15_FastGRNN_Buffers);
    unsafe {
        pp.write(p);
        bp.write(b);
        let rc = tinyrnn_q15_fastgrnn_model_init_div_dense(at as *mut tinyrnn_fastgrnn_model, 2, 2, 0, pp as *const c_void, bp as *mut c_void, &s as *const _ as *const c_void, 0);
        assert_eq!(rc, -106);
        assert_eq!((pp.read().W, pp.read().sigmoid_zeta, bp.read().preComp1), (p.W, p.sigmoid_zeta, b.preComp1));
    }
}

#[test]
fn a_fastgrnn_model_run_refuses_storage_no_init_of_its_variant_accepted() {
    let m = Dense::new();
    let s = scales();
    let mut h = [1, 2];
    let x = [1, 2];
    // Refused by init (NULL W): the zeroed storage stays refused.
    let p = m.params(null());
    let mut b = m.buffers();
    let (rc, model) = dense_model(&p, &mut b, &s);
    assert_eq!(rc, -100);
    assert_eq!(unsafe { tinyrnn_q15_fastgrnn_model_run_div_dense(model.as_ptr(), h.as_mut_ptr(), x.as_ptr(), 1, 0) }, -109);
    // Accepted, then run by another build's run.
    let p = m.params(m.w.as_ptr());
    let (rc, model) = dense_model(&p, &mut b, &s);
    assert_eq!(rc, 0);
    assert_eq!(unsafe { tinyrnn_q15_fastgrnn_model_run_shift_dense(model.as_ptr(), h.as_mut_ptr(), x.as_ptr(), 1, 0) }, -109);
    assert_eq!(h, [1, 2]);
}

/// A `SPARSE` FastGRNN step (H = D = 2) whose `W` encoding names row 3, with
/// `normFeatures` over the hidden state when `features_on_hidden`: the
/// return code and the hidden state after the call (it starts `[1, 2]`).
fn sparse_fastgrnn_with_row_3(input: [i16; 2], features_on_hidden: bool) -> (i32, [i16; 2]) {
    let m = Dense::new();
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
    let hp = h.as_mut_ptr();
    let mut b = m.buffers();
    if features_on_hidden {
        b.normFeatures = hp;
    }
    let rc = unsafe {
        tinyrnn_q15_fastgrnn_div_sparse(
            hp, 2, input.as_ptr(), 2, 1,
            &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void, &s as *const _ as *const c_void, 0, 0,
        )
    };
    (rc, h)
}

#[test]
fn sparse_fastgrnn_with_row_past_hidden_dims_is_refused() {
    let (rc, h) = sparse_fastgrnn_with_row_3([1, 2], false);
    assert_eq!(rc, -102);
    assert_eq!(h, [1, 2]);
}

/// The same refusal when the call's buffers share memory (EdgeML's order,
/// the in-order path): it comes before the first store, although the
/// features, stored first in a step, would land on the hidden state here.
/// (Found by the `fastgrnn` fuzz target after the in-order path had skipped
/// the views' shape checks.)
#[test]
fn sparse_fastgrnn_with_row_past_hidden_dims_is_refused_before_any_store_when_buffers_share_memory() {
    let (rc, h) = sparse_fastgrnn_with_row_3([7, 8], true);
    assert_eq!(rc, -102);
    assert_eq!(h, [1, 2]);
}

#[test]
fn rnnpool_with_null_rnn_returns_null_error_and_writes_nothing() {
    let patch = [1i16; 4];
    let mut out = [SENTINEL; 8];
    let mut buf = [SENTINEL; 4];
    let rc = unsafe {
        tinyrnn_q15_rnnpool_block_div_dense(
            patch.as_ptr(), 1, 2, 2, None, 2, null(), null_mut(), null(), None, 2, null(), null_mut(), null(),
            out.as_mut_ptr(), buf.as_mut_ptr(), 1, 1, 1, 1,
        )
    };
    assert_eq!(rc, -100);
    assert_eq!(out, [SENTINEL; 8]);
}

// ===========================================================================
// Issue 6: the rest of the written contract, one test per claim.
// ===========================================================================

extern "C" {
    fn tinyrnn_q15_m_reverse(mat: *const i16, nrows: u32, ncols: u32, axis: u32, ret: *mut i16);
    fn tinyrnn_q7_t_relu(ten: *const i8, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i8, limit: i8, div: i8);
    fn tinyrnn_q7xq15_q7_t_add_vec_div(ten: *const i8, vec: *const i16, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i8, a: i32, b: i32, c: i32);
    fn tinyrnn_q15_t_add_vec_div(ten: *const i16, vec: *const i16, nb: u32, nr: u32, nc: u32, nch: u32, ret: *mut i16, a: i32, b: i32, c: i32);
    fn tinyrnn_q15_v_tanh(vec: *const i16, len: u32, ret: *mut i16, si: i32, so: i32, t: u32);
    fn tinyrnn_q15xq7_q15_m_mulvec_shift(mat: *const i16, vec: *const i8, r: u32, c: u32, ret: *mut i16, a: i32, b: i32, d: i32);
    fn tinyrnn_fastgrnn(
        h: *mut f32, hd: u32, x: *const f32, id: u32, steps: u32, p: *const c_void, b: *mut c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_rnnpool_block(
        patch: *const f32, id: u32, pd: u32, stride: u32, rnn1: tinyrnn::ffi::float::rnn_t, hd1: u32, p1: *const c_void,
        b1: *mut c_void, rnn2: tinyrnn::ffi::float::rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, out: *mut f32,
        buf: *mut f32,
    ) -> i32;
}

#[test]
fn reverse_in_place_or_overlapping_follows_edgeml_store_order() {
    let mut m = [1i16, 2, 3, 4, 5, 6];
    let p = m.as_mut_ptr();
    // Rows reversed in place: row 0 takes row 1, then row 1 takes the new row 0.
    unsafe { tinyrnn_q15_m_reverse(p, 2, 3, 0, p) };
    assert_eq!(m, [4, 5, 6, 4, 5, 6]);
    // Shifted by one: each store lands where a later load reads. (A fresh
    // pointer: reading `m` above ended the first one's write permission.)
    let p = m.as_mut_ptr();
    unsafe { tinyrnn_q15_m_reverse(p, 1, 5, 1, p.add(1)) };
    assert_eq!(m, [4, 5, 4, 4, 5, 4]);
    // axis != 0 reverses each row, as EdgeML's `else` branch.
    let mut r = [0i16; 6];
    unsafe { tinyrnn_q15_m_reverse([1i16, 2, 3, 4, 5, 6].as_ptr(), 2, 3, 7, r.as_mut_ptr()) };
    assert_eq!(r, [3, 2, 1, 6, 5, 4]);
}

#[test]
fn l2_norm_shifted_overlap_writes_nothing() {
    let mut buf = [1324i16, 5453, 3454, 3435, 8789, 3411, 5412, 8934, 0];
    let before = buf;
    let p = buf.as_mut_ptr();
    unsafe { tinyrnn_q15_t_l2_norm_shift(p, 1, 2, 2, 2, p.add(1), -14, 8) };
    assert_eq!(buf, before);
}

#[test]
fn relu_by_zero_gives_zero() {
    let t = [-5i8, 0, 7, 100];
    let mut r = [9i8; 4];
    unsafe { tinyrnn_q7_t_relu(t.as_ptr(), 1, 1, 2, 2, r.as_mut_ptr(), 50, 0) };
    assert_eq!(r, [0; 4]);
}

#[test]
fn bias_is_checked_for_its_channels_even_when_the_tensor_is_empty() {
    // nbatches == 0: no element, but the per-channel bias (3 elements) is
    // still a declared buffer: NULL is refused (nothing to write either way).
    let mut r = [SENTINEL; 3];
    unsafe { tinyrnn_q15_t_add_vec_div([1i16; 3].as_ptr(), null(), 0, 1, 1, 3, r.as_mut_ptr(), 1, 1, 1) };
    assert_eq!(r, [SENTINEL; 3]);
}

#[test]
#[allow(clippy::needless_range_loop)] // `i` also offsets raw pointers
fn q7_tensor_over_its_q15_bias_follows_c_element_order() {
    // ret (Q7) starts one byte into the Q15 bias: each element is computed
    // from the bias as it stands when C reaches it.
    let mut mem = [0x0102u16, 0x0304, 0, 0];
    let ten = [10i8, 20, 30, 40];
    let mut expected = mem;
    let eb = expected.as_mut_ptr() as *mut u8;
    for i in 0..4usize {
        // C: ret[i] = ten[i] + bias[i % 2], reading the bias after the writes so far.
        let b = unsafe { (eb as *const i16).add(i % 2).read_unaligned() } as i32;
        unsafe { eb.add(1 + i).write((ten[i] as i32 + b) as i8 as u8) };
    }
    // Both pointers from one borrow of `mem`, taken after the copy above.
    let base = mem.as_mut_ptr() as *mut u8;
    let (bias, ret) = (base as *const i16, unsafe { base.add(1) } as *mut i8);
    unsafe { tinyrnn_q7xq15_q7_t_add_vec_div(ten.as_ptr(), bias, 1, 1, 2, 2, ret, 1, 1, 1) };
    assert_eq!(mem, expected);
}

#[test]
fn table_flags_are_any_non_zero() {
    let v = [-3000i16, -10, 0, 10, 3000];
    let (mut a, mut b) = ([0i16; 5], [0i16; 5]);
    unsafe {
        tinyrnn_q15_v_tanh(v.as_ptr(), 5, a.as_mut_ptr(), 11, 14, 1);
        tinyrnn_q15_v_tanh(v.as_ptr(), 5, b.as_mut_ptr(), 11, 14, 0xFFFF_FFFF);
    }
    assert_eq!(a, b);
}

#[test]
fn mulvec_with_a_64_bit_shift_count_is_total() {
    // q15xq7 sums in 32 bits: counts of 32 and more give the sign fill.
    let mat = [1000i16, -1000];
    let vec = [100i8, 1];
    let mut r = [SENTINEL; 2];
    unsafe { tinyrnn_q15xq7_q15_m_mulvec_shift(mat.as_ptr(), vec.as_ptr(), 2, 1, r.as_mut_ptr(), 20, 20, 20) };
    assert_eq!(r, [0, -1]);
}

#[test]
fn convolution_leaves_output_positions_it_does_not_visit() {
    // Stride 2 over 4 rows visits 2 positions; HOut = WOut = 4 declares 16.
    let input = [1i16; 16];
    let filter = [1i16; 1];
    let mut out = [SENTINEL; 16];
    unsafe {
        tinyrnn_q15_convolution_div(
            input.as_ptr(), filter.as_ptr(), out.as_mut_ptr(), 1, 4, 4, 1, 1, 1, 1, 1, 4, 4, 1, 0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 1,
        )
    };
    // Written: (0,0), (0,1), (1,0), (1,1) at strides of WOut = 4.
    let written = [0usize, 1, 4, 5];
    for (i, &v) in out.iter().enumerate() {
        assert_eq!(v == SENTINEL, !written.contains(&i), "element {i} = {v}");
    }
}

#[test]
fn fastgrnn_pre_comp3_is_only_checked_for_null() {
    // tinyrnn never needs preComp3: any non-NULL pointer will do, even a
    // misaligned one, and it is never written.
    let m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut b = m.buffers();
    let mut raw = [0x7777u16; 4];
    b.preComp3 = unsafe { (raw.as_mut_ptr() as *mut u8).add(1) } as *mut i16;
    let mut h = [1, 2];
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), 0);
    assert_eq!(raw, [0x7777; 4]);
}

#[test]
fn fastgrnn_buffers_may_share_memory_with_edgeml_results() {
    let m = Dense::new();
    // W, U, Bg and Bh all in one array: read-only overlaps are fine.
    let shared = [100i16, -200, 300, -400];
    let mut p = m.params(shared.as_ptr());
    p.U = shared.as_ptr();
    p.Bg = shared.as_ptr();
    p.Bh = shared.as_ptr();
    let mut b = m.buffers();
    let mut h = [1, 2];
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), 0);
    // normFeatures over the weights: as in EdgeML, the step's features are
    // copied over the first weights, which the product then reads.
    let mut w = [100i16, -200, 300, -400];
    // One raw pointer for both roles (as a C caller has): a second borrow of
    // `w` would invalidate the first pointer under Rust's aliasing rules.
    let wp = w.as_mut_ptr();
    let p = m.params(wp);
    let mut b = m.buffers();
    b.normFeatures = wp;
    let mut h = [1, 2];
    assert_eq!(run_dense(&mut h, &[1, 2], 1, &p, &mut b), 0);
    assert_eq!(w, [1, 2, 300, -400]);
}

#[test]
fn fastgrnn_with_zero_steps_accepts_null_input() {
    let m = Dense::new();
    let p = m.params(m.w.as_ptr());
    let mut b = m.buffers();
    let mut h = [1i16, 2];
    let s = scales();
    let rc = unsafe {
        tinyrnn_q15_fastgrnn_div_dense(
            h.as_mut_ptr(), 2, null(), 2, 0, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void,
            &s as *const _ as *const c_void, 1, 1,
        )
    };
    assert_eq!((rc, h), (0, [1, 2]));
}

unsafe extern "C" fn counting_rnn(
    h: *mut i16, hd: u32, _: *const i16, _: u32, _: u32, _: *const c_void, b: *mut c_void, _: *const c_void, _: i32, _: i32,
) -> i32 {
    *(b as *mut u32) += 1;
    for j in 0..hd as usize {
        *h.add(j) = 1;
    }
    -1
}

#[test]
fn rnnpool_ignores_rnn_codes_and_calls_rnns_without_hidden_units() {
    let patch = [1i16; 4];
    let (mut out, mut buf) = ([SENTINEL; 8], [SENTINEL; 4]);
    let (mut calls1, mut calls2) = (0u32, 0u32);
    let run = |hd1: u32, out: &mut [i16; 8], buf: &mut [i16; 4], c1: &mut u32, c2: &mut u32| unsafe {
        tinyrnn_q15_rnnpool_block_div_dense(
            patch.as_ptr(), 1, 2, 2, Some(counting_rnn), hd1, null(), c1 as *mut u32 as *mut c_void, null(),
            Some(counting_rnn), 2, null(), c2 as *mut u32 as *mut c_void, null(), out.as_mut_ptr(), buf.as_mut_ptr(), 0, 0, 0, 0,
        )
    };
    // Failing RNNs (-1): pooling goes on and returns 0. rnn1: 2 rows + 2×2 pixels; rnn2: 4 passes.
    assert_eq!(run(2, &mut out, &mut buf, &mut calls1, &mut calls2), 0);
    assert_eq!((calls1, calls2), (6, 4));
    // hiddenDims1 == 0: rnn1 is still called as often as EdgeML calls it
    // (a cell with side effects sees the same sequence), with no hidden unit.
    let (mut c1, mut c2) = (0u32, 0u32);
    assert_eq!(run(0, &mut out, &mut buf, &mut c1, &mut c2), 0);
    assert_eq!((c1, c2), (6, 4));
}

#[test]
fn float_fastgrnn_checks_null_before_overlap() {
    use tinyrnn::ffi::float::{FastGRNN_Buffers, FastGRNN_Params};
    let w = [0.5f32; 4];
    let p = FastGRNN_Params {
        mean: null_mut(), stdDev: null_mut(), W: w.as_ptr() as *mut f32, U: w.as_ptr() as *mut f32,
        Bg: w.as_ptr() as *mut f32, Bh: w.as_ptr() as *mut f32, sigmoid_zeta: 1.0, sigmoid_nu: 0.0,
    };
    let (mut pc, mut nf) = ([0f32; 2], [0f32; 2]);
    let mut b = FastGRNN_Buffers { preComp: pc.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
    let rc = unsafe {
        tinyrnn_fastgrnn(null_mut(), 2, null(), 2, 1, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void, 0, 0)
    };
    assert_eq!(rc, -100);
}

unsafe extern "C" fn float_counting_rnn(
    _: *mut f32, hd: u32, _: *const f32, _: u32, _: u32, _: *const c_void, b: *mut c_void, _: i32, _: i32,
) -> i32 {
    *(b as *mut u32) += 1 + 100 * (hd == 0) as u32;
    0
}

#[test]
fn float_rnnpool_calls_rnns_even_without_hidden_units() {
    // Unlike the quantized block, the float block calls rnn1 with
    // hiddenDims1 == 0, as EdgeML does (it changes nothing).
    let patch = [1f32; 4];
    let (mut out, mut buf) = ([0f32; 8], [0f32; 1]);
    let (mut c1, mut c2) = (0u32, 0u32);
    let rc = unsafe {
        tinyrnn_rnnpool_block(
            patch.as_ptr(), 1, 2, 2, Some(float_counting_rnn), 0, null(), &mut c1 as *mut u32 as *mut c_void,
            Some(float_counting_rnn), 2, null(), &mut c2 as *mut u32 as *mut c_void, out.as_mut_ptr(), buf.as_mut_ptr(),
        )
    };
    assert_eq!(rc, 0);
    assert_eq!((c1, c2), (6 * 101, 4));
}

extern "C" {
    fn tinyrnn_q15_v_scale_up_div(vec: *const i16, len: u32, ret: *mut i16, sc: i32);
    fn tinyrnn_q15_v_scale_down_div(vec: *const i16, len: u32, ret: *mut i16, sc: i32);
    fn tinyrnn_q7xq15_q15_rnnpool_block_div_dense(
        patch: *const i8, id: u32, pd: u32, stride: u32, rnn1: q7xq15_q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void,
        s1: *const c_void, rnn2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16,
        buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32,
    ) -> i32;
}

/// An RNN whose result depends on every element it reads and on the order
/// of the calls: each step mixes the input and the state into the state,
/// and each call is logged (`b` points to a `Vec<(u32, u32, i32)>`).
unsafe extern "C" fn mixing_rnn(
    h: *mut i16, hd: u32, x: *const i16, xd: u32, steps: u32, _: *const c_void, b: *mut c_void, _: *const c_void, back: i32, _: i32,
) -> i32 {
    (*(b as *mut Vec<(u32, u32, i32)>)).push((hd, steps, back));
    for t in 0..steps as usize {
        let t = if back != 0 { steps as usize - 1 - t } else { t };
        let mut sum = 0i16;
        for k in 0..xd as usize {
            sum = sum.wrapping_mul(3).wrapping_add(*x.add(t * xd as usize + k));
        }
        for j in 0..hd as usize {
            let v = *h.add(j);
            *h.add(j) = v.wrapping_mul(5).wrapping_add(sum).wrapping_add(j as i16);
        }
    }
    0
}

/// EdgeML's `q15_rnnpool_block`, as its C code runs it, over raw pointers
/// (the oracle of calls whose buffers share memory).
#[allow(clippy::too_many_arguments)]
unsafe fn edgeml_pool_sequence(
    patch: *const i16, id: u32, pd: u32, st: u32, hd1: u32, hd2: u32, log1: *mut c_void, log2: *mut c_void, out: *mut i16,
    buf: *mut i16, sh: [i32; 4],
) {
    let clear = |p: *mut i16, n: u32| (0..n as usize).for_each(|i| *p.add(i) = 0);
    let rescale = |p: *mut i16, n: u32, r: i32, l: i32| {
        tinyrnn_q15_v_scale_up_div(p, n, p, l);
        tinyrnn_q15_v_scale_down_div(p, n, p, r);
    };
    let rnn2 = |o: *mut i16, back: i32| mixing_rnn(o, hd2, buf, hd1, pd, null(), log2, null(), back, 0);
    clear(out, 4 * hd2);
    clear(buf, hd1 * pd);
    for r in 0..pd {
        mixing_rnn(buf.add((r * hd1) as usize), hd1, patch.add((st * r * id) as usize), id, pd, null(), log1, null(), 0, 0);
    }
    rescale(buf, pd * hd1, sh[0], sh[1]);
    rnn2(out, 0);
    rnn2(out.add(hd2 as usize), 1);
    clear(buf, hd1 * pd);
    for c in 0..pd {
        for r in 0..pd {
            mixing_rnn(buf.add((c * hd1) as usize), hd1, patch.add(((st * r + c) * id) as usize), id, 1, null(), log1, null(), 0, 0);
        }
    }
    rescale(buf, pd * hd1, sh[0], sh[1]);
    rnn2(out.add(2 * hd2 as usize), 0);
    rnn2(out.add(3 * hd2 as usize), 1);
    rescale(out, 4 * hd2, sh[2], sh[3]);
}

#[test]
fn rnnpool_with_output_buffer_and_patch_sharing_memory_gives_edgemls_sequence() {
    // inputDims 2, patchDim 3, stride 1: patch 10, buffer 6, output 8 elements.
    let (id, pd, st, hd1, hd2, sh) = (2u32, 3u32, 1u32, 2u32, 2u32, [2, 3, 1, 2]);
    // Fewer layouts under Miri (an interpreter), the same kinds of overlap.
    let offsets: &[usize] = if cfg!(miri) { &[0, 5, 13] } else { &[0, 3, 5, 8, 13, 20] };
    let mut shared = 0;
    for &po in offsets {
        for &oo in offsets {
            for &bo in offsets {
                let init: Vec<i16> = (0..32).map(|i| (i * 7919 % 1000) as i16 - 500).collect();
                let (mut ours, mut theirs) = (init.clone(), init);
                let (mut l1, mut l2, mut m1, mut m2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                let lp = |v: &mut Vec<(u32, u32, i32)>| v as *mut _ as *mut c_void;
                let rc = unsafe {
                    let a = ours.as_mut_ptr();
                    tinyrnn_q15_rnnpool_block_div_dense(
                        a.add(po), id, pd, st, Some(mixing_rnn), hd1, null(), lp(&mut l1), null(), Some(mixing_rnn), hd2, null(),
                        lp(&mut l2), null(), a.add(oo), a.add(bo), sh[0], sh[1], sh[2], sh[3],
                    )
                };
                unsafe {
                    let a = theirs.as_mut_ptr();
                    edgeml_pool_sequence(a.add(po), id, pd, st, hd1, hd2, lp(&mut m1), lp(&mut m2), a.add(oo), a.add(bo), sh);
                }
                assert_eq!(rc, 0, "patch at {po}, output at {oo}, buffer at {bo}");
                assert_eq!((ours, l1, l2), (theirs, m1, m2), "patch at {po}, output at {oo}, buffer at {bo}");
                shared += (po.max(oo) < (po + 10).min(oo + 8) || oo.max(bo) < (oo + 8).min(bo + 6)) as u32;
            }
        }
    }
    assert!(shared as usize * 2 > offsets.len().pow(3), "the offsets must make most calls share memory ({shared})");
}

#[test]
fn q7_rnnpool_refuses_q15_buffers_over_the_q7_patch_but_shares_output_and_buffer() {
    unsafe extern "C" fn q7_rnn(
        h: *mut i16, hd: u32, x: *const i8, xd: u32, steps: u32, _: *const c_void, _: *mut c_void, _: *const c_void, _: i32, _: i32,
    ) -> i32 {
        for j in 0..hd as usize {
            *h.add(j) = h.add(j).read().wrapping_add(*x as i16).wrapping_add((xd * steps) as i16);
        }
        0
    }
    let mut arena = [SENTINEL; 24];
    let a = arena.as_mut_ptr();
    let mut log = Vec::<(u32, u32, i32)>::new();
    let log = &mut log as *mut _ as *mut c_void;
    let call = |patch: *const i8, out: *mut i16, buf: *mut i16| unsafe {
        tinyrnn_q7xq15_q15_rnnpool_block_div_dense(
            patch, 1, 2, 1, Some(q7_rnn), 2, null(), null_mut(), null(), Some(mixing_rnn), 2, null(), log, null(), out, buf, 1, 1, 1, 1,
        )
    };
    // The Q7 patch (3 bytes) inside the output: byte-order dependent, refused.
    let rc = call(unsafe { a.add(2) } as *const i8, a, unsafe { a.add(12) });
    assert_eq!(rc, -106);
    assert_eq!(arena, [SENTINEL; 24]);
    // Output and buffer sharing memory (both Q15): computed.
    let patch = [3i8, -4, 5];
    assert_eq!(call(patch.as_ptr(), a, unsafe { a.add(4) }), 0);
    assert_ne!(arena, [SENTINEL; 24]);
}

/// An 8-byte-aligned arena of Q15 elements, for C structs placed inside
/// the buffers a call writes.
#[repr(C, align(8))]
struct Arena([i16; 160]);

#[test]
fn fastgrnn_refuses_its_structs_inside_a_buffer_it_writes_and_writes_nothing() {
    // hiddenDims 48: every scratch buffer (96 bytes) holds any of the structs.
    const HD: usize = 48;
    let (w, u, bias) = ([300i16; HD * 2], [-200i16; HD * HD], [50i16; HD]);
    let x = [1000i16, -1000];
    let s = scales();
    let p = Q15_FastGRNN_Params {
        mean: null(), stdDev: null(), W: w.as_ptr(), Wids: null(), Wvals: null(), U: u.as_ptr(), Uids: null(), Uvals: null(),
        Bg: bias.as_ptr(), Bh: bias.as_ptr(), sigmoid_zeta: 16384, sigmoid_nu: 0,
    };
    // 0: params, 1: buffers, 2: scales moved into preComp1 (or, 3, the state).
    for (case, within) in [(0, "preComp1"), (1, "preComp1"), (2, "preComp1"), (2, "hiddenState")] {
        let mut arena = Arena([SENTINEL; 160]);
        let a = arena.0.as_mut_ptr();
        let mut state = [7i16; HD];
        let mut rest = [[0i16; HD]; 3];
        let (pc1, h) = if within == "preComp1" { (a, state.as_mut_ptr()) } else { (rest[2].as_mut_ptr(), a) };
        let [pc2, pc3, nf] = &mut rest;
        let b = Q15_FastGRNN_Buffers { preComp1: pc1, preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
        let (mut pp, mut bp, mut sp) = (&p as *const _ as *const c_void, &b as *const _ as *mut c_void, &s as *const _ as *const c_void);
        // SAFETY: the arena (320 bytes, 8-aligned) holds each struct; the
        // copy is bytewise. `shown` reads the copy back by its fields (its
        // padding bytes are not values: Miri).
        let shown = unsafe {
            match case {
                0 => pp = copy_into(a, &p),
                1 => bp = copy_into(a, &b) as *mut c_void,
                _ => sp = copy_into(a, &s),
            }
            move || match case {
                0 => format!("{:?}", *(a as *const Q15_FastGRNN_Params)),
                1 => format!("{:?}", *(a as *const Q15_FastGRNN_Buffers)),
                _ => format!("{:?}", *(a as *const Q15_FastGRNN_Scales)),
            }
        };
        let (before, after_structs) = (shown(), arena.0[100..].to_vec());
        let rc = unsafe { tinyrnn_q15_fastgrnn_div_dense(h, HD as u32, x.as_ptr(), 2, 1, pp, bp, sp, 0, 0) };
        assert_eq!(rc, -106, "struct {case} inside {within}");
        let unchanged = (shown(), arena.0[100..].to_vec(), state);
        assert_eq!(unchanged, (before, after_structs, [7i16; HD]), "struct {case} inside {within}: nothing written");
    }
}

/// Copies `v` bytewise to `at` and returns that address.
///
/// # Safety
/// `at` is valid for `size_of::<T>()` bytes and aligned for `T`.
unsafe fn copy_into<T>(at: *mut i16, v: &T) -> *const c_void {
    core::ptr::copy_nonoverlapping(v as *const T as *const u8, at as *mut u8, core::mem::size_of::<T>());
    at as *const c_void
}

#[test]
fn low_rank_fastgrnn_refuses_its_scales_inside_its_state_and_writes_nothing() {
    const HD: usize = 100;
    let x = [1000i16, -1000];
    let s = LowRank::scales();
    let mut cell = LowRank::new(HD);
    let (p, mut buffers) = (cell.params(), cell.buffers());
    let mut arena = Arena([SENTINEL; 160]);
    let h = arena.0.as_mut_ptr();
    // SAFETY: the arena (320 bytes, 8-aligned) holds the scales struct;
    // `shown` reads the copy back by its fields (not its padding).
    let sp = unsafe { copy_into(h, &s) };
    let words = core::mem::size_of::<Q15_FastGRNN_LR_Scales>().div_ceil(2);
    let shown = || unsafe { format!("{:?}", *(h as *const Q15_FastGRNN_LR_Scales)) };
    // Every access through `h` (the state's pointer, which the call writes).
    let tail = || unsafe { core::slice::from_raw_parts(h.add(words), 160 - words) }.to_vec();
    let before = (shown(), tail());
    let rc = unsafe {
        tinyrnn_q15_fastgrnn_lr_shift(h, HD as u32, x.as_ptr(), 2, 1, &p as *const _ as *const c_void, &mut buffers as *mut _ as *mut c_void, sp, 0, 0)
    };
    assert_eq!(rc, -106);
    assert_eq!((shown(), tail()), before, "nothing written");
    // The same scales elsewhere: computed, the state (where the copy was)
    // written.
    let rc = unsafe {
        tinyrnn_q15_fastgrnn_lr_shift(h, HD as u32, x.as_ptr(), 2, 1, &p as *const _ as *const c_void, &mut buffers as *mut _ as *mut c_void, &s as *const _ as *const c_void, 0, 0)
    };
    assert_eq!(rc, 0);
    assert_ne!(shown(), before.0);
}

#[test]
fn a_low_rank_model_run_equals_the_call_and_refuses_a_state_over_its_rank_buffers() {
    const HD: usize = 4;
    let x = [1000i16, -1000, 2000, 500];
    let s = LowRank::scales();
    let mut cell = LowRank::new(HD);
    let (p, mut buffers) = (cell.params(), cell.buffers());
    // The model keeps a raw pointer to the buffers struct, as C's.
    let bp: *mut Q15_FastGRNN_LR_Buffers = &mut buffers;
    let (pp, sp) = (&p as *const _ as *const c_void, &s as *const _ as *const c_void);
    let mut model = Box::new(core::mem::MaybeUninit::<tinyrnn_fastgrnn_model>::zeroed());
    let (mut by_call, mut by_model) = ([1i16, 2, 3, 4], [1i16, 2, 3, 4]);
    unsafe {
        assert_eq!(tinyrnn_q15_fastgrnn_lr_model_init_shift(model.as_mut_ptr(), HD as u32, 2, 0, pp, bp as *mut c_void, sp, 0), 0);
        assert_eq!(tinyrnn_q15_fastgrnn_lr_shift(by_call.as_mut_ptr(), HD as u32, x.as_ptr(), 2, 2, pp, bp as *mut c_void, sp, 1, 0), 0);
        assert_eq!(tinyrnn_q15_fastgrnn_lr_model_run_shift(model.as_ptr(), by_model.as_mut_ptr(), x.as_ptr(), 2, 1), 0);
        assert_eq!(by_model, by_call);
        // A hidden state over `tempLRU` (which every step writes): the call
        // runs EdgeML's sequence, a model refuses and writes nothing.
        let over = (*bp).tempLRU;
        let before = *over;
        assert_eq!(tinyrnn_q15_fastgrnn_lr_model_run_shift(model.as_ptr(), over, x.as_ptr(), 2, 1), -106);
        assert_eq!(*over, before);
        // `tempLRW` over `preComp2`: refused by init, which leaves the
        // model it had.
        let temp_w = (*bp).tempLRW;
        (*bp).tempLRW = (*bp).preComp2;
        assert_eq!(tinyrnn_q15_fastgrnn_lr_model_init_shift(model.as_mut_ptr(), HD as u32, 2, 0, pp, bp as *mut c_void, sp, 0), -106);
        (*bp).tempLRW = temp_w;
        let mut again = [1i16, 2, 3, 4];
        assert_eq!(tinyrnn_q15_fastgrnn_lr_model_run_shift(model.as_ptr(), again.as_mut_ptr(), x.as_ptr(), 2, 1), 0);
        assert_eq!(again, by_call);
    }
}
