/*
 * quantized_utils.h as an EdgeML user calls it: every one of the 27
 * kernels on a case recorded from the reference (models/utils_cases.h, with
 * the build's scales and results under #ifdef SHIFT), a few calls whose
 * results are worked out by hand below, and the header-inline helpers.
 */
#include <string.h>

#include "quantized_utils.h"
#include "check.h"
#include "models/utils_cases.h"

/* ---- Recorded cases ----------------------------------------------------- */

static int test_vectors(void) {
    int fails = 0;
    Q15_T r15[64];
    Q7_T r7[64];
    ITER_T index = 99;

    q15_v_add(q15_v_add_vec1, q15_v_add_vec2, Q15_V_ADD_LEN, r15, Q15_V_ADD_SCVEC1, Q15_V_ADD_SCVEC2,
              Q15_V_ADD_SCRET, Q15_V_ADD_DEMOTE);
    fails += check_q15("q15_v_add", r15, q15_v_add_expected, COUNT(q15_v_add_expected));

    /* In place, as the FastGRNN kernels call it. */
    memcpy(r15, q15_v_add_vec1, sizeof(q15_v_add_vec1));
    q15_v_add(r15, q15_v_add_vec2, Q15_V_ADD_LEN, r15, Q15_V_ADD_SCVEC1, Q15_V_ADD_SCVEC2, Q15_V_ADD_SCRET,
              Q15_V_ADD_DEMOTE);
    fails += check_q15("q15_v_add in place", r15, q15_v_add_expected, COUNT(q15_v_add_expected));

    q7_v_sub(q7_v_sub_vec1, q7_v_sub_vec2, Q7_V_SUB_LEN, r7, Q7_V_SUB_SCVEC1, Q7_V_SUB_SCVEC2, Q7_V_SUB_SCRET);
    fails += check_q7("q7_v_sub", r7, q7_v_sub_expected, COUNT(q7_v_sub_expected));

    q15_v_sub(q15_v_sub_vec1, q15_v_sub_vec2, Q15_V_SUB_LEN, r15, Q15_V_SUB_SCVEC1, Q15_V_SUB_SCVEC2,
              Q15_V_SUB_SCRET);
    fails += check_q15("q15_v_sub", r15, q15_v_sub_expected, COUNT(q15_v_sub_expected));

    q7_v_hadamard(q7_v_hadamard_vec1, q7_v_hadamard_vec2, Q7_V_HADAMARD_LEN, r7, Q7_V_HADAMARD_SCVEC1,
                  Q7_V_HADAMARD_SCVEC2);
    fails += check_q7("q7_v_hadamard", r7, q7_v_hadamard_expected, COUNT(q7_v_hadamard_expected));

    q15_v_hadamard(q15_v_hadamard_vec1, q15_v_hadamard_vec2, Q15_V_HADAMARD_LEN, r15, Q15_V_HADAMARD_SCVEC1,
                   Q15_V_HADAMARD_SCVEC2);
    fails += check_q15("q15_v_hadamard", r15, q15_v_hadamard_expected, COUNT(q15_v_hadamard_expected));

    q15_v_sigmoid(q15_v_sigmoid_1_vec, Q15_V_SIGMOID_1_LEN, r15, Q15_V_SIGMOID_1_DIV, Q15_V_SIGMOID_1_ADD,
                  Q15_V_SIGMOID_1_SIGMOID_LIMIT, Q15_V_SIGMOID_1_SCALE_IN, Q15_V_SIGMOID_1_SCALE_OUT,
                  Q15_V_SIGMOID_1_USE_TABLES);
    fails += check_q15("q15_v_sigmoid (piecewise linear)", r15, q15_v_sigmoid_1_expected,
                       COUNT(q15_v_sigmoid_1_expected));

    q15_v_sigmoid(q15_v_sigmoid_2_vec, Q15_V_SIGMOID_2_LEN, r15, Q15_V_SIGMOID_2_DIV, Q15_V_SIGMOID_2_ADD,
                  Q15_V_SIGMOID_2_SIGMOID_LIMIT, Q15_V_SIGMOID_2_SCALE_IN, Q15_V_SIGMOID_2_SCALE_OUT,
                  Q15_V_SIGMOID_2_USE_TABLES);
    fails += check_q15("q15_v_sigmoid (tables)", r15, q15_v_sigmoid_2_expected, COUNT(q15_v_sigmoid_2_expected));

    q15_v_tanh(q15_v_tanh_1_vec, Q15_V_TANH_1_LEN, r15, Q15_V_TANH_1_SCALE_IN, Q15_V_TANH_1_SCALE_OUT,
               Q15_V_TANH_1_USE_TABLES);
    fails += check_q15("q15_v_tanh (piecewise linear)", r15, q15_v_tanh_1_expected, COUNT(q15_v_tanh_1_expected));

    q15_v_tanh(q15_v_tanh_2_vec, Q15_V_TANH_2_LEN, r15, Q15_V_TANH_2_SCALE_IN, Q15_V_TANH_2_SCALE_OUT,
               Q15_V_TANH_2_USE_TABLES);
    fails += check_q15("q15_v_tanh (tables)", r15, q15_v_tanh_2_expected, COUNT(q15_v_tanh_2_expected));

    q15_v_scalar_add(Q15_V_SCALAR_ADD_SCALAR, q15_v_scalar_add_vec, Q15_V_SCALAR_ADD_LEN, r15,
                     Q15_V_SCALAR_ADD_SCSCALAR, Q15_V_SCALAR_ADD_SCVEC, Q15_V_SCALAR_ADD_SCRET);
    fails += check_q15("q15_v_scalar_add", r15, q15_v_scalar_add_expected, COUNT(q15_v_scalar_add_expected));

    q15_v_scalar_sub(Q15_V_SCALAR_SUB_SCALAR, q15_v_scalar_sub_vec, Q15_V_SCALAR_SUB_LEN, r15,
                     Q15_V_SCALAR_SUB_SCSCALAR, Q15_V_SCALAR_SUB_SCVEC, Q15_V_SCALAR_SUB_SCRET);
    fails += check_q15("q15_v_scalar_sub", r15, q15_v_scalar_sub_expected, COUNT(q15_v_scalar_sub_expected));

    q15_v_scalar_mul(Q15_V_SCALAR_MUL_SCALAR, q15_v_scalar_mul_vec, Q15_V_SCALAR_MUL_LEN, r15,
                     Q15_V_SCALAR_MUL_SCSCALAR, Q15_V_SCALAR_MUL_SCVEC);
    fails += check_q15("q15_v_scalar_mul", r15, q15_v_scalar_mul_expected, COUNT(q15_v_scalar_mul_expected));

    q15_v_argmax(q15_v_argmax_vec, Q15_V_ARGMAX_LEN, &index);
    fails += check_int("q15_v_argmax", (long)index, Q15_V_ARGMAX_EXPECTED);

    q15_v_scale_up(q15_v_scale_up_vec, Q15_V_SCALE_UP_LEN, r15, Q15_V_SCALE_UP_SCVEC);
    fails += check_q15("q15_v_scale_up", r15, q15_v_scale_up_expected, COUNT(q15_v_scale_up_expected));

    q15_v_scale_down(q15_v_scale_down_vec, Q15_V_SCALE_DOWN_LEN, r15, Q15_V_SCALE_DOWN_SCVEC);
    fails += check_q15("q15_v_scale_down", r15, q15_v_scale_down_expected, COUNT(q15_v_scale_down_expected));
    return fails;
}

