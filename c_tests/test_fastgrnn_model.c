/*
 * tinyrnn's FastGRNN model handles (quantized_fastgrnn.h) on the models of
 * test_quantized_fastgrnn.c, test_quantized_fastgrnn_q7.c and
 * test_quantized_fastgrnn_lr.c: a model initialised once and run gives the
 * hidden state recorded from EdgeML's q15_fastgrnn / q7xq15_q15_fastgrnn /
 * q15_fastgrnn_lr built with the same flags; its storage
 * is a static tinyrnn_fastgrnn_model; a run refuses storage no init
 * accepted and more steps than a normalising model's init allowed.
 */
#include <string.h>

#include "quantized_fastgrnn.h"
#include "check.h"
#include "models/fastgrnn_model.h"
#include "models/q7_fastgrnn_model.h"
#include "models/fastgrnn_lr_model.h"

static tinyrnn_fastgrnn_model model, model7, model_lr, never_initialised;

static Q15_T preComp1[FG_HIDDEN_DIMS], preComp2[FG_HIDDEN_DIMS], preComp3[FG_HIDDEN_DIMS];
static Q15_T normFeatures[FG_INPUT_DIMS];
static Q15_T preComp1_7[Q7FG_HIDDEN_DIMS], preComp2_7[Q7FG_HIDDEN_DIMS], preComp3_7[Q7FG_HIDDEN_DIMS];
static Q7_T normFeatures7[Q7FG_INPUT_DIMS];
static Q15_T preComp1_lr[LR_HIDDEN_DIMS], preComp2_lr[LR_HIDDEN_DIMS], preComp3_lr[LR_HIDDEN_DIMS];
static Q15_T tempLRW[LR_W_RANK], tempLRU[LR_U_RANK], normFeatures_lr[LR_INPUT_DIMS];

/* The model keeps pointers to its structs: they outlive it. */
static const Q15_FastGRNN_Params params = FG_PARAMS;
static Q15_FastGRNN_Buffers buffers = {preComp1, preComp2, preComp3, normFeatures};

static const Q7xQ15_FastGRNN_Params params7 = Q7FG_PARAMS;
static Q7xQ15_FastGRNN_Buffers buffers7 = {preComp1_7, preComp2_7, preComp3_7, normFeatures7};

static const Q15_FastGRNN_LR_Params params_lr = LR_PARAMS;
static Q15_FastGRNN_LR_Buffers buffers_lr = {preComp1_lr, preComp2_lr, preComp3_lr, tempLRW, tempLRU, normFeatures_lr};

