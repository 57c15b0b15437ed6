//! `include/tinyrnn_audio.h` equals the header build.rs generates with
//! cbindgen from the audio C ABI (config `cbindgen-audio.toml`), and its
//! structs have the Rust
//! layouts when a C compiler lays them out. On drift the test fails;
//! `TINYRNN_BLESS=1 cargo test --test audio_headers` rewrites the header.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

const HEADER: &str = "include/tinyrnn_audio.h";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The header build.rs generated for this build of the sources.
fn generate() -> String {
    let p = std::path::Path::new(env!("OUT_DIR")).join("tinyrnn_audio.h");
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

#[test]
fn audio_header_is_up_to_date() {
    let fresh = generate();
    let path = root().join(HEADER);
    if matches!(std::env::var("TINYRNN_BLESS"), Ok(v) if !v.is_empty() && v != "0" && v != "false") {
        fs::write(&path, &fresh).expect("write header");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    if let Some((i, (a, b))) = committed.lines().zip(fresh.lines()).enumerate().find(|(_, (a, b))| a != b) {
        panic!("{HEADER} is out of date at line {}:\n  committed: {a:?}\n  generated: {b:?}\nRun `TINYRNN_BLESS=1 cargo test --test audio_headers`.", i + 1);
    }
    assert_eq!(committed.lines().count(), fresh.lines().count(), "{HEADER} is out of date (length); run `TINYRNN_BLESS=1 cargo test --test audio_headers`");
}

#[test]
fn audio_header_structs_match_rust_layouts() {
    use tinyrnn::audio::*;
    use tinyrnn::ffi::audio::{BandPassStream, FftStream};
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let dir = root().join("target").join("audio-headers");
    fs::create_dir_all(&dir).unwrap();
    let src = dir.join("layout.c");
    fs::write(
        &src,
        r#"#include <stdio.h>
#include "tinyrnn_audio.h"
#define S(T) printf("%zu ", sizeof(T))
int main(void) {
    S(TinyRNN_BandPassConfig); S(TinyRNN_BandPassSection); S(TinyRNN_BandPassState);
    S(TinyRNN_FftConfig); S(TinyRNN_MelBin); S(TinyRNN_BandPassStream); S(TinyRNN_FftStream);
    printf("%zu %zu %zu\n", offsetof(TinyRNN_BandPassState, sum), offsetof(TinyRNN_FftStream, count), offsetof(TinyRNN_MelBin, weight));
    return 0;
}
"#,
    )
    .unwrap();
    let exe = dir.join("layout");
    let st = Command::new(&cc)
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-include", "stddef.h", "-I"])
        .arg(root().join("include"))
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {cc}: {e}"));
    assert!(st.success(), "tinyrnn_audio.h does not compile under -std=c99 -pedantic -Werror");
    let out = String::from_utf8(Command::new(&exe).output().expect("run layout").stdout).unwrap();
    use std::mem::{offset_of, size_of};
    let want = format!(
        "{} {} {} {} {} {} {} {} {} {}\n",
        size_of::<BandPassConfig>(),
        size_of::<BandPassSection>(),
        size_of::<BandPassState>(),
        size_of::<FftConfig>(),
        size_of::<MelBin>(),
        size_of::<BandPassStream>(),
        size_of::<FftStream>(),
        offset_of!(BandPassState, sum),
        offset_of!(FftStream, count),
        offset_of!(MelBin, weight),
    );
    assert_eq!(out, want, "C and Rust layouts differ (C first)");
}
