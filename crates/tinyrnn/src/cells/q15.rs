//! Quantized tiny cells: Q15 state and input, one safe type per cell, all
//! run by one engine generic over the scaling mode `S`
//! ([`Divisor`](crate::Divisor) or [`Exponent`](crate::Exponent)).
//!
//! A step is a fixed sequence of EdgeML's quantized primitives, written out
//! per cell in `include/tinyrnn_*.h` and `docs/cells.md`. Products run over
//! whole matrices (scratch `preComp1`/`preComp2`/`preComp3`); everything
//! else is element-wise, so it runs fused, one element at a time, with each
//! intermediate stored to Q15 (`as i16`) exactly where the sequence stores
//! it: the result is bit-identical to calling the primitives one by one.
//!
//! Weight formats ([`Projection`], the one projection abstraction shared with
//! FastGRNN): Q15 (dense, EdgeML's sparse encoding, or
//! low rank), int8 (TinyEats GRU), eGRU's 3-bit
//! powers of two and 4-bit codes (hard MGU), see [`super::formats`]. Every
//! format's product equals `q15_m_mulvec` over the decoded integer matrix
//! (summed in 64 bits, then scaled by `mat .* vec .* out`).
//!
//! Quantized activations beyond EdgeML's:
//! - softsign `ς`: [`softsign_op`], exported as `q15_v_softsign`:
//!   `ret = (x · 2^scale_out) / (2^scale_in + |x|)` (truncating division);
//! - `ς̂ = (1 + ς) / 2`: `q15_v_scalar_add(qOne, ς, …)` with scales that halve;
//! - ReLU (Li-GRU): `q15_v_sigmoid` without tables and `add = 0`, i.e.
//!   `min(max(x / div, 0), limit) << (scale_out − scale_in)`;
//! - hard MGU's 4-bit `quantSigm4` gate: `q15_v_sigmoid` without tables, whose
//!   `x / div + add` (truncated) is the 4-bit code `0 … 15` (`limit = 15`),
//!   then shifted to Q14;
//! - hard MGU's 4-bit `quantTanh` candidate: the same hard sigmoid giving a
//!   code `0 … 15`, then `q15_v_scalar_add(−qOne, …)`: `(code − 8) / 8`.
//!
//! Errors ([`Error`]), returned before anything is written: a slice shorter
//! than the dimensions require, a sparse matrix with rows beyond its output
//! ([`Error::Length`]); a size product that overflows ([`Error::Overflow`]).

use super::formats::{pow2_bytes, pow2_get};
use super::{Buffers, CellKind};
use crate::error::{Error, Result};
use crate::kernels;
use crate::q15::fastgrnn::AddScales;
use crate::q15::project::{MatVecScales, Project, Projection};
use crate::q15::steps::{normalized, Steps};
use crate::q15::vector::{add_op, hadamard_op, scalar_add_op, scalar_mul_op, scalar_sub_op, scale_up_op, sigmoid_op, sub_op, tanh_op};
use crate::scale::Scale;

/// Quantized softsign: `(x · 2^scale_out) / (2^scale_in + |x|)`, C's
/// truncating division on 64-bit values. The counts are exponents in both
/// scaling modes (as `q15_v_tanh`'s); outside `0 … 30` they are clamped.
#[inline(always)]
pub fn softsign_op(scale_in: i32, scale_out: i32) -> impl Fn(i32) -> i32 + Copy {
    let one = 1i64 << scale_in.clamp(0, 30);
    let shift = scale_out.clamp(0, 30);
    move |x| {
        let x = x as i64;
        // `one ≥ 1`, so the divisor is never 0; the total division keeps
        // the compiler from proving it again (no panic path).
        crate::scale::div64(x << shift, one + x.abs()) as i32
    }
}

/// Stores to Q15 and promotes again, as the sequence stores every
/// intermediate in a Q15 buffer.
#[inline(always)]
fn q(v: i32) -> i32 {
    v as i16 as i32
}

/// A bias vector in one of the formats.
#[derive(Clone, Copy, Debug)]
pub enum Bias<'a> {
    /// No bias (hard MGU): the sequence has no bias additions.
    None,
    /// Q15 values, added as they are.
    Q15(&'a [i16]),
    /// int8 values, scaled up (`q15_v_scale_up` by `biasScaleUp`) first.
    Q7(&'a [i8]),
    /// Packed 3-bit codes (quarters), scaled up by `biasScaleUp` first.
    Pow2(&'a [u8]),
}

impl Bias<'_> {
    fn check(&self, n: usize) -> Result {
        let ok = match self {
            Bias::None => true,
            Bias::Q15(b) => b.len() >= n,
            Bias::Q7(b) => b.len() >= n,
            Bias::Pow2(b) => pow2_bytes(n).is_some_and(|need| b.len() >= need),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::Length)
        }
    }

    /// The stored integer of element `i`.
    #[inline(always)]
    fn raw(&self, i: usize) -> i32 {
        match self {
            Bias::None => 0,
            Bias::Q15(b) => b.get(i).map_or(0, |&v| v as i32),
            Bias::Q7(b) => b.get(i).map_or(0, |&v| v as i32),
            Bias::Pow2(b) => super::formats::pow2_quarters(pow2_get(b, i)),
        }
    }
}

/// Scales of a `q15_v_hadamard` call: `(a · b) ./ (a .* b)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HdScales<S> {
    /// Scale of the first operand.
    pub a: S,
    /// Scale of the second operand.
    pub b: S,
}

