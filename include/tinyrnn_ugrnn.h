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

/*
 * Float cells, EdgeML's rnn_t signature; params: const <Cell>_Params*,
 * buffers: <Cell>_Buffers*. sigma is EdgeML's sigmoid (1 / (1 + expf(-a))),
 * tanh is computed in double; products are summed in double and rounded
 * once. The float eGRU takes float weights (its Q15 twin takes the codes).
 */

/* ------------------------------------------------------------------------ */
/* Q15                                                                      */
/* ------------------------------------------------------------------------ */

/* The Q15 cells with the q15_rnn_t signature, one symbol per build. */

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
