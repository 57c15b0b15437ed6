/*
 * tinyrnn vector-check firmware: main() and the comparison helpers.
 *
 * Replays every case of the generated table, prints one line per EdgeML
 * function ("name: N ok", or "name: F of N FAILED" after the details of
 * each mismatch), then "RESULT: PASS" or "RESULT: FAIL". main's return
 * value is the exit status QEMU reports: 0 only when every case is
 * bit-exact.
 */
#include "check.h"

#include "../semihost.h"

const Q15_T vc_sentinel_q15[VC_PASSES] = {0x5A5A, (Q15_T)-0x5A5B};
const Q7_T vc_sentinel_q7[VC_PASSES] = {0x5A, (Q7_T)-0x5B};
const ITER_T vc_sentinel_iter[VC_PASSES] = {0x5A5A5A5Au, 0xA5A5A5A5u};

/* How many differing elements of one buffer are printed. */
#define VC_SHOW 4u

static const char *cur_fn;
static const struct vc_case *cur_case;

void vc_fill_q15(Q15_T *p, uint32_t n, Q15_T v) {
    for (uint32_t i = 0; i < n; i++) {
        p[i] = v;
    }
}

void vc_fill_q7(Q7_T *p, uint32_t n, Q7_T v) {
    for (uint32_t i = 0; i < n; i++) {
        p[i] = v;
    }
}

void vc_fill_iter(ITER_T *p, uint32_t n, ITER_T v) {
    for (uint32_t i = 0; i < n; i++) {
        p[i] = v;
    }
}

void vc_copy_q15(Q15_T *dst, const Q15_T *src, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        dst[i] = src[i];
    }
}

void vc_copy_q7(Q7_T *dst, const Q7_T *src, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        dst[i] = src[i];
    }
}

static void mismatch_head(const char *what) {
    con_puts("  MISMATCH ");
    con_puts(cur_fn);
    con_puts(" case ");
    con_put_int(cur_case->id);
    con_puts(" (");
    con_puts(vc_source);
    con_puts(" line ");
    con_put_uint(cur_case->line);
    con_puts("): ");
    con_puts(what);
}

static void mismatch_elem(const char *what, uint32_t i, int32_t got, int32_t exp) {
    mismatch_head(what);
    con_putc('[');
    con_put_uint(i);
    con_puts("] = ");
    con_put_int(got);
    con_puts(", expected ");
    con_put_int(exp);
    con_putc('\n');
}

static void mismatch_more(uint32_t shown, uint32_t total) {
    if (total > shown) {
        con_puts("    ... ");
        con_put_uint(total - shown);
        con_puts(" more differing elements\n");
    }
}

/* One comparison loop for every element type, on int32_t values. */
#define VC_DEFINE_CHECK(name, T)                                                  \
    static int name(const char *what, const T *got, const T *exp, uint32_t n,    \
                    uint32_t guard_from, uint32_t guard_n, T sentinel) {          \
        uint32_t bad = 0;                                                         \
        for (uint32_t i = 0; i < n; i++) {                                        \
            if (got[i] != exp[i]) {                                               \
                if (bad < VC_SHOW) {                                              \
                    mismatch_elem(what, i, (int32_t)got[i], (int32_t)exp[i]);     \
                }                                                                 \
                bad++;                                                            \
            }                                                                     \
        }                                                                         \
        mismatch_more(bad < VC_SHOW ? bad : VC_SHOW, bad);                        \
        uint32_t over = 0;                                                        \
        for (uint32_t i = guard_from; i < guard_from + guard_n; i++) {            \
            if (got[i] != sentinel) {                                             \
                over++;                                                           \
            }                                                                     \
        }                                                                         \
        if (over != 0) {                                                          \
            mismatch_head(what);                                                  \
            con_puts(": written past its end (");                                 \
            con_put_uint(over);                                                   \
            con_puts(" of the guard elements after index ");                      \
            con_put_uint(guard_from);                                             \
            con_puts(")\n");                                                      \
        }                                                                         \
        return (bad != 0 || over != 0) ? 1 : 0;                                   \
    }

