//! The one scaling abstraction of the library.
//!
//! EdgeML builds every kernel in one of two modes. Without `SHIFT`, a scale is
//! a *divisor*: values are scaled down with `/` (truncation toward zero) and
//! the scales of a chain multiply. With `SHIFT`, a scale is an *exponent*:
//! values are scaled with `>>` (floor) and exponents add. Every kernel in
//! [`crate::q15`] is generic over [`Scale`], so each exists once and is
//! instantiated for [`Divisor`] and [`Exponent`].
//!
//! Inside the reference's defined domain the operations below are exactly C's.
//! Outside it (division by zero, shift counts out of range, overflowing scale
//! products) C is undefined; here every operation is total and documented:
//!
//! | operation | out-of-domain rule |
//! |---|---|
//! | `x / 0` | `0` (what Cortex-M's `SDIV` returns with div-by-zero traps off) |
//! | `MIN / -1` | `MIN` (two's complement wrap, as `SDIV`) |
//! | `x >> n`, `n < 0` | `x` (count taken as 0) |
//! | `x >> n`, `n ≥ width` | sign fill, the limit of shifting (count taken as width − 1) |
//! | `x << n`, `n < 0` | `x` (count taken as 0) |
//! | `x << n`, `n ≥ 32` (64 for 64-bit values) | `0`, every bit shifted out |
//! | combining scales | wrapping `*` / `+` on `i32` |

use core::num::NonZeroU32;

/// Truncating division that is total: `x / 0 == 0`, `MIN / -1 == MIN`.
#[inline(always)]
pub fn div32(x: i32, d: i32) -> i32 {
    if d == 0 {
        0
    } else {
        x.wrapping_div(d)
    }
}

/// 64-bit counterpart of [`div32`].
#[inline(always)]
pub fn div64(x: i64, d: i64) -> i64 {
    if d == 0 {
        0
    } else {
        x.wrapping_div(d)
    }
}

/// [`div64`] by a 32-bit divisor, on cores that divide 32 bits at most:
/// the quotient's high word by one 32-bit division, its low word by a long
/// division on 16-bit digits (Knuth's algorithm D), where `/` on `i64`
/// links the general 64-bit library routine (`__udivmoddi4`: 700 bytes on
/// Cortex-M4, for divisors that are not powers of two only).
#[inline(never)]
pub fn div64_by32(x: i64, d: i32) -> i64 {
    // Divisors as `NonZeroU32`: no division-by-zero test (nor panic path).
    let Some(m) = NonZeroU32::new(d.unsigned_abs()) else { return 0 };
    let n = x.unsigned_abs();
    let (hi, lo) = ((n >> 32) as u32, n as u32);
    let q = (u64::from(hi / m) << 32) | u64::from(div_2by1(hi % m, lo, m));
    // `MIN / -1` wraps to `MIN`, as `wrapping_div`: `q` is then 2^63.
    if (x < 0) != (d < 0) {
        (q as i64).wrapping_neg()
    } else {
        q as i64
    }
}

/// `(u1·2^32 + u0) / v` for `u1 < v` (so the quotient fits 32 bits) with
/// 32-bit divisions only: Knuth's algorithm D on 16-bit digits, as
/// `divlu` in Warren's *Hacker's Delight* (2nd ed., figure 9–3).
#[inline(always)]
fn div_2by1(u1: u32, u0: u32, v: NonZeroU32) -> u32 {
    const B: u32 = 1 << 16;
    // Normalised: the divisor's top bit set, the dividend shifted with it.
    let s = v.leading_zeros();
    let v = v.get() << s;
    // At least 2^15, since `v`'s top bit is set.
    let (vn1, vn0) = (NonZeroU32::new(v >> 16).unwrap_or(NonZeroU32::MIN), v & 0xFFFF);
    let un32 = if s == 0 { u1 } else { (u1 << s) | (u0 >> (32 - s)) };
    let un10 = u0 << s;
    let (un1, un0) = (un10 >> 16, un10 & 0xFFFF);
    // Each digit estimated from the top digit of the divisor, then
    // corrected (at most twice).
    let digit = |un: u32, next: u32| {
        let (mut q, mut rhat) = (un / vn1, un % vn1);
        while q >= B || q * vn0 > B * rhat + next {
            q -= 1;
            rhat += vn1.get();
            if rhat >= B {
                break;
            }
        }
        q
    };
    let q1 = digit(un32, un1);
    let un21 = un32.wrapping_mul(B).wrapping_add(un1).wrapping_sub(q1.wrapping_mul(v));
    let q0 = digit(un21, un0);
    q1 * B + q0
}

