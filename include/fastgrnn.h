/*
 * tinyrnn -- drop-in replacement for EdgeML's C reference: fastgrnn.h.
 *
 * EdgeML's float FastGRNN: the structs FastGRNN_Params, FastGRNN_LR_Params,
 * FastGRNN_Buffers, FastGRNN_LR_Buffers, the ERR_*_NOT_INIT codes, and the
 * functions fastgrnn and fastgrnn_lr, which are macros for the library's
 * symbols tinyrnn_fastgrnn and tinyrnn_fastgrnn_lr (declared, with their
 * documentation, in tinyrnn_float.h). As macros without arguments they also
 * work as function pointers: rnnpool_block(..., fastgrnn, ...).
 *
 * Define TINYRNN_NO_EDGEML_NAMES before including to get only the prefixed
 * names (see utils.h and docs/float-api.md).
 */
#ifndef TINYRNN_FASTGRNN_H
#define TINYRNN_FASTGRNN_H

#include "tinyrnn_float.h"

#ifndef TINYRNN_NO_EDGEML_NAMES
#define fastgrnn_lr tinyrnn_fastgrnn_lr
#define fastgrnn tinyrnn_fastgrnn
#endif

#endif /* TINYRNN_FASTGRNN_H */
