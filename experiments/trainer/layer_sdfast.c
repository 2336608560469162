/* layer_sdfast.c - the LDR-SD layer through the fast subdiagonal Krylov multiply
 * (issue 16, point 4): same class, parameters and init as layer_krylov.c, but
 * O(r n log^2 n) per example instead of O(r n^2) Krylov matrices and n x n gemms.
 *
 * Per example x and rank i (A, B^T subdiagonal + corner, Phi of subdiag_dc.h):
 *   forward   u_i = K(B^T, h_i)^T x   = d/du Phi_B(x, ., h_i),
 *             y  += K(A, g_i) u_i     = d/dw Phi_A(., u_i, g_i);
 *   backward  y = sum_i d/dw Phi_A, so the loss part dy^T y = sum_i Phi_A(dy, u_i, g_i):
 *             dU_i = d/du Phi_A(dy, u_i, g_i), dg_i += d/dg, dA += d/da;
 *             and dU_i^T u_i = Phi_B(x, dU_i, h_i): dx += d/dw Phi_B (= K(B^T, h_i) dU_i),
 *             dh_i += d/dg Phi_B, dB^T += d/da Phi_B.
 * With learned corners each operator is the doubled line of subdiag_dc.h (links
 * s_0..s_{n-2}, corner, s_0..s_{n-2}; line positions i and n + i fold onto index i); with
 * corners fixed at 0 the line of length n.  The dense weight (tests) comes from the Krylov
 * form, built only when asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"
#include "trainer/subdiag_dc.h"
#include "trainer/toeplitz_gram.h"

typedef struct {
    int n;
    subdiag_dc_t *dc[2];      /* line of length n (fixed corners), 2n (learned corners) */
    double *U;                /* cap x r x n: u_i of each example (forward -> backward) */
    int cap;
    double *la, *lb;          /* links of A and B^T on the line (2n - 1 each) */
    double *ul, *wl;          /* line buffers (2n each): u, w */
    double *yl, *dul, *dgl, *dal; /* line outputs (2n each) */
    double *glines;           /* 2r lines (2n each): g_0..g_{r-1}, h_0..h_{r-1} padded */
    subdiag_dc_prep_t **prep[2]; /* per line length: 2r preparations (A with g_i, B^T with h_i) */
    int prepared;             /* line length of the current preparations (0: none) */
    layer_t *krylov;          /* explicit form, created on first weight() call */
} sdfast_state_t;

/* Line length and links for the current corner mode. */
static int sdfast_links(layer_t *L, const double *par)
{
    sdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank;
    const double *sA = par + 2 * (size_t)r * n, *sB = sA + n;
    if (L->fixed_corners) {
        memcpy(st->la, sA, (size_t)(n - 1) * sizeof *sA);
        memcpy(st->lb, sB, (size_t)(n - 1) * sizeof *sB);
        return n;
    }
    for (int k = 0; k < 2; k++) {
        const double *s = k ? sB : sA;
        double *l = k ? st->lb : st->la;
        memcpy(l, s, (size_t)(n - 1) * sizeof *s);
        l[n - 1] = s[n - 1]; /* corner */
        memcpy(l + n, s, (size_t)(n - 1) * sizeof *s);
    }
    return 2 * n;
}

/* Put V (n) on the line: first half (PAD: zeros after) or both halves (fold adjoint). */
static void sdfast_line(double *line, const double *v, int n, int len, int both)
{
    memcpy(line, v, (size_t)n * sizeof *v);
    if (len == n) return;
    if (both) memcpy(line + n, v, (size_t)n * sizeof *v);
    else memset(line + n, 0, (size_t)n * sizeof *v);
}

/* ACC[t] += line[t] (+ line[n + t] when folding) for t < n. */
static void sdfast_fold_add(double *acc, const double *line, int n, int len)
{
    for (int t = 0; t < n; t++) acc[t] += line[t] + (len > n ? line[n + t] : 0.0);
}

/* Link gradient on the line -> parameter gradient (s_0..s_{n-2}, corner). */
static void sdfast_link_grad(double *dp, const double *dal, int n, int len)
{
    for (int t = 0; t + 1 < n; t++) dp[t] += dal[t] + (len > n ? dal[n + t] : 0.0);
    if (len > n) dp[n - 1] += dal[n - 1];
}

