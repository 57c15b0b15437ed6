//! Replays `tests/data/edgeml_recorded_*.jsonl`, recorded from EdgeML's C
//! reference by `scripts/record-edgeml-vectors` (source:
//! `tests/edgeml_record/record.c`), through tinyrnn's C ABI, requiring
//! identical results:
//!
//! - the five MBConv blocks (output and both conv buffers, whose initial
//!   contents are recorded too: EdgeML reads `convBuffer1` as well);
//! - overlapping calls: `q15_convolution` and `q7xq15_q7_convolution` with
//!   output over input (EdgeML's face-detection model does this),
//!   `q15_m_mulvec` with `ret` over `vec` or `mat`, `q15xq7_q15_m_mulvec`
//!   and `q15_m_sparse_mulvec` with `ret` over a Q15 input, `q15_m_reverse`
//!   in place or shifted: every buffer of one element type lives in one
//!   array `mem` at the recorded offsets, and the whole array must match;
//! - `q15_fastgrnn` (dense and sparse) with shared state/scratch buffers;
//! - `q15_rnnpool_block` with a logging RNN: the sequence of calls (count,
//!   order, every argument, the state each call sees) and the results.
//!
//! The recorded files are the oracle where EdgeML is not at hand (CI).
#![allow(non_snake_case)]

use std::cell::RefCell;
use std::ffi::c_void;
use std::path::PathBuf;

use serde_json::{json, Map, Value};
use tinyrnn as _;
use tinyrnn::ffi::{Q15_FastGRNN_Buffers, Q15_FastGRNN_Params, Q15_FastGRNN_Scales};

macro_rules! modal {
    ($( fn $div:ident / $shift:ident ( $($p:ident : $t:ty),* $(,)? ) $(-> $r:ty)? ; )*) => {
        extern "C" { $( fn $div($($p: $t),*) $(-> $r)?; fn $shift($($p: $t),*) $(-> $r)?; )* }
    };
}