static int test_matrices(void) {
    int fails = 0;
    Q15_T r15[64];

    q15_m_reverse(q15_m_reverse_1_mat, Q15_M_REVERSE_1_NROWS, Q15_M_REVERSE_1_NCOLS, Q15_M_REVERSE_1_AXIS, r15);
    fails += check_q15("q15_m_reverse (axis 0)", r15, q15_m_reverse_1_expected, COUNT(q15_m_reverse_1_expected));
    q15_m_reverse(q15_m_reverse_2_mat, Q15_M_REVERSE_2_NROWS, Q15_M_REVERSE_2_NCOLS, Q15_M_REVERSE_2_AXIS, r15);
    fails += check_q15("q15_m_reverse (axis 1)", r15, q15_m_reverse_2_expected, COUNT(q15_m_reverse_2_expected));

    q15xq7_q15_m_mulvec(q15xq7_q15_m_mulvec_mat, q15xq7_q15_m_mulvec_vec, Q15XQ7_Q15_M_MULVEC_NROWS,
                        Q15XQ7_Q15_M_MULVEC_NCOLS, r15, Q15XQ7_Q15_M_MULVEC_SCMAT, Q15XQ7_Q15_M_MULVEC_SCVEC,
                        Q15XQ7_Q15_M_MULVEC_SCRET);
    fails += check_q15("q15xq7_q15_m_mulvec", r15, q15xq7_q15_m_mulvec_expected,
                       COUNT(q15xq7_q15_m_mulvec_expected));

    q15_m_mulvec(q15_m_mulvec_mat, q15_m_mulvec_vec, Q15_M_MULVEC_NROWS, Q15_M_MULVEC_NCOLS, r15,
                 Q15_M_MULVEC_SCMAT, Q15_M_MULVEC_SCVEC, Q15_M_MULVEC_SCRET);
    fails += check_q15("q15_m_mulvec", r15, q15_m_mulvec_expected, COUNT(q15_m_mulvec_expected));

    /* The sparse products accumulate into ret. */
    memcpy(r15, q15xq7_q15_m_sparse_mulvec_ret_in, sizeof(q15xq7_q15_m_sparse_mulvec_ret_in));
    q15xq7_q15_m_sparse_mulvec(q15xq7_q15_m_sparse_mulvec_row_indices, q15xq7_q15_m_sparse_mulvec_mat_values,
                               q15xq7_q15_m_sparse_mulvec_vec, Q15XQ7_Q15_M_SPARSE_MULVEC_NELEM, r15,
                               Q15XQ7_Q15_M_SPARSE_MULVEC_SCMAT, Q15XQ7_Q15_M_SPARSE_MULVEC_SCVEC,
                               Q15XQ7_Q15_M_SPARSE_MULVEC_SCRET);
    fails += check_q15("q15xq7_q15_m_sparse_mulvec", r15, q15xq7_q15_m_sparse_mulvec_expected,
                       COUNT(q15xq7_q15_m_sparse_mulvec_expected));

    memcpy(r15, q15_m_sparse_mulvec_ret_in, sizeof(q15_m_sparse_mulvec_ret_in));
    q15_m_sparse_mulvec(q15_m_sparse_mulvec_row_indices, q15_m_sparse_mulvec_mat_values, q15_m_sparse_mulvec_vec,
                        Q15_M_SPARSE_MULVEC_NELEM, r15, Q15_M_SPARSE_MULVEC_SCMAT, Q15_M_SPARSE_MULVEC_SCVEC,
                        Q15_M_SPARSE_MULVEC_SCRET);
    fails += check_q15("q15_m_sparse_mulvec", r15, q15_m_sparse_mulvec_expected,
                       COUNT(q15_m_sparse_mulvec_expected));
    return fails;
}

