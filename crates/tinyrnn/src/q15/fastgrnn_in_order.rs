//! FastGRNN as EdgeML's sequence of primitive calls, on views that may
//! share memory.
//!
//! [`super::fastgrnn::FastGrnn`] fuses a step into one pass and keeps its
//! intermediates out of the `preComp*` buffers; that is exact whenever the
//! buffers are separate. A C caller may instead pass buffers that share
//! memory (EdgeML users do: `normFeatures == preComp2` saves a buffer).
//! EdgeML then gives whatever its sequence of `q15_v_sub`, `q15_m_mulvec`,
//! `q15_v_add`, … calls produces through the shared memory. This module
//! repeats that sequence, call for call and element for element, on
//! [`Shared`] views, so the result is EdgeML's for any such layout:
//!
//! per step: normalise (or copy) the input into `normFeatures`; under
//! sparse storage zero `preComp1` and `preComp2`; `preComp1 = W·x`
//! (low rank: `tempLRW = W1·x`, `preComp1 = W2·tempLRW`); `preComp2 = U·h`
//! (likewise through `tempLRU`); `preComp1 += preComp2`; `preComp2 =
//! σ(preComp1 + Bg)`; `preComp1 = tanh(preComp1 + Bh)`; `preComp3 =
//! preComp2 ⊙ h`; `preComp2 = ν + ζ(1 − preComp2)`; `preComp1 = preComp2 ⊙
//! preComp1`; `h = preComp3 + preComp1`.

use super::fastgrnn::{AddScales, Feature, MatVecScales, StepScales, TypedScales};
use super::matrix::{m_mulvec_in_order, sparse_mulvec_in_order, SparseShape};
use super::mem::{Load, Shared, Store};
use super::vector::{add_op, hadamard_op, scalar_add_op, scalar_mul_op, scalar_sub_op, sigmoid_op, sub_op, tanh_op};
use super::Elem;
use crate::error::{Error, Result};
use crate::scale::Scale;

/// `W` or `U` as views.
#[derive(Clone, Copy)]
pub enum ProjectionView<'a, S> {
    /// Row-major `rows × cols`.
    #[allow(missing_docs)]
    Dense { mat: Shared<'a, i16>, scales: MatVecScales<S> },
    /// EdgeML's sparse encoding: row numbers (never shared with Q15 memory) and values.
    #[allow(missing_docs)]
    Sparse { ids: &'a [u32], vals: Shared<'a, i16>, scales: MatVecScales<S> },
    /// `second · (first · v)` through `temp` (`tempLRW`/`tempLRU`, `rank` elements).
    #[allow(missing_docs)]
    LowRank { first: Shared<'a, i16>, second: Shared<'a, i16>, rank: usize, temp: Shared<'a, i16>, first_scales: MatVecScales<S>, second_scales: MatVecScales<S> },
}

/// A FastGRNN's parameters as views. The scales `G` are a
/// [`TypedScales`] or [`super::fastgrnn::TypedLrScales`], as for
/// [`super::fastgrnn::FastGrnn`] (the C entry borrows the caller's struct).
#[derive(Clone, Copy)]
pub struct FastGrnnView<'a, X, S, G = TypedScales<S>> {
    /// Per-step means (`steps × inputDims`, read when normalising).
    pub mean: Shared<'a, X>,
    /// Per-step inverse deviations (`steps × inputDims`).
    pub std_dev: Shared<'a, X>,
    /// `W` (`hiddenDims × inputDims`).
    pub w: ProjectionView<'a, S>,
    /// `U` (`hiddenDims × hiddenDims`).
    pub u: ProjectionView<'a, S>,
    /// Gate bias.
    pub bg: Shared<'a, i16>,
    /// Candidate bias.
    pub bh: Shared<'a, i16>,
    /// ζ.
    pub sigmoid_zeta: i16,
    /// ν.
    pub sigmoid_nu: i16,
    /// Every scale of the step but the projections'.
    pub scales: G,
    /// `S` is the scales' mode.
    pub mode: core::marker::PhantomData<S>,
}

/// The state, input and buffers of a call, as views.
#[derive(Clone, Copy)]
pub struct CallView<'a, X> {
    /// The state (`hiddenDims`), updated.
    pub hidden: Shared<'a, i16>,
    /// `steps × inputDims` inputs.
    pub input: Shared<'a, X>,
    /// `preComp1` (`hiddenDims`).
    pub pre_comp1: Shared<'a, i16>,
    /// `preComp2` (`hiddenDims`).
    pub pre_comp2: Shared<'a, i16>,
    /// `preComp3` (`hiddenDims`).
    pub pre_comp3: Shared<'a, i16>,
    /// `normFeatures` (`inputDims`).
    pub norm_features: Shared<'a, X>,
}

