//! tinyrnn: a bit-exact, panic-free port of Microsoft EdgeML's C reference
//! (quantized FastGRNN, RNNPool and utils, the float API) and a family of
//! tiny recurrent cells, as a `no_std` Rust library.
//!
//! Layout:
//! - [`scale`]: the one scaling abstraction (division or shift) every kernel uses.
//! - [`q15`]: the quantized kernels (safe Rust API: slices, typed scales, `Result`).
//! - [`float`]: EdgeML's float API (`fastgrnn.h`, `utils.h`, `rnnpool.h`, `classifier.h`).
//! - [`cells`]: the other tiny recurrent cells (MGU, eGRU, GRU, …), float and Q15.
//!
//! This crate has no panic handler and exports no symbols: it links into any
//! `no_std` firmware (with the firmware's own panic handler) or host program.
//! The C library `libtinyrnn.a` is the workspace's root package, a thin C ABI
//! over this crate.
#![cfg_attr(not(test), no_std)]

pub mod cells;
pub mod error;
pub mod float;
pub mod q15;
pub mod scale;

pub use error::Error;
pub use scale::{Divisor, Exponent, Scale};

/// Library version, also exported to C as `TINYRNN_VERSION_*` macros.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
