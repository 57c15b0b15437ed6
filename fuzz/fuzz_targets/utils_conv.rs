//! The three convolutions of `quantized_utils.h` through the C ABI, in both
//! builds (`q7xq15_q7_convolution`, `q7xq15_q15_convolution`,
//! `q15_convolution`): arbitrary geometry (sizes, groups, paddings of any
//! sign, strides and dilations including 0, output sizes that do not match
//! the positions visited), scales and contents; NULL/misaligned buffers;
//! an output overlapping the input or filter (computed in EdgeML's order
//! when of the same element type, refused otherwise).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::mem::{product, same, Arena, Ctx, RawBuf};
use tinyrnn_fuzz::WORK_BUDGET;

fuzz_target!(|data: &[u8]| run(data));

#[derive(Clone, Copy)]
struct Geo {
    n: u32,
    h: u32,
    w: u32,
    cin: u32,
    hf: u32,
    wf: u32,
    cf: u32,
    cout: u32,
    hout: u32,
    wout: u32,
    g: u32,
    pads: [i32; 4],
    strides: [u32; 2],
    dilations: [u32; 2],
}

type Conv<I, O> = unsafe extern "C" fn(
    *const I, *const i16, *mut O, u32, u32, u32, u32, u32, u32, u32, u32, u32, u32, u32,
    i32, i32, i32, i32, u32, u32, u32, u32, i32, i32, i32,
);

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let op = cx.r.u8();
    let shift = op & 0x80 != 0;
    let r = &mut cx.r;
    let geo = Geo {
        n: r.small_dim(3),
        h: r.dim(),
        w: r.dim(),
        cin: r.dim(),
        hf: r.dim(),
        wf: r.dim(),
        cf: r.dim(),
        cout: r.small_dim(4),
        hout: r.dim(),
        wout: r.dim(),
        g: r.small_dim(3),
        pads: [r.pad(), r.pad(), r.pad(), r.pad()],
        strides: [r.small_dim(3), r.small_dim(3)],
        dilations: [r.small_dim(3), r.small_dim(3)],
    };
    let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
    match (op % 3, shift) {
        (0, false) => conv::<i8, i8>(&mut cx, geo, s, tinyrnn_q7xq15_q7_convolution_div),
        (0, true) => conv::<i8, i8>(&mut cx, geo, s, tinyrnn_q7xq15_q7_convolution_shift),
        (1, false) => conv::<i8, i16>(&mut cx, geo, s, tinyrnn_q7xq15_q15_convolution_div),
        (1, true) => conv::<i8, i16>(&mut cx, geo, s, tinyrnn_q7xq15_q15_convolution_shift),
        (_, false) => conv::<i16, i16>(&mut cx, geo, s, tinyrnn_q15_convolution_div),
        (_, true) => conv::<i16, i16>(&mut cx, geo, s, tinyrnn_q15_convolution_shift),
    }
}

fn conv<I: tinyrnn_fuzz::mem::Elem, O: tinyrnn_fuzz::mem::Elem>(cx: &mut Ctx, g: Geo, s: [i32; 3], f: Conv<I, O>) {
    let in_len = product(&[g.n, g.h, g.w, g.cin]);
    let f_len = product(&[g.g, g.hf, g.wf, g.cf, g.cout]);
    let out_len = product(&[g.n, g.hout, g.wout, g.g, g.cout]);
    // The work the buffers ask for: every output element visits at most
    // HF × WF × CF filter values, which the filter holds.
    let taps = (g.hf as u64).saturating_mul(g.wf as u64).saturating_mul(g.cf.max(1) as u64);
    if out_len.map_or(0, |o| o as u64).saturating_mul(taps) > WORK_BUDGET {
        return;
    }
    let call = |input: *const I, filter: *const i16, output: *mut O| unsafe {
        f(
            input, filter, output, g.n, g.h, g.w, g.cin, g.hf, g.wf, g.cf, g.cout, g.hout, g.wout, g.g,
            g.pads[0], g.pads[1], g.pads[2], g.pads[3], g.strides[0], g.strides[1], g.dilations[0], g.dilations[1],
            s[0], s[1], s[2],
        )
    };
    let layout = cx.r.u8();
    let small = |l: Option<usize>| l.is_some_and(|l| l <= 256);
    if layout >= 0xE0 && !cx.has_fault() && small(in_len) && small(f_len) && small(out_len) {
        // Output over the input (or the filter), shifted: refused, nothing written.
        let (i, fl, o) = (in_len.unwrap_or(0), f_len.unwrap_or(0), out_len.unwrap_or(0));
        let (si, so) = (std::mem::size_of::<I>(), std::mem::size_of::<O>());
        let off_i = 64;
        let off_f = (off_i + si * i + 64).next_multiple_of(8);
        let over_filter = layout & 0x10 != 0;
        let target = if over_filter { off_f } else { off_i };
        let off_o = (target as isize + 2 * ((layout & 7) as isize - 4)) as usize;
        let size = (off_f + 2 * fl).max(off_o + so * o) + 64;
        let rd = &mut cx.r;
        let arena = Arena::new(size, |_| rd.u8());
        let before = arena.bytes();
        let copy = arena.duplicate();
        let meets = |a: usize, al: usize, b: usize, bl: usize| al > 0 && bl > 0 && a < b + bl && b < a + al;
        let mixed = (meets(off_o, so * o, off_i, si * i) && si != so) || (meets(off_o, so * o, off_f, 2 * fl) && so != 2);
        call(arena.at(off_i), arena.at(off_f), arena.at(off_o));
        if mixed {
            // A Q7 output over Q15 memory or the reverse: refused.
            assert!(arena.bytes() == before, "mixed-type overlapping convolution wrote memory");
        } else {
            // Same element type: computed in EdgeML's order (values pinned
            // by tests/edgeml_recorded.rs): deterministic, output bytes only.
            call(copy.at(off_i), copy.at(off_f), copy.at(off_o));
            assert!(arena.bytes() == copy.bytes(), "overlapping convolution is not deterministic");
            let after = arena.bytes();
            for (k, (x, y)) in before.iter().zip(&after).enumerate() {
                assert!(x == y || (off_o..off_o + so * o).contains(&k), "convolution wrote byte {k} outside its output");
            }
        }
        return;
    }
    let input: RawBuf<I> = cx.buf(in_len);
    let filter: RawBuf<i16> = cx.buf(f_len);
    let output: RawBuf<O> = cx.buf(out_len);
    let before = output.contents();
    call(input.cptr(), filter.cptr(), output.ptr());
    if cx.refused {
        assert!(same(&before, &output.contents()), "refused convolution wrote its output");
    }
}
