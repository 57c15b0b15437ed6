//! The Python extension `tinyrnn._native`: the library's own cells, called
//! from NumPy. Deliberately thin: arrays cross as little-endian bytes (the
//! Python side wraps them in NumPy arrays), calibrations as flat
//! `{"path.of.field": int}` dicts, weights under each cell's C parameter
//! names (`W`, `U`, `B`, `weight_ih`, …). Every number comes from
//! `tinyrnn::cells` / `tinyrnn::q15::fastgrnn` / `tinyrnn::float`, the code
//! the firmware links.

use std::collections::HashMap;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tinyrnn::cells::calibrate::{self as cal, Calibration, FastGrnnCalibration, Ranges};
use tinyrnn::cells::{float, formats, q15, Buffers, CellKind};
use tinyrnn::float::{FastGrnnBuffers, FastGrnnParams};
use tinyrnn::q15::fastgrnn::{FastGrnn, Projection, Scratch};
use tinyrnn::{Divisor, Exponent, Scale};

type Map = HashMap<String, i64>;
type Arrays = HashMap<String, Vec<u8>>;

fn err<E: std::fmt::Debug>(e: E) -> PyErr {
    PyValueError::new_err(format!("tinyrnn: {e:?}"))
}

fn kind_of(name: &str) -> PyResult<CellKind> {
    CellKind::ALL
        .into_iter()
        .find(|k| k.name() == name)
        .ok_or_else(|| PyValueError::new_err(format!("unknown cell {name:?}")))
}

