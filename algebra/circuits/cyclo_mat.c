/* cyclo_mat.c -- ranks and transforms over Q(zeta_N) (see cyclo_mat.h). */
#include "circuits/cyclo_mat.h"

#include "exact/rank_mm.h"

void cyclo_mat_regular(fmpq_mat_t Q, const fmpq_poly_struct *M, slong rows, slong cols,
                       const cyclo_ctx_t ctx)
{
    slong d = ctx->degree;
    fmpq_poly_t t, zb;
    fmpq_poly_init(t);
    fmpq_poly_init(zb);
    fmpq_t c;
    fmpq_init(c);
    for (slong i = 0; i < rows; i++)
        for (slong j = 0; j < cols; j++)
            for (slong b = 0; b < d; b++) { /* column b of the block: coefficients of m z^b */
                cyclo_zeta_pow(zb, b, ctx);
                cyclo_mul(t, M + i * cols + j, zb, ctx);
                for (slong a = 0; a < d; a++) {
                    fmpq_poly_get_coeff_fmpq(c, t, a);
                    fmpq_set(fmpq_mat_entry(Q, i * d + a, j * d + b), c);
                }
            }
    fmpq_clear(c);
    fmpq_poly_clear(t);
    fmpq_poly_clear(zb);
}

slong cyclo_mat_rank(const fmpq_poly_struct *M, slong rows, slong cols, const cyclo_ctx_t ctx)
{
    slong d = ctx->degree;
    fmpq_mat_t Q;
    fmpq_mat_init(Q, d * rows, d * cols);
    cyclo_mat_regular(Q, M, rows, cols, ctx);
    slong r = rank_mm_fmpq(Q, NULL);
    fmpq_mat_clear(Q);
    return r / d; /* exact: the Q-rank is a multiple of d */
}

void cyclo_mat_set_fmpq_mat(fmpq_poly_struct *dst, const fmpq_mat_t src)
{
    slong n = fmpq_mat_ncols(src);
    for (slong i = 0; i < fmpq_mat_nrows(src); i++)
        for (slong j = 0; j < n; j++)
            fmpq_poly_set_fmpq(dst + i * n + j, fmpq_mat_entry(src, i, j));
}

void cyclo_mat_sylvester(fmpq_poly_struct *R, const fmpq_poly_struct *A,
                         const fmpq_poly_struct *M, const fmpq_poly_struct *B, slong n,
                         const cyclo_ctx_t ctx)
{
    fmpq_poly_struct *T = cyclo_vec_init(n * n);
    cyclo_mat_mul(R, A, M, n, ctx);
    cyclo_mat_mul(T, M, B, n, ctx);
    for (slong i = 0; i < n * n; i++)
        fmpq_poly_sub(R + i, R + i, T + i);
    cyclo_vec_clear(T, n * n);
}

void cyclo_dft_matrix(fmpq_poly_struct *F, slong n, const cyclo_ctx_t ctx)
{
    for (slong j = 0; j < n; j++)
        for (slong k = 0; k < n; k++)
            cyclo_zeta_pow(F + j * n + k, (j * k) % n, ctx);
}

/* r = (z^e + z^-e) / 2 */
static void half_cos(fmpq_poly_t r, slong e, const cyclo_ctx_t ctx)
{
    fmpq_poly_t t;
    fmpq_poly_init(t);
    cyclo_zeta_pow(r, e, ctx);
    cyclo_zeta_pow(t, -e, ctx);
    fmpq_poly_add(r, r, t);
    fmpq_poly_scalar_div_si(r, r, 2);
    fmpq_poly_clear(t);
}

void cyclo_chebyshev_nodes(fmpq_poly_struct *x, slong n, const cyclo_ctx_t ctx)
{
    for (slong i = 0; i < n; i++)
        half_cos(x + i, 2 * i + 1, ctx);
}

void cyclo_dct2_matrix(fmpq_poly_struct *C, slong n, const cyclo_ctx_t ctx)
{
    for (slong k = 0; k < n; k++)
        for (slong i = 0; i < n; i++)
            half_cos(C + k * n + i, k * (2 * i + 1), ctx);
}
