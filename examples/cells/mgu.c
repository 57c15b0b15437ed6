/*
 * The MGU family (tinyrnn_mgu.h), float: MGU (W = [W_f; W_h] 2H x D, Uf and
 * Uh H x H, B 2H) and the hard wake-up MGU (no biases, clipped
 * activations, weights k/8 for k in -8..7: the values its 4-bit Q15 format
 * stores).
 */
#include <stddef.h>

#include "cell_example.h"
#include "tinyrnn_mgu.h"

#define H2 (2 * HIDDEN_DIMS)

static float W[H2 * INPUT_DIMS], Uf[HIDDEN_DIMS * HIDDEN_DIMS], Uh[HIDDEN_DIMS * HIDDEN_DIMS], B[H2];
static float hW[H2 * INPUT_DIMS], hUf[HIDDEN_DIMS * HIDDEN_DIMS], hUh[HIDDEN_DIMS * HIDDEN_DIMS];
static float x[STEPS * INPUT_DIMS];
static float preComp1[H2], preComp2[H2], preComp3[HIDDEN_DIMS], normFeatures[INPUT_DIMS];

int main(void) {
    example_fill(W, H2 * INPUT_DIMS, 8, 8);
    example_fill(Uf, HIDDEN_DIMS * HIDDEN_DIMS, 8, 9);
    example_fill(Uh, HIDDEN_DIMS * HIDDEN_DIMS, 8, 9);
    example_fill(B, H2, 6, 6);
    example_fill(hW, H2 * INPUT_DIMS, 4, 3); /* k / 8, k in -8..7 */
    example_fill(hUf, HIDDEN_DIMS * HIDDEN_DIMS, 4, 3);
    example_fill(hUh, HIDDEN_DIMS * HIDDEN_DIMS, 4, 3);
    example_input(x);
    MGU_Buffers buffers = {
        .preComp1 = preComp1, .preComp2 = preComp2, .preComp3 = preComp3, .normFeatures = normFeatures,
    };

    out_str("tinyrnn example: the MGU family (float), 10 steps x 4 features, 8 hidden units\n");
    const MGU_Params mgu = {
        .mean = NULL, .stdDev = NULL, .W = {W, NULL, NULL, 0},
        .Uf = {Uf, NULL, NULL, 0}, .Uh = {Uh, NULL, NULL, 0}, .B = B,
    };
    float h[HIDDEN_DIMS] = {0};
    int rc = tinyrnn_mgu(h, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, &mgu, &buffers, 0, 0);
    if (rc != 0) {
        return example_failed("tinyrnn_mgu", rc);
    }
    example_report("mgu", h, HIDDEN_DIMS);

    const HardMGU_Params hard = {
        .mean = NULL, .stdDev = NULL, .W = {hW, NULL, NULL, 0},
        .Uf = {hUf, NULL, NULL, 0}, .Uh = {hUh, NULL, NULL, 0},
    };
    float hh[HIDDEN_DIMS] = {0};
    rc = tinyrnn_hard_mgu(hh, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, &hard, &buffers, 0, 0);
    if (rc != 0) {
        return example_failed("tinyrnn_hard_mgu", rc);
    }
    example_report("hard_mgu", hh, HIDDEN_DIMS);
    out_end();
    return 0;
}
