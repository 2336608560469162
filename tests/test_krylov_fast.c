/* test_krylov_fast.c -- the O(n log^2 n) Krylov multiply and the LDR-SD layer (Theorem 1 of
 * Thomas et al. 2018) against exact FLINT products and the explicit O(n^2) product. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <flint/fmpq_mat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ldr/krylov.h"
#include "fast/krylov_fast.h"
#include "ldr/operators.h"

/* Deterministic uniform doubles in [lo, hi) (xorshift; tests need no global RNG state). */
static unsigned long long tk_state = 88172645463325252ULL;
static double tk_unif(double lo, double hi)
{
    tk_state ^= tk_state << 13;
    tk_state ^= tk_state >> 7;
    tk_state ^= tk_state << 17;
    return lo + (hi - lo) * (double)(tk_state >> 11) / 9007199254740992.0;
}

static double max_abs_diff(const double *x, const double *y, long len, double *scale)
{
    double d = 0.0, s = 0.0;
    for (long k = 0; k < len; k++) {
        d = fmax(d, fabs(x[k] - y[k]));
        s = fmax(s, fabs(y[k]));
    }
    *scale = s;
    return d;
}

/* Exact y = K(A, g) x (or K^T x) with FLINT from integer-valued doubles. */
static void exact_krylov_mul(double *y, long n, const double *a, double f, const double *g,
                             const double *x, int transpose)
{
    fmpq *av = _fmpq_vec_init(n), *gv = _fmpq_vec_init(n);
    fmpq_t fc;
    fmpq_init(fc);
    for (long t = 0; t + 1 < n; t++)
        fmpq_set_si(av + t, (slong)a[t], 1);
    for (long t = 0; t < n; t++)
        fmpq_set_si(gv + t, (slong)g[t], 1);
    fmpq_set_si(fc, (slong)f, 1);
    op_t A;
    op_init_subdiag(&A, n, av, fc);
    fmpq_mat_t K;
    fmpq_mat_init(K, n, n);
    krylov_matrix(K, &A, gv);
    for (long i = 0; i < n; i++) {
        fmpq_t s, p;
        fmpq_init(s);
        fmpq_init(p);
        for (long j = 0; j < n; j++) {
            fmpq_set_si(p, (slong)x[j], 1);
            fmpq_mul(p, p, transpose ? fmpq_mat_entry(K, j, i) : fmpq_mat_entry(K, i, j));
            fmpq_add(s, s, p);
        }
        y[i] = fmpq_get_d(s);
        fmpq_clear(s);
        fmpq_clear(p);
    }
    fmpq_mat_clear(K);
    op_clear(&A);
    _fmpq_vec_clear(av, n);
    _fmpq_vec_clear(gv, n);
    fmpq_clear(fc);
}

static void fast_mul(double *y, long n, const double *a, double f, const double *g,
                     const double *x, long count, int transpose, long direct_below)
{
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 3, 0);
    cr_assert_not_null(p);
    krylov_fast_plan_set_direct_below(p, direct_below);
    krylov_fast_op_t *K = krylov_fast_op_create(p, a, n - 1, f, g, n);
    cr_assert_not_null(K);
    int rc = transpose ? krylov_fast_mul_transpose(K, y, x, count) : krylov_fast_mul(K, y, x, count);
    cr_assert_eq(rc, 0);
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
}

/* Integers with every intermediate < 2^53: direct convolution is exact; the FFT path is
 * within 1/2 of the exact integer (so rounding recovers it exactly). */
