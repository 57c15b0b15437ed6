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
#include "tinyrnn_cells_generated.h"

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
 * q15_v_softsign(vec, len, ret, scale_in, scale_out): the quantized softsign
 * s(a) = a / (1 + |a|), the one primitive the cells add to EdgeML's:
 *   ret[i] = (vec[i] * 2^scale_out) / (2^scale_in + |vec[i]|),
 * product in 64 bits, C's truncating division, stored to Q15_T. scale_in
 * and scale_out are exponents in both builds (as q15_v_tanh's), so the
 * function does not depend on SHIFT; counts outside 0..30 are clamped.
 * ret may be vec (any overlap gives C's element-by-element result); a NULL
 * or misaligned non-empty buffer: nothing is written. (Declared, like every
 * struct and function of the cells, in tinyrnn_cells_generated.h.)
 */

#define q15_v_softsign tinyrnn_q15_v_softsign

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_CELLS_COMMON_H */
