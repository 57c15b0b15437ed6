/*
 * tinyrnn benchmark firmware: worst-case stack use of the exports outside
 * EdgeML's API (the Q15 and float tiny cells, q15_v_softsign, the audio
 * front-end, the buffer-size queries), measured as bench/stack_probes.c
 * measures the EdgeML kernels (stack_measure: painting, trampoline). Built
 * into the tinyrnn firmware only (scripts/bench compiles it with
 * -DTINYRNN_ONLY_PROBES, which also makes stack_probes_run call it): it
 * uses tinyrnn's own headers and would not link against EdgeML.
 *
 * Every call must take its real path: a probe stores the function's return
 * code, and a call that fails prints "PROBEFAIL <name> <rc>" (the report
 * shows it instead of a figure). Which probes run depends on the build:
 *   - builds without SPARSE (the cells ignore it): the Q15 cells of the
 *     build's mode, each with dense, low-rank and sparse matrices where it
 *     takes them, normalisation on/off, forward/backward, table/piecewise
 *     activations;
 *   - the build with neither flag: q15_v_softsign, the float cells, the
 *     audio front-end and the size queries.
 * Names printed are tinyrnn's symbols without "tinyrnn_" (and without the
 * _div/_shift suffix, which the build says).
 */
#ifdef TINYRNN_ONLY_PROBES
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "quantized_utils.h"
#include "tinyrnn_audio.h"
#include "tinyrnn_cells.h"
#include "tinyrnn_float.h"

#include "bench_platform.h"

void stack_measure(const char *name, void (*probe)(void));
void stack_probes_tinyrnn_run(void);

#ifndef SPARSE

#ifdef SHIFT
#define SC(divisor, exponent) (exponent)
#else
#define SC(divisor, exponent) (divisor)
#endif

/* The trampoline, called as a function of the given type (as VIA in
 * stack_probes.c; stack_target must be set first). */
#define TRAMP(type) ((void)0, (type)stack_tramp)

/* The return code of the last probed call (0: success). */
static int probe_rc;

static void measure_rc(const char *name, void (*probe)(void)) {
    probe_rc = -9999;
    stack_measure(name, probe);
    if (probe_rc != 0) {
        printf("PROBEFAIL %s %d\n", name, probe_rc);
    }
}

static uint32_t seed = 0x2545F491u;
static int32_t rnd(int32_t lo, int32_t hi) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return lo + (int32_t)(seed % (uint32_t)(hi - lo + 1));
}

/* ------------------------------------------------------------------------ */
/* Q15 cells: H = 16, D = 8, 3 steps; low rank 4; sparse: half the rows.    */
/* ------------------------------------------------------------------------ */

#define CH 16
#define CD 8
#define CSTEPS 3
#define CRANK 4

static Q15_T cW[3 * CH * CD], cU[3 * CH * CH], cUh[CH * CH], cB[3 * CH], cB2[3 * CH];
static Q15_T cW1[CRANK * CD], cU1[CRANK * CH], cM2[3 * CH * CRANK];
static ITER_T cWids[CD * (CH / 2 + 1)], cUids[CH * (CH / 2 + 1)];
static Q15_T cWvals[CD * CH / 2], cUvals[CH * CH / 2];
static Q15_T cmean[CD], cstd[CD], cin[CD * CSTEPS], ch[CH];
static Q15_T cpc1[3 * CH], cpc2[3 * CH], cpc3[3 * CH], ctw[CRANK], ctu[CRANK], cnf[CD];
static uint8_t cpacked[3 * CH * CH];
static Q7_T c7W[3 * CH * CD], c7U[3 * CH * CH], c7Uh[CH * CH], c7B[3 * CH];
static TinyRNN_Q15_Buffers cbuf = {cpc1, cpc2, cpc3, ctw, ctu, cnf};

static void sparse_ids(ITER_T *ids, Q15_T *vals, ITER_T cols) {
    size_t k = 0, v = 0;
    for (ITER_T c = 0; c < cols; c++) {
        for (ITER_T r = (c & 1) + 1; r <= CH; r += 2) {
            ids[k++] = r;
            vals[v++] = (Q15_T)rnd(-4096, 4096);
        }
        ids[k++] = 0;
    }
}

