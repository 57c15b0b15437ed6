//! The tensor kernels of `quantized_utils.h` through the C ABI, in both
//! builds: `q7_t_add`, `q15_t_add`, `q7xq15_q7_t_add_vec`, `q15_t_add_vec`,
//! `q7_t_relu` (element-wise: any overlap gives C's element order) and
//! `q15_t_l2_norm` (exactly in place equals out of place; any other
//! overlap is refused). Four dimensions each, whose product may overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::harness::{elementwise, Elementwise};
use tinyrnn_fuzz::mem::{product, same, Arena, Ctx, RawBuf};

fuzz_target!(|data: &[u8]| run(data));

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let op = cx.r.u8();
    let shift = op & 0x80 != 0;
    let d = [cx.r.dim(), cx.r.dim(), cx.r.dim(), cx.r.dim()];
    let n = product(&d);
    let nch = d[3] as usize;
    // The full call, or one element: dimensions (1, 1, 1, 1).
    let dims = move |one: bool| if one { [1, 1, 1, 1] } else { d };
    match op % 6 {
        0 | 1 => {
            let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
            if op % 6 == 0 {
                let f = if shift { tinyrnn_q7_t_add_shift } else { tinyrnn_q7_t_add_div };
                elementwise(&mut cx, Elementwise { n, b_len: n, b_index: |i| i, call: |a: *const i8, b: *const i8, r: *mut i8, one: bool| unsafe {
                    let [nb, nr, nc, ch] = dims(one);
                    f(a, b, nb, nr, nc, ch, r, s[0], s[1], s[2])
                }});
            } else {
                let f = if shift { tinyrnn_q15_t_add_shift } else { tinyrnn_q15_t_add_div };
                elementwise(&mut cx, Elementwise { n, b_len: n, b_index: |i| i, call: |a: *const i16, b: *const i16, r: *mut i16, one: bool| unsafe {
                    let [nb, nr, nc, ch] = dims(one);
                    f(a, b, nb, nr, nc, ch, r, s[0], s[1], s[2])
                }});
            }
        }
        2 | 3 => {
            let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
            // The bias has one element per channel (declared by `nchannels`
            // even when another dimension is 0); element i uses bias[i % channels].
            let b_len = Some(nch);
            let b_index = move |i: usize| if nch == 0 { 0 } else { i % nch };
            if op % 6 == 2 {
                let f = if shift { tinyrnn_q7xq15_q7_t_add_vec_shift } else { tinyrnn_q7xq15_q7_t_add_vec_div };
                elementwise(&mut cx, Elementwise { n, b_len, b_index, call: |a: *const i8, b: *const i16, r: *mut i8, one: bool| unsafe {
                    let [nb, nr, nc, ch] = dims(one);
                    f(a, b, nb, nr, nc, ch, r, s[0], s[1], s[2])
                }});
            } else {
                let f = if shift { tinyrnn_q15_t_add_vec_shift } else { tinyrnn_q15_t_add_vec_div };
                elementwise(&mut cx, Elementwise { n, b_len, b_index, call: |a: *const i16, b: *const i16, r: *mut i16, one: bool| unsafe {
                    let [nb, nr, nc, ch] = dims(one);
                    f(a, b, nb, nr, nc, ch, r, s[0], s[1], s[2])
                }});
            }
        }
        4 => {
            let (limit, div) = (cx.r.i8(), cx.r.i8());
            elementwise(&mut cx, Elementwise { n, b_len: Some(0), b_index: |_| 0, call: |a: *const i8, _: *const i8, r: *mut i8, one: bool| unsafe {
                let [nb, nr, nc, ch] = dims(one);
                tinyrnn_q7_t_relu(a, nb, nr, nc, ch, r, limit, div)
            }});
        }
        _ => l2_norm(&mut cx, d, n, shift),
    }
}

fn l2_norm(cx: &mut Ctx, d: [u32; 4], n: Option<usize>, shift: bool) {
    let (si, so) = (cx.r.scale(), cx.r.scale());
    let f = if shift { tinyrnn_q15_t_l2_norm_shift } else { tinyrnn_q15_t_l2_norm_div };
    let call = |ten: *const i16, ret: *mut i16| unsafe { f(ten, d[0], d[1], d[2], d[3], ret, si, so) };
    let layout = cx.r.u8();
    if layout >= 0xE0 && !cx.has_fault() && n.is_some_and(|n| n <= 256) {
        // ret == ten (C-exact in place) or shifted by a few elements (refused).
        let m = n.unwrap_or(0);
        let delta = (layout & 7) as isize - 4;
        let rd = &mut cx.r;
        let arena = Arena::new(64 + 2 * m + 80, |_| rd.u8());
        let before = arena.bytes();
        let reference = Arena::new(2 * m + 8, |i| before[64 + i]);
        let mut out = vec![0i16; m];
        call(reference.at(0), out.as_mut_ptr());
        call(arena.at(64), arena.at((64 + 2 * delta) as usize));
        let after = arena.bytes();
        if delta == 0 {
            let got: Vec<i16> = (0..m).map(|i| i16::from_le_bytes([after[64 + 2 * i], after[65 + 2 * i]])).collect();
            assert_eq!(got, out, "in-place l2 norm differs from out of place");
        } else if delta.unsigned_abs() < m {
            assert!(after == before, "overlapping l2 norm wrote memory");
        }
        return;
    }
    let ten: RawBuf<i16> = cx.buf(n);
    let ret: RawBuf<i16> = cx.buf(n);
    let before = ret.contents();
    call(ten.cptr(), ret.ptr());
    if cx.refused {
        assert!(same(&before, &ret.contents()), "refused l2 norm wrote its output");
    }
}
