//! Shared by the `tests/cells_*.rs` tests: loading `cells.jsonl`, building
//! each cell's stacked float weights from its parameters, quantizing them
//! with the library's calibration, and running float and Q15 cells through
//! the Rust API.
#![allow(dead_code)]

use serde_json::{Map, Value};
use tinyrnn::cells::calibrate::{self, Calibration, FastGrnnCalibration, Ranges};
use tinyrnn::cells::float::{self as cf, Matrix};
use tinyrnn::cells::formats::{int4_exponent, pack_int4, pack_pow2};
use tinyrnn::cells::q15 as cq;
use tinyrnn::cells::{Buffers, CellKind};
use tinyrnn::float::{FastGrnnBuffers, FastGrnnParams};
use tinyrnn::q15::fastgrnn::{FastGrnn, Scratch};
use tinyrnn::Scale;

pub const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/cell-vectors/cells.jsonl");

/// `true` when `CI` is set to something other than empty, `0` or `false`.
pub fn ci() -> bool {
    matches!(std::env::var("CI"), Ok(v) if !v.is_empty() && v != "0" && v != "false")
}

pub fn kind_of(name: &str) -> CellKind {
    *CellKind::ALL.iter().find(|k| k.name() == name).unwrap_or_else(|| panic!("unknown cell {name:?}"))
}

/// One line of `cells.jsonl`.
pub struct Case {
    pub model: Model,
    pub case: u64,
    pub steps: usize,
    pub h0: Vec<f32>,
    pub x: Vec<f32>,
    pub h_steps: Vec<Vec<f32>>,
}

/// Every case, or `None` (with a warning) when the vectors are missing
/// outside CI. Under CI a missing file fails the test.
pub fn load_cases() -> Option<Vec<Case>> {
    let text = match std::fs::read_to_string(VECTORS) {
        Ok(t) => t,
        Err(e) => {
            assert!(!ci(), "cell vectors missing at {VECTORS} ({e}); they are required when CI is set");
            eprintln!("warning: cell vectors missing at {VECTORS} ({e}); skipping");
            return None;
        }
    };
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let num = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("line {}: no {k}", n + 1)) as usize;
        let list = |v: &Value| -> Vec<f32> { v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number") as f32).collect() };
        let kind = kind_of(v["cell"].as_str().expect("cell"));
        let (d, h) = (num("D"), num("H"));
        let params = v["params"].as_object().expect("params");
        cases.push(Case {
            model: Model::from_params(kind, d, h, params),
            case: num("case") as u64,
            steps: num("steps"),
            h0: list(&v["h0"]),
            x: list(&v["x"]),
            h_steps: v["h_steps"].as_array().expect("h_steps").iter().map(list).collect(),
        });
    }
    Some(cases)
}

/// A cell's float weights, stacked as the library takes them.
#[derive(Clone, Debug)]
pub struct Model {
    pub kind: CellKind,
    pub d: usize,
    pub h: usize,
    pub w: Vec<f32>,
    pub u: Vec<f32>,
    pub u_h: Vec<f32>,
    pub b: Vec<f32>,
    /// GRU's `bias_hh`; FastGRNN's `b_h`.
    pub b2: Vec<f32>,
    /// FastRNN's α (FastGRNN's ζ).
    pub alpha: f32,
    /// FastRNN's β (FastGRNN's ν).
    pub beta: f32,
}

