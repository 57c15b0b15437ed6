//! Compares the kernels this target selects (`tinyrnn::kernels::*`) with the
//! portable ones (`tinyrnn::kernels::portable::*`) on random cases, on the
//! emulated core itself: `main` for firmware/startup.c, output through
//! firmware/semihost.c. Prints `name: N ok` per property (or the first
//! mismatches), then `RESULT: PASS`/`RESULT: FAIL`; returns 0 only on PASS.
//!
//! Cases come from a fixed-seed xorshift generator (`KERNEL_CHECK_CASES` per
//! property, set at build time; 10000 by default): lengths 0..=100 with a bias
//! to short ones, every start address modulo 4 for the row and the vector
//! (so every peel and load path of a kernel runs), and value patterns
//! including all −32768 (each product 2^30: pairs overflow 32 bits), all
//! 32767, mixes of the extremes, and random values; the row products run
//! with scales on both sides of every shortcut (shifts −2..=40, divisors
//! powers of two and others, negative, zero). The sparse products (the
//! column loop `kernels::sparse_columns` behind `q15_m_sparse_mulvec`) run
//! against the checked reference `portable::sparse_accumulate` on random
//! encodings, repeated rows and empty columns included. FastGRNN's
//! element-wise update (`kernels::update_plain`) runs on random constants
//! and values against `portable::update_plain`. `scale::div64_by32` (the
//! division of 64-bit row sums by a divisor that is not a power of two, on
//! 32-bit cores) runs against the compiler's 64-bit division.
#![no_std]

use core::ffi::c_char;
use tinyrnn::kernels::{self, portable, Sum};
use tinyrnn::q15::matrix::{q15_m_sparse_mulvec, q15xq7_q15_m_sparse_mulvec, SparseMatrix};
use tinyrnn::{Divisor, Exponent, Scale};

extern "C" {
    fn con_puts(s: *const c_char);
    fn con_put_int(v: i32);
    fn con_put_uint(v: u32);
    fn sh_exit(code: i32) -> !;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    puts("PANIC\nRESULT: FAIL\n");
    // SAFETY: firmware/semihost.c's exit; never returns.
    unsafe { sh_exit(3) }
}

/// Prints a string (copied to a NUL-terminated buffer, in pieces).
fn puts(s: &str) {
    let mut buf = [0u8; 64];
    for chunk in s.as_bytes().chunks(buf.len() - 1) {
        buf[..chunk.len()].copy_from_slice(chunk);
        buf[chunk.len()] = 0;
        // SAFETY: NUL-terminated buffer that outlives the call.
        unsafe { con_puts(buf.as_ptr().cast()) };
    }
}

fn put_int(v: i64) {
    // Two halves are enough to read a mismatch; values above 2^31 are printed as hi:lo.
    if let Ok(small) = i32::try_from(v) {
        // SAFETY: plain C call.
        unsafe { con_put_int(small) };
    } else {
        // SAFETY: plain C calls.
        unsafe {
            con_put_int((v >> 32) as i32);
            puts(":");
            con_put_uint(v as u32);
        }
    }
}

const CASES: u32 = match option_env!("KERNEL_CHECK_CASES") {
    Some(s) => parse(s),
    None => 10000,
};

const fn parse(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut i = 0;
    let mut n = 0u32;
    while i < b.len() {
        n = n * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    n
}

/// Longest vector of a case, plus room for a start offset.
const MAX_LEN: usize = 100;
/// Rows of the products.
const MAX_ROWS: usize = 5;

struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
    /// Mostly short lengths (every tail and peel), sometimes long ones.
    fn len(&mut self) -> usize {
        if self.below(4) == 0 {
            self.below(MAX_LEN as u32 + 1) as usize
        } else {
            self.below(20) as usize
        }
    }
}

/// How a case fills a buffer.
#[derive(Clone, Copy)]
enum Fill {
    Random,
    Min,
    Max,
    Extremes,
    Small,
}

fn fill_kind(rng: &mut Rng) -> Fill {
    match rng.below(8) {
        0 => Fill::Min,
        1 => Fill::Max,
        2 | 3 => Fill::Extremes,
        4 => Fill::Small,
        _ => Fill::Random,
    }
}

