/*
 * tinyrnn benchmark firmware: worst-case stack use of each kernel, measured
 * by stack painting. Written against the EdgeML C API only (EdgeML's names,
 * structs and SHIFT/SPARSE flags), so it links with any implementation.
 *
 * Method, per probe: fill the 16 KiB below the current stack pointer with a
 * pattern; call the kernel through stack_tramp (bench/<arch>/tramp.S), which
 * records the stack pointer at the kernel's entry and jumps to it; then find
 * the lowest word that no longer holds the pattern. The kernel's stack use
 * is the entry stack pointer minus that address: everything the kernel and
 * whatever it calls (compiler helpers, libm, the RNN cells an RNNPool block
 * calls) pushed or reserved, not counting the arguments its caller passed
 * on the stack. No interrupt is enabled while probing.
 *
 * Each kernel is called on a few inputs that take its different paths (with
 * and without normalisation, forward and backward, separate buffers and one
 * scratch buffer in two roles (FastGRNN), table and piecewise
 * activations, convolution groups, dilation, stride, padding); a line
 * "STACK <name> <bytes>" is printed for every call and the report keeps the
 * largest per name. Which kernels are probed depends on the build flags:
 *   - every build: q15_fastgrnn, q7xq15_q15_fastgrnn (dense, or sparse with
 *     -DSPARSE) and both RNNPool blocks using them;
 *   - builds without SPARSE: q15_fastgrnn_lr, the SHIFT-dependent utils and
 *     the five MBConv blocks (quantized_mbconv.h);
 *   - the build with neither flag: the SHIFT-independent utils and the float
 *     API's FastGRNN, low-rank FastGRNN, RNNPool block, FC and utils
 *     (utils.h).
 * With -DTINYRNN_ONLY_PROBES (tinyrnn's firmware only), it also probes
 * tinyrnn's FastGRNN model handles on the same params, buffers and scales
 * (init, then a run; separate buffers only: a model refuses shared ones),
 * then the exports outside EdgeML's API
 * (bench/stack_probes_tinyrnn.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "quantized_fastgrnn.h"
#include "quantized_mbconv.h"
#include "quantized_rnnpool.h"
#include "quantized_utils.h"
#if !defined(SHIFT) && !defined(SPARSE)
#include "classifier.h"
#include "fastgrnn.h"
#include "rnnpool.h"
#include "utils.h"
#endif

#include "bench_platform.h"

void stack_probes_run(void);

#ifdef SHIFT
#define SC(divisor, exponent) (exponent)
#else
#define SC(divisor, exponent) (divisor)
#endif

/* Calls `fn` (a kernel, by its EdgeML name) through the trampoline. */
#define VIA(fn) (stack_target = (void (*)(void))(fn), (__typeof__(&(fn)))stack_tramp)

static void measure(const char *name, void (*probe)(void));

/* Buffers and structs some builds do not use. */
#define MAYBE_UNUSED __attribute__((unused))

#define PAINT_WORD 0xA5C3F00Du
#define PAINT_BYTES 16384u

/* ------------------------------------------------------------------------ */
/* Data                                                                     */
/* ------------------------------------------------------------------------ */

#define HD 64  /* FastGRNN hidden size */
#define ID 32  /* FastGRNN input size */
#define LRH 100
#define RW 16
#define RU 25
#define PH 8 /* RNNPool hidden sizes */
#define PD 4 /* RNNPool input size */
#define PP 8 /* RNNPool patch side */

static Q15_T va[256], vb[256], vo[256] MAYBE_UNUSED;
static Q7_T va7[256], vb7[256], vo7[256] MAYBE_UNUSED;
static Q15_T mat[HD * HD];
static Q15_T matW[HD * ID];
static ITER_T ids[HD * HD + HD], idsW[HD * ID + ID];
static Q15_T vals[HD * HD], valsW[HD * ID];
static Q15_T hidden[LRH], input[ID * 2], mean[ID], stdev[ID];
static Q7_T input7[ID * 2], mean7[ID], stdev7[ID];
static Q15_T bg[LRH], bh[LRH], pc1[LRH], pc2[LRH], pc3[LRH], nf[ID], tw[RW], tu[RU];
static Q7_T nf7[ID];
static Q15_T w1[RW * ID], w2[LRH * RW], u1[RU * LRH], u2[LRH * RU];
static Q15_T patch[PP * PP * PD], pool_out[4 * PH], pool_buf[PH * PP];
static Q7_T patch7[PP * PP * PD];
static Q15_T pw1[PH * PD], pu1[PH * PH], pw2[PH * PH], pu2[PH * PH];
static ITER_T pw1ids[PH * PD + PD], pu1ids[PH * PH + PH], pw2ids[PH * PH + PH], pu2ids[PH * PH + PH];
static Q15_T pw1vals[PH * PD], pu1vals[PH * PH], pw2vals[PH * PH], pu2vals[PH * PH];
static Q15_T conv_filter[3 * 3 * 4 * 4];
static ITER_T argmax_out MAYBE_UNUSED;

