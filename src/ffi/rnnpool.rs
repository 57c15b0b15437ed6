//! C ABI of `quantized_rnnpool.h`: `tinyrnn_q15_rnnpool_block_{div,shift}`
//! and `tinyrnn_q7xq15_q15_rnnpool_block_{div,shift}`.
//!
//! The pooled RNNs are C function pointers (any `q15_rnn_t`, e.g. tinyrnn's
//! own `q15_fastgrnn`). Returns 0, or a tinyrnn error code before anything is
//! written: NULL function pointer ([`crate::Error::Null`]), bad pointers or
//! sizes, or (Q7 patch only) `output`/`buffer` over the patch
//! ([`crate::Error::Aliasing`]). `output`, `buffer` and a Q15 patch may
//! share memory: the block then runs EdgeML's sequence of loads and stores
//! on it. The RNNs' own return codes are ignored, as in EdgeML.

use core::ffi::{c_int, c_void};
use core::mem::size_of;

use super::ptr::{code, dims, span, Writes};
use super::types::*;
use crate::error::{Error, Result};
use crate::q15::rnnpool::patch_len;
use crate::q15::vector::{scale_down_op, scale_up_op};
use crate::scale::{Divisor, Exponent, Scale};

/// The shape of one pooling call, its sizes already checked.
pub(crate) struct Pool<X, H> {
    pub patch: *const X,
    pub input_dims: usize,
    pub patch_dim: usize,
    pub stride: usize,
    pub hidden_dims1: usize,
    pub hidden_dims2: usize,
    pub output: *mut H,
    pub buffer: *mut H,
}

impl<X, H: Default> Pool<X, H> {
    /// EdgeML's RNNPool sequence with C RNNs, over raw pointers only.
    ///
    /// The RNNs' own `buffers` are opaque to tinyrnn: they may point into
    /// `output` or `buffer` (or anywhere). So no Rust reference to
    /// `output`, `buffer` or `patch` is live while an RNN runs: every
    /// access here is a raw read or write, and the memory behaves as C's
    /// (what an RNN's scratch writes there is seen by the next step, as in
    /// EdgeML). `rnn1(hidden, input, steps)`, `rnn2(hidden, input,
    /// backward)` and `rescale(v, len, second_stage)` receive raw pointers.
    ///
    /// # Safety
    /// `patch`, `output` (`4·hidden_dims2`) and `buffer`
    /// (`hidden_dims1·patch_dim`) must be valid for their checked sizes and
    /// `output`/`buffer` writable; the RNNs must be sound to call with
    /// pointers into them.
    // Inlined into each export: a frame of its own would hold a copy of
    // `self` and of the closures' captures below the RNN's frame.
    #[inline(always)]
    pub(crate) unsafe fn run(
        &self,
        mut rnn1: impl FnMut(*mut H, *const X, usize),
        mut rnn2: impl FnMut(*mut H, *const H, bool),
        mut rescale: impl FnMut(*mut H, usize, bool),
    ) {
        let (id, pd, st, hd1, hd2) = (self.input_dims, self.patch_dim, self.stride, self.hidden_dims1, self.hidden_dims2);
        let clear = |p: *mut H, n: usize| {
            for i in 0..n {
                p.add(i).write(H::default());
            }
        };
        // Every offset is within the patch length, output or buffer, which
        // the caller checked (and which fit ITER_T).
        let pixel = |r: usize, c: usize| self.patch.add((st * r + c) * id);
        clear(self.output, 4 * hd2);
        // Rows: each row of the patch is one sequence of `patch_dim` pixels.
        clear(self.buffer, hd1 * pd);
        for r in 0..pd {
            rnn1(self.buffer.add(r * hd1), pixel(r, 0), pd);
        }
        rescale(self.buffer, hd1 * pd, false);
        rnn2(self.output, self.buffer, false);
        rnn2(self.output.add(hd2), self.buffer, true);
        // Columns: one pixel at a time, down each column.
        clear(self.buffer, hd1 * pd);
        for c in 0..pd {
            for r in 0..pd {
                rnn1(self.buffer.add(c * hd1), pixel(r, c), 1);
            }
        }
        rescale(self.buffer, hd1 * pd, false);
        rnn2(self.output.add(2 * hd2), self.buffer, false);
        rnn2(self.output.add(3 * hd2), self.buffer, true);
        rescale(self.output, 4 * hd2, true);
    }
}

