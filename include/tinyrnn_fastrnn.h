/*
 * tinyrnn -- the tiny recurrent cells: the FastRNN family.
 *
 * FastRNN (Kusupati et al. 2018, eq. 2):
 *   h' = alpha * tanh(W x + U h + b) + beta * h     (alpha, beta scalars)
 * FastGRNN, the gated member, is EdgeML's own: fastgrnn.h (float) and
 * quantized_fastgrnn.h (Q15); tinyrnn's Rust API calibrates it
 * (tinyrnn::cells::calibrate::fastgrnn).
 *
 * Conventions, buffers and return codes: tinyrnn_cells_common.h.
 */
#ifndef TINYRNN_FASTRNN_H
#define TINYRNN_FASTRNN_H

#include "tinyrnn_cells_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* FastRNN weights: W (H x D), U (H x H), B (H), dense or low rank. */
typedef struct FastRNN_Params {
    const float* mean;
    const float* stdDev;
    TinyRNN_Matrix W;
    TinyRNN_Matrix U;
    const float* B;
    float alpha;
    float beta;
} FastRNN_Params;
typedef TinyRNN_Buffers FastRNN_Buffers;

/*
 * Float FastRNN, EdgeML's rnn_t signature. params: const FastRNN_Params*,
 * buffers: FastRNN_Buffers* (B = 1). Products are summed in double and
 * rounded once; tanh is computed in double (as EdgeML's fastgrnn).
 */
int tinyrnn_fastrnn(float* const hiddenState, unsigned hiddenDims,
                    const float* const input, unsigned inputDims, unsigned steps,
                    const void* params, void* buffers, int backward, int normalize);

/* Q15 FastRNN weights; alpha, beta in Q15 (scaled like their scales say). */
typedef struct Q15_FastRNN_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    TinyRNN_Q15_Matrix W;
    TinyRNN_Q15_Matrix U;
    const Q15_T* B;
    Q15_T alpha;
    Q15_T beta;
} Q15_FastRNN_Params;
typedef TinyRNN_Q15_Buffers Q15_FastRNN_Buffers;

/*
 * Q15 FastRNN scales. One step (pC1, pC2 = preComp1, preComp2; x the
 * (normalised) input; every call is EdgeML's primitive of the build):
 *
 *   pC1 = W . x                              (q15_m_mulvec: w, normFeaturesMVW, mVWOut;
 *                                             low rank: then w2, tempLRW, mVW2Out)
 *   pC2 = U . h                              (u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
 *   q15_v_add(pC1, pC2, H, pC1, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
 *   q15_v_add(pC1, B, H, pC1, pC1AddB, b, pC1AddBOut, pC1AddBDemote);
 *   q15_v_tanh(pC1, H, pC1, tanhScaleIn, tanhScaleOut, useTableTanH);
 *   q15_v_scalar_mul(alpha, pC1, H, pC1, alpha, alphaMulUpdate);
 *   q15_v_scalar_mul(beta, h, H, pC2, beta, betaMulHiddenState);
 *   q15_v_add(pC1, pC2, H, h, updateAddHiddenState, hiddenStateAddUpdate,
 *             hiddenStateOut, hiddenStateDemote);
 *
 * Normalisation (normalize != 0), as q15_fastgrnn:
 *   q15_v_sub(x_t, mean_t, D, nf, input, mean, meanSub);
 *   q15_v_hadamard(stdDev_t, nf, D, nf, stdDev, normFeaturesHDStdDev);
 */
typedef struct Q15_FastRNN_Scales {
    SCALE_T input;
    SCALE_T mean;
    SCALE_T meanSub;
    SCALE_T stdDev;
    SCALE_T normFeaturesHDStdDev;
    SCALE_T w;
    SCALE_T normFeaturesMVW;
    SCALE_T mVWOut;
    SCALE_T w2;
    SCALE_T tempLRW;
    SCALE_T mVW2Out;
    SCALE_T u;
    SCALE_T hiddenStateMVU;
    SCALE_T mVUOut;
    SCALE_T u2;
    SCALE_T tempLRU;
    SCALE_T mVU2Out;
    SCALE_T mV1AddMV2;
    SCALE_T mV2AddMV1;
    SCALE_T mV1AddMV2Out;
    SCALE_T mV1AddMV2Demote;
    SCALE_T pC1AddB;
    SCALE_T b;
    SCALE_T pC1AddBOut;
    SCALE_T pC1AddBDemote;
    SCALE_T tanhScaleIn;
    SCALE_T tanhScaleOut;
    SCALE_T alpha;
    SCALE_T alphaMulUpdate;
    SCALE_T beta;
    SCALE_T betaMulHiddenState;
    SCALE_T updateAddHiddenState;
    SCALE_T hiddenStateAddUpdate;
    SCALE_T hiddenStateOut;
    SCALE_T hiddenStateDemote;
    ITER_T useTableTanH;
} Q15_FastRNN_Scales;

/* Q15 FastRNN with the q15_rnn_t signature, one symbol per build. */
int tinyrnn_q15_fastrnn_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                            ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                            const void* scales, int backward, int normalize);
int tinyrnn_q15_fastrnn_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                              ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                              const void* scales, int backward, int normalize);

#ifdef SHIFT
#define q15_fastrnn tinyrnn_q15_fastrnn_shift
#else
#define q15_fastrnn tinyrnn_q15_fastrnn_div
#endif /* SHIFT */

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_FASTRNN_H */
