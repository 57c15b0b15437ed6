//! Element-wise vector kernels (`q15_v_*`, `q7_v_*`).
//!
//! Each kernel is an element operation (an `*_op` function returning a
//! closure over C-promoted `int` values) mapped over slices. The C ABI maps
//! the very same operations over buffers that may alias, so in-place calls
//! give EdgeML's results too.

use super::{activation::exp_base_16, need, Elem};
use crate::error::Result;
use crate::scale::{div32, pow2, shl32, Scale};

/// Maps a one-input element operation over `vec` into `ret` (`ret.len()` elements).
#[inline(always)]
pub fn map1<A: Elem, R: Elem>(vec: &[A], ret: &mut [R], op: impl Fn(i32) -> i32) -> Result {
    need(ret.len(), &[vec.len()])?;
    for (r, &a) in ret.iter_mut().zip(vec) {
        *r = R::store(op(a.int()));
    }
    Ok(())
}

/// In-place form of [`map1`].
#[inline(always)]
pub fn map1_in_place<R: Elem>(vec: &mut [R], op: impl Fn(i32) -> i32) {
    for r in vec.iter_mut() {
        *r = R::store(op(r.int()));
    }
}

/// Maps a two-input element operation over `vec1`, `vec2` into `ret`.
#[inline(always)]
pub fn map2<A: Elem, B: Elem, R: Elem>(
    vec1: &[A],
    vec2: &[B],
    ret: &mut [R],
    op: impl Fn(i32, i32) -> i32,
) -> Result {
    need(ret.len(), &[vec1.len(), vec2.len()])?;
    for ((r, &a), &b) in ret.iter_mut().zip(vec1).zip(vec2) {
        *r = R::store(op(a.int(), b.int()));
    }
    Ok(())
}

/// `(a / (sc1·scret) + b / (sc2·scret)) / demote` (shifts in `SHIFT` mode).
#[inline(always)]
pub fn add_op<S: Scale>(scvec1: S, scvec2: S, scret: S, demote: S) -> impl Fn(i32, i32) -> i32 + Copy {
    let (s1, s2) = (scvec1.then(scret), scvec2.then(scret));
    move |a, b| demote.down(s1.down(a).wrapping_add(s2.down(b)))
}

/// `a / (sc1·scret) + b / (sc2·scret)`: EdgeML's add without demotion (tensors).
#[inline(always)]
pub fn sum_op<S: Scale>(sc1: S, sc2: S, scret: S) -> impl Fn(i32, i32) -> i32 + Copy {
    let (s1, s2) = (sc1.then(scret), sc2.then(scret));
    move |a, b| s1.down(a).wrapping_add(s2.down(b))
}

/// `a / (sc1·scret) - b / (sc2·scret)`.
#[inline(always)]
pub fn sub_op<S: Scale>(scvec1: S, scvec2: S, scret: S) -> impl Fn(i32, i32) -> i32 + Copy {
    let (s1, s2) = (scvec1.then(scret), scvec2.then(scret));
    move |a, b| s1.down(a).wrapping_sub(s2.down(b))
}

/// `(a · b) / (sc1·sc2)`.
#[inline(always)]
pub fn hadamard_op<S: Scale>(scvec1: S, scvec2: S) -> impl Fn(i32, i32) -> i32 + Copy {
    let s = scvec1.then(scvec2);
    move |a, b| s.down(a.wrapping_mul(b))
}

/// `scalar / (scscalar·scret) + x / (scvec·scret)`.
#[inline(always)]
pub fn scalar_add_op<S: Scale>(scalar: i16, scscalar: S, scvec: S, scret: S) -> impl Fn(i32) -> i32 + Copy {
    let scaled = scscalar.then(scret).down(scalar as i32);
    let s = scvec.then(scret);
    move |x| scaled.wrapping_add(s.down(x))
}

/// `scalar / (scscalar·scret) - x / (scvec·scret)`.
#[inline(always)]
pub fn scalar_sub_op<S: Scale>(scalar: i16, scscalar: S, scvec: S, scret: S) -> impl Fn(i32) -> i32 + Copy {
    let scaled = scscalar.then(scret).down(scalar as i32);
    let s = scvec.then(scret);
    move |x| scaled.wrapping_sub(s.down(x))
}

