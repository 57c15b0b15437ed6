//! The float API's `utils.h` and `classifier.h` through the C ABI: the seven
//! scalar functions, `v_relu`, `v_sigmoid`, `v_tanh`, `v_quantSigmoid`,
//! `v_quantTanh`, `v_add`, `v_mult`, `v_div` (element-wise: any overlap gives
//! C's element order), `matVec` (rows in C's order, `ret` may overlap `vec`),
//! `l2squared`, `argmax`, `softmax` and `FC` (= `matVec` then `v_add`, as in
//! EdgeML, also when the scores overlap the input); any float bit patterns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::harness::{elementwise, Elementwise};
use tinyrnn_fuzz::mem::{product, same, same_f32_words, Arena, Ctx, RawBuf};

fuzz_target!(|data: &[u8]| run(data));

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let op = cx.r.u8() % 14;
    match op {
        0 => scalars(&mut cx),
        1..=5 => {
            let f = [tinyrnn_v_relu, tinyrnn_v_sigmoid, tinyrnn_v_tanh, tinyrnn_v_quantSigmoid, tinyrnn_v_quantTanh][op as usize - 1];
            let len = cx.r.dim();
            elementwise(&mut cx, Elementwise { n: Some(len as usize), b_len: Some(0), b_index: |_| 0, call: |a: *const f32, _: *const f32, r: *mut f32, one: bool| unsafe {
                f(a, if one { 1 } else { len }, r)
            }});
        }
        6..=8 => {
            let len = cx.r.dim();
            let (s1, s2) = (cx.r.f32(), cx.r.f32());
            elementwise(&mut cx, Elementwise { n: Some(len as usize), b_len: Some(len as usize), b_index: |i| i, call: |a: *const f32, b: *const f32, r: *mut f32, one: bool| unsafe {
                let n = if one { 1 } else { len };
                match op {
                    6 => tinyrnn_v_add(s1, a, s2, b, n, r),
                    7 => tinyrnn_v_mult(a, b, n, r),
                    _ => tinyrnn_v_div(a, b, n, r),
                }
            }});
        }
        9 => mat_vec(&mut cx),
        10 => {
            let len = cx.r.dim();
            let a: RawBuf<f32> = cx.buf(Some(len as usize));
            let b: RawBuf<f32> = cx.buf(Some(len as usize));
            let d = unsafe { tinyrnn_l2squared(a.cptr(), b.cptr(), len) };
            if cx.refused {
                assert!(d.is_nan(), "l2squared of a refused pointer: {d}");
            }
        }
        11 => {
            let len = cx.r.dim();
            let a: RawBuf<f32> = cx.buf(Some(len as usize));
            let i = unsafe { tinyrnn_argmax(a.cptr(), len) };
            assert!(i == 0 || i < len, "argmax {i} out of range");
            if cx.refused {
                assert_eq!(i, 0);
            }
        }
        12 => softmax(&mut cx),
        _ => fc(&mut cx),
    }
}

fn scalars(cx: &mut Ctx) {
    let (a, b) = (cx.r.f32(), cx.r.f32());
    // SAFETY: the scalar functions take no pointers.
    unsafe { scalars_of(a, b) }
}

unsafe fn scalars_of(a: f32, b: f32) {
    let m = tinyrnn_min(a, b);
    assert_eq!(m.to_bits(), if a < b { a } else { b }.to_bits());
    let m = tinyrnn_max(a, b);
    assert_eq!(m.to_bits(), if a > b { a } else { b }.to_bits());
    let q = tinyrnn_quantTanh(a);
    assert!(q.is_nan() || (-1.0..=1.0).contains(&q), "quantTanh({a}) = {q}");
    let q = tinyrnn_quantSigmoid(a);
    assert!(q.is_nan() || (0.0..=1.0).contains(&q), "quantSigmoid({a}) = {q}");
    let s = tinyrnn_sigmoid(a);
    assert!(s.is_nan() || (0.0..=1.0).contains(&s), "sigmoid({a}) = {s}");
    let _ = (tinyrnn_relu(a), tinyrnn_tanhyperbolic(a));
}

