/*
 * tinyrnn -- the tiny recurrent cells: the UGRNN family, one gate z and a
 * candidate, no reset gate. W = [W_z; W_h] (2H x D), U = [U_z; U_h]
 * (2H x H), B = [b_z; b_h] (2H).
 *
 *   UGRNN  (Collins et al. 2017):  z = sigma(W_z x + U_z h + b_z),
 *          c = tanh(W_h x + U_h h + b_h),           h' = z * h + (1 - z) * c
 *   SiTGRU (Fanta et al. 2020):    as UGRNN with c = sigma(...)
 *   Li-GRU (Ravanelli et al. 2018): as UGRNN with c = ReLU(...) (fold the
 *          batch norm of the W terms into W and b for inference)
 *   eGRU   (Amoh & Odame 2019):    z = s^(...), c = s(...), write gate:
 *          h' = (1 - z) * h + z * c, with s(a) = a / (1 + |a|) and
 *          s^(a) = (1 + s(a)) / 2; the Q15 cell stores every weight and bias
 *          as a 3-bit power of two.
 *
 * Conventions, buffers (B = 2) and return codes: tinyrnn_cells_common.h.
 */
#ifndef TINYRNN_UGRNN_H
#define TINYRNN_UGRNN_H

#include "tinyrnn_cells_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Float                                                                    */
/* ------------------------------------------------------------------------ */

/* Weights of the float UGRNN, SiTGRU, Li-GRU and eGRU (dense or low rank). */
typedef struct UGRNN_Params {
    const float* mean;
    const float* stdDev;
    TinyRNN_Matrix W;
    TinyRNN_Matrix U;
    const float* B;
} UGRNN_Params;
typedef UGRNN_Params SiTGRU_Params;
typedef UGRNN_Params LiGRU_Params;
typedef UGRNN_Params EGRU_Params;
typedef TinyRNN_Buffers UGRNN_Buffers;
typedef TinyRNN_Buffers SiTGRU_Buffers;
typedef TinyRNN_Buffers LiGRU_Buffers;
typedef TinyRNN_Buffers EGRU_Buffers;

/*
 * Float cells, EdgeML's rnn_t signature; params: const <Cell>_Params*,
 * buffers: <Cell>_Buffers*. sigma is EdgeML's sigmoid (1 / (1 + expf(-a))),
 * tanh is computed in double; products are summed in double and rounded
 * once. The float eGRU takes float weights (its Q15 twin takes the codes).
 */
int tinyrnn_ugrnn(float* const hiddenState, unsigned hiddenDims,
                  const float* const input, unsigned inputDims, unsigned steps,
                  const void* params, void* buffers, int backward, int normalize);
int tinyrnn_sitgru(float* const hiddenState, unsigned hiddenDims,
                   const float* const input, unsigned inputDims, unsigned steps,
                   const void* params, void* buffers, int backward, int normalize);
int tinyrnn_ligru(float* const hiddenState, unsigned hiddenDims,
                  const float* const input, unsigned inputDims, unsigned steps,
                  const void* params, void* buffers, int backward, int normalize);
int tinyrnn_egru(float* const hiddenState, unsigned hiddenDims,
                 const float* const input, unsigned inputDims, unsigned steps,
                 const void* params, void* buffers, int backward, int normalize);

/* ------------------------------------------------------------------------ */
/* Q15                                                                      */
/* ------------------------------------------------------------------------ */

/* Weights of the Q15 UGRNN, SiTGRU and Li-GRU (dense, sparse or low rank). */
typedef struct Q15_UGRNN_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    TinyRNN_Q15_Matrix W;
    TinyRNN_Q15_Matrix U;
    const Q15_T* B;
} Q15_UGRNN_Params;
typedef Q15_UGRNN_Params Q15_SiTGRU_Params;
typedef Q15_UGRNN_Params Q15_LiGRU_Params;
typedef TinyRNN_Q15_Buffers Q15_UGRNN_Buffers;
typedef TinyRNN_Q15_Buffers Q15_SiTGRU_Buffers;
typedef TinyRNN_Q15_Buffers Q15_LiGRU_Buffers;
typedef TinyRNN_Q15_Buffers Q15_EGRU_Buffers;

