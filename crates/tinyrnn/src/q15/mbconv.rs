//! MBConv blocks (`quantized_mbconv.c`): a 1×1 expansion convolution, a
//! depthwise HF×WF convolution and a 1×1 projection, each followed by a
//! batch norm, the first two by a bounded ReLU.
//!
//! Layouts, as in EdgeML: input `[N][H][W][CIn]`, `filter1` `[CIn][CTemp]`,
//! `filter2` `[CTemp][HF][WF]`, `filter3` `[CTemp][COut]`, output
//! `[N][HOut][WOut][COut]`. `convBuffer1` (`[HF][W][CTemp]`) is a ring of the
//! expanded rows: expanded row `r` lives in ring row `r % HF`. `convBuffer2`
//! (`[CTemp]`) holds the depthwise result of one output pixel.
//!
//! The computation follows EdgeML's loop for loop, including which ring rows
//! are refreshed when: per output row, `HStride` expanded rows (the first
//! `margin = HF - HPadU - HStride` rows once per batch beforehand); an
//! expanded row past the input's last row is the padding row
//! `ReLU(BN1B · BN1W)`. A depthwise tap reads whatever its ring row holds,
//! so the results equal EdgeML's even where the ring holds rows from an
//! earlier batch or call (the buffers are inputs as well as scratch).
//!
//! The batch norms: `t = (sum ⋅shlU ./shrU) + BNB[c]`, then `x = t · BNW[c]`
//! (`⋅shl` is `*` or `<<`, `./shr` is `/` or `>>`, per [`Scale`]). The
//! all-Q7 block stores `t` and `x` in `Q15_T` (they keep their low 16 bits);
//! the others work in `Q31_T`, the all-Q15 one summing in 64 bits.

use core::num::NonZeroUsize;

use super::mem::{Load, Store};
use super::Elem;
use crate::error::{checked_product, Error, Result};
use crate::scale::Scale;

/// Geometry of an MBConv block (EdgeML's argument names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MbconvGeometry {
    /// Batches (`N`).
    pub n: u32,
    /// Input rows (`H`).
    pub h: u32,
    /// Input columns (`W`).
    pub w: u32,
    /// Input channels (`CIn`).
    pub c_in: u32,
    /// Expanded channels (`CTemp`).
    pub c_temp: u32,
    /// Depthwise filter rows (`HF`); also the ring's rows.
    pub hf: u32,
    /// Depthwise filter columns (`WF`).
    pub wf: u32,
    /// Output channels (`COut`).
    pub c_out: u32,
    /// Output rows (`HOut`).
    pub h_out: u32,
    /// Output columns (`WOut`).
    pub w_out: u32,
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
}

/// The twelve scales, in EdgeML's argument order. Without `SHIFT` a `shl*`
/// is a multiplier and a `shr*` a divisor; with it, both are shift counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MbconvScales<S: Scale> {
    /// `shrU1`: scales the expansion's sum down.
    pub shr_u1: S,
    /// `shrX1`: scales the expansion's store down.
    pub shr_x1: S,
    /// `shrU2`: scales the depthwise sum down.
    pub shr_u2: S,
    /// `shrX2`: scales the depthwise store down.
    pub shr_x2: S,
    /// `shrU3`: scales the projection's sum down.
    pub shr_u3: S,
    /// `shrW3`: scales the output down.
    pub shr_w3: S,
    /// `shlU1`: scales the expansion's sum up.
    pub shl_u1: S,
    /// `shlX1`: scales the expansion's store up.
    pub shl_x1: S,
    /// `shlU2`: scales the depthwise sum up.
    pub shl_u2: S,
    /// `shlX2`: scales the depthwise store up.
    pub shl_x2: S,
    /// `shlU3`: scales the projection's sum up.
    pub shl_u3: S,
    /// `shlW3`: scales the output up.
    pub shl_w3: S,
}

