//! Differential target: `q15_rnnpool_block` and `q7xq15_q15_rnnpool_block`
//! (division and shift builds) through the C ABI, pooling with tinyrnn's own
//! dense FastGRNN exports as `rnn1` and `rnn2`, against the plain model
//! (`tests/model/fastgrnn.rs`: EdgeML's RNNPool sequence over the plain
//! FastGRNN model). Small shapes, any strides, weights and scales; inputs
//! that leave EdgeML's defined domain (the model panics) are skipped.
//! Inside it, the call must return 0 and `output` must equal the model's to
//! the bit.
#![no_main]

use std::ffi::c_void;

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::grnn::dense_scales;
use tinyrnn_fuzz::in_domain;
use tinyrnn_fuzz::input::Reader;
use tinyrnn_fuzz::model::fastgrnn::{rnnpool, FastGrnn, Features, PoolScales, Scales, Weights};

fuzz_target!(|data: &[u8]| run(data));

fn v16(r: &mut Reader, n: usize) -> Vec<i16> {
    (0..n).map(|_| r.i16()).collect()
}

/// One pooled RNN: the C structs tinyrnn's dense FastGRNN reads, and the model.
struct Rnn {
    scales: Q15_FastGRNN_Scales,
    model: FastGrnn,
}

fn rnn(r: &mut Reader, hd: usize, id: usize, q7: bool) -> Rnn {
    let scales = dense_scales(r);
    let (w, u) = (v16(r, hd * id), v16(r, hd * hd));
    let (bg, bh) = (v16(r, hd), v16(r, hd));
    let (zeta, nu) = (r.i16(), r.i16());
    let none = if q7 { Features::Q7(vec![]) } else { Features::Q15(vec![]) };
    let model = FastGrnn {
        hidden_dims: hd, input_dims: id, w: Weights::Dense(w), u: Weights::Dense(u), bg, bh, zeta, nu,
        mean: none.clone(), std_dev: none, scales: Scales::dense(&scales),
    };
    Rnn { scales, model }
}

impl Rnn {
    fn weights(&self) -> (*const i16, *const i16) {
        match (&self.model.w, &self.model.u) {
            (Weights::Dense(w), Weights::Dense(u)) => (w.as_ptr(), u.as_ptr()),
            _ => unreachable!(),
        }
    }
}

fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let op = r.u8();
    let (shift, q7) = (op & 1 != 0, op & 2 != 0);
    let id = r.bounded(8) as usize;
    let pd = r.bounded(8) as usize;
    let stride = r.bounded(10) as usize;
    let hd1 = r.bounded(8) as usize;
    let hd2 = r.bounded(8) as usize;
    let sc = PoolScales { sh_r1: r.scale(), sh_l1: r.scale(), sh_r2: r.scale(), sh_l2: r.scale() };
    let rnn1 = rnn(&mut r, hd1, id, q7);
    let rnn2 = rnn(&mut r, hd2, hd1, false);
    let p_len = if pd == 0 { 0 } else { (stride * (pd - 1) + pd) * id };
    let patch = if q7 { Features::Q7((0..p_len).map(|_| r.i8()).collect()) } else { Features::Q15(v16(&mut r, p_len)) };
    let Some(want) = in_domain(|| rnnpool(&patch, id, pd, stride, &rnn1.model, &rnn2.model, sc, shift)) else { return };

    // The C call: FastGRNN's params and scratch for each RNN, exact sizes.
    let none = std::ptr::null();
    let (w1, u1) = rnn1.weights();
    let (w2, u2) = rnn2.weights();
    let p2 = Q15_FastGRNN_Params {
        mean: none, stdDev: none, W: w2, Wids: std::ptr::null(), Wvals: none, U: u2, Uids: std::ptr::null(), Uvals: none,
        Bg: rnn2.model.bg.as_ptr(), Bh: rnn2.model.bh.as_ptr(), sigmoid_zeta: rnn2.model.zeta, sigmoid_nu: rnn2.model.nu,
    };
    let mut s2: Vec<Vec<i16>> = vec![vec![0; hd2.max(1)], vec![0; hd2.max(1)], vec![0; hd2.max(1)], vec![0; hd1.max(1)]];
    let mut b2 = Q15_FastGRNN_Buffers {
        preComp1: s2[0].as_mut_ptr(), preComp2: s2[1].as_mut_ptr(), preComp3: s2[2].as_mut_ptr(), normFeatures: s2[3].as_mut_ptr(),
    };
    let mut s1: Vec<Vec<i16>> = vec![vec![0; hd1.max(1)]; 3];
    let (mut nf16, mut nf8) = (vec![0i16; id.max(1)], vec![0i8; id.max(1)]);
    let mut output = vec![0x5a5ai16; 4 * hd2];
    let mut buffer = vec![0x5a5ai16; hd1 * pd];
    let (pc1, pc2, pc3) = (s1[0].as_mut_ptr(), s1[1].as_mut_ptr(), s1[2].as_mut_ptr());
    let vp = |p: *const Q15_FastGRNN_Scales| p as *const c_void;
    let (o, b) = (output.as_mut_ptr(), buffer.as_mut_ptr());
    let (pd32, st32, id32, h1, h2) = (pd as u32, stride as u32, id as u32, hd1 as u32, hd2 as u32);
    let rnn2_f = if shift { tinyrnn_q15_fastgrnn_shift_dense } else { tinyrnn_q15_fastgrnn_div_dense };
    let pp2 = &p2 as *const _ as *const c_void;
    let bp2 = &mut b2 as *mut _ as *mut c_void;
    let rc = unsafe {
        match &patch {
            Features::Q7(x) => {
                let p1 = Q7xQ15_FastGRNN_Params {
                    mean: std::ptr::null(), stdDev: std::ptr::null(), W: w1, Wids: std::ptr::null(), Wvals: none, U: u1,
                    Uids: std::ptr::null(), Uvals: none, Bg: rnn1.model.bg.as_ptr(), Bh: rnn1.model.bh.as_ptr(),
                    sigmoid_zeta: rnn1.model.zeta, sigmoid_nu: rnn1.model.nu,
                };
                let mut b1 = Q7xQ15_FastGRNN_Buffers { preComp1: pc1, preComp2: pc2, preComp3: pc3, normFeatures: nf8.as_mut_ptr() };
                let pool = if shift { tinyrnn_q7xq15_q15_rnnpool_block_shift_dense } else { tinyrnn_q7xq15_q15_rnnpool_block_div_dense };
                let f1 = if shift { tinyrnn_q7xq15_q15_fastgrnn_shift_dense } else { tinyrnn_q7xq15_q15_fastgrnn_div_dense };
                pool(x.as_ptr(), id32, pd32, st32, Some(f1), h1, &p1 as *const _ as *const c_void, &mut b1 as *mut _ as *mut c_void,
                    vp(&rnn1.scales), Some(rnn2_f), h2, pp2, bp2, vp(&rnn2.scales), o, b, sc.sh_r1, sc.sh_l1, sc.sh_r2, sc.sh_l2)
            }
            Features::Q15(x) => {
                let p1 = Q15_FastGRNN_Params {
                    mean: none, stdDev: none, W: w1, Wids: std::ptr::null(), Wvals: none, U: u1, Uids: std::ptr::null(),
                    Uvals: none, Bg: rnn1.model.bg.as_ptr(), Bh: rnn1.model.bh.as_ptr(), sigmoid_zeta: rnn1.model.zeta,
                    sigmoid_nu: rnn1.model.nu,
                };
                let mut b1 = Q15_FastGRNN_Buffers { preComp1: pc1, preComp2: pc2, preComp3: pc3, normFeatures: nf16.as_mut_ptr() };
                let pool = if shift { tinyrnn_q15_rnnpool_block_shift_dense } else { tinyrnn_q15_rnnpool_block_div_dense };
                pool(x.as_ptr(), id32, pd32, st32, Some(rnn2_f), h1, &p1 as *const _ as *const c_void,
                    &mut b1 as *mut _ as *mut c_void, vp(&rnn1.scales), Some(rnn2_f), h2, pp2, bp2, vp(&rnn2.scales), o, b, sc.sh_r1,
                    sc.sh_l1, sc.sh_r2, sc.sh_l2)
            }
        }
    };
    assert_eq!(rc, 0, "an in-domain call was refused");
    assert_eq!(output, want, "op {op} (id {id}, patch {pd}, stride {stride}, hd {hd1}/{hd2}): C ABI differs from the plain model");
}

