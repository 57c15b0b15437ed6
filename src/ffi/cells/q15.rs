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

use core::ffi::{c_int, c_void};
use core::mem::MaybeUninit;

use super::{area, cell_spans, code, parts_in, Call};
use crate::cells::calibrate::Calibration;
use crate::cells::formats::{int4_bytes, pow2_bytes};
use crate::cells::q15::{softsign_op, Bias, CellScales, Spec};
use crate::cells::{Buffers, CellKind};
use crate::error::{Error, Result};
use crate::ffi::ptr::{cells, edgeml_scratch, reference, slice, slice_mut, Writes};
use crate::ffi::types::{ITER_T, Q15_T, Q7_T, SCALE_T};
use crate::ffi::utils::sparse_from_c;
use crate::q15::project::{MatVecScales, Projection};
use crate::scale::Scale;

/// ```text
/// A Q15 weight matrix (rows x cols), chosen at run time (SPARSE does not
/// apply to the cells):
///   rank > 0:        low rank M2 * M1 (M1 rank x cols, M2 rows x rank);
///   else ids != NULL: sparse, EdgeML's column-major encoding (for each of
///                    the cols columns, the 1-based row numbers of its
///                    non-zeros, then 0; vals the non-zeros in that order),
///                    computed as q15_m_sparse_mulvec into a zeroed output;
///   else:            dense M, computed as q15_m_mulvec.
/// The product scales are the scales struct's: for W, (w, normFeaturesMVW,
/// mVWOut) for M, M1 or the sparse values and (w2, tempLRW, mVW2Out) for M2;
/// likewise u... for U and uh... for Uh.
/// ```
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

/// ```text
/// Scratch of a Q15 cell: as TinyRNN_Buffers, in Q15_T.
/// ```
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

/// Q15 FastRNN weights; alpha, beta in Q15 (scaled like their scales say).
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

/// Weights of the Q15 UGRNN, SiTGRU and Li-GRU (dense, sparse or low rank).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_UGRNN_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: TinyRNN_Q15_Matrix,
    pub U: TinyRNN_Q15_Matrix,
    pub B: *const Q15_T,
}

/// ```text
/// Q15 eGRU weights: every weight and bias a 3-bit power-of-two code, packed
/// 8 codes in 3 bytes (code i in bits 3i..3i+2 of a little-endian bit
/// stream; ceil(3n / 8) bytes for n codes). Code: bit 2 the sign, bits 1..0
/// a shift k; the value is +-2^-k for k < 3 and 0 for k == 3 (the paper's
/// table: +1 = 000, +1/2 = 001, +1/4 = 010, 0 = 111, -1/4 = 110, -1/2 = 101,
/// -1 = 100). W: 2H x D codes, U: 2H x H codes, B: 2H codes; dense only.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_EGRU_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: *const u8,
    pub U: *const u8,
    pub B: *const u8,
}

/// Q15 MGU weights (dense, sparse or low rank).
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

/// ```text
/// Q15 hard MGU weights: 4-bit two's-complement codes c (-8..7), two per
/// byte (code i: low nibble of byte i / 2 for even i, high nibble for odd
/// i; ceil(n / 2) bytes for n codes), one power-of-two scale per matrix
/// (the weight is c * 2^-e; e enters through the matrix's product scale).
/// W: 2H x D codes, Uf and Uh: H x H codes; no biases.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Q15_HardMGU_Params {
    pub mean: *const Q15_T,
    pub stdDev: *const Q15_T,
    pub W: *const u8,
    pub Uf: *const u8,
    pub Uh: *const u8,
}

/// ```text
/// Q15 TinyEats GRU weights: int8 (Q7_T) weights and biases, dense.
/// ```
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

/// Q15 GRU weights (dense, sparse or low rank).
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

/// The part of a [`Calibration`] that a C call reads: the products' scales
/// and the sequence's, not the exponents (a C scales struct has none), with
/// the same field paths (`w.scales.mat`, `scales.sigmoid.div`, …). Made in
/// the export's frame: 52 bytes less than a whole [`Calibration`] there.
pub(crate) struct CallScales<S> {
    w: ProductScales<S>,
    u: ProductScales<S>,
    u_h: ProductScales<S>,
    scales: CellScales<S>,
}

/// A product's scales in [`CallScales`] (the second factor's if low rank).
struct ProductScales<S> {
    scales: MatVecScales<S>,
    scales2: MatVecScales<S>,
}

