//! The element-wise update of a FastGRNN step with its constants made
//! ready once per call: the same arithmetic as the `*_op` element
//! operations of [`super::vector`] that [`super::fastgrnn`] chains (and as
//! EdgeML's sequence of vector calls), but with every scale in its
//! [`Scale::Ready`] form (shift counts clamped, divisors known non-zero),
//! left shifts of the activations as multiplications by `2^shift`, and the
//! constants held by value, so that the loop body is straight-line code.

use super::fastgrnn::{Activation, NormScales, UpdateScales};
use super::vector::{sigmoid_table, tanh_table};
use crate::kernels::Update4;
use crate::scale::{pow2, Divisor, Scale, NO_DIVIDE};

/// Stores to Q15 and promotes again.
#[inline(always)]
fn q15(v: i32) -> i32 {
    v as i16 as i32
}

/// `S::down_ready` as an update loop scales: `P`, every scale is in its
/// [`Scale::exponent`] form ([`StepUpdate::pow2`]).
#[inline(always)]
fn down<S: Scale, const P: bool>(r: S::Ready, x: i32) -> i32 {
    if P {
        S::down_exponent(r, x)
    } else {
        S::down_ready_lean(r, x)
    }
}

/// `(a / s1 + b / s2) / demote`: [`super::vector::add_op`].
#[derive(Clone, Copy, Debug)]
struct Add<S: Scale> {
    s1: S::Ready,
    s2: S::Ready,
    demote: S::Ready,
}

impl<S: Scale> Add<S> {
    #[inline(always)]
    fn new(a: S, b: S, out: S, demote: S) -> Self {
        Add { s1: a.then(out).ready(), s2: b.then(out).ready(), demote: demote.ready() }
    }
    /// For Q15 `a`, `b` (so every scaled value is within `±2^30`).
    #[inline(always)]
    fn apply<const P: bool>(&self, a: i32, b: i32) -> i32 {
        down::<S, P>(self.demote, down::<S, P>(self.s1, a).wrapping_add(down::<S, P>(self.s2, b)))
    }
    /// The same scales in [`Scale::exponent`] form, if they all have one.
    #[inline(always)]
    fn exponents(&self) -> Option<Self> {
        Some(Add { s1: S::exponent(self.s1)?, s2: S::exponent(self.s2)?, demote: S::exponent(self.demote)? })
    }
}

/// The input normalisation of a step, `sub_op` then `hadamard_op` of
/// [`super::vector`], with its scales made ready as [`StepUpdate`]'s (a
/// [`Scale::exponent`] form on cores without a divide instruction when all
/// three are powers of two, else [`Scale::down_ready_lean`]): three values
/// and a flag for the step loop to keep, where `down`'s power-of-two test
/// kept twelve.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NormStep<S: Scale> {
    x: S::Ready,
    mean: S::Ready,
    std_dev: S::Ready,
    pow2: bool,
}

impl<S: Scale> NormStep<S> {
    #[inline(always)]
    pub(crate) fn new(ns: &NormScales<S>) -> Self {
        let x = ns.input.then(ns.mean_sub).ready();
        let mean = ns.mean.then(ns.mean_sub).ready();
        let std_dev = ns.std_dev.then(ns.norm_features_hd_std_dev).ready();
        if NO_DIVIDE && !S::IS_SHIFT {
            if let (Some(x), Some(mean), Some(std_dev)) = (S::exponent(x), S::exponent(mean), S::exponent(std_dev)) {
                return NormStep { x, mean, std_dev, pow2: true };
            }
        }
        NormStep { x, mean, std_dev, pow2: false }
    }
    #[inline(always)]
    fn down(&self, r: S::Ready, v: i32) -> i32 {
        if self.pow2 {
            S::down_exponent(r, v)
        } else {
            S::down_ready_lean(r, v)
        }
    }
    /// `x − mean`, scaled (`sub_op`), for `x` and `mean` in Q15 or Q7.
    #[inline(always)]
    pub(crate) fn sub(&self, x: i32, mean: i32) -> i32 {
        self.down(self.x, x).wrapping_sub(self.down(self.mean, mean))
    }
    /// `stdDev · centred`, scaled (`hadamard_op`): a product of two Q15
    /// values, within `±2^30`.
    #[inline(always)]
    pub(crate) fn scale(&self, std_dev: i32, centred: i32) -> i32 {
        self.down(self.std_dev, std_dev.wrapping_mul(centred))
    }
}

