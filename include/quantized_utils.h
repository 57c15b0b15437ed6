/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * quantized_utils.h: the 27 quantized kernels of EdgeML's quantized_utils.h
 * under their EdgeML names, and the helpers EdgeML defines inline in this
 * header (q15_saturate, q7_relu, q15_relu, q31_relu, exp_base_16 and its two
 * tables), which code that includes it may call directly.
 *
 * Build modes. The library holds every variant; the names below are macros
 * that pick one by the flags the including file is compiled with:
 *   - without SHIFT, a scale s is a divisor:   x ./ s  means  x / s  (C's
 *     truncating division) and scales combine as  s .* t  =  s * t;
 *   - with SHIFT, a scale s is an exponent:    x ./ s  means  x >> s (floor)
 *     and scales combine as  s .* t  =  s + t.
 * Arithmetic is C's: operands are promoted to int (int64_t where noted) and
 * every store into Q7_T / Q15_T keeps the low bits, so inside EdgeML's
 * defined domain each result is bit-identical to the reference built with
 * the same flags.
 *
 * Outside that domain (where EdgeML is undefined) tinyrnn is total and
 * deterministic: x / 0 gives 0; INT32_MIN / -1 gives INT32_MIN; a right
 * shift by a negative count shifts by 0 and by 32 or more (64 for 64-bit
 * sums) gives the sign fill (0 or -1); a left shift by a negative count
 * shifts by 0 and by 32 or more gives 0; scale products/sums and 32-bit
 * accumulators wrap.
 *
 * Pointers. A buffer of length 0 is never read, so it may be NULL; all sizes
 * of 0 are valid and do nothing. These functions return void: when a
 * non-empty buffer is NULL or misaligned, or the sizes overflow, or outputs
 * overlap inputs in a way the function does not accept (see each), they
 * return without writing anything. Element-wise functions accept any
 * overlap of output and inputs (in place is the common case) and then give
 * C's element-by-element result.
 *
 * The prototypes, under the mode-specific names tinyrnn_<name>_div and
 * tinyrnn_<name>_shift, are in tinyrnn_generated.h; those names may be
 * called directly to use both modes in one file.
 */
#ifndef __QUANTIZED_UTILS_H__
#define __QUANTIZED_UTILS_H__

#include <math.h>
#include "quantized_datatypes.h"
#include "tinyrnn_generated.h"

/* ------------------------------------------------------------------------ */
/* Inline helpers                                                           */
/* ------------------------------------------------------------------------ */

/* inp clamped into [Q15_TMIN, Q15_TMAX]. */
static inline Q15_T q15_saturate(Q31_T inp) {
    if (inp > Q15_TMAX) {
        return (Q15_T)Q15_TMAX;
    }
    if (inp < Q15_TMIN) {
        return (Q15_T)Q15_TMIN;
    }
    return (Q15_T)inp;
}

/*
 * ReLU with an upper bound: limit if inp > limit, else 0 if inp < 0, else
 * inp. The upper test comes first, so a negative limit is returned as is.
 */
static inline Q7_T q7_relu(Q7_T inp, Q7_T limit) {
    if (inp > limit) {
        return limit;
    }
    return (inp < 0) ? (Q7_T)0 : inp;
}

/* Q15 version of q7_relu. */
static inline Q15_T q15_relu(Q15_T inp, Q15_T limit) {
    if (inp > limit) {
        return limit;
    }
    return (inp < 0) ? (Q15_T)0 : inp;
}

/* Q31 version of q7_relu. */
static inline Q31_T q31_relu(Q31_T inp, Q31_T limit) {
    if (inp > limit) {
        return limit;
    }
    return (inp < 0) ? 0 : inp;
}

/*
 * Lookup tables of exp_base_16 (the same values the library uses).
 * exp_table_A[i] = round(16384 * e^(-i / 16)): coarse steps of 128 input units.
 */
