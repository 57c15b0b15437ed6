/*
 * The quantized API is source-compatible with EdgeML's headers: every
 * function converts to a pointer of EdgeML's declared type (so code that
 * stores them, or passes q15_fastgrnn as an RNN, compiles unchanged), the
 * typedefs have EdgeML's widths, the macros EdgeML's values, and the structs
 * EdgeML's field order (checked with offsetof against the layout the field
 * list implies).
 */
#include <stddef.h>
#include <string.h>

#include "quantized_datatypes.h"
#include "quantized_utils.h"
#include "quantized_fastgrnn.h"
#include "quantized_rnnpool.h"
#include "tinyrnn.h"
#include "check.h"

/* EdgeML's prototypes, as function-pointer types. */
typedef void (*vv3_q15_t)(const Q15_T*, const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*vv3_q7_t)(const Q7_T*, const Q7_T*, ITER_T, Q7_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*vv2_q15_t)(const Q15_T*, const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T);
typedef void (*vv2_q7_t)(const Q7_T*, const Q7_T*, ITER_T, Q7_T*, SCALE_T, SCALE_T);
typedef void (*scalar3_t)(Q15_T, const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*mulvec_t)(const Q15_T*, const Q15_T* const, ITER_T, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*mulvec7_t)(const Q15_T*, const Q7_T* const, ITER_T, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*sparse_t)(const ITER_T*, const Q15_T*, const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*sparse7_t)(const ITER_T*, const Q15_T*, const Q7_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*tadd15_t)(const Q15_T*, const Q15_T*, ITER_T, ITER_T, ITER_T, ITER_T, Q15_T*, SCALE_T, SCALE_T,
                         SCALE_T);
typedef void (*tadd7_t)(const Q7_T*, const Q7_T*, ITER_T, ITER_T, ITER_T, ITER_T, Q7_T*, SCALE_T, SCALE_T, SCALE_T);
typedef void (*taddvec15_t)(const Q15_T*, const Q15_T* const, ITER_T, ITER_T, ITER_T, ITER_T, Q15_T*, SCALE_T,
                            SCALE_T, SCALE_T);
typedef void (*taddvec7_t)(const Q7_T*, const Q15_T* const, ITER_T, ITER_T, ITER_T, ITER_T, Q7_T*, SCALE_T, SCALE_T,
                           SCALE_T);
typedef void (*conv_q7_q7_t)(const Q7_T* const, const Q15_T* const, Q7_T* const, ITER_T, ITER_T, ITER_T, ITER_T,
                             ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, S_ITER_T, S_ITER_T, S_ITER_T,
                             S_ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, SCALE_T, SCALE_T, SCALE_T);
typedef void (*conv_q7_q15_t)(const Q7_T* const, const Q15_T* const, Q15_T* const, ITER_T, ITER_T, ITER_T, ITER_T,
                              ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, S_ITER_T, S_ITER_T, S_ITER_T,
                              S_ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, SCALE_T, SCALE_T, SCALE_T);
typedef void (*conv_q15_t)(const Q15_T* const, const Q15_T* const, Q15_T* const, ITER_T, ITER_T, ITER_T, ITER_T,
                           ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, S_ITER_T, S_ITER_T, S_ITER_T,
                           S_ITER_T, ITER_T, ITER_T, ITER_T, ITER_T, SCALE_T, SCALE_T, SCALE_T);
typedef int (*cell15_t)(Q15_T* const, ITER_T, const Q15_T* const, ITER_T, ITER_T, const void*, void*, const void*,
                        int, int);
typedef int (*cell7_t)(Q15_T* const, ITER_T, const Q7_T* const, ITER_T, ITER_T, const void*, void*, const void*, int,
                       int);
typedef int (*pool15_t)(const Q15_T* const, ITER_T, ITER_T, ITER_T, q15_rnn_t, ITER_T, const void*, void*,
                        const void*, q15_rnn_t, ITER_T, const void*, void*, const void*, Q15_T* const, Q15_T* const,
                        SCALE_T, SCALE_T, SCALE_T, SCALE_T);
typedef int (*pool7_t)(const Q7_T* const, ITER_T, ITER_T, ITER_T, q7xq15_q15_rnn_t, ITER_T, const void*, void*,
                       const void*, q15_rnn_t, ITER_T, const void*, void*, const void*, Q15_T* const, Q15_T* const,
                       SCALE_T, SCALE_T, SCALE_T, SCALE_T);

