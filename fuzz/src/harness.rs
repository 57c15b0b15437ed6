//! Drivers shared by the targets.

use crate::mem::{same, Arena, Ctx, Elem, Place, RawBuf};

/// An element-wise kernel `ret[i] = op(a[i], b[idx(i)])` with `n` elements,
/// `b` holding `b_len` (a unary kernel ignores `b`, with `b_len == 0`).
pub struct Elementwise<F, I> {
    /// Elements of `a` and `ret` (`None`: the declared size overflows).
    pub n: Option<usize>,
    pub b_len: Option<usize>,
    /// Index into `b` of element `i` (`i` for vectors, `i % channels` for
    /// a per-channel bias).
    pub b_index: I,
    /// The call: full size (`single == false`) or one element (`true`).
    pub call: F,
}

/// Runs an element-wise kernel the way its contract describes:
///
/// - separate buffers: a refused call (injected fault, NULL for an
///   unallocatable size) leaves `ret` untouched; otherwise the result equals
///   `n` one-element calls;
/// - `ret` overlapping `a` or `b` (in place, or shifted by a few elements):
///   the result must be C's element-by-element one, i.e. exactly what the
///   same `n` one-element calls in index order leave in memory.
pub fn elementwise<A: Elem, B: Elem, R: Elem, F, I>(cx: &mut Ctx, k: Elementwise<F, I>)
where
    F: Fn(*const A, *const B, *mut R, bool),
    I: Fn(usize) -> usize,
{
    let layout = cx.r.u8();
    let small = k.n.is_some_and(|n| n <= 64) && k.b_len.is_some_and(|n| n <= 64);
    if layout >= 0xC0 && small && !cx.has_fault() {
        overlapping(cx, layout, &k);
        return;
    }
    let a: RawBuf<A> = cx.buf(k.n);
    let b: RawBuf<B> = cx.buf(k.b_len);
    let ret: RawBuf<R> = cx.buf(k.n);
    let before = ret.contents();
    (k.call)(a.cptr(), b.cptr(), ret.ptr(), false);
    let after = ret.contents();
    if cx.refused {
        assert!(same(&before, &after), "refused call wrote its output");
        return;
    }
    let n = k.n.unwrap_or(0);
    for i in 0..n {
        let mut one = [R::default()];
        let bp = if b.is_empty() { b.cptr() } else { unsafe { b.cptr().add((k.b_index)(i)) } };
        (k.call)(unsafe { a.cptr().add(i) }, bp, one.as_mut_ptr(), true);
        assert!(one[0].equiv(after[i]), "element {i}: vector call gave {:?}, one-element call {:?}", after[i], one[0]);
    }
}

fn overlapping<A: Elem, B: Elem, R: Elem, F, I>(cx: &mut Ctx, layout: u8, k: &Elementwise<F, I>)
where
    F: Fn(*const A, *const B, *mut R, bool),
    I: Fn(usize) -> usize,
{
    let (n, b_len) = (k.n.unwrap_or(0), k.b_len.unwrap_or(0));
    let (sa, sb, sr) = (std::mem::size_of::<A>(), std::mem::size_of::<B>(), std::mem::size_of::<R>());
    let align = std::mem::align_of::<A>().max(std::mem::align_of::<B>()).max(std::mem::align_of::<R>());
    // a at 64, b after it, ret over a or b, shifted by -4..=3 alignment units.
    let off_a = 64;
    let off_b = (off_a + n * sa + 64).next_multiple_of(8);
    let over_b = layout & 0x10 != 0 && b_len > 0;
    let shift = (layout & 0x07) as isize - 4;
    let target = if over_b { off_b } else { off_a };
    let off_r = (target as isize + shift * align as isize).max(0) as usize;
    let size = (off_b + b_len * sb).max(off_r + n * sr) + 64;
    let r = &mut cx.r;
    let arena = Arena::new(size, |_| r.u8());
    let copy = arena.duplicate();
    let run = |m: &Arena, single: bool| {
        let (a, b, ret) = (m.at::<A>(off_a), m.at::<B>(off_b), m.at::<R>(off_r));
        if single {
            for i in 0..n {
                unsafe { (k.call)(a.add(i), b.add((k.b_index)(i)), ret.add(i), true) };
            }
        } else {
            (k.call)(a, b, ret, false);
        }
    };
    run(&arena, false);
    run(&copy, true);
    let (got, want) = (arena.bytes(), copy.bytes());
    // Outside `ret` the bytes are equal; inside, the computed values.
    let read = |m: &[u8], i: usize| unsafe { (m.as_ptr().add(off_r) as *const R).add(i).read_unaligned() };
    let outside_equal = got.iter().zip(&want).enumerate().all(|(j, (x, y))| x == y || (off_r..off_r + n * sr).contains(&j));
    let inside_equal = (0..n).all(|i| read(&got, i).equiv(read(&want, i)));
    assert!(
        outside_equal && inside_equal,
        "overlapping call (ret over {} shifted {shift}) differs from C's element order",
        if over_b { "b" } else { "a" }
    );
}

/// A buffer nobody reads (for unary kernels' absent second input).
pub fn none<T: Elem>() -> RawBuf<T> {
    RawBuf::new(0, Place::Normal, |_| T::default())
}
