/* test_plu.c -- exact PLU (algebra/decompositions/plu.h): hand-checked cases, singular matrices, pivot rule,
 * bad input. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <flint/fmpq_mat.h>

#include "decompositions/plu.h"
#include "exact/qmat.h"

static void plu_test_set(fmpq_mat_t A, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_set_si(fmpq_mat_entry(A, i, j), v[i * fmpq_mat_ncols(A) + j], 1);
}

Test(plu, hand_checked_2x2_no_pivot)
{
    /* [[2,1],[4,5]] = [[1,0],[2,1]] [[2,1],[0,3]] */
    fmpq_mat_t A, L, U;
    slong perm[2], a[] = {2, 1, 4, 5};
    fmpq_mat_init(A, 2, 2);
    fmpq_mat_init(L, 2, 2);
    fmpq_mat_init(U, 2, 2);
    plu_test_set(A, a);
    cr_assert_eq(plu_decompose(perm, L, U, A), 0);
    cr_assert(plu_perm_is_identity(perm, 2));
    cr_assert(fmpq_equal_si(fmpq_mat_entry(L, 1, 0), 2));
    cr_assert(fmpq_equal_si(fmpq_mat_entry(U, 1, 1), 3));
    cr_assert(fmpq_equal_si(fmpq_mat_entry(U, 0, 1), 1));
    cr_assert(plu_verify(perm, L, U, A));
    fmpq_mat_clear(A);
    fmpq_mat_clear(L);
    fmpq_mat_clear(U);
}

Test(plu, anti_identity_needs_pivot)
{
    fmpq_mat_t A, L, U;
    slong perm[3], a[] = {0, 0, 1, 0, 1, 0, 1, 0, 0};
    fmpq_mat_init(A, 3, 3);
    fmpq_mat_init(L, 3, 3);
    fmpq_mat_init(U, 3, 3);
    plu_test_set(A, a);
    cr_assert_eq(plu_decompose(perm, L, U, A), 0);
    /* first row with a non-zero in column 0 is row 2: swap 0 <-> 2, then no more swaps */
    cr_assert_eq(perm[0], 2);
    cr_assert_eq(perm[1], 1);
    cr_assert_eq(perm[2], 0);
    cr_assert(fmpq_mat_is_one(L));
    cr_assert(fmpq_mat_is_one(U));
    cr_assert(plu_verify(perm, L, U, A));
    fmpq_mat_clear(A);
    fmpq_mat_clear(L);
    fmpq_mat_clear(U);
}

Test(plu, singular_matrices)
{
    /* nilpotent Jordan block, zero matrix, rank-one matrix with a zero first column */
    slong j2[] = {0, 1, 0, 0}, z[] = {0, 0, 0, 0}, r1[] = {0, 1, 2, 0, 2, 4, 0, 3, 6};
    const slong *cases[] = {j2, z, r1};
    slong sizes[] = {2, 2, 3};
    for (int c = 0; c < 3; c++) {
        slong n = sizes[c], perm[3];
        fmpq_mat_t A, L, U;
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(L, n, n);
        fmpq_mat_init(U, n, n);
        plu_test_set(A, cases[c]);
        cr_assert_eq(plu_decompose(perm, L, U, A), 0);
        cr_assert(plu_verify(perm, L, U, A), "case %d", c);
        fmpq_mat_clear(A);
        fmpq_mat_clear(L);
        fmpq_mat_clear(U);
    }
}

Test(plu, random_with_nonzero_minors_gets_identity_perm)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong n = 1; n <= 10; n++) {
        fmpq_mat_t A, L, U;
        slong perm[10];
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(L, n, n);
        fmpq_mat_init(U, n, n);
        /* diagonally dominant integer matrix: all leading minors non-zero */
        qmat_rand(A, st, 3, 1);
        for (slong i = 0; i < n; i++)
            fmpq_set_si(fmpq_mat_entry(A, i, i), 4 * n, 1);
        cr_assert_eq(plu_decompose(perm, L, U, A), 0);
        cr_assert(plu_perm_is_identity(perm, n));
        cr_assert(plu_verify(perm, L, U, A));
        cr_assert_eq(plu_pivot_count(U), n);
        fmpq_mat_clear(A);
        fmpq_mat_clear(L);
        fmpq_mat_clear(U);
    }
    flint_randclear(st);
}

Test(plu, random_low_rank)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong n = 2; n <= 8; n++) {
        fmpq_mat_t A, L, U;
        slong perm[8];
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(L, n, n);
        fmpq_mat_init(U, n, n);
        qmat_rand_rank(A, st, n / 2, 4, 3);
        cr_assert_eq(plu_decompose(perm, L, U, A), 0);
        cr_assert(plu_verify(perm, L, U, A));
        fmpq_mat_clear(A);
        fmpq_mat_clear(L);
        fmpq_mat_clear(U);
    }
    flint_randclear(st);
}

Test(plu, verify_detects_wrong_factor)
{
    fmpq_mat_t A, L, U;
    slong perm[2], a[] = {2, 1, 4, 5};
    fmpq_mat_init(A, 2, 2);
    fmpq_mat_init(L, 2, 2);
    fmpq_mat_init(U, 2, 2);
    plu_test_set(A, a);
    cr_assert_eq(plu_decompose(perm, L, U, A), 0);
    fmpq_add_si(fmpq_mat_entry(U, 1, 1), fmpq_mat_entry(U, 1, 1), 1);
    cr_assert_not(plu_verify(perm, L, U, A));
    fmpq_mat_clear(A);
    fmpq_mat_clear(L);
    fmpq_mat_clear(U);
}

Test(plu, bad_input_non_square_and_mismatched, .init = cr_redirect_stderr)
{
    fmpq_mat_t A, L, U, S;
    slong perm[3];
    fmpq_mat_init(A, 2, 3);
    fmpq_mat_init(L, 2, 2);
    fmpq_mat_init(U, 2, 2);
    fmpq_mat_init(S, 3, 3);
    cr_assert_eq(plu_decompose(perm, L, U, A), -1);
    cr_assert_eq(plu_decompose(perm, L, U, S), -1);
    fmpq_mat_clear(A);
    fmpq_mat_clear(L);
    fmpq_mat_clear(U);
    fmpq_mat_clear(S);
    flint_cleanup_master();
}
