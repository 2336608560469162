/* test_krylov_fast_batch.c -- the batched LDR-SD layer (krylov_fast_batch.c): chunked batches
 * against the dense M (itself checked exactly against FLINT in test_krylov_fast.c), the split
 * set-up (alloc / set_operators / set_generators) against a fresh create, the one-shot product
 * (krylov_fast_ldr_apply) against create + mul, and the errors. */
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

/* The one-shot product (krylov_fast_ldr_apply) is bit for bit create + mul + destroy: lazy
 * sides (batch within one chunk: the level spectra formed inside the multiply, one generator
 * at a time, two at the top level when there is no corner) and kept ones (batch 70 > 64),
 * every corner case (none, both, one), odd and even r, M and M^T. */
Test(krylov_fast_batch, one_shot_equals_create)
{
    static const long ns[] = {1, 2, 8, 16, 32, 64, 256, 2048};
    static const long rs[] = {1, 2, 3, 5};
    static const long batches[] = {1, 3, 70};
    static const double corners[][2] = {{0.0, 0.0}, {0.5, -0.75}, {0.0, 0.25}};
    for (int in = 0; in < 8; in++)
        for (int ir = 0; ir < 4; ir++) {
            long n = ns[in], r = rs[ir];
            double *a = tb_vec(n, 0.8, 1.2), *b = tb_vec(n, 0.8, 1.2), *G = tb_vec(n * r, -1, 1);
            double *H = tb_vec(n * r, -1, 1), *X = tb_vec(n * 70, -1, 1);
            double *Y = malloc(sizeof(double) * (size_t)(n * 70));
            double *Z = malloc(sizeof(double) * (size_t)(n * 70));
            for (int ic = 0; ic < 3; ic++) {
                double fa = corners[ic][0], fb = corners[ic][1];
                krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, fa, b, fb, G, H, 0);
                cr_assert_not_null(L);
                for (int ib = 0; ib < 3; ib++)
                    for (int tr = 0; tr <= 1; tr++) {
                        long bt = batches[ib];
                        if (n >= 2048 && bt == 70)
                            continue; /* the kept path is covered at the smaller sizes */
                        cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, Y, X, bt)
                                        : krylov_fast_ldr_mul(L, Y, X, bt), 0);
                        cr_assert_eq(krylov_fast_ldr_apply(n, r, a, fa, b, fb, G, H, Z, X, bt,
                                                           tr, 0), 0);
                        cr_assert(memcmp(Y, Z, sizeof(double) * (size_t)(n * bt)) == 0,
                                  "n %ld r %ld corners %g %g batch %ld tr %d", n, r, fa, fb, bt,
                                  tr);
                    }
                krylov_fast_ldr_destroy(L);
            }
            free(a); free(b); free(G); free(H); free(X); free(Y); free(Z);
        }
}

/* M x and M^T x from the single-vector kernels (krylov_fast.c, independent of the batched
 * set-up): M x = sum_i K(A, g_i) K(B', J h_i)^T (J x), M^T x = J sum_i K(B', J h_i) K(A, g_i)^T x
 * with b'_t = b_{n-t}. */
static void single_vector_ldr(long n, long r, const double *a, double fa, const double *b,
                              double fb, const double *G, const double *H, const double *x,
                              double *y, int tr)
{
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    double *brev = malloc(sizeof(double) * (size_t)n), *hrev = malloc(sizeof(double) * (size_t)n);
    double *xr = malloc(sizeof(double) * (size_t)n), *t = malloc(sizeof(double) * (size_t)n);
    double *u = malloc(sizeof(double) * (size_t)n), *yi = malloc(sizeof(double) * (size_t)n);
    cr_assert_not_null(p);
    for (long j = 0; j + 1 < n; j++)
        brev[j] = b[n - 2 - j];
    for (long j = 0; j < n; j++)
        xr[j] = x[n - 1 - j];
    memset(u, 0, sizeof(double) * (size_t)n);
    for (long i = 0; i < r; i++) {
        for (long j = 0; j < n; j++)
            hrev[j] = H[i * n + n - 1 - j];
        krylov_fast_op_t *KA = krylov_fast_op_create(p, a, n - 1, fa, G + i * n, n);
        krylov_fast_op_t *KB = krylov_fast_op_create(p, brev, n - 1, fb, hrev, n);
        cr_assert(KA && KB);
        if (!tr) {
            cr_assert_eq(krylov_fast_mul_transpose(KB, t, xr, 1), 0);
            cr_assert_eq(krylov_fast_mul(KA, yi, t, 1), 0);
        } else {
            cr_assert_eq(krylov_fast_mul_transpose(KA, t, x, 1), 0);
            cr_assert_eq(krylov_fast_mul(KB, yi, t, 1), 0);
        }
        for (long j = 0; j < n; j++)
            u[j] += yi[j];
        krylov_fast_op_destroy(KA);
        krylov_fast_op_destroy(KB);
    }
    for (long j = 0; j < n; j++)
        y[j] = tr ? u[n - 1 - j] : u[j];
    krylov_fast_plan_destroy(p);
    free(brev); free(hrev); free(xr); free(t); free(u); free(yi);
}