/// [`super::fastgrnn::FastGrnn::run`]'s update of one element.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StepUpdate<S: Scale> {
    proj: Add<S>,
    bg: Add<S>,
    bh: Add<S>,
    /// Sigmoid: divisor, `add`, limit, `2^(scale_out − scale_in)`.
    sig_div: <Divisor as Scale>::Ready,
    sig_add: i32,
    sig_limit: i32,
    sig_mul: i32,
    /// Tanh: the bound `2^scale_in`, `2^(scale_out − scale_in)`.
    tanh_bound: i32,
    tanh_mul: i32,
    gate_h: S::Ready,
    one: i32,
    one_minus: S::Ready,
    zeta: i32,
    zeta_s: S::Ready,
    nu: i32,
    nu_s: S::Ready,
    upd: S::Ready,
    fin: Add<S>,
    sig_tables: bool,
    tanh_tables: bool,
    /// Every scale above is in its [`Scale::exponent`] form (cores without
    /// a divide instruction, every divisor a power of two): one value per
    /// scale for the loop to keep, where `down`'s power-of-two test kept
    /// four (on Cortex-M0+ the division build's `q15_fastgrnn` frame was
    /// twice the `SHIFT` build's).
    pow2: bool,
}

impl<S: Scale> StepUpdate<S> {
    /// The update of `sc` and `act`, with the cell's `ζ` and `ν`.
    #[inline(always)]
    pub(crate) fn new(sc: &UpdateScales<S>, act: &Activation, zeta: i16, nu: i16) -> Self {
        let (pa, bg, bh, fa) = (sc.projections_add, sc.bg_add, sc.bh_add, sc.final_add);
        let step = StepUpdate {
            proj: Add::new(pa.a, pa.b, pa.out, pa.demote),
            bg: Add::new(bg.a, bg.b, bg.out, bg.demote),
            bh: Add::new(bh.a, bh.b, bh.out, bh.demote),
            sig_div: Divisor(act.div as i32).ready(),
            sig_add: act.add as i32,
            sig_limit: act.sigmoid_limit as i32,
            sig_mul: pow2(sc.sigmoid_scale_out.wrapping_sub(sc.sigmoid_scale_in)),
            tanh_bound: pow2(sc.tanh_scale_in),
            tanh_mul: pow2(sc.tanh_scale_out.wrapping_sub(sc.tanh_scale_in)),
            gate_h: sc.gate_hd_hidden_state.then(sc.hidden_state_hd_gate).ready(),
            one: sc.q_one_scale.then(sc.q_one_sub_gate_out).down(act.q_one as i32),
            one_minus: sc.q_one_sub_gate.then(sc.q_one_sub_gate_out).ready(),
            zeta: zeta as i32,
            zeta_s: sc.sigmoid_zeta.then(sc.sigmoid_zeta_mul_q_one_sub_gate).ready(),
            nu: sc.sigmoid_nu.then(sc.sigmoid_nu_add_q_one_sub_gate_out).down(nu as i32),
            nu_s: sc.sigmoid_nu_add_q_one_sub_gate.then(sc.sigmoid_nu_add_q_one_sub_gate_out).ready(),
            upd: sc.sigmoid_nu_add_q_one_sub_gate_hd_update.then(sc.update_hd_sigmoid_nu_add_q_one_sub_gate).ready(),
            fin: Add::new(fa.a, fa.b, fa.out, fa.demote),
            sig_tables: act.use_table_sigmoid,
            tanh_tables: act.use_table_tanh,
            pow2: false,
        };
        if NO_DIVIDE && !S::IS_SHIFT {
            if let Some(e) = step.exponents() {
                return e;
            }
        }
        step
    }

    /// This update with every scale in its [`Scale::exponent`] form, if
    /// they all have one.
    #[inline(always)]
    fn exponents(&self) -> Option<Self> {
        Some(StepUpdate {
            proj: self.proj.exponents()?,
            bg: self.bg.exponents()?,
            bh: self.bh.exponents()?,
            sig_div: Divisor::exponent(self.sig_div)?,
            gate_h: S::exponent(self.gate_h)?,
            one_minus: S::exponent(self.one_minus)?,
            zeta_s: S::exponent(self.zeta_s)?,
            nu_s: S::exponent(self.nu_s)?,
            upd: S::exponent(self.upd)?,
            fin: self.fin.exponents()?,
            pow2: true,
            ..*self
        })
    }

