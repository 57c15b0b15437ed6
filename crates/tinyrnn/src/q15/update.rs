//! The element-wise update of a FastGRNN step with its constants made
//! ready once per call: the same arithmetic as the `*_op` element
//! operations of [`super::vector`] that [`super::fastgrnn`] chains (and as
//! EdgeML's sequence of vector calls), but with every scale in its
//! [`Scale::Ready`] form (shift counts clamped, divisors known non-zero),
//! left shifts of the activations as multiplications by `2^shift`, and the
//! constants made once per call. Two forms ([`Update`]), one per build and
//! scale mode ([`laid_out`]):
//! - [`StepUpdate`], compiled: the constants held by value, so that the
//!   loop body is straight-line code (where the compiler has the
//!   registers for them, or spills few);
//! - [`LaidOut`], the constants laid out in memory for a per-ISA kernel,
//!   [`crate::kernels::update_plain`] (Cortex-M4F, ARMv6-M, RV32IM,
//!   x86-64), where the compiled loop reloaded spilled constants and
//!   pointers per element. The compiled form runs where no kernel is
//!   selected (other cores, `TINYRNN_PORTABLE_KERNELS=1` builds).
//!
//! The host tests compare the two (tables included); `scripts/qemu-kernels`
//! compares the per-ISA kernel with the portable one on its own core.

// The form a build does not run stays compiled, unused but for the tests
// that compare the two.
#![allow(dead_code)]

use core::mem::MaybeUninit;

use super::fastgrnn::{Activation, AddScales, NormScales, UpdateScales};
use super::vector::{sigmoid_table, tanh_table};
use crate::kernels::{portable, PlainUpdate, Update4};
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
    fn sigmoid<const P: bool>(&self, x: i32) -> i32 {
        if self.sig_tables {
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
    fn tanh(&self, x: i32) -> i32 {
        if self.tanh_tables {
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
        self.apply_with::<false>(h, w, u, b_g, b_h)
    }
}

/// A [`StepUpdate`] whose scales are all in [`Scale::exponent`] form
/// ([`StepUpdate::pow2`], and then always), run as its own loop.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Variant<'a, S: Scale, const P: bool>(pub &'a StepUpdate<S>);

impl<S: Scale, const P: bool> Update4 for Variant<'_, S, P> {
    #[inline(always)]
    fn apply(&self, h: i32, w: i32, u: i32, b_g: i32, b_h: i32) -> i16 {
        self.0.apply_with::<P>(h, w, u, b_g, b_h)
    }
}

impl<S: Scale> StepUpdate<S> {
    /// Whether the scales are in [`Scale::exponent`] form: the update must
    /// then run as a [`Variant`] with `P`.
    #[inline(always)]
    pub(crate) fn pow2(&self) -> bool {
        self.pow2
    }
    /// The update of one element; `P`: the scales are exponents (only when
    /// [`StepUpdate::pow2`] is true, and then always).
    #[inline(always)]
    fn apply_with<const P: bool>(&self, h: i32, w: i32, u: i32, b_g: i32, b_h: i32) -> i16 {
        debug_assert!(P == self.pow2, "an update in exponent form runs only as a `Variant` with `P`");
        let a = q15(self.proj.apply::<P>(w, u));
        let gate = q15(self.sigmoid::<P>(q15(self.bg.apply::<P>(a, b_g))));
        let cand = q15(self.tanh(q15(self.bh.apply::<P>(a, b_h))));
        let kept = q15(down::<S, P>(self.gate_h, gate.wrapping_mul(h)));
        let one_minus = q15(self.one.wrapping_sub(down::<S, P>(self.one_minus, gate)));
        let zeta = q15(down::<S, P>(self.zeta_s, self.zeta.wrapping_mul(one_minus)));
        let mix = q15(self.nu.wrapping_add(down::<S, P>(self.nu_s, zeta)));
        let upd = q15(down::<S, P>(self.upd, mix.wrapping_mul(cand)));
        self.fin.apply::<P>(kept, upd) as i16
    }
}

/// A step's element-wise update, made once per call ([`StepUpdate`] or
/// [`LaidOut`]): `h` from `W·x`, `U·h`, `Bg`, `Bh`.
pub(crate) trait Update {
    /// One step's update.
    fn run(&self, h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16]);
}

