/*
 * Small comparison helpers shared by tinyrnn's C tests. Each returns 0 when
 * the values match and 1 (after printing what differed) when they do not.
 */
#ifndef TINYRNN_C_TESTS_CHECK_H
#define TINYRNN_C_TESTS_CHECK_H

#include <stdio.h>
#include "quantized_datatypes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The build this file was compiled for, for messages. */
#ifdef SHIFT
#define BUILD_SCALING "shift"
#else
#define BUILD_SCALING "div"
#endif
#ifdef SPARSE
#define BUILD_STORAGE "sparse"
#else
#define BUILD_STORAGE "dense"
#endif

static inline int check_q15(const char *what, const Q15_T *got, const Q15_T *want, size_t n) {
    size_t i, bad = 0;
    for (i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            if (bad < 8) {
                printf("%s [%s/%s]: element %u is %d, expected %d\n", what, BUILD_SCALING, BUILD_STORAGE,
                       (unsigned)i, got[i], want[i]);
            }
            bad++;
        }
    }
    if (bad > 8) {
        printf("%s: %u elements differ in all\n", what, (unsigned)bad);
    }
    return bad != 0;
}

static inline int check_q7(const char *what, const Q7_T *got, const Q7_T *want, size_t n) {
    size_t i, bad = 0;
    for (i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            if (bad < 8) {
                printf("%s [%s/%s]: element %u is %d, expected %d\n", what, BUILD_SCALING, BUILD_STORAGE,
                       (unsigned)i, got[i], want[i]);
            }
            bad++;
        }
    }
    if (bad > 8) {
        printf("%s: %u elements differ in all\n", what, (unsigned)bad);
    }
    return bad != 0;
}

static inline int check_int(const char *what, long got, long want) {
    if (got != want) {
        printf("%s [%s/%s]: got %ld, expected %ld\n", what, BUILD_SCALING, BUILD_STORAGE, got, want);
        return 1;
    }
    return 0;
}

#endif /* TINYRNN_C_TESTS_CHECK_H */