/// A `q15_v_scalar_add` / `q15_v_scalar_sub` call with its scalar:
/// `scalar ./ (scalar_scale .* out) ± v ./ (vec .* out)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScalarScales<S> {
    /// The scalar (Q15).
    pub scalar: i16,
    /// Scale of the scalar.
    pub scalar_scale: S,
    /// Scale of the vector.
    pub vec: S,
    /// Output scale.
    pub out: S,
}

/// Scales of a `q15_v_scalar_mul` call: `(scalar · v) ./ (scalar .* vec)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MulScales<S> {
    /// Scale of the scalar.
    pub scalar: S,
    /// Scale of the vector.
    pub vec: S,
}

/// The arguments of a `q15_v_sigmoid` call (independent of `SHIFT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigmoidArgs {
    /// `div` of `q15_v_sigmoid`.
    pub div: i16,
    /// `add` of `q15_v_sigmoid`.
    pub add: i16,
    /// `sigmoidLimit` of `q15_v_sigmoid`.
    pub limit: i16,
    /// Input scale (`scale_in`).
    pub scale_in: i32,
    /// Output scale (`scale_out`).
    pub scale_out: i32,
    /// The table-based variant (`use_tables`).
    pub use_tables: bool,
}

/// The arguments of a `q15_v_tanh` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TanhArgs {
    /// Input scale (`scale_in`).
    pub scale_in: i32,
    /// Output scale (`scale_out`).
    pub scale_out: i32,
    /// The table-based variant (`use_tables`).
    pub use_tables: bool,
}

/// The arguments of a `q15_v_softsign` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoftsignArgs {
    /// Input scale (`scale_in`).
    pub scale_in: i32,
    /// Output scale (`scale_out`).
    pub scale_out: i32,
}

/// Every scale a cell's sequence uses besides its matrix products (which
/// carry theirs in [`Projection`]). Each cell reads only its own fields (listed
/// per cell in `docs/cells.md`; the C scales structs hold exactly those);
/// [`super::calibrate`] fills them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellScales<S> {
    /// Normalisation (FastGRNN's): `x ./ (input .* meanSub) − mean ./ (mean .* meanSub)`,
    pub input: S,
    /// Scale of the mean in `x − mean` (EdgeML `mean`).
    pub mean: S,
    /// Output scale of `x − mean` (EdgeML `meanSub`).
    pub mean_sub: S,
    /// then `(stdDev · that) ./ (stdDev .* normFeaturesHDStdDev)`.
    pub std_dev: S,
    /// Scale of the centred input in `· stdDev` (EdgeML `normFeaturesHDStdDev`).
    pub norm_features_hd_std_dev: S,
    /// GRU: `W·x + b_ih` (`pC1AddBih`, `bih`, `pC1AddBihOut`, `pC1AddBihDemote`).
    pub w_bias_add: AddScales<S>,
    /// GRU: `U·h + b_hh` (`pC2AddBhh`, …).
    pub u_bias_add: AddScales<S>,
    /// Gates' `W·x + U·h` (`mV1AddMV2`, …; GRU: `pC1AddPC2`, …).
    pub proj_add: AddScales<S>,
    /// Gate pre-activation + gate bias (`pC1AddBg`, `bg`, …).
    pub gate_bias_add: AddScales<S>,
    /// Candidate `W_h·x + U_h·(r ⊙ h)` (MGU, TinyEats: `mV1AddMV3`, …;
    /// GRU: `pC1 + r ⊙ pC2`, `pC1AddRPC2`, …).
    pub cand_add: AddScales<S>,
    /// Candidate pre-activation + its bias (`pC1AddBh`, `bh`, …).
    pub cand_bias_add: AddScales<S>,
    /// int8 and 3-bit biases: `q15_v_scale_up` by this before adding.
    pub bias_scale_up: S,
    /// `r ⊙ h` (MGU, TinyEats) or `r ⊙ (U_n h + b_hn)` (GRU).
    pub reset_hd: HdScales<S>,
    /// `q15_v_sigmoid` of the gates (hard MGU: the 4-bit `quantSigm4`).
    pub sigmoid: SigmoidArgs,
    /// `q15_v_tanh` of the candidate.
    pub tanh: TanhArgs,
    /// Li-GRU's ReLU as `q15_v_sigmoid` (`add = 0`, no tables).
    pub relu: SigmoidArgs,
    /// Hard MGU's 4-bit `quantTanh`: a `q15_v_sigmoid` giving `0 … 15`, …
    pub hard_tanh: SigmoidArgs,
    /// … then `q15_v_scalar_add(−qOne, …)` with these scales.
    pub hard_tanh_offset: ScalarScales<S>,
    /// `q15_v_softsign` of the gates before `ς̂` (eGRU, TinyEats).
    pub gate_softsign: SoftsignArgs,
    /// `q15_v_softsign` of the candidate (eGRU, TinyEats).
    pub softsign: SoftsignArgs,
    /// `ς̂ = q15_v_scalar_add(qOne, ς, …)` (eGRU, TinyEats).
    pub shift: ScalarScales<S>,
    /// `k ⊙ h` where `k` is the keep gate `z`, or `qOne − g` for a write gate.
    pub keep_hd: HdScales<S>,
    /// `q15_v_scalar_sub(qOne, gate, …)`.
    pub one_minus: ScalarScales<S>,
    /// `(qOne − z) ⊙ h̃`, or `g ⊙ h̃` for a write gate.
    pub write_hd: HdScales<S>,
    /// The new state: `kept + written` (FastRNN: `α h̃ + β h`).
    pub final_add: AddScales<S>,
    /// FastRNN: `q15_v_scalar_mul(alpha, h̃, …)`.
    pub alpha_mul: MulScales<S>,
    /// FastRNN: `q15_v_scalar_mul(beta, h, …)`.
    pub beta_mul: MulScales<S>,
}