static const Q15_T exp_table_A[256] = {
    16384, 15391, 14459, 13583, 12760, 11987, 11261, 10578, 9937, 9335, 8770, 8238, 7739, 7270, 6830, 6416,
    6027, 5662, 5319, 4997, 4694, 4410, 4143, 3892, 3656, 3434, 3226, 3031, 2847, 2675, 2513, 2360,
    2217, 2083, 1957, 1838, 1727, 1622, 1524, 1432, 1345, 1263, 1187, 1115, 1047, 984, 924, 868,
    816, 766, 720, 676, 635, 597, 561, 527, 495, 465, 437, 410, 385, 362, 340, 319,
    300, 282, 265, 249, 234, 220, 206, 194, 182, 171, 161, 151, 142, 133, 125, 118,
    110, 104, 97, 92, 86, 81, 76, 71, 67, 63, 59, 56, 52, 49, 46, 43,
    41, 38, 36, 34, 32, 30, 28, 26, 25, 23, 22, 20, 19, 18, 17, 16,
    15, 14, 13, 12, 12, 11, 10, 10, 9, 9, 8, 8, 7, 7, 6, 6,
    5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2,
    2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* exp_table_B[j] = round(16384 * e^(-j / 2048)): fine steps of one input unit. */
static const Q15_T exp_table_B[128] = {
    16384, 16376, 16368, 16360, 16352, 16344, 16336, 16328, 16320, 16312, 16304, 16296, 16288, 16280, 16272, 16264,
    16256, 16249, 16241, 16233, 16225, 16217, 16209, 16201, 16193, 16185, 16177, 16169, 16162, 16154, 16146, 16138,
    16130, 16122, 16114, 16106, 16099, 16091, 16083, 16075, 16067, 16059, 16051, 16044, 16036, 16028, 16020, 16012,
    16004, 15997, 15989, 15981, 15973, 15965, 15958, 15950, 15942, 15934, 15927, 15919, 15911, 15903, 15895, 15888,
    15880, 15872, 15864, 15857, 15849, 15841, 15833, 15826, 15818, 15810, 15803, 15795, 15787, 15779, 15772, 15764,
    15756, 15749, 15741, 15733, 15726, 15718, 15710, 15703, 15695, 15687, 15680, 15672, 15664, 15657, 15649, 15641,
    15634, 15626, 15618, 15611, 15603, 15596, 15588, 15580, 15573, 15565, 15558, 15550, 15542, 15535, 15527, 15520,
    15512, 15504, 15497, 15489, 15482, 15474, 15467, 15459, 15452, 15444, 15437, 15429, 15421, 15414, 15406, 15399
};

/*
 * 16384 * e^(inp / 2048) / scale, truncated to Q15_T, for inp <= 0: the
 * magnitude of inp is split into a coarse index (bits 7..14, exp_table_A)
 * and a fine one (bits 0..6, exp_table_B), the two entries are multiplied,
 * divided by scale and shifted down by 14. Q15_TMIN is read as -32767.
 * Outside EdgeML's domain: a positive inp counts as 0 (the tables hold no
 * value above one) and scale == 0 gives 0.
 */
static inline Q15_T exp_base_16(Q15_T inp, Q15_T scale) {
    Q31_T magnitude;
    Q31_T product;
    if (inp >= 0) {
        magnitude = 0;
    } else if (inp == Q15_TMIN) {
        magnitude = Q15_TMAX;
    } else {
        magnitude = -(Q31_T)inp;
    }
    product = (Q31_T)exp_table_A[(magnitude >> 7) & 0xFF] * (Q31_T)exp_table_B[magnitude & 0x7F];
    if (scale == 0) {
        return 0;
    }
    return (Q15_T)((product / scale) >> 14);
}

/* ------------------------------------------------------------------------ */
/* Kernels (EdgeML names; x ./ s and s .* t as defined above)               */
/* ------------------------------------------------------------------------ */

/*
 * Vectors. For i < len:
 *
 * q15_v_add(vec1, vec2, len, ret, scvec1, scvec2, scret, demote):
 *   ret[i] = ((vec1[i] ./ (scvec1 .* scret)) + (vec2[i] ./ (scvec2 .* scret))) ./ demote
 * q7_v_sub, q15_v_sub(vec1, vec2, len, ret, scvec1, scvec2, scret):
 *   ret[i] = (vec1[i] ./ (scvec1 .* scret)) - (vec2[i] ./ (scvec2 .* scret))
 * q7_v_hadamard, q15_v_hadamard(vec1, vec2, len, ret, scvec1, scvec2):
 *   ret[i] = (vec1[i] * vec2[i]) ./ (scvec1 .* scvec2)
 * q15_v_scalar_add(scalar, vec, len, ret, scscalar, scvec, scret):
 *   ret[i] = (scalar ./ (scscalar .* scret)) + (vec[i] ./ (scvec .* scret))
 * q15_v_scalar_sub(scalar, vec, len, ret, scscalar, scvec, scret):
 *   ret[i] = (scalar ./ (scscalar .* scret)) - (vec[i] ./ (scvec .* scret))
 * q15_v_scalar_mul(scalar, vec, len, ret, scscalar, scvec):
 *   ret[i] = (scalar * vec[i]) ./ (scscalar .* scvec)
 * q15_v_scale_up(vec, len, ret, scvec):
 *   ret[i] = vec[i] * scvec, or vec[i] << scvec with SHIFT
 * q15_v_scale_down(vec, len, ret, scvec):
 *   ret[i] = vec[i] ./ scvec
 *
 * Activations (the same in both builds):
 *
 * q15_v_sigmoid(vec, len, ret, div, add, sigmoid_limit, scale_in, scale_out, use_tables):
 *   use_tables != 0: ret[i] = 16384 * sigmoid(vec[i] / 2048), from
 *     exp_base_16 (div, add, sigmoid_limit and the scales are not used);
 *   otherwise: w = (Q15_T)(vec[i] / div + add); ret[i] = 0 if w <= 0, else
 *     min(w, sigmoid_limit) << (scale_out - scale_in).
 * q15_v_tanh(vec, len, ret, scale_in, scale_out, use_tables):
 *   use_tables != 0: ret[i] = 16384 * tanh(vec[i] / 2048), from exp_base_16
 *     of q15_saturate(2 * vec[i]) (the scales are not used);
 *   otherwise: vec[i] clamped into [-(1 << scale_in), 1 << scale_in], then
 *     << (scale_out - scale_in).
 *
 * q15_v_argmax(vec, len, ret):
 *   *ret = index of the first largest element. len == 0 writes 0 (EdgeML
 *   reads vec[0]); a NULL ret is never written.
 *
 * Matrices (row-major, nrows x ncols). ret must not overlap an input;
 * if it does, nothing is written.
 *
 * q15_m_reverse(mat, nrows, ncols, axis, ret):
 *   axis == 0: the rows in reverse order; otherwise each row reversed.
 *   Same in both builds.
 * q15xq7_q15_m_mulvec(mat, vec, nrows, ncols, ret, scmat, scvec, scret),
 * q15_m_mulvec(mat, vec, nrows, ncols, ret, scmat, scvec, scret):
 *   ret[r] = (sum over c of mat[r][c] * vec[c]) ./ (scmat .* scvec .* scret),
 *   summed in int32_t (Q7 vector; wraps) or int64_t (Q15 vector).
 * q15xq7_q15_m_sparse_mulvec(row_indices, mat_values, vec, nelem, ret, scmat, scvec, scret),
 * q15_m_sparse_mulvec(row_indices, mat_values, vec, nelem, ret, scmat, scvec, scret):
 *   the matrix in EdgeML's column-major sparse encoding: for each of the
 *   nelem columns, the 1-based row numbers of its non-zeros, then 0, with
 *   mat_values in the same order. For each non-zero,
 *   ret[row - 1] += (value * vec[col]) ./ (scmat .* scvec .* scret), each
 *   addition stored as Q15_T. ret accumulates: clear it first. ret must hold
 *   as many elements as the largest row number.
 *
 * Tensors (NHWC: nbatches x nrows x ncols x nchannels, channels last).
 *
 * q7_t_add, q15_t_add(ten1, ten2, nbatches, nrows, ncols, nchannels, ret, scten1, scten2, scret):
 *   element-wise (ten1 ./ (scten1 .* scret)) + (ten2 ./ (scten2 .* scret)).
 * q7xq15_q7_t_add_vec, q15_t_add_vec(ten, vec, nbatches, nrows, ncols, nchannels, ret, scten, scvec, scret):
 *   ret[p][c] = (ten[p][c] ./ (scten .* scret)) + (vec[c] ./ (scvec .* scret))
 *   for every pixel p and channel c.
 * q7_t_relu(ten, nbatches, nrows, ncols, nchannels, ret, limit, div):
 *   ret = q7_relu(ten, limit) / div element-wise (same in both builds).
 * q15_t_l2_norm(ten, nbatches, nrows, ncols, nchannels, ret, scale_in, scale_out):
 *   each pixel's channel vector, scaled down by 2^scale_out, times the
 *   integer inverse of its L2 norm found by bisection (scale_in, usually
 *   negative, fixes the fixed-point one). Works in place (ret == ten);
 *   other overlaps write nothing.
 *
 * Convolutions: input N x H x W x CIn, filter G x HF x WF x CF x COut,
 * output N x HOut x WOut x (G * COut); padding HPadU/HPadD/WPadL/WPadR,
 * strides and dilations per axis, G groups of CF input channels.
 *   output = (sum of input * filter) ./ (scinput .* scoutput .* demote),
 *   summed in int32_t (Q7 input) or int64_t (Q15 input).
 * A zero stride, an empty filter (HF or WF == 0), G * CF > CIn, or a geometry
 * producing more positions than HOut x WOut: nothing is written (EdgeML
 * would loop forever or write out of bounds). output must not overlap
 * the input or filter.
 *
 * q7xq15_q7_convolution(input, filter, output, N, H, W, CIn, HF, WF, CF, COut, HOut, WOut, G,
 *                       HPadU, HPadD, WPadL, WPadR, HStride, WStride, HDilation, WDilation,
 *                       scinput, scoutput, demote)   Q7 input, Q7 output
 * q7xq15_q15_convolution(... same parameters ...)     Q7 input, Q15 output
 * q15_convolution(... same parameters ...)            Q15 input, Q15 output
 */

/* Independent of SHIFT. */
#define q15_v_sigmoid tinyrnn_q15_v_sigmoid
#define q15_v_tanh tinyrnn_q15_v_tanh
#define q15_v_argmax tinyrnn_q15_v_argmax
#define q15_m_reverse tinyrnn_q15_m_reverse
#define q7_t_relu tinyrnn_q7_t_relu

#ifdef SHIFT
#define q15_v_add tinyrnn_q15_v_add_shift
#define q7_v_sub tinyrnn_q7_v_sub_shift
#define q15_v_sub tinyrnn_q15_v_sub_shift
#define q7_v_hadamard tinyrnn_q7_v_hadamard_shift
#define q15_v_hadamard tinyrnn_q15_v_hadamard_shift
#define q15_v_scalar_add tinyrnn_q15_v_scalar_add_shift
#define q15_v_scalar_sub tinyrnn_q15_v_scalar_sub_shift
#define q15_v_scalar_mul tinyrnn_q15_v_scalar_mul_shift
#define q15_v_scale_up tinyrnn_q15_v_scale_up_shift
#define q15_v_scale_down tinyrnn_q15_v_scale_down_shift
#define q15xq7_q15_m_mulvec tinyrnn_q15xq7_q15_m_mulvec_shift
#define q15_m_mulvec tinyrnn_q15_m_mulvec_shift
#define q15xq7_q15_m_sparse_mulvec tinyrnn_q15xq7_q15_m_sparse_mulvec_shift
#define q15_m_sparse_mulvec tinyrnn_q15_m_sparse_mulvec_shift
#define q7_t_add tinyrnn_q7_t_add_shift
#define q15_t_add tinyrnn_q15_t_add_shift
#define q7xq15_q7_t_add_vec tinyrnn_q7xq15_q7_t_add_vec_shift
#define q15_t_add_vec tinyrnn_q15_t_add_vec_shift
#define q15_t_l2_norm tinyrnn_q15_t_l2_norm_shift
#define q7xq15_q7_convolution tinyrnn_q7xq15_q7_convolution_shift
#define q7xq15_q15_convolution tinyrnn_q7xq15_q15_convolution_shift
#define q15_convolution tinyrnn_q15_convolution_shift
#else
#define q15_v_add tinyrnn_q15_v_add_div
#define q7_v_sub tinyrnn_q7_v_sub_div
#define q15_v_sub tinyrnn_q15_v_sub_div
#define q7_v_hadamard tinyrnn_q7_v_hadamard_div
#define q15_v_hadamard tinyrnn_q15_v_hadamard_div
#define q15_v_scalar_add tinyrnn_q15_v_scalar_add_div
#define q15_v_scalar_sub tinyrnn_q15_v_scalar_sub_div
#define q15_v_scalar_mul tinyrnn_q15_v_scalar_mul_div
#define q15_v_scale_up tinyrnn_q15_v_scale_up_div
#define q15_v_scale_down tinyrnn_q15_v_scale_down_div
#define q15xq7_q15_m_mulvec tinyrnn_q15xq7_q15_m_mulvec_div
#define q15_m_mulvec tinyrnn_q15_m_mulvec_div
#define q15xq7_q15_m_sparse_mulvec tinyrnn_q15xq7_q15_m_sparse_mulvec_div
#define q15_m_sparse_mulvec tinyrnn_q15_m_sparse_mulvec_div
#define q7_t_add tinyrnn_q7_t_add_div
#define q15_t_add tinyrnn_q15_t_add_div
#define q7xq15_q7_t_add_vec tinyrnn_q7xq15_q7_t_add_vec_div
#define q15_t_add_vec tinyrnn_q15_t_add_vec_div
#define q15_t_l2_norm tinyrnn_q15_t_l2_norm_div
#define q7xq15_q7_convolution tinyrnn_q7xq15_q7_convolution_div
#define q7xq15_q15_convolution tinyrnn_q7xq15_q15_convolution_div
#define q15_convolution tinyrnn_q15_convolution_div
#endif /* SHIFT */

#endif /* __QUANTIZED_UTILS_H__ */
