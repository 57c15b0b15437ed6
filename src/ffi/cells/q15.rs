//! Q15 cells as C functions with the `q15_rnn_t` signature, one symbol per
//! scaling mode (`tinyrnn_q15_<cell>_div`, `tinyrnn_q15_<cell>_shift`;
//! the family headers map `q15_<cell>` by `SHIFT`), and the new primitive
//! `tinyrnn_q15_v_softsign`. Structs: `include/tinyrnn_cells.h` and the
//! family headers, field for field.
//!
//! Each scales struct maps onto the library's [`Calibration`] (its matrix
//! scales and [`CellScales`](crate::cells::q15::CellScales)) through one
//! table per struct, used both ways: `from_calibration` fills a C struct
//! from [`crate::cells::calibrate`]'s result.
#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::c_void;

use super::{area, code, Call, Regions};
use crate::cells::calibrate::{Calibration, MatrixCal};
use crate::cells::formats::{int4_bytes, pow2_bytes};
use crate::cells::q15::{softsign_op, Bias, Spec, Weights};
use crate::cells::{Buffers, CellKind};
use crate::error::{Error, Result};
use crate::ffi::ptr::{cells, reference, slice, slice_mut};
use crate::ffi::types::{ITER_T, Q15_T, Q7_T, SCALE_T};
use crate::ffi::utils::sparse_from_c;
use crate::q15::fastgrnn::Projection;
use crate::scale::{Divisor, Exponent, Scale};

/// A Q15 weight matrix: low rank `M2 · M1` when `rank > 0`, else sparse
/// (`ids`/`vals`, EdgeML's column-major encoding) when `ids` is not NULL,
/// else dense `M`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TinyRNN_Q15_Matrix {
    pub M: *const Q15_T,
    pub M1: *const Q15_T,
    pub M2: *const Q15_T,
    pub rank: ITER_T,
    pub ids: *const ITER_T,
    pub vals: *const Q15_T,
}

/// Scratch of every Q15 cell (sizes as `TinyRNN_Buffers`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TinyRNN_Q15_Buffers {
    pub preComp1: *mut Q15_T,
    pub preComp2: *mut Q15_T,
    pub preComp3: *mut Q15_T,
    pub tempLRW: *mut Q15_T,
    pub tempLRU: *mut Q15_T,
    pub normFeatures: *mut Q15_T,
}

/// `Q15_FastRNN_Params`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_FastRNN_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: TinyRNN_Q15_Matrix,
    pub U: TinyRNN_Q15_Matrix,
    pub B: *const Q15_T,
    pub alpha: Q15_T,
    pub beta: Q15_T,
}

/// `Q15_UGRNN_Params` (also `Q15_SiTGRU_Params`, `Q15_LiGRU_Params`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_UGRNN_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: TinyRNN_Q15_Matrix,
    pub U: TinyRNN_Q15_Matrix,
    pub B: *const Q15_T,
}

/// `Q15_EGRU_Params`: packed 3-bit codes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_EGRU_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: *const u8,
    pub U: *const u8,
    pub B: *const u8,
}

/// `Q15_MGU_Params`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_MGU_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: TinyRNN_Q15_Matrix,
    pub Uf: TinyRNN_Q15_Matrix,
    pub Uh: TinyRNN_Q15_Matrix,
    pub B: *const Q15_T,
}

/// `Q15_HardMGU_Params`: packed 4-bit codes, no biases.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_HardMGU_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: *const u8,
    pub Uf: *const u8,
    pub Uh: *const u8,
}

/// `Q15_TinyEats_Params`: int8 weights and biases.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_TinyEats_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: *const Q7_T,
    pub U: *const Q7_T,
    pub Uh: *const Q7_T,
    pub B: *const Q7_T,
}

/// `Q15_GRU_Params`: PyTorch's layout, quantized.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_GRU_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub weight_ih: TinyRNN_Q15_Matrix,
    pub weight_hh: TinyRNN_Q15_Matrix,
    pub bias_ih: *const Q15_T,
    pub bias_hh: *const Q15_T,
}

