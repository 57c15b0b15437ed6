/*
 * tinyrnn C test: EdgeML's float API used as EdgeML's own float tests use it
 * (tests/fastgrnn/test_fastgrnn_lr.c, tests/rnnpool/test_rnnpool.c):
 *
 *   1. a low-rank FastGRNN classifier: fastgrnn_lr over a multi-step input
 *      with mean/variance normalization, then FC and argmax, for two
 *      examples; a backward pass; EdgeML's error codes for missing buffers;
 *   2. RNNPool over a 4x4 patch of a larger image (stride = image width),
 *      with fastgrnn as the function pointer for both RNNs;
 *   3. the utilities, in place where FastGRNN and FC use them so.
 *
 * The weights are made up. The expected numbers were computed with tinyrnn's
 * safe Rust API (tinyrnn::float), which reproduces EdgeML's recorded
 * reference vectors bit for bit; the comparison allows 1e-6 relative.
 * The float API does not depend on SHIFT or SPARSE: this file gives the same
 * results with any of them. Returns 0 when every check passes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "utils.h"
#include "fastgrnn.h"
#include "rnnpool.h"
#include "classifier.h"

/* FastGRNN-LR classifier: 6 steps of 4 features, 8 hidden units, 3 classes. */
#define INPUT_DIMS   4
#define TIME_STEPS   6
#define HIDDEN_DIMS  8
#define WRANK        3
#define URANK        2
#define NUM_CLASSES  3
#define NUM_EXAMPLES 2

/* RNNPool: a 6 x 5 image of 2-channel pixels, pooled over a 4 x 4 patch. */
#define POOL_INPUT_DIMS 2
#define PATCH_DIM       4
#define IMAGE_WIDTH     6
#define HIDDEN_DIMS1    4
#define HIDDEN_DIMS2    3

static const float lr_mean[24] = {
    0.07788f, 0.19324f, 0.15931f, 0.00232f, -0.15647f, -0.19438f,
    -0.08213f, 0.09356f, 0.19698f, 0.14823f, -0.01503f, -0.16668f,
    -0.18957f, -0.06601f, 0.10854f, 0.19924f, 0.13603f, -0.03227f,
    -0.17564f, -0.18333f, -0.04939f, 0.12269f, 0.20000f, 0.12280f,
};

static const float lr_stdDev[24] = {
    0.95960f, 1.20000f, 0.96007f, 0.62396f, 0.72982f, 1.10815f,
    1.15321f, 0.79285f, 0.60405f, 0.88909f, 1.19160f, 1.02723f,
    0.65915f, 0.67670f, 1.05177f, 1.18385f, 0.86145f, 0.60078f,
    0.81919f, 1.16699f, 1.08731f, 0.70773f, 0.63599f, 0.98696f,
};

static const float lr_W1[12] = {
    0.28766f, 0.29374f, -0.59932f, 0.34215f, 0.23629f, -0.59286f,
    0.39275f, 0.17614f, -0.57964f, 0.43887f, 0.11399f, -0.55982f,
};

static const float lr_W2[24] = {
    0.44560f, 0.16277f, -0.49078f, -0.02658f, 0.49815f, -0.11166f,
    -0.46716f, 0.24130f, 0.40020f, -0.35236f, -0.30242f, 0.43629f,
    0.18134f, -0.48661f, -0.04630f, 0.49946f, -0.09230f, -0.47385f,
    0.22380f, 0.41174f, -0.33806f, -0.31793f, 0.42629f, 0.19963f,
};

static const float lr_U1[16] = {
    0.31333f, -0.12901f, -0.09632f, 0.29103f, -0.39322f, 0.37039f,
    -0.22981f, 0.01617f, 0.20261f, -0.35698f, 0.39786f, -0.31225f,
    0.12737f, 0.09800f, -0.29222f, 0.39353f,
};

