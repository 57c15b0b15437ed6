/*
 * tinyrnn benchmark firmware: the harness's clock hook. bench.c calls
 * bench_mark(0) just before and bench_mark(1) just after the kernel calls;
 * target_main.c renames it to bench_mark_hook, defined here (a separate
 * translation unit, so the weak default in bench.c is not inlined).
 */
#include <stdint.h>

#include "bench_platform.h"

uint64_t bench_marks[2];

void bench_mark_hook(int phase);
void bench_mark_hook(int phase) {
    bench_marks[phase != 0] = clock_ticks();
}
