//! The one projection abstraction: `out = P · v` for a weight matrix `P` in
//! any storage format, used by FastGRNN and every cell of
//! [`crate::cells::q15`] alike.
//!
//! | format | type | product |
//! |---|---|---|
//! | dense Q15, row-major | [`Dense`] | `q15_m_mulvec` (Q7 input: `q15xq7_q15_m_mulvec`) |
//! | EdgeML's sparse encoding | [`Sparse`] | zeroed, then `q15_m_sparse_mulvec` |
//! | low rank `second · (first · v)` | [`LowRank`] | two dense products through `temp` |
//! | int8, 3-bit powers of two, 4-bit codes | [`Projection::Int8`], [`Projection::Pow2`], [`Projection::Int4`] | `q15_m_mulvec` over the decoded integers |
//!
//! Each product runs through the kernel seam ([`crate::kernels`]): one row
//! loop ([`crate::kernels::mat_vec`]) and one sparse
//! accumulation. [`Dense`], [`Sparse`] and [`LowRank`] each hold one storage,
//! so code built from them (one C export) links that storage only;
//! [`Projection`] chooses at run time.

use super::matrix::SparseMatrix;
use crate::cells::formats::{int4_bytes, pow2_bytes};
use crate::error::{size_mul, Error, Result};
use crate::kernels::{mat_vec, Int4Rows, Int8Rows, Pow2Rows};
use crate::scale::Scale;

pub use crate::kernels::Feature;

/// Scales of one matrix–vector product: `(mat · vec) / (mat·vec·out)`.
/// `#[repr(C)]`: three consecutive `SCALE_T` of EdgeML's scales structs.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatVecScales<S> {
    /// The matrix's scale.
    pub mat: S,
    /// The vector's scale.
    pub vec: S,
    /// The output's scale.
    pub out: S,
}

impl<S: Scale> MatVecScales<S> {
    /// The combined scale `mat·vec·out` (sum of exponents in `SHIFT` mode).
    #[inline(always)]
    pub fn total(&self) -> S {
        self.mat.then(self.vec).then(self.out)
    }
}

/// How a product computes `out = P · v`.
pub trait Project {
    /// Checks the weights against a `rows × cols` product and the scratch
    /// `temp` ([`Error::Overflow`] when a size overflows, [`Error::Length`]
    /// when a slice is too short or a sparse row is beyond `rows`).
    fn check(&self, rows: usize, cols: usize, temp: usize) -> Result;
    /// `out = P · v` (`out.len()` rows of `v.len()` columns, as checked).
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16]);
    /// [`Project::apply`] given `spare`, memory the caller does not need
    /// during the product (FastGRNN's `U·h` buffer while it computes
    /// `W·x`), which a kernel may overwrite instead of using its stack
    /// ([`Feature::mat_vec_spare`]); the same `out`.
    #[inline(always)]
    fn apply_spare<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16], _spare: &mut [i16]) {
        self.apply(v, out, temp);
    }
    /// Scratch the product needs (`tempLRW`/`tempLRU`): the rank, or 0.
    fn rank(&self) -> usize {
        0
    }
}

/// Dense row-major `rows × cols` Q15 weights.
#[derive(Clone, Copy, Debug)]
pub struct Dense<'a, S> {
    /// The matrix, row-major.
    pub mat: &'a [i16],
    /// Its product's scales.
    pub scales: MatVecScales<S>,
}

/// Q15 weights in EdgeML's column-major sparse encoding.
#[derive(Clone, Copy, Debug)]
pub struct Sparse<'a, S> {
    /// The checked encoding.
    pub mat: SparseMatrix<'a>,
    /// Its product's scales.
    pub scales: MatVecScales<S>,
}

/// `second · (first · v)` with `first`: `rank × cols`, `second`: `rows × rank`.
#[derive(Clone, Copy, Debug)]
pub struct LowRank<'a, S> {
    /// `rank × cols`, row-major.
    pub first: &'a [i16],
    /// `rows × rank`, row-major.
    pub second: &'a [i16],
    /// The inner dimension.
    pub rank: usize,
    /// Scales of `first · v`.
    pub first_scales: MatVecScales<S>,
    /// Scales of `second · (first · v)`.
    pub second_scales: MatVecScales<S>,
}