/*
 * One step of the Q15 UGRNN (pC1, pC2 = preComp1, preComp2; x the
 * (normalised) input, normalised as q15_fastgrnn does; every call is
 * EdgeML's primitive of the build):
 *
 *   pC1 = W . x        (2H rows; q15_m_mulvec: w, normFeaturesMVW, mVWOut;
 *                      low rank: then w2, tempLRW, mVW2Out; sparse:
 *                      q15_m_sparse_mulvec into a zeroed pC1)
 *   pC2 = U . h        (2H rows; u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
 *   q15_v_add(pC1, pC2, 2H, pC1, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
 *   q15_v_add(pC1, B, H, pC1, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
 *   q15_v_add(pC1 + H, B + H, H, pC1 + H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
 *   q15_v_sigmoid(pC1, H, pC1, div, add, sigmoidLimit, sigmoidScaleIn,
 *                 sigmoidScaleOut, useTableSigmoid);                      z
 *   q15_v_tanh(pC1 + H, H, pC1 + H, tanhScaleIn, tanhScaleOut, useTableTanH); c
 *   -- keep-gate mix, K and C two H-value temporaries --
 *   q15_v_hadamard(pC1, h, H, K, gateHDHiddenState, hiddenStateHDGate);
 *   q15_v_scalar_sub(qOne, pC1, H, pC1, qOneScale, qOneSubGate, qOneSubGateOut);
 *   q15_v_hadamard(pC1, pC1 + H, H, C, qOneSubGateHDUpdate, updateHDQOneSubGate);
 *   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
 *             hiddenStateDemote);
 *
 * SiTGRU: the candidate is q15_v_sigmoid with the same arguments as the
 * gate (one call over 2H). Li-GRU: the candidate's ReLU is EdgeML's
 * piecewise-linear sigmoid with add = 0 and no tables,
 *   q15_v_sigmoid(pC1 + H, H, pC1 + H, reluDiv, 0, reluLimit, reluScaleIn,
 *                 reluScaleOut, 0),
 * i.e. min(max(a / reluDiv, 0), reluLimit) << (reluScaleOut - reluScaleIn).
 * With EdgeML's tables (useTableSigmoid/useTableTanH = 1) the activations
 * read Q11 and give Q14.
 */
typedef struct Q15_UGRNN_Scales {
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
    SCALE_T pC1AddBg;
    SCALE_T bg;
    SCALE_T pC1AddBgOut;
    SCALE_T pC1AddBgDemote;
    SCALE_T pC1AddBh;
    SCALE_T bh;
    SCALE_T pC1AddBhOut;
    SCALE_T pC1AddBhDemote;
    SCALE_T sigmoidScaleIn;
    SCALE_T sigmoidScaleOut;
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
} Q15_UGRNN_Scales;

/* SiTGRU scales: Q15_UGRNN_Scales without the tanh fields. */
typedef struct Q15_SiTGRU_Scales {
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
    SCALE_T pC1AddBg;
    SCALE_T bg;
    SCALE_T pC1AddBgOut;
    SCALE_T pC1AddBgDemote;
    SCALE_T pC1AddBh;
    SCALE_T bh;
    SCALE_T pC1AddBhOut;
    SCALE_T pC1AddBhDemote;
    SCALE_T sigmoidScaleIn;
    SCALE_T sigmoidScaleOut;
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
} Q15_SiTGRU_Scales;

/* Li-GRU scales: Q15_SiTGRU_Scales plus the ReLU's arguments. */
typedef struct Q15_LiGRU_Scales {
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
    SCALE_T pC1AddBg;
    SCALE_T bg;
    SCALE_T pC1AddBgOut;
    SCALE_T pC1AddBgDemote;
    SCALE_T pC1AddBh;
    SCALE_T bh;
    SCALE_T pC1AddBhOut;
    SCALE_T pC1AddBhDemote;
    SCALE_T sigmoidScaleIn;
    SCALE_T sigmoidScaleOut;
    SCALE_T reluScaleIn;
    SCALE_T reluScaleOut;
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
    Q15_T reluDiv;
    Q15_T reluLimit;
    ITER_T useTableSigmoid;
} Q15_LiGRU_Scales;

/*
 * Q15 eGRU weights: every weight and bias a 3-bit power-of-two code, packed
 * 8 codes in 3 bytes (code i in bits 3i..3i+2 of a little-endian bit
 * stream; ceil(3n / 8) bytes for n codes). Code: bit 2 the sign, bits 1..0
 * a shift k; the value is +-2^-k for k < 3 and 0 for k == 3 (the paper's
 * table: +1 = 000, +1/2 = 001, +1/4 = 010, 0 = 111, -1/4 = 110, -1/2 = 101,
 * -1 = 100). W: 2H x D codes, U: 2H x H codes, B: 2H codes; dense only.
 */
