//! FastGRNN model handles (`quantized_fastgrnn.h`; the symbols and the
//! storage type in `tinyrnn_generated.h`): the params, scales and buffers
//! of a `q15_fastgrnn`, `q7xq15_q15_fastgrnn` or `q15_fastgrnn_lr` checked
//! once, by `tinyrnn_{q15,q7xq15_q15}_fastgrnn[_lr]_model_init_*`, for any
//! number of `..._model_run_*` calls, which check only what changes per
//! call: the hidden state, the input and the steps.
//!
//! EdgeML's API checks nothing; tinyrnn's drop-in entry checks everything on
//! every call (`docs/contract.md`): ~750 instructions on Cortex-M4F before a
//! step runs, the walk of both encodings (~8 000) for sparse weights, and the
//! update's constants laid out in the call's stack frame. A detector that
//! calls its cell once per audio frame pays that every frame. A model keeps
//! what its init checked and laid out (the weights' shapes, the update's
//! constants, the byte ranges a run must stay out of) beside pointers to the
//! caller's structs; a run checks its own pointers, then runs the fused
//! cell on the model's update (no layout in its frame): bit for bit and
//! code for code the drop-in call with the init's arguments.
//!
//! A model is for buffers apart. Where the drop-in call runs EdgeML's
//! primitive sequence through shared memory (`normFeatures` over
//! `preComp2`, a hidden state over a scratch buffer or a weight), a model
//! refuses (`TINYRNN_ERR_ALIASING`, nothing written): its init for shared
//! scratch, its run for a hidden state or input sharing memory with the
//! call's buffers. So a model links neither that sequence nor the drop-in
//! call's checks, and its run's stack is the fused cell's alone.
//!
//! What a model trusts (documented in the header): the structs and the
//! arrays they point to stay where they were and, for sparse weights, the
//! row numbers stay as they were walked; change either and init again.

use core::ffi::{c_int, c_void};
use core::marker::PhantomData;
use core::mem::{align_of, size_of, MaybeUninit};

use super::fastgrnn::{bytes, check_lr_model, check_model, fused_body, lr_fused_body, lr_sizes, CStructs, Checked, DenseOrSparse, Storage, BACKWARD, NORMALIZE};
use super::ptr::{code, intersect, reference, span};
use super::types::*;
use crate::error::{size_mul, Error, Result};
use crate::q15::fastgrnn::{PreparedUpdate, StepScales, TypedLrScales, TypedScales};
use crate::scale::Scale;

/// `TINYRNN_ERR_MODEL`: a run of storage that no init of its variant
/// accepted. A C code only, not a [`crate::Error`]: the Rust library has no
/// model handles (its cells are checked once by construction), and a
/// variant more in that enum changed the code the compiler made for every
/// FastGRNN export (8 to 72 bytes more stack on Cortex-M4F).
pub const ERR_MODEL: c_int = -109;

/// `TINYRNN_FASTGRNN_MODEL_BYTES` where pointers have 32 bits or fewer:
/// the largest model (sparse: 204 bytes, aligned to 4) wherever it starts.
pub const MODEL_BYTES_32: usize = 208;
/// `TINYRNN_FASTGRNN_MODEL_BYTES` where pointers have 64 bits: the largest
/// model (x86-64's update lanes: 1 024 bytes, aligned to 16) wherever it
/// starts.
pub const MODEL_BYTES_64: usize = 1040;

/// Caller-owned storage of a model (C: `tinyrnn_fastgrnn_model`, a static
/// or long-lived object of the size the header gives; any alignment: the
/// model is placed at its own alignment inside).
#[repr(C)]
#[allow(non_camel_case_types)]
pub struct tinyrnn_fastgrnn_model {
    opaque: [u8; if cfg!(target_pointer_width = "64") { MODEL_BYTES_64 } else { MODEL_BYTES_32 }],
}

