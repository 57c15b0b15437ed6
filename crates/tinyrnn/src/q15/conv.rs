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

/// One axis of the convolution: the input size, the filter size, the
/// padding before, the stride and the dilation (EdgeML's arguments), and the
/// number of output positions. Kept in 32-bit fields (the loops hold two of
/// these); the coordinates are worked out in 64 bits where used.
#[derive(Clone, Copy, Debug)]
struct Axis {
    size: u32,
    f: u32,
    pad_lo: i32,
    stride: u32,
    dilation: u32,
    count: u32,
}

impl Axis {
    #[inline(always)]
    fn new(size: u32, f: u32, pad_lo: i32, pad_hi: i32, stride: u32, dilation: u32, out: u32) -> Result<Axis> {
        if stride == 0 {
            return Err(Error::Zero);
        }
        if f == 0 {
            return Err(Error::Geometry);
        }
        let mut axis = Axis { size, f, pad_lo, stride, dilation, count: 0 };
        let (first, reach_hi) = (axis.at(0), (f >> 1) as i64);
        let end = size as i64 - (dilation as i64 * reach_hi - pad_hi as i64);
        let step = stride as i64;
        let count = if end > first { ((end - first + step - 1) / step) as usize } else { 0 };
        if count > out as usize {
            return Err(Error::Geometry);
        }
        axis.count = count as u32;
        Ok(axis)
    }

    /// The rows' axis of `geo` (output count not set: only for [`Axis::window`]).
    #[inline(always)]
    fn rows(geo: &ConvGeometry) -> Axis {
        Axis { size: geo.h, f: geo.hf, pad_lo: geo.h_pad_u, stride: geo.h_stride, dilation: geo.h_dilation, count: 0 }
    }

    /// The columns' axis of `geo`, as [`Axis::rows`].
    #[inline(always)]
    fn cols(geo: &ConvGeometry) -> Axis {
        Axis { size: geo.w, f: geo.wf, pad_lo: geo.w_pad_l, stride: geo.w_stride, dilation: geo.w_dilation, count: 0 }
    }

    /// The filter's reach before the centre, in taps.
    fn reach_lo(&self) -> i64 {
        ((self.f - 1) >> 1) as i64
    }

    /// Input coordinate of output position `o` (the filter's centre).
    fn at(&self, o: usize) -> i64 {
        self.dilation as i64 * self.reach_lo() - self.pad_lo as i64 + o as i64 * self.stride as i64
    }

    /// The taps that land inside the input for output position `o`:
    /// `(first tap, number of taps, input coordinate of the first)`; the
    /// next ones are `dilation` apart. They are consecutive: the coordinate
    /// grows with the tap (or stays put when the dilation is 0).
    fn window(&self, o: usize) -> (usize, usize, usize) {
        let (centre, reach_lo, dilation) = (self.at(o), self.reach_lo(), self.dilation as i64);
        let (mut first, mut count, mut at) = (0, 0, 0);
        for t in -reach_lo..=(self.f >> 1) as i64 {
            let x = centre + dilation * t;
            if x >= 0 && x < self.size as i64 {
                if count == 0 {
                    (first, at) = ((t + reach_lo) as usize, x as usize);
                }
                count += 1;
            } else if count > 0 {
                break;
            }
        }
        (first, count, at)
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
    // Borrowed where it lies: moved out of the `Result`, the plan was copied.
    let checked = Plan::new(geo, [input.size(), filter.size(), output.size()], scinput.then(scoutput).then(demote));
    match &checked {
        Ok(Some(plan)) => {
            run::<I, O, A, S, In, F, Out>(plan, input, filter, output);
            Ok(())
        }
        // No output element (N, G or COut is 0): nothing to compute.
        Ok(None) => Ok(()),
        Err(e) => Err(*e),
    }
}

/// The loops of [`convolution`] once its [`Plan`] is made.
// Out of line: the caller's frame (the geometry, the plan) stays small.
#[inline(never)]
pub fn run<I, O, A, S, In, F, Out>(plan: &Plan<S>, input: &In, filter: &F, output: &mut Out)
where
    I: Elem,
    O: Elem,
    A: ConvAccumulator,
    S: Scale,
    In: Load<I> + ?Sized,
    F: Load<i16> + ?Sized,
    Out: Store<O> + ?Sized,
{
    for n in 0..plan.geo.n as usize {
        for ho in 0..plan.rows as usize {
            for wo in 0..plan.cols as usize {
                position::<I, O, A, S, In, F, Out>(plan, [n, ho, wo], input, filter, output);
            }
        }
    }
}

/// A checked convolution: its geometry, the number of output rows and
/// columns, and the scale of its sums. Small, so that the frames holding it
/// stay small; the rest is worked out from the geometry where used.
pub struct Plan<'g, S> {
    geo: &'g ConvGeometry,
    rows: u32,
    cols: u32,
    scale: S,
}

