//! Calibration: Q15 scales (and weight-format exponents) for a cell, from its
//! float weights and the ranges of its input and state.
//!
//! Every value of a step is tracked as fixed point `v · 2^e` with a bound on
//! `|v|` computed from the weights (`‖M‖∞ · bound(input)`), and each stored
//! intermediate gets the largest exponent (at most 15) whose values fit
//! Q15. All scales are powers of two, so one calibration serves both builds
//! ([`Divisor`](crate::Divisor) `2^k`, [`Exponent`](crate::Exponent) `k`).
//!
//! Fixed points: EdgeML's table sigmoid and tanh read Q11 (`x / 2048`) and
//! give Q14, so pre-activations of `σ`/`tanh` are made Q11; the gates, `ς`,
//! `ς̂` and the hard activations are Q14 (`qOne = 16384`); the state is
//! `min(14, e)` for its range. When a worst-case pre-activation bound exceeds
//! what Q11 holds (±16), Q11 is kept anyway (values that large are rare and
//! saturate the activation in float) and [`Calibration::may_wrap`] is set:
//! an actual pre-activation beyond ±16 would wrap, as in EdgeML.
//!
//! Weight formats: Q15 weights get exponent `e` (stored `round(w · 2^e)`);
//! TinyEats GRU int8 weights and biases get their own; eGRU weights are
//! quarters (`e = 2`, encode with [`super::formats::pack_pow2`]); hard MGU
//! matrices get one 4-bit exponent each ([`super::formats::int4_exponent`]).
//! Normalisation: the Q15 cells multiply by `stdDev`, so store `1 / σ` there
//! (exponent [`Calibration::std_dev_exp`]), and the means with `input_exp`.

use super::float::{Matrix, Spec};
use super::formats::int4_exponent;
use super::q15::{CellScales, HdScales, MulScales, ScalarScales, SigmoidArgs, SoftsignArgs, TanhArgs};
use super::CellKind;
use crate::error::{Error, Result};
use crate::float::FastGrnnParams;
use crate::q15::fastgrnn::{AddScales, NormScales, TypedScales, UpdateScales};
use crate::q15::project::{MatVecScales, Projection};
use crate::scale::Scale;

/// The ranges the calibration assumes: `|x| ≤ input` for the (raw) input
/// and `|h| ≤ state` for the state (1 suits every cell whose candidate is
/// bounded by 1 and that mixes convexly; FastRNN, FastGRNN and Li-GRU
/// states can grow: pass the range seen in float runs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranges {
    /// Largest `|x|` of the raw input.
    pub input: f32,
    /// Largest `|h|` of the state.
    pub state: f32,
}

impl Ranges {
    /// `|x| ≤ input`, `|h| ≤ 1`.
    pub fn new(input: f32) -> Self {
        Ranges { input, state: 1.0 }
    }

    /// The same with `|h| ≤ state`.
    pub fn with_state(self, state: f32) -> Self {
        Ranges { state, ..self }
    }
}

/// A matrix's storage exponent and product scales.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatrixCal<S> {
    /// Stored values are `round(w · 2^exp)` (the first factor if low rank).
    pub exp: i32,
    /// Scales of the product (of the first factor if low rank).
    pub scales: MatVecScales<S>,
    /// Low rank: the second factor's exponent …
    pub exp2: i32,
    /// … and product scales (`w2`, `tempLRW`, `mVW2Out`). Unused when dense.
    pub scales2: MatVecScales<S>,
}

impl<S: Scale> MatrixCal<S> {
    /// A dense Q15 projection of weights quantized with [`MatrixCal::exp`].
    pub fn dense<'a>(&self, mat: &'a [i16]) -> Projection<'a, S> {
        Projection::Dense { mat, scales: self.scales }
    }

    /// A low-rank Q15 projection (`first` with `exp`, `second` with `exp2`).
    pub fn low_rank<'a>(&self, first: &'a [i16], second: &'a [i16], rank: usize) -> Projection<'a, S> {
        Projection::LowRank { first, second, rank, first_scales: self.scales, second_scales: self.scales2 }
    }
}

