//! Grouped, padded, strided and dilated 2-D convolution over NHWC tensors
//! (`q15_convolution`, `q7xq15_q15_convolution`, `q7xq15_q7_convolution`).
//!
//! Layouts, as in EdgeML: input `[N][H][W][CIn]`, filter
//! `[G][HF][WF][CF][COut]`, output `[N][HOut][WOut][G][COut]`; group `g`
//! reads input channels `g·CF .. (g+1)·CF`. The filter is centred: its
//! offsets run from `-(HF-1)/2` to `HF/2` (times the dilation), and output
//! rows are the input rows `h` visited from `dil·(HF-1)/2 - padU` while
//! `h < H - (dil·(HF/2) - padD)`, every `stride` rows (columns likewise).

use super::mem::{Load, Store};
use super::Elem;
use crate::error::{checked_product, Error, Result};
use crate::scale::Scale;

/// Geometry of a convolution (EdgeML's argument names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ConvGeometry {
    /// Batches (`N`).
    pub n: u32,
    /// Input rows (`H`).
    pub h: u32,
    /// Input columns (`W`).
    pub w: u32,
    /// Input channels (`CIn`).
    pub c_in: u32,
    /// Filter rows (`HF`).
    pub hf: u32,
    /// Filter columns (`WF`).
    pub wf: u32,
    /// Filter channels per group (`CF`).
    pub cf: u32,
    /// Output channels (`COut`).
    pub c_out: u32,
    /// Output rows (`HOut`).
    pub h_out: u32,
    /// Output columns (`WOut`).
    pub w_out: u32,
    /// Groups (`G`).
    pub g: u32,
    /// Padding above (`HPadU`).
    pub h_pad_u: i32,
    /// Padding below (`HPadD`).
    pub h_pad_d: i32,
    /// Padding left (`WPadL`).
    pub w_pad_l: i32,
    /// Padding right (`WPadR`).
    pub w_pad_r: i32,
    /// Row stride (`HStride`).
    pub h_stride: u32,
    /// Column stride (`WStride`).
    pub w_stride: u32,
    /// Row dilation (`HDilation`).
    pub h_dilation: u32,
    /// Column dilation (`WDilation`).
    pub w_dilation: u32,
}

/// The output positions along one axis: the first input coordinate, the
/// step, the number of positions, and the filter's reach on both sides.
#[derive(Clone, Copy, Debug)]
struct Axis {
    first: i64,
    step: i64,
    count: usize,
    reach_lo: i64,
    reach_hi: i64,
    dilation: i64,
    size: i64,
}

impl Axis {
    fn new(size: u32, f: u32, pad_lo: i32, pad_hi: i32, stride: u32, dilation: u32, out: u32) -> Result<Axis> {
        if stride == 0 {
            return Err(Error::Zero);
        }
        if f == 0 {
            return Err(Error::Geometry);
        }
        let (reach_lo, reach_hi) = (((f - 1) >> 1) as i64, (f >> 1) as i64);
        let dilation = dilation as i64;
        let first = dilation * reach_lo - pad_lo as i64;
        let end = size as i64 - (dilation * reach_hi - pad_hi as i64);
        let step = stride as i64;
        let count = if end > first { ((end - first + step - 1) / step) as usize } else { 0 };
        if count > out as usize {
            return Err(Error::Geometry);
        }
        Ok(Axis { first, step, count, reach_lo, reach_hi, dilation, size: size as i64 })
    }

    /// Input coordinate of output position `o`.
    fn at(&self, o: usize) -> i64 {
        self.first + o as i64 * self.step
    }

    /// `(filter tap, input coordinate)` for the taps that land inside the input.
    fn taps(&self, centre: i64) -> impl Iterator<Item = (usize, usize)> + '_ {
        (-self.reach_lo..=self.reach_hi).filter_map(move |t| {
            let x = centre + self.dilation * t;
            if x < 0 || x >= self.size {
                None
            } else {
                Some(((t + self.reach_lo) as usize, x as usize))
            }
        })
    }
}

/// How a convolution accumulates and stores: the reference sums Q15×Q15 in
/// 64 bits and Q7×Q15 in 32 bits.
pub trait ConvAccumulator: Copy {
    /// Adds `x · f`, widened as the reference widens it.
    fn add_product(self, x: i32, f: i32) -> Self;
    /// Scales the sum down and returns it as C's `int`.
    fn finish<S: Scale>(self, scale: S) -> i32;
    /// The empty sum.
    fn zero() -> Self;
}