impl<S: Scale> CellScales<S> {
    /// Every scale 1 (`2^0`), activations on EdgeML's tables, `qOne = 2^14`.
    pub fn unit() -> Self {
        let one = S::from_pow2(0);
        let add = AddScales { a: one, b: one, out: one, demote: one };
        let hd = HdScales { a: one, b: one };
        let sc = |scalar: i16| ScalarScales { scalar, scalar_scale: one, vec: one, out: one };
        let sig = SigmoidArgs { div: 1, add: 0, limit: i16::MAX, scale_in: 0, scale_out: 0, use_tables: true };
        CellScales {
            input: one,
            mean: one,
            mean_sub: one,
            std_dev: one,
            norm_features_hd_std_dev: one,
            w_bias_add: add,
            u_bias_add: add,
            proj_add: add,
            gate_bias_add: add,
            cand_add: add,
            cand_bias_add: add,
            bias_scale_up: one,
            reset_hd: hd,
            sigmoid: sig,
            tanh: TanhArgs { scale_in: 0, scale_out: 0, use_tables: true },
            relu: SigmoidArgs { use_tables: false, ..sig },
            hard_tanh: SigmoidArgs { use_tables: false, ..sig },
            hard_tanh_offset: sc(-16384),
            gate_softsign: SoftsignArgs { scale_in: 11, scale_out: 14 },
            softsign: SoftsignArgs { scale_in: 11, scale_out: 14 },
            shift: sc(16384),
            keep_hd: hd,
            one_minus: sc(16384),
            write_hd: hd,
            final_add: add,
            alpha_mul: MulScales { scalar: one, vec: one },
            beta_mul: MulScales { scalar: one, vec: one },
        }
    }
}

/// One cell's weights and scales, whatever the cell (the per-cell types
/// build it); the engine. Public only for the C library (the root package),
/// which builds it from C structs; not part of the Rust API.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a, S> {
    pub kind: CellKind,
    pub mean: &'a [i16],
    pub std_dev: &'a [i16],
    pub w: Projection<'a, S>,
    pub u: Projection<'a, S>,
    pub u_h: Option<Projection<'a, S>>,
    pub b: Bias<'a>,
    pub b2: Bias<'a>,
    pub alpha: i16,
    pub beta: i16,
    pub scales: &'a CellScales<S>,
}

fn first<T>(s: &[T], n: usize) -> Result<&[T]> {
    s.get(..n).ok_or(Error::Length)
}

fn first_mut<T>(s: &mut [T], n: usize) -> Result<&mut [T]> {
    s.get_mut(..n).ok_or(Error::Length)
}

fn sig(a: SigmoidArgs) -> impl Fn(i32) -> i32 + Copy {
    sigmoid_op(a.div, a.add, a.limit, a.scale_in, a.scale_out, a.use_tables)
}

fn add<S: Scale>(a: AddScales<S>) -> impl Fn(i32, i32) -> i32 + Copy {
    add_op(a.a, a.b, a.out, a.demote)
}

fn scalar_add<S: Scale>(s: ScalarScales<S>) -> impl Fn(i32) -> i32 + Copy {
    scalar_add_op(s.scalar, s.scalar_scale, s.vec, s.out)
}

