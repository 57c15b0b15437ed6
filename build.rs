//! With the `headers` feature (the tests enable it), generates the C header
//! of the quantized ABI, `tinyrnn_generated.h`, into `OUT_DIR` with cbindgen
//! (config `cbindgen.toml`). `tests/headers.rs` compares it with the
//! committed `include/tinyrnn_generated.h` (drift check;
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

    /// The quantized FFI modules cbindgen reads. `src/ffi/float.rs` is left
    /// out on purpose: the float API has hand-written headers of its own.
    const GENERATED_FROM: [&str; 5] = ["src/ffi/types.rs", "src/ffi/utils.rs", "src/ffi/fastgrnn.rs", "src/ffi/rnnpool.rs", "src/ffi/mbconv.rs"];

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
    }
}
