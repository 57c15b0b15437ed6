//! Bad input to the cells' C ABI gets the documented result
//! (`docs/contract.md`, as `q15_fastgrnn`): a NULL `params`/`buffers`/`scales`
//! struct or NULL weight → `TINYRNN_ERR_NULL`; a NULL scratch buffer the call
//! needs → EdgeML's `ERR_*_NOT_INIT`, in EdgeML's order; misaligned →
//! `TINYRNN_ERR_ALIGNMENT`; overlapping writable buffers → `TINYRNN_ERR_ALIASING`;
//! overflowing sizes → `TINYRNN_ERR_OVERFLOW`; a sparse row beyond the output
//! → `TINYRNN_ERR_LENGTH`. On every error the state is untouched; zero sizes
//! are valid and `steps == 0` changes nothing.
#![allow(non_snake_case)]

use std::ffi::c_void;
use std::ptr;

use tinyrnn as _;
use tinyrnn::ffi::cells::float::{MGU_Params, TinyRNN_Buffers, TinyRNN_Matrix, GRU_Params};
use tinyrnn::ffi::cells::q15::{Q15_EGRU_Params, Q15_EGRU_Scales, Q15_GRU_Params, Q15_GRU_Scales, Q15_MGU_Params, Q15_MGU_Scales, TinyRNN_Q15_Buffers, TinyRNN_Q15_Matrix};
use tinyrnn::Error;