/// The result of calibrating a cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration<S> {
    /// Input (and `mean`) values are `round(x · 2^input_exp)`.
    pub input_exp: i32,
    /// State values are `round(h · 2^state_exp)`.
    pub state_exp: i32,
    /// `stdDev` holds `round(2^std_dev_exp / σ)`.
    pub std_dev_exp: i32,
    /// `W` (FastRNN/UGRNN/…: stacked; GRU: `weight_ih`).
    pub w: MatrixCal<S>,
    /// `U` (MGU, hard MGU: `U_f`; GRU: `weight_hh`).
    pub u: MatrixCal<S>,
    /// `U_h` of MGU, hard MGU and TinyEats GRU (unused otherwise).
    pub u_h: MatrixCal<S>,
    /// Exponent of the (first) bias; eGRU: 2 (quarters).
    pub b_exp: i32,
    /// GRU's `bias_hh`, FastGRNN's `Bh`.
    pub b2_exp: i32,
    /// FastRNN's α, β (FastGRNN's ζ, ν) are `round(· 2^scalar_exp)`.
    pub scalar_exp: i32,
    /// Every other scale of the sequence.
    pub scales: CellScales<S>,
    /// A worst-case bound exceeds Q11 at a table activation (see the module
    /// documentation).
    pub may_wrap: bool,
}

impl<S: Scale> Calibration<S> {
    /// Every scale 1 and every exponent 0 ([`CellScales::unit`]): a base to
    /// fill by hand.
    pub fn unit() -> Self {
        let one = S::from_pow2(0);
        let mv = MatVecScales { mat: one, vec: one, out: one };
        let m = MatrixCal { exp: 0, scales: mv, exp2: 0, scales2: mv };
        Calibration {
            input_exp: 0,
            state_exp: 0,
            std_dev_exp: 0,
            w: m,
            u: m,
            u_h: m,
            b_exp: 0,
            b2_exp: 0,
            scalar_exp: 0,
            scales: CellScales::unit(),
            may_wrap: false,
        }
    }
}

/// FastGRNN's calibration: EdgeML's scales ([`TypedScales`]) and the exponents.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FastGrnnCalibration<S> {
    /// The input is Q15 with `2^input_exp` steps per unit (`x_q = round(x · 2^input_exp)`).
    pub input_exp: i32,
    /// The state is `round(h · 2^state_exp)`.
    pub state_exp: i32,
    /// Normalisation multipliers are `round(1/σ · 2^std_dev_exp)`.
    pub std_dev_exp: i32,
    /// Quantization of `W`.
    pub w: MatrixCal<S>,
    /// Quantization of `U`.
    pub u: MatrixCal<S>,
    /// `Bg` is `round(b · 2^bg_exp)`.
    pub bg_exp: i32,
    /// `Bh` is `round(b · 2^bh_exp)`.
    pub bh_exp: i32,
    /// `sigmoid_zeta`, `sigmoid_nu` are `round(· 2^zeta_exp)`.
    pub zeta_exp: i32,
    /// EdgeML's scales of the step, typed.
    pub scales: TypedScales<S>,
    /// `true` when the given ranges let an intermediate exceed Q15 (results may wrap as in EdgeML).
    pub may_wrap: bool,
}

/// `round(x · 2^exp)`, saturated to Q15 (NaN gives 0).
pub fn q15_value(x: f32, exp: i32) -> i16 {
    let v = libm::roundf(libm::ldexpf(x, exp));
    if v >= 32767.0 {
        i16::MAX
    } else if v <= -32768.0 {
        i16::MIN
    } else if !v.is_nan() {
        v as i16
    } else {
        0
    }
}

/// `round(x · 2^exp)`, saturated to Q7.
pub fn q7_value(x: f32, exp: i32) -> i8 {
    q15_value(x, exp).clamp(-128, 127) as i8
}

/// Quantizes `values` into `out` (`out.len()` values) with [`q15_value`].
pub fn quantize(values: &[f32], exp: i32, out: &mut [i16]) -> Result {
    if values.len() < out.len() {
        return Err(Error::Length);
    }
    out.iter_mut().zip(values).for_each(|(o, &v)| *o = q15_value(v, exp));
    Ok(())
}

