//! A plain, independent model of EdgeML's 27 quantized util kernels
//! (`c_reference/src/quantized_utils.c`, commit 81025fc), used as the oracle
//! of `tests/proptest_kernels.rs`.
//!
//! It is written for reading, not for speed: index loops over slices, one
//! output element at a time, in the order the reference computes them.
//!
//! How C's arithmetic is reproduced:
//! - C promotes `int8`/`int16` operands to `int`; every such expression is
//!   computed here in `i64`. Inside the reference's defined domain an `int`
//!   expression never leaves the 32-bit range, so its `i64` value is C's value.
//!   [`int`] asserts that, so a test generator that strays out of the domain
//!   fails loudly instead of comparing against a meaningless value.
//! - `/` truncates toward zero and `>>` floors, in C and in Rust alike.
//! - A store into `Q15_T`/`Q7_T` keeps the low bits: `as i16` / `as i8`.
//! - Left shifts of negative values are two's complement (what GCC does): in
//!   `i64`, `x << n` is `x * 2^n`, then checked to fit an `int`.
//!
//! Modes: `shift == false` is the default build (scales are divisors, applied
//! with `/`, and combined scales multiply); `shift == true` is the `-DSHIFT`
//! build (scales are exponents, applied with `>>`, and combined scales add).
//! Five kernels do not depend on the build (`q15_v_sigmoid`, `q15_v_tanh`,
//! `q15_v_argmax`, `q15_m_reverse`, `q7_t_relu`) and take no `shift`.
// Index loops are the point: they mirror the reference's pointer walks.
#![allow(
    dead_code,
    clippy::too_many_arguments,
    clippy::len_without_is_empty,
    clippy::needless_range_loop
)]

use std::sync::OnceLock;

pub mod mbconv;

// ---------------------------------------------------------------------------
// C arithmetic helpers
// ---------------------------------------------------------------------------

/// The value of a C `int` expression: asserts it did not overflow.
pub fn int(x: i64) -> i64 {
    assert!(
        (i32::MIN as i64..=i32::MAX as i64).contains(&x),
        "C int overflow ({x}): the generator left the reference's defined domain"
    );
    x
}

/// Two scales combined the way the build does: divisors multiply, exponents
/// add. The result is a `SCALE_T` (`int`).
pub fn join(a: i32, b: i32, shift: bool) -> i64 {
    if shift {
        int(a as i64 + b as i64)
    } else {
        int(a as i64 * b as i64)
    }
}

/// Three scales combined left to right, as `a * b * c` or `a + b + c` in C.
pub fn join3(a: i32, b: i32, c: i32, shift: bool) -> i64 {
    let ab = join(a, b, shift);
    if shift {
        int(ab + c as i64)
    } else {
        int(ab * c as i64)
    }
}

/// Scales an `int` value down: `x / s` (division build) or `x >> s` (SHIFT
/// build, count 0..=31).
pub fn down(x: i64, s: i64, shift: bool) -> i64 {
    int(x);
    if shift {
        assert!((0..=31).contains(&s), "int shift count {s} out of 0..=31");
        x >> s
    } else {
        assert!(s != 0, "division by zero");
        int(x / s)
    }
}

/// Scales an `int64_t` sum down: `x / s` or `x >> s` (count 0..=63).
pub fn down64(x: i64, s: i64, shift: bool) -> i64 {
    if shift {
        assert!((0..=63).contains(&s), "int64 shift count {s} out of 0..=63");
        x >> s
    } else {
        assert!(s != 0, "division by zero");
        x / s
    }
}

/// `x << n` on an `int` (GCC: two's complement), count 0..=31.
pub fn shl(x: i64, n: i64) -> i64 {
    assert!((0..=31).contains(&n), "int shift count {n} out of 0..=31");
    int(x * (1i64 << n))
}

// ---------------------------------------------------------------------------
// exp tables and exp_base_16 (the header's inline helper)
// ---------------------------------------------------------------------------

/// `A[i] = round(16384 * e^(-i/16))`, 256 entries: e^(-x) for the high 8 bits
/// of a Q15 value (each step of A is 128 steps of the input).
pub fn exp_table_a() -> &'static [i64] {
    static TABLE: OnceLock<Vec<i64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..256)
            .map(|i| (16384.0 * (-(i as f64) / 16.0).exp()).round() as i64)
            .collect()
    })
}