extern "C" {
    fn tinyrnn_gru(h: *mut f32, hd: u32, x: *const f32, id: u32, steps: u32, p: *const c_void, b: *mut c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_mgu(h: *mut f32, hd: u32, x: *const f32, id: u32, steps: u32, p: *const c_void, b: *mut c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_gru_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_mgu_div(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_egru_div(h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_v_softsign(vec: *const i16, len: u32, ret: *mut i16, scale_in: i32, scale_out: i32);
}

/// A bad input: what it is, the code it must give, how to make it.
type Case<P, B> = (&'static str, i32, Box<dyn Fn(&mut P, &mut B)>);

const D: usize = 3;
const H: usize = 2;

fn fm(m: &[f32]) -> TinyRNN_Matrix {
    TinyRNN_Matrix { M: m.as_ptr(), M1: ptr::null(), M2: ptr::null(), rank: 0 }
}

fn qm(m: &[i16]) -> TinyRNN_Q15_Matrix {
    TinyRNN_Q15_Matrix { M: m.as_ptr(), M1: ptr::null(), M2: ptr::null(), rank: 0, ids: ptr::null(), vals: ptr::null() }
}

struct FloatScratch(Vec<Vec<f32>>);

impl FloatScratch {
    fn new() -> Self {
        FloatScratch(vec![vec![0.0; 16]; 6])
    }
    fn buffers(&mut self) -> TinyRNN_Buffers {
        let s = &mut self.0;
        TinyRNN_Buffers {
            preComp1: s[0].as_mut_ptr(),
            preComp2: s[1].as_mut_ptr(),
            preComp3: s[2].as_mut_ptr(),
            tempLRW: s[3].as_mut_ptr(),
            tempLRU: s[4].as_mut_ptr(),
            normFeatures: s[5].as_mut_ptr(),
        }
    }
}

struct Q15Scratch(Vec<Vec<i16>>);

impl Q15Scratch {
    fn new() -> Self {
        Q15Scratch(vec![vec![0; 16]; 6])
    }
    fn buffers(&mut self) -> TinyRNN_Q15_Buffers {
        let s = &mut self.0;
        TinyRNN_Q15_Buffers {
            preComp1: s[0].as_mut_ptr(),
            preComp2: s[1].as_mut_ptr(),
            preComp3: s[2].as_mut_ptr(),
            tempLRW: s[3].as_mut_ptr(),
            tempLRU: s[4].as_mut_ptr(),
            normFeatures: s[5].as_mut_ptr(),
        }
    }
}

fn vp<T>(r: &T) -> *const c_void {
    r as *const T as *const c_void
}

fn vpm<T>(r: &mut T) -> *mut c_void {
    r as *mut T as *mut c_void
}

#[test]
fn float_cells_refuse_bad_input_and_leave_the_state_untouched() {
    let (w, u, b) = (vec![0.1f32; 3 * H * D], vec![0.2f32; 3 * H * H], vec![0.05f32; 3 * H]);
    let x = [0.5f32; 4 * D];
    let p = GRU_Params { mean: ptr::null(), stdDev: ptr::null(), weight_ih: fm(&w), weight_hh: fm(&u), bias_ih: b.as_ptr(), bias_hh: b.as_ptr() };
    let mut s = FloatScratch::new();
    let h0 = [0.25f32, -0.5];
    let call = |p: &GRU_Params, buf: *mut c_void, h: &mut [f32; H], x: *const f32, steps: u32, normalize: i32| unsafe { tinyrnn_gru(h.as_mut_ptr(), H as u32, x, D as u32, steps, vp(p), buf, 0, normalize) };

    let mut h = h0;
    let mut bf = s.buffers();
    assert_eq!(call(&p, vpm(&mut bf), &mut h, x.as_ptr(), 2, 0), 0);
    assert_ne!(h, h0);

    let cases: Vec<Case<GRU_Params, TinyRNN_Buffers>> = vec![
        ("NULL preComp1", Error::PrecompNotInit.code(), Box::new(|_, b| b.preComp1 = ptr::null_mut())),
        ("NULL preComp2", Error::PrecompNotInit.code(), Box::new(|_, b| b.preComp2 = ptr::null_mut())),
        ("NULL normFeatures", Error::NormFeaturesNotInit.code(), Box::new(|_, b| b.normFeatures = ptr::null_mut())),
        ("NULL tempLRW with a low-rank W", Error::TempLrwNotInit.code(), Box::new(|p, b| {
            p.weight_ih.rank = 1;
            b.tempLRW = ptr::null_mut();
        })),
        ("NULL tempLRU with a low-rank U", Error::TempLruNotInit.code(), Box::new(|p, b| {
            p.weight_hh.rank = 1;
            b.tempLRU = ptr::null_mut();
        })),
        ("NULL weight", Error::Null.code(), Box::new(|p, _| p.weight_ih.M = ptr::null())),
        ("NULL low-rank factor", Error::Null.code(), Box::new(|p, _| p.weight_hh.rank = 1)),
        ("NULL bias", Error::Null.code(), Box::new(|p, _| p.bias_hh = ptr::null())),
        ("misaligned bias", Error::Misaligned.code(), Box::new(|p, _| p.bias_hh = (p.bias_hh as usize + 1) as *const f32)),
        ("preComp1 over preComp2", Error::Aliasing.code(), Box::new(|_, b| b.preComp2 = unsafe { b.preComp1.add(1) })),
        ("scratch over a weight", Error::Aliasing.code(), Box::new(|p, b| b.normFeatures = p.weight_ih.M as *mut f32)),
    ];
    for (what, code, edit) in &cases {
        let (mut p2, mut b2) = (p, s.buffers());
        edit(&mut p2, &mut b2);
        let mut h = h0;
        assert_eq!(call(&p2, vpm(&mut b2), &mut h, x.as_ptr(), 2, 0), *code, "{what}");
        assert_eq!(h, h0, "{what}: state written");
    }
    // NULL structs, missing mean/stdDev when normalising, state over input.
    let mut h = h0;
    assert_eq!(unsafe { tinyrnn_gru(h.as_mut_ptr(), H as u32, x.as_ptr(), D as u32, 1, ptr::null(), vpm(&mut s.buffers()), 0, 0) }, Error::Null.code());
    assert_eq!(unsafe { tinyrnn_gru(h.as_mut_ptr(), H as u32, x.as_ptr(), D as u32, 1, vp(&p), ptr::null_mut(), 0, 0) }, Error::Null.code());
    assert_eq!(call(&p, vpm(&mut s.buffers()), &mut h, x.as_ptr(), 1, 1), Error::Null.code(), "normalize without mean");
    let mut shared = [0.25f32, -0.5, 0.1, 0.2, 0.3];
    let sp = shared.as_mut_ptr();
    let rc = unsafe { tinyrnn_gru(sp, H as u32, sp.add(1), D as u32, 1, vp(&p), vpm(&mut s.buffers()), 0, 0) };
    assert_eq!(rc, Error::Aliasing.code(), "input over the state");
    assert_eq!(shared, [0.25f32, -0.5, 0.1, 0.2, 0.3]);
    // 3·hiddenDims² overflows the address space.
    assert_eq!(unsafe { tinyrnn_gru(h.as_mut_ptr(), u32::MAX, x.as_ptr(), D as u32, 1, vp(&p), vpm(&mut s.buffers()), 0, 0) }, Error::Overflow.code());
    assert_eq!(h, h0);
    // Zero sizes: nothing to do, NULL allowed where nothing is read.
    assert_eq!(call(&p, vpm(&mut s.buffers()), &mut h, ptr::null(), 0, 1), 0);
    assert_eq!(h, h0);
    assert_eq!(unsafe { tinyrnn_gru(ptr::null_mut(), 0, x.as_ptr(), D as u32, 1, vp(&p), vpm(&mut s.buffers()), 0, 0) }, 0);

    // MGU needs preComp3; UGRNN-like cells do not (checked above: GRU ran with it set).
    let (w2, u1, b2) = (vec![0.1f32; 2 * H * D], vec![0.1f32; H * H], vec![0.0f32; 2 * H]);
    let mp = MGU_Params { mean: ptr::null(), stdDev: ptr::null(), W: fm(&w2), Uf: fm(&u1), Uh: fm(&u1), B: b2.as_ptr() };
    let mut mb = s.buffers();
    mb.preComp3 = ptr::null_mut();
    let mut h = h0;
    assert_eq!(unsafe { tinyrnn_mgu(h.as_mut_ptr(), H as u32, x.as_ptr(), D as u32, 1, vp(&mp), vpm(&mut mb), 0, 0) }, Error::PrecompNotInit.code());
    let mut gb = s.buffers();
    gb.preComp3 = ptr::null_mut();
    assert_eq!(call(&p, vpm(&mut gb), &mut h, x.as_ptr(), 1, 0), 0, "GRU does not use preComp3");
}

#[test]
fn q15_cells_refuse_bad_input_and_leave_the_state_untouched() {
    let (w, u, b) = (vec![1000i16; 3 * H * D], vec![-800i16; 3 * H * H], vec![100i16; 3 * H]);
    let x = [4000i16; 4 * D];
    let scales = Q15_GRU_Scales::from_calibration(&tinyrnn::cells::calibrate::Calibration::<tinyrnn::Exponent>::unit());
    let p = Q15_GRU_Params { mean: ptr::null(), stdDev: ptr::null(), weight_ih: qm(&w), weight_hh: qm(&u), bias_ih: b.as_ptr(), bias_hh: b.as_ptr() };
    let mut s = Q15Scratch::new();
    let h0 = [1234i16, -4321];
    let call = |p: &Q15_GRU_Params, buf: *mut c_void, sc: *const c_void, h: &mut [i16; H], steps: u32| unsafe { tinyrnn_q15_gru_shift(h.as_mut_ptr(), H as u32, x.as_ptr(), D as u32, steps, vp(p), buf, sc, 0, 0) };
    let mut h = h0;
    assert_eq!(call(&p, vpm(&mut s.buffers()), vp(&scales), &mut h, 2), 0);
    assert_ne!(h, h0);

    let vals = [5i16; 4];
    let cases: Vec<Case<Q15_GRU_Params, TinyRNN_Q15_Buffers>> = vec![
        ("NULL preComp1", Error::PrecompNotInit.code(), Box::new(|_, b| b.preComp1 = ptr::null_mut())),
        ("NULL normFeatures", Error::NormFeaturesNotInit.code(), Box::new(|_, b| b.normFeatures = ptr::null_mut())),
        ("NULL tempLRW, low-rank W", Error::TempLrwNotInit.code(), Box::new(|p, b| {
            p.weight_ih.rank = 2;
            b.tempLRW = ptr::null_mut();
        })),
        ("NULL weight", Error::Null.code(), Box::new(|p, _| p.weight_hh.M = ptr::null())),
        ("misaligned weight", Error::Misaligned.code(), Box::new(|p, _| p.weight_hh.M = (p.weight_hh.M as usize + 1) as *const i16)),
        ("state over preComp2", Error::Aliasing.code(), Box::new(|_, b| b.preComp2 = b.preComp1)),
        // Rows up to 3H = 6 are valid; row 7 is beyond the output.
        ("sparse row beyond 3H", Error::Length.code(), Box::new(move |p, _| {
            p.weight_hh.ids = [7u32, 0, 0].as_ptr();
            p.weight_hh.vals = vals.as_ptr();
        })),
    ];
    for (what, code, edit) in &cases {
        let (mut p2, mut b2) = (p, s.buffers());
        edit(&mut p2, &mut b2);
        let mut h = h0;
        assert_eq!(call(&p2, vpm(&mut b2), vp(&scales), &mut h, 2), *code, "{what}");
        assert_eq!(h, h0, "{what}: state written");
    }
    let mut h = h0;
    assert_eq!(call(&p, vpm(&mut s.buffers()), ptr::null(), &mut h, 1), Error::Null.code(), "NULL scales");
    assert_eq!(call(&p, vpm(&mut s.buffers()), vp(&scales), &mut h, 0), 0, "steps == 0");
    assert_eq!(h, h0);

    // MGU and eGRU (packed 3-bit weights: NULL codes are refused too).
    let (wm, um, bm) = (vec![300i16; 2 * H * D], vec![200i16; H * H], vec![0i16; 2 * H]);
    let mp = Q15_MGU_Params { mean: ptr::null(), stdDev: ptr::null(), W: qm(&wm), Uf: qm(&um), Uh: qm(&um), B: bm.as_ptr() };
    let ms = Q15_MGU_Scales::from_calibration(&tinyrnn::cells::calibrate::Calibration::<tinyrnn::Divisor>::unit());
    let mut mb = s.buffers();
    mb.preComp3 = ptr::null_mut();
    let mut h = h0;
    assert_eq!(unsafe { tinyrnn_q15_mgu_div(h.as_mut_ptr(), H as u32, x.as_ptr(), D as u32, 1, vp(&mp), vpm(&mut mb), vp(&ms), 0, 0) }, Error::PrecompNotInit.code());
    let codes = [0u8; 8];
    let ep = Q15_EGRU_Params { mean: ptr::null(), stdDev: ptr::null(), W: codes.as_ptr(), U: ptr::null(), B: codes.as_ptr() };
    let es = Q15_EGRU_Scales::from_calibration(&tinyrnn::cells::calibrate::Calibration::<tinyrnn::Divisor>::unit());
    assert_eq!(unsafe { tinyrnn_q15_egru_div(h.as_mut_ptr(), H as u32, x.as_ptr(), D as u32, 1, vp(&ep), vpm(&mut s.buffers()), vp(&es), 0, 0) }, Error::Null.code());
    assert_eq!(h, h0);
}

#[test]
fn softsign_writes_nothing_for_a_null_buffer() {
    let mut out = [7i16; 3];
    unsafe { tinyrnn_q15_v_softsign(ptr::null(), 3, out.as_mut_ptr(), 11, 14) };
    assert_eq!(out, [7; 3]);
    unsafe { tinyrnn_q15_v_softsign(ptr::null(), 0, ptr::null_mut(), 11, 14) };
}
