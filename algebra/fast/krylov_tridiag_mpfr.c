/* krylov_tridiag_mpfr.c -- MPFR reference for the LDR-TD Krylov products (krylov_tridiag.h):
 * the explicit construction, one column A^i g at a time, at a chosen precision (error bound
 * in krylov_tridiag.h).  Six rounded operations per entry of K (fused multiply-adds). */
#include "fast/krylov_tridiag.h"

#include <stdlib.h>

static mpfr_t *vec_init(long n, mpfr_prec_t prec, const double *src)
{
    mpfr_t *v = malloc(sizeof(mpfr_t) * (size_t)(n > 0 ? n : 1));
    for (long t = 0; t < n; t++) {
        mpfr_init2(v[t], prec);
        if (src)
            mpfr_set_d(v[t], src[t], MPFR_RNDN);
        else
            mpfr_set_zero(v[t], 1);
    }
    return v;
}

static void vec_clear(mpfr_t *v, long n)
{
    for (long t = 0; t < n; t++)
        mpfr_clear(v[t]);
    free(v);
}

void krylov_tridiag_mpfr(mpfr_t *y, mpfr_t *yt, mpfr_t knorm2, long n, const double *d,
                         const double *s, const double *u, const double *g, const double *x,
                         mpfr_prec_t prec)
{
    mpfr_t *v = vec_init(n, prec, g), *w = vec_init(n, prec, NULL);
    mpfr_t *xm = vec_init(n, prec, x), *dm = vec_init(n, prec, d);
    mpfr_t *sm = vec_init(n - 1, prec, s), *um = vec_init(n - 1, prec, u);
    for (long t = 0; t < n; t++)
        mpfr_set_zero(y[t], 1);
    mpfr_set_zero(knorm2, 1);
    for (long i = 0; i < n; i++) { /* v = A^i g */
        mpfr_set_zero(yt[i], 1);
        for (long t = 0; t < n; t++) {
            mpfr_fma(y[t], v[t], xm[i], y[t], MPFR_RNDN);   /* y += x_i v        */
            mpfr_fma(yt[i], v[t], xm[t], yt[i], MPFR_RNDN); /* (K^T x)_i = <x, v> */
            mpfr_fma(knorm2, v[t], v[t], knorm2, MPFR_RNDN);
        }
        if (i + 1 == n)
            break;
        for (long t = 0; t < n; t++) { /* w = A v (zero coefficients skipped) */
            if (d[t] != 0.0)
                mpfr_mul(w[t], v[t], dm[t], MPFR_RNDN);
            else
                mpfr_set_zero(w[t], 1);
            if (t > 0 && s[t - 1] != 0.0)
                mpfr_fma(w[t], v[t - 1], sm[t - 1], w[t], MPFR_RNDN);
            if (t + 1 < n && u[t] != 0.0)
                mpfr_fma(w[t], v[t + 1], um[t], w[t], MPFR_RNDN);
        }
        mpfr_t *q = v;
        v = w;
        w = q;
    }
    vec_clear(v, n);
    vec_clear(w, n);
    vec_clear(xm, n);
    vec_clear(dm, n);
    vec_clear(sm, n - 1);
    vec_clear(um, n - 1);
}
