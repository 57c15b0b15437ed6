//! tinyrnn against the live EdgeML C reference, bit for bit.
//!
//! `EDGEML_DIR=/path/to/EdgeML cargo test --release --test differential`
//! compiles `$EDGEML_DIR/c_reference/src` once per flag set (division,
//! `SHIFT`, `SPARSE`, `SHIFT`+`SPARSE`; see `live_reference/mod.rs`), then
//! calls every quantized and float function of both with the same
//! proptest-generated inputs and requires identical outputs, return codes and
//! untouched memory around the outputs. Outputs are laid out in one arena
//! with the inputs, apart, in place or shifted over an input, so in-place
//! calls are compared too. It prints the cases checked per function and flag
//! set; `TINYRNN_DIFF_CASES` sets the cases per function and flag set
//! (default 8000, about two minutes on one core), `TINYRNN_DIFF_SEED` the
//! random seed (printed; random by default).
//!
//! Inputs stay in EdgeML's defined domain (docs/contract.md, "The defined
//! domain"): non-zero divisors, shift counts in range, no signed 32-bit
//! overflow, valid buffers. The reference is built with UBSan checks for
//! exactly those, so a generated input outside the domain fails the test as
//! a generator bug instead of being compared.
//!
//! Without `EDGEML_DIR` the test prints one line saying how to get the
//! reference and passes: the recorded vectors (`tests/edgeml_vectors.rs`,
//! `tests/float_vectors.rs`) are the oracle then.
#![allow(non_snake_case, clippy::too_many_arguments, clippy::type_complexity)]

mod live_reference;
#[allow(unused_imports)]
#[path = "../fuzz/src/ffi.rs"]
mod ffi;

use std::cell::RefCell;
use std::ffi::c_void;
use std::fmt::Debug;
use std::io::Write as _;
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use live_reference::{Flags, Reference};

/// Writes straight to stderr, past the test harness's output capture.
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

// ---------------------------------------------------------------------------
// Running and reporting
// ---------------------------------------------------------------------------

struct Session {
    cases: u32,
    seed: u64,
    failures: Vec<String>,
    total: u64,
    /// Fuzzing (`fuzz/fuzz_targets/edgeml_live.rs`): run only the
    /// `select`-th function, once, drawing its input from the fuzzer's bytes.
    fuzz: Option<Fuzz>,
}

struct Fuzz {
    data: Vec<u8>,
    select: usize,
    index: usize,
}

impl Session {
    /// Runs `cases` generated cases of `name` against `r`; a failure is
    /// shrunk by proptest and recorded with its minimal input.
    fn run<S>(&mut self, r: &Reference, name: &str, strategy: S, check: impl Fn(&S::Value) -> Result<(), TestCaseError>)
    where
        S: Strategy,
        S::Value: Debug,
    {
        self.run_n(r, name, self.cases, strategy, check)
    }

    fn run_n<S>(
        &mut self,
        r: &Reference,
        name: &str,
        cases: u32,
        strategy: S,
        check: impl Fn(&S::Value) -> Result<(), TestCaseError>,
    ) where
        S: Strategy,
        S::Value: Debug,
    {
        if let Some(fz) = &mut self.fuzz {
            let index = fz.index;
            fz.index += 1;
            if index != fz.select {
                return;
            }
            let config = Config { cases: 1, failure_persistence: None, max_shrink_iters: 0, ..Config::default() };
            // The fuzzer's bytes seed the generators (ChaCha). Proptest's
            // pass-through RNG would keep more structure, but it splits its
            // bytes between nested generators and then gives zeros, on which
            // rejection sampling of ranges never ends.
            let mut seed = [0u8; 32];
            let n = fz.data.len().min(32);
            seed[..n].copy_from_slice(&fz.data[..n]);
            let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
            let mut runner = TestRunner::new_with_rng(config, rng);
            if let Err(e) = runner.run(&strategy, |case| check(&case)) {
                panic!("{name} ({}): tinyrnn differs from EdgeML: {e}", r.flags);
            }
            self.total += 1;
            return;
        }
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 2000,
            max_global_rejects: cases.saturating_mul(4).max(1024),
            ..Config::default()
        };
        let mut seed = [0u8; 32];
        let mix = self.seed ^ fnv(name) ^ fnv(r.flags.name()).rotate_left(17);
        seed[..8].copy_from_slice(&mix.to_le_bytes());
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        let checked = RefCell::new(0u64);
        let start = Instant::now();
        let result = runner.run(&strategy, |case| {
            let out = check(&case);
            if out.is_ok() {
                *checked.borrow_mut() += 1;
            }
            out
        });
        let n = *checked.borrow();
        self.total += n;
        match result {
            Ok(()) => say!(
                "differential: {:<28} {:<13} {:>7} cases identical ({:.1} s)",
                name,
                r.flags.to_string(),
                n,
                start.elapsed().as_secs_f64()
            ),
            Err(TestError::Fail(why, case)) => {
                let msg = format!("{name} ({}): {why}\n    minimal input: {case:?}", r.flags);
                say!("differential: {name:<28} {:<13} DIFFERS after {n} identical cases\n    {msg}", r.flags.to_string());
                self.failures.push(msg);
            }
            Err(TestError::Abort(why)) => {
                let msg = format!("{name} ({}): aborted: {why}", r.flags);
                say!("differential: {msg}");
                self.failures.push(msg);
            }
        }
    }
}

fn fnv(s: &str) -> u64 {
    s.as_bytes().iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    Some(v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")))
}

/// Fails the case if EdgeML's last calls left its defined domain.
fn defined(r: &Reference) -> Result<(), TestCaseError> {
    match r.take_undefined() {
        0 => Ok(()),
        n => Err(TestCaseError::fail(format!(
            "generator bug: EdgeML performed {n} undefined operation(s) on this input (outside the contract's domain)"
        ))),
    }
}

fn same<T: PartialEq + Debug + ?Sized>(what: &str, ours: &T, theirs: &T) -> Result<(), TestCaseError> {
    if ours == theirs {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!("{what}: tinyrnn {ours:?} != EdgeML {theirs:?}")))
    }
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).expect("test sizes fit u32")
}

// ---------------------------------------------------------------------------
// Value generators (the defined domain of docs/contract.md)
// ---------------------------------------------------------------------------

fn q15() -> BoxedStrategy<i16> {
    prop_oneof![3 => any::<i16>(), 2 => -600i16..600, 1 => prop::sample::select(vec![i16::MIN, i16::MAX, -1, 0, 1])].boxed()
}

fn q7() -> BoxedStrategy<i8> {
    prop_oneof![3 => any::<i8>(), 1 => prop::sample::select(vec![i8::MIN, i8::MAX, -1, 0, 1])].boxed()
}

/// A scale: a divisor (1..=128, mostly small) or an exponent (0..=7), so that
/// products (sums) of up to four stay far from 2^31 (31).
fn scale(flags: Flags) -> BoxedStrategy<i32> {
    if flags.shift {
        (0i32..=7).boxed()
    } else {
        prop_oneof![3 => 1i32..=8, 1 => 1i32..=128, 1 => prop::sample::select(vec![1, 2, 4, 16, 64, 128])].boxed()
    }
}

/// A scale-up multiplier (`x * s` must not overflow: |s| ≤ 2^16) or a left
/// shift count (`x << s` within 31 bits: s ≤ 16).
fn scale_up(flags: Flags) -> BoxedStrategy<i32> {
    if flags.shift {
        (0i32..=16).boxed()
    } else {
        prop_oneof![1i32..=64, 1i32..=65536].boxed()
    }
}

/// Where an element-wise function's output goes relative to its inputs: in
/// one arena with all inputs, apart, or over input `over` (0 or 1) shifted
/// by `shift` elements (0: exactly in place).
#[derive(Clone, Copy, Debug)]
enum Layout {
    Apart,
    Over { over: usize, shift: isize },
    AllSame,
}

fn layout(inputs: usize) -> BoxedStrategy<Layout> {
    prop_oneof![
        3 => Just(Layout::Apart),
        3 => (0..inputs, -2isize..=2).prop_map(|(over, shift)| Layout::Over { over, shift }),
        1 => Just(Layout::AllSame),
    ]
    .boxed()
}

/// An arena holding `inputs` vectors of `len` elements and an output of
/// `len`, placed as `layout` says; returns the offsets (inputs…, output).
fn place(len: usize, inputs: usize, layout: Layout) -> (usize, Vec<usize>) {
    let stride = len + 3;
    let mut offs: Vec<usize> = (0..inputs).map(|k| 2 + k * stride).collect();
    let out = match layout {
        Layout::Apart => 2 + inputs * stride,
        Layout::Over { over, shift } => (offs[over.min(inputs - 1)] as isize + shift) as usize,
        Layout::AllSame => {
            for o in offs.iter_mut() {
                *o = 2;
            }
            2
        }
    };
    offs.push(out);
    (2 + (inputs + 1) * stride + 2, offs)
}

/// An element-wise case: the arena's contents and the offsets.
#[derive(Clone, Debug)]
struct Elementwise<T> {
    len: usize,
    arena: Vec<T>,
    offs: Vec<usize>,
    scales: Vec<i32>,
    scalar: i16,
}

fn elementwise<T: Debug + Clone + 'static>(
    elem: BoxedStrategy<T>,
    inputs: usize,
    scales: BoxedStrategy<Vec<i32>>,
) -> impl Strategy<Value = Elementwise<T>> {
    (prop_oneof![4 => 0usize..40, 1 => 40usize..300], layout(inputs)).prop_flat_map(move |(len, lay)| {
        let (size, offs) = place(len, inputs, lay);
        (prop::collection::vec(elem.clone(), size), scales.clone(), q15()).prop_map(move |(arena, scales, scalar)| {
            Elementwise { len, arena, offs: offs.clone(), scales, scalar }
        })
    })
}

fn scales_n(flags: Flags, n: usize) -> BoxedStrategy<Vec<i32>> {
    prop::collection::vec(scale(flags), n).boxed()
}

/// Calls `call` on a copy of the arena for each side (tinyrnn first) and
/// compares the arenas.
fn compare_arena<T: Clone + PartialEq + Debug>(
    r: &Reference,
    arena: &[T],
    call: impl Fn(bool, *mut T),
) -> Result<(), TestCaseError> {
    let mut ours = arena.to_vec();
    let mut theirs = arena.to_vec();
    call(true, ours.as_mut_ptr());
    call(false, theirs.as_mut_ptr());
    defined(r)?;
    same("memory after the call", &ours, &theirs)
}

// ---------------------------------------------------------------------------
// quantized_utils.h
// ---------------------------------------------------------------------------

macro_rules! modal {
    ($flags:expr, $div:ident, $shift:ident) => {
        if $flags.shift {
            ffi::$shift
        } else {
            ffi::$div
        }
    };
}

