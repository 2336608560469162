/* krylov_tridiag.c -- float64 LDR-TD Krylov multiply with FFTW (contract in krylov_tridiag.h;
 * the algorithm and its derivation are those of krylov_tridiag_exact.c, on a power-of-two
 * tree: n is padded to N = 2^L with d = s = u = g = 0, a decoupled zero block).
 *
 * Per vector, level by level (child blocks of size h, FFT length 2h, no wrap-around: every
 * product of a merge has degree < 2h):
 *   K^T x: the 8 x-dependent polynomials of every child block (E[2][2], Xu[2], Xs[2]) are
 *          transformed in ONE batched r2c, the parent's 8 spectra are sums of pointwise
 *          products with 12 precomputed operator/generator spectra (ML, MR, z u Gu_R,
 *          z s Gs_L), ONE batched c2r returns them; the two shift terms are added in the
 *          time domain.  At the root N_x is multiplied by 1/D (length-2N FFT).
 *   K x:   the transposed pass: x correlated with 1/D, then top-down, the parents' adjoints
 *          in one r2c per level, correlations (products with conjugated spectra), one c2r.
 * Every polynomial is truncated to its degree bound after each level (the bounds of the
 * exact version), so both passes are exact transposes of each other up to rounding.
 *
 * Set-up (krylov_tridiag_create): the transfer matrices P, the generator vectors Gu, Gs
 * bottom-up (time-domain products, FFT above 32 coefficients), the 12 spectra per merge,
 * 1/D mod z^N by Newton iteration, then the a-posteriori probe (krylov_tridiag.h). */
#include "fast/krylov_tridiag.h"

#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Merges of child blocks shorter than this use direct products in the time domain (exact
 * polynomial lengths; the FFT levels pay for 8 transforms per block whatever the lengths). */
#define TD_DIRECT_BELOW 8

#define NQ 8  /* x-dependent polynomials per block: E00 E01 E10 E11 Xu0 Xu1 Xs0 Xs1 */
#define NW 12 /* precomputed spectra per merge: MR[k][b], ML[a][k], z u Gu_R[b], z s Gs_L[a] */
#define QE(a, b) (2 * (a) + (b))
#define QXU(a) (4 + (a))
#define QXS(b) (6 + (b))
#define WMR(k, b) (2 * (k) + (b))
#define WML(a, k) (4 + 2 * (a) + (k))
#define WGU(b) (8 + (b))
#define WGS(a) (10 + (a))

struct krylov_tridiag {
    long n, N, levels;
    double *d, *s, *u, *g;     /* padded copies (N entries each) */
    fftw_complex *spec;        /* per level: (N/2h) merges x NW x (h+1), scaled by 1/2h */
    long *spec_off;
    double *cUx, *cSx;         /* per level, per merge: shift coefficients of Xu, Xs */
    double *tdom;              /* levels h < TD_DIRECT_BELOW: the NW polynomials per merge in
                                * the time domain, stride h+3 (direct products) */
    long *td_off;
    long *sh_off;
    fftw_complex *dinv_spec;   /* N+1: spectrum of 1/D mod z^N at length 2N, scaled */
    fftw_plan *fwd, *inv, *tfwd, *tinv, root_fwd, root_inv;
    double *rbuf, *sa, *sb, *rroot;
    fftw_complex *cbuf, *obuf, *croot;
    /* set-up products */
    double *ta, *tb;
    fftw_complex *tca, *tcb;
    fftw_plan *pf, *pi;
    double est, tol;
};

static int td_error(const char *msg, long v)
{
    fprintf(stderr, "krylov_tridiag: ");
    fprintf(stderr, msg, v);
    fprintf(stderr, "\n");
    return -1;
}

static long lenq(long h, int q)
{
    long l = q < 4 ? h - (q >> 1) - (q & 1) : h - (q & 1);
    return l > 0 ? l : 0;
}

/* ------------------------------------------------------------------ set-up products */

/* out[0 .. la+lb-1) = a * b (direct below 32 coefficients, else FFT, plans made once). */
static void pmul(krylov_tridiag_t *K, double *out, const double *a, long la, const double *b,
                 long lb)
{
    if (la <= 0 || lb <= 0)
        return;
    long lo = la + lb - 1;
    if (la <= 32 || lb <= 32) {
        memset(out, 0, sizeof(double) * (size_t)lo);
        for (long i = 0; i < la; i++)
            for (long j = 0; j < lb; j++)
                out[i + j] += a[i] * b[j];
        return;
    }
    long lg = 0;
    while ((1L << lg) < lo)
        lg++;
    long m = 1L << lg;
    if (!K->pf[lg]) {
        K->pf[lg] = fftw_plan_dft_r2c_1d((int)m, K->ta, K->tca, FFTW_ESTIMATE);
        K->pi[lg] = fftw_plan_dft_c2r_1d((int)m, K->tca, K->ta, FFTW_ESTIMATE);
    }
    memset(K->ta, 0, sizeof(double) * (size_t)m);
    memset(K->tb, 0, sizeof(double) * (size_t)m);
    memcpy(K->ta, a, sizeof(double) * (size_t)la);
    memcpy(K->tb, b, sizeof(double) * (size_t)lb);
    fftw_execute_dft_r2c(K->pf[lg], K->ta, K->tca);
    fftw_execute_dft_r2c(K->pf[lg], K->tb, K->tcb);
    for (long j = 0; j <= m / 2; j++) {
        double re = K->tca[j][0] * K->tcb[j][0] - K->tca[j][1] * K->tcb[j][1];
        double im = K->tca[j][0] * K->tcb[j][1] + K->tca[j][1] * K->tcb[j][0];
        K->tca[j][0] = re / (double)m;
        K->tca[j][1] = im / (double)m;
    }
    fftw_execute_dft_c2r(K->pi[lg], K->tca, K->ta);
    memcpy(out, K->ta, sizeof(double) * (size_t)lo);
}

