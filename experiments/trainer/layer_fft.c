/* layer_fft.c - Toeplitz-like and Hankel-like layers through FFTs (issue 13).
 *
 * Same class and parameters as layer_krylov.c (W = sum_i K(Z_1, g_i) K(B^T, h_i)^T, G | H),
 * but the product is computed in O(r n log n) per example instead of through n x n Krylov
 * matrices.  With N = 2n and x, g, h zero-padded to length N:
 *   K(Z_1, g) = circulant(g), so  K(Z_1, g) t = fold(g (*) t)      (circular convolution of
 *                                 length N, no wrap since both have length n; fold adds
 *                                 entries p and p + n);
 *   Toeplitz-like, B^T = Z_{-1}^T: column j of K(Z_{-1}^T, h) is h shifted up by j with the
 *                                 wrapped entries negated, so  t_j = (K^T x)_j =
 *                                 sum_p hh[p + j] x[p]  with hh = (h, -h) of length N: a
 *                                 cross-correlation, FFT(t) = FFT(hh) conj(FFT(x));
 *   Hankel-like, B^T = Z_0:       K(Z_0, h) is lower-triangular Toeplitz, t_j = sum_q h[q]
 *                                 x[q + j], FFT(t) = FFT(x) conj(FFT(h)).
 * Only t_0..t_{n-1} are kept (entries j >= n of the length-N correlation are discarded).
 * Per example: 1 + r transforms to get the t_i, r + 1 to get y (the sum over i is taken in
 * the frequency domain); backward is the adjoint of each step (correlations become
 * convolutions and back), with the generator gradients summed over the batch in the
 * frequency domain and transformed once per step.  FFTW real transforms, planned once per
 * size with FFTW_ESTIMATE (deterministic plans: same results in every process).
 * The dense weight (tests, init) is built from the Krylov definition, independently. */
#include <complex.h>
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"

typedef struct {
    int n, N, nc, ncs, ns; /* size, 2n, bins, complex stride, real stride */
    int hankel;
    fftw_plan fwd, inv;
    double *re;               /* ns real scratch */
    fftw_complex *cx;         /* ncs complex scratch */
    fftw_complex *Gf, *Hf;    /* r x ncs: spectra of the padded generators (hh for Toeplitz) */
    fftw_complex *dGf, *dHf;  /* r x ncs gradient accumulators */
    fftw_complex *Xf;         /* cap x ncs: spectra of the inputs */
    fftw_complex *Tf;         /* cap x r x ncs: spectra of the padded t_i */
    fftw_complex *acc;        /* ncs */
    int cap;
    layer_t *krylov;          /* the Krylov form of the same class: dense weight, init */
} fft_state_t;

static void fft_forward_real(fft_state_t *s, double *re, fftw_complex *out)
{
    fftw_execute_dft_r2c(s->fwd, re, out);
}

/* Inverse of a spectrum into s->re (the input spectrum is copied first: c2r destroys it). */
static void fft_inverse(fft_state_t *s, const fftw_complex *in)
{
    memcpy(s->cx, in, (size_t)s->nc * sizeof *s->cx);
    fftw_execute_dft_c2r(s->inv, s->cx, s->re);
}

/* Spectra of the generators for parameters PAR. */
static void fft_generators(layer_t *L, const double *par)
{
    fft_state_t *s = L->state;
    const int n = s->n, r = L->rank;
    for (int i = 0; i < r; i++) {
        const double *g = par + (size_t)i * n, *h = par + (size_t)(r + i) * n;
        memset(s->re, 0, (size_t)s->ns * sizeof *s->re);
        memcpy(s->re, g, (size_t)n * sizeof *s->re);
        fft_forward_real(s, s->re, s->Gf + (size_t)i * s->ncs);
        memset(s->re, 0, (size_t)s->ns * sizeof *s->re);
        memcpy(s->re, h, (size_t)n * sizeof *s->re);
        if (!s->hankel)
            for (int t = 0; t < n; t++) s->re[n + t] = -h[t];
        fft_forward_real(s, s->re, s->Hf + (size_t)i * s->ncs);
    }
}

static int fft_reserve(layer_t *L, int b)
{
    fft_state_t *s = L->state;
    if (b <= s->cap) return 0;
    fftw_free(s->Xf); fftw_free(s->Tf);
    s->Xf = fftw_malloc((size_t)b * s->ncs * sizeof *s->Xf);
    s->Tf = fftw_malloc((size_t)b * L->rank * s->ncs * sizeof *s->Tf);
    if (!s->Xf || !s->Tf) { fprintf(stderr, "layer: out of memory\n"); abort(); }
    s->cap = b;
    return 0;
}

