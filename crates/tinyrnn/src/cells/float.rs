//! Single-precision tiny cells, one safe type per cell, all run by one engine.
//!
//! Every cell runs `steps` steps over `input` (`steps × input_dims`,
//! step-major), updating `hidden` (`H = hidden.len()` values) in place,
//! backwards in time if `backward`. With `normalize`, step `t`'s input row
//! `x` becomes `(x − mean[t]) / stdDev[t]` first, as in EdgeML's float
//! `fastgrnn` (`mean`/`stdDev` are `steps × input_dims`, one row per input
//! row). Matrices are row-major, dense or low-rank ([`Matrix`]); products
//! are summed in `f32` in column order. Activations: `σ` is EdgeML's
//! `sigmoid` (`1 / (1 + expf(−a))`), `tanh` is computed in double precision
//! and rounded, `ς(a) = a / (1 + |a|)`, `ς̂(a) = (1 + ς(a)) / 2`,
//! `quantTanh(a) = clip(a, −1, 1)`, `quantSigm4(a) = clip((a + 2) / 4, 0, 1)`.
//!
//! Errors, returned before anything is written: [`Error::Length`] for a
//! slice shorter than the dimensions require (weights, biases, input,
//! `mean`/`stdDev` when normalising, scratch), [`Error::Overflow`] for a
//! size product that overflows. Zero sizes are valid; `steps == 0` leaves
//! the state as it is.

pub use super::Buffers;
use super::CellKind;
use crate::error::{Error, Result};
use crate::float::{quant_tanh, relu, sigmoid, tanh_f64};
use crate::q15::steps::Steps;

/// A row-major weight matrix of a float cell.
#[derive(Clone, Copy, Debug)]
pub enum Matrix<'a> {
    /// `rows × cols`.
    Dense(&'a [f32]),
    /// `second · (first · v)` with `first`: `rank × cols` and `second`:
    /// `rows × rank` (EdgeML's low-rank `W = W2·W1`). A rank of 0 makes the
    /// product 0.
    LowRank {
        /// `rank × cols`.
        first: &'a [f32],
        /// `rows × rank`.
        second: &'a [f32],
        /// The rank.
        rank: usize,
    },
}

impl<'a> Matrix<'a> {
    /// Scratch this matrix needs (`tempLRW`/`tempLRU`): its rank, or 0.
    pub fn rank(&self) -> usize {
        match self {
            Matrix::Dense(_) => 0,
            Matrix::LowRank { rank, .. } => *rank,
        }
    }

    fn check(&self, rows: usize, cols: usize) -> Result {
        let fits = |len: usize, a: usize, b: usize| -> Result {
            let n = a.checked_mul(b).ok_or(Error::Overflow)?;
            if len >= n {
                Ok(())
            } else {
                Err(Error::Length)
            }
        };
        match self {
            Matrix::Dense(m) => fits(m.len(), rows, cols),
            Matrix::LowRank { first, second, rank } => {
                fits(first.len(), *rank, cols)?;
                fits(second.len(), rows, *rank)
            }
        }
    }

    /// `out = M · v` for `out.len()` rows of `v.len()` columns (checked by
    /// [`Matrix::check`]; `temp` holds at least `rank` values).
    fn apply(&self, v: &[f32], out: &mut [f32], temp: &mut [f32]) {
        match self {
            Matrix::Dense(m) => rows_times(m, v, out),
            Matrix::LowRank { first, second, rank } => {
                let temp = match temp.get_mut(..*rank) {
                    Some(t) => t,
                    None => return,
                };
                rows_times(first, v, temp);
                rows_times(second, temp, out);
            }
        }
    }
}

/// `out[r] = Σ_c m[r][c] · v[c]` (in `f32`, in column order).
fn rows_times(m: &[f32], v: &[f32], out: &mut [f32]) {
    let cols = v.len();
    if cols == 0 {
        out.iter_mut().for_each(|o| *o = 0.0);
        return;
    }
    for (o, row) in out.iter_mut().zip(m.chunks_exact(cols)) {
        *o = row.iter().zip(v).fold(0.0f64, |acc, (&a, &b)| acc + a as f64 * b as f64) as f32;
    }
}

