//! Tensor kernels over `[batches][rows][cols][channels]` (NHWC) layouts.

use super::vector::{map2, sum_op};
use super::{activation::q7_relu, Elem};
use crate::error::{checked_product, Error, Result};
use crate::scale::{div32, shr32, Scale};

/// Dimensions of an NHWC tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Batches (`N`).
    pub batches: u32,
    /// Rows (`H`).
    pub rows: u32,
    /// Columns (`W`).
    pub cols: u32,
    /// Channels (`C`).
    pub channels: u32,
}

impl Shape {
    /// Number of elements, or [`Error::Overflow`].
    pub fn len(&self) -> Result<usize> {
        checked_product(&[self.batches, self.rows, self.cols, self.channels])
    }

    /// Number of pixels (elements per channel), or [`Error::Overflow`].
    pub fn pixels(&self) -> Result<usize> {
        checked_product(&[self.batches, self.rows, self.cols])
    }

    /// `true` when the tensor holds no element.
    pub fn is_empty(&self) -> bool {
        self.len().is_ok_and(|n| n == 0)
    }
}

fn prefix<T>(s: &[T], n: usize) -> Result<&[T]> {
    s.get(..n).ok_or(Error::Length)
}

fn prefix_mut<T>(s: &mut [T], n: usize) -> Result<&mut [T]> {
    s.get_mut(..n).ok_or(Error::Length)
}

/// `q15_t_add` / `q7_t_add`: `ret = ten1/(scten1·scret) + ten2/(scten2·scret)`.
pub fn t_add<T: Elem, S: Scale>(ten1: &[T], ten2: &[T], shape: Shape, ret: &mut [T], scten1: S, scten2: S, scret: S) -> Result {
    let n = shape.len()?;
    map2(prefix(ten1, n)?, prefix(ten2, n)?, prefix_mut(ret, n)?, sum_op(scten1, scten2, scret))
}

/// `q15_t_add_vec` / `q7xq15_q7_t_add_vec`: adds the per-channel vector `vec`
/// to every pixel: `ret = ten/(scten·scret) + vec[c]/(scvec·scret)`.
pub fn t_add_vec<T: Elem, S: Scale>(ten: &[T], vec: &[i16], shape: Shape, ret: &mut [T], scten: S, scvec: S, scret: S) -> Result {
    let n = shape.len()?;
    let nch = shape.channels as usize;
    let (ten, vec, ret) = (prefix(ten, n)?, prefix(vec, nch)?, prefix_mut(ret, n)?);
    if nch == 0 {
        return Ok(());
    }
    let op = sum_op(scten, scvec, scret);
    // Pixels are paired by hand: `Zip` of two `ChunksExact` divides by the
    // chunk size, and where LLVM does not inline that it keeps a
    // division-by-zero panic path (scripts/check-no-panic).
    let mut pixels = ten.chunks_exact(nch);
    for out in ret.chunks_exact_mut(nch) {
        let Some(pixel) = pixels.next() else { break };
        map2(pixel, vec, out, op)?;
    }
    Ok(())
}

/// `q7_t_relu`: `ret = q7_relu(ten, limit) / div` (C division; `div == 0` gives 0).
pub fn q7_t_relu(ten: &[i8], shape: Shape, ret: &mut [i8], limit: i8, div: i8) -> Result {
    let n = shape.len()?;
    let (ten, ret) = (prefix(ten, n)?, prefix_mut(ret, n)?);
    for (r, &x) in ret.iter_mut().zip(ten) {
        *r = div32(q7_relu(x, limit) as i32, div as i32) as i8;
    }
    Ok(())
}

/// EdgeML's L2-norm parameters, derived once per call.
#[derive(Clone, Copy, Debug)]
struct L2Norm<S> {
    square_shift: i32,
    high0: i16,
    one: i64,
    down: S,
}

impl<S: Scale> L2Norm<S> {
    fn new(scale_in: i32, scale_out: i32) -> Self {
        L2Norm {
            square_shift: scale_out.wrapping_mul(2),
            high0: crate::scale::pow2(scale_out.wrapping_sub(1)) as i16,
            one: crate::scale::pow2(scale_in.wrapping_mul(2).wrapping_add(2).wrapping_neg()) as i64,
            down: S::from_pow2(scale_out),
        }
    }

    /// The bisection for one pixel's inverse norm. It always ends: the
    /// interval `(low, high)` shrinks every round.
    fn inverse(&self, pixel: &[i16]) -> i32 {
        let sum = pixel.iter().fold(0i32, |acc, &x| acc.wrapping_add(shr32(x as i32 * x as i32, self.square_shift)));
        let (mut low, mut high) = (1i16, self.high0);
        while (low as i32) + 1 < high as i32 {
            let mid = ((high as i32 + low as i32) >> 1) as i16;
            if sum as i64 * mid as i64 * mid as i64 > self.one {
                high = mid;
            } else {
                low = mid;
            }
        }
        low as i32
    }

    fn scaled(&self, x: i16, inv: i32) -> i16 {
        self.down.down(x as i32).wrapping_mul(inv) as i16
    }
}

/// `q15_t_l2_norm`: divides each pixel's channel vector by its L2 norm.
///
/// EdgeML's method: `Σ (x² >> 2·scale_out)` in 32 bits, a bisection for the
/// largest `inv` in `[1, 2^(scale_out-1))` with `sum·inv² <= 2^-(2·scale_in+2)`,
/// then `(x / 2^scale_out) · inv` (`x >> scale_out` in `SHIFT` mode).
pub fn q15_t_l2_norm<S: Scale>(ten: &[i16], shape: Shape, ret: &mut [i16], scale_in: i32, scale_out: i32) -> Result {
    let n = shape.len()?;
    let nch = shape.channels as usize;
    let (ten, ret) = (prefix(ten, n)?, prefix_mut(ret, n)?);
    if nch == 0 {
        return Ok(());
    }
    let norm = L2Norm::<S>::new(scale_in, scale_out);
    // Paired by hand, as in `t_add_vec`.
    let mut pixels = ten.chunks_exact(nch);
    for out in ret.chunks_exact_mut(nch) {
        let Some(pixel) = pixels.next() else { break };
        let inv = norm.inverse(pixel);
        for (r, &x) in out.iter_mut().zip(pixel) {
            *r = norm.scaled(x, inv);
        }
    }
    Ok(())
}

/// In-place [`q15_t_l2_norm`] (`ret` == `ten`), as EdgeML computes it: each
/// pixel is read whole before it is overwritten.
pub fn q15_t_l2_norm_in_place<S: Scale>(ten: &mut [i16], shape: Shape, scale_in: i32, scale_out: i32) -> Result {
    let n = shape.len()?;
    let nch = shape.channels as usize;
    let ten = prefix_mut(ten, n)?;
    if nch == 0 {
        return Ok(());
    }
    let norm = L2Norm::<S>::new(scale_in, scale_out);
    for pixel in ten.chunks_exact_mut(nch) {
        let inv = norm.inverse(pixel);
        for x in pixel.iter_mut() {
            *x = norm.scaled(*x, inv);
        }
    }
    Ok(())
}
