/* krylov_fast_ldr.c -- the LDR-SD layer multiply on top of the fast Krylov kernels:
 *     M = sum_{i<r} K(A, g_i) K(B^T, h_i)^T     (Thomas et al. 2018, eq. (2), Prop. 3).
 * Reduction of the superdiagonal factor: with J the reversal, J B^T J =: B' is subdiagonal +
 * corner (B'[t][t-1] = b_{n-t}, B'[0][n-1] = f_B), and J K(B^T, h) = K(B', J h), hence
 *     K(B^T, h)^T x = K(B', J h)^T (J x),      K(B^T, h) w = J K(B', J h) w.
 * So M x = sum_i K(A, g_i) K(B', J h_i)^T (J x) and M^T x = J sum_i K(B', J h_i) K(A, g_i)^T x. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3") /* the finiteness checks are linear passes over every input */
#endif
#include "fast/krylov_fast.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fast/krylov_fast_batch.h"

struct krylov_fast_ldr {
    long n, r, chunk; /* chunk: 0 = the measured rule */
    unsigned measure;
    kfb_side_t sa, sb;  /* A with g_i; B' with J h_i */
};

static void reverse_vec(double *dst, const double *src, long n)
{
    for (long t = 0; t < n; t++)
        dst[t] = src[n - 1 - t];
}

/* A double is NaN or Inf iff its 11 exponent bits are all set; adding one at the exponent's
 * lowest bit then carries into the sign bit.  Branch-free, so the pass vectorizes (it runs
 * over G and H at every set-up and over X and Y at every multiply). */
static int all_finite(const double *v, long len)
{
    uint64_t acc = 0;
    for (long t = 0; t < len; t++) {
        uint64_t u;
        memcpy(&u, v + t, sizeof u);
        acc |= (u & 0x7ff0000000000000ULL) + 0x0010000000000000ULL;
    }
    return !(acc >> 63);
}

static krylov_fast_ldr_t *ldr_alloc(long n, long r, unsigned measure, int lazy)
{
    if (n < 1 || (n & (n - 1))) {
        fprintf(stderr, "krylov_fast: n = %ld is not a power of two >= 1 (pad a corner-free "
                "operator with zero subdiagonal entries)\n", n);
        return NULL;
    }
    if (r <= 0) {
        fprintf(stderr, "krylov_fast: r = %ld: the displacement rank must be at least 1\n", r);
        return NULL;
    }
    if (!kfb_plans_get(n, 1, r, measure)) /* checks the sizes before anything is allocated */
        return NULL;
    krylov_fast_ldr_t *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->n = n, L->r = r, L->measure = measure;
    if (kfb_side_alloc(&L->sa, n, r, lazy) || kfb_side_alloc(&L->sb, n, r, lazy)) {
        fprintf(stderr, "krylov_fast: out of memory for the LDR-SD layer (n = %ld, r = %ld)\n",
                n, r);
        krylov_fast_ldr_destroy(L);
        return NULL;
    }
    return L;
}

int krylov_fast_ldr_set_operators(krylov_fast_ldr_t *L, const double *a, double fa,
                                  const double *b, double fb)
{
    long n = L->n;
    if (!isfinite(fa) || !isfinite(fb) || !all_finite(a, n - 1) || !all_finite(b, n - 1)) {
        fprintf(stderr, "krylov_fast: LDR-SD operators contain NaN or Inf (n = %ld)\n", n);
        return -1;
    }
    kfb_side_set_operator(&L->sa, a, fa, 0);
    kfb_side_set_operator(&L->sb, b, fb, 1); /* b'_t = b_{n-t} */
    return 0;
}

int krylov_fast_ldr_set_generators(krylov_fast_ldr_t *L, const double *G, const double *H)
{
    long n = L->n, r = L->r;
    if (!L->sa.have_op) {
        fprintf(stderr, "krylov_fast: set the operators before the generators\n");
        return -1;
    }
    if (!all_finite(G, n * r) || !all_finite(H, n * r)) {
        fprintf(stderr, "krylov_fast: LDR-SD generators contain NaN or Inf (n = %ld, r = %ld)\n",
                n, r);
        return -1;
    }
    const kfb_plans_t *P = kfb_plans_get(n, 1, r, L->measure);
    if (!P)
        return -1;
    kfb_side_set_generators(&L->sa, P, G, 0);
    kfb_side_set_generators(&L->sb, P, H, 1); /* B' has the generators J h_i */
    return 0;
}

krylov_fast_ldr_t *krylov_fast_ldr_alloc(long n, long r, unsigned measure)
{
    return ldr_alloc(n, r, measure, 0);
}

krylov_fast_ldr_t *krylov_fast_ldr_create(long n, long r, const double *a, double fa,
                                          const double *b, double fb, const double *G,
                                          const double *H, unsigned measure)
{
    krylov_fast_ldr_t *L = krylov_fast_ldr_alloc(n, r, measure);
    if (L && (krylov_fast_ldr_set_operators(L, a, fa, b, fb) ||
              krylov_fast_ldr_set_generators(L, G, H))) {
        krylov_fast_ldr_destroy(L);
        return NULL;
    }
    return L;
}

void krylov_fast_ldr_destroy(krylov_fast_ldr_t *L)
{
    if (!L)
        return;
    kfb_side_free(&L->sa);
    kfb_side_free(&L->sb);
    free(L);
}

/* Chunk rule: the largest power of two c <= min(batch, 64) whose working set (U0, XW, the
 * chunk input and the c r rank vectors W, plus the FFT buffers: about (2r + 6) c n doubles)
 * fits in KRYLOV_FAST_CHUNK_BYTES. */
