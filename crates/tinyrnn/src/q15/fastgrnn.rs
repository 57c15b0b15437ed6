//! Quantized FastGRNN (`q15_fastgrnn`, `q7xq15_q15_fastgrnn`, `q15_fastgrnn_lr`)
//! as one cell, generic over the input type `X` (Q15 or Q7), the weight
//! storage ([`Projection`]) and the scaling mode `S`.
//!
//! One step, with every intermediate stored to Q15 as EdgeML does:
//! ```text
//! x   = normalize ? ((x_t - mean_t) · stdDev_t) : x_t        (in X)
//! a   = add(W·x, U·h)                        (mV1AddMV2 scales)
//! g   = sigmoid(add(a, Bg))                  (pC1AddBg, sigmoid scales)
//! c   = tanh(add(a, Bh))                     (pC1AddBh, tanh scales)
//! h'  = add(g·h, (nu + zeta·(qOne - g))·c)   (the remaining scales)
//! ```
//! The matrix products fill two scratch vectors; everything after them is
//! element-wise, so it runs as one fused pass over the hidden state. The
//! result is bit-identical to EdgeML's sequence of vector calls, whose
//! intermediate buffers it does not need to write.

use super::matrix::{dot_q15, dot_q15xq7, SparseMatrix};
use super::vector::{add_op, hadamard_op, scalar_add_op, scalar_mul_op, scalar_sub_op, sigmoid_op, sub_op, tanh_op};
use super::Elem;
use crate::error::{Error, Result};
use crate::scale::Scale;

/// Scales of one matrix–vector product: `(mat · vec) / (mat·vec·out)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatVecScales<S> {
    /// The weights.
    pub mat: S,
    /// Scale of the vector.
    pub vec: S,
    /// Output scale (`scret`).
    pub out: S,
}

impl<S: Scale> MatVecScales<S> {
    fn total(&self) -> S {
        self.mat.then(self.vec).then(self.out)
    }
}

/// Scales of an EdgeML `q15_v_add` call: `(a/(a·out) + b/(b·out)) / demote`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AddScales<S> {
    /// Scale of the first operand (EdgeML's `scvec1`).
    pub a: S,
    /// Scale of the second operand (`scvec2`).
    pub b: S,
    /// Output scale (`scret`).
    pub out: S,
    /// Final demotion (`demote`).
    pub demote: S,
}

/// How `W` (or `U`) is stored.
#[derive(Clone, Copy, Debug)]
pub enum Projection<'a, S> {
    /// Row-major `rows × cols` matrix.
    Dense {
        /// The weights.
        mat: &'a [i16],
        /// Every scale of a step other than the projections' (see [`GateScales`]).
        scales: MatVecScales<S>,
    },
    /// EdgeML's column-major sparse encoding.
    Sparse {
        /// The weights.
        mat: SparseMatrix<'a>,
        /// Every scale of a step other than the projections' (see [`GateScales`]).
        scales: MatVecScales<S>,
    },
    /// `second · (first · v)` with `first`: `rank × cols`, `second`: `rows × rank`.
    LowRank {
        /// `first`, `rank × cols`, row-major.
        first: &'a [i16],
        /// `second`, `rows × rank`, row-major.
        second: &'a [i16],
        /// The rank.
        rank: usize,
        /// Scales of `first · v`.
        first_scales: MatVecScales<S>,
        /// Scales of `second · (first · v)`.
        second_scales: MatVecScales<S>,
    },
}