fn f32s(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn i16s(b: &[u8]) -> Vec<i16> {
    b.chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect()
}

fn i8s(b: &[u8]) -> Vec<i8> {
    b.iter().map(|&v| v as i8).collect()
}

fn bytes_of_i16(v: &[i16]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn bytes_of_f32(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn get<'a>(a: &'a Arrays, name: &str) -> PyResult<&'a [u8]> {
    a.get(name)
        .map(|v| v.as_slice())
        .ok_or_else(|| PyValueError::new_err(format!("missing weight {name:?}")))
}

/// Reads a map entry (missing entries are an error: a saved model is whole).
fn value(m: &Map, key: &str) -> PyResult<i64> {
    m.get(key)
        .copied()
        .ok_or_else(|| PyValueError::new_err(format!("calibration lacks {key:?}")))
}

macro_rules! to_raw {
    (S, $v:expr) => {
        $v.raw() as i64
    };
    (I, $v:expr) => {
        $v as i64
    };
    (Q, $v:expr) => {
        $v as i64
    };
    (B, $v:expr) => {
        $v as i64
    };
    (U, $v:expr) => {
        $v as i64
    };
}

macro_rules! from_raw {
    (S, $v:expr) => {
        S::from_raw($v as i32)
    };
    (I, $v:expr) => {
        $v as i32
    };
    (Q, $v:expr) => {
        $v as i16
    };
    (B, $v:expr) => {
        $v != 0
    };
    // A C truth value stored as `u32` (the FastGRNN scales' table flags).
    (U, $v:expr) => {
        ($v != 0) as u32
    };
}

/// A map key: the given one, else the field's path.
macro_rules! key {
    ($key:literal, $($p:ident).+) => {
        $key.to_string()
    };
    (, $($p:ident).+) => {
        stringify!($($p).+).replace(' ', "")
    };
}

/// Both directions between a calibration struct and its flat map, from one
/// list of `kind path` entries (`S` scale, `I` i32, `Q` i16, `B` flag).
macro_rules! flat {
    ($to:ident, $from:ident, $T:ident, $base:expr, { $($k:ident $($p:ident).+ $(as $key:literal)?),* $(,)? }) => {
        fn $to<S: Scale>(c: &$T<S>) -> Map {
            let mut m = Map::new();
            $(m.insert(key!($($key)?, $($p).+), to_raw!($k, c.$($p).+));)*
            m
        }
        fn $from<S: Scale>(m: &Map) -> PyResult<$T<S>> {
            let mut c: $T<S> = $base;
            $(c.$($p).+ = from_raw!($k, value(m, &key!($($key)?, $($p).+))?);)*
            Ok(c)
        }
    };
}

flat!(cal_to_map, cal_from_map, Calibration, Calibration::<S>::unit(), {
    I input_exp, I state_exp, I std_dev_exp, I b_exp, I b2_exp, I scalar_exp, B may_wrap,
    I w.exp, I w.exp2, S w.scales.mat, S w.scales.vec, S w.scales.out, S w.scales2.mat, S w.scales2.vec, S w.scales2.out,
    I u.exp, I u.exp2, S u.scales.mat, S u.scales.vec, S u.scales.out, S u.scales2.mat, S u.scales2.vec, S u.scales2.out,
    I u_h.exp, I u_h.exp2, S u_h.scales.mat, S u_h.scales.vec, S u_h.scales.out, S u_h.scales2.mat, S u_h.scales2.vec, S u_h.scales2.out,
    S scales.input, S scales.mean, S scales.mean_sub, S scales.std_dev, S scales.norm_features_hd_std_dev,
    S scales.w_bias_add.a, S scales.w_bias_add.b, S scales.w_bias_add.out, S scales.w_bias_add.demote,
    S scales.u_bias_add.a, S scales.u_bias_add.b, S scales.u_bias_add.out, S scales.u_bias_add.demote,
    S scales.proj_add.a, S scales.proj_add.b, S scales.proj_add.out, S scales.proj_add.demote,
    S scales.gate_bias_add.a, S scales.gate_bias_add.b, S scales.gate_bias_add.out, S scales.gate_bias_add.demote,
    S scales.cand_add.a, S scales.cand_add.b, S scales.cand_add.out, S scales.cand_add.demote,
    S scales.cand_bias_add.a, S scales.cand_bias_add.b, S scales.cand_bias_add.out, S scales.cand_bias_add.demote,
    S scales.bias_scale_up,
    S scales.reset_hd.a, S scales.reset_hd.b,
    Q scales.sigmoid.div, Q scales.sigmoid.add, Q scales.sigmoid.limit, I scales.sigmoid.scale_in, I scales.sigmoid.scale_out, B scales.sigmoid.use_tables,
    I scales.tanh.scale_in, I scales.tanh.scale_out, B scales.tanh.use_tables,
    Q scales.relu.div, Q scales.relu.add, Q scales.relu.limit, I scales.relu.scale_in, I scales.relu.scale_out, B scales.relu.use_tables,
    Q scales.hard_tanh.div, Q scales.hard_tanh.add, Q scales.hard_tanh.limit, I scales.hard_tanh.scale_in, I scales.hard_tanh.scale_out, B scales.hard_tanh.use_tables,
    Q scales.hard_tanh_offset.scalar, S scales.hard_tanh_offset.scalar_scale, S scales.hard_tanh_offset.vec, S scales.hard_tanh_offset.out,
    I scales.gate_softsign.scale_in, I scales.gate_softsign.scale_out,
    I scales.softsign.scale_in, I scales.softsign.scale_out,
    Q scales.shift.scalar, S scales.shift.scalar_scale, S scales.shift.vec, S scales.shift.out,
    S scales.keep_hd.a, S scales.keep_hd.b,
    Q scales.one_minus.scalar, S scales.one_minus.scalar_scale, S scales.one_minus.vec, S scales.one_minus.out,
    S scales.write_hd.a, S scales.write_hd.b,
    S scales.final_add.a, S scales.final_add.b, S scales.final_add.out, S scales.final_add.demote,
    S scales.alpha_mul.scalar, S scales.alpha_mul.vec, S scales.beta_mul.scalar, S scales.beta_mul.vec,
});

/// A FastGRNN calibration to overwrite field by field (the calibration of
/// an empty cell: every field present).
fn fastgrnn_base<S: Scale>() -> FastGrnnCalibration<S> {
    let p = FastGrnnParams {
        mean: &[],
        std_dev: &[],
        w: &[],
        u: &[],
        bg: &[],
        bh: &[],
        sigmoid_zeta: 1.0,
        sigmoid_nu: 0.0,
    };
    // Cannot fail: zero sizes are valid.
    cal::fastgrnn::<S>(&p, 0, 0, Ranges::new(1.0)).unwrap_or_else(|_| unreachable!())
}

flat!(fg_to_map, fg_from_map, FastGrnnCalibration, fastgrnn_base::<S>(), {
    I input_exp, I state_exp, I std_dev_exp, I bg_exp, I bh_exp, I zeta_exp, B may_wrap,
    I w.exp, I w.exp2, S w.scales.mat, S w.scales.vec, S w.scales.out, S w.scales2.mat, S w.scales2.vec, S w.scales2.out,
    I u.exp, I u.exp2, S u.scales.mat, S u.scales.vec, S u.scales.out, S u.scales2.mat, S u.scales2.vec, S u.scales2.out,
    S scales.norm.input as "scales.input", S scales.norm.mean as "scales.mean", S scales.norm.mean_sub as "scales.mean_sub", S scales.norm.std_dev as "scales.std_dev", S scales.norm.norm_features_hd_std_dev as "scales.norm_features_hd_std_dev",
    S scales.update.projections_add.a as "scales.projections_add.a", S scales.update.projections_add.b as "scales.projections_add.b", S scales.update.projections_add.out as "scales.projections_add.out", S scales.update.projections_add.demote as "scales.projections_add.demote",
    S scales.update.bg_add.a as "scales.bg_add.a", S scales.update.bg_add.b as "scales.bg_add.b", S scales.update.bg_add.out as "scales.bg_add.out", S scales.update.bg_add.demote as "scales.bg_add.demote",
    I scales.update.sigmoid_scale_in as "scales.sigmoid_scale_in", I scales.update.sigmoid_scale_out as "scales.sigmoid_scale_out",
    S scales.update.bh_add.a as "scales.bh_add.a", S scales.update.bh_add.b as "scales.bh_add.b", S scales.update.bh_add.out as "scales.bh_add.out", S scales.update.bh_add.demote as "scales.bh_add.demote",
    I scales.update.tanh_scale_in as "scales.tanh_scale_in", I scales.update.tanh_scale_out as "scales.tanh_scale_out",
    S scales.update.gate_hd_hidden_state as "scales.gate_hd_hidden_state", S scales.update.hidden_state_hd_gate as "scales.hidden_state_hd_gate",
    S scales.update.q_one_scale as "scales.q_one_scale", S scales.update.q_one_sub_gate as "scales.q_one_sub_gate", S scales.update.q_one_sub_gate_out as "scales.q_one_sub_gate_out",
    S scales.update.sigmoid_zeta as "scales.sigmoid_zeta", S scales.update.sigmoid_zeta_mul_q_one_sub_gate as "scales.sigmoid_zeta_mul_q_one_sub_gate", S scales.update.sigmoid_nu as "scales.sigmoid_nu",
    S scales.update.sigmoid_nu_add_q_one_sub_gate as "scales.sigmoid_nu_add_q_one_sub_gate", S scales.update.sigmoid_nu_add_q_one_sub_gate_out as "scales.sigmoid_nu_add_q_one_sub_gate_out",
    S scales.update.sigmoid_nu_add_q_one_sub_gate_hd_update as "scales.sigmoid_nu_add_q_one_sub_gate_hd_update", S scales.update.update_hd_sigmoid_nu_add_q_one_sub_gate as "scales.update_hd_sigmoid_nu_add_q_one_sub_gate",
    S scales.update.final_add.a as "scales.final_add.a", S scales.update.final_add.b as "scales.final_add.b", S scales.update.final_add.out as "scales.final_add.out", S scales.update.final_add.demote as "scales.final_add.demote",
    Q scales.sigmoid_limit, Q scales.div, Q scales.add, Q scales.q_one, U scales.use_table_sigmoid, U scales.use_table_tanh,
});

/// The float weights of a cell, owned.
struct FloatModel {
    kind: CellKind,
    w: HashMap<String, Vec<f32>>,
}

impl FloatModel {
    fn new(kind: CellKind, arrays: &Arrays) -> Self {
        FloatModel {
            kind,
            w: arrays.iter().map(|(k, v)| (k.clone(), f32s(v))).collect(),
        }
    }

    fn a(&self, name: &str) -> PyResult<&[f32]> {
        self.w
            .get(name)
            .map(|v| v.as_slice())
            .ok_or_else(|| PyValueError::new_err(format!("missing weight {name:?}")))
    }

    fn s(&self, name: &str) -> PyResult<f32> {
        self.a(name)?
            .first()
            .copied()
            .ok_or_else(|| PyValueError::new_err(format!("empty scalar {name:?}")))
    }

    fn fastgrnn(&self) -> PyResult<FastGrnnParams<'_>> {
        Ok(FastGrnnParams {
            mean: &[],
            std_dev: &[],
            w: self.a("W")?,
            u: self.a("U")?,
            bg: self.a("Bg")?,
            bh: self.a("Bh")?,
            sigmoid_zeta: self.s("sigmoid_zeta")?,
            sigmoid_nu: self.s("sigmoid_nu")?,
        })
    }
}

