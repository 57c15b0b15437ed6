//! Turning C pointers into slices, after checking them.
//!
//! Rules, applied by every exported function:
//! - a zero-length buffer may be any pointer, NULL included: it is never read;
//! - a non-empty buffer must be non-NULL ([`Error::Null`]) and aligned for
//!   its element type ([`Error::Misaligned`]), and its size in bytes must fit
//!   `isize` ([`Error::Overflow`]);
//! - buffers that may legitimately alias (an element-wise output over one of
//!   its inputs) are viewed as `&[Cell<T>]`, so in-place calls keep C's
//!   element-by-element semantics without aliasing `&mut`.
//!
//! The lengths come from the C caller's dimensions: as in C, the caller
//! promises that the memory behind a pointer is that long.

use core::cell::Cell;
use core::mem::{align_of, size_of};

use crate::error::{Error, Result};

fn check<T>(p: *const T, len: usize) -> Result {
    if p.is_null() {
        return Err(Error::Null);
    }
    if (p as usize) % align_of::<T>() != 0 {
        return Err(Error::Misaligned);
    }
    match len.checked_mul(size_of::<T>()) {
        Some(bytes) if bytes <= isize::MAX as usize => Ok(()),
        _ => Err(Error::Overflow),
    }
}

/// A shared slice of `len` elements at `p`.
///
/// # Safety
/// If `len > 0` and `p` is non-NULL and aligned, `p` must point to `len`
/// initialised elements that nothing writes during `'a`.
pub unsafe fn slice<'a, T>(p: *const T, len: usize) -> Result<&'a [T]> {
    if len == 0 {
        return Ok(&[]);
    }
    check(p, len)?;
    Ok(core::slice::from_raw_parts(p, len))
}

/// A mutable slice of `len` elements at `p`.
///
/// # Safety
/// As [`slice()`], and nothing else may access the memory during `'a`.
pub unsafe fn slice_mut<'a, T>(p: *mut T, len: usize) -> Result<&'a mut [T]> {
    if len == 0 {
        return Ok(&mut []);
    }
    check(p, len)?;
    Ok(core::slice::from_raw_parts_mut(p, len))
}

/// A view of `len` elements at `p` that may alias other views.
///
/// # Safety
/// As [`slice()`], except that the memory may be written through other
/// `Cell` views during `'a` (and must be writable if any view writes it).
pub unsafe fn cells<'a, T>(p: *const T, len: usize) -> Result<&'a [Cell<T>]> {
    if len == 0 {
        return Ok(&[]);
    }
    check(p, len)?;
    Ok(core::slice::from_raw_parts(p as *const Cell<T>, len))
}

/// A shared reference to one `T` at `p`.
///
/// # Safety
/// If non-NULL and aligned, `p` must point to an initialised `T`.
pub unsafe fn reference<'a, T>(p: *const T) -> Result<&'a T> {
    check(p, 1)?;
    Ok(&*p)
}

/// `true` when the byte ranges of two buffers intersect. A NULL buffer
/// overlaps nothing: the pointer checks report it as missing instead.
pub fn overlaps<T, U>(a: *const T, a_len: usize, b: *const U, b_len: usize) -> bool {
    if a.is_null() || b.is_null() {
        return false;
    }
    let (a0, b0) = (a as usize, b as usize);
    let a1 = a0.saturating_add(a_len.saturating_mul(size_of::<T>()));
    let b1 = b0.saturating_add(b_len.saturating_mul(size_of::<U>()));
    a_len > 0 && b_len > 0 && a0 < b1 && b0 < a1
}

/// The product of C dimensions as a length.
pub fn dims(d: &[u32]) -> Result<usize> {
    crate::error::checked_product(d)
}
