//! Matrix kernels: row reversal, dense and sparse matrix–vector products.

use super::{need, Elem};
use crate::error::{checked_product, Error, Result};
use crate::kernels::{self, Feature};
use crate::scale::Scale;

/// `q15_m_reverse`: `axis == 0` reverses the order of the rows of the
/// `nrows × ncols` row-major `mat`, any other axis reverses each row.
pub fn q15_m_reverse(mat: &[i16], nrows: usize, ncols: usize, axis: u32, ret: &mut [i16]) -> Result {
    let len = checked_product(&[nrows as u32, ncols as u32]).map_err(|_| Error::Overflow)?;
    let (mat, ret) = match (mat.get(..len), ret.get_mut(..len)) {
        (Some(m), Some(r)) => (m, r),
        _ => return Err(Error::Length),
    };
    if ncols == 0 {
        return Ok(());
    }
    // Rows are paired by hand: `Zip` of two `ChunksExact` divides by the
    // chunk size, and where LLVM does not inline that it keeps a
    // division-by-zero panic path (scripts/check-no-panic).
    let mut rows = mat.chunks_exact(ncols);
    for out in ret.chunks_exact_mut(ncols) {
        let next = if axis == 0 { rows.next_back() } else { rows.next() };
        let Some(row) = next else { break };
        if axis == 0 {
            out.copy_from_slice(row);
        } else {
            for (o, &v) in out.iter_mut().zip(row.iter().rev()) {
                *o = v;
            }
        }
    }
    Ok(())
}

/// Checks the lengths of a row-major `nrows × ncols` product, then runs the
/// one row loop ([`kernels::mat_vec`]).
#[inline(always)]
fn mul_rows<V: Feature, S: Scale>(mat: &[i16], vec: &[V], nrows: usize, ncols: usize, ret: &mut [i16], scale: S) -> Result {
    let len = nrows.checked_mul(ncols).ok_or(Error::Overflow)?;
    let (mat, vec, ret) = match (mat.get(..len), vec.get(..ncols), ret.get_mut(..nrows)) {
        (Some(m), Some(v), Some(r)) => (m, v, r),
        _ => return Err(Error::Length),
    };
    kernels::mat_vec(mat, vec, ret, scale);
    Ok(())
}

/// `q15_m_mulvec`: `ret = (mat · vec) / (scmat·scvec·scret)` for a row-major
/// `nrows × ncols` matrix, summing in 64 bits.
#[allow(clippy::too_many_arguments)]
pub fn q15_m_mulvec<S: Scale>(
    mat: &[i16],
    vec: &[i16],
    nrows: usize,
    ncols: usize,
    ret: &mut [i16],
    scmat: S,
    scvec: S,
    scret: S,
) -> Result {
    let s = scmat.then(scvec).then(scret);
    mul_rows(mat, vec, nrows, ncols, ret, s)
}

/// `q15xq7_q15_m_mulvec`: as [`q15_m_mulvec`] with a Q7 vector, summing in 32 bits.
#[allow(clippy::too_many_arguments)]
pub fn q15xq7_q15_m_mulvec<S: Scale>(
    mat: &[i16],
    vec: &[i8],
    nrows: usize,
    ncols: usize,
    ret: &mut [i16],
    scmat: S,
    scvec: S,
    scret: S,
) -> Result {
    let s = scmat.then(scvec).then(scret);
    mul_rows(mat, vec, nrows, ncols, ret, s)
}

/// A sparse matrix in EdgeML's column-major encoding: for each column, the
/// 1-based row numbers of its non-zeros followed by a 0; `values` holds the
/// non-zeros in the same order. Checked once on construction.
#[derive(Clone, Copy, Debug)]
pub struct SparseMatrix<'a> {
    row_indices: &'a [u32],
    values: &'a [i16],
    ncols: usize,
    nrows: usize,
}

