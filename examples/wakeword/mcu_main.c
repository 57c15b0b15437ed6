/*
 * The wake-word detector on an emulated Cortex-M (QEMU mps2-an386 / -an385),
 * on one WAV embedded in the firmware (wav.S). Prints
 *   "<name> 0|1"                      the decision, as the host program does
 *   "INSTR <n> SAMPLES <m>"           instructions inside ww_detect (QEMU -icount,
 *                                     calibrated like bench/), and samples, on
 *                                     the second run (tables designed on the first)
 *   "STACK <bytes>"                   deepest stack use of ww_detect (painting)
 * then "DONE". Built with -DNO_DETECT it does the same without the
 * detector (the baseline for the flash and RAM the detector adds: the WAV,
 * printf and the clock are in both).
 */
#include <stdint.h>
#include <stdio.h>

#include "bench_platform.h"
#include "detector.h"

extern const uint8_t ww_wav[];
extern const uint8_t ww_wav_end[];

#ifndef NO_DETECT
#define PAINT 0xC5u
/* Paints the stack below the current frame (leaving a margin), runs the
 * detector, and measures how deep it went. */
static int __attribute__((noinline)) painted_detect(const uint8_t *s, size_t n, uint32_t *depth) {
    volatile uint8_t *floor = (volatile uint8_t *)stack_floor();
    volatile uint8_t *top = (volatile uint8_t *)(stack_pointer() - 64);
    for (volatile uint8_t *p = floor; p < top; p++) *p = PAINT;
    int r = ww_detect(s, n);
    volatile uint8_t *p = floor;
    while (p < top && *p == PAINT) p++;
    *depth = (uint32_t)(top - p) + 64;
    return r;
}
#endif

int main(void) {
#ifndef NO_DETECT
    const uint8_t *samples;
    size_t count;
    const char *why = "";
    if (ww_parse_wav(ww_wav, (size_t)(ww_wav_end - ww_wav), &samples, &count, &why) != 0) {
        printf("ERROR %s\n", why);
        return 1;
    }
    /* First run: designs the front-end's tables (once per boot) and
     * measures the stack; the timed second run is the steady state. */
    uint32_t depth = 0;
    int r2 = painted_detect(samples, count, &depth);
    clock_start();
    uint64_t calib = clock_calibrate();
    uint64_t t0 = clock_ticks();
    int r = ww_detect(samples, count);
    uint64_t ticks = clock_ticks() - t0;
    clock_stop();
    printf("%s %d\n", WAV_NAME, r);
    printf("INSTR %lu SAMPLES %lu\n", (unsigned long)(ticks * 200000u / calib), (unsigned long)count);
    printf("STACK %lu%s\n", (unsigned long)depth, r2 == r ? "" : " (decisions differ!)");
#else
    /* The same platform code, WAV and printf calls without the detector, so
     * that the size difference is the detector's own. */
    clock_start();
    uint64_t calib = clock_calibrate();
    clock_stop();
    printf("%s %d\n", WAV_NAME, (int)(ww_wav_end - ww_wav));
    printf("INSTR %lu SAMPLES %lu\n", (unsigned long)calib, (unsigned long)ww_wav[0]);
    printf("STACK %lu%s\n", (unsigned long)stack_floor(), "");
#endif
    printf("DONE\n");
    return 0;
}