/// Runs `f` with the float cell of `m` as `(calibrate, run)` closures.
macro_rules! with_float_cell {
    ($m:expr, |$c:ident| $body:expr) => {{
        use float::Matrix::Dense as D;
        let m = $m;
        let (e, n) = (&[][..], &[][..]);
        match m.kind {
            CellKind::FastRnn => {
                let $c = float::FastRnn {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u: D(m.a("U")?),
                    b: m.a("B")?,
                    alpha: m.s("alpha")?,
                    beta: m.s("beta")?,
                };
                $body
            }
            CellKind::Ugrnn => {
                let $c = float::Ugrnn {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u: D(m.a("U")?),
                    b: m.a("B")?,
                };
                $body
            }
            CellKind::SitGru => {
                let $c = float::SitGru {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u: D(m.a("U")?),
                    b: m.a("B")?,
                };
                $body
            }
            CellKind::LiGru => {
                let $c = float::LiGru {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u: D(m.a("U")?),
                    b: m.a("B")?,
                };
                $body
            }
            CellKind::Egru => {
                let $c = float::Egru {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u: D(m.a("U")?),
                    b: m.a("B")?,
                };
                $body
            }
            CellKind::Mgu => {
                let $c = float::Mgu {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u_f: D(m.a("Uf")?),
                    u_h: D(m.a("Uh")?),
                    b: m.a("B")?,
                };
                $body
            }
            CellKind::HardMgu => {
                let $c = float::HardMgu {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u_f: D(m.a("Uf")?),
                    u_h: D(m.a("Uh")?),
                };
                $body
            }
            CellKind::TinyEats => {
                let $c = float::TinyEats {
                    mean: e,
                    std_dev: n,
                    w: D(m.a("W")?),
                    u: D(m.a("U")?),
                    u_h: D(m.a("Uh")?),
                    b: m.a("B")?,
                };
                $body
            }
            CellKind::Gru => {
                let $c = float::Gru {
                    mean: e,
                    std_dev: n,
                    weight_ih: D(m.a("weight_ih")?),
                    weight_hh: D(m.a("weight_hh")?),
                    bias_ih: m.a("bias_ih")?,
                    bias_hh: m.a("bias_hh")?,
                };
                $body
            }
            CellKind::FastGrnn => unreachable!("FastGRNN is handled by its own path"),
        }
    }};
}

