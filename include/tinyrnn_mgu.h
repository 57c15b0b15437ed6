/*
 * tinyrnn -- the tiny recurrent cells: the MGU family, one forget gate f
 * that both resets the state seen by the candidate and writes it.
 *
 *   MGU (Zhou et al. 2016):
 *     f = sigma(W_f x + U_f h + b_f)
 *     c = tanh(W_h x + U_h (f * h) + b_h),   h' = (1 - f) * h + f * c
 *   Hard (wake-up) MGU (Hardy & Badets 2021): the same with
 *     f = quantSigm4(W_f x + U_f h) = clip((a + 2) / 4, 0, 1),
 *     c = quantTanh(W_h x + U_h (f * h)) = clip(a, -1, 1), no biases;
 *   its Q15 cell has 4-bit weights and 4-bit activations (below).
 * W = [W_f; W_h] (2H x D), Uf and Uh (H x H), B = [b_f; b_h] (2H).
 *
 * Conventions, buffers (B = 2, preComp3 needed) and return codes:
 * tinyrnn_cells_common.h.
 */
#ifndef TINYRNN_MGU_H
#define TINYRNN_MGU_H

#include "tinyrnn_cells_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Float                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct MGU_Params {
    const float* mean;
    const float* stdDev;
    TinyRNN_Matrix W;
    TinyRNN_Matrix Uf;
    TinyRNN_Matrix Uh;
    const float* B;
} MGU_Params;
typedef TinyRNN_Buffers MGU_Buffers;

/* The float hard MGU: exact quantSigm4 / quantTanh, no biases. */
typedef struct HardMGU_Params {
    const float* mean;
    const float* stdDev;
    TinyRNN_Matrix W;
    TinyRNN_Matrix Uf;
    TinyRNN_Matrix Uh;
} HardMGU_Params;
typedef TinyRNN_Buffers HardMGU_Buffers;

/*
 * Float cells, EdgeML's rnn_t signature. sigma is EdgeML's sigmoid, tanh is
 * computed in double; products are summed in double and rounded once.
 */
int tinyrnn_mgu(float* const hiddenState, unsigned hiddenDims,
                const float* const input, unsigned inputDims, unsigned steps,
                const void* params, void* buffers, int backward, int normalize);
int tinyrnn_hard_mgu(float* const hiddenState, unsigned hiddenDims,
                     const float* const input, unsigned inputDims, unsigned steps,
                     const void* params, void* buffers, int backward, int normalize);

/* ------------------------------------------------------------------------ */
/* Q15                                                                      */
/* ------------------------------------------------------------------------ */

/* Q15 MGU weights (dense, sparse or low rank). */
typedef struct Q15_MGU_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    TinyRNN_Q15_Matrix W;
    TinyRNN_Q15_Matrix Uf;
    TinyRNN_Q15_Matrix Uh;
    const Q15_T* B;
} Q15_MGU_Params;
typedef TinyRNN_Q15_Buffers Q15_MGU_Buffers;

