/* llu_gmres.c -- right-preconditioned full GMRES (see llu_gmres.h). */
#include "learned_lu/llu_gmres.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* w <- A M^{-1} v (tmp: n scratch). */
static int op_apply(const double *A, int n, const double *v, double *w, double *tmp,
                    llu_precond_fn pc, void *ctx)
{
    memcpy(tmp, v, sizeof(double) * n);
    if (pc && pc(ctx, tmp) != 0)
        return -1;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0, A, n, tmp, 1, 0.0, w, 1);
    return 0;
}

/* Orthogonalise w against V[0..j] twice (MGS), H column j gets the coefficients. */
static void orthogonalise(double *V, int n, int j, double *w, double *h)
{
    for (int i = 0; i <= j; i++)
        h[i] = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i <= j; i++) {
            double c = cblas_ddot(n, V + (size_t)i * n, 1, w, 1);
            cblas_daxpy(n, -c, V + (size_t)i * n, 1, w, 1);
            h[i] += c;
        }
}

/* Apply the previous rotations to h, create rotation j, update g; returns |g_{j+1}|. */
static double rotate(double *h, double *cs, double *sn, double *g, int j)
{
    for (int i = 0; i < j; i++) {
        double t = cs[i] * h[i] + sn[i] * h[i + 1];
        h[i + 1] = -sn[i] * h[i] + cs[i] * h[i + 1];
        h[i] = t;
    }
    double d = hypot(h[j], h[j + 1]);
    cs[j] = d > 0 ? h[j] / d : 1.0;
    sn[j] = d > 0 ? h[j + 1] / d : 0.0;
    h[j] = d, h[j + 1] = 0;
    g[j + 1] = -sn[j] * g[j];
    g[j] = cs[j] * g[j];
    return fabs(g[j + 1]);
}

int llu_gmres(const double *A, int n, const double *b, double *x, double tol, int maxit,
              llu_precond_fn pc, void *ctx, llu_gmres_result_t *res)
{
    memset(res, 0, sizeof *res);
    if (n < 1 || maxit < 1 || maxit > n || !(tol > 0)) {
        fprintf(stderr, "llu_gmres: invalid arguments (n %d, maxit %d, tol %g)\n", n, maxit, tol);
        return -1;
    }
    double beta = cblas_dnrm2(n, b, 1);
    memset(x, 0, sizeof(double) * n);
    if (beta == 0) {
        res->converged = 1;
        return 0;
    }
    int ld = maxit + 1, rc = 0, steps = 0;
    double *V = calloc((size_t)(maxit + 1) * n, sizeof(double));
    double *H = calloc((size_t)maxit * ld, sizeof(double)); /* column j at H + j*ld */
    double *cs = calloc(maxit, sizeof(double)), *sn = calloc(maxit, sizeof(double));
    double *g = calloc(maxit + 1, sizeof(double)), *tmp = malloc(sizeof(double) * n);
    double *y = calloc(maxit, sizeof(double));
    for (int i = 0; i < n; i++)
        V[i] = b[i] / beta;
    g[0] = beta;
    for (int j = 0; j < maxit; j++) {
        double *w = V + (size_t)(j + 1) * n, *h = H + (size_t)j * ld;
        if (op_apply(A, n, V + (size_t)j * n, w, tmp, pc, ctx) != 0) {
            rc = -1;
            break;
        }
        orthogonalise(V, n, j, w, h);
        double hn = cblas_dnrm2(n, w, 1);
        h[j + 1] = hn;
        if (hn > 0)
            cblas_dscal(n, 1.0 / hn, w, 1);
        steps = j + 1;
        if (rotate(h, cs, sn, g, j) <= tol * beta || hn == 0) /* converged or breakdown */
            break;
    }
    if (rc == 0 && steps > 0) {
        for (int i = steps - 1; i >= 0; i--) { /* back substitution R y = g */
            double s = g[i];
            for (int t = i + 1; t < steps; t++)
                s -= H[(size_t)t * ld + i] * y[t];
            y[i] = s / H[(size_t)i * ld + i];
        }
        cblas_dgemv(CblasRowMajor, CblasTrans, steps, n, 1.0, V, n, y, 1, 0.0, x, 1);
        if (pc && pc(ctx, x) != 0)
            rc = -1;
        memcpy(tmp, b, sizeof(double) * n);
        cblas_dgemv(CblasRowMajor, CblasNoTrans, n, n, -1.0, A, n, x, 1, 1.0, tmp, 1);
        res->rel_resid = cblas_dnrm2(n, tmp, 1) / beta;
        res->converged = res->rel_resid <= tol;
    }
    res->iterations = steps;
    free(V), free(H), free(cs), free(sn), free(g), free(tmp), free(y);
    return rc;
}
