/*
 * tinyrnn -- the tiny recurrent cells: the GRU family, a reset and an
 * update gate.
 *
 *   GRU (PyTorch nn.GRUCell's layout and equations, so a trained model's
 *   state_dict loads directly: weight_ih 3H x D and weight_hh 3H x H with
 *   rows r, z, n, bias_ih and bias_hh 3H):
 *     r = sigma(W_ir x + b_ir + W_hr h + b_hr)
 *     z = sigma(W_iz x + b_iz + W_hz h + b_hz)
 *     n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *     h' = (1 - z) * n + z * h                           (keep gate z)
 *   TinyEats GRU (Nyamukuru & Odame 2020, a GRU with eGRU's activations):
 *     r = s^(W_r x + U_r h + b_r), z = s^(W_z x + U_z h + b_z),
 *     c = s(W_h x + U_h (r * h) + b_h),  h' = (1 - z) * h + z * c  (write gate)
 *   with s(a) = a / (1 + |a|), s^(a) = (1 + s(a)) / 2; W = [W_r; W_z; W_h]
 *   (3H x D), U = [U_r; U_z] (2H x H), Uh (H x H), B = [b_r; b_z; b_h]. Its
 *   Q15 cell has int8 weights and biases (times the Q15 state).
 *
 * Conventions, buffers (B = 3) and return codes: tinyrnn_cells_common.h.
 */
#ifndef TINYRNN_GRU_H
#define TINYRNN_GRU_H

#include "tinyrnn_cells_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Float                                                                    */
/* ------------------------------------------------------------------------ */

/* Float GRU weights: PyTorch's state_dict arrays, dense or low rank. */
typedef struct GRU_Params {
    const float* mean;
    const float* stdDev;
    TinyRNN_Matrix weight_ih;
    TinyRNN_Matrix weight_hh;
    const float* bias_ih;
    const float* bias_hh;
} GRU_Params;
typedef TinyRNN_Buffers GRU_Buffers;

/* Float TinyEats GRU weights (preComp3 is needed). */
typedef struct TinyEats_Params {
    const float* mean;
    const float* stdDev;
    TinyRNN_Matrix W;
    TinyRNN_Matrix U;
    TinyRNN_Matrix Uh;
    const float* B;
} TinyEats_Params;
typedef TinyRNN_Buffers TinyEats_Buffers;

/*
 * Float cells, EdgeML's rnn_t signature. sigma is EdgeML's sigmoid, tanh is
 * computed in double; products are summed in double and rounded once.
 */
int tinyrnn_gru(float* const hiddenState, unsigned hiddenDims,
                const float* const input, unsigned inputDims, unsigned steps,
                const void* params, void* buffers, int backward, int normalize);
int tinyrnn_tinyeats(float* const hiddenState, unsigned hiddenDims,
                     const float* const input, unsigned inputDims, unsigned steps,
                     const void* params, void* buffers, int backward, int normalize);

/* ------------------------------------------------------------------------ */
/* Q15                                                                      */
/* ------------------------------------------------------------------------ */

/* Q15 GRU weights (dense, sparse or low rank). */
typedef struct Q15_GRU_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    TinyRNN_Q15_Matrix weight_ih;
    TinyRNN_Q15_Matrix weight_hh;
    const Q15_T* bias_ih;
    const Q15_T* bias_hh;
} Q15_GRU_Params;
typedef TinyRNN_Q15_Buffers Q15_GRU_Buffers;