impl<S: Scale> MbconvScales<S> {
    /// From the twelve raw `SCALE_T` arguments, in EdgeML's order.
    pub fn from_raw(r: [i32; 12]) -> Self {
        let f = S::from_raw;
        MbconvScales {
            shr_u1: f(r[0]),
            shr_x1: f(r[1]),
            shr_u2: f(r[2]),
            shr_x2: f(r[3]),
            shr_u3: f(r[4]),
            shr_w3: f(r[5]),
            shl_u1: f(r[6]),
            shl_x1: f(r[7]),
            shl_u2: f(r[8]),
            shl_x2: f(r[9]),
            shl_u3: f(r[10]),
            shl_w3: f(r[11]),
        }
    }
}

/// The nine weight buffers: filters and batch-norm factors (`Wf`, of the
/// filter type) and batch-norm offsets (`Wb`).
#[derive(Clone, Copy, Debug)]
pub struct MbconvWeights<Wf, Wb> {
    /// `[CIn][CTemp]` expansion weights.
    pub filter1: Wf,
    /// Expansion batch-norm factors (`CTemp`).
    pub bn1w: Wf,
    /// Expansion batch-norm offsets (`CTemp`).
    pub bn1b: Wb,
    /// `[CTemp][HF][WF]` depthwise weights.
    pub filter2: Wf,
    /// Depthwise batch-norm factors (`CTemp`).
    pub bn2w: Wf,
    /// Depthwise batch-norm offsets (`CTemp`).
    pub bn2b: Wb,
    /// `[CTemp][COut]` projection weights.
    pub filter3: Wf,
    /// Projection batch-norm factors (`COut`).
    pub bn3w: Wf,
    /// Projection batch-norm offsets (`COut`).
    pub bn3b: Wb,
}

/// The sum of products: `Q31_T` (wrapping) or, in the all-Q15 block, `Q63_T`.
pub trait MbconvSum: Copy {
    /// The empty sum.
    fn zero() -> Self;
    /// Adds one product (wrapping in 32 bits, as C's overflow does on GCC targets).
    fn add(self, product: i32) -> Self;
    /// `(sum ⋅shl ./shr) + bias`, narrowed to `Q31_T` as C's cast does.
    fn norm<S: Scale>(self, shl: S, shr: S, bias: i32) -> i32;
}

impl MbconvSum for i32 {
    #[inline(always)]
    fn zero() -> Self {
        0
    }
    #[inline(always)]
    fn add(self, product: i32) -> Self {
        self.wrapping_add(product)
    }
    #[inline(always)]
    fn norm<S: Scale>(self, shl: S, shr: S, bias: i32) -> i32 {
        shr.down(shl.up(self)).wrapping_add(bias)
    }
}

impl MbconvSum for i64 {
    #[inline(always)]
    fn zero() -> Self {
        0
    }
    #[inline(always)]
    fn add(self, product: i32) -> Self {
        self.wrapping_add(product as i64)
    }
    #[inline(always)]
    fn norm<S: Scale>(self, shl: S, shr: S, bias: i32) -> i32 {
        shr.down64(shl.up64(self)).wrapping_add(bias as i64) as i32
    }
}

/// The element types and arithmetic of one of EdgeML's five blocks.
pub trait MbconvVariant {
    /// Input elements.
    type In: Elem;
    /// Filters and batch-norm factors.
    type F: Elem;
    /// Batch-norm offsets.
    type B: Elem;
    /// `convBuffer1` and `convBuffer2`.
    type Buf: Elem;
    /// Output elements.
    type Out: Elem;
    /// The sum of products.
    type Sum: MbconvSum;
    /// `t` and `x` of the batch norms are `Q15_T` (the all-Q7 block).
    const NARROW: bool;
    /// The padding row is computed in `Q15_T` with the limit narrowed to
    /// `Q15_T` (the all-Q7 block, and `q7xq15_q15_mbconv_block`, whose
    /// padding row EdgeML writes with `q15_relu`).
    const NARROW_PADDING: bool;
}

macro_rules! variant {
    ($(#[$doc:meta])* $name:ident, $in:ty, $f:ty, $b:ty, $buf:ty, $out:ty, $sum:ty, $narrow:expr, $pad:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl MbconvVariant for $name {
            type In = $in;
            type F = $f;
            type B = $b;
            type Buf = $buf;
            type Out = $out;
            type Sum = $sum;
            const NARROW: bool = $narrow;
            const NARROW_PADDING: bool = $pad;
        }
    };
}