fn utils_vector(s: &mut Session, r: &Reference) {
    let f = r.flags;
    let e = &r.api;

    let ours = modal!(f, tinyrnn_q15_v_add_div, tinyrnn_q15_v_add_shift);
    s.run(r, "q15_v_add", elementwise(q15(), 2, scales_n(f, 4)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_add };
            g(p.add(o[0]), p.add(o[1]), len32(c.len), p.add(o[2]), sc[0], sc[1], sc[2], sc[3])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_sub_div, tinyrnn_q15_v_sub_shift);
    s.run(r, "q15_v_sub", elementwise(q15(), 2, scales_n(f, 3)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_sub };
            g(p.add(o[0]), p.add(o[1]), len32(c.len), p.add(o[2]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q7_v_sub_div, tinyrnn_q7_v_sub_shift);
    s.run(r, "q7_v_sub", elementwise(q7(), 2, scales_n(f, 3)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q7_v_sub };
            g(p.add(o[0]), p.add(o[1]), len32(c.len), p.add(o[2]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_hadamard_div, tinyrnn_q15_v_hadamard_shift);
    s.run(r, "q15_v_hadamard", elementwise(q15(), 2, scales_n(f, 2)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_hadamard };
            g(p.add(o[0]), p.add(o[1]), len32(c.len), p.add(o[2]), sc[0], sc[1])
        })
    });
    let ours = modal!(f, tinyrnn_q7_v_hadamard_div, tinyrnn_q7_v_hadamard_shift);
    s.run(r, "q7_v_hadamard", elementwise(q7(), 2, scales_n(f, 2)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q7_v_hadamard };
            g(p.add(o[0]), p.add(o[1]), len32(c.len), p.add(o[2]), sc[0], sc[1])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_scalar_add_div, tinyrnn_q15_v_scalar_add_shift);
    s.run(r, "q15_v_scalar_add", elementwise(q15(), 1, scales_n(f, 3)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_scalar_add };
            g(c.scalar, p.add(o[0]), len32(c.len), p.add(o[1]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_scalar_sub_div, tinyrnn_q15_v_scalar_sub_shift);
    s.run(r, "q15_v_scalar_sub", elementwise(q15(), 1, scales_n(f, 3)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_scalar_sub };
            g(c.scalar, p.add(o[0]), len32(c.len), p.add(o[1]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_scalar_mul_div, tinyrnn_q15_v_scalar_mul_shift);
    s.run(r, "q15_v_scalar_mul", elementwise(q15(), 1, scales_n(f, 2)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_scalar_mul };
            g(c.scalar, p.add(o[0]), len32(c.len), p.add(o[1]), sc[0], sc[1])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_scale_up_div, tinyrnn_q15_v_scale_up_shift);
    s.run(r, "q15_v_scale_up", elementwise(q15(), 1, prop::collection::vec(scale_up(f), 1).boxed()), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_scale_up };
            g(p.add(o[0]), len32(c.len), p.add(o[1]), sc[0])
        })
    });
    let ours = modal!(f, tinyrnn_q15_v_scale_down_div, tinyrnn_q15_v_scale_down_shift);
    s.run(r, "q15_v_scale_down", elementwise(q15(), 1, scales_n(f, 1)), |c| {
        let (o, sc) = (&c.offs, &c.scales);
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_v_scale_down };
            g(p.add(o[0]), len32(c.len), p.add(o[1]), sc[0])
        })
    });

    if f.shift {
        return; // the rest do not depend on SHIFT: checked once, on the division build
    }
    // Sigmoid: tables, or the linear clamp with div != 0 and 0 <= scale_out - scale_in < 16.
    let params = (any::<bool>(), prop_oneof![1i16..=64, -64i16..=-1, Just(i16::MAX), Just(i16::MIN)], -9000i16..9000, 0i16..=i16::MAX, 0i32..=14, 0i32..=15)
        .prop_map(|(t, div, add, lim, sin, d)| (t as u32 * (1 + (d as u32 % 3)), div, add, lim, sin, sin + d % 3));
    s.run(r, "q15_v_sigmoid", (elementwise(q15(), 1, Just(vec![]).boxed()), params), |(c, (tab, div, add, lim, sin, sout))| {
        let o = &c.offs;
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ffi::tinyrnn_q15_v_sigmoid } else { e.q15_v_sigmoid };
            g(p.add(o[0]), len32(c.len), p.add(o[1]), *div, *add, *lim, *sin, *sout, *tab)
        })
    });
    let params = (0u32..=2, 0i32..=14, 0i32..=2).prop_map(|(t, sin, d)| (t, sin, sin + d));
    s.run(r, "q15_v_tanh", (elementwise(q15(), 1, Just(vec![]).boxed()), params), |(c, (tab, sin, sout))| {
        let o = &c.offs;
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ffi::tinyrnn_q15_v_tanh } else { e.q15_v_tanh };
            g(p.add(o[0]), len32(c.len), p.add(o[1]), *sin, *sout, *tab)
        })
    });
    // argmax: len >= 1 (EdgeML reads vec[0]).
    s.run(r, "q15_v_argmax", prop::collection::vec(q15(), 1..60), |v| {
        let mut ours = u32::MAX;
        let mut theirs = u32::MAX;
        unsafe {
            ffi::tinyrnn_q15_v_argmax(v.as_ptr(), len32(v.len()), &mut ours);
            (e.q15_v_argmax)(v.as_ptr(), len32(v.len()), &mut theirs);
        }
        defined(r)?;
        same("argmax", &ours, &theirs)
    });
}

/// A matrix-vector case: `mat` (`nrows × ncols`), `vec` (`ncols`) and the
/// output (`nrows`), in one arena; the output apart or over `vec`.
#[derive(Clone, Debug)]
struct MatVec<V> {
    nrows: usize,
    ncols: usize,
    mat: Vec<i16>,
    arena: Vec<V>,
    vec_at: usize,
    ret_at: usize,
    scales: Vec<i32>,
}

fn mat_vec<V: Debug + Clone + 'static>(elem: BoxedStrategy<V>, overlap: bool, scales: BoxedStrategy<Vec<i32>>) -> impl Strategy<Value = MatVec<V>> {
    (0usize..24, 0usize..24, if overlap { prop_oneof![Just(None), (-2isize..=2).prop_map(Some)].boxed() } else { Just(None).boxed() })
        .prop_flat_map(move |(nrows, ncols, over)| {
            let vec_at = 2;
            let ret_at = match over {
                None => ncols + 4,
                Some(s) => (2 + s) as usize,
            };
            let size = (ncols + 4).max(ret_at + nrows) + nrows + 2;
            (prop::collection::vec(q15(), nrows * ncols), prop::collection::vec(elem.clone(), size), scales.clone()).prop_map(
                move |(mat, arena, scales)| MatVec { nrows, ncols, mat, arena, vec_at, ret_at, scales },
            )
        })
}

/// A sparse matrix in EdgeML's encoding: per column, 1-based row indices
/// then 0; `nrows` rows.
#[derive(Clone, Debug)]
struct Sparse<V> {
    ids: Vec<u32>,
    vals: Vec<i16>,
    vec: Vec<V>,
    ret: Vec<i16>,
    scales: Vec<i32>,
}

fn sparse_columns(nrows: usize, ncols: usize) -> impl Strategy<Value = (Vec<u32>, usize)> {
    prop::collection::vec(prop::collection::vec(1..=nrows.max(1) as u32, 0..=nrows.min(6)), ncols).prop_map(move |cols| {
        let mut ids = Vec::new();
        let mut nnz = 0;
        for col in cols {
            if nrows > 0 {
                nnz += col.len();
                ids.extend(col);
            }
            ids.push(0);
        }
        (ids, nnz)
    })
}

fn sparse<V: Debug + Clone + 'static>(elem: BoxedStrategy<V>, scales: BoxedStrategy<Vec<i32>>) -> impl Strategy<Value = Sparse<V>> {
    (0usize..16, 0usize..16).prop_flat_map(move |(nrows, ncols)| {
        (sparse_columns(nrows, ncols), prop::collection::vec(elem.clone(), ncols), prop::collection::vec(q15(), nrows), scales.clone())
            .prop_flat_map(move |((ids, nnz), vec, ret, scales)| {
                prop::collection::vec(q15(), nnz).prop_map(move |vals| Sparse {
                    ids: ids.clone(),
                    vals,
                    vec: vec.clone(),
                    ret: ret.clone(),
                    scales: scales.clone(),
                })
            })
    })
}

fn utils_matrix(s: &mut Session, r: &Reference) {
    let f = r.flags;
    let e = &r.api;
    let ours = modal!(f, tinyrnn_q15_m_mulvec_div, tinyrnn_q15_m_mulvec_shift);
    s.run(r, "q15_m_mulvec", mat_vec(q15(), true, scales_n(f, 3)), |c| {
        let sc = &c.scales;
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_m_mulvec };
            g(c.mat.as_ptr(), p.add(c.vec_at), len32(c.nrows), len32(c.ncols), p.add(c.ret_at), sc[0], sc[1], sc[2])
        })
    });
    // Q15 output, Q7 vector: they cannot share memory (different types).
    let ours = modal!(f, tinyrnn_q15xq7_q15_m_mulvec_div, tinyrnn_q15xq7_q15_m_mulvec_shift);
    s.run(r, "q15xq7_q15_m_mulvec", mat_vec(q7(), false, scales_n(f, 3)), |c| {
        let sc = &c.scales;
        let mut ours_ret = vec![0x5a5ai16; c.nrows + 2];
        let mut theirs_ret = ours_ret.clone();
        unsafe {
            ours(c.mat.as_ptr(), c.arena.as_ptr().add(c.vec_at), len32(c.nrows), len32(c.ncols), ours_ret.as_mut_ptr(), sc[0], sc[1], sc[2]);
            (e.q15xq7_q15_m_mulvec)(c.mat.as_ptr(), c.arena.as_ptr().add(c.vec_at), len32(c.nrows), len32(c.ncols), theirs_ret.as_mut_ptr(), sc[0], sc[1], sc[2]);
        }
        defined(r)?;
        same("ret", &ours_ret, &theirs_ret)
    });
    let ours = modal!(f, tinyrnn_q15_m_sparse_mulvec_div, tinyrnn_q15_m_sparse_mulvec_shift);
    s.run(r, "q15_m_sparse_mulvec", sparse(q15(), scales_n(f, 3)), |c| {
        let sc = &c.scales;
        let (mut a, mut b) = (c.ret.clone(), c.ret.clone());
        a.push(0x1234);
        b.push(0x1234);
        unsafe {
            ours(c.ids.as_ptr(), c.vals.as_ptr(), c.vec.as_ptr(), len32(c.vec.len()), a.as_mut_ptr(), sc[0], sc[1], sc[2]);
            (e.q15_m_sparse_mulvec)(c.ids.as_ptr(), c.vals.as_ptr(), c.vec.as_ptr(), len32(c.vec.len()), b.as_mut_ptr(), sc[0], sc[1], sc[2]);
        }
        defined(r)?;
        same("ret", &a, &b)
    });
    let ours = modal!(f, tinyrnn_q15xq7_q15_m_sparse_mulvec_div, tinyrnn_q15xq7_q15_m_sparse_mulvec_shift);
    s.run(r, "q15xq7_q15_m_sparse_mulvec", sparse(q7(), scales_n(f, 3)), |c| {
        let sc = &c.scales;
        let (mut a, mut b) = (c.ret.clone(), c.ret.clone());
        a.push(0x1234);
        b.push(0x1234);
        unsafe {
            ours(c.ids.as_ptr(), c.vals.as_ptr(), c.vec.as_ptr(), len32(c.vec.len()), a.as_mut_ptr(), sc[0], sc[1], sc[2]);
            (e.q15xq7_q15_m_sparse_mulvec)(c.ids.as_ptr(), c.vals.as_ptr(), c.vec.as_ptr(), len32(c.vec.len()), b.as_mut_ptr(), sc[0], sc[1], sc[2]);
        }
        defined(r)?;
        same("ret", &a, &b)
    });
    if !f.shift {
        // q15_m_reverse does not depend on SHIFT. Output apart, in place or shifted.
        let strat = (0usize..8, 0usize..8, 0u32..3, layout(1)).prop_flat_map(|(nr, nc, axis, lay)| {
            let (size, offs) = place(nr * nc, 1, lay);
            prop::collection::vec(q15(), size).prop_map(move |arena| (nr, nc, axis, offs.clone(), arena))
        });
        s.run(r, "q15_m_reverse", strat, |(nr, nc, axis, o, arena)| {
            compare_arena(r, arena, |mine, p| unsafe {
                let g = if mine { ffi::tinyrnn_q15_m_reverse } else { e.q15_m_reverse };
                g(p.add(o[0]), len32(*nr), len32(*nc), *axis, p.add(o[1]))
            })
        });
    }
}

/// Tensor shape `nbatches × nrows × ncols × nchannels`, small.
fn shape() -> impl Strategy<Value = [usize; 4]> {
    [0usize..3, 0usize..4, 0usize..4, 0usize..5]
}

#[derive(Clone, Debug)]
struct Tensor<T> {
    dims: [usize; 4],
    arena: Vec<T>,
    offs: Vec<usize>,
    vec: Vec<i16>,
    scales: Vec<i32>,
}

fn tensor<T: Debug + Clone + 'static>(elem: BoxedStrategy<T>, inputs: usize, scales: BoxedStrategy<Vec<i32>>) -> impl Strategy<Value = Tensor<T>> {
    (shape(), layout(inputs)).prop_flat_map(move |(dims, lay)| {
        let (size, offs) = place(dims.iter().product(), inputs, lay);
        (prop::collection::vec(elem.clone(), size), prop::collection::vec(q15(), dims[3]), scales.clone())
            .prop_map(move |(arena, vec, scales)| Tensor { dims, arena, offs: offs.clone(), vec, scales })
    })
}

fn utils_tensor(s: &mut Session, r: &Reference) {
    let f = r.flags;
    let e = &r.api;
    let d32 = |d: &[usize; 4]| (len32(d[0]), len32(d[1]), len32(d[2]), len32(d[3]));
    let ours = modal!(f, tinyrnn_q15_t_add_div, tinyrnn_q15_t_add_shift);
    s.run(r, "q15_t_add", tensor(q15(), 2, scales_n(f, 3)), |c| {
        let (o, sc, (b, h, w, ch)) = (&c.offs, &c.scales, d32(&c.dims));
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_t_add };
            g(p.add(o[0]), p.add(o[1]), b, h, w, ch, p.add(o[2]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q7_t_add_div, tinyrnn_q7_t_add_shift);
    s.run(r, "q7_t_add", tensor(q7(), 2, scales_n(f, 3)), |c| {
        let (o, sc, (b, h, w, ch)) = (&c.offs, &c.scales, d32(&c.dims));
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q7_t_add };
            g(p.add(o[0]), p.add(o[1]), b, h, w, ch, p.add(o[2]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q15_t_add_vec_div, tinyrnn_q15_t_add_vec_shift);
    s.run(r, "q15_t_add_vec", tensor(q15(), 1, scales_n(f, 3)), |c| {
        let (o, sc, (b, h, w, ch)) = (&c.offs, &c.scales, d32(&c.dims));
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_t_add_vec };
            g(p.add(o[0]), c.vec.as_ptr(), b, h, w, ch, p.add(o[1]), sc[0], sc[1], sc[2])
        })
    });
    let ours = modal!(f, tinyrnn_q7xq15_q7_t_add_vec_div, tinyrnn_q7xq15_q7_t_add_vec_shift);
    s.run(r, "q7xq15_q7_t_add_vec", tensor(q7(), 1, scales_n(f, 3)), |c| {
        let (o, sc, (b, h, w, ch)) = (&c.offs, &c.scales, d32(&c.dims));
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q7xq15_q7_t_add_vec };
            g(p.add(o[0]), c.vec.as_ptr(), b, h, w, ch, p.add(o[1]), sc[0], sc[1], sc[2])
        })
    });
    // l2 norm: EdgeML needs 1 <= scale_out <= 15 and -15 <= scale_in <= -1
    // (its shifts by scale_out - 1, 2·scale_out and -(2·scale_in + 2)).
    // Output apart or exactly in place (the contract's only accepted overlap).
    let ours = modal!(f, tinyrnn_q15_t_l2_norm_div, tinyrnn_q15_t_l2_norm_shift);
    let strat = (tensor(q15(), 1, Just(vec![]).boxed()), -15i32..=-1, 1i32..=15, any::<bool>());
    s.run(r, "q15_t_l2_norm", strat, |(c, sin, sout, in_place)| {
        let (o, (b, h, w, ch)) = (&c.offs, d32(&c.dims));
        let out = if *in_place { o[0] } else { c.arena.len() - 2 - c.dims.iter().product::<usize>() };
        let out = if *in_place || out >= o[0] + c.dims.iter().product::<usize>() { out } else { o[0] };
        compare_arena(r, &c.arena, |mine, p| unsafe {
            let g = if mine { ours } else { e.q15_t_l2_norm };
            g(p.add(o[0]), b, h, w, ch, p.add(out), *sin, *sout)
        })
    });
    if !f.shift {
        let strat = (tensor(q7(), 1, Just(vec![]).boxed()), q7(), prop_oneof![1i8..=i8::MAX, i8::MIN..=-1]);
        s.run(r, "q7_t_relu", strat, |(c, limit, div)| {
            let (o, (b, h, w, ch)) = (&c.offs, d32(&c.dims));
            compare_arena(r, &c.arena, |mine, p| unsafe {
                let g = if mine { ffi::tinyrnn_q7_t_relu } else { e.q7_t_relu };
                g(p.add(o[0]), b, h, w, ch, p.add(o[1]), *limit, *div)
            })
        });
    }
}

