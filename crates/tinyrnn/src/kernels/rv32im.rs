//! RV32IM kernels (RISC-V 32-bit with the multiply extension), selected by
//! `build.rs`'s `tinyrnn_rv32im` cfg. Same signatures and bits as
//! [`super::portable`]. Each row pair's dot product is one `asm!` loop
//! (`Body`; the same arithmetic in Rust on other hosts, for the unit tests
//! below); the row loop is Rust, or for the wrapping Q15 sums part of one
//! `asm!` block (`wrapping_q15`). FastGRNN's element-wise update runs two
//! elements per iteration of one `asm!` loop ([`update_plain`]).
//!
//! RV32IM has a 32×32-bit multiply but no multiply-accumulate and no carry
//! flag, so the portable loop spends 7 instructions per multiply-accumulate
//! on a 32-bit sum (two loads, two pointer increments, the branch) and 12 on
//! a 64-bit one (`sltu` for the carry, `srai` for the sign, three adds).
//! Here:
//!
//! - **Two rows at a time, four columns per iteration**: each vector element
//!   is loaded once for both rows and the loop's pointer increments and
//!   branch are shared by eight products (4 instructions per
//!   multiply-accumulate on a 32-bit sum).
//! - **The 64-bit sum in two 32-bit registers without carries**
//!   (`Split`): the wrapping sum of the products (their true sum's low 32
//!   bits) and the sum of each product's high half `p >> 16`. The second
//!   locates the true sum within 2^32 (the products' low halves `p & 0xffff`
//!   are all non-negative and fewer than 2^16 of them sum below 2^32), the
//!   first gives its bits: exact for up to 65 536 columns. Products are
//!   added in pairs, whose sum fits 32 bits unless both are
//!   (−32768)² (biased by 2^16 when the vector holds a −32768,
//!   `Split::add2`): one high half per pair, 5 instructions per
//!   multiply-accumulate (5.75 biased) instead of 12. Longer rows take the
//!   portable loop.
//!
//! These are the whole products of [`super::Feature::mat_vec`]: `SHIFT` mode
//! with a total shift ≤ 16 (the wrapping sum is exact there, see that
//! function), division by `2^k` (64-bit sums; wrapping 32-bit sums where
//! the vector's magnitude keeps every row sum within `i32`), and the
//! Q15·Q7 product (wrapping 32-bit sums, as C's `int` sum). Compared with the portable
//! kernels on an emulated RV32IMC core by `scripts/qemu-kernels` (the
//! `asm!` loops) and on the host by the unit tests below (their Rust twin).

use super::portable;
use crate::scale::{div_pow2_32, div_pow2_64, Scale};

/// Longest row whose 64-bit sum [`Split`] recovers exactly: the low halves
/// of this many products sum below 2^32.
const SPLIT_MAX_COLS: usize = 1 << 16;

/// A row sum kept in 32-bit registers.
trait Acc: Copy {
    const ZERO: Self;
    /// The sum plus one product (a Q15 times a Q15 or Q7 value).
    fn add(self, p: i32) -> Self;
    /// The sum plus two products, less what [`Acc::settle`] adds back.
    // On RV32 the `asm!` loops of [`Body`] do this arithmetic themselves.
    #[cfg_attr(all(target_arch = "riscv32", not(test)), allow(dead_code))]
    #[inline(always)]
    fn add2(self, p0: i32, p1: i32) -> Self {
        self.add(p0).add(p1)
    }
    /// The sum after `pairs` calls of [`Acc::add2`].
    #[inline(always)]
    fn settle(self, _pairs: usize) -> Self {
        self
    }
}

/// The wrapping 32-bit sum: C's `int` sum of `q15xq7_q15_m_mulvec`, and
/// the low 32 bits of `q15_m_mulvec`'s 64-bit one.
#[derive(Clone, Copy)]
struct Wrapping(i32);

impl Acc for Wrapping {
    const ZERO: Self = Wrapping(0);
    #[inline(always)]
    fn add(self, p: i32) -> Self {
        Wrapping(self.0.wrapping_add(p))
    }
}

/// An exact 64-bit sum of at most [`SPLIT_MAX_COLS`] products, in two
/// 32-bit registers: `lo` wraps, `hi = Σ (p >> 16)` never does
/// (`|p >> 16| ≤ 2^14`). `BIASED`: how [`Acc::add2`] keeps a pair's sum in
/// 32 bits (see there).
#[derive(Clone, Copy)]
struct Split<const BIASED: bool> {
    lo: i32,
    hi: i32,
}

impl<const BIASED: bool> Acc for Split<BIASED> {
    const ZERO: Self = Split { lo: 0, hi: 0 };
    #[inline(always)]
    fn add(self, p: i32) -> Self {
        Split { lo: self.lo.wrapping_add(p), hi: self.hi.wrapping_add(p >> 16) }
    }
    /// A pair's sum `t` as one term, one `srai` for two products. Two
    /// products of Q15 values sum to `[−2^31 + 2^16, 2^31]`: only `2^31`
    /// (both −32768·−32768) does not fit an `i32`. Unbiased (no −32768 in
    /// the vector, so no such product) `t` fits; biased, `t − 2^16` always
    /// fits, and its high half plus one is `t`'s: the ones are added once,
    /// by `settle`.
    #[inline(always)]
    fn add2(self, p0: i32, p1: i32) -> Self {
        let t = p0.wrapping_add(p1);
        let h = if BIASED { t.wrapping_sub(PAIR_BIAS) } else { t };
        Split { lo: self.lo.wrapping_add(t), hi: self.hi.wrapping_add(h >> 16) }
    }
    #[inline(always)]
    fn settle(self, pairs: usize) -> Self {
        if BIASED {
            Split { lo: self.lo, hi: self.hi.wrapping_add(pairs as i32) }
        } else {
            self
        }
    }
}

/// The bias of a pair's sum in a biased [`Split`].
const PAIR_BIAS: i32 = 1 << 16;

impl<const BIASED: bool> Split<BIASED> {
    /// The true sum `S`. Each product is `(p >> 16)·2^16 + (p & 0xffff)`, so
    /// `S = base + L` with `base = hi·2^16` and `0 ≤ L = Σ (p & 0xffff) <
    /// 2^32`: `L` is `S − base` modulo 2^32, which `lo − base` computes.
    #[inline(always)]
    fn sum(self) -> i64 {
        let base = (self.hi as i64) << 16;
        base + self.lo.wrapping_sub(base as i32) as u32 as i64
    }
}