impl Model {
    pub fn from_params(kind: CellKind, d: usize, h: usize, p: &Map<String, Value>) -> Model {
        let get = |k: &str| -> Vec<f32> {
            match &p.get(k).unwrap_or_else(|| panic!("{kind:?}: no {k}")) {
                Value::Array(a) => a.iter().map(|x| x.as_f64().expect("number") as f32).collect(),
                x => vec![x.as_f64().expect("number") as f32],
            }
        };
        let cat = |ks: &[&str]| -> Vec<f32> { ks.iter().flat_map(|k| get(k)).collect() };
        let mut m = Model { kind, d, h, w: vec![], u: vec![], u_h: vec![], b: vec![], b2: vec![], alpha: 0.0, beta: 0.0 };
        match kind {
            CellKind::FastRnn => {
                (m.w, m.u, m.b) = (get("W"), get("U"), get("b"));
                (m.alpha, m.beta) = (get("alpha")[0], get("beta")[0]);
            }
            CellKind::FastGrnn => {
                (m.w, m.u, m.b, m.b2) = (get("W"), get("U"), get("b_g"), get("b_h"));
                (m.alpha, m.beta) = (get("zeta")[0], get("nu")[0]);
            }
            CellKind::Ugrnn | CellKind::SitGru | CellKind::LiGru | CellKind::Egru => {
                (m.w, m.u, m.b) = (cat(&["W_z", "W_h"]), cat(&["U_z", "U_h"]), cat(&["b_z", "b_h"]));
            }
            CellKind::Mgu => {
                (m.w, m.u, m.u_h, m.b) = (cat(&["W_f", "W_h"]), get("U_f"), get("U_h"), cat(&["b_f", "b_h"]));
            }
            CellKind::HardMgu => {
                (m.w, m.u, m.u_h) = (cat(&["W_f", "W_h"]), get("U_f"), get("U_h"));
            }
            CellKind::TinyEats => {
                m.w = cat(&["W_r", "W_z", "W_h"]);
                (m.u, m.u_h, m.b) = (cat(&["U_r", "U_z"]), get("U_h"), cat(&["b_r", "b_z", "b_h"]));
            }
            CellKind::Gru => {
                (m.w, m.u, m.b, m.b2) = (get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh"));
            }
        }
        m
    }

    /// A random model of the given shape (uniform weights in ±`scale`,
    /// exactly representable ones for eGRU and hard MGU).
    pub fn random(kind: CellKind, d: usize, h: usize, scale: f32, rng: &mut Rng) -> Model {
        let mut gen = |n: usize| -> Vec<f32> {
            (0..n)
                .map(|_| match kind {
                    CellKind::Egru => [0.0f32, 0.25, 0.5, 1.0, -0.25, -0.5, -1.0][rng.below(7)],
                    CellKind::HardMgu => (rng.below(16) as f32 - 8.0) / 8.0,
                    _ => rng.uniform(-scale, scale),
                })
                .collect()
        };
        let (bl, ub) = (kind.blocks() * h, kind.u_blocks() * h);
        let nb = if kind == CellKind::Gru { 3 * h } else { kind.bias_blocks() * h };
        let w = gen(bl * d);
        let u = gen(ub * h);
        let u_h = if kind.has_reset_u() { gen(h * h) } else { vec![] };
        let b = gen(nb);
        let b2 = match kind {
            CellKind::Gru => gen(3 * h),
            CellKind::FastGrnn => gen(h),
            _ => vec![],
        };
        let (alpha, beta) = match kind {
            CellKind::FastRnn => (0.2 + 0.3 * rng.unit(), 0.5 + 0.3 * rng.unit()),
            CellKind::FastGrnn => (0.5 + 0.5 * rng.unit(), 0.5 * rng.unit()),
            _ => (0.0, 0.0),
        };
        Model { kind, d, h, w, u, u_h, b, b2, alpha, beta }
    }

    pub fn fastgrnn_params(&self) -> FastGrnnParams<'_> {
        FastGrnnParams { mean: &[], std_dev: &[], w: &self.w, u: &self.u, bg: &self.b, bh: &self.b2, sigmoid_zeta: self.alpha, sigmoid_nu: self.beta }
    }

