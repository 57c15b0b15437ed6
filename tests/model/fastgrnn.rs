//! Plain models of quantized FastGRNN (`q15_fastgrnn`, `q7xq15_q15_fastgrnn`,
//! `q15_fastgrnn_lr`) and RNNPool (`q15_rnnpool_block`,
//! `q7xq15_q15_rnnpool_block`): EdgeML's sequence of util calls
//! (`quantized_fastgrnn.c`, `quantized_rnnpool.c` at 81025fc), each call one
//! of the plain kernels of [`super`], every intermediate an owned vector.
//! Out of EdgeML's defined domain the util models panic, as everywhere in
//! this model.

use super::*;
use tinyrnn::ffi::{Q15_FastGRNN_LR_Scales, Q15_FastGRNN_Scales};

/// `W` or `U` as the C call receives it.
#[derive(Clone, Debug)]
pub enum Weights {
    /// Row-major `rows × cols`.
    Dense(Vec<i16>),
    /// EdgeML's column-major sparse encoding (the `SPARSE` build).
    Sparse { ids: Vec<u32>, vals: Vec<i16> },
    /// `second (rows × rank) · first (rank × cols)` (`q15_fastgrnn_lr`).
    LowRank { first: Vec<i16>, second: Vec<i16>, rank: usize },
}

/// Input, `mean` and `stdDev` elements: Q15 (`q15_fastgrnn`) or Q7
/// (`q7xq15_q15_fastgrnn`).
#[derive(Clone, Debug)]
pub enum Features {
    Q15(Vec<i16>),
    Q7(Vec<i8>),
}

impl Features {
    fn row(&self, r: usize, d: usize) -> Features {
        match self {
            Features::Q15(v) => Features::Q15(v[r * d..(r + 1) * d].to_vec()),
            Features::Q7(v) => Features::Q7(v[r * d..(r + 1) * d].to_vec()),
        }
    }
}

/// Every scale of a step, named by role (the dense and low-rank C structs
/// name the projection scales differently; the rest alike).
#[derive(Clone, Copy, Debug, Default)]
pub struct Scales {
    pub input: i32,
    pub mean: i32,
    pub mean_sub: i32,
    pub std_dev: i32,
    pub norm_hd_std_dev: i32,
    /// `(mat, vec, out)` of `W` (low rank: of `W1`), then of `W2`.
    pub w: [i32; 3],
    pub w2: [i32; 3],
    pub u: [i32; 3],
    pub u2: [i32; 3],
    /// `q15_v_add` scales `(a, b, out, demote)`.
    pub mv_add: [i32; 4],
    pub bg_add: [i32; 4],
    pub sigmoid: (i16, i16, i16, i32, i32, u32),
    pub bh_add: [i32; 4],
    pub tanh: (i32, i32, u32),
    pub gate_hd_state: [i32; 2],
    pub q_one: i16,
    pub q_one_sub: [i32; 3],
    pub zeta_mul: [i32; 2],
    pub nu_add: [i32; 3],
    pub update_hd: [i32; 2],
    pub final_add: [i32; 4],
}

macro_rules! tail {
    ($s:expr, $mv_add:expr, $w:expr, $w2:expr, $u:expr, $u2:expr) => {{
        let s = $s;
        Scales {
            input: s.input,
            mean: s.mean,
            mean_sub: s.meanSub,
            std_dev: s.stdDev,
            norm_hd_std_dev: s.normFeaturesHDStdDev,
            w: $w,
            w2: $w2,
            u: $u,
            u2: $u2,
            mv_add: $mv_add,
            bg_add: [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote],
            sigmoid: (s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid),
            bh_add: [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote],
            tanh: (s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH),
            gate_hd_state: [s.gateHDHiddenState, s.hiddenStateHDGate],
            q_one: s.qOne,
            q_one_sub: [s.qOneScale, s.qOneSubGate, s.qOneSubGateOut],
            zeta_mul: [s.sigmoidZeta, s.sigmoidZetaMulQOneSubGate],
            nu_add: [s.sigmoidNu, s.sigmoidNuAddQOneSubGate, s.sigmoidNuAddQOneSubGateOut],
            update_hd: [s.sigmoidNuAddQOneSubGateHDUpdate, s.updateHDSigmoidNuAddQOneSubGate],
            final_add: [s.pC3AddPC1, s.pC1AddPC3, s.hiddenStateOut, s.hiddenStateDemote],
        }
    }};
}