fn mat_vec(cx: &mut Ctx) {
    let (rows, cols) = (cx.r.dim(), cx.r.dim());
    let (alpha, beta) = (cx.r.f32(), cx.r.f32());
    let n = product(&[rows, cols]);
    let layout = cx.r.u8();
    if layout >= 0xE0 && !cx.has_fault() && rows <= 32 && cols <= 32 {
        // ret over vec, shifted: C's row order, i.e. `rows` one-row calls.
        let (m, r, c) = (n.unwrap_or(0), rows as usize, cols as usize);
        let off_m = 64;
        let off_v = (off_m + 4 * m + 64).next_multiple_of(8);
        let off_r = (off_v as isize + 4 * ((layout & 7) as isize - 4)) as usize;
        let size = (off_v + 4 * c).max(off_r + 4 * r) + 64;
        let rd = &mut cx.r;
        let arena = Arena::new(size, |_| rd.u8());
        let copy = arena.duplicate();
        unsafe {
            tinyrnn_matVec(arena.at(off_m), arena.at(off_v), rows, cols, alpha, beta, arena.at(off_r));
            for i in 0..r {
                let mat = copy.at::<f32>(off_m).add(i * c);
                tinyrnn_matVec(mat, copy.at(off_v), 1, cols, alpha, beta, copy.at::<f32>(off_r).add(i));
            }
        }
        assert!(same_f32_words(&arena.bytes(), &copy.bytes()), "overlapping matVec differs from C's row order");
        return;
    }
    let mat: RawBuf<f32> = cx.buf(n);
    let vec: RawBuf<f32> = cx.buf(Some(cols as usize));
    let ret: RawBuf<f32> = cx.buf(Some(rows as usize));
    let before = ret.contents();
    unsafe { tinyrnn_matVec(mat.cptr(), vec.cptr(), rows, cols, alpha, beta, ret.ptr()) };
    if cx.refused {
        assert!(same(&before, &ret.contents()), "refused matVec wrote its output");
    }
}

fn softmax(cx: &mut Ctx) {
    let len = cx.r.dim();
    let layout = cx.r.u8();
    if layout >= 0xE0 && !cx.has_fault() && len <= 64 {
        // Overlapping: no crash, nothing outside `ret` written.
        let n = len as usize;
        let off_r = (64 + 4 * ((layout & 7) as isize - 4)) as usize;
        let rd = &mut cx.r;
        let arena = Arena::new(64 + 4 * n + 64, |_| rd.u8());
        let before = arena.bytes();
        unsafe { tinyrnn_softmax(arena.at(64), len, arena.at(off_r)) };
        let after = arena.bytes();
        for (i, (x, y)) in before.iter().zip(&after).enumerate() {
            assert!(x == y || (off_r..off_r + 4 * n).contains(&i), "softmax wrote byte {i} outside ret");
        }
        return;
    }
    let input: RawBuf<f32> = cx.buf(Some(len as usize));
    let ret: RawBuf<f32> = cx.buf(Some(len as usize));
    let before = ret.contents();
    unsafe { tinyrnn_softmax(input.cptr(), len, ret.ptr()) };
    if cx.refused {
        assert!(same(&before, &ret.contents()), "refused softmax wrote its output");
    }
}

fn fc(cx: &mut Ctx) {
    let (k, classes) = (cx.r.dim(), cx.r.dim());
    let n = product(&[classes, k]);
    let layout = cx.r.u8();
    if layout >= 0xE0 && !cx.has_fault() && k <= 32 && classes <= 32 {
        // Scores over the input or the bias: EdgeML's FC is matVec then v_add.
        let (m, kk, c) = (n.unwrap_or(0), k as usize, classes as usize);
        let off_w = 64;
        let off_b = (off_w + 4 * m + 64).next_multiple_of(8);
        let off_i = (off_b + 4 * c + 64).next_multiple_of(8);
        let target = if layout & 0x10 != 0 { off_b } else { off_i };
        let off_s = (target as isize + 4 * ((layout & 7) as isize - 4)) as usize;
        let size = (off_i + 4 * kk).max(off_s + 4 * c) + 64;
        let rd = &mut cx.r;
        let arena = Arena::new(size, |_| rd.u8());
        let copy = arena.duplicate();
        unsafe {
            tinyrnn_FC(arena.at(off_w), arena.at(off_b), arena.at(off_i), k, arena.at(off_s), classes);
            tinyrnn_matVec(copy.at(off_w), copy.at(off_i), classes, k, 0.0, 1.0, copy.at(off_s));
            tinyrnn_v_add(1.0, copy.at(off_b), 1.0, copy.at(off_s), classes, copy.at(off_s));
        }
        assert!(same_f32_words(&arena.bytes(), &copy.bytes()), "overlapping FC differs from matVec + v_add");
        return;
    }
    let w: RawBuf<f32> = cx.buf(n);
    let bias: RawBuf<f32> = cx.buf(Some(classes as usize));
    let input: RawBuf<f32> = cx.buf(Some(k as usize));
    let scores: RawBuf<f32> = cx.buf(Some(classes as usize));
    let before = scores.contents();
    unsafe { tinyrnn_FC(w.cptr(), bias.cptr(), input.cptr(), k, scores.ptr(), classes) };
    if cx.refused {
        assert!(same(&before, &scores.contents()), "refused FC wrote its output");
    }
}
