//! Replays every quantized case of EdgeML's recorded reference vectors
//! (`../shared/edgeml-vectors/*.jsonl`, format in that directory's README)
//! through the library's C ABI and requires bit-identical outputs and return
//! codes.
//!
//! - One `#[test]` per vector file, so the four files replay in parallel.
//! - Every line is loaded (the loader is general); functions without a
//!   `q7`/`q15` prefix are the float API, covered elsewhere, and are only
//!   counted as skipped here. An unknown quantized function, a malformed case
//!   or a scales object with an unknown or missing field fails the test.
//! - Outputs that the function overwrites are pre-filled with a sentinel and
//!   the call is made twice with two different sentinels, so an element the
//!   library forgets to write cannot pass by coincidence. Accumulating outputs
//!   start from `ret_in`. Every output and scratch buffer carries a guard tail
//!   that must come back untouched (no write past the documented size).
//! - `q15_v_add` cases have no in-place flag (the README says the result is
//!   the same either way), so each is replayed both out of place and in place
//!   (`ret == vec1`), as the EdgeML FastGRNN kernels call it.
//! - Mismatches are collected; the first 20 are printed with file, line,
//!   function, mode and case number before the test fails.
//! - When the vectors directory is missing the test fails if `CI` is set
//!   (to anything but an empty string, `0` or `false`), and otherwise warns and skips.
#![allow(non_snake_case)]

use std::collections::BTreeMap;
use std::ffi::c_void;
use std::fmt::{Debug, Write as _};
use std::path::{Path, PathBuf};
use std::ptr;

use serde_json::{Map, Value};
use tinyrnn as _;
use tinyrnn::ffi::{
    q15_rnn_t, q7xq15_q15_rnn_t, Q15_FastGRNN_Buffers, Q15_FastGRNN_LR_Buffers,
    Q15_FastGRNN_LR_Params, Q15_FastGRNN_LR_Scales, Q15_FastGRNN_Params, Q15_FastGRNN_Scales,
    Q7xQ15_FastGRNN_Buffers, Q7xQ15_FastGRNN_Params,
};

const VECTORS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/edgeml-vectors");
/// How many mismatches are printed in full before the test fails.
const SHOW_FIRST: usize = 20;

// ---------------------------------------------------------------------------
// The C ABI under test (EdgeML's exact signatures, tinyrnn's symbol names).
// ---------------------------------------------------------------------------

/// Declares the `_div` and `_shift` symbol of each listed function.
macro_rules! extern_modal {
    ($( fn $div:ident / $shift:ident ( $($p:ident : $t:ty),* $(,)? ) $(-> $r:ty)? ; )*) => {
        extern "C" {
            $(
                fn $div($($p: $t),*) $(-> $r)?;
                fn $shift($($p: $t),*) $(-> $r)?;
            )*
        }
    };
}

