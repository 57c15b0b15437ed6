//! Reading the FastGRNN structs from a fuzz input, shared by the targets
//! that call FastGRNN directly and through RNNPool.

use crate::ffi::{Q15_FastGRNN_LR_Scales, Q15_FastGRNN_Scales};
use crate::input::{Reader, Writer};

/// Number of leading `SCALE_T` fields of `Q15_FastGRNN_Scales` (before `div`).
pub const DENSE_SCALES: usize = std::mem::offset_of!(Q15_FastGRNN_Scales, div) / 4;
/// Number of leading `SCALE_T` fields of `Q15_FastGRNN_LR_Scales` (before `sigmoidLimit`).
pub const LR_SCALES: usize = std::mem::offset_of!(Q15_FastGRNN_LR_Scales, sigmoidLimit) / 4;

/// The `SCALE_T` fields in order, then `div, add, sigmoidLimit, qOne` and
/// the two table flags (one byte each: 0 or 1).
pub fn dense_scales(r: &mut Reader) -> Q15_FastGRNN_Scales {
    let mut s = Q15_FastGRNN_Scales::default();
    let p = &mut s as *mut Q15_FastGRNN_Scales as *mut i32;
    for k in 0..DENSE_SCALES {
        // SAFETY: the struct starts with DENSE_SCALES `int` fields.
        unsafe { p.add(k).write(r.scale()) };
    }
    s.div = r.i16();
    s.add = r.i16();
    s.sigmoidLimit = r.i16();
    s.qOne = r.i16();
    s.useTableSigmoid = r.u8() as u32 % 3;
    s.useTableTanH = r.u8() as u32 % 3;
    s
}

/// As [`dense_scales`], for the low-rank struct (tail `sigmoidLimit, div, add, qOne`).
pub fn lr_scales(r: &mut Reader) -> Q15_FastGRNN_LR_Scales {
    let mut s = Q15_FastGRNN_LR_Scales::default();
    let p = &mut s as *mut Q15_FastGRNN_LR_Scales as *mut i32;
    for k in 0..LR_SCALES {
        // SAFETY: the struct starts with LR_SCALES `int` fields.
        unsafe { p.add(k).write(r.scale()) };
    }
    s.sigmoidLimit = r.i16();
    s.div = r.i16();
    s.add = r.i16();
    s.qOne = r.i16();
    s.useTableSigmoid = r.u8() as u32 % 3;
    s.useTableTanH = r.u8() as u32 % 3;
    s
}

/// Writes `SCALE_T` values then the tail, in the order [`dense_scales`] /
/// [`lr_scales`] read them (`tail`: the four `Q15_T` fields in the order read).
pub fn write_scales(w: &mut Writer, ints: &[i32], tail: [i16; 4], tables: [u32; 2]) {
    for &v in ints {
        w.scale(v);
    }
    for v in tail {
        w.i16(v);
    }
    w.u8((tables[0] != 0) as u8).u8((tables[1] != 0) as u8);
}
