//! C ABI of the tiny cells (`include/tinyrnn_cells.h` and the family headers).
//!
//! - [`float`]: `tinyrnn_<cell>` with EdgeML's float `rnn_t` signature.
//! - [`q15`]: `tinyrnn_q15_<cell>_{div,shift}` with the `q15_rnn_t`
//!   signature, and the one new primitive `tinyrnn_q15_v_softsign`.
//!
//! Every cell function follows `q15_fastgrnn`'s policy: a NULL `params` or
//! `buffers` struct → `TINYRNN_ERR_NULL`; a NULL scratch buffer the call
//! needs → EdgeML's code, in EdgeML's order (`preComp1`/`2`/`3` →
//! `ERR_PRECOMP_NOT_INIT`, `tempLRW` → `ERR_TEMPLRW_NOT_INIT`, `tempLRU` →
//! `ERR_TEMPLRU_NOT_INIT`, `normFeatures` → `ERR_NORMFEATURES_NOT_INIT`);
//! a NULL or misaligned non-empty buffer → `TINYRNN_ERR_NULL` /
//! `TINYRNN_ERR_ALIGNMENT`; a writable buffer (state, scratch) overlapping
//! any other buffer of the call → `TINYRNN_ERR_ALIASING`; sizes that
//! overflow → `TINYRNN_ERR_OVERFLOW`; a sparse encoding with rows beyond
//! the output → `TINYRNN_ERR_LENGTH`. On any error the state is untouched.

mod exports;
pub mod float;
pub mod q15;

use core::mem::MaybeUninit;

pub(crate) use super::fastgrnn::Call;
pub(crate) use super::ptr::code;
use super::ptr::reference;
use crate::error::{Error, Result};

/// The params struct at `params` (checked by [`reference`]) taken apart by
/// `parts` into `slot`, where the parts stay for the call, passed by
/// reference: returned by value, they were copied into the caller's frame.
///
/// # Safety
/// As [`reference`].
#[inline(always)]
pub(crate) unsafe fn parts_in<'a, P: 'a, T>(params: *const P, slot: &'a mut MaybeUninit<T>, parts: impl FnOnce(&'a P) -> T) -> Result<&'a T> {
    let p = reference(params)?;
    Ok(slot.write(parts(p)))
}

/// `rows × cols`, or [`Error::Overflow`] above `ITER_T` (as every
/// dimension product, whatever the width of `usize`).
pub(crate) fn area(rows: usize, cols: usize) -> Result<usize> {
    rows.checked_mul(cols).filter(|&n| n <= u32::MAX as usize).ok_or(Error::Overflow)
}

/// The ranges a cell call writes, in the order of EdgeML's checks: the
/// hidden state (`$hd` elements), then `preComp1`, `preComp2` (`$rows`),
/// `preComp3`, `tempLRW`, `tempLRU` and `normFeatures` of the buffers
/// struct `$b`, each checked by [`span`](crate::ffi::ptr::span) in that
/// order (the first refusal is the call's error). A macro, not a function:
/// made by a function (a loop over the buffers), the array came back
/// through memory and the checks' frame grew (+56 to +116 bytes of the
/// cells' stack).
macro_rules! cell_spans {
    ($hidden:expr, $hd:expr, $b:expr, $rows:expr, $pc3:expr, $lrw:expr, $lru:expr, $id:expr) => {
        [
            $crate::ffi::ptr::span($hidden, $hd)?,
            $crate::ffi::ptr::span($b.preComp1, $rows)?,
            $crate::ffi::ptr::span($b.preComp2, $rows)?,
            $crate::ffi::ptr::span($b.preComp3, $pc3)?,
            $crate::ffi::ptr::span($b.tempLRW, $lrw)?,
            $crate::ffi::ptr::span($b.tempLRU, $lru)?,
            $crate::ffi::ptr::span($b.normFeatures, $id)?,
        ]
    };
}
pub(crate) use cell_spans;