/*
 * One step of the Q15 GRU (pC1, pC2 = preComp1, preComp2; x the
 * (normalised) input, normalised as q15_fastgrnn does; every call is
 * EdgeML's primitive of the build):
 *
 *   pC1 = W_ih . x     (3H rows; q15_m_mulvec: w, normFeaturesMVW, mVWOut;
 *                      low rank: then w2, tempLRW, mVW2Out; sparse:
 *                      q15_m_sparse_mulvec into a zeroed pC1)
 *   q15_v_add(pC1, bias_ih, 3H, pC1, pC1AddBih, bih, pC1AddBihOut, pC1AddBihDemote);
 *   pC2 = W_hh . h     (3H rows; u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
 *   q15_v_add(pC2, bias_hh, 3H, pC2, pC2AddBhh, bhh, pC2AddBhhOut, pC2AddBhhDemote);
 *   q15_v_add(pC1, pC2, 2H, pC1, pC1AddPC2, pC2AddPC1, pC1AddPC2Out, pC1AddPC2Demote);
 *   q15_v_sigmoid(pC1, 2H, pC1, div, add, sigmoidLimit, sigmoidScaleIn,
 *                 sigmoidScaleOut, useTableSigmoid);         r = pC1, z = pC1 + H
 *   q15_v_hadamard(pC1, pC2 + 2H, H, pC2 + 2H, resetHDPC2, pC2HDReset);
 *   q15_v_add(pC1 + 2H, pC2 + 2H, H, pC1 + 2H, pC1AddRPC2, rPC2AddPC1,
 *             pC1AddRPC2Out, pC1AddRPC2Demote);
 *   q15_v_tanh(pC1 + 2H, H, pC1 + 2H, tanhScaleIn, tanhScaleOut, useTableTanH);  n
 *   -- keep-gate mix with z = pC1 + H, K and C two H-value temporaries --
 *   q15_v_hadamard(z, h, H, K, gateHDHiddenState, hiddenStateHDGate);
 *   q15_v_scalar_sub(qOne, z, H, z, qOneScale, qOneSubGate, qOneSubGateOut);
 *   q15_v_hadamard(z, pC1 + 2H, H, C, qOneSubGateHDUpdate, updateHDQOneSubGate);
 *   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
 *             hiddenStateDemote);
 */
typedef struct Q15_GRU_Scales {
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
    SCALE_T pC1AddBih;
    SCALE_T bih;
    SCALE_T pC1AddBihOut;
    SCALE_T pC1AddBihDemote;
    SCALE_T pC2AddBhh;
    SCALE_T bhh;
    SCALE_T pC2AddBhhOut;
    SCALE_T pC2AddBhhDemote;
    SCALE_T pC1AddPC2;
    SCALE_T pC2AddPC1;
    SCALE_T pC1AddPC2Out;
    SCALE_T pC1AddPC2Demote;
    SCALE_T sigmoidScaleIn;
    SCALE_T sigmoidScaleOut;
    SCALE_T resetHDPC2;
    SCALE_T pC2HDReset;
    SCALE_T pC1AddRPC2;
    SCALE_T rPC2AddPC1;
    SCALE_T pC1AddRPC2Out;
    SCALE_T pC1AddRPC2Demote;
    SCALE_T tanhScaleIn;
    SCALE_T tanhScaleOut;
    SCALE_T gateHDHiddenState;
    SCALE_T hiddenStateHDGate;
    SCALE_T qOneScale;
    SCALE_T qOneSubGate;
    SCALE_T qOneSubGateOut;
    SCALE_T qOneSubGateHDUpdate;
    SCALE_T updateHDQOneSubGate;
    SCALE_T keptAddWritten;
    SCALE_T writtenAddKept;
    SCALE_T hiddenStateOut;
    SCALE_T hiddenStateDemote;
    Q15_T div;
    Q15_T add;
    Q15_T sigmoidLimit;
    Q15_T qOne;
    ITER_T useTableSigmoid;
    ITER_T useTableTanH;
} Q15_GRU_Scales;

/* Q15 TinyEats GRU weights: int8 (Q7_T) weights and biases, dense. */
typedef struct Q15_TinyEats_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    const Q7_T* W;
    const Q7_T* U;
    const Q7_T* Uh;
    const Q7_T* B;
} Q15_TinyEats_Params;
typedef TinyRNN_Q15_Buffers Q15_TinyEats_Buffers;

