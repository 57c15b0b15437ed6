//! The tiny recurrent cells of the literature, in EdgeML's style: FastRNN,
//! FastGRNN, UGRNN, GRU, MGU, eGRU, TinyEats GRU, SiTGRU, Li-GRU and the
//! hard (wake-up) MGU. Equations: `docs/cells.md`.
//!
//! - [`float`]: single-precision cells (dense or low-rank weights), one safe
//!   type per cell, multi-step with `backward` and `normalize` as EdgeML's
//!   `fastgrnn`.
//! - [`q15`]: the quantized cells. Each step is a documented sequence of
//!   EdgeML's quantized primitives (`q15_m_mulvec`, `q15_v_add`,
//!   `q15_v_sigmoid`, …), generic over [`Scale`](crate::Scale) and computed
//!   with the element operations of [`crate::q15::vector`], so every
//!   intermediate is stored to Q15 exactly where the sequence stores it.
//! - [`formats`]: the special weight formats (eGRU's 3-bit powers of two,
//!   4-bit packed weights) and weight-byte counts.
//! - [`calibrate`]: chooses Q15 scales (and exponents of the weight formats)
//!   from float weights and value ranges.
//!
//! FastGRNN itself is EdgeML's ([`crate::float::fastgrnn()`],
//! [`crate::q15::fastgrnn`]); this module only adds its calibration.
//!
//! Weights are *stacked* per input vector, gate blocks first, as EdgeML's
//! low-rank cells and PyTorch do: e.g. UGRNN's `W` is `[W_z; W_h]`
//! (`2H × D`). A matrix that acts on a different vector is separate (MGU's
//! `U_h` acts on `f ⊙ h`).

pub mod calibrate;
pub mod float;
pub mod formats;
pub mod q15;

/// Scratch memory of a cell, float (`T = f32`) or Q15 (`T = i16`). The C
/// structs `TinyRNN_Buffers` / `TinyRNN_Q15_Buffers` have the same fields.
#[derive(Debug)]
pub struct Buffers<'b, T> {
    /// `blocks·H` values (see [`CellKind::blocks`]): `W·x`.
    pub pre_comp1: &'b mut [T],
    /// `blocks·H` values: `U·h` (and `U_h·(r ⊙ h)` after it).
    pub pre_comp2: &'b mut [T],
    /// `H` values for MGU, hard MGU and TinyEats GRU (`r ⊙ h`); may be
    /// empty for the others.
    pub pre_comp3: &'b mut [T],
    /// At least the rank of a low-rank `W`.
    pub temp_lrw: &'b mut [T],
    /// At least the largest rank of a low-rank `U` or `U_h`.
    pub temp_lru: &'b mut [T],
    /// `input_dims` values: the (normalised) input of a step.
    pub norm_features: &'b mut [T],
}

/// Elements each scratch buffer of a call needs (the fields of
/// [`Buffers`], of EdgeML's `Q15_FastGRNN_*_Buffers` and of the float
/// structs; float FastGRNN's single `preComp` is `pre_comp1`). 0: the call
/// never reads it, and it may be NULL unless EdgeML checks it (FastGRNN's
/// `preComp3`, `tempLRW`/`tempLRU` of a low-rank call).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScratchSizes {
    /// `preComp1`: `blocks·H`.
    pub pre_comp1: u32,
    /// `preComp2`: `blocks·H`.
    pub pre_comp2: u32,
    /// `preComp3`: `H` for the cells with a reset `U_h` (and FastGRNN).
    pub pre_comp3: u32,
    /// `tempLRW`: the rank of a low-rank `W`.
    pub temp_lrw: u32,
    /// `tempLRU`: the rank of a low-rank `U` (the larger of `U`'s and `U_h`'s).
    pub temp_lru: u32,
    /// `normFeatures`: `inputDims`.
    pub norm_features: u32,
}

/// The cells of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// FastRNN (Kusupati et al.): `h' = α·h̃ + β·h`.
    FastRnn,
    /// FastGRNN: EdgeML's gated cell.
    FastGrnn,
    /// UGRNN: update gate, tanh candidate.
    Ugrnn,
    /// GRU in PyTorch's `nn.GRUCell` form.
    Gru,
    /// MGU: one forget gate.
    Mgu,
    /// eGRU: 3-bit power-of-two weights, softsign activations.
    Egru,
    /// TinyEats GRU: int8 weights, softsign activations.
    TinyEats,
    /// SiTGRU: sigmoid candidate.
    SitGru,
    /// Li-GRU: ReLU candidate.
    LiGru,
    /// Hard (wake-up) MGU: 4-bit weights and activations.
    HardMgu,
}

impl CellKind {
    /// Every cell, in the order of `docs/cells.md`.
    pub const ALL: [CellKind; 10] = [
        CellKind::FastGrnn,
        CellKind::FastRnn,
        CellKind::Ugrnn,
        CellKind::Gru,
        CellKind::Mgu,
        CellKind::Egru,
        CellKind::TinyEats,
        CellKind::SitGru,
        CellKind::LiGru,
        CellKind::HardMgu,
    ];

