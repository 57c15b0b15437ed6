//! Float cells as C functions with EdgeML's `rnn_t` signature
//! (`int f(float* hiddenState, unsigned hiddenDims, const float* input,
//! unsigned inputDims, unsigned steps, const void* params, void* buffers,
//! int backward, int normalize)`), so `rnnpool_block` can pool any of them.
//! Structs: `include/tinyrnn_cells.h` and the family headers.
#![allow(non_camel_case_types, non_snake_case)]
// `u32::from(c_uint)`: an identity here, a widening on AVR (16-bit `int`).
#![allow(clippy::useless_conversion)]

use core::ffi::{c_int, c_uint, c_void};
use core::mem::MaybeUninit;

use super::{area, cell_spans, code, parts_in, Call};
use crate::cells::float::{Matrix, Spec};
use crate::cells::{Buffers, CellKind};
use crate::error::Result;
use crate::ffi::ptr::{edgeml_scratch, reference, slice, slice_mut, Writes};

/// ```text
/// A float weight matrix (rows x cols): dense M when rank == 0, else low rank
/// M2 * M1 with M1 rank x cols and M2 rows x rank (EdgeML's W = W2 * W1).
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TinyRNN_Matrix {
    /// `rows × cols`, row-major (used when `rank == 0`).
    pub M: *const f32,
    /// `rank × cols` (used when `rank > 0`).
    pub M1: *const f32,
    /// `rows × rank` (used when `rank > 0`).
    pub M2: *const f32,
    pub rank: c_uint,
}

/// ```text
/// Scratch of a float cell, with B = 1 (FastRNN), 2 (UGRNN, SiTGRU, Li-GRU,
/// eGRU, MGU, hard MGU) or 3 (GRU, TinyEats GRU) gate blocks:
///   preComp1, preComp2: B * hiddenDims floats;
///   preComp3: hiddenDims floats for MGU, hard MGU, TinyEats GRU (else unused,
///             may be NULL);
///   tempLRW: rank of W; tempLRU: largest rank of U (and Uh); may be NULL
///            when dense;
///   normFeatures: inputDims floats.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TinyRNN_Buffers {
    pub preComp1: *mut f32,
    pub preComp2: *mut f32,
    pub preComp3: *mut f32,
    pub tempLRW: *mut f32,
    pub tempLRU: *mut f32,
    pub normFeatures: *mut f32,
}

/// FastRNN weights: W (H x D), U (H x H), B (H), dense or low rank.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FastRNN_Params {
    pub mean: *const f32,
    pub stdDev: *const f32,
    pub W: TinyRNN_Matrix,
    pub U: TinyRNN_Matrix,
    pub B: *const f32,
    pub alpha: f32,
    pub beta: f32,
}

/// Weights of the float UGRNN, SiTGRU, Li-GRU and eGRU (dense or low rank).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct UGRNN_Params {
    pub mean: *const f32,
    pub stdDev: *const f32,
    pub W: TinyRNN_Matrix,
    pub U: TinyRNN_Matrix,
    pub B: *const f32,
}

/// `MGU_Params`: `W` `2H × D` (rows `W_f`, `W_h`), `Uf`, `Uh` `H × H`, `B` `2H`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct MGU_Params {
    pub mean: *const f32,
    pub stdDev: *const f32,
    pub W: TinyRNN_Matrix,
    pub Uf: TinyRNN_Matrix,
    pub Uh: TinyRNN_Matrix,
    pub B: *const f32,
}

/// The float hard MGU: exact quantSigm4 / quantTanh, no biases.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct HardMGU_Params {
    pub mean: *const f32,
    pub stdDev: *const f32,
    pub W: TinyRNN_Matrix,
    pub Uf: TinyRNN_Matrix,
    pub Uh: TinyRNN_Matrix,
}

/// Float TinyEats GRU weights (preComp3 is needed).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TinyEats_Params {
    pub mean: *const f32,
    pub stdDev: *const f32,
    pub W: TinyRNN_Matrix,
    pub U: TinyRNN_Matrix,
    pub Uh: TinyRNN_Matrix,
    pub B: *const f32,
}

/// ```text
/// Float GRU weights: PyTorch's state_dict arrays, dense or low rank.
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct GRU_Params {
    pub mean: *const f32,
    pub stdDev: *const f32,
    pub weight_ih: TinyRNN_Matrix,
    pub weight_hh: TinyRNN_Matrix,
    pub bias_ih: *const f32,
    pub bias_hh: *const f32,
}