fn calibrate_as<S: Scale>(
    kind: CellKind,
    m: &FloatModel,
    d: usize,
    h: usize,
    ranges: Ranges,
) -> PyResult<Map> {
    if kind == CellKind::FastGrnn {
        return Ok(fg_to_map(
            &cal::fastgrnn::<S>(&m.fastgrnn()?, d, h, ranges).map_err(err)?,
        ));
    }
    let cal = with_float_cell!(m, |c| c.calibrate::<S>(d, h, ranges).map_err(err)?);
    Ok(cal_to_map(&cal))
}

/// Calibrates a float cell: the flat calibration of the `mode` build
/// (`"shift"` or `"div"`), for `|x| ≤ input_range` and `|h| ≤ state_range`.
#[pyfunction]
fn calibrate(
    cell: &str,
    mode: &str,
    d: usize,
    h: usize,
    weights: Arrays,
    input_range: f32,
    state_range: f32,
) -> PyResult<Map> {
    let kind = kind_of(cell)?;
    let m = FloatModel::new(kind, &weights);
    let ranges = Ranges::new(input_range).with_state(state_range);
    match mode {
        "shift" => calibrate_as::<Exponent>(kind, &m, d, h, ranges),
        "div" => calibrate_as::<Divisor>(kind, &m, d, h, ranges),
        _ => Err(PyValueError::new_err(format!(
            "mode must be 'shift' or 'div', not {mode:?}"
        ))),
    }
}

/// Scratch for one cell: six buffers of `len` values.
struct Scratch6<T> {
    v: [Vec<T>; 6],
}