/*
 * One step of the Q15 TinyEats GRU. The int8 products (summed in 64 bits)
 * equal q15_m_mulvec over the weights widened to Q15_T:
 *
 *   pC1 = W . x        (3H rows; w, normFeaturesMVW, mVWOut)
 *   pC2 = U . h        (2H rows; u, hiddenStateMVU, mVUOut)
 *   q15_v_add(pC1, pC2, 2H, pC2, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
 *   Bq = q15_v_scale_up(B widened to Q15_T, 3H, Bq, biasScaleUp);
 *   q15_v_add(pC2, Bq, 2H, pC2, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
 *   q15_v_softsign(pC2, 2H, pC2, gateSoftsignScaleIn, gateSoftsignScaleOut);
 *   q15_v_scalar_add(qOne, pC2, 2H, pC2, qOneAddScale, qOneAddGateSoftsign,
 *                    qOneAddGateSoftsignOut);            r = pC2, z = pC2 + H
 *   q15_v_hadamard(pC2, h, H, pC3, resetHDHiddenState, hiddenStateHDReset);
 *   pC2 + 2H = Uh . pC3   (uh, resetHiddenStateMVUh, mVUhOut)
 *   q15_v_add(pC1 + 2H, pC2 + 2H, H, pC2 + 2H, mV1AddMV3, mV3AddMV1,
 *             mV1AddMV3Out, mV1AddMV3Demote);
 *   q15_v_add(pC2 + 2H, Bq + 2H, H, pC2 + 2H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
 *   q15_v_softsign(pC2 + 2H, H, pC2 + 2H, softsignScaleIn, softsignScaleOut);  c
 *   -- write-gate mix with g = z = pC2 + H, K and C H-value temporaries --
 *   q15_v_scalar_sub(qOne, g, H, K, qOneScale, qOneSubGate, qOneSubGateOut);
 *   q15_v_hadamard(K, h, H, K, qOneSubGateHDHiddenState, hiddenStateHDQOneSubGate);
 *   q15_v_hadamard(g, pC2 + 2H, H, C, gateHDUpdate, updateHDGate);
 *   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
 *             hiddenStateDemote);
 */
typedef struct Q15_TinyEats_Scales {
    SCALE_T input;
    SCALE_T mean;
    SCALE_T meanSub;
    SCALE_T stdDev;
    SCALE_T normFeaturesHDStdDev;
    SCALE_T w;
    SCALE_T normFeaturesMVW;
    SCALE_T mVWOut;
    SCALE_T u;
    SCALE_T hiddenStateMVU;
    SCALE_T mVUOut;
    SCALE_T uh;
    SCALE_T resetHiddenStateMVUh;
    SCALE_T mVUhOut;
    SCALE_T mV1AddMV2;
    SCALE_T mV2AddMV1;
    SCALE_T mV1AddMV2Out;
    SCALE_T mV1AddMV2Demote;
    SCALE_T biasScaleUp;
    SCALE_T pC1AddBg;
    SCALE_T bg;
    SCALE_T pC1AddBgOut;
    SCALE_T pC1AddBgDemote;
    SCALE_T gateSoftsignScaleIn;
    SCALE_T gateSoftsignScaleOut;
    SCALE_T qOneAddScale;
    SCALE_T qOneAddGateSoftsign;
    SCALE_T qOneAddGateSoftsignOut;
    SCALE_T resetHDHiddenState;
    SCALE_T hiddenStateHDReset;
    SCALE_T mV1AddMV3;
    SCALE_T mV3AddMV1;
    SCALE_T mV1AddMV3Out;
    SCALE_T mV1AddMV3Demote;
    SCALE_T pC1AddBh;
    SCALE_T bh;
    SCALE_T pC1AddBhOut;
    SCALE_T pC1AddBhDemote;
    SCALE_T softsignScaleIn;
    SCALE_T softsignScaleOut;
    SCALE_T qOneScale;
    SCALE_T qOneSubGate;
    SCALE_T qOneSubGateOut;
    SCALE_T qOneSubGateHDHiddenState;
    SCALE_T hiddenStateHDQOneSubGate;
    SCALE_T gateHDUpdate;
    SCALE_T updateHDGate;
    SCALE_T keptAddWritten;
    SCALE_T writtenAddKept;
    SCALE_T hiddenStateOut;
    SCALE_T hiddenStateDemote;
    Q15_T qOne;
} Q15_TinyEats_Scales;

/* The Q15 cells with the q15_rnn_t signature, one symbol per build. */
int tinyrnn_q15_gru_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                        ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                        const void* scales, int backward, int normalize);
int tinyrnn_q15_gru_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                          ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                          const void* scales, int backward, int normalize);
int tinyrnn_q15_tinyeats_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                             ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                             const void* scales, int backward, int normalize);
int tinyrnn_q15_tinyeats_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                               ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                               const void* scales, int backward, int normalize);

#ifdef SHIFT
#define q15_gru tinyrnn_q15_gru_shift
#define q15_tinyeats tinyrnn_q15_tinyeats_shift
#else
#define q15_gru tinyrnn_q15_gru_div
#define q15_tinyeats tinyrnn_q15_tinyeats_div
#endif /* SHIFT */

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_GRU_H */