/// Quantizes `values` into int8 `out` with [`q7_value`].
pub fn quantize_q7(values: &[f32], exp: i32, out: &mut [i8]) -> Result {
    if values.len() < out.len() {
        return Err(Error::Length);
    }
    out.iter_mut().zip(values).for_each(|(o, &v)| *o = q7_value(v, exp));
    Ok(())
}

/// The largest exponent `e ≤ cap` with `bound · 2^e ≤ limit` (≥ −15).
fn fit_to(bound: f32, limit: f32, cap: i32) -> i32 {
    let mut e = cap;
    // NaN bounds fit nothing: stop at the floor.
    while e > -15 && !matches!(libm::ldexpf(bound, e).partial_cmp(&limit), Some(core::cmp::Ordering::Less | core::cmp::Ordering::Equal)) {
        e -= 1;
    }
    e
}

fn fit(bound: f32) -> i32 {
    fit_to(bound, 32767.0, 15)
}

fn max_abs(s: &[f32]) -> f32 {
    s.iter().fold(0.0f32, |m, &v| if v.abs() > m { v.abs() } else { m })
}

/// `‖M‖∞` of the first `rows` rows of `cols` columns.
fn norm(m: &[f32], rows: usize, cols: usize) -> f32 {
    if cols == 0 {
        return 0.0;
    }
    m.chunks(cols).take(rows).map(|r| r.iter().map(|v| v.abs()).sum::<f32>()).fold(0.0, f32::max)
}

/// A value `v · 2^e` with `|v| ≤ bound`.
#[derive(Clone, Copy, Debug)]
struct V {
    e: i32,
    bound: f32,
}

/// How a matrix is stored in the Q15 model.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Q15,
    Q7,
    Pow2,
    Int4,
}

struct Cal<S> {
    may_wrap: bool,
    one: S,
}

fn p<S: Scale>(e: i32) -> S {
    S::from_pow2(e.max(0))
}

impl<S: Scale> Cal<S> {
    fn new() -> Self {
        Cal { may_wrap: false, one: S::from_pow2(0) }
    }

    /// The exponent of a product output: fits its bound, at most the
    /// product's exponent, at least `floor` (flagging a possible wrap) and
    /// close enough to the product's for a divisor up to `2^30`.
    fn out_exp(&mut self, bound: f32, prod: i32, floor: i32) -> i32 {
        let mut e = fit(bound).min(prod);
        if e < floor && floor <= prod {
            self.may_wrap = true;
            e = floor;
        }
        e.max(prod - 30)
    }

    /// One product `M · v` with `M` stored at `exp`.
    fn product(&mut self, exp: i32, norm: f32, v: V, floor: i32) -> (MatVecScales<S>, V) {
        let prod = exp + v.e;
        let bound = norm * v.bound;
        let e = self.out_exp(bound, prod, floor);
        (MatVecScales { mat: p(prod - e), vec: self.one, out: self.one }, V { e, bound })
    }

    /// A float matrix (`rows × cols`) stored in `format`, times `v`.
    fn matrix(&mut self, m: &Matrix, rows: usize, cols: usize, format: Format, v: V, floor: i32) -> (MatrixCal<S>, V) {
        match *m {
            Matrix::Dense(w) => {
                let exp = match format {
                    Format::Q15 => fit(max_abs(w)),
                    Format::Q7 => fit_to(max_abs(w), 127.0, 15),
                    Format::Pow2 => 2,
                    Format::Int4 => int4_exponent(w.get(..rows.saturating_mul(cols)).unwrap_or(w)),
                };
                let (scales, out) = self.product(exp, norm(w, rows, cols), v, floor);
                (MatrixCal { exp, scales, exp2: exp, scales2: scales }, out)
            }
            Matrix::LowRank { first, second, rank } => {
                let (e1, e2) = (fit(max_abs(first)), fit(max_abs(second)));
                let (s1, t) = self.product(e1, norm(first, rank, cols), v, 0);
                let (s2, out) = self.product(e2, norm(second, rows, rank), t, floor);
                (MatrixCal { exp: e1, scales: s1, exp2: e2, scales2: s2 }, out)
            }
        }
    }

