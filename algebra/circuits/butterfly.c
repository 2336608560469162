/* butterfly.c -- butterfly factor matrices, sequences, the DFT factorisation, float64. */
#include "circuits/butterfly.h"

#include <stdlib.h>

#include "exact/qmat.h"

void butterfly_factor_init(butterfly_factor_t F, slong N, slong k)
{
    F->N = N;
    F->k = k;
    F->a = cyclo_vec_init(N / 2);
    F->b = cyclo_vec_init(N / 2);
    F->c = cyclo_vec_init(N / 2);
    F->d = cyclo_vec_init(N / 2);
}

void butterfly_factor_clear(butterfly_factor_t F)
{
    cyclo_vec_clear(F->a, F->N / 2);
    cyclo_vec_clear(F->b, F->N / 2);
    cyclo_vec_clear(F->c, F->N / 2);
    cyclo_vec_clear(F->d, F->N / 2);
}

void butterfly_factor_set_identity(butterfly_factor_t F)
{
    for (slong p = 0; p < F->N / 2; p++) {
        fmpq_poly_set_si(F->a + p, 1);
        fmpq_poly_zero(F->b + p);
        fmpq_poly_zero(F->c + p);
        fmpq_poly_set_si(F->d + p, 1);
    }
}

void butterfly_factor_set(butterfly_factor_t F, const butterfly_factor_t G)
{
    for (slong p = 0; p < F->N / 2; p++) {
        fmpq_poly_set(F->a + p, G->a + p);
        fmpq_poly_set(F->b + p, G->b + p);
        fmpq_poly_set(F->c + p, G->c + p);
        fmpq_poly_set(F->d + p, G->d + p);
    }
}

void butterfly_factor_transpose(butterfly_factor_t F)
{
    for (slong p = 0; p < F->N / 2; p++)
        fmpq_poly_swap(F->b + p, F->c + p);
}

void butterfly_factor_apply(const butterfly_factor_t F, fmpq_poly_struct *x, const cyclo_ctx_t ctx)
{
    slong h = F->k / 2;
    cyclo_t u, v;
    fmpq_poly_init(u);
    fmpq_poly_init(v);
    for (slong p = 0; p < F->N / 2; p++) {
        slong t = butterfly_pair_top(p, h);
        fmpq_poly_struct *x0 = x + t, *x1 = x + t + h;
        if (fmpq_poly_is_zero(x0) && fmpq_poly_is_zero(x1))
            continue;
        fmpq_poly_zero(u);
        fmpq_poly_zero(v);
        cyclo_addmul(u, F->a + p, x0, ctx);
        cyclo_addmul(u, F->b + p, x1, ctx);
        cyclo_addmul(v, F->c + p, x0, ctx);
        cyclo_addmul(v, F->d + p, x1, ctx);
        fmpq_poly_swap(x0, u);
        fmpq_poly_swap(x1, v);
    }
    fmpq_poly_clear(u);
    fmpq_poly_clear(v);
}

void butterfly_factor_dense(const butterfly_factor_t F, fmpq_poly_struct *M)
{
    slong N = F->N, h = F->k / 2;
    cyclo_vec_zero(M, N * N);
    for (slong p = 0; p < N / 2; p++) {
        slong t = butterfly_pair_top(p, h), u = t + h;
        fmpq_poly_set(M + t * N + t, F->a + p);
        fmpq_poly_set(M + t * N + u, F->b + p);
        fmpq_poly_set(M + u * N + t, F->c + p);
        fmpq_poly_set(M + u * N + u, F->d + p);
    }
}

void butterfly_factor_rand(butterfly_factor_t F, flint_rand_t st)
{
    fmpq_t q;
    fmpq_init(q);
    fmpq_poly_struct *e[4] = {F->a, F->b, F->c, F->d};
    for (int j = 0; j < 4; j++)
        for (slong p = 0; p < F->N / 2; p++) {
            qrand_fmpq(q, st, 5, 3);
            fmpq_poly_set_fmpq(e[j] + p, q);
        }
    fmpq_clear(q);
}

void butterfly_seq_init(butterfly_seq_t S, slong N)
{
    S->N = N;
    S->len = S->alloc = 0;
    S->f = NULL;
}

void butterfly_seq_clear(butterfly_seq_t S)
{
    for (slong i = 0; i < S->len; i++)
        butterfly_factor_clear(S->f + i);
    free(S->f);
}

butterfly_factor_struct *butterfly_seq_push_zero(butterfly_seq_t S, slong k)
{
    if (S->len == S->alloc) {
        S->alloc = S->alloc ? 2 * S->alloc : 8;
        S->f = realloc(S->f, (size_t) S->alloc * sizeof(butterfly_factor_struct));
    }
    butterfly_factor_init(S->f + S->len, S->N, k);
    return S->f + S->len++;
}

void butterfly_seq_push(butterfly_seq_t S, const butterfly_factor_t F)
{
    butterfly_factor_set(butterfly_seq_push_zero(S, F->k), F);
}

void butterfly_seq_append(butterfly_seq_t S, const butterfly_seq_t T)
{
    for (slong i = 0; i < T->len; i++)
        butterfly_seq_push(S, T->f + i);
}