impl<'a, S: Scale> Spec<'a, S> {
    /// Checks every length, then runs `steps` steps.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &self,
        hidden: &mut [i16],
        input: &[i16],
        input_dims: usize,
        steps: usize,
        buf: &mut Buffers<'_, i16>,
        backward: bool,
        normalize: bool,
    ) -> Result {
        let kind = self.kind;
        let hd = hidden.len();
        let id = input_dims;
        let rows = hd.checked_mul(kind.blocks()).ok_or(Error::Overflow)?;
        let u_rows = hd.checked_mul(kind.u_blocks()).ok_or(Error::Overflow)?;
        let total = steps.checked_mul(id).ok_or(Error::Overflow)?;
        let input = first(input, total)?;
        let norm = if normalize { total } else { 0 };
        let (mean, std_dev) = (first(self.mean, norm)?, first(self.std_dev, norm)?);
        self.w.check(rows, id, buf.temp_lrw.len())?;
        self.u.check(u_rows, hd, buf.temp_lru.len())?;
        let nb = hd.checked_mul(kind.bias_blocks()).ok_or(Error::Overflow)?;
        match kind {
            CellKind::Gru => {
                self.b.check(rows)?;
                self.b2.check(rows)?;
            }
            _ => self.b.check(nb)?,
        }
        let u_h = match (kind.has_reset_u(), self.u_h.as_ref()) {
            (true, Some(m)) => {
                m.check(hd, hd, buf.temp_lru.len())?;
                Some(m)
            }
            (true, None) => return Err(Error::Length),
            (false, _) => None,
        };
        let pc3_len = if kind.has_reset_u() { hd } else { 0 };
        let lru = self.u.rank().max(u_h.map_or(0, |m| m.rank()));
        let pc1 = first_mut(buf.pre_comp1, rows)?;
        let pc2 = first_mut(buf.pre_comp2, rows)?;
        let pc3 = first_mut(buf.pre_comp3, pc3_len)?;
        let temp_w = first_mut(buf.temp_lrw, self.w.rank())?;
        let temp_u = first_mut(buf.temp_lru, lru)?;
        let features = first_mut(buf.norm_features, id)?;

        let sc = self.scales;
        // q15_v_sub, then q15_v_hadamard, as FastGRNN.
        let norm = normalized(sub_op(sc.input, sc.mean, sc.mean_sub), hadamard_op(sc.std_dev, sc.norm_features_hd_std_dev));
        let seq = Steps { input, mean, std_dev, steps, backward, normalize };
        for t in 0..steps {
            seq.load(t, features, norm);
            self.w.apply(features, pc1, temp_w);
            let (uh, uc) = pc2.split_at_mut(u_rows.min(pc2.len()));
            self.u.apply(hidden, uh, temp_u);
            self.tail(hidden, pc1, uh, uc, pc3, temp_u, u_h);
        }
        Ok(())
    }

    /// The element-wise part of a step, fused (and, for cells with a reset
    /// `U_h`, the product between its two halves). Each fused loop is the
    /// kernel seam's [`kernels::update_each`], with the cell's operation
    /// per element. Out-of-line functions per family of cells, two passes
    /// for the cells with gates (the gates, then the candidate and the new
    /// state): each frame holds only the operations its pass uses (one
    /// function for every cell held them all: 408 bytes on Cortex-M4F).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn tail(&self, hidden: &mut [i16], wx: &[i16], uh: &mut [i16], uc: &mut [i16], rh: &mut [i16], temp_u: &mut [i16], u_h: Option<&Projection<'a, S>>) {
        match self.kind {
            // FastGRNN runs EdgeML's own crate::q15::fastgrnn; no type here
            // builds a FastGRNN spec.
            CellKind::FastGrnn => {}
            CellKind::FastRnn => self.tail_fastrnn(hidden, wx, uh),
            CellKind::Ugrnn | CellKind::SitGru | CellKind::LiGru | CellKind::Egru => {
                self.two_gates_gates(hidden.len(), wx, uh);
                self.two_gates_update(hidden, wx, uh);
            }
            CellKind::Mgu | CellKind::HardMgu | CellKind::TinyEats => {
                self.reset_gates(hidden, wx, uh, rh);
                let hd = hidden.len();
                let Some(uc) = uc.get_mut(..hd) else { return };
                // From this frame, not the halves': the product's frames
                // come on top of neither.
                if let Some(m) = u_h {
                    m.apply(rh, uc, temp_u);
                }
                self.reset_update(hidden, wx, uh, uc);
            }
            CellKind::Gru => {
                self.gru_gates(hidden.len(), wx, uh);
                self.gru_update(hidden, wx, uh);
            }
        }
    }

    /// Bias value `i` as the sequence adds it: int8 and 3-bit values scaled
    /// up into a Q15 buffer first.
    fn bias_op(&self) -> impl Fn(&Bias, usize) -> i32 + Copy {
        let up = scale_up_op(self.scales.bias_scale_up);
        move |b: &Bias, i: usize| match b {
            Bias::Q7(_) | Bias::Pow2(_) => q(up(b.raw(i))),
            _ => b.raw(i),
        }
    }

    /// The gate activation of UGRNN, SiTGRU, Li-GRU, eGRU, MGU, hard MGU
    /// and TinyEats GRU, ending in a Q15 store.
    fn gate_op(&self) -> impl Fn(i32) -> i32 + Copy {
        let (sc, kind) = (self.scales, self.kind);
        // The hard MGU's gate is q15_v_sigmoid without tables, whatever
        // `use_tables` says.
        let sigmoid = sig(if kind == CellKind::HardMgu { no_tables(sc.sigmoid) } else { sc.sigmoid });
        let gate_softsign = softsign_op(sc.gate_softsign.scale_in, sc.gate_softsign.scale_out);
        let shift = scalar_add(sc.shift);
        move |a: i32| match kind {
            CellKind::Egru | CellKind::TinyEats => q(shift(q(gate_softsign(a)))),
            _ => q(sigmoid(a)),
        }
    }

    /// The candidate activation of FastRNN and GRU (tanh), ending in a Q15
    /// store. Each family builds the activations of its own cells only:
    /// one closure over all of them held ~90 bytes in every tail's frame.
    fn tanh_cand_op(&self) -> impl Fn(i32) -> i32 + Copy {
        let t = self.scales.tanh;
        let tanh = tanh_op(t.scale_in, t.scale_out, t.use_tables);
        move |a: i32| q(tanh(a))
    }

    /// The candidate activation of UGRNN (tanh), SiTGRU (sigmoid), Li-GRU
    /// (ReLU) and eGRU (softsign), ending in a Q15 store.
    fn two_gates_cand_op(&self) -> impl Fn(i32) -> i32 + Copy {
        let (sc, kind) = (self.scales, self.kind);
        let sigmoid = sig(sc.sigmoid);
        let tanh = self.tanh_cand_op();
        // The ReLU is q15_v_sigmoid without tables.
        let relu = sig(no_tables(sc.relu));
        let softsign = softsign_op(sc.softsign.scale_in, sc.softsign.scale_out);
        move |a: i32| match kind {
            CellKind::SitGru => q(sigmoid(a)),
            CellKind::LiGru => q(relu(a)),
            CellKind::Egru => q(softsign(a)),
            _ => tanh(a),
        }
    }

    /// The candidate activation of MGU (tanh), hard MGU (the 4-bit hard
    /// tanh: q15_v_sigmoid without tables, then an offset) and TinyEats GRU
    /// (softsign), ending in a Q15 store.
    fn reset_cand_op(&self) -> impl Fn(i32) -> i32 + Copy {
        let (sc, kind) = (self.scales, self.kind);
        let tanh = self.tanh_cand_op();
        let hard_tanh = sig(no_tables(sc.hard_tanh));
        let offset = scalar_add(sc.hard_tanh_offset);
        let softsign = softsign_op(sc.softsign.scale_in, sc.softsign.scale_out);
        move |a: i32| match kind {
            CellKind::TinyEats => q(softsign(a)),
            CellKind::HardMgu => q(offset(q(hard_tanh(a)))),
            _ => tanh(a),
        }
    }

    /// The new state from gate `z` (`z ⊙ h + (1 − z) ⊙ c`: `keep`, else
    /// `(1 − z) ⊙ h + z ⊙ c`), state `h` and candidate `c`.
    fn mix_op(&self, keep: bool) -> impl Fn(i32, i32, i32) -> i16 + Copy {
        let sc = self.scales;
        let keep_hd = hadamard_op(sc.keep_hd.a, sc.keep_hd.b);
        let om = sc.one_minus;
        let one_minus = scalar_sub_op(om.scalar, om.scalar_scale, om.vec, om.out);
        let write_hd = hadamard_op(sc.write_hd.a, sc.write_hd.b);
        let fin = add(sc.final_add);
        move |z: i32, h: i32, c: i32| {
            let (kept, written) =
                if keep { (q(keep_hd(z, h)), q(write_hd(q(one_minus(z)), c))) } else { (q(keep_hd(q(one_minus(z)), h)), q(write_hd(z, c))) };
            fin(kept, written) as i16
        }
    }

    /// [`Spec::tail`] of FastRNN.
    #[inline(never)]
    fn tail_fastrnn(&self, hidden: &mut [i16], wx: &[i16], uh: &[i16]) {
        let sc = self.scales;
        let (proj_add, cand_bias, fin) = (add(sc.proj_add), add(sc.cand_bias_add), add(sc.final_add));
        let (bias, cand) = (self.bias_op(), self.tanh_cand_op());
        let am = scalar_mul_op(self.alpha, sc.alpha_mul.scalar, sc.alpha_mul.vec);
        let bm = scalar_mul_op(self.beta, sc.beta_mul.scalar, sc.beta_mul.vec);
        kernels::update_each(hidden, #[inline(always)] |i, h| {
            let a = q(proj_add(at(wx, i), at(uh, i)));
            let c = cand(q(cand_bias(a, bias(&self.b, i))));
            fin(q(am(c)), q(bm(h))) as i16
        });
    }

    /// [`Spec::tail`] of UGRNN, SiTGRU, Li-GRU and eGRU, first half: the
    /// update gate from `W·x + U·h` (first blocks), stored over `U·h`'s
    /// first block (a Q15 store, as the sequence's). Two passes, each out of
    /// line with the operations it uses: one loop held them all (384 bytes
    /// of frame on Cortex-M4F).
    #[inline(never)]
    fn two_gates_gates(&self, hd: usize, wx: &[i16], uh: &mut [i16]) {
        if let Some(z) = uh.get_mut(..hd) {
            // These cells add their bias even when it is absent (zeros), as
            // their sequence does.
            self.gate_pass(z, wx, true);
        }
    }

    /// The gates `gate(W·x + U·h [+ b])` of the two-gate and reset cells,
    /// stored over `U·h` (`gates`) as the sequence's in-place `q15_v_add`
    /// stores them; the bias added only `with_bias`.
    #[inline(always)]
    fn gate_pass(&self, gates: &mut [i16], wx: &[i16], with_bias: bool) {
        let sc = self.scales;
        let (proj_add, gate_bias) = (add(sc.proj_add), add(sc.gate_bias_add));
        let (bias, gate) = (self.bias_op(), self.gate_op());
        kernels::update_each(gates, #[inline(always)] |i, g| {
            let a = q(proj_add(at(wx, i), g));
            let a = if with_bias { q(gate_bias(a, bias(&self.b, i))) } else { a };
            gate(a) as i16
        });
    }

    /// [`Spec::tail`] of UGRNN, SiTGRU, Li-GRU and eGRU, second half: the
    /// candidate from the second blocks and the new state with the gate
    /// [`Spec::two_gates_gates`] stored.
    #[inline(never)]
    fn two_gates_update(&self, hidden: &mut [i16], wx: &[i16], uh: &[i16]) {
        let sc = self.scales;
        let hd = hidden.len();
        let (proj_add, cand_bias) = (add(sc.proj_add), add(sc.cand_bias_add));
        let (bias, cand) = (self.bias_op(), self.two_gates_cand_op());
        let mix = self.mix_op(self.kind != CellKind::Egru);
        kernels::update_each(hidden, #[inline(always)] |i, h| {
            let ac = q(proj_add(at(wx, hd + i), at(uh, hd + i)));
            let c = cand(q(cand_bias(ac, bias(&self.b, hd + i))));
            mix(at(uh, i), h, c)
        });
    }

    /// [`Spec::tail`] of MGU, hard MGU and TinyEats GRU before the product
    /// `U_h · (r ⊙ h)`: the gates, stored over `U·h`, and `r ⊙ h` into `rh`.
    #[inline(never)]
    fn reset_gates(&self, hidden: &[i16], wx: &[i16], uh: &mut [i16], rh: &mut [i16]) {
        self.gate_pass(uh, wx, !matches!(self.b, Bias::None));
        // r ⊙ h with the first gate block (MGU: f).
        let sc = self.scales;
        let reset_hd = hadamard_op(sc.reset_hd.a, sc.reset_hd.b);
        for ((r, &g), &h) in rh.iter_mut().zip(uh.iter()).zip(hidden.iter()) {
            *r = reset_hd(g as i32, h as i32) as i16;
        }
    }

    /// [`Spec::tail`] of MGU, hard MGU and TinyEats GRU after the product
    /// `U_h · (r ⊙ h)` (in `uc`): the candidate and the new state.
    #[inline(never)]
    fn reset_update(&self, hidden: &mut [i16], wx: &[i16], uh: &[i16], uc: &[i16]) {
        let sc = self.scales;
        let hd = hidden.len();
        let has_bias = !matches!(self.b, Bias::None);
        let (cand_add, cand_bias) = (add(sc.cand_add), add(sc.cand_bias_add));
        let (bias, cand, mix) = (self.bias_op(), self.reset_cand_op(), self.mix_op(false));
        let last = self.kind.blocks() - 1;
        kernels::update_each(hidden, #[inline(always)] |i, h| {
            let a = q(cand_add(at(wx, last * hd + i), at(uc, i)));
            let a = if has_bias { q(cand_bias(a, bias(&self.b, last * hd + i))) } else { a };
            let g = at(uh, (last - 1) * hd + i);
            mix(g, h, cand(a))
        });
    }

    /// [`Spec::tail`] of GRU (PyTorch's, two bias vectors), first half:
    /// the reset and update gates `r`, `z`, stored over the first two
    /// blocks of `U·h + b_hh` (Q15 stores, as the sequence's). Two passes,
    /// as [`Spec::two_gates_gates`].
    #[inline(never)]
    fn gru_gates(&self, hd: usize, wx: &[i16], uh: &mut [i16]) {
        let sc = self.scales;
        let (wb, ub, proj_add) = (add(sc.w_bias_add), add(sc.u_bias_add), add(sc.proj_add));
        let sigmoid = sig(sc.sigmoid);
        let bias = self.bias_op();
        let (rs, rest) = uh.split_at_mut(hd.min(uh.len()));
        let zs = match rest.get_mut(..hd) {
            Some(z) => z,
            None => return,
        };
        for (i, (r, z)) in rs.iter_mut().zip(zs.iter_mut()).enumerate() {
            let gi = |k: usize| q(wb(at(wx, k * hd + i), bias(&self.b, k * hd + i)));
            let gh = |k: usize, u: i16| q(ub(u as i32, bias(&self.b2, k * hd + i)));
            let rv = q(sigmoid(q(proj_add(gi(0), gh(0, *r)))));
            let zv = q(sigmoid(q(proj_add(gi(1), gh(1, *z)))));
            (*r, *z) = (rv as i16, zv as i16);
        }
    }

    /// [`Spec::tail`] of GRU, second half: the candidate
    /// `n = tanh(W_n x + b_in + r ⊙ (U_n h + b_hn))` and the new state with
    /// the gates [`Spec::gru_gates`] stored.
    #[inline(never)]
    fn gru_update(&self, hidden: &mut [i16], wx: &[i16], uh: &[i16]) {
        let sc = self.scales;
        let hd = hidden.len();
        let (wb, ub, cand_add) = (add(sc.w_bias_add), add(sc.u_bias_add), add(sc.cand_add));
        let reset_hd = hadamard_op(sc.reset_hd.a, sc.reset_hd.b);
        let (bias, cand, mix) = (self.bias_op(), self.tanh_cand_op(), self.mix_op(true));
        kernels::update_each(hidden, #[inline(always)] |i, h| {
            let k = 2 * hd + i;
            let gi = q(wb(at(wx, k), bias(&self.b, k)));
            let gh = q(ub(at(uh, k), bias(&self.b2, k)));
            let n = cand(q(cand_add(gi, q(reset_hd(at(uh, i), gh)))));
            mix(at(uh, hd + i), h, n)
        });
    }
}

