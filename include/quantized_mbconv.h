/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * quantized_mbconv.h: the five quantized MBConv blocks under their EdgeML
 * names. Each computes, per output pixel,
 *   1. a 1x1 convolution of the input with filter1 ([CIn][CTemp]), batch
 *      norm BN1W/BN1B and a ReLU bounded by limit1, into the ring buffer
 *      convBuffer1 ([HF][W][CTemp]; expanded row r in ring row r % HF);
 *   2. a depthwise HFxWF convolution of the ring with filter2
 *      ([CTemp][HF][WF]), batch norm BN2W/BN2B and a ReLU bounded by limit2,
 *      into convBuffer2 ([CTemp]);
 *   3. a 1x1 convolution with filter3 ([CTemp][COut]) and batch norm
 *      BN3W/BN3B, into output ([N][HOut][WOut][COut]).
 * input is [N][H][W][CIn]. Batch norm: t = (sum .shlU ./shrU) + BNB[c],
 * x = t * BNW[c]; stores are (x .shlX ./shrX) (stage 3: .shlW3 ./shrW3),
 * where without SHIFT ".s" multiplies and "./s" divides, and with SHIFT
 * they are << and >>. q7_mbconv_block keeps t and x in Q15_T; the others in
 * Q31_T (q15_mbconv_block sums in 64 bits).
 *
 * void q7_mbconv_block(const Q7_T* input, const Q7_T* filter1, const Q7_T* BN1W,
 *       const Q7_T* BN1B, const Q7_T* filter2, const Q7_T* BN2W, const Q7_T* BN2B,
 *       const Q7_T* filter3, const Q7_T* BN3W, const Q7_T* BN3B, Q7_T* output,
 *       Q7_T* convBuffer1, Q7_T* convBuffer2, ITER_T N, ITER_T H, ITER_T W,
 *       ITER_T CIn, ITER_T CTemp, ITER_T HF, ITER_T WF, ITER_T COut, ITER_T HOut,
 *       ITER_T WOut, S_ITER_T HPadU, S_ITER_T HPadD, S_ITER_T WPadL, S_ITER_T WPadR,
 *       ITER_T HStride, ITER_T WStride, Q15_T limit1, Q15_T limit2,
 *       SCALE_T shrU1, SCALE_T shrX1, SCALE_T shrU2, SCALE_T shrX2, SCALE_T shrU3,
 *       SCALE_T shrW3, SCALE_T shlU1, SCALE_T shlX1, SCALE_T shlU2, SCALE_T shlX2,
 *       SCALE_T shlU3, SCALE_T shlW3);
 * void q7xq15_q15_mbconv_block(...)  Q7 input; Q15 filters, BN, buffers, output; Q31_T limits
 * void q15xq7_q7_mbconv_block(...)   Q15 input, BN*B, buffers; Q7 filters, BN*W, output
 * void q15xq7_q15_mbconv_block(...)  as q15xq7_q7, Q15 output
 * void q15_mbconv_block(...)         everything Q15; Q31_T limits
 *
 * Like EdgeML's, the blocks return nothing. A call whose non-empty buffers
 * are NULL or misaligned, whose sizes overflow ITER_T, whose stride is 0 or
 * whose geometry does not fit (see docs/contract.md) returns without writing
 * anything. convBuffer1 is read as well as written: like EdgeML, a depthwise
 * tap whose ring row was not refreshed in this call reads what it holds.
 * Buffers of the same element type may overlap (the result is EdgeML's, in
 * its order of loads and stores); a Q7 buffer overlapping a Q15 one is
 * refused.
 *
 * The mode-specific symbols tinyrnn_<name>_div / tinyrnn_<name>_shift are
 * declared in tinyrnn_generated.h.
 */
#ifndef __QUANTIZED_MBCONV_H__
#define __QUANTIZED_MBCONV_H__

#include "quantized_utils.h"

#ifdef SHIFT
#define q7_mbconv_block tinyrnn_q7_mbconv_block_shift
#define q7xq15_q15_mbconv_block tinyrnn_q7xq15_q15_mbconv_block_shift
#define q15xq7_q7_mbconv_block tinyrnn_q15xq7_q7_mbconv_block_shift
#define q15xq7_q15_mbconv_block tinyrnn_q15xq7_q15_mbconv_block_shift
#define q15_mbconv_block tinyrnn_q15_mbconv_block_shift
#else
#define q7_mbconv_block tinyrnn_q7_mbconv_block_div
#define q7xq15_q15_mbconv_block tinyrnn_q7xq15_q15_mbconv_block_div
#define q15xq7_q7_mbconv_block tinyrnn_q15xq7_q7_mbconv_block_div
#define q15xq7_q15_mbconv_block tinyrnn_q15xq7_q15_mbconv_block_div
#define q15_mbconv_block tinyrnn_q15_mbconv_block_div
#endif /* SHIFT */

#endif /* __QUANTIZED_MBCONV_H__ */
