/* llu_eval.c -- metrics and preconditioned GMRES for a trained pair (see llu_eval.h). */
#include "learned_lu/llu_eval.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const double *L, *U;
    int n, b;
} lu_precond_t;

/* v <- U^-1 L^-1 v by block forward and back substitution through the learned factors. */
static int learned_precond(void *ctx, double *v)
{
    lu_precond_t *p = ctx;
    if (llu_block_trsm(p->L, p->n, p->b, 1, v, 1) != 0)
        return -1;
    return llu_block_trsm(p->U, p->n, p->b, 0, v, 1);
}

int llu_evaluate(const double *A, const llu_pair_t *pr, llu_rng_t *g, int samples,
                 double *Lm, double *Um, llu_eval_t *out)
{
    int n = pr->n;
    memset(out, 0, sizeof *out);
    llu_pair_dense(pr, Lm, Um);
    double *Xt = malloc(sizeof(double) * n * samples), *x1 = malloc(sizeof(double) * n),
           *rhs = malloc(sizeof(double) * n), *x = malloc(sizeof(double) * n);
    llu_rng_normals(g, Xt, (size_t)n * samples);
    int rc = llu_metrics(A, Lm, Um, n, pr->b, Xt, samples, &out->m);
    for (int i = 0; i < n; i++)
        x1[i] = Xt[(size_t)i * samples];
    cblas_dgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0, A, n, x1, 1, 0.0, rhs, 1);
    llu_gmres(A, n, rhs, x, LLU_GMRES_TOL, n, NULL, NULL, &out->none);
    lu_precond_t pc = {Lm, Um, n, pr->b};
    if (llu_gmres(A, n, rhs, x, LLU_GMRES_TOL, n, learned_precond, &pc, &out->learned) != 0)
        out->precond_failed = 1;
    free(Xt), free(x1), free(rhs), free(x);
    return rc;
}
