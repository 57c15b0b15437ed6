//! With the `headers` feature (the tests enable it), generates the C headers
//! into `OUT_DIR` with cbindgen: `tinyrnn_generated.h` (EdgeML's quantized
//! ABI, config `cbindgen.toml`) and `tinyrnn_cells_generated.h` (the cell
//! family, config `cbindgen-cells.toml`), and `tinyrnn_audio.h` (the audio
//! front-end, config `cbindgen-audio.toml`, checked by `tests/audio_headers.rs`),
//! and `tinyrnn_float_generated.h` (EdgeML's float API, config
//! `cbindgen-float.toml`, checked by `tests/float_headers.rs`). `tests/headers.rs` compares them
//! with the committed copies in `include/` (drift check;
//! `TINYRNN_BLESS=1 cargo test --test headers` updates the copy). Archive
//! builds skip it: the committed header is what C users include.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "headers")]
    headers::generate();
}

#[cfg(feature = "headers")]
mod headers {
    use std::env;
    use std::path::PathBuf;

    /// The quantized FFI modules cbindgen reads. `src/ffi/float.rs` has a
    /// header of its own (`float` below): EdgeML's float and quantized APIs
    /// are separate headers, so a C file includes only the one it uses.
    const GENERATED_FROM: [&str; 6] = [
        "src/ffi/types.rs",
        "src/ffi/utils.rs",
        "src/ffi/fastgrnn.rs",
        "src/ffi/rnnpool.rs",
        "src/ffi/sizes.rs",
        "src/ffi/exports.rs",
    ];

    /// The cell family's C ABI.
    const CELLS_FROM: [&str; 3] = ["src/ffi/cells/float.rs", "src/ffi/cells/q15.rs", "src/ffi/cells/exports.rs"];

    pub fn generate() {
        let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
        let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
        println!("cargo::rerun-if-changed=cbindgen.toml");
        for src in GENERATED_FROM {
            println!("cargo::rerun-if-changed={src}");
        }
        let config =
            cbindgen::Config::from_file(root.join("cbindgen.toml")).unwrap_or_else(|e| panic!("cbindgen.toml: {e}"));
        let mut builder = cbindgen::Builder::new().with_config(config);
        for src in GENERATED_FROM {
            builder = builder.with_src(root.join(src));
        }
        let bindings = builder.generate().unwrap_or_else(|e| panic!("cbindgen failed on the FFI sources: {e}"));
        bindings.write_to_file(out.join("tinyrnn_generated.h"));
        // The list, for the drift test's messages and checks.
        println!("cargo::rustc-env=TINYRNN_GENERATED_FROM={}", GENERATED_FROM.join(", "));

        // The cells: every `pub struct` and `pub type` of their sources is
        // declared (the functions take them as `void *`, so cbindgen would
        // not reach them otherwise).
        println!("cargo::rerun-if-changed=cbindgen-cells.toml");
        let mut config = cbindgen::Config::from_file(root.join("cbindgen-cells.toml"))
            .unwrap_or_else(|e| panic!("cbindgen-cells.toml: {e}"));
        let mut builder = cbindgen::Builder::new();
        for src in CELLS_FROM {
            println!("cargo::rerun-if-changed={src}");
            let text = std::fs::read_to_string(root.join(src)).unwrap_or_else(|e| panic!("{src}: {e}"));
            for line in text.lines() {
                for kw in ["pub struct ", "pub type "] {
                    if let Some(rest) = line.strip_prefix(kw) {
                        config.export.include.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
                    }
                }
            }
            builder = builder.with_src(root.join(src));
        }
        let bindings = builder.with_config(config).generate().unwrap_or_else(|e| panic!("cbindgen failed on the cell sources: {e}"));
        bindings.write_to_file(out.join("tinyrnn_cells_generated.h"));
        println!("cargo::rustc-env=TINYRNN_CELLS_FROM={}", CELLS_FROM.join(", "));
        audio(&root, &out);
        float(&root, &out);
    }

    /// The float API's C ABI (EdgeML's float structs and functions under
    /// `tinyrnn_` names).
    const FLOAT_FROM: &str = "src/ffi/float.rs";

    /// `tinyrnn_float_generated.h` (config `cbindgen-float.toml`;
    /// `tests/float_headers.rs` checks the committed copy).
    fn float(root: &std::path::Path, out: &std::path::Path) {
        println!("cargo::rerun-if-changed=cbindgen-float.toml");
        println!("cargo::rerun-if-changed={FLOAT_FROM}");
        let config = cbindgen::Config::from_file(root.join("cbindgen-float.toml"))
            .unwrap_or_else(|e| panic!("cbindgen-float.toml: {e}"));
        let bindings = cbindgen::Builder::new()
            .with_config(config)
            .with_src(root.join(FLOAT_FROM))
            .generate()
            .unwrap_or_else(|e| panic!("cbindgen failed on the float sources: {e}"));
        bindings.write_to_file(out.join("tinyrnn_float_generated.h"));
    }

    /// The audio front-end's C ABI and the `#[repr(C)]` types it passes.
    const AUDIO_FROM: [&str; 3] =
        ["src/ffi/audio.rs", "crates/tinyrnn/src/audio/bandpass.rs", "crates/tinyrnn/src/audio/spectrum.rs"];

    /// `tinyrnn_audio.h` (config `cbindgen-audio.toml`; `tests/audio_headers.rs`
    /// checks the committed copy).
    fn audio(root: &std::path::Path, out: &std::path::Path) {
        println!("cargo::rerun-if-changed=cbindgen-audio.toml");
        for src in AUDIO_FROM {
            println!("cargo::rerun-if-changed={src}");
        }
        let config = cbindgen::Config::from_file(root.join("cbindgen-audio.toml"))
            .unwrap_or_else(|e| panic!("cbindgen-audio.toml: {e}"));
        let mut builder = cbindgen::Builder::new().with_config(config);
        for src in AUDIO_FROM {
            builder = builder.with_src(root.join(src));
        }
        let bindings = builder.generate().unwrap_or_else(|e| panic!("cbindgen failed on the audio sources: {e}"));
        bindings.write_to_file(out.join("tinyrnn_audio.h"));
    }
}
