//! C ABI of `quantized_fastgrnn.h`.
//!
//! The bodies of `tinyrnn_q15_fastgrnn_{div,shift}_{dense,sparse}`,
//! `tinyrnn_q7xq15_q15_fastgrnn_{div,shift}_{dense,sparse}` and
//! `tinyrnn_q15_fastgrnn_lr_{div,shift}` (exported from `exports.in`). Return codes: 0, EdgeML's
//! `ERR_*_NOT_INIT` for a NULL buffer (checked first, in EdgeML's order), or a
//! tinyrnn code ([`crate::Error::code`]) for input EdgeML does not define.
//! On any error the hidden state is untouched.

use core::ffi::{c_int, c_void};
use core::mem::{offset_of, size_of};

use super::ptr::{cells, checked_cells, checked_slice, checked_slice_mut, code, dims, edgeml_scratch, extent, intersect, ran, reference, span, Writes};
use super::types::*;
use super::utils::sparse_from_c;
use crate::error::{Error, Result};
use crate::q15::fastgrnn::{Dense, FastGrnn, Feature, LowRank, MatVecScales, PreparedUpdate, Project, Scratch, Sparse, TypedLrScales, TypedScales, UpdateScales};
use crate::q15::fastgrnn_in_order::{CallView, FastGrnnView, ProjectionView};
use crate::q15::matrix::{SparseMatrix, SparseShape};
use crate::q15::mem::Shared;
use crate::scale::{Divisor, Exponent, Scale};

// The C scales structs are read in place as the library's typed mirrors
// (`Divisor`/`Exponent` are `repr(transparent)` over `SCALE_T`): no field is
// copied on entry. These assertions pin the layouts to each other.
macro_rules! same_layout {
    ($C:ty, $R:ty, $($cf:ident = $rf:ident),*) => {
        const _: () = {
            assert!(size_of::<$C>() == size_of::<$R>());
            assert!(core::mem::align_of::<$C>() == core::mem::align_of::<$R>());
            $(assert!(offset_of!($C, $cf) == offset_of!($R, $rf));)*
        };
    };
}
same_layout!(Q15_FastGRNN_Scales, TypedScales<Divisor>, input = norm, w = w, u = u, mV1AddMV2 = update, div = div, add = add, sigmoidLimit = sigmoid_limit, qOne = q_one, useTableSigmoid = use_table_sigmoid, useTableTanH = use_table_tanh);
same_layout!(Q15_FastGRNN_Scales, TypedScales<Exponent>, input = norm, mV1AddMV2 = update, useTableTanH = use_table_tanh);
same_layout!(Q15_FastGRNN_LR_Scales, TypedLrScales<Divisor>, input = norm, w1 = w1, w2 = w2, u1 = u1, u2 = u2, mV2AddMV4 = update, sigmoidLimit = sigmoid_limit, div = div, add = add, qOne = q_one, useTableSigmoid = use_table_sigmoid, useTableTanH = use_table_tanh);
same_layout!(Q15_FastGRNN_LR_Scales, TypedLrScales<Exponent>, input = norm, mV2AddMV4 = update, useTableTanH = use_table_tanh);
const _: () = assert!(offset_of!(Q15_FastGRNN_Scales, hiddenStateDemote) - offset_of!(Q15_FastGRNN_Scales, mV1AddMV2) + 4 == size_of::<UpdateScales<Divisor>>());

/// The element size of the state and the `preComp*`/`tempLR*` buffers.
const Q15: usize = size_of::<Q15_T>();

/// The typed view of a C scales struct.
///
/// # Safety
/// `p` must be NULL or point to an initialised `C`; `R` must have `C`'s
/// layout (asserted above) with every bit pattern valid.
unsafe fn typed_scales<'a, C, R>(p: *const c_void) -> Result<&'a R> {
    let c: &C = reference(p as *const C)?;
    // SAFETY: same size, alignment and field offsets (asserted above); the
    // fields are integers or `repr(transparent)` integers.
    Ok(&*(c as *const C as *const R))
}

/// The fields of `Q15_FastGRNN_Params` and `Q7xQ15_FastGRNN_Params`, whose
/// layouts differ only in the type of `mean`/`stdDev`: `#[repr(C)]` with
/// their layout (asserted below), so the entry reads the caller's struct in
/// place instead of copying it.
#[repr(C)]
pub(crate) struct DenseOrSparse<X> {
    pub mean: *const X,
    pub std_dev: *const X,
    pub w: *const Q15_T,
    pub w_ids: *const ITER_T,
    pub w_vals: *const Q15_T,
    pub u: *const Q15_T,
    pub u_ids: *const ITER_T,
    pub u_vals: *const Q15_T,
    pub bg: *const Q15_T,
    pub bh: *const Q15_T,
    pub zeta: Q15_T,
    pub nu: Q15_T,
}

same_layout!(Q15_FastGRNN_Params, DenseOrSparse<Q15_T>, mean = mean, stdDev = std_dev, W = w, Wids = w_ids, Wvals = w_vals, U = u, Uids = u_ids, Uvals = u_vals, Bg = bg, Bh = bh, sigmoid_zeta = zeta, sigmoid_nu = nu);
same_layout!(Q7xQ15_FastGRNN_Params, DenseOrSparse<Q7_T>, mean = mean, stdDev = std_dev, W = w, Wids = w_ids, Wvals = w_vals, U = u, Uids = u_ids, Uvals = u_vals, Bg = bg, Bh = bh, sigmoid_zeta = zeta, sigmoid_nu = nu);

