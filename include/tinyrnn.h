/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * tinyrnn.h: the whole API in one include, plus the library version: the
 * quantized EdgeML API (quantized_*.h), the float API under its prefixed
 * names only (tinyrnn_float.h: include fastgrnn.h, utils.h, ... for
 * EdgeML's float names), and the cell family (tinyrnn_cells.h). Nothing here
 * defines a generic name such as min, max or sigmoid.
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
#include "quantized_mbconv.h"
#include "tinyrnn_float.h"
#include "tinyrnn_cells.h"

#endif /* TINYRNN_H */
