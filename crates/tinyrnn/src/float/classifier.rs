//! EdgeML's `classifier.h`: the fully connected layer `FC`.

use core::cell::Cell;

use super::utils::{add_op, map2_cells, mat_vec_cells};
use super::Value;
use crate::error::{Error, Result};

/// `classScores = FCweights · input + FCbias` over any mix of plain and
/// shared memory, computed as EdgeML does (`matVec` with `alpha = 0`, which
/// reads `classScores` first, then `v_add` of the bias). The sizes are
/// `numClasses = class_scores.len()` and `inputLen = input.len()`; `weights`
/// is `numClasses × inputLen`, row-major.
pub fn fc_cells<W: Value, B: Value, I: Value>(
    weights: &[W],
    bias: &[B],
    input: &[I],
    class_scores: &[Cell<f32>],
) -> Result {
    let n = class_scores.len();
    if bias.len() < n {
        return Err(Error::Length);
    }
    mat_vec_cells(weights, input, n, input.len(), 0.0, 1.0, class_scores)?;
    map2_cells(bias, class_scores, class_scores, add_op(1.0, 1.0))
}

/// `class_scores = weights · input + bias` (EdgeML's `FC`; see [`fc_cells`]).
pub fn fc(weights: &[f32], bias: &[f32], input: &[f32], class_scores: &mut [f32]) -> Result {
    fc_cells(weights, bias, input, Cell::from_mut(class_scores).as_slice_of_cells())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_affine_map() {
        let mut s = [0.0f32; 2];
        fc(&[1.0, 2.0, 3.0, -1.0, 0.5, 0.0], &[0.25, -0.5], &[1.0, 1.0, 2.0], &mut s).unwrap();
        assert_eq!(s, [9.25, -1.0]);
    }

    #[test]
    fn bad_sizes_are_refused_before_writing() {
        let mut s = [7.0f32; 2];
        assert_eq!(fc(&[1.0; 6], &[0.0; 1], &[1.0; 3], &mut s), Err(Error::Length));
        assert_eq!(fc(&[1.0; 5], &[0.0; 2], &[1.0; 3], &mut s), Err(Error::Length));
        assert_eq!(s, [7.0; 2]);
        // No classes: nothing to do.
        assert_eq!(fc(&[], &[], &[1.0; 3], &mut []), Ok(()));
    }
}