static int test_tensors(void) {
    int fails = 0;
    Q15_T r15[128];
    Q7_T r7[128];

    q7_t_add(q7_t_add_ten1, q7_t_add_ten2, Q7_T_ADD_NBATCHES, Q7_T_ADD_NROWS, Q7_T_ADD_NCOLS, Q7_T_ADD_NCHANNELS, r7,
             Q7_T_ADD_SCTEN1, Q7_T_ADD_SCTEN2, Q7_T_ADD_SCRET);
    fails += check_q7("q7_t_add", r7, q7_t_add_expected, COUNT(q7_t_add_expected));

    q15_t_add(q15_t_add_ten1, q15_t_add_ten2, Q15_T_ADD_NBATCHES, Q15_T_ADD_NROWS, Q15_T_ADD_NCOLS,
              Q15_T_ADD_NCHANNELS, r15, Q15_T_ADD_SCTEN1, Q15_T_ADD_SCTEN2, Q15_T_ADD_SCRET);
    fails += check_q15("q15_t_add", r15, q15_t_add_expected, COUNT(q15_t_add_expected));

    q7xq15_q7_t_add_vec(q7xq15_q7_t_add_vec_ten, q7xq15_q7_t_add_vec_vec, Q7XQ15_Q7_T_ADD_VEC_NBATCHES,
                        Q7XQ15_Q7_T_ADD_VEC_NROWS, Q7XQ15_Q7_T_ADD_VEC_NCOLS, Q7XQ15_Q7_T_ADD_VEC_NCHANNELS, r7,
                        Q7XQ15_Q7_T_ADD_VEC_SCTEN, Q7XQ15_Q7_T_ADD_VEC_SCVEC, Q7XQ15_Q7_T_ADD_VEC_SCRET);
    fails += check_q7("q7xq15_q7_t_add_vec", r7, q7xq15_q7_t_add_vec_expected, COUNT(q7xq15_q7_t_add_vec_expected));

    q15_t_add_vec(q15_t_add_vec_ten, q15_t_add_vec_vec, Q15_T_ADD_VEC_NBATCHES, Q15_T_ADD_VEC_NROWS,
                  Q15_T_ADD_VEC_NCOLS, Q15_T_ADD_VEC_NCHANNELS, r15, Q15_T_ADD_VEC_SCTEN, Q15_T_ADD_VEC_SCVEC,
                  Q15_T_ADD_VEC_SCRET);
    fails += check_q15("q15_t_add_vec", r15, q15_t_add_vec_expected, COUNT(q15_t_add_vec_expected));

    q7_t_relu(q7_t_relu_ten, Q7_T_RELU_NBATCHES, Q7_T_RELU_NROWS, Q7_T_RELU_NCOLS, Q7_T_RELU_NCHANNELS, r7,
              Q7_T_RELU_LIMIT, Q7_T_RELU_DIV);
    fails += check_q7("q7_t_relu", r7, q7_t_relu_expected, COUNT(q7_t_relu_expected));

    q15_t_l2_norm(q15_t_l2_norm_ten, Q15_T_L2_NORM_NBATCHES, Q15_T_L2_NORM_NROWS, Q15_T_L2_NORM_NCOLS,
                  Q15_T_L2_NORM_NCHANNELS, r15, Q15_T_L2_NORM_SCALE_IN, Q15_T_L2_NORM_SCALE_OUT);
    fails += check_q15("q15_t_l2_norm", r15, q15_t_l2_norm_expected, COUNT(q15_t_l2_norm_expected));

    /* In place is accepted and gives the same result. */
    memcpy(r15, q15_t_l2_norm_ten, sizeof(q15_t_l2_norm_ten));
    q15_t_l2_norm(r15, Q15_T_L2_NORM_NBATCHES, Q15_T_L2_NORM_NROWS, Q15_T_L2_NORM_NCOLS, Q15_T_L2_NORM_NCHANNELS,
                  r15, Q15_T_L2_NORM_SCALE_IN, Q15_T_L2_NORM_SCALE_OUT);
    fails += check_q15("q15_t_l2_norm in place", r15, q15_t_l2_norm_expected, COUNT(q15_t_l2_norm_expected));
    return fails;
}