/*
 * One step of the Q15 MGU (pC1, pC2, pC3 = preComp1..3; x the (normalised)
 * input, normalised as q15_fastgrnn does; every call is EdgeML's primitive
 * of the build):
 *
 *   pC1 = W . x        (2H rows; q15_m_mulvec: w, normFeaturesMVW, mVWOut;
 *                      low rank: then w2, tempLRW, mVW2Out; sparse:
 *                      q15_m_sparse_mulvec into a zeroed pC1)
 *   pC2 = Uf . h       (H rows; u, hiddenStateMVU, mVUOut; u2, tempLRU, mVU2Out)
 *   q15_v_add(pC1, pC2, H, pC2, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
 *   q15_v_add(pC2, B, H, pC2, pC1AddBg, bg, pC1AddBgOut, pC1AddBgDemote);
 *   q15_v_sigmoid(pC2, H, pC2, div, add, sigmoidLimit, sigmoidScaleIn,
 *                 sigmoidScaleOut, useTableSigmoid);                    f = pC2
 *   q15_v_hadamard(pC2, h, H, pC3, resetHDHiddenState, hiddenStateHDReset);
 *   pC2 + H = Uh . pC3 (uh, resetHiddenStateMVUh, mVUhOut; uh2, tempLRUh, mVUh2Out)
 *   q15_v_add(pC1 + H, pC2 + H, H, pC2 + H, mV1AddMV3, mV3AddMV1, mV1AddMV3Out,
 *             mV1AddMV3Demote);
 *   q15_v_add(pC2 + H, B + H, H, pC2 + H, pC1AddBh, bh, pC1AddBhOut, pC1AddBhDemote);
 *   q15_v_tanh(pC2 + H, H, pC2 + H, tanhScaleIn, tanhScaleOut, useTableTanH);  c
 *   -- write-gate mix with g = f, K and C two H-value temporaries --
 *   q15_v_scalar_sub(qOne, g, H, K, qOneScale, qOneSubGate, qOneSubGateOut);
 *   q15_v_hadamard(K, h, H, K, qOneSubGateHDHiddenState, hiddenStateHDQOneSubGate);
 *   q15_v_hadamard(g, pC2 + H, H, C, gateHDUpdate, updateHDGate);
 *   q15_v_add(K, C, H, h, keptAddWritten, writtenAddKept, hiddenStateOut,
 *             hiddenStateDemote);
 */
typedef struct Q15_MGU_Scales {
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
    SCALE_T uh;
    SCALE_T resetHiddenStateMVUh;
    SCALE_T mVUhOut;
    SCALE_T uh2;
    SCALE_T tempLRUh;
    SCALE_T mVUh2Out;
    SCALE_T mV1AddMV2;
    SCALE_T mV2AddMV1;
    SCALE_T mV1AddMV2Out;
    SCALE_T mV1AddMV2Demote;
    SCALE_T pC1AddBg;
    SCALE_T bg;
    SCALE_T pC1AddBgOut;
    SCALE_T pC1AddBgDemote;
    SCALE_T sigmoidScaleIn;
    SCALE_T sigmoidScaleOut;
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
    SCALE_T tanhScaleIn;
    SCALE_T tanhScaleOut;
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
    Q15_T div;
    Q15_T add;
    Q15_T sigmoidLimit;
    Q15_T qOne;
    ITER_T useTableSigmoid;
    ITER_T useTableTanH;
} Q15_MGU_Scales;

/*
 * Q15 hard MGU weights: 4-bit two's-complement codes c (-8..7), two per
 * byte (code i: low nibble of byte i / 2 for even i, high nibble for odd
 * i; ceil(n / 2) bytes for n codes), one power-of-two scale per matrix
 * (the weight is c * 2^-e; e enters through the matrix's product scale).
 * W: 2H x D codes, Uf and Uh: H x H codes; no biases.
 */
typedef struct Q15_HardMGU_Params {
    const Q15_T* mean;
    const Q15_T* stdDev;
    const uint8_t* W;
    const uint8_t* Uf;
    const uint8_t* Uh;
} Q15_HardMGU_Params;
typedef TinyRNN_Q15_Buffers Q15_HardMGU_Buffers;

