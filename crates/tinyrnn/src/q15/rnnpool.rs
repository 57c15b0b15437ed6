//! RNNPool (`q15_rnnpool_block`, `q7xq15_q15_rnnpool_block`): pools a
//! `patchDim × patchDim` patch into `4 × hiddenDims2` values with two RNNs.
//!
//! `rnn1` runs along every row and every column of the patch; `rnn2` then
//! runs forwards and backwards over the row summaries and over the column
//! summaries. Summaries are rescaled by `ShL1`/`ShR1`, the output by
//! `ShL2`/`ShR2` (up, then down, in the build's scaling mode).

use super::vector::{map1_in_place, scale_down_op, scale_up_op};
use super::Elem;
use crate::error::{checked_product, Error, Result};
use crate::scale::Scale;

/// A recurrent cell that RNNPool can drive, with EdgeML's `*_rnn_t` contract:
/// run `steps` steps over `input` (`steps × input_dims`) updating `hidden`.
/// Its status is ignored by RNNPool, as in EdgeML.
pub trait Rnn<X> {
    /// Runs `steps` steps over `input` (`steps × input_dims`), updating `hidden`, backwards in time if `backward`.
    fn run(&mut self, hidden: &mut [i16], input: &[X], input_dims: usize, steps: usize, backward: bool) -> Result;
}

/// RNNPool's rescaling shifts (or divisors): `ShR1, ShL1, ShR2, ShL2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolScales<S> {
    /// EdgeML `ShR1`.
    pub sh_r1: S,
    /// EdgeML `ShL1`.
    pub sh_l1: S,
    /// EdgeML `ShR2`.
    pub sh_r2: S,
    /// EdgeML `ShL2`.
    pub sh_l2: S,
}

/// Number of patch elements RNNPool reads (quantized and float alike):
/// `(stride·(patchDim-1) + patchDim) · inputDims`, 0 when `patchDim == 0`;
/// [`Error::Overflow`] beyond `ITER_T`, where EdgeML's own offsets would wrap.
pub fn patch_len(input_dims: usize, patch_dim: usize, stride: usize) -> Result<usize> {
    if patch_dim == 0 {
        return Ok(0);
    }
    stride
        .checked_mul(patch_dim - 1)
        .and_then(|v| v.checked_add(patch_dim))
        .and_then(|v| v.checked_mul(input_dims))
        .filter(|&n| n <= u32::MAX as usize)
        .ok_or(Error::Overflow)
}

/// Pools `patch` into `output` (`4 × hiddenDims2`), using `buffer`
/// (`hiddenDims1 × patchDim`) for the summaries.
#[allow(clippy::too_many_arguments)]
pub fn rnnpool_block<X: Elem, S: Scale>(
    patch: &[X],
    input_dims: usize,
    patch_dim: usize,
    stride: usize,
    rnn1: &mut dyn Rnn<X>,
    hidden_dims1: usize,
    rnn2: &mut dyn Rnn<i16>,
    hidden_dims2: usize,
    output: &mut [i16],
    buffer: &mut [i16],
    scales: PoolScales<S>,
) -> Result {
    let need_patch = patch_len(input_dims, patch_dim, stride)?;
    let summaries = checked_product(&[hidden_dims1 as u32, patch_dim as u32]).map_err(|_| Error::Overflow)?;
    let out_len = hidden_dims2.checked_mul(4).ok_or(Error::Overflow)?;
    if hidden_dims1 > u32::MAX as usize || patch_dim > u32::MAX as usize {
        return Err(Error::Overflow);
    }
    let (patch, output, buffer) = match (patch.get(..need_patch), output.get_mut(..out_len), buffer.get_mut(..summaries)) {
        (Some(p), Some(o), Some(b)) => (p, o, b),
        _ => return Err(Error::Length),
    };
    output.iter_mut().for_each(|o| *o = 0);
    let rescale = |v: &mut [i16], up: S, down: S| {
        map1_in_place(v, scale_up_op(up));
        map1_in_place(v, scale_down_op(down));
    };
    let step_len = |from: usize, steps: usize| -> &[X] {
        let end = from.saturating_add(steps.saturating_mul(input_dims));
        patch.get(from..end).unwrap_or(&[])
    };
    // Every RNN call EdgeML makes, in its order, even with an empty state
    // (`hiddenDims = 0`) or input: a cell with side effects sees the same
    // sequence. State `k` of a buffer is `[k·dims, (k+1)·dims)`.
    fn state(v: &mut [i16], k: usize, dims: usize) -> &mut [i16] {
        let at = k.saturating_mul(dims);
        v.get_mut(at..at.saturating_add(dims)).unwrap_or(&mut [])
    }

    // Rows: each row of the patch is one sequence of `patch_dim` pixels.
    buffer.iter_mut().for_each(|b| *b = 0);
    for r in 0..patch_dim {
        let _ = rnn1.run(state(buffer, r, hidden_dims1), step_len(stride * r * input_dims, patch_dim), input_dims, patch_dim, false);
    }
    rescale(buffer, scales.sh_l1, scales.sh_r1);
    for (k, backward) in [(0, false), (1, true)] {
        let _ = rnn2.run(state(output, k, hidden_dims2), buffer, hidden_dims1, patch_dim, backward);
    }

    // Columns: one pixel at a time, down each column.
    buffer.iter_mut().for_each(|b| *b = 0);
    for c in 0..patch_dim {
        for r in 0..patch_dim {
            let _ = rnn1.run(state(buffer, c, hidden_dims1), step_len((stride * r + c) * input_dims, 1), input_dims, 1, false);
        }
    }
    rescale(buffer, scales.sh_l1, scales.sh_r1);
    for (k, backward) in [(2, false), (3, true)] {
        let _ = rnn2.run(state(output, k, hidden_dims2), buffer, hidden_dims1, patch_dim, backward);
    }

    rescale(output, scales.sh_l2, scales.sh_r2);
    Ok(())
}