static int test_convolutions(void) {
    int fails = 0;
    Q15_T r15[128];
    Q7_T r7[128];

    q7xq15_q7_convolution(q7xq15_q7_convolution_input, q7xq15_q7_convolution_filter, r7,
                          Q7XQ15_Q7_CONVOLUTION_N, Q7XQ15_Q7_CONVOLUTION_H, Q7XQ15_Q7_CONVOLUTION_W,
                          Q7XQ15_Q7_CONVOLUTION_CIN, Q7XQ15_Q7_CONVOLUTION_HF, Q7XQ15_Q7_CONVOLUTION_WF,
                          Q7XQ15_Q7_CONVOLUTION_CF, Q7XQ15_Q7_CONVOLUTION_COUT, Q7XQ15_Q7_CONVOLUTION_HOUT,
                          Q7XQ15_Q7_CONVOLUTION_WOUT, Q7XQ15_Q7_CONVOLUTION_G, Q7XQ15_Q7_CONVOLUTION_HPADU,
                          Q7XQ15_Q7_CONVOLUTION_HPADD, Q7XQ15_Q7_CONVOLUTION_WPADL, Q7XQ15_Q7_CONVOLUTION_WPADR,
                          Q7XQ15_Q7_CONVOLUTION_HSTRIDE, Q7XQ15_Q7_CONVOLUTION_WSTRIDE,
                          Q7XQ15_Q7_CONVOLUTION_HDILATION, Q7XQ15_Q7_CONVOLUTION_WDILATION,
                          Q7XQ15_Q7_CONVOLUTION_SCINPUT, Q7XQ15_Q7_CONVOLUTION_SCOUTPUT, Q7XQ15_Q7_CONVOLUTION_DEMOTE);
    fails += check_q7("q7xq15_q7_convolution", r7, q7xq15_q7_convolution_expected,
                      COUNT(q7xq15_q7_convolution_expected));

    q7xq15_q15_convolution(q7xq15_q15_convolution_input, q7xq15_q15_convolution_filter, r15,
                           Q7XQ15_Q15_CONVOLUTION_N, Q7XQ15_Q15_CONVOLUTION_H, Q7XQ15_Q15_CONVOLUTION_W,
                           Q7XQ15_Q15_CONVOLUTION_CIN, Q7XQ15_Q15_CONVOLUTION_HF, Q7XQ15_Q15_CONVOLUTION_WF,
                           Q7XQ15_Q15_CONVOLUTION_CF, Q7XQ15_Q15_CONVOLUTION_COUT, Q7XQ15_Q15_CONVOLUTION_HOUT,
                           Q7XQ15_Q15_CONVOLUTION_WOUT, Q7XQ15_Q15_CONVOLUTION_G, Q7XQ15_Q15_CONVOLUTION_HPADU,
                           Q7XQ15_Q15_CONVOLUTION_HPADD, Q7XQ15_Q15_CONVOLUTION_WPADL, Q7XQ15_Q15_CONVOLUTION_WPADR,
                           Q7XQ15_Q15_CONVOLUTION_HSTRIDE, Q7XQ15_Q15_CONVOLUTION_WSTRIDE,
                           Q7XQ15_Q15_CONVOLUTION_HDILATION, Q7XQ15_Q15_CONVOLUTION_WDILATION,
                           Q7XQ15_Q15_CONVOLUTION_SCINPUT, Q7XQ15_Q15_CONVOLUTION_SCOUTPUT,
                           Q7XQ15_Q15_CONVOLUTION_DEMOTE);
    fails += check_q15("q7xq15_q15_convolution", r15, q7xq15_q15_convolution_expected,
                       COUNT(q7xq15_q15_convolution_expected));

    q15_convolution(q15_convolution_input, q15_convolution_filter, r15, Q15_CONVOLUTION_N, Q15_CONVOLUTION_H,
                    Q15_CONVOLUTION_W, Q15_CONVOLUTION_CIN, Q15_CONVOLUTION_HF, Q15_CONVOLUTION_WF,
                    Q15_CONVOLUTION_CF, Q15_CONVOLUTION_COUT, Q15_CONVOLUTION_HOUT, Q15_CONVOLUTION_WOUT,
                    Q15_CONVOLUTION_G, Q15_CONVOLUTION_HPADU, Q15_CONVOLUTION_HPADD, Q15_CONVOLUTION_WPADL,
                    Q15_CONVOLUTION_WPADR, Q15_CONVOLUTION_HSTRIDE, Q15_CONVOLUTION_WSTRIDE,
                    Q15_CONVOLUTION_HDILATION, Q15_CONVOLUTION_WDILATION, Q15_CONVOLUTION_SCINPUT,
                    Q15_CONVOLUTION_SCOUTPUT, Q15_CONVOLUTION_DEMOTE);
    fails += check_q15("q15_convolution", r15, q15_convolution_expected, COUNT(q15_convolution_expected));
    return fails;
}

