/*
 * wakeword: prints "PATH 1" for each 16 kHz mono 16-bit WAV in which the
 * keyword "marvin" was heard, "PATH 0" otherwise. Unreadable files are
 * reported on stderr and make the exit status 1.
 *
 *   wakeword FILE.wav...
 *   wakeword --features OUT.bin FILE.wav...   (the training features: per
 *       file an int32 frame count, then frames x 16 int16, little-endian)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"

static uint8_t *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        uint8_t *bigger = realloc(buf, cap *= 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
        }
        buf = bigger;
    }
    fclose(f);
    *len = n;
    return buf;
}

struct dump {
    FILE *out;
    int16_t *frames;
    long n, cap;
};

static void collect(const int16_t *features, void *p) {
    struct dump *d = p;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 128;
        d->frames = realloc(d->frames, (size_t)d->cap * WW_FEATURES * sizeof(int16_t));
        if (!d->frames) exit(2);
    }
    memcpy(d->frames + d->n * WW_FEATURES, features, WW_FEATURES * sizeof(int16_t));
    d->n++;
}

int main(int argc, char **argv) {
    int status = 0, first = 1;
    struct dump d = {NULL, NULL, 0, 0};
    if (argc >= 3 && strcmp(argv[1], "--features") == 0) {
        d.out = fopen(argv[2], "wb");
        if (!d.out) {
            perror(argv[2]);
            return 1;
        }
        first = 3;
    }
    for (int i = first; i < argc; i++) {
        size_t len = 0, count = 0;
        const uint8_t *samples = NULL;
        const char *why = "cannot read";
        uint8_t *img = slurp(argv[i], &len);
        if (!img || ww_parse_wav(img, len, &samples, &count, &why) != 0) {
            fprintf(stderr, "wakeword: %s: %s\n", argv[i], why);
            status = 1;
            free(img);
            continue;
        }
        if (d.out) {
            d.n = 0;
            long rc = ww_features(samples, count, collect, &d);
            int32_t n = (int32_t)(rc < 0 ? 0 : rc);
            fwrite(&n, sizeof n, 1, d.out);
            fwrite(d.frames, sizeof(int16_t) * WW_FEATURES, (size_t)n, d.out);
        } else {
#ifdef WW_NO_MODEL
            int r = -1;
            fprintf(stderr, "wakeword: built without a model: use --features\n");
            return 2;
#else
            int r = ww_detect(samples, count);
#endif
            if (r < 0) {
                fprintf(stderr, "wakeword: %s: tinyrnn error %d\n", argv[i], r);
                status = 1;
            } else {
                printf("%s %d\n", argv[i], r);
            }
        }
        free(img);
    }
    if (d.out) fclose(d.out);
    free(d.frames);
    return status;
}
