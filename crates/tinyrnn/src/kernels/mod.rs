//! The kernel seam: the few loops where a step spends its time.
//!
//! Every matrix product of the library (EdgeML's `q15_m_mulvec` family,
//! FastGRNN, every cell of [`crate::cells`], whatever the weight format)
//! runs through [`mat_vec`], one row loop over a [`Rows`] format; sparse
//! products run through [`sparse_columns`]. The inner operations they call
//! are the functions re-exported here:
//!
//! | kernel | what | used by |
//! |---|---|---|
//! | [`dot_q15`] | Σ Q15·Q15 in 64 bits (`q15_m_mulvec`) | dense and low-rank Q15 weights |
//! | [`dot_q15_wrapping`] | the same sum's low 32 bits | the same, in `SHIFT` mode with a total shift ≤ 16 (see [`Feature::mat_vec`]) |
//! | [`mat_vec_q15_shift`] | a whole Q15 product with such a shift: `out[r] = (row r · v) >> n` in 32 bits | the same |
//! | [`mat_vec_q15_div_pow2`] | a whole Q15 product divided by `2^k` (64-bit sums, truncating) | dense and low-rank Q15 weights, division mode, power-of-two scales |
//! | [`dot_q15xq7`] | Σ Q15·Q7 in wrapping 32 bits (`q15xq7_q15_m_mulvec`) | Q7-input FastGRNN |
//! | [`mat_vec_q15xq7`] | a whole Q15·Q7 product, `out[r] = (row r · v) / scale` in 32 bits | the same |
//! | [`mat_vec_q15xq7_spare`] | the same, given memory the caller does not need meanwhile (the Cortex-M4 kernel widens the vector there, not on its stack) | dense Q7-input FastGRNN (`W·x`, widened in the `U·h` buffer) |
//! | [`dot_by`] | Σ of a decoded weight times an element, 64 bits | int8, 3-bit and 4-bit weights |
//! | [`sparse_accumulate`] | EdgeML's column-major sparse `ret += M·v`, checked per element (the reference) | tests |
//! | [`sparse_columns`] | the same over a checked encoding ([`crate::q15::matrix::SparseMatrix`]): a loop per column, no per-element check (an `asm!` block on Cortex-M4/M7, and on ARMv6-M in `SHIFT` mode) | sparse weights |
//! | [`update4`] | the fused element-wise update of a step over the state and four vectors ([`Update4`]) | FastGRNN (the compiled update) |
//! | [`update_plain`] | FastGRNN's element-wise update without activation tables, its constants laid out in a [`PlainUpdate`] | FastGRNN on cores with their own update kernel (Cortex-M4F, RV32IM, x86-64; ARMv6-M in `SHIFT` mode) |
//! | [`update_each`] | the fused element-wise update of a step by index, `h[i] = op(i, h[i])` ([`UpdateEach`]) | the cells of [`crate::cells::q15`] (gates and new state) |
//!
//! # Adding a per-ISA implementation
//!
//! [`portable`] is the reference: plain Rust, the oracle of every test and
//! the implementation on every target today. A faster implementation for
//! one instruction set goes in a sibling module (e.g. `cortex_m_dsp.rs` for
//! `SMLALD`, `armv6m.rs`, `rv32im.rs`, `x86_64.rs`) exporting functions with
//! the *same signatures*, and is selected here by `cfg`, e.g.
//!
//! ```text
//! #[cfg(all(target_arch = "arm", target_feature = "dsp"))]
//! mod cortex_m_dsp;
//! #[cfg(all(target_arch = "arm", target_feature = "dsp"))]
//! pub use cortex_m_dsp::dot_q15;
//! #[cfg(not(all(target_arch = "arm", target_feature = "dsp")))]
//! pub use portable::dot_q15;
//! ```
//!
//! Callers name `crate::kernels::dot_q15` only, so nothing else changes.
//! The portable module stays compiled on every target (`portable::*` is
//! public) so that tests compare an ISA kernel with it on its own emulated
//! core. Arithmetic facts such kernels may rely on: `/work/shared/notes/`
//! and issue 12 (e.g. in `SHIFT` mode with a total shift ≤ 16 the Q15 result
//! depends only on the low 32 bits of the sum).

