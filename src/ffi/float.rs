//! C ABI of EdgeML's float API (`fastgrnn.h`, `utils.h`, `rnnpool.h`,
//! `classifier.h`), over the safe kernels of [`crate::float`].
//!
//! Symbols are EdgeML's names with a `tinyrnn_` prefix (`tinyrnn_fastgrnn`,
//! `tinyrnn_matVec`, `tinyrnn_min`, …); the hand-written headers map
//! EdgeML's names onto them (see `docs/float-api.md`). Signatures are
//! EdgeML's, with `unsigned`/`int` as `c_uint`/`c_int`.
//!
//! Outcomes on input the reference does not define (pointers are checked as
//! described in [`super::ptr`]):
//! - `int` functions return 0, EdgeML's `ERR_*_NOT_INIT` code for a NULL
//!   scratch buffer (checked first, in EdgeML's order), or a tinyrnn code
//!   ([`crate::Error::code`]); on any error nothing is written;
//! - `void` functions return without writing anything;
//! - `l2squared` returns NaN and `argmax` returns 0.
//!
//! The element-wise functions, `matVec`, `softmax` and `FC` accept outputs
//! that share memory with their inputs (in place or partially overlapping)
//! and then give C's element-by-element results. FastGRNN refuses writable
//! buffers that overlap any other buffer ([`Error::Aliasing`]); RNNPool's
//! `output`, `buffer` and `patch` may share memory (EdgeML's sequence).
#![allow(non_camel_case_types, non_snake_case)]
// `u32::from(c_uint)`: an identity here, a widening on AVR (16-bit `int`).
#![allow(clippy::useless_conversion)]

use core::ffi::{c_int, c_uint, c_void};

use super::fastgrnn::Call;
use super::ptr::{cells, code, dims, edgeml_scratch, reference, slice, slice_mut, span, Writes};
use crate::error::{Error, Result};
use crate::float::{self as f, FastGrnnBuffers, FastGrnnLrBuffers, FastGrnnLrParams, FastGrnnParams};

/// Weights of a low-rank float FastGRNN (EdgeML's `FastGRNN_LR_Params`):
/// `W = W2 · W1`, `U = U2 · U1`, row-major. `mean`, `stdDev`: `steps ×
/// inputDims` (one row per step), read only when normalizing; `W1`: `wRank ×
/// inputDims`; `W2`: `hiddenDims × wRank`; `U1`: `uRank × hiddenDims`; `U2`:
/// `hiddenDims × uRank`; `Bg`, `Bh`: `hiddenDims`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FastGRNN_LR_Params {
    pub mean: *mut f32,
    pub stdDev: *mut f32,
    pub W1: *mut f32,
    pub W2: *mut f32,
    pub wRank: c_uint,
    pub U1: *mut f32,
    pub U2: *mut f32,
    pub uRank: c_uint,
    pub Bg: *mut f32,
    pub Bh: *mut f32,
    pub sigmoid_zeta: f32,
    pub sigmoid_nu: f32,
}

/// Scratch buffers of a low-rank float FastGRNN (EdgeML's
/// `FastGRNN_LR_Buffers`): `preComp` `hiddenDims`, `tempLRW` `wRank`,
/// `tempLRU` `uRank`, `normFeatures` `inputDims` floats.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FastGRNN_LR_Buffers {
    pub preComp: *mut f32,
    pub tempLRW: *mut f32,
    pub tempLRU: *mut f32,
    pub normFeatures: *mut f32,
}

/// Weights of a float FastGRNN (EdgeML's `FastGRNN_Params`), row-major.
/// `mean`, `stdDev`: `steps × inputDims`, read only when normalizing; `W`:
/// `hiddenDims × inputDims`; `U`: `hiddenDims × hiddenDims`; `Bg`, `Bh`:
/// `hiddenDims`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FastGRNN_Params {
    pub mean: *mut f32,
    pub stdDev: *mut f32,
    pub W: *mut f32,
    pub U: *mut f32,
    pub Bg: *mut f32,
    pub Bh: *mut f32,
    pub sigmoid_zeta: f32,
    pub sigmoid_nu: f32,
}

/// Scratch buffers of a float FastGRNN (EdgeML's `FastGRNN_Buffers`):
/// `preComp` `hiddenDims`, `normFeatures` `inputDims` floats.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FastGRNN_Buffers {
    pub preComp: *mut f32,
    pub normFeatures: *mut f32,
}

/// EdgeML's `rnn_t` (`tinyrnn_rnn_t` in C): a float RNN that
/// `rnnpool_block` can pool: `tinyrnn_fastgrnn`, `tinyrnn_fastgrnn_lr`, a
/// float cell, or any function with this signature.
pub type rnn_t = Option<
    unsafe extern "C" fn(
        hiddenState: *mut f32,
        hiddenDims: c_uint,
        input: *const f32,
        inputDims: c_uint,
        steps: c_uint,
        params: *const c_void,
        buffers: *mut c_void,
        backward: c_int,
        normalize: c_int,
    ) -> c_int,
>;


// ---------------------------------------------------------------------------
// utils.h: scalars
// ---------------------------------------------------------------------------

/// EdgeML's `min`: `a < b ? a : b`.
#[no_mangle]
pub extern "C" fn tinyrnn_min(a: f32, b: f32) -> f32 {
    f::min(a, b)
}

