/*
 * tinyrnn C test: the collision-free way in. With TINYRNN_NO_EDGEML_NAMES
 * defined, the float headers declare only tinyrnn_-prefixed functions (plus
 * EdgeML's struct names and error codes), so an application may define its
 * own min, max, relu, sigmoid, argmax, softmax, FC, rnn_t, fastgrnn ... next
 * to them, and next to the quantized API. Returns 0 when every check passes.
 */
#define TINYRNN_NO_EDGEML_NAMES

#include <stdio.h>
#include <string.h>

#include "utils.h"
#include "fastgrnn.h"
#include "rnnpool.h"
#include "classifier.h"
#include "tinyrnn.h"

/* The application's own functions and types under EdgeML's generic names. */
static int min(int a, int b) { return a < b ? a : b; }
static int max(int a, int b) { return a > b ? a : b; }
static float sigmoid(float x) { return x > 0.0f ? 1.0f : 0.0f; }
static float relu(float x) { return x > 1.0f ? 1.0f : x; }
static int argmax(int a, int b) { return a > b ? 0 : 1; }
static int FC = 7;
static const char* fastgrnn = "fastgrnn";
typedef long rnn_t;

static int failures = 0;

static void check(int ok, const char* what) {
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

int main(void) {
    rnn_t mine = 3;
    check(min(2, 3) == 2 && max(2, 3) == 3, "own min/max");
    check(sigmoid(0.5f) == 1.0f && relu(3.0f) == 1.0f && argmax(1, 2) == 1, "own activations");
    check(FC == 7 && strcmp(fastgrnn, "fastgrnn") == 0 && mine == 3, "own variables and types");

    check(tinyrnn_min(2.0f, 3.0f) == 2.0f && tinyrnn_max(2.0f, 3.0f) == 3.0f, "tinyrnn_min/tinyrnn_max");
    check(tinyrnn_sigmoid(0.0f) == 0.5f && tinyrnn_relu(-1.0f) == 0.0f, "tinyrnn activations");

    float W[2] = { 0.5f, -0.25f };
    float U[1] = { 0.75f };
    float Bg[1] = { 0.1f };
    float Bh[1] = { -0.1f };
    FastGRNN_Params params = {
        .mean = NULL, .stdDev = NULL, .W = W, .U = U, .Bg = Bg, .Bh = Bh,
        .sigmoid_zeta = 1.0f, .sigmoid_nu = 0.0f
    };
    float preComp[1] = { 0.0f };
    float normFeatures[2] = { 0.0f };
    FastGRNN_Buffers buffers = { .preComp = preComp, .normFeatures = normFeatures };
    float hidden[1] = { 0.0f };
    const float input[4] = { 1.0f, 2.0f, -1.0f, 0.5f };
    tinyrnn_rnn_t cell = tinyrnn_fastgrnn;
    check(cell(hidden, 1, input, 2, 2, &params, &buffers, 0, 0) == 0, "tinyrnn_fastgrnn through tinyrnn_rnn_t");
    check(hidden[0] != 0.0f, "the state moved");

    FastGRNN_Buffers missing = { .preComp = NULL, .normFeatures = normFeatures };
    check(tinyrnn_fastgrnn(hidden, 1, input, 2, 2, &params, &missing, 0, 0) == ERR_PRECOMP_NOT_INIT,
          "ERR_PRECOMP_NOT_INIT");

    float scores[1] = { 0.0f };
    tinyrnn_FC(W, Bg, input, 2, scores, 1);
    check(scores[0] == 0.1f, "tinyrnn_FC");
    check(tinyrnn_argmax(input, 4) == 1, "tinyrnn_argmax");

    if (failures != 0) {
        printf("test_float_names: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_float_names: all checks passed\n");
    return 0;
}