static void fill15(Q15_T *v, size_t n, int32_t amp) {
    for (size_t i = 0; i < n; i++) {
        v[i] = (Q15_T)rnd(-amp, amp);
    }
}

static void init_cells(void) {
    fill15(cW, sizeof cW / sizeof cW[0], 4096);
    fill15(cU, sizeof cU / sizeof cU[0], 4096);
    fill15(cUh, sizeof cUh / sizeof cUh[0], 4096);
    fill15(cB, sizeof cB / sizeof cB[0], 4096);
    fill15(cB2, sizeof cB2 / sizeof cB2[0], 4096);
    fill15(cW1, sizeof cW1 / sizeof cW1[0], 4096);
    fill15(cU1, sizeof cU1 / sizeof cU1[0], 4096);
    fill15(cM2, sizeof cM2 / sizeof cM2[0], 4096);
    fill15(cmean, CD, 1024);
    for (unsigned i = 0; i < CD; i++) {
        cstd[i] = (Q15_T)rnd(1, 64);
    }
    fill15(cin, sizeof cin / sizeof cin[0], 8192);
    sparse_ids(cWids, cWvals, CD);
    sparse_ids(cUids, cUvals, CH);
    for (size_t i = 0; i < sizeof cpacked; i++) {
        cpacked[i] = (uint8_t)rnd(0, 255);
    }
    for (size_t i = 0; i < sizeof c7W; i++) {
        c7W[i] = (Q7_T)rnd(-100, 100);
    }
    for (size_t i = 0; i < sizeof c7U; i++) {
        c7U[i] = (Q7_T)rnd(-100, 100);
    }
    for (size_t i = 0; i < sizeof c7Uh; i++) {
        c7Uh[i] = (Q7_T)rnd(-100, 100);
    }
    for (size_t i = 0; i < sizeof c7B; i++) {
        c7B[i] = (Q7_T)rnd(-100, 100);
    }
}

/* Matrix kinds: 0 dense, 1 low rank, 2 sparse. */
static TinyRNN_Q15_Matrix q15_matrix(int kind, const Q15_T *M, int of_input) {
    TinyRNN_Q15_Matrix m = {NULL, NULL, NULL, 0, NULL, NULL};
    if (kind == 0) {
        m.M = M;
    } else if (kind == 1) {
        m.M1 = of_input ? cW1 : cU1;
        m.M2 = cM2;
        m.rank = CRANK;
    } else {
        m.ids = of_input ? cWids : cUids;
        m.vals = of_input ? cWvals : cUvals;
    }
    return m;
}

/* Every SCALE_T of a scales struct set to the scale 1 of the build (the
 * special fields after them are set by name afterwards). */
static void unit_scales(void *s, size_t bytes) {
    SCALE_T *f = (SCALE_T *)s;
    for (size_t i = 0; i < bytes / sizeof(SCALE_T); i++) {
        f[i] = SC(1, 0);
    }
}

typedef int (*q15_cell_fn)(Q15_T *, ITER_T, const Q15_T *, ITER_T, ITER_T, const void *, void *,
                           const void *, int, int);
static q15_cell_fn cell_fn;
static const void *cell_params;
static const void *cell_scales;
static int opt_backward, opt_normalize;

static void p_q15_cell(void) {
    memset(ch, 0, sizeof ch);
    for (unsigned i = 0; i < CH; i++) {
        ch[i] = (Q15_T)(i * 512);
    }
    stack_target = (void (*)(void))cell_fn;
    probe_rc = TRAMP(q15_cell_fn)(ch, CH, cin, CD, CSTEPS, cell_params, &cbuf, cell_scales,
                                                  opt_backward, opt_normalize);
}

