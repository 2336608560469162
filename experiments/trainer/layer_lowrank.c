/* layer_lowrank.c - W = sum_i g_i h_i^T = G^T H with G (r x out), H (r x in):
 * parameters [G | H].  Y = (X H^T) G, never forming W. */
#include "trainer/layer.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

typedef struct {
    double *T, *dT; /* b x r workspaces, grown on demand */
    int cap;
} lowrank_state_t;

static int lowrank_reserve(layer_t *L, int b)
{
    lowrank_state_t *s = L->state;
    if (b <= s->cap) return 0;
    free(s->T); free(s->dT);
    s->T = malloc((size_t)b * L->rank * sizeof *s->T);
    s->dT = malloc((size_t)b * L->rank * sizeof *s->dT);
    s->cap = (s->T && s->dT) ? b : 0;
    return s->cap ? 0 : -1;
}

static void lowrank_forward(layer_t *L, const double *par, const double *X, int b, double *Y)
{
    lowrank_state_t *s = L->state;
    if (lowrank_reserve(L, b)) abort();
    const int r = L->rank;
    const double *G = par, *H = par + (size_t)r * L->out;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, r, L->in, 1.0, X, L->in, H, L->in,
                0.0, s->T, r);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, L->out, r, 1.0, s->T, r, G, L->out,
                0.0, Y, L->out);
}

static void lowrank_backward(layer_t *L, const double *par, const double *X, const double *dY,
                             int b, double *dX, double *dp)
{
    lowrank_state_t *s = L->state;
    const int r = L->rank;
    const double *G = par, *H = par + (size_t)r * L->out;
    double *dG = dp, *dH = dp + (size_t)r * L->out;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, r, L->out, 1.0, dY, L->out, G, L->out,
                0.0, s->dT, r);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, L->out, b, 1.0, s->T, r, dY, L->out,
                1.0, dG, L->out);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, L->in, b, 1.0, s->dT, r, X, L->in,
                1.0, dH, L->in);
    if (dX)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, L->in, r, 1.0, s->dT, r, H,
                    L->in, 0.0, dX, L->in);
}

/* var(W_pq) = r var(g) var(h); var(g) = var(h) = sqrt(2/(in r)) gives 2/in (He). */
static void lowrank_init(layer_t *L, double *par, const double *gauss)
{
    double sd = pow(2.0 / ((double)L->in * L->rank), 0.25);
    for (size_t k = 0; k < L->nweights; k++) par[k] = sd * gauss[k];
}

static void lowrank_weight(layer_t *L, const double *par, double *W)
{
    const double *G = par, *H = par + (size_t)L->rank * L->out;
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, L->out, L->in, L->rank, 1.0, G, L->out,
                H, L->in, 0.0, W, L->in);
}

static void lowrank_destroy(layer_t *L)
{
    lowrank_state_t *s = L->state;
    if (s) { free(s->T); free(s->dT); free(s); }
    free(L);
}

static const layer_ops_t lowrank_ops = {
    lowrank_forward, lowrank_backward, lowrank_init, lowrank_weight, lowrank_destroy,
};

layer_t *layer_lowrank_create(int out, int in, int r)
{
    layer_t *L = calloc(1, sizeof *L);
    lowrank_state_t *s = calloc(1, sizeof *s);
    if (!L || !s) { free(L); free(s); return NULL; }
    L->ops = &lowrank_ops;
    L->state = s;
    L->rank = r;
    L->in = in;
    L->out = out;
    return L;
}
