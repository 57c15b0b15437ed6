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

pub use super::project::{Dense, Feature, LowRank, MatVecScales, Project, Projection, Sparse};
use super::steps::{normalized, Steps};
use super::update::{laid_out, LaidOut, NormStep, StepUpdate, Update};
use crate::error::{size_mul, Error, Result};
use crate::scale::Scale;

/// Scales of an EdgeML `q15_v_add` call: `(a/(a·out) + b/(b·out)) / demote`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AddScales<S> {
    /// Scale of the first operand.
    pub a: S,
    /// Scale of the second operand.
    pub b: S,
    /// Scale of the result.
    pub out: S,
    /// Demotion of the sum.
    pub demote: S,
}

/// Scales of the input normalisation:
/// `((x/(input·meanSub) − mean_t/(mean·meanSub)) · stdDev_t) / (stdDev·normFeaturesHDStdDev)`.
/// `#[repr(C)]`: the first five fields of EdgeML's scales structs.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NormScales<S> {
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
}

/// Scales of the element-wise update of a step, in the order of EdgeML's
/// scales structs (from `mV1AddMV2`, or `mV2AddMV4` in low rank, to
/// `hiddenStateDemote`): `#[repr(C)]`, so the C entry reads them where the
/// caller's struct holds them, without copying.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateScales<S> {
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
}

/// The scalars of the activations (the same in both scaling modes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activation {
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

/// EdgeML's `Q15_FastGRNN_Scales`, typed (`#[repr(C)]`: the C struct's
/// layout, which the C entry reads in place). Rust users write the C numbers
/// in [`super::FastGrnnScales`] and call its `typed()`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypedScales<S> {
    /// The normalisation's scales (`input` … `normFeaturesHDStdDev`).
    pub norm: NormScales<S>,
    /// `W · normFeatures` (`w`, `normFeaturesMVW`, `mVWOut`).
    pub w: MatVecScales<S>,
    /// `U · hiddenState` (`u`, `hiddenStateMVU`, `mVUOut`).
    pub u: MatVecScales<S>,
    /// The update's scales (`mV1AddMV2` … `hiddenStateDemote`).
    pub update: UpdateScales<S>,
    /// EdgeML `div` (of `q15_v_sigmoid`).
    pub div: i16,
    /// EdgeML `add` (of `q15_v_sigmoid`).
    pub add: i16,
    /// EdgeML `sigmoidLimit`.
    pub sigmoid_limit: i16,
    /// EdgeML `qOne`.
    pub q_one: i16,
    /// EdgeML `useTableSigmoid` (a C truth value).
    pub use_table_sigmoid: u32,
    /// EdgeML `useTableTanH` (a C truth value).
    pub use_table_tanh: u32,
}

/// EdgeML's `Q15_FastGRNN_LR_Scales`, typed (`#[repr(C)]`, as [`TypedScales`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypedLrScales<S> {
    /// The normalisation's scales (`input` … `normFeaturesHDStdDev`).
    pub norm: NormScales<S>,
    /// `W1 · normFeatures` (`w1`, `normFeaturesMVW1`, `mVW1Out`).
    pub w1: MatVecScales<S>,
    /// `W2 · tempLRW` (`w2`, `tempLRW`, `mVW2Out`).
    pub w2: MatVecScales<S>,
    /// `U1 · hiddenState` (`u1`, `hiddenStateMVU1`, `mVU1Out`).
    pub u1: MatVecScales<S>,
    /// `U2 · tempLRU` (`u2`, `tempLRU`, `mVU2Out`).
    pub u2: MatVecScales<S>,
    /// The update's scales (`mV2AddMV4` … `hiddenStateDemote`).
    pub update: UpdateScales<S>,
    /// EdgeML `sigmoidLimit`.
    pub sigmoid_limit: i16,
    /// EdgeML `div` (of `q15_v_sigmoid`).
    pub div: i16,
    /// EdgeML `add` (of `q15_v_sigmoid`).
    pub add: i16,
    /// EdgeML `qOne`.
    pub q_one: i16,
    /// EdgeML `useTableSigmoid` (a C truth value).
    pub use_table_sigmoid: u32,
    /// EdgeML `useTableTanH` (a C truth value).
    pub use_table_tanh: u32,
}

/// Where a [`FastGrnn`] reads the scales of a step: a [`TypedScales`] or
/// [`TypedLrScales`], owned (the Rust API) or borrowed (the C entry reads
/// the caller's struct in place).
pub trait StepScales<S> {
    /// The normalisation's scales.
    fn norm(&self) -> &NormScales<S>;
    /// The update's scales.
    fn update(&self) -> &UpdateScales<S>;
    /// The activations' scalars.
    fn activation(&self) -> Activation;
}