/// EdgeML's `max`: `a > b ? a : b`.
#[no_mangle]
pub extern "C" fn tinyrnn_max(a: f32, b: f32) -> f32 {
    f::max(a, b)
}

/// EdgeML's `relu`: `x < 0 ? 0 : x`.
#[no_mangle]
pub extern "C" fn tinyrnn_relu(x: f32) -> f32 {
    f::relu(x)
}

/// EdgeML's `sigmoid`: `1 / (1 + expf(-x))`.
#[no_mangle]
pub extern "C" fn tinyrnn_sigmoid(x: f32) -> f32 {
    f::sigmoid(x)
}

/// EdgeML's `tanhyperbolic`: `(e^x - e^-x) / (e^x + e^-x)` with `expf`
/// (NaN for `|x| > 88.7`, as in EdgeML).
#[no_mangle]
pub extern "C" fn tinyrnn_tanhyperbolic(x: f32) -> f32 {
    f::tanhyperbolic(x)
}

/// EdgeML's `quantTanh`: `x` clamped to `[-1, 1]`.
#[no_mangle]
pub extern "C" fn tinyrnn_quantTanh(x: f32) -> f32 {
    f::quant_tanh(x)
}

/// EdgeML's `quantSigmoid`: `(x + 1) / 2` clamped to `[0, 1]`.
#[no_mangle]
pub extern "C" fn tinyrnn_quantSigmoid(x: f32) -> f32 {
    f::quant_sigmoid(x)
}

// ---------------------------------------------------------------------------
// utils.h: vectors. Every buffer is viewed as cells, so any overlap between
// output and inputs behaves as in C.
// ---------------------------------------------------------------------------

unsafe fn map1(vec: *const f32, len: c_uint, ret: *mut f32, op: impl Fn(f32) -> f32) -> Result {
    let n = len as usize;
    f::map1_cells(cells(vec, n)?, cells(ret, n)?, op)
}

unsafe fn map2(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32, op: impl Fn(f32, f32) -> f32) -> Result {
    let n = len as usize;
    f::map2_cells(cells(vec1, n)?, cells(vec2, n)?, cells(ret, n)?, op)
}

/// EdgeML's `v_relu`: `ret[i] = relu(vec[i])` for `i < len`; `ret` may be
/// `vec`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_relu(vec: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map1(vec, len, ret, f::relu);
}

/// EdgeML's `v_sigmoid`: `ret[i] = sigmoid(vec[i])`; `ret` may be `vec`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_sigmoid(vec: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map1(vec, len, ret, f::sigmoid);
}

/// EdgeML's `v_tanh` (applies `tanhyperbolic`); `ret` may be `vec`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_tanh(vec: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map1(vec, len, ret, f::tanhyperbolic);
}

/// EdgeML's `v_quantSigmoid` (which applies `sigmoid`, as the reference
/// does); `ret` may be `vec`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_quantSigmoid(vec: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map1(vec, len, ret, f::sigmoid);
}

/// EdgeML's `v_quantTanh` (which applies double-precision `tanh`, as the
/// reference does); `ret` may be `vec`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_quantTanh(vec: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map1(vec, len, ret, f::tanh_f64);
}

/// EdgeML's `matVec`: `ret = alpha·ret + beta·(mat · vec)`; `mat` is `nrows ×
/// ncols`, row-major. `ret` is read even when `alpha == 0`, as in EdgeML.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_matVec(
    mat: *const f32,
    vec: *const f32,
    nrows: c_uint,
    ncols: c_uint,
    alpha: f32,
    beta: f32,
    ret: *mut f32,
) {
    let run = || -> Result {
        let n = dims(&[u32::from(nrows), u32::from(ncols)])?;
        let (m, v, r) = (cells(mat, n)?, cells(vec, ncols as usize)?, cells(ret, nrows as usize)?);
        f::mat_vec_cells(m, v, nrows as usize, ncols as usize, alpha, beta, r)
    };
    let _ = run();
}

/// EdgeML's `v_add`: `ret = scalar1·vec1 + scalar2·vec2` (`ret` may be `vec1`
/// or `vec2`).
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_add(
    scalar1: f32,
    vec1: *const f32,
    scalar2: f32,
    vec2: *const f32,
    len: c_uint,
    ret: *mut f32,
) {
    let _ = map2(vec1, vec2, len, ret, f::add_op(scalar1, scalar2));
}

/// EdgeML's `v_mult`: `ret = vec1 · vec2`, element-wise.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_mult(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map2(vec1, vec2, len, ret, f::mult_op);
}

/// EdgeML's `v_div`: `ret = vec2 / vec1`, element-wise (EdgeML's order).
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_v_div(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32) {
    let _ = map2(vec1, vec2, len, ret, f::div_op);
}

/// EdgeML's `l2squared`: the sum of `(vec1[i] - vec2[i])^2`; NaN if a pointer
/// fails its check.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_l2squared(vec1: *const f32, vec2: *const f32, dim: c_uint) -> f32 {
    let n = dim as usize;
    match (cells(vec1, n), cells(vec2, n)) {
        (Ok(a), Ok(b)) => f::l2squared(a, b).unwrap_or(f32::NAN),
        _ => f32::NAN,
    }
}

