//! Writes seed corpora for the fuzz targets from the EdgeML reference
//! vectors: each recorded call becomes an input that the target decodes back
//! into the same call (same sizes, scales, modes and contents; FastGRNN and
//! RNNPool seeds keep the shapes, scales and weights that fit the target's
//! format). Seeds are written as `<corpus>/<target>/<fn>-<mode>-<case>`.
//!
//! Usage: `seed_corpus <vectors dir> <corpus dir> [max cases per function and mode]`
//! (run by `scripts/fuzz`; the corpora are not committed).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tinyrnn_fuzz::input::Writer;

const DENSE_SCALES: [&str; 43] = [
    "input", "mean", "meanSub", "stdDev", "normFeaturesHDStdDev", "w", "normFeaturesMVW", "mVWOut", "u",
    "hiddenStateMVU", "mVUOut", "mV1AddMV2", "mV2AddMV1", "mV1AddMV2Out", "mV1AddMV2Demote", "pC1AddBg", "bg",
    "pC1AddBgOut", "pC1AddBgDemote", "sigmoidScaleIn", "sigmoidScaleOut", "pC1AddBh", "bh", "pC1AddBhOut",
    "pC1AddBhDemote", "tanhScaleIn", "tanhScaleOut", "gateHDHiddenState", "hiddenStateHDGate", "qOneScale",
    "qOneSubGate", "qOneSubGateOut", "sigmoidZeta", "sigmoidZetaMulQOneSubGate", "sigmoidNu",
    "sigmoidNuAddQOneSubGate", "sigmoidNuAddQOneSubGateOut", "sigmoidNuAddQOneSubGateHDUpdate",
    "updateHDSigmoidNuAddQOneSubGate", "pC3AddPC1", "pC1AddPC3", "hiddenStateOut", "hiddenStateDemote",
];

const LR_SCALES: [&str; 49] = [
    "input", "mean", "meanSub", "stdDev", "normFeaturesHDStdDev", "w1", "normFeaturesMVW1", "mVW1Out", "w2",
    "tempLRW", "mVW2Out", "u1", "hiddenStateMVU1", "mVU1Out", "u2", "tempLRU", "mVU2Out", "mV2AddMV4", "mV4AddMV2",
    "mV2AddMV4Out", "mV2AddMV4Demote", "pC1AddBg", "bg", "pC1AddBgOut", "pC1AddBgDemote", "sigmoidScaleIn",
    "sigmoidScaleOut", "pC1AddBh", "bh", "pC1AddBhOut", "pC1AddBhDemote", "tanhScaleIn", "tanhScaleOut",
    "gateHDHiddenState", "hiddenStateHDGate", "qOneScale", "qOneSubGate", "qOneSubGateOut", "sigmoidZeta",
    "sigmoidZetaMulQOneSubGate", "sigmoidNu", "sigmoidNuAddQOneSubGate", "sigmoidNuAddQOneSubGateOut",
    "sigmoidNuAddQOneSubGateHDUpdate", "updateHDSigmoidNuAddQOneSubGate", "pC3AddPC1", "pC1AddPC3",
    "hiddenStateOut", "hiddenStateDemote",
];

/// The first byte `b` with `b % m == k` whose top bit says `shift`.
fn op(k: u8, m: u8, shift: bool) -> u8 {
    (0..=255u8).find(|b| b % m == k && (*b >= 0x80) == shift).expect("an op byte")
}

struct Case<'a> {
    args: &'a Value,
}

impl Case<'_> {
    fn int(&self, k: &str) -> i64 {
        self.args.get(k).and_then(Value::as_i64).unwrap_or(0)
    }
    fn u(&self, k: &str) -> u32 {
        self.int(k) as u32
    }
    fn i(&self, k: &str) -> i32 {
        self.int(k) as i32
    }
    fn ints(&self, k: &str) -> Vec<i64> {
        self.args.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
    }
    fn f32(&self, k: &str) -> f32 {
        f32::from_bits(self.int(k) as u32)
    }
    fn floats(&self, k: &str) -> Vec<f32> {
        self.ints(k).into_iter().map(|b| f32::from_bits(b as u32)).collect()
    }
    fn scale_struct(&self, key: &str, names: &[&str]) -> Vec<i32> {
        let s = self.args.get(key);
        names.iter().map(|n| s.and_then(|s| s.get(*n)).and_then(Value::as_i64).unwrap_or(1) as i32).collect()
    }
    fn scale_field(&self, key: &str, name: &str) -> i64 {
        self.args.get(key).and_then(|s| s.get(name)).and_then(Value::as_i64).unwrap_or(0)
    }
}

