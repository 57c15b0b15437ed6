//! The quantized FastGRNN exports through the C ABI: `q15_fastgrnn` and
//! `q7xq15_q15_fastgrnn` (division/shift × dense/sparse) and
//! `q15_fastgrnn_lr` (division/shift): arbitrary sizes, ranks, steps,
//! scales, weights and sparse encodings (rows beyond `hiddenDims` too),
//! NULL structs and scratch buffers, NULL/misaligned arrays, scratch
//! overlapping the hidden state.
//!
//! Checks: the return code is the documented one (EdgeML's code for the
//! first missing scratch buffer, in EdgeML's order, before anything else;
//! -100 for a NULL struct; an error for any refused array; -102 exactly when
//! a sparse row number exceeds `hiddenDims`; the overlap computed, as
//! EdgeML defines it: tests/edgeml_recorded.rs pins its values), and on
//! any error the hidden state is untouched. The model handles of all
//! three on the same arguments: an init
//! refuses only what the call refuses, or shared memory (-106); a run of a
//! model it accepted gives the call's code and hidden state, or refuses
//! shared memory (-106) and writes nothing.
#![no_main]

use std::ffi::c_void;
use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::grnn::{dense_scales, lr_scales};
use tinyrnn_fuzz::mem::{product, same, Ctx, Elem, Place, RawBuf, MAX_ELEMS};
use tinyrnn_fuzz::{documented_code, WORK_BUDGET};

fuzz_target!(|data: &[u8]| run(data));

type Grnn<X> = unsafe extern "C" fn(*mut i16, u32, *const X, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;
type Init = unsafe extern "C" fn(*mut tinyrnn_fastgrnn_model, u32, u32, u32, *const c_void, *mut c_void, *const c_void, i32) -> i32;
type Run<X> = unsafe extern "C" fn(*const tinyrnn_fastgrnn_model, *mut i16, *const X, u32, i32) -> i32;

/// Sizes common to every variant.
struct Sizes {
    hd: u32,
    id: u32,
    steps: u32,
    backward: i32,
    normalize: i32,
}

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    sizes(&mut cx);
    let v = cx.r.u8() % 10;
    let r = &mut cx.r;
    let sz = Sizes {
        hd: r.small_dim(12),
        id: r.small_dim(12),
        steps: r.small_dim(5),
        backward: r.u8() as i32 % 3,
        normalize: r.u8() as i32 % 3,
    };
    // Struct faults: 1 NULL params, 2 NULL buffers struct, 3 NULL scales,
    // 4.. a NULL scratch field; plus an overlap of preComp2 with the state.
    let sfault = match cx.r.u8() {
        t @ 0xF0..=0xFF => (t - 0xEF) as usize,
        _ => 0,
    };
    match v {
        0..=3 => {
            let cells: [(Grnn<i16>, Init, Run<i16>); 4] = [
                (tinyrnn_q15_fastgrnn_div_dense as Grnn<i16>, tinyrnn_q15_fastgrnn_model_init_div_dense as Init, tinyrnn_q15_fastgrnn_model_run_div_dense as Run<i16>),
                (tinyrnn_q15_fastgrnn_div_sparse, tinyrnn_q15_fastgrnn_model_init_div_sparse, tinyrnn_q15_fastgrnn_model_run_div_sparse),
                (tinyrnn_q15_fastgrnn_shift_dense, tinyrnn_q15_fastgrnn_model_init_shift_dense, tinyrnn_q15_fastgrnn_model_run_shift_dense),
                (tinyrnn_q15_fastgrnn_shift_sparse, tinyrnn_q15_fastgrnn_model_init_shift_sparse, tinyrnn_q15_fastgrnn_model_run_shift_sparse),
            ];
            dense_or_sparse::<i16>(&mut cx, &sz, v & 1 == 1, sfault, cells[v as usize])
        }
        4..=7 => {
            let cells: [(Grnn<i8>, Init, Run<i8>); 4] = [
                (tinyrnn_q7xq15_q15_fastgrnn_div_dense as Grnn<i8>, tinyrnn_q7xq15_q15_fastgrnn_model_init_div_dense as Init, tinyrnn_q7xq15_q15_fastgrnn_model_run_div_dense as Run<i8>),
                (tinyrnn_q7xq15_q15_fastgrnn_div_sparse, tinyrnn_q7xq15_q15_fastgrnn_model_init_div_sparse, tinyrnn_q7xq15_q15_fastgrnn_model_run_div_sparse),
                (tinyrnn_q7xq15_q15_fastgrnn_shift_dense, tinyrnn_q7xq15_q15_fastgrnn_model_init_shift_dense, tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_dense),
                (tinyrnn_q7xq15_q15_fastgrnn_shift_sparse, tinyrnn_q7xq15_q15_fastgrnn_model_init_shift_sparse, tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_sparse),
            ];
            dense_or_sparse::<i8>(&mut cx, &sz, v & 1 == 1, sfault, cells[v as usize - 4])
        }
        8 => low_rank(&mut cx, &sz, sfault, (tinyrnn_q15_fastgrnn_lr_div, tinyrnn_q15_fastgrnn_lr_model_init_div, tinyrnn_q15_fastgrnn_lr_model_run_div)),
        _ => low_rank(&mut cx, &sz, sfault, (tinyrnn_q15_fastgrnn_lr_shift, tinyrnn_q15_fastgrnn_lr_model_init_shift, tinyrnn_q15_fastgrnn_lr_model_run_shift)),
    }
}

