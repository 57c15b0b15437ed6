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
        // SAFETY: the shape is the walk of these row numbers.
        unsafe { Self::with_shape(row_indices, values, ncols, SparseShape::walk(row_indices.iter().copied(), ncols)) }
    }

    /// As [`SparseMatrix::new`], for a caller that has already walked the
    /// encoding (the C ABI, which learns the arrays' lengths that way).
    ///
    /// # Safety
    /// `shape` must be what [`SparseShape::walk`] or
    /// [`SparseShape::walk_ptr_within`] found on `row_indices` for `ncols`
    /// columns: the products trust it, with no check per element.
    #[doc(hidden)]
    pub unsafe fn with_shape(row_indices: &'a [u32], values: &'a [i16], ncols: usize, shape: SparseShape) -> Result<Self> {
        match (row_indices.get(..shape.len), values.get(..shape.nnz)) {
            (Some(ids), Some(vals)) if shape.cols == ncols => Ok(SparseMatrix { row_indices: ids, values: vals, ncols, nrows: shape.nrows }),
            _ => Err(Error::SparseIndex),
        }
    }

    /// Number of rows the encoding refers to: its largest row number, or,
    /// when it was walked against a bound ([`SparseShape::walk_ptr_within`]),
    /// that bound.
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
    /// lengths: if they are short it does nothing (two comparisons per
    /// product, then [`crate::kernels::sparse_columns`] with no check per
    /// element).
    #[inline(always)]
    pub(crate) fn accumulate_unchecked<V: Elem, S: Scale>(&self, vec: &[V], ret: &mut [i16], scale: S) {
        if let (Some(vec), true) = (vec.get(..self.ncols), ret.len() >= self.nrows) {
            // SAFETY: `row_indices` holds exactly `ncols` columns, each ended
            // by a 0, whose row numbers are at most `nrows <= ret.len()`, and
            // `values` one value per non-zero (what `with_shape` requires of
            // its shape and checks of the lengths).
            unsafe { kernels::sparse_columns(self.row_indices, self.values, vec, ret, scale) }
        }
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
    /// Largest row number ([`SparseShape::walk`]), or the bound every row
    /// number was checked against ([`SparseShape::walk_ptr_within`]).
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

    /// [`SparseShape::walk`] of the row numbers at `p`, checking each
    /// against `bound` instead of finding the largest (four instructions per
    /// entry on Cortex-M4, where the general walk takes about ten): `None`
    /// at the first row number above `bound` (a caller that must report the
    /// largest walks again with [`SparseShape::walk`]); else `nrows` is
    /// `bound` (0 when `ncols == 0`).
    ///
    /// # Safety
    /// `p` must be readable up to its `ncols`-th 0 (nothing is read when
    /// `ncols == 0`).
    #[inline(always)]
    pub unsafe fn walk_ptr_within(p: *const u32, ncols: usize, bound: usize) -> Option<SparseShape> {
        if ncols == 0 {
            return Some(SparseShape::default());
        }
        let bound32 = u32::try_from(bound).unwrap_or(u32::MAX);
        let (mut q, mut cols) = (p, 0usize);
        loop {
            // SAFETY: before the `ncols`-th 0 (the caller's promise).
            let idx = unsafe { q.read() };
            q = unsafe { q.add(1) };
            // 1 ..= bound: a row number in range; 0 wraps to the top.
            if idx.wrapping_sub(1) < bound32 {
                continue;
            }
            if idx != 0 {
                return None;
            }
            cols += 1;
            if cols == ncols {
                break;
            }
        }
        // SAFETY: `q` went forward from `p` within the encoding.
        let len = unsafe { q.offset_from(p) } as usize;
        Some(SparseShape { len, nnz: len - cols, cols, nrows: bound })
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

// In EdgeML's order, on views that may share memory.
//
// The kernels above work on separate slices. When a C caller passes an
// output that overlaps an input (`q15_m_mulvec(W, v, …, v, …)`,
// `q15_m_reverse` in place), EdgeML's result depends on its exact sequence
// of loads and stores; the functions below repeat that sequence on
// [`Load`]/[`Store`] views (`Shared` `Cell` views of the one memory).

use super::mem::{Load, Store};

/// [`q15_m_reverse`] in EdgeML's order: `ret[i]` is stored for `i = 0, 1, …`,
/// each from the element of `mat` it mirrors, read just before the store.
pub fn q15_m_reverse_in_order(mat: &impl Load<i16>, nrows: usize, ncols: usize, axis: u32, ret: &mut impl Store<i16>) -> Result {
    let len = checked_product(&[nrows as u32, ncols as u32]).map_err(|_| Error::Overflow)?;
    if mat.size() < len || ret.size() < len {
        return Err(Error::Length);
    }
    let Some(cols) = core::num::NonZeroUsize::new(ncols) else {
        return Ok(());
    };
    for i in 0..len {
        let (row, col) = (i / cols, i % cols);
        let src = if axis == 0 { (nrows - 1 - row) * ncols + col } else { row * ncols + (ncols - 1 - col) };
        ret.store(i, mat.load(src));
    }
    Ok(())
}

/// A matrix–vector product in EdgeML's order: row by row, all loads of a
/// row's sum, then the store of `ret[row]`. `sum` is the row's dot product
/// from `(mat[row·ncols + c], vec[c])` pairs in column order.
pub fn m_mulvec_in_order<V: Elem>(
    mat: &impl Load<i16>,
    vec: &impl Load<V>,
    nrows: usize,
    ncols: usize,
    ret: &mut impl Store<i16>,
    sum: impl Fn(&mut dyn Iterator<Item = (i32, i32)>) -> i16,
) -> Result {
    let len = nrows.checked_mul(ncols).ok_or(Error::Overflow)?;
    if mat.size() < len || vec.size() < ncols || ret.size() < nrows {
        return Err(Error::Length);
    }
    for r in 0..nrows {
        let mut pairs = (0..ncols).map(|c| (mat.load(r * ncols + c) as i32, vec.load(c).int()));
        let v = sum(&mut pairs);
        ret.store(r, v);
    }
    Ok(())
}

/// `q15_m_mulvec` in EdgeML's order (64-bit sums).
#[allow(clippy::too_many_arguments)]
pub fn q15_m_mulvec_in_order<S: Scale>(mat: &impl Load<i16>, vec: &impl Load<i16>, nrows: usize, ncols: usize, ret: &mut impl Store<i16>, scmat: S, scvec: S, scret: S) -> Result {
    let s = scmat.then(scvec).then(scret);
    m_mulvec_in_order(mat, vec, nrows, ncols, ret, |p| s.down64(p.map(|(m, v)| (m * v) as i64).sum()) as i16)
}

/// `q15xq7_q15_m_mulvec` in EdgeML's order (32-bit sums).
#[allow(clippy::too_many_arguments)]
pub fn q15xq7_q15_m_mulvec_in_order<S: Scale>(mat: &impl Load<i16>, vec: &impl Load<i8>, nrows: usize, ncols: usize, ret: &mut impl Store<i16>, scmat: S, scvec: S, scret: S) -> Result {
    let s = scmat.then(scvec).then(scret);
    m_mulvec_in_order(mat, vec, nrows, ncols, ret, |p| s.down(p.fold(0i32, |a, (m, v)| a.wrapping_add(m * v))) as i16)
}

/// The sparse products in EdgeML's order: column by column, `vec[col]`
/// loaded first, then for each non-zero its value and `ret[row]` loaded and
/// `ret[row]` stored. `row_indices` must be a whole encoding of `ncols`
/// columns (as [`SparseMatrix`] checks); `values` may share memory with
/// `ret` or `vec`.
pub fn sparse_mulvec_in_order<V: Elem, S: Scale>(
    row_indices: &[u32],
    values: &impl Load<i16>,
    vec: &impl Load<V>,
    ncols: usize,
    ret: &mut impl Store<i16>,
    scale: S,
) -> Result {
    let shape = SparseShape::walk(row_indices.iter().copied(), ncols);
    if shape.cols != ncols || values.size() < shape.nnz {
        return Err(Error::SparseIndex);
    }
    if vec.size() < ncols || ret.size() < shape.nrows {
        return Err(Error::Length);
    }
    let (mut ids, mut k) = (row_indices.iter(), 0usize);
    for col in 0..ncols {
        let x = vec.load(col).int();
        for &idx in ids.by_ref() {
            if idx == 0 {
                break;
            }
            let m = values.load(k) as i32;
            k += 1;
            let i = idx as usize - 1;
            ret.store(i, (ret.load(i) as i32).wrapping_add(scale.down(m.wrapping_mul(x))) as i16);
        }
    }
    Ok(())
}
