//! C ABI of `quantized_fastgrnn.h`.
//!
//! Exports `tinyrnn_q15_fastgrnn_{div,shift}_{dense,sparse}`,
//! `tinyrnn_q7xq15_q15_fastgrnn_{div,shift}_{dense,sparse}` and
//! `tinyrnn_q15_fastgrnn_lr_{div,shift}`. Return codes: 0, EdgeML's
//! `ERR_*_NOT_INIT` for a NULL buffer (checked first, in EdgeML's order), or a
//! tinyrnn code ([`crate::Error::code`]) for input EdgeML does not define.
//! On any error the hidden state is untouched.

use core::ffi::{c_int, c_void};

use super::ptr::{cells, dims, reference, slice, slice_mut};
use super::types::*;
use super::utils::sparse_from_c;
use crate::error::{Error, Result};
use crate::q15::fastgrnn::{AddScales, Dense, FastGrnn, Feature, GateScales, LowRank, MatVecScales, Project, Scratch, Sparse};
use crate::q15::fastgrnn_in_order::{CallView, FastGrnnView, ProjectionView};
use crate::q15::mem::Shared;
use crate::scale::{Divisor, Exponent, Scale};

/// The overlap check of a call. All writable buffers (hidden state,
/// scratch) are registered first ([`Regions::write`]); each read buffer is
/// then checked against them ([`Regions::read`]) and not stored, which keeps
/// the check small on the stack. A writable buffer that shares memory with
/// another buffer of its element size sets `shared` (the call then runs as
/// EdgeML's primitive sequence, which defines the result); one over a
/// buffer of another element size (Q7 over Q15, Q15 over the 32-bit sparse
/// row numbers) depends on byte order and is refused.
struct Regions {
    writes: [(usize, usize, usize); 7],
    n: usize,
    shared: bool,
}

impl Regions {
    fn new() -> Self {
        Regions { writes: [(0, 0, 0); 7], n: 0, shared: false }
    }

    /// The byte range of a buffer, `None` when empty; NULL is reported as
    /// missing, not as an overlap of two NULLs.
    fn range<T>(p: *const T, len: usize) -> Result<Option<(usize, usize)>> {
        let bytes = len.checked_mul(core::mem::size_of::<T>()).ok_or(Error::Overflow)?;
        if bytes == 0 {
            return Ok(None);
        }
        if p.is_null() {
            return Err(Error::Null);
        }
        let start = p as usize;
        Ok(Some((start, start.checked_add(bytes).ok_or(Error::Overflow)?)))
    }

    fn check(&mut self, (start, end): (usize, usize), elem: usize) -> Result {
        for &(s, e, size) in self.writes.iter().take(self.n) {
            if start < e && s < end {
                if size != elem {
                    return Err(Error::Aliasing);
                }
                self.shared = true;
            }
        }
        Ok(())
    }

    fn write<T>(&mut self, p: *const T, len: usize) -> Result {
        if let Some(r) = Self::range(p, len)? {
            self.check(r, core::mem::size_of::<T>())?;
            *self.writes.get_mut(self.n).ok_or(Error::Aliasing)? = (r.0, r.1, core::mem::size_of::<T>());
            self.n += 1;
        }
        Ok(())
    }

    fn read<T>(&mut self, p: *const T, len: usize) -> Result {
        match Self::range(p, len)? {
            Some(r) => self.check(r, core::mem::size_of::<T>()),
            None => Ok(()),
        }
    }
}

fn mv<S: Scale>(mat: SCALE_T, vec: SCALE_T, out: SCALE_T) -> MatVecScales<S> {
    MatVecScales { mat: S::from_raw(mat), vec: S::from_raw(vec), out: S::from_raw(out) }
}

fn add<S: Scale>(a: SCALE_T, b: SCALE_T, out: SCALE_T, demote: SCALE_T) -> AddScales<S> {
    AddScales { a: S::from_raw(a), b: S::from_raw(b), out: S::from_raw(out), demote: S::from_raw(demote) }
}

