//! The quantized RNNPool exports through the C ABI (`q15_rnnpool_block`,
//! `q7xq15_q15_rnnpool_block`, division and shift builds, dense and sparse
//! storage), pooling with a probe RNN (which reads every input element it
//! is given and writes every hidden element, so AddressSanitizer checks the
//! pointers RNNPool passes, and which checks its other arguments), with
//! tinyrnn's own FastGRNN, or with NULL function pointers; any sizes,
//! stride, rescaling, RNN status.
#![no_main]

use std::cell::Cell;
use std::ffi::c_void;
use std::ptr::null;

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::grnn::dense_scales;
use tinyrnn_fuzz::mem::{product, same, Arena, Ctx, Elem, RawBuf};
use tinyrnn_fuzz::{documented_code, WORK_BUDGET};

fuzz_target!(|data: &[u8]| run(data));

thread_local! {
    /// Return code of the probe RNN, and the arguments it expects.
    static PROBE_RC: Cell<i32> = const { Cell::new(0) };
    static EXPECT: Cell<[u32; 4]> = const { Cell::new([0; 4]) }; // hd1, id, hd2, pd
}

/// A `q15_rnn_t`/`q7xq15_q15_rnn_t`: `hidden[j] += Σ input + j` over all
/// `steps × inputDims` inputs. Checks what RNNPool may pass: `normalize == 0`,
/// the pointers it was given, and sizes `(hd1, id, pd | 1)` or `(hd2, hd1, pd)`.
unsafe extern "C" fn probe<X: Elem + Into<i32>>(
    hidden: *mut i16, hd: u32, input: *const X, id: u32, steps: u32,
    params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: i32, normalize: i32,
) -> i32 {
    let [hd1, in_dims, hd2, pd] = EXPECT.with(Cell::get);
    assert_eq!(normalize, 0, "RNNPool passes normalize = 0");
    assert!(backward == 0 || backward == 1);
    assert_eq!((params as usize, buffers as usize, scales as usize), (0x10, 0x20, 0x30), "opaque pointers");
    let as_rnn1 = hd == hd1 && id == in_dims && (steps == pd || steps == 1);
    let as_rnn2 = hd == hd2 && id == hd1 && steps == pd;
    assert!(as_rnn1 || as_rnn2, "unexpected RNN sizes hd={hd} id={id} steps={steps}");
    let n = steps as usize * id as usize;
    let mut acc = 0i32;
    for i in 0..n {
        acc = acc.wrapping_add(input.add(i).read().into());
    }
    for j in 0..hd as usize {
        let h = hidden.add(j);
        h.write(h.read().wrapping_add(acc as i16).wrapping_add(j as i16));
    }
    PROBE_RC.with(Cell::get)
}

type Pool<X> = unsafe extern "C" fn(
    *const X, u32, u32, u32, Option<Rnn<X>>, u32, *const c_void, *mut c_void, *const c_void,
    Option<Rnn<i16>>, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32,
) -> i32;
type Rnn<X> = unsafe extern "C" fn(*mut i16, u32, *const X, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let v = cx.r.u8();
    // The blocks of the dense builds call tinyrnn's (dense) FastGRNN
    // directly; those of the sparse builds call it through its pointer.
    match v % 8 {
        0 => pool::<i16>(&mut cx, v, tinyrnn_q15_rnnpool_block_div_dense as Pool<i16>, probe::<i16>, tinyrnn_q15_fastgrnn_div_dense, false),
        1 => pool::<i16>(&mut cx, v, tinyrnn_q15_rnnpool_block_shift_dense as Pool<i16>, probe::<i16>, tinyrnn_q15_fastgrnn_shift_dense, true),
        2 => pool::<i8>(&mut cx, v, tinyrnn_q7xq15_q15_rnnpool_block_div_dense as Pool<i8>, probe::<i8>, tinyrnn_q7xq15_q15_fastgrnn_div_dense, false),
        3 => pool::<i8>(&mut cx, v, tinyrnn_q7xq15_q15_rnnpool_block_shift_dense as Pool<i8>, probe::<i8>, tinyrnn_q7xq15_q15_fastgrnn_shift_dense, true),
        4 => pool::<i16>(&mut cx, v, tinyrnn_q15_rnnpool_block_div_sparse as Pool<i16>, probe::<i16>, tinyrnn_q15_fastgrnn_div_dense, false),
        5 => pool::<i16>(&mut cx, v, tinyrnn_q15_rnnpool_block_shift_sparse as Pool<i16>, probe::<i16>, tinyrnn_q15_fastgrnn_shift_dense, true),
        6 => pool::<i8>(&mut cx, v, tinyrnn_q7xq15_q15_rnnpool_block_div_sparse as Pool<i8>, probe::<i8>, tinyrnn_q7xq15_q15_fastgrnn_div_dense, false),
        _ => pool::<i8>(&mut cx, v, tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse as Pool<i8>, probe::<i8>, tinyrnn_q7xq15_q15_fastgrnn_shift_dense, true),
    }
}

