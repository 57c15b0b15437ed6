//! FastGRNN models as EdgeML's C code writes them down: the numbers of a
//! `Q15_FastGRNN_Scales` (or `Q15_FastGRNN_LR_Scales`) initializer, field for
//! field, and one call from them (and the weight arrays) to a
//! [`FastGrnn`] cell.
//!
//! The field names are EdgeML's, so a C model header's designated
//! initializer becomes a Rust struct literal by replacing each `.name = `
//! with `name: `:
//!
//! ```text
//! C:    static const Q15_FastGRNN_Scales s = { .input = 1, .mean = 1, ... };
//! Rust: const S: FastGrnnScales = FastGrnnScales { input: 1, mean: 1, ... };
//! ```
//!
//! Each raw number means what it means in the C build the model was made
//! for: a divisor for the division build ([`Divisor`](crate::Divisor)), a
//! shift count for `SHIFT` ([`Exponent`](crate::Exponent)); the type
//! parameter `S` of the conversions chooses.
#![allow(non_snake_case)]

use super::fastgrnn::{AddScales, Dense, FastGrnn, Feature, MatVecScales, NormScales, Sparse, TypedLrScales, TypedScales, UpdateScales};
use super::matrix::SparseMatrix;
use crate::scale::Scale;

/// The numbers of EdgeML's `Q15_FastGRNN_Scales` (dense and sparse FastGRNN,
/// Q15 or Q7 input), in its field order. See the [module](self) docs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each field is the C struct's field of the same name.
pub struct FastGrnnScales {
    pub input: i32,
    pub mean: i32,
    pub meanSub: i32,
    pub stdDev: i32,
    pub normFeaturesHDStdDev: i32,
    pub w: i32,
    pub normFeaturesMVW: i32,
    pub mVWOut: i32,
    pub u: i32,
    pub hiddenStateMVU: i32,
    pub mVUOut: i32,
    pub mV1AddMV2: i32,
    pub mV2AddMV1: i32,
    pub mV1AddMV2Out: i32,
    pub mV1AddMV2Demote: i32,
    pub pC1AddBg: i32,
    pub bg: i32,
    pub pC1AddBgOut: i32,
    pub pC1AddBgDemote: i32,
    pub sigmoidScaleIn: i32,
    pub sigmoidScaleOut: i32,
    pub pC1AddBh: i32,
    pub bh: i32,
    pub pC1AddBhOut: i32,
    pub pC1AddBhDemote: i32,
    pub tanhScaleIn: i32,
    pub tanhScaleOut: i32,
    pub gateHDHiddenState: i32,
    pub hiddenStateHDGate: i32,
    pub qOneScale: i32,
    pub qOneSubGate: i32,
    pub qOneSubGateOut: i32,
    pub sigmoidZeta: i32,
    pub sigmoidZetaMulQOneSubGate: i32,
    pub sigmoidNu: i32,
    pub sigmoidNuAddQOneSubGate: i32,
    pub sigmoidNuAddQOneSubGateOut: i32,
    pub sigmoidNuAddQOneSubGateHDUpdate: i32,
    pub updateHDSigmoidNuAddQOneSubGate: i32,
    pub pC3AddPC1: i32,
    pub pC1AddPC3: i32,
    pub hiddenStateOut: i32,
    pub hiddenStateDemote: i32,
    pub div: i16,
    pub add: i16,
    pub sigmoidLimit: i16,
    pub qOne: i16,
    pub useTableSigmoid: u32,
    pub useTableTanH: u32,
}