/// The cell a model runs, in mode `S`: its C structs, the drop-in call's
/// checks of them, the byte ranges a run must avoid and the fused call.
/// [`Full`] (`q15_fastgrnn`, `q7xq15_q15_fastgrnn`) or [`Lr`]
/// (`q15_fastgrnn_lr`).
pub(crate) trait Cell<S: Scale>: Sized {
    /// The input's elements.
    type X;
    type Params;
    type Buffers;
    type Scales;
    /// What the init's checks found: the weights' shapes.
    type Shape: Copy + Default;
    /// The byte ranges of the scratch buffers every step writes.
    type Writes: AsRef<[(usize, usize)]>;
    /// The cell's part of a model's [`tag`] (bit 1 is the mode's).
    const KIND: u32;
    /// The drop-in call's checks that involve neither the hidden state nor
    /// the input, in its order and with its codes (for at most `steps`
    /// steps; 0 when not normalising), the shapes found written to `k`;
    /// then scratch buffers that share memory: [`Error::Aliasing`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn check(hidden_dims: ITER_T, input_dims: ITER_T, steps: ITER_T, params: *const c_void, buffers: &Self::Buffers, scales: *const c_void, normalize: c_int, k: &mut Self::Shape) -> Result;
    /// The byte ranges of the scratch buffers of `b` (`p`: the params,
    /// for the ranks of a low-rank cell), which passed [`Cell::check`].
    fn writes(p: &Self::Params, b: &Self::Buffers, hd: usize, id: usize) -> Self::Writes;
    /// The byte ranges a call reads besides its input and the model: the
    /// [`ARRAYS`] arrays (`norm` elements of `mean`/`stdDev`), then the
    /// three structs. The params struct passed [`Cell::check`], which
    /// found `k`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn reads(params: *const Self::Params, buffers: *const Self::Buffers, scales: *const Self::Scales, hd: ITER_T, id: ITER_T, norm: usize, k: &Self::Shape) -> [(usize, usize); 11];
    /// The update of these params and scales (which passed [`Cell::check`])
    /// made in `dst`.
    unsafe fn prepare(dst: &mut MaybeUninit<PreparedUpdate<S>>, params: &Self::Params, scales: *const Self::Scales);
    /// The fused cell of `m` on this hidden state and input.
    ///
    /// # Safety
    /// [`run_checks`] accepted the model and these arguments.
    unsafe fn fused(m: &Model<Self, S>, hidden_state: *mut Q15_T, input: *const Self::X, steps: ITER_T, backward: c_int) -> c_int;
}

/// `q15_fastgrnn` (`X` = Q15) or `q7xq15_q15_fastgrnn` (`X` = Q7) with
/// weights stored as `W`.
pub(crate) struct Full<X, W>(PhantomData<(X, W)>);

/// `q15_fastgrnn_lr`.
pub(crate) struct Lr;

impl<X: CStructs, S: Scale, W: Storage> Cell<S> for Full<X, W> {
    type X = X;
    type Params = X::Params;
    type Buffers = X::Buffers;
    type Scales = Q15_FastGRNN_Scales;
    type Shape = Checked<W::Shape>;
    type Writes = [(usize, usize); 4];
    const KIND: u32 = (size_of::<X>() as u32) << 2 | W::SPARSE as u32;
    #[inline(always)]
    unsafe fn check(hidden_dims: ITER_T, input_dims: ITER_T, steps: ITER_T, params: *const c_void, buffers: &X::Buffers, scales: *const c_void, normalize: c_int, k: &mut Checked<W::Shape>) -> Result {
        check_model::<X, S, W>(hidden_dims, input_dims, steps, params, buffers, scales, normalize, k)?;
        if k.shared {
            return Err(Error::Aliasing);
        }
        Ok(())
    }
    #[inline(always)]
    fn writes(_p: &X::Params, b: &X::Buffers, hd: usize, id: usize) -> [(usize, usize); 4] {
        let (pc1, pc2, pc3, nf) = X::scratch(b);
        [bytes(pc1, hd), bytes(pc2, hd), bytes(pc3, hd), bytes(nf, id)]
    }
    #[inline(always)]
    unsafe fn reads(params: *const X::Params, buffers: *const X::Buffers, scales: *const Q15_FastGRNN_Scales, hidden_dims: ITER_T, input_dims: ITER_T, norm: usize, k: &Checked<W::Shape>) -> [(usize, usize); 11] {
        let p: &DenseOrSparse<X> = X::params(&*params);
        let hd = hidden_dims as usize;
        let [w0, w1] = W::bytes(p.w, p.w_ids, p.w_vals, hd, input_dims, &k.w);
        let [u0, u1] = W::bytes(p.u, p.u_ids, p.u_vals, hd, hidden_dims, &k.u);
        [w0, w1, u0, u1, bytes(p.mean, norm), bytes(p.std_dev, norm), bytes(p.bg, hd), bytes(p.bh, hd), bytes(params, 1), bytes(buffers, 1), bytes(scales, 1)]
    }
    #[inline(always)]
    unsafe fn prepare(dst: &mut MaybeUninit<PreparedUpdate<S>>, params: &X::Params, scales: *const Q15_FastGRNN_Scales) {
        let p = X::params(params);
        prepare_in(dst, &*(scales as *const TypedScales<S>), p.zeta, p.nu);
    }
    #[inline(always)]
    unsafe fn fused(m: &Model<Self, S>, hidden_state: *mut Q15_T, input: *const X, steps: ITER_T, backward: c_int) -> c_int {
        // SAFETY: the init's checks accepted the structs, the buffers and
        // these sizes, found the weights' shapes and no shared memory; the
        // run's checks, its hidden state and input apart from all of them;
        // `prep` was made from these scales.
        let (p, b, s) = (X::params(&*m.params), &*m.buffers, &*(m.scales as *const TypedScales<S>));
        let flags = if backward != 0 { BACKWARD } else { 0 } | if m.normalize != 0 { NORMALIZE } else { 0 };
        fused_body::<X, S, W>(hidden_state, m.hidden_dims, input, m.input_dims, steps, p, b, s, flags, Some(&m.prep), W::shapes(&m.k))
    }
}

