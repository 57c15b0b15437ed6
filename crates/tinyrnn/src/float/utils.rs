//! EdgeML's `utils.h`: scalar activations, element-wise vector operations,
//! `matVec`, `l2squared`, `argmax` and `softmax`.
//!
//! Each operation is written once, over inputs of any [`Value`] type and an
//! output of `Cell<f32>`, in EdgeML's element order. The plain-slice
//! functions ([`v_add`], [`mat_vec`], …) are thin wrappers; the `*_cells`
//! forms let an output share memory with an input (the C ABI uses them, so
//! in-place and overlapping calls give C's results).
//!
//! Lengths: an element-wise function works on `ret.len()` elements and
//! returns [`Error::Length`] (writing nothing) if an input is shorter.

use core::cell::Cell;

use super::math::{expf, logf, tanh};
use super::Value;
use crate::error::{Error, Result};

/// `a < b ? a : b` (so `min(NaN, b) == b`, `min(a, NaN) == NaN`).
#[inline]
pub fn min(a: f32, b: f32) -> f32 {
    if a < b {
        a
    } else {
        b
    }
}

/// `a > b ? a : b` (so `max(NaN, b) == b`, `max(a, NaN) == NaN`).
#[inline]
pub fn max(a: f32, b: f32) -> f32 {
    if a > b {
        a
    } else {
        b
    }
}

/// `0` for negative `x`, else `x` (`-0.0` and NaN pass through).
#[inline]
pub fn relu(x: f32) -> f32 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

/// `1 / (1 + e^-x)` in single precision.
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + expf(-x))
}

/// `(e^x - e^-x) / (e^x + e^-x)` in single precision. As in EdgeML, this is
/// NaN when `|x|` is large enough for `e^|x|` to overflow (`|x| > 88.72`).
#[inline]
pub fn tanhyperbolic(x: f32) -> f32 {
    let ex = expf(x);
    let enx = expf(-x);
    (ex - enx) / (ex + enx)
}

/// `x` clamped to `[-1, 1]` (NaN gives 1, as EdgeML's `min`/`max` do).
#[inline]
pub fn quant_tanh(x: f32) -> f32 {
    max(min(x, 1.0), -1.0)
}

/// `(x + 1) / 2` clamped to `[0, 1]` (NaN gives 1).
#[inline]
pub fn quant_sigmoid(x: f32) -> f32 {
    max(min((x + 1.0) / 2.0, 1.0), 0.0)
}

/// Hyperbolic tangent computed in double precision and rounded to `f32`,
/// as EdgeML's `v_quantTanh` and FastGRNN compute it (C's `tanh`).
#[inline]
pub fn tanh_f64(x: f32) -> f32 {
    tanh(x as f64) as f32
}

/// `ret[i] = op(vec[i])` for `i < ret.len()`.
pub fn map1_cells<A: Value>(vec: &[A], ret: &[Cell<f32>], op: impl Fn(f32) -> f32) -> Result {
    if vec.len() < ret.len() {
        return Err(Error::Length);
    }
    for (r, a) in ret.iter().zip(vec) {
        r.set(op(a.value()));
    }
    Ok(())
}

/// `ret[i] = op(vec1[i], vec2[i])` for `i < ret.len()`.
pub fn map2_cells<A: Value, B: Value>(
    vec1: &[A],
    vec2: &[B],
    ret: &[Cell<f32>],
    op: impl Fn(f32, f32) -> f32,
) -> Result {
    if vec1.len() < ret.len() || vec2.len() < ret.len() {
        return Err(Error::Length);
    }
    for ((r, a), b) in ret.iter().zip(vec1).zip(vec2) {
        r.set(op(a.value(), b.value()));
    }
    Ok(())
}

/// The element operation of `v_add`: `scalar1·a + scalar2·b`.
#[inline]
pub fn add_op(scalar1: f32, scalar2: f32) -> impl Fn(f32, f32) -> f32 + Copy {
    move |a, b| scalar1 * a + scalar2 * b
}