    /// Runs the float cell through the Rust API.
    pub fn run_float(&self, hidden: &mut [f32], x: &[f32], steps: usize, backward: bool) -> tinyrnn::error::Result {
        let n = self.kind.blocks() * self.h;
        let mut s = vec![vec![0.0f32; n.max(self.d).max(1)]; 6];
        let [a, b, c, d, e, f] = &mut s[..] else { unreachable!() };
        let mut buf = Buffers { pre_comp1: a, pre_comp2: b, pre_comp3: c, temp_lrw: d, temp_lru: e, norm_features: f };
        let (w, u, uh) = (Matrix::Dense(&self.w), Matrix::Dense(&self.u), Matrix::Dense(&self.u_h));
        let (mean, std_dev): (&[f32], &[f32]) = (&[], &[]);
        let (d, k) = (self.d, self.kind);
        match k {
            CellKind::FastRnn => cf::FastRnn { mean, std_dev, w, u, b: &self.b, alpha: self.alpha, beta: self.beta }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::FastGrnn => {
                let (mut pc, mut nf) = (vec![0.0f32; self.h], vec![0.0f32; d]);
                let mut fb = FastGrnnBuffers { pre_comp: Some(&mut pc), norm_features: Some(&mut nf) };
                tinyrnn::float::fastgrnn(hidden, x, d, steps, &self.fastgrnn_params(), &mut fb, backward, false)
            }
            CellKind::Ugrnn => cf::Ugrnn { mean, std_dev, w, u, b: &self.b }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::SitGru => cf::SitGru { mean, std_dev, w, u, b: &self.b }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::LiGru => cf::LiGru { mean, std_dev, w, u, b: &self.b }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::Egru => cf::Egru { mean, std_dev, w, u, b: &self.b }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::Mgu => cf::Mgu { mean, std_dev, w, u_f: u, u_h: uh, b: &self.b }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::HardMgu => cf::HardMgu { mean, std_dev, w, u_f: u, u_h: uh }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::TinyEats => cf::TinyEats { mean, std_dev, w, u, u_h: uh, b: &self.b }.run(hidden, x, d, steps, &mut buf, backward, false),
            CellKind::Gru => cf::Gru { mean, std_dev, weight_ih: w, weight_hh: u, bias_ih: &self.b, bias_hh: &self.b2 }.run(hidden, x, d, steps, &mut buf, backward, false),
        }
    }

    /// The library's calibration of this model.
    pub fn calibrate<S: Scale>(&self, ranges: Ranges) -> Calibration<S> {
        let (w, u, uh) = (Matrix::Dense(&self.w), Matrix::Dense(&self.u), Matrix::Dense(&self.u_h));
        let (mean, std_dev): (&[f32], &[f32]) = (&[], &[]);
        let (d, h) = (self.d, self.h);
        let r = match self.kind {
            CellKind::FastRnn => cf::FastRnn { mean, std_dev, w, u, b: &self.b, alpha: self.alpha, beta: self.beta }.calibrate(d, h, ranges),
            CellKind::Ugrnn => cf::Ugrnn { mean, std_dev, w, u, b: &self.b }.calibrate(d, h, ranges),
            CellKind::SitGru => cf::SitGru { mean, std_dev, w, u, b: &self.b }.calibrate(d, h, ranges),
            CellKind::LiGru => cf::LiGru { mean, std_dev, w, u, b: &self.b }.calibrate(d, h, ranges),
            CellKind::Egru => cf::Egru { mean, std_dev, w, u, b: &self.b }.calibrate(d, h, ranges),
            CellKind::Mgu => cf::Mgu { mean, std_dev, w, u_f: u, u_h: uh, b: &self.b }.calibrate(d, h, ranges),
            CellKind::HardMgu => cf::HardMgu { mean, std_dev, w, u_f: u, u_h: uh }.calibrate(d, h, ranges),
            CellKind::TinyEats => cf::TinyEats { mean, std_dev, w, u, u_h: uh, b: &self.b }.calibrate(d, h, ranges),
            CellKind::Gru => cf::Gru { mean, std_dev, weight_ih: w, weight_hh: u, bias_ih: &self.b, bias_hh: &self.b2 }.calibrate(d, h, ranges),
            CellKind::FastGrnn => panic!("FastGRNN is calibrated by calibrate::fastgrnn"),
        };
        r.expect("calibration")
    }
}

/// A quantized model: the calibration and the weights in the cell's format.
#[derive(Clone, Debug)]
pub struct QModel<S> {
    pub kind: CellKind,
    pub d: usize,
    pub h: usize,
    pub cal: Calibration<S>,
    /// FastGRNN only.
    pub fg: Option<FastGrnnCalibration<S>>,
    pub input_exp: i32,
    pub state_exp: i32,
    pub w: Vec<i16>,
    pub u: Vec<i16>,
    pub u_h: Vec<i16>,
    pub b: Vec<i16>,
    pub b2: Vec<i16>,
    pub w7: Vec<i8>,
    pub u7: Vec<i8>,
    pub uh7: Vec<i8>,
    pub b7: Vec<i8>,
    pub wc: Vec<u8>,
    pub uc: Vec<u8>,
    pub uhc: Vec<u8>,
    pub bc: Vec<u8>,
    pub alpha: i16,
    pub beta: i16,
}