pub mod portable;

// The dot products: one module per instruction set where it pays, chosen
// at compile time; `build.rs` sets the `tinyrnn_*` cfgs from the target.
// - Cortex-M4/M7 (ARMv7E-M) and ARMv8-M with the DSP extension:
//   SMLALD/SMLAD, two Q15 products per instruction (`asm!`); the sparse
//   product's terms one `SMLAWB`/`SMLAWT` each on paired loads in `SHIFT`
//   mode (5.5 instructions per non-zero), else `SDIV` (8.25).
// - x86-64: SSE2 (the architecture's baseline), eight products per PMADDWD;
//   the whole products four rows at a time; FastGRNN's update four
//   elements at a time where its scales are shifts.
// - ARMv6-M (Cortex-M0/M0+): the whole `SHIFT`-mode product with 32-bit
//   sums in one `asm!` block (5.5 instructions per multiply-accumulate),
//   the Q15·Q7 product's row sums in one block per row (6.5), FastGRNN's
//   `SHIFT`-mode update in one block (about 95 per element), the
//   `SHIFT`-mode sparse product in one block (10.5 per non-zero).
// - RV32IM: the whole products two rows at a time, each row pair's dot
//   product in one `asm!` loop (the `SHIFT` product and division rows
//   whose sums fit 32 bits: the row loop too), 64-bit sums in two 32-bit
//   registers without carries; FastGRNN's update two elements at a time
//   (`rv32im.rs`).
// - Elsewhere the portable loops.
#[cfg(all(target_arch = "arm", tinyrnn_arm_dsp))]
pub mod cortex_m_dsp;
#[cfg(all(target_arch = "arm", tinyrnn_arm_dsp))]
pub use cortex_m_dsp::{dot_q15, dot_q15_wrapping, dot_q15xq7, mat_vec_q15_div_pow2, mat_vec_q15_shift, mat_vec_q15xq7, mat_vec_q15xq7_spare};
#[cfg(all(target_arch = "arm", tinyrnn_armv6m))]
pub mod armv6m;
#[cfg(all(target_arch = "arm", tinyrnn_armv6m))]
pub use armv6m::{mat_vec_q15_shift, mat_vec_q15xq7};
#[cfg(any(all(target_arch = "riscv32", tinyrnn_rv32im), test))]
pub mod rv32im;
#[cfg(all(target_arch = "riscv32", tinyrnn_rv32im))]
pub use rv32im::{mat_vec_q15_div_pow2, mat_vec_q15_shift, mat_vec_q15xq7};
#[cfg(not(any(
    all(target_arch = "arm", tinyrnn_arm_dsp),
    all(target_arch = "riscv32", tinyrnn_rv32im),
    all(target_arch = "x86_64", tinyrnn_x86_sse2)
)))]
pub use portable::mat_vec_q15_div_pow2;
#[cfg(not(any(
    all(target_arch = "arm", tinyrnn_arm_dsp),
    all(target_arch = "arm", tinyrnn_armv6m),
    all(target_arch = "riscv32", tinyrnn_rv32im),
    all(target_arch = "x86_64", tinyrnn_x86_sse2)
)))]
pub use portable::mat_vec_q15xq7;
#[cfg(not(any(
    all(target_arch = "arm", tinyrnn_arm_dsp),
    all(target_arch = "arm", tinyrnn_armv6m),
    all(target_arch = "riscv32", tinyrnn_rv32im),
    all(target_arch = "x86_64", tinyrnn_x86_sse2)
)))]
pub use portable::mat_vec_q15_shift;
#[cfg(all(target_arch = "x86_64", tinyrnn_x86_sse2))]
pub mod x86_64;
#[cfg(all(target_arch = "x86_64", tinyrnn_x86_sse2))]
pub use x86_64::{dot_q15, dot_q15_wrapping, dot_q15xq7, mat_vec_q15_div_pow2, mat_vec_q15_shift, mat_vec_q15xq7};
#[cfg(not(any(all(target_arch = "arm", tinyrnn_arm_dsp), all(target_arch = "x86_64", tinyrnn_x86_sse2))))]
pub use portable::{dot_q15, dot_q15_wrapping, dot_q15xq7};