/// The element operation of `v_mult`: `a·b`.
#[inline]
pub fn mult_op(a: f32, b: f32) -> f32 {
    a * b
}

/// The element operation of `v_div`: `b / a` (EdgeML divides the *second*
/// vector by the first).
#[inline]
pub fn div_op(a: f32, b: f32) -> f32 {
    b / a
}

fn cells(ret: &mut [f32]) -> &[Cell<f32>] {
    Cell::from_mut(ret).as_slice_of_cells()
}

/// `ret = relu(vec)` element-wise.
pub fn v_relu(vec: &[f32], ret: &mut [f32]) -> Result {
    map1_cells(vec, cells(ret), relu)
}

/// `ret = sigmoid(vec)` element-wise.
pub fn v_sigmoid(vec: &[f32], ret: &mut [f32]) -> Result {
    map1_cells(vec, cells(ret), sigmoid)
}

/// `ret = tanhyperbolic(vec)` element-wise.
pub fn v_tanh(vec: &[f32], ret: &mut [f32]) -> Result {
    map1_cells(vec, cells(ret), tanhyperbolic)
}

/// EdgeML's `v_quantSigmoid`, which applies [`sigmoid`] (not
/// [`quant_sigmoid`]): kept as the reference has it.
pub fn v_quant_sigmoid(vec: &[f32], ret: &mut [f32]) -> Result {
    map1_cells(vec, cells(ret), sigmoid)
}

/// EdgeML's `v_quantTanh`, which applies the double-precision `tanh` (not
/// [`quant_tanh`]): kept as the reference has it.
pub fn v_quant_tanh(vec: &[f32], ret: &mut [f32]) -> Result {
    map1_cells(vec, cells(ret), tanh_f64)
}

/// `ret = scalar1·vec1 + scalar2·vec2` element-wise.
pub fn v_add(scalar1: f32, vec1: &[f32], scalar2: f32, vec2: &[f32], ret: &mut [f32]) -> Result {
    map2_cells(vec1, vec2, cells(ret), add_op(scalar1, scalar2))
}

/// `ret = vec1 · vec2` element-wise.
pub fn v_mult(vec1: &[f32], vec2: &[f32], ret: &mut [f32]) -> Result {
    map2_cells(vec1, vec2, cells(ret), mult_op)
}

/// `ret = vec2 / vec1` element-wise (note the order, EdgeML's).
pub fn v_div(vec1: &[f32], vec2: &[f32], ret: &mut [f32]) -> Result {
    map2_cells(vec1, vec2, cells(ret), div_op)
}

/// `ret = alpha·ret + beta·(mat · vec)` for a row-major `nrows × ncols`
/// matrix, over any mix of plain and shared (`Cell`) memory.
///
/// Each row's dot product is summed in `f32` from column 0 up; `ret` is read
/// even when `alpha == 0` (as in EdgeML: `0 · ∞` or `0 · NaN` left in `ret`
/// gives NaN). `vec` may share memory with `ret`: row `r` then sees the rows
/// already written, as in C.
pub fn mat_vec_cells<M: Value, V: Value>(
    mat: &[M],
    vec: &[V],
    nrows: usize,
    ncols: usize,
    alpha: f32,
    beta: f32,
    ret: &[Cell<f32>],
) -> Result {
    let n = nrows.checked_mul(ncols).ok_or(Error::Overflow)?;
    let (mat, vec, ret) = match (mat.get(..n), vec.get(..ncols), ret.get(..nrows)) {
        (Some(m), Some(v), Some(r)) => (m, v, r),
        _ => return Err(Error::Length),
    };
    for (row, r) in ret.iter().enumerate() {
        // `row * ncols + ncols <= n`: no overflow, and the range is in `mat`.
        let start = row * ncols;
        let cols = mat.get(start..start + ncols).unwrap_or(&[]);
        let mut sum = 0.0f32;
        for (m, v) in cols.iter().zip(vec) {
            sum += m.value() * v.value();
        }
        r.set(alpha * r.get() + beta * sum);
    }
    Ok(())
}

