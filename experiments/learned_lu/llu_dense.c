/* llu_dense.c -- LAPACK-based dense helpers and metrics (see llu_dense.h). */
#include "learned_lu/llu_dense.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int llu_singular_values(const double *A, int rows, int cols, int lda, double *s)
{
    double *W = malloc(sizeof(double) * rows * cols);
    for (int i = 0; i < rows; i++)
        memcpy(W + (size_t)i * cols, A + (size_t)i * lda, sizeof(double) * cols);
    int mn = rows < cols ? rows : cols;
    double *superb = malloc(sizeof(double) * (mn > 1 ? mn : 2));
    int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', rows, cols, W, cols, s, NULL, 1, NULL, 1,
                              superb);
    free(W), free(superb);
    return info == 0 ? 0 : -1;
}

double llu_cond2(const double *A, int n)
{
    double *s = malloc(sizeof(double) * n), c;
    if (llu_singular_values(A, n, n, n, s) != 0)
        c = NAN;
    else
        c = s[n - 1] > 0 ? s[0] / s[n - 1] : INFINITY;
    free(s);
    return c;
}

int llu_numerical_rank(const double *A, int rows, int cols, int lda, double abs_tol)
{
    int mn = rows < cols ? rows : cols, rank = 0;
    double *s = malloc(sizeof(double) * mn);
    if (llu_singular_values(A, rows, cols, lda, s) == 0)
        for (int i = 0; i < mn; i++)
            rank += s[i] > abs_tol;
    else
        rank = -1;
    free(s);
    return rank;
}

int llu_lapack_lu(const double *A, int n, double *L, double *U)
{
    double *F = malloc(sizeof(double) * n * n);
    lapack_int *ipiv = malloc(sizeof(lapack_int) * n);
    memcpy(F, A, sizeof(double) * n * n);
    int info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, F, n, ipiv), swaps = 0;
    for (int i = 0; i < n; i++) {
        swaps += ipiv[i] != i + 1;
        for (int j = 0; j < n; j++) {
            double v = F[(size_t)i * n + j];
            L[(size_t)i * n + j] = j < i ? v : (i == j ? 1.0 : 0.0);
            U[(size_t)i * n + j] = j >= i ? v : 0.0;
        }
    }
    free(F), free(ipiv);
    return info == 0 ? swaps : -1;
}

int llu_nopivot_lu(const double *A, int n, double *L, double *U)
{
    memcpy(U, A, sizeof(double) * n * n);
    memset(L, 0, sizeof(double) * n * n);
    for (int k = 0; k < n; k++) {
        double piv = U[(size_t)k * n + k];
        L[(size_t)k * n + k] = 1.0;
        if (piv == 0.0)
            return -1;
        for (int i = k + 1; i < n; i++) {
            double m = U[(size_t)i * n + k] / piv;
            L[(size_t)i * n + k] = m;
            U[(size_t)i * n + k] = 0.0;
            if (m != 0.0)
                cblas_daxpy(n - k - 1, -m, U + (size_t)k * n + k + 1, 1, U + (size_t)i * n + k + 1, 1);
        }
    }
    return 0;
}

void llu_level_ranks(const double *F, int n, int levels, int lower, double rel_tol, int far,
                     int *rank)
{
    double *s = malloc(sizeof(double) * n), *B = malloc(sizeof(double) * n * n);
    llu_singular_values(F, n, n, n, s);
    double tol = rel_tol * s[0];
    int leaf = n >> levels;
    for (int l = 1; l <= levels; l++) {
        int w = 1 << l, sz = n / w, best = 0;
        for (int p = 0; p < w; p++) {
            int q = lower ? p - 1 : p + 1;
            if (q < 0 || q >= w)
                continue;
            for (int i = 0; i < sz; i++)
                for (int j = 0; j < sz; j++) {
                    int gi = p * sz + i, gj = q * sz + j, d = gi / leaf - gj / leaf;
                    B[(size_t)i * sz + j] = (far && d >= -1 && d <= 1) ? 0.0 : F[(size_t)gi * n + gj];
                }
            int rk = llu_numerical_rank(B, sz, sz, sz, tol);
            if (rk > best)
                best = rk;
        }
        rank[l - 1] = best;
    }
    free(s), free(B);
}

int llu_block_trsm(const double *T, int n, int b, int lower, double *X, int k)
{
    int m = n / b, rc = 0;
    double *D = malloc(sizeof(double) * b * b);
    lapack_int *ipiv = malloc(sizeof(lapack_int) * b);
    for (int t = 0; t < m && rc == 0; t++) {
        int bi = lower ? t : m - 1 - t;
        double *XI = X + (size_t)bi * b * k;
        for (int J = 0; J < m; J++) {
            if (lower ? J >= bi : J <= bi)
                continue;
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, k, b, -1.0,
                        T + (size_t)bi * b * n + (size_t)J * b, n, X + (size_t)J * b * k, k, 1.0,
                        XI, k);
        }
        for (int i = 0; i < b; i++)
            memcpy(D + (size_t)i * b, T + ((size_t)bi * b + i) * n + (size_t)bi * b,
                   sizeof(double) * b);
        if (LAPACKE_dgetrf(LAPACK_ROW_MAJOR, b, b, D, b, ipiv) != 0 ||
            LAPACKE_dgetrs(LAPACK_ROW_MAJOR, 'N', b, k, D, b, ipiv, XI, k) != 0)
            rc = -1;
    }
    free(D), free(ipiv);
    return rc;
}