/// A vector element: Q15 or Q7, promoted to `int`.
trait Elem: Copy {
    // On RV32 the `asm!` loops load the elements themselves.
    #[cfg_attr(all(target_arch = "riscv32", not(test)), allow(dead_code))]
    fn int(self) -> i32;
}

impl Elem for i16 {
    #[inline(always)]
    fn int(self) -> i32 {
        self as i32
    }
}

impl Elem for i8 {
    #[inline(always)]
    fn int(self) -> i32 {
        self as i32
    }
}

/// The sums of the `n`-element rows at `r0` and `r1` with the vector at
/// `v` ([`Body::dot2`]), the pairs' biases settled.
///
/// # Safety
/// `r0`, `r1` and `v` are each valid for reading `n` elements.
#[inline(always)]
unsafe fn dot2<V: Elem, A: Body<V>>(r0: *const i16, r1: *const i16, v: *const V, n: usize) -> (A, A) {
    // SAFETY: the caller's.
    let (a0, a1) = unsafe { A::dot2(r0, r1, v, n) };
    // Two `add2` per row per whole block of four columns.
    let pairs = (n - n % 4) / 2;
    (a0.settle(pairs), a1.settle(pairs))
}

/// The two rows' sums of [`dot2`]: an `asm!` loop on RV32, the same
/// arithmetic in Rust elsewhere (the unit tests on the host). Whole blocks
/// of four columns (each vector element loaded once for both rows, each
/// pair of products through [`Acc::add2`]), then the last `n % 4` columns
/// one by one. The `asm!` loop keeps everything in at most 15 caller-saved
/// registers (each row's pairs reuse two), so the row loop around it keeps
/// few values of its own: a smaller frame, and 1 to 4 % fewer instructions
/// per step than the compiled loop.
trait Body<V: Elem>: Acc {
    /// The unsettled sums ([`Acc::settle`] not applied).
    ///
    /// # Safety
    /// `r0`, `r1` and `v` are each valid for reading `n` elements.
    unsafe fn dot2(r0: *const i16, r1: *const i16, v: *const V, n: usize) -> (Self, Self);
}

/// [`Body::dot2`] in Rust: the arithmetic the `asm!` loops implement, for
/// the unit tests on the host.
///
/// # Safety
/// As [`Body::dot2`].
#[cfg(any(not(target_arch = "riscv32"), test))]
#[inline(always)]
unsafe fn dot2_rust<V: Elem, A: Acc>(r0: *const i16, r1: *const i16, v: *const V, n: usize) -> (A, A) {
    let (mut a0, mut a1) = (A::ZERO, A::ZERO);
    let mut c = 0;
    // SAFETY (all reads): `c < n` for every element read, the caller's bound.
    while c + 4 <= n {
        let (y, x0, x1) = unsafe {
            let y = [v.add(c).read().int(), v.add(c + 1).read().int(), v.add(c + 2).read().int(), v.add(c + 3).read().int()];
            let x0 = [r0.add(c).read(), r0.add(c + 1).read(), r0.add(c + 2).read(), r0.add(c + 3).read()];
            let x1 = [r1.add(c).read(), r1.add(c + 1).read(), r1.add(c + 2).read(), r1.add(c + 3).read()];
            (y, x0, x1)
        };
        a0 = a0.add2(x0[0] as i32 * y[0], x0[1] as i32 * y[1]).add2(x0[2] as i32 * y[2], x0[3] as i32 * y[3]);
        a1 = a1.add2(x1[0] as i32 * y[0], x1[1] as i32 * y[1]).add2(x1[2] as i32 * y[2], x1[3] as i32 * y[3]);
        c += 4;
    }
    while c < n {
        let y = unsafe { v.add(c).read() }.int();
        a0 = a0.add(unsafe { r0.add(c).read() } as i32 * y);
        a1 = a1.add(unsafe { r1.add(c).read() } as i32 * y);
        c += 1;
    }
    (a0, a1)
}

#[cfg(not(target_arch = "riscv32"))]
impl<V: Elem, A: Acc> Body<V> for A {
    #[inline(always)]
    unsafe fn dot2(r0: *const i16, r1: *const i16, v: *const V, n: usize) -> (A, A) {
        // SAFETY: the caller's.
        unsafe { dot2_rust(r0, r1, v, n) }
    }
}

/// One row's two pairs of a block in the `asm!` loops below, into the
/// row's wrapping sum `{$s}`.
#[cfg(target_arch = "riscv32")]
macro_rules! row_wrapping {
    ($r:literal, $s:literal) => {
        concat!(
            "lh {x0}, 0({", $r, "})\n", "lh {x1}, 2({", $r, "})\n",
            "mul {x0}, {x0}, {y0}\n", "mul {x1}, {x1}, {y1}\n",
            "add {", $s, "}, {", $s, "}, {x0}\n", "add {", $s, "}, {", $s, "}, {x1}\n",
            "lh {x0}, 4({", $r, "})\n", "lh {x1}, 6({", $r, "})\n",
            "mul {x0}, {x0}, {y2}\n", "mul {x1}, {x1}, {y3}\n",
            "add {", $s, "}, {", $s, "}, {x0}\n", "add {", $s, "}, {", $s, "}, {x1}\n",
        )
    };
}

/// As [`row_wrapping`] into a [`Split`] (`{$lo}`, `{$hi}`): each pair's sum
/// `t` into `lo`, `(t − $bias) >> 16` into `hi`; `$bias` is empty or puts
/// the bias 2^16 in `x1` (free once the pair is summed) and subtracts it.
#[cfg(target_arch = "riscv32")]
macro_rules! row_split {
    ($r:literal, $lo:literal, $hi:literal, $bias:expr) => {
        concat!(
            "lh {x0}, 0({", $r, "})\n", "lh {x1}, 2({", $r, "})\n",
            "mul {x0}, {x0}, {y0}\n", "mul {x1}, {x1}, {y1}\n",
            "add {x0}, {x0}, {x1}\n", "add {", $lo, "}, {", $lo, "}, {x0}\n",
            $bias, "srai {x0}, {x0}, 16\n", "add {", $hi, "}, {", $hi, "}, {x0}\n",
            "lh {x0}, 4({", $r, "})\n", "lh {x1}, 6({", $r, "})\n",
            "mul {x0}, {x0}, {y2}\n", "mul {x1}, {x1}, {y3}\n",
            "add {x0}, {x0}, {x1}\n", "add {", $lo, "}, {", $lo, "}, {x0}\n",
            $bias, "srai {x0}, {x0}, 16\n", "add {", $hi, "}, {", $hi, "}, {x0}\n",
        )
    };
}