fn fill16(rng: &mut Rng, buf: &mut [i16], kind: Fill) {
    for x in buf.iter_mut() {
        *x = match kind {
            Fill::Random => rng.next() as i16,
            Fill::Min => i16::MIN,
            Fill::Max => i16::MAX,
            Fill::Extremes => [i16::MIN, i16::MAX, -1, 0, 1, i16::MIN + 1][rng.below(6) as usize],
            Fill::Small => (rng.below(17) as i16) - 8,
        };
    }
}

fn fill8(rng: &mut Rng, buf: &mut [i8], kind: Fill) {
    for x in buf.iter_mut() {
        *x = match kind {
            Fill::Random => rng.next() as i8,
            Fill::Min => i8::MIN,
            Fill::Max => i8::MAX,
            Fill::Extremes => [i8::MIN, i8::MAX, -1, 0, 1][rng.below(5) as usize],
            Fill::Small => (rng.below(17) as i8) - 8,
        };
    }
}

/// Word-aligned backing stores, so that an offset of k elements gives a
/// known start address modulo 4.
#[repr(C, align(8))]
struct Buffers {
    row: [i16; MAX_ROWS * MAX_LEN + 8],
    vec: [i16; MAX_LEN + 8],
    vec8: [i8; MAX_LEN + 8],
}

/// One property's tally; prints its first few mismatches.
struct Tally {
    name: &'static str,
    ok: u32,
    failed: u32,
}

impl Tally {
    fn new(name: &'static str) -> Self {
        Tally { name, ok: 0, failed: 0 }
    }
    fn check(&mut self, got: i64, want: i64, len: usize, row_off: usize, vec_off: usize, scale: i32) {
        if got == want {
            self.ok += 1;
            return;
        }
        self.failed += 1;
        if self.failed <= 5 {
            puts(self.name);
            puts(": MISMATCH len ");
            put_int(len as i64);
            puts(" row offset ");
            put_int(row_off as i64);
            puts(" vec offset ");
            put_int(vec_off as i64);
            puts(" scale ");
            put_int(scale as i64);
            puts(": got ");
            put_int(got);
            puts(", portable ");
            put_int(want);
            puts("\n");
        }
    }
    fn report(&self) -> bool {
        puts(self.name);
        if self.failed == 0 {
            puts(": ");
            put_int(self.ok as i64);
            puts(" ok\n");
        } else {
            puts(": ");
            put_int(self.failed as i64);
            puts(" of ");
            put_int((self.ok + self.failed) as i64);
            puts(" FAILED\n");
        }
        self.failed == 0
    }
}

/// A shift count: mostly around the 16 where the 32-bit shortcut stops.
fn exponent(rng: &mut Rng) -> Exponent {
    Exponent(rng.below(43) as i32 - 2)
}

/// A divisor: powers of two (the shift path), others, negative, zero.
fn divisor(rng: &mut Rng) -> Divisor {
    Divisor(match rng.below(6) {
        0..=2 => 1 << rng.below(31),
        3 => [3, 7, 1000, 32767, 65535, i32::MAX][rng.below(6) as usize],
        4 => -(1 << rng.below(31)),
        _ => [0, -1, i32::MIN, -3][rng.below(4) as usize],
    })
}

/// `mat_vec` through the seam against the portable sum scaled as C scales it.
#[allow(clippy::too_many_arguments)] // one case's shape, offsets and scale
fn check_mat_vec<S: Scale>(t: &mut Tally, t8: &mut Tally, b: &Buffers, rows: usize, cols: usize, ro: usize, vo: usize, scale: S) {
    let m = &b.row[ro..ro + rows * cols];
    let v = &b.vec[vo..vo + cols];
    let v8 = &b.vec8[vo..vo + cols];
    let mut out = [0i16; MAX_ROWS];
    let mut out8 = [0i16; MAX_ROWS];
    kernels::mat_vec(m, v, &mut out[..rows], scale);
    kernels::mat_vec(m, v8, &mut out8[..rows], scale);
    for r in 0..rows {
        let row = &m[r * cols..(r + 1) * cols];
        let want = portable::dot_q15(row, v).scaled(scale);
        t.check(out[r] as i64, want as i64, cols, ro, vo, scale.raw());
        let want8 = portable::dot_q15xq7(row, v8).scaled(scale);
        t8.check(out8[r] as i64, want8 as i64, cols, ro, vo, scale.raw());
    }
}

