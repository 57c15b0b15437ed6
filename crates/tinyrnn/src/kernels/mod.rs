//! The kernel seam: the few loops where a step spends its time.
//!
//! Every matrix product of the library (EdgeML's `q15_m_mulvec` family,
//! FastGRNN, every cell of [`crate::cells`], whatever the weight format)
//! runs through [`mat_vec`], one row loop over a [`Rows`] format; sparse
//! products run through [`sparse_accumulate`]. The inner operations they call
//! are the functions re-exported here:
//!
//! | kernel | what | used by |
//! |---|---|---|
//! | [`dot_q15`] | Σ Q15·Q15 in 64 bits (`q15_m_mulvec`) | dense and low-rank Q15 weights |
//! | [`dot_q15xq7`] | Σ Q15·Q7 in wrapping 32 bits (`q15xq7_q15_m_mulvec`) | Q7-input FastGRNN |
//! | [`dot_by`] | Σ of a decoded weight times an element, 64 bits | int8, 3-bit and 4-bit weights |
//! | [`sparse_accumulate`] | EdgeML's column-major sparse `ret += M·v` | sparse weights |
//! | [`update4`] | the fused element-wise update of a step over the state and four vectors | FastGRNN |
//!
//! (The other cells' element-wise tails, in [`crate::cells::q15`], are
//! written per cell kind over the same element operations of
//! [`crate::q15::vector`]; they are the next candidates for this seam.)
//!
//! # Adding a per-ISA implementation
//!
//! [`portable`] is the reference: plain Rust, the oracle of every test and
//! the implementation on every target today. A faster implementation for
//! one instruction set goes in a sibling module (e.g. `cortex_m_dsp.rs` for
//! `SMLALD`, `armv6m.rs`, `rv32im.rs`, `x86_64.rs`) exporting functions with
//! the *same signatures*, and is selected here by `cfg`, e.g.
//!
//! ```text
//! #[cfg(all(target_arch = "arm", target_feature = "dsp"))]
//! mod cortex_m_dsp;
//! #[cfg(all(target_arch = "arm", target_feature = "dsp"))]
//! pub use cortex_m_dsp::dot_q15;
//! #[cfg(not(all(target_arch = "arm", target_feature = "dsp")))]
//! pub use portable::dot_q15;
//! ```
//!
//! Callers name `crate::kernels::dot_q15` only, so nothing else changes.
//! The portable module stays compiled on every target (`portable::*` is
//! public) so that tests compare an ISA kernel with it on its own emulated
//! core. Arithmetic facts such kernels may rely on: `/work/shared/notes/`
//! and issue 12 (e.g. in `SHIFT` mode with a total shift ≤ 16 the Q15 result
//! depends only on the low 32 bits of the sum).

pub mod portable;

pub use portable::{dot_by, dot_q15, dot_q15xq7, sparse_accumulate, update4, Int4Rows, Int8Rows, Pow2Rows};

use crate::scale::Scale;

/// A row sum before scaling: 64 bits (`q15_m_mulvec`) or 32 bits
/// (`q15xq7_q15_m_mulvec`), scaled down as C scales that width.
pub trait Sum: Copy {
    /// `sum / scale` (or `>>`), stored to Q15.
    fn scaled<S: Scale>(self, scale: S) -> i16;
}

impl Sum for i64 {
    #[inline(always)]
    fn scaled<S: Scale>(self, scale: S) -> i16 {
        scale.down64(self) as i16
    }
}

impl Sum for i32 {
    #[inline(always)]
    fn scaled<S: Scale>(self, scale: S) -> i16 {
        scale.down(self) as i16
    }
}

/// A vector element type that Q15 weights multiply: Q15 (64-bit sums, as
/// `q15_m_mulvec`) or Q7 (wrapping 32-bit sums, as `q15xq7_q15_m_mulvec`).
pub trait Feature: crate::q15::Elem {
    /// The width of the row sum.
    type Acc: Sum;
    /// `Σ row[c]·vec[c]` in that width.
    fn dot(row: &[i16], vec: &[Self]) -> Self::Acc;
}

impl Feature for i16 {
    type Acc = i64;
    #[inline(always)]
    fn dot(row: &[i16], vec: &[i16]) -> i64 {
        dot_q15(row, vec)
    }
}

impl Feature for i8 {
    type Acc = i32;
    #[inline(always)]
    fn dot(row: &[i16], vec: &[i8]) -> i32 {
        dot_q15xq7(row, vec)
    }
}

/// A row-major matrix in some storage format, as the row loop sees it:
/// the dot product of the row starting at element `start` with `v`
/// (`v.len()` columns).
pub trait Rows<V> {
    /// The width of the row sum.
    type Acc: Sum;
    /// `Σ_c m[start + c] · v[c]`. Callers check the storage's length
    /// first; a row past its end gives some sum, never a panic.
    fn dot(&self, start: usize, v: &[V]) -> Self::Acc;
}

/// The one row loop: `out[r] = (Σ_c m[r][c]·v[c]) / scale` for each of the
/// `out.len()` rows of `v.len()` columns. Lengths are the caller's to check.
#[inline(always)]
pub fn mat_vec<V, M: Rows<V> + ?Sized, S: Scale>(m: &M, v: &[V], out: &mut [i16], scale: S) {
    let cols = v.len();
    let mut start = 0usize;
    for o in out.iter_mut() {
        *o = m.dot(start, v).scaled(scale);
        start = start.wrapping_add(cols);
    }
}
