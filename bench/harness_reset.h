/*
 * tinyrnn benchmark firmware: the reset before every run of the shared
 * harness (../shared/bench/bench.c): its generator's state and the arrays
 * it does not fill itself, as a fresh process on the host starts. For each
 * translation unit that compiles the harness in (target_main.c,
 * model_main.c): each has its own copy of the harness's statics.
 */
#ifndef TINYRNN_BENCH_HARNESS_RESET_H
#define TINYRNN_BENCH_HARNESS_RESET_H

#define BENCH_HARNESS_RESET()              \
    do {                                   \
        st = 42;                           \
        memset(H, 0, sizeof H);            \
        memset(P1, 0, sizeof P1);          \
        memset(P2, 0, sizeof P2);          \
        memset(P3, 0, sizeof P3);          \
        memset(NF, 0, sizeof NF);          \
        memset(NF7, 0, sizeof NF7);        \
        memset(TW, 0, sizeof TW);          \
        memset(TU, 0, sizeof TU);          \
        memset(POOLBUF, 0, sizeof POOLBUF); \
        memset(POOLOUT, 0, sizeof POOLOUT); \
    } while (0)

#endif /* TINYRNN_BENCH_HARNESS_RESET_H */