/// Element `i` of `s`, 0 past its end.
#[inline(always)]
fn at(s: &[i16], i: usize) -> i32 {
    s.get(i).map_or(0, |&v| v as i32)
}

/// The same activation without tables.
fn no_tables(a: SigmoidArgs) -> SigmoidArgs {
    SigmoidArgs { use_tables: false, ..a }
}

/// Runs the cell; see the [module](self) documentation.
macro_rules! run_method {
    () => {
        /// Runs `steps` steps over `input` (`steps × input_dims`), updating
        /// `hidden` (`H = hidden.len()`), last input row first if `backward`,
        /// normalising each row with `mean`/`std_dev` if `normalize`.
        #[allow(clippy::too_many_arguments)]
        pub fn run(
            &self,
            hidden: &mut [i16],
            input: &[i16],
            input_dims: usize,
            steps: usize,
            buffers: &mut Buffers<'_, i16>,
            backward: bool,
            normalize: bool,
        ) -> Result {
            self.spec().run(hidden, input, input_dims, steps, buffers, backward, normalize)
        }
    };
}

/// Q15 FastRNN: `h' = α·tanh(W x + U h + b) + β·h` (`alpha`, `beta` in
/// Q15 at [`Calibration::scalar_exp`](super::calibrate::Calibration::scalar_exp)).
#[derive(Clone, Copy, Debug)]
pub struct FastRnn<'a, S> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [i16],
    /// `steps × D` multipliers `1/σ` (read only when normalising).
    pub std_dev: &'a [i16],
    /// `H × D`.
    pub w: Projection<'a, S>,
    /// `H × H`.
    pub u: Projection<'a, S>,
    /// `H`.
    pub b: &'a [i16],
    /// `α` (Q15), the weight of the candidate in `h' = α·h̃ + β·h`.
    pub alpha: i16,
    /// `β` (Q15), the weight of the old state in `h' = α·h̃ + β·h`.
    pub beta: i16,
    /// Every other scale of a step (see [`CellScales`]).
    pub scales: CellScales<S>,
}

