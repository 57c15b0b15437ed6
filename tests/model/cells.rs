//! Plain models of the Q15 cells (`tinyrnn_q15_<cell>_{div,shift}`): each
//! step is the sequence of util kernels that the cell's header comment
//! documents (`include/tinyrnn_*.h`, `docs/cells.md`), every kernel one of
//! the plain models of [`super`], every intermediate an owned vector, the
//! scales read from the C scale struct by field name. The packed weight
//! formats are decoded here from their documented layout.

use super::fastgrnn::{project, Features, Weights};
use super::*;
use tinyrnn::ffi::cells::q15::*;

/// The cell and its C scale struct.
#[derive(Clone, Copy, Debug)]
pub enum CellScales {
    FastRnn(Q15_FastRNN_Scales),
    Ugrnn(Q15_UGRNN_Scales),
    SitGru(Q15_SiTGRU_Scales),
    LiGru(Q15_LiGRU_Scales),
    Egru(Q15_EGRU_Scales),
    Mgu(Q15_MGU_Scales),
    HardMgu(Q15_HardMGU_Scales),
    TinyEats(Q15_TinyEats_Scales),
    Gru(Q15_GRU_Scales),
}

/// A Q15 cell's decoded parameters: matrices as the products see them
/// (packed and int8 formats decoded to their integer values), biases as
/// Q15 values before any `biasScaleUp`.
#[derive(Clone, Debug)]
pub struct Cell {
    pub hidden_dims: usize,
    pub input_dims: usize,
    pub w: Weights,
    pub u: Weights,
    /// `U_h` (MGU, hard MGU, TinyEats); unused otherwise.
    pub u_h: Weights,
    pub b: Vec<i16>,
    /// GRU's `bias_hh`.
    pub b2: Vec<i16>,
    pub alpha: i16,
    pub beta: i16,
    pub mean: Vec<i16>,
    pub std_dev: Vec<i16>,
    pub scales: CellScales,
}

/// `ret[i] = (vec[i] · 2^scale_out) / (2^scale_in + |vec[i]|)`, 64-bit
/// product, truncating division, stored to Q15 (counts in 0..=30).
pub fn q15_v_softsign(vec: &[i16], scale_in: i32, scale_out: i32) -> Vec<i16> {
    assert!((0..=30).contains(&scale_in) && (0..=30).contains(&scale_out), "softsign counts out of 0..=30");
    vec.iter().map(|&x| (((x as i64) << scale_out) / ((1i64 << scale_in) + (x as i64).abs())) as i16).collect()
}

/// 3-bit code `i` of a packed stream (LSB first): sign bit 2, shift in bits
/// 1..0; its value in quarters is `±(4 >> k)`, 0 for `k == 3`.
pub fn pow2_value(codes: &[u8], i: usize) -> i16 {
    let bit = 3 * i;
    let word = codes[bit / 8] as u16 | (codes.get(bit / 8 + 1).copied().unwrap_or(0) as u16) << 8;
    let code = (word >> (bit % 8)) & 7;
    let k = code & 3;
    let m = if k == 3 { 0 } else { 4 >> k };
    if code & 4 != 0 {
        -m
    } else {
        m
    }
}

/// Signed 4-bit code `i` of a packed stream (low nibble first).
pub fn int4_value(codes: &[u8], i: usize) -> i16 {
    let b = codes[i / 2];
    let nibble = if i % 2 == 0 { b & 0x0f } else { b >> 4 };
    if nibble >= 8 {
        nibble as i16 - 16
    } else {
        nibble as i16
    }
}

fn add(a: &[i16], b: &[i16], s: [i32; 4], shift: bool) -> Vec<i16> {
    q15_v_add(a, b, s[0], s[1], s[2], s[3], shift)
}

fn hd(a: &[i16], b: &[i16], s: [i32; 2], shift: bool) -> Vec<i16> {
    q15_v_hadamard(a, b, s[0], s[1], shift)
}