/* out[0 .. len) += a * b, truncated */
static void pmul_add(krylov_tridiag_t *K, double *out, long len, const double *a, long la,
                     const double *b, long lb, double *tmp)
{
    if (la <= 0 || lb <= 0)
        return;
    pmul(K, tmp, a, la, b, lb);
    long lo = la + lb - 1 < len ? la + lb - 1 : len;
    for (long k = 0; k < lo; k++)
        out[k] += tmp[k];
}

/* Node data of one level during set-up: block size h, per node P[2][2] (h+1 slots each),
 * Gu[2], Gs[2] (h slots each), mu, ms. */
typedef struct {
    long h, nb;
    double *P, *G, *mu, *ms;
} level_t;

static double *lP(level_t *l, long v, int a, int b) { return l->P + (v * 4 + 2 * a + b) * (l->h + 1); }
static double *lGu(level_t *l, long v, int b) { return l->G + (v * 4 + b) * l->h; }
static double *lGs(level_t *l, long v, int a) { return l->G + (v * 4 + 2 + a) * l->h; }

static int level_alloc(level_t *l, long h, long nb)
{
    l->h = h;
    l->nb = nb;
    l->P = calloc((size_t)(nb * 4 * (h + 1)), sizeof(double));
    l->G = calloc((size_t)(nb * 4 * h), sizeof(double));
    l->mu = calloc((size_t)nb, sizeof(double));
    l->ms = calloc((size_t)nb, sizeof(double));
    return l->P && l->G && l->mu && l->ms ? 0 : -1;
}

static void level_free(level_t *l)
{
    free(l->P);
    free(l->G);
    free(l->mu);
    free(l->ms);
}

/* spectrum (scaled by 1/m) of v (len entries, folded modulo m) at length m into out. */
static void spectrum_into(krylov_tridiag_t *K, long lv, fftw_complex *out, const double *v,
                          long len)
{
    long m = 2L << lv;
    memset(K->rbuf, 0, sizeof(double) * (size_t)m);
    for (long k = 0; k < len; k++)
        K->rbuf[k % m] += v[k];
    fftw_execute_dft_r2c(K->pf[lv + 1], K->rbuf, K->tca);
    for (long j = 0; j <= m / 2; j++) {
        out[j][0] = K->tca[j][0] / (double)m;
        out[j][1] = K->tca[j][1] / (double)m;
    }
}

/* One merge level of the set-up: children (size h) -> parents (size 2h), spectra stored. */
static int setup_level(krylov_tridiag_t *K, long lv, level_t *c, level_t *p)
{
    long h = c->h, m = 2 * h, np = c->nb / 2;
    if (level_alloc(p, m, np))
        return -1;
    double *M = malloc(sizeof(double) * (size_t)(8 * (h + 3) + 4 * (h + 1)));
    double *tmp = malloc(sizeof(double) * (size_t)(4 * m + 8));
    if (!M || !tmp) {
        free(M);
        free(tmp);
        return -1;
    }
    long ML = 0, MR = 4 * (h + 3), GW = 8 * (h + 3); /* offsets in M */
    if (!K->pf[lv + 1]) {
        K->pf[lv + 1] = fftw_plan_dft_r2c_1d((int)m, K->ta, K->tca, FFTW_ESTIMATE);
        K->pi[lv + 1] = fftw_plan_dft_c2r_1d((int)m, K->tca, K->ta, FFTW_ESTIMATE);
    }
    for (long q = 0; q < np; q++) {
        long L = 2 * q, R = 2 * q + 1, mid = R * h; /* global index of R's first entry */
        double uu = K->u[mid - 1], ss = K->s[mid - 1], cpl = -uu * ss;
        memset(M, 0, sizeof(double) * (size_t)(8 * (h + 3) + 4 * (h + 1)));
        for (int a = 0; a < 2; a++) {
            double *ml0 = M + ML + (2 * a) * (h + 3), *ml1 = M + ML + (2 * a + 1) * (h + 3);
            double *mr0 = M + MR + a * (h + 3), *mr1 = M + MR + (2 + a) * (h + 3);
            memcpy(ml0, lP(c, L, a, 0), sizeof(double) * (size_t)(h + 1));
            memcpy(mr0, lP(c, R, 0, a), sizeof(double) * (size_t)(h + 1));
            for (long k = 0; k <= h; k++) {
                ml1[k + 2] = cpl * lP(c, L, a, 1)[k];
                mr1[k + 2] = cpl * lP(c, R, 1, a)[k];
            }
            double *gu = M + GW + a * (h + 1), *gs = M + GW + (2 + a) * (h + 1);
            for (long k = 0; k < h; k++) {
                gu[k + 1] = uu * lGu(c, R, a)[k];
                gs[k + 1] = ss * lGs(c, L, a)[k];
            }
        }
        if (h < TD_DIRECT_BELOW) {
            double *T = K->tdom + K->td_off[lv] + q * NW * (h + 3);
            for (int a = 0; a < 2; a++)
                for (int k = 0; k < 2; k++) {
                    memcpy(T + WML(a, k) * (h + 3), M + ML + (2 * a + k) * (h + 3),
                           sizeof(double) * (size_t)(h + 3));
                    memcpy(T + WMR(k, a) * (h + 3), M + MR + (2 * k + a) * (h + 3),
                           sizeof(double) * (size_t)(h + 3));
                }
            for (int a = 0; a < 2; a++) {
                memset(T + WGU(a) * (h + 3), 0, sizeof(double) * (size_t)(h + 3));
                memset(T + WGS(a) * (h + 3), 0, sizeof(double) * (size_t)(h + 3));
                memcpy(T + WGU(a) * (h + 3), M + GW + a * (h + 1), sizeof(double) * (size_t)(h + 1));
                memcpy(T + WGS(a) * (h + 3), M + GW + (2 + a) * (h + 1), sizeof(double) * (size_t)(h + 1));
            }
        }
        fftw_complex *W = K->spec + K->spec_off[lv] + q * NW * (h + 1);
        for (int a = 0; a < 2; a++)
            for (int k = 0; k < 2; k++) {
                spectrum_into(K, lv, W + WML(a, k) * (h + 1), M + ML + (2 * a + k) * (h + 3), h + 3);
                spectrum_into(K, lv, W + WMR(k, a) * (h + 1), M + MR + (2 * k + a) * (h + 3), h + 3);
            }
        for (int a = 0; a < 2; a++) {
            spectrum_into(K, lv, W + WGU(a) * (h + 1), M + GW + a * (h + 1), h + 1);
            spectrum_into(K, lv, W + WGS(a) * (h + 1), M + GW + (2 + a) * (h + 1), h + 1);
        }
        /* parent P, Gu, Gs (time domain), truncated to their degree bounds */
        double cUg = c->mu[L] * uu, cSg = ss * c->ms[R];
        K->cUx[K->sh_off[lv] + q] = uu * c->mu[R];
        K->cSx[K->sh_off[lv] + q] = c->ms[L] * ss;
        p->mu[q] = c->mu[L] * uu * c->mu[R];
        p->ms[q] = c->ms[L] * ss * c->ms[R];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                double *o = lP(p, q, a, b);
                long lo = m + 1 - a - b;
                for (int k = 0; k < 2; k++)
                    pmul_add(K, o, lo, M + ML + (2 * a + k) * (h + 3), h + 3, lP(c, R, k, b),
                             h + 1, tmp);
            }
        for (int b = 0; b < 2; b++) {
            double *gu = lGu(p, q, b), *gs = lGs(p, q, b);
            for (int k = 0; k < 2; k++) {
                pmul_add(K, gu, m - b, M + MR + (2 * k + b) * (h + 3), h + 3, lGu(c, L, k), h, tmp);
                pmul_add(K, gs, m - b, M + ML + (2 * b + k) * (h + 3), h + 3, lGs(c, R, k), h, tmp);
            }
            for (long k = 0; k < h && h + k < m - b; k++) {
                gu[h + k] += cUg * lGu(c, R, b)[k];
                gs[h + k] += cSg * lGs(c, L, b)[k];
            }
        }
    }
    free(M);
    free(tmp);
    return 0;
}

