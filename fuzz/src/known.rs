//! Inputs that hit a reported, still open library defect, each pinned by a
//! failing regression test in `tests/regressions.rs`. The targets skip them
//! so that a short fuzzing run keeps exploring instead of re-finding the
//! same bug; delete an entry (and its uses) once its test passes.
//!
//! None is open for the fuzzed functions. Past entries (issue 6), all fixed:
//! `convolution_taps_without_channels` (D2), `convolution_loops_without_output`
//! (D3), `convolution_filter_strides_overflow` (D4); see docs/contract.md.
