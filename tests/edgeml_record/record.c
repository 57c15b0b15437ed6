/*
 * Records EdgeML's results for the cases tests/edgeml_recorded.rs replays:
 * the five MBConv blocks, in-place and overlapping calls, FastGRNN with
 * shared buffers, and the exact sequence of RNN calls RNNPool makes.
 *
 * This file is tinyrnn's own; it only calls EdgeML's public functions. It is
 * compiled against a checkout of microsoft/EdgeML (c_reference/ at
 * 81025fce) by scripts/record-edgeml-vectors, once per build mode, and
 * prints one JSON object per line. Nothing of EdgeML enters the repository:
 * only these recorded numbers (tests/data/edgeml_recorded_*.jsonl).
 *
 * Inputs are drawn inside EdgeML's defined domain (docs/contract.md): no
 * signed overflow, shift counts in range, non-zero divisors.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include "quantized_utils.h"
#include "quantized_fastgrnn.h"
#include "quantized_rnnpool.h"
#ifndef SPARSE
#include "quantized_mbconv.h"
#endif

#ifdef SHIFT
static const char *MODE = "shift";
#else
static const char *MODE = "div";
#endif
#ifdef SPARSE
static const int IS_SPARSE = 1;
#else
static const int IS_SPARSE = 0;
#endif

/* ---- deterministic random numbers ---- */
static uint32_t rng = 0x2545F491u;
static uint32_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
/* uniform in [lo, hi] */
static int32_t rnd(int32_t lo, int32_t hi) {
    return lo + (int32_t)(next() % (uint32_t)(hi - lo + 1));
}

/* ---- JSON output ---- */
static int first_field;
static void obj_begin(const char *fn, int n) {
    printf("{\"fn\":\"%s\",\"mode\":\"%s\",\"sparse\":%s,\"case\":%d", fn, MODE, IS_SPARSE ? "true" : "false", n);
}
static void sect(const char *name) {
    printf(",\"%s\":{", name);
    first_field = 1;
}
static void sect_end(void) { printf("}"); }
static void obj_end(void) { printf("}\n"); }
static void key(const char *k) {
    printf("%s\"%s\":", first_field ? "" : ",", k);
    first_field = 0;
}
static void num(const char *k, long long v) { key(k); printf("%lld", v); }
static void arr16(const char *k, const Q15_T *a, long n) {
    key(k); printf("[");
    for (long i = 0; i < n; i++) printf("%s%d", i ? "," : "", a[i]);
    printf("]");
}
static void arr8(const char *k, const Q7_T *a, long n) {
    key(k); printf("[");
    for (long i = 0; i < n; i++) printf("%s%d", i ? "," : "", a[i]);
    printf("]");
}
static void arru(const char *k, const ITER_T *a, long n) {
    key(k); printf("[");
    for (long i = 0; i < n; i++) printf("%s%u", i ? "," : "", a[i]);
    printf("]");
}
static void fill16(Q15_T *a, long n, int lo, int hi) { for (long i = 0; i < n; i++) a[i] = (Q15_T)rnd(lo, hi); }
static void fill8(Q7_T *a, long n, int lo, int hi) { for (long i = 0; i < n; i++) a[i] = (Q7_T)rnd(lo, hi); }

/* Scales: shift counts or divisors, inside EdgeML's domain. */
static SCALE_T down_scale(int lo_exp, int hi_exp) {
#ifdef SHIFT
    return rnd(lo_exp, hi_exp);
#else
    return (SCALE_T)1 << rnd(lo_exp, hi_exp);
#endif
}
static SCALE_T any_div_scale(int lo_exp, int hi_exp) {
#ifdef SHIFT
    return rnd(lo_exp, hi_exp);
#else
    /* Divisors need not be powers of two. */
    int v = ((SCALE_T)1 << rnd(lo_exp, hi_exp)) + rnd(0, 3);
    return v;
#endif
}

/* ------------------------------------------------------------------ */
/* MBConv                                                              */
/* ------------------------------------------------------------------ */
#ifndef SPARSE
/* Number of output positions of one axis, as the blocks' loops count them. */
static int positions(int size, int f, int pad_lo, int pad_hi, int stride) {
    int first = (f - 1) / 2 - pad_lo;
    int end = size - (f / 2 - pad_hi);
    if (end <= first) return 0;
    return (end - first + stride - 1) / stride;
}

typedef struct {
    int N, H, W, CIn, CTemp, HF, WF, COut, HOut, WOut, HPadU, HPadD, WPadL, WPadR, HStride, WStride;
    int32_t limit1, limit2;
    SCALE_T sc[12]; /* shrU1 shrX1 shrU2 shrX2 shrU3 shrW3 shlU1 shlX1 shlU2 shlX2 shlU3 shlW3 */
} MbGeo;