static Q15_FastRNN_Params fastrnn_p;
static Q15_UGRNN_Params ugrnn_p;
static Q15_EGRU_Params egru_p;
static Q15_MGU_Params mgu_p;
static Q15_HardMGU_Params hard_mgu_p;
static Q15_TinyEats_Params tinyeats_p;
static Q15_GRU_Params gru_p;
static Q15_FastRNN_Scales fastrnn_s;
static Q15_UGRNN_Scales ugrnn_s;
static Q15_SiTGRU_Scales sitgru_s;
static Q15_LiGRU_Scales ligru_s;
static Q15_EGRU_Scales egru_s;
static Q15_MGU_Scales mgu_s;
static Q15_HardMGU_Scales hard_mgu_s;
static Q15_TinyEats_Scales tinyeats_s;
static Q15_GRU_Scales gru_s;

static void set_params(int kind) {
    fastrnn_p = (Q15_FastRNN_Params){cmean, cstd, q15_matrix(kind, cW, 1), q15_matrix(kind, cU, 0), cB, 8192, 16384};
    ugrnn_p = (Q15_UGRNN_Params){cmean, cstd, q15_matrix(kind, cW, 1), q15_matrix(kind, cU, 0), cB};
    mgu_p = (Q15_MGU_Params){cmean, cstd, q15_matrix(kind, cW, 1), q15_matrix(kind, cU, 0),
                             q15_matrix(kind, cUh, 0), cB};
    gru_p = (Q15_GRU_Params){cmean, cstd, q15_matrix(kind, cW, 1), q15_matrix(kind, cU, 0), cB, cB2};
    egru_p = (Q15_EGRU_Params){cmean, cstd, cpacked, cpacked, cpacked};
    hard_mgu_p = (Q15_HardMGU_Params){cmean, cstd, cpacked, cpacked, cpacked};
    tinyeats_p = (Q15_TinyEats_Params){cmean, cstd, c7W, c7U, c7Uh, c7B};
}

static void set_scales(ITER_T tables) {
    unit_scales(&fastrnn_s, sizeof fastrnn_s);
    fastrnn_s.tanhScaleIn = 11;
    fastrnn_s.tanhScaleOut = 14;
    fastrnn_s.useTableTanH = tables;

    unit_scales(&ugrnn_s, sizeof ugrnn_s);
    ugrnn_s.sigmoidScaleIn = 11;
    ugrnn_s.sigmoidScaleOut = 14;
    ugrnn_s.tanhScaleIn = 11;
    ugrnn_s.tanhScaleOut = 14;
    ugrnn_s.div = 1;
    ugrnn_s.add = 0;
    ugrnn_s.sigmoidLimit = 32767;
    ugrnn_s.qOne = 16384;
    ugrnn_s.useTableSigmoid = tables;
    ugrnn_s.useTableTanH = tables;

    unit_scales(&sitgru_s, sizeof sitgru_s);
    sitgru_s.sigmoidScaleIn = 11;
    sitgru_s.sigmoidScaleOut = 14;
    sitgru_s.div = 1;
    sitgru_s.add = 0;
    sitgru_s.sigmoidLimit = 32767;
    sitgru_s.qOne = 16384;
    sitgru_s.useTableSigmoid = tables;

    unit_scales(&ligru_s, sizeof ligru_s);
    ligru_s.sigmoidScaleIn = 11;
    ligru_s.sigmoidScaleOut = 14;
    ligru_s.reluScaleIn = 11;
    ligru_s.reluScaleOut = 14;
    ligru_s.div = 1;
    ligru_s.add = 0;
    ligru_s.sigmoidLimit = 32767;
    ligru_s.qOne = 16384;
    ligru_s.reluDiv = 1;
    ligru_s.reluLimit = 2048;
    ligru_s.useTableSigmoid = tables;

    unit_scales(&egru_s, sizeof egru_s);
    egru_s.gateSoftsignScaleIn = 12;
    egru_s.gateSoftsignScaleOut = 14;
    egru_s.softsignScaleIn = 12;
    egru_s.softsignScaleOut = 14;
    egru_s.qOne = 16384;

    unit_scales(&mgu_s, sizeof mgu_s);
    mgu_s.sigmoidScaleIn = 11;
    mgu_s.sigmoidScaleOut = 14;
    mgu_s.tanhScaleIn = 11;
    mgu_s.tanhScaleOut = 14;
    mgu_s.div = 1;
    mgu_s.add = 0;
    mgu_s.sigmoidLimit = 32767;
    mgu_s.qOne = 16384;
    mgu_s.useTableSigmoid = tables;
    mgu_s.useTableTanH = tables;

    unit_scales(&hard_mgu_s, sizeof hard_mgu_s);
    hard_mgu_s.sigmoidScaleIn = 0;
    hard_mgu_s.sigmoidScaleOut = 10;
    hard_mgu_s.tanhScaleIn = 0;
    hard_mgu_s.tanhScaleOut = 11;
    hard_mgu_s.div = 1024;
    hard_mgu_s.add = 8;
    hard_mgu_s.sigmoidLimit = 15;
    hard_mgu_s.tanhDiv = 512;
    hard_mgu_s.tanhAdd = 8;
    hard_mgu_s.tanhLimit = 15;
    hard_mgu_s.tanhOffset = -16384;
    hard_mgu_s.qOne = 16384;

    unit_scales(&tinyeats_s, sizeof tinyeats_s);
    tinyeats_s.gateSoftsignScaleIn = 13;
    tinyeats_s.gateSoftsignScaleOut = 14;
    tinyeats_s.softsignScaleIn = 13;
    tinyeats_s.softsignScaleOut = 14;
    tinyeats_s.qOne = 16384;

    unit_scales(&gru_s, sizeof gru_s);
    gru_s.sigmoidScaleIn = 11;
    gru_s.sigmoidScaleOut = 14;
    gru_s.tanhScaleIn = 11;
    gru_s.tanhScaleOut = 14;
    gru_s.div = 1;
    gru_s.add = 0;
    gru_s.sigmoidLimit = 32767;
    gru_s.qOne = 16384;
    gru_s.useTableSigmoid = tables;
    gru_s.useTableTanH = tables;
}