    /// `q15_v_add` scales for `a + b` stored at the largest fitting exponent
    /// (at least `floor`).
    fn add(&mut self, a: V, b: V, floor: i32) -> (AddScales<S>, V) {
        let c = a.e.min(b.e);
        let bound = a.bound + b.bound;
        let mut t = fit(bound).min(c);
        if t < floor && floor <= c {
            self.may_wrap = true;
            t = floor;
        }
        self.add_to(a, b, t, bound)
    }

    /// `q15_v_add` scales for `a + b` stored at exactly exponent `t` (what
    /// the table activations read), flagging values that may not fit.
    fn add_exact(&mut self, a: V, b: V, t: i32) -> (AddScales<S>, V) {
        let bound = a.bound + b.bound;
        if fit(bound) < t || a.e.min(b.e) < t {
            self.may_wrap = true;
        }
        self.add_to(a, b, t, bound)
    }

    /// `q15_v_add` scales for `a + b` stored at exponent `t` (≤ both).
    fn add_to(&self, a: V, b: V, t: i32, bound: f32) -> (AddScales<S>, V) {
        let c = a.e.min(b.e);
        (AddScales { a: p(a.e - c), b: p(b.e - c), out: self.one, demote: p(c - t) }, V { e: t.min(c), bound })
    }

    /// `q15_v_hadamard` scales for `a ⊙ b` stored at exponent `t`.
    fn hd(&self, a: V, b: V, t: i32) -> (HdScales<S>, V) {
        let total = (a.e + b.e - t).max(0);
        (HdScales { a: p(total / 2), b: p(total - total / 2) }, V { e: a.e + b.e - total, bound: a.bound * b.bound })
    }

    /// `q15_v_scalar_add/sub(qOne, v)` with every scale 1: Q14.
    fn unit_scalar(&self, scalar: i16) -> ScalarScales<S> {
        ScalarScales { scalar, scalar_scale: self.one, vec: self.one, out: self.one }
    }
}

/// Q11 in, Q14 out: EdgeML's table activations.
const TABLE_IN: i32 = 11;
const Q14: i32 = 14;
const Q_ONE: i16 = 1 << 14;

/// The features after (optional) normalisation: the `input`, `mean`,
/// `meanSub`, `stdDev`, `normFeaturesHDStdDev` scales and the exponents.
struct Features<S> {
    v: V,
    input_exp: i32,
    std_dev_exp: i32,
    input: S,
    mean: S,
    mean_sub: S,
    std_dev: S,
    hd: S,
}

fn features<S: Scale>(cal: &Cal<S>, mean: &[f32], std_dev: &[f32], range: f32) -> Features<S> {
    let input_exp = fit(range);
    let one = cal.one;
    if mean.is_empty() || std_dev.is_empty() {
        let v = V { e: input_exp, bound: range };
        return Features { v, input_exp, std_dev_exp: 0, input: one, mean: one, mean_sub: one, std_dev: one, hd: one };
    }
    let centred_bound = range + max_abs(mean);
    let ec = fit(centred_bound).min(input_exp);
    let inv = std_dev.iter().fold(0.0f32, |m, &s| if s != 0.0 && (1.0 / s).abs() > m { (1.0 / s).abs() } else { m });
    let std_dev_exp = fit(inv);
    let bound = centred_bound * inv;
    let ef = fit(bound).min(ec + std_dev_exp);
    let (hd, _) = cal.hd(V { e: std_dev_exp, bound: inv }, V { e: ec, bound: centred_bound }, ef);
    Features { v: V { e: ef, bound }, input_exp, std_dev_exp, input: one, mean: one, mean_sub: p(input_exp - ec), std_dev: hd.a, hd: hd.b }
}

