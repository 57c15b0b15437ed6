/*
 * Return codes of the int-returning functions.
 *
 * EdgeML's codes for a missing scratch buffer (checked in EdgeML's order,
 * before anything is computed), and tinyrnn's own codes for inputs on which
 * EdgeML is undefined (NULL structs and weights, overlapping buffers, a
 * sparse row number beyond hiddenDims, a NULL RNN). On every error the
 * hidden state must come back untouched.
 */
#include <string.h>

#include "tinyrnn.h"
#include "check.h"

#define HD 4
#define ID 2
#define STEPS 2

static const Q15_T input[STEPS * ID] = {1200, -800, 300, 4000};
static const Q15_T mean[STEPS * ID] = {100, 200, 300, 400};
static const Q15_T stdDev[STEPS * ID] = {2, 2, 2, 2};
static const Q7_T input7[STEPS * ID] = {12, -8, 3, 40};
static const Q7_T mean7[STEPS * ID] = {1, 2, 3, 4};
static const Q7_T stdDev7[STEPS * ID] = {2, 2, 2, 2};
static const Q15_T W[HD * ID] = {100, -200, 300, -400, 500, -600, 700, -800};
static const Q15_T U[HD * HD] = {10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 30, 0, 0, 0, 0, 40};
/* The same matrices in the sparse encoding (W is dense, U diagonal). */
static const ITER_T Wids[2 * (HD + 1)] = {1, 2, 3, 4, 0, 1, 2, 3, 4, 0};
static const Q15_T Wvals[2 * HD] = {100, 300, 500, 700, -200, -400, -600, -800};
static const ITER_T Uids[2 * HD] = {1, 0, 2, 0, 3, 0, 4, 0};
static const Q15_T Uvals[HD] = {10, 20, 30, 40};
/* A column that names row 5 of a 4-row matrix. */
static const ITER_T Uids_bad[2 * HD] = {1, 0, 2, 0, 5, 0, 4, 0};
static const Q15_T Bg[HD] = {1000, 2000, 3000, 4000};
static const Q15_T Bh[HD] = {-1000, 0, 1000, 2000};
static const Q15_T W1[2 * ID] = {100, 200, 300, 400};
static const Q15_T W2[HD * 2] = {1, 2, 3, 4, 5, 6, 7, 8};
static const Q15_T U1[2 * HD] = {1, 2, 3, 4, 5, 6, 7, 8};
static const Q15_T U2[HD * 2] = {8, 7, 6, 5, 4, 3, 2, 1};
static const Q15_T hidden_init[HD] = {1, 2, 3, 4};

#ifdef SHIFT
#define ONE 0
#else
#define ONE 1
#endif

/* Plausible scales; their values do not matter for the return codes. */
static const Q15_FastGRNN_Scales scales = {
    .input = ONE, .mean = ONE, .meanSub = ONE, .stdDev = ONE, .normFeaturesHDStdDev = ONE,
    .w = ONE, .normFeaturesMVW = ONE, .mVWOut = ONE, .u = ONE, .hiddenStateMVU = ONE, .mVUOut = ONE,
    .mV1AddMV2 = ONE, .mV2AddMV1 = ONE, .mV1AddMV2Out = ONE, .mV1AddMV2Demote = ONE,
    .pC1AddBg = ONE, .bg = ONE, .pC1AddBgOut = ONE, .pC1AddBgDemote = ONE,
    .sigmoidScaleIn = 11, .sigmoidScaleOut = 14,
    .pC1AddBh = ONE, .bh = ONE, .pC1AddBhOut = ONE, .pC1AddBhDemote = ONE,
    .tanhScaleIn = 11, .tanhScaleOut = 11,
    .gateHDHiddenState = ONE, .hiddenStateHDGate = ONE, .qOneScale = ONE, .qOneSubGate = ONE,
    .qOneSubGateOut = ONE, .sigmoidZeta = ONE, .sigmoidZetaMulQOneSubGate = ONE, .sigmoidNu = ONE,
    .sigmoidNuAddQOneSubGate = ONE, .sigmoidNuAddQOneSubGateOut = ONE, .sigmoidNuAddQOneSubGateHDUpdate = ONE,
    .updateHDSigmoidNuAddQOneSubGate = ONE, .pC3AddPC1 = ONE, .pC1AddPC3 = ONE, .hiddenStateOut = ONE,
    .hiddenStateDemote = ONE,
    .div = 2, .add = 1024, .sigmoidLimit = 2048, .qOne = 16384, .useTableSigmoid = 1, .useTableTanH = 1,
};

