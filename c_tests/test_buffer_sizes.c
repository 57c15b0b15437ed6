/*
 * The scratch-size queries as a C user calls them: ask how big each buffer
 * of a call must be, size the buffers from the answer, run the call. Also
 * the queries' own error codes.
 */
#include <string.h>

#include "quantized_fastgrnn.h"
#include "quantized_rnnpool.h"
#include "check.h"
#include "models/fastgrnn_model.h"

/* Room for whatever the queries answer for the model below. */
#define ROOM 256

int main(void) {
    TinyRNN_Buffer_Sizes s;
    Q15_T hiddenState[FG_HIDDEN_DIMS];
    Q15_T preComp1[ROOM], preComp2[ROOM], preComp3[ROOM], normFeatures[ROOM];
    ITER_T buffer = 0, output = 0;
    int fails = 0;
    int rc;

    /* FastGRNN, dense: three H-element preComp buffers and D features. */
    rc = tinyrnn_get_buffer_sizes(TINYRNN_CELL_FASTGRNN, FG_HIDDEN_DIMS, FG_INPUT_DIMS, 0, 0, &s);
    fails += check_int("FastGRNN sizes return code", rc, 0);
    fails += check_int("FastGRNN preComp1", (int)s.preComp1, FG_HIDDEN_DIMS);
    fails += check_int("FastGRNN preComp2", (int)s.preComp2, FG_HIDDEN_DIMS);
    fails += check_int("FastGRNN preComp3", (int)s.preComp3, FG_HIDDEN_DIMS);
    fails += check_int("FastGRNN tempLRW (dense: unused)", (int)s.tempLRW, 0);
    fails += check_int("FastGRNN tempLRU (dense: unused)", (int)s.tempLRU, 0);
    fails += check_int("FastGRNN normFeatures", (int)s.normFeatures, FG_INPUT_DIMS);

    /* Buffers sized by the answer run the recorded model to its recorded state. */
    if (s.preComp1 <= ROOM && s.preComp2 <= ROOM && s.preComp3 <= ROOM && s.normFeatures <= ROOM) {
        Q15_FastGRNN_Params params = {
            .mean = fg_mean,
            .stdDev = fg_stdDev,
#ifdef SPARSE
            .Wids = fg_Wids,
            .Wvals = fg_Wvals,
            .Uids = fg_Uids,
            .Uvals = fg_Uvals,
#else
            .W = fg_W,
            .U = fg_U,
#endif
            .Bg = fg_Bg,
            .Bh = fg_Bh,
            .sigmoid_zeta = FG_SIGMOID_ZETA,
            .sigmoid_nu = FG_SIGMOID_NU,
        };
        Q15_FastGRNN_Buffers buffers = {
            .preComp1 = preComp1,
            .preComp2 = preComp2,
            .preComp3 = preComp3,
            .normFeatures = normFeatures,
        };
        memcpy(hiddenState, fg_hidden_init, sizeof(hiddenState));
        rc = q15_fastgrnn(hiddenState, FG_HIDDEN_DIMS, fg_input, FG_INPUT_DIMS, FG_STEPS, &params, &buffers,
                          &fg_scales, FG_BACKWARD, FG_NORMALIZE);
        fails += check_int("q15_fastgrnn with queried buffers", rc, 0);
        fails += check_q15("q15_fastgrnn with queried buffers", hiddenState, fg_expected, FG_HIDDEN_DIMS);
    } else {
        fails += check_int("FastGRNN sizes fit the test's room", 0, 1);
    }

    /* Low rank: the temporaries are the ranks. */
    rc = tinyrnn_get_buffer_sizes(TINYRNN_CELL_FASTGRNN, 100, 32, 16, 25, &s);
    fails += check_int("low-rank sizes return code", rc, 0);
    fails += check_int("low-rank tempLRW", (int)s.tempLRW, 16);
    fails += check_int("low-rank tempLRU", (int)s.tempLRU, 25);

    /* Another cell of the family answers too. */
    rc = tinyrnn_get_buffer_sizes(TINYRNN_CELL_GRU, 8, 4, 0, 0, &s);
    fails += check_int("GRU sizes return code", rc, 0);
    fails += check_int("GRU needs a preComp1", s.preComp1 > 0, 1);

    /* RNNPool: buffer hiddenDims1·patchDim, output 4·hiddenDims2. */
    rc = tinyrnn_rnnpool_block_get_buffer_sizes(8, 6, 5, &buffer, &output);
    fails += check_int("RNNPool sizes return code", rc, 0);
    fails += check_int("RNNPool buffer", (int)buffer, 48);
    fails += check_int("RNNPool output", (int)output, 20);

    /* Errors: NULL result, unknown cell, sizes beyond ITER_T; nothing written. */
    memset(&s, 0x5a, sizeof s);
    fails += check_int("NULL sizes", tinyrnn_get_buffer_sizes(TINYRNN_CELL_FASTGRNN, 4, 4, 0, 0, NULL), TINYRNN_ERR_NULL);
    fails += check_int("unknown cell", tinyrnn_get_buffer_sizes(1000, 4, 4, 0, 0, &s), TINYRNN_ERR_GEOMETRY);
    fails += check_int("unknown cell writes nothing", s.preComp1 == 0x5a5a5a5aU, 1);
    fails += check_int("RNNPool NULL output", tinyrnn_rnnpool_block_get_buffer_sizes(8, 6, 5, &buffer, NULL),
                       TINYRNN_ERR_NULL);
    fails += check_int("RNNPool buffer beyond ITER_T",
                       tinyrnn_rnnpool_block_get_buffer_sizes(0x10000u, 0x10000u, 5, &buffer, &output),
                       TINYRNN_ERR_OVERFLOW);

    if (fails) {
        printf("test_buffer_sizes [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_buffer_sizes [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
