//! Replays every float-API case of EdgeML's recorded reference vectors
//! (`../shared/edgeml-vectors/div.jsonl`; format in that directory's README)
//! through the library's C ABI (`tinyrnn_fastgrnn`, `tinyrnn_matVec`, …).
//!
//! - Reports, per function, how many output elements match the reference bit
//!   for bit and the largest difference in ULPs (printed, and written to
//!   `float-vectors-report.txt` in Cargo's test tmp dir). Fails if any element
//!   is more than 2 ULPs away, or any return code differs.
//! - Outputs that a function overwrites are pre-filled with a sentinel and the
//!   call is repeated with a second sentinel, so an element the library does
//!   not write cannot pass by coincidence; every output and scratch buffer has
//!   a guard tail that must come back untouched. Functions that read their
//!   output (`matVec`, `FC` through its `alpha = 0` `matVec`, FastGRNN's
//!   `preComp`) get finite sentinels, as any real buffer would hold.
//! - Element-wise functions and `softmax` are replayed in place too (output
//!   aliasing an input, as FastGRNN and FC call them) and must give the same
//!   bits.
//! - The RNNPool cases pool with `tinyrnn_fastgrnn` as `rnn1` and `rnn2`.
//! - When the vectors are missing the test fails if `CI` is set (to anything
//!   but ``, `0` or `false`), and otherwise warns and passes.
//!
//! A second test checks the float headers against `src/ffi/float.rs`: every
//! exported `tinyrnn_*` function is declared once by `include/tinyrnn_float.h`
//! (in the `tinyrnn_float_generated.h` it includes), and every EdgeML name is
//! mapped by its header.
#![allow(non_snake_case)]

use std::collections::BTreeMap;
use std::ffi::{c_int, c_uint, c_void};
use std::fmt::Write as _;
use std::ptr;

use serde_json::{Map, Value};
use tinyrnn as _;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/edgeml-vectors/div.jsonl");
/// Largest accepted distance from the reference, in ULPs.
const MAX_ULPS: u64 = 2;
/// Elements after each output or scratch buffer that must stay untouched.
const GUARD: usize = 4;
const GUARD_BITS: u32 = 0x7fa5_a5a5;
/// Sentinel pairs: for outputs that are only written, and for buffers that are read first.
const WRITE_ONLY: [u32; 2] = [0x7fc0_dead, 0xff80_0001];
const READ_FIRST: [u32; 2] = [0x449a_5000, 0xbf40_0000]; // 1234.5, -0.75

#[repr(C)]
struct FastGRNN_Params {
    mean: *mut f32,
    stdDev: *mut f32,
    W: *mut f32,
    U: *mut f32,
    Bg: *mut f32,
    Bh: *mut f32,
    sigmoid_zeta: f32,
    sigmoid_nu: f32,
}

#[repr(C)]
struct FastGRNN_Buffers {
    preComp: *mut f32,
    normFeatures: *mut f32,
}

#[repr(C)]
struct FastGRNN_LR_Params {
    mean: *mut f32,
    stdDev: *mut f32,
    W1: *mut f32,
    W2: *mut f32,
    wRank: c_uint,
    U1: *mut f32,
    U2: *mut f32,
    uRank: c_uint,
    Bg: *mut f32,
    Bh: *mut f32,
    sigmoid_zeta: f32,
    sigmoid_nu: f32,
}

#[repr(C)]
struct FastGRNN_LR_Buffers {
    preComp: *mut f32,
    tempLRW: *mut f32,
    tempLRU: *mut f32,
    normFeatures: *mut f32,
}

type Rnn = unsafe extern "C" fn(
    *mut f32,
    c_uint,
    *const f32,
    c_uint,
    c_uint,
    *const c_void,
    *mut c_void,
    c_int,
    c_int,
) -> c_int;

