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

/*
 * Float cells, EdgeML's rnn_t signature. sigma is EdgeML's sigmoid, tanh is
 * computed in double; products are summed in double and rounded once.
 */

/* ------------------------------------------------------------------------ */
/* Q15                                                                      */
/* ------------------------------------------------------------------------ */

/* The Q15 cells with the q15_rnn_t signature, one symbol per build. */

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
