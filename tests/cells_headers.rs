//! The cell headers (`include/tinyrnn_cells*.h` and the family headers)
//! match the library:
//!
//! - every struct has the Rust `#[repr(C)]` struct's fields, in order, at the
//!   same offsets and with the same size (a C program prints `offsetof` and
//!   `sizeof` as the C compiler lays them out);
//! - every cell symbol the library exports is declared, and `q15_<cell>`
//!   maps to the `_div` symbol without `SHIFT` and to `_shift` with it;
//! - the headers compile on their own and together with EdgeML's quantized
//!   and float headers under `-std=c99 -Wall -Wextra -Werror -pedantic`,
//!   with and without `SHIFT`, and as C++ when a C++ compiler is present.
//!
//! Needs a C compiler (`$CC`, else `cc`); without one the test fails under
//! `CI` and otherwise warns and skips.
#![allow(non_snake_case)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use tinyrnn::ffi::cells::float::*;
use tinyrnn::ffi::cells::q15::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ci() -> bool {
    matches!(std::env::var("CI"), Ok(v) if !v.is_empty() && v != "0" && v != "false")
}

fn compiler(var: &str, default: &str) -> Option<String> {
    let cc = std::env::var(var).unwrap_or_else(|_| default.to_string());
    match Command::new(&cc).arg("--version").output() {
        Ok(o) if o.status.success() => Some(cc),
        _ => None,
    }
}

fn tmp(name: &str) -> PathBuf {
    let dir = root().join("target").join("cells-headers");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

/// Field names and offsets of a Rust struct, listed by hand.
macro_rules! layout {
    ($T:ty { $($f:ident),* $(,)? }) => {
        (stringify!($T), core::mem::size_of::<$T>(), vec![$((stringify!($f), core::mem::offset_of!($T, $f))),*])
    };
}

macro_rules! scales {
    ($($T:ident),*) => {
        vec![$((stringify!($T), core::mem::size_of::<$T>(), $T::LAYOUT.to_vec())),*]
    };
}

type Layout = (&'static str, usize, Vec<(&'static str, usize)>);

fn rust_layouts() -> Vec<Layout> {
    let mut v: Vec<Layout> = vec![
        layout!(TinyRNN_Matrix { M, M1, M2, rank }),
        layout!(TinyRNN_Buffers { preComp1, preComp2, preComp3, tempLRW, tempLRU, normFeatures }),
        layout!(FastRNN_Params { mean, stdDev, W, U, B, alpha, beta }),
        layout!(UGRNN_Params { mean, stdDev, W, U, B }),
        layout!(MGU_Params { mean, stdDev, W, Uf, Uh, B }),
        layout!(HardMGU_Params { mean, stdDev, W, Uf, Uh }),
        layout!(TinyEats_Params { mean, stdDev, W, U, Uh, B }),
        layout!(GRU_Params { mean, stdDev, weight_ih, weight_hh, bias_ih, bias_hh }),
        layout!(TinyRNN_Q15_Matrix { M, M1, M2, rank, ids, vals }),
        layout!(TinyRNN_Q15_Buffers { preComp1, preComp2, preComp3, tempLRW, tempLRU, normFeatures }),
        layout!(Q15_FastRNN_Params { mean, stdDev, W, U, B, alpha, beta }),
        layout!(Q15_UGRNN_Params { mean, stdDev, W, U, B }),
        layout!(Q15_EGRU_Params { mean, stdDev, W, U, B }),
        layout!(Q15_MGU_Params { mean, stdDev, W, Uf, Uh, B }),
        layout!(Q15_HardMGU_Params { mean, stdDev, W, Uf, Uh }),
        layout!(Q15_TinyEats_Params { mean, stdDev, W, U, Uh, B }),
        layout!(Q15_GRU_Params { mean, stdDev, weight_ih, weight_hh, bias_ih, bias_hh }),
    ];
    v.extend(scales!(
        Q15_FastRNN_Scales,
        Q15_UGRNN_Scales,
        Q15_SiTGRU_Scales,
        Q15_LiGRU_Scales,
        Q15_EGRU_Scales,
        Q15_MGU_Scales,
        Q15_HardMGU_Scales,
        Q15_TinyEats_Scales,
        Q15_GRU_Scales
    ));
    v
}