impl<S: Scale> CallScales<S> {
    /// As [`Calibration::unit`]: every scale 1.
    fn unit() -> Self {
        let one = S::from_pow2(0);
        let mv = MatVecScales { mat: one, vec: one, out: one };
        let m = || ProductScales { scales: mv, scales2: mv };
        CallScales { w: m(), u: m(), u_h: m(), scales: CellScales::unit() }
    }
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

/// Maps a `#[repr(C)]` scales struct (written out above its invocation,
/// so that cbindgen declares it) onto [`Calibration`]: each field is `S`
/// (`SCALE_T`, a scale), `I` (`SCALE_T`, an exponent in both modes), `Q`
/// (`Q15_T`) or `B` (`ITER_T` flag), with its path. Every field must be
/// listed (the sizes, rounded to the struct's alignment, are checked against the struct's).
macro_rules! scales_map {
    ($C:ident { $($cf:ident: $k:ident $($p:ident).+),* $(,)? }) => {
        const _: () = assert!((0usize $(+ scales_map!(@size $k))*).div_ceil(core::mem::align_of::<$C>()) * core::mem::align_of::<$C>() == core::mem::size_of::<$C>(), "a scales field is not mapped");

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
                self.write_calibration(&mut cal);
                cal
            }

            /// Writes the fields of `cal` these scales stand for (the
            /// others keep their values): for a calibration made in place.
            pub fn write_calibration<S: Scale>(&self, cal: &mut Calibration<S>) {
                $(cal.$($p).+ = conv!(from_c $k, self.$cf);)*
                // `qOne` is the scalar of both `q15_v_scalar_sub(qOne, …)`
                // and (eGRU, TinyEats) the gate's `q15_v_scalar_add(qOne, …)`
                // in the documented sequences; cells without that add ignore
                // `shift`.
                cal.scales.shift.scalar = cal.scales.one_minus.scalar;
            }

            /// As [`Self::write_calibration`], into the part of a
            /// calibration that a call reads ([`CallScales`], the same
            /// field paths).
            pub(crate) fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
                $(cal.$($p).+ = conv!(from_c $k, self.$cf);)*
                cal.scales.shift.scalar = cal.scales.one_minus.scalar;
            }
        }
    };
    (@size S) => { 4 };
    (@size I) => { 4 };
    (@size Q) => { 2 };
    (@size B) => { 4 };
}

/// ```text
/// Q15 FastRNN scales. One step (pC1, pC2 = preComp1, preComp2; x the
/// (normalised) input; every call is EdgeML's primitive of the build):
///
///   pC1 = W . x                              (q15_m_mulvec: w, normFeaturesMVW, mVWOut;
///                                             low rank: then w2, tempLRW, mVW2Out)
///   pC2 = U . h                              (u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
///   q15_v_add(pC1, pC2, H, pC1, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
///   q15_v_add(pC1, B, H, pC1, pC1AddB, b, pC1AddBOut, pC1AddBDemote);
///   q15_v_tanh(pC1, H, pC1, tanhScaleIn, tanhScaleOut, useTableTanH);
///   q15_v_scalar_mul(alpha, pC1, H, pC1, alpha, alphaMulUpdate);
///   q15_v_scalar_mul(beta, h, H, pC2, beta, betaMulHiddenState);
///   q15_v_add(pC1, pC2, H, h, updateAddHiddenState, hiddenStateAddUpdate,
///             hiddenStateOut, hiddenStateDemote);
///
/// Normalisation (normalize != 0), as q15_fastgrnn:
///   q15_v_sub(x_t, mean_t, D, nf, input, mean, meanSub);
///   q15_v_hadamard(stdDev_t, nf, D, nf, stdDev, normFeaturesHDStdDev);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_FastRNN_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub pC1AddB: SCALE_T,
    pub b: SCALE_T,
    pub pC1AddBOut: SCALE_T,
    pub pC1AddBDemote: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub alpha: SCALE_T,
    pub alphaMulUpdate: SCALE_T,
    pub beta: SCALE_T,
    pub betaMulHiddenState: SCALE_T,
    pub updateAddHiddenState: SCALE_T,
    pub hiddenStateAddUpdate: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub useTableTanH: ITER_T,
}

scales_map!(
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

/// ```text
/// One step of the Q15 UGRNN (pC1, pC2 = preComp1, preComp2; x the
/// (normalised) input, normalised as q15_fastgrnn does; every call is
/// EdgeML's primitive of the build):
///
///   pC1 = W . x        (2H rows; q15_m_mulvec: w, normFeaturesMVW, mVWOut;
///                      low rank: then w2, tempLRW, mVW2Out; sparse:
///                      q15_m_sparse_mulvec into a zeroed pC1)
///   pC2 = U . h        (2H rows; u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
///   q15_v_add(pC1, pC2, 2H, pC1, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
///   q15_v_add(pC1, B, H, pC1, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
///   q15_v_add(pC1 + H, B + H, H, pC1 + H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
///   q15_v_sigmoid(pC1, H, pC1, div, add, sigmoidLimit, sigmoidScaleIn,
///                 sigmoidScaleOut, useTableSigmoid);                      z
///   q15_v_tanh(pC1 + H, H, pC1 + H, tanhScaleIn, tanhScaleOut, useTableTanH); c
///   -- keep-gate mix, K and C two H-value temporaries --
///   q15_v_hadamard(pC1, h, H, K, gateHDHiddenState, hiddenStateHDGate);
///   q15_v_scalar_sub(qOne, pC1, H, pC1, qOneScale, qOneSubGate, qOneSubGateOut);
///   q15_v_hadamard(pC1, pC1 + H, H, C, qOneSubGateHDUpdate, updateHDQOneSubGate);
///   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
///             hiddenStateDemote);
///
/// SiTGRU: the candidate is q15_v_sigmoid with the same arguments as the
/// gate (one call over 2H). Li-GRU: the candidate's ReLU is EdgeML's
/// piecewise-linear sigmoid with add = 0 and no tables,
///   q15_v_sigmoid(pC1 + H, H, pC1 + H, reluDiv, 0, reluLimit, reluScaleIn,
///                 reluScaleOut, 0),
/// i.e. min(max(a / reluDiv, 0), reluLimit) << (reluScaleOut - reluScaleIn).
/// With EdgeML's tables (useTableSigmoid/useTableTanH = 1) the activations
/// read Q11 and give Q14.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_UGRNN_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub gateHDHiddenState: SCALE_T,
    pub hiddenStateHDGate: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDUpdate: SCALE_T,
    pub updateHDQOneSubGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub qOne: Q15_T,
    pub useTableSigmoid: ITER_T,
    pub useTableTanH: ITER_T,
}

