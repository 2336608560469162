/* layer_vander.c - the Vandermonde-like layer through its dense weight, built in O(r n^2)
 * (issue 13).  Same class and parameters as layer_krylov.c:
 *     W = sum_i K(diag(v), g_i) K(Z_0^T, h_i)^T,   v_t = cos(pi (t + 1/2) / n) fixed,
 * with K(diag(v), g)[p][j] = g[p] v_p^j and K(Z_0^T, h)[q][j] = h[q + j] (0 when q + j >= n),
 * so  W[p][q] = sum_i g_i[p] P_i(q)[p],  P(q) = sum_{m >= q} v^(m - q) h[m]  (entrywise in p),
 * which Horner's rule gives for all q at once:  P(n-1) = h[n-1],  P(q) = h[q] + v P(q+1).
 * Forward builds W^T row by row (row q = sum_i g_i * P_i(q), contiguous) and multiplies with
 * one gemm, like the unstructured layer; backward forms dW^T = X^T dY with one gemm and runs
 * the adjoint of the build in two passes over it:
 *   descending q:  dg_i += dW^T[q] * P_i(q)        (P recomputed by the same recurrence)
 *   ascending q:   L_i(q) = g_i * dW^T[q] + v * L_i(q-1),  dh_i[q] += sum_p L_i(q)[p]
 * (L_i(q) is the adjoint of P_i(q), which feeds W^T[q] and P_i(q-1)).  |v| < 1 keeps every
 * recurrence bounded.  The dense weight for tests and init comes from the Krylov form. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"

typedef struct {
    double *v;        /* n nodes */
    double *Wt, *dWt; /* n x n: W^T and its gradient */
    double *P, *Lm;   /* r x n recurrence vectors */
    layer_t *krylov;  /* the Krylov form of the class (weight, init) */
} vander_state_t;

static void vander_build(layer_t *L, const double *par)
{
    vander_state_t *s = L->state;
    const int n = L->in, r = L->rank;
    const double *G = par, *H = par + (size_t)r * n;
    for (int q = n - 1; q >= 0; q--) {
        double *restrict w = s->Wt + (size_t)q * n;
        const double *restrict v = s->v;
        for (int i = 0; i < r; i++) {
            double *restrict P = s->P + (size_t)i * n;
            const double *restrict g = G + (size_t)i * n;
            const double h = H[(size_t)i * n + q];
            if (q == n - 1) for (int p = 0; p < n; p++) P[p] = h;
            else for (int p = 0; p < n; p++) P[p] = h + v[p] * P[p];
            if (i == 0) for (int p = 0; p < n; p++) w[p] = g[p] * P[p];
            else for (int p = 0; p < n; p++) w[p] += g[p] * P[p];
        }
    }
}

static void vander_forward(layer_t *L, const double *par, const double *X, int b, double *Y)
{
    vander_state_t *s = L->state;
    const int n = L->in;
    vander_build(L, par);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, n, n, 1.0, X, n, s->Wt, n, 0.0, Y, n);
}

static void vander_backward(layer_t *L, const double *par, const double *X, const double *dY,
                            int b, double *dX, double *dp)
{
    vander_state_t *s = L->state;
    const int n = L->in, r = L->rank;
    const double *G = par, *H = par + (size_t)r * n;
    double *dG = dp, *dH = dp + (size_t)r * n;
    if (dX)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, n, n, 1.0, dY, n, s->Wt, n, 0.0, dX, n);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, n, b, 1.0, X, n, dY, n, 0.0, s->dWt, n);
    const double *restrict v = s->v;
    for (int q = n - 1; q >= 0; q--) { /* dg_i += dW^T[q] * P_i(q) */
        const double *restrict dw = s->dWt + (size_t)q * n;
        for (int i = 0; i < r; i++) {
            double *restrict P = s->P + (size_t)i * n, *restrict dg = dG + (size_t)i * n;
            const double h = H[(size_t)i * n + q];
            if (q == n - 1) for (int p = 0; p < n; p++) P[p] = h;
            else for (int p = 0; p < n; p++) P[p] = h + v[p] * P[p];
            for (int p = 0; p < n; p++) dg[p] += dw[p] * P[p];
        }
    }
    for (int q = 0; q < n; q++) { /* L_i(q) = g_i * dW^T[q] + v * L_i(q-1) */
        const double *restrict dw = s->dWt + (size_t)q * n;
        for (int i = 0; i < r; i++) {
            double *restrict Lm = s->Lm + (size_t)i * n;
            const double *restrict g = G + (size_t)i * n;
            double sum = 0;
            if (q == 0) for (int p = 0; p < n; p++) Lm[p] = g[p] * dw[p];
            else for (int p = 0; p < n; p++) Lm[p] = g[p] * dw[p] + v[p] * Lm[p];
            for (int p = 0; p < n; p++) sum += Lm[p];
            dH[(size_t)i * n + q] += sum;
        }
    }
}

static void vander_weight(layer_t *L, const double *par, double *W)
{
    vander_state_t *s = L->state;
    s->krylov->ops->weight(s->krylov, par, W);
}

static void vander_init(layer_t *L, double *par, const double *gauss)
{
    vander_state_t *s = L->state;
    s->krylov->ops->init(s->krylov, par, gauss);
}

static void vander_destroy(layer_t *L)
{
    vander_state_t *s = L->state;
    if (s) {
        free(s->v); free(s->Wt); free(s->dWt); free(s->P); free(s->Lm);
        if (s->krylov) s->krylov->ops->destroy(s->krylov); /* not layer_destroy: layer.c uses this file */
        free(s);
    }
    free(L);
}

static const layer_ops_t vander_ops = {
    vander_forward, vander_backward, vander_init, vander_weight, vander_destroy,
};

layer_t *layer_vander_create(int n, int r)
{
    layer_t *L = calloc(1, sizeof *L);
    vander_state_t *s = calloc(1, sizeof *s);
    if (!L || !s) { free(L); free(s); return NULL; }
    L->ops = &vander_ops;
    L->state = s;
    L->cls = LAYER_VANDERMONDE_LIKE;
    L->in = L->out = n;
    L->rank = r;
    s->v = malloc((size_t)n * sizeof *s->v);
    s->Wt = malloc((size_t)n * n * sizeof *s->Wt);
    s->dWt = malloc((size_t)n * n * sizeof *s->dWt);
    s->P = malloc((size_t)r * n * sizeof *s->P);
    s->Lm = malloc((size_t)r * n * sizeof *s->Lm);
    s->krylov = layer_krylov_create(LAYER_VANDERMONDE_LIKE, n, r);
    if (!s->v || !s->Wt || !s->dWt || !s->P || !s->Lm || !s->krylov) {
        vander_destroy(L);
        return NULL;
    }
    s->krylov->cls = LAYER_VANDERMONDE_LIKE;
    s->krylov->in = s->krylov->out = n;
    s->krylov->rank = r;
    s->krylov->nweights = 2 * (size_t)r * n; /* G | H */
    for (int t = 0; t < n; t++) s->v[t] = cos(M_PI * (t + 0.5) / n); /* as layer_krylov.c */
    return L;
}