/// The whole-product `SHIFT` kernel, mostly on its fast path's shapes
/// (word-aligned rows of a multiple of 8 columns), against the portable
/// 64-bit sums.
fn check_mat_vec_shift(t: &mut Tally, rng: &mut Rng, b: &Buffers) {
    let rows = 1 + rng.below(MAX_ROWS as u32) as usize;
    let cols = if rng.below(4) == 0 { rng.len() } else { 8 * (1 + rng.below((MAX_LEN / 8) as u32) as usize) };
    let (ro, vo) = if rng.below(4) == 0 { (rng.below(4) as usize, rng.below(4) as usize) } else { (2 * rng.below(2) as usize, 2 * rng.below(2) as usize) };
    let n = rng.below(17);
    let m = &b.row[ro..ro + rows * cols];
    let v = &b.vec[vo..vo + cols];
    let mut out = [0i16; MAX_ROWS];
    kernels::mat_vec_q15_shift(m, v, &mut out[..rows], n);
    for r in 0..rows {
        let want = portable::dot_q15(&m[r * cols..(r + 1) * cols], v).scaled(Exponent(n as i32));
        t.check(out[r] as i64, want as i64, cols, ro, vo, n as i32);
    }
}

/// The whole-product division kernel (divisor `2^k`), as above.
fn check_mat_vec_div(t: &mut Tally, rng: &mut Rng, b: &Buffers) {
    let rows = 1 + rng.below(MAX_ROWS as u32) as usize;
    let cols = if rng.below(4) == 0 { rng.len() } else { 8 * (1 + rng.below((MAX_LEN / 8) as u32) as usize) };
    let (ro, vo) = if rng.below(4) == 0 { (rng.below(4) as usize, rng.below(4) as usize) } else { (2 * rng.below(2) as usize, 2 * rng.below(2) as usize) };
    let k = rng.below(31);
    let m = &b.row[ro..ro + rows * cols];
    let v = &b.vec[vo..vo + cols];
    let mut out = [0i16; MAX_ROWS];
    kernels::mat_vec_q15_div_pow2(m, v, &mut out[..rows], k);
    for r in 0..rows {
        let want = portable::dot_q15(&m[r * cols..(r + 1) * cols], v).scaled(Divisor(1 << k));
        t.check(out[r] as i64, want as i64, cols, ro, vo, 1 << k);
    }
}

/// Columns and rows of a sparse case; up to 8 entries per column.
const SP_COLS: usize = 24;
const SP_ROWS: usize = 20;

/// The sparse products on a random encoding of `ncols` columns (values
/// from `b.row`, the vector from `b.vec`/`b.vec8`, `ret` pre-filled) against
/// the reference loop, for one scale.
fn check_sparse<S: Scale>(t: &mut Tally, t8: &mut Tally, rng: &mut Rng, b: &Buffers, scale: S, one: S) {
    let mut ids = [0u32; SP_COLS * 9];
    let ncols = rng.below(SP_COLS as u32 + 1) as usize;
    let nrows = 1 + rng.below(SP_ROWS as u32) as usize;
    let mut n = 0;
    for _ in 0..ncols {
        for _ in 0..rng.below(9) {
            ids[n] = 1 + rng.below(nrows as u32);
            n += 1;
        }
        n += 1; // the column's 0
    }
    // Values at a word or a halfword boundary (the Cortex-M4F loop loads
    // them in pairs from a word boundary).
    let off = rng.below(2) as usize;
    let (ids, vals) = (&ids[..n], &b.row[off..off + n - ncols]);
    let (v, v8) = (&b.vec[..ncols], &b.vec8[..ncols]);
    let mut init = [0i16; SP_ROWS];
    let kind = fill_kind(rng);
    fill16(rng, &mut init, kind);
    let Ok(m) = SparseMatrix::new(ids, vals, ncols) else {
        t.check(1, 0, ncols, 0, 0, scale.raw());
        return;
    };
    let (mut got, mut want, mut got8, mut want8) = (init, init, init, init);
    let r1 = q15_m_sparse_mulvec(&m, v, &mut got[..nrows], scale, one, one);
    let r2 = q15xq7_q15_m_sparse_mulvec(&m, v8, &mut got8[..nrows], scale, one, one);
    portable::sparse_accumulate(ids, vals, ncols, v, &mut want[..nrows], scale);
    portable::sparse_accumulate(ids, vals, ncols, v8, &mut want8[..nrows], scale);
    t.check(r1.is_ok() as i64, 1, ncols, 0, 0, scale.raw());
    t8.check(r2.is_ok() as i64, 1, ncols, 0, 0, scale.raw());
    for r in 0..nrows {
        t.check(got[r] as i64, want[r] as i64, ncols, r, 0, scale.raw());
        t8.check(got8[r] as i64, want8[r] as i64, ncols, r, 0, scale.raw());
    }
}