/// The numbers of EdgeML's `Q15_FastGRNN_LR_Scales` (low-rank FastGRNN), in
/// its field order. See the [module](self) docs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each field is the C struct's field of the same name.
pub struct FastGrnnLrScales {
    pub input: i32,
    pub mean: i32,
    pub meanSub: i32,
    pub stdDev: i32,
    pub normFeaturesHDStdDev: i32,
    pub w1: i32,
    pub normFeaturesMVW1: i32,
    pub mVW1Out: i32,
    pub w2: i32,
    pub tempLRW: i32,
    pub mVW2Out: i32,
    pub u1: i32,
    pub hiddenStateMVU1: i32,
    pub mVU1Out: i32,
    pub u2: i32,
    pub tempLRU: i32,
    pub mVU2Out: i32,
    pub mV2AddMV4: i32,
    pub mV4AddMV2: i32,
    pub mV2AddMV4Out: i32,
    pub mV2AddMV4Demote: i32,
    pub pC1AddBg: i32,
    pub bg: i32,
    pub pC1AddBgOut: i32,
    pub pC1AddBgDemote: i32,
    pub sigmoidScaleIn: i32,
    pub sigmoidScaleOut: i32,
    pub pC1AddBh: i32,
    pub bh: i32,
    pub pC1AddBhOut: i32,
    pub pC1AddBhDemote: i32,
    pub tanhScaleIn: i32,
    pub tanhScaleOut: i32,
    pub gateHDHiddenState: i32,
    pub hiddenStateHDGate: i32,
    pub qOneScale: i32,
    pub qOneSubGate: i32,
    pub qOneSubGateOut: i32,
    pub sigmoidZeta: i32,
    pub sigmoidZetaMulQOneSubGate: i32,
    pub sigmoidNu: i32,
    pub sigmoidNuAddQOneSubGate: i32,
    pub sigmoidNuAddQOneSubGateOut: i32,
    pub sigmoidNuAddQOneSubGateHDUpdate: i32,
    pub updateHDSigmoidNuAddQOneSubGate: i32,
    pub pC3AddPC1: i32,
    pub pC1AddPC3: i32,
    pub hiddenStateOut: i32,
    pub hiddenStateDemote: i32,
    pub sigmoidLimit: i16,
    pub div: i16,
    pub add: i16,
    pub qOne: i16,
    pub useTableSigmoid: u32,
    pub useTableTanH: u32,
}

fn mv<S: Scale>(mat: i32, vec: i32, out: i32) -> MatVecScales<S> {
    MatVecScales { mat: S::from_raw(mat), vec: S::from_raw(vec), out: S::from_raw(out) }
}

fn add<S: Scale>(a: i32, b: i32, out: i32, demote: i32) -> AddScales<S> {
    AddScales { a: S::from_raw(a), b: S::from_raw(b), out: S::from_raw(out), demote: S::from_raw(demote) }
}

/// The scales both structs name alike: the normalisation and the update
/// (`$proj_add` is the projections' sum, named differently in the two).
macro_rules! shared {
    ($s:expr, $proj_add:expr) => {{
        let s = $s;
        let f = S::from_raw;
        (
            NormScales { input: f(s.input), mean: f(s.mean), mean_sub: f(s.meanSub), std_dev: f(s.stdDev), norm_features_hd_std_dev: f(s.normFeaturesHDStdDev) },
            UpdateScales {
                projections_add: $proj_add,
                bg_add: add(s.pC1AddBg, s.bg, s.pC1AddBgOut, s.pC1AddBgDemote),
                sigmoid_scale_in: s.sigmoidScaleIn,
                sigmoid_scale_out: s.sigmoidScaleOut,
                bh_add: add(s.pC1AddBh, s.bh, s.pC1AddBhOut, s.pC1AddBhDemote),
                tanh_scale_in: s.tanhScaleIn,
                tanh_scale_out: s.tanhScaleOut,
                gate_hd_hidden_state: f(s.gateHDHiddenState),
                hidden_state_hd_gate: f(s.hiddenStateHDGate),
                q_one_scale: f(s.qOneScale),
                q_one_sub_gate: f(s.qOneSubGate),
                q_one_sub_gate_out: f(s.qOneSubGateOut),
                sigmoid_zeta: f(s.sigmoidZeta),
                sigmoid_zeta_mul_q_one_sub_gate: f(s.sigmoidZetaMulQOneSubGate),
                sigmoid_nu: f(s.sigmoidNu),
                sigmoid_nu_add_q_one_sub_gate: f(s.sigmoidNuAddQOneSubGate),
                sigmoid_nu_add_q_one_sub_gate_out: f(s.sigmoidNuAddQOneSubGateOut),
                sigmoid_nu_add_q_one_sub_gate_hd_update: f(s.sigmoidNuAddQOneSubGateHDUpdate),
                update_hd_sigmoid_nu_add_q_one_sub_gate: f(s.updateHDSigmoidNuAddQOneSubGate),
                final_add: add(s.pC3AddPC1, s.pC1AddPC3, s.hiddenStateOut, s.hiddenStateDemote),
            },
        )
    }};
}

