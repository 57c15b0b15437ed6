//! The model both Rust examples run (`rust_host` on the PC, `rust_firmware`
//! on an emulated Cortex-M): a 3-input, 2-unit dense Q15 FastGRNN, written
//! down with the same numbers a C user puts in EdgeML's structs, run for two
//! steps from a zero state.

use tinyrnn::q15::fastgrnn::{Dense, FastGrnn, Scratch};
use tinyrnn::q15::FastGrnnScales;
use tinyrnn::{Divisor, Error};

/// `Q15_FastGRNN_Scales` of the division build (the C initializer with
/// `.name = ` turned into `name: `).
#[rustfmt::skip]
pub const SCALES: FastGrnnScales = FastGrnnScales {
    input: 1, mean: 1, meanSub: 1, stdDev: 1, normFeaturesHDStdDev: 1,
    w: 128, normFeaturesMVW: 64, mVWOut: 4,
    u: 128, hiddenStateMVU: 64, mVUOut: 8,
    mV1AddMV2: 1, mV2AddMV1: 4, mV1AddMV2Out: 1, mV1AddMV2Demote: 1,
    pC1AddBg: 1, bg: 8, pC1AddBgOut: 1, pC1AddBgDemote: 1,
    sigmoidScaleIn: 11, sigmoidScaleOut: 14,
    pC1AddBh: 1, bh: 16, pC1AddBhOut: 1, pC1AddBhDemote: 1,
    tanhScaleIn: 11, tanhScaleOut: 11,
    gateHDHiddenState: 128, hiddenStateHDGate: 128,
    qOneScale: 1, qOneSubGate: 1, qOneSubGateOut: 1,
    sigmoidZeta: 128, sigmoidZetaMulQOneSubGate: 256,
    sigmoidNu: 256, sigmoidNuAddQOneSubGate: 1, sigmoidNuAddQOneSubGateOut: 1,
    sigmoidNuAddQOneSubGateHDUpdate: 32, updateHDSigmoidNuAddQOneSubGate: 64,
    pC3AddPC1: 1, pC1AddPC3: 1, hiddenStateOut: 1, hiddenStateDemote: 1,
    div: 2, add: 1024, sigmoidLimit: 2048, qOne: 16384,
    useTableSigmoid: 0, useTableTanH: 0,
};

/// `W` (2 × 3) and `U` (2 × 2), row-major; `Bg`, `Bh`; `sigmoid_zeta`, `sigmoid_nu`.
const W: [i16; 6] = [4096, -2048, 1024, -512, 8192, 2048];
const U: [i16; 4] = [3072, -1024, 512, 2048];
const BG: [i16; 2] = [-3206, 1853];
const BH: [i16; 2] = [2696, -1178];
const ZETA: i16 = 32522;
const NU: i16 = 30111;

/// Two steps of three Q15 features.
const INPUT: [i16; 6] = [12000, -8000, 4000, 2000, 16000, -16000];

/// What EdgeML's `q15_fastgrnn` (c_reference @ 81025fce, division build)
/// leaves in the hidden state for these numbers.
pub const EDGEML_STATE: [i16; 2] = [-6977, -14624];

/// Runs the two steps; returns the hidden state.
pub fn run() -> Result<[i16; 2], Error> {
    let cell: FastGrnn<i16, Divisor, Dense<Divisor>> = FastGrnn::dense(&W, &U, &BG, &BH, ZETA, NU, &SCALES);
    let (mut h, mut wx, mut uh, mut features) = ([0i16; 2], [0i16; 2], [0i16; 2], [0i16; 3]);
    let mut scratch = Scratch { wx: &mut wx, uh: &mut uh, features: &mut features, temp_w: &mut [], temp_u: &mut [] };
    cell.run(&mut h, &INPUT, 2, false, false, &mut scratch)?;
    Ok(h)
}