impl<'a, S: Scale> FastRnn<'a, S> {
    fn spec(&self) -> Spec<'_, S> {
        Spec {
            kind: CellKind::FastRnn,
            mean: self.mean,
            std_dev: self.std_dev,
            w: self.w,
            u: self.u,
            u_h: None,
            b: Bias::Q15(self.b),
            b2: Bias::None,
            alpha: self.alpha,
            beta: self.beta,
            scales: &self.scales,
        }
    }
    run_method!();
}

/// Defines a Q15 cell with stacked `[gate; candidate]` blocks in `W`, `U`, `b`.
macro_rules! two_block_cell {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a, S> {
            /// `steps × D` means (read only when normalising).
            pub mean: &'a [i16],
            /// `steps × D` multipliers `1/σ` (read only when normalising).
            pub std_dev: &'a [i16],
            /// `2H × D`: rows `W_z` then `W_h`.
            pub w: Projection<'a, S>,
            /// `2H × H`: rows `U_z` then `U_h`.
            pub u: Projection<'a, S>,
            /// `2H`: `b_z` then `b_h`.
            pub b: &'a [i16],
            /// Every other scale of a step (see [`CellScales`]).
            pub scales: CellScales<S>,
        }

        impl<'a, S: Scale> $name<'a, S> {
            fn spec(&self) -> Spec<'_, S> {
                Spec {
                    kind: $kind,
                    mean: self.mean,
                    std_dev: self.std_dev,
                    w: self.w,
                    u: self.u,
                    u_h: None,
                    b: Bias::Q15(self.b),
                    b2: Bias::None,
                    alpha: 0,
                    beta: 0,
                    scales: &self.scales,
                }
            }
            run_method!();
        }
    };
}

