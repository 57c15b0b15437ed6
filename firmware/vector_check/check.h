/*
 * tinyrnn vector-check firmware: the hand-written half. The generated half
 * (cases_<mode>.c, written by firmware/gen_cases.py from the EdgeML vectors)
 * defines vc_functions[]: per EdgeML function, the cases to replay, each a
 * function that calls the kernel through its EdgeML name and compares every
 * output with the recorded one through the helpers below.
 */
#ifndef TINYRNN_FW_CHECK_H
#define TINYRNN_FW_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "tinyrnn.h"

/* Elements after each output/scratch buffer that must stay untouched. */
#define VC_GUARD 4u

/* One recorded case: `case` number and line in the .jsonl file. */
struct vc_case {
    int32_t id;
    uint32_t line;
    int (*run)(void); /* number of failed checks; 0 = bit-exact */
};

struct vc_function {
    const char *name;
    const struct vc_case *cases;
    uint32_t count;
};

/* Defined by the generated file. */
extern const struct vc_function vc_functions[];
extern const uint32_t vc_function_count;
extern const char vc_source[]; /* e.g. "shift_sparse.jsonl" */

/*
 * Two fill patterns for outputs, guards and scratch; each case runs once
 * with each, so an element the library does not write cannot match by
 * coincidence.
 */
#define VC_PASSES 2
extern const Q15_T vc_sentinel_q15[VC_PASSES];
extern const Q7_T vc_sentinel_q7[VC_PASSES];
extern const ITER_T vc_sentinel_iter[VC_PASSES];

void vc_fill_q15(Q15_T *p, uint32_t n, Q15_T v);
void vc_fill_q7(Q7_T *p, uint32_t n, Q7_T v);
void vc_fill_iter(ITER_T *p, uint32_t n, ITER_T v);
void vc_copy_q15(Q15_T *dst, const Q15_T *src, uint32_t n);
void vc_copy_q7(Q7_T *dst, const Q7_T *src, uint32_t n);

/*
 * Compare got[0..n) with exp[0..n) and check that got[n..n+VC_GUARD) still
 * holds `sentinel`. Print the first differences; return the number of
 * failed checks (0 or 1).
 */
int vc_check_q15(const char *what, const Q15_T *got, const Q15_T *exp, uint32_t n, Q15_T sentinel);
int vc_check_q7(const char *what, const Q7_T *got, const Q7_T *exp, uint32_t n, Q7_T sentinel);
int vc_check_iter(const char *what, const ITER_T *got, const ITER_T *exp, uint32_t n, ITER_T sentinel);
/* Only the guard of a scratch buffer of n elements. */
int vc_check_guard_q15(const char *what, const Q15_T *buf, uint32_t n, Q15_T sentinel);
int vc_check_guard_q7(const char *what, const Q7_T *buf, uint32_t n, Q7_T sentinel);
/* A return code. */
int vc_check_rc(int32_t got, int32_t exp);

#endif /* TINYRNN_FW_CHECK_H */