    /// [`super::vector::sigmoid_op`] of a Q15 `x`; `c << shift` is
    /// `c · 2^shift` wrapping (0 for shifts of 32 or more, as `shl32`).
    #[inline(always)]
    fn sigmoid<const PLAIN: bool, const P: bool>(&self, x: i32) -> i32 {
        if !PLAIN && self.sig_tables {
            return sigmoid_table(x);
        }
        let d = if P { Divisor::down_exponent(self.sig_div, x) } else { Divisor::down_ready(self.sig_div, x) };
        let w = q15(d.wrapping_add(self.sig_add));
        if w <= 0 {
            0
        } else {
            (if w >= self.sig_limit { self.sig_limit } else { w }).wrapping_mul(self.sig_mul)
        }
    }

    /// [`super::vector::tanh_op`] of a Q15 `x`.
    #[inline(always)]
    fn tanh<const PLAIN: bool>(&self, x: i32) -> i32 {
        if !PLAIN && self.tanh_tables {
            return tanh_table(x);
        }
        let bound = self.tanh_bound;
        let c = if x >= bound {
            bound
        } else if x <= bound.wrapping_neg() {
            bound.wrapping_neg()
        } else {
            x
        };
        c.wrapping_mul(self.tanh_mul)
    }
}

impl<S: Scale> Update4 for StepUpdate<S> {
    /// `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃` from `h`, `W·x`, `U·h`, `Bg`,
    /// `Bh`. Every value scaled down is a Q15 value, a sum of two scaled
    /// Q15 values or a product of two Q15 values: within `±2^30`, as
    /// [`Scale::down_ready`] needs.
    #[inline(always)]
    fn apply(&self, h: i32, w: i32, u: i32, b_g: i32, b_h: i32) -> i16 {
        self.apply_with::<false, false>(h, w, u, b_g, b_h)
    }
}

/// A [`StepUpdate`] run as a specialised loop: `PLAIN`, its activations
/// use no tables ([`StepUpdate::tables`] false); `P`, its scales are all in
/// [`Scale::exponent`] form ([`StepUpdate::pow2`], and then always).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Variant<'a, S: Scale, const PLAIN: bool, const P: bool>(pub &'a StepUpdate<S>);

impl<S: Scale, const PLAIN: bool, const P: bool> Update4 for Variant<'_, S, PLAIN, P> {
    #[inline(always)]
    fn apply(&self, h: i32, w: i32, u: i32, b_g: i32, b_h: i32) -> i16 {
        self.0.apply_with::<PLAIN, P>(h, w, u, b_g, b_h)
    }
}

