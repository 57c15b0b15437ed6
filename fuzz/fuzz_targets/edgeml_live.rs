//! tinyrnn against the live EdgeML C reference (needs `EDGEML_DIR`; without
//! it every input is a no-op and the target says so once).
//!
//! The comparisons are those of `tests/differential.rs` (included as is):
//! the utils, FastGRNN (dense, sparse, low rank, Q7 input) and RNNPool (with
//! its RNN call sequence), in the four builds (division, SHIFT, SPARSE,
//! SHIFT+SPARSE), with the reference compiled from `$EDGEML_DIR` at start-up.
//! Byte 0 picks the build, byte 1 the function, the next 32 seed the
//! generators, so every input is in EdgeML's defined domain and any
//! difference is a finding. libFuzzer keeps the seeds whose cases reach new
//! code in tinyrnn (a coverage-filtered random search rather than
//! structure-aware mutation); AddressSanitizer checks tinyrnn's accesses.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unused_imports)]
#[path = "../../tests/differential.rs"]
mod differential;

fuzz_target!(init: {
    differential::fuzz_init();
}, |data: &[u8]| {
    differential::fuzz_one(data);
});