/// Converts one field between a C scales struct and a [`Calibration`].
macro_rules! conv {
    (to_c S, $v:expr) => {
        $v.raw()
    };
    (to_c I, $v:expr) => {
        $v
    };
    (to_c Q, $v:expr) => {
        $v
    };
    (to_c B, $v:expr) => {
        $v as ITER_T
    };
    (from_c S, $v:expr) => {
        S::from_raw($v)
    };
    (from_c I, $v:expr) => {
        $v
    };
    (from_c Q, $v:expr) => {
        $v
    };
    (from_c B, $v:expr) => {
        $v != 0
    };
}

/// Defines a `#[repr(C)]` scales struct and its mapping onto [`Calibration`]:
/// each field is `S` (`SCALE_T`, a scale), `I` (`SCALE_T`, an exponent in
/// both modes), `Q` (`Q15_T`) or `B` (`ITER_T` flag), with its path.
macro_rules! scales_struct {
    ($(#[$doc:meta])* $C:ident { $($cf:ident: $k:ident $($p:ident).+),* $(,)? }) => {
        $(#[$doc])*
        #[repr(C)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $C {
            $(pub $cf: scales_struct!(@ty $k),)*
        }

        impl $C {
            /// Field names and byte offsets, in declaration order (checked
            /// against the C header by `tests/cells_headers.rs`).
            pub const LAYOUT: &'static [(&'static str, usize)] = &[$((stringify!($cf), core::mem::offset_of!($C, $cf)),)*];

            /// This struct filled from a calibration of the matching cell.
            pub fn from_calibration<S: Scale>(cal: &Calibration<S>) -> Self {
                let mut c = $C::default();
                $(c.$cf = conv!(to_c $k, cal.$($p).+);)*
                c
            }

            /// The calibration these scales stand for (exponents unknown: 0).
            pub fn calibration<S: Scale>(&self) -> Calibration<S> {
                let mut cal = Calibration::<S>::unit();
                $(cal.$($p).+ = conv!(from_c $k, self.$cf);)*
                // `qOne` is the scalar of both `q15_v_scalar_sub(qOne, …)`
                // and (eGRU, TinyEats) the gate's `q15_v_scalar_add(qOne, …)`
                // in the documented sequences; cells without that add ignore
                // `shift`.
                cal.scales.shift.scalar = cal.scales.one_minus.scalar;
                cal
            }
        }
    };
    (@ty S) => { SCALE_T };
    (@ty I) => { SCALE_T };
    (@ty Q) => { Q15_T };
    (@ty B) => { ITER_T };
}

scales_struct!(
    /// `Q15_FastRNN_Scales`.
    Q15_FastRNN_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        w2: S w.scales2.mat, tempLRW: S w.scales2.vec, mVW2Out: S w.scales2.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        u2: S u.scales2.mat, tempLRU: S u.scales2.vec, mVU2Out: S u.scales2.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        pC1AddB: S scales.cand_bias_add.a, b: S scales.cand_bias_add.b, pC1AddBOut: S scales.cand_bias_add.out, pC1AddBDemote: S scales.cand_bias_add.demote,
        tanhScaleIn: I scales.tanh.scale_in, tanhScaleOut: I scales.tanh.scale_out,
        alpha: S scales.alpha_mul.scalar, alphaMulUpdate: S scales.alpha_mul.vec,
        beta: S scales.beta_mul.scalar, betaMulHiddenState: S scales.beta_mul.vec,
        updateAddHiddenState: S scales.final_add.a, hiddenStateAddUpdate: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        useTableTanH: B scales.tanh.use_tables,
    }
);

scales_struct!(
    /// `Q15_UGRNN_Scales`.
    Q15_UGRNN_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        w2: S w.scales2.mat, tempLRW: S w.scales2.vec, mVW2Out: S w.scales2.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        u2: S u.scales2.mat, tempLRU: S u.scales2.vec, mVU2Out: S u.scales2.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        pC1AddBg: S scales.gate_bias_add.a, bg: S scales.gate_bias_add.b, pC1AddBgOut: S scales.gate_bias_add.out, pC1AddBgDemote: S scales.gate_bias_add.demote,
        pC1AddBh: S scales.cand_bias_add.a, bh: S scales.cand_bias_add.b, pC1AddBhOut: S scales.cand_bias_add.out, pC1AddBhDemote: S scales.cand_bias_add.demote,
        sigmoidScaleIn: I scales.sigmoid.scale_in, sigmoidScaleOut: I scales.sigmoid.scale_out,
        tanhScaleIn: I scales.tanh.scale_in, tanhScaleOut: I scales.tanh.scale_out,
        gateHDHiddenState: S scales.keep_hd.a, hiddenStateHDGate: S scales.keep_hd.b,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDUpdate: S scales.write_hd.a, updateHDQOneSubGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        div: Q scales.sigmoid.div, add: Q scales.sigmoid.add, sigmoidLimit: Q scales.sigmoid.limit, qOne: Q scales.one_minus.scalar,
        useTableSigmoid: B scales.sigmoid.use_tables, useTableTanH: B scales.tanh.use_tables,
    }
);