/// EdgeML's `argmax` (first maximum above `FLT_MIN`, else 0); 0 if the
/// pointer fails its check.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_argmax(vec: *const f32, len: c_uint) -> c_uint {
    match cells(vec, len as usize) {
        // The index is below `len`, so it fits.
        Ok(v) => f::argmax(v) as c_uint,
        Err(_) => 0,
    }
}

/// EdgeML's `softmax`: `ret[i] = exp(input[i]) / Σ_j exp(input[j])`; `len ==
/// 0` does nothing.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_softmax(input: *const f32, len: c_uint, ret: *mut f32) {
    let n = len as usize;
    if let (Ok(i), Ok(r)) = (cells(input, n), cells(ret, n)) {
        let _ = f::softmax_cells(i, r);
    }
}

// ---------------------------------------------------------------------------
// classifier.h
// ---------------------------------------------------------------------------

/// EdgeML's `FC`: `classScores = FCweights · input + FCbias`; `FCweights` is
/// `numClasses × inputLen`, row-major.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_FC(
    FCweights: *const f32,
    FCbias: *const f32,
    input: *const f32,
    inputLen: c_uint,
    classScores: *mut f32,
    numClasses: c_uint,
) {
    let run = || -> Result {
        let (n, k) = (numClasses as usize, inputLen as usize);
        let w = cells(FCweights, dims(&[u32::from(numClasses), u32::from(inputLen)])?)?;
        f::fc_cells(w, cells(FCbias, n)?, cells(input, k)?, cells(classScores, n)?)
    };
    let _ = run();
}

// ---------------------------------------------------------------------------
// fastgrnn.h
// ---------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_c(
    hidden_state: *mut f32,
    hidden_dims: c_uint,
    input: *const f32,
    input_dims: c_uint,
    steps: c_uint,
    params: *const c_void,
    buffers: *mut c_void,
    backward: c_int,
    normalize: c_int,
) -> Result {
    let c = fastgrnn_checks(hidden_state, hidden_dims, input, input_dims, steps, params, buffers, normalize)?;
    // `fastgrnn_checks` checked every pointer below for its length.
    let b: &FastGRNN_Buffers = reference(buffers as *const FastGRNN_Buffers)?;
    let p: &FastGRNN_Params = reference(params as *const FastGRNN_Params)?;
    let (w_len, u_len) = (c.hd * c.id, c.hd * c.hd);
    let params = FastGrnnParams {
        mean: slice(p.mean, c.norm)?,
        std_dev: slice(p.stdDev, c.norm)?,
        w: slice(p.W, w_len)?,
        u: slice(p.U, u_len)?,
        bg: slice(p.Bg, c.hd)?,
        bh: slice(p.Bh, c.hd)?,
        sigmoid_zeta: p.sigmoid_zeta,
        sigmoid_nu: p.sigmoid_nu,
    };
    let mut scratch = FastGrnnBuffers {
        pre_comp: Some(slice_mut(b.preComp, c.hd)?),
        norm_features: Some(slice_mut(b.normFeatures, c.id)?),
    };
    let h = slice_mut(hidden_state, c.hd)?;
    let x = slice(input, c.inputs)?;
    f::fastgrnn(h, x, c.id, c.steps, &params, &mut scratch, backward != 0, normalize != 0)
}

/// The checks of [`fastgrnn_c`], in the exports' order: the structs, the
/// sizes, the written buffers, then each read one against them.
// Out of line: the spans and the scan are gone before the cell runs.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_checks(
    hidden_state: *mut f32,
    hidden_dims: c_uint,
    input: *const f32,
    input_dims: c_uint,
    steps: c_uint,
    params: *const c_void,
    buffers: *mut c_void,
    normalize: c_int,
) -> Result<Call> {
    let b: &FastGRNN_Buffers = reference(buffers as *const FastGRNN_Buffers)?;
    edgeml_scratch(!b.preComp.is_null(), true, true, !b.normFeatures.is_null())?;
    let p: &FastGRNN_Params = reference(params as *const FastGRNN_Params)?;
    let (hidden_dims, input_dims, steps) = (u32::from(hidden_dims), u32::from(input_dims), u32::from(steps));
    let c = Call::new(hidden_dims, input_dims, steps, normalize, 1)?;
    let (w_len, u_len) = (dims(&[hidden_dims, input_dims])?, dims(&[hidden_dims, hidden_dims])?);
    let spans = [span(hidden_state, c.hd)?, span(b.preComp, c.hd)?, span(b.normFeatures, c.id)?];
    let regions = Writes::new(&spans)?;
    regions.read(input, c.inputs)?;
    regions.read(p.mean, c.norm)?;
    regions.read(p.stdDev, c.norm)?;
    regions.read(p.W, w_len)?;
    regions.read(p.U, u_len)?;
    regions.read(p.Bg, c.hd)?;
    regions.read(p.Bh, c.hd)?;
    Ok(c)
}