static uint32_t lcg = 12345u;
static int32_t rnd(int32_t lo, int32_t hi) {
    lcg = lcg * 1664525u + 1013904223u;
    return lo + (int32_t)((lcg >> 8) % (uint32_t)(hi - lo + 1));
}
static void fill15(Q15_T *v, size_t n, int32_t m) {
    for (size_t i = 0; i < n; i++) {
        v[i] = (Q15_T)rnd(-m, m);
    }
}
static void fill7(Q7_T *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        v[i] = (Q7_T)rnd(-128, 127);
    }
}
/* EdgeML's sparse encoding of a random nr x nc matrix, ~30 % non-zero. */
static void sparse(ITER_T *ix, Q15_T *vx, unsigned nr, unsigned nc) {
    unsigned ni = 0;
    unsigned nv = 0;
    for (unsigned c = 0; c < nc; c++) {
        for (unsigned r = 0; r < nr; r++) {
            if (rnd(0, 99) < 30) {
                ix[ni++] = r + 1;
                vx[nv++] = (Q15_T)rnd(-4096, 4096);
            }
        }
        ix[ni++] = 0;
    }
}

#define ONE SC(1, 0)

/* Every scale field 1 (divisor) or 0 (exponent); the activations' own
 * parameters as in EdgeML's tests. */
static void scales(Q15_FastGRNN_Scales *s, ITER_T tables) {
    SCALE_T *f = (SCALE_T *)(void *)s;
    for (size_t i = 0; i < offsetof(Q15_FastGRNN_Scales, div) / sizeof(SCALE_T); i++) {
        f[i] = ONE;
    }
    s->sigmoidScaleIn = 11;
    s->sigmoidScaleOut = 14;
    s->tanhScaleIn = 11;
    s->tanhScaleOut = 11;
    s->div = 2;
    s->add = 1024;
    s->sigmoidLimit = 2048;
    s->qOne = 16384;
    s->useTableSigmoid = tables;
    s->useTableTanH = tables;
}

static void lr_scales(Q15_FastGRNN_LR_Scales *s, ITER_T tables) {
    SCALE_T *f = (SCALE_T *)(void *)s;
    for (size_t i = 0; i < offsetof(Q15_FastGRNN_LR_Scales, sigmoidLimit) / sizeof(SCALE_T); i++) {
        f[i] = ONE;
    }
    s->sigmoidScaleIn = 11;
    s->sigmoidScaleOut = 14;
    s->tanhScaleIn = 11;
    s->tanhScaleOut = 11;
    s->div = 2;
    s->add = 1024;
    s->sigmoidLimit = 2048;
    s->qOne = 16384;
    s->useTableSigmoid = tables;
    s->useTableTanH = tables;
}

static Q15_FastGRNN_Scales fg_scales;
static Q15_FastGRNN_LR_Scales lr_sc;
static Q15_FastGRNN_Buffers fg_buffers = {pc1, pc2, pc3, nf};
static Q7xQ15_FastGRNN_Buffers fg7_buffers = {pc1, pc2, pc3, nf7};
static Q15_FastGRNN_LR_Buffers lr_buffers MAYBE_UNUSED = {pc1, pc2, pc3, tw, tu, nf};
static Q15_FastGRNN_Buffers pool_b1 = {pc1, pc2, pc3, nf};
static Q15_FastGRNN_Buffers pool_b2 = {pc1, pc2, pc3, nf};
static Q7xQ15_FastGRNN_Buffers pool_b1_7 = {pc1, pc2, pc3, nf7};
#ifdef SPARSE
static Q15_FastGRNN_Params fg_params = {mean, stdev, NULL, idsW, valsW, NULL, ids, vals, bg, bh, 32522, 30111};
static Q7xQ15_FastGRNN_Params fg7_params = {mean7, stdev7, NULL, idsW, valsW, NULL, ids, vals, bg, bh, 32522, 30111};
static Q15_FastGRNN_Params pool_p1 = {NULL, NULL, NULL, pw1ids, pw1vals, NULL, pu1ids, pu1vals, bg, bh, 32522, 30111};
static Q7xQ15_FastGRNN_Params pool_p1_7 = {NULL, NULL, NULL, pw1ids, pw1vals, NULL, pu1ids, pu1vals, bg, bh, 32522, 30111};
static Q15_FastGRNN_Params pool_p2 = {NULL, NULL, NULL, pw2ids, pw2vals, NULL, pu2ids, pu2vals, bg, bh, 32522, 30111};
#else
static Q15_FastGRNN_Params fg_params = {mean, stdev, matW, NULL, NULL, mat, NULL, NULL, bg, bh, 32522, 30111};
static Q7xQ15_FastGRNN_Params fg7_params = {mean7, stdev7, matW, NULL, NULL, mat, NULL, NULL, bg, bh, 32522, 30111};
static Q15_FastGRNN_Params pool_p1 = {NULL, NULL, pw1, NULL, NULL, pu1, NULL, NULL, bg, bh, 32522, 30111};
static Q7xQ15_FastGRNN_Params pool_p1_7 = {NULL, NULL, pw1, NULL, NULL, pu1, NULL, NULL, bg, bh, 32522, 30111};
static Q15_FastGRNN_Params pool_p2 = {NULL, NULL, pw2, NULL, NULL, pu2, NULL, NULL, bg, bh, 32522, 30111};
#endif
static Q15_FastGRNN_LR_Params lr_params MAYBE_UNUSED = {mean, stdev, w1, w2, RW, u1, u2, RU, bg, bh, 32522, 30111};

