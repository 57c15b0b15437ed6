//! tinyrnn: a bit-exact, panic-free replacement for Microsoft EdgeML's C
//! reference, as a `no_std` Rust library with a C ABI.
//!
//! Layout:
//! - [`scale`]: the one scaling abstraction (division or shift) every kernel uses.
//! - [`q15`]: the quantized kernels (safe Rust API: slices, typed scales, `Result`).
//! - [`float`]: EdgeML's float API (`fastgrnn.h`, `utils.h`, `rnnpool.h`, `classifier.h`).
//! - [`cells`]: the other tiny recurrent cells (MGU, eGRU, GRU, …), float and Q15.
//! - [`audio`]: the audio front-end (band-pass bank, real FFT features), Q15 and float.
//! - [`ffi`]: the C ABI, a thin layer that checks pointers and calls [`q15`].
#![cfg_attr(not(feature = "std"), no_std)]

pub mod audio;
pub mod cells;
pub mod error;
pub mod ffi;
pub mod float;
pub mod q15;
pub mod scale;

pub use error::Error;
pub use scale::{Divisor, Exponent, Scale};

/// Library version, also exported to C as `TINYRNN_VERSION_*` macros.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

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
