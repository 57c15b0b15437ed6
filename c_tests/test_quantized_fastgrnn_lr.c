/*
 * q15_fastgrnn_lr (low-rank W = W2.W1, U = U2.U1) as an EdgeML user calls
 * it, in the division or (-DSHIFT) shift build. SPARSE does not change the
 * low-rank cell. Model and expected hidden state: models/fastgrnn_lr_model.h.
 */
#include <string.h>

#include "quantized_fastgrnn.h"
#include "check.h"
#include "models/fastgrnn_lr_model.h"

int main(void) {
    Q15_T hiddenState[LR_HIDDEN_DIMS];
    Q15_T preComp1[LR_HIDDEN_DIMS], preComp2[LR_HIDDEN_DIMS], preComp3[LR_HIDDEN_DIMS];
    Q15_T tempLRW[LR_W_RANK], tempLRU[LR_U_RANK];
    Q15_T normFeatures[LR_INPUT_DIMS];
    int fails = 0;
    int rc;

    Q15_FastGRNN_LR_Params params = LR_PARAMS;
    Q15_FastGRNN_LR_Buffers buffers = {
        .preComp1 = preComp1,
        .preComp2 = preComp2,
        .preComp3 = preComp3,
        .tempLRW = tempLRW,
        .tempLRU = tempLRU,
        .normFeatures = normFeatures,
    };

    memcpy(hiddenState, lr_hidden_init, sizeof(hiddenState));
    rc = q15_fastgrnn_lr(hiddenState, LR_HIDDEN_DIMS, lr_input, LR_INPUT_DIMS, LR_STEPS, &params, &buffers,
                         &lr_scales, LR_BACKWARD, LR_NORMALIZE);
    fails += check_int("q15_fastgrnn_lr return code", rc, 0);
    fails += check_q15("q15_fastgrnn_lr hidden state", hiddenState, lr_expected, LR_HIDDEN_DIMS);

    /* steps == 0 leaves the state as it is. */
    memcpy(hiddenState, lr_hidden_init, sizeof(hiddenState));
    rc = q15_fastgrnn_lr(hiddenState, LR_HIDDEN_DIMS, lr_input, LR_INPUT_DIMS, 0, &params, &buffers, &lr_scales,
                         LR_BACKWARD, LR_NORMALIZE);
    fails += check_int("q15_fastgrnn_lr steps=0 return code", rc, 0);
    fails += check_q15("q15_fastgrnn_lr steps=0", hiddenState, lr_hidden_init, LR_HIDDEN_DIMS);

    if (fails) {
        printf("test_quantized_fastgrnn_lr [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_quantized_fastgrnn_lr [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
