/* test_krylov_fast_batch.c -- the batched LDR-SD layer (krylov_fast_batch.c): chunked batches
 * against the dense M (itself checked exactly against FLINT in test_krylov_fast.c), the split
 * set-up (alloc / set_operators / set_generators) against a fresh create, and the errors. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast/krylov_fast.h"

static unsigned long long tb_state = 0x243F6A8885A308D3ULL;
static double tb_unif(double lo, double hi)
{
    tb_state ^= tb_state << 13;
    tb_state ^= tb_state >> 7;
    tb_state ^= tb_state << 17;
    return lo + (hi - lo) * (double)(tb_state >> 11) / 9007199254740992.0;
}

static double *tb_vec(long len, double lo, double hi)
{
    double *v = malloc(sizeof(double) * (size_t)len);
    for (long k = 0; k < len; k++)
        v[k] = tb_unif(lo, hi);
    return v;
}

/* max_v ||Y_v - M X_v||_inf / ||M X_v||_inf (M row-major; tr: M^T). */
static double dense_rel_err(const double *M, long n, const double *X, const double *Y, long batch,
                            int tr)
{
    double worst = 0.0;
    for (long v = 0; v < batch; v++) {
        double d = 0.0, s = 0.0;
        for (long i = 0; i < n; i++) {
            double e = 0.0;
            for (long j = 0; j < n; j++)
                e += (tr ? M[j * n + i] : M[i * n + j]) * X[v * n + j];
            d = fmax(d, fabs(Y[v * n + i] - e));
            s = fmax(s, fabs(e));
        }
        worst = fmax(worst, d / s);
    }
    return worst;
}

/* Every chunk length (the rule, 1, 8 and 64 > batch) and a batch that is not a multiple of
 * any of them (remainders run in power-of-two pieces). */
Test(krylov_fast_batch, chunks_match_dense)
{
    long n = 256, r = 3, batch = 37;
    double *a = tb_vec(n, 0.8, 1.2), *b = tb_vec(n, 0.8, 1.2), *G = tb_vec(n * r, -1, 1);
    double *H = tb_vec(n * r, -1, 1), *X = tb_vec(n * batch, -1, 1);
    double *Y = malloc(sizeof(double) * (size_t)(n * batch)), *M = malloc(sizeof(double) * (size_t)(n * n));
    cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.5, b, -0.75, G, H), 0);
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, -0.75, G, H, 0);
    cr_assert_not_null(L);
    static const long chunks[] = {0, 1, 8, 64};
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(krylov_fast_ldr_set_chunk(L, chunks[k]), 0);
        cr_assert_geq(krylov_fast_ldr_chunk(L, batch), 1);
        cr_assert_leq(krylov_fast_ldr_chunk(L, batch), batch);
        for (int tr = 0; tr <= 1; tr++) {
            cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, Y, X, batch)
                            : krylov_fast_ldr_mul(L, Y, X, batch), 0);
            double e = dense_rel_err(M, n, X, Y, batch, tr);
            cr_assert(e <= 1e-12, "chunk %ld tr %d: relative error %g", chunks[k], tr, e);
        }
    }
    krylov_fast_ldr_destroy(L);
    free(a); free(b); free(G); free(H); free(X); free(Y); free(M);
}

/* The corner merged with the top level (n >= 32) and the separate corner (smaller n), both
 * factors, with a generic top coupling and with a zero one (a_{n/2} = 0: the root's right
 * half of LG then vanishes). */
Test(krylov_fast_batch, corner_sizes_match_dense)
{
    long r = 2, batch = 3;
    for (long n = 2; n <= 128; n *= 2)
        for (int zero = 0; zero <= 1; zero++) {
            double *a = tb_vec(n, 0.8, 1.2), *b = tb_vec(n, 0.8, 1.2), *G = tb_vec(n * r, -1, 1);
            double *H = tb_vec(n * r, -1, 1), *X = tb_vec(n * batch, -1, 1);
            double *Y = malloc(sizeof(double) * (size_t)(n * batch));
            double *M = malloc(sizeof(double) * (size_t)(n * n));
            if (zero)
                a[n / 2 - 1] = b[n / 2 - 1] = 0.0;
            cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.5, b, -0.75, G, H), 0);
            krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, -0.75, G, H, 0);
            cr_assert_not_null(L);
            for (int tr = 0; tr <= 1; tr++) {
                cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, Y, X, batch)
                                : krylov_fast_ldr_mul(L, Y, X, batch), 0);
                double e = dense_rel_err(M, n, X, Y, batch, tr);
                cr_assert(e <= 1e-12, "n %ld zero %d tr %d: relative error %g", n, zero, tr, e);
            }
            krylov_fast_ldr_destroy(L);
            free(a); free(b); free(G); free(H); free(X); free(Y); free(M);
        }
}

/* Re-parameterising a layer gives bit-for-bit the result of a fresh create with the same
 * parameters (same plans from the cache, same arithmetic). */