#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_lr_c(
    hidden_state: *mut f32,
    hidden_dims: c_uint,
    input: *const f32,
    input_dims: c_uint,
    steps: c_uint,
    params: *const c_void,
    buffers: *mut c_void,
    backward: c_int,
    normalize: c_int,
) -> Result {
    let c = fastgrnn_lr_checks(hidden_state, hidden_dims, input, input_dims, steps, params, buffers, normalize)?;
    // `fastgrnn_lr_checks` checked every pointer below for its length.
    let b: &FastGRNN_LR_Buffers = reference(buffers as *const FastGRNN_LR_Buffers)?;
    let p: &FastGRNN_LR_Params = reference(params as *const FastGRNN_LR_Params)?;
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    let (w1, w2, u1, u2) = (wr * c.id, c.hd * wr, ur * c.hd, c.hd * ur);
    let params = FastGrnnLrParams {
        mean: slice(p.mean, c.norm)?,
        std_dev: slice(p.stdDev, c.norm)?,
        w1: slice(p.W1, w1)?,
        w2: slice(p.W2, w2)?,
        w_rank: wr,
        u1: slice(p.U1, u1)?,
        u2: slice(p.U2, u2)?,
        u_rank: ur,
        bg: slice(p.Bg, c.hd)?,
        bh: slice(p.Bh, c.hd)?,
        sigmoid_zeta: p.sigmoid_zeta,
        sigmoid_nu: p.sigmoid_nu,
    };
    let mut scratch = FastGrnnLrBuffers {
        pre_comp: Some(slice_mut(b.preComp, c.hd)?),
        temp_lrw: Some(slice_mut(b.tempLRW, wr)?),
        temp_lru: Some(slice_mut(b.tempLRU, ur)?),
        norm_features: Some(slice_mut(b.normFeatures, c.id)?),
    };
    let h = slice_mut(hidden_state, c.hd)?;
    let x = slice(input, c.inputs)?;
    f::fastgrnn_lr(h, x, c.id, c.steps, &params, &mut scratch, backward != 0, normalize != 0)
}

/// The checks of [`fastgrnn_lr_c`], in the exports' order: the structs, the
/// sizes, the written buffers, then each read one against them.
// Out of line: the spans and the scan are gone before the cell runs.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_lr_checks(
    hidden_state: *mut f32,
    hidden_dims: c_uint,
    input: *const f32,
    input_dims: c_uint,
    steps: c_uint,
    params: *const c_void,
    buffers: *mut c_void,
    normalize: c_int,
) -> Result<Call> {
    let b: &FastGRNN_LR_Buffers = reference(buffers as *const FastGRNN_LR_Buffers)?;
    edgeml_scratch(!b.preComp.is_null(), !b.tempLRW.is_null(), !b.tempLRU.is_null(), !b.normFeatures.is_null())?;
    let p: &FastGRNN_LR_Params = reference(params as *const FastGRNN_LR_Params)?;
    let (hidden_dims, input_dims, steps) = (u32::from(hidden_dims), u32::from(input_dims), u32::from(steps));
    let c = Call::new(hidden_dims, input_dims, steps, normalize, 1)?;
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    let (w_rank, u_rank) = (u32::from(p.wRank), u32::from(p.uRank));
    let w1 = dims(&[w_rank, input_dims])?;
    let w2 = dims(&[hidden_dims, w_rank])?;
    let u1 = dims(&[u_rank, hidden_dims])?;
    let u2 = dims(&[hidden_dims, u_rank])?;
    let spans = [span(hidden_state, c.hd)?, span(b.preComp, c.hd)?, span(b.tempLRW, wr)?, span(b.tempLRU, ur)?, span(b.normFeatures, c.id)?];
    let regions = Writes::new(&spans)?;
    regions.read(input, c.inputs)?;
    regions.read(p.mean, c.norm)?;
    regions.read(p.stdDev, c.norm)?;
    regions.read(p.W1, w1)?;
    regions.read(p.W2, w2)?;
    regions.read(p.U1, u1)?;
    regions.read(p.U2, u2)?;
    regions.read(p.Bg, c.hd)?;
    regions.read(p.Bh, c.hd)?;
    Ok(c)
}

/// EdgeML's `fastgrnn`: `steps` steps of a float FastGRNN cell. `params`
/// points to a `FastGRNN_Params`, `buffers` to a `FastGRNN_Buffers`.
/// Returns 0, `ERR_PRECOMP_NOT_INIT` (-1), `ERR_NORMFEATURES_NOT_INIT` (-4),
/// or a `TINYRNN_ERR_*` code; on error the hidden state is untouched.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_fastgrnn(
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
    code(fastgrnn_c(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, backward, normalize))
}

/// EdgeML's `fastgrnn_lr`: `steps` steps of a low-rank float FastGRNN cell.
/// `params` points to a `FastGRNN_LR_Params`, `buffers` to a
/// `FastGRNN_LR_Buffers`. `backward != 0` reads the input rows
/// (`steps × inputDims`) last to first; `normalize != 0` first maps each row
/// `x` to `(x - mean[row]) / stdDev[row]`. A rank of 0 makes that projection
/// contribute 0. Returns 0, -1 … -4 (EdgeML's `ERR_*_NOT_INIT`), or a
/// `TINYRNN_ERR_*` code; on error the hidden state is untouched.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_fastgrnn_lr(
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
    code(fastgrnn_lr_c(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, backward, normalize))
}

