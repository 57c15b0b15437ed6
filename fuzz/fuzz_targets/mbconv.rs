//! The five MBConv blocks of `quantized_mbconv.h` through the C ABI, in both
//! builds: arbitrary geometry (sizes, filter sizes, paddings of any sign,
//! strides including 0, output sizes that do not match the positions
//! visited), limits, scales and contents, including the conv buffers' (which
//! EdgeML reads too); NULL/misaligned buffers; and layouts where the output
//! or a conv buffer overlaps another buffer.
//!
//! Checks: no crash, hang or out-of-bounds access (ASan); a call with a
//! NULL/misaligned non-empty buffer writes nothing; an overlap between
//! buffers of different element types writes nothing; an overlap within one
//! element type is deterministic and writes only the output and conv
//! buffers (its values are EdgeML's: tests/edgeml_recorded.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::mem::{product, same, Arena, Ctx, Elem, RawBuf};
use tinyrnn_fuzz::WORK_BUDGET;

fuzz_target!(|data: &[u8]| run(data));

#[derive(Clone, Copy)]
struct Geo {
    n: u32,
    h: u32,
    w: u32,
    c_in: u32,
    c_temp: u32,
    hf: u32,
    wf: u32,
    c_out: u32,
    h_out: u32,
    w_out: u32,
    pads: [i32; 4],
    strides: [u32; 2],
}

type Block<I, F, B, O, C, L> = unsafe extern "C" fn(
    *const I, *const F, *const F, *const B, *const F, *const F, *const B, *const F, *const F, *const B, *mut O, *mut C, *mut C,
    u32, u32, u32, u32, u32, u32, u32, u32, u32, u32, i32, i32, i32, i32, u32, u32, L, L,
    i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32,
);

/// Buffer lengths in elements, in argument order: input, filter1, BN1W,
/// BN1B, filter2, BN2W, BN2B, filter3, BN3W, BN3B, output, convBuffer1,
/// convBuffer2 (`None`: overflowing).
fn lengths(g: &Geo) -> [Option<usize>; 13] {
    let t = Some(g.c_temp as usize);
    let o = Some(g.c_out as usize);
    [
        product(&[g.n, g.h, g.w, g.c_in]),
        product(&[g.c_in, g.c_temp]),
        t,
        t,
        product(&[g.c_temp, g.hf, g.wf]),
        t,
        t,
        product(&[g.c_temp, g.c_out]),
        o,
        o,
        product(&[g.n, g.h_out, g.w_out, g.c_out]),
        product(&[g.hf, g.w, g.c_temp]),
        t,
    ]
}

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let op = cx.r.u8();
    let shift = op & 0x80 != 0;
    let r = &mut cx.r;
    let g = Geo {
        n: r.small_dim(3),
        h: r.dim(),
        w: r.dim(),
        c_in: r.dim(),
        c_temp: r.dim(),
        hf: r.small_dim(7),
        wf: r.small_dim(7),
        c_out: r.dim(),
        h_out: r.dim(),
        w_out: r.dim(),
        pads: [r.pad(), r.pad(), r.pad(), r.pad()],
        strides: [r.small_dim(3), r.small_dim(3)],
    };
    let (l1, l2) = (cx.r.i32(), cx.r.i32());
    let sc: [i32; 12] = std::array::from_fn(|_| cx.r.scale());
    // The work, as EdgeML's loops do it (also with empty channels or rows,
    // where the loops still run): per output pixel 1 + COut + CTemp·(HF·WF +
    // COut), per expanded row 1 + W·(1 + CTemp·(1 + CIn)) (the row loop
    // itself runs with W == 0); rows ≤ N·(HF + HOut·HStride).
    let per_pixel = (g.c_temp as u64).saturating_mul((g.hf as u64 * g.wf as u64).saturating_add(g.c_out as u64)).saturating_add(1 + g.c_out as u64);
    let pixels = (g.n as u64).saturating_mul(g.h_out as u64).saturating_mul(g.w_out as u64);
    let rows = (g.n as u64).saturating_mul((g.hf as u64).saturating_add((g.h_out as u64).saturating_mul(g.strides[0] as u64)));
    let per_row = (g.w as u64).saturating_mul(1 + (g.c_temp as u64).saturating_mul(1 + g.c_in as u64)).saturating_add(1);
    if pixels.saturating_mul(per_pixel).saturating_add(rows.saturating_mul(per_row)).saturating_add(g.n as u64) > WORK_BUDGET {
        return;
    }
    macro_rules! go {
        ($f:ident, $l:ty) => {
            block(&mut cx, g, (l1 as $l, l2 as $l), sc, $f)
        };
    }
    match (op % 5, shift) {
        (0, false) => go!(tinyrnn_q7_mbconv_block_div, i16),
        (0, true) => go!(tinyrnn_q7_mbconv_block_shift, i16),
        (1, false) => go!(tinyrnn_q7xq15_q15_mbconv_block_div, i32),
        (1, true) => go!(tinyrnn_q7xq15_q15_mbconv_block_shift, i32),
        (2, false) => go!(tinyrnn_q15xq7_q7_mbconv_block_div, i32),
        (2, true) => go!(tinyrnn_q15xq7_q7_mbconv_block_shift, i32),
        (3, false) => go!(tinyrnn_q15xq7_q15_mbconv_block_div, i32),
        (3, true) => go!(tinyrnn_q15xq7_q15_mbconv_block_shift, i32),
        (_, false) => go!(tinyrnn_q15_mbconv_block_div, i32),
        (_, true) => go!(tinyrnn_q15_mbconv_block_shift, i32),
    }
}