/// `B[j] = round(16384 * e^(-j/2048))`, 128 entries: e^(-x) for the low 7 bits.
pub fn exp_table_b() -> &'static [i64] {
    static TABLE: OnceLock<Vec<i64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..128)
            .map(|j| (16384.0 * (-(j as f64) / 2048.0).exp()).round() as i64)
            .collect()
    })
}

/// `exp_base_16(inp, 1)`: e^(inp / 2048) in Q14 for `inp <= 0`, by two table
/// look-ups. (`scale` is always 1 where the reference calls it.)
pub fn exp_base_16(inp: i16) -> i16 {
    let a = exp_table_a();
    let b = exp_table_b();
    // `val` is a Q15_T: -inp, except that -(-32768) is taken as 32767.
    let val: i64 = if inp == i16::MIN {
        32767
    } else {
        (-(inp as i64)) as i16 as i64
    };
    let low = val % 128; // C `%` truncates, like Rust's
    let high = val >> 7;
    let product = a[high as usize] * b[low as usize]; // Q31_T
    (product >> 14) as i16 // `(product / scale) >> 14` with scale 1
}

// ---------------------------------------------------------------------------
// Vector kernels
// ---------------------------------------------------------------------------

/// `ret[i] = ((vec1[i] ⊘ (scvec1∘scret)) + (vec2[i] ⊘ (scvec2∘scret))) ⊘ demote`.
pub fn q15_v_add(
    vec1: &[i16],
    vec2: &[i16],
    scvec1: i32,
    scvec2: i32,
    scret: i32,
    demote: i32,
    shift: bool,
) -> Vec<i16> {
    let scale1 = join(scvec1, scret, shift);
    let scale2 = join(scvec2, scret, shift);
    let mut ret = vec![0i16; vec1.len()];
    for i in 0..vec1.len() {
        let a = down(vec1[i] as i64, scale1, shift);
        let b = down(vec2[i] as i64, scale2, shift);
        ret[i] = down(a + b, demote as i64, shift) as i16;
    }
    ret
}

/// `ret[i] = (vec1[i] ⊘ (scvec1∘scret)) - (vec2[i] ⊘ (scvec2∘scret))`, on int8.
pub fn q7_v_sub(
    vec1: &[i8],
    vec2: &[i8],
    scvec1: i32,
    scvec2: i32,
    scret: i32,
    shift: bool,
) -> Vec<i8> {
    let scale1 = join(scvec1, scret, shift);
    let scale2 = join(scvec2, scret, shift);
    let mut ret = vec![0i8; vec1.len()];
    for i in 0..vec1.len() {
        let a = down(vec1[i] as i64, scale1, shift);
        let b = down(vec2[i] as i64, scale2, shift);
        ret[i] = (a - b) as i8;
    }
    ret
}

/// `ret[i] = (vec1[i] ⊘ (scvec1∘scret)) - (vec2[i] ⊘ (scvec2∘scret))`, on int16.
pub fn q15_v_sub(
    vec1: &[i16],
    vec2: &[i16],
    scvec1: i32,
    scvec2: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scale1 = join(scvec1, scret, shift);
    let scale2 = join(scvec2, scret, shift);
    let mut ret = vec![0i16; vec1.len()];
    for i in 0..vec1.len() {
        let a = down(vec1[i] as i64, scale1, shift);
        let b = down(vec2[i] as i64, scale2, shift);
        ret[i] = (a - b) as i16;
    }
    ret
}

/// `ret[i] = (vec1[i] * vec2[i]) ⊘ (scvec1∘scvec2)`, on int8.
pub fn q7_v_hadamard(vec1: &[i8], vec2: &[i8], scvec1: i32, scvec2: i32, shift: bool) -> Vec<i8> {
    let scale = join(scvec1, scvec2, shift);
    let mut ret = vec![0i8; vec1.len()];
    for i in 0..vec1.len() {
        let product = vec1[i] as i64 * vec2[i] as i64;
        ret[i] = down(product, scale, shift) as i8;
    }
    ret
}