pub use portable::{dot_by, sparse_accumulate, update4, Int4Rows, Int8Rows, Pow2Rows, Update4};
/// Whether the `asm!` sparse kernels' vector elements are Q15 (`Some(true)`),
/// Q7 (`Some(false)`) or neither (`None`: the portable loop): their element
/// loads differ, and any other type takes the portable loop.
#[cfg(any(all(target_arch = "arm", tinyrnn_armv6m), all(target_arch = "arm", tinyrnn_arm_dsp)))]
#[inline(always)]
fn q15_or_q7<V: 'static>() -> Option<bool> {
    use core::any::TypeId;
    if TypeId::of::<V>() == TypeId::of::<i16>() {
        Some(true)
    } else if TypeId::of::<V>() == TypeId::of::<i8>() {
        Some(false)
    } else {
        None
    }
}
#[cfg(all(target_arch = "arm", tinyrnn_armv6m))]
pub use armv6m::sparse_columns;
#[cfg(all(target_arch = "arm", tinyrnn_arm_dsp))]
pub use cortex_m_dsp::sparse_columns;
#[cfg(not(any(all(target_arch = "arm", tinyrnn_armv6m), all(target_arch = "arm", tinyrnn_arm_dsp))))]
pub use portable::sparse_columns;
// FastGRNN's update over its laid-out constants: an `asm!` loop where the
// compiled update spills (Cortex-M4F: 26 constants and five pointers for 13
// registers; ARMv6-M in `SHIFT` mode: the same for 8 low registers; RV32IM:
// 22 reloads per element; x86-64: four elements per SSE2 operation);
// elsewhere the compiled update (`update4`) is used instead.
#[cfg(all(target_arch = "arm", tinyrnn_arm_dsp))]
pub use cortex_m_dsp::update_plain;
#[cfg(all(target_arch = "arm", tinyrnn_armv6m))]
pub use armv6m::update_plain;
#[cfg(all(target_arch = "riscv32", tinyrnn_rv32im))]
pub use rv32im::update_plain;
#[cfg(all(target_arch = "x86_64", tinyrnn_x86_sse2))]
pub use x86_64::update_plain;
/// How many elements [`update_plain`] takes at a time: a caller that gives
/// it only whole groups (and the rest to the portable element it has
/// anyway) lets the kernel's own handling of a last partial group drop out.
pub const UPDATE_GROUP: usize = if cfg!(all(target_arch = "riscv32", tinyrnn_rv32im)) { 2 } else { 1 };
// What a kernel makes of its update's constants once per call (a
// FastGRNN call's `LaidOut` holds it for every step): x86-64 broadcasts them
// into SSE2 lanes; ARMv6-M's division build turns its divisors into
// exponents; elsewhere nothing.
#[cfg(not(any(all(target_arch = "x86_64", tinyrnn_x86_sse2), all(target_arch = "arm", tinyrnn_armv6m))))]
pub use portable::{prepare_update, update_prepared, UpdatePrep, NO_PREP};
#[cfg(all(target_arch = "x86_64", tinyrnn_x86_sse2))]
pub use x86_64::{prepare_update, update_prepared, UpdatePrep, NO_PREP};
#[cfg(all(target_arch = "arm", tinyrnn_armv6m))]
pub use armv6m::{prepare_update, update_prepared, update_takes, UpdatePrep, NO_PREP};
// Only ARMv6-M's division kernel declines some prepared constants.
#[cfg(not(all(target_arch = "arm", tinyrnn_armv6m)))]
pub use portable::update_takes;
#[cfg(not(any(
    all(target_arch = "arm", tinyrnn_arm_dsp),
    all(target_arch = "arm", tinyrnn_armv6m),
    all(target_arch = "riscv32", tinyrnn_rv32im),
    all(target_arch = "x86_64", tinyrnn_x86_sse2)
)))]
pub use portable::update_plain;
// The cells' element-wise update (each cell kind's operation per element).
pub use portable::{update_each, UpdateEach};

