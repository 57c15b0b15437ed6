/*
 * The RNNPool blocks as an EdgeML user calls them, with tinyrnn's own
 * FastGRNN cells passed as the RNN function pointers:
 *   q15_rnnpool_block(..., q15_fastgrnn, ..., q15_fastgrnn, ...)
 *   q7xq15_q15_rnnpool_block(..., q7xq15_q15_fastgrnn, ..., q15_fastgrnn, ...)
 * q15_fastgrnn is whichever variant the flags select (-DSHIFT, -DSPARSE).
 * Models and expected outputs: models/rnnpool_model.h, models/q7_rnnpool_model.h.
 */
#include <string.h>

#include "quantized_fastgrnn.h"
#include "quantized_rnnpool.h"
#include "check.h"
#include "models/rnnpool_model.h"
#include "models/q7_rnnpool_model.h"

static int test_q15_block(void) {
    Q15_T output[4 * POOL_HIDDEN_DIMS2];
    Q15_T buffer[POOL_HIDDEN_DIMS1 * POOL_PATCH_DIM];
    Q15_T r1_preComp1[POOL_HIDDEN_DIMS1], r1_preComp2[POOL_HIDDEN_DIMS1], r1_preComp3[POOL_HIDDEN_DIMS1];
    Q15_T r1_normFeatures[POOL_INPUT_DIMS];
    Q15_T r2_preComp1[POOL_HIDDEN_DIMS2], r2_preComp2[POOL_HIDDEN_DIMS2], r2_preComp3[POOL_HIDDEN_DIMS2];
    Q15_T r2_normFeatures[POOL_HIDDEN_DIMS1];
    int fails = 0;
    int rc;

    Q15_FastGRNN_Params rnn1_params = {
#ifdef SPARSE
        .Wids = pool_rnn1_Wids,
        .Wvals = pool_rnn1_Wvals,
        .Uids = pool_rnn1_Uids,
        .Uvals = pool_rnn1_Uvals,
#else
        .W = pool_rnn1_W,
        .U = pool_rnn1_U,
#endif
        .Bg = pool_rnn1_Bg,
        .Bh = pool_rnn1_Bh,
        .sigmoid_zeta = POOL_RNN1_SIGMOID_ZETA,
        .sigmoid_nu = POOL_RNN1_SIGMOID_NU,
    };
    Q15_FastGRNN_Params rnn2_params = {
#ifdef SPARSE
        .Wids = pool_rnn2_Wids,
        .Wvals = pool_rnn2_Wvals,
        .Uids = pool_rnn2_Uids,
        .Uvals = pool_rnn2_Uvals,
#else
        .W = pool_rnn2_W,
        .U = pool_rnn2_U,
#endif
        .Bg = pool_rnn2_Bg,
        .Bh = pool_rnn2_Bh,
        .sigmoid_zeta = POOL_RNN2_SIGMOID_ZETA,
        .sigmoid_nu = POOL_RNN2_SIGMOID_NU,
    };
    Q15_FastGRNN_Buffers rnn1_buffers = {
        .preComp1 = r1_preComp1,
        .preComp2 = r1_preComp2,
        .preComp3 = r1_preComp3,
        .normFeatures = r1_normFeatures,
    };
    Q15_FastGRNN_Buffers rnn2_buffers = {
        .preComp1 = r2_preComp1,
        .preComp2 = r2_preComp2,
        .preComp3 = r2_preComp3,
        .normFeatures = r2_normFeatures,
    };

    /* Garbage in the outputs first: the block must not depend on it. */
    memset(output, 0x5a, sizeof(output));
    memset(buffer, 0xa5, sizeof(buffer));
    rc = q15_rnnpool_block(pool_patch, POOL_INPUT_DIMS, POOL_PATCH_DIM, POOL_STRIDE, q15_fastgrnn, POOL_HIDDEN_DIMS1,
                           (const void*)(&rnn1_params), (void*)(&rnn1_buffers), (const void*)(&pool_rnn1_scales),
                           q15_fastgrnn, POOL_HIDDEN_DIMS2, (const void*)(&rnn2_params), (void*)(&rnn2_buffers),
                           (const void*)(&pool_rnn2_scales), output, buffer, POOL_SHR1, POOL_SHL1, POOL_SHR2,
                           POOL_SHL2);
    fails += check_int("q15_rnnpool_block return code", rc, 0);
    fails += check_q15("q15_rnnpool_block output", output, pool_expected, COUNT(pool_expected));
    return fails;
}