    /// The cell's name in `cells.jsonl` and in the C symbols (`tinyrnn_<name>`).
    pub const fn name(self) -> &'static str {
        match self {
            CellKind::FastRnn => "fastrnn",
            CellKind::FastGrnn => "fastgrnn",
            CellKind::Ugrnn => "ugrnn",
            CellKind::Gru => "gru",
            CellKind::Mgu => "mgu",
            CellKind::Egru => "egru",
            CellKind::TinyEats => "tinyeats",
            CellKind::SitGru => "sitgru",
            CellKind::LiGru => "ligru",
            CellKind::HardMgu => "hard_mgu",
        }
    }

    /// Blocks of `H` rows in `W` (`W` is `blocks·H × D`); also the length of
    /// the `preComp1`/`preComp2` scratch in units of `H`.
    pub const fn blocks(self) -> usize {
        match self {
            CellKind::FastRnn | CellKind::FastGrnn => 1,
            CellKind::Ugrnn | CellKind::Mgu | CellKind::Egru | CellKind::SitGru | CellKind::LiGru | CellKind::HardMgu => 2,
            CellKind::Gru | CellKind::TinyEats => 3,
        }
    }

    /// Blocks of `H` rows in `U`, the matrix acting on `h`.
    pub const fn u_blocks(self) -> usize {
        match self {
            CellKind::Mgu | CellKind::HardMgu => 1,
            CellKind::TinyEats => 2,
            _ => self.blocks(),
        }
    }

    /// `true` when the candidate has its own `U_h` (`H × H`) acting on the
    /// reset state `r ⊙ h` (MGU: `f ⊙ h`); such cells need `preComp3`.
    pub const fn has_reset_u(self) -> bool {
        matches!(self, CellKind::Mgu | CellKind::HardMgu | CellKind::TinyEats)
    }

    /// Bias values in units of `H` (FastGRNN: `Bg`, `Bh`; GRU: `bias_ih` and
    /// `bias_hh`, 3 each).
    pub const fn bias_blocks(self) -> usize {
        match self {
            CellKind::FastRnn => 1,
            CellKind::FastGrnn => 2,
            CellKind::HardMgu => 0,
            CellKind::Gru => 6,
            _ => self.blocks(),
        }
    }

    /// The scratch a call with these dimensions needs (`w_rank`, `u_rank`:
    /// the ranks of a low-rank `W` and of `U`/`U_h`, 0 when dense); `None`
    /// when a size overflows 32 bits. FastGRNN reports `hiddenDims` for
    /// `preComp3`, which EdgeML's layout has (tinyrnn only checks it is not
    /// NULL).
    pub fn scratch(self, hidden_dims: u32, input_dims: u32, w_rank: u32, u_rank: u32) -> Option<ScratchSizes> {
        let rows = hidden_dims.checked_mul(self.blocks() as u32)?;
        let pc3 = if self.has_reset_u() || self == CellKind::FastGrnn { hidden_dims } else { 0 };
        Some(ScratchSizes { pre_comp1: rows, pre_comp2: rows, pre_comp3: pc3, temp_lrw: w_rank, temp_lru: u_rank, norm_features: input_dims })
    }

    /// Number of weights of a dense model (the table of `docs/cells.md`),
    /// scalars included; `None` if it overflows.
    pub fn weight_count(self, d: usize, h: usize) -> Option<usize> {
        let hd = h.checked_mul(d)?;
        let hh = h.checked_mul(h)?;
        let mats = hd.checked_add(hh)?.checked_mul(self.blocks())?;
        let bias = h.checked_mul(self.bias_blocks())?;
        let scalars = match self {
            CellKind::FastRnn | CellKind::FastGrnn => 2,
            _ => 0,
        };
        mats.checked_add(bias)?.checked_add(scalars)
    }

    /// Bytes of the dense weights in the cell's Q15 model format: eGRU
    /// 3-bit codes, TinyEats GRU int8, hard MGU 4-bit codes (each matrix and
    /// bias vector packed on its own), the others Q15 (2 bytes). `None` if
    /// it overflows.
    pub fn weight_bytes(self, d: usize, h: usize) -> Option<usize> {
        let blocks = self.blocks();
        match self {
            CellKind::Egru => {
                let w = formats::pow2_bytes(blocks.checked_mul(h)?.checked_mul(d)?)?;
                let u = formats::pow2_bytes(blocks.checked_mul(h)?.checked_mul(h)?)?;
                let b = formats::pow2_bytes(blocks.checked_mul(h)?)?;
                w.checked_add(u)?.checked_add(b)
            }
            CellKind::HardMgu => {
                let w = formats::int4_bytes(blocks.checked_mul(h)?.checked_mul(d)?)?;
                let u = formats::int4_bytes(h.checked_mul(h)?)?;
                w.checked_add(u.checked_mul(2)?)
            }
            CellKind::TinyEats => self.weight_count(d, h),
            _ => self.weight_count(d, h)?.checked_mul(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_counts_follow_the_table() {
        let (d, h) = (5, 7);
        assert_eq!(CellKind::FastGrnn.weight_count(d, h), Some(h * d + h * h + 2 * h + 2));
        assert_eq!(CellKind::FastRnn.weight_count(d, h), Some(h * d + h * h + h + 2));
        assert_eq!(CellKind::Gru.weight_count(d, h), Some(3 * h * (d + h) + 6 * h));
        assert_eq!(CellKind::TinyEats.weight_count(d, h), Some(3 * h * (d + h) + 3 * h));
        assert_eq!(CellKind::HardMgu.weight_count(d, h), Some(2 * h * (d + h)));
        for k in [CellKind::Ugrnn, CellKind::Mgu, CellKind::Egru, CellKind::SitGru, CellKind::LiGru] {
            assert_eq!(k.weight_count(d, h), Some(2 * h * (d + h) + 2 * h), "{k:?}");
        }
        assert_eq!(CellKind::Gru.weight_count(usize::MAX, 2), None);
    }

    #[test]
    fn wake_up_mgu_fits_512_bytes() {
        assert_eq!(CellKind::HardMgu.weight_bytes(16, 16), Some(512));
    }
}