/* ---- Worked out by hand ------------------------------------------------- */

/*
 * q15_v_add with the same scaling in both builds (divide by 2 and 4, or
 * shift by 1 and 2; no output scale or demotion). Division truncates toward
 * zero, a right shift floors, so only the negative odd values differ:
 *   1000/2 + 200/4 = 550            1000>>1 + 200>>2 = 550
 *   -1000/2 + 300/4 = -425          -1000>>1 + 300>>2 = -425
 *   32767/2 + 1/4 = 16383           32767>>1 + 1>>2 = 16383
 *   -7/2 + -9/4 = -3 + -2 = -5      -7>>1 + -9>>2 = -4 + -3 = -7
 */
static int test_add_by_hand(void) {
    static const Q15_T a[4] = {1000, -1000, 32767, -7};
    static const Q15_T b[4] = {200, 300, 1, -9};
#ifdef SHIFT
    static const Q15_T want[4] = {550, -425, 16383, -7};
    const SCALE_T sa = 1, sb = 2, sret = 0, demote = 0;
#else
    static const Q15_T want[4] = {550, -425, 16383, -5};
    const SCALE_T sa = 2, sb = 4, sret = 1, demote = 1;
#endif
    Q15_T ret[4];
    q15_v_add(a, b, 4, ret, sa, sb, sret, demote);
    return check_q15("q15_v_add by hand", ret, want, 4);
}