/// The scratch-size queries: any cell id and sizes give 0 with the sizes
/// the calls check, `TINYRNN_ERR_GEOMETRY` for an unknown cell, or
/// `TINYRNN_ERR_OVERFLOW`; nothing is written on error.
fn sizes(cx: &mut Ctx) {
    let (cell, hd, id, wr, ur) = (cx.r.u8() as u32 % 12, cx.r.u32() >> (cx.r.u8() % 32), cx.r.u32(), cx.r.u32(), cx.r.u32());
    let untouched = TinyRNN_Buffer_Sizes { preComp1: 7, preComp2: 7, preComp3: 7, tempLRW: 7, tempLRU: 7, normFeatures: 7 };
    let mut s = untouched;
    let rc = unsafe { tinyrnn_get_buffer_sizes(cell, hd, id, wr, ur, &mut s) };
    // The stacked gate blocks of each cell id (TINYRNN_CELL_*).
    let blocks = [1u32, 1, 2, 3, 2, 2, 3, 2, 2, 2];
    match blocks.get(cell as usize) {
        None => assert!(rc == -107 && s == untouched, "unknown cell {cell}: {rc}"),
        Some(&b) => match hd.checked_mul(b) {
            None => assert!(rc == -103 && s == untouched, "overflow: {rc}"),
            Some(rows) => {
                assert_eq!(rc, 0);
                assert_eq!((s.preComp1, s.preComp2, s.tempLRW, s.tempLRU, s.normFeatures), (rows, rows, wr, ur, id));
            }
        },
    }
    assert_eq!(unsafe { tinyrnn_get_buffer_sizes(cell, hd, id, wr, ur, null_mut()) }, -100);
    let (h1, pd, h2) = (cx.r.u32() >> 16, cx.r.u32() >> (cx.r.u8() % 32), cx.r.u32() >> (cx.r.u8() % 32));
    let (mut b, mut o) = (1u32, 1u32);
    let rc = unsafe { tinyrnn_rnnpool_block_get_buffer_sizes(h1, pd, h2, &mut b, &mut o) };
    match (h1.checked_mul(pd), h2.checked_mul(4)) {
        (Some(nb), Some(no)) => assert_eq!((rc, b, o), (0, nb, no)),
        _ => assert_eq!((rc, b, o), (-103, 1, 1)),
    }
}

/// A sparse encoding of `ncols` columns; row numbers mostly within `rows`,
/// sometimes one past it, or anything.
fn encoding(cx: &mut Ctx, ncols: u32, rows: u32) -> (Vec<u32>, u32) {
    let (mut ids, mut max_row) = (Vec::new(), 0u32);
    for _ in 0..ncols {
        for _ in 0..cx.r.u8() % 16 {
            let row = match cx.r.u8() {
                0xFF => cx.r.u32().max(1),
                0xFE => rows.saturating_add(1),
                t => t as u32 % rows.max(1) + 1,
            };
            max_row = max_row.max(row);
            ids.push(row);
        }
        ids.push(0);
    }
    (ids, max_row)
}