/* Per-call options of the RNN probes. */
static int opt_backward;
static int opt_normalize;
static int opt_shared;

static void init_data(void) {
    fill15(va, 256, 8192);
    fill15(vb, 256, 8192);
    fill7(va7, 256);
    fill7(vb7, 256);
    fill15(mat, HD * HD, 4096);
    fill15(matW, HD * ID, 4096);
    sparse(ids, vals, HD, HD);
    sparse(idsW, valsW, HD, ID);
    fill15(input, ID * 2, 4096);
    fill7(input7, ID * 2);
    fill15(mean, ID, 1024);
    fill7(mean7, ID);
    for (unsigned i = 0; i < ID; i++) {
        stdev[i] = (Q15_T)rnd(1, 64);
        stdev7[i] = (Q7_T)rnd(1, 64);
    }
    fill15(bg, LRH, 4096);
    fill15(bh, LRH, 4096);
    fill15(w1, RW * ID, 4096);
    fill15(w2, LRH * RW, 4096);
    fill15(u1, RU * LRH, 4096);
    fill15(u2, LRH * RU, 4096);
    fill15(patch, PP * PP * PD, 4096);
    fill7(patch7, PP * PP * PD);
    fill15(pw1, PH * PD, 4096);
    fill15(pu1, PH * PH, 4096);
    fill15(pw2, PH * PH, 4096);
    fill15(pu2, PH * PH, 4096);
    sparse(pw1ids, pw1vals, PH, PD);
    sparse(pu1ids, pu1vals, PH, PH);
    sparse(pw2ids, pw2vals, PH, PH);
    sparse(pu2ids, pu2vals, PH, PH);
    fill15(conv_filter, 3 * 3 * 4 * 4, 4096);
}

/* ------------------------------------------------------------------------ */
/* Probes                                                                   */
/* ------------------------------------------------------------------------ */

/* With opt_shared, preComp3 is preComp2 (one scratch buffer in two roles):
 * buffers sharing memory, which an implementation may serve by another path
 * than separate buffers. The copy is in the probe's frame, not counted. */
static void p_fastgrnn(void) {
    Q15_FastGRNN_Buffers b = fg_buffers;
    if (opt_shared) b.preComp3 = b.preComp2;
    memset(hidden, 0, sizeof hidden);
    (void)VIA(q15_fastgrnn)(hidden, HD, input, ID, 2, &fg_params, &b, &fg_scales,
                            opt_backward, opt_normalize);
}
static void p_fastgrnn7(void) {
    Q7xQ15_FastGRNN_Buffers b = fg7_buffers;
    if (opt_shared) b.preComp3 = b.preComp2;
    memset(hidden, 0, sizeof hidden);
    (void)VIA(q7xq15_q15_fastgrnn)(hidden, HD, input7, ID, 2, &fg7_params, &b, &fg_scales,
                                   opt_backward, opt_normalize);
}
static void p_rnnpool(void) {
    (void)VIA(q15_rnnpool_block)(patch, PD, PP, PP, q15_fastgrnn, PH, &pool_p1, &pool_b1, &fg_scales,
                                 q15_fastgrnn, PH, &pool_p2, &pool_b2, &fg_scales, pool_out, pool_buf,
                                 ONE, ONE, ONE, ONE);
}
static void p_rnnpool7(void) {
    (void)VIA(q7xq15_q15_rnnpool_block)(patch7, PD, PP, PP, q7xq15_q15_fastgrnn, PH, &pool_p1_7,
                                        &pool_b1_7, &fg_scales, q15_fastgrnn, PH, &pool_p2, &pool_b2,
                                        &fg_scales, pool_out, pool_buf, ONE, ONE, ONE, ONE);
}

#ifndef SPARSE
static void p_fastgrnn_lr(void) {
    Q15_FastGRNN_LR_Buffers b = lr_buffers;
    if (opt_shared) b.preComp3 = b.preComp2;
    memset(hidden, 0, sizeof hidden);
    (void)VIA(q15_fastgrnn_lr)(hidden, LRH, input, ID, 2, &lr_params, &b, &lr_sc,
                               opt_backward, opt_normalize);
}