/// The subtraction of the pair bias in [`row_split`].
#[cfg(target_arch = "riscv32")]
macro_rules! minus_bias {
    () => {
        "lui {x1}, 16\nsub {x0}, {x0}, {x1}\n"
    };
}

/// The vector's four elements of a block (`$load`: `lh` or `lb`; `$o1`,
/// `$o2`, `$o3`: the byte offsets of the last three).
#[cfg(target_arch = "riscv32")]
macro_rules! load_y {
    ($load:literal, $o1:literal, $o2:literal, $o3:literal) => {
        concat!(
            $load, " {y0}, 0({v})\n",
            $load, " {y1}, ", $o1, "({v})\n",
            $load, " {y2}, ", $o2, "({v})\n",
            $load, " {y3}, ", $o3, "({v})\n",
        )
    };
}

/// The loop of [`Body::dot2`]: `$blk` per block of four columns (the
/// vector's `$w` bytes per element, `$load` for it), then `$one` per
/// column left. Registers: the three pointers, the two ends (of the
/// blocks, of the row), four vector elements and two products, the sums.
#[cfg(target_arch = "riscv32")]
macro_rules! dot2_loop {
    ($load:literal, $w:literal, $blk:expr, $one:expr) => {
        concat!(
            "beq {v}, {blocks_end}, 2f\n",
            "1:\n",
            $blk,
            "addi {v}, {v}, ", $w, "*4\n",
            "addi {r0}, {r0}, 8\n",
            "addi {r1}, {r1}, 8\n",
            "bne {v}, {blocks_end}, 1b\n",
            "2:\n",
            "beq {v}, {end}, 4f\n",
            "3:\n",
            $load, " {y0}, 0({v})\n",
            "lh {x0}, 0({r0})\n",
            "lh {x1}, 0({r1})\n",
            "mul {x0}, {x0}, {y0}\n",
            "mul {x1}, {x1}, {y0}\n",
            $one,
            "addi {v}, {v}, ", $w, "\n",
            "addi {r0}, {r0}, 2\n",
            "addi {r1}, {r1}, 2\n",
            "bne {v}, {end}, 3b\n",
            "4:\n",
        )
    };
}

/// The wrapping sums' [`Body::dot2`] for a vector of `$V`.
#[cfg(target_arch = "riscv32")]
macro_rules! body_wrapping {
    ($V:ty, $load:literal, $w:literal, $o1:literal, $o2:literal, $o3:literal) => {
        impl Body<$V> for Wrapping {
            #[inline(always)]
            unsafe fn dot2(r0: *const i16, r1: *const i16, v: *const $V, n: usize) -> (Self, Self) {
                let (mut s0, mut s1) = (0i32, 0i32);
                // SAFETY: reads the `n` elements of each row and of `v`, in
                // order, four at a time to `v + n − n % 4`, then one at a time
                // to `v + n`, each end reached exactly; writes no memory,
                // uses no stack.
                unsafe {
                    core::arch::asm!(
                        dot2_loop!(
                            $load,
                            $w,
                            concat!(load_y!($load, $o1, $o2, $o3), row_wrapping!("r0", "s0"), row_wrapping!("r1", "s1")),
                            "add {s0}, {s0}, {x0}\nadd {s1}, {s1}, {x1}\n"
                        ),
                        blocks_end = in(reg) v.add(n - n % 4),
                        end = in(reg) v.add(n),
                        v = inout(reg) v => _,
                        r0 = inout(reg) r0 => _,
                        r1 = inout(reg) r1 => _,
                        s0 = inout(reg) s0,
                        s1 = inout(reg) s1,
                        y0 = out(reg) _, y1 = out(reg) _, y2 = out(reg) _, y3 = out(reg) _,
                        x0 = out(reg) _, x1 = out(reg) _,
                        options(nostack, readonly),
                    );
                }
                (Wrapping(s0), Wrapping(s1))
            }
        }
    };
}

#[cfg(target_arch = "riscv32")]
body_wrapping!(i16, "lh", "2", "2", "4", "6");
#[cfg(target_arch = "riscv32")]
body_wrapping!(i8, "lb", "1", "1", "2", "3");

/// The split sums' [`Body::dot2`] (Q15 vectors), `$bias`: as in [`row_split`].
#[cfg(target_arch = "riscv32")]
macro_rules! body_split {
    ($biased:literal, $bias:expr) => {
        impl Body<i16> for Split<$biased> {
            #[inline(always)]
            unsafe fn dot2(r0: *const i16, r1: *const i16, v: *const i16, n: usize) -> (Self, Self) {
                let (mut lo0, mut hi0, mut lo1, mut hi1) = (0i32, 0i32, 0i32, 0i32);
                // SAFETY: as in `body_wrapping!`.
                unsafe {
                    core::arch::asm!(
                        dot2_loop!(
                            "lh",
                            "2",
                            concat!(load_y!("lh", "2", "4", "6"), row_split!("r0", "lo0", "hi0", $bias), row_split!("r1", "lo1", "hi1", $bias)),
                            concat!(
                                "add {lo0}, {lo0}, {x0}\nsrai {x0}, {x0}, 16\nadd {hi0}, {hi0}, {x0}\n",
                                "add {lo1}, {lo1}, {x1}\nsrai {x1}, {x1}, 16\nadd {hi1}, {hi1}, {x1}\n"
                            )
                        ),
                        blocks_end = in(reg) v.add(n - n % 4),
                        end = in(reg) v.add(n),
                        v = inout(reg) v => _,
                        r0 = inout(reg) r0 => _,
                        r1 = inout(reg) r1 => _,
                        lo0 = inout(reg) lo0, hi0 = inout(reg) hi0, lo1 = inout(reg) lo1, hi1 = inout(reg) hi1,
                        y0 = out(reg) _, y1 = out(reg) _, y2 = out(reg) _, y3 = out(reg) _,
                        x0 = out(reg) _, x1 = out(reg) _,
                        options(nostack, readonly),
                    );
                }
                (Split { lo: lo0, hi: hi0 }, Split { lo: lo1, hi: hi1 })
            }
        }
    };
}

