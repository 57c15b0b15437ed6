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

/*
 * Float cells, EdgeML's rnn_t signature. sigma is EdgeML's sigmoid, tanh is
 * computed in double; products are summed in double and rounded once.
 */

/* ------------------------------------------------------------------------ */
/* Q15                                                                      */
/* ------------------------------------------------------------------------ */

/* The Q15 cells with the q15_rnn_t signature, one symbol per build. */

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