/// `(scalar · x) / (scscalar·scvec)`.
#[inline(always)]
pub fn scalar_mul_op<S: Scale>(scalar: i16, scscalar: S, scvec: S) -> impl Fn(i32) -> i32 + Copy {
    let s = scscalar.then(scvec);
    move |x| s.down((scalar as i32).wrapping_mul(x))
}

/// `x · scvec` (`x << scvec` in `SHIFT` mode).
#[inline(always)]
pub fn scale_up_op<S: Scale>(scvec: S) -> impl Fn(i32) -> i32 + Copy {
    move |x| scvec.up(x)
}

/// `x / scvec` (`x >> scvec` in `SHIFT` mode).
#[inline(always)]
pub fn scale_down_op<S: Scale>(scvec: S) -> impl Fn(i32) -> i32 + Copy {
    move |x| scvec.down(x)
}

/// The table-based sigmoid of [`sigmoid_op`].
#[inline(always)]
pub(crate) fn sigmoid_table(x: i32) -> i32 {
    let w = x as i16;
    if w <= 0 {
        let e = exp_base_16(w, 1) as i32;
        div32(e << 14, e + 16384)
    } else {
        div32(267_943_936, 16384 + exp_base_16(w.wrapping_neg(), 1) as i32)
    }
}

/// The table-based tanh of [`tanh_op`].
#[inline(always)]
pub(crate) fn tanh_table(x: i32) -> i32 {
    let w = super::q15_saturate(x.wrapping_mul(2));
    if w <= 0 {
        let e = exp_base_16(w, 1) as i32;
        div32(shl32(e - 16384, 14), e + 16384)
    } else {
        let e = exp_base_16(w.wrapping_neg(), 1) as i32;
        div32(shl32(16384 - e, 14), e + 16384)
    }
}

/// EdgeML's quantized sigmoid (independent of `SHIFT`).
///
/// With tables: `2^14·e/(e + 2^14)` from [`exp_base_16`], `scale_*`, `div`,
/// `add` and `sigmoid_limit` unused. Without: `w = (x / div) + add` stored in
/// Q15, then 0 for `w <= 0`, else `min(w, sigmoid_limit) << (scale_out - scale_in)`.
#[inline(always)]
pub fn sigmoid_op(
    div: i16,
    add: i16,
    sigmoid_limit: i16,
    scale_in: i32,
    scale_out: i32,
    use_tables: bool,
) -> impl Fn(i32) -> i32 + Copy {
    let shift = scale_out.wrapping_sub(scale_in);
    let limit = sigmoid_limit as i32;
    move |x| {
        if use_tables {
            sigmoid_table(x)
        } else {
            let w = div32(x, div as i32).wrapping_add(add as i32) as i16 as i32;
            if w <= 0 {
                0
            } else {
                shl32(if w >= limit { limit } else { w }, shift)
            }
        }
    }
}

/// EdgeML's quantized tanh (independent of `SHIFT`).
///
/// With tables: `(e - 2^14)/(e + 2^14)` in Q14 of `e` = [`exp_base_16`] of
/// `saturate(2x)`. Without: clamp into `±2^scale_in`, then
/// `<< (scale_out - scale_in)`.
#[inline(always)]
pub fn tanh_op(scale_in: i32, scale_out: i32, use_tables: bool) -> impl Fn(i32) -> i32 + Copy {
    let bound = pow2(scale_in);
    let shift = scale_out.wrapping_sub(scale_in);
    move |x| {
        if use_tables {
            tanh_table(x)
        } else {
            let c = if x >= bound {
                bound
            } else if x <= bound.wrapping_neg() {
                bound.wrapping_neg()
            } else {
                x
            };
            shl32(c, shift)
        }
    }
}

/// `q15_v_add`: `ret[i] = (vec1[i]/(scvec1·scret) + vec2[i]/(scvec2·scret)) / demote`.
#[allow(clippy::too_many_arguments)]
pub fn q15_v_add<S: Scale>(vec1: &[i16], vec2: &[i16], ret: &mut [i16], scvec1: S, scvec2: S, scret: S, demote: S) -> Result {
    map2(vec1, vec2, ret, add_op(scvec1, scvec2, scret, demote))
}

