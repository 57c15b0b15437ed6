//! Buffers handed to the library, sized exactly as the caller declares them.
//!
//! Every non-empty buffer is its own heap allocation of exactly the declared
//! number of bytes, so AddressSanitizer reports any access past either end.
//! A call may carry one injected fault (chosen by its first input byte): one
//! of its buffers is passed as NULL or misaligned. A declared size too large
//! to allocate (above [`MAX_ELEMS`], or overflowing) is passed as NULL. In
//! both cases the contract says the call must be refused before anything is
//! touched, and [`Ctx::refused`] records that expectation.
//!
//! Zero-length buffers are never read, so the harness passes any pointer for
//! them: NULL, a dangling aligned pointer, or an odd address.

use std::alloc::{alloc, dealloc, Layout};
use std::fmt::Debug;
use std::ptr::{null_mut, NonNull};

use crate::input::Reader;

/// Largest buffer (in elements) the harness allocates.
pub const MAX_ELEMS: usize = 1 << 14;

/// An element type of the C API, read from the fuzz input.
pub trait Elem: Copy + PartialEq + Debug + Default + 'static {
    fn read(r: &mut Reader) -> Self;
    /// Bit-level equality (floats: NaN equals the same NaN).
    fn same(self, other: Self) -> bool;
    /// Equality of computed values: bit-level, except that any two NaNs are
    /// equal (their sign and payload are unspecified, docs/float-api.md).
    fn equiv(self, other: Self) -> bool {
        self.same(other)
    }
}

macro_rules! int_elem {
    ($($t:ty => $f:ident),*) => {$(
        impl Elem for $t {
            fn read(r: &mut Reader) -> Self {
                r.$f()
            }
            fn same(self, other: Self) -> bool {
                self == other
            }
        }
    )*};
}
int_elem!(i8 => i8, i16 => i16, u32 => u32);

impl Elem for f32 {
    fn read(r: &mut Reader) -> Self {
        r.f32()
    }
    fn same(self, other: Self) -> bool {
        self.to_bits() == other.to_bits()
    }
    fn equiv(self, other: Self) -> bool {
        self.same(other) || (self.is_nan() && other.is_nan())
    }
}

/// How a buffer is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A real, aligned allocation of the declared size.
    Normal,
    /// NULL.
    Null,
    /// One byte past an aligned address (a real allocation otherwise).
    Misaligned,
}

/// A buffer of `len` elements of `T` behind a raw pointer.
pub struct RawBuf<T> {
    base: *mut u8,
    layout: Option<Layout>,
    ptr: *mut T,
    len: usize,
}

impl<T: Elem> RawBuf<T> {
    /// `len` elements from `fill`, passed as `place` says. `len == 0` gives
    /// NULL, a dangling aligned pointer or an odd address, never an allocation.
    pub fn new(len: usize, place: Place, mut fill: impl FnMut(usize) -> T) -> Self {
        let size = std::mem::size_of::<T>();
        if len == 0 {
            let ptr = match place {
                Place::Null => null_mut(),
                Place::Misaligned => 1usize as *mut T,
                Place::Normal => NonNull::<T>::dangling().as_ptr(),
            };
            return RawBuf { base: null_mut(), layout: None, ptr, len: 0 };
        }
        if place == Place::Null {
            return RawBuf { base: null_mut(), layout: None, ptr: null_mut(), len };
        }
        let skew = usize::from(place == Place::Misaligned);
        let layout = Layout::from_size_align(len * size + skew, std::mem::align_of::<T>()).expect("layout");
        // SAFETY: the layout has a non-zero size.
        let base = unsafe { alloc(layout) };
        assert!(!base.is_null(), "out of memory");
        let ptr = unsafe { base.add(skew) } as *mut T;
        for i in 0..len {
            // SAFETY: inside the allocation; unaligned writes for the skewed case.
            unsafe { ptr.add(i).write_unaligned(fill(i)) };
        }
        RawBuf { base, layout: Some(layout), ptr, len }
    }

    pub fn ptr(&self) -> *mut T {
        self.ptr
    }

    pub fn cptr(&self) -> *const T {
        self.ptr
    }

    /// Declared length in elements.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the library may legitimately read it: allocated, and aligned.
    pub fn is_real(&self) -> bool {
        self.layout.is_some()
    }

    /// The current contents (empty when not allocated).
    pub fn contents(&self) -> Vec<T> {
        if self.layout.is_none() {
            return Vec::new();
        }
        // SAFETY: allocated and initialised for `len` elements.
        (0..self.len).map(|i| unsafe { self.ptr.add(i).read_unaligned() }).collect()
    }

    /// Element `i` (must be allocated).
    pub fn get(&self, i: usize) -> T {
        assert!(self.layout.is_some() && i < self.len);
        unsafe { self.ptr.add(i).read_unaligned() }
    }
}

