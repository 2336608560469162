/* yelim_numeric.c -- float64 Levenberg-Marquardt stage of the Toeplitz / Hankel fit
 * (see yelim_numeric.h). */
#include "decompositions/yelim_numeric.h"

#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yelim_fit_default_opts(yelim_fit_opts_t *o)
{
    o->max_restarts = 20;
    o->max_lm_iter = 400;
    o->lm_tol = 1e-13;
    o->prec = 384;
    o->max_newton = 40;
    o->target = 1e-60;
}

static double yelim_residual_d(double *r, yelim_kind_t kind, slong n, slong k,
                               const double *theta, const double *M)
{
    yelim_product_d(r, kind, n, k, theta);
    double s = 0;
    for (slong i = 0; i < n * n; i++) {
        r[i] -= M[i];
        s += r[i] * r[i];
    }
    return sqrt(s);
}

/* Standard normal by Box-Muller from the FLINT generator (the only randomness source). */
static double yelim_gauss(flint_rand_t st)
{
    double u1 = ((double)n_randint(st, (1UL << 52)) + 1.0) / 4503599627370497.0;
    double u2 = (double)n_randint(st, (1UL << 52)) / 4503599627370496.0;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

void yelim_random_gaussian(double *M, slong len, flint_rand_t st)
{
    for (slong i = 0; i < len; i++)
        M[i] = yelim_gauss(st);
}

/* Random start, each factor rescaled so that ||product||_F ~ ||M||_F. */
static void yelim_random_start(double *theta, yelim_kind_t kind, slong n, slong k,
                               const double *M, flint_rand_t st)
{
    slong np = 2 * n - 1, nn = n * n;
    double *P = malloc(sizeof(double) * (size_t)nn);
    double sm = 0, sp = 0;
    for (slong q = 0; q < k * np; q++)
        theta[q] = yelim_gauss(st);
    yelim_product_d(P, kind, n, k, theta);
    for (slong i = 0; i < nn; i++) {
        sm += M[i] * M[i];
        sp += P[i] * P[i];
    }
    double scale = (sp > 0 && sm > 0) ? pow(sqrt(sm / sp), 1.0 / (double)k) : 1.0;
    for (slong q = 0; q < k * np; q++)
        theta[q] *= scale;
    free(P);
}

/* Minimum-norm solution of [J; sqrt(lambda) I] delta = [-r; 0] (dgelsd). 0 on success. */
static int yelim_lm_step(double *delta, const double *J, const double *r, double lambda,
                         slong m, slong N)
{
    slong rows = m + N;
    double *A = calloc((size_t)(rows * N), sizeof(double));
    double *b = calloc((size_t)rows, sizeof(double));
    double *s = malloc(sizeof(double) * (size_t)N);
    memcpy(A, J, sizeof(double) * (size_t)(m * N));
    for (slong q = 0; q < N; q++)
        A[(m + q) * N + q] = sqrt(lambda);
    for (slong i = 0; i < m; i++)
        b[i] = -r[i];
    lapack_int rank;
    lapack_int info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, (lapack_int)rows, (lapack_int)N, 1, A,
                                     (lapack_int)N, b, 1, s, -1.0, &rank);
    memcpy(delta, b, sizeof(double) * (size_t)N);
    free(A);
    free(b);
    free(s);
    return info == 0 ? 0 : -1;
}

/* One LM run from THETA (updated in place).  Returns the final ||r||_F; *iters counts steps. */
static double yelim_lm_run(double *theta, slong *iters, yelim_kind_t kind, slong n, slong k,
                           const double *M, double tol, slong max_iter)
{
    slong nn = n * n, N = k * (2 * n - 1);
    double *J = malloc(sizeof(double) * (size_t)(nn * N));
    double *r = malloc(sizeof(double) * (size_t)nn), *r2 = malloc(sizeof(double) * (size_t)nn);
    double *delta = malloc(sizeof(double) * (size_t)N), *trial = malloc(sizeof(double) * (size_t)N);
    double lambda = 1e-3, res = yelim_residual_d(r, kind, n, k, theta, M);
    slong it = 0;
    while (it < max_iter && res > tol && lambda < 1e12) {
        it++;
        yelim_jacobian_d(J, kind, n, k, theta);
        if (yelim_lm_step(delta, J, r, lambda, nn, N) != 0)
            break;
        for (slong q = 0; q < N; q++)
            trial[q] = theta[q] + delta[q];
        double res2 = yelim_residual_d(r2, kind, n, k, trial, M);
        if (res2 < res) {
            memcpy(theta, trial, sizeof(double) * (size_t)N);
            memcpy(r, r2, sizeof(double) * (size_t)nn);
            res = res2;
            lambda = FLINT_MAX(lambda / 3.0, 1e-15);
        } else {
            lambda *= 4.0;
        }
    }
    *iters += it;
    free(J);
    free(r);
    free(r2);
    free(delta);
    free(trial);
    return res;
}

int yelim_fit(yelim_fit_t *out, double *theta, yelim_kind_t kind, slong n, slong k,
              const double *M, const yelim_fit_opts_t *o, flint_rand_t st)
{
    if (n < 1 || n > 16 || k < 1 || o->prec < 256) {
        fprintf(stderr, "yelim_fit: need 1 <= n <= 16, k >= 1, prec >= 256 (got n = %ld, "
                        "k = %ld, prec = %ld)\n", (long)n, (long)k, (long)o->prec);
        return -1;
    }
    slong N = k * (2 * n - 1);
    double mnorm = 0;
    for (slong i = 0; i < n * n; i++)
        mnorm += M[i] * M[i];
    double tol = o->lm_tol * FLINT_MAX(1.0, sqrt(mnorm));
    double *start = malloc(sizeof(double) * (size_t)N);
    memset(out, 0, sizeof(*out));
    out->float_residual = INFINITY;
    out->certified_residual = -1;
    for (slong s = 0; s < o->max_restarts && !out->certified; s++) {
        out->starts++;
        yelim_random_start(start, kind, n, k, M, st);
        double res = yelim_lm_run(start, &out->lm_iterations, kind, n, k, M, tol, o->max_lm_iter);
        out->float_residual = FLINT_MIN(out->float_residual, res);
        if (!(res <= tol))
            continue;
        out->float_converged = 1;
        double bound, radius;
        int exists;
        slong it = yelim_refine_mp_exist(&bound, &exists, &radius, theta, kind, n, k, start, M, o);
        if (it >= 0 && bound < o->target) {
            out->certified = 1;
            out->newton_iterations = it;
            out->certified_residual = bound;
            out->exact_exists = exists;
            out->exist_radius = radius;
        }
    }
    free(start);
    return 0;
}