static const Q15_FastGRNN_LR_Scales lr_scales = {
    .input = ONE, .mean = ONE, .meanSub = ONE, .stdDev = ONE, .normFeaturesHDStdDev = ONE,
    .w1 = ONE, .normFeaturesMVW1 = ONE, .mVW1Out = ONE, .w2 = ONE, .tempLRW = ONE, .mVW2Out = ONE,
    .u1 = ONE, .hiddenStateMVU1 = ONE, .mVU1Out = ONE, .u2 = ONE, .tempLRU = ONE, .mVU2Out = ONE,
    .mV2AddMV4 = ONE, .mV4AddMV2 = ONE, .mV2AddMV4Out = ONE, .mV2AddMV4Demote = ONE,
    .pC1AddBg = ONE, .bg = ONE, .pC1AddBgOut = ONE, .pC1AddBgDemote = ONE,
    .sigmoidScaleIn = 11, .sigmoidScaleOut = 14,
    .pC1AddBh = ONE, .bh = ONE, .pC1AddBhOut = ONE, .pC1AddBhDemote = ONE,
    .tanhScaleIn = 11, .tanhScaleOut = 11,
    .gateHDHiddenState = ONE, .hiddenStateHDGate = ONE, .qOneScale = ONE, .qOneSubGate = ONE,
    .qOneSubGateOut = ONE, .sigmoidZeta = ONE, .sigmoidZetaMulQOneSubGate = ONE, .sigmoidNu = ONE,
    .sigmoidNuAddQOneSubGate = ONE, .sigmoidNuAddQOneSubGateOut = ONE, .sigmoidNuAddQOneSubGateHDUpdate = ONE,
    .updateHDSigmoidNuAddQOneSubGate = ONE, .pC3AddPC1 = ONE, .pC1AddPC3 = ONE, .hiddenStateOut = ONE,
    .hiddenStateDemote = ONE,
    .sigmoidLimit = 2048, .div = 2, .add = 1024, .qOne = 16384, .useTableSigmoid = 1, .useTableTanH = 1,
};

static Q15_T pc1[HD], pc2[HD], pc3[HD], tlrw[2], tlru[2], nf[ID];
static Q7_T nf7[ID];

/* Runs q15_fastgrnn and checks its code and that a failing call left the
   hidden state alone. */
static int expect_q15(const char *what, const Q15_FastGRNN_Params *params, Q15_FastGRNN_Buffers *buffers,
                      const Q15_FastGRNN_Scales *sc, Q15_T *state, int want) {
    Q15_T saved[HD];
    int rc, fails;
    memcpy(state, hidden_init, sizeof(hidden_init));
    memcpy(saved, state, sizeof(saved));
    rc = q15_fastgrnn(state, HD, input, ID, STEPS, params, buffers, sc, 0, 1);
    fails = check_int(what, rc, want);
    if (want != 0) {
        fails += check_q15(what, state, saved, HD);
    }
    return fails;
}