variant!(
    /// `q7_mbconv_block`: everything Q7, `Q15_T` intermediates.
    Q7Mbconv, i8, i8, i8, i8, i8, i32, true, true
);
variant!(
    /// `q7xq15_q15_mbconv_block`: Q7 input, Q15 weights and output.
    Q7xQ15Q15Mbconv, i8, i16, i16, i16, i16, i32, false, true
);
variant!(
    /// `q15xq7_q7_mbconv_block`: Q15 input, Q7 filters, Q7 output.
    Q15xQ7Q7Mbconv, i16, i8, i16, i16, i8, i32, false, false
);
variant!(
    /// `q15xq7_q15_mbconv_block`: Q15 input, Q7 filters, Q15 output.
    Q15xQ7Q15Mbconv, i16, i8, i16, i16, i16, i32, false, false
);
variant!(
    /// `q15_mbconv_block`: everything Q15, sums in 64 bits.
    Q15Mbconv, i16, i16, i16, i16, i16, i64, false, false
);

/// EdgeML's `q15_relu`/`q31_relu` on `int` values.
#[inline(always)]
fn relu(x: i32, limit: i32) -> i32 {
    if x > limit {
        limit
    } else if x < 0 {
        0
    } else {
        x
    }
}

/// The output positions along one axis: first input coordinate and count.
fn positions(size: u32, f: u32, pad_lo: i32, pad_hi: i32, stride: u32, out: u32) -> Result<(i64, usize)> {
    let first = ((f - 1) >> 1) as i64 - pad_lo as i64;
    let end = size as i64 - ((f >> 1) as i64 - pad_hi as i64);
    let step = stride as i64;
    // `step > 0` (checked by the caller) also tells the optimiser no division by 0 remains.
    let count = if end > first && step > 0 { ((end - first + step - 1) / step) as usize } else { 0 };
    if count > out as usize {
        return Err(Error::Geometry);
    }
    Ok((first, count))
}

/// Buffer lengths an MBConv call reads or writes, from its geometry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MbconvLengths {
    /// `N·H·W·CIn`.
    pub input: usize,
    /// `CIn·CTemp`.
    pub filter1: usize,
    /// `CTemp·HF·WF`.
    pub filter2: usize,
    /// `CTemp·COut`.
    pub filter3: usize,
    /// `BN1W`, `BN1B`, `BN2W`, `BN2B` and `convBuffer2`.
    pub temp: usize,
    /// `BN3W`, `BN3B`.
    pub out_channels: usize,
    /// `N·HOut·WOut·COut`.
    pub output: usize,
    /// `HF·W·CTemp`.
    pub conv_buffer1: usize,
}

impl MbconvGeometry {
    /// The buffer lengths, or [`Error::Overflow`] when one exceeds `ITER_T`.
    // Inlined: returned through memory, the `Result` was copied twice
    // (`memcpy`) in the C entry's frame.
    #[inline(always)]
    pub fn lengths(&self) -> Result<MbconvLengths> {
        Ok(MbconvLengths {
            input: checked_product(&[self.n, self.h, self.w, self.c_in])?,
            filter1: checked_product(&[self.c_in, self.c_temp])?,
            filter2: checked_product(&[self.c_temp, self.hf, self.wf])?,
            filter3: checked_product(&[self.c_temp, self.c_out])?,
            temp: self.c_temp as usize,
            out_channels: self.c_out as usize,
            output: checked_product(&[self.n, self.h_out, self.w_out, self.c_out])?,
            conv_buffer1: checked_product(&[self.hf, self.w, self.c_temp])?,
        })
    }
}

/// The checked plan of a call: where output rows and columns start, how
/// many there are, and the rows expanded before the first output row.
#[derive(Clone, Copy, Debug)]
struct Plan {
    h_first: i64,
    h_count: usize,
    w_first: i64,
    w_count: usize,
    margin: usize,
}