impl<S: Scale> Update for StepUpdate<S> {
    /// Compiled; in exponent form (see [`StepUpdate::pow2`]) as its own loop.
    #[inline(always)]
    fn run(&self, h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16]) {
        if NO_DIVIDE && !S::IS_SHIFT && self.pow2() {
            // On cores without a divide instruction, a division build
            // whose divisors are all powers of two (the usual models):
            // see `StepUpdate::pow2`, which keeps the frame near the
            // `SHIFT` build's.
            crate::kernels::update4(h, a, b, c, d, &Variant::<_, true>(self));
        } else {
            crate::kernels::update4(h, a, b, c, d, self);
        }
    }
}

impl<S: Scale> Update for LaidOut<S> {
    /// The kernel, or with tables [`update_tables`]. Constants a kernel
    /// does not take ([`crate::kernels::update_takes`]: ARMv6-M's, a
    /// sigmoid divisor not `2^k` or, in a division build, another divisor)
    /// take [`update_tables`] too, which has the portable elements, so
    /// that the kernel's own copy of them drops out (about 370 bytes).
    /// Likewise a kernel that takes elements in groups
    /// ([`crate::kernels::UPDATE_GROUP`]: RV32IM's pairs) gets the whole
    /// groups, and a last element the portable one here (about 300 bytes).
    #[inline(always)]
    fn run(&self, h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16]) {
        if self.tables == (false, false) && crate::kernels::update_takes::<S>(&self.k, &self.prep) {
            self.run_groups(crate::kernels::UPDATE_GROUP, h, a, b, c, d);
        } else {
            update_tables::<S>(h, a, b, c, d, self);
        }
    }
}

impl<S: Scale> LaidOut<S> {
    /// The kernel over the whole groups of `group` elements, the portable
    /// element ([`update_tables`]) over the rest (see [`LaidOut::run`]).
    #[inline(always)]
    fn run_groups(&self, group: usize, h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16]) {
        if group <= 1 {
            crate::kernels::update_prepared::<S>(h, a, b, c, d, &self.k, &self.prep);
        } else {
            let n = h.len().min(a.len()).min(b.len()).min(c.len()).min(d.len());
            let whole = n - n % group;
            // (`whole ≤ n` is within every slice; the `min`s say so, so that
            // no panic path is compiled.)
            let ((a0, a1), (b0, b1)) = (a.split_at(whole.min(a.len())), b.split_at(whole.min(b.len())));
            let ((c0, c1), (d0, d1)) = (c.split_at(whole.min(c.len())), d.split_at(whole.min(d.len())));
            let (h0, h1) = h.split_at_mut(whole.min(h.len()));
            crate::kernels::update_prepared::<S>(h0, a0, b0, c0, d0, &self.k, &self.prep);
            update_tables::<S>(h1, a1, b1, c1, d1, self);
        }
    }
}

/// Whether this build runs the update as a [`LaidOut`], where
/// [`crate::kernels::update_plain`] is a per-ISA kernel (Cortex-M4F,
/// ARMv6-M, RV32IM, x86-64: the constants in registers or loaded where
/// used, where the compiled loop spills them), else as the compiled
/// [`StepUpdate`].
#[inline(always)]
pub(crate) fn laid_out() -> bool {
    cfg!(any(
        all(target_arch = "arm", tinyrnn_arm_dsp),
        all(target_arch = "arm", tinyrnn_armv6m),
        all(target_arch = "riscv32", tinyrnn_rv32im),
        all(target_arch = "x86_64", tinyrnn_x86_sse2)
    ))
}

