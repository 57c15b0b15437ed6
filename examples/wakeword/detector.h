/*
 * The wake-word detector: 16 kHz samples in, one decision per utterance.
 *
 * Front-end (tinyrnn_audio.h): 16 band-pass sections, centres 100 Hz ..
 * 7 kHz, Q = 4, 16 ms frames (256 samples) -> 16 log features in Q15 per
 * frame; or, built with -DFRONTEND_FFT, a 512-point FFT with hop 256 and
 * 16 log-mel bands (60 Hz .. 7.6 kHz). Each frame is one step of the
 * exported cell (models/<name>.h, made by `python -m tinyrnn export`);
 * after the last frame the model's linear head classifies the state:
 * class 1 is "marvin".
 */
#ifndef WAKEWORD_DETECTOR_H
#define WAKEWORD_DETECTOR_H

#include <stddef.h>
#include <stdint.h>

#define WW_SAMPLE_RATE 16000
#define WW_FEATURES 16

/* Parses a RIFF/WAVE image: PCM, mono, 16 kHz, 16-bit. Returns 0 and the
 * samples (pointing into the image; little-endian, so read them with
 * ww_sample) or -1 with a reason. */
int ww_parse_wav(const uint8_t *bytes, size_t len, const uint8_t **samples, size_t *count, const char **why);

/* Sample i of a parsed WAV's data (little-endian, any alignment). */
static inline int16_t ww_sample(const uint8_t *samples, size_t i) {
    return (int16_t)(uint16_t)(samples[2 * i] | (samples[2 * i + 1] << 8));
}

/* Called with each frame of features (WW_FEATURES values, Q15). */
typedef void (*ww_frame_fn)(const int16_t *features, void *ctx);

/* Runs the front-end over the samples, calling on_frame for every frame
 * (may be NULL). Returns the number of frames or a negative tinyrnn code. */
long ww_features(const uint8_t *samples, size_t count, ww_frame_fn on_frame, void *ctx);

/* Runs front-end and model: 1 if the keyword was heard, 0 if not, or a
 * negative tinyrnn error code. */
int ww_detect(const uint8_t *samples, size_t count);

/* The model's name (for reports). */
extern const char *const ww_model_name;

#endif