/// `Some(k)` when `d == 2^k` (`d > 0`): C's truncating division by `d` is
/// then a shift with a correction for negative values (a few instructions,
/// where a 64-bit division is a library call of hundreds). Model scales are
/// powers of two in practice.
#[inline(always)]
#[allow(dead_code)] // used only on 32-bit targets
fn pow2_exponent(d: i32) -> Option<u32> {
    if is_pow2(d) {
        Some(d.trailing_zeros())
    } else {
        None
    }
}

/// `d` is `2^k` for some `k ≥ 0`: a divisor that a shift can replace.
#[inline(always)]
pub(crate) fn is_pow2(d: i32) -> bool {
    d > 0 && d & (d - 1) == 0
}

/// `k` for `x = 2^k`: a de Bruijn multiplication and a 32-byte table. For
/// cores without `CLZ` (ARMv6-M), where `trailing_zeros` is a library call,
/// in code that runs once per call ([`Scale::exponent`]); in loops the
/// compiler hoists `trailing_zeros` (a pure call) where it kept reloading
/// the table.
#[inline(always)]
#[allow(dead_code)] // used only on cores without a divide instruction (and by the tests)
pub(crate) fn log2_pow2(x: u32) -> u32 {
    const POSITION: [u8; 32] = [0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8, 31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9];
    POSITION[(x.wrapping_mul(0x077C_B531) >> 27) as usize] as u32
}

/// `x / 2^k` truncating toward zero, as a shift: negative values are biased
/// by `2^k − 1` first. `k ≤ 30`. (Also the division products' finish in the
/// RV32IM and x86-64 kernels.)
#[inline(always)]
#[allow(dead_code)] // used on 32-bit targets and by the x86-64 kernels
pub(crate) fn div_pow2_64(x: i64, k: u32) -> i64 {
    (x.wrapping_add((x >> 63) & ((1i64 << k) - 1))) >> k
}

/// 32-bit counterpart of [`div_pow2_64`].
#[inline(always)]
#[allow(dead_code)] // used on cores without a divide instruction, by the RV32IM and x86-64 kernels, and by the tests
pub(crate) fn div_pow2_32(x: i32, k: u32) -> i32 {
    (x.wrapping_add((x >> 31) & ((1i32 << k) - 1))) >> k
}

/// Arithmetic (flooring) right shift with the count clamped into `0..=31`.
#[inline(always)]
pub fn shr32(x: i32, n: i32) -> i32 {
    x >> (n.clamp(0, 31) as u32)
}

/// Arithmetic right shift of a 64-bit sum, count clamped into `0..=63`.
#[inline(always)]
pub fn shr64(x: i64, n: i32) -> i64 {
    x >> (n.clamp(0, 63) as u32)
}

/// Two's-complement left shift (what GCC does for negative values); counts
/// below 0 act as 0 and counts of 32 or more shift every bit out.
#[inline(always)]
pub fn shl32(x: i32, n: i32) -> i32 {
    if n >= 32 {
        0
    } else {
        ((x as u32) << (n.max(0) as u32)) as i32
    }
}

/// 64-bit counterpart of [`shl32`]: counts of 64 or more give 0.
#[inline(always)]
pub fn shl64(x: i64, n: i32) -> i64 {
    if n >= 64 {
        0
    } else {
        ((x as u64) << (n.max(0) as u32)) as i64
    }
}

/// `1 << e` as C computes it for `int`, made total with [`shl32`].
#[inline(always)]
pub fn pow2(e: i32) -> i32 {
    shl32(1, e)
}

