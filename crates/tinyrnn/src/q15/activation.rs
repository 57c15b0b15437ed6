//! Scalar helpers that EdgeML defines inline in `quantized_utils.h`, and the
//! exponential tables behind its table-based sigmoid and tanh.

/// `EXP_TABLE_A[i] = round(2^14 · e^(-i/16))`: coarse steps of 128 input units.
pub const EXP_TABLE_A: [i16; 256] = [
    16384, 15391, 14459, 13583, 12760, 11987, 11261, 10578, 9937, 9335, 8770, 8238, 7739, 7270,
    6830, 6416, 6027, 5662, 5319, 4997, 4694, 4410, 4143, 3892, 3656, 3434, 3226, 3031, 2847, 2675,
    2513, 2360, 2217, 2083, 1957, 1838, 1727, 1622, 1524, 1432, 1345, 1263, 1187, 1115, 1047, 984,
    924, 868, 816, 766, 720, 676, 635, 597, 561, 527, 495, 465, 437, 410, 385, 362, 340, 319, 300,
    282, 265, 249, 234, 220, 206, 194, 182, 171, 161, 151, 142, 133, 125, 118, 110, 104, 97, 92, 86,
    81, 76, 71, 67, 63, 59, 56, 52, 49, 46, 43, 41, 38, 36, 34, 32, 30, 28, 26, 25, 23, 22, 20, 19,
    18, 17, 16, 15, 14, 13, 12, 12, 11, 10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 5, 5, 4, 4, 4, 4, 3,
    3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// `EXP_TABLE_B[j] = round(2^14 · e^(-j/2048))`: fine steps of one input unit.
pub const EXP_TABLE_B: [i16; 128] = [
    16384, 16376, 16368, 16360, 16352, 16344, 16336, 16328, 16320, 16312, 16304, 16296, 16288,
    16280, 16272, 16264, 16256, 16249, 16241, 16233, 16225, 16217, 16209, 16201, 16193, 16185,
    16177, 16169, 16162, 16154, 16146, 16138, 16130, 16122, 16114, 16106, 16099, 16091, 16083,
    16075, 16067, 16059, 16051, 16044, 16036, 16028, 16020, 16012, 16004, 15997, 15989, 15981,
    15973, 15965, 15958, 15950, 15942, 15934, 15927, 15919, 15911, 15903, 15895, 15888, 15880,
    15872, 15864, 15857, 15849, 15841, 15833, 15826, 15818, 15810, 15803, 15795, 15787, 15779,
    15772, 15764, 15756, 15749, 15741, 15733, 15726, 15718, 15710, 15703, 15695, 15687, 15680,
    15672, 15664, 15657, 15649, 15641, 15634, 15626, 15618, 15611, 15603, 15596, 15588, 15580,
    15573, 15565, 15558, 15550, 15542, 15535, 15527, 15520, 15512, 15504, 15497, 15489, 15482,
    15474, 15467, 15459, 15452, 15444, 15437, 15429, 15421, 15414, 15406, 15399,
];

/// Clamps a 32-bit value into Q15.
#[inline(always)]
pub fn q15_saturate(inp: i32) -> i16 {
    inp.clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

/// `limit` above `limit`, 0 below 0, else the input (the upper test comes
/// first, as in EdgeML, so a negative `limit` wins over 0).
#[inline(always)]
fn clip<T: PartialOrd + Default>(inp: T, limit: T) -> T {
    if inp > limit {
        limit
    } else if inp < T::default() {
        T::default()
    } else {
        inp
    }
}

/// EdgeML's `q7_relu`: `limit` above `limit`, 0 below 0, else the input
/// (a negative `limit` wins over 0).
#[inline(always)]
pub fn q7_relu(inp: i8, limit: i8) -> i8 {
    clip(inp, limit)
}

/// EdgeML's `q15_relu`: `limit` above `limit`, 0 below 0, else the input
/// (a negative `limit` wins over 0).
#[inline(always)]
pub fn q15_relu(inp: i16, limit: i16) -> i16 {
    clip(inp, limit)
}

/// EdgeML's `q31_relu`: `limit` above `limit`, 0 below 0, else the input
/// (a negative `limit` wins over 0).
#[inline(always)]
pub fn q31_relu(inp: i32, limit: i32) -> i32 {
    clip(inp, limit)
}

/// `2^14 · e^(inp/2048) / scale`, looked up in the two tables (EdgeML's
/// `exp_base_16`). Defined by EdgeML for `inp <= 0` and `scale != 0`;
/// here positive inputs count as 0 (the tables hold no values above 1) and
/// `scale == 0` gives 0.
#[inline(always)]
pub fn exp_base_16(inp: i16, scale: i16) -> i16 {
    // -(-32768) does not fit Q15; EdgeML maps it to 32767.
    let val: i32 = if inp == i16::MIN { 32767 } else { -(inp.min(0) as i32) };
    let a = EXP_TABLE_A[((val >> 7) & 0xff) as usize] as i32;
    let b = EXP_TABLE_B[(val & 0x7f) as usize] as i32;
    (crate::scale::div32(a * b, scale as i32) >> 14) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_tables_are_rounded_exponentials() {
        for (i, &v) in EXP_TABLE_A.iter().enumerate() {
            assert_eq!(v as f64, (16384.0 * (-(i as f64) / 16.0).exp()).round(), "A[{i}]");
        }
        for (j, &v) in EXP_TABLE_B.iter().enumerate() {
            assert_eq!(v as f64, (16384.0 * (-(j as f64) / 2048.0).exp()).round(), "B[{j}]");
        }
    }

    #[test]
    fn exp_base_16_of_zero_is_one_in_q14() {
        assert_eq!(exp_base_16(0, 1), 16384);
        assert_eq!(exp_base_16(0, 2), 8192);
    }

    #[test]
    fn exp_base_16_is_total_outside_its_domain() {
        assert_eq!(exp_base_16(100, 1), exp_base_16(0, 1));
        assert_eq!(exp_base_16(-100, 0), 0);
        assert_eq!(exp_base_16(i16::MIN, 1), exp_base_16(-32767, 1));
    }
}
