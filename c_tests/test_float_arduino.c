/*
 * tinyrnn C test: min and max already defined as macros, as Arduino.h (and
 * some vendor SDKs) define them, before the EdgeML-named headers. utils.h
 * then leaves min/max alone (they keep the platform's meaning), maps every
 * other EdgeML name, and tinyrnn_min / tinyrnn_max stay available.
 * Returns 0 when every check passes.
 */
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

#include <stdio.h>

#include "utils.h"
#include "fastgrnn.h"
#include "rnnpool.h"
#include "classifier.h"

static int failures = 0;

static void check(int ok, const char* what) {
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

int main(void) {
    /* The platform's macros, also for integers. */
    check(min(2, 3) == 2 && max(2, 3) == 3, "platform min/max macros");
    check(min(2.5f, -1.0f) == -1.0f, "platform min on floats");
    /* tinyrnn's functions under their own names. */
    check(tinyrnn_min(2.5f, -1.0f) == -1.0f && tinyrnn_max(2.5f, -1.0f) == 2.5f, "tinyrnn_min/tinyrnn_max");
    /* Every other EdgeML name is mapped. */
    check(quantTanh(4.0f) == 1.0f && sigmoid(0.0f) == 0.5f, "EdgeML names");
    float v[3] = { -1.0f, 3.0f, 2.0f };
    float r[3];
    v_relu(v, 3, r);
    check(r[0] == 0.0f && r[1] == 3.0f && argmax(r, 3) == 1, "v_relu and argmax");
    rnn_t cell = fastgrnn;
    check(cell == tinyrnn_fastgrnn, "fastgrnn is tinyrnn_fastgrnn");

    if (failures != 0) {
        printf("test_float_arduino: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_float_arduino: all checks passed\n");
    return 0;
}