static void mb_geometry(MbGeo *g, int wide_limits, int q7xq15) {
    for (;;) {
        g->N = rnd(1, 2); g->H = rnd(1, 6); g->W = rnd(1, 6);
        g->CIn = rnd(1, 4); g->CTemp = rnd(1, 4); g->COut = rnd(1, 4);
        static const int fs[] = {1, 2, 3, 3, 5};
        g->HF = fs[rnd(0, 4)]; g->WF = fs[rnd(0, 4)];
        g->HPadU = rnd(0, g->HF / 2); g->HPadD = rnd(0, g->HF / 2);
        g->WPadL = rnd(0, g->WF / 2); g->WPadR = rnd(0, g->WF / 2);
        g->HStride = rnd(1, 2); g->WStride = rnd(1, 2);
        int margin = g->HF - g->HPadU - g->HStride;
        if (margin < 0) margin = 0;
        if (margin > g->H || margin > g->HF) continue;
        g->HOut = positions(g->H, g->HF, g->HPadU, g->HPadD, g->HStride);
        g->WOut = positions(g->W, g->WF, g->WPadL, g->WPadR, g->WStride);
        if (g->HOut == 0 || g->WOut == 0) continue;
        break;
    }
    if (wide_limits) {
        g->limit1 = rnd(0, 9) == 0 ? rnd(-50, -1) : rnd(0, 30000);
        g->limit2 = rnd(0, 30000);
        /* q7xq15_q15_mbconv_block narrows limit1 to Q15_T on its padding rows. */
        if (q7xq15 && rnd(0, 3) == 0) g->limit1 = rnd(32768, 100000);
    } else {
        g->limit1 = rnd(0, 9) == 0 ? rnd(-50, -1) : rnd(0, 32767);
        g->limit2 = rnd(0, 32767);
    }
    for (int i = 0; i < 6; i++) g->sc[i] = down_scale(i % 2 ? 0 : 4, i % 2 ? 3 : 10);
#ifdef SHIFT
    for (int i = 6; i < 12; i++) g->sc[i] = rnd(0, 1);
#else
    for (int i = 6; i < 12; i++) g->sc[i] = rnd(1, 2);
#endif
}

static void mb_args(const MbGeo *g) {
    num("N", g->N); num("H", g->H); num("W", g->W); num("CIn", g->CIn); num("CTemp", g->CTemp);
    num("HF", g->HF); num("WF", g->WF); num("COut", g->COut); num("HOut", g->HOut); num("WOut", g->WOut);
    num("HPadU", g->HPadU); num("HPadD", g->HPadD); num("WPadL", g->WPadL); num("WPadR", g->WPadR);
    num("HStride", g->HStride); num("WStride", g->WStride); num("limit1", g->limit1); num("limit2", g->limit2);
    static const char *names[12] = {"shrU1", "shrX1", "shrU2", "shrX2", "shrU3", "shrW3", "shlU1", "shlX1", "shlU2", "shlX2", "shlU3", "shlW3"};
    for (int i = 0; i < 12; i++) num(names[i], g->sc[i]);
}

#define SC(g) g.sc[0], g.sc[1], g.sc[2], g.sc[3], g.sc[4], g.sc[5], g.sc[6], g.sc[7], g.sc[8], g.sc[9], g.sc[10], g.sc[11]
#define GEO(g) g.N, g.H, g.W, g.CIn, g.CTemp, g.HF, g.WF, g.COut, g.HOut, g.WOut, g.HPadU, g.HPadD, g.WPadL, g.WPadR, g.HStride, g.WStride