type RnnFn = unsafe extern "C" fn(*mut i16, u32, *const i16, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

macro_rules! mbconv_sig {
    ($div:ident / $shift:ident, $in:ty, $f:ty, $b:ty, $out:ty, $buf:ty, $lim:ty) => {
        modal! {
            fn $div / $shift(input: *const $in, filter1: *const $f, BN1W: *const $f, BN1B: *const $b, filter2: *const $f, BN2W: *const $f, BN2B: *const $b, filter3: *const $f, BN3W: *const $f, BN3B: *const $b, output: *mut $out, convBuffer1: *mut $buf, convBuffer2: *mut $buf, N: u32, H: u32, W: u32, CIn: u32, CTemp: u32, HF: u32, WF: u32, COut: u32, HOut: u32, WOut: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, limit1: $lim, limit2: $lim, shrU1: i32, shrX1: i32, shrU2: i32, shrX2: i32, shrU3: i32, shrW3: i32, shlU1: i32, shlX1: i32, shlU2: i32, shlX2: i32, shlU3: i32, shlW3: i32);
        }
    };
}
mbconv_sig!(tinyrnn_q7_mbconv_block_div / tinyrnn_q7_mbconv_block_shift, i8, i8, i8, i8, i8, i16);
mbconv_sig!(tinyrnn_q7xq15_q15_mbconv_block_div / tinyrnn_q7xq15_q15_mbconv_block_shift, i8, i16, i16, i16, i16, i32);
mbconv_sig!(tinyrnn_q15xq7_q7_mbconv_block_div / tinyrnn_q15xq7_q7_mbconv_block_shift, i16, i8, i16, i8, i16, i32);
mbconv_sig!(tinyrnn_q15xq7_q15_mbconv_block_div / tinyrnn_q15xq7_q15_mbconv_block_shift, i16, i8, i16, i16, i16, i32);
mbconv_sig!(tinyrnn_q15_mbconv_block_div / tinyrnn_q15_mbconv_block_shift, i16, i16, i16, i16, i16, i32);

modal! {
    fn tinyrnn_q15_convolution_div / tinyrnn_q15_convolution_shift(input: *const i16, filter: *const i16, output: *mut i16, N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32, HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, HDilation: u32, WDilation: u32, scinput: i32, scoutput: i32, demote: i32);
    fn tinyrnn_q7xq15_q7_convolution_div / tinyrnn_q7xq15_q7_convolution_shift(input: *const i8, filter: *const i16, output: *mut i8, N: u32, H: u32, W: u32, CIn: u32, HF: u32, WF: u32, CF: u32, COut: u32, HOut: u32, WOut: u32, G: u32, HPadU: i32, HPadD: i32, WPadL: i32, WPadR: i32, HStride: u32, WStride: u32, HDilation: u32, WDilation: u32, scinput: i32, scoutput: i32, demote: i32);
    fn tinyrnn_q15_m_mulvec_div / tinyrnn_q15_m_mulvec_shift(mat: *const i16, vec: *const i16, nrows: u32, ncols: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15xq7_q15_m_mulvec_div / tinyrnn_q15xq7_q15_m_mulvec_shift(mat: *const i16, vec: *const i8, nrows: u32, ncols: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_m_sparse_mulvec_div / tinyrnn_q15_m_sparse_mulvec_shift(row_indices: *const u32, mat_values: *const i16, vec: *const i16, nelem: u32, ret: *mut i16, scmat: i32, scvec: i32, scret: i32);
    fn tinyrnn_q15_rnnpool_block_div_dense / tinyrnn_q15_rnnpool_block_shift_dense(patch: *const i16, inputDims: u32, patchDim: u32, stride: u32, rnn1: Option<RnnFn>, hiddenDims1: u32, rnn1_params: *const c_void, rnn1_buffers: *mut c_void, rnn1_scales: *const c_void, rnn2: Option<RnnFn>, hiddenDims2: u32, rnn2_params: *const c_void, rnn2_buffers: *mut c_void, rnn2_scales: *const c_void, output: *mut i16, buffer: *mut i16, ShR1: i32, ShL1: i32, ShR2: i32, ShL2: i32) -> i32;
}

extern "C" {
    fn tinyrnn_q15_m_reverse(mat: *const i16, nrows: u32, ncols: u32, axis: u32, ret: *mut i16);
    fn tinyrnn_q15_fastgrnn_div_dense(h: *mut i16, hd: u32, input: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_div_sparse(h: *mut i16, hd: u32, input: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_dense(h: *mut i16, hd: u32, input: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_sparse(h: *mut i16, hd: u32, input: *const i16, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32, normalize: i32) -> i32;
}

/// Picks the `_div` or `_shift` symbol of a case.
macro_rules! pick {
    ($shift:expr, $d:ident / $s:ident) => {
        if $shift {
            $s
        } else {
            $d
        }
    };
}

struct Case {
    fname: String,
    shift: bool,
    n: u64,
    args: Map<String, Value>,
    out: Map<String, Value>,
    calls: Option<Value>,
    line: usize,
    file: String,
}

fn load(file: &str) -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (recorded vectors are committed test data)", path.display()));
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1));
            Case {
                fname: v["fn"].as_str().expect("fn").to_string(),
                shift: v["mode"] == "shift",
                n: v["case"].as_u64().expect("case"),
                args: v["args"].as_object().expect("args").clone(),
                out: v["out"].as_object().expect("out").clone(),
                calls: v.get("calls").cloned(),
                line: i + 1,
                file: file.to_string(),
            }
        })
        .collect()
}

impl Case {
    fn u(&self, k: &str) -> u32 {
        self.args.get(k).and_then(Value::as_u64).unwrap_or_else(|| panic!("{}:{} {}: no unsigned `{k}`", self.file, self.line, self.fname)) as u32
    }
    fn i(&self, k: &str) -> i32 {
        self.args.get(k).and_then(Value::as_i64).unwrap_or_else(|| panic!("{}:{} {}: no integer `{k}`", self.file, self.line, self.fname)) as i32
    }
    fn at(&self, k: &str) -> usize {
        self.u(k) as usize
    }
    fn arr<T: TryFrom<i64>>(&self, k: &str) -> Vec<T> {
        vec_of(self.args.get(k).unwrap_or_else(|| panic!("{}:{}: no `{k}`", self.file, self.line)))
    }
    fn out_arr<T: TryFrom<i64>>(&self, k: &str) -> Vec<T> {
        vec_of(self.out.get(k).unwrap_or_else(|| panic!("{}:{}: no out `{k}`", self.file, self.line)))
    }
    fn label(&self) -> String {
        format!("{}:{} {} {} case {}", self.file, self.line, self.fname, if self.shift { "shift" } else { "div" }, self.n)
    }
}

fn vec_of<T: TryFrom<i64>>(v: &Value) -> Vec<T> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| T::try_from(x.as_i64().expect("integer")).ok().expect("element in range"))
        .collect()
}