fn plan(geo: &MbconvGeometry) -> Result<Plan> {
    if geo.h_stride == 0 || geo.w_stride == 0 {
        return Err(Error::Zero);
    }
    // EdgeML reduces expanded rows modulo HF, and steps its signed loops by
    // the strides: HF, WF of 0 and strides beyond S_ITER_T have no meaning.
    if geo.hf == 0 || geo.wf == 0 || geo.h_stride > i32::MAX as u32 || geo.w_stride > i32::MAX as u32 {
        return Err(Error::Geometry);
    }
    let (h_first, h_count) = positions(geo.h, geo.hf, geo.h_pad_u, geo.h_pad_d, geo.h_stride, geo.h_out)?;
    let (w_first, w_count) = positions(geo.w, geo.wf, geo.w_pad_l, geo.w_pad_r, geo.w_stride, geo.w_out)?;
    let margin = (geo.hf as i64 - geo.h_pad_u as i64 - geo.h_stride as i64).max(0);
    // The margin rows are input rows 0..margin stored unreduced in ring rows
    // 0..margin: beyond H or HF EdgeML reads or writes past its buffers.
    if margin > geo.h as i64 || margin > geo.hf as i64 {
        return Err(Error::Geometry);
    }
    // Expanded row numbers are ITER_T in EdgeML: keep them from wrapping.
    let last_row = margin + (h_count as i64 + 1) * geo.h_stride as i64;
    if last_row > u32::MAX as i64 {
        return Err(Error::Geometry);
    }
    Ok(Plan { h_first, h_count, w_first, w_count, margin: margin as usize })
}

/// Every check of a call ([`plan`], then the lengths), and its plan. Out of
/// line and not generic: one copy for every block and view type, and its
/// frame is gone before the first stage makes its own (nested, the checks
/// were 228 bytes under the loops' frame on Cortex-M4F).
#[inline(never)]
fn prepare(geo: &MbconvGeometry, sizes: &MbconvLengths) -> Result<Plan> {
    let p = plan(geo)?;
    let need = geo.lengths()?;
    let s = sizes;
    // One comparison after another: a table of the pairs was 64 bytes of
    // this frame.
    if s.input >= need.input
        && s.filter1 >= need.filter1
        && s.filter2 >= need.filter2
        && s.filter3 >= need.filter3
        && s.temp >= need.temp
        && s.out_channels >= need.out_channels
        && s.output >= need.output
        && s.conv_buffer1 >= need.conv_buffer1
    {
        Ok(p)
    } else {
        Err(Error::Length)
    }
}

/// Checks the geometry and buffer lengths of a call without computing it:
/// `Ok` exactly when [`mbconv`] would compute.
pub fn check<V: MbconvVariant>(geo: &MbconvGeometry, sizes: &MbconvLengths) -> Result {
    prepare(geo, sizes).map(|_| ())
}

/// One MBConv block, computed in EdgeML's order of loads and stores.
///
/// Buffers are [`Load`]/[`Store`] views: plain slices when they are
/// separate, `Shared` views of the same memory when they overlap (then the
/// result is what EdgeML's sequence of loads and stores gives). `limit1`
/// and `limit2` are the ReLU bounds (`Q15_T` in the all-Q7 block, `Q31_T`
/// in the others). Nothing is written when `Err` is returned.
#[allow(clippy::too_many_arguments)]
pub fn mbconv<V, S, I, Wf, Wb, O, C>(
    input: &I,
    weights: &MbconvWeights<Wf, Wb>,
    output: &mut O,
    conv_buffer1: &mut C,
    conv_buffer2: &mut C,
    geo: &MbconvGeometry,
    limit1: i32,
    limit2: i32,
    sc: &MbconvScales<S>,
) -> Result
where
    V: MbconvVariant,
    S: Scale,
    I: Load<V::In> + ?Sized,
    Wf: Load<V::F>,
    Wb: Load<V::B>,
    O: Store<V::Out> + ?Sized,
    C: Store<V::Buf> + ?Sized,
{
    let w8 = weights;
    let sizes = MbconvLengths {
        input: input.size(),
        filter1: w8.filter1.size(),
        filter2: w8.filter2.size(),
        filter3: w8.filter3.size(),
        temp: w8.bn1w.size().min(w8.bn1b.size()).min(w8.bn2w.size()).min(w8.bn2b.size()).min(conv_buffer2.size()),
        out_channels: w8.bn3w.size().min(w8.bn3b.size()),
        output: output.size(),
        conv_buffer1: conv_buffer1.size(),
    };
    let p = prepare(geo, &sizes)?;
    let block = Block::<V, S, I, Wf, Wb> { input, w: weights, geo, sc, limit1, limit2, variant: core::marker::PhantomData };
    block.run(&p, output, conv_buffer1, conv_buffer2);
    Ok(())
}

