//! Every `tinyrnn_*` export, declared as C sees it (the signatures of
//! `src/ffi/*.rs`; `scripts/fuzz` checks that none is missing). The fuzz
//! targets call the library only through these declarations, so they
//! exercise the C ABI of the linked archive code, not the Rust API.
#![allow(non_snake_case, dead_code)]

use core::ffi::{c_int, c_uint, c_void};

pub use tinyrnn::ffi::float::{rnn_t, FastGRNN_Buffers, FastGRNN_LR_Buffers, FastGRNN_LR_Params, FastGRNN_Params};
pub use tinyrnn::ffi::sizes::TinyRNN_Buffer_Sizes;
pub use tinyrnn::ffi::{
    q15_rnn_t, q7xq15_q15_rnn_t, Q15_FastGRNN_Buffers, Q15_FastGRNN_LR_Buffers, Q15_FastGRNN_LR_Params,
    Q15_FastGRNN_LR_Scales, Q15_FastGRNN_Params, Q15_FastGRNN_Scales, Q7xQ15_FastGRNN_Buffers,
    Q7xQ15_FastGRNN_Params, ITER_T, Q15_T, Q31_T, Q7_T, SCALE_T, S_ITER_T,
};

pub use tinyrnn::ffi::cells::float::{
    FastRNN_Params, GRU_Params, HardMGU_Params, MGU_Params, TinyEats_Params, TinyRNN_Buffers, TinyRNN_Matrix, UGRNN_Params,
};
pub use tinyrnn::ffi::cells::q15::{
    Q15_EGRU_Params, Q15_EGRU_Scales, Q15_FastRNN_Params, Q15_FastRNN_Scales, Q15_GRU_Params, Q15_GRU_Scales,
    Q15_HardMGU_Params, Q15_HardMGU_Scales, Q15_LiGRU_Scales, Q15_MGU_Params, Q15_MGU_Scales, Q15_SiTGRU_Scales,
    Q15_TinyEats_Params, Q15_TinyEats_Scales, Q15_UGRNN_Params, Q15_UGRNN_Scales, TinyRNN_Q15_Buffers, TinyRNN_Q15_Matrix,
};

pub use tinyrnn::audio::{BandPassConfig, BandPassSection, BandPassState, FftConfig, MelBin};
pub use tinyrnn::ffi::audio::{BandPassStream, FftStream};

