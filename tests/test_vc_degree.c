/* Unit tests: the exact pieces of proofs_check/vc_degree -- the symbolic LDR weight matrix
 * (ldr/ldr_poly.h) against a direct integer evaluation of sum_i K(A, g_i) K(B', h_i)^T, and
 * the sign-pattern counts (exact/sign_patterns.h) on families with known answers. */
#include <criterion/criterion.h>

#include <flint/fmpz_mat.h>

#include "exact/sign_patterns.h"
#include "ldr/ldr_poly.h"

/* Dense integer operator from the variable values THETA + OFF (layout of ldr_poly.h). */
static void dense_op(fmpz_mat_t M, ldr_poly_class_t cls, slong n, const fmpz *th)
{
    fmpz_mat_zero(M);
    if (cls == LDR_POLY_SD) {
        for (slong k = 0; k + 1 < n; k++) fmpz_set(fmpz_mat_entry(M, k + 1, k), th + k);
        fmpz_add(fmpz_mat_entry(M, 0, n - 1), fmpz_mat_entry(M, 0, n - 1), th + n - 1);
        return;
    }
    for (slong t = 0; t < n; t++) fmpz_set(fmpz_mat_entry(M, t, t), th + t);
    for (slong k = 0; k + 1 < n; k++) {
        fmpz_set(fmpz_mat_entry(M, k + 1, k), th + n + k);
        fmpz_set(fmpz_mat_entry(M, k, k + 1), th + 2 * n - 1 + k);
    }
    fmpz_add(fmpz_mat_entry(M, 0, n - 1), fmpz_mat_entry(M, 0, n - 1), th + 3 * n - 2);
    fmpz_add(fmpz_mat_entry(M, n - 1, 0), fmpz_mat_entry(M, n - 1, 0), th + 3 * n - 1);
}

/* K (n x n): column j = M^j g. */
static void dense_krylov(fmpz_mat_t K, const fmpz_mat_t M, const fmpz *g, slong n)
{
    fmpz_mat_t v, w;
    fmpz_mat_init(v, n, 1);
    fmpz_mat_init(w, n, 1);
    for (slong t = 0; t < n; t++) fmpz_set(fmpz_mat_entry(v, t, 0), g + t);
    for (slong j = 0; j < n; j++) {
        for (slong t = 0; t < n; t++) fmpz_set(fmpz_mat_entry(K, t, j), fmpz_mat_entry(v, t, 0));
        fmpz_mat_mul(w, M, v);
        fmpz_mat_swap(v, w);
    }
    fmpz_mat_clear(v);
    fmpz_mat_clear(w);
}

static void check_against_dense(ldr_poly_class_t cls, slong n, slong r)
{
    ldr_poly_t P;
    ldr_poly_init(&P, cls, n, r);
    flint_rand_t st;
    flint_randinit(st);
    fmpz *th = _fmpz_vec_init(P.nvars);
    fmpz **ptr = flint_malloc((size_t)P.nvars * sizeof *ptr);
    for (slong j = 0; j < P.nvars; j++) {
        fmpz_set_si(th + j, (slong)n_randint(st, 7) - 3);
        ptr[j] = th + j;
    }
    slong ov = ldr_poly_op_vars(cls, n);
    fmpz_mat_t A, B, KA, KB, KBt, W, T;
    fmpz_mat_init(A, n, n); fmpz_mat_init(B, n, n);
    fmpz_mat_init(KA, n, n); fmpz_mat_init(KB, n, n); fmpz_mat_init(KBt, n, n);
    fmpz_mat_init(W, n, n); fmpz_mat_init(T, n, n);
    dense_op(A, cls, n, th + 2 * r * n);
    dense_op(B, cls, n, th + 2 * r * n + ov);
    for (slong i = 0; i < r; i++) {
        dense_krylov(KA, A, th + i * n, n);
        dense_krylov(KB, B, th + (r + i) * n, n);
        fmpz_mat_transpose(KBt, KB);
        fmpz_mat_mul(T, KA, KBt);
        fmpz_mat_add(W, W, T);
    }
    fmpz_t ev;
    fmpz_init(ev);
    for (slong p = 0; p < n; p++)
        for (slong q = 0; q < n; q++) {
            fmpz_mpoly_evaluate_all_fmpz(ev, P.W + p * n + q, ptr, P.ctx);
            cr_assert(fmpz_equal(ev, fmpz_mat_entry(W, p, q)), "entry (%ld, %ld)", (long)p, (long)q);
        }
    slong dmin, dmax;
    ldr_poly_degree_range(&P, &dmin, &dmax);
    cr_assert_eq(dmax, 2 * n);
    cr_assert_eq(dmin, 2 * n);
    fmpz_clear(ev);
    fmpz_mat_clear(A); fmpz_mat_clear(B); fmpz_mat_clear(KA); fmpz_mat_clear(KB);
    fmpz_mat_clear(KBt); fmpz_mat_clear(W); fmpz_mat_clear(T);
    flint_free(ptr);
    _fmpz_vec_clear(th, P.nvars);
    flint_randclear(st);
    ldr_poly_clear(&P);
}

