/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * quantized_datatypes.h: the fixed-point and index types of the quantized
 * API, with EdgeML's names and widths.
 */
#ifndef __QUANTIZED_DATATYPES_H__
#define __QUANTIZED_DATATYPES_H__

#include <stdint.h>

/* Fixed-point values: 8, 16, 32 and 64 bits, two's complement. */
typedef int8_t Q7_T;
typedef int16_t Q15_T;
typedef int32_t Q31_T;
typedef int64_t Q63_T;

/* Sizes, dimensions and loop counters. */
typedef uint32_t ITER_T;
/* Signed counterpart of ITER_T (convolution padding). */
typedef int32_t S_ITER_T;

/*
 * A scale: a divisor in the default build, a power-of-two exponent (a shift
 * count) when SHIFT is defined.
 */
typedef int32_t SCALE_T;

/* Largest and smallest Q15_T values. */
#define Q15_TMAX 32767
#define Q15_TMIN -32768

#endif /* __QUANTIZED_DATATYPES_H__ */
