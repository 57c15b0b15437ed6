/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * tinyrnn.h: the whole quantized API in one include, plus the library
 * version. Including the EdgeML-named headers one by one works the same.
 *
 * Compile with the flags you would give EdgeML's sources (-DSHIFT,
 * -DSPARSE, both or neither) and link libtinyrnn.a: the EdgeML names then
 * resolve to the matching variant of the one library. Every variant also
 * has its own symbol, tinyrnn_<name>_{div,shift}[_{dense,sparse}], declared
 * in tinyrnn_generated.h, for code that mixes modes.
 */
#ifndef TINYRNN_H
#define TINYRNN_H

#define TINYRNN_VERSION_MAJOR 0
#define TINYRNN_VERSION_MINOR 1
#define TINYRNN_VERSION_PATCH 0
#define TINYRNN_VERSION_STRING "0.1.0"

#include "quantized_datatypes.h"
#include "tinyrnn_errors.h"
#include "quantized_utils.h"
#include "quantized_fastgrnn.h"
#include "quantized_rnnpool.h"

#endif /* TINYRNN_H */
