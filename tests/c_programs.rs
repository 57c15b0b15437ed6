//! Builds the static library a C user links (`cargo rustc --release --lib
//! --crate-type staticlib`, in a target directory of its own, not this test's
//! artifacts), then compiles every `c_tests/*.c` against `include/` in the
//! four EdgeML build configurations (no flags, `-DSHIFT`, `-DSPARSE`, both)
//! with `-std=c99 -Wall -Wextra -Werror`, links it with `libtinyrnn.a`, runs
//! it and requires exit status 0. One test per configuration, so they run in
//! parallel; each prints a line per program and, on failure, the compiler's
//! or the program's output.
//!
//! `model_headers_match_the_vectors` reruns `c_tests/gen_models.py --check`;
//! `library_exports_match_the_headers` checks that every `tinyrnn_*` function
//! the headers declare links, and (with `nm`) that every `tinyrnn_*` function
//! the library exports is declared by some header.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The four configurations of EdgeML's quantized build.
const FLAG_SETS: [&[&str]; 4] = [&[], &["-DSHIFT"], &["-DSPARSE"], &["-DSHIFT", "-DSPARSE"]];

const C_FLAGS: [&str; 5] = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-Iinclude"];

/// A C program that runs longer than this is reported as hung.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `true` when `CI` is set to something other than empty, `0` or `false`.
fn ci() -> bool {
    matches!(std::env::var("CI"), Ok(v) if !v.is_empty() && v != "0" && v != "false")
}

/// A check that cannot run here: skipped with a warning on a developer's
/// machine, a failure under CI (where no test may pass by skipping).
fn cannot_run(why: &str) {
    assert!(!ci(), "{why} (under CI a missing tool or file fails the test; scripts/setup installs them)");
    eprintln!("{why}: skipped");
}

fn work_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c-tests")
}

/// The host's target triple (the C programs run here).
fn host_triple() -> &'static str {
    use std::env::consts::{ARCH, OS};
    match (ARCH, OS) {
        ("x86_64", "linux") => "x86_64-unknown-linux-gnu",
        ("aarch64", "linux") => "aarch64-unknown-linux-gnu",
        ("riscv64", "linux") => "riscv64gc-unknown-linux-gnu",
        ("x86_64", "macos") => "x86_64-apple-darwin",
        ("aarch64", "macos") => "aarch64-apple-darwin",
        (arch, os) => panic!("c_programs: no target triple known for {arch}-{os}; add it to host_triple()"),
    }
}

/// Linker arguments the static library needs on this host.
struct Library {
    archive: PathBuf,
    link_args: Vec<String>,
}

/// Builds `libtinyrnn.a` once for all tests of this binary.
fn library() -> &'static Library {
    static LIB: OnceLock<Result<Library, String>> = OnceLock::new();
    match LIB.get_or_init(build_library) {
        Ok(lib) => lib,
        Err(e) => panic!("{e}"),
    }
}

fn build_library() -> Result<Library, String> {
    let target_dir = work_dir().join("target");
    let out = Command::new(env!("CARGO"))
        .current_dir(root())
        .env_remove("CARGO_TARGET_DIR")
        .args(["rustc", "--release", "--lib", "--crate-type", "staticlib", "--target-dir"])
        .arg(&target_dir)
        .args(["--", "--print", "native-static-libs"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("building the static library failed:\n{stderr}"));
    }
    let archive = target_dir.join("release").join(if cfg!(windows) { "tinyrnn.lib" } else { "libtinyrnn.a" });
    if !archive.is_file() {
        return Err(format!("cargo succeeded but {} is missing", archive.display()));
    }
    // `note: native-static-libs: -lfoo -lbar` (empty for this no_std crate;
    // absent when cargo had nothing to rebuild and replays no notes).
    let mut link_args: Vec<String> = stderr
        .lines()
        .find_map(|l| {
            l.split_once("native-static-libs:").map(|(_, libs)| libs.split_whitespace().map(String::from).collect())
        })
        .unwrap_or_default();
    // Plain link line, as a C user writes it: the archive and the maths
    // library, no section garbage collection.
    link_args.push("-lm".into());
    eprintln!("c_programs: built {} (link with: {})", archive.display(), link_args.join(" "));
    Ok(Library { archive, link_args })
}

