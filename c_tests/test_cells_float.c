/*
 * tinyrnn C test: the float tiny cells as an EdgeML user calls float
 * fastgrnn: static const weights, designated initializers, the cell called
 * with EdgeML's rnn_t signature (also through an rnn_t pointer), the final
 * state compared with the cell's equations evaluated here in double
 * precision (1e-5 relative or 1e-6 absolute). Every cell runs forwards with
 * normalisation ((x - mean) / stdDev per step) and backwards without; U
 * (GRU: weight_hh) is given low rank, as M2 * M1, where the cell has one.
 * Also checks EdgeML's error codes for missing scratch. Independent of
 * SHIFT and SPARSE. Returns 0 when every check passes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rnnpool.h"
#include "tinyrnn_cells.h"

#define D 3
#define H 4
#define R 2 /* rank of U */
#define STEPS 5

enum cell { FASTRNN, UGRNN, SITGRU, LIGRU, EGRU, MGU, HARD_MGU, TINYEATS, GRU, NCELLS };
static const char* const names[NCELLS] = {"fastrnn", "ugrnn", "sitgru", "ligru", "egru", "mgu", "hard_mgu", "tinyeats", "gru"};

/* Made-up weights, big enough for every cell: W 3H x D, U1 R x H, U2 3H x R,
   Uh H x H, B and B2 3H. eGRU and hard MGU use them rounded to their grids
   (the float cells take any values). */
static const float W[3 * H * D] = {
    0.31f, -0.22f, 0.15f, -0.40f, 0.08f, 0.27f, 0.12f, 0.45f, -0.33f, -0.05f, 0.19f, 0.38f,
    0.26f, -0.14f, -0.29f, 0.41f, 0.03f, -0.18f, -0.36f, 0.22f, 0.09f, 0.17f, -0.44f, 0.30f,
    -0.12f, 0.35f, 0.24f, 0.06f, -0.27f, 0.13f, 0.39f, 0.11f, -0.21f, -0.30f, 0.16f, 0.02f,
};
static const float U1[R * H] = {0.52f, -0.31f, 0.18f, 0.27f, -0.15f, 0.44f, 0.36f, -0.22f};
static const float U2[3 * H * R] = {
    0.41f, -0.20f, 0.12f, 0.33f, -0.37f, 0.25f, 0.28f, -0.11f, 0.19f, 0.07f, -0.24f, 0.39f,
    0.30f, 0.14f, -0.09f, -0.35f, 0.22f, 0.18f, -0.13f, 0.43f, 0.05f, -0.28f, 0.34f, 0.21f,
};
static const float Uh[H * H] = {
    0.21f, -0.34f, 0.12f, 0.08f, -0.17f, 0.29f, 0.33f, -0.06f,
    0.14f, 0.02f, -0.25f, 0.37f, 0.30f, -0.19f, 0.07f, 0.23f,
};
static const float B[3 * H] = {0.10f, -0.20f, 0.05f, 0.30f, -0.10f, 0.15f, 0.25f, -0.05f, 0.20f, -0.15f, 0.00f, 0.12f};
static const float B2[3 * H] = {-0.08f, 0.14f, 0.22f, -0.03f, 0.11f, -0.19f, 0.06f, 0.27f, -0.12f, 0.09f, 0.18f, -0.24f};
static const float input[STEPS * D] = {
    0.5f, -1.0f, 0.25f, 2.0f, 0.75f, -0.5f, -1.5f, 1.0f, 0.0f, 0.3f, -0.7f, 1.2f, -0.2f, 0.9f, -1.1f,
};
static const float mean[STEPS * D] = {
    0.1f, -0.1f, 0.0f, 0.2f, 0.1f, -0.2f, -0.1f, 0.0f, 0.1f, 0.0f, -0.2f, 0.3f, 0.1f, 0.1f, -0.1f,
};
static const float stdDev[STEPS * D] = {
    1.0f, 2.0f, 0.5f, 1.5f, 1.0f, 0.8f, 1.2f, 0.9f, 1.1f, 2.0f, 1.0f, 0.7f, 1.3f, 0.6f, 1.0f,
};
static const float h0[H] = {0.2f, -0.4f, 0.6f, -0.1f};

/* The weights a cell sees (rounded to the grids of eGRU and hard MGU). */
static float w_[3 * H * D], u1_[R * H], u2_[3 * H * R], uh_[H * H], b_[3 * H];

