/*
 * model.h -- the weights of the example classifier, in EdgeML's quantized
 * format (Q15 values with EdgeML's division scales, as its SeeDot-generated
 * model headers hold them).
 *
 * NOT A TRAINED MODEL. The weights are pseudo-random (xorshift64, seed
 * 20240603, uniform in [-4096, 4096], biases of the output layer in
 * [-1024, 1024]) and the sample input is a set of sines; the predicted class
 * means nothing beyond being reproducible. What is realistic are the
 * magnitudes and the scales: those of the quantized FastGRNN of EdgeML's
 * own Wider Regression test model (as in ../shared/bench/bench.c), so every
 * kernel runs on the fixed-point ranges a real model exercises. Replace this
 * file with your own model's header to classify real data.
 *
 * Shapes: 12 time steps of 6 features -> FastGRNN with 16 hidden units ->
 * dense layer 4 x 16 + bias -> argmax.
 */
#ifndef FASTGRNN_CLASSIFIER_MODEL_H
#define FASTGRNN_CLASSIFIER_MODEL_H

#include "quantized_fastgrnn.h"

#define INPUT_DIMS 6
#define HIDDEN_DIMS 16
#define STEPS 12
#define NUM_CLASSES 4

/* FastGRNN: rnn_W (HIDDEN_DIMS x INPUT_DIMS) and rnn_U (HIDDEN_DIMS x HIDDEN_DIMS), row-major. */
static const Q15_T rnn_W[HIDDEN_DIMS * INPUT_DIMS] = {
    -486, -753, -3934, 1972, -293, -3557, 832, -3770, 1837, 1312, -2902, -3050,
    -2775, -2352, 1314, -2559, 2605, -1696, -3593, 383, 3042, 541, -3091, -2461,
    2337, -83, -3862, -2048, -474, -1305, -3781, -1546, -2145, -319, 3360, 1083,
    -640, 3971, -262, -1474, -2660, -464, -3823, 3135, -2293, -1508, -3400, 1941,
    3874, 2202, -577, -141, -2222, 1546, -3922, 792, -2508, 3960, -3182, -2776,
    1880, -850, -593, 2208, -3990, -2780, 1679, 4072, 1912, -2865, -2579, 1719,
    1064, -1592, 3656, -233, 1636, -2164, 984, 3218, -3474, -1088, 25, -2199,
    638, -1442, 3163, 3168, -1814, 2546, -2892, -778, -3038, -1630, -2573, -1701,
};

static const Q15_T rnn_U[HIDDEN_DIMS * HIDDEN_DIMS] = {
    -3165, -2414, 1290, 1686, 2960, -3922, -3891, -521, 628, 3566, 3061, 3099, -3954, 2490, -986, 2292,
    1941, 2196, 138, 131, -1189, 2052, 2800, -124, -1918, 2060, -3184, -86, 618, 1165, -2282, 939,
    -3687, 1380, -488, 940, -1233, 1065, 864, -4070, 278, -2229, 997, 986, -1113, 1120, -908, -480,
    -2797, -737, 1342, 2238, 2460, 781, -684, 3430, -3853, -3825, 2326, -1470, -3020, 34, 1936, 2719,
    3597, -3499, -2879, 1647, 919, 3091, 3499, -2941, -1808, -2369, 953, 2850, 556, -2754, -1059, 4023,
    4040, 2660, 2936, -3085, -302, 880, -734, 3648, 1680, -2466, 3970, -1382, -2231, -1556, 609, 2399,
    -2890, -1867, 3656, 1688, 57, -1961, -3913, -691, 810, -2176, -245, 3587, 2512, -3188, -249, -1566,
    2986, 2576, 253, 1710, 3470, 363, 1994, 1429, -530, 1668, -2448, 2602, 2946, -253, -531, 128,
    -2509, -3544, -3133, 536, 1069, -3598, -2166, -2678, -1230, 1096, 2562, 156, -1281, -736, -3109, 792,
    2561, -905, 1826, -3561, 3896, -1274, 2288, 1716, 2622, 2680, -4031, -2968, -1890, -134, -3738, 1813,
    831, -2299, 842, -1273, -1392, 1473, -2678, 3279, -3048, -481, -3466, 3793, -934, 2503, -1093, 3604,
    -1731, 80, -240, -2681, -1625, -2286, -864, 2005, -1493, -3493, -1750, 4021, -3492, -2968, 1763, -800,
    588, 3603, -3806, -176, 1896, 268, 1207, -1653, -2134, -3921, -3778, 1129, -3319, 1530, 3604, 1427,
    4060, 1323, -1968, 666, 28, 2240, 1347, 3386, 1620, -2920, 1517, -2934, -1897, -1291, -2683, 816,
    -3176, -284, -3781, -523, 2493, 3943, -357, 3187, -3882, -3581, 3897, -936, -869, -458, -1702, -2272,
    -2887, -268, -1418, 594, 2469, -2702, -2868, 1692, 615, -3142, -2274, 2021, 2038, -2285, 1849, -572,
};