/* Vectors. */
static void p_q15_v_add(void) { VIA(q15_v_add)(va, vb, 64, vo, SC(2, 1), SC(2, 1), ONE, ONE); }
static void p_q7_v_sub(void) { VIA(q7_v_sub)(va7, vb7, 64, vo7, SC(2, 1), SC(2, 1), ONE); }
static void p_q15_v_sub(void) { VIA(q15_v_sub)(va, vb, 64, vo, SC(2, 1), SC(2, 1), ONE); }
static void p_q7_v_hadamard(void) { VIA(q7_v_hadamard)(va7, vb7, 64, vo7, SC(16, 4), SC(8, 3)); }
static void p_q15_v_hadamard(void) { VIA(q15_v_hadamard)(va, vb, 64, vo, SC(128, 7), SC(256, 8)); }
static void p_q15_v_scalar_add(void) { VIA(q15_v_scalar_add)(100, va, 64, vo, SC(2, 1), SC(2, 1), ONE); }
static void p_q15_v_scalar_sub(void) { VIA(q15_v_scalar_sub)(100, va, 64, vo, SC(2, 1), SC(2, 1), ONE); }
static void p_q15_v_scalar_mul(void) { VIA(q15_v_scalar_mul)(100, va, 64, vo, SC(16, 4), SC(8, 3)); }
static void p_q15_v_scale_up(void) { VIA(q15_v_scale_up)(va, 64, vo, SC(2, 1)); }
static void p_q15_v_scale_down(void) { VIA(q15_v_scale_down)(va, 64, vo, SC(2, 1)); }
/* Matrices. */
static void p_q15_m_mulvec(void) { VIA(q15_m_mulvec)(mat, va, 16, 16, vo, SC(128, 7), SC(64, 6), ONE); }
static void p_q15xq7_q15_m_mulvec(void) {
    VIA(q15xq7_q15_m_mulvec)(mat, va7, 16, 16, vo, SC(128, 7), SC(64, 6), ONE);
}
static void p_q15_m_sparse_mulvec(void) {
    memset(vo, 0, sizeof vo);
    VIA(q15_m_sparse_mulvec)(idsW, valsW, va, ID, vo, SC(128, 7), SC(64, 6), ONE);
}
static void p_q15xq7_q15_m_sparse_mulvec(void) {
    memset(vo, 0, sizeof vo);
    VIA(q15xq7_q15_m_sparse_mulvec)(idsW, valsW, va7, ID, vo, SC(128, 7), SC(64, 6), ONE);
}
/* Tensors. */
static void p_q7_t_add(void) { VIA(q7_t_add)(va7, vb7, 1, 4, 4, 4, vo7, SC(2, 1), SC(2, 1), ONE); }
static void p_q15_t_add(void) { VIA(q15_t_add)(va, vb, 1, 4, 4, 4, vo, SC(2, 1), SC(2, 1), ONE); }
static void p_q7xq15_q7_t_add_vec(void) {
    VIA(q7xq15_q7_t_add_vec)(va7, vb, 1, 4, 4, 4, vo7, SC(2, 1), SC(256, 8), ONE);
}
static void p_q15_t_add_vec(void) { VIA(q15_t_add_vec)(va, vb, 1, 4, 4, 4, vo, SC(2, 1), SC(2, 1), ONE); }
static void p_q15_t_l2_norm(void) { VIA(q15_t_l2_norm)(va, 1, 4, 4, 4, vo, -3, 8); }
/* Convolutions: 8x8x4 input, 3x3 filter, padding 1; dense (G = 1, 4 output
 * channels), then depthwise (G = 4) with dilation 2, then stride 2. */
static int conv_variant;
static const struct {
    ITER_T cf, cout, hout, wout, g;
    S_ITER_T pad;
    ITER_T stride, dilation;
} conv[3] = {
    {4, 4, 8, 8, 1, 1, 1, 1}, /* dense */
    {1, 1, 8, 8, 4, 2, 1, 2}, /* depthwise, dilation 2 */
    {1, 1, 4, 4, 4, 1, 2, 1}, /* depthwise, stride 2 */
};
#define CV conv[conv_variant]
#define CONV_ARGS 1, 8, 8, 4, 3, 3, CV.cf, CV.cout, CV.hout, CV.wout, CV.g, CV.pad, CV.pad, CV.pad, CV.pad, \
                  CV.stride, CV.stride, CV.dilation, CV.dilation
static void p_q15_convolution(void) {
    VIA(q15_convolution)(va, conv_filter, vo, CONV_ARGS, SC(2, 1), SC(2, 1), ONE);
}
static void p_q7xq15_q15_convolution(void) {
    VIA(q7xq15_q15_convolution)(va7, conv_filter, vo, CONV_ARGS, SC(2, 1), SC(2, 1), ONE);
}
static void p_q7xq15_q7_convolution(void) {
    VIA(q7xq15_q7_convolution)(va7, conv_filter, vo7, CONV_ARGS, SC(2, 1), SC(2, 1), ONE);
}
#endif /* !SPARSE */

