/*
 * tinyrnn benchmark firmware: main() for the emulated MCUs (bench/arm/,
 * bench/riscv/). Written against the EdgeML C API only.
 *
 * 1. Calibration: a loop of exactly 200000 instructions, timed with the
 *    target's clock ("CALIB <ticks>").
 * 2. Instructions per step: runs the shared harness's workloads
 *    (../shared/bench/bench.c, compiled into this file) for 1 and for 11
 *    steps (1 and 3 RNNPool blocks), and the FastGRNN ones for 0 steps too
 *    (the fixed cost of a call), and prints the clock ticks spent inside the
 *    kernel calls ("RUN <config> <steps> <ticks>", after the harness's own
 *    "<config> steps=N rc=R checksum=C" line). Before every run the
 *    harness's random generator is reset and its hidden state and scratch
 *    buffers are zeroed, as in a fresh process on the host: the runs of a
 *    workload see the same weights, inputs and initial state, so their
 *    difference is exactly the extra steps, and the checksums match the
 *    host's. Which workloads run depends on the build: "sparse" needs
 *    -DSPARSE, the others a build without it.
 * 3. Stack use of every kernel (stack_probes.c): "STACK <name> <bytes>".
 * Ends with "DONE" and exit status 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench_platform.h"
#include "harness_reset.h"

/* The shared harness, unchanged: its main becomes bench_main and its
 * bench_mark hook (weak there) is defined in marks.c. */
#define main bench_main
#define bench_mark bench_mark_hook
#include "bench.c"
#undef bench_mark
#undef main

void stack_probes_run(void);
extern uint64_t bench_marks[2];
#ifdef TINYRNN_ONLY_PROBES
uint64_t bench_model_run(const char *cfg, int steps);
#endif

static uint64_t run(const char *cfg, int steps) {
    char nsteps[8];
    char *argv[3] = {"bench", (char *)cfg, nsteps};
    snprintf(nsteps, sizeof nsteps, "%d", steps);
    BENCH_HARNESS_RESET();
    (void)bench_main(3, argv);
    return bench_marks[1] - bench_marks[0];
}

int main(void) {
#ifdef SPARSE
    static const char *const cfgs[] = {"sparse"};
#else
    static const char *const cfgs[] = {"dense", "lr", "q7", "pool"};
#endif
    clock_start();
    printf("CALIB %lu\n", (unsigned long)clock_calibrate());
    for (unsigned i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
        int pool = cfgs[i][0] == 'p';
        const int steps_list[3] = {pool ? 1 : 0, 1, pool ? 3 : 11};
        for (int k = pool; k < 3; k++) {
            int steps = steps_list[k];
            uint64_t t = run(cfgs[i], steps);
            printf("RUN %s %d %lu\n", cfgs[i], steps, (unsigned long)t);
        }
    }
#ifdef TINYRNN_ONLY_PROBES
    /* The FastGRNN workloads again through a model handle (model_main.c);
     * "MODELS" tells bench/report.py whose checksum lines follow. */
    printf("MODELS\n");
    for (unsigned i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
        if (cfgs[i][0] == 'p') {
            continue;
        }
        const int steps_list[3] = {0, 1, 11};
        for (int k = 0; k < 3; k++) {
            uint64_t t = bench_model_run(cfgs[i], steps_list[k]);
            printf("RUN model_%s %d %lu\n", cfgs[i], steps_list[k], (unsigned long)t);
        }
    }
#endif
    clock_stop();
    stack_probes_run();
    printf("DONE\n");
    fflush(stdout);
    return 0;
}
