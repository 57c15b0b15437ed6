/*
 * tinyrnn benchmark firmware: the shared harness's FastGRNN workloads
 * ("dense", "q7", "sparse", "lowrank") through tinyrnn's model handles
 * (quantized_fastgrnn.h) instead of the drop-in call. A second copy of the
 * harness (../shared/bench/bench.c, unchanged) is compiled here with
 * q15_fastgrnn, q7xq15_q15_fastgrnn and q15_fastgrnn_lr replaced by functions that
 * initialise a model with the call's params, buffers and scales and then
 * run it; the clock restarts after the init, so the harness's marks time
 * the run alone. Same data, same steps, same checksums as the drop-in runs
 * (target_main.c prints both; bench/report.py compares them). Built into the
 * tinyrnn firmware only (-DTINYRNN_ONLY_PROBES): EdgeML has no such call.
 */
#ifdef TINYRNN_ONLY_PROBES
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "quantized_fastgrnn.h"

#include "bench_platform.h"
#include "harness_reset.h"

int bench_model_main(int argc, char **argv);
void bench_mark_hook(int phase);

static int model_q15(Q15_T *h, ITER_T hd, const Q15_T *x, ITER_T id, ITER_T steps, const void *p, void *b,
                     const void *s, int backward, int normalize);
static int model_q7(Q15_T *h, ITER_T hd, const Q7_T *x, ITER_T id, ITER_T steps, const void *p, void *b,
                    const void *s, int backward, int normalize);
static int model_lr(Q15_T *h, ITER_T hd, const Q15_T *x, ITER_T id, ITER_T steps, const void *p, void *b,
                    const void *s, int backward, int normalize);

#define main bench_model_main
#define bench_mark bench_mark_hook
#undef q15_fastgrnn
#undef q7xq15_q15_fastgrnn
#undef q15_fastgrnn_lr
#define q15_fastgrnn model_q15
#define q7xq15_q15_fastgrnn model_q7
#define q15_fastgrnn_lr model_lr
#include "bench.c"
#undef q15_fastgrnn
#undef q7xq15_q15_fastgrnn
#undef q15_fastgrnn_lr
#undef bench_mark
#undef main

uint64_t bench_model_run(const char *cfg, int steps);
extern uint64_t bench_marks[2];

/* As target_main.c's run(), for this copy of the harness. */
uint64_t bench_model_run(const char *cfg, int steps) {
    char nsteps[8];
    char *argv[3] = {"bench", (char *)cfg, nsteps};
    snprintf(nsteps, sizeof nsteps, "%d", steps);
    BENCH_HARNESS_RESET();
    (void)bench_model_main(3, argv);
    return bench_marks[1] - bench_marks[0];
}

/* The model lives as long as the firmware, as in an application. */
static tinyrnn_fastgrnn_model model;

static int model_q15(Q15_T *h, ITER_T hd, const Q15_T *x, ITER_T id, ITER_T steps, const void *p, void *b,
                     const void *s, int backward, int normalize) {
    int rc = tinyrnn_q15_fastgrnn_model_init(&model, hd, id, steps, p, b, s, normalize);
    bench_mark_hook(0);
    return rc != 0 ? rc : tinyrnn_q15_fastgrnn_model_run(&model, h, x, steps, backward);
}

static int model_q7(Q15_T *h, ITER_T hd, const Q7_T *x, ITER_T id, ITER_T steps, const void *p, void *b,
                    const void *s, int backward, int normalize) {
    int rc = tinyrnn_q7xq15_q15_fastgrnn_model_init(&model, hd, id, steps, p, b, s, normalize);
    bench_mark_hook(0);
    return rc != 0 ? rc : tinyrnn_q7xq15_q15_fastgrnn_model_run(&model, h, x, steps, backward);
}

static int model_lr(Q15_T *h, ITER_T hd, const Q15_T *x, ITER_T id, ITER_T steps, const void *p, void *b,
                    const void *s, int backward, int normalize) {
    int rc = tinyrnn_q15_fastgrnn_lr_model_init(&model, hd, id, steps, p, b, s, normalize);
    bench_mark_hook(0);
    return rc != 0 ? rc : tinyrnn_q15_fastgrnn_lr_model_run(&model, h, x, steps, backward);
}
#endif /* TINYRNN_ONLY_PROBES */