impl ConvAccumulator for i64 {
    #[inline(always)]
    fn add_product(self, x: i32, f: i32) -> Self {
        self.wrapping_add((x * f) as i64)
    }
    #[inline(always)]
    fn finish<S: Scale>(self, scale: S) -> i32 {
        scale.down64(self) as i32
    }
    fn zero() -> Self {
        0
    }
}

impl ConvAccumulator for i32 {
    #[inline(always)]
    fn add_product(self, x: i32, f: i32) -> Self {
        self.wrapping_add(x.wrapping_mul(f))
    }
    #[inline(always)]
    fn finish<S: Scale>(self, scale: S) -> i32 {
        scale.down(self)
    }
    fn zero() -> Self {
        0
    }
}

/// The convolution, generic over input, output and accumulator types.
/// Checks the geometry against the buffers before writing anything.
///
/// The buffers are [`Load`]/[`Store`] views: slices when separate, `Shared`
/// views when the output shares memory with the input or filter. Outputs
/// are written one at a time in EdgeML's order (batch, row, column, group,
/// channel), each after all the loads of its sum, so an overlapping call
/// gives EdgeML's result.
pub fn convolution<I, O, A, S, In, F, Out>(input: &In, filter: &F, output: &mut Out, geo: &ConvGeometry, scinput: S, scoutput: S, demote: S) -> Result
where
    I: Elem,
    O: Elem,
    A: ConvAccumulator,
    S: Scale,
    In: Load<I> + ?Sized,
    F: Load<i16> + ?Sized,
    Out: Store<O> + ?Sized,
{
    let hx = Axis::new(geo.h, geo.hf, geo.h_pad_u, geo.h_pad_d, geo.h_stride, geo.h_dilation, geo.h_out)?;
    let wx = Axis::new(geo.w, geo.wf, geo.w_pad_l, geo.w_pad_r, geo.w_stride, geo.w_dilation, geo.w_out)?;
    if checked_product(&[geo.g, geo.cf])? > geo.c_in as usize {
        return Err(Error::Geometry);
    }
    let in_len = checked_product(&[geo.n, geo.h, geo.w, geo.c_in])?;
    let f_len = checked_product(&[geo.g, geo.hf, geo.wf, geo.cf, geo.c_out])?;
    let out_len = checked_product(&[geo.n, geo.h_out, geo.w_out, geo.g, geo.c_out])?;
    if input.size() < in_len || filter.size() < f_len || output.size() < out_len {
        return Err(Error::Length);
    }
    if out_len == 0 {
        // No output element (N, G or COut is 0): nothing to compute.
        return Ok(());
    }
    let (c_in, cf, c_out, g) = (geo.c_in as usize, geo.cf as usize, geo.c_out as usize, geo.g as usize);
    let (w, h) = (geo.w as usize, geo.h as usize);
    let (h_out, w_out) = (geo.h_out as usize, geo.w_out as usize);
    // Filter strides of one column tap, one row tap and one group. With
    // G, COut ≥ 1 they are factors of the checked filter size (or 0 when CF is).
    let f_w = cf.checked_mul(c_out).ok_or(Error::Overflow)?;
    let f_h = (geo.wf as usize).checked_mul(f_w).ok_or(Error::Overflow)?;
    let f_g = (geo.hf as usize).checked_mul(f_h).ok_or(Error::Overflow)?;
    let scale = scinput.then(scoutput).then(demote);
    // With no filter channel every tap adds nothing: skip the taps (up to
    // HF × WF of them per output, bounded by no buffer since the filter is empty).
    let taps = if cf == 0 { 0 } else { usize::MAX };
    for n in 0..geo.n as usize {
        for ho in 0..hx.count {
            for wo in 0..wx.count {
                let out_base = ((n * h_out + ho) * w_out + wo) * g * c_out;
                for gi in 0..g {
                    for c in 0..c_out {
                        let mut sum = A::zero();
                        for (th, y) in hx.taps(hx.at(ho)).take(taps) {
                            for (tw, x) in wx.taps(wx.at(wo)) {
                                let pix = ((n * h + y) * w + x) * c_in + gi * cf;
                                let tap = gi * f_g + th * f_h + tw * f_w + c;
                                for k in 0..cf {
                                    sum = sum.add_product(input.load(pix + k).int(), filter.load(tap + k * c_out) as i32);
                                }
                            }
                        }
                        output.store(out_base + gi * c_out + c, O::store(sum.finish(scale)));
                    }
                }
            }
        }
    }
    Ok(())
}
