//! EdgeML's float FastGRNN (`fastgrnn`, `fastgrnn_lr`).
//!
//! One step, for input `x` and hidden state `h` (`hiddenDims` values):
//!
//! ```text
//! x'   = normalize ? (x - mean[t]) / stdDev[t] : x
//! pre  = W·x' + U·h                      (low rank: W2·(W1·x') + U2·(U1·h))
//! gate = sigmoid(pre + Bg)               (f32, expf)
//! upd  = (f32) tanh((double)(pre + Bh))
//! h    = (f32) ((double)(gate·h) + (zeta·(1.0 - (double)gate) + nu) · upd)
//! ```
//!
//! with EdgeML's exact operation order and precisions, so results match the
//! reference bit for bit. `mean`/`stdDev` hold one row per step
//! (`steps × inputDims`), indexed by the step's input row; `backward` runs the
//! steps from the last input row to the first.
//!
//! Errors, all returned before anything is written: a missing buffer gives
//! EdgeML's code, checked in EdgeML's order (`preComp`, `tempLRW`, `tempLRU`,
//! `normFeatures`; even when `steps == 0`); a slice shorter than its
//! dimensions require gives [`Error::Length`], a size product that overflows
//! [`Error::Overflow`]. `mean`/`stdDev` are only needed when normalising. Zero
//! sizes are valid: `steps == 0` leaves the state as it is, a zero rank makes
//! that projection contribute 0 (as in EdgeML).

use super::utils::{add_op, div_op, mat_vec, sigmoid, tanh_f64};
use crate::error::{Error, Result};
use crate::q15::steps::Steps;

/// Weights of a FastGRNN cell (EdgeML's `FastGRNN_Params`).
#[derive(Clone, Copy, Debug)]
pub struct FastGrnnParams<'a> {
    /// `steps × inputDims` means, used only when normalising.
    pub mean: &'a [f32],
    /// `steps × inputDims` standard deviations, used only when normalising.
    pub std_dev: &'a [f32],
    /// `hiddenDims × inputDims`, row-major.
    pub w: &'a [f32],
    /// `hiddenDims × hiddenDims`, row-major.
    pub u: &'a [f32],
    /// Gate bias, `hiddenDims`.
    pub bg: &'a [f32],
    /// Update bias, `hiddenDims`.
    pub bh: &'a [f32],
    /// `ζ` of `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃`.
    pub sigmoid_zeta: f32,
    /// `ν` of `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃`.
    pub sigmoid_nu: f32,
}

/// Scratch space of a FastGRNN cell (EdgeML's `FastGRNN_Buffers`); `None`
/// stands for EdgeML's NULL pointer.
#[derive(Debug)]
pub struct FastGrnnBuffers<'a> {
    /// At least `hiddenDims`.
    pub pre_comp: Option<&'a mut [f32]>,
    /// At least `inputDims`.
    pub norm_features: Option<&'a mut [f32]>,
}

/// Weights of a low-rank FastGRNN cell, `W = W2·W1`, `U = U2·U1`
/// (EdgeML's `FastGRNN_LR_Params`).
#[derive(Clone, Copy, Debug)]
pub struct FastGrnnLrParams<'a> {
    /// `steps × inputDims` means, used only when normalising.
    pub mean: &'a [f32],
    /// `steps × inputDims` standard deviations, used only when normalising.
    pub std_dev: &'a [f32],
    /// `wRank × inputDims`, row-major.
    pub w1: &'a [f32],
    /// `hiddenDims × wRank`, row-major.
    pub w2: &'a [f32],
    /// The rank of `W`.
    pub w_rank: usize,
    /// `uRank × hiddenDims`, row-major.
    pub u1: &'a [f32],
    /// `hiddenDims × uRank`, row-major.
    pub u2: &'a [f32],
    /// The rank of `U`.
    pub u_rank: usize,
    /// Gate bias, `hiddenDims`.
    pub bg: &'a [f32],
    /// Update bias, `hiddenDims`.
    pub bh: &'a [f32],
    /// `ζ` of `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃`.
    pub sigmoid_zeta: f32,
    /// `ν` of `h' = z ⊙ h + (ζ·(1 − z) + ν) ⊙ h̃`.
    pub sigmoid_nu: f32,
}

