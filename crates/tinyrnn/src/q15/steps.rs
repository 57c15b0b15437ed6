//! The step driver of every recurrent cell, quantized or float: FastGRNN
//! ([`super::fastgrnn`], [`crate::float::fastgrnn`](mod@crate::float::fastgrnn)) and the cells of
//! [`crate::cells`] all read their time steps through [`Steps::load`]:
//!
//! ```text
//! for t in 0..steps {
//!     seq.load(t, features, norm);   // the row (backward or forward), normalised or copied
//!     W · features, U · h            // the cell's projections (kernel seam)
//!     h = update(…)                  // its element-wise update (kernel seam)
//! }
//! ```
//!
//! What differs between cells is only the step after `load` and the
//! normalisation's arithmetic (`norm`), which the callers pass in.
//!
//! The loop itself stays in each caller on purpose: a driver that owns the
//! loop and calls the step as a closure (inlined, `#[inline(always)]`)
//! computes the same results but changed the register allocation of the
//! whole step: on RV32IMC 0.7 % more instructions per dense FastGRNN step
//! and 1.8 % per RNNPool block, where `load` leaves them within 0.4 %.

use super::Elem;

/// The per-step inputs of a sequence, their lengths already checked by the
/// caller (`steps × features.len()` elements each; `mean` and `std_dev` only
/// when normalising).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Steps<'a, X> {
    /// `steps × D` input rows.
    pub input: &'a [X],
    /// `steps × D` means (read only when normalising).
    pub mean: &'a [X],
    /// `steps × D` normalisation multipliers (read only when normalising).
    pub std_dev: &'a [X],
    /// The number of steps.
    pub steps: usize,
    /// The last input row first.
    pub backward: bool,
    /// Normalise each row with `mean` and `std_dev`.
    pub normalize: bool,
}

impl<X: Copy> Steps<'_, X> {
    /// Writes the input of step `t` (`0 ≤ t < steps`) into `features`: row
    /// `t`, or row `steps − 1 − t` backwards, as it is or normalised
    /// element by element with `norm(x, mean, std_dev)`.
    // Inlined: each cell's loop compiles as it did with this code written
    // out in it.
    #[inline(always)]
    pub fn load(&self, t: usize, features: &mut [X], norm: impl Fn(X, X, X) -> X) {
        let (steps, id) = (self.steps, features.len());
        let r = if self.backward { steps.wrapping_sub(1).wrapping_sub(t) } else { t };
        let offset = r.wrapping_mul(id);
        let x = row(self.input, offset, id);
        if self.normalize {
            let (mean, std) = (row(self.mean, offset, id), row(self.std_dev, offset, id));
            for (((f, &x), &m), &s) in features.iter_mut().zip(x).zip(mean).zip(std) {
                *f = norm(x, m, s);
            }
        } else {
            for (f, &x) in features.iter_mut().zip(x) {
                *f = x;
            }
        }
    }
}

/// The `n` elements of `s` from `offset`. The callers checked that `steps ×
/// n` elements fit, so the wrapping operations never wrap; a row past the
/// end would be empty, never a panic.
#[inline(always)]
fn row<X>(s: &[X], offset: usize, n: usize) -> &[X] {
    s.get(offset..offset.wrapping_add(n)).unwrap_or(&[])
}

/// EdgeML's normalisation of one quantized element from its two vector
/// operations' element functions: `sub` (`q15_v_sub` of `x` and the mean),
/// then `scale` (`q15_v_hadamard` of `stdDev` and that), each result stored
/// to `X` as EdgeML stores it.
#[inline(always)]
pub(crate) fn normalized<X: Elem>(sub: impl Fn(i32, i32) -> i32 + Copy, scale: impl Fn(i32, i32) -> i32 + Copy) -> impl Fn(X, X, X) -> X + Copy {
    move |x: X, m: X, s: X| {
        let centred = X::store(sub(x.int(), m.int()));
        X::store(scale(s.int(), centred.int()))
    }
}