/// A convolution's geometry, with `HOut`/`WOut` the positions EdgeML's
/// loops visit (plus possibly spare rows/columns it leaves untouched).
#[derive(Clone, Copy, Debug)]
struct Conv {
    n: usize,
    h: usize,
    w: usize,
    cin: usize,
    hf: usize,
    wf: usize,
    cf: usize,
    cout: usize,
    hout: usize,
    wout: usize,
    g: usize,
    pad: [i32; 4],
    stride: [usize; 2],
    dil: [usize; 2],
}

impl Conv {
    fn input_len(&self) -> usize {
        self.n * self.h * self.w * self.cin
    }
    fn filter_len(&self) -> usize {
        self.g * self.hf * self.wf * self.cf * self.cout
    }
    fn output_len(&self) -> usize {
        self.n * self.hout * self.wout * self.g * self.cout
    }
}

/// Positions EdgeML's loop visits along one axis.
fn positions(size: usize, f: usize, pad_lo: i32, pad_hi: i32, stride: usize, dil: usize) -> usize {
    let lo = dil as i64 * ((f as i64 - 1) >> 1) - pad_lo as i64;
    let hi = size as i64 - (dil as i64 * (f as i64 >> 1) - pad_hi as i64);
    if hi <= lo {
        0
    } else {
        ((hi - lo + stride as i64 - 1) / stride as i64) as usize
    }
}

fn conv_geometry() -> impl Strategy<Value = Conv> {
    (
        (1usize..3, 1usize..7, 1usize..7, 1usize..4, 1usize..4, 1usize..3, 1usize..4),
        ([-1i32..=2, -1i32..=2, -1i32..=2, -1i32..=2], [1usize..3, 1usize..3], [1usize..3, 1usize..3], 0usize..2, 0usize..2),
    )
        .prop_flat_map(|((n, h, w, hf, wf, g, cout), (pad, stride, dil, xh, xw))| {
            let hout = positions(h, hf, pad[0], pad[1], stride[0], dil[0]) + xh;
            let wout = positions(w, wf, pad[2], pad[3], stride[1], dil[1]) + xw;
            (1usize..4, 0usize..3).prop_map(move |(cf, extra)| Conv {
                n,
                h,
                w,
                cin: g * cf + extra,
                hf,
                wf,
                cf,
                cout,
                hout,
                wout,
                g,
                pad,
                stride,
                dil,
            })
        })
}

#[derive(Clone, Debug)]
struct ConvCase<I, O> {
    geo: Conv,
    input: Vec<I>,
    filter: Vec<i16>,
    output: Vec<O>,
    scales: Vec<i32>,
}

fn conv_case<I: Debug + Clone + 'static, O: Debug + Clone + 'static>(
    input: BoxedStrategy<I>,
    output: BoxedStrategy<O>,
    filter: BoxedStrategy<i16>,
    scales: BoxedStrategy<Vec<i32>>,
) -> impl Strategy<Value = ConvCase<I, O>> {
    conv_geometry().prop_flat_map(move |geo| {
        (
            prop::collection::vec(input.clone(), geo.input_len()),
            prop::collection::vec(filter.clone(), geo.filter_len()),
            prop::collection::vec(output.clone(), geo.output_len() + 2),
            scales.clone(),
        )
            .prop_map(move |(input, filter, output, scales)| ConvCase { geo, input, filter, output, scales })
    })
}

type ConvFn<I, O> = unsafe extern "C" fn(*const I, *const i16, *mut O, u32, u32, u32, u32, u32, u32, u32, u32, u32, u32, u32, i32, i32, i32, i32, u32, u32, u32, u32, i32, i32, i32);

unsafe fn call_conv<I, O>(g: ConvFn<I, O>, c: &Conv, input: *const I, filter: *const i16, output: *mut O, sc: &[i32]) {
    g(
        input,
        filter,
        output,
        len32(c.n),
        len32(c.h),
        len32(c.w),
        len32(c.cin),
        len32(c.hf),
        len32(c.wf),
        len32(c.cf),
        len32(c.cout),
        len32(c.hout),
        len32(c.wout),
        len32(c.g),
        c.pad[0],
        c.pad[1],
        c.pad[2],
        c.pad[3],
        len32(c.stride[0]),
        len32(c.stride[1]),
        len32(c.dil[0]),
        len32(c.dil[1]),
        sc[0],
        sc[1],
        sc[2],
    )
}

/// Out of place: separate output (with a guard element).
fn compare_conv<I: Clone, O: Clone + PartialEq + Debug>(r: &Reference, c: &ConvCase<I, O>, ours: ConvFn<I, O>, theirs: ConvFn<I, O>) -> Result<(), TestCaseError> {
    let (mut a, mut b) = (c.output.clone(), c.output.clone());
    unsafe {
        call_conv(ours, &c.geo, c.input.as_ptr(), c.filter.as_ptr(), a.as_mut_ptr(), &c.scales);
        call_conv(theirs, &c.geo, c.input.as_ptr(), c.filter.as_ptr(), b.as_mut_ptr(), &c.scales);
    }
    defined(r)?;
    same("output", &a, &b)
}

/// In place: input and output start at the same address of one buffer
/// (EdgeML's face-detection code does this).
fn compare_conv_in_place<T: Clone + PartialEq + Debug>(r: &Reference, c: &ConvCase<T, T>, ours: ConvFn<T, T>, theirs: ConvFn<T, T>) -> Result<(), TestCaseError> {
    let mut arena = c.input.clone();
    arena.extend(c.output.iter().cloned());
    arena.truncate(c.geo.input_len().max(c.geo.output_len()) + 2);
    compare_arena(r, &arena, |mine, p| unsafe {
        call_conv(if mine { ours } else { theirs }, &c.geo, p, c.filter.as_ptr(), p, &c.scales)
    })
}

fn utils_conv(s: &mut Session, r: &Reference) {
    let f = r.flags;
    let e = &r.api;
    // Filters: Q15 with a Q7 input sums in 32 bits: |q7·q15| · taps < 2^31.
    let ours = modal!(f, tinyrnn_q15_convolution_div, tinyrnn_q15_convolution_shift);
    s.run(r, "q15_convolution", (conv_case(q15(), q15(), q15(), scales_n(f, 3)), any::<bool>()), |(c, in_place)| {
        if *in_place {
            compare_conv_in_place(r, c, ours, e.q15_convolution)
        } else {
            compare_conv(r, c, ours, e.q15_convolution)
        }
    });
    let ours = modal!(f, tinyrnn_q7xq15_q7_convolution_div, tinyrnn_q7xq15_q7_convolution_shift);
    s.run(r, "q7xq15_q7_convolution", (conv_case(q7(), q7(), q15(), scales_n(f, 3)), any::<bool>()), |(c, in_place)| {
        if *in_place {
            compare_conv_in_place(r, c, ours, e.q7xq15_q7_convolution)
        } else {
            compare_conv(r, c, ours, e.q7xq15_q7_convolution)
        }
    });
    let ours = modal!(f, tinyrnn_q7xq15_q15_convolution_div, tinyrnn_q7xq15_q15_convolution_shift);
    s.run(r, "q7xq15_q15_convolution", conv_case(q7(), q15(), q15(), scales_n(f, 3)), |c| compare_conv(r, c, ours, e.q7xq15_q15_convolution));
}


// ---------------------------------------------------------------------------
// quantized_fastgrnn.h
// ---------------------------------------------------------------------------

use ffi::{
    Q15_FastGRNN_Buffers, Q15_FastGRNN_LR_Buffers, Q15_FastGRNN_LR_Params, Q15_FastGRNN_LR_Scales, Q15_FastGRNN_Params,
    Q15_FastGRNN_Scales, Q7xQ15_FastGRNN_Buffers, Q7xQ15_FastGRNN_Params,
};

/// The `SCALE_T` fields, then `sigmoid scale in/out`, `tanh scale in/out`
/// (exponents with `out - in` in 0..=2, in <= 14), `div` (non-zero), `add`,
/// `sigmoidLimit`, `qOne`, and the two table flags.
#[derive(Clone, Debug)]
struct GrnnScales {
    ints: Vec<i32>,
    act: [i32; 4],
    div: i16,
    add: i16,
    limit: i16,
    q_one: i16,
    tables: [u32; 2],
}

fn grnn_scales(flags: Flags, n: usize) -> impl Strategy<Value = GrnnScales> {
    (
        prop::collection::vec(scale(flags), n),
        (0i32..=14, 0i32..=2, 0i32..=14, 0i32..=2),
        (prop_oneof![1i16..=64, -8i16..=-1], -9000i16..9000, 0i16..=i16::MAX, prop_oneof![Just(16384i16), any::<i16>()]),
        (0u32..=1, 0u32..=1),
    )
        .prop_map(|(ints, (si, sd, ti, td), (div, add, limit, q_one), (ts, tt))| GrnnScales {
            ints,
            act: [si, si + sd, ti, ti + td],
            div,
            add,
            limit,
            q_one,
            tables: [ts, tt],
        })
}

impl GrnnScales {
    fn dense(&self) -> Q15_FastGRNN_Scales {
        let mut s = Q15_FastGRNN_Scales::default();
        let n = std::mem::offset_of!(Q15_FastGRNN_Scales, div) / 4;
        let p = &mut s as *mut Q15_FastGRNN_Scales as *mut i32;
        for k in 0..n {
            // SAFETY: the struct starts with n `int` fields.
            unsafe { p.add(k).write(self.ints[k]) };
        }
        (s.sigmoidScaleIn, s.sigmoidScaleOut, s.tanhScaleIn, s.tanhScaleOut) = (self.act[0], self.act[1], self.act[2], self.act[3]);
        (s.div, s.add, s.sigmoidLimit, s.qOne) = (self.div, self.add, self.limit, self.q_one);
        (s.useTableSigmoid, s.useTableTanH) = (self.tables[0], self.tables[1]);
        s
    }
    fn low_rank(&self) -> Q15_FastGRNN_LR_Scales {
        let mut s = Q15_FastGRNN_LR_Scales::default();
        let n = std::mem::offset_of!(Q15_FastGRNN_LR_Scales, sigmoidLimit) / 4;
        let p = &mut s as *mut Q15_FastGRNN_LR_Scales as *mut i32;
        for k in 0..n {
            // SAFETY: the struct starts with n `int` fields.
            unsafe { p.add(k).write(self.ints[k]) };
        }
        (s.sigmoidScaleIn, s.sigmoidScaleOut, s.tanhScaleIn, s.tanhScaleOut) = (self.act[0], self.act[1], self.act[2], self.act[3]);
        (s.div, s.add, s.sigmoidLimit, s.qOne) = (self.div, self.add, self.limit, self.q_one);
        (s.useTableSigmoid, s.useTableTanH) = (self.tables[0], self.tables[1]);
        s
    }
}

/// One FastGRNN call: dimensions, weights (dense, sparse and low-rank all
/// generated; each variant reads its own), state, input, normalisation.
#[derive(Clone, Debug)]
struct Grnn<X> {
    hidden: usize,
    inputs: usize,
    steps: usize,
    w_rank: usize,
    u_rank: usize,
    state: Vec<i16>,
    input: Vec<X>,
    mean: Vec<X>,
    std_dev: Vec<X>,
    w: Vec<i16>,
    u: Vec<i16>,
    wids: Vec<u32>,
    wvals: Vec<i16>,
    uids: Vec<u32>,
    uvals: Vec<i16>,
    w1: Vec<i16>,
    w2: Vec<i16>,
    u1: Vec<i16>,
    u2: Vec<i16>,
    bg: Vec<i16>,
    bh: Vec<i16>,
    zeta: i16,
    nu: i16,
    scales: GrnnScales,
    backward: i32,
    normalize: i32,
    /// `normFeatures` is `preComp2` (EdgeML's own way of saving a buffer).
    shared: bool,
}

