/* krylov.c -- exact Krylov matrices and the Proposition 3 identity. */
#include "ldr/krylov.h"

#include "exact/qmat.h"

void krylov_matrix(fmpq_mat_t K, const op_t *A, const fmpq *v)
{
    slong n = A->n;
    fmpq *x = _fmpq_vec_init(n);
    qvec_set(x, v, n);
    for (slong i = 0; i < n; i++) {
        if (i > 0)
            op_mul_vec(x, A, x);
        qmat_set_col(K, i, x);
    }
    _fmpq_vec_clear(x, n);
}

/* M = sum_i K(A, g_i) [J] K(B^T, h_i)^T; the reversal J flips the columns of K(A, g_i). */
static void product_sum(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                        const fmpq_mat_t H, int reversed)
{
    slong n = A->n, r = fmpq_mat_ncols(G);
    op_t Bt;
    op_init_transpose(&Bt, B);
    fmpq_mat_t KA, KB, KBt, P;
    fmpq_mat_init(KA, n, n);
    fmpq_mat_init(KB, n, n);
    fmpq_mat_init(KBt, n, n);
    fmpq_mat_init(P, n, n);
    fmpq *v = _fmpq_vec_init(n);
    fmpq_mat_zero(M);
    for (slong i = 0; i < r; i++) {
        qmat_get_col(v, G, i);
        krylov_matrix(KA, A, v);
        for (slong k = 0; reversed && k < n / 2; k++)
            for (slong row = 0; row < n; row++)
                fmpq_swap(fmpq_mat_entry(KA, row, k), fmpq_mat_entry(KA, row, n - 1 - k));
        qmat_get_col(v, H, i);
        krylov_matrix(KB, &Bt, v);
        fmpq_mat_transpose(KBt, KB);
        fmpq_mat_mul(P, KA, KBt);
        fmpq_mat_add(M, M, P);
    }
    _fmpq_vec_clear(v, n);
    fmpq_mat_clear(KA);
    fmpq_mat_clear(KB);
    fmpq_mat_clear(KBt);
    fmpq_mat_clear(P);
    op_clear(&Bt);
}

void krylov_product_sum(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                        const fmpq_mat_t H)
{
    product_sum(M, A, B, G, H, 0);
}

void krylov_reversed_product_sum(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                                 const fmpq_mat_t H)
{
    product_sum(M, A, B, G, H, 1);
}

/* Derivation (Prop. 3).  Let K = K(A, g), L = K(B^T, h) and Z the down-shift (Z e_j = e_{j+1}).
 *   A^{-1} K = K Z^T + A^{-1} g e_0^T          (columns A^{-1}g, g, ..., A^{n-2} g)
 *   L^T B    = Z^T L^T + e_{n-1} h^T B^n       (transpose of B^T L = L Z + (B^T)^n h e_{n-1}^T)
 * hence A^{-1} K L^T - K L^T B = A^{-1} g h^T - A^{n-1} g h^T B^n: rank <= 2 per term. */
int krylov_prop3_generators(fmpq_mat_t GG, fmpq_mat_t HH, const op_t *A, const op_t *B,
                            const fmpq_mat_t G, const fmpq_mat_t H)
{
    slong n = A->n, r = fmpq_mat_ncols(G);
    fmpq_mat_t Ad, AinvG, AG, BH;
    fmpq_mat_init(Ad, n, n);
    op_dense(Ad, A);
    fmpq_mat_init(AinvG, n, r);
    if (!fmpq_mat_solve(AinvG, Ad, G)) {
        fmpq_mat_clear(Ad);
        fmpq_mat_clear(AinvG);
        return -1;
    }
    fmpq_mat_init_set(AG, G);
    for (slong k = 0; k < n - 1; k++)
        op_mul_left(AG, A, AG); /* A^{n-1} G */
    op_t Bt;
    op_init_transpose(&Bt, B);
    fmpq_mat_init_set(BH, H);
    for (slong k = 0; k < n; k++)
        op_mul_left(BH, &Bt, BH); /* (B^T)^n H */
    fmpq_mat_neg(AG, AG);
    qmat_set_block(GG, AinvG, 0, 0);
    qmat_set_block(GG, AG, 0, r);
    qmat_set_block(HH, H, 0, 0);
    qmat_set_block(HH, BH, 0, r);
    fmpq_mat_clear(Ad);
    fmpq_mat_clear(AinvG);
    fmpq_mat_clear(AG);
    fmpq_mat_clear(BH);
    op_clear(&Bt);
    return 0;
}