/// A scale factor of one of the two EdgeML modes.
///
/// `from_raw` takes the value as it stands in a scales struct or argument;
/// the kernels combine and apply scales only through this trait.
pub trait Scale: Copy + core::fmt::Debug + PartialEq + 'static {
    /// `true` for the `SHIFT` build of the reference.
    const IS_SHIFT: bool;
    /// Suffix of this mode's exported C symbols (`div` or `shift`).
    const SUFFIX: &'static str;
    /// Wraps a raw `SCALE_T` value.
    fn from_raw(raw: i32) -> Self;
    /// The raw `SCALE_T` value.
    fn raw(self) -> i32;
    /// The scale equal to `2^e` (`1 << e` as a divisor, `e` as an exponent).
    fn from_pow2(e: i32) -> Self;
    /// The scale of applying `self` then `other` (product or sum).
    fn then(self, other: Self) -> Self;
    /// Scales an `int` value down (`/` or `>>`).
    fn down(self, x: i32) -> i32;
    /// Scales a 64-bit sum down (`/` or `>>` on `int64_t`).
    fn down64(self, x: i64) -> i64;
    /// Scales an `int` value up (`*` or `<<`).
    fn up(self, x: i32) -> i32;
    /// Scales a 64-bit value up (`*` or `<<` on `int64_t`).
    fn up64(self, x: i64) -> i64;
    /// `true` when [`Scale::down`] maps every value to 0 (a zero divisor).
    /// Kernels test it once, before a loop, so that the loop itself needs no
    /// zero-divisor check.
    fn zeroes_all(self) -> bool {
        false
    }
    /// The scale made ready for a loop ([`Scale::down_ready`]): checks and
    /// clamps that [`Scale::down`] repeats on every value are done once.
    type Ready: Copy + core::fmt::Debug;
    /// See [`Scale::Ready`].
    fn ready(self) -> Self::Ready;
    /// `self.down(x)` for the `ready()` form of `self`, for `|x| ≤ 2^30`
    /// (the range of a product of two Q15 values or of a sum of a few of
    /// them, which is all an element-wise kernel scales down).
    fn down_ready(r: Self::Ready, x: i32) -> i32;
    /// The value of a ready scale: the clamped shift count, or the divisor
    /// (never 0), for kernels that take it as a plain `int`
    /// ([`crate::kernels::PlainUpdate`]).
    fn ready_raw(r: Self::Ready) -> i32;
    /// [`Scale::down_ready`] for a loop that keeps many scales live at once
    /// (FastGRNN's update): on cores without a divide instruction, the
    /// division without `down`'s per-value power-of-two test, whose results
    /// the compiler keeps for the whole loop (three more values per scale,
    /// spilled to the stack); such loops take [`Scale::down_exponent`] when
    /// every scale is a power of two.
    #[inline(always)]
    fn down_ready_lean(r: Self::Ready, x: i32) -> i32 {
        Self::down_ready(r, x)
    }
    /// A ready division by `2^k` as the form [`Scale::down_exponent`]
    /// takes; `None` for any other scale. Used on cores without a divide
    /// instruction; elsewhere the division is as cheap.
    #[inline(always)]
    fn exponent(_r: Self::Ready) -> Option<Self::Ready> {
        None
    }
    /// [`Scale::down_ready`] of the scale whose [`Scale::exponent`] is `e`,
    /// for `|x| ≤ 2^30`.
    #[inline(always)]
    fn down_exponent(e: Self::Ready, x: i32) -> i32 {
        Self::down_ready(e, x)
    }
}

/// Whether this core lacks a divide instruction: rustc exposes no cfg for
/// it; on Arm, the cores without CAS atomics are the ARMv6-M and older
/// ones, which have no divide either (as in [`Divisor::down`]).
pub(crate) const NO_DIVIDE: bool = cfg!(all(target_arch = "arm", not(target_has_atomic = "32")));

/// A [`Divisor`] made ready: never 0 (a zero divisor becomes `i32::MIN`,
/// which maps every `|x| ≤ 2^30` to 0 as `x / 0` does here), so the
/// division needs no zero test.
#[derive(Clone, Copy, Debug)]
pub struct ReadyDivisor(core::num::NonZeroI32);

/// An [`Exponent`] made ready: the shift count clamped into `0..=31` once.
#[derive(Clone, Copy, Debug)]
pub struct ReadyShift(u32);

/// A scale of the division build: values are divided by it.
// `repr(transparent)`: a `SCALE_T` of a C scales struct can be read as one.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Divisor(pub i32);