static const float lr_U2[16] = {
    0.33557f, 0.00522f, -0.32853f, -0.44865f, -0.27703f, 0.07472f,
    0.37789f, 0.43533f, 0.20971f, -0.15228f, -0.41525f, -0.40820f,
    -0.13572f, 0.22501f, 0.43943f, 0.36811f,
};

static const float lr_Bg[8] = {
    0.19327f, 0.15465f, -0.29326f, 0.03496f, 0.27065f, -0.20996f,
    -0.13489f, 0.29718f,
};

static const float lr_Bh[8] = {
    0.18926f, -0.01167f, -0.19551f, -0.09292f, 0.14579f, 0.17092f,
    -0.05435f, -0.20000f,
};

static const float lr_input[48] = {
    0.10982f, 0.84076f, 1.09737f, 0.73486f, -0.04224f, -0.79551f,
    -1.09997f, -0.78385f, -0.02550f, 0.74724f, 1.09840f, 0.82987f,
    0.09314f, -0.69613f, -1.09266f, -0.87274f, -0.16043f, 0.64238f,
    1.08278f, 0.91230f, 0.22711f, -0.58620f, -1.06880f, -0.94840f,
    1.05488f, 0.80373f, 0.45206f, 0.02923f, -0.42945f, -0.88567f,
    -1.30132f, -1.64171f, -1.87840f, -1.99162f, -1.97192f, -1.82095f,
    -1.55131f, -1.18553f, -0.75414f, -0.29318f, 0.15887f, 0.56424f,
    0.88908f, 1.10627f, 1.19767f, 1.15564f, 0.98370f, 0.69620f,
};

static const float fc_W[24] = {
    0.45171f, 0.77328f, 0.06520f, -0.72969f, -0.55298f, 0.36004f,
    0.79366f, 0.17050f, -0.67968f, -0.62485f, 0.26198f, 0.79998f,
    0.27279f, -0.61763f, -0.68566f, 0.15928f, 0.79213f, 0.37024f,
    -0.54464f, -0.73432f, 0.05377f, 0.77026f, 0.46113f, -0.46200f,
};

static const float fc_B[3] = {
    0.05000f, 0.00000f, -0.20000f,
};

static const float image[60] = {
    0.19867f, 0.66687f, 0.95209f, 0.97607f, 0.73223f, 0.28748f,
    -0.23616f, -0.69499f, -0.96313f, -0.96700f, -0.70554f, -0.25049f,
    0.27329f, 0.72209f, 0.97275f, 0.95651f, 0.67781f, 0.21313f,
    -0.31003f, -0.74812f, -0.98094f, -0.94460f, -0.64908f, -0.17546f,
    0.34630f, 0.77305f, 0.98767f, 0.93130f, 0.61939f, 0.13753f,
    -0.38207f, -0.79683f, -0.99296f, -0.91663f, -0.58879f, -0.09939f,
    0.41727f, 0.81945f, 0.99677f, 0.90060f, 0.55732f, 0.06111f,
    -0.45186f, -0.84085f, -0.99912f, -0.88325f, -0.52502f, -0.02274f,
    0.48578f, 0.86101f, 0.99999f, 0.86459f, 0.49196f, -0.01567f,
    -0.51899f, -0.87991f, -0.99939f, -0.84466f, -0.45816f, 0.05405f,
};

static const float r1_W[8] = {
    0.20686f, 0.68325f, -0.09658f, -0.69884f, -0.01623f, 0.69622f,
    0.12861f, -0.67546f,
};

static const float r1_U[16] = {
    0.34708f, -0.24325f, -0.05686f, 0.31109f, -0.31430f, 0.06391f,
    0.23805f, -0.34793f, 0.17707f, 0.13667f, -0.34013f, 0.26915f,
    0.01901f, -0.29182f, 0.32917f, -0.10091f,
};

static const float r1_Bg[4] = {
    0.07947f, 0.36830f, 0.33693f, 0.01263f,
};

static const float r1_Bh[4] = {
    0.12888f, -0.21911f, -0.11170f, 0.22786f,
};