/// The sizes of a recurrent call (FastGRNN, or a cell with `blocks` stacked
/// gate blocks), checked once ([`Error::Overflow`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    pub hd: usize,
    pub id: usize,
    pub steps: usize,
    /// `steps × inputDims`.
    pub inputs: usize,
    /// `inputs` when normalising, else 0.
    pub norm: usize,
    /// `blocks × hiddenDims`.
    pub rows: usize,
}

impl Call {
    #[inline]
    pub(crate) fn new(hidden_dims: ITER_T, input_dims: ITER_T, steps: ITER_T, normalize: c_int, blocks: u32) -> Result<Call> {
        // Every size product fits ITER_T, as in EdgeML's arithmetic, on
        // 32- and 64-bit targets alike: hiddenDims² (times the blocks) for
        // U, hiddenDims·inputDims (times the blocks) for W, dense or sparse.
        // One 64-bit product each (the factors are 32-bit), no loop: this
        // runs on every call.
        let fits = |a: u32, b: u32| {
            let p = a as u64 * b as u64;
            if p <= u32::MAX as u64 {
                Ok(p as u32)
            } else {
                Err(Error::Overflow)
            }
        };
        let inputs = fits(steps, input_dims)?;
        let rows = fits(hidden_dims, blocks)?;
        fits(fits(hidden_dims, hidden_dims)?, blocks)?;
        fits(fits(hidden_dims, input_dims)?, blocks)?;
        let inputs = inputs as usize;
        Ok(Call { hd: hidden_dims as usize, id: input_dims as usize, steps: steps as usize, inputs, norm: if normalize != 0 { inputs } else { 0 }, rows: rows as usize })
    }
}

/// How `W` and `U` are stored in the `Q15_FastGRNN_Params` of an export:
/// dense or (under `SPARSE`) EdgeML's sparse encoding. A type, not a flag,
/// so that each export contains the code of its own storage only.
pub(crate) trait Storage {
    /// Whether the weights are EdgeML's sparse encoding.
    const SPARSE: bool;
    type P<'a, S: Scale>: Project;
    /// What [`Storage::check`] learnt that [`Storage::checked`] needs:
    /// nothing for dense weights, the walk of a sparse encoding.
    type Shape: Copy + Default;
    /// How the fused cell receives the shapes [`check`] found: nothing for
    /// dense weights (so that the export's call of it is a tail call), a
    /// reference to them for a sparse encoding (one argument, not four).
    type Shapes<'a>: Copy;
    /// The shapes of `k` as the fused cell receives them.
    fn shapes(k: &Checked<Self::Shape>) -> Self::Shapes<'_>;
    /// `W`'s and `U`'s shapes from [`Storage::shapes`].
    fn unpack(k: Self::Shapes<'_>) -> (Self::Shape, Self::Shape);
    /// Checks the `rows × cols` weights at `dense` or `ids`/`vals` against
    /// the written buffers (`shared`: they share memory with one); the
    /// `bool`: whether they have no row past `rows` (a sparse row number,
    /// refused after every other check, as the cell's own shape check
    /// refused it).
    #[allow(clippy::too_many_arguments)]
    unsafe fn check(dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, writes: &Writes, shared: &mut bool) -> Result<(Self::Shape, bool)>;
    /// The byte ranges of the weights [`Storage::check`] accepted (and
    /// found `shape`): `(0, 0)` for none.
    fn bytes(dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, shape: &Self::Shape) -> [(usize, usize); 2];
    /// Whether the weights [`Storage::check`] accepted (and found `shape`)
    /// overlap `len` elements at `region` (a NULL region overlaps nothing,
    /// as in [`super::ptr::overlaps`]).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn overlap(dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, shape: &Self::Shape, region: *const Q15_T, len: usize) -> bool {
        let r = if region.is_null() { (0, 0) } else { (region as usize, (region as usize).saturating_add(len.saturating_mul(Q15))) };
        Self::bytes(dense, ids, vals, rows, cols, shape).iter().any(|&w| intersect(w, r))
    }
    /// The projection of the weights [`Storage::check`] accepted.
    ///
    /// # Safety
    /// [`Storage::check`] accepted the same pointers and sizes, and found
    /// `shape`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn checked<'a, S: Scale>(dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, shape: Self::Shape, scales: MatVecScales<S>) -> Result<Self::P<'a, S>>;
    /// The same weights as views, for a call whose buffers share memory.
    ///
    /// # Safety
    /// [`Storage::check`] has accepted the same pointers and sizes.
    #[allow(clippy::too_many_arguments)]
    unsafe fn view<'a, S: Scale>(dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, scales: MatVecScales<S>) -> Result<ProjectionView<'a, S>>;
}

/// The byte range of `len` elements at `p`, a buffer whose pointer checks
/// passed for that length (so the end does not wrap); `(0, 0)` when empty.
pub(crate) fn bytes<T>(p: *const T, len: usize) -> (usize, usize) {
    if len == 0 {
        (0, 0)
    } else {
        (p as usize, p as usize + len * size_of::<T>())
    }
}

/// `W`/`U` dense (EdgeML without `SPARSE`).
pub(crate) struct DenseWeights;
/// `W`/`U` in EdgeML's sparse encoding (`SPARSE`).
pub(crate) struct SparseWeights;