/// The whole Q15·Q7 product (`SHIFT` shift counts or divisors, zero and
/// `−1` included), mostly on its fast path's shapes (word-aligned rows of a
/// multiple of 8 columns, the vector at any byte), against the portable
/// sums scaled as C scales them. `spare`: through
/// `kernels::mat_vec_q15xq7_spare`, given spare memory (FastGRNN's `U·h`
/// buffer) of random length around the columns' (short ones included: the
/// path without a buffer) at an even or odd halfword, which the kernel may
/// overwrite; the product must not change.
fn check_mat_vec_q7<S: Scale>(t: &mut Tally, rng: &mut Rng, b: &Buffers, scale: S, spare: bool) {
    let rows = 1 + rng.below(MAX_ROWS as u32) as usize;
    let cols = if rng.below(4) == 0 { rng.len() } else { 8 * (1 + rng.below((MAX_LEN / 8) as u32) as usize) };
    let ro = if rng.below(4) == 0 { rng.below(4) as usize } else { 2 * rng.below(2) as usize };
    let vo = rng.below(4) as usize;
    let m = &b.row[ro..ro + rows * cols];
    let v8 = &b.vec8[vo..vo + cols];
    let mut out = [0i16; MAX_ROWS];
    if spare {
        let mut spare = [0x5a5au16 as i16; MAX_LEN + 4];
        let (so, slen) = (rng.below(2) as usize, (cols + 2).saturating_sub(rng.below(4) as usize));
        kernels::mat_vec_q15xq7_spare(m, v8, &mut out[..rows], scale, &mut spare[so..so + slen]);
    } else {
        kernels::mat_vec_q15xq7(m, v8, &mut out[..rows], scale);
    }
    for r in 0..rows {
        let want = portable::dot_q15xq7(&m[r * cols..(r + 1) * cols], v8).scaled(scale);
        t.check(out[r] as i64, want as i64, cols, ro, vo, scale.raw());
    }
}