impl FastGrnnScales {
    /// The scales, typed for one mode (a divisor or a shift count each).
    pub fn typed<S: Scale>(&self) -> TypedScales<S> {
        let (norm, update) = shared!(self, add(self.mV1AddMV2, self.mV2AddMV1, self.mV1AddMV2Out, self.mV1AddMV2Demote));
        TypedScales {
            norm,
            w: self.w(),
            u: self.u(),
            update,
            div: self.div,
            add: self.add,
            sigmoid_limit: self.sigmoidLimit,
            q_one: self.qOne,
            use_table_sigmoid: self.useTableSigmoid,
            use_table_tanh: self.useTableTanH,
        }
    }

    /// The scales of `W · x` (`w`, `normFeaturesMVW`, `mVWOut`).
    pub fn w<S: Scale>(&self) -> MatVecScales<S> {
        mv(self.w, self.normFeaturesMVW, self.mVWOut)
    }

    /// The scales of `U · h` (`u`, `hiddenStateMVU`, `mVUOut`).
    pub fn u<S: Scale>(&self) -> MatVecScales<S> {
        mv(self.u, self.hiddenStateMVU, self.mVUOut)
    }
}

impl FastGrnnLrScales {
    /// The scales, typed for one mode (a divisor or a shift count each).
    pub fn typed<S: Scale>(&self) -> TypedLrScales<S> {
        let (norm, update) = shared!(self, add(self.mV2AddMV4, self.mV4AddMV2, self.mV2AddMV4Out, self.mV2AddMV4Demote));
        let ((w1, w2), (u1, u2)) = (self.w(), self.u());
        TypedLrScales {
            norm,
            w1,
            w2,
            u1,
            u2,
            update,
            sigmoid_limit: self.sigmoidLimit,
            div: self.div,
            add: self.add,
            q_one: self.qOne,
            use_table_sigmoid: self.useTableSigmoid,
            use_table_tanh: self.useTableTanH,
        }
    }

    /// The scales of `W1 · x` and of `W2 · (W1 · x)`.
    pub fn w<S: Scale>(&self) -> (MatVecScales<S>, MatVecScales<S>) {
        (mv(self.w1, self.normFeaturesMVW1, self.mVW1Out), mv(self.w2, self.tempLRW, self.mVW2Out))
    }

    /// The scales of `U1 · h` and of `U2 · (U1 · h)`.
    pub fn u<S: Scale>(&self) -> (MatVecScales<S>, MatVecScales<S>) {
        (mv(self.u1, self.hiddenStateMVU1, self.mVU1Out), mv(self.u2, self.tempLRU, self.mVU2Out))
    }
}