/* Prepare the 2r (operator, generator) pairs of the line of length LEN for this step. */
static subdiag_dc_prep_t **sdfast_prepare(layer_t *L, const double *par, int len)
{
    sdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank, which = len > n;
    subdiag_dc_t *dc = st->dc[which];
    if (!st->prep[which]) {
        st->prep[which] = calloc(2 * (size_t)r, sizeof *st->prep[which]);
        if (!st->prep[which]) { fprintf(stderr, "layer: out of memory\n"); abort(); }
        for (int i = 0; i < 2 * r; i++)
            if (!(st->prep[which][i] = subdiag_dc_prep_create(dc))) {
                fprintf(stderr, "layer: out of memory\n");
                abort();
            }
    }
    for (int i = 0; i < 2 * r; i++) {
        double *gl = st->glines + (size_t)i * 2 * n;
        sdfast_line(gl, par + (size_t)i * n, n, len, 0);
        subdiag_dc_prepare(dc, st->prep[which][i], i < r ? st->la : st->lb, gl, n);
    }
    st->prepared = len;
    return st->prep[which];
}

static void sdfast_reserve(layer_t *L, int b)
{
    sdfast_state_t *st = L->state;
    if (b <= st->cap) return;
    free(st->U);
    st->U = malloc((size_t)b * L->rank * st->n * sizeof *st->U);
    if (!st->U) { fprintf(stderr, "layer: out of memory\n"); abort(); }
    st->cap = b;
}

static void sdfast_forward(layer_t *L, const double *par, const double *X, int b, double *Y)
{
    sdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank;
    sdfast_reserve(L, b);
    const int len = sdfast_links(L, par);
    subdiag_dc_t *dc = st->dc[len > n];
    subdiag_dc_prep_t **pr = sdfast_prepare(L, par, len);
    size_t ls = (size_t)len * sizeof(double);
    for (int e = 0; e < b; e++) {
        const double *x = X + (size_t)e * n;
        double *y = Y + (size_t)e * n;
        memset(y, 0, (size_t)n * sizeof *y);
        sdfast_line(st->wl, x, n, len, 1);
        for (int i = 0; i < r; i++) {
            double *u = st->U + ((size_t)e * r + i) * n;
            memset(st->dul, 0, ls);
            subdiag_dc_partials(dc, pr[r + i], NULL, st->wl, NULL, st->dul, NULL, NULL);
            memcpy(u, st->dul, (size_t)n * sizeof *u);
            sdfast_line(st->ul, u, n, len, 0);
            memset(st->yl, 0, ls);
            subdiag_dc_partials(dc, pr[i], st->ul, NULL, st->yl, NULL, NULL, NULL);
            sdfast_fold_add(y, st->yl, n, len);
        }
    }
}

static void sdfast_backward(layer_t *L, const double *par, const double *X, const double *dY,
                            int b, double *dX, double *dp)
{
    sdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank;
    (void)par; /* the links and generators prepared by the forward pass on the same PAR */
    const int len = L->fixed_corners ? n : 2 * n;
    subdiag_dc_t *dc = st->dc[len > n];
    subdiag_dc_prep_t **pr = st->prep[len > n];
    if (st->prepared != len) { fprintf(stderr, "layer: backward without forward\n"); abort(); }
    size_t ls = (size_t)len * sizeof(double), off = 2 * (size_t)r * n;
    double *dA = dp + off, *dB = dp + off + n;
    for (int e = 0; e < b; e++) {
        const double *x = X + (size_t)e * n;
        if (dX) memset(dX + (size_t)e * n, 0, (size_t)n * sizeof *dX);
        for (int i = 0; i < r; i++) {
            const double *u = st->U + ((size_t)e * r + i) * n;
            /* A side: Phi_A(dy, u_i, g_i) */
            sdfast_line(st->wl, dY + (size_t)e * n, n, len, 1);
            sdfast_line(st->ul, u, n, len, 0);
            memset(st->dul, 0, ls); memset(st->dgl, 0, ls); memset(st->dal, 0, ls);
            subdiag_dc_partials(dc, pr[i], st->ul, st->wl, NULL, st->dul, st->dgl, st->dal);
            sdfast_fold_add(dp + (size_t)i * n, st->dgl, n, n);
            sdfast_link_grad(dA, st->dal, n, len);
            /* B side: Phi_B(x, dU_i, h_i), dU_i = dul[0 .. n) */
            memset(st->dul + n, 0, ls - (size_t)n * sizeof(double));
            sdfast_line(st->wl, x, n, len, 1);
            memset(st->yl, 0, ls); memset(st->dgl, 0, ls); memset(st->dal, 0, ls);
            subdiag_dc_partials(dc, pr[r + i], st->dul, st->wl, dX ? st->yl : NULL, NULL, st->dgl,
                                st->dal);
            if (dX) sdfast_fold_add(dX + (size_t)e * n, st->yl, n, len);
            sdfast_fold_add(dp + (size_t)(r + i) * n, st->dgl, n, n);
            sdfast_link_grad(dB, st->dal, n, len);
        }
    }
}

