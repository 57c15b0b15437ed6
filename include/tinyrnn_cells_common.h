/*
 * tinyrnn -- the tiny recurrent cells, in EdgeML's style.
 *
 * tinyrnn_cells_common.h: what every cell family header shares: the weight
 * matrix descriptors, the scratch buffer structs, EdgeML's error codes and
 * the one quantized primitive the cells add to EdgeML's (q15_v_softsign).
 * Include a family header (tinyrnn_fastrnn.h, tinyrnn_ugrnn.h,
 * tinyrnn_gru.h, tinyrnn_mgu.h) or all of them with tinyrnn_cells.h.
 *
 * Conventions (every cell, float and Q15):
 *   - A call runs `steps` steps over input (steps x inputDims, one row per
 *     step), updating hiddenState (hiddenDims values) in place. backward != 0
 *     reads the rows last to first. normalize != 0 first maps row t to
 *     (x - mean[t]) / stdDev[t] (float) or, as q15_fastgrnn does,
 *     q15_v_hadamard(stdDev[t], q15_v_sub(x, mean[t])) (Q15: stdDev holds
 *     1 / sigma); mean and stdDev are steps x inputDims and read only then.
 *   - Matrices are row-major. Gate blocks are stacked, gates first, as in
 *     EdgeML's low-rank cells and PyTorch: e.g. UGRNN's W is [W_z; W_h]
 *     (2H x D), GRU's weight_ih is PyTorch's (3H x D, rows r, z, n). A
 *     matrix acting on another vector is separate (MGU's Uh acts on f * h).
 *   - Float signatures are EdgeML's rnn_t (rnnpool.h), Q15 ones q15_rnn_t
 *     (quantized_rnnpool.h): any cell can be pooled by rnnpool_block /
 *     q15_rnnpool_block.
 *
 * Return codes, checked before anything is written (the policy of
 * q15_fastgrnn, docs/contract.md): 0 on success; a NULL params, buffers or
 * scales struct -> TINYRNN_ERR_NULL; a NULL scratch buffer the call needs ->
 * EdgeML's code, in EdgeML's order: preComp1, preComp2 (and preComp3 for
 * MGU, hard MGU, TinyEats GRU) -> ERR_PRECOMP_NOT_INIT, tempLRW (W low
 * rank) -> ERR_TEMPLRW_NOT_INIT, tempLRU (a U low rank) ->
 * ERR_TEMPLRU_NOT_INIT, normFeatures -> ERR_NORMFEATURES_NOT_INIT; a NULL
 * or misaligned non-empty buffer -> TINYRNN_ERR_NULL / TINYRNN_ERR_ALIGNMENT;
 * a writable buffer (state, scratch) overlapping any other buffer of the
 * call -> TINYRNN_ERR_ALIASING; sizes that overflow -> TINYRNN_ERR_OVERFLOW;
 * a sparse row number beyond the matrix's rows -> TINYRNN_ERR_LENGTH. On any
 * error hiddenState is unchanged. Zero sizes are valid (steps == 0 changes
 * nothing); a buffer of length 0 may be NULL. Scratch contents after a
 * call are unspecified.
 */
#ifndef TINYRNN_CELLS_COMMON_H
#define TINYRNN_CELLS_COMMON_H

#include "quantized_datatypes.h"
#include "tinyrnn_errors.h"

#ifndef ERR_PRECOMP_NOT_INIT
#define ERR_PRECOMP_NOT_INIT -1
#endif
#ifndef ERR_TEMPLRW_NOT_INIT
#define ERR_TEMPLRW_NOT_INIT -2
#endif
#ifndef ERR_TEMPLRU_NOT_INIT
#define ERR_TEMPLRU_NOT_INIT -3
#endif
#ifndef ERR_NORMFEATURES_NOT_INIT
#define ERR_NORMFEATURES_NOT_INIT -4
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A float weight matrix (rows x cols): dense M when rank == 0, else low rank
 * M2 * M1 with M1 rank x cols and M2 rows x rank (EdgeML's W = W2 * W1).
 */
typedef struct TinyRNN_Matrix {
    const float* M;
    const float* M1;
    const float* M2;
    unsigned rank;
} TinyRNN_Matrix;

/*
 * Scratch of a float cell, with B = 1 (FastRNN), 2 (UGRNN, SiTGRU, Li-GRU,
 * eGRU, MGU, hard MGU) or 3 (GRU, TinyEats GRU) gate blocks:
 *   preComp1, preComp2: B * hiddenDims floats;
 *   preComp3: hiddenDims floats for MGU, hard MGU, TinyEats GRU (else unused,
 *             may be NULL);
 *   tempLRW: rank of W; tempLRU: largest rank of U (and Uh); may be NULL
 *            when dense;
 *   normFeatures: inputDims floats.
 */
typedef struct TinyRNN_Buffers {
    float* preComp1;
    float* preComp2;
    float* preComp3;
    float* tempLRW;
    float* tempLRU;
    float* normFeatures;
} TinyRNN_Buffers;

/*
 * A Q15 weight matrix (rows x cols), chosen at run time (SPARSE does not
 * apply to the cells):
 *   rank > 0:        low rank M2 * M1 (M1 rank x cols, M2 rows x rank);
 *   else ids != NULL: sparse, EdgeML's column-major encoding (for each of
 *                    the cols columns, the 1-based row numbers of its
 *                    non-zeros, then 0; vals the non-zeros in that order),
 *                    computed as q15_m_sparse_mulvec into a zeroed output;
 *   else:            dense M, computed as q15_m_mulvec.
 * The product scales are the scales struct's: for W, (w, normFeaturesMVW,
 * mVWOut) for M, M1 or the sparse values and (w2, tempLRW, mVW2Out) for M2;
 * likewise u... for U and uh... for Uh.
 */
typedef struct TinyRNN_Q15_Matrix {
    const Q15_T* M;
    const Q15_T* M1;
    const Q15_T* M2;
    ITER_T rank;
    const ITER_T* ids;
    const Q15_T* vals;
} TinyRNN_Q15_Matrix;

/* Scratch of a Q15 cell: as TinyRNN_Buffers, in Q15_T. */
typedef struct TinyRNN_Q15_Buffers {
    Q15_T* preComp1;
    Q15_T* preComp2;
    Q15_T* preComp3;
    Q15_T* tempLRW;
    Q15_T* tempLRU;
    Q15_T* normFeatures;
} TinyRNN_Q15_Buffers;

/*
 * q15_v_softsign(vec, len, ret, scale_in, scale_out): the quantized softsign
 * s(a) = a / (1 + |a|), the one primitive the cells add to EdgeML's:
 *   ret[i] = (vec[i] * 2^scale_out) / (2^scale_in + |vec[i]|),
 * product in 64 bits, C's truncating division, stored to Q15_T. scale_in
 * and scale_out are exponents in both builds (as q15_v_tanh's), so the
 * function does not depend on SHIFT; counts outside 0..30 are clamped.
 * ret may be vec (any overlap gives C's element-by-element result); a NULL
 * or misaligned non-empty buffer: nothing is written.
 */
void tinyrnn_q15_v_softsign(const Q15_T* vec, ITER_T len, Q15_T* ret, SCALE_T scale_in, SCALE_T scale_out);
#define q15_v_softsign tinyrnn_q15_v_softsign

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_CELLS_COMMON_H */