impl<'a, X: Feature, S: Scale> FastGrnn<'a, X, S, Dense<'a, S>> {
    /// EdgeML's dense `q15_fastgrnn` (Q15 input) or `q7xq15_q15_fastgrnn`
    /// (Q7 input) cell: the arrays of its `Q15_FastGRNN_Params` (`W`:
    /// `hiddenDims × inputDims`, `U`: `hiddenDims × hiddenDims`, row-major;
    /// `Bg`, `Bh`: `hiddenDims`), `sigmoid_zeta`, `sigmoid_nu`, and the
    /// numbers of its scales. Without normalisation; see
    /// [`FastGrnn::with_normalization`].
    pub fn dense(w: &'a [i16], u: &'a [i16], bg: &'a [i16], bh: &'a [i16], sigmoid_zeta: i16, sigmoid_nu: i16, scales: &FastGrnnScales) -> Self {
        FastGrnn {
            mean: &[],
            std_dev: &[],
            w: Dense { mat: w, scales: scales.w() },
            u: Dense { mat: u, scales: scales.u() },
            bg,
            bh,
            sigmoid_zeta,
            sigmoid_nu,
            scales: scales.typed(),
            mode: core::marker::PhantomData,
        }
    }
}

impl<'a, X: Feature, S: Scale> FastGrnn<'a, X, S, Sparse<'a, S>> {
    /// As [`FastGrnn::dense`], with `W` and `U` in EdgeML's sparse encoding
    /// (the `SPARSE` build: `Wids`/`Wvals`, `Uids`/`Uvals`, see
    /// [`SparseMatrix::new`]).
    pub fn sparse(w: SparseMatrix<'a>, u: SparseMatrix<'a>, bg: &'a [i16], bh: &'a [i16], sigmoid_zeta: i16, sigmoid_nu: i16, scales: &FastGrnnScales) -> Self {
        FastGrnn {
            mean: &[],
            std_dev: &[],
            w: Sparse { mat: w, scales: scales.w() },
            u: Sparse { mat: u, scales: scales.u() },
            bg,
            bh,
            sigmoid_zeta,
            sigmoid_nu,
            scales: scales.typed(),
            mode: core::marker::PhantomData,
        }
    }
}