scales_map!(
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

/// ```text
/// SiTGRU scales: Q15_UGRNN_Scales without the tanh fields.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_SiTGRU_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub gateHDHiddenState: SCALE_T,
    pub hiddenStateHDGate: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDUpdate: SCALE_T,
    pub updateHDQOneSubGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub qOne: Q15_T,
    pub useTableSigmoid: ITER_T,
}

scales_map!(
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

/// ```text
/// Li-GRU scales: Q15_SiTGRU_Scales plus the ReLU's arguments.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_LiGRU_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub reluScaleIn: SCALE_T,
    pub reluScaleOut: SCALE_T,
    pub gateHDHiddenState: SCALE_T,
    pub hiddenStateHDGate: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDUpdate: SCALE_T,
    pub updateHDQOneSubGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub qOne: Q15_T,
    pub reluDiv: Q15_T,
    pub reluLimit: Q15_T,
    pub useTableSigmoid: ITER_T,
}

scales_map!(
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

/// ```text
/// One step of the Q15 eGRU. A code is worth +-(4 >> k) quarters and its
/// product with v is +-(v << (2 - k)), a shift and a sign, no multiplier:
/// the products equal q15_m_mulvec over the matrix of those quarter values.
///
///   pC1 = W . x        (2H rows; w, normFeaturesMVW, mVWOut)
///   pC2 = U . h        (2H rows; u, hiddenStateMVU, mVUOut)
///   q15_v_add(pC1, pC2, 2H, pC1, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
///   Bq = q15_v_scale_up(B in quarters, 2H, Bq, biasScaleUp);
///   q15_v_add(pC1, Bq, H, pC1, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
///   q15_v_add(pC1 + H, Bq + H, H, pC1 + H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
///   q15_v_softsign(pC1, H, pC1, gateSoftsignScaleIn, gateSoftsignScaleOut);
///   q15_v_scalar_add(qOne, pC1, H, pC1, qOneAddScale, qOneAddGateSoftsign,
///                    qOneAddGateSoftsignOut);                  z = (1 + s) / 2
///   q15_v_softsign(pC1 + H, H, pC1 + H, softsignScaleIn, softsignScaleOut);   c
///   -- write-gate mix, K and C two H-value temporaries --
///   q15_v_scalar_sub(qOne, pC1, H, K, qOneScale, qOneSubGate, qOneSubGateOut);
///   q15_v_hadamard(K, h, H, K, qOneSubGateHDHiddenState, hiddenStateHDQOneSubGate);
///   q15_v_hadamard(pC1, pC1 + H, H, C, gateHDUpdate, updateHDGate);
///   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
///             hiddenStateDemote);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_EGRU_Scales {
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
    pub biasScaleUp: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub gateSoftsignScaleIn: SCALE_T,
    pub gateSoftsignScaleOut: SCALE_T,
    pub qOneAddScale: SCALE_T,
    pub qOneAddGateSoftsign: SCALE_T,
    pub qOneAddGateSoftsignOut: SCALE_T,
    pub softsignScaleIn: SCALE_T,
    pub softsignScaleOut: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDHiddenState: SCALE_T,
    pub hiddenStateHDQOneSubGate: SCALE_T,
    pub gateHDUpdate: SCALE_T,
    pub updateHDGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub qOne: Q15_T,
}