/* 1/D mod z^N by Newton iteration f <- f (2 - D f). */
static int series_inverse(krylov_tridiag_t *K, double *f, const double *D)
{
    long N = K->N;
    double *e = calloc((size_t)(4 * N + 4), sizeof(double));
    double *t = calloc((size_t)(4 * N + 4), sizeof(double));
    if (!e || !t) {
        free(e);
        free(t);
        return -1;
    }
    memset(f, 0, sizeof(double) * (size_t)N);
    f[0] = 1.0 / D[0];
    for (long k = 1; k < N;) {
        long k2 = 2 * k < N ? 2 * k : N;
        pmul(K, t, D, k2, f, k);
        for (long i = 0; i < k2; i++)
            e[i] = -t[i];
        e[0] += 2.0;
        pmul(K, t, f, k, e, k2);
        memcpy(f, t, sizeof(double) * (size_t)k2);
        k = k2;
    }
    free(e);
    free(t);
    return 0;
}

/* ------------------------------------------------------------------ the two passes */

/* Pointwise spectrum kernels (interleaved complex, len bins): out (=|+=) a1 b1 + a2 b2, and
 * the same with b conjugated (correlations).  Compiled for AVX2 where available. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define TD_CLONES __attribute__((target_clones("avx2", "default"), optimize("O3")))
#else
#define TD_CLONES
#endif

TD_CLONES
static void cmul2(double *restrict out, int acc, const double *restrict a1,
                  const double *restrict b1, const double *restrict a2,
                  const double *restrict b2, long len)
{
    for (long j = 0; j < 2 * len; j += 2) {
        double re = a1[j] * b1[j] - a1[j + 1] * b1[j + 1] + a2[j] * b2[j] - a2[j + 1] * b2[j + 1];
        double im = a1[j] * b1[j + 1] + a1[j + 1] * b1[j] + a2[j] * b2[j + 1] + a2[j + 1] * b2[j];
        out[j] = acc ? out[j] + re : re;
        out[j + 1] = acc ? out[j + 1] + im : im;
    }
}

TD_CLONES
static void cconj2(double *restrict out, const double *restrict a1, const double *restrict b1,
                   const double *restrict a2, const double *restrict b2, long len)
{
    for (long j = 0; j < 2 * len; j += 2) {
        out[j] = a1[j] * b1[j] + a1[j + 1] * b1[j + 1] + a2[j] * b2[j] + a2[j + 1] * b2[j + 1];
        out[j + 1] = a1[j + 1] * b1[j] - a1[j] * b1[j + 1] + a2[j + 1] * b2[j] - a2[j] * b2[j + 1];
    }
}

/* out[0 .. lo) += (x * p) truncated; x: lx entries, p: lp entries */
TD_CLONES
static void conv_trunc(double *out, long lo, const double *x, long lx, const double *p, long lp)
{
    for (long i = 0; i < lx; i++)
        for (long l = 0; l < lp && i + l < lo; l++)
            out[i + l] += x[i] * p[l];
}