static const struct {
    const char *name;
    q15_cell_fn fn;
    const void *params;
    const void *scales;
    int kinds; /* matrix kinds it takes: 3 (dense, low rank, sparse) or 1 */
} q15_cells[] = {
    {"q15_fastrnn", q15_fastrnn, &fastrnn_p, &fastrnn_s, 3},
    {"q15_ugrnn", q15_ugrnn, &ugrnn_p, &ugrnn_s, 3},
    {"q15_sitgru", q15_sitgru, &ugrnn_p, &sitgru_s, 3},
    {"q15_ligru", q15_ligru, &ugrnn_p, &ligru_s, 3},
    {"q15_egru", q15_egru, &egru_p, &egru_s, 1},
    {"q15_mgu", q15_mgu, &mgu_p, &mgu_s, 3},
    {"q15_hard_mgu", q15_hard_mgu, &hard_mgu_p, &hard_mgu_s, 1},
    {"q15_tinyeats", q15_tinyeats, &tinyeats_p, &tinyeats_s, 1},
    {"q15_gru", q15_gru, &gru_p, &gru_s, 3},
};

static void q15_cell_probes(void) {
    init_cells();
    for (size_t c = 0; c < sizeof q15_cells / sizeof q15_cells[0]; c++) {
        cell_fn = q15_cells[c].fn;
        cell_params = q15_cells[c].params;
        cell_scales = q15_cells[c].scales;
        for (int kind = 0; kind < q15_cells[c].kinds; kind++) {
            set_params(kind);
            for (ITER_T tables = 0; tables < 2; tables++) {
                set_scales(tables);
                for (int n = 0; n < 2; n++) {
                    for (int b = 0; b < 2; b++) {
                        opt_normalize = n;
                        opt_backward = b;
                        measure_rc(q15_cells[c].name, p_q15_cell);
                    }
                }
            }
        }
    }
}

#endif /* !SPARSE */

#if !defined(SHIFT) && !defined(SPARSE)
/* ------------------------------------------------------------------------ */
/* q15_v_softsign, float cells, size queries, audio front-end               */
/* ------------------------------------------------------------------------ */

static Q15_T sv[64], so[64];
static SCALE_T softsign_in;
static void p_q15_v_softsign(void) {
    stack_target = (void (*)(void))tinyrnn_q15_v_softsign;
    TRAMP(__typeof__(&tinyrnn_q15_v_softsign))(sv, 64, so, softsign_in, 14);
    probe_rc = 0;
}