/* One block: IN, F (filters, BN*W), B (BN*B), BUF, OUT are Q7_T or Q15_T. */
#define MB_CASE(NAME, IN, F, B, BUF, OUT, INARR, FARR, BARR, BUFARR, OUTARR, FILLIN, FILLF, FILLBW, FILLB, FILLBUF, WIDE, Q7XQ15) \
    for (int n = 0; n < 40; n++) {                                                                      \
        MbGeo g;                                                                                        \
        mb_geometry(&g, WIDE, Q7XQ15);                                                                  \
        long lin = (long)g.N * g.H * g.W * g.CIn, lout = (long)g.N * g.HOut * g.WOut * g.COut;          \
        long lb1 = (long)g.HF * g.W * g.CTemp;                                                          \
        IN *input = malloc(sizeof(IN) * lin); OUT *output = malloc(sizeof(OUT) * lout);                 \
        F *f1 = malloc(sizeof(F) * g.CIn * g.CTemp), *f2 = malloc(sizeof(F) * g.CTemp * g.HF * g.WF);   \
        F *f3 = malloc(sizeof(F) * g.CTemp * g.COut);                                                   \
        F *bn1w = malloc(sizeof(F) * g.CTemp), *bn2w = malloc(sizeof(F) * g.CTemp), *bn3w = malloc(sizeof(F) * g.COut); \
        B *bn1b = malloc(sizeof(B) * g.CTemp), *bn2b = malloc(sizeof(B) * g.CTemp), *bn3b = malloc(sizeof(B) * g.COut); \
        BUF *cb1 = malloc(sizeof(BUF) * lb1), *cb2 = malloc(sizeof(BUF) * g.CTemp);                     \
        FILLIN(input, lin); FILLF(f1, g.CIn * g.CTemp); FILLF(f2, g.CTemp * g.HF * g.WF); FILLF(f3, g.CTemp * g.COut); \
        FILLBW(bn1w, g.CTemp); FILLBW(bn2w, g.CTemp); FILLBW(bn3w, g.COut);                             \
        FILLB(bn1b, g.CTemp); FILLB(bn2b, g.CTemp); FILLB(bn3b, g.COut);                                \
        FILLBUF(cb1, lb1); FILLBUF(cb2, g.CTemp);                                                       \
        obj_begin(#NAME, n); sect("args"); mb_args(&g);                                                 \
        INARR("input", input, lin); FARR("filter1", f1, g.CIn * g.CTemp); FARR("BN1W", bn1w, g.CTemp);  \
        BARR("BN1B", bn1b, g.CTemp); FARR("filter2", f2, g.CTemp * g.HF * g.WF); FARR("BN2W", bn2w, g.CTemp); \
        BARR("BN2B", bn2b, g.CTemp); FARR("filter3", f3, g.CTemp * g.COut); FARR("BN3W", bn3w, g.COut); \
        BARR("BN3B", bn3b, g.COut); BUFARR("convBuffer1", cb1, lb1); BUFARR("convBuffer2", cb2, g.CTemp); \
        sect_end();                                                                                     \
        NAME(input, f1, bn1w, bn1b, f2, bn2w, bn2b, f3, bn3w, bn3b, output, cb1, cb2, GEO(g), g.limit1, g.limit2, SC(g)); \
        sect("out"); OUTARR("output", output, lout); BUFARR("convBuffer1", cb1, lb1); BUFARR("convBuffer2", cb2, g.CTemp); \
        sect_end(); obj_end();                                                                          \
        free(input); free(output); free(f1); free(f2); free(f3); free(bn1w); free(bn2w); free(bn3w);    \
        free(bn1b); free(bn2b); free(bn3b); free(cb1); free(cb2);                                       \
    }

static void q7full(Q7_T *a, long n) { fill8(a, n, -128, 127); }
static void q7small(Q7_T *a, long n) { fill8(a, n, -16, 16); }
static void q15in(Q15_T *a, long n) { fill16(a, n, -2048, 2047); }
static void q15w(Q15_T *a, long n) { fill16(a, n, -256, 256); }
static void q15bw(Q15_T *a, long n) { fill16(a, n, -64, 64); }
static void q15b(Q15_T *a, long n) { fill16(a, n, -2048, 2048); }
static void q15any(Q15_T *a, long n) { fill16(a, n, -32768, 32767); }

static void record_mbconv(void) {
    MB_CASE(q7_mbconv_block, Q7_T, Q7_T, Q7_T, Q7_T, Q7_T, arr8, arr8, arr8, arr8, arr8, q7full, q7full, q7full, q7full, q7full, 0, 0)
    MB_CASE(q7xq15_q15_mbconv_block, Q7_T, Q15_T, Q15_T, Q15_T, Q15_T, arr8, arr16, arr16, arr16, arr16, q7full, q15w, q15bw, q15b, q15any, 1, 1)
    MB_CASE(q15xq7_q7_mbconv_block, Q15_T, Q7_T, Q15_T, Q15_T, Q7_T, arr16, arr8, arr16, arr16, arr8, q15in, q7full, q7small, q15b, q15any, 1, 0)
    MB_CASE(q15xq7_q15_mbconv_block, Q15_T, Q7_T, Q15_T, Q15_T, Q15_T, arr16, arr8, arr16, arr16, arr16, q15in, q7full, q7small, q15b, q15any, 1, 0)
    MB_CASE(q15_mbconv_block, Q15_T, Q15_T, Q15_T, Q15_T, Q15_T, arr16, arr16, arr16, arr16, arr16, q15in, q15w, q15bw, q15b, q15any, 1, 0)
}
#endif

/* ------------------------------------------------------------------ */
/* Overlapping calls of the utils: every buffer of one element type     */
/* lives in one array `mem` at the recorded offsets.                    */
/* ------------------------------------------------------------------ */
#ifndef SPARSE
typedef struct { int N, H, W, CIn, HF, WF, CF, COut, HOut, WOut, G, HPadU, HPadD, WPadL, WPadR, HStride, WStride, HDil, WDil; } ConvGeo;

static void conv_geometry(ConvGeo *c, int depthwise_1x1) {
    for (;;) {
        c->N = rnd(1, 2); c->H = rnd(1, 5); c->W = rnd(1, 5);
        if (depthwise_1x1) {
            c->G = rnd(1, 4); c->CF = 1; c->COut = 1; c->CIn = c->G; c->HF = c->WF = 1;
            c->HPadU = c->HPadD = c->WPadL = c->WPadR = 0; c->HStride = c->WStride = 1; c->HDil = c->WDil = 1;
        } else {
            c->G = rnd(1, 2); c->CF = rnd(1, 3); c->CIn = c->G * c->CF + rnd(0, 1); c->COut = rnd(1, 3);
            c->HF = rnd(1, 3); c->WF = rnd(1, 3);
            c->HPadU = rnd(0, 1); c->HPadD = rnd(0, 1); c->WPadL = rnd(0, 1); c->WPadR = rnd(0, 1);
            c->HStride = rnd(1, 2); c->WStride = rnd(1, 2); c->HDil = rnd(1, 2); c->WDil = rnd(1, 2);
        }
        int hfirst = c->HDil * ((c->HF - 1) / 2) - c->HPadU, hend = c->H - (c->HDil * (c->HF / 2) - c->HPadD);
        int wfirst = c->WDil * ((c->WF - 1) / 2) - c->WPadL, wend = c->W - (c->WDil * (c->WF / 2) - c->WPadR);
        c->HOut = hend > hfirst ? (hend - hfirst + c->HStride - 1) / c->HStride : 0;
        c->WOut = wend > wfirst ? (wend - wfirst + c->WStride - 1) / c->WStride : 0;
        if (c->HOut && c->WOut) return;
    }
}

static void conv_args(const ConvGeo *c) {
    num("N", c->N); num("H", c->H); num("W", c->W); num("CIn", c->CIn); num("HF", c->HF); num("WF", c->WF);
    num("CF", c->CF); num("COut", c->COut); num("HOut", c->HOut); num("WOut", c->WOut); num("G", c->G);
    num("HPadU", c->HPadU); num("HPadD", c->HPadD); num("WPadL", c->WPadL); num("WPadR", c->WPadR);
    num("HStride", c->HStride); num("WStride", c->WStride); num("HDilation", c->HDil); num("WDilation", c->WDil);
}

#define CONV_ARGS(c) c.N, c.H, c.W, c.CIn, c.HF, c.WF, c.CF, c.COut, c.HOut, c.WOut, c.G, c.HPadU, c.HPadD, c.WPadL, c.WPadR, c.HStride, c.WStride, c.HDil, c.WDil

static void record_conv_in_place(void) {
    /* q15_convolution: input and output share memory (output at offset
     * 0 or a few elements on); the filter is separate. */
    for (int n = 0; n < 60; n++) {
        ConvGeo c; conv_geometry(&c, n < 15);
        long lin = (long)c.N * c.H * c.W * c.CIn, lout = (long)c.N * c.HOut * c.WOut * c.G * c.COut;
        long lf = (long)c.G * c.HF * c.WF * c.CF * c.COut;
        int out_off = n % 3 == 2 ? rnd(1, 3) : 0;
        long lmem = (lin > lout + out_off ? lin : lout + out_off);
        Q15_T *mem = malloc(sizeof(Q15_T) * lmem), *filter = malloc(sizeof(Q15_T) * lf);
        fill16(mem, lmem, -2048, 2047); fill16(filter, lf, -2048, 2047);
        SCALE_T s1 = down_scale(0, 4), s2 = down_scale(0, 4), s3 = down_scale(0, 4);
        obj_begin("q15_convolution", n); sect("args"); conv_args(&c);
        arr16("mem", mem, lmem); num("input", 0); num("output", out_off); arr16("filter", filter, lf);
        num("scinput", s1); num("scoutput", s2); num("demote", s3); sect_end();
        q15_convolution(mem, filter, mem + out_off, CONV_ARGS(c), s1, s2, s3);
        sect("out"); arr16("mem", mem, lmem); sect_end(); obj_end();
        free(mem); free(filter);
    }
    /* q7xq15_q7_convolution, as EdgeML's face-detection model calls it
     * (1x1 depthwise, input == output), and in general. */
    for (int n = 0; n < 60; n++) {
        ConvGeo c; conv_geometry(&c, n < 20);
        long lin = (long)c.N * c.H * c.W * c.CIn, lout = (long)c.N * c.HOut * c.WOut * c.G * c.COut;
        long lf = (long)c.G * c.HF * c.WF * c.CF * c.COut;
        int out_off = n % 3 == 2 ? rnd(1, 3) : 0;
        long lmem = (lin > lout + out_off ? lin : lout + out_off);
        Q7_T *mem = malloc(lmem); Q15_T *filter = malloc(sizeof(Q15_T) * lf);
        fill8(mem, lmem, -128, 127); fill16(filter, lf, -2048, 2047);
        SCALE_T s1 = down_scale(0, 4), s2 = down_scale(0, 4), s3 = down_scale(0, 4);
        obj_begin("q7xq15_q7_convolution", n); sect("args"); conv_args(&c);
        arr8("mem", mem, lmem); num("input", 0); num("output", out_off); arr16("filter", filter, lf);
        num("scinput", s1); num("scoutput", s2); num("demote", s3); sect_end();
        q7xq15_q7_convolution(mem, filter, mem + out_off, CONV_ARGS(c), s1, s2, s3);
        sect("out"); arr8("mem", mem, lmem); sect_end(); obj_end();
        free(mem); free(filter);
    }
}

static void record_matrix_overlaps(void) {
    /* q15_m_mulvec: ret over vec (in place), over mat, or shifted. */
    for (int n = 0; n < 60; n++) {
        int rows = rnd(1, 5), cols = rnd(1, 5);
        int layout = n % 4;
        int mat = 0, vec = 0, ret = 0;
        if (layout == 0) { vec = rows * cols; ret = vec; }
        else if (layout == 1) { mat = 0; vec = rows * cols; ret = rnd(0, rows * cols - 1); }
        else if (layout == 2) { vec = rows * cols; ret = vec + rnd(-2, 2); if (ret < 0) ret = 0; }
        else { vec = 0; ret = rnd(0, cols); mat = cols + 3; }
        long lmem = mat + rows * cols; if (vec + cols > lmem) lmem = vec + cols; if (ret + rows > lmem) lmem = ret + rows;
        Q15_T *mem = malloc(sizeof(Q15_T) * lmem); fill16(mem, lmem, -32768, 32767);
        SCALE_T a = any_div_scale(0, 4), b = any_div_scale(0, 4), c = any_div_scale(0, 6);
        obj_begin("q15_m_mulvec", n); sect("args"); arr16("mem", mem, lmem);
        num("mat", mat); num("vec", vec); num("ret", ret); num("nrows", rows); num("ncols", cols);
        num("scmat", a); num("scvec", b); num("scret", c); sect_end();
        q15_m_mulvec(mem + mat, mem + vec, rows, cols, mem + ret, a, b, c);
        sect("out"); arr16("mem", mem, lmem); sect_end(); obj_end();
        free(mem);
    }
    /* q15xq7_q15_m_mulvec: ret (Q15) over mat (Q15); vec (Q7) separate. */
    for (int n = 0; n < 20; n++) {
        int rows = rnd(1, 5), cols = rnd(1, 5);
        int ret = rnd(0, rows * cols);
        long lmem = rows * cols; if (ret + rows > lmem) lmem = ret + rows;
        Q15_T *mem = malloc(sizeof(Q15_T) * lmem); Q7_T vec[8];
        fill16(mem, lmem, -32768, 32767); fill8(vec, cols, -128, 127);
        SCALE_T a = any_div_scale(0, 4), b = any_div_scale(0, 4), c = any_div_scale(0, 4);
        obj_begin("q15xq7_q15_m_mulvec", n); sect("args"); arr16("mem", mem, lmem); arr8("vec", vec, cols);
        num("mat", 0); num("ret", ret); num("nrows", rows); num("ncols", cols);
        num("scmat", a); num("scvec", b); num("scret", c); sect_end();
        q15xq7_q15_m_mulvec(mem, vec, rows, cols, mem + ret, a, b, c);
        sect("out"); arr16("mem", mem, lmem); sect_end(); obj_end();
        free(mem);
    }
    /* q15_m_sparse_mulvec: ret (accumulated into) over vec or mat_values. */
    for (int n = 0; n < 40; n++) {
        int rows = rnd(1, 5), cols = rnd(1, 5);
        ITER_T ids[64]; int nid = 0, nnz = 0;
        for (int c = 0; c < cols; c++) {
            for (int r = 1; r <= rows; r++) if (rnd(0, 1)) { ids[nid++] = r; nnz++; }
            ids[nid++] = 0;
        }
        int vals = 0, vec = nnz, ret = n % 2 ? vec + rnd(-1, 1) : rnd(0, nnz);
        if (ret < 0) ret = 0;
        long lmem = nnz + cols; if (ret + rows > lmem) lmem = ret + rows;
        Q15_T *mem = malloc(sizeof(Q15_T) * lmem); fill16(mem, lmem, -32768, 32767);
        SCALE_T a = any_div_scale(0, 4), b = any_div_scale(0, 4), c = any_div_scale(0, 6);
        obj_begin("q15_m_sparse_mulvec", n); sect("args"); arr16("mem", mem, lmem); arru("row_indices", ids, nid);
        num("mat_values", vals); num("vec", vec); num("ret", ret); num("nelem", cols);
        num("scmat", a); num("scvec", b); num("scret", c); sect_end();
        q15_m_sparse_mulvec(ids, mem + vals, mem + vec, cols, mem + ret, a, b, c);
        sect("out"); arr16("mem", mem, lmem); sect_end(); obj_end();
        free(mem);
    }
    /* q15_m_reverse in place or shifted by a few elements. */
    for (int n = 0; n < 40; n++) {
        int rows = rnd(1, 5), cols = rnd(1, 5), axis = n % 2;
        int mat = n % 4 >= 2 ? rnd(0, 3) : 0, ret = n % 4 == 3 ? 0 : rnd(0, 3);
        if (n % 8 < 2) ret = mat;
        long lmem = (mat > ret ? mat : ret) + rows * cols;
        Q15_T *mem = malloc(sizeof(Q15_T) * lmem); fill16(mem, lmem, -32768, 32767);
        obj_begin("q15_m_reverse", n); sect("args"); arr16("mem", mem, lmem);
        num("mat", mat); num("ret", ret); num("nrows", rows); num("ncols", cols); num("axis", axis); sect_end();
        q15_m_reverse(mem + mat, rows, cols, axis, mem + ret);
        sect("out"); arr16("mem", mem, lmem); sect_end(); obj_end();
        free(mem);
    }
}
#endif

/* ------------------------------------------------------------------ */
/* FastGRNN with shared buffers                                        */
/* ------------------------------------------------------------------ */
static void scales_fill(Q15_FastGRNN_Scales *s) {
    SCALE_T *f = (SCALE_T *)s;
    /* Every SCALE_T field a small scale; the Q15_T fields after them set below. */
    memset(s, 0, sizeof *s);
    s->input = down_scale(0, 1); s->mean = down_scale(0, 1); s->meanSub = down_scale(0, 1);
    s->stdDev = down_scale(0, 1); s->normFeaturesHDStdDev = down_scale(4, 6);
    s->w = down_scale(3, 5); s->normFeaturesMVW = down_scale(3, 5); s->mVWOut = down_scale(0, 2);
    s->u = down_scale(3, 5); s->hiddenStateMVU = down_scale(3, 5); s->mVUOut = down_scale(0, 2);
    s->mV1AddMV2 = down_scale(0, 1); s->mV2AddMV1 = down_scale(0, 1); s->mV1AddMV2Out = down_scale(0, 1); s->mV1AddMV2Demote = down_scale(0, 1);
    s->pC1AddBg = down_scale(0, 1); s->bg = down_scale(0, 1); s->pC1AddBgOut = down_scale(0, 1); s->pC1AddBgDemote = down_scale(0, 1);
    s->sigmoidScaleIn = 11; s->sigmoidScaleOut = 14;
    s->pC1AddBh = down_scale(0, 1); s->bh = down_scale(0, 1); s->pC1AddBhOut = down_scale(0, 1); s->pC1AddBhDemote = down_scale(0, 1);
    s->tanhScaleIn = 11; s->tanhScaleOut = 11;
    s->gateHDHiddenState = down_scale(6, 8); s->hiddenStateHDGate = down_scale(6, 8);
    s->qOneScale = down_scale(0, 1); s->qOneSubGate = down_scale(0, 1); s->qOneSubGateOut = down_scale(0, 1);
    s->sigmoidZeta = down_scale(6, 8); s->sigmoidZetaMulQOneSubGate = down_scale(6, 8);
    s->sigmoidNu = down_scale(0, 1); s->sigmoidNuAddQOneSubGate = down_scale(0, 1); s->sigmoidNuAddQOneSubGateOut = down_scale(0, 1);
    s->sigmoidNuAddQOneSubGateHDUpdate = down_scale(6, 8); s->updateHDSigmoidNuAddQOneSubGate = down_scale(6, 8);
    s->pC3AddPC1 = down_scale(0, 1); s->pC1AddPC3 = down_scale(0, 1); s->hiddenStateOut = down_scale(0, 1); s->hiddenStateDemote = down_scale(0, 1);
    s->div = 2; s->add = 1024; s->sigmoidLimit = 2048; s->qOne = 16384;
    s->useTableSigmoid = rnd(0, 1); s->useTableTanH = rnd(0, 1);
    (void)f;
}

static void scales_json(const Q15_FastGRNN_Scales *s) {
    key("scales"); printf("{");
#define F(x) printf("%s\"" #x "\":%d", first ? "" : ",", (int)s->x); first = 0;
    int first = 1;
    F(input) F(mean) F(meanSub) F(stdDev) F(normFeaturesHDStdDev) F(w) F(normFeaturesMVW) F(mVWOut) F(u)
    F(hiddenStateMVU) F(mVUOut) F(mV1AddMV2) F(mV2AddMV1) F(mV1AddMV2Out) F(mV1AddMV2Demote) F(pC1AddBg) F(bg)
    F(pC1AddBgOut) F(pC1AddBgDemote) F(sigmoidScaleIn) F(sigmoidScaleOut) F(pC1AddBh) F(bh) F(pC1AddBhOut)
    F(pC1AddBhDemote) F(tanhScaleIn) F(tanhScaleOut) F(gateHDHiddenState) F(hiddenStateHDGate) F(qOneScale)
    F(qOneSubGate) F(qOneSubGateOut) F(sigmoidZeta) F(sigmoidZetaMulQOneSubGate) F(sigmoidNu)
    F(sigmoidNuAddQOneSubGate) F(sigmoidNuAddQOneSubGateOut) F(sigmoidNuAddQOneSubGateHDUpdate)
    F(updateHDSigmoidNuAddQOneSubGate) F(pC3AddPC1) F(pC1AddPC3) F(hiddenStateOut) F(hiddenStateDemote)
    F(div) F(add) F(sigmoidLimit) F(qOne) F(useTableSigmoid) F(useTableTanH)
#undef F
    printf("}");
}

static void record_fastgrnn_overlaps(void) {
    /* hiddenState, preComp1..3 and normFeatures at offsets in one Q15 array. */
    static const char *layouts[] = {"nf=pc2", "nf=pc1", "nf=pc3", "pc3=h", "nf=pc2+1", "nf=input", "pc1=pc2"};
    for (int n = 0; n < 70; n++) {
        int layout = n % 7;
        int hd = rnd(1, 5), id = rnd(1, 5), steps = rnd(1, 4), normalize = rnd(0, 1), backward = rnd(0, 1);
        int big = hd > id ? hd : id;
        int h = 0, p1 = big, p2 = 2 * big, p3 = 3 * big, nf = 4 * big, in = 5 * big;
        if (layout == 0) nf = p2;
        else if (layout == 1) nf = p1;
        else if (layout == 2) nf = p3;
        else if (layout == 3) p3 = h;
        else if (layout == 4) nf = p2 + 1;
        else if (layout == 5) nf = in;
        else p2 = p1;
        long lmem = in + (long)id * steps + big;
        Q15_T *mem = malloc(sizeof(Q15_T) * lmem);
        fill16(mem, lmem, -4000, 4000);
        Q15_T W[32], U[32], Bg[8], Bh[8], mean[32], stdDev[32];
        ITER_T Wids[64], Uids[64]; Q15_T Wvals[32], Uvals[32];
        fill16(W, hd * id, -3000, 3000); fill16(U, hd * hd, -3000, 3000);
        fill16(Bg, hd, -2000, 2000); fill16(Bh, hd, -2000, 2000);
        fill16(mean, id * steps, -500, 500); fill16(stdDev, id * steps, 0, 100);
        int k = 0, v = 0;
        for (int c = 0; c < id; c++) { for (int r = 1; r <= hd; r++) if (rnd(0, 1)) { Wids[k++] = r; Wvals[v++] = (Q15_T)rnd(-3000, 3000); } Wids[k++] = 0; }
        int nw = k, nwv = v; k = 0; v = 0;
        for (int c = 0; c < hd; c++) { for (int r = 1; r <= hd; r++) if (rnd(0, 1)) { Uids[k++] = r; Uvals[v++] = (Q15_T)rnd(-3000, 3000); } Uids[k++] = 0; }
        int nu = k, nuv = v;
        Q15_FastGRNN_Params p = {0};
        p.mean = mean; p.stdDev = stdDev; p.W = W; p.U = U; p.Wids = Wids; p.Wvals = Wvals; p.Uids = Uids; p.Uvals = Uvals;
        p.Bg = Bg; p.Bh = Bh; p.sigmoid_zeta = (Q15_T)rnd(8000, 16000); p.sigmoid_nu = (Q15_T)rnd(0, 2000);
        Q15_FastGRNN_Scales s; scales_fill(&s);
        Q15_FastGRNN_Buffers b = {mem + p1, mem + p2, mem + p3, mem + nf};
        obj_begin("q15_fastgrnn", n); sect("args");
        num("layout", layout); key("layout_name"); printf("\"%s\"", layouts[layout]);
        arr16("mem", mem, lmem); num("hiddenState", h); num("preComp1", p1); num("preComp2", p2); num("preComp3", p3);
        num("normFeatures", nf); num("input", in);
        num("hiddenDims", hd); num("inputDims", id); num("steps", steps); num("backward", backward); num("normalize", normalize);
        arr16("W", W, hd * id); arr16("U", U, hd * hd); arru("Wids", Wids, nw); arr16("Wvals", Wvals, nwv);
        arru("Uids", Uids, nu); arr16("Uvals", Uvals, nuv); arr16("Bg", Bg, hd); arr16("Bh", Bh, hd);
        arr16("mean", mean, id * steps); arr16("stdDev", stdDev, id * steps);
        num("sigmoid_zeta", p.sigmoid_zeta); num("sigmoid_nu", p.sigmoid_nu); scales_json(&s); sect_end();
        int rc = q15_fastgrnn(mem + h, hd, mem + in, id, steps, &p, &b, &s, backward, normalize);
        sect("out"); num("rc", rc); arr16("mem", mem, lmem); sect_end(); obj_end();
        free(mem);
    }
}

/* ------------------------------------------------------------------ */
/* RNNPool: the calls it makes to its RNNs                             */
/* ------------------------------------------------------------------ */
#ifndef SPARSE
static const Q15_T *log_patch; static Q15_T *log_buffer, *log_output;
static long log_patch_len, log_buffer_len, log_output_len;
static int log_calls;
static char rnn1_tag, rnn2_tag; /* addresses identify params/buffers/scales */

static void region(const void *p, const char *what) {
    const char *base = (const char *)p;
    const char *name = "other"; long off = 0;
    if (base >= (const char *)log_patch && base <= (const char *)(log_patch + log_patch_len)) { name = "patch"; off = (const Q15_T *)p - log_patch; }
    else if (base >= (const char *)log_buffer && base <= (const char *)(log_buffer + log_buffer_len)) { name = "buffer"; off = (const Q15_T *)p - log_buffer; }
    else if (base >= (const char *)log_output && base <= (const char *)(log_output + log_output_len)) { name = "output"; off = (const Q15_T *)p - log_output; }
    printf(",\"%s\":[\"%s\",%ld]", what, name, off);
}

/* Logs its arguments and changes the state as a function of them. */
static int logging_rnn(Q15_T *hidden, ITER_T hiddenDims, const Q15_T *input, ITER_T inputDims, ITER_T steps,
                       const void *params, void *buffers, const void *scales, int backward, int normalize) {
    int which = params == &rnn1_tag ? 1 : params == &rnn2_tag ? 2 : 0;
    printf("%s{\"rnn\":%d,\"hiddenDims\":%u,\"inputDims\":%u,\"steps\":%u,\"backward\":%d,\"normalize\":%d,\"same_ptrs\":%d",
           log_calls ? "," : "", which, hiddenDims, inputDims, steps, backward, normalize,
           buffers == (void *)params && scales == params);
    region(hidden, "hiddenState"); region(input, "input");
    printf(",\"hidden_in\":[");
    for (ITER_T i = 0; i < hiddenDims; i++) printf("%s%d", i ? "," : "", hidden[i]);
    printf("]}");
    Q15_T x = (inputDims && steps) ? input[backward ? (steps - 1) * inputDims : 0] : 0;
    for (ITER_T i = 0; i < hiddenDims; i++) hidden[i] = (Q15_T)(hidden[i] / 2 + x / 4 + 37 * (log_calls + 1) + 5 * (int)i);
    log_calls++;
    return log_calls % 3 == 0 ? -1 : 0;
}

static void record_rnnpool_calls(void) {
    for (int n = 0; n < 48; n++) {
        int hd1 = n % 3, hd2 = (n / 3) % 3, pd = (n / 9) % 4 + (n >= 36), id = rnd(0, 2), stride = rnd(0, 3);
        if (n % 5 == 0) id = rnd(1, 2);
        long lpatch = pd ? ((long)stride * (pd - 1) + pd) * id : 0;
        if (lpatch == 0) lpatch = 1;
        Q15_T *patch = malloc(sizeof(Q15_T) * lpatch), *buffer = malloc(sizeof(Q15_T) * (hd1 * pd + 1)), *output = malloc(sizeof(Q15_T) * (4 * hd2 + 1));
        fill16(patch, lpatch, -3000, 3000); fill16(buffer, hd1 * pd + 1, -100, 100); fill16(output, 4 * hd2 + 1, -100, 100);
        log_patch = patch; log_buffer = buffer; log_output = output;
        log_patch_len = lpatch; log_buffer_len = hd1 * pd; log_output_len = 4 * hd2; log_calls = 0;
        SCALE_T r1 = down_scale(0, 2), l1 = down_scale(0, 1), r2 = down_scale(0, 2), l2 = down_scale(0, 1);
#ifndef SHIFT
        l1 = rnd(1, 2); l2 = rnd(1, 2);
#endif
        obj_begin("q15_rnnpool_block", n); sect("args");
        arr16("patch", patch, lpatch); num("inputDims", id); num("patchDim", pd); num("stride", stride);
        num("hiddenDims1", hd1); num("hiddenDims2", hd2); arr16("buffer", buffer, hd1 * pd + 1); arr16("output", output, 4 * hd2 + 1);
        num("ShR1", r1); num("ShL1", l1); num("ShR2", r2); num("ShL2", l2); sect_end();
        printf(",\"calls\":[");
        int rc = q15_rnnpool_block(patch, id, pd, stride, logging_rnn, hd1, &rnn1_tag, &rnn1_tag, &rnn1_tag,
                                   logging_rnn, hd2, &rnn2_tag, &rnn2_tag, &rnn2_tag, output, buffer, r1, l1, r2, l2);
        printf("]");
        sect("out"); num("rc", rc); arr16("output", output, 4 * hd2 + 1); arr16("buffer", buffer, hd1 * pd + 1); sect_end(); obj_end();
        free(patch); free(buffer); free(output);
    }
}
#endif

int main(void) {
#ifndef SPARSE
    record_mbconv();
    record_conv_in_place();
    record_matrix_overlaps();
    record_rnnpool_calls();
#endif
    record_fastgrnn_overlaps();
    return 0;
}