/// The name of the kernels this build selected (`portable`, `cortex_m_dsp`,
/// `armv6m`, `rv32im`, `x86_64_sse2`): what a test on an emulated core
/// reports it compared.
pub const DOT_KERNELS: &str = if cfg!(all(target_arch = "arm", tinyrnn_arm_dsp)) {
    "cortex_m_dsp"
} else if cfg!(all(target_arch = "arm", tinyrnn_armv6m)) {
    "armv6m"
} else if cfg!(all(target_arch = "riscv32", tinyrnn_rv32im)) {
    "rv32im"
} else if cfg!(all(target_arch = "x86_64", tinyrnn_x86_sse2)) {
    "x86_64_sse2"
} else {
    "portable"
};

use crate::scale::Scale;

/// The constants of FastGRNN's element-wise update without activation
/// tables ([`update_plain`]; with tables, [`portable::update_plain_by`]),
/// in the order the update uses them. Each scale is a ready one: in `SHIFT`
/// mode a shift count in `0..=31`, otherwise a non-zero divisor (`sig_div`
/// is a divisor in both modes). `#[repr(C)]`: an `asm!` kernel reads it in
/// groups of four words.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlainUpdate {
    /// `a = q15((w/p1 + u/p2) / pd)` (`w = W·x`, `u = U·h`): scale of `W·x`.
    pub p1: i32,
    /// Scale of `U·h` in `a`.
    pub p2: i32,
    /// Demotion of `a`.
    pub pd: i32,
    /// `t = q15((a/g1 + bg/g2) / gd)`: scale of `a`.
    pub g1: i32,
    /// Scale of `Bg` in `t`.
    pub g2: i32,
    /// Demotion of `t`.
    pub gd: i32,
    /// `s = q15(t / sig_div + sig_add)`; `gate = q15(s ≤ 0 ? 0 : min(s, sig_limit) · sig_mul)`:
    /// the sigmoid's divisor.
    pub sig_div: i32,
    /// Added after the sigmoid's division.
    pub sig_add: i32,
    /// The sigmoid's upper limit.
    pub sig_limit: i32,
    /// `2^(sigmoidScaleOut − sigmoidScaleIn)`.
    pub sig_mul: i32,
    /// `c = q15((a/h1 + bh/h2) / hd)`: scale of `a`.
    pub h1: i32,
    /// Scale of `Bh` in `c`.
    pub h2: i32,
    /// Demotion of `c`.
    pub hd: i32,
    /// `cand = q15(clamp(c) · tanh_mul)`: `c ≥ tanh_bound` gives
    /// `tanh_bound`, else `c ≤ tanh_neg_bound` gives `tanh_neg_bound`.
    /// `tanh_bound` is `2^tanhScaleIn` as C computes it (0, a power of two
    /// or `i32::MIN`) and `tanh_neg_bound` its wrapping negation: then
    /// clamping from above, then from below, is the same, as kernels may.
    pub tanh_bound: i32,
    /// `−tanh_bound`, wrapping.
    pub tanh_neg_bound: i32,
    /// `2^(tanhScaleOut − tanhScaleIn)`.
    pub tanh_mul: i32,
    /// `kept = q15(gate·h / gh)`: scale of the product.
    pub gh: i32,
    /// `one_minus = q15(one − gate/om)`: scale of the gate.
    pub om: i32,
    /// `qOne` scaled to the output of `one − gate`.
    pub one: i32,
    /// `z = q15(q15(zeta)·one_minus / zs)` (`zeta` is a Q15 value; only
    /// its low 16 bits are read): scale of the product.
    pub zs: i32,
    /// ζ (Q15).
    pub zeta: i32,
    /// `mix = q15(nu + z/ns)`: scale of `z`.
    pub ns: i32,
    /// ν, scaled to the output of `+ ν`.
    pub nu: i32,
    /// `upd = q15(mix·cand / us)`: scale of the product.
    pub us: i32,
    /// `h' = (kept/f1 + upd/f2) / fd`, stored to Q15: scale of `kept`.
    pub f1: i32,
    /// Scale of `upd` in the new state.
    pub f2: i32,
    /// Demotion of the new state.
    pub fd: i32,
}

