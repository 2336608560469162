/* test_yelim.c -- Ye-Lim dominance certificate and certified numerical factors, and the
 * Lemma 2.3 approximate identity (algebra/decompositions/yelim.h, yelim_numeric.h, approx_identity.h). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <math.h>

#include <flint/ulong_extras.h>

#include "decompositions/approx_identity.h"
#include "decompositions/yelim.h"
#include "decompositions/yelim_exist.h"
#include "decompositions/yelim_numeric.h"

static mp_limb_t ye_prime(void)
{
    return n_nextprime(UWORD(1) << 62, 1);
}

Test(yelim, param_indices_by_hand)
{
    /* n = 3: Toeplitz (i,j) -> i - j + 2, Hankel -> i + j */
    cr_assert_eq(yelim_param_index(YELIM_TOEPLITZ, 3, 0, 2), 0);
    cr_assert_eq(yelim_param_index(YELIM_TOEPLITZ, 3, 2, 0), 4);
    cr_assert_eq(yelim_param_index(YELIM_HANKEL, 3, 2, 2), 4);
    cr_assert_eq(yelim_generic_count(2), 2);
    cr_assert_eq(yelim_generic_count(7), 4);
    cr_assert_eq(yelim_rank_upper_bound(4, 2), 13); /* 2*6+1 < 16 */
    cr_assert_eq(yelim_rank_upper_bound(4, 3), 16);
}

Test(yelim, ranks_small_n)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int kd = 0; kd < 2; kd++) {
        yelim_rank_t r;
        /* n = 2: one factor has rank 3 (3 parameters), two factors reach 4 */
        cr_assert_eq(yelim_jacobian_rank(&r, (yelim_kind_t)kd, 2, 1, 100, ye_prime(), st), 0);
        cr_assert_eq(r.rank_modp, 3);
        cr_assert_eq(yelim_jacobian_rank(&r, (yelim_kind_t)kd, 2, 2, 100, ye_prime(), st), 0);
        cr_assert_eq(r.rank_modp, 4);
        cr_assert(r.scaling_in_kernel);
        /* n = 5, k = 2 is below the generic count: rank <= 2*8+1 = 17 < 25 */
        cr_assert_eq(yelim_jacobian_rank(&r, (yelim_kind_t)kd, 5, 2, 100, ye_prime(), st), 0);
        cr_assert_leq(r.rank_modp, 17);
        cr_assert_eq(yelim_jacobian_rank(&r, (yelim_kind_t)kd, 5, 3, 100, ye_prime(), st), 0);
        cr_assert_eq(r.rank_modp, 25);
    }
    flint_randclear(st);
}

Test(yelim, bad_input, .init = cr_redirect_stderr)
{
    flint_rand_t st;
    flint_randinit(st);
    yelim_rank_t r;
    cr_assert_eq(yelim_jacobian_rank(&r, YELIM_TOEPLITZ, 3, 0, 10, ye_prime(), st), -1);
    cr_assert_eq(yelim_jacobian_rank(&r, YELIM_TOEPLITZ, YELIM_MAX_N + 1, 2, 10, ye_prime(), st), -1);
    yelim_fit_opts_t o;
    yelim_fit_default_opts(&o);
    yelim_fit_t f;
    double M[4] = {1, 2, 3, 4}, th[6];
    cr_assert_eq(yelim_fit(&f, th, YELIM_TOEPLITZ, 2, 0, M, &o, st), -1);
    o.prec = 128;
    cr_assert_eq(yelim_fit(&f, th, YELIM_TOEPLITZ, 2, 2, M, &o, st), -1);
    flint_randclear(st);
}

Test(yelim_numeric, product_and_jacobian_by_hand)
{
    /* n = 2 Toeplitz, theta = (t_-1, t_0, t_1): T = [[t0, t-1],[t1, t0]] */
    double th[3] = {2, 1, 3}, P[4];
    yelim_product_d(P, YELIM_TOEPLITZ, 2, 1, th);
    cr_assert(P[0] == 1 && P[1] == 2 && P[2] == 3 && P[3] == 1);
    double J[12];
    yelim_jacobian_d(J, YELIM_TOEPLITZ, 2, 1, th);
    /* dT/dt_0 = I: column 1 is vec(I) = (1,0,0,1) */
    cr_assert(J[0 * 3 + 1] == 1 && J[1 * 3 + 1] == 0 && J[2 * 3 + 1] == 0 && J[3 * 3 + 1] == 1);
}

