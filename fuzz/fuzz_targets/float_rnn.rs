//! The float API's recurrent functions through the C ABI: `fastgrnn`,
//! `fastgrnn_lr` (any sizes, ranks, steps, weights; NULL structs, NULL
//! scratch in EdgeML's order, NULL/misaligned arrays, scratch overlapping the
//! state) and `rnnpool_block` (with a probe RNN that reads and writes every
//! element it is given, with `fastgrnn`, or with NULL RNNs).
#![no_main]

use std::cell::Cell;
use std::ffi::c_void;
use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::mem::{product, same, Ctx, Place, RawBuf, MAX_ELEMS};
use tinyrnn_fuzz::{documented_code, WORK_BUDGET};

fuzz_target!(|data: &[u8]| run(data));

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    match cx.r.u8() % 3 {
        0 => fastgrnn(&mut cx, false),
        1 => fastgrnn(&mut cx, true),
        _ => rnnpool(&mut cx),
    }
}

fn check(rc: i32, expected: Option<i32>, refused: bool, before: &[f32], after: &[f32]) {
    assert!(documented_code(rc), "undocumented code {rc}");
    match expected {
        Some(e) => assert_eq!(rc, e),
        None if refused => assert!(rc != 0, "refused call returned 0"),
        None => assert_eq!(rc, 0),
    }
    if rc != 0 {
        assert!(same(before, after), "failing call changed the state");
    }
}