static const float r2_W[12] = {
    0.43041f, 0.57334f, 0.12014f, -0.45798f, -0.55991f, -0.07968f,
    0.48341f, 0.54386f, 0.03884f, -0.50657f, -0.52527f, 0.00218f,
};

static const float r2_U[9] = {
    0.11683f, -0.02649f, -0.06640f, 0.15290f, -0.22466f, 0.27480f,
    -0.29846f, 0.29339f, -0.26006f,
};

static const float r2_Bg[3] = {
    0.19271f, 0.12445f, -0.09561f,
};

static const float r2_Bh[3] = {
    0.07191f, 0.02561f, -0.11201f,
};

/* Expected results (tinyrnn::float). */
static const float expected_lr_hidden[16] = {
    1.121046692e-1f, -4.469833523e-2f, -2.115500569e-1f, -9.039940685e-2f,
    1.163693070e-1f, 1.212851703e-1f, -3.116018139e-2f, -1.745979488e-1f,
    1.283093169e-2f, -1.048866194e-2f, -9.818059951e-2f, -5.226171017e-2f,
    4.760148749e-2f, 6.090022251e-2f, -3.833042830e-2f, -8.210226893e-2f,
};
static const float expected_lr_scores[6] = {
    4.306302965e-2f, -2.256148010e-1f, 2.198267132e-1f, 3.060274199e-2f,
    -8.112096786e-2f, -3.214517236e-2f,
};
static const unsigned expected_lr_class[2] = { 2, 0 };
static const float expected_lr_backward[8] = {
    -2.256157994e-2f, -6.783098727e-2f, -1.079835072e-1f, -2.524363808e-2f,
    9.695501626e-2f, 4.222603887e-2f, -8.551164716e-2f, -1.070958152e-1f,
};
static const float expected_pool[12] = {
    -2.475729138e-1f, 1.503130794e-1f, 1.214498505e-1f, -2.519826591e-1f,
    1.449767053e-1f, 1.301192790e-1f, -1.539727300e-1f, 1.503188312e-1f,
    1.412648126e-3f, -8.032629639e-2f, -2.743410133e-2f, 8.715292066e-2f,
};

/* ------------------------------------------------------------------------ */

static int failures = 0;

