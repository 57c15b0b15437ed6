//! The float cells replay `../shared/cell-vectors/cells.jsonl` (random cases
//! of every cell computed in double precision by an independent
//! implementation) through the Rust API and through the C ABI: every state
//! after every step matches within 1e-5 relative or 1e-6 absolute.
//!
//! - Step by step (one call per step), so each intermediate state is checked;
//!   then all steps in one call (forward), and in one call with
//!   `backward = 1` over the input rows reversed.
//! - GRU takes the vectors' PyTorch `state_dict` arrays as they are.
//! - FastGRNN is EdgeML's `fastgrnn` (`tinyrnn_fastgrnn`), ζ and ν as given.
//! - When the vectors are missing the test fails if `CI` is set, and
//!   otherwise warns and skips.
#![allow(non_snake_case)]

mod cells_support;

use std::ffi::{c_int, c_uint, c_void};
use std::ptr;

use cells_support::{load_cases, Case, Model};
use tinyrnn as _;
use tinyrnn::cells::CellKind;
use tinyrnn::ffi::cells::float::*;
use tinyrnn::ffi::float::{FastGRNN_Buffers, FastGRNN_Params};

type RnnFn = unsafe extern "C" fn(*mut f32, c_uint, *const f32, c_uint, c_uint, *const c_void, *mut c_void, c_int, c_int) -> c_int;