scales_struct!(
    /// `Q15_SiTGRU_Scales`: the candidate uses the gates' `q15_v_sigmoid` arguments.
    Q15_SiTGRU_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        w2: S w.scales2.mat, tempLRW: S w.scales2.vec, mVW2Out: S w.scales2.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        u2: S u.scales2.mat, tempLRU: S u.scales2.vec, mVU2Out: S u.scales2.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        pC1AddBg: S scales.gate_bias_add.a, bg: S scales.gate_bias_add.b, pC1AddBgOut: S scales.gate_bias_add.out, pC1AddBgDemote: S scales.gate_bias_add.demote,
        pC1AddBh: S scales.cand_bias_add.a, bh: S scales.cand_bias_add.b, pC1AddBhOut: S scales.cand_bias_add.out, pC1AddBhDemote: S scales.cand_bias_add.demote,
        sigmoidScaleIn: I scales.sigmoid.scale_in, sigmoidScaleOut: I scales.sigmoid.scale_out,
        gateHDHiddenState: S scales.keep_hd.a, hiddenStateHDGate: S scales.keep_hd.b,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDUpdate: S scales.write_hd.a, updateHDQOneSubGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        div: Q scales.sigmoid.div, add: Q scales.sigmoid.add, sigmoidLimit: Q scales.sigmoid.limit, qOne: Q scales.one_minus.scalar,
        useTableSigmoid: B scales.sigmoid.use_tables,
    }
);

scales_struct!(
    /// `Q15_LiGRU_Scales`: the ReLU is `q15_v_sigmoid(…, reluDiv, 0, reluLimit, reluScaleIn, reluScaleOut, 0)`.
    Q15_LiGRU_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        w2: S w.scales2.mat, tempLRW: S w.scales2.vec, mVW2Out: S w.scales2.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        u2: S u.scales2.mat, tempLRU: S u.scales2.vec, mVU2Out: S u.scales2.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        pC1AddBg: S scales.gate_bias_add.a, bg: S scales.gate_bias_add.b, pC1AddBgOut: S scales.gate_bias_add.out, pC1AddBgDemote: S scales.gate_bias_add.demote,
        pC1AddBh: S scales.cand_bias_add.a, bh: S scales.cand_bias_add.b, pC1AddBhOut: S scales.cand_bias_add.out, pC1AddBhDemote: S scales.cand_bias_add.demote,
        sigmoidScaleIn: I scales.sigmoid.scale_in, sigmoidScaleOut: I scales.sigmoid.scale_out,
        reluScaleIn: I scales.relu.scale_in, reluScaleOut: I scales.relu.scale_out,
        gateHDHiddenState: S scales.keep_hd.a, hiddenStateHDGate: S scales.keep_hd.b,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDUpdate: S scales.write_hd.a, updateHDQOneSubGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        div: Q scales.sigmoid.div, add: Q scales.sigmoid.add, sigmoidLimit: Q scales.sigmoid.limit, qOne: Q scales.one_minus.scalar,
        reluDiv: Q scales.relu.div, reluLimit: Q scales.relu.limit,
        useTableSigmoid: B scales.sigmoid.use_tables,
    }
);

scales_struct!(
    /// `Q15_EGRU_Scales`.
    Q15_EGRU_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        biasScaleUp: S scales.bias_scale_up,
        pC1AddBg: S scales.gate_bias_add.a, bg: S scales.gate_bias_add.b, pC1AddBgOut: S scales.gate_bias_add.out, pC1AddBgDemote: S scales.gate_bias_add.demote,
        pC1AddBh: S scales.cand_bias_add.a, bh: S scales.cand_bias_add.b, pC1AddBhOut: S scales.cand_bias_add.out, pC1AddBhDemote: S scales.cand_bias_add.demote,
        gateSoftsignScaleIn: I scales.gate_softsign.scale_in, gateSoftsignScaleOut: I scales.gate_softsign.scale_out,
        qOneAddScale: S scales.shift.scalar_scale, qOneAddGateSoftsign: S scales.shift.vec, qOneAddGateSoftsignOut: S scales.shift.out,
        softsignScaleIn: I scales.softsign.scale_in, softsignScaleOut: I scales.softsign.scale_out,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDHiddenState: S scales.keep_hd.a, hiddenStateHDQOneSubGate: S scales.keep_hd.b,
        gateHDUpdate: S scales.write_hd.a, updateHDGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        qOne: Q scales.one_minus.scalar,
    }
);

