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
//!   buffer of the call ([`Error::Aliasing`]), checked by [`Writes`]; except
//!   where EdgeML's order of loads and stores defines the result of sharing
//!   (in-place products, convolutions and `q15_m_reverse`:
//!   [`Writes::shares`]; FastGRNN with buffers of one element size:
//!   [`Writes::sharing`], [`Writes::shares_same`]). Then the call runs as
//!   EdgeML's sequence and gives its result.
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
        // -1 … -108: fits C `int` on every target (16-bit on AVR).
        Err(e) => e.code() as core::ffi::c_int,
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

/// 0, the code of a cell run whose checks were all made before it, kept
/// opaque to the optimiser: an out-of-line cell whose every return is the
/// constant 0 has it propagated into its callers, whose call then stops
/// being a tail call (their frame kept under the cell's). Measured with the
/// low-rank cell: 48–72 bytes more stack on Cortex-M4F and RV32IMC. The
/// full-rank cells measured no such loss, and there this cost a stack
/// slot (8 bytes on some of their runs): they return 0 plainly.
#[inline(always)]
pub fn ran() -> core::ffi::c_int {
    core::hint::black_box(0)
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

/// The byte range `(start, end)` of `len` elements at `p` with the size
/// check only (no NULL or alignment check); `(0, 0)` when empty or NULL. For
/// a buffer whose pointer checks wait until it is used: FastGRNN's
/// `preComp3`, which tinyrnn touches only when buffers share memory (the
/// view of it is then checked as any other).
#[inline]
pub fn extent<T>(p: *const T, len: usize) -> Result<(usize, usize)> {
    if len == 0 || p.is_null() {
        return Ok((0, 0));
    }
    let bytes = len.checked_mul(size_of::<T>()).filter(|&b| b <= isize::MAX as usize).ok_or(Error::Overflow)?;
    let start = p as usize;
    Ok((start, start.checked_add(bytes).ok_or(Error::Overflow)?))
}

/// The buffers a call writes, checked against each other once; then each
/// buffer it reads is checked against them ([`Writes::read`]). Built from an
/// array of [`span`]s the caller writes out, so no table is zeroed or copied.
pub struct Writes<'w> {
    spans: &'w [(usize, usize)],
    /// The element size of each written buffer, when the call accepts
    /// same-size sharing ([`Writes::sharing`]); empty otherwise.
    sizes: &'w [usize],
    /// The hull of the written ranges: a read outside it (weights in flash,
    /// the usual case) costs two comparisons.
    lo: usize,
    hi: usize,
}

/// Whether two byte ranges `(start, end)` share a byte.
#[inline(always)]
pub(crate) fn intersect((s0, e0): (usize, usize), (s1, e1): (usize, usize)) -> bool {
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
        Ok(Writes { spans, sizes: &[], lo, hi })
    }

    /// As [`Writes::new`], for a call that has a defined result when its
    /// buffers share memory (FastGRNN as EdgeML's primitive sequence): two
    /// written ranges may overlap if their elements (`sizes`, one per span)
    /// have the same size, and the second value says whether any do. An
    /// overlap of different element sizes depends on byte order:
    /// [`Error::Aliasing`]. Read buffers are then checked with
    /// [`Writes::shares_same`].
    #[inline(always)]
    pub fn sharing(spans: &'w [(usize, usize)], sizes: &'w [usize]) -> Result<(Writes<'w>, bool)> {
        let mut hull = (usize::MAX, 0);
        // Siblings, not nested: the rare path's frame is not added to the
        // pair loop's.
        let shared = if scan_pairs(spans, &mut hull) { scan_shared(spans, sizes, &mut hull)? } else { false };
        Ok((Writes { spans, sizes, lo: hull.0, hi: hull.1 }, shared))
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

impl Writes<'_> {
    /// [`Error::Aliasing`] if one of the byte ranges `(start, end)` overlaps
    /// a written range: for structs already checked by [`reference`] (so
    /// their pointer checks are not repeated). Out of line: one copy for
    /// every export that checks its structs.
    #[inline(never)]
    pub fn excludes(&self, ranges: &[(usize, usize)]) -> Result {
        for &r in ranges {
            if r.1 > self.lo && r.0 < self.hi && self.spans.iter().any(|&w| intersect(w, r)) {
                return Err(Error::Aliasing);
            }
        }
        Ok(())
    }

    /// Checks a buffer the call reads, like [`Writes::read`], but reports an
    /// overlap with a written range (`Ok(true)`) instead of refusing it: for
    /// the calls that follow EdgeML's load/store order when a read buffer
    /// shares memory with the output (in-place products, convolutions,
    /// `q15_m_reverse`).
    #[inline]
    pub fn shares<T>(&self, p: *const T, len: usize) -> Result<bool> {
        let r = span(p, len)?;
        if r.1 <= self.lo || r.0 >= self.hi {
            return Ok(false);
        }
        Ok(self.spans.iter().any(|&w| intersect(w, r)))
    }

    /// Checks a buffer the call reads against the written ranges of a
    /// [`Writes::sharing`] check: `Ok(true)` when it overlaps one of the same
    /// element size, [`Error::Aliasing`] when it overlaps one of another (or
    /// any, after [`Writes::new`]).
    #[inline]
    pub fn shares_same<T>(&self, p: *const T, len: usize) -> Result<bool> {
        let r = span(p, len)?;
        if r.1 <= self.lo || r.0 >= self.hi {
            return Ok(false);
        }
        let mut shared = false;
        for (i, &w) in self.spans.iter().enumerate() {
            if intersect(w, r) {
                // Without sizes (a `Writes::new` check) every overlap is refused.
                if self.sizes.get(i) != Some(&size_of::<T>()) {
                    return Err(Error::Aliasing);
                }
                shared = true;
            }
        }
        Ok(shared)
    }
}

