//! Quantized kernels of EdgeML's `quantized_utils.c`, `quantized_fastgrnn.c`
//! and `quantized_rnnpool.c`, as a safe Rust API.
//!
//! Every function takes slices and typed scales ([`Divisor`](crate::Divisor)
//! for the division build, [`Exponent`](crate::Exponent) for `SHIFT`), checks
//! its lengths before writing anything, and returns [`crate::error::Result`].
//! Arithmetic follows C's: operands are widened to `int` (or `int64_t` where the
//! reference sums in 64 bits), and stores keep the low bits.

pub mod activation;
pub mod conv;
pub mod edgeml_scales;
pub mod fastgrnn;
pub mod fastgrnn_in_order;
pub mod matrix;
pub mod mbconv;
pub mod mem;
pub mod project;
pub mod rnnpool;
pub(crate) mod steps;
pub mod tensor;
mod update;
pub mod vector;

pub use activation::{exp_base_16, q15_relu, q15_saturate, q31_relu, q7_relu, EXP_TABLE_A, EXP_TABLE_B};
pub use edgeml_scales::{FastGrnnLrScales, FastGrnnScales};

use crate::error::{Error, Result};

/// A stored fixed-point element: `int8_t` (Q7) or `int16_t` (Q15).
pub trait Elem: Copy + Default + PartialEq + core::fmt::Debug + 'static {
    /// C's integer promotion.
    fn int(self) -> i32;
    /// C's conversion on store: keeps the low bits.
    fn store(v: i32) -> Self;
}

impl Elem for i8 {
    #[inline(always)]
    fn int(self) -> i32 {
        self as i32
    }
    #[inline(always)]
    fn store(v: i32) -> Self {
        v as i8
    }
}

impl Elem for i16 {
    #[inline(always)]
    fn int(self) -> i32 {
        self as i32
    }
    #[inline(always)]
    fn store(v: i32) -> Self {
        v as i16
    }
}

/// `Ok` when every slice holds at least `n` elements.
#[inline]
pub(crate) fn need(n: usize, lens: &[usize]) -> Result {
    if lens.iter().all(|&l| l >= n) {
        Ok(())
    } else {
        Err(Error::Length)
    }
}