impl<T: Copy + Default> Scratch6<T> {
    fn new(d: usize, h: usize) -> Self {
        let n = 3 * h + d + 1;
        Scratch6 {
            v: std::array::from_fn(|_| vec![T::default(); n]),
        }
    }

    fn buffers(&mut self) -> Buffers<'_, T> {
        let [a, b, c, d, e, f] = &mut self.v;
        Buffers {
            pre_comp1: a,
            pre_comp2: b,
            pre_comp3: c,
            temp_lrw: d,
            temp_lru: e,
            norm_features: f,
        }
    }
}

/// The shape of a batch: `n` sequences of `t` rows of `d` values, states of
/// `h`; `every` keeps every state instead of the final ones.
#[derive(Clone, Copy)]
struct Batch {
    n: usize,
    t: usize,
    d: usize,
    h: usize,
    every: bool,
}

/// Runs `step(hidden, input_rows, steps)` over the batch: the final states
/// (`n·h`), or every state (`n·t·h`).
fn over_batch<T: Copy>(
    b: Batch,
    inputs: &[T],
    h0: &[T],
    mut step: impl FnMut(&mut [T], &[T], usize) -> PyResult<()>,
) -> PyResult<Vec<T>> {
    let Batch { n, t, d, h, every } = b;
    let need = n
        .checked_mul(t)
        .and_then(|v| v.checked_mul(d))
        .ok_or_else(|| err("size overflow"))?;
    if inputs.len() != need || Some(h0.len()) != n.checked_mul(h) {
        return Err(PyValueError::new_err("inputs must be N×T×D and h0 N×H"));
    }
    let mut out = Vec::with_capacity(if every { n * t * h } else { n * h });
    for s in 0..n {
        let mut hid = h0[s * h..(s + 1) * h].to_vec();
        let x = &inputs[s * t * d..(s + 1) * t * d];
        if every {
            for r in 0..t {
                step(&mut hid, &x[r * d..(r + 1) * d], 1)?;
                out.extend_from_slice(&hid);
            }
        } else {
            step(&mut hid, x, t)?;
            out.extend_from_slice(&hid);
        }
    }
    Ok(out)
}

/// Runs the float cell over a batch (`inputs` N×T×D f32 bytes, `h0` N×H).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn run_float<'py>(
    py: Python<'py>,
    cell: &str,
    d: usize,
    h: usize,
    weights: Arrays,
    inputs: &[u8],
    n: usize,
    t: usize,
    h0: &[u8],
    every_step: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let kind = kind_of(cell)?;
    let m = FloatModel::new(kind, &weights);
    let (x, h0) = (f32s(inputs), f32s(h0));
    let b = Batch {
        n,
        t,
        d,
        h,
        every: every_step,
    };
    let out = py.allow_threads(|| -> PyResult<Vec<f32>> {
        let mut sc = Scratch6::<f32>::new(d, h);
        if kind == CellKind::FastGrnn {
            let p = m.fastgrnn()?;
            return over_batch(b, &x, &h0, |hid, rows, steps| {
                let [a, .., f] = &mut sc.v;
                let mut b = FastGrnnBuffers {
                    pre_comp: Some(a),
                    norm_features: Some(f),
                };
                tinyrnn::float::fastgrnn(hid, rows, d, steps, &p, &mut b, false, false).map_err(err)
            });
        }
        with_float_cell!(&m, |c| over_batch(b, &x, &h0, |hid, rows, steps| {
            c.run(hid, rows, d, steps, &mut sc.buffers(), false, false)
                .map_err(err)
        }))
    })?;
    Ok(PyBytes::new(py, &bytes_of_f32(&out)))
}

