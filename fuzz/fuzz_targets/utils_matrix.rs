//! The matrix kernels of `quantized_utils.h` through the C ABI, in both
//! builds: `q15xq7_q15_m_mulvec`, `q15_m_mulvec`, the two sparse products
//! (EdgeML's column-major encoding, accumulating into `ret`) and
//! `q15_m_reverse`. An output over an input of its element type is computed
//! in EdgeML's order (reverse: checked against that order; products: only
//! `ret` changes, deterministically; tests/edgeml_recorded.rs pins the
//! values); a Q15 output over the Q7 vector must be refused (nothing
//! written); so must NULL/misaligned buffers and unallocatable sizes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::mem::{product, same, Arena, Ctx, RawBuf, MAX_ELEMS};

fuzz_target!(|data: &[u8]| run(data));

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let op = cx.r.u8();
    let shift = op & 0x80 != 0;
    match op % 5 {
        0 | 1 => mulvec(&mut cx, op % 5 == 1, shift),
        2 | 3 => sparse(&mut cx, op % 5 == 3, shift),
        _ => reverse(&mut cx),
    }
}

unsafe fn call_mulvec(q7: bool, shift: bool, mat: *const i16, vec: *const u8, r: u32, c: u32, ret: *mut i16, s: [i32; 3]) {
    match (q7, shift) {
        (true, false) => tinyrnn_q15xq7_q15_m_mulvec_div(mat, vec as *const i8, r, c, ret, s[0], s[1], s[2]),
        (true, true) => tinyrnn_q15xq7_q15_m_mulvec_shift(mat, vec as *const i8, r, c, ret, s[0], s[1], s[2]),
        (false, false) => tinyrnn_q15_m_mulvec_div(mat, vec as *const i16, r, c, ret, s[0], s[1], s[2]),
        (false, true) => tinyrnn_q15_m_mulvec_shift(mat, vec as *const i16, r, c, ret, s[0], s[1], s[2]),
    }
}

fn mulvec(cx: &mut Ctx, q7: bool, shift: bool) {
    let (r, c) = (cx.r.dim(), cx.r.dim());
    let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
    let layout = cx.r.u8();
    let mat_len = product(&[r, c]);
    let vsize = if q7 { 1 } else { 2 };
    if layout >= 0xE0 && !cx.has_fault() && mat_len.is_some_and(|n| n <= 256) && r <= 64 && c <= 64 {
        // ret over mat or vec, shifted: over the Q7 vector refused (memory
        // untouched); otherwise only ret changes, the same way every time.
        let (m, c_, r_) = (mat_len.unwrap_or(0), c as usize, r as usize);
        let off_m = 64;
        let off_v = (off_m + 2 * m + 64).next_multiple_of(8);
        let over_vec = layout & 0x10 != 0;
        let target = if over_vec { off_v } else { off_m };
        let off_r = (target as isize + 2 * ((layout & 7) as isize - 4)).max(0) as usize;
        let size = (off_v + vsize * c_).max(off_r + 2 * r_) + 64;
        let rd = &mut cx.r;
        let arena = Arena::new(size, |_| rd.u8());
        let before = arena.bytes();
        let copy = arena.duplicate();
        unsafe { call_mulvec(q7, shift, arena.at(off_m), arena.at(off_v), r, c, arena.at(off_r), s) };
        unsafe { call_mulvec(q7, shift, copy.at(off_m), copy.at(off_v), r, c, copy.at(off_r), s) };
        let meets = |a: usize, alen: usize, b: usize, blen: usize| alen > 0 && blen > 0 && a < b + blen && b < a + alen;
        if q7 && meets(off_r, 2 * r_, off_v, vsize * c_) {
            assert!(arena.bytes() == before, "Q15 ret over the Q7 vector wrote memory");
        } else {
            assert!(arena.bytes() == copy.bytes(), "overlapping mulvec is not deterministic");
            outside_unchanged(&before, &arena.bytes(), off_r, 2 * r_, "mulvec");
        }
        return;
    }
    let mat: RawBuf<i16> = cx.buf(mat_len);
    let (vec8, vec16): (RawBuf<i8>, RawBuf<i16>);
    let vec = if q7 {
        vec8 = cx.buf(Some(c as usize));
        vec8.cptr() as *const u8
    } else {
        vec16 = cx.buf(Some(c as usize));
        vec16.cptr() as *const u8
    };
    let ret: RawBuf<i16> = cx.buf(Some(r as usize));
    let before = ret.contents();
    unsafe { call_mulvec(q7, shift, mat.cptr(), vec, r, c, ret.ptr(), s) };
    if cx.refused {
        assert!(same(&before, &ret.contents()), "refused mulvec wrote its output");
    } else if r > 0 && c > 0 {
        // Row 0 alone gives the same value (rows are independent).
        let mut one = [0i16];
        unsafe { call_mulvec(q7, shift, mat.cptr(), vec, 1, c, one.as_mut_ptr(), s) };
        assert_eq!(one[0], ret.get(0), "row 0 alone differs");
    }
}