fn work(sz: &Sizes, per_step: u64) -> bool {
    (sz.steps as u64).saturating_mul(per_step.saturating_add(1)) <= WORK_BUDGET
}

/// The expected code when a scratch pointer is NULL (EdgeML's order), else None.
fn edgeml_code(scratch: &[(bool, i32)]) -> Option<i32> {
    scratch.iter().find(|(null, _)| *null).map(|&(_, code)| code)
}

fn check(rc: i32, expected: Option<i32>, must_fail: bool, ok_codes: &[i32], before: &[i16], after: &[i16]) {
    assert!(documented_code(rc), "undocumented return code {rc}");
    if let Some(e) = expected {
        assert_eq!(rc, e, "expected code {e}");
    } else if must_fail {
        assert!(rc != 0, "a refused call returned 0");
    } else {
        assert!(ok_codes.contains(&rc), "unexpected code {rc} (allowed {ok_codes:?})");
    }
    if rc != 0 {
        assert_eq!(before, after, "hidden state changed by a failing call");
    }
}

fn dense_or_sparse<X: Elem>(cx: &mut Ctx, sz: &Sizes, sparse: bool, sfault: usize, (f, init, run): (Grnn<X>, Init, Run<X>)) {
    let (hd, id) = (sz.hd, sz.id);
    let per_step = (hd as u64).saturating_mul(hd as u64 + id as u64).saturating_add(id as u64);
    if !work(sz, per_step) {
        return;
    }
    let inputs = product(&[sz.steps, id]);
    let norm = if sz.normalize != 0 { inputs } else { Some(0) };
    let hdu = Some(hd as usize);
    let scales = dense_scales(&mut cx.r);
    let (w_ids, w_rows) = if sparse && id as usize <= 4096 { encoding(cx, id, hd) } else { (Vec::new(), 0) };
    let (u_ids, u_rows) = if sparse && hd as usize <= 4096 { encoding(cx, hd, hd) } else { (Vec::new(), 0) };
    let hidden: RawBuf<i16> = cx.buf(hdu);
    let input: RawBuf<X> = cx.buf(inputs);
    let mean: RawBuf<X> = cx.buf(norm);
    let std_dev: RawBuf<X> = cx.buf(norm);
    let (w, u, wi, wv, ui, uv): (RawBuf<i16>, RawBuf<i16>, RawBuf<u32>, RawBuf<i16>, RawBuf<u32>, RawBuf<i16>);
    if sparse {
        w = cx.buf(Some(0));
        u = cx.buf(Some(0));
        let wl = (id as usize <= 4096).then_some(w_ids.len());
        wi = cx.buf_with(wl, |i| w_ids[i]);
        wv = cx.buf(Some(w_ids.iter().filter(|&&x| x != 0).count()));
        let ul = (hd as usize <= 4096).then_some(u_ids.len());
        ui = cx.buf_with(ul, |i| u_ids[i]);
        uv = cx.buf(Some(u_ids.iter().filter(|&&x| x != 0).count()));
    } else {
        w = cx.buf(product(&[hd, id]));
        u = cx.buf(product(&[hd, hd]));
        (wi, wv, ui, uv) = (cx.buf(Some(0)), cx.buf(Some(0)), cx.buf(Some(0)), cx.buf(Some(0)));
    }
    let bg: RawBuf<i16> = cx.buf(hdu);
    let bh: RawBuf<i16> = cx.buf(hdu);
    // preComp3: EdgeML writes it each step; tinyrnn uses it only when buffers share memory.
    let pc: [RawBuf<i16>; 3] = [cx.buf(hdu), cx.buf(hdu), RawBuf::new((hd as usize).min(MAX_ELEMS), Place::Normal, |_| 0)];
    let nf: RawBuf<X> = cx.buf(Some(id as usize));
    // A NULL field of the (Q7xQ15 or Q15) params struct has the same layout.
    let params = Q15_FastGRNN_Params {
        mean: mean.cptr() as *const i16,
        stdDev: std_dev.cptr() as *const i16,
        W: w.cptr(),
        Wids: wi.cptr(),
        Wvals: wv.cptr(),
        U: u.cptr(),
        Uids: ui.cptr(),
        Uvals: uv.cptr(),
        Bg: bg.cptr(),
        Bh: bh.cptr(),
        sigmoid_zeta: cx.r.i16(),
        sigmoid_nu: cx.r.i16(),
    };
    let mut ptrs = [pc[0].ptr(), pc[1].ptr(), pc[2].ptr(), nf.ptr() as *mut i16];
    if (4..8).contains(&sfault) {
        ptrs[sfault - 4] = null_mut();
    }
    let overlap = sfault == 8 && hd > 0 && !cx.refused;
    if overlap {
        ptrs[1] = hidden.ptr();
    }
    let mut buffers = Q15_FastGRNN_Buffers { preComp1: ptrs[0], preComp2: ptrs[1], preComp3: ptrs[2], normFeatures: ptrs[3] };
    let p = if sfault == 1 { null() } else { &params as *const _ as *const c_void };
    let b = if sfault == 2 { null_mut() } else { &mut buffers as *mut _ as *mut c_void };
    let s = if sfault == 3 { null() } else { &scales as *const _ as *const c_void };
    let before = hidden.contents();
    let rc = unsafe { f(hidden.ptr(), hd, input.cptr(), id, sz.steps, p, b, s, sz.backward, sz.normalize) };
    let expected = if sfault == 2 {
        Some(-100)
    } else if let Some(code) = edgeml_code(&[(ptrs[0].is_null(), -1), (ptrs[1].is_null(), -1), (ptrs[2].is_null(), -1), (ptrs[3].is_null(), -4)]) {
        Some(code)
    } else if sfault == 1 || sfault == 3 {
        Some(-100)
    } else {
        // An overlap (scratch over the state) is computed in EdgeML's order.
        None
    };
    let rows_ok = !sparse || (w_rows <= hd && u_rows <= hd);
    let after = hidden.contents();
    check(rc, expected, cx.refused, if rows_ok { &[0] } else { &[-102] }, &before, &after);

    through_model(init, run, sz, (p, b, s), &hidden, &input, (rc, &before, &after));
}

