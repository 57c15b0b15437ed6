/*
 * tinyrnn -- drop-in replacement for EdgeML's C reference: utils.h.
 *
 * Names and collisions. The library exports every float function with a
 * "tinyrnn_" prefix (tinyrnn_matVec, tinyrnn_sigmoid, tinyrnn_min, ...), so
 * linking it never clashes with another library's min, max, relu, sigmoid,
 * argmax or softmax. For source compatibility with EdgeML, this header (like
 * fastgrnn.h, rnnpool.h and classifier.h) maps EdgeML's names onto those
 * symbols with macros without arguments (#define matVec tinyrnn_matVec), so
 * calls and function pointers written for EdgeML compile unchanged.
 *
 *   - Define TINYRNN_NO_EDGEML_NAMES before including to get no mapping at
 *     all: only the prefixed names (and EdgeML's struct names and error
 *     codes) are declared. Including tinyrnn_float.h instead does the same.
 *   - min and max are mapped only if they are not macros already. Arduino
 *     (and some vendor SDKs) define min/max as macros: there, min(a, b) keeps
 *     meaning the platform's macro (the same value for floats), and code that
 *     wants tinyrnn's functions calls tinyrnn_min / tinyrnn_max. Include such
 *     platform headers before this one. In C++, min/max are inline overloads
 *     rather than macros, so std::min and std::max keep working.
 *
 * Like EdgeML's utils.h, this header includes <math.h> and <float.h>.
 * Prototypes and documentation: tinyrnn_float.h.
 */
#ifndef TINYRNN_UTILS_H
#define TINYRNN_UTILS_H

#include <math.h>
#include <float.h>
#include "tinyrnn_float.h"

#ifndef TINYRNN_NO_EDGEML_NAMES

#ifdef __cplusplus
#ifndef min
static inline float min(float a, float b) { return tinyrnn_min(a, b); }
#endif
#ifndef max
static inline float max(float a, float b) { return tinyrnn_max(a, b); }
#endif
#else
#ifndef min
#define min tinyrnn_min
#endif
#ifndef max
#define max tinyrnn_max
#endif
#endif /* __cplusplus */

#define relu tinyrnn_relu
#define sigmoid tinyrnn_sigmoid
#define tanhyperbolic tinyrnn_tanhyperbolic
#define quantTanh tinyrnn_quantTanh
#define quantSigmoid tinyrnn_quantSigmoid
#define v_relu tinyrnn_v_relu
#define v_sigmoid tinyrnn_v_sigmoid
#define v_tanh tinyrnn_v_tanh
#define v_quantSigmoid tinyrnn_v_quantSigmoid
#define v_quantTanh tinyrnn_v_quantTanh
#define matVec tinyrnn_matVec
#define v_add tinyrnn_v_add
#define v_mult tinyrnn_v_mult
#define v_div tinyrnn_v_div
#define l2squared tinyrnn_l2squared
#define argmax tinyrnn_argmax
#define softmax tinyrnn_softmax

#endif /* TINYRNN_NO_EDGEML_NAMES */

#endif /* TINYRNN_UTILS_H */
