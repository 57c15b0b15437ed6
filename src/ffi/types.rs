//! C types of the EdgeML API: typedefs and `#[repr(C)]` structs whose field
//! order is ABI (it must match `quantized_fastgrnn.h` exactly).
#![allow(non_camel_case_types, non_snake_case)]

/// `int8_t` fixed point.
pub type Q7_T = i8;
/// `int16_t` fixed point.
pub type Q15_T = i16;
/// `int32_t` fixed point.
pub type Q31_T = i32;
/// `int64_t` fixed point.
pub type Q63_T = i64;
/// Unsigned loop counter and dimension type.
pub type ITER_T = u32;
/// Signed loop counter type (convolution padding).
pub type S_ITER_T = i32;
/// Scale type: a divisor, or an exponent under `SHIFT`.
pub type SCALE_T = i32;

/// Signature of a Q15-input RNN that `q15_rnnpool_block` can pool.
pub type q15_rnn_t = Option<
    unsafe extern "C" fn(
        hiddenState: *mut Q15_T,
        hiddenDims: ITER_T,
        input: *const Q15_T,
        inputDims: ITER_T,
        steps: ITER_T,
        params: *const core::ffi::c_void,
        buffers: *mut core::ffi::c_void,
        scales: *const core::ffi::c_void,
        backward: core::ffi::c_int,
        normalize: core::ffi::c_int,
    ) -> core::ffi::c_int,
>;

/// Signature of a Q7-input RNN that `q7xq15_q15_rnnpool_block` can pool.
pub type q7xq15_q15_rnn_t = Option<
    unsafe extern "C" fn(
        hiddenState: *mut Q15_T,
        hiddenDims: ITER_T,
        input: *const Q7_T,
        inputDims: ITER_T,
        steps: ITER_T,
        params: *const core::ffi::c_void,
        buffers: *mut core::ffi::c_void,
        scales: *const core::ffi::c_void,
        backward: core::ffi::c_int,
        normalize: core::ffi::c_int,
    ) -> core::ffi::c_int,
>;

/// Weights of a low-rank Q15 FastGRNN (`W = W2·W1`, `U = U2·U1`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_FastGRNN_LR_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W1: *const Q15_T,
    pub W2: *const Q15_T,
    pub wRank: ITER_T,
    pub U1: *const Q15_T,
    pub U2: *const Q15_T,
    pub uRank: ITER_T,
    pub Bg: *const Q15_T,
    pub Bh: *const Q15_T,
    pub sigmoid_zeta: Q15_T,
    pub sigmoid_nu: Q15_T,
}

/// Scales of a low-rank Q15 FastGRNN. Note the tail order
/// `sigmoidLimit, div, add, qOne`, unlike [`Q15_FastGRNN_Scales`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Q15_FastGRNN_LR_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w1: SCALE_T,
    pub normFeaturesMVW1: SCALE_T,
    pub mVW1Out: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u1: SCALE_T,
    pub hiddenStateMVU1: SCALE_T,
    pub mVU1Out: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub mV2AddMV4: SCALE_T,
    pub mV4AddMV2: SCALE_T,
    pub mV2AddMV4Out: SCALE_T,
    pub mV2AddMV4Demote: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub gateHDHiddenState: SCALE_T,
    pub hiddenStateHDGate: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub sigmoidZeta: SCALE_T,
    pub sigmoidZetaMulQOneSubGate: SCALE_T,
    pub sigmoidNu: SCALE_T,
    pub sigmoidNuAddQOneSubGate: SCALE_T,
    pub sigmoidNuAddQOneSubGateOut: SCALE_T,
    pub sigmoidNuAddQOneSubGateHDUpdate: SCALE_T,
    pub updateHDSigmoidNuAddQOneSubGate: SCALE_T,
    pub pC3AddPC1: SCALE_T,
    pub pC1AddPC3: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub sigmoidLimit: Q15_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub qOne: Q15_T,
    pub useTableSigmoid: ITER_T,
    pub useTableTanH: ITER_T,
}

/// Scratch buffers of a low-rank Q15 FastGRNN (`hiddenDims` each, `wRank`,
/// `uRank` and `inputDims` for the last three).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_FastGRNN_LR_Buffers {
    pub preComp1: *mut Q15_T,
    pub preComp2: *mut Q15_T,
    pub preComp3: *mut Q15_T,
    pub tempLRW: *mut Q15_T,
    pub tempLRU: *mut Q15_T,
    pub normFeatures: *mut Q15_T,
}

/// Weights of a Q15 FastGRNN: dense `W`/`U`, or sparse `Wids/Wvals`,
/// `Uids/Uvals` under `SPARSE`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_FastGRNN_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: *const Q15_T,
    pub Wids: *const ITER_T,
    pub Wvals: *const Q15_T,
    pub U: *const Q15_T,
    pub Uids: *const ITER_T,
    pub Uvals: *const Q15_T,
    pub Bg: *const Q15_T,
    pub Bh: *const Q15_T,
    pub sigmoid_zeta: Q15_T,
    pub sigmoid_nu: Q15_T,
}

/// Weights of a FastGRNN with Q7 input (normalisation in Q7).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q7xQ15_FastGRNN_Params {
    pub mean: *const Q7_T,
    pub stdDev: *const Q7_T,
    pub W: *const Q15_T,
    pub Wids: *const ITER_T,
    pub Wvals: *const Q15_T,
    pub U: *const Q15_T,
    pub Uids: *const ITER_T,
    pub Uvals: *const Q15_T,
    pub Bg: *const Q15_T,
    pub Bh: *const Q15_T,
    pub sigmoid_zeta: Q15_T,
    pub sigmoid_nu: Q15_T,
}

/// Scales of a Q15 (or Q7-input) FastGRNN. Note the tail order
/// `div, add, sigmoidLimit, qOne`, unlike [`Q15_FastGRNN_LR_Scales`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Q15_FastGRNN_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub gateHDHiddenState: SCALE_T,
    pub hiddenStateHDGate: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub sigmoidZeta: SCALE_T,
    pub sigmoidZetaMulQOneSubGate: SCALE_T,
    pub sigmoidNu: SCALE_T,
    pub sigmoidNuAddQOneSubGate: SCALE_T,
    pub sigmoidNuAddQOneSubGateOut: SCALE_T,
    pub sigmoidNuAddQOneSubGateHDUpdate: SCALE_T,
    pub updateHDSigmoidNuAddQOneSubGate: SCALE_T,
    pub pC3AddPC1: SCALE_T,
    pub pC1AddPC3: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub qOne: Q15_T,
    pub useTableSigmoid: ITER_T,
    pub useTableTanH: ITER_T,
}

/// Scratch buffers of a Q15 FastGRNN (`hiddenDims` each, `inputDims` for
/// `normFeatures`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_FastGRNN_Buffers {
    pub preComp1: *mut Q15_T,
    pub preComp2: *mut Q15_T,
    pub preComp3: *mut Q15_T,
    pub normFeatures: *mut Q15_T,
}

/// Scratch buffers of a Q7-input FastGRNN.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q7xQ15_FastGRNN_Buffers {
    pub preComp1: *mut Q15_T,
    pub preComp2: *mut Q15_T,
    pub preComp3: *mut Q15_T,
    pub normFeatures: *mut Q7_T,
}