extern_modal! {
    fn tinyrnn_q15_v_add_div / tinyrnn_q15_v_add_shift(vec1: *const i16, vec2: *const i16, len: u32, ret: *mut i16, scvec1: i32, scvec2: i32, scret: i32, demote: i32);
    fn tinyrnn_q7_v_sub_div / tinyrnn_q7_v_sub_shift(vec1: *const i8, vec2: *const i8, len: u32, ret: *mut i8, scvec1: i32, scvec2: i32, scret: i32);
    fn tinyrnn_q15_v_sub_div / tinyrnn_q15_v_sub_shift(vec1: *const i16, vec2: *const i16, len: u32, ret: *mut i16, scvec1: i32, scvec2: i32, scret: i32);
    fn tinyrnn_q7_v_hadamard_div / tinyrnn_q7_v_hadamard_shift(vec1: *const i8, vec2: *const i8, len: u32, ret: *mut i8, scvec1: i32, scvec2: i32);
    fn tinyrnn_q15_v_hadamard_div / tinyrnn_q15_v_hadamard_shift(vec1: *const i16, vec2: *const i16, len: u32, ret: *mut i16, scvec1: i32, scvec2: i32);
    fn tinyrnn_q15_v_scalar_add_div / tinyrnn_q15_v_scalar_add_shift(scalar: i16, vec: *const i16, len: u32, ret: *mut i16, scscalar: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_v_scalar_sub_div / tinyrnn_q15_v_scalar_sub_shift(scalar: i16, vec: *const i16, len: u32, ret: *mut i16, scscalar: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_v_scalar_mul_div / tinyrnn_q15_v_scalar_mul_shift(scalar: i16, vec: *const i16, len: u32, ret: *mut i16, scscalar: i32, scvec: i32);
    fn tinyrnn_q15_v_scale_up_div / tinyrnn_q15_v_scale_up_shift(vec: *const i16, len: u32, ret: *mut i16, scvec: i32);
    fn tinyrnn_q15_v_scale_down_div / tinyrnn_q15_v_scale_down_shift(vec: *const i16, len: u32, ret: *mut i16, scvec: i32);
    fn tinyrnn_q15xq7_q15_m_mulvec_div / tinyrnn_q15xq7_q15_m_mulvec_shift(mat: *const i16, vec: *const i8, nrows: u32, ncols: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_m_mulvec_div / tinyrnn_q15_m_mulvec_shift(mat: *const i16, vec: *const i16, nrows: u32, ncols: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15xq7_q15_m_sparse_mulvec_div / tinyrnn_q15xq7_q15_m_sparse_mulvec_shift(row_indices: *const u32, mat_values: *const i16, vec: *const i8, nelem: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_m_sparse_mulvec_div / tinyrnn_q15_m_sparse_mulvec_shift(row_indices: *const u32, mat_values: *const i16, vec: *const i16, nelem: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q7_t_add_div / tinyrnn_q7_t_add_shift(ten1: *const i8, ten2: *const i8, nbatches: u32, nrows: u32, ncols: u32, nchannels: u32, ret: *mut i8, scten1: i32, scten2: i32, scret: i32);
    fn tinyrnn_q15_t_add_div / tinyrnn_q15_t_add_shift(ten1: *const i16, ten2: *const i16, nbatches: u32, nrows: u32, ncols: u32, nchannels: u32, ret: *mut i16, scten1: i32, scten2: i32, scret: i32);
    fn tinyrnn_q7xq15_q7_t_add_vec_div / tinyrnn_q7xq15_q7_t_add_vec_shift(ten: *const i8, vec: *const i16, nbatches: u32, nrows: u32, ncols: u32, nchannels: u32, ret: *mut i8, scten: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_t_add_vec_div / tinyrnn_q15_t_add_vec_shift(ten: *const i16, vec: *const i16, nbatches: u32, nrows: u32, ncols: u32, nchannels: u32, ret: *mut i16, scten: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_t_l2_norm_div / tinyrnn_q15_t_l2_norm_shift(ten: *const i16, nbatches: u32, nrows: u32, ncols: u32, nchannels: u32, ret: *mut i16, scale_in: i32, scale_out: i32);
    fn tinyrnn_q7xq15_q7_convolution_div / tinyrnn_q7xq15_q7_convolution_shift(input: *const i8, filter: *const i16, output: *mut i8, N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32, HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, HDilation: u32, WDilation: u32, scinput: i32, scoutput: i32, demote: i32);
    fn tinyrnn_q7xq15_q15_convolution_div / tinyrnn_q7xq15_q15_convolution_shift(input: *const i8, filter: *const i16, output: *mut i16, N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32, HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, HDilation: u32, WDilation: u32, scinput: i32, scoutput: i32, demote: i32);
    fn tinyrnn_q15_convolution_div / tinyrnn_q15_convolution_shift(input: *const i16, filter: *const i16, output: *mut i16, N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32, HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, HDilation: u32, WDilation: u32, scinput: i32, scoutput: i32, demote: i32);
    fn tinyrnn_q15_fastgrnn_lr_div / tinyrnn_q15_fastgrnn_lr_shift(hiddenState: *mut i16, hiddenDims: u32, input: *const i16, inputDims: u32, steps: u32, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_rnnpool_block_div_dense / tinyrnn_q15_rnnpool_block_shift_dense(patch: *const i16, inputDims: u32, patchDim: u32, stride: u32, rnn1: q15_rnn_t, hiddenDims1: u32, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: u32, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut i16, buffer: *mut i16, ShR1: i32, ShL1: i32, ShR2: i32, ShL2: i32) -> i32;
    fn tinyrnn_q7xq15_q15_rnnpool_block_div_dense / tinyrnn_q7xq15_q15_rnnpool_block_shift_dense(patch: *const i8, inputDims: u32, patchDim: u32, stride: u32, rnn1: q7xq15_q15_rnn_t, hiddenDims1: u32, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: u32, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut i16, buffer: *mut i16, ShR1: i32, ShL1: i32, ShR2: i32, ShL2: i32) -> i32;
    fn tinyrnn_q15_rnnpool_block_div_sparse / tinyrnn_q15_rnnpool_block_shift_sparse(patch: *const i16, inputDims: u32, patchDim: u32, stride: u32, rnn1: q15_rnn_t, hiddenDims1: u32, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: u32, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut i16, buffer: *mut i16, ShR1: i32, ShL1: i32, ShR2: i32, ShL2: i32) -> i32;
    fn tinyrnn_q7xq15_q15_rnnpool_block_div_sparse / tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse(patch: *const i8, inputDims: u32, patchDim: u32, stride: u32, rnn1: q7xq15_q15_rnn_t, hiddenDims1: u32, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: q15_rnn_t, hiddenDims2: u32, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut i16, buffer: *mut i16, ShR1: i32, ShL1: i32, ShR2: i32, ShL2: i32) -> i32;
}

/// Signature of `q15_fastgrnn` / `q15_fastgrnn_lr` (the inner type of `q15_rnn_t`).
type Q15RnnFn = unsafe extern "C" fn(
    *mut i16,
    u32,
    *const i16,
    u32,
    u32,
    *const c_void,
    *mut c_void,
    *const c_void,
    i32,
    i32,
) -> i32;
/// Signature of `q7xq15_q15_fastgrnn` (the inner type of `q7xq15_q15_rnn_t`).
type Q7xQ15RnnFn = unsafe extern "C" fn(
    *mut i16,
    u32,
    *const i8,
    u32,
    u32,
    *const c_void,
    *mut c_void,
    *const c_void,
    i32,
    i32,
) -> i32;

extern "C" {
    // Mode-independent functions: one symbol, no suffix.
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

    // FastGRNN: one symbol per (scaling, weight storage).
    fn tinyrnn_q15_fastgrnn_div_dense(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i16,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_div_sparse(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i16,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_dense(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i16,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_sparse(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i16,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_div_dense(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i8,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_div_sparse(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i8,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_shift_dense(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i8,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_shift_sparse(
        hiddenState: *mut i16,
        hiddenDims: u32,
        input: *const i8,
        inputDims: u32,
        steps: u32,
        params: *const c_void,
        buffers: *mut c_void,
        scales: *const c_void,
        backward: i32,
        normalize: i32,
    ) -> i32;
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Div,
    Shift,
}

/// Picks the `_div` or `_shift` symbol (both coerce to the same fn pointer).
macro_rules! modal {
    ($mode:expr, $div:ident, $shift:ident) => {
        match $mode {
            Mode::Div => $div,
            Mode::Shift => $shift,
        }
    };
}

fn q15_fastgrnn_sym(mode: Mode, sparse: bool) -> Q15RnnFn {
    match (mode, sparse) {
        (Mode::Div, false) => tinyrnn_q15_fastgrnn_div_dense,
        (Mode::Div, true) => tinyrnn_q15_fastgrnn_div_sparse,
        (Mode::Shift, false) => tinyrnn_q15_fastgrnn_shift_dense,
        (Mode::Shift, true) => tinyrnn_q15_fastgrnn_shift_sparse,
    }
}

fn q7xq15_fastgrnn_sym(mode: Mode, sparse: bool) -> Q7xQ15RnnFn {
    match (mode, sparse) {
        (Mode::Div, false) => tinyrnn_q7xq15_q15_fastgrnn_div_dense,
        (Mode::Div, true) => tinyrnn_q7xq15_q15_fastgrnn_div_sparse,
        (Mode::Shift, false) => tinyrnn_q7xq15_q15_fastgrnn_shift_dense,
        (Mode::Shift, true) => tinyrnn_q7xq15_q15_fastgrnn_shift_sparse,
    }
}

fn q15_fastgrnn_lr_sym(mode: Mode) -> Q15RnnFn {
    modal!(
        mode,
        tinyrnn_q15_fastgrnn_lr_div,
        tinyrnn_q15_fastgrnn_lr_shift
    )
}

// ---------------------------------------------------------------------------
// Vector loading
// ---------------------------------------------------------------------------

/// One line of a vector file.
struct Case {
    line: usize,
    fn_name: String,
    mode: Mode,
    sparse: bool,
    case: i64,
    args: Map<String, Value>,
    out: Map<String, Value>,
}

fn parse_line(line_no: usize, text: &str) -> Result<Case, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = v.as_object().ok_or("a line is not a JSON object")?;
    let field = |k: &str| {
        obj.get(k)
            .ok_or_else(|| format!("missing top-level key `{k}`"))
    };
    let fn_name = field("fn")?
        .as_str()
        .ok_or("`fn` is not a string")?
        .to_owned();
    let mode = match field("mode")?.as_str() {
        Some("div") => Mode::Div,
        Some("shift") => Mode::Shift,
        other => return Err(format!("unknown mode {other:?}")),
    };
    let sparse = field("sparse")?.as_bool().ok_or("`sparse` is not a bool")?;
    let case = field("case")?.as_i64().ok_or("`case` is not an integer")?;
    let args = field("args")?
        .as_object()
        .ok_or("`args` is not an object")?
        .clone();
    let out = field("out")?
        .as_object()
        .ok_or("`out` is not an object")?
        .clone();
    Ok(Case {
        line: line_no,
        fn_name,
        mode,
        sparse,
        case,
        args,
        out,
    })
}

/// The quantized API is everything with a `q7`/`q15` prefix (`q7_`, `q15_`,
/// `q7xq15_`, `q15xq7_`); the rest is the float API.
fn is_quantized(fn_name: &str) -> bool {
    fn_name.starts_with("q7") || fn_name.starts_with("q15")
}

// ---------------------------------------------------------------------------
// JSON field access (range-checked, loud on anything unexpected)
// ---------------------------------------------------------------------------

fn get<'a>(m: &'a Map<String, Value>, key: &str) -> Result<&'a Value, String> {
    m.get(key).ok_or_else(|| format!("missing key `{key}`"))
}

fn int<T: TryFrom<i64>>(m: &Map<String, Value>, key: &str) -> Result<T, String> {
    let v = get(m, key)?;
    let i = v
        .as_i64()
        .ok_or_else(|| format!("`{key}` is not an integer: {v}"))?;
    T::try_from(i).map_err(|_| {
        format!(
            "`{key}` = {i} is out of range for {}",
            std::any::type_name::<T>()
        )
    })
}

/// An array argument; `null` is a NULL pointer (`None`).
fn opt_arr<T: TryFrom<i64>>(m: &Map<String, Value>, key: &str) -> Result<Option<Vec<T>>, String> {
    match get(m, key)? {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let n = x
                    .as_i64()
                    .ok_or_else(|| format!("`{key}[{i}]` is not an integer: {x}"))?;
                T::try_from(n).map_err(|_| {
                    format!(
                        "`{key}[{i}]` = {n} is out of range for {}",
                        std::any::type_name::<T>()
                    )
                })
            })
            .collect::<Result<Vec<T>, String>>()
            .map(Some),
        other => Err(format!("`{key}` is neither an array nor null: {other}")),
    }
}

fn arr<T: TryFrom<i64>>(m: &Map<String, Value>, key: &str) -> Result<Vec<T>, String> {
    opt_arr(m, key)?.ok_or_else(|| format!("`{key}` is null where an array is required"))
}

fn ptr_of<T>(v: &Option<Vec<T>>) -> *const T {
    v.as_ref().map_or(ptr::null(), |v| v.as_ptr())
}

fn udim(n: u32) -> usize {
    n as usize
}

/// Builds a scales struct from a JSON object keyed by field name. The struct
/// literal lists every field, so the compiler rejects a forgotten one; a JSON
/// key that is not a field, or a field without a key, is an error.
macro_rules! scales_from_json {
    ($fn_name:ident, $fields:ident, $ty:ident { $($f:ident),* $(,)? }) => {
        const $fields: &[&str] = &[$(stringify!($f)),*];
        fn $fn_name(v: &Value, what: &str) -> Result<$ty, String> {
            let obj = v.as_object().ok_or_else(|| format!("`{what}` is not an object"))?;
            if let Some(k) = obj.keys().find(|k| !$fields.contains(&k.as_str())) {
                return Err(format!("`{what}`: unknown key `{k}` (not a field of {})", stringify!($ty)));
            }
            Ok($ty { $($f: int(obj, stringify!($f)).map_err(|e| format!("`{what}`: {e}"))?,)* })
        }
    };
}

scales_from_json!(
    dense_scales,
    DENSE_SCALE_FIELDS,
    Q15_FastGRNN_Scales {
        input,
        mean,
        meanSub,
        stdDev,
        normFeaturesHDStdDev,
        w,
        normFeaturesMVW,
        mVWOut,
        u,
        hiddenStateMVU,
        mVUOut,
        mV1AddMV2,
        mV2AddMV1,
        mV1AddMV2Out,
        mV1AddMV2Demote,
        pC1AddBg,
        bg,
        pC1AddBgOut,
        pC1AddBgDemote,
        sigmoidScaleIn,
        sigmoidScaleOut,
        pC1AddBh,
        bh,
        pC1AddBhOut,
        pC1AddBhDemote,
        tanhScaleIn,
        tanhScaleOut,
        gateHDHiddenState,
        hiddenStateHDGate,
        qOneScale,
        qOneSubGate,
        qOneSubGateOut,
        sigmoidZeta,
        sigmoidZetaMulQOneSubGate,
        sigmoidNu,
        sigmoidNuAddQOneSubGate,
        sigmoidNuAddQOneSubGateOut,
        sigmoidNuAddQOneSubGateHDUpdate,
        updateHDSigmoidNuAddQOneSubGate,
        pC3AddPC1,
        pC1AddPC3,
        hiddenStateOut,
        hiddenStateDemote,
        div,
        add,
        sigmoidLimit,
        qOne,
        useTableSigmoid,
        useTableTanH,
    }
);

scales_from_json!(
    lr_scales,
    LR_SCALE_FIELDS,
    Q15_FastGRNN_LR_Scales {
        input,
        mean,
        meanSub,
        stdDev,
        normFeaturesHDStdDev,
        w1,
        normFeaturesMVW1,
        mVW1Out,
        w2,
        tempLRW,
        mVW2Out,
        u1,
        hiddenStateMVU1,
        mVU1Out,
        u2,
        tempLRU,
        mVU2Out,
        mV2AddMV4,
        mV4AddMV2,
        mV2AddMV4Out,
        mV2AddMV4Demote,
        pC1AddBg,
        bg,
        pC1AddBgOut,
        pC1AddBgDemote,
        sigmoidScaleIn,
        sigmoidScaleOut,
        pC1AddBh,
        bh,
        pC1AddBhOut,
        pC1AddBhDemote,
        tanhScaleIn,
        tanhScaleOut,
        gateHDHiddenState,
        hiddenStateHDGate,
        qOneScale,
        qOneSubGate,
        qOneSubGateOut,
        sigmoidZeta,
        sigmoidZetaMulQOneSubGate,
        sigmoidNu,
        sigmoidNuAddQOneSubGate,
        sigmoidNuAddQOneSubGateOut,
        sigmoidNuAddQOneSubGateHDUpdate,
        updateHDSigmoidNuAddQOneSubGate,
        pC3AddPC1,
        pC1AddPC3,
        hiddenStateOut,
        hiddenStateDemote,
        sigmoidLimit,
        div,
        add,
        qOne,
        useTableSigmoid,
        useTableTanH,
    }
);

// ---------------------------------------------------------------------------
// Output buffers with sentinels and guard tails
// ---------------------------------------------------------------------------

trait Elem: Copy + PartialEq + Debug {
    /// Two pre-fill values for overwritten outputs.
    const SENTINELS: [Self; 2];
    /// Pattern of the guard tail behind every buffer.
    const GUARD: Self;
}
impl Elem for i8 {
    const SENTINELS: [i8; 2] = [0x5A, -0x5B];
    const GUARD: i8 = 0x3C;
}
impl Elem for i16 {
    const SENTINELS: [i16; 2] = [0x5A5A, -0x5A5B];
    const GUARD: i16 = 0x3C3C;
}
impl Elem for u32 {
    const SENTINELS: [u32; 2] = [0x5A5A_5A5A, 0xA5A5_A5A5];
    const GUARD: u32 = 0x3C3C_3C3C;
}

const GUARD_LEN: usize = 16;

/// `n` elements followed by a guard tail that the callee must not touch.
struct Guarded<T: Elem> {
    v: Vec<T>,
    n: usize,
}

impl<T: Elem> Guarded<T> {
    fn filled(n: usize, fill: T) -> Self {
        let mut v = vec![fill; n];
        v.extend(std::iter::repeat(T::GUARD).take(GUARD_LEN));
        Guarded { v, n }
    }
    fn from_slice(s: &[T]) -> Self {
        let mut v = s.to_vec();
        v.extend(std::iter::repeat(T::GUARD).take(GUARD_LEN));
        Guarded { v, n: s.len() }
    }
    fn ptr(&mut self) -> *mut T {
        self.v.as_mut_ptr()
    }
    fn body(&self) -> &[T] {
        &self.v[..self.n]
    }
    /// `Some(message)` if anything past the `n` elements was written.
    fn overrun(&self, what: &str) -> Option<String> {
        self.v[self.n..]
            .iter()
            .position(|x| *x != T::GUARD)
            .map(|i| {
                format!(
                    "wrote past the end of `{what}` ({} elements): element {} changed to {:?}",
                    self.n,
                    self.n + i,
                    self.v[self.n + i]
                )
            })
    }
}

/// Describes the first difference between `expected` and `got`, if any.
fn diff<T: Elem>(what: &str, expected: &[T], got: &[T]) -> Option<String> {
    if expected.len() != got.len() {
        return Some(format!(
            "`{what}`: expected {} elements, got {}",
            expected.len(),
            got.len()
        ));
    }
    let mut first = None;
    let mut count = 0usize;
    for (i, (e, g)) in expected.iter().zip(got).enumerate() {
        if e != g {
            count += 1;
            first.get_or_insert(i);
        }
    }
    first.map(|i| {
        format!(
            "`{what}[{i}]`: expected {:?}, got {:?} ({count} of {} elements differ)",
            expected[i],
            got[i],
            expected.len()
        )
    })
}

/// Runs `call` on an output pre-filled with each sentinel in turn (stopping
/// at the first failing run) and compares it with `expected`.
fn fresh_output<T: Elem>(what: &str, expected: &[T], mut call: impl FnMut(*mut T)) -> Vec<String> {
    let mut problems = Vec::new();
    for sentinel in T::SENTINELS {
        let mut out = Guarded::filled(expected.len(), sentinel);
        call(out.ptr());
        if let Some(d) = diff(what, expected, out.body()) {
            problems.push(format!("{d} [output pre-filled with {sentinel:?}]"));
        }
        problems.extend(out.overrun(what));
        if !problems.is_empty() {
            break;
        }
    }
    problems
}

/// Runs `call` on an output that starts as `initial` (accumulating functions).
fn accumulated_output<T: Elem>(
    what: &str,
    initial: &[T],
    expected: &[T],
    call: impl FnOnce(*mut T),
) -> Vec<String> {
    let mut out = Guarded::from_slice(initial);
    call(out.ptr());
    diff(what, expected, out.body())
        .into_iter()
        .chain(out.overrun(what))
        .collect()
}

fn check_rc(expected: i32, got: i32) -> Option<String> {
    (expected != got).then(|| format!("`rc`: expected {expected}, got {got}"))
}

fn vptr<T>(p: *const T) -> *const c_void {
    p.cast()
}

// ---------------------------------------------------------------------------
// Per-function replay. Each returns the list of mismatches (empty = pass), or
// Err for a case the harness cannot replay (malformed or unknown).
// ---------------------------------------------------------------------------

fn run_case(c: &Case) -> Result<Vec<String>, String> {
    let a = &c.args;
    let o = &c.out;
    let m = c.mode;
    let p = match c.fn_name.as_str() {
        "q15_v_add" => {
            let (v1, v2): (Vec<i16>, Vec<i16>) = (arr(a, "vec1")?, arr(a, "vec2")?);
            let len: u32 = int(a, "len")?;
            let (s1, s2, sr, d): (i32, i32, i32, i32) = (
                int(a, "scvec1")?,
                int(a, "scvec2")?,
                int(a, "scret")?,
                int(a, "demote")?,
            );
            let exp: Vec<i16> = arr(o, "ret")?;
            let f = modal!(m, tinyrnn_q15_v_add_div, tinyrnn_q15_v_add_shift);
            let mut p = fresh_output("ret", &exp, |r| unsafe {
                f(v1.as_ptr(), v2.as_ptr(), len, r, s1, s2, sr, d)
            });
            // In place, as the FastGRNN kernels call it: ret aliases vec1.
            let mut inplace = Guarded::from_slice(&v1);
            let rp = inplace.ptr();
            unsafe { f(rp, v2.as_ptr(), len, rp, s1, s2, sr, d) };
            p.extend(diff("ret (in place, ret == vec1)", &exp, inplace.body()));
            p.extend(inplace.overrun("ret (in place, ret == vec1)"));
            p
        }
        "q7_v_sub" => {
            let (v1, v2): (Vec<i8>, Vec<i8>) = (arr(a, "vec1")?, arr(a, "vec2")?);
            let len: u32 = int(a, "len")?;
            let (s1, s2, sr): (i32, i32, i32) =
                (int(a, "scvec1")?, int(a, "scvec2")?, int(a, "scret")?);
            let f = modal!(m, tinyrnn_q7_v_sub_div, tinyrnn_q7_v_sub_shift);
            fresh_output("ret", &arr::<i8>(o, "ret")?, |r| unsafe {
                f(v1.as_ptr(), v2.as_ptr(), len, r, s1, s2, sr)
            })
        }
        "q15_v_sub" => {
            let (v1, v2): (Vec<i16>, Vec<i16>) = (arr(a, "vec1")?, arr(a, "vec2")?);
            let len: u32 = int(a, "len")?;
            let (s1, s2, sr): (i32, i32, i32) =
                (int(a, "scvec1")?, int(a, "scvec2")?, int(a, "scret")?);
            let f = modal!(m, tinyrnn_q15_v_sub_div, tinyrnn_q15_v_sub_shift);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(v1.as_ptr(), v2.as_ptr(), len, r, s1, s2, sr)
            })
        }
        "q7_v_hadamard" => {
            let (v1, v2): (Vec<i8>, Vec<i8>) = (arr(a, "vec1")?, arr(a, "vec2")?);
            let len: u32 = int(a, "len")?;
            let (s1, s2): (i32, i32) = (int(a, "scvec1")?, int(a, "scvec2")?);
            let f = modal!(m, tinyrnn_q7_v_hadamard_div, tinyrnn_q7_v_hadamard_shift);
            fresh_output("ret", &arr::<i8>(o, "ret")?, |r| unsafe {
                f(v1.as_ptr(), v2.as_ptr(), len, r, s1, s2)
            })
        }
        "q15_v_hadamard" => {
            let (v1, v2): (Vec<i16>, Vec<i16>) = (arr(a, "vec1")?, arr(a, "vec2")?);
            let len: u32 = int(a, "len")?;
            let (s1, s2): (i32, i32) = (int(a, "scvec1")?, int(a, "scvec2")?);
            let f = modal!(m, tinyrnn_q15_v_hadamard_div, tinyrnn_q15_v_hadamard_shift);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(v1.as_ptr(), v2.as_ptr(), len, r, s1, s2)
            })
        }
        "q15_v_sigmoid" => {
            let v: Vec<i16> = arr(a, "vec")?;
            let len: u32 = int(a, "len")?;
            let (div, add, lim): (i16, i16, i16) =
                (int(a, "div")?, int(a, "add")?, int(a, "sigmoid_limit")?);
            let (si, so): (i32, i32) = (int(a, "scale_in")?, int(a, "scale_out")?);
            let tables: u32 = int(a, "use_tables")?;
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                tinyrnn_q15_v_sigmoid(v.as_ptr(), len, r, div, add, lim, si, so, tables)
            })
        }
        "q15_v_tanh" => {
            let v: Vec<i16> = arr(a, "vec")?;
            let len: u32 = int(a, "len")?;
            let (si, so): (i32, i32) = (int(a, "scale_in")?, int(a, "scale_out")?);
            let tables: u32 = int(a, "use_tables")?;
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                tinyrnn_q15_v_tanh(v.as_ptr(), len, r, si, so, tables)
            })
        }
        name @ ("q15_v_scalar_add" | "q15_v_scalar_sub") => {
            let scalar: i16 = int(a, "scalar")?;
            let v: Vec<i16> = arr(a, "vec")?;
            let len: u32 = int(a, "len")?;
            let (ss, sv, sr): (i32, i32, i32) =
                (int(a, "scscalar")?, int(a, "scvec")?, int(a, "scret")?);
            let f = if name == "q15_v_scalar_add" {
                modal!(
                    m,
                    tinyrnn_q15_v_scalar_add_div,
                    tinyrnn_q15_v_scalar_add_shift
                )
            } else {
                modal!(
                    m,
                    tinyrnn_q15_v_scalar_sub_div,
                    tinyrnn_q15_v_scalar_sub_shift
                )
            };
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(scalar, v.as_ptr(), len, r, ss, sv, sr)
            })
        }
        "q15_v_scalar_mul" => {
            let scalar: i16 = int(a, "scalar")?;
            let v: Vec<i16> = arr(a, "vec")?;
            let len: u32 = int(a, "len")?;
            let (ss, sv): (i32, i32) = (int(a, "scscalar")?, int(a, "scvec")?);
            let f = modal!(
                m,
                tinyrnn_q15_v_scalar_mul_div,
                tinyrnn_q15_v_scalar_mul_shift
            );
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(scalar, v.as_ptr(), len, r, ss, sv)
            })
        }
        "q15_v_argmax" => {
            let v: Vec<i16> = arr(a, "vec")?;
            let len: u32 = int(a, "len")?;
            let exp: u32 = int(o, "ret")?;
            fresh_output("ret", &[exp], |r| unsafe {
                tinyrnn_q15_v_argmax(v.as_ptr(), len, r)
            })
        }
        name @ ("q15_v_scale_up" | "q15_v_scale_down") => {
            let v: Vec<i16> = arr(a, "vec")?;
            let len: u32 = int(a, "len")?;
            let sv: i32 = int(a, "scvec")?;
            let f = if name == "q15_v_scale_up" {
                modal!(m, tinyrnn_q15_v_scale_up_div, tinyrnn_q15_v_scale_up_shift)
            } else {
                modal!(
                    m,
                    tinyrnn_q15_v_scale_down_div,
                    tinyrnn_q15_v_scale_down_shift
                )
            };
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(v.as_ptr(), len, r, sv)
            })
        }
        "q15_m_reverse" => {
            let mat: Vec<i16> = arr(a, "mat")?;
            let (nr, nc, axis): (u32, u32, u32) =
                (int(a, "nrows")?, int(a, "ncols")?, int(a, "axis")?);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                tinyrnn_q15_m_reverse(mat.as_ptr(), nr, nc, axis, r)
            })
        }
        "q15xq7_q15_m_mulvec" => {
            let mat: Vec<i16> = arr(a, "mat")?;
            let v: Vec<i8> = arr(a, "vec")?;
            let (nr, nc): (u32, u32) = (int(a, "nrows")?, int(a, "ncols")?);
            let (sm, sv, sr): (i32, i32, i32) =
                (int(a, "scmat")?, int(a, "scvec")?, int(a, "scret")?);
            let f = modal!(
                m,
                tinyrnn_q15xq7_q15_m_mulvec_div,
                tinyrnn_q15xq7_q15_m_mulvec_shift
            );
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(mat.as_ptr(), v.as_ptr(), nr, nc, r, sm, sv, sr)
            })
        }
        "q15_m_mulvec" => {
            let mat: Vec<i16> = arr(a, "mat")?;
            let v: Vec<i16> = arr(a, "vec")?;
            let (nr, nc): (u32, u32) = (int(a, "nrows")?, int(a, "ncols")?);
            let (sm, sv, sr): (i32, i32, i32) =
                (int(a, "scmat")?, int(a, "scvec")?, int(a, "scret")?);
            let f = modal!(m, tinyrnn_q15_m_mulvec_div, tinyrnn_q15_m_mulvec_shift);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(mat.as_ptr(), v.as_ptr(), nr, nc, r, sm, sv, sr)
            })
        }
        "q15xq7_q15_m_sparse_mulvec" => {
            let ids: Vec<u32> = arr(a, "row_indices")?;
            let vals: Vec<i16> = arr(a, "mat_values")?;
            let v: Vec<i8> = arr(a, "vec")?;
            let nelem: u32 = int(a, "nelem")?;
            let (sm, sv, sr): (i32, i32, i32) =
                (int(a, "scmat")?, int(a, "scvec")?, int(a, "scret")?);
            let f = modal!(
                m,
                tinyrnn_q15xq7_q15_m_sparse_mulvec_div,
                tinyrnn_q15xq7_q15_m_sparse_mulvec_shift
            );
            accumulated_output(
                "ret",
                &arr::<i16>(a, "ret_in")?,
                &arr::<i16>(o, "ret")?,
                |r| unsafe {
                    f(
                        ids.as_ptr(),
                        vals.as_ptr(),
                        v.as_ptr(),
                        nelem,
                        r,
                        sm,
                        sv,
                        sr,
                    )
                },
            )
        }
        "q15_m_sparse_mulvec" => {
            let ids: Vec<u32> = arr(a, "row_indices")?;
            let vals: Vec<i16> = arr(a, "mat_values")?;
            let v: Vec<i16> = arr(a, "vec")?;
            let nelem: u32 = int(a, "nelem")?;
            let (sm, sv, sr): (i32, i32, i32) =
                (int(a, "scmat")?, int(a, "scvec")?, int(a, "scret")?);
            let f = modal!(
                m,
                tinyrnn_q15_m_sparse_mulvec_div,
                tinyrnn_q15_m_sparse_mulvec_shift
            );
            accumulated_output(
                "ret",
                &arr::<i16>(a, "ret_in")?,
                &arr::<i16>(o, "ret")?,
                |r| unsafe {
                    f(
                        ids.as_ptr(),
                        vals.as_ptr(),
                        v.as_ptr(),
                        nelem,
                        r,
                        sm,
                        sv,
                        sr,
                    )
                },
            )
        }
        "q7_t_add" => {
            let (t1, t2): (Vec<i8>, Vec<i8>) = (arr(a, "ten1")?, arr(a, "ten2")?);
            let [nb, nr, nc, nch] = tensor_dims(a)?;
            let (s1, s2, sr): (i32, i32, i32) =
                (int(a, "scten1")?, int(a, "scten2")?, int(a, "scret")?);
            let f = modal!(m, tinyrnn_q7_t_add_div, tinyrnn_q7_t_add_shift);
            fresh_output("ret", &arr::<i8>(o, "ret")?, |r| unsafe {
                f(t1.as_ptr(), t2.as_ptr(), nb, nr, nc, nch, r, s1, s2, sr)
            })
        }
        "q15_t_add" => {
            let (t1, t2): (Vec<i16>, Vec<i16>) = (arr(a, "ten1")?, arr(a, "ten2")?);
            let [nb, nr, nc, nch] = tensor_dims(a)?;
            let (s1, s2, sr): (i32, i32, i32) =
                (int(a, "scten1")?, int(a, "scten2")?, int(a, "scret")?);
            let f = modal!(m, tinyrnn_q15_t_add_div, tinyrnn_q15_t_add_shift);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(t1.as_ptr(), t2.as_ptr(), nb, nr, nc, nch, r, s1, s2, sr)
            })
        }
        "q7xq15_q7_t_add_vec" => {
            let t: Vec<i8> = arr(a, "ten")?;
            let v: Vec<i16> = arr(a, "vec")?;
            let [nb, nr, nc, nch] = tensor_dims(a)?;
            let (st, sv, sr): (i32, i32, i32) =
                (int(a, "scten")?, int(a, "scvec")?, int(a, "scret")?);
            let f = modal!(
                m,
                tinyrnn_q7xq15_q7_t_add_vec_div,
                tinyrnn_q7xq15_q7_t_add_vec_shift
            );
            fresh_output("ret", &arr::<i8>(o, "ret")?, |r| unsafe {
                f(t.as_ptr(), v.as_ptr(), nb, nr, nc, nch, r, st, sv, sr)
            })
        }
        "q15_t_add_vec" => {
            let t: Vec<i16> = arr(a, "ten")?;
            let v: Vec<i16> = arr(a, "vec")?;
            let [nb, nr, nc, nch] = tensor_dims(a)?;
            let (st, sv, sr): (i32, i32, i32) =
                (int(a, "scten")?, int(a, "scvec")?, int(a, "scret")?);
            let f = modal!(m, tinyrnn_q15_t_add_vec_div, tinyrnn_q15_t_add_vec_shift);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(t.as_ptr(), v.as_ptr(), nb, nr, nc, nch, r, st, sv, sr)
            })
        }
        "q7_t_relu" => {
            let t: Vec<i8> = arr(a, "ten")?;
            let [nb, nr, nc, nch] = tensor_dims(a)?;
            let (limit, div): (i8, i8) = (int(a, "limit")?, int(a, "div")?);
            fresh_output("ret", &arr::<i8>(o, "ret")?, |r| unsafe {
                tinyrnn_q7_t_relu(t.as_ptr(), nb, nr, nc, nch, r, limit, div)
            })
        }
        "q15_t_l2_norm" => {
            let t: Vec<i16> = arr(a, "ten")?;
            let [nb, nr, nc, nch] = tensor_dims(a)?;
            let (si, so): (i32, i32) = (int(a, "scale_in")?, int(a, "scale_out")?);
            let f = modal!(m, tinyrnn_q15_t_l2_norm_div, tinyrnn_q15_t_l2_norm_shift);
            fresh_output("ret", &arr::<i16>(o, "ret")?, |r| unsafe {
                f(t.as_ptr(), nb, nr, nc, nch, r, si, so)
            })
        }
        "q7xq15_q7_convolution" => {
            let input: Vec<i8> = arr(a, "input")?;
            let filter: Vec<i16> = arr(a, "filter")?;
            let g = ConvGeom::parse(a)?;
            let f = modal!(
                m,
                tinyrnn_q7xq15_q7_convolution_div,
                tinyrnn_q7xq15_q7_convolution_shift
            );
            let exp: Vec<i8> = arr(o, "output")?;
            g.check_output_len(exp.len())?;
            fresh_output("output", &exp, |out| unsafe {
                f(
                    input.as_ptr(),
                    filter.as_ptr(),
                    out,
                    g.N,
                    g.H,
                    g.W,
                    g.CIn,
                    g.HF,
                    g.WF,
                    g.CF,
                    g.COut,
                    g.HOut,
                    g.WOut,
                    g.G,
                    g.HPadU,
                    g.HPadD,
                    g.WPadL,
                    g.WPadR,
                    g.HStride,
                    g.WStride,
                    g.HDilation,
                    g.WDilation,
                    g.scinput,
                    g.scoutput,
                    g.demote,
                )
            })
        }
        "q7xq15_q15_convolution" => {
            let input: Vec<i8> = arr(a, "input")?;
            let filter: Vec<i16> = arr(a, "filter")?;
            let g = ConvGeom::parse(a)?;
            let f = modal!(
                m,
                tinyrnn_q7xq15_q15_convolution_div,
                tinyrnn_q7xq15_q15_convolution_shift
            );
            let exp: Vec<i16> = arr(o, "output")?;
            g.check_output_len(exp.len())?;
            fresh_output("output", &exp, |out| unsafe {
                f(
                    input.as_ptr(),
                    filter.as_ptr(),
                    out,
                    g.N,
                    g.H,
                    g.W,
                    g.CIn,
                    g.HF,
                    g.WF,
                    g.CF,
                    g.COut,
                    g.HOut,
                    g.WOut,
                    g.G,
                    g.HPadU,
                    g.HPadD,
                    g.WPadL,
                    g.WPadR,
                    g.HStride,
                    g.WStride,
                    g.HDilation,
                    g.WDilation,
                    g.scinput,
                    g.scoutput,
                    g.demote,
                )
            })
        }
        "q15_convolution" => {
            let input: Vec<i16> = arr(a, "input")?;
            let filter: Vec<i16> = arr(a, "filter")?;
            let g = ConvGeom::parse(a)?;
            let f = modal!(
                m,
                tinyrnn_q15_convolution_div,
                tinyrnn_q15_convolution_shift
            );
            let exp: Vec<i16> = arr(o, "output")?;
            g.check_output_len(exp.len())?;
            fresh_output("output", &exp, |out| unsafe {
                f(
                    input.as_ptr(),
                    filter.as_ptr(),
                    out,
                    g.N,
                    g.H,
                    g.W,
                    g.CIn,
                    g.HF,
                    g.WF,
                    g.CF,
                    g.COut,
                    g.HOut,
                    g.WOut,
                    g.G,
                    g.HPadU,
                    g.HPadD,
                    g.WPadL,
                    g.WPadR,
                    g.HStride,
                    g.WStride,
                    g.HDilation,
                    g.WDilation,
                    g.scinput,
                    g.scoutput,
                    g.demote,
                )
            })
        }
        "q15_fastgrnn" => run_q15_fastgrnn(c)?,
        "q7xq15_q15_fastgrnn" => run_q7xq15_fastgrnn(c)?,
        "q15_fastgrnn_lr" => run_q15_fastgrnn_lr(c)?,
        "q15_rnnpool_block" => run_rnnpool(c, false)?,
        "q7xq15_q15_rnnpool_block" => run_rnnpool(c, true)?,
        "q15_fastgrnn_missing_buffer" => run_missing_buffer(c, false)?,
        "q15_fastgrnn_lr_missing_buffer" => run_missing_buffer(c, true)?,
        other => {
            return Err(format!(
                "unknown quantized function `{other}`: the harness does not know how to replay it"
            ))
        }
    };
    Ok(p)
}

