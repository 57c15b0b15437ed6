/*
 * tinyrnn -- drop-in replacement for EdgeML's C reference: the float API.
 *
 * tinyrnn_float.h: the float API under collision-free names only. It declares
 * EdgeML's structs (FastGRNN_Params, FastGRNN_LR_Params, FastGRNN_Buffers,
 * FastGRNN_LR_Buffers, field for field), EdgeML's error codes, the RNN
 * function-pointer type as tinyrnn_rnn_t, and every function of EdgeML's
 * fastgrnn.h, utils.h, rnnpool.h and classifier.h with a "tinyrnn_" prefix
 * (tinyrnn_fastgrnn, tinyrnn_matVec, tinyrnn_min, ...). It defines no macro
 * named after an EdgeML function, so it can be included anywhere, Arduino
 * sketches included.
 *
 * The EdgeML-named headers (fastgrnn.h, utils.h, rnnpool.h, classifier.h)
 * include this file and, unless TINYRNN_NO_EDGEML_NAMES is defined, map
 * EdgeML's names onto these symbols; see utils.h and docs/float-api.md.
 *
 * Results are bit-identical to EdgeML's reference built with gcc and glibc:
 * same operation order, same precisions (FastGRNN's tanh and 1.0 - gate in
 * double), and expf/logf/tanh with glibc's results.
 *
 * Input EdgeML does not define (NULL or misaligned non-empty buffers, sizes
 * whose product overflows, FastGRNN output buffers overlapping other
 * buffers) never crashes: int functions return a code from
 * tinyrnn_errors.h and write nothing; void functions write nothing;
 * tinyrnn_l2squared returns NaN and tinyrnn_argmax 0. A buffer of length 0 is
 * never read, so it may be NULL, and every size of 0 is valid. RNNPool's
 * output, buffer and patch may share memory: the block runs EdgeML's sequence
 * on it and gives EdgeML's result.
 */
#ifndef TINYRNN_FLOAT_H
#define TINYRNN_FLOAT_H

#include "tinyrnn_errors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* EdgeML's return codes: a FastGRNN scratch buffer is NULL. Checked first,
   in this order, even when there is nothing to compute. */
#ifndef ERR_PRECOMP_NOT_INIT
#define ERR_PRECOMP_NOT_INIT -1
#endif
#ifndef ERR_TEMPLRW_NOT_INIT
#define ERR_TEMPLRW_NOT_INIT -2
#endif
#ifndef ERR_TEMPLRU_NOT_INIT
#define ERR_TEMPLRU_NOT_INIT -3
#endif
#ifndef ERR_NORMFEATURES_NOT_INIT
#define ERR_NORMFEATURES_NOT_INIT -4
#endif

/* ------------------------------------------------------------------------ */
/* FastGRNN (fastgrnn.h)                                                    */
/* ------------------------------------------------------------------------ */

/* Low-rank FastGRNN weights: W = W2 * W1, U = U2 * U1 (row-major).
   mean, stdDev: steps x inputDims (one row per step), read only when
   normalizing; W1: wRank x inputDims; W2: hiddenDims x wRank;
   U1: uRank x hiddenDims; U2: hiddenDims x uRank; Bg, Bh: hiddenDims. */
typedef struct FastGRNN_LR_Params {
    float* mean;
    float* stdDev;
    float* W1;
    float* W2;
    unsigned wRank;
    float* U1;
    float* U2;
    unsigned uRank;
    float* Bg;
    float* Bh;
    float sigmoid_zeta;
    float sigmoid_nu;
} FastGRNN_LR_Params;

/* Low-rank FastGRNN scratch: preComp hiddenDims, tempLRW wRank,
   tempLRU uRank, normFeatures inputDims floats. */
typedef struct FastGRNN_LR_Buffers {
    float* preComp;
    float* tempLRW;
    float* tempLRU;
    float* normFeatures;
} FastGRNN_LR_Buffers;

/* FastGRNN weights (row-major). mean, stdDev: steps x inputDims, read only
   when normalizing; W: hiddenDims x inputDims; U: hiddenDims x hiddenDims;
   Bg, Bh: hiddenDims. */
typedef struct FastGRNN_Params {
    float* mean;
    float* stdDev;
    float* W;
    float* U;
    float* Bg;
    float* Bh;
    float sigmoid_zeta;
    float sigmoid_nu;
} FastGRNN_Params;

/* FastGRNN scratch: preComp hiddenDims, normFeatures inputDims floats. */
typedef struct FastGRNN_Buffers {
    float* preComp;
    float* normFeatures;
} FastGRNN_Buffers;

/* Runs `steps` steps of a low-rank FastGRNN cell over `input`
   (steps x inputDims), updating hiddenState in place; `params` points to a
   FastGRNN_LR_Params, `buffers` to a FastGRNN_LR_Buffers. backward != 0 reads
   the input rows last to first; normalize != 0 first maps each row x to
   (x - mean[row]) / stdDev[row]. Returns 0, ERR_PRECOMP_NOT_INIT,
   ERR_TEMPLRW_NOT_INIT, ERR_TEMPLRU_NOT_INIT, ERR_NORMFEATURES_NOT_INIT, or a
   TINYRNN_ERR_* code; on error hiddenState is unchanged. A rank of 0 makes
   that projection contribute 0. */
