//! Property tests of the 27 quantized util kernels: each C ABI symbol, in the
//! division build (`tinyrnn_<fn>_div`) and the SHIFT build
//! (`tinyrnn_<fn>_shift`), or once for the five build-independent kernels,
//! must give exactly what the plain model of `tests/model/mod.rs` gives.
//!
//! Generators stay inside the domain where EdgeML's C reference is defined
//! (no division by zero, shift counts 0..=31, or 0..=63 on 64-bit sums, no
//! 32-bit overflow); the model asserts that domain, so a generator that
//! leaves it fails in the model, not silently.
//!
//! Cases per property: env `TINYRNN_PROPTEST_CASES` (default 2000).
//!
//! `model_reproduces_edgeml_vectors` first pins the model itself to the
//! vectors recorded from the C reference (`../shared/edgeml-vectors/`).

mod model;

use model::{Conv, Shape};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use tinyrnn as _;

// ===========================================================================
// The C ABI, declared here with EdgeML's exact signatures
// (Q7_T = i8, Q15_T = i16, ITER_T = u32, S_ITER_T = i32, SCALE_T = i32)
// ===========================================================================

/// Declares `div` and `shift` symbols of one signature, and a function
/// `$pick(shift)` that returns the one of the build asked for.
macro_rules! both_builds {
    ($(fn $div:ident | $shift:ident ( $($arg:ident : $ty:ty),* $(,)? ) => $pick:ident;)*) => {
        extern "C" {
            $(
                fn $div($($arg: $ty),*);
                fn $shift($($arg: $ty),*);
            )*
        }
        $(
            fn $pick(shift: bool) -> unsafe extern "C" fn($($ty),*) {
                if shift { $shift } else { $div }
            }
        )*
    };
}

both_builds! {
    fn tinyrnn_q15_v_add_div | tinyrnn_q15_v_add_shift(
        vec1: *const i16, vec2: *const i16, len: u32, ret: *mut i16,
        scvec1: i32, scvec2: i32, scret: i32, demote: i32) => c_q15_v_add;
    fn tinyrnn_q7_v_sub_div | tinyrnn_q7_v_sub_shift(
        vec1: *const i8, vec2: *const i8, len: u32, ret: *mut i8,
        scvec1: i32, scvec2: i32, scret: i32) => c_q7_v_sub;
    fn tinyrnn_q15_v_sub_div | tinyrnn_q15_v_sub_shift(
        vec1: *const i16, vec2: *const i16, len: u32, ret: *mut i16,
        scvec1: i32, scvec2: i32, scret: i32) => c_q15_v_sub;
    fn tinyrnn_q7_v_hadamard_div | tinyrnn_q7_v_hadamard_shift(
        vec1: *const i8, vec2: *const i8, len: u32, ret: *mut i8,
        scvec1: i32, scvec2: i32) => c_q7_v_hadamard;
    fn tinyrnn_q15_v_hadamard_div | tinyrnn_q15_v_hadamard_shift(
        vec1: *const i16, vec2: *const i16, len: u32, ret: *mut i16,
        scvec1: i32, scvec2: i32) => c_q15_v_hadamard;
    fn tinyrnn_q15_v_scalar_add_div | tinyrnn_q15_v_scalar_add_shift(
        scalar: i16, vec: *const i16, len: u32, ret: *mut i16,
        scscalar: i32, scvec: i32, scret: i32) => c_q15_v_scalar_add;
    fn tinyrnn_q15_v_scalar_sub_div | tinyrnn_q15_v_scalar_sub_shift(
        scalar: i16, vec: *const i16, len: u32, ret: *mut i16,
        scscalar: i32, scvec: i32, scret: i32) => c_q15_v_scalar_sub;
    fn tinyrnn_q15_v_scalar_mul_div | tinyrnn_q15_v_scalar_mul_shift(
        scalar: i16, vec: *const i16, len: u32, ret: *mut i16,
        scscalar: i32, scvec: i32) => c_q15_v_scalar_mul;
    fn tinyrnn_q15_v_scale_up_div | tinyrnn_q15_v_scale_up_shift(
        vec: *const i16, len: u32, ret: *mut i16, scvec: i32) => c_q15_v_scale_up;
    fn tinyrnn_q15_v_scale_down_div | tinyrnn_q15_v_scale_down_shift(
        vec: *const i16, len: u32, ret: *mut i16, scvec: i32) => c_q15_v_scale_down;
    fn tinyrnn_q15xq7_q15_m_mulvec_div | tinyrnn_q15xq7_q15_m_mulvec_shift(
        mat: *const i16, vec: *const i8, nrows: u32, ncols: u32, ret: *mut i16,
        scmat: i32, scvec: i32, scret: i32) => c_q15xq7_q15_m_mulvec;
    fn tinyrnn_q15_m_mulvec_div | tinyrnn_q15_m_mulvec_shift(
        mat: *const i16, vec: *const i16, nrows: u32, ncols: u32, ret: *mut i16,
        scmat: i32, scvec: i32, scret: i32) => c_q15_m_mulvec;
    fn tinyrnn_q15xq7_q15_m_sparse_mulvec_div | tinyrnn_q15xq7_q15_m_sparse_mulvec_shift(
        row_indices: *const u32, mat_values: *const i16, vec: *const i8, nelem: u32,
        ret: *mut i16, scmat: i32, scvec: i32, scret: i32) => c_q15xq7_q15_m_sparse_mulvec;
    fn tinyrnn_q15_m_sparse_mulvec_div | tinyrnn_q15_m_sparse_mulvec_shift(
        row_indices: *const u32, mat_values: *const i16, vec: *const i16, nelem: u32,
        ret: *mut i16, scmat: i32, scvec: i32, scret: i32) => c_q15_m_sparse_mulvec;
    fn tinyrnn_q7_t_add_div | tinyrnn_q7_t_add_shift(
        ten1: *const i8, ten2: *const i8, nbatches: u32, nrows: u32, ncols: u32,
        nchannels: u32, ret: *mut i8, scten1: i32, scten2: i32, scret: i32) => c_q7_t_add;
    fn tinyrnn_q15_t_add_div | tinyrnn_q15_t_add_shift(
        ten1: *const i16, ten2: *const i16, nbatches: u32, nrows: u32, ncols: u32,
        nchannels: u32, ret: *mut i16, scten1: i32, scten2: i32, scret: i32) => c_q15_t_add;
    fn tinyrnn_q7xq15_q7_t_add_vec_div | tinyrnn_q7xq15_q7_t_add_vec_shift(
        ten: *const i8, vec: *const i16, nbatches: u32, nrows: u32, ncols: u32,
        nchannels: u32, ret: *mut i8, scmat: i32, scvec: i32, scret: i32) => c_q7xq15_q7_t_add_vec;
    fn tinyrnn_q15_t_add_vec_div | tinyrnn_q15_t_add_vec_shift(
        ten: *const i16, vec: *const i16, nbatches: u32, nrows: u32, ncols: u32,
        nchannels: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32) => c_q15_t_add_vec;
    fn tinyrnn_q15_t_l2_norm_div | tinyrnn_q15_t_l2_norm_shift(
        ten: *const i16, nbatches: u32, nrows: u32, ncols: u32, nchannels: u32,
        ret: *mut i16, scale_in: i32, scale_out: i32) => c_q15_t_l2_norm;
    fn tinyrnn_q7xq15_q7_convolution_div | tinyrnn_q7xq15_q7_convolution_shift(
        input: *const i8, filter: *const i16, output: *mut i8,
        N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32,
        HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32,
        HStride: u32, WStride: u32, HDilation: u32, WDilation: u32,
        scinput: i32, scoutput: i32, demote: i32) => c_q7xq15_q7_convolution;
    fn tinyrnn_q7xq15_q15_convolution_div | tinyrnn_q7xq15_q15_convolution_shift(
        input: *const i8, filter: *const i16, output: *mut i16,
        N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32,
        HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32,
        HStride: u32, WStride: u32, HDilation: u32, WDilation: u32,
        scinput: i32, scoutput: i32, demote: i32) => c_q7xq15_q15_convolution;
    fn tinyrnn_q15_convolution_div | tinyrnn_q15_convolution_shift(
        input: *const i16, filter: *const i16, output: *mut i16,
        N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32,
        HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32,
        HStride: u32, WStride: u32, HDilation: u32, WDilation: u32,
        scinput: i32, scoutput: i32, demote: i32) => c_q15_convolution;
}

// The build-independent kernels, exported once.
extern "C" {
    fn tinyrnn_q15_v_sigmoid(
        vec: *const i16,
        len: u32,
        ret: *mut i16,
        div: i16,
        add: i16,
        sigmoid_limit: i16,
        scale_in: i32,
        scale_out: i32,
        use_tables: u32,
    );
    fn tinyrnn_q15_v_tanh(
        vec: *const i16,
        len: u32,
        ret: *mut i16,
        scale_in: i32,
        scale_out: i32,
        use_tables: u32,
    );
    fn tinyrnn_q15_v_argmax(vec: *const i16, len: u32, ret: *mut u32);
    fn tinyrnn_q15_m_reverse(mat: *const i16, nrows: u32, ncols: u32, axis: u32, ret: *mut i16);
    fn tinyrnn_q7_t_relu(
        ten: *const i8,
        nbatches: u32,
        nrows: u32,
        ncols: u32,
        nchannels: u32,
        ret: *mut i8,
        limit: i8,
        div: i8,
    );
}

/// What an output buffer holds before a call: every element must be written.
const POISON16: i16 = 0x5a5a;
const POISON8: i8 = 0x5a;

// ===========================================================================
// Generators
// ===========================================================================