/// The fields of every `typedef struct X { … } X;` in the cell headers.
fn c_structs() -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for h in ["tinyrnn_cells_generated.h", "tinyrnn_cells_common.h", "tinyrnn_fastrnn.h", "tinyrnn_ugrnn.h", "tinyrnn_gru.h", "tinyrnn_mgu.h"] {
        let src = std::fs::read_to_string(root().join("include").join(h)).expect("header");
        let mut rest = src.as_str();
        while let Some(i) = rest.find("typedef struct ") {
            rest = &rest[i + "typedef struct ".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // `typedef struct A B;` names an alias, not a definition.
            if !rest[name.len()..].trim_start().starts_with('{') {
                continue;
            }
            let (open, close) = (rest.find('{').expect("{"), rest.find('}').expect("}"));
            let fields = rest[open + 1..close]
                .split(';')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| f.rsplit(|c: char| c.is_whitespace() || c == '*').next().expect("field").to_string())
                .collect();
            out.insert(name, fields);
            rest = &rest[close..];
        }
    }
    out
}

#[test]
fn cell_structs_have_the_rust_layout_in_c() {
    let Some(cc) = compiler("CC", "cc") else {
        assert!(!ci(), "no C compiler");
        eprintln!("warning: no C compiler, skipping");
        return;
    };
    let layouts = rust_layouts();
    let c = c_structs();
    let mut prog = String::from("#include <stdio.h>\n#include <stddef.h>\n#include \"tinyrnn_cells.h\"\nint main(void) {\n");
    for (name, _, fields) in &layouts {
        let cf = c.get(*name).unwrap_or_else(|| panic!("{name} is not defined in the headers"));
        let rf: Vec<&str> = fields.iter().map(|f| f.0).collect();
        assert_eq!(cf, &rf, "{name}: the C fields differ from the Rust fields");
        writeln!(prog, "  printf(\"{name} sizeof %u\\n\", (unsigned)sizeof({name}));").unwrap();
        for (f, _) in fields {
            writeln!(prog, "  printf(\"{name} {f} %u\\n\", (unsigned)offsetof({name}, {f}));").unwrap();
        }
    }
    prog += "  return 0;\n}\n";
    let (src, exe) = (tmp("layout.c"), tmp("layout"));
    std::fs::write(&src, prog).unwrap();
    let st = Command::new(&cc).args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-I"]).arg(root().join("include")).arg(&src).arg("-o").arg(&exe).status().expect("cc");
    assert!(st.success(), "layout program did not compile");
    let out = String::from_utf8(Command::new(&exe).output().expect("run").stdout).unwrap();
    let got: BTreeMap<String, usize> = out.lines().filter_map(|l| l.rsplit_once(' ').map(|(k, v)| (k.to_string(), v.parse().unwrap()))).collect();
    for (name, size, fields) in &layouts {
        assert_eq!(got[&format!("{name} sizeof")], *size, "sizeof({name})");
        for (f, off) in fields {
            assert_eq!(got[&format!("{name} {f}")], *off, "offsetof({name}, {f})");
        }
    }
    // Per-cell aliases exist too.
    let all = ["SiTGRU_Params", "LiGRU_Params", "EGRU_Params", "Q15_SiTGRU_Params", "Q15_LiGRU_Params", "GRU_Buffers", "Q15_GRU_Buffers", "Q15_HardMGU_Buffers"];
    let text: String = ["tinyrnn_cells_generated.h", "tinyrnn_ugrnn.h", "tinyrnn_gru.h", "tinyrnn_mgu.h"].iter().map(|h| std::fs::read_to_string(root().join("include").join(h)).unwrap()).collect();
    for a in all {
        assert!(text.contains(&format!(" {a};")), "typedef {a} missing");
    }
}