scales_struct!(
    /// `Q15_MGU_Scales`.
    Q15_MGU_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        w2: S w.scales2.mat, tempLRW: S w.scales2.vec, mVW2Out: S w.scales2.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        u2: S u.scales2.mat, tempLRU: S u.scales2.vec, mVU2Out: S u.scales2.out,
        uh: S u_h.scales.mat, resetHiddenStateMVUh: S u_h.scales.vec, mVUhOut: S u_h.scales.out,
        uh2: S u_h.scales2.mat, tempLRUh: S u_h.scales2.vec, mVUh2Out: S u_h.scales2.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        pC1AddBg: S scales.gate_bias_add.a, bg: S scales.gate_bias_add.b, pC1AddBgOut: S scales.gate_bias_add.out, pC1AddBgDemote: S scales.gate_bias_add.demote,
        sigmoidScaleIn: I scales.sigmoid.scale_in, sigmoidScaleOut: I scales.sigmoid.scale_out,
        resetHDHiddenState: S scales.reset_hd.a, hiddenStateHDReset: S scales.reset_hd.b,
        mV1AddMV3: S scales.cand_add.a, mV3AddMV1: S scales.cand_add.b, mV1AddMV3Out: S scales.cand_add.out, mV1AddMV3Demote: S scales.cand_add.demote,
        pC1AddBh: S scales.cand_bias_add.a, bh: S scales.cand_bias_add.b, pC1AddBhOut: S scales.cand_bias_add.out, pC1AddBhDemote: S scales.cand_bias_add.demote,
        tanhScaleIn: I scales.tanh.scale_in, tanhScaleOut: I scales.tanh.scale_out,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDHiddenState: S scales.keep_hd.a, hiddenStateHDQOneSubGate: S scales.keep_hd.b,
        gateHDUpdate: S scales.write_hd.a, updateHDGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        div: Q scales.sigmoid.div, add: Q scales.sigmoid.add, sigmoidLimit: Q scales.sigmoid.limit, qOne: Q scales.one_minus.scalar,
        useTableSigmoid: B scales.sigmoid.use_tables, useTableTanH: B scales.tanh.use_tables,
    }
);

scales_struct!(
    /// `Q15_HardMGU_Scales`: both activations are `q15_v_sigmoid` without tables.
    Q15_HardMGU_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        uh: S u_h.scales.mat, resetHiddenStateMVUh: S u_h.scales.vec, mVUhOut: S u_h.scales.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        sigmoidScaleIn: I scales.sigmoid.scale_in, sigmoidScaleOut: I scales.sigmoid.scale_out,
        resetHDHiddenState: S scales.reset_hd.a, hiddenStateHDReset: S scales.reset_hd.b,
        mV1AddMV3: S scales.cand_add.a, mV3AddMV1: S scales.cand_add.b, mV1AddMV3Out: S scales.cand_add.out, mV1AddMV3Demote: S scales.cand_add.demote,
        tanhScaleIn: I scales.hard_tanh.scale_in, tanhScaleOut: I scales.hard_tanh.scale_out,
        tanhOffsetScale: S scales.hard_tanh_offset.scalar_scale, codeAddTanhOffset: S scales.hard_tanh_offset.vec,
        codeAddTanhOffsetOut: S scales.hard_tanh_offset.out,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDHiddenState: S scales.keep_hd.a, hiddenStateHDQOneSubGate: S scales.keep_hd.b,
        gateHDUpdate: S scales.write_hd.a, updateHDGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        div: Q scales.sigmoid.div, add: Q scales.sigmoid.add, sigmoidLimit: Q scales.sigmoid.limit,
        tanhDiv: Q scales.hard_tanh.div, tanhAdd: Q scales.hard_tanh.add, tanhLimit: Q scales.hard_tanh.limit,
        tanhOffset: Q scales.hard_tanh_offset.scalar, qOne: Q scales.one_minus.scalar,
    }
);

