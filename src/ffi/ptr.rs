//! The C boundary: turning C pointers into slices after checking them, the
//! overlap check, and the error-code mapping. Every export uses these and
//! nothing else.
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
//! - the buffers a call writes (state, outputs, scratch) may overlap no other
//!   buffer of the call ([`Error::Aliasing`]), checked by [`Writes`].
//!
//! One order for every int-returning export: the structs (`buffers`, then
//! EdgeML's scratch codes via [`edgeml_scratch`], then `params` and
//! `scales`), the sizes ([`Error::Overflow`]), each written buffer's own
//! checks (NULL, alignment, size) in argument/struct order, the written
//! buffers against each other, then each read buffer in argument/struct
//! order: its own checks, then against the written ones.
//!
//! The lengths come from the C caller's dimensions: as in C, the caller
//! promises that the memory behind a pointer is that long.

use core::cell::Cell;
use core::mem::{align_of, size_of};

use crate::error::{Error, Result};

/// The C return code of a result: 0, or [`Error::code`].
#[inline]
pub fn code(r: Result) -> core::ffi::c_int {
    match r {
        Ok(()) => 0,
        Err(e) => e.code(),
    }
}

/// EdgeML's scratch checks, in EdgeML's order: each flag says whether that
/// buffer is present (or not needed), else its `ERR_*_NOT_INIT` code.
#[inline]
pub fn edgeml_scratch(precomp: bool, temp_lrw: bool, temp_lru: bool, norm_features: bool) -> Result {
    if !precomp {
        Err(Error::PrecompNotInit)
    } else if !temp_lrw {
        Err(Error::TempLrwNotInit)
    } else if !temp_lru {
        Err(Error::TempLruNotInit)
    } else if !norm_features {
        Err(Error::NormFeaturesNotInit)
    } else {
        Ok(())
    }
}

/// The byte range `(start, end)` of `len` elements at `p` after the
/// pointer checks; `(0, 0)` (which overlaps nothing) when empty.
#[inline]
pub fn span<T>(p: *const T, len: usize) -> Result<(usize, usize)> {
    if len == 0 {
        return Ok((0, 0));
    }
    check(p, len)?;
    let start = p as usize;
    // `check` bounded the size by isize::MAX; the end may still wrap.
    let end = start.checked_add(len * size_of::<T>()).ok_or(Error::Overflow)?;
    Ok((start, end))
}

/// The buffers a call writes, checked against each other once; then each
/// buffer it reads is checked against them ([`Writes::read`]). Built from an
/// array of [`span`]s the caller writes out, so no table is zeroed or copied.
pub struct Writes<'w> {
    spans: &'w [(usize, usize)],
    /// The hull of the written ranges: a read outside it (weights in flash,
    /// the usual case) costs two comparisons.
    lo: usize,
    hi: usize,
}

#[inline(always)]
fn intersect((s0, e0): (usize, usize), (s1, e1): (usize, usize)) -> bool {
    s0 < e1 && s1 < e0
}

impl<'w> Writes<'w> {
    /// Checks that no two written ranges overlap.
    // Inlined: returned through memory, the `Result` costs a copy.
    #[inline(always)]
    pub fn new(spans: &'w [(usize, usize)]) -> Result<Writes<'w>> {
        let (mut lo, mut hi) = (usize::MAX, 0);
        for (i, &a) in spans.iter().enumerate() {
            if a.0 == a.1 {
                continue;
            }
            if spans.get(i + 1..).unwrap_or(&[]).iter().any(|&b| intersect(a, b)) {
                return Err(Error::Aliasing);
            }
            lo = lo.min(a.0);
            hi = hi.max(a.1);
        }
        Ok(Writes { spans, lo, hi })
    }

    /// Checks a buffer the call reads: the pointer checks, then that it
    /// overlaps no written range.
    #[inline]
    pub fn read<T>(&self, p: *const T, len: usize) -> Result {
        let r = span(p, len)?;
        if r.1 <= self.lo || r.0 >= self.hi {
            return Ok(());
        }
        if self.spans.iter().any(|&w| intersect(w, r)) {
            Err(Error::Aliasing)
        } else {
            Ok(())
        }
    }
}

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