/// One step's shape and weights, whatever the cell (the per-cell types
/// below build it). Internal: the engine is checked against it once.
/// Public only for the C library (the root package), which builds it from C
/// structs; not part of the Rust API.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a> {
    pub kind: CellKind,
    pub mean: &'a [f32],
    pub std_dev: &'a [f32],
    pub w: Matrix<'a>,
    pub u: Matrix<'a>,
    pub u_h: Option<Matrix<'a>>,
    pub b: &'a [f32],
    pub b2: &'a [f32],
    pub alpha: f32,
    pub beta: f32,
}

/// `σ` of EdgeML's float API.
#[inline(always)]
fn sigm(a: f32) -> f32 {
    sigmoid(a)
}

/// `ς(a) = a / (1 + |a|)`.
#[inline(always)]
pub fn softsign(a: f32) -> f32 {
    a / (1.0 + if a < 0.0 { -a } else { a })
}

/// `ς̂(a) = (1 + ς(a)) / 2`, a gate in (0, 1).
#[inline(always)]
pub fn shifted_softsign(a: f32) -> f32 {
    0.5 * (1.0 + softsign(a))
}

/// `quantSigm4(a) = clip((a + 2) / 4, 0, 1)`.
#[inline(always)]
#[allow(clippy::manual_clamp)]
pub fn quant_sigm4(a: f32) -> f32 {
    // Written out rather than `clamp` so that NaN passes through, as C's would.
    let g = (a + 2.0) / 4.0;
    if g > 1.0 {
        1.0
    } else if g < 0.0 {
        0.0
    } else {
        g
    }
}

fn first<T>(s: &[T], n: usize) -> Result<&[T]> {
    s.get(..n).ok_or(Error::Length)
}

fn first_mut<T>(s: &mut [T], n: usize) -> Result<&mut [T]> {
    s.get_mut(..n).ok_or(Error::Length)
}

/// Block `k` (of `hd` values each) of a stacked vector, to its end.
fn block(s: &[f32], k: usize, hd: usize) -> &[f32] {
    s.get(k.saturating_mul(hd)..).unwrap_or(&[])
}

impl<'a> Spec<'a> {
    /// The engine: checks every length, then runs the steps.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &self,
        hidden: &mut [f32],
        input: &[f32],
        input_dims: usize,
        steps: usize,
        buf: &mut Buffers<'_, f32>,
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
        self.w.check(rows, id)?;
        self.u.check(u_rows, hd)?;
        let nb = hd.checked_mul(kind.bias_blocks()).ok_or(Error::Overflow)?;
        // GRU (bias_ih, bias_hh) and FastGRNN (Bg, Bh) have two bias arrays.
        let (b, b2) = match kind {
            CellKind::Gru | CellKind::FastGrnn => (first(self.b, rows)?, first(self.b2, rows)?),
            _ => (first(self.b, nb)?, &[][..]),
        };
        let pc3_len = if kind.has_reset_u() { hd } else { 0 };
        let u_h = match (kind.has_reset_u(), self.u_h.as_ref()) {
            (true, Some(m)) => {
                m.check(hd, hd)?;
                Some(m)
            }
            (true, None) => return Err(Error::Length),
            (false, _) => None,
        };
        let lru = self.u.rank().max(u_h.map_or(0, |m| m.rank()));
        let pc1 = first_mut(buf.pre_comp1, rows)?;
        let pc2 = first_mut(buf.pre_comp2, rows)?;
        let pc3 = first_mut(buf.pre_comp3, pc3_len)?;
        let temp_w = first_mut(buf.temp_lrw, self.w.rank())?;
        let temp_u = first_mut(buf.temp_lru, lru)?;
        let features = first_mut(buf.norm_features, id)?;

