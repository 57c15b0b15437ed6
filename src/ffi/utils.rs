//! C ABI of `quantized_utils.h`: each mode-dependent function is exported as
//! `tinyrnn_<name>_div` and `tinyrnn_<name>_shift`; the five that do not
//! depend on `SHIFT` (sigmoid, tanh, argmax, reverse, q7 ReLU) once.
//!
//! Void functions whose arguments fail a check return without writing.

use core::cell::Cell;

use super::ptr::{cells, dims, overlaps, reference, slice, slice_mut, span, Writes};
use super::types::*;
use crate::error::Result;
use crate::q15::conv::{self, ConvGeometry, Plan};
use crate::q15::matrix::{self, SparseMatrix, SparseShape};
use crate::q15::tensor::{self, Shape};
use crate::q15::vector::{self, *};
use crate::q15::mem::Shared;
use crate::q15::Elem;
use core::mem::size_of;
use crate::scale::Scale;

/// `ret[i] = op(vec[i])` with C's semantics for any overlap of `vec` and `ret`.
unsafe fn map1_c<A: Elem, R: Elem>(vec: *const A, len: ITER_T, ret: *mut R, op: impl Fn(i32) -> i32) -> Result {
    let n = len as usize;
    if overlaps(vec, n, ret, n) {
        let (a, r): (&[Cell<A>], &[Cell<R>]) = (cells(vec, n)?, cells(ret, n)?);
        for (r, a) in r.iter().zip(a) {
            r.set(R::store(op(a.get().int())));
        }
        Ok(())
    } else {
        vector::map1(slice(vec, n)?, slice_mut(ret, n)?, op)
    }
}

/// `ret[i] = op(vec1[i], vec2[i])` with C's semantics for any overlap.
unsafe fn map2_c<A: Elem, B: Elem, R: Elem>(
    vec1: *const A,
    vec2: *const B,
    len: usize,
    ret: *mut R,
    op: impl Fn(i32, i32) -> i32,
) -> Result {
    if overlaps(vec1, len, ret, len) || overlaps(vec2, len, ret, len) {
        let (a, b, r) = (cells(vec1, len)?, cells(vec2, len)?, cells(ret, len)?);
        for ((r, a), b) in r.iter().zip(a).zip(b) {
            r.set(R::store(op(a.get().int(), b.get().int())));
        }
        Ok(())
    } else {
        vector::map2(slice(vec1, len)?, slice(vec2, len)?, slice_mut(ret, len)?, op)
    }
}

/// Pixel-by-pixel `ret = op(ten, vec[channel])` with C's semantics for any overlap.
unsafe fn add_vec_c<T: Elem>(ten: *const T, vec: *const Q15_T, shape: Shape, ret: *mut T, op: impl Fn(i32, i32) -> i32) -> Result {
    let n = shape.len()?;
    let nch = shape.channels as usize;
    let (t, v, r) = (cells(ten, n)?, cells(vec, nch)?, cells(ret, n)?);
    if nch == 0 {
        return Ok(());
    }
    for (out, pix) in r.chunks(nch).zip(t.chunks(nch)) {
        for ((o, x), c) in out.iter().zip(pix).zip(v) {
            o.set(T::store(op(x.get().int(), c.get().int())));
        }
    }
    Ok(())
}

fn shape(nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T) -> Shape {
    Shape { batches: nbatches, rows: nrows, cols: ncols, channels: nchannels }
}

/// Reads EdgeML's sparse encoding behind C pointers: `nelem` columns of row
/// numbers, each ended by 0; one value per non-zero row number. With a
/// `bound` (the product's rows, when the call knows them) the walk only
/// checks the row numbers against it; the matrix's `nrows` is then the
/// bound, or the largest row number if one is above it.
///
/// # Safety
/// `row_indices` must hold `nelem` zero-terminated columns, `mat_values` a
/// value for each of their non-zeros (as EdgeML requires).
pub(crate) unsafe fn sparse_from_c<'a>(row_indices: *const ITER_T, mat_values: *const Q15_T, nelem: ITER_T, bound: Option<usize>) -> Result<SparseMatrix<'a>> {
    if nelem > 0 {
        reference(row_indices)?;
    }
    // The encoding is self-delimiting: walk it as EdgeML does, once, to learn
    // how far the two arrays reach. The fast walk stops at a row number
    // above the bound; the full walk then finds the largest one.
    let fast = match bound {
        Some(b) => SparseShape::walk_ptr_within(row_indices, nelem as usize, b),
        None => None,
    };
    let shape = match fast {
        Some(shape) => shape,
        None => {
            let mut p = row_indices;
            let ids = core::iter::from_fn(|| {
                let v = *p;
                p = p.add(1);
                Some(v)
            });
            SparseShape::walk(ids, nelem as usize)
        }
    };
    // SAFETY: `shape` is the walk of the `shape.len` row numbers sliced here.
    SparseMatrix::with_shape(slice(row_indices, shape.len)?, slice(mat_values, shape.nnz)?, nelem as usize, shape)
}