/// Every scale of a FastGRNN step other than the two projections'.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GateScales<S> {
    /// EdgeML `input`: scale of `x` in `x − mean`.
    pub input: S,
    /// EdgeML `mean`: scale of the mean in `x − mean`.
    pub mean: S,
    /// EdgeML `meanSub`: output scale of `x − mean`.
    pub mean_sub: S,
    /// EdgeML `stdDev`: scale of `stdDev` in `· stdDev`.
    pub std_dev: S,
    /// EdgeML `normFeaturesHDStdDev`: scale of the centred input in `· stdDev`.
    pub norm_features_hd_std_dev: S,
    /// `W·x + U·h` (EdgeML's `mV1AddMV2…`, `mV2AddMV4…` in low rank).
    pub projections_add: AddScales<S>,
    /// EdgeML `pC1AddBg`, `bg`, `pC1AddBgOut`, `pC1AddBgDemote`: `a + Bg`.
    pub bg_add: AddScales<S>,
    /// EdgeML `sigmoidScaleIn` (of `q15_v_sigmoid`).
    pub sigmoid_scale_in: i32,
    /// EdgeML `sigmoidScaleOut`.
    pub sigmoid_scale_out: i32,
    /// EdgeML `pC1AddBh`, `bh`, `pC1AddBhOut`, `pC1AddBhDemote`: `a + Bh`.
    pub bh_add: AddScales<S>,
    /// EdgeML `tanhScaleIn` (of `q15_v_tanh`).
    pub tanh_scale_in: i32,
    /// EdgeML `tanhScaleOut`.
    pub tanh_scale_out: i32,
    /// EdgeML `gateHDHiddenState`: scale of the gate in `z ⊙ h`.
    pub gate_hd_hidden_state: S,
    /// EdgeML `hiddenStateHDGate`: scale of `h` in `z ⊙ h`.
    pub hidden_state_hd_gate: S,
    /// EdgeML `qOneScale`: scale of `qOne` in `qOne − z`.
    pub q_one_scale: S,
    /// EdgeML `qOneSubGate`: scale of `z` in `qOne − z`.
    pub q_one_sub_gate: S,
    /// EdgeML `qOneSubGateOut`: output scale of `qOne − z`.
    pub q_one_sub_gate_out: S,
    /// EdgeML `sigmoidZeta`: scale of `ζ` in `ζ·(qOne − z)`.
    pub sigmoid_zeta: S,
    /// EdgeML `sigmoidZetaMulQOneSubGate`: scale of `qOne − z` in `ζ·(qOne − z)`.
    pub sigmoid_zeta_mul_q_one_sub_gate: S,
    /// EdgeML `sigmoidNu`: scale of `ν` in `+ ν`.
    pub sigmoid_nu: S,
    /// EdgeML `sigmoidNuAddQOneSubGate`: scale of `ζ·(qOne − z)` in `+ ν`.
    pub sigmoid_nu_add_q_one_sub_gate: S,
    /// EdgeML `sigmoidNuAddQOneSubGateOut`: output scale of `+ ν`.
    pub sigmoid_nu_add_q_one_sub_gate_out: S,
    /// EdgeML `sigmoidNuAddQOneSubGateHDUpdate`: scale of the mix in `mix ⊙ h̃`.
    pub sigmoid_nu_add_q_one_sub_gate_hd_update: S,
    /// EdgeML `updateHDSigmoidNuAddQOneSubGate`: scale of `h̃` in `mix ⊙ h̃`.
    pub update_hd_sigmoid_nu_add_q_one_sub_gate: S,
    /// EdgeML `pC3AddPC1`, `pC1AddPC3`, `hiddenStateOut`, `hiddenStateDemote`: the new state's sum.
    pub final_add: AddScales<S>,
    /// EdgeML `sigmoidLimit` (of `q15_v_sigmoid`).
    pub sigmoid_limit: i16,
    /// EdgeML `div` (of `q15_v_sigmoid`).
    pub div: i16,
    /// EdgeML `add` (of `q15_v_sigmoid`).
    pub add: i16,
    /// EdgeML `qOne`, the Q15 value of 1.
    pub q_one: i16,
    /// EdgeML `useTableSigmoid`: the table-based sigmoid.
    pub use_table_sigmoid: bool,
    /// EdgeML `useTableTanH`: the table-based tanh.
    pub use_table_tanh: bool,
}