int main(void) {
    Q15_T hiddenState[FG_HIDDEN_DIMS];
    Q15_T hiddenState7[Q7FG_HIDDEN_DIMS];
    Q15_T hiddenState_lr[LR_HIDDEN_DIMS];
    int fails = 0;
    int rc;

    rc = tinyrnn_q15_fastgrnn_model_init(&model, FG_HIDDEN_DIMS, FG_INPUT_DIMS, FG_STEPS, &params, &buffers,
                                         &fg_scales, FG_NORMALIZE);
    fails += check_int("model init", rc, 0);
    for (int run = 0; run < 2; run++) {
        /* Twice from the same state: the same result (nothing carried over). */
        memcpy(hiddenState, fg_hidden_init, sizeof(hiddenState));
        rc = tinyrnn_q15_fastgrnn_model_run(&model, hiddenState, fg_input, FG_STEPS, FG_BACKWARD);
        fails += check_int("model run return code", rc, 0);
        fails += check_q15("model run hidden state (EdgeML's q15_fastgrnn)", hiddenState, fg_expected,
                           FG_HIDDEN_DIMS);
    }
    memcpy(hiddenState, fg_hidden_init, sizeof(hiddenState));
    rc = tinyrnn_q15_fastgrnn_model_run(&model, hiddenState, fg_input, 0, FG_BACKWARD);
    fails += check_int("model run of 0 steps", rc, 0);
    fails += check_q15("model run of 0 steps leaves the state", hiddenState, fg_hidden_init, FG_HIDDEN_DIMS);

    rc = tinyrnn_q15_fastgrnn_model_run(&never_initialised, hiddenState, fg_input, FG_STEPS, FG_BACKWARD);
    fails += check_int("run of storage no init accepted", rc, TINYRNN_ERR_MODEL);
    if (FG_NORMALIZE) {
        rc = tinyrnn_q15_fastgrnn_model_run(&model, hiddenState, fg_input, FG_STEPS + 1, FG_BACKWARD);
        fails += check_int("run of more steps than mean/stdDev hold", rc, TINYRNN_ERR_LENGTH);
    }
    fails += check_q15("refused runs leave the state", hiddenState, fg_hidden_init, FG_HIDDEN_DIMS);

    rc = tinyrnn_q7xq15_q15_fastgrnn_model_init(&model7, Q7FG_HIDDEN_DIMS, Q7FG_INPUT_DIMS, Q7FG_STEPS, &params7,
                                                &buffers7, &q7fg_scales, Q7FG_NORMALIZE);
    fails += check_int("Q7 model init", rc, 0);
    memcpy(hiddenState7, q7fg_hidden_init, sizeof(hiddenState7));
    rc = tinyrnn_q7xq15_q15_fastgrnn_model_run(&model7, hiddenState7, q7fg_input, Q7FG_STEPS, Q7FG_BACKWARD);
    fails += check_int("Q7 model run return code", rc, 0);
    fails += check_q15("Q7 model run hidden state (EdgeML's q7xq15_q15_fastgrnn)", hiddenState7, q7fg_expected,
                       Q7FG_HIDDEN_DIMS);
    /* A Q15 model is not a Q7 one. */
    rc = tinyrnn_q7xq15_q15_fastgrnn_model_run(&model, hiddenState7, q7fg_input, Q7FG_STEPS, Q7FG_BACKWARD);
    fails += check_int("Q7 run of a Q15 model", rc, TINYRNN_ERR_MODEL);

    rc = tinyrnn_q15_fastgrnn_lr_model_init(&model_lr, LR_HIDDEN_DIMS, LR_INPUT_DIMS, LR_STEPS, &params_lr,
                                            &buffers_lr, &lr_scales, LR_NORMALIZE);
    fails += check_int("low-rank model init", rc, 0);
    for (int run = 0; run < 2; run++) {
        memcpy(hiddenState_lr, lr_hidden_init, sizeof(hiddenState_lr));
        rc = tinyrnn_q15_fastgrnn_lr_model_run(&model_lr, hiddenState_lr, lr_input, LR_STEPS, LR_BACKWARD);
        fails += check_int("low-rank model run return code", rc, 0);
        fails += check_q15("low-rank model run hidden state (EdgeML's q15_fastgrnn_lr)", hiddenState_lr,
                           lr_expected, LR_HIDDEN_DIMS);
    }
    /* A low-rank model is not a full-rank one, nor the other way round. */
    rc = tinyrnn_q15_fastgrnn_model_run(&model_lr, hiddenState, fg_input, FG_STEPS, FG_BACKWARD);
    fails += check_int("full-rank run of a low-rank model", rc, TINYRNN_ERR_MODEL);
    memcpy(hiddenState_lr, lr_hidden_init, sizeof(hiddenState_lr));
    rc = tinyrnn_q15_fastgrnn_lr_model_run(&model, hiddenState_lr, lr_input, LR_STEPS, LR_BACKWARD);
    fails += check_int("low-rank run of a full-rank model", rc, TINYRNN_ERR_MODEL);
    fails += check_q15("refused low-rank run leaves the state", hiddenState_lr, lr_hidden_init, LR_HIDDEN_DIMS);

    if (fails) {
        printf("test_fastgrnn_model [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_fastgrnn_model [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
