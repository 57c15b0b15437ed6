/*
 * tinyrnn -- drop-in replacement for EdgeML's C reference: rnnpool.h.
 *
 * EdgeML's float RNNPool: the RNN function-pointer type rnn_t (a typedef of
 * tinyrnn_rnn_t) and rnnpool_block, a macro for the library's symbol
 * tinyrnn_rnnpool_block (declared, with its documentation, in
 * tinyrnn_float.h).
 *
 * Define TINYRNN_NO_EDGEML_NAMES before including to get only the prefixed
 * names (see utils.h and docs/float-api.md).
 */
#ifndef TINYRNN_RNNPOOL_H
#define TINYRNN_RNNPOOL_H

#include "tinyrnn_float.h"

#ifndef TINYRNN_NO_EDGEML_NAMES
typedef tinyrnn_rnn_t rnn_t;
#define rnnpool_block tinyrnn_rnnpool_block
#endif

#endif /* TINYRNN_RNNPOOL_H */