/* Every EdgeML name, stored in a variable of EdgeML's type. */
static int test_signatures(void) {
    void (*v_add)(const Q15_T*, const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T, SCALE_T, SCALE_T) = q15_v_add;
    vv3_q7_t v7_sub = q7_v_sub;
    vv3_q15_t v15_sub = q15_v_sub;
    vv2_q7_t v7_had = q7_v_hadamard;
    vv2_q15_t v15_had = q15_v_hadamard;
    void (*sigmoid)(const Q15_T*, ITER_T, Q15_T*, Q15_T, Q15_T, Q15_T, SCALE_T, SCALE_T, ITER_T) = q15_v_sigmoid;
    void (*tanh_)(const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T, ITER_T) = q15_v_tanh;
    scalar3_t s_add = q15_v_scalar_add;
    scalar3_t s_sub = q15_v_scalar_sub;
    void (*s_mul)(Q15_T, const Q15_T*, ITER_T, Q15_T*, SCALE_T, SCALE_T) = q15_v_scalar_mul;
    void (*argmax)(const Q15_T* const, ITER_T, ITER_T* const) = q15_v_argmax;
    void (*up)(const Q15_T*, ITER_T, Q15_T*, SCALE_T) = q15_v_scale_up;
    void (*down)(const Q15_T*, ITER_T, Q15_T*, SCALE_T) = q15_v_scale_down;
    void (*reverse)(const Q15_T* const, ITER_T, ITER_T, ITER_T, Q15_T* const) = q15_m_reverse;
    mulvec7_t mv7 = q15xq7_q15_m_mulvec;
    mulvec_t mv15 = q15_m_mulvec;
    sparse7_t sp7 = q15xq7_q15_m_sparse_mulvec;
    sparse_t sp15 = q15_m_sparse_mulvec;
    tadd7_t ta7 = q7_t_add;
    tadd15_t ta15 = q15_t_add;
    taddvec7_t tv7 = q7xq15_q7_t_add_vec;
    taddvec15_t tv15 = q15_t_add_vec;
    void (*relu)(const Q7_T*, ITER_T, ITER_T, ITER_T, ITER_T, Q7_T*, Q7_T, Q7_T) = q7_t_relu;
    void (*l2)(const Q15_T*, ITER_T, ITER_T, ITER_T, ITER_T, Q15_T*, SCALE_T, SCALE_T) = q15_t_l2_norm;
    conv_q7_q7_t c77 = q7xq15_q7_convolution;
    conv_q7_q15_t c715 = q7xq15_q15_convolution;
    conv_q15_t c15 = q15_convolution;
    cell15_t lr = q15_fastgrnn_lr;
    cell15_t cell = q15_fastgrnn;
    cell7_t cell7 = q7xq15_q15_fastgrnn;
    pool7_t pool7 = q7xq15_q15_rnnpool_block;
    pool15_t pool15 = q15_rnnpool_block;
    /* The cells are RNNs RNNPool can take, in both pointer types. */
    q15_rnn_t as_rnn = q15_fastgrnn;
    q15_rnn_t lr_as_rnn = q15_fastgrnn_lr;
    q7xq15_q15_rnn_t as_rnn7 = q7xq15_q15_fastgrnn;
    cell15_t from_typedef = as_rnn;

    const void *all[] = {
        (const void*)&v_add, (const void*)&v7_sub, (const void*)&v15_sub, (const void*)&v7_had,
        (const void*)&v15_had, (const void*)&sigmoid, (const void*)&tanh_, (const void*)&s_add,
        (const void*)&s_sub, (const void*)&s_mul, (const void*)&argmax, (const void*)&up, (const void*)&down,
        (const void*)&reverse, (const void*)&mv7, (const void*)&mv15, (const void*)&sp7, (const void*)&sp15,
        (const void*)&ta7, (const void*)&ta15, (const void*)&tv7, (const void*)&tv15, (const void*)&relu,
        (const void*)&l2, (const void*)&c77, (const void*)&c715, (const void*)&c15, (const void*)&lr,
        (const void*)&cell, (const void*)&cell7, (const void*)&pool7, (const void*)&pool15,
        (const void*)&as_rnn, (const void*)&lr_as_rnn, (const void*)&as_rnn7, (const void*)&from_typedef,
    };
    int fails = check_int("EdgeML functions referenced", (long)COUNT(all), 36);
    /* They link, and a cell called through its RNN pointer type works. */
    fails += check_int("q15_fastgrnn through q15_rnn_t is q15_fastgrnn", as_rnn == cell, 1);
    fails += check_int("q15_fastgrnn_lr through q15_rnn_t", lr_as_rnn == lr, 1);
    fails += check_int("q7xq15_q15_fastgrnn through q7xq15_q15_rnn_t", as_rnn7 == cell7, 1);
    fails += check_int("non-NULL", v_add != NULL && pool15 != NULL && pool7 != NULL && c15 != NULL, 1);
    return fails;
}