int tinyrnn_fastgrnn_lr(float* const hiddenState, unsigned hiddenDims,
                        const float* const input, unsigned inputDims, unsigned steps,
                        const void* params, void* buffers, int backward, int normalize);

/* As tinyrnn_fastgrnn_lr, for a dense FastGRNN cell (FastGRNN_Params,
   FastGRNN_Buffers). Returns 0, ERR_PRECOMP_NOT_INIT,
   ERR_NORMFEATURES_NOT_INIT or a TINYRNN_ERR_* code. */
int tinyrnn_fastgrnn(float* const hiddenState, unsigned hiddenDims,
                     const float* const input, unsigned inputDims, unsigned steps,
                     const void* params, void* buffers, int backward, int normalize);

/* ------------------------------------------------------------------------ */
/* Utilities (utils.h)                                                      */
/* ------------------------------------------------------------------------ */

float tinyrnn_min(float a, float b);          /* a < b ? a : b */
float tinyrnn_max(float a, float b);          /* a > b ? a : b */

float tinyrnn_relu(float x);                  /* x < 0 ? 0 : x */
float tinyrnn_sigmoid(float x);               /* 1 / (1 + expf(-x)) */
float tinyrnn_tanhyperbolic(float x);         /* (e^x - e^-x) / (e^x + e^-x), NaN for |x| > 88.7 */
float tinyrnn_quantTanh(float x);             /* x clamped to [-1, 1] */
float tinyrnn_quantSigmoid(float x);          /* (x + 1) / 2 clamped to [0, 1] */

/* ret[i] = f(vec[i]) for i < len; ret may be vec. As in EdgeML,
   v_quantSigmoid applies sigmoid and v_quantTanh applies (double) tanh. */
void tinyrnn_v_relu(const float* const vec, unsigned len, float* const ret);
void tinyrnn_v_sigmoid(const float* const vec, unsigned len, float* const ret);
void tinyrnn_v_tanh(const float* const vec, unsigned len, float* const ret);
void tinyrnn_v_quantSigmoid(const float* const vec, unsigned len, float* const ret);
void tinyrnn_v_quantTanh(const float* const vec, unsigned len, float* const ret);

/* ret = alpha * ret + beta * mat * vec; mat is nrows x ncols, row-major.
   ret is read even when alpha == 0, as in EdgeML. */
void tinyrnn_matVec(const float* const mat, const float* const vec,
                    unsigned nrows, unsigned ncols,
                    float alpha, float beta,
                    float* const ret);

/* ret = scalar1 * vec1 + scalar2 * vec2 (ret may be vec1 or vec2). */
void tinyrnn_v_add(float scalar1, const float* const vec1,
                   float scalar2, const float* const vec2,
                   unsigned len, float* const ret);

/* ret = vec1 * vec2, element-wise. */
void tinyrnn_v_mult(const float* const vec1, const float* const vec2,
                    unsigned len, float* const ret);

/* ret = vec2 / vec1, element-wise (EdgeML's order). */
void tinyrnn_v_div(const float* const vec1, const float* const vec2,
                   unsigned len, float* const ret);

/* Sum of (vec1[i] - vec2[i])^2. */
float tinyrnn_l2squared(const float* const vec1,
                        const float* const vec2, unsigned dim);

/* Index of the first largest element greater than FLT_MIN; 0 if none. */
unsigned tinyrnn_argmax(const float* const vec, unsigned len);

/* ret[i] = exp(input[i]) / sum_j exp(input[j]); len == 0 does nothing. */
void tinyrnn_softmax(const float* const input, unsigned len, float* const ret);

/* ------------------------------------------------------------------------ */
/* RNNPool (rnnpool.h)                                                      */
/* ------------------------------------------------------------------------ */

/* An RNN that RNNPool can pool: tinyrnn_fastgrnn, tinyrnn_fastgrnn_lr, or
   any function with this signature. */
typedef int (*tinyrnn_rnn_t)(float* const, unsigned, const float* const, unsigned,
                             unsigned, const void*, void*, int, int);

/* Pools a patchDim x patchDim patch (pixels of inputDims floats, rows
   `stride` pixels apart) into output (4 * hiddenDims2 floats) with rnn1 over
   rows and columns and rnn2 over their summaries, using buffer
   (hiddenDims1 * patchDim floats). Returns 0 (the RNNs' own return values are
   ignored, as in EdgeML), or a TINYRNN_ERR_* code before writing anything: a
   NULL rnn1/rnn2 or non-empty buffer, an overflowing size, or output/buffer
   overlapping each other or the patch. */
int tinyrnn_rnnpool_block(const float* const patch, unsigned inputDims,
                          unsigned patchDim, unsigned stride,
                          tinyrnn_rnn_t rnn1, unsigned hiddenDims1,
                          const void* rnn1_params, void* rnn1_buffers,
                          tinyrnn_rnn_t rnn2, unsigned hiddenDims2,
                          const void* rnn2_params, void* rnn2_buffers,
                          float* const output, float* const buffer);

/* ------------------------------------------------------------------------ */
/* Classifier (classifier.h)                                                */
/* ------------------------------------------------------------------------ */

/* classScores = FCweights * input + FCbias; FCweights is numClasses x
   inputLen, row-major. */
void tinyrnn_FC(const float* const FCweights, const float* const FCbias,
                const float* const input, const unsigned inputLen,
                float* const classScores, const unsigned numClasses);

#ifdef __cplusplus
}
#endif

#endif /* TINYRNN_FLOAT_H */
