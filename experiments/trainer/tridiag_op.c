/* tridiag_op.c - O(n) application of tridiagonal+corner operators and O(n^2) Krylov
 * matrices with their reverse-mode derivative. */
#include "trainer/tridiag_op.h"

#include <math.h>
#include <string.h>

void tridiag_op_apply(const tridiag_op_t *M, const double *x, double *y)
{
    const int n = M->n;
    for (int t = 0; t < n; t++) y[t] = M->d ? M->d[t] * x[t] : 0.0;
    if (M->s)
        for (int k = 0; k + 1 < n; k++) y[k + 1] += M->s[k] * x[k];
    if (M->u)
        for (int k = 0; k + 1 < n; k++) y[k] += M->u[k] * x[k + 1];
    y[0] += M->cu * x[n - 1];
    y[n - 1] += M->cl * x[0];
}

void tridiag_op_apply_t(const tridiag_op_t *M, const double *x, double *y)
{
    const int n = M->n;
    for (int t = 0; t < n; t++) y[t] = M->d ? M->d[t] * x[t] : 0.0;
    if (M->s)
        for (int k = 0; k + 1 < n; k++) y[k] += M->s[k] * x[k + 1];
    if (M->u)
        for (int k = 0; k + 1 < n; k++) y[k + 1] += M->u[k] * x[k];
    y[n - 1] += M->cu * x[0];
    y[0] += M->cl * x[n - 1];
}

/* Values below 1e-250 in magnitude are set to 0: high powers of contractive operators
 * (e.g. diag(v) with |v| < 1 in the Vandermonde-like class) would otherwise run through
 * subnormal numbers, which are ~100x slower, for no effect on the result. */
static void tridiag_flush_tiny(double *v, int n)
{
    for (int t = 0; t < n; t++)
        if (fabs(v[t]) < 1e-250) v[t] = 0.0;
}

void tridiag_op_krylov(const tridiag_op_t *M, const double *g, double *Kt)
{
    const int n = M->n;
    memcpy(Kt, g, (size_t)n * sizeof *Kt);
    for (int j = 1; j < n; j++) {
        double *k = Kt + (size_t)j * n;
        tridiag_op_apply(M, k - n, k);
        tridiag_flush_tiny(k, n);
    }
}

/* dL/dM[p][q] = sum_j a_{j+1}[p] k_j[q], a_j the total adjoint of k_j = M^j g. */
static void tridiag_op_accumulate(const tridiag_op_t *M, const double *a, const double *k,
                                  const tridiag_grad_t *G)
{
    const int n = M->n;
    if (G->d)
        for (int t = 0; t < n; t++) G->d[t] += a[t] * k[t];
    if (G->s)
        for (int t = 0; t + 1 < n; t++) G->s[t] += a[t + 1] * k[t];
    if (G->u)
        for (int t = 0; t + 1 < n; t++) G->u[t] += a[t] * k[t + 1];
    if (G->cu) *G->cu += a[0] * k[n - 1];
    if (G->cl) *G->cl += a[n - 1] * k[0];
}

void tridiag_op_krylov_backward(const tridiag_op_t *M, const double *Kt, const double *dKt,
                                double *dg, const tridiag_grad_t *grad, double *work)
{
    const int n = M->n;
    double *a = work, *tmp = work + n;
    memcpy(a, dKt + (size_t)(n - 1) * n, (size_t)n * sizeof *a);
    for (int j = n - 2; j >= 0; j--) {
        /* a holds the adjoint of k_{j+1}; k_{j+1} = M k_j */
        tridiag_op_accumulate(M, a, Kt + (size_t)j * n, grad);
        tridiag_op_apply_t(M, a, tmp);
        const double *dk = dKt + (size_t)j * n;
        for (int t = 0; t < n; t++) a[t] = dk[t] + tmp[t];
        tridiag_flush_tiny(a, n);
    }
    for (int t = 0; t < n; t++) dg[t] += a[t];
}