static int test_types_and_macros(void) {
    int fails = 0;
    fails += check_int("sizeof(Q7_T)", (long)sizeof(Q7_T), 1);
    fails += check_int("sizeof(Q15_T)", (long)sizeof(Q15_T), 2);
    fails += check_int("sizeof(Q31_T)", (long)sizeof(Q31_T), 4);
    fails += check_int("sizeof(Q63_T)", (long)sizeof(Q63_T), 8);
    fails += check_int("sizeof(ITER_T)", (long)sizeof(ITER_T), 4);
    fails += check_int("sizeof(S_ITER_T)", (long)sizeof(S_ITER_T), 4);
    fails += check_int("sizeof(SCALE_T)", (long)sizeof(SCALE_T), 4);
    fails += check_int("ITER_T is unsigned", (ITER_T)-1 > 0, 1);
    fails += check_int("S_ITER_T is signed", (S_ITER_T)-1 < 0, 1);
    fails += check_int("Q15_TMAX", Q15_TMAX, 32767);
    fails += check_int("Q15_TMIN", Q15_TMIN, -32768);
    fails += check_int("ERR_PRECOMP_NOT_INIT", ERR_PRECOMP_NOT_INIT, -1);
    fails += check_int("ERR_TEMPLRW_NOT_INIT", ERR_TEMPLRW_NOT_INIT, -2);
    fails += check_int("ERR_TEMPLRU_NOT_INIT", ERR_TEMPLRU_NOT_INIT, -3);
    fails += check_int("ERR_NORMFEATURES_NOT_INIT", ERR_NORMFEATURES_NOT_INIT, -4);
    fails += check_int("TINYRNN_ERR_NULL", TINYRNN_ERR_NULL, -100);
    fails += check_int("TINYRNN_ERR_GEOMETRY", TINYRNN_ERR_GEOMETRY, -107);
    fails += check_int("version", TINYRNN_VERSION_MAJOR * 10000 + TINYRNN_VERSION_MINOR * 100 + TINYRNN_VERSION_PATCH,
                       100);
    fails += check_int("version string", strcmp(TINYRNN_VERSION_STRING, "0.1.0"), 0);
    return fails;
}

/* offsetof(T, f) must follow EdgeML's field order: check each offset is
   the previous field's end rounded up to the field's alignment. */