/// `ret[i] = (vec1[i] * vec2[i]) ⊘ (scvec1∘scvec2)`, on int16.
pub fn q15_v_hadamard(
    vec1: &[i16],
    vec2: &[i16],
    scvec1: i32,
    scvec2: i32,
    shift: bool,
) -> Vec<i16> {
    let scale = join(scvec1, scvec2, shift);
    let mut ret = vec![0i16; vec1.len()];
    for i in 0..vec1.len() {
        let product = vec1[i] as i64 * vec2[i] as i64;
        ret[i] = down(product, scale, shift) as i16;
    }
    ret
}

/// Sigmoid. With tables: `e / (1 + e)` in Q14 from `exp_base_16` (the other
/// arguments are ignored). Without: `w = (Q15)(vec[i] / div + add)`, then 0 if
/// `w <= 0`, else `min(w, sigmoid_limit) << (scale_out - scale_in)`.
pub fn q15_v_sigmoid(
    vec: &[i16],
    div: i16,
    add: i16,
    sigmoid_limit: i16,
    scale_in: i32,
    scale_out: i32,
    use_tables: u32,
) -> Vec<i16> {
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        if use_tables != 0 {
            let w = vec[i] as i64;
            ret[i] = if w <= 0 {
                let e = exp_base_16(w as i16) as i64;
                ((e << 14) / (e + 16384)) as i16
            } else {
                let e = exp_base_16((-w) as i16) as i64;
                (267943936 / (16384 + e)) as i16
            };
        } else {
            let left = int(scale_out as i64 - scale_in as i64);
            assert!(div != 0, "division by zero");
            // Stored into a Q15_T before it is compared.
            let w = ((vec[i] as i64 / div as i64) + add as i64) as i16 as i64;
            let limit = sigmoid_limit as i64;
            ret[i] = if w <= 0 {
                0
            } else {
                let clamped = if w >= limit { limit } else { w };
                shl(clamped, left) as i16
            };
        }
    }
    ret
}

/// Tanh. With tables: `w = saturate(2 * vec[i])`, then `(e - 1) / (e + 1)` in
/// Q14 (sign-symmetric). Without: clamp to `[-2^scale_in, 2^scale_in]`, then
/// `<< (scale_out - scale_in)`.
pub fn q15_v_tanh(vec: &[i16], scale_in: i32, scale_out: i32, use_tables: u32) -> Vec<i16> {
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        if use_tables != 0 {
            let w = (2 * vec[i] as i64).clamp(-32768, 32767);
            ret[i] = if w <= 0 {
                let e = exp_base_16(w as i16) as i64;
                (((e - 16384) << 14) / (e + 16384)) as i16
            } else {
                let e = exp_base_16((-w) as i16) as i64;
                (((16384 - e) << 14) / (e + 16384)) as i16
            };
        } else {
            let bound = shl(1, scale_in as i64);
            let left = int(scale_out as i64 - scale_in as i64);
            let w = vec[i] as i64;
            let clamped = if w >= bound {
                bound
            } else if w <= -bound {
                -bound
            } else {
                w
            };
            ret[i] = shl(clamped, left) as i16;
        }
    }
    ret
}

/// `ret[i] = (scalar ⊘ (scscalar∘scret)) + (vec[i] ⊘ (scvec∘scret))`.
pub fn q15_v_scalar_add(
    scalar: i16,
    vec: &[i16],
    scscalar: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scaled_scalar = down(scalar as i64, join(scscalar, scret, shift), shift);
    let scale = join(scvec, scret, shift);
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        ret[i] = (scaled_scalar + down(vec[i] as i64, scale, shift)) as i16;
    }
    ret
}

/// `ret[i] = (scalar ⊘ (scscalar∘scret)) - (vec[i] ⊘ (scvec∘scret))`.
pub fn q15_v_scalar_sub(
    scalar: i16,
    vec: &[i16],
    scscalar: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scaled_scalar = down(scalar as i64, join(scscalar, scret, shift), shift);
    let scale = join(scvec, scret, shift);
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        ret[i] = (scaled_scalar - down(vec[i] as i64, scale, shift)) as i16;
    }
    ret
}

/// `ret[i] = (scalar * vec[i]) ⊘ (scscalar∘scvec)`.
pub fn q15_v_scalar_mul(
    scalar: i16,
    vec: &[i16],
    scscalar: i32,
    scvec: i32,
    shift: bool,
) -> Vec<i16> {
    let scale = join(scscalar, scvec, shift);
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        ret[i] = down(scalar as i64 * vec[i] as i64, scale, shift) as i16;
    }
    ret
}

