//! Differential target: each of the 27 quantized util kernels, called
//! through the C ABI (division and shift builds), against the plain model of
//! `tests/model/mod.rs`, on inputs inside the domain where EdgeML's C
//! reference is defined. The model asserts that domain; inputs that leave it
//! (the model panics) are skipped, not compared. Results must be equal to
//! the bit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::in_domain;
use tinyrnn_fuzz::input::Reader;
use tinyrnn_fuzz::model::{self, Conv, Shape};

fuzz_target!(|data: &[u8]| run(data));

fn v16(r: &mut Reader, n: usize) -> Vec<i16> {
    (0..n).map(|_| r.i16()).collect()
}

fn v8(r: &mut Reader, n: usize) -> Vec<i8> {
    (0..n).map(|_| r.i8()).collect()
}

/// `expected` from the model (None: out of the defined domain) against `got`.
fn compare<T: PartialEq + std::fmt::Debug>(what: &str, expected: Option<T>, got: impl FnOnce() -> T) {
    if let Some(want) = expected {
        let got = got();
        assert_eq!(got, want, "{what}: C ABI differs from the model");
    }
}

fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let op = r.u8();
    let shift = op & 0x80 != 0;
    let len = r.bounded(40) as usize;
    let n32 = len as u32;
    let sc = |r: &mut Reader| r.scale();
    match op % 27 {
        0 => {
            let (a, b, s) = (v16(&mut r, len), v16(&mut r, len), [sc(&mut r), sc(&mut r), sc(&mut r), sc(&mut r)]);
            compare("q15_v_add", in_domain(|| model::q15_v_add(&a, &b, s[0], s[1], s[2], s[3], shift)), || {
                let mut out = vec![0i16; len];
                let f = if shift { tinyrnn_q15_v_add_shift } else { tinyrnn_q15_v_add_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), n32, out.as_mut_ptr(), s[0], s[1], s[2], s[3]) };
                out
            });
        }
        1 => {
            let (a, b, s) = (v8(&mut r, len), v8(&mut r, len), [sc(&mut r), sc(&mut r), sc(&mut r)]);
            compare("q7_v_sub", in_domain(|| model::q7_v_sub(&a, &b, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i8; len];
                let f = if shift { tinyrnn_q7_v_sub_shift } else { tinyrnn_q7_v_sub_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), n32, out.as_mut_ptr(), s[0], s[1], s[2]) };
                out
            });
        }
        2 => {
            let (a, b, s) = (v16(&mut r, len), v16(&mut r, len), [sc(&mut r), sc(&mut r), sc(&mut r)]);
            compare("q15_v_sub", in_domain(|| model::q15_v_sub(&a, &b, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i16; len];
                let f = if shift { tinyrnn_q15_v_sub_shift } else { tinyrnn_q15_v_sub_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), n32, out.as_mut_ptr(), s[0], s[1], s[2]) };
                out
            });
        }
        3 => {
            let (a, b, s) = (v8(&mut r, len), v8(&mut r, len), [sc(&mut r), sc(&mut r)]);
            compare("q7_v_hadamard", in_domain(|| model::q7_v_hadamard(&a, &b, s[0], s[1], shift)), || {
                let mut out = vec![0i8; len];
                let f = if shift { tinyrnn_q7_v_hadamard_shift } else { tinyrnn_q7_v_hadamard_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), n32, out.as_mut_ptr(), s[0], s[1]) };
                out
            });
        }
        4 => {
            let (a, b, s) = (v16(&mut r, len), v16(&mut r, len), [sc(&mut r), sc(&mut r)]);
            compare("q15_v_hadamard", in_domain(|| model::q15_v_hadamard(&a, &b, s[0], s[1], shift)), || {
                let mut out = vec![0i16; len];
                let f = if shift { tinyrnn_q15_v_hadamard_shift } else { tinyrnn_q15_v_hadamard_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), n32, out.as_mut_ptr(), s[0], s[1]) };
                out
            });
        }
        5 => {
            let a = v16(&mut r, len);
            let (div, add, limit, si, so, t) = (r.i16(), r.i16(), r.i16(), sc(&mut r), sc(&mut r), r.u8() as u32 % 3);
            compare("q15_v_sigmoid", in_domain(|| model::q15_v_sigmoid(&a, div, add, limit, si, so, t)), || {
                let mut out = vec![0i16; len];
                unsafe { tinyrnn_q15_v_sigmoid(a.as_ptr(), n32, out.as_mut_ptr(), div, add, limit, si, so, t) };
                out
            });
        }
        6 => {
            let a = v16(&mut r, len);
            let (si, so, t) = (sc(&mut r), sc(&mut r), r.u8() as u32 % 3);
            compare("q15_v_tanh", in_domain(|| model::q15_v_tanh(&a, si, so, t)), || {
                let mut out = vec![0i16; len];
                unsafe { tinyrnn_q15_v_tanh(a.as_ptr(), n32, out.as_mut_ptr(), si, so, t) };
                out
            });
        }
        7..=9 => {
            let (scalar, a) = (r.i16(), v16(&mut r, len));
            let s = [sc(&mut r), sc(&mut r), sc(&mut r)];
            let which = op % 27;
            let expected = in_domain(|| match which {
                7 => model::q15_v_scalar_add(scalar, &a, s[0], s[1], s[2], shift),
                8 => model::q15_v_scalar_sub(scalar, &a, s[0], s[1], s[2], shift),
                _ => model::q15_v_scalar_mul(scalar, &a, s[0], s[1], shift),
            });
            compare("q15_v_scalar_*", expected, || {
                let mut out = vec![0i16; len];
                let (p, o) = (a.as_ptr(), out.as_mut_ptr());
                unsafe {
                    match (which, shift) {
                        (7, false) => tinyrnn_q15_v_scalar_add_div(scalar, p, n32, o, s[0], s[1], s[2]),
                        (7, true) => tinyrnn_q15_v_scalar_add_shift(scalar, p, n32, o, s[0], s[1], s[2]),
                        (8, false) => tinyrnn_q15_v_scalar_sub_div(scalar, p, n32, o, s[0], s[1], s[2]),
                        (8, true) => tinyrnn_q15_v_scalar_sub_shift(scalar, p, n32, o, s[0], s[1], s[2]),
                        (_, false) => tinyrnn_q15_v_scalar_mul_div(scalar, p, n32, o, s[0], s[1]),
                        (_, true) => tinyrnn_q15_v_scalar_mul_shift(scalar, p, n32, o, s[0], s[1]),
                    }
                }
                out
            });
        }
        10 => {
            let a = v16(&mut r, len);
            compare("q15_v_argmax", in_domain(|| model::q15_v_argmax(&a, len)), || {
                let mut out = 99u32;
                unsafe { tinyrnn_q15_v_argmax(a.as_ptr(), n32, &mut out) };
                out
            });
        }
        11 | 12 => {
            let (a, s) = (v16(&mut r, len), sc(&mut r));
            let up = op % 27 == 11;
            let expected = in_domain(|| if up { model::q15_v_scale_up(&a, s, shift) } else { model::q15_v_scale_down(&a, s, shift) });
            compare("q15_v_scale_*", expected, || {
                let mut out = vec![0i16; len];
                let f = match (up, shift) {
                    (true, false) => tinyrnn_q15_v_scale_up_div,
                    (true, true) => tinyrnn_q15_v_scale_up_shift,
                    (false, false) => tinyrnn_q15_v_scale_down_div,
                    (false, true) => tinyrnn_q15_v_scale_down_shift,
                };
                unsafe { f(a.as_ptr(), n32, out.as_mut_ptr(), s) };
                out
            });
        }
        13 => {
            let (rows, cols, axis) = (r.bounded(12) as usize, r.bounded(12) as usize, r.u8() as u32 % 3);
            let m = v16(&mut r, rows * cols);
            compare("q15_m_reverse", in_domain(|| model::q15_m_reverse(&m, rows, cols, axis)), || {
                let mut out = vec![0i16; rows * cols];
                unsafe { tinyrnn_q15_m_reverse(m.as_ptr(), rows as u32, cols as u32, axis, out.as_mut_ptr()) };
                out
            });
        }
        14 | 15 => {
            let (rows, cols) = (r.bounded(16) as usize, r.bounded(16) as usize);
            let m = v16(&mut r, rows * cols);
            let s = [sc(&mut r), sc(&mut r), sc(&mut r)];
            let mut out = vec![0i16; rows];
            if op % 27 == 14 {
                let v = v8(&mut r, cols);
                compare("q15xq7_q15_m_mulvec", in_domain(|| model::q15xq7_q15_m_mulvec(&m, &v, rows, cols, s[0], s[1], s[2], shift)), || {
                    let f = if shift { tinyrnn_q15xq7_q15_m_mulvec_shift } else { tinyrnn_q15xq7_q15_m_mulvec_div };
                    unsafe { f(m.as_ptr(), v.as_ptr(), rows as u32, cols as u32, out.as_mut_ptr(), s[0], s[1], s[2]) };
                    out
                });
            } else {
                let v = v16(&mut r, cols);
                compare("q15_m_mulvec", in_domain(|| model::q15_m_mulvec(&m, &v, rows, cols, s[0], s[1], s[2], shift)), || {
                    let f = if shift { tinyrnn_q15_m_mulvec_shift } else { tinyrnn_q15_m_mulvec_div };
                    unsafe { f(m.as_ptr(), v.as_ptr(), rows as u32, cols as u32, out.as_mut_ptr(), s[0], s[1], s[2]) };
                    out
                });
            }
        }
        16 | 17 => {
            let ncols = r.bounded(16) as usize;
            let mut ids = Vec::new();
            let mut nrows = 0usize;
            for _ in 0..ncols {
                for _ in 0..r.u8() % 5 {
                    let row = (r.u8() % 16) as u32 + 1;
                    nrows = nrows.max(row as usize);
                    ids.push(row);
                }
                ids.push(0);
            }
            let nnz = ids.iter().filter(|&&i| i != 0).count();
            let vals = v16(&mut r, nnz);
            let ret_in = v16(&mut r, nrows);
            let s = [sc(&mut r), sc(&mut r), sc(&mut r)];
            let mut out = ret_in.clone();
            if op % 27 == 16 {
                let v = v8(&mut r, ncols);
                compare("q15xq7_q15_m_sparse_mulvec", in_domain(|| model::q15xq7_q15_m_sparse_mulvec(&ids, &vals, &v, &ret_in, s[0], s[1], s[2], shift)), || {
                    let f = if shift { tinyrnn_q15xq7_q15_m_sparse_mulvec_shift } else { tinyrnn_q15xq7_q15_m_sparse_mulvec_div };
                    unsafe { f(ids.as_ptr(), vals.as_ptr(), v.as_ptr(), ncols as u32, out.as_mut_ptr(), s[0], s[1], s[2]) };
                    out
                });
            } else {
                let v = v16(&mut r, ncols);
                compare("q15_m_sparse_mulvec", in_domain(|| model::q15_m_sparse_mulvec(&ids, &vals, &v, &ret_in, s[0], s[1], s[2], shift)), || {
                    let f = if shift { tinyrnn_q15_m_sparse_mulvec_shift } else { tinyrnn_q15_m_sparse_mulvec_div };
                    unsafe { f(ids.as_ptr(), vals.as_ptr(), v.as_ptr(), ncols as u32, out.as_mut_ptr(), s[0], s[1], s[2]) };
                    out
                });
            }
        }
        18..=23 => tensor(&mut r, op % 27, shift),
        _ => conv(&mut r, op % 27, shift),
    }
}

