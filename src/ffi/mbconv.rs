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

use super::ptr::{checked_cells, checked_slice, checked_slice_mut, span, Writes};
use super::types::*;
use crate::error::Result;
use crate::q15::mbconv::{mbconv, MbconvGeometry, MbconvLengths, MbconvScales, MbconvVariant, MbconvWeights};
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

/// Every pointer check of a call (`len`: its lengths): the written
/// buffers, then each read one against them. `Ok(true)` when buffers share
/// memory (of one element type). Inlined: out of line, its frame (112 bytes
/// on Cortex-M4F) came on top of the export's, deeper than any stage of the
/// block; inlined, the export's grew by less than the stages' own.
#[inline(always)]
fn check_pointers<V: MbconvVariant>(b: &Buffers<V>, len: &MbconvLengths) -> Result<bool> {
    let spans = [span(b.output, len.output)?, span(b.conv_buffer1, len.conv_buffer1)?, span(b.conv_buffer2, len.temp)?];
    // A constant: no copy in the frame.
    let (writes, mut shared) = Writes::sharing(&spans, &const { [size_of::<V::Out>(), size_of::<V::Buf>(), size_of::<V::Buf>()] })?;
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
    Ok(shared)
}

/// The checked call: every buffer a `Cell` view when some share memory
/// (the kernel's loads and stores happen in EdgeML's order), else slices.
///
/// # Safety
/// [`check_pointers`] accepted `b` and `len`, `geo`'s lengths, and
/// returned `shared`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn run<V: MbconvVariant, S: Scale>(b: &Buffers<V>, len: &MbconvLengths, shared: bool, geo: &MbconvGeometry, limit1: i32, limit2: i32, sc: &MbconvScales<S>) -> Result {
    // SAFETY (every `checked_*` view): `check_pointers` checked each
    // pointer for exactly this length.
    if shared {
        let w = MbconvWeights {
            filter1: Shared(checked_cells(b.filter1, len.filter1)),
            bn1w: Shared(checked_cells(b.bn1w, len.temp)),
            bn1b: Shared(checked_cells(b.bn1b, len.temp)),
            filter2: Shared(checked_cells(b.filter2, len.filter2)),
            bn2w: Shared(checked_cells(b.bn2w, len.temp)),
            bn2b: Shared(checked_cells(b.bn2b, len.temp)),
            filter3: Shared(checked_cells(b.filter3, len.filter3)),
            bn3w: Shared(checked_cells(b.bn3w, len.out_channels)),
            bn3b: Shared(checked_cells(b.bn3b, len.out_channels)),
        };
        let input = Shared(checked_cells(b.input, len.input));
        let mut output = Shared(checked_cells(b.output as *const V::Out, len.output));
        let mut cb1 = Shared(checked_cells(b.conv_buffer1 as *const V::Buf, len.conv_buffer1));
        let mut cb2 = Shared(checked_cells(b.conv_buffer2 as *const V::Buf, len.temp));
        mbconv::<V, S, _, _, _, _, _>(&input, &w, &mut output, &mut cb1, &mut cb2, geo, limit1, limit2, sc)
    } else {
        let w = MbconvWeights {
            filter1: checked_slice(b.filter1, len.filter1),
            bn1w: checked_slice(b.bn1w, len.temp),
            bn1b: checked_slice(b.bn1b, len.temp),
            filter2: checked_slice(b.filter2, len.filter2),
            bn2w: checked_slice(b.bn2w, len.temp),
            bn2b: checked_slice(b.bn2b, len.temp),
            filter3: checked_slice(b.filter3, len.filter3),
            bn3w: checked_slice(b.bn3w, len.out_channels),
            bn3b: checked_slice(b.bn3b, len.out_channels),
        };
        let input = checked_slice(b.input, len.input);
        let output = checked_slice_mut(b.output, len.output);
        let cb1 = checked_slice_mut(b.conv_buffer1, len.conv_buffer1);
        let cb2 = checked_slice_mut(b.conv_buffer2, len.temp);
        mbconv::<V, S, _, _, _, _, _>(input, &w, output, cb1, cb2, geo, limit1, limit2, sc)
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
    let len = geo.lengths()?;
    let shared = check_pointers::<V>(&b, &len)?;
    let sc = MbconvScales::<S>::from_raw([shrU1, shrX1, shrU2, shrX2, shrU3, shrW3, shlU1, shlX1, shlU2, shlX2, shlU3, shlW3]);
    run::<V, S>(&b, &len, shared, &geo, limit1.into(), limit2.into(), &sc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::exports::tinyrnn_q15_mbconv_block_div;
    use crate::q15::mbconv::Q15Mbconv;
    use crate::scale::Divisor;

    /// 4×4×2 input, 3 expanded channels, 3×3 depthwise, padding 1, stride
    /// 1, 2 output channels; divisors 1 or 2.
    const GEO: MbconvGeometry =
        MbconvGeometry { n: 1, h: 4, w: 4, c_in: 2, c_temp: 3, hf: 3, wf: 3, c_out: 2, h_out: 4, w_out: 4, h_pad_u: 1, h_pad_d: 1, w_pad_l: 1, w_pad_r: 1, h_stride: 1, w_stride: 1 };
    const SCALES: [SCALE_T; 12] = [2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1];

    fn weights() -> [Vec<i16>; 9] {
        let v = |n: usize, k: i16| (0..n as i16).map(|i| (i * 7 + k) % 9 - 4).collect::<Vec<_>>();
        [v(6, 1), v(3, 2), v(3, 3), v(27, 4), v(3, 5), v(3, 6), v(6, 7), v(2, 8), v(2, 0)]
    }

    /// The export on `arena`, input at element 0 and output at `out`.
    fn export(arena: &mut [i16], out: usize, w: &[Vec<i16>; 9], cb1: &mut [i16], cb2: &mut [i16]) {
        let g = GEO;
        let s = SCALES;
        let a = arena.as_mut_ptr();
        // SAFETY: every buffer holds its length for `GEO` (32 input and
        // output elements from `a` and `a + out`: the arena holds
        // `out + 32`; 36 and 3 conv buffer elements), and the weights theirs.
        unsafe {
            tinyrnn_q15_mbconv_block_div(
                a, w[0].as_ptr(), w[1].as_ptr(), w[2].as_ptr(), w[3].as_ptr(), w[4].as_ptr(), w[5].as_ptr(), w[6].as_ptr(), w[7].as_ptr(), w[8].as_ptr(),
                a.add(out), cb1.as_mut_ptr(), cb2.as_mut_ptr(), g.n, g.h, g.w, g.c_in, g.c_temp, g.hf, g.wf, g.c_out, g.h_out, g.w_out, g.h_pad_u,
                g.h_pad_d, g.w_pad_l, g.w_pad_r, g.h_stride, g.w_stride, 1000, 1000, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9],
                s[10], s[11],
            )
        }
    }

    #[test]
    fn block_runs_on_slices_or_on_shared_views_as_its_buffers_require() {
        let w = weights();
        let ws = MbconvWeights { filter1: &w[0][..], bn1w: &w[1][..], bn1b: &w[2][..], filter2: &w[3][..], bn2w: &w[4][..], bn2b: &w[5][..], filter3: &w[6][..], bn3w: &w[7][..], bn3b: &w[8][..] };
        let sc = MbconvScales::<Divisor>::from_raw(SCALES);
        let input: Vec<i16> = (0..32).map(|i| (i * 5) % 11 - 5).collect();
        // Separate buffers: the core on slices.
        let (mut arena, mut cb1, mut cb2) = ([input.clone(), vec![0; 32]].concat(), [0i16; 36], [0i16; 3]);
        export(&mut arena, 32, &w, &mut cb1, &mut cb2);
        let (mut want, mut wb1, mut wb2) = (vec![0i16; 32], [0i16; 36], [0i16; 3]);
        mbconv::<Q15Mbconv, Divisor, _, _, _, _, _>(&input[..], &ws, &mut want[..], &mut wb1[..], &mut wb2[..], &GEO, 1000, 1000, &sc).unwrap();
        assert_eq!(arena[32..], want[..]);
        assert!(want.iter().any(|&x| x != 0), "a block whose output is all zeros tests little");
        // Output over the input two rows on (element 16): each output row
        // overwrites an input row before it is expanded. The core on `Cell`
        // views of one arena, in EdgeML's order of loads and stores.
        let (mut arena, mut cb1, mut cb2) = ([input.clone(), vec![0; 16]].concat(), [0i16; 36], [0i16; 3]);
        export(&mut arena, 16, &w, &mut cb1, &mut cb2);
        let mut expect = [input, vec![0; 16]].concat();
        let (mut wb1, mut wb2) = ([0i16; 36], [0i16; 3]);
        let cells = Shared::of(&mut expect);
        let (src, mut dst) = (Shared(&cells.0[..32]), Shared(&cells.0[16..]));
        mbconv::<Q15Mbconv, Divisor, _, _, _, _, _>(&src, &ws, &mut dst, &mut wb1[..], &mut wb2[..], &GEO, 1000, 1000, &sc).unwrap();
        assert_eq!(arena, expect);
        assert_ne!(arena[16..], want[..], "sharing memory changes this block's result");
    }
}