#if !defined(SHIFT) && !defined(SPARSE)
/* SHIFT-independent utils. */
static ITER_T opt_tables;
static void p_q15_v_sigmoid(void) { VIA(q15_v_sigmoid)(va, 64, vo, 2, 1024, 2048, 11, 14, opt_tables); }
static void p_q15_v_tanh(void) { VIA(q15_v_tanh)(va, 64, vo, 11, 11, opt_tables); }
static void p_q15_v_argmax(void) { VIA(q15_v_argmax)(va, 64, &argmax_out); }
static void p_q15_m_reverse(void) { VIA(q15_m_reverse)(va, 8, 8, opt_tables, vo); }
static void p_q7_t_relu(void) { VIA(q7_t_relu)(va7, 1, 4, 4, 4, vo7, 100, 2); }

/* The float API. */
static float fW[HD * ID], fU[HD * HD], fBg[LRH], fBh[LRH], fmean[ID], fstd[ID];
static float fW1[RW * ID], fW2[LRH * RW], fU1[RU * LRH], fU2[LRH * RU];
static float fhidden[LRH], finput[ID * 2], fpre[LRH], fnf[ID], ftw[RW], ftu[RU];
static float fpatch[PP * PP * PD], fpout[4 * PH], fpbuf[PH * PP];
static float fpw1[PH * PD], fpu1[PH * PH], fpw2[PH * PH], fpu2[PH * PH];
static float fscores[10];
static FastGRNN_Params ffg = {fmean, fstd, fW, fU, fBg, fBh, 0.5f, 0.5f};
static FastGRNN_Buffers ffgb = {fpre, fnf};
static FastGRNN_LR_Params flr = {fmean, fstd, fW1, fW2, RW, fU1, fU2, RU, fBg, fBh, 0.5f, 0.5f};
static FastGRNN_LR_Buffers flrb = {fpre, ftw, ftu, fnf};
static FastGRNN_Params fp1 = {NULL, NULL, fpw1, fpu1, fBg, fBh, 0.5f, 0.5f};
static FastGRNN_Params fp2 = {NULL, NULL, fpw2, fpu2, fBg, fBh, 0.5f, 0.5f};
static FastGRNN_Buffers fpb = {fpre, fnf};

static void ffill(float *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        v[i] = (float)rnd(-1000, 1000) / 1000.0f;
    }
}
static void init_float(void) {
    ffill(fW, HD * ID);
    ffill(fU, HD * HD);
    ffill(fBg, LRH);
    ffill(fBh, LRH);
    ffill(fmean, ID);
    for (unsigned i = 0; i < ID; i++) {
        fstd[i] = 0.5f + (float)rnd(0, 1000) / 1000.0f;
    }
    ffill(fW1, RW * ID);
    ffill(fW2, LRH * RW);
    ffill(fU1, RU * LRH);
    ffill(fU2, LRH * RU);
    ffill(finput, ID * 2);
    ffill(fpatch, PP * PP * PD);
    ffill(fpw1, PH * PD);
    ffill(fpu1, PH * PH);
    ffill(fpw2, PH * PH);
    ffill(fpu2, PH * PH);
}
static void p_fastgrnn_float(void) {
    memset(fhidden, 0, sizeof fhidden);
    (void)VIA(fastgrnn)(fhidden, HD, finput, ID, 2, &ffg, &ffgb, opt_backward, opt_normalize);
}
static void p_fastgrnn_lr_float(void) {
    memset(fhidden, 0, sizeof fhidden);
    (void)VIA(fastgrnn_lr)(fhidden, LRH, finput, ID, 2, &flr, &flrb, opt_backward, opt_normalize);
}
static void p_rnnpool_float(void) {
    (void)VIA(rnnpool_block)(fpatch, PD, PP, PP, fastgrnn, PH, &fp1, &fpb, fastgrnn, PH, &fp2, &fpb,
                             fpout, fpbuf);
}
static void p_FC(void) { VIA(FC)(fU, fBg, finput, ID, fscores, 10); }