macro_rules! step_scales {
    ($T:ident) => {
        impl<S> StepScales<S> for $T<S> {
            #[inline(always)]
            fn norm(&self) -> &NormScales<S> {
                &self.norm
            }
            #[inline(always)]
            fn update(&self) -> &UpdateScales<S> {
                &self.update
            }
            #[inline(always)]
            fn activation(&self) -> Activation {
                Activation {
                    sigmoid_limit: self.sigmoid_limit,
                    div: self.div,
                    add: self.add,
                    q_one: self.q_one,
                    use_table_sigmoid: self.use_table_sigmoid != 0,
                    use_table_tanh: self.use_table_tanh != 0,
                }
            }
        }
    };
}
step_scales!(TypedScales);
step_scales!(TypedLrScales);

impl<S, T: StepScales<S>> StepScales<S> for &T {
    #[inline(always)]
    fn norm(&self) -> &NormScales<S> {
        (**self).norm()
    }
    #[inline(always)]
    fn update(&self) -> &UpdateScales<S> {
        (**self).update()
    }
    #[inline(always)]
    fn activation(&self) -> Activation {
        (**self).activation()
    }
}

/// A FastGRNN cell's parameters. `W` and `U` are any [`Project`]: one
/// storage type each ([`Dense`], [`Sparse`], [`LowRank`]) or [`Projection`].
/// The scales `G` are a [`TypedScales`] (or low-rank [`TypedLrScales`]),
/// owned or, in the C entry, borrowed from the caller's struct.
#[derive(Clone, Copy, Debug)]
pub struct FastGrnn<'a, X, S, W = Projection<'a, S>, U = W, G = TypedScales<S>> {
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
    /// Every scale of the step but the projections'.
    pub scales: G,
    /// `S` is the scales' mode.
    pub mode: core::marker::PhantomData<S>,
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

/// A FastGRNN cell's element-wise update made ready once for a series of
/// calls of the cell ([`FastGrnn::run_prechecked`]): its constants and the
/// kernel's per-call form, used where this build lays the update out (the
/// per-ISA update kernels; elsewhere each call computes its own). Always
/// made, so that where it is used its presence is known at compile time
/// and a call given one reserves no stack for its own.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
// Transparent: [`PreparedUpdate::new_in`] lays the update out in place.
#[repr(transparent)]
pub struct PreparedUpdate<S: Scale>(LaidOut<S>);

impl<S: Scale> PreparedUpdate<S> {
    /// Whether a series of calls shares one prepared update in this build:
    /// on x86-64, where the layout and the kernel's lanes cost ~700
    /// instructions per call (a tenth of an RNNPool block's work) and stack
    /// is plentiful. Not on the MCUs: there each call makes its own inside its
    /// frame, so that a block's frame does not hold two (124 bytes each on
    /// Cortex-M4F) under the cell's.
    pub const SHARED: bool = cfg!(all(target_arch = "x86_64", tinyrnn_x86_sse2));

    /// The update of a cell with these scales and `ζ`, `ν` (its
    /// `sigmoid_zeta`, `sigmoid_nu`), made ready.
    pub fn new(scales: &impl StepScales<S>, zeta: i16, nu: i16) -> Self {
        let mut p = core::mem::MaybeUninit::uninit();
        Self::new_in(&mut p, scales, zeta, nu);
        // SAFETY: `new_in` wrote every field.
        unsafe { p.assume_init() }
    }

    /// [`PreparedUpdate::new`] made in `dst` (a C model handle's storage),
    /// not in the caller's frame nor copied from it.
    #[doc(hidden)]
    pub fn new_in(dst: &mut core::mem::MaybeUninit<Self>, scales: &impl StepScales<S>, zeta: i16, nu: i16) {
        // SAFETY: `PreparedUpdate` is a transparent `LaidOut`, and so are
        // their `MaybeUninit`s.
        let dst = unsafe { &mut *(dst as *mut core::mem::MaybeUninit<Self> as *mut core::mem::MaybeUninit<LaidOut<S>>) };
        LaidOut::new_in(dst, scales.update(), &scales.activation(), zeta, nu).prepare();
    }

    /// The laid-out update where this build uses one.
    #[inline(always)]
    fn laid(&self) -> Option<&LaidOut<S>> {
        laid_out().then_some(&self.0)
    }
}

impl<'a, X: Feature, S: Scale, W: Project, U: Project, G: StepScales<S>> FastGrnn<'a, X, S, W, U, G> {
    /// Runs `steps` steps over `input` (`steps × inputDims`, `inputDims =
    /// scratch.features.len()`), updating `hidden` (`hiddenDims` elements),
    /// backwards in time if `backward`. Checks every length before writing.
    // Inlined (as `run_prechecked` into each C export): the step's
    // constants and the caller's share one stack frame (about 250 bytes
    // less on Cortex-M than a separate call), at a few percent more
    // instructions.
    #[inline(always)]
    pub fn run(&self, hidden: &mut [i16], input: &[X], steps: usize, backward: bool, normalize: bool, scratch: &mut Scratch<'_, X>) -> Result {
        self.check_lengths(hidden.len(), input.len(), steps, normalize, scratch)?;
        self.run_checked(None, hidden, input, steps, backward, normalize, scratch);
        Ok(())
    }