/// A bias vector as the sequence adds it: Q15 at its own exponent, or int8 /
/// 3-bit values scaled up (`biasScaleUp`) to the exponent `target`.
fn bias_value(b: &[f32], format: Format, target: i32) -> (i32, V, i32) {
    let bound = max_abs(b);
    match format {
        Format::Q15 | Format::Int4 => {
            let e = fit(bound);
            (e, V { e, bound }, 0)
        }
        Format::Q7 | Format::Pow2 => {
            let e = if format == Format::Pow2 { 2 } else { fit_to(bound, 127.0, 15) };
            let up = (target - e).max(0).min(fit(bound) - e).max(0);
            (e, V { e: e + up, bound }, up)
        }
    }
}

/// The last addition before an activation: exactly Q11 for the table
/// activations (`floor == TABLE_IN`), else the largest fitting exponent.
fn pre_activation<S: Scale>(cal: &mut Cal<S>, a: V, b: V, floor: i32) -> (AddScales<S>, V) {
    if floor == TABLE_IN {
        cal.add_exact(a, b, TABLE_IN)
    } else {
        cal.add(a, b, floor)
    }
}

/// Calibrates a float cell's spec (the per-cell `calibrate` methods call this).
pub(crate) fn calibrate_spec<S: Scale>(spec: &Spec, d: usize, h: usize, ranges: Ranges) -> Result<Calibration<S>> {
    let kind = spec.kind;
    let mut cal = Cal::<S>::new();
    let mut sc = CellScales::<S>::unit();
    let rows = h.checked_mul(kind.blocks()).ok_or(Error::Overflow)?;
    let u_rows = h.checked_mul(kind.u_blocks()).ok_or(Error::Overflow)?;
    let format = match kind {
        CellKind::TinyEats => Format::Q7,
        CellKind::Egru => Format::Pow2,
        CellKind::HardMgu => Format::Int4,
        _ => Format::Q15,
    };
    let f = features(&cal, spec.mean, spec.std_dev, ranges.input);
    (sc.input, sc.mean, sc.mean_sub, sc.std_dev, sc.norm_features_hd_std_dev) = (f.input, f.mean, f.mean_sub, f.std_dev, f.hd);
    let state_exp = fit(ranges.state).min(Q14);
    let hv = V { e: state_exp, bound: ranges.state };
    let g = V { e: Q14, bound: 1.0 };
    // Pre-activation floors: Q11 for table activations, ≥ 3 for the hard ones.
    let (gate_floor, cand_floor) = match kind {
        CellKind::Egru | CellKind::TinyEats => (0, 0),
        CellKind::HardMgu => (3, 3),
        CellKind::LiGru => (TABLE_IN, 0),
        _ => (TABLE_IN, TABLE_IN),
    };
    let stack_floor = if kind.has_reset_u() { gate_floor } else { gate_floor.max(cand_floor) };
    let (w, wx) = cal.matrix(&spec.w, rows, d, format, f.v, stack_floor);
    let (u, uh) = cal.matrix(&spec.u, u_rows, h, format, hv, stack_floor);
    let mut u_h_cal = u;
    let b_exp: i32;
    let mut b2_exp = 0;

    // The candidate before its activation, and how it is activated.
    let cand_v: V;
    match kind {
        CellKind::FastRnn | CellKind::FastGrnn => {
            let (pa, a) = cal.add(wx, uh, TABLE_IN);
            let (be, bv, _) = bias_value(spec.b, Format::Q15, 0);
            b_exp = be;
            let (cb, _) = cal.add_exact(a, bv, TABLE_IN);
            (sc.proj_add, sc.cand_bias_add) = (pa, cb);
            sc.tanh = TanhArgs { scale_in: TABLE_IN, scale_out: Q14, use_tables: true };
            let scalar_exp = fit(spec.alpha.abs().max(spec.beta.abs()));
            // α·h̃ and β·h at the state's exponent, then their sum.
            sc.alpha_mul = MulScales { scalar: p(scalar_exp), vec: p(Q14 - state_exp) };
            sc.beta_mul = MulScales { scalar: p(scalar_exp), vec: cal.one };
            let a = V { e: state_exp, bound: spec.alpha.abs() };
            let b = V { e: state_exp, bound: spec.beta.abs() * ranges.state };
            sc.final_add = cal.add_to(a, b, state_exp, ranges.state).0;
            return Ok(Calibration {
                input_exp: f.input_exp,
                state_exp,
                std_dev_exp: f.std_dev_exp,
                w,
                u,
                u_h: u,
                b_exp,
                b2_exp,
                scalar_exp,
                scales: sc,
                may_wrap: cal.may_wrap,
            });
        }
        CellKind::Ugrnn | CellKind::SitGru | CellKind::LiGru | CellKind::Egru => {
            let (pa, a) = cal.add(wx, uh, stack_floor);
            let (be, bv, up) = bias_value(spec.b, format, a.e);
            b_exp = be;
            sc.bias_scale_up = p(up);
            let (gb, ag) = pre_activation(&mut cal, a, bv, gate_floor);
            let (cb, ac) = pre_activation(&mut cal, a, bv, cand_floor);
            (sc.proj_add, sc.gate_bias_add, sc.cand_bias_add) = (pa, gb, cb);
            gate_args(kind, &mut sc, ag.e);
            cand_v = ac;
        }
        CellKind::Mgu | CellKind::HardMgu | CellKind::TinyEats => {
            let (pa, a) = cal.add(wx, uh, gate_floor);
            sc.proj_add = pa;
            let has_bias = kind != CellKind::HardMgu;
            let (be, bv, up) = bias_value(spec.b, format, a.e);
            b_exp = be;
            sc.bias_scale_up = p(up);
            let ag = if has_bias {
                let (gb, ag) = pre_activation(&mut cal, a, bv, gate_floor);
                sc.gate_bias_add = gb;
                ag
            } else {
                a
            };
            gate_args(kind, &mut sc, ag.e);
            // r ⊙ h at the state's exponent, then U_h · (r ⊙ h).
            let (rhs, rh) = cal.hd(g, hv, state_exp);
            sc.reset_hd = rhs;
            let u_h = spec.u_h.unwrap_or(Matrix::Dense(&[]));
            let (uc_cal, uc) = cal.matrix(&u_h, h, h, format, rh, cand_floor);
            u_h_cal = uc_cal;
            let (ca, a) = cal.add(wx, uc, cand_floor);
            sc.cand_add = ca;
            cand_v = if has_bias {
                let (cb, ac) = pre_activation(&mut cal, a, bv, cand_floor);
                sc.cand_bias_add = cb;
                ac
            } else {
                a
            };
        }
        CellKind::Gru => {
            let (be, bv) = (fit(max_abs(spec.b)), max_abs(spec.b));
            let (be2, bv2) = (fit(max_abs(spec.b2)), max_abs(spec.b2));
            (b_exp, b2_exp) = (be, be2);
            let (wb, p1) = cal.add(wx, V { e: be, bound: bv }, TABLE_IN);
            let (ub, p2) = cal.add(uh, V { e: be2, bound: bv2 }, TABLE_IN);
            let (pa, _) = cal.add_exact(p1, p2, TABLE_IN);
            // r ⊙ (W_hn h + b_hn) keeps the exponent of pC2.
            let (rhs, rn) = cal.hd(g, p2, p2.e);
            let (ca, an) = cal.add_exact(p1, rn, TABLE_IN);
            (sc.w_bias_add, sc.u_bias_add, sc.proj_add, sc.reset_hd, sc.cand_add) = (wb, ub, pa, rhs, ca);
            cand_v = an;
        }
    }
    // Table activations: Q11 in, Q14 out (hard MGU's gate was set above).
    if kind != CellKind::HardMgu {
        sc.sigmoid = SigmoidArgs { div: 1, add: 0, limit: i16::MAX, scale_in: TABLE_IN, scale_out: Q14, use_tables: true };
    }
    sc.tanh = TanhArgs { scale_in: TABLE_IN, scale_out: Q14, use_tables: true };
    // ς̂ = (qOne + ς) / 2.
    sc.shift = ScalarScales { scalar: Q_ONE, scalar_scale: cal.one, vec: cal.one, out: p(1) };
    let c = match kind {
        CellKind::LiGru => {
            // ReLU to the state's exponent (divide or shift), clipped where
            // Q15 ends (as float ReLU, unbounded below that).
            let (div, sin, sout) = if cand_v.e >= state_exp { (p2i(cand_v.e - state_exp), 0, 0) } else { (1, cand_v.e, state_exp) };
            let limit = (32767 >> (sout - sin).clamp(0, 15)) as i16;
            sc.relu = SigmoidArgs { div, add: 0, limit, scale_in: sin, scale_out: sout, use_tables: false };
            hv
        }
        CellKind::Egru | CellKind::TinyEats => {
            sc.softsign = SoftsignArgs { scale_in: cand_v.e, scale_out: Q14 };
            g
        }
        CellKind::HardMgu => {
            // quantTanh as a 4-bit code: (x / 2^(e-3)) + 8 = 8a + 8, 0 … 15, then − 8.
            sc.hard_tanh = SigmoidArgs { div: p2i(cand_v.e - 3), add: 8, limit: 15, scale_in: 0, scale_out: 11, use_tables: false };
            sc.hard_tanh_offset = cal.unit_scalar(-Q_ONE);
            g
        }
        _ => g,
    };
    // Mixing: k ⊙ h + (1 − k) ⊙ h̃ at the state's exponent.
    sc.one_minus = cal.unit_scalar(Q_ONE);
    sc.keep_hd = cal.hd(g, hv, state_exp).0;
    sc.write_hd = cal.hd(g, c, state_exp).0;
    let k = V { e: state_exp, bound: ranges.state };
    sc.final_add = cal.add_to(k, V { e: state_exp, bound: c.bound }, state_exp, ranges.state).0;
    Ok(Calibration {
        input_exp: f.input_exp,
        state_exp,
        std_dev_exp: f.std_dev_exp,
        w,
        u,
        u_h: u_h_cal,
        b_exp,
        b2_exp,
        scalar_exp: 0,
        scales: sc,
        may_wrap: cal.may_wrap,
    })
}