scales_struct!(
    /// `Q15_TinyEats_Scales`.
    Q15_TinyEats_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        uh: S u_h.scales.mat, resetHiddenStateMVUh: S u_h.scales.vec, mVUhOut: S u_h.scales.out,
        mV1AddMV2: S scales.proj_add.a, mV2AddMV1: S scales.proj_add.b, mV1AddMV2Out: S scales.proj_add.out, mV1AddMV2Demote: S scales.proj_add.demote,
        biasScaleUp: S scales.bias_scale_up,
        pC1AddBg: S scales.gate_bias_add.a, bg: S scales.gate_bias_add.b, pC1AddBgOut: S scales.gate_bias_add.out, pC1AddBgDemote: S scales.gate_bias_add.demote,
        gateSoftsignScaleIn: I scales.gate_softsign.scale_in, gateSoftsignScaleOut: I scales.gate_softsign.scale_out,
        qOneAddScale: S scales.shift.scalar_scale, qOneAddGateSoftsign: S scales.shift.vec, qOneAddGateSoftsignOut: S scales.shift.out,
        resetHDHiddenState: S scales.reset_hd.a, hiddenStateHDReset: S scales.reset_hd.b,
        mV1AddMV3: S scales.cand_add.a, mV3AddMV1: S scales.cand_add.b, mV1AddMV3Out: S scales.cand_add.out, mV1AddMV3Demote: S scales.cand_add.demote,
        pC1AddBh: S scales.cand_bias_add.a, bh: S scales.cand_bias_add.b, pC1AddBhOut: S scales.cand_bias_add.out, pC1AddBhDemote: S scales.cand_bias_add.demote,
        softsignScaleIn: I scales.softsign.scale_in, softsignScaleOut: I scales.softsign.scale_out,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDHiddenState: S scales.keep_hd.a, hiddenStateHDQOneSubGate: S scales.keep_hd.b,
        gateHDUpdate: S scales.write_hd.a, updateHDGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        qOne: Q scales.one_minus.scalar,
    }
);

scales_struct!(
    /// `Q15_GRU_Scales`.
    Q15_GRU_Scales {
        input: S scales.input, mean: S scales.mean, meanSub: S scales.mean_sub, stdDev: S scales.std_dev,
        normFeaturesHDStdDev: S scales.norm_features_hd_std_dev,
        w: S w.scales.mat, normFeaturesMVW: S w.scales.vec, mVWOut: S w.scales.out,
        w2: S w.scales2.mat, tempLRW: S w.scales2.vec, mVW2Out: S w.scales2.out,
        u: S u.scales.mat, hiddenStateMVU: S u.scales.vec, mVUOut: S u.scales.out,
        u2: S u.scales2.mat, tempLRU: S u.scales2.vec, mVU2Out: S u.scales2.out,
        pC1AddBih: S scales.w_bias_add.a, bih: S scales.w_bias_add.b, pC1AddBihOut: S scales.w_bias_add.out, pC1AddBihDemote: S scales.w_bias_add.demote,
        pC2AddBhh: S scales.u_bias_add.a, bhh: S scales.u_bias_add.b, pC2AddBhhOut: S scales.u_bias_add.out, pC2AddBhhDemote: S scales.u_bias_add.demote,
        pC1AddPC2: S scales.proj_add.a, pC2AddPC1: S scales.proj_add.b, pC1AddPC2Out: S scales.proj_add.out, pC1AddPC2Demote: S scales.proj_add.demote,
        sigmoidScaleIn: I scales.sigmoid.scale_in, sigmoidScaleOut: I scales.sigmoid.scale_out,
        resetHDPC2: S scales.reset_hd.a, pC2HDReset: S scales.reset_hd.b,
        pC1AddRPC2: S scales.cand_add.a, rPC2AddPC1: S scales.cand_add.b, pC1AddRPC2Out: S scales.cand_add.out, pC1AddRPC2Demote: S scales.cand_add.demote,
        tanhScaleIn: I scales.tanh.scale_in, tanhScaleOut: I scales.tanh.scale_out,
        gateHDHiddenState: S scales.keep_hd.a, hiddenStateHDGate: S scales.keep_hd.b,
        qOneScale: S scales.one_minus.scalar_scale, qOneSubGate: S scales.one_minus.vec, qOneSubGateOut: S scales.one_minus.out,
        qOneSubGateHDUpdate: S scales.write_hd.a, updateHDQOneSubGate: S scales.write_hd.b,
        keptAddWritten: S scales.final_add.a, writtenAddKept: S scales.final_add.b,
        hiddenStateOut: S scales.final_add.out, hiddenStateDemote: S scales.final_add.demote,
        div: Q scales.sigmoid.div, add: Q scales.sigmoid.add, sigmoidLimit: Q scales.sigmoid.limit, qOne: Q scales.one_minus.scalar,
        useTableSigmoid: B scales.sigmoid.use_tables, useTableTanH: B scales.tanh.use_tables,
    }
);