static void check(int ok, const char* what) {
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

/* |got - want| <= 1e-6 * |want| for every element. */
static void check_close(const float* got, const float* want, unsigned n, const char* what) {
    for (unsigned i = 0; i < n; i++) {
        float tol = 1e-6f * fabsf(want[i]);
        if (!(fabsf(got[i] - want[i]) <= tol)) {
            printf("FAIL: %s[%u] = %.9g, expected %.9g\n", what, i, got[i], want[i]);
            failures++;
        }
    }
}

static void fastgrnn_lr_classifier(void) {
    float hiddenState[HIDDEN_DIMS] = { 0.0f };
    float classScores[NUM_CLASSES] = { 0.0f };

    /* EdgeML's structs point to non-const floats; the library only reads them. */
    FastGRNN_LR_Params params = {
        .mean = (float*)lr_mean,
        .stdDev = (float*)lr_stdDev,
        .W1 = (float*)lr_W1,
        .W2 = (float*)lr_W2,
        .wRank = WRANK,
        .U1 = (float*)lr_U1,
        .U2 = (float*)lr_U2,
        .uRank = URANK,
        .Bg = (float*)lr_Bg,
        .Bh = (float*)lr_Bh,
        .sigmoid_zeta = 0.46875f,
        .sigmoid_nu = 0.03125f
    };

    float preComp[HIDDEN_DIMS] = { 0.0f };
    float tempLRW[WRANK] = { 0.0f };
    float tempLRU[URANK] = { 0.0f };
    float normFeatures[INPUT_DIMS] = { 0.0f };
    FastGRNN_LR_Buffers buffers = {
        .preComp = preComp,
        .tempLRW = tempLRW,
        .tempLRU = tempLRU,
        .normFeatures = normFeatures
    };

    for (unsigned n = 0; n < NUM_EXAMPLES; ++n) {
        memset(hiddenState, 0, sizeof(float) * HIDDEN_DIMS);
        int rc = fastgrnn_lr(hiddenState, HIDDEN_DIMS,
                             lr_input + n * INPUT_DIMS * TIME_STEPS, INPUT_DIMS, TIME_STEPS,
                             &params, &buffers, 0, 1);
        check(rc == 0, "fastgrnn_lr returns 0");
        check_close(hiddenState, expected_lr_hidden + n * HIDDEN_DIMS, HIDDEN_DIMS, "fastgrnn_lr hiddenState");

        FC(fc_W, fc_B, hiddenState, HIDDEN_DIMS, classScores, NUM_CLASSES);
        check_close(classScores, expected_lr_scores + n * NUM_CLASSES, NUM_CLASSES, "FC classScores");

        unsigned predicted = argmax(classScores, NUM_CLASSES);
        printf("Example: %u  Predicted class: %u  Expected class: %u\n", n, predicted, expected_lr_class[n]);
        check(predicted == expected_lr_class[n], "argmax of the class scores");

        float probabilities[NUM_CLASSES];
        softmax(classScores, NUM_CLASSES, probabilities);
        float total = 0.0f;
        for (unsigned k = 0; k < NUM_CLASSES; k++) {
            total += probabilities[k];
        }
        check(fabsf(total - 1.0f) < 1e-6f, "softmax sums to 1");
        check(argmax(probabilities, NUM_CLASSES) == predicted, "softmax keeps the argmax");
    }

    /* Backward pass over the second example, without normalization, from a
       non-zero state. */
    for (unsigned k = 0; k < HIDDEN_DIMS; k++) {
        hiddenState[k] = 0.125f * (float)k - 0.5f;
    }
    int rc = fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input + INPUT_DIMS * TIME_STEPS,
                         INPUT_DIMS, TIME_STEPS, &params, &buffers, 1, 0);
    check(rc == 0, "backward fastgrnn_lr returns 0");
    check_close(hiddenState, expected_lr_backward, HIDDEN_DIMS, "backward fastgrnn_lr hiddenState");

    /* EdgeML's error codes for missing buffers, in EdgeML's order; the
       state is left as it was. */
    float before[HIDDEN_DIMS];
    memcpy(before, hiddenState, sizeof before);
    FastGRNN_LR_Buffers missing = buffers;
    missing.preComp = NULL;
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, &missing, 0, 1)
              == ERR_PRECOMP_NOT_INIT, "NULL preComp gives ERR_PRECOMP_NOT_INIT");
    missing = buffers;
    missing.tempLRW = NULL;
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, &missing, 0, 1)
              == ERR_TEMPLRW_NOT_INIT, "NULL tempLRW gives ERR_TEMPLRW_NOT_INIT");
    missing = buffers;
    missing.tempLRU = NULL;
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, &missing, 0, 1)
              == ERR_TEMPLRU_NOT_INIT, "NULL tempLRU gives ERR_TEMPLRU_NOT_INIT");
    missing = buffers;
    missing.normFeatures = NULL;
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, &missing, 0, 1)
              == ERR_NORMFEATURES_NOT_INIT, "NULL normFeatures gives ERR_NORMFEATURES_NOT_INIT");
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, 0, &params, &buffers, 0, 1) == 0,
          "zero steps returns 0");
    check(memcmp(before, hiddenState, sizeof before) == 0, "errors and zero steps leave the state unchanged");

    /* Outside EdgeML's defined domain: tinyrnn's own codes, never a crash. */
    check(fastgrnn_lr(NULL, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, &buffers, 0, 1)
              == TINYRNN_ERR_NULL, "NULL hiddenState gives TINYRNN_ERR_NULL");
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, NULL, &buffers, 0, 1)
              == TINYRNN_ERR_NULL, "NULL params gives TINYRNN_ERR_NULL");
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, NULL, 0, 1)
              == TINYRNN_ERR_NULL, "NULL buffers gives TINYRNN_ERR_NULL");
    FastGRNN_LR_Buffers aliased = buffers;
    aliased.preComp = hiddenState;
    check(fastgrnn_lr(hiddenState, HIDDEN_DIMS, lr_input, INPUT_DIMS, TIME_STEPS, &params, &aliased, 0, 1)
              == TINYRNN_ERR_ALIASING, "preComp == hiddenState gives TINYRNN_ERR_ALIASING");
    check(memcmp(before, hiddenState, sizeof before) == 0, "refused calls leave the state unchanged");
}