#[cfg(target_arch = "riscv32")]
body_split!(false, "");
#[cfg(target_arch = "riscv32")]
body_split!(true, minus_bias!());

/// `out[r] = store(Σ_c m[r·cols + c]·v[c])` for every row, two rows at a
/// time; rows `m` does not hold (callers check the length first) get
/// `store` of an empty sum, as the portable loop gives them.
#[inline(always)]
fn rows<V: Elem, A: Body<V>>(m: &[i16], v: &[V], out: &mut [i16], store: impl Fn(A) -> i16) {
    let cols = v.len();
    let held = m.len().checked_div(cols).map_or(0, |rows| out.len().min(rows));
    let (out, missing) = out.split_at_mut(held);
    let (mut row, vec, mut x) = (m.as_ptr(), v.as_ptr(), out.as_mut_ptr());
    // Raw pointers: slices cut per row cost ~60 instructions per pair
    // (length minima, checks), which RNNPool's 4- and 8-column rows felt.
    // An odd last row is both rows of its pair, its output written twice
    // (the same value): one loop in the binary (a separate one-row loop
    // measured ~250 bytes more), paid twice for one row per product. The
    // pair's second row and output are `step` and `next` past its first
    // (0 for that last row), so the loop tests no row pointer.
    let (mut left, mut step, mut next) = (held, cols, 1);
    while left != 0 {
        if left == 1 {
            (left, step, next) = (2, 0, 0);
        }
        // SAFETY: the rows not yet run, of the first `held` of `m`
        // (`held · cols ≤ m.len()`), start at `row`, their outputs at `x`
        // (`out` holds `held`): the pair reads rows `row` and `row + step`
        // and writes outputs `x` and `x + next`, both the same row and
        // output when one row is left (`step`, `next` 0); `v` holds `cols`
        // elements.
        unsafe {
            let (a0, a1) = dot2::<V, A>(row, row.add(step), vec, cols);
            *x = store(a0);
            *x.add(next) = store(a1);
            x = x.wrapping_add(2);
        }
        row = row.wrapping_add(2 * cols);
        left -= 2;
    }
    // (Tested first: an empty `fill` still calls `memset`, on every call.)
    if !missing.is_empty() {
        missing.fill(store(A::ZERO));
    }
}

/// As [`portable::mat_vec_q15_shift`] (`n ≤ 16`: the wrapping sum is exact).
// Not inlined: one copy serves every product of an export.
#[inline(never)]
pub fn mat_vec_q15_shift(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    wrapping_q15::<false>(m, v, out, n.min(31));
}

/// The products of [`rows`] with wrapping sums of a Q15 vector, each row's
/// sum `x` stored as `x >> n` (`DIV` false: `SHIFT` mode) or `x / 2^n`
/// truncating toward zero (`DIV`, `n ≤ 30`).
#[cfg(not(target_arch = "riscv32"))]
#[inline(always)]
fn wrapping_q15<const DIV: bool>(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    rows(m, v, out, |a: Wrapping| if DIV { div_pow2_32(a.0, n) as i16 } else { (a.0 >> n) as i16 });
}

/// The stores of [`wrapping_q15`]'s `asm!` block: `{s}` scaled to `{s}`.
#[cfg(target_arch = "riscv32")]
macro_rules! scale_sum {
    (false, $s:literal) => {
        concat!("sra {", $s, "}, {", $s, "}, {n}\n")
    };
    (true, $s:literal) => {
        concat!(
            "srai {x0}, {", $s, "}, 31\n", "and {x0}, {x0}, {mask}\n",
            "add {", $s, "}, {", $s, "}, {x0}\n", "sra {", $s, "}, {", $s, "}, {n}\n",
        )
    };
}

/// [`rows`] with wrapping sums of a Q15 vector as one `asm!` block (the
/// row-pair loop too: about 10 instructions per pair around the dot
/// products, where the compiled loop took about 20, which RNNPool's 4- and
/// 8-column rows felt). An odd last row runs as a pair of itself (`r1 =
/// r0`), storing one sum: the test `r0 = r1` at the stores ends the block
/// there, and holds for no true pair since `cols ≥ 1`.
#[cfg(target_arch = "riscv32")]
macro_rules! wrapping_q15_asm {
    ($div:tt, $($mask:tt)*) => {{
        |m: &[i16], v: &[i16], out: &mut [i16], n: u32| {
            let cols = v.len();
            let held = m.len().checked_div(cols).map_or(0, |rows| out.len().min(rows));
            let (out, missing) = out.split_at_mut(held);
            if held != 0 {
                let x = out.as_mut_ptr();
                // SAFETY: `1 ≤ cols` and `held · cols ≤ m.len()`: the block
                // reads the first `held` rows of `m` (each `cols` elements, two
                // at a time from `r0` and `r1 = r0 + cols`, or `r1 = r0` for an
                // odd last row) and `v`'s `cols` elements per row pair, four at
                // a time to `blocks_end` then one at a time to `end`, each end
                // reached exactly; it writes `out`'s `held` elements (pairs to
                // `pairs_end`, then one more to `out_end`). No stack.
                unsafe {
                    core::arch::asm!(
                        "beq {x}, {pairs_end}, 5f",
                        "1:",
                        "add {r1}, {r0}, {row_bytes}",
                        "7:",
                        "mv {v}, {vs}",
                        "li {s0}, 0",
                        "li {s1}, 0",
                        "beq {v}, {blocks_end}, 3f",
                        "2:",
                        load_y!("lh", "2", "4", "6"),
                        row_wrapping!("r0", "s0"),
                        row_wrapping!("r1", "s1"),
                        "addi {v}, {v}, 8",
                        "addi {r0}, {r0}, 8",
                        "addi {r1}, {r1}, 8",
                        "bne {v}, {blocks_end}, 2b",
                        "3:",
                        "beq {v}, {end}, 4f",
                        "8:",
                        "lh {y0}, 0({v})",
                        "lh {x0}, 0({r0})",
                        "lh {x1}, 0({r1})",
                        "mul {x0}, {x0}, {y0}",
                        "mul {x1}, {x1}, {y0}",
                        "add {s0}, {s0}, {x0}",
                        "add {s1}, {s1}, {x1}",
                        "addi {v}, {v}, 2",
                        "addi {r0}, {r0}, 2",
                        "addi {r1}, {r1}, 2",
                        "bne {v}, {end}, 8b",
                        "4:",
                        scale_sum!($div, "s0"),
                        "sh {s0}, 0({x})",
                        "beq {r0}, {r1}, 9f",
                        scale_sum!($div, "s1"),
                        "sh {s1}, 2({x})",
                        "mv {r0}, {r1}",
                        "addi {x}, {x}, 4",
                        "bne {x}, {pairs_end}, 1b",
                        "5:",
                        "beq {x}, {out_end}, 9f",
                        "mv {r1}, {r0}",
                        "j 7b",
                        "9:",
                        vs = in(reg) v.as_ptr(),
                        blocks_end = in(reg) v.as_ptr().add(cols - cols % 4),
                        end = in(reg) v.as_ptr().add(cols),
                        row_bytes = in(reg) 2 * cols,
                        pairs_end = in(reg) x.add(held - held % 2),
                        out_end = in(reg) x.add(held),
                        n = in(reg) n,
                        $($mask)*
                        x = inout(reg) x => _,
                        r0 = inout(reg) m.as_ptr() => _,
                        r1 = out(reg) _,
                        v = out(reg) _,
                        s0 = out(reg) _, s1 = out(reg) _,
                        y0 = out(reg) _, y1 = out(reg) _, y2 = out(reg) _, y3 = out(reg) _,
                        x0 = out(reg) _, x1 = out(reg) _,
                        options(nostack),
                    );
                }
            }
            // (Tested first: an empty `fill` still calls `memset`.) An empty
            // sum stores 0 in both forms.
            if !missing.is_empty() {
                missing.fill(0);
            }
        }
    }};
}