typedef struct Q15_EGRU_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    const uint8_t* W;
    const uint8_t* U;
    const uint8_t* B;
} Q15_EGRU_Params;

/*
 * One step of the Q15 eGRU. A code is worth +-(4 >> k) quarters and its
 * product with v is +-(v << (2 - k)), a shift and a sign, no multiplier:
 * the products equal q15_m_mulvec over the matrix of those quarter values.
 *
 *   pC1 = W . x        (2H rows; w, normFeaturesMVW, mVWOut)
 *   pC2 = U . h        (2H rows; u, hiddenStateMVU, mVUOut)
 *   q15_v_add(pC1, pC2, 2H, pC1, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
 *   Bq = q15_v_scale_up(B in quarters, 2H, Bq, biasScaleUp);
 *   q15_v_add(pC1, Bq, H, pC1, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
 *   q15_v_add(pC1 + H, Bq + H, H, pC1 + H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
 *   q15_v_softsign(pC1, H, pC1, gateSoftsignScaleIn, gateSoftsignScaleOut);
 *   q15_v_scalar_add(qOne, pC1, H, pC1, qOneAddScale, qOneAddGateSoftsign,
 *                    qOneAddGateSoftsignOut);                  z = (1 + s) / 2
 *   q15_v_softsign(pC1 + H, H, pC1 + H, softsignScaleIn, softsignScaleOut);   c
 *   -- write-gate mix, K and C two H-value temporaries --
 *   q15_v_scalar_sub(qOne, pC1, H, K, qOneScale, qOneSubGate, qOneSubGateOut);
 *   q15_v_hadamard(K, h, H, K, qOneSubGateHDHiddenState, hiddenStateHDQOneSubGate);
 *   q15_v_hadamard(pC1, pC1 + H, H, C, gateHDUpdate, updateHDGate);
 *   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
 *             hiddenStateDemote);
 */
typedef struct Q15_EGRU_Scales {
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
    SCALE_T mV1AddMV2;
    SCALE_T mV2AddMV1;
    SCALE_T mV1AddMV2Out;
    SCALE_T mV1AddMV2Demote;
    SCALE_T biasScaleUp;
    SCALE_T pC1AddBg;
    SCALE_T bg;
    SCALE_T pC1AddBgOut;
    SCALE_T pC1AddBgDemote;
    SCALE_T pC1AddBh;
    SCALE_T bh;
    SCALE_T pC1AddBhOut;
    SCALE_T pC1AddBhDemote;
    SCALE_T gateSoftsignScaleIn;
    SCALE_T gateSoftsignScaleOut;
    SCALE_T qOneAddScale;
    SCALE_T qOneAddGateSoftsign;
    SCALE_T qOneAddGateSoftsignOut;
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
} Q15_EGRU_Scales;

/* The Q15 cells with the q15_rnn_t signature, one symbol per build. */
int tinyrnn_q15_ugrnn_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                          ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                          const void* scales, int backward, int normalize);
int tinyrnn_q15_ugrnn_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                            ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                            const void* scales, int backward, int normalize);
int tinyrnn_q15_sitgru_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                           ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                           const void* scales, int backward, int normalize);
int tinyrnn_q15_sitgru_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                             ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                             const void* scales, int backward, int normalize);
int tinyrnn_q15_ligru_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                          ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                          const void* scales, int backward, int normalize);
int tinyrnn_q15_ligru_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                            ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                            const void* scales, int backward, int normalize);
int tinyrnn_q15_egru_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                         ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                         const void* scales, int backward, int normalize);
int tinyrnn_q15_egru_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                           ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                           const void* scales, int backward, int normalize);

#ifdef SHIFT
#define q15_ugrnn tinyrnn_q15_ugrnn_shift
#define q15_sitgru tinyrnn_q15_sitgru_shift
#define q15_ligru tinyrnn_q15_ligru_shift
#define q15_egru tinyrnn_q15_egru_shift
#else
#define q15_ugrnn tinyrnn_q15_ugrnn_div
#define q15_sitgru tinyrnn_q15_sitgru_div
#define q15_ligru tinyrnn_q15_ligru_div
#define q15_egru tinyrnn_q15_egru_div
#endif /* SHIFT */

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_UGRNN_H */
