/*
 * FastRNN (tinyrnn_fastrnn.h), float: h' = alpha * tanh(W x + U h + b) + beta * h.
 * Runs a sequence in one call, then again one step per call (as firmware
 * would, one sensor reading at a time) and checks both give the same state,
 * then runs it backward. (FastGRNN, the gated member, is EdgeML's own:
 * examples/fastgrnn_classifier.)
 */
#include <stddef.h>

#include "cell_example.h"
#include "tinyrnn_fastrnn.h"

static float W[HIDDEN_DIMS * INPUT_DIMS], U[HIDDEN_DIMS * HIDDEN_DIMS], B[HIDDEN_DIMS];
static float x[STEPS * INPUT_DIMS];
static float preComp1[HIDDEN_DIMS], preComp2[HIDDEN_DIMS], normFeatures[INPUT_DIMS];

int main(void) {
    example_fill(W, HIDDEN_DIMS * INPUT_DIMS, 8, 8);   /* [-0.5, 0.5) */
    example_fill(U, HIDDEN_DIMS * HIDDEN_DIMS, 8, 9);  /* [-0.25, 0.25) */
    example_fill(B, HIDDEN_DIMS, 6, 6);
    example_input(x);
    const FastRNN_Params params = {
        .mean = NULL, .stdDev = NULL,
        .W = {W, NULL, NULL, 0}, .U = {U, NULL, NULL, 0}, /* dense */
        .B = B, .alpha = 0.25f, .beta = 0.75f,
    };
    FastRNN_Buffers buffers = {
        .preComp1 = preComp1, .preComp2 = preComp2, .normFeatures = normFeatures,
    };

    out_str("tinyrnn example: FastRNN (float), 10 steps x 4 features, 8 hidden units\n");
    float h[HIDDEN_DIMS] = {0};
    int rc = tinyrnn_fastrnn(h, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, &params, &buffers, 0, 0);
    if (rc != 0) {
        return example_failed("tinyrnn_fastrnn", rc);
    }
    example_report("fastrnn", h, HIDDEN_DIMS);

    float streamed[HIDDEN_DIMS] = {0};
    for (unsigned t = 0; t < STEPS; t++) {
        rc = tinyrnn_fastrnn(streamed, HIDDEN_DIMS, &x[t * INPUT_DIMS], INPUT_DIMS, 1, &params, &buffers, 0, 0);
        if (rc != 0) {
            return example_failed("tinyrnn_fastrnn (one step)", rc);
        }
    }
    for (unsigned i = 0; i < HIDDEN_DIMS; i++) {
        if (streamed[i] != h[i]) {
            out_str("one step per call differs from the whole sequence\n");
            out_end();
            return 1;
        }
    }
    out_str("one step per call: same state\n");

    float back[HIDDEN_DIMS] = {0};
    rc = tinyrnn_fastrnn(back, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, &params, &buffers, /*backward=*/1, 0);
    if (rc != 0) {
        return example_failed("tinyrnn_fastrnn (backward)", rc);
    }
    example_report("fastrnn backward", back, HIDDEN_DIMS);
    out_end();
    return 0;
}
