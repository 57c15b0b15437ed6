//! `include/tinyrnn_float_generated.h` equals the header build.rs generates
//! with cbindgen from the float C ABI (`src/ffi/float.rs`, config
//! `cbindgen-float.toml`); its structs have the Rust layouts when a C
//! compiler lays them out; and the float headers (`tinyrnn_float.h` and the
//! EdgeML-named ones that include it) compile strictly, alone and together
//! with the quantized and cell headers. On drift the first test fails;
//! `TINYRNN_BLESS=1 cargo test --test float_headers` rewrites the header.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

const HEADER: &str = "include/tinyrnn_float_generated.h";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = root().join("target").join("float-headers");
    fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

fn cc() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

#[test]
fn float_header_is_up_to_date() {
    let p = std::path::Path::new(env!("OUT_DIR")).join("tinyrnn_float_generated.h");
    let fresh = fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    let path = root().join(HEADER);
    if matches!(std::env::var("TINYRNN_BLESS"), Ok(v) if !v.is_empty() && v != "0" && v != "false") {
        fs::write(&path, &fresh).expect("write header");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    if let Some((i, (a, b))) = committed.lines().zip(fresh.lines()).enumerate().find(|(_, (a, b))| a != b) {
        panic!("{HEADER} is out of date at line {}:\n  committed: {a:?}\n  generated: {b:?}\nRun `TINYRNN_BLESS=1 cargo test --test float_headers`.", i + 1);
    }
    assert_eq!(committed.lines().count(), fresh.lines().count(), "{HEADER} is out of date (length); run `TINYRNN_BLESS=1 cargo test --test float_headers`");
}

#[test]
fn float_structs_have_the_rust_layout_in_c() {
    use std::mem::{offset_of, size_of};
    use tinyrnn::ffi::float::*;
    let src = tmp("layout.c");
    fs::write(
        &src,
        r#"#include <stdio.h>
#include <stddef.h>
#include "tinyrnn_float.h"
#define S(T) printf("%u ", (unsigned)sizeof(T))
#define O(T, f) printf("%u ", (unsigned)offsetof(T, f))
int main(void) {
    S(FastGRNN_LR_Params); O(FastGRNN_LR_Params, wRank); O(FastGRNN_LR_Params, uRank); O(FastGRNN_LR_Params, sigmoid_nu);
    S(FastGRNN_LR_Buffers); O(FastGRNN_LR_Buffers, normFeatures);
    S(FastGRNN_Params); O(FastGRNN_Params, Bh); O(FastGRNN_Params, sigmoid_nu);
    S(FastGRNN_Buffers); O(FastGRNN_Buffers, normFeatures);
    printf("\n");
    return 0;
}
"#,
    )
    .unwrap();
    let exe = tmp("layout");
    let st = Command::new(cc())
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I"])
        .arg(root().join("include"))
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {}: {e}", cc()));
    assert!(st.success(), "the float layout program does not compile");
    let out = String::from_utf8(Command::new(&exe).output().expect("run layout").stdout).unwrap();
    let want = [
        size_of::<FastGRNN_LR_Params>(),
        offset_of!(FastGRNN_LR_Params, wRank),
        offset_of!(FastGRNN_LR_Params, uRank),
        offset_of!(FastGRNN_LR_Params, sigmoid_nu),
        size_of::<FastGRNN_LR_Buffers>(),
        offset_of!(FastGRNN_LR_Buffers, normFeatures),
        size_of::<FastGRNN_Params>(),
        offset_of!(FastGRNN_Params, Bh),
        offset_of!(FastGRNN_Params, sigmoid_nu),
        size_of::<FastGRNN_Buffers>(),
        offset_of!(FastGRNN_Buffers, normFeatures),
    ]
    .map(|n| n.to_string())
    .join(" ");
    assert_eq!(out.trim_end(), want, "C and Rust lay the float structs out differently");
}

#[test]
fn float_headers_compile_strictly_alone_and_with_the_other_headers() {
    let sources = [
        "#include \"tinyrnn_float_generated.h\"\n#include \"tinyrnn_float_generated.h\"\n",
        "#include \"tinyrnn_float.h\"\n#include \"tinyrnn_float.h\"\n",
        // EdgeML's names, as an EdgeML program spells them.
        "#include \"fastgrnn.h\"\n#include \"rnnpool.h\"\n#include \"utils.h\"\n#include \"classifier.h\"\n\
         static rnn_t r = fastgrnn;\nstatic FastGRNN_LR_Params p;\nstatic FastGRNN_Buffers b;\n\
         int main(void) { return r == 0 || p.wRank != 0 || b.preComp != 0; }\n",
        "#include \"tinyrnn.h\"\n#include \"tinyrnn_cells.h\"\n#include \"tinyrnn_float.h\"\n#include \"rnnpool.h\"\n",
    ];
    for (i, s) in sources.iter().enumerate() {
        let path = tmp(&format!("strict{i}.c"));
        fs::write(&path, s).unwrap();
        let o = Command::new(cc())
            .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I"])
            .arg(root().join("include"))
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run the C compiler {}: {e}", cc()));
        assert!(o.status.success(), "{s}:\n{}", String::from_utf8_lossy(&o.stderr));
        let cxx = std::env::var("CXX").unwrap_or_else(|_| "c++".into());
        let o = Command::new(&cxx)
            .args(["-x", "c++", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I"])
            .arg(root().join("include"))
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run the C++ compiler {cxx}: {e}"));
        assert!(o.status.success(), "{s} as C++:\n{}", String::from_utf8_lossy(&o.stderr));
    }
}
