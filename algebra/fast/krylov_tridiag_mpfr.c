/* krylov_tridiag_mpfr.c -- MPFR reference for the LDR-TD Krylov products (krylov_tridiag.h):
 * the explicit construction, one column A^i g at a time, at a chosen precision (error bound
 * in krylov_tridiag.h). */
#include "fast/krylov_tridiag.h"

#include <stdlib.h>

void krylov_tridiag_mpfr(mpfr_t *y, mpfr_t *yt, mpfr_t knorm2, long n, const double *d,
                         const double *s, const double *u, const double *g, const double *x,
                         mpfr_prec_t prec)
{
    mpfr_t *v = malloc(sizeof(mpfr_t) * (size_t)n), *w = malloc(sizeof(mpfr_t) * (size_t)n);
    mpfr_t acc;
    mpfr_init2(acc, prec);
    for (long t = 0; t < n; t++) {
        mpfr_init2(v[t], prec);
        mpfr_init2(w[t], prec);
        mpfr_set_d(v[t], g[t], MPFR_RNDN);
        mpfr_set_zero(y[t], 1);
    }
    mpfr_set_zero(knorm2, 1);
    for (long i = 0; i < n; i++) { /* v = A^i g */
        mpfr_set_zero(acc, 1);
        for (long t = 0; t < n; t++) {
            mpfr_mul_d(w[t], v[t], x[i], MPFR_RNDN); /* y += x_i v */
            mpfr_add(y[t], y[t], w[t], MPFR_RNDN);
            mpfr_mul_d(w[t], v[t], x[t], MPFR_RNDN); /* (K^T x)_i = <x, v> */
            mpfr_add(acc, acc, w[t], MPFR_RNDN);
            mpfr_fma(knorm2, v[t], v[t], knorm2, MPFR_RNDN);
        }
        mpfr_set(yt[i], acc, MPFR_RNDN);
        if (i + 1 == n)
            break;
        for (long t = 0; t < n; t++) {
            mpfr_mul_d(w[t], v[t], d[t], MPFR_RNDN);
            if (t > 0) {
                mpfr_mul_d(acc, v[t - 1], s[t - 1], MPFR_RNDN);
                mpfr_add(w[t], w[t], acc, MPFR_RNDN);
            }
            if (t + 1 < n) {
                mpfr_mul_d(acc, v[t + 1], u[t], MPFR_RNDN);
                mpfr_add(w[t], w[t], acc, MPFR_RNDN);
            }
        }
        for (long t = 0; t < n; t++)
            mpfr_swap(v[t], w[t]);
    }
    for (long t = 0; t < n; t++) {
        mpfr_clear(v[t]);
        mpfr_clear(w[t]);
    }
    mpfr_clear(acc);
    free(v);
    free(w);
}