fn tensor_dims(a: &Map<String, Value>) -> Result<[u32; 4], String> {
    Ok([
        int(a, "nbatches")?,
        int(a, "nrows")?,
        int(a, "ncols")?,
        int(a, "nchannels")?,
    ])
}

/// The scalar arguments of the three convolutions.
struct ConvGeom {
    N: u32,
    H: u32,
    W: u32,
    CIn: u32,
    HF: u32,
    WF: u32,
    CF: u32,
    COut: u32,
    HOut: u32,
    WOut: u32,
    G: u32,
    HPadU: i32,
    HPadD: i32,
    WPadL: i32,
    WPadR: i32,
    HStride: u32,
    WStride: u32,
    HDilation: u32,
    WDilation: u32,
    scinput: i32,
    scoutput: i32,
    demote: i32,
}

impl ConvGeom {
    fn parse(a: &Map<String, Value>) -> Result<Self, String> {
        Ok(ConvGeom {
            N: int(a, "N")?,
            H: int(a, "H")?,
            W: int(a, "W")?,
            CIn: int(a, "CIn")?,
            HF: int(a, "HF")?,
            WF: int(a, "WF")?,
            CF: int(a, "CF")?,
            COut: int(a, "COut")?,
            HOut: int(a, "HOut")?,
            WOut: int(a, "WOut")?,
            G: int(a, "G")?,
            HPadU: int(a, "HPadU")?,
            HPadD: int(a, "HPadD")?,
            WPadL: int(a, "WPadL")?,
            WPadR: int(a, "WPadR")?,
            HStride: int(a, "HStride")?,
            WStride: int(a, "WStride")?,
            HDilation: int(a, "HDilation")?,
            WDilation: int(a, "WDilation")?,
            scinput: int(a, "scinput")?,
            scoutput: int(a, "scoutput")?,
            demote: int(a, "demote")?,
        })
    }
    /// The output is `N*HOut*WOut*COut*G` elements; a vector disagreeing with
    /// that would mean the harness misreads the format.
    fn check_output_len(&self, len: usize) -> Result<(), String> {
        let n = [self.N, self.HOut, self.WOut, self.COut, self.G]
            .iter()
            .map(|&d| d as usize)
            .product::<usize>();
        if n == len {
            Ok(())
        } else {
            Err(format!(
                "`out.output` has {len} elements but N*HOut*WOut*COut*G = {n}"
            ))
        }
    }
}