/// A cell's C parameters, whatever the struct (the matrix descriptors by
/// reference: held by value, they made this 36 bytes larger, in the
/// export's frame under the whole call).
pub(crate) struct Parts<'a> {
    mean: *const f32,
    std_dev: *const f32,
    w: &'a TinyRNN_Matrix,
    u: &'a TinyRNN_Matrix,
    u_h: Option<&'a TinyRNN_Matrix>,
    b: *const f32,
    b2: *const f32,
    alpha: f32,
    beta: f32,
}

const NO_BIAS: *const f32 = core::ptr::null();

/// A checked [`Matrix`] over C memory, written into `out` (returned, the
/// `Result` came through memory and was copied).
unsafe fn matrix<'a>(m: &TinyRNN_Matrix, rows: usize, cols: usize, writes: &Writes, out: &mut Matrix<'a>) -> Result {
    *out = if m.rank > 0 {
        let rank = m.rank as usize;
        let (n1, n2) = (area(rank, cols)?, area(rows, rank)?);
        writes.read(m.M1, n1)?;
        writes.read(m.M2, n2)?;
        Matrix::LowRank { first: slice(m.M1, n1)?, second: slice(m.M2, n2)?, rank }
    } else {
        let n = area(rows, cols)?;
        writes.read(m.M, n)?;
        Matrix::Dense(slice(m.M, n)?)
    };
    Ok(())
}

#[allow(clippy::too_many_arguments)]
unsafe fn cell_c(
    kind: CellKind,
    hidden_state: *mut f32,
    hidden_dims: c_uint,
    input: *const f32,
    input_dims: c_uint,
    steps: c_uint,
    parts: Result<&Parts<'_>>,
    buffers: *mut c_void,
    backward: c_int,
    normalize: c_int,
) -> Result {
    let b: &TinyRNN_Buffers = reference(buffers as *const TinyRNN_Buffers)?;
    let p = parts?;
    let lru = p.u.rank.max(p.u_h.map_or(0, |m| m.rank)) as usize;
    edgeml_scratch(
        !(b.preComp1.is_null() || b.preComp2.is_null() || (kind.has_reset_u() && b.preComp3.is_null())),
        p.w.rank == 0 || !b.tempLRW.is_null(),
        lru == 0 || !b.tempLRU.is_null(),
        !b.normFeatures.is_null(),
    )?;
    let c = Call::new(hidden_dims.into(), input_dims.into(), steps.into(), normalize, kind.blocks() as u32)?;
    let pc3 = if kind.has_reset_u() { c.hd } else { 0 };
    // The views written into the spec in place (a view returned in a
    // `Result` was copied, then moved).
    let mut spec = Spec { kind, mean: &[], std_dev: &[], w: Matrix::Dense(&[]), u: Matrix::Dense(&[]), u_h: None, b: &[], b2: &[], alpha: p.alpha, beta: p.beta };
    cell_views(kind, hidden_state, input, b, p, &c, pc3, lru, &mut spec)?;
    let mut buf = Buffers {
        pre_comp1: slice_mut(b.preComp1, c.rows)?,
        pre_comp2: slice_mut(b.preComp2, c.rows)?,
        pre_comp3: slice_mut(b.preComp3, pc3)?,
        temp_lrw: slice_mut(b.tempLRW, p.w.rank as usize)?,
        temp_lru: slice_mut(b.tempLRU, lru)?,
        norm_features: slice_mut(b.normFeatures, c.id)?,
    };
    spec.run(slice_mut(hidden_state, c.hd)?, slice(input, c.inputs)?, c.id, c.steps, &mut buf, backward != 0, normalize != 0)
}

/// The checks of [`cell_c`] (the written buffers apart, every read one
/// outside them), writing the weights' and vectors' views into `spec`. Out
/// of line, as the Q15 cells' (`super::q15`): the spans and their scan are
/// gone before the cell runs, not kept under its frame.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn cell_views<'a>(
    kind: CellKind,
    hidden_state: *mut f32,
    input: *const f32,
    b: &TinyRNN_Buffers,
    p: &Parts<'_>,
    c: &Call,
    pc3: usize,
    lru: usize,
    spec: &mut Spec<'a>,
) -> Result {
    let u_rows = area(c.hd, kind.u_blocks())?;
    let (nb, nb2) = match kind {
        CellKind::Gru => (c.rows, c.rows),
        _ => (area(c.hd, kind.bias_blocks())?, 0),
    };
    let spans = cell_spans!(hidden_state, c.hd, b, c.rows, pc3, p.w.rank as usize, lru, c.id);
    let r = Writes::new(&spans)?;
    r.read(input, c.inputs)?;
    r.read(p.mean, c.norm)?;
    r.read(p.std_dev, c.norm)?;
    matrix(p.w, c.rows, c.id, &r, &mut spec.w)?;
    matrix(p.u, u_rows, c.hd, &r, &mut spec.u)?;
    if let (Some(m), true) = (p.u_h, kind.has_reset_u()) {
        matrix(m, c.hd, c.hd, &r, spec.u_h.insert(Matrix::Dense(&[])))?;
    }
    r.read(p.b, nb)?;
    r.read(p.b2, nb2)?;
    spec.mean = slice(p.mean, c.norm)?;
    spec.std_dev = slice(p.std_dev, c.norm)?;
    spec.b = slice(p.b, nb)?;
    spec.b2 = slice(p.b2, nb2)?;
    Ok(())
}