/// Mismatches of one file, reported together.
#[derive(Default)]
struct Report {
    checked: std::collections::BTreeMap<String, usize>,
    bad: Vec<String>,
}

impl Report {
    fn check<T: PartialEq + std::fmt::Debug>(&mut self, c: &Case, what: &str, got: &[T], want: &[T]) {
        if got != want {
            self.bad.push(format!("{}: {what}\n  got  {got:?}\n  want {want:?}", c.label()));
        }
    }
    fn done(&mut self, c: &Case) {
        *self.checked.entry(c.fname.clone()).or_default() += 1;
    }
    fn finish(self, file: &str) {
        println!("{file}: {:?}", self.checked);
        if !self.bad.is_empty() {
            let n = self.bad.len();
            panic!("{n} mismatches with EdgeML:\n{}", self.bad.into_iter().take(15).collect::<Vec<_>>().join("\n"));
        }
    }
}

// ---------------------------------------------------------------------------
// MBConv
// ---------------------------------------------------------------------------

macro_rules! run_mbconv {
    ($r:expr, $c:expr, $f:expr, $in:ty, $f_t:ty, $b:ty, $out:ty, $buf:ty, $lim:ty) => {{
        let c = $c;
        let input: Vec<$in> = c.arr("input");
        let f1: Vec<$f_t> = c.arr("filter1");
        let f2: Vec<$f_t> = c.arr("filter2");
        let f3: Vec<$f_t> = c.arr("filter3");
        let (w1, w2, w3): (Vec<$f_t>, Vec<$f_t>, Vec<$f_t>) = (c.arr("BN1W"), c.arr("BN2W"), c.arr("BN3W"));
        let (b1, b2, b3): (Vec<$b>, Vec<$b>, Vec<$b>) = (c.arr("BN1B"), c.arr("BN2B"), c.arr("BN3B"));
        let mut cb1: Vec<$buf> = c.arr("convBuffer1");
        let mut cb2: Vec<$buf> = c.arr("convBuffer2");
        let want: Vec<$out> = c.out_arr("output");
        let mut out: Vec<$out> = vec![<$out>::MIN; want.len()];
        let s = |k: &str| c.i(k);
        unsafe {
            ($f)(
                input.as_ptr(), f1.as_ptr(), w1.as_ptr(), b1.as_ptr(), f2.as_ptr(), w2.as_ptr(), b2.as_ptr(), f3.as_ptr(), w3.as_ptr(), b3.as_ptr(),
                out.as_mut_ptr(), cb1.as_mut_ptr(), cb2.as_mut_ptr(),
                c.u("N"), c.u("H"), c.u("W"), c.u("CIn"), c.u("CTemp"), c.u("HF"), c.u("WF"), c.u("COut"), c.u("HOut"), c.u("WOut"),
                c.i("HPadU"), c.i("HPadD"), c.i("WPadL"), c.i("WPadR"), c.u("HStride"), c.u("WStride"),
                c.i("limit1") as $lim, c.i("limit2") as $lim,
                s("shrU1"), s("shrX1"), s("shrU2"), s("shrX2"), s("shrU3"), s("shrW3"), s("shlU1"), s("shlX1"), s("shlU2"), s("shlX2"), s("shlU3"), s("shlW3"),
            );
        }
        $r.check(c, "output", &out, &want);
        $r.check(c, "convBuffer1", &cb1, &c.out_arr::<$buf>("convBuffer1"));
        $r.check(c, "convBuffer2", &cb2, &c.out_arr::<$buf>("convBuffer2"));
    }};
}

