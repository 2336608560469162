/* krylov_explicit.c -- O(n^2) float64 reference kernels for krylov_fast.h: the explicit
 * Krylov product (columns A^i g by the float64 recurrence), and the dense LDR-SD matrix
 * M = sum_i K(A, g_i) K(B^T, h_i)^T built row by row from the Stein identity. */
#include "fast/krylov_fast.h"

#include <stdlib.h>
#include <string.h>

/* v <- A v for A subdiagonal (a[t-1] = A[t][t-1]) with corner A[0][n-1]. */
static void subdiag_apply(double *v, long n, const double *a, double corner)
{
    double last = v[n - 1];
    for (long t = n - 1; t >= 1; t--)
        v[t] = a[t - 1] * v[t - 1];
    v[0] = corner * last;
}

void krylov_explicit_mul(double *y, long n, const double *a, double corner, const double *g,
                         const double *x)
{
    double *v = malloc(sizeof(double) * (size_t)n);
    memcpy(v, g, sizeof(double) * (size_t)n);
    for (long t = 0; t < n; t++)
        y[t] = x[0] * v[t];
    for (long i = 1; i < n; i++) {
        subdiag_apply(v, n, a, corner);
        for (long t = 0; t < n; t++)
            y[t] += x[i] * v[t];
    }
    free(v);
}

void krylov_explicit_mul_transpose(double *y, long n, const double *a, double corner,
                                   const double *g, const double *x)
{
    double *v = malloc(sizeof(double) * (size_t)n);
    memcpy(v, g, sizeof(double) * (size_t)n);
    for (long i = 0; i < n; i++) {
        if (i > 0)
            subdiag_apply(v, n, a, corner);
        double s = 0.0;
        for (long t = 0; t < n; t++)
            s += x[t] * v[t];
        y[i] = s;
    }
    free(v);
}

/* out = x B for B subdiagonal (b[s-1] = B[s][s-1]) with corner B[0][n-1]:
 * (x B)_j = x_{j+1} b_{j+1} (j < n-1), (x B)_{n-1} = x_0 fb. */
static void row_times_subdiag(double *out, const double *x, long n, const double *b, double fb)
{
    for (long j = 0; j + 1 < n; j++)
        out[j] = x[j + 1] * b[j];
    out[n - 1] = x[0] * fb;
}

/* Rows 1..n-1 of M from row 0: M[t] = s R[t] + a_t (M[t-1] B). */
static void ldr_rows(double *M, const double *R, long n, const double *a, const double *b,
                     double fb, double s, double *tmp)
{
    for (long t = 1; t < n; t++) {
        row_times_subdiag(tmp, M + (t - 1) * n, n, b, fb);
        for (long j = 0; j < n; j++)
            M[t * n + j] = s * R[t * n + j] + a[t - 1] * tmp[j];
    }
}

/* M = sum_{k<n} A^k R B^k (R = G H^T).  Since A^n = c_A I and B^n = c_B I (c = corner times
 * the product of the subdiagonal), M - A M B = (1 - c) R with c = c_A c_B.  Row t >= 1 of
 * A M B is a_t (M[t-1] B) and row 0 is f_A (M[n-1] B): propagate rows from a zero row 0 to
 * get w = M[n-1]|_{M[0]=0}; consistency gives M[0] = R[0] + f_A (w B) / (1 - c). */
int krylov_explicit_ldr_dense(double *M, long n, long r, const double *a, double fa,
                              const double *b, double fb, const double *G, const double *H)
{
    double ca = fa, cb = fb;
    for (long t = 0; t + 1 < n; t++) {
        ca *= a[t];
        cb *= b[t];
    }
    double c = n >= 2 ? ca * cb : 0.0;
    if (n >= 2 && c == 1.0)
        return -1;
    double *R = calloc((size_t)(n * n), sizeof(double));
    double *tmp = malloc(sizeof(double) * (size_t)n);
    for (long i = 0; i < r; i++)
        for (long t = 0; t < n; t++) {
            double gt = G[i * n + t];
            for (long j = 0; j < n; j++)
                R[t * n + j] += gt * H[i * n + j];
        }
    double s = 1.0 - c;
    if (n >= 2 && fa != 0.0) {
        memset(M, 0, sizeof(double) * (size_t)n);
        ldr_rows(M, R, n, a, b, fb, s, tmp);
        row_times_subdiag(tmp, M + (n - 1) * n, n, b, fb);
        for (long j = 0; j < n; j++)
            M[j] = R[j] + fa * tmp[j] / s;
    } else {
        memcpy(M, R, sizeof(double) * (size_t)n);
    }
    ldr_rows(M, R, n, a, b, fb, s, tmp);
    free(R);
    free(tmp);
    return 0;
}