/// The C compiler the `cc` crate picks for the host, with its default flags.
fn compiler() -> (PathBuf, Vec<OsString>, Vec<(OsString, OsString)>) {
    let host = host_triple();
    let tool = cc::Build::new().target(host).host(host).opt_level(0).debug(false).cargo_metadata(false).get_compiler();
    let env = tool.get_envs().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let args = tool.args().to_vec();
    assert!(!args.iter().any(|a| a == "-w"), "the cc crate's default flags silence warnings: {args:?}");
    (tool.path().to_path_buf(), args, env)
}

fn c_programs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("c_tests"))
        .expect("c_tests/ is missing")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no C programs in c_tests/");
    files
}

fn flags_label(flags: &[&str]) -> String {
    if flags.is_empty() {
        "(no flags)".to_string()
    } else {
        flags.join(" ")
    }
}

/// Compiles and links one C source; the compiler's output on failure.
fn compile(source: &Path, flags: &[&str], exe: &Path, lib: &Library) -> Result<(), String> {
    let (cc, default_args, env) = compiler();
    let mut cmd = Command::new(&cc);
    cmd.current_dir(root()).args(&default_args).args(C_FLAGS).args(flags).arg(source).arg(&lib.archive);
    cmd.args(&lib.link_args).arg("-o").arg(exe);
    for (k, v) in env {
        cmd.env(k, v);
    }
    static SHOWN: OnceLock<()> = OnceLock::new();
    SHOWN.get_or_init(|| eprintln!("c_programs: C compiler command: {cmd:?}"));
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot run {}: {e}", cc.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("compiling failed: {cmd:?}\n{}", output_text(&out)))
    }
}

fn output_text(out: &Output) -> String {
    format!(
        "--- stdout ---\n{}--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs a program with a timeout; its output on failure.
fn run(exe: &Path) -> Result<String, String> {
    let mut child = Command::new(exe)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > RUN_TIMEOUT => {
                let _ = child.kill();
                let out = child.wait_with_output().map_err(|e| e.to_string())?;
                return Err(format!("killed after {RUN_TIMEOUT:?}\n{}", output_text(&out)));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {}: {e}", exe.display())),
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    } else {
        Err(format!("exited with {}\n{}", out.status, output_text(&out)))
    }
}

/// Compiles and runs every C program with one flag set.
fn run_all_with(flags: &[&str]) {
    let lib = library();
    let label = flags_label(flags);
    let bin_dir = work_dir().join("bin").join(if flags.is_empty() {
        "default".to_string()
    } else {
        flags.join("").replace("-D", "_")
    });
    fs::create_dir_all(&bin_dir).expect("cannot create the C programs' directory");
    let mut failures = String::new();
    let mut passed = 0;
    for source in c_programs() {
        let name = source.file_stem().and_then(|s| s.to_str()).unwrap_or("program").to_string();
        let exe = bin_dir.join(&name);
        let rel = source.strip_prefix(root()).unwrap_or(&source).display().to_string();
        match compile(&source, flags, &exe, lib).and_then(|()| run(&exe)) {
            Ok(stdout) => {
                passed += 1;
                let last = stdout.lines().last().unwrap_or("");
                println!("ok    {rel:<45} {label:<18} {last}");
            }
            Err(e) => {
                println!("FAIL  {rel:<45} {label}");
                let _ = writeln!(failures, "\n=== {rel} with {label}: {e}");
            }
        }
    }
    assert!(failures.is_empty(), "C programs failed with {label} ({passed} passed):{failures}");
}

#[test]
fn c_programs_division_dense() {
    run_all_with(FLAG_SETS[0]);
}

#[test]
fn c_programs_shift_dense() {
    run_all_with(FLAG_SETS[1]);
}

#[test]
fn c_programs_division_sparse() {
    run_all_with(FLAG_SETS[2]);
}

#[test]
fn c_programs_shift_sparse() {
    run_all_with(FLAG_SETS[3]);
}

/// Source with `/* */` and `//` comments blanked out.
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("/*") {
            let end = r.find("*/").map_or(r.len(), |i| i + 2);
            out.extend(r[..end.min(r.len())].chars().filter(|&c| c == '\n'));
            rest = &r[end.min(r.len())..];
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

/// `tinyrnn_*` functions declared (name directly followed by `(`) outside
/// preprocessor lines, in every header of `include/`.
fn declared_functions() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in fs::read_dir(root().join("include")).expect("include/ is missing").flatten() {
        let path = entry.path();
        if path.extension().map_or(true, |x| x != "h") {
            continue;
        }
        let src = fs::read_to_string(&path).expect("readable header");
        for line in strip_comments(&src).lines().filter(|l| !l.trim_start().starts_with('#')) {
            let mut rest = line;
            while let Some(i) = rest.find("tinyrnn_") {
                let preceded = rest[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
                let tail = &rest[i..];
                let len = tail.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(tail.len());
                let after = tail[len..].trim_start();
                if !preceded && after.starts_with('(') {
                    names.insert(tail[..len].to_string());
                }
                rest = &tail[len..];
            }
        }
    }
    names
}

/// Defined global `tinyrnn_*` functions of the archive, if `nm` is available.
fn exported_functions(archive: &Path) -> Option<BTreeSet<String>> {
    let out = Command::new("nm").args(["-g", "--defined-only"]).arg(archive).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace().rev();
                let (name, kind) = (f.next()?, f.next()?);
                let name = name.strip_prefix('_').filter(|_| cfg!(target_os = "macos")).unwrap_or(name);
                (kind == "T" && name.starts_with("tinyrnn_")).then(|| name.to_string())
            })
            .collect(),
    )
}