impl<S: Scale> Cell<S> for Lr {
    type X = Q15_T;
    type Params = Q15_FastGRNN_LR_Params;
    type Buffers = Q15_FastGRNN_LR_Buffers;
    type Scales = Q15_FastGRNN_LR_Scales;
    type Shape = ();
    type Writes = [(usize, usize); 6];
    const KIND: u32 = 1 << 5;
    #[inline(always)]
    unsafe fn check(hidden_dims: ITER_T, input_dims: ITER_T, steps: ITER_T, params: *const c_void, buffers: &Q15_FastGRNN_LR_Buffers, scales: *const c_void, normalize: c_int, _k: &mut ()) -> Result {
        if check_lr_model::<S>(hidden_dims, input_dims, steps, params, buffers, scales, normalize)? {
            return Err(Error::Aliasing);
        }
        Ok(())
    }
    #[inline(always)]
    fn writes(p: &Q15_FastGRNN_LR_Params, b: &Q15_FastGRNN_LR_Buffers, hd: usize, id: usize) -> [(usize, usize); 6] {
        let (wr, ur) = (p.wRank as usize, p.uRank as usize);
        [bytes(b.preComp1, hd), bytes(b.preComp2, hd), bytes(b.preComp3, hd), bytes(b.tempLRW, wr), bytes(b.tempLRU, ur), bytes(b.normFeatures, id)]
    }
    #[inline(always)]
    unsafe fn reads(params: *const Q15_FastGRNN_LR_Params, buffers: *const Q15_FastGRNN_LR_Buffers, scales: *const Q15_FastGRNN_LR_Scales, hidden_dims: ITER_T, input_dims: ITER_T, norm: usize, _k: &()) -> [(usize, usize); 11] {
        let p = &*params;
        let hd = hidden_dims as usize;
        // The check accepted these sizes.
        let [w1, w2, u1, u2] = lr_sizes(p, hidden_dims, input_dims).unwrap_or_default();
        [bytes(p.W1, w1), bytes(p.W2, w2), bytes(p.U1, u1), bytes(p.U2, u2), bytes(p.mean, norm), bytes(p.stdDev, norm), bytes(p.Bg, hd), bytes(p.Bh, hd), bytes(params, 1), bytes(buffers, 1), bytes(scales, 1)]
    }
    #[inline(always)]
    unsafe fn prepare(dst: &mut MaybeUninit<PreparedUpdate<S>>, params: &Q15_FastGRNN_LR_Params, scales: *const Q15_FastGRNN_LR_Scales) {
        prepare_in(dst, &*(scales as *const TypedLrScales<S>), params.sigmoid_zeta, params.sigmoid_nu);
    }
    #[inline(always)]
    unsafe fn fused(m: &Model<Self, S>, hidden_state: *mut Q15_T, input: *const Q15_T, steps: ITER_T, backward: c_int) -> c_int {
        // SAFETY: as `Full`'s.
        let (p, b, s) = (&*m.params, &*m.buffers, &*(m.scales as *const TypedLrScales<S>));
        lr_fused_body(hidden_state, m.hidden_dims, input, m.input_dims, steps, p, b, s, backward, m.normalize, Some(&m.prep))
    }
}