/// `q15_v_sub` / `q7_v_sub`: `ret[i] = vec1[i]/(scvec1·scret) - vec2[i]/(scvec2·scret)`.
pub fn v_sub<T: Elem, S: Scale>(vec1: &[T], vec2: &[T], ret: &mut [T], scvec1: S, scvec2: S, scret: S) -> Result {
    map2(vec1, vec2, ret, sub_op(scvec1, scvec2, scret))
}

/// `q15_v_hadamard` / `q7_v_hadamard`: `ret[i] = vec1[i]·vec2[i] / (scvec1·scvec2)`.
pub fn v_hadamard<T: Elem, S: Scale>(vec1: &[T], vec2: &[T], ret: &mut [T], scvec1: S, scvec2: S) -> Result {
    map2(vec1, vec2, ret, hadamard_op(scvec1, scvec2))
}

/// `q15_v_sigmoid`; see [`sigmoid_op`].
#[allow(clippy::too_many_arguments)]
pub fn q15_v_sigmoid(
    vec: &[i16],
    ret: &mut [i16],
    div: i16,
    add: i16,
    sigmoid_limit: i16,
    scale_in: i32,
    scale_out: i32,
    use_tables: bool,
) -> Result {
    map1(vec, ret, sigmoid_op(div, add, sigmoid_limit, scale_in, scale_out, use_tables))
}

/// `q15_v_tanh`; see [`tanh_op`].
pub fn q15_v_tanh(vec: &[i16], ret: &mut [i16], scale_in: i32, scale_out: i32, use_tables: bool) -> Result {
    map1(vec, ret, tanh_op(scale_in, scale_out, use_tables))
}

/// `q15_v_scalar_add`: `ret[i] = scalar/(scscalar·scret) + vec[i]/(scvec·scret)`.
pub fn q15_v_scalar_add<S: Scale>(scalar: i16, vec: &[i16], ret: &mut [i16], scscalar: S, scvec: S, scret: S) -> Result {
    map1(vec, ret, scalar_add_op(scalar, scscalar, scvec, scret))
}

/// `q15_v_scalar_sub`: `ret[i] = scalar/(scscalar·scret) - vec[i]/(scvec·scret)`.
pub fn q15_v_scalar_sub<S: Scale>(scalar: i16, vec: &[i16], ret: &mut [i16], scscalar: S, scvec: S, scret: S) -> Result {
    map1(vec, ret, scalar_sub_op(scalar, scscalar, scvec, scret))
}

/// `q15_v_scalar_mul`: `ret[i] = scalar·vec[i] / (scscalar·scvec)`.
pub fn q15_v_scalar_mul<S: Scale>(scalar: i16, vec: &[i16], ret: &mut [i16], scscalar: S, scvec: S) -> Result {
    map1(vec, ret, scalar_mul_op(scalar, scscalar, scvec))
}

/// `q15_v_argmax`: index of the first largest element; 0 for an empty vector
/// (EdgeML reads `vec[0]` even then).
pub fn q15_v_argmax(vec: &[i16]) -> u32 {
    let mut best = 0u32;
    let mut max = match vec.first() {
        Some(&v) => v,
        None => return 0,
    };
    for (i, &v) in vec.iter().enumerate().skip(1) {
        if max < v {
            max = v;
            best = i as u32;
        }
    }
    best
}

/// `q15_v_scale_up`: `ret[i] = vec[i]·scvec` (`<< scvec` in `SHIFT` mode).
pub fn q15_v_scale_up<S: Scale>(vec: &[i16], ret: &mut [i16], scvec: S) -> Result {
    map1(vec, ret, scale_up_op(scvec))
}

/// `q15_v_scale_down`: `ret[i] = vec[i]/scvec` (`>> scvec` in `SHIFT` mode).
pub fn q15_v_scale_down<S: Scale>(vec: &[i16], ret: &mut [i16], scvec: S) -> Result {
    map1(vec, ret, scale_down_op(scvec))
}