impl<'a, X, S, W, U, G> FastGrnn<'a, X, S, W, U, G> {
    /// The same cell, normalising each input as EdgeML does when called
    /// with `normalize` set: `mean` and `std_dev` are `steps × inputDims`.
    pub fn with_normalization(self, mean: &'a [X], std_dev: &'a [X]) -> Self {
        FastGrnn { mean, std_dev, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::q15::fastgrnn::Scratch;
    use crate::{Divisor, Exponent};

    /// A scales struct whose every field holds a different number, so that
    /// a field mapped to the wrong place shows.
    fn distinct() -> FastGrnnScales {
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        FastGrnnScales {
            input: next(),
            mean: next(),
            meanSub: next(),
            stdDev: next(),
            normFeaturesHDStdDev: next(),
            w: next(),
            normFeaturesMVW: next(),
            mVWOut: next(),
            u: next(),
            hiddenStateMVU: next(),
            mVUOut: next(),
            mV1AddMV2: next(),
            mV2AddMV1: next(),
            mV1AddMV2Out: next(),
            mV1AddMV2Demote: next(),
            pC1AddBg: next(),
            bg: next(),
            pC1AddBgOut: next(),
            pC1AddBgDemote: next(),
            sigmoidScaleIn: next(),
            sigmoidScaleOut: next(),
            pC1AddBh: next(),
            bh: next(),
            pC1AddBhOut: next(),
            pC1AddBhDemote: next(),
            tanhScaleIn: next(),
            tanhScaleOut: next(),
            gateHDHiddenState: next(),
            hiddenStateHDGate: next(),
            qOneScale: next(),
            qOneSubGate: next(),
            qOneSubGateOut: next(),
            sigmoidZeta: next(),
            sigmoidZetaMulQOneSubGate: next(),
            sigmoidNu: next(),
            sigmoidNuAddQOneSubGate: next(),
            sigmoidNuAddQOneSubGateOut: next(),
            sigmoidNuAddQOneSubGateHDUpdate: next(),
            updateHDSigmoidNuAddQOneSubGate: next(),
            pC3AddPC1: next(),
            pC1AddPC3: next(),
            hiddenStateOut: next(),
            hiddenStateDemote: next(),
            div: 44,
            add: 45,
            sigmoidLimit: 46,
            qOne: 47,
            useTableSigmoid: 1,
            useTableTanH: 0,
        }
    }

    #[test]
    fn every_number_lands_in_the_scale_of_the_same_name() {
        let s = distinct();
        let t = s.typed::<Exponent>();
        let (n, g) = (t.norm, t.update);
        let e = Exponent;
        assert_eq!((n.input, n.mean, n.mean_sub, n.std_dev, n.norm_features_hd_std_dev), (e(1), e(2), e(3), e(4), e(5)));
        assert_eq!((t.w, t.u), (s.w::<Exponent>(), s.u::<Exponent>()));
        assert_eq!(s.w::<Exponent>(), MatVecScales { mat: e(6), vec: e(7), out: e(8) });
        assert_eq!(s.u::<Exponent>(), MatVecScales { mat: e(9), vec: e(10), out: e(11) });
        assert_eq!(g.projections_add, AddScales { a: e(12), b: e(13), out: e(14), demote: e(15) });
        assert_eq!(g.bg_add, AddScales { a: e(16), b: e(17), out: e(18), demote: e(19) });
        assert_eq!((g.sigmoid_scale_in, g.sigmoid_scale_out), (20, 21));
        assert_eq!(g.bh_add, AddScales { a: e(22), b: e(23), out: e(24), demote: e(25) });
        assert_eq!((g.tanh_scale_in, g.tanh_scale_out), (26, 27));
        assert_eq!((g.gate_hd_hidden_state, g.hidden_state_hd_gate), (e(28), e(29)));
        assert_eq!((g.q_one_scale, g.q_one_sub_gate, g.q_one_sub_gate_out), (e(30), e(31), e(32)));
        assert_eq!((g.sigmoid_zeta, g.sigmoid_zeta_mul_q_one_sub_gate), (e(33), e(34)));
        assert_eq!((g.sigmoid_nu, g.sigmoid_nu_add_q_one_sub_gate, g.sigmoid_nu_add_q_one_sub_gate_out), (e(35), e(36), e(37)));
        assert_eq!((g.sigmoid_nu_add_q_one_sub_gate_hd_update, g.update_hd_sigmoid_nu_add_q_one_sub_gate), (e(38), e(39)));
        assert_eq!(g.final_add, AddScales { a: e(40), b: e(41), out: e(42), demote: e(43) });
        assert_eq!((t.div, t.add, t.sigmoid_limit, t.q_one), (44, 45, 46, 47));
        assert_eq!((t.use_table_sigmoid != 0, t.use_table_tanh != 0), (true, false));
    }

    #[test]
    fn low_rank_projections_take_their_own_numbers() {
        let s = FastGrnnLrScales {
            w1: 1,
            normFeaturesMVW1: 2,
            mVW1Out: 3,
            w2: 4,
            tempLRW: 5,
            mVW2Out: 6,
            u1: 7,
            hiddenStateMVU1: 8,
            mVU1Out: 9,
            u2: 10,
            tempLRU: 11,
            mVU2Out: 12,
            mV2AddMV4: 13,
            mV4AddMV2: 14,
            mV2AddMV4Out: 15,
            mV2AddMV4Demote: 16,
            ..FastGrnnLrScales::default()
        };
        let d = Divisor;
        assert_eq!(s.w(), (MatVecScales { mat: d(1), vec: d(2), out: d(3) }, MatVecScales { mat: d(4), vec: d(5), out: d(6) }));
        assert_eq!(s.u(), (MatVecScales { mat: d(7), vec: d(8), out: d(9) }, MatVecScales { mat: d(10), vec: d(11), out: d(12) }));
        assert_eq!(s.typed::<Divisor>().update.projections_add, AddScales { a: d(13), b: d(14), out: d(15), demote: d(16) });
    }

    /// Runs `cell` for two steps of the example input from a zero state.
    fn two_steps<W: crate::q15::fastgrnn::Project>(cell: &FastGrnn<'_, i16, Divisor, W>) -> [i16; 2] {
        let input = [12000, -8000, 4000, 2000, 16000, -16000];
        let (mut h, mut wx, mut uh, mut f) = ([0; 2], [0; 2], [0; 2], [0; 3]);
        let mut scratch = Scratch { wx: &mut wx, uh: &mut uh, features: &mut f, temp_w: &mut [], temp_u: &mut [] };
        cell.run(&mut h, &input, 2, false, false, &mut scratch).unwrap();
        h
    }

    // The expected states are what EdgeML's `q15_fastgrnn` (c_reference @
    // 81025fce, built without and with -DSPARSE) returns for the same numbers.

    #[test]
    fn dense_cell_from_the_c_numbers_matches_edgeml() {
        let (w, u) = ([4096, -2048, 1024, -512, 8192, 2048], [3072, -1024, 512, 2048]);
        let cell = FastGrnn::dense(&w, &u, &[-3206, 1853], &[2696, -1178], 32522, 30111, &crate_example_scales());
        assert_eq!(two_steps(&cell), [-6977, -14624]);
    }

    #[test]
    fn sparse_cell_from_the_c_numbers_matches_edgeml() {
        // W (2 × 3) = [[4096, 0, 1024], [-512, 0, 2048]], U = diag(3072, 2048),
        // column-major, 1-based rows, 0 ending each column.
        let (w_ids, w_vals) = ([1, 2, 0, 0, 1, 2, 0], [4096, -512, 1024, 2048]);
        let (u_ids, u_vals) = ([1, 0, 2, 0], [3072, 2048]);
        let w = SparseMatrix::new(&w_ids, &w_vals, 3).unwrap();
        let u = SparseMatrix::new(&u_ids, &u_vals, 2).unwrap();
        let cell = FastGrnn::sparse(w, u, &[-3206, 1853], &[2696, -1178], 32522, 30111, &crate_example_scales());
        assert_eq!(two_steps(&cell), [786, -6167]);
    }

    /// The scales of the crate-level example (division build).
    fn crate_example_scales() -> FastGrnnScales {
        FastGrnnScales {
            input: 1,
            mean: 1,
            meanSub: 1,
            stdDev: 1,
            normFeaturesHDStdDev: 1,
            w: 128,
            normFeaturesMVW: 64,
            mVWOut: 4,
            u: 128,
            hiddenStateMVU: 64,
            mVUOut: 8,
            mV1AddMV2: 1,
            mV2AddMV1: 4,
            mV1AddMV2Out: 1,
            mV1AddMV2Demote: 1,
            pC1AddBg: 1,
            bg: 8,
            pC1AddBgOut: 1,
            pC1AddBgDemote: 1,
            sigmoidScaleIn: 11,
            sigmoidScaleOut: 14,
            pC1AddBh: 1,
            bh: 16,
            pC1AddBhOut: 1,
            pC1AddBhDemote: 1,
            tanhScaleIn: 11,
            tanhScaleOut: 11,
            gateHDHiddenState: 128,
            hiddenStateHDGate: 128,
            qOneScale: 1,
            qOneSubGate: 1,
            qOneSubGateOut: 1,
            sigmoidZeta: 128,
            sigmoidZetaMulQOneSubGate: 256,
            sigmoidNu: 256,
            sigmoidNuAddQOneSubGate: 1,
            sigmoidNuAddQOneSubGateOut: 1,
            sigmoidNuAddQOneSubGateHDUpdate: 32,
            updateHDSigmoidNuAddQOneSubGate: 64,
            pC3AddPC1: 1,
            pC1AddPC3: 1,
            hiddenStateOut: 1,
            hiddenStateDemote: 1,
            div: 2,
            add: 1024,
            sigmoidLimit: 2048,
            qOne: 16384,
            useTableSigmoid: 0,
            useTableTanH: 0,
        }
    }
}
