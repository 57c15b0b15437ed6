/*
 * A quantized FastGRNN classifier written against Microsoft EdgeML's C API
 * and linked with tinyrnn's libtinyrnn.a instead of EdgeML's sources.
 *
 *   1. q15_fastgrnn runs over STEPS time steps of INPUT_DIMS features and
 *      leaves its summary of the sequence in the hidden state;
 *   2. a dense layer turns the hidden state into one logit per class:
 *      q15_m_mulvec (weights x state), then q15_v_add (+ bias);
 *   3. q15_v_argmax picks the class.
 *
 * Then, with tinyrnn's headers only (TINYRNN_FASTGRNN_MODEL_BYTES is
 * tinyrnn's), the same sequence is streamed one step per call, as a
 * detector calls its cell once per frame, through a model handle: its init
 * checks the params, buffers and scales once, each run only the hidden
 * state and the input. The hidden state must come out the same.
 *
 * The same file runs on the host and on a Cortex-M4 (QEMU mps2-an386); the
 * Makefile compares both outputs with expected.txt. The model is in model.h
 * (deterministic, NOT trained: see there). Built without -DSHIFT, so the
 * scales are EdgeML's divisors, as in model.h.
 */
#include <stddef.h>

#include "model.h"
#include "platform.h"
#include "quantized_fastgrnn.h"
#include "quantized_utils.h"

/* Scratch buffers FastGRNN needs (EdgeML's Buffers struct). */
static Q15_T preComp1[HIDDEN_DIMS], preComp2[HIDDEN_DIMS], preComp3[HIDDEN_DIMS];
static Q15_T normFeatures[INPUT_DIMS];

static void print_vec(const char *label, const Q15_T *v, int n) {
    out_str(label);
    for (int i = 0; i < n; i++) {
        out_str(i == 0 ? " " : ", ");
        out_int(v[i]);
    }
    out_str("\n");
}

int main(void) {
    const Q15_FastGRNN_Params params = {
        .mean = NULL, .stdDev = NULL, /* not normalised (normalize = 0) */
        .W = rnn_W, .U = rnn_U,       /* dense weights (built without -DSPARSE) */
        .Bg = rnn_Bg, .Bh = rnn_Bh,
        .sigmoid_zeta = SIGMOID_ZETA, .sigmoid_nu = SIGMOID_NU,
    };
    Q15_FastGRNN_Buffers buffers = {
        .preComp1 = preComp1, .preComp2 = preComp2, .preComp3 = preComp3,
        .normFeatures = normFeatures,
    };
    Q15_T hidden[HIDDEN_DIMS] = {0};
    Q15_T logits[NUM_CLASSES];
    ITER_T predicted = 0;

    out_str("tinyrnn example: quantized FastGRNN classifier (EdgeML API)\n");
    out_str("input: ");
    out_int(STEPS);
    out_str(" steps x ");
    out_int(INPUT_DIMS);
    out_str(" features, hidden units: ");
    out_int(HIDDEN_DIMS);
    out_str(", classes: ");
    out_int(NUM_CLASSES);
    out_str("\n");

    /* The whole sequence in one call: the hidden state carries across steps. */
    int rc = q15_fastgrnn(hidden, HIDDEN_DIMS, sample_input, INPUT_DIMS, STEPS,
                          &params, &buffers, &rnn_scales, /*backward=*/0, /*normalize=*/0);
    if (rc != 0) {
        out_str("q15_fastgrnn failed: ");
        out_int(rc);
        out_str("\n");
        out_end();
        return 1;
    }

    /* Dense layer: logits = fc_W . hidden (64-bit sums, scaled), then + bias. */
    q15_m_mulvec(fc_W, hidden, NUM_CLASSES, HIDDEN_DIMS, logits, FC_SCALE, H_SCALE, LOGIT_SCALE);
    q15_v_add(logits, fc_bias, NUM_CLASSES, logits, 1, 1, 1, 1);
    q15_v_argmax(logits, NUM_CLASSES, &predicted);

    print_vec("hidden state:", hidden, HIDDEN_DIMS);
    print_vec("logits:", logits, NUM_CLASSES);
    out_str("class: ");
    out_int((int32_t)predicted);
    out_str("\n");

#ifdef TINYRNN_FASTGRNN_MODEL_BYTES
    /* The model keeps pointers to params and buffers: they outlive it here. */
    static tinyrnn_fastgrnn_model model;
    Q15_T streamed[HIDDEN_DIMS] = {0};
    rc = tinyrnn_q15_fastgrnn_model_init(&model, HIDDEN_DIMS, INPUT_DIMS, 1, &params, &buffers, &rnn_scales,
                                         /*normalize=*/0);
    for (ITER_T t = 0; rc == 0 && t < STEPS; t++) {
        rc = tinyrnn_q15_fastgrnn_model_run(&model, streamed, sample_input + t * INPUT_DIMS, 1, /*backward=*/0);
    }
    int same = rc == 0;
    for (int i = 0; i < HIDDEN_DIMS; i++) {
        same = same && streamed[i] == hidden[i];
    }
    out_str(same ? "streamed step by step through a model handle: the same hidden state\n"
                 : "streamed through a model handle: DIFFERENT hidden state or an error\n");
    if (!same) {
        out_end();
        return 1;
    }
#endif
    out_end();
    return 0;
}