fn fastgrnn(cx: &mut Ctx, low_rank: bool) {
    let r = &mut cx.r;
    let (hd, id, steps) = (r.small_dim(12), r.small_dim(12), r.small_dim(5));
    let (backward, normalize) = (r.u8() as i32 % 3, r.u8() as i32 % 3);
    let (wr, ur) = if low_rank { (r.small_dim(6), r.small_dim(6)) } else { (0, 0) };
    let sfault = match r.u8() {
        t @ 0xF0..=0xFF => (t - 0xEF) as usize,
        _ => 0,
    };
    let per_step = (hd as u64)
        .saturating_mul(hd as u64 + id as u64 + wr as u64 + ur as u64)
        .saturating_add((wr as u64 + ur as u64).saturating_mul(id as u64 + hd as u64))
        .saturating_add(id as u64 + 1);
    if (steps as u64).saturating_mul(per_step) > WORK_BUDGET {
        return;
    }
    let inputs = product(&[steps, id]);
    let norm = if normalize != 0 { inputs } else { Some(0) };
    let hdu = Some(hd as usize);
    let hidden: RawBuf<f32> = cx.buf(hdu);
    let input: RawBuf<f32> = cx.buf(inputs);
    let mean: RawBuf<f32> = cx.buf(norm);
    let std_dev: RawBuf<f32> = cx.buf(norm);
    let (m1, m2, m3, m4): (RawBuf<f32>, RawBuf<f32>, RawBuf<f32>, RawBuf<f32>) = if low_rank {
        (cx.buf(product(&[wr, id])), cx.buf(product(&[hd, wr])), cx.buf(product(&[ur, hd])), cx.buf(product(&[hd, ur])))
    } else {
        (cx.buf(product(&[hd, id])), cx.buf(product(&[hd, hd])), cx.buf(Some(0)), cx.buf(Some(0)))
    };
    let bg: RawBuf<f32> = cx.buf(hdu);
    let bh: RawBuf<f32> = cx.buf(hdu);
    let pre: RawBuf<f32> = cx.buf_with(hdu, |_| 0.0);
    let tw: RawBuf<f32> = cx.buf_with(Some(wr as usize), |_| 0.0);
    let tu: RawBuf<f32> = cx.buf_with(Some(ur as usize), |_| 0.0);
    let nf: RawBuf<f32> = cx.buf_with(Some(id as usize), |_| 0.0);
    let (zeta, nu) = (cx.r.f32(), cx.r.f32());
    // Scratch pointers in EdgeML's order, with their codes.
    let mut scratch: Vec<(*mut f32, i32)> = if low_rank {
        vec![(pre.ptr(), -1), (tw.ptr(), -2), (tu.ptr(), -3), (nf.ptr(), -4)]
    } else {
        vec![(pre.ptr(), -1), (nf.ptr(), -4)]
    };
    if (4..4 + scratch.len()).contains(&sfault) {
        scratch[sfault - 4].0 = null_mut();
    }
    let overlap = sfault == 9 && hd > 0 && !cx.refused && pre.is_real();
    if overlap {
        scratch[0].0 = hidden.ptr();
    }
    let expected_scratch = scratch.iter().find(|(p, _)| p.is_null()).map(|&(_, c)| c);
    let before = hidden.contents();
    let p = |x: &RawBuf<f32>| x.ptr();
    let rc = unsafe {
        if low_rank {
            let params = FastGRNN_LR_Params {
                mean: p(&mean), stdDev: p(&std_dev), W1: p(&m1), W2: p(&m2), wRank: wr, U1: p(&m3), U2: p(&m4), uRank: ur,
                Bg: p(&bg), Bh: p(&bh), sigmoid_zeta: zeta, sigmoid_nu: nu,
            };
            let mut b = FastGRNN_LR_Buffers { preComp: scratch[0].0, tempLRW: scratch[1].0, tempLRU: scratch[2].0, normFeatures: scratch[3].0 };
            let pp = if sfault == 1 { null() } else { &params as *const _ as *const c_void };
            let bp = if sfault == 2 { null_mut() } else { &mut b as *mut _ as *mut c_void };
            tinyrnn_fastgrnn_lr(hidden.ptr(), hd, input.cptr(), id, steps, pp, bp, backward, normalize)
        } else {
            let params = FastGRNN_Params {
                mean: p(&mean), stdDev: p(&std_dev), W: p(&m1), U: p(&m2), Bg: p(&bg), Bh: p(&bh), sigmoid_zeta: zeta, sigmoid_nu: nu,
            };
            let mut b = FastGRNN_Buffers { preComp: scratch[0].0, normFeatures: scratch[1].0 };
            let pp = if sfault == 1 { null() } else { &params as *const _ as *const c_void };
            let bp = if sfault == 2 { null_mut() } else { &mut b as *mut _ as *mut c_void };
            tinyrnn_fastgrnn(hidden.ptr(), hd, input.cptr(), id, steps, pp, bp, backward, normalize)
        }
    };
    let expected = if sfault == 2 {
        Some(-100)
    } else if expected_scratch.is_some() {
        expected_scratch
    } else if sfault == 1 {
        Some(-100)
    } else if overlap {
        Some(-106)
    } else {
        None
    };
    check(rc, expected, cx.refused, &before, &hidden.contents());
}

thread_local! {
    static PROBE: Cell<(i32, [u32; 4])> = const { Cell::new((0, [0; 4])) }; // rc, (hd1, id, hd2, pd)
}

unsafe extern "C" fn probe(
    hidden: *mut f32, hd: u32, input: *const f32, id: u32, steps: u32, params: *const c_void, buffers: *mut c_void,
    backward: i32, normalize: i32,
) -> i32 {
    let (rc, [hd1, in_dims, hd2, pd]) = PROBE.with(Cell::get);
    assert_eq!(normalize, 0);
    assert!(backward == 0 || backward == 1);
    assert_eq!((params as usize, buffers as usize), (0x10, 0x20));
    assert!((hd == hd1 && id == in_dims && (steps == pd || steps == 1)) || (hd == hd2 && id == hd1 && steps == pd), "sizes {hd} {id} {steps}");
    let mut acc = 0.0f32;
    for i in 0..steps as usize * id as usize {
        acc += input.add(i).read();
    }
    for j in 0..hd as usize {
        hidden.add(j).write(hidden.add(j).read() + acc + j as f32);
    }
    rc
}