extern "C" {
    fn tinyrnn_v_relu(vec: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_sigmoid(vec: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_tanh(vec: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_quantSigmoid(vec: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_quantTanh(vec: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_add(scalar1: f32, vec1: *const f32, scalar2: f32, vec2: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_mult(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_v_div(vec1: *const f32, vec2: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_matVec(
        mat: *const f32,
        vec: *const f32,
        nrows: c_uint,
        ncols: c_uint,
        alpha: f32,
        beta: f32,
        ret: *mut f32,
    );
    fn tinyrnn_l2squared(vec1: *const f32, vec2: *const f32, dim: c_uint) -> f32;
    fn tinyrnn_softmax(input: *const f32, len: c_uint, ret: *mut f32);
    fn tinyrnn_FC(
        FCweights: *const f32,
        FCbias: *const f32,
        input: *const f32,
        inputLen: c_uint,
        classScores: *mut f32,
        numClasses: c_uint,
    );
    fn tinyrnn_fastgrnn(
        hiddenState: *mut f32,
        hiddenDims: c_uint,
        input: *const f32,
        inputDims: c_uint,
        steps: c_uint,
        params: *const c_void,
        buffers: *mut c_void,
        backward: c_int,
        normalize: c_int,
    ) -> c_int;
    fn tinyrnn_fastgrnn_lr(
        hiddenState: *mut f32,
        hiddenDims: c_uint,
        input: *const f32,
        inputDims: c_uint,
        steps: c_uint,
        params: *const c_void,
        buffers: *mut c_void,
        backward: c_int,
        normalize: c_int,
    ) -> c_int;
    fn tinyrnn_rnnpool_block(
        patch: *const f32,
        inputDims: c_uint,
        patchDim: c_uint,
        stride: c_uint,
        rnn1: Option<Rnn>,
        hiddenDims1: c_uint,
        rnn1_params: *const c_void,
        rnn1_buffers: *mut c_void,
        rnn2: Option<Rnn>,
        hiddenDims2: c_uint,
        rnn2_params: *const c_void,
        rnn2_buffers: *mut c_void,
        output: *mut f32,
        buffer: *mut f32,
    ) -> c_int;
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

struct Case {
    line: usize,
    fn_name: String,
    number: u64,
    args: Map<String, Value>,
    out: Map<String, Value>,
}

impl Case {
    fn arg(&self, k: &str) -> Result<&Value, String> {
        self.args.get(k).ok_or_else(|| format!("missing arg `{k}`"))
    }

    fn uint(&self, k: &str) -> Result<u32, String> {
        let v = self.arg(k)?.as_u64().ok_or_else(|| format!("arg `{k}` is not an unsigned integer"))?;
        u32::try_from(v).map_err(|_| format!("arg `{k}` out of range"))
    }

    fn int(&self, k: &str) -> Result<c_int, String> {
        let v = self.arg(k)?.as_i64().ok_or_else(|| format!("arg `{k}` is not an integer"))?;
        c_int::try_from(v).map_err(|_| format!("arg `{k}` out of range"))
    }

    fn float(&self, k: &str) -> Result<f32, String> {
        Ok(f32::from_bits(self.uint(k)?))
    }

    fn floats(&self, k: &str) -> Result<Vec<f32>, String> {
        bits_array(self.arg(k)?, k).map(|b| b.into_iter().map(f32::from_bits).collect())
    }

    /// A float array argument that must hold at least `n` elements.
    fn floats_n(&self, k: &str, n: usize) -> Result<Vec<f32>, String> {
        let v = self.floats(k)?;
        if v.len() < n {
            return Err(format!("arg `{k}` has {} elements, the call needs {n}", v.len()));
        }
        Ok(v)
    }

    fn out_bits(&self, k: &str) -> Result<Vec<u32>, String> {
        let v = self.out.get(k).ok_or_else(|| format!("missing out `{k}`"))?;
        match v {
            Value::Array(_) => bits_array(v, k),
            _ => Ok(vec![v
                .as_u64()
                .and_then(|x| u32::try_from(x).ok())
                .ok_or_else(|| format!("out `{k}` malformed"))?]),
        }
    }

    fn out_rc(&self) -> Result<c_int, String> {
        let v = self.out.get("rc").and_then(Value::as_i64).ok_or("missing out `rc`")?;
        c_int::try_from(v).map_err(|_| "out `rc` out of range".to_string())
    }
}

fn bits_array(v: &Value, k: &str) -> Result<Vec<u32>, String> {
    let a = v.as_array().ok_or_else(|| format!("`{k}` is not an array"))?;
    a.iter()
        .map(|x| x.as_u64().and_then(|x| u32::try_from(x).ok()).ok_or_else(|| format!("`{k}` holds a non-u32 element")))
        .collect()
}

// ---------------------------------------------------------------------------
// Buffers with guard tails
// ---------------------------------------------------------------------------

/// `n` elements of `fill` followed by the guard tail.
fn guarded(n: usize, fill: u32) -> Vec<f32> {
    let mut v = vec![f32::from_bits(fill); n + GUARD];
    v[n..].iter_mut().for_each(|g| *g = f32::from_bits(GUARD_BITS));
    v
}

/// `data` followed by the guard tail.
fn guarded_from(data: &[f32]) -> Vec<f32> {
    let mut v = data.to_vec();
    v.extend(std::iter::repeat(f32::from_bits(GUARD_BITS)).take(GUARD));
    v
}

fn check_guard(v: &[f32], what: &str) -> Result<(), String> {
    let tail = &v[v.len() - GUARD..];
    if tail.iter().all(|g| g.to_bits() == GUARD_BITS) {
        Ok(())
    } else {
        Err(format!("wrote past the end of `{what}`"))
    }
}

fn body(v: &[f32]) -> Vec<u32> {
    v[..v.len() - GUARD].iter().map(|x| x.to_bits()).collect()
}

fn ptr_or_null(v: &mut [f32]) -> *mut f32 {
    if v.is_empty() {
        ptr::null_mut()
    } else {
        v.as_mut_ptr()
    }
}

// ---------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------

/// What a replay produced: named outputs (bit patterns) and an optional rc.
struct Got {
    outputs: Vec<(&'static str, Vec<u32>)>,
    rc: Option<c_int>,
}

fn got(name: &'static str, bits: Vec<u32>) -> Got {
    Got { outputs: vec![(name, bits)], rc: None }
}

/// Runs `call` once per sentinel and requires identical results.
fn twice(mut call: impl FnMut(u32) -> Result<Got, String>, sentinels: [u32; 2]) -> Result<Got, String> {
    let a = call(sentinels[0])?;
    let b = call(sentinels[1])?;
    if a.outputs != b.outputs || a.rc != b.rc {
        return Err("result depends on the previous contents of an output or scratch buffer".into());
    }
    Ok(a)
}

type Map1 = unsafe extern "C" fn(*const f32, c_uint, *mut f32);

fn replay_map1(c: &Case, f: Map1) -> Result<Got, String> {
    let len = c.uint("len")?;
    let vec = c.floats_n("vec", len as usize)?;
    let out = twice(
        |s| {
            let mut ret = guarded(len as usize, s);
            unsafe { f(vec.as_ptr(), len, ret.as_mut_ptr()) };
            check_guard(&ret, "ret")?;
            Ok(got("ret", body(&ret)))
        },
        WRITE_ONLY,
    )?;
    let mut inplace = guarded_from(&vec[..len as usize]);
    let p = inplace.as_mut_ptr();
    unsafe { f(p, len, p) };
    check_guard(&inplace, "ret")?;
    if body(&inplace) != out.outputs[0].1 {
        return Err("in-place call (ret == vec) differs".into());
    }
    Ok(out)
}

/// `v_add`, `v_mult`, `v_div` through one shape: `call(vec1, vec2, len, ret)`.
fn replay_map2(c: &Case, call: impl Fn(*const f32, *const f32, c_uint, *mut f32)) -> Result<Got, String> {
    let len = c.uint("len")?;
    let n = len as usize;
    let (v1, v2) = (c.floats_n("vec1", n)?, c.floats_n("vec2", n)?);
    let out = twice(
        |s| {
            let mut ret = guarded(n, s);
            call(v1.as_ptr(), v2.as_ptr(), len, ret.as_mut_ptr());
            check_guard(&ret, "ret")?;
            Ok(got("ret", body(&ret)))
        },
        WRITE_ONLY,
    )?;
    let mut a = guarded_from(&v1[..n]);
    call(a.as_ptr(), v2.as_ptr(), len, a.as_mut_ptr());
    let mut b = guarded_from(&v2[..n]);
    call(v1.as_ptr(), b.as_ptr(), len, b.as_mut_ptr());
    check_guard(&a, "ret")?;
    check_guard(&b, "ret")?;
    if body(&a) != out.outputs[0].1 || body(&b) != out.outputs[0].1 {
        return Err("in-place call (ret == vec1 or ret == vec2) differs".into());
    }
    Ok(out)
}

fn replay_mat_vec(c: &Case) -> Result<Got, String> {
    let (nrows, ncols) = (c.uint("nrows")?, c.uint("ncols")?);
    let mat = c.floats_n("mat", nrows as usize * ncols as usize)?;
    let vec = c.floats_n("vec", ncols as usize)?;
    let (alpha, beta) = (c.float("alpha")?, c.float("beta")?);
    let ret_in = match c.args.get("ret_in") {
        Some(_) => c.floats_n("ret_in", nrows as usize)?,
        None if alpha == 0.0 => vec![0.0; nrows as usize],
        None => return Err("matVec with alpha != 0 needs `ret_in`".into()),
    };
    let mut ret = guarded_from(&ret_in[..nrows as usize]);
    unsafe { tinyrnn_matVec(mat.as_ptr(), vec.as_ptr(), nrows, ncols, alpha, beta, ret.as_mut_ptr()) };
    check_guard(&ret, "ret")?;
    Ok(got("ret", body(&ret)))
}

fn replay_l2squared(c: &Case) -> Result<Got, String> {
    let dim = c.uint("dim")?;
    let (v1, v2) = (c.floats_n("vec1", dim as usize)?, c.floats_n("vec2", dim as usize)?);
    let r = unsafe { tinyrnn_l2squared(v1.as_ptr(), v2.as_ptr(), dim) };
    Ok(got("ret", vec![r.to_bits()]))
}

fn replay_softmax(c: &Case) -> Result<Got, String> {
    let len = c.uint("len")?;
    let input = c.floats_n("input", len as usize)?;
    let out = twice(
        |s| {
            let mut ret = guarded(len as usize, s);
            unsafe { tinyrnn_softmax(input.as_ptr(), len, ret.as_mut_ptr()) };
            check_guard(&ret, "ret")?;
            Ok(got("ret", body(&ret)))
        },
        WRITE_ONLY,
    )?;
    let mut inplace = guarded_from(&input[..len as usize]);
    let p = inplace.as_mut_ptr();
    unsafe { tinyrnn_softmax(p, len, p) };
    if body(&inplace) != out.outputs[0].1 {
        return Err("in-place call (ret == input) differs".into());
    }
    Ok(out)
}

fn replay_fc(c: &Case) -> Result<Got, String> {
    let (k, n) = (c.uint("inputLen")?, c.uint("numClasses")?);
    let w = c.floats_n("FCweights", k as usize * n as usize)?;
    let b = c.floats_n("FCbias", n as usize)?;
    let x = c.floats_n("input", k as usize)?;
    twice(
        |s| {
            let mut scores = guarded(n as usize, s);
            unsafe { tinyrnn_FC(w.as_ptr(), b.as_ptr(), x.as_ptr(), k, scores.as_mut_ptr(), n) };
            check_guard(&scores, "classScores")?;
            Ok(got("classScores", body(&scores)))
        },
        READ_FIRST,
    )
}

/// The scalar sizes and flags shared by both FastGRNN cells.
struct Dims {
    hd: u32,
    id: u32,
    steps: u32,
    backward: c_int,
    normalize: c_int,
}

impl Dims {
    fn of(c: &Case) -> Result<Dims, String> {
        Ok(Dims {
            hd: c.uint("hiddenDims")?,
            id: c.uint("inputDims")?,
            steps: c.uint("steps")?,
            backward: c.int("backward")?,
            normalize: c.int("normalize")?,
        })
    }

    fn inputs(&self) -> usize {
        self.steps as usize * self.id as usize
    }

    fn norm(&self) -> usize {
        if self.normalize != 0 {
            self.inputs()
        } else {
            0
        }
    }
}

fn replay_fastgrnn(c: &Case) -> Result<Got, String> {
    let d = Dims::of(c)?;
    let (hd, id) = (d.hd as usize, d.id as usize);
    let state = c.floats_n("hiddenState", hd)?;
    let input = c.floats_n("input", d.inputs())?;
    let (mut mean, mut std_dev) = (c.floats_n("mean", d.norm())?, c.floats_n("stdDev", d.norm())?);
    let (mut w, mut u) = (c.floats_n("W", hd * id)?, c.floats_n("U", hd * hd)?);
    let (mut bg, mut bh) = (c.floats_n("Bg", hd)?, c.floats_n("Bh", hd)?);
    let params = FastGRNN_Params {
        mean: ptr_or_null(&mut mean),
        stdDev: ptr_or_null(&mut std_dev),
        W: ptr_or_null(&mut w),
        U: ptr_or_null(&mut u),
        Bg: ptr_or_null(&mut bg),
        Bh: ptr_or_null(&mut bh),
        sigmoid_zeta: c.float("sigmoid_zeta")?,
        sigmoid_nu: c.float("sigmoid_nu")?,
    };
    twice(
        |s| {
            let mut h = guarded_from(&state[..hd]);
            let (mut pre, mut nf) = (guarded(hd, s), guarded(id, s));
            let mut b = FastGRNN_Buffers { preComp: pre.as_mut_ptr(), normFeatures: nf.as_mut_ptr() };
            let rc = unsafe {
                tinyrnn_fastgrnn(
                    h.as_mut_ptr(),
                    d.hd,
                    input.as_ptr(),
                    d.id,
                    d.steps,
                    &params as *const _ as *const c_void,
                    &mut b as *mut _ as *mut c_void,
                    d.backward,
                    d.normalize,
                )
            };
            check_guard(&h, "hiddenState")?;
            check_guard(&pre, "preComp")?;
            check_guard(&nf, "normFeatures")?;
            Ok(Got { outputs: vec![("hiddenState", body(&h))], rc: Some(rc) })
        },
        READ_FIRST,
    )
}

fn replay_fastgrnn_lr(c: &Case) -> Result<Got, String> {
    let d = Dims::of(c)?;
    let (hd, id) = (d.hd as usize, d.id as usize);
    let (wr, ur) = (c.uint("wRank")?, c.uint("uRank")?);
    let (wn, un) = (wr as usize, ur as usize);
    let state = c.floats_n("hiddenState", hd)?;
    let input = c.floats_n("input", d.inputs())?;
    let (mut mean, mut std_dev) = (c.floats_n("mean", d.norm())?, c.floats_n("stdDev", d.norm())?);
    let (mut w1, mut w2) = (c.floats_n("W1", wn * id)?, c.floats_n("W2", hd * wn)?);
    let (mut u1, mut u2) = (c.floats_n("U1", un * hd)?, c.floats_n("U2", hd * un)?);
    let (mut bg, mut bh) = (c.floats_n("Bg", hd)?, c.floats_n("Bh", hd)?);
    let params = FastGRNN_LR_Params {
        mean: ptr_or_null(&mut mean),
        stdDev: ptr_or_null(&mut std_dev),
        W1: ptr_or_null(&mut w1),
        W2: ptr_or_null(&mut w2),
        wRank: wr,
        U1: ptr_or_null(&mut u1),
        U2: ptr_or_null(&mut u2),
        uRank: ur,
        Bg: ptr_or_null(&mut bg),
        Bh: ptr_or_null(&mut bh),
        sigmoid_zeta: c.float("sigmoid_zeta")?,
        sigmoid_nu: c.float("sigmoid_nu")?,
    };
    twice(
        |s| {
            let mut h = guarded_from(&state[..hd]);
            let (mut pre, mut tw, mut tu, mut nf) = (guarded(hd, s), guarded(wn, s), guarded(un, s), guarded(id, s));
            let mut b = FastGRNN_LR_Buffers {
                preComp: pre.as_mut_ptr(),
                tempLRW: tw.as_mut_ptr(),
                tempLRU: tu.as_mut_ptr(),
                normFeatures: nf.as_mut_ptr(),
            };
            let rc = unsafe {
                tinyrnn_fastgrnn_lr(
                    h.as_mut_ptr(),
                    d.hd,
                    input.as_ptr(),
                    d.id,
                    d.steps,
                    &params as *const _ as *const c_void,
                    &mut b as *mut _ as *mut c_void,
                    d.backward,
                    d.normalize,
                )
            };
            for (v, name) in
                [(&h, "hiddenState"), (&pre, "preComp"), (&tw, "tempLRW"), (&tu, "tempLRU"), (&nf, "normFeatures")]
            {
                check_guard(v, name)?;
            }
            Ok(Got { outputs: vec![("hiddenState", body(&h))], rc: Some(rc) })
        },
        READ_FIRST,
    )
}

/// One pooled FastGRNN: its weights, as `FastGRNN_Params` expects them.
struct PoolRnn {
    w: Vec<f32>,
    u: Vec<f32>,
    bg: Vec<f32>,
    bh: Vec<f32>,
    zeta: f32,
    nu: f32,
}

impl PoolRnn {
    fn of(c: &Case, prefix: &str, hd: usize, id: usize) -> Result<PoolRnn, String> {
        Ok(PoolRnn {
            w: c.floats_n(&format!("{prefix}_W"), hd * id)?,
            u: c.floats_n(&format!("{prefix}_U"), hd * hd)?,
            bg: c.floats_n(&format!("{prefix}_Bg"), hd)?,
            bh: c.floats_n(&format!("{prefix}_Bh"), hd)?,
            zeta: c.float(&format!("{prefix}_zeta"))?,
            nu: c.float(&format!("{prefix}_nu"))?,
        })
    }

    fn params(&mut self) -> FastGRNN_Params {
        FastGRNN_Params {
            mean: ptr::null_mut(),
            stdDev: ptr::null_mut(),
            W: ptr_or_null(&mut self.w),
            U: ptr_or_null(&mut self.u),
            Bg: ptr_or_null(&mut self.bg),
            Bh: ptr_or_null(&mut self.bh),
            sigmoid_zeta: self.zeta,
            sigmoid_nu: self.nu,
        }
    }
}

fn replay_rnnpool(c: &Case) -> Result<Got, String> {
    let (id, pd, stride) = (c.uint("inputDims")?, c.uint("patchDim")?, c.uint("stride")?);
    let (hd1, hd2) = (c.uint("hiddenDims1")?, c.uint("hiddenDims2")?);
    let (idu, pdu, hd1u, hd2u) = (id as usize, pd as usize, hd1 as usize, hd2 as usize);
    let patch_len = if pdu == 0 { 0 } else { (stride as usize * (pdu - 1) + pdu) * idu };
    let patch = c.floats_n("patch", patch_len)?;
    let mut rnn1 = PoolRnn::of(c, "rnn1", hd1u, idu)?;
    let mut rnn2 = PoolRnn::of(c, "rnn2", hd2u, hd1u)?;
    let (p1, p2) = (rnn1.params(), rnn2.params());
    twice(
        |s| {
            let (mut out, mut buf) = (guarded(4 * hd2u, s), guarded(hd1u * pdu, s));
            let (mut pre1, mut nf1) = (guarded(hd1u, READ_FIRST[0]), guarded(idu, s));
            let (mut pre2, mut nf2) = (guarded(hd2u, READ_FIRST[1]), guarded(hd1u, s));
            let mut b1 = FastGRNN_Buffers { preComp: pre1.as_mut_ptr(), normFeatures: nf1.as_mut_ptr() };
            let mut b2 = FastGRNN_Buffers { preComp: pre2.as_mut_ptr(), normFeatures: nf2.as_mut_ptr() };
            let rc = unsafe {
                tinyrnn_rnnpool_block(
                    patch.as_ptr(),
                    id,
                    pd,
                    stride,
                    Some(tinyrnn_fastgrnn),
                    hd1,
                    &p1 as *const _ as *const c_void,
                    &mut b1 as *mut _ as *mut c_void,
                    Some(tinyrnn_fastgrnn),
                    hd2,
                    &p2 as *const _ as *const c_void,
                    &mut b2 as *mut _ as *mut c_void,
                    out.as_mut_ptr(),
                    buf.as_mut_ptr(),
                )
            };
            for (v, name) in [(&out, "output"), (&buf, "buffer"), (&pre1, "rnn1 preComp"), (&nf1, "rnn1 normFeatures")]
            {
                check_guard(v, name)?;
            }
            check_guard(&pre2, "rnn2 preComp")?;
            check_guard(&nf2, "rnn2 normFeatures")?;
            Ok(Got { outputs: vec![("output", body(&out))], rc: Some(rc) })
        },
        WRITE_ONLY,
    )
}

fn replay(c: &Case) -> Result<Got, String> {
    match c.fn_name.as_str() {
        "v_relu" => replay_map1(c, tinyrnn_v_relu),
        "v_sigmoid" => replay_map1(c, tinyrnn_v_sigmoid),
        "v_tanh" => replay_map1(c, tinyrnn_v_tanh),
        "v_quantSigmoid" => replay_map1(c, tinyrnn_v_quantSigmoid),
        "v_quantTanh" => replay_map1(c, tinyrnn_v_quantTanh),
        "v_add" => {
            let (s1, s2) = (c.float("scalar1")?, c.float("scalar2")?);
            replay_map2(c, |a, b, n, r| unsafe { tinyrnn_v_add(s1, a, s2, b, n, r) })
        }
        "v_mult" => replay_map2(c, |a, b, n, r| unsafe { tinyrnn_v_mult(a, b, n, r) }),
        "v_div" => replay_map2(c, |a, b, n, r| unsafe { tinyrnn_v_div(a, b, n, r) }),
        "matVec" => replay_mat_vec(c),
        "l2squared" => replay_l2squared(c),
        "softmax" => replay_softmax(c),
        "FC" => replay_fc(c),
        "fastgrnn" => replay_fastgrnn(c),
        "fastgrnn_lr" => replay_fastgrnn_lr(c),
        "rnnpool_block" => replay_rnnpool(c),
        other => Err(format!("unknown float-API function `{other}`")),
    }
}

// ---------------------------------------------------------------------------
// Comparison and report
// ---------------------------------------------------------------------------

/// Distance between two floats in units in the last place (0 for +0/-0;
/// NaNs are equal to NaNs and infinitely far from anything else).
fn ulps(a: u32, b: u32) -> u64 {
    let (fa, fb) = (f32::from_bits(a), f32::from_bits(b));
    if fa.is_nan() || fb.is_nan() {
        return if fa.is_nan() && fb.is_nan() { 0 } else { u64::MAX };
    }
    let key = |x: u32| -> i64 {
        if x & 0x8000_0000 != 0 {
            -((x & 0x7fff_ffff) as i64)
        } else {
            x as i64
        }
    };
    (key(a) - key(b)).unsigned_abs()
}

#[derive(Default)]
struct Stats {
    cases: usize,
    elements: usize,
    exact: usize,
    max_ulps: u64,
}

fn is_truthy(v: &str) -> bool {
    !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false")
}

#[test]
fn float_api_matches_edgeml_vectors() {
    let text = match std::fs::read_to_string(VECTORS) {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("EdgeML vectors not readable at {VECTORS}: {e}");
            if std::env::var("CI").map(|v| is_truthy(&v)).unwrap_or(false) {
                panic!("{msg} (required under CI)");
            }
            eprintln!("warning: {msg}; skipping the float vector replay");
            return;
        }
    };

    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut differences: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("line {line_no}: not JSON: {e}"));
                continue;
            }
        };
        let fn_name = v.get("fn").and_then(Value::as_str).unwrap_or("").to_string();
        if fn_name.starts_with("q7") || fn_name.starts_with("q15") {
            continue; // the quantized API: tests/edgeml_vectors.rs
        }
        let case = Case {
            line: line_no,
            number: v.get("case").and_then(Value::as_u64).unwrap_or(0),
            args: v.get("args").and_then(Value::as_object).cloned().unwrap_or_default(),
            out: v.get("out").and_then(Value::as_object).cloned().unwrap_or_default(),
            fn_name,
        };
        let where_ = format!("line {} ({} case {})", case.line, case.fn_name, case.number);
        let st = stats.entry(case.fn_name.clone()).or_default();
        st.cases += 1;
        let result = match replay(&case) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{where_}: {e}"));
                continue;
            }
        };
        if let Some(rc) = result.rc {
            match case.out_rc() {
                Ok(want) if want == rc => {}
                Ok(want) => failures.push(format!("{where_}: rc {rc}, reference {want}")),
                Err(e) => failures.push(format!("{where_}: {e}")),
            }
        }
        for (name, bits) in &result.outputs {
            let want = match case.out_bits(name) {
                Ok(w) => w,
                Err(e) => {
                    failures.push(format!("{where_}: {e}"));
                    continue;
                }
            };
            if want.len() != bits.len() {
                failures.push(format!("{where_}: `{name}` has {} elements, reference {}", bits.len(), want.len()));
                continue;
            }
            for (k, (&g, &w)) in bits.iter().zip(&want).enumerate() {
                let d = ulps(g, w);
                st.elements += 1;
                st.exact += usize::from(g == w);
                st.max_ulps = st.max_ulps.max(d);
                if g != w {
                    let msg = format!(
                        "{where_}: {name}[{k}] = {:e} ({g:#010x}), reference {:e} ({w:#010x}), {d} ULP",
                        f32::from_bits(g),
                        f32::from_bits(w)
                    );
                    if d > MAX_ULPS {
                        failures.push(msg.clone());
                    }
                    differences.push(msg);
                }
            }
        }
    }

    let mut report = String::new();
    let _ = writeln!(report, "EdgeML float API vs {VECTORS}");
    let _ =
        writeln!(report, "{:<16} {:>6} {:>9} {:>11} {:>9}", "function", "cases", "elements", "bit-exact", "max ULP");
    let (mut total, mut exact) = (0, 0);
    for (name, s) in &stats {
        let _ = writeln!(report, "{:<16} {:>6} {:>9} {:>11} {:>9}", name, s.cases, s.elements, s.exact, s.max_ulps);
        total += s.elements;
        exact += s.exact;
    }
    let _ = writeln!(report, "total: {exact} of {total} elements bit-exact");
    for d in differences.iter().take(20) {
        let _ = writeln!(report, "  differs: {d}");
    }
    println!("{report}");
    let _ = std::fs::write(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("float-vectors-report.txt"), &report);

    let expected = [
        "FC",
        "fastgrnn",
        "fastgrnn_lr",
        "l2squared",
        "matVec",
        "rnnpool_block",
        "softmax",
        "v_add",
        "v_div",
        "v_mult",
        "v_quantSigmoid",
        "v_quantTanh",
        "v_relu",
        "v_sigmoid",
        "v_tanh",
    ];
    for name in expected {
        if stats.get(name).map_or(true, |s| s.elements == 0) {
            failures.push(format!("no `{name}` output was checked"));
        }
    }
    if !failures.is_empty() {
        let shown: Vec<&str> = failures.iter().take(20).map(String::as_str).collect();
        panic!("{} failure(s) in the float vector replay:\n{}\n{report}", failures.len(), shown.join("\n"));
    }
}

// ---------------------------------------------------------------------------
// Header coverage
// ---------------------------------------------------------------------------

/// `(header, EdgeML name)`: every function and type of EdgeML's float headers.
const EDGEML_NAMES: [(&str, &str); 24] = [
    ("fastgrnn.h", "fastgrnn"),
    ("fastgrnn.h", "fastgrnn_lr"),
    ("utils.h", "min"),
    ("utils.h", "max"),
    ("utils.h", "relu"),
    ("utils.h", "sigmoid"),
    ("utils.h", "tanhyperbolic"),
    ("utils.h", "quantTanh"),
    ("utils.h", "quantSigmoid"),
    ("utils.h", "v_relu"),
    ("utils.h", "v_sigmoid"),
    ("utils.h", "v_tanh"),
    ("utils.h", "v_quantSigmoid"),
    ("utils.h", "v_quantTanh"),
    ("utils.h", "matVec"),
    ("utils.h", "v_add"),
    ("utils.h", "v_mult"),
    ("utils.h", "v_div"),
    ("utils.h", "l2squared"),
    ("utils.h", "argmax"),
    ("utils.h", "softmax"),
    ("rnnpool.h", "rnnpool_block"),
    ("rnnpool.h", "rnn_t"),
    ("classifier.h", "FC"),
];

/// Identifiers `tinyrnn_*` that `text` follows by `(` (calls or declarations).
fn prefixed_calls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("tinyrnn_") {
        let tail = &rest[i..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        let (name, after) = tail.split_at(end);
        let before_ok = i == 0 || !rest[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if before_ok && after.trim_start().starts_with('(') {
            out.push(name.to_string());
        }
        rest = &tail[end..];
    }
    out
}

#[test]
fn float_headers_declare_and_map_every_symbol() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let rust = read("src/ffi/float.rs");
    let exported: Vec<String> = rust
        .lines()
        .filter(|l| l.starts_with("pub ") && l.contains("extern \"C\" fn tinyrnn_"))
        .flat_map(prefixed_calls)
        .collect();
    assert_eq!(exported.len(), 23, "exported float functions: {exported:?}");

    // tinyrnn_float.h declares them through the header cbindgen generates.
    let header = read("include/tinyrnn_float.h") + &read("include/tinyrnn_float_generated.h");
    // Declarations only: strip comments, then count `tinyrnn_x(`.
    let mut code = String::new();
    let mut in_block = false;
    for line in header.lines() {
        let mut l = line;
        if in_block {
            match l.find("*/") {
                Some(e) => {
                    l = &l[e + 2..];
                    in_block = false;
                }
                None => continue,
            }
        }
        while let Some(b) = l.find("/*") {
            code.push_str(&l[..b]);
            match l[b..].find("*/") {
                Some(e) => l = &l[b + e + 2..],
                None => {
                    in_block = true;
                    l = "";
                }
            }
        }
        code.push_str(l);
        code.push('\n');
    }
    let declared = prefixed_calls(&code);
    let mut problems = Vec::new();
    for name in &exported {
        let n = declared.iter().filter(|d| *d == name).count();
        if n != 1 {
            problems.push(format!("{name} declared {n} times in tinyrnn_float.h and tinyrnn_float_generated.h"));
        }
    }
    for name in &declared {
        if !exported.contains(name) && name != "tinyrnn_rnn_t" {
            problems.push(format!("{name} declared in tinyrnn_float(_generated).h but not exported"));
        }
    }
    for (file, name) in EDGEML_NAMES {
        let text = read(&format!("include/{file}"));
        let target = format!("tinyrnn_{name}");
        let mapped = text.contains(&format!("#define {name} {target}"))
            || text.contains(&format!("typedef {target} {name};"))
            || text.contains(&format!("float {name}(float a, float b) {{ return {target}(a, b); }}"));
        if !mapped {
            problems.push(format!("{file} does not map `{name}` to `{target}`"));
        }
        if name != "rnn_t" && !exported.contains(&target) {
            problems.push(format!("`{target}` is not exported"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