static float grid(enum cell c, float v) {
    if (c == EGRU) {
        float a = fabsf(v), m = a >= 0.75f ? 1.0f : a >= 0.375f ? 0.5f : a >= 0.125f ? 0.25f : 0.0f;
        return v < 0 ? -m : m;
    }
    if (c == HARD_MGU) {
        return floorf(v * 8.0f + 0.5f) / 8.0f;
    }
    return v;
}

static int blocks(enum cell c) {
    return c == FASTRNN ? 1 : (c == GRU || c == TINYEATS) ? 3 : 2;
}

static int u_blocks(enum cell c) {
    return (c == MGU || c == HARD_MGU) ? 1 : c == TINYEATS ? 2 : blocks(c);
}

static double sigm(double a) { return 1.0 / (1.0 + exp(-a)); }
static double ss(double a) { return a / (1.0 + fabs(a)); }
static double clip(double a, double lo, double hi) { return a < lo ? lo : a > hi ? hi : a; }

/* (M2 * M1) . v, row r of a low-rank matrix. */
static double lr_row(const float* m1, const float* m2, const double* v, int r) {
    double s = 0;
    int k, c;
    for (k = 0; k < R; k++) {
        double t = 0;
        for (c = 0; c < H; c++) t += (double)m1[k * H + c] * v[c];
        s += (double)m2[r * R + k] * t;
    }
    return s;
}

/* The cell's equations in double precision. */
static void reference(enum cell c, double* h, int backward, int normalize) {
    int t, i, k;
    for (t = 0; t < STEPS; t++) {
        int row = backward ? STEPS - 1 - t : t;
        double x[D], wx[3 * H], uh[3 * H], g[3 * H], rh[H], hn[H];
        for (k = 0; k < D; k++) {
            x[k] = input[row * D + k];
            if (normalize) x[k] = (x[k] - mean[row * D + k]) / stdDev[row * D + k];
        }
        for (i = 0; i < blocks(c) * H; i++) {
            wx[i] = 0;
            for (k = 0; k < D; k++) wx[i] += (double)w_[i * D + k] * x[k];
        }
        for (i = 0; i < u_blocks(c) * H; i++) uh[i] = lr_row(u1_, u2_, h, i);
        for (i = 0; i < H; i++) {
            double cand;
            switch (c) {
            case FASTRNN:
                hn[i] = 0.2 * tanh(wx[i] + uh[i] + b_[i]) + 0.7 * h[i];
                break;
            case UGRNN: case SITGRU: case LIGRU: case EGRU: {
                double az = wx[i] + uh[i] + b_[i], ac = wx[H + i] + uh[H + i] + b_[H + i];
                if (c == EGRU) {
                    double z = (1 + ss(az)) / 2;
                    hn[i] = (1 - z) * h[i] + z * ss(ac);
                } else {
                    double z = sigm(az);
                    cand = c == UGRNN ? tanh(ac) : c == SITGRU ? sigm(ac) : (ac < 0 ? 0 : ac);
                    hn[i] = z * h[i] + (1 - z) * cand;
                }
                break;
            }
            case GRU: {
                double r = sigm(wx[i] + b_[i] + uh[i] + B2[i]);
                double z = sigm(wx[H + i] + b_[H + i] + uh[H + i] + B2[H + i]);
                double n = tanh(wx[2 * H + i] + b_[2 * H + i] + r * (uh[2 * H + i] + B2[2 * H + i]));
                hn[i] = (1 - z) * n + z * h[i];
                break;
            }
            default:
                break;
            }
        }
        if (c == MGU || c == HARD_MGU || c == TINYEATS) {
            int gates = u_blocks(c) * H, last = blocks(c) - 1;
            for (i = 0; i < gates; i++) {
                double a = wx[i] + uh[i] + (c == HARD_MGU ? 0 : b_[i]);
                g[i] = c == MGU ? sigm(a) : c == HARD_MGU ? clip((a + 2) / 4, 0, 1) : (1 + ss(a)) / 2;
            }
            for (i = 0; i < H; i++) rh[i] = g[i] * h[i];
            for (i = 0; i < H; i++) {
                double a = wx[last * H + i] + (c == HARD_MGU ? 0 : b_[last * H + i]), f = g[(last - 1) * H + i], cand;
                for (k = 0; k < H; k++) a += (double)uh_[i * H + k] * rh[k];
                cand = c == MGU ? tanh(a) : c == HARD_MGU ? clip(a, -1, 1) : ss(a);
                hn[i] = (1 - f) * h[i] + f * cand;
            }
        }
        for (i = 0; i < H; i++) h[i] = hn[i];
    }
}