/// A FastGRNN cell's parameters. `W` and `U` are any [`Project`]: one
/// storage type each ([`Dense`], [`Sparse`], [`LowRank`]) or [`Projection`].
#[derive(Clone, Copy, Debug)]
pub struct FastGrnn<'a, X, S, W = Projection<'a, S>, U = W> {
    /// Per-step means, `steps × inputDims` (only read when normalising).
    pub mean: &'a [X],
    /// Per-step scales of the normalisation, `steps × inputDims`.
    pub std_dev: &'a [X],
    /// The input projection `W` (`hiddenDims × inputDims`).
    pub w: W,
    /// The recurrent projection `U` (`hiddenDims × hiddenDims`).
    pub u: U,
    /// Gate bias `Bg`, `hiddenDims`.
    pub bg: &'a [i16],
    /// Candidate bias `Bh`, `hiddenDims`.
    pub bh: &'a [i16],
    /// `ζ` (Q15) of `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃`.
    pub sigmoid_zeta: i16,
    /// `ν` (Q15) of `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃`.
    pub sigmoid_nu: i16,
    /// Every scale of a step other than the projections' (see [`GateScales`]).
    pub scales: GateScales<S>,
}

/// Scratch memory of a step. `temp_w`/`temp_u` are only used by low-rank
/// projections (`wRank`/`uRank` elements); may be empty otherwise.
#[derive(Debug)]
pub struct Scratch<'b, X> {
    /// `hiddenDims` elements: receives `W·x`.
    pub wx: &'b mut [i16],
    /// `hiddenDims` elements: receives `U·h`.
    pub uh: &'b mut [i16],
    /// `inputDims` elements: the (normalised) input of the step.
    pub features: &'b mut [X],
    /// `wRank` elements for a low-rank `W` (`W1·x`); may be empty otherwise.
    pub temp_w: &'b mut [i16],
    /// `uRank` elements for a low-rank `U` (`U1·h`); may be empty otherwise.
    pub temp_u: &'b mut [i16],
}

/// Input element types of FastGRNN: Q15, or Q7 with the 32-bit Q15×Q7 products.
pub trait Feature: Elem {
    /// `dot(row, vec) / scale`, accumulated as the reference does for this input type.
    fn dot<S: Scale>(row: &[i16], vec: &[Self], scale: S) -> i16;
}

impl Feature for i16 {
    #[inline(always)]
    fn dot<S: Scale>(row: &[i16], vec: &[i16], scale: S) -> i16 {
        dot_q15(row, vec, scale)
    }
}

impl Feature for i8 {
    #[inline(always)]
    fn dot<S: Scale>(row: &[i16], vec: &[i8], scale: S) -> i16 {
        dot_q15xq7(row, vec, scale)
    }
}

/// How a FastGRNN computes `out = P · v` for `W` or `U`.
///
/// [`Dense`], [`Sparse`] and [`LowRank`] each hold one storage; a cell built
/// from them contains only that storage's code (what a firmware calling one
/// C export links). [`Projection`] chooses at run time.
pub trait Project {
    /// Checks the weights against a `rows × cols` product and the scratch.
    fn check(&self, rows: usize, cols: usize, temp: &[i16]) -> Result;
    /// `out = P · v` (`out.len()` rows, checked by [`Project::check`]).
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16]);
}

/// Dense row-major `rows × cols` weights.
#[derive(Clone, Copy, Debug)]
pub struct Dense<'a, S> {
    /// The weights.
    pub mat: &'a [i16],
    /// Every scale of a step other than the projections' (see [`GateScales`]).
    pub scales: MatVecScales<S>,
}

/// Weights in EdgeML's column-major sparse encoding.
#[derive(Clone, Copy, Debug)]
pub struct Sparse<'a, S> {
    /// The weights.
    pub mat: SparseMatrix<'a>,
    /// Every scale of a step other than the projections' (see [`GateScales`]).
    pub scales: MatVecScales<S>,
}

/// `second · (first · v)` with `first`: `rank × cols`, `second`: `rows × rank`.
#[derive(Clone, Copy, Debug)]
pub struct LowRank<'a, S> {
    /// `first`, `rank × cols`, row-major.
    pub first: &'a [i16],
    /// `second`, `rows × rank`, row-major.
    pub second: &'a [i16],
    /// The rank.
    pub rank: usize,
    /// Scales of `first · v`.
    pub first_scales: MatVecScales<S>,
    /// Scales of `second · (first · v)`.
    pub second_scales: MatVecScales<S>,
}