/*
 * Stores keep the low 16 bits: 20000 * 2 = 40000 is stored as 40000 - 65536
 * = -25536 (and -40000 as 25536) in both builds (x2 or <<1).
 */
static int test_scale_up_wraps(void) {
    static const Q15_T v[3] = {20000, -20000, 3};
    static const Q15_T want[3] = {-25536, 25536, 6};
#ifdef SHIFT
    const SCALE_T up = 1;
#else
    const SCALE_T up = 2;
#endif
    Q15_T ret[3];
    q15_v_scale_up(v, 3, ret, up);
    return check_q15("q15_v_scale_up wrap-around", ret, want, 3);
}

/*
 * Sparse product of [[1 0 2] [0 3 0] [4 0 5]] (column-major encoding:
 * column 0 has rows 1 and 3, column 1 row 2, column 2 rows 1 and 3) with
 * (10, 20, 30) and unit scales, added to ret = (1, 1, 1):
 *   (1 + 1*10 + 2*30, 1 + 3*20, 1 + 4*10 + 5*30) = (71, 61, 191).
 */
static int test_sparse_by_hand(void) {
    static const ITER_T ids[8] = {1, 3, 0, 2, 0, 1, 3, 0};
    static const Q15_T vals[5] = {1, 4, 3, 2, 5};
    static const Q15_T vec[3] = {10, 20, 30};
    static const Q15_T want[3] = {71, 61, 191};
#ifdef SHIFT
    const SCALE_T one = 0;
#else
    const SCALE_T one = 1;
#endif
    Q15_T ret[3] = {1, 1, 1};
    q15_m_sparse_mulvec(ids, vals, vec, 3, ret, one, one, one);
    return check_q15("q15_m_sparse_mulvec by hand", ret, want, 3);
}

/*
 * Table activations at 0: exp_base_16(0, 1) = 16384 (one in Q14), so
 * sigmoid(0) = (16384 << 14) / (16384 + 16384) = 8192 and tanh(0) = 0.
 * q7_t_relu((-5, 50, 100, 127), limit 100, div 2) = (0, 25, 50, 50).
 * argmax picks the first of equal maxima.
 */
static int test_activations_by_hand(void) {
    static const Q15_T zero[2] = {0, 0};
    static const Q15_T half[2] = {8192, 8192};
    static const Q7_T ten[4] = {-5, 50, 100, 127};
    static const Q7_T relu_want[4] = {0, 25, 50, 50};
    static const Q15_T ties[4] = {3, 9, -2, 9};
    int fails = 0;
    Q15_T r15[2];
    Q7_T r7[4];
    ITER_T index = 7;

    q15_v_sigmoid(zero, 2, r15, 1, 0, 0, 0, 0, 1);
    fails += check_q15("q15_v_sigmoid(0) with tables", r15, half, 2);
    q15_v_tanh(zero, 2, r15, 0, 0, 1);
    fails += check_q15("q15_v_tanh(0) with tables", r15, zero, 2);
    q7_t_relu(ten, 1, 1, 2, 2, r7, 100, 2);
    fails += check_q7("q7_t_relu by hand", r7, relu_want, 4);
    q15_v_argmax(ties, 4, &index);
    fails += check_int("q15_v_argmax ties", (long)index, 1);
    return fails;
}