/// Scratch buffers of one FastGRNN call, each with a guard tail.
struct Scratch {
    pre: [Guarded<i16>; 3],
    norm_q15: Guarded<i16>,
    norm_q7: Guarded<i8>,
    temp_lrw: Guarded<i16>,
    temp_lru: Guarded<i16>,
}

impl Scratch {
    fn new(hidden_dims: usize, input_dims: usize, w_rank: usize, u_rank: usize) -> Self {
        let f16 = <i16 as Elem>::SENTINELS[0];
        Scratch {
            pre: [0, 1, 2].map(|_| Guarded::filled(hidden_dims, f16)),
            norm_q15: Guarded::filled(input_dims, f16),
            norm_q7: Guarded::filled(input_dims, <i8 as Elem>::SENTINELS[0]),
            temp_lrw: Guarded::filled(w_rank, f16),
            temp_lru: Guarded::filled(u_rank, f16),
        }
    }
    fn q15(&mut self) -> Q15_FastGRNN_Buffers {
        Q15_FastGRNN_Buffers {
            preComp1: self.pre[0].ptr(),
            preComp2: self.pre[1].ptr(),
            preComp3: self.pre[2].ptr(),
            normFeatures: self.norm_q15.ptr(),
        }
    }
    fn q7xq15(&mut self) -> Q7xQ15_FastGRNN_Buffers {
        Q7xQ15_FastGRNN_Buffers {
            preComp1: self.pre[0].ptr(),
            preComp2: self.pre[1].ptr(),
            preComp3: self.pre[2].ptr(),
            normFeatures: self.norm_q7.ptr(),
        }
    }
    fn lr(&mut self) -> Q15_FastGRNN_LR_Buffers {
        Q15_FastGRNN_LR_Buffers {
            preComp1: self.pre[0].ptr(),
            preComp2: self.pre[1].ptr(),
            preComp3: self.pre[2].ptr(),
            tempLRW: self.temp_lrw.ptr(),
            tempLRU: self.temp_lru.ptr(),
            normFeatures: self.norm_q15.ptr(),
        }
    }
    fn overruns(&self, prefix: &str) -> Vec<String> {
        let names = ["preComp1", "preComp2", "preComp3"];
        let mut v: Vec<String> = self
            .pre
            .iter()
            .zip(names)
            .filter_map(|(b, n)| b.overrun(&format!("{prefix}{n} (scratch)")))
            .collect();
        v.extend(
            self.norm_q15
                .overrun(&format!("{prefix}normFeatures (scratch)")),
        );
        v.extend(
            self.norm_q7
                .overrun(&format!("{prefix}normFeatures (scratch)")),
        );
        v.extend(self.temp_lrw.overrun(&format!("{prefix}tempLRW (scratch)")));
        v.extend(self.temp_lru.overrun(&format!("{prefix}tempLRU (scratch)")));
        v
    }
}