static int test_q15_fastgrnn(void) {
    int fails = 0;
    Q15_T state[HD + 1];
    Q15_FastGRNN_Params params = {
        .mean = mean, .stdDev = stdDev,
        .W = W, .U = U, .Wids = Wids, .Wvals = Wvals, .Uids = Uids, .Uvals = Uvals,
        .Bg = Bg, .Bh = Bh, .sigmoid_zeta = 16384, .sigmoid_nu = 0,
    };
    Q15_FastGRNN_Params bad = params;
    Q15_FastGRNN_Buffers ok = {.preComp1 = pc1, .preComp2 = pc2, .preComp3 = pc3, .normFeatures = nf};
    Q15_FastGRNN_Buffers b;

    fails += expect_q15("q15_fastgrnn with every buffer", &params, &ok, &scales, state, 0);

    /* EdgeML's codes, one missing buffer at a time. */
    b = ok; b.preComp1 = NULL;
    fails += expect_q15("q15_fastgrnn without preComp1", &params, &b, &scales, state, ERR_PRECOMP_NOT_INIT);
    b = ok; b.preComp2 = NULL;
    fails += expect_q15("q15_fastgrnn without preComp2", &params, &b, &scales, state, ERR_PRECOMP_NOT_INIT);
    b = ok; b.preComp3 = NULL;
    fails += expect_q15("q15_fastgrnn without preComp3", &params, &b, &scales, state, ERR_PRECOMP_NOT_INIT);
    b = ok; b.normFeatures = NULL;
    fails += expect_q15("q15_fastgrnn without normFeatures", &params, &b, &scales, state, ERR_NORMFEATURES_NOT_INIT);
    /* The preComp check comes first. */
    b = ok; b.normFeatures = NULL; b.preComp3 = NULL;
    fails += expect_q15("q15_fastgrnn without preComp3 and normFeatures", &params, &b, &scales, state,
                        ERR_PRECOMP_NOT_INIT);

    /* tinyrnn's codes where EdgeML would dereference NULL. */
    fails += expect_q15("q15_fastgrnn with NULL buffers struct", &params, NULL, &scales, state, TINYRNN_ERR_NULL);
    fails += expect_q15("q15_fastgrnn with NULL params", NULL, &ok, &scales, state, TINYRNN_ERR_NULL);
    fails += expect_q15("q15_fastgrnn with NULL scales", &params, &ok, NULL, state, TINYRNN_ERR_NULL);
    bad = params; bad.mean = NULL;
    fails += expect_q15("q15_fastgrnn normalising without mean", &bad, &ok, &scales, state, TINYRNN_ERR_NULL);
    bad = params; bad.Bg = NULL;
    fails += expect_q15("q15_fastgrnn without Bg", &bad, &ok, &scales, state, TINYRNN_ERR_NULL);
    /* The params struct holds both storages; only the build's is read. */
#ifdef SPARSE
    bad = params; bad.Uids = NULL;
    fails += expect_q15("q15_fastgrnn without Uids", &bad, &ok, &scales, state, TINYRNN_ERR_NULL);
    bad = params; bad.Uids = Uids_bad;
    fails += expect_q15("q15_fastgrnn with row 5 of 4", &bad, &ok, &scales, state, TINYRNN_ERR_LENGTH);
    bad = params; bad.W = NULL; bad.U = NULL;
    fails += expect_q15("q15_fastgrnn (sparse) without dense W, U", &bad, &ok, &scales, state, 0);
#else
    bad = params; bad.W = NULL;
    fails += expect_q15("q15_fastgrnn without W", &bad, &ok, &scales, state, TINYRNN_ERR_NULL);
    bad = params; bad.Uids = Uids_bad; bad.Wids = NULL;
    fails += expect_q15("q15_fastgrnn (dense) with bad Uids, no Wids", &bad, &ok, &scales, state, 0);
#endif

    /* Shared buffers are computed in EdgeML's order of loads and stores
     * (docs/contract.md). With normFeatures == preComp2 the features are
     * consumed before preComp2 is written, so the dense build gives the
     * state of separate buffers; the SPARSE build clears preComp2 (and so
     * the features) before the products, as EdgeML does. */
    {
        Q15_T separate[HD], shared[HD];
        int i, rc1, rc2;
        for (i = 0; i < HD; i++) {
            separate[i] = shared[i] = hidden_init[i];
        }
        rc1 = q15_fastgrnn(separate, HD, input, ID, STEPS, &params, &ok, &scales, 0, 1);
        b = ok; b.normFeatures = pc2;
        rc2 = q15_fastgrnn(shared, HD, input, ID, STEPS, &params, &b, &scales, 0, 1);
        fails += check_int("q15_fastgrnn with normFeatures == preComp2", rc2, 0);
        fails += check_int("q15_fastgrnn with separate buffers", rc1, 0);
#ifndef SPARSE
        for (i = 0; i < HD; i++) {
            fails += check_int("q15_fastgrnn with normFeatures == preComp2: state as with separate buffers",
                               shared[i], separate[i]);
        }
#endif
    }
    return fails;
}