/// An element operation of the sequence, `op(a[i], b[i])` (one-operand
/// operations ignore `b`). A trait object: this path is cold, so every
/// primitive shares one loop ([`each`]) and costs only its own small body.
type Op<'o> = &'o dyn Fn(i32, i32) -> i32;

/// `ret[i] = op(a[i], b[i])` for `i = 0, 1, …`: EdgeML's element-wise loop
/// (both operands loaded before the store, as in C).
#[inline(never)]
fn each<T: Elem>(a: Shared<'_, T>, b: Shared<'_, T>, n: usize, mut ret: Shared<'_, T>, op: Op<'_>) {
    for i in 0..n {
        let v = op(a.load(i).int(), b.load(i).int());
        ret.store(i, T::store(v));
    }
}

/// A view of `n` elements from `at` on (empty past the end).
fn from<T>(v: Shared<'_, T>, at: usize) -> Shared<'_, T> {
    Shared(v.0.get(at..).unwrap_or(&[]))
}

fn add(s: AddScales<impl Scale>) -> impl Fn(i32, i32) -> i32 + Copy {
    add_op(s.a, s.b, s.out, s.demote)
}

fn total<S: Scale>(m: &MatVecScales<S>) -> S {
    m.mat.then(m.vec).then(m.out)
}

/// `out = m · v` with EdgeML's kernel for the vector type: 64-bit sums for
/// Q15, 32-bit for Q7 (`q15xq7_q15_m_mulvec`).
fn mulvec<V: Feature, S: Scale>(m: &Shared<'_, i16>, v: &impl Load<V>, rows: usize, cols: usize, out: &mut Shared<'_, i16>, scale: S) -> Result {
    if core::mem::size_of::<V>() == 2 {
        m_mulvec_in_order(m, v, rows, cols, out, |p| scale.down64(p.map(|(a, b)| (a * b) as i64).sum()) as i16)
    } else {
        m_mulvec_in_order(m, v, rows, cols, out, |p| scale.down(p.fold(0i32, |s, (a, b)| s.wrapping_add(a * b))) as i16)
    }
}

impl<S: Scale> ProjectionView<'_, S> {
    /// `out = P · v` in EdgeML's order (sparse: accumulated into `out`,
    /// which the caller has zeroed).
    // Inlined, as `check`: each export builds its views of one storage, so
    // the other storages' arms (and their products) drop out of it.
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &impl Load<V>, rows: usize, cols: usize, out: &mut Shared<'_, i16>) -> Result {
        match self {
            ProjectionView::Dense { mat, scales } => mulvec(mat, v, rows, cols, out, total(scales)),
            ProjectionView::Sparse { ids, vals, scales } => sparse_mulvec_in_order(ids, vals, v, cols, out, total(scales)),
            ProjectionView::LowRank { first, second, rank, temp, first_scales, second_scales } => {
                let mut t = *temp;
                mulvec(first, v, *rank, cols, &mut t, total(first_scales))?;
                mulvec(second, temp, rows, *rank, out, total(second_scales))
            }
        }
    }

    /// The shape checks of [`super::fastgrnn::Project::check`], with its
    /// codes, so that a refused call writes nothing here either.
    #[inline(always)]
    fn check(&self, rows: usize, cols: usize) -> Result {
        let fits = |len: usize, a: usize, b: usize| a.checked_mul(b).is_some_and(|n| len >= n);
        let ok = match self {
            ProjectionView::Dense { mat, .. } => fits(mat.size(), rows, cols),
            ProjectionView::Sparse { ids, vals, .. } => {
                let shape = SparseShape::walk(ids.iter().copied(), cols);
                shape.cols == cols && shape.nrows <= rows && vals.size() >= shape.nnz
            }
            ProjectionView::LowRank { first, second, rank, temp, .. } => fits(first.size(), *rank, cols) && fits(second.size(), rows, *rank) && temp.size() >= *rank,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::Length)
        }
    }

    fn is_sparse(&self) -> bool {
        matches!(self, ProjectionView::Sparse { .. })
    }
}

