//! Differential target: every Q15 cell (`tinyrnn_q15_<cell>_{div,shift}`:
//! FastRNN, UGRNN, SiTGRU, Li-GRU, eGRU, MGU, hard MGU, TinyEats GRU, GRU)
//! through the C ABI against its plain model (`tests/model/cells.rs`: the
//! documented sequence of util kernels, each a plain kernel model). Small
//! shapes, any steps, direction and normalisation; the Q15-weight matrices
//! dense, low rank or sparse; packed 3-bit, 4-bit and int8 weights; scales
//! from a unit calibration with any fields overridden by the input (the seeds
//! override all of them with calibrations of the recorded float models).
//! Inputs that leave the defined domain (the model panics) are skipped.
//! Inside it, the call must return 0 and the state must equal the model's to
//! the bit.
#![no_main]

use std::ffi::c_void;
use std::ptr::null;

use libfuzzer_sys::fuzz_target;
use tinyrnn::cells::calibrate::Calibration;
use tinyrnn::{Divisor, Exponent};
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::in_domain;
use tinyrnn_fuzz::input::Reader;
use tinyrnn_fuzz::model::cells::{int4_value, pow2_value, Cell, CellScales};
use tinyrnn_fuzz::model::fastgrnn::Weights;

fuzz_target!(|data: &[u8]| run(data));