impl Storage for DenseWeights {
    const SPARSE: bool = false;
    type P<'a, S: Scale> = Dense<'a, S>;
    type Shape = ();
    type Shapes<'a> = ();
    #[inline(always)]
    fn shapes(_k: &Checked<()>) {}
    #[inline(always)]
    fn unpack(_k: ()) -> ((), ()) {
        ((), ())
    }
    #[inline(always)]
    unsafe fn check(dense: *const Q15_T, _ids: *const ITER_T, _vals: *const Q15_T, rows: usize, cols: ITER_T, writes: &Writes, shared: &mut bool) -> Result<((), bool)> {
        let n = dims(&[u32::try_from(rows).map_err(|_| Error::Overflow)?, cols])?;
        *shared |= writes.shares_same(dense, n)?;
        Ok(((), true))
    }
    #[inline(always)]
    fn bytes(dense: *const Q15_T, _ids: *const ITER_T, _vals: *const Q15_T, rows: usize, cols: ITER_T, _shape: &()) -> [(usize, usize); 2] {
        [bytes(dense, rows * cols as usize), (0, 0)]
    }
    #[inline(always)]
    unsafe fn checked<'a, S: Scale>(dense: *const Q15_T, _ids: *const ITER_T, _vals: *const Q15_T, rows: usize, cols: ITER_T, _shape: (), scales: MatVecScales<S>) -> Result<Dense<'a, S>> {
        // SAFETY: `check` checked the pointer for these `rows × cols`
        // elements (a product that fits).
        Ok(Dense { mat: checked_slice(dense, rows * cols as usize), scales })
    }
    #[inline(always)]
    unsafe fn view<'a, S: Scale>(dense: *const Q15_T, _ids: *const ITER_T, _vals: *const Q15_T, rows: usize, cols: ITER_T, scales: MatVecScales<S>) -> Result<ProjectionView<'a, S>> {
        let n = rows.checked_mul(cols as usize).ok_or(Error::Overflow)?;
        // SAFETY: `check` checked `dense` for `n` elements.
        Ok(ProjectionView::Dense { mat: Shared(checked_cells(dense, n)), scales })
    }
}

impl Storage for SparseWeights {
    const SPARSE: bool = true;
    type P<'a, S: Scale> = Sparse<'a, S>;
    /// The encoding's lengths: row numbers, values.
    type Shape = (usize, usize);
    type Shapes<'a> = &'a Checked<(usize, usize)>;
    #[inline(always)]
    fn shapes(k: &Checked<(usize, usize)>) -> &Checked<(usize, usize)> {
        k
    }
    #[inline(always)]
    fn unpack(k: &Checked<(usize, usize)>) -> ((usize, usize), (usize, usize)) {
        (k.w, k.u)
    }
    #[inline(always)]
    unsafe fn check(_dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, writes: &Writes, shared: &mut bool) -> Result<((usize, usize), bool)> {
        let mat = sparse_from_c(ids, vals, cols, Some(rows))?;
        *shared |= writes.shares_same(ids, mat.row_indices().len())?;
        *shared |= writes.shares_same(vals, mat.values().len())?;
        Ok(((mat.row_indices().len(), mat.values().len()), mat.nrows() <= rows))
    }
    #[inline(always)]
    fn bytes(_dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, _rows: usize, _cols: ITER_T, &(len, nnz): &(usize, usize)) -> [(usize, usize); 2] {
        [bytes(ids, len), bytes(vals, nnz)]
    }
    #[inline(always)]
    unsafe fn checked<'a, S: Scale>(_dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, (len, nnz): (usize, usize), scales: MatVecScales<S>) -> Result<Sparse<'a, S>> {
        // SAFETY: `check` walked this encoding (`len` row numbers, `nnz`
        // values, `cols` columns, every row number within `rows`: a walk
        // within that bound finds `rows`) and checked both pointers for
        // these lengths.
        let shape = SparseShape { len, nnz, cols: cols as usize, nrows: rows };
        let mat = SparseMatrix::with_shape(checked_slice(ids, len), checked_slice(vals, nnz), cols as usize, shape)?;
        Ok(Sparse { mat, scales })
    }
    #[inline(always)]
    unsafe fn view<'a, S: Scale>(_dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, scales: MatVecScales<S>) -> Result<ProjectionView<'a, S>> {
        let mat = sparse_from_c(ids, vals, cols, Some(rows))?;
        // SAFETY: `check` checked `vals` for this length.
        Ok(ProjectionView::Sparse { ids: mat.row_indices(), vals: Shared(checked_cells(vals, mat.values().len())), scales })
    }
}

/// What [`check`] found on a FastGRNN call it accepted: the weights'
/// shapes, and whether a written buffer shares memory with another buffer.
#[derive(Clone, Copy, Default)]
pub(crate) struct Checked<Sh> {
    pub w: Sh,
    pub u: Sh,
    pub shared: bool,
}

/// The memory a series of calls stays within, for a check of all of them
/// at once (the calls of an RNNPool block): each call's hidden state lies
/// within `hidden` elements from the checked `hiddenState`, its input
/// within `input` elements from the checked `input`. When that check passes
/// and finds no shared memory, so does each such call's own.
pub(crate) struct Within {
    pub hidden: usize,
    pub input: usize,
}

/// Every check of a `q15_fastgrnn` / `q7xq15_q15_fastgrnn` call, in
/// EdgeML's order (scratch pointers, params, scales, then tinyrnn's: sizes,
/// pointers, overlaps). Out of line: its frame (the spans of the written
/// buffers) is gone before either path's frame is made.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn check<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: &X::Buffers,
    scales: *const c_void,
    normalize: c_int,
    k: &mut Checked<W::Shape>,
) -> Result {
    check_calls::<X, S, W>(hidden_state, hidden_dims, input, input_dims, steps, params, buffers, scales, normalize, None, k)
}

/// [`check`] of every call within `within` at once (an RNNPool block's
/// calls of one FastGRNN), `steps` their most. Its own copy, so that the
/// export's `check` takes no more arguments (each is stack, on every call).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn check_within<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: &X::Buffers,
    scales: *const c_void,
    within: &Within,
    k: &mut Checked<W::Shape>,
) -> Result {
    check_calls::<X, S, W>(hidden_state, hidden_dims, input, input_dims, steps, params, buffers, scales, 0, Some(within), k)
}

