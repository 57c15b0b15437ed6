/* The wake-word detector (see detector.h). */
#include "detector.h"

#include "tinyrnn_audio.h"

#ifndef WW_NO_MODEL
#ifndef MODEL_HEADER
#define MODEL_HEADER "models/fastgrnn.h"
#define MODEL_PREFIX fastgrnn
#define MODEL_UPPER FASTGRNN
#endif
#include MODEL_HEADER

#define WW_CAT2(a, b) a##b
#define WW_CAT(a, b) WW_CAT2(a, b)
#define M(x) WW_CAT(MODEL_PREFIX, x)
#define MU(x) WW_CAT(MODEL_UPPER, x)

#define WW_STR2(a) #a
#define WW_STR(a) WW_STR2(a)
const char *const ww_model_name = WW_STR(MODEL_PREFIX);

#endif

static uint32_t rd32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint16_t rd16(const uint8_t *p) {
    return (uint16_t)(p[0] | (p[1] << 8));
}

int ww_parse_wav(const uint8_t *b, size_t len, const uint8_t **samples, size_t *count, const char **why) {
    int have_fmt = 0;
    size_t pos = 12;
    if (len < 12 || rd32(b) != 0x46464952u || rd32(b + 8) != 0x45564157u) {
        *why = "not a RIFF/WAVE file";
        return -1;
    }
    while (pos + 8 <= len) {
        uint32_t id = rd32(b + pos), size = rd32(b + pos + 4);
        const uint8_t *body = b + pos + 8;
        size_t avail = len - pos - 8;
        if (id == 0x20746d66u) { /* "fmt " */
            if (size < 16 || avail < 16) break;
            if (rd16(body) != 1 || rd16(body + 2) != 1 || rd32(body + 4) != WW_SAMPLE_RATE || rd16(body + 14) != 16) {
                *why = "not 16 kHz mono 16-bit PCM";
                return -1;
            }
            have_fmt = 1;
        } else if (id == 0x61746164u) { /* "data" */
            if (!have_fmt) break;
            *samples = body;
            *count = (size < avail ? size : avail) / 2;
            return 0;
        }
        if (size > avail) break;
        pos += 8 + (size_t)size + (size & 1u);
    }
    *why = "no fmt/data chunk";
    return -1;
}

/* The coefficients (or mel table) are designed from floats on the first
 * call only; each call starts a fresh stream (zero state). */
long ww_features(const uint8_t *samples, size_t count, ww_frame_fn on_frame, void *ctx) {
    int16_t block[160];
    int16_t features[WW_FEATURES];
    long frames = 0;
#ifdef FRONTEND_FFT
    static int16_t frame[512], work[514];
    static TinyRNN_MelBin mel[257];
    const TinyRNN_FftConfig cfg = {512, 256, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, WW_FEATURES, 16000.0f, 60.0f, 7600.0f};
    static int designed = 0;
    TinyRNN_FftStream st;
    int rc = designed ? 0 : tinyrnn_fft_mel_design(&cfg, mel, 257);
    designed = rc == 0;
    if (rc == 0) rc = tinyrnn_fft_features_init(&st, &cfg, frame, work, mel);
#define PUSH tinyrnn_fft_features_push
#else
    static TinyRNN_BandPassSection sections[WW_FEATURES];
    static TinyRNN_BandPassState state[WW_FEATURES];
    const TinyRNN_BandPassConfig cfg = {16000.0f, 100.0f, 7000.0f, 4.0f, 256};
    static int designed = 0;
    TinyRNN_BandPassStream st;
    int rc = designed ? 0 : tinyrnn_bandpass_design(&cfg, sections, WW_FEATURES);
    designed = rc == 0;
    if (rc == 0) rc = tinyrnn_bandpass_init(&st, sections, state, WW_FEATURES, cfg.frame_len);
#define PUSH tinyrnn_bandpass_push
#endif
    if (rc != 0) return rc;
    for (size_t i = 0; i < count;) {
        size_t n = count - i < 160 ? count - i : 160;
        for (size_t k = 0; k < n; k++) block[k] = ww_sample(samples, i + k);
        i += n;
        const int16_t *p = block;
        while (n) {
            size_t used = 0;
            rc = PUSH(&st, p, n, features, WW_FEATURES, &used);
            if (rc < 0) return rc;
            if (rc == 1) {
                frames++;
                if (on_frame) on_frame(features, ctx);
            }
            p += used;
            n -= used;
        }
    }
    return frames;
}

#ifndef WW_NO_MODEL
#ifdef FRONTEND_FFT
#include "models/norm_fft.h"
#else
#include "models/norm_bandpass.h"
#endif

/* Feature i (Q15) normalised as in training, x = sat16((q - mean) << shift),
 * then at the model's input exponent. */
static Q15_T to_input(int16_t f, int i) {
    int32_t v = ((int32_t)f - WW_NORM_MEAN[i]) * (1 << WW_NORM_SHIFT);
    v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
#if MU(_INPUT_EXP) >= 15
    /* x * 2^E from x * 2^15: exact, saturated. */
    v *= 1 << (MU(_INPUT_EXP) - 15);
    return (Q15_T)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
#else
    /* Halves away from zero, as the exporter's quantize_input. */
    const int s = 15 - MU(_INPUT_EXP);
    v = v >= 0 ? (v + (1 << (s - 1))) >> s : -((-v + (1 << (s - 1))) >> s);
    return (Q15_T)v;
#endif
}

struct run_ctx {
    Q15_T hidden[MU(_HIDDEN_DIMS)];
    int rc;
};

static void step(const int16_t *features, void *p) {
    struct run_ctx *c = p;
    Q15_T x[WW_FEATURES];
    for (int i = 0; i < WW_FEATURES; i++) x[i] = to_input(features[i], i);
    if (c->rc == 0) c->rc = M(_run)(c->hidden, x, 1);
}

int ww_detect(const uint8_t *samples, size_t count) {
    struct run_ctx c;
    for (int i = 0; i < MU(_HIDDEN_DIMS); i++) c.hidden[i] = 0;
    c.rc = 0;
    long frames = ww_features(samples, count, step, &c);
    if (frames < 0) return (int)frames;
    if (c.rc != 0) return c.rc;
    return M(_classify)(c.hidden) == 1;
}
#endif
