/*
 * tinyrnn -- drop-in replacement for EdgeML's quantized C reference.
 *
 * quantized_fastgrnn.h: the quantized FastGRNN cells under their EdgeML
 * names, their parameter/scale/buffer structs (EdgeML's names, field order
 * and types; defined in tinyrnn_generated.h) and EdgeML's error codes.
 *
 * The cells compute, for each of `steps` input rows (the last row first
 * when backward != 0), optionally normalised by mean/stdDev:
 *   pre  = W.x + U.h                      (q15_fastgrnn_lr: W2.(W1.x) + U2.(U1.h))
 *   z    = sigmoid(pre + Bg),  c = tanh(pre + Bh)
 *   h    = z * h + (sigmoid_zeta * (qOne - z) + sigmoid_nu) * c
 * with every product, sum and activation quantized exactly as EdgeML does,
 * through the scales of the Scales struct (divisors, or exponents under
 * SHIFT; see quantized_utils.h). hiddenState (hiddenDims values) is read
 * and updated in place.
 *
 * Build flags:
 *   SHIFT   selects shift scaling for all three cells;
 *   SPARSE  makes q15_fastgrnn and q7xq15_q15_fastgrnn read W and U from
 *           Wids/Wvals and Uids/Uvals (EdgeML's column-major sparse encoding,
 *           see q15_m_sparse_mulvec) instead of the dense W and U.
 * The mode-specific symbols (tinyrnn_q15_fastgrnn_{div,shift}_{dense,sparse},
 * tinyrnn_q7xq15_q15_fastgrnn_..., tinyrnn_q15_fastgrnn_lr_{div,shift}) may
 * also be called directly.
 *
 * Return codes: 0 on success. A NULL scratch buffer gives EdgeML's code,
 * checked in EdgeML's order: preComp1, preComp2, preComp3 ->
 * ERR_PRECOMP_NOT_INIT, then (low-rank only) tempLRW -> ERR_TEMPLRW_NOT_INIT,
 * tempLRU -> ERR_TEMPLRU_NOT_INIT, then normFeatures ->
 * ERR_NORMFEATURES_NOT_INIT. Where EdgeML is undefined, a TINYRNN_ERR_* code
 * (tinyrnn_errors.h): a NULL params/buffers/scales struct or a NULL weight
 * that the call needs -> TINYRNN_ERR_NULL; a sparse row number beyond
 * hiddenDims -> TINYRNN_ERR_LENGTH; hiddenState or a scratch buffer
 * overlapping another buffer of the call -> TINYRNN_ERR_ALIASING; sizes that
 * overflow -> TINYRNN_ERR_OVERFLOW. On any error hiddenState is unchanged.
 * steps == 0 returns 0 and leaves hiddenState as it is. The contents of
 * the scratch buffers after a call are unspecified (preComp3 is required,
 * as in EdgeML, but not used).
 */
#ifndef __QUANTIZED_FASTGRNN_H__
#define __QUANTIZED_FASTGRNN_H__

/* EdgeML's return codes for a missing scratch buffer. */
#define ERR_PRECOMP_NOT_INIT -1
#define ERR_TEMPLRW_NOT_INIT -2
#define ERR_TEMPLRU_NOT_INIT -3
#define ERR_NORMFEATURES_NOT_INIT -4

#include "quantized_utils.h"
#include "tinyrnn_errors.h"