/// A C weight matrix in one of the formats.
#[derive(Clone, Copy)]
enum CW {
    Q15(TinyRNN_Q15_Matrix),
    Q7(*const Q7_T),
    Pow2(*const u8),
    Int4(*const u8),
}

impl CW {
    fn rank(&self) -> usize {
        match self {
            CW::Q15(m) => m.rank as usize,
            _ => 0,
        }
    }
}

/// A C bias vector in one of the formats.
#[derive(Clone, Copy)]
enum CB {
    None,
    Q15(*const Q15_T),
    Q7(*const Q7_T),
    Pow2(*const u8),
}

/// A cell's C parameters, whatever the struct.
struct Parts {
    mean: *const Q15_T,
    std_dev: *const Q15_T,
    w: CW,
    u: CW,
    u_h: Option<CW>,
    b: CB,
    b2: CB,
    alpha: Q15_T,
    beta: Q15_T,
}

/// Checked [`Weights`] over C memory (`rows × cols`), ranges recorded.
unsafe fn weights<'a, S: Scale>(m: CW, rows: usize, cols: usize, cal: &MatrixCal<S>, r: &mut Regions) -> Result<Weights<'a, S>> {
    let n = area(rows, cols)?;
    Ok(match m {
        CW::Q15(m) if m.rank > 0 => {
            let rank = m.rank as usize;
            let (n1, n2) = (area(rank, cols)?, area(rows, rank)?);
            r.add(m.M1, n1, false)?;
            r.add(m.M2, n2, false)?;
            let p = Projection::LowRank { first: slice(m.M1, n1)?, second: slice(m.M2, n2)?, rank, first_scales: cal.scales, second_scales: cal.scales2 };
            Weights::Q15(p)
        }
        CW::Q15(m) if !m.ids.is_null() => {
            let cols32 = u32::try_from(cols).map_err(|_| Error::Overflow)?;
            let mat = sparse_from_c(m.ids, m.vals, cols32)?;
            r.add(m.ids, mat.row_indices().len(), false)?;
            r.add(m.vals, mat.values().len(), false)?;
            Weights::Q15(Projection::Sparse { mat, scales: cal.scales })
        }
        CW::Q15(m) => {
            r.add(m.M, n, false)?;
            Weights::Q15(Projection::Dense { mat: slice(m.M, n)?, scales: cal.scales })
        }
        CW::Q7(p) => {
            r.add(p, n, false)?;
            Weights::Q7 { mat: slice(p, n)?, scales: cal.scales }
        }
        CW::Pow2(p) => {
            let bytes = pow2_bytes(n).ok_or(Error::Overflow)?;
            r.add(p, bytes, false)?;
            Weights::Pow2 { codes: slice(p, bytes)?, scales: cal.scales }
        }
        CW::Int4(p) => {
            let bytes = int4_bytes(n).ok_or(Error::Overflow)?;
            r.add(p, bytes, false)?;
            Weights::Int4 { codes: slice(p, bytes)?, scales: cal.scales }
        }
    })
}

/// A checked [`Bias`] of `n` values over C memory.
unsafe fn bias<'a>(b: CB, n: usize, r: &mut Regions) -> Result<Bias<'a>> {
    Ok(match b {
        CB::None => Bias::None,
        CB::Q15(p) => {
            r.add(p, n, false)?;
            Bias::Q15(slice(p, n)?)
        }
        CB::Q7(p) => {
            r.add(p, n, false)?;
            Bias::Q7(slice(p, n)?)
        }
        CB::Pow2(p) => {
            let bytes = pow2_bytes(n).ok_or(Error::Overflow)?;
            r.add(p, bytes, false)?;
            Bias::Pow2(slice(p, bytes)?)
        }
    })
}

