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

pub mod float;
pub mod q15;

use crate::error::{Error, Result};

/// Byte ranges of one call, each checked (NULL, alignment) as it is added;
/// a writable range may overlap no other range.
pub(crate) struct Regions {
    list: [(usize, usize, bool); 24],
    n: usize,
}

impl Regions {
    pub(crate) fn new() -> Self {
        Regions { list: [(0, 0, false); 24], n: 0 }
    }

    pub(crate) fn add<T>(&mut self, p: *const T, len: usize, writable: bool) -> Result {
        let bytes = len.checked_mul(core::mem::size_of::<T>()).ok_or(Error::Overflow)?;
        if bytes == 0 {
            return Ok(());
        }
        if p.is_null() {
            return Err(Error::Null);
        }
        if (p as usize) % core::mem::align_of::<T>() != 0 {
            return Err(Error::Misaligned);
        }
        let start = p as usize;
        let end = start.checked_add(bytes).ok_or(Error::Overflow)?;
        if end > isize::MAX as usize {
            return Err(Error::Overflow);
        }
        for &(s, e, w) in self.list.iter().take(self.n) {
            if (w || writable) && start < e && s < end {
                return Err(Error::Aliasing);
            }
        }
        let slot = self.list.get_mut(self.n).ok_or(Error::Aliasing)?;
        *slot = (start, end, writable);
        self.n += 1;
        Ok(())
    }
}

/// The sizes of a cell call, checked once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    pub hd: usize,
    pub id: usize,
    pub steps: usize,
    /// `steps × inputDims`.
    pub inputs: usize,
    /// `inputs` when normalising, else 0.
    pub norm: usize,
    /// `blocks × hiddenDims`.
    pub rows: usize,
    /// `u_blocks × hiddenDims`.
    pub u_rows: usize,
}

impl Call {
    pub(crate) fn new(kind: crate::cells::CellKind, hidden_dims: u32, input_dims: u32, steps: u32, normalize: i32) -> Result<Call> {
        let inputs = crate::error::checked_product(&[steps, input_dims])?;
        let hd = hidden_dims as usize;
        let rows = hd.checked_mul(kind.blocks()).ok_or(Error::Overflow)?;
        let u_rows = hd.checked_mul(kind.u_blocks()).ok_or(Error::Overflow)?;
        // Every weight matrix's size fits ITER_T on 32- and 64-bit targets
        // alike: `W` is `blocks·hiddenDims × inputDims`, `U` at most
        // `blocks·hiddenDims × hiddenDims` (dense or sparse).
        crate::error::checked_product(&[hidden_dims, hidden_dims, kind.blocks() as u32])?;
        crate::error::checked_product(&[hidden_dims, input_dims, kind.blocks() as u32])?;
        Ok(Call { hd, id: input_dims as usize, steps: steps as usize, inputs, norm: if normalize != 0 { inputs } else { 0 }, rows, u_rows })
    }
}

/// `rows × cols`, or [`Error::Overflow`] above `ITER_T` (as every
/// dimension product, whatever the width of `usize`).
pub(crate) fn area(rows: usize, cols: usize) -> Result<usize> {
    rows.checked_mul(cols).filter(|&n| n <= u32::MAX as usize).ok_or(Error::Overflow)
}

pub(crate) fn code(r: Result) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => e.code(),
    }
}