/*
 * int q15_fastgrnn_lr(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
 *                     ITER_T inputDims, ITER_T steps, const void* params,
 *                     void* buffers, const void* scales, int backward, int normalize);
 *   Low-rank FastGRNN, Q15 input (steps x inputDims).
 *   params:  const Q15_FastGRNN_LR_Params*  W1 (wRank x inputDims),
 *            W2 (hiddenDims x wRank), U1 (uRank x hiddenDims),
 *            U2 (hiddenDims x uRank), Bg, Bh (hiddenDims), mean and stdDev
 *            (steps x inputDims, read only when normalize != 0).
 *   buffers: Q15_FastGRNN_LR_Buffers*  preComp1..3 (hiddenDims each),
 *            tempLRW (wRank), tempLRU (uRank), normFeatures (inputDims).
 *   scales:  const Q15_FastGRNN_LR_Scales*.
 *   Not affected by SPARSE.
 *
 * int q15_fastgrnn(Q15_T* hiddenState, ITER_T hiddenDims, const Q15_T* input,
 *                  ITER_T inputDims, ITER_T steps, const void* params,
 *                  void* buffers, const void* scales, int backward, int normalize);
 *   FastGRNN, Q15 input (steps x inputDims).
 *   params:  const Q15_FastGRNN_Params*  W (hiddenDims x inputDims) and
 *            U (hiddenDims x hiddenDims), or with SPARSE Wids/Wvals
 *            (inputDims columns) and Uids/Uvals (hiddenDims columns);
 *            Bg, Bh (hiddenDims); mean, stdDev as above.
 *   buffers: Q15_FastGRNN_Buffers*  preComp1..3 (hiddenDims each),
 *            normFeatures (inputDims).
 *   scales:  const Q15_FastGRNN_Scales*.
 *
 * int q7xq15_q15_fastgrnn(Q15_T* hiddenState, ITER_T hiddenDims, const Q7_T* input,
 *                         ITER_T inputDims, ITER_T steps, const void* params,
 *                         void* buffers, const void* scales, int backward, int normalize);
 *   As q15_fastgrnn with Q7 input, normalised in Q7.
 *   params:  const Q7xQ15_FastGRNN_Params*;  buffers: Q7xQ15_FastGRNN_Buffers*
 *   (normFeatures is Q7_T);  scales: const Q15_FastGRNN_Scales*.
 *
 * All three have the q15_rnn_t / q7xq15_q15_rnn_t signature
 * (quantized_rnnpool.h), so they can be passed to the RNNPool blocks.
 *
 * Model handles (tinyrnn's, not EdgeML's): q15_fastgrnn, q7xq15_q15_fastgrnn
 * and q15_fastgrnn_lr with their params, buffers and scales checked once.
 *
 * int tinyrnn_q15_fastgrnn_model_init, arguments
 *         (tinyrnn_fastgrnn_model* model, ITER_T hiddenDims, ITER_T inputDims,
 *          ITER_T steps, const void* params, void* buffers, const void* scales,
 *          int normalize);
 * int tinyrnn_q15_fastgrnn_model_run, arguments
 *         (const tinyrnn_fastgrnn_model* model, Q15_T* hiddenState,
 *          const Q15_T* input, ITER_T steps, int backward);
 *   (and tinyrnn_q7xq15_q15_fastgrnn_model_init and _run, with Q7 input and
 *   the Q7xQ15 structs; tinyrnn_q15_fastgrnn_lr_model_init and _run, with
 *   the low-rank structs, for q15_fastgrnn_lr; the symbols, mapped by SHIFT
 *   and SPARSE as above, are in tinyrnn_generated.h.) init makes every
 *   check of the call that does not involve the hidden state or the
 *   input, with the call's codes, and keeps what they found (the weights'
 *   shapes, the walk of a sparse encoding), the update's constants laid
 *   out, and pointers to params, buffers and scales. steps bounds the
 *   runs only when normalize != 0: the steps mean and stdDev hold. A run
 *   then gives exactly what
 *       q15_fastgrnn(hiddenState, hiddenDims, input, inputDims, steps,
 *                    params, buffers, scales, backward, normalize)
 *   gives (values and codes; q15_fastgrnn_lr for a low-rank model),
 *   checking only its own pointers (under a hundred instructions on
 *   Cortex-M4F, where the call's checks take several hundred), with no walk
 *   of a sparse encoding and no update laid out on the stack.
 *   A model is for buffers apart: where the call runs EdgeML's sequence
 *   through shared memory, init refuses scratch buffers sharing memory and
 *   a run refuses a hidden state or input sharing memory with the call's
 *   buffers, weights or structs (TINYRNN_ERR_ALIASING, nothing written).
 *   Codes: those of the call; TINYRNN_ERR_MODEL from a run on storage no
 *   init accepted (zeroed, refused, or another variant's: init and run
 *   must be the same build's); TINYRNN_ERR_LENGTH for more steps than a
 *   normalising model's init allowed; TINYRNN_ERR_ALIASING as above, and for
 *   storage overlapping a buffer of the call or a hidden state inside the
 *   model's storage. On error nothing is written (a refused init leaves the
 *   storage as it was).
 *   The model keeps pointers: the three structs and every array they point
 *   to must stay in place and unchanged while it is used (const data in
 *   flash always does); after changing any of them, init again. A sparse
 *   model's row numbers, walked and checked once by init, then decide
 *   where a run writes.
 *   Storage: a tinyrnn_fastgrnn_model, TINYRNN_FASTGRNN_MODEL_BYTES bytes
 *   (208 on 32-bit targets), static or otherwise long-lived, any alignment.
 */