static float fW[3 * CH * CD], fU[3 * CH * CH], fUh[CH * CH], fB[3 * CH], fB2[3 * CH];
static float fW1[CRANK * CD], fU1[CRANK * CH], fM2[3 * CH * CRANK];
static float fmean[CD], fstd[CD], fin[CD * CSTEPS], fh[CH];
static float fpc1[3 * CH], fpc2[3 * CH], fpc3[3 * CH], ftw[CRANK], ftu[CRANK], fnf[CD];
static TinyRNN_Buffers fbuf = {fpc1, fpc2, fpc3, ftw, ftu, fnf};

static void ffill(float *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        v[i] = (float)rnd(-1000, 1000) / 2000.0f;
    }
}

static void init_float_cells(void) {
    ffill(fW, sizeof fW / sizeof fW[0]);
    ffill(fU, sizeof fU / sizeof fU[0]);
    ffill(fUh, sizeof fUh / sizeof fUh[0]);
    ffill(fB, sizeof fB / sizeof fB[0]);
    ffill(fB2, sizeof fB2 / sizeof fB2[0]);
    ffill(fW1, sizeof fW1 / sizeof fW1[0]);
    ffill(fU1, sizeof fU1 / sizeof fU1[0]);
    ffill(fM2, sizeof fM2 / sizeof fM2[0]);
    ffill(fmean, CD);
    for (unsigned i = 0; i < CD; i++) {
        fstd[i] = 0.5f + (float)rnd(0, 1000) / 1000.0f;
    }
    ffill(fin, sizeof fin / sizeof fin[0]);
}

static TinyRNN_Matrix f_matrix(int kind, const float *M, int of_input) {
    TinyRNN_Matrix m = {NULL, NULL, NULL, 0};
    if (kind == 0) {
        m.M = M;
    } else {
        m.M1 = of_input ? fW1 : fU1;
        m.M2 = fM2;
        m.rank = CRANK;
    }
    return m;
}

typedef int (*f_cell_fn)(float *, unsigned int, const float *, unsigned int, unsigned int, const void *, void *,
                         int, int);
static f_cell_fn fcell_fn;
static const void *fcell_params;

static void p_f_cell(void) {
    for (unsigned i = 0; i < CH; i++) {
        fh[i] = (float)i / 32.0f;
    }
    stack_target = (void (*)(void))fcell_fn;
    probe_rc = TRAMP(f_cell_fn)(fh, CH, fin, CD, CSTEPS, fcell_params, &fbuf, opt_backward,
                                                opt_normalize);
}

static FastRNN_Params ffastrnn_p;
static UGRNN_Params fugrnn_p;
static MGU_Params fmgu_p;
static HardMGU_Params fhard_mgu_p;
static TinyEats_Params ftinyeats_p;
static GRU_Params fgru_p;

static void set_float_params(int kind) {
    ffastrnn_p = (FastRNN_Params){fmean, fstd, f_matrix(kind, fW, 1), f_matrix(kind, fU, 0), fB, 0.25f, 0.75f};
    fugrnn_p = (UGRNN_Params){fmean, fstd, f_matrix(kind, fW, 1), f_matrix(kind, fU, 0), fB};
    fmgu_p = (MGU_Params){fmean, fstd, f_matrix(kind, fW, 1), f_matrix(kind, fU, 0), f_matrix(kind, fUh, 0), fB};
    fhard_mgu_p = (HardMGU_Params){fmean, fstd, f_matrix(kind, fW, 1), f_matrix(kind, fU, 0),
                                   f_matrix(kind, fUh, 0)};
    ftinyeats_p = (TinyEats_Params){fmean, fstd, f_matrix(kind, fW, 1), f_matrix(kind, fU, 0),
                                    f_matrix(kind, fUh, 0), fB};
    fgru_p = (GRU_Params){fmean, fstd, f_matrix(kind, fW, 1), f_matrix(kind, fU, 0), fB, fB2};
}