        let seq = Steps { input, mean, std_dev, steps, backward, normalize };
        for t in 0..steps {
            seq.load(t, features, |x, m, s| (x - m) / s);
            self.w.apply(features, pc1, temp_w);
            let (uh, rest) = pc2.split_at_mut(u_rows.min(pc2.len()));
            self.u.apply(hidden, uh, temp_u);
            self.tail(hidden, pc1, uh, rest, pc3, b, b2, temp_u, u_h);
        }
        Ok(())
    }

    /// The element-wise part of a step (and, for cells with a reset `U_h`,
    /// its second product).
    #[allow(clippy::too_many_arguments)]
    fn tail(
        &self,
        hidden: &mut [f32],
        wx: &[f32],
        uh: &mut [f32],
        uc: &mut [f32],
        rh: &mut [f32],
        b: &[f32],
        b2: &[f32],
        temp_u: &mut [f32],
        u_h: Option<&Matrix<'_>>,
    ) {
        let hd = hidden.len();
        let keep = |z: f32, h: f32, c: f32| z * h + (1.0 - z) * c;
        let write = |g: f32, h: f32, c: f32| (1.0 - g) * h + g * c;
        let bias = |i: usize| b.get(i).copied().unwrap_or(0.0);
        match self.kind {
            CellKind::FastRnn => {
                for (((h, &w), &u), &b) in hidden.iter_mut().zip(wx).zip(uh.iter()).zip(b) {
                    let c = tanh_f64(w + u + b);
                    *h = self.alpha * c + self.beta * *h;
                }
            }
            CellKind::FastGrnn => {
                // Only calibration uses this: FastGRNN runs EdgeML's own
                // crate::float::fastgrnn.
                let (bg, bh) = (b, b2);
                for ((((h, &w), &u), &g), &bh) in hidden.iter_mut().zip(wx).zip(uh.iter()).zip(bg).zip(bh) {
                    let z = sigm(w + u + g);
                    let c = tanh_f64(w + u + bh);
                    *h = z * *h + (self.alpha * (1.0 - z) + self.beta) * c;
                }
            }
            CellKind::Ugrnn | CellKind::SitGru | CellKind::LiGru | CellKind::Egru => {
                let (wc, uc_, bc) = (block(wx, 1, hd), block(uh, 1, hd), block(b, 1, hd));
                for (i, h) in hidden.iter_mut().enumerate() {
                    let at = |s: &[f32]| s.get(i).copied().unwrap_or(0.0);
                    let az = at(wx) + at(uh) + at(b);
                    let ac = at(wc) + at(uc_) + at(bc);
                    *h = match self.kind {
                        CellKind::Ugrnn => keep(sigm(az), *h, tanh_f64(ac)),
                        CellKind::SitGru => keep(sigm(az), *h, sigm(ac)),
                        CellKind::LiGru => keep(sigm(az), *h, relu(ac)),
                        _ => write(shifted_softsign(az), *h, softsign(ac)),
                    };
                }
            }
            CellKind::Mgu | CellKind::HardMgu | CellKind::TinyEats => {
                let gates = self.kind.u_blocks() * hd;
                // Gates: stored over U·h, which is no longer needed.
                for (i, g) in uh.iter_mut().enumerate().take(gates) {
                    let a = wx.get(i).copied().unwrap_or(0.0) + *g + bias(i);
                    *g = match self.kind {
                        CellKind::Mgu => sigm(a),
                        CellKind::HardMgu => quant_sigm4(a),
                        _ => shifted_softsign(a),
                    };
                }
                // The reset gate is the first block (MGU: f itself).
                for ((r, &g), &h) in rh.iter_mut().zip(uh.iter()).zip(hidden.iter()) {
                    *r = g * h;
                }
                let uc = match uc.get_mut(..hd) {
                    Some(u) => u,
                    None => return,
                };
                if let Some(m) = u_h {
                    m.apply(rh, uc, temp_u);
                }
                let last = self.kind.blocks() - 1;
                let write_gate = block(uh, last - 1, hd);
                for (i, h) in hidden.iter_mut().enumerate() {
                    let at = |s: &[f32], k: usize| s.get(k * hd + i).copied().unwrap_or(0.0);
                    let a = at(wx, last) + uc.get(i).copied().unwrap_or(0.0) + bias(last * hd + i);
                    let c = match self.kind {
                        CellKind::Mgu => tanh_f64(a),
                        CellKind::HardMgu => quant_tanh(a),
                        _ => softsign(a),
                    };
                    *h = write(write_gate.get(i).copied().unwrap_or(0.0), *h, c);
                }
            }
            CellKind::Gru => {
                for (i, h) in hidden.iter_mut().enumerate() {
                    let at = |s: &[f32], k: usize| s.get(k * hd + i).copied().unwrap_or(0.0);
                    // PyTorch: gi = W_ih x + b_ih, gh = W_hh h + b_hh.
                    let gi = |k| at(wx, k) + at(b, k);
                    let gh = |k| at(uh, k) + at(b2, k);
                    let r = sigm(gi(0) + gh(0));
                    let z = sigm(gi(1) + gh(1));
                    let n = tanh_f64(gi(2) + r * gh(2));
                    *h = keep(z, *h, n);
                }
            }
        }
    }
}