fn grnn<X: Debug + Clone + 'static>(flags: Flags, elem: BoxedStrategy<X>, n_scales: usize) -> impl Strategy<Value = Grnn<X>> {
    // Mostly small; one in five larger (up to 20 units, 12 features, 40 steps).
    let dims = prop_oneof![4 => (0usize..9, 0usize..7, 0usize..6), 1 => (1usize..21, 1usize..13, 1usize..41)];
    grnn_sized(flags, elem, n_scales, dims.boxed())
}

/// As [`grnn`], with `(hidden, inputs, steps)` drawn from `dims`.
fn grnn_sized<X: Debug + Clone + 'static>(
    flags: Flags,
    elem: BoxedStrategy<X>,
    n_scales: usize,
    dims: BoxedStrategy<(usize, usize, usize)>,
) -> impl Strategy<Value = Grnn<X>> {
    (dims, 0usize..5, 0usize..5).prop_flat_map(move |((h, d, t), wr, ur)| {
        let v = |n: usize| prop::collection::vec(q15(), n);
        let x = |n: usize| prop::collection::vec(elem.clone(), n);
        (
            (v(h), x(t * d), x(t * d), x(t * d), v(h * d), v(h * h)),
            (sparse_columns(h, d), sparse_columns(h, h), v(wr * d), v(h * wr), v(ur * h), v(h * ur)),
            (v(h), v(h), q15(), q15(), grnn_scales(flags, n_scales), (0i32..2, 0i32..2, any::<bool>())),
        )
            .prop_flat_map(move |((state, input, mean, std_dev, w, u), ((wids, wn), (uids, un), w1, w2, u1, u2), (bg, bh, zeta, nu, scales, (backward, normalize, shared)))| {
                (v(wn), v(un)).prop_map(move |(wvals, uvals)| Grnn {
                    hidden: h,
                    inputs: d,
                    steps: t,
                    w_rank: wr,
                    u_rank: ur,
                    state: state.clone(),
                    input: input.clone(),
                    mean: mean.clone(),
                    std_dev: std_dev.clone(),
                    w: w.clone(),
                    u: u.clone(),
                    wids: wids.clone(),
                    wvals,
                    uids: uids.clone(),
                    uvals,
                    w1: w1.clone(),
                    w2: w2.clone(),
                    u1: u1.clone(),
                    u2: u2.clone(),
                    bg: bg.clone(),
                    bh: bh.clone(),
                    zeta,
                    nu,
                    scales: scales.clone(),
                    backward,
                    normalize,
                    shared,
                })
            })
    })
}

/// Scratch of one call, zeroed; `normFeatures` inside `preComp2` when shared.
struct Scratch<X> {
    pc1: Vec<i16>,
    pc2: Vec<i16>,
    pc3: Vec<i16>,
    lrw: Vec<i16>,
    lru: Vec<i16>,
    norm: Vec<X>,
}

impl<X: Default + Clone> Scratch<X> {
    fn new(g: &Grnn<X>) -> Self {
        Scratch {
            pc1: vec![0; g.hidden + 1],
            pc2: vec![0; g.hidden.max(g.inputs) + 1],
            pc3: vec![0; g.hidden + 1],
            lrw: vec![0; g.w_rank + 1],
            lru: vec![0; g.u_rank + 1],
            norm: vec![X::default(); g.inputs + 1],
        }
    }
}

type Q15Cell = unsafe extern "C" fn(*mut i16, u32, *const i16, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;
type Q7Cell = unsafe extern "C" fn(*mut i16, u32, *const i8, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

fn run_q15_grnn(g: &Grnn<i16>, cell: Q15Cell, low_rank: bool) -> (i32, Vec<i16>) {
    let mut state = g.state.clone();
    let mut s = Scratch::<i16>::new(g);
    let norm = if g.shared && !low_rank { s.pc2.as_mut_ptr() } else { s.norm.as_mut_ptr() };
    let rc = if low_rank {
        let params = Q15_FastGRNN_LR_Params {
            mean: g.mean.as_ptr(),
            stdDev: g.std_dev.as_ptr(),
            W1: g.w1.as_ptr(),
            W2: g.w2.as_ptr(),
            wRank: len32(g.w_rank),
            U1: g.u1.as_ptr(),
            U2: g.u2.as_ptr(),
            uRank: len32(g.u_rank),
            Bg: g.bg.as_ptr(),
            Bh: g.bh.as_ptr(),
            sigmoid_zeta: g.zeta,
            sigmoid_nu: g.nu,
        };
        let mut buffers = Q15_FastGRNN_LR_Buffers {
            preComp1: s.pc1.as_mut_ptr(),
            preComp2: s.pc2.as_mut_ptr(),
            preComp3: s.pc3.as_mut_ptr(),
            tempLRW: s.lrw.as_mut_ptr(),
            tempLRU: s.lru.as_mut_ptr(),
            normFeatures: norm,
        };
        let scales = g.scales.low_rank();
        unsafe { cell(state.as_mut_ptr(), len32(g.hidden), g.input.as_ptr(), len32(g.inputs), len32(g.steps), ptr_of(&params), mut_of(&mut buffers), ptr_of(&scales), g.backward, g.normalize) }
    } else {
        let params = Q15_FastGRNN_Params {
            mean: g.mean.as_ptr(),
            stdDev: g.std_dev.as_ptr(),
            W: g.w.as_ptr(),
            Wids: g.wids.as_ptr(),
            Wvals: g.wvals.as_ptr(),
            U: g.u.as_ptr(),
            Uids: g.uids.as_ptr(),
            Uvals: g.uvals.as_ptr(),
            Bg: g.bg.as_ptr(),
            Bh: g.bh.as_ptr(),
            sigmoid_zeta: g.zeta,
            sigmoid_nu: g.nu,
        };
        let mut buffers = Q15_FastGRNN_Buffers { preComp1: s.pc1.as_mut_ptr(), preComp2: s.pc2.as_mut_ptr(), preComp3: s.pc3.as_mut_ptr(), normFeatures: norm };
        let scales = g.scales.dense();
        unsafe { cell(state.as_mut_ptr(), len32(g.hidden), g.input.as_ptr(), len32(g.inputs), len32(g.steps), ptr_of(&params), mut_of(&mut buffers), ptr_of(&scales), g.backward, g.normalize) }
    };
    (rc, state)
}

fn run_q7_grnn(g: &Grnn<i8>, cell: Q7Cell) -> (i32, Vec<i16>) {
    let mut state = g.state.clone();
    let mut s = Scratch::<i8>::new(g);
    let params = Q7xQ15_FastGRNN_Params {
        mean: g.mean.as_ptr(),
        stdDev: g.std_dev.as_ptr(),
        W: g.w.as_ptr(),
        Wids: g.wids.as_ptr(),
        Wvals: g.wvals.as_ptr(),
        U: g.u.as_ptr(),
        Uids: g.uids.as_ptr(),
        Uvals: g.uvals.as_ptr(),
        Bg: g.bg.as_ptr(),
        Bh: g.bh.as_ptr(),
        sigmoid_zeta: g.zeta,
        sigmoid_nu: g.nu,
    };
    let mut buffers =
        Q7xQ15_FastGRNN_Buffers { preComp1: s.pc1.as_mut_ptr(), preComp2: s.pc2.as_mut_ptr(), preComp3: s.pc3.as_mut_ptr(), normFeatures: s.norm.as_mut_ptr() };
    let scales = g.scales.dense();
    let rc = unsafe { cell(state.as_mut_ptr(), len32(g.hidden), g.input.as_ptr(), len32(g.inputs), len32(g.steps), ptr_of(&params), mut_of(&mut buffers), ptr_of(&scales), g.backward, g.normalize) };
    (rc, state)
}

fn ptr_of<T>(t: &T) -> *const c_void {
    t as *const T as *const c_void
}

fn mut_of<T>(t: &mut T) -> *mut c_void {
    t as *mut T as *mut c_void
}

const DENSE_SCALES: usize = std::mem::offset_of!(Q15_FastGRNN_Scales, div) / 4;
const LR_SCALES: usize = std::mem::offset_of!(Q15_FastGRNN_LR_Scales, sigmoidLimit) / 4;

fn tinyrnn_q15_fastgrnn(f: Flags) -> Q15Cell {
    match (f.shift, f.sparse) {
        (false, false) => ffi::tinyrnn_q15_fastgrnn_div_dense,
        (true, false) => ffi::tinyrnn_q15_fastgrnn_shift_dense,
        (false, true) => ffi::tinyrnn_q15_fastgrnn_div_sparse,
        (true, true) => ffi::tinyrnn_q15_fastgrnn_shift_sparse,
    }
}

fn tinyrnn_q7xq15_q15_fastgrnn(f: Flags) -> Q7Cell {
    match (f.shift, f.sparse) {
        (false, false) => ffi::tinyrnn_q7xq15_q15_fastgrnn_div_dense,
        (true, false) => ffi::tinyrnn_q7xq15_q15_fastgrnn_shift_dense,
        (false, true) => ffi::tinyrnn_q7xq15_q15_fastgrnn_div_sparse,
        (true, true) => ffi::tinyrnn_q7xq15_q15_fastgrnn_shift_sparse,
    }
}

fn fastgrnn(s: &mut Session, r: &Reference) {
    let f = r.flags;
    let e = &r.api;
    let cases = (s.cases / 2).max(1);
    let ours = tinyrnn_q15_fastgrnn(f);
    s.run_n(r, "q15_fastgrnn", cases, grnn(f, q15(), DENSE_SCALES), |g| {
        let a = run_q15_grnn(g, ours, false);
        let b = run_q15_grnn(g, e.q15_fastgrnn, false);
        defined(r)?;
        same("(return code, hidden state)", &a, &b)
    });
    let ours = tinyrnn_q7xq15_q15_fastgrnn(f);
    s.run_n(r, "q7xq15_q15_fastgrnn", cases, grnn(f, q7(), DENSE_SCALES), |g| {
        let a = run_q7_grnn(g, ours);
        let b = run_q7_grnn(g, e.q7xq15_q15_fastgrnn);
        defined(r)?;
        same("(return code, hidden state)", &a, &b)
    });
    if !f.sparse {
        let ours = modal!(f, tinyrnn_q15_fastgrnn_lr_div, tinyrnn_q15_fastgrnn_lr_shift);
        s.run_n(r, "q15_fastgrnn_lr", cases, grnn(f, q15(), LR_SCALES), |g| {
            let a = run_q15_grnn(g, ours, true);
            let b = run_q15_grnn(g, e.q15_fastgrnn_lr, true);
            defined(r)?;
            same("(return code, hidden state)", &a, &b)
        });
    }
}


// ---------------------------------------------------------------------------
// quantized_rnnpool.h: outputs, and the RNNs' calls (count, order, arguments)
// ---------------------------------------------------------------------------

/// One call an RNNPool block made to its RNN: which RNN (1 or 2), sizes,
/// flags, the input it was given and the state it started from.
#[derive(Clone, Debug, PartialEq)]
struct RnnCall {
    rnn: u8,
    hidden: u32,
    inputs: u32,
    steps: u32,
    backward: i32,
    normalize: i32,
    input: Vec<i32>,
    state_in: Vec<i16>,
}

thread_local! {
    static CALLS: RefCell<Vec<RnnCall>> = const { RefCell::new(Vec::new()) };
    /// (params of rnn1, the cell it delegates to for Q15 and for Q7 input, params of rnn2).
    static DELEGATE: RefCell<Option<(usize, Option<Q15Cell>, Option<Q7Cell>, usize, Q15Cell)>> = const { RefCell::new(None) };
}

unsafe fn log_call<X: Copy + Into<i32>>(h: *mut i16, hd: u32, x: *const X, xd: u32, t: u32, p: *const c_void, back: i32, norm: i32) -> u8 {
    let rnn = DELEGATE.with(|d| if d.borrow().as_ref().is_some_and(|d| d.0 == p as usize) { 1 } else { 2 });
    let n = (xd * t) as usize;
    let input = if n == 0 { vec![] } else { std::slice::from_raw_parts(x, n).iter().map(|&v| v.into()).collect() };
    let state_in = if hd == 0 { vec![] } else { std::slice::from_raw_parts(h, hd as usize).to_vec() };
    CALLS.with(|c| c.borrow_mut().push(RnnCall { rnn, hidden: hd, inputs: xd, steps: t, backward: back, normalize: norm, input, state_in }));
    rnn
}

unsafe extern "C" fn logged_q15(h: *mut i16, hd: u32, x: *const i16, xd: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, back: i32, norm: i32) -> i32 {
    let rnn = log_call(h, hd, x, xd, t, p, back, norm);
    let cell = DELEGATE.with(|d| {
        let d = d.borrow();
        let d = d.as_ref().expect("delegate set");
        if rnn == 1 { d.1.expect("Q15 rnn1") } else { d.4 }
    });
    cell(h, hd, x, xd, t, p, b, s, back, norm)
}

unsafe extern "C" fn logged_q7(h: *mut i16, hd: u32, x: *const i8, xd: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, back: i32, norm: i32) -> i32 {
    log_call(h, hd, x, xd, t, p, back, norm);
    let cell = DELEGATE.with(|d| d.borrow().as_ref().and_then(|d| d.2).expect("Q7 rnn1"));
    cell(h, hd, x, xd, t, p, b, s, back, norm)
}

/// A FastGRNN's structs and scratch, alive for the duration of a pool call.
struct Owned<P, B> {
    params: P,
    buffers: B,
    scales: Q15_FastGRNN_Scales,
    _scratch: (Vec<i16>, Vec<i16>, Vec<i16>, Vec<i16>, Vec<i8>),
}

fn owned_q15(g: &Grnn<i16>) -> Owned<Q15_FastGRNN_Params, Q15_FastGRNN_Buffers> {
    let mut scratch = (vec![0i16; g.hidden + 1], vec![0i16; g.hidden + 1], vec![0i16; g.hidden + 1], vec![0i16; g.inputs + 1], vec![]);
    let params = Q15_FastGRNN_Params {
        mean: g.mean.as_ptr(), stdDev: g.std_dev.as_ptr(), W: g.w.as_ptr(), Wids: g.wids.as_ptr(), Wvals: g.wvals.as_ptr(),
        U: g.u.as_ptr(), Uids: g.uids.as_ptr(), Uvals: g.uvals.as_ptr(), Bg: g.bg.as_ptr(), Bh: g.bh.as_ptr(),
        sigmoid_zeta: g.zeta, sigmoid_nu: g.nu,
    };
    let buffers = Q15_FastGRNN_Buffers { preComp1: scratch.0.as_mut_ptr(), preComp2: scratch.1.as_mut_ptr(), preComp3: scratch.2.as_mut_ptr(), normFeatures: scratch.3.as_mut_ptr() };
    Owned { params, buffers, scales: g.scales.dense(), _scratch: scratch }
}

/// A low-rank FastGRNN's C structs over scratch of its own.
struct OwnedLr {
    params: Q15_FastGRNN_LR_Params,
    buffers: Q15_FastGRNN_LR_Buffers,
    scales: Q15_FastGRNN_LR_Scales,
    _scratch: Vec<Vec<i16>>,
}

fn owned_lr(g: &Grnn<i16>) -> OwnedLr {
    let mut scratch: Vec<Vec<i16>> = [g.hidden, g.hidden, g.hidden, g.w_rank, g.u_rank, g.inputs].iter().map(|&n| vec![0i16; n + 1]).collect();
    let params = Q15_FastGRNN_LR_Params {
        mean: g.mean.as_ptr(), stdDev: g.std_dev.as_ptr(), W1: g.w1.as_ptr(), W2: g.w2.as_ptr(), wRank: len32(g.w_rank), U1: g.u1.as_ptr(),
        U2: g.u2.as_ptr(), uRank: len32(g.u_rank), Bg: g.bg.as_ptr(), Bh: g.bh.as_ptr(), sigmoid_zeta: g.zeta, sigmoid_nu: g.nu,
    };
    let p = |k: usize, s: &mut Vec<Vec<i16>>| s[k].as_mut_ptr();
    let buffers = Q15_FastGRNN_LR_Buffers {
        preComp1: p(0, &mut scratch), preComp2: p(1, &mut scratch), preComp3: p(2, &mut scratch), tempLRW: p(3, &mut scratch),
        tempLRU: p(4, &mut scratch), normFeatures: p(5, &mut scratch),
    };
    OwnedLr { params, buffers, scales: g.scales.low_rank(), _scratch: scratch }
}

fn owned_q7(g: &Grnn<i8>) -> Owned<Q7xQ15_FastGRNN_Params, Q7xQ15_FastGRNN_Buffers> {
    let mut scratch = (vec![0i16; g.hidden + 1], vec![0i16; g.hidden + 1], vec![0i16; g.hidden + 1], vec![], vec![0i8; g.inputs + 1]);
    let params = Q7xQ15_FastGRNN_Params {
        mean: g.mean.as_ptr(), stdDev: g.std_dev.as_ptr(), W: g.w.as_ptr(), Wids: g.wids.as_ptr(), Wvals: g.wvals.as_ptr(),
        U: g.u.as_ptr(), Uids: g.uids.as_ptr(), Uvals: g.uvals.as_ptr(), Bg: g.bg.as_ptr(), Bh: g.bh.as_ptr(),
        sigmoid_zeta: g.zeta, sigmoid_nu: g.nu,
    };
    let buffers = Q7xQ15_FastGRNN_Buffers { preComp1: scratch.0.as_mut_ptr(), preComp2: scratch.1.as_mut_ptr(), preComp3: scratch.2.as_mut_ptr(), normFeatures: scratch.4.as_mut_ptr() };
    Owned { params, buffers, scales: g.scales.dense(), _scratch: scratch }
}

#[derive(Clone, Debug)]
struct Pool<X> {
    inputs: usize,
    patch_dim: usize,
    stride: usize,
    patch: Vec<X>,
    rnn1: Grnn<X>,
    rnn2: Grnn<i16>,
    output: Vec<i16>,
    buffer: Vec<i16>,
    sh: [i32; 4],
}

fn pool<X: Debug + Clone + 'static>(flags: Flags, elem: BoxedStrategy<X>) -> impl Strategy<Value = Pool<X>> {
    pool_with(flags, elem, DENSE_SCALES)
}

/// [`pool`] with RNNs of `n_scales` scales ([`LR_SCALES`]: low rank).
fn pool_with<X: Debug + Clone + 'static>(flags: Flags, elem: BoxedStrategy<X>, n_scales: usize) -> impl Strategy<Value = Pool<X>> {
    (0usize..4, 0usize..4, 0usize..4, 0usize..4, 1usize..3).prop_flat_map(move |(d, h1, h2, p, st)| {
        let plen = if p == 0 { 0 } else { (st * (p - 1) + p) * d };
        (
            prop::collection::vec(elem.clone(), plen),
            grnn_sized(flags, elem.clone(), n_scales, Just((h1, d, 0)).boxed()),
            grnn_sized(flags, q15(), n_scales, Just((h2, h1, 0)).boxed()),
            prop::collection::vec(q15(), 4 * h2 + 1),
            prop::collection::vec(q15(), h1 * p + 1),
            // ShR: divisor (>= 1) or right shift; ShL: multiplier or left shift, small.
            (scale(flags), 0i32..=3, scale(flags), 0i32..=3),
        )
            .prop_map(move |(patch, rnn1, rnn2, output, buffer, (r1, l1, r2, l2))| {
                let l = |v: i32| if flags.shift { v } else { 1 << v };
                Pool { inputs: d, patch_dim: p, stride: st, patch, rnn1, rnn2, output, buffer, sh: [r1, l(l1), r2, l(l2)] }
            })
    })
}

