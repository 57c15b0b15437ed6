//! C ABI of `quantized_mbconv.h`: the five MBConv blocks, each exported as
//! `tinyrnn_<name>_div` and `tinyrnn_<name>_shift` (generated from
//! `exports.in` over [`mbconv_block`]).
//!
//! EdgeML's blocks return `void`; so do these. Before anything is written
//! they check every non-empty buffer (NULL, alignment), the sizes (products
//! beyond `ITER_T`), the strides (0) and the geometry (see
//! [`crate::q15::mbconv`]); a call that fails a check writes nothing.
//!
//! Overlapping buffers: when `output`, `convBuffer1` or `convBuffer2`
//! shares memory with another buffer of the same element type, the block
//! runs on `Cell` views in EdgeML's order of loads and stores, so the
//! result is EdgeML's. An overlap between buffers of different element
//! types (a Q7 buffer over a Q15 one) depends on byte order and is refused.
//! Both are found by the one overlap check ([`Writes::sharing`]).

use core::mem::size_of;

use super::ptr::{cells, slice, slice_mut, span, Writes};
use super::types::*;
use crate::error::Result;
use crate::q15::mbconv::{mbconv, MbconvGeometry, MbconvScales, MbconvVariant, MbconvWeights};
use crate::q15::mem::Shared;
use crate::scale::Scale;

/// The block's pointers, as EdgeML passes them.
struct Buffers<V: MbconvVariant> {
    input: *const V::In,
    filter1: *const V::F,
    bn1w: *const V::F,
    bn1b: *const V::B,
    filter2: *const V::F,
    bn2w: *const V::F,
    bn2b: *const V::B,
    filter3: *const V::F,
    bn3w: *const V::F,
    bn3b: *const V::B,
    output: *mut V::Out,
    conv_buffer1: *mut V::Buf,
    conv_buffer2: *mut V::Buf,
}

#[allow(clippy::too_many_arguments)]
unsafe fn mbconv_c<V: MbconvVariant, S: Scale>(b: Buffers<V>, geo: MbconvGeometry, limit1: i32, limit2: i32, scales: [SCALE_T; 12]) -> Result {
    let len = geo.lengths()?;
    let sc = MbconvScales::<S>::from_raw(scales);
    let spans = [span(b.output, len.output)?, span(b.conv_buffer1, len.conv_buffer1)?, span(b.conv_buffer2, len.temp)?];
    let sizes = [size_of::<V::Out>(), size_of::<V::Buf>(), size_of::<V::Buf>()];
    let (writes, mut shared) = Writes::sharing(&spans, &sizes)?;
    shared |= writes.shares_same(b.input, len.input)?;
    shared |= writes.shares_same(b.filter1, len.filter1)?;
    shared |= writes.shares_same(b.bn1w, len.temp)?;
    shared |= writes.shares_same(b.bn1b, len.temp)?;
    shared |= writes.shares_same(b.filter2, len.filter2)?;
    shared |= writes.shares_same(b.bn2w, len.temp)?;
    shared |= writes.shares_same(b.bn2b, len.temp)?;
    shared |= writes.shares_same(b.filter3, len.filter3)?;
    shared |= writes.shares_same(b.bn3w, len.out_channels)?;
    shared |= writes.shares_same(b.bn3b, len.out_channels)?;
    if shared {
        // Shared memory: every buffer is a `Cell` view, and the kernel's
        // loads and stores happen in EdgeML's order.
        let w = MbconvWeights {
            filter1: Shared(cells(b.filter1, len.filter1)?),
            bn1w: Shared(cells(b.bn1w, len.temp)?),
            bn1b: Shared(cells(b.bn1b, len.temp)?),
            filter2: Shared(cells(b.filter2, len.filter2)?),
            bn2w: Shared(cells(b.bn2w, len.temp)?),
            bn2b: Shared(cells(b.bn2b, len.temp)?),
            filter3: Shared(cells(b.filter3, len.filter3)?),
            bn3w: Shared(cells(b.bn3w, len.out_channels)?),
            bn3b: Shared(cells(b.bn3b, len.out_channels)?),
        };
        let input = Shared(cells(b.input, len.input)?);
        let mut output = Shared(cells(b.output as *const V::Out, len.output)?);
        let mut cb1 = Shared(cells(b.conv_buffer1 as *const V::Buf, len.conv_buffer1)?);
        let mut cb2 = Shared(cells(b.conv_buffer2 as *const V::Buf, len.temp)?);
        mbconv::<V, S, _, _, _, _, _>(&input, &w, &mut output, &mut cb1, &mut cb2, &geo, limit1, limit2, &sc)
    } else {
        let w = MbconvWeights {
            filter1: slice(b.filter1, len.filter1)?,
            bn1w: slice(b.bn1w, len.temp)?,
            bn1b: slice(b.bn1b, len.temp)?,
            filter2: slice(b.filter2, len.filter2)?,
            bn2w: slice(b.bn2w, len.temp)?,
            bn2b: slice(b.bn2b, len.temp)?,
            filter3: slice(b.filter3, len.filter3)?,
            bn3w: slice(b.bn3w, len.out_channels)?,
            bn3b: slice(b.bn3b, len.out_channels)?,
        };
        let input = slice(b.input, len.input)?;
        let output = slice_mut(b.output, len.output)?;
        let cb1 = slice_mut(b.conv_buffer1, len.conv_buffer1)?;
        let cb2 = slice_mut(b.conv_buffer2, len.temp)?;
        mbconv::<V, S, _, _, _, _, _>(input, &w, output, cb1, cb2, &geo, limit1, limit2, &sc)
    }
}

/// The five blocks' C signature, generic over their element types (`In`
/// input, `Fl` filters and batch-norm factors, `Bi` batch-norm offsets, `Out`
/// output, `Buf` conv buffers, `Lim` the limits). Its `_div`/`_shift`
/// exports are generated from `exports.in` into `exports.rs`.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn mbconv_block<In, Fl, Bi, Out, Buf, Lim: Into<i32>, V: MbconvVariant<In = In, F = Fl, B = Bi, Out = Out, Buf = Buf>, S: Scale>(input: *const In, filter1: *const Fl, BN1W: *const Fl, BN1B: *const Bi, filter2: *const Fl, BN2W: *const Fl, BN2B: *const Bi, filter3: *const Fl, BN3W: *const Fl, BN3B: *const Bi, output: *mut Out, convBuffer1: *mut Buf, convBuffer2: *mut Buf, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Lim, limit2: Lim, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) -> Result {
    let b = Buffers::<V> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    mbconv_c::<V, S>(b, geo, limit1.into(), limit2.into(), scales)
}