/* The float API's utils (utils.h). */
static volatile float fsink;
static float fvo[64];
static void p_min(void) { fsink = VIA(min)(finput[0], finput[1]); }
static void p_max(void) { fsink = VIA(max)(finput[0], finput[1]); }
static void p_relu(void) { fsink = VIA(relu)(finput[0]); }
static void p_sigmoid(void) { fsink = VIA(sigmoid)(finput[0]); }
static void p_tanhyperbolic(void) { fsink = VIA(tanhyperbolic)(finput[0]); }
static void p_quantTanh(void) { fsink = VIA(quantTanh)(finput[0]); }
static void p_quantSigmoid(void) { fsink = VIA(quantSigmoid)(finput[0]); }
static void p_v_relu(void) { VIA(v_relu)(finput, ID, fvo); }
static void p_v_sigmoid(void) { VIA(v_sigmoid)(finput, ID, fvo); }
static void p_v_tanh(void) { VIA(v_tanh)(finput, ID, fvo); }
static void p_v_quantSigmoid(void) { VIA(v_quantSigmoid)(finput, ID, fvo); }
static void p_v_quantTanh(void) { VIA(v_quantTanh)(finput, ID, fvo); }
static void p_matVec(void) { VIA(matVec)(fW, finput, HD, ID, 0.5f, 0.25f, fhidden); }
static void p_v_add(void) { VIA(v_add)(0.5f, finput, 0.25f, finput + ID, ID, fvo); }
static void p_v_mult(void) { VIA(v_mult)(finput, finput + ID, ID, fvo); }
static void p_v_div(void) { VIA(v_div)(finput, fstd, ID, fvo); }
static void p_l2squared(void) { fsink = VIA(l2squared)(finput, finput + ID, ID); }
static void p_argmax(void) { fsink = (float)VIA(argmax)(finput, ID); }
static void p_softmax(void) { VIA(softmax)(finput, ID, fvo); }
static void float_util_probes(void) {
    measure("min", p_min);
    measure("max", p_max);
    measure("relu", p_relu);
    measure("sigmoid", p_sigmoid);
    measure("tanhyperbolic", p_tanhyperbolic);
    measure("quantTanh", p_quantTanh);
    measure("quantSigmoid", p_quantSigmoid);
    measure("v_relu", p_v_relu);
    measure("v_sigmoid", p_v_sigmoid);
    measure("v_tanh", p_v_tanh);
    measure("v_quantSigmoid", p_v_quantSigmoid);
    measure("v_quantTanh", p_v_quantTanh);
    measure("matVec", p_matVec);
    measure("v_add", p_v_add);
    measure("v_mult", p_v_mult);
    measure("v_div", p_v_div);
    measure("l2squared", p_l2squared);
    measure("argmax", p_argmax);
    measure("softmax", p_softmax);
}
#endif

#ifndef SPARSE
/* MBConv blocks (quantized_mbconv.h): 8x8x4 input, expansion to 8 channels,
 * 3x3 depthwise, padding 1, 4 output channels; stride 1 (8x8 output), then
 * stride 2 (4x4). convBuffer1: CTemp x HF x W, convBuffer2: CTemp.
 * mb_variant bit 0: stride 2; bit 1: the blocks whose input and output have
 * one element type write their output over their input (shared memory,
 * which tinyrnn runs on other views). */
static int mb_variant;
#define MB_OUT(separate, input) ((mb_variant & 2) ? (input) : (separate))
static Q7_T mb_f7[128], mb_out7[256], mb_cb7a[8 * 3 * 8], mb_cb7b[8];
static Q15_T mb_cb15a[8 * 3 * 8], mb_cb15b[8];
#define MB_GEO 1, 8, 8, 4, 8, 3, 3, 4, (ITER_T)((mb_variant & 1) ? 4 : 8), (ITER_T)((mb_variant & 1) ? 4 : 8), 1, 1, \
               1, 1, (ITER_T)((mb_variant & 1) + 1), (ITER_T)((mb_variant & 1) + 1)
#define MB_SCALES SC(16, 4), SC(2, 1), SC(64, 6), SC(4, 2), SC(16, 4), SC(1, 0), SC(2, 1), SC(1, 0), SC(2, 1), \
                  SC(2, 1), SC(1, 0), SC(1, 0)
static void p_q7_mbconv_block(void) {
    VIA(q7_mbconv_block)(va7, mb_f7, mb_f7, mb_f7, mb_f7, mb_f7, mb_f7, mb_f7, mb_f7, mb_f7, MB_OUT(mb_out7, va7), mb_cb7a,
                         mb_cb7b, MB_GEO, 100, 6000, MB_SCALES);
}
static void p_q7xq15_q15_mbconv_block(void) {
    VIA(q7xq15_q15_mbconv_block)(va7, mat, bg, bh, mat, bg, bh, mat, bg, bh, vo, mb_cb15a, mb_cb15b, MB_GEO,
                                 6971, 25222, MB_SCALES);
}
static void p_q15xq7_q7_mbconv_block(void) {
    VIA(q15xq7_q7_mbconv_block)(va, mb_f7, mb_f7, bg, mb_f7, mb_f7, bh, mb_f7, mb_f7, bg, mb_out7, mb_cb15a,
                                mb_cb15b, MB_GEO, 6971, 25222, MB_SCALES);
}
static void p_q15xq7_q15_mbconv_block(void) {
    VIA(q15xq7_q15_mbconv_block)(va, mb_f7, mb_f7, bg, mb_f7, mb_f7, bh, mb_f7, mb_f7, bg, MB_OUT(vo, va), mb_cb15a,
                                 mb_cb15b, MB_GEO, 6971, 25222, MB_SCALES);
}
static void p_q15_mbconv_block(void) {
    VIA(q15_mbconv_block)(va, mat, bg, bh, mat, bg, bh, mat, bg, bh, MB_OUT(vo, va), mb_cb15a, mb_cb15b, MB_GEO, 6971, 25222,
                          MB_SCALES);
}
#endif