fn block<I: Elem, F: Elem, B: Elem, O: Elem, C: Elem, L: Copy>(cx: &mut Ctx, g: Geo, lim: (L, L), sc: [i32; 12], f: Block<I, F, B, O, C, L>) {
    let len = lengths(&g);
    let call = |p: [*mut u8; 13]| unsafe {
        f(
            p[0] as *const I, p[1] as *const F, p[2] as *const F, p[3] as *const B, p[4] as *const F, p[5] as *const F,
            p[6] as *const B, p[7] as *const F, p[8] as *const F, p[9] as *const B, p[10] as *mut O, p[11] as *mut C,
            p[12] as *mut C, g.n, g.h, g.w, g.c_in, g.c_temp, g.hf, g.wf, g.c_out, g.h_out, g.w_out, g.pads[0], g.pads[1],
            g.pads[2], g.pads[3], g.strides[0], g.strides[1], lim.0, lim.1, sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6],
            sc[7], sc[8], sc[9], sc[10], sc[11],
        )
    };
    let sizes = [
        size_of::<I>(), size_of::<F>(), size_of::<F>(), size_of::<B>(), size_of::<F>(), size_of::<F>(), size_of::<B>(),
        size_of::<F>(), size_of::<F>(), size_of::<B>(), size_of::<O>(), size_of::<C>(), size_of::<C>(),
    ];
    let layout = cx.r.u8();
    if layout >= 0xD0 && !cx.has_fault() && len.iter().all(|l| l.is_some_and(|n| n <= 128)) {
        // All buffers in one arena; one written buffer (output, convBuffer1
        // or convBuffer2) moved onto another buffer, a few bytes off.
        let lens: Vec<usize> = len.iter().map(|l| l.unwrap_or(0)).collect();
        let mut offs = [0usize; 13];
        let mut at = 64;
        for k in 0..13 {
            offs[k] = at;
            at = (at + sizes[k] * lens[k] + 16).next_multiple_of(8);
        }
        let moved = 10 + (layout as usize % 3);
        let onto = (layout as usize / 3) % 13;
        if onto != moved {
            let delta = 2 * ((layout as isize >> 5 & 3) - 1);
            offs[moved] = (offs[onto] as isize + delta).max(0) as usize;
        }
        let size = (0..13).map(|k| offs[k] + sizes[k] * lens[k]).max().unwrap_or(0) + 64;
        let rd = &mut cx.r;
        let arena = Arena::new(size, |_| rd.u8());
        let copy = arena.duplicate();
        let before = arena.bytes();
        call(std::array::from_fn(|k| arena.at(offs[k])));
        let meets = |a: usize, b: usize| {
            let (al, bl) = (sizes[a] * lens[a], sizes[b] * lens[b]);
            al > 0 && bl > 0 && offs[a] < offs[b] + bl && offs[b] < offs[a] + al
        };
        let mixed = (10..13).any(|w| (0..13).any(|o| o != w && meets(w, o) && sizes[w] != sizes[o]));
        if mixed {
            assert!(arena.bytes() == before, "mixed-type overlapping MBConv wrote memory");
        } else {
            call(std::array::from_fn(|k| copy.at(offs[k])));
            assert!(arena.bytes() == copy.bytes(), "overlapping MBConv is not deterministic");
            let written = |i: usize| (10..13).any(|w| (offs[w]..offs[w] + sizes[w] * lens[w]).contains(&i));
            for (i, (a, b)) in before.iter().zip(arena.bytes()).enumerate() {
                assert!(*a == b || written(i), "MBConv wrote byte {i} outside its outputs");
            }
        }
        return;
    }
    let input: RawBuf<I> = cx.buf(len[0]);
    let f1: RawBuf<F> = cx.buf(len[1]);
    let w1: RawBuf<F> = cx.buf(len[2]);
    let b1: RawBuf<B> = cx.buf(len[3]);
    let f2: RawBuf<F> = cx.buf(len[4]);
    let w2: RawBuf<F> = cx.buf(len[5]);
    let b2: RawBuf<B> = cx.buf(len[6]);
    let f3: RawBuf<F> = cx.buf(len[7]);
    let w3: RawBuf<F> = cx.buf(len[8]);
    let b3: RawBuf<B> = cx.buf(len[9]);
    let out: RawBuf<O> = cx.buf(len[10]);
    let cb1: RawBuf<C> = cx.buf(len[11]);
    let cb2: RawBuf<C> = cx.buf(len[12]);
    let before = (out.contents(), cb1.contents(), cb2.contents());
    call([
        input.ptr() as *mut u8, f1.ptr() as *mut u8, w1.ptr() as *mut u8, b1.ptr() as *mut u8, f2.ptr() as *mut u8,
        w2.ptr() as *mut u8, b2.ptr() as *mut u8, f3.ptr() as *mut u8, w3.ptr() as *mut u8, b3.ptr() as *mut u8,
        out.ptr() as *mut u8, cb1.ptr() as *mut u8, cb2.ptr() as *mut u8,
    ]);
    if cx.refused {
        assert!(
            same(&before.0, &out.contents()) && same(&before.1, &cb1.contents()) && same(&before.2, &cb2.contents()),
            "refused MBConv wrote memory"
        );
    }
}
