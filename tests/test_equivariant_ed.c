/* Unit tests: algebra/equivariant/equivariant_ed (ED reduction, join of permutations). */
#include <criterion/criterion.h>

#include "equivariant/equivariant_ed.h"
#include "equivariant/ed_critical.h"
#include "exact/groebner.h"
#include "exact/qmat.h"

static void perm(permutation_t *p, const char *spec, long n)
{
    char err[128];
    permutation_init(p);
    cr_assert_eq(permutation_parse(p, spec, n, err, sizeof err), 0, "%s", err);
}

/* sigma = (1 3 4)(2 5): k = 2; for random data S has 2 simple non-zero eigenvalues, so the
 * ED degree for r = 1 is 2 = binom(min(3, 2), 1) */
Test(equivariant_ed, reduced_matrix_generic)
{
    flint_rand_t st;
    flint_randinit(st);
    permutation_t p;
    perm(&p, "(1 3 4)(2 5)", 5);
    fmpq_mat_t u, S;
    fmpq_mat_init(u, 3, 5), fmpq_mat_init(S, 3, 3);
    qmat_rand(u, st, 9, 2);
    cr_assert_eq(equivariant_ed_reduced_matrix(S, u, &p), 2);
    fmpz_t cnt;
    fmpz_init(cnt);
    int generic;
    cr_assert_eq(equivariant_ed_count(cnt, &generic, S, 1, 2), 2);
    cr_assert(generic && fmpz_equal_si(cnt, 2));
    cr_assert_eq(qmat_rank(S), 2);
    fmpz_clear(cnt);
    fmpq_mat_clear(u), fmpq_mat_clear(S);
    permutation_clear(&p);
    flint_randclear(st);
}

/* by hand: u = [1 1 0 0 0; 0 0 1 1 1] with sigma = (1 2)(3 4 5): Yh = I, W = diag(2, 3),
 * S = diag(2, 3) */
Test(equivariant_ed, reduced_matrix_by_hand)
{
    permutation_t p;
    perm(&p, "(1 2)(3 4 5)", 5);
    fmpq_mat_t u, S;
    fmpq_mat_init(u, 2, 5), fmpq_mat_init(S, 2, 2);
    fmpq_one(fmpq_mat_entry(u, 0, 0)), fmpq_one(fmpq_mat_entry(u, 0, 1));
    for (int j = 2; j < 5; j++)
        fmpq_one(fmpq_mat_entry(u, 1, j));
    equivariant_ed_reduced_matrix(S, u, &p);
    cr_assert(fmpq_equal_si(fmpq_mat_entry(S, 0, 0), 2));
    cr_assert(fmpq_equal_si(fmpq_mat_entry(S, 1, 1), 3));
    cr_assert(fmpq_is_zero(fmpq_mat_entry(S, 0, 1)));
    fmpq_mat_clear(u), fmpq_mat_clear(S);
    permutation_clear(&p);
}

Test(equivariant_ed, join_is_finest_common_coarsening)
{
    permutation_t a, b, j;
    perm(&a, "(1 2)(3 4)", 6);
    perm(&b, "(2 3)(5 6)", 6);
    const permutation_t *g[3] = {&a, &b, NULL};
    cr_assert_eq(equivariant_join_permutation(&j, g, 2), 0);
    g[2] = &j;
    cr_assert_eq(equivariant_invariant_subspace_dim(g, 2), 2);  /* orbits {1,2,3,4}, {5,6} */
    cr_assert_eq(equivariant_invariant_subspace_dim(g + 2, 1), 2);
    cr_assert_eq(equivariant_invariant_subspace_dim(g, 3), 2);
    cr_assert_eq(equivariant_invariant_subspace_dim(g, 1), 4);  /* a alone: finer */
    permutation_clear(&a), permutation_clear(&b), permutation_clear(&j);
}

/* Groebner count of the critical equations (ed_critical.h): generic S = A A^T gives
 * binom(m, e) distinct critical points; a hand-made ideal checks the standard-monomial count */
Test(ed_critical, groebner_counts)
{
    flint_rand_t st;
    flint_randinit(st);
    static const long cases[][3] = {{3, 4, 2}, {4, 4, 2}, {4, 5, 3}, {4, 4, 1}};
    static const long want[] = {3, 6, 4, 4};
    for (int i = 0; i < 4; i++) {
        long m = cases[i][0], k = cases[i][1], e = cases[i][2];
        fmpq_mat_t A, At, S;
        fmpq_mat_init(A, m, k), fmpq_mat_init(At, k, m), fmpq_mat_init(S, m, m);
        for (long r = 0; r < m; r++)
            for (long c = 0; c < k; c++)
                fmpq_set_si(fmpq_mat_entry(A, r, c), (slong)n_randint(st, 7) - 3, 1);
        fmpq_mat_transpose(At, A);
        fmpq_mat_mul(S, A, At);
        long bl;
        int distinct;
        cr_assert_eq(ed_critical_count(&bl, &distinct, S, e, 400), want[i]);
        cr_assert_eq(distinct, 1);
        /* S = I: every e-dimensional subspace is invariant, no finite count */
        fmpq_mat_one(S);
        cr_assert_eq(ed_critical_count(&bl, &distinct, S, e, 400), -1);
        fmpq_mat_clear(A), fmpq_mat_clear(At), fmpq_mat_clear(S);
    }
    /* (x^2 - 1, y^2 - x): 4 distinct solutions; (x^2, y - 1): 2 with multiplicity, 1 distinct */
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 2, ORD_DEGREVLEX);
    fmpq_mpoly_struct F[2];
    fmpq_mpoly_init(F + 0, ctx), fmpq_mpoly_init(F + 1, ctx);
    fmpq_mpoly_t ell;
    fmpq_mpoly_init(ell, ctx);
    cr_assert(fmpq_mpoly_set_str_pretty(F + 0, "x^2 - 1", (const char *[]){"x", "y"}, ctx) == 0);
    cr_assert(fmpq_mpoly_set_str_pretty(F + 1, "y^2 - x", (const char *[]){"x", "y"}, ctx) == 0);
    cr_assert(fmpq_mpoly_set_str_pretty(ell, "x + 3*y", (const char *[]){"x", "y"}, ctx) == 0);
    groebner_t G;
    cr_assert_eq(groebner_basis(&G, F, 2, 50, ctx), 0);
    cr_assert_eq(groebner_standard_monomials(&G, 100, ctx), 4);
    cr_assert_eq(groebner_distinct(&G, ell, 100, ctx), 1);
    groebner_clear(&G, ctx);
    cr_assert(fmpq_mpoly_set_str_pretty(F + 0, "x^2", (const char *[]){"x", "y"}, ctx) == 0);
    cr_assert(fmpq_mpoly_set_str_pretty(F + 1, "y - 1", (const char *[]){"x", "y"}, ctx) == 0);
    cr_assert_eq(groebner_basis(&G, F, 2, 50, ctx), 0);
    cr_assert_eq(groebner_standard_monomials(&G, 100, ctx), 2);
    cr_assert_eq(groebner_distinct(&G, ell, 100, ctx), 0);
    groebner_clear(&G, ctx);
    fmpq_mpoly_clear(F + 0, ctx), fmpq_mpoly_clear(F + 1, ctx), fmpq_mpoly_clear(ell, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    flint_randclear(st);
}