fn q15v(v: &[f32], e: i32) -> Vec<i16> {
    let mut o = vec![0i16; v.len()];
    calibrate::quantize(v, e, &mut o).unwrap();
    o
}

fn q7v(v: &[f32], e: i32) -> Vec<i8> {
    let mut o = vec![0i8; v.len()];
    calibrate::quantize_q7(v, e, &mut o).unwrap();
    o
}

fn pow2v(v: &[f32]) -> Vec<u8> {
    let mut o = vec![0u8; (v.len() * 3).div_ceil(8)];
    pack_pow2(v, &mut o).unwrap();
    o
}

fn int4v(v: &[f32], e: i32) -> Vec<u8> {
    let mut o = vec![0u8; v.len().div_ceil(2)];
    pack_int4(v, e, &mut o).unwrap();
    o
}

impl<S: Scale> QModel<S> {
    /// Quantizes `m` with the library's calibration for `ranges`.
    pub fn new(m: &Model, ranges: Ranges) -> QModel<S> {
        let empty = QModel {
            kind: m.kind,
            d: m.d,
            h: m.h,
            cal: Calibration::unit(),
            fg: None,
            input_exp: 0,
            state_exp: 0,
            w: vec![],
            u: vec![],
            u_h: vec![],
            b: vec![],
            b2: vec![],
            w7: vec![],
            u7: vec![],
            uh7: vec![],
            b7: vec![],
            wc: vec![],
            uc: vec![],
            uhc: vec![],
            bc: vec![],
            alpha: 0,
            beta: 0,
        };
        if m.kind == CellKind::FastGrnn {
            let fg = calibrate::fastgrnn::<S>(&m.fastgrnn_params(), m.d, m.h, ranges).expect("calibration");
            return QModel {
                input_exp: fg.input_exp,
                state_exp: fg.state_exp,
                w: q15v(&m.w, fg.w.exp),
                u: q15v(&m.u, fg.u.exp),
                b: q15v(&m.b, fg.bg_exp),
                b2: q15v(&m.b2, fg.bh_exp),
                alpha: calibrate::q15_value(m.alpha, fg.zeta_exp),
                beta: calibrate::q15_value(m.beta, fg.zeta_exp),
                fg: Some(fg),
                ..empty
            };
        }
        let cal = m.calibrate::<S>(ranges);
        let mut q = QModel { cal, input_exp: cal.input_exp, state_exp: cal.state_exp, ..empty };
        match m.kind {
            CellKind::TinyEats => {
                (q.w7, q.u7, q.uh7, q.b7) = (q7v(&m.w, cal.w.exp), q7v(&m.u, cal.u.exp), q7v(&m.u_h, cal.u_h.exp), q7v(&m.b, cal.b_exp));
            }
            CellKind::Egru => (q.wc, q.uc, q.bc) = (pow2v(&m.w), pow2v(&m.u), pow2v(&m.b)),
            CellKind::HardMgu => {
                assert_eq!(cal.w.exp, int4_exponent(&m.w));
                (q.wc, q.uc, q.uhc) = (int4v(&m.w, cal.w.exp), int4v(&m.u, cal.u.exp), int4v(&m.u_h, cal.u_h.exp));
            }
            _ => {
                (q.w, q.u, q.u_h) = (q15v(&m.w, cal.w.exp), q15v(&m.u, cal.u.exp), q15v(&m.u_h, cal.u_h.exp));
                (q.b, q.b2) = (q15v(&m.b, cal.b_exp), q15v(&m.b2, cal.b2_exp));
                q.alpha = calibrate::q15_value(m.alpha, cal.scalar_exp);
                q.beta = calibrate::q15_value(m.beta, cal.scalar_exp);
            }
        }
        q
    }

    pub fn input(&self, x: &[f32]) -> Vec<i16> {
        q15v(x, self.input_exp)
    }

