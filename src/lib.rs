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
pub use tinyrnn_rs::{audio, cells, error, float, kernels, q15, scale, Divisor, Error, Exponent, Scale, VERSION};

// A C static library has no unwinding: a panic must never happen, and the
// kernels are written so that none is reachable (`scripts/check-no-panic`
// proves it on the archives users link). Should one survive anyway, trap at
// once, as firmware convention expects: a Cortex-M `udf` lands in the
// HardFault handler, RISC-V `unimp` in the illegal-instruction trap, and a
// host build raises SIGILL; never continue with corrupt state, never spin.
#[cfg(all(not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    trap()
}

#[cfg(all(not(feature = "std"), not(test)))]
#[inline(always)]
fn trap() -> ! {
    // SAFETY: each instruction is architecturally undefined and raises the
    // core's fault/illegal-instruction exception; it touches no memory.
    #[cfg(target_arch = "arm")]
    unsafe {
        core::arch::asm!("udf #0", options(noreturn, nomem, nostack))
    }
    #[cfg(any(target_arch = "riscv32", target_arch = "riscv64"))]
    unsafe {
        core::arch::asm!("unimp", options(noreturn, nomem, nostack))
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    unsafe {
        core::arch::asm!("ud2", options(noreturn, nomem, nostack))
    }
    #[cfg(target_arch = "aarch64")]
    unsafe {
        core::arch::asm!("udf #0", options(noreturn, nomem, nostack))
    }
    // Any other architecture: no portable trap instruction in `core`.
    #[cfg(not(any(
        target_arch = "arm",
        target_arch = "riscv32",
        target_arch = "riscv64",
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "aarch64"
    )))]
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
