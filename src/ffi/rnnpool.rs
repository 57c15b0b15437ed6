//! C ABI of `quantized_rnnpool.h`: `tinyrnn_q15_rnnpool_block_{div,shift}`
//! and `tinyrnn_q7xq15_q15_rnnpool_block_{div,shift}`.
//!
//! The pooled RNNs are C function pointers (any `q15_rnn_t`, e.g. tinyrnn's
//! own `q15_fastgrnn`). Returns 0, or a tinyrnn error code before anything is
//! written: NULL function pointer ([`crate::Error::Null`]), buffers too
//! short, or `output`/`buffer` overlapping each other or the patch
//! ([`crate::Error::Aliasing`]). The RNNs' own return codes are ignored, as
//! in EdgeML.

use core::ffi::{c_int, c_void};

use super::ptr::{code, dims, slice, slice_mut, span, Writes};
use super::types::*;
use crate::error::{Error, Result};
use crate::q15::rnnpool::{patch_len, rnnpool_block, PoolScales, Rnn};
use crate::scale::{Divisor, Exponent, Scale};

/// A C RNN with its opaque parameter, buffer and scale pointers, and the
/// regions its state and input lie in.
struct CRnn<X> {
    f: RawRnn<X>,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    hidden_in: Region<Q15_T>,
    input_in: Region<X>,
}

/// A caller's buffer and the slice the core sees of it. The RNN is handed
/// the caller's pointer at the slice's offset, as EdgeML computes it
/// (`buffer + r * hiddenDims1`, `patch + stride * r * inputDims`, …), even
/// for an empty state or input (`hiddenDims1 = 0`), where the slice alone
/// would not carry the caller's address.
struct Region<T> {
    c: *const T,
    rust: usize,
}

impl<T> Region<T> {
    fn new(c: *const T, rust: &[T]) -> Self {
        Region { c, rust: rust.as_ptr() as usize }
    }

    /// The caller's pointer at the position of `sub` (a sub-slice of the region).
    fn at(&self, sub: &[T]) -> *const T {
        if !sub.is_empty() {
            // The same address; derived from `sub` itself so that the RNN's
            // accesses go through the borrow the core handed over.
            return sub.as_ptr();
        }
        let offset = (sub.as_ptr() as usize).wrapping_sub(self.rust);
        (self.c as *const u8).wrapping_add(offset) as *const T
    }

    /// As [`Region::at`], for a state the RNN writes.
    fn at_mut(&self, sub: &mut [T]) -> *mut T {
        if !sub.is_empty() {
            return sub.as_mut_ptr();
        }
        self.at(sub) as *mut T
    }
}

type RawRnn<X> = unsafe extern "C" fn(*mut Q15_T, ITER_T, *const X, ITER_T, ITER_T, *const c_void, *mut c_void, *const c_void, c_int, c_int) -> c_int;

