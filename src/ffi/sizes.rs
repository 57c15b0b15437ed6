//! Scratch-size queries (as CMSIS-NN's `*_get_buffer_size`): a C caller asks
//! how many elements each buffer of a call needs, instead of reading the
//! documentation. Declared in `tinyrnn_generated.h` (cbindgen).
#![allow(non_snake_case)]

use core::ffi::c_int;

use super::ptr::{code, slice_mut};
use super::types::ITER_T;
use crate::cells::{CellKind, ScratchSizes};
use crate::error::{Error, Result};

/// Cell ids of `tinyrnn_get_buffer_sizes`, in the order of `docs/cells.md`.
pub const TINYRNN_CELL_FASTGRNN: ITER_T = 0;
pub const TINYRNN_CELL_FASTRNN: ITER_T = 1;
pub const TINYRNN_CELL_UGRNN: ITER_T = 2;
pub const TINYRNN_CELL_GRU: ITER_T = 3;
pub const TINYRNN_CELL_MGU: ITER_T = 4;
pub const TINYRNN_CELL_EGRU: ITER_T = 5;
pub const TINYRNN_CELL_TINYEATS: ITER_T = 6;
pub const TINYRNN_CELL_SITGRU: ITER_T = 7;
pub const TINYRNN_CELL_LIGRU: ITER_T = 8;
pub const TINYRNN_CELL_HARD_MGU: ITER_T = 9;

/// Elements of each scratch buffer: the fields of `Q15_FastGRNN_Buffers`,
/// `Q15_FastGRNN_LR_Buffers`, `TinyRNN_Buffers`, `TinyRNN_Q15_Buffers` (and
/// the float FastGRNN's, whose `preComp` is `preComp1`). 0: not used by the
/// call.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TinyRNN_Buffer_Sizes {
    pub preComp1: ITER_T,
    pub preComp2: ITER_T,
    pub preComp3: ITER_T,
    pub tempLRW: ITER_T,
    pub tempLRU: ITER_T,
    pub normFeatures: ITER_T,
}

fn kind(cell: ITER_T) -> Option<CellKind> {
    Some(match cell {
        TINYRNN_CELL_FASTGRNN => CellKind::FastGrnn,
        TINYRNN_CELL_FASTRNN => CellKind::FastRnn,
        TINYRNN_CELL_UGRNN => CellKind::Ugrnn,
        TINYRNN_CELL_GRU => CellKind::Gru,
        TINYRNN_CELL_MGU => CellKind::Mgu,
        TINYRNN_CELL_EGRU => CellKind::Egru,
        TINYRNN_CELL_TINYEATS => CellKind::TinyEats,
        TINYRNN_CELL_SITGRU => CellKind::SitGru,
        TINYRNN_CELL_LIGRU => CellKind::LiGru,
        TINYRNN_CELL_HARD_MGU => CellKind::HardMgu,
        _ => return None,
    })
}

unsafe fn sizes_c(cell: ITER_T, hidden_dims: ITER_T, input_dims: ITER_T, w_rank: ITER_T, u_rank: ITER_T, sizes: *mut TinyRNN_Buffer_Sizes) -> Result {
    let out = slice_mut(sizes, 1)?;
    let k = kind(cell).ok_or(Error::Geometry)?;
    let s: ScratchSizes = k.scratch(hidden_dims, input_dims, w_rank, u_rank).ok_or(Error::Overflow)?;
    if let Some(o) = out.first_mut() {
        *o = TinyRNN_Buffer_Sizes {
            preComp1: s.pre_comp1,
            preComp2: s.pre_comp2,
            preComp3: s.pre_comp3,
            tempLRW: s.temp_lrw,
            tempLRU: s.temp_lru,
            normFeatures: s.norm_features,
        };
    }
    Ok(())
}

