//! The C programs of `c_tests/` built with `-fsanitize=address,undefined
//! -fno-sanitize-recover=all` against the host static library, in the four
//! EdgeML flag sets, and required to run clean: any AddressSanitizer report
//! (heap/stack/global overflow, use after free, leak) or UndefinedBehavior-
//! Sanitizer report fails the program, hence the test.
//!
//! When the nightly toolchain is installed, the library itself is built with
//! `-Zsanitizer=address` (in `CARGO_ENCODED_RUSTFLAGS`, so that both
//! packages, the C ABI and the kernels of `crates/tinyrnn`, are
//! instrumented), so AddressSanitizer also checks every access tinyrnn makes
//! to the C programs' buffers; gcc's runtime serves both. Without nightly the
//! plain release library is used and only the C side is instrumented (the test
//! says so; under `CI=true` nightly is required).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const FLAG_SETS: [&[&str]; 4] = [&[], &["-DSHIFT"], &["-DSPARSE"], &["-DSHIFT", "-DSPARSE"]];

const C_FLAGS: [&str; 5] = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-Iinclude"];

const SANITIZE: [&str; 5] =
    ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", "-g", "-O1"];

const RUN_TIMEOUT: Duration = Duration::from_secs(300);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c-sanitizers")
}

fn ci() -> bool {
    matches!(std::env::var("CI"), Ok(v) if !v.is_empty() && v != "0" && v != "false")
}

fn host_triple() -> &'static str {
    use std::env::consts::{ARCH, OS};
    match (ARCH, OS) {
        ("x86_64", "linux") => "x86_64-unknown-linux-gnu",
        ("aarch64", "linux") => "aarch64-unknown-linux-gnu",
        ("x86_64", "macos") => "x86_64-apple-darwin",
        ("aarch64", "macos") => "aarch64-apple-darwin",
        (arch, os) => panic!("c_sanitizers: no target triple known for {arch}-{os}"),
    }
}

fn output_text(out: &Output) -> String {
    format!(
        "--- stdout ---\n{}--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

struct Library {
    archive: PathBuf,
    instrumented: bool,
}

/// `libtinyrnn.a` for the host: ASan-instrumented with nightly, plain otherwise.
fn library() -> &'static Library {
    static LIB: OnceLock<Result<Library, String>> = OnceLock::new();
    match LIB.get_or_init(build_library) {
        Ok(lib) => lib,
        Err(e) => panic!("{e}"),
    }
}

fn build_library() -> Result<Library, String> {
    let host = host_triple();
    let nightly = Command::new("cargo").args(["+nightly", "--version"]).output().is_ok_and(|o| o.status.success());
    let target_dir = work_dir().join(if nightly { "target-asan" } else { "target" });
    let mut cmd = if nightly { Command::new("cargo") } else { Command::new(env!("CARGO")) };
    if nightly {
        // rustup's proxy picks the nightly toolchain; drop the stable one's variables.
        cmd.arg("+nightly").env_remove("RUSTC").env_remove("RUSTDOC").env_remove("RUSTUP_TOOLCHAIN");
    }
    cmd.current_dir(root())
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .args(["rustc", "--release", "--lib", "--crate-type", "staticlib", "--target", host, "--target-dir"])
        .arg(&target_dir);
    if nightly {
        // Every crate of the library, not only the C ABI's: the kernels live
        // in the `tinyrnn` package (crates/tinyrnn). With `--target`, the
        // flags skip build scripts.
        cmd.env("CARGO_ENCODED_RUSTFLAGS", "-Zsanitizer=address");
    }
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("building the static library failed: {cmd:?}\n{}", output_text(&out)));
    }
    let archive = target_dir.join(host).join("release").join("libtinyrnn.a");
    if !archive.is_file() {
        return Err(format!("cargo succeeded but {} is missing", archive.display()));
    }
    if nightly {
        eprintln!("c_sanitizers: library built with -Zsanitizer=address: {}", archive.display());
    } else if ci() {
        return Err("c_sanitizers: the nightly toolchain is required under CI (library instrumentation)".into());
    } else {
        eprintln!("c_sanitizers: no nightly toolchain: the library is not instrumented, only the C programs are");
    }
    Ok(Library { archive, instrumented: nightly })
}