fn i16s(w: &mut Writer, v: &[i64], n: usize) {
    for i in 0..n {
        w.i16(v.get(i).copied().unwrap_or(0) as i16);
    }
}

fn i8s(w: &mut Writer, v: &[i64], n: usize) {
    for i in 0..n {
        w.i8(v.get(i).copied().unwrap_or(0) as i8);
    }
}

fn f32s(w: &mut Writer, v: &[f32], n: usize) {
    for i in 0..n {
        w.f32(v.get(i).copied().unwrap_or(0.0));
    }
}

/// Seeds of one recorded call: `(target, bytes)`.
fn seeds(f: &str, shift: bool, sparse: bool, c: &Case) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let vector_ops = [
        "q15_v_add", "q7_v_sub", "q15_v_sub", "q7_v_hadamard", "q15_v_hadamard", "q15_v_scalar_add",
        "q15_v_scalar_sub", "q15_v_scalar_mul", "q15_v_scale_up", "q15_v_scale_down", "q15_v_sigmoid",
        "q15_v_tanh", "q15_v_argmax",
    ];
    if let Some(k) = vector_ops.iter().position(|&n| n == f) {
        let len = c.u("len");
        let n = len as usize;
        // utils_vector: fault, op, len, the kernel's scalars, layout, contents.
        let mut w = Writer::new();
        w.u8(0).u8(op(k as u8, 14, shift)).dim(len);
        let q7 = f.starts_with("q7");
        match k {
            0 => {
                for s in ["scvec1", "scvec2", "scret", "demote"] {
                    w.scale(c.i(s));
                }
            }
            1 | 2 => {
                for s in ["scvec1", "scvec2", "scret"] {
                    w.scale(c.i(s));
                }
            }
            3 | 4 => {
                w.scale(c.i("scvec1")).scale(c.i("scvec2"));
            }
            5..=7 => {
                // The target reads three scales for all three (scret unused by mul).
                w.i16(c.int("scalar") as i16).scale(c.i("scscalar")).scale(c.i("scvec")).scale(c.i("scret"));
            }
            8 | 9 => {
                w.scale(c.i("scvec"));
            }
            10 => {
                w.i16(c.int("div") as i16).i16(c.int("add") as i16).i16(c.int("sigmoid_limit") as i16);
                w.scale(c.i("scale_in")).scale(c.i("scale_out")).u8(c.u("use_tables").min(1) as u8);
            }
            11 => {
                w.scale(c.i("scale_in")).scale(c.i("scale_out")).u8(c.u("use_tables").min(1) as u8);
            }
            _ => {}
        }
        if k == 12 {
            i16s(&mut w, &c.ints("vec"), n);
            w.u32(0);
        } else {
            w.u8(0); // separate buffers
            let (a, b) = if k <= 4 { (c.ints("vec1"), c.ints("vec2")) } else { (c.ints("vec"), Vec::new()) };
            let binary = k <= 4;
            if q7 {
                i8s(&mut w, &a, n);
                i8s(&mut w, &b, if binary { n } else { 0 });
                i8s(&mut w, &[], n);
            } else {
                i16s(&mut w, &a, n);
                i16s(&mut w, &b, if binary { n } else { 0 });
                i16s(&mut w, &[], n);
            }
        }
        out.push(("utils_vector", w.out));
        // differential: op, len (<= 40), the same scalars, contents.
        if n <= 40 {
            let diff_k = [0u8, 1, 2, 3, 4, 7, 8, 9, 11, 12, 5, 6, 10][k];
            let mut d = Writer::new();
            d.u8(op(diff_k, 27, shift)).bounded(len);
            let a = if k <= 4 { c.ints("vec1") } else { c.ints("vec") };
            match k {
                0..=4 => {
                    let b = c.ints("vec2");
                    if q7 {
                        i8s(&mut d, &a, n);
                        i8s(&mut d, &b, n);
                    } else {
                        i16s(&mut d, &a, n);
                        i16s(&mut d, &b, n);
                    }
                    let names: &[&str] = match k {
                        0 => &["scvec1", "scvec2", "scret", "demote"],
                        1 | 2 => &["scvec1", "scvec2", "scret"],
                        _ => &["scvec1", "scvec2"],
                    };
                    for s in names {
                        d.scale(c.i(s));
                    }
                }
                5..=7 => {
                    d.i16(c.int("scalar") as i16);
                    i16s(&mut d, &a, n);
                    d.scale(c.i("scscalar")).scale(c.i("scvec")).scale(if k == 7 { 0 } else { c.i("scret") });
                }
                8 | 9 => {
                    i16s(&mut d, &a, n);
                    d.scale(c.i("scvec"));
                }
                10 => {
                    i16s(&mut d, &a, n);
                    d.i16(c.int("div") as i16).i16(c.int("add") as i16).i16(c.int("sigmoid_limit") as i16);
                    d.scale(c.i("scale_in")).scale(c.i("scale_out")).u8(c.u("use_tables").min(1) as u8);
                }
                11 => {
                    i16s(&mut d, &a, n);
                    d.scale(c.i("scale_in")).scale(c.i("scale_out")).u8(c.u("use_tables").min(1) as u8);
                }
                _ => i16s(&mut d, &a, n),
            }
            out.push(("differential", d.out));
        }
        return out;
    }
    match f {
        "q15_m_mulvec" | "q15xq7_q15_m_mulvec" => {
            let q7 = f.starts_with("q15xq7");
            let (r, cols) = (c.u("nrows"), c.u("ncols"));
            let mut w = Writer::new();
            w.u8(0).u8(op(q7 as u8, 5, shift)).dim(r).dim(cols);
            for s in ["scmat", "scvec", "scret"] {
                w.scale(c.i(s));
            }
            w.u8(0);
            i16s(&mut w, &c.ints("mat"), (r * cols) as usize);
            if q7 {
                i8s(&mut w, &c.ints("vec"), cols as usize);
            } else {
                i16s(&mut w, &c.ints("vec"), cols as usize);
            }
            i16s(&mut w, &[], r as usize);
            out.push(("utils_matrix", w.out));
        }
        "q15_m_sparse_mulvec" | "q15xq7_q15_m_sparse_mulvec" => {
            let q7 = f.starts_with("q15xq7");
            let nelem = c.u("nelem");
            let ids = c.ints("row_indices");
            let mut w = Writer::new();
            w.u8(0).u8(op(2 + q7 as u8, 5, shift)).small_dim(nelem, 40);
            let mut nrows = 0;
            for col in ids.split(|&x| x == 0).take(nelem as usize) {
                w.u8(col.len().min(63) as u8);
                for &row in col.iter().take(63) {
                    nrows = nrows.max(row as usize);
                    if row <= 40 {
                        w.u8(row as u8 - 1);
                    } else {
                        w.u8(0xFF).dim(row as u32);
                    }
                }
            }
            for s in ["scmat", "scvec", "scret"] {
                w.scale(c.i(s));
            }
            let vals = c.ints("mat_values");
            i16s(&mut w, &vals, vals.len());
            if q7 {
                i8s(&mut w, &c.ints("vec"), nelem as usize);
            } else {
                i16s(&mut w, &c.ints("vec"), nelem as usize);
            }
            i16s(&mut w, &c.ints("ret_in"), nrows);
            out.push(("utils_matrix", w.out));
        }
        "q15_m_reverse" => {
            let (r, cols) = (c.u("nrows"), c.u("ncols"));
            let mut w = Writer::new();
            w.u8(0).u8(4).dim(r).dim(cols).u8(c.u("axis").min(2) as u8).u8(0);
            i16s(&mut w, &c.ints("mat"), (r * cols) as usize);
            i16s(&mut w, &[], (r * cols) as usize);
            out.push(("utils_matrix", w.out));
        }
        "q7_t_add" | "q15_t_add" | "q7xq15_q7_t_add_vec" | "q15_t_add_vec" | "q7_t_relu" | "q15_t_l2_norm" => {
            let k = ["q7_t_add", "q15_t_add", "q7xq15_q7_t_add_vec", "q15_t_add_vec", "q7_t_relu", "q15_t_l2_norm"]
                .iter()
                .position(|&n| n == f)
                .unwrap_or(0) as u8;
            let d = [c.u("nbatches"), c.u("nrows"), c.u("ncols"), c.u("nchannels")];
            let n = d.iter().map(|&x| x as usize).product::<usize>();
            let nch = d[3] as usize;
            let mut w = Writer::new();
            w.u8(0).u8(op(k, 6, shift));
            for x in d {
                w.dim(x);
            }
            let q7_in = k == 0 || k == 2 || k == 4;
            match k {
                0 | 1 => {
                    for s in ["scten1", "scten2", "scret"] {
                        w.scale(c.i(s));
                    }
                }
                2 | 3 => {
                    for s in ["scten", "scvec", "scret"] {
                        w.scale(c.i(s));
                    }
                }
                4 => {
                    w.i8(c.int("limit") as i8).i8(c.int("div") as i8);
                }
                _ => {
                    w.scale(c.i("scale_in")).scale(c.i("scale_out"));
                }
            }
            w.u8(0);
            let (a, b, b_len) = match k {
                0 | 1 => (c.ints("ten1"), c.ints("ten2"), n),
                2 | 3 => (c.ints("ten"), c.ints("vec"), nch),
                _ => (c.ints("ten"), Vec::new(), 0),
            };
            if q7_in {
                i8s(&mut w, &a, n);
            } else {
                i16s(&mut w, &a, n);
            }
            if k == 0 {
                i8s(&mut w, &b, b_len);
            } else if k != 5 {
                i16s(&mut w, &b, b_len);
            }
            if q7_in {
                i8s(&mut w, &[], n);
            } else {
                i16s(&mut w, &[], n);
            }
            out.push(("utils_tensor", w.out));
        }
        "q7xq15_q7_convolution" | "q7xq15_q15_convolution" | "q15_convolution" => {
            let k = ["q7xq15_q7_convolution", "q7xq15_q15_convolution", "q15_convolution"].iter().position(|&n| n == f).unwrap_or(0) as u8;
            let u = |s: &str| c.u(s);
            let mut w = Writer::new();
            w.u8(0).u8(op(k, 3, shift)).small_dim(u("N"), 3);
            for s in ["H", "W", "CIn", "HF", "WF", "CF"] {
                w.dim(u(s));
            }
            w.small_dim(u("COut"), 4).dim(u("HOut")).dim(u("WOut")).small_dim(u("G"), 3);
            for s in ["HPadU", "HPadD", "WPadL", "WPadR"] {
                w.pad(c.i(s));
            }
            for s in ["HStride", "WStride", "HDilation", "WDilation"] {
                w.small_dim(u(s), 3);
            }
            for s in ["scinput", "scoutput", "demote"] {
                w.scale(c.i(s));
            }
            w.u8(0);
            let in_len = ["N", "H", "W", "CIn"].iter().map(|s| u(s) as usize).product::<usize>();
            let f_len = ["G", "HF", "WF", "CF", "COut"].iter().map(|s| u(s) as usize).product::<usize>();
            let out_len = ["N", "HOut", "WOut", "G", "COut"].iter().map(|s| u(s) as usize).product::<usize>();
            if k == 2 {
                i16s(&mut w, &c.ints("input"), in_len);
            } else {
                i8s(&mut w, &c.ints("input"), in_len);
            }
            i16s(&mut w, &c.ints("filter"), f_len);
            if k == 0 {
                i8s(&mut w, &[], out_len);
            } else {
                i16s(&mut w, &[], out_len);
            }
            out.push(("utils_conv", w.out));
        }
        "q15_fastgrnn" | "q7xq15_q15_fastgrnn" | "q15_fastgrnn_lr" => {
            let lr = f.ends_with("_lr");
            let q7 = f.starts_with("q7");
            let (hd, id, steps) = (c.u("hiddenDims"), c.u("inputDims"), c.u("steps"));
            let norm = c.int("normalize") != 0;
            let v = if lr { 8 + shift as u8 } else { (q7 as u8) * 4 + (shift as u8) * 2 + sparse as u8 };
            let mut w = Writer::new();
            w.u8(0).u8(v).small_dim(hd, 12).small_dim(id, 12).small_dim(steps, 5);
            w.u8(c.int("backward").clamp(0, 1) as u8).u8(norm as u8).u8(0);
            let (hdu, idu, inputs) = (hd as usize, id as usize, (steps * id) as usize);
            let nl = if norm { inputs } else { 0 };
            let xs = |w: &mut Writer, k: &str, n: usize| if q7 { i8s(w, &c.ints(k), n) } else { i16s(w, &c.ints(k), n) };
            let tail = |key: &str| c.scale_field("scales", key) as i16;
            let tables = [c.scale_field("scales", "useTableSigmoid") as u32, c.scale_field("scales", "useTableTanH") as u32];
            if lr {
                let (wr, ur) = (c.u("wRank"), c.u("uRank"));
                w.small_dim(wr, 6).small_dim(ur, 6);
                tinyrnn_fuzz::grnn::write_scales(&mut w, &c.scale_struct("scales", &LR_SCALES), [tail("sigmoidLimit"), tail("div"), tail("add"), tail("qOne")], tables);
                i16s(&mut w, &c.ints("hiddenState"), hdu);
                i16s(&mut w, &c.ints("input"), inputs);
                i16s(&mut w, &c.ints("mean"), nl);
                i16s(&mut w, &c.ints("stdDev"), nl);
                i16s(&mut w, &c.ints("W1"), (wr * id) as usize);
                i16s(&mut w, &c.ints("W2"), (hd * wr) as usize);
                i16s(&mut w, &c.ints("U1"), (ur * hd) as usize);
                i16s(&mut w, &c.ints("U2"), (hd * ur) as usize);
                i16s(&mut w, &c.ints("Bg"), hdu);
                i16s(&mut w, &c.ints("Bh"), hdu);
                i16s(&mut w, &[], 2 * hdu + (wr + ur) as usize + idu);
            } else {
                tinyrnn_fuzz::grnn::write_scales(&mut w, &c.scale_struct("scales", &DENSE_SCALES), [tail("div"), tail("add"), tail("sigmoidLimit"), tail("qOne")], tables);
                let encode = |w: &mut Writer, ids: &[i64], ncols: u32| {
                    for col in ids.split(|&x| x == 0).take(ncols as usize) {
                        w.u8(col.len().min(15) as u8);
                        for &row in col.iter().take(15) {
                            w.u8(if row >= 1 && row <= hd as i64 && row < 0xFE { (row - 1) as u8 } else { 0xFE });
                        }
                    }
                };
                if sparse {
                    encode(&mut w, &c.ints("Wids"), id);
                    encode(&mut w, &c.ints("Uids"), hd);
                }
                i16s(&mut w, &c.ints("hiddenState"), hdu);
                xs(&mut w, "input", inputs);
                xs(&mut w, "mean", nl);
                xs(&mut w, "stdDev", nl);
                if sparse {
                    let (wv, uv) = (c.ints("Wvals"), c.ints("Uvals"));
                    i16s(&mut w, &wv, wv.len());
                    i16s(&mut w, &uv, uv.len());
                } else {
                    i16s(&mut w, &c.ints("W"), hdu * idu);
                    i16s(&mut w, &c.ints("U"), hdu * hdu);
                }
                i16s(&mut w, &c.ints("Bg"), hdu);
                i16s(&mut w, &c.ints("Bh"), hdu);
                i16s(&mut w, &[], 2 * hdu);
                if q7 {
                    i8s(&mut w, &[], idu);
                } else {
                    i16s(&mut w, &[], idu);
                }
            }
            w.i16(c.int("sigmoid_zeta") as i16).i16(c.int("sigmoid_nu") as i16);
            out.push(("fastgrnn", w.out));
            out.extend(diff_fastgrnn(f, shift, sparse, c).map(|b| ("diff_fastgrnn", b)));
        }
        "q15_rnnpool_block" | "q7xq15_q15_rnnpool_block" => {
            let q7 = f.starts_with("q7");
            let (id, pd, stride, hd1, hd2) = (c.u("inputDims"), c.u("patchDim"), c.u("stride"), c.u("hiddenDims1"), c.u("hiddenDims2"));
            let mut w = Writer::new();
            w.u8(0).u8(op(2 * q7 as u8 + shift as u8, 4, false));
            w.small_dim(id, 4).small_dim(pd, 6).small_dim(stride, 6).small_dim(hd1, 5).small_dim(hd2, 5);
            for s in ["ShR1", "ShL1", "ShR2", "ShL2"] {
                w.scale(c.i(s));
            }
            // rnn1 and rnn2: tinyrnn's FastGRNN with the recorded weights (Bg for both biases).
            w.u8(0x0F);
            for (pfx, h, i) in [("rnn1_", hd1, id), ("rnn2_", hd2, hd1)] {
                i16s(&mut w, &c.ints(&format!("{pfx}W")), (h * i) as usize);
                i16s(&mut w, &c.ints(&format!("{pfx}U")), (h * h) as usize);
                i16s(&mut w, &c.ints(&format!("{pfx}Bg")), h as usize);
                let key = format!("{pfx}scales");
                tinyrnn_fuzz::grnn::write_scales(
                    &mut w,
                    &c.scale_struct(&key, &DENSE_SCALES),
                    [c.scale_field(&key, "div") as i16, c.scale_field(&key, "add") as i16, c.scale_field(&key, "sigmoidLimit") as i16, c.scale_field(&key, "qOne") as i16],
                    [c.scale_field(&key, "useTableSigmoid") as u32, c.scale_field(&key, "useTableTanH") as u32],
                );
                w.i16(c.int(&format!("{pfx}zeta")) as i16).i16(c.int(&format!("{pfx}nu")) as i16);
            }
            w.u8(0);
            let p_len = if pd == 0 { 0 } else { ((stride * (pd - 1) + pd) * id) as usize };
            if q7 {
                i8s(&mut w, &c.ints("patch"), p_len);
            } else {
                i16s(&mut w, &c.ints("patch"), p_len);
            }
            out.push(("rnnpool", w.out));
            out.extend(diff_rnnpool(q7, shift, c).map(|b| ("diff_rnnpool", b)));
        }
        "v_relu" | "v_sigmoid" | "v_tanh" | "v_quantSigmoid" | "v_quantTanh" => {
            let k = ["v_relu", "v_sigmoid", "v_tanh", "v_quantSigmoid", "v_quantTanh"].iter().position(|&n| n == f).unwrap_or(0) as u8;
            let len = c.u("len");
            let mut w = Writer::new();
            w.u8(0).u8(1 + k).dim(len).u8(0);
            f32s(&mut w, &c.floats("vec"), len as usize);
            f32s(&mut w, &[], len as usize);
            out.push(("float_utils", w.out));
        }
        "v_add" | "v_mult" | "v_div" => {
            let k = ["v_add", "v_mult", "v_div"].iter().position(|&n| n == f).unwrap_or(0) as u8;
            let len = c.u("len");
            let mut w = Writer::new();
            w.u8(0).u8(6 + k).dim(len).f32(c.f32("scalar1")).f32(c.f32("scalar2")).u8(0);
            f32s(&mut w, &c.floats("vec1"), len as usize);
            f32s(&mut w, &c.floats("vec2"), len as usize);
            f32s(&mut w, &[], len as usize);
            out.push(("float_utils", w.out));
        }
        "matVec" => {
            let (r, cols) = (c.u("nrows"), c.u("ncols"));
            let mut w = Writer::new();
            w.u8(0).u8(9).dim(r).dim(cols).f32(c.f32("alpha")).f32(c.f32("beta")).u8(0);
            f32s(&mut w, &c.floats("mat"), (r * cols) as usize);
            f32s(&mut w, &c.floats("vec"), cols as usize);
            f32s(&mut w, &c.floats("ret_in"), r as usize);
            out.push(("float_utils", w.out));
        }
        "l2squared" => {
            let n = c.u("dim");
            let mut w = Writer::new();
            w.u8(0).u8(10).dim(n);
            f32s(&mut w, &c.floats("vec1"), n as usize);
            f32s(&mut w, &c.floats("vec2"), n as usize);
            out.push(("float_utils", w.out));
        }
        "softmax" => {
            let n = c.u("len");
            let mut w = Writer::new();
            w.u8(0).u8(12).dim(n).u8(0);
            f32s(&mut w, &c.floats("input"), n as usize);
            f32s(&mut w, &[], n as usize);
            out.push(("float_utils", w.out));
        }
        "FC" => {
            let (k, classes) = (c.u("inputLen"), c.u("numClasses"));
            let mut w = Writer::new();
            w.u8(0).u8(13).dim(k).dim(classes).u8(0);
            f32s(&mut w, &c.floats("FCweights"), (k * classes) as usize);
            f32s(&mut w, &c.floats("FCbias"), classes as usize);
            f32s(&mut w, &c.floats("input"), k as usize);
            f32s(&mut w, &[], classes as usize);
            out.push(("float_utils", w.out));
        }
        "fastgrnn" | "fastgrnn_lr" => {
            let lr = f == "fastgrnn_lr";
            let (hd, id, steps) = (c.u("hiddenDims"), c.u("inputDims"), c.u("steps"));
            let norm = c.int("normalize") != 0;
            let (hdu, idu, inputs) = (hd as usize, id as usize, (steps * id) as usize);
            let nl = if norm { inputs } else { 0 };
            let mut w = Writer::new();
            w.u8(0).u8(lr as u8).small_dim(hd, 12).small_dim(id, 12).small_dim(steps, 5);
            w.u8(c.int("backward").clamp(0, 1) as u8).u8(norm as u8);
            let (wr, ur) = (c.u("wRank"), c.u("uRank"));
            if lr {
                w.small_dim(wr, 6).small_dim(ur, 6);
            }
            w.u8(0);
            f32s(&mut w, &c.floats("hiddenState"), hdu);
            f32s(&mut w, &c.floats("input"), inputs);
            f32s(&mut w, &c.floats("mean"), nl);
            f32s(&mut w, &c.floats("stdDev"), nl);
            if lr {
                f32s(&mut w, &c.floats("W1"), (wr * id) as usize);
                f32s(&mut w, &c.floats("W2"), (hd * wr) as usize);
                f32s(&mut w, &c.floats("U1"), (ur * hd) as usize);
                f32s(&mut w, &c.floats("U2"), (hd * ur) as usize);
            } else {
                f32s(&mut w, &c.floats("W"), hdu * idu);
                f32s(&mut w, &c.floats("U"), hdu * hdu);
            }
            f32s(&mut w, &c.floats("Bg"), hdu);
            f32s(&mut w, &c.floats("Bh"), hdu);
            w.f32(c.f32("sigmoid_zeta")).f32(c.f32("sigmoid_nu"));
            out.push(("float_rnn", w.out));
        }
        "rnnpool_block" => {
            let (id, pd, stride, hd1, hd2) = (c.u("inputDims"), c.u("patchDim"), c.u("stride"), c.u("hiddenDims1"), c.u("hiddenDims2"));
            let mut w = Writer::new();
            w.u8(0).u8(2).small_dim(id, 4).small_dim(pd, 6).small_dim(stride, 6).small_dim(hd1, 5).small_dim(hd2, 5).u8(0x33);
            let p_len = if pd == 0 { 0 } else { ((stride * (pd - 1) + pd) * id) as usize };
            f32s(&mut w, &c.floats("patch"), p_len);
            out.push(("float_rnn", w.out));
        }
        _ => {}
    }
    out
}

