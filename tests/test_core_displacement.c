/* Unit tests: algebra/displacement, sylvester, krylov, classes, ldr_sample. */
#include <criterion/criterion.h>

#include "ldr/classes.h"
#include "ldr/displacement.h"
#include "ldr/krylov.h"
#include "ldr/ldr_sample.h"
#include "exact/qmat.h"
#include "ldr/sylvester.h"

static void set_rows(fmpq_mat_t M, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++)
            fmpq_set_si(fmpq_mat_entry(M, i, j), v[i * fmpq_mat_ncols(M) + j], 1);
}

/* Figure 1 of the paper: the 3 x 3 Toeplitz displacement w.r.t. (Z_1, Z_-1) is rank 2.
 * With t_{-2..2} = 1..5, Z_1 T - T Z_-1 = [[3,3,6],[0,0,5],[0,0,7]] (computed by hand). */
Test(core_displacement, figure1_toeplitz_3x3)
{
    fmpq t[5];
    for (int i = 0; i < 5; i++)
        fmpq_init(t + i), fmpq_set_si(t + i, i + 1, 1);
    fmpq_mat_t T, R, E;
    fmpq_mat_init(T, 3, 3), fmpq_mat_init(R, 3, 3), fmpq_mat_init(E, 3, 3);
    toeplitz_matrix(T, t);
    op_t A, B;
    class_operators(&A, &B, CLASS_TOEPLITZ, 3, NULL, NULL);
    ldr_sylvester(R, &A, T, &B);
    const slong expect[] = {3, 3, 6, 0, 0, 5, 0, 0, 7};
    set_rows(E, expect);
    cr_assert(fmpq_mat_equal(R, E));
    cr_assert_eq(ldr_displacement_rank(&A, T, &B), 2);
    for (int i = 0; i < 5; i++)
        fmpq_clear(t + i);
    fmpq_mat_clear(T), fmpq_mat_clear(R), fmpq_mat_clear(E);
    op_clear(&A), op_clear(&B);
}

/* Cauchy: diag(1,2) M - M diag(3,4) = ones  =>  M_ij = 1/(a_i - b_j) */
Test(core_sylvester, cauchy_by_hand)
{
    fmpq a[2], b[2];
    for (int i = 0; i < 2; i++)
        fmpq_init(a + i), fmpq_init(b + i);
    fmpq_set_si(a + 0, 1, 1), fmpq_set_si(a + 1, 2, 1);
    fmpq_set_si(b + 0, 3, 1), fmpq_set_si(b + 1, 4, 1);
    op_t A, B;
    op_init_diag(&A, 2, a);
    op_init_diag(&B, 2, b);
    fmpq_mat_t R, M;
    fmpq_mat_init(R, 2, 2), fmpq_mat_init(M, 2, 2);
    const slong ones[] = {1, 1, 1, 1};
    set_rows(R, ones);
    cr_assert_eq(sylvester_solve(M, &A, &B, R), 0);
    fmpq_t e;
    fmpq_init(e);
    fmpq_set_si(e, -1, 2);
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 0, 0), e));
    fmpq_set_si(e, -1, 3);
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 0, 1), e));
    fmpq_set_si(e, -1, 1);
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 1, 0), e));
    fmpq_clear(e);
    for (int i = 0; i < 2; i++)
        fmpq_clear(a + i), fmpq_clear(b + i);
    fmpq_mat_clear(R), fmpq_mat_clear(M);
    op_clear(&A), op_clear(&B);
}

/* round trip for every operator kind: R -> M (solve) -> A M - M B == R, rank preserved */
Test(core_sylvester, round_trip_all_kinds)
{
    flint_rand_t st;
    flint_randinit(st);
    const op_kind_t kinds[] = {OP_ZF, OP_DIAG, OP_SUBDIAG, OP_TRIDIAG, OP_DENSE};
    for (int k = 0; k < 5; k++) {
        slong n = 7, r = 2;
        op_t A, B;
        ldr_sample_operator(&A, kinds[k], n, st, NULL, 0);
        const op_t *avoid[] = {&A};
        ldr_sample_operator(&B, kinds[k], n, st, avoid, 1);
        fmpq_mat_t M, R;
        fmpq_mat_init(M, n, n), fmpq_mat_init(R, n, n);
        qmat_rand_rank(R, st, r, 9, 2);
        cr_assert_eq(sylvester_solve(M, &A, &B, R), 0);
        fmpq_mat_t D;
        fmpq_mat_init(D, n, n);
        ldr_sylvester(D, &A, M, &B);
        cr_assert(fmpq_mat_equal(D, R), "kind %d", k);
        fmpq_mat_t M2; /* the general char-poly path agrees with any fast path */
        fmpq_mat_init(M2, n, n);
        cr_assert_eq(sylvester_solve_unchecked(M2, &A, &B, R), 0);
        cr_assert(fmpq_mat_equal(M, M2), "kind %d general path", k);
        fmpq_mat_clear(M2);
        cr_assert_eq(ldr_displacement_rank(&A, M, &B), qmat_rank(R));
        fmpq_mat_clear(M), fmpq_mat_clear(R), fmpq_mat_clear(D);
        op_clear(&A), op_clear(&B);
    }
    flint_randclear(st);
    flint_cleanup_master();
}

