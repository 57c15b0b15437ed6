//! Checks the committed C headers in `include/` against the Rust sources.
//!
//! - `include/tinyrnn_generated.h` must equal the header build.rs generated
//!   with cbindgen into `OUT_DIR` (config `cbindgen.toml`, the sources listed
//!   in build.rs). On drift the test fails;
//!   `TINYRNN_BLESS=1 cargo test --test headers` rewrites the file instead.
//! - Every `tinyrnn_*` function is declared exactly once across the quantized
//!   headers, and every EdgeML name is mapped to a declared symbol in each
//!   `SHIFT`/`SPARSE` combination.
//! - The inline tables `exp_table_A`/`exp_table_B` of `quantized_utils.h`
//!   equal the library's `EXP_TABLE_A`/`EXP_TABLE_B`.
//! - The error-code macros equal [`tinyrnn::Error::code`].
//! - The version macros of `tinyrnn.h` equal `CARGO_PKG_VERSION`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use tinyrnn::q15::{EXP_TABLE_A, EXP_TABLE_B};
use tinyrnn::Error;

/// The quantized FFI modules cbindgen reads (build.rs lists them).
const GENERATED_FROM: &str = env!("TINYRNN_GENERATED_FROM");

const GENERATED_HEADER: &str = "include/tinyrnn_generated.h";

