/* Unit tests: algebra/operators, spectra (hand-computed small cases and consistency). */
#include <criterion/criterion.h>

#include "ldr/operators.h"
#include "exact/qmat.h"
#include "ldr/spectra.h"

static void dense_of(fmpq_mat_t D, const op_t *A)
{
    fmpq_mat_init(D, A->n, A->n);
    op_dense(D, A);
}

Test(core_operators, zf_dense_form)
{
    op_t Z;
    op_init_zf_si(&Z, 3, 5);
    fmpq_mat_t D;
    dense_of(D, &Z);
    /* ones on the subdiagonal, f = 5 top-right */
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 1, 0), 1));
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 2, 1), 1));
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 0, 2), 5));
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 0, 0), 0));
    cr_assert_eq(op_param_count(&Z), 1);
    fmpq_mat_clear(D);
    op_clear(&Z);
}

Test(core_operators, param_counts_match_table1)
{
    flint_rand_t st;
    flint_randinit(st);
    op_t S, T;
    op_init_rand(&S, OP_SUBDIAG, 10, st, 3, 2);
    op_init_rand(&T, OP_TRIDIAG, 10, st, 3, 2);
    cr_assert_eq(op_param_count(&S), 10); /* n - 1 subdiagonal + corner */
    cr_assert_eq(op_param_count(&T), 30); /* n + 2(n - 1) + 2 corners */
    op_clear(&S);
    op_clear(&T);
    flint_randclear(st);
}

/* structured application == dense product, transpose == dense transpose, for every kind */
Test(core_operators, apply_and_transpose_match_dense)
{
    flint_rand_t st;
    flint_randinit(st);
    const op_kind_t kinds[] = {OP_ZF, OP_DIAG, OP_SUBDIAG, OP_TRIDIAG, OP_DENSE};
    for (int k = 0; k < 5; k++)
        for (slong n = 1; n <= 6; n++) {
            op_t A, At;
            op_init_rand(&A, kinds[k], n, st, 5, 3);
            op_init_transpose(&At, &A);
            fmpq_mat_t D, Dt, X, Y1, Y2, T;
            dense_of(D, &A);
            dense_of(Dt, &At);
            fmpq_mat_init(T, n, n);
            fmpq_mat_transpose(T, D);
            cr_assert(fmpq_mat_equal(T, Dt), "transpose kind %d n %ld", k, (long)n);
            fmpq_mat_init(X, n, 3);
            fmpq_mat_init(Y1, n, 3);
            fmpq_mat_init(Y2, n, 3);
            qmat_rand(X, st, 7, 3);
            op_mul_left(Y1, &A, X);
            fmpq_mat_mul(Y2, D, X);
            cr_assert(fmpq_mat_equal(Y1, Y2), "left kind %d n %ld", k, (long)n);
            fmpq_mat_t Xr, Z1, Z2;
            fmpq_mat_init(Xr, 2, n);
            fmpq_mat_init(Z1, 2, n);
            fmpq_mat_init(Z2, 2, n);
            qmat_rand(Xr, st, 7, 3);
            op_mul_right(Z1, Xr, &A);
            fmpq_mat_mul(Z2, Xr, D);
            cr_assert(fmpq_mat_equal(Z1, Z2), "right kind %d n %ld", k, (long)n);
            fmpq_mat_clear(Xr), fmpq_mat_clear(Z1), fmpq_mat_clear(Z2);
            fmpq_mat_clear(D), fmpq_mat_clear(Dt), fmpq_mat_clear(T);
            fmpq_mat_clear(X), fmpq_mat_clear(Y1), fmpq_mat_clear(Y2);
            op_clear(&A);
            op_clear(&At);
        }
    flint_randclear(st);
    flint_cleanup_master();
}

Test(core_operators, blockdiag_apply)
{
    op_t blocks[2], A;
    op_init_zf_si(blocks + 0, 2, 3);
    op_init_zf_si(blocks + 1, 3, -1);
    op_init_blockdiag(&A, blocks, 2);
    cr_assert_eq(A.n, 5);
    fmpq_mat_t D;
    dense_of(D, &A);
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 0, 1), 3));
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 2, 4), -1));
    cr_assert(fmpz_equal_si(fmpq_mat_entry_num(D, 2, 1), 0)); /* no coupling between blocks */
    fmpq_mat_clear(D);
    op_clear(&A);
    op_clear(blocks);
    op_clear(blocks + 1);
}

Test(core_operators, charpoly_closed_forms_match_flint)
{
    flint_rand_t st;
    flint_randinit(st);
    const op_kind_t kinds[] = {OP_ZF, OP_DIAG, OP_SUBDIAG};
    for (int k = 0; k < 3; k++) {
        op_t A, At;
        op_init_rand(&A, kinds[k], 6, st, 5, 3);
        op_init_transpose(&At, &A);
        fmpq_mat_t D;
        dense_of(D, &A);
        fmpq_poly_t p, q, pt;
        fmpq_poly_init(p), fmpq_poly_init(q), fmpq_poly_init(pt);
        op_charpoly(p, &A);
        op_charpoly(pt, &At);
        fmpq_mat_charpoly(q, D);
        cr_assert(fmpq_poly_equal(p, q), "kind %d", k);
        cr_assert(fmpq_poly_equal(pt, q), "transposed kind %d", k);
        fmpq_poly_clear(p), fmpq_poly_clear(q), fmpq_poly_clear(pt);
        fmpq_mat_clear(D);
        op_clear(&A);
        op_clear(&At);
    }
    flint_randclear(st);
}

Test(core_spectra, disjoint_and_shared)
{
    op_t Z1, Zm1, Z1b;
    op_init_zf_si(&Z1, 4, 1);
    op_init_zf_si(&Zm1, 4, -1);
    op_init_zf_si(&Z1b, 4, 1);
    cr_assert(spectra_disjoint(&Z1, &Zm1, NULL)); /* x^4 - 1 vs x^4 + 1 */
    fmpq_poly_t g;
    fmpq_poly_init(g);
    cr_assert(!spectra_disjoint(&Z1, &Z1b, g));
    cr_assert_eq(fmpq_poly_degree(g), 4);
    fmpq d1[2], d2[2];
    for (int i = 0; i < 2; i++)
        fmpq_init(d1 + i), fmpq_init(d2 + i);
    fmpq_set_si(d1 + 0, 1, 1), fmpq_set_si(d1 + 1, 3, 2);
    fmpq_set_si(d2 + 0, 3, 2), fmpq_set_si(d2 + 1, 5, 1);
    op_t A, B;
    op_init_diag(&A, 2, d1);
    op_init_diag(&B, 2, d2);
    cr_assert(!spectra_disjoint(&A, &B, g));
    char *s = spectra_describe_common(g);
    cr_assert_str_eq(s, "shared eigenvalue 3/2");
    free(s);
    for (int i = 0; i < 2; i++)
        fmpq_clear(d1 + i), fmpq_clear(d2 + i);
    fmpq_poly_clear(g);
    op_clear(&A), op_clear(&B), op_clear(&Z1), op_clear(&Zm1), op_clear(&Z1b);
}