impl Scales {
    pub fn dense(s: &Q15_FastGRNN_Scales) -> Scales {
        tail!(s, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], [s.w, s.normFeaturesMVW, s.mVWOut], [0; 3], [s.u, s.hiddenStateMVU, s.mVUOut], [0; 3])
    }

    pub fn low_rank(s: &Q15_FastGRNN_LR_Scales) -> Scales {
        tail!(
            s,
            [s.mV2AddMV4, s.mV4AddMV2, s.mV2AddMV4Out, s.mV2AddMV4Demote],
            [s.w1, s.normFeaturesMVW1, s.mVW1Out],
            [s.w2, s.tempLRW, s.mVW2Out],
            [s.u1, s.hiddenStateMVU1, s.mVU1Out],
            [s.u2, s.tempLRU, s.mVU2Out]
        )
    }
}

/// A FastGRNN call's parameters.
#[derive(Clone, Debug)]
pub struct FastGrnn {
    pub hidden_dims: usize,
    pub input_dims: usize,
    pub w: Weights,
    pub u: Weights,
    pub bg: Vec<i16>,
    pub bh: Vec<i16>,
    pub zeta: i16,
    pub nu: i16,
    /// `steps × inputDims` each (read only when normalising).
    pub mean: Features,
    pub std_dev: Features,
    pub scales: Scales,
}

/// `rows` outputs of `m · v` (`s`: the scales of `m`, `s2` of the second factor).
pub fn project(m: &Weights, v: &Features, rows: usize, s: [i32; 3], s2: [i32; 3], shift: bool) -> Vec<i16> {
    let cols = match v {
        Features::Q15(x) => x.len(),
        Features::Q7(x) => x.len(),
    };
    match (m, v) {
        (Weights::Dense(w), Features::Q15(x)) => q15_m_mulvec(w, x, rows, cols, s[0], s[1], s[2], shift),
        (Weights::Dense(w), Features::Q7(x)) => q15xq7_q15_m_mulvec(w, x, rows, cols, s[0], s[1], s[2], shift),
        // EdgeML clears preComp before the sparse products accumulate into it.
        (Weights::Sparse { ids, vals }, Features::Q15(x)) => q15_m_sparse_mulvec(ids, vals, x, &vec![0; rows], s[0], s[1], s[2], shift),
        (Weights::Sparse { ids, vals }, Features::Q7(x)) => q15xq7_q15_m_sparse_mulvec(ids, vals, x, &vec![0; rows], s[0], s[1], s[2], shift),
        (Weights::LowRank { first, second, rank }, Features::Q15(x)) => {
            let temp = q15_m_mulvec(first, x, *rank, cols, s[0], s[1], s[2], shift);
            q15_m_mulvec(second, &temp, rows, *rank, s2[0], s2[1], s2[2], shift)
        }
        (Weights::LowRank { .. }, Features::Q7(_)) => panic!("EdgeML has no low-rank FastGRNN with Q7 input"),
    }
}

impl FastGrnn {
    /// Runs `steps` steps over `input` from `hidden`; returns the new state.
    pub fn run(&self, hidden: &[i16], input: &Features, steps: usize, backward: bool, normalize: bool, shift: bool) -> Vec<i16> {
        let (hd, d, s) = (self.hidden_dims, self.input_dims, &self.scales);
        let mut h = hidden.to_vec();
        for t in 0..steps {
            let r = if backward { steps - 1 - t } else { t };
            let x = input.row(r, d);
            let features = if normalize {
                match (&x, self.mean.row(r, d), self.std_dev.row(r, d)) {
                    (Features::Q15(x), Features::Q15(m), Features::Q15(sd)) => {
                        let centred = q15_v_sub(x, &m, s.input, s.mean, s.mean_sub, shift);
                        Features::Q15(q15_v_hadamard(&sd, &centred, s.std_dev, s.norm_hd_std_dev, shift))
                    }
                    (Features::Q7(x), Features::Q7(m), Features::Q7(sd)) => {
                        let centred = q7_v_sub(x, &m, s.input, s.mean, s.mean_sub, shift);
                        Features::Q7(q7_v_hadamard(&sd, &centred, s.std_dev, s.norm_hd_std_dev, shift))
                    }
                    _ => panic!("mixed feature types"),
                }
            } else {
                x
            };
            let wx = project(&self.w, &features, hd, s.w, s.w2, shift);
            let uh = project(&self.u, &Features::Q15(h.clone()), hd, s.u, s.u2, shift);
            let [a, b, o, dm] = s.mv_add;
            let pre = q15_v_add(&wx, &uh, a, b, o, dm, shift);
            let [a, b, o, dm] = s.bg_add;
            let gate = q15_v_add(&pre, &self.bg, a, b, o, dm, shift);
            let (div, add, limit, si, so, table) = s.sigmoid;
            let gate = q15_v_sigmoid(&gate, div, add, limit, si, so, table);
            let [a, b, o, dm] = s.bh_add;
            let cand = q15_v_add(&pre, &self.bh, a, b, o, dm, shift);
            let cand = q15_v_tanh(&cand, s.tanh.0, s.tanh.1, s.tanh.2);
            let kept = q15_v_hadamard(&gate, &h, s.gate_hd_state[0], s.gate_hd_state[1], shift);
            let [a, b, o] = s.q_one_sub;
            let w = q15_v_scalar_sub(s.q_one, &gate, a, b, o, shift);
            let w = q15_v_scalar_mul(self.zeta, &w, s.zeta_mul[0], s.zeta_mul[1], shift);
            let [a, b, o] = s.nu_add;
            let w = q15_v_scalar_add(self.nu, &w, a, b, o, shift);
            let update = q15_v_hadamard(&w, &cand, s.update_hd[0], s.update_hd[1], shift);
            let [a, b, o, dm] = s.final_add;
            h = q15_v_add(&kept, &update, a, b, o, dm, shift);
        }
        h
    }
}