// Mode-generic bodies: each checks its pointers, then calls the safe kernel.
// Their `_div`/`_shift` exports are generated from `exports.in` into
// `exports.rs`.

pub(crate) unsafe fn q15_v_add<S: Scale>(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T, demote: SCALE_T) -> Result {
    let f = S::from_raw;
    map2_c(vec1, vec2, len as usize, ret, add_op(f(scvec1), f(scvec2), f(scret), f(demote)))
}

pub(crate) unsafe fn q7_v_sub<S: Scale>(vec1: *const Q7_T, vec2: *const Q7_T, len: ITER_T, ret: *mut Q7_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T) -> Result {
    map2_c(vec1, vec2, len as usize, ret, sub_op(S::from_raw(scvec1), S::from_raw(scvec2), S::from_raw(scret)))
}

pub(crate) unsafe fn q15_v_sub<S: Scale>(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T, scret: SCALE_T) -> Result {
    map2_c(vec1, vec2, len as usize, ret, sub_op(S::from_raw(scvec1), S::from_raw(scvec2), S::from_raw(scret)))
}

pub(crate) unsafe fn q7_v_hadamard<S: Scale>(vec1: *const Q7_T, vec2: *const Q7_T, len: ITER_T, ret: *mut Q7_T, scvec1: SCALE_T, scvec2: SCALE_T) -> Result {
    map2_c(vec1, vec2, len as usize, ret, hadamard_op(S::from_raw(scvec1), S::from_raw(scvec2)))
}

pub(crate) unsafe fn q15_v_hadamard<S: Scale>(vec1: *const Q15_T, vec2: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec1: SCALE_T, scvec2: SCALE_T) -> Result {
    map2_c(vec1, vec2, len as usize, ret, hadamard_op(S::from_raw(scvec1), S::from_raw(scvec2)))
}

pub(crate) unsafe fn q15_v_scalar_add<S: Scale>(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    map1_c(vec, len, ret, scalar_add_op(scalar, S::from_raw(scscalar), S::from_raw(scvec), S::from_raw(scret)))
}

pub(crate) unsafe fn q15_v_scalar_sub<S: Scale>(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    map1_c(vec, len, ret, scalar_sub_op(scalar, S::from_raw(scscalar), S::from_raw(scvec), S::from_raw(scret)))
}

pub(crate) unsafe fn q15_v_scalar_mul<S: Scale>(scalar: Q15_T, vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scscalar: SCALE_T, scvec: SCALE_T) -> Result {
    map1_c(vec, len, ret, scalar_mul_op(scalar, S::from_raw(scscalar), S::from_raw(scvec)))
}

pub(crate) unsafe fn q15_v_scale_up<S: Scale>(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec: SCALE_T) -> Result {
    map1_c(vec, len, ret, scale_up_op(S::from_raw(scvec)))
}

pub(crate) unsafe fn q15_v_scale_down<S: Scale>(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scvec: SCALE_T) -> Result {
    map1_c(vec, len, ret, scale_down_op(S::from_raw(scvec)))
}

pub(crate) unsafe fn q15xq7_q15_m_mulvec<S: Scale>(mat: *const Q15_T, vec: *const Q7_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let (r, c) = (nrows as usize, ncols as usize);
    if mulvec_shares(mat, vec, nrows, ncols, ret)? {
        return q15xq7_mulvec_in_order::<S>(mat, vec, nrows, ncols, ret, scmat, scvec, scret);
    }
    // `mulvec_shares` checked the three buffers and `r·c`.
    matrix::q15xq7_q15_m_mulvec(slice(mat, r * c)?, slice(vec, c)?, r, c, slice_mut(ret, r)?, S::from_raw(scmat), S::from_raw(scvec), S::from_raw(scret))
}

