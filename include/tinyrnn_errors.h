/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * tinyrnn_errors.h: return codes of tinyrnn's own, for inputs on which
 * EdgeML's behaviour is undefined. EdgeML's codes (ERR_PRECOMP_NOT_INIT -1 ...
 * ERR_NORMFEATURES_NOT_INIT -4) are in quantized_fastgrnn.h. Every int-
 * returning function returns 0 on success; on any error nothing the caller
 * passed (hidden state, outputs) has been written.
 */
#ifndef TINYRNN_ERRORS_H
#define TINYRNN_ERRORS_H

/* A non-empty buffer, a struct pointer or a function pointer is NULL. */
#define TINYRNN_ERR_NULL (-100)
/* A pointer is not aligned for its element type. */
#define TINYRNN_ERR_ALIGNMENT (-101)
/* A buffer is shorter than the dimensions require (e.g. a sparse matrix
   whose row numbers exceed hiddenDims). */
#define TINYRNN_ERR_LENGTH (-102)
/* A product of dimensions does not fit the address space. */
#define TINYRNN_ERR_OVERFLOW (-103)
/* A parameter that must be non-zero is zero (e.g. a convolution stride). */
#define TINYRNN_ERR_ZERO (-104)
/* A sparse encoding indexes past its output or ends early. */
#define TINYRNN_ERR_SPARSE_INDEX (-105)
/* An output or scratch buffer overlaps another buffer of the call. */
#define TINYRNN_ERR_ALIASING (-106)
/* A convolution's geometry does not fit its buffers. */
#define TINYRNN_ERR_GEOMETRY (-107)
/* An audio front-end configuration is outside its domain (FFT size not a
   supported power of two, frequency above Nyquist, non-finite value). */
#define TINYRNN_ERR_CONFIG (-108)
/* A model handle that its init did not accept: never initialised, its init
   refused, or initialised by another function's init (another variant or
   build). */
#define TINYRNN_ERR_MODEL (-109)

#endif /* TINYRNN_ERRORS_H */
