/*
 * The UGRNN family (tinyrnn_ugrnn.h), float: UGRNN, SiTGRU, Li-GRU and
 * eGRU over the same sequence. W = [W_z; W_h] (2H x D), U = [U_z; U_h]
 * (2H x H), B = [b_z; b_h] (2H); eGRU's weights are powers of two (0,
 * +-1/4, +-1/2, +-1), the values its 3-bit Q15 format stores.
 */
#include <stddef.h>

#include "cell_example.h"
#include "tinyrnn_ugrnn.h"

#define H2 (2 * HIDDEN_DIMS)

static float W[H2 * INPUT_DIMS], U[H2 * HIDDEN_DIMS], B[H2];
static float eW[H2 * INPUT_DIMS], eU[H2 * HIDDEN_DIMS], eB[H2];
static float x[STEPS * INPUT_DIMS];
static float preComp1[H2], preComp2[H2], normFeatures[INPUT_DIMS];

typedef int (*cell_fn)(float *const, unsigned, const float *const, unsigned, unsigned,
                       const void *, void *, int, int);

/* eGRU's weight values: the seven 3-bit codes. */
static void fill_pow2(float *v, unsigned n) {
    static const float values[8] = {1.0f, 0.5f, 0.25f, 0.0f, -1.0f, -0.5f, -0.25f, 0.0f};
    for (unsigned i = 0; i < n; i++) {
        v[i] = values[example_next() >> 29];
    }
}

static int run(const char *name, cell_fn cell, const UGRNN_Params *params) {
    UGRNN_Buffers buffers = {.preComp1 = preComp1, .preComp2 = preComp2, .normFeatures = normFeatures};
    float h[HIDDEN_DIMS] = {0};
    int rc = cell(h, HIDDEN_DIMS, x, INPUT_DIMS, STEPS, params, &buffers, 0, 0);
    if (rc != 0) {
        return example_failed(name, rc);
    }
    example_report(name, h, HIDDEN_DIMS);
    return 0;
}

int main(void) {
    example_fill(W, H2 * INPUT_DIMS, 8, 8);
    example_fill(U, H2 * HIDDEN_DIMS, 8, 9);
    example_fill(B, H2, 6, 6);
    fill_pow2(eW, H2 * INPUT_DIMS);
    fill_pow2(eU, H2 * HIDDEN_DIMS);
    fill_pow2(eB, H2);
    example_input(x);
    const UGRNN_Params params = {
        .mean = NULL, .stdDev = NULL, .W = {W, NULL, NULL, 0}, .U = {U, NULL, NULL, 0}, .B = B,
    };
    const EGRU_Params egru = {
        .mean = NULL, .stdDev = NULL, .W = {eW, NULL, NULL, 0}, .U = {eU, NULL, NULL, 0}, .B = eB,
    };

    out_str("tinyrnn example: the UGRNN family (float), 10 steps x 4 features, 8 hidden units\n");
    int rc = run("ugrnn", tinyrnn_ugrnn, &params);
    rc = rc ? rc : run("sitgru", tinyrnn_sitgru, &params);
    rc = rc ? rc : run("ligru", tinyrnn_ligru, &params);
    rc = rc ? rc : run("egru", tinyrnn_egru, &egru);
    out_end();
    return rc;
}