/// The pair loop of [`Writes::sharing`]: whether two written ranges
/// overlap; if none does, the hull of the non-empty ranges into `hull`.
// Out of line and not generic: one copy serves every export, the loop gets
// registers of its own (inlined into an export's large frame it spilled on
// every pair), and the answer comes back in a register. The first overlap
// leaves the loop for the rare path ([`scan_shared`]), which starts over.
#[inline(never)]
fn scan_pairs(spans: &[(usize, usize)], hull: &mut (usize, usize)) -> bool {
    let (mut lo, mut hi) = (usize::MAX, 0);
    let mut rest = spans;
    while let Some((&a, tail)) = rest.split_first() {
        // An empty range is (0, 0): it intersects nothing.
        if a.0 != a.1 {
            lo = lo.min(a.0);
            hi = hi.max(a.1);
            if tail.iter().any(|&b| intersect(a, b)) {
                return true;
            }
        }
        rest = tail;
    }
    *hull = (lo, hi);
    false
}

/// [`scan_pairs`] once an overlap is known: the hull, and `Ok(true)` when
/// every overlapping pair has one element size, else [`Error::Aliasing`].
#[cold]
#[inline(never)]
fn scan_shared(spans: &[(usize, usize)], sizes: &[usize], hull: &mut (usize, usize)) -> Result<bool> {
    let (mut lo, mut hi) = (usize::MAX, 0);
    let (mut rest, mut rest_sizes) = (spans, sizes);
    while let (Some((&a, tail)), Some((&sa, tail_sizes))) = (rest.split_first(), rest_sizes.split_first()) {
        if a.0 != a.1 {
            lo = lo.min(a.0);
            hi = hi.max(a.1);
            for (&b, &sb) in tail.iter().zip(tail_sizes) {
                if intersect(a, b) && sa != sb {
                    return Err(Error::Aliasing);
                }
            }
        }
        (rest, rest_sizes) = (tail, tail_sizes);
    }
    *hull = (lo, hi);
    Ok(true)
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

/// [`cells`] of a pointer the caller has already checked, with [`span`]
/// or [`Writes::shares_same`], for exactly `len` elements.
///
/// # Safety
/// As [`checked_slice`].
#[inline(always)]
pub unsafe fn checked_cells<'a, T>(p: *const T, len: usize) -> &'a [Cell<T>] {
    if len == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(p as *const Cell<T>, len)
    }
}

/// A shared slice of `len` elements at `p` whose pointer checks have
/// passed already ([`span`], [`Writes::read`], [`Writes::shares_same`]):
/// no second check on the hot path of an export.
///
/// # Safety
/// As [`slice()`], and `span(p, len)` must have returned `Ok`.
#[inline(always)]
pub unsafe fn checked_slice<'a, T>(p: *const T, len: usize) -> &'a [T] {
    if len == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(p, len)
    }
}