pub(crate) unsafe fn q15_m_mulvec<S: Scale>(mat: *const Q15_T, vec: *const Q15_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let (r, c) = (nrows as usize, ncols as usize);
    // In place (`ret == vec`) or any other overlap: EdgeML's row order.
    if mulvec_shares(mat, vec, nrows, ncols, ret)? {
        return q15_mulvec_in_order::<S>(mat, vec, nrows, ncols, ret, scmat, scvec, scret);
    }
    // `mulvec_shares` checked the three buffers and `r·c`.
    matrix::q15_m_mulvec(slice(mat, r * c)?, slice(vec, c)?, r, c, slice_mut(ret, r)?, S::from_raw(scmat), S::from_raw(scvec), S::from_raw(scret))
}

/// The checks of a dense product, in the exports' order: the size, `ret`,
/// then `mat` and `vec` against it. `Ok(true)` when `ret` shares memory with
/// `mat`, or with a Q15 `vec`; a Q15 `ret` over a Q7 `vec` is refused (the
/// result would depend on byte order).
// Out of line on Arm: the spans and the scan are gone before the product
// runs. Inlined on RV32, where keeping the eight arguments in saved
// registers across the call cost more than the checks' own slots.
#[cfg_attr(not(target_arch = "riscv32"), inline(never))]
#[cfg_attr(target_arch = "riscv32", inline(always))]
unsafe fn mulvec_shares<V>(mat: *const Q15_T, vec: *const V, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T) -> Result<bool> {
    let n = dims(&[nrows, ncols])?;
    let out = [span(ret, nrows as usize)?];
    let w = Writes::new(&out)?;
    let shared_mat = w.shares(mat, n)?;
    if size_of::<V>() == size_of::<Q15_T>() {
        Ok(shared_mat | w.shares(vec, ncols as usize)?)
    } else {
        w.read(vec, ncols as usize)?;
        Ok(shared_mat)
    }
}

/// [`q15_m_mulvec`] when `ret` shares memory with `mat` or `vec`.
// Out of line: the rare path's frame is not the common one's.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn q15_mulvec_in_order<S: Scale>(mat: *const Q15_T, vec: *const Q15_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let (r, c) = (nrows as usize, ncols as usize);
    let mut out = Shared(cells(ret, r)?);
    matrix::q15_m_mulvec_in_order(&Shared(cells(mat, r * c)?), &Shared(cells(vec, c)?), r, c, &mut out, S::from_raw(scmat), S::from_raw(scvec), S::from_raw(scret))
}

/// [`q15xq7_q15_m_mulvec`] when `ret` shares memory with `mat`.
// Out of line: the rare path's frame is not the common one's.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn q15xq7_mulvec_in_order<S: Scale>(mat: *const Q15_T, vec: *const Q7_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let (r, c) = (nrows as usize, ncols as usize);
    let mut out = Shared(cells(ret, r)?);
    matrix::q15xq7_q15_m_mulvec_in_order(&Shared(cells(mat, r * c)?), &slice(vec, c)?, r, c, &mut out, S::from_raw(scmat), S::from_raw(scvec), S::from_raw(scret))
}

pub(crate) unsafe fn q15xq7_q15_m_sparse_mulvec<S: Scale>(row_indices: *const ITER_T, mat_values: *const Q15_T, vec: *const Q7_T, nelem: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let m = sparse_from_c(row_indices, mat_values, nelem, None)?;
    let rows = m.nrows();
    let out = [span(ret, rows)?];
    let w = Writes::new(&out)?;
    // A Q15 output over the Q7 vector or the row numbers: byte-order dependent.
    w.read(vec, nelem as usize)?;
    let shared_values = w.shares(mat_values, m.values().len())?;
    w.read(row_indices, m.row_indices().len())?;
    if shared_values {
        let scale = S::from_raw(scmat).then(S::from_raw(scvec)).then(S::from_raw(scret));
        let mut out = Shared(cells(ret, rows)?);
        return matrix::sparse_mulvec_in_order(m.row_indices(), &Shared(cells(mat_values, m.values().len())?), &slice(vec, nelem as usize)?, nelem as usize, &mut out, scale);
    }
    matrix::q15xq7_q15_m_sparse_mulvec(&m, slice(vec, nelem as usize)?, slice_mut(ret, rows)?, S::from_raw(scmat), S::from_raw(scvec), S::from_raw(scret))
}