/// See the host version above; here one `asm!` block ([`wrapping_q15_asm`]).
#[cfg(target_arch = "riscv32")]
#[inline(always)]
fn wrapping_q15<const DIV: bool>(m: &[i16], v: &[i16], out: &mut [i16], n: u32) {
    if DIV {
        wrapping_q15_asm!(true, mask = in(reg) (1i32 << n) - 1,)(m, v, out, n)
    } else {
        wrapping_q15_asm!(false,)(m, v, out, n)
    }
}

/// As [`portable::mat_vec_q15_div_pow2`]: the exact 64-bit sums
/// (`Split`), divided by `2^k` truncating toward zero.
#[inline(never)]
pub fn mat_vec_q15_div_pow2(m: &[i16], v: &[i16], out: &mut [i16], k: u32) {
    let k = k.min(30);
    if v.len() > SPLIT_MAX_COLS {
        portable::mat_vec_q15_div_pow2(m, v, out, k);
        return;
    }
    let room = (1 << 16) - v.len() as u32;
    // Every row sum within `i32`: the wrapping 32-bit sum is exact (4
    // instructions per multiply-accumulate instead of 5, no high half to
    // recombine).
    if portable::sums_fit_i32(v) {
        wrapping_q15::<true>(m, v, out, k);
    } else if v.contains(&i16::MIN) {
        rows(m, v, out, |a: Split<true>| a.div_pow2(k, room));
    } else {
        // One pass over the vector saves an instruction per pair of
        // products: 5 instructions per multiply-accumulate, not 5.75.
        rows(m, v, out, |a: Split<false>| a.div_pow2(k, room));
    }
}

impl<const BIASED: bool> Split<BIASED> {
    /// The sum of at most `2^16 − room` products, settled, divided by
    /// `2^k` (`k ≤ 30`) truncating toward zero and stored to Q15. The sum
    /// lies in `[hi·2^16, (hi + cols)·2^16)` (see [`Split::sum`]): when
    /// `hi` is in `[−2^15, 2^15 − cols]` it fits an `i32` and is `lo`, which
    /// takes 4 instructions (RNNPool's rows, any row of values well inside
    /// Q15); else the 64-bit sum, out of line (about 20 more).
    #[inline(always)]
    fn div_pow2(self, k: u32, room: u32) -> i16 {
        if (self.hi as u32).wrapping_add(1 << 15) <= room {
            div_pow2_32(self.lo, k) as i16
        } else {
            div_pow2_wide(self.sum(), k)
        }
    }
}

/// `x / 2^k` truncating toward zero, stored to Q15: the rare 64-bit sum,
/// out of line.
#[cold]
#[inline(never)]
fn div_pow2_wide(x: i64, k: u32) -> i16 {
    div_pow2_64(x, k) as i16
}

/// As [`portable::mat_vec_q15xq7`] (wrapping 32-bit sums, scaled as C
/// scales an `int`).
#[inline(never)]
pub fn mat_vec_q15xq7<S: Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
    rows(m, v, out, |a: Wrapping| scale.down(a.0) as i16);
}

/// As [`super::portable::update_plain`]: FastGRNN's element-wise update,
/// two elements per iteration of one `asm!` loop. Compiled, the update
/// kept few of its 27 constants in registers and reloaded the rest from
/// the stack per element (22 loads, plus the table tests of the compiled
/// form: 88 instructions per element on RV32IMC). Here ten constants stay
/// in registers and the others are loaded once per pair of elements, each
/// load serving both (about 74 instructions per element). An odd last
/// element takes the portable element.
#[inline(always)]
pub fn update_plain<S: Scale>(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate) {
    let n = h.len().min(a.len()).min(b.len()).min(c.len()).min(d.len());
    let pairs = n - n % 2;
    if pairs != 0 {
        if S::IS_SHIFT {
            update_pairs_shift(h, a, b, c, d, k, pairs);
        } else {
            update_pairs_div(h, a, b, c, d, k, pairs);
        }
    }
    if pairs != n {
        let i = pairs;
        let last = portable::update_plain_element::<S>(
            k,
            h[i] as i32,
            a[i] as i32,
            b[i] as i32,
            c[i] as i32,
            d[i] as i32,
            portable::plain_sigmoid,
            portable::plain_tanh,
        );
        h[i] = last;
    }
}

