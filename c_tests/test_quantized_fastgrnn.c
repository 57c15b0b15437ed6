/*
 * q15_fastgrnn as an EdgeML user calls it: dense W/U, or (built with
 * -DSPARSE) the sparse Wids/Wvals and Uids/Uvals; division or (-DSHIFT)
 * shift scales. Model and expected hidden state: models/fastgrnn_model.h,
 * recorded from the reference built with the same flags.
 */
#include <string.h>

#include "quantized_fastgrnn.h"
#include "check.h"
#include "models/fastgrnn_model.h"

int main(void) {
    Q15_T hiddenState[FG_HIDDEN_DIMS];
    Q15_T preComp1[FG_HIDDEN_DIMS], preComp2[FG_HIDDEN_DIMS], preComp3[FG_HIDDEN_DIMS];
    Q15_T normFeatures[FG_INPUT_DIMS];
    int fails = 0;
    int rc;

    Q15_FastGRNN_Params params = FG_PARAMS;
    Q15_FastGRNN_Buffers buffers = {
        .preComp1 = preComp1,
        .preComp2 = preComp2,
        .preComp3 = preComp3,
        .normFeatures = normFeatures,
    };

    memcpy(hiddenState, fg_hidden_init, sizeof(hiddenState));
    rc = q15_fastgrnn(hiddenState, FG_HIDDEN_DIMS, fg_input, FG_INPUT_DIMS, FG_STEPS, &params, &buffers, &fg_scales,
                      FG_BACKWARD, FG_NORMALIZE);
    fails += check_int("q15_fastgrnn return code", rc, 0);
    fails += check_q15("q15_fastgrnn hidden state", hiddenState, fg_expected, FG_HIDDEN_DIMS);

    /* The same call twice from the same state gives the same result (the
       scratch buffers carry nothing over). */
    memcpy(hiddenState, fg_hidden_init, sizeof(hiddenState));
    rc = q15_fastgrnn(hiddenState, FG_HIDDEN_DIMS, fg_input, FG_INPUT_DIMS, FG_STEPS, &params, &buffers, &fg_scales,
                      FG_BACKWARD, FG_NORMALIZE);
    fails += check_int("q15_fastgrnn second call return code", rc, 0);
    fails += check_q15("q15_fastgrnn second call", hiddenState, fg_expected, FG_HIDDEN_DIMS);

    /* steps == 0 leaves the state as it is. */
    memcpy(hiddenState, fg_hidden_init, sizeof(hiddenState));
    rc = q15_fastgrnn(hiddenState, FG_HIDDEN_DIMS, fg_input, FG_INPUT_DIMS, 0, &params, &buffers, &fg_scales,
                      FG_BACKWARD, FG_NORMALIZE);
    fails += check_int("q15_fastgrnn steps=0 return code", rc, 0);
    fails += check_q15("q15_fastgrnn steps=0", hiddenState, fg_hidden_init, FG_HIDDEN_DIMS);

    if (fails) {
        printf("test_quantized_fastgrnn [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_quantized_fastgrnn [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