fn config() -> ProptestConfig {
    let cases = std::env::var("TINYRNN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    // No regression files: a failure is reported, not stored in the tree.
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

/// Longest vector of the vector kernels.
const MAX_LEN: usize = 64;

/// Any int16, with the extremes and small values over-represented.
fn q15() -> impl Strategy<Value = i16> + Clone {
    prop_oneof![8 => any::<i16>(), 1 => Just(i16::MIN), 1 => Just(i16::MAX), 2 => -8i16..=8]
}

/// Any int8, with the extremes and small values over-represented.
fn q7() -> impl Strategy<Value = i8> + Clone {
    prop_oneof![8 => any::<i8>(), 1 => Just(i8::MIN), 1 => Just(i8::MAX), 2 => -4i8..=4]
}

fn q15_vec() -> impl Strategy<Value = Vec<i16>> {
    vec(q15(), 0..=MAX_LEN)
}

fn two_q15_vecs() -> impl Strategy<Value = (Vec<i16>, Vec<i16>)> {
    (0..=MAX_LEN).prop_flat_map(|n| (vec(q15(), n), vec(q15(), n)))
}

fn two_q7_vecs() -> impl Strategy<Value = (Vec<i8>, Vec<i8>)> {
    (0..=MAX_LEN).prop_flat_map(|n| (vec(q7(), n), vec(q7(), n)))
}

/// Realistic divisors: powers of two and odd values.
static DIVISORS: [i32; 17] = [
    1, 2, 3, 4, 5, 7, 8, 10, 16, 32, 64, 100, 128, 256, 1000, 1024, 4096,
];

/// A non-zero divisor: mostly realistic, also negative and arbitrary ones.
/// Any two multiply to an `int` (|d| <= 40000).
fn divisor() -> impl Strategy<Value = i32> + Clone {
    prop_oneof![
        6 => select(&DIVISORS[..]),
        2 => select(&DIVISORS[..]).prop_map(|d| -d),
        2 => (-40_000i32..=40_000).prop_filter("non-zero", |d| *d != 0),
    ]
}

/// One scale of the build: a divisor, or an exponent in 0..=15 (so that two
/// of them add to a valid shift count).
fn scale(shift: bool) -> BoxedStrategy<i32> {
    if shift {
        (0i32..=15).boxed()
    } else {
        divisor().boxed()
    }
}

/// Three scales combined by the kernel (`a∘b∘c`): divisors whose product is
/// an `int`, or exponents whose sum is at most `max_shift` (31 for a 32-bit
/// sum, 63 for a 64-bit one).
fn scales3(shift: bool, max_shift: i32) -> BoxedStrategy<(i32, i32, i32)> {
    if shift {
        (0i32..=15, 0i32..=15)
            .prop_flat_map(move |(a, b)| (Just(a), Just(b), 0..=max_shift - a - b))
            .boxed()
    } else {
        (divisor(), divisor(), divisor())
            .prop_map(
                |(a, b, c)| match a.checked_mul(b).and_then(|ab| ab.checked_mul(c)) {
                    Some(_) => (a, b, c),
                    None => (a, b, c.signum()),
                },
            )
            .boxed()
    }
}

/// A tensor shape with at most `max_channels` channels (0 allowed everywhere).
fn shape(max_channels: usize) -> impl Strategy<Value = Shape> {
    (0usize..=2, 0usize..=6, 0usize..=6, 0..=max_channels).prop_map(
        |(nbatches, nrows, ncols, nchannels)| Shape {
            nbatches,
            nrows,
            ncols,
            nchannels,
        },
    )
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap()
}

// ===========================================================================
// Element-wise vector kernels
// ===========================================================================

/// Calls a binary element-wise int16 kernel out of place and in place
/// (`ret == vec1`), returning both outputs.
fn run_binary16(
    v1: &[i16],
    v2: &[i16],
    call: impl Fn(*const i16, *const i16, u32, *mut i16),
) -> (Vec<i16>, Vec<i16>) {
    let mut out = vec![POISON16; v1.len()];
    call(v1.as_ptr(), v2.as_ptr(), len32(v1.len()), out.as_mut_ptr());
    let mut in_place = v1.to_vec();
    let p = in_place.as_mut_ptr();
    call(p, v2.as_ptr(), len32(v1.len()), p);
    (out, in_place)
}

/// [`run_binary16`] for int8 kernels.
fn run_binary8(
    v1: &[i8],
    v2: &[i8],
    call: impl Fn(*const i8, *const i8, u32, *mut i8),
) -> (Vec<i8>, Vec<i8>) {
    let mut out = vec![POISON8; v1.len()];
    call(v1.as_ptr(), v2.as_ptr(), len32(v1.len()), out.as_mut_ptr());
    let mut in_place = v1.to_vec();
    let p = in_place.as_mut_ptr();
    call(p, v2.as_ptr(), len32(v1.len()), p);
    (out, in_place)
}

/// Calls a unary element-wise int16 kernel out of place and in place
/// (`ret == vec`).
fn run_unary16(v: &[i16], call: impl Fn(*const i16, u32, *mut i16)) -> (Vec<i16>, Vec<i16>) {
    let mut out = vec![POISON16; v.len()];
    call(v.as_ptr(), len32(v.len()), out.as_mut_ptr());
    let mut in_place = v.to_vec();
    let p = in_place.as_mut_ptr();
    call(p, len32(v.len()), p);
    (out, in_place)
}

fn check_q15_v_add(
    v: (Vec<i16>, Vec<i16>),
    s: (i32, i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (v1, v2) = v;
    let want = model::q15_v_add(&v1, &v2, s.0, s.1, s.2, s.3, shift);
    let f = c_q15_v_add(shift);
    let got = run_binary16(&v1, &v2, |a, b, n, r| unsafe {
        f(a, b, n, r, s.0, s.1, s.2, s.3)
    });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q7_v_sub(
    v: (Vec<i8>, Vec<i8>),
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (v1, v2) = v;
    let want = model::q7_v_sub(&v1, &v2, s.0, s.1, s.2, shift);
    let f = c_q7_v_sub(shift);
    let got = run_binary8(&v1, &v2, |a, b, n, r| unsafe {
        f(a, b, n, r, s.0, s.1, s.2)
    });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_sub(
    v: (Vec<i16>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (v1, v2) = v;
    let want = model::q15_v_sub(&v1, &v2, s.0, s.1, s.2, shift);
    let f = c_q15_v_sub(shift);
    let got = run_binary16(&v1, &v2, |a, b, n, r| unsafe {
        f(a, b, n, r, s.0, s.1, s.2)
    });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q7_v_hadamard(
    v: (Vec<i8>, Vec<i8>),
    s: (i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (v1, v2) = v;
    let want = model::q7_v_hadamard(&v1, &v2, s.0, s.1, shift);
    let f = c_q7_v_hadamard(shift);
    let got = run_binary8(&v1, &v2, |a, b, n, r| unsafe { f(a, b, n, r, s.0, s.1) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_hadamard(
    v: (Vec<i16>, Vec<i16>),
    s: (i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (v1, v2) = v;
    let want = model::q15_v_hadamard(&v1, &v2, s.0, s.1, shift);
    let f = c_q15_v_hadamard(shift);
    let got = run_binary16(&v1, &v2, |a, b, n, r| unsafe { f(a, b, n, r, s.0, s.1) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_scalar_add(
    scalar: i16,
    v: Vec<i16>,
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15_v_scalar_add(scalar, &v, s.0, s.1, s.2, shift);
    let f = c_q15_v_scalar_add(shift);
    let got = run_unary16(&v, |a, n, r| unsafe { f(scalar, a, n, r, s.0, s.1, s.2) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_scalar_sub(
    scalar: i16,
    v: Vec<i16>,
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15_v_scalar_sub(scalar, &v, s.0, s.1, s.2, shift);
    let f = c_q15_v_scalar_sub(shift);
    let got = run_unary16(&v, |a, n, r| unsafe { f(scalar, a, n, r, s.0, s.1, s.2) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_scalar_mul(
    scalar: i16,
    v: Vec<i16>,
    s: (i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15_v_scalar_mul(scalar, &v, s.0, s.1, shift);
    let f = c_q15_v_scalar_mul(shift);
    let got = run_unary16(&v, |a, n, r| unsafe { f(scalar, a, n, r, s.0, s.1) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_scale_up(
    v: Vec<i16>,
    scvec: i32,
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15_v_scale_up(&v, scvec, shift);
    let f = c_q15_v_scale_up(shift);
    let got = run_unary16(&v, |a, n, r| unsafe { f(a, n, r, scvec) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_v_scale_down(
    v: Vec<i16>,
    scvec: i32,
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15_v_scale_down(&v, scvec, shift);
    let f = c_q15_v_scale_down(shift);
    let got = run_unary16(&v, |a, n, r| unsafe { f(a, n, r, scvec) });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

/// `q15_v_scale_up` multiplier (division build): |m| <= 65535 keeps
/// `int16 * m` an `int`; 0 and negatives are defined too.
fn scale_up_multiplier() -> impl Strategy<Value = i32> {
    prop_oneof![3 => 1i32..=64, 1 => -65_535i32..=65_535]
}

/// `q15_v_scale_down` divisor (division build): any non-zero `int`.
fn scale_down_divisor() -> impl Strategy<Value = i32> {
    prop_oneof![
        3 => divisor(),
        1 => any::<i32>().prop_filter("non-zero", |d| *d != 0),
        1 => select(vec![i32::MIN, i32::MAX, -1, 32768, -32768, 65536]),
    ]
}

/// Scale of `q15_v_scale_up`: a multiplier, or a left shift 0..=16 (any
/// int16 shifted by up to 16 stays an `int`).
fn scale_up_scale(shift: bool) -> BoxedStrategy<i32> {
    if shift {
        (0i32..=16).boxed()
    } else {
        scale_up_multiplier().boxed()
    }
}

/// Scale of `q15_v_scale_down`: a divisor, or a right shift 0..=31.
fn scale_down_scale(shift: bool) -> BoxedStrategy<i32> {
    if shift {
        (0i32..=31).boxed()
    } else {
        scale_down_divisor().boxed()
    }
}

// The properties of the element-wise kernels, in both builds and in place.
proptest! {
    #![proptest_config(config())]

    #[test]
    fn q15_v_add_matches_model_div(v in two_q15_vecs(), s in (scale(false), scale(false), scale(false), scale(false))) {
        check_q15_v_add(v, s, false, false)?;
    }
    #[test]
    fn q15_v_add_matches_model_shift(v in two_q15_vecs(), s in (scale(true), scale(true), scale(true), scale(true))) {
        check_q15_v_add(v, s, true, false)?;
    }
    #[test]
    fn q15_v_add_in_place_matches_model_div(v in two_q15_vecs(), s in (scale(false), scale(false), scale(false), scale(false))) {
        check_q15_v_add(v, s, false, true)?;
    }
    #[test]
    fn q15_v_add_in_place_matches_model_shift(v in two_q15_vecs(), s in (scale(true), scale(true), scale(true), scale(true))) {
        check_q15_v_add(v, s, true, true)?;
    }

    #[test]
    fn q7_v_sub_matches_model_div(v in two_q7_vecs(), s in (scale(false), scale(false), scale(false))) {
        check_q7_v_sub(v, s, false, false)?;
    }
    #[test]
    fn q7_v_sub_matches_model_shift(v in two_q7_vecs(), s in (scale(true), scale(true), scale(true))) {
        check_q7_v_sub(v, s, true, false)?;
    }
    #[test]
    fn q7_v_sub_in_place_matches_model_div(v in two_q7_vecs(), s in (scale(false), scale(false), scale(false))) {
        check_q7_v_sub(v, s, false, true)?;
    }
    #[test]
    fn q7_v_sub_in_place_matches_model_shift(v in two_q7_vecs(), s in (scale(true), scale(true), scale(true))) {
        check_q7_v_sub(v, s, true, true)?;
    }

    #[test]
    fn q15_v_sub_matches_model_div(v in two_q15_vecs(), s in (scale(false), scale(false), scale(false))) {
        check_q15_v_sub(v, s, false, false)?;
    }
    #[test]
    fn q15_v_sub_matches_model_shift(v in two_q15_vecs(), s in (scale(true), scale(true), scale(true))) {
        check_q15_v_sub(v, s, true, false)?;
    }
    #[test]
    fn q15_v_sub_in_place_matches_model_div(v in two_q15_vecs(), s in (scale(false), scale(false), scale(false))) {
        check_q15_v_sub(v, s, false, true)?;
    }
    #[test]
    fn q15_v_sub_in_place_matches_model_shift(v in two_q15_vecs(), s in (scale(true), scale(true), scale(true))) {
        check_q15_v_sub(v, s, true, true)?;
    }

    #[test]
    fn q7_v_hadamard_matches_model_div(v in two_q7_vecs(), s in (scale(false), scale(false))) {
        check_q7_v_hadamard(v, s, false, false)?;
    }
    #[test]
    fn q7_v_hadamard_matches_model_shift(v in two_q7_vecs(), s in (scale(true), scale(true))) {
        check_q7_v_hadamard(v, s, true, false)?;
    }
    #[test]
    fn q7_v_hadamard_in_place_matches_model_div(v in two_q7_vecs(), s in (scale(false), scale(false))) {
        check_q7_v_hadamard(v, s, false, true)?;
    }
    #[test]
    fn q7_v_hadamard_in_place_matches_model_shift(v in two_q7_vecs(), s in (scale(true), scale(true))) {
        check_q7_v_hadamard(v, s, true, true)?;
    }

    #[test]
    fn q15_v_hadamard_matches_model_div(v in two_q15_vecs(), s in (scale(false), scale(false))) {
        check_q15_v_hadamard(v, s, false, false)?;
    }
    #[test]
    fn q15_v_hadamard_matches_model_shift(v in two_q15_vecs(), s in (scale(true), scale(true))) {
        check_q15_v_hadamard(v, s, true, false)?;
    }
    #[test]
    fn q15_v_hadamard_in_place_matches_model_div(v in two_q15_vecs(), s in (scale(false), scale(false))) {
        check_q15_v_hadamard(v, s, false, true)?;
    }
    #[test]
    fn q15_v_hadamard_in_place_matches_model_shift(v in two_q15_vecs(), s in (scale(true), scale(true))) {
        check_q15_v_hadamard(v, s, true, true)?;
    }

    #[test]
    fn q15_v_scalar_add_matches_model_div(scalar in q15(), v in q15_vec(), s in (scale(false), scale(false), scale(false))) {
        check_q15_v_scalar_add(scalar, v, s, false, false)?;
    }
    #[test]
    fn q15_v_scalar_add_matches_model_shift(scalar in q15(), v in q15_vec(), s in (scale(true), scale(true), scale(true))) {
        check_q15_v_scalar_add(scalar, v, s, true, false)?;
    }
    #[test]
    fn q15_v_scalar_add_in_place_matches_model_div(scalar in q15(), v in q15_vec(), s in (scale(false), scale(false), scale(false))) {
        check_q15_v_scalar_add(scalar, v, s, false, true)?;
    }
    #[test]
    fn q15_v_scalar_add_in_place_matches_model_shift(scalar in q15(), v in q15_vec(), s in (scale(true), scale(true), scale(true))) {
        check_q15_v_scalar_add(scalar, v, s, true, true)?;
    }

    #[test]
    fn q15_v_scalar_sub_matches_model_div(scalar in q15(), v in q15_vec(), s in (scale(false), scale(false), scale(false))) {
        check_q15_v_scalar_sub(scalar, v, s, false, false)?;
    }
    #[test]
    fn q15_v_scalar_sub_matches_model_shift(scalar in q15(), v in q15_vec(), s in (scale(true), scale(true), scale(true))) {
        check_q15_v_scalar_sub(scalar, v, s, true, false)?;
    }
    #[test]
    fn q15_v_scalar_sub_in_place_matches_model_div(scalar in q15(), v in q15_vec(), s in (scale(false), scale(false), scale(false))) {
        check_q15_v_scalar_sub(scalar, v, s, false, true)?;
    }
    #[test]
    fn q15_v_scalar_sub_in_place_matches_model_shift(scalar in q15(), v in q15_vec(), s in (scale(true), scale(true), scale(true))) {
        check_q15_v_scalar_sub(scalar, v, s, true, true)?;
    }

    #[test]
    fn q15_v_scalar_mul_matches_model_div(scalar in q15(), v in q15_vec(), s in (scale(false), scale(false))) {
        check_q15_v_scalar_mul(scalar, v, s, false, false)?;
    }
    #[test]
    fn q15_v_scalar_mul_matches_model_shift(scalar in q15(), v in q15_vec(), s in (scale(true), scale(true))) {
        check_q15_v_scalar_mul(scalar, v, s, true, false)?;
    }
    #[test]
    fn q15_v_scalar_mul_in_place_matches_model_div(scalar in q15(), v in q15_vec(), s in (scale(false), scale(false))) {
        check_q15_v_scalar_mul(scalar, v, s, false, true)?;
    }
    #[test]
    fn q15_v_scalar_mul_in_place_matches_model_shift(scalar in q15(), v in q15_vec(), s in (scale(true), scale(true))) {
        check_q15_v_scalar_mul(scalar, v, s, true, true)?;
    }

    #[test]
    fn q15_v_scale_up_matches_model_div(v in q15_vec(), s in scale_up_scale(false)) {
        check_q15_v_scale_up(v, s, false, false)?;
    }
    #[test]
    fn q15_v_scale_up_matches_model_shift(v in q15_vec(), s in scale_up_scale(true)) {
        check_q15_v_scale_up(v, s, true, false)?;
    }
    #[test]
    fn q15_v_scale_up_in_place_matches_model_div(v in q15_vec(), s in scale_up_scale(false)) {
        check_q15_v_scale_up(v, s, false, true)?;
    }
    #[test]
    fn q15_v_scale_up_in_place_matches_model_shift(v in q15_vec(), s in scale_up_scale(true)) {
        check_q15_v_scale_up(v, s, true, true)?;
    }

    #[test]
    fn q15_v_scale_down_matches_model_div(v in q15_vec(), s in scale_down_scale(false)) {
        check_q15_v_scale_down(v, s, false, false)?;
    }
    #[test]
    fn q15_v_scale_down_matches_model_shift(v in q15_vec(), s in scale_down_scale(true)) {
        check_q15_v_scale_down(v, s, true, false)?;
    }
    #[test]
    fn q15_v_scale_down_in_place_matches_model_div(v in q15_vec(), s in scale_down_scale(false)) {
        check_q15_v_scale_down(v, s, false, true)?;
    }
    #[test]
    fn q15_v_scale_down_in_place_matches_model_shift(v in q15_vec(), s in scale_down_scale(true)) {
        check_q15_v_scale_down(v, s, true, true)?;
    }
}

// ===========================================================================
// Sigmoid and tanh (build-independent)
// ===========================================================================

/// A non-table sigmoid call: `vec[i] / div + add`, clamped to
/// `(0, sigmoid_limit]`, shifted left by `scale_out - scale_in` in 0..=30,
/// with `sigmoid_limit` bounded so that the shifted value stays an `int`.
#[derive(Clone, Debug)]
struct SigmoidLinear {
    vec: Vec<i16>,
    div: i16,
    add: i16,
    sigmoid_limit: i16,
    scale_in: i32,
    scale_out: i32,
}

fn sigmoid_linear() -> impl Strategy<Value = SigmoidLinear> {
    let div = prop_oneof![
        3 => select(vec![-2i16, 1, 2, 3, 4, 8]),
        1 => any::<i16>().prop_filter("non-zero", |d| *d != 0),
    ];
    let add = prop_oneof![3 => -4096i16..=4096, 1 => any::<i16>()];
    (q15_vec(), div, add, 0i32..=15, 0i32..=30).prop_flat_map(|(vec, div, add, scale_in, left)| {
        // Largest |limit| with limit << left inside int.
        let max_pos = (i32::MAX >> left).min(i16::MAX as i32) as i16;
        let max_neg = (-(1i64 << (31 - left))).max(i16::MIN as i64) as i16;
        let limit = prop_oneof![3 => 1i16..=max_pos, 1 => max_neg..=max_pos];
        (
            Just(vec),
            Just(div),
            Just(add),
            limit,
            Just(scale_in),
            Just(scale_in + left),
        )
            .prop_map(|(vec, div, add, sigmoid_limit, scale_in, scale_out)| {
                SigmoidLinear {
                    vec,
                    div,
                    add,
                    sigmoid_limit,
                    scale_in,
                    scale_out,
                }
            })
    })
}

/// A non-table tanh call: `scale_in` in 0..=16 and `scale_out - scale_in`
/// small enough that the clamped value, at most `min(2^scale_in, 2^15)` in
/// magnitude, stays an `int` once shifted.
fn tanh_linear_scales() -> impl Strategy<Value = (i32, i32)> {
    (0i32..=16).prop_flat_map(|scale_in| {
        let max_left = 30 - scale_in.min(15);
        (
            Just(scale_in),
            (0..=max_left).prop_map(move |left| scale_in + left),
        )
    })
}

/// Any non-zero `use_tables`.
fn tables_on() -> impl Strategy<Value = u32> {
    prop_oneof![3 => Just(1u32), 1 => 1u32..=u32::MAX]
}

fn c_sigmoid(
    v: &[i16],
    div: i16,
    add: i16,
    limit: i16,
    si: i32,
    so: i32,
    tables: u32,
) -> (Vec<i16>, Vec<i16>) {
    run_unary16(v, |a, n, r| unsafe {
        tinyrnn_q15_v_sigmoid(a, n, r, div, add, limit, si, so, tables)
    })
}

fn c_tanh(v: &[i16], si: i32, so: i32, tables: u32) -> (Vec<i16>, Vec<i16>) {
    run_unary16(v, |a, n, r| unsafe {
        tinyrnn_q15_v_tanh(a, n, r, si, so, tables)
    })
}

proptest! {
    #![proptest_config(config())]

    /// With tables every other argument is ignored, even a zero `div`.
    #[test]
    fn q15_v_sigmoid_with_tables_matches_model(
        v in q15_vec(), div in any::<i16>(), add in any::<i16>(), limit in any::<i16>(),
        si in any::<i32>(), so in any::<i32>(), tables in tables_on(),
    ) {
        let want = model::q15_v_sigmoid(&v, div, add, limit, si, so, tables);
        let (got, in_place) = c_sigmoid(&v, div, add, limit, si, so, tables);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(&in_place, &want);
    }

    #[test]
    fn q15_v_sigmoid_piecewise_linear_matches_model(c in sigmoid_linear()) {
        let want = model::q15_v_sigmoid(&c.vec, c.div, c.add, c.sigmoid_limit, c.scale_in, c.scale_out, 0);
        let (got, in_place) = c_sigmoid(&c.vec, c.div, c.add, c.sigmoid_limit, c.scale_in, c.scale_out, 0);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(&in_place, &want);
    }

    /// With tables the scales are ignored.
    #[test]
    fn q15_v_tanh_with_tables_matches_model(v in q15_vec(), si in any::<i32>(), so in any::<i32>(), tables in tables_on()) {
        let want = model::q15_v_tanh(&v, si, so, tables);
        let (got, in_place) = c_tanh(&v, si, so, tables);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(&in_place, &want);
    }

    #[test]
    fn q15_v_tanh_piecewise_linear_matches_model(v in q15_vec(), (si, so) in tanh_linear_scales()) {
        let want = model::q15_v_tanh(&v, si, so, 0);
        let (got, in_place) = c_tanh(&v, si, so, 0);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(&in_place, &want);
    }
}

// ===========================================================================
// argmax, reverse, matrix-vector products
// ===========================================================================

/// `len` (0..=64) and a buffer of at least one element (the reference reads
/// `vec[0]` even when `len` is 0); values often tie.
fn argmax_case() -> impl Strategy<Value = (usize, Vec<i16>)> {
    (0..=MAX_LEN).prop_flat_map(|len| {
        let value = prop_oneof![q15(), -3i16..=3];
        (Just(len), vec(value, len.max(1)))
    })
}

/// A row-major matrix of `nrows x ncols` and a vector of `ncols`.
fn mat_vec<T: std::fmt::Debug>(
    element: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = (usize, usize, Vec<i16>, Vec<T>)> {
    (0..=MAX_LEN, 0..=MAX_LEN).prop_flat_map(move |(nrows, ncols)| {
        (
            Just(nrows),
            Just(ncols),
            vec(q15(), nrows * ncols),
            vec(element.clone(), ncols),
        )
    })
}

fn check_q15xq7_q15_m_mulvec(
    m: (usize, usize, Vec<i16>, Vec<i8>),
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let (nrows, ncols, mat, v) = m;
    let want = model::q15xq7_q15_m_mulvec(&mat, &v, nrows, ncols, s.0, s.1, s.2, shift);
    let mut got = vec![POISON16; nrows];
    unsafe {
        c_q15xq7_q15_m_mulvec(shift)(
            mat.as_ptr(),
            v.as_ptr(),
            len32(nrows),
            len32(ncols),
            got.as_mut_ptr(),
            s.0,
            s.1,
            s.2,
        )
    };
    prop_assert_eq!(got, want);
    Ok(())
}

fn check_q15_m_mulvec(
    m: (usize, usize, Vec<i16>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let (nrows, ncols, mat, v) = m;
    let want = model::q15_m_mulvec(&mat, &v, nrows, ncols, s.0, s.1, s.2, shift);
    let mut got = vec![POISON16; nrows];
    unsafe {
        c_q15_m_mulvec(shift)(
            mat.as_ptr(),
            v.as_ptr(),
            len32(nrows),
            len32(ncols),
            got.as_mut_ptr(),
            s.0,
            s.1,
            s.2,
        )
    };
    prop_assert_eq!(got, want);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn q15_v_argmax_matches_model((len, v) in argmax_case()) {
        let want = model::q15_v_argmax(&v, len);
        let mut got = u32::MAX;
        unsafe { tinyrnn_q15_v_argmax(v.as_ptr(), len32(len), &mut got) };
        prop_assert_eq!(got, want);
    }

    /// Axis 0 reverses the rows; any other axis reverses each row.
    #[test]
    fn q15_m_reverse_matches_model(
        (nrows, ncols, mat) in (0usize..=40, 0usize..=40).prop_flat_map(|(r, c)| (Just(r), Just(c), vec(q15(), r * c))),
        axis in prop_oneof![Just(0u32), Just(1u32), any::<u32>()],
    ) {
        let want = model::q15_m_reverse(&mat, nrows, ncols, axis);
        let mut got = vec![POISON16; nrows * ncols];
        unsafe { tinyrnn_q15_m_reverse(mat.as_ptr(), len32(nrows), len32(ncols), axis, got.as_mut_ptr()) };
        prop_assert_eq!(got, want);
    }

    /// int32 sum: |int16 * int8| * 64 columns stays far inside int.
    #[test]
    fn q15xq7_q15_m_mulvec_matches_model_div(m in mat_vec(q7()), s in scales3(false, 31)) {
        check_q15xq7_q15_m_mulvec(m, s, false)?;
    }
    #[test]
    fn q15xq7_q15_m_mulvec_matches_model_shift(m in mat_vec(q7()), s in scales3(true, 31)) {
        check_q15xq7_q15_m_mulvec(m, s, true)?;
    }

    /// int64 sum, so a shift may reach 63.
    #[test]
    fn q15_m_mulvec_matches_model_div(m in mat_vec(q15()), s in scales3(false, 63)) {
        check_q15_m_mulvec(m, s, false)?;
    }
    #[test]
    fn q15_m_mulvec_matches_model_shift(m in mat_vec(q15()), s in scales3(true, 63)) {
        check_q15_m_mulvec(m, s, true)?;
    }
}

// ===========================================================================
// Sparse matrix-vector products
// ===========================================================================

/// A sparse matrix in the reference's encoding, its vector and the output's
/// previous contents (the kernel adds into it).
#[derive(Clone, Debug)]
struct Sparse<T> {
    nrows: usize,
    row_indices: Vec<u32>,
    mat_values: Vec<i16>,
    vec: Vec<T>,
    ret_in: Vec<i16>,
}

/// Up to 64 rows and 32 columns; each column lists up to 16 rows in any order,
/// repeats allowed (the reference just adds each entry in turn).
fn sparse<T: std::fmt::Debug + Clone + 'static>(
    element: impl Strategy<Value = T> + Clone + 'static,
) -> impl Strategy<Value = Sparse<T>> {
    (0usize..=MAX_LEN, 0usize..=32)
        .prop_flat_map(move |(nrows, nelem)| {
            let column = if nrows == 0 {
                Just(Vec::new()).boxed()
            } else {
                vec(1..=len32(nrows), 0..=16).boxed()
            };
            (
                Just(nrows),
                vec(column, nelem),
                vec(element.clone(), nelem),
                vec(q15(), nrows),
            )
        })
        .prop_flat_map(|(nrows, columns, vec_, ret_in)| {
            let nnz: usize = columns.iter().map(Vec::len).sum();
            (
                Just(nrows),
                Just(columns),
                vec(q15(), nnz),
                Just(vec_),
                Just(ret_in),
            )
        })
        .prop_map(|(nrows, columns, mat_values, vec, ret_in)| {
            let mut row_indices = Vec::new();
            for column in columns {
                row_indices.extend(column);
                row_indices.push(0);
            }
            Sparse {
                nrows,
                row_indices,
                mat_values,
                vec,
                ret_in,
            }
        })
}

fn check_q15xq7_q15_m_sparse_mulvec(
    c: Sparse<i8>,
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15xq7_q15_m_sparse_mulvec(
        &c.row_indices,
        &c.mat_values,
        &c.vec,
        &c.ret_in,
        s.0,
        s.1,
        s.2,
        shift,
    );
    let mut got = c.ret_in.clone();
    unsafe {
        c_q15xq7_q15_m_sparse_mulvec(shift)(
            c.row_indices.as_ptr(),
            c.mat_values.as_ptr(),
            c.vec.as_ptr(),
            len32(c.vec.len()),
            got.as_mut_ptr(),
            s.0,
            s.1,
            s.2,
        )
    };
    prop_assert_eq!(got, want, "nrows {}", c.nrows);
    Ok(())
}

fn check_q15_m_sparse_mulvec(
    c: Sparse<i16>,
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let want = model::q15_m_sparse_mulvec(
        &c.row_indices,
        &c.mat_values,
        &c.vec,
        &c.ret_in,
        s.0,
        s.1,
        s.2,
        shift,
    );
    let mut got = c.ret_in.clone();
    unsafe {
        c_q15_m_sparse_mulvec(shift)(
            c.row_indices.as_ptr(),
            c.mat_values.as_ptr(),
            c.vec.as_ptr(),
            len32(c.vec.len()),
            got.as_mut_ptr(),
            s.0,
            s.1,
            s.2,
        )
    };
    prop_assert_eq!(got, want, "nrows {}", c.nrows);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn q15xq7_q15_m_sparse_mulvec_matches_model_div(c in sparse(q7()), s in scales3(false, 31)) {
        check_q15xq7_q15_m_sparse_mulvec(c, s, false)?;
    }
    #[test]
    fn q15xq7_q15_m_sparse_mulvec_matches_model_shift(c in sparse(q7()), s in scales3(true, 31)) {
        check_q15xq7_q15_m_sparse_mulvec(c, s, true)?;
    }
    #[test]
    fn q15_m_sparse_mulvec_matches_model_div(c in sparse(q15()), s in scales3(false, 31)) {
        check_q15_m_sparse_mulvec(c, s, false)?;
    }
    #[test]
    fn q15_m_sparse_mulvec_matches_model_shift(c in sparse(q15()), s in scales3(true, 31)) {
        check_q15_m_sparse_mulvec(c, s, true)?;
    }
}

// ===========================================================================
// Tensor kernels
// ===========================================================================

fn dims(s: Shape) -> (u32, u32, u32, u32) {
    (
        len32(s.nbatches),
        len32(s.nrows),
        len32(s.ncols),
        len32(s.nchannels),
    )
}

/// A shape (up to 16 channels) and two tensors of it.
fn two_tensors<T: std::fmt::Debug>(
    element: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = (Shape, Vec<T>, Vec<T>)> {
    shape(16).prop_flat_map(move |s| {
        (
            Just(s),
            vec(element.clone(), s.len()),
            vec(element.clone(), s.len()),
        )
    })
}

/// A shape, a tensor of it and a bias vector of `nchannels` int16.
fn tensor_and_bias<T: std::fmt::Debug>(
    element: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = (Shape, Vec<T>, Vec<i16>)> {
    shape(16).prop_flat_map(move |s| {
        (
            Just(s),
            vec(element.clone(), s.len()),
            vec(q15(), s.nchannels),
        )
    })
}

fn check_q7_t_add(
    t: (Shape, Vec<i8>, Vec<i8>),
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (shape, t1, t2) = t;
    let want = model::q7_t_add(&t1, &t2, shape, s.0, s.1, s.2, shift);
    let (nb, nr, nc, nch) = dims(shape);
    let f = c_q7_t_add(shift);
    let got = run_binary8(&t1, &t2, |a, b, _, r| unsafe {
        f(a, b, nb, nr, nc, nch, r, s.0, s.1, s.2)
    });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q15_t_add(
    t: (Shape, Vec<i16>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (shape, t1, t2) = t;
    let want = model::q15_t_add(&t1, &t2, shape, s.0, s.1, s.2, shift);
    let (nb, nr, nc, nch) = dims(shape);
    let f = c_q15_t_add(shift);
    let got = run_binary16(&t1, &t2, |a, b, _, r| unsafe {
        f(a, b, nb, nr, nc, nch, r, s.0, s.1, s.2)
    });
    prop_assert_eq!(if in_place { got.1 } else { got.0 }, want);
    Ok(())
}

fn check_q7xq15_q7_t_add_vec(
    t: (Shape, Vec<i8>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (shape, ten, bias) = t;
    let want = model::q7xq15_q7_t_add_vec(&ten, &bias, shape, s.0, s.1, s.2, shift);
    let (nb, nr, nc, nch) = dims(shape);
    let f = c_q7xq15_q7_t_add_vec(shift);
    let mut got = if in_place {
        ten.clone()
    } else {
        vec![POISON8; ten.len()]
    };
    let ret = got.as_mut_ptr();
    let input = if in_place {
        ret as *const i8
    } else {
        ten.as_ptr()
    };
    unsafe { f(input, bias.as_ptr(), nb, nr, nc, nch, ret, s.0, s.1, s.2) };
    prop_assert_eq!(got, want);
    Ok(())
}

fn check_q15_t_add_vec(
    t: (Shape, Vec<i16>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
    in_place: bool,
) -> Result<(), TestCaseError> {
    let (shape, ten, bias) = t;
    let want = model::q15_t_add_vec(&ten, &bias, shape, s.0, s.1, s.2, shift);
    let (nb, nr, nc, nch) = dims(shape);
    let f = c_q15_t_add_vec(shift);
    let mut got = if in_place {
        ten.clone()
    } else {
        vec![POISON16; ten.len()]
    };
    let ret = got.as_mut_ptr();
    let input = if in_place {
        ret as *const i16
    } else {
        ten.as_ptr()
    };
    unsafe { f(input, bias.as_ptr(), nb, nr, nc, nch, ret, s.0, s.1, s.2) };
    prop_assert_eq!(got, want);
    Ok(())
}

/// A `q7_t_relu` call: any limit (mostly 1..=127) and a non-zero int8 `div`.
fn relu_case() -> impl Strategy<Value = (Shape, Vec<i8>, i8, i8)> {
    let limit = prop_oneof![3 => 1i8..=127, 1 => any::<i8>()];
    let div = prop_oneof![3 => select(vec![-1i8, 1, 2, 3, 4]), 1 => any::<i8>().prop_filter("non-zero", |d| *d != 0)];
    (shape(16), limit, div)
        .prop_flat_map(|(s, limit, div)| (Just(s), vec(q7(), s.len()), Just(limit), Just(div)))
}

/// A `q15_t_l2_norm` call: `scale_out` in 1..=15 (`2*scale_out` a valid
/// shift, `1 << (scale_out-1)` an int16), `scale_in` in -16..=-1 (`1 <<
/// -(2*scale_in+2)` with a count in 0..=30), and few enough channels that the
/// int32 sum of `(x*x) >> (2*scale_out)` cannot overflow.
fn l2_norm_case() -> impl Strategy<Value = (Shape, Vec<i16>, i32, i32)> {
    (1i32..=15, -16i32..=-1).prop_flat_map(|(scale_out, scale_in)| {
        let largest_term = (1i64 << 30) >> (2 * scale_out);
        let max_channels = ((i32::MAX as i64 / largest_term) as usize).min(16);
        shape(max_channels).prop_flat_map(move |s| {
            (
                Just(s),
                vec(q15(), s.len()),
                Just(scale_in),
                Just(scale_out),
            )
        })
    })
}

fn check_q15_t_l2_norm(c: (Shape, Vec<i16>, i32, i32), shift: bool) -> Result<(), TestCaseError> {
    let (shape, ten, scale_in, scale_out) = c;
    let want = model::q15_t_l2_norm(&ten, shape, scale_in, scale_out, shift);
    let (nb, nr, nc, nch) = dims(shape);
    let mut got = vec![POISON16; ten.len()];
    unsafe {
        c_q15_t_l2_norm(shift)(
            ten.as_ptr(),
            nb,
            nr,
            nc,
            nch,
            got.as_mut_ptr(),
            scale_in,
            scale_out,
        )
    };
    prop_assert_eq!(got, want);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn q7_t_add_matches_model_div(t in two_tensors(q7()), s in (scale(false), scale(false), scale(false))) {
        check_q7_t_add(t, s, false, false)?;
    }
    #[test]
    fn q7_t_add_matches_model_shift(t in two_tensors(q7()), s in (scale(true), scale(true), scale(true))) {
        check_q7_t_add(t, s, true, false)?;
    }
    #[test]
    fn q7_t_add_in_place_matches_model_div(t in two_tensors(q7()), s in (scale(false), scale(false), scale(false))) {
        check_q7_t_add(t, s, false, true)?;
    }
    #[test]
    fn q7_t_add_in_place_matches_model_shift(t in two_tensors(q7()), s in (scale(true), scale(true), scale(true))) {
        check_q7_t_add(t, s, true, true)?;
    }

    #[test]
    fn q15_t_add_matches_model_div(t in two_tensors(q15()), s in (scale(false), scale(false), scale(false))) {
        check_q15_t_add(t, s, false, false)?;
    }
    #[test]
    fn q15_t_add_matches_model_shift(t in two_tensors(q15()), s in (scale(true), scale(true), scale(true))) {
        check_q15_t_add(t, s, true, false)?;
    }
    #[test]
    fn q15_t_add_in_place_matches_model_div(t in two_tensors(q15()), s in (scale(false), scale(false), scale(false))) {
        check_q15_t_add(t, s, false, true)?;
    }
    #[test]
    fn q15_t_add_in_place_matches_model_shift(t in two_tensors(q15()), s in (scale(true), scale(true), scale(true))) {
        check_q15_t_add(t, s, true, true)?;
    }

    #[test]
    fn q7xq15_q7_t_add_vec_matches_model_div(t in tensor_and_bias(q7()), s in (scale(false), scale(false), scale(false))) {
        check_q7xq15_q7_t_add_vec(t, s, false, false)?;
    }
    #[test]
    fn q7xq15_q7_t_add_vec_matches_model_shift(t in tensor_and_bias(q7()), s in (scale(true), scale(true), scale(true))) {
        check_q7xq15_q7_t_add_vec(t, s, true, false)?;
    }
    #[test]
    fn q7xq15_q7_t_add_vec_in_place_matches_model_div(t in tensor_and_bias(q7()), s in (scale(false), scale(false), scale(false))) {
        check_q7xq15_q7_t_add_vec(t, s, false, true)?;
    }
    #[test]
    fn q7xq15_q7_t_add_vec_in_place_matches_model_shift(t in tensor_and_bias(q7()), s in (scale(true), scale(true), scale(true))) {
        check_q7xq15_q7_t_add_vec(t, s, true, true)?;
    }

    #[test]
    fn q15_t_add_vec_matches_model_div(t in tensor_and_bias(q15()), s in (scale(false), scale(false), scale(false))) {
        check_q15_t_add_vec(t, s, false, false)?;
    }
    #[test]
    fn q15_t_add_vec_matches_model_shift(t in tensor_and_bias(q15()), s in (scale(true), scale(true), scale(true))) {
        check_q15_t_add_vec(t, s, true, false)?;
    }
    #[test]
    fn q15_t_add_vec_in_place_matches_model_div(t in tensor_and_bias(q15()), s in (scale(false), scale(false), scale(false))) {
        check_q15_t_add_vec(t, s, false, true)?;
    }
    #[test]
    fn q15_t_add_vec_in_place_matches_model_shift(t in tensor_and_bias(q15()), s in (scale(true), scale(true), scale(true))) {
        check_q15_t_add_vec(t, s, true, true)?;
    }

    #[test]
    fn q7_t_relu_matches_model((shape, ten, limit, div) in relu_case()) {
        let want = model::q7_t_relu(&ten, shape, limit, div);
        let (nb, nr, nc, nch) = dims(shape);
        let mut got = vec![POISON8; ten.len()];
        unsafe { tinyrnn_q7_t_relu(ten.as_ptr(), nb, nr, nc, nch, got.as_mut_ptr(), limit, div) };
        prop_assert_eq!(&got, &want);
        let mut in_place = ten.clone();
        let p = in_place.as_mut_ptr();
        unsafe { tinyrnn_q7_t_relu(p, nb, nr, nc, nch, p, limit, div) };
        prop_assert_eq!(in_place, want);
    }

    #[test]
    fn q15_t_l2_norm_matches_model_div(c in l2_norm_case()) {
        check_q15_t_l2_norm(c, false)?;
    }
    #[test]
    fn q15_t_l2_norm_matches_model_shift(c in l2_norm_case()) {
        check_q15_t_l2_norm(c, true)?;
    }
}

// ===========================================================================
// Convolutions
// ===========================================================================

/// A consistent geometry: `CIn = G * CF`, `HF, WF >= 1`, strides 1..=3,
/// dilations 1..=2, pads -1..=2 (a negative pad crops; C defines it), and
/// `HOut`/`WOut` the number of positions the reference's loops visit.
fn conv_geometry() -> impl Strategy<Value = Conv> {
    (
        (0usize..=2, 0usize..=7, 0usize..=7),
        (0usize..=3, 0usize..=4, 0usize..=4),
        (1usize..=4, 1usize..=4),
        proptest::array::uniform4(prop_oneof![4 => 0i32..=2, 1 => Just(-1i32)]),
        (1usize..=3, 1usize..=3),
        (1usize..=2, 1usize..=2),
    )
        .prop_map(
            |(
                (n, h, w),
                (g, cf, cout),
                (hf, wf),
                [hpad_u, hpad_d, wpad_l, wpad_r],
                (hstride, wstride),
                (hdilation, wdilation),
            )| {
                let hout = model::conv_positions(h, hf, hpad_u, hpad_d, hstride, hdilation).len();
                let wout = model::conv_positions(w, wf, wpad_l, wpad_r, wstride, wdilation).len();
                Conv {
                    n,
                    h,
                    w,
                    cin: g * cf,
                    hf,
                    wf,
                    cf,
                    cout,
                    hout,
                    wout,
                    g,
                    hpad_u,
                    hpad_d,
                    wpad_l,
                    wpad_r,
                    hstride,
                    wstride,
                    hdilation,
                    wdilation,
                }
            },
        )
}

/// A geometry, an input `[N][H][W][CIn]` and a filter `[G][HF][WF][CF][COut]`.
fn conv_case<T: std::fmt::Debug>(
    element: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = (Conv, Vec<T>, Vec<i16>)> {
    conv_geometry().prop_flat_map(move |c| {
        let input_len = c.n * c.h * c.w * c.cin;
        let filter_len = c.g * c.hf * c.wf * c.cf * c.cout;
        (
            Just(c),
            vec(element.clone(), input_len),
            vec(q15(), filter_len),
        )
    })
}

fn output_len(c: &Conv) -> usize {
    c.n * c.hout * c.wout * c.g * c.cout
}

/// Calls one convolution symbol with `c`'s geometry; the pointer types differ
/// per kernel, everything else is the same.
macro_rules! call_conv {
    ($f:expr, $input:expr, $filter:expr, $output:expr, $c:expr, $s:expr) => {{
        let c: &Conv = $c;
        let s: (i32, i32, i32) = $s;
        unsafe {
            $f(
                $input,
                $filter,
                $output,
                len32(c.n),
                len32(c.h),
                len32(c.w),
                len32(c.cin),
                len32(c.hf),
                len32(c.wf),
                len32(c.cf),
                len32(c.cout),
                len32(c.hout),
                len32(c.wout),
                len32(c.g),
                c.hpad_u,
                c.hpad_d,
                c.wpad_l,
                c.wpad_r,
                len32(c.hstride),
                len32(c.wstride),
                len32(c.hdilation),
                len32(c.wdilation),
                s.0,
                s.1,
                s.2,
            )
        }
    }};
}

fn check_q7xq15_q7_convolution(
    case: (Conv, Vec<i8>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let (c, input, filter) = case;
    let want = model::q7xq15_q7_convolution(&input, &filter, &c, s.0, s.1, s.2, shift);
    let mut got = vec![POISON8; output_len(&c)];
    call_conv!(
        c_q7xq15_q7_convolution(shift),
        input.as_ptr(),
        filter.as_ptr(),
        got.as_mut_ptr(),
        &c,
        s
    );
    prop_assert_eq!(got, want);
    Ok(())
}

fn check_q7xq15_q15_convolution(
    case: (Conv, Vec<i8>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let (c, input, filter) = case;
    let want = model::q7xq15_q15_convolution(&input, &filter, &c, s.0, s.1, s.2, shift);
    let mut got = vec![POISON16; output_len(&c)];
    call_conv!(
        c_q7xq15_q15_convolution(shift),
        input.as_ptr(),
        filter.as_ptr(),
        got.as_mut_ptr(),
        &c,
        s
    );
    prop_assert_eq!(got, want);
    Ok(())
}

fn check_q15_convolution(
    case: (Conv, Vec<i16>, Vec<i16>),
    s: (i32, i32, i32),
    shift: bool,
) -> Result<(), TestCaseError> {
    let (c, input, filter) = case;
    let want = model::q15_convolution(&input, &filter, &c, s.0, s.1, s.2, shift);
    let mut got = vec![POISON16; output_len(&c)];
    call_conv!(
        c_q15_convolution(shift),
        input.as_ptr(),
        filter.as_ptr(),
        got.as_mut_ptr(),
        &c,
        s
    );
    prop_assert_eq!(got, want);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// int32 sum of at most HF*WF*CF = 64 products of int8 * int16.
    #[test]
    fn q7xq15_q7_convolution_matches_model_div(case in conv_case(q7()), s in scales3(false, 31)) {
        check_q7xq15_q7_convolution(case, s, false)?;
    }
    #[test]
    fn q7xq15_q7_convolution_matches_model_shift(case in conv_case(q7()), s in scales3(true, 31)) {
        check_q7xq15_q7_convolution(case, s, true)?;
    }
    #[test]
    fn q7xq15_q15_convolution_matches_model_div(case in conv_case(q7()), s in scales3(false, 31)) {
        check_q7xq15_q15_convolution(case, s, false)?;
    }
    #[test]
    fn q7xq15_q15_convolution_matches_model_shift(case in conv_case(q7()), s in scales3(true, 31)) {
        check_q7xq15_q15_convolution(case, s, true)?;
    }
    /// int64 sum, so a shift may reach 63.
    #[test]
    fn q15_convolution_matches_model_div(case in conv_case(q15()), s in scales3(false, 63)) {
        check_q15_convolution(case, s, false)?;
    }
    #[test]
    fn q15_convolution_matches_model_shift(case in conv_case(q15()), s in scales3(true, 63)) {
        check_q15_convolution(case, s, true)?;
    }
}

// ===========================================================================
// The model against the recorded C reference
// ===========================================================================

/// `../shared/edgeml-vectors/` beside the repository, or `TINYRNN_VECTORS_DIR`.
fn vectors_dir() -> std::path::PathBuf {
    match std::env::var_os("TINYRNN_VECTORS_DIR") {
        Some(dir) => dir.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/edgeml-vectors"),
    }
}

fn arg(a: &serde_json::Value, key: &str) -> i64 {
    a[key]
        .as_i64()
        .unwrap_or_else(|| panic!("argument {key} missing"))
}

fn arg_vec(a: &serde_json::Value, key: &str) -> Vec<i64> {
    a[key]
        .as_array()
        .unwrap_or_else(|| panic!("array {key} missing"))
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect()
}

fn arg_i16s(a: &serde_json::Value, key: &str) -> Vec<i16> {
    arg_vec(a, key)
        .into_iter()
        .map(|x| i16::try_from(x).unwrap())
        .collect()
}

fn arg_i8s(a: &serde_json::Value, key: &str) -> Vec<i8> {
    arg_vec(a, key)
        .into_iter()
        .map(|x| i8::try_from(x).unwrap())
        .collect()
}

fn arg_i32(a: &serde_json::Value, key: &str) -> i32 {
    i32::try_from(arg(a, key)).unwrap()
}

fn arg_shape(a: &serde_json::Value) -> Shape {
    let dim = |k| arg(a, k) as usize;
    Shape {
        nbatches: dim("nbatches"),
        nrows: dim("nrows"),
        ncols: dim("ncols"),
        nchannels: dim("nchannels"),
    }
}

fn arg_conv(a: &serde_json::Value) -> Conv {
    let u = |k| arg(a, k) as usize;
    let s = |k| arg_i32(a, k);
    Conv {
        n: u("N"),
        h: u("H"),
        w: u("W"),
        cin: u("CIn"),
        hf: u("HF"),
        wf: u("WF"),
        cf: u("CF"),
        cout: u("COut"),
        hout: u("HOut"),
        wout: u("WOut"),
        g: u("G"),
        hpad_u: s("HPadU"),
        hpad_d: s("HPadD"),
        wpad_l: s("WPadL"),
        wpad_r: s("WPadR"),
        hstride: u("HStride"),
        wstride: u("WStride"),
        hdilation: u("HDilation"),
        wdilation: u("WDilation"),
    }
}

fn wide<T: Into<i64> + Copy>(v: Vec<T>) -> Vec<i64> {
    v.into_iter().map(Into::into).collect()
}

/// The model's output for one recorded util case, or `None` for a function
/// that is not a quantized util.
fn model_on_vector(name: &str, a: &serde_json::Value, shift: bool) -> Option<Vec<i64>> {
    let sc = |k| arg_i32(a, k);
    let len = |k| arg(a, k) as usize;
    let out = match name {
        "q15_v_add" => wide(model::q15_v_add(
            &arg_i16s(a, "vec1"),
            &arg_i16s(a, "vec2"),
            sc("scvec1"),
            sc("scvec2"),
            sc("scret"),
            sc("demote"),
            shift,
        )),
        "q7_v_sub" => wide(model::q7_v_sub(
            &arg_i8s(a, "vec1"),
            &arg_i8s(a, "vec2"),
            sc("scvec1"),
            sc("scvec2"),
            sc("scret"),
            shift,
        )),
        "q15_v_sub" => wide(model::q15_v_sub(
            &arg_i16s(a, "vec1"),
            &arg_i16s(a, "vec2"),
            sc("scvec1"),
            sc("scvec2"),
            sc("scret"),
            shift,
        )),
        "q7_v_hadamard" => wide(model::q7_v_hadamard(
            &arg_i8s(a, "vec1"),
            &arg_i8s(a, "vec2"),
            sc("scvec1"),
            sc("scvec2"),
            shift,
        )),
        "q15_v_hadamard" => wide(model::q15_v_hadamard(
            &arg_i16s(a, "vec1"),
            &arg_i16s(a, "vec2"),
            sc("scvec1"),
            sc("scvec2"),
            shift,
        )),
        "q15_v_sigmoid" => wide(model::q15_v_sigmoid(
            &arg_i16s(a, "vec"),
            arg(a, "div") as i16,
            arg(a, "add") as i16,
            arg(a, "sigmoid_limit") as i16,
            sc("scale_in"),
            sc("scale_out"),
            arg(a, "use_tables") as u32,
        )),
        "q15_v_tanh" => wide(model::q15_v_tanh(
            &arg_i16s(a, "vec"),
            sc("scale_in"),
            sc("scale_out"),
            arg(a, "use_tables") as u32,
        )),
        "q15_v_scalar_add" => wide(model::q15_v_scalar_add(
            arg(a, "scalar") as i16,
            &arg_i16s(a, "vec"),
            sc("scscalar"),
            sc("scvec"),
            sc("scret"),
            shift,
        )),
        "q15_v_scalar_sub" => wide(model::q15_v_scalar_sub(
            arg(a, "scalar") as i16,
            &arg_i16s(a, "vec"),
            sc("scscalar"),
            sc("scvec"),
            sc("scret"),
            shift,
        )),
        "q15_v_scalar_mul" => wide(model::q15_v_scalar_mul(
            arg(a, "scalar") as i16,
            &arg_i16s(a, "vec"),
            sc("scscalar"),
            sc("scvec"),
            shift,
        )),
        "q15_v_argmax" => vec![model::q15_v_argmax(&arg_i16s(a, "vec"), len("len")) as i64],
        "q15_v_scale_up" => wide(model::q15_v_scale_up(
            &arg_i16s(a, "vec"),
            sc("scvec"),
            shift,
        )),
        "q15_v_scale_down" => wide(model::q15_v_scale_down(
            &arg_i16s(a, "vec"),
            sc("scvec"),
            shift,
        )),
        "q15_m_reverse" => wide(model::q15_m_reverse(
            &arg_i16s(a, "mat"),
            len("nrows"),
            len("ncols"),
            arg(a, "axis") as u32,
        )),
        "q15xq7_q15_m_mulvec" => wide(model::q15xq7_q15_m_mulvec(
            &arg_i16s(a, "mat"),
            &arg_i8s(a, "vec"),
            len("nrows"),
            len("ncols"),
            sc("scmat"),
            sc("scvec"),
            sc("scret"),
            shift,
        )),
        "q15_m_mulvec" => wide(model::q15_m_mulvec(
            &arg_i16s(a, "mat"),
            &arg_i16s(a, "vec"),
            len("nrows"),
            len("ncols"),
            sc("scmat"),
            sc("scvec"),
            sc("scret"),
            shift,
        )),
        "q15xq7_q15_m_sparse_mulvec" => {
            let rows: Vec<u32> = arg_vec(a, "row_indices")
                .into_iter()
                .map(|x| x as u32)
                .collect();
            wide(model::q15xq7_q15_m_sparse_mulvec(
                &rows,
                &arg_i16s(a, "mat_values"),
                &arg_i8s(a, "vec"),
                &arg_i16s(a, "ret_in"),
                sc("scmat"),
                sc("scvec"),
                sc("scret"),
                shift,
            ))
        }
        "q15_m_sparse_mulvec" => {
            let rows: Vec<u32> = arg_vec(a, "row_indices")
                .into_iter()
                .map(|x| x as u32)
                .collect();
            wide(model::q15_m_sparse_mulvec(
                &rows,
                &arg_i16s(a, "mat_values"),
                &arg_i16s(a, "vec"),
                &arg_i16s(a, "ret_in"),
                sc("scmat"),
                sc("scvec"),
                sc("scret"),
                shift,
            ))
        }
        "q7_t_add" => wide(model::q7_t_add(
            &arg_i8s(a, "ten1"),
            &arg_i8s(a, "ten2"),
            arg_shape(a),
            sc("scten1"),
            sc("scten2"),
            sc("scret"),
            shift,
        )),
        "q15_t_add" => wide(model::q15_t_add(
            &arg_i16s(a, "ten1"),
            &arg_i16s(a, "ten2"),
            arg_shape(a),
            sc("scten1"),
            sc("scten2"),
            sc("scret"),
            shift,
        )),
        "q7xq15_q7_t_add_vec" => wide(model::q7xq15_q7_t_add_vec(
            &arg_i8s(a, "ten"),
            &arg_i16s(a, "vec"),
            arg_shape(a),
            sc("scten"),
            sc("scvec"),
            sc("scret"),
            shift,
        )),
        "q15_t_add_vec" => wide(model::q15_t_add_vec(
            &arg_i16s(a, "ten"),
            &arg_i16s(a, "vec"),
            arg_shape(a),
            sc("scten"),
            sc("scvec"),
            sc("scret"),
            shift,
        )),
        "q7_t_relu" => wide(model::q7_t_relu(
            &arg_i8s(a, "ten"),
            arg_shape(a),
            arg(a, "limit") as i8,
            arg(a, "div") as i8,
        )),
        "q15_t_l2_norm" => wide(model::q15_t_l2_norm(
            &arg_i16s(a, "ten"),
            arg_shape(a),
            sc("scale_in"),
            sc("scale_out"),
            shift,
        )),
        "q7xq15_q7_convolution" => wide(model::q7xq15_q7_convolution(
            &arg_i8s(a, "input"),
            &arg_i16s(a, "filter"),
            &arg_conv(a),
            sc("scinput"),
            sc("scoutput"),
            sc("demote"),
            shift,
        )),
        "q7xq15_q15_convolution" => wide(model::q7xq15_q15_convolution(
            &arg_i8s(a, "input"),
            &arg_i16s(a, "filter"),
            &arg_conv(a),
            sc("scinput"),
            sc("scoutput"),
            sc("demote"),
            shift,
        )),
        "q15_convolution" => wide(model::q15_convolution(
            &arg_i16s(a, "input"),
            &arg_i16s(a, "filter"),
            &arg_conv(a),
            sc("scinput"),
            sc("scoutput"),
            sc("demote"),
            shift,
        )),
        _ => return None,
    };
    Some(out)
}

/// The model is only an oracle if it agrees with the reference: every util
/// case recorded from EdgeML's C code, in both builds, must come out exactly.
#[test]
fn model_reproduces_edgeml_vectors() {
    let dir = vectors_dir();
    let mut functions = std::collections::BTreeSet::new();
    let mut checked = 0;
    for (file, shift) in [("div.jsonl", false), ("shift.jsonl", true)] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}); set TINYRNN_VECTORS_DIR",
                path.display()
            )
        });
        for line in text.lines() {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            let name = case["fn"].as_str().unwrap();
            let Some(got) = model_on_vector(name, &case["args"], shift) else {
                continue;
            };
            let out = &case["out"];
            let want: Vec<i64> = match (&out["ret"], &out["output"]) {
                (serde_json::Value::Number(n), _) => vec![n.as_i64().unwrap()],
                (serde_json::Value::Array(_), _) => arg_vec(out, "ret"),
                (_, serde_json::Value::Array(_)) => arg_vec(out, "output"),
                _ => panic!("{name}: no recorded output"),
            };
            assert_eq!(got, want, "{file} {name} case {}", case["case"]);
            functions.insert(name.to_string());
            checked += 1;
        }
    }
    assert_eq!(functions.len(), 27, "util functions covered: {functions:?}");
    eprintln!(
        "model matched {checked} recorded cases of {} functions",
        functions.len()
    );
}

// ===========================================================================
// Sparse FastGRNN through its C export against the plain model: random
// encodings (repeated rows included), extreme contents (every value −32768,
// every value 32767, a mix of the two) and malformed encodings (a row number
// above `hiddenDims`, which must be refused with -102 before anything is
// written). This drives the product the fused cell runs
// (`kernels::sparse_columns` over a walked encoding), not only the util.
// ===========================================================================

extern "C" {
    fn tinyrnn_q15_fastgrnn_div_sparse(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32,
        p: *const core::ffi::c_void, b: *mut core::ffi::c_void, s: *const core::ffi::c_void, bw: i32, n: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_sparse(
        h: *mut i16, hd: u32, x: *const i16, id: u32, steps: u32,
        p: *const core::ffi::c_void, b: *mut core::ffi::c_void, s: *const core::ffi::c_void, bw: i32, n: i32,
    ) -> i32;
}

/// In-domain scales (powers of two): division values, or their exponents
/// for `SHIFT` (the activations' scales are exponents in both builds).
fn fastgrnn_scales(shift: bool) -> tinyrnn::ffi::Q15_FastGRNN_Scales {
    let e = |d: i32| if shift { d.trailing_zeros() as i32 } else { d };
    tinyrnn::ffi::Q15_FastGRNN_Scales {
        input: e(1), mean: e(1), meanSub: e(1), stdDev: e(1), normFeaturesHDStdDev: e(1), w: e(128), normFeaturesMVW: e(64),
        mVWOut: e(4), u: e(128), hiddenStateMVU: e(64), mVUOut: e(8), mV1AddMV2: e(1), mV2AddMV1: e(4), mV1AddMV2Out: e(1),
        mV1AddMV2Demote: e(1), pC1AddBg: e(1), bg: e(8), pC1AddBgOut: e(1), pC1AddBgDemote: e(1), sigmoidScaleIn: 11,
        sigmoidScaleOut: 14, pC1AddBh: e(1), bh: e(16), pC1AddBhOut: e(1), pC1AddBhDemote: e(1), tanhScaleIn: 11,
        tanhScaleOut: 11, gateHDHiddenState: e(128), hiddenStateHDGate: e(128), qOneScale: e(1), qOneSubGate: e(1),
        qOneSubGateOut: e(1), sigmoidZeta: e(128), sigmoidZetaMulQOneSubGate: e(256), sigmoidNu: e(256),
        sigmoidNuAddQOneSubGate: e(1), sigmoidNuAddQOneSubGateOut: e(1), sigmoidNuAddQOneSubGateHDUpdate: e(32),
        updateHDSigmoidNuAddQOneSubGate: e(64), pC3AddPC1: e(1), pC1AddPC3: e(1), hiddenStateOut: e(1),
        hiddenStateDemote: e(1), div: 2, add: 1024, sigmoidLimit: 2048, qOne: 16384, useTableSigmoid: 1, useTableTanH: 1,
    }
}

/// A sparse FastGRNN call: shape, contents and an optional corruption
/// `(in U?, position among the row numbers, row number above hiddenDims)`.
#[derive(Clone, Debug)]
struct SparseCell {
    hd: usize,
    id: usize,
    steps: usize,
    w_cols: Vec<Vec<u32>>,
    u_cols: Vec<Vec<u32>>,
    /// 0: random values; 1: all −32768; 2: all 32767; 3: each one of the two.
    pattern: u8,
    seed: u64,
    backward: bool,
    shift: bool,
    bad: Option<(bool, usize, u32)>,
}

fn sparse_cell() -> impl Strategy<Value = SparseCell> {
    (1usize..=24, 0usize..=12, 0usize..=3)
        .prop_flat_map(|(hd, id, steps)| {
            let column = vec(1..=hd as u32, 0..=2 * hd);
            (
                Just((hd, id, steps)),
                vec(column.clone(), id),
                vec(column, hd),
                0u8..4,
                any::<u64>(),
                any::<bool>(),
                any::<bool>(),
                prop_oneof![3 => Just(None), 1 => (any::<bool>(), any::<usize>(), prop_oneof![Just(u32::MAX), (hd as u32 + 1)..=u32::MAX]).prop_map(Some)],
            )
        })
        .prop_map(|((hd, id, steps), w_cols, u_cols, pattern, seed, backward, shift, bad)| SparseCell { hd, id, steps, w_cols, u_cols, pattern, seed, backward, shift, bad })
}

fn encode(cols: &[Vec<u32>]) -> Vec<u32> {
    cols.iter().flat_map(|c| c.iter().copied().chain([0])).collect()
}

fn check_sparse_fastgrnn(c: &SparseCell) -> Result<(), TestCaseError> {
    use model::fastgrnn::{FastGrnn, Features, Scales, Weights};
    let mut state = c.seed | 1;
    let mut value = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        match c.pattern {
            0 => state as i16,
            1 => i16::MIN,
            2 => i16::MAX,
            _ => if state & 1 == 0 { i16::MIN } else { i16::MAX },
        }
    };
    let (mut wids, mut uids) = (encode(&c.w_cols), encode(&c.u_cols));
    let wvals: Vec<i16> = (0..wids.len()).map(|_| value()).collect();
    let uvals: Vec<i16> = (0..uids.len()).map(|_| value()).collect();
    let x: Vec<i16> = (0..c.steps * c.id).map(|_| value()).collect();
    let (bg, bh, h0): (Vec<i16>, Vec<i16>, Vec<i16>) = ((0..c.hd).map(|_| value()).collect(), (0..c.hd).map(|_| value()).collect(), (0..c.hd).map(|_| value()).collect());
    let (zeta, nu) = (value(), value());
    // A corruption lands on a row number (not a terminator) if there is one.
    let mut corrupted = false;
    if let Some((in_u, at, row)) = c.bad {
        let ids = if in_u { &mut uids } else { &mut wids };
        let rows: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] != 0).collect();
        if !rows.is_empty() {
            ids[rows[at % rows.len()]] = row;
            corrupted = true;
        }
    }
    let s = fastgrnn_scales(c.shift);
    let p = tinyrnn::ffi::Q15_FastGRNN_Params {
        mean: core::ptr::null(), stdDev: core::ptr::null(), W: core::ptr::null(), Wids: wids.as_ptr(), Wvals: wvals.as_ptr(),
        U: core::ptr::null(), Uids: uids.as_ptr(), Uvals: uvals.as_ptr(), Bg: bg.as_ptr(), Bh: bh.as_ptr(), sigmoid_zeta: zeta,
        sigmoid_nu: nu,
    };
    let (mut pc1, mut pc2, mut pc3, mut nf) = (vec![0i16; c.hd], vec![0i16; c.hd], vec![0i16; c.hd], vec![0i16; c.id]);
    let mut b = tinyrnn::ffi::Q15_FastGRNN_Buffers { preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
    let mut h = h0.clone();
    let f = if c.shift { tinyrnn_q15_fastgrnn_shift_sparse } else { tinyrnn_q15_fastgrnn_div_sparse };
    let rc = unsafe {
        f(
            h.as_mut_ptr(), len32(c.hd), x.as_ptr(), len32(c.id), len32(c.steps), &p as *const _ as *const core::ffi::c_void,
            &mut b as *mut _ as *mut core::ffi::c_void, &s as *const _ as *const core::ffi::c_void, c.backward as i32, 0,
        )
    };
    if corrupted {
        prop_assert_eq!(rc, -102, "a row number above hiddenDims is refused");
        prop_assert_eq!(h, h0, "and nothing is written");
        return Ok(());
    }
    prop_assert_eq!(rc, 0);
    let cell = FastGrnn {
        hidden_dims: c.hd,
        input_dims: c.id,
        w: Weights::Sparse { ids: wids, vals: wvals },
        u: Weights::Sparse { ids: uids, vals: uvals },
        bg,
        bh,
        zeta,
        nu,
        mean: Features::Q15(vec![]),
        std_dev: Features::Q15(vec![]),
        scales: Scales::dense(&s),
    };
    let want = cell.run(&h0, &Features::Q15(x), c.steps, c.backward, false, c.shift);
    prop_assert_eq!(h, want);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sparse_fastgrnn_matches_model_with_extremes_and_refuses_malformed_encodings(c in sparse_cell()) {
        check_sparse_fastgrnn(&c)?;
    }
}
