//! Every Q15 cell equals, bit for bit, its documented sequence of EdgeML
//! primitives (the header comments of `include/tinyrnn_*.h`), composed here
//! from the library's exported C symbols (`tinyrnn_q15_m_mulvec_div`,
//! `tinyrnn_q15_v_add_shift`, …, and `tinyrnn_q15_v_softsign`), in both
//! scaling modes, reading the scales by their C field names.
//!
//! Each cell runs through its C export (`tinyrnn_q15_<cell>_{div,shift}`)
//! and through the Rust API, on calibrated random models, forwards and
//! backwards, with and without normalisation; the Q15-weight cells also with
//! a low-rank `W`, a sparse `U` (EdgeML's encoding) and low-rank `U`/`U_h`.
#![allow(non_snake_case, clippy::too_many_arguments)]

mod cells_support;

use std::ffi::c_void;
use std::ptr;

use cells_support::{Model, QModel, Rng};
use tinyrnn as _;
use tinyrnn::cells::calibrate::{Calibration, Ranges};
use tinyrnn::cells::float::{self as cf, Matrix};
use tinyrnn::cells::formats::{int4_get, pow2_get, pow2_quarters};
use tinyrnn::cells::CellKind;
use tinyrnn::ffi::cells::q15::*;
use tinyrnn::{Divisor, Exponent, Scale};