/// Arguments common to the three FastGRNN kernels.
struct RnnCall {
    hidden_state: Vec<i16>,
    hidden_dims: u32,
    input_dims: u32,
    steps: u32,
    backward: i32,
    normalize: i32,
}

impl RnnCall {
    fn parse(a: &Map<String, Value>) -> Result<Self, String> {
        let hidden_state: Vec<i16> = arr(a, "hiddenState")?;
        let hidden_dims: u32 = int(a, "hiddenDims")?;
        if hidden_state.len() != udim(hidden_dims) {
            return Err(format!(
                "`hiddenState` has {} elements, hiddenDims = {hidden_dims}",
                hidden_state.len()
            ));
        }
        Ok(RnnCall {
            hidden_state,
            hidden_dims,
            input_dims: int(a, "inputDims")?,
            steps: int(a, "steps")?,
            backward: int(a, "backward")?,
            normalize: int(a, "normalize")?,
        })
    }
}

/// Compares `rc` and the final hidden state of a FastGRNN call.
fn check_rnn_result(
    o: &Map<String, Value>,
    rc: i32,
    state: &Guarded<i16>,
    scratch: &Scratch,
) -> Result<Vec<String>, String> {
    let mut p = Vec::new();
    p.extend(check_rc(int(o, "rc")?, rc));
    p.extend(diff(
        "hiddenState",
        &arr::<i16>(o, "hiddenState")?,
        state.body(),
    ));
    p.extend(state.overrun("hiddenState"));
    p.extend(scratch.overruns(""));
    Ok(p)
}