/// Scratch space of a low-rank FastGRNN cell (EdgeML's `FastGRNN_LR_Buffers`).
#[derive(Debug)]
pub struct FastGrnnLrBuffers<'a> {
    /// At least `hiddenDims`.
    pub pre_comp: Option<&'a mut [f32]>,
    /// At least `wRank`.
    pub temp_lrw: Option<&'a mut [f32]>,
    /// At least `uRank`.
    pub temp_lru: Option<&'a mut [f32]>,
    /// At least `inputDims`.
    pub norm_features: Option<&'a mut [f32]>,
}

/// `rows × cols`, or [`Error::Overflow`].
fn area(rows: usize, cols: usize) -> Result<usize> {
    rows.checked_mul(cols).ok_or(Error::Overflow)
}

/// The first `n` elements of `s`, or [`Error::Length`].
fn first<T>(s: &[T], n: usize) -> Result<&[T]> {
    s.get(..n).ok_or(Error::Length)
}

/// The first `n` elements of `s`, or [`Error::Length`].
fn first_mut<T>(s: &mut [T], n: usize) -> Result<&mut [T]> {
    s.get_mut(..n).ok_or(Error::Length)
}

/// The per-step inputs common to both cells, checked.
#[allow(clippy::too_many_arguments)]
fn sequence<'a>(
    input: &'a [f32],
    mean: &'a [f32],
    std_dev: &'a [f32],
    input_dims: usize,
    steps: usize,
    backward: bool,
    normalize: bool,
) -> Result<Steps<'a, f32>> {
    let n = area(steps, input_dims)?;
    let norm = if normalize { n } else { 0 };
    Ok(Steps { input: first(input, n)?, mean: first(mean, norm)?, std_dev: first(std_dev, norm)?, steps, backward, normalize })
}

/// EdgeML's normalisation of one element: `v_add(1, x, −1, mean)`, then
/// `v_div` by `stdDev`.
#[inline(always)]
fn normalized(x: f32, mean: f32, std_dev: f32) -> f32 {
    div_op(std_dev, add_op(1.0, -1.0)(x, mean))
}

/// The gate and state update of one step.
fn update(hidden: &mut [f32], pre_comp: &[f32], bg: &[f32], bh: &[f32], zeta: f32, nu: f32) {
    for (((h, &p), &g), &b) in hidden.iter_mut().zip(pre_comp).zip(bg).zip(bh) {
        let gate = sigmoid(p + g);
        let upd = tanh_f64(p + b);
        *h = ((gate * *h) as f64 + (zeta as f64 * (1.0 - gate as f64) + nu as f64) * upd as f64) as f32;
    }
}

/// Runs `steps` steps of a FastGRNN cell over `input` (`steps × input_dims`),
/// updating `hidden_state` (`hiddenDims = hidden_state.len()`). See the
/// module documentation for the arithmetic and the errors.
#[allow(clippy::too_many_arguments)]
pub fn fastgrnn(
    hidden_state: &mut [f32],
    input: &[f32],
    input_dims: usize,
    steps: usize,
    params: &FastGrnnParams,
    buffers: &mut FastGrnnBuffers,
    backward: bool,
    normalize: bool,
) -> Result {
    let pre_comp = buffers.pre_comp.as_deref_mut().ok_or(Error::PrecompNotInit)?;
    let norm_features = buffers.norm_features.as_deref_mut().ok_or(Error::NormFeaturesNotInit)?;
    let hd = hidden_state.len();
    let p = params;
    let seq = sequence(input, p.mean, p.std_dev, input_dims, steps, backward, normalize)?;
    let w = first(p.w, area(hd, input_dims)?)?;
    let u = first(p.u, area(hd, hd)?)?;
    let (bg, bh) = (first(p.bg, hd)?, first(p.bh, hd)?);
    let pre_comp = first_mut(pre_comp, hd)?;
    let features = first_mut(norm_features, input_dims)?;

    for t in 0..steps {
        seq.load(t, features, normalized);
        mat_vec(w, features, hd, input_dims, 0.0, 1.0, pre_comp)?;
        mat_vec(u, hidden_state, hd, hd, 1.0, 1.0, pre_comp)?;
        update(hidden_state, pre_comp, bg, bh, p.sigmoid_zeta, p.sigmoid_nu);
    }
    Ok(())
}

