//! libtinyrnn: the C library. A thin C ABI ([`ffi`]) over the Rust library
//! (package `tinyrnn` in `crates/tinyrnn/`), plus what only a C static
//! library needs: the panic handler and, on hosted targets, the
//! `rust_eh_personality` stub. The headers in `include/` declare it (build.rs
//! generates `tinyrnn_generated.h` with cbindgen; `tests/headers.rs` checks
//! the committed copy for drift).
#![cfg_attr(not(feature = "std"), no_std)]

pub mod ffi;

// The Rust library's modules, under the paths the C ABI and the tests have
// always used (`crate::q15::…`, `tinyrnn::q15::…` in tests/).
pub use tinyrnn_rs::{cells, error, float, q15, scale, Divisor, Error, Exponent, Scale, VERSION};

// A C static library has no unwinding: a panic must never happen, and the
// kernels are written so that none is reachable (see `scripts/check-no-panic`).
// Should one survive anyway, stop rather than continue with corrupt state.
#[cfg(all(not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    #[cfg(tinyrnn_no_panic_proof)]
    {
        extern "C" {
            // Deliberately undefined: linking fails if any panic path survives.
            fn tinyrnn_panic_path_survived_optimisation() -> !;
        }
        unsafe { tinyrnn_panic_path_survived_optimisation() }
    }
    #[cfg(not(tinyrnn_no_panic_proof))]
    loop {
        core::hint::spin_loop();
    }
}

// On hosted targets (a Linux or macOS build of the static library, used to
// test firmware code on a PC) the precompiled `core` carries unwind tables
// that name `rust_eh_personality`; nothing unwinds with `panic = "abort"`, so
// a stub satisfies linkers that keep every section. MCU targets ship a `core`
// built without unwinding and get no such symbol, so two Rust libraries in
// one firmware cannot clash on it.
#[cfg(all(not(feature = "std"), not(test), not(target_os = "none")))]
#[no_mangle]
extern "C" fn rust_eh_personality() {}