/* out[k] += sum_l o[k+l] p[l] for k < lout, k + l < lo (the transpose of conv_trunc) */
TD_CLONES
static void corr_trunc(double *out, long lout, const double *o, long lo, const double *p, long lp)
{
    for (long k = 0; k < lout; k++) {
        double acc = 0.0;
        for (long l = 0; l < lp && k + l < lo; l++)
            acc += o[k + l] * p[l];
        out[k] += acc;
    }
}

/* Direct merge level (child size h): parents' x-dependent polynomials into nxt. */
static void level_up_direct(const krylov_tridiag_t *K, long lv, const double *cur, double *nxt)
{
    long h = 1L << lv, m = 2 * h, np = K->N / m, lw = h + 3;
    memset(nxt, 0, sizeof(double) * (size_t)(NQ * K->N));
    for (long q = 0; q < np; q++) {
        const double *CL = cur + (2 * q) * NQ * h, *CR = CL + NQ * h;
        const double *T = K->tdom + K->td_off[lv] + q * NW * lw;
        double *P = nxt + q * NQ * m;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                double *o = P + QE(a, b) * m;
                long lo = lenq(m, QE(a, b));
                for (int k = 0; k < 2; k++) {
                    conv_trunc(o, lo, CL + QE(a, k) * h, lenq(h, QE(a, k)), T + WMR(k, b) * lw, lw);
                    conv_trunc(o, lo, CR + QE(k, b) * h, lenq(h, QE(k, b)), T + WML(a, k) * lw, lw);
                }
                conv_trunc(o, lo, CL + QXU(a) * h, lenq(h, QXU(a)), T + WGU(b) * lw, lw);
                conv_trunc(o, lo, CR + QXS(b) * h, lenq(h, QXS(b)), T + WGS(a) * lw, lw);
            }
        for (int a = 0; a < 2; a++)
            for (int k = 0; k < 2; k++) {
                conv_trunc(P + QXU(a) * m, lenq(m, QXU(a)), CR + QXU(k) * h, lenq(h, QXU(k)),
                           T + WML(a, k) * lw, lw);
                conv_trunc(P + QXS(a) * m, lenq(m, QXS(a)), CL + QXS(k) * h, lenq(h, QXS(k)),
                           T + WMR(k, a) * lw, lw);
            }
    }
}

/* Its transpose: parents' adjoints (cur) into the children's (nxt), before the shift terms. */
static void level_down_direct(const krylov_tridiag_t *K, long lv, const double *cur, double *nxt)
{
    long h = 1L << lv, m = 2 * h, np = K->N / m, lw = h + 3;
    memset(nxt, 0, sizeof(double) * (size_t)(NQ * K->N));
    for (long q = 0; q < np; q++) {
        const double *P = cur + q * NQ * m;
        const double *T = K->tdom + K->td_off[lv] + q * NW * lw;
        double *CL = nxt + (2 * q) * NQ * h, *CR = CL + NQ * h;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                const double *o = P + QE(a, b) * m;
                long lo = lenq(m, QE(a, b));
                for (int k = 0; k < 2; k++) {
                    corr_trunc(CL + QE(a, k) * h, lenq(h, QE(a, k)), o, lo, T + WMR(k, b) * lw, lw);
                    corr_trunc(CR + QE(k, b) * h, lenq(h, QE(k, b)), o, lo, T + WML(a, k) * lw, lw);
                }
                corr_trunc(CL + QXU(a) * h, lenq(h, QXU(a)), o, lo, T + WGU(b) * lw, lw);
                corr_trunc(CR + QXS(b) * h, lenq(h, QXS(b)), o, lo, T + WGS(a) * lw, lw);
            }
        for (int a = 0; a < 2; a++)
            for (int k = 0; k < 2; k++) {
                corr_trunc(CR + QXU(k) * h, lenq(h, QXU(k)), P + QXU(a) * m, lenq(m, QXU(a)),
                           T + WML(a, k) * lw, lw);
                corr_trunc(CL + QXS(k) * h, lenq(h, QXS(k)), P + QXS(a) * m, lenq(m, QXS(a)),
                           T + WMR(k, a) * lw, lw);
            }
    }
}

