/*
 * tinyrnn benchmark firmware for the audio front-end (scripts/bench-audio):
 * instructions per input sample of the band-pass bank and of streaming FFT
 * features, under QEMU -icount on the Arm cores of bench/arm/.
 *
 * Prints "CALIB <ticks>" (a loop of exactly 200000 instructions), then for
 * each workload "AUDIO <name> <samples> <ticks> <frames> <checksum>": the
 * clock ticks spent inside the push calls for <samples> samples of a
 * deterministic chirp-plus-noise signal, pushed in blocks of 160 (10 ms at
 * 16 kHz). Ends with "DONE".
 */
#include <stdint.h>
#include <stdio.h>

#include "bench_platform.h"
#include "tinyrnn_audio.h"

#define SAMPLES 16000
#define BLOCK 160

static int16_t signal_buf[SAMPLES];

static void make_signal(void) {
    uint32_t s = 12345u;
    uint32_t phase = 0, step = 200u << 16;
    for (int i = 0; i < SAMPLES; i++) {
        s = s * 1664525u + 1013904223u;
        step += 37u << 8; /* a slow chirp */
        phase += step;
        /* triangle wave from the phase, plus noise */
        int32_t tri = (int32_t)((phase >> 16) & 0x7FFF) - 16384;
        signal_buf[i] = (int16_t)(tri + (int32_t)((s >> 20) & 0x1FFF) - 4096);
    }
}

static TinyRNN_BandPassSection sections[32];
static TinyRNN_BandPassState states[32];
static int16_t features[300];

static void bench_bandpass(const char *name, uint32_t bands, uint32_t frame_len) {
    TinyRNN_BandPassConfig cfg = {16000.0f, 100.0f, 7000.0f, 4.0f, frame_len};
    TinyRNN_BandPassStream st;
    if (tinyrnn_bandpass_design(&cfg, sections, bands) != 0 ||
        tinyrnn_bandpass_init(&st, sections, states, bands, frame_len) != 0) {
        printf("ERROR %s\n", name);
        return;
    }
    uint64_t ticks = 0;
    uint32_t frames = 0, sum = 0;
    for (int i = 0; i < SAMPLES; i += BLOCK) {
        const int16_t *p = signal_buf + i;
        size_t left = BLOCK;
        while (left) {
            size_t used = 0;
            uint64_t t0 = clock_ticks();
            int rc = tinyrnn_bandpass_push(&st, p, left, features, bands, &used);
            ticks += clock_ticks() - t0;
            if (rc < 0) {
                printf("ERROR %s %d\n", name, rc);
                return;
            }
            if (rc == 1) {
                frames++;
                for (uint32_t b = 0; b < bands; b++) sum = sum * 31u + (uint16_t)features[b];
            }
            p += used;
            left -= used;
        }
    }
    printf("AUDIO %s %d %lu %lu %08lx\n", name, SAMPLES, (unsigned long)ticks, (unsigned long)frames, (unsigned long)sum);
}

static int16_t frame_buf[1024];
static int16_t work_buf[1026];
static TinyRNN_MelBin mel[513];

static void bench_fft(const char *name, uint32_t n, uint32_t hop, uint32_t kind, uint32_t flags, uint32_t mel_bands) {
    TinyRNN_FftConfig cfg = {n, hop, kind, flags, mel_bands, 16000.0f, 60.0f, 7600.0f};
    TinyRNN_FftStream st;
    if (mel_bands && tinyrnn_fft_mel_design(&cfg, mel, n / 2 + 1) != 0) {
        printf("ERROR %s mel\n", name);
        return;
    }
    if (tinyrnn_fft_features_init(&st, &cfg, frame_buf, work_buf, mel_bands ? mel : NULL) != 0) {
        printf("ERROR %s init\n", name);
        return;
    }
    size_t nf = mel_bands ? mel_bands : n / 2 + 1;
    uint64_t ticks = 0;
    uint32_t frames = 0, sum = 0;
    for (int i = 0; i < SAMPLES; i += BLOCK) {
        const int16_t *p = signal_buf + i;
        size_t left = BLOCK;
        while (left) {
            size_t used = 0;
            uint64_t t0 = clock_ticks();
            int rc = tinyrnn_fft_features_push(&st, p, left, features, nf, &used);
            ticks += clock_ticks() - t0;
            if (rc < 0) {
                printf("ERROR %s %d\n", name, rc);
                return;
            }
            if (rc == 1) {
                frames++;
                for (size_t b = 0; b < nf; b++) sum = sum * 31u + (uint16_t)features[b];
            }
            p += used;
            left -= used;
        }
    }
    printf("AUDIO %s %d %lu %lu %08lx\n", name, SAMPLES, (unsigned long)ticks, (unsigned long)frames, (unsigned long)sum);
}

int main(void) {
    clock_start();
    printf("CALIB %lu\n", (unsigned long)clock_calibrate());
    make_signal();
    bench_bandpass("bandpass_16x256", 16, 256);
    bench_bandpass("bandpass_8x256", 8, 256);
    bench_fft("fft128_hop64_logpower", 128, 64, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, 0);
    bench_fft("fft256_hop128_logmel20", 256, 128, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, 20);
    bench_fft("fft512_hop256_logmel32", 512, 256, TinyRNN_FFT_POWER, TinyRNN_FFT_LOG | TinyRNN_FFT_HANN, 32);
    bench_fft("fft256_hop128_magnitude", 256, 128, TinyRNN_FFT_MAGNITUDE, TinyRNN_FFT_HANN, 0);
    clock_stop();
    printf("DONE\n");
    return 0;
}