/// [`PreparedUpdate::new_in`] for [`Cell::prepare`]. Out of line: what it
/// needs on the way is not in the init's frame.
#[inline(never)]
fn prepare_in<S: Scale>(dst: &mut MaybeUninit<PreparedUpdate<S>>, scales: &impl StepScales<S>, zeta: i16, nu: i16) {
    PreparedUpdate::new_in(dst, scales, zeta, nu)
}

/// A model of cell `C` in mode `S`.
pub(crate) struct Model<C: Cell<S>, S: Scale> {
    /// [`tag`] of the variant once an init has accepted its arguments.
    tag: u32,
    hidden_dims: ITER_T,
    input_dims: ITER_T,
    /// The most steps of a run: those `mean`/`stdDev` hold when
    /// normalising, else `ITER_T::MAX`.
    steps: ITER_T,
    normalize: c_int,
    params: *const C::Params,
    buffers: *const C::Buffers,
    scales: *const C::Scales,
    /// What the init's checks found: the weights' shapes (and no shared
    /// memory).
    k: C::Shape,
    bounds: Bounds,
    /// The update's constants, laid out once.
    prep: PreparedUpdate<S>,
}

/// Where a run's hidden state and input must not lie.
#[derive(Clone, Copy)]
struct Bounds {
    /// The hull of the scratch buffers ([`Cell::writes`]), which every
    /// step writes.
    scratch: (usize, usize),
    /// The widest gap between them within that hull: where a firmware's
    /// hidden state, declared among its buffers, usually lies.
    scratch_gap: (usize, usize),
    /// The hull of the arrays a run reads besides its input (the first
    /// [`ARRAYS`] of [`Cell::reads`]): in flash, apart from the RAM that
    /// holds hidden states, when `const`.
    arrays: (usize, usize),
    /// The widest gap between those arrays within their hull: where the
    /// buffers of a firmware whose weights are in RAM usually lie.
    gap: (usize, usize),
    /// The hull of the three structs.
    structs: (usize, usize),
}

/// A model's tag: its variant, so that a run refuses zeroed storage, a
/// refused init's, and a model of another variant. (Storage never
/// initialised holds whatever it holds: the header requires an init.)
fn tag<C: Cell<S>, S: Scale>() -> u32 {
    0x6d6f_6400 | C::KIND | (S::IS_SHIFT as u32) << 1
}

/// Where the model of `storage` lives: its first address aligned for
/// `Model`, whose end the storage holds (asserted per variant).
fn place<C: Cell<S>, S: Scale>(storage: *const tinyrnn_fastgrnn_model) -> Result<*mut Model<C, S>> {
    const { assert!(size_of::<Model<C, S>>() + align_of::<Model<C, S>>() - 1 <= size_of::<tinyrnn_fastgrnn_model>()) };
    if storage.is_null() {
        return Err(Error::Null);
    }
    let a = align_of::<Model<C, S>>();
    let at = (storage as usize).wrapping_add(a - 1) & !(a - 1);
    // Within the storage (asserted above): the offset is below `a`.
    Ok((storage as *mut u8).wrapping_add(at - storage as usize) as *mut Model<C, S>)
}

/// The hull of two byte ranges, `(0, 0)` being none.
fn hull(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    match (a.0 == a.1, b.0 == b.1) {
        (true, _) => b,
        (_, true) => a,
        _ => (a.0.min(b.0), a.1.max(b.1)),
    }
}

/// How many of [`Cell::reads`] are arrays (the rest: the structs).
const ARRAYS: usize = 8;