type Q15Cell = unsafe extern "C" fn(*mut i16, u32, *const i16, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

/// Cell order of the input's first byte (`% 9`; bit 7: `SHIFT` build).
pub const CELLS: [&str; 9] = ["fastrnn", "ugrnn", "sitgru", "ligru", "egru", "mgu", "hard_mgu", "tinyeats", "gru"];
const DIV: [Q15Cell; 9] = [
    tinyrnn_q15_fastrnn_div, tinyrnn_q15_ugrnn_div, tinyrnn_q15_sitgru_div, tinyrnn_q15_ligru_div, tinyrnn_q15_egru_div,
    tinyrnn_q15_mgu_div, tinyrnn_q15_hard_mgu_div, tinyrnn_q15_tinyeats_div, tinyrnn_q15_gru_div,
];
const SHIFT: [Q15Cell; 9] = [
    tinyrnn_q15_fastrnn_shift, tinyrnn_q15_ugrnn_shift, tinyrnn_q15_sitgru_shift, tinyrnn_q15_ligru_shift, tinyrnn_q15_egru_shift,
    tinyrnn_q15_mgu_shift, tinyrnn_q15_hard_mgu_shift, tinyrnn_q15_tinyeats_shift, tinyrnn_q15_gru_shift,
];
/// Blocks of `H` rows in `W`, in `U`; bias blocks (`B` or `bias_ih`).
const BLOCKS: [(usize, usize, usize); 9] = [(1, 1, 1), (2, 2, 2), (2, 2, 2), (2, 2, 2), (2, 2, 2), (2, 1, 2), (2, 1, 0), (3, 2, 3), (3, 3, 3)];

fn v16(r: &mut Reader, n: usize) -> Vec<i16> {
    (0..n).map(|_| r.i16()).collect()
}

fn bytes(r: &mut Reader, n: usize) -> Vec<u8> {
    (0..n).map(|_| r.u8()).collect()
}

/// A Q15 matrix: a kind byte (`% 3`: dense, low rank of rank `1..=4`,
/// EdgeML's sparse encoding with up to 7 rows per column), then its values.
fn q15_matrix(r: &mut Reader, rows: usize, cols: usize) -> Weights {
    match r.u8() % 3 {
        1 => {
            let rank = r.bounded(3) as usize + 1;
            Weights::LowRank { first: v16(r, rank * cols), second: v16(r, rows * rank), rank }
        }
        2 => {
            let mut ids = Vec::new();
            for _ in 0..cols {
                for _ in 0..if rows == 0 { 0 } else { r.u8() % 8 } {
                    ids.push(r.u8() as u32 % rows as u32 + 1);
                }
                ids.push(0);
            }
            let vals = v16(r, ids.iter().filter(|&&i| i != 0).count());
            Weights::Sparse { ids, vals }
        }
        _ => Weights::Dense(v16(r, rows * cols)),
    }
}

fn c_matrix(m: &Weights) -> TinyRNN_Q15_Matrix {
    let mut c = TinyRNN_Q15_Matrix { M: null(), M1: null(), M2: null(), rank: 0, ids: null(), vals: null() };
    match m {
        Weights::Dense(v) => c.M = v.as_ptr(),
        Weights::LowRank { first, second, rank } => (c.M1, c.M2, c.rank) = (first.as_ptr(), second.as_ptr(), *rank as u32),
        Weights::Sparse { ids, vals } => (c.ids, c.vals) = (ids.as_ptr(), vals.as_ptr()),
    }
    c
}

/// Overrides words of a scale struct (all its fields are integers, so any
/// bytes are a valid struct): a count, then `(word index, scale)` pairs.
fn tweak<T>(r: &mut Reader, s: &mut T) {
    let words = std::mem::size_of::<T>() / 4;
    let p = s as *mut T as *mut i32;
    for _ in 0..r.u8() {
        let k = r.u8() as usize % words;
        let v = r.scale();
        // SAFETY: `k < words`, inside the struct, which is plain integers.
        unsafe { p.add(k).write(v) };
    }
}

fn scales(r: &mut Reader, cell: usize, shift: bool) -> CellScales {
    macro_rules! make {
        ($t:ident, $v:ident) => {{
            let mut s = if shift { $t::from_calibration(&Calibration::<Exponent>::unit()) } else { $t::from_calibration(&Calibration::<Divisor>::unit()) };
            tweak(r, &mut s);
            CellScales::$v(s)
        }};
    }
    match cell {
        0 => make!(Q15_FastRNN_Scales, FastRnn),
        1 => make!(Q15_UGRNN_Scales, Ugrnn),
        2 => make!(Q15_SiTGRU_Scales, SitGru),
        3 => make!(Q15_LiGRU_Scales, LiGru),
        4 => make!(Q15_EGRU_Scales, Egru),
        5 => make!(Q15_MGU_Scales, Mgu),
        6 => make!(Q15_HardMGU_Scales, HardMgu),
        7 => make!(Q15_TinyEats_Scales, TinyEats),
        _ => make!(Q15_GRU_Scales, Gru),
    }
}

fn scales_ptr(s: &CellScales) -> *const c_void {
    match s {
        CellScales::FastRnn(s) => s as *const _ as *const c_void,
        CellScales::Ugrnn(s) => s as *const _ as *const c_void,
        CellScales::SitGru(s) => s as *const _ as *const c_void,
        CellScales::LiGru(s) => s as *const _ as *const c_void,
        CellScales::Egru(s) => s as *const _ as *const c_void,
        CellScales::Mgu(s) => s as *const _ as *const c_void,
        CellScales::HardMgu(s) => s as *const _ as *const c_void,
        CellScales::TinyEats(s) => s as *const _ as *const c_void,
        CellScales::Gru(s) => s as *const _ as *const c_void,
    }
}

fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let op = r.u8();
    let (cell, shift) = (op as usize % 9, op & 0x80 != 0);
    let h = r.bounded(8) as usize;
    let d = r.bounded(8) as usize;
    let steps = r.bounded(6) as usize;
    let backward = r.u8() & 1 != 0;
    let normalize = r.u8() & 1 != 0;
    let sc = scales(&mut r, cell, shift);
    let (wb, ub, bb) = BLOCKS[cell];
    let (rows, urows) = (wb * h, ub * h);
    // Weights in the cell's storage, and as the model multiplies them.
    let (mut codes, mut int8): (Vec<Vec<u8>>, Vec<Vec<i8>>) = (vec![], vec![]);
    let (w, u, u_h, b, b2, alpha, beta);
    let none = Weights::Dense(vec![]);
    match cell {
        4 => {
            // eGRU: packed 3-bit codes for W, U, B.
            let n = [rows * d, urows * h, bb * h];
            codes = n.iter().map(|&k| bytes(&mut r, (3 * k).div_ceil(8))).collect();
            let dec = |c: &[u8], k: usize| (0..k).map(|i| pow2_value(c, i)).collect::<Vec<i16>>();
            (w, u, u_h, b) = (Weights::Dense(dec(&codes[0], n[0])), Weights::Dense(dec(&codes[1], n[1])), none, dec(&codes[2], n[2]));
            (b2, alpha, beta) = (vec![], 0, 0);
        }
        6 => {
            // Hard MGU: packed 4-bit codes for W, U_f, U_h; no bias.
            let n = [rows * d, h * h, h * h];
            codes = n.iter().map(|&k| bytes(&mut r, k.div_ceil(2))).collect();
            let dec = |c: &[u8], k: usize| Weights::Dense((0..k).map(|i| int4_value(c, i)).collect());
            (w, u, u_h, b) = (dec(&codes[0], n[0]), dec(&codes[1], n[1]), dec(&codes[2], n[2]), vec![]);
            (b2, alpha, beta) = (vec![], 0, 0);
        }
        7 => {
            // TinyEats: int8 W, U, U_h, B.
            let n = [rows * d, urows * h, h * h, bb * h];
            int8 = n.iter().map(|&k| (0..k).map(|_| r.i8()).collect()).collect();
            let wide = |v: &[i8]| v.iter().map(|&x| x as i16).collect::<Vec<i16>>();
            (w, u, u_h, b) = (Weights::Dense(wide(&int8[0])), Weights::Dense(wide(&int8[1])), Weights::Dense(wide(&int8[2])), wide(&int8[3]));
            (b2, alpha, beta) = (vec![], 0, 0);
        }
        _ => {
            w = q15_matrix(&mut r, rows, d);
            u = q15_matrix(&mut r, urows, h);
            u_h = if cell == 5 { q15_matrix(&mut r, h, h) } else { none };
            b = v16(&mut r, bb * h);
            b2 = if cell == 8 { v16(&mut r, 3 * h) } else { vec![] };
            (alpha, beta) = if cell == 0 { (r.i16(), r.i16()) } else { (0, 0) };
        }
    }
    let h0 = v16(&mut r, h);
    let x = v16(&mut r, steps * d);
    let nl = if normalize { steps * d } else { 0 };
    let (mean, std_dev) = (v16(&mut r, nl), v16(&mut r, nl));
    let model = Cell { hidden_dims: h, input_dims: d, w, u, u_h, b, b2, alpha, beta, mean, std_dev, scales: sc };
    let Some(want) = in_domain(|| model.run(&h0, &x, steps, backward, normalize, shift)) else { return };

    // The C call, the weights in the cell's own storage.
    let n = rows.max(d).max(8);
    let mut s: Vec<Vec<i16>> = vec![vec![0; n]; 6];
    let mut buf = TinyRNN_Q15_Buffers {
        preComp1: s[0].as_mut_ptr(), preComp2: s[1].as_mut_ptr(), preComp3: s[2].as_mut_ptr(), tempLRW: s[3].as_mut_ptr(),
        tempLRU: s[4].as_mut_ptr(), normFeatures: s[5].as_mut_ptr(),
    };
    let (mp, sp) = (model.mean.as_ptr(), model.std_dev.as_ptr());
    let (m, bp) = (&model, model.b.as_ptr());
    let params: Box<dyn std::any::Any> = match cell {
        0 => Box::new(Q15_FastRNN_Params { mean: mp, stdDev: sp, W: c_matrix(&m.w), U: c_matrix(&m.u), B: bp, alpha, beta }),
        1..=3 => Box::new(Q15_UGRNN_Params { mean: mp, stdDev: sp, W: c_matrix(&m.w), U: c_matrix(&m.u), B: bp }),
        4 => Box::new(Q15_EGRU_Params { mean: mp, stdDev: sp, W: codes[0].as_ptr(), U: codes[1].as_ptr(), B: codes[2].as_ptr() }),
        5 => Box::new(Q15_MGU_Params { mean: mp, stdDev: sp, W: c_matrix(&m.w), Uf: c_matrix(&m.u), Uh: c_matrix(&m.u_h), B: bp }),
        6 => Box::new(Q15_HardMGU_Params { mean: mp, stdDev: sp, W: codes[0].as_ptr(), Uf: codes[1].as_ptr(), Uh: codes[2].as_ptr() }),
        7 => Box::new(Q15_TinyEats_Params { mean: mp, stdDev: sp, W: int8[0].as_ptr(), U: int8[1].as_ptr(), Uh: int8[2].as_ptr(), B: int8[3].as_ptr() }),
        _ => Box::new(Q15_GRU_Params { mean: mp, stdDev: sp, weight_ih: c_matrix(&m.w), weight_hh: c_matrix(&m.u), bias_ih: bp, bias_hh: m.b2.as_ptr() }),
    };
    let pp = &*params as *const dyn std::any::Any as *const c_void;
    let f = if shift { SHIFT[cell] } else { DIV[cell] };
    let mut got = h0.clone();
    let rc = unsafe {
        f(got.as_mut_ptr(), h as u32, x.as_ptr(), d as u32, steps as u32, pp, &mut buf as *mut _ as *mut c_void, scales_ptr(&model.scales),
            backward as i32, normalize as i32)
    };
    let what = format!("{} shift={shift} H={h} D={d} steps={steps}", CELLS[cell]);
    assert_eq!(rc, 0, "{what}: an in-domain call was refused");
    assert_eq!(got, want, "{what}: C ABI differs from the plain model");
}