/// Index of the first largest of `vec[0..len]`; 0 when `len` is 0 or 1.
pub fn q15_v_argmax(vec: &[i16], len: usize) -> u32 {
    let mut best = 0usize;
    for i in 1..len {
        if vec[i] > vec[best] {
            best = i;
        }
    }
    best as u32
}

/// `ret[i] = vec[i] * scvec` (division build) or `vec[i] << scvec` (SHIFT).
pub fn q15_v_scale_up(vec: &[i16], scvec: i32, shift: bool) -> Vec<i16> {
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        ret[i] = if shift {
            shl(vec[i] as i64, scvec as i64) as i16
        } else {
            int(vec[i] as i64 * scvec as i64) as i16
        };
    }
    ret
}

/// `ret[i] = vec[i] ⊘ scvec`.
pub fn q15_v_scale_down(vec: &[i16], scvec: i32, shift: bool) -> Vec<i16> {
    let mut ret = vec![0i16; vec.len()];
    for i in 0..vec.len() {
        ret[i] = down(vec[i] as i64, scvec as i64, shift) as i16;
    }
    ret
}

// ---------------------------------------------------------------------------
// Matrix kernels
// ---------------------------------------------------------------------------

/// Row-major `nrows x ncols` matrix reversed: `axis == 0` reverses the order
/// of the rows, any other axis reverses each row.
pub fn q15_m_reverse(mat: &[i16], nrows: usize, ncols: usize, axis: u32) -> Vec<i16> {
    let mut ret = vec![0i16; nrows * ncols];
    for r in 0..nrows {
        for c in 0..ncols {
            ret[r * ncols + c] = if axis == 0 {
                mat[(nrows - 1 - r) * ncols + c]
            } else {
                mat[r * ncols + (ncols - 1 - c)]
            };
        }
    }
    ret
}

/// `ret[r] = (Σ_c mat[r][c] * vec[c]) ⊘ (scmat∘scvec∘scret)`, int32 sum.
pub fn q15xq7_q15_m_mulvec(
    mat: &[i16],
    vec: &[i8],
    nrows: usize,
    ncols: usize,
    scmat: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scale = join3(scmat, scvec, scret, shift);
    let mut ret = vec![0i16; nrows];
    for r in 0..nrows {
        let mut sum = 0i64; // Q31_T
        for c in 0..ncols {
            sum = int(sum + mat[r * ncols + c] as i64 * vec[c] as i64);
        }
        ret[r] = down(sum, scale, shift) as i16;
    }
    ret
}

/// `ret[r] = (Σ_c mat[r][c] * vec[c]) ⊘ (scmat∘scvec∘scret)`, int64 sum.
pub fn q15_m_mulvec(
    mat: &[i16],
    vec: &[i16],
    nrows: usize,
    ncols: usize,
    scmat: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scale = join3(scmat, scvec, scret, shift);
    let mut ret = vec![0i16; nrows];
    for r in 0..nrows {
        let mut sum = 0i64; // Q63_T; each product is an int
        for c in 0..ncols {
            sum += int(mat[r * ncols + c] as i64 * vec[c] as i64);
        }
        ret[r] = down64(sum, scale, shift) as i16;
    }
    ret
}

/// Sparse matrix (column-major: per column, 1-based row numbers then a 0;
/// values in the same order) times a vector of `vec.len()` columns, ADDED into
/// `ret_in`: each non-zero does `ret[row] += (value * vec[col]) ⊘ scale`, with
/// an int16 store every time.
fn sparse_mulvec(
    row_indices: &[u32],
    mat_values: &[i16],
    vec: &[i64],
    ret_in: &[i16],
    scale: i64,
    shift: bool,
) -> Vec<i16> {
    let mut ret = ret_in.to_vec();
    let mut next_index = 0usize; // position in row_indices
    let mut next_value = 0usize; // position in mat_values
    for col in 0..vec.len() {
        loop {
            let row = row_indices[next_index];
            next_index += 1;
            if row == 0 {
                break;
            }
            let term = down(int(mat_values[next_value] as i64 * vec[col]), scale, shift);
            next_value += 1;
            let r = row as usize - 1;
            ret[r] = (ret[r] as i64 + term) as i16;
        }
    }
    ret
}