/* Gate and update biases. */
static const Q15_T rnn_Bg[HIDDEN_DIMS] = {
    -3206, -3778, -3335, -1223, 252, 3239, 1853, 742, -1461, 731, -3551, 2972, 898, -3410, 2669, -669,
};

static const Q15_T rnn_Bh[HIDDEN_DIMS] = {
    2696, 3792, 3186, -2105, 1761, -3647, 4024, -1178, -2352, 3309, 2197, 3755, -1532, 798, -1165, -2813,
};

/* zeta and nu of h = z*h + (zeta*(1 - z) + nu)*c, quantized; applied through the
 * sigmoidZeta / sigmoidNu scales below. */
#define SIGMOID_ZETA 32522
#define SIGMOID_NU 30111

/* Scales (divisors) of the Wider Regression model. */
static const Q15_FastGRNN_Scales rnn_scales = {
    .input = 1, .mean = 1, .meanSub = 1, .stdDev = 1, .normFeaturesHDStdDev = 1,
    .w = 128, .normFeaturesMVW = 64, .mVWOut = 4,
    .u = 128, .hiddenStateMVU = 64, .mVUOut = 8,
    .mV1AddMV2 = 1, .mV2AddMV1 = 4, .mV1AddMV2Out = 1, .mV1AddMV2Demote = 1,
    .pC1AddBg = 1, .bg = 8, .pC1AddBgOut = 1, .pC1AddBgDemote = 1,
    .sigmoidScaleIn = 11, .sigmoidScaleOut = 14,
    .pC1AddBh = 1, .bh = 16, .pC1AddBhOut = 1, .pC1AddBhDemote = 1,
    .tanhScaleIn = 11, .tanhScaleOut = 11,
    .gateHDHiddenState = 128, .hiddenStateHDGate = 128,
    .qOneScale = 1, .qOneSubGate = 1, .qOneSubGateOut = 1,
    .sigmoidZeta = 128, .sigmoidZetaMulQOneSubGate = 256,
    .sigmoidNu = 256, .sigmoidNuAddQOneSubGate = 1, .sigmoidNuAddQOneSubGateOut = 1,
    .sigmoidNuAddQOneSubGateHDUpdate = 32, .updateHDSigmoidNuAddQOneSubGate = 64,
    .pC3AddPC1 = 1, .pC1AddPC3 = 1, .hiddenStateOut = 1, .hiddenStateDemote = 1,
    .div = 2, .add = 1024, .sigmoidLimit = 2048, .qOne = 16384,
    .useTableSigmoid = 0, .useTableTanH = 0,
};

/* Output layer: logits = (fc_W . h) / (FC_SCALE * H_SCALE * LOGIT_SCALE), then + bias. */
static const Q15_T fc_W[NUM_CLASSES * HIDDEN_DIMS] = {
    2089, 3343, 3262, -3137, -2556, -2779, 3478, -782, 1, 2959, -2379, -863, -83, -3924, 1738, 2424,
    -3564, -3812, -1623, 2786, -3206, 4091, 2439, -2466, 2507, 334, -3731, -3673, -2981, 1911, 2329, 1675,
    2636, -2758, 1469, 253, 2410, -1236, 1596, -3588, -3991, -3755, 2742, 3229, -416, 588, 979, 3212,
    -3712, -1033, -4063, -1480, -2500, -3579, -791, 627, 3132, 3455, -2008, -583, -200, -3331, -1722, 2249,
};

static const Q15_T fc_bias[NUM_CLASSES] = {
    -3, 851, 1011, -160,
};

#define FC_SCALE 128
#define H_SCALE 64
#define LOGIT_SCALE 4

/* A sample input sequence, STEPS rows of INPUT_DIMS features (row t is time step t). */
static const Q15_T sample_input[STEPS * INPUT_DIMS] = {
    0, 3447, 3724, 578, -3100, -3928,
    1013, 4086, 1563, -3100, -3518, 881,
    1964, 3724, -1437, -3928, 881, 4052,
    2792, 2451, -3666, -1144, 4074, -308,
    3447, 578, -3928, 2691, 1688, -4096,
    3887, -1437, -2082, 4052, -3009, -272,
    4086, -3100, 881, 1688, -3586, 4058,
    4030, -4004, 3371, -2228, 748, 846,
    3724, -3928, 4052, -4096, 4058, -3938,
    3187, -2890, 2559, -2198, 1811, -1403,
    2451, -1144, -308, 1721, -2915, 3739,
    1563, 881, -3009, 4058, -3650, 1932,
};

#endif /* FASTGRNN_CLASSIFIER_MODEL_H */