type MulVec = unsafe extern "C" fn(*const i16, *const i16, u32, u32, *mut i16, i32, i32, i32);
type Sparse = unsafe extern "C" fn(*const u32, *const i16, *const i16, u32, *mut i16, i32, i32, i32);
type Add = unsafe extern "C" fn(*const i16, *const i16, u32, *mut i16, i32, i32, i32, i32);
type Sub = unsafe extern "C" fn(*const i16, *const i16, u32, *mut i16, i32, i32, i32);
type Hd = unsafe extern "C" fn(*const i16, *const i16, u32, *mut i16, i32, i32);
type ScalarAdd = unsafe extern "C" fn(i16, *const i16, u32, *mut i16, i32, i32, i32);
type ScalarMul = unsafe extern "C" fn(i16, *const i16, u32, *mut i16, i32, i32);
type ScaleUp = unsafe extern "C" fn(*const i16, u32, *mut i16, i32);
type Cell = unsafe extern "C" fn(*mut i16, u32, *const i16, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

/// Declares the `_div` and `_shift` symbol of each function.
macro_rules! modal {
    ($($div:ident / $shift:ident ($($a:ident: $t:ty),*) $(-> $r:ty)?;)*) => {
        extern "C" { $( fn $div($($a: $t),*) $(-> $r)?; fn $shift($($a: $t),*) $(-> $r)?; )* }
    };
}

modal! {
    tinyrnn_q15_m_mulvec_div / tinyrnn_q15_m_mulvec_shift(mat: *const i16, vec: *const i16, nrows: u32, ncols: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    tinyrnn_q15_m_sparse_mulvec_div / tinyrnn_q15_m_sparse_mulvec_shift(ids: *const u32, vals: *const i16, vec: *const i16, nelem: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    tinyrnn_q15_v_add_div / tinyrnn_q15_v_add_shift(a: *const i16, b: *const i16, len: u32, ret: *mut i16, sa: i32, sb: i32, sr: i32, demote: i32);
    tinyrnn_q15_v_sub_div / tinyrnn_q15_v_sub_shift(a: *const i16, b: *const i16, len: u32, ret: *mut i16, sa: i32, sb: i32, sr: i32);
    tinyrnn_q15_v_hadamard_div / tinyrnn_q15_v_hadamard_shift(a: *const i16, b: *const i16, len: u32, ret: *mut i16, sa: i32, sb: i32);
    tinyrnn_q15_v_scalar_add_div / tinyrnn_q15_v_scalar_add_shift(scalar: i16, v: *const i16, len: u32, ret: *mut i16, ss: i32, sv: i32, sr: i32);
    tinyrnn_q15_v_scalar_sub_div / tinyrnn_q15_v_scalar_sub_shift(scalar: i16, v: *const i16, len: u32, ret: *mut i16, ss: i32, sv: i32, sr: i32);
    tinyrnn_q15_v_scalar_mul_div / tinyrnn_q15_v_scalar_mul_shift(scalar: i16, v: *const i16, len: u32, ret: *mut i16, ss: i32, sv: i32);
    tinyrnn_q15_v_scale_up_div / tinyrnn_q15_v_scale_up_shift(v: *const i16, len: u32, ret: *mut i16, s: i32);
    tinyrnn_q15_fastrnn_div / tinyrnn_q15_fastrnn_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_ugrnn_div / tinyrnn_q15_ugrnn_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_sitgru_div / tinyrnn_q15_sitgru_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_ligru_div / tinyrnn_q15_ligru_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_egru_div / tinyrnn_q15_egru_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_mgu_div / tinyrnn_q15_mgu_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_hard_mgu_div / tinyrnn_q15_hard_mgu_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_tinyeats_div / tinyrnn_q15_tinyeats_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    tinyrnn_q15_gru_div / tinyrnn_q15_gru_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
}

extern "C" {
    fn tinyrnn_q15_v_sigmoid(vec: *const i16, len: u32, ret: *mut i16, div: i16, add: i16, limit: i16, scale_in: i32, scale_out: i32, use_tables: u32);
    fn tinyrnn_q15_v_tanh(vec: *const i16, len: u32, ret: *mut i16, scale_in: i32, scale_out: i32, use_tables: u32);
    fn tinyrnn_q15_v_softsign(vec: *const i16, len: u32, ret: *mut i16, scale_in: i32, scale_out: i32);
}

/// The exported primitives of one scaling mode.
struct P {
    mulvec: MulVec,
    sparse: Sparse,
    add: Add,
    sub: Sub,
    hd: Hd,
    scalar_add: ScalarAdd,
    scalar_sub: ScalarAdd,
    scalar_mul: ScalarMul,
    scale_up: ScaleUp,
}

/// The `_shift` symbol when `shift`, else the `_div` one.
macro_rules! pick {
    ($shift:expr, $d:ident, $s:ident, $t:ty) => {
        if $shift {
            $s as $t
        } else {
            $d as $t
        }
    };
}

fn prims(shift: bool) -> P {
    P {
        mulvec: pick!(shift, tinyrnn_q15_m_mulvec_div, tinyrnn_q15_m_mulvec_shift, MulVec),
        sparse: pick!(shift, tinyrnn_q15_m_sparse_mulvec_div, tinyrnn_q15_m_sparse_mulvec_shift, Sparse),
        add: pick!(shift, tinyrnn_q15_v_add_div, tinyrnn_q15_v_add_shift, Add),
        sub: pick!(shift, tinyrnn_q15_v_sub_div, tinyrnn_q15_v_sub_shift, Sub),
        hd: pick!(shift, tinyrnn_q15_v_hadamard_div, tinyrnn_q15_v_hadamard_shift, Hd),
        scalar_add: pick!(shift, tinyrnn_q15_v_scalar_add_div, tinyrnn_q15_v_scalar_add_shift, ScalarAdd),
        scalar_sub: pick!(shift, tinyrnn_q15_v_scalar_sub_div, tinyrnn_q15_v_scalar_sub_shift, ScalarAdd),
        scalar_mul: pick!(shift, tinyrnn_q15_v_scalar_mul_div, tinyrnn_q15_v_scalar_mul_shift, ScalarMul),
        scale_up: pick!(shift, tinyrnn_q15_v_scale_up_div, tinyrnn_q15_v_scale_up_shift, ScaleUp),
    }
}

fn cell_fn(kind: CellKind, shift: bool) -> Cell {
    match kind {
        CellKind::FastRnn => pick!(shift, tinyrnn_q15_fastrnn_div, tinyrnn_q15_fastrnn_shift, Cell),
        CellKind::Ugrnn => pick!(shift, tinyrnn_q15_ugrnn_div, tinyrnn_q15_ugrnn_shift, Cell),
        CellKind::SitGru => pick!(shift, tinyrnn_q15_sitgru_div, tinyrnn_q15_sitgru_shift, Cell),
        CellKind::LiGru => pick!(shift, tinyrnn_q15_ligru_div, tinyrnn_q15_ligru_shift, Cell),
        CellKind::Egru => pick!(shift, tinyrnn_q15_egru_div, tinyrnn_q15_egru_shift, Cell),
        CellKind::Mgu => pick!(shift, tinyrnn_q15_mgu_div, tinyrnn_q15_mgu_shift, Cell),
        CellKind::HardMgu => pick!(shift, tinyrnn_q15_hard_mgu_div, tinyrnn_q15_hard_mgu_shift, Cell),
        CellKind::TinyEats => pick!(shift, tinyrnn_q15_tinyeats_div, tinyrnn_q15_tinyeats_shift, Cell),
        CellKind::Gru => pick!(shift, tinyrnn_q15_gru_div, tinyrnn_q15_gru_shift, Cell),
        CellKind::FastGrnn => unreachable!("EdgeML's own, replayed against EdgeML's vectors"),
    }
}

/// A Q15 matrix as C sees it.
#[derive(Clone, Debug)]
enum QMat {
    Dense(Vec<i16>),
    LowRank { first: Vec<i16>, second: Vec<i16>, rank: usize },
    Sparse { ids: Vec<u32>, vals: Vec<i16> },
}

impl QMat {
    fn c(&self) -> TinyRNN_Q15_Matrix {
        let mut m = TinyRNN_Q15_Matrix { M: ptr::null(), M1: ptr::null(), M2: ptr::null(), rank: 0, ids: ptr::null(), vals: ptr::null() };
        match self {
            QMat::Dense(v) => m.M = v.as_ptr(),
            QMat::LowRank { first, second, rank } => (m.M1, m.M2, m.rank) = (first.as_ptr(), second.as_ptr(), *rank as u32),
            QMat::Sparse { ids, vals } => (m.ids, m.vals) = (ids.as_ptr(), vals.as_ptr()),
        }
        m
    }

    /// EdgeML's column-major sparse encoding of a dense `rows × cols` matrix.
    fn sparse(dense: &[i16], rows: usize, cols: usize) -> QMat {
        let (mut ids, mut vals) = (vec![], vec![]);
        for c in 0..cols {
            for r in 0..rows {
                let v = dense[r * cols + c];
                if v != 0 {
                    ids.push(r as u32 + 1);
                    vals.push(v);
                }
            }
            ids.push(0);
        }
        QMat::Sparse { ids, vals }
    }
}

/// Matrix scales by C field names: `(mat, vec, out)` and the second factor's.
type Mv = ([i32; 3], [i32; 3]);

/// `out = M · v` as the sequence writes it.
unsafe fn product(p: &P, m: &QMat, v: &[i16], rows: usize, out: &mut [i16], s: Mv, temp: &mut [i16]) {
    let cols = v.len() as u32;
    let ([a, b, c], [d, e, f]) = s;
    match m {
        QMat::Dense(w) => (p.mulvec)(w.as_ptr(), v.as_ptr(), rows as u32, cols, out.as_mut_ptr(), a, b, c),
        QMat::LowRank { first, second, rank } => {
            (p.mulvec)(first.as_ptr(), v.as_ptr(), *rank as u32, cols, temp.as_mut_ptr(), a, b, c);
            (p.mulvec)(second.as_ptr(), temp.as_ptr(), rows as u32, *rank as u32, out.as_mut_ptr(), d, e, f);
        }
        QMat::Sparse { ids, vals } => {
            out[..rows].fill(0);
            (p.sparse)(ids.as_ptr(), vals.as_ptr(), v.as_ptr(), cols, out.as_mut_ptr(), a, b, c);
        }
    }
}

/// A quantized test model with everything the C call and the composition need.
struct Q {
    kind: CellKind,
    d: usize,
    h: usize,
    cal_div: Calibration<Divisor>,
    cal_shift: Calibration<Exponent>,
    w: QMat,
    u: QMat,
    u_h: QMat,
    /// Biases as Q15 values (decoded and not yet scaled up for int8/3-bit).
    b: Vec<i16>,
    b2: Vec<i16>,
    /// The cell's own storage for the special formats.
    w8: Vec<i8>,
    u8_: Vec<i8>,
    uh8: Vec<i8>,
    b8: Vec<i8>,
    wc: Vec<u8>,
    uc: Vec<u8>,
    uhc: Vec<u8>,
    bc: Vec<u8>,
    alpha: i16,
    beta: i16,
    mean: Vec<i16>,
    std_dev: Vec<i16>,
}

/// Storage variants of the Q15-weight cells.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Variant {
    Dense,
    LowRankWSparseU,
    LowRankU,
}

/// Random rank-3 factors: `W1` (3 × D), `W2` (blocks·H × 3), `U1` (3 × H).
fn lr_factors(m: &Model, rng: &mut Rng) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let r = 3;
    let s = 1.0 / (m.h as f32).sqrt();
    let mut gen = |n: usize| -> Vec<f32> { (0..n).map(|_| rng.uniform(-s, s)).collect() };
    let rows = m.kind.blocks() * m.h;
    (gen(r * m.d), gen(rows * r), gen(r * m.h))
}

impl Q {
    fn new(kind: CellKind, d: usize, h: usize, steps: usize, variant: Variant, rng: &mut Rng) -> Q {
        let m = Model::random(kind, d, h, 1.0 / (h as f32).sqrt(), rng);
        // Low-rank factors replace W (or U and U_h) in the float model too,
        // so the calibration sees them.
        let (w1, w2, u1) = lr_factors(&m, rng);
        let uh_lr = (lr_factors(&m, rng).2, (0..h * 3).map(|_| rng.uniform(-0.4, 0.4)).collect::<Vec<f32>>());
        let urows = kind.u_blocks() * h;
        let u2r: Vec<f32> = (0..urows * 3).map(|_| rng.uniform(-0.4, 0.4)).collect();
        let mean: Vec<f32> = (0..steps * d).map(|_| rng.uniform(-0.2, 0.2)).collect();
        let std: Vec<f32> = (0..steps * d).map(|_| rng.uniform(0.5, 2.0)).collect();
        fn mat(v: &[f32]) -> Matrix<'_> {
            Matrix::Dense(v)
        }
        let (wm, um, uhm) = match variant {
            Variant::Dense => (mat(&m.w), mat(&m.u), mat(&m.u_h)),
            Variant::LowRankWSparseU => (Matrix::LowRank { first: &w1, second: &w2, rank: 3 }, mat(&m.u), mat(&m.u_h)),
            Variant::LowRankU => (mat(&m.w), Matrix::LowRank { first: &u1, second: &u2r, rank: 3 }, Matrix::LowRank { first: &uh_lr.0, second: &uh_lr.1, rank: 3 }),
        };
        let (mn, sd): (&[f32], &[f32]) = (&mean, &std);
        let ranges = Ranges::new(1.0);
        fn cal<S: Scale>(kind: CellKind, m: &Model, wm: Matrix, um: Matrix, uhm: Matrix, mn: &[f32], sd: &[f32], r: Ranges) -> Calibration<S> {
            let (d, h, b) = (m.d, m.h, &m.b[..]);
            let mut c = match kind {
                CellKind::FastRnn => cf::FastRnn { mean: mn, std_dev: sd, w: wm, u: um, b, alpha: m.alpha, beta: m.beta }.calibrate(d, h, r),
                CellKind::Ugrnn => cf::Ugrnn { mean: mn, std_dev: sd, w: wm, u: um, b }.calibrate(d, h, r),
                CellKind::SitGru => cf::SitGru { mean: mn, std_dev: sd, w: wm, u: um, b }.calibrate(d, h, r),
                CellKind::LiGru => cf::LiGru { mean: mn, std_dev: sd, w: wm, u: um, b }.calibrate(d, h, r.with_state(2.0)),
                CellKind::Egru => cf::Egru { mean: mn, std_dev: sd, w: wm, u: um, b }.calibrate(d, h, r),
                CellKind::Mgu => cf::Mgu { mean: mn, std_dev: sd, w: wm, u_f: um, u_h: uhm, b }.calibrate(d, h, r),
                CellKind::HardMgu => cf::HardMgu { mean: mn, std_dev: sd, w: wm, u_f: um, u_h: uhm }.calibrate(d, h, r),
                CellKind::TinyEats => cf::TinyEats { mean: mn, std_dev: sd, w: wm, u: um, u_h: uhm, b }.calibrate(d, h, r),
                CellKind::Gru => cf::Gru { mean: mn, std_dev: sd, weight_ih: wm, weight_hh: um, bias_ih: b, bias_hh: &m.b2 }.calibrate(d, h, r),
                CellKind::FastGrnn => unreachable!(),
            }
            .expect("calibration");
            // A `qOne` other than the calibration's (a hand-tuned model's):
            // the C struct's one `qOne` must reach both scalars that read
            // it (`1 − gate`, and eGRU's and TinyEats' `qOne + ς`).
            c.scales.one_minus.scalar -= 3;
            c.scales.shift.scalar = c.scales.one_minus.scalar;
            c
        }
        let cal_div = cal::<Divisor>(kind, &m, wm, um, uhm, mn, sd, ranges);
        let cal_shift = cal::<Exponent>(kind, &m, wm, um, uhm, mn, sd, ranges);
        // Both modes calibrate to the same exponents.
        assert_eq!((cal_div.w.exp, cal_div.input_exp, cal_div.state_exp), (cal_shift.w.exp, cal_shift.input_exp, cal_shift.state_exp));
        let c = &cal_shift;
        let q = |v: &[f32], e: i32| -> Vec<i16> { v.iter().map(|&x| tinyrnn::cells::calibrate::q15_value(x, e)).collect() };
        // The dense model's quantization (QModel) gives the special formats.
        let qm = QModel::<Exponent>::new(&m, ranges);
        let (mut w, mut u, mut u_h) = (QMat::Dense(q(&m.w, c.w.exp)), QMat::Dense(q(&m.u, c.u.exp)), QMat::Dense(q(&m.u_h, c.u_h.exp)));
        let (mut b, mut b2) = (q(&m.b, c.b_exp), q(&m.b2, c.b2_exp));
        match variant {
            Variant::Dense => {}
            Variant::LowRankWSparseU => {
                w = QMat::LowRank { first: q(&w1, c.w.exp), second: q(&w2, c.w.exp2), rank: 3 };
                let mut dense = q(&m.u, c.u.exp);
                dense.iter_mut().enumerate().for_each(|(i, v)| if i % 3 == 1 { *v = 0 });
                u = QMat::sparse(&dense, urows, h);
            }
            Variant::LowRankU => {
                u = QMat::LowRank { first: q(&u1, c.u.exp), second: q(&u2r, c.u.exp2), rank: 3 };
                u_h = QMat::LowRank { first: q(&uh_lr.0, c.u_h.exp), second: q(&uh_lr.1, c.u_h.exp2), rank: 3 };
            }
        }
        // Special formats: the decoded values are what the sequence multiplies.
        let (mut w8, mut u8_, mut uh8, mut b8) = (vec![], vec![], vec![], vec![]);
        let (mut wc, mut uc, mut uhc, mut bc) = (vec![], vec![], vec![], vec![]);
        let wide = |v: &[i8]| -> Vec<i16> { v.iter().map(|&x| x as i16).collect() };
        let pow2 = |v: &[u8], n: usize| -> Vec<i16> { (0..n).map(|i| pow2_quarters(pow2_get(v, i)) as i16).collect() };
        let int4 = |v: &[u8], n: usize| -> Vec<i16> { (0..n).map(|i| int4_get(v, i) as i16).collect() };
        let rows = kind.blocks() * h;
        match kind {
            CellKind::TinyEats => {
                (w8, u8_, uh8, b8) = (qm.w7.clone(), qm.u7.clone(), qm.uh7.clone(), qm.b7.clone());
                (w, u, u_h, b) = (QMat::Dense(wide(&w8)), QMat::Dense(wide(&u8_)), QMat::Dense(wide(&uh8)), wide(&b8));
            }
            CellKind::Egru => {
                (wc, uc, bc) = (qm.wc.clone(), qm.uc.clone(), qm.bc.clone());
                (w, u, b) = (QMat::Dense(pow2(&wc, rows * d)), QMat::Dense(pow2(&uc, rows * h)), pow2(&bc, rows));
            }
            CellKind::HardMgu => {
                (wc, uc, uhc) = (qm.wc.clone(), qm.uc.clone(), qm.uhc.clone());
                (w, u, u_h) = (QMat::Dense(int4(&wc, rows * d)), QMat::Dense(int4(&uc, h * h)), QMat::Dense(int4(&uhc, h * h)));
            }
            _ => {}
        }
        if kind != CellKind::Gru {
            b2 = vec![];
        }
        let alpha = tinyrnn::cells::calibrate::q15_value(m.alpha, c.scalar_exp);
        let beta = tinyrnn::cells::calibrate::q15_value(m.beta, c.scalar_exp);
        let inv: Vec<f32> = std.iter().map(|s| 1.0 / s).collect();
        Q {
            kind,
            d,
            h,
            cal_div,
            cal_shift,
            w,
            u,
            u_h,
            b,
            b2,
            w8,
            u8_,
            uh8,
            b8,
            wc,
            uc,
            uhc,
            bc,
            alpha,
            beta,
            mean: q(&mean, c.input_exp),
            std_dev: q(&inv, c.std_dev_exp),
        }
    }
}

