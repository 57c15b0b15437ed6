//! EdgeML's float API (`fastgrnn.h`, `utils.h`, `rnnpool.h`, `classifier.h`)
//! as a safe Rust API. The C ABI over it is the C library's `ffi::float` (root package).
//!
//! Every function performs EdgeML's floating-point operations in EdgeML's
//! order and precision (single precision, except the double-precision
//! `tanh` and `1.0 - gate` of FastGRNN), and uses maths functions that give
//! glibc's results ([`math`]), so outputs match the reference bit for bit.
//!
//! Functions check their slices before writing anything and return
//! [`Error`](crate::Error) on a short slice or an overflowing size; nothing
//! in this module can panic.

use core::cell::Cell;

pub mod classifier;
pub mod fastgrnn;
pub mod math;
pub mod rnnpool;
pub mod utils;

pub use classifier::{fc, fc_cells};
pub use fastgrnn::{fastgrnn, fastgrnn_lr, FastGrnnBuffers, FastGrnnLrBuffers, FastGrnnLrParams, FastGrnnParams};
pub use rnnpool::{rnnpool_block, FastGrnnCell, Rnn};
pub use utils::*;

/// An `f32` in plain (`f32`) or shared (`Cell<f32>`) memory, so that one
/// implementation serves both ordinary slices and outputs that alias inputs.
pub trait Value {
    /// The current value.
    fn value(&self) -> f32;
}

impl Value for f32 {
    #[inline(always)]
    fn value(&self) -> f32 {
        *self
    }
}

impl Value for Cell<f32> {
    #[inline(always)]
    fn value(&self) -> f32 {
        self.get()
    }
}
