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

use super::fastgrnn::{
    bytes, check_within, entry_body, fastgrnn_fused, lr_entry_body, lr_scratch_observed, prepared_update, scratch_observed, CStructs, Checked,
    DenseWeights, Observed, SparseWeights, Storage, Within, BACKWARD,
};
use super::ptr::{dims, overlaps, reference, span, Writes};
use super::types::*;
use crate::error::{Error, Result};
use crate::q15::rnnpool::patch_len;
use crate::q15::vector::{scale_down_op, scale_up_op};
use crate::q15::fastgrnn::{PreparedUpdate, TypedScales};
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

/// The block's memory as byte ranges (patch, `output`, `buffer`), its sizes
/// checked ([`check_pool`]): what EdgeML's sequence reads back after an RNN
/// call, so an RNN's scratch there is seen.
impl<X> Observed for Pool<X, Q15_T> {
    fn ranges(&self) -> [(usize, usize); 3] {
        let (hd1, hd2) = (self.hidden_dims1, self.hidden_dims2);
        // `check_pool` accepted the patch's length: never the 0 here.
        let patch = patch_len(self.input_dims, self.patch_dim, self.stride).unwrap_or(0);
        [bytes(self.patch, patch), bytes(self.output, 4 * hd2), bytes(self.buffer, hd1 * self.patch_dim)]
    }
}