fn mbconv(r: &mut Report, c: &Case) {
    let sh = c.shift;
    match c.fname.as_str() {
        "q7_mbconv_block" => run_mbconv!(r, c, (pick!(sh, tinyrnn_q7_mbconv_block_div / tinyrnn_q7_mbconv_block_shift)), i8, i8, i8, i8, i8, i16),
        "q7xq15_q15_mbconv_block" => run_mbconv!(r, c, (pick!(sh, tinyrnn_q7xq15_q15_mbconv_block_div / tinyrnn_q7xq15_q15_mbconv_block_shift)), i8, i16, i16, i16, i16, i32),
        "q15xq7_q7_mbconv_block" => run_mbconv!(r, c, (pick!(sh, tinyrnn_q15xq7_q7_mbconv_block_div / tinyrnn_q15xq7_q7_mbconv_block_shift)), i16, i8, i16, i8, i16, i32),
        "q15xq7_q15_mbconv_block" => run_mbconv!(r, c, (pick!(sh, tinyrnn_q15xq7_q15_mbconv_block_div / tinyrnn_q15xq7_q15_mbconv_block_shift)), i16, i8, i16, i16, i16, i32),
        "q15_mbconv_block" => run_mbconv!(r, c, (pick!(sh, tinyrnn_q15_mbconv_block_div / tinyrnn_q15_mbconv_block_shift)), i16, i16, i16, i16, i16, i32),
        _ => return,
    }
    r.done(c);
}

// ---------------------------------------------------------------------------
// Overlapping calls of the utils
// ---------------------------------------------------------------------------

fn overlapping_util(r: &mut Report, c: &Case) {
    let sh = c.shift;
    let conv_geo = |c: &Case| {
        (
            [c.u("N"), c.u("H"), c.u("W"), c.u("CIn"), c.u("HF"), c.u("WF"), c.u("CF"), c.u("COut"), c.u("HOut"), c.u("WOut"), c.u("G")],
            [c.i("HPadU"), c.i("HPadD"), c.i("WPadL"), c.i("WPadR")],
            [c.u("HStride"), c.u("WStride"), c.u("HDilation"), c.u("WDilation")],
        )
    };
    match c.fname.as_str() {
        "q15_convolution" => {
            let mut mem: Vec<i16> = c.arr("mem");
            let filter: Vec<i16> = c.arr("filter");
            let (g, p, s) = conv_geo(c);
            let f = pick!(sh, tinyrnn_q15_convolution_div / tinyrnn_q15_convolution_shift);
            let base = mem.as_mut_ptr();
            unsafe {
                f(base.add(c.at("input")), filter.as_ptr(), base.add(c.at("output")), g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], p[0], p[1], p[2], p[3], s[0], s[1], s[2], s[3], c.i("scinput"), c.i("scoutput"), c.i("demote"))
            };
            r.check(c, "mem", &mem, &c.out_arr::<i16>("mem"));
        }
        "q7xq15_q7_convolution" => {
            let mut mem: Vec<i8> = c.arr("mem");
            let filter: Vec<i16> = c.arr("filter");
            let (g, p, s) = conv_geo(c);
            let f = pick!(sh, tinyrnn_q7xq15_q7_convolution_div / tinyrnn_q7xq15_q7_convolution_shift);
            let base = mem.as_mut_ptr();
            unsafe {
                f(base.add(c.at("input")), filter.as_ptr(), base.add(c.at("output")), g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], p[0], p[1], p[2], p[3], s[0], s[1], s[2], s[3], c.i("scinput"), c.i("scoutput"), c.i("demote"))
            };
            r.check(c, "mem", &mem, &c.out_arr::<i8>("mem"));
        }
        "q15_m_mulvec" => {
            let mut mem: Vec<i16> = c.arr("mem");
            let f = pick!(sh, tinyrnn_q15_m_mulvec_div / tinyrnn_q15_m_mulvec_shift);
            let base = mem.as_mut_ptr();
            unsafe { f(base.add(c.at("mat")), base.add(c.at("vec")), c.u("nrows"), c.u("ncols"), base.add(c.at("ret")), c.i("scmat"), c.i("scvec"), c.i("scret")) };
            r.check(c, "mem", &mem, &c.out_arr::<i16>("mem"));
        }
        "q15xq7_q15_m_mulvec" => {
            let mut mem: Vec<i16> = c.arr("mem");
            let vec: Vec<i8> = c.arr("vec");
            let f = pick!(sh, tinyrnn_q15xq7_q15_m_mulvec_div / tinyrnn_q15xq7_q15_m_mulvec_shift);
            let base = mem.as_mut_ptr();
            unsafe { f(base.add(c.at("mat")), vec.as_ptr(), c.u("nrows"), c.u("ncols"), base.add(c.at("ret")), c.i("scmat"), c.i("scvec"), c.i("scret")) };
            r.check(c, "mem", &mem, &c.out_arr::<i16>("mem"));
        }
        "q15_m_sparse_mulvec" => {
            let mut mem: Vec<i16> = c.arr("mem");
            let ids: Vec<u32> = c.arr("row_indices");
            let f = pick!(sh, tinyrnn_q15_m_sparse_mulvec_div / tinyrnn_q15_m_sparse_mulvec_shift);
            let base = mem.as_mut_ptr();
            unsafe { f(ids.as_ptr(), base.add(c.at("mat_values")), base.add(c.at("vec")), c.u("nelem"), base.add(c.at("ret")), c.i("scmat"), c.i("scvec"), c.i("scret")) };
            r.check(c, "mem", &mem, &c.out_arr::<i16>("mem"));
        }
        "q15_m_reverse" => {
            let mut mem: Vec<i16> = c.arr("mem");
            let base = mem.as_mut_ptr();
            unsafe { tinyrnn_q15_m_reverse(base.add(c.at("mat")), c.u("nrows"), c.u("ncols"), c.u("axis"), base.add(c.at("ret"))) };
            r.check(c, "mem", &mem, &c.out_arr::<i16>("mem"));
        }
        _ => return,
    }
    r.done(c);
}