/// The scales shared by the dense and low-rank structs, which name them alike.
macro_rules! gate_scales {
    ($s:expr, $proj_add:expr) => {{
        let s = $s;
        let f = S::from_raw;
        GateScales::<S> {
            input: f(s.input),
            mean: f(s.mean),
            mean_sub: f(s.meanSub),
            std_dev: f(s.stdDev),
            norm_features_hd_std_dev: f(s.normFeaturesHDStdDev),
            projections_add: $proj_add,
            bg_add: add(s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote),
            sigmoid_scale_in: s.sigmoidScaleIn,
            sigmoid_scale_out: s.sigmoidScaleOut,
            bh_add: add(s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote),
            tanh_scale_in: s.tanhScaleIn,
            tanh_scale_out: s.tanhScaleOut,
            gate_hd_hidden_state: f(s.gateHDHiddenState),
            hidden_state_hd_gate: f(s.hiddenStateHDGate),
            q_one_scale: f(s.qOneScale),
            q_one_sub_gate: f(s.qOneSubGate),
            q_one_sub_gate_out: f(s.qOneSubGateOut),
            sigmoid_zeta: f(s.sigmoidZeta),
            sigmoid_zeta_mul_q_one_sub_gate: f(s.sigmoidZetaMulQOneSubGate),
            sigmoid_nu: f(s.sigmoidNu),
            sigmoid_nu_add_q_one_sub_gate: f(s.sigmoidNuAddQOneSubGate),
            sigmoid_nu_add_q_one_sub_gate_out: f(s.sigmoidNuAddQOneSubGateOut),
            sigmoid_nu_add_q_one_sub_gate_hd_update: f(s.sigmoidNuAddQOneSubGateHDUpdate),
            update_hd_sigmoid_nu_add_q_one_sub_gate: f(s.updateHDSigmoidNuAddQOneSubGate),
            final_add: add(s.pC3AddPC1, s.pC1AddPC3, s.hiddenStateOut, s.hiddenStateDemote),
            sigmoid_limit: s.sigmoidLimit,
            div: s.div,
            add: s.add,
            q_one: s.qOne,
            use_table_sigmoid: s.useTableSigmoid != 0,
            use_table_tanh: s.useTableTanH != 0,
        }
    }};
}

/// The fields of `Q15_FastGRNN_Params` and `Q7xQ15_FastGRNN_Params`, whose
/// layouts differ only in the type of `mean`/`stdDev`.
struct DenseOrSparse<X> {
    mean: *const X,
    std_dev: *const X,
    w: *const Q15_T,
    w_ids: *const ITER_T,
    w_vals: *const Q15_T,
    u: *const Q15_T,
    u_ids: *const ITER_T,
    u_vals: *const Q15_T,
    bg: *const Q15_T,
    bh: *const Q15_T,
    zeta: Q15_T,
    nu: Q15_T,
}

macro_rules! dense_or_sparse {
    ($p:expr) => {{
        let p = $p;
        DenseOrSparse { mean: p.mean, std_dev: p.stdDev, w: p.W, w_ids: p.Wids, w_vals: p.Wvals, u: p.U, u_ids: p.Uids, u_vals: p.Uvals, bg: p.Bg, bh: p.Bh, zeta: p.sigmoid_zeta, nu: p.sigmoid_nu }
    }};
}

/// The call's sizes, checked once.
#[derive(Clone, Copy)]
struct Call {
    hd: usize,
    id: usize,
    steps: usize,
    normalize: bool,
}

impl Call {
    fn new(hidden_dims: ITER_T, input_dims: ITER_T, steps: ITER_T, normalize: c_int) -> Result<Call> {
        dims(&[steps, input_dims])?;
        dims(&[hidden_dims, hidden_dims])?;
        Ok(Call { hd: hidden_dims as usize, id: input_dims as usize, steps: steps as usize, normalize: normalize != 0 })
    }

    fn inputs(&self) -> usize {
        self.steps * self.id
    }

    fn norm_len(&self) -> usize {
        if self.normalize {
            self.inputs()
        } else {
            0
        }
    }
}