type Q15PoolFn = unsafe extern "C" fn(*const i16, u32, u32, u32, ffi::q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, ffi::q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32) -> i32;
type Q7PoolFn = unsafe extern "C" fn(*const i8, u32, u32, u32, ffi::q7xq15_q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, ffi::q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32) -> i32;

/// (return code, output, buffer, the RNNs' calls).
type PoolResult = (i32, Vec<i16>, Vec<i16>, Vec<RnnCall>);

/// The block of the build `f` (its `SHIFT` and `SPARSE`), whose RNNs are
/// the `q15_fastgrnn` (and `q7xq15_q15_fastgrnn`) of the same build.
fn tinyrnn_q15_pool(f: Flags) -> Q15PoolFn {
    match (f.shift, f.sparse) {
        (false, false) => ffi::tinyrnn_q15_rnnpool_block_div_dense,
        (true, false) => ffi::tinyrnn_q15_rnnpool_block_shift_dense,
        (false, true) => ffi::tinyrnn_q15_rnnpool_block_div_sparse,
        (true, true) => ffi::tinyrnn_q15_rnnpool_block_shift_sparse,
    }
}

fn tinyrnn_q7_pool(f: Flags) -> Q7PoolFn {
    match (f.shift, f.sparse) {
        (false, false) => ffi::tinyrnn_q7xq15_q15_rnnpool_block_div_dense,
        (true, false) => ffi::tinyrnn_q7xq15_q15_rnnpool_block_shift_dense,
        (false, true) => ffi::tinyrnn_q7xq15_q15_rnnpool_block_div_sparse,
        (true, true) => ffi::tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse,
    }
}

/// A block whose RNNs are `cell` (`logged`: through a logging RNN that
/// calls it, so the calls are compared too; else the cell itself, which
/// tinyrnn's block of the same build calls directly).
fn run_q15_pool(c: &Pool<i16>, pool: Q15PoolFn, cell: Q15Cell, logged: bool) -> PoolResult {
    run_q15_pool_placed(c, pool, cell, logged, 0)
}

/// Where [`scratch_in_block`] puts one RNN scratch buffer: (its RNN, which
/// of its four buffers, in `output` (else `buffer`), from element).
fn scratch_place(layout: u8, hd2: usize) -> (usize, usize, bool, usize) {
    match layout {
        1 => (1, 0, true, 0),       // rnn1's preComp1: rnn2's first state
        2 => (2, 1, true, 2 * hd2), // rnn2's preComp2: its third state
        3 => (1, 2, false, 0),      // rnn1's preComp3: the row states
        _ => (2, 3, false, 0),      // rnn2's normFeatures: its input
    }
}

/// A FastGRNN buffers struct whose scratch buffer `k` (`preComp1..3`,
/// `normFeatures`) [`scratch_in_block`] may point elsewhere.
trait PlaceScratch {
    fn place(&mut self, k: usize, p: *mut i16);
}

macro_rules! place_scratch {
    ($($t:ty),*) => {$(
        impl PlaceScratch for $t {
            fn place(&mut self, k: usize, p: *mut i16) {
                match k {
                    0 => self.preComp1 = p,
                    1 => self.preComp2 = p,
                    2 => self.preComp3 = p,
                    // A Q7 `normFeatures` is never placed (`scratch_place`).
                    _ => self.normFeatures = p as _,
                }
            }
        }
    )*};
}
place_scratch!(Q15_FastGRNN_Buffers, Q15_FastGRNN_LR_Buffers, Q7xQ15_FastGRNN_Buffers);

/// Points one scratch buffer of the pooled RNNs (`layout` 1 to 4:
/// [`scratch_place`]; 0: none; `b1`, `b2` their buffers) into the block's
/// `output` or `buffer` (of `c`'s block: `4·hd2` and `hd1·patchDim`
/// elements, not the spare element after them), where it fits (rnn2's input
/// has `hd1` elements), as a C caller may.
fn scratch_in_block<X>(layout: u8, c: &Pool<X>, out: &mut [i16], buf: &mut [i16], b1: &mut impl PlaceScratch, b2: &mut impl PlaceScratch) {
    if layout == 0 {
        return;
    }
    let (hd1, hd2) = (c.rnn1.hidden, c.rnn2.hidden);
    let (rnn, k, in_output, at) = scratch_place(layout, hd2);
    let len = if rnn == 1 || k == 3 { hd1 } else { hd2 };
    let (region, size): (&mut [i16], usize) = if in_output { (out, 4 * hd2) } else { (buf, hd1 * c.patch_dim) };
    if len > 0 && at + len <= size {
        let p = region[at..].as_mut_ptr();
        if rnn == 1 {
            b1.place(k, p);
        } else {
            b2.place(k, p);
        }
    }
}

/// [`run_q15_pool`] with one RNN scratch buffer in the block's memory
/// ([`scratch_in_block`]).
fn run_q15_pool_placed(c: &Pool<i16>, pool: Q15PoolFn, cell: Q15Cell, logged: bool, layout: u8) -> PoolResult {
    let rnn: ffi::q15_rnn_t = if logged { Some(logged_q15) } else { Some(cell) };
    let mut o1 = owned_q15(&c.rnn1);
    let mut o2 = owned_q15(&c.rnn2);
    let (mut out, mut buf) = (c.output.clone(), c.buffer.clone());
    scratch_in_block(layout, c, &mut out, &mut buf, &mut o1.buffers, &mut o2.buffers);
    DELEGATE.with(|d| *d.borrow_mut() = Some((ptr_of(&o1.params) as usize, Some(cell), None, ptr_of(&o2.params) as usize, cell)));
    CALLS.with(|k| k.borrow_mut().clear());
    let rc = unsafe {
        pool(c.patch.as_ptr(), len32(c.inputs), len32(c.patch_dim), len32(c.stride),
            rnn, len32(c.rnn1.hidden), ptr_of(&o1.params), mut_of(&mut o1.buffers), ptr_of(&o1.scales),
            rnn, len32(c.rnn2.hidden), ptr_of(&o2.params), mut_of(&mut o2.buffers), ptr_of(&o2.scales),
            out.as_mut_ptr(), buf.as_mut_ptr(), c.sh[0], c.sh[1], c.sh[2], c.sh[3])
    };
    (rc, out, buf, CALLS.with(|k| k.take()))
}

/// A Q15 block whose RNNs are each side's own low-rank FastGRNN `cell`, one
/// scratch buffer of them in the block's memory ([`scratch_in_block`]).
fn run_lr_pool_placed(c: &Pool<i16>, pool: Q15PoolFn, cell: Q15Cell, layout: u8) -> PoolResult {
    let mut o1 = owned_lr(&c.rnn1);
    let mut o2 = owned_lr(&c.rnn2);
    let (mut out, mut buf) = (c.output.clone(), c.buffer.clone());
    scratch_in_block(layout, c, &mut out, &mut buf, &mut o1.buffers, &mut o2.buffers);
    let rc = unsafe {
        pool(c.patch.as_ptr(), len32(c.inputs), len32(c.patch_dim), len32(c.stride),
            Some(cell), len32(c.rnn1.hidden), ptr_of(&o1.params), mut_of(&mut o1.buffers), ptr_of(&o1.scales),
            Some(cell), len32(c.rnn2.hidden), ptr_of(&o2.params), mut_of(&mut o2.buffers), ptr_of(&o2.scales),
            out.as_mut_ptr(), buf.as_mut_ptr(), c.sh[0], c.sh[1], c.sh[2], c.sh[3])
    };
    (rc, out, buf, vec![])
}