// ---------------------------------------------------------------------------
// FastGRNN with shared buffers
// ---------------------------------------------------------------------------

macro_rules! scales {
    ($obj:expr, $($f:ident),* $(,)?) => {{
        let o = $obj;
        Q15_FastGRNN_Scales { $($f: o[stringify!($f)].as_i64().unwrap_or_else(|| panic!("scale {}", stringify!($f))) as _,)* }
    }};
}

fn fastgrnn(r: &mut Report, c: &Case, sparse: bool) {
    if c.fname != "q15_fastgrnn" {
        return;
    }
    let mut mem: Vec<i16> = c.arr("mem");
    let q15 = |k: &str| -> Vec<i16> { c.arr(k) };
    let (w, u, wv, uv, bg, bh, mean, sd) = (q15("W"), q15("U"), q15("Wvals"), q15("Uvals"), q15("Bg"), q15("Bh"), q15("mean"), q15("stdDev"));
    let (wids, uids): (Vec<u32>, Vec<u32>) = (c.arr("Wids"), c.arr("Uids"));
    let p = Q15_FastGRNN_Params {
        mean: mean.as_ptr(),
        stdDev: sd.as_ptr(),
        W: w.as_ptr(),
        Wids: wids.as_ptr(),
        Wvals: wv.as_ptr(),
        U: u.as_ptr(),
        Uids: uids.as_ptr(),
        Uvals: uv.as_ptr(),
        Bg: bg.as_ptr(),
        Bh: bh.as_ptr(),
        sigmoid_zeta: c.i("sigmoid_zeta") as i16,
        sigmoid_nu: c.i("sigmoid_nu") as i16,
    };
    let s = scales!(&c.args["scales"], input, mean, meanSub, stdDev, normFeaturesHDStdDev, w, normFeaturesMVW, mVWOut, u, hiddenStateMVU, mVUOut, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote, sigmoidScaleIn, sigmoidScaleOut, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote, tanhScaleIn, tanhScaleOut, gateHDHiddenState, hiddenStateHDGate, qOneScale, qOneSubGate, qOneSubGateOut, sigmoidZeta, sigmoidZetaMulQOneSubGate, sigmoidNu, sigmoidNuAddQOneSubGate, sigmoidNuAddQOneSubGateOut, sigmoidNuAddQOneSubGateHDUpdate, updateHDSigmoidNuAddQOneSubGate, pC3AddPC1, pC1AddPC3, hiddenStateOut, hiddenStateDemote, div, add, sigmoidLimit, qOne, useTableSigmoid, useTableTanH);
    let base = mem.as_mut_ptr();
    let mut b = unsafe {
        Q15_FastGRNN_Buffers { preComp1: base.add(c.at("preComp1")), preComp2: base.add(c.at("preComp2")), preComp3: base.add(c.at("preComp3")), normFeatures: base.add(c.at("normFeatures")) }
    };
    let f = match (c.shift, sparse) {
        (false, false) => tinyrnn_q15_fastgrnn_div_dense,
        (false, true) => tinyrnn_q15_fastgrnn_div_sparse,
        (true, false) => tinyrnn_q15_fastgrnn_shift_dense,
        (true, true) => tinyrnn_q15_fastgrnn_shift_sparse,
    };
    let rc = unsafe {
        f(
            base.add(c.at("hiddenState")),
            c.u("hiddenDims"),
            base.add(c.at("input")),
            c.u("inputDims"),
            c.u("steps"),
            &p as *const _ as *const c_void,
            &mut b as *mut _ as *mut c_void,
            &s as *const _ as *const c_void,
            c.i("backward"),
            c.i("normalize"),
        )
    };
    r.check(c, "rc", &[rc], &[c.out["rc"].as_i64().unwrap() as i32]);
    r.check(c, &format!("mem ({})", c.args["layout_name"]), &mem, &c.out_arr::<i16>("mem"));
    r.done(c);
}