/// Runs the cell; `$run` documents the shared contract.
macro_rules! run_method {
    () => {
        /// Runs `steps` steps over `input` (`steps × input_dims`), updating
        /// `hidden` (`H = hidden.len()`); see the [module](self) documentation.
        #[allow(clippy::too_many_arguments)]
        pub fn run(
            &self,
            hidden: &mut [f32],
            input: &[f32],
            input_dims: usize,
            steps: usize,
            buffers: &mut Buffers<'_, f32>,
            backward: bool,
            normalize: bool,
        ) -> Result {
            self.spec().run(hidden, input, input_dims, steps, buffers, backward, normalize)
        }

        /// Chooses the Q15 scales and weight exponents of this cell's
        /// quantized twin for `input_dims` inputs, `hidden_dims` states and
        /// the given ranges ([`super::calibrate`]).
        pub fn calibrate<S: crate::Scale>(
            &self,
            input_dims: usize,
            hidden_dims: usize,
            ranges: super::calibrate::Ranges,
        ) -> Result<super::calibrate::Calibration<S>> {
            super::calibrate::calibrate_spec(&self.spec(), input_dims, hidden_dims, ranges)
        }
    };
}

/// FastRNN: `h' = α·tanh(W x + U h + b) + β·h`.
#[derive(Clone, Copy, Debug)]
pub struct FastRnn<'a> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [f32],
    /// `steps × D` standard deviations (read only when normalising).
    pub std_dev: &'a [f32],
    /// `H × D`.
    pub w: Matrix<'a>,
    /// `H × H`.
    pub u: Matrix<'a>,
    /// `H`.
    pub b: &'a [f32],
    /// `α`, the weight of the candidate `h̃` in `h' = α·h̃ + β·h`.
    pub alpha: f32,
    /// `β`, the weight of the old state in `h' = α·h̃ + β·h`.
    pub beta: f32,
}

impl<'a> FastRnn<'a> {
    pub(crate) fn spec(&self) -> Spec<'a> {
        Spec { kind: CellKind::FastRnn, mean: self.mean, std_dev: self.std_dev, w: self.w, u: self.u, u_h: None, b: self.b, b2: &[], alpha: self.alpha, beta: self.beta }
    }
    run_method!();
}

/// Defines a cell with two stacked blocks `[gate; candidate]` in `W`, `U`, `b`.
macro_rules! two_block_cell {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a> {
            /// `steps × D` means (read only when normalising).
            pub mean: &'a [f32],
            /// `steps × D` standard deviations (read only when normalising).
            pub std_dev: &'a [f32],
            /// `2H × D`: rows `W_z` then `W_h`.
            pub w: Matrix<'a>,
            /// `2H × H`: rows `U_z` then `U_h`.
            pub u: Matrix<'a>,
            /// `2H`: `b_z` then `b_h`.
            pub b: &'a [f32],
        }

        impl<'a> $name<'a> {
            pub(crate) fn spec(&self) -> Spec<'a> {
                Spec { kind: $kind, mean: self.mean, std_dev: self.std_dev, w: self.w, u: self.u, u_h: None, b: self.b, b2: &[], alpha: 0.0, beta: 0.0 }
            }
            run_method!();
        }
    };
}

two_block_cell!(
    /// UGRNN (Collins et al.): `z = σ(W_z x + U_z h + b_z)`,
    /// `h̃ = tanh(W_h x + U_h h + b_h)`, `h' = z ⊙ h + (1 − z) ⊙ h̃`.
    Ugrnn, CellKind::Ugrnn
);
two_block_cell!(
    /// SiTGRU (Fanta et al.): UGRNN with a sigmoid candidate,
    /// `h̃ = σ(W_h x + U_h h + b_h)`; keep gate `z`.
    SitGru, CellKind::SitGru
);
two_block_cell!(
    /// Li-GRU (Ravanelli et al.): UGRNN with a ReLU candidate,
    /// `h̃ = ReLU(W_h x + U_h h + b_h)`; keep gate `z`. Fold the batch norm
    /// of the `W` terms into `W` and `b` for inference.
    LiGru, CellKind::LiGru
);
two_block_cell!(
    /// eGRU (Amoh & Odame), float twin: `z = ς̂(W_z x + U_z h + b_z)`,
    /// `h̃ = ς(W_h x + U_h h + b_h)`, write gate: `h' = (1 − z) ⊙ h + z ⊙ h̃`.
    /// The Q15 cell stores every weight and bias as a 3-bit power of two.
    Egru, CellKind::Egru
);