/// The hull of the non-empty `ranges` and the widest gap between them
/// inside it (`(0, 0)`: none). Each gap starts where a range ends outside
/// every other and runs to the nearest start after it: eight ranges at
/// most, once per init.
fn hull_and_gap(ranges: &[(usize, usize)]) -> ((usize, usize), (usize, usize)) {
    let full = || ranges.iter().filter(|r| r.0 != r.1);
    let all = full().fold((0, 0), |a, &r| hull(a, r));
    let mut gap = (0, 0);
    for &(_, end) in full() {
        let covered = full().any(|s| s.0 <= end && end < s.1);
        let next = full().filter(|s| s.0 >= end).map(|s| s.0).min();
        if let (false, Some(next)) = (covered, next) {
            if next - end > gap.1 - gap.0 {
                gap = (end, next);
            }
        }
    }
    (all, gap)
}

/// Whether `r` overlaps the `hull` of some ranges outside their widest
/// `gap`: whether it may overlap one of them.
#[inline(always)]
fn near(r: (usize, usize), hull: (usize, usize), gap: (usize, usize)) -> bool {
    intersect(r, hull) && !(gap.0 <= r.0 && r.1 <= gap.1)
}

impl<C: Cell<S>, S: Scale> Model<C, S> {
    /// Whether the hidden state at `h` or the input at `x` overlaps a
    /// scratch buffer: outside their hull, or inside its widest gap, a few
    /// comparisons; elsewhere, each buffer.
    #[inline(always)]
    fn writes_overlap(&self, h: (usize, usize), x: (usize, usize)) -> bool {
        let b = &self.bounds;
        (near(h, b.scratch, b.scratch_gap) || near(x, b.scratch, b.scratch_gap)) && self.each_write_overlaps(h, x)
    }

    /// [`Model::writes_overlap`] buffer by buffer, from the buffers struct
    /// the init checked (which stays as it was, as the header requires).
    /// Apart from [`Model::each_read_overlaps`]: one function for both
    /// kept both arrays of ranges in its frame (48 bytes more stack on
    /// Cortex-M4F).
    #[cold]
    #[inline(never)]
    fn each_write_overlaps(&self, h: (usize, usize), x: (usize, usize)) -> bool {
        // SAFETY: the init accepted both structs and keeps pointers to them.
        let writes = unsafe { C::writes(&*self.params, &*self.buffers, self.hidden_dims as usize, self.input_dims as usize) };
        writes.as_ref().iter().any(|&w| intersect(h, w) || intersect(x, w))
    }

    /// Whether the hidden state at `h` overlaps what a run reads: outside
    /// the hull of the structs and of the arrays, or inside the arrays'
    /// widest gap, a few comparisons; elsewhere, each range.
    #[inline(always)]
    fn reads_overlap(&self, h: (usize, usize)) -> bool {
        let b = &self.bounds;
        (near(h, b.arrays, b.gap) || intersect(h, b.structs)) && self.each_read_overlaps(h)
    }

    /// [`Model::reads_overlap`] range by range, from the params struct the
    /// init checked (which stays as it was, as the header requires).
    #[cold]
    #[inline(never)]
    fn each_read_overlaps(&self, h: (usize, usize)) -> bool {
        let norm = if self.normalize != 0 { self.steps as usize * self.input_dims as usize } else { 0 };
        // SAFETY: the init accepted the params struct and keeps a pointer
        // to it.
        unsafe { read_ranges::<C, S>(self.params, self.buffers, self.scales, self.hidden_dims, self.input_dims, norm, &self.k) }.iter().any(|&r| intersect(h, r))
    }
}

/// [`Cell::reads`] out of line: one copy for the init and the run.
///
/// # Safety
/// As [`Cell::reads`].
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn read_ranges<C: Cell<S>, S: Scale>(params: *const C::Params, buffers: *const C::Buffers, scales: *const C::Scales, hd: ITER_T, id: ITER_T, norm: usize, k: &C::Shape) -> [(usize, usize); 11] {
    C::reads(params, buffers, scales, hd, id, norm, k)
}