scales_map!(
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

/// ```text
/// One step of the Q15 MGU (pC1, pC2, pC3 = preComp1..3; x the (normalised)
/// input, normalised as q15_fastgrnn does; every call is EdgeML's primitive
/// of the build):
///
///   pC1 = W . x        (2H rows; q15_m_mulvec: w, normFeaturesMVW, mVWOut;
///                      low rank: then w2, tempLRW, mVW2Out; sparse:
///                      q15_m_sparse_mulvec into a zeroed pC1)
///   pC2 = Uf . h       (H rows; u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
///   q15_v_add(pC1, pC2, H, pC2, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
///   q15_v_add(pC2, B, H, pC2, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
///   q15_v_sigmoid(pC2, H, pC2, div, add, sigmoidLimit, sigmoidScaleIn,
///                 sigmoidScaleOut, useTableSigmoid);                    f = pC2
///   q15_v_hadamard(pC2, h, H, pC3, resetHDHiddenState, hiddenStateHDReset);
///   pC2 + H = Uh . pC3 (uh, resetHiddenStateMVUh, mVUhOut; uh2, tempLRUh, mVUh2Out)
///   q15_v_add(pC1 + H, pC2 + H, H, pC2 + H, mV1AddMV3, mV3AddMV1, mV1AddMV3Out,
///             mV1AddMV3Demote);
///   q15_v_add(pC2 + H, B + H, H, pC2 + H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
///   q15_v_tanh(pC2 + H, H, pC2 + H, tanhScaleIn, tanhScaleOut, useTableTanH);  c
///   -- write-gate mix with g = f, K and C two H-value temporaries --
///   q15_v_scalar_sub(qOne, g, H, K, qOneScale, qOneSubGate, qOneSubGateOut);
///   q15_v_hadamard(K, h, H, K, qOneSubGateHDHiddenState, hiddenStateHDQOneSubGate);
///   q15_v_hadamard(g, pC2 + H, H, C, gateHDUpdate, updateHDGate);
///   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
///             hiddenStateDemote);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_MGU_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub uh: SCALE_T,
    pub resetHiddenStateMVUh: SCALE_T,
    pub mVUhOut: SCALE_T,
    pub uh2: SCALE_T,
    pub tempLRUh: SCALE_T,
    pub mVUh2Out: SCALE_T,
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
    pub resetHDHiddenState: SCALE_T,
    pub hiddenStateHDReset: SCALE_T,
    pub mV1AddMV3: SCALE_T,
    pub mV3AddMV1: SCALE_T,
    pub mV1AddMV3Out: SCALE_T,
    pub mV1AddMV3Demote: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDHiddenState: SCALE_T,
    pub hiddenStateHDQOneSubGate: SCALE_T,
    pub gateHDUpdate: SCALE_T,
    pub updateHDGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub qOne: Q15_T,
    pub useTableSigmoid: ITER_T,
    pub useTableTanH: ITER_T,
}