/// `ret = alpha·ret + beta·(mat · vec)`, `mat` row-major `nrows × ncols`
/// (EdgeML's `matVec`; see [`mat_vec_cells`]).
pub fn mat_vec(mat: &[f32], vec: &[f32], nrows: usize, ncols: usize, alpha: f32, beta: f32, ret: &mut [f32]) -> Result {
    mat_vec_cells(mat, vec, nrows, ncols, alpha, beta, cells(ret))
}

/// Squared Euclidean distance `Σ (vec1[i] - vec2[i])²`, summed in `f32` in
/// index order. [`Error::Length`] if the lengths differ.
pub fn l2squared<A: Value, B: Value>(vec1: &[A], vec2: &[B]) -> Result<f32> {
    if vec1.len() != vec2.len() {
        return Err(Error::Length);
    }
    let mut sum = 0.0f32;
    for (a, b) in vec1.iter().zip(vec2) {
        let (a, b) = (a.value(), b.value());
        sum += (a - b) * (a - b);
    }
    Ok(sum)
}

/// Index of the first largest element, as EdgeML computes it: the search
/// starts from `FLT_MIN` (the smallest positive normal float) at index 0, so
/// an element wins only if it is greater than `FLT_MIN` and than every earlier
/// element. All-non-positive (or empty, or NaN) input gives 0.
pub fn argmax<A: Value>(vec: &[A]) -> usize {
    let mut best = 0;
    let mut score = f32::MIN_POSITIVE;
    for (i, v) in vec.iter().enumerate() {
        let v = v.value();
        if v > score {
            score = v;
            best = i;
        }
    }
    best
}

/// `ret[i] = e^input[i] / Σ e^input[j]` over `ret.len()` elements, computed
/// as EdgeML does: `m = input[argmax]`, `offset = m + logf(Σ expf(input[j] - m))`,
/// `ret[i] = expf(input[i] - offset)`. `input` may share memory with `ret`.
/// Empty `ret` does nothing (EdgeML would read `input[0]`).
pub fn softmax_cells<A: Value>(input: &[A], ret: &[Cell<f32>]) -> Result {
    let input = input.get(..ret.len()).ok_or(Error::Length)?;
    let m = match input.get(argmax(input)) {
        Some(m) => m.value(),
        None => return Ok(()),
    };
    let mut sum = 0.0f32;
    for x in input {
        sum += expf(x.value() - m);
    }
    let offset = m + logf(sum);
    for (r, x) in ret.iter().zip(input) {
        r.set(expf(x.value() - offset));
    }
    Ok(())
}