/// Dense FastGRNN weights and scratch for `hd × id` (the opaque pointers).
struct Cell15<X: Elem> {
    _w: RawBuf<i16>,
    _u: RawBuf<i16>,
    _b: RawBuf<i16>,
    _pc: RawBuf<i16>,
    _nf: RawBuf<X>,
    params: Q15_FastGRNN_Params,
    buffers: Q15_FastGRNN_Buffers,
    scales: Q15_FastGRNN_Scales,
}

fn grnn<X: Elem>(cx: &mut Ctx, hd: u32, id: u32) -> Box<Cell15<X>> {
    let (h, i) = (hd as usize, id as usize);
    let w: RawBuf<i16> = RawBuf::new(h * i, tinyrnn_fuzz::mem::Place::Normal, |_| cx.r.i16());
    let u: RawBuf<i16> = RawBuf::new(h * h, tinyrnn_fuzz::mem::Place::Normal, |_| cx.r.i16());
    let b: RawBuf<i16> = RawBuf::new(h, tinyrnn_fuzz::mem::Place::Normal, |_| cx.r.i16());
    let pc: RawBuf<i16> = RawBuf::new(3 * h, tinyrnn_fuzz::mem::Place::Normal, |_| 0);
    let nf: RawBuf<X> = RawBuf::new(i, tinyrnn_fuzz::mem::Place::Normal, |_| X::default());
    let scales = dense_scales(&mut cx.r);
    let params = Q15_FastGRNN_Params {
        mean: null(), stdDev: null(), W: w.cptr(), Wids: null(), Wvals: null(), U: u.cptr(), Uids: null(),
        Uvals: null(), Bg: b.cptr(), Bh: b.cptr(), sigmoid_zeta: cx.r.i16(), sigmoid_nu: cx.r.i16(),
    };
    let pcp = pc.ptr();
    let buffers = unsafe {
        Q15_FastGRNN_Buffers { preComp1: pcp, preComp2: pcp.add(h), preComp3: pcp.add(2 * h), normFeatures: nf.ptr() as *mut i16 }
    };
    Box::new(Cell15 { _w: w, _u: u, _b: b, _pc: pc, _nf: nf, params, buffers, scales })
}