static const struct {
    const char *name;
    f_cell_fn fn;
    const void *params;
} f_cells[] = {
    {"fastrnn", tinyrnn_fastrnn, &ffastrnn_p},   {"ugrnn", tinyrnn_ugrnn, &fugrnn_p},
    {"sitgru", tinyrnn_sitgru, &fugrnn_p},       {"ligru", tinyrnn_ligru, &fugrnn_p},
    {"egru", tinyrnn_egru, &fugrnn_p},           {"mgu", tinyrnn_mgu, &fmgu_p},
    {"hard_mgu", tinyrnn_hard_mgu, &fhard_mgu_p}, {"tinyeats", tinyrnn_tinyeats, &ftinyeats_p},
    {"gru", tinyrnn_gru, &fgru_p},
};

static void float_cell_probes(void) {
    init_float_cells();
    for (size_t c = 0; c < sizeof f_cells / sizeof f_cells[0]; c++) {
        fcell_fn = f_cells[c].fn;
        fcell_params = f_cells[c].params;
        for (int kind = 0; kind < 2; kind++) {
            set_float_params(kind);
            for (int n = 0; n < 2; n++) {
                for (int b = 0; b < 2; b++) {
                    opt_normalize = n;
                    opt_backward = b;
                    measure_rc(f_cells[c].name, p_f_cell);
                }
            }
        }
    }
}

/* Size queries. */
static ITER_T q_cell, q_rank;
static TinyRNN_Buffer_Sizes q_sizes;
static void p_get_buffer_sizes(void) {
    stack_target = (void (*)(void))tinyrnn_get_buffer_sizes;
    probe_rc = TRAMP(__typeof__(&tinyrnn_get_buffer_sizes))(q_cell, CH, CD, q_rank, q_rank,
                                                                             &q_sizes);
}
static void p_rnnpool_block_get_buffer_sizes(void) {
    ITER_T buffer = 0, output = 0;
    stack_target = (void (*)(void))tinyrnn_rnnpool_block_get_buffer_sizes;
    probe_rc = TRAMP(__typeof__(&tinyrnn_rnnpool_block_get_buffer_sizes))(8, 8, 8, &buffer,
                                                                                           &output);
}

/* Audio front-end. */
#define ASAMPLES 1024
static int16_t asig[ASAMPLES];
static TinyRNN_BandPassSection a_sections[32];
static TinyRNN_BandPassState a_states[32];
static TinyRNN_BandPassStream a_bp;
static TinyRNN_BandPassConfig a_bpcfg;
static uint32_t a_bands;
static int16_t a_features[300];
static int16_t a_frame[512], a_work[514];
static TinyRNN_MelBin a_mel[257];
static TinyRNN_FftConfig a_fcfg;
static TinyRNN_FftStream a_fs;
static int16_t a_rq15[512];
static float a_rf32[512];
static uint32_t a_n;

/* Push results: 0 (frame not complete) and 1 (features written) are both
 * success; negative is an error. */
static int push_rc(int32_t rc) { return rc < 0 ? (int)rc : 0; }

static void p_bandpass_design(void) {
    stack_target = (void (*)(void))tinyrnn_bandpass_design;
    probe_rc = TRAMP(__typeof__(&tinyrnn_bandpass_design))(&a_bpcfg, a_sections, a_bands);
}
static void p_bandpass_init(void) {
    stack_target = (void (*)(void))tinyrnn_bandpass_init;
    probe_rc = TRAMP(__typeof__(&tinyrnn_bandpass_init))(&a_bp, a_sections, a_states, a_bands,
                                                                         a_bpcfg.frame_len);
}
static void p_bandpass_push(void) {
    size_t used = 0;
    stack_target = (void (*)(void))tinyrnn_bandpass_push;
    probe_rc = push_rc(TRAMP(__typeof__(&tinyrnn_bandpass_push))(
        &a_bp, asig, ASAMPLES, a_features, a_bands, &used));
}
static void p_fft_mel_design(void) {
    stack_target = (void (*)(void))tinyrnn_fft_mel_design;
    probe_rc = TRAMP(__typeof__(&tinyrnn_fft_mel_design))(&a_fcfg, a_mel, a_fcfg.n / 2 + 1);
}
static void p_fft_features_init(void) {
    stack_target = (void (*)(void))tinyrnn_fft_features_init;
    probe_rc = TRAMP(__typeof__(&tinyrnn_fft_features_init))(
        &a_fs, &a_fcfg, a_frame, a_work, a_fcfg.mel_bands ? a_mel : NULL);
}
static void p_fft_features_push(void) {
    size_t used = 0;
    size_t nf = a_fcfg.mel_bands ? a_fcfg.mel_bands : a_fcfg.n / 2 + 1;
    stack_target = (void (*)(void))tinyrnn_fft_features_push;
    probe_rc = push_rc(TRAMP(__typeof__(&tinyrnn_fft_features_push))(
        &a_fs, asig, ASAMPLES, a_features, nf, &used));
}
static void p_rfft_q15(void) {
    stack_target = (void (*)(void))tinyrnn_rfft_q15;
    probe_rc = TRAMP(__typeof__(&tinyrnn_rfft_q15))(a_rq15, a_n);
}
static void p_rfft_f32(void) {
    stack_target = (void (*)(void))tinyrnn_rfft_f32;
    probe_rc = TRAMP(__typeof__(&tinyrnn_rfft_f32))(a_rf32, a_n);
}