const CELLS: [&str; 9] = ["fastrnn", "ugrnn", "gru", "mgu", "egru", "tinyeats", "sitgru", "ligru", "hard_mgu"];

#[test]
fn every_cell_symbol_is_declared_and_mapped_by_shift() {
    let text: String = std::fs::read_dir(root().join("include"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("tinyrnn_"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let declared = |f: &str| text.contains(&format!("int {f}(")) || text.contains(&format!("void {f}("));
    for c in CELLS {
        for f in [format!("tinyrnn_{c}"), format!("tinyrnn_q15_{c}_div"), format!("tinyrnn_q15_{c}_shift")] {
            assert!(declared(&f), "{f} is not declared");
        }
    }
    assert!(declared("tinyrnn_q15_v_softsign"));
    let Some(cc) = compiler("CC", "cc") else {
        assert!(!ci(), "no C compiler");
        return;
    };
    // The preprocessor's view of q15_<cell> in each build.
    for shift in [false, true] {
        let mut src = String::from("#include \"tinyrnn_cells.h\"\n");
        for c in CELLS {
            writeln!(src, "MAP q15_{c}").unwrap();
        }
        let path = tmp("map.c");
        std::fs::write(&path, src).unwrap();
        let mut cmd = Command::new(&cc);
        cmd.arg("-E").arg("-P").arg("-I").arg(root().join("include")).arg(&path);
        if shift {
            cmd.arg("-DSHIFT");
        }
        let out = String::from_utf8(cmd.output().expect("cpp").stdout).unwrap();
        for c in CELLS {
            let want = format!("MAP tinyrnn_q15_{c}_{}", if shift { "shift" } else { "div" });
            assert!(out.contains(&want), "q15_{c} does not map to {want} (shift = {shift})");
        }
    }
}

#[test]
fn cell_headers_compile_strictly_alone_and_with_edgeml_headers() {
    let Some(cc) = compiler("CC", "cc") else {
        assert!(!ci(), "no C compiler");
        eprintln!("warning: no C compiler, skipping");
        return;
    };
    let singles = ["tinyrnn_cells_generated.h", "tinyrnn_cells_common.h", "tinyrnn_fastrnn.h", "tinyrnn_ugrnn.h", "tinyrnn_gru.h", "tinyrnn_mgu.h", "tinyrnn_cells.h"];
    let mut sources: Vec<String> = singles.iter().map(|h| format!("#include \"{h}\"\n#include \"{h}\"\n")).collect();
    sources.push("#include \"fastgrnn.h\"\n#include \"rnnpool.h\"\n#include \"tinyrnn.h\"\n#include \"tinyrnn_cells.h\"\nstatic rnn_t f = tinyrnn_gru;\nstatic q15_rnn_t q = q15_gru;\nint main(void) { return f == 0 || q == 0; }\n".into());
    sources.push("#include \"tinyrnn_cells.h\"\n#include \"quantized_fastgrnn.h\"\n#include \"utils.h\"\n".into());
    for (i, s) in sources.iter().enumerate() {
        let path = tmp(&format!("strict{i}.c"));
        std::fs::write(&path, s).unwrap();
        for shift in [false, true] {
            let mut cmd = Command::new(&cc);
            cmd.args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I"]).arg(root().join("include")).arg(&path);
            if shift {
                cmd.arg("-DSHIFT");
            }
            let o = cmd.output().expect("cc");
            assert!(o.status.success(), "{s} (shift = {shift}):\n{}", String::from_utf8_lossy(&o.stderr));
        }
        if let Some(cxx) = compiler("CXX", "c++") {
            let o = Command::new(&cxx).args(["-x", "c++", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I"]).arg(root().join("include")).arg(&path).output().expect("c++");
            assert!(o.status.success(), "{s} as C++:\n{}", String::from_utf8_lossy(&o.stderr));
        }
    }
}