/// The call of `rc` through a model: init with the call's params, buffers
/// and scales `pbs`, then a run from the hidden state `before` the call,
/// which gave `after`.
#[allow(clippy::type_complexity)]
fn through_model<X: Elem>(init: Init, run: Run<X>, sz: &Sizes, (p, b, s): (*const c_void, *mut c_void, *const c_void), hidden: &RawBuf<i16>, input: &RawBuf<X>, (rc, before, after): (i32, &[i16], &[i16])) {
    let mut model = Box::new(std::mem::MaybeUninit::<tinyrnn_fastgrnn_model>::zeroed());
    let init_rc = unsafe { init(model.as_mut_ptr(), sz.hd, sz.id, sz.steps, p, b, s, sz.normalize) };
    assert!(documented_code(init_rc), "undocumented init code {init_rc}");
    if init_rc != 0 {
        assert!(rc != 0 || init_rc == -106, "init refused ({init_rc}) a call that ran");
        return;
    }
    for (i, &v) in before.iter().enumerate() {
        // SAFETY: `before` was read from this allocation (unaligned when skewed).
        unsafe { hidden.ptr().add(i).write_unaligned(v) };
    }
    let run_rc = unsafe { run(model.as_ptr(), hidden.ptr(), input.cptr(), sz.steps, sz.backward) };
    if run_rc == 0 {
        assert_eq!(rc, 0, "a model ran a call that was refused");
        assert!(same(&hidden.contents(), after), "a model run's hidden state differs from the call's");
    } else {
        assert!(documented_code(run_rc), "undocumented run code {run_rc}");
        assert!(rc != 0 || run_rc == -106, "a model refused ({run_rc}) a call that ran");
        assert!(same(&hidden.contents(), before), "hidden state changed by a refused run");
    }
}

