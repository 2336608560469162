/* layer_tdfast.c - the LDR-TD layer through the fast tridiagonal Krylov multiply
 * (issue 16, point 4): same class, parameters and init as layer_krylov.c, but
 * O(r n log^2 n) per example (tridiag_dc.h) instead of O(r n^2) Krylov matrices and gemms.
 *
 * Per example x and rank i (A with g_i, B^T with h_i; Phi_M(w, u) = w^T K(M, g) u):
 *   forward   u_i = K(B^T, h_i)^T x  = d/du Phi_B(x, .),   y += K(A, g_i) u_i = d/dw Phi_A(., u_i);
 *   backward  dy^T y = sum_i Phi_A(dy, u_i): dU_i = d/du Phi_A(dy, u_i), and dU_i^T u_i =
 *             Phi_B(x, dU_i): dx += d/dw Phi_B(x, dU_i); the generator and operator partials
 *             of both forms are accumulated over the batch and added once (tridiag_dc_finish).
 *
 * Float64 guard: the fast multiply divides by det(I - zM), whose coefficients can outgrow the
 * Krylov entries (after training, at large n).  Every step the 2r preparations return an
 * a-posteriori error estimate; above LAYER_TD_FAST_TOL the step runs on the explicit layer
 * instead (same parameters, same gradients up to rounding), and the layer counts it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"
#include "trainer/toeplitz_gram.h"
#include "trainer/tridiag_dc.h"

typedef struct {
    int n;
    tridiag_dc_t *dc;
    tridiag_dc_prep_t **prep; /* 2r: A with g_i (i < r), B^T with h_i */
    double *U;                /* cap x r x n: u_i of each example (forward -> backward) */
    double *dU;               /* n */
    int cap;
    int path;                 /* path of the last forward: 0 none, 1 fast, 2 explicit */
    long steps, fallbacks;
    double estimate;          /* largest error estimate of the last forward */
    tridiag_op_t M[2];        /* A, B^T of the last preparation (point into the parameters) */
    layer_t *krylov;          /* explicit form: fallback steps and weight() */
} tdfast_state_t;

/* The two operators and, with DP, where their gradients go (layout of layer_krylov.c:
 * per operator d (n) | s (n-1) | u (n-1) | cu | cl, A first, then B^T). */
static void tdfast_operators(const layer_t *L, const double *par, double *dp, tridiag_op_t M[2],
                             tridiag_grad_t gM[2])
{
    const int n = L->in;
    const size_t off = 2 * (size_t)L->rank * n;
    for (int k = 0; k < 2; k++) {
        size_t o = off + (size_t)k * 3 * n;
        memset(&M[k], 0, sizeof M[k]);
        memset(&gM[k], 0, sizeof gM[k]);
        M[k].n = n;
        M[k].d = par + o; M[k].s = par + o + n; M[k].u = par + o + 2 * n - 1;
        if (!L->fixed_corners) { M[k].cu = par[o + 3 * n - 2]; M[k].cl = par[o + 3 * n - 1]; }
        if (dp) {
            gM[k].d = dp + o; gM[k].s = dp + o + n; gM[k].u = dp + o + 2 * n - 1;
            if (!L->fixed_corners) { gM[k].cu = dp + o + 3 * n - 2; gM[k].cl = dp + o + 3 * n - 1; }
        }
    }
}

static layer_t *tdfast_krylov(layer_t *L)
{
    tdfast_state_t *st = L->state;
    if (!st->krylov) {
        st->krylov = layer_krylov_create(LAYER_LDR_TD, st->n, L->rank);
        if (!st->krylov) { fprintf(stderr, "layer: out of memory\n"); abort(); }
        st->krylov->nweights = L->nweights;
    }
    st->krylov->fixed_corners = L->fixed_corners;
    return st->krylov;
}