fn run_q15_as<S: Scale>(
    kind: CellKind,
    b: Batch,
    q: &Arrays,
    cal: &Map,
    x: &[i16],
    h0: &[i16],
) -> PyResult<Vec<i16>> {
    let (d, h) = (b.d, b.h);
    let a16 = |name: &str| -> PyResult<Vec<i16>> { Ok(i16s(get(q, name)?)) };
    let raw = |name: &str| -> PyResult<&[u8]> { get(q, name) };
    let scalar = |name: &str| -> PyResult<i16> {
        a16(name)?
            .first()
            .copied()
            .ok_or_else(|| PyValueError::new_err(format!("empty scalar {name:?}")))
    };
    if kind == CellKind::FastGrnn {
        let c = fg_from_map::<S>(cal)?;
        let (w, u, bg, bh) = (a16("W")?, a16("U")?, a16("Bg")?, a16("Bh")?);
        let cell = FastGrnn::<i16, S> {
            mean: &[],
            std_dev: &[],
            w: Projection::Dense {
                mat: &w,
                scales: c.w.scales,
            },
            u: Projection::Dense {
                mat: &u,
                scales: c.u.scales,
            },
            bg: &bg,
            bh: &bh,
            sigmoid_zeta: scalar("sigmoid_zeta")?,
            sigmoid_nu: scalar("sigmoid_nu")?,
            scales: c.scales,
            mode: std::marker::PhantomData,
        };
        let (mut wx, mut uh, mut feat) = (vec![0i16; h], vec![0i16; h], vec![0i16; d]);
        return over_batch(b, x, h0, |hid, rows, steps| {
            let mut s = Scratch {
                wx: &mut wx,
                uh: &mut uh,
                features: &mut feat,
                temp_w: &mut [],
                temp_u: &mut [],
            };
            cell.run(hid, rows, steps, false, false, &mut s)
                .map_err(err)
        });
    }
    let c = cal_from_map::<S>(cal)?;
    let mut sc = Scratch6::<i16>::new(d, h);
    let (e, n0) = (&[][..], &[][..]);
    macro_rules! go {
        ($cell:expr) => {{
            let cell = $cell;
            over_batch(b, x, h0, |hid, rows, steps| {
                cell.run(hid, rows, d, steps, &mut sc.buffers(), false, false)
                    .map_err(err)
            })
        }};
    }
    match kind {
        CellKind::FastRnn => {
            let (w, u, b) = (a16("W")?, a16("U")?, a16("B")?);
            go!(q15::FastRnn {
                mean: e,
                std_dev: n0,
                w: c.w.dense(&w),
                u: c.u.dense(&u),
                b: &b,
                alpha: scalar("alpha")?,
                beta: scalar("beta")?,
                scales: c.scales
            })
        }
        CellKind::Ugrnn | CellKind::SitGru | CellKind::LiGru => {
            let (w, u, b) = (a16("W")?, a16("U")?, a16("B")?);
            let (w, u) = (c.w.dense(&w), c.u.dense(&u));
            match kind {
                CellKind::Ugrnn => go!(q15::Ugrnn {
                    mean: e,
                    std_dev: n0,
                    w,
                    u,
                    b: &b,
                    scales: c.scales
                }),
                CellKind::SitGru => go!(q15::SitGru {
                    mean: e,
                    std_dev: n0,
                    w,
                    u,
                    b: &b,
                    scales: c.scales
                }),
                _ => go!(q15::LiGru {
                    mean: e,
                    std_dev: n0,
                    w,
                    u,
                    b: &b,
                    scales: c.scales
                }),
            }
        }
        CellKind::Egru => go!(q15::Egru {
            mean: e,
            std_dev: n0,
            w: raw("W")?,
            u: raw("U")?,
            b: raw("B")?,
            w_scales: c.w.scales,
            u_scales: c.u.scales,
            scales: c.scales
        }),
        CellKind::Mgu => {
            let (w, uf, uh, b) = (a16("W")?, a16("Uf")?, a16("Uh")?, a16("B")?);
            go!(q15::Mgu {
                mean: e,
                std_dev: n0,
                w: c.w.dense(&w),
                u_f: c.u.dense(&uf),
                u_h: c.u_h.dense(&uh),
                b: &b,
                scales: c.scales
            })
        }
        CellKind::HardMgu => go!(q15::HardMgu {
            mean: e,
            std_dev: n0,
            w: raw("W")?,
            u_f: raw("Uf")?,
            u_h: raw("Uh")?,
            w_scales: c.w.scales,
            u_f_scales: c.u.scales,
            u_h_scales: c.u_h.scales,
            scales: c.scales
        }),
        CellKind::TinyEats => {
            let (w, u, uh, b) = (
                i8s(raw("W")?),
                i8s(raw("U")?),
                i8s(raw("Uh")?),
                i8s(raw("B")?),
            );
            go!(q15::TinyEats {
                mean: e,
                std_dev: n0,
                w: &w,
                u: &u,
                u_h: &uh,
                b: &b,
                w_scales: c.w.scales,
                u_scales: c.u.scales,
                u_h_scales: c.u_h.scales,
                scales: c.scales
            })
        }
        CellKind::Gru => {
            let (wi, wh, bi, bh) = (
                a16("weight_ih")?,
                a16("weight_hh")?,
                a16("bias_ih")?,
                a16("bias_hh")?,
            );
            go!(q15::Gru {
                mean: e,
                std_dev: n0,
                weight_ih: c.w.dense(&wi),
                weight_hh: c.u.dense(&wh),
                bias_ih: &bi,
                bias_hh: &bh,
                scales: c.scales
            })
        }
        CellKind::FastGrnn => unreachable!(),
    }
}