static void rnnpool_patch(void) {
    FastGRNN_Params rnn1_params = {
        .mean = NULL,
        .stdDev = NULL,
        .W = (float*)r1_W,
        .U = (float*)r1_U,
        .Bg = (float*)r1_Bg,
        .Bh = (float*)r1_Bh,
        .sigmoid_zeta = 0.75f,
        .sigmoid_nu = 0.0625f
    };
    FastGRNN_Params rnn2_params = {
        .mean = NULL,
        .stdDev = NULL,
        .W = (float*)r2_W,
        .U = (float*)r2_U,
        .Bg = (float*)r2_Bg,
        .Bh = (float*)r2_Bh,
        .sigmoid_zeta = 0.625f,
        .sigmoid_nu = 0.125f
    };

    float preComp1[HIDDEN_DIMS1];
    float normFeatures1[POOL_INPUT_DIMS];
    memset(preComp1, 0, sizeof(float) * HIDDEN_DIMS1);
    memset(normFeatures1, 0, sizeof(float) * POOL_INPUT_DIMS);
    FastGRNN_Buffers rnn1_buffers = {
        .preComp = preComp1,
        .normFeatures = normFeatures1
    };
    float preComp2[HIDDEN_DIMS2];
    float normFeatures2[HIDDEN_DIMS1];
    memset(preComp2, 0, sizeof(float) * HIDDEN_DIMS2);
    memset(normFeatures2, 0, sizeof(float) * HIDDEN_DIMS1);
    FastGRNN_Buffers rnn2_buffers = {
        .preComp = preComp2,
        .normFeatures = normFeatures2
    };

    float output_test[4 * HIDDEN_DIMS2];
    float buffer[HIDDEN_DIMS1 * PATCH_DIM];
    memset(output_test, 0, sizeof(float) * 4 * HIDDEN_DIMS2);
    memset(buffer, 0, sizeof(float) * HIDDEN_DIMS1 * PATCH_DIM);

    /* The 4x4 patch whose top-left pixel is at row 1, column 1 of the image. */
    const float* patch = image + (IMAGE_WIDTH * 1 + 1) * POOL_INPUT_DIMS;
    int rc = rnnpool_block(patch, POOL_INPUT_DIMS, PATCH_DIM, IMAGE_WIDTH,
                           fastgrnn, HIDDEN_DIMS1, (const void*)(&rnn1_params), (void*)(&rnn1_buffers),
                           fastgrnn, HIDDEN_DIMS2, (const void*)(&rnn2_params), (void*)(&rnn2_buffers),
                           output_test, buffer);
    check(rc == 0, "rnnpool_block returns 0");
    printf("Error: %f\n", l2squared(expected_pool, output_test, 4 * HIDDEN_DIMS2));
    check_close(output_test, expected_pool, 4 * HIDDEN_DIMS2, "rnnpool_block output");

    /* Any function with the rnn_t signature can be pooled. */
    rnn_t cell = fastgrnn;
    float output_again[4 * HIDDEN_DIMS2];
    rc = rnnpool_block(patch, POOL_INPUT_DIMS, PATCH_DIM, IMAGE_WIDTH,
                       cell, HIDDEN_DIMS1, &rnn1_params, &rnn1_buffers,
                       cell, HIDDEN_DIMS2, &rnn2_params, &rnn2_buffers,
                       output_again, buffer);
    check(rc == 0 && memcmp(output_again, output_test, sizeof output_test) == 0,
          "rnnpool_block through an rnn_t variable");

    /* tinyrnn's own codes where EdgeML would crash. */
    check(rnnpool_block(patch, POOL_INPUT_DIMS, PATCH_DIM, IMAGE_WIDTH,
                        NULL, HIDDEN_DIMS1, &rnn1_params, &rnn1_buffers,
                        fastgrnn, HIDDEN_DIMS2, &rnn2_params, &rnn2_buffers,
                        output_again, buffer) == TINYRNN_ERR_NULL, "NULL rnn1 gives TINYRNN_ERR_NULL");
    /* output inside buffer: EdgeML's C defines the result, tinyrnn computes it. */
    check(rnnpool_block(patch, POOL_INPUT_DIMS, PATCH_DIM, IMAGE_WIDTH,
                        fastgrnn, HIDDEN_DIMS1, &rnn1_params, &rnn1_buffers,
                        fastgrnn, HIDDEN_DIMS2, &rnn2_params, &rnn2_buffers,
                        buffer, buffer) == 0,
          "buffer == output is computed (returns 0)");
}