/// [`check`] of a model's params, scales and buffers, for calls of at most
/// `steps` steps (`check_calls` without a hidden state or an input: both
/// empty, at an address no buffer holds). Its own copy, as
/// [`check_within`]'s: linked only by the model handles.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn check_model<X: CStructs, S: Scale, W: Storage>(
    hidden_dims: ITER_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: &X::Buffers,
    scales: *const c_void,
    normalize: c_int,
    k: &mut Checked<W::Shape>,
) -> Result {
    // Empty ranges (`span` of 0 elements) overlap nothing.
    let (h, x) = (core::ptr::NonNull::<Q15_T>::dangling().as_ptr(), core::ptr::NonNull::<X>::dangling().as_ptr());
    check_calls::<X, S, W>(h, hidden_dims, x, input_dims, steps, params, buffers, scales, normalize, Some(&Within { hidden: 0, input: 0 }), k)
}

/// The body of [`check`], [`check_within`] and [`check_model`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn check_calls<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: &X::Buffers,
    scales: *const c_void,
    normalize: c_int,
    within: Option<&Within>,
    k: &mut Checked<W::Shape>,
) -> Result {
    let (pc1, pc2, pc3, nf) = X::scratch(buffers);
    edgeml_scratch(!pc1.is_null() && !pc2.is_null() && !pc3.is_null(), true, true, !nf.is_null())?;
    let p = X::params(reference(params as *const X::Params)?);
    typed_scales::<Q15_FastGRNN_Scales, TypedScales<S>>(scales)?;
    let c = Call::new(hidden_dims, input_dims, steps, normalize, 1)?;
    let hd = c.hd;
    let (hidden, inputs) = match within {
        Some(w) => (w.hidden, w.input),
        None => (hd, c.inputs),
    };
    let spans = [span(hidden_state, hidden)?, span(pc1, hd)?, span(pc2, hd)?, extent(pc3, hd)?, span(nf, c.id)?];
    // A constant: no copy in the frame.
    let (writes, mut shared) = Writes::sharing(&spans, &const { [Q15, Q15, Q15, Q15, size_of::<X>()] })?;
    shared |= writes.shares_same(input, inputs)?;
    shared |= writes.shares_same(p.mean, c.norm)?;
    shared |= writes.shares_same(p.std_dev, c.norm)?;
    shared |= writes.shares_same(p.bg, hd)?;
    shared |= writes.shares_same(p.bh, hd)?;
    let (w, w_fits) = W::check(p.w, p.w_ids, p.w_vals, hd, input_dims, &writes, &mut shared)?;
    let (u, u_fits) = W::check(p.u, p.u_ids, p.u_vals, hd, hidden_dims, &writes, &mut shared)?;
    structs_outside(&writes, params as *const X::Params, buffers, scales as *const Q15_FastGRNN_Scales)?;
    if !(w_fits && u_fits) {
        return Err(Error::Length);
    }
    // Written through the caller's reference, not returned: a returned
    // `Result<Checked>` was copied by `memcpy` (linked for that alone).
    *k = Checked { w, u, shared };
    Ok(())
}

/// The update of the cell of `p` and `s` made ready for a series of
/// [`fastgrnn_fused`] calls (an RNNPool block's).
pub(crate) fn prepared_update<X, S: Scale>(p: &DenseOrSparse<X>, s: &TypedScales<S>) -> PreparedUpdate<S> {
    PreparedUpdate::new(s, p.zeta, p.nu)
}

/// [`fastgrnn_fused`]'s `flags`: run backwards in time.
pub(crate) const BACKWARD: c_int = 1;
/// [`fastgrnn_fused`]'s `flags`: normalise the input.
pub(crate) const NORMALIZE: c_int = 2;

/// The call of [`fastgrnn_entry`] whose buffers do not share memory: the
/// library's cell, its element-wise update fused; its C code. `flags`:
/// [`BACKWARD`], [`NORMALIZE`] (one argument for the two, so that with
/// `prep` the export's call is still a tail call). `prep`: the cell's update
/// made ready by the caller for a series of calls (an RNNPool block's, where
/// [`PreparedUpdate::SHARED`]), else `None`.
///
/// # Safety
/// [`check`] accepted the same arguments (or [`check_within`] bounds that
/// hold them), found the weights' shapes and no shared memory; `prep` is
/// `None` or made from `s`, `p.zeta` and `p.nu`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn fastgrnn_fused<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &DenseOrSparse<X>,
    buffers: &X::Buffers,
    s: &TypedScales<S>,
    flags: c_int,
    prep: Option<&PreparedUpdate<S>>,
    shapes: W::Shapes<'_>,
) -> c_int {
    fused_body::<X, S, W>(hidden_state, hidden_dims, input, input_dims, steps, p, buffers, s, flags, prep, shapes)
}