two_block_cell!(
    /// Q15 UGRNN: `z = σ(…)`, `h̃ = tanh(…)`, keep gate.
    Ugrnn, CellKind::Ugrnn
);
two_block_cell!(
    /// Q15 SiTGRU: `z = σ(…)`, `h̃ = σ(…)` (the same `q15_v_sigmoid`
    /// arguments), keep gate.
    SitGru, CellKind::SitGru
);
two_block_cell!(
    /// Q15 Li-GRU: `z = σ(…)`, `h̃ = ReLU(…)` clipped at `relu.limit`, keep gate.
    LiGru, CellKind::LiGru
);

/// Q15 eGRU: every weight and bias a packed 3-bit power of two
/// ([`super::formats`]); `z = ς̂(…)`, `h̃ = ς(…)`, write gate. Products are
/// shifts and signs; the biases are scaled up by `bias_scale_up` first.
#[derive(Clone, Copy, Debug)]
pub struct Egru<'a, S> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [i16],
    /// `steps × D` multipliers `1/σ` (read only when normalising).
    pub std_dev: &'a [i16],
    /// `2H × D` codes (`W_z` then `W_h`), `ceil(3·2HD / 8)` bytes.
    pub w: &'a [u8],
    /// `2H × H` codes.
    pub u: &'a [u8],
    /// `2H` codes.
    pub b: &'a [u8],
    /// Product scales of `w`.
    pub w_scales: MatVecScales<S>,
    /// Product scales of `u`.
    pub u_scales: MatVecScales<S>,
    /// Every other scale of a step (see [`CellScales`]).
    pub scales: CellScales<S>,
}

impl<'a, S: Scale> Egru<'a, S> {
    fn spec(&self) -> Spec<'_, S> {
        Spec {
            kind: CellKind::Egru,
            mean: self.mean,
            std_dev: self.std_dev,
            w: Projection::Pow2 { codes: self.w, scales: self.w_scales },
            u: Projection::Pow2 { codes: self.u, scales: self.u_scales },
            u_h: None,
            b: Bias::Pow2(self.b),
            b2: Bias::None,
            alpha: 0,
            beta: 0,
            scales: &self.scales,
        }
    }
    run_method!();
}

/// Q15 MGU: `f = σ(…)`, `h̃ = tanh(W_h x + U_h (f ⊙ h) + b_h)`, write gate.
#[derive(Clone, Copy, Debug)]
pub struct Mgu<'a, S> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [i16],
    /// `steps × D` multipliers `1/σ` (read only when normalising).
    pub std_dev: &'a [i16],
    /// `2H × D`: rows `W_f` then `W_h`.
    pub w: Projection<'a, S>,
    /// `U_f`, `H × H`.
    pub u_f: Projection<'a, S>,
    /// `U_h`, `H × H`.
    pub u_h: Projection<'a, S>,
    /// `2H`: `b_f` then `b_h`.
    pub b: &'a [i16],
    /// Every other scale of a step (see [`CellScales`]).
    pub scales: CellScales<S>,
}