#[allow(clippy::too_many_arguments)]
fn pool<X: Elem + Into<i32>>(cx: &mut Ctx, v: u8, f: Pool<X>, probe1: Rnn<X>, grnn1: Rnn<X>, shift: bool) {
    let r = &mut cx.r;
    let (id, pd, stride) = (r.small_dim(4), r.small_dim(6), r.small_dim(6));
    let (hd1, hd2) = (r.small_dim(5), r.small_dim(5));
    let sh = [r.scale(), r.scale(), r.scale(), r.scale()];
    let kind = r.u8();
    PROBE_RC.with(|c| c.set(if kind & 0x40 != 0 { -1 } else { 0 }));
    EXPECT.with(|c| c.set([hd1, id, hd2, pd]));
    let _ = shift;
    // Work: pd² + pd RNN calls over at most the patch, plus the rescaling.
    let (pdu, idu) = (pd as u64, id as u64);
    let per_call = pdu.saturating_mul(idu).saturating_add(hd1.max(hd2) as u64 * 40 + 1);
    if pdu.saturating_mul(pdu + 4).saturating_mul(per_call) > WORK_BUDGET {
        return;
    }
    let patch_len = if pd == 0 {
        Some(0)
    } else {
        (stride as usize).checked_mul(pd as usize - 1).and_then(|x| x.checked_add(pd as usize)).and_then(|x| x.checked_mul(id as usize))
    };
    let (b_len, o_len) = (product(&[hd1, pd]), product(&[hd2, 4]));
    // rnn1/rnn2: 0 NULL, 1..=2 probe, 3 tinyrnn's FastGRNN (dense, this build).
    let (k1, k2) = (kind & 3, (kind >> 2) & 3);
    let real = (k1 == 3 || k2 == 3) && hd1 <= 8 && hd2 <= 8 && id <= 8;
    let (c1, c2) = if real { (Some(grnn::<X>(cx, hd1, id)), Some(grnn::<i16>(cx, hd2, hd1))) } else { (None, None) };
    let opaque = |c: &Option<Box<Cell15<X>>>| match c {
        Some(c) => (&c.params as *const _ as *const c_void, &c.buffers as *const _ as *mut c_void, &c.scales as *const _ as *const c_void),
        None => (0x10 as *const c_void, 0x20 as *mut c_void, 0x30 as *const c_void),
    };
    let (p1, b1, s1) = if k1 == 3 && real { opaque(&c1) } else { (0x10 as *const c_void, 0x20 as *mut c_void, 0x30 as *const c_void) };
    let (p2, b2, s2) = match (&c2, k2 == 3 && real) {
        (Some(c), true) => (&c.params as *const _ as *const c_void, &c.buffers as *const _ as *mut c_void, &c.scales as *const _ as *const c_void),
        _ => (0x10 as *const c_void, 0x20 as *mut c_void, 0x30 as *const c_void),
    };
    let rnn1: Option<Rnn<X>> = match k1 {
        0 => None,
        3 if real => Some(grnn1),
        _ => Some(probe1),
    };
    let rnn2: Option<Rnn<i16>> = match k2 {
        0 => None,
        3 if real => Some(if shift { tinyrnn_q15_fastgrnn_shift_dense } else { tinyrnn_q15_fastgrnn_div_dense }),
        _ => Some(probe::<i16>),
    };
    let layout = cx.r.u8();
    if layout >= 0xE0 && !cx.has_fault() && o_len.is_some_and(|n| n <= 64) && b_len.is_some_and(|n| n <= 64) && patch_len.is_some_and(|n| n <= 256) {
        // output over buffer or over the patch: computed in EdgeML's order
        // (the differential test checks the result), except a Q15 output over
        // the Q7 patch: refused, nothing written.
        let (o, b, p) = (o_len.unwrap_or(0), b_len.unwrap_or(0), patch_len.unwrap_or(0));
        let xs = std::mem::size_of::<X>();
        let (off_p, off_b) = (64, (64 + xs * p + 64).next_multiple_of(8));
        let target = if layout & 0x10 != 0 { off_p } else { off_b };
        let off_o = (target as isize + 2 * ((layout & 7) as isize - 4)) as usize;
        let size = (off_b + 2 * b).max(off_o + 2 * o) + 64;
        let rd = &mut cx.r;
        let arena = Arena::new(size, |_| rd.u8());
        let before = arena.bytes();
        let rc = unsafe { f(arena.at(off_p), id, pd, stride, rnn1, hd1, p1, b1, s1, rnn2, hd2, p2, b2, s2, arena.at(off_o), arena.at(off_b), sh[0], sh[1], sh[2], sh[3]) };
        let meets = |a: usize, al: usize, b: usize, bl: usize| al > 0 && bl > 0 && a < b + bl && b < a + al;
        let (over_b, over_p) = (meets(off_o, 2 * o, off_b, 2 * b), meets(off_o, 2 * o, off_p, xs * p));
        assert!(documented_code(rc), "undocumented code {rc}");
        if rnn1.is_none() || rnn2.is_none() {
            assert_eq!(rc, -100, "NULL RNN");
        } else if over_p && xs == 1 {
            assert_eq!(rc, -106, "Q15 output over the Q7 patch accepted");
            assert!(arena.bytes() == before, "refused RNNPool wrote memory");
        } else if over_b || over_p {
            assert_eq!(rc, 0, "shared-memory RNNPool refused (v={v})");
        }
        return;
    }
    let patch: RawBuf<X> = cx.buf(patch_len);
    let output: RawBuf<i16> = cx.buf(o_len);
    let buffer: RawBuf<i16> = cx.buf(b_len);
    let (ob, bb) = (output.contents(), buffer.contents());
    let rc = unsafe {
        f(patch.cptr(), id, pd, stride, rnn1, hd1, p1, b1, s1, rnn2, hd2, p2, b2, s2, output.ptr(), buffer.ptr(), sh[0], sh[1], sh[2], sh[3])
    };
    assert!(documented_code(rc), "undocumented code {rc}");
    if rnn1.is_none() || rnn2.is_none() {
        assert_eq!(rc, -100, "NULL RNN");
    } else if cx.refused {
        assert!(rc != 0, "refused call returned 0");
    } else {
        assert_eq!(rc, 0, "RNNPool ignores its RNNs' codes (v={v})");
    }
    if rc != 0 {
        assert!(same(&ob, &output.contents()) && same(&bb, &buffer.contents()), "failing RNNPool wrote memory");
    }
}