fn run_q15_fastgrnn(c: &Case) -> Result<Vec<String>, String> {
    let a = &c.args;
    let call = RnnCall::parse(a)?;
    let input: Vec<i16> = arr(a, "input")?;
    let (mean, std_dev): (Option<Vec<i16>>, Option<Vec<i16>>) =
        (opt_arr(a, "mean")?, opt_arr(a, "stdDev")?);
    let w = SparseOrDense::parse(a)?;
    let (bg, bh): (Option<Vec<i16>>, Option<Vec<i16>>) = (opt_arr(a, "Bg")?, opt_arr(a, "Bh")?);
    let params = Q15_FastGRNN_Params {
        mean: ptr_of(&mean),
        stdDev: ptr_of(&std_dev),
        W: ptr_of(&w.W),
        Wids: ptr_of(&w.Wids),
        Wvals: ptr_of(&w.Wvals),
        U: ptr_of(&w.U),
        Uids: ptr_of(&w.Uids),
        Uvals: ptr_of(&w.Uvals),
        Bg: ptr_of(&bg),
        Bh: ptr_of(&bh),
        sigmoid_zeta: int(a, "sigmoid_zeta")?,
        sigmoid_nu: int(a, "sigmoid_nu")?,
    };
    let scales = dense_scales(get(a, "scales")?, "scales")?;
    let mut scratch = Scratch::new(udim(call.hidden_dims), udim(call.input_dims), 0, 0);
    let mut buffers = scratch.q15();
    let mut state = Guarded::from_slice(&call.hidden_state);
    let f = q15_fastgrnn_sym(c.mode, c.sparse);
    let rc = unsafe {
        f(
            state.ptr(),
            call.hidden_dims,
            input.as_ptr(),
            call.input_dims,
            call.steps,
            vptr(&params),
            (&mut buffers as *mut Q15_FastGRNN_Buffers).cast(),
            vptr(&scales),
            call.backward,
            call.normalize,
        )
    };
    check_rnn_result(&c.out, rc, &state, &scratch)
}

fn run_q7xq15_fastgrnn(c: &Case) -> Result<Vec<String>, String> {
    let a = &c.args;
    let call = RnnCall::parse(a)?;
    let input: Vec<i8> = arr(a, "input")?;
    let (mean, std_dev): (Option<Vec<i8>>, Option<Vec<i8>>) =
        (opt_arr(a, "mean")?, opt_arr(a, "stdDev")?);
    let w = SparseOrDense::parse(a)?;
    let (bg, bh): (Option<Vec<i16>>, Option<Vec<i16>>) = (opt_arr(a, "Bg")?, opt_arr(a, "Bh")?);
    let params = Q7xQ15_FastGRNN_Params {
        mean: ptr_of(&mean),
        stdDev: ptr_of(&std_dev),
        W: ptr_of(&w.W),
        Wids: ptr_of(&w.Wids),
        Wvals: ptr_of(&w.Wvals),
        U: ptr_of(&w.U),
        Uids: ptr_of(&w.Uids),
        Uvals: ptr_of(&w.Uvals),
        Bg: ptr_of(&bg),
        Bh: ptr_of(&bh),
        sigmoid_zeta: int(a, "sigmoid_zeta")?,
        sigmoid_nu: int(a, "sigmoid_nu")?,
    };
    let scales = dense_scales(get(a, "scales")?, "scales")?;
    let mut scratch = Scratch::new(udim(call.hidden_dims), udim(call.input_dims), 0, 0);
    let mut buffers = scratch.q7xq15();
    let mut state = Guarded::from_slice(&call.hidden_state);
    let f = q7xq15_fastgrnn_sym(c.mode, c.sparse);
    let rc = unsafe {
        f(
            state.ptr(),
            call.hidden_dims,
            input.as_ptr(),
            call.input_dims,
            call.steps,
            vptr(&params),
            (&mut buffers as *mut Q7xQ15_FastGRNN_Buffers).cast(),
            vptr(&scales),
            call.backward,
            call.normalize,
        )
    };
    check_rnn_result(&c.out, rc, &state, &scratch)
}

fn run_q15_fastgrnn_lr(c: &Case) -> Result<Vec<String>, String> {
    let a = &c.args;
    let call = RnnCall::parse(a)?;
    let input: Vec<i16> = arr(a, "input")?;
    let (mean, std_dev): (Option<Vec<i16>>, Option<Vec<i16>>) =
        (opt_arr(a, "mean")?, opt_arr(a, "stdDev")?);
    let w1: Option<Vec<i16>> = opt_arr(a, "W1")?;
    let w2: Option<Vec<i16>> = opt_arr(a, "W2")?;
    let u1: Option<Vec<i16>> = opt_arr(a, "U1")?;
    let u2: Option<Vec<i16>> = opt_arr(a, "U2")?;
    let (bg, bh): (Option<Vec<i16>>, Option<Vec<i16>>) = (opt_arr(a, "Bg")?, opt_arr(a, "Bh")?);
    let (w_rank, u_rank): (u32, u32) = (int(a, "wRank")?, int(a, "uRank")?);
    let params = Q15_FastGRNN_LR_Params {
        mean: ptr_of(&mean),
        stdDev: ptr_of(&std_dev),
        W1: ptr_of(&w1),
        W2: ptr_of(&w2),
        wRank: w_rank,
        U1: ptr_of(&u1),
        U2: ptr_of(&u2),
        uRank: u_rank,
        Bg: ptr_of(&bg),
        Bh: ptr_of(&bh),
        sigmoid_zeta: int(a, "sigmoid_zeta")?,
        sigmoid_nu: int(a, "sigmoid_nu")?,
    };
    let scales = lr_scales(get(a, "scales")?, "scales")?;
    let mut scratch = Scratch::new(
        udim(call.hidden_dims),
        udim(call.input_dims),
        udim(w_rank),
        udim(u_rank),
    );
    let mut buffers = scratch.lr();
    let mut state = Guarded::from_slice(&call.hidden_state);
    // Low-rank FastGRNN has no sparse form: the sparse files' LR cases use
    // the same symbol as the dense ones.
    let f = q15_fastgrnn_lr_sym(c.mode);
    let rc = unsafe {
        f(
            state.ptr(),
            call.hidden_dims,
            input.as_ptr(),
            call.input_dims,
            call.steps,
            vptr(&params),
            (&mut buffers as *mut Q15_FastGRNN_LR_Buffers).cast(),
            vptr(&scales),
            call.backward,
            call.normalize,
        )
    };
    check_rnn_result(&c.out, rc, &state, &scratch)
}

/// Dense `W`/`U` or sparse `Wids/Wvals`, `Uids/Uvals` (each may be null).
struct SparseOrDense {
    W: Option<Vec<i16>>,
    Wids: Option<Vec<u32>>,
    Wvals: Option<Vec<i16>>,
    U: Option<Vec<i16>>,
    Uids: Option<Vec<u32>>,
    Uvals: Option<Vec<i16>>,
}

impl SparseOrDense {
    fn parse(a: &Map<String, Value>) -> Result<Self, String> {
        Ok(SparseOrDense {
            W: opt_arr(a, "W")?,
            Wids: opt_arr(a, "Wids")?,
            Wvals: opt_arr(a, "Wvals")?,
            U: opt_arr(a, "U")?,
            Uids: opt_arr(a, "Uids")?,
            Uvals: opt_arr(a, "Uvals")?,
        })
    }
}

/// Dense weights of one of the two RNNs of an RNNPool case (`rnn1_*` / `rnn2_*`).
struct PoolRnn {
    w: Vec<i16>,
    u: Vec<i16>,
    bg: Vec<i16>,
    bh: Vec<i16>,
    zeta: i16,
    nu: i16,
    scales: Q15_FastGRNN_Scales,
}

