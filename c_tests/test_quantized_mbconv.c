/*
 * The five MBConv blocks of quantized_mbconv.h, called as EdgeML users call
 * them, on cases recorded from EdgeML's C reference in this build's mode
 * (models/mbconv_cases.h): every output must be EdgeML's. Compiled in the
 * four SHIFT/SPARSE combinations (SPARSE changes nothing here).
 */
#include <string.h>
#include "quantized_mbconv.h"
#include "check.h"
#include "models/mbconv_cases.h"

#define G(p, i) ((ITER_T)p##_geo[i])
#define S(p, i) ((SCALE_T)p##_geo[i])
#define GEO(p) G(p, 0), G(p, 1), G(p, 2), G(p, 3), G(p, 4), G(p, 5), G(p, 6), G(p, 7), G(p, 8), G(p, 9), \
    (S_ITER_T)p##_geo[10], (S_ITER_T)p##_geo[11], (S_ITER_T)p##_geo[12], (S_ITER_T)p##_geo[13], G(p, 14), G(p, 15)
#define SCALES(p) S(p, 18), S(p, 19), S(p, 20), S(p, 21), S(p, 22), S(p, 23), S(p, 24), S(p, 25), S(p, 26), \
    S(p, 27), S(p, 28), S(p, 29)

/* Runs case p of a block: the conv buffers start as EdgeML's did (EdgeML
 * reads convBuffer1 as well as writing it). */
#define RUN(block, p, TOUT, TBUF, TLIM, CHECK)                                                                 \
    do {                                                                                                       \
        TOUT out[COUNT(p##_output)];                                                                           \
        TBUF cb1[COUNT(p##_convBuffer1)], cb2[COUNT(p##_convBuffer2)];                                         \
        memcpy(cb1, p##_convBuffer1, sizeof cb1);                                                              \
        memcpy(cb2, p##_convBuffer2, sizeof cb2);                                                              \
        memset(out, 0x5a, sizeof out);                                                                         \
        block(p##_input, p##_filter1, p##_BN1W, p##_BN1B, p##_filter2, p##_BN2W, p##_BN2B, p##_filter3,        \
              p##_BN3W, p##_BN3B, out, cb1, cb2, GEO(p), (TLIM)p##_geo[16], (TLIM)p##_geo[17], SCALES(p));     \
        fails += CHECK(#p, out, p##_output, COUNT(out));                                                       \
    } while (0)

int main(void) {
    int fails = 0;
    RUN(q7_mbconv_block, q7_mbconv_block_0, Q7_T, Q7_T, Q15_T, check_q7);
    RUN(q7_mbconv_block, q7_mbconv_block_1, Q7_T, Q7_T, Q15_T, check_q7);
    RUN(q7xq15_q15_mbconv_block, q7xq15_q15_mbconv_block_0, Q15_T, Q15_T, Q31_T, check_q15);
    RUN(q7xq15_q15_mbconv_block, q7xq15_q15_mbconv_block_1, Q15_T, Q15_T, Q31_T, check_q15);
    RUN(q15xq7_q7_mbconv_block, q15xq7_q7_mbconv_block_0, Q7_T, Q15_T, Q31_T, check_q7);
    RUN(q15xq7_q7_mbconv_block, q15xq7_q7_mbconv_block_1, Q7_T, Q15_T, Q31_T, check_q7);
    RUN(q15xq7_q15_mbconv_block, q15xq7_q15_mbconv_block_0, Q15_T, Q15_T, Q31_T, check_q15);
    RUN(q15xq7_q15_mbconv_block, q15xq7_q15_mbconv_block_1, Q15_T, Q15_T, Q31_T, check_q15);
    RUN(q15_mbconv_block, q15_mbconv_block_0, Q15_T, Q15_T, Q31_T, check_q15);
    RUN(q15_mbconv_block, q15_mbconv_block_1, Q15_T, Q15_T, Q31_T, check_q15);

    /* A stride of 0 is refused: nothing written. */
    {
        Q15_T out[4] = {7, 7, 7, 7}, cb1[8], cb2[2];
        static const Q15_T in[4] = {1, 2, 3, 4}, f[4] = {1, 1, 1, 1}, bn[2] = {1, 1};
        static const Q15_T want[4] = {7, 7, 7, 7};
        q15_mbconv_block(in, f, bn, bn, f, bn, bn, f, bn, bn, out, cb1, cb2, 1, 2, 2, 1, 2, 1, 1, 1, 2, 2, 0, 0, 0,
                         0, 0, 1, 1000, 1000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        fails += check_q15("q15_mbconv_block with HStride 0", out, want, 4);
    }

    if (fails) {
        printf("test_quantized_mbconv [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_quantized_mbconv [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