static void utilities(void) {
    float v[4] = { -1.5f, 0.0f, 2.0f, 8.0f };
    float w[4] = { 2.0f, 4.0f, -1.0f, 0.5f };
    float r[4];

    /* In place, as FastGRNN and FC call them. */
    v_add(2.0f, v, -1.0f, w, 4, v);
    check(v[0] == -5.0f && v[1] == -4.0f && v[2] == 5.0f && v[3] == 15.5f, "v_add in place");
    v_div(w, v, 4, v);
    check(v[0] == -2.5f && v[1] == -1.0f && v[2] == -5.0f && v[3] == 31.0f, "v_div divides vec2 by vec1");
    v_mult(v, w, 4, r);
    check(r[0] == -5.0f && r[3] == 15.5f, "v_mult");
    v_relu(v, 4, r);
    check(r[0] == 0.0f && r[3] == 31.0f, "v_relu");

    check(min(1.0f, 2.0f) == 1.0f && max(1.0f, 2.0f) == 2.0f, "min and max");
    check(tinyrnn_min(3.0f, -3.0f) == -3.0f && tinyrnn_max(3.0f, -3.0f) == 3.0f, "tinyrnn_min and tinyrnn_max");
    check(relu(-2.0f) == 0.0f && sigmoid(0.0f) == 0.5f && tanhyperbolic(0.0f) == 0.0f, "scalar activations");
    check(quantTanh(3.0f) == 1.0f && quantSigmoid(-3.0f) == 0.0f && quantSigmoid(0.0f) == 0.5f, "quantized activations");
    check(argmax(w, 4) == 1, "argmax");
    check(l2squared(w, w, 4) == 0.0f, "l2squared of equal vectors");

    float m[6] = { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f };
    float x[3] = { 1.0f, 0.5f, -1.0f };
    float y[2] = { 10.0f, 20.0f };
    matVec(m, x, 2, 3, 0.5f, 2.0f, y);
    check(y[0] == 3.0f && y[1] == 11.0f, "matVec with alpha and beta");

    /* Zero lengths do nothing, and may come with NULL pointers. */
    v_sigmoid(NULL, 0, NULL);
    softmax(NULL, 0, NULL);
    check(l2squared(NULL, NULL, 0) == 0.0f, "l2squared of nothing");
    check(argmax(NULL, 0) == 0, "argmax of nothing");
}

int main(void) {
    fastgrnn_lr_classifier();
    rnnpool_patch();
    utilities();
    if (failures != 0) {
        printf("test_float_fastgrnn: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_float_fastgrnn: all checks passed\n");
    return 0;
}