scales_map!(
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

/// ```text
/// One step of the Q15 hard MGU: the MGU's sequence without the bias
/// additions, the products over the 4-bit codes (equal to q15_m_mulvec over
/// the codes widened to Q15_T) and 4-bit activations, both EdgeML's
/// piecewise-linear q15_v_sigmoid (no tables), whose w = a / div + add is
/// the 4-bit code:
///
///   pC1 = W . x        (2H rows; w, normFeaturesMVW, mVWOut)
///   pC2 = Uf . h       (H rows; u, hiddenStateMVU, mVUOut)
///   q15_v_add(pC1, pC2, H, pC2, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
///   q15_v_sigmoid(pC2, H, pC2, div, add, sigmoidLimit, sigmoidScaleIn,
///                 sigmoidScaleOut, 0);                                  f
///   q15_v_hadamard(pC2, h, H, pC3, resetHDHiddenState, hiddenStateHDReset);
///   pC2 + H = Uh . pC3 (uh, resetHiddenStateMVUh, mVUhOut)
///   q15_v_add(pC1 + H, pC2 + H, H, pC2 + H, mV1AddMV3, mV3AddMV1, mV1AddMV3Out,
///             mV1AddMV3Demote);
///   q15_v_sigmoid(pC2 + H, H, pC2 + H, tanhDiv, tanhAdd, tanhLimit, tanhScaleIn,
///                 tanhScaleOut, 0);
///   q15_v_scalar_add(tanhOffset, pC2 + H, H, pC2 + H, tanhOffsetScale,
///                    codeAddTanhOffset, codeAddTanhOffsetOut);          c
///   -- write-gate mix as the MGU's, with g = f --
///
/// With the pre-activations a at 2^e (as the calibration sets them):
///   gate: div = 2^(e-2), add = 8, sigmoidLimit = 15, sigmoidScaleOut -
///     sigmoidScaleIn = 10: code k = clip(trunc(4a) + 8, 0, 15), f = k / 16
///     (quantSigm4 on a 4-bit unsigned code; f = 0 exactly, at most 15/16);
///   candidate: tanhDiv = 2^(e-3), tanhAdd = 8, tanhLimit = 15, tanhScaleOut
///     - tanhScaleIn = 11, tanhOffset = -qOne: c = (k - 8) / 8 with
///     k = clip(trunc(8a) + 8, 0, 15), i.e. clip(trunc(8a), -8, 7) / 8
///     (quantTanh on a 4-bit two's-complement code, -1 .. 7/8).
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_HardMGU_Scales {
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
    pub uh: SCALE_T,
    pub resetHiddenStateMVUh: SCALE_T,
    pub mVUhOut: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub resetHDHiddenState: SCALE_T,
    pub hiddenStateHDReset: SCALE_T,
    pub mV1AddMV3: SCALE_T,
    pub mV3AddMV1: SCALE_T,
    pub mV1AddMV3Out: SCALE_T,
    pub mV1AddMV3Demote: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub tanhOffsetScale: SCALE_T,
    pub codeAddTanhOffset: SCALE_T,
    pub codeAddTanhOffsetOut: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDHiddenState: SCALE_T,
    pub hiddenStateHDQOneSubGate: SCALE_T,
    pub gateHDUpdate: SCALE_T,
    pub updateHDGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub tanhDiv: Q15_T,
    pub tanhAdd: Q15_T,
    pub tanhLimit: Q15_T,
    pub tanhOffset: Q15_T,
    pub qOne: Q15_T,
}

scales_map!(
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

/// ```text
/// One step of the Q15 TinyEats GRU. The int8 products (summed in 64 bits)
/// equal q15_m_mulvec over the weights widened to Q15_T:
///
///   pC1 = W . x        (3H rows; w, normFeaturesMVW, mVWOut)
///   pC2 = U . h        (2H rows; u, hiddenStateMVU, mVUOut)
///   q15_v_add(pC1, pC2, 2H, pC2, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
///   Bq = q15_v_scale_up(B widened to Q15_T, 3H, Bq, biasScaleUp);
///   q15_v_add(pC2, Bq, 2H, pC2, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
///   q15_v_softsign(pC2, 2H, pC2, gateSoftsignScaleIn, gateSoftsignScaleOut);
///   q15_v_scalar_add(qOne, pC2, 2H, pC2, qOneAddScale, qOneAddGateSoftsign,
///                    qOneAddGateSoftsignOut);            r = pC2, z = pC2 + H
///   q15_v_hadamard(pC2, h, H, pC3, resetHDHiddenState, hiddenStateHDReset);
///   pC2 + 2H = Uh . pC3   (uh, resetHiddenStateMVUh, mVUhOut)
///   q15_v_add(pC1 + 2H, pC2 + 2H, H, pC2 + 2H, mV1AddMV3, mV3AddMV1,
///             mV1AddMV3Out, mV1AddMV3Demote);
///   q15_v_add(pC2 + 2H, Bq + 2H, H, pC2 + 2H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
///   q15_v_softsign(pC2 + 2H, H, pC2 + 2H, softsignScaleIn, softsignScaleOut);  c
///   -- write-gate mix with g = z = pC2 + H, K and C H-value temporaries --
///   q15_v_scalar_sub(qOne, g, H, K, qOneScale, qOneSubGate, qOneSubGateOut);
///   q15_v_hadamard(K, h, H, K, qOneSubGateHDHiddenState, hiddenStateHDQOneSubGate);
///   q15_v_hadamard(g, pC2 + 2H, H, C, gateHDUpdate, updateHDGate);
///   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
///             hiddenStateDemote);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_TinyEats_Scales {
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
    pub uh: SCALE_T,
    pub resetHiddenStateMVUh: SCALE_T,
    pub mVUhOut: SCALE_T,
    pub mV1AddMV2: SCALE_T,
    pub mV2AddMV1: SCALE_T,
    pub mV1AddMV2Out: SCALE_T,
    pub mV1AddMV2Demote: SCALE_T,
    pub biasScaleUp: SCALE_T,
    pub pC1AddBg: SCALE_T,
    pub bg: SCALE_T,
    pub pC1AddBgOut: SCALE_T,
    pub pC1AddBgDemote: SCALE_T,
    pub gateSoftsignScaleIn: SCALE_T,
    pub gateSoftsignScaleOut: SCALE_T,
    pub qOneAddScale: SCALE_T,
    pub qOneAddGateSoftsign: SCALE_T,
    pub qOneAddGateSoftsignOut: SCALE_T,
    pub resetHDHiddenState: SCALE_T,
    pub hiddenStateHDReset: SCALE_T,
    pub mV1AddMV3: SCALE_T,
    pub mV3AddMV1: SCALE_T,
    pub mV1AddMV3Out: SCALE_T,
    pub mV1AddMV3Demote: SCALE_T,
    pub pC1AddBh: SCALE_T,
    pub bh: SCALE_T,
    pub pC1AddBhOut: SCALE_T,
    pub pC1AddBhDemote: SCALE_T,
    pub softsignScaleIn: SCALE_T,
    pub softsignScaleOut: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDHiddenState: SCALE_T,
    pub hiddenStateHDQOneSubGate: SCALE_T,
    pub gateHDUpdate: SCALE_T,
    pub updateHDGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub qOne: Q15_T,
}

scales_map!(
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

/// ```text
/// One step of the Q15 GRU (pC1, pC2 = preComp1, preComp2; x the
/// (normalised) input, normalised as q15_fastgrnn does; every call is
/// EdgeML's primitive of the build):
///
///   pC1 = W_ih . x     (3H rows; q15_m_mulvec: w, normFeaturesMVW, mVWOut;
///                      low rank: then w2, tempLRW, mVW2Out; sparse:
///                      q15_m_sparse_mulvec into a zeroed pC1)
///   q15_v_add(pC1, bias_ih, 3H, pC1, pC1AddBih, bih, pC1AddBihOut, pC1AddBihDemote);
///   pC2 = W_hh . h     (3H rows; u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
///   q15_v_add(pC2, bias_hh, 3H, pC2, pC2AddBhh, bhh, pC2AddBhhOut, pC2AddBhhDemote);
///   q15_v_add(pC1, pC2, 2H, pC1, pC1AddPC2, pC2AddPC1, pC1AddPC2Out, pC1AddPC2Demote);
///   q15_v_sigmoid(pC1, 2H, pC1, div, add, sigmoidLimit, sigmoidScaleIn,
///                 sigmoidScaleOut, useTableSigmoid);         r = pC1, z = pC1 + H
///   q15_v_hadamard(pC1, pC2 + 2H, H, pC2 + 2H, resetHDPC2, pC2HDReset);
///   q15_v_add(pC1 + 2H, pC2 + 2H, H, pC1 + 2H, pC1AddRPC2, rPC2AddPC1,
///             pC1AddRPC2Out, pC1AddRPC2Demote);
///   q15_v_tanh(pC1 + 2H, H, pC1 + 2H, tanhScaleIn, tanhScaleOut, useTableTanH);  n
///   -- keep-gate mix with z = pC1 + H, K and C two H-value temporaries --
///   q15_v_hadamard(z, h, H, K, gateHDHiddenState, hiddenStateHDGate);
///   q15_v_scalar_sub(qOne, z, H, z, qOneScale, qOneSubGate, qOneSubGateOut);
///   q15_v_hadamard(z, pC1 + 2H, H, C, qOneSubGateHDUpdate, updateHDQOneSubGate);
///   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
///             hiddenStateDemote);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Q15_GRU_Scales {
    pub input: SCALE_T,
    pub mean: SCALE_T,
    pub meanSub: SCALE_T,
    pub stdDev: SCALE_T,
    pub normFeaturesHDStdDev: SCALE_T,
    pub w: SCALE_T,
    pub normFeaturesMVW: SCALE_T,
    pub mVWOut: SCALE_T,
    pub w2: SCALE_T,
    pub tempLRW: SCALE_T,
    pub mVW2Out: SCALE_T,
    pub u: SCALE_T,
    pub hiddenStateMVU: SCALE_T,
    pub mVUOut: SCALE_T,
    pub u2: SCALE_T,
    pub tempLRU: SCALE_T,
    pub mVU2Out: SCALE_T,
    pub pC1AddBih: SCALE_T,
    pub bih: SCALE_T,
    pub pC1AddBihOut: SCALE_T,
    pub pC1AddBihDemote: SCALE_T,
    pub pC2AddBhh: SCALE_T,
    pub bhh: SCALE_T,
    pub pC2AddBhhOut: SCALE_T,
    pub pC2AddBhhDemote: SCALE_T,
    pub pC1AddPC2: SCALE_T,
    pub pC2AddPC1: SCALE_T,
    pub pC1AddPC2Out: SCALE_T,
    pub pC1AddPC2Demote: SCALE_T,
    pub sigmoidScaleIn: SCALE_T,
    pub sigmoidScaleOut: SCALE_T,
    pub resetHDPC2: SCALE_T,
    pub pC2HDReset: SCALE_T,
    pub pC1AddRPC2: SCALE_T,
    pub rPC2AddPC1: SCALE_T,
    pub pC1AddRPC2Out: SCALE_T,
    pub pC1AddRPC2Demote: SCALE_T,
    pub tanhScaleIn: SCALE_T,
    pub tanhScaleOut: SCALE_T,
    pub gateHDHiddenState: SCALE_T,
    pub hiddenStateHDGate: SCALE_T,
    pub qOneScale: SCALE_T,
    pub qOneSubGate: SCALE_T,
    pub qOneSubGateOut: SCALE_T,
    pub qOneSubGateHDUpdate: SCALE_T,
    pub updateHDQOneSubGate: SCALE_T,
    pub keptAddWritten: SCALE_T,
    pub writtenAddKept: SCALE_T,
    pub hiddenStateOut: SCALE_T,
    pub hiddenStateDemote: SCALE_T,
    pub div: Q15_T,
    pub add: Q15_T,
    pub sigmoidLimit: Q15_T,
    pub qOne: Q15_T,
    pub useTableSigmoid: ITER_T,
    pub useTableTanH: ITER_T,
}

scales_map!(
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

/// A C weight matrix in one of the formats (the Q15 descriptor by
/// reference: held by value, it made this enum 28 bytes, copied three
/// times into the entry's frame).
#[derive(Clone, Copy)]
enum CW<'a> {
    Q15(&'a TinyRNN_Q15_Matrix),
    Q7(*const Q7_T),
    Pow2(*const u8),
    Int4(*const u8),
}

impl CW<'_> {
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
pub(crate) struct Parts<'a> {
    mean: *const Q15_T,
    std_dev: *const Q15_T,
    w: CW<'a>,
    u: CW<'a>,
    u_h: Option<CW<'a>>,
    b: CB,
    b2: CB,
    alpha: Q15_T,
    beta: Q15_T,
}

/// A checked [`Projection`] over C memory (`rows × cols`), written into
/// `out` (returned, the `Result` came through memory and was copied).
unsafe fn weights<'a, S: Scale>(m: &CW, rows: usize, cols: usize, cal: &ProductScales<S>, w: &Writes, out: &mut Projection<'a, S>) -> Result {
    let n = area(rows, cols)?;
    *out = match *m {
        CW::Q15(m) if m.rank > 0 => {
            let rank = m.rank as usize;
            let (n1, n2) = (area(rank, cols)?, area(rows, rank)?);
            w.read(m.M1, n1)?;
            w.read(m.M2, n2)?;
            Projection::LowRank { first: slice(m.M1, n1)?, second: slice(m.M2, n2)?, rank, first_scales: cal.scales, second_scales: cal.scales2 }
        }
        CW::Q15(m) if !m.ids.is_null() => {
            let cols32 = u32::try_from(cols).map_err(|_| Error::Overflow)?;
            let mat = sparse_from_c(m.ids, m.vals, cols32, Some(rows))?;
            w.read(m.ids, mat.row_indices().len())?;
            w.read(m.vals, mat.values().len())?;
            Projection::Sparse { mat, scales: cal.scales }
        }
        CW::Q15(m) => {
            w.read(m.M, n)?;
            Projection::Dense { mat: slice(m.M, n)?, scales: cal.scales }
        }
        CW::Q7(p) => {
            w.read(p, n)?;
            Projection::Int8 { mat: slice(p, n)?, scales: cal.scales }
        }
        CW::Pow2(p) => {
            let bytes = pow2_bytes(n).ok_or(Error::Overflow)?;
            w.read(p, bytes)?;
            Projection::Pow2 { codes: slice(p, bytes)?, scales: cal.scales }
        }
        CW::Int4(p) => {
            let bytes = int4_bytes(n).ok_or(Error::Overflow)?;
            w.read(p, bytes)?;
            Projection::Int4 { codes: slice(p, bytes)?, scales: cal.scales }
        }
    };
    Ok(())
}