#define FIELD(T, f, prev_end, align) \
    fails += check_int(#T "." #f, (long)offsetof(T, f), (long)((((prev_end) + (align) - 1) / (align)) * (align))); \
    prev_end = offsetof(T, f) + sizeof(((T*)0)->f)

static int test_struct_layouts(void) {
    int fails = 0;
    size_t end;
    const size_t P = sizeof(void*), S = sizeof(SCALE_T);

    /* The scales structs: SCALE_T fields, then Q15_T, then ITER_T. */
    fails += check_int("Q15_FastGRNN_Scales.div", (long)offsetof(Q15_FastGRNN_Scales, div), 43 * (long)S);
    fails += check_int("Q15_FastGRNN_Scales.add", (long)offsetof(Q15_FastGRNN_Scales, add), 43 * (long)S + 2);
    fails += check_int("Q15_FastGRNN_Scales.sigmoidLimit", (long)offsetof(Q15_FastGRNN_Scales, sigmoidLimit),
                       43 * (long)S + 4);
    fails += check_int("Q15_FastGRNN_Scales.qOne", (long)offsetof(Q15_FastGRNN_Scales, qOne), 43 * (long)S + 6);
    fails += check_int("Q15_FastGRNN_Scales.useTableTanH", (long)offsetof(Q15_FastGRNN_Scales, useTableTanH),
                       43 * (long)S + 12);
    fails += check_int("sizeof(Q15_FastGRNN_Scales)", (long)sizeof(Q15_FastGRNN_Scales), 43 * (long)S + 16);
    fails += check_int("Q15_FastGRNN_Scales.mV1AddMV2Demote",
                       (long)offsetof(Q15_FastGRNN_Scales, mV1AddMV2Demote), 14 * (long)S);
    fails += check_int("Q15_FastGRNN_Scales.hiddenStateDemote",
                       (long)offsetof(Q15_FastGRNN_Scales, hiddenStateDemote), 42 * (long)S);
    /* The low-rank scales end sigmoidLimit, div, add, qOne. */
    fails += check_int("Q15_FastGRNN_LR_Scales.sigmoidLimit", (long)offsetof(Q15_FastGRNN_LR_Scales, sigmoidLimit),
                       49 * (long)S);
    fails += check_int("Q15_FastGRNN_LR_Scales.div", (long)offsetof(Q15_FastGRNN_LR_Scales, div), 49 * (long)S + 2);
    fails += check_int("Q15_FastGRNN_LR_Scales.add", (long)offsetof(Q15_FastGRNN_LR_Scales, add), 49 * (long)S + 4);
    fails += check_int("Q15_FastGRNN_LR_Scales.qOne", (long)offsetof(Q15_FastGRNN_LR_Scales, qOne), 49 * (long)S + 6);
    fails += check_int("Q15_FastGRNN_LR_Scales.mVU2Out", (long)offsetof(Q15_FastGRNN_LR_Scales, mVU2Out),
                       16 * (long)S);
    fails += check_int("sizeof(Q15_FastGRNN_LR_Scales)", (long)sizeof(Q15_FastGRNN_LR_Scales), 49 * (long)S + 16);

    end = 0;
    FIELD(Q15_FastGRNN_Params, mean, end, P);
    FIELD(Q15_FastGRNN_Params, stdDev, end, P);
    FIELD(Q15_FastGRNN_Params, W, end, P);
    FIELD(Q15_FastGRNN_Params, Wids, end, P);
    FIELD(Q15_FastGRNN_Params, Wvals, end, P);
    FIELD(Q15_FastGRNN_Params, U, end, P);
    FIELD(Q15_FastGRNN_Params, Uids, end, P);
    FIELD(Q15_FastGRNN_Params, Uvals, end, P);
    FIELD(Q15_FastGRNN_Params, Bg, end, P);
    FIELD(Q15_FastGRNN_Params, Bh, end, P);
    FIELD(Q15_FastGRNN_Params, sigmoid_zeta, end, 2);
    FIELD(Q15_FastGRNN_Params, sigmoid_nu, end, 2);

    end = 0;
    FIELD(Q7xQ15_FastGRNN_Params, mean, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, stdDev, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, W, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, Wids, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, Wvals, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, U, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, Uids, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, Uvals, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, Bg, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, Bh, end, P);
    FIELD(Q7xQ15_FastGRNN_Params, sigmoid_zeta, end, 2);
    FIELD(Q7xQ15_FastGRNN_Params, sigmoid_nu, end, 2);

    end = 0;
    FIELD(Q15_FastGRNN_LR_Params, mean, end, P);
    FIELD(Q15_FastGRNN_LR_Params, stdDev, end, P);
    FIELD(Q15_FastGRNN_LR_Params, W1, end, P);
    FIELD(Q15_FastGRNN_LR_Params, W2, end, P);
    FIELD(Q15_FastGRNN_LR_Params, wRank, end, 4);
    FIELD(Q15_FastGRNN_LR_Params, U1, end, P);
    FIELD(Q15_FastGRNN_LR_Params, U2, end, P);
    FIELD(Q15_FastGRNN_LR_Params, uRank, end, 4);
    FIELD(Q15_FastGRNN_LR_Params, Bg, end, P);
    FIELD(Q15_FastGRNN_LR_Params, Bh, end, P);
    FIELD(Q15_FastGRNN_LR_Params, sigmoid_zeta, end, 2);
    FIELD(Q15_FastGRNN_LR_Params, sigmoid_nu, end, 2);

    end = 0;
    FIELD(Q15_FastGRNN_Buffers, preComp1, end, P);
    FIELD(Q15_FastGRNN_Buffers, preComp2, end, P);
    FIELD(Q15_FastGRNN_Buffers, preComp3, end, P);
    FIELD(Q15_FastGRNN_Buffers, normFeatures, end, P);
    end = 0;
    FIELD(Q7xQ15_FastGRNN_Buffers, preComp1, end, P);
    FIELD(Q7xQ15_FastGRNN_Buffers, preComp2, end, P);
    FIELD(Q7xQ15_FastGRNN_Buffers, preComp3, end, P);
    FIELD(Q7xQ15_FastGRNN_Buffers, normFeatures, end, P);
    end = 0;
    FIELD(Q15_FastGRNN_LR_Buffers, preComp1, end, P);
    FIELD(Q15_FastGRNN_LR_Buffers, preComp2, end, P);
    FIELD(Q15_FastGRNN_LR_Buffers, preComp3, end, P);
    FIELD(Q15_FastGRNN_LR_Buffers, tempLRW, end, P);
    FIELD(Q15_FastGRNN_LR_Buffers, tempLRU, end, P);
    FIELD(Q15_FastGRNN_LR_Buffers, normFeatures, end, P);
    (void)end;
    return fails;
}

int main(void) {
    int fails = test_signatures() + test_types_and_macros() + test_struct_layouts();
    if (fails) {
        printf("test_api_surface [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_api_surface [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