/// FastGRNN's element-wise update without tables (`update_plain`, and
/// `update_prepared` after `prepare_update`) on random constants (shift
/// counts 0..=31, or divisors: ±1, powers of two, `i32::MIN`, random, never
/// 0, as ready scales are; sigmoid divisors that are powers of two, which
/// ARMv6-M's kernel takes, and others, which it leaves to the portable
/// update; the tanh bounds `b` and `−b` for a `b` that `2^tanhScaleIn` can
/// be) and random state and vectors (the buffers' fills, extremes
/// included), every length to 20.
fn check_update_plain<S: Scale>(t: &mut Tally, rng: &mut Rng, b: &Buffers) {
    let n = rng.below(21) as usize;
    // Half the division cases with every divisor a power of two (the
    // models' scales), which ARMv6-M's prepared kernel takes.
    let all_pow2 = rng.below(2) == 0;
    let scale = |rng: &mut Rng| -> i32 {
        if S::IS_SHIFT {
            rng.below(32) as i32
        } else if all_pow2 {
            1 << rng.below(31)
        } else {
            match rng.below(5) {
                0 => 1,
                1 => -1,
                2 => 1 << rng.below(31),
                3 => i32::MIN,
                _ => (rng.next() as i32 >> rng.below(31)) | 1,
            }
        }
    };
    let any = |rng: &mut Rng| -> i32 {
        match rng.below(4) {
            0 => rng.next() as i16 as i32,
            1 => [i32::MIN, i32::MAX, 0, -1, 1, 32767, -32768][rng.below(7) as usize],
            _ => (rng.next() as i32) >> rng.below(32),
        }
    };
    let tanh_bound = [0, i32::MIN, 1 << rng.below(31)][rng.below(3) as usize];
    let k = kernels::PlainUpdate {
        p1: scale(rng),
        p2: scale(rng),
        pd: scale(rng),
        g1: scale(rng),
        g2: scale(rng),
        gd: scale(rng),
        sig_div: if all_pow2 { 1 << rng.below(31) } else { [1, 2, -3, 7, i32::MIN, -1, 1 << rng.below(31)][rng.below(7) as usize] },
        sig_add: any(rng),
        sig_limit: any(rng),
        sig_mul: any(rng),
        h1: scale(rng),
        h2: scale(rng),
        hd: scale(rng),
        tanh_bound,
        tanh_neg_bound: tanh_bound.wrapping_neg(),
        tanh_mul: any(rng),
        gh: scale(rng),
        om: scale(rng),
        one: any(rng),
        zs: scale(rng),
        zeta: any(rng),
        ns: scale(rng),
        nu: any(rng),
        us: scale(rng),
        f1: scale(rng),
        f2: scale(rng),
        fd: scale(rng),
    };
    let at = |i: usize| &b.row[i * 21..i * 21 + n];
    let (a, bb, c, d) = (at(1), at(2), at(3), at(4));
    let (mut got, mut want) = ([0i16; 20], [0i16; 20]);
    got[..n].copy_from_slice(&b.vec[..n]);
    want[..n].copy_from_slice(&b.vec[..n]);
    kernels::update_plain::<S>(&mut got[..n], a, bb, c, d, &k);
    portable::update_plain::<S>(&mut want[..n], a, bb, c, d, &k);
    // And as a FastGRNN call runs it: the constants in the kernel's own
    // form, made once (`prepare_update`).
    let (mut kp, mut prep, mut got_prepared) = (k, kernels::NO_PREP, [0i16; 20]);
    got_prepared[..n].copy_from_slice(&b.vec[..n]);
    kernels::prepare_update::<S>(&mut kp, &mut prep);
    kernels::update_prepared::<S>(&mut got_prepared[..n], a, bb, c, d, &kp, &prep);
    for i in 0..n {
        t.check(got[i] as i64, want[i] as i64, n, i, 0, k.p1);
        t.check(got_prepared[i] as i64, want[i] as i64, n, i, 1, k.p1);
    }
}