/// Fills `*sizes` with the elements each scratch buffer of a call of `cell`
/// (`TINYRNN_CELL_*`; FastGRNN covers `q15_fastgrnn`, `q7xq15_q15_fastgrnn`,
/// `q15_fastgrnn_lr` and the float `fastgrnn`/`fastgrnn_lr`) needs, for
/// `hiddenDims`, `inputDims` and the ranks of a low-rank `W` and `U` (0 when
/// dense; for MGU, TinyEats and hard MGU `uRank` is the larger of `U`'s and
/// `U_h`'s). Returns 0, `TINYRNN_ERR_NULL` for a NULL `sizes`,
/// `TINYRNN_ERR_GEOMETRY` for an unknown cell, `TINYRNN_ERR_OVERFLOW` when a
/// size exceeds `ITER_T`; `*sizes` is written only on success.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_get_buffer_sizes(
    cell: ITER_T,
    hiddenDims: ITER_T,
    inputDims: ITER_T,
    wRank: ITER_T,
    uRank: ITER_T,
    sizes: *mut TinyRNN_Buffer_Sizes,
) -> c_int {
    code(sizes_c(cell, hiddenDims, inputDims, wRank, uRank, sizes))
}

/// Elements of the `buffer` of `q15_rnnpool_block`, `q7xq15_q15_rnnpool_block`
/// and the float `rnnpool_block` (`hiddenDims1 · patchDim`), and of its
/// `output` (`4 · hiddenDims2`). Returns 0, `TINYRNN_ERR_NULL` for a NULL
/// pointer, `TINYRNN_ERR_OVERFLOW` when a size exceeds `ITER_T`.
#[no_mangle]
pub unsafe extern "C" fn tinyrnn_rnnpool_block_get_buffer_sizes(
    hiddenDims1: ITER_T,
    patchDim: ITER_T,
    hiddenDims2: ITER_T,
    buffer: *mut ITER_T,
    output: *mut ITER_T,
) -> c_int {
    code((|| -> Result {
        let (b, o) = (slice_mut(buffer, 1)?, slice_mut(output, 1)?);
        let nb = hiddenDims1.checked_mul(patchDim).ok_or(Error::Overflow)?;
        let no = hiddenDims2.checked_mul(4).ok_or(Error::Overflow)?;
        if let (Some(b), Some(o)) = (b.first_mut(), o.first_mut()) {
            *b = nb;
            *o = no;
        }
        Ok(())
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(cell: ITER_T, h: u32, d: u32, wr: u32, ur: u32) -> (c_int, TinyRNN_Buffer_Sizes) {
        let mut s = TinyRNN_Buffer_Sizes::default();
        let rc = unsafe { tinyrnn_get_buffer_sizes(cell, h, d, wr, ur, &mut s) };
        (rc, s)
    }

    #[test]
    fn fastgrnn_needs_edgeml_sizes() {
        let (rc, s) = sizes(TINYRNN_CELL_FASTGRNN, 16, 8, 0, 0);
        assert_eq!(rc, 0);
        assert_eq!(s, TinyRNN_Buffer_Sizes { preComp1: 16, preComp2: 16, preComp3: 16, tempLRW: 0, tempLRU: 0, normFeatures: 8 });
        let (_, s) = sizes(TINYRNN_CELL_FASTGRNN, 16, 8, 4, 6);
        assert_eq!((s.tempLRW, s.tempLRU), (4, 6));
    }

    #[test]
    fn cells_need_their_stacked_blocks() {
        assert_eq!(sizes(TINYRNN_CELL_GRU, 5, 3, 0, 0).1.preComp1, 15);
        assert_eq!(sizes(TINYRNN_CELL_UGRNN, 5, 3, 0, 0).1.preComp3, 0);
        assert_eq!(sizes(TINYRNN_CELL_MGU, 5, 3, 0, 0).1.preComp3, 5);
    }

    #[test]
    fn bad_queries_are_refused() {
        assert_eq!(sizes(99, 5, 3, 0, 0).0, Error::Geometry.code());
        assert_eq!(sizes(TINYRNN_CELL_GRU, u32::MAX, 3, 0, 0).0, Error::Overflow.code());
        assert_eq!(unsafe { tinyrnn_get_buffer_sizes(0, 1, 1, 0, 0, core::ptr::null_mut()) }, Error::Null.code());
        let (mut b, mut o) = (0, 0);
        assert_eq!(unsafe { tinyrnn_rnnpool_block_get_buffer_sizes(3, 4, 5, &mut b, &mut o) }, 0);
        assert_eq!((b, o), (12, 20));
    }
}