/* Sizes whose top levels split the set-up transforms further (n >= 8192 with FFTW_ESTIMATE
 * plans: dif_stages), an odd rank (the top level pairs a spectrum with zero when there is no
 * corner), with and without corners, against the single-vector kernels. */
Test(krylov_fast_batch, large_sizes_match_single_vector_kernels)
{
    long r = 3;
    for (long n = 8192; n <= 16384; n *= 2)
        for (int corner = 0; corner <= 1; corner++) {
            double fa = corner ? 0.5 : 0.0, fb = corner ? -0.75 : 0.0;
            double *a = tb_vec(n, 0.9, 1.0), *b = tb_vec(n, 0.9, 1.0), *G = tb_vec(n * r, -1, 1);
            double *H = tb_vec(n * r, -1, 1), *X = tb_vec(n, -1, 1);
            double *Y = malloc(sizeof(double) * (size_t)n), *R = malloc(sizeof(double) * (size_t)n);
            krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, fa, b, fb, G, H, 0);
            cr_assert_not_null(L);
            for (int tr = 0; tr <= 1; tr++) {
                cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, Y, X, 1)
                                : krylov_fast_ldr_mul(L, Y, X, 1), 0);
                single_vector_ldr(n, r, a, fa, b, fb, G, H, X, R, tr);
                double d = 0.0, sc = 0.0;
                for (long j = 0; j < n; j++) {
                    d = fmax(d, fabs(Y[j] - R[j]));
                    sc = fmax(sc, fabs(R[j]));
                }
                cr_assert(d <= 1e-11 * sc, "n %ld corner %d tr %d: %g vs scale %g", n, corner,
                          tr, d, sc);
            }
            krylov_fast_ldr_destroy(L);
            free(a); free(b); free(G); free(H); free(X); free(Y); free(R);
        }
}

/* The one-shot product (krylov_fast_ldr_apply, lazy sides) against the dense M, M x and M^T x;
 * negative control: the layer and the one-shot product set up with one generator entry
 * perturbed must disagree with the dense M of the unperturbed parameters. */
Test(krylov_fast_batch, negative_control_perturbed_generator)
{
    long n = 128, r = 2, batch = 3;
    double *a = tb_vec(n, 0.8, 1.2), *b = tb_vec(n, 0.8, 1.2), *G = tb_vec(n * r, -1, 1);
    double *H = tb_vec(n * r, -1, 1), *X = tb_vec(n * batch, -1, 1);
    double *Y = malloc(sizeof(double) * (size_t)(n * batch)), *M = malloc(sizeof(double) * (size_t)(n * n));
    cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.5, b, 0.5, G, H), 0);
    for (int tr = 0; tr <= 1; tr++) {
        cr_assert_eq(krylov_fast_ldr_apply(n, r, a, 0.5, b, 0.5, G, H, Y, X, batch, tr, 0), 0);
        double e = dense_rel_err(M, n, X, Y, batch, tr);
        cr_assert(e < 1e-12, "one-shot, tr %d: %g", tr, e);
    }
    G[n + 17] += 1e-6;
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, 0.5, G, H, 0);
    cr_assert_eq(krylov_fast_ldr_mul(L, Y, X, batch), 0);
    double e = dense_rel_err(M, n, X, Y, batch, 0);
    cr_assert(e > 1e-12, "perturbation not detected: %g", e);
    cr_assert_eq(krylov_fast_ldr_apply(n, r, a, 0.5, b, 0.5, G, H, Y, X, batch, 0, 0), 0);
    e = dense_rel_err(M, n, X, Y, batch, 0);
    cr_assert(e > 1e-12, "perturbation not detected by the one-shot product: %g", e);
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
    cr_assert_eq(krylov_fast_ldr_apply(6, 1, v, 0, v, 0, v, v, y, v, 1, 0, 0), -1);
    cr_assert_eq(krylov_fast_ldr_apply(8, 1, v, 0, v, 0, v, v, y, v, 0, 0, 0), -1);
    cr_assert_eq(krylov_fast_ldr_apply(8, 1, bad, 0, v, 0, v, v, y, v, 1, 0, 0), -1);
    cr_assert_eq(krylov_fast_ldr_apply(8, 1, v, 0, v, 0, v, bad, y, v, 1, 1, 0), -1);
    cr_assert_eq(krylov_fast_ldr_apply(8, 1, v, 0, v, 0, v, v, y, bad, 1, 0, 0), -1);
    cr_assert_eq(krylov_fast_ldr_apply(8, 1, v, 0, v, 0, v, v, y, v, 1, 1, 0), 0);
}
