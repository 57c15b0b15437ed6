//! Writes the Q15 models that `c_tests/test_cells_q15.c` and
//! `c_tests/test_cells_rnnpool.c` embed: small fixed float models,
//! calibrated by the library, quantized, printed as C initializers. Every
//! scale is a power of two, printed as `SC(e)` (`e` under `SHIFT`, `1 << e`
//! otherwise). Ignored by default; regenerate with
//! `cargo test --test cells_c_models -- --ignored --nocapture`.
//!
//! The non-ignored test checks that the calibration still prints exactly
//! what those C files embed (so they cannot drift from the library).

mod cells_support;

use std::fmt::Write as _;

use cells_support::{Model, QModel, Rng};
use tinyrnn::cells::calibrate::Ranges;
use tinyrnn::cells::CellKind;
use tinyrnn::ffi::cells::q15::*;
use tinyrnn::Exponent;

fn arr<T: std::fmt::Display>(out: &mut String, ty: &str, name: &str, v: &[T]) {
    let body: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    let mut lines = String::new();
    for chunk in body.chunks(12) {
        writeln!(lines, "    {},", chunk.join(", ")).unwrap();
    }
    writeln!(out, "static const {ty} {name}[{}] = {{\n{lines}}};", v.len()).unwrap();
}

/// `{ .field = SC(e), … }` from a scales struct's layout and raw values
/// (shift build: raw scale values are exponents).
fn scales_init(layout: &[(&str, usize)], bytes: &[u8], kinds: &dyn Fn(&str) -> char) -> String {
    let mut s = String::from("{\n");
    for (name, off) in layout {
        let k = kinds(name);
        let v = match k {
            'Q' => i16::from_ne_bytes([bytes[*off], bytes[off + 1]]) as i64,
            _ => i32::from_ne_bytes(bytes[*off..off + 4].try_into().unwrap()) as i64,
        };
        let text = if k == 'S' { format!("SC({v})") } else { v.to_string() };
        writeln!(s, "    .{name} = {text},").unwrap();
    }
    s + "}"
}

fn raw<T>(t: &T) -> Vec<u8> {
    unsafe { std::slice::from_raw_parts(t as *const T as *const u8, std::mem::size_of::<T>()).to_vec() }
}

/// Kind of a scales field by name: `I` exponents (activation scales), `Q`
/// Q15 constants, `B` flags, else `S` scales.
fn kind_of(name: &str) -> char {
    const Q: [&str; 11] = ["div", "add", "sigmoidLimit", "qOne", "reluDiv", "reluLimit", "tanhDiv", "tanhAdd", "tanhLimit", "tanhOffset", "qOneQ"];
    if Q.contains(&name) {
        'Q'
    } else if name.starts_with("useTable") {
        'B'
    } else if name.ends_with("ScaleIn") || name.ends_with("ScaleOut") {
        'I'
    } else {
        'S'
    }
}

/// The C source of the models of `test_cells_q15.c` (D = 3, H = 4 each).
fn models() -> String {
    let mut rng = Rng::new(2024);
    let cells = [CellKind::Gru, CellKind::Mgu, CellKind::Egru, CellKind::HardMgu, CellKind::TinyEats];
    models_of(&cells.map(|k| (k, k.name().to_string(), 3, 4)), &mut rng)
}

/// The C source of the models of `test_cells_rnnpool.c`: an MGU over 2
/// channels into 4 values, then a GRU from 4 into 3.
fn pool_models() -> String {
    let mut rng = Rng::new(77);
    models_of(&[(CellKind::Mgu, "pool_mgu".to_string(), 2, 4), (CellKind::Gru, "pool_gru".to_string(), 4, 3)], &mut rng)
}