/* Sizes of 0 are valid and touch nothing; buffers of length 0 may be NULL. */
static int test_empty(void) {
    Q15_T ret[2] = {11, 22};
    static const Q15_T keep[2] = {11, 22};
    q15_v_add(NULL, NULL, 0, NULL, 1, 1, 1, 1);
    q15_v_add(keep, keep, 0, ret, 1, 1, 1, 1);
    q15_m_mulvec(NULL, NULL, 0, 0, NULL, 1, 1, 1);
    q15_t_add(keep, keep, 1, 0, 1, 2, ret, 1, 1, 1);
    return check_q15("zero-length calls", ret, keep, 2);
}

/* ---- Header-inline helpers ---------------------------------------------- */

static int test_inline_helpers(void) {
    int fails = 0;
    fails += check_int("q15_saturate(40000)", q15_saturate(40000), 32767);
    fails += check_int("q15_saturate(-40000)", q15_saturate(-40000), -32768);
    fails += check_int("q15_saturate(-5)", q15_saturate(-5), -5);
    fails += check_int("q7_relu(-5, 10)", q7_relu(-5, 10), 0);
    fails += check_int("q7_relu(50, 10)", q7_relu(50, 10), 10);
    fails += check_int("q7_relu(5, -3)", q7_relu(5, -3), -3);
    fails += check_int("q15_relu(300, 200)", q15_relu(300, 200), 200);
    fails += check_int("q15_relu(-300, 200)", q15_relu(-300, 200), 0);
    fails += check_int("q31_relu(100000, 200000)", q31_relu(100000, 200000), 100000);
    fails += check_int("q31_relu(-1, 5)", q31_relu(-1, 5), 0);
    /* exp(0) = 1 (16384 in Q14); divided by scale. */
    fails += check_int("exp_base_16(0, 1)", exp_base_16(0, 1), 16384);
    fails += check_int("exp_base_16(0, 2)", exp_base_16(0, 2), 8192);
    /* e^-1: -2048 = 16 coarse steps: exp_table_A[16] * exp_table_B[0] >> 14. */
    fails += check_int("exp_base_16(-2048, 1)", exp_base_16(-2048, 1), exp_table_A[16]);
    /* One fine step: 16384 * 16376 >> 14 = 16376. */
    fails += check_int("exp_base_16(-1, 1)", exp_base_16(-1, 1), 16376);
    /* -129 = one coarse + one fine step: (15391 * 16376) >> 14 = 15383. */
    fails += check_int("exp_base_16(-129, 1)", exp_base_16(-129, 1), (15391 * 16376) >> 14);
    /* Very negative inputs underflow to 0; -32768 is read as -32767. */
    fails += check_int("exp_base_16(-32767, 1)", exp_base_16(-32767, 1), 0);
    fails += check_int("exp_base_16(-32768, 1)", exp_base_16(-32768, 1), 0);
    /* tinyrnn's rule outside EdgeML's domain: positive input counts as 0,
       scale 0 gives 0. */
    fails += check_int("exp_base_16(100, 1)", exp_base_16(100, 1), 16384);
    fails += check_int("exp_base_16(-100, 0)", exp_base_16(-100, 0), 0);
    fails += check_int("exp_table_A[0]", exp_table_A[0], 16384);
    fails += check_int("exp_table_B[127]", exp_table_B[127], 15399);
    return fails;
}

int main(void) {
    int fails = 0;
    fails += test_vectors();
    fails += test_matrices();
    fails += test_tensors();
    fails += test_convolutions();
    fails += test_add_by_hand();
    fails += test_scale_up_wraps();
    fails += test_sparse_by_hand();
    fails += test_activations_by_hand();
    fails += test_empty();
    fails += test_inline_helpers();
    if (fails) {
        printf("test_quantized_utils [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_quantized_utils [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
