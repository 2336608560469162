/* tridiag_dc_poly.c - the polynomial kernels of the fast tridiagonal Krylov partials
 * (tridiag_dc_internal.h): time-domain products and correlations, the spectral multiply-add
 * of the FFT merges, the products of the shared tape (FFT plans made on first use, power-of-
 * two lengths up to dc->tlen) and the series inverse. */
#include "trainer/tridiag_dc_internal.h"

#include <string.h>

int td_log2_ceil(long m)
{
    int k = 0;
    while ((1L << k) < m) k++;
    return k;
}

/* ------------------------------------------------------------------ time-domain kernels */

/* o[k] += alpha sum_{i+j=k} a_i b_j, k < lo */
TD_CLONES
void td_conv_add(double *restrict o, int lo, const double *restrict a, int la,
                 const double *restrict b, int lb, double alpha)
{
    if (la > lo) la = lo;
    for (int i = 0; i < la; i++) {
        const double ai = alpha * a[i];
        const int jm = lb < lo - i ? lb : lo - i;
        for (int j = 0; j < jm; j++) o[i + j] += ai * b[j];
    }
}

/* o[i] += alpha sum_j ob[i+j] b[j], i < lout, i + j < lob (the transpose of td_conv_add) */
TD_CLONES
void td_corr_add(double *restrict o, int lout, const double *restrict ob, int lob,
                 const double *restrict b, int lb, double alpha)
{
    if (lout > lob) lout = lob;
    for (int i = 0; i < lout; i++) {
        const int jm = lb < lob - i ? lb : lob - i;
        double s = 0.0;
        for (int j = 0; j < jm; j++) s += ob[i + j] * b[j];
        o[i] += alpha * s;
    }
}

/* out (+)= x y (conj y when cj), LEN complex bins */
TD_CLONES
void td_cmadd(double *restrict out, const double *restrict x, const double *restrict y,
              size_t len, int cj)
{
    const double sg = cj ? -1.0 : 1.0;
    for (size_t j = 0; j < 2 * len; j += 2) {
        const double yr = y[j], yi = sg * y[j + 1];
        out[j] += x[j] * yr - x[j + 1] * yi;
        out[j + 1] += x[j] * yi + x[j + 1] * yr;
    }
}

/* ------------------------------------------------------------------ generic FFT products */

static fftw_plan td_pf(tridiag_dc_t *dc, int lg, int inverse)
{
    if (!dc->pf[lg]) {
        int m = 1 << lg;
        dc->pf[lg] = fftw_plan_dft_r2c_1d(m, dc->ta, dc->tca, FFTW_ESTIMATE);
        dc->pi[lg] = fftw_plan_dft_c2r_1d(m, dc->tca, dc->ta, FFTW_ESTIMATE);
    }
    return inverse ? dc->pi[lg] : dc->pf[lg];
}

/* dc->ta[0 .. m) = m (a * b) cyclic of length m = 2^lg (CONJ: a correlated with b), through
 * two r2c transforms, one pointwise product and one c2r; the caller scales by 1/m. */
static void td_fft_product(tridiag_dc_t *dc, int lg, const double *a, int la, const double *b,
                           int lb, int conj)
{
    const int m = 1 << lg;
    memset(dc->ta, 0, (size_t)m * sizeof *dc->ta);
    memset(dc->tb, 0, (size_t)m * sizeof *dc->tb);
    memcpy(dc->ta, a, (size_t)la * sizeof *a);
    memcpy(dc->tb, b, (size_t)lb * sizeof *b);
    fftw_plan f = td_pf(dc, lg, 0), g = td_pf(dc, lg, 1);
    fftw_execute_dft_r2c(f, dc->ta, dc->tca);
    fftw_execute_dft_r2c(f, dc->tb, dc->tcb);
    size_t nc = (size_t)m / 2 + 1;
    memset(dc->ox, 0, nc * sizeof *dc->ox);
    td_cmadd((double *)dc->ox, (const double *)dc->tca, (const double *)dc->tcb, nc, conj);
    memcpy(dc->tca, dc->ox, nc * sizeof *dc->tca);
    fftw_execute_dft_c2r(g, dc->tca, dc->ta);
}

/* o[k] += alpha (a * b)[k], k < lo */
void td_poly_mul(tridiag_dc_t *dc, double *o, int lo, const double *a, int la,
                 const double *b, int lb, double alpha)
{
    if (la > lo) la = lo;
    if (lb > lo) lb = lo;
    if (la <= 0 || lb <= 0 || lo <= 0) return;
    int lg = td_log2_ceil(la + lb - 1), m = 1 << lg;
    if (la <= TD_MUL_DIRECT || lb <= TD_MUL_DIRECT || m > dc->tlen) {
        td_conv_add(o, lo, a, la, b, lb, alpha);
        return;
    }
    td_fft_product(dc, lg, a, la, b, lb, 0);
    const double sc = alpha / m;
    for (int k = 0; k < lo && k < la + lb - 1; k++) o[k] += sc * dc->ta[k];
}

/* o[i] += alpha sum_j ob[i+j] b[j], i < lout, i + j < lob */
void td_poly_corr(tridiag_dc_t *dc, double *o, int lout, const double *ob, int lob,
                  const double *b, int lb, double alpha)
{
    if (lb > lob) lb = lob;
    if (lout > lob) lout = lob;
    if (lout <= 0 || lb <= 0) return;
    int lg = td_log2_ceil(lob + lb), m = 1 << lg;
    if (lout <= TD_MUL_DIRECT || lb <= TD_MUL_DIRECT || m > dc->tlen) {
        td_corr_add(o, lout, ob, lob, b, lb, alpha);
        return;
    }
    td_fft_product(dc, lg, ob, lob, b, lb, 1);
    const double sc = alpha / m;
    for (int i = 0; i < lout; i++) o[i] += sc * dc->ta[i];
}

/* f = 1/a mod z^L (a_0 != 0): recurrence for short series, else Newton f <- f (2 - a f) */
void td_series_inverse(tridiag_dc_t *dc, double *f, int L, const double *a, int la)
{
    memset(f, 0, (size_t)L * sizeof *f);
    f[0] = 1.0 / a[0];
    if (L <= 4 * TD_MUL_DIRECT) {
        for (int k = 1; k < L; k++) {
            double s = 0.0;
            for (int j = 1; j <= k && j < la; j++) s += a[j] * f[k - j];
            f[k] = -s * f[0];
        }
        return;
    }
    double *t = dc->tmp, *e = dc->tmp + L;
    for (int k = 1; k < L;) {
        int k2 = 2 * k < L ? 2 * k : L;
        memset(t, 0, (size_t)k2 * sizeof *t);
        td_poly_mul(dc, t, k2, a, la, f, k, 1.0);
        for (int i = 0; i < k2; i++) e[i] = -t[i];
        e[0] += 2.0;
        memset(t, 0, (size_t)k2 * sizeof *t);
        td_poly_mul(dc, t, k2, f, k, e, k2, 1.0);
        memcpy(f, t, (size_t)k2 * sizeof *t);
        k = k2;
    }
}