static void tdfast_reserve(layer_t *L, int b)
{
    tdfast_state_t *st = L->state;
    if (b <= st->cap) return;
    free(st->U);
    st->U = malloc((size_t)b * L->rank * st->n * sizeof *st->U);
    if (!st->U) { fprintf(stderr, "layer: out of memory\n"); abort(); }
    st->cap = b;
}

/* Prepare the 2r (operator, generator) pairs; the largest error estimate (-1: not finite). */
static double tdfast_prepare(layer_t *L, const double *par)
{
    tdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank;
    tridiag_grad_t gM[2];
    tdfast_operators(L, par, NULL, st->M, gM);
    double worst = 0.0;
    for (int i = 0; i < 2 * r; i++) {
        /* the preparations keep pointers to st->M and into PAR: both stay valid and unchanged
         * until the backward pass (layer.h contract) */
        double e = tridiag_dc_prepare(st->dc, st->prep[i], &st->M[i >= r], par + (size_t)i * n);
        if (e < 0 || !(e == e)) return -1.0;
        if (e > worst) worst = e;
    }
    return worst;
}

static void tdfast_forward(layer_t *L, const double *par, const double *X, int b, double *Y)
{
    tdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank;
    st->steps++;
    st->estimate = tdfast_prepare(L, par);
    if (st->estimate < 0 || st->estimate > LAYER_TD_FAST_TOL) {
        st->path = 2;
        if (st->fallbacks++ == 0) {
            char why[64] = "overflow in det(I - zM)";
            if (st->estimate >= 0)
                snprintf(why, sizeof why, "error estimate %.1e > %.0e", st->estimate, LAYER_TD_FAST_TOL);
            fprintf(stderr, "layer: ldr-td n = %d, forward pass %ld: fast path not accurate in float64 "
                    "(%s); such passes run on the explicit layer (counted, not reported again)\n",
                    n, st->steps, why);
        }
        layer_t *K = tdfast_krylov(L);
        K->ops->forward(K, par, X, b, Y);
        return;
    }
    st->path = 1;
    tdfast_reserve(L, b);
    for (int e = 0; e < b; e++) {
        const double *x = X + (size_t)e * n;
        double *y = Y + (size_t)e * n;
        memset(y, 0, (size_t)n * sizeof *y);
        for (int i = 0; i < r; i++) {
            double *u = st->U + ((size_t)e * r + i) * n;
            memset(u, 0, (size_t)n * sizeof *u);
            tridiag_dc_partials(st->dc, st->prep[r + i], NULL, x, NULL, u, 0);
            tridiag_dc_partials(st->dc, st->prep[i], u, NULL, y, NULL, 0);
        }
    }
}

static void tdfast_backward(layer_t *L, const double *par, const double *X, const double *dY,
                            int b, double *dX, double *dp)
{
    tdfast_state_t *st = L->state;
    const int n = st->n, r = L->rank;
    if (st->path == 2) {
        layer_t *K = tdfast_krylov(L);
        K->ops->backward(K, par, X, dY, b, dX, dp);
        return;
    }
    if (st->path != 1) { fprintf(stderr, "layer: backward without forward\n"); abort(); }
    for (int e = 0; e < b; e++) {
        const double *x = X + (size_t)e * n, *dy = dY + (size_t)e * n;
        double *dx = dX ? dX + (size_t)e * n : NULL;
        if (dx) memset(dx, 0, (size_t)n * sizeof *dx);
        for (int i = 0; i < r; i++) {
            const double *u = st->U + ((size_t)e * r + i) * n;
            memset(st->dU, 0, (size_t)n * sizeof *st->dU);
            tridiag_dc_partials(st->dc, st->prep[i], u, dy, NULL, st->dU, 1);
            tridiag_dc_partials(st->dc, st->prep[r + i], st->dU, x, dx, NULL, 1);
        }
    }
    tridiag_op_t M[2];
    tridiag_grad_t gM[2];
    tdfast_operators(L, par, dp, M, gM);
    for (int i = 0; i < 2 * r; i++)
        tridiag_dc_finish(st->dc, st->prep[i], dp + (size_t)i * n, &gM[i >= r]);
}