/* y (n entries) = K^T x, one vector, no checks. */
static void pass_transpose(const krylov_tridiag_t *K, double *y, const double *x)
{
    long N = K->N;
    double *cur = K->sa, *nxt = K->sb;
    memset(cur, 0, sizeof(double) * (size_t)(NQ * N));
    for (long t = 0; t < K->n; t++) {
        cur[t * NQ + QE(0, 0)] = x[t] * K->g[t];
        cur[t * NQ + QXU(0)] = x[t];
        cur[t * NQ + QXS(0)] = x[t];
    }
    for (long lv = 0; lv < K->levels; lv++) {
        long h = 1L << lv, m = 2 * h, nb = N / h, np = nb / 2, hp = h + 1;
        if (h < TD_DIRECT_BELOW) {
            level_up_direct(K, lv, cur, nxt);
            goto shifts;
        }
        for (long v = 0; v < nb * NQ; v++) {
            memcpy(K->rbuf + v * m, cur + v * h, sizeof(double) * (size_t)h);
            memset(K->rbuf + v * m + h, 0, sizeof(double) * (size_t)h);
        }
        fftw_execute(K->fwd[lv]);
        const fftw_complex *Wl = K->spec + K->spec_off[lv];
        for (long q = 0; q < np; q++) {
            const fftw_complex *IL = K->cbuf + (2 * q) * NQ * hp, *IR = IL + NQ * hp;
            const fftw_complex *W = Wl + q * NW * hp;
            fftw_complex *O = K->obuf + q * NQ * hp;
#define S(P, i) ((const double *)((P) + (i) * hp))
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++) {
                    double *o = (double *)(O + QE(a, b) * hp);
                    cmul2(o, 0, S(IL, QE(a, 0)), S(W, WMR(0, b)), S(IL, QE(a, 1)), S(W, WMR(1, b)), hp);
                    cmul2(o, 1, S(W, WML(a, 0)), S(IR, QE(0, b)), S(W, WML(a, 1)), S(IR, QE(1, b)), hp);
                    cmul2(o, 1, S(IL, QXU(a)), S(W, WGU(b)), S(W, WGS(a)), S(IR, QXS(b)), hp);
                }
            for (int a = 0; a < 2; a++) {
                cmul2((double *)(O + QXU(a) * hp), 0, S(W, WML(a, 0)), S(IR, QXU(0)),
                      S(W, WML(a, 1)), S(IR, QXU(1)), hp);
                cmul2((double *)(O + QXS(a) * hp), 0, S(W, WMR(0, a)), S(IL, QXS(0)),
                      S(W, WMR(1, a)), S(IL, QXS(1)), hp);
            }
#undef S
        }
        fftw_execute_dft_c2r(K->inv[lv], K->obuf, nxt);
    shifts:
        for (long q = 0; q < np; q++) {
            double *P = nxt + q * NQ * m;
            const double *CL = cur + (2 * q) * NQ * h, *CR = CL + NQ * h;
            double cu = K->cUx[K->sh_off[lv] + q], cs = K->cSx[K->sh_off[lv] + q];
            for (int a = 0; a < 2; a++)
                for (long k = 0; k < h; k++) {
                    P[QXU(a) * m + h + k] += cu * CL[QXU(a) * h + k];
                    P[QXS(a) * m + h + k] += cs * CR[QXS(a) * h + k];
                }
            for (int v = 0; v < NQ; v++)
                for (long k = lenq(m, v); k < m; k++)
                    P[v * m + k] = 0.0;
        }
        double *t = cur;
        cur = nxt;
        nxt = t;
    }
    /* root: y = N_x (1/D) mod z^N */
    memset(K->rroot, 0, sizeof(double) * (size_t)(2 * N));
    memcpy(K->rroot, cur, sizeof(double) * (size_t)N);
    fftw_execute(K->root_fwd);
    for (long j = 0; j <= N; j++) {
        double re = K->croot[j][0] * K->dinv_spec[j][0] - K->croot[j][1] * K->dinv_spec[j][1];
        double im = K->croot[j][0] * K->dinv_spec[j][1] + K->croot[j][1] * K->dinv_spec[j][0];
        K->croot[j][0] = re;
        K->croot[j][1] = im;
    }
    fftw_execute(K->root_inv);
    memcpy(y, K->rroot, sizeof(double) * (size_t)K->n);
}

/* y (n entries) = K x, one vector, no checks: the transpose of pass_transpose. */
static void pass_forward(const krylov_tridiag_t *K, double *y, const double *x)
{
    long N = K->N;
    double *cur = K->sa, *nxt = K->sb;
    memset(K->rroot, 0, sizeof(double) * (size_t)(2 * N));
    memcpy(K->rroot, x, sizeof(double) * (size_t)K->n);
    fftw_execute(K->root_fwd);
    for (long j = 0; j <= N; j++) { /* correlation: X conj(S) */
        double re = K->croot[j][0] * K->dinv_spec[j][0] + K->croot[j][1] * K->dinv_spec[j][1];
        double im = K->croot[j][1] * K->dinv_spec[j][0] - K->croot[j][0] * K->dinv_spec[j][1];
        K->croot[j][0] = re;
        K->croot[j][1] = im;
    }
    fftw_execute(K->root_inv);
    memset(cur, 0, sizeof(double) * (size_t)(NQ * N));
    memcpy(cur, K->rroot, sizeof(double) * (size_t)N); /* E00 adjoint of the root */
    for (long lv = K->levels - 1; lv >= 0; lv--) {
        long h = 1L << lv, m = 2 * h, nb = N / h, np = nb / 2, hp = h + 1;
        if (h < TD_DIRECT_BELOW) {
            level_down_direct(K, lv, cur, nxt);
            goto shifts_down;
        }
        fftw_execute_dft_r2c(K->tfwd[lv], cur, K->obuf);
        const fftw_complex *Wl = K->spec + K->spec_off[lv];
        for (long q = 0; q < np; q++) {
            fftw_complex *CL = K->cbuf + (2 * q) * NQ * hp, *CR = CL + NQ * hp;
            const fftw_complex *W = Wl + q * NW * hp;
            const fftw_complex *O = K->obuf + q * NQ * hp;
#define S(P, i) ((const double *)((P) + (i) * hp))
#define D(P, i) ((double *)((P) + (i) * hp))
            for (int a = 0; a < 2; a++)
                for (int k = 0; k < 2; k++) {
                    /* E_L[a][k] = sum_b E_P[a][b] conj(MR[k][b]); E_R[a][k] likewise with ML */
                    cconj2(D(CL, QE(a, k)), S(O, QE(a, 0)), S(W, WMR(k, 0)), S(O, QE(a, 1)),
                           S(W, WMR(k, 1)), hp);
                    cconj2(D(CR, QE(a, k)), S(O, QE(0, k)), S(W, WML(0, a)), S(O, QE(1, k)),
                           S(W, WML(1, a)), hp);
                }
            for (int a = 0; a < 2; a++) {
                cconj2(D(CL, QXU(a)), S(O, QE(a, 0)), S(W, WGU(0)), S(O, QE(a, 1)), S(W, WGU(1)), hp);
                cconj2(D(CR, QXS(a)), S(O, QE(0, a)), S(W, WGS(0)), S(O, QE(1, a)), S(W, WGS(1)), hp);
                cconj2(D(CR, QXU(a)), S(O, QXU(0)), S(W, WML(0, a)), S(O, QXU(1)), S(W, WML(1, a)), hp);
                cconj2(D(CL, QXS(a)), S(O, QXS(0)), S(W, WMR(a, 0)), S(O, QXS(1)), S(W, WMR(a, 1)), hp);
            }
#undef S
#undef D
        }
        fftw_execute(K->tinv[lv]);
        for (long c = 0; c < nb; c++)
            for (int v = 0; v < NQ; v++) {
                double *o = nxt + (c * NQ + v) * h;
                const double *r = K->rbuf + (c * NQ + v) * m;
                long l = lenq(h, v);
                for (long k = 0; k < h; k++)
                    o[k] = k < l ? r[k] : 0.0;
            }
    shifts_down:
        for (long q = 0; q < np; q++) {
            const double *P = cur + q * NQ * m;
            double cu = K->cUx[K->sh_off[lv] + q], cs = K->cSx[K->sh_off[lv] + q];
            double *CLt = nxt + (2 * q) * NQ * h, *CRt = CLt + NQ * h;
            for (int a = 0; a < 2; a++) {
                long la = lenq(h, QXU(a));
                for (long k = 0; k < la; k++) {
                    CLt[QXU(a) * h + k] += cu * P[QXU(a) * m + h + k];
                    CRt[QXS(a) * h + k] += cs * P[QXS(a) * m + h + k];
                }
            }
        }
        double *t = cur;
        cur = nxt;
        nxt = t;
    }
    for (long t = 0; t < K->n; t++)
        y[t] = K->g[t] * cur[t * NQ + QE(0, 0)] + cur[t * NQ + QXU(0)] + cur[t * NQ + QXS(0)];
}

