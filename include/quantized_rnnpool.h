/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * quantized_rnnpool.h: the quantized RNNPool blocks under their EdgeML
 * names, and the RNN function-pointer types they take.
 *
 * q15_rnn_t / q7xq15_q15_rnn_t (defined in tinyrnn_generated.h):
 *   int (*)(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* / const Q7_T* input,
 *           ITER_T inputDims, ITER_T steps, const void* params, void* buffers,
 *           const void* scales, int backward, int normalize)
 *   Any cell with this signature can be pooled, e.g. q15_fastgrnn,
 *   q15_fastgrnn_lr, q7xq15_q15_fastgrnn, or one of the caller's own.
 *
 * int q15_rnnpool_block(const Q15_T* patch, ITER_T inputDims, ITER_T patchDim,
 *       ITER_T stride, q15_rnn_t rnn1, ITER_T hiddenDims1, const void* rnn1_params,
 *       void* rnn1_buffers, const void* rnn1_scales, q15_rnn_t rnn2,
 *       ITER_T hiddenDims2, const void* rnn2_params, void* rnn2_buffers,
 *       const void* rnn2_scales, Q15_T* output, Q15_T* buffer,
 *       SCALE_T ShR1, SCALE_T ShL1, SCALE_T ShR2, SCALE_T ShL2);
 * int q7xq15_q15_rnnpool_block(const Q7_T* patch, ..., q7xq15_q15_rnn_t rnn1, ...);
 *   Pools a patchDim x patchDim patch of inputDims-channel pixels (row r
 *   starts at patch + r * stride * inputDims) into output[4 * hiddenDims2]:
 *   rnn1 (state hiddenDims1, zeroed first) summarises every row and every
 *   column into buffer (hiddenDims1 x patchDim); the summaries are scaled up
 *   by ShL1 then down by ShR1 (q15_v_scale_up / q15_v_scale_down of the
 *   build); rnn2 (state hiddenDims2) runs forwards and backwards over the
 *   row summaries, then over the column summaries, giving the four
 *   quarters of output, which is finally scaled up by ShL2 and down by ShR2.
 *   The RNNs are called with normalize = 0 and their return codes are
 *   ignored, as in EdgeML.
 *   Returns 0; TINYRNN_ERR_NULL for a NULL rnn1/rnn2 or a NULL non-empty
 *   buffer, TINYRNN_ERR_ALIASING when output or buffer overlaps a Q7
 *   patch, TINYRNN_ERR_OVERFLOW for sizes that overflow: then nothing is
 *   written. output, buffer and a Q15 patch may share memory (EdgeML's
 *   sequence of loads and stores then runs on it).
 *   The block depends on SHIFT and SPARSE: when rnn1 (rnn2) is this
 *   build's q15_fastgrnn (for a Q7 patch, rnn1 its q7xq15_q15_fastgrnn),
 *   the block checks the arguments of all its calls of it once and then
 *   calls the cell directly, with the same results; any other RNN (another
 *   build's, q15_fastgrnn_lr, the caller's own) is called through its
 *   pointer.
 */
#ifndef __QUANTIZED_RNNPOOL_H__
#define __QUANTIZED_RNNPOOL_H__

#include "quantized_utils.h"
#include "tinyrnn_errors.h"

#ifdef SHIFT
#ifdef SPARSE
#define q7xq15_q15_rnnpool_block tinyrnn_q7xq15_q15_rnnpool_block_shift_sparse
#define q15_rnnpool_block tinyrnn_q15_rnnpool_block_shift_sparse
#else
#define q7xq15_q15_rnnpool_block tinyrnn_q7xq15_q15_rnnpool_block_shift_dense
#define q15_rnnpool_block tinyrnn_q15_rnnpool_block_shift_dense
#endif /* SPARSE */
#else
#ifdef SPARSE
#define q7xq15_q15_rnnpool_block tinyrnn_q7xq15_q15_rnnpool_block_div_sparse
#define q15_rnnpool_block tinyrnn_q15_rnnpool_block_div_sparse
#else
#define q7xq15_q15_rnnpool_block tinyrnn_q7xq15_q15_rnnpool_block_div_dense
#define q15_rnnpool_block tinyrnn_q15_rnnpool_block_div_dense
#endif /* SPARSE */
#endif /* SHIFT */

#endif /* __QUANTIZED_RNNPOOL_H__ */
