/* krylov_fast_ldr.c -- the LDR-SD layer multiply on top of the fast Krylov kernels:
 *     M = sum_{i<r} K(A, g_i) K(B^T, h_i)^T     (Thomas et al. 2018, eq. (2), Prop. 3).
 * Reduction of the superdiagonal factor: with J the reversal, J B^T J =: B' is subdiagonal +
 * corner (B'[t][t-1] = b_{n-t}, B'[0][n-1] = f_B), and J K(B^T, h) = K(B', J h), hence
 *     K(B^T, h)^T x = K(B', J h)^T (J x),      K(B^T, h) w = J K(B', J h) w.
 * So M x = sum_i K(A, g_i) K(B', J h_i)^T (J x) and M^T x = J sum_i K(B', J h_i) K(A, g_i)^T x. */
#include "fast/krylov_fast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct krylov_fast_ldr {
    long n, r;
    krylov_fast_plan_t *plan;
    krylov_fast_op_t **ka, **kb; /* K(A, g_i), K(B', J h_i) */
    double *u, *w, *z, *ws;      /* n, r*n, n, workspace */
};

static void reverse_vec(double *dst, const double *src, long n)
{
    for (long t = 0; t < n; t++)
        dst[t] = src[n - 1 - t];
}

static int ldr_inputs_ok(long n, long r, const double *a, double fa, const double *b,
                         double fb, const double *G, const double *H)
{
    if (r <= 0) {
        fprintf(stderr, "krylov_fast: r = %ld: the displacement rank must be at least 1\n", r);
        return 0;
    }
    int ok = isfinite(fa) && isfinite(fb);
    for (long t = 0; t + 1 < n && ok; t++)
        ok = isfinite(a[t]) && isfinite(b[t]);
    for (long t = 0; t < n * r && ok; t++)
        ok = isfinite(G[t]) && isfinite(H[t]);
    if (!ok)
        fprintf(stderr, "krylov_fast: LDR-SD parameters contain NaN or Inf (n = %ld, r = %ld)\n",
                n, r);
    return ok;
}

krylov_fast_ldr_t *krylov_fast_ldr_create(long n, long r, const double *a, double fa,
                                          const double *b, double fb, const double *G,
                                          const double *H, unsigned measure)
{
    krylov_fast_plan_t *plan = krylov_fast_plan_create(n, 1, measure);
    if (!plan)
        return NULL;
    if (!ldr_inputs_ok(n, r, a, fa, b, fb, G, H)) {
        krylov_fast_plan_destroy(plan);
        return NULL;
    }
    krylov_fast_ldr_t *L = calloc(1, sizeof *L);
    L->n = n;
    L->r = r;
    L->plan = plan;
    L->ka = calloc((size_t)r, sizeof *L->ka);
    L->kb = calloc((size_t)r, sizeof *L->kb);
    L->u = malloc(sizeof(double) * (size_t)n);
    L->z = malloc(sizeof(double) * (size_t)n);
    L->w = malloc(sizeof(double) * (size_t)(r * n));
    L->ws = malloc(sizeof(double) * (size_t)krylov_fast_multi_ws_size(n, r));
    double *brev = malloc(sizeof(double) * (size_t)(n > 1 ? n - 1 : 1));
    double *hrev = malloc(sizeof(double) * (size_t)n);
    for (long t = 1; t < n; t++)
        brev[t - 1] = b[n - t - 1]; /* b'_t = b_{n-t} */
    for (long i = 0; i < r; i++) {
        reverse_vec(hrev, H + i * n, n);
        L->ka[i] = krylov_fast_op_create(plan, a, n - 1, fa, G + i * n, n);
        L->kb[i] = krylov_fast_op_create(plan, brev, n - 1, fb, hrev, n);
    }
    free(brev);
    free(hrev);
    return L;
}

void krylov_fast_ldr_destroy(krylov_fast_ldr_t *L)
{
    if (!L)
        return;
    for (long i = 0; i < L->r; i++) {
        krylov_fast_op_destroy(L->ka[i]);
        krylov_fast_op_destroy(L->kb[i]);
    }
    free(L->ka);
    free(L->kb);
    free(L->u);
    free(L->z);
    free(L->w);
    free(L->ws);
    krylov_fast_plan_destroy(L->plan);
    free(L);
}

static int ldr_check_batch(const krylov_fast_ldr_t *L, const double *X, long batch)
{
    if (batch <= 0) {
        fprintf(stderr, "krylov_fast: batch = %ld: at least one vector is needed\n", batch);
        return 0;
    }
    for (long t = 0; t < L->n * batch; t++)
        if (!isfinite(X[t])) {
            fprintf(stderr, "krylov_fast: input vectors contain NaN or Inf (n = %ld)\n", L->n);
            return 0;
        }
    return 1;
}

static int ldr_finish(const krylov_fast_ldr_t *L, const double *Y, long batch)
{
    for (long t = 0; t < L->n * batch; t++)
        if (!isfinite(Y[t])) {
            fprintf(stderr, "krylov_fast: LDR-SD result overflows double (n = %ld)\n", L->n);
            return -1;
        }
    return 0;
}

/* M x = sum_i K(A, g_i) [K(B', J h_i)^T (J x)]: one rank-r bottom-up pass on the B' side,
 * one rank-r top-down pass on the A side. */
int krylov_fast_ldr_mul(const krylov_fast_ldr_t *L, double *Y, const double *X, long batch)
{
    long n = L->n;
    if (!ldr_check_batch(L, X, batch))
        return -1;
    const krylov_fast_op_t *const *ka = (const krylov_fast_op_t *const *)L->ka;
    const krylov_fast_op_t *const *kb = (const krylov_fast_op_t *const *)L->kb;
    for (long v = 0; v < batch; v++) {
        reverse_vec(L->u, X + v * n, n);                      /* J x */
        krylov_fast_multi_transpose(kb, L->r, L->w, L->u, L->ws); /* w_i = K(B',Jh_i)^T J x */
        krylov_fast_multi_sum(ka, L->r, Y + v * n, L->w, L->ws);  /* sum_i K(A,g_i) w_i */
    }
    return ldr_finish(L, Y, batch);
}

/* M^T x = J sum_i K(B', J h_i) [K(A, g_i)^T x]. */
int krylov_fast_ldr_mul_transpose(const krylov_fast_ldr_t *L, double *Y, const double *X,
                                  long batch)
{
    long n = L->n;
    if (!ldr_check_batch(L, X, batch))
        return -1;
    const krylov_fast_op_t *const *ka = (const krylov_fast_op_t *const *)L->ka;
    const krylov_fast_op_t *const *kb = (const krylov_fast_op_t *const *)L->kb;
    for (long v = 0; v < batch; v++) {
        krylov_fast_multi_transpose(ka, L->r, L->w, X + v * n, L->ws); /* K(A,g_i)^T x */
        krylov_fast_multi_sum(kb, L->r, L->z, L->w, L->ws);            /* sum_i K(B',Jh_i) . */
        reverse_vec(Y + v * n, L->z, n);                                /* J */
    }
    return ldr_finish(L, Y, batch);
}
