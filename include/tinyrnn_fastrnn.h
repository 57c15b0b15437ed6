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

/*
 * Float FastRNN, EdgeML's rnn_t signature. params: const FastRNN_Params*,
 * buffers: FastRNN_Buffers* (B = 1). Products are summed in double and
 * rounded once; tanh is computed in double (as EdgeML's fastgrnn).
 */

/* Q15 FastRNN with the q15_rnn_t signature, one symbol per build. */

#ifdef SHIFT
#define q15_fastrnn tinyrnn_q15_fastrnn_shift
#else
#define q15_fastrnn tinyrnn_q15_fastrnn_div
#endif /* SHIFT */

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_FASTRNN_H */