fn compiler() -> (PathBuf, Vec<OsString>, Vec<(OsString, OsString)>) {
    let host = host_triple();
    let tool = cc::Build::new().target(host).host(host).opt_level(0).debug(false).cargo_metadata(false).get_compiler();
    let env = tool.get_envs().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    (tool.path().to_path_buf(), tool.args().to_vec(), env)
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

fn compile(source: &Path, flags: &[&str], exe: &Path, lib: &Library) -> Result<(), String> {
    let (cc, default_args, env) = compiler();
    let mut cmd = Command::new(&cc);
    cmd.current_dir(root())
        .args(&default_args)
        .args(C_FLAGS)
        .args(SANITIZE)
        .args(flags)
        .arg(source)
        .arg(&lib.archive)
        .args(["-lm", "-o"])
        .arg(exe);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot run {}: {e}", cc.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("compiling failed: {cmd:?}\n{}", output_text(&out)))
    }
}

/// Runs a sanitized program: exit status 0 and no sanitizer report.
fn run(exe: &Path) -> Result<String, String> {
    let mut child = Command::new(exe)
        .current_dir(root())
        .env("ASAN_OPTIONS", "detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:strict_string_checks=1")
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let start = Instant::now();
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if start.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            return Err(format!("killed after {RUN_TIMEOUT:?}\n{}", output_text(&out)));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report = ["AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer"]
        .iter()
        .any(|m| stderr.contains(m));
    if out.status.success() && !report {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().lines().last().unwrap_or("").to_string())
    } else {
        Err(format!("exited with {} (sanitizer report: {report})\n{}", out.status, output_text(&out)))
    }
}

fn run_all_with(flags: &[&str]) {
    let lib = library();
    let label = if flags.is_empty() { "(no flags)".to_string() } else { flags.join(" ") };
    let bin_dir = work_dir().join("bin").join(if flags.is_empty() { "default".into() } else { flags.join("").replace("-D", "_") });
    fs::create_dir_all(&bin_dir).expect("cannot create the programs' directory");
    let mut failures = String::new();
    let mut passed = 0;
    for source in c_programs() {
        let name = source.file_stem().and_then(|s| s.to_str()).unwrap_or("program").to_string();
        let exe = bin_dir.join(&name);
        let rel = source.strip_prefix(root()).unwrap_or(&source).display().to_string();
        match compile(&source, flags, &exe, lib).and_then(|()| run(&exe)) {
            Ok(last) => {
                passed += 1;
                println!("ok    {rel:<45} {label:<18} asan+ubsan{} {last}", if lib.instrumented { " (library too)" } else { "" });
            }
            Err(e) => {
                println!("FAIL  {rel:<45} {label}");
                let _ = writeln!(failures, "\n=== {rel} with {label}: {e}");
            }
        }
    }
    assert!(failures.is_empty(), "sanitized C programs failed with {label} ({passed} passed):{failures}");
}

#[test]
fn sanitized_c_programs_division_dense() {
    run_all_with(FLAG_SETS[0]);
}

#[test]
fn sanitized_c_programs_shift_dense() {
    run_all_with(FLAG_SETS[1]);
}

#[test]
fn sanitized_c_programs_division_sparse() {
    run_all_with(FLAG_SETS[2]);
}

#[test]
fn sanitized_c_programs_shift_sparse() {
    run_all_with(FLAG_SETS[3]);
}

/// The instrumentation is live: a C program that hands the library a buffer
/// shorter than it declares gets an AddressSanitizer report from inside
/// tinyrnn (skipped when the library could not be instrumented).
#[test]
fn sanitizer_catches_a_short_buffer_inside_the_library() {
    let lib = library();
    if !lib.instrumented {
        eprintln!("library not instrumented (no nightly): skipped");
        return;
    }
    let dir = work_dir().join("bin");
    fs::create_dir_all(&dir).expect("cannot create the programs' directory");
    let source = dir.join("short_buffer.c");
    fs::write(
        &source,
        "/* Generated by tests/c_sanitizers.rs: the caller's buffer is too short. */\n\
         #include <stdlib.h>\n#include \"quantized_utils.h\"\n\
         int main(void) {\n    Q15_T *a = calloc(8, sizeof(Q15_T)), *r = calloc(4, sizeof(Q15_T));\n\
         \x20   q15_v_add(a, a, 8, r, 1, 1, 1, 1);\n    free(a);\n    free(r);\n    return 0;\n}\n",
    )
    .expect("write the program");
    let exe = dir.join("short_buffer");
    compile(&source, &[], &exe, lib).unwrap_or_else(|e| panic!("{e}"));
    let err = run(&exe).expect_err("AddressSanitizer must report the overflow");
    assert!(
        err.contains("heap-buffer-overflow") && err.contains("tinyrnn_q15_v_add"),
        "expected a heap-buffer-overflow inside tinyrnn_q15_v_add:\n{err}"
    );
}