Test(krylov_fast, integer_inputs_exact)
{
    long n = 16;
    double a[15], g[16], x[16], ye[16], yf[16];
    for (int corner = 0; corner <= 1; corner++)
        for (int tr = 0; tr <= 1; tr++) {
            for (long t = 0; t < n; t++) {
                if (t + 1 < n)
                    a[t] = (t % 3 == 0) ? -1.0 : (t % 3 == 1 ? 2.0 : 1.0);
                g[t] = (double)((t * 7) % 5) - 2.0;
                x[t] = (double)((t * 3) % 7) - 3.0;
            }
            double f = corner ? 3.0 : 0.0;
            exact_krylov_mul(ye, n, a, f, g, x, tr);
            fast_mul(yf, n, a, f, g, x, 1, tr, 2 * n); /* direct everywhere, corner too */
            for (long t = 0; t < n; t++)
                cr_assert_eq(yf[t], ye[t], "direct corner=%d tr=%d t=%ld: %g vs %g", corner, tr,
                             t, yf[t], ye[t]);
            fast_mul(yf, n, a, f, g, x, 1, tr, 1); /* FFT everywhere */
            for (long t = 0; t < n; t++)
                cr_assert_eq(nearbyint(yf[t]), ye[t], "fft corner=%d tr=%d t=%ld", corner, tr, t);
        }
}

/* Random inputs at n <= 256: relative agreement 1e-12 with the explicit product, FFT and
 * direct paths, with and without the corner, batches larger than the chunk. */
Test(krylov_fast, random_matches_explicit)
{
    for (long n = 1; n <= 256; n *= 2)
        for (int corner = 0; corner <= 1; corner++)
            for (int tr = 0; tr <= 1; tr++) {
                long cnt = 5;
                double *a = malloc(sizeof(double) * (size_t)n), *g = malloc(sizeof(double) * (size_t)n);
                double *x = malloc(sizeof(double) * (size_t)(n * cnt));
                double *yf = malloc(sizeof(double) * (size_t)(n * cnt));
                double *ye = malloc(sizeof(double) * (size_t)n);
                for (long t = 0; t < n; t++) {
                    a[t] = tk_unif(0.5, 1.5);
                    g[t] = tk_unif(-1, 1);
                }
                for (long t = 0; t < n * cnt; t++)
                    x[t] = tk_unif(-1, 1);
                double f = corner ? tk_unif(-2, 2) : 0.0;
                for (long db = 1; db <= 512; db *= 8) {
                    fast_mul(yf, n, a, f, g, x, cnt, tr, db);
                    for (long v = 0; v < cnt; v++) {
                        if (tr)
                            krylov_explicit_mul_transpose(ye, n, a, f, g, x + v * n);
                        else
                            krylov_explicit_mul(ye, n, a, f, g, x + v * n);
                        double s, d = max_abs_diff(yf + v * n, ye, n, &s);
                        cr_assert(d <= 1e-12 * s, "n=%ld corner=%d tr=%d db=%ld: %g vs %g", n,
                                  corner, tr, db, d, s);
                    }
                }
                free(a); free(g); free(x); free(yf); free(ye);
            }
}

/* <K x, y> = <x, K^T y>, and the same for the LDR-SD layer M. */
Test(krylov_fast, transpose_identity)
{
    long n = 128, r = 3;
    double *a = malloc(sizeof(double) * (size_t)n), *b = malloc(sizeof(double) * (size_t)n);
    double *G = malloc(sizeof(double) * (size_t)(n * r)), *H = malloc(sizeof(double) * (size_t)(n * r));
    double x[128], y[128], Kx[128], Kty[128];
    for (long t = 0; t < n; t++) {
        a[t] = tk_unif(-1.5, 1.5);
        b[t] = tk_unif(-1.5, 1.5);
        x[t] = tk_unif(-1, 1);
        y[t] = tk_unif(-1, 1);
    }
    for (long t = 0; t < n * r; t++) {
        G[t] = tk_unif(-1, 1);
        H[t] = tk_unif(-1, 1);
    }
    fast_mul(Kx, n, a, 0.7, G, x, 1, 0, KRYLOV_FAST_DIRECT_BELOW);
    fast_mul(Kty, n, a, 0.7, G, y, 1, 1, KRYLOV_FAST_DIRECT_BELOW);
    double s1 = 0, s2 = 0, sc = 0;
    for (long t = 0; t < n; t++) {
        s1 += Kx[t] * y[t];
        s2 += x[t] * Kty[t];
        sc += fabs(Kx[t] * y[t]) + fabs(x[t] * Kty[t]);
    }
    cr_assert(fabs(s1 - s2) <= 1e-12 * sc, "op: %g vs %g", s1, s2);
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.3, b, -0.4, G, H, 0);
    cr_assert_not_null(L);
    cr_assert_eq(krylov_fast_ldr_mul(L, Kx, x, 1), 0);
    cr_assert_eq(krylov_fast_ldr_mul_transpose(L, Kty, y, 1), 0);
    s1 = s2 = sc = 0;
    for (long t = 0; t < n; t++) {
        s1 += Kx[t] * y[t];
        s2 += x[t] * Kty[t];
        sc += fabs(Kx[t] * y[t]) + fabs(x[t] * Kty[t]);
    }
    cr_assert(fabs(s1 - s2) <= 1e-12 * sc, "ldr: %g vs %g", s1, s2);
    krylov_fast_ldr_destroy(L);
    free(a); free(b); free(G); free(H);
}