/// How `W` and `U` are stored in the `Q15_FastGRNN_Params` of an export:
/// dense or (under `SPARSE`) EdgeML's sparse encoding. A type, not a flag,
/// so that each export contains the code of its own storage only.
trait Storage {
    type P<'a, S: Scale>: Project;
    /// The projection of the `rows × cols` weights at `dense` or `ids`/`vals`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn build<'a, S: Scale>(
        dense: *const Q15_T,
        ids: *const ITER_T,
        vals: *const Q15_T,
        rows: usize,
        cols: ITER_T,
        scales: MatVecScales<S>,
        regions: &mut Regions,
    ) -> Result<Self::P<'a, S>>;
    /// The same weights as views, for a call whose buffers share memory.
    #[allow(clippy::too_many_arguments)]
    unsafe fn view<'a, S: Scale>(dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, rows: usize, cols: ITER_T, scales: MatVecScales<S>) -> Result<ProjectionView<'a, S>>;
}

struct DenseWeights;
struct SparseWeights;

impl Storage for DenseWeights {
    type P<'a, S: Scale> = Dense<'a, S>;
    unsafe fn build<'a, S: Scale>(
        dense: *const Q15_T,
        _ids: *const ITER_T,
        _vals: *const Q15_T,
        rows: usize,
        cols: ITER_T,
        scales: MatVecScales<S>,
        regions: &mut Regions,
    ) -> Result<Dense<'a, S>> {
        let n = rows.checked_mul(cols as usize).ok_or(Error::Overflow)?;
        regions.read(dense, n)?;
        Ok(Dense { mat: slice(dense, n)?, scales })
    }
    unsafe fn view<'a, S: Scale>(dense: *const Q15_T, _ids: *const ITER_T, _vals: *const Q15_T, rows: usize, cols: ITER_T, scales: MatVecScales<S>) -> Result<ProjectionView<'a, S>> {
        let n = rows.checked_mul(cols as usize).ok_or(Error::Overflow)?;
        Ok(ProjectionView::Dense { mat: Shared(cells(dense, n)?), scales })
    }
}

impl Storage for SparseWeights {
    type P<'a, S: Scale> = Sparse<'a, S>;
    unsafe fn build<'a, S: Scale>(
        _dense: *const Q15_T,
        ids: *const ITER_T,
        vals: *const Q15_T,
        _rows: usize,
        cols: ITER_T,
        scales: MatVecScales<S>,
        regions: &mut Regions,
    ) -> Result<Sparse<'a, S>> {
        let mat = sparse_from_c(ids, vals, cols)?;
        regions.read(ids, mat.row_indices().len())?;
        regions.read(vals, mat.values().len())?;
        Ok(Sparse { mat, scales })
    }
    unsafe fn view<'a, S: Scale>(_dense: *const Q15_T, ids: *const ITER_T, vals: *const Q15_T, _rows: usize, cols: ITER_T, scales: MatVecScales<S>) -> Result<ProjectionView<'a, S>> {
        let mat = sparse_from_c(ids, vals, cols)?;
        Ok(ProjectionView::Sparse { ids: mat.row_indices(), vals: Shared(cells(vals, mat.values().len())?), scales })
    }
}