/// The body of [`fastgrnn_fused`], for a caller that is itself the
/// function out of line (a model handle's run, which passes fewer
/// arguments, and a `prep` that is always there: its frame then lays out
/// no update of its own).
///
/// # Safety
/// As [`fastgrnn_fused`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn fused_body<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &DenseOrSparse<X>,
    buffers: &X::Buffers,
    s: &TypedScales<S>,
    flags: c_int,
    prep: Option<&PreparedUpdate<S>>,
    shapes: W::Shapes<'_>,
) -> c_int {
    let (w_shape, u_shape) = W::unpack(shapes);
    let (pc1, pc2, _, nf) = X::scratch(buffers);
    // `Call::new` accepted these sizes: their products fit.
    let (hd, id, steps) = (hidden_dims as usize, input_dims as usize, steps as usize);
    let inputs = steps * id;
    let norm = if flags & NORMALIZE != 0 { inputs } else { 0 };
    // SAFETY (every `checked_slice*` below and `W::checked`): `check`
    // checked each pointer for exactly this length, and no two of these
    // buffers overlap.
    let cell = FastGrnn {
        mean: checked_slice(p.mean, norm),
        std_dev: checked_slice(p.std_dev, norm),
        w: match W::checked::<S>(p.w, p.w_ids, p.w_vals, hd, input_dims, w_shape, s.w) {
            Ok(w) => w,
            Err(e) => return code(Err(e)),
        },
        u: match W::checked::<S>(p.u, p.u_ids, p.u_vals, hd, hidden_dims, u_shape, s.u) {
            Ok(u) => u,
            Err(e) => return code(Err(e)),
        },
        bg: checked_slice(p.bg, hd),
        bh: checked_slice(p.bh, hd),
        sigmoid_zeta: p.zeta,
        sigmoid_nu: p.nu,
        scales: s,
        mode: core::marker::PhantomData,
    };
    let mut scratch = Scratch { wx: checked_slice_mut(pc1, hd), uh: checked_slice_mut(pc2, hd), features: checked_slice_mut(nf, id), temp_w: &mut [], temp_u: &mut [] };
    // `check` (or a model's init) made the core's length checks
    // (`Project::check` included).
    cell.run_prechecked(prep, checked_slice_mut(hidden_state, hd), checked_slice(input, inputs), steps, flags & BACKWARD != 0, norm != 0, &mut scratch);
    0
}

/// The call of [`fastgrnn_entry`] whose buffers share memory: EdgeML's
/// primitive sequence on views. Out of line and cold: the usual call
/// (separate buffers) carries neither its code nor its stack frame.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_in_order<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &DenseOrSparse<X>,
    s: &TypedScales<S>,
    // The struct, not its four pointers: one argument, no copy in the frame.
    buffers: &X::Buffers,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    code(fastgrnn_in_order_run::<X, S, W>(hidden_state, hidden_dims, input, input_dims, steps, p, s, buffers, backward, normalize))
}

/// The body of [`fastgrnn_in_order`], whose code it returns.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn fastgrnn_in_order_run<X: CStructs, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &DenseOrSparse<X>,
    s: &TypedScales<S>,
    buffers: &X::Buffers,
    backward: c_int,
    normalize: c_int,
) -> Result {
    // The sizes again (they passed `Call::new` in the caller): cheaper
    // than a copy of them in the caller's frame, which is the usual path's.
    let c = Call::new(hidden_dims, input_dims, steps, normalize, 1)?;
    let (pc1, pc2, pc3, nf) = X::scratch(buffers);
    let hd = c.hd;
    // SAFETY (`checked_cells`): the caller checked each of these pointers
    // for this length (`span`, `shares_same`); `preComp3` only for its
    // extent, so its pointer is checked here, where it is accessed.
    let cell = FastGrnnView {
        mean: Shared(checked_cells(p.mean, c.norm)),
        std_dev: Shared(checked_cells(p.std_dev, c.norm)),
        w: W::view(p.w, p.w_ids, p.w_vals, hd, input_dims, s.w)?,
        u: W::view(p.u, p.u_ids, p.u_vals, hd, hidden_dims, s.u)?,
        bg: Shared(checked_cells(p.bg, hd)),
        bh: Shared(checked_cells(p.bh, hd)),
        sigmoid_zeta: p.zeta,
        sigmoid_nu: p.nu,
        scales: s,
        mode: core::marker::PhantomData,
    };
    let v = CallView {
        hidden: Shared(checked_cells(hidden_state, hd)),
        input: Shared(checked_cells(input, c.inputs)),
        pre_comp1: Shared(checked_cells(pc1, hd)),
        pre_comp2: Shared(checked_cells(pc2, hd)),
        pre_comp3: Shared(cells(pc3, hd)?),
        norm_features: Shared(checked_cells(nf, c.id)),
    };
    // `run`, with its checks before the first store: they are not all
    // implied by the entry's (an input of the fastgrnn fuzz target passes
    // the entry and fails the view's shape check), and a refusal after the
    // features were stored would change a hidden state sharing their memory.
    cell.run(v, hd, c.id, c.steps, backward != 0, c.norm != 0)
}

/// `q15_fastgrnn_lr` for one mode: the checks, then the fused cell or, for
/// buffers sharing memory, EdgeML's sequence; siblings, as in
/// [`fastgrnn_entry`]; its C code.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn fastgrnn_lr_c<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    lr_entry_body::<S>(hidden_state, hidden_dims, input, input_dims, steps, params, buffers, scales, backward, normalize, |_, _| false)
}

/// [`scratch_observed`] for a low-rank cell's scratch buffers.
// Out of line, as `scratch_observed`.
#[inline(never)]
pub(crate) fn lr_scratch_observed(p: &Q15_FastGRNN_LR_Params, b: &Q15_FastGRNN_LR_Buffers, hd: usize, id: usize, observed: &impl Observed) -> bool {
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    let scratch = [bytes(b.preComp1, hd), bytes(b.preComp2, hd), bytes(b.preComp3, hd), bytes(b.tempLRW, wr), bytes(b.tempLRU, ur), bytes(b.normFeatures, id)];
    any_observed(&scratch, &observed.ranges())
}