impl<T> Drop for RawBuf<T> {
    fn drop(&mut self) {
        if let Some(layout) = self.layout {
            // SAFETY: allocated with this layout in `new`.
            unsafe { dealloc(self.base, layout) };
        }
    }
}

/// Bit-level equality of two element sequences.
pub fn same<T: Elem>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(*y))
}

/// Two memory images of `f32` words equal up to NaN sign and payload.
pub fn same_f32_words(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && a.chunks(4).zip(b.chunks(4)).all(|(x, y)| {
            x == y || (x.len() == 4 && f32::from_le_bytes([x[0], x[1], x[2], x[3]]).is_nan() && f32::from_le_bytes([y[0], y[1], y[2], y[3]]).is_nan())
        })
}

/// One byte-addressed allocation holding several buffers at chosen offsets,
/// so that outputs can overlap inputs.
pub struct Arena {
    base: *mut u8,
    layout: Layout,
}

impl Arena {
    /// `bytes` bytes (at least 1), 8-aligned, filled from `fill`.
    pub fn new(bytes: usize, mut fill: impl FnMut(usize) -> u8) -> Self {
        let layout = Layout::from_size_align(bytes.max(1), 8).expect("layout");
        let base = unsafe { alloc(layout) };
        assert!(!base.is_null(), "out of memory");
        for i in 0..layout.size() {
            unsafe { base.add(i).write(fill(i)) };
        }
        Arena { base, layout }
    }

    /// A copy at another address.
    pub fn duplicate(&self) -> Arena {
        let bytes = self.bytes();
        Arena::new(bytes.len(), |i| bytes[i])
    }

    /// The address `offset` bytes into the arena.
    pub fn at<T>(&self, offset: usize) -> *mut T {
        assert!(offset <= self.layout.size());
        unsafe { self.base.add(offset) as *mut T }
    }

    pub fn size(&self) -> usize {
        self.layout.size()
    }

    pub fn bytes(&self) -> Vec<u8> {
        (0..self.layout.size()).map(|i| unsafe { self.base.add(i).read() }).collect()
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        unsafe { dealloc(self.base, self.layout) };
    }
}

/// A declared size: `None` when it overflows (and cannot be allocated).
pub fn product(dims: &[u32]) -> Option<usize> {
    dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d as usize))
}

/// One call's input and the buffers made for it so far.
pub struct Ctx<'a> {
    pub r: Reader<'a>,
    fault: Option<(usize, Place)>,
    next: usize,
    /// Some non-empty buffer is NULL or misaligned: the library must refuse
    /// the call without writing anything.
    pub refused: bool,
}

impl<'a> Ctx<'a> {
    /// Reads the fault byte: `0xE0..=0xFF` picks a buffer (index `(b - 0xE0) / 2`)
    /// to pass as NULL (even) or misaligned (odd); other values inject nothing.
    pub fn new(data: &'a [u8]) -> Self {
        let mut r = Reader::new(data);
        let f = r.u8();
        let fault = (f >= 0xE0).then(|| {
            let x = f - 0xE0;
            ((x >> 1) as usize, if x & 1 == 0 { Place::Null } else { Place::Misaligned })
        });
        Ctx { r, fault, next: 0, refused: false }
    }

    /// Whether a fault was injected (into any buffer index).
    pub fn has_fault(&self) -> bool {
        self.fault.is_some()
    }

    /// The length and placement of the next buffer of declared length `len`
    /// (`None`: overflowing).
    fn plan<T>(&mut self, len: Option<usize>) -> (usize, Place) {
        let idx = self.next;
        self.next += 1;
        let mut place = match self.fault {
            Some((i, p)) if i == idx => p,
            _ => Place::Normal,
        };
        if place == Place::Misaligned && std::mem::align_of::<T>() == 1 {
            place = Place::Normal;
        }
        match len {
            Some(n) if n <= MAX_ELEMS => {
                if n > 0 && place != Place::Normal {
                    self.refused = true;
                }
                (n, place)
            }
            // Too large to allocate: NULL, which must be refused.
            _ => {
                self.refused = true;
                (1, Place::Null)
            }
        }
    }

    /// The next buffer, with contents read from the input.
    pub fn buf<T: Elem>(&mut self, len: Option<usize>) -> RawBuf<T> {
        let (n, place) = self.plan::<T>(len);
        let r = &mut self.r;
        RawBuf::new(n, place, |_| T::read(r))
    }

    /// The next buffer, with contents from `fill`.
    pub fn buf_with<T: Elem>(&mut self, len: Option<usize>, fill: impl FnMut(usize) -> T) -> RawBuf<T> {
        let (n, place) = self.plan::<T>(len);
        RawBuf::new(n, place, fill)
    }
}

/// Snapshot of the bytes of buffers, to check that a refused call wrote nothing.
pub fn snapshot<T: Elem>(bufs: &[&RawBuf<T>]) -> Vec<Vec<T>> {
    bufs.iter().map(|b| b.contents()).collect()
}