static void fft_forward(layer_t *L, const double *par, const double *X, int b, double *Y)
{
    fft_state_t *s = L->state;
    const int n = s->n, r = L->rank, nc = s->nc;
    const double inv = 1.0 / s->N;
    fft_reserve(L, b);
    fft_generators(L, par);
    for (int e = 0; e < b; e++) {
        fftw_complex *Xe = s->Xf + (size_t)e * s->ncs;
        memset(s->re, 0, (size_t)s->ns * sizeof *s->re);
        memcpy(s->re, X + (size_t)e * n, (size_t)n * sizeof *s->re);
        fft_forward_real(s, s->re, Xe);
        memset(s->acc, 0, (size_t)nc * sizeof *s->acc);
        for (int i = 0; i < r; i++) {
            const fftw_complex *H = s->Hf + (size_t)i * s->ncs, *G = s->Gf + (size_t)i * s->ncs;
            fftw_complex *Te = s->Tf + ((size_t)e * r + i) * s->ncs;
            if (s->hankel) for (int k = 0; k < nc; k++) s->cx[k] = Xe[k] * conj(H[k]);
            else for (int k = 0; k < nc; k++) s->cx[k] = H[k] * conj(Xe[k]);
            fftw_execute_dft_c2r(s->inv, s->cx, s->re);           /* N * correlation */
            for (int t = 0; t < n; t++) s->re[t] *= inv;          /* t_i, entries 0..n-1 */
            memset(s->re + n, 0, (size_t)(s->ns - n) * sizeof *s->re);
            fft_forward_real(s, s->re, Te);
            for (int k = 0; k < nc; k++) s->acc[k] += G[k] * Te[k];
        }
        fftw_execute_dft_c2r(s->inv, s->acc, s->re);
        double *y = Y + (size_t)e * n;
        for (int p = 0; p < n; p++) y[p] = (s->re[p] + s->re[p + n]) * inv;
    }
}

static void fft_backward(layer_t *L, const double *par, const double *X, const double *dY,
                         int b, double *dX, double *dp)
{
    (void)par; (void)X; /* the spectra of the forward pass are kept in the state */
    fft_state_t *s = L->state;
    const int n = s->n, r = L->rank, nc = s->nc;
    const double inv = 1.0 / s->N;
    fftw_complex *DY = s->acc + s->ncs, *DX = DY + s->ncs, *DC = DX + s->ncs;
    memset(s->dGf, 0, (size_t)r * s->ncs * sizeof *s->dGf);
    memset(s->dHf, 0, (size_t)r * s->ncs * sizeof *s->dHf);
    for (int e = 0; e < b; e++) {
        const double *dy = dY + (size_t)e * n;
        const fftw_complex *Xe = s->Xf + (size_t)e * s->ncs;
        /* adjoint of the fold: dy_lin = (dy, dy) */
        memcpy(s->re, dy, (size_t)n * sizeof *s->re);
        memcpy(s->re + n, dy, (size_t)n * sizeof *s->re);
        fft_forward_real(s, s->re, DY);
        memset(DX, 0, (size_t)nc * sizeof *DX);
        for (int i = 0; i < r; i++) {
            const fftw_complex *G = s->Gf + (size_t)i * s->ncs, *H = s->Hf + (size_t)i * s->ncs;
            const fftw_complex *Te = s->Tf + ((size_t)e * r + i) * s->ncs;
            fftw_complex *dG = s->dGf + (size_t)i * s->ncs, *dH = s->dHf + (size_t)i * s->ncs;
            for (int k = 0; k < nc; k++) {
                dG[k] += DY[k] * conj(Te[k]);            /* dg = corr(dy_lin, t) */
                s->cx[k] = DY[k] * conj(G[k]);           /* dt = corr(dy_lin, g) */
            }
            fftw_execute_dft_c2r(s->inv, s->cx, s->re);
            for (int t = 0; t < n; t++) s->re[t] *= inv;
            memset(s->re + n, 0, (size_t)(s->ns - n) * sizeof *s->re); /* dc = (dt, 0) */
            fft_forward_real(s, s->re, DC);
            if (s->hankel) {
                for (int k = 0; k < nc; k++) {
                    DX[k] += DC[k] * H[k];                 /* dx = dc (*) h */
                    dH[k] += Xe[k] * conj(DC[k]);          /* dh = corr(x, dc) */
                }
            } else {
                for (int k = 0; k < nc; k++) {
                    DX[k] += H[k] * conj(DC[k]);           /* dx = corr(hh, dc) */
                    dH[k] += DC[k] * Xe[k];                /* dhh = dc (*) x */
                }
            }
        }
        if (dX) {
            fftw_execute_dft_c2r(s->inv, DX, s->re);
            double *dx = dX + (size_t)e * n;
            for (int p = 0; p < n; p++) dx[p] = s->re[p] * inv;
        }
    }
    for (int i = 0; i < r; i++) {
        double *dg = dp + (size_t)i * n, *dh = dp + (size_t)(r + i) * n;
        fft_inverse(s, s->dGf + (size_t)i * s->ncs);
        for (int t = 0; t < n; t++) dg[t] += s->re[t] * inv;
        fft_inverse(s, s->dHf + (size_t)i * s->ncs);
        if (s->hankel) for (int t = 0; t < n; t++) dh[t] += s->re[t] * inv;
        else for (int t = 0; t < n; t++) dh[t] += (s->re[t] - s->re[t + n]) * inv; /* hh = (h, -h) */
    }
}