/// What every stage of a checked block reads. Each stage is a function of
/// its own (out of line), called per row or pixel: its loops get the
/// registers, and the deepest frame is the driver's and one stage's, not
/// one frame holding every stage's values at once (spilled: 440 bytes on
/// Cortex-M4F).
struct Block<'a, V, S: Scale, I: ?Sized, Wf, Wb> {
    input: &'a I,
    w: &'a MbconvWeights<Wf, Wb>,
    geo: &'a MbconvGeometry,
    sc: &'a MbconvScales<S>,
    limit1: i32,
    limit2: i32,
    variant: core::marker::PhantomData<V>,
}

impl<V, S, I, Wf, Wb> Block<'_, V, S, I, Wf, Wb>
where
    V: MbconvVariant,
    S: Scale,
    I: Load<V::In> + ?Sized,
    Wf: Load<V::F>,
    Wb: Load<V::B>,
{
    /// The block's loops, as EdgeML's, over the checked plan `p`.
    #[inline(always)]
    fn run<O, C>(&self, p: &Plan, output: &mut O, conv_buffer1: &mut C, conv_buffer2: &mut C)
    where
        O: Store<V::Out> + ?Sized,
        C: Store<V::Buf> + ?Sized,
    {
        let geo = self.geo;
        let h = geo.h as usize;
        // Ring rows are reduced modulo HF (checked non-zero by `plan`).
        let Some(ring_rows) = NonZeroUsize::new(geo.hf as usize) else { return };
        let stride = geo.h_stride as usize;
        let c_out = geo.c_out as usize;
        // Wrapping: each is below a checked buffer length whenever a loop
        // uses it; with `N == 0` (nothing checked, nothing run) the product
        // of the other dimensions may exceed `usize`.
        let out_row = (geo.w_out as usize).wrapping_mul(c_out);
        let out_batch = (geo.h_out as usize).wrapping_mul(out_row);
        for n in 0..geo.n as usize {
            for i in 0..p.margin {
                self.expand(n, i, i, conv_buffer1);
            }
            for hout in 0..p.h_count {
                let hc = p.h_first + hout as i64 * stride as i64;
                for i in 0..stride {
                    let full = i + p.margin + hout * stride;
                    if full < h {
                        self.expand(n, full, full % ring_rows, conv_buffer1);
                    } else {
                        self.padding(full % ring_rows, conv_buffer1);
                    }
                }
                for wout in 0..p.w_count {
                    let wc = p.w_first + wout as i64 * geo.w_stride as i64;
                    self.depthwise(hc, wc, conv_buffer1, conv_buffer2);
                    self.project(n * out_batch + hout * out_row + wout * c_out, conv_buffer2, output);
                }
            }
        }
    }

    /// Stage 1 for input row `row` of batch `n` into ring row `ring`.
    #[inline(never)]
    fn expand<C: Store<V::Buf> + ?Sized>(&self, n: usize, row: usize, ring: usize, cb1: &mut C) {
        let (geo, w8, sc) = (self.geo, self.w, self.sc);
        let (h, w, c_in, c_temp) = (geo.h as usize, geo.w as usize, geo.c_in as usize, geo.c_temp as usize);
        let ring_row = w.wrapping_mul(c_temp);
        for j in 0..w {
            // Wrapping: with `c_in > 0` this is below the input's checked
            // length; with `c_in == 0` it is never used, and the product of
            // the other (then unchecked) dimensions may exceed `usize`.
            let pix = n.wrapping_mul(h).wrapping_add(row).wrapping_mul(w).wrapping_add(j).wrapping_mul(c_in);
            for k in 0..c_temp {
                let mut sum = V::Sum::zero();
                for c in 0..c_in {
                    let x = self.input.load(pix + c).int();
                    let f = w8.filter1.load(c * c_temp + k).int();
                    sum = sum.add(x.wrapping_mul(f));
                }
                let x = batch_norm::<V, S>(sum, sc.shl_u1, sc.shr_u1, w8.bn1b.load(k).int(), w8.bn1w.load(k).int(), self.limit1);
                cb1.store(ring * ring_row + j * c_temp + k, V::Buf::store(sc.shr_x1.down(sc.shl_x1.up(x))));
            }
        }
    }

    /// The expanded row below the input, into ring row `ring`: the batch
    /// norm of nothing.
    #[inline(never)]
    fn padding<C: Store<V::Buf> + ?Sized>(&self, ring: usize, cb1: &mut C) {
        let (geo, w8, sc, limit1) = (self.geo, self.w, self.sc, self.limit1);
        let (w, c_temp) = (geo.w as usize, geo.c_temp as usize);
        let ring_row = w.wrapping_mul(c_temp);
        for j in 0..w {
            for k in 0..c_temp {
                let prod = w8.bn1b.load(k).int().wrapping_mul(w8.bn1w.load(k).int());
                let x = if V::NARROW_PADDING { relu(prod as i16 as i32, limit1 as i16 as i32) } else { relu(prod, limit1) };
                cb1.store(ring * ring_row + j * c_temp + k, V::Buf::store(sc.shr_x1.down(sc.shl_x1.up(x))));
            }
        }
    }

    /// Stage 2 for the output pixel centred on input row `hc`, column `wc`:
    /// the depthwise sums of the ring into `convBuffer2`.
    #[inline(never)]
    fn depthwise<C: Store<V::Buf> + ?Sized>(&self, hc: i64, wc: i64, cb1: &C, cb2: &mut C) {
        let (geo, w8, sc) = (self.geo, self.w, self.sc);
        let (h, w, c_temp) = (geo.h as usize, geo.w as usize, geo.c_temp as usize);
        let (hf, wf) = (geo.hf as usize, geo.wf as usize);
        let Some(ring_rows) = NonZeroUsize::new(hf) else { return };
        let (h_reach, w_reach) = (((geo.hf - 1) >> 1) as i64, ((geo.wf - 1) >> 1) as i64);
        let (h_reach_hi, w_reach_hi) = ((geo.hf >> 1) as i64, (geo.wf >> 1) as i64);
        let ring_row = w.wrapping_mul(c_temp);
        for g in 0..c_temp {
            let mut sum = V::Sum::zero();
            for th in -h_reach..=h_reach_hi {
                let y = hc + th;
                if y < 0 || y >= h as i64 {
                    continue;
                }
                let ring = (y as usize % ring_rows) * ring_row + g;
                let frow = (g * hf + (th + h_reach) as usize) * wf;
                for tw in -w_reach..=w_reach_hi {
                    let x = wc + tw;
                    if x < 0 || x >= w as i64 {
                        continue;
                    }
                    let a = cb1.load(ring + x as usize * c_temp).int();
                    let f = w8.filter2.load(frow + (tw + w_reach) as usize).int();
                    sum = sum.add(a.wrapping_mul(f));
                }
            }
            let x = batch_norm::<V, S>(sum, sc.shl_u2, sc.shr_u2, w8.bn2b.load(g).int(), w8.bn2w.load(g).int(), self.limit2);
            cb2.store(g, V::Buf::store(sc.shr_x2.down(sc.shl_x2.up(x))));
        }
    }

    /// Stage 3 for one output pixel: the projection of `convBuffer2` into
    /// the output from element `base`.
    #[inline(never)]
    fn project<C: Load<V::Buf> + ?Sized, O: Store<V::Out> + ?Sized>(&self, base: usize, cb2: &C, output: &mut O) {
        let (geo, w8, sc) = (self.geo, self.w, self.sc);
        let (c_temp, c_out) = (geo.c_temp as usize, geo.c_out as usize);
        for o in 0..c_out {
            let mut sum = V::Sum::zero();
            for k in 0..c_temp {
                let a = cb2.load(k).int();
                let f = w8.filter3.load(k * c_out + o).int();
                sum = sum.add(a.wrapping_mul(f));
            }
            let t = sum.norm(sc.shl_u3, sc.shr_u3, w8.bn3b.load(o).int());
            let t = if V::NARROW { t as i16 as i32 } else { t };
            let y = t.wrapping_mul(w8.bn3w.load(o).int());
            output.store(base + o, V::Out::store(sc.shr_w3.down(sc.shl_w3.up(y))));
        }
    }
}

