/*
 * cell_example.h -- what the cell examples share: deterministic weights and
 * inputs, and the printing of a float state.
 *
 * Every weight and input is an integer over a power of two, made without
 * libm, so the host and the MCU start from the same bits; tinyrnn's float
 * cells then compute the same bits on both (see docs/float-api.md), which
 * the Makefile checks by comparing the outputs with expected/<example>.txt.
 * The weights are pseudo-random, NOT trained: replace them with your
 * model's (PyTorch state_dict arrays for the GRU, the stacked gate blocks
 * described in the family's header for the others).
 */
#ifndef CELL_EXAMPLE_H
#define CELL_EXAMPLE_H

#include <stdint.h>

#include "platform.h"

#define INPUT_DIMS 4
#define HIDDEN_DIMS 8
#define STEPS 10

/* xorshift32: the examples' only source of numbers. */
static uint32_t example_rng = 20240603u;

static uint32_t example_next(void) {
    example_rng ^= example_rng << 13;
    example_rng ^= example_rng >> 17;
    example_rng ^= example_rng << 5;
    return example_rng;
}

/* n values k / 2^shift with k uniform in [-2^(bits-1), 2^(bits-1) - 1]. */
static void example_fill(float *v, unsigned n, unsigned bits, unsigned shift) {
    for (unsigned i = 0; i < n; i++) {
        int32_t k = (int32_t)(example_next() >> (32u - bits)) - (int32_t)(1u << (bits - 1u));
        v[i] = (float)k / (float)(1u << shift);
    }
}

/* The input sequence: STEPS x INPUT_DIMS values in [-1, 1), 1/64 apart. */
static void example_input(float *x) { example_fill(x, STEPS * INPUT_DIMS, 7, 6); }

/* Prints "name: h0, h1, ... (x 1e-4), bits <checksum>, class <argmax>". The
 * checksum (FNV-1a over the float bit patterns) pins every bit. */
static void example_report(const char *name, const float *h, unsigned n) {
    uint32_t fnv = 2166136261u;
    unsigned best = 0;
    out_str(name);
    out_str(":");
    for (unsigned i = 0; i < n; i++) {
        union { float f; uint32_t u; } bits = {h[i]};
        for (unsigned b = 0; b < 4; b++) {
            fnv = (fnv ^ ((bits.u >> (8u * b)) & 0xFFu)) * 16777619u;
        }
        float scaled = h[i] * 10000.0f;
        out_str(i == 0 ? " " : ", ");
        out_int((int32_t)(scaled + (scaled >= 0.0f ? 0.5f : -0.5f)));
        if (h[i] > h[best]) {
            best = i;
        }
    }
    out_str(" (x 1e-4), bits ");
    out_int((int32_t)(fnv >> 1));
    out_str(", class ");
    out_int((int32_t)best);
    out_str("\n");
}

/* Prints the failing call's return code; returns 1 for main. */
static int example_failed(const char *call, int rc) {
    out_str(call);
    out_str(" failed: ");
    out_int(rc);
    out_str("\n");
    out_end();
    return 1;
}

#endif