#[test]
fn library_exports_match_the_headers() {
    let lib = library();
    let declared = declared_functions();
    assert!(declared.len() >= 63, "too few tinyrnn_ declarations found in include/: {declared:?}");

    // Every declared function links: a program that takes all their addresses.
    let headers: Vec<String> = fs::read_dir(root().join("include"))
        .expect("include/")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".h"))
        .collect();
    let mut src = String::from("/* Generated by tests/c_programs.rs: every declared tinyrnn_ function. */\n");
    let mut sorted = headers.clone();
    sorted.sort();
    for h in &sorted {
        let _ = writeln!(src, "#include \"{h}\"");
    }
    src.push_str("#include <stdio.h>\ntypedef void (*any_fn)(void);\nstatic any_fn const all[] = {\n");
    for name in &declared {
        let _ = writeln!(src, "    (any_fn){name},");
    }
    src.push_str("};\nint main(void) {\n    unsigned i, n = 0;\n");
    src.push_str("    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) n += all[i] != 0;\n");
    src.push_str(
        "    printf(\"%u functions linked\\n\", n);\n    return n == sizeof(all) / sizeof(all[0]) ? 0 : 1;\n}\n",
    );
    let dir = work_dir().join("bin");
    fs::create_dir_all(&dir).expect("cannot create the C programs' directory");
    let source = dir.join("all_declared_functions.c");
    fs::write(&source, src).expect("cannot write the generated C program");
    let exe = dir.join("all_declared_functions");
    compile(&source, &[], &exe, lib).unwrap_or_else(|e| panic!("a declared tinyrnn_ function does not link: {e}"));
    let out = run(&exe).unwrap_or_else(|e| panic!("{e}"));
    println!("{out}");

    // Every exported function is declared.
    match exported_functions(&lib.archive) {
        Some(exported) => {
            let undeclared: Vec<&String> = exported.difference(&declared).collect();
            assert!(
                undeclared.is_empty(),
                "libtinyrnn.a exports functions no header in include/ declares: {undeclared:?}\n\
                 (quantized: add them to cbindgen.toml's trailer or make them visible to cbindgen; \
                 float: make them visible to cbindgen in src/ffi/float.rs)"
            );
            let missing: Vec<&String> = declared.difference(&exported).collect();
            assert!(missing.is_empty(), "declared but not exported by the archive: {missing:?}");
            println!("{} tinyrnn_ functions exported, all declared", exported.len());
        }
        None => cannot_run("nm is not available or failed: the exported-but-undeclared check"),
    }
}

/// The model headers of `c_tests/models/` are what `c_tests/gen_models.py`
/// makes from the shared reference vectors (skipped without python3 or the
/// vectors, except under CI).
#[test]
fn model_headers_match_the_vectors() {
    let vectors = root().join("../shared/edgeml-vectors");
    if !vectors.join("div.jsonl").is_file() {
        cannot_run(&format!("{} is missing", vectors.display()));
        return;
    }
    let out = match Command::new("python3").current_dir(root()).args(["c_tests/gen_models.py", "--check"]).output() {
        Ok(out) => out,
        Err(e) => {
            cannot_run(&format!("python3 is not available ({e})"));
            return;
        }
    };
    assert!(out.status.success(), "c_tests/models/ is out of date or the generator failed:\n{}", output_text(&out));
    println!("{}", String::from_utf8_lossy(&out.stdout).trim_end());
}