/// The FastGRNN arguments in `diff_fastgrnn`'s format (`None` when the
/// shape is beyond what it reads).
fn fastgrnn_fields(w: &mut Writer, c: &Case, q7: bool, lr: bool, sparse: bool, normalize: bool) -> Option<()> {
    let (hd, id, steps) = (c.u("hiddenDims"), c.u("inputDims"), c.u("steps"));
    if hd > 16 || id > 16 || steps > 8 {
        return None;
    }
    let (hdu, idu, inputs) = (hd as usize, id as usize, (steps * id) as usize);
    let nl = if normalize { inputs } else { 0 };
    let xs = |w: &mut Writer, key: &str, n: usize| if q7 { i8s(w, &c.ints(key), n) } else { i16s(w, &c.ints(key), n) };
    let tail = |key: &str| c.scale_field("scales", key) as i16;
    let tables = [c.scale_field("scales", "useTableSigmoid") as u32, c.scale_field("scales", "useTableTanH") as u32];
    let (wr, ur) = (c.u("wRank"), c.u("uRank"));
    if lr {
        if wr > 8 || ur > 8 {
            return None;
        }
        w.bounded(wr).bounded(ur);
        tinyrnn_fuzz::grnn::write_scales(w, &c.scale_struct("scales", &LR_SCALES), [tail("sigmoidLimit"), tail("div"), tail("add"), tail("qOne")], tables);
    } else {
        tinyrnn_fuzz::grnn::write_scales(w, &c.scale_struct("scales", &DENSE_SCALES), [tail("div"), tail("add"), tail("sigmoidLimit"), tail("qOne")], tables);
    }
    if sparse {
        for (key, ncols) in [("Wids", id), ("Uids", hd)] {
            let ids = c.ints(key);
            let cols: Vec<&[i64]> = ids.split(|&x| x == 0).take(ncols as usize).collect();
            if cols.len() < ncols as usize || cols.iter().any(|col| col.len() > 15 || col.iter().any(|&r| r < 1 || r > hd as i64)) {
                return None;
            }
            for col in cols {
                w.u8(col.len() as u8);
                for &row in col {
                    w.u8((row - 1) as u8);
                }
            }
        }
    }
    i16s(w, &c.ints("hiddenState"), hdu);
    xs(w, "input", inputs);
    xs(w, "mean", nl);
    xs(w, "stdDev", nl);
    if lr {
        i16s(w, &c.ints("W1"), (wr * id) as usize);
        i16s(w, &c.ints("W2"), (hd * wr) as usize);
        i16s(w, &c.ints("U1"), (ur * hd) as usize);
        i16s(w, &c.ints("U2"), (hd * ur) as usize);
    } else if sparse {
        let (wv, uv) = (c.ints("Wvals"), c.ints("Uvals"));
        i16s(w, &wv, wv.len());
        i16s(w, &uv, uv.len());
    } else {
        i16s(w, &c.ints("W"), hdu * idu);
        i16s(w, &c.ints("U"), hdu * hdu);
    }
    i16s(w, &c.ints("Bg"), hdu);
    i16s(w, &c.ints("Bh"), hdu);
    w.i16(c.int("sigmoid_zeta") as i16).i16(c.int("sigmoid_nu") as i16);
    Some(())
}