/* ------------------------------------------------------------------ create / probe */

static unsigned long long probe_next(unsigned long long *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return *st;
}

static double norm_inf(const double *v, long n)
{
    double m = 0.0;
    for (long t = 0; t < n; t++)
        m = fmax(m, fabs(v[t]));
    return m;
}

void krylov_tridiag_explicit_step(double *w, const double *v, long n, const double *d,
                                  const double *s, const double *u)
{
    for (long t = 0; t < n; t++)
        w[t] = d[t] * v[t] + (t > 0 ? s[t - 1] * v[t - 1] : 0.0) +
               (t + 1 < n ? u[t] * v[t + 1] : 0.0);
}

/* y = A x (transpose = 0) or A^T x, tridiagonal, n entries. */
static void tri_apply(const krylov_tridiag_t *K, double *y, const double *x, int transpose)
{
    long n = K->n;
    const double *lower = transpose ? K->u : K->s, *upper = transpose ? K->s : K->u;
    for (long t = 0; t < n; t++) {
        double v = K->d[t] * x[t];
        if (t > 0)
            v += lower[t - 1] * x[t - 1];
        if (t + 1 < n)
            v += upper[t] * x[t + 1];
        y[t] = v;
    }
}

/* The a-posteriori estimate of krylov_tridiag.h. */
static double probe_estimate(const krylov_tridiag_t *K)
{
    long n = K->n;
    if (n < 2)
        return 0.0;
    double *x = calloc((size_t)(6 * n), sizeof(double));
    if (!x)
        return INFINITY;
    double *v = x + n, *y1 = v + n, *y2 = y1 + n, *y3 = y2 + n, *y4 = y3 + n;
    unsigned long long st = 0x2545F4914F6CDD1DULL;
    for (long t = 0; t + 1 < n; t++)
        x[t] = 2.0 * (double)(probe_next(&st) >> 11) / 9007199254740992.0 - 1.0;
    x[n - 1] = 0.0;
    double est = 0.0, anorm = 0.0;
    /* K^T A^T x = shift of K^T x */
    tri_apply(K, v, x, 1);
    pass_transpose(K, y1, x);
    pass_transpose(K, y2, v);
    double sc = fmax(norm_inf(y1, n), norm_inf(y2, n)), r = 0.0;
    for (long i = 0; i + 1 < n; i++)
        r = fmax(r, fabs(y2[i] - y1[i + 1]));
    if (sc > 0)
        est = r / sc;
    /* A (K x) = K (Z x) when x_{n-1} = 0 */
    pass_forward(K, y3, x);
    v[0] = 0.0;
    for (long t = 1; t < n; t++)
        v[t] = x[t - 1];
    pass_forward(K, y4, v);
    tri_apply(K, y1, y3, 0);
    for (long t = 0; t < n; t++)
        anorm = fmax(anorm, fabs(K->d[t]) + (t > 0 ? fabs(K->s[t - 1]) : 0) +
                                (t + 1 < n ? fabs(K->u[t]) : 0));
    sc = anorm * norm_inf(y3, n) + norm_inf(y4, n);
    r = 0.0;
    for (long t = 0; t < n; t++)
        r = fmax(r, fabs(y1[t] - y4[t]));
    if (sc > 0)
        est = fmax(est, r / sc);
    for (long t = 0; t < 6 * n; t++)
        if (!isfinite(x[t]))
            est = INFINITY;
    free(x);
    return isnan(est) ? INFINITY : est;
}