impl<X, H: Default + PartialEq> Pool<X, H> {
    /// EdgeML's RNNPool sequence with C RNNs, over raw pointers only.
    /// With `gather ≥ 2`, the column pass makes one `rnn1` call per
    /// `gather` pixels of a column (fewer at its end) over a copy of them in
    /// the second half of `output` (states 2 and 3, which the column pass
    /// does not write), zeroed again after it: the same steps as one call
    /// per pixel, for an RNN that runs `k` steps as `k` one-step calls and
    /// writes nothing there ([`gather`] decides), with a call's set-up per
    /// `gather` pixels. Only if that memory is still zero when the column
    /// pass begins: an RNN's scratch may lie there (EdgeML's third and
    /// fourth states then start from what it left), and the copy would not
    /// keep it.
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
        gather: usize,
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
        // Columns: one pixel at a time, down each column (or `gather`
        // at a time, copied).
        clear(self.buffer, hd1 * pd);
        let copy = self.output.add(2 * hd2) as *mut X;
        let gather = if gather >= 2 && (0..2 * hd2).all(|i| self.output.add(2 * hd2 + i).read() == H::default()) { gather } else { 0 };
        for c in 0..pd {
            let mut r = 0;
            while r < pd {
                // One call site: two would each hold the call's arguments.
                let (x, k) = if gather >= 2 {
                    let k = gather.min(pd - r);
                    // Element by element: a `memcpy` call per pixel cost
                    // more than its few values.
                    for i in 0..k {
                        let (from, to) = (pixel(r + i, c), copy.add(i * id));
                        for e in 0..id {
                            to.add(e).write(from.add(e).read());
                        }
                    }
                    (copy as *const X, k)
                } else {
                    (pixel(r, c), 1)
                };
                rnn1(self.buffer.add(c * hd1), x, k);
                r += k;
            }
        }
        if gather >= 2 {
            clear(self.output.add(2 * hd2), 2 * hd2);
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

/// tinyrnn's own FastGRNN export for input elements `Self`, mode `S` and
/// storage `W` (`q15_fastgrnn` or `q7xq15_q15_fastgrnn` of one build): the
/// RNN a block of the same build recognises and calls directly.
pub(crate) trait OwnRnn<S: Scale, W: Storage>: CStructs {
    fn export() -> RawRnn<Self>;
}

macro_rules! own_rnn {
    ($($x:ty, $s:ty, $w:ty => $f:ident;)*) => {$(
        impl OwnRnn<$s, $w> for $x {
            fn export() -> RawRnn<$x> {
                super::exports::$f
            }
        }
    )*};
}
own_rnn! {
    Q15_T, Divisor, DenseWeights => tinyrnn_q15_fastgrnn_div_dense;
    Q15_T, Divisor, SparseWeights => tinyrnn_q15_fastgrnn_div_sparse;
    Q15_T, Exponent, DenseWeights => tinyrnn_q15_fastgrnn_shift_dense;
    Q15_T, Exponent, SparseWeights => tinyrnn_q15_fastgrnn_shift_sparse;
    Q7_T, Divisor, DenseWeights => tinyrnn_q7xq15_q15_fastgrnn_div_dense;
    Q7_T, Divisor, SparseWeights => tinyrnn_q7xq15_q15_fastgrnn_div_sparse;
    Q7_T, Exponent, DenseWeights => tinyrnn_q7xq15_q15_fastgrnn_shift_dense;
    Q7_T, Exponent, SparseWeights => tinyrnn_q7xq15_q15_fastgrnn_shift_sparse;
}

/// `q15_fastgrnn_lr`'s export for mode `S`: a block of that mode
/// recognises it too ([`Route::OwnLowRank`]).
pub(crate) trait OwnLr: Scale {
    fn lr_export() -> RawRnn<Q15_T>;
}

impl OwnLr for Divisor {
    fn lr_export() -> RawRnn<Q15_T> {
        super::exports::tinyrnn_q15_fastgrnn_lr_div
    }
}

impl OwnLr for Exponent {
    fn lr_export() -> RawRnn<Q15_T> {
        super::exports::tinyrnn_q15_fastgrnn_lr_shift
    }
}

/// How a block calls one of its RNNs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Route {
    /// Through its pointer: another function.
    #[default]
    Pointer,
    /// Through [`own_observed`]: the full-rank export of the block's build.
    Own,
    /// Through [`own_observed`]: the block's mode's `q15_fastgrnn_lr` (a
    /// Q15 input only).
    OwnLowRank,
    /// The full-rank export of the block's build, every call of it checked
    /// at once ([`check_direct`]): the fused cell, called directly.
    Direct,
}

impl Route {
    /// Which of tinyrnn's exports `f` (an RNN of input `X`) is, if any.
    fn of<X: OwnRnn<S, W>, S: OwnLr, W: Storage>(f: RawRnn<X>) -> Route {
        if f as usize == X::export() as usize {
            Route::Own
        } else if size_of::<X>() == size_of::<Q15_T>() && f as usize == S::lr_export() as usize {
            Route::OwnLowRank
        } else {
            Route::Pointer
        }
    }
}

/// How a block calls its RNNs ([`check_direct`]), and what the checks of
/// the direct ones found.
#[derive(Default)]
struct Direct<Sh> {
    rnn1: Route,
    rnn2: Route,
    k1: Checked<Sh>,
    k2: Checked<Sh>,
    /// Pixels per `rnn1` call in the column pass ([`Pool::run`]).
    gather: usize,
}

/// Whether every call the block makes of `X`'s own export (the caller
/// found it is that export) passes the export's checks with no shared
/// memory (the checks of all its calls at once, [`check_within`]: hidden
/// states within `within.hidden` elements from `h`, inputs within
/// `within.input` from `x`), its scratch outside the block's memory
/// (`observed`), and what it reads once here stays as it is: its C structs
/// outside the block's written memory (`written`), its weights outside the
/// block's memory its calls do not write (`other`, `other_len`): a sparse
/// encoding read once here may not change between the calls.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn direct<X: OwnRnn<S, W>, S: Scale, W: Storage>(
    h: *mut Q15_T,
    hd: usize,
    x: *const X,
    id: usize,
    steps: usize,
    within: Within,
    (other, other_len): (*const Q15_T, usize),
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    written: impl Fn(*const u8, usize) -> bool,
    observed: &impl Observed,
    k: &mut Checked<W::Shape>,
) -> bool {
    if written(params as *const u8, size_of::<X::Params>())
        || written(buffers as *const u8, size_of::<X::Buffers>())
        || written(scales as *const u8, size_of::<Q15_FastGRNN_Scales>())
    {
        return false;
    }
    let Ok(b) = reference(buffers as *const X::Buffers) else { return false };
    // `check_pool` accepted these sizes: they fit ITER_T.
    let (hd32, id32) = (hd as ITER_T, id as ITER_T);
    // A scratch buffer in the block's memory: the fused cell would leave
    // other values there than EdgeML's sequence, which the block reads.
    if check_within::<X, S, W>(h, hd32, x, id32, steps as ITER_T, params, b, scales, &within, k).is_err() || k.shared || scratch_observed::<X>(b, hd, id, observed) {
        return false;
    }
    // SAFETY: `check_within` accepted the params struct.
    let p = X::params(&*(params as *const X::Params));
    let outside = |q: *const Q15_T, n: usize| !overlaps(q, n, other, other_len);
    !W::overlap(p.w, p.w_ids, p.w_vals, hd, id32, &k.w, other, other_len)
        && !W::overlap(p.u, p.u_ids, p.u_vals, hd, hd32, &k.u, other, other_len)
        && outside(p.bg, hd)
        && outside(p.bh, hd)
}