fn models_of(cells: &[(CellKind, String, usize, usize)], rng: &mut Rng) -> String {
    let mut out = String::new();
    for (kind, n, d, h) in cells {
        let (kind, n, d, h) = (*kind, n.as_str(), *d, *h);
        let m = Model::random(kind, d, h, 0.5, rng);
        let q = QModel::<Exponent>::new(&m, Ranges::new(1.0));
        writeln!(out, "/* {n}: D = {d}, H = {h}; input Q{}, state Q{} */", q.input_exp, q.state_exp).unwrap();
        let c = &q.cal;
        let (layout, bytes) = match kind {
            CellKind::Gru => (Q15_GRU_Scales::LAYOUT, raw(&Q15_GRU_Scales::from_calibration(c))),
            CellKind::Mgu => (Q15_MGU_Scales::LAYOUT, raw(&Q15_MGU_Scales::from_calibration(c))),
            CellKind::Egru => (Q15_EGRU_Scales::LAYOUT, raw(&Q15_EGRU_Scales::from_calibration(c))),
            CellKind::HardMgu => (Q15_HardMGU_Scales::LAYOUT, raw(&Q15_HardMGU_Scales::from_calibration(c))),
            _ => (Q15_TinyEats_Scales::LAYOUT, raw(&Q15_TinyEats_Scales::from_calibration(c))),
        };
        match kind {
            CellKind::Gru | CellKind::Mgu => {
                arr(&mut out, "Q15_T", &format!("{n}_W"), &q.w);
                arr(&mut out, "Q15_T", &format!("{n}_U"), &q.u);
                if kind == CellKind::Mgu {
                    arr(&mut out, "Q15_T", &format!("{n}_Uh"), &q.u_h);
                }
                arr(&mut out, "Q15_T", &format!("{n}_B"), &q.b);
                if kind == CellKind::Gru {
                    arr(&mut out, "Q15_T", &format!("{n}_B2"), &q.b2);
                }
            }
            CellKind::Egru => {
                arr(&mut out, "uint8_t", &format!("{n}_W"), &q.wc);
                arr(&mut out, "uint8_t", &format!("{n}_U"), &q.uc);
                arr(&mut out, "uint8_t", &format!("{n}_B"), &q.bc);
            }
            CellKind::HardMgu => {
                arr(&mut out, "uint8_t", &format!("{n}_W"), &q.wc);
                arr(&mut out, "uint8_t", &format!("{n}_U"), &q.uc);
                arr(&mut out, "uint8_t", &format!("{n}_Uh"), &q.uhc);
            }
            _ => {
                arr(&mut out, "Q7_T", &format!("{n}_W"), &q.w7);
                arr(&mut out, "Q7_T", &format!("{n}_U"), &q.u7);
                arr(&mut out, "Q7_T", &format!("{n}_Uh"), &q.uh7);
                arr(&mut out, "Q7_T", &format!("{n}_B"), &q.b7);
            }
        }
        let ty = match kind {
            CellKind::Gru => "Q15_GRU_Scales",
            CellKind::Mgu => "Q15_MGU_Scales",
            CellKind::Egru => "Q15_EGRU_Scales",
            CellKind::HardMgu => "Q15_HardMGU_Scales",
            _ => "Q15_TinyEats_Scales",
        };
        writeln!(out, "static const {ty} {n}_scales = {};\n", scales_init(layout, &bytes, &kind_of)).unwrap();
    }
    out
}

#[test]
#[ignore]
fn print_c_models() {
    println!("/* test_cells_q15.c */\n{}", models());
    println!("/* test_cells_rnnpool.c */\n{}", pool_models());
}

#[test]
fn c_tests_embed_the_current_calibration() {
    for (file, generated) in [("test_cells_q15.c", models()), ("test_cells_rnnpool.c", pool_models())] {
        let path = format!("{}/c_tests/{file}", env!("CARGO_MANIFEST_DIR"));
        let c = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            norm(&c).contains(&norm(&generated)),
            "c_tests/{file} does not embed the models the calibration gives now; regenerate them with \
             `cargo test --test cells_c_models -- --ignored --nocapture` and paste them between the MODELS markers"
        );
    }
}