/*
 * One step of the Q15 hard MGU: the MGU's sequence without the bias
 * additions, the products over the 4-bit codes (equal to q15_m_mulvec over
 * the codes widened to Q15_T) and 4-bit activations, both EdgeML's
 * piecewise-linear q15_v_sigmoid (no tables), whose w = a / div + add is
 * the 4-bit code:
 *
 *   pC1 = W . x        (2H rows; w, normFeaturesMVW, mVWOut)
 *   pC2 = Uf . h       (H rows; u, hiddenStateMVU, mVUOut)
 *   q15_v_add(pC1, pC2, H, pC2, mV1AddMV2, mV2AddMV1, mV1AddMV2Out, mV1AddMV2Demote);
 *   q15_v_sigmoid(pC2, H, pC2, div, add, sigmoidLimit, sigmoidScaleIn,
 *                 sigmoidScaleOut, 0);                                  f
 *   q15_v_hadamard(pC2, h, H, pC3, resetHDHiddenState, hiddenStateHDReset);
 *   pC2 + H = Uh . pC3 (uh, resetHiddenStateMVUh, mVUhOut)
 *   q15_v_add(pC1 + H, pC2 + H, H, pC2 + H, mV1AddMV3, mV3AddMV1, mV1AddMV3Out,
 *             mV1AddMV3Demote);
 *   q15_v_sigmoid(pC2 + H, H, pC2 + H, tanhDiv, tanhAdd, tanhLimit, tanhScaleIn,
 *                 tanhScaleOut, 0);
 *   q15_v_scalar_add(tanhOffset, pC2 + H, H, pC2 + H, tanhOffsetScale,
 *                    codeAddTanhOffset, codeAddTanhOffsetOut);          c
 *   -- write-gate mix as the MGU's, with g = f --
 *
 * With the pre-activations a at 2^e (as the calibration sets them):
 *   gate: div = 2^(e-2), add = 8, sigmoidLimit = 15, sigmoidScaleOut -
 *     sigmoidScaleIn = 10: code k = clip(trunc(4a) + 8, 0, 15), f = k / 16
 *     (quantSigm4 on a 4-bit unsigned code; f = 0 exactly, at most 15/16);
 *   candidate: tanhDiv = 2^(e-3), tanhAdd = 8, tanhLimit = 15, tanhScaleOut
 *     - tanhScaleIn = 11, tanhOffset = -qOne: c = (k - 8) / 8 with
 *     k = clip(trunc(8a) + 8, 0, 15), i.e. clip(trunc(8a), -8, 7) / 8
 *     (quantTanh on a 4-bit two's-complement code, -1 .. 7/8).
 */
typedef struct Q15_HardMGU_Scales {
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
    SCALE_T sigmoidScaleIn;
    SCALE_T sigmoidScaleOut;
    SCALE_T resetHDHiddenState;
    SCALE_T hiddenStateHDReset;
    SCALE_T mV1AddMV3;
    SCALE_T mV3AddMV1;
    SCALE_T mV1AddMV3Out;
    SCALE_T mV1AddMV3Demote;
    SCALE_T tanhScaleIn;
    SCALE_T tanhScaleOut;
    SCALE_T tanhOffsetScale;
    SCALE_T codeAddTanhOffset;
    SCALE_T codeAddTanhOffsetOut;
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
    Q15_T div;
    Q15_T add;
    Q15_T sigmoidLimit;
    Q15_T tanhDiv;
    Q15_T tanhAdd;
    Q15_T tanhLimit;
    Q15_T tanhOffset;
    Q15_T qOne;
} Q15_HardMGU_Scales;

/* The Q15 cells with the q15_rnn_t signature, one symbol per build. */
int tinyrnn_q15_mgu_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                        ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                        const void* scales, int backward, int normalize);
int tinyrnn_q15_mgu_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                          ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                          const void* scales, int backward, int normalize);
int tinyrnn_q15_hard_mgu_div(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                             ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                             const void* scales, int backward, int normalize);
int tinyrnn_q15_hard_mgu_shift(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
                               ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
                               const void* scales, int backward, int normalize);

#ifdef SHIFT
#define q15_mgu tinyrnn_q15_mgu_shift
#define q15_hard_mgu tinyrnn_q15_hard_mgu_shift
#else
#define q15_mgu tinyrnn_q15_mgu_div
#define q15_hard_mgu tinyrnn_q15_hard_mgu_div
#endif /* SHIFT */

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_MGU_H */