fn low_rank(cx: &mut Ctx, sz: &Sizes, sfault: usize, (f, init, run): (Grnn<i16>, Init, Run<i16>)) {
    let (hd, id) = (sz.hd, sz.id);
    let (wr, ur) = (cx.r.small_dim(6), cx.r.small_dim(6));
    let per_step = (wr as u64)
        .saturating_mul(id as u64 + hd as u64)
        .saturating_add((ur as u64).saturating_mul(2 * hd as u64))
        .saturating_add(hd as u64 + id as u64);
    if !work(sz, per_step) {
        return;
    }
    let inputs = product(&[sz.steps, id]);
    let norm = if sz.normalize != 0 { inputs } else { Some(0) };
    let hdu = Some(hd as usize);
    let scales = lr_scales(&mut cx.r);
    let hidden: RawBuf<i16> = cx.buf(hdu);
    let input: RawBuf<i16> = cx.buf(inputs);
    let mean: RawBuf<i16> = cx.buf(norm);
    let std_dev: RawBuf<i16> = cx.buf(norm);
    let w1: RawBuf<i16> = cx.buf(product(&[wr, id]));
    let w2: RawBuf<i16> = cx.buf(product(&[hd, wr]));
    let u1: RawBuf<i16> = cx.buf(product(&[ur, hd]));
    let u2: RawBuf<i16> = cx.buf(product(&[hd, ur]));
    let bg: RawBuf<i16> = cx.buf(hdu);
    let bh: RawBuf<i16> = cx.buf(hdu);
    // preComp3: EdgeML writes it each step; tinyrnn uses it only when buffers share memory.
    let pc: [RawBuf<i16>; 3] = [cx.buf(hdu), cx.buf(hdu), RawBuf::new((hd as usize).min(MAX_ELEMS), Place::Normal, |_| 0)];
    let tw: RawBuf<i16> = cx.buf(Some(wr as usize));
    let tu: RawBuf<i16> = cx.buf(Some(ur as usize));
    let nf: RawBuf<i16> = cx.buf(Some(id as usize));
    let params = Q15_FastGRNN_LR_Params {
        mean: mean.cptr(),
        stdDev: std_dev.cptr(),
        W1: w1.cptr(),
        W2: w2.cptr(),
        wRank: wr,
        U1: u1.cptr(),
        U2: u2.cptr(),
        uRank: ur,
        Bg: bg.cptr(),
        Bh: bh.cptr(),
        sigmoid_zeta: cx.r.i16(),
        sigmoid_nu: cx.r.i16(),
    };
    let mut ptrs = [pc[0].ptr(), pc[1].ptr(), pc[2].ptr(), tw.ptr(), tu.ptr(), nf.ptr()];
    if (4..10).contains(&sfault) {
        ptrs[sfault - 4] = null_mut();
    }
    let overlap = sfault == 10 && hd > 0 && !cx.refused;
    if overlap {
        ptrs[0] = hidden.ptr();
    }
    let mut buffers = Q15_FastGRNN_LR_Buffers {
        preComp1: ptrs[0],
        preComp2: ptrs[1],
        preComp3: ptrs[2],
        tempLRW: ptrs[3],
        tempLRU: ptrs[4],
        normFeatures: ptrs[5],
    };
    let p = if sfault == 1 { null() } else { &params as *const _ as *const c_void };
    let b = if sfault == 2 { null_mut() } else { &mut buffers as *mut _ as *mut c_void };
    let s = if sfault == 3 { null() } else { &scales as *const _ as *const c_void };
    let before = hidden.contents();
    let rc = unsafe { f(hidden.ptr(), hd, input.cptr(), id, sz.steps, p, b, s, sz.backward, sz.normalize) };
    let scratch = [
        (ptrs[0].is_null(), -1),
        (ptrs[1].is_null(), -1),
        (ptrs[2].is_null(), -1),
        (ptrs[3].is_null(), -2),
        (ptrs[4].is_null(), -3),
        (ptrs[5].is_null(), -4),
    ];
    let expected = if sfault == 2 {
        Some(-100)
    } else if let Some(code) = edgeml_code(&scratch) {
        Some(code)
    } else if sfault == 1 || sfault == 3 {
        Some(-100)
    } else {
        // An overlap (scratch over the state) is computed in EdgeML's order.
        None
    };
    let after = hidden.contents();
    check(rc, expected, cx.refused, &[0], &before, &after);
    through_model(init, run, sz, (p, b, s), &hidden, &input, (rc, &before, &after));
}
