/*
 * q7xq15_q15_fastgrnn (Q7 input, normalised in Q7) as an EdgeML user calls
 * it: dense W/U, or (built with -DSPARSE) the sparse Wids/Wvals and
 * Uids/Uvals; division or (-DSHIFT) shift scales. Model and expected hidden state: models/q7_fastgrnn_model.h,
 * recorded from the reference built with the same flags.
 */
#include <string.h>

#include "quantized_fastgrnn.h"
#include "check.h"
#include "models/q7_fastgrnn_model.h"

int main(void) {
    Q15_T hiddenState[Q7FG_HIDDEN_DIMS];
    Q15_T preComp1[Q7FG_HIDDEN_DIMS], preComp2[Q7FG_HIDDEN_DIMS], preComp3[Q7FG_HIDDEN_DIMS];
    Q7_T normFeatures[Q7FG_INPUT_DIMS];
    int fails = 0;
    int rc;

    Q7xQ15_FastGRNN_Params params = Q7FG_PARAMS;
    Q7xQ15_FastGRNN_Buffers buffers = {
        .preComp1 = preComp1,
        .preComp2 = preComp2,
        .preComp3 = preComp3,
        .normFeatures = normFeatures,
    };

    memcpy(hiddenState, q7fg_hidden_init, sizeof(hiddenState));
    rc = q7xq15_q15_fastgrnn(hiddenState, Q7FG_HIDDEN_DIMS, q7fg_input, Q7FG_INPUT_DIMS, Q7FG_STEPS, &params,
                             &buffers, &q7fg_scales, Q7FG_BACKWARD, Q7FG_NORMALIZE);
    fails += check_int("q7xq15_q15_fastgrnn return code", rc, 0);
    fails += check_q15("q7xq15_q15_fastgrnn hidden state", hiddenState, q7fg_expected, Q7FG_HIDDEN_DIMS);

    /* The same call twice from the same state gives the same result (the
       scratch buffers carry nothing over). */
    memcpy(hiddenState, q7fg_hidden_init, sizeof(hiddenState));
    rc = q7xq15_q15_fastgrnn(hiddenState, Q7FG_HIDDEN_DIMS, q7fg_input, Q7FG_INPUT_DIMS, Q7FG_STEPS, &params,
                             &buffers, &q7fg_scales, Q7FG_BACKWARD, Q7FG_NORMALIZE);
    fails += check_int("q7xq15_q15_fastgrnn second call return code", rc, 0);
    fails += check_q15("q7xq15_q15_fastgrnn second call", hiddenState, q7fg_expected, Q7FG_HIDDEN_DIMS);

    /* steps == 0 leaves the state as it is. */
    memcpy(hiddenState, q7fg_hidden_init, sizeof(hiddenState));
    rc = q7xq15_q15_fastgrnn(hiddenState, Q7FG_HIDDEN_DIMS, q7fg_input, Q7FG_INPUT_DIMS, 0, &params, &buffers,
                             &q7fg_scales, Q7FG_BACKWARD, Q7FG_NORMALIZE);
    fails += check_int("q7xq15_q15_fastgrnn steps=0 return code", rc, 0);
    fails += check_q15("q7xq15_q15_fastgrnn steps=0", hiddenState, q7fg_hidden_init, Q7FG_HIDDEN_DIMS);

    if (fails) {
        printf("test_quantized_fastgrnn_q7 [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_quantized_fastgrnn_q7 [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