/// `q15_fastgrnn` / `q7xq15_q15_fastgrnn` for one mode and storage.
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_c<X: Feature, S: Scale, W: Storage>(
    hidden_state: *mut Q15_T,
    hidden_dims: ITER_T,
    input: *const X,
    input_dims: ITER_T,
    steps: ITER_T,
    params: impl FnOnce() -> Result<DenseOrSparse<X>>,
    buffers: (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut X),
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> Result {
    let (pc1, pc2, pc3, nf) = buffers;
    if pc1.is_null() || pc2.is_null() || pc3.is_null() {
        return Err(Error::PrecompNotInit);
    }
    if nf.is_null() {
        return Err(Error::NormFeaturesNotInit);
    }
    let p = params()?;
    let s: &Q15_FastGRNN_Scales = reference(scales as *const Q15_FastGRNN_Scales)?;
    let call = Call::new(hidden_dims, input_dims, steps, normalize)?;
    let Call { hd, id, .. } = call;
    let mut regions = Regions::new();
    regions.write(hidden_state, hd)?;
    regions.write(pc1, hd)?;
    regions.write(pc2, hd)?;
    regions.write(pc3, hd)?;
    regions.write(nf, id)?;
    regions.read(input, call.inputs())?;
    regions.read(p.mean, call.norm_len())?;
    regions.read(p.std_dev, call.norm_len())?;
    regions.read(p.bg, hd)?;
    regions.read(p.bh, hd)?;
    let (w_scales, u_scales) = (mv(s.w, s.normFeaturesMVW, s.mVWOut), mv(s.u, s.hiddenStateMVU, s.mVUOut));
    let w = W::build::<S>(p.w, p.w_ids, p.w_vals, hd, input_dims, w_scales, &mut regions)?;
    let u = W::build::<S>(p.u, p.u_ids, p.u_vals, hd, hidden_dims, u_scales, &mut regions)?;
    let gates = gate_scales!(s, add(s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote));
    if regions.shared {
        let cell = FastGrnnView {
            mean: Shared(cells(p.mean, call.norm_len())?),
            std_dev: Shared(cells(p.std_dev, call.norm_len())?),
            w: W::view(p.w, p.w_ids, p.w_vals, hd, input_dims, w_scales)?,
            u: W::view(p.u, p.u_ids, p.u_vals, hd, hidden_dims, u_scales)?,
            bg: Shared(cells(p.bg, hd)?),
            bh: Shared(cells(p.bh, hd)?),
            sigmoid_zeta: p.zeta,
            sigmoid_nu: p.nu,
            scales: gates,
        };
        let c = CallView {
            hidden: Shared(cells(hidden_state, hd)?),
            input: Shared(cells(input, call.inputs())?),
            pre_comp1: Shared(cells(pc1, hd)?),
            pre_comp2: Shared(cells(pc2, hd)?),
            pre_comp3: Shared(cells(pc3, hd)?),
            norm_features: Shared(cells(nf, id)?),
        };
        return cell.run(c, hd, id, call.steps, backward != 0, call.normalize);
    }
    let cell = FastGrnn {
        mean: slice(p.mean, call.norm_len())?,
        std_dev: slice(p.std_dev, call.norm_len())?,
        w,
        u,
        bg: slice(p.bg, hd)?,
        bh: slice(p.bh, hd)?,
        sigmoid_zeta: p.zeta,
        sigmoid_nu: p.nu,
        scales: gates,
    };
    let mut scratch = Scratch { wx: slice_mut(pc1, hd)?, uh: slice_mut(pc2, hd)?, features: slice_mut(nf, id)?, temp_w: &mut [], temp_u: &mut [] };
    cell.run(slice_mut(hidden_state, hd)?, slice(input, call.inputs())?, call.steps, backward != 0, call.normalize, &mut scratch)
}

/// `q15_fastgrnn_lr` for one mode.
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_lr_c<S: Scale>(
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
) -> Result {
    let b: &Q15_FastGRNN_LR_Buffers = reference(buffers as *const Q15_FastGRNN_LR_Buffers)?;
    if b.preComp1.is_null() || b.preComp2.is_null() || b.preComp3.is_null() {
        return Err(Error::PrecompNotInit);
    }
    if b.tempLRW.is_null() {
        return Err(Error::TempLrwNotInit);
    }
    if b.tempLRU.is_null() {
        return Err(Error::TempLruNotInit);
    }
    if b.normFeatures.is_null() {
        return Err(Error::NormFeaturesNotInit);
    }
    let p: &Q15_FastGRNN_LR_Params = reference(params as *const Q15_FastGRNN_LR_Params)?;
    let s: &Q15_FastGRNN_LR_Scales = reference(scales as *const Q15_FastGRNN_LR_Scales)?;
    let call = Call::new(hidden_dims, input_dims, steps, normalize)?;
    let Call { hd, id, .. } = call;
    let (wr, ur) = (p.wRank as usize, p.uRank as usize);
    let w1 = dims(&[p.wRank, input_dims])?;
    let w2 = dims(&[hidden_dims, p.wRank])?;
    let u1 = dims(&[p.uRank, hidden_dims])?;
    let u2 = dims(&[hidden_dims, p.uRank])?;
    let mut regions = Regions::new();
    regions.write(hidden_state, hd)?;
    regions.write(b.preComp1, hd)?;
    regions.write(b.preComp2, hd)?;
    regions.write(b.preComp3, hd)?;
    regions.write(b.normFeatures, id)?;
    regions.write(b.tempLRW, wr)?;
    regions.write(b.tempLRU, ur)?;
    regions.read(input, call.inputs())?;
    regions.read(p.mean, call.norm_len())?;
    regions.read(p.stdDev, call.norm_len())?;
    regions.read(p.W1, w1)?;
    regions.read(p.W2, w2)?;
    regions.read(p.U1, u1)?;
    regions.read(p.U2, u2)?;
    regions.read(p.Bg, hd)?;
    regions.read(p.Bh, hd)?;
    let (w1s, w2s) = (mv::<S>(s.w1, s.normFeaturesMVW1, s.mVW1Out), mv(s.w2, s.tempLRW, s.mVW2Out));
    let (u1s, u2s) = (mv::<S>(s.u1, s.hiddenStateMVU1, s.mVU1Out), mv(s.u2, s.tempLRU, s.mVU2Out));
    let gates = gate_scales!(s, add(s.mV2AddMV4, s.mV4AddMV2, s.mV2AddMV4Out, s.mV2AddMV4Demote));
    if regions.shared {
        let cell = FastGrnnView {
            mean: Shared(cells(p.mean, call.norm_len())?),
            std_dev: Shared(cells(p.stdDev, call.norm_len())?),
            w: ProjectionView::LowRank { first: Shared(cells(p.W1, w1)?), second: Shared(cells(p.W2, w2)?), rank: wr, temp: Shared(cells(b.tempLRW, wr)?), first_scales: w1s, second_scales: w2s },
            u: ProjectionView::LowRank { first: Shared(cells(p.U1, u1)?), second: Shared(cells(p.U2, u2)?), rank: ur, temp: Shared(cells(b.tempLRU, ur)?), first_scales: u1s, second_scales: u2s },
            bg: Shared(cells(p.Bg, hd)?),
            bh: Shared(cells(p.Bh, hd)?),
            sigmoid_zeta: p.sigmoid_zeta,
            sigmoid_nu: p.sigmoid_nu,
            scales: gates,
        };
        let c = CallView {
            hidden: Shared(cells(hidden_state, hd)?),
            input: Shared(cells(input, call.inputs())?),
            pre_comp1: Shared(cells(b.preComp1, hd)?),
            pre_comp2: Shared(cells(b.preComp2, hd)?),
            pre_comp3: Shared(cells(b.preComp3, hd)?),
            norm_features: Shared(cells(b.normFeatures, id)?),
        };
        return cell.run(c, hd, id, call.steps, backward != 0, call.normalize);
    }
    let cell = FastGrnn {
        mean: slice(p.mean, call.norm_len())?,
        std_dev: slice(p.stdDev, call.norm_len())?,
        w: LowRank {
            first: slice(p.W1, w1)?,
            second: slice(p.W2, w2)?,
            rank: wr,
            first_scales: w1s,
            second_scales: w2s,
        },
        u: LowRank {
            first: slice(p.U1, u1)?,
            second: slice(p.U2, u2)?,
            rank: ur,
            first_scales: u1s,
            second_scales: u2s,
        },
        bg: slice(p.Bg, hd)?,
        bh: slice(p.Bh, hd)?,
        sigmoid_zeta: p.sigmoid_zeta,
        sigmoid_nu: p.sigmoid_nu,
        scales: gates,
    };
    let mut scratch = Scratch {
        wx: slice_mut(b.preComp1, hd)?,
        uh: slice_mut(b.preComp2, hd)?,
        features: slice_mut(b.normFeatures, id)?,
        temp_w: slice_mut(b.tempLRW, wr)?,
        temp_u: slice_mut(b.tempLRU, ur)?,
    };
    cell.run(slice_mut(hidden_state, hd)?, slice(input, call.inputs())?, call.steps, backward != 0, call.normalize, &mut scratch)
}

fn code(r: Result) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => e.code(),
    }
}