/// Softmax of `input` into `ret` (`ret.len()` elements; see [`softmax_cells`]).
pub fn softmax(input: &[f32], ret: &mut [f32]) -> Result {
    softmax_cells(input, cells(ret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_follow_edgeml_comparisons() {
        assert_eq!(min(1.0, 2.0), 1.0);
        assert_eq!(max(1.0, 2.0), 2.0);
        assert_eq!(min(f32::NAN, 2.0), 2.0);
        assert!(min(2.0, f32::NAN).is_nan());
        assert_eq!(relu(-3.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(relu(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(relu(2.5), 2.5);
        assert_eq!(quant_tanh(3.0), 1.0);
        assert_eq!(quant_tanh(-3.0), -1.0);
        assert_eq!(quant_tanh(f32::NAN), 1.0);
        assert_eq!(quant_sigmoid(0.0), 0.5);
        assert_eq!(quant_sigmoid(5.0), 1.0);
        assert_eq!(quant_sigmoid(-5.0), 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(tanhyperbolic(0.0), 0.0);
        assert!(tanhyperbolic(100.0).is_nan()); // inf / inf, as in EdgeML
        assert_eq!(tanh_f64(100.0), 1.0);
    }

    #[test]
    fn argmax_starts_from_flt_min() {
        assert_eq!(argmax::<f32>(&[]), 0);
        assert_eq!(argmax(&[-3.0f32, -1.0, -2.0]), 0);
        assert_eq!(argmax(&[0.0f32, 1e-39, 0.0]), 0);
        assert_eq!(argmax(&[1.0f32, 3.0, 3.0, 2.0]), 1);
        assert_eq!(argmax(&[f32::NAN, 2.0]), 1);
    }

    #[test]
    fn short_inputs_are_refused_without_writing() {
        let mut ret = [7.0f32; 3];
        assert_eq!(v_relu(&[1.0, 2.0], &mut ret), Err(Error::Length));
        assert_eq!(v_add(1.0, &[1.0; 3], 1.0, &[1.0; 2], &mut ret), Err(Error::Length));
        assert_eq!(softmax(&[1.0; 2], &mut ret), Err(Error::Length));
        assert_eq!(mat_vec(&[1.0; 5], &[1.0; 2], 3, 2, 0.0, 1.0, &mut ret), Err(Error::Length));
        assert_eq!(mat_vec(&[1.0; 6], &[1.0; 1], 3, 2, 0.0, 1.0, &mut ret), Err(Error::Length));
        assert_eq!(mat_vec(&[1.0; 6], &[1.0; 2], 3, usize::MAX, 0.0, 1.0, &mut ret), Err(Error::Overflow));
        assert_eq!(ret, [7.0; 3]);
        assert_eq!(l2squared(&[1.0f32; 2], &[1.0f32; 3]), Err(Error::Length));
    }

    #[test]
    fn zero_sizes_do_nothing() {
        let mut ret: [f32; 0] = [];
        assert_eq!(v_sigmoid(&[], &mut ret), Ok(()));
        assert_eq!(softmax(&[], &mut ret), Ok(()));
        assert_eq!(l2squared::<f32, f32>(&[], &[]), Ok(0.0));
        let mut r = [5.0f32, f32::INFINITY];
        // ncols == 0: every dot product is 0, ret = alpha·ret.
        assert_eq!(mat_vec(&[], &[], 2, 0, 2.0, 1.0, &mut r), Ok(()));
        assert_eq!(r, [10.0, f32::INFINITY]);
        // alpha == 0 still reads ret, as EdgeML does.
        assert_eq!(mat_vec(&[], &[], 2, 0, 0.0, 1.0, &mut r), Ok(()));
        assert_eq!(r[0], 0.0);
        assert!(r[1].is_nan());
    }

    #[test]
    fn in_place_through_cells() {
        let mut v = [1.0f32, -2.0, 4.0];
        let c = Cell::from_mut(&mut v[..]).as_slice_of_cells();
        map2_cells(c, c, c, add_op(2.0, 1.0)).unwrap();
        assert_eq!(v, [3.0, -6.0, 12.0]);
        let c = Cell::from_mut(&mut v[..]).as_slice_of_cells();
        map2_cells(&[3.0f32, 2.0, 4.0], c, c, div_op).unwrap();
        assert_eq!(v, [1.0, -3.0, 3.0]);
        // matVec with vec == ret sees the rows already written, as in C.
        let mut x = [1.0f32, 1.0];
        let c = Cell::from_mut(&mut x[..]).as_slice_of_cells();
        mat_vec_cells(&[1.0f32, 1.0, 1.0, 1.0], c, 2, 2, 0.0, 1.0, c).unwrap();
        assert_eq!(x, [2.0, 3.0]);
    }

    #[test]
    fn softmax_sums_to_one() {
        let mut r = [0.0f32; 4];
        softmax(&[1.0, 2.0, 3.0, 4.0], &mut r).unwrap();
        let s: f32 = r.iter().sum();
        assert!((s - 1.0).abs() < 1e-6);
        assert!(r.windows(2).all(|w| w[0] < w[1]));
    }
}