static long chunk_rule(long n, long r, long chunk, long batch)
{
    long c = 1;
    if (chunk > 0)
        c = chunk;
    else
        while (2 * c <= batch && 2 * c <= 64 &&
               (double)(2 * c) * (double)n * (double)(2 * r + 6) * 8.0 <=
                   (double)KRYLOV_FAST_CHUNK_BYTES)
            c *= 2;
    return c < batch ? c : batch;
}

long krylov_fast_ldr_chunk(const krylov_fast_ldr_t *L, long batch)
{
    return chunk_rule(L->n, L->r, L->chunk, batch);
}

int krylov_fast_ldr_set_chunk(krylov_fast_ldr_t *L, long c)
{
    if (c < 0 || c > 4096) {
        fprintf(stderr, "krylov_fast: chunk %ld out of range 0..4096\n", c);
        return -1;
    }
    L->chunk = c;
    return 0;
}

long krylov_fast_ldr_threshold(long r, long batch)
{
    if (r <= 1)
        return batch <= 1 ? 512 : batch <= 32 ? 1024 : 2048;
    if (r <= 4)
        return batch <= 1 ? 1024 : 4096;
    if (r <= 16 && batch <= 1)
        return 2048;
    return LONG_MAX;
}

static int ldr_check(const krylov_fast_ldr_t *L, const double *X, long batch)
{
    if (!L->sa.have_op || !L->sa.have_gen) {
        fprintf(stderr, "krylov_fast: LDR-SD layer used before its operators and generators "
                "were set\n");
        return 0;
    }
    if (batch <= 0) {
        fprintf(stderr, "krylov_fast: batch = %ld: at least one vector is needed\n", batch);
        return 0;
    }
    if (!all_finite(X, L->n * batch)) {
        fprintf(stderr, "krylov_fast: input vectors contain NaN or Inf (n = %ld)\n", L->n);
        return 0;
    }
    return 1;
}

static int ldr_finish(const krylov_fast_ldr_t *L, const double *Y, long batch)
{
    if (!all_finite(Y, L->n * batch)) {
        fprintf(stderr, "krylov_fast: LDR-SD result overflows double (n = %ld)\n", L->n);
        return -1;
    }
    return 0;
}

/* Runs the chunks: full chunks of c, then the remainder in power-of-two pieces (so only
 * power-of-two chunk plans are ever created). */
static int ldr_run(const krylov_fast_ldr_t *L, double *Y, const double *X, long batch,
                   int transpose)
{
    long n = L->n, c = krylov_fast_ldr_chunk(L, batch), v0 = 0;
    while (v0 < batch) {
        long cnt = c;
        while (cnt > batch - v0)
            cnt /= 2;
        const kfb_plans_t *P = kfb_plans_get(n, cnt, L->r, L->measure);
        if (!P)
            return -1;
        const double *x = X + v0 * n;
        double *y = Y + v0 * n, *u, *w; /* chunk buffers: cnt n and cnt r n */
        kfb_chunk_buffers(P, &u, &w);
        if (!transpose) { /* M x = sum_i K(A, g_i) [K(B', J h_i)^T (J x)] */
            for (long v = 0; v < cnt; v++)
                reverse_vec(u + v * n, x + v * n, n);
            kfb_up(&L->sb, P, u, w);
            kfb_down(&L->sa, P, w, y);
        } else { /* M^T x = J sum_i K(B', J h_i) [K(A, g_i)^T x] */
            kfb_up(&L->sa, P, x, w);
            kfb_down(&L->sb, P, w, u);
            for (long v = 0; v < cnt; v++)
                reverse_vec(y + v * n, u + v * n, n);
        }
        v0 += cnt;
    }
    return 0;
}

int krylov_fast_ldr_mul(const krylov_fast_ldr_t *L, double *Y, const double *X, long batch)
{
    if (!ldr_check(L, X, batch) || ldr_run(L, Y, X, batch, 0))
        return -1;
    return ldr_finish(L, Y, batch);
}

int krylov_fast_ldr_mul_transpose(const krylov_fast_ldr_t *L, double *Y, const double *X,
                                  long batch)
{
    if (!ldr_check(L, X, batch) || ldr_run(L, Y, X, batch, 1))
        return -1;
    return ldr_finish(L, Y, batch);
}

/* One-shot product: a layer whose sides keep no level spectra when the batch fits in one
 * chunk (kfb_side_t.lazy: each level's spectra are formed, one generator at a time, right
 * before the multiply uses them, so they are never written to and read back from memory);
 * a larger batch would repeat them per chunk, so it keeps them as krylov_fast_ldr_create
 * does.  The same operations either way: the results are bitwise those of create + mul. */
int krylov_fast_ldr_apply(long n, long r, const double *a, double fa, const double *b, double fb,
                          const double *G, const double *H, double *Y, const double *X,
                          long batch, int transpose, unsigned measure)
{
    if (batch <= 0) {
        fprintf(stderr, "krylov_fast: batch = %ld: at least one vector is needed\n", batch);
        return -1;
    }
    krylov_fast_ldr_t *L = ldr_alloc(n, r, measure, batch <= chunk_rule(n, r, 0, batch));
    if (!L)
        return -1;
    int rc = krylov_fast_ldr_set_operators(L, a, fa, b, fb) ||
             krylov_fast_ldr_set_generators(L, G, H) ||
             (transpose ? krylov_fast_ldr_mul_transpose(L, Y, X, batch)
                        : krylov_fast_ldr_mul(L, Y, X, batch));
    krylov_fast_ldr_destroy(L);
    return rc ? -1 : 0;
}
