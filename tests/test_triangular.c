/* test_triangular.c -- LUL / ULU (algebra/decompositions/triangular.h): hand-checked anti-identity, singular
 * matrices with vanishing leading minors, bad input. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "exact/qmat.h"
#include "decompositions/triangular.h"

static void tr_set(fmpq_mat_t A, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_set_si(fmpq_mat_entry(A, i, j), v[i * fmpq_mat_ncols(A) + j], 1);
}

static int tr_equals(const fmpq_mat_t A, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            if (!fmpq_equal_si(fmpq_mat_entry(A, i, j), v[i * fmpq_mat_ncols(A) + j]))
                return 0;
    return 1;
}

Test(triangular, anti_identity_2x2_by_hand)
{
    /* J = [[1,0],[1,1]] [[1,1],[0,-1]] [[1,0],[-1,1]] (zero pivot repaired by col0 += col1) */
    slong j[] = {0, 1, 1, 0}, l1[] = {1, 0, 1, 1}, u[] = {1, 1, 0, -1}, l2[] = {1, 0, -1, 1};
    fmpq_mat_t A, X, Y, Z;
    fmpq_mat_init(A, 2, 2);
    fmpq_mat_init(X, 2, 2);
    fmpq_mat_init(Y, 2, 2);
    fmpq_mat_init(Z, 2, 2);
    tr_set(A, j);
    cr_assert_eq(triangular_lul(X, Y, Z, A), 0);
    cr_assert(tr_equals(X, l1));
    cr_assert(tr_equals(Y, u));
    cr_assert(tr_equals(Z, l2));
    cr_assert(triangular_verify_lul(X, Y, Z, A));
    cr_assert_eq(triangular_ulu(X, Y, Z, A), 0);
    cr_assert(triangular_verify_ulu(X, Y, Z, A));
    /* two factors are not enough for J */
    cr_assert_eq(triangular_lu_exists_invertible(A), 0);
    fmpq_mat_clear(A);
    fmpq_mat_clear(X);
    fmpq_mat_clear(Y);
    fmpq_mat_clear(Z);
}

Test(triangular, singular_and_vanishing_minors)
{
    slong c1[] = {0, 0, 1, 0}, c2[] = {0, 1, 0, 0}, c3[] = {0, 0, 0, 0, 0, 1, 1, 0, 0},
          c4[] = {0, 1, 1, 0, 1, 1, 0, 1, 1}, c5[] = {1, 2, 3, 2, 4, 6, 3, 6, 9};
    const slong *cases[] = {c1, c2, c3, c4, c5};
    slong sizes[] = {2, 2, 3, 3, 3};
    for (int q = 0; q < 5; q++) {
        slong n = sizes[q];
        fmpq_mat_t A, X, Y, Z;
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(X, n, n);
        fmpq_mat_init(Y, n, n);
        fmpq_mat_init(Z, n, n);
        tr_set(A, cases[q]);
        cr_assert_eq(triangular_lul(X, Y, Z, A), 0);
        cr_assert(triangular_verify_lul(X, Y, Z, A), "LUL case %d", q);
        cr_assert_eq(triangular_ulu(X, Y, Z, A), 0);
        cr_assert(triangular_verify_ulu(X, Y, Z, A), "ULU case %d", q);
        fmpq_mat_clear(A);
        fmpq_mat_clear(X);
        fmpq_mat_clear(Y);
        fmpq_mat_clear(Z);
    }
}

Test(triangular, row_space_lower_factor)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong n = 1; n <= 7; n++) {
        fmpq_mat_t A, G, E, P;
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(G, n, n);
        fmpq_mat_init(E, n, n);
        fmpq_mat_init(P, n, n);
        qmat_rand_rank(A, st, n / 2, 4, 3);
        cr_assert_eq(triangular_row_space_lower(G, E, A), 0);
        fmpq_mat_mul(P, G, E);
        cr_assert(fmpq_mat_equal(P, A));
        for (slong i = 0; i < n; i++)
            for (slong j = i + 1; j < n; j++)
                cr_assert(fmpq_is_zero(fmpq_mat_entry(E, i, j)));
        cr_assert_eq(qmat_rank(G), n);
        fmpq_mat_clear(A);
        fmpq_mat_clear(G);
        fmpq_mat_clear(E);
        fmpq_mat_clear(P);
    }
    flint_randclear(st);
}

Test(triangular, perturbed_factor_detected)
{
    slong j[] = {0, 0, 1, 0, 1, 0, 1, 0, 0};
    fmpq_mat_t A, X, Y, Z;
    fmpq_mat_init(A, 3, 3);
    fmpq_mat_init(X, 3, 3);
    fmpq_mat_init(Y, 3, 3);
    fmpq_mat_init(Z, 3, 3);
    tr_set(A, j);
    cr_assert_eq(triangular_lul(X, Y, Z, A), 0);
    cr_assert(triangular_verify_lul(X, Y, Z, A));
    fmpq_add_si(fmpq_mat_entry(Y, 0, 2), fmpq_mat_entry(Y, 0, 2), 1);
    cr_assert_not(triangular_verify_lul(X, Y, Z, A));
    fmpq_mat_clear(A);
    fmpq_mat_clear(X);
    fmpq_mat_clear(Y);
    fmpq_mat_clear(Z);
}

Test(triangular, bad_input, .init = cr_redirect_stderr)
{
    fmpq_mat_t A, S, X;
    fmpq_mat_init(A, 2, 3);
    fmpq_mat_init(S, 3, 3);
    fmpq_mat_init(X, 2, 2);
    cr_assert_eq(triangular_lul(X, X, X, A), -1);  /* non-square */
    cr_assert_eq(triangular_ulu(X, X, X, S), -1);  /* mismatched factor sizes */
    cr_assert_eq(triangular_lu_exists_invertible(A), -1);
    fmpq_mat_clear(A);
    fmpq_mat_clear(S);
    fmpq_mat_clear(X);
    flint_cleanup_master();
}