/// Scales as a C cell reads them, per struct.
enum Scales {
    FastRnn(Q15_FastRNN_Scales),
    Ugrnn(Q15_UGRNN_Scales),
    SitGru(Q15_SiTGRU_Scales),
    LiGru(Q15_LiGRU_Scales),
    Egru(Q15_EGRU_Scales),
    Mgu(Q15_MGU_Scales),
    HardMgu(Q15_HardMGU_Scales),
    TinyEats(Q15_TinyEats_Scales),
    Gru(Q15_GRU_Scales),
}

fn scales<S: Scale>(kind: CellKind, c: &Calibration<S>) -> Scales {
    match kind {
        CellKind::FastRnn => Scales::FastRnn(Q15_FastRNN_Scales::from_calibration(c)),
        CellKind::Ugrnn => Scales::Ugrnn(Q15_UGRNN_Scales::from_calibration(c)),
        CellKind::SitGru => Scales::SitGru(Q15_SiTGRU_Scales::from_calibration(c)),
        CellKind::LiGru => Scales::LiGru(Q15_LiGRU_Scales::from_calibration(c)),
        CellKind::Egru => Scales::Egru(Q15_EGRU_Scales::from_calibration(c)),
        CellKind::Mgu => Scales::Mgu(Q15_MGU_Scales::from_calibration(c)),
        CellKind::HardMgu => Scales::HardMgu(Q15_HardMGU_Scales::from_calibration(c)),
        CellKind::TinyEats => Scales::TinyEats(Q15_TinyEats_Scales::from_calibration(c)),
        CellKind::Gru => Scales::Gru(Q15_GRU_Scales::from_calibration(c)),
        CellKind::FastGrnn => unreachable!(),
    }
}