/* bad input: shared eigenvalues and size mismatch give -1 (and leave M untouched) */
Test(core_sylvester, rejects_shared_eigenvalues_and_bad_sizes)
{
    op_t A, B, C;
    op_init_zf_si(&A, 4, 1);
    op_init_zf_si(&B, 4, 1);
    op_init_zf_si(&C, 3, -1);
    fmpq_mat_t M, R;
    fmpq_mat_init(M, 4, 4), fmpq_mat_init(R, 4, 4);
    fmpq_mat_one(R);
    cr_assert_eq(sylvester_solve(M, &A, &B, R), -1);
    cr_assert(fmpq_mat_is_zero(M));
    cr_assert_eq(sylvester_solve(M, &A, &C, R), -1);
    fmpq_mat_clear(M), fmpq_mat_clear(R);
    op_clear(&A), op_clear(&B), op_clear(&C);
}

Test(core_displacement, generators_factor_exactly)
{
    flint_rand_t st;
    flint_randinit(st);
    fmpq_mat_t R, G, H, Ht, P;
    fmpq_mat_init(R, 6, 5);
    qmat_rand_rank(R, st, 3, 9, 4);
    slong rho = ldr_generators(G, H, R);
    cr_assert_eq(rho, 3);
    cr_assert_eq(fmpq_mat_ncols(G), 3);
    fmpq_mat_init(Ht, 3, 5), fmpq_mat_init(P, 6, 5);
    fmpq_mat_transpose(Ht, H);
    fmpq_mat_mul(P, G, Ht);
    cr_assert(fmpq_mat_equal(P, R));
    fmpq_mat_clear(R), fmpq_mat_clear(G), fmpq_mat_clear(H), fmpq_mat_clear(Ht);
    fmpq_mat_clear(P);
    flint_randclear(st);
}

/* K(A, e_0) for subdiagonal entries (2, 3) is diag(1, 2, 6) */
Test(core_krylov, subdiagonal_unit_vector)
{
    fmpq a[2], v[3];
    fmpq_t c;
    fmpq_init(c);
    for (int i = 0; i < 2; i++)
        fmpq_init(a + i);
    for (int i = 0; i < 3; i++)
        fmpq_init(v + i);
    fmpq_set_si(a + 0, 2, 1), fmpq_set_si(a + 1, 3, 1);
    fmpq_one(v + 0);
    op_t A;
    op_init_subdiag(&A, 3, a, c);
    fmpq_mat_t K, E;
    fmpq_mat_init(K, 3, 3), fmpq_mat_init(E, 3, 3);
    krylov_matrix(K, &A, v);
    const slong expect[] = {1, 0, 0, 0, 2, 0, 0, 0, 6};
    set_rows(E, expect);
    cr_assert(fmpq_mat_equal(K, E));
    fmpq_mat_clear(K), fmpq_mat_clear(E);
    op_clear(&A);
    for (int i = 0; i < 2; i++)
        fmpq_clear(a + i);
    for (int i = 0; i < 3; i++)
        fmpq_clear(v + i);
    fmpq_clear(c);
}

/* Prop. 3 right side: A^-1 M - M B equals the factored GG HH^T exactly */
Test(core_krylov, prop3_explicit_right_side)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 6, r = 2;
    op_t A, B, Ai;
    op_init_rand(&A, OP_TRIDIAG, n, st, 4, 3);
    op_init_rand(&B, OP_TRIDIAG, n, st, 4, 3);
    fmpq_mat_t Ainv, G, H, M, R, GG, HH, HHt, P;
    fmpq_mat_init(Ainv, n, n);
    cr_assert(op_inverse(Ainv, &A));
    op_init_dense(&Ai, Ainv);
    fmpq_mat_init(G, n, r), fmpq_mat_init(H, n, r), fmpq_mat_init(M, n, n);
    fmpq_mat_init(R, n, n), fmpq_mat_init(GG, n, 2 * r), fmpq_mat_init(HH, n, 2 * r);
    fmpq_mat_init(HHt, 2 * r, n), fmpq_mat_init(P, n, n);
    qmat_rand(G, st, 5, 2);
    qmat_rand(H, st, 5, 2);
    krylov_product_sum(M, &A, &B, G, H);
    ldr_sylvester(R, &Ai, M, &B);
    cr_assert_eq(krylov_prop3_generators(GG, HH, &A, &B, G, H), 0);
    fmpq_mat_transpose(HHt, HH);
    fmpq_mat_mul(P, GG, HHt);
    cr_assert(fmpq_mat_equal(P, R));
    cr_assert_leq(qmat_rank(R), 2 * r);
    fmpq_mat_clear(Ainv), fmpq_mat_clear(G), fmpq_mat_clear(H), fmpq_mat_clear(M);
    fmpq_mat_clear(R), fmpq_mat_clear(GG), fmpq_mat_clear(HH), fmpq_mat_clear(HHt);
    fmpq_mat_clear(P);
    op_clear(&A), op_clear(&B), op_clear(&Ai);
    flint_randclear(st);
}