impl<'a, S: Scale> Mgu<'a, S> {
    fn spec(&self) -> Spec<'_, S> {
        Spec {
            kind: CellKind::Mgu,
            mean: self.mean,
            std_dev: self.std_dev,
            w: self.w,
            u: self.u_f,
            u_h: Some(self.u_h),
            b: Bias::Q15(self.b),
            b2: Bias::None,
            alpha: 0,
            beta: 0,
            scales: &self.scales,
        }
    }
    run_method!();
}

/// Q15 hard (wake-up) MGU: 4-bit packed weights (one power-of-two product
/// scale per matrix), no biases, 4-bit activations: the gate is a 4-bit
/// code `k/16` (`quantSigm4`), the candidate `(k − 8)/8` (`quantTanh`).
#[derive(Clone, Copy, Debug)]
pub struct HardMgu<'a, S> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [i16],
    /// `steps × D` multipliers `1/σ` (read only when normalising).
    pub std_dev: &'a [i16],
    /// `2H × D` codes (`W_f` then `W_h`), `ceil(2HD / 2)` bytes.
    pub w: &'a [u8],
    /// `U_f`, `H × H` codes.
    pub u_f: &'a [u8],
    /// `U_h`, `H × H` codes.
    pub u_h: &'a [u8],
    /// Product scales of `w`.
    pub w_scales: MatVecScales<S>,
    /// Product scales of `u_f`.
    pub u_f_scales: MatVecScales<S>,
    /// Product scales of `u_h`.
    pub u_h_scales: MatVecScales<S>,
    /// Every other scale of a step (see [`CellScales`]).
    pub scales: CellScales<S>,
}

impl<'a, S: Scale> HardMgu<'a, S> {
    fn spec(&self) -> Spec<'_, S> {
        Spec {
            kind: CellKind::HardMgu,
            mean: self.mean,
            std_dev: self.std_dev,
            w: Projection::Int4 { codes: self.w, scales: self.w_scales },
            u: Projection::Int4 { codes: self.u_f, scales: self.u_f_scales },
            u_h: Some(Projection::Int4 { codes: self.u_h, scales: self.u_h_scales }),
            b: Bias::None,
            b2: Bias::None,
            alpha: 0,
            beta: 0,
            scales: &self.scales,
        }
    }
    run_method!();
}

/// Q15 TinyEats GRU: int8 weights and biases times the Q15 state,
/// `r = ς̂(…)`, `z = ς̂(…)`, `h̃ = ς(W_h x + U_h (r ⊙ h) + b_h)`, write gate.
#[derive(Clone, Copy, Debug)]
pub struct TinyEats<'a, S> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [i16],
    /// `steps × D` multipliers `1/σ` (read only when normalising).
    pub std_dev: &'a [i16],
    /// `3H × D`: rows `W_r`, `W_z`, `W_h`.
    pub w: &'a [i8],
    /// `2H × H`: rows `U_r`, `U_z`.
    pub u: &'a [i8],
    /// `U_h`, `H × H`.
    pub u_h: &'a [i8],
    /// `3H`: `b_r`, `b_z`, `b_h`.
    pub b: &'a [i8],
    /// Product scales of `w`.
    pub w_scales: MatVecScales<S>,
    /// Product scales of `u`.
    pub u_scales: MatVecScales<S>,
    /// Product scales of `u_h`.
    pub u_h_scales: MatVecScales<S>,
    /// Every other scale of a step (see [`CellScales`]).
    pub scales: CellScales<S>,
}

impl<'a, S: Scale> TinyEats<'a, S> {
    fn spec(&self) -> Spec<'_, S> {
        Spec {
            kind: CellKind::TinyEats,
            mean: self.mean,
            std_dev: self.std_dev,
            w: Projection::Int8 { mat: self.w, scales: self.w_scales },
            u: Projection::Int8 { mat: self.u, scales: self.u_scales },
            u_h: Some(Projection::Int8 { mat: self.u_h, scales: self.u_h_scales }),
            b: Bias::Q7(self.b),
            b2: Bias::None,
            alpha: 0,
            beta: 0,
            scales: &self.scales,
        }
    }
    run_method!();
}

/// Q15 GRU in PyTorch's `nn.GRUCell` layout (`weight_ih` `3H × D`, rows r,
/// z, n; `weight_hh` `3H × H`; `bias_ih`, `bias_hh` `3H`), quantized.
#[derive(Clone, Copy, Debug)]
pub struct Gru<'a, S> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [i16],
    /// `steps × D` multipliers `1/σ` (read only when normalising).
    pub std_dev: &'a [i16],
    /// `3H × D`, rows r, z, n (PyTorch's `weight_ih`).
    pub weight_ih: Projection<'a, S>,
    /// `3H × H`, rows r, z, n (PyTorch's `weight_hh`).
    pub weight_hh: Projection<'a, S>,
    /// `3H` (PyTorch's `bias_ih`).
    pub bias_ih: &'a [i16],
    /// `3H` (PyTorch's `bias_hh`).
    pub bias_hh: &'a [i16],
    /// Every other scale of a step (see [`CellScales`]).
    pub scales: CellScales<S>,
}

impl<'a, S: Scale> Gru<'a, S> {
    fn spec(&self) -> Spec<'_, S> {
        Spec {
            kind: CellKind::Gru,
            mean: self.mean,
            std_dev: self.std_dev,
            w: self.weight_ih,
            u: self.weight_hh,
            u_h: None,
            b: Bias::Q15(self.bias_ih),
            b2: Bias::Q15(self.bias_hh),
            alpha: 0,
            beta: 0,
            scales: &self.scales,
        }
    }
    run_method!();
}