/// The hand-written quantized headers (the float ones belong to the float API).
const QUANTIZED_HEADERS: [&str; 7] = [
    "include/quantized_datatypes.h",
    "include/quantized_utils.h",
    "include/quantized_fastgrnn.h",
    "include/quantized_rnnpool.h",
    "include/quantized_mbconv.h",
    "include/tinyrnn_errors.h",
    "include/tinyrnn.h",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let p = root().join(rel);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn bless_requested() -> bool {
    matches!(std::env::var("TINYRNN_BLESS"), Ok(v) if !v.is_empty() && v != "0" && v != "false")
}

/// The header build.rs generated for this build of the sources.
fn generate() -> String {
    let p = Path::new(env!("OUT_DIR")).join("tinyrnn_generated.h");
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The cell family's sources (build.rs lists them) and header.
const CELLS_FROM: &str = env!("TINYRNN_CELLS_FROM");
const CELLS_HEADER: &str = "include/tinyrnn_cells_generated.h";

/// The cells' header build.rs generated (config `cbindgen-cells.toml`).
fn generate_cells() -> String {
    let p = Path::new(env!("OUT_DIR")).join("tinyrnn_cells_generated.h");
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

#[test]
fn generated_header_is_up_to_date() {
    check_generated(GENERATED_HEADER, generate(), GENERATED_FROM);
}

#[test]
fn generated_cells_header_is_up_to_date() {
    check_generated(CELLS_HEADER, generate_cells(), CELLS_FROM);
}

fn check_generated(header: &str, fresh: String, sources: &str) {
    let path = root().join(header);
    if bless_requested() {
        fs::write(&path, &fresh).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let (mut a, mut b) = (committed.lines(), fresh.lines());
        let mut line = 1;
        let detail = loop {
            match (a.next(), b.next()) {
                (Some(x), Some(y)) if x == y => line += 1,
                (x, y) => break format!("first difference at line {line}:\n  committed: {x:?}\n  generated: {y:?}"),
            }
        };
        panic!(
            "{header} is out of date with the Rust sources ({sources}).\n{detail}\n\
             Run `TINYRNN_BLESS=1 cargo test --test headers` to regenerate it, and commit the result."
        );
    }
}

/// The C source with comments removed (string literals are left alone; the
/// headers have no comment markers inside strings).
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("/*") {
            let end = r.find("*/").expect("unterminated comment");
            rest = &r[end + 2..];
            out.push(' ');
        } else if let Some(r) = rest.strip_prefix("//") {
            rest = r.find('\n').map_or("", |i| &r[i..]);
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Names of the functions declared (not called, not `#define`d) in a header:
/// identifiers followed by `(` that start a declaration statement.
fn declared_functions(src: &str) -> Vec<String> {
    let code = strip_comments(src);
    let mut names = Vec::new();
    let mut depth = 0i32;
    // Braces opened by `extern "C" {` (C++ linkage blocks) do not nest.
    let mut braces: Vec<bool> = Vec::new();
    // Split into top-level statements (`;` outside braces).
    let mut stmt = String::new();
    for line in code.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        for c in line.chars() {
            match c {
                '{' => {
                    let linkage = depth == 0 && stmt.trim() == "extern \"C\"";
                    braces.push(linkage);
                    if !linkage {
                        depth += 1;
                    }
                    stmt.clear();
                }
                '}' => {
                    if !braces.pop().expect("unbalanced braces") {
                        depth -= 1;
                    }
                    stmt.clear();
                }
                ';' if depth == 0 => {
                    let s = stmt.trim().to_string();
                    stmt.clear();
                    if s.starts_with("typedef") {
                        continue;
                    }
                    if let Some(open) = s.find('(') {
                        let head = s[..open].trim_end();
                        let name: String =
                            head.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        let name: String = name.chars().rev().collect();
                        if !name.is_empty() && !head.contains('=') {
                            names.push(name);
                        }
                    }
                }
                _ => {
                    if depth == 0 {
                        stmt.push(c)
                    }
                }
            }
        }
        stmt.push('\n');
    }
    names
}

#[test]
fn every_function_is_declared_once() {
    let mut count: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for h in std::iter::once(GENERATED_HEADER).chain(QUANTIZED_HEADERS) {
        for name in declared_functions(&read(h)) {
            if name.starts_with("tinyrnn_") {
                count.entry(name).or_default().push(h);
            }
        }
    }
    assert!(count.len() >= 60, "expected the whole quantized ABI, found {} declarations: {count:?}", count.len());
    let dups: Vec<String> =
        count.iter().filter(|(_, v)| v.len() > 1).map(|(k, v)| format!("{k} ({})", v.join(", "))).collect();
    assert!(
        dups.is_empty(),
        "declared more than once: {dups:?}\n(if cbindgen now sees an export that cbindgen.toml's trailer \
         declares by hand, delete it from the trailer and re-bless)"
    );
}

/// The 32 functions of EdgeML's quantized API that `tinyrnn` replaces.
const EDGEML_FUNCTIONS: [&str; 37] = [
    "q15_v_add",
    "q7_v_sub",
    "q15_v_sub",
    "q7_v_hadamard",
    "q15_v_hadamard",
    "q15_v_sigmoid",
    "q15_v_tanh",
    "q15_v_scalar_add",
    "q15_v_scalar_sub",
    "q15_v_scalar_mul",
    "q15_v_argmax",
    "q15_v_scale_up",
    "q15_v_scale_down",
    "q15_m_reverse",
    "q15xq7_q15_m_mulvec",
    "q15_m_mulvec",
    "q15xq7_q15_m_sparse_mulvec",
    "q15_m_sparse_mulvec",
    "q7_t_add",
    "q15_t_add",
    "q7xq15_q7_t_add_vec",
    "q15_t_add_vec",
    "q7_t_relu",
    "q15_t_l2_norm",
    "q7xq15_q7_convolution",
    "q7xq15_q15_convolution",
    "q15_convolution",
    "q15_fastgrnn_lr",
    "q15_fastgrnn",
    "q7xq15_q15_fastgrnn",
    "q7xq15_q15_rnnpool_block",
    "q15_rnnpool_block",
    "q7_mbconv_block",
    "q7xq15_q15_mbconv_block",
    "q15xq7_q7_mbconv_block",
    "q15xq7_q15_mbconv_block",
    "q15_mbconv_block",
];

/// A minimal preprocessor for the mapping blocks: follows `#ifdef`,
/// `#ifndef`, `#if defined(..)` with `&&`/`||`/`!`, `#else`, `#endif`, and
/// records `#define NAME tinyrnn_*` lines that are active for `defined`.
fn active_mappings(src: &str, defined: &BTreeSet<&str>) -> BTreeMap<String, String> {
    fn eval(expr: &str, defined: &BTreeSet<&str>) -> bool {
        let e = expr.trim();
        if let Some((a, b)) = e.split_once("||") {
            return eval(a, defined) || eval(b, defined);
        }
        if let Some((a, b)) = e.split_once("&&") {
            return eval(a, defined) && eval(b, defined);
        }
        if let Some(r) = e.strip_prefix('!') {
            return !eval(r, defined);
        }
        let name = e.trim_start_matches("defined").trim().trim_start_matches('(').trim_end_matches(')').trim();
        defined.contains(name)
    }
    let mut stack: Vec<(bool, bool)> = Vec::new(); // (this branch active, parent active)
    let mut out = BTreeMap::new();
    for line in strip_comments(src).lines() {
        let t = line.trim();
        let Some(d) = t.strip_prefix('#') else { continue };
        let d = d.trim_start();
        let active = stack.last().map_or(true, |&(a, p)| a && p);
        if let Some(n) = d.strip_prefix("ifndef") {
            stack.push((!defined.contains(n.trim()), active));
        } else if let Some(n) = d.strip_prefix("ifdef") {
            stack.push((defined.contains(n.trim()), active));
        } else if let Some(e) = d.strip_prefix("if") {
            stack.push((eval(e, defined), active));
        } else if d.starts_with("else") {
            let top = stack.last_mut().expect("#else without #if");
            top.0 = !top.0;
        } else if d.starts_with("endif") {
            stack.pop().expect("#endif without #if");
        } else if let Some(def) = d.strip_prefix("define") {
            let mut it = def.split_whitespace();
            if let (Some(name), Some(value), true) = (it.next(), it.next(), active) {
                if value.starts_with("tinyrnn_") {
                    out.insert(name.to_string(), value.to_string());
                }
            }
        }
    }
    assert!(stack.is_empty(), "unbalanced #if/#endif");
    out
}

#[test]
fn every_edgeml_name_maps_to_a_declared_symbol_in_every_mode() {
    let mut declared = BTreeSet::new();
    for h in std::iter::once(GENERATED_HEADER).chain(QUANTIZED_HEADERS) {
        declared.extend(declared_functions(&read(h)));
    }
    for flags in [&[][..], &["SHIFT"], &["SPARSE"], &["SHIFT", "SPARSE"]] {
        let defined: BTreeSet<&str> = flags.iter().copied().collect();
        let mut map = BTreeMap::new();
        for h in QUANTIZED_HEADERS {
            map.extend(active_mappings(&read(h), &defined));
        }
        for f in EDGEML_FUNCTIONS {
            let target = map.get(f).unwrap_or_else(|| panic!("{f} is not mapped with {flags:?}"));
            assert!(declared.contains(target), "{f} maps to {target} with {flags:?}, which no header declares");
            let shift = flags.contains(&"SHIFT");
            let wrong = if shift { "_div" } else { "_shift" };
            assert!(!target.contains(wrong), "{f} maps to {target} with {flags:?}");
            if f.ends_with("q15_fastgrnn") {
                let storage = if flags.contains(&"SPARSE") { "_sparse" } else { "_dense" };
                assert!(target.ends_with(storage), "{f} maps to {target} with {flags:?}");
            }
        }
    }
}

/// The integers between `{` and `}` that follow `name[` in the source.
fn c_array(src: &str, name: &str) -> Vec<i64> {
    let code = strip_comments(src);
    let start = code.find(&format!("{name}[")).unwrap_or_else(|| panic!("{name} not found"));
    let body = &code[start..];
    let open = body.find('{').expect("initializer");
    let close = body.find('}').expect("initializer end");
    body[open + 1..close]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().unwrap_or_else(|e| panic!("{name}: bad element {s:?}: {e}")))
        .collect()
}

#[test]
fn exp_tables_equal_the_library_tables() {
    let src = read("include/quantized_utils.h");
    let a = c_array(&src, "exp_table_A");
    let b = c_array(&src, "exp_table_B");
    let ra: Vec<i64> = EXP_TABLE_A.iter().map(|&v| v as i64).collect();
    let rb: Vec<i64> = EXP_TABLE_B.iter().map(|&v| v as i64).collect();
    assert_eq!(a.len(), 256, "exp_table_A length");
    assert_eq!(b.len(), 128, "exp_table_B length");
    assert_eq!(a, ra, "exp_table_A in quantized_utils.h differs from EXP_TABLE_A");
    assert_eq!(b, rb, "exp_table_B in quantized_utils.h differs from EXP_TABLE_B");
    assert!(src.contains("static const Q15_T exp_table_A[256]"), "exp_table_A must be `static const Q15_T [256]`");
    assert!(src.contains("static const Q15_T exp_table_B[128]"), "exp_table_B must be `static const Q15_T [128]`");
}

/// `#define NAME value` lines of a header (value as written, comments removed).
fn defines(src: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in strip_comments(src).lines() {
        let t = line.trim();
        if let Some(d) = t.strip_prefix('#').map(str::trim_start).and_then(|d| d.strip_prefix("define")) {
            let d = d.trim();
            if let Some((name, value)) = d.split_once(char::is_whitespace) {
                out.insert(name.to_string(), value.trim().to_string());
            }
        }
    }
    out
}

fn int_macro(defs: &BTreeMap<String, String>, name: &str) -> i64 {
    let v = defs.get(name).unwrap_or_else(|| panic!("{name} is not defined"));
    v.trim_start_matches('(').trim_end_matches(')').trim().parse().unwrap_or_else(|e| panic!("{name} = {v}: {e}"))
}

#[test]
fn error_codes_equal_the_library_codes() {
    let mut defs = BTreeMap::new();
    for h in QUANTIZED_HEADERS {
        defs.extend(defines(&read(h)));
    }
    let expected = [
        ("ERR_PRECOMP_NOT_INIT", Error::PrecompNotInit),
        ("ERR_TEMPLRW_NOT_INIT", Error::TempLrwNotInit),
        ("ERR_TEMPLRU_NOT_INIT", Error::TempLruNotInit),
        ("ERR_NORMFEATURES_NOT_INIT", Error::NormFeaturesNotInit),
        ("TINYRNN_ERR_NULL", Error::Null),
        ("TINYRNN_ERR_ALIGNMENT", Error::Misaligned),
        ("TINYRNN_ERR_LENGTH", Error::Length),
        ("TINYRNN_ERR_OVERFLOW", Error::Overflow),
        ("TINYRNN_ERR_ZERO", Error::Zero),
        ("TINYRNN_ERR_SPARSE_INDEX", Error::SparseIndex),
        ("TINYRNN_ERR_ALIASING", Error::Aliasing),
        ("TINYRNN_ERR_GEOMETRY", Error::Geometry),
        ("TINYRNN_ERR_CONFIG", Error::Config),
    ];
    for (name, e) in expected {
        assert_eq!(int_macro(&defs, name), e.code() as i64, "{name} differs from {e:?}.code()");
    }
    // The model handles' code, the C library's own.
    assert_eq!(int_macro(&defs, "TINYRNN_ERR_MODEL"), tinyrnn::ffi::fastgrnn_model::ERR_MODEL as i64);
    // EdgeML spells its codes bare (`-1`), and code compares them with `==`.
    assert_eq!(defs["ERR_PRECOMP_NOT_INIT"], "-1");
    assert_eq!(defs["Q15_TMAX"], "32767");
    assert_eq!(defs["Q15_TMIN"], "-32768");
}

#[test]
fn version_macros_equal_the_crate_version() {
    let defs = defines(&read("include/tinyrnn.h"));
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.').map(|p| p.parse::<i64>().expect("numeric version"));
    assert_eq!(int_macro(&defs, "TINYRNN_VERSION_MAJOR"), parts.next().unwrap());
    assert_eq!(int_macro(&defs, "TINYRNN_VERSION_MINOR"), parts.next().unwrap());
    assert_eq!(int_macro(&defs, "TINYRNN_VERSION_PATCH"), parts.next().unwrap());
    assert_eq!(defs.get("TINYRNN_VERSION_STRING").map(String::as_str), Some(format!("\"{version}\"").as_str()));
    assert_eq!(tinyrnn::VERSION, version);
}

#[test]
fn generated_header_sources_exist() {
    for src in GENERATED_FROM.split(", ") {
        assert!(Path::new(&root().join(src)).is_file(), "{src} is missing: update GENERATED_FROM in build.rs");
    }
}

#[test]
fn model_storage_sizes_equal_the_library_constants() {
    use tinyrnn::ffi::fastgrnn_model::{MODEL_BYTES_32, MODEL_BYTES_64};
    // The header's two branches, 64-bit pointers first.
    let sizes: Vec<usize> = read("include/tinyrnn_generated.h")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("#define TINYRNN_FASTGRNN_MODEL_BYTES "))
        .map(|v| v.trim().parse().expect("a size"))
        .collect();
    assert_eq!(sizes, [MODEL_BYTES_64, MODEL_BYTES_32]);
}