static int test_q7_fastgrnn(void) {
    int fails = 0;
    Q15_T state[HD];
    Q7xQ15_FastGRNN_Params params = {
        .mean = mean7, .stdDev = stdDev7,
        .W = W, .U = U, .Wids = Wids, .Wvals = Wvals, .Uids = Uids, .Uvals = Uvals,
        .Bg = Bg, .Bh = Bh, .sigmoid_zeta = 16384, .sigmoid_nu = 0,
    };
    Q7xQ15_FastGRNN_Buffers ok = {.preComp1 = pc1, .preComp2 = pc2, .preComp3 = pc3, .normFeatures = nf7};
    Q7xQ15_FastGRNN_Buffers b;
    int i;
    static const int want[5] = {0, ERR_PRECOMP_NOT_INIT, ERR_PRECOMP_NOT_INIT, ERR_PRECOMP_NOT_INIT,
                                ERR_NORMFEATURES_NOT_INIT};

    for (i = 0; i < 5; i++) {
        int rc;
        b = ok;
        if (i == 1) b.preComp1 = NULL;
        if (i == 2) b.preComp2 = NULL;
        if (i == 3) b.preComp3 = NULL;
        if (i == 4) b.normFeatures = NULL;
        memcpy(state, hidden_init, sizeof(state));
        rc = q7xq15_q15_fastgrnn(state, HD, input7, ID, STEPS, &params, &b, &scales, 1, 1);
        fails += check_int("q7xq15_q15_fastgrnn missing buffer", rc, want[i]);
        if (want[i] != 0) {
            fails += check_q15("q7xq15_q15_fastgrnn state after error", state, hidden_init, HD);
        }
    }
    /* A Q7 buffer over a Q15 one: the result would depend on byte order. */
    b = ok; b.normFeatures = (Q7_T *)pc1;
    memcpy(state, hidden_init, sizeof(state));
    fails += check_int("q7xq15_q15_fastgrnn with Q7 normFeatures over preComp1",
                       q7xq15_q15_fastgrnn(state, HD, input7, ID, STEPS, &params, &b, &scales, 1, 1), TINYRNN_ERR_ALIASING);
    fails += check_q15("q7xq15_q15_fastgrnn state after a mixed-type overlap", state, hidden_init, HD);
    return fails;
}

static int test_lr(void) {
    int fails = 0;
    Q15_T state[HD];
    Q15_FastGRNN_LR_Params params = {
        .mean = mean, .stdDev = stdDev, .W1 = W1, .W2 = W2, .wRank = 2, .U1 = U1, .U2 = U2, .uRank = 2,
        .Bg = Bg, .Bh = Bh, .sigmoid_zeta = 16384, .sigmoid_nu = 0,
    };
    Q15_FastGRNN_LR_Buffers ok = {.preComp1 = pc1, .preComp2 = pc2, .preComp3 = pc3, .tempLRW = tlrw,
                                  .tempLRU = tlru, .normFeatures = nf};
    Q15_FastGRNN_LR_Buffers b;
    int i;
    /* Buffer i (in field order) missing, then the code EdgeML returns. */
    static const int want[7] = {0, ERR_PRECOMP_NOT_INIT, ERR_PRECOMP_NOT_INIT, ERR_PRECOMP_NOT_INIT,
                                ERR_TEMPLRW_NOT_INIT, ERR_TEMPLRU_NOT_INIT, ERR_NORMFEATURES_NOT_INIT};

    for (i = 0; i < 7; i++) {
        int rc;
        b = ok;
        if (i == 1) b.preComp1 = NULL;
        if (i == 2) b.preComp2 = NULL;
        if (i == 3) b.preComp3 = NULL;
        if (i == 4) b.tempLRW = NULL;
        if (i == 5) b.tempLRU = NULL;
        if (i == 6) b.normFeatures = NULL;
        memcpy(state, hidden_init, sizeof(state));
        rc = q15_fastgrnn_lr(state, HD, input, ID, STEPS, &params, &b, &lr_scales, 0, 1);
        fails += check_int("q15_fastgrnn_lr missing buffer", rc, want[i]);
        if (want[i] != 0) {
            fails += check_q15("q15_fastgrnn_lr state after error", state, hidden_init, HD);
        }
    }
    /* Several missing: EdgeML's order decides. */
    b = ok; b.tempLRU = NULL; b.normFeatures = NULL;
    fails += check_int("q15_fastgrnn_lr without tempLRU and normFeatures",
                       q15_fastgrnn_lr(state, HD, input, ID, STEPS, &params, &b, &lr_scales, 0, 1),
                       ERR_TEMPLRU_NOT_INIT);
    b = ok; b.tempLRW = NULL; b.preComp2 = NULL;
    fails += check_int("q15_fastgrnn_lr without preComp2 and tempLRW",
                       q15_fastgrnn_lr(state, HD, input, ID, STEPS, &params, &b, &lr_scales, 0, 1),
                       ERR_PRECOMP_NOT_INIT);
    return fails;
}