/// A float cell's params struct, read into [`Parts`].
pub(crate) trait FloatCellParams {
    fn parts(&self) -> Parts<'_>;
}

/// The body of every float `tinyrnn_<cell>` (EdgeML's `rnn_t` signature),
/// exported from `src/ffi/exports.in`; `KIND` is the cell's index in
/// [`CellKind::ALL`] (several cells share a params struct).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn float_cell<P: FloatCellParams, const KIND: usize>(
    hiddenState: *mut f32,
    hiddenDims: c_uint,
    input: *const f32,
    inputDims: c_uint,
    steps: c_uint,
    params: *const c_void,
    buffers: *mut c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    let kind = match CellKind::ALL.get(KIND) {
        Some(&k) => k,
        None => return code(Err(crate::error::Error::Geometry)),
    };
    let mut parts = MaybeUninit::uninit();
    let parts = parts_in(params as *const P, &mut parts, P::parts);
    code(cell_c(kind, hiddenState, hiddenDims, input, inputDims, steps, parts, buffers, backward, normalize))
}

impl FloatCellParams for FastRNN_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: &p.W, u: &p.U, u_h: None, b: p.B, b2: NO_BIAS, alpha: p.alpha, beta: p.beta }
    }
}

impl FloatCellParams for UGRNN_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: &p.W, u: &p.U, u_h: None, b: p.B, b2: NO_BIAS, alpha: 0.0, beta: 0.0 }
    }
}

impl FloatCellParams for MGU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: &p.W, u: &p.Uf, u_h: Some(&p.Uh), b: p.B, b2: NO_BIAS, alpha: 0.0, beta: 0.0 }
    }
}

impl FloatCellParams for HardMGU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: &p.W, u: &p.Uf, u_h: Some(&p.Uh), b: NO_BIAS, b2: NO_BIAS, alpha: 0.0, beta: 0.0 }
    }
}

impl FloatCellParams for TinyEats_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: &p.W, u: &p.U, u_h: Some(&p.Uh), b: p.B, b2: NO_BIAS, alpha: 0.0, beta: 0.0 }
    }
}

impl FloatCellParams for GRU_Params {
    fn parts(&self) -> Parts<'_> {
        let p = self;
        Parts { mean: p.mean, std_dev: p.stdDev, w: &p.weight_ih, u: &p.weight_hh, u_h: None, b: p.bias_ih, b2: p.bias_hh, alpha: 0.0, beta: 0.0 }
    }
}

// The per-cell names of shared structs (C typedefs).
/// `FastRNN_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type FastRNN_Buffers = TinyRNN_Buffers;
/// `SiTGRU_Params`: the `UGRNN_Params` of this cell (C typedef).
pub type SiTGRU_Params = UGRNN_Params;
/// `LiGRU_Params`: the `UGRNN_Params` of this cell (C typedef).
pub type LiGRU_Params = UGRNN_Params;
/// `EGRU_Params`: the `UGRNN_Params` of this cell (C typedef).
pub type EGRU_Params = UGRNN_Params;
/// `UGRNN_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type UGRNN_Buffers = TinyRNN_Buffers;
/// `SiTGRU_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type SiTGRU_Buffers = TinyRNN_Buffers;
/// `LiGRU_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type LiGRU_Buffers = TinyRNN_Buffers;
/// `EGRU_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type EGRU_Buffers = TinyRNN_Buffers;
/// `GRU_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type GRU_Buffers = TinyRNN_Buffers;
/// `TinyEats_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type TinyEats_Buffers = TinyRNN_Buffers;
/// `MGU_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type MGU_Buffers = TinyRNN_Buffers;
/// `HardMGU_Buffers`: the `TinyRNN_Buffers` of this cell (C typedef).
pub type HardMGU_Buffers = TinyRNN_Buffers;