// ---------------------------------------------------------------------------
// RNNPool's calls
// ---------------------------------------------------------------------------

/// What the logging RNN knows: the regions it names pointers by, its log.
struct Log {
    regions: [(&'static str, usize, usize); 3],
    tags: [usize; 2],
    calls: Vec<Value>,
}

thread_local! {
    static LOG: RefCell<Log> = const { RefCell::new(Log { regions: [("patch", 0, 0), ("buffer", 0, 0), ("output", 0, 0)], tags: [0, 0], calls: Vec::new() }) };
}

fn region_of(log: &Log, p: usize) -> Value {
    for &(name, start, len) in &log.regions {
        if p >= start && p <= start + 2 * len {
            return json!([name, (p - start) / 2]);
        }
    }
    json!(["other", 0])
}

/// The recorder's logging RNN, in Rust: logs its arguments and changes the
/// state as a function of them and of the number of calls so far.
unsafe extern "C" fn logging_rnn(hidden: *mut i16, hd: u32, input: *const i16, id: u32, steps: u32, params: *const c_void, buffers: *mut c_void, scales: *const c_void, backward: i32, normalize: i32) -> i32 {
    LOG.with(|l| {
        let mut log = l.borrow_mut();
        let which = if params as usize == log.tags[0] { 1 } else if params as usize == log.tags[1] { 2 } else { 0 };
        let hidden_in: Vec<i16> = (0..hd as usize).map(|i| *hidden.add(i)).collect();
        let entry = json!({
            "rnn": which, "hiddenDims": hd, "inputDims": id, "steps": steps, "backward": backward, "normalize": normalize,
            "same_ptrs": (std::ptr::eq(buffers as *const c_void, params) && std::ptr::eq(scales, params)) as i32,
            "hiddenState": region_of(&log, hidden as usize), "input": region_of(&log, input as usize), "hidden_in": hidden_in,
        });
        let calls = log.calls.len() as i32;
        log.calls.push(entry);
        let x = if id > 0 && steps > 0 { *input.add(if backward != 0 { ((steps - 1) * id) as usize } else { 0 }) as i32 } else { 0 };
        for i in 0..hd as usize {
            let h = hidden.add(i);
            *h = (*h as i32 / 2 + x / 4 + 37 * (calls + 1) + 5 * i as i32) as i16;
        }
        if (calls + 1) % 3 == 0 {
            -1
        } else {
            0
        }
    })
}

fn rnnpool_calls(r: &mut Report, c: &Case) {
    if c.fname != "q15_rnnpool_block" {
        return;
    }
    let patch: Vec<i16> = c.arr("patch");
    let mut buffer: Vec<i16> = c.arr("buffer");
    let mut output: Vec<i16> = c.arr("output");
    let (hd1, hd2, pd) = (c.at("hiddenDims1"), c.at("hiddenDims2"), c.at("patchDim"));
    let tags = [0u8; 2];
    let (t1, t2) = (&tags[0] as *const u8 as *mut c_void, &tags[1] as *const u8 as *mut c_void);
    LOG.with(|l| {
        let mut log = l.borrow_mut();
        log.regions = [("patch", patch.as_ptr() as usize, patch.len()), ("buffer", buffer.as_ptr() as usize, hd1 * pd), ("output", output.as_ptr() as usize, 4 * hd2)];
        log.tags = [t1 as usize, t2 as usize];
        log.calls.clear();
    });
    let f = pick!(c.shift, tinyrnn_q15_rnnpool_block_div_dense / tinyrnn_q15_rnnpool_block_shift_dense);
    let rc = unsafe {
        f(patch.as_ptr(), c.u("inputDims"), c.u("patchDim"), c.u("stride"), Some(logging_rnn), c.u("hiddenDims1"), t1, t1, t1, Some(logging_rnn), c.u("hiddenDims2"), t2, t2, t2, output.as_mut_ptr(), buffer.as_mut_ptr(), c.i("ShR1"), c.i("ShL1"), c.i("ShR2"), c.i("ShL2"))
    };
    let calls = LOG.with(|l| std::mem::take(&mut l.borrow_mut().calls));
    let want = c.calls.as_ref().and_then(Value::as_array).expect("calls");
    if calls.len() != want.len() {
        r.bad.push(format!("{}: {} RNN calls, EdgeML makes {}", c.label(), calls.len(), want.len()));
    }
    for (i, (g, w)) in calls.iter().zip(want).enumerate() {
        if g != w {
            r.bad.push(format!("{}: call {i}\n  got  {g}\n  want {w}", c.label()));
            break;
        }
    }
    r.check(c, "rc", &[rc], &[c.out["rc"].as_i64().unwrap() as i32]);
    r.check(c, "output", &output, &c.out_arr::<i16>("output"));
    r.check(c, "buffer", &buffer, &c.out_arr::<i16>("buffer"));
    r.done(c);
}

fn replay(file: &str, sparse: bool, kinds: &[fn(&mut Report, &Case)]) {
    let mut r = Report::default();
    for c in load(file) {
        for k in kinds {
            k(&mut r, &c);
        }
        if sparse {
            fastgrnn(&mut r, &c, true);
        } else {
            fastgrnn(&mut r, &c, false);
        }
    }
    r.finish(file);
}

#[test]
fn mbconv_blocks_equal_edgeml_division_build() {
    replay_only("edgeml_recorded_div.jsonl", mbconv);
}

#[test]
fn mbconv_blocks_equal_edgeml_shift_build() {
    replay_only("edgeml_recorded_shift.jsonl", mbconv);
}

#[test]
fn overlapping_util_calls_equal_edgeml_division_build() {
    replay_only("edgeml_recorded_div.jsonl", overlapping_util);
}

#[test]
fn overlapping_util_calls_equal_edgeml_shift_build() {
    replay_only("edgeml_recorded_shift.jsonl", overlapping_util);
}

#[test]
fn fastgrnn_with_shared_buffers_equals_edgeml_in_every_build() {
    for (file, sparse) in [("edgeml_recorded_div.jsonl", false), ("edgeml_recorded_shift.jsonl", false), ("edgeml_recorded_div_sparse.jsonl", true), ("edgeml_recorded_shift_sparse.jsonl", true)] {
        replay(file, sparse, &[]);
    }
}

#[test]
fn rnnpool_calls_its_rnns_as_edgeml_does() {
    replay_only("edgeml_recorded_div.jsonl", rnnpool_calls);
    replay_only("edgeml_recorded_shift.jsonl", rnnpool_calls);
}

fn replay_only(file: &str, kind: fn(&mut Report, &Case)) {
    let mut r = Report::default();
    for c in load(file) {
        kind(&mut r, &c);
    }
    assert!(!r.checked.is_empty(), "{file}: no case of this kind");
    r.finish(file);
}