static int test_rnnpool(void) {
    int fails = 0;
    static const Q15_T patch[2 * 2 * ID] = {1, 2, 3, 4, 5, 6, 7, 8};
    Q15_T output[4 * HD], buffer[HD * 2];
    Q15_FastGRNN_Params p1 = {
        .W = W, .U = U, .Wids = Wids, .Wvals = Wvals, .Uids = Uids, .Uvals = Uvals,
        .Bg = Bg, .Bh = Bh, .sigmoid_zeta = 16384, .sigmoid_nu = 0,
    };
    Q15_FastGRNN_Params p2 = p1;
    Q15_T pc1b[HD], pc2b[HD], pc3b[HD], nfb[HD];
    Q15_FastGRNN_Buffers b1 = {.preComp1 = pc1, .preComp2 = pc2, .preComp3 = pc3, .normFeatures = nf};
    Q15_FastGRNN_Buffers b2 = {.preComp1 = pc1b, .preComp2 = pc2b, .preComp3 = pc3b, .normFeatures = nfb};
    /* rnn2 reads hiddenDims1 = HD features: its W is HD x HD, like U. */
    p2.W = U;
    p2.Wids = Uids;
    p2.Wvals = Uvals;

    fails += check_int("q15_rnnpool_block", q15_rnnpool_block(patch, ID, 2, 1, q15_fastgrnn, HD, &p1, &b1, &scales,
                       q15_fastgrnn, HD, &p2, &b2, &scales, output, buffer, ONE, ONE, ONE, ONE), 0);
    fails += check_int("q15_rnnpool_block with a NULL rnn1",
                       q15_rnnpool_block(patch, ID, 2, 1, NULL, HD, &p1, &b1, &scales, q15_fastgrnn, HD, &p2, &b2,
                                         &scales, output, buffer, ONE, ONE, ONE, ONE),
                       TINYRNN_ERR_NULL);
    fails += check_int("q15_rnnpool_block with a NULL rnn2",
                       q15_rnnpool_block(patch, ID, 2, 1, q15_fastgrnn, HD, &p1, &b1, &scales, NULL, HD, &p2, &b2,
                                         &scales, output, buffer, ONE, ONE, ONE, ONE),
                       TINYRNN_ERR_NULL);
    /* Defined in EdgeML's C (its sequence of stores and loads): computed. */
    fails += check_int("q15_rnnpool_block with output over buffer",
                       q15_rnnpool_block(patch, ID, 2, 1, q15_fastgrnn, HD, &p1, &b1, &scales, q15_fastgrnn, HD, &p2,
                                         &b2, &scales, output, output + 1, ONE, ONE, ONE, ONE),
                       0);
    return fails;
}

int main(void) {
    int fails = test_q15_fastgrnn() + test_q7_fastgrnn() + test_lr() + test_rnnpool();
    if (fails) {
        printf("test_error_codes [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_error_codes [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
