//! The C ABI: EdgeML's functions under mode-specific symbols
//! (`tinyrnn_<edgeml name>[_div|_shift][_dense|_sparse]`), which the headers
//! in `include/` map back to EdgeML's names according to `SHIFT` and `SPARSE`.
//!
//! Every function turns its pointers into slices after checking them
//! ([`ptr`]) and calls the safe kernels of [`crate::q15`]. On a check that
//! fails, int-returning functions return an error code and void functions
//! return without writing anything.
#![allow(non_snake_case, clippy::missing_safety_doc, clippy::too_many_arguments)]

pub mod audio;
pub mod cells;
mod exports;
pub mod fastgrnn;
pub mod fastgrnn_model;
pub mod mbconv;
pub mod float;
pub mod ptr;
pub mod rnnpool;
pub mod sizes;
pub mod types;
pub mod utils;

pub use types::*;