impl Cell {
    /// Runs `steps` steps over `input` from `hidden`; returns the new state.
    pub fn run(&self, hidden: &[i16], input: &[i16], steps: usize, backward: bool, normalize: bool, shift: bool) -> Vec<i16> {
        let (d, h) = (self.input_dims, self.hidden_dims);
        let mut hs = hidden.to_vec();
        for t in 0..steps {
            let r = if backward { steps - 1 - t } else { t };
            let x = &input[r * d..(r + 1) * d];
            macro_rules! norm {
                ($s:expr) => {
                    if normalize {
                        let c = q15_v_sub(x, &self.mean[r * d..(r + 1) * d], $s.input, $s.mean, $s.meanSub, shift);
                        q15_v_hadamard(&self.std_dev[r * d..(r + 1) * d], &c, $s.stdDev, $s.normFeaturesHDStdDev, shift)
                    } else {
                        x.to_vec()
                    }
                };
            }
            // W·x and U·h with the struct's matrix scales (`lr`: the struct
            // has the second factors' scales).
            macro_rules! products {
                ($s:expr, $rows:expr, $urows:expr, lr) => {{
                    let nf = norm!($s);
                    (
                        project(&self.w, &Features::Q15(nf), $rows, [$s.w, $s.normFeaturesMVW, $s.mVWOut], [$s.w2, $s.tempLRW, $s.mVW2Out], shift),
                        project(&self.u, &Features::Q15(hs.clone()), $urows, [$s.u, $s.hiddenStateMVU, $s.mVUOut], [$s.u2, $s.tempLRU, $s.mVU2Out], shift),
                    )
                }};
                ($s:expr, $rows:expr, $urows:expr, dense) => {{
                    let nf = norm!($s);
                    (
                        project(&self.w, &Features::Q15(nf), $rows, [$s.w, $s.normFeaturesMVW, $s.mVWOut], [0; 3], shift),
                        project(&self.u, &Features::Q15(hs.clone()), $urows, [$s.u, $s.hiddenStateMVU, $s.mVUOut], [0; 3], shift),
                    )
                }};
            }
            // Keep gate z: h = z⊙h + (1−z)⊙c.
            macro_rules! keep_mix {
                ($s:expr, $z:expr, $c:expr) => {{
                    let kept = hd($z, &hs, [$s.gateHDHiddenState, $s.hiddenStateHDGate], shift);
                    let z = q15_v_scalar_sub($s.qOne, $z, $s.qOneScale, $s.qOneSubGate, $s.qOneSubGateOut, shift);
                    let z = hd(&z, $c, [$s.qOneSubGateHDUpdate, $s.updateHDQOneSubGate], shift);
                    add(&kept, &z, [$s.keptAddWritten, $s.writtenAddKept, $s.hiddenStateOut, $s.hiddenStateDemote], shift)
                }};
            }
            // Write gate g: h = (1−g)⊙h + g⊙c.
            macro_rules! write_mix {
                ($s:expr, $g:expr, $c:expr) => {{
                    let kept = q15_v_scalar_sub($s.qOne, $g, $s.qOneScale, $s.qOneSubGate, $s.qOneSubGateOut, shift);
                    let kept = hd(&kept, &hs, [$s.qOneSubGateHDHiddenState, $s.hiddenStateHDQOneSubGate], shift);
                    let g = hd($g, $c, [$s.gateHDUpdate, $s.updateHDGate], shift);
                    add(&kept, &g, [$s.keptAddWritten, $s.writtenAddKept, $s.hiddenStateOut, $s.hiddenStateDemote], shift)
                }};
            }
            let b = &self.b;
            hs = match &self.scales {
                CellScales::FastRnn(s) => {
                    let (wx, uh) = products!(s, h, h, lr);
                    let p = add(&wx, &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let p = add(&p, b, [s.pC1AddB, s.b, s.pC1AddBOut, s.pC1AddBDemote], shift);
                    let p = q15_v_tanh(&p, s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                    let p = q15_v_scalar_mul(self.alpha, &p, s.alpha, s.alphaMulUpdate, shift);
                    let q = q15_v_scalar_mul(self.beta, &hs, s.beta, s.betaMulHiddenState, shift);
                    add(&p, &q, [s.updateAddHiddenState, s.hiddenStateAddUpdate, s.hiddenStateOut, s.hiddenStateDemote], shift)
                }
                CellScales::Ugrnn(s) => {
                    let (wx, uh) = products!(s, 2 * h, 2 * h, lr);
                    let p = add(&wx, &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let z = add(&p[..h], &b[..h], [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote], shift);
                    let c = add(&p[h..], &b[h..2 * h], [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote], shift);
                    let z = q15_v_sigmoid(&z, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                    let c = q15_v_tanh(&c, s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                    keep_mix!(s, &z, &c)
                }
                CellScales::SitGru(s) => {
                    let (wx, uh) = products!(s, 2 * h, 2 * h, lr);
                    let p = add(&wx, &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let mut g = add(&p[..h], &b[..h], [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote], shift);
                    g.extend(add(&p[h..], &b[h..2 * h], [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote], shift));
                    let g = q15_v_sigmoid(&g, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                    keep_mix!(s, &g[..h], &g[h..])
                }
                CellScales::LiGru(s) => {
                    let (wx, uh) = products!(s, 2 * h, 2 * h, lr);
                    let p = add(&wx, &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let z = add(&p[..h], &b[..h], [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote], shift);
                    let c = add(&p[h..], &b[h..2 * h], [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote], shift);
                    let z = q15_v_sigmoid(&z, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                    // ReLU as a table-free sigmoid with the ReLU's scales.
                    let c = q15_v_sigmoid(&c, s.reluDiv, 0, s.reluLimit, s.reluScaleIn, s.reluScaleOut, 0);
                    keep_mix!(s, &z, &c)
                }
                CellScales::Egru(s) => {
                    let (wx, uh) = products!(s, 2 * h, 2 * h, dense);
                    let p = add(&wx, &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let bq = q15_v_scale_up(&b[..2 * h], s.biasScaleUp, shift);
                    let g = add(&p[..h], &bq[..h], [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote], shift);
                    let c = add(&p[h..], &bq[h..], [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote], shift);
                    let g = q15_v_softsign(&g, s.gateSoftsignScaleIn, s.gateSoftsignScaleOut);
                    let g = q15_v_scalar_add(s.qOne, &g, s.qOneAddScale, s.qOneAddGateSoftsign, s.qOneAddGateSoftsignOut, shift);
                    let c = q15_v_softsign(&c, s.softsignScaleIn, s.softsignScaleOut);
                    write_mix!(s, &g, &c)
                }
                CellScales::Mgu(s) => {
                    let (wx, uh) = products!(s, 2 * h, h, lr);
                    let f = add(&wx[..h], &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let f = add(&f, &b[..h], [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote], shift);
                    let f = q15_v_sigmoid(&f, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                    let reset = hd(&f, &hs, [s.resetHDHiddenState, s.hiddenStateHDReset], shift);
                    let uhr = project(&self.u_h, &Features::Q15(reset), h, [s.uh, s.resetHiddenStateMVUh, s.mVUhOut], [s.uh2, s.tempLRUh, s.mVUh2Out], shift);
                    let c = add(&wx[h..], &uhr, [s.mV1AddMV3, s.mV3AddMV1, s.mV1AddMV3Out, s.mV1AddMV3Demote], shift);
                    let c = add(&c, &b[h..2 * h], [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote], shift);
                    let c = q15_v_tanh(&c, s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                    write_mix!(s, &f, &c)
                }
                CellScales::HardMgu(s) => {
                    let (wx, uh) = products!(s, 2 * h, h, dense);
                    let f = add(&wx[..h], &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let f = q15_v_sigmoid(&f, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, 0);
                    let reset = hd(&f, &hs, [s.resetHDHiddenState, s.hiddenStateHDReset], shift);
                    let uhr = project(&self.u_h, &Features::Q15(reset), h, [s.uh, s.resetHiddenStateMVUh, s.mVUhOut], [0; 3], shift);
                    let c = add(&wx[h..], &uhr, [s.mV1AddMV3, s.mV3AddMV1, s.mV1AddMV3Out, s.mV1AddMV3Demote], shift);
                    let c = q15_v_sigmoid(&c, s.tanhDiv, s.tanhAdd, s.tanhLimit, s.tanhScaleIn, s.tanhScaleOut, 0);
                    let c = q15_v_scalar_add(s.tanhOffset, &c, s.tanhOffsetScale, s.codeAddTanhOffset, s.codeAddTanhOffsetOut, shift);
                    write_mix!(s, &f, &c)
                }
                CellScales::TinyEats(s) => {
                    let (wx, uh) = products!(s, 3 * h, 2 * h, dense);
                    let g = add(&wx[..2 * h], &uh, [s.mV1AddMV2, s.mV2AddMV1, s.mV1AddMV2Out, s.mV1AddMV2Demote], shift);
                    let bq = q15_v_scale_up(&b[..3 * h], s.biasScaleUp, shift);
                    let g = add(&g, &bq[..2 * h], [s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote], shift);
                    let g = q15_v_softsign(&g, s.gateSoftsignScaleIn, s.gateSoftsignScaleOut);
                    let g = q15_v_scalar_add(s.qOne, &g, s.qOneAddScale, s.qOneAddGateSoftsign, s.qOneAddGateSoftsignOut, shift);
                    let reset = hd(&g[..h], &hs, [s.resetHDHiddenState, s.hiddenStateHDReset], shift);
                    let uhr = project(&self.u_h, &Features::Q15(reset), h, [s.uh, s.resetHiddenStateMVUh, s.mVUhOut], [0; 3], shift);
                    let c = add(&wx[2 * h..], &uhr, [s.mV1AddMV3, s.mV3AddMV1, s.mV1AddMV3Out, s.mV1AddMV3Demote], shift);
                    let c = add(&c, &bq[2 * h..], [s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote], shift);
                    let c = q15_v_softsign(&c, s.softsignScaleIn, s.softsignScaleOut);
                    write_mix!(s, &g[h..], &c)
                }
                CellScales::Gru(s) => {
                    let (wx, uh) = products!(s, 3 * h, 3 * h, lr);
                    let p1 = add(&wx, &b[..3 * h], [s.pC1AddBih, s.bih, s.pC1AddBihOut, s.pC1AddBihDemote], shift);
                    let p2 = add(&uh, &self.b2[..3 * h], [s.pC2AddBhh, s.bhh, s.pC2AddBhhOut, s.pC2AddBhhDemote], shift);
                    let rz = add(&p1[..2 * h], &p2[..2 * h], [s.pC1AddPC2, s.pC2AddPC1, s.pC1AddPC2Out, s.pC1AddPC2Demote], shift);
                    let rz = q15_v_sigmoid(&rz, s.div, s.add, s.sigmoidLimit, s.sigmoidScaleIn, s.sigmoidScaleOut, s.useTableSigmoid);
                    let rn = hd(&rz[..h], &p2[2 * h..], [s.resetHDPC2, s.pC2HDReset], shift);
                    let n = add(&p1[2 * h..], &rn, [s.pC1AddRPC2, s.rPC2AddPC1, s.pC1AddRPC2Out, s.pC1AddRPC2Demote], shift);
                    let n = q15_v_tanh(&n, s.tanhScaleIn, s.tanhScaleOut, s.useTableTanH);
                    keep_mix!(s, &rz[h..], &n)
                }
            };
        }
        hs
    }
}