impl<X> Rnn<X> for CRnn<X> {
    fn run(&mut self, hidden: &mut [i16], input: &[X], input_dims: usize, steps: usize, backward: bool) -> Result {
        // SAFETY: the caller of the pooling block vouched for the function
        // and its pointers; the pointers handed on are the caller's own at
        // the offsets of `hidden`/`input`, live slices of the sizes the RNN
        // is told (RNNPool checked them, and they fit `ITER_T`).
        let rc = unsafe {
            (self.f)(
                self.hidden_in.at_mut(hidden),
                hidden.len() as ITER_T,
                self.input_in.at(input),
                input_dims as ITER_T,
                steps as ITER_T,
                self.params,
                self.buffers,
                self.scales,
                backward as c_int,
                0,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(Error::Length)
        }
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn pool_c<X, S: Scale>(
    patch: *const X,
    inputDims: ITER_T,
    patchDim: ITER_T,
    stride: ITER_T,
    rnn1: Option<RawRnn<X>>,
    hiddenDims1: ITER_T,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn1_scales: *const c_void,
    rnn2: Option<RawRnn<Q15_T>>,
    hiddenDims2: ITER_T,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    rnn2_scales: *const c_void,
    output: *mut Q15_T,
    buffer: *mut Q15_T,
    ShR1: SCALE_T,
    ShL1: SCALE_T,
    ShR2: SCALE_T,
    ShL2: SCALE_T,
) -> Result
where
    X: crate::q15::Elem,
{
    let (f1, f2) = match (rnn1, rnn2) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(Error::Null),
    };
    let (id, pd, st) = (inputDims as usize, patchDim as usize, stride as usize);
    let p_len = patch_len(id, pd, st)?;
    let b_len = dims(&[hiddenDims1, patchDim])?;
    let o_len = dims(&[hiddenDims2, 4])?;
    let spans = [span(output, o_len)?, span(buffer, b_len)?];
    Writes::new(&spans)?.read(patch, p_len)?;
    let (patch_s, output_s, buffer_s) = (slice(patch, p_len)?, slice_mut(output, o_len)?, slice_mut(buffer, b_len)?);
    let mut r1 = CRnn { f: f1, params: rnn1_params, buffers: rnn1_buffers, scales: rnn1_scales, hidden_in: Region::new(buffer, buffer_s), input_in: Region::new(patch, patch_s) };
    let mut r2 = CRnn { f: f2, params: rnn2_params, buffers: rnn2_buffers, scales: rnn2_scales, hidden_in: Region::new(output, output_s), input_in: Region::new(buffer, buffer_s) };
    let f = S::from_raw;
    rnnpool_block(
        patch_s,
        id,
        pd,
        st,
        &mut r1,
        hiddenDims1 as usize,
        &mut r2,
        hiddenDims2 as usize,
        output_s,
        buffer_s,
        PoolScales { sh_r1: f(ShR1), sh_l1: f(ShL1), sh_r2: f(ShR2), sh_l2: f(ShL2) },
    )
}


/// `q15_rnnpool_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_rnnpool_block_div(
    patch: *const Q15_T,
    inputDims: ITER_T,
    patchDim: ITER_T,
    stride: ITER_T,
    rnn1: q15_rnn_t,
    hiddenDims1: ITER_T,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn1_scales: *const c_void,
    rnn2: q15_rnn_t,
    hiddenDims2: ITER_T,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    rnn2_scales: *const c_void,
    output: *mut Q15_T,
    buffer: *mut Q15_T,
    ShR1: SCALE_T,
    ShL1: SCALE_T,
    ShR2: SCALE_T,
    ShL2: SCALE_T,
) -> c_int {
    code(pool_c::<Q15_T, Divisor>(patch, inputDims, patchDim, stride, rnn1, hiddenDims1, rnn1_params, rnn1_buffers, rnn1_scales, rnn2, hiddenDims2, rnn2_params, rnn2_buffers, rnn2_scales, output, buffer, ShR1, ShL1, ShR2, ShL2))
}

/// `q15_rnnpool_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_rnnpool_block_shift(
    patch: *const Q15_T,
    inputDims: ITER_T,
    patchDim: ITER_T,
    stride: ITER_T,
    rnn1: q15_rnn_t,
    hiddenDims1: ITER_T,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn1_scales: *const c_void,
    rnn2: q15_rnn_t,
    hiddenDims2: ITER_T,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    rnn2_scales: *const c_void,
    output: *mut Q15_T,
    buffer: *mut Q15_T,
    ShR1: SCALE_T,
    ShL1: SCALE_T,
    ShR2: SCALE_T,
    ShL2: SCALE_T,
) -> c_int {
    code(pool_c::<Q15_T, Exponent>(patch, inputDims, patchDim, stride, rnn1, hiddenDims1, rnn1_params, rnn1_buffers, rnn1_scales, rnn2, hiddenDims2, rnn2_params, rnn2_buffers, rnn2_scales, output, buffer, ShR1, ShL1, ShR2, ShL2))
}

/// `q7xq15_q15_rnnpool_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_rnnpool_block_div(
    patch: *const Q7_T,
    inputDims: ITER_T,
    patchDim: ITER_T,
    stride: ITER_T,
    rnn1: q7xq15_q15_rnn_t,
    hiddenDims1: ITER_T,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn1_scales: *const c_void,
    rnn2: q15_rnn_t,
    hiddenDims2: ITER_T,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    rnn2_scales: *const c_void,
    output: *mut Q15_T,
    buffer: *mut Q15_T,
    ShR1: SCALE_T,
    ShL1: SCALE_T,
    ShR2: SCALE_T,
    ShL2: SCALE_T,
) -> c_int {
    code(pool_c::<Q7_T, Divisor>(patch, inputDims, patchDim, stride, rnn1, hiddenDims1, rnn1_params, rnn1_buffers, rnn1_scales, rnn2, hiddenDims2, rnn2_params, rnn2_buffers, rnn2_scales, output, buffer, ShR1, ShL1, ShR2, ShL2))
}

/// `q7xq15_q15_rnnpool_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_rnnpool_block_shift(
    patch: *const Q7_T,
    inputDims: ITER_T,
    patchDim: ITER_T,
    stride: ITER_T,
    rnn1: q7xq15_q15_rnn_t,
    hiddenDims1: ITER_T,
    rnn1_params: *const c_void,
    rnn1_buffers: *mut c_void,
    rnn1_scales: *const c_void,
    rnn2: q15_rnn_t,
    hiddenDims2: ITER_T,
    rnn2_params: *const c_void,
    rnn2_buffers: *mut c_void,
    rnn2_scales: *const c_void,
    output: *mut Q15_T,
    buffer: *mut Q15_T,
    ShR1: SCALE_T,
    ShL1: SCALE_T,
    ShR2: SCALE_T,
    ShL2: SCALE_T,
) -> c_int {
    code(pool_c::<Q7_T, Exponent>(patch, inputDims, patchDim, stride, rnn1, hiddenDims1, rnn1_params, rnn1_buffers, rnn1_scales, rnn2, hiddenDims2, rnn2_params, rnn2_buffers, rnn2_scales, output, buffer, ShR1, ShL1, ShR2, ShL2))
}