/// A scale of the `SHIFT` build: values are shifted by it.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Exponent(pub i32);

impl Scale for Divisor {
    const IS_SHIFT: bool = false;
    const SUFFIX: &'static str = "div";
    #[inline(always)]
    fn from_raw(raw: i32) -> Self {
        Divisor(raw)
    }
    #[inline(always)]
    fn raw(self) -> i32 {
        self.0
    }
    #[inline(always)]
    fn from_pow2(e: i32) -> Self {
        Divisor(pow2(e))
    }
    #[inline(always)]
    fn then(self, other: Self) -> Self {
        Divisor(self.0.wrapping_mul(other.0))
    }
    #[inline(always)]
    fn down(self, x: i32) -> i32 {
        // Cores without a divide instruction (ARMv6-M) call a library
        // routine for `/`: a power of two is a shift there. Elsewhere the
        // hardware divide is as cheap as the test. (rustc exposes no cfg for
        // the divide instruction; on Arm, the cores without CAS atomics are
        // the ARMv6-M and older ones, which have no divide either.)
        #[cfg(all(target_arch = "arm", not(target_has_atomic = "32")))]
        if let Some(k) = pow2_exponent(self.0) {
            return div_pow2_32(x, k);
        }
        div32(x, self.0)
    }
    #[inline(always)]
    fn down64(self, x: i64) -> i64 {
        // No 32-bit core divides 64-bit values in hardware: there `/` is a
        // library call of hundreds of instructions, and a power of two a
        // shift. 64-bit cores divide in hardware.
        #[cfg(target_pointer_width = "32")]
        if let Some(k) = pow2_exponent(self.0) {
            return div_pow2_64(x, k);
        }
        #[cfg(target_pointer_width = "32")]
        return div64_by32(x, self.0);
        #[cfg(not(target_pointer_width = "32"))]
        div64(x, self.0 as i64)
    }
    #[inline(always)]
    fn up(self, x: i32) -> i32 {
        x.wrapping_mul(self.0)
    }
    #[inline(always)]
    fn up64(self, x: i64) -> i64 {
        x.wrapping_mul(self.0 as i64)
    }
    #[inline(always)]
    fn zeroes_all(self) -> bool {
        self.0 == 0
    }
    type Ready = ReadyDivisor;
    #[inline(always)]
    fn ready(self) -> ReadyDivisor {
        ReadyDivisor(core::num::NonZeroI32::new(self.0).unwrap_or(core::num::NonZeroI32::MIN))
    }
    #[inline(always)]
    fn down_ready(r: ReadyDivisor, x: i32) -> i32 {
        // Without a divide instruction, `down`'s power-of-two shortcut.
        #[cfg(all(target_arch = "arm", not(target_has_atomic = "32")))]
        return Divisor(r.0.get()).down(x);
        // `|x| ≤ 2^30`: `MIN / -1` cannot occur, and the divisor is not 0.
        #[cfg(not(all(target_arch = "arm", not(target_has_atomic = "32"))))]
        x.wrapping_div(r.0.get())
    }
    #[inline(always)]
    fn ready_raw(r: ReadyDivisor) -> i32 {
        r.0.get()
    }
    #[inline(always)]
    fn down_ready_lean(r: ReadyDivisor, x: i32) -> i32 {
        // `|x| ≤ 2^30`: `MIN / -1` cannot occur, and the divisor is not 0.
        x.wrapping_div(r.0.get())
    }
    #[inline(always)]
    fn exponent(r: ReadyDivisor) -> Option<ReadyDivisor> {
        // `k + 1`, so that `k = 0` (a divisor of 1) is not zero.
        let d = r.0.get();
        if !is_pow2(d) {
            return None;
        }
        core::num::NonZeroI32::new(log2_pow2(d as u32) as i32 + 1).map(ReadyDivisor)
    }
    #[inline(always)]
    fn down_exponent(e: ReadyDivisor, x: i32) -> i32 {
        // Truncating division by `2^k` (`e` holds `k + 1`, `k ≤ 30`) with
        // `k` as the only value: the magnitude shifted, the sign put back
        // (`|x| ≤ 2^30`, so the magnitude is exact).
        let k = (e.0.get() - 1) as u32 & 31;
        let s = x >> 31;
        let m = ((x ^ s).wrapping_sub(s) as u32) >> k;
        (m as i32 ^ s).wrapping_sub(s)
    }
}