/* The negative controls used by the checkers are detectable: a perturbed Toeplitz matrix
 * and a product with mismatched operators exceed their bounds. */
Test(core_negative_controls, perturbed_and_mismatched_are_detected)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 8;
    fmpq_mat_t T, M, N, P;
    fmpq_mat_init(T, n, n), fmpq_mat_init(M, n, n), fmpq_mat_init(N, n, n);
    fmpq_mat_init(P, n, n);
    op_t A, B;
    class_random_matrix(T, &A, &B, CLASS_TOEPLITZ, n, st);
    cr_assert_leq(ldr_displacement_rank(&A, T, &B), 2);
    ldr_perturb_entry(T, st);
    cr_assert_gt(ldr_displacement_rank(&A, T, &B), 2);
    op_t C, B2;
    op_init_zf_si(&C, n, 1);
    op_init_zf_si(&B2, n, -2); /* N in D^1_{B',C} with B' != B */
    ldr_sample_member(M, &A, &B, 1, st);
    ldr_sample_member(N, &B2, &C, 1, st);
    fmpq_mat_mul(P, M, N);
    cr_assert_gt(ldr_displacement_rank(&A, P, &C), 2);
    fmpq_mat_clear(T), fmpq_mat_clear(M), fmpq_mat_clear(N), fmpq_mat_clear(P);
    op_clear(&A), op_clear(&B), op_clear(&C), op_clear(&B2);
    flint_randclear(st);
}

/* exact rank: the modular shortcut agrees with the fraction-free rank */
Test(core_qmat, rank_full_and_deficient)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong r = 0; r <= 5; r++) {
        fmpq_mat_t R;
        fmpq_mat_init(R, 5, 7);
        qmat_rand_rank(R, st, r, 20, 5);
        fmpz_mat_t Z;
        fmpz_mat_init(Z, 5, 7);
        fmpq_mat_get_fmpz_mat_rowwise(Z, NULL, R);
        cr_assert_eq(qmat_rank(R), fmpz_mat_rank(Z));
        fmpz_mat_clear(Z);
        fmpq_mat_clear(R);
    }
    flint_randclear(st);
}

/* the generator-form solver's fast paths (cyclic telescoping, Cauchy) equal the general
 * char-poly solver, for Z_f, subdiagonal+corner (also transposed) and diagonal pairs */
Test(core_sylvester, generator_fast_paths_match_general)
{
    flint_rand_t st;
    flint_randinit(st);
    const op_kind_t kinds[] = {OP_ZF, OP_SUBDIAG, OP_DIAG, OP_TRIDIAG};
    for (int k = 0; k < 4; k++)
        for (int transposed = 0; transposed < 2; transposed++) {
            slong n = 9, r = 3;
            op_t A0, A, B;
            ldr_sample_operator(&A0, kinds[k], n, st, NULL, 0);
            if (transposed)
                op_init_transpose(&A, &A0);
            else
                op_init_copy(&A, &A0);
            const op_t *avoid[] = {&A};
            ldr_sample_operator(&B, kinds[k], n, st, avoid, 1);
            fmpq_mat_t G, H, Ht, R, M1, M2;
            fmpq_mat_init(G, n, r), fmpq_mat_init(H, n, r), fmpq_mat_init(Ht, r, n);
            fmpq_mat_init(R, n, n), fmpq_mat_init(M1, n, n), fmpq_mat_init(M2, n, n);
            qmat_rand(G, st, 9, 3);
            qmat_rand(H, st, 9, 3);
            fmpq_mat_transpose(Ht, H);
            fmpq_mat_mul(R, G, Ht);
            cr_assert_eq(sylvester_solve_generators(M1, &A, &B, G, H), 0);
            cr_assert_eq(sylvester_solve_unchecked(M2, &A, &B, R), 0);
            cr_assert(fmpq_mat_equal(M1, M2), "kind %d transposed %d", k, transposed);
            fmpq_mat_clear(G), fmpq_mat_clear(H), fmpq_mat_clear(Ht);
            fmpq_mat_clear(R), fmpq_mat_clear(M1), fmpq_mat_clear(M2);
            op_clear(&A0), op_clear(&A), op_clear(&B);
        }
    flint_randclear(st);
    flint_cleanup_master();
}

/* shared eigenvalues through the generator form: rejected with -1 */
Test(core_sylvester, generator_form_rejects_shared_spectra)
{
    op_t A, B;
    op_init_zf_si(&A, 5, 2);
    op_init_zf_si(&B, 5, 2);
    fmpq_mat_t G, H, M;
    fmpq_mat_init(G, 5, 1), fmpq_mat_init(H, 5, 1), fmpq_mat_init(M, 5, 5);
    fmpq_set_si(fmpq_mat_entry(G, 0, 0), 1, 1);
    fmpq_set_si(fmpq_mat_entry(H, 0, 0), 1, 1);
    cr_assert_eq(sylvester_solve_generators(M, &A, &B, G, H), -1);
    fmpq_mat_clear(G), fmpq_mat_clear(H), fmpq_mat_clear(M);
    op_clear(&A), op_clear(&B);
}