impl PoolRnn {
    fn parse(a: &Map<String, Value>, prefix: &str) -> Result<Self, String> {
        let k = |s: &str| format!("{prefix}_{s}");
        Ok(PoolRnn {
            w: arr(a, &k("W"))?,
            u: arr(a, &k("U"))?,
            bg: arr(a, &k("Bg"))?,
            bh: arr(a, &k("Bh"))?,
            zeta: int(a, &k("zeta"))?,
            nu: int(a, &k("nu"))?,
            scales: dense_scales(get(a, &k("scales"))?, &k("scales"))?,
        })
    }
    fn q15_params(&self) -> Q15_FastGRNN_Params {
        Q15_FastGRNN_Params {
            mean: ptr::null(),
            stdDev: ptr::null(),
            W: self.w.as_ptr(),
            Wids: ptr::null(),
            Wvals: ptr::null(),
            U: self.u.as_ptr(),
            Uids: ptr::null(),
            Uvals: ptr::null(),
            Bg: self.bg.as_ptr(),
            Bh: self.bh.as_ptr(),
            sigmoid_zeta: self.zeta,
            sigmoid_nu: self.nu,
        }
    }
    fn q7xq15_params(&self) -> Q7xQ15_FastGRNN_Params {
        Q7xQ15_FastGRNN_Params {
            mean: ptr::null(),
            stdDev: ptr::null(),
            W: self.w.as_ptr(),
            Wids: ptr::null(),
            Wvals: ptr::null(),
            U: self.u.as_ptr(),
            Uids: ptr::null(),
            Uvals: ptr::null(),
            Bg: self.bg.as_ptr(),
            Bh: self.bh.as_ptr(),
            sigmoid_zeta: self.zeta,
            sigmoid_nu: self.nu,
        }
    }
}

type Q15PoolFn = unsafe extern "C" fn(*const i16, u32, u32, u32, q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32) -> i32;
type Q7PoolFn = unsafe extern "C" fn(*const i8, u32, u32, u32, q7xq15_q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32) -> i32;

/// `q15_rnnpool_block` (`q7_patch == false`, rnn1 = rnn2 = `q15_fastgrnn`) or
/// `q7xq15_q15_rnnpool_block` (rnn1 = `q7xq15_q15_fastgrnn`, rnn2 =
/// `q15_fastgrnn`), the dense FastGRNN of the case's mode as both cells:
/// run by the block of the dense build, which calls them directly, and by
/// the block of the sparse build, which calls them through their pointers.
fn run_rnnpool(c: &Case, q7_patch: bool) -> Result<Vec<String>, String> {
    let a = &c.args;
    let (input_dims, patch_dim, stride): (u32, u32, u32) =
        (int(a, "inputDims")?, int(a, "patchDim")?, int(a, "stride")?);
    let (hd1, hd2): (u32, u32) = (int(a, "hiddenDims1")?, int(a, "hiddenDims2")?);
    let (shr1, shl1, shr2, shl2): (i32, i32, i32, i32) = (
        int(a, "ShR1")?,
        int(a, "ShL1")?,
        int(a, "ShR2")?,
        int(a, "ShL2")?,
    );
    let rnn1 = PoolRnn::parse(a, "rnn1")?;
    let rnn2 = PoolRnn::parse(a, "rnn2")?;
    let exp_rc: i32 = int(&c.out, "rc")?;
    let exp_out: Vec<i16> = arr(&c.out, "output")?;
    if exp_out.len() != 4 * udim(hd2) {
        return Err(format!(
            "`out.output` has {} elements, 4*hiddenDims2 = {}",
            exp_out.len(),
            4 * hd2
        ));
    }
    let p1_q15 = rnn1.q15_params();
    let p1_q7 = rnn1.q7xq15_params();
    let p2 = rnn2.q15_params();
    let patch_q15: Vec<i16> = if q7_patch {
        Vec::new()
    } else {
        arr(a, "patch")?
    };
    let patch_q7: Vec<i8> = if q7_patch {
        arr(a, "patch")?
    } else {
        Vec::new()
    };
    let rnn2_fn: q15_rnn_t = Some(q15_fastgrnn_sym(c.mode, false));

    let mut problems = Vec::new();
    for (sentinel, through) in <i16 as Elem>::SENTINELS.into_iter().flat_map(|v| [(v, false), (v, true)]) {
        // rnn1 reads `inputDims` features per step; rnn2 reads rnn1's
        // `hiddenDims1` outputs per step.
        let mut s1 = Scratch::new(udim(hd1), udim(input_dims), 0, 0);
        let mut s2 = Scratch::new(udim(hd2), udim(hd1), 0, 0);
        let mut b2 = s2.q15();
        let mut output = Guarded::filled(exp_out.len(), sentinel);
        let mut buffer = Guarded::filled(udim(hd1) * udim(patch_dim), sentinel);
        let rc = if q7_patch {
            let mut b1 = s1.q7xq15();
            let f: Q7PoolFn = if through {
                modal!(c.mode, tinyrnn_q7xq15_q15_rnnpool_block_div_sparse, tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse)
            } else {
                modal!(c.mode, tinyrnn_q7xq15_q15_rnnpool_block_div_dense, tinyrnn_q7xq15_q15_rnnpool_block_shift_dense)
            };
            let rnn1_fn: q7xq15_q15_rnn_t = Some(q7xq15_fastgrnn_sym(c.mode, false));
            unsafe {
                f(
                    patch_q7.as_ptr(),
                    input_dims,
                    patch_dim,
                    stride,
                    rnn1_fn,
                    hd1,
                    vptr(&p1_q7),
                    (&mut b1 as *mut Q7xQ15_FastGRNN_Buffers).cast(),
                    vptr(&rnn1.scales),
                    rnn2_fn,
                    hd2,
                    vptr(&p2),
                    (&mut b2 as *mut Q15_FastGRNN_Buffers).cast(),
                    vptr(&rnn2.scales),
                    output.ptr(),
                    buffer.ptr(),
                    shr1,
                    shl1,
                    shr2,
                    shl2,
                )
            }
        } else {
            let mut b1 = s1.q15();
            let f: Q15PoolFn = if through {
                modal!(c.mode, tinyrnn_q15_rnnpool_block_div_sparse, tinyrnn_q15_rnnpool_block_shift_sparse)
            } else {
                modal!(c.mode, tinyrnn_q15_rnnpool_block_div_dense, tinyrnn_q15_rnnpool_block_shift_dense)
            };
            let rnn1_fn: q15_rnn_t = Some(q15_fastgrnn_sym(c.mode, false));
            unsafe {
                f(
                    patch_q15.as_ptr(),
                    input_dims,
                    patch_dim,
                    stride,
                    rnn1_fn,
                    hd1,
                    vptr(&p1_q15),
                    (&mut b1 as *mut Q15_FastGRNN_Buffers).cast(),
                    vptr(&rnn1.scales),
                    rnn2_fn,
                    hd2,
                    vptr(&p2),
                    (&mut b2 as *mut Q15_FastGRNN_Buffers).cast(),
                    vptr(&rnn2.scales),
                    output.ptr(),
                    buffer.ptr(),
                    shr1,
                    shl1,
                    shr2,
                    shl2,
                )
            }
        };
        problems.extend(check_rc(exp_rc, rc));
        if let Some(d) = diff("output", &exp_out, output.body()) {
            let path = if through { "sparse build's block, the cells through their pointers" } else { "cells called directly" };
            problems.push(format!("{d} [output pre-filled with {sentinel}; {path}]"));
        }
        problems.extend(output.overrun("output"));
        problems.extend(buffer.overrun("buffer (hiddenDims1*patchDim)"));
        problems.extend(s1.overruns("rnn1 "));
        problems.extend(s2.overruns("rnn2 "));
        if !problems.is_empty() {
            break;
        }
    }
    Ok(problems)
}

