//! Shared harness of tinyrnn's fuzz targets (`fuzz_targets/*.rs`).
//!
//! - [`ffi`]: every exported `tinyrnn_*` function, declared `extern "C"`;
//! - [`input`]: the byte format of fuzz inputs ([`input::Reader`]) and its
//!   inverse ([`input::Writer`], used by the seed corpus generator);
//! - [`mem`]: exactly-sized buffers, injected NULL/misaligned faults, arenas
//!   for overlapping outputs;
//! - [`model`]: the plain models (`tests/model/`, included as is): the 27
//!   quantized util kernels, FastGRNN and RNNPool (`model::fastgrnn`), the
//!   Q15 cells (`model::cells`); and [`in_domain`], which runs a model and
//!   reports `None` when an input leaves EdgeML's defined domain;
//! - [`known`]: inputs that hit a reported, still open library defect.
//!
//! What every target checks, beyond AddressSanitizer's memory checks and
//! "no panic, no hang" (libFuzzer's `-timeout`): a call the contract says
//! must be refused (a non-empty NULL or misaligned buffer, a size that
//! cannot exist) writes nothing, and int functions return a documented code.

pub mod ffi;
pub mod grnn;
pub mod harness;
pub mod input;
pub mod known;
pub mod mem;

#[path = "../../tests/model/mod.rs"]
pub mod model;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static IN_MODEL: Cell<bool> = const { Cell::new(false) };
}

/// Runs the plain model; `None` if it panicked, which it does exactly when
/// the input leaves the domain where EdgeML's C reference is defined (it
/// asserts that domain: no division by zero, shift counts in range, no
/// 32-bit overflow). Panics outside the model still abort the fuzzer.
pub fn in_domain<R>(f: impl FnOnce() -> R) -> Option<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_MODEL.with(Cell::get) {
                previous(info);
            }
        }));
    });
    IN_MODEL.with(|m| m.set(true));
    let out = panic::catch_unwind(AssertUnwindSafe(f));
    IN_MODEL.with(|m| m.set(false));
    out.ok()
}

/// The documented return codes of the int-returning functions: 0, EdgeML's
/// `ERR_*_NOT_INIT` (-1 … -4) and tinyrnn's (-100 … -108).
pub fn documented_code(rc: i32) -> bool {
    matches!(rc, 0 | -4..=-1 | -109..=-100)
}

/// Cost budget of one call, in inner-loop iterations: inputs that would take
/// longer (large but legitimate sizes) are skipped, so each run stays fast.
/// Cost that is *not* bounded by the buffers (a hang) is what the fuzzer
/// looks for, so estimates count only work the caller's sizes ask for.
pub const WORK_BUDGET: u64 = 1 << 21;