#[no_mangle]
pub extern "C" fn main() -> i32 {
    puts("kernels: ");
    puts(kernels::DOT_KERNELS);
    puts("\n");
    let mut rng = Rng(0x2545_f491);
    let mut b = Buffers { row: [0; MAX_ROWS * MAX_LEN + 8], vec: [0; MAX_LEN + 8], vec8: [0; MAX_LEN + 8] };
    let mut dot = Tally::new("dot_q15");
    let mut wrap = Tally::new("dot_q15_wrapping");
    let mut q7 = Tally::new("dot_q15xq7");
    let mut mv_shift = Tally::new("mat_vec q15 shift");
    let mut mv8_shift = Tally::new("mat_vec q7 shift");
    let mut mv_div = Tally::new("mat_vec q15 div");
    let mut mv8_div = Tally::new("mat_vec q7 div");
    let mut mv_shift_whole = Tally::new("mat_vec_q15_shift");
    let mut mv_div_whole = Tally::new("mat_vec_q15_div_pow2");
    let mut sp_shift = Tally::new("sparse q15 shift");
    let mut sp8_shift = Tally::new("sparse q7 shift");
    let mut sp_div = Tally::new("sparse q15 div");
    let mut sp8_div = Tally::new("sparse q7 div");
    let mut mv8_shift_whole = Tally::new("mat_vec_q15xq7 shift");
    let mut mv8_div_whole = Tally::new("mat_vec_q15xq7 div");
    let mut mv8_shift_spare = Tally::new("mat_vec_q15xq7_spare shift");
    let mut mv8_div_spare = Tally::new("mat_vec_q15xq7_spare div");
    let mut upd_shift = Tally::new("update_plain shift");
    let mut upd_div = Tally::new("update_plain div");
    let mut div64 = Tally::new("div64_by32");
    for _ in 0..CASES {
        let len = rng.len();
        let (ro, vo) = (rng.below(4) as usize, rng.below(4) as usize);
        let kind = fill_kind(&mut rng);
        fill16(&mut rng, &mut b.row, kind);
        let kind = if rng.below(4) == 0 { fill_kind(&mut rng) } else { kind };
        fill16(&mut rng, &mut b.vec, kind);
        fill8(&mut rng, &mut b.vec8, kind);
        let (row, v, v8) = (&b.row[ro..ro + len], &b.vec[vo..vo + len], &b.vec8[vo..vo + len]);
        dot.check(kernels::dot_q15(row, v), portable::dot_q15(row, v), len, ro, vo, 0);
        wrap.check(kernels::dot_q15_wrapping(row, v) as i64, portable::dot_q15_wrapping(row, v) as i64, len, ro, vo, 0);
        q7.check(kernels::dot_q15xq7(row, v8) as i64, portable::dot_q15xq7(row, v8) as i64, len, ro, vo, 0);
        // Unequal lengths: the kernels use the common length.
        let short = rng.below(len as u32 + 1) as usize;
        dot.check(kernels::dot_q15(row, &v[..short]), portable::dot_q15(row, &v[..short]), short, ro, vo, 0);
        q7.check(kernels::dot_q15xq7(&row[..short], v8) as i64, portable::dot_q15xq7(&row[..short], v8) as i64, short, ro, vo, 0);

        let rows = 1 + rng.below(MAX_ROWS as u32) as usize;
        let cols = rng.len();
        let e = exponent(&mut rng);
        check_mat_vec(&mut mv_shift, &mut mv8_shift, &b, rows, cols, ro, vo, e);
        let d = divisor(&mut rng);
        check_mat_vec(&mut mv_div, &mut mv8_div, &b, rows, cols, ro, vo, d);
        check_mat_vec_shift(&mut mv_shift_whole, &mut rng, &b);
        check_mat_vec_div(&mut mv_div_whole, &mut rng, &b);
        let e = exponent(&mut rng);
        check_sparse(&mut sp_shift, &mut sp8_shift, &mut rng, &b, e, Exponent(0));
        check_mat_vec_q7(&mut mv8_shift_whole, &mut rng, &b, e, false);
        check_mat_vec_q7(&mut mv8_shift_spare, &mut rng, &b, e, true);
        let d = divisor(&mut rng);
        check_sparse(&mut sp_div, &mut sp8_div, &mut rng, &b, d, Divisor(1));
        check_mat_vec_q7(&mut mv8_div_whole, &mut rng, &b, d, false);
        check_mat_vec_q7(&mut mv8_div_spare, &mut rng, &b, d, true);
        check_update_plain::<Exponent>(&mut upd_shift, &mut rng, &b);
        check_update_plain::<Divisor>(&mut upd_div, &mut rng, &b);
        // The 64-by-32-bit division of `Divisor::down64` on 32-bit cores
        // against the compiler's 64-bit division (the library routine).
        for _ in 0..4 {
            let x = ((u64::from(rng.next()) << 32 | u64::from(rng.next())) >> rng.below(64)) as i64;
            let x = if rng.below(2) == 0 { x } else { x.wrapping_neg() };
            let d = if rng.below(2) == 0 { divisor(&mut rng).raw() } else { (rng.next() >> rng.below(32)) as i32 };
            div64.check(tinyrnn::scale::div64_by32(x, d), tinyrnn::scale::div64(x, d as i64), 64, 0, 0, d);
        }
    }
    let mut pass = true;
    for t in [&dot, &wrap, &q7, &mv_shift, &mv8_shift, &mv_div, &mv8_div, &mv_shift_whole, &mv_div_whole, &mv8_shift_whole, &mv8_div_whole, &mv8_shift_spare, &mv8_div_spare, &sp_shift, &sp8_shift, &sp_div, &sp8_div, &upd_shift, &upd_div, &div64] {
        pass &= t.report();
    }
    puts(if pass { "RESULT: PASS\n" } else { "RESULT: FAIL\n" });
    if pass {
        0
    } else {
        1
    }
}