/// The C structs of the FastGRNN whose input elements are `Self`:
/// `Q15_FastGRNN_*` for Q15 input, `Q7xQ15_FastGRNN_*` for Q7 input.
trait CStructs: Feature {
    type Params;
    type Buffers;
    fn params(p: &Self::Params) -> DenseOrSparse<Self>;
    /// `preComp1`, `preComp2`, `preComp3`, `normFeatures`.
    fn scratch(b: &Self::Buffers) -> (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut Self);
}

impl CStructs for Q15_T {
    type Params = Q15_FastGRNN_Params;
    type Buffers = Q15_FastGRNN_Buffers;
    fn params(p: &Q15_FastGRNN_Params) -> DenseOrSparse<Q15_T> {
        dense_or_sparse!(p)
    }
    fn scratch(b: &Q15_FastGRNN_Buffers) -> (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut Q15_T) {
        (b.preComp1, b.preComp2, b.preComp3, b.normFeatures)
    }
}

impl CStructs for Q7_T {
    type Params = Q7xQ15_FastGRNN_Params;
    type Buffers = Q7xQ15_FastGRNN_Buffers;
    fn params(p: &Q7xQ15_FastGRNN_Params) -> DenseOrSparse<Q7_T> {
        dense_or_sparse!(p)
    }
    fn scratch(b: &Q7xQ15_FastGRNN_Buffers) -> (*mut Q15_T, *mut Q15_T, *mut Q15_T, *mut Q7_T) {
        (b.preComp1, b.preComp2, b.preComp3, b.normFeatures)
    }
}