/// `2^e` as a `q15_v_sigmoid` divisor (`e` clamped into 0 … 14).
fn p2i(e: i32) -> i16 {
    1 << e.clamp(0, 14)
}

/// The gate activation's arguments for a pre-activation exponent `e`.
fn gate_args<S: Scale>(kind: CellKind, sc: &mut CellScales<S>, e: i32) {
    match kind {
        // quantSigm4 as a 4-bit code: (x / 2^(e-2)) + 8 = 4a + 8, 0 … 15, then Q14.
        CellKind::HardMgu => sc.sigmoid = SigmoidArgs { div: p2i(e - 2), add: 8, limit: 15, scale_in: 0, scale_out: 10, use_tables: false },
        CellKind::Egru | CellKind::TinyEats => sc.gate_softsign = SoftsignArgs { scale_in: e, scale_out: Q14 },
        _ => {}
    }
}

/// Calibrates EdgeML's FastGRNN (dense `W`, `U`): [`TypedScales`] for
/// [`crate::q15::fastgrnn::FastGrnn`] and the exponents to quantize with.
pub fn fastgrnn<S: Scale>(params: &FastGrnnParams, d: usize, h: usize, ranges: Ranges) -> Result<FastGrnnCalibration<S>> {
    let mut cal = Cal::<S>::new();
    let f = features(&cal, params.mean, params.std_dev, ranges.input);
    let state_exp = fit(ranges.state).min(Q14);
    let hv = V { e: state_exp, bound: ranges.state };
    let g = V { e: Q14, bound: 1.0 };
    if params.w.len() < h.checked_mul(d).ok_or(Error::Overflow)? || params.u.len() < h.checked_mul(h).ok_or(Error::Overflow)? {
        return Err(Error::Length);
    }
    let (w, wx) = cal.matrix(&Matrix::Dense(params.w), h, d, Format::Q15, f.v, TABLE_IN);
    let (u, uh) = cal.matrix(&Matrix::Dense(params.u), h, h, Format::Q15, hv, TABLE_IN);
    let (projections_add, a) = cal.add(wx, uh, TABLE_IN);
    let (bg_exp, bh_exp) = (fit(max_abs(params.bg)), fit(max_abs(params.bh)));
    let (bg_add, _) = cal.add_exact(a, V { e: bg_exp, bound: max_abs(params.bg) }, TABLE_IN);
    let (bh_add, _) = cal.add_exact(a, V { e: bh_exp, bound: max_abs(params.bh) }, TABLE_IN);
    let (zeta, nu) = (params.sigmoid_zeta.abs(), params.sigmoid_nu.abs());
    let zeta_exp = fit(zeta.max(nu));
    let gate_hd = cal.hd(g, hv, state_exp).0;
    // nu + zeta·(1 − z): Q14 operands, stored where ζ + ν fits.
    let c = zeta_exp.min(Q14);
    let mix = fit(zeta + nu).min(c);
    let upd = cal.hd(V { e: mix, bound: zeta + nu }, g, state_exp).0;
    let k = V { e: state_exp, bound: ranges.state };
    let final_add = cal.add_to(k, k, state_exp, ranges.state).0;
    let one = cal.one;
    let scales = TypedScales {
        norm: NormScales { input: f.input, mean: f.mean, mean_sub: f.mean_sub, std_dev: f.std_dev, norm_features_hd_std_dev: f.hd },
        w: w.scales,
        u: u.scales,
        update: UpdateScales {
            projections_add,
            bg_add,
            sigmoid_scale_in: TABLE_IN,
            sigmoid_scale_out: Q14,
            bh_add,
            tanh_scale_in: TABLE_IN,
            tanh_scale_out: Q14,
            gate_hd_hidden_state: gate_hd.a,
            hidden_state_hd_gate: gate_hd.b,
            q_one_scale: one,
            q_one_sub_gate: one,
            q_one_sub_gate_out: one,
            sigmoid_zeta: p(zeta_exp),
            sigmoid_zeta_mul_q_one_sub_gate: one,
            sigmoid_nu: p(zeta_exp - c),
            sigmoid_nu_add_q_one_sub_gate: p(Q14 - c),
            sigmoid_nu_add_q_one_sub_gate_out: p(c - mix),
            sigmoid_nu_add_q_one_sub_gate_hd_update: upd.a,
            update_hd_sigmoid_nu_add_q_one_sub_gate: upd.b,
            final_add,
        },
        div: 1,
        add: 0,
        sigmoid_limit: i16::MAX,
        q_one: Q_ONE,
        use_table_sigmoid: 1,
        use_table_tanh: 1,
    };
    Ok(FastGrnnCalibration {
        input_exp: f.input_exp,
        state_exp,
        std_dev_exp: f.std_dev_exp,
        w,
        u,
        bg_exp,
        bh_exp,
        zeta_exp,
        scales,
        may_wrap: cal.may_wrap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Exponent;

    #[test]
    fn exponents_fit_q15() {
        assert_eq!(fit(1.0), 14);
        assert_eq!(fit(0.999), 15);
        assert_eq!(fit(3.0), 13);
        assert_eq!(fit(0.0), 15);
        assert_eq!(fit(1.0e6), -5);
        assert_eq!(q15_value(1.0, 14), 16384);
        assert_eq!(q15_value(4.0, 14), i16::MAX);
        assert_eq!(q15_value(-0.5, 3), -4);
    }

    #[test]
    fn additions_align_and_demote() {
        let mut cal = Cal::<Exponent>::new();
        let (s, v) = cal.add(V { e: 13, bound: 1.0 }, V { e: 12, bound: 1.0 }, 0);
        assert_eq!((s.a, s.b, s.demote, v.e), (Exponent(1), Exponent(0), Exponent(0), 12));
        let (s, v) = cal.add(V { e: 13, bound: 10.0 }, V { e: 13, bound: 10.0 }, TABLE_IN);
        assert_eq!((s.demote, v.e, cal.may_wrap), (Exponent(2), TABLE_IN, true));
    }
}