impl<'a> SparseMatrix<'a> {
    /// Checks that `row_indices` holds `ncols` zero-terminated columns and
    /// that `values` holds one value per row index.
    pub fn new(row_indices: &'a [u32], values: &'a [i16], ncols: usize) -> Result<Self> {
        Self::with_shape(row_indices, values, ncols, SparseShape::walk(row_indices.iter().copied(), ncols))
    }

    /// As [`SparseMatrix::new`], for a caller that has already walked the
    /// encoding (the C ABI, which learns the arrays' lengths that way).
    #[doc(hidden)]
    pub fn with_shape(row_indices: &'a [u32], values: &'a [i16], ncols: usize, shape: SparseShape) -> Result<Self> {
        match (row_indices.get(..shape.len), values.get(..shape.nnz)) {
            (Some(ids), Some(vals)) if shape.cols == ncols => Ok(SparseMatrix { row_indices: ids, values: vals, ncols, nrows: shape.nrows }),
            _ => Err(Error::SparseIndex),
        }
    }

    /// Number of rows the encoding refers to (its largest row number).
    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// The encoded row numbers (up to the last column's terminating 0).
    pub fn row_indices(&self) -> &'a [u32] {
        self.row_indices
    }

    /// The non-zero values.
    pub fn values(&self) -> &'a [i16] {
        self.values
    }

    /// `ret[row] += (value · vec[col]) / scale` for every non-zero, in
    /// encoding order, storing to Q15 after each addition as EdgeML does.
    pub(crate) fn accumulate<V: Elem, S: Scale>(&self, vec: &[V], ret: &mut [i16], scale: S) -> Result {
        need(self.ncols, &[vec.len()])?;
        need(self.nrows, &[ret.len()])?;
        self.accumulate_unchecked(vec, ret, scale);
        Ok(())
    }

    /// [`SparseMatrix::accumulate`] for a caller that has checked the
    /// lengths ([`crate::kernels::sparse_accumulate`]; it stops early rather
    /// than panic if they were short).
    #[inline(always)]
    pub(crate) fn accumulate_unchecked<V: Elem, S: Scale>(&self, vec: &[V], ret: &mut [i16], scale: S) {
        kernels::sparse_accumulate(self.row_indices, self.values, self.ncols, vec, ret, scale);
    }
}

/// What one walk over an EdgeML sparse encoding finds (used by the C ABI,
/// which learns the arrays' lengths that way).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SparseShape {
    /// Row numbers read, terminators included.
    pub len: usize,
    /// Non-zeros (row numbers other than 0).
    pub nnz: usize,
    /// Columns found (terminators).
    pub cols: usize,
    /// Largest row number.
    pub nrows: usize,
}

impl SparseShape {
    /// Walks row numbers until `ncols` columns have ended (or the input does).
    pub fn walk(row_indices: impl Iterator<Item = u32>, ncols: usize) -> SparseShape {
        let mut shape = SparseShape::default();
        if ncols == 0 {
            return shape;
        }
        for idx in row_indices {
            shape.len += 1;
            if idx == 0 {
                shape.cols += 1;
                if shape.cols == ncols {
                    break;
                }
            } else {
                shape.nnz += 1;
                shape.nrows = shape.nrows.max(idx as usize);
            }
        }
        shape
    }
}

/// `q15_m_sparse_mulvec`: `ret += (mat · vec) / (scmat·scvec·scret)`, each
/// product scaled and added into `ret` on its own (EdgeML's order).
pub fn q15_m_sparse_mulvec<S: Scale>(mat: &SparseMatrix, vec: &[i16], ret: &mut [i16], scmat: S, scvec: S, scret: S) -> Result {
    mat.accumulate(vec, ret, scmat.then(scvec).then(scret))
}

/// `q15xq7_q15_m_sparse_mulvec`: as [`q15_m_sparse_mulvec`] with a Q7 vector.
pub fn q15xq7_q15_m_sparse_mulvec<S: Scale>(mat: &SparseMatrix, vec: &[i8], ret: &mut [i16], scmat: S, scvec: S, scret: S) -> Result {
    mat.accumulate(vec, ret, scmat.then(scvec).then(scret))
}
