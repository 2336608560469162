/* ldr_float.c -- float64 displacement and its singular values (see ldr_float.h). */
#include "fast/ldr_float.h"

#include "io/npy.h"

#include <gmp.h>
#include <lapacke.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

void ldrf_op_init(ldrf_op_t *F, const op_t *A)
{
    long n = A->n;
    memset(F, 0, sizeof *F);
    F->n = n;
    F->dense_kind = A->kind == OP_DENSE || A->kind == OP_BLOCKDIAG;
    if (F->dense_kind) {
        fmpq_mat_t D;
        fmpq_mat_init(D, n, n);
        op_dense(D, A);
        F->dense = malloc((size_t)(n * n + 1) * sizeof(double));
        ldrf_from_fmpq_mat(F->dense, D);
        fmpq_mat_clear(D);
        return;
    }
    F->diag = malloc((size_t)(3 * n + 1) * sizeof(double));
    F->sub = F->diag + n;
    F->super = F->sub + n;
    for (long i = 0; i < n; i++) {
        F->diag[i] = ldrf_get_d(A->diag + i);
        F->sub[i] = ldrf_get_d(A->sub + i);
        F->super[i] = ldrf_get_d(A->super + i);
    }
    F->corner_tr = ldrf_get_d(A->corner_tr);
    F->corner_bl = ldrf_get_d(A->corner_bl);
}

void ldrf_op_clear(ldrf_op_t *F)
{
    free(F->dense);
    free(F->diag);
}

void ldrf_op_mul_vec(double *y, const ldrf_op_t *F, const double *x)
{
    long n = F->n;
    if (F->dense_kind) {
        for (long i = 0; i < n; i++) {
            double s = 0;
            for (long k = 0; k < n; k++)
                s += F->dense[i * n + k] * x[k];
            y[i] = s;
        }
        return;
    }
    for (long i = 0; i < n; i++) {
        double s = F->diag[i] * x[i];
        if (i > 0)
            s += F->sub[i] * x[i - 1];
        if (i + 1 < n)
            s += F->super[i] * x[i + 1];
        y[i] = s;
    }
    if (n > 0) {
        y[0] += F->corner_tr * x[n - 1];
        y[n - 1] += F->corner_bl * x[0];
    }
}

/* Nearest double (MPFR round-to-nearest; exact whenever X is a float64). */
double ldrf_get_d(const fmpq_t x)
{
    double d = 0;
    if (npy_fmpq_is_double(x, &d))
        return d;
    mpq_t q;
    mpfr_t t;
    mpq_init(q);
    mpfr_init2(t, 53);
    fmpq_get_mpq(q, x);
    mpfr_set_q(t, q, MPFR_RNDN);
    d = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clear(t);
    mpq_clear(q);
    return d;
}

long ldrf_from_fmpq_mat(double *out, const fmpq_mat_t M)
{
    long m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M), inexact = 0;
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            const fmpq *x = fmpq_mat_entry(M, i, j);
            if (!npy_fmpq_is_double(x, &out[i * n + j])) {
                out[i * n + j] = ldrf_get_d(x);
                inexact++;
            }
        }
    return inexact;
}

/* Y = A X for the m x n row-major X (column by column). */
static void apply_left(double *Y, const ldrf_op_t *A, const double *X, long m, long n)
{
    double *x = calloc((size_t)m + 1, sizeof(double)), *y = calloc((size_t)m + 1, sizeof(double));
    for (long j = 0; j < n; j++) {
        for (long i = 0; i < m; i++)
            x[i] = X[i * n + j];
        ldrf_op_mul_vec(y, A, x);
        for (long i = 0; i < m; i++)
            Y[i * n + j] = y[i];
    }
    free(x);
    free(y);
}

/* Y = X B = (B^T X^T)^T: row i of Y is B^T applied to row i of X. */
static void apply_right(double *Y, const double *X, const ldrf_op_t *B, long m, long n)
{
    double *y = malloc((size_t)(n + 1) * sizeof(double));
    for (long i = 0; i < m; i++) {
        const double *x = X + i * n;
        if (B->dense_kind) {
            for (long j = 0; j < n; j++) {
                double s = 0;
                for (long k = 0; k < n; k++)
                    s += x[k] * B->dense[k * n + j];
                y[j] = s;
            }
        } else {
            for (long j = 0; j < n; j++) { /* (x B)[j] = sum_k x[k] B[k][j] */
                double s = B->diag[j] * x[j];
                if (j + 1 < n)
                    s += x[j + 1] * B->sub[j + 1];
                if (j > 0)
                    s += x[j - 1] * B->super[j - 1];
                y[j] = s;
            }
            if (n > 0) {
                y[n - 1] += x[0] * B->corner_tr;
                y[0] += x[n - 1] * B->corner_bl;
            }
        }
        memcpy(Y + i * n, y, (size_t)n * sizeof(double));
    }
    free(y);
}

void ldrf_displacement(double *R, const ldrf_op_t *A, const double *M, const ldrf_op_t *B, long m,
                       long n, int stein)
{
    size_t sz = (size_t)(m * n + 1) * sizeof(double);
    double *T = malloc(sz), *U = malloc(sz);
    apply_left(T, A, M, m, n);
    apply_right(U, stein ? T : M, B, m, n);
    for (long k = 0; k < m * n; k++)
        R[k] = stein ? M[k] - U[k] : T[k] - U[k];
    free(T);
    free(U);
}

int ldrf_singular_values(double *s, double *R, long m, long n)
{
    if (m == 0 || n == 0)
        return 0;
    return (int)LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'N', (lapack_int)m, (lapack_int)n, R,
                               (lapack_int)n, s, NULL, (lapack_int)m, NULL, (lapack_int)n);
}