pub(crate) unsafe fn q15_m_sparse_mulvec<S: Scale>(row_indices: *const ITER_T, mat_values: *const Q15_T, vec: *const Q15_T, nelem: ITER_T, ret: *mut Q15_T, scmat: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let m = sparse_from_c(row_indices, mat_values, nelem, None)?;
    let rows = m.nrows();
    let out = [span(ret, rows)?];
    let w = Writes::new(&out)?;
    let shared_vec = w.shares(vec, nelem as usize)?;
    let shared_values = w.shares(mat_values, m.values().len())?;
    // A Q15 output over the 32-bit row numbers: byte-order dependent.
    w.read(row_indices, m.row_indices().len())?;
    if shared_vec || shared_values {
        let scale = S::from_raw(scmat).then(S::from_raw(scvec)).then(S::from_raw(scret));
        let mut out = Shared(cells(ret, rows)?);
        return matrix::sparse_mulvec_in_order(m.row_indices(), &Shared(cells(mat_values, m.values().len())?), &Shared(cells(vec, nelem as usize)?), nelem as usize, &mut out, scale);
    }
    matrix::q15_m_sparse_mulvec(&m, slice(vec, nelem as usize)?, slice_mut(ret, rows)?, S::from_raw(scmat), S::from_raw(scvec), S::from_raw(scret))
}

pub(crate) unsafe fn q7_t_add<S: Scale>(ten1: *const Q7_T, ten2: *const Q7_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, scten1: SCALE_T, scten2: SCALE_T, scret: SCALE_T) -> Result {
    let n = shape(nbatches, nrows, ncols, nchannels).len()?;
    map2_c(ten1, ten2, n, ret, sum_op(S::from_raw(scten1), S::from_raw(scten2), S::from_raw(scret)))
}

pub(crate) unsafe fn q15_t_add<S: Scale>(ten1: *const Q15_T, ten2: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scten1: SCALE_T, scten2: SCALE_T, scret: SCALE_T) -> Result {
    let n = shape(nbatches, nrows, ncols, nchannels).len()?;
    map2_c(ten1, ten2, n, ret, sum_op(S::from_raw(scten1), S::from_raw(scten2), S::from_raw(scret)))
}

pub(crate) unsafe fn q7xq15_q7_t_add_vec<S: Scale>(ten: *const Q7_T, vec: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    add_vec_any::<Q7_T, S>(ten, vec, shape(nbatches, nrows, ncols, nchannels), ret, scten, scvec, scret)
}

pub(crate) unsafe fn q15_t_add_vec<S: Scale>(ten: *const Q15_T, vec: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    add_vec_any::<Q15_T, S>(ten, vec, shape(nbatches, nrows, ncols, nchannels), ret, scten, scvec, scret)
}

pub(crate) unsafe fn q15_t_l2_norm<S: Scale>(ten: *const Q15_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T) -> Result {
    let sh = shape(nbatches, nrows, ncols, nchannels);
    let n = sh.len()?;
    if core::ptr::eq(ten, ret) {
        // In place is C-exact: each pixel is read whole before it is written.
        return tensor::q15_t_l2_norm_in_place::<S>(slice_mut(ret, n)?, sh, scale_in, scale_out);
    }
    let out = [span(ret, n)?];
    Writes::new(&out)?.read(ten, n)?;
    tensor::q15_t_l2_norm::<S>(slice(ten, n)?, sh, slice_mut(ret, n)?, scale_in, scale_out)
}

pub(crate) unsafe fn q7xq15_q7_convolution<S: Scale>(input: *const Q7_T, filter: *const Q15_T, output: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T) -> Result {
    let geo = ConvGeometry { n: N, h: H, w: W, c_in: CIn, hf: HF, wf: WF, cf: CF, c_out: COut, h_out: HOut, w_out: WOut, g: G, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride, h_dilation: HDilation, w_dilation: WDilation };
    conv_c::<Q7_T, Q7_T, i32, S>(input, filter, output, &geo, scinput, scoutput, demote)
}

pub(crate) unsafe fn q7xq15_q15_convolution<S: Scale>(input: *const Q7_T, filter: *const Q15_T, output: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T) -> Result {
    let geo = ConvGeometry { n: N, h: H, w: W, c_in: CIn, hf: HF, wf: WF, cf: CF, c_out: COut, h_out: HOut, w_out: WOut, g: G, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride, h_dilation: HDilation, w_dilation: WDilation };
    conv_c::<Q7_T, Q15_T, i32, S>(input, filter, output, &geo, scinput, scoutput, demote)
}