/// [`sparse_mulvec`] with an int8 vector.
pub fn q15xq7_q15_m_sparse_mulvec(
    row_indices: &[u32],
    mat_values: &[i16],
    vec: &[i8],
    ret_in: &[i16],
    scmat: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let wide: Vec<i64> = vec.iter().map(|&x| x as i64).collect();
    sparse_mulvec(
        row_indices,
        mat_values,
        &wide,
        ret_in,
        join3(scmat, scvec, scret, shift),
        shift,
    )
}

/// [`sparse_mulvec`] with an int16 vector.
pub fn q15_m_sparse_mulvec(
    row_indices: &[u32],
    mat_values: &[i16],
    vec: &[i16],
    ret_in: &[i16],
    scmat: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let wide: Vec<i64> = vec.iter().map(|&x| x as i64).collect();
    sparse_mulvec(
        row_indices,
        mat_values,
        &wide,
        ret_in,
        join3(scmat, scvec, scret, shift),
        shift,
    )
}

// ---------------------------------------------------------------------------
// Tensor kernels ([nbatches][nrows][ncols][nchannels], row-major)
// ---------------------------------------------------------------------------

/// Tensor shape `[nbatches, nrows, ncols, nchannels]`.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub nbatches: usize,
    pub nrows: usize,
    pub ncols: usize,
    pub nchannels: usize,
}

impl Shape {
    pub fn pixels(&self) -> usize {
        self.nbatches * self.nrows * self.ncols
    }
    pub fn len(&self) -> usize {
        self.pixels() * self.nchannels
    }
}

/// `ret[i] = (ten1[i] ⊘ (scten1∘scret)) + (ten2[i] ⊘ (scten2∘scret))`, int8.
pub fn q7_t_add(
    ten1: &[i8],
    ten2: &[i8],
    shape: Shape,
    scten1: i32,
    scten2: i32,
    scret: i32,
    shift: bool,
) -> Vec<i8> {
    let scale1 = join(scten1, scret, shift);
    let scale2 = join(scten2, scret, shift);
    let mut ret = vec![0i8; shape.len()];
    for i in 0..shape.len() {
        ret[i] = (down(ten1[i] as i64, scale1, shift) + down(ten2[i] as i64, scale2, shift)) as i8;
    }
    ret
}

/// `ret[i] = (ten1[i] ⊘ (scten1∘scret)) + (ten2[i] ⊘ (scten2∘scret))`, int16.
pub fn q15_t_add(
    ten1: &[i16],
    ten2: &[i16],
    shape: Shape,
    scten1: i32,
    scten2: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scale1 = join(scten1, scret, shift);
    let scale2 = join(scten2, scret, shift);
    let mut ret = vec![0i16; shape.len()];
    for i in 0..shape.len() {
        ret[i] = (down(ten1[i] as i64, scale1, shift) + down(ten2[i] as i64, scale2, shift)) as i16;
    }
    ret
}