impl<X: Feature, S: Scale, G: StepScales<S>> FastGrnnView<'_, X, S, G> {
    /// Runs `steps` steps as EdgeML's primitive sequence. Checks the view
    /// lengths first; `Err` means nothing was written.
    // Inlined: the C entry calls it from one cold function per export,
    // where the weights' storage is known, so the other storages' arms
    // of `ProjectionView` drop out of that export.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn run(&self, c: CallView<'_, X>, hd: usize, id: usize, steps: usize, backward: bool, normalize: bool) -> Result {
        let total_in = steps.checked_mul(id).ok_or(Error::Overflow)?;
        let short = |v: usize, n: usize| v < n;
        if short(c.hidden.size(), hd)
            || short(c.pre_comp1.size(), hd)
            || short(c.pre_comp2.size(), hd)
            || short(c.pre_comp3.size(), hd)
            || short(c.norm_features.size(), id)
            || short(c.input.size(), total_in)
            || short(self.bg.size(), hd)
            || short(self.bh.size(), hd)
            || (normalize && (short(self.mean.size(), total_in) || short(self.std_dev.size(), total_in)))
        {
            return Err(Error::Length);
        }
        self.w.check(hd, id)?;
        self.u.check(hd, hd)?;
        self.run_unchecked(c, hd, id, steps, backward, normalize)
    }

    /// The steps of [`Self::run`], after its checks.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn run_unchecked(&self, c: CallView<'_, X>, hd: usize, id: usize, steps: usize, backward: bool, normalize: bool) -> Result {
        let (ns, sc, act) = (self.scales.norm(), self.scales.update(), self.scales.activation());
        let sub = sub_op(ns.input, ns.mean, ns.mean_sub);
        let norm = hadamard_op(ns.std_dev, ns.norm_features_hd_std_dev);
        let sigmoid = sigmoid_op(act.div, act.add, act.sigmoid_limit, sc.sigmoid_scale_in, sc.sigmoid_scale_out, act.use_table_sigmoid);
        let tanh = tanh_op(sc.tanh_scale_in, sc.tanh_scale_out, act.use_table_tanh);
        let gate_h = hadamard_op(sc.gate_hd_hidden_state, sc.hidden_state_hd_gate);
        let one_minus = scalar_sub_op(act.q_one, sc.q_one_scale, sc.q_one_sub_gate, sc.q_one_sub_gate_out);
        let zeta = scalar_mul_op(self.sigmoid_zeta, sc.sigmoid_zeta, sc.sigmoid_zeta_mul_q_one_sub_gate);
        let nu = scalar_add_op(self.sigmoid_nu, sc.sigmoid_nu, sc.sigmoid_nu_add_q_one_sub_gate, sc.sigmoid_nu_add_q_one_sub_gate_out);
        let update = hadamard_op(sc.sigmoid_nu_add_q_one_sub_gate_hd_update, sc.update_hd_sigmoid_nu_add_q_one_sub_gate);
        let CallView { hidden, input, mut pre_comp1, mut pre_comp2, pre_comp3, norm_features } = c;
        let sparse = self.w.is_sparse() || self.u.is_sparse();
        for t in 0..steps {
            let offset = if backward { steps - 1 - t } else { t } * id;
            let x = from(input, offset);
            let nf = norm_features;
            if normalize {
                each(x, from(self.mean, offset), id, nf, &sub);
                each(from(self.std_dev, offset), nf, id, nf, &norm);
            } else {
                each(x, x, id, nf, &|a, _| a);
            }
            if sparse {
                // EdgeML's SPARSE build clears both outputs before the products.
                (0..hd).for_each(|i| pre_comp1.store(i, 0));
                (0..hd).for_each(|i| pre_comp2.store(i, 0));
            }
            self.w.apply(&nf, hd, id, &mut { pre_comp1 })?;
            self.u.apply(&hidden, hd, hd, &mut { pre_comp2 })?;
            let (p1, p2, p3) = (pre_comp1, pre_comp2, pre_comp3);
            each(p1, p2, hd, p1, &add(sc.projections_add));
            each(p1, self.bg, hd, p2, &add(sc.bg_add));
            each(p2, p2, hd, p2, &|x, _| sigmoid(x));
            each(p1, self.bh, hd, p1, &add(sc.bh_add));
            each(p1, p1, hd, p1, &|x, _| tanh(x));
            each(p2, hidden, hd, p3, &gate_h);
            each(p2, p2, hd, p2, &|x, _| one_minus(x));
            each(p2, p2, hd, p2, &|x, _| zeta(x));
            each(p2, p2, hd, p2, &|x, _| nu(x));
            each(p2, p1, hd, p1, &update);
            each(p3, p1, hd, hidden, &add(sc.final_add));
        }
        Ok(())
    }
}