/// [`direct`] for both RNNs of a block whose sizes [`check_pool`] accepted.
// Out of line, as `check_pool`: its frame is gone before the first RNN call.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn check_direct<X: OwnRnn<S, W>, S: OwnLr, W: Storage>(
    pool: &Pool<X, Q15_T>,
    f1: RawRnn<X>,
    p1: *const c_void,
    b1: *mut c_void,
    s1: *const c_void,
    f2: RawRnn<Q15_T>,
    p2: *const c_void,
    b2: *mut c_void,
    s2: *const c_void,
    d: &mut Direct<W::Shape>,
) where
    Q15_T: OwnRnn<S, W>,
{
    let (id, pd, hd1, hd2) = (pool.input_dims, pool.patch_dim, pool.hidden_dims1, pool.hidden_dims2);
    // `check_pool` accepted these sizes: they fit ITER_T.
    let (buffer_len, output_len) = (hd1 * pd, 4 * hd2);
    let Ok(patch_len) = patch_len(id, pd, pool.stride) else { return };
    let written = |p: *const u8, n: usize| overlaps(p, n, pool.buffer, buffer_len) || overlaps(p, n, pool.output, output_len);
    // rnn1: hidden states in `buffer`, inputs in the patch, up to `patchDim`
    // steps; rnn2: hidden states in `output`, inputs `buffer`.
    let within1 = Within { hidden: buffer_len, input: patch_len };
    let output = (pool.output as *const Q15_T, output_len);
    d.rnn1 = Route::of::<X, S, W>(f1);
    if d.rnn1 == Route::Own && direct::<X, S, W>(pool.buffer, hd1, pool.patch, id, pd, within1, output, p1, b1, s1, written, pool, &mut d.k1) {
        d.rnn1 = Route::Direct;
    }
    let within2 = Within { hidden: output_len, input: buffer_len };
    let buffer = (pool.buffer as *const Q15_T, buffer_len);
    d.rnn2 = Route::of::<Q15_T, S, W>(f2);
    if d.rnn2 == Route::Own && direct::<Q15_T, S, W>(pool.output, hd2, pool.buffer, hd1, pd, within2, buffer, p2, b2, s2, written, pool, &mut d.k2) {
        d.rnn2 = Route::Direct;
    }
}

/// The pixels per `rnn1` call of the column pass ([`Pool::run`]): as many
/// as the second half of `output` holds, when the block calls its own
/// FastGRNN for `rnn1` (`direct`: `k` steps of it are `k` one-step calls,
/// bit for bit, its scratch ending as the last call leaves it) and a call
/// over that copy passes the cell's checks with no shared memory, its
/// scratch outside the whole half (so that the column pass writes nothing
/// there but the copy); the copy must not overlap the patch, nor `buffer`
/// (which a block may share with `output`). Else 0: a call per pixel, as
/// EdgeML. ([`Pool::run`] also requires that half still zero.)
///
/// # Safety
/// As [`check_direct`]'s: the pool's sizes checked, `b1` rnn1's buffers.
// Out of line, as `check_direct`: its frame is gone before the first RNN
// call.
#[inline(never)]
unsafe fn gather<X: OwnRnn<S, W>, S: Scale, W: Storage>(pool: &Pool<X, Q15_T>, direct: bool, p1: *const c_void, b1: *mut c_void, s1: *const c_void) -> usize {
    let (id, pd, hd1, hd2) = (pool.input_dims, pool.patch_dim, pool.hidden_dims1, pool.hidden_dims2);
    let room = 2 * hd2 * size_of::<Q15_T>() / size_of::<X>();
    let per_call = room.checked_div(id).unwrap_or(0).min(pd);
    if !direct || per_call < 2 {
        return 0;
    }
    let copy = pool.output.add(2 * hd2) as *const X;
    let Ok(patch_len) = patch_len(id, pd, pool.stride) else { return 0 };
    if overlaps(copy, room, pool.patch, patch_len) || overlaps(copy as *const Q15_T, 2 * hd2, pool.buffer, hd1 * pd) {
        return 0;
    }
    let Ok(b) = reference(b1 as *const X::Buffers) else { return 0 };
    // Every call's input within the whole half: the overlap checks then
    // keep rnn1's scratch out of all of it, not only out of the copy.
    let within = Within { hidden: hd1 * pd, input: room };
    let mut k = Checked::default();
    // `check_pool` accepted these sizes: they fit ITER_T.
    let ok = check_within::<X, S, W>(pool.buffer, hd1 as ITER_T, copy, id as ITER_T, per_call as ITER_T, p1, b, s1, &within, &mut k);
    if ok.is_ok() && !k.shared {
        per_call
    } else {
        0
    }
}

/// A call of one of tinyrnn's FastGRNN exports that the block does not run
/// directly (`own`: which): the export's call (its body, [`entry_body`] or
/// [`lr_entry_body`]), except that a scratch buffer in the block's memory
/// sends it to EdgeML's sequence, whose scratch values the block's next
/// reads see, as in EdgeML. `normalize` is 0, as the block passes it. Out
/// of line: neither body sits in the block's frame, and the block's
/// closures stay small enough to be inlined into it.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn own_observed<X: CStructs, S: Scale, W: Storage, P>(
    own: Route,
    pool: &Pool<P, Q15_T>,
    h: *mut Q15_T,
    hd: ITER_T,
    x: *const X,
    id: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
) {
    // Called after the checks: the scratch pointers are checked for these
    // lengths.
    if own == Route::OwnLowRank {
        let seen = move |p: &Q15_FastGRNN_LR_Params, b: &Q15_FastGRNN_LR_Buffers| lr_scratch_observed(p, b, hd as usize, id as usize, pool);
        // `Route::of` finds it only for a Q15 input: `x` is Q15.
        lr_entry_body::<S>(h, hd, x as *const Q15_T, id, steps, params, buffers, scales, backward, 0, seen);
    } else {
        let seen = move |b: &X::Buffers| scratch_observed::<X>(b, hd as usize, id as usize, pool);
        entry_body::<X, S, W>(h, hd, x, id, steps, params, buffers, scales, backward, 0, seen);
    }
}