    /// [`FastGrnn::run`] without its length checks, for a caller that has
    /// made them itself: the C library checks every size and pointer of a
    /// call (or of a model, once) before it builds these slices, and the
    /// core's checks would repeat them on every call (on ARMv6-M each
    /// product's overflow test is a call to `__aeabi_lmul`). With lengths
    /// that [`FastGrnn::run`] refuses the output is unspecified, never
    /// undefined: every kernel bounds what it touches. `prep`: this cell's
    /// update made ready by the caller ([`PreparedUpdate::new`] of its
    /// scales, ζ and ν) for a series of calls of one cell (a C model; the
    /// RNNPool blocks on x86-64, [`PreparedUpdate::SHARED`]), else `None`.
    #[doc(hidden)]
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub fn run_prechecked(&self, prep: Option<&PreparedUpdate<S>>, hidden: &mut [i16], input: &[X], steps: usize, backward: bool, normalize: bool, scratch: &mut Scratch<'_, X>) {
        self.run_checked(prep.and_then(PreparedUpdate::laid), hidden, input, steps, backward, normalize, scratch)
    }

    /// The lengths [`FastGrnn::run`] needs, for `hd` hidden and
    /// `scratch.features.len()` input dimensions.
    #[inline(always)]
    fn check_lengths(&self, hd: usize, input: usize, steps: usize, normalize: bool, scratch: &Scratch<'_, X>) -> Result {
        let id = scratch.features.len();
        let total = size_mul(steps, id).ok_or(Error::Overflow)?;
        let long_enough = |len: usize, n: usize| if len >= n { Ok(()) } else { Err(Error::Length) };
        long_enough(input, total)?;
        if normalize {
            long_enough(self.mean.len(), total)?;
            long_enough(self.std_dev.len(), total)?;
        }
        long_enough(self.bg.len(), hd)?;
        long_enough(self.bh.len(), hd)?;
        long_enough(scratch.wx.len(), hd)?;
        long_enough(scratch.uh.len(), hd)?;
        self.w.check(hd, id, scratch.temp_w.len())?;
        self.u.check(hd, hd, scratch.temp_u.len())
    }

    /// The steps of [`FastGrnn::run`], once [`FastGrnn::check_lengths`] has
    /// passed (or a caller has made the same checks), the update laid out
    /// by the caller (`laid`) or here.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn run_checked(&self, laid: Option<&LaidOut<S>>, hidden: &mut [i16], input: &[X], steps: usize, backward: bool, normalize: bool, scratch: &mut Scratch<'_, X>) {
        if steps == 0 {
            // Nothing to do, nor to make ready.
            return;
        }
        let hd = hidden.len();
        let (ns, sc, act) = (self.scales.norm(), self.scales.update(), &self.scales.activation());
        let n = NormStep::new(ns);
        // Within the lengths checked.
        let (Some(wx), Some(uh)) = (scratch.wx.get_mut(..hd), scratch.uh.get_mut(..hd)) else { return };
        let seq = Steps { input, mean: self.mean, std_dev: self.std_dev, steps, backward, normalize };
        let (zeta, nu) = (self.sigmoid_zeta, self.sigmoid_nu);
        let (features, temp_w, temp_u) = (&mut *scratch.features, &mut *scratch.temp_w, &mut *scratch.temp_u);
        if laid_out() {
            match laid {
                Some(laid) => self.steps(laid, &seq, &n, hidden, features, wx, uh, temp_w, temp_u),
                None => {
                    let mut laid = core::mem::MaybeUninit::uninit();
                    let laid = LaidOut::new_in(&mut laid, sc, act, zeta, nu);
                    laid.prepare();
                    self.steps(laid, &seq, &n, hidden, features, wx, uh, temp_w, temp_u);
                }
            }
        } else {
            self.steps(&StepUpdate::new(sc, act, zeta, nu), &seq, &n, hidden, features, wx, uh, temp_w, temp_u);
        }
    }

    /// The step loop of [`FastGrnn::run`], its lengths checked, with the
    /// update this build runs for `S` ([`laid_out`]).
    #[allow(clippy::too_many_arguments)] // the loop's buffers, borrowed apart
    #[inline(always)]
    fn steps(
        &self,
        step: &impl Update,
        seq: &Steps<'_, X>,
        n: &NormStep<S>,
        hidden: &mut [i16],
        features: &mut [X],
        wx: &mut [i16],
        uh: &mut [i16],
        temp_w: &mut [i16],
        temp_u: &mut [i16],
    ) {
        for t in 0..seq.steps {
            seq.load(t, features, normalized(move |x, m| n.sub(x, m), move |s, c| n.scale(s, c)));
            // `uh` is free until `U·h` fills it: spare memory for `W·x`.
            self.w.apply_spare(features, wx, temp_w, uh);
            self.u.apply(hidden, uh, temp_u);
            step.run(hidden, wx, uh, self.bg, self.bh);
        }
    }
}