/// A row sum before scaling: 64 bits (`q15_m_mulvec`) or 32 bits
/// (`q15xq7_q15_m_mulvec`), scaled down as C scales that width.
pub trait Sum: Copy {
    /// `sum / scale` (or `>>`), stored to Q15.
    fn scaled<S: Scale>(self, scale: S) -> i16;
}

impl Sum for i64 {
    #[inline(always)]
    fn scaled<S: Scale>(self, scale: S) -> i16 {
        scale.down64(self) as i16
    }
}

impl Sum for i32 {
    #[inline(always)]
    fn scaled<S: Scale>(self, scale: S) -> i16 {
        scale.down(self) as i16
    }
}

/// A vector element type that Q15 weights multiply: Q15 (64-bit sums, as
/// `q15_m_mulvec`) or Q7 (wrapping 32-bit sums, as `q15xq7_q15_m_mulvec`).
pub trait Feature: crate::q15::Elem {
    /// The width of the row sum.
    type Acc: Sum;
    /// `Σ row[c]·vec[c]` in that width.
    fn dot(row: &[i16], vec: &[Self]) -> Self::Acc;
    /// [`Feature::mat_vec`] given `spare`, memory the caller does not need
    /// during the product, which a kernel may use instead of its stack (the
    /// Cortex-M4 Q15·Q7 product widens its vector there); the same results.
    #[inline(always)]
    fn mat_vec_spare<S: Scale>(m: &[i16], v: &[Self], out: &mut [i16], scale: S, _spare: &mut [i16]) {
        Self::mat_vec(m, v, out, scale);
    }
    /// [`mat_vec`] over row-major Q15 weights `m`: `out[r] = (m[r]·v) / scale`.
    #[inline(always)]
    fn mat_vec<S: Scale>(m: &[i16], v: &[Self], out: &mut [i16], scale: S) {
        let cols = v.len();
        let mut start = 0usize;
        for o in out.iter_mut() {
            *o = Self::dot(row(m, start, cols), v).scaled(scale);
            start = start.wrapping_add(cols);
        }
    }
}

impl Feature for i16 {
    type Acc = i64;
    #[inline(always)]
    fn dot(row: &[i16], vec: &[i16]) -> i64 {
        dot_q15(row, vec)
    }
    /// In `SHIFT` mode with a total shift `n ≤ 16` the stored Q15 value,
    /// bits `n..n+16` of the 64-bit sum, lies in the sum's low 32 bits, which
    /// a wrapping 32-bit sum computes exactly (a shift count below 0 acts as
    /// 0 in both widths): the cheaper sum on every core without a 64-bit
    /// multiply-accumulate. Decided once per product, not per row.
    #[inline(always)]
    fn mat_vec<S: Scale>(m: &[i16], v: &[i16], out: &mut [i16], scale: S) {
        let cols = v.len();
        let mut start = 0usize;
        if S::IS_SHIFT && scale.raw() <= 16 {
            // `>>` with a count below 0 acts as 0 (`Exponent::down`).
            mat_vec_q15_shift(m, v, out, scale.raw().max(0) as u32);
        } else if let Some(k) = pow2_divisor(scale) {
            // Division by 2^k, truncating: the model scales in practice.
            mat_vec_q15_div_pow2(m, v, out, k);
        } else {
            for o in out.iter_mut() {
                *o = dot_q15(row(m, start, cols), v).scaled(scale);
                start = start.wrapping_add(cols);
            }
        }
    }
}