/// Runs `steps` steps of a low-rank FastGRNN cell; as [`fastgrnn`].
#[allow(clippy::too_many_arguments)]
pub fn fastgrnn_lr(
    hidden_state: &mut [f32],
    input: &[f32],
    input_dims: usize,
    steps: usize,
    params: &FastGrnnLrParams,
    buffers: &mut FastGrnnLrBuffers,
    backward: bool,
    normalize: bool,
) -> Result {
    let pre_comp = buffers.pre_comp.as_deref_mut().ok_or(Error::PrecompNotInit)?;
    let temp_lrw = buffers.temp_lrw.as_deref_mut().ok_or(Error::TempLrwNotInit)?;
    let temp_lru = buffers.temp_lru.as_deref_mut().ok_or(Error::TempLruNotInit)?;
    let norm_features = buffers.norm_features.as_deref_mut().ok_or(Error::NormFeaturesNotInit)?;
    let hd = hidden_state.len();
    let p = params;
    let (wr, ur) = (p.w_rank, p.u_rank);
    let seq = sequence(input, p.mean, p.std_dev, input_dims, steps, backward, normalize)?;
    let w1 = first(p.w1, area(wr, input_dims)?)?;
    let w2 = first(p.w2, area(hd, wr)?)?;
    let u1 = first(p.u1, area(ur, hd)?)?;
    let u2 = first(p.u2, area(hd, ur)?)?;
    let (bg, bh) = (first(p.bg, hd)?, first(p.bh, hd)?);
    let pre_comp = first_mut(pre_comp, hd)?;
    let temp_lrw = first_mut(temp_lrw, wr)?;
    let temp_lru = first_mut(temp_lru, ur)?;
    let features = first_mut(norm_features, input_dims)?;

    for t in 0..steps {
        seq.load(t, features, normalized);
        mat_vec(w1, features, wr, input_dims, 0.0, 1.0, temp_lrw)?;
        mat_vec(w2, temp_lrw, hd, wr, 0.0, 1.0, pre_comp)?;
        mat_vec(u1, hidden_state, ur, hd, 0.0, 1.0, temp_lru)?;
        mat_vec(u2, temp_lru, hd, ur, 1.0, 1.0, pre_comp)?;
        update(hidden_state, pre_comp, bg, bh, p.sigmoid_zeta, p.sigmoid_nu);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: [f32; 4] = [0.5, -0.25, 0.125, 0.75];
    const U: [f32; 4] = [0.1, 0.2, -0.3, 0.4];
    const BG: [f32; 2] = [0.1, -0.1];
    const BH: [f32; 2] = [-0.2, 0.3];

    fn params() -> FastGrnnParams<'static> {
        FastGrnnParams { mean: &[], std_dev: &[], w: &W, u: &U, bg: &BG, bh: &BH, sigmoid_zeta: 0.5, sigmoid_nu: 0.25 }
    }

    #[test]
    fn missing_buffers_give_edgeml_codes_in_order() {
        let mut h = [1.0f32, 2.0];
        let (mut pc, mut nf) = ([0.0f32; 2], [0.0f32; 2]);
        let mut b = FastGrnnBuffers { pre_comp: None, norm_features: None };
        assert_eq!(fastgrnn(&mut h, &[0.0; 2], 2, 1, &params(), &mut b, false, false), Err(Error::PrecompNotInit));
        let mut b = FastGrnnBuffers { pre_comp: Some(&mut pc), norm_features: None };
        assert_eq!(fastgrnn(&mut h, &[0.0; 2], 2, 1, &params(), &mut b, false, false), Err(Error::NormFeaturesNotInit));
        // Checked even when there is nothing to do, as EdgeML does.
        let mut b = FastGrnnBuffers { pre_comp: None, norm_features: Some(&mut nf) };
        assert_eq!(fastgrnn(&mut h, &[], 2, 0, &params(), &mut b, false, false), Err(Error::PrecompNotInit));
        assert_eq!(h, [1.0, 2.0]);
        assert_eq!(Error::PrecompNotInit.code(), -1);
        assert_eq!(Error::NormFeaturesNotInit.code(), -4);
    }

    #[test]
    fn lr_missing_buffers_give_edgeml_codes_in_order() {
        let mut h = [1.0f32, 2.0];
        let (mut pc, mut tw, mut tu) = ([0.0f32; 2], [0.0f32; 1], [0.0f32; 1]);
        let p = FastGrnnLrParams {
            mean: &[],
            std_dev: &[],
            w1: &[1.0, 1.0],
            w2: &[1.0, 1.0],
            w_rank: 1,
            u1: &[1.0, 1.0],
            u2: &[1.0, 1.0],
            u_rank: 1,
            bg: &BG,
            bh: &BH,
            sigmoid_zeta: 1.0,
            sigmoid_nu: 0.0,
        };
        let mut b = FastGrnnLrBuffers { pre_comp: None, temp_lrw: None, temp_lru: None, norm_features: None };
        assert_eq!(fastgrnn_lr(&mut h, &[0.0; 2], 2, 1, &p, &mut b, false, false), Err(Error::PrecompNotInit));
        let mut b = FastGrnnLrBuffers { pre_comp: Some(&mut pc), temp_lrw: None, temp_lru: None, norm_features: None };
        assert_eq!(fastgrnn_lr(&mut h, &[0.0; 2], 2, 1, &p, &mut b, false, false), Err(Error::TempLrwNotInit));
        let mut b =
            FastGrnnLrBuffers { pre_comp: Some(&mut pc), temp_lrw: Some(&mut tw), temp_lru: None, norm_features: None };
        assert_eq!(fastgrnn_lr(&mut h, &[0.0; 2], 2, 1, &p, &mut b, false, false), Err(Error::TempLruNotInit));
        let mut b = FastGrnnLrBuffers {
            pre_comp: Some(&mut pc),
            temp_lrw: Some(&mut tw),
            temp_lru: Some(&mut tu),
            norm_features: None,
        };
        assert_eq!(fastgrnn_lr(&mut h, &[0.0; 2], 2, 1, &p, &mut b, false, false), Err(Error::NormFeaturesNotInit));
        assert_eq!(h, [1.0, 2.0]);
    }

    #[test]
    fn short_slices_are_refused_before_writing() {
        let mut h = [1.0f32, 2.0];
        let (mut pc, mut nf) = ([9.0f32; 2], [9.0f32; 2]);
        let mut b = FastGrnnBuffers { pre_comp: Some(&mut pc), norm_features: Some(&mut nf) };
        // Input shorter than steps × inputDims.
        assert_eq!(fastgrnn(&mut h, &[0.0; 3], 2, 2, &params(), &mut b, false, false), Err(Error::Length));
        // Normalising without mean/stdDev.
        assert_eq!(fastgrnn(&mut h, &[0.0; 2], 2, 1, &params(), &mut b, false, true), Err(Error::Length));
        // W too short for hiddenDims × inputDims.
        let p = FastGrnnParams { w: &W[..3], ..params() };
        assert_eq!(fastgrnn(&mut h, &[0.0; 2], 2, 1, &p, &mut b, false, false), Err(Error::Length));
        // Overflowing dimensions.
        assert_eq!(fastgrnn(&mut h, &[0.0; 2], usize::MAX, 2, &params(), &mut b, false, false), Err(Error::Overflow));
        assert_eq!(h, [1.0, 2.0]);
        assert_eq!(b.pre_comp.as_deref(), Some(&[9.0f32; 2][..]));
    }

    #[test]
    fn zero_sizes() {
        let (mut pc, mut nf) = ([9.0f32; 2], [9.0f32; 2]);
        let mut b = FastGrnnBuffers { pre_comp: Some(&mut pc), norm_features: Some(&mut nf) };
        // steps == 0: nothing changes.
        let mut h = [1.0f32, 2.0];
        assert_eq!(fastgrnn(&mut h, &[], 2, 0, &params(), &mut b, true, true), Ok(()));
        assert_eq!(h, [1.0, 2.0]);
        // hiddenDims == 0: valid, nothing to update.
        assert_eq!(fastgrnn(&mut [], &[1.0, 2.0], 2, 1, &params(), &mut b, false, false), Ok(()));
        // inputDims == 0: only U·h drives the state.
        let mut h0 = [1.0f32, 2.0];
        assert_eq!(fastgrnn(&mut h0, &[], 0, 1, &params(), &mut b, false, false), Ok(()));
        assert_ne!(h0, [1.0, 2.0]);
    }

    #[test]
    fn zero_rank_makes_projection_zero() {
        // wRank == 0: W contributes 0, so the result equals a dense cell with W = 0.
        let u1 = [1.0f32, 0.0, 0.0, 1.0];
        let p = FastGrnnLrParams {
            mean: &[],
            std_dev: &[],
            w1: &[],
            w2: &[],
            w_rank: 0,
            u1: &u1,
            u2: &U,
            u_rank: 2,
            bg: &BG,
            bh: &BH,
            sigmoid_zeta: 0.5,
            sigmoid_nu: 0.25,
        };
        let (mut pc, mut nf, mut tw, mut tu) = ([0.0f32; 2], [0.0f32; 2], [0.0f32; 0], [0.0f32; 2]);
        let mut b = FastGrnnLrBuffers {
            pre_comp: Some(&mut pc),
            temp_lrw: Some(&mut tw),
            temp_lru: Some(&mut tu),
            norm_features: Some(&mut nf),
        };
        let mut h = [0.5f32, -0.5];
        fastgrnn_lr(&mut h, &[3.0, 4.0], 2, 1, &p, &mut b, false, false).unwrap();

        let dense = FastGrnnParams { w: &[0.0; 4], ..params() };
        let (mut pc, mut nf) = ([0.0f32; 2], [0.0f32; 2]);
        let mut b = FastGrnnBuffers { pre_comp: Some(&mut pc), norm_features: Some(&mut nf) };
        let mut h2 = [0.5f32, -0.5];
        fastgrnn(&mut h2, &[3.0, 4.0], 2, 1, &dense, &mut b, false, false).unwrap();
        assert_eq!(h, h2);
    }

    #[test]
    fn backward_reverses_rows_and_uses_their_normalisation() {
        let input = [1.0f32, 2.0, 3.0, 4.0];
        let mean = [0.5f32, 0.5, 1.0, 1.0];
        let std_dev = [2.0f32, 2.0, 4.0, 4.0];
        let p = FastGrnnParams { mean: &mean, std_dev: &std_dev, ..params() };
        let rev_input = [3.0f32, 4.0, 1.0, 2.0];
        let rev_mean = [1.0f32, 1.0, 0.5, 0.5];
        let rev_std = [4.0f32, 4.0, 2.0, 2.0];
        let rp = FastGrnnParams { mean: &rev_mean, std_dev: &rev_std, ..params() };
        let (mut pc, mut nf) = ([0.0f32; 2], [0.0f32; 2]);
        let mut b = FastGrnnBuffers { pre_comp: Some(&mut pc), norm_features: Some(&mut nf) };
        let (mut h1, mut h2) = ([0.1f32, 0.2], [0.1f32, 0.2]);
        fastgrnn(&mut h1, &input, 2, 2, &p, &mut b, true, true).unwrap();
        fastgrnn(&mut h2, &rev_input, 2, 2, &rp, &mut b, false, true).unwrap();
        assert_eq!(h1, h2);
    }
}