/// MGU (Zhou et al.): `f = σ(W_f x + U_f h + b_f)`,
/// `h̃ = tanh(W_h x + U_h (f ⊙ h) + b_h)`, `h' = (1 − f) ⊙ h + f ⊙ h̃`.
#[derive(Clone, Copy, Debug)]
pub struct Mgu<'a> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [f32],
    /// `steps × D` standard deviations: `x` becomes `(x − mean) / std_dev` (read only when normalising).
    pub std_dev: &'a [f32],
    /// `2H × D`: rows `W_f` then `W_h`.
    pub w: Matrix<'a>,
    /// `U_f`, `H × H`.
    pub u_f: Matrix<'a>,
    /// `U_h`, `H × H` (acts on `f ⊙ h`).
    pub u_h: Matrix<'a>,
    /// `2H`: `b_f` then `b_h`.
    pub b: &'a [f32],
}

impl<'a> Mgu<'a> {
    pub(crate) fn spec(&self) -> Spec<'a> {
        Spec { kind: CellKind::Mgu, mean: self.mean, std_dev: self.std_dev, w: self.w, u: self.u_f, u_h: Some(self.u_h), b: self.b, b2: &[], alpha: 0.0, beta: 0.0 }
    }
    run_method!();
}

/// Hard (wake-up) MGU (Hardy & Badets): MGU with `f = quantSigm4(W_f x + U_f h)`,
/// `h̃ = quantTanh(W_h x + U_h (f ⊙ h))`, no biases. The float twin of the
/// 4-bit Q15 cell (whose activations are also 4-bit).
#[derive(Clone, Copy, Debug)]
pub struct HardMgu<'a> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [f32],
    /// `steps × D` standard deviations: `x` becomes `(x − mean) / std_dev` (read only when normalising).
    pub std_dev: &'a [f32],
    /// `2H × D`: rows `W_f` then `W_h`.
    pub w: Matrix<'a>,
    /// `U_f`, `H × H`.
    pub u_f: Matrix<'a>,
    /// `U_h`, `H × H` (acts on `f ⊙ h`).
    pub u_h: Matrix<'a>,
}

impl<'a> HardMgu<'a> {
    pub(crate) fn spec(&self) -> Spec<'a> {
        Spec { kind: CellKind::HardMgu, mean: self.mean, std_dev: self.std_dev, w: self.w, u: self.u_f, u_h: Some(self.u_h), b: &[], b2: &[], alpha: 0.0, beta: 0.0 }
    }
    run_method!();
}

/// TinyEats GRU (Nyamukuru & Odame): `r = ς̂(W_r x + U_r h + b_r)`,
/// `z = ς̂(W_z x + U_z h + b_z)`, `h̃ = ς(W_h x + U_h (r ⊙ h) + b_h)`,
/// `h' = (1 − z) ⊙ h + z ⊙ h̃`. Float twin of the int8-weight Q15 cell.
#[derive(Clone, Copy, Debug)]
pub struct TinyEats<'a> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [f32],
    /// `steps × D` standard deviations: `x` becomes `(x − mean) / std_dev` (read only when normalising).
    pub std_dev: &'a [f32],
    /// `3H × D`: rows `W_r`, `W_z`, `W_h`.
    pub w: Matrix<'a>,
    /// `2H × H`: rows `U_r`, `U_z`.
    pub u: Matrix<'a>,
    /// `U_h`, `H × H` (acts on `r ⊙ h`).
    pub u_h: Matrix<'a>,
    /// `3H`: `b_r`, `b_z`, `b_h`.
    pub b: &'a [f32],
}

impl<'a> TinyEats<'a> {
    pub(crate) fn spec(&self) -> Spec<'a> {
        Spec { kind: CellKind::TinyEats, mean: self.mean, std_dev: self.std_dev, w: self.w, u: self.u, u_h: Some(self.u_h), b: self.b, b2: &[], alpha: 0.0, beta: 0.0 }
    }
    run_method!();
}