#[allow(clippy::too_many_arguments)]
unsafe fn cell_c<S: Scale>(
    kind: CellKind,
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    parts: Result<Parts>,
    buffers: *mut c_void,
    cal: Result<Calibration<S>>,
    backward: i32,
    normalize: i32,
) -> Result {
    let b: TinyRNN_Q15_Buffers = *reference(buffers as *const TinyRNN_Q15_Buffers)?;
    let p = parts?;
    if b.preComp1.is_null() || b.preComp2.is_null() || (kind.has_reset_u() && b.preComp3.is_null()) {
        return Err(Error::PrecompNotInit);
    }
    let lru = p.u.rank().max(p.u_h.map_or(0, |m| m.rank()));
    if p.w.rank() > 0 && b.tempLRW.is_null() {
        return Err(Error::TempLrwNotInit);
    }
    if lru > 0 && b.tempLRU.is_null() {
        return Err(Error::TempLruNotInit);
    }
    if b.normFeatures.is_null() {
        return Err(Error::NormFeaturesNotInit);
    }
    let cal = cal?;
    let c = Call::new(kind, hidden_dims, input_dims, steps, normalize)?;
    let pc3 = if kind.has_reset_u() { c.hd } else { 0 };
    let (nb, nb2) = match kind {
        CellKind::Gru => (c.rows, c.rows),
        _ => (c.hd.checked_mul(kind.bias_blocks()).ok_or(Error::Overflow)?, 0),
    };
    let mut r = Regions::new();
    r.add(hidden_state, c.hd, true)?;
    r.add(b.preComp1, c.rows, true)?;
    r.add(b.preComp2, c.rows, true)?;
    r.add(b.preComp3, pc3, true)?;
    r.add(b.tempLRW, p.w.rank(), true)?;
    r.add(b.tempLRU, lru, true)?;
    r.add(b.normFeatures, c.id, true)?;
    r.add(input, c.inputs, false)?;
    r.add(p.mean, c.norm, false)?;
    r.add(p.std_dev, c.norm, false)?;
    let w = weights(p.w, c.rows, c.id, &cal.w, &mut r)?;
    let u = weights(p.u, c.u_rows, c.hd, &cal.u, &mut r)?;
    let u_h = match p.u_h {
        Some(m) if kind.has_reset_u() => Some(weights(m, c.hd, c.hd, &cal.u_h, &mut r)?),
        _ => None,
    };
    let spec = Spec {
        kind,
        mean: slice(p.mean, c.norm)?,
        std_dev: slice(p.std_dev, c.norm)?,
        w,
        u,
        u_h,
        b: bias(p.b, nb, &mut r)?,
        b2: bias(p.b2, nb2, &mut r)?,
        alpha: p.alpha,
        beta: p.beta,
        scales: &cal.scales,
    };
    let mut buf = Buffers {
        pre_comp1: slice_mut(b.preComp1, c.rows)?,
        pre_comp2: slice_mut(b.preComp2, c.rows)?,
        pre_comp3: slice_mut(b.preComp3, pc3)?,
        temp_lrw: slice_mut(b.tempLRW, p.w.rank())?,
        temp_lru: slice_mut(b.tempLRU, lru)?,
        norm_features: slice_mut(b.normFeatures, c.id)?,
    };
    spec.run(slice_mut(hidden_state, c.hd)?, slice(input, c.inputs)?, c.id, c.steps, &mut buf, backward != 0, normalize != 0)
}