/// The body of [`fastgrnn_lr_c`], and of an RNNPool block's calls of it, as
/// [`entry_body`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn lr_entry_body<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
    observed: impl Fn(&Q15_FastGRNN_LR_Params, &Q15_FastGRNN_LR_Buffers) -> bool,
) -> c_int {
    let shared = match check_lr::<S>(hidden_state, hidden_dims, input, input_dims, steps, params, buffers, scales, normalize) {
        Ok(shared) => shared,
        Err(e) => return code(Err(e)),
    };
    // SAFETY: `check_lr` accepted these three pointers; the scales
    // struct's layout is `TypedLrScales<S>`'s.
    let (p, b, s) = (&*(params as *const Q15_FastGRNN_LR_Params), &*(buffers as *const Q15_FastGRNN_LR_Buffers), &*(scales as *const TypedLrScales<S>));
    if shared || observed(p, b) {
        return code(fastgrnn_lr_in_order(hidden_state, hidden_dims, input, input_dims, steps, p, b, s, backward, normalize));
    }
    // The export's own arguments in their places: a tail call, as in
    // `fastgrnn_entry`.
    fastgrnn_lr_fused(hidden_state, hidden_dims, input, input_dims, steps, p, b, s, backward, normalize)
}

/// Every check of a `q15_fastgrnn_lr` call, in EdgeML's order, as
/// [`check`]: whether buffers share memory.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn check_lr<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    normalize: c_int,
) -> Result<bool> {
    let b: &Q15_FastGRNN_LR_Buffers = reference(buffers as *const Q15_FastGRNN_LR_Buffers)?;
    check_lr_calls::<S>(hidden_state, hidden_dims, input, input_dims, steps, params, b, scales, normalize, None)
}

/// [`check_lr`] of a model's params, scales and buffers, as
/// [`check_model`]: whether scratch buffers share memory.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn check_lr_model<S: Scale>(
    hidden_dims: ITER_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: &Q15_FastGRNN_LR_Buffers,
    scales: *const c_void,
    normalize: c_int,
) -> Result<bool> {
    // Empty ranges (`span` of 0 elements) overlap nothing.
    let none = core::ptr::NonNull::<Q15_T>::dangling().as_ptr();
    check_lr_calls::<S>(none, hidden_dims, none, input_dims, steps, params, buffers, scales, normalize, Some(&Within { hidden: 0, input: 0 }))
}

/// The body of [`check_lr`] and [`check_lr_model`] (`within`: as in
/// [`check_calls`]).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn check_lr_calls<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    b: &Q15_FastGRNN_LR_Buffers,
    scales: *const c_void,
    normalize: c_int,
    within: Option<&Within>,
) -> Result<bool> {
    edgeml_scratch(
        !b.preComp1.is_null() && !b.preComp2.is_null() && !b.preComp3.is_null(),
        !b.tempLRW.is_null(),
        !b.tempLRU.is_null(),
        !b.normFeatures.is_null(),
    )?;
    let p: &Q15_FastGRNN_LR_Params = reference(params as *const Q15_FastGRNN_LR_Params)?;
    typed_scales::<Q15_FastGRNN_LR_Scales, TypedLrScales<S>>(scales)?;
    let c = Call::new(hidden_dims, input_dims, steps, normalize, 1)?;
    let hd = c.hd;
    let (hidden, inputs) = match within {
        Some(w) => (w.hidden, w.input),
        None => (hd, c.inputs),
    };
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    let [w1, w2, u1, u2] = lr_sizes(p, hidden_dims, input_dims)?;
    let spans = [
        span(hidden_state, hidden)?,
        span(b.preComp1, hd)?,
        span(b.preComp2, hd)?,
        extent(b.preComp3, hd)?,
        span(b.tempLRW, wr)?,
        span(b.tempLRU, ur)?,
        span(b.normFeatures, c.id)?,
    ];
    let (writes, mut shared) = Writes::sharing(&spans, &[Q15; 7])?;
    // One call each, not a loop over an array of them (which would sit in
    // the frame).
    shared |= writes.shares_same(input, inputs)?;
    shared |= writes.shares_same(p.mean, c.norm)?;
    shared |= writes.shares_same(p.stdDev, c.norm)?;
    shared |= writes.shares_same(p.W1, w1)?;
    shared |= writes.shares_same(p.W2, w2)?;
    shared |= writes.shares_same(p.U1, u1)?;
    shared |= writes.shares_same(p.U2, u2)?;
    shared |= writes.shares_same(p.Bg, hd)?;
    shared |= writes.shares_same(p.Bh, hd)?;
    structs_outside(&writes, p, b, scales as *const Q15_FastGRNN_LR_Scales)?;
    Ok(shared)
}

/// The element counts of `W1`, `W2`, `U1`, `U2` ([`Error::Overflow`] when
/// one does not fit `ITER_T`).
#[inline(always)]
pub(crate) fn lr_sizes(p: &Q15_FastGRNN_LR_Params, hidden_dims: ITER_T, input_dims: ITER_T) -> Result<[usize; 4]> {
    Ok([dims(&[p.wRank, input_dims])?, dims(&[hidden_dims, p.wRank])?, dims(&[p.uRank, hidden_dims])?, dims(&[hidden_dims, p.uRank])?])
}

/// The C structs of a call (each checked by [`reference`]) outside every
/// buffer it writes, else [`Error::Aliasing`]: the cell reads them
/// (through references, for the whole call) while it writes, and a struct
/// that changes under its own call is no call EdgeML defines either (it
/// reads the fields anew at each use). Checked after the buffers.
#[inline(always)]
fn structs_outside<P, B, S>(writes: &Writes, params: *const P, buffers: *const B, scales: *const S) -> Result {
    // `reference` accepted each pointer: the ends do not overflow.
    let range = |p: usize, n: usize| (p, p.wrapping_add(n));
    writes.excludes(&[range(params as usize, size_of::<P>()), range(buffers as usize, size_of::<B>()), range(scales as usize, size_of::<S>())])
}

