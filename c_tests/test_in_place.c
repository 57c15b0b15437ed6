/*
 * In-place calls as EdgeML users write them, and RNNPool's calls to a
 * user's RNN, against EdgeML's behaviour (docs/contract.md, "Overlapping
 * buffers"; the full sets are pinned by tests/edgeml_recorded.rs):
 * - q7xq15_q7_convolution(buf, W, buf, ...) and q15_convolution in place,
 *   1x1 depthwise as in EdgeML's face-detection model: the same result as
 *   separate buffers (each pixel is read before it is overwritten);
 * - q15_m_mulvec(W, v, ..., v, ...): row r is written before row r+1 reads it;
 * - q15_m_reverse in place;
 * - q15_rnnpool_block calls rnn1 patchDim + patchDim^2 times and rnn2 4
 *   times, also when hiddenDims1 or hiddenDims2 is 0.
 */
#include <string.h>
#include "quantized_utils.h"
#include "quantized_rnnpool.h"
#include "check.h"

#ifdef SHIFT
#define S1 0
#define S2 2
#else
#define S1 1
#define S2 4
#endif

static int calls1, calls2;
static const Q15_T *seen_hidden[32];

static int logging_rnn(Q15_T *hidden, ITER_T hiddenDims, const Q15_T *input, ITER_T inputDims, ITER_T steps,
                       const void *params, void *buffers, const void *scales, int backward, int normalize) {
    (void)input; (void)inputDims; (void)steps; (void)buffers; (void)scales; (void)backward; (void)normalize;
    if (params == &calls1) {
        calls1++;
    } else {
        if (calls2 < 32) seen_hidden[calls2] = hidden;
        calls2++;
    }
    (void)hiddenDims;
    return 0;
}

int main(void) {
    int fails = 0;

    /* 1x1 depthwise convolution, in place and out of place. */
    {
        enum { N = 1, H = 3, W = 4, C = 3 };
        static const Q7_T init7[N * H * W * C] = {1, -2, 3, 40, -50, 60, 7, 8, -9, 100, -110, 120,
                                                 -1, 2, -3, 4, 5, 6, -70, 80, 90, 10, 11, -12,
                                                 13, 14, 15, -16, 17, 18, 19, -20, 21, 22, 23, -24};
        static const Q15_T filter[C] = {300, -200, 100};
        Q7_T sep[N * H * W * C], buf7[N * H * W * C];
        Q15_T in15[N * H * W * C], sep15[N * H * W * C];
        size_t i;
        memcpy(buf7, init7, sizeof buf7);
        q7xq15_q7_convolution(init7, filter, sep, N, H, W, C, 1, 1, 1, 1, H, W, C, 0, 0, 0, 0, 1, 1, 1, 1, S1, S1, S2);
        q7xq15_q7_convolution(buf7, filter, buf7, N, H, W, C, 1, 1, 1, 1, H, W, C, 0, 0, 0, 0, 1, 1, 1, 1, S1, S1, S2);
        fails += check_q7("q7xq15_q7_convolution in place", buf7, sep, COUNT(sep));
        for (i = 0; i < COUNT(in15); i++) in15[i] = (Q15_T)(init7[i] * 37);
        q15_convolution(in15, filter, sep15, N, H, W, C, 1, 1, 1, 1, H, W, C, 0, 0, 0, 0, 1, 1, 1, 1, S1, S1, S2);
        q15_convolution(in15, filter, in15, N, H, W, C, 1, 1, 1, 1, H, W, C, 0, 0, 0, 0, 1, 1, 1, 1, S1, S1, S2);
        fails += check_q15("q15_convolution in place", in15, sep15, COUNT(sep15));
    }

    /* q15_m_mulvec with ret == vec: ret[0] = 1+2+3, then ret[1] reads it. */
    {
        static const Q15_T mat[6] = {1, 1, 1, 1, 1, 1};
        Q15_T v[3] = {1, 2, 3};
        static const Q15_T want[3] = {6, 11, 3};
#ifdef SHIFT
        q15_m_mulvec(mat, v, 2, 3, v, 0, 0, 0);
#else
        q15_m_mulvec(mat, v, 2, 3, v, 1, 1, 1);
#endif
        fails += check_q15("q15_m_mulvec with ret == vec", v, want, 3);
    }

    /* q15_m_reverse in place: rows 0 takes row 1, then row 1 the new row 0. */
    {
        Q15_T m[6] = {1, 2, 3, 4, 5, 6};
        static const Q15_T want[6] = {4, 5, 6, 4, 5, 6};
        q15_m_reverse(m, 2, 3, 0, m);
        fails += check_q15("q15_m_reverse in place", m, want, 6);
    }

    /* RNNPool's calls, with empty states too. */
    {
        static const Q15_T patch[3 * 3 * 2] = {0};
        Q15_T out[4 * 2 + 1], buf[2 * 3 + 1];
        int hd1, hd2;
        for (hd1 = 0; hd1 <= 2; hd1++) {
            for (hd2 = 0; hd2 <= 2; hd2++) {
                int k;
                calls1 = calls2 = 0;
                fails += check_int("q15_rnnpool_block rc",
                                   q15_rnnpool_block(patch, 2, 3, 1, logging_rnn, (ITER_T)hd1, &calls1, NULL, NULL,
                                                     logging_rnn, (ITER_T)hd2, &calls2, NULL, NULL, out, buf, S1, S1,
                                                     S1, S1), 0);
                fails += check_int("rnn1 calls (patchDim + patchDim^2)", calls1, 3 + 9);
                fails += check_int("rnn2 calls", calls2, 4);
                for (k = 0; k < 4 && k < calls2; k++) {
                    fails += check_int("rnn2 state pointer is output + k * hiddenDims2",
                                       (long)(seen_hidden[k] - out), (long)k * hd2);
                }
            }
        }
    }

    if (fails) {
        printf("test_in_place [%s/%s]: %d check(s) failed\n", BUILD_SCALING, BUILD_STORAGE, fails);
        return 1;
    }
    printf("test_in_place [%s/%s]: all checks passed\n", BUILD_SCALING, BUILD_STORAGE);
    return 0;
}