fn tensor(r: &mut Reader, which: u8, shift: bool) {
    let d = [r.bounded(3), r.bounded(4), r.bounded(4), r.bounded(6)];
    let shape = Shape { nbatches: d[0] as usize, nrows: d[1] as usize, ncols: d[2] as usize, nchannels: d[3] as usize };
    let n = shape.len();
    match which {
        18 => {
            let (a, b, s) = (v8(r, n), v8(r, n), [r.scale(), r.scale(), r.scale()]);
            compare("q7_t_add", in_domain(|| model::q7_t_add(&a, &b, shape, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i8; n];
                let f = if shift { tinyrnn_q7_t_add_shift } else { tinyrnn_q7_t_add_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), d[0], d[1], d[2], d[3], out.as_mut_ptr(), s[0], s[1], s[2]) };
                out
            });
        }
        19 => {
            let (a, b, s) = (v16(r, n), v16(r, n), [r.scale(), r.scale(), r.scale()]);
            compare("q15_t_add", in_domain(|| model::q15_t_add(&a, &b, shape, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i16; n];
                let f = if shift { tinyrnn_q15_t_add_shift } else { tinyrnn_q15_t_add_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), d[0], d[1], d[2], d[3], out.as_mut_ptr(), s[0], s[1], s[2]) };
                out
            });
        }
        20 => {
            let (a, b, s) = (v8(r, n), v16(r, d[3] as usize), [r.scale(), r.scale(), r.scale()]);
            compare("q7xq15_q7_t_add_vec", in_domain(|| model::q7xq15_q7_t_add_vec(&a, &b, shape, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i8; n];
                let f = if shift { tinyrnn_q7xq15_q7_t_add_vec_shift } else { tinyrnn_q7xq15_q7_t_add_vec_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), d[0], d[1], d[2], d[3], out.as_mut_ptr(), s[0], s[1], s[2]) };
                out
            });
        }
        21 => {
            let (a, b, s) = (v16(r, n), v16(r, d[3] as usize), [r.scale(), r.scale(), r.scale()]);
            compare("q15_t_add_vec", in_domain(|| model::q15_t_add_vec(&a, &b, shape, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i16; n];
                let f = if shift { tinyrnn_q15_t_add_vec_shift } else { tinyrnn_q15_t_add_vec_div };
                unsafe { f(a.as_ptr(), b.as_ptr(), d[0], d[1], d[2], d[3], out.as_mut_ptr(), s[0], s[1], s[2]) };
                out
            });
        }
        22 => {
            let (a, limit, div) = (v8(r, n), r.i8(), r.i8());
            compare("q7_t_relu", in_domain(|| model::q7_t_relu(&a, shape, limit, div)), || {
                let mut out = vec![0i8; n];
                unsafe { tinyrnn_q7_t_relu(a.as_ptr(), d[0], d[1], d[2], d[3], out.as_mut_ptr(), limit, div) };
                out
            });
        }
        _ => {
            let (a, si, so) = (v16(r, n), r.scale(), r.scale());
            compare("q15_t_l2_norm", in_domain(|| model::q15_t_l2_norm(&a, shape, si, so, shift)), || {
                let mut out = vec![0i16; n];
                let f = if shift { tinyrnn_q15_t_l2_norm_shift } else { tinyrnn_q15_t_l2_norm_div };
                unsafe { f(a.as_ptr(), d[0], d[1], d[2], d[3], out.as_mut_ptr(), si, so) };
                out
            });
        }
    }
}