/// The [`Bounds`] of a call's buffers, written to `dst`, or
/// [`Error::Aliasing`] (nothing written) when the model's storage `own`
/// overlaps one of them or a struct (a run reads the model while it writes
/// the scratch buffers). Out of line: its ranges are not in the init's
/// frame while the init's checks run. Written in place, not returned: a
/// returned value was copied through the init's frame. `dst` a raw
/// pointer: until the check passes it may overlap `params` or `buffers`.
///
/// # Safety
/// [`Cell::check`] accepted the structs and sizes and found `k`; `dst` is
/// valid for a write once the storage `own` (which holds it) overlaps
/// nothing of the call.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn bounds<C: Cell<S>, S: Scale>(
    params: *const C::Params,
    buffers: &C::Buffers,
    scales: *const C::Scales,
    hidden_dims: ITER_T,
    input_dims: ITER_T,
    norm: usize,
    k: &C::Shape,
    own: (usize, usize),
    dst: *mut Bounds,
) -> Result {
    // The scratch buffers' bounds made before the reads' ranges, so that
    // the two arrays need not be in the frame at once.
    let (scratch, scratch_gap) = {
        let writes = C::writes(&*params, buffers, hidden_dims as usize, input_dims as usize);
        if writes.as_ref().iter().any(|&w| intersect(own, w)) {
            return Err(Error::Aliasing);
        }
        hull_and_gap(writes.as_ref())
    };
    let reads = read_ranges::<C, S>(params, buffers, scales, hidden_dims, input_dims, norm, k);
    if reads.iter().any(|&r| intersect(own, r)) {
        return Err(Error::Aliasing);
    }
    let (arrays, gap) = hull_and_gap(&reads[..ARRAYS]);
    // SAFETY: the checks above passed (the caller's contract).
    dst.write(Bounds { scratch, scratch_gap, arrays, gap, structs: reads[ARRAYS..].iter().fold((0, 0), |a, &r| hull(a, r)) });
    Ok(())
}

/// `tinyrnn_{q15,q7xq15_q15}_fastgrnn_model_init_*` (`C` = [`Full`]) and
/// `tinyrnn_q15_fastgrnn_lr_model_init_*` (`C` = [`Lr`]): [`init`]'s code.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn model_init<C: Cell<S>, S: Scale>(
    model: *mut tinyrnn_fastgrnn_model,
    hiddenDims: ITER_T,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    normalize: c_int,
) -> c_int {
    code(init::<C, S>(model, hiddenDims, inputDims, steps, params, buffers, scales, normalize))
}

/// Every check of the drop-in call (`fastgrnn_entry`, `fastgrnn_lr_c`)
/// that does not involve the hidden state or the input, for calls of at
/// most `steps` steps (when normalising, the steps `mean`/`stdDev` hold;
/// otherwise it bounds nothing: pass any), in its order and with its
/// codes; then buffers that share memory, and the model's storage over any
/// buffer or struct of the call: [`Error::Aliasing`]. On error the storage
/// is left as it was.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn init<C: Cell<S>, S: Scale>(
    model: *mut tinyrnn_fastgrnn_model,
    hidden_dims: ITER_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    normalize: c_int,
) -> Result {
    let m = place::<C, S>(model)?;
    // Without normalisation the steps bound nothing the model holds: each
    // run's product of steps and input size is checked as the call's.
    let steps = if normalize != 0 { steps } else { 0 };
    let b: &C::Buffers = reference(buffers as *const C::Buffers)?;
    let mut k = C::Shape::default();
    C::check(hidden_dims, input_dims, steps, params, b, scales, normalize, &mut k)?;
    let (params, scales) = (params as *const C::Params, scales as *const C::Scales);
    let norm = if normalize != 0 { steps as usize * input_dims as usize } else { 0 };
    let own = bytes(m as *const Model<C, S>, 1);
    // Written field by field, in place (a `Model` made in this frame first
    // was copied: 212 bytes more stack on Cortex-M4F), after the last
    // check (`bounds`, which writes only when it passes). The tag last.
    // SAFETY: `C::check` accepted the structs (`reference`) and every
    // buffer for these sizes (so no byte range wraps); `place` gave `m`
    // within the storage, aligned; `bounds` writes only once the storage
    // overlaps nothing of the call, and after it nothing else refers to
    // the storage while the init runs (`MaybeUninit<T>` has `T`'s layout).
    bounds::<C, S>(params, b, scales, hidden_dims, input_dims, norm, &k, own, &raw mut (*m).bounds)?;
    C::prepare(&mut *(&raw mut (*m).prep as *mut MaybeUninit<PreparedUpdate<S>>), &*params, scales);
    (&raw mut (*m).k).write(k);
    (&raw mut (*m).hidden_dims).write(hidden_dims);
    (&raw mut (*m).input_dims).write(input_dims);
    (&raw mut (*m).steps).write(if normalize != 0 { steps } else { ITER_T::MAX });
    (&raw mut (*m).normalize).write(normalize);
    (&raw mut (*m).params).write(params);
    // The caller's pointer (not one made from `b`): the model keeps it.
    (&raw mut (*m).buffers).write(buffers as *const C::Buffers);
    (&raw mut (*m).scales).write(scales);
    (&raw mut (*m).tag).write(tag::<C, S>());
    Ok(())
}