/// The mutable counterpart of [`checked_slice`].
///
/// # Safety
/// As [`slice_mut()`], and `span(p, len)` must have returned `Ok`.
#[inline(always)]
pub unsafe fn checked_slice_mut<'a, T>(p: *mut T, len: usize) -> &'a mut [T] {
    if len == 0 {
        &mut []
    } else {
        core::slice::from_raw_parts_mut(p, len)
    }
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

/// The product of C dimensions as a length (inlined, as
/// [`crate::error::checked_product`]).
#[inline(always)]
pub fn dims(d: &[u32]) -> Result<usize> {
    crate::error::checked_product(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_reports_same_size_overlap_and_refuses_mixed_sizes() {
        let buf = [0u32; 8];
        let p = buf.as_ptr() as *const i16;
        // Two Q15 buffers over the same memory: shared, not refused.
        let spans = [span(p, 4).unwrap(), span(p.wrapping_add(2), 4).unwrap()];
        let (w, shared) = Writes::sharing(&spans, &[2, 2]).unwrap();
        assert!(shared);
        // A Q15 read over them shares; a 32-bit read over them is refused.
        assert_eq!(w.shares_same(p, 2), Ok(true));
        assert_eq!(w.shares_same(buf.as_ptr(), 1), Err(Error::Aliasing));
        // Disjoint: neither shared nor refused.
        assert_eq!(w.shares_same(buf.as_ptr().wrapping_add(6), 2), Ok(false));
        // Written buffers of different element sizes over each other: refused.
        let spans = [span(p, 4).unwrap(), span(buf.as_ptr(), 2).unwrap()];
        assert_eq!(Writes::sharing(&spans, &[2, 4]).err(), Some(Error::Aliasing));
        // `Writes::new` refuses every overlap, also through `shares_same`.
        let spans = [span(p, 4).unwrap()];
        let w = Writes::new(&spans).unwrap();
        assert_eq!(w.shares_same(p, 1), Err(Error::Aliasing));
        assert_eq!(w.shares(p, 1), Ok(true));
        assert_eq!(Writes::new(&[span(p, 4).unwrap(), span(p, 1).unwrap()]).err(), Some(Error::Aliasing));
    }

    /// Every pair, as the scan's meaning: `Ok(shared)` or `Aliasing`, and
    /// the hull of the non-empty ranges.
    fn scan_by_pairs(spans: &[(usize, usize)], sizes: &[usize]) -> (Result<bool>, (usize, usize)) {
        let live: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].0 != spans[i].1).collect();
        let hull = live.iter().fold((usize::MAX, 0), |h, &i| (h.0.min(spans[i].0), h.1.max(spans[i].1)));
        let mut shared = false;
        for (k, &i) in live.iter().enumerate() {
            for &j in &live[k + 1..] {
                if intersect(spans[i], spans[j]) {
                    if sizes[i] != sizes[j] {
                        return (Err(Error::Aliasing), hull);
                    }
                    shared = true;
                }
            }
        }
        (Ok(shared), hull)
    }

    #[test]
    fn overlap_scan_finds_what_every_pair_finds() {
        let mut x = 0x9e37_79b9u32;
        let mut next = move |n: u32| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x % n) as usize
        };
        for _ in 0..if cfg!(miri) { 200 } else { 50_000 } {
            // Up to 10 ranges over 64 bytes: empty, disjoint, adjacent,
            // nested and equal ones.
            let n = next(11);
            let spans: Vec<(usize, usize)> = (0..n)
                .map(|_| match next(4) {
                    0 => (0, 0),
                    _ => {
                        let start = 0x1000 + 2 * next(32);
                        (start, start + 2 * (1 + next(8)))
                    }
                })
                .collect();
            let sizes: Vec<usize> = (0..n).map(|_| if next(5) == 0 { 1 } else { 2 }).collect();
            let mut hull = (7, 7);
            let got = if scan_pairs(&spans, &mut hull) { scan_shared(&spans, &sizes, &mut hull) } else { Ok(false) };
            let (want, want_hull) = scan_by_pairs(&spans, &sizes);
            assert_eq!(got, want, "{spans:?} {sizes:?}");
            if got.is_ok() {
                assert_eq!(hull, want_hull, "{spans:?}");
            }
        }
    }

    #[test]
    fn excludes_refuses_a_struct_overlapping_a_written_range_only() {
        let buf = [0u64; 8];
        let p = buf.as_ptr() as *const i16;
        // Written: halfwords 4..12 (bytes 8..24) of the 64-byte buffer.
        let spans = [span(p.wrapping_add(4), 8).unwrap()];
        let w = Writes::new(&spans).unwrap();
        let at = |word: usize| {
            let a = buf.as_ptr().wrapping_add(word) as usize;
            (a, a + 16)
        };
        // A 16-byte struct at bytes 0..16 or 16..32 overlaps; at 24..40 it
        // is adjacent, at 32..48 beyond the hull.
        assert_eq!(w.excludes(&[at(0)]), Err(Error::Aliasing));
        assert_eq!(w.excludes(&[at(3), at(2)]), Err(Error::Aliasing));
        assert_eq!(w.excludes(&[at(3), at(4)]), Ok(()));
        assert_eq!(w.excludes(&[]), Ok(()));
    }

    #[test]
    fn extent_skips_pointer_checks_but_not_the_size() {
        // u16 storage, so one byte in is odd wherever the array lands (Miri
        // places a [u8; N] at any address).
        let buf = [0u16; 4];
        let odd = (buf.as_ptr() as *const u8).wrapping_add(1) as *const i16;
        assert_eq!(extent(odd, 2), Ok((odd as usize, odd as usize + 4)));
        assert_eq!(span(odd, 2), Err(Error::Misaligned));
        assert_eq!(extent(core::ptr::null::<i16>(), 2), Ok((0, 0)));
        assert_eq!(extent(odd, usize::MAX / 2), Err(Error::Overflow));
    }
}
