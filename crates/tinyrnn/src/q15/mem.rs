//! Buffer views that let one kernel body serve separate and overlapping
//! buffers.
//!
//! EdgeML's C kernels take plain pointers, so an output may share memory
//! with an input and the result is whatever C's sequence of loads and stores
//! gives. A kernel written against [`Load`] and [`Store`] runs on ordinary
//! slices (`&[T]`, `&mut [T]`) when the buffers are separate, and on
//! [`Shared`] views of the same memory when they overlap; since it performs
//! its loads and stores in EdgeML's order, both give EdgeML's result.
//!
//! Indices are checked: a load past the end reads `T::default()` and a store
//! past the end is dropped. Kernels check their geometry against the buffer
//! lengths first, so neither happens in a call that is not refused.

use core::cell::Cell;

/// A buffer that can be read element by element.
pub trait Load<T: Copy + Default> {
    /// Element `i`, or `T::default()` past the end.
    fn load(&self, i: usize) -> T;
    /// Number of elements.
    fn size(&self) -> usize;
}

/// A buffer that can also be written element by element.
pub trait Store<T: Copy + Default>: Load<T> {
    /// Writes element `i`; a store past the end is dropped.
    fn store(&mut self, i: usize, v: T);
}

impl<T: Copy + Default> Load<T> for [T] {
    #[inline(always)]
    fn load(&self, i: usize) -> T {
        self.get(i).copied().unwrap_or_default()
    }
    #[inline(always)]
    fn size(&self) -> usize {
        self.len()
    }
}

impl<T: Copy + Default> Store<T> for [T] {
    #[inline(always)]
    fn store(&mut self, i: usize, v: T) {
        if let Some(x) = self.get_mut(i) {
            *x = v;
        }
    }
}

impl<T: Copy + Default, L: Load<T> + ?Sized> Load<T> for &L {
    #[inline(always)]
    fn load(&self, i: usize) -> T {
        (**self).load(i)
    }
    #[inline(always)]
    fn size(&self) -> usize {
        (**self).size()
    }
}

impl<T: Copy + Default, L: Load<T> + ?Sized> Load<T> for &mut L {
    #[inline(always)]
    fn load(&self, i: usize) -> T {
        (**self).load(i)
    }
    #[inline(always)]
    fn size(&self) -> usize {
        (**self).size()
    }
}

impl<T: Copy + Default, L: Store<T> + ?Sized> Store<T> for &mut L {
    #[inline(always)]
    fn store(&mut self, i: usize, v: T) {
        (**self).store(i, v)
    }
}

/// A view of memory that other views may read or write at the same time
/// (safe: `Cell` has no `&mut` uniqueness to break).
pub struct Shared<'a, T>(pub &'a [Cell<T>]);

impl<T> Clone for Shared<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Shared<'_, T> {}

impl<'a, T> Shared<'a, T> {
    /// A shared view of a slice the caller owns exclusively.
    pub fn of(s: &'a mut [T]) -> Self {
        Shared(Cell::from_mut(s).as_slice_of_cells())
    }
}

impl<T: Copy + Default> Load<T> for Shared<'_, T> {
    #[inline(always)]
    fn load(&self, i: usize) -> T {
        self.0.get(i).map(Cell::get).unwrap_or_default()
    }
    #[inline(always)]
    fn size(&self) -> usize {
        self.0.len()
    }
}

impl<T: Copy + Default> Store<T> for Shared<'_, T> {
    #[inline(always)]
    fn store(&mut self, i: usize, v: T) {
        if let Some(x) = self.0.get(i) {
            x.set(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_views_see_each_others_stores() {
        let mut buf = [1i16, 2, 3];
        let a = Shared::of(&mut buf);
        let mut b = a;
        b.store(1, 7);
        assert_eq!(a.load(1), 7);
    }

    #[test]
    fn out_of_range_accesses_are_total() {
        let mut buf = [1i8, 2];
        assert_eq!(buf[..].load(5), 0);
        buf[..].store(5, 9);
        assert_eq!(buf, [1, 2]);
    }
}