/* The layer (and its transpose) against the dense M from the Stein-identity builder, which is
 * itself checked against FLINT's exact krylov_product_sum on a small dyadic instance. */
Test(krylov_fast, ldr_layer_matches_dense)
{
    long n = 64, r = 4, batch = 7;
    double *a = malloc(sizeof(double) * (size_t)n), *b = malloc(sizeof(double) * (size_t)n);
    double *G = malloc(sizeof(double) * (size_t)(n * r)), *H = malloc(sizeof(double) * (size_t)(n * r));
    double *M = malloc(sizeof(double) * (size_t)(n * n));
    double *X = malloc(sizeof(double) * (size_t)(n * batch)), *Y = malloc(sizeof(double) * (size_t)(n * batch));
    for (long t = 0; t < n; t++) {
        a[t] = tk_unif(0.5, 1.5);
        b[t] = tk_unif(0.5, 1.5);
    }
    for (long t = 0; t < n * r; t++) {
        G[t] = tk_unif(-1, 1);
        H[t] = tk_unif(-1, 1);
    }
    for (long t = 0; t < n * batch; t++)
        X[t] = tk_unif(-1, 1);
    cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.5, b, 2.0, G, H), 0);
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, 2.0, G, H, 0);
    for (int tr = 0; tr <= 1; tr++) {
        cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, Y, X, batch)
                        : krylov_fast_ldr_mul(L, Y, X, batch), 0);
        for (long v = 0; v < batch; v++) {
            double ye[64], s;
            for (long i = 0; i < n; i++) {
                ye[i] = 0;
                for (long j = 0; j < n; j++)
                    ye[i] += (tr ? M[j * n + i] : M[i * n + j]) * X[v * n + j];
            }
            double d = max_abs_diff(Y + v * n, ye, n, &s);
            cr_assert(d <= 1e-12 * s, "tr=%d v=%ld: %g vs %g", tr, v, d, s);
        }
    }
    krylov_fast_ldr_destroy(L);
    free(a); free(b); free(G); free(H); free(M); free(X); free(Y);
}