/// The call of [`fastgrnn_lr_c`] whose buffers do not share memory.
///
/// # Safety
/// [`check_lr`] accepted the same arguments and found no shared memory.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_lr_fused<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &Q15_FastGRNN_LR_Params,
    b: &Q15_FastGRNN_LR_Buffers,
    s: &TypedLrScales<S>,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    lr_fused_body(hidden_state, hidden_dims, input, input_dims, steps, p, b, s, backward, normalize, None)
}

/// The body of [`fastgrnn_lr_fused`], as [`fused_body`] is
/// [`fastgrnn_fused`]'s: for a model's run, whose `prep` is always there.
///
/// # Safety
/// As [`fastgrnn_lr_fused`]; `prep` is `None` or made from `s`,
/// `p.sigmoid_zeta` and `p.sigmoid_nu`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn lr_fused_body<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &Q15_FastGRNN_LR_Params,
    b: &Q15_FastGRNN_LR_Buffers,
    s: &TypedLrScales<S>,
    backward: c_int,
    normalize: c_int,
    prep: Option<&PreparedUpdate<S>>,
) -> c_int {
    // `check_lr` accepted these sizes: their products fit.
    let (hd, id, steps) = (hidden_dims as usize, input_dims as usize, steps as usize);
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    let inputs = steps * id;
    let norm = if normalize != 0 { inputs } else { 0 };
    // SAFETY (every `checked_slice*` below): `check_lr` checked each
    // pointer for exactly this length, and no two of these buffers overlap.
    let cell = FastGrnn {
        mean: checked_slice(p.mean, norm),
        std_dev: checked_slice(p.stdDev, norm),
        w: LowRank { first: checked_slice(p.W1, wr * id), second: checked_slice(p.W2, hd * wr), rank: wr, first_scales: s.w1, second_scales: s.w2 },
        u: LowRank { first: checked_slice(p.U1, ur * hd), second: checked_slice(p.U2, hd * ur), rank: ur, first_scales: s.u1, second_scales: s.u2 },
        bg: checked_slice(p.Bg, hd),
        bh: checked_slice(p.Bh, hd),
        sigmoid_zeta: p.sigmoid_zeta,
        sigmoid_nu: p.sigmoid_nu,
        scales: s,
        mode: core::marker::PhantomData,
    };
    let mut scratch = Scratch {
        wx: checked_slice_mut(b.preComp1, hd),
        uh: checked_slice_mut(b.preComp2, hd),
        features: checked_slice_mut(b.normFeatures, id),
        temp_w: checked_slice_mut(b.tempLRW, wr),
        temp_u: checked_slice_mut(b.tempLRU, ur),
    };
    // `check_lr` (or a model's init) made the core's length checks
    // (`Project::check` included).
    cell.run_prechecked(prep, checked_slice_mut(hidden_state, hd), checked_slice(input, inputs), steps, backward != 0, norm != 0, &mut scratch);
    ran()
}

/// The call of [`fastgrnn_lr_c`] whose buffers share memory, as
/// [`fastgrnn_in_order`]: out of line and cold.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_lr_in_order<S: Scale>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const Q15_T,
    input_dims: ITER_T,
    steps: ITER_T,
    p: &Q15_FastGRNN_LR_Params,
    b: &Q15_FastGRNN_LR_Buffers,
    s: &TypedLrScales<S>,
    backward: c_int,
    normalize: c_int,
) -> Result {
    // The sizes again (the caller checked them), as in `fastgrnn_in_order`.
    let c = Call::new(hidden_dims, input_dims, steps, normalize, 1)?;
    let [w1, w2, u1, u2] = lr_sizes(p, hidden_dims, input_dims)?;
    let hd = c.hd;
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    // SAFETY (`checked_cells`): the caller checked each of these pointers
    // for this length (`span`, `shares_same`); `preComp3` only for its
    // extent, so its pointer is checked here, where it is accessed.
    let cell = FastGrnnView {
        mean: Shared(checked_cells(p.mean, c.norm)),
        std_dev: Shared(checked_cells(p.stdDev, c.norm)),
        w: ProjectionView::LowRank { first: Shared(checked_cells(p.W1, w1)), second: Shared(checked_cells(p.W2, w2)), rank: wr, temp: Shared(checked_cells(b.tempLRW, wr)), first_scales: s.w1, second_scales: s.w2 },
        u: ProjectionView::LowRank { first: Shared(checked_cells(p.U1, u1)), second: Shared(checked_cells(p.U2, u2)), rank: ur, temp: Shared(checked_cells(b.tempLRU, ur)), first_scales: s.u1, second_scales: s.u2 },
        bg: Shared(checked_cells(p.Bg, hd)),
        bh: Shared(checked_cells(p.Bh, hd)),
        sigmoid_zeta: p.sigmoid_zeta,
        sigmoid_nu: p.sigmoid_nu,
        scales: s,
        mode: core::marker::PhantomData,
    };
    let v = CallView {
        hidden: Shared(checked_cells(hidden_state, hd)),
        input: Shared(checked_cells(input, c.inputs)),
        pre_comp1: Shared(checked_cells(b.preComp1, hd)),
        pre_comp2: Shared(checked_cells(b.preComp2, hd)),
        pre_comp3: Shared(cells(b.preComp3, hd)?),
        norm_features: Shared(checked_cells(b.normFeatures, c.id)),
    };
    // `run`, with its checks before the first store: they are not all
    // implied by the entry's (an input of the fastgrnn fuzz target passes
    // the entry and fails the view's shape check), and a refusal after the
    // features were stored would change a hidden state sharing their memory.
    cell.run(v, hd, c.id, c.steps, backward != 0, c.norm != 0)
}