/// The size and pointer checks of [`pool_c`], in its error order.
// Out of line: its frame (the spans and the overlap scan) is gone before
// the first RNN call, so it does not add to the block's stack.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn check_pool<X>(patch: *const X, inputDims: ITER_T, patchDim: ITER_T, stride: ITER_T, hiddenDims1: ITER_T, hiddenDims2: ITER_T, output: *mut Q15_T, buffer: *mut Q15_T) -> Result {
    let p_len = patch_len(inputDims as usize, patchDim as usize, stride as usize)?;
    let b_len = dims(&[hiddenDims1, patchDim])?;
    let o_len = dims(&[hiddenDims2, 4])?;
    // The pointer checks (NULL, alignment, size); no view of the buffers is
    // made: the sequence runs over raw pointers (`Pool::run`), so `output`,
    // `buffer` and a Q15 patch may share memory and get EdgeML's result. A
    // Q15 buffer over the Q7 patch is refused: its result depends on byte
    // order.
    let spans = [span(output, o_len)?, span(buffer, b_len)?];
    let sizes = [size_of::<Q15_T>(); 2];
    Writes::sharing(&spans, &sizes)?.0.shares_same(patch, p_len)?;
    Ok(())
}

/// `q15_v_scale_up` then `q15_v_scale_down` on `v[..n]`, element by element.
// Out of line: its registers are not held across the RNN calls.
#[inline(never)]
unsafe fn rescale<S: Scale>(v: *mut Q15_T, n: usize, up: SCALE_T, down: SCALE_T) {
    let (up, down) = (scale_up_op(S::from_raw(up)), scale_down_op(S::from_raw(down)));
    for i in 0..n {
        let e = v.add(i);
        e.write(down(up(e.read() as i32) as i16 as i32) as i16);
    }
}

type RawRnn<X> = unsafe extern "C" fn(*mut Q15_T, ITER_T, *const X, ITER_T, ITER_T, *const c_void, *mut c_void, *const c_void, c_int, c_int) -> c_int;

// Inlined into each export, so that the RNN calls run from the export's own
// (small) frame.
#[inline(always)]
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
) -> Result {
    let (f1, f2) = match (rnn1, rnn2) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(Error::Null),
    };
    check_pool(patch, inputDims, patchDim, stride, hiddenDims1, hiddenDims2, output, buffer)?;
    let pool = Pool {
        patch,
        input_dims: inputDims as usize,
        patch_dim: patchDim as usize,
        stride: stride as usize,
        hidden_dims1: hiddenDims1 as usize,
        hidden_dims2: hiddenDims2 as usize,
        output,
        buffer,
    };
    // The RNNs' return codes are ignored, as in EdgeML. Their arguments are
    // EdgeML's: ITER_T sizes that fit (checked above), normalize = 0.
    // SAFETY: the three buffers were checked for their sizes above, and the
    // caller vouches for the RNNs and their opaque pointers (as in C).
    pool.run(
        |h, x, steps| {
            f1(h, hiddenDims1, x, inputDims, steps as ITER_T, rnn1_params, rnn1_buffers, rnn1_scales, 0, 0);
        },
        |h, x, backward| {
            f2(h, hiddenDims2, x, hiddenDims1, patchDim, rnn2_params, rnn2_buffers, rnn2_scales, backward as c_int, 0);
        },
        |v, n, second| {
            let (up, down) = if second { (ShL2, ShR2) } else { (ShL1, ShR1) };
            rescale::<S>(v, n, up, down);
        },
    );
    Ok(())
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