/* ------------------------------------------------------------------------ */
/* Painting                                                                 */
/* ------------------------------------------------------------------------ */

static void measure(const char *name, void (*probe)(void)) {
    uintptr_t sp = stack_pointer() & ~(uintptr_t)3;
    uintptr_t lo = sp - PAINT_BYTES;
    if (lo < stack_floor()) {
        lo = (stack_floor() + 3) & ~(uintptr_t)3;
    }
    for (volatile uint32_t *p = (volatile uint32_t *)lo; (uintptr_t)p < sp; p++) {
        *p = PAINT_WORD;
    }
    stack_entry_sp = 0;
    probe();
    const volatile uint32_t *q = (const volatile uint32_t *)lo;
    while ((uintptr_t)q < sp && *q == PAINT_WORD) {
        q++;
    }
    if ((uintptr_t)q == lo) {
        printf("STACK %s overflow(>%lu)\n", name, (unsigned long)(stack_entry_sp - lo));
    } else {
        uintptr_t used = stack_entry_sp > (uintptr_t)q ? stack_entry_sp - (uintptr_t)q : 0;
        printf("STACK %s %lu\n", name, (unsigned long)used);
    }
}

#define MEASURE(name, probe) measure(name, probe)

/* For bench/stack_probes_tinyrnn.c (tinyrnn-only exports). */
void stack_measure(const char *name, void (*probe)(void));
void stack_measure(const char *name, void (*probe)(void)) { measure(name, probe); }
#ifdef TINYRNN_ONLY_PROBES
void stack_probes_tinyrnn_run(void);
#endif

static void rnn_probes(const char *name, void (*probe)(void)) {
    for (ITER_T tables = 0; tables < 2; tables++) {
        scales(&fg_scales, tables);
        lr_scales(&lr_sc, tables);
        for (int n = 0; n < 2; n++) {
            for (int b = 0; b < 2; b++) {
                for (int sh = 0; sh < 2; sh++) {
                    opt_normalize = n;
                    opt_backward = b;
                    opt_shared = sh;
                    MEASURE(name, probe);
                }
            }
        }
    }
}

#ifdef TINYRNN_ONLY_PROBES
/* tinyrnn's model handles (quantized_fastgrnn.h), with the params, buffers
 * and scales of the calls above: an init, then (the model made outside that
 * probe) a run. A failed call prints "PROBEFAIL <name> <rc>". */
static tinyrnn_fastgrnn_model probe_model;
static Q15_FastGRNN_Buffers model_b;
static Q7xQ15_FastGRNN_Buffers model_b7;
static int model_rc;

static void p_model_init(void) {
    model_b = fg_buffers;
    model_rc = VIA(tinyrnn_q15_fastgrnn_model_init)(&probe_model, HD, ID, 2, &fg_params, &model_b, &fg_scales,
                                                    opt_normalize);
}
static void p_model_run(void) {
    memset(hidden, 0, sizeof hidden);
    model_rc = VIA(tinyrnn_q15_fastgrnn_model_run)(&probe_model, hidden, input, 2, opt_backward);
}
static void p_model7_init(void) {
    model_b7 = fg7_buffers;
    model_rc = VIA(tinyrnn_q7xq15_q15_fastgrnn_model_init)(&probe_model, HD, ID, 2, &fg7_params, &model_b7,
                                                           &fg_scales, opt_normalize);
}
static void p_model7_run(void) {
    memset(hidden, 0, sizeof hidden);
    model_rc = VIA(tinyrnn_q7xq15_q15_fastgrnn_model_run)(&probe_model, hidden, input7, 2, opt_backward);
}
#ifndef SPARSE
static Q15_FastGRNN_LR_Buffers model_blr;
static void p_model_lr_init(void) {
    model_blr = lr_buffers;
    model_rc = VIA(tinyrnn_q15_fastgrnn_lr_model_init)(&probe_model, LRH, ID, 2, &lr_params, &model_blr, &lr_sc,
                                                       opt_normalize);
}
static void p_model_lr_run(void) {
    memset(hidden, 0, sizeof hidden);
    model_rc = VIA(tinyrnn_q15_fastgrnn_lr_model_run)(&probe_model, hidden, input, 2, opt_backward);
}
#endif

static void model_measure(const char *name, void (*probe)(void)) {
    model_rc = -9999;
    MEASURE(name, probe);
    if (model_rc != 0) {
        printf("PROBEFAIL %s %d\n", name, model_rc);
    }
}

/* The options of rnn_probes but shared scratch, which a model refuses. */
static void model_probes(const char *init_name, void (*init)(void), const char *run_name, void (*run)(void)) {
    for (ITER_T tables = 0; tables < 2; tables++) {
        scales(&fg_scales, tables);
        lr_scales(&lr_sc, tables);
        for (int n = 0; n < 2; n++) {
            for (int b = 0; b < 2; b++) {
                opt_normalize = n;
                opt_backward = b;
                model_measure(init_name, init);
                model_measure(run_name, run);
            }
        }
    }
}
#endif