Test(vc_degree, ldr_sd_polynomials_equal_dense_krylov_products)
{
    check_against_dense(LDR_POLY_SD, 3, 2);
    check_against_dense(LDR_POLY_SD, 4, 1);
}

Test(vc_degree, ldr_td_polynomials_equal_dense_krylov_products)
{
    check_against_dense(LDR_POLY_TD, 3, 2);
    check_against_dense(LDR_POLY_TD, 4, 1);
}

Test(vc_degree, output_degree_is_weight_degree_plus_one)
{
    ldr_poly_t P;
    ldr_poly_init(&P, LDR_POLY_SD, 3, 1);
    cr_assert_eq(P.nvars, 2 * 3 + 2 * 3 + 2 * 3 + 1);
    fmpz x[3];
    for (int q = 0; q < 3; q++) fmpz_init_set_si(x + q, q + 1);
    int all[3] = {1, 1, 1}, none[3] = {0, 0, 0};
    fmpz_mpoly_t f;
    fmpz_mpoly_init(f, P.ctx);
    ldr_poly_output(f, &P, x, all);
    cr_assert_eq(fmpz_mpoly_total_degree_si(f, P.ctx), 7);
    ldr_poly_output(f, &P, x, none); /* the region where every unit is off: f = c */
    cr_assert_eq(fmpz_mpoly_total_degree_si(f, P.ctx), 1);
    fmpz_mpoly_clear(f, P.ctx);
    for (int q = 0; q < 3; q++) fmpz_clear(x + q);
    ldr_poly_clear(&P);
}

Test(vc_degree, univariate_counts_known_families)
{
    fmpz_poly_struct F[4];
    for (int i = 0; i < 4; i++) { /* staircase x - i: 2m + 1 ternary, m + 1 binary vectors */
        fmpz_poly_init(F + i);
        fmpz_poly_set_coeff_si(F + i, 1, 1);
        fmpz_poly_set_coeff_si(F + i, 0, -(i + 1));
    }
    sign_count_t s;
    cr_assert_eq(sign_patterns_univariate(&s, F, 4), 0);
    cr_assert_eq(s.real_roots, 4);
    cr_assert_eq(s.ternary, 9);
    cr_assert_eq(s.binary, 5);
    /* {(x - 1)^2, x - 1}: one root shared; (+,-), (0,0), (+,+) */
    fmpz_poly_zero(F + 0);
    fmpz_poly_set_coeff_si(F + 0, 2, 1);
    fmpz_poly_set_coeff_si(F + 0, 1, -2);
    fmpz_poly_set_coeff_si(F + 0, 0, 1);
    fmpz_poly_zero(F + 1);
    fmpz_poly_set_coeff_si(F + 1, 1, 1);
    fmpz_poly_set_coeff_si(F + 1, 0, -1);
    cr_assert_eq(sign_patterns_univariate(&s, F, 2), 0);
    cr_assert_eq(s.real_roots, 1);
    cr_assert_eq(s.ternary, 3);
    cr_assert_eq(s.binary, 3);
    /* x^2 + 1 and 2 - x^2 (irrational roots +-sqrt 2): 5 ternary vectors */
    fmpz_poly_zero(F + 0);
    fmpz_poly_set_coeff_si(F + 0, 2, 1);
    fmpz_poly_set_coeff_si(F + 0, 0, 1);
    fmpz_poly_zero(F + 1);
    fmpz_poly_set_coeff_si(F + 1, 2, -1);
    fmpz_poly_set_coeff_si(F + 1, 0, 2);
    cr_assert_eq(sign_patterns_univariate(&s, F, 2), 0);
    cr_assert_eq(s.real_roots, 2);
    cr_assert_eq(s.ternary, 3); /* (+,-), (+,0), (+,+) */
    cr_assert_eq(s.binary, 2);
    for (int i = 0; i < 4; i++) fmpz_poly_clear(F + i);
}

Test(vc_degree, sampled_counts_never_exceed_exact_and_warren_value)
{
    flint_rand_t st;
    flint_randinit(st);
    fmpz_poly_struct F[3];
    for (int i = 0; i < 3; i++) {
        fmpz_poly_init(F + i);
        for (int e = 0; e <= 3; e++) fmpz_poly_set_coeff_si(F + i, e, (slong)n_randint(st, 21) - 10);
        fmpz_poly_set_coeff_si(F + i, 3, 1 + i);
    }
    sign_count_t ex, sa;
    cr_assert_eq(sign_patterns_univariate(&ex, F, 3), 0);
    sign_patterns_sampled_univariate(&sa, F, 3, 2000, 100, st);
    cr_assert_leq(sa.binary, ex.binary);
    cr_assert_leq(sa.ternary, ex.ternary);
    for (int i = 0; i < 3; i++) fmpz_poly_clear(F + i);
    fmpq_t B, want;
    fmpq_init(B); fmpq_init(want);
    sign_patterns_warren_lower(B, 1, 1, 1); /* 2 (2 x 2.718) = 1359/125 */
    fmpq_set_si(want, 1359, 125);
    cr_assert(fmpq_equal(B, want));
    fmpq_clear(B); fmpq_clear(want);
    flint_randclear(st);
}