fn rnnpool(cx: &mut Ctx) {
    let r = &mut cx.r;
    let (id, pd, stride) = (r.small_dim(4), r.small_dim(6), r.small_dim(6));
    let (hd1, hd2) = (r.small_dim(5), r.small_dim(5));
    let kind = r.u8();
    PROBE.with(|c| c.set((if kind & 0x40 != 0 { -1 } else { 0 }, [hd1, id, hd2, pd])));
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
    // A real FastGRNN for rnn1 or rnn2 needs weights of its sizes: zeros.
    let real = kind & 0x30 == 0x30 && hd1 <= 8 && hd2 <= 8 && id <= 8;
    let zeros = |n: u32| RawBuf::<f32>::new((n as usize).min(MAX_ELEMS), Place::Normal, |_| 0.0);
    let m = |a: u32, b: u32| a.saturating_mul(b);
    let (w1, u1, w2, u2, b1, b2) = (zeros(m(hd1, id)), zeros(m(hd1, hd1)), zeros(m(hd2, hd1)), zeros(m(hd2, hd2)), zeros(hd1), zeros(hd2));
    let (pc1, nf1, pc2, nf2) = (zeros(hd1), zeros(id), zeros(hd2), zeros(hd1));
    let params1 = FastGRNN_Params { mean: null_mut(), stdDev: null_mut(), W: w1.ptr(), U: u1.ptr(), Bg: b1.ptr(), Bh: b1.ptr(), sigmoid_zeta: 1.0, sigmoid_nu: 0.5 };
    let params2 = FastGRNN_Params { W: w2.ptr(), U: u2.ptr(), Bg: b2.ptr(), Bh: b2.ptr(), ..params1 };
    let mut bufs1 = FastGRNN_Buffers { preComp: pc1.ptr(), normFeatures: nf1.ptr() };
    let mut bufs2 = FastGRNN_Buffers { preComp: pc2.ptr(), normFeatures: nf2.ptr() };
    type Rnn = unsafe extern "C" fn(*mut f32, u32, *const f32, u32, u32, *const c_void, *mut c_void, i32, i32) -> i32;
    let (rnn1, rnn2): (Option<Rnn>, Option<Rnn>) = match kind & 3 {
        0 => (None, Some(probe)),
        1 => (Some(probe), None),
        _ if real => (Some(tinyrnn_fastgrnn), Some(tinyrnn_fastgrnn)),
        _ => (Some(probe), Some(probe)),
    };
    let (p1, bb1, p2, bb2) = if real && kind & 3 >= 2 {
        (&params1 as *const _ as *const c_void, &mut bufs1 as *mut _ as *mut c_void, &params2 as *const _ as *const c_void, &mut bufs2 as *mut _ as *mut c_void)
    } else {
        (0x10 as *const c_void, 0x20 as *mut c_void, 0x10 as *const c_void, 0x20 as *mut c_void)
    };
    let patch: RawBuf<f32> = cx.buf(patch_len);
    let output: RawBuf<f32> = cx.buf(product(&[hd2, 4]));
    let buffer: RawBuf<f32> = cx.buf(product(&[hd1, pd]));
    // output == buffer (it must fit in buffer): computed in EdgeML's order.
    let aliased = cx.r.u8() >= 0xF0 && !cx.refused && hd2 > 0 && pd > 0 && hd1 > 0 && 4 * hd2 as u64 <= hd1 as u64 * pd as u64;
    let out_ptr = if aliased { buffer.ptr() } else { output.ptr() };
    let (ob, bb) = (output.contents(), buffer.contents());
    let rc = unsafe { tinyrnn_rnnpool_block(patch.cptr(), id, pd, stride, rnn1, hd1, p1, bb1, rnn2, hd2, p2, bb2, out_ptr, buffer.ptr()) };
    assert!(documented_code(rc), "undocumented code {rc}");
    if rnn1.is_none() || rnn2.is_none() {
        assert_eq!(rc, -100);
    } else if cx.refused {
        assert!(rc != 0);
    } else {
        assert_eq!(rc, 0);
    }
    if rc != 0 {
        assert!(same(&ob, &output.contents()) && same(&bb, &buffer.contents()), "failing rnnpool_block wrote memory");
    }
}