static void audio_probes(void) {
    for (int i = 0; i < ASAMPLES; i++) {
        asig[i] = (int16_t)rnd(-12000, 12000);
    }
    static const uint32_t bands[2] = {8, 32}, frame_len[2] = {160, 400};
    for (int v = 0; v < 2; v++) {
        a_bpcfg = (TinyRNN_BandPassConfig){16000.0f, 100.0f, 7000.0f, 4.0f, frame_len[v]};
        a_bands = bands[v];
        measure_rc("bandpass_design", p_bandpass_design);
        measure_rc("bandpass_init", p_bandpass_init);
        measure_rc("bandpass_push", p_bandpass_push);
    }
    static const struct {
        uint32_t n, hop, kind, flags, mel;
    } fft[4] = {
        {128, 64, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, 0},
        {256, 128, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, 20},
        {512, 256, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, 32},
        {256, 128, TinyRNN_FFT_MAGNITUDE, TinyRNN_FFT_HANN, 0},
    };
    for (int v = 0; v < 4; v++) {
        a_fcfg = (TinyRNN_FftConfig){fft[v].n, fft[v].hop, fft[v].kind, fft[v].flags, fft[v].mel,
                                     16000.0f, 60.0f, 7600.0f};
        if (fft[v].mel) {
            measure_rc("fft_mel_design", p_fft_mel_design);
        }
        measure_rc("fft_features_init", p_fft_features_init);
        measure_rc("fft_features_push", p_fft_features_push);
    }
    static const uint32_t sizes[3] = {64, 256, 512};
    for (int v = 0; v < 3; v++) {
        a_n = sizes[v];
        for (uint32_t i = 0; i < a_n; i++) {
            a_rq15[i] = asig[i];
            a_rf32[i] = (float)asig[i] / 32768.0f;
        }
        measure_rc("rfft_q15", p_rfft_q15);
        measure_rc("rfft_f32", p_rfft_f32);
    }
}
#endif /* !SHIFT && !SPARSE */

void stack_probes_tinyrnn_run(void) {
#ifndef SPARSE
    q15_cell_probes();
#endif
#if !defined(SHIFT) && !defined(SPARSE)
    for (int i = 0; i < 64; i++) {
        sv[i] = (Q15_T)rnd(-32768, 32767);
    }
    for (softsign_in = 11; softsign_in <= 14; softsign_in += 3) {
        measure_rc("q15_v_softsign", p_q15_v_softsign);
    }
    float_cell_probes();
    for (q_cell = 0; q_cell <= TINYRNN_CELL_HARD_MGU; q_cell++) {
        for (q_rank = 0; q_rank <= CRANK; q_rank += CRANK) {
            measure_rc("get_buffer_sizes", p_get_buffer_sizes);
        }
    }
    measure_rc("rnnpool_block_get_buffer_sizes", p_rnnpool_block_get_buffer_sizes);
    audio_probes();
#endif
}

#endif /* TINYRNN_ONLY_PROBES */