/// `q15_rnnpool_block` (`X` = Q15) or `q7xq15_q15_rnnpool_block` (`X` =
/// Q7) for one mode; `W` is the storage of the `q15_fastgrnn` export of the
/// same build (`R1` is the C type of `rnn1`). When an RNN is that export
/// (or `q7xq15_q15_fastgrnn`'s for a Q7 `rnn1`) and [`check_direct`] accepts
/// all its calls of the block, the block calls its fused cell directly: the
/// same results, without the checks' cost at each of the block's
/// `patchDim`² + `patchDim` + 4 calls.
// Inlined into each export, so that the RNN calls run from the export's own
// (small) frame.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn pool_entry<X: OwnRnn<S, W>, S: OwnLr, W: Storage, R1: Into<Option<RawRnn<X>>>>(
    patch: *const X,
    inputDims: ITER_T,
    patchDim: ITER_T,
    stride: ITER_T,
    rnn1: R1,
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
) -> Result
where
    Q15_T: OwnRnn<S, W>,
{
    let (f1, f2) = match (rnn1.into(), rnn2) {
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
    let mut d = Direct::default();
    check_direct::<X, S, W>(&pool, f1, rnn1_params, rnn1_buffers, rnn1_scales, f2, rnn2_params, rnn2_buffers, rnn2_scales, &mut d);
    d.gather = gather::<X, S, W>(&pool, d.rnn1 == Route::Direct, rnn1_params, rnn1_buffers, rnn1_scales);
    // Each direct RNN's update made ready once for its calls, where this
    // build shares it (x86-64; else each call makes its own). SAFETY:
    // `check_direct` accepted these structs, outside what the block writes
    // (the same for every call).
    let prep1 = (PreparedUpdate::<S>::SHARED && d.rnn1 == Route::Direct)
        .then(|| prepared_update(X::params(&*(rnn1_params as *const X::Params)), &*(rnn1_scales as *const TypedScales<S>)));
    let prep2 = (PreparedUpdate::<S>::SHARED && d.rnn2 == Route::Direct)
        .then(|| prepared_update(Q15_T::params(&*(rnn2_params as *const Q15_FastGRNN_Params)), &*(rnn2_scales as *const TypedScales<S>)));
    // The RNNs' return codes are ignored, as in EdgeML. Their arguments are
    // EdgeML's: ITER_T sizes that fit (checked above), normalize = 0.
    // SAFETY: the three buffers were checked for their sizes above, and the
    // caller vouches for the RNNs and their opaque pointers (as in C). A
    // direct call: `check_direct` accepted these structs (outside what the
    // block writes, so unchanged since) and every call of the block.
    pool.run(
        d.gather,
        |h, x, steps| {
            if d.rnn1 == Route::Direct {
                let (p, s, b) = (X::params(&*(rnn1_params as *const X::Params)), &*(rnn1_scales as *const TypedScales<S>), &*(rnn1_buffers as *const X::Buffers));
                let _ = fastgrnn_fused::<X, S, W>(h, hiddenDims1, x, inputDims, steps as ITER_T, p, b, s, 0, prep1.as_ref(), W::shapes(&d.k1));
            } else if d.rnn1 != Route::Pointer {
                own_observed::<X, S, W, X>(d.rnn1, &pool, h, hiddenDims1, x, inputDims, steps as ITER_T, rnn1_params, rnn1_buffers, rnn1_scales, 0);
            } else {
                f1(h, hiddenDims1, x, inputDims, steps as ITER_T, rnn1_params, rnn1_buffers, rnn1_scales, 0, 0);
            }
        },
        |h, x, backward| {
            if d.rnn2 == Route::Direct {
                let (p, s, b) = (Q15_T::params(&*(rnn2_params as *const Q15_FastGRNN_Params)), &*(rnn2_scales as *const TypedScales<S>), &*(rnn2_buffers as *const Q15_FastGRNN_Buffers));
                let flags = if backward { BACKWARD } else { 0 };
                let _ = fastgrnn_fused::<Q15_T, S, W>(h, hiddenDims2, x, hiddenDims1, patchDim, p, b, s, flags, prep2.as_ref(), W::shapes(&d.k2));
            } else if d.rnn2 != Route::Pointer {
                own_observed::<Q15_T, S, W, X>(d.rnn2, &pool, h, hiddenDims2, x, hiddenDims1, patchDim, rnn2_params, rnn2_buffers, rnn2_scales, backward as c_int);
            } else {
                f2(h, hiddenDims2, x, hiddenDims1, patchDim, rnn2_params, rnn2_buffers, rnn2_scales, backward as c_int, 0);
            }
        },
        |v, n, second| {
            let (up, down) = if second { (ShL2, ShR2) } else { (ShL1, ShR1) };
            rescale::<S>(v, n, up, down);
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use core::ptr::{null, null_mut};

    use super::*;
    use crate::ffi::exports::{
        tinyrnn_q15_fastgrnn_div_dense, tinyrnn_q15_fastgrnn_div_sparse, tinyrnn_q15_fastgrnn_shift_dense, tinyrnn_q15_rnnpool_block_div_dense,
        tinyrnn_q15_rnnpool_block_shift_dense,
    };

    // The tests of the RNNs' recognition do not run under Miri: it gives
    // each function pointer of one function an address of its own (Rust
    // promises no two equal), so there no RNN is recognised and every call
    // takes its pointer, the block's other, tested path.

    #[repr(C, align(8))]
    struct Aligned<T>(T);

    /// A block (inputDims 2, patchDim 3, stride 3, hiddenDims 8 and 2) over
    /// separate memory, and two dense FastGRNNs with their own scratch.
    struct Block {
        patch: [Q15_T; 18],
        output: [Q15_T; 8],
        buffer: Aligned<[Q15_T; 24]>,
        w1: [Q15_T; 16],
        u1: [Q15_T; 64],
        w2: [Q15_T; 16],
        u2: [Q15_T; 4],
        b: [Q15_T; 8],
        scratch1: [[Q15_T; 8]; 4],
        scratch2: [[Q15_T; 8]; 4],
        scales: Q15_FastGRNN_Scales,
        params: [Q15_FastGRNN_Params; 2],
        buffers: [Q15_FastGRNN_Buffers; 2],
    }

    fn params(w: &[Q15_T], u: &[Q15_T], b: &[Q15_T]) -> Q15_FastGRNN_Params {
        let n = null();
        Q15_FastGRNN_Params { mean: n, stdDev: n, W: w.as_ptr(), Wids: null(), Wvals: n, U: u.as_ptr(), Uids: null(), Uvals: n, Bg: b.as_ptr(), Bh: b.as_ptr(), sigmoid_zeta: 1, sigmoid_nu: 0 }
    }

    fn buffers(s: &mut [[Q15_T; 8]; 4]) -> Q15_FastGRNN_Buffers {
        let [a, b, c, d] = s;
        Q15_FastGRNN_Buffers { preComp1: a.as_mut_ptr(), preComp2: b.as_mut_ptr(), preComp3: c.as_mut_ptr(), normFeatures: d.as_mut_ptr() }
    }

    impl Block {
        fn new() -> Box<Block> {
            let scales = Q15_FastGRNN_Scales { div: 2, add: 1024, sigmoidLimit: 2048, qOne: 16384, ..Default::default() };
            let n = Q15_FastGRNN_Params { mean: null(), stdDev: null(), W: null(), Wids: null(), Wvals: null(), U: null(), Uids: null(), Uvals: null(), Bg: null(), Bh: null(), sigmoid_zeta: 0, sigmoid_nu: 0 };
            let m = Q15_FastGRNN_Buffers { preComp1: null_mut(), preComp2: null_mut(), preComp3: null_mut(), normFeatures: null_mut() };
            let mut k = Box::new(Block {
                patch: [0; 18], output: [0; 8], buffer: Aligned([0; 24]), w1: [1; 16], u1: [1; 64], w2: [1; 16], u2: [1; 4], b: [0; 8],
                scratch1: [[0; 8]; 4], scratch2: [[0; 8]; 4], scales, params: [n, n], buffers: [m, m],
            });
            k.params = [params(&k.w1, &k.u1, &k.b), params(&k.w2, &k.u2, &k.b)];
            k.buffers = [buffers(&mut k.scratch1), buffers(&mut k.scratch2)];
            k
        }

        /// [`check_direct`] of the division build's dense block, with `f1`
        /// and `f2` as its RNNs and `b1` as rnn1's buffers struct.
        fn direct(&mut self, f1: RawRnn<Q15_T>, f2: RawRnn<Q15_T>, b1: *mut Q15_FastGRNN_Buffers) -> (bool, bool) {
            self.direct_in::<DenseWeights>(f1, f2, b1)
        }

        fn direct_in<W: Storage>(&mut self, f1: RawRnn<Q15_T>, f2: RawRnn<Q15_T>, b1: *mut Q15_FastGRNN_Buffers) -> (bool, bool)
        where
            Q15_T: OwnRnn<Divisor, W>,
        {
            let pool = Pool { patch: self.patch.as_ptr(), input_dims: 2, patch_dim: 3, stride: 3, hidden_dims1: 8, hidden_dims2: 2, output: self.output.as_mut_ptr(), buffer: self.buffer.0.as_mut_ptr() };
            let s = &self.scales as *const _ as *const c_void;
            let (p1, p2) = (&self.params[0] as *const _ as *const c_void, &self.params[1] as *const _ as *const c_void);
            let b2 = &mut self.buffers[1] as *mut _ as *mut c_void;
            let mut d = Direct::default();
            // SAFETY: every pointer is valid for its size.
            unsafe { check_direct::<Q15_T, Divisor, W>(&pool, f1, p1, b1 as *mut c_void, s, f2, p2, b2, s, &mut d) };
            (d.rnn1 == Route::Direct, d.rnn2 == Route::Direct)
        }

        fn direct_own(&mut self) -> (bool, bool) {
            let own = tinyrnn_q15_fastgrnn_div_dense as RawRnn<Q15_T>;
            let b1 = &mut self.buffers[0] as *mut _;
            self.direct(own, own, b1)
        }

        /// [`gather`] for the division build's own dense rnn1, over `patch`
        /// (this block's, or other memory of 18 elements).
        fn gather_over(&mut self, patch: *const Q15_T) -> usize {
            let pool = Pool { patch, input_dims: 2, patch_dim: 3, stride: 3, hidden_dims1: 8, hidden_dims2: 2, output: self.output.as_mut_ptr(), buffer: self.buffer.0.as_mut_ptr() };
            let s = &self.scales as *const _ as *const c_void;
            let p1 = &self.params[0] as *const _ as *const c_void;
            let b1 = &mut self.buffers[0] as *mut _ as *mut c_void;
            // SAFETY: every pointer is valid for its size.
            unsafe { gather::<Q15_T, Divisor, DenseWeights>(&pool, true, p1, b1, s) }
        }
    }

    #[test]
    fn column_pixels_are_gathered_into_the_free_half_of_output_two_at_a_time() {
        // Output holds 4 · 2 values: its second half, 4, holds two pixels
        // of 2 values each.
        let mut k = Block::new();
        let patch = k.patch.as_ptr();
        assert_eq!(k.gather_over(patch), 2);
    }

    /// [`Pool::run`] over a 2 × 2 patch of one channel (hidden sizes 1),
    /// asked to gather 2 pixels; rnn2's first call leaves `residue` in the
    /// last state of `output` if given. The RNN calls as (steps, first
    /// input value) and the output.
    fn run_gathering(residue: Option<i16>) -> (Vec<(usize, i16)>, [i16; 4]) {
        let patch = [1i16, 2, 3, 4];
        let (mut output, mut buffer) = ([0i16; 4], [0i16; 2]);
        let pool = Pool { patch: patch.as_ptr(), input_dims: 1, patch_dim: 2, stride: 2, hidden_dims1: 1, hidden_dims2: 1, output: output.as_mut_ptr(), buffer: buffer.as_mut_ptr() };
        let (out, mut calls, mut rnn2_calls) = (pool.output, Vec::new(), 0);
        // SAFETY: the pointers are valid for the pool's sizes; the RNNs
        // write only `output[3]`.
        unsafe {
            pool.run(
                2,
                |_, x, steps| calls.push((steps, x.read())),
                |_, _, _| {
                    if let (Some(v), 0) = (residue, rnn2_calls) {
                        out.add(3).write(v);
                    }
                    rnn2_calls += 1;
                },
                |_, _, _| {},
            );
        }
        (calls, output)
    }

    #[test]
    fn gathered_column_pixels_are_one_call_each_and_the_copy_is_zeroed_again() {
        // Rows: pixels 1, 3 (two steps each); columns: (1, 3) and (2, 4).
        assert_eq!(run_gathering(None), (vec![(2, 1), (2, 3), (2, 1), (2, 2)], [0; 4]));
    }

    #[test]
    fn column_pixels_are_not_gathered_over_what_an_rnn_left_in_output() {
        // EdgeML's fourth state starts from rnn2's residue: a call per pixel,
        // and the residue stays.
        assert_eq!(run_gathering(Some(9)), (vec![(2, 1), (2, 3), (1, 1), (1, 3), (1, 2), (1, 4)], [0, 0, 0, 9]));
    }

    #[test]
    fn column_pixels_are_not_gathered_over_a_patch_that_the_copy_would_overwrite() {
        let mut k = Block::new();
        // A patch whose first pixels are the output's second half.
        let patch = k.output[4..].as_ptr();
        assert_eq!(k.gather_over(patch), 0);
    }

    #[test]
    fn column_pixels_are_not_gathered_where_rnn1_scratch_is_the_copy() {
        let mut k = Block::new();
        // rnn1's normalised features (its copy of each input row) in the
        // output's second half: a call over the copy would share memory.
        k.buffers[0].normFeatures = k.output[4..].as_mut_ptr();
        let patch = k.patch.as_ptr();
        assert_eq!(k.gather_over(patch), 0);
    }

    #[test]
    #[cfg_attr(miri, ignore = "Miri gives each function pointer its own address")]
    fn block_calls_its_own_fastgrnn_directly_when_every_call_passes_its_checks() {
        assert_eq!(Block::new().direct_own(), (true, true));
    }

    /// The division build's own dense FastGRNN behind a pointer of its own,
    /// which no block recognises: called for each sequence, each call
    /// making its update ready itself.
    unsafe extern "C" fn wrapped_div(h: *mut Q15_T, hd: ITER_T, x: *const Q15_T, id: ITER_T, steps: ITER_T, p: *const c_void, b: *mut c_void, s: *const c_void, backward: c_int, normalize: c_int) -> c_int {
        tinyrnn_q15_fastgrnn_div_dense(h, hd, x, id, steps, p, b, s, backward, normalize)
    }

    /// As [`wrapped_div`], for the `SHIFT` build.
    unsafe extern "C" fn wrapped_shift(h: *mut Q15_T, hd: ITER_T, x: *const Q15_T, id: ITER_T, steps: ITER_T, p: *const c_void, b: *mut c_void, s: *const c_void, backward: c_int, normalize: c_int) -> c_int {
        tinyrnn_q15_fastgrnn_shift_dense(h, hd, x, id, steps, p, b, s, backward, normalize)
    }

    /// The block's output with `rnn` as both RNNs, from a fresh state.
    fn block_output(k: &mut Block, shift: bool, rnn: RawRnn<Q15_T>) -> [Q15_T; 8] {
        (k.output, k.buffer.0, k.scratch1, k.scratch2) = ([0; 8], [0; 24], [[0; 8]; 4], [[0; 8]; 4]);
        let f = if shift { tinyrnn_q15_rnnpool_block_shift_dense } else { tinyrnn_q15_rnnpool_block_div_dense };
        let s = &k.scales as *const _ as *const c_void;
        let (p1, p2) = (&k.params[0] as *const _ as *const c_void, &k.params[1] as *const _ as *const c_void);
        let (b1, b2) = (&mut k.buffers[0] as *mut _ as *mut c_void, &mut k.buffers[1] as *mut _ as *mut c_void);
        let (sh_r, sh_l) = if shift { (1, 0) } else { (2, 1) };
        // SAFETY: every pointer is valid for its size (`Block`'s shapes).
        let rc = unsafe { f(k.patch.as_ptr(), 2, 3, 3, Some(rnn), 8, p1, b1, s, Some(rnn), 2, p2, b2, s, k.output.as_mut_ptr(), k.buffer.0.as_mut_ptr(), sh_r, sh_l, sh_r, sh_l) };
        assert_eq!(rc, 0);
        k.output
    }

    /// A block whose RNNs it calls directly (their updates made ready once
    /// per block where the build shares them, `PreparedUpdate::SHARED`: the
    /// host's SSE2 lanes) gives what the same RNNs give called through a
    /// pointer, each call making its own: random weights and inputs
    /// (extremes included), scales that the lanes take (powers of two) and
    /// that they do not (other divisors, the portable elements).
    #[test]
    #[cfg_attr(miri, ignore = "Miri gives each function pointer its own address")]
    fn block_with_prepared_updates_gives_the_per_call_results() {
        let mut state = 0x1357_9bdf_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for case in 0..200 {
            let shift = case % 2 == 1;
            let mut k = Block::new();
            let value = |n: &mut dyn FnMut() -> u32| match n() % 8 {
                0 => i16::MIN,
                1 => i16::MAX,
                _ => (n() as i16) >> (n() % 8),
            };
            for v in k.patch.iter_mut().chain(&mut k.w1).chain(&mut k.u1).chain(&mut k.w2).chain(&mut k.u2).chain(&mut k.b) {
                *v = value(&mut next);
            }
            (k.params[0].sigmoid_zeta, k.params[0].sigmoid_nu) = (value(&mut next), value(&mut next));
            (k.params[1].sigmoid_zeta, k.params[1].sigmoid_nu) = (value(&mut next), value(&mut next));
            // Every scale before `div` is a 4-byte integer (`TypedScales`'
            // layout): shift counts 0 to 3, or divisors 2^0 to 2^3 (and now
            // and then 3 or 5, which the lanes do not take).
            let n = core::mem::offset_of!(Q15_FastGRNN_Scales, div) / size_of::<SCALE_T>();
            let odd = case % 10 == 0;
            for i in 0..n {
                let r = next();
                let v = if shift { (r % 4) as SCALE_T } else if odd && r % 7 == 0 { [3, 5][(r % 2) as usize] } else { 1 << (r % 4) };
                // SAFETY: within the struct, a `SCALE_T`-aligned field.
                unsafe { (&mut k.scales as *mut Q15_FastGRNN_Scales as *mut SCALE_T).add(i).write(v) };
            }
            let (own, wrapped) = if shift {
                (tinyrnn_q15_fastgrnn_shift_dense as RawRnn<Q15_T>, wrapped_shift as RawRnn<Q15_T>)
            } else {
                (tinyrnn_q15_fastgrnn_div_dense as RawRnn<Q15_T>, wrapped_div as RawRnn<Q15_T>)
            };
            let direct = block_output(&mut k, shift, own);
            assert_eq!(direct, block_output(&mut k, shift, wrapped), "case {case}");
        }
    }

    #[test]
    #[cfg_attr(miri, ignore = "Miri gives each function pointer its own address")]
    fn block_calls_any_other_rnn_through_its_pointer() {
        let mut k = Block::new();
        let own = tinyrnn_q15_fastgrnn_div_dense as RawRnn<Q15_T>;
        // Another storage's or another mode's export: not this block's cell.
        let (sparse, shift) = (tinyrnn_q15_fastgrnn_div_sparse as RawRnn<Q15_T>, tinyrnn_q15_fastgrnn_shift_dense as RawRnn<Q15_T>);
        let b1 = &mut k.buffers[0] as *mut _;
        assert_eq!(k.direct(sparse, own, b1), (false, true));
        assert_eq!(k.direct(own, shift, b1), (true, false));
    }

    #[test]
    #[cfg_attr(miri, ignore = "Miri gives each function pointer its own address")]
    fn block_calls_through_its_pointer_an_own_rnn_whose_calls_would_share_memory_or_be_refused() {
        // rnn1's preComp1 in the block's buffer, where its hidden states are:
        // some of its calls share memory (EdgeML's sequence then runs).
        let mut k = Block::new();
        k.buffers[0].preComp1 = k.buffer.0[16..].as_mut_ptr();
        assert_eq!(k.direct_own(), (false, true));
        // rnn2's normFeatures in the output: the same for rnn2.
        let mut k = Block::new();
        k.buffers[1].normFeatures = k.output.as_mut_ptr();
        assert_eq!(k.direct_own(), (true, false));
        // rnn2's U read from the block's buffer, which is its input: shared.
        let mut k = Block::new();
        k.params[1].U = k.buffer.0.as_ptr();
        assert_eq!(k.direct_own(), (true, false));
        // rnn1's W or rnn2's Bh in the memory the other RNN writes: it may
        // change between the calls.
        let mut k = Block::new();
        k.params[0].W = k.output.as_ptr();
        assert_eq!(k.direct_own(), (false, true));
        let mut k = Block::new();
        k.params[1].Bh = k.buffer.0[20..].as_ptr();
        assert_eq!(k.direct_own(), (true, false));
        // A NULL scratch buffer: every call of rnn1 is refused by the export.
        let mut k = Block::new();
        k.buffers[0].preComp2 = null_mut();
        assert_eq!(k.direct_own(), (false, true));
    }

    #[test]
    #[cfg_attr(miri, ignore = "Miri gives each function pointer its own address")]
    fn block_calls_through_its_pointer_an_own_rnn_whose_structs_it_overwrites() {
        // rnn1's buffers struct, valid, inside the block's buffer: the block
        // clears that memory before the calls, and the export reads the
        // struct anew at each call, so it is not read once for all.
        let mut k = Block::new();
        let own = tinyrnn_q15_fastgrnn_div_dense as RawRnn<Q15_T>;
        let inside = k.buffer.0.as_mut_ptr() as *mut Q15_FastGRNN_Buffers;
        // SAFETY: the buffer (48 bytes, 8-aligned) holds the struct.
        unsafe { inside.write(k.buffers[0]) };
        assert_eq!(k.direct(own, own, inside), (false, true));
        // The same struct elsewhere: direct.
        let b1 = &mut k.buffers[0] as *mut _;
        assert_eq!(k.direct(own, own, b1), (true, true));
    }

    #[test]
    #[cfg_attr(miri, ignore = "Miri gives each function pointer its own address")]
    fn sparse_block_calls_its_own_fastgrnn_directly_unless_an_encoding_lies_where_the_block_writes() {
        let own = tinyrnn_q15_fastgrnn_div_sparse as RawRnn<Q15_T>;
        // One value per column: rnn1's W (8 × 2), U (8 × 8); rnn2's W (2 × 8), U (2 × 2).
        let ids1: Vec<ITER_T> = (0..8).flat_map(|c| [c % 8 + 1, 0]).collect();
        let ids2: Vec<ITER_T> = (0..8).flat_map(|c| [c % 2 + 1, 0]).collect();
        let vals = [7 as Q15_T; 8];
        let run = |edit: &dyn Fn(&mut Block, &mut Vec<ITER_T>)| {
            let mut k = Block::new();
            let mut ids_in_output = ids2[..4].to_vec();
            for (i, p) in k.params.iter_mut().enumerate() {
                let ids = if i == 0 { &ids1 } else { &ids2 };
                (p.W, p.U, p.Wids, p.Wvals, p.Uids, p.Uvals) = (null(), null(), ids.as_ptr(), vals.as_ptr(), ids.as_ptr(), vals.as_ptr());
            }
            edit(&mut k, &mut ids_in_output);
            let b1 = &mut k.buffers[0] as *mut _;
            k.direct_in::<SparseWeights>(own, own, b1)
        };
        assert_eq!(run(&|_, _| ()), (true, true));
        // rnn2's U encoding (4 row numbers, 2 columns) in the block's buffer,
        // which rnn1's calls write between rnn2's: read once, it could change.
        assert_eq!(
            run(&|k, ids| {
                let at = k.buffer.0.as_mut_ptr() as *mut ITER_T;
                // SAFETY: the buffer (48 bytes, 8-aligned) holds the 4 row numbers.
                unsafe { core::ptr::copy_nonoverlapping(ids.as_ptr(), at, 4) };
                k.params[1].Uids = at;
            }),
            (true, false)
        );
    }
}