/// A weight matrix in any format, chosen at run time.
#[derive(Clone, Copy, Debug)]
pub enum Projection<'a, S> {
    /// Row-major `rows × cols` Q15 matrix.
    Dense {
        /// The weights, row-major.
        mat: &'a [i16],
        /// The product's scales.
        scales: MatVecScales<S>,
    },
    /// EdgeML's column-major sparse encoding.
    Sparse {
        /// The checked encoding.
        mat: SparseMatrix<'a>,
        /// The product's scales.
        scales: MatVecScales<S>,
    },
    /// `second · (first · v)` with `first`: `rank × cols`, `second`: `rows × rank`.
    LowRank {
        /// `rank × cols`, row-major.
        first: &'a [i16],
        /// `rows × rank`, row-major.
        second: &'a [i16],
        /// The inner dimension.
        rank: usize,
        /// Scales of `first · v`.
        first_scales: MatVecScales<S>,
        /// Scales of `second · (first · v)`.
        second_scales: MatVecScales<S>,
    },
    /// Row-major int8 weights (TinyEats GRU).
    Int8 {
        /// The weights, row-major.
        mat: &'a [i8],
        /// The product's scales.
        scales: MatVecScales<S>,
    },
    /// Packed 3-bit power-of-two codes (eGRU), [`crate::cells::formats`].
    Pow2 {
        /// The packed codes, row-major.
        codes: &'a [u8],
        /// The product's scales.
        scales: MatVecScales<S>,
    },
    /// Packed 4-bit codes (hard MGU), [`crate::cells::formats`].
    Int4 {
        /// The packed codes, row-major.
        codes: &'a [u8],
        /// The product's scales.
        scales: MatVecScales<S>,
    },
}

/// `Ok` when `len ≥ need`; [`Error::Overflow`] when `need` overflowed.
fn holds(len: usize, need: Option<usize>) -> Result {
    match need {
        Some(n) if len >= n => Ok(()),
        Some(_) => Err(Error::Length),
        None => Err(Error::Overflow),
    }
}

impl<S: Scale> Project for Dense<'_, S> {
    fn check(&self, rows: usize, cols: usize, _temp: usize) -> Result {
        holds(self.mat.len(), size_mul(rows, cols))
    }
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], _temp: &mut [i16]) {
        mat_vec(self.mat, v, out, self.scales.total());
    }
    #[inline(always)]
    fn apply_spare<V: Feature>(&self, v: &[V], out: &mut [i16], _temp: &mut [i16], spare: &mut [i16]) {
        V::mat_vec_spare(self.mat, v, out, self.scales.total(), spare);
    }
}

impl<S: Scale> Project for Sparse<'_, S> {
    fn check(&self, rows: usize, cols: usize, _temp: usize) -> Result {
        if self.mat.ncols() == cols && self.mat.nrows() <= rows {
            Ok(())
        } else {
            Err(Error::Length)
        }
    }
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], _temp: &mut [i16]) {
        // q15_m_sparse_mulvec accumulates: the sequence zeroes first.
        out.iter_mut().for_each(|o| *o = 0);
        self.mat.accumulate_unchecked(v, out, self.scales.total());
    }
}

impl<S: Scale> Project for LowRank<'_, S> {
    fn check(&self, rows: usize, cols: usize, temp: usize) -> Result {
        holds(self.first.len(), self.rank.checked_mul(cols))?;
        holds(self.second.len(), rows.checked_mul(self.rank))?;
        holds(temp, Some(self.rank))
    }
    #[inline(always)]
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16]) {
        if let Some(temp) = temp.get_mut(..self.rank) {
            mat_vec(self.first, v, temp, self.first_scales.total());
            mat_vec(self.second, &*temp, out, self.second_scales.total());
        }
    }
    fn rank(&self) -> usize {
        self.rank
    }
}

impl<S: Scale> Project for Projection<'_, S> {
    fn check(&self, rows: usize, cols: usize, temp: usize) -> Result {
        // Every format refuses an overflowing size first, whatever it stores.
        let n = Some(size_mul(rows, cols).ok_or(Error::Overflow)?);
        match *self {
            Projection::Dense { mat, scales } => Dense { mat, scales }.check(rows, cols, temp),
            Projection::Sparse { mat, scales } => Sparse { mat, scales }.check(rows, cols, temp),
            Projection::LowRank { first, second, rank, first_scales, second_scales } => {
                LowRank { first, second, rank, first_scales, second_scales }.check(rows, cols, temp)
            }
            Projection::Int8 { mat, .. } => holds(mat.len(), n),
            Projection::Pow2 { codes, .. } => holds(codes.len(), n.map(pow2_bytes).unwrap_or(None)),
            Projection::Int4 { codes, .. } => holds(codes.len(), n.and_then(int4_bytes)),
        }
    }
    fn apply<V: Feature>(&self, v: &[V], out: &mut [i16], temp: &mut [i16]) {
        match *self {
            Projection::Dense { mat, scales } => Dense { mat, scales }.apply(v, out, temp),
            Projection::Sparse { mat, scales } => Sparse { mat, scales }.apply(v, out, temp),
            Projection::LowRank { first, second, rank, first_scales, second_scales } => {
                LowRank { first, second, rank, first_scales, second_scales }.apply(v, out, temp)
            }
            Projection::Int8 { mat, scales } => mat_vec(&Int8Rows(mat), v, out, scales.total()),
            Projection::Pow2 { codes, scales } => mat_vec(&Pow2Rows(codes), v, out, scales.total()),
            Projection::Int4 { codes, scales } => mat_vec(&Int4Rows(codes), v, out, scales.total()),
        }
    }
    fn rank(&self) -> usize {
        match self {
            Projection::LowRank { rank, .. } => *rank,
            _ => 0,
        }
    }
}