pub(crate) unsafe fn q15_convolution<S: Scale>(input: *const Q15_T, filter: *const Q15_T, output: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, HF: ITER_T, WF: ITER_T, CF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, G: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, HDilation: ITER_T, WDilation: ITER_T, scinput: SCALE_T, scoutput: SCALE_T, demote: SCALE_T) -> Result {
    let geo = ConvGeometry { n: N, h: H, w: W, c_in: CIn, hf: HF, wf: WF, cf: CF, c_out: COut, h_out: HOut, w_out: WOut, g: G, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride, h_dilation: HDilation, w_dilation: WDilation };
    conv_c::<Q15_T, Q15_T, i64, S>(input, filter, output, &geo, scinput, scoutput, demote)
}

/// Shared body of the two `t_add_vec` exports: slices when nothing overlaps,
/// `Cell` views otherwise.
#[allow(clippy::too_many_arguments)]
unsafe fn add_vec_any<T: Elem, S: Scale>(ten: *const T, vec: *const Q15_T, sh: Shape, ret: *mut T, scten: SCALE_T, scvec: SCALE_T, scret: SCALE_T) -> Result {
    let n = sh.len()?;
    let nch = sh.channels as usize;
    let op = sum_op(S::from_raw(scten), S::from_raw(scvec), S::from_raw(scret));
    if overlaps(ten, n, ret, n) || overlaps(vec, nch, ret, n) {
        add_vec_c(ten, vec, sh, ret, op)
    } else {
        tensor::t_add_vec(slice(ten, n)?, slice(vec, nch)?, sh, slice_mut(ret, n)?, S::from_raw(scten), S::from_raw(scvec), S::from_raw(scret))
    }
}

/// A convolution behind C pointers. An output that shares memory with the
/// input or filter of its element type is computed on `Cell` views in
/// EdgeML's order (the face-detection model's in-place 1×1 depthwise calls
/// among them); a Q7 buffer over a Q15 one is refused.
#[allow(clippy::too_many_arguments)]
// Inlined into the export, whose frame holds `geo`; the checks run out of
// line (`conv_lens`), so their frame is gone when the kernel runs.
#[inline(always)]
unsafe fn conv_c<I: Elem, O: Elem, A: crate::q15::conv::ConvAccumulator, S: Scale>(
    input: *const I,
    filter: *const Q15_T,
    output: *mut O,
    geo: &ConvGeometry,
    scinput: SCALE_T,
    scoutput: SCALE_T,
    demote: SCALE_T,
) -> Result {
    let [in_len, f_len, out_len, shared] = conv_lens(input, filter, output, geo)?;
    let scale = S::from_raw(scinput).then(S::from_raw(scoutput)).then(S::from_raw(demote));
    // One plan for both views (the buffers are checked: their lengths are
    // the geometry's); borrowed where it lies, not moved out of the `Result`.
    let checked = Plan::new(geo, [in_len, f_len, out_len], scale);
    let plan = match &checked {
        Ok(Some(plan)) => plan,
        // No output element (N, G or COut is 0): nothing to compute.
        Ok(None) => return Ok(()),
        Err(e) => return Err(*e),
    };
    if shared == 0 {
        conv::run::<I, O, A, S, _, _, _>(plan, slice(input, in_len)?, slice(filter, f_len)?, slice_mut(output, out_len)?);
    } else {
        let mut out = Shared(cells(output as *const O, out_len)?);
        conv::run::<I, O, A, S, _, _, _>(plan, &Shared(cells(input, in_len)?), &Shared(cells(filter, f_len)?), &mut out);
    }
    Ok(())
}

/// The pointer and overlap checks of [`conv_c`], in its error order: the
/// lengths of input, filter and output, and 1 when the output shares memory
/// with the input or filter (of its own element size), else 0.
#[inline(never)]
unsafe fn conv_lens<I, O>(input: *const I, filter: *const Q15_T, output: *mut O, geo: &ConvGeometry) -> Result<[usize; 4]> {
    let in_len = dims(&[geo.n, geo.h, geo.w, geo.c_in])?;
    let f_len = dims(&[geo.g, geo.hf, geo.wf, geo.cf, geo.c_out])?;
    let out_len = dims(&[geo.n, geo.h_out, geo.w_out, geo.g, geo.c_out])?;
    let out = [span(output, out_len)?];
    let w = Writes::new(&out)?;
    let over_in = w.shares(input, in_len)?;
    let over_f = w.shares(filter, f_len)?;
    // Overlap of elements of different sizes: the result would depend on byte order.
    if (over_in && size_of::<I>() != size_of::<O>()) || (over_f && size_of::<O>() != size_of::<Q15_T>()) {
        return Err(crate::Error::Aliasing);
    }
    Ok([in_len, f_len, out_len, (over_in || over_f) as usize])
}