fn fits(len: usize, a: usize, b: usize) -> bool {
    a.checked_mul(b).is_some_and(|n| len >= n)
}

fn ok_if(ok: bool) -> Result {
    if ok {
        Ok(())
    } else {
        Err(Error::Length)
    }
}

impl<S: Scale> Project for Dense<'_, S> {
    fn check(&self, rows: usize, cols: usize, _temp: &[i16]) -> Result {
        ok_if(fits(self.mat.len(), rows, cols))
    }
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], _temp: &mut [i16]) {
        rows_times(self.mat, v, out, self.scales.total());
    }
}

impl<S: Scale> Project for Sparse<'_, S> {
    fn check(&self, rows: usize, cols: usize, _temp: &[i16]) -> Result {
        ok_if(self.mat.ncols() == cols && self.mat.nrows() <= rows)
    }
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], _temp: &mut [i16]) {
        out.iter_mut().for_each(|o| *o = 0);
        // Cannot fail: `check` matched the shapes.
        let _ = self.mat.accumulate(v, out, self.scales.total());
    }
}

impl<S: Scale> Project for LowRank<'_, S> {
    fn check(&self, rows: usize, cols: usize, temp: &[i16]) -> Result {
        ok_if(fits(self.first.len(), self.rank, cols) && fits(self.second.len(), rows, self.rank) && temp.len() >= self.rank)
    }
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16]) {
        if let Some(temp) = temp.get_mut(..self.rank) {
            rows_times(self.first, v, temp, self.first_scales.total());
            rows_times(self.second, temp, out, self.second_scales.total());
        }
    }
}

impl<S: Scale> Project for Projection<'_, S> {
    fn check(&self, rows: usize, cols: usize, temp: &[i16]) -> Result {
        match *self {
            Projection::Dense { mat, scales } => Dense { mat, scales }.check(rows, cols, temp),
            Projection::Sparse { mat, scales } => Sparse { mat, scales }.check(rows, cols, temp),
            Projection::LowRank { first, second, rank, first_scales, second_scales } => {
                LowRank { first, second, rank, first_scales, second_scales }.check(rows, cols, temp)
            }
        }
    }
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16]) {
        match *self {
            Projection::Dense { mat, scales } => Dense { mat, scales }.apply(v, out, temp),
            Projection::Sparse { mat, scales } => Sparse { mat, scales }.apply(v, out, temp),
            Projection::LowRank { first, second, rank, first_scales, second_scales } => {
                LowRank { first, second, rank, first_scales, second_scales }.apply(v, out, temp)
            }
        }
    }
}

/// `out[r] = dot(mat row r, v)` for `out.len()` rows of `v.len()` columns.
#[inline(always)]
fn rows_times<V: Feature, S: Scale>(mat: &[i16], v: &[V], out: &mut [i16], scale: S) {
    let cols = v.len();
    if cols == 0 {
        out.iter_mut().for_each(|o| *o = V::dot(&[], v, scale));
        return;
    }
    for (o, row) in out.iter_mut().zip(mat.chunks_exact(cols)) {
        *o = V::dot(row, v, scale);
    }
}

/// Stores to Q15 and promotes again: EdgeML keeps every intermediate in a
/// Q15 buffer.
#[inline(always)]
fn q15(v: i32) -> i32 {
    v as i16 as i32
}