void stack_probes_run(void) {
    init_data();
    rnn_probes("q15_fastgrnn", p_fastgrnn);
    rnn_probes("q7xq15_q15_fastgrnn", p_fastgrnn7);
#ifdef TINYRNN_ONLY_PROBES
    model_probes("q15_fastgrnn_model_init", p_model_init, "q15_fastgrnn_model_run", p_model_run);
    model_probes("q7xq15_q15_fastgrnn_model_init", p_model7_init, "q7xq15_q15_fastgrnn_model_run", p_model7_run);
#endif
    for (ITER_T tables = 0; tables < 2; tables++) {
        scales(&fg_scales, tables);
        MEASURE("q15_rnnpool_block", p_rnnpool);
        MEASURE("q7xq15_q15_rnnpool_block", p_rnnpool7);
    }
#ifndef SPARSE
    rnn_probes("q15_fastgrnn_lr", p_fastgrnn_lr);
#ifdef TINYRNN_ONLY_PROBES
    model_probes("q15_fastgrnn_lr_model_init", p_model_lr_init, "q15_fastgrnn_lr_model_run", p_model_lr_run);
#endif
    MEASURE("q15_v_add", p_q15_v_add);
    MEASURE("q7_v_sub", p_q7_v_sub);
    MEASURE("q15_v_sub", p_q15_v_sub);
    MEASURE("q7_v_hadamard", p_q7_v_hadamard);
    MEASURE("q15_v_hadamard", p_q15_v_hadamard);
    MEASURE("q15_v_scalar_add", p_q15_v_scalar_add);
    MEASURE("q15_v_scalar_sub", p_q15_v_scalar_sub);
    MEASURE("q15_v_scalar_mul", p_q15_v_scalar_mul);
    MEASURE("q15_v_scale_up", p_q15_v_scale_up);
    MEASURE("q15_v_scale_down", p_q15_v_scale_down);
    MEASURE("q15_m_mulvec", p_q15_m_mulvec);
    MEASURE("q15xq7_q15_m_mulvec", p_q15xq7_q15_m_mulvec);
    MEASURE("q15_m_sparse_mulvec", p_q15_m_sparse_mulvec);
    MEASURE("q15xq7_q15_m_sparse_mulvec", p_q15xq7_q15_m_sparse_mulvec);
    MEASURE("q7_t_add", p_q7_t_add);
    MEASURE("q15_t_add", p_q15_t_add);
    MEASURE("q7xq15_q7_t_add_vec", p_q7xq15_q7_t_add_vec);
    MEASURE("q15_t_add_vec", p_q15_t_add_vec);
    MEASURE("q15_t_l2_norm", p_q15_t_l2_norm);
    for (conv_variant = 0; conv_variant < 3; conv_variant++) {
        MEASURE("q15_convolution", p_q15_convolution);
        MEASURE("q7xq15_q15_convolution", p_q7xq15_q15_convolution);
        MEASURE("q7xq15_q7_convolution", p_q7xq15_q7_convolution);
    }
#endif
#if !defined(SHIFT) && !defined(SPARSE)
    for (opt_tables = 0; opt_tables < 2; opt_tables++) {
        MEASURE("q15_v_sigmoid", p_q15_v_sigmoid);
        MEASURE("q15_v_tanh", p_q15_v_tanh);
        MEASURE("q15_m_reverse", p_q15_m_reverse);
    }
    MEASURE("q15_v_argmax", p_q15_v_argmax);
    MEASURE("q7_t_relu", p_q7_t_relu);
    init_float();
    for (int n = 0; n < 2; n++) {
        for (int b = 0; b < 2; b++) {
            opt_normalize = n;
            opt_backward = b;
            MEASURE("fastgrnn", p_fastgrnn_float);
            MEASURE("fastgrnn_lr", p_fastgrnn_lr_float);
        }
    }
    MEASURE("rnnpool_block", p_rnnpool_float);
    MEASURE("FC", p_FC);
    float_util_probes();
#endif
#ifndef SPARSE
    fill7(mb_f7, 128);
    for (mb_variant = 0; mb_variant < 4; mb_variant++) {
        MEASURE("q7_mbconv_block", p_q7_mbconv_block);
        MEASURE("q7xq15_q15_mbconv_block", p_q7xq15_q15_mbconv_block);
        MEASURE("q15xq7_q7_mbconv_block", p_q15xq7_q7_mbconv_block);
        MEASURE("q15xq7_q15_mbconv_block", p_q15xq7_q15_mbconv_block);
        MEASURE("q15_mbconv_block", p_q15_mbconv_block);
    }
#endif
#ifdef TINYRNN_ONLY_PROBES
    stack_probes_tinyrnn_run();
#endif
}