/// `q15_v_sigmoid` (independent of `SHIFT`).
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_v_sigmoid(
    vec: *const Q15_T,
    len: ITER_T,
    ret: *mut Q15_T,
    div: Q15_T,
    add: Q15_T,
    sigmoid_limit: Q15_T,
    scale_in: SCALE_T,
    scale_out: SCALE_T,
    use_tables: ITER_T,
) {
    let _ = map1_c(vec, len, ret, sigmoid_op(div, add, sigmoid_limit, scale_in, scale_out, use_tables != 0));
}

/// `q15_v_tanh` (independent of `SHIFT`).
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_v_tanh(vec: *const Q15_T, len: ITER_T, ret: *mut Q15_T, scale_in: SCALE_T, scale_out: SCALE_T, use_tables: ITER_T) {
    let _ = map1_c(vec, len, ret, tanh_op(scale_in, scale_out, use_tables != 0));
}

/// `q15_v_argmax`: `*ret` = index of the first maximum; 0 when `len == 0`.
/// Nothing is written when `ret` is NULL or `vec` is NULL with `len > 0`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_v_argmax(vec: *const Q15_T, len: ITER_T, ret: *mut ITER_T) {
    if let (Ok(v), false) = (slice(vec, len as usize), ret.is_null()) {
        if let Ok(r) = slice_mut(ret, 1) {
            if let Some(r) = r.first_mut() {
                *r = vector::q15_v_argmax(v);
            }
        }
    }
}

/// `q15_m_reverse` (independent of `SHIFT`). When `mat` and `ret` overlap
/// (in place included) the result is EdgeML's: `ret[0], ret[1], …` stored in
/// turn, each from the element of `mat` it mirrors as it stands then.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_m_reverse(mat: *const Q15_T, nrows: ITER_T, ncols: ITER_T, axis: ITER_T, ret: *mut Q15_T) {
    let (r, c) = (nrows as usize, ncols as usize);
    match reverse_shares(mat, nrows, ncols, ret) {
        Ok(false) => {
            // `reverse_shares` checked both buffers and `r·c`.
            if let (Ok(m), Ok(o)) = (slice(mat, r * c), slice_mut(ret, r * c)) {
                let _ = matrix::q15_m_reverse(m, r, c, axis, o);
            }
        }
        Ok(true) => reverse_in_order(mat, r, c, axis, ret),
        Err(_) => {}
    }
}

/// The checks of [`tinyrnn_q15_m_reverse`]: the size, `ret`, then `mat`;
/// `Ok(true)` when they share memory.
// Out of line: the span and the scan are gone before the copy runs.
#[inline(never)]
unsafe fn reverse_shares(mat: *const Q15_T, nrows: ITER_T, ncols: ITER_T, ret: *mut Q15_T) -> Result<bool> {
    let n = dims(&[nrows, ncols])?;
    let out = [span(ret, n)?];
    Writes::new(&out)?.shares(mat, n)
}

/// [`tinyrnn_q15_m_reverse`] when `mat` and `ret` share memory (checked).
// Out of line: the rare path's frame is not the common one's.
#[inline(never)]
unsafe fn reverse_in_order(mat: *const Q15_T, r: usize, c: usize, axis: ITER_T, ret: *mut Q15_T) {
    if let (Ok(m), Ok(o)) = (cells(mat, r * c), cells(ret, r * c)) {
        let _ = matrix::q15_m_reverse_in_order(&Shared(m), r, c, axis, &mut Shared(o));
    }
}

/// `q7_t_relu` (independent of `SHIFT`).
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7_t_relu(ten: *const Q7_T, nbatches: ITER_T, nrows: ITER_T, ncols: ITER_T, nchannels: ITER_T, ret: *mut Q7_T, limit: Q7_T, div: Q7_T) {
    let _ = (|| -> Result {
        let n = shape(nbatches, nrows, ncols, nchannels).len()?;
        map1_c(ten, n as ITER_T, ret, |x| crate::scale::div32(crate::q15::q7_relu(x as i8, limit) as i32, div as i32))
    })();
}