/// The loop of [`update_plain`] over the first `n` (even, ≥ 2) elements,
/// `$op` (`sra` or `div`) as every scale but the sigmoid's divisor (`div`
/// in both modes). Registers: `a0` the state (both elements read before
/// either is written), `a1`–`a4` `W·x`, `U·h`, `Bg`, `Bh`, `a5` the state's
/// end, `a6` the constants; `s2` ζ (sign-extended), `s3`–`s11` the
/// projections' and the gate's and candidate's scales; `ra` each other
/// constant in turn; `t0`–`t2`, `t3` and `t4`–`t6`, `a7` the two elements'
/// values.
#[cfg(target_arch = "riscv32")]
macro_rules! update_pairs_asm {
    ($name:ident, $op:literal) => {
        #[inline(never)]
        fn $name(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate, n: usize) {
            use core::mem::offset_of;
            use super::PlainUpdate as K;
            // SAFETY: `2 ≤ n`, `n` even, and every slice holds at least
            // `n` elements (the caller's minimum): the loop reads elements
            // `i` and `i + 1` of each and writes them in `h` (halfword
            // accesses, aligned as `i16`) for `i = 0, 2, …, n − 2`, ending
            // when `a0` reaches `h + n`. `k` is `#[repr(C)]` `i32`s, read
            // at their offsets. No stack; the callee-saved `s2`–`s11` and
            // `ra` are declared clobbered, so the compiler saves them.
            unsafe {
                core::arch::asm!(
                    "lw s2, {zeta}(a6)",
                    "slli s2, s2, 16",
                    "srai s2, s2, 16",
                    "lw s3, {p1}(a6)",
                    "lw s4, {p2}(a6)",
                    "lw s5, {pd}(a6)",
                    "lw s6, {g1}(a6)",
                    "lw s7, {g2}(a6)",
                    "lw s8, {gd}(a6)",
                    "lw s9, {h1}(a6)",
                    "lw s10, {h2}(a6)",
                    "lw s11, {hd}(a6)",
                    "2:",
                    // a = q15((W·x / p1 + U·h / p2) / pd)
                    "lh t0, 0(a1)",
                    "lh t4, 2(a1)",
                    "lh t1, 0(a2)",
                    "lh t5, 2(a2)",
                    concat!($op, " t0, t0, s3"),
                    concat!($op, " t4, t4, s3"),
                    concat!($op, " t1, t1, s4"),
                    concat!($op, " t5, t5, s4"),
                    "add t0, t0, t1",
                    "add t4, t4, t5",
                    concat!($op, " t0, t0, s5"),
                    concat!($op, " t4, t4, s5"),
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t2, t0, 16",
                    "srai t6, t4, 16",
                    // t = q15((a / g1 + Bg / g2) / gd); s = q15(t / sig_div + sig_add)
                    "lh t1, 0(a3)",
                    "lh t5, 2(a3)",
                    concat!($op, " t0, t2, s6"),
                    concat!($op, " t4, t6, s6"),
                    concat!($op, " t1, t1, s7"),
                    concat!($op, " t5, t5, s7"),
                    "add t0, t0, t1",
                    "add t4, t4, t5",
                    concat!($op, " t0, t0, s8"),
                    concat!($op, " t4, t4, s8"),
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    "lw ra, {sig_div}(a6)",
                    "div t0, t0, ra",
                    "div t4, t4, ra",
                    "lw ra, {sig_add}(a6)",
                    "add t0, t0, ra",
                    "add t4, t4, ra",
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    // gate = q15((s ≤ 0 ? 0 : min(s, sig_limit)) · sig_mul)
                    "lw ra, {sig_limit}(a6)",
                    "bgtz t0, 32f",
                    "li t0, 0",
                    "j 33f",
                    "32:",
                    "blt t0, ra, 33f",
                    "mv t0, ra",
                    "33:",
                    "bgtz t4, 42f",
                    "li t4, 0",
                    "j 43f",
                    "42:",
                    "blt t4, ra, 43f",
                    "mv t4, ra",
                    "43:",
                    "lw ra, {sig_mul}(a6)",
                    "mul t3, t0, ra",
                    "mul a7, t4, ra",
                    "slli t3, t3, 16",
                    "slli a7, a7, 16",
                    "srai t3, t3, 16",
                    "srai a7, a7, 16",
                    // c = q15((a / h1 + Bh / h2) / hd), clamped; cand = q15(c · tanh_mul)
                    "lh t1, 0(a4)",
                    "lh t5, 2(a4)",
                    concat!($op, " t0, t2, s9"),
                    concat!($op, " t4, t6, s9"),
                    concat!($op, " t1, t1, s10"),
                    concat!($op, " t5, t5, s10"),
                    "add t0, t0, t1",
                    "add t4, t4, t5",
                    concat!($op, " t0, t0, s11"),
                    concat!($op, " t4, t4, s11"),
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    "lw ra, {tanh_bound}(a6)",
                    "blt t0, ra, 34f",
                    "mv t0, ra",
                    "34:",
                    "blt t4, ra, 44f",
                    "mv t4, ra",
                    "44:",
                    "lw ra, {tanh_neg_bound}(a6)",
                    "blt ra, t0, 35f",
                    "mv t0, ra",
                    "35:",
                    "blt ra, t4, 45f",
                    "mv t4, ra",
                    "45:",
                    "lw ra, {tanh_mul}(a6)",
                    "mul t2, t0, ra",
                    "mul t6, t4, ra",
                    "slli t2, t2, 16",
                    "slli t6, t6, 16",
                    "srai t2, t2, 16",
                    "srai t6, t6, 16",
                    // kept = q15(gate·h / gh); one_minus = q15(one − gate / om)
                    "lh t1, 0(a0)",
                    "lh t5, 2(a0)",
                    "mul t1, t3, t1",
                    "mul t5, a7, t5",
                    "lw ra, {gh}(a6)",
                    concat!($op, " t1, t1, ra"),
                    concat!($op, " t5, t5, ra"),
                    "slli t1, t1, 16",
                    "slli t5, t5, 16",
                    "srai t1, t1, 16",
                    "srai t5, t5, 16",
                    "lw ra, {om}(a6)",
                    concat!($op, " t0, t3, ra"),
                    concat!($op, " t4, a7, ra"),
                    "lw ra, {one}(a6)",
                    "sub t0, ra, t0",
                    "sub t4, ra, t4",
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    // z = q15(ζ·one_minus / zs); mix = q15(ν + z / ns); upd = q15(mix·cand / us)
                    "mul t0, s2, t0",
                    "mul t4, s2, t4",
                    "lw ra, {zs}(a6)",
                    concat!($op, " t0, t0, ra"),
                    concat!($op, " t4, t4, ra"),
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    "lw ra, {ns}(a6)",
                    concat!($op, " t0, t0, ra"),
                    concat!($op, " t4, t4, ra"),
                    "lw ra, {nu}(a6)",
                    "add t0, t0, ra",
                    "add t4, t4, ra",
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    "mul t0, t0, t2",
                    "mul t4, t4, t6",
                    "lw ra, {us}(a6)",
                    concat!($op, " t0, t0, ra"),
                    concat!($op, " t4, t4, ra"),
                    "slli t0, t0, 16",
                    "slli t4, t4, 16",
                    "srai t0, t0, 16",
                    "srai t4, t4, 16",
                    // h' = (kept / f1 + upd / f2) / fd
                    "lw ra, {f1}(a6)",
                    concat!($op, " t1, t1, ra"),
                    concat!($op, " t5, t5, ra"),
                    "lw ra, {f2}(a6)",
                    concat!($op, " t0, t0, ra"),
                    concat!($op, " t4, t4, ra"),
                    "add t0, t0, t1",
                    "add t4, t4, t5",
                    "lw ra, {fd}(a6)",
                    concat!($op, " t0, t0, ra"),
                    concat!($op, " t4, t4, ra"),
                    "sh t0, 0(a0)",
                    "sh t4, 2(a0)",
                    "addi a0, a0, 4",
                    "addi a1, a1, 4",
                    "addi a2, a2, 4",
                    "addi a3, a3, 4",
                    "addi a4, a4, 4",
                    "bne a0, a5, 2b",
                    zeta = const offset_of!(K, zeta),
                    p1 = const offset_of!(K, p1),
                    p2 = const offset_of!(K, p2),
                    pd = const offset_of!(K, pd),
                    g1 = const offset_of!(K, g1),
                    g2 = const offset_of!(K, g2),
                    gd = const offset_of!(K, gd),
                    h1 = const offset_of!(K, h1),
                    h2 = const offset_of!(K, h2),
                    hd = const offset_of!(K, hd),
                    sig_div = const offset_of!(K, sig_div),
                    sig_add = const offset_of!(K, sig_add),
                    sig_limit = const offset_of!(K, sig_limit),
                    sig_mul = const offset_of!(K, sig_mul),
                    tanh_bound = const offset_of!(K, tanh_bound),
                    tanh_neg_bound = const offset_of!(K, tanh_neg_bound),
                    tanh_mul = const offset_of!(K, tanh_mul),
                    gh = const offset_of!(K, gh),
                    om = const offset_of!(K, om),
                    one = const offset_of!(K, one),
                    zs = const offset_of!(K, zs),
                    ns = const offset_of!(K, ns),
                    nu = const offset_of!(K, nu),
                    us = const offset_of!(K, us),
                    f1 = const offset_of!(K, f1),
                    f2 = const offset_of!(K, f2),
                    fd = const offset_of!(K, fd),
                    inout("a0") h.as_mut_ptr() => _,
                    inout("a1") a.as_ptr() => _,
                    inout("a2") b.as_ptr() => _,
                    inout("a3") c.as_ptr() => _,
                    inout("a4") d.as_ptr() => _,
                    in("a5") h.as_mut_ptr().add(n),
                    in("a6") k as *const K,
                    out("t0") _, out("t1") _, out("t2") _, out("t3") _,
                    out("t4") _, out("t5") _, out("t6") _, out("a7") _, out("ra") _,
                    out("s2") _, out("s3") _, out("s4") _, out("s5") _, out("s6") _,
                    out("s7") _, out("s8") _, out("s9") _, out("s10") _, out("s11") _,
                    options(nostack),
                );
            }
        }
    };
}
#[cfg(target_arch = "riscv32")]
update_pairs_asm!(update_pairs_shift, "sra");
#[cfg(target_arch = "riscv32")]
update_pairs_asm!(update_pairs_div, "div");