/// `q15_fastgrnn` (`X` = Q15) or `q7xq15_q15_fastgrnn` (`X` = Q7) for one
/// mode and storage: unpacks the C structs and runs the cell.
#[allow(clippy::too_many_arguments)]
unsafe fn fastgrnn_entry<X: CStructs, S: Scale, W: Storage>(
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
    let scratch = match reference(buffers as *const X::Buffers) {
        Ok(b) => X::scratch(b),
        Err(e) => return e.code(),
    };
    let params = || reference(params as *const X::Params).map(X::params);
    code(fastgrnn_c::<X, S, W>(hiddenState, hiddenDims, input, inputDims, steps, params, scratch, scales, backward, normalize))
}

/// `q15_fastgrnn`, division build, dense `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_fastgrnn_div_dense(
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
    fastgrnn_entry::<Q15_T, Divisor, DenseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q15_fastgrnn`, division build, sparse `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_fastgrnn_div_sparse(
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
    fastgrnn_entry::<Q15_T, Divisor, SparseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q15_fastgrnn`, `SHIFT` build, dense `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_fastgrnn_shift_dense(
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
    fastgrnn_entry::<Q15_T, Exponent, DenseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q15_fastgrnn`, `SHIFT` build, sparse `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_fastgrnn_shift_sparse(
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
    fastgrnn_entry::<Q15_T, Exponent, SparseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q7xq15_q15_fastgrnn`, division build, dense `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_fastgrnn_div_dense(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const Q7_T,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    fastgrnn_entry::<Q7_T, Divisor, DenseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q7xq15_q15_fastgrnn`, division build, sparse `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_fastgrnn_div_sparse(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const Q7_T,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    fastgrnn_entry::<Q7_T, Divisor, SparseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q7xq15_q15_fastgrnn`, `SHIFT` build, dense `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_fastgrnn_shift_dense(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const Q7_T,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    fastgrnn_entry::<Q7_T, Exponent, DenseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q7xq15_q15_fastgrnn`, `SHIFT` build, sparse `W`/`U`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_fastgrnn_shift_sparse(
    hiddenState: *mut Q15_T,
    hiddenDims: ITER_T,
    input: *const Q7_T,
    inputDims: ITER_T,
    steps: ITER_T,
    params: *const c_void,
    buffers: *mut c_void,
    scales: *const c_void,
    backward: c_int,
    normalize: c_int,
) -> c_int {
    fastgrnn_entry::<Q7_T, Exponent, SparseWeights>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize)
}

/// `q15_fastgrnn_lr`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_fastgrnn_lr_div(
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
    code(fastgrnn_lr_c::<Divisor>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize))
}

/// `q15_fastgrnn_lr`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_fastgrnn_lr_shift(
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
    code(fastgrnn_lr_c::<Exponent>(hiddenState, hiddenDims, input, inputDims, steps, params, buffers, scales, backward, normalize))
}