/// `*_missing_buffer`: a valid small FastGRNN (hiddenDims 4, inputDims 2,
/// 2 steps) whose Buffers struct has the field number `missing` set to NULL.
/// The expected result is an error code and an untouched hidden state.
/// The symbol matches the case's mode and, for `q15_fastgrnn`, its weight
/// storage (the vectors of the sparse files come from a `-DSPARSE` build), so
/// both dense and sparse weights are supplied.
fn run_missing_buffer(c: &Case, low_rank: bool) -> Result<Vec<String>, String> {
    const HD: u32 = 4;
    const ID: u32 = 2;
    const STEPS: u32 = 2;
    const RANK: u32 = 2;
    let missing: usize = int(&c.args, "missing")?;
    let n_fields = if low_rank { 6 } else { 4 };
    if missing >= n_fields {
        return Err(format!(
            "`missing` = {missing}, but the Buffers struct has {n_fields} fields"
        ));
    }
    let mut state = Guarded::from_slice(&[1i16, 2, 3, 4]);
    let input: Vec<i16> = vec![100, -200, 300, -400];
    // Small weights; sparse copies list every entry (column-major, 1-based
    // row numbers, 0 ends a column).
    let w: Vec<i16> = vec![120, -80, 60, -40, 30, -20, 10, -5];
    let u: Vec<i16> = (0..16).map(|i| (i as i16 - 8) * 25).collect();
    let ids = |ncols: usize| -> Vec<u32> { (0..ncols).flat_map(|_| [1, 2, 3, 4, 0]).collect() };
    let col_major = |m: &[i16], nrows: usize, ncols: usize| -> Vec<i16> {
        (0..ncols)
            .flat_map(|j| (0..nrows).map(move |i| m[i * ncols + j]))
            .collect()
    };
    let (wids, wvals) = (ids(udim(ID)), col_major(&w, udim(HD), udim(ID)));
    let (uids, uvals) = (ids(udim(HD)), col_major(&u, udim(HD), udim(HD)));
    let bg: Vec<i16> = vec![500, -500, 250, -250];
    let bh: Vec<i16> = vec![-300, 300, -150, 150];
    let w1: Vec<i16> = vec![100, -100, 50, -50]; // wRank x inputDims
    let w2: Vec<i16> = vec![70, -70, 35, -35, 20, -20, 10, -10]; // hiddenDims x wRank
    let u1: Vec<i16> = vec![40, -40, 30, -30, 20, -20, 10, -10]; // uRank x hiddenDims
    let u2: Vec<i16> = vec![90, -90, 45, -45, 25, -25, 15, -15]; // hiddenDims x uRank

    // Scales: neutral (divisor 1 / exponent 0), table activations.
    let neutral = match c.mode {
        Mode::Div => 1,
        Mode::Shift => 0,
    };
    let mut scale_obj = Map::new();
    let fields = if low_rank {
        LR_SCALE_FIELDS
    } else {
        DENSE_SCALE_FIELDS
    };
    for f in fields {
        let v = match *f {
            "div" => 2,
            "add" => 1024,
            "sigmoidLimit" => 2048,
            "qOne" => 16384,
            "useTableSigmoid" | "useTableTanH" => 1,
            _ => neutral,
        };
        scale_obj.insert((*f).to_owned(), Value::from(v));
    }
    let scale_obj = Value::Object(scale_obj);

    let mut scratch = Scratch::new(udim(HD), udim(ID), udim(RANK), udim(RANK));
    let rc = if low_rank {
        let scales = lr_scales(&scale_obj, "synthetic scales")?;
        let params = Q15_FastGRNN_LR_Params {
            mean: ptr::null(),
            stdDev: ptr::null(),
            W1: w1.as_ptr(),
            W2: w2.as_ptr(),
            wRank: RANK,
            U1: u1.as_ptr(),
            U2: u2.as_ptr(),
            uRank: RANK,
            Bg: bg.as_ptr(),
            Bh: bh.as_ptr(),
            sigmoid_zeta: 16384,
            sigmoid_nu: 1024,
        };
        let mut b = scratch.lr();
        match missing {
            0 => b.preComp1 = ptr::null_mut(),
            1 => b.preComp2 = ptr::null_mut(),
            2 => b.preComp3 = ptr::null_mut(),
            3 => b.tempLRW = ptr::null_mut(),
            4 => b.tempLRU = ptr::null_mut(),
            _ => b.normFeatures = ptr::null_mut(),
        }
        let f = q15_fastgrnn_lr_sym(c.mode);
        unsafe {
            f(
                state.ptr(),
                HD,
                input.as_ptr(),
                ID,
                STEPS,
                vptr(&params),
                (&mut b as *mut Q15_FastGRNN_LR_Buffers).cast(),
                vptr(&scales),
                0,
                0,
            )
        }
    } else {
        let scales = dense_scales(&scale_obj, "synthetic scales")?;
        let params = Q15_FastGRNN_Params {
            mean: ptr::null(),
            stdDev: ptr::null(),
            W: w.as_ptr(),
            Wids: wids.as_ptr(),
            Wvals: wvals.as_ptr(),
            U: u.as_ptr(),
            Uids: uids.as_ptr(),
            Uvals: uvals.as_ptr(),
            Bg: bg.as_ptr(),
            Bh: bh.as_ptr(),
            sigmoid_zeta: 16384,
            sigmoid_nu: 1024,
        };
        let mut b = scratch.q15();
        match missing {
            0 => b.preComp1 = ptr::null_mut(),
            1 => b.preComp2 = ptr::null_mut(),
            2 => b.preComp3 = ptr::null_mut(),
            _ => b.normFeatures = ptr::null_mut(),
        }
        let f = q15_fastgrnn_sym(c.mode, c.sparse);
        unsafe {
            f(
                state.ptr(),
                HD,
                input.as_ptr(),
                ID,
                STEPS,
                vptr(&params),
                (&mut b as *mut Q15_FastGRNN_Buffers).cast(),
                vptr(&scales),
                0,
                0,
            )
        }
    };
    let mut p = check_rnn_result(&c.out, rc, &state, &scratch)?;
    for msg in &mut p {
        msg.push_str(&format!(" [buffer field {missing} NULL]"));
    }
    Ok(p)
}

// ---------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------

struct Failure {
    line: usize,
    fn_name: String,
    mode: Mode,
    sparse: bool,
    case: i64,
    detail: String,
}

#[derive(Default)]
struct Tally {
    checked: usize,
    failed_cases: usize,
}

fn ci_requires_vectors() -> bool {
    match std::env::var("CI") {
        Ok(v) => {
            let v = v.trim();
            !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false"))
        }
        Err(_) => false,
    }
}

/// `Some(dir)` if the vectors are there; `None` (after a loud warning) if
/// they are missing outside CI; panics if they are missing under CI.
fn vectors_dir() -> Option<PathBuf> {
    let dir = Path::new(VECTORS_DIR);
    if dir.is_dir() {
        return Some(dir.to_path_buf());
    }
    if ci_requires_vectors() {
        panic!(
            "EdgeML reference vectors not found: expected the directory {} (resolved from \
             CARGO_MANIFEST_DIR/../shared/edgeml-vectors). CI is set, so missing vectors are an error.",
            dir.display()
        );
    }
    eprintln!(
        "\n==================== WARNING ====================\n\
         EdgeML reference vectors not found at {}\n\
         SKIPPING the bit-exactness replay (set CI=true to make this an error).\n\
         =================================================\n",
        dir.display()
    );
    None
}

/// Replays every quantized case of `file`; `mode`/`sparse` are what every
/// line of that file must declare.
fn replay_file(file: &str, mode: Mode, sparse: bool) {
    let Some(dir) = vectors_dir() else { return };
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} (the vectors directory exists, so the file must): {e}",
            path.display()
        )
    });

    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut skipped_float: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut harness_errors: Vec<String> = Vec::new();

    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        if line.trim().is_empty() {
            continue;
        }
        let c = match parse_line(line_no, line) {
            Ok(c) => c,
            Err(e) => {
                harness_errors.push(format!("{file}:{line_no}: {e}"));
                continue;
            }
        };
        if !is_quantized(&c.fn_name) {
            *skipped_float.entry(c.fn_name).or_default() += 1;
            continue;
        }
        if c.mode != mode || c.sparse != sparse {
            harness_errors.push(format!(
                "{file}:{line_no}: {} case {} declares mode {:?} sparse {}, but every case of {file} should be {mode:?} sparse {sparse}",
                c.fn_name, c.case, c.mode, c.sparse
            ));
            continue;
        }
        match run_case(&c) {
            Ok(problems) => {
                let t = tally.entry(c.fn_name.clone()).or_default();
                t.checked += 1;
                if !problems.is_empty() {
                    t.failed_cases += 1;
                }
                for detail in problems {
                    failures.push(Failure {
                        line: c.line,
                        fn_name: c.fn_name.clone(),
                        mode: c.mode,
                        sparse: c.sparse,
                        case: c.case,
                        detail,
                    });
                }
            }
            Err(e) => harness_errors.push(format!(
                "{file}:{line_no}: {} case {}: cannot replay: {e}",
                c.fn_name, c.case
            )),
        }
    }

    // One print per file, so that parallel tests do not interleave lines.
    let total: usize = tally.values().map(|t| t.checked).sum();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "\n== {file}: {total} quantized cases checked through the C ABI"
    );
    for (name, t) in &tally {
        let status = if t.failed_cases == 0 {
            "ok".to_owned()
        } else {
            format!("{} FAILED", t.failed_cases)
        };
        let _ = writeln!(
            report,
            "   {file} {name:<32} {:>5} cases  {status}",
            t.checked
        );
    }
    if !skipped_float.is_empty() {
        let n: usize = skipped_float.values().sum();
        let names: Vec<&str> = skipped_float.keys().map(String::as_str).collect();
        let _ = writeln!(
            report,
            "   {file} skipped {n} float-API cases ({}): covered by another test",
            names.join(", ")
        );
    }
    println!("{report}");

    let mut msg = String::new();
    if total == 0 {
        let _ = writeln!(
            msg,
            "{file}: no quantized case was checked ({}).",
            path.display()
        );
    }
    if !harness_errors.is_empty() {
        let _ = writeln!(
            msg,
            "{file}: {} case(s) could not be replayed:",
            harness_errors.len()
        );
        for e in harness_errors.iter().take(SHOW_FIRST) {
            let _ = writeln!(msg, "  {e}");
        }
    }
    if !failures.is_empty() {
        let failed_cases: usize = tally.values().map(|t| t.failed_cases).sum();
        let _ = writeln!(
            msg,
            "{file}: {failed_cases} of {total} cases are not bit-exact ({} mismatches); first {}:",
            failures.len(),
            failures.len().min(SHOW_FIRST)
        );
        for f in failures.iter().take(SHOW_FIRST) {
            let storage = if f.sparse { ", sparse" } else { "" };
            let _ = writeln!(
                msg,
                "  {file}:{} {} [{:?}{storage}] case {}: {}",
                f.line, f.fn_name, f.mode, f.case, f.detail
            );
        }
        let per_fn: Vec<String> = tally
            .iter()
            .filter(|(_, t)| t.failed_cases > 0)
            .map(|(n, t)| format!("{n}: {}/{}", t.failed_cases, t.checked))
            .collect();
        let _ = writeln!(msg, "  failing cases per function: {}", per_fn.join(", "));
    }
    if !msg.is_empty() {
        panic!("\n{msg}");
    }
}

#[test]
fn div_vectors_replay_bit_exact_through_c_abi() {
    replay_file("div.jsonl", Mode::Div, false);
}

#[test]
fn shift_vectors_replay_bit_exact_through_c_abi() {
    replay_file("shift.jsonl", Mode::Shift, false);
}

#[test]
fn div_sparse_vectors_replay_bit_exact_through_c_abi() {
    replay_file("div_sparse.jsonl", Mode::Div, true);
}

#[test]
fn shift_sparse_vectors_replay_bit_exact_through_c_abi() {
    replay_file("shift_sparse.jsonl", Mode::Shift, true);
}