/// Runs the Q15 cell of the `mode` build over a batch (`inputs` N×T×D i16
/// bytes, `h0` N×H): the final states, or every state if `every_step`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn run_q15<'py>(
    py: Python<'py>,
    cell: &str,
    mode: &str,
    d: usize,
    h: usize,
    weights: Arrays,
    calibration: Map,
    inputs: &[u8],
    n: usize,
    t: usize,
    h0: &[u8],
    every_step: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let kind = kind_of(cell)?;
    let (x, h0) = (i16s(inputs), i16s(h0));
    let b = Batch {
        n,
        t,
        d,
        h,
        every: every_step,
    };
    let out = py.allow_threads(|| match mode {
        "shift" => run_q15_as::<Exponent>(kind, b, &weights, &calibration, &x, &h0),
        "div" => run_q15_as::<Divisor>(kind, b, &weights, &calibration, &x, &h0),
        _ => Err(PyValueError::new_err(format!(
            "mode must be 'shift' or 'div', not {mode:?}"
        ))),
    })?;
    Ok(PyBytes::new(py, &bytes_of_i16(&out)))
}

/// `round(x · 2^exp)` saturated to Q15, as the library quantizes.
#[pyfunction]
fn q15_values<'py>(py: Python<'py>, values: &[u8], exp: i32) -> Bound<'py, PyBytes> {
    let v: Vec<i16> = f32s(values)
        .iter()
        .map(|&x| cal::q15_value(x, exp))
        .collect();
    PyBytes::new(py, &bytes_of_i16(&v))
}

/// `round(x · 2^exp)` saturated to int8.
#[pyfunction]
fn q7_values<'py>(py: Python<'py>, values: &[u8], exp: i32) -> Bound<'py, PyBytes> {
    let v: Vec<u8> = f32s(values)
        .iter()
        .map(|&x| cal::q7_value(x, exp) as u8)
        .collect();
    PyBytes::new(py, &v)
}

/// eGRU's packed 3-bit codes of `values`.
#[pyfunction]
fn pack_pow2<'py>(py: Python<'py>, values: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let v = f32s(values);
    let mut out = vec![0u8; formats::pow2_bytes(v.len()).ok_or_else(|| err("size overflow"))?];
    formats::pack_pow2(&v, &mut out).map_err(err)?;
    Ok(PyBytes::new(py, &out))
}

/// Packed 4-bit codes of `values · 2^exp`.
#[pyfunction]
fn pack_int4<'py>(py: Python<'py>, values: &[u8], exp: i32) -> PyResult<Bound<'py, PyBytes>> {
    let v = f32s(values);
    let mut out = vec![0u8; formats::int4_bytes(v.len()).ok_or_else(|| err("size overflow"))?];
    formats::pack_int4(&v, exp, &mut out).map_err(err)?;
    Ok(PyBytes::new(py, &out))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(calibrate, m)?)?;
    m.add_function(wrap_pyfunction!(run_float, m)?)?;
    m.add_function(wrap_pyfunction!(run_q15, m)?)?;
    m.add_function(wrap_pyfunction!(q15_values, m)?)?;
    m.add_function(wrap_pyfunction!(q7_values, m)?)?;
    m.add_function(wrap_pyfunction!(pack_pow2, m)?)?;
    m.add_function(wrap_pyfunction!(pack_int4, m)?)?;
    m.add("LIBRARY_VERSION", tinyrnn::VERSION)?;
    Ok(())
}
