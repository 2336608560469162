/* Proposition 3 of Thomas et al. 2018 for the trainer's Krylov layers: the weight
 * W = sum_i K(A,g_i) K(B^T,h_i)^T has displacement rank at most 2r with respect to
 * (A^{-1}, B), i.e. rank(W - A W B) <= 2r.  Checked in float64 with singular values
 * (sigma_{2r+1} / sigma_1 < 1e-10) for random generators and operators; negative
 * control: a dense random W has full displacement rank.  (LDR-TD operators: random
 * tridiagonal + corners, invertible with probability one.) */
#include <cblas.h>
#include <criterion/criterion.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "trainer/layer.h"

enum { DN = 9, DR = 2 };

static double dr_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return ((*s >> 8) & 0xffff) / 32768.0 - 1.0;
}

/* Dense operators of each class; the learned entries of LDR-SD are read from P in the
 * layer's layout (A and B^T: subdiagonal n-1, top-right corner). */
static void dr_operators(layer_class_t c, const double *p, double *A, double *B)
{
    const int n = DN;
    memset(A, 0, sizeof(double) * n * n);
    memset(B, 0, sizeof(double) * n * n);
    const double *op = p + 2 * DR * n;
    for (int k = 0; k + 1 < n; k++) {
        switch (c) {
        case LAYER_TOEPLITZ_LIKE: A[(k + 1) * n + k] = 1; B[(k + 1) * n + k] = 1; break; /* Z_1, Z_-1 */
        case LAYER_HANKEL_LIKE: A[(k + 1) * n + k] = 1; B[k * n + k + 1] = 1; break;    /* Z_1, Z_0^T */
        case LAYER_VANDERMONDE_LIKE: B[(k + 1) * n + k] = 1; break;                    /* B = Z_0 */
        default: A[(k + 1) * n + k] = op[k]; B[(k + 1) * n + k] = op[n + k]; break;   /* B = (B^T)^T */
        }
    }
    if (c == LAYER_TOEPLITZ_LIKE) { A[n - 1] = 1; B[n - 1] = -1; }
    if (c == LAYER_HANKEL_LIKE) A[n - 1] = 1;
    if (c == LAYER_VANDERMONDE_LIKE)
        for (int t = 0; t < n; t++) A[t * n + t] = cos(M_PI * (t + 0.5) / n);
    if (c == LAYER_LDR_SD) { /* B^T subdiagonal + top-right corner: B superdiagonal + bottom-left */
        for (int k = 0; k + 1 < n; k++) { B[(k + 1) * n + k] = 0; B[k * n + k + 1] = op[n + k]; }
        A[n - 1] = op[n - 1];
        B[(n - 1) * n] = op[2 * n - 1];
    }
    if (c == LAYER_LDR_TD) { /* per operator: d (n) | s (n-1) | u (n-1) | cu | cl */
        memset(A, 0, sizeof(double) * n * n);
        memset(B, 0, sizeof(double) * n * n);
        for (int m = 0; m < 2; m++) {
            const double *o = op + 3 * n * m;
            double *M = m ? B : A; /* B is filled transposed: M[q][p] = (B^T)[p][q] */
            int tr = m;
            for (int t = 0; t < n; t++) M[t * n + t] = o[t];
            for (int k = 0; k + 1 < n; k++) {
                M[tr ? k * n + k + 1 : (k + 1) * n + k] = o[n + k];      /* sub of A / B^T */
                M[tr ? (k + 1) * n + k : k * n + k + 1] = o[2 * n - 1 + k]; /* super */
            }
            M[tr ? (n - 1) * n : n - 1] = o[3 * n - 2];  /* top-right corner */
            M[tr ? n - 1 : (n - 1) * n] = o[3 * n - 1];  /* bottom-left corner */
        }
    }
}

/* Number of singular values of W - A W B above 1e-10 sigma_1. */
static int dr_rank(const double *W, const double *A, const double *B)
{
    const int n = DN;
    double AW[DN * DN], D[DN * DN], s[DN], sup[DN], u[1], vt[1];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, A, n, W, n, 0, AW, n);
    memcpy(D, W, sizeof D);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, -1, AW, n, B, n, 1, D, n);
    cr_assert_eq(LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', n, n, D, n, s, u, 1, vt, 1, sup), 0);
    int rank = 0;
    for (int k = 0; k < n; k++) rank += s[k] > 1e-10 * s[0];
    return rank;
}

Test(trainer_displacement, prop3_rank_at_most_2r)
{
    layer_class_t list[] = {LAYER_TOEPLITZ_LIKE, LAYER_HANKEL_LIKE, LAYER_VANDERMONDE_LIKE,
                             LAYER_LDR_SD, LAYER_LDR_TD};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
        layer_t *L = layer_create(list[i], DN, DN, DR, 0);
        cr_assert_not_null(L);
        double p[4 * DR * DN + 8 * DN], W[DN * DN], A[DN * DN], B[DN * DN];
        unsigned s = 17u + (unsigned)i;
        for (size_t k = 0; k < L->nweights; k++) p[k] = dr_rand(&s);
        L->ops->weight(L, p, W);
        dr_operators(list[i], p, A, B);
        int rank = dr_rank(W, A, B);
        cr_expect(rank <= 2 * DR, "%s: displacement rank %d > 2r = %d", layer_class_name(list[i]), rank, 2 * DR);
        layer_destroy(L);
    }
}

Test(trainer_displacement, dense_matrix_has_full_displacement_rank)
{
    double W[DN * DN], A[DN * DN], B[DN * DN], p[4 * DR * DN] = {0};
    unsigned s = 99u;
    for (int k = 0; k < DN * DN; k++) W[k] = dr_rand(&s);
    dr_operators(LAYER_TOEPLITZ_LIKE, p, A, B);
    cr_expect_eq(dr_rank(W, A, B), DN);
}