/// A step's update as [`crate::kernels::update_plain`]'s constants and the
/// activations' table flags, made once per call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LaidOut<S: Scale> {
    k: PlainUpdate,
    /// The kernel's per-call form of `k` ([`crate::kernels::prepare_update`]).
    prep: crate::kernels::UpdatePrep,
    tables: (bool, bool),
    mode: core::marker::PhantomData<S>,
}

impl<S: Scale> LaidOut<S> {
    /// Lays out the update of `sc` and `act` with the cell's `ζ` and `ν`
    /// (the same update as [`StepUpdate::new`]'s) in `dst`, the caller's
    /// frame or a C model's storage, a group of fields at a time. In place,
    /// not returned: a returned value was copied into a model's storage
    /// (`memcpy`, linked for that alone). Out of line, and grouped: compiled
    /// as one expression (or inlined into the step loop's function), the
    /// scales' 40 fields were all loaded first and spilled before the first
    /// was stored (112 bytes more stack on Cortex-M4F). Each field written
    /// once: a whole value written first (zeros, then each field) stayed a
    /// `memset` call, the barriers below keeping its stores.
    #[inline(never)]
    pub(crate) fn new_in<'d>(dst: &'d mut MaybeUninit<Self>, sc: &UpdateScales<S>, act: &Activation, zeta: i16, nu: i16) -> &'d mut Self {
        // `black_box` hides the scales' address from the next group, so
        // that its loads cannot be scheduled before this group's stores.
        // (Only the frame depends on it, never a result.)
        use core::hint::black_box;
        use core::ptr::addr_of_mut;
        let out = dst.as_mut_ptr();
        // SAFETY: `out` is `dst`'s, valid for writes of a `Self`; its fields
        // are written through raw pointers (no reference to the value until
        // every field is written).
        let k = unsafe { addr_of_mut!((*out).k) };
        macro_rules! set {
            ($($f:ident),+ = $v:expr) => {{
                let [$($f),+] = $v;
                // SAFETY: as `k`'s.
                $(unsafe { addr_of_mut!((*k).$f).write($f) };)+
            }};
        }
        let r = |s: S| S::ready_raw(s.ready());
        let add = |a: &AddScales<S>| [r(a.a.then(a.out)), r(a.b.then(a.out)), r(a.demote)];
        set!(p1, p2, pd = add(&sc.projections_add));
        let sc = black_box(sc);
        set!(g1, g2, gd = add(&sc.bg_add));
        set!(sig_div = [Divisor::ready_raw(Divisor(act.div as i32).ready())]);
        set!(sig_add = [act.add as i32]);
        set!(sig_limit = [act.sigmoid_limit as i32]);
        set!(sig_mul = [pow2(sc.sigmoid_scale_out.wrapping_sub(sc.sigmoid_scale_in))]);
        let sc = black_box(sc);
        set!(h1, h2, hd = add(&sc.bh_add));
        let tanh_bound = pow2(sc.tanh_scale_in);
        set!(tanh_bound, tanh_neg_bound = [tanh_bound, tanh_bound.wrapping_neg()]);
        set!(tanh_mul = [pow2(sc.tanh_scale_out.wrapping_sub(sc.tanh_scale_in))]);
        let sc = black_box(sc);
        set!(gh = [r(sc.gate_hd_hidden_state.then(sc.hidden_state_hd_gate))]);
        set!(om = [r(sc.q_one_sub_gate.then(sc.q_one_sub_gate_out))]);
        set!(one = [sc.q_one_scale.then(sc.q_one_sub_gate_out).down(act.q_one as i32)]);
        set!(zs = [r(sc.sigmoid_zeta.then(sc.sigmoid_zeta_mul_q_one_sub_gate))]);
        set!(zeta = [zeta as i32]);
        set!(ns = [r(sc.sigmoid_nu_add_q_one_sub_gate.then(sc.sigmoid_nu_add_q_one_sub_gate_out))]);
        set!(nu = [sc.sigmoid_nu.then(sc.sigmoid_nu_add_q_one_sub_gate_out).down(nu as i32)]);
        let sc = black_box(sc);
        set!(us = [r(sc.sigmoid_nu_add_q_one_sub_gate_hd_update.then(sc.update_hd_sigmoid_nu_add_q_one_sub_gate))]);
        set!(f1, f2, fd = add(&sc.final_add));
        // SAFETY: as `k`'s; `mode` is a zero-sized marker. Then every field
        // has been written.
        unsafe {
            addr_of_mut!((*out).prep).write(crate::kernels::NO_PREP);
            addr_of_mut!((*out).tables).write((act.use_table_sigmoid, act.use_table_tanh));
            dst.assume_init_mut()
        }
    }

    /// With the kernel's per-call form of the constants
    /// ([`crate::kernels::prepare_update`]; nothing on most cores), where
    /// the kernel runs ([`LaidOut::run`]: no tables): the form may replace
    /// `k`'s values, which [`update_tables`] reads as they are. Apart from
    /// [`LaidOut::new_in`]: made there, the reference to the fields just
    /// written kept the whole value in that function's frame (92 bytes
    /// more stack on Cortex-M4F, where the form is empty).
    #[inline(always)]
    pub(crate) fn prepare(&mut self) {
        if self.tables == (false, false) {
            crate::kernels::prepare_update::<S>(&mut self.k, &mut self.prep);
        }
    }
}

