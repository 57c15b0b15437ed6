//! EdgeML's float RNNPool (`rnnpool_block`): pools a `patchDim × patchDim`
//! patch of `inputDims`-channel pixels into `4 × hiddenDims2` values.
//!
//! `rnn1` runs along every row of the patch (one sequence of `patchDim`
//! pixels per row) and, one pixel at a time, down every column; `rnn2` then
//! runs forwards and backwards over the row summaries (output quarters 0
//! and 1) and over the column summaries (quarters 2 and 3). Row `r` of the
//! patch starts `r · stride` pixels after row 0.
//!
//! As in EdgeML, the RNNs' own statuses are ignored: a failing RNN leaves its
//! hidden state as it is and pooling goes on. Errors of the block itself
//! ([`Error::Length`], [`Error::Overflow`]) are returned before anything is
//! written.

use super::fastgrnn::{fastgrnn, FastGrnnBuffers, FastGrnnParams};
use crate::error::{Error, Result};

/// A recurrent cell RNNPool can drive (EdgeML's `rnn_t` contract, with
/// `normalize` always 0): run `steps` steps over `input`
/// (`steps × input_dims`), updating `hidden`.
pub trait Rnn {
    /// Runs `steps` steps over `input` (`steps × input_dims`), updating `hidden`, backwards in time if `backward`.
    fn run(&mut self, hidden: &mut [f32], input: &[f32], input_dims: usize, steps: usize, backward: bool) -> Result;
}

impl<F: FnMut(&mut [f32], &[f32], usize, usize, bool) -> Result> Rnn for F {
    fn run(&mut self, hidden: &mut [f32], input: &[f32], input_dims: usize, steps: usize, backward: bool) -> Result {
        self(hidden, input, input_dims, steps, backward)
    }
}

/// A float FastGRNN cell with its scratch buffers, usable as an [`Rnn`] (as
/// EdgeML's RNNPool uses `fastgrnn`).
#[derive(Debug)]
pub struct FastGrnnCell<'a> {
    /// The cell's weights.
    pub params: FastGrnnParams<'a>,
    /// The cell's scratch.
    pub buffers: FastGrnnBuffers<'a>,
}

impl Rnn for FastGrnnCell<'_> {
    fn run(&mut self, hidden: &mut [f32], input: &[f32], input_dims: usize, steps: usize, backward: bool) -> Result {
        fastgrnn(hidden, input, input_dims, steps, &self.params, &mut self.buffers, backward, false)
    }
}

pub use crate::q15::rnnpool::patch_len;

/// `n` elements of `s` from `start` (empty if out of range; callers check).
fn part(s: &[f32], start: usize, n: usize) -> &[f32] {
    s.get(start..).and_then(|r| r.get(..n)).unwrap_or(&[])
}

/// Block `i` of `n` elements of `s` (empty if out of range; callers check).
fn block_mut(s: &mut [f32], i: usize, n: usize) -> &mut [f32] {
    let start = i.saturating_mul(n);
    s.get_mut(start..).and_then(|r| r.get_mut(..n)).unwrap_or(&mut [])
}