unsafe fn call_sparse(q7: bool, shift: bool, ids: *const u32, vals: *const i16, vec: *const u8, nelem: u32, ret: *mut i16, s: [i32; 3]) {
    match (q7, shift) {
        (true, false) => tinyrnn_q15xq7_q15_m_sparse_mulvec_div(ids, vals, vec as *const i8, nelem, ret, s[0], s[1], s[2]),
        (true, true) => tinyrnn_q15xq7_q15_m_sparse_mulvec_shift(ids, vals, vec as *const i8, nelem, ret, s[0], s[1], s[2]),
        (false, false) => tinyrnn_q15_m_sparse_mulvec_div(ids, vals, vec as *const i16, nelem, ret, s[0], s[1], s[2]),
        (false, true) => tinyrnn_q15_m_sparse_mulvec_shift(ids, vals, vec as *const i16, nelem, ret, s[0], s[1], s[2]),
    }
}

/// A sparse matrix in EdgeML's encoding: `ncols` columns of row numbers
/// (1-based), each ended by 0. Row numbers are small mostly, any `u32`
/// sometimes (the output must then hold that many rows).
pub fn encoding(cx: &mut Ctx, ncols: u32) -> (Vec<u32>, usize) {
    let (mut ids, mut nrows) = (Vec::new(), 0usize);
    for _ in 0..ncols {
        let k = cx.r.u8() % 64;
        for _ in 0..k {
            let row = match cx.r.u8() {
                0xFF => cx.r.dim().max(1),
                t => (t % 40) as u32 + 1,
            };
            nrows = nrows.max(row as usize);
            ids.push(row);
        }
        ids.push(0);
    }
    (ids, nrows)
}

fn sparse(cx: &mut Ctx, q7: bool, shift: bool) {
    let nelem = cx.r.small_dim(40);
    // Columns that cannot be allocated: the encoding is passed as NULL.
    let (ids, nrows) = if nelem as usize <= MAX_ELEMS { encoding(cx, nelem) } else { (Vec::new(), 0) };
    let ids_len = (nelem as usize <= MAX_ELEMS).then_some(ids.len());
    let nnz = ids.iter().filter(|&&i| i != 0).count();
    let s = [cx.r.scale(), cx.r.scale(), cx.r.scale()];
    let ids_buf: RawBuf<u32> = cx.buf_with(ids_len, |i| ids[i]);
    let vals: RawBuf<i16> = cx.buf(Some(nnz));
    let (vec8, vec16): (RawBuf<i8>, RawBuf<i16>);
    let vec = if q7 {
        vec8 = cx.buf(Some(nelem as usize));
        vec8.cptr() as *const u8
    } else {
        vec16 = cx.buf(Some(nelem as usize));
        vec16.cptr() as *const u8
    };
    let ret: RawBuf<i16> = cx.buf(Some(nrows));
    let before = ret.contents();
    unsafe { call_sparse(q7, shift, ids_buf.cptr(), vals.cptr(), vec, nelem, ret.ptr(), s) };
    if cx.refused || (nelem > 0 && !ids_buf.is_real()) {
        assert!(same(&before, &ret.contents()), "refused sparse product wrote its output");
    }
}

fn reverse(cx: &mut Ctx) {
    let (r, c, axis) = (cx.r.dim(), cx.r.dim(), cx.r.u8() as u32 % 3);
    let n = product(&[r, c]);
    let layout = cx.r.u8();
    if layout >= 0xE0 && !cx.has_fault() && n.is_some_and(|n| n <= 256) {
        let m = n.unwrap_or(0);
        let shift = (layout & 7) as isize - 4;
        let off_r = (64 + 2 * shift) as usize;
        let rd = &mut cx.r;
        let arena = Arena::new(64 + 2 * m + 80, |_| rd.u8());
        // EdgeML's order: ret[i] = mat[mirror(i)] for i = 0, 1, …, each
        // load seeing the stores before it.
        let mut want = arena.bytes();
        let (rows, cols) = (r as usize, c as usize);
        for i in 0..m {
            let (row, col) = (i / cols, i % cols);
            let src = if axis == 0 { (rows - 1 - row) * cols + col } else { row * cols + cols - 1 - col };
            let (a, b) = (64 + 2 * src, off_r + 2 * i);
            let v = [want[a], want[a + 1]];
            want[b..b + 2].copy_from_slice(&v);
        }
        unsafe { tinyrnn_q15_m_reverse(arena.at(64), r, c, axis, arena.at(off_r)) };
        assert!(arena.bytes() == want, "overlapping reverse differs from EdgeML's order");
        return;
    }
    let mat: RawBuf<i16> = cx.buf(n);
    let ret: RawBuf<i16> = cx.buf(n);
    let before = ret.contents();
    unsafe { tinyrnn_q15_m_reverse(mat.cptr(), r, c, axis, ret.ptr()) };
    let got = ret.contents();
    if cx.refused {
        assert!(same(&before, &got), "refused reverse wrote its output");
        return;
    }
    let (m, rows, cols) = (mat.contents(), r as usize, c as usize);
    for i in 0..got.len() {
        let (row, col) = (i / cols, i % cols);
        let want = if axis == 0 { m[(rows - 1 - row) * cols + col] } else { m[row * cols + cols - 1 - col] };
        assert_eq!(got[i], want, "reverse axis {axis}, element {i}");
    }
}

/// Bytes outside `[at, at + len)` are as they were.
fn outside_unchanged(before: &[u8], after: &[u8], at: usize, len: usize, what: &str) {
    for (i, (a, b)) in before.iter().zip(after).enumerate() {
        assert!(a == b || (at..at + len).contains(&i), "{what} wrote byte {i} outside its output");
    }
}
