/*
 * tinyrnn -- the tiny recurrent cells, every family in one include:
 *
 *   tinyrnn_fastrnn.h  FastRNN (FastGRNN is EdgeML's: fastgrnn.h,
 *                      quantized_fastgrnn.h)
 *   tinyrnn_ugrnn.h    UGRNN, SiTGRU, Li-GRU, eGRU (3-bit weights)
 *   tinyrnn_gru.h      GRU (PyTorch layout), TinyEats GRU (int8 weights)
 *   tinyrnn_mgu.h      MGU, hard (wake-up) MGU (4-bit weights, 4-bit
 *                      activations)
 *
 * Every cell has a float function with EdgeML's rnn_t signature
 * (tinyrnn_<cell>) and a Q15 function with the q15_rnn_t signature
 * (q15_<cell>, mapped by SHIFT onto tinyrnn_q15_<cell>_div / _shift), so
 * rnnpool_block and q15_rnnpool_block can pool any of them. The shared
 * conventions are in tinyrnn_cells_common.h; each family header writes out
 * its cells' quantized sequences.
 */
#ifndef TINYRNN_CELLS_H
#define TINYRNN_CELLS_H

#include "tinyrnn_cells_common.h"
#include "tinyrnn_fastrnn.h"
#include "tinyrnn_ugrnn.h"
#include "tinyrnn_gru.h"
#include "tinyrnn_mgu.h"

#endif /* TINYRNN_CELLS_H */