fn run_q7_pool(c: &Pool<i8>, pool: Q7PoolFn, cell1: Q7Cell, cell2: Q15Cell, logged: bool, layout: u8) -> PoolResult {
    let rnn1: ffi::q7xq15_q15_rnn_t = if logged { Some(logged_q7) } else { Some(cell1) };
    let rnn2: ffi::q15_rnn_t = if logged { Some(logged_q15) } else { Some(cell2) };
    let mut o1 = owned_q7(&c.rnn1);
    let mut o2 = owned_q15(&c.rnn2);
    let (mut out, mut buf) = (c.output.clone(), c.buffer.clone());
    scratch_in_block(layout, c, &mut out, &mut buf, &mut o1.buffers, &mut o2.buffers);
    DELEGATE.with(|d| *d.borrow_mut() = Some((ptr_of(&o1.params) as usize, None, Some(cell1), ptr_of(&o2.params) as usize, cell2)));
    CALLS.with(|k| k.borrow_mut().clear());
    let rc = unsafe {
        pool(c.patch.as_ptr(), len32(c.inputs), len32(c.patch_dim), len32(c.stride),
            rnn1, len32(c.rnn1.hidden), ptr_of(&o1.params), mut_of(&mut o1.buffers), ptr_of(&o1.scales),
            rnn2, len32(c.rnn2.hidden), ptr_of(&o2.params), mut_of(&mut o2.buffers), ptr_of(&o2.scales),
            out.as_mut_ptr(), buf.as_mut_ptr(), c.sh[0], c.sh[1], c.sh[2], c.sh[3])
    };
    (rc, out, buf, CALLS.with(|k| k.take()))
}

/// [`run_q15_pool`] with the patch, `output` and `buffer` placed in one
/// arena at offsets from `at` (so they may share memory): (return code,
/// the arena, the RNNs' calls).
fn run_q15_pool_shared(c: &Pool<i16>, at: [u16; 3], pool: Q15PoolFn, cell: Q15Cell, logged: bool) -> PoolResult {
    let rnn: ffi::q15_rnn_t = if logged { Some(logged_q15) } else { Some(cell) };
    let mut o1 = owned_q15(&c.rnn1);
    let mut o2 = owned_q15(&c.rnn2);
    let (olen, blen) = (4 * c.rnn2.hidden, c.rnn1.hidden * c.patch_dim);
    let mut arena: Vec<i16> = c.patch.iter().chain(&c.output[..olen]).chain(&c.buffer[..blen]).copied().collect();
    let place = |seed: u16, len: usize| seed as usize % (arena.len() - len + 1);
    let (po, oo, bo) = (place(at[0], c.patch.len()), place(at[1], olen), place(at[2], blen));
    DELEGATE.with(|d| *d.borrow_mut() = Some((ptr_of(&o1.params) as usize, Some(cell), None, ptr_of(&o2.params) as usize, cell)));
    CALLS.with(|k| k.borrow_mut().clear());
    let rc = unsafe {
        let a = arena.as_mut_ptr();
        pool(a.add(po), len32(c.inputs), len32(c.patch_dim), len32(c.stride),
            rnn, len32(c.rnn1.hidden), ptr_of(&o1.params), mut_of(&mut o1.buffers), ptr_of(&o1.scales),
            rnn, len32(c.rnn2.hidden), ptr_of(&o2.params), mut_of(&mut o2.buffers), ptr_of(&o2.scales),
            a.add(oo), a.add(bo), c.sh[0], c.sh[1], c.sh[2], c.sh[3])
    };
    (rc, arena, vec![], CALLS.with(|k| k.take()))
}

fn rnnpool(s: &mut Session, r: &Reference) {
    let f = r.flags;
    let e = &r.api;
    let cases = (s.cases / 2).max(1);
    // SAFETY (transmutes below): EdgeML's pool takes the same C function-pointer types.
    let ours: Q15PoolFn = tinyrnn_q15_pool(f);
    let theirs: Q15PoolFn = unsafe { std::mem::transmute(e.q15_rnnpool_block) };
    let (cell_ours, cell_theirs) = (tinyrnn_q15_fastgrnn(f), e.q15_fastgrnn);
    s.run_n(r, "q15_rnnpool_block", cases, pool(f, q15()), |c| {
        let a = run_q15_pool(c, ours, cell_ours, true);
        let b = run_q15_pool(c, theirs, cell_theirs, true);
        defined(r)?;
        same("(return code, output, buffer, RNN calls)", &a, &b)
    });
    // Each side's own FastGRNN as the RNNs: tinyrnn's block calls it directly.
    s.run_n(r, "q15_rnnpool_block (own fastgrnn)", cases, pool(f, q15()), |c| {
        let a = run_q15_pool(c, ours, cell_ours, false);
        let b = run_q15_pool(c, theirs, cell_theirs, false);
        defined(r)?;
        same("(return code, output, buffer)", &a, &b)
    });
    // Each side's own FastGRNN with one scratch buffer in the block's memory,
    // which the block reads back: tinyrnn runs those calls in EdgeML's order.
    s.run_n(r, "q15_rnnpool_block (own fastgrnn, scratch in the block)", cases, (pool(f, q15()), 1u8..5), |(c, layout)| {
        let a = run_q15_pool_placed(c, ours, cell_ours, false, *layout);
        let b = run_q15_pool_placed(c, theirs, cell_theirs, false, *layout);
        defined(r)?;
        same("(return code, output, buffer)", &a, &b)
    });
    // The same with each side's low-rank FastGRNN (no SPARSE form).
    if !f.sparse {
        let (lr_ours, lr_theirs) = (modal!(f, tinyrnn_q15_fastgrnn_lr_div, tinyrnn_q15_fastgrnn_lr_shift), e.q15_fastgrnn_lr);
        s.run_n(r, "q15_rnnpool_block (own fastgrnn_lr, scratch in the block)", cases, (pool_with(f, q15(), LR_SCALES), 0u8..5), |(c, layout)| {
            let a = run_lr_pool_placed(c, ours, lr_ours, *layout);
            let b = run_lr_pool_placed(c, theirs, lr_theirs, *layout);
            defined(r)?;
            same("(return code, output, buffer)", &a, &b)
        });
    }
    // The same with the patch, output and buffer sharing memory (in place).
    for logged in [true, false] {
        let name = if logged { "q15_rnnpool_block (shared memory)" } else { "q15_rnnpool_block (shared memory, own fastgrnn)" };
        s.run_n(r, name, cases, (pool(f, q15()), any::<[u16; 3]>()), |(c, at)| {
            let a = run_q15_pool_shared(c, *at, ours, cell_ours, logged);
            let b = run_q15_pool_shared(c, *at, theirs, cell_theirs, logged);
            defined(r)?;
            same("(return code, memory, RNN calls)", &a, &b)
        });
    }
    let ours: Q7PoolFn = tinyrnn_q7_pool(f);
    let theirs: Q7PoolFn = unsafe { std::mem::transmute(e.q7xq15_q15_rnnpool_block) };
    let (q7_ours, q7_theirs) = (tinyrnn_q7xq15_q15_fastgrnn(f), e.q7xq15_q15_fastgrnn);
    for logged in [true, false] {
        let name = if logged { "q7xq15_q15_rnnpool_block" } else { "q7xq15_q15_rnnpool_block (own fastgrnn)" };
        s.run_n(r, name, cases, pool(f, q7()), |c| {
            let a = run_q7_pool(c, ours, q7_ours, cell_ours, logged, 0);
            let b = run_q7_pool(c, theirs, q7_theirs, cell_theirs, logged, 0);
            defined(r)?;
            same("(return code, output, buffer, RNN calls)", &a, &b)
        });
    }
    s.run_n(r, "q7xq15_q15_rnnpool_block (own fastgrnn, scratch in the block)", cases, (pool(f, q7()), 1u8..5), |(c, layout)| {
        let a = run_q7_pool(c, ours, q7_ours, cell_ours, false, *layout);
        let b = run_q7_pool(c, theirs, q7_theirs, cell_theirs, false, *layout);
        defined(r)?;
        same("(return code, output, buffer)", &a, &b)
    });
}


// ---------------------------------------------------------------------------
// quantized_mbconv.h
// ---------------------------------------------------------------------------

/// An MBConv geometry EdgeML defines: strides >= 1, the first rows' margin
/// `HF - HPadU - HStride` within the input and the ring of `HF` rows, at
/// least one output pixel (plus possibly a spare row/column left as it was).
#[derive(Clone, Copy, Debug)]
struct MbGeo {
    n: usize,
    h: usize,
    w: usize,
    c_in: usize,
    c_temp: usize,
    hf: usize,
    wf: usize,
    c_out: usize,
    h_out: usize,
    w_out: usize,
    pad: [i32; 4],
    stride: [usize; 2],
}

fn mb_positions(size: usize, f: usize, lo: i32, hi: i32, stride: usize) -> usize {
    let first = (f as i64 - 1) / 2 - lo as i64;
    let end = size as i64 - (f as i64 / 2 - hi as i64);
    if end > first {
        ((end - first) as usize).div_ceil(stride)
    } else {
        0
    }
}

fn mb_geometry() -> impl Strategy<Value = MbGeo> {
    (
        (1usize..=2, 1usize..=6, 1usize..=6, 1usize..=4, 1usize..=4, prop::sample::select(vec![1usize, 2, 3, 5]), prop::sample::select(vec![1usize, 2, 3, 5])),
        (1usize..=4, 1usize..=2, 1usize..=2, any::<[u8; 4]>(), 0usize..2, 0usize..2),
    )
        .prop_filter_map("EdgeML reads past the input, or no output pixel", |((n, h, w, c_in, c_temp, hf, wf), (c_out, sh, sw, pads, xh, xw))| {
            let pad = [(pads[0] as usize % (hf / 2 + 1)) as i32, (pads[1] as usize % (hf / 2 + 1)) as i32, (pads[2] as usize % (wf / 2 + 1)) as i32, (pads[3] as usize % (wf / 2 + 1)) as i32];
            let margin = (hf as i64 - pad[0] as i64 - sh as i64).max(0);
            if margin > h as i64 || margin > hf as i64 {
                return None;
            }
            let h_out = mb_positions(h, hf, pad[0], pad[1], sh);
            let w_out = mb_positions(w, wf, pad[2], pad[3], sw);
            (h_out > 0 && w_out > 0).then_some(MbGeo { n, h, w, c_in, c_temp, hf, wf, c_out, h_out: h_out + xh, w_out: w_out + xw, pad, stride: [sh, sw] })
        })
}

/// Deterministic contents from a seed (the case is (geometry, seed)).
struct Fill(u64);

impl Fill {
    fn next(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        lo + ((self.0 >> 33) % (hi - lo + 1) as u64) as i64
    }
    fn vec<T: TryFrom<i64>>(&mut self, n: usize, r: i64) -> Vec<T> {
        (0..n).map(|_| T::try_from(self.next(-r, r - 1)).ok().expect("in range")).collect()
    }
    /// `shr*` then `shl*`, six each: divisors/right shifts of 2^4..2^10 or
    /// 2^0..2^3 (alternately), multipliers/left shifts of 1..2 / 0..1.
    fn scales(&mut self, shift: bool) -> [i32; 12] {
        let mut s = [0i32; 12];
        for (i, v) in s.iter_mut().enumerate().take(6) {
            let (lo, hi) = if i % 2 == 0 { (4, 10) } else { (0, 3) };
            let e = self.next(lo, hi) as i32;
            *v = if shift { e } else { (1 << e) + self.next(0, 3) as i32 };
        }
        for v in s.iter_mut().skip(6) {
            *v = if shift { self.next(0, 1) as i32 } else { self.next(1, 2) as i32 };
        }
        s
    }
}