/// `c_tests/models/mbconv_cases.h` equals a fresh extraction from the
/// committed EdgeML recordings (`tests/data/edgeml_recorded_*.jsonl`).
#[test]
fn mbconv_cases_header_matches_the_recorded_vectors() {
    let out = Command::new("python3")
        .current_dir(root())
        .args(["c_tests/gen_mbconv_cases.py", "--check"])
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to check c_tests/models/mbconv_cases.h: {e}"));
    assert!(out.status.success(), "c_tests/models/mbconv_cases.h is out of date:\n{}", output_text(&out));
}

/// The helpers `quantized_utils.h` defines inline (C) equal the library's
/// (Rust) on every input of `exp_base_16` for a range of scales (including
/// the out-of-domain rules: positive input, scale 0, negative scales), and
/// on a sweep of the saturate and ReLU helpers.
#[test]
fn inline_helpers_equal_the_library() {
    use tinyrnn::q15::{exp_base_16, q15_relu, q15_saturate, q31_relu, q7_relu};
    const SCALES: [i16; 9] = [1, 2, 3, 7, 16384, 32767, -1, -32768, 0];
    const LIMITS: [i32; 6] = [-200, -1, 0, 1, 100, 40000];
    let lib = library();
    let src = format!(
        r#"/* Generated by tests/c_programs.rs: dumps the inline helpers. */
#include <stdio.h>
#include "quantized_utils.h"
static const Q15_T scales[] = {{{scales}}};
static const Q31_T limits[] = {{{limits}}};
int main(void) {{
    long x;
    unsigned s, l;
    for (s = 0; s < sizeof(scales) / sizeof(scales[0]); s++)
        for (x = -32768; x <= 32767; x++) printf("%d\n", exp_base_16((Q15_T)x, scales[s]));
    for (x = -70000; x <= 70000; x += 7) printf("%d\n", q15_saturate((Q31_T)x));
    for (l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {{
        for (x = -128; x <= 127; x++) printf("%d\n", q7_relu((Q7_T)x, (Q7_T)limits[l]));
        for (x = -32768; x <= 32767; x += 3) printf("%d\n", q15_relu((Q15_T)x, (Q15_T)limits[l]));
        for (x = -70000; x <= 70000; x += 7) printf("%ld\n", (long)q31_relu((Q31_T)x, limits[l]));
    }}
    return 0;
}}
"#,
        scales = SCALES.map(|s| s.to_string()).join(", "),
        limits = LIMITS.map(|s| s.to_string()).join(", ")
    );
    let dir = work_dir().join("bin");
    fs::create_dir_all(&dir).expect("cannot create the C programs' directory");
    let source = dir.join("inline_helpers.c");
    fs::write(&source, src).expect("cannot write the generated C program");
    let exe = dir.join("inline_helpers");
    compile(&source, &[], &exe, lib).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(&exe).output().expect("run the helper dump");
    assert!(out.status.success(), "{}", output_text(&out));
    let text = String::from_utf8(out.stdout).expect("ASCII output");
    let mut c = text.lines().map(|l| l.parse::<i64>().expect("a number per line"));

    let mut expect = Vec::new();
    let mut what = Vec::new();
    for &s in &SCALES {
        for x in i16::MIN..=i16::MAX {
            expect.push(exp_base_16(x, s) as i64);
            what.push(format!("exp_base_16({x}, {s})"));
        }
    }
    for x in (-70000..=70000).step_by(7) {
        expect.push(q15_saturate(x) as i64);
        what.push(format!("q15_saturate({x})"));
    }
    for &l in &LIMITS {
        for x in i8::MIN..=i8::MAX {
            expect.push(q7_relu(x, l as i8) as i64);
            what.push(format!("q7_relu({x}, {})", l as i8));
        }
        for x in (i16::MIN as i32..=i16::MAX as i32).step_by(3) {
            expect.push(q15_relu(x as i16, l as i16) as i64);
            what.push(format!("q15_relu({x}, {})", l as i16));
        }
        for x in (-70000..=70000).step_by(7) {
            expect.push(q31_relu(x, l) as i64);
            what.push(format!("q31_relu({x}, {l})"));
        }
    }
    let mut bad = Vec::new();
    for (i, want) in expect.iter().enumerate() {
        let got = c.next().unwrap_or_else(|| panic!("the C dump ended early, at {}", what[i]));
        if got != *want && bad.len() < 10 {
            bad.push(format!("{}: C {got}, Rust {want}", what[i]));
        }
    }
    assert!(c.next().is_none(), "the C dump has extra lines");
    assert!(bad.is_empty(), "quantized_utils.h's inline helpers differ from the library:\n{}", bad.join("\n"));
    println!("{} helper values equal", expect.len());
}

/// The C programs also compile for the MCUs, where `int32_t` is `long`
/// (arm-none-eabi newlib): EdgeML's `int` signatures must still match the
/// headers' there. A syntax-only check with `arm-none-eabi-gcc`, in the four
/// configurations; skipped when the cross compiler is not installed (except
/// under CI).
#[test]
fn c_programs_compile_for_cortex_m() {
    let gcc = "arm-none-eabi-gcc";
    if Command::new(gcc).arg("--version").output().map_or(true, |o| !o.status.success()) {
        cannot_run(&format!("{gcc} is not installed (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)"));
        return;
    }
    let mut failures = String::new();
    for flags in FLAG_SETS {
        for source in c_programs() {
            let out = Command::new(gcc)
                .current_dir(root())
                .args(["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-fsyntax-only"])
                .args(C_FLAGS)
                .args(flags)
                .arg(&source)
                .output()
                .expect("run the cross compiler");
            let rel = source.strip_prefix(root()).unwrap_or(&source).display().to_string();
            if out.status.success() {
                println!("ok    {rel:<45} {} (Cortex-M4, syntax only)", flags_label(flags));
            } else {
                let _ = writeln!(failures, "\n=== {rel} with {}:\n{}", flags_label(flags), output_text(&out));
            }
        }
    }
    assert!(failures.is_empty(), "C programs do not compile for Cortex-M4:{failures}");
}

/// The headers also serve C++ (`extern "C"` linkage): a C++ program that
/// includes `tinyrnn.h`, stores `q15_fastgrnn` as a `q15_rnn_t` and calls a
/// kernel must compile with warnings as errors, link and run. Skipped when
/// the host has no C++ compiler.
#[test]
fn headers_work_from_cpp() {
    let lib = library();
    let host = host_triple();
    let tool = cc::Build::new()
        .cpp(true)
        .target(host)
        .host(host)
        .opt_level(0)
        .debug(false)
        .cargo_metadata(false)
        .get_compiler();
    let src = r#"// Generated by tests/c_programs.rs.
#include <cstdio>
#include "tinyrnn.h"
int main() {
    const Q15_T a[2] = {100, -100};
    const Q15_T b[2] = {1, 2};
    Q15_T r[2] = {0, 0};
    q15_rnn_t rnn = q15_fastgrnn;
    q15_v_add(a, b, 2, r, 1, 1, 1, 1);
    std::printf("%d %d\n", r[0], r[1]);
    return (rnn != 0 && r[0] == 101 && r[1] == -98) ? 0 : 1;
}
"#;
    let dir = work_dir().join("bin");
    fs::create_dir_all(&dir).expect("cannot create the C programs' directory");
    let source = dir.join("from_cpp.cpp");
    fs::write(&source, src).expect("cannot write the C++ program");
    let exe = dir.join("from_cpp");
    let mut cmd = Command::new(tool.path());
    cmd.current_dir(root())
        .args(tool.args())
        .args(["-std=c++11", "-Wall", "-Wextra", "-Werror", "-Iinclude"])
        .arg(&source)
        .arg(&lib.archive)
        .args(&lib.link_args)
        .arg("-o")
        .arg(&exe);
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => {
            cannot_run(&format!("no C++ compiler ({e})"));
            return;
        }
    };
    assert!(out.status.success(), "C++ build failed: {cmd:?}\n{}", output_text(&out));
    // Division build with unit scales: a plain sum.
    let printed = run(&exe).unwrap_or_else(|e| panic!("{e}"));
    println!("C++: {printed}");
}