// ---------------------------------------------------------------------------
// rnnpool.h
// ---------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
unsafe fn rnnpool_c(
    patch: *const f32,
    input_dims: c_uint,
    patch_dim: c_uint,
    stride: c_uint,
    rnn1: rnn_t,
    hidden_dims1: c_uint,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn2: rnn_t,
    hidden_dims2: c_uint,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    output: *mut f32,
    buffer: *mut f32,
) -> Result {
    let (f1, f2) = match (rnn1, rnn2) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(Error::Null),
    };
    let (id, pd, st) = (input_dims as usize, patch_dim as usize, stride as usize);
    let p_len = f::rnnpool::patch_len(id, pd, st)?;
    let b_len = dims(&[u32::from(hidden_dims1), u32::from(patch_dim)])?;
    let o_len = dims(&[u32::from(hidden_dims2), 4])?;
    // The pointer checks (NULL, alignment, size); no view of the buffers is
    // made: the RNNs' opaque buffers may point into output or buffer, and
    // output, buffer and patch may share memory, so the sequence runs over
    // raw pointers in EdgeML's order (`Pool::run`).
    span(output, o_len)?;
    span(buffer, b_len)?;
    span(patch, p_len)?;
    let pool = super::rnnpool::Pool {
        patch,
        input_dims: id,
        patch_dim: pd,
        stride: st,
        hidden_dims1: hidden_dims1 as usize,
        hidden_dims2: hidden_dims2 as usize,
        output,
        buffer,
    };
    // The RNNs' return codes are ignored, as in EdgeML.
    // SAFETY: the three buffers were checked for their sizes above, and the
    // caller vouches for the RNNs and their opaque pointers (as in C).
    // The RNNs are C functions: a call per pixel, as EdgeML (no gathering).
    pool.run(
        0,
        |h, x, steps| {
            f1(h, hidden_dims1, x, input_dims, steps as c_uint, rnn1_params, rnn1_buffers, 0, 0);
        },
        |h, x, backward| {
            f2(h, hidden_dims2, x, hidden_dims1, patch_dim, rnn2_params, rnn2_buffers, backward as c_int, 0);
        },
        // The float block does not rescale.
        |_, _, _| {},
    );
    Ok(())
}