/// `ret[p][ch] = (ten[p][ch] ⊘ (scten∘scret)) + (vec[ch] ⊘ (scvec∘scret))`,
/// int8 tensor and output, int16 bias.
pub fn q7xq15_q7_t_add_vec(
    ten: &[i8],
    vec: &[i16],
    shape: Shape,
    scten: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i8> {
    let scale_ten = join(scten, scret, shift);
    let scale_vec = join(scvec, scret, shift);
    let mut ret = vec![0i8; shape.len()];
    for p in 0..shape.pixels() {
        for ch in 0..shape.nchannels {
            let i = p * shape.nchannels + ch;
            ret[i] = (down(ten[i] as i64, scale_ten, shift)
                + down(vec[ch] as i64, scale_vec, shift)) as i8;
        }
    }
    ret
}

/// `ret[p][ch] = (ten[p][ch] ⊘ (scten∘scret)) + (vec[ch] ⊘ (scvec∘scret))`, int16.
pub fn q15_t_add_vec(
    ten: &[i16],
    vec: &[i16],
    shape: Shape,
    scten: i32,
    scvec: i32,
    scret: i32,
    shift: bool,
) -> Vec<i16> {
    let scale_ten = join(scten, scret, shift);
    let scale_vec = join(scvec, scret, shift);
    let mut ret = vec![0i16; shape.len()];
    for p in 0..shape.pixels() {
        for ch in 0..shape.nchannels {
            let i = p * shape.nchannels + ch;
            ret[i] = (down(ten[i] as i64, scale_ten, shift)
                + down(vec[ch] as i64, scale_vec, shift)) as i16;
        }
    }
    ret
}

/// `ret[i] = clamp(ten[i], 0, limit) / div` (the clamp tests `> limit` first,
/// then `< 0`), int8; the same in both builds.
pub fn q7_t_relu(ten: &[i8], shape: Shape, limit: i8, div: i8) -> Vec<i8> {
    assert!(div != 0, "division by zero");
    let mut ret = vec![0i8; shape.len()];
    for i in 0..shape.len() {
        let x = ten[i];
        let relu = if x > limit {
            limit
        } else if x < 0 {
            0
        } else {
            x
        };
        ret[i] = (relu as i64 / div as i64) as i8;
    }
    ret
}

/// Per pixel: `sum = Σ_ch (x*x) >> (2*scale_out)` (int32, both builds); a
/// binary search for the largest `inv` in `[1, 2^(scale_out-1))` with
/// `sum * inv^2 <= 2^-(2*scale_in+2)` (starting from low = 1, high =
/// 2^(scale_out-1)); then `ret = (x ⊘ 2^scale_out) * inv`.
pub fn q15_t_l2_norm(
    ten: &[i16],
    shape: Shape,
    scale_in: i32,
    scale_out: i32,
    shift: bool,
) -> Vec<i16> {
    assert!(
        (1..=15).contains(&scale_out),
        "scale_out {scale_out} out of 1..=15"
    );
    let one = shl(1, -(2 * scale_in as i64 + 2)); // Q31_T
    let mut ret = vec![0i16; shape.len()];
    for p in 0..shape.pixels() {
        let base = p * shape.nchannels;

        let mut sum_square = 0i64; // Q31_T
        for ch in 0..shape.nchannels {
            let x = ten[base + ch] as i64;
            sum_square = int(sum_square + ((x * x) >> (2 * scale_out)));
        }

        let mut low = 1i64; // Q15_T
        let mut high = shl(1, scale_out as i64 - 1) as i16 as i64; // Q15_T
        while low + 1 < high {
            let mid = ((high + low) >> 1) as i16 as i64;
            if sum_square * mid * mid > one {
                high = mid;
            } else {
                low = mid;
            }
        }

        for ch in 0..shape.nchannels {
            let x = ten[base + ch] as i64;
            let scaled = if shift {
                x >> scale_out
            } else {
                x / shl(1, scale_out as i64)
            };
            ret[base + ch] = int(scaled * low) as i16;
        }
    }
    ret
}

// ---------------------------------------------------------------------------
// Convolutions
// ---------------------------------------------------------------------------

/// The geometry arguments of the three convolutions, as C receives them.
/// Input `[n][h][w][cin]`, filter `[g][hf][wf][cf][cout]`, output
/// `[n][hout][wout][g*cout]`; group `g` reads input channels `g*cf..(g+1)*cf`.
#[derive(Clone, Copy, Debug)]
pub struct Conv {
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub cin: usize,
    pub hf: usize,
    pub wf: usize,
    pub cf: usize,
    pub cout: usize,
    pub hout: usize,
    pub wout: usize,
    pub g: usize,
    pub hpad_u: i32,
    pub hpad_d: i32,
    pub wpad_l: i32,
    pub wpad_r: i32,
    pub hstride: usize,
    pub wstride: usize,
    pub hdilation: usize,
    pub wdilation: usize,
}

/// Filter centre positions along one axis, in the order the reference visits
/// them: from `dilation * ((filter-1)/2) - pad_before` while
/// `< size - (dilation * (filter/2) - pad_after)`, by `stride`.
pub fn conv_positions(
    size: usize,
    filter: usize,
    pad_before: i32,
    pad_after: i32,
    stride: usize,
    dilation: usize,
) -> Vec<i64> {
    assert!(filter >= 1 && stride >= 1);
    let reach_before = (filter as i64 - 1) / 2;
    let reach_after = filter as i64 / 2;
    let start = dilation as i64 * reach_before - pad_before as i64;
    let end = size as i64 - (dilation as i64 * reach_after - pad_after as i64);
    let mut positions = Vec::new();
    let mut p = start;
    while p < end {
        positions.push(p);
        p += stride as i64;
    }
    positions
}

/// The raw sums of every output element; `int32_sum` checks that an int32
/// accumulator (the q7xq15 kernels) never overflows.
fn conv_sums(input: &[i64], filter: &[i64], c: &Conv, int32_sum: bool) -> Vec<i64> {
    let rows = conv_positions(c.h, c.hf, c.hpad_u, c.hpad_d, c.hstride, c.hdilation);
    let cols = conv_positions(c.w, c.wf, c.wpad_l, c.wpad_r, c.wstride, c.wdilation);
    assert_eq!(
        rows.len(),
        c.hout,
        "HOut must be the number of rows visited"
    );
    assert_eq!(
        cols.len(),
        c.wout,
        "WOut must be the number of columns visited"
    );
    let reach_up = (c.hf as i64 - 1) / 2;
    let reach_left = (c.wf as i64 - 1) / 2;

    let mut out = vec![0i64; c.n * c.hout * c.wout * c.g * c.cout];
    for n in 0..c.n {
        for (oh, &y0) in rows.iter().enumerate() {
            for (ow, &x0) in cols.iter().enumerate() {
                for g in 0..c.g {
                    for co in 0..c.cout {
                        let mut sum = 0i64;
                        for fh in 0..c.hf {
                            let y = y0 + c.hdilation as i64 * (fh as i64 - reach_up);
                            if y < 0 || y >= c.h as i64 {
                                continue;
                            }
                            for fw in 0..c.wf {
                                let x = x0 + c.wdilation as i64 * (fw as i64 - reach_left);
                                if x < 0 || x >= c.w as i64 {
                                    continue;
                                }
                                for ci in 0..c.cf {
                                    let (y, x) = (y as usize, x as usize);
                                    let a =
                                        input[((n * c.h + y) * c.w + x) * c.cin + g * c.cf + ci];
                                    let b = filter
                                        [(((g * c.hf + fh) * c.wf + fw) * c.cf + ci) * c.cout + co];
                                    sum += int(a * b);
                                    if int32_sum {
                                        int(sum);
                                    }
                                }
                            }
                        }
                        out[(((n * c.hout + oh) * c.wout + ow) * c.g + g) * c.cout + co] = sum;
                    }
                }
            }
        }
    }
    out
}

/// int8 input, int16 filter, int32 sum, int8 output `sum ⊘ (scinput∘scoutput∘demote)`.
pub fn q7xq15_q7_convolution(
    input: &[i8],
    filter: &[i16],
    c: &Conv,
    scinput: i32,
    scoutput: i32,
    demote: i32,
    shift: bool,
) -> Vec<i8> {
    let scale = join3(scinput, scoutput, demote, shift);
    let input: Vec<i64> = input.iter().map(|&x| x as i64).collect();
    let filter: Vec<i64> = filter.iter().map(|&x| x as i64).collect();
    conv_sums(&input, &filter, c, true)
        .into_iter()
        .map(|sum| down(sum, scale, shift) as i8)
        .collect()
}

/// int8 input, int16 filter, int32 sum, int16 output.
pub fn q7xq15_q15_convolution(
    input: &[i8],
    filter: &[i16],
    c: &Conv,
    scinput: i32,
    scoutput: i32,
    demote: i32,
    shift: bool,
) -> Vec<i16> {
    let scale = join3(scinput, scoutput, demote, shift);
    let input: Vec<i64> = input.iter().map(|&x| x as i64).collect();
    let filter: Vec<i64> = filter.iter().map(|&x| x as i64).collect();
    conv_sums(&input, &filter, c, true)
        .into_iter()
        .map(|sum| down(sum, scale, shift) as i16)
        .collect()
}

/// int16 input and filter, int64 sum (shift count up to 63), int16 output.
pub fn q15_convolution(
    input: &[i16],
    filter: &[i16],
    c: &Conv,
    scinput: i32,
    scoutput: i32,
    demote: i32,
    shift: bool,
) -> Vec<i16> {
    let scale = join3(scinput, scoutput, demote, shift);
    let input: Vec<i64> = input.iter().map(|&x| x as i64).collect();
    let filter: Vec<i64> = filter.iter().map(|&x| x as i64).collect();
    conv_sums(&input, &filter, c, false)
        .into_iter()
        .map(|sum| down64(sum, scale, shift) as i16)
        .collect()
}
