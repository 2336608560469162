/* yelim_float.c -- float64 product and Jacobian of the Ye-Lim multiplication map
 * mu_k(T_1, .., T_k) = T_1 ... T_k (see yelim.h); shared by the LM fit and the Krawczyk test. */
#include "decompositions/yelim.h"

#include <stdlib.h>
#include <string.h>

static void yelim_factor_d(double *F, yelim_kind_t kind, slong n, const double *t)
{
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            F[i * n + j] = t[yelim_param_index(kind, n, i, j)];
}

static void yelim_matmul_d(double *C, const double *A, const double *B, slong n)
{
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            double s = 0;
            for (slong l = 0; l < n; l++)
                s += A[i * n + l] * B[l * n + j];
            C[i * n + j] = s;
        }
}

static void yelim_identity_d(double *A, slong n)
{
    for (slong i = 0; i < n * n; i++)
        A[i] = (i % (n + 1) == 0) ? 1.0 : 0.0;
}

/* Pre[f] = T_1..T_{f-1}, Suf[f] = T_{f+1}..T_k (arrays of k n x n blocks), P = product. */
static void yelim_prefix_suffix_d(double *Pre, double *Suf, double *P, yelim_kind_t kind,
                                  slong n, slong k, const double *theta)
{
    slong nn = n * n, np = 2 * n - 1;
    double *F = malloc(sizeof(double) * (size_t)(nn * k));
    for (slong f = 0; f < k; f++)
        yelim_factor_d(F + f * nn, kind, n, theta + f * np);
    yelim_identity_d(Pre, n);
    for (slong f = 1; f < k; f++)
        yelim_matmul_d(Pre + f * nn, Pre + (f - 1) * nn, F + (f - 1) * nn, n);
    yelim_identity_d(Suf + (k - 1) * nn, n);
    for (slong f = k - 2; f >= 0; f--)
        yelim_matmul_d(Suf + f * nn, F + (f + 1) * nn, Suf + (f + 1) * nn, n);
    if (P)
        yelim_matmul_d(P, Pre + (k - 1) * nn, F + (k - 1) * nn, n);
    free(F);
}

void yelim_product_d(double *P, yelim_kind_t kind, slong n, slong k, const double *theta)
{
    slong nn = n * n;
    double *Pre = malloc(sizeof(double) * (size_t)(nn * k));
    double *Suf = malloc(sizeof(double) * (size_t)(nn * k));
    yelim_prefix_suffix_d(Pre, Suf, P, kind, n, k, theta);
    free(Pre);
    free(Suf);
}

void yelim_jacobian_d(double *J, yelim_kind_t kind, slong n, slong k, const double *theta)
{
    slong nn = n * n, np = 2 * n - 1, N = k * np;
    double *Pre = malloc(sizeof(double) * (size_t)(nn * k));
    double *Suf = malloc(sizeof(double) * (size_t)(nn * k));
    yelim_prefix_suffix_d(Pre, Suf, NULL, kind, n, k, theta);
    memset(J, 0, sizeof(double) * (size_t)(nn * N));
    for (slong f = 0; f < k; f++)
        for (slong a = 0; a < n; a++)
            for (slong b = 0; b < n; b++) {
                slong col = f * np + yelim_param_index(kind, n, a, b);
                for (slong r = 0; r < n; r++)
                    for (slong c = 0; c < n; c++)
                        J[(r * n + c) * N + col] += Pre[f * nn + r * n + a] * Suf[f * nn + b * n + c];
            }
    free(Pre);
    free(Suf);
}