/// A padding in -8..=7 (larger ones make the model enumerate billions of positions).
fn small_pad(r: &mut Reader) -> i32 {
    (r.u8() % 16) as i32 - 8
}

fn conv(r: &mut Reader, which: u8, shift: bool) {
    let c = Conv {
        n: r.bounded(2) as usize,
        h: r.bounded(6) as usize,
        w: r.bounded(6) as usize,
        cin: r.bounded(4) as usize,
        hf: r.bounded(3) as usize,
        wf: r.bounded(3) as usize,
        cf: r.bounded(4) as usize,
        cout: r.bounded(3) as usize,
        hout: r.bounded(8) as usize,
        wout: r.bounded(8) as usize,
        g: r.bounded(2) as usize,
        hpad_u: small_pad(r),
        hpad_d: small_pad(r),
        wpad_l: small_pad(r),
        wpad_r: small_pad(r),
        hstride: r.bounded(3) as usize,
        wstride: r.bounded(3) as usize,
        hdilation: r.bounded(3) as usize,
        wdilation: r.bounded(3) as usize,
    };
    // The reference indexes input channels g·CF.. of CIn: only defined when they fit.
    if c.g * c.cf > c.cin {
        return;
    }
    let (in_len, f_len, out_len) = (c.n * c.h * c.w * c.cin, c.g * c.hf * c.wf * c.cf * c.cout, c.n * c.hout * c.wout * c.g * c.cout);
    let s = [r.scale(), r.scale(), r.scale()];
    let filter = v16(r, f_len);
    let u = |x: usize| x as u32;
    macro_rules! call {
        ($f:expr, $input:expr, $out:expr) => {
            unsafe {
                $f($input.as_ptr(), filter.as_ptr(), $out.as_mut_ptr(), u(c.n), u(c.h), u(c.w), u(c.cin), u(c.hf), u(c.wf), u(c.cf),
                   u(c.cout), u(c.hout), u(c.wout), u(c.g), c.hpad_u, c.hpad_d, c.wpad_l, c.wpad_r, u(c.hstride), u(c.wstride),
                   u(c.hdilation), u(c.wdilation), s[0], s[1], s[2])
            }
        };
    }
    match which {
        24 => {
            let input = v8(r, in_len);
            compare("q7xq15_q7_convolution", in_domain(|| model::q7xq15_q7_convolution(&input, &filter, &c, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i8; out_len];
                let f = if shift { tinyrnn_q7xq15_q7_convolution_shift as unsafe extern "C" fn(_, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _) } else { tinyrnn_q7xq15_q7_convolution_div };
                call!(f, input, out);
                out
            });
        }
        25 => {
            let input = v8(r, in_len);
            compare("q7xq15_q15_convolution", in_domain(|| model::q7xq15_q15_convolution(&input, &filter, &c, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i16; out_len];
                let f = if shift { tinyrnn_q7xq15_q15_convolution_shift as unsafe extern "C" fn(_, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _) } else { tinyrnn_q7xq15_q15_convolution_div };
                call!(f, input, out);
                out
            });
        }
        _ => {
            let input = v16(r, in_len);
            compare("q15_convolution", in_domain(|| model::q15_convolution(&input, &filter, &c, s[0], s[1], s[2], shift)), || {
                let mut out = vec![0i16; out_len];
                let f = if shift { tinyrnn_q15_convolution_shift as unsafe extern "C" fn(_, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _) } else { tinyrnn_q15_convolution_div };
                call!(f, input, out);
                out
            });
        }
    }
}
