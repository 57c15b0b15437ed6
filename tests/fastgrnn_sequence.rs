//! The fused FastGRNN kernels against EdgeML's own formulation: the sequence
//! of `quantized_utils` calls that `quantized_fastgrnn.c` makes each step,
//! composed here from tinyrnn's exported primitives (which
//! tests/proptest_kernels.rs checks against a plain model). Random shapes,
//! weights, scales (including out-of-domain ones: both sides use the same
//! total arithmetic), storage (dense, sparse, low-rank), Q15 and Q7 input,
//! both scaling modes, backward and normalised runs. And the RNNPool blocks
//! calling tinyrnn's own FastGRNN directly against the same blocks calling it
//! through a pointer.

use core::ffi::c_void;
use core::mem::size_of;
use core::ptr::null;

use proptest::prelude::*;
use tinyrnn as _;
use tinyrnn::ffi::fastgrnn_model::tinyrnn_fastgrnn_model;
use tinyrnn::ffi::*;

type Fast = unsafe extern "C" fn(*mut i16, u32, *const c_void, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

macro_rules! prims {
    ($($name:ident: fn($($t:ty),*);)*) => {
        extern "C" {
            $(fn $name($(_: $t),*);)*
        }
    };
}

// Both modes of every primitive FastGRNN uses, as (div, shift) pairs below.
prims! {
    tinyrnn_q15_v_add_div: fn(*const i16, *const i16, u32, *mut i16, i32, i32, i32, i32);
    tinyrnn_q15_v_add_shift: fn(*const i16, *const i16, u32, *mut i16, i32, i32, i32, i32);
    tinyrnn_q15_v_sub_div: fn(*const i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_v_sub_shift: fn(*const i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q7_v_sub_div: fn(*const i8, *const i8, u32, *mut i8, i32, i32, i32);
    tinyrnn_q7_v_sub_shift: fn(*const i8, *const i8, u32, *mut i8, i32, i32, i32);
    tinyrnn_q15_v_hadamard_div: fn(*const i16, *const i16, u32, *mut i16, i32, i32);
    tinyrnn_q15_v_hadamard_shift: fn(*const i16, *const i16, u32, *mut i16, i32, i32);
    tinyrnn_q7_v_hadamard_div: fn(*const i8, *const i8, u32, *mut i8, i32, i32);
    tinyrnn_q7_v_hadamard_shift: fn(*const i8, *const i8, u32, *mut i8, i32, i32);
    tinyrnn_q15_v_scalar_sub_div: fn(i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_v_scalar_sub_shift: fn(i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_v_scalar_add_div: fn(i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_v_scalar_add_shift: fn(i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_v_scalar_mul_div: fn(i16, *const i16, u32, *mut i16, i32, i32);
    tinyrnn_q15_v_scalar_mul_shift: fn(i16, *const i16, u32, *mut i16, i32, i32);
    tinyrnn_q15_m_mulvec_div: fn(*const i16, *const i16, u32, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_m_mulvec_shift: fn(*const i16, *const i16, u32, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15xq7_q15_m_mulvec_div: fn(*const i16, *const i8, u32, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15xq7_q15_m_mulvec_shift: fn(*const i16, *const i8, u32, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_m_sparse_mulvec_div: fn(*const u32, *const i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_m_sparse_mulvec_shift: fn(*const u32, *const i16, *const i16, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15xq7_q15_m_sparse_mulvec_div: fn(*const u32, *const i16, *const i8, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15xq7_q15_m_sparse_mulvec_shift: fn(*const u32, *const i16, *const i8, u32, *mut i16, i32, i32, i32);
    tinyrnn_q15_v_sigmoid: fn(*const i16, u32, *mut i16, i16, i16, i16, i32, i32, u32);
    tinyrnn_q15_v_tanh: fn(*const i16, u32, *mut i16, i32, i32, u32);
}

extern "C" {
    fn tinyrnn_q15_fastgrnn_div_dense(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_div_sparse(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_dense(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_shift_sparse(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_div_dense(h: *mut i16, hd: u32, x: *const i8, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_div_sparse(h: *mut i16, hd: u32, x: *const i8, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_shift_dense(h: *mut i16, hd: u32, x: *const i8, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q7xq15_q15_fastgrnn_shift_sparse(h: *mut i16, hd: u32, x: *const i8, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_lr_div(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
    fn tinyrnn_q15_fastgrnn_lr_shift(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32;
}

/// `init` and `run` of a model variant, as `model_variant` returns them.
type Init = unsafe extern "C" fn(*mut tinyrnn_fastgrnn_model, u32, u32, u32, *const c_void, *mut c_void, *const c_void, i32) -> i32;
type Run = unsafe extern "C" fn(*const tinyrnn_fastgrnn_model, *mut i16, *const c_void, u32, i32) -> i32;

macro_rules! models {
    ($($init:ident, $run:ident;)*) => {
        extern "C" {
            $(
                fn $init(m: *mut tinyrnn_fastgrnn_model, hd: u32, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, n: i32) -> i32;
                fn $run(m: *const tinyrnn_fastgrnn_model, h: *mut i16, x: *const c_void, steps: u32, bw: i32) -> i32;
            )*
        }
        /// The model functions of `cell` (`Q15`, `Q7`, `LR`) and `build`
        /// (as `Q15_CELLS`; a low-rank cell's: `shift` only).
        fn model_variant(cell: usize, build: usize) -> (Init, Run) {
            [$(($init as Init, $run as Run)),*][if cell == LR { 8 + build / 2 } else { cell * 4 + build }]
        }
    };
}

models! {
    tinyrnn_q15_fastgrnn_model_init_div_dense, tinyrnn_q15_fastgrnn_model_run_div_dense;
    tinyrnn_q15_fastgrnn_model_init_div_sparse, tinyrnn_q15_fastgrnn_model_run_div_sparse;
    tinyrnn_q15_fastgrnn_model_init_shift_dense, tinyrnn_q15_fastgrnn_model_run_shift_dense;
    tinyrnn_q15_fastgrnn_model_init_shift_sparse, tinyrnn_q15_fastgrnn_model_run_shift_sparse;
    tinyrnn_q7xq15_q15_fastgrnn_model_init_div_dense, tinyrnn_q7xq15_q15_fastgrnn_model_run_div_dense;
    tinyrnn_q7xq15_q15_fastgrnn_model_init_div_sparse, tinyrnn_q7xq15_q15_fastgrnn_model_run_div_sparse;
    tinyrnn_q7xq15_q15_fastgrnn_model_init_shift_dense, tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_dense;
    tinyrnn_q7xq15_q15_fastgrnn_model_init_shift_sparse, tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_sparse;
    tinyrnn_q15_fastgrnn_lr_model_init_div, tinyrnn_q15_fastgrnn_lr_model_run_div;
    tinyrnn_q15_fastgrnn_lr_model_init_shift, tinyrnn_q15_fastgrnn_lr_model_run_shift;
}

/// The cells of the model tests: `q15_fastgrnn`, `q7xq15_q15_fastgrnn`,
/// `q15_fastgrnn_lr`.
const Q15: usize = 0;
const Q7: usize = 1;
const LR: usize = 2;

macro_rules! pools {
    ($($q15:ident, $q7:ident;)*) => {
        extern "C" {
            $(
                fn $q15(patch: *const i16, id: u32, pd: u32, st: u32, r1: q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void, s1: *const c_void, r2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16, buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32) -> i32;
                fn $q7(patch: *const i8, id: u32, pd: u32, st: u32, r1: q7xq15_q15_rnn_t, hd1: u32, p1: *const c_void, b1: *mut c_void, s1: *const c_void, r2: q15_rnn_t, hd2: u32, p2: *const c_void, b2: *mut c_void, s2: *const c_void, out: *mut i16, buf: *mut i16, shr1: i32, shl1: i32, shr2: i32, shl2: i32) -> i32;
            )*
        }
    };
}

pools! {
    tinyrnn_q15_rnnpool_block_div_dense, tinyrnn_q7xq15_q15_rnnpool_block_div_dense;
    tinyrnn_q15_rnnpool_block_div_sparse, tinyrnn_q7xq15_q15_rnnpool_block_div_sparse;
    tinyrnn_q15_rnnpool_block_shift_dense, tinyrnn_q7xq15_q15_rnnpool_block_shift_dense;
    tinyrnn_q15_rnnpool_block_shift_sparse, tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse;
}

type Q15Rnn = unsafe extern "C" fn(*mut i16, u32, *const i16, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;
type Q7Rnn = unsafe extern "C" fn(*mut i16, u32, *const i8, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;
type Q15Pool = unsafe extern "C" fn(*const i16, u32, u32, u32, q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32) -> i32;
type Q7Pool = unsafe extern "C" fn(*const i8, u32, u32, u32, q7xq15_q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, q15_rnn_t, u32, *const c_void, *mut c_void, *const c_void, *mut i16, *mut i16, i32, i32, i32, i32) -> i32;

// The blocks of each build (index: 2·shift + sparse) and their own cells.
const Q15_CELLS: [Q15Rnn; 4] = [tinyrnn_q15_fastgrnn_div_dense, tinyrnn_q15_fastgrnn_div_sparse, tinyrnn_q15_fastgrnn_shift_dense, tinyrnn_q15_fastgrnn_shift_sparse];
const Q7_CELLS: [Q7Rnn; 4] = [tinyrnn_q7xq15_q15_fastgrnn_div_dense, tinyrnn_q7xq15_q15_fastgrnn_div_sparse, tinyrnn_q7xq15_q15_fastgrnn_shift_dense, tinyrnn_q7xq15_q15_fastgrnn_shift_sparse];
const Q15_POOLS: [Q15Pool; 4] = [tinyrnn_q15_rnnpool_block_div_dense, tinyrnn_q15_rnnpool_block_div_sparse, tinyrnn_q15_rnnpool_block_shift_dense, tinyrnn_q15_rnnpool_block_shift_sparse];
const Q7_POOLS: [Q7Pool; 4] = [tinyrnn_q7xq15_q15_rnnpool_block_div_dense, tinyrnn_q7xq15_q15_rnnpool_block_div_sparse, tinyrnn_q7xq15_q15_rnnpool_block_shift_dense, tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse];

/// Build `I`'s own Q15 cell behind another pointer: a block calls it
/// through the pointer.
unsafe extern "C" fn q15_through<const I: usize>(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32 {
    Q15_CELLS[I](h, hd, x, id, t, p, b, s, bw, n)
}

unsafe extern "C" fn q7_through<const I: usize>(h: *mut i16, hd: u32, x: *const i8, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, n: i32) -> i32 {
    Q7_CELLS[I](h, hd, x, id, t, p, b, s, bw, n)
}

const Q15_THROUGH: [Q15Rnn; 4] = [q15_through::<0>, q15_through::<1>, q15_through::<2>, q15_through::<3>];
const Q7_THROUGH: [Q7Rnn; 4] = [q7_through::<0>, q7_through::<1>, q7_through::<2>, q7_through::<3>];

/// Picks the div or shift form of a primitive.
macro_rules! pick {
    ($shift:expr, $div:ident, $sh:ident) => {
        if $shift {
            $sh
        } else {
            $div
        }
    };
}

/// Deterministic generator for everything a case needs beyond its shape.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn q15s(&mut self, n: usize) -> Vec<i16> {
        (0..n).map(|_| if self.next() % 16 == 0 { [i16::MIN, i16::MAX, 0][self.range(0, 2) as usize] } else { self.range(-8000, 8000) as i16 }).collect()
    }
    fn q7s(&mut self, n: usize) -> Vec<i8> {
        (0..n).map(|_| self.range(-128, 127) as i8).collect()
    }
    /// A scale: mostly realistic for the mode, sometimes out of EdgeML's domain.
    fn scale(&mut self, shift: bool) -> i32 {
        match self.range(0, 19) {
            0 => [0, -1, 40, -3, i32::MAX][self.range(0, 4) as usize],
            _ if shift => self.range(0, 8) as i32,
            _ => [1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 3, 7, 100, -2][self.range(0, 13) as usize],
        }
    }
    /// EdgeML's sparse encoding of a random `rows × cols` matrix.
    fn sparse(&mut self, rows: usize, cols: usize) -> (Vec<u32>, Vec<i16>) {
        let (mut ids, mut vals) = (vec![], vec![]);
        for _ in 0..cols {
            for r in 0..rows {
                if self.next() % 3 == 0 {
                    ids.push(r as u32 + 1);
                    vals.push(self.range(-4096, 4096) as i16);
                }
            }
            ids.push(0);
        }
        (ids, vals)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Storage {
    Dense,
    Sparse,
    LowRank,
}

/// Every scale, in the order of `Q15_FastGRNN_Scales` (its projection
/// fields standing for the low-rank struct's first stage), then the second
/// low-rank stage, then the activation and gate constants.
struct Scales {
    s: Q15_FastGRNN_Scales,
    w2: [i32; 3],
    u2: [i32; 3],
}

fn random_scales(r: &mut Rng, shift: bool) -> Scales {
    let mut v = [0i32; 43];
    for x in v.iter_mut() {
        *x = r.scale(shift);
    }
    let tables = r.next() % 2;
    let s = Q15_FastGRNN_Scales {
        input: v[0], mean: v[1], meanSub: v[2], stdDev: v[3], normFeaturesHDStdDev: v[4], w: v[5], normFeaturesMVW: v[6],
        mVWOut: v[7], u: v[8], hiddenStateMVU: v[9], mVUOut: v[10], mV1AddMV2: v[11], mV2AddMV1: v[12], mV1AddMV2Out: v[13],
        mV1AddMV2Demote: v[14], pC1AddBg: v[15], bg: v[16], pC1AddBgOut: v[17], pC1AddBgDemote: v[18],
        sigmoidScaleIn: r.range(-2, 16) as i32, sigmoidScaleOut: r.range(-2, 16) as i32, pC1AddBh: v[19], bh: v[20],
        pC1AddBhOut: v[21], pC1AddBhDemote: v[22], tanhScaleIn: r.range(-2, 16) as i32, tanhScaleOut: r.range(-2, 16) as i32,
        gateHDHiddenState: v[23], hiddenStateHDGate: v[24], qOneScale: v[25], qOneSubGate: v[26], qOneSubGateOut: v[27],
        sigmoidZeta: v[28], sigmoidZetaMulQOneSubGate: v[29], sigmoidNu: v[30], sigmoidNuAddQOneSubGate: v[31],
        sigmoidNuAddQOneSubGateOut: v[32], sigmoidNuAddQOneSubGateHDUpdate: v[33], updateHDSigmoidNuAddQOneSubGate: v[34],
        pC3AddPC1: v[35], pC1AddPC3: v[36], hiddenStateOut: v[37], hiddenStateDemote: v[38],
        div: r.range(-8, 8) as i16, add: r.range(-2048, 2048) as i16, sigmoidLimit: r.range(-100, 4096) as i16,
        qOne: r.range(-16384, 16384) as i16, useTableSigmoid: tables as u32, useTableTanH: (r.next() % 2) as u32,
    };
    Scales { s, w2: [v[39], v[40], v[41]], u2: [v[42], r.scale(shift), r.scale(shift)] }
}

fn lr_scales(sc: &Scales) -> Q15_FastGRNN_LR_Scales {
    let s = &sc.s;
    Q15_FastGRNN_LR_Scales {
        input: s.input, mean: s.mean, meanSub: s.meanSub, stdDev: s.stdDev, normFeaturesHDStdDev: s.normFeaturesHDStdDev,
        w1: s.w, normFeaturesMVW1: s.normFeaturesMVW, mVW1Out: s.mVWOut, w2: sc.w2[0], tempLRW: sc.w2[1], mVW2Out: sc.w2[2],
        u1: s.u, hiddenStateMVU1: s.hiddenStateMVU, mVU1Out: s.mVUOut, u2: sc.u2[0], tempLRU: sc.u2[1], mVU2Out: sc.u2[2],
        mV2AddMV4: s.mV1AddMV2, mV4AddMV2: s.mV2AddMV1, mV2AddMV4Out: s.mV1AddMV2Out, mV2AddMV4Demote: s.mV1AddMV2Demote,
        pC1AddBg: s.pC1AddBg, bg: s.bg, pC1AddBgOut: s.pC1AddBgOut, pC1AddBgDemote: s.pC1AddBgDemote,
        sigmoidScaleIn: s.sigmoidScaleIn, sigmoidScaleOut: s.sigmoidScaleOut, pC1AddBh: s.pC1AddBh, bh: s.bh,
        pC1AddBhOut: s.pC1AddBhOut, pC1AddBhDemote: s.pC1AddBhDemote, tanhScaleIn: s.tanhScaleIn, tanhScaleOut: s.tanhScaleOut,
        gateHDHiddenState: s.gateHDHiddenState, hiddenStateHDGate: s.hiddenStateHDGate, qOneScale: s.qOneScale,
        qOneSubGate: s.qOneSubGate, qOneSubGateOut: s.qOneSubGateOut, sigmoidZeta: s.sigmoidZeta,
        sigmoidZetaMulQOneSubGate: s.sigmoidZetaMulQOneSubGate, sigmoidNu: s.sigmoidNu,
        sigmoidNuAddQOneSubGate: s.sigmoidNuAddQOneSubGate, sigmoidNuAddQOneSubGateOut: s.sigmoidNuAddQOneSubGateOut,
        sigmoidNuAddQOneSubGateHDUpdate: s.sigmoidNuAddQOneSubGateHDUpdate,
        updateHDSigmoidNuAddQOneSubGate: s.updateHDSigmoidNuAddQOneSubGate, pC3AddPC1: s.pC3AddPC1, pC1AddPC3: s.pC1AddPC3,
        hiddenStateOut: s.hiddenStateOut, hiddenStateDemote: s.hiddenStateDemote, sigmoidLimit: s.sigmoidLimit, div: s.div,
        add: s.add, qOne: s.qOne, useTableSigmoid: s.useTableSigmoid, useTableTanH: s.useTableTanH,
    }
}

/// One random FastGRNN: weights for every storage, input in Q15 and Q7.
struct Case {
    hd: usize,
    id: usize,
    steps: usize,
    rank: (usize, usize),
    x15: Vec<i16>,
    x7: Vec<i8>,
    mean15: Vec<i16>,
    std15: Vec<i16>,
    mean7: Vec<i8>,
    std7: Vec<i8>,
    w: Vec<i16>,
    u: Vec<i16>,
    w_sp: (Vec<u32>, Vec<i16>),
    u_sp: (Vec<u32>, Vec<i16>),
    w1: Vec<i16>,
    w2: Vec<i16>,
    u1: Vec<i16>,
    u2: Vec<i16>,
    bg: Vec<i16>,
    bh: Vec<i16>,
    zeta: i16,
    nu: i16,
    h0: Vec<i16>,
}

fn case(seed: u64, hd: usize, id: usize, steps: usize, rank: (usize, usize)) -> Case {
    let mut r = Rng(seed | 1);
    let n = steps * id;
    Case {
        hd, id, steps, rank,
        x15: r.q15s(n), x7: r.q7s(n), mean15: r.q15s(n), std15: r.q15s(n), mean7: r.q7s(n), std7: r.q7s(n),
        w: r.q15s(hd * id), u: r.q15s(hd * hd), w_sp: r.sparse(hd, id), u_sp: r.sparse(hd, hd),
        w1: r.q15s(rank.0 * id), w2: r.q15s(hd * rank.0), u1: r.q15s(rank.1 * hd), u2: r.q15s(hd * rank.1),
        bg: r.q15s(hd), bh: r.q15s(hd), zeta: r.q15s(1)[0], nu: r.q15s(1)[0], h0: r.q15s(hd),
    }
}

/// EdgeML's step sequence, from the exported primitives. `x`/`mean`/`std`
/// are the Q15 or Q7 input; `q7` selects the Q7 primitives for them.
#[allow(clippy::too_many_arguments)]
unsafe fn sequence(c: &Case, sc: &Scales, storage: Storage, q7: bool, shift: bool, backward: bool, normalize: bool) -> Vec<i16> {
    let s = &sc.s;
    let (hd, id) = (c.hd, c.id);
    let (hd32, id32) = (hd as u32, id as u32);
    let mut h = c.h0.clone();
    let (mut pc1, mut pc2, mut pc3) = (vec![0i16; hd], vec![0i16; hd], vec![0i16; hd]);
    let (mut nf15, mut nf7) = (vec![0i16; id], vec![0i8; id]);
    let (mut tw, mut tu) = (vec![0i16; c.rank.0], vec![0i16; c.rank.1]);
    for t in 0..c.steps {
        let off = if backward { c.steps - 1 - t } else { t } * id;
        if q7 {
            nf7.copy_from_slice(&c.x7[off..off + id]);
            if normalize {
                pick!(shift, tinyrnn_q7_v_sub_div, tinyrnn_q7_v_sub_shift)(c.x7[off..].as_ptr(), c.mean7[off..].as_ptr(), id32, nf7.as_mut_ptr(), s.input, s.mean, s.meanSub);
                pick!(shift, tinyrnn_q7_v_hadamard_div, tinyrnn_q7_v_hadamard_shift)(c.std7[off..].as_ptr(), nf7.as_ptr(), id32, nf7.as_mut_ptr(), s.stdDev, s.normFeaturesHDStdDev);
            }
        } else {
            nf15.copy_from_slice(&c.x15[off..off + id]);
            if normalize {
                pick!(shift, tinyrnn_q15_v_sub_div, tinyrnn_q15_v_sub_shift)(c.x15[off..].as_ptr(), c.mean15[off..].as_ptr(), id32, nf15.as_mut_ptr(), s.input, s.mean, s.meanSub);
                pick!(shift, tinyrnn_q15_v_hadamard_div, tinyrnn_q15_v_hadamard_shift)(c.std15[off..].as_ptr(), nf15.as_ptr(), id32, nf15.as_mut_ptr(), s.stdDev, s.normFeaturesHDStdDev);
            }
        }
        let mv = pick!(shift, tinyrnn_q15_m_mulvec_div, tinyrnn_q15_m_mulvec_shift);
        match storage {
            Storage::Dense if q7 => pick!(shift, tinyrnn_q15xq7_q15_m_mulvec_div, tinyrnn_q15xq7_q15_m_mulvec_shift)(c.w.as_ptr(), nf7.as_ptr(), hd32, id32, pc1.as_mut_ptr(), s.w, s.normFeaturesMVW, s.mVWOut),
            Storage::Dense => mv(c.w.as_ptr(), nf15.as_ptr(), hd32, id32, pc1.as_mut_ptr(), s.w, s.normFeaturesMVW, s.mVWOut),
            Storage::Sparse => {
                pc1.fill(0);
                if q7 {
                    pick!(shift, tinyrnn_q15xq7_q15_m_sparse_mulvec_div, tinyrnn_q15xq7_q15_m_sparse_mulvec_shift)(c.w_sp.0.as_ptr(), c.w_sp.1.as_ptr(), nf7.as_ptr(), id32, pc1.as_mut_ptr(), s.w, s.normFeaturesMVW, s.mVWOut);
                } else {
                    pick!(shift, tinyrnn_q15_m_sparse_mulvec_div, tinyrnn_q15_m_sparse_mulvec_shift)(c.w_sp.0.as_ptr(), c.w_sp.1.as_ptr(), nf15.as_ptr(), id32, pc1.as_mut_ptr(), s.w, s.normFeaturesMVW, s.mVWOut);
                }
            }
            Storage::LowRank => {
                mv(c.w1.as_ptr(), nf15.as_ptr(), c.rank.0 as u32, id32, tw.as_mut_ptr(), s.w, s.normFeaturesMVW, s.mVWOut);
                mv(c.w2.as_ptr(), tw.as_ptr(), hd32, c.rank.0 as u32, pc1.as_mut_ptr(), sc.w2[0], sc.w2[1], sc.w2[2]);
            }
        }
        match storage {
            Storage::Dense => mv(c.u.as_ptr(), h.as_ptr(), hd32, hd32, pc2.as_mut_ptr(), s.u, s.hiddenStateMVU, s.mVUOut),
            Storage::Sparse => {
                pc2.fill(0);
                pick!(shift, tinyrnn_q15_m_sparse_mulvec_div, tinyrnn_q15_m_sparse_mulvec_shift)(c.u_sp.0.as_ptr(), c.u_sp.1.as_ptr(), h.as_ptr(), hd32, pc2.as_mut_ptr(), s.u, s.hiddenStateMVU, s.mVUOut);
            }
            Storage::LowRank => {
                mv(c.u1.as_ptr(), h.as_ptr(), c.rank.1 as u32, hd32, tu.as_mut_ptr(), s.u, s.hiddenStateMVU, s.mVUOut);
                mv(c.u2.as_ptr(), tu.as_ptr(), hd32, c.rank.1 as u32, pc2.as_mut_ptr(), sc.u2[0], sc.u2[1], sc.u2[2]);
            }
        }
        let p = Tail { bg: c.bg.as_ptr(), bh: c.bh.as_ptr(), zeta: c.zeta, nu: c.nu };
        edgeml_tail(shift, s, &p, h.as_mut_ptr(), hd32, [pc1.as_mut_ptr(), pc2.as_mut_ptr(), pc3.as_mut_ptr()]);
    }
    h
}

/// What the element-wise tail of a step reads from the params struct.
struct Tail {
    bg: *const i16,
    bh: *const i16,
    zeta: i16,
    nu: i16,
}

/// The element-wise tail of EdgeML's step (`quantized_fastgrnn.c`, after
/// the two products), over raw pointers (the scratch `pc` may lie anywhere,
/// as in C).
unsafe fn edgeml_tail(shift: bool, s: &Q15_FastGRNN_Scales, p: &Tail, h: *mut i16, hd32: u32, [pc1, pc2, pc3]: [*mut i16; 3]) {
    let add = pick!(shift, tinyrnn_q15_v_add_div, tinyrnn_q15_v_add_shift);
    let had = pick!(shift, tinyrnn_q15_v_hadamard_div, tinyrnn_q15_v_hadamard_shift);
    add(pc1, pc2, hd32, pc1, s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote);
    add(pc1, p.bg, hd32, pc2, s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote);
    tinyrnn_q15_v_sigmoid(pc2, hd32, pc2, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
    add(pc1, p.bh, hd32, pc1, s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote);
    tinyrnn_q15_v_tanh(pc1, hd32, pc1, s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
    had(pc2, h, hd32, pc3, s.gateHDHiddenState, s.hiddenStateHDGate);
    pick!(shift, tinyrnn_q15_v_scalar_sub_div, tinyrnn_q15_v_scalar_sub_shift)(s.qOne, pc2, hd32, pc2, s.qOneScale, s.qOneSubGate, s.qOneSubGateOut);
    pick!(shift, tinyrnn_q15_v_scalar_mul_div, tinyrnn_q15_v_scalar_mul_shift)(p.zeta, pc2, hd32, pc2, s.sigmoidZeta, s.sigmoidZetaMulQOneSubGate);
    pick!(shift, tinyrnn_q15_v_scalar_add_div, tinyrnn_q15_v_scalar_add_shift)(p.nu, pc2, hd32, pc2, s.sigmoidNu, s.sigmoidNuAddQOneSubGate, s.sigmoidNuAddQOneSubGateOut);
    had(pc2, pc1, hd32, pc1, s.sigmoidNuAddQOneSubGateHDUpdate, s.updateHDSigmoidNuAddQOneSubGate);
    add(pc3, pc1, hd32, h, s.pC3AddPC1, s.pC1AddPC3, s.hiddenStateOut, s.hiddenStateDemote);
}

/// EdgeML's `q15_fastgrnn` (`q7xq15_q15_fastgrnn` when `q7`) of build
/// `build` (2·shift + sparse) as RNNPool calls it (`normalize` 0), step by
/// step from the exported primitives over the call's own C pointers: its
/// scratch values are EdgeML's wherever the scratch lies. The blocks' oracle
/// when an RNN's scratch lies in the block's memory.
#[allow(clippy::too_many_arguments)]
unsafe fn edgeml_order(build: usize, q7: bool, h: *mut i16, hd: u32, x: *const u8, id: u32, steps: u32, p: *const c_void, b: *mut c_void, s: *const c_void, backward: i32) -> i32 {
    let (shift, sparse) = (build >= 2, build % 2 == 1);
    // The Q7 structs are the Q15 ones but for the input's element type
    // (`mean`, `stdDev`, `normFeatures`), which is read as bytes here.
    let (p, b, s) = (&*(p as *const Q15_FastGRNN_Params), &*(b as *const Q15_FastGRNN_Buffers), &*(s as *const Q15_FastGRNN_Scales));
    let (pc1, pc2, pc3, nf) = (b.preComp1, b.preComp2, b.preComp3, b.normFeatures as *mut u8);
    let size = if q7 { 1 } else { 2 };
    for t in 0..steps {
        let off = if backward != 0 { steps - 1 - t } else { t } as usize * id as usize * size;
        for e in 0..id as usize * size {
            nf.add(e).write(x.add(off + e).read());
        }
        if sparse {
            for (pc, n) in [(pc1, hd), (pc2, hd)] {
                for i in 0..n as usize {
                    pc.add(i).write(0);
                }
            }
            if q7 {
                pick!(shift, tinyrnn_q15xq7_q15_m_sparse_mulvec_div, tinyrnn_q15xq7_q15_m_sparse_mulvec_shift)(p.Wids, p.Wvals, nf as *const i8, id, pc1, s.w, s.normFeaturesMVW, s.mVWOut);
            } else {
                pick!(shift, tinyrnn_q15_m_sparse_mulvec_div, tinyrnn_q15_m_sparse_mulvec_shift)(p.Wids, p.Wvals, nf as *const i16, id, pc1, s.w, s.normFeaturesMVW, s.mVWOut);
            }
            pick!(shift, tinyrnn_q15_m_sparse_mulvec_div, tinyrnn_q15_m_sparse_mulvec_shift)(p.Uids, p.Uvals, h, hd, pc2, s.u, s.hiddenStateMVU, s.mVUOut);
        } else {
            if q7 {
                pick!(shift, tinyrnn_q15xq7_q15_m_mulvec_div, tinyrnn_q15xq7_q15_m_mulvec_shift)(p.W, nf as *const i8, hd, id, pc1, s.w, s.normFeaturesMVW, s.mVWOut);
            } else {
                pick!(shift, tinyrnn_q15_m_mulvec_div, tinyrnn_q15_m_mulvec_shift)(p.W, nf as *const i16, hd, id, pc1, s.w, s.normFeaturesMVW, s.mVWOut);
            }
            pick!(shift, tinyrnn_q15_m_mulvec_div, tinyrnn_q15_m_mulvec_shift)(p.U, h, hd, hd, pc2, s.u, s.hiddenStateMVU, s.mVUOut);
        }
        let tail = Tail { bg: p.Bg, bh: p.Bh, zeta: p.sigmoid_zeta, nu: p.sigmoid_nu };
        edgeml_tail(shift, s, &tail, h, hd, [pc1, pc2, pc3]);
    }
    0
}

unsafe extern "C" fn q15_edgeml_order<const I: usize>(h: *mut i16, hd: u32, x: *const i16, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, _n: i32) -> i32 {
    edgeml_order(I, false, h, hd, x as *const u8, id, t, p, b, s, bw)
}

unsafe extern "C" fn q7_edgeml_order<const I: usize>(h: *mut i16, hd: u32, x: *const i8, id: u32, t: u32, p: *const c_void, b: *mut c_void, s: *const c_void, bw: i32, _n: i32) -> i32 {
    edgeml_order(I, true, h, hd, x as *const u8, id, t, p, b, s, bw)
}

const Q15_EDGEML_ORDER: [Q15Rnn; 4] = [q15_edgeml_order::<0>, q15_edgeml_order::<1>, q15_edgeml_order::<2>, q15_edgeml_order::<3>];
const Q7_EDGEML_ORDER: [Q7Rnn; 4] = [q7_edgeml_order::<0>, q7_edgeml_order::<1>, q7_edgeml_order::<2>, q7_edgeml_order::<3>];

/// The fused kernel through its C export.
#[allow(clippy::too_many_arguments)]
unsafe fn fused(c: &Case, sc: &Scales, storage: Storage, q7: bool, shift: bool, backward: bool, normalize: bool) -> (i32, Vec<i16>) {
    let (hd, id) = (c.hd as u32, c.id as u32);
    let mut h = c.h0.clone();
    let (mut pc1, mut pc2, mut pc3) = (vec![0i16; c.hd], vec![0i16; c.hd], vec![0i16; c.hd]);
    let (mut nf15, mut nf7) = (vec![0i16; c.id], vec![0i8; c.id]);
    let (mut tw, mut tu) = (vec![0i16; c.rank.0], vec![0i16; c.rank.1]);
    let (bw, nz) = (backward as i32, normalize as i32);
    let rc = if storage == Storage::LowRank {
        let p = Q15_FastGRNN_LR_Params {
            mean: c.mean15.as_ptr(), stdDev: c.std15.as_ptr(), W1: c.w1.as_ptr(), W2: c.w2.as_ptr(), wRank: c.rank.0 as u32,
            U1: c.u1.as_ptr(), U2: c.u2.as_ptr(), uRank: c.rank.1 as u32, Bg: c.bg.as_ptr(), Bh: c.bh.as_ptr(),
            sigmoid_zeta: c.zeta, sigmoid_nu: c.nu,
        };
        let mut b = Q15_FastGRNN_LR_Buffers {
            preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), tempLRW: tw.as_mut_ptr(),
            tempLRU: tu.as_mut_ptr(), normFeatures: nf15.as_mut_ptr(),
        };
        let s = lr_scales(sc);
        let f = pick!(shift, tinyrnn_q15_fastgrnn_lr_div, tinyrnn_q15_fastgrnn_lr_shift);
        f(h.as_mut_ptr(), hd, c.x15.as_ptr(), id, c.steps as u32, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void, &s as *const _ as *const c_void, bw, nz)
    } else {
        let sparse = storage == Storage::Sparse;
        let (w, wids, wvals, u, uids, uvals) = if sparse {
            (null(), c.w_sp.0.as_ptr(), c.w_sp.1.as_ptr(), null(), c.u_sp.0.as_ptr(), c.u_sp.1.as_ptr())
        } else {
            (c.w.as_ptr(), null(), null(), c.u.as_ptr(), null(), null())
        };
        let s = &sc.s as *const _ as *const c_void;
        if q7 {
            let p = Q7xQ15_FastGRNN_Params {
                mean: c.mean7.as_ptr(), stdDev: c.std7.as_ptr(), W: w, Wids: wids, Wvals: wvals, U: u, Uids: uids, Uvals: uvals,
                Bg: c.bg.as_ptr(), Bh: c.bh.as_ptr(), sigmoid_zeta: c.zeta, sigmoid_nu: c.nu,
            };
            let mut b = Q7xQ15_FastGRNN_Buffers { preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), normFeatures: nf7.as_mut_ptr() };
            let f = match (shift, sparse) {
                (false, false) => tinyrnn_q7xq15_q15_fastgrnn_div_dense,
                (false, true) => tinyrnn_q7xq15_q15_fastgrnn_div_sparse,
                (true, false) => tinyrnn_q7xq15_q15_fastgrnn_shift_dense,
                (true, true) => tinyrnn_q7xq15_q15_fastgrnn_shift_sparse,
            };
            f(h.as_mut_ptr(), hd, c.x7.as_ptr(), id, c.steps as u32, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void, s, bw, nz)
        } else {
            let p = Q15_FastGRNN_Params {
                mean: c.mean15.as_ptr(), stdDev: c.std15.as_ptr(), W: w, Wids: wids, Wvals: wvals, U: u, Uids: uids, Uvals: uvals,
                Bg: c.bg.as_ptr(), Bh: c.bh.as_ptr(), sigmoid_zeta: c.zeta, sigmoid_nu: c.nu,
            };
            let mut b = Q15_FastGRNN_Buffers { preComp1: pc1.as_mut_ptr(), preComp2: pc2.as_mut_ptr(), preComp3: pc3.as_mut_ptr(), normFeatures: nf15.as_mut_ptr() };
            let f: Fast = core::mem::transmute::<_, Fast>(match (shift, sparse) {
                (false, false) => tinyrnn_q15_fastgrnn_div_dense as *const (),
                (false, true) => tinyrnn_q15_fastgrnn_div_sparse as *const (),
                (true, false) => tinyrnn_q15_fastgrnn_shift_dense as *const (),
                (true, true) => tinyrnn_q15_fastgrnn_shift_sparse as *const (),
            });
            f(h.as_mut_ptr(), hd, c.x15.as_ptr() as *const c_void, id, c.steps as u32, &p as *const _ as *const c_void, &mut b as *mut _ as *mut c_void, s, bw, nz)
        }
    };
    (rc, h)
}

/// Cases per run: `TINYRNN_PROPTEST_CASES`, else 200 000 (about a second).
fn cases() -> u32 {
    std::env::var("TINYRNN_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000)
}

/// The weights of `c` as FastGRNN params (`sparse`: its encodings).
fn q15_params(c: &Case, sparse: bool) -> Q15_FastGRNN_Params {
    let (w, wids, wvals, u, uids, uvals) = if sparse {
        (null(), c.w_sp.0.as_ptr(), c.w_sp.1.as_ptr(), null(), c.u_sp.0.as_ptr(), c.u_sp.1.as_ptr())
    } else {
        (c.w.as_ptr(), null(), null(), c.u.as_ptr(), null(), null())
    };
    Q15_FastGRNN_Params { mean: null(), stdDev: null(), W: w, Wids: wids, Wvals: wvals, U: u, Uids: uids, Uvals: uvals, Bg: c.bg.as_ptr(), Bh: c.bh.as_ptr(), sigmoid_zeta: c.zeta, sigmoid_nu: c.nu }
}

fn q7_params(c: &Case, sparse: bool) -> Q7xQ15_FastGRNN_Params {
    let p = q15_params(c, sparse);
    Q7xQ15_FastGRNN_Params { mean: null(), stdDev: null(), W: p.W, Wids: p.Wids, Wvals: p.Wvals, U: p.U, Uids: p.Uids, Uvals: p.Uvals, Bg: p.Bg, Bh: p.Bh, sigmoid_zeta: p.sigmoid_zeta, sigmoid_nu: p.sigmoid_nu }
}

/// One block: the return code and every buffer it or its RNNs wrote.
type Pooled = (i32, Vec<i16>, Vec<i16>, Vec<Vec<i16>>);

/// How a test block gets its RNNs.
#[derive(Clone, Copy, PartialEq)]
enum Via {
    /// The block's own cells, which it recognises (and calls directly).
    Own,
    /// The same cells behind other pointers: opaque RNNs.
    Through,
    /// rnn1 in EdgeML's order ([`edgeml_order`]), rnn2 through another
    /// pointer.
    EdgemlOrder,
}

/// A block of build `build` (2·shift + sparse) over `patch` (Q15, or Q7
/// bytes when `q7`), whose RNNs are `c1` (`inputDims` → `hd1`) and `c2`
/// (`hd1` → `hd2`), given `via`.
/// `shared_scratch`: rnn1's `preComp1` is the start of the block's buffer.
#[allow(clippy::too_many_arguments)]
unsafe fn pooled(c1: &Case, c2: &Case, s1: &Scales, s2: &Scales, build: usize, q7: bool, pd: usize, stride: usize, sh: [i32; 4], via: Via, shared_scratch: bool) -> Pooled {
    let sparse = build % 2 == 1;
    let (id, hd1, hd2) = (c1.id, c1.hd, c2.hd);
    let n = if pd == 0 { 0 } else { (stride * (pd - 1) + pd) * id };
    let (patch15, patch7) = (Case::patch15(c1, n), Case::patch7(c1, n));
    let mut out = vec![0x5a5au16 as i16; 4 * hd2];
    let mut buf = vec![0x5a5au16 as i16; (hd1 * pd).max(hd1)];
    let mut scratch: Vec<Vec<i16>> = [hd1, hd1, hd1, id, hd2, hd2, hd2, hd1].iter().map(|&k| vec![0; k]).collect();
    let mut nf7 = vec![0i8; id];
    let [a, b, cc, d, e, f, g, hh] = &mut scratch[..] else { unreachable!() };
    let pc1 = if shared_scratch { buf.as_mut_ptr() } else { a.as_mut_ptr() };
    let mut b2 = Q15_FastGRNN_Buffers { preComp1: e.as_mut_ptr(), preComp2: f.as_mut_ptr(), preComp3: g.as_mut_ptr(), normFeatures: hh.as_mut_ptr() };
    let (p2, s2) = (q15_params(c2, sparse), &s2.s as *const _ as *const c_void);
    let rnn2: q15_rnn_t = Some(if via == Via::Own { Q15_CELLS[build] } else { Q15_THROUGH[build] });
    let len32 = |v: usize| v as u32;
    let rc = if q7 {
        let mut b1 = Q7xQ15_FastGRNN_Buffers { preComp1: pc1, preComp2: b.as_mut_ptr(), preComp3: cc.as_mut_ptr(), normFeatures: nf7.as_mut_ptr() };
        let p1 = q7_params(c1, sparse);
        let rnn1: q7xq15_q15_rnn_t = Some(match via {
            Via::Own => Q7_CELLS,
            Via::Through => Q7_THROUGH,
            Via::EdgemlOrder => Q7_EDGEML_ORDER,
        }[build]);
        Q7_POOLS[build](patch7.as_ptr(), len32(id), len32(pd), len32(stride), rnn1, len32(hd1), &p1 as *const _ as *const c_void, &mut b1 as *mut _ as *mut c_void, &s1.s as *const _ as *const c_void,
            rnn2, len32(hd2), &p2 as *const _ as *const c_void, &mut b2 as *mut _ as *mut c_void, s2, out.as_mut_ptr(), buf.as_mut_ptr(), sh[0], sh[1], sh[2], sh[3])
    } else {
        let mut b1 = Q15_FastGRNN_Buffers { preComp1: pc1, preComp2: b.as_mut_ptr(), preComp3: cc.as_mut_ptr(), normFeatures: d.as_mut_ptr() };
        let p1 = q15_params(c1, sparse);
        let rnn1: q15_rnn_t = Some(match via {
            Via::Own => Q15_CELLS,
            Via::Through => Q15_THROUGH,
            Via::EdgemlOrder => Q15_EDGEML_ORDER,
        }[build]);
        Q15_POOLS[build](patch15.as_ptr(), len32(id), len32(pd), len32(stride), rnn1, len32(hd1), &p1 as *const _ as *const c_void, &mut b1 as *mut _ as *mut c_void, &s1.s as *const _ as *const c_void,
            rnn2, len32(hd2), &p2 as *const _ as *const c_void, &mut b2 as *mut _ as *mut c_void, s2, out.as_mut_ptr(), buf.as_mut_ptr(), sh[0], sh[1], sh[2], sh[3])
    };
    scratch.push(nf7.iter().map(|&v| v as i16).collect());
    (rc, out, buf, scratch)
}

impl Case {
    /// A patch of `n` elements from the case's inputs (repeated).
    fn patch15(c: &Case, n: usize) -> Vec<i16> {
        (0..n).map(|i| c.h0.iter().chain(&c.bg).chain(&c.w).nth(i % (2 * c.hd + c.w.len()).max(1)).copied().unwrap_or(i as i16)).collect()
    }
    fn patch7(c: &Case, n: usize) -> Vec<i8> {
        Case::patch15(c, n).iter().map(|&v| (v >> 8) as i8).collect()
    }
}

fn storage() -> impl Strategy<Value = Storage> {
    prop_oneof![Just(Storage::Dense), Just(Storage::Sparse), Just(Storage::LowRank)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fused_fastgrnn_equals_edgeml_primitive_sequence(
        seed in any::<u64>(),
        hd in 0usize..12,
        id in 0usize..10,
        steps in 0usize..5,
        rank in (0usize..5, 0usize..5),
        storage in storage(),
        q7 in any::<bool>(),
        shift in any::<bool>(),
        backward in any::<bool>(),
        normalize in any::<bool>(),
    ) {
        // EdgeML has no Q7-input low-rank cell.
        let q7 = q7 && storage != Storage::LowRank;
        let c = case(seed, hd, id, steps, rank);
        let sc = random_scales(&mut Rng(seed.rotate_left(17) | 1), shift);
        let expected = unsafe { sequence(&c, &sc, storage, q7, shift, backward, normalize) };
        let (rc, got) = unsafe { fused(&c, &sc, storage, q7, shift, backward, normalize) };
        prop_assert_eq!(rc, 0);
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn rnnpool_calling_its_own_fastgrnn_gives_the_exports_results_or_edgemls_order_over_its_scratch(
        seed in any::<u64>(),
        id in 0usize..4,
        pd in 0usize..4,
        stride_extra in 0usize..2,
        hd1 in 0usize..6,
        hd2 in 0usize..5,
        build in 0usize..4,
        q7 in any::<bool>(),
        sh in prop::array::uniform4(0i32..3),
        shared_scratch in prop::bool::weighted(0.2),
    ) {
        let shift = build >= 2;
        let c1 = case(seed, hd1, id, pd, (0, 0));
        let c2 = case(seed.rotate_left(29), hd2, hd1, pd, (0, 0));
        let s1 = random_scales(&mut Rng(seed.rotate_left(17) | 1), shift);
        let s2 = random_scales(&mut Rng(seed.rotate_left(41) | 1), shift);
        // Division builds: the rescaling divisors are 1, 2 or 4.
        let sh = if shift { sh } else { sh.map(|v| 1 << v) };
        let stride = pd + stride_extra;
        let shared_scratch = shared_scratch && pd > 0 && hd1 > 0;
        // rnn1's scratch in the block's buffer: the block runs its own
        // cell in EdgeML's order (its scratch values, which the block reads
        // back, as EdgeML's); behind another pointer the export is an opaque
        // RNN that leaves its own (docs/contract.md). Otherwise the block
        // calls its cell directly, with the export's results.
        let via = if shared_scratch { Via::EdgemlOrder } else { Via::Through };
        let direct = unsafe { pooled(&c1, &c2, &s1, &s2, build, q7, pd, stride, sh, Via::Own, shared_scratch) };
        let other = unsafe { pooled(&c1, &c2, &s1, &s2, build, q7, pd, stride, sh, via, shared_scratch) };
        prop_assert_eq!(direct.0, 0);
        prop_assert_eq!(direct, other);
    }
}

/// Where a model test puts the hidden state, the input and the scratch
/// buffers among the weights (every region in one arena, so that both calls
/// of a test see the same layout).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Layout {
    /// Weights, scratch, hidden state, input, each apart: a run's own path.
    Apart,
    /// The hidden state between `W` and `U`: among the memory a run reads.
    HiddenAmongWeights,
    /// As `HiddenAmongWeights`, with a wider gap between `U` and `Bg`.
    HiddenBesideAGap,
    /// The hidden state between `preComp1` and `preComp2`: among the
    /// scratch buffers, in the one gap between them.
    HiddenAmongScratch,
    /// As `HiddenAmongScratch`, with a wider gap between `preComp2` and
    /// `preComp3`: a run checks the buffers one by one.
    HiddenBesideAScratchGap,
    /// The input between `preComp1` and `preComp2`, with that wider gap.
    InputBesideAScratchGap,
    /// The hidden state at `Bg`.
    HiddenAtBg,
    /// `normFeatures` at `preComp2` (as EdgeML users save a buffer).
    FeaturesAtPreComp2,
    /// The input at `preComp1`.
    InputAtPreComp1,
    /// The hidden state at `preComp3`.
    HiddenAtPreComp3,
}

/// A FastGRNN of `c` in one arena laid out as `layout`: the byte offset of
/// each region (`W`/`Wvals`/`W1`, `U`/`Uvals`/`U1`, `Bg`, `Bh`, `mean`,
/// `stdDev`, `preComp1..3`, `normFeatures`, hidden state, input, then the
/// params, buffers and scales structs and the row numbers: in the arena
/// too, as in a firmware's flash, so that a run finds them apart from its
/// RAM; 17 is a gap; then a low-rank cell's `W2`, `U2`, `tempLRW`,
/// `tempLRU`).
struct Arena {
    bytes: Vec<u32>,
    at: [usize; 22],
}

impl Arena {
    fn new(c: &Case, sparse: bool, cell: usize, layout: Layout, steps: usize) -> Arena {
        let x = if cell == Q7 { 1 } else { 2 };
        let (wn, un) = match (cell, sparse) {
            (LR, _) => (c.w1.len(), c.u1.len()),
            (_, true) => (c.w_sp.1.len(), c.u_sp.1.len()),
            _ => (c.w.len(), c.u.len()),
        };
        let (wl, ul) = if sparse { (c.w_sp.0.len(), c.u_sp.0.len()) } else { (0, 0) };
        let structs = if cell == LR {
            [size_of::<Q15_FastGRNN_LR_Params>(), size_of::<Q15_FastGRNN_LR_Buffers>(), size_of::<Q15_FastGRNN_LR_Scales>(), 0, 0]
        } else {
            [size_of::<Q15_FastGRNN_Params>(), size_of::<Q15_FastGRNN_Buffers>(), size_of::<Q15_FastGRNN_Scales>(), 4 * wl, 4 * ul]
        };
        let mut sizes = [0; 22];
        sizes[..12].copy_from_slice(&[2 * wn, 2 * un, 2 * c.hd, 2 * c.hd, x * steps * c.id, x * steps * c.id, 2 * c.hd, 2 * c.hd, 2 * c.hd, x * c.id, 2 * c.hd, x * steps * c.id]);
        sizes[12..17].copy_from_slice(&structs);
        // Region 17: unused bytes, wider than any hidden state here.
        sizes[17] = 64;
        if cell == LR {
            sizes[18..].copy_from_slice(&[2 * c.w2.len(), 2 * c.u2.len(), 2 * c.rank.0, 2 * c.rank.1]);
        }
        // Region order in memory, then the regions placed at another's offset.
        let order: &[usize] = match layout {
            Layout::HiddenAmongWeights => &[12, 13, 14, 15, 16, 0, 18, 10, 1, 19, 2, 3, 4, 5, 6, 7, 8, 20, 21, 9, 11],
            Layout::HiddenBesideAGap => &[12, 13, 14, 15, 16, 0, 18, 10, 1, 19, 17, 2, 3, 4, 5, 6, 7, 8, 20, 21, 9, 11],
            Layout::HiddenAmongScratch => &[12, 13, 14, 15, 16, 0, 18, 1, 19, 2, 3, 4, 5, 6, 10, 7, 8, 20, 21, 9, 11],
            Layout::HiddenBesideAScratchGap => &[12, 13, 14, 15, 16, 0, 18, 1, 19, 2, 3, 4, 5, 6, 10, 7, 17, 8, 20, 21, 9, 11],
            Layout::InputBesideAScratchGap => &[12, 13, 14, 15, 16, 0, 18, 1, 19, 2, 3, 4, 5, 6, 11, 7, 17, 8, 20, 21, 9, 10],
            _ => &[12, 13, 14, 15, 16, 0, 18, 1, 19, 2, 3, 4, 5, 6, 7, 8, 20, 21, 9, 10, 11],
        };
        let mut at = [0usize; 22];
        let mut end = 0;
        for &r in order {
            at[r] = end;
            end += (sizes[r] + 7) & !7;
        }
        match layout {
            Layout::FeaturesAtPreComp2 => at[9] = at[7],
            Layout::InputAtPreComp1 => at[11] = at[6],
            Layout::HiddenAtPreComp3 => at[10] = at[8],
            Layout::HiddenAtBg => at[10] = at[2],
            _ => {}
        }
        let mut a = Arena { bytes: vec![0u32; end / 4 + 2], at };
        // 8-byte aligned, for the structs' pointers.
        let skew = (8 - (a.bytes.as_ptr() as usize) % 8) % 8;
        a.at.iter_mut().for_each(|o| *o += skew);
        let (w, u) = match (cell, sparse) {
            (LR, _) => (&c.w1, &c.u1),
            (_, true) => (&c.w_sp.1, &c.u_sp.1),
            _ => (&c.w, &c.u),
        };
        if cell == LR {
            a.put(18, &c.w2);
            a.put(19, &c.u2);
        }
        if sparse {
            a.put(15, &c.w_sp.0);
            a.put(16, &c.u_sp.0);
        }
        a.put(0, w);
        a.put(1, u);
        a.put(2, &c.bg);
        a.put(3, &c.bh);
        let n = steps * c.id;
        if cell == Q7 {
            a.put(4, &c.mean7[..n]);
            a.put(5, &c.std7[..n]);
            a.put(11, &c.x7[..n]);
        } else {
            a.put(4, &c.mean15[..n]);
            a.put(5, &c.std15[..n]);
            a.put(11, &c.x15[..n]);
        }
        a.put(10, &c.h0);
        a
    }
    /// The words a call may write (the structs before them hold the arena's
    /// own addresses).
    fn written(&self) -> Vec<u32> {
        self.bytes[self.at[0].min(self.at[10]) / 4..].to_vec()
    }
    fn ptr<T>(&mut self, region: usize) -> *mut T {
        unsafe { (self.bytes.as_mut_ptr() as *mut u8).add(self.at[region]) as *mut T }
    }
    fn put<T: Copy>(&mut self, region: usize, v: &[T]) {
        let p = self.ptr::<T>(region);
        unsafe { core::ptr::copy_nonoverlapping(v.as_ptr(), p, v.len()) };
    }
}

/// The structs of a FastGRNN in `a`.
fn model_structs(a: &mut Arena, c: &Case, sparse: bool) -> (Q15_FastGRNN_Params, Q15_FastGRNN_Buffers) {
    let (w, u) = (a.ptr::<i16>(0) as *const i16, a.ptr::<i16>(1) as *const i16);
    let (wids, uids) = (a.ptr::<u32>(15) as *const u32, a.ptr::<u32>(16) as *const u32);
    let (w, wids, wvals, u, uids, uvals) = if sparse { (null(), wids, w, null(), uids, u) } else { (w, null(), null(), u, null(), null()) };
    let p = Q15_FastGRNN_Params {
        mean: a.ptr(4), stdDev: a.ptr(5), W: w, Wids: wids, Wvals: wvals, U: u, Uids: uids, Uvals: uvals,
        Bg: a.ptr(2), Bh: a.ptr(3), sigmoid_zeta: c.zeta, sigmoid_nu: c.nu,
    };
    let b = Q15_FastGRNN_Buffers { preComp1: a.ptr(6), preComp2: a.ptr(7), preComp3: a.ptr(8), normFeatures: a.ptr(9) };
    (p, b)
}

/// The structs of a low-rank FastGRNN in `a`.
fn lr_structs(a: &mut Arena, c: &Case) -> (Q15_FastGRNN_LR_Params, Q15_FastGRNN_LR_Buffers) {
    let p = Q15_FastGRNN_LR_Params {
        mean: a.ptr(4), stdDev: a.ptr(5), W1: a.ptr(0), W2: a.ptr(18), wRank: c.rank.0 as u32,
        U1: a.ptr(1), U2: a.ptr(19), uRank: c.rank.1 as u32, Bg: a.ptr(2), Bh: a.ptr(3),
        sigmoid_zeta: c.zeta, sigmoid_nu: c.nu,
    };
    let b = Q15_FastGRNN_LR_Buffers { preComp1: a.ptr(6), preComp2: a.ptr(7), preComp3: a.ptr(8), tempLRW: a.ptr(20), tempLRU: a.ptr(21), normFeatures: a.ptr(9) };
    (p, b)
}

/// Whether a model of `cell`, `build` (`LR`: sparse ignored) has sparse weights.
fn is_sparse(cell: usize, build: usize) -> bool {
    cell != LR && build % 2 == 1
}

/// Two calls of `steps[0]` then `steps[1]` steps over the arena's input,
/// through the drop-in function of the build or through one model: each
/// call's return code, and the arena after them.
#[allow(clippy::too_many_arguments)]
unsafe fn two_calls(c: &Case, sc: &Scales, build: usize, cell: usize, layout: Layout, steps: [usize; 2], backward: bool, normalize: bool, model: bool) -> ([i32; 2], Vec<u32>) {
    let sparse = is_sparse(cell, build);
    let most = steps[0].max(steps[1]);
    let mut a = Arena::new(c, sparse, cell, layout, most);
    if cell == LR {
        let (p, b) = lr_structs(&mut a, c);
        a.put(12, &[p]);
        a.put(13, &[b]);
        a.put(14, &[lr_scales(sc)]);
    } else {
        let (p, b) = model_structs(&mut a, c, sparse);
        // `Q7xQ15_FastGRNN_Params`/`_Buffers` differ only in their element types.
        a.put(12, &[p]);
        a.put(13, &[b]);
        a.put(14, &[sc.s]);
    }
    let (p, b, s) = (a.ptr::<c_void>(12) as *const c_void, a.ptr::<c_void>(13), a.ptr::<c_void>(14) as *const c_void);
    let (hd, id, bw, nz) = (c.hd as u32, c.id as u32, backward as i32, normalize as i32);
    let (h, x) = (a.ptr::<i16>(10), a.ptr::<c_void>(11) as *const c_void);
    let mut storage = Box::new(core::mem::MaybeUninit::<tinyrnn_fastgrnn_model>::zeroed());
    let (init, run) = model_variant(cell, build);
    let mut rc = [0; 2];
    if model {
        // A normalising model is made for the most steps of its runs.
        let init_rc = init(storage.as_mut_ptr(), hd, id, most as u32, p, b, s, nz);
        for (rc, &n) in rc.iter_mut().zip(&steps) {
            *rc = if init_rc != 0 { init_rc } else { run(storage.as_ptr(), h, x, n as u32, bw) };
        }
    } else {
        for (rc, &n) in rc.iter_mut().zip(&steps) {
            *rc = if cell == Q7 {
                Q7_CELLS[build](h, hd, x as *const i8, id, n as u32, p, b, s, bw, nz)
            } else if cell == LR {
                pick!(build >= 2, tinyrnn_q15_fastgrnn_lr_div, tinyrnn_q15_fastgrnn_lr_shift)(h, hd, x as *const i16, id, n as u32, p, b, s, bw, nz)
            } else {
                Q15_CELLS[build](h, hd, x as *const i16, id, n as u32, p, b, s, bw, nz)
            };
        }
    }
    (rc, a.written())
}

fn layout() -> impl Strategy<Value = Layout> {
    prop_oneof![
        4 => Just(Layout::Apart),
        1 => Just(Layout::HiddenAmongWeights),
        1 => Just(Layout::HiddenBesideAGap),
        1 => Just(Layout::HiddenAmongScratch),
        1 => Just(Layout::HiddenBesideAScratchGap),
        1 => Just(Layout::InputBesideAScratchGap),
        1 => Just(Layout::HiddenAtBg),
        1 => Just(Layout::FeaturesAtPreComp2),
        1 => Just(Layout::InputAtPreComp1),
        1 => Just(Layout::HiddenAtPreComp3),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases() / 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn model_runs_equal_the_drop_in_calls_or_refuse_shared_memory(
        seed in any::<u64>(),
        hd in 0usize..10,
        id in 0usize..8,
        steps in (0usize..4, 0usize..4),
        build in 0usize..4,
        cell in 0usize..3,
        rank in (0usize..4, 0usize..4),
        backward in any::<bool>(),
        normalize in any::<bool>(),
        layout in layout(),
    ) {
        let c = case(seed, hd, id, 4, if cell == LR { rank } else { (0, 0) });
        let sc = random_scales(&mut Rng(seed.rotate_left(17) | 1), build >= 2);
        let steps = [steps.0, steps.1];
        let drop_in = unsafe { two_calls(&c, &sc, build, cell, layout, steps, backward, normalize, false) };
        let model = unsafe { two_calls(&c, &sc, build, cell, layout, steps, backward, normalize, true) };
        if model != drop_in {
            // Where the call runs EdgeML's sequence through shared memory, a
            // model refuses and writes nothing: call by call, from the same
            // state (a second call of no step changes nothing).
            use Layout::*;
            let sharing = !matches!(layout, Apart | HiddenAmongWeights | HiddenBesideAGap | HiddenAmongScratch | HiddenBesideAScratchGap | InputBesideAScratchGap);
            prop_assert!(sharing, "{:?}: {:?} vs {:?}", layout, model.0, drop_in.0);
            for n in steps {
                let d = unsafe { two_calls(&c, &sc, build, cell, layout, [n, 0], backward, normalize, false) };
                let m = unsafe { two_calls(&c, &sc, build, cell, layout, [n, 0], backward, normalize, true) };
                for (mr, dr) in m.0.into_iter().zip(d.0) {
                    prop_assert!(mr == dr || (mr == -106 && dr == 0), "{:?}: {:?} vs {:?}", layout, m.0, d.0);
                }
                if m.0[0] == -106 {
                    prop_assert_eq!(m.1, Arena::new(&c, is_sparse(cell, build), cell, layout, n).written());
                } else {
                    prop_assert_eq!(m.1, d.1);
                }
            }
        }
    }
}

/// A dense Q15 model of `c`'s structs `p`, `b` (which it keeps pointers
/// to: they outlive it) initialised into `storage` by the `SHIFT` build's
/// init: its code.
unsafe fn shift_dense_model(p: &Q15_FastGRNN_Params, b: &mut Q15_FastGRNN_Buffers, c: &Case, sc: &Scales, storage: *mut tinyrnn_fastgrnn_model, normalize: bool, steps: u32) -> i32 {
    tinyrnn_q15_fastgrnn_model_init_shift_dense(storage, c.hd as u32, c.id as u32, steps, p as *const _ as *const c_void, b as *mut _ as *mut c_void, &sc.s as *const _ as *const c_void, normalize as i32)
}

#[test]
fn a_model_run_refuses_storage_its_init_did_not_accept() {
    const MODEL: i32 = -109;
    let c = case(7, 4, 3, 2, (0, 0));
    let sc = random_scales(&mut Rng(99), true);
    let mut a = Arena::new(&c, false, Q15, Layout::Apart, 2);
    let (h, x) = (a.ptr::<i16>(10), a.ptr::<c_void>(11) as *const c_void);
    let mut storage = Box::new(core::mem::MaybeUninit::<tinyrnn_fastgrnn_model>::zeroed());
    unsafe {
        // Never initialised (zero).
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 2, 0), MODEL);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(core::ptr::null(), h, x, 2, 0), -100);
        // Refused by its init (a NULL preComp1: EdgeML's own code), and left as it was.
        let (p, mut b) = model_structs(&mut a, &c, false);
        b.preComp1 = core::ptr::null_mut();
        let init = |m, b: &mut Q15_FastGRNN_Buffers| tinyrnn_q15_fastgrnn_model_init_shift_dense(m, 4, 3, 2, &p as *const _ as *const c_void, b as *mut _ as *mut c_void, &sc.s as *const _ as *const c_void, 0);
        assert_eq!(init(storage.as_mut_ptr(), &mut b), -1);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 2, 0), MODEL);
        assert_eq!(init(core::ptr::null_mut(), &mut b), -100);
        // Made by another variant's init.
        let (p, mut b) = model_structs(&mut a, &c, false);
        assert_eq!(shift_dense_model(&p, &mut b, &c, &sc, storage.as_mut_ptr(), false, 0), 0);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 2, 0), 0);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_div_dense(storage.as_ptr(), h, x, 2, 0), MODEL);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_sparse(storage.as_ptr(), h, x, 2, 0), MODEL);
        assert_eq!(tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 2, 0), MODEL);
        assert_eq!(tinyrnn_q15_fastgrnn_lr_model_run_shift(storage.as_ptr(), h, x, 2, 0), MODEL);
        // A later refused init leaves the model it had.
        let mut no_pc1 = Q15_FastGRNN_Buffers { preComp1: core::ptr::null_mut(), ..b };
        assert_eq!(init(storage.as_mut_ptr(), &mut no_pc1), -1);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 2, 0), 0);
    }
}

#[test]
fn a_normalising_model_refuses_more_steps_than_its_init_allowed() {
    let c = case(8, 4, 3, 3, (0, 0));
    let sc = random_scales(&mut Rng(98), true);
    let mut a = Arena::new(&c, false, Q15, Layout::Apart, 3);
    let (h, x) = (a.ptr::<i16>(10), a.ptr::<c_void>(11) as *const c_void);
    let mut storage = Box::new(core::mem::MaybeUninit::<tinyrnn_fastgrnn_model>::zeroed());
    let (p, mut b) = model_structs(&mut a, &c, false);
    unsafe {
        assert_eq!(shift_dense_model(&p, &mut b, &c, &sc, storage.as_mut_ptr(), true, 2), 0);
        let before = a.bytes.clone();
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 3, 0), -102);
        assert_eq!(a.bytes, before, "a refused run writes nothing");
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 2, 0), 0);
        // Without normalisation the steps bound nothing.
        assert_eq!(shift_dense_model(&p, &mut b, &c, &sc, storage.as_mut_ptr(), false, 0), 0);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), h, x, 3, 0), 0);
    }
}

#[test]
fn a_model_refuses_storage_that_shares_memory_with_its_call() {
    let c = case(9, 4, 3, 2, (0, 0));
    let sc = random_scales(&mut Rng(97), true);
    let mut a = Arena::new(&c, false, Q15, Layout::Apart, 2);
    let mut storage = Box::new(core::mem::MaybeUninit::<tinyrnn_fastgrnn_model>::zeroed());
    let x = a.ptr::<c_void>(11) as *const c_void;
    let (p, mut b) = model_structs(&mut a, &c, false);
    unsafe {
        // The storage over the weights (in RAM here): init refuses it and
        // writes nothing.
        let before = a.bytes.clone();
        let over_w = a.ptr::<tinyrnn_fastgrnn_model>(0);
        assert_eq!(shift_dense_model(&p, &mut b, &c, &sc, over_w, false, 0), -106);
        assert_eq!(a.bytes, before);
        // A hidden state inside the model's storage: refused by the run.
        assert_eq!(shift_dense_model(&p, &mut b, &c, &sc, storage.as_mut_ptr(), false, 0), 0);
        let inside = (storage.as_mut_ptr() as *mut u8).add(64) as *mut i16;
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), inside, x, 2, 0), -106);
        // And the drop-in call's own codes for the hidden state.
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), core::ptr::null_mut(), x, 2, 0), -100);
        assert_eq!(tinyrnn_q15_fastgrnn_model_run_shift_dense(storage.as_ptr(), (a.ptr::<u8>(10)).add(1) as *mut i16, x, 2, 0), -101);
    }
}