/// Defines `tinyrnn_q15_<cell>_div` and `_shift` over params struct `$P`
/// (read by `$parts`) and scales struct `$Sc`.
macro_rules! export_q15 {
    ($div:ident, $shift:ident, $kind:expr, $P:ty, $Sc:ty, |$p:ident| $parts:expr) => {
        export_q15!(@one $div, Divisor, $kind, $P, $Sc, |$p| $parts);
        export_q15!(@one $shift, Exponent, $kind, $P, $Sc, |$p| $parts);
    };
    (@one $name:ident, $S:ty, $kind:expr, $P:ty, $Sc:ty, |$p:ident| $parts:expr) => {
        #[doc = concat!("`", stringify!($name), "`: the `q15_rnn_t` of this cell and mode (see its family header).")]
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            hiddenState: *mut Q15_T,
            hiddenDims: ITER_T,
            input: *const Q15_T,
            inputDims: ITER_T,
            steps: ITER_T,
            params: *const c_void,
            buffers: *mut c_void,
            scales: *const c_void,
            backward: i32,
            normalize: i32,
        ) -> i32 {
            let parts = reference(params as *const $P).map(|$p: &$P| $parts);
            let cal = reference(scales as *const $Sc).map(|s: &$Sc| s.calibration::<$S>());
            code(cell_c::<$S>($kind, hiddenState, hiddenDims, input, inputDims, steps, parts, buffers, cal, backward, normalize))
        }
    };
}

const NO_BIAS: CB = CB::None;

export_q15!(tinyrnn_q15_fastrnn_div, tinyrnn_q15_fastrnn_shift, CellKind::FastRnn, Q15_FastRNN_Params, Q15_FastRNN_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(p.W), u: CW::Q15(p.U), u_h: None, b: CB::Q15(p.B), b2: NO_BIAS, alpha: p.alpha, beta: p.beta });
export_q15!(tinyrnn_q15_ugrnn_div, tinyrnn_q15_ugrnn_shift, CellKind::Ugrnn, Q15_UGRNN_Params, Q15_UGRNN_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(p.W), u: CW::Q15(p.U), u_h: None, b: CB::Q15(p.B), b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_sitgru_div, tinyrnn_q15_sitgru_shift, CellKind::SitGru, Q15_UGRNN_Params, Q15_SiTGRU_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(p.W), u: CW::Q15(p.U), u_h: None, b: CB::Q15(p.B), b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_ligru_div, tinyrnn_q15_ligru_shift, CellKind::LiGru, Q15_UGRNN_Params, Q15_LiGRU_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(p.W), u: CW::Q15(p.U), u_h: None, b: CB::Q15(p.B), b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_egru_div, tinyrnn_q15_egru_shift, CellKind::Egru, Q15_EGRU_Params, Q15_EGRU_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Pow2(p.W), u: CW::Pow2(p.U), u_h: None, b: CB::Pow2(p.B), b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_mgu_div, tinyrnn_q15_mgu_shift, CellKind::Mgu, Q15_MGU_Params, Q15_MGU_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(p.W), u: CW::Q15(p.Uf), u_h: Some(CW::Q15(p.Uh)), b: CB::Q15(p.B), b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_hard_mgu_div, tinyrnn_q15_hard_mgu_shift, CellKind::HardMgu, Q15_HardMGU_Params, Q15_HardMGU_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Int4(p.W), u: CW::Int4(p.Uf), u_h: Some(CW::Int4(p.Uh)), b: NO_BIAS, b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_tinyeats_div, tinyrnn_q15_tinyeats_shift, CellKind::TinyEats, Q15_TinyEats_Params, Q15_TinyEats_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q7(p.W), u: CW::Q7(p.U), u_h: Some(CW::Q7(p.Uh)), b: CB::Q7(p.B), b2: NO_BIAS, alpha: 0, beta: 0 });
export_q15!(tinyrnn_q15_gru_div, tinyrnn_q15_gru_shift, CellKind::Gru, Q15_GRU_Params, Q15_GRU_Scales,
    |p| Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(p.weight_ih), u: CW::Q15(p.weight_hh), u_h: None, b: CB::Q15(p.bias_ih), b2: CB::Q15(p.bias_hh), alpha: 0, beta: 0 });

/// `q15_v_softsign(vec, len, ret, scale_in, scale_out)`:
/// `ret[i] = (vec[i] · 2^scale_out) / (2^scale_in + |vec[i]|)`, the same in
/// both builds (the scales are exponents, as `q15_v_tanh`'s). Any overlap of
/// `ret` and `vec` gives C's element-by-element result; a NULL or misaligned
/// non-empty buffer: nothing is written.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_v_softsign(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T) {
    let n = len as usize;
    if let (Ok(v), Ok(r)) = (cells(vec, n), cells(ret as *const Q15_T, n)) {
        let op = softsign_op(scale_in, scale_out);
        for (r, v) in r.iter().zip(v) {
            r.set(op(v.get() as i32) as i16);
        }
    }
}