extern "C" {
    fn tinyrnn_fastgrnn(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_fastrnn(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_ugrnn(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_gru(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_mgu(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_egru(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_tinyeats(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_sitgru(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_ligru(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
    fn tinyrnn_hard_mgu(h: *mut f32, hd: c_uint, x: *const f32, id: c_uint, steps: c_uint, p: *const c_void, b: *mut c_void, backward: c_int, normalize: c_int) -> c_int;
}

fn dense(m: &[f32]) -> TinyRNN_Matrix {
    TinyRNN_Matrix { M: m.as_ptr(), M1: ptr::null(), M2: ptr::null(), rank: 0 }
}

/// Owns whatever the C call needs: the params struct (boxed, type-erased)
/// and the scratch arrays.
struct CCell {
    f: RnnFn,
    params: Box<dyn std::any::Any>,
    params_ptr: *const c_void,
    scratch: Vec<Vec<f32>>,
}

impl CCell {
    fn new(m: &Model) -> CCell {
        fn boxed<T: 'static>(f: RnnFn, p: T) -> (RnnFn, Box<dyn std::any::Any>, *const c_void) {
            let b = Box::new(p);
            let ptr = &*b as *const T as *const c_void;
            (f, b, ptr)
        }
        let (mean, std): (*const f32, *const f32) = (ptr::null(), ptr::null());
        let (w, u, uh) = (dense(&m.w), dense(&m.u), dense(&m.u_h));
        let ug = UGRNN_Params { mean, stdDev: std, W: w, U: u, B: m.b.as_ptr() };
        let (f, params, params_ptr) = match m.kind {
            CellKind::FastGrnn => boxed(
                tinyrnn_fastgrnn,
                FastGRNN_Params {
                    mean: ptr::null_mut(),
                    stdDev: ptr::null_mut(),
                    W: m.w.as_ptr() as *mut f32,
                    U: m.u.as_ptr() as *mut f32,
                    Bg: m.b.as_ptr() as *mut f32,
                    Bh: m.b2.as_ptr() as *mut f32,
                    sigmoid_zeta: m.alpha,
                    sigmoid_nu: m.beta,
                },
            ),
            CellKind::FastRnn => boxed(tinyrnn_fastrnn, FastRNN_Params { mean, stdDev: std, W: w, U: u, B: m.b.as_ptr(), alpha: m.alpha, beta: m.beta }),
            CellKind::Ugrnn => boxed(tinyrnn_ugrnn, ug),
            CellKind::SitGru => boxed(tinyrnn_sitgru, ug),
            CellKind::LiGru => boxed(tinyrnn_ligru, ug),
            CellKind::Egru => boxed(tinyrnn_egru, ug),
            CellKind::Mgu => boxed(tinyrnn_mgu, MGU_Params { mean, stdDev: std, W: w, Uf: u, Uh: uh, B: m.b.as_ptr() }),
            CellKind::HardMgu => boxed(tinyrnn_hard_mgu, HardMGU_Params { mean, stdDev: std, W: w, Uf: u, Uh: uh }),
            CellKind::TinyEats => boxed(tinyrnn_tinyeats, TinyEats_Params { mean, stdDev: std, W: w, U: u, Uh: uh, B: m.b.as_ptr() }),
            CellKind::Gru => boxed(tinyrnn_gru, GRU_Params { mean, stdDev: std, weight_ih: w, weight_hh: u, bias_ih: m.b.as_ptr(), bias_hh: m.b2.as_ptr() }),
        };
        let n = (m.kind.blocks() * m.h).max(m.d).max(1);
        CCell { f, params, params_ptr, scratch: vec![vec![0.0; n]; 6] }
    }

    fn run(&mut self, m: &Model, h: &mut [f32], x: &[f32], steps: usize, backward: bool) -> c_int {
        let _keep = &self.params;
        let s = &mut self.scratch;
        let mut fg = FastGRNN_Buffers { preComp: s[0].as_mut_ptr(), normFeatures: s[5].as_mut_ptr() };
        let mut cb = TinyRNN_Buffers {
            preComp1: s[0].as_mut_ptr(),
            preComp2: s[1].as_mut_ptr(),
            preComp3: s[2].as_mut_ptr(),
            tempLRW: s[3].as_mut_ptr(),
            tempLRU: s[4].as_mut_ptr(),
            normFeatures: s[5].as_mut_ptr(),
        };
        let buffers = if m.kind == CellKind::FastGrnn { &mut fg as *mut _ as *mut c_void } else { &mut cb as *mut _ as *mut c_void };
        unsafe { (self.f)(h.as_mut_ptr(), m.h as c_uint, x.as_ptr(), m.d as c_uint, steps as c_uint, self.params_ptr, buffers, backward as c_int, 0) }
    }
}

use std::cell::Cell;

thread_local! {
    /// The largest error seen, as a fraction of the tolerance.
    static WORST: Cell<f64> = const { Cell::new(0.0) };
}

fn close(got: &[f32], want: &[f32]) -> bool {
    for (&g, &w) in got.iter().zip(want) {
        let ratio = (g as f64 - w as f64).abs() / (1e-6f64).max(1e-5 * (w as f64).abs());
        WORST.with(|c| c.set(c.get().max(ratio)));
    }
    got.len() == want.len() && got.iter().zip(want).all(|(&g, &w)| (g - w).abs() <= 1e-6 || (g - w).abs() <= 1e-5 * w.abs())
}

/// Replays one case through `run` (Rust API or C ABI); returns mismatches.
fn replay(c: &Case, mut run: impl FnMut(&mut [f32], &[f32], usize, bool) -> i32) -> Vec<String> {
    let (d, m) = (c.model.d, &c.model);
    let mut bad = vec![];
    let what = format!("{} case {}", m.kind.name(), c.case);
    // Step by step.
    let mut h = c.h0.clone();
    for (t, want) in c.h_steps.iter().enumerate() {
        let rc = run(&mut h, &c.x[t * d..(t + 1) * d], 1, false);
        if rc != 0 || !close(&h, want) {
            bad.push(format!("{what}, step {t}: rc {rc}, got {h:?}, want {want:?}"));
            return bad;
        }
    }
    // All steps in one call, forward.
    let last = c.h_steps.last().expect("steps");
    let mut h = c.h0.clone();
    let rc = run(&mut h, &c.x, c.steps, false);
    if rc != 0 || !close(&h, last) {
        bad.push(format!("{what}, one call: rc {rc}, got {h:?}, want {last:?}"));
    }
    // Backward over the reversed rows is the same sequence.
    let rev: Vec<f32> = c.x.chunks(d.max(1)).rev().flatten().copied().collect();
    let mut h = c.h0.clone();
    let rc = run(&mut h, &rev, c.steps, true);
    if rc != 0 || !close(&h, last) {
        bad.push(format!("{what}, backward: rc {rc}, got {h:?}, want {last:?}"));
    }
    bad
}

fn report(bad: Vec<String>, n: usize, api: &str) {
    for b in bad.iter().take(10) {
        eprintln!("{api}: {b}");
    }
    assert!(bad.is_empty(), "{api}: {} of {n} cases differ from cells.jsonl", bad.len());
    let worst = WORST.with(|c| c.get());
    eprintln!("{api}: {n} cases, every state within 1e-5 relative / 1e-6 absolute (largest error {worst:.3} of the tolerance)");
}

#[test]
fn float_cells_replay_the_reference_vectors_through_the_rust_api() {
    let Some(cases) = load_cases() else { return };
    let mut bad = vec![];
    for kind in CellKind::ALL {
        assert!(cases.iter().any(|c| c.model.kind == kind), "no vectors for {kind:?}");
    }
    for c in &cases {
        bad.extend(replay(c, |h, x, steps, backward| match c.model.run_float(h, x, steps, backward) {
            Ok(()) => 0,
            Err(e) => e.code(),
        }));
    }
    report(bad, cases.len(), "Rust API");
}

#[test]
fn float_cells_replay_the_reference_vectors_through_the_c_abi() {
    let Some(cases) = load_cases() else { return };
    let mut bad = vec![];
    for c in &cases {
        let mut cell = CCell::new(&c.model);
        bad.extend(replay(c, |h, x, steps, backward| cell.run(&c.model, h, x, steps, backward)));
    }
    report(bad, cases.len(), "C ABI");
}

#[test]
fn gru_loads_a_pytorch_state_dict_as_stored() {
    // nn.GRUCell(input_size=2, hidden_size=1) with every weight 0 but
    // weight_ih[n] = 1, bias_hh[z] = -100 (z = 0: the state is overwritten)
    // gives h' = tanh(x0) (+ r·b_hn with b_hn = 0).
    let weight_ih = [0.0f32, 0.0, 0.0, 0.0, 1.0, 0.0];
    let weight_hh = [0.0f32; 3];
    let bias_ih = [0.0f32; 3];
    let bias_hh = [0.0f32, -100.0, 0.0];
    let m = Model { kind: CellKind::Gru, d: 2, h: 1, w: weight_ih.to_vec(), u: weight_hh.to_vec(), u_h: vec![], b: bias_ih.to_vec(), b2: bias_hh.to_vec(), alpha: 0.0, beta: 0.0 };
    let mut h = [0.7f32];
    m.run_float(&mut h, &[0.5, 9.0], 1, false).unwrap();
    assert!((h[0] - 0.5f32.tanh()).abs() < 1e-6, "{h:?}");
}
