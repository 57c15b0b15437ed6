//! Differential target: quantized FastGRNN through the C ABI against its
//! plain model (`tests/model/fastgrnn.rs`: EdgeML's sequence of util calls,
//! each a plain kernel model), in every variant: `q15_fastgrnn` and
//! `q7xq15_q15_fastgrnn` (division/shift × dense/sparse) and
//! `q15_fastgrnn_lr` (division/shift). Small shapes, any steps, direction,
//! normalisation, weights, sparse encodings and scales; inputs that leave
//! EdgeML's defined domain (the model panics) are skipped. Inside it, the
//! call must return 0 and the hidden state must equal the model's to the bit.
#![no_main]

use std::ffi::c_void;

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::grnn::{dense_scales, lr_scales};
use tinyrnn_fuzz::in_domain;
use tinyrnn_fuzz::input::Reader;
use tinyrnn_fuzz::model::fastgrnn::{FastGrnn, Features, Scales, Weights};

fuzz_target!(|data: &[u8]| run(data));

type Grnn<X> = unsafe extern "C" fn(*mut i16, u32, *const X, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

/// `q15_fastgrnn` variants by `(shift, sparse)`.
const Q15: [Grnn<i16>; 4] = [tinyrnn_q15_fastgrnn_div_dense, tinyrnn_q15_fastgrnn_div_sparse, tinyrnn_q15_fastgrnn_shift_dense, tinyrnn_q15_fastgrnn_shift_sparse];
const Q7: [Grnn<i8>; 4] = [
    tinyrnn_q7xq15_q15_fastgrnn_div_dense, tinyrnn_q7xq15_q15_fastgrnn_div_sparse,
    tinyrnn_q7xq15_q15_fastgrnn_shift_dense, tinyrnn_q7xq15_q15_fastgrnn_shift_sparse,
];

pub fn v16(r: &mut Reader, n: usize) -> Vec<i16> {
    (0..n).map(|_| r.i16()).collect()
}

pub fn v8(r: &mut Reader, n: usize) -> Vec<i8> {
    (0..n).map(|_| r.i8()).collect()
}

/// EdgeML's sparse encoding of `cols` columns of `rows` rows: per column a
/// count (`% 16`) then that many row bytes (row `b % rows + 1`).
pub fn encoding(r: &mut Reader, cols: usize, rows: usize) -> Vec<u32> {
    let mut ids = Vec::new();
    for _ in 0..cols {
        let n = if rows == 0 { 0 } else { r.u8() % 16 };
        for _ in 0..n {
            ids.push(r.u8() as u32 % rows as u32 + 1);
        }
        ids.push(0);
    }
    ids
}

fn features(r: &mut Reader, q7: bool, n: usize) -> Features {
    if q7 {
        Features::Q7(v8(r, n))
    } else {
        Features::Q15(v16(r, n))
    }
}

fn ptr(f: &Features) -> *const c_void {
    match f {
        Features::Q15(v) => v.as_ptr() as *const c_void,
        Features::Q7(v) => v.as_ptr() as *const c_void,
    }
}

fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let v = r.u8() % 10;
    let (lr, q7) = (v >= 8, (4..8).contains(&v));
    let shift = if lr { v == 9 } else { v & 2 != 0 };
    let sparse = !lr && v & 1 != 0;
    let hd = r.bounded(16) as usize;
    let id = r.bounded(16) as usize;
    let steps = r.bounded(8) as usize;
    let backward = r.u8() & 1 != 0;
    let normalize = r.u8() & 1 != 0;
    let (wr, ur) = if lr { (r.bounded(8) as usize, r.bounded(8) as usize) } else { (0, 0) };
    let (c_dense, c_lr) = if lr { (None, Some(lr_scales(&mut r))) } else { (Some(dense_scales(&mut r)), None) };
    let (w_ids, u_ids) = if sparse { (encoding(&mut r, id, hd), encoding(&mut r, hd, hd)) } else { (vec![], vec![]) };
    let h0 = v16(&mut r, hd);
    let x = features(&mut r, q7, steps * id);
    let nl = if normalize { steps * id } else { 0 };
    let mean = features(&mut r, q7, nl);
    let std_dev = features(&mut r, q7, nl);
    let nnz = |ids: &[u32]| ids.iter().filter(|&&i| i != 0).count();
    let (w, u) = if lr {
        let (w1, w2) = (v16(&mut r, wr * id), v16(&mut r, hd * wr));
        let (u1, u2) = (v16(&mut r, ur * hd), v16(&mut r, hd * ur));
        (Weights::LowRank { first: w1, second: w2, rank: wr }, Weights::LowRank { first: u1, second: u2, rank: ur })
    } else if sparse {
        let (wv, uv) = (v16(&mut r, nnz(&w_ids)), v16(&mut r, nnz(&u_ids)));
        (Weights::Sparse { ids: w_ids, vals: wv }, Weights::Sparse { ids: u_ids, vals: uv })
    } else {
        (Weights::Dense(v16(&mut r, hd * id)), Weights::Dense(v16(&mut r, hd * hd)))
    };
    let (bg, bh) = (v16(&mut r, hd), v16(&mut r, hd));
    let (zeta, nu) = (r.i16(), r.i16());
    let scales = match (&c_dense, &c_lr) {
        (Some(s), _) => Scales::dense(s),
        (_, Some(s)) => Scales::low_rank(s),
        _ => unreachable!(),
    };
    let model = FastGrnn { hidden_dims: hd, input_dims: id, w, u, bg, bh, zeta, nu, mean, std_dev, scales };
    let Some(want) = in_domain(|| model.run(&h0, &x, steps, backward, normalize, shift)) else { return };

    // The C call, every buffer of exactly its size.
    let mut h = h0.clone();
    let (mut pc1, mut pc2, mut pc3) = (vec![0i16; hd.max(1)], vec![0i16; hd.max(1)], vec![0i16; hd.max(1)]);
    let (mut tw, mut tu) = (vec![0i16; wr.max(1)], vec![0i16; ur.max(1)]);
    let (mut nf16, mut nf8) = (vec![0i16; id.max(1)], vec![0i8; id.max(1)]);
    let none = std::ptr::null();
    let (bw, nm) = (backward as i32, normalize as i32);
    let (mp, sp) = (ptr(&model.mean), ptr(&model.std_dev));
    let rc = unsafe {
        match &model.w {
            Weights::LowRank { first: w1, second: w2, .. } => {
                let Weights::LowRank { first: u1, second: u2, .. } = &model.u else { unreachable!() };
                let p = Q15_FastGRNN_LR_Params {
                    mean: mp as *const i16, stdDev: sp as *const i16, W1: w1.as_ptr(), W2: w2.as_ptr(), wRank: wr as u32,
                    U1: u1.as_ptr(), U2: u2.as_ptr(), uRank: ur as u32, Bg: model.bg.as_ptr(), Bh: model.bh.as_ptr(),
                    sigmoid_zeta: zeta, sigmoid_nu: nu,
                };
                let mut b = Q15_FastGRNN_LR_Buffers {
                    preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), tempLRW: tw.as_mut_ptr(),
                    tempLRU: tu.as_mut_ptr(), normFeatures: nf16.as_mut_ptr(),
                };
                let f = if shift { tinyrnn_q15_fastgrnn_lr_shift } else { tinyrnn_q15_fastgrnn_lr_div };
                let s = c_lr.as_ref().unwrap();
                f(h.as_mut_ptr(), hd as u32, ptr(&x) as *const i16, id as u32, steps as u32, &p as *const _ as *const c_void,
                    &mut b as *mut _ as *mut c_void, s as *const _ as *const c_void, bw, nm)
            }
            w => {
                let (mut wp, mut wv, mut up, mut uv): (*const i16, _, _, _) = (none, none, none, none);
                let (mut wi, mut ui): (*const u32, *const u32) = (std::ptr::null(), std::ptr::null());
                match (w, &model.u) {
                    (Weights::Dense(w), Weights::Dense(u)) => (wp, up) = (w.as_ptr(), u.as_ptr()),
                    (Weights::Sparse { ids: a, vals: b }, Weights::Sparse { ids: c, vals: d }) => {
                        (wi, wv, ui, uv) = (a.as_ptr(), b.as_ptr(), c.as_ptr(), d.as_ptr())
                    }
                    _ => unreachable!(),
                }
                let s = c_dense.as_ref().unwrap() as *const _ as *const c_void;
                let k = (shift as usize) * 2 + sparse as usize;
                let (bg, bh) = (model.bg.as_ptr(), model.bh.as_ptr());
                if q7 {
                    let p = Q7xQ15_FastGRNN_Params {
                        mean: mp as *const i8, stdDev: sp as *const i8, W: wp, Wids: wi, Wvals: wv, U: up, Uids: ui, Uvals: uv,
                        Bg: bg, Bh: bh, sigmoid_zeta: zeta, sigmoid_nu: nu,
                    };
                    let mut b = Q7xQ15_FastGRNN_Buffers {
                        preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), normFeatures: nf8.as_mut_ptr(),
                    };
                    Q7[k](h.as_mut_ptr(), hd as u32, ptr(&x) as *const i8, id as u32, steps as u32, &p as *const _ as *const c_void,
                        &mut b as *mut _ as *mut c_void, s, bw, nm)
                } else {
                    let p = Q15_FastGRNN_Params {
                        mean: mp as *const i16, stdDev: sp as *const i16, W: wp, Wids: wi, Wvals: wv, U: up, Uids: ui, Uvals: uv,
                        Bg: bg, Bh: bh, sigmoid_zeta: zeta, sigmoid_nu: nu,
                    };
                    let mut b = Q15_FastGRNN_Buffers {
                        preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), normFeatures: nf16.as_mut_ptr(),
                    };
                    Q15[k](h.as_mut_ptr(), hd as u32, ptr(&x) as *const i16, id as u32, steps as u32, &p as *const _ as *const c_void,
                        &mut b as *mut _ as *mut c_void, s, bw, nm)
                }
            }
        }
    };
    assert_eq!(rc, 0, "variant {v}: an in-domain call was refused");
    assert_eq!(h, want, "variant {v} (hd {hd}, id {id}, steps {steps}): C ABI differs from the plain model");
}
