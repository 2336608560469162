/* layer_explicit.c - classes whose weight W is a linear gather of the parameters:
 * unstructured, circulant, Toeplitz, lower/upper triangular.  W[p][q] = par[idx[p][q]]
 * (idx < 0: structural zero).  Forward assembles W (O(out*in)) and multiplies with
 * OpenBLAS; backward forms dW = dY^T X with one gemm and scatter-adds it into the
 * parameters (the adjoint of the gather). */
#include "trainer/layer.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    long *idx;  /* out*in gather map, NULL for unstructured (W is the parameter block) */
    double *W;  /* assembled weight (out x in) */
    double *dW; /* weight gradient workspace */
} explicit_state_t;

/* Circulant: W[p][q] = c[(p-q) mod n]; Toeplitz: W[p][q] = t[q-p+out-1]. */
static long explicit_index(layer_class_t c, int out, int in, int p, int q)
{
    if (c == LAYER_CIRCULANT) return ((p - q) % in + in) % in;
    return (long)(q - p + out - 1);
}

static const double *explicit_weight_ptr(layer_t *L, const double *par)
{
    explicit_state_t *s = L->state;
    if (!s->idx) return par;
    size_t mn = (size_t)L->out * L->in;
    for (size_t k = 0; k < mn; k++) s->W[k] = s->idx[k] >= 0 ? par[s->idx[k]] : 0.0;
    return s->W;
}

static void explicit_forward(layer_t *L, const double *par, const double *X, int b, double *Y)
{
    const double *W = explicit_weight_ptr(L, par);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, L->out, L->in, 1.0, X, L->in, W,
                L->in, 0.0, Y, L->out);
}

static void explicit_backward(layer_t *L, const double *par, const double *X, const double *dY,
                              int b, double *dX, double *dp)
{
    explicit_state_t *s = L->state;
    const double *W = s->idx ? s->W : par; /* assembled in forward */
    if (dX)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, L->in, L->out, 1.0, dY,
                    L->out, W, L->in, 0.0, dX, L->in);
    if (!s->idx) { /* unstructured: accumulate straight into the parameter gradient */
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, L->out, L->in, b, 1.0, dY, L->out,
                    X, L->in, 1.0, dp, L->in);
        return;
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, L->out, L->in, b, 1.0, dY, L->out, X,
                L->in, 0.0, s->dW, L->in);
    size_t mn = (size_t)L->out * L->in;
    for (size_t k = 0; k < mn; k++)
        if (s->idx[k] >= 0) dp[s->idx[k]] += s->dW[k];
}

/* Scale so that every entry of W has variance 2/in (He initialisation for ReLU). */
static void explicit_init(layer_t *L, double *par, const double *gauss)
{
    double sd = sqrt(2.0 / L->in);
    for (size_t k = 0; k < L->nweights; k++) par[k] = sd * gauss[k];
}

static void explicit_weight(layer_t *L, const double *par, double *W)
{
    const double *src = explicit_weight_ptr(L, par);
    size_t mn = (size_t)L->out * L->in;
    for (size_t k = 0; k < mn; k++) W[k] = src[k];
}

static void explicit_destroy(layer_t *L)
{
    explicit_state_t *s = L->state;
    if (s) { free(s->idx); free(s->W); free(s->dW); free(s); }
    free(L);
}

static const layer_ops_t explicit_ops = {
    explicit_forward, explicit_backward, explicit_init, explicit_weight, explicit_destroy,
};

layer_t *layer_explicit_create(layer_class_t c, int out, int in)
{
    layer_t *L = calloc(1, sizeof *L);
    explicit_state_t *s = calloc(1, sizeof *s);
    if (!L || !s) { free(L); free(s); return NULL; }
    L->ops = &explicit_ops;
    L->state = s;
    if (c != LAYER_DENSE) {
        size_t mn = (size_t)out * in;
        s->idx = malloc(mn * sizeof *s->idx);
        s->W = malloc(mn * sizeof *s->W);
        s->dW = malloc(mn * sizeof *s->dW);
        if (!s->idx || !s->W || !s->dW) { explicit_destroy(L); return NULL; }
        for (int p = 0; p < out; p++)
            for (int q = 0; q < in; q++) s->idx[(size_t)p * in + q] = -1;
        if (c == LAYER_LOWER_TRI || c == LAYER_UPPER_TRI) {
            long next = 0;
            for (int p = 0; p < out; p++)
                for (int q = 0; q < in; q++)
                    if (c == LAYER_LOWER_TRI ? q <= p : q >= p) s->idx[(size_t)p * in + q] = next++;
        } else {
            for (int p = 0; p < out; p++)
                for (int q = 0; q < in; q++)
                    s->idx[(size_t)p * in + q] = explicit_index(c, out, in, p, q);
        }
    }
    return L;
}