VC_DEFINE_CHECK(check_q15, Q15_T)
VC_DEFINE_CHECK(check_q7, Q7_T)
VC_DEFINE_CHECK(check_iter, ITER_T)

int vc_check_q15(const char *what, const Q15_T *got, const Q15_T *exp, uint32_t n, Q15_T sentinel) {
    return check_q15(what, got, exp, n, n, VC_GUARD, sentinel);
}

int vc_check_q7(const char *what, const Q7_T *got, const Q7_T *exp, uint32_t n, Q7_T sentinel) {
    return check_q7(what, got, exp, n, n, VC_GUARD, sentinel);
}

int vc_check_iter(const char *what, const ITER_T *got, const ITER_T *exp, uint32_t n, ITER_T sentinel) {
    return check_iter(what, got, exp, n, n, VC_GUARD, sentinel);
}

int vc_check_guard_q15(const char *what, const Q15_T *buf, uint32_t n, Q15_T sentinel) {
    return check_q15(what, buf, buf, 0, n, VC_GUARD, sentinel);
}

int vc_check_guard_q7(const char *what, const Q7_T *buf, uint32_t n, Q7_T sentinel) {
    return check_q7(what, buf, buf, 0, n, VC_GUARD, sentinel);
}

int vc_check_rc(int32_t got, int32_t exp) {
    if (got == exp) {
        return 0;
    }
    mismatch_head("return code");
    con_puts(" = ");
    con_put_int(got);
    con_puts(", expected ");
    con_put_int(exp);
    con_putc('\n');
    return 1;
}

static const char *cpu_name(void) {
#if defined(__ARM_ARCH_7EM__) && defined(__ARM_FP)
    return "Cortex-M4F (armv7e-m, hard float)";
#elif defined(__ARM_ARCH_7EM__)
    return "Cortex-M4 (armv7e-m)";
#elif defined(__ARM_ARCH_6M__)
    return "Cortex-M0+ (armv6-m)";
#else
    return "unknown Arm core";
#endif
}

int main(void) {
    uint32_t total_cases = 0;
    uint32_t failed_cases = 0;
    uint32_t failed_functions = 0;

    con_puts("tinyrnn vector check: ");
    con_puts(vc_source);
    con_puts(", compiled with");
#ifdef SHIFT
    con_puts(" -DSHIFT");
#endif
#ifdef SPARSE
    con_puts(" -DSPARSE");
#endif
#if !defined(SHIFT) && !defined(SPARSE)
    con_puts(" no mode flags");
#endif
    con_puts(", on ");
    con_puts(cpu_name());
    con_putc('\n');

    for (uint32_t f = 0; f < vc_function_count; f++) {
        const struct vc_function *fn = &vc_functions[f];
        uint32_t failed = 0;
        cur_fn = fn->name;
        for (uint32_t c = 0; c < fn->count; c++) {
            cur_case = &fn->cases[c];
            if (cur_case->run() != 0) {
                failed++;
            }
        }
        con_puts(fn->name);
        con_puts(": ");
        if (failed == 0) {
            con_put_uint(fn->count);
            con_puts(" ok\n");
        } else {
            con_put_uint(failed);
            con_puts(" of ");
            con_put_uint(fn->count);
            con_puts(" FAILED\n");
            failed_functions++;
        }
        total_cases += fn->count;
        failed_cases += failed;
    }

    con_puts("cases: ");
    con_put_uint(total_cases);
    con_puts(" in ");
    con_put_uint(vc_function_count);
    con_puts(" functions, ");
    con_put_uint(failed_cases);
    con_puts(" failed\n");
    if (failed_cases != 0 || total_cases == 0) {
        con_puts("RESULT: FAIL (");
        con_put_uint(failed_functions);
        con_puts(" functions differ)\n");
        return 1;
    }
    con_puts("RESULT: PASS\n");
    return 0;
}