/// GRU in PyTorch's `nn.GRUCell` layout and equations, so a trained
/// model's `state_dict` loads directly: `weight_ih` (`3H × D`, rows r, z, n),
/// `weight_hh` (`3H × H`), `bias_ih`, `bias_hh` (`3H`), all row-major as
/// PyTorch stores them.
/// `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
/// `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h`.
#[derive(Clone, Copy, Debug)]
pub struct Gru<'a> {
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [f32],
    /// `steps × D` standard deviations: `x` becomes `(x − mean) / std_dev` (read only when normalising).
    pub std_dev: &'a [f32],
    /// `3H × D`, rows r, z, n (PyTorch's `weight_ih`).
    pub weight_ih: Matrix<'a>,
    /// `3H × H`, rows r, z, n (PyTorch's `weight_hh`).
    pub weight_hh: Matrix<'a>,
    /// `3H` (PyTorch's `bias_ih`).
    pub bias_ih: &'a [f32],
    /// `3H` (PyTorch's `bias_hh`).
    pub bias_hh: &'a [f32],
}

impl<'a> Gru<'a> {
    pub(crate) fn spec(&self) -> Spec<'a> {
        Spec {
            kind: CellKind::Gru,
            mean: self.mean,
            std_dev: self.std_dev,
            w: self.weight_ih,
            u: self.weight_hh,
            u_h: None,
            b: self.bias_ih,
            b2: self.bias_hh,
            alpha: 0.0,
            beta: 0.0,
        }
    }
    run_method!();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bufs<'b>(v: &'b mut [[f32; 8]; 6]) -> Buffers<'b, f32> {
        let [a, b, c, d, e, f] = v;
        Buffers { pre_comp1: a, pre_comp2: b, pre_comp3: c, temp_lrw: d, temp_lru: e, norm_features: f }
    }

    #[test]
    fn low_rank_equals_its_dense_product() {
        // W = W2·W1 with W1 1×2, W2 2×1.
        let (w1, w2) = ([0.5f32, -0.25], [2.0f32, 1.0]);
        let dense = [1.0f32, -0.5, 0.5, -0.25];
        let u = [0.1f32, 0.2, 0.3, 0.4];
        let b = [0.1f32, 0.2];
        let lr = FastRnn { mean: &[], std_dev: &[], w: Matrix::LowRank { first: &w1, second: &w2, rank: 1 }, u: Matrix::Dense(&u), b: &b, alpha: 0.5, beta: 0.5 };
        let de = FastRnn { w: Matrix::Dense(&dense), ..lr };
        let mut s = [[0.0f32; 8]; 6];
        let (mut h1, mut h2) = ([0.3f32, -0.2], [0.3f32, -0.2]);
        lr.run(&mut h1, &[1.0, 2.0, -1.0, 0.5], 2, 2, &mut bufs(&mut s), false, false).unwrap();
        de.run(&mut h2, &[1.0, 2.0, -1.0, 0.5], 2, 2, &mut bufs(&mut s), false, false).unwrap();
        for (a, b) in h1.iter().zip(&h2) {
            assert!((a - b).abs() < 1e-6, "{h1:?} {h2:?}");
        }
    }

    #[test]
    fn short_slices_are_refused_before_writing() {
        let w = [0.1f32; 8];
        let cell = Ugrnn { mean: &[], std_dev: &[], w: Matrix::Dense(&w), u: Matrix::Dense(&w), b: &[0.0; 4] };
        let mut s = [[0.0f32; 8]; 6];
        let mut h = [0.5f32, 0.5];
        // U needs 2H × H = 8, W 2H × D = 4·3 = 12 > 8.
        assert_eq!(cell.run(&mut h, &[0.0; 3], 3, 1, &mut bufs(&mut s), false, false), Err(Error::Length));
        assert_eq!(cell.run(&mut h, &[0.0; 2], 2, 2, &mut bufs(&mut s), false, false), Err(Error::Length));
        assert_eq!(cell.run(&mut h, &[0.0; 2], 2, 1, &mut bufs(&mut s), false, true), Err(Error::Length));
        assert_eq!(cell.run(&mut h, &[0.0; 2], usize::MAX, 2, &mut bufs(&mut s), false, false), Err(Error::Overflow));
        assert_eq!(h, [0.5, 0.5]);
        assert_eq!(cell.run(&mut h, &[], 2, 0, &mut bufs(&mut s), true, true), Ok(()));
        assert_eq!(h, [0.5, 0.5]);
    }
}
