/* krylov_mpfr.c -- MPFR reference Krylov products (see krylov_mpfr.h). */
#include "fast/krylov_mpfr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static mpfr_t *vec_init(long n, mpfr_prec_t prec)
{
    mpfr_t *v = malloc(sizeof(mpfr_t) * (size_t)n);
    for (long i = 0; i < n; i++)
        mpfr_init2(v[i], prec);
    return v;
}

static void vec_clear(mpfr_t *v, long n)
{
    for (long i = 0; i < n; i++)
        mpfr_clear(v[i]);
    free(v);
}

static int inputs_ok(long n, const double *a, double corner, const double *g, const double *x)
{
    if (n <= 0 || !isfinite(corner)) {
        fprintf(stderr, "krylov_mpfr: n must be >= 1 and the corner finite\n");
        return 0;
    }
    for (long t = 0; t < n; t++) {
        if ((t + 1 < n && (!isfinite(a[t]) || a[t] == 0.0)) || !isfinite(g[t]) || !isfinite(x[t])) {
            fprintf(stderr, "krylov_mpfr: entry %ld: subdiagonal entries must be finite and "
                            "non-zero, vectors finite\n", t);
            return 0;
        }
    }
    return 1;
}

int krylov_mpfr_mul(mpfr_t *y, long n, const double *a, double corner, const double *g,
                    const double *x, int transpose, mpfr_prec_t prec)
{
    if (!inputs_ok(n, a, corner, g, x))
        return -1;
    mpfr_t *P = vec_init(n, prec), *c = vec_init(n, prec), *xm = vec_init(n, prec);
    mpfr_t acc, wrap, fw;
    mpfr_inits2(prec, acc, wrap, fw, (mpfr_ptr)0);
    mpfr_set_ui(P[0], 1, MPFR_RNDN);
    for (long t = 1; t < n; t++)
        mpfr_mul_d(P[t], P[t - 1], a[t - 1], MPFR_RNDN);
    for (long k = 0; k < n; k++) {
        mpfr_set_d(c[k], g[k], MPFR_RNDN);
        mpfr_div(c[k], c[k], P[k], MPFR_RNDN);
        mpfr_set_d(xm[k], x[k], MPFR_RNDN);
        if (transpose) /* K^T x = T^T (P .* x): scale first */
            mpfr_mul(xm[k], xm[k], P[k], MPFR_RNDN);
    }
    mpfr_mul_d(fw, P[n - 1], corner, MPFR_RNDN); /* f P_{n-1} */
    for (long t = 0; t < n; t++) {
        mpfr_set_ui(acc, 0, MPFR_RNDN);
        mpfr_set_ui(wrap, 0, MPFR_RNDN);
        if (!transpose) { /* y_t = P_t (sum_{i<=t} c_{t-i} x_i + f P_{n-1} sum_{i>t} c_{t-i+n} x_i) */
            for (long i = 0; i <= t; i++)
                mpfr_fma(acc, c[t - i], xm[i], acc, MPFR_RNDN);
            if (corner != 0.0)
                for (long i = t + 1; i < n; i++)
                    mpfr_fma(wrap, c[t - i + n], xm[i], wrap, MPFR_RNDN);
        } else { /* (K^T x)_t = sum_{s>=t} c_{s-t} P_s x_s + f P_{n-1} sum_{s<t} c_{s-t+n} P_s x_s */
            for (long s = t; s < n; s++)
                mpfr_fma(acc, c[s - t], xm[s], acc, MPFR_RNDN);
            if (corner != 0.0)
                for (long s = 0; s < t; s++)
                    mpfr_fma(wrap, c[s - t + n], xm[s], wrap, MPFR_RNDN);
        }
        mpfr_fma(acc, wrap, fw, acc, MPFR_RNDN);
        if (!transpose)
            mpfr_mul(acc, acc, P[t], MPFR_RNDN);
        mpfr_set(y[t], acc, MPFR_RNDN);
    }
    mpfr_clears(acc, wrap, fw, (mpfr_ptr)0);
    vec_clear(P, n);
    vec_clear(c, n);
    vec_clear(xm, n);
    return 0;
}

double krylov_frobenius_norm(long n, const double *a, double corner, const double *g)
{
    double *v = malloc(sizeof(double) * (size_t)n);
    double s = 0.0;
    for (long t = 0; t < n; t++)
        v[t] = g[t];
    for (long i = 0; i < n; i++) {
        if (i > 0) {
            double last = v[n - 1];
            for (long t = n - 1; t >= 1; t--)
                v[t] = a[t - 1] * v[t - 1];
            v[0] = corner * last;
        }
        for (long t = 0; t < n; t++)
            s += v[t] * v[t];
    }
    free(v);
    return sqrt(s);
}
