/* llu_checks.c -- representation self-checks (see llu_checks.h). */
#include "learned_lu/llu_checks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int block_is_zero(const double *M, int n, int b, int bi, int bj)
{
    for (int i = 0; i < b; i++)
        for (int j = 0; j < b; j++)
            if (M[(size_t)(bi * b + i) * n + bj * b + j] != 0.0)
                return 0;
    return 1;
}

int llu_check_block_triangular(const double *M, int n, int b, llu_tri_t tri, int *populated)
{
    int m = n / b, ok = 1, pop = 0;
    for (int bi = 0; bi < m; bi++)
        for (int bj = 0; bj < m; bj++) {
            int zero = block_is_zero(M, n, b, bi, bj);
            if (tri == LLU_LOWER ? bj > bi : bj < bi)
                ok &= zero;
            else
                pop += !zero;
        }
    if (populated)
        *populated = pop;
    return ok;
}

double llu_check_transpose(const llu_net_t *net, llu_rng_t *g, int k)
{
    int n = net->n;
    double *M = malloc(sizeof(double) * n * n), *X = malloc(sizeof(double) * n * k),
           *Y = malloc(sizeof(double) * n * k), worst = 0, scale = 0;
    llu_net_dense(net, M);
    llu_rng_normals(g, X, (size_t)n * k);
    llu_ws_t *ws = llu_ws_create(net, k);
    llu_net_apply(net, 1, X, k, Y, ws);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int t = 0; t < n; t++)
                s += M[(size_t)t * n + i] * X[(size_t)t * k + j];
            worst = fmax(worst, fabs(s - Y[(size_t)i * k + j]));
            scale = fmax(scale, fabs(s));
        }
    llu_ws_free(ws);
    free(M), free(X), free(Y);
    return scale > 0 ? worst / scale : worst;
}

double llu_check_gradient(llu_pair_t *pr, const double *A, int transpose, int row0, int row1,
                          llu_rng_t *g, int nsample, int wrong)
{
    int n = pr->n, k = pr->kmax < 4 ? pr->kmax : 4, kt = transpose ? k : 0;
    double *X = malloc(sizeof(double) * n * k), *Xt = malloc(sizeof(double) * n * k),
           *grad = malloc(sizeof(double) * pr->nparams), *u = malloc(sizeof(double) * 2);
    llu_rng_normals(g, X, (size_t)n * k);
    llu_rng_normals(g, Xt, (size_t)n * k);
    llu_pair_loss_grad(pr, A, X, k, row0, row1, Xt, wrong ? 0 : kt, grad);
    double gmax = 0, worst = 0, h = 1e-6;
    for (size_t i = 0; i < pr->nparams; i++)
        gmax = fmax(gmax, fabs(grad[i]));
    size_t count = (size_t)nsample < pr->nparams ? (size_t)nsample : pr->nparams;
    int *idx = malloc(sizeof(int) * count);
    if (count < pr->nparams)
        llu_rng_subset(g, idx, (int)count, 0, (int)pr->nparams);
    else
        for (size_t i = 0; i < count; i++)
            idx[i] = (int)i;
    for (size_t s = 0; s < count; s++) {
        double *p = pr->theta + idx[s], t = *p;
        *p = t + h;
        u[0] = llu_pair_loss_grad(pr, A, X, k, row0, row1, Xt, kt, NULL);
        *p = t - h;
        u[1] = llu_pair_loss_grad(pr, A, X, k, row0, row1, Xt, kt, NULL);
        *p = t;
        worst = fmax(worst, fabs((u[0] - u[1]) / (2 * h) - grad[idx[s]]));
    }
    free(X), free(Xt), free(grad), free(u), free(idx);
    return gmax > 0 ? worst / gmax : worst;
}