macro_rules! mbconv_check {
    ($s:expr, $r:expr, $name:literal, $div:ident, $shift:ident, $edge:ident, $in:ty, $f:ty, $b:ty, $out:ty, $buf:ty, $lim:ty, [$ri:expr, $rf:expr, $rw:expr, $rb:expr], $max_limit:expr) => {{
        let r: &Reference = $r;
        let ours = modal!(r.flags, $div, $shift);
        let theirs = r.api.$edge;
        let shift = r.flags.shift;
        $s.run(r, $name, (mb_geometry(), any::<u64>()), |(g, seed)| {
            let mut f = Fill(*seed);
            let input: Vec<$in> = f.vec(g.n * g.h * g.w * g.c_in, $ri);
            let f1: Vec<$f> = f.vec(g.c_in * g.c_temp, $rf);
            let w1: Vec<$f> = f.vec(g.c_temp, $rw);
            let b1: Vec<$b> = f.vec(g.c_temp, $rb);
            let f2: Vec<$f> = f.vec(g.c_temp * g.hf * g.wf, $rf);
            let w2: Vec<$f> = f.vec(g.c_temp, $rw);
            let b2: Vec<$b> = f.vec(g.c_temp, $rb);
            let f3: Vec<$f> = f.vec(g.c_temp * g.c_out, $rf);
            let w3: Vec<$f> = f.vec(g.c_out, $rw);
            let b3: Vec<$b> = f.vec(g.c_out, $rb);
            let limits = (f.next(-20, $max_limit) as $lim, f.next(0, ($max_limit as i64).min(32767)) as $lim);
            let sc = f.scales(shift);
            let out0: Vec<$out> = f.vec(g.n * g.h_out * g.w_out * g.c_out + 2, 100);
            let cb10: Vec<$buf> = f.vec(g.hf * g.w * g.c_temp + 2, 100);
            let cb20: Vec<$buf> = f.vec(g.c_temp + 2, 100);
            let run = |mine: bool| {
                let (mut out, mut cb1, mut cb2) = (out0.clone(), cb10.clone(), cb20.clone());
                let call = if mine { ours } else { theirs };
                unsafe {
                    call(
                        input.as_ptr(), f1.as_ptr(), w1.as_ptr(), b1.as_ptr(), f2.as_ptr(), w2.as_ptr(), b2.as_ptr(), f3.as_ptr(), w3.as_ptr(), b3.as_ptr(),
                        out.as_mut_ptr(), cb1.as_mut_ptr(), cb2.as_mut_ptr(),
                        len32(g.n), len32(g.h), len32(g.w), len32(g.c_in), len32(g.c_temp), len32(g.hf), len32(g.wf), len32(g.c_out), len32(g.h_out), len32(g.w_out),
                        g.pad[0], g.pad[1], g.pad[2], g.pad[3], len32(g.stride[0]), len32(g.stride[1]),
                        limits.0, limits.1,
                        sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7], sc[8], sc[9], sc[10], sc[11],
                    );
                }
                (out, cb1, cb2)
            };
            let (a, b) = (run(true), run(false));
            defined(r)?;
            same("(output, convBuffer1, convBuffer2)", &a, &b)
        });
    }};
}

/// As [`mbconv_check!`] for a block whose input, output and conv buffers
/// share one element type, with the four placed in one arena at seeded
/// offsets (so they may overlap: EdgeML's loops then define the result).
macro_rules! mbconv_shared_check {
    ($s:expr, $r:expr, $name:literal, $div:ident, $shift:ident, $edge:ident, $t:ty, $f:ty, $b:ty, $lim:ty, [$ri:expr, $rf:expr, $rw:expr, $rb:expr], $max_limit:expr) => {{
        let r: &Reference = $r;
        let ours = modal!(r.flags, $div, $shift);
        let theirs = r.api.$edge;
        let shift = r.flags.shift;
        $s.run(r, $name, (mb_geometry(), any::<u64>()), |(g, seed)| {
            let mut f = Fill(*seed);
            let f1: Vec<$f> = f.vec(g.c_in * g.c_temp, $rf);
            let w1: Vec<$f> = f.vec(g.c_temp, $rw);
            let b1: Vec<$b> = f.vec(g.c_temp, $rb);
            let f2: Vec<$f> = f.vec(g.c_temp * g.hf * g.wf, $rf);
            let w2: Vec<$f> = f.vec(g.c_temp, $rw);
            let b2: Vec<$b> = f.vec(g.c_temp, $rb);
            let f3: Vec<$f> = f.vec(g.c_temp * g.c_out, $rf);
            let w3: Vec<$f> = f.vec(g.c_out, $rw);
            let b3: Vec<$b> = f.vec(g.c_out, $rb);
            let limits = (f.next(-20, $max_limit) as $lim, f.next(0, ($max_limit as i64).min(32767)) as $lim);
            let sc = f.scales(shift);
            let lens = [g.n * g.h * g.w * g.c_in, g.n * g.h_out * g.w_out * g.c_out, g.hf * g.w * g.c_temp, g.c_temp];
            let arena0: Vec<$t> = f.vec(lens.iter().sum::<usize>() + 4, $ri);
            let at: Vec<usize> = lens.iter().map(|&n| f.next(0, (arena0.len() - n) as i64) as usize).collect();
            let run = |mine: bool| {
                let mut arena = arena0.clone();
                let call = if mine { ours } else { theirs };
                unsafe {
                    let a = arena.as_mut_ptr();
                    call(
                        a.add(at[0]), f1.as_ptr(), w1.as_ptr(), b1.as_ptr(), f2.as_ptr(), w2.as_ptr(), b2.as_ptr(), f3.as_ptr(), w3.as_ptr(), b3.as_ptr(),
                        a.add(at[1]), a.add(at[2]), a.add(at[3]),
                        len32(g.n), len32(g.h), len32(g.w), len32(g.c_in), len32(g.c_temp), len32(g.hf), len32(g.wf), len32(g.c_out), len32(g.h_out), len32(g.w_out),
                        g.pad[0], g.pad[1], g.pad[2], g.pad[3], len32(g.stride[0]), len32(g.stride[1]),
                        limits.0, limits.1,
                        sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7], sc[8], sc[9], sc[10], sc[11],
                    );
                }
                arena
            };
            let (a, b) = (run(true), run(false));
            defined(r)?;
            same("memory (input, output and conv buffers sharing it)", &a, &b)
        });
    }};
}

fn mbconv(s: &mut Session, r: &Reference) {
    mbconv_check!(s, r, "q7_mbconv_block", tinyrnn_q7_mbconv_block_div, tinyrnn_q7_mbconv_block_shift, q7_mbconv_block, i8, i8, i8, i8, i8, i16, [128, 128, 128, 128], 32767);
    mbconv_check!(s, r, "q7xq15_q15_mbconv_block", tinyrnn_q7xq15_q15_mbconv_block_div, tinyrnn_q7xq15_q15_mbconv_block_shift, q7xq15_q15_mbconv_block, i8, i16, i16, i16, i16, i32, [128, 256, 64, 2048], 100_000);
    mbconv_check!(s, r, "q15xq7_q7_mbconv_block", tinyrnn_q15xq7_q7_mbconv_block_div, tinyrnn_q15xq7_q7_mbconv_block_shift, q15xq7_q7_mbconv_block, i16, i8, i16, i8, i16, i32, [2048, 128, 16, 2048], 100_000);
    mbconv_check!(s, r, "q15xq7_q15_mbconv_block", tinyrnn_q15xq7_q15_mbconv_block_div, tinyrnn_q15xq7_q15_mbconv_block_shift, q15xq7_q15_mbconv_block, i16, i8, i16, i16, i16, i32, [2048, 128, 16, 2048], 100_000);
    mbconv_check!(s, r, "q15_mbconv_block", tinyrnn_q15_mbconv_block_div, tinyrnn_q15_mbconv_block_shift, q15_mbconv_block, i16, i16, i16, i16, i16, i32, [2048, 256, 64, 2048], 100_000);
    mbconv_shared_check!(s, r, "q7_mbconv_block (shared memory)", tinyrnn_q7_mbconv_block_div, tinyrnn_q7_mbconv_block_shift, q7_mbconv_block, i8, i8, i8, i16, [128, 128, 128, 128], 32767);
    mbconv_shared_check!(s, r, "q15_mbconv_block (shared memory)", tinyrnn_q15_mbconv_block_div, tinyrnn_q15_mbconv_block_shift, q15_mbconv_block, i16, i16, i16, i32, [2048, 256, 64, 2048], 100_000);
}

// ---------------------------------------------------------------------------
// The float API (utils.h, classifier.h, fastgrnn.h, rnnpool.h)
// ---------------------------------------------------------------------------

use ffi::{FastGRNN_Buffers, FastGRNN_LR_Buffers, FastGRNN_LR_Params, FastGRNN_Params};

/// Floats: mostly ordinary values, sometimes any bit pattern's class
/// (subnormal, infinite, NaN) and the edges. Every float is in the domain.
fn real() -> BoxedStrategy<f32> {
    prop_oneof![
        6 => -4.0f32..4.0,
        1 => -100.0f32..100.0,
        1 => any::<f32>(),
        1 => prop::sample::select(vec![0.0f32, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, f32::MIN_POSITIVE, 88.8, -88.8, 1e-40]),
    ]
    .boxed()
}

/// Bits, with every NaN alike (the contract keeps NaN-ness, not sign or payload).
fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| if x.is_nan() { 0x7fc0_0000 } else { x.to_bits() }).collect()
}

fn compare_arena_f32(r: &Reference, arena: &[f32], call: impl Fn(bool, *mut f32)) -> Result<(), TestCaseError> {
    let mut ours = arena.to_vec();
    let mut theirs = arena.to_vec();
    call(true, ours.as_mut_ptr());
    call(false, theirs.as_mut_ptr());
    defined(r)?;
    same("memory after the call (bits)", &bits(&ours), &bits(&theirs))
}

fn float_utils(s: &mut Session, r: &Reference) {
    let e = &r.api;
    type Scalar = unsafe extern "C" fn(f32) -> f32;
    let scalars: [(&str, Scalar, Scalar); 5] = [
        ("relu", ffi::tinyrnn_relu, e.relu),
        ("sigmoid", ffi::tinyrnn_sigmoid, e.sigmoid),
        ("tanhyperbolic", ffi::tinyrnn_tanhyperbolic, e.tanhyperbolic),
        ("quantTanh", ffi::tinyrnn_quantTanh, e.quantTanh),
        ("quantSigmoid", ffi::tinyrnn_quantSigmoid, e.quantSigmoid),
    ];
    for (name, ours, theirs) in scalars {
        s.run(r, name, real(), |x| {
            let (a, b) = unsafe { (ours(*x), theirs(*x)) };
            same("result (bits)", &bits(&[a]), &bits(&[b]))
        });
    }
    type Binary = unsafe extern "C" fn(f32, f32) -> f32;
    let binaries: [(&str, Binary, Binary); 2] = [("min", ffi::tinyrnn_min, e.min), ("max", ffi::tinyrnn_max, e.max)];
    for (name, ours, theirs) in binaries {
        s.run(r, name, (real(), real()), |(x, y)| {
            let (a, b) = unsafe { (ours(*x, *y), theirs(*x, *y)) };
            same("result (bits)", &bits(&[a]), &bits(&[b]))
        });
    }
    type Unary = unsafe extern "C" fn(*const f32, u32, *mut f32);
    let unaries: [(&str, Unary, Unary); 6] = [
        ("v_relu", ffi::tinyrnn_v_relu, e.v_relu),
        ("v_sigmoid", ffi::tinyrnn_v_sigmoid, e.v_sigmoid),
        ("v_tanh", ffi::tinyrnn_v_tanh, e.v_tanh),
        ("v_quantSigmoid", ffi::tinyrnn_v_quantSigmoid, e.v_quantSigmoid),
        ("v_quantTanh", ffi::tinyrnn_v_quantTanh, e.v_quantTanh),
        ("softmax", ffi::tinyrnn_softmax, e.softmax),
    ];
    for (name, ours, theirs) in unaries {
        // softmax: len >= 1 (EdgeML reads input[0]).
        s.run(r, name, elementwise(real(), 1, Just(vec![]).boxed()), |c| {
            if name == "softmax" && c.len == 0 {
                return Ok(());
            }
            let o = &c.offs;
            compare_arena_f32(r, &c.arena, |mine, p| unsafe { (if mine { ours } else { theirs })(p.add(o[0]), len32(c.len), p.add(o[1])) })
        });
    }
    type Pair = unsafe extern "C" fn(*const f32, *const f32, u32, *mut f32);
    let pairs: [(&str, Pair, Pair); 2] = [("v_mult", ffi::tinyrnn_v_mult, e.v_mult), ("v_div", ffi::tinyrnn_v_div, e.v_div)];
    for (name, ours, theirs) in pairs {
        s.run(r, name, elementwise(real(), 2, Just(vec![]).boxed()), |c| {
            let o = &c.offs;
            compare_arena_f32(r, &c.arena, |mine, p| unsafe { (if mine { ours } else { theirs })(p.add(o[0]), p.add(o[1]), len32(c.len), p.add(o[2])) })
        });
    }
    s.run(r, "v_add", (elementwise(real(), 2, Just(vec![]).boxed()), real(), real()), |(c, a, b)| {
        let o = &c.offs;
        compare_arena_f32(r, &c.arena, |mine, p| unsafe {
            (if mine { ffi::tinyrnn_v_add } else { e.v_add })(*a, p.add(o[0]), *b, p.add(o[1]), len32(c.len), p.add(o[2]))
        })
    });
    s.run(r, "l2squared", elementwise(real(), 2, Just(vec![]).boxed()), |c| {
        let o = &c.offs;
        let (a, b) = unsafe {
            let p = c.arena.as_ptr();
            (ffi::tinyrnn_l2squared(p.add(o[0]), p.add(o[1]), len32(c.len)), (e.l2squared)(p.add(o[0]), p.add(o[1]), len32(c.len)))
        };
        same("result (bits)", &bits(&[a]), &bits(&[b]))
    });
    s.run(r, "argmax", prop::collection::vec(real(), 1..40), |v| {
        let (a, b) = unsafe { (ffi::tinyrnn_argmax(v.as_ptr(), len32(v.len())), (e.argmax)(v.as_ptr(), len32(v.len()))) };
        same("index", &a, &b)
    });
    // matVec: ret = alpha·ret + beta·mat·vec; ret apart or over vec.
    let strat = (0usize..12, 0usize..12, any::<bool>(), real(), real()).prop_flat_map(|(nr, nc, over, alpha, beta)| {
        let ret_at = if over { 2 } else { nc + 4 };
        (prop::collection::vec(real(), nr * nc), prop::collection::vec(real(), ret_at + nr + nc + 4))
            .prop_map(move |(mat, arena)| (nr, nc, ret_at, alpha, beta, mat, arena))
    });
    s.run(r, "matVec", strat, |(nr, nc, ret_at, alpha, beta, mat, arena)| {
        compare_arena_f32(r, arena, |mine, p| unsafe {
            (if mine { ffi::tinyrnn_matVec } else { e.matVec })(mat.as_ptr(), p.add(2), len32(*nr), len32(*nc), *alpha, *beta, p.add(*ret_at))
        })
    });
    let strat = (0usize..10, 0usize..10).prop_flat_map(|(nin, ncl)| {
        (prop::collection::vec(real(), nin * ncl), prop::collection::vec(real(), ncl), prop::collection::vec(real(), nin), prop::collection::vec(real(), ncl + 1))
            .prop_map(move |(w, b, x, out)| (nin, ncl, w, b, x, out))
    });
    s.run(r, "FC", strat, |(nin, ncl, w, b, x, out)| {
        let (mut a, mut c) = (out.clone(), out.clone());
        unsafe {
            ffi::tinyrnn_FC(w.as_ptr(), b.as_ptr(), x.as_ptr(), len32(*nin), a.as_mut_ptr(), len32(*ncl));
            (e.FC)(w.as_ptr(), b.as_ptr(), x.as_ptr(), len32(*nin), c.as_mut_ptr(), len32(*ncl));
        }
        same("classScores (bits)", &bits(&a), &bits(&c))
    });
}