impl Scale for Exponent {
    const IS_SHIFT: bool = true;
    const SUFFIX: &'static str = "shift";
    #[inline(always)]
    fn from_raw(raw: i32) -> Self {
        Exponent(raw)
    }
    #[inline(always)]
    fn raw(self) -> i32 {
        self.0
    }
    #[inline(always)]
    fn from_pow2(e: i32) -> Self {
        Exponent(e)
    }
    #[inline(always)]
    fn then(self, other: Self) -> Self {
        Exponent(self.0.wrapping_add(other.0))
    }
    #[inline(always)]
    fn down(self, x: i32) -> i32 {
        shr32(x, self.0)
    }
    #[inline(always)]
    fn down64(self, x: i64) -> i64 {
        shr64(x, self.0)
    }
    #[inline(always)]
    fn up(self, x: i32) -> i32 {
        shl32(x, self.0)
    }
    #[inline(always)]
    fn up64(self, x: i64) -> i64 {
        shl64(x, self.0)
    }
    type Ready = ReadyShift;
    #[inline(always)]
    fn ready(self) -> ReadyShift {
        ReadyShift(self.0.clamp(0, 31) as u32)
    }
    #[inline(always)]
    fn down_ready(r: ReadyShift, x: i32) -> i32 {
        // SAFETY: `ReadyShift` is only built by `ready`, which clamps the
        // count into 0..=31; telling the compiler so drops the masking of
        // the count (`>>` by 32 or more is never reached).
        unsafe { core::hint::assert_unchecked(r.0 < 32) };
        x >> r.0
    }
    #[inline(always)]
    fn ready_raw(r: ReadyShift) -> i32 {
        r.0 as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_of_every_power_of_two_is_its_exponent() {
        for k in 0..32 {
            assert_eq!(log2_pow2(1u32 << k), k);
        }
    }

    #[test]
    fn exponent_form_divides_like_down_for_powers_of_two() {
        // The exponent form exists only on cores without a divide
        // instruction; its arithmetic is checked here on every core.
        for k in 0..=30u32 {
            let e = ReadyDivisor(core::num::NonZeroI32::new(k as i32 + 1).unwrap());
            for x in [0, 1, -1, 7, -7, (1 << 30) - 1, -(1 << 30), 1 << 30, 12345, -12345] {
                assert_eq!(Divisor::down_exponent(e, x), Divisor(1 << k).down(x), "x = {x}, k = {k}");
            }
        }
        assert!(Divisor::exponent(Divisor(8).ready()).is_some());
        assert!(Divisor::exponent(Divisor(12).ready()).is_none());
        assert!(Divisor::exponent(Divisor(-8).ready()).is_none());
        assert!(Divisor::exponent(Divisor(0).ready()).is_none());
    }

    #[test]
    fn division_truncates_toward_zero_like_c() {
        assert_eq!(Divisor(4).down(-7), -1);
        assert_eq!(Divisor(-4).down(7), -1);
    }

    #[test]
    fn shift_floors_like_gcc() {
        assert_eq!(Exponent(2).down(-7), -2);
        assert_eq!(Exponent(2).down64(-7), -2);
    }

    #[test]
    fn the_64_by_32_bit_division_equals_wrapping_div() {
        let mut rng = crate::kernels::tests::Rng(0x6464_3232);
        let edges_x = [i64::MIN, i64::MIN + 1, i64::MAX, -(1 << 46), (1 << 46) - 1, -(1 << 32), 1 << 32, (1 << 32) - 1, -1, 0, 1, 65535, -65536];
        let edges_d = [i32::MIN, i32::MIN + 1, i32::MAX, -65537, 65537, 65536, 65535, -3, 3, -1, 1, 7, 0];
        for &x in &edges_x {
            for &d in &edges_d {
                assert_eq!(div64_by32(x, d), div64(x, d as i64), "{x} / {d}");
            }
        }
        // Random magnitudes of every width for both, so that every
        // normalising shift and both digits' corrections occur.
        for _ in 0..if cfg!(miri) { 2_000 } else { 2_000_000 } {
            let x = ((u64::from(rng.next()) << 32 | u64::from(rng.next())) >> (rng.next() % 64)) as i64;
            let x = if rng.next() % 2 == 0 { x } else { x.wrapping_neg() };
            let d = (rng.next() >> (rng.next() % 32)) as i32;
            assert_eq!(div64_by32(x, d), div64(x, d as i64), "{x} / {d}");
        }
    }

    #[test]
    fn power_of_two_divisors_truncate_like_division() {
        for k in 0..=30u32 {
            let d = 1i32 << k;
            for x in [i64::MIN / 4, -(1 << 40) - 3, -65537, -7, -1, 0, 1, 7, 65537, (1 << 40) + 3, i64::MAX / 4] {
                assert_eq!(div_pow2_64(x, k), x / d as i64, "{x} / 2^{k}");
                assert_eq!(Divisor(d).down64(x), x / d as i64);
                let y = x as i32;
                assert_eq!(div_pow2_32(y, k), y.wrapping_div(d), "{y} / 2^{k}");
            }
        }
        assert_eq!(pow2_exponent(i32::MIN), None);
        assert_eq!(pow2_exponent(0), None);
        assert_eq!(pow2_exponent(12), None);
        assert_eq!(pow2_exponent(1), Some(0));
    }

    #[test]
    fn division_by_zero_gives_zero() {
        assert_eq!(Divisor(0).down(12345), 0);
        assert_eq!(Divisor(0).down64(-12345), 0);
    }

    #[test]
    fn min_over_minus_one_wraps() {
        assert_eq!(Divisor(-1).down(i32::MIN), i32::MIN);
        assert_eq!(Divisor(-1).down64(i64::MIN), i64::MIN);
    }

    #[test]
    fn out_of_range_right_shifts_saturate_to_sign_fill() {
        assert_eq!(Exponent(40).down(-5), -1);
        assert_eq!(Exponent(40).down(5), 0);
        assert_eq!(Exponent(99).down64(-5), -1);
        assert_eq!(Exponent(-3).down(-5), -5);
    }

    #[test]
    fn out_of_range_left_shifts_are_total() {
        assert_eq!(Exponent(32).up(1), 0);
        assert_eq!(Exponent(-1).up(7), 7);
        assert_eq!(shl32(-1, 31), i32::MIN);
        assert_eq!(Exponent(64).up64(1), 0);
        assert_eq!(Exponent(-2).up64(7), 7);
        assert_eq!(Exponent(40).up64(-1), -(1i64 << 40));
        assert_eq!(Divisor(3).up64(-5), -15);
    }

    #[test]
    fn only_a_zero_divisor_zeroes_every_value() {
        assert!(Divisor(0).zeroes_all());
        assert!(!Divisor(1).zeroes_all());
        assert!(!Exponent(40).zeroes_all());
        assert!((-3..=3).all(|x| Divisor(0).down(x) == 0));
    }

    #[test]
    fn down_ready_equals_down_within_two_to_the_thirty() {
        // The range a kernel scales down: a product of two Q15 values.
        let xs = [-(1 << 30), -(1 << 30) + 1, -65537, -32768, -7, -1, 0, 1, 7, 32767, (1 << 30) - 1, 1 << 30];
        let mut raws: [i32; 40] = core::array::from_fn(|i| i as i32 - 4);
        raws[36] = i32::MIN;
        raws[37] = i32::MAX;
        raws[38] = 1 << 30;
        raws[39] = -(1 << 12);
        for &raw in &raws {
            for &x in &xs {
                assert_eq!(Divisor::down_ready(Divisor(raw).ready(), x), Divisor(raw).down(x), "{x} / {raw}");
                assert_eq!(Exponent::down_ready(Exponent(raw).ready(), x), Exponent(raw).down(x), "{x} >> {raw}");
            }
        }
    }

    #[test]
    fn scales_combine_by_product_or_sum() {
        assert_eq!(Divisor(4).then(Divisor(8)), Divisor(32));
        assert_eq!(Exponent(2).then(Exponent(3)), Exponent(5));
        assert_eq!(Divisor(i32::MAX).then(Divisor(2)), Divisor(-2));
        assert_eq!(Divisor::from_pow2(5), Divisor(32));
        assert_eq!(Exponent::from_pow2(5), Exponent(5));
    }
}