    pub fn state(&self, h: &[f32]) -> Vec<i16> {
        q15v(h, self.state_exp)
    }

    pub fn state_value(&self, q: i16) -> f32 {
        q as f32 / (self.state_exp as f32).exp2()
    }

    /// Runs the Q15 cell through the Rust API.
    pub fn run(&self, hidden: &mut [i16], x: &[i16], steps: usize, backward: bool) -> tinyrnn::error::Result {
        let n = self.kind.blocks() * self.h;
        let mut s = vec![vec![0i16; n.max(self.d).max(1)]; 6];
        let [a, b, c, d, e, f] = &mut s[..] else { unreachable!() };
        let mut buf = Buffers { pre_comp1: a, pre_comp2: b, pre_comp3: c, temp_lrw: d, temp_lru: e, norm_features: f };
        let (mean, std_dev): (&[i16], &[i16]) = (&[], &[]);
        let c = &self.cal;
        let sc = c.scales;
        let (dd, k) = (self.d, self.kind);
        match k {
            CellKind::FastGrnn => {
                let fg = self.fg.as_ref().expect("fastgrnn calibration");
                let cell = FastGrnn {
                    mean,
                    std_dev,
                    w: fg.w.dense(&self.w),
                    u: fg.u.dense(&self.u),
                    bg: &self.b,
                    bh: &self.b2,
                    sigmoid_zeta: self.alpha,
                    sigmoid_nu: self.beta,
                    scales: fg.scales,
                    mode: std::marker::PhantomData,
                };
                let (mut wx, mut uh, mut nf) = (vec![0i16; self.h], vec![0i16; self.h], vec![0i16; dd]);
                let mut scratch = Scratch { wx: &mut wx, uh: &mut uh, features: &mut nf, temp_w: &mut [], temp_u: &mut [] };
                cell.run(hidden, x, steps, backward, false, &mut scratch)
            }
            CellKind::FastRnn => cq::FastRnn { mean, std_dev, w: c.w.dense(&self.w), u: c.u.dense(&self.u), b: &self.b, alpha: self.alpha, beta: self.beta, scales: sc }
                .run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::Ugrnn => cq::Ugrnn { mean, std_dev, w: c.w.dense(&self.w), u: c.u.dense(&self.u), b: &self.b, scales: sc }.run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::SitGru => cq::SitGru { mean, std_dev, w: c.w.dense(&self.w), u: c.u.dense(&self.u), b: &self.b, scales: sc }.run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::LiGru => cq::LiGru { mean, std_dev, w: c.w.dense(&self.w), u: c.u.dense(&self.u), b: &self.b, scales: sc }.run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::Egru => cq::Egru { mean, std_dev, w: &self.wc, u: &self.uc, b: &self.bc, w_scales: c.w.scales, u_scales: c.u.scales, scales: sc }
                .run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::Mgu => cq::Mgu { mean, std_dev, w: c.w.dense(&self.w), u_f: c.u.dense(&self.u), u_h: c.u_h.dense(&self.u_h), b: &self.b, scales: sc }
                .run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::HardMgu => cq::HardMgu {
                mean,
                std_dev,
                w: &self.wc,
                u_f: &self.uc,
                u_h: &self.uhc,
                w_scales: c.w.scales,
                u_f_scales: c.u.scales,
                u_h_scales: c.u_h.scales,
                scales: sc,
            }
            .run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::TinyEats => cq::TinyEats {
                mean,
                std_dev,
                w: &self.w7,
                u: &self.u7,
                u_h: &self.uh7,
                b: &self.b7,
                w_scales: c.w.scales,
                u_scales: c.u.scales,
                u_h_scales: c.u_h.scales,
                scales: sc,
            }
            .run(hidden, x, dd, steps, &mut buf, backward, false),
            CellKind::Gru => cq::Gru { mean, std_dev, weight_ih: c.w.dense(&self.w), weight_hh: c.u.dense(&self.u), bias_ih: &self.b, bias_hh: &self.b2, scales: sc }
                .run(hidden, x, dd, steps, &mut buf, backward, false),
        }
    }
}

/// A small deterministic generator (xorshift64*), so runs are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn uniform(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