static void fft_weight(layer_t *L, const double *par, double *W)
{
    fft_state_t *s = L->state;
    s->krylov->ops->weight(s->krylov, par, W);
}

static void fft_init(layer_t *L, double *par, const double *gauss)
{
    fft_state_t *s = L->state;
    s->krylov->ops->init(s->krylov, par, gauss);
}

static void fft_destroy(layer_t *L)
{
    fft_state_t *s = L->state;
    if (s) {
        if (s->fwd) fftw_destroy_plan(s->fwd);
        if (s->inv) fftw_destroy_plan(s->inv);
        fftw_free(s->re); fftw_free(s->cx); fftw_free(s->Gf); fftw_free(s->Hf);
        fftw_free(s->dGf); fftw_free(s->dHf); fftw_free(s->Xf); fftw_free(s->Tf); fftw_free(s->acc);
        if (s->krylov) s->krylov->ops->destroy(s->krylov); /* not layer_destroy: layer.c uses this file */
        free(s);
    }
    free(L);
}

static const layer_ops_t fft_ops = {
    fft_forward, fft_backward, fft_init, fft_weight, fft_destroy,
};

layer_t *layer_fft_create(layer_class_t c, int n, int r)
{
    if (c != LAYER_TOEPLITZ_LIKE && c != LAYER_HANKEL_LIKE) return NULL;
    layer_t *L = calloc(1, sizeof *L);
    fft_state_t *s = calloc(1, sizeof *s);
    if (!L || !s) { free(L); free(s); return NULL; }
    L->ops = &fft_ops;
    L->state = s;
    L->cls = c;
    L->in = L->out = n;
    L->rank = r;
    s->n = n;
    s->N = 2 * n;
    s->nc = n + 1;
    s->ncs = (s->nc + 1) & ~1;       /* 32-byte aligned rows of complex numbers */
    s->ns = (s->N + 3) & ~3;         /* 32-byte aligned rows of doubles */
    s->hankel = c == LAYER_HANKEL_LIKE;
    s->re = fftw_malloc((size_t)s->ns * sizeof *s->re);
    s->cx = fftw_malloc((size_t)s->ncs * sizeof *s->cx);
    s->acc = fftw_malloc(4 * (size_t)s->ncs * sizeof *s->acc);
    s->Gf = fftw_malloc((size_t)r * s->ncs * sizeof *s->Gf);
    s->Hf = fftw_malloc((size_t)r * s->ncs * sizeof *s->Hf);
    s->dGf = fftw_malloc((size_t)r * s->ncs * sizeof *s->dGf);
    s->dHf = fftw_malloc((size_t)r * s->ncs * sizeof *s->dHf);
    s->krylov = layer_krylov_create(c, n, r);
    if (!s->re || !s->cx || !s->acc || !s->Gf || !s->Hf || !s->dGf || !s->dHf || !s->krylov) {
        fft_destroy(L);
        return NULL;
    }
    s->krylov->cls = c; s->krylov->in = s->krylov->out = n; s->krylov->rank = r;
    s->krylov->nweights = 2 * (size_t)r * n; /* G | H */
    /* plans on scratch arrays, executed later on other arrays of the same alignment */
    s->fwd = fftw_plan_dft_r2c_1d(s->N, s->re, s->cx, FFTW_ESTIMATE);
    s->inv = fftw_plan_dft_c2r_1d(s->N, s->cx, s->re, FFTW_ESTIMATE);
    if (!s->fwd || !s->inv) { fft_destroy(L); return NULL; }
    return L;
}
