/* Feature normalisation of the bandpass front-end, written by train.py:
 * x = sat16((q - WW_NORM_MEAN[i]) << WW_NORM_SHIFT). */
#define WW_NORM_SHIFT 3
static const int16_t WW_NORM_MEAN[16] = {-21403, -21068, -20592, -20250, -20127, -20008, -20130, -20334, -20486, -20632, -20979, -21320, -21580, -22075, -23250, -24951};