impl<'a, X: Feature, S: Scale, W: Project, U: Project> FastGrnn<'a, X, S, W, U> {
    /// Runs `steps` steps over `input` (`steps × inputDims`, `inputDims =
    /// scratch.features.len()`), updating `hidden` (`hiddenDims` elements),
    /// backwards in time if `backward`. Checks every length before writing.
    pub fn run(&self, hidden: &mut [i16], input: &[X], steps: usize, backward: bool, normalize: bool, scratch: &mut Scratch<'_, X>) -> Result {
        let hd = hidden.len();
        let id = scratch.features.len();
        let total = steps.checked_mul(id).ok_or(Error::Overflow)?;
        let long_enough = |len: usize, n: usize| if len >= n { Ok(()) } else { Err(Error::Length) };
        long_enough(input.len(), total)?;
        if normalize {
            long_enough(self.mean.len(), total)?;
            long_enough(self.std_dev.len(), total)?;
        }
        long_enough(self.bg.len(), hd)?;
        long_enough(self.bh.len(), hd)?;
        long_enough(scratch.wx.len(), hd)?;
        long_enough(scratch.uh.len(), hd)?;
        self.w.check(hd, id, scratch.temp_w)?;
        self.u.check(hd, hd, scratch.temp_u)?;
        let sc = &self.scales;
        let sub = sub_op(sc.input, sc.mean, sc.mean_sub);
        let norm = hadamard_op(sc.std_dev, sc.norm_features_hd_std_dev);
        let pa = sc.projections_add;
        let add_proj = add_op(pa.a, pa.b, pa.out, pa.demote);
        let bg = sc.bg_add;
        let add_bg = add_op(bg.a, bg.b, bg.out, bg.demote);
        let bh = sc.bh_add;
        let add_bh = add_op(bh.a, bh.b, bh.out, bh.demote);
        let sigmoid = sigmoid_op(sc.div, sc.add, sc.sigmoid_limit, sc.sigmoid_scale_in, sc.sigmoid_scale_out, sc.use_table_sigmoid);
        let tanh = tanh_op(sc.tanh_scale_in, sc.tanh_scale_out, sc.use_table_tanh);
        let gate_h = hadamard_op(sc.gate_hd_hidden_state, sc.hidden_state_hd_gate);
        let one_minus = scalar_sub_op(sc.q_one, sc.q_one_scale, sc.q_one_sub_gate, sc.q_one_sub_gate_out);
        let zeta = scalar_mul_op(self.sigmoid_zeta, sc.sigmoid_zeta, sc.sigmoid_zeta_mul_q_one_sub_gate);
        let nu = scalar_add_op(self.sigmoid_nu, sc.sigmoid_nu, sc.sigmoid_nu_add_q_one_sub_gate, sc.sigmoid_nu_add_q_one_sub_gate_out);
        let update = hadamard_op(sc.sigmoid_nu_add_q_one_sub_gate_hd_update, sc.update_hd_sigmoid_nu_add_q_one_sub_gate);
        let fa = sc.final_add;
        let add_final = add_op(fa.a, fa.b, fa.out, fa.demote);

        let (wx, uh) = match (scratch.wx.get_mut(..hd), scratch.uh.get_mut(..hd)) {
            (Some(wx), Some(uh)) => (wx, uh),
            _ => return Err(Error::Length),
        };
        for t in 0..steps {
            let offset = if backward { steps - 1 - t } else { t } * id;
            let x = input.get(offset..offset + id).unwrap_or(&[]);
            if normalize {
                let mean = self.mean.get(offset..offset + id).unwrap_or(&[]);
                let std = self.std_dev.get(offset..offset + id).unwrap_or(&[]);
                for (((f, &xv), &m), &s) in scratch.features.iter_mut().zip(x).zip(mean).zip(std) {
                    let centred = X::store(sub(xv.int(), m.int()));
                    *f = X::store(norm(s.int(), centred.int()));
                }
            } else {
                for (f, &xv) in scratch.features.iter_mut().zip(x) {
                    *f = xv;
                }
            }
            self.w.apply(scratch.features, wx, scratch.temp_w);
            self.u.apply(hidden, uh, scratch.temp_u);
            for ((((h, &w), &u), &b_g), &b_h) in hidden.iter_mut().zip(wx.iter()).zip(uh.iter()).zip(self.bg).zip(self.bh) {
                let a = q15(add_proj(w as i32, u as i32));
                let gate = q15(sigmoid(q15(add_bg(a, b_g as i32))));
                let cand = q15(tanh(q15(add_bh(a, b_h as i32))));
                let kept = q15(gate_h(gate, *h as i32));
                let mix = q15(nu(q15(zeta(q15(one_minus(gate))))));
                let upd = q15(update(mix, cand));
                *h = add_final(kept, upd) as i16;
            }
        }
        Ok(())
    }
}
