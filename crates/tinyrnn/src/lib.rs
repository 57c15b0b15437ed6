//! tinyrnn: a bit-exact, panic-free port of Microsoft EdgeML's C reference
//! (quantized FastGRNN, RNNPool and utils, the float API) and a family of
//! tiny recurrent cells, as a `no_std` Rust library.
//!
//! Layout:
//! - [`scale`]: the one scaling abstraction (division or shift) every kernel uses.
//! - [`q15`]: the quantized kernels (safe Rust API: slices, typed scales, `Result`).
//! - [`float`]: EdgeML's float API (`fastgrnn.h`, `utils.h`, `rnnpool.h`, `classifier.h`).
//! - [`cells`]: the other tiny recurrent cells (MGU, eGRU, GRU, …), float and Q15.
//! - [`kernels`]: the seam where the row loop, the sparse accumulation and
//!   the fused update live, with their per-ISA implementations.
//! - [`audio`]: the audio front-end (band-pass bank, real-FFT features), Q15 and float.
//!
//! This crate has no panic handler, exports no symbols and needs no
//! features: it links into any `no_std` firmware (with the firmware's own
//! panic handler) or host program. The C library `libtinyrnn.a` is another
//! package of the same repository, a thin C ABI over this crate.
//!
//! # Example: a quantized FastGRNN step
//!
//! A model is written down with the numbers EdgeML's C code uses: the
//! scales are the fields of `Q15_FastGRNN_Scales` under the same names
//! ([`q15::FastGrnnScales`]), the weights the arrays of `Q15_FastGRNN_Params`.
//! The mode of the numbers (division build or `SHIFT`) is a type: [`Divisor`]
//! or [`Exponent`].
//!
//! ```
//! use tinyrnn::q15::fastgrnn::{Dense, FastGrnn, Scratch};
//! use tinyrnn::q15::FastGrnnScales;
//! use tinyrnn::Divisor;
//!
//! // A C model header's `Q15_FastGRNN_Scales` initializer, `.name = ` made `name: `.
//! # #[rustfmt::skip]
//! let scales = FastGrnnScales {
//!     input: 1, mean: 1, meanSub: 1, stdDev: 1, normFeaturesHDStdDev: 1,
//!     w: 128, normFeaturesMVW: 64, mVWOut: 4,
//!     u: 128, hiddenStateMVU: 64, mVUOut: 8,
//!     mV1AddMV2: 1, mV2AddMV1: 4, mV1AddMV2Out: 1, mV1AddMV2Demote: 1,
//!     pC1AddBg: 1, bg: 8, pC1AddBgOut: 1, pC1AddBgDemote: 1,
//!     sigmoidScaleIn: 11, sigmoidScaleOut: 14,
//!     pC1AddBh: 1, bh: 16, pC1AddBhOut: 1, pC1AddBhDemote: 1,
//!     tanhScaleIn: 11, tanhScaleOut: 11,
//!     gateHDHiddenState: 128, hiddenStateHDGate: 128,
//!     qOneScale: 1, qOneSubGate: 1, qOneSubGateOut: 1,
//!     sigmoidZeta: 128, sigmoidZetaMulQOneSubGate: 256,
//!     sigmoidNu: 256, sigmoidNuAddQOneSubGate: 1, sigmoidNuAddQOneSubGateOut: 1,
//!     sigmoidNuAddQOneSubGateHDUpdate: 32, updateHDSigmoidNuAddQOneSubGate: 64,
//!     pC3AddPC1: 1, pC1AddPC3: 1, hiddenStateOut: 1, hiddenStateDemote: 1,
//!     div: 2, add: 1024, sigmoidLimit: 2048, qOne: 16384,
//!     useTableSigmoid: 0, useTableTanH: 0,
//! };
//! // 2 hidden units, 3 inputs: W (2 × 3), U (2 × 2) row-major, Bg, Bh, zeta, nu.
//! let w = [4096, -2048, 1024, -512, 8192, 2048];
//! let u = [3072, -1024, 512, 2048];
//! let cell: FastGrnn<i16, Divisor, Dense<Divisor>> =
//!     FastGrnn::dense(&w, &u, &[-3206, 1853], &[2696, -1178], 32522, 30111, &scales);
//!
//! // Scratch: W·x and U·h (hiddenDims each), the step's features (inputDims).
//! let (mut wx, mut uh, mut features) = ([0; 2], [0; 2], [0; 3]);
//! let mut scratch = Scratch { wx: &mut wx, uh: &mut uh, features: &mut features, temp_w: &mut [], temp_u: &mut [] };
//!
//! let mut h = [0i16; 2];
//! cell.run(&mut h, &[12000, -8000, 4000], 1, false, false, &mut scratch)?;
//! assert_eq!(h, [1403, -14741]); // what EdgeML's q15_fastgrnn gives for these numbers
//! # Ok::<(), tinyrnn::Error>(())
//! ```
//!
//! Errors are values ([`Error`], with the C library's code): a kernel checks
//! every length before writing and never panics.
//!
//! # Building a Cortex-M firmware the way the C archives are built
//!
//! The per-ISA kernels are chosen from the target's name (`thumbv6m-…`,
//! `thumbv7em-…`, `riscv32im…`, x86-64): no feature to set. rustc's built-in
//! Cortex-M targets keep `r7` as a frame pointer in every function, and
//! `-C force-frame-pointers=no` cannot turn that off; on ARMv6-M it is one of
//! the eight low registers, worth 6–7 % of a division-mode FastGRNN step and
//! 8–24 bytes of stack per call. The C archives are built without it: a
//! copy of the target's spec (`rustc +nightly -Z unstable-options --print
//! target-spec-json --target thumbv6m-none-eabi`) with `"frame-pointer":
//! "may-omit"`, saved as `thumbv6m-none-eabi.json` (the same name, so the
//! same kernels), and `cargo +nightly build -Zbuild-std=core
//! -Zjson-target-spec --target thumbv6m-none-eabi.json`. A firmware built the
//! same way gets the same code; one built on stable gets the same results,
//! a little slower.
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]

pub mod audio;
pub mod cells;
pub mod error;
pub mod float;
pub mod kernels;
pub mod q15;
pub mod scale;

pub use error::Error;
pub use scale::{Divisor, Exponent, Scale};

/// Library version, also exported to C as `TINYRNN_VERSION_*` macros.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