static int all_finite(const double *v, long len)
{
    for (long i = 0; i < len; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

krylov_tridiag_t *krylov_tridiag_create(long n, const double *d, const double *s,
                                        const double *u, const double *g, unsigned measure)
{
    if (n < 1) {
        td_error("n = %ld: the size must be at least 1", n);
        return NULL;
    }
    if (n > (1L << 26)) {
        td_error("n = %ld: larger than 2^26 (memory)", n);
        return NULL;
    }
    if (!all_finite(d, n) || !all_finite(s, n - 1) || !all_finite(u, n - 1)) {
        td_error("operator entries must be finite (NaN or Inf in d, s or u, n = %ld)", n);
        return NULL;
    }
    if (!all_finite(g, n)) {
        td_error("the Krylov vector g contains NaN or Inf (n = %ld)", n);
        return NULL;
    }
    unsigned flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    krylov_tridiag_t *K = calloc(1, sizeof *K);
    long N = 1, L = 0;
    while (N < n) {
        N *= 2;
        L++;
    }
    K->n = n;
    K->N = N;
    K->levels = L;
    K->tol = KRYLOV_TRIDIAG_TOL;
    K->d = calloc((size_t)N, sizeof(double));
    K->s = calloc((size_t)N, sizeof(double));
    K->u = calloc((size_t)N, sizeof(double));
    K->g = calloc((size_t)N, sizeof(double));
    K->spec_off = calloc((size_t)L + 1, sizeof(long));
    K->sh_off = calloc((size_t)L + 1, sizeof(long));
    long nspec = 0, nsh = 0, ntd = 0;
    K->td_off = calloc((size_t)L + 1, sizeof(long));
    if (!K->td_off) {
        krylov_tridiag_destroy(K);
        td_error("out of memory for n = %ld", n);
        return NULL;
    }
    for (long lv = 0; lv < L; lv++) {
        long h = 1L << lv, np = N / (2 * h);
        K->spec_off[lv] = nspec;
        K->sh_off[lv] = nsh;
        nspec += np * NW * (h + 1);
        K->td_off[lv] = ntd;
        if (h < TD_DIRECT_BELOW)
            ntd += np * NW * (h + 3);
        nsh += np;
    }
    K->spec = fftw_alloc_complex((size_t)nspec + 1);
    K->tdom = calloc((size_t)ntd + 1, sizeof(double));
    K->cUx = calloc((size_t)nsh + 1, sizeof(double));
    K->cSx = calloc((size_t)nsh + 1, sizeof(double));
    K->dinv_spec = fftw_alloc_complex((size_t)N + 1);
    K->rbuf = fftw_alloc_real((size_t)(16 * N + 4));
    K->cbuf = fftw_alloc_complex((size_t)(16 * N + 4));
    K->obuf = fftw_alloc_complex((size_t)(8 * N + 4));
    K->sa = fftw_alloc_real((size_t)(8 * N + 4));
    K->sb = fftw_alloc_real((size_t)(8 * N + 4));
    K->rroot = fftw_alloc_real((size_t)(2 * N));
    K->croot = fftw_alloc_complex((size_t)N + 1);
    K->ta = fftw_alloc_real((size_t)(4 * N + 4));
    K->tb = fftw_alloc_real((size_t)(4 * N + 4));
    K->tca = fftw_alloc_complex((size_t)(2 * N + 4));
    K->tcb = fftw_alloc_complex((size_t)(2 * N + 4));
    K->pf = calloc((size_t)L + 4, sizeof(fftw_plan));
    K->pi = calloc((size_t)L + 4, sizeof(fftw_plan));
    K->fwd = calloc((size_t)L + 1, sizeof(fftw_plan));
    K->inv = calloc((size_t)L + 1, sizeof(fftw_plan));
    K->tfwd = calloc((size_t)L + 1, sizeof(fftw_plan));
    K->tinv = calloc((size_t)L + 1, sizeof(fftw_plan));
    if (!K->d || !K->s || !K->u || !K->g || !K->spec_off || !K->sh_off || !K->spec || !K->cUx || !K->tdom ||
        !K->cSx || !K->dinv_spec || !K->rbuf || !K->cbuf || !K->obuf || !K->sa || !K->sb ||
        !K->rroot || !K->croot || !K->ta || !K->tb || !K->tca || !K->tcb || !K->pf || !K->pi ||
        !K->fwd || !K->inv || !K->tfwd || !K->tinv) {
        krylov_tridiag_destroy(K);
        td_error("out of memory for n = %ld", n);
        return NULL;
    }
    memcpy(K->d, d, sizeof(double) * (size_t)n);
    memcpy(K->g, g, sizeof(double) * (size_t)n);
    if (n > 1) {
        memcpy(K->s, s, sizeof(double) * (size_t)(n - 1));
        memcpy(K->u, u, sizeof(double) * (size_t)(n - 1));
    }
    for (long lv = 0; lv < L; lv++) {
        int m = (int)(2L << lv), hp = m / 2 + 1;
        int nb = (int)(N >> lv), np = nb / 2;
        K->fwd[lv] = fftw_plan_many_dft_r2c(1, &m, nb * NQ, K->rbuf, NULL, 1, m, K->cbuf, NULL,
                                            1, hp, flags);
        K->inv[lv] = fftw_plan_many_dft_c2r(1, &m, np * NQ, K->obuf, NULL, 1, hp, K->sa, NULL,
                                            1, m, flags);
        K->tfwd[lv] = fftw_plan_many_dft_r2c(1, &m, np * NQ, K->sa, NULL, 1, m, K->obuf, NULL,
                                             1, hp, flags);
        K->tinv[lv] = fftw_plan_many_dft_c2r(1, &m, nb * NQ, K->cbuf, NULL, 1, hp, K->rbuf,
                                             NULL, 1, m, flags);
    }
    {
        int m = (int)(2 * N);
        K->root_fwd = fftw_plan_dft_r2c_1d(m, K->rroot, K->croot, flags);
        K->root_inv = fftw_plan_dft_c2r_1d(m, K->croot, K->rroot, flags);
    }
    /* set-up: leaves, then one level at a time */
    level_t c, p;
    if (level_alloc(&c, 1, N)) {
        level_free(&c);
        krylov_tridiag_destroy(K);
        td_error("out of memory for n = %ld", n);
        return NULL;
    }
    for (long t = 0; t < N; t++) {
        lP(&c, t, 0, 0)[0] = 1.0;
        lP(&c, t, 0, 0)[1] = -K->d[t];
        lP(&c, t, 0, 1)[0] = 1.0;
        lP(&c, t, 1, 0)[0] = 1.0;
        lGu(&c, t, 0)[0] = K->g[t];
        lGs(&c, t, 0)[0] = K->g[t];
        c.mu[t] = c.ms[t] = 1.0;
    }
    for (long lv = 0; lv < L; lv++) {
        if (setup_level(K, lv, &c, &p)) {
            level_free(&c);
            krylov_tridiag_destroy(K);
            td_error("out of memory for n = %ld", n);
            return NULL;
        }
        level_free(&c);
        c = p;
    }
    double *dinv = calloc((size_t)N, sizeof(double));
    if (!dinv || series_inverse(K, dinv, lP(&c, 0, 0, 0))) {
        free(dinv);
        level_free(&c);
        krylov_tridiag_destroy(K);
        td_error("out of memory for n = %ld", n);
        return NULL;
    }
    level_free(&c);
    memset(K->rroot, 0, sizeof(double) * (size_t)(2 * N));
    memcpy(K->rroot, dinv, sizeof(double) * (size_t)N);
    fftw_execute(K->root_fwd);
    for (long j = 0; j <= N; j++) {
        K->dinv_spec[j][0] = K->croot[j][0] / (double)(2 * N);
        K->dinv_spec[j][1] = K->croot[j][1] / (double)(2 * N);
    }
    int finite = all_finite(dinv, N);
    free(dinv);
    K->est = finite ? probe_estimate(K) : INFINITY;
    return K;
}

void krylov_tridiag_destroy(krylov_tridiag_t *K)
{
    if (!K)
        return;
    for (long lv = 0; lv < K->levels; lv++) {
        if (K->fwd && K->fwd[lv])
            fftw_destroy_plan(K->fwd[lv]);
        if (K->inv && K->inv[lv])
            fftw_destroy_plan(K->inv[lv]);
        if (K->tfwd && K->tfwd[lv])
            fftw_destroy_plan(K->tfwd[lv]);
        if (K->tinv && K->tinv[lv])
            fftw_destroy_plan(K->tinv[lv]);
    }
    for (long k = 0; K->pf && k < K->levels + 4; k++) {
        if (K->pf[k])
            fftw_destroy_plan(K->pf[k]);
        if (K->pi[k])
            fftw_destroy_plan(K->pi[k]);
    }
    if (K->root_fwd)
        fftw_destroy_plan(K->root_fwd);
    if (K->root_inv)
        fftw_destroy_plan(K->root_inv);
    free(K->fwd);
    free(K->inv);
    free(K->tfwd);
    free(K->tinv);
    free(K->pf);
    free(K->pi);
    free(K->d);
    free(K->s);
    free(K->u);
    free(K->g);
    free(K->spec_off);
    free(K->td_off);
    free(K->tdom);
    free(K->sh_off);
    free(K->cUx);
    free(K->cSx);
    fftw_free(K->spec);
    fftw_free(K->dinv_spec);
    fftw_free(K->rbuf);
    fftw_free(K->cbuf);
    fftw_free(K->obuf);
    fftw_free(K->sa);
    fftw_free(K->sb);
    fftw_free(K->rroot);
    fftw_free(K->croot);
    fftw_free(K->ta);
    fftw_free(K->tb);
    fftw_free(K->tca);
    fftw_free(K->tcb);
    free(K);
}

double krylov_tridiag_error_estimate(const krylov_tridiag_t *K) { return K->est; }

void krylov_tridiag_set_tolerance(krylov_tridiag_t *K, double tol) { K->tol = tol; }

typedef void (*pass_fn)(const krylov_tridiag_t *, double *, const double *);

static int run(const krylov_tridiag_t *K, pass_fn f, double *y, const double *x, long count)
{
    long n = K->n;
    if (count <= 0)
        return td_error("count = %ld: at least one vector is needed", count);
    if (K->tol >= 0 && !(K->est <= K->tol)) {
        fprintf(stderr, "krylov_tridiag: float64 fails for this operator (a-posteriori error "
                        "estimate %.2e > tolerance %.2e at n = %ld: cancellation in det(I - zA)); "
                        "use the explicit product\n", K->est, K->tol, n);
        return -1;
    }
    if (!all_finite(x, n * count))
        return td_error("input vectors contain NaN or Inf (n = %ld)", n);
    for (long v = 0; v < count; v++)
        f(K, y + v * n, x + v * n);
    if (!all_finite(y, n * count))
        return td_error("result overflows double (n = %ld)", n);
    return 0;
}

int krylov_tridiag_mul(const krylov_tridiag_t *K, double *y, const double *x, long count)
{
    return run(K, pass_forward, y, x, count);
}

int krylov_tridiag_mul_transpose(const krylov_tridiag_t *K, double *y, const double *x,
                                 long count)
{
    return run(K, pass_transpose, y, x, count);
}

/* results/krylov_fast_multiply.md, LDR-TD section (seed 1): the fast K x beat dgemv on the
 * explicit K from n = 2048 (ratio 1.06 there, 2.4 at 4096, 9.3 at 16384; one-thread CPU time). */
long krylov_tridiag_threshold(void) { return 2048; }