Test(yelim_numeric, certified_fit_n2_and_n4)
{
    flint_rand_t st;
    flint_randinit(st);
    yelim_fit_opts_t o;
    yelim_fit_default_opts(&o);
    for (slong n = 2; n <= 4; n += 2) {
        slong k = yelim_generic_count(n);
        double M[16], th[64];
        yelim_random_gaussian(M, n * n, st);
        yelim_fit_t f;
        cr_assert_eq(yelim_fit(&f, th, YELIM_TOEPLITZ, n, k, M, &o, st), 0);
        cr_assert(f.certified, "n = %ld not certified", (long)n);
        cr_assert_lt(f.certified_residual, 1e-60);
        cr_assert(f.exact_exists, "n = %ld: Krawczyk did not prove existence", (long)n);
        /* negative control: the float64 rounding of the factors is nowhere near 1e-60 */
        cr_assert_gt(yelim_residual_bound_d(YELIM_TOEPLITZ, n, k, th, M, 320), 1e-60);
    }
    flint_randclear(st);
}

/* Krawczyk must fail for a target that is far from the product at the center. */
Test(yelim_exist, wrong_target_not_proved)
{
    flint_rand_t st;
    flint_randinit(st);
    yelim_fit_opts_t o;
    yelim_fit_default_opts(&o);
    double M[4], th[6], radius;
    yelim_random_gaussian(M, 4, st);
    yelim_fit_t f;
    cr_assert_eq(yelim_fit(&f, th, YELIM_HANKEL, 2, 2, M, &o, st), 0);
    cr_assert(f.certified && f.exact_exists);
    mpfr_t t[6];
    for (int q = 0; q < 6; q++) {
        mpfr_init2(t[q], 64);
        mpfr_set_d(t[q], th[q], MPFR_RNDN);
    }
    M[3] += 1.0;
    cr_assert_eq(yelim_krawczyk(&radius, YELIM_HANKEL, 2, 2, t, M, 256), 0);
    for (int q = 0; q < 6; q++)
        mpfr_clear(t[q]);
    flint_randclear(st);
}

Test(approx_identity, sigma_values)
{
    arb_t x, y;
    arb_init(x);
    arb_init(y);
    arb_zero(x);
    approx_identity_sigma(y, AI_SOFTPLUS, 1, x, 128); /* softplus'(0) = 1/2 */
    arb_mul_2exp_si(y, y, 1);
    cr_assert(arb_contains_si(y, 1));
    arb_zero(x);
    approx_identity_sigma(y, AI_SMOOTH_NONANALYTIC, 0, x, 128); /* sigma(0) = 0 */
    cr_assert(arb_is_zero(y));
    approx_identity_sigma(y, AI_TANH, 1, x, 128); /* tanh'(0) = 1 */
    cr_assert(arb_contains_si(y, 1));
    arb_clear(x);
    arb_clear(y);
}

/* The enclosure contains a brute-force float64 estimate of the sup (tanh, a = 1/2). */
Test(approx_identity, enclosure_contains_brute_force)
{
    double a = 0.5, h = 0.25, L = 2.0;
    ai_sup_t r;
    cr_assert_eq(approx_identity_sup(&r, AI_TANH, a, h, L, 1, 256, 1024), 0);
    double best = 0, sa = tanh(a), dsa = 1 - sa * sa;
    for (int i = 0; i <= 200000; i++) {
        double t = -L + 2 * L * i / 200000.0;
        double g = fabs((tanh(a + h * t) - sa) / (h * dsa) - t);
        best = fmax(best, g);
    }
    cr_assert_leq(r.lower, best * (1 + 1e-9));
    cr_assert_geq(r.upper, best * (1 - 1e-9));
    cr_assert_lt(r.upper, 1.02 * r.lower);
}

Test(approx_identity, proof_delta_works)
{
    double eta, delta;
    cr_assert_eq(approx_identity_delta(&eta, &delta, AI_LOGISTIC, 0.5, 2.0, 3, 0.01, 1.0), 0);
    cr_assert_gt(delta, 0);
    ai_sup_t r;
    cr_assert_eq(approx_identity_sup(&r, AI_LOGISTIC, 0.5, delta / 2, 2.0, 3, 128, 1024), 0);
    cr_assert_leq(r.upper, 0.01);
}

Test(approx_identity, bad_input, .init = cr_redirect_stderr)
{
    ai_sup_t r;
    double eta, delta;
    cr_assert_eq(approx_identity_sup(&r, AI_TANH, 0.5, 0.0, 2.0, 3, 128, 1024), -1);
    cr_assert_eq(approx_identity_sup(&r, AI_TANH, 0.5, 0.1, -1.0, 3, 128, 1024), -1);
    cr_assert_eq(approx_identity_delta(&eta, &delta, AI_TANH, 0.5, 2.0, 0, 0.1, 1.0), -1);
    flint_cleanup_master();
}