impl<'g, S: Scale> Plan<'g, S> {
    /// Checks the geometry against the buffers' sizes (input, filter,
    /// output); `None` when there is no output element.
    // Out of line: its 64-bit work and its spills stay out of the loops' frame.
    #[inline(never)]
    pub fn new(geo: &'g ConvGeometry, [in_size, f_size, out_size]: [usize; 3], scale: S) -> Result<Option<Self>> {
        let hx = Axis::new(geo.h, geo.hf, geo.h_pad_u, geo.h_pad_d, geo.h_stride, geo.h_dilation, geo.h_out)?;
        let wx = Axis::new(geo.w, geo.wf, geo.w_pad_l, geo.w_pad_r, geo.w_stride, geo.w_dilation, geo.w_out)?;
        if checked_product(&[geo.g, geo.cf])? > geo.c_in as usize {
            return Err(Error::Geometry);
        }
        let in_len = checked_product(&[geo.n, geo.h, geo.w, geo.c_in])?;
        let f_len = checked_product(&[geo.g, geo.hf, geo.wf, geo.cf, geo.c_out])?;
        let out_len = checked_product(&[geo.n, geo.h_out, geo.w_out, geo.g, geo.c_out])?;
        if in_size < in_len || f_size < f_len || out_size < out_len {
            return Err(Error::Length);
        }
        if out_len == 0 {
            return Ok(None);
        }
        // With G, COut ≥ 1 the strides are factors of the checked filter
        // size (or 0 when CF is).
        let f_w = (geo.cf as usize).checked_mul(geo.c_out as usize).ok_or(Error::Overflow)?;
        let f_h = (geo.wf as usize).checked_mul(f_w).ok_or(Error::Overflow)?;
        (geo.hf as usize).checked_mul(f_h).ok_or(Error::Overflow)?;
        Ok(Some(Plan { geo, rows: hx.count, cols: wx.count, scale }))
    }
}

/// The `G × COut` outputs of one position, each stored after all the loads
/// of its sum, in EdgeML's order (group, channel).
// Out of line: the position loops above and these sums each get the
// registers, instead of one deep nest that spills most of its counters.
#[inline(never)]
fn position<I, O, A, S, In, F, Out>(plan: &Plan<S>, [n, ho, wo]: [usize; 3], input: &In, filter: &F, output: &mut Out)
where
    I: Elem,
    O: Elem,
    A: ConvAccumulator,
    S: Scale,
    In: Load<I> + ?Sized,
    F: Load<i16> + ?Sized,
    Out: Store<O> + ?Sized,
{
    let geo = plan.geo;
    let (c_in, cf, c_out) = (geo.c_in as usize, geo.cf as usize, geo.c_out as usize);
    // Filter strides of one column tap, one row tap and one group (checked by `Plan::new`).
    let f_w = cf * c_out;
    let (f_h, f_g) = (geo.wf as usize * f_w, geo.hf as usize * geo.wf as usize * f_w);
    // With no filter channel every tap adds nothing: skip the taps (up to
    // HF × WF of them per output, bounded by no buffer since the filter is
    // empty). The taps inside the input are found once per position, not per sum.
    let (th0, nth, y0) = if cf == 0 { (0, 0, 0) } else { window(geo, true, ho) };
    let (tw0, ntw, x0) = if nth == 0 { (0, 0, 0) } else { window(geo, false, wo) };
    let out = ((n * geo.h_out as usize + ho) * geo.w_out as usize + wo) * geo.g as usize * c_out;
    let (dh, dw) = (geo.h_dilation as usize, geo.w_dilation as usize);
    for gi in 0..geo.g as usize {
        for c in 0..c_out {
            let mut sum = A::zero();
            for i in 0..nth {
                let (th, y) = (th0 + i, y0 + i * dh);
                for j in 0..ntw {
                    let (tw, x) = (tw0 + j, x0 + j * dw);
                    let pix = ((n * geo.h as usize + y) * geo.w as usize + x) * c_in + gi * cf;
                    let tap = gi * f_g + th * f_h + tw * f_w + c;
                    for k in 0..cf {
                        sum = sum.add_product(input.load(pix + k).int(), filter.load(tap + k * c_out) as i32);
                    }
                }
            }
            output.store(out + gi * c_out + c, O::store(sum.finish(plan.scale)));
        }
    }
}

/// [`Axis::window`] of the rows (`rows`) or the columns of `geo`.
// Out of line: once per output position, and its 64-bit registers (and the
// axis) stay out of the loops' frame.
#[inline(never)]
fn window(geo: &ConvGeometry, rows: bool, o: usize) -> (usize, usize, usize) {
    if rows { Axis::rows(geo) } else { Axis::cols(geo) }.window(o)
}