void butterfly_seq_apply(const butterfly_seq_t S, fmpq_poly_struct *x, const cyclo_ctx_t ctx)
{
    for (slong i = 0; i < S->len; i++)
        butterfly_factor_apply(S->f + i, x, ctx);
}

int butterfly_seq_is_butterfly(const butterfly_seq_t S)
{
    slong k = 2;
    for (slong i = 0; i < S->len; i++, k *= 2)
        if (S->f[i].k != k || S->f[i].N != S->N)
            return 0;
    return k == 2 * S->N;
}

void butterfly_seq_matrix(const butterfly_seq_t S, fmpq_poly_struct *M, const cyclo_ctx_t ctx)
{
    slong N = S->N;
    fmpq_poly_struct *x = cyclo_vec_init(N);
    for (slong j = 0; j < N; j++) {
        cyclo_vec_zero(x, N);
        fmpq_poly_set_si(x + j, 1);
        butterfly_seq_apply(S, x, ctx);
        for (slong i = 0; i < N; i++)
            fmpq_poly_swap(M + i * N + j, x + i);
    }
    cyclo_vec_clear(x, N);
}

slong butterfly_seq_params(const butterfly_seq_t S)
{
    return 2 * S->N * S->len;
}

void butterfly_dft(butterfly_seq_t S, slong n, const cyclo_ctx_t ctx)
{
    butterfly_seq_init(S, n);
    for (slong k = 2; k <= n; k *= 2) {
        butterfly_factor_struct *F = butterfly_seq_push_zero(S, k);
        slong h = k / 2;
        for (slong p = 0; p < n / 2; p++) {
            slong j = p % h; /* twiddle w_k^j = zeta_n^(-(n/k) j) */
            fmpq_poly_set_si(F->a + p, 1);
            fmpq_poly_set_si(F->c + p, 1);
            cyclo_zeta_pow(F->b + p, -(n / k) * j, ctx);
            fmpq_poly_neg(F->d + p, F->b + p);
        }
    }
}

/* ---------------------------------------------------------------- float64 */
static void d_factor_alloc(butterfly_d_factor_struct *F, slong N, slong k)
{
    F->N = N;
    F->k = k;
    F->a = malloc((size_t) (N / 2) * 4 * sizeof(double));
    F->b = F->a + N / 2;
    F->c = F->b + N / 2;
    F->d = F->c + N / 2;
}

void butterfly_d_seq_from_exact(butterfly_d_seq_t D, const butterfly_seq_t S,
                                const cyclo_ctx_t ctx)
{
    D->N = S->N;
    D->len = S->len;
    D->f = malloc((size_t) FLINT_MAX(S->len, 1) * sizeof(butterfly_d_factor_struct));
    for (slong i = 0; i < S->len; i++) {
        butterfly_d_factor_struct *F = D->f + i;
        const butterfly_factor_struct *G = S->f + i;
        d_factor_alloc(F, S->N, G->k);
        for (slong p = 0; p < S->N / 2; p++) {
            F->a[p] = creal(cyclo_get_complex(G->a + p, ctx));
            F->b[p] = creal(cyclo_get_complex(G->b + p, ctx));
            F->c[p] = creal(cyclo_get_complex(G->c + p, ctx));
            F->d[p] = creal(cyclo_get_complex(G->d + p, ctx));
        }
    }
}

void butterfly_d_seq_rand(butterfly_d_seq_t D, slong N, slong len, const slong *k,
                          flint_rand_t st)
{
    D->N = N;
    D->len = len;
    D->f = malloc((size_t) FLINT_MAX(len, 1) * sizeof(butterfly_d_factor_struct));
    for (slong i = 0; i < len; i++) {
        d_factor_alloc(D->f + i, N, k[i]);
        for (slong t = 0; t < 2 * N; t++)
            D->f[i].a[t] = 2.0 * (double) n_randint(st, 1u << 20) / (double) (1u << 20) - 1.0;
    }
}

void butterfly_d_seq_clear(butterfly_d_seq_t D)
{
    for (slong i = 0; i < D->len; i++)
        free(D->f[i].a);
    free(D->f);
}

void butterfly_d_seq_apply(const butterfly_d_seq_t D, double *x)
{
    for (slong i = 0; i < D->len; i++) {
        const butterfly_d_factor_struct *F = D->f + i;
        slong h = F->k / 2, p = 0;
        for (slong blk = 0; blk < F->N; blk += F->k)
            for (slong j = 0; j < h; j++, p++) {
                double x0 = x[blk + j], x1 = x[blk + j + h];
                x[blk + j] = F->a[p] * x0 + F->b[p] * x1;
                x[blk + j + h] = F->c[p] * x0 + F->d[p] * x1;
            }
    }
}

int butterfly_factor_is_switch(const butterfly_factor_t F)
{
    for (slong p = 0; p < F->N / 2; p++) {
        int straight = fmpq_poly_is_one(F->a + p) && fmpq_poly_is_zero(F->b + p) &&
                       fmpq_poly_is_zero(F->c + p) && fmpq_poly_is_one(F->d + p);
        int cross = fmpq_poly_is_zero(F->a + p) && fmpq_poly_is_one(F->b + p) &&
                    fmpq_poly_is_one(F->c + p) && fmpq_poly_is_zero(F->d + p);
        if (!straight && !cross)
            return 0;
    }
    return 1;
}