impl Feature for i8 {
    type Acc = i32;
    #[inline(always)]
    fn dot(row: &[i16], vec: &[i8]) -> i32 {
        dot_q15xq7(row, vec)
    }
    #[inline(always)]
    fn mat_vec<S: Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S) {
        mat_vec_q15xq7(m, v, out, scale);
    }
    #[inline(always)]
    fn mat_vec_spare<S: Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S, spare: &mut [i16]) {
        mat_vec_q15xq7_spare(m, v, out, scale, spare);
    }
}

/// [`mat_vec_q15xq7`] given spare memory ([`Feature::mat_vec_spare`]),
/// which only the Cortex-M4 kernel uses.
#[cfg(not(all(target_arch = "arm", tinyrnn_arm_dsp)))]
#[inline(always)]
pub fn mat_vec_q15xq7_spare<S: Scale>(m: &[i16], v: &[i8], out: &mut [i16], scale: S, _spare: &mut [i16]) {
    mat_vec_q15xq7(m, v, out, scale);
}

/// A row-major matrix in some storage format, as the row loop sees it:
/// the dot product of the row starting at element `start` with `v`
/// (`v.len()` columns).
pub trait Rows<V> {
    /// The width of the row sum.
    type Acc: Sum;
    /// `Σ_c m[start + c] · v[c]`. Callers check the storage's length
    /// first; a row past its end gives some sum, never a panic.
    fn dot(&self, start: usize, v: &[V]) -> Self::Acc;
    /// The whole product, `out[r] = (Σ_c m[r][c]·v[c]) / scale`: the row
    /// loop over [`Rows::dot`], unless the format has a better one.
    #[inline(always)]
    fn mat_vec<S: Scale>(&self, v: &[V], out: &mut [i16], scale: S) {
        let cols = v.len();
        let mut start = 0usize;
        for o in out.iter_mut() {
            *o = self.dot(start, v).scaled(scale);
            start = start.wrapping_add(cols);
        }
    }
}

/// The one row loop: `out[r] = (Σ_c m[r][c]·v[c]) / scale` for each of the
/// `out.len()` rows of `v.len()` columns. Lengths are the caller's to check.
#[inline(always)]
pub fn mat_vec<V, M: Rows<V> + ?Sized, S: Scale>(m: &M, v: &[V], out: &mut [i16], scale: S) {
    m.mat_vec(v, out, scale);
}

/// `Some(k)` when `scale` is a division by `2^k` (`k ≤ 30`).
#[inline(always)]
fn pow2_divisor<S: Scale>(scale: S) -> Option<u32> {
    let d = scale.raw();
    if !S::IS_SHIFT && crate::scale::is_pow2(d) {
        Some(d.trailing_zeros())
    } else {
        None
    }
}

