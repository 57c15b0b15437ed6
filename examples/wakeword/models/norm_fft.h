/* Feature normalisation of the fft front-end, written by train.py:
 * x = sat16((q - WW_NORM_MEAN[i]) << WW_NORM_SHIFT). */
#define WW_NORM_SHIFT 3
static const int16_t WW_NORM_MEAN[16] = {-21473, -21388, -21666, -22432, -23163, -23294, -23393, -24023, -24506, -24002, -23884, -23811, -24434, -25791, -26400, -25883};
