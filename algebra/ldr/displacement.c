/* displacement.c -- Sylvester / Stein displacements, exact rank, generators. */
#include "ldr/displacement.h"

#include "exact/qmat.h"

void ldr_sylvester(fmpq_mat_t R, const op_t *A, const fmpq_mat_t M, const op_t *B)
{
    fmpq_mat_t AM, MB;
    fmpq_mat_init(AM, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    fmpq_mat_init(MB, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    op_mul_left(AM, A, M);
    op_mul_right(MB, M, B);
    fmpq_mat_sub(R, AM, MB);
    fmpq_mat_clear(AM);
    fmpq_mat_clear(MB);
}

void ldr_stein(fmpq_mat_t R, const op_t *A, const fmpq_mat_t M, const op_t *B)
{
    fmpq_mat_t AMB;
    fmpq_mat_init(AMB, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    op_mul_left(AMB, A, M);
    op_mul_right(AMB, AMB, B);
    fmpq_mat_sub(R, M, AMB);
    fmpq_mat_clear(AMB);
}

slong ldr_displacement_rank(const op_t *A, const fmpq_mat_t M, const op_t *B)
{
    fmpq_mat_t R;
    fmpq_mat_init(R, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    ldr_sylvester(R, A, M, B);
    slong r = qmat_rank(R);
    fmpq_mat_clear(R);
    return r;
}

slong ldr_stein_rank(const op_t *A, const fmpq_mat_t M, const op_t *B)
{
    fmpq_mat_t R;
    fmpq_mat_init(R, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    ldr_stein(R, A, M, B);
    slong r = qmat_rank(R);
    fmpq_mat_clear(R);
    return r;
}

/* R = C E with C the pivot columns of R and E the non-zero rows of rref(R)
 * (the column-row factorization): exact, of width rank(R). */
slong ldr_generators(fmpq_mat_t G, fmpq_mat_t H, const fmpq_mat_t R)
{
    slong m = fmpq_mat_nrows(R), n = fmpq_mat_ncols(R);
    fmpq_mat_t E;
    fmpq_mat_init(E, m, n);
    slong rho = (m && n) ? fmpq_mat_rref(E, R) : 0;
    fmpq_mat_init(G, m, rho);
    fmpq_mat_init(H, n, rho);
    slong col = 0;
    for (slong k = 0; k < rho; k++) {
        while (fmpq_is_zero(fmpq_mat_entry(E, k, col)))
            col++;
        for (slong i = 0; i < m; i++)
            fmpq_set(fmpq_mat_entry(G, i, k), fmpq_mat_entry(R, i, col));
        for (slong j = 0; j < n; j++)
            fmpq_set(fmpq_mat_entry(H, j, k), fmpq_mat_entry(E, k, j));
    }
    fmpq_mat_clear(E);
    return rho;
}