impl Scales {
    fn ptr(&self) -> *const c_void {
        match self {
            Scales::FastRnn(s) => s as *const _ as *const c_void,
            Scales::Ugrnn(s) => s as *const _ as *const c_void,
            Scales::SitGru(s) => s as *const _ as *const c_void,
            Scales::LiGru(s) => s as *const _ as *const c_void,
            Scales::Egru(s) => s as *const _ as *const c_void,
            Scales::Mgu(s) => s as *const _ as *const c_void,
            Scales::HardMgu(s) => s as *const _ as *const c_void,
            Scales::TinyEats(s) => s as *const _ as *const c_void,
            Scales::Gru(s) => s as *const _ as *const c_void,
        }
    }
}

/// Runs the cell's C export.
fn run_c(q: &Q, shift: bool, h: &mut [i16], x: &[i16], steps: usize, backward: bool, normalize: bool) -> i32 {
    let sc = if shift { scales(q.kind, &q.cal_shift) } else { scales(q.kind, &q.cal_div) };
    let n = (q.kind.blocks() * q.h).max(q.d).max(4);
    let mut s = vec![vec![0i16; n]; 6];
    let mut buf = TinyRNN_Q15_Buffers {
        preComp1: s[0].as_mut_ptr(),
        preComp2: s[1].as_mut_ptr(),
        preComp3: s[2].as_mut_ptr(),
        tempLRW: s[3].as_mut_ptr(),
        tempLRU: s[4].as_mut_ptr(),
        normFeatures: s[5].as_mut_ptr(),
    };
    let (mean, std) = (q.mean.as_ptr(), q.std_dev.as_ptr());
    let ug = Q15_UGRNN_Params { mean, stdDev: std, W: q.w.c(), U: q.u.c(), B: q.b.as_ptr() };
    let params: Box<dyn std::any::Any> = match q.kind {
        CellKind::FastRnn => Box::new(Q15_FastRNN_Params { mean, stdDev: std, W: q.w.c(), U: q.u.c(), B: q.b.as_ptr(), alpha: q.alpha, beta: q.beta }),
        CellKind::Ugrnn | CellKind::SitGru | CellKind::LiGru => Box::new(ug),
        CellKind::Egru => Box::new(Q15_EGRU_Params { mean, stdDev: std, W: q.wc.as_ptr(), U: q.uc.as_ptr(), B: q.bc.as_ptr() }),
        CellKind::Mgu => Box::new(Q15_MGU_Params { mean, stdDev: std, W: q.w.c(), Uf: q.u.c(), Uh: q.u_h.c(), B: q.b.as_ptr() }),
        CellKind::HardMgu => Box::new(Q15_HardMGU_Params { mean, stdDev: std, W: q.wc.as_ptr(), Uf: q.uc.as_ptr(), Uh: q.uhc.as_ptr() }),
        CellKind::TinyEats => Box::new(Q15_TinyEats_Params { mean, stdDev: std, W: q.w8.as_ptr(), U: q.u8_.as_ptr(), Uh: q.uh8.as_ptr(), B: q.b8.as_ptr() }),
        CellKind::Gru => Box::new(Q15_GRU_Params { mean, stdDev: std, weight_ih: q.w.c(), weight_hh: q.u.c(), bias_ih: q.b.as_ptr(), bias_hh: q.b2.as_ptr() }),
        CellKind::FastGrnn => unreachable!(),
    };
    let pp: *const c_void = &*params as *const dyn std::any::Any as *const c_void;
    let f = cell_fn(q.kind, shift);
    unsafe { f(h.as_mut_ptr(), q.h as u32, x.as_ptr(), q.d as u32, steps as u32, pp, &mut buf as *mut _ as *mut c_void, sc.ptr(), backward as i32, normalize as i32) }
}