/* Mean relative solution and backward errors of the columns of X against Xtrue, B. */
static void column_errors(const double *A, double normA, const double *X, const double *Xtrue,
                          const double *B, int n, int k, double *sol, double *back)
{
    double *R = malloc(sizeof(double) * n * k);
    memcpy(R, B, sizeof(double) * n * k);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, n, 1.0, A, n, X, k, -1.0, R, k);
    *sol = *back = 0;
    for (int j = 0; j < k; j++) {
        double e = 0, t = 0, x = 0, r = 0, bb = 0;
        for (int i = 0; i < n; i++) {
            size_t o = (size_t)i * k + j;
            e += (X[o] - Xtrue[o]) * (X[o] - Xtrue[o]);
            t += Xtrue[o] * Xtrue[o];
            x += X[o] * X[o];
            r += R[o] * R[o];
            bb += B[o] * B[o];
        }
        *sol += sqrt(e / t) / k;
        *back += sqrt(r) / (normA * sqrt(x) + sqrt(bb)) / k;
    }
    free(R);
}

static double frob_diff_rel(const double *M, const double *A, size_t len)
{
    double d = 0, a = 0;
    for (size_t i = 0; i < len; i++) {
        d += (M[i] - A[i]) * (M[i] - A[i]);
        a += A[i] * A[i];
    }
    return sqrt(d / a);
}

double llu_asymmetry(const double *M, int n)
{
    double d = 0, m = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double a = M[(size_t)i * n + j], t = M[(size_t)j * n + i];
            d += (a - t) * (a - t);
            m += a * a;
        }
    return m > 0 ? sqrt(d / m) : 0.0;
}

/* ||(M - A)[block blk, block blk]||_F^2. */
static double diag_block_err2(const double *M, const double *A, int n, int b, int blk)
{
    double s = 0;
    for (int i = blk * b; i < (blk + 1) * b; i++)
        for (int j = blk * b; j < (blk + 1) * b; j++) {
            double d = M[(size_t)i * n + j] - A[(size_t)i * n + j];
            s += d * d;
        }
    return s;
}

double llu_corner_ratio(const double *M, const double *A, int n, int b)
{
    double last = diag_block_err2(M, A, n, b, n / b - 1);
    return last > 0 ? sqrt(diag_block_err2(M, A, n, b, 0) / last) : INFINITY;
}

int llu_metrics(const double *A, const double *Lf, const double *Uf, int n, int b,
                const double *Xtrue, int k, llu_metrics_t *out)
{
    size_t nn = (size_t)n * n, nk = (size_t)n * k;
    double *LU = malloc(sizeof(double) * nn), *B = malloc(sizeof(double) * nk),
           *X = malloc(sizeof(double) * nk), *F = malloc(sizeof(double) * nn),
           *s = malloc(sizeof(double) * n);
    lapack_int *ipiv = malloc(sizeof(lapack_int) * n);
    memset(out, 0, sizeof *out);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, Lf, n, Uf, n, 0.0, LU, n);
    out->op_error = frob_diff_rel(LU, A, nn);
    out->cond_lu = llu_cond2(LU, n);
    out->asymmetry = llu_asymmetry(LU, n);
    out->corner_ratio = llu_corner_ratio(LU, A, n, b);
    llu_singular_values(A, n, n, n, s);
    double normA = s[0];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, n, 1.0, A, n, Xtrue, k, 0.0, B, k);
    memcpy(X, B, sizeof(double) * nk);
    if (llu_block_trsm(Lf, n, b, 1, X, k) != 0 || llu_block_trsm(Uf, n, b, 0, X, k) != 0) {
        out->solve_failed = 1;
        out->sol_error = out->back_error = NAN;
    } else {
        column_errors(A, normA, X, Xtrue, B, n, k, &out->sol_error, &out->back_error);
    }
    memcpy(F, A, sizeof(double) * nn);
    memcpy(X, B, sizeof(double) * nk);
    int rc = 0;
    if (LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, F, n, ipiv) != 0 ||
        LAPACKE_dgetrs(LAPACK_ROW_MAJOR, 'N', n, k, F, n, ipiv, X, k) != 0) {
        fprintf(stderr, "llu_metrics: LAPACK dgetrf/dgetrs failed (singular operator?)\n");
        rc = -1;
    } else {
        column_errors(A, normA, X, Xtrue, B, n, k, &out->lapack_sol_error,
                      &out->lapack_back_error);
    }
    free(LU), free(B), free(X), free(F), free(s), free(ipiv);
    return rc;
}