impl<S: Scale> StepUpdate<S> {
    /// Whether either activation uses the tables.
    #[inline(always)]
    pub(crate) fn tables(&self) -> bool {
        self.sig_tables || self.tanh_tables
    }
    /// Whether the scales are in [`Scale::exponent`] form: the update must
    /// then run as a [`Variant`] with `P`.
    #[inline(always)]
    pub(crate) fn pow2(&self) -> bool {
        self.pow2
    }
    /// The update of one element; `PLAIN`: the activations use no tables
    /// (only when [`StepUpdate::tables`] is false); `P`: the scales are
    /// exponents (only when [`StepUpdate::pow2`] is true, and then always).
    #[inline(always)]
    fn apply_with<const PLAIN: bool, const P: bool>(&self, h: i32, w: i32, u: i32, b_g: i32, b_h: i32) -> i16 {
        debug_assert!(P == self.pow2, "an update in exponent form runs only as a `Variant` with `P`");
        let a = q15(self.proj.apply::<P>(w, u));
        let gate = q15(self.sigmoid::<PLAIN, P>(q15(self.bg.apply::<P>(a, b_g))));
        let cand = q15(self.tanh::<PLAIN>(q15(self.bh.apply::<P>(a, b_h))));
        let kept = q15(down::<S, P>(self.gate_h, gate.wrapping_mul(h)));
        let one_minus = q15(self.one.wrapping_sub(down::<S, P>(self.one_minus, gate)));
        let zeta = q15(down::<S, P>(self.zeta_s, self.zeta.wrapping_mul(one_minus)));
        let mix = q15(self.nu.wrapping_add(down::<S, P>(self.nu_s, zeta)));
        let upd = q15(down::<S, P>(self.upd, mix.wrapping_mul(cand)));
        self.fin.apply::<P>(kept, upd) as i16
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::q15::fastgrnn::AddScales;

    fn add(a: i32, b: i32, out: i32, demote: i32) -> AddScales<Divisor> {
        AddScales { a: Divisor(a), b: Divisor(b), out: Divisor(out), demote: Divisor(demote) }
    }

    fn pow2_scales() -> UpdateScales<Divisor> {
        UpdateScales {
            projections_add: add(2, 1, 1, 1),
            bg_add: add(4, 2, 1, 2),
            sigmoid_scale_in: 11,
            sigmoid_scale_out: 14,
            bh_add: add(1, 8, 2, 1),
            tanh_scale_in: 11,
            tanh_scale_out: 14,
            gate_hd_hidden_state: Divisor(128),
            hidden_state_hd_gate: Divisor(256),
            q_one_scale: Divisor(1),
            q_one_sub_gate: Divisor(1),
            q_one_sub_gate_out: Divisor(1),
            sigmoid_zeta: Divisor(128),
            sigmoid_zeta_mul_q_one_sub_gate: Divisor(256),
            sigmoid_nu: Divisor(1),
            sigmoid_nu_add_q_one_sub_gate: Divisor(1),
            sigmoid_nu_add_q_one_sub_gate_out: Divisor(1),
            sigmoid_nu_add_q_one_sub_gate_hd_update: Divisor(128),
            update_hd_sigmoid_nu_add_q_one_sub_gate: Divisor(256),
            final_add: add(1, 1, 1, 1),
        }
    }

    fn activation(tables: bool) -> Activation {
        Activation { sigmoid_limit: 8192, div: 2, add: 4096, q_one: 16384, use_table_sigmoid: tables, use_table_tanh: tables }
    }

    /// The inputs every update test runs: extremes, zero, and a spread.
    fn values() -> impl Iterator<Item = i32> {
        [i16::MIN as i32, -32767, -16384, -1000, -7, -1, 0, 1, 7, 1000, 16384, 32766, i16::MAX as i32].into_iter()
    }

    #[test]
    fn update_in_exponent_form_equals_the_division_update() {
        // The exponent form runs only on cores without a divide instruction;
        // its arithmetic is compared here, on any core, with the division.
        for tables in [false, true] {
            let step = StepUpdate::new(&pow2_scales(), &activation(tables), 30111, 32522);
            let e = step.exponents().expect("every divisor is a power of two");
            for h in values() {
                for w in values() {
                    for u in values().step_by(3) {
                        for (bg, bh) in [(0, 0), (-32768, 32767), (1234, -4321)] {
                            assert_eq!(e.apply_with::<false, true>(h, w, u, bg, bh), step.apply_with::<false, false>(h, w, u, bg, bh), "h {h} w {w} u {u} bg {bg} bh {bh}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn update_keeps_the_division_form_unless_every_divisor_is_a_power_of_two() {
        let mut sc = pow2_scales();
        sc.final_add.demote = Divisor(3);
        let step = StepUpdate::new(&sc, &activation(false), 30111, 32522);
        assert!(step.exponents().is_none());
        assert!(!step.pow2());
        let mut act = activation(false);
        act.div = 3;
        assert!(StepUpdate::new(&pow2_scales(), &act, 30111, 32522).exponents().is_none());
    }

    #[test]
    fn normalisation_in_exponent_form_equals_the_division() {
        let ns = NormScales { input: Divisor(2), mean: Divisor(4), mean_sub: Divisor(2), std_dev: Divisor(64), norm_features_hd_std_dev: Divisor(256) };
        let n = NormStep::new(&ns);
        let e = NormStep::<Divisor> { x: Divisor::exponent(n.x).unwrap(), mean: Divisor::exponent(n.mean).unwrap(), std_dev: Divisor::exponent(n.std_dev).unwrap(), pow2: true };
        for a in values() {
            for b in values() {
                assert_eq!(e.sub(a, b), n.sub(a, b));
                assert_eq!(e.scale(a, b), n.scale(a, b));
                // and both as the primitive operations of `vector`
                assert_eq!(n.sub(a, b), crate::q15::vector::sub_op(ns.input, ns.mean, ns.mean_sub)(a, b));
                assert_eq!(n.scale(a, b), crate::q15::vector::hadamard_op(ns.std_dev, ns.norm_features_hd_std_dev)(a, b));
            }
        }
    }
}
