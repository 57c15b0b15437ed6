/* The cases firmware/avr/gen_cases.py writes (cases_div.c, cases_shift.c). */
#ifndef AVR_CASES_H
#define AVR_CASES_H

#include <stdint.h>
#include <avr/pgmspace.h>
#include "quantized_fastgrnn.h"

/* Arrays of a case, in this order, inside its PROGMEM data block. */
enum { A_HIDDEN, A_INPUT, A_MEAN, A_STDDEV, A_W, A_U, A_BG, A_BH, A_COUNT };

/* One q15_fastgrnn call and its expected result (in flash). */
struct fg_case {
    uint16_t id;
    uint16_t hidden, input, steps;
    int16_t backward, normalize;
    int16_t zeta, nu;
    int16_t rc;
    uint16_t len;           /* Q15_T words in data */
    int16_t off[A_COUNT];   /* offset in data, -1 for NULL */
    int16_t expected;       /* offset of the expected hiddenState, -1: none */
    const Q15_T *data;
    const Q15_FastGRNN_Scales *scales;
};

extern const char mode_name[] PROGMEM;
extern const struct fg_case fg_cases[] PROGMEM;
extern const uint8_t fg_case_count;
extern const struct fg_case fg_bench PROGMEM;
extern const uint16_t fg_bench_model_bytes;

#endif