/// The documented sequence, composed from the exported primitives.
unsafe fn composed(q: &Q, shift: bool, hs: &mut [i16], x: &[i16], steps: usize, backward: bool, normalize: bool) {
    let p = prims(shift);
    let sc = if shift { scales(q.kind, &q.cal_shift) } else { scales(q.kind, &q.cal_div) };
    let (d, h) = (q.d, q.h);
    let hu = h as u32;
    let n = (q.kind.blocks() * h).max(d);
    let (mut pc1, mut pc2, mut pc3) = (vec![0i16; n], vec![0i16; n], vec![0i16; h]);
    let (mut tw, mut tu, mut nf, mut bq) = (vec![0i16; 4], vec![0i16; 4], vec![0i16; d.max(1)], vec![0i16; n]);
    let hp = hs.as_mut_ptr();
    let rows = q.kind.blocks() * h;
    let urows = q.kind.u_blocks() * h;
    for t in 0..steps {
        let r = if backward { steps - 1 - t } else { t };
        let xr = &x[r * d..(r + 1) * d];
        macro_rules! norm {
            ($s:expr) => {
                if normalize {
                    (p.sub)(xr.as_ptr(), q.mean[r * d..].as_ptr(), d as u32, nf.as_mut_ptr(), $s.input, $s.mean, $s.meanSub);
                    (p.hd)(q.std_dev[r * d..].as_ptr(), nf.as_ptr(), d as u32, nf.as_mut_ptr(), $s.stdDev, $s.normFeaturesHDStdDev);
                } else {
                    nf[..d].copy_from_slice(xr);
                }
            };
        }
        // W·x → pC1 and U·h → pC2, with the struct's matrix scales.
        macro_rules! products {
            ($s:expr, lr) => {{
                product(&p, &q.w, &nf[..d], rows, &mut pc1, ([$s.w, $s.normFeaturesMVW, $s.mVWOut], [$s.w2, $s.tempLRW, $s.mVW2Out]), &mut tw);
                product(&p, &q.u, &hs[..], urows, &mut pc2, ([$s.u, $s.hiddenStateMVU, $s.mVUOut], [$s.u2, $s.tempLRU, $s.mVU2Out]), &mut tu);
            }};
            ($s:expr, dense) => {{
                product(&p, &q.w, &nf[..d], rows, &mut pc1, ([$s.w, $s.normFeaturesMVW, $s.mVWOut], [0; 3]), &mut tw);
                product(&p, &q.u, &hs[..], urows, &mut pc2, ([$s.u, $s.hiddenStateMVU, $s.mVUOut], [0; 3]), &mut tu);
            }};
        }
        // Keep gate z at `z`, candidate at `c`: h = z⊙h + (1−z)⊙c.
        macro_rules! keep_mix {
            ($s:expr, $z:expr, $c:expr) => {{
                let (z, c): (*mut i16, *mut i16) = ($z, $c);
                (p.hd)(z, hp, hu, pc3.as_mut_ptr(), $s.gateHDHiddenState, $s.hiddenStateHDGate);
                (p.scalar_sub)($s.qOne, z, hu, z, $s.qOneScale, $s.qOneSubGate, $s.qOneSubGateOut);
                (p.hd)(z, c, hu, z, $s.qOneSubGateHDUpdate, $s.updateHDQOneSubGate);
                (p.add)(pc3.as_ptr(), z, hu, hp, $s.keptAddWritten, $s.writtenAddKept, $s.hiddenStateOut, $s.hiddenStateDemote);
            }};
        }
        // Write gate g: h = (1−g)⊙h + g⊙c (1 − g goes to pC3).
        macro_rules! write_mix {
            ($s:expr, $g:expr, $c:expr) => {{
                let (g, c): (*mut i16, *mut i16) = ($g, $c);
                (p.scalar_sub)($s.qOne, g, hu, pc3.as_mut_ptr(), $s.qOneScale, $s.qOneSubGate, $s.qOneSubGateOut);
                (p.hd)(pc3.as_ptr(), hp, hu, pc3.as_mut_ptr(), $s.qOneSubGateHDHiddenState, $s.hiddenStateHDQOneSubGate);
                (p.hd)(g, c, hu, g, $s.gateHDUpdate, $s.updateHDGate);
                (p.add)(pc3.as_ptr(), g, hu, hp, $s.keptAddWritten, $s.writtenAddKept, $s.hiddenStateOut, $s.hiddenStateDemote);
            }};
        }
        let (p1, p2) = (pc1.as_mut_ptr(), pc2.as_mut_ptr());
        match &sc {
            Scales::FastRnn(s) => {
                norm!(s);
                products!(s, lr);
                (p.add)(p1, p2, hu, p1, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.add)(p1, q.b.as_ptr(), hu, p1, s.pC1AddB, s.b, s.pC1AddBOut, s.pC1AddBDemote);
                tinyrnn_q15_v_tanh(p1, hu, p1, s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                (p.scalar_mul)(q.alpha, p1, hu, p1, s.alpha, s.alphaMulUpdate);
                (p.scalar_mul)(q.beta, hp, hu, p2, s.beta, s.betaMulHiddenState);
                (p.add)(p1, p2, hu, hp, s.updateAddHiddenState, s.hiddenStateAddUpdate, s.hiddenStateOut, s.hiddenStateDemote);
            }
            Scales::Ugrnn(s) => {
                norm!(s);
                products!(s, lr);
                (p.add)(p1, p2, 2 * hu, p1, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.add)(p1, q.b.as_ptr(), hu, p1, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
                (p.add)(p1.add(h), q.b[h..].as_ptr(), hu, p1.add(h), s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
                tinyrnn_q15_v_sigmoid(p1, hu, p1, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                tinyrnn_q15_v_tanh(p1.add(h), hu, p1.add(h), s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                keep_mix!(s, p1, p1.add(h));
            }
            Scales::SitGru(s) => {
                norm!(s);
                products!(s, lr);
                (p.add)(p1, p2, 2 * hu, p1, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.add)(p1, q.b.as_ptr(), hu, p1, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
                (p.add)(p1.add(h), q.b[h..].as_ptr(), hu, p1.add(h), s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
                tinyrnn_q15_v_sigmoid(p1, 2 * hu, p1, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                keep_mix!(s, p1, p1.add(h));
            }
            Scales::LiGru(s) => {
                norm!(s);
                products!(s, lr);
                (p.add)(p1, p2, 2 * hu, p1, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.add)(p1, q.b.as_ptr(), hu, p1, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
                (p.add)(p1.add(h), q.b[h..].as_ptr(), hu, p1.add(h), s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
                tinyrnn_q15_v_sigmoid(p1, hu, p1, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                tinyrnn_q15_v_sigmoid(p1.add(h), hu, p1.add(h), s.reluDiv, 0, s.reluLimit, s.reluScaleIn, s.reluScaleOut, 0);
                keep_mix!(s, p1, p1.add(h));
            }
            Scales::Egru(s) => {
                norm!(s);
                products!(s, dense);
                (p.add)(p1, p2, 2 * hu, p1, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.scale_up)(q.b.as_ptr(), 2 * hu, bq.as_mut_ptr(), s.biasScaleUp);
                (p.add)(p1, bq.as_ptr(), hu, p1, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
                (p.add)(p1.add(h), bq[h..].as_ptr(), hu, p1.add(h), s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
                tinyrnn_q15_v_softsign(p1, hu, p1, s.gateSoftsignScaleIn, s.gateSoftsignScaleOut);
                (p.scalar_add)(s.qOne, p1, hu, p1, s.qOneAddScale, s.qOneAddGateSoftsign, s.qOneAddGateSoftsignOut);
                tinyrnn_q15_v_softsign(p1.add(h), hu, p1.add(h), s.softsignScaleIn, s.softsignScaleOut);
                write_mix!(s, p1, p1.add(h));
            }
            Scales::Mgu(s) => {
                norm!(s);
                products!(s, lr);
                (p.add)(p1, p2, hu, p2, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.add)(p2, q.b.as_ptr(), hu, p2, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
                tinyrnn_q15_v_sigmoid(p2, hu, p2, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                (p.hd)(p2, hp, hu, pc3.as_mut_ptr(), s.resetHDHiddenState, s.hiddenStateHDReset);
                product(&p, &q.u_h, &pc3.clone(), h, &mut pc2[h..], ([s.uh, s.resetHiddenStateMVUh, s.mVUhOut], [s.uh2, s.tempLRUh, s.mVUh2Out]), &mut tu);
                let p2 = pc2.as_mut_ptr();
                (p.add)(p1.add(h), p2.add(h), hu, p2.add(h), s.mV1AddMV3, s.mV3AddMV1, s.mV1AddMV3Out, s.mV1AddMV3Demote);
                (p.add)(p2.add(h), q.b[h..].as_ptr(), hu, p2.add(h), s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
                tinyrnn_q15_v_tanh(p2.add(h), hu, p2.add(h), s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                write_mix!(s, p2, p2.add(h));
            }
            Scales::HardMgu(s) => {
                norm!(s);
                products!(s, dense);
                (p.add)(p1, p2, hu, p2, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                tinyrnn_q15_v_sigmoid(p2, hu, p2, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, 0);
                (p.hd)(p2, hp, hu, pc3.as_mut_ptr(), s.resetHDHiddenState, s.hiddenStateHDReset);
                product(&p, &q.u_h, &pc3.clone(), h, &mut pc2[h..], ([s.uh, s.resetHiddenStateMVUh, s.mVUhOut], [0; 3]), &mut tu);
                let p2 = pc2.as_mut_ptr();
                (p.add)(p1.add(h), p2.add(h), hu, p2.add(h), s.mV1AddMV3, s.mV3AddMV1, s.mV1AddMV3Out, s.mV1AddMV3Demote);
                tinyrnn_q15_v_sigmoid(p2.add(h), hu, p2.add(h), s.tanhDiv, s.tanhAdd, s.tanhLimit, s.tanhScaleIn, s.tanhScaleOut, 0);
                (p.scalar_add)(s.tanhOffset, p2.add(h), hu, p2.add(h), s.tanhOffsetScale, s.codeAddTanhOffset, s.codeAddTanhOffsetOut);
                write_mix!(s, p2, p2.add(h));
            }
            Scales::TinyEats(s) => {
                norm!(s);
                products!(s, dense);
                (p.add)(p1, p2, 2 * hu, p2, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
                (p.scale_up)(q.b.as_ptr(), 3 * hu, bq.as_mut_ptr(), s.biasScaleUp);
                (p.add)(p2, bq.as_ptr(), 2 * hu, p2, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
                tinyrnn_q15_v_softsign(p2, 2 * hu, p2, s.gateSoftsignScaleIn, s.gateSoftsignScaleOut);
                (p.scalar_add)(s.qOne, p2, 2 * hu, p2, s.qOneAddScale, s.qOneAddGateSoftsign, s.qOneAddGateSoftsignOut);
                (p.hd)(p2, hp, hu, pc3.as_mut_ptr(), s.resetHDHiddenState, s.hiddenStateHDReset);
                product(&p, &q.u_h, &pc3.clone(), h, &mut pc2[2 * h..], ([s.uh, s.resetHiddenStateMVUh, s.mVUhOut], [0; 3]), &mut tu);
                let p2 = pc2.as_mut_ptr();
                (p.add)(p1.add(2 * h), p2.add(2 * h), hu, p2.add(2 * h), s.mV1AddMV3, s.mV3AddMV1, s.mV1AddMV3Out, s.mV1AddMV3Demote);
                (p.add)(p2.add(2 * h), bq[2 * h..].as_ptr(), hu, p2.add(2 * h), s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
                tinyrnn_q15_v_softsign(p2.add(2 * h), hu, p2.add(2 * h), s.softsignScaleIn, s.softsignScaleOut);
                write_mix!(s, p2.add(h), p2.add(2 * h));
            }
            Scales::Gru(s) => {
                norm!(s);
                products!(s, lr);
                let h3 = 3 * hu;
                (p.add)(p1, q.b.as_ptr(), h3, p1, s.pC1AddBih, s.bih, s.pC1AddBihOut, s.pC1AddBihDemote);
                (p.add)(p2, q.b2.as_ptr(), h3, p2, s.pC2AddBhh, s.bhh, s.pC2AddBhhOut, s.pC2AddBhhDemote);
                (p.add)(p1, p2, 2 * hu, p1, s.pC1AddPC2, s.pC2AddPC1, s.pC1AddPC2Out, s.pC1AddPC2Demote);
                tinyrnn_q15_v_sigmoid(p1, 2 * hu, p1, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                (p.hd)(p1, p2.add(2 * h), hu, p2.add(2 * h), s.resetHDPC2, s.pC2HDReset);
                (p.add)(p1.add(2 * h), p2.add(2 * h), hu, p1.add(2 * h), s.pC1AddRPC2, s.rPC2AddPC1, s.pC1AddRPC2Out, s.pC1AddRPC2Demote);
                tinyrnn_q15_v_tanh(p1.add(2 * h), hu, p1.add(2 * h), s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                keep_mix!(s, p1.add(h), p1.add(2 * h));
            }
        }
    }
}

/// Runs the dense model through the Rust API (`tinyrnn::cells::q15`).
fn run_rust<S: Scale>(q: &Q, cal: &Calibration<S>, h: &mut [i16], x: &[i16], steps: usize, backward: bool, normalize: bool) -> tinyrnn::error::Result {
    use tinyrnn::cells::q15 as cq;
    use tinyrnn::cells::Buffers;
    let n = (q.kind.blocks() * q.h).max(q.d);
    let mut s = vec![vec![0i16; n]; 6];
    let [a, b, c, d, e, f] = &mut s[..] else { unreachable!() };
    let mut buf = Buffers { pre_comp1: a, pre_comp2: b, pre_comp3: c, temp_lrw: d, temp_lru: e, norm_features: f };
    let (mean, std_dev) = (&q.mean[..], &q.std_dev[..]);
    let dense = |m: &QMat| match m {
        QMat::Dense(v) => v.clone(),
        _ => panic!("dense only"),
    };
    let (w, u, uh) = (dense(&q.w), dense(&q.u), dense(&q.u_h));
    let sc = cal.scales;
    let (dd, k) = (q.d, q.kind);
    match k {
        CellKind::FastRnn => cq::FastRnn { mean, std_dev, w: cal.w.dense(&w), u: cal.u.dense(&u), b: &q.b, alpha: q.alpha, beta: q.beta, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::Ugrnn => cq::Ugrnn { mean, std_dev, w: cal.w.dense(&w), u: cal.u.dense(&u), b: &q.b, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::SitGru => cq::SitGru { mean, std_dev, w: cal.w.dense(&w), u: cal.u.dense(&u), b: &q.b, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::LiGru => cq::LiGru { mean, std_dev, w: cal.w.dense(&w), u: cal.u.dense(&u), b: &q.b, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::Egru => cq::Egru { mean, std_dev, w: &q.wc, u: &q.uc, b: &q.bc, w_scales: cal.w.scales, u_scales: cal.u.scales, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::Mgu => cq::Mgu { mean, std_dev, w: cal.w.dense(&w), u_f: cal.u.dense(&u), u_h: cal.u_h.dense(&uh), b: &q.b, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::HardMgu => cq::HardMgu { mean, std_dev, w: &q.wc, u_f: &q.uc, u_h: &q.uhc, w_scales: cal.w.scales, u_f_scales: cal.u.scales, u_h_scales: cal.u_h.scales, scales: sc }
            .run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::TinyEats => cq::TinyEats { mean, std_dev, w: &q.w8, u: &q.u8_, u_h: &q.uh8, b: &q.b8, w_scales: cal.w.scales, u_scales: cal.u.scales, u_h_scales: cal.u_h.scales, scales: sc }
            .run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::Gru => cq::Gru { mean, std_dev, weight_ih: cal.w.dense(&w), weight_hh: cal.u.dense(&u), bias_ih: &q.b, bias_hh: &q.b2, scales: sc }.run(h, x, dd, steps, &mut buf, backward, normalize),
        CellKind::FastGrnn => unreachable!(),
    }
}

const CELLS: [CellKind; 9] = [
    CellKind::FastRnn,
    CellKind::Ugrnn,
    CellKind::Gru,
    CellKind::Mgu,
    CellKind::Egru,
    CellKind::TinyEats,
    CellKind::SitGru,
    CellKind::LiGru,
    CellKind::HardMgu,
];

#[test]
fn q15_cells_equal_their_documented_primitive_sequence_in_both_modes() {
    let mut rng = Rng::new(7);
    let mut checked = 0;
    for kind in CELLS {
        let q15_weights = !matches!(kind, CellKind::Egru | CellKind::TinyEats | CellKind::HardMgu);
        let mut variants = vec![Variant::Dense];
        if q15_weights {
            variants.push(Variant::LowRankWSparseU);
        }
        if q15_weights && kind.has_reset_u() || kind == CellKind::Gru {
            variants.push(Variant::LowRankU);
        }
        for variant in variants {
            for (d, h) in [(3, 5), (8, 6)] {
                let steps = 5;
                let q = Q::new(kind, d, h, steps, variant, &mut rng);
                for shift in [false, true] {
                    for (backward, normalize) in [(false, false), (true, false), (false, true), (true, true)] {
                        let xf: Vec<f32> = (0..steps * d).map(|_| rng.uniform(-1.0, 1.0)).collect();
                        let e = q.cal_shift.input_exp;
                        let x: Vec<i16> = xf.iter().map(|&v| tinyrnn::cells::calibrate::q15_value(v, e)).collect();
                        let h0: Vec<i16> = (0..h).map(|_| (rng.uniform(-0.5, 0.5) * 16384.0) as i16).collect();
                        let mut want = h0.clone();
                        unsafe { composed(&q, shift, &mut want, &x, steps, backward, normalize) };
                        let mut got = h0.clone();
                        let rc = run_c(&q, shift, &mut got, &x, steps, backward, normalize);
                        let what = format!("{kind:?} {variant:?} D={d} H={h} shift={shift} backward={backward} normalize={normalize}");
                        assert_eq!(rc, 0, "{what}: C call failed");
                        assert_eq!(got, want, "{what}: the C cell differs from its primitive sequence");
                        assert_ne!(want, h0, "{what}: the state did not move");
                        if variant == Variant::Dense {
                            let mut rust = h0.clone();
                            let r = if shift {
                                run_rust(&q, &q.cal_shift, &mut rust, &x, steps, backward, normalize)
                            } else {
                                run_rust(&q, &q.cal_div, &mut rust, &x, steps, backward, normalize)
                            };
                            assert_eq!(r, Ok(()), "{what}");
                            assert_eq!(rust, want, "{what}: the Rust API differs from the primitive sequence");
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    eprintln!("{checked} runs, each bit-identical to its primitive sequence");
}

#[test]
fn softsign_primitive_is_the_documented_formula() {
    let v: Vec<i16> = vec![-32768, -20000, -2048, -1, 0, 1, 2047, 2048, 32767];
    let mut out = vec![0i16; v.len()];
    unsafe { tinyrnn_q15_v_softsign(v.as_ptr(), v.len() as u32, out.as_mut_ptr(), 11, 14) };
    for (&x, &o) in v.iter().zip(&out) {
        let want = ((x as i64) << 14) / (2048 + (x as i64).abs());
        assert_eq!(o as i64, want, "x = {x}");
    }
    // In place, like every element-wise primitive.
    let mut w = v.clone();
    unsafe { tinyrnn_q15_v_softsign(w.as_ptr(), w.len() as u32, w.as_mut_ptr(), 11, 14) };
    assert_eq!(w, out);
    assert_eq!(out[7], 8192, "ς(1) = 1/2 in Q14");
}