/// Pools `patch` into `output` (`4 × hidden_dims2`), using `buffer`
/// (`hidden_dims1 × patch_dim`) for the row and column summaries.
#[allow(clippy::too_many_arguments)]
pub fn rnnpool_block(
    patch: &[f32],
    input_dims: usize,
    patch_dim: usize,
    stride: usize,
    rnn1: &mut dyn Rnn,
    hidden_dims1: usize,
    rnn2: &mut dyn Rnn,
    hidden_dims2: usize,
    output: &mut [f32],
    buffer: &mut [f32],
) -> Result {
    let (id, pd, hd1, hd2) = (input_dims, patch_dim, hidden_dims1, hidden_dims2);
    let patch = patch.get(..patch_len(id, pd, stride)?).ok_or(Error::Length)?;
    let row_len = pd.checked_mul(id).ok_or(Error::Overflow)?;
    let summaries = hd1.checked_mul(pd).ok_or(Error::Overflow)?;
    let out_len = hd2.checked_mul(4).ok_or(Error::Overflow)?;
    let output = output.get_mut(..out_len).ok_or(Error::Length)?;
    let buffer = buffer.get_mut(..summaries).ok_or(Error::Length)?;
    // Every offset below is at most the patch length, which did not overflow.
    let pixel = |r: usize, c: usize| (stride * r + c) * id;

    output.iter_mut().for_each(|o| *o = 0.0);

    // Rows, then both directions over the row summaries.
    buffer.iter_mut().for_each(|b| *b = 0.0);
    for r in 0..pd {
        let _ = rnn1.run(block_mut(buffer, r, hd1), part(patch, pixel(r, 0), row_len), id, pd, false);
    }
    let _ = rnn2.run(block_mut(output, 0, hd2), buffer, hd1, pd, false);
    let _ = rnn2.run(block_mut(output, 1, hd2), buffer, hd1, pd, true);

    // Columns, one pixel at a time, then both directions over their summaries.
    buffer.iter_mut().for_each(|b| *b = 0.0);
    for c in 0..pd {
        for r in 0..pd {
            let _ = rnn1.run(block_mut(buffer, c, hd1), part(patch, pixel(r, c), id), id, 1, false);
        }
    }
    let _ = rnn2.run(block_mut(output, 2, hd2), buffer, hd1, pd, false);
    let _ = rnn2.run(block_mut(output, 3, hd2), buffer, hd1, pd, true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An RNN that records what it was given: `hidden[0] += Σ input`,
    /// `hidden[1] += steps` (and `+ 100` when backward).
    fn summing(hidden: &mut [f32], input: &[f32], input_dims: usize, steps: usize, backward: bool) -> Result {
        assert_eq!(input.len(), input_dims * steps);
        if let [a, b, ..] = hidden {
            *a += input.iter().sum::<f32>();
            *b += steps as f32 + if backward { 100.0 } else { 0.0 };
        }
        Ok(())
    }

    #[test]
    fn visits_rows_and_columns_with_stride() {
        // 2×2 patch with 1 channel inside a 3-wide image (stride 3).
        let image = [1.0f32, 2.0, 90.0, 3.0, 4.0];
        let (mut out, mut buf) = ([7.0f32; 8], [7.0f32; 4]);
        let (mut r1, mut r2) = (summing, summing);
        rnnpool_block(&image, 1, 2, 3, &mut r1, 2, &mut r2, 2, &mut out, &mut buf).unwrap();
        // Row summaries: [3, 2, 7, 2] -> rnn2 sees them all (sum 14, steps 2).
        assert_eq!(out, [14.0, 2.0, 14.0, 102.0, 14.0, 2.0, 14.0, 102.0]);
        // Column summaries: column 0 = 1 + 3 over two one-step runs.
        assert_eq!(buf, [4.0, 2.0, 6.0, 2.0]);
    }

    #[test]
    fn rnn_failures_are_ignored_as_in_edgeml() {
        let mut failing =
            |_: &mut [f32], _: &[f32], _: usize, _: usize, _: bool| -> Result { Err(Error::PrecompNotInit) };
        let mut r2 = summing;
        let (mut out, mut buf) = ([7.0f32; 8], [7.0f32; 4]);
        assert_eq!(rnnpool_block(&[1.0; 4], 1, 2, 2, &mut failing, 2, &mut r2, 2, &mut out, &mut buf), Ok(()));
        assert_eq!(out, [0.0, 2.0, 0.0, 102.0, 0.0, 2.0, 0.0, 102.0]);
    }

    #[test]
    fn short_or_overflowing_buffers_are_refused_before_writing() {
        let (mut r1, mut r2) = (summing, summing);
        let (mut out, mut buf) = ([7.0f32; 8], [7.0f32; 4]);
        // Patch needs (3·1 + 2)·1 = 5 elements.
        assert_eq!(rnnpool_block(&[1.0; 4], 1, 2, 3, &mut r1, 2, &mut r2, 2, &mut out, &mut buf), Err(Error::Length));
        assert_eq!(
            rnnpool_block(&[1.0; 4], 1, 2, 2, &mut r1, 2, &mut r2, 2, &mut out[..7], &mut buf),
            Err(Error::Length)
        );
        assert_eq!(
            rnnpool_block(&[1.0; 4], 1, 2, 2, &mut r1, 2, &mut r2, 2, &mut out, &mut buf[..3]),
            Err(Error::Length)
        );
        assert_eq!(
            rnnpool_block(&[1.0; 4], 1, 2, usize::MAX, &mut r1, 2, &mut r2, 2, &mut out, &mut buf),
            Err(Error::Overflow)
        );
        assert_eq!(
            rnnpool_block(&[1.0; 4], 1, 2, 2, &mut r1, 2, &mut r2, usize::MAX, &mut out, &mut buf),
            Err(Error::Overflow)
        );
        assert_eq!((out, buf), ([7.0; 8], [7.0; 4]));
    }

    #[test]
    fn empty_patch_gives_rnn2_of_nothing() {
        let (mut r1, mut r2) = (summing, summing);
        let mut out = [7.0f32; 8];
        assert_eq!(rnnpool_block(&[], 3, 0, 5, &mut r1, 4, &mut r2, 2, &mut out, &mut []), Ok(()));
        assert_eq!(out, [0.0, 0.0, 0.0, 100.0, 0.0, 0.0, 0.0, 100.0]);
    }
}
