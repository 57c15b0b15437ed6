//! C ABI of `quantized_mbconv.h`: the five MBConv blocks, each exported as
//! `tinyrnn_<name>_div` and `tinyrnn_<name>_shift`.
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

use core::mem::size_of;

use super::ptr::{cells, overlaps, slice, slice_mut};
use super::types::*;
use crate::error::{Error, Result};
use crate::q15::mbconv::{mbconv, MbconvGeometry, MbconvScales, MbconvVariant, MbconvWeights, Q15Mbconv, Q15xQ7Q15Mbconv, Q15xQ7Q7Mbconv, Q7Mbconv, Q7xQ15Q15Mbconv};
use crate::q15::mem::Shared;
use crate::scale::{Divisor, Exponent, Scale};

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

/// A buffer's address range and element size.
#[derive(Clone, Copy)]
struct Span {
    p: *const u8,
    len: usize,
    elem: usize,
}

fn span<T>(p: *const T, len: usize) -> Span {
    Span { p: p as *const u8, len: len.saturating_mul(size_of::<T>()), elem: size_of::<T>() }
}

/// `Ok(true)` when a written buffer overlaps another one of its element
/// type, `Ok(false)` when nothing overlaps, `Err` for a mixed-type overlap.
fn overlap_kind(written: &[Span], read: &[Span]) -> Result<bool> {
    let mut any = false;
    for (i, a) in written.iter().enumerate() {
        for b in written.iter().skip(i + 1).chain(read) {
            if overlaps(a.p, a.len, b.p, b.len) {
                if a.elem != b.elem {
                    return Err(Error::Aliasing);
                }
                any = true;
            }
        }
    }
    Ok(any)
}

#[allow(clippy::too_many_arguments)]
unsafe fn mbconv_c<V: MbconvVariant, S: Scale>(b: Buffers<V>, geo: MbconvGeometry, limit1: i32, limit2: i32, scales: [SCALE_T; 12]) -> Result {
    let len = geo.lengths()?;
    let sc = MbconvScales::<S>::from_raw(scales);
    let written = [span(b.output, len.output), span(b.conv_buffer1, len.conv_buffer1), span(b.conv_buffer2, len.temp)];
    let read = [
        span(b.input, len.input),
        span(b.filter1, len.filter1),
        span(b.bn1w, len.temp),
        span(b.bn1b, len.temp),
        span(b.filter2, len.filter2),
        span(b.bn2w, len.temp),
        span(b.bn2b, len.temp),
        span(b.filter3, len.filter3),
        span(b.bn3w, len.out_channels),
        span(b.bn3b, len.out_channels),
    ];
    if overlap_kind(&written, &read)? {
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

/// `q7_mbconv_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7_mbconv_block_div(input: *const Q7_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q7_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q7_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q7_T, output: *mut Q7_T, convBuffer1: *mut Q7_T, convBuffer2: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q15_T, limit2: Q15_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q7Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q7Mbconv, Divisor>(b, geo, limit1 as i32, limit2 as i32, scales);
}

/// `q7_mbconv_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7_mbconv_block_shift(input: *const Q7_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q7_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q7_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q7_T, output: *mut Q7_T, convBuffer1: *mut Q7_T, convBuffer2: *mut Q7_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q15_T, limit2: Q15_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q7Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q7Mbconv, Exponent>(b, geo, limit1 as i32, limit2 as i32, scales);
}

/// `q7xq15_q15_mbconv_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_mbconv_block_div(input: *const Q7_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q7xQ15Q15Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q7xQ15Q15Mbconv, Divisor>(b, geo, limit1, limit2, scales);
}

/// `q7xq15_q15_mbconv_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q7xq15_q15_mbconv_block_shift(input: *const Q7_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q7xQ15Q15Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q7xQ15Q15Mbconv, Exponent>(b, geo, limit1, limit2, scales);
}

/// `q15xq7_q7_mbconv_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15xq7_q7_mbconv_block_div(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q7_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q15xQ7Q7Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q15xQ7Q7Mbconv, Divisor>(b, geo, limit1, limit2, scales);
}

/// `q15xq7_q7_mbconv_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15xq7_q7_mbconv_block_shift(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q7_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q15xQ7Q7Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q15xQ7Q7Mbconv, Exponent>(b, geo, limit1, limit2, scales);
}

/// `q15xq7_q15_mbconv_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15xq7_q15_mbconv_block_div(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q15xQ7Q15Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q15xQ7Q15Mbconv, Divisor>(b, geo, limit1, limit2, scales);
}

/// `q15xq7_q15_mbconv_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15xq7_q15_mbconv_block_shift(input: *const Q15_T, filter1: *const Q7_T, BN1W: *const Q7_T, BN1B: *const Q15_T, filter2: *const Q7_T, BN2W: *const Q7_T, BN2B: *const Q15_T, filter3: *const Q7_T, BN3W: *const Q7_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q15xQ7Q15Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q15xQ7Q15Mbconv, Exponent>(b, geo, limit1, limit2, scales);
}

/// `q15_mbconv_block`, division build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_mbconv_block_div(input: *const Q15_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q15Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q15Mbconv, Divisor>(b, geo, limit1, limit2, scales);
}

/// `q15_mbconv_block`, `SHIFT` build.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_q15_mbconv_block_shift(input: *const Q15_T, filter1: *const Q15_T, BN1W: *const Q15_T, BN1B: *const Q15_T, filter2: *const Q15_T, BN2W: *const Q15_T, BN2B: *const Q15_T, filter3: *const Q15_T, BN3W: *const Q15_T, BN3B: *const Q15_T, output: *mut Q15_T, convBuffer1: *mut Q15_T, convBuffer2: *mut Q15_T, N: ITER_T, H: ITER_T, W: ITER_T, CIn: ITER_T, CTemp: ITER_T, HF: ITER_T, WF: ITER_T, COut: ITER_T, HOut: ITER_T, WOut: ITER_T, HPadU: S_ITER_T, HPadD: S_ITER_T, WPadL: S_ITER_T, WPadR: S_ITER_T, HStride: ITER_T, WStride: ITER_T, limit1: Q31_T, limit2: Q31_T, shrU1: SCALE_T, shrX1: SCALE_T, shrU2: SCALE_T, shrX2: SCALE_T, shrU3: SCALE_T, shrW3: SCALE_T, shlU1: SCALE_T, shlX1: SCALE_T, shlU2: SCALE_T, shlX2: SCALE_T, shlU3: SCALE_T, shlW3: SCALE_T) {
    let b = Buffers::<Q15Mbconv> { input, filter1, bn1w: BN1W, bn1b: BN1B, filter2, bn2w: BN2W, bn2b: BN2B, filter3, bn3w: BN3W, bn3b: BN3B, output, conv_buffer1: convBuffer1, conv_buffer2: convBuffer2 };
    let geo = MbconvGeometry { n: N, h: H, w: W, c_in: CIn, c_temp: CTemp, hf: HF, wf: WF, c_out: COut, h_out: HOut, w_out: WOut, h_pad_u: HPadU, h_pad_d: HPadD, w_pad_l: WPadL, w_pad_r: WPadR, h_stride: HStride, w_stride: WStride };
    let scales = [shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3];
    let _ = mbconv_c::<Q15Mbconv, Exponent>(b, geo, limit1, limit2, scales);
}