/// [`update_plain`]'s pairs elsewhere (the unit tests on the host): the
/// portable elements.
#[cfg(not(target_arch = "riscv32"))]
fn update_pairs_shift(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate, n: usize) {
    portable::update_plain::<crate::scale::Exponent>(&mut h[..n], a, b, c, d, k);
}

/// See [`update_pairs_shift`].
#[cfg(not(target_arch = "riscv32"))]
fn update_pairs_div(h: &mut [i16], a: &[i16], b: &[i16], c: &[i16], d: &[i16], k: &super::PlainUpdate, n: usize) {
    portable::update_plain::<crate::scale::Divisor>(&mut h[..n], a, b, c, d, k);
}

#[cfg(test)]
mod tests {
    use super::super::tests::Rng;
    use super::*;
    use crate::scale::{Divisor, Exponent};

    /// Every shape to 5 rows × 70 columns (odd and even, tails of 0–3),
    /// extreme and random values, against the portable kernels.
    #[test]
    fn rv32im_products_equal_the_portable_ones() {
        let mut rng = Rng(0x0bad_cafe);
        for case in 0..if cfg!(miri) { 60 } else { 3000 } {
            let (rows, cols) = (1 + (rng.next() % 5) as usize, (rng.next() % 71) as usize);
            let pattern = case % 5;
            let m: [i16; 350] = core::array::from_fn(|_| rng.value(pattern));
            let v: [i16; 70] = core::array::from_fn(|_| rng.value(pattern));
            let v8: [i8; 70] = core::array::from_fn(|_| (rng.value(pattern) >> 8) as i8);
            let (m, v, v8) = (&m[..rows * cols], &v[..cols], &v8[..cols]);
            let (n, k) = (rng.next() % 17, rng.next() % 31);
            let d = Divisor(rng.next() as i32 >> (rng.next() % 31));
            let (mut got, mut want) = ([0i16; 5], [0i16; 5]);
            mat_vec_q15_shift(m, v, &mut got[..rows], n);
            portable::mat_vec_q15_shift(m, v, &mut want[..rows], n);
            assert_eq!(got, want, "shift {rows}x{cols} n {n} pattern {pattern}");
            mat_vec_q15_div_pow2(m, v, &mut got[..rows], k);
            portable::mat_vec_q15_div_pow2(m, v, &mut want[..rows], k);
            assert_eq!(got, want, "div 2^{k} {rows}x{cols} pattern {pattern}");
            mat_vec_q15xq7(m, v8, &mut got[..rows], d);
            portable::mat_vec_q15xq7(m, v8, &mut want[..rows], d);
            assert_eq!(got, want, "q7 /{d:?} {rows}x{cols} pattern {pattern}");
            mat_vec_q15xq7(m, v8, &mut got[..rows], Exponent(n as i32));
            portable::mat_vec_q15xq7(m, v8, &mut want[..rows], Exponent(n as i32));
            assert_eq!(got, want, "q7 >>{n} {rows}x{cols} pattern {pattern}");
        }
    }