/// The row at `start` of `cols` elements (empty if `m` is too short,
/// which the callers' length checks exclude).
#[inline(always)]
fn row(m: &[i16], start: usize, cols: usize) -> &[i16] {
    m.get(start..start.wrapping_add(cols)).unwrap_or(&[])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::scale::{Divisor, Exponent};

    /// A small xorshift generator: the cases are fixed, no dependency.
    /// (Also the per-ISA modules' tests' and the crate's others.)
    pub(crate) struct Rng(pub(crate) u32);
    impl Rng {
        pub(crate) fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0
        }
        pub(super) fn value(&mut self, pattern: u32) -> i16 {
            match pattern {
                0 => i16::MIN,
                1 => i16::MAX,
                2 => [i16::MIN, i16::MAX, -1, 0, 1][(self.next() % 5) as usize],
                _ => self.next() as i16,
            }
        }
    }

    /// Every row of `mat_vec` against the 64-bit sum scaled as C scales it.
    fn rows_match_the_64_bit_sum<S: Scale>(scale_of: impl Fn(&mut Rng) -> S) {
        let mut rng = Rng(0x9e37_79b9);
        // Miri interprets: fewer cases there, the same kinds.
        for _ in 0..if cfg!(miri) { 60 } else { 2000 } {
            let (rows, cols) = (1 + (rng.next() % 4) as usize, (rng.next() % 70) as usize);
            let pattern = rng.next() % 5;
            let m: [i16; 280] = core::array::from_fn(|_| rng.value(pattern));
            let v: [i16; 70] = core::array::from_fn(|_| rng.value(pattern));
            let (m, v) = (&m[..rows * cols], &v[..cols]);
            let scale = scale_of(&mut rng);
            let mut out = [0i16; 4];
            mat_vec(m, v, &mut out[..rows], scale);
            for r in 0..rows {
                let want = portable::dot_q15(&m[r * cols..(r + 1) * cols], v).scaled(scale);
                assert_eq!(out[r], want, "{rows}x{cols} pattern {pattern} scale {scale:?} row {r}");
            }
        }
    }

    #[test]
    fn shift_mode_rows_equal_the_64_bit_sum_on_both_sides_of_the_32_bit_shortcut() {
        rows_match_the_64_bit_sum(|rng| Exponent((rng.next() % 43) as i32 - 2));
    }

    #[test]
    fn division_mode_rows_equal_the_64_bit_sum() {
        rows_match_the_64_bit_sum(|rng| Divisor(if rng.next() % 2 == 0 { 1 << (rng.next() % 31) } else { rng.next() as i32 >> (rng.next() % 31) }));
    }

    /// The kernels this build selected (SSE2 on an x86-64 host) against
    /// the portable ones: every length to 40 and some longer, both orders
    /// of unequal lengths, every start offset, extreme and random values.
    /// (The Arm kernels are compared on their emulated cores by
    /// `scripts/qemu-kernels`.)
    #[test]
    fn selected_dot_kernels_equal_the_portable_ones() {
        let mut rng = Rng(0x1234_5678);
        // Miri interprets: 80 cases there (each length to 40 once, then
        // longer ones), 4000 elsewhere.
        let n = if cfg!(miri) { 80 } else { 4000u32 };
        for i in 0..n {
            let (case, pattern) = (i * (4000 / n), i % 5);
            let m: [i16; 140] = core::array::from_fn(|_| rng.value(pattern));
            let v: [i16; 140] = core::array::from_fn(|_| rng.value(pattern));
            let v8: [i8; 140] = core::array::from_fn(|_| match pattern {
                0 => i8::MIN,
                1 => i8::MAX,
                _ => rng.next() as i8,
            });
            let len = if case < 2000 { (case / 50) as usize } else { (rng.next() % 130) as usize };
            let (ro, vo) = ((rng.next() % 4) as usize, (rng.next() % 4) as usize);
            let other = (rng.next() % (len as u32 + 3)) as usize;
            for (rl, vl) in [(len, len), (len, other), (other, len)] {
                let (r, x, x8) = (&m[ro..ro + rl], &v[vo..vo + vl], &v8[vo..vo + vl]);
                assert_eq!(dot_q15(r, x), portable::dot_q15(r, x), "dot_q15 {rl}/{vl} at {ro}/{vo}, pattern {pattern}");
                assert_eq!(dot_q15_wrapping(r, x), portable::dot_q15_wrapping(r, x), "dot_q15_wrapping {rl}/{vl}");
                assert_eq!(dot_q15xq7(r, x8), portable::dot_q15xq7(r, x8), "dot_q15xq7 {rl}/{vl}");
            }
        }
    }

    /// The column loops over a checked encoding (the selected
    /// `sparse_columns`, and the portable one unrolled and not) against the
    /// checked reference `sparse_accumulate`: 0 to 9 non-zeros per column
    /// (the unrolled loop's every exit), empty encodings, values at any
    /// offset, extreme values, every shift count and divisors of every
    /// kind, Q15 and Q7 vectors. (The Arm kernels are compared on their
    /// emulated cores by `scripts/qemu-kernels`.)
    fn sparse_loops_equal_the_reference<S: Scale>(scale_of: impl Fn(&mut Rng) -> S) {
        let mut rng = Rng(0x5eed_0001);
        for _ in 0..if cfg!(miri) { 40 } else { 3000 } {
            let (ncols, nrows) = ((rng.next() % 12) as usize, 1 + (rng.next() % 16) as usize);
            let mut ids = [0u32; 12 * 10];
            let mut n = 0;
            for _ in 0..ncols {
                for _ in 0..rng.next() % 10 {
                    ids[n] = 1 + rng.next() % nrows as u32;
                    n += 1;
                }
                n += 1;
            }
            let pattern = rng.next() % 5;
            let vals: [i16; 12 * 9 + 1] = core::array::from_fn(|_| rng.value(pattern));
            let v: [i16; 12] = core::array::from_fn(|_| rng.value(pattern));
            let v8: [i8; 12] = core::array::from_fn(|_| rng.value(pattern) as i8);
            let init: [i16; 16] = core::array::from_fn(|_| rng.value(pattern));
            let off = (rng.next() % 2) as usize;
            let (ids, vals) = (&ids[..n], &vals[off..off + n - ncols]);
            let scale = scale_of(&mut rng);
            let mut want = init;
            portable::sparse_accumulate(ids, vals, ncols, &v[..ncols], &mut want[..nrows], scale);
            let mut want8 = init;
            portable::sparse_accumulate(ids, vals, ncols, &v8[..ncols], &mut want8[..nrows], scale);
            let (mut got, mut got1, mut got4, mut got8) = (init, init, init, init);
            // SAFETY: an encoding of exactly `ncols` columns whose row
            // numbers are at most `nrows`, one value per non-zero.
            unsafe {
                sparse_columns(ids, vals, &v[..ncols], &mut got[..nrows], scale);
                portable::sparse_columns_by::<_, _, 1>(ids, vals, &v[..ncols], &mut got1[..nrows], scale);
                portable::sparse_columns_by::<_, _, 4>(ids, vals, &v[..ncols], &mut got4[..nrows], scale);
                sparse_columns(ids, vals, &v8[..ncols], &mut got8[..nrows], scale);
            }
            let case = format!("{ncols} columns, {nrows} rows, ids {ids:?}, pattern {pattern}, scale {scale:?}");
            assert_eq!(got, want, "selected, {case}");
            assert_eq!(got1, want, "one at a time, {case}");
            assert_eq!(got4, want, "four at a time, {case}");
            assert_eq!(got8, want8, "selected, Q7, {case}");
        }
    }

    #[test]
    fn shift_mode_sparse_loops_equal_the_reference() {
        sparse_loops_equal_the_reference(|rng| Exponent((rng.next() % 43) as i32 - 2));
    }

    #[test]
    fn division_mode_sparse_loops_equal_the_reference() {
        sparse_loops_equal_the_reference(|rng| {
            Divisor(match rng.next() % 4 {
                0 | 1 => 1 << (rng.next() % 31),
                2 => -(rng.next() as i32 >> (rng.next() % 31)),
                _ => [0, 1, -1, 3, i32::MIN, i32::MAX][(rng.next() % 6) as usize],
            })
        });
    }

    #[test]
    fn the_wrapping_sum_is_the_low_half_of_the_64_bit_sum() {
        let m = [i16::MIN; 9];
        assert_eq!(portable::dot_q15(&m, &m), 9 << 30);
        assert_eq!(portable::dot_q15_wrapping(&m, &m), (9i64 << 30) as i32);
        assert_eq!(dot_q15_wrapping(&m, &m), (9i64 << 30) as i32);
        assert_eq!(dot_q15(&m, &m), 9 << 30);
    }
}