Test(krylov_fast_batch, split_setup_equals_create)
{
    long n = 512, r = 2, batch = 5;
    double *a1 = tb_vec(n, 0.9, 1.1), *b1 = tb_vec(n, 0.9, 1.1), *a2 = tb_vec(n, -1.1, -0.9);
    double *b2 = tb_vec(n, 0.5, 1.5), *G1 = tb_vec(n * r, -1, 1), *H1 = tb_vec(n * r, -1, 1);
    double *G2 = tb_vec(n * r, -2, 2), *H2 = tb_vec(n * r, -1, 1), *X = tb_vec(n * batch, -1, 1);
    double *Y = malloc(sizeof(double) * (size_t)(n * batch)), *Z = malloc(sizeof(double) * (size_t)(n * batch));
    krylov_fast_ldr_t *L = krylov_fast_ldr_alloc(n, r, 0);
    cr_assert_not_null(L);
    struct { const double *a, *b, *G, *H; double fa, fb; } steps[3] = {
        {a1, b1, G1, H1, 0.5, 0.25}, {a1, b1, G2, H2, 0.5, 0.25}, {a2, b2, G2, H2, 0.0, -1.0}};
    for (int s = 0; s < 3; s++) {
        if (s != 1) /* step 1 changes the generators only */
            cr_assert_eq(krylov_fast_ldr_set_operators(L, steps[s].a, steps[s].fa, steps[s].b,
                                                       steps[s].fb), 0);
        cr_assert_eq(krylov_fast_ldr_set_generators(L, steps[s].G, steps[s].H), 0);
        krylov_fast_ldr_t *F = krylov_fast_ldr_create(n, r, steps[s].a, steps[s].fa, steps[s].b,
                                                      steps[s].fb, steps[s].G, steps[s].H, 0);
        cr_assert_not_null(F);
        for (int tr = 0; tr <= 1; tr++) {
            cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, Y, X, batch) : krylov_fast_ldr_mul(L, Y, X, batch), 0);
            cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(F, Z, X, batch) : krylov_fast_ldr_mul(F, Z, X, batch), 0);
            cr_assert(memcmp(Y, Z, sizeof(double) * (size_t)(n * batch)) == 0, "step %d tr %d", s, tr);
        }
        krylov_fast_ldr_destroy(F);
    }
    krylov_fast_ldr_destroy(L);
    free(a1); free(b1); free(a2); free(b2); free(G1); free(H1); free(G2); free(H2);
    free(X); free(Y); free(Z);
}

/* Negative control: the layer set up with one generator entry perturbed must disagree with the
 * dense M of the unperturbed parameters. */
Test(krylov_fast_batch, negative_control_perturbed_generator)
{
    long n = 128, r = 2, batch = 3;
    double *a = tb_vec(n, 0.8, 1.2), *b = tb_vec(n, 0.8, 1.2), *G = tb_vec(n * r, -1, 1);
    double *H = tb_vec(n * r, -1, 1), *X = tb_vec(n * batch, -1, 1);
    double *Y = malloc(sizeof(double) * (size_t)(n * batch)), *M = malloc(sizeof(double) * (size_t)(n * n));
    cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.5, b, 0.5, G, H), 0);
    G[n + 17] += 1e-6;
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, 0.5, G, H, 0);
    cr_assert_eq(krylov_fast_ldr_mul(L, Y, X, batch), 0);
    double e = dense_rel_err(M, n, X, Y, batch, 0);
    cr_assert(e > 1e-12, "perturbation not detected: %g", e);
    krylov_fast_ldr_destroy(L);
    free(a); free(b); free(G); free(H); free(X); free(Y); free(M);
}

Test(krylov_fast_batch, errors, .init = cr_redirect_stderr)
{
    double v[8] = {1, 1, 1, 1, 1, 1, 1, 1}, y[8], bad[8] = {1, 1, NAN, 1, 1, 1, 1, 1};
    cr_assert_null(krylov_fast_ldr_alloc(6, 1, 0));
    cr_assert_null(krylov_fast_ldr_alloc(8, 0, 0));
    cr_assert_null(krylov_fast_ldr_alloc(1L << 40, 1, 0));
    krylov_fast_ldr_t *L = krylov_fast_ldr_alloc(8, 1, 0);
    cr_assert_not_null(L);
    cr_assert_eq(krylov_fast_ldr_mul(L, y, v, 1), -1);            /* nothing set */
    cr_assert_eq(krylov_fast_ldr_set_generators(L, v, v), -1);    /* operators first */
    cr_assert_eq(krylov_fast_ldr_set_operators(L, bad, 0, v, 0), -1);
    cr_assert_eq(krylov_fast_ldr_set_operators(L, v, 0, v, INFINITY), -1);
    cr_assert_eq(krylov_fast_ldr_set_operators(L, v, 0, v, 0), 0);
    cr_assert_eq(krylov_fast_ldr_mul(L, y, v, 1), -1);            /* generators missing */
    cr_assert_eq(krylov_fast_ldr_set_generators(L, bad, v), -1);
    cr_assert_eq(krylov_fast_ldr_set_generators(L, v, v), 0);
    cr_assert_eq(krylov_fast_ldr_mul(L, y, v, 1), 0);
    cr_assert_eq(krylov_fast_ldr_mul(L, y, bad, 1), -1);
    cr_assert_eq(krylov_fast_ldr_mul(L, y, v, 0), -1);
    cr_assert_eq(krylov_fast_ldr_set_chunk(L, -1), -1);
    cr_assert_eq(krylov_fast_ldr_set_operators(L, v, 0, v, 0), 0); /* invalidates generators */
    cr_assert_eq(krylov_fast_ldr_mul(L, y, v, 1), -1);
    krylov_fast_ldr_destroy(L);
}
