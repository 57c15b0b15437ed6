/*
 * The GRU family (tinyrnn_gru.h), float: GRU with PyTorch nn.GRUCell's
 * layout (weight_ih 3H x D, weight_hh 3H x H, bias_ih and bias_hh 3H, rows
 * r, z, n: a state_dict's arrays go in as they are) and the TinyEats GRU
 * (W = [W_r; W_z; W_h] 3H x D, U = [U_r; U_z] 2H x H, Uh H x H, B 3H).
 */
#include <stddef.h>

#include "cell_example.h"
#include "tinyrnn_gru.h"

#define H3 (3 * HIDDEN_DIMS)

static float weight_ih[H3 * INPUT_DIMS], weight_hh[H3 * HIDDEN_DIMS], bias_ih[H3], bias_hh[H3];
static float tW[H3 * INPUT_DIMS], tU[2 * HIDDEN_DIMS * HIDDEN_DIMS], tUh[HIDDEN_DIMS * HIDDEN_DIMS], tB[H3];
static float x[STEPS * INPUT_DIMS];
static float preComp1[H3], preComp2[H3], preComp3[HIDDEN_DIMS], normFeatures[INPUT_DIMS];

int main(void) {
    example_fill(weight_ih, H3 * INPUT_DIMS, 8, 8);
    example_fill(weight_hh, H3 * HIDDEN_DIMS, 8, 9);
    example_fill(bias_ih, H3, 6, 6);
    example_fill(bias_hh, H3, 6, 6);
    example_fill(tW, H3 * INPUT_DIMS, 8, 8);
    example_fill(tU, 2 * HIDDEN_DIMS * HIDDEN_DIMS, 8, 9);
    example_fill(tUh, HIDDEN_DIMS * HIDDEN_DIMS, 8, 9);
    example_fill(tB, H3, 6, 6);
    example_input(x);

    out_str("tinyrnn example: the GRU family (float), 10 steps x 4 features, 8 hidden units\n");
    const GRU_Params gru = {
        .mean = NULL, .stdDev = NULL,
        .weight_ih = {weight_ih, NULL, NULL, 0}, .weight_hh = {weight_hh, NULL, NULL, 0},
        .bias_ih = bias_ih, .bias_hh = bias_hh,
    };
    GRU_Buffers buffers = {.preComp1 = preComp1, .preComp2 = preComp2, .normFeatures = normFeatures};
    float h[HIDDEN_DIMS] = {0};
    int rc = tinyrnn_gru(h, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, &gru, &buffers, 0, 0);
    if (rc != 0) {
        return example_failed("tinyrnn_gru", rc);
    }
    example_report("gru", h, HIDDEN_DIMS);

    const TinyEats_Params tinyeats = {
        .mean = NULL, .stdDev = NULL,
        .W = {tW, NULL, NULL, 0}, .U = {tU, NULL, NULL, 0}, .Uh = {tUh, NULL, NULL, 0}, .B = tB,
    };
    TinyEats_Buffers tbuffers = {
        .preComp1 = preComp1, .preComp2 = preComp2, .preComp3 = preComp3, .normFeatures = normFeatures,
    };
    float th[HIDDEN_DIMS] = {0};
    rc = tinyrnn_tinyeats(th, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, &tinyeats, &tbuffers, 0, 0);
    if (rc != 0) {
        return example_failed("tinyrnn_tinyeats", rc);
    }
    example_report("tinyeats", th, HIDDEN_DIMS);
    out_end();
    return 0;
}