Test(krylov_fast, dense_builder_exact_small)
{
    long n = 8, r = 2;
    double a[7], b[7], G[16], H[16], M[64];
    fmpq *av = _fmpq_vec_init(n), *bv = _fmpq_vec_init(n);
    fmpq_mat_t Gq, Hq, Mq;
    fmpq_mat_init(Gq, n, r);
    fmpq_mat_init(Hq, n, r);
    fmpq_mat_init(Mq, n, n);
    for (long t = 0; t + 1 < n; t++) {
        a[t] = (double)(t % 3) - 1.0 + 0.5;
        b[t] = (double)((t + 1) % 4) * 0.25 + 0.5;
        fmpq_set_si(av + t, (slong)(4 * a[t]), 4); /* dyadic: exact */
        fmpq_set_si(bv + t, (slong)(4 * b[t]), 4);
    }
    for (long i = 0; i < r; i++)
        for (long t = 0; t < n; t++) {
            G[i * n + t] = (double)((t + i) % 5) - 2.0;
            H[i * n + t] = (double)((2 * t + i) % 3) - 1.0;
            fmpq_set_si(fmpq_mat_entry(Gq, t, i), (slong)G[i * n + t], 1);
            fmpq_set_si(fmpq_mat_entry(Hq, t, i), (slong)H[i * n + t], 1);
        }
    fmpq_t fa, fb;
    fmpq_init(fa);
    fmpq_init(fb);
    fmpq_set_si(fa, 0, 1); /* no corner: the row recurrence is exact in dyadics */
    fmpq_set_si(fb, 0, 1);
    op_t A, B;
    op_init_subdiag(&A, n, av, fa);
    op_init_subdiag(&B, n, bv, fb);
    krylov_product_sum(Mq, &A, &B, Gq, Hq);
    cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.0, b, 0.0, G, H), 0);
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++)
            cr_assert_eq(M[i * n + j], fmpq_get_d(fmpq_mat_entry(Mq, i, j)), "(%ld,%ld)", i, j);
    op_clear(&A);
    op_clear(&B);
    fmpq_mat_clear(Gq);
    fmpq_mat_clear(Hq);
    fmpq_mat_clear(Mq);
    _fmpq_vec_clear(av, n);
    _fmpq_vec_clear(bv, n);
    fmpq_clear(fa);
    fmpq_clear(fb);
}

/* The padding rule of krylov_fast.h: a corner-free operator of any n, padded with zero
 * subdiagonal entries and zero vector entries, gives K(A, g) x in the leading n entries. */
Test(krylov_fast, padding_rule)
{
    long n = 45, N = 64;
    double a[64] = {0}, g[64] = {0}, x[64] = {0}, yf[64], ye[64];
    for (long t = 0; t < n; t++) {
        if (t + 1 < n)
            a[t] = tk_unif(0.5, 1.5);
        g[t] = tk_unif(-1, 1);
        x[t] = tk_unif(-1, 1);
    }
    for (int tr = 0; tr <= 1; tr++) {
        fast_mul(yf, N, a, 0.0, g, x, 1, tr, KRYLOV_FAST_DIRECT_BELOW);
        if (tr)
            krylov_explicit_mul_transpose(ye, n, a, 0.0, g, x);
        else
            krylov_explicit_mul(ye, n, a, 0.0, g, x);
        double s, d = max_abs_diff(yf, ye, n, &s);
        cr_assert(d <= 1e-12 * s);
        for (long t = n; t < N; t++)
            cr_assert(tr || fabs(yf[t]) == 0.0);
    }
}