/// A checked [`Bias`] of `n` values over C memory.
unsafe fn bias<'a>(b: CB, n: usize, w: &Writes) -> Result<Bias<'a>> {
    Ok(match b {
        CB::None => Bias::None,
        CB::Q15(p) => {
            w.read(p, n)?;
            Bias::Q15(slice(p, n)?)
        }
        CB::Q7(p) => {
            w.read(p, n)?;
            Bias::Q7(slice(p, n)?)
        }
        CB::Pow2(p) => {
            let bytes = pow2_bytes(n).ok_or(Error::Overflow)?;
            w.read(p, bytes)?;
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
    parts: Result<&Parts<'_>>,
    buffers: *mut c_void,
    cal: Result<&CallScales<S>>,
    backward: c_int,
    normalize: c_int,
) -> Result {
    let b: &TinyRNN_Q15_Buffers = reference(buffers as *const TinyRNN_Q15_Buffers)?;
    let p = parts?;
    let lru = p.u.rank().max(p.u_h.map_or(0, |m| m.rank()));
    edgeml_scratch(
        !(b.preComp1.is_null() || b.preComp2.is_null() || (kind.has_reset_u() && b.preComp3.is_null())),
        p.w.rank() == 0 || !b.tempLRW.is_null(),
        lru == 0 || !b.tempLRU.is_null(),
        !b.normFeatures.is_null(),
    )?;
    let cal = cal?;
    let c = Call::new(hidden_dims, input_dims, steps, normalize, kind.blocks() as u32)?;
    let pc3 = if kind.has_reset_u() { c.hd } else { 0 };
    // The views written into the spec in place (a view returned in a
    // `Result` was copied, then moved).
    let none = |cal: &ProductScales<S>| Projection::Dense { mat: &[], scales: cal.scales };
    let mut spec = Spec {
        kind,
        mean: &[],
        std_dev: &[],
        w: none(&cal.w),
        u: none(&cal.u),
        u_h: None,
        b: Bias::None,
        b2: Bias::None,
        alpha: p.alpha,
        beta: p.beta,
        scales: &cal.scales,
    };
    cell_views(kind, hidden_state, input, b, p, cal, &c, pc3, lru, &mut spec)?;
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

/// The checks of [`cell_c`] (the written buffers apart, every read one
/// outside them), writing the weights' and vectors' views into `spec` in
/// the order of their checks. Out of line: the spans and their scan are
/// gone before the cell runs, not kept under its frame (inlined, 176
/// bytes more stack on Cortex-M4F).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn cell_views<'a, S: Scale>(
    kind: CellKind,
    hidden_state: *mut Q15_T,
    input: *const Q15_T,
    b: &TinyRNN_Q15_Buffers,
    p: &Parts<'a>,
    cal: &'a CallScales<S>,
    c: &Call,
    pc3: usize,
    lru: usize,
    spec: &mut Spec<'a, S>,
) -> Result {
    let u_rows = area(c.hd, kind.u_blocks())?;
    let (nb, nb2) = match kind {
        CellKind::Gru => (c.rows, c.rows),
        _ => (area(c.hd, kind.bias_blocks())?, 0),
    };
    let spans = cell_spans!(hidden_state, c.hd, b, c.rows, pc3, p.w.rank(), lru, c.id);
    let wr = Writes::new(&spans)?;
    wr.read(input, c.inputs)?;
    wr.read(p.mean, c.norm)?;
    wr.read(p.std_dev, c.norm)?;
    let none = |cal: &ProductScales<S>| Projection::Dense { mat: &[], scales: cal.scales };
    weights(&p.w, c.rows, c.id, &cal.w, &wr, &mut spec.w)?;
    weights(&p.u, u_rows, c.hd, &cal.u, &wr, &mut spec.u)?;
    if let (Some(m), true) = (&p.u_h, kind.has_reset_u()) {
        weights(m, c.hd, c.hd, &cal.u_h, &wr, spec.u_h.insert(none(&cal.u_h)))?;
    }
    spec.mean = slice(p.mean, c.norm)?;
    spec.std_dev = slice(p.std_dev, c.norm)?;
    spec.b = bias(p.b, nb, &wr)?;
    spec.b2 = bias(p.b2, nb2, &wr)?;
    Ok(())
}

/// A Q15 cell's params struct, read into [`Parts`].
pub(crate) trait Q15CellParams {
    fn parts(&self) -> Parts<'_>;
}

/// A Q15 cell's scales struct: which cell it drives, and its calibration.
pub(crate) trait Q15CellScales {
    const KIND: CellKind;
    /// Writes its fields of `cal` (a [`CallScales::unit`]).
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>);
}

/// The body of every `tinyrnn_q15_<cell>_{div,shift}` (the `q15_rnn_t`
/// signature), exported from `src/ffi/exports.in`: the cell is the scales
/// struct's, the weights the params struct's.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn q15_cell<P: Q15CellParams, Sc: Q15CellScales, S: Scale>(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const Q15_T,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    let mut parts = MaybeUninit::uninit();
    let parts = parts_in(params as *const P, &mut parts, P::parts);
    // Made in place and passed by reference: returned by value, the
    // ~370-byte scales were made, then copied (`memcpy`), twice their
    // size in this frame; moved into `cell_c`, copied again.
    let mut cal = CallScales::<S>::unit();
    let cal = reference(scales as *const Sc).map(|sc| {
        Q15CellScales::write_call_scales(sc, &mut cal);
        &cal
    });
    code(cell_c::<S>(Sc::KIND, hiddenState, hiddenDims, input, inputDims, steps, parts, buffers, cal, backward, normalize))
}

const NO_BIAS: CB = CB::None;

impl Q15CellParams for Q15_FastRNN_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(&p.W), u: CW::Q15(&p.U), u_h: None, b: CB::Q15(p.B), b2: NO_BIAS, alpha: p.alpha, beta: p.beta }
    }
}