/// `tinyrnn_{q15,q7xq15_q15}_fastgrnn_model_run_*` (`C` = [`Full`]) and
/// `tinyrnn_q15_fastgrnn_lr_model_run_*` (`C` = [`Lr`]; `X`, the cell's
/// input type, named for the exports' generator): the drop-in call with
/// the init's arguments and this hidden state, input, steps and
/// direction. In order: a model its init did not accept
/// → [`ERR_MODEL`]; more steps than a normalising model's init allowed →
/// [`Error::Length`]; then the drop-in call's checks of the hidden state
/// and the input, with its codes (their sizes, then each one's pointer
/// checks); then a hidden state or input that shares memory with a buffer
/// or struct of the call, with the other, or (the hidden state) with the
/// model's storage → [`Error::Aliasing`].
pub(crate) unsafe fn model_run<C: Cell<S, X = X>, S: Scale, X>(model: *const tinyrnn_fastgrnn_model, hiddenState: *mut Q15_T, input: *const X, steps: ITER_T, backward: c_int) -> c_int {
    let m = match place::<C, S>(model) {
        // SAFETY: the storage holds a `Model` (its size asserted); its tag
        // says an init of this variant wrote it.
        Ok(m) if (*m).tag == tag::<C, S>() => &*m,
        Ok(_) => return ERR_MODEL,
        Err(e) => return code(Err(e)),
    };
    match run_checks::<C, S>(m, hiddenState, input, steps) {
        Ok(()) => model_fused::<C, S>(m, hiddenState, input, steps, backward),
        Err(e) => code(Err(e)),
    }
}

/// The checks of [`model_run`] after the model's.
#[inline(always)]
fn run_checks<C: Cell<S>, S: Scale>(m: &Model<C, S>, hidden: *mut Q15_T, input: *const C::X, steps: ITER_T) -> Result {
    if steps > m.steps {
        return Err(Error::Length);
    }
    // The call's product of steps and input size must fit `ITER_T`.
    let inputs = size_mul(steps as usize, m.input_dims as usize).filter(|&n| n <= ITER_T::MAX as usize).ok_or(Error::Overflow)?;
    let h = span(hidden, m.hidden_dims as usize)?;
    let x = span(input, inputs)?;
    let own = bytes(m as *const Model<C, S>, 1);
    if intersect(h, x) || m.writes_overlap(h, x) || intersect(h, own) || m.reads_overlap(h) {
        return Err(Error::Aliasing);
    }
    Ok(())
}

/// A run whose checks passed: the fused cell on the model's update. Out of
/// line, with the run's own arguments (so that the run's call of it is a
/// tail call: the run's frame is gone before the cell's is made).
///
/// # Safety
/// [`run_checks`] accepted the model and these arguments.
#[inline(never)]
unsafe fn model_fused<C: Cell<S>, S: Scale>(m: &Model<C, S>, hidden_state: *mut Q15_T, input: *const C::X, steps: ITER_T, backward: c_int) -> c_int {
    C::fused(m, hidden_state, input, steps, backward)
}

#[cfg(test)]
mod tests {
    use super::hull_and_gap;

    #[test]
    fn hull_and_gap_finds_the_widest_hole_between_the_ranges() {
        // Unsorted, overlapping, with empty ranges among them.
        let r = [(10, 20), (0, 0), (50, 60), (15, 30), (100, 110), (0, 0), (32, 40), (0, 0)];
        assert_eq!(hull_and_gap(&r), ((10, 110), (60, 100)));
        // Touching ranges leave no gap; one range, or none, neither.
        assert_eq!(hull_and_gap(&[(16, 32), (32, 48)]), ((16, 48), (0, 0)));
        assert_eq!(hull_and_gap(&[(5, 9)]), ((5, 9), (0, 0)));
        assert_eq!(hull_and_gap(&[(0, 0), (0, 0)]), ((0, 0), (0, 0)));
    }
}