Test(krylov_fast, bad_input, .init = cr_redirect_stderr)
{
    cr_assert_null(krylov_fast_plan_create(0, 1, 0));
    cr_assert_null(krylov_fast_plan_create(12, 1, 0));
    cr_assert_null(krylov_fast_plan_create(16, 0, 0));
    krylov_fast_plan_t *p = krylov_fast_plan_create(8, 2, 0);
    double a[8] = {1, 1, 1, 1, 1, 1, 1, 1}, g[8] = {1, 2, 3, 4, 5, 6, 7, 8}, x[16] = {0}, y[16];
    cr_assert_null(krylov_fast_op_create(p, a, 6, 0.0, g, 8)); /* mismatched lengths */
    cr_assert_null(krylov_fast_op_create(p, a, 7, 0.0, g, 7));
    a[3] = NAN;
    cr_assert_null(krylov_fast_op_create(p, a, 7, 0.0, g, 8));
    a[3] = 1.0;
    cr_assert_null(krylov_fast_op_create(p, a, 7, INFINITY, g, 8));
    g[2] = INFINITY;
    cr_assert_null(krylov_fast_op_create(p, a, 7, 0.0, g, 8));
    g[2] = 3.0;
    krylov_fast_op_t *K = krylov_fast_op_create(p, a, 7, 0.0, g, 8);
    cr_assert_not_null(K);
    cr_assert_eq(krylov_fast_mul(K, y, x, 0), -1);
    x[5] = NAN;
    cr_assert_eq(krylov_fast_mul(K, y, x, 1), -1);
    cr_assert_eq(krylov_fast_mul_transpose(K, y, x, 2), -1);
    krylov_fast_op_destroy(K);
    /* overflow: Krylov entries 1e300^k are not representable */
    for (long t = 0; t < 7; t++)
        a[t] = 1e300;
    x[5] = 1.0;
    K = krylov_fast_op_create(p, a, 7, 0.0, g, 8);
    cr_assert_eq(krylov_fast_mul(K, y, x, 1), -1);
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
    cr_assert_null(krylov_fast_ldr_create(8, 0, a, 0, a, 0, g, g, 0));
    cr_assert_null(krylov_fast_ldr_create(6, 1, a, 0, a, 0, g, g, 0));
}

/* Negative control: one perturbed subdiagonal entry must make the comparison fail. */
Test(krylov_fast, negative_control_perturbed_entry)
{
    long n = 128;
    double a[128], ap[128], g[128], x[128], yf[128], ye[128];
    for (long t = 0; t < n; t++) {
        a[t] = ap[t] = tk_unif(0.5, 1.5);
        g[t] = tk_unif(-1, 1);
        x[t] = tk_unif(-1, 1);
    }
    ap[40] *= 1.0 + 1e-6;
    for (int tr = 0; tr <= 1; tr++) {
        fast_mul(yf, n, ap, 0.0, g, x, 1, tr, KRYLOV_FAST_DIRECT_BELOW);
        if (tr)
            krylov_explicit_mul_transpose(ye, n, a, 0.0, g, x);
        else
            krylov_explicit_mul(ye, n, a, 0.0, g, x);
        double s, d = max_abs_diff(yf, ye, n, &s);
        cr_assert(d > 1e-12 * s, "perturbation not detected (tr=%d): %g vs %g", tr, d, s);
    }
}

/* The rank-r layer kernels at tiny sizes (direct paths everywhere, corner product direct for
 * n < KRYLOV_FAST_DIRECT_BELOW) against the dense matrix. */
Test(krylov_fast, ldr_small_sizes)
{
    for (long n = 1; n <= 16; n *= 2) {
        long r = 3;
        double a[16], b[16], G[48], H[48], M[256], x[16], y[16], ye[16];
        for (long t = 0; t < n; t++) {
            a[t] = tk_unif(0.5, 1.5);
            b[t] = tk_unif(-1.5, -0.5);
            x[t] = tk_unif(-1, 1);
        }
        for (long t = 0; t < n * r; t++) {
            G[t] = tk_unif(-1, 1);
            H[t] = tk_unif(-1, 1);
        }
        cr_assert_eq(krylov_explicit_ldr_dense(M, n, r, a, 0.75, b, -1.25, G, H), 0);
        krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.75, b, -1.25, G, H, 0);
        cr_assert_not_null(L);
        for (int tr = 0; tr <= 1; tr++) {
            cr_assert_eq(tr ? krylov_fast_ldr_mul_transpose(L, y, x, 1) : krylov_fast_ldr_mul(L, y, x, 1), 0);
            for (long i = 0; i < n; i++) {
                ye[i] = 0;
                for (long j = 0; j < n; j++)
                    ye[i] += (tr ? M[j * n + i] : M[i * n + j]) * x[j];
            }
            double s, d = max_abs_diff(y, ye, n, &s);
            cr_assert(d <= 1e-12 * s, "n=%ld tr=%d: %g vs %g", n, tr, d, s);
        }
        krylov_fast_ldr_destroy(L);
    }
}