impl Q15CellScales for Q15_FastRNN_Scales {
    const KIND: CellKind = CellKind::FastRnn;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellParams for Q15_UGRNN_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(&p.W), u: CW::Q15(&p.U), u_h: None, b: CB::Q15(p.B), b2: NO_BIAS, alpha: 0, beta: 0 }
    }
}

impl Q15CellScales for Q15_UGRNN_Scales {
    const KIND: CellKind = CellKind::Ugrnn;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellScales for Q15_SiTGRU_Scales {
    const KIND: CellKind = CellKind::SitGru;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellScales for Q15_LiGRU_Scales {
    const KIND: CellKind = CellKind::LiGru;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellParams for Q15_EGRU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Pow2(p.W), u: CW::Pow2(p.U), u_h: None, b: CB::Pow2(p.B), b2: NO_BIAS, alpha: 0, beta: 0 }
    }
}

impl Q15CellScales for Q15_EGRU_Scales {
    const KIND: CellKind = CellKind::Egru;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellParams for Q15_MGU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(&p.W), u: CW::Q15(&p.Uf), u_h: Some(CW::Q15(&p.Uh)), b: CB::Q15(p.B), b2: NO_BIAS, alpha: 0, beta: 0 }
    }
}

impl Q15CellScales for Q15_MGU_Scales {
    const KIND: CellKind = CellKind::Mgu;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellParams for Q15_HardMGU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Int4(p.W), u: CW::Int4(p.Uf), u_h: Some(CW::Int4(p.Uh)), b: NO_BIAS, b2: NO_BIAS, alpha: 0, beta: 0 }
    }
}