extern "C" {
    // src/ffi/audio.rs
    pub fn tinyrnn_bandpass_design(config: *const BandPassConfig, sections: *mut BandPassSection, bands: u32) -> i32;
    pub fn tinyrnn_bandpass_init(stream: *mut BandPassStream, sections: *const BandPassSection, state: *mut BandPassState, bands: u32, frame_len: u32) -> i32;
    pub fn tinyrnn_bandpass_push(stream: *mut BandPassStream, samples: *const i16, n: usize, features: *mut i16, features_len: usize, consumed: *mut usize) -> i32;
    pub fn tinyrnn_fft_mel_design(config: *const FftConfig, mel: *mut MelBin, len: u32) -> i32;
    pub fn tinyrnn_fft_features_init(stream: *mut FftStream, config: *const FftConfig, frame: *mut i16, work: *mut i16, mel: *const MelBin) -> i32;
    pub fn tinyrnn_fft_features_push(stream: *mut FftStream, samples: *const i16, n: usize, features: *mut i16, features_len: usize, consumed: *mut usize) -> i32;
    pub fn tinyrnn_rfft_q15(buf: *mut i16, n: u32) -> i32;
    pub fn tinyrnn_rfft_f32(buf: *mut f32, n: u32) -> i32;
    // src/ffi/mbconv.rs (its _div/_shift exports are generated into src/ffi/exports.rs)
    pub fn tinyrnn_q7_mbconv_block_div(input: *const Q7_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q7_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q7_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q7_T, output: *mut Q7_T, convBuffer1: *mut Q7_T, convBuffer2: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q15_T, limit2: Q15_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q7_mbconv_block_shift(input: *const Q7_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q7_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q7_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q7_T, output: *mut Q7_T, convBuffer1: *mut Q7_T, convBuffer2: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q15_T, limit2: Q15_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q7xq15_q15_mbconv_block_div(input: *const Q7_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q7xq15_q15_mbconv_block_shift(input: *const Q7_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q15xq7_q7_mbconv_block_div(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q7_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q15xq7_q7_mbconv_block_shift(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q7_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q15xq7_q15_mbconv_block_div(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q15xq7_q15_mbconv_block_shift(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q15_mbconv_block_div(input: *const Q15_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);
    pub fn tinyrnn_q15_mbconv_block_shift(input: *const Q15_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T);

    // src/ffi/fastgrnn.rs
    pub fn tinyrnn_get_buffer_sizes(cell: ITER_T, hiddenDims: ITER_T, inputDims: ITER_T, wRank: ITER_T, uRank: ITER_T, sizes: *mut TinyRNN_Buffer_Sizes) -> c_int;
    pub fn tinyrnn_rnnpool_block_get_buffer_sizes(hiddenDims1: ITER_T, patchDim: ITER_T, hiddenDims2: ITER_T, buffer: *mut ITER_T, output: *mut ITER_T) -> c_int;
    pub fn tinyrnn_q15_fastgrnn_div_dense(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_fastgrnn_div_sparse(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_fastgrnn_shift_dense(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_fastgrnn_shift_sparse(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q7xq15_q15_fastgrnn_div_dense(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q7_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q7xq15_q15_fastgrnn_div_sparse(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q7_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q7xq15_q15_fastgrnn_shift_dense(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q7_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q7xq15_q15_fastgrnn_shift_sparse(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q7_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_fastgrnn_lr_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_fastgrnn_lr_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    // src/ffi/float.rs
    pub fn tinyrnn_min(a: f32, b: f32) -> f32;
    pub fn tinyrnn_max(a: f32, b: f32) -> f32;
    pub fn tinyrnn_relu(x: f32) -> f32;
    pub fn tinyrnn_sigmoid(x: f32) -> f32;
    pub fn tinyrnn_tanhyperbolic(x: f32) -> f32;
    pub fn tinyrnn_quantTanh(x: f32) -> f32;
    pub fn tinyrnn_quantSigmoid(x: f32) -> f32;
    pub fn tinyrnn_v_relu(vec: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_v_sigmoid(vec: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_v_tanh(vec: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_v_quantSigmoid(vec: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_v_quantTanh(vec: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_matVec(mat: *const f32, vec: *const f32, nrows: c_uint, ncols: c_uint, alpha: f32, beta: f32, ret: *mut f32);
    pub fn tinyrnn_v_add(scalar1: f32, vec1: *const f32, scalar2: f32, vec2: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_v_mult(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_v_div(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_l2squared(vec1: *const f32, vec2: *const f32, dim: c_uint) -> f32;
    pub fn tinyrnn_argmax(vec: *const f32, len: c_uint) -> c_uint;
    pub fn tinyrnn_softmax(input: *const f32, len: c_uint, ret: *mut f32);
    pub fn tinyrnn_FC(FCweights: *const f32, FCbias: *const f32, input: *const f32, inputLen: c_uint, classScores: *mut f32, numClasses: c_uint);
    pub fn tinyrnn_fastgrnn(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_fastgrnn_lr(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_rnnpool_block(patch: *const f32, inputDims: c_uint, patchDim: c_uint, stride: c_uint, rnn1: rnn_t, hiddenDims1: c_uint, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn2: rnn_t, hiddenDims2: c_uint, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, output: *mut f32, buffer: *mut f32) -> c_int;
    // src/ffi/rnnpool.rs
    pub fn tinyrnn_q15_rnnpool_block_div(patch: *const Q15_T, inputDims: ITER_T, patchDim: ITER_T, stride: ITER_T, rnn1: q15_rnn_t, hiddenDims1: ITER_T, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: ITER_T, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut Q15_T, buffer: *mut Q15_T, ShR1: SCALE_T, ShL1: SCALE_T, ShR2: SCALE_T, ShL2: SCALE_T) -> c_int;
    pub fn tinyrnn_q15_rnnpool_block_shift(patch: *const Q15_T, inputDims: ITER_T, patchDim: ITER_T, stride: ITER_T, rnn1: q15_rnn_t, hiddenDims1: ITER_T, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: ITER_T, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut Q15_T, buffer: *mut Q15_T, ShR1: SCALE_T, ShL1: SCALE_T, ShR2: SCALE_T, ShL2: SCALE_T) -> c_int;
    pub fn tinyrnn_q7xq15_q15_rnnpool_block_div(patch: *const Q7_T, inputDims: ITER_T, patchDim: ITER_T, stride: ITER_T, rnn1: q7xq15_q15_rnn_t, hiddenDims1: ITER_T, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: ITER_T, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut Q15_T, buffer: *mut Q15_T, ShR1: SCALE_T, ShL1: SCALE_T, ShR2: SCALE_T, ShL2: SCALE_T) -> c_int;
    pub fn tinyrnn_q7xq15_q15_rnnpool_block_shift(patch: *const Q7_T, inputDims: ITER_T, patchDim: ITER_T, stride: ITER_T, rnn1: q7xq15_q15_rnn_t, hiddenDims1: ITER_T, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: ITER_T, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut Q15_T, buffer: *mut Q15_T, ShR1: SCALE_T, ShL1: SCALE_T, ShR2: SCALE_T, ShL2: SCALE_T) -> c_int;
    // src/ffi/utils.rs
    pub fn tinyrnn_q15_v_add_div(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q15_v_add_shift(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q7_v_sub_div(vec1: *const Q7_T, vec2: *const Q7_T, len: ITER_T, ret: *mut Q7_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q7_v_sub_shift(vec1: *const Q7_T, vec2: *const Q7_T, len: ITER_T, ret: *mut Q7_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_v_sub_div(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_v_sub_shift(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q7_v_hadamard_div(vec1: *const Q7_T, vec2: *const Q7_T, len: ITER_T, ret: *mut Q7_T, scvec1: SCALE_T, scvec2: SCALE_T);
    pub fn tinyrnn_q7_v_hadamard_shift(vec1: *const Q7_T, vec2: *const Q7_T, len: ITER_T, ret: *mut Q7_T, scvec1: SCALE_T, scvec2: SCALE_T);
    pub fn tinyrnn_q15_v_hadamard_div(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T);
    pub fn tinyrnn_q15_v_hadamard_shift(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T);
    pub fn tinyrnn_q15_v_scalar_add_div(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_v_scalar_add_shift(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_v_scalar_sub_div(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_v_scalar_sub_shift(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_v_scalar_mul_div(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T);
    pub fn tinyrnn_q15_v_scalar_mul_shift(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T);
    pub fn tinyrnn_q15_v_scale_up_div(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec: SCALE_T);
    pub fn tinyrnn_q15_v_scale_up_shift(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec: SCALE_T);
    pub fn tinyrnn_q15_v_scale_down_div(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec: SCALE_T);
    pub fn tinyrnn_q15_v_scale_down_shift(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec: SCALE_T);
    pub fn tinyrnn_q15xq7_q15_m_mulvec_div(mat: *const Q15_T, vec: *const Q7_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15xq7_q15_m_mulvec_shift(mat: *const Q15_T, vec: *const Q7_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_m_mulvec_div(mat: *const Q15_T, vec: *const Q15_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_m_mulvec_shift(mat: *const Q15_T, vec: *const Q15_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15xq7_q15_m_sparse_mulvec_div(row_indices: *const ITER_T, mat_values: *const Q15_T, vec: *const Q7_T, nelem: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15xq7_q15_m_sparse_mulvec_shift(row_indices: *const ITER_T, mat_values: *const Q15_T, vec: *const Q7_T, nelem: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_m_sparse_mulvec_div(row_indices: *const ITER_T, mat_values: *const Q15_T, vec: *const Q15_T, nelem: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_m_sparse_mulvec_shift(row_indices: *const ITER_T, mat_values: *const Q15_T, vec: *const Q15_T, nelem: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q7_t_add_div(ten1: *const Q7_T, ten2: *const Q7_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, scten1: SCALE_T, scten2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q7_t_add_shift(ten1: *const Q7_T, ten2: *const Q7_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, scten1: SCALE_T, scten2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_t_add_div(ten1: *const Q15_T, ten2: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scten1: SCALE_T, scten2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_t_add_shift(ten1: *const Q15_T, ten2: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scten1: SCALE_T, scten2: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q7xq15_q7_t_add_vec_div(ten: *const Q7_T, vec: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q7xq15_q7_t_add_vec_shift(ten: *const Q7_T, vec: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_t_add_vec_div(ten: *const Q15_T, vec: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_t_add_vec_shift(ten: *const Q15_T, vec: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T);
    pub fn tinyrnn_q15_t_l2_norm_div(ten: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T);
    pub fn tinyrnn_q15_t_l2_norm_shift(ten: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T);
    pub fn tinyrnn_q7xq15_q7_convolution_div(input: *const Q7_T, filter: *const Q15_T, output: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q7xq15_q7_convolution_shift(input: *const Q7_T, filter: *const Q15_T, output: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q7xq15_q15_convolution_div(input: *const Q7_T, filter: *const Q15_T, output: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q7xq15_q15_convolution_shift(input: *const Q7_T, filter: *const Q15_T, output: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q15_convolution_div(input: *const Q15_T, filter: *const Q15_T, output: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q15_convolution_shift(input: *const Q15_T, filter: *const Q15_T, output: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T);
    pub fn tinyrnn_q15_v_sigmoid(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, div: Q15_T, add: Q15_T, sigmoid_limit: Q15_T, scale_in: SCALE_T, scale_out: SCALE_T, use_tables: ITER_T);
    pub fn tinyrnn_q15_v_tanh(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T, use_tables: ITER_T);
    pub fn tinyrnn_q15_v_argmax(vec: *const Q15_T, len: ITER_T, ret: *mut ITER_T);
    pub fn tinyrnn_q15_m_reverse(mat: *const Q15_T, nrows: ITER_T, ncols: ITER_T, axis: ITER_T, ret: *mut Q15_T);
    // src/ffi/cells/float.rs (the tiny cells, EdgeML's float rnn_t signature)
    pub fn tinyrnn_fastrnn(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_ugrnn(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_sitgru(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_ligru(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_egru(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_mgu(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_hard_mgu(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_tinyeats(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_gru(hiddenState: *mut f32, hiddenDims: c_uint, input: *const f32, inputDims: c_uint, steps: c_uint, params: *const c_void, buffers: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    // src/ffi/cells/q15.rs (the tiny cells, q15_rnn_t signature)
    pub fn tinyrnn_q15_fastrnn_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_fastrnn_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_ugrnn_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_ugrnn_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_sitgru_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_sitgru_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_ligru_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_ligru_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_egru_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_egru_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_mgu_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_mgu_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_hard_mgu_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_hard_mgu_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_tinyeats_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_tinyeats_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_gru_div(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    pub fn tinyrnn_q15_gru_shift(hiddenState: *mut Q15_T, hiddenDims: ITER_T, input: *const Q15_T, inputDims: ITER_T, steps: ITER_T, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: c_int, normalize: c_int) -> c_int;
    // src/ffi/cells/q15.rs (the cell family's one new primitive)
    pub fn tinyrnn_q15_v_softsign(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T);
    pub fn tinyrnn_q7_t_relu(ten: *const Q7_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, limit: Q7_T, div: Q7_T);
}
