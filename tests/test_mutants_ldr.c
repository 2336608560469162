/* test_mutants_ldr.c -- tests written for mutants of algebra/ldr (tests/mutants/mutants.txt,
 * results/mutation.md) that the quick checkers caught only indirectly (a negative control, an
 * abort; since issue 15 also ldr_reconstruction's "Solver ingredients" rows) or not at all: Table 5's displacement bounds are attained (not only respected), every
 * class has its rank-r "-like" matrices for its standard pair, and a single shared eigenvalue
 * makes the spectra non-disjoint. */
#include <criterion/criterion.h>

#include "exact/qmat.h"
#include "ldr/classes.h"
#include "ldr/displacement.h"
#include "ldr/spectra.h"

#include <stdlib.h>
#include <string.h>

/* Mutant ldr_classes_vandermonde_bound: a loosened bound still "holds" for every sample (prop3
 * notices it only through its perturbed-entry control); a bound is the statement only if a
 * generic member attains it, which this checks directly for every class of Table 5. */
Test(mutants_ldr, table5_bounds_are_attained)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int c = 0; c < LDR_CLASS_COUNT; c++)
        for (slong n = 4; n <= 9; n += 5) {
            fmpq_mat_t M;
            op_t A, B;
            fmpq_mat_init(M, n, n);
            class_random_matrix(M, &A, &B, (ldr_class_t)c, n, st);
            slong rank = ldr_displacement_rank(&A, M, &B);
            cr_assert_eq(rank, class_displacement_bound((ldr_class_t)c),
                         "%s, n = %ld: displacement rank %ld, Table 5 bound %ld", class_name(c),
                         (long)n, (long)rank, (long)class_displacement_bound((ldr_class_t)c));
            /* negative control: M + I leaves the class (rank above the bound) */
            for (slong i = 0; i < n; i++)
                fmpq_add_si(fmpq_mat_entry(M, i, i), fmpq_mat_entry(M, i, i), 1);
            if (c == CLASS_VANDERMONDE || c == CLASS_CAUCHY)
                cr_assert_gt(ldr_displacement_rank(&A, M, &B),
                             class_displacement_bound((ldr_class_t)c));
            op_clear(&A);
            op_clear(&B);
            fmpq_mat_clear(M);
        }
    flint_randclear(st);
}

/* Mutant ldr_classes_hankel_operator (survived every checker: the Table 5 rows only bound the
 * displacement rank of a Hankel matrix, which stays <= 2 for the wrong pair (Z_1, Z_1^T) too):
 * the standard pair of each class must admit the "-like" matrices, i.e. A M - M B = G H^T
 * must be solvable for every G, H, which needs disjoint spectra; (Z_1, Z_1^T) share the
 * roots of x^n - 1.  Also the pair itself: B = Z_0^T for Hankel (ones above the diagonal). */
Test(mutants_ldr, like_matrices_of_every_class)
{
    flint_rand_t st;
    flint_randinit(st);
    const slong n = 6, r = 2;
    for (int c = 0; c < LDR_CLASS_COUNT; c++) {
        fmpq_mat_t M, L, G, H, R, GH;
        op_t A, B;
        fmpq_mat_init(M, n, n);
        class_random_matrix(M, &A, &B, (ldr_class_t)c, n, st);
        fmpq_mat_init(L, n, n);
        fmpq_mat_init(G, n, r);
        fmpq_mat_init(H, n, r);
        fmpq_mat_init(R, n, n);
        fmpq_mat_init(GH, n, n);
        qmat_rand(G, st, 5, 3);
        qmat_rand(H, st, 5, 3);
        cr_assert_eq(class_like_matrix(L, &A, &B, G, H), 0,
                     "%s-like matrices must exist for the pair %s", class_name(c),
                     class_operator_names(c));
        ldr_sylvester(R, &A, L, &B);
        fmpq_mat_t Ht;
        fmpq_mat_init(Ht, r, n);
        fmpq_mat_transpose(Ht, H);
        fmpq_mat_mul(GH, G, Ht);
        cr_assert(fmpq_mat_equal(R, GH), "%s-like: A M - M B != G H^T", class_name(c));
        if (c == CLASS_HANKEL) {
            fmpq_mat_t D;
            fmpq_mat_init(D, n, n);
            op_dense(D, &B);
            for (slong i = 0; i < n; i++)
                for (slong j = 0; j < n; j++)
                    cr_assert(fmpq_equal_si(fmpq_mat_entry(D, i, j), j == i + 1),
                              "Hankel B = Z_0^T, entry (%ld, %ld)", (long)i, (long)j);
            fmpq_mat_clear(D);
        }
        fmpq_mat_clear(Ht);
        fmpq_mat_clear(M);
        fmpq_mat_clear(L);
        fmpq_mat_clear(G);
        fmpq_mat_clear(H);
        fmpq_mat_clear(R);
        fmpq_mat_clear(GH);
        op_clear(&A);
        op_clear(&B);
    }
    flint_randclear(st);
}

/* Mutant ldr_spectra_one_shared (also caught by ldr_reconstruction's "Solver ingredients" rows):
 * the Sylvester equation A M - M B = R is singular as soon as A and B share one eigenvalue;
 * a test that only looks for a common factor of degree >= 2 misses exactly this case. */
Test(mutants_ldr, one_shared_eigenvalue_is_found)
{
    fmpq d1[3], d2[3];
    for (int i = 0; i < 3; i++) {
        fmpq_init(d1 + i);
        fmpq_init(d2 + i);
        fmpq_set_si(d1 + i, 1 + i, 1);     /* 1, 2, 3 */
        fmpq_set_si(d2 + i, 3 + 2 * i, 1); /* 3, 5, 7: shares 3 */
    }
    op_t A, B, Z;
    op_init_diag(&A, 3, d1);
    op_init_diag(&B, 3, d2);
    fmpq_poly_t common;
    fmpq_poly_init(common);
    cr_assert_eq(spectra_disjoint(&A, &B, common), 0, "diag(1,2,3) and diag(3,5,7) share 3");
    cr_assert_eq(fmpq_poly_degree(common), 1);
    char *s = spectra_describe_common(common);
    cr_assert(strstr(s, "shared eigenvalue 3") != NULL, "described as '%s'", s);
    free(s);
    /* Z_1 (roots of x^3 - 1) and diag(1, 2, 3) share the eigenvalue 1 */
    op_init_zf_si(&Z, 3, 1);
    cr_assert_eq(spectra_disjoint(&Z, &A, NULL), 0, "Z_1 and diag(1,2,3) share 1");
    /* negative control: diag(1,2,3) and diag(5,7,9) share nothing */
    fmpq_set_si(d2 + 0, 9, 1);
    op_clear(&B);
    op_init_diag(&B, 3, d2);
    cr_assert_eq(spectra_disjoint(&A, &B, NULL), 1);
    op_clear(&A);
    op_clear(&B);
    op_clear(&Z);
    fmpq_poly_clear(common);
    for (int i = 0; i < 3; i++) {
        fmpq_clear(d1 + i);
        fmpq_clear(d2 + i);
    }
}