/// EdgeML's `rnnpool_block`: pools a `patchDim × patchDim` patch (rows
/// `stride` pixels apart, `inputDims` channels per pixel) into `output`
/// (`4 × hiddenDims2`) with the RNNs `rnn1` and `rnn2`, using `buffer`
/// (`hiddenDims1 × patchDim`). Returns 0 (the RNNs' statuses are ignored, as
/// in EdgeML), or before writing anything a `TINYRNN_ERR_*` code: a NULL
/// RNN or non-empty buffer (`TINYRNN_ERR_NULL`) or an overflowing size.
/// `output`, `buffer` and `patch` may share memory: the block runs EdgeML's
/// sequence on it and gives EdgeML's result.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_rnnpool_block(
    patch: *const f32,
    inputDims: c_uint,
    patchDim: c_uint,
    stride: c_uint,
    rnn1: rnn_t,
    hiddenDims1: c_uint,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn2: rnn_t,
    hiddenDims2: c_uint,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    output: *mut f32,
    buffer: *mut f32,
) -> c_int {
    code(rnnpool_c(
        patch,
        inputDims,
        patchDim,
        stride,
        rnn1,
        hiddenDims1,
        rnn1_params,
        rnn1_buffers,
        rnn2,
        hiddenDims2,
        rnn2_params,
        rnn2_buffers,
        output,
        buffer,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ptr::{null, null_mut};

    const HD: usize = 2;
    const ID: usize = 2;
    static W: [f32; 4] = [0.5, -0.25, 0.125, 0.75];
    static U: [f32; 4] = [0.1, 0.2, -0.3, 0.4];
    static BG: [f32; 2] = [0.1, -0.1];
    static BH: [f32; 2] = [-0.2, 0.3];
    static INPUT: [f32; 4] = [1.0, -2.0, 0.5, 3.0];

    fn params() -> FastGRNN_Params {
        FastGRNN_Params {
            mean: null_mut(),
            stdDev: null_mut(),
            W: W.as_ptr() as *mut f32,
            U: U.as_ptr() as *mut f32,
            Bg: BG.as_ptr() as *mut f32,
            Bh: BH.as_ptr() as *mut f32,
            sigmoid_zeta: 0.5,
            sigmoid_nu: 0.25,
        }
    }

    unsafe fn run(h: *mut f32, hd: usize, steps: u32, p: *const FastGRNN_Params, b: *mut FastGRNN_Buffers) -> c_int {
        tinyrnn_fastgrnn(
            h,
            hd as c_uint,
            INPUT.as_ptr(),
            ID as c_uint,
            steps,
            p as *const c_void,
            b as *mut c_void,
            0,
            0,
        )
    }

    #[test]
    fn fastgrnn_null_buffers_give_edgeml_codes_first() {
        let mut h = [1.0f32, 2.0];
        let (mut pc, mut nf) = ([0.0f32; HD], [0.0f32; ID]);
        let p = params();
        unsafe {
            let mut b = FastGRNN_Buffers { preComp: null_mut(), normFeatures: nf.as_mut_ptr() };
            assert_eq!(run(h.as_mut_ptr(), HD, 2, &p, &mut b), -1);
            // Even with NULL params and no steps: EdgeML checks the buffers first.
            assert_eq!(run(h.as_mut_ptr(), HD, 0, null(), &mut b), -1);
            let mut b = FastGRNN_Buffers { preComp: pc.as_mut_ptr(), normFeatures: null_mut() };
            assert_eq!(run(h.as_mut_ptr(), HD, 2, &p, &mut b), -4);
            // A NULL buffers struct: tinyrnn's NULL code.
            assert_eq!(run(h.as_mut_ptr(), HD, 2, &p, null_mut()), Error::Null.code());
        }
        assert_eq!(h, [1.0, 2.0]);
    }

    #[test]
    fn fastgrnn_lr_null_buffers_in_edgeml_order() {
        let mut h = [1.0f32, 2.0];
        let (mut pc, mut tw, mut tu, mut nf) = ([0.0f32; HD], [0.0f32; 1], [0.0f32; 1], [0.0f32; ID]);
        let ones = [1.0f32; 2];
        let p = FastGRNN_LR_Params {
            mean: null_mut(),
            stdDev: null_mut(),
            W1: ones.as_ptr() as *mut f32,
            W2: ones.as_ptr() as *mut f32,
            wRank: 1,
            U1: ones.as_ptr() as *mut f32,
            U2: ones.as_ptr() as *mut f32,
            uRank: 1,
            Bg: BG.as_ptr() as *mut f32,
            Bh: BH.as_ptr() as *mut f32,
            sigmoid_zeta: 1.0,
            sigmoid_nu: 0.0,
        };
        let all = [pc.as_mut_ptr(), tw.as_mut_ptr(), tu.as_mut_ptr(), nf.as_mut_ptr()];
        for (missing, want) in [(0usize, -1), (1, -2), (2, -3), (3, -4)] {
            let mut ptrs = all;
            ptrs[missing] = null_mut();
            let mut b =
                FastGRNN_LR_Buffers { preComp: ptrs[0], tempLRW: ptrs[1], tempLRU: ptrs[2], normFeatures: ptrs[3] };
            let rc = unsafe {
                tinyrnn_fastgrnn_lr(
                    h.as_mut_ptr(),
                    2,
                    INPUT.as_ptr(),
                    2,
                    2,
                    &p as *const _ as *const c_void,
                    &mut b as *mut _ as *mut c_void,
                    0,
                    0,
                )
            };
            assert_eq!(rc, want);
        }
        // All present: runs.
        let mut b = FastGRNN_LR_Buffers { preComp: all[0], tempLRW: all[1], tempLRU: all[2], normFeatures: all[3] };
        let call = |h: &mut [f32; 2], p: &FastGRNN_LR_Params, b: &mut FastGRNN_LR_Buffers| unsafe {
            tinyrnn_fastgrnn_lr(
                h.as_mut_ptr(),
                2,
                INPUT.as_ptr(),
                2,
                2,
                p as *const _ as *const c_void,
                b as *mut _ as *mut c_void,
                0,
                0,
            )
        };
        assert_eq!(call(&mut h, &p, &mut b), 0);
        assert_ne!(h, [1.0, 2.0]);
        // Zero ranks: W1/W2/U1/U2 may be NULL, tempLRW/tempLRU only need to be non-NULL.
        let p0 = FastGRNN_LR_Params {
            W1: null_mut(),
            W2: null_mut(),
            wRank: 0,
            U1: null_mut(),
            U2: null_mut(),
            uRank: 0,
            ..p
        };
        let mut h0 = [1.0f32, 2.0];
        assert_eq!(call(&mut h0, &p0, &mut b), 0);
        // Zero rank projections contribute 0: the same as an all-zero dense cell.
        let zeros = [0.0f32; 4];
        let dense = FastGRNN_Params {
            W: zeros.as_ptr() as *mut f32,
            U: zeros.as_ptr() as *mut f32,
            sigmoid_zeta: 1.0,
            sigmoid_nu: 0.0,
            ..params()
        };
        let (mut pc2, mut nf2) = ([0.0f32; HD], [0.0f32; ID]);
        let mut db = FastGRNN_Buffers { preComp: pc2.as_mut_ptr(), normFeatures: nf2.as_mut_ptr() };
        let mut hd = [1.0f32, 2.0];
        assert_eq!(unsafe { run(hd.as_mut_ptr(), HD, 2, &dense, &mut db) }, 0);
        assert_eq!(h0, hd);
    }

    #[test]
    fn fastgrnn_bad_pointers_get_tinyrnn_codes_and_leave_state() {
        let mut h = [1.0f32, 2.0];
        let (mut pc, mut nf) = ([0.0f32; HD], [0.0f32; ID]);
        let mut b = FastGRNN_Buffers { preComp: pc.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
        unsafe {
            // NULL params struct, NULL hidden state, NULL weights.
            assert_eq!(run(h.as_mut_ptr(), HD, 2, null(), &mut b), Error::Null.code());
            assert_eq!(run(null_mut(), HD, 2, &params(), &mut b), Error::Null.code());
            let p = FastGRNN_Params { U: null_mut(), ..params() };
            assert_eq!(run(h.as_mut_ptr(), HD, 2, &p, &mut b), Error::Null.code());
            // Normalising without mean/stdDev.
            let rc = tinyrnn_fastgrnn(
                h.as_mut_ptr(),
                2,
                INPUT.as_ptr(),
                2,
                2,
                &params() as *const _ as *const c_void,
                &mut b as *mut _ as *mut c_void,
                0,
                1,
            );
            assert_eq!(rc, Error::Null.code());
            // Misaligned hidden state.
            let mut raw = [0u32; 4];
            let mis = (raw.as_mut_ptr() as *mut u8).add(1) as *mut f32;
            assert_eq!(run(mis, HD, 2, &params(), &mut b), Error::Misaligned.code());
            // preComp overlapping the hidden state, or normFeatures the input.
            let mut alias = FastGRNN_Buffers { preComp: h.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
            assert_eq!(run(h.as_mut_ptr(), HD, 2, &params(), &mut alias), Error::Aliasing.code());
            let mut alias = FastGRNN_Buffers { preComp: pc.as_mut_ptr(), normFeatures: INPUT.as_ptr() as *mut f32 };
            assert_eq!(run(h.as_mut_ptr(), HD, 2, &params(), &mut alias), Error::Aliasing.code());
            // Sizes whose product overflows.
            let rc = tinyrnn_fastgrnn(
                h.as_mut_ptr(),
                2,
                INPUT.as_ptr(),
                u32::MAX,
                u32::MAX,
                &params() as *const _ as *const c_void,
                &mut b as *mut _ as *mut c_void,
                0,
                0,
            );
            #[cfg(target_pointer_width = "32")]
            assert_eq!(rc, Error::Overflow.code());
            #[cfg(target_pointer_width = "64")]
            assert!(rc < 0);
        }
        assert_eq!(h, [1.0, 2.0]);
    }

    #[test]
    fn fastgrnn_zero_sizes() {
        let (mut pc, mut nf) = ([0.0f32; HD], [0.0f32; ID]);
        let mut b = FastGRNN_Buffers { preComp: pc.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
        let mut h = [1.0f32, 2.0];
        unsafe {
            // No steps: input may be NULL, the state is unchanged.
            let rc = tinyrnn_fastgrnn(
                h.as_mut_ptr(),
                2,
                null(),
                2,
                0,
                &params() as *const _ as *const c_void,
                &mut b as *mut _ as *mut c_void,
                1,
                0,
            );
            assert_eq!(rc, 0);
            assert_eq!(h, [1.0, 2.0]);
            // No hidden units: hidden state and weights may be NULL.
            let p = FastGRNN_Params { W: null_mut(), U: null_mut(), Bg: null_mut(), Bh: null_mut(), ..params() };
            let rc = tinyrnn_fastgrnn(
                null_mut(),
                0,
                INPUT.as_ptr(),
                2,
                2,
                &p as *const _ as *const c_void,
                &mut b as *mut _ as *mut c_void,
                0,
                0,
            );
            assert_eq!(rc, 0);
        }
    }

    unsafe extern "C" fn failing_rnn(
        _: *mut f32,
        _: c_uint,
        _: *const f32,
        _: c_uint,
        _: c_uint,
        _: *const c_void,
        _: *mut c_void,
        _: c_int,
        _: c_int,
    ) -> c_int {
        -1
    }

    #[test]
    fn rnnpool_checks_and_ignores_rnn_status() {
        let patch = [0.5f32; 8];
        let (mut out, mut buf) = ([9.0f32; 8], [9.0f32; 4]);
        let call = |r1: rnn_t, r2: rnn_t, out: *mut f32, buf: *mut f32| unsafe {
            tinyrnn_rnnpool_block(
                patch.as_ptr(),
                2,
                2,
                2,
                r1,
                2,
                null(),
                null_mut(),
                r2,
                2,
                null(),
                null_mut(),
                out,
                buf,
            )
        };
        assert_eq!(call(None, Some(failing_rnn), out.as_mut_ptr(), buf.as_mut_ptr()), Error::Null.code());
        assert_eq!(call(Some(failing_rnn), None, out.as_mut_ptr(), buf.as_mut_ptr()), Error::Null.code());
        assert_eq!(call(Some(failing_rnn), Some(failing_rnn), null_mut(), buf.as_mut_ptr()), Error::Null.code());
        assert_eq!((out, buf), ([9.0; 8], [9.0; 4]));
        // Failing RNNs: pooling goes on and returns 0, as in EdgeML (zeroed output).
        assert_eq!(call(Some(failing_rnn), Some(failing_rnn), out.as_mut_ptr(), buf.as_mut_ptr()), 0);
        assert_eq!((out, buf), ([0.0; 8], [0.0; 4]));
        // `output` and `buffer` sharing memory: computed as EdgeML's C does.
        out = [9.0; 8];
        // One raw pointer for both: a second `as_mut_ptr` would invalidate the first.
        let op = out.as_mut_ptr();
        assert_eq!(call(Some(failing_rnn), Some(failing_rnn), op, op), 0);
        assert_eq!(out, [0.0; 8]);
        // Pooling with tinyrnn_fastgrnn whose buffers are missing: the same.
        let p = params();
        let mut b = FastGRNN_Buffers { preComp: null_mut(), normFeatures: null_mut() };
        // One raw pointer for both RNNs: a second `&mut b` would invalidate the first.
        let bp = &mut b as *mut _ as *mut c_void;
        let rc = unsafe {
            tinyrnn_rnnpool_block(
                patch.as_ptr(),
                2,
                2,
                2,
                Some(tinyrnn_fastgrnn),
                2,
                &p as *const _ as *const c_void,
                bp,
                Some(tinyrnn_fastgrnn),
                2,
                &p as *const _ as *const c_void,
                bp,
                out.as_mut_ptr(),
                buf.as_mut_ptr(),
            )
        };
        assert_eq!(rc, 0);
    }

    #[test]
    fn utils_bad_pointers_do_nothing() {
        let v = [1.0f32, -2.0, 3.0];
        let mut r = [9.0f32; 3];
        unsafe {
            tinyrnn_v_relu(null(), 3, r.as_mut_ptr());
            tinyrnn_v_sigmoid(v.as_ptr(), 3, null_mut());
            tinyrnn_v_add(1.0, v.as_ptr(), 1.0, null(), 3, r.as_mut_ptr());
            tinyrnn_matVec(null(), v.as_ptr(), 1, 3, 0.0, 1.0, r.as_mut_ptr());
            tinyrnn_matVec(v.as_ptr(), v.as_ptr(), u32::MAX, u32::MAX, 0.0, 1.0, r.as_mut_ptr());
            tinyrnn_softmax(null(), 3, r.as_mut_ptr());
            tinyrnn_FC(v.as_ptr(), null(), v.as_ptr(), 3, r.as_mut_ptr(), 1);
            let mis = (r.as_mut_ptr() as *mut u8).add(2) as *mut f32;
            tinyrnn_v_mult(v.as_ptr(), v.as_ptr(), 2, mis);
            assert_eq!(r, [9.0; 3]);
            assert!(tinyrnn_l2squared(null(), v.as_ptr(), 3).is_nan());
            assert_eq!(tinyrnn_argmax(null(), 3), 0);
            // Zero lengths: NULL is fine and nothing happens.
            tinyrnn_v_tanh(null(), 0, null_mut());
            tinyrnn_softmax(null(), 0, null_mut());
            tinyrnn_FC(null(), null(), null(), 0, null_mut(), 0);
            assert_eq!(tinyrnn_l2squared(null(), null(), 0), 0.0);
            assert_eq!(tinyrnn_argmax(null(), 0), 0);
        }
    }

    #[test]
    fn utils_accept_overlapping_outputs() {
        // Partially overlapping v_add: ret = vec1 + 1 element, as C would run it.
        let mut buf = [1.0f32, 2.0, 3.0, 4.0];
        let p = buf.as_mut_ptr();
        unsafe { tinyrnn_v_add(1.0, p, 1.0, p, 3, p.add(1)) };
        assert_eq!(buf, [1.0, 2.0, 4.0, 8.0]);
        // matVec with ret == vec sees the rows already written, as in C.
        let m = [1.0f32, 1.0, 1.0, 1.0];
        let mut x = [1.0f32, 1.0];
        // Input and output pointers from one `as_mut_ptr()`, as a C caller's would be.
        let xp = x.as_mut_ptr();
        unsafe { tinyrnn_matVec(m.as_ptr(), xp, 2, 2, 0.0, 1.0, xp) };
        assert_eq!(x, [2.0, 3.0]);
        // FC in place over its input.
        let mut s = [1.0f32, 2.0];
        let sp = s.as_mut_ptr();
        unsafe { tinyrnn_FC([1.0f32, 0.0].as_ptr(), [0.5f32].as_ptr(), sp, 2, sp, 1) };
        assert_eq!(s, [1.5, 2.0]);
    }

    #[test]
    fn scalars() {
        assert_eq!(tinyrnn_min(1.0, 2.0), 1.0);
        assert_eq!(tinyrnn_max(1.0, 2.0), 2.0);
        assert_eq!(tinyrnn_relu(-1.0), 0.0);
        assert_eq!(tinyrnn_sigmoid(0.0), 0.5);
        assert_eq!(tinyrnn_tanhyperbolic(0.0), 0.0);
        assert_eq!(tinyrnn_quantTanh(-7.0), -1.0);
        assert_eq!(tinyrnn_quantSigmoid(7.0), 1.0);
    }

    #[test]
    fn struct_layouts_match_edgeml() {
        use core::mem::{offset_of, size_of};
        let ptr = size_of::<*mut f32>();
        assert_eq!(size_of::<FastGRNN_Buffers>(), 2 * ptr);
        assert_eq!(size_of::<FastGRNN_LR_Buffers>(), 4 * ptr);
        assert_eq!(offset_of!(FastGRNN_Params, sigmoid_zeta), 6 * ptr);
        assert_eq!(offset_of!(FastGRNN_Params, sigmoid_nu), 6 * ptr + 4);
        assert_eq!(offset_of!(FastGRNN_LR_Params, wRank), 4 * ptr);
        assert_eq!(offset_of!(FastGRNN_LR_Params, U1), 5 * ptr);
        assert_eq!(offset_of!(FastGRNN_LR_Params, uRank), 7 * ptr);
        assert_eq!(offset_of!(FastGRNN_LR_Params, Bg), 8 * ptr);
        assert_eq!(offset_of!(FastGRNN_LR_Params, sigmoid_nu), 10 * ptr + 4);
    }
}