/// A float FastGRNN call (dense and low-rank weights both generated).
#[derive(Clone, Debug)]
struct FloatGrnn {
    hidden: usize,
    inputs: usize,
    steps: usize,
    w_rank: usize,
    u_rank: usize,
    state: Vec<f32>,
    input: Vec<f32>,
    mean: Vec<f32>,
    std_dev: Vec<f32>,
    w: Vec<f32>,
    u: Vec<f32>,
    w1: Vec<f32>,
    w2: Vec<f32>,
    u1: Vec<f32>,
    u2: Vec<f32>,
    bg: Vec<f32>,
    bh: Vec<f32>,
    zeta: f32,
    nu: f32,
    backward: i32,
    normalize: i32,
}

fn float_grnn(dims: BoxedStrategy<(usize, usize, usize)>) -> impl Strategy<Value = FloatGrnn> {
    (dims, 0usize..4, 0usize..4).prop_flat_map(|((h, d, t), wr, ur)| {
        let v = |n: usize| prop::collection::vec(real(), n);
        (
            (v(h), v(t * d), v(t * d), v(t * d), v(h * d), v(h * h)),
            (v(wr * d), v(h * wr), v(ur * h), v(h * ur), v(h), v(h)),
            (real(), real(), 0i32..2, 0i32..2),
        )
            .prop_map(move |((state, input, mean, std_dev, w, u), (w1, w2, u1, u2, bg, bh), (zeta, nu, backward, normalize))| FloatGrnn {
                hidden: h,
                inputs: d,
                steps: t,
                w_rank: wr,
                u_rank: ur,
                state,
                input,
                mean,
                std_dev,
                w,
                u,
                w1,
                w2,
                u1,
                u2,
                bg,
                bh,
                zeta,
                nu,
                backward,
                normalize,
            })
    })
}

type FloatCell = unsafe extern "C" fn(*mut f32, u32, *const f32, u32, u32, *const c_void, *mut c_void, i32, i32) -> i32;

fn run_float_grnn(g: &FloatGrnn, cell: FloatCell, low_rank: bool) -> (i32, Vec<u32>) {
    let mut g = g.clone();
    let mut state = g.state.clone();
    let mut pre = vec![0f32; g.hidden + 1];
    let mut norm = vec![0f32; g.inputs + 1];
    let (mut lrw, mut lru) = (vec![0f32; g.w_rank + 1], vec![0f32; g.u_rank + 1]);
    let rc = if low_rank {
        let params = FastGRNN_LR_Params {
            mean: g.mean.as_mut_ptr(), stdDev: g.std_dev.as_mut_ptr(), W1: g.w1.as_mut_ptr(), W2: g.w2.as_mut_ptr(), wRank: len32(g.w_rank),
            U1: g.u1.as_mut_ptr(), U2: g.u2.as_mut_ptr(), uRank: len32(g.u_rank), Bg: g.bg.as_mut_ptr(), Bh: g.bh.as_mut_ptr(),
            sigmoid_zeta: g.zeta, sigmoid_nu: g.nu,
        };
        let mut buffers = FastGRNN_LR_Buffers { preComp: pre.as_mut_ptr(), tempLRW: lrw.as_mut_ptr(), tempLRU: lru.as_mut_ptr(), normFeatures: norm.as_mut_ptr() };
        unsafe { cell(state.as_mut_ptr(), len32(g.hidden), g.input.as_ptr(), len32(g.inputs), len32(g.steps), ptr_of(&params), mut_of(&mut buffers), g.backward, g.normalize) }
    } else {
        let params = FastGRNN_Params {
            mean: g.mean.as_mut_ptr(), stdDev: g.std_dev.as_mut_ptr(), W: g.w.as_mut_ptr(), U: g.u.as_mut_ptr(), Bg: g.bg.as_mut_ptr(), Bh: g.bh.as_mut_ptr(),
            sigmoid_zeta: g.zeta, sigmoid_nu: g.nu,
        };
        let mut buffers = FastGRNN_Buffers { preComp: pre.as_mut_ptr(), normFeatures: norm.as_mut_ptr() };
        unsafe { cell(state.as_mut_ptr(), len32(g.hidden), g.input.as_ptr(), len32(g.inputs), len32(g.steps), ptr_of(&params), mut_of(&mut buffers), g.backward, g.normalize) }
    };
    (rc, bits(&state))
}

fn float_rnn(s: &mut Session, r: &Reference) {
    let e = &r.api;
    let cases = (s.cases / 2).max(1);
    let dims = || prop_oneof![4 => (0usize..7, 0usize..6, 0usize..6), 1 => (1usize..17, 1usize..9, 1usize..33)].boxed();
    s.run_n(r, "fastgrnn", cases, float_grnn(dims()), |g| {
        same("(return code, hidden state bits)", &run_float_grnn(g, ffi::tinyrnn_fastgrnn, false), &run_float_grnn(g, e.fastgrnn, false))
    });
    s.run_n(r, "fastgrnn_lr", cases, float_grnn(dims()), |g| {
        same("(return code, hidden state bits)", &run_float_grnn(g, ffi::tinyrnn_fastgrnn_lr, true), &run_float_grnn(g, e.fastgrnn_lr, true))
    });
    // rnnpool_block with each side's own fastgrnn (normalize = 0: no mean/stdDev read).
    let strat = (0usize..4, 0usize..4, 0usize..4, 0usize..4, 1usize..3).prop_flat_map(|(d, h1, h2, p, st)| {
        let plen = if p == 0 { 0 } else { (st * (p - 1) + p) * d };
        (
            prop::collection::vec(real(), plen),
            float_grnn(Just((h1, d, 0)).boxed()),
            float_grnn(Just((h2, h1, 0)).boxed()),
            prop::collection::vec(real(), 4 * h2 + 1),
            prop::collection::vec(real(), h1 * p + 1),
        )
            .prop_map(move |(patch, g1, g2, out, buf)| (d, p, st, patch, g1, g2, out, buf))
    });
    s.run_n(r, "rnnpool_block", cases, strat, |(d, p, st, patch, g1, g2, out, buf)| {
        let run = |pool: unsafe extern "C" fn(*const f32, u32, u32, u32, FloatCell, u32, *const c_void, *mut c_void, FloatCell, u32, *const c_void, *mut c_void, *mut f32, *mut f32) -> i32, cell: FloatCell| {
            let (mut g1, mut g2) = (g1.clone(), g2.clone());
            let mk = |g: &mut FloatGrnn| FastGRNN_Params {
                mean: g.mean.as_mut_ptr(), stdDev: g.std_dev.as_mut_ptr(), W: g.w.as_mut_ptr(), U: g.u.as_mut_ptr(), Bg: g.bg.as_mut_ptr(), Bh: g.bh.as_mut_ptr(),
                sigmoid_zeta: g.zeta, sigmoid_nu: g.nu,
            };
            let (p1, p2) = (mk(&mut g1), mk(&mut g2));
            let (mut pre1, mut n1, mut pre2, mut n2) = (vec![0f32; g1.hidden + 1], vec![0f32; g1.inputs + 1], vec![0f32; g2.hidden + 1], vec![0f32; g2.inputs + 1]);
            let mut b1 = FastGRNN_Buffers { preComp: pre1.as_mut_ptr(), normFeatures: n1.as_mut_ptr() };
            let mut b2 = FastGRNN_Buffers { preComp: pre2.as_mut_ptr(), normFeatures: n2.as_mut_ptr() };
            let (mut o, mut b) = (out.clone(), buf.clone());
            let rc = unsafe {
                pool(patch.as_ptr(), len32(*d), len32(*p), len32(*st), cell, len32(g1.hidden), ptr_of(&p1), mut_of(&mut b1), cell, len32(g2.hidden), ptr_of(&p2), mut_of(&mut b2), o.as_mut_ptr(), b.as_mut_ptr())
            };
            (rc, bits(&o), bits(&b))
        };
        // SAFETY: the same C signature; tinyrnn's rnn_t is an Option of it.
        type PoolFn = unsafe extern "C" fn(*const f32, u32, u32, u32, FloatCell, u32, *const c_void, *mut c_void, FloatCell, u32, *const c_void, *mut c_void, *mut f32, *mut f32) -> i32;
        let ours = unsafe { std::mem::transmute::<*const (), PoolFn>(ffi::tinyrnn_rnnpool_block as *const ()) };
        same("(return code, output bits, buffer bits)", &run(ours, ffi::tinyrnn_fastgrnn), &run(e.rnnpool_block, e.fastgrnn))
    });
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

/// Every comparison for one build of the reference.
fn suite(session: &mut Session, r: &Reference) {
    if !r.flags.sparse {
        utils_vector(session, r);
        utils_matrix(session, r);
        utils_tensor(session, r);
        utils_conv(session, r);
        mbconv(session, r);
    }
    fastgrnn(session, r);
    rnnpool(session, r);
    if r.flags == Flags::ALL[0] {
        // The float API does not depend on SHIFT or SPARSE: once.
        float_utils(session, r);
        float_rnn(session, r);
    }
}

/// One fuzz input (`fuzz/fuzz_targets/edgeml_live.rs`): byte 0 picks the
/// build, byte 1 the function, the next 32 seed the generators.
/// Does nothing without `EDGEML_DIR`; panics on a difference.
pub fn fuzz_one(data: &[u8]) {
    let (Some(refs), [build, select, rest @ ..]) = (fuzz_init(), data) else { return };
    let r = &refs[*build as usize % refs.len()];
    let mut session = Session {
        cases: 1,
        seed: 0,
        failures: Vec::new(),
        total: 0,
        fuzz: Some(Fuzz { data: rest.to_vec(), select: *select as usize % 64, index: 0 }),
    };
    suite(&mut session, r);
}

/// Builds the four references once (the fuzz target calls it at start-up,
/// outside libFuzzer's per-input timeout).
pub fn fuzz_init() -> Option<&'static Vec<Reference>> {
    static REFERENCES: std::sync::OnceLock<Option<Vec<Reference>>> = std::sync::OnceLock::new();
    REFERENCES.get_or_init(|| {
        let Some(edgeml) = live_reference::edgeml_dir() else {
            say!("{}", live_reference::not_given_message("edgeml_live"));
            return None;
        };
        let work = std::env::temp_dir().join(format!("tinyrnn-edgeml-live-{}", std::process::id()));
        Some(Flags::ALL.iter().map(|&f| Reference::build(&edgeml, f, &work).unwrap_or_else(|e| panic!("{e}"))).collect())
    })
    .as_ref()
}

#[test]
fn tinyrnn_matches_the_live_edgeml_reference() {
    let Some(edgeml) = live_reference::edgeml_dir() else {
        say!("{}", live_reference::not_given_message("differential"));
        return;
    };
    let cases = env_u64("TINYRNN_DIFF_CASES").unwrap_or(8_000) as u32;
    let seed = env_u64("TINYRNN_DIFF_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1)
    });
    let work = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("edgeml-live");
    say!(
        "differential: EdgeML from {}, {cases} cases per function and build, TINYRNN_DIFF_SEED={seed}",
        edgeml.display()
    );
    let mut session = Session { cases, seed, failures: Vec::new(), total: 0, fuzz: None };
    let start = Instant::now();
    for flags in Flags::ALL {
        let t = Instant::now();
        let r = Reference::build(&edgeml, flags, &work).unwrap_or_else(|e| panic!("{e}"));
        say!("differential: built EdgeML ({flags}) in {:.1} s", t.elapsed().as_secs_f64());
        suite(&mut session, &r);
    }
    say!(
        "differential: {} cases in {:.0} s, {} function(s) differ",
        session.total,
        start.elapsed().as_secs_f64(),
        session.failures.len()
    );
    assert!(session.failures.is_empty(), "tinyrnn differs from EdgeML:\n{}", session.failures.join("\n"));
}