/// A recorded FastGRNN call as a `diff_fastgrnn` input.
fn diff_fastgrnn(f: &str, shift: bool, sparse: bool, c: &Case) -> Option<Vec<u8>> {
    let lr = f.ends_with("_lr");
    let q7 = f.starts_with("q7");
    let v = if lr { 8 + shift as u8 } else { (q7 as u8) * 4 + (shift as u8) * 2 + sparse as u8 };
    let (hd, id, steps) = (c.u("hiddenDims"), c.u("inputDims"), c.u("steps"));
    let norm = c.int("normalize") != 0;
    let mut w = Writer::new();
    w.u8(v).bounded(hd.min(255)).bounded(id.min(255)).bounded(steps.min(255));
    w.u8(c.int("backward").clamp(0, 1) as u8).u8(norm as u8);
    fastgrnn_fields(&mut w, c, q7, lr, sparse, norm)?;
    Some(w.out)
}

/// A recorded RNNPool call as a `diff_rnnpool` input (`None` beyond its shapes).
fn diff_rnnpool(q7: bool, shift: bool, c: &Case) -> Option<Vec<u8>> {
    let (id, pd, stride, hd1, hd2) = (c.u("inputDims"), c.u("patchDim"), c.u("stride"), c.u("hiddenDims1"), c.u("hiddenDims2"));
    if id > 8 || pd > 8 || stride > 10 || hd1 > 8 || hd2 > 8 {
        return None;
    }
    let mut w = Writer::new();
    w.u8(shift as u8 | (q7 as u8) << 1).bounded(id).bounded(pd).bounded(stride).bounded(hd1).bounded(hd2);
    for s in ["ShR1", "ShL1", "ShR2", "ShL2"] {
        w.scale(c.i(s));
    }
    for (pfx, h, i) in [("rnn1_", hd1, id), ("rnn2_", hd2, hd1)] {
        let key = format!("{pfx}scales");
        tinyrnn_fuzz::grnn::write_scales(
            &mut w,
            &c.scale_struct(&key, &DENSE_SCALES),
            [c.scale_field(&key, "div") as i16, c.scale_field(&key, "add") as i16, c.scale_field(&key, "sigmoidLimit") as i16, c.scale_field(&key, "qOne") as i16],
            [c.scale_field(&key, "useTableSigmoid") as u32, c.scale_field(&key, "useTableTanH") as u32],
        );
        i16s(&mut w, &c.ints(&format!("{pfx}W")), (h * i) as usize);
        i16s(&mut w, &c.ints(&format!("{pfx}U")), (h * h) as usize);
        i16s(&mut w, &c.ints(&format!("{pfx}Bg")), h as usize);
        i16s(&mut w, &c.ints(&format!("{pfx}Bh")), h as usize);
        w.i16(c.int(&format!("{pfx}zeta")) as i16).i16(c.int(&format!("{pfx}nu")) as i16);
    }
    let p_len = if pd == 0 { 0 } else { ((stride * (pd - 1) + pd) * id) as usize };
    if q7 {
        i8s(&mut w, &c.ints("patch"), p_len);
    } else {
        i16s(&mut w, &c.ints("patch"), p_len);
    }
    Some(w.out)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: seed_corpus <vectors dir> <corpus dir> [max per function and mode]");
        std::process::exit(2);
    }
    let (vectors, corpus) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let max: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(16);
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut written: HashMap<&'static str, usize> = HashMap::new();
    for file in ["div.jsonl", "shift.jsonl", "div_sparse.jsonl", "shift_sparse.jsonl"] {
        let path = vectors.join(file);
        let Ok(text) = fs::read_to_string(&path) else {
            eprintln!("seed_corpus: {} is missing, skipped", path.display());
            continue;
        };
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
            let f = v["fn"].as_str().unwrap_or("");
            let shift = v["mode"].as_str() == Some("shift");
            let sparse = v["sparse"].as_bool().unwrap_or(false);
            let key = format!("{f}-{}{}", if shift { "shift" } else { "div" }, if sparse { "-sparse" } else { "" });
            let n = count.entry(key.clone()).or_insert(0);
            if *n >= max {
                continue;
            }
            *n += 1;
            let case = v["case"].as_i64().unwrap_or(0);
            for (target, bytes) in seeds(f, shift, sparse, &Case { args: &v["args"] }) {
                let dir = corpus.join(target);
                fs::create_dir_all(&dir).expect("create the corpus directory");
                fs::write(dir.join(format!("{key}-{case}")), bytes).expect("write a seed");
                *written.entry(target).or_insert(0) += 1;
            }
        }
    }
    let mut summary: Vec<_> = written.into_iter().collect();
    summary.sort();
    for (target, n) in summary {
        println!("seed_corpus: {n:>5} seeds for {target} in {}", Path::new(&corpus).join(target).display());
    }
}