/// The update of a [`LaidOut`] whose activations use the tables: where
/// [`crate::kernels::update_plain`] is a per-ISA kernel, the models with
/// tables take this loop instead. Each element is a call: its constants
/// are read where they are used, where a loop would keep them all (spilled:
/// about 100 bytes more stack under the step's frame).
#[inline(always)]
pub(crate) fn update_tables<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], laid: &LaidOut<S>) {
    for ((((h, &a), &b), &c), &d) in h.iter_mut().zip(a).zip(b).zip(c).zip(d) {
        *h = table_element(laid, *h as i32, a as i32, b as i32, c as i32, d as i32);
    }
}

/// One element of [`update_tables`].
#[inline(never)]
fn table_element<S: Scale>(laid: &LaidOut<S>, h: i32, a: i32, b: i32, c: i32, d: i32) -> i16 {
    let (sig, tanh) = laid.tables;
    let sigmoid = |k: &PlainUpdate, t| if sig { sigmoid_table(t) } else { portable::plain_sigmoid(k, t) };
    let tanh = |k: &PlainUpdate, c| if tanh { tanh_table(c) } else { portable::plain_tanh(k, c) };
    portable::update_plain_element::<S>(&laid.k, h, a, b, c, d, sigmoid, tanh)
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
                            assert_eq!(e.apply_with::<true>(h, w, u, bg, bh), step.apply_with::<false>(h, w, u, bg, bh), "h {h} w {w} u {u} bg {bg} bh {bh}");
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

    struct Rng(u32);
    impl Rng {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0
        }
        fn q15(&mut self) -> i16 {
            match self.next() % 6 {
                0 => i16::MIN,
                1 => i16::MAX,
                _ => self.next() as i16,
            }
        }
    }

    /// The laid-out update (`LaidOut::run`: the kernel this build selects,
    /// or `update_tables`) and the portable `update_plain`,
    /// against the compiled update, for random scales (out-of-range shift
    /// counts, zero and negative divisors included), activations with and
    /// without tables, and values (extremes included).
    fn laid_out_update_equals_the_compiled_update<S: Scale>(scale: impl Fn(&mut Rng) -> S) {
        let mut rng = Rng(0x2545_f491);
        for case in 0..if cfg!(miri) { 20 } else { 4000 } {
            let mut s = || scale(&mut rng);
            let add = |s: &mut dyn FnMut() -> S| AddScales { a: s(), b: s(), out: s(), demote: s() };
            let (pa, bg) = (add(&mut s), add(&mut s));
            let bh = add(&mut s);
            let [gh, hg, qo, qs, qso, z, zm, nu, nua, nuo, nuu, unu] = core::array::from_fn(|_| s());
            let fa = add(&mut s);
            let sc = UpdateScales {
                projections_add: pa,
                bg_add: bg,
                sigmoid_scale_in: (rng.next() % 20) as i32,
                sigmoid_scale_out: (rng.next() % 20) as i32,
                bh_add: bh,
                tanh_scale_in: (rng.next() % 34) as i32 - 1,
                tanh_scale_out: (rng.next() % 20) as i32,
                gate_hd_hidden_state: gh,
                hidden_state_hd_gate: hg,
                q_one_scale: qo,
                q_one_sub_gate: qs,
                q_one_sub_gate_out: qso,
                sigmoid_zeta: z,
                sigmoid_zeta_mul_q_one_sub_gate: zm,
                sigmoid_nu: nu,
                sigmoid_nu_add_q_one_sub_gate: nua,
                sigmoid_nu_add_q_one_sub_gate_out: nuo,
                sigmoid_nu_add_q_one_sub_gate_hd_update: nuu,
                update_hd_sigmoid_nu_add_q_one_sub_gate: unu,
                final_add: fa,
            };
            let tables = (case % 4 == 1 || case % 4 == 3, case % 4 >= 2);
            let act = Activation {
                sigmoid_limit: rng.q15(),
                div: [0, 1, 2, -3, 7, -1][(rng.next() % 6) as usize],
                add: rng.q15(),
                q_one: rng.q15(),
                use_table_sigmoid: tables.0,
                use_table_tanh: tables.1,
            };
            let (zeta, nu) = (rng.q15(), rng.q15());
            let step = StepUpdate::new(&sc, &act, zeta, nu);
            if step.pow2() {
                continue; // exponent form (cores without a divide instruction): not laid out
            }
            let n = (rng.next() % 12) as usize;
            let mut v = [[0i16; 12]; 5];
            v.iter_mut().flatten().for_each(|x| *x = rng.q15());
            let [h, a, b, c, d] = v;
            let (mut want, mut with_tables) = (h, h);
            crate::kernels::update4(&mut want[..n], &a, &b, &c, &d, &step);
            let mut laid = MaybeUninit::uninit();
            let laid = LaidOut::<S>::new_in(&mut laid, &sc, &act, zeta, nu);
            laid.prepare();
            laid.run(&mut with_tables[..n], &a, &b, &c, &d);
            let k = laid.k;
            assert_eq!(with_tables, want, "{k:?} tables {tables:?}");
            if tables == (false, false) {
                // A kernel in groups (RV32IM's pairs), as the host runs it.
                for group in [2, 3] {
                    let mut grouped = h;
                    laid.run_groups(group, &mut grouped[..n], &a, &b, &c, &d);
                    assert_eq!(grouped, want, "{k:?} in groups of {group}");
                }
            }
            if tables == (false, false) {
                let (mut portable_got, mut selected) = (h, h);
                portable::update_plain::<S>(&mut portable_got[..n], &a, &b, &c, &d, &k);
                crate::kernels::update_plain::<S>(&mut selected[..n], &a, &b, &c, &d, &k);
                assert_eq!(portable_got, want, "{k:?}");
                assert_eq!(selected, want, "{k:?}");
            }
        }
    }

    #[test]
    fn laid_out_update_equals_the_compiled_update_in_shift_mode() {
        laid_out_update_equals_the_compiled_update(|rng| crate::scale::Exponent((rng.next() % 40) as i32 - 4));
    }

    #[test]
    fn laid_out_update_equals_the_compiled_update_in_division_mode() {
        laid_out_update_equals_the_compiled_update(|rng| {
            Divisor(match rng.next() % 5 {
                0 => 0,
                1 => 1 << (rng.next() % 8),
                2 => -((rng.next() % 9) as i32),
                3 => [i32::MIN, i32::MAX, -1][(rng.next() % 3) as usize],
                _ => (rng.next() % 300) as i32,
            })
        });
    }
}