static layer_t *sdfast_krylov(layer_t *L)
{
    sdfast_state_t *st = L->state;
    if (!st->krylov) {
        st->krylov = layer_krylov_create(LAYER_LDR_SD, st->n, L->rank);
        if (!st->krylov) { fprintf(stderr, "layer: out of memory\n"); abort(); }
        st->krylov->nweights = L->nweights;
    }
    st->krylov->fixed_corners = L->fixed_corners;
    return st->krylov;
}

static void sdfast_weight(layer_t *L, const double *par, double *W)
{
    layer_t *K = sdfast_krylov(L);
    K->ops->weight(K, par, W);
}

/* The init of layer_krylov.c (operators Z_0, corners 0, generators Gaussian rescaled so
 * that ||W||_F^2 = 2n), with ||W||_F^2 = sum_{i,i'} <T(g_i)^T T(g_i'), T(h_i)^T T(h_i')>_F. */
static void sdfast_init(layer_t *L, double *par, const double *gauss)
{
    const int n = L->in, r = L->rank;
    size_t ngen = 2 * (size_t)r * n;
    for (size_t k = 0; k < ngen; k++) par[k] = gauss[k];
    memset(par + ngen, 0, 2 * (size_t)n * sizeof *par);
    for (int k = 0; k + 1 < n; k++) { par[ngen + k] = 1.0; par[ngen + n + k] = 1.0; }
    double scale = toeplitz_gram_init_scale(par, par + (size_t)r * n, r, n);
    for (size_t k = 0; k < ngen; k++) par[k] *= scale;
}

static void sdfast_destroy(layer_t *L)
{
    sdfast_state_t *st = L->state;
    if (st) {
        for (int w = 0; w < 2; w++) {
            if (st->prep[w])
                for (int i = 0; i < 2 * L->rank; i++) subdiag_dc_prep_free(st->prep[w][i]);
            free(st->prep[w]);
        }
        subdiag_dc_free(st->dc[0]); subdiag_dc_free(st->dc[1]);
        free(st->glines);
        free(st->U); free(st->la);
        if (st->krylov) st->krylov->ops->destroy(st->krylov); /* not layer_destroy: layer.c uses this file */
        free(st);
    }
    free(L);
}

static const layer_ops_t sdfast_ops = {
    sdfast_forward, sdfast_backward, sdfast_init, sdfast_weight, sdfast_destroy,
};

int layer_is_sdfast(const layer_t *L)
{
    return L && L->ops == &sdfast_ops;
}

layer_t *layer_sdfast_create(int n, int r)
{
    layer_t *L = calloc(1, sizeof *L);
    sdfast_state_t *st = calloc(1, sizeof *st);
    if (!L || !st || n < 2) { free(L); free(st); return NULL; }
    L->ops = &sdfast_ops;
    L->state = st;
    L->cls = LAYER_LDR_SD;
    L->in = L->out = n;
    L->rank = r;
    st->n = n;
    st->dc[0] = subdiag_dc_create(n);
    st->dc[1] = subdiag_dc_create(2 * n);
    st->la = malloc(8 * 2 * (size_t)n * sizeof *st->la);
    st->glines = malloc(2 * (size_t)r * 2 * n * sizeof *st->glines);
    if (!st->dc[0] || !st->dc[1] || !st->la || !st->glines) { sdfast_destroy(L); return NULL; }
    double *p = st->la;
    st->lb = p + 2 * (size_t)n;
    st->ul = p + 4 * (size_t)n; st->wl = p + 6 * (size_t)n;
    st->yl = p + 8 * (size_t)n; st->dul = p + 10 * (size_t)n; st->dgl = p + 12 * (size_t)n;
    st->dal = p + 14 * (size_t)n;
    return L;
}