/// The C structs of the FastGRNN whose input elements are `Self`:
/// `Q15_FastGRNN_*` for Q15 input, `Q7xQ15_FastGRNN_*` for Q7 input.
pub(crate) trait CStructs: Feature {
    type Params: Copy;
    type Buffers: Copy;
    /// The caller's params struct, read in place.
    fn params(p: &Self::Params) -> &DenseOrSparse<Self>;
    /// `preComp1`, `preComp2`, `preComp3`, `normFeatures`.
    fn scratch(b: &Self::Buffers) -> (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut Self);
}

impl CStructs for Q15_T {
    type Params = Q15_FastGRNN_Params;
    type Buffers = Q15_FastGRNN_Buffers;
    fn params(p: &Q15_FastGRNN_Params) -> &DenseOrSparse<Q15_T> {
        // SAFETY: same size, alignment and field offsets (asserted above);
        // the fields are raw pointers and integers.
        unsafe { &*(p as *const Q15_FastGRNN_Params as *const DenseOrSparse<Q15_T>) }
    }
    fn scratch(b: &Q15_FastGRNN_Buffers) -> (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut Q15_T) {
        (b.preComp1, b.preComp2, b.preComp3, b.normFeatures)
    }
}

impl CStructs for Q7_T {
    type Params = Q7xQ15_FastGRNN_Params;
    type Buffers = Q7xQ15_FastGRNN_Buffers;
    fn params(p: &Q7xQ15_FastGRNN_Params) -> &DenseOrSparse<Q7_T> {
        // SAFETY: same size, alignment and field offsets (asserted above);
        // the fields are raw pointers and integers.
        unsafe { &*(p as *const Q7xQ15_FastGRNN_Params as *const DenseOrSparse<Q7_T>) }
    }
    fn scratch(b: &Q7xQ15_FastGRNN_Buffers) -> (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut Q7_T) {
        (b.preComp1, b.preComp2, b.preComp3, b.normFeatures)
    }
}

/// `q15_fastgrnn` (`X` = Q15) or `q7xq15_q15_fastgrnn` (`X` = Q7) for one
/// mode and storage: the checks, then the fused cell or, for buffers
/// sharing memory, EdgeML's sequence. The three are siblings, not nested:
/// the call's stack is the deepest of them, not their sum. The fused cell
/// takes the export's own arguments in their places (the two flags as one,
/// no prepared update in the place freed) and returns its code, so that it
/// is a tail call where its weights' shape is nothing to pass (dense
/// weights): the export's frame is gone before the cell's is made.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn fastgrnn_entry<X: CStructs, S: Scale, W: Storage>(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const X,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    entry_body::<X, S, W>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize, |_| false)
}

/// Memory a caller reads after a FastGRNN call (an RNNPool block's patch,
/// `output` and `buffer`), as byte ranges: a scratch buffer there must hold
/// EdgeML's values, which only EdgeML's sequence leaves ([`entry_body`]).
pub(crate) trait Observed {
    fn ranges(&self) -> [(usize, usize); 3];
}

/// Whether a scratch buffer of `b` (for `hd` hidden and `id` input
/// dimensions, its pointers checked for them) overlaps `observed`.
// Out of line: the ranges live in this frame, not in the caller's (a
// block's, or the frame under which the cell runs).
#[inline(never)]
pub(crate) fn scratch_observed<X: CStructs>(b: &X::Buffers, hd: usize, id: usize, observed: &impl Observed) -> bool {
    let (pc1, pc2, pc3, nf) = X::scratch(b);
    any_observed(&[bytes(pc1, hd), bytes(pc2, hd), bytes(pc3, hd), bytes(nf, id)], &observed.ranges())
}

/// Whether one of the byte ranges `scratch` overlaps one of `observed`.
fn any_observed(scratch: &[(usize, usize)], observed: &[(usize, usize)]) -> bool {
    scratch.iter().any(|&r| observed.iter().any(|&o| intersect(r, o)))
}

/// The body of [`fastgrnn_entry`], and of an RNNPool block's calls of it:
/// `observed` (after the checks: whether a scratch buffer lies where the
/// caller reads it back, [`scratch_observed`]) sends a call that does not
/// share memory to EdgeML's sequence too, which leaves every scratch value
/// as EdgeML's code does, where the fused cell would leave others
/// (`docs/contract.md`).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn entry_body<X: CStructs, S: Scale, W: Storage>(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const X,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
    observed: impl Fn(&X::Buffers) -> bool,
) -> c_int {
    let mut k = Checked::default();
    // One error path (one `code` conversion in the export).
    let checked = reference(buffers as *const X::Buffers).and_then(|b| check::<X, S, W>(hiddenState, hiddenDims, input, inputDims, steps, params, b, scales, normalize, &mut k).map(|()| b));
    let buffers = match checked {
        Ok(b) => b,
        Err(e) => return code(Err(e)),
    };
    // SAFETY: `check` accepted these pointers (the params and scales
    // structs included) and sizes.
    let (p, s) = (X::params(&*(params as *const X::Params)), &*(scales as *const TypedScales<S>));
    if k.shared || observed(buffers) {
        return fastgrnn_in_order::<X, S, W>(hiddenState, hiddenDims, input, inputDims, steps, p, s, buffers, backward, normalize);
    }
    let flags = if backward != 0 { BACKWARD } else { 0 } | if normalize != 0 { NORMALIZE } else { 0 };
    fastgrnn_fused::<X, S, W>(hiddenState, hiddenDims, input, inputDims, steps, p, buffers, s, flags, None, W::shapes(&k))
}
