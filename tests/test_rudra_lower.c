/* Unit tests: Rudra et al. Sec. 4.5.3, the exact displacement ranks used by
 * proofs_check/rudra_ldr_lower (identity with a diagonal operator, diagonal with shifts). */
#include <criterion/criterion.h>

#include "ldr/displacement.h"
#include "ldr/operators.h"

static void diag_matrix(fmpq_mat_t W, const slong *d, slong n)
{
    fmpq_mat_zero(W);
    for (slong i = 0; i < n; i++)
        fmpq_set_si(fmpq_mat_entry(W, i, i), d[i], 1);
}

Test(rudra_lower, identity_with_diagonal_operator_full_rank)
{
    const slong d[] = {3, 1, 4, 1, 5, 9, 2, 6};
    slong n = 8;
    fmpq *q = _fmpq_vec_init(n);
    for (slong i = 0; i < n; i++)
        fmpq_set_si(q + i, d[i], 1);
    op_t D, Z;
    op_init_diag(&D, n, q);
    op_init_zf_si(&Z, n, 0);
    fmpq_mat_t I;
    fmpq_mat_init(I, n, n);
    fmpq_mat_one(I);
    cr_assert_eq(ldr_displacement_rank(&D, I, &Z), n);
    cr_assert_eq(ldr_displacement_rank(&Z, I, &D), n);
    op_t Z1, Zm1;
    op_init_zf_si(&Z1, n, 1);
    op_init_zf_si(&Zm1, n, -1);
    cr_assert_eq(ldr_displacement_rank(&Z1, I, &Zm1), 1); /* both shifts: I is Toeplitz */
    op_clear(&D), op_clear(&Z), op_clear(&Z1), op_clear(&Zm1);
    fmpq_mat_clear(I);
    _fmpq_vec_clear(q, n);
}

/* rank(Z D - D Z) = number of i with D_i != D_{i+1} */
Test(rudra_lower, diagonal_with_shifts)
{
    const slong d[] = {1, 1, 2, 3, 3, 3, 4, 5};
    slong n = 8;
    op_t Z;
    op_init_zf_si(&Z, n, 0);
    fmpq_mat_t W;
    fmpq_mat_init(W, n, n);
    diag_matrix(W, d, n);
    cr_assert_eq(ldr_displacement_rank(&Z, W, &Z), 4);
    const slong e[] = {1, 2, 3, 4, 5, 6, 7, 8};
    diag_matrix(W, e, n);
    cr_assert_eq(ldr_displacement_rank(&Z, W, &Z), n - 1);
    op_clear(&Z);
    fmpq_mat_clear(W);
}