/// Batch norm and bounded ReLU of stages 1 and 2.
#[inline(always)]
fn batch_norm<V: MbconvVariant, S: Scale>(sum: V::Sum, shl: S, shr: S, bias: i32, factor: i32, limit: i32) -> i32 {
    let t = sum.norm(shl, shr, bias);
    if V::NARROW {
        relu(((t as i16 as i32).wrapping_mul(factor)) as i16 as i32, limit)
    } else {
        relu(t.wrapping_mul(factor), limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scale::{Divisor, Exponent};

    fn unit<S: Scale>() -> MbconvScales<S> {
        MbconvScales::from_raw(if S::IS_SHIFT { [0; 12] } else { [1; 12] })
    }

    fn geo1() -> MbconvGeometry {
        MbconvGeometry { n: 1, h: 1, w: 1, c_in: 1, c_temp: 1, hf: 1, wf: 1, c_out: 1, h_out: 1, w_out: 1, h_stride: 1, w_stride: 1, ..Default::default() }
    }

    #[test]
    fn one_pixel_block_is_three_scaled_products() {
        // input 3, filters 2, 5, 7; BN factors 1 and offsets 0; limits high.
        let w: MbconvWeights<&[i16], &[i16]> =
            MbconvWeights { filter1: &[2], bn1w: &[1], bn1b: &[0], filter2: &[5], bn2w: &[1], bn2b: &[0], filter3: &[7], bn3w: &[1], bn3b: &[0] };
        let (mut out, mut b1, mut b2) = ([0i16], [0i16], [0i16]);
        mbconv::<Q15Mbconv, Exponent, _, _, _, _, _>(&[3i16][..], &w, &mut out[..], &mut b1[..], &mut b2[..], &geo1(), 1000, 1000, &unit()).unwrap();
        assert_eq!(out, [3 * 2 * 5 * 7]);
        mbconv::<Q15Mbconv, Divisor, _, _, _, _, _>(&[3i16][..], &w, &mut out[..], &mut b1[..], &mut b2[..], &geo1(), 1000, 1000, &unit()).unwrap();
        assert_eq!(out, [210]);
    }

    #[test]
    fn relu_limits_the_expansion() {
        let w: MbconvWeights<&[i16], &[i16]> =
            MbconvWeights { filter1: &[2], bn1w: &[1], bn1b: &[0], filter2: &[1], bn2w: &[1], bn2b: &[0], filter3: &[1], bn3w: &[1], bn3b: &[0] };
        let (mut out, mut b1, mut b2) = ([0i16], [0i16], [0i16]);
        mbconv::<Q15Mbconv, Exponent, _, _, _, _, _>(&[100i16][..], &w, &mut out[..], &mut b1[..], &mut b2[..], &geo1(), 50, 1000, &unit()).unwrap();
        assert_eq!(out, [50]);
    }

    #[test]
    fn zero_stride_and_short_buffers_are_refused_before_writing() {
        let w: MbconvWeights<&[i8], &[i8]> =
            MbconvWeights { filter1: &[1], bn1w: &[1], bn1b: &[0], filter2: &[1], bn2w: &[1], bn2b: &[0], filter3: &[1], bn3w: &[1], bn3b: &[0] };
        let (mut out, mut b1, mut b2) = ([9i8], [9i8], [9i8]);
        let g = MbconvGeometry { h_stride: 0, ..geo1() };
        let r = mbconv::<Q7Mbconv, Divisor, _, _, _, _, _>(&[1i8][..], &w, &mut out[..], &mut b1[..], &mut b2[..], &g, 100, 100, &unit());
        assert_eq!(r, Err(Error::Zero));
        let g = MbconvGeometry { c_out: 2, ..geo1() };
        let r = mbconv::<Q7Mbconv, Divisor, _, _, _, _, _>(&[1i8][..], &w, &mut out[..], &mut b1[..], &mut b2[..], &g, 100, 100, &unit());
        assert_eq!(r, Err(Error::Length));
        assert_eq!((out, b1, b2), ([9], [9], [9]));
    }
}