static int test_q7_block(void) {
    Q15_T output[4 * Q7POOL_HIDDEN_DIMS2];
    Q15_T buffer[Q7POOL_HIDDEN_DIMS1 * Q7POOL_PATCH_DIM];
    Q15_T r1_preComp1[Q7POOL_HIDDEN_DIMS1], r1_preComp2[Q7POOL_HIDDEN_DIMS1], r1_preComp3[Q7POOL_HIDDEN_DIMS1];
    Q7_T r1_normFeatures[Q7POOL_INPUT_DIMS];
    Q15_T r2_preComp1[Q7POOL_HIDDEN_DIMS2], r2_preComp2[Q7POOL_HIDDEN_DIMS2], r2_preComp3[Q7POOL_HIDDEN_DIMS2];
    Q15_T r2_normFeatures[Q7POOL_HIDDEN_DIMS1];
    int fails = 0;
    int rc;

    Q7xQ15_FastGRNN_Params rnn1_params = {
#ifdef SPARSE
        .Wids = q7pool_rnn1_Wids,
        .Wvals = q7pool_rnn1_Wvals,
        .Uids = q7pool_rnn1_Uids,
        .Uvals = q7pool_rnn1_Uvals,
#else
        .W = q7pool_rnn1_W,
        .U = q7pool_rnn1_U,
#endif
        .Bg = q7pool_rnn1_Bg,
        .Bh = q7pool_rnn1_Bh,
        .sigmoid_zeta = Q7POOL_RNN1_SIGMOID_ZETA,
        .sigmoid_nu = Q7POOL_RNN1_SIGMOID_NU,
    };
    Q15_FastGRNN_Params rnn2_params = {
#ifdef SPARSE
        .Wids = q7pool_rnn2_Wids,
        .Wvals = q7pool_rnn2_Wvals,
        .Uids = q7pool_rnn2_Uids,
        .Uvals = q7pool_rnn2_Uvals,
#else
        .W = q7pool_rnn2_W,
        .U = q7pool_rnn2_U,
#endif
        .Bg = q7pool_rnn2_Bg,
        .Bh = q7pool_rnn2_Bh,
        .sigmoid_zeta = Q7POOL_RNN2_SIGMOID_ZETA,
        .sigmoid_nu = Q7POOL_RNN2_SIGMOID_NU,
    };
    Q7xQ15_FastGRNN_Buffers rnn1_buffers = {
        .preComp1 = r1_preComp1,
        .preComp2 = r1_preComp2,
        .preComp3 = r1_preComp3,
        .normFeatures = r1_normFeatures,
    };
    Q15_FastGRNN_Buffers rnn2_buffers = {
        .preComp1 = r2_preComp1,
        .preComp2 = r2_preComp2,
        .preComp3 = r2_preComp3,
        .normFeatures = r2_normFeatures,
    };

    /* The function-pointer types EdgeML declares for the two RNNs. */
    q7xq15_q15_rnn_t rnn1 = q7xq15_q15_fastgrnn;
    q15_rnn_t rnn2 = q15_fastgrnn;

    memset(output, 0x5a, sizeof(output));
    memset(buffer, 0xa5, sizeof(buffer));
    rc = q7xq15_q15_rnnpool_block(q7pool_patch, Q7POOL_INPUT_DIMS, Q7POOL_PATCH_DIM, Q7POOL_STRIDE, rnn1,
                                  Q7POOL_HIDDEN_DIMS1, &rnn1_params, &rnn1_buffers, &q7pool_rnn1_scales, rnn2,
                                  Q7POOL_HIDDEN_DIMS2, &rnn2_params, &rnn2_buffers, &q7pool_rnn2_scales, output, buffer,
                                  Q7POOL_SHR1, Q7POOL_SHL1, Q7POOL_SHR2, Q7POOL_SHL2);
    fails += check_int("q7xq15_q15_rnnpool_block return code", rc, 0);
    fails += check_q15("q7xq15_q15_rnnpool_block output", output, q7pool_expected, COUNT(q7pool_expected));
    return fails;
}

int main(void) {
    int fails = test_q15_block() + test_q7_block();
    if (fails) {
        printf("test_quantized_rnnpool [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_quantized_rnnpool [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