static void tdfast_weight(layer_t *L, const double *par, double *W)
{
    layer_t *K = tdfast_krylov(L);
    K->ops->weight(K, par, W);
}

/* The init of layer_krylov.c (A = Z_0, B^T = Z_0^T, corners 0, generators Gaussian rescaled
 * so that ||W||_F^2 = 2n) without forming W: K(Z_0, g) = T(g) and K(Z_0^T, h) = J T(J h)
 * (J the reversal), so W = sum_i T(g_i) T(J h_i)^T J and ||W||_F^2 =
 * sum_{i,i'} <T(g_i)^T T(g_i'), T(J h_i)^T T(J h_i')>_F (toeplitz_gram.h). */
static void tdfast_init(layer_t *L, double *par, const double *gauss)
{
    const int n = L->in, r = L->rank;
    size_t ngen = 2 * (size_t)r * n;
    for (size_t k = 0; k < ngen; k++) par[k] = gauss[k];
    memset(par + ngen, 0, 6 * (size_t)n * sizeof *par);
    for (int k = 0; k + 1 < n; k++) {
        par[ngen + n + k] = 1.0;                 /* A: subdiagonal */
        par[ngen + 3 * n + 2 * n - 1 + k] = 1.0; /* B^T: superdiagonal */
    }
    double *JH = malloc((size_t)r * n * sizeof *JH);
    if (!JH) { fprintf(stderr, "layer: out of memory\n"); abort(); }
    const double *G = par, *H = par + (size_t)r * n;
    for (int i = 0; i < r; i++)
        for (int t = 0; t < n; t++) JH[(size_t)i * n + t] = H[(size_t)i * n + n - 1 - t];
    double scale = toeplitz_gram_init_scale(G, JH, r, n);
    free(JH);
    for (size_t k = 0; k < ngen; k++) par[k] *= scale;
}

static void tdfast_destroy(layer_t *L)
{
    tdfast_state_t *st = L->state;
    if (st) {
        if (st->prep)
            for (int i = 0; i < 2 * L->rank; i++) tridiag_dc_prep_free(st->prep[i]);
        free(st->prep);
        tridiag_dc_free(st->dc);
        free(st->U);
        free(st->dU);
        if (st->krylov) st->krylov->ops->destroy(st->krylov); /* not layer_destroy: layer.c uses this file */
        free(st);
    }
    free(L);
}

static const layer_ops_t tdfast_ops = {
    tdfast_forward, tdfast_backward, tdfast_init, tdfast_weight, tdfast_destroy,
};

int layer_is_tdfast(const layer_t *L)
{
    return L && L->ops == &tdfast_ops;
}

long layer_tdfast_fallbacks(const layer_t *L, long *steps, double *estimate)
{
    if (!layer_is_tdfast(L)) return -1;
    const tdfast_state_t *st = L->state;
    if (steps) *steps = st->steps;
    if (estimate) *estimate = st->estimate;
    return st->fallbacks;
}

layer_t *layer_tdfast_create(int n, int r)
{
    layer_t *L = calloc(1, sizeof *L);
    tdfast_state_t *st = calloc(1, sizeof *st);
    if (!L || !st || n < 2 || r < 1) { free(L); free(st); return NULL; }
    L->ops = &tdfast_ops;
    L->state = st;
    L->cls = LAYER_LDR_TD;
    L->in = L->out = n;
    L->rank = r;
    st->n = n;
    st->dc = tridiag_dc_create(n);
    st->prep = calloc(2 * (size_t)r, sizeof *st->prep);
    st->dU = malloc((size_t)n * sizeof *st->dU);
    if (!st->dc || !st->prep || !st->dU) { tdfast_destroy(L); return NULL; }
    for (int i = 0; i < 2 * r; i++)
        if (!(st->prep[i] = tridiag_dc_prep_create(st->dc))) { tdfast_destroy(L); return NULL; }
    return L;
}