impl Q15CellScales for Q15_HardMGU_Scales {
    const KIND: CellKind = CellKind::HardMgu;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellParams for Q15_TinyEats_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q7(p.W), u: CW::Q7(p.U), u_h: Some(CW::Q7(p.Uh)), b: CB::Q7(p.B), b2: NO_BIAS, alpha: 0, beta: 0 }
    }
}

impl Q15CellScales for Q15_TinyEats_Scales {
    const KIND: CellKind = CellKind::TinyEats;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

impl Q15CellParams for Q15_GRU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: CW::Q15(&p.weight_ih), u: CW::Q15(&p.weight_hh), u_h: None, b: CB::Q15(p.bias_ih), b2: CB::Q15(p.bias_hh), alpha: 0, beta: 0 }
    }
}

impl Q15CellScales for Q15_GRU_Scales {
    const KIND: CellKind = CellKind::Gru;
    fn write_call_scales<S: Scale>(&self, cal: &mut CallScales<S>) {
        self.write_call_scales(cal)
    }
}

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

// The per-cell names of shared structs (C typedefs).
/// `Q15_FastRNN_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_FastRNN_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_SiTGRU_Params`: the `Q15_UGRNN_Params` of this cell (C typedef).
pub type Q15_SiTGRU_Params = Q15_UGRNN_Params;
/// `Q15_LiGRU_Params`: the `Q15_UGRNN_Params` of this cell (C typedef).
pub type Q15_LiGRU_Params = Q15_UGRNN_Params;
/// `Q15_UGRNN_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_UGRNN_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_SiTGRU_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_SiTGRU_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_LiGRU_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_LiGRU_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_EGRU_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_EGRU_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_GRU_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_GRU_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_TinyEats_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_TinyEats_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_MGU_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_MGU_Buffers = TinyRNN_Q15_Buffers;
/// `Q15_HardMGU_Buffers`: the `TinyRNN_Q15_Buffers` of this cell (C typedef).
pub type Q15_HardMGU_Buffers = TinyRNN_Q15_Buffers;