    /// The split sum at its extremes, one product and two at a time: every
    /// product 2^30 (all −32768, pairs that overflow 32 bits), −2^30 + 2^15,
    /// 32767², −1, over the most columns it takes (fewer under Miri).
    #[test]
    fn split_sums_are_exact_at_the_extremes_and_the_column_limit() {
        let (min, max) = ([i16::MIN; 1000], [i16::MAX; 1000]);
        let mut out = [0i16; 2];
        mat_vec_q15_div_pow2(&[min, max].concat(), &min, &mut out, 16);
        assert_eq!(out, [(1000 << 14) as i16, (-1000 * 32767 / 2) as i16]);
        let n = if cfg!(miri) { 1000 } else { SPLIT_MAX_COLS };
        for (a, b) in [(i16::MIN, i16::MIN), (i16::MIN, i16::MAX), (i16::MAX, i16::MAX), (-1, 1)] {
            let (p, want) = (a as i32 * b as i32, n as i64 * (a as i64 * b as i64));
            let (mut one, mut two, mut unbiased) = (Split::<true>::ZERO, Split::<true>::ZERO, Split::<false>::ZERO);
            for _ in 0..n / 2 {
                one = one.add(p).add(p);
                two = two.add2(p, p);
                unbiased = unbiased.add2(p, p);
            }
            assert_eq!(one.sum(), want, "{a}·{b} one at a time");
            assert_eq!(two.settle(n / 2).sum(), want, "{a}·{b} in biased pairs");
            // Unbiased pairs are for vectors without −32768 only.
            if b != i16::MIN {
                assert_eq!(unbiased.settle(n / 2).sum(), want, "{a}·{b} in unbiased pairs");
            }
        }
    }

    /// The 32-bit shortcut of [`Split::div_pow2`] at the edges of `i32`:
    /// every `hi` near `±2^15` with the column counts' extreme low parts,
    /// against the 64-bit sum divided, for every `k`.
    #[test]
    fn split_division_takes_the_32_bit_sum_only_where_the_sum_fits() {
        for cols in [1u32, 2, 4, 8, 70, 1 << 15, SPLIT_MAX_COLS as u32] {
            let room = (1 << 16) - cols;
            let his = (-4..=4).flat_map(|d| [-(1 << 15) + d, (1 << 15) - cols as i32 + d, d]);
            for hi in his {
                let top = (cols as i64) << 16;
                let lows = [0, 1, 0xffff, 0x1_0000, 0x8000_0000 % top, top / 2, top - 0x1_0000, top - 1];
                for low in lows.into_iter().filter(|&low| (0..top).contains(&low)) {
                    let sum = ((hi as i64) << 16) + low;
                    let split = Split::<false> { lo: sum as i32, hi };
                    assert_eq!(split.sum(), sum);
                    for k in 0..=30 {
                        let want = (sum / (1i64 << k)) as i16;
                        assert_eq!(split.div_pow2(k, room), want, "hi {hi} low {low} cols {cols} k {k}");
                    }
                }
            }
        }
    }

    /// Division rows whose vector bound just allows the wrapping 32-bit sum
    /// (and just does not): the largest products of either sign, every
    /// column count to 9, against the portable 64-bit sums.
    #[test]
    fn division_rows_at_the_wrapping_sums_bound_equal_the_portable_ones() {
        for cols in 1..=9usize {
            let edge = ((1u32 << 16) / cols as u32) as i32;
            for x in [edge - 2, edge - 1, edge, edge + 1].map(|b| b.min(32768)) {
                for v in [[-x; 9], [x - 1; 9]].map(|v| v.map(|e| e as i16)) {
                    for m in [[i16::MIN; 9], [i16::MAX; 9], [i16::MIN, i16::MAX, i16::MIN, i16::MIN, i16::MAX, i16::MIN, i16::MIN, i16::MIN, i16::MAX]] {
                        let (m, v) = ([&m[..cols], &m[..cols]].concat(), &v[..cols]);
                        for k in [0, 1, 15, 16, 30] {
                            let (mut got, mut want) = ([0i16; 2], [0i16; 2]);
                            mat_vec_q15_div_pow2(&m, v, &mut got, k);
                            portable::mat_vec_q15_div_pow2(&m, v, &mut want, k);
                            assert_eq!(got, want, "{cols} columns of {} k {k}", v[0]);
                        }
                    }
                }
            }
        }
    }

    /// No columns, rows missing from `m`, rows longer than the split sum
    /// takes: the portable kernels' results.
    #[test]
    fn empty_rows_missing_rows_and_long_rows_give_the_portable_results() {
        let m = [7i16; 10];
        let v = [3i16; 4];
        for (mm, vv, rows) in [
            (&m[..], &v[..0], 3),
            (&m[..], &v[..], 3),
            (&m[..], &v[..], 2),
        ] {
            let (mut got, mut want) = ([1i16; 3], [1i16; 3]);
            mat_vec_q15_div_pow2(mm, vv, &mut got[..rows], 1);
            portable::mat_vec_q15_div_pow2(mm, vv, &mut want[..rows], 1);
            assert_eq!(got, want);
            mat_vec_q15_shift(mm, vv, &mut got[..rows], 1);
            portable::mat_vec_q15_shift(mm, vv, &mut want[..rows], 1);
            assert_eq!(got, want);
        }
        #[cfg(not(miri))]
        {
            let long = [i16::MIN; SPLIT_MAX_COLS + 1];
            let (mut got, mut want) = ([0i16; 1], [0i16; 1]);
            mat_vec_q15_div_pow2(&long, &long, &mut got, 30);
            portable::mat_vec_q15_div_pow2(&long, &long, &mut want, 30);
            // (2^16 + 1)·2^30 / 2^30, stored to Q15.
            assert_eq!((got, want), ([1], [1]));
        }
    }
}