#ifdef SHIFT
#define q15_fastgrnn_lr tinyrnn_q15_fastgrnn_lr_shift
#define tinyrnn_q15_fastgrnn_lr_model_init tinyrnn_q15_fastgrnn_lr_model_init_shift
#define tinyrnn_q15_fastgrnn_lr_model_run tinyrnn_q15_fastgrnn_lr_model_run_shift
#ifdef SPARSE
#define q15_fastgrnn tinyrnn_q15_fastgrnn_shift_sparse
#define q7xq15_q15_fastgrnn tinyrnn_q7xq15_q15_fastgrnn_shift_sparse
#define tinyrnn_q15_fastgrnn_model_init tinyrnn_q15_fastgrnn_model_init_shift_sparse
#define tinyrnn_q15_fastgrnn_model_run tinyrnn_q15_fastgrnn_model_run_shift_sparse
#define tinyrnn_q7xq15_q15_fastgrnn_model_init tinyrnn_q7xq15_q15_fastgrnn_model_init_shift_sparse
#define tinyrnn_q7xq15_q15_fastgrnn_model_run tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_sparse
#else
#define q15_fastgrnn tinyrnn_q15_fastgrnn_shift_dense
#define q7xq15_q15_fastgrnn tinyrnn_q7xq15_q15_fastgrnn_shift_dense
#define tinyrnn_q15_fastgrnn_model_init tinyrnn_q15_fastgrnn_model_init_shift_dense
#define tinyrnn_q15_fastgrnn_model_run tinyrnn_q15_fastgrnn_model_run_shift_dense
#define tinyrnn_q7xq15_q15_fastgrnn_model_init tinyrnn_q7xq15_q15_fastgrnn_model_init_shift_dense
#define tinyrnn_q7xq15_q15_fastgrnn_model_run tinyrnn_q7xq15_q15_fastgrnn_model_run_shift_dense
#endif /* SPARSE */
#else
#define q15_fastgrnn_lr tinyrnn_q15_fastgrnn_lr_div
#define tinyrnn_q15_fastgrnn_lr_model_init tinyrnn_q15_fastgrnn_lr_model_init_div
#define tinyrnn_q15_fastgrnn_lr_model_run tinyrnn_q15_fastgrnn_lr_model_run_div
#ifdef SPARSE
#define q15_fastgrnn tinyrnn_q15_fastgrnn_div_sparse
#define q7xq15_q15_fastgrnn tinyrnn_q7xq15_q15_fastgrnn_div_sparse
#define tinyrnn_q15_fastgrnn_model_init tinyrnn_q15_fastgrnn_model_init_div_sparse
#define tinyrnn_q15_fastgrnn_model_run tinyrnn_q15_fastgrnn_model_run_div_sparse
#define tinyrnn_q7xq15_q15_fastgrnn_model_init tinyrnn_q7xq15_q15_fastgrnn_model_init_div_sparse
#define tinyrnn_q7xq15_q15_fastgrnn_model_run tinyrnn_q7xq15_q15_fastgrnn_model_run_div_sparse
#else
#define q15_fastgrnn tinyrnn_q15_fastgrnn_div_dense
#define q7xq15_q15_fastgrnn tinyrnn_q7xq15_q15_fastgrnn_div_dense
#define tinyrnn_q15_fastgrnn_model_init tinyrnn_q15_fastgrnn_model_init_div_dense
#define tinyrnn_q15_fastgrnn_model_run tinyrnn_q15_fastgrnn_model_run_div_dense
#define tinyrnn_q7xq15_q15_fastgrnn_model_init tinyrnn_q7xq15_q15_fastgrnn_model_init_div_dense
#define tinyrnn_q7xq15_q15_fastgrnn_model_run tinyrnn_q7xq15_q15_fastgrnn_model_run_div_dense
#endif /* SPARSE */
#endif /* SHIFT */

#endif /* __QUANTIZED_FASTGRNN_H__ */
