/*
 * An application that uses EdgeML's float and quantized APIs side by side:
 * the float headers (with their EdgeML-name macros) first, then the
 * quantized ones. Both sets of typedefs, structs and error codes must
 * coexist (no duplicate or conflicting definitions) and both APIs must work
 * from the same file. test_mixed_headers_quantized_first.c includes them in
 * the other order.
 */
#include <string.h>

#include "utils.h"
#include "fastgrnn.h"
#include "rnnpool.h"
#include "classifier.h"
#include "quantized_utils.h"
#include "quantized_fastgrnn.h"
#include "quantized_rnnpool.h"
#include "tinyrnn.h"
#include "check.h"

int main(void) {
    static const Q15_T a[3] = {100, -200, 300};
    static const Q15_T b[3] = {10, 20, -30};
    static const Q15_T want[3] = {110, -180, 270};
    static const float fa[2] = {1.5f, -2.0f};
    static const float fb[2] = {0.5f, 4.0f};
    Q15_T r[3];
    float fr[2];
    int fails = 0;
#ifdef SHIFT
    const SCALE_T one = 0;
#else
    const SCALE_T one = 1;
#endif

    /* Quantized: unit scales, so a plain sum. */
    q15_v_add(a, b, 3, r, one, one, one, one);
    fails += check_q15("q15_v_add next to the float API", r, want, 3);

    /* Float: 1 * fa + 1 * fb. */
    v_add(1.0f, fa, 1.0f, fb, 2, fr);
    fails += check_int("v_add next to the quantized API", fr[0] == 2.0f && fr[1] == 2.0f, 1);

    /* Both families of structs and error codes are visible. */
    fails += check_int("struct sizes", sizeof(FastGRNN_Params) > 0 && sizeof(Q15_FastGRNN_Params) > 0 &&
                                           sizeof(FastGRNN_LR_Buffers) > 0 && sizeof(Q15_FastGRNN_LR_Buffers) > 0,
                       1);
    fails += check_int("ERR_NORMFEATURES_NOT_INIT", ERR_NORMFEATURES_NOT_INIT, -4);
    fails += check_int("TINYRNN_ERR_NULL", TINYRNN_ERR_NULL, -100);

    if (fails) {
        printf("test_mixed_headers [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_mixed_headers [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