static float s1[3 * H], s2[3 * H], s3[H], lrw[4], lru[R], nf[D];

int main(void) {
    int fails = 0, c, backward, i;
    TinyRNN_Buffers buffers = {.preComp1 = s1, .preComp2 = s2, .preComp3 = s3, .tempLRW = lrw, .tempLRU = lru, .normFeatures = nf};
    for (c = 0; c < NCELLS; c++) {
        TinyRNN_Matrix w = {.M = w_}, u = {.M1 = u1_, .M2 = u2_, .rank = R}, uh = {.M = uh_};
        FastRNN_Params fastrnn = {.mean = mean, .stdDev = stdDev, .W = w, .U = u, .B = b_, .alpha = 0.2f, .beta = 0.7f};
        UGRNN_Params ugrnn = {.mean = mean, .stdDev = stdDev, .W = w, .U = u, .B = b_};
        MGU_Params mgu = {.mean = mean, .stdDev = stdDev, .W = w, .Uf = u, .Uh = uh, .B = b_};
        HardMGU_Params hard = {.mean = mean, .stdDev = stdDev, .W = w, .Uf = u, .Uh = uh};
        TinyEats_Params tinyeats = {.mean = mean, .stdDev = stdDev, .W = w, .U = u, .Uh = uh, .B = b_};
        GRU_Params gru = {.mean = mean, .stdDev = stdDev, .weight_ih = w, .weight_hh = u, .bias_ih = b_, .bias_hh = B2};
        const void* params[NCELLS] = {&fastrnn, &ugrnn, &ugrnn, &ugrnn, &ugrnn, &mgu, &hard, &tinyeats, &gru};
        rnn_t cells[NCELLS] = {tinyrnn_fastrnn, tinyrnn_ugrnn, tinyrnn_sitgru, tinyrnn_ligru, tinyrnn_egru,
                               tinyrnn_mgu, tinyrnn_hard_mgu, tinyrnn_tinyeats, tinyrnn_gru};
        for (i = 0; i < 3 * H * D; i++) w_[i] = grid((enum cell)c, W[i]);
        for (i = 0; i < R * H; i++) u1_[i] = U1[i];
        for (i = 0; i < 3 * H * R; i++) u2_[i] = U2[i];
        for (i = 0; i < H * H; i++) uh_[i] = grid((enum cell)c, Uh[i]);
        for (i = 0; i < 3 * H; i++) b_[i] = grid((enum cell)c, B[i]);
        for (backward = 0; backward <= 1; backward++) {
            float h[H];
            double want[H];
            int normalize = !backward, rc;
            for (i = 0; i < H; i++) {
                h[i] = h0[i];
                want[i] = h0[i];
            }
            rc = cells[c](h, H, input, D, STEPS, params[c], &buffers, backward, normalize);
            reference((enum cell)c, want, backward, normalize);
            if (rc != 0) {
                printf("%s: returned %d\n", names[c], rc);
                fails++;
            }
            for (i = 0; i < H; i++) {
                double err = fabs(h[i] - want[i]);
                if (err > 1e-6 && err > 1e-5 * fabs(want[i])) {
                    printf("%s (backward %d): h[%d] = %.9g, expected %.9g\n", names[c], backward, i, (double)h[i], want[i]);
                    fails++;
                }
            }
        }
        /* EdgeML's codes for missing scratch; tempLRU is needed (U is low rank). */
        {
            TinyRNN_Buffers missing = buffers;
            float h[H];
            memcpy(h, h0, sizeof(h));
            missing.tempLRU = NULL;
            if (cells[c](h, H, input, D, STEPS, params[c], &missing, 0, 0) != ERR_TEMPLRU_NOT_INIT || memcmp(h, h0, sizeof(h)) != 0) {
                printf("%s: NULL tempLRU not refused\n", names[c]);
                fails++;
            }
            missing = buffers;
            missing.preComp2 = NULL;
            if (cells[c](h, H, input, D, STEPS, params[c], &missing, 0, 0) != ERR_PRECOMP_NOT_INIT) {
                printf("%s: NULL preComp2 not refused\n", names[c]);
                fails++;
            }
        }
    }
    if (fails == 0) {
        printf("test_cells_float: ok\n");
    }
    return fails != 0;
}