/// RNNPool's rescaling `(ShR1, ShL1, ShR2, ShL2)`.
#[derive(Clone, Copy, Debug)]
pub struct PoolScales {
    pub sh_r1: i32,
    pub sh_l1: i32,
    pub sh_r2: i32,
    pub sh_l2: i32,
}

/// `q15_rnnpool_block` / `q7xq15_q15_rnnpool_block` with FastGRNN as both
/// RNNs (`normalize = 0`, as EdgeML calls them): returns `output`
/// (`4 × hiddenDims2`).
pub fn rnnpool(patch: &Features, input_dims: usize, patch_dim: usize, stride: usize, rnn1: &FastGrnn, rnn2: &FastGrnn, sc: PoolScales, shift: bool) -> Vec<i16> {
    let (hd1, hd2) = (rnn1.hidden_dims, rnn2.hidden_dims);
    let slice = |from: usize, steps: usize| match patch {
        Features::Q15(p) => Features::Q15(p[from..from + steps * input_dims].to_vec()),
        Features::Q7(p) => Features::Q7(p[from..from + steps * input_dims].to_vec()),
    };
    let rescale = |v: &[i16], up: i32, down: i32| q15_v_scale_down(&q15_v_scale_up(v, up, shift), down, shift);
    let mut output = vec![0i16; 4 * hd2];
    let mut buffer = vec![0i16; hd1 * patch_dim];
    // Rows: each row is a sequence of `patch_dim` pixels.
    for r in 0..patch_dim {
        let h = rnn1.run(&buffer[r * hd1..(r + 1) * hd1], &slice(stride * r * input_dims, patch_dim), patch_dim, false, false, shift);
        buffer[r * hd1..(r + 1) * hd1].copy_from_slice(&h);
    }
    buffer = rescale(&buffer, sc.sh_l1, sc.sh_r1);
    for (k, backward) in [(0, false), (1, true)] {
        let o = rnn2.run(&output[k * hd2..(k + 1) * hd2], &Features::Q15(buffer.clone()), patch_dim, backward, false, shift);
        output[k * hd2..(k + 1) * hd2].copy_from_slice(&o);
    }
    // Columns: one pixel at a time, down each column.
    buffer.fill(0);
    for c in 0..patch_dim {
        for r in 0..patch_dim {
            let h = rnn1.run(&buffer[c * hd1..(c + 1) * hd1], &slice((stride * r + c) * input_dims, 1), 1, false, false, shift);
            buffer[c * hd1..(c + 1) * hd1].copy_from_slice(&h);
        }
    }
    buffer = rescale(&buffer, sc.sh_l1, sc.sh_r1);
    for (k, backward) in [(2, false), (3, true)] {
        let o = rnn2.run(&output[k * hd2..(k + 1) * hd2], &Features::Q15(buffer.clone()), patch_dim, backward, false, shift);
        output[k * hd2..(k + 1) * hd2].copy_from_slice(&o);
    }
    rescale(&output, sc.sh_l2, sc.sh_r2)
}
