//! The element-wise kernels of `quantized_utils.h` through the C ABI, in
//! both builds: `q15_v_add`, `q7_v_sub`, `q15_v_sub`, `q7_v_hadamard`,
//! `q15_v_hadamard`, `q15_v_scalar_{add,sub,mul}`, `q15_v_scale_{up,down}`,
//! `q15_v_sigmoid`, `q15_v_tanh`, `q15_v_softsign` and `q15_v_argmax`: any length, scale and
//! content, injected NULL/misaligned buffers, outputs over their inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::harness::{elementwise, Elementwise};
use tinyrnn_fuzz::mem::{Ctx, RawBuf};

fuzz_target!(|data: &[u8]| run(data));

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let op = cx.r.u8();
    let shift = op & 0x80 != 0;
    let len = cx.r.dim();
    let n = Some(len as usize);
    let id = |i: usize| i;
    // One call of the chosen kernel, full length or one element.
    let len_of = |single: bool| if single { 1 } else { len };
    match op % 14 {
        0 => {
            let s = [cx.r.scale(), cx.r.scale(), cx.r.scale(), cx.r.scale()];
            let f = if shift { tinyrnn_q15_v_add_shift } else { tinyrnn_q15_v_add_div };
            elementwise(&mut cx, Elementwise { n, b_len: n, b_index: id, call: |a: *const i16, b: *const i16, r: *mut i16, one: bool| unsafe {
                f(a, b, len_of(one), r, s[0], s[1], s[2], s[3])
            }});
        }
        1 => {
            let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
            let f = if shift { tinyrnn_q7_v_sub_shift } else { tinyrnn_q7_v_sub_div };
            elementwise(&mut cx, Elementwise { n, b_len: n, b_index: id, call: |a: *const i8, b: *const i8, r: *mut i8, one: bool| unsafe {
                f(a, b, len_of(one), r, s[0], s[1], s[2])
            }});
        }
        2 => {
            let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
            let f = if shift { tinyrnn_q15_v_sub_shift } else { tinyrnn_q15_v_sub_div };
            elementwise(&mut cx, Elementwise { n, b_len: n, b_index: id, call: |a: *const i16, b: *const i16, r: *mut i16, one: bool| unsafe {
                f(a, b, len_of(one), r, s[0], s[1], s[2])
            }});
        }
        3 => {
            let s = [cx.r.scale(), cx.r.scale()];
            let f = if shift { tinyrnn_q7_v_hadamard_shift } else { tinyrnn_q7_v_hadamard_div };
            elementwise(&mut cx, Elementwise { n, b_len: n, b_index: id, call: |a: *const i8, b: *const i8, r: *mut i8, one: bool| unsafe {
                f(a, b, len_of(one), r, s[0], s[1])
            }});
        }
        4 => {
            let s = [cx.r.scale(), cx.r.scale()];
            let f = if shift { tinyrnn_q15_v_hadamard_shift } else { tinyrnn_q15_v_hadamard_div };
            elementwise(&mut cx, Elementwise { n, b_len: n, b_index: id, call: |a: *const i16, b: *const i16, r: *mut i16, one: bool| unsafe {
                f(a, b, len_of(one), r, s[0], s[1])
            }});
        }
        5..=7 => {
            let scalar = cx.r.i16();
            let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
            let which = op % 14;
            elementwise(&mut cx, Elementwise { n, b_len: Some(0), b_index: |_| 0, call: |a: *const i16, _: *const i16, r: *mut i16, one: bool| unsafe {
                match (which, shift) {
                    (5, false) => tinyrnn_q15_v_scalar_add_div(scalar, a, len_of(one), r, s[0], s[1], s[2]),
                    (5, true) => tinyrnn_q15_v_scalar_add_shift(scalar, a, len_of(one), r, s[0], s[1], s[2]),
                    (6, false) => tinyrnn_q15_v_scalar_sub_div(scalar, a, len_of(one), r, s[0], s[1], s[2]),
                    (6, true) => tinyrnn_q15_v_scalar_sub_shift(scalar, a, len_of(one), r, s[0], s[1], s[2]),
                    (_, false) => tinyrnn_q15_v_scalar_mul_div(scalar, a, len_of(one), r, s[0], s[1]),
                    (_, true) => tinyrnn_q15_v_scalar_mul_shift(scalar, a, len_of(one), r, s[0], s[1]),
                }
            }});
        }
        8 | 9 => {
            let s = cx.r.scale();
            let f = match (op % 14 == 8, shift) {
                (true, false) => tinyrnn_q15_v_scale_up_div,
                (true, true) => tinyrnn_q15_v_scale_up_shift,
                (false, false) => tinyrnn_q15_v_scale_down_div,
                (false, true) => tinyrnn_q15_v_scale_down_shift,
            };
            elementwise(&mut cx, Elementwise { n, b_len: Some(0), b_index: |_| 0, call: |a: *const i16, _: *const i16, r: *mut i16, one: bool| unsafe {
                f(a, len_of(one), r, s)
            }});
        }
        10 => {
            let (div, add, limit) = (cx.r.i16(), cx.r.i16(), cx.r.i16());
            let (si, so) = (cx.r.scale(), cx.r.scale());
            let tables = cx.r.u8() as u32 % 3; // 0, 1, or 2 (any non-zero means tables)
            elementwise(&mut cx, Elementwise { n, b_len: Some(0), b_index: |_| 0, call: |a: *const i16, _: *const i16, r: *mut i16, one: bool| unsafe {
                tinyrnn_q15_v_sigmoid(a, len_of(one), r, div, add, limit, si, so, tables)
            }});
        }
        11 => {
            let (si, so) = (cx.r.scale(), cx.r.scale());
            let tables = cx.r.u8() as u32 % 3;
            elementwise(&mut cx, Elementwise { n, b_len: Some(0), b_index: |_| 0, call: |a: *const i16, _: *const i16, r: *mut i16, one: bool| unsafe {
                tinyrnn_q15_v_tanh(a, len_of(one), r, si, so, tables)
            }});
        }
        12 => argmax(&mut cx, len),
        _ => {
            let (si, so) = (cx.r.scale(), cx.r.scale());
            elementwise(&mut cx, Elementwise { n, b_len: Some(0), b_index: |_| 0, call: |a: *const i16, _: *const i16, r: *mut i16, one: bool| unsafe {
                tinyrnn_q15_v_softsign(a, len_of(one), r, si, so)
            }});
        }
    }
}

/// `q15_v_argmax`: the index of the first maximum, 0 for an empty vector,
/// nothing written for a NULL vector with `len > 0` or a NULL `ret`.
fn argmax(cx: &mut Ctx, len: u32) {
    let vec: RawBuf<i16> = cx.buf(Some(len as usize));
    let ret: RawBuf<u32> = cx.buf_with(Some(1), |_| 0xDEAD_BEEF);
    unsafe { tinyrnn_q15_v_argmax(vec.cptr(), len, ret.ptr()) };
    let got = ret.contents();
    if cx.refused {
        assert!(got.is_empty() || got[0] == 0xDEAD_BEEF, "refused argmax wrote {got:?}");
        return;
    }
    let v = vec.contents();
    let want = v.iter().enumerate().fold(0usize, |best, (i, &x)| if x > v[best] { i } else { best });
    assert_eq!(got[0] as usize, want, "argmax of {v:?}");
}
