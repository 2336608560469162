/* test_approx_identity_poly.c -- Lemma 2.3 exactly in h for polynomial activations
 * (algebra/decompositions/approx_identity_poly.h). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "decompositions/approx_identity_poly.h"

static void poly_si(fmpq_poly_t p, const slong *c, int len)
{
    fmpq_poly_zero(p);
    for (int k = 0; k < len; k++)
        fmpq_poly_set_coeff_si(p, k, c[k]);
}

/* sigma = x^3 at a = 1: sigma(1 + u) - 1 = 3u + 3u^2 + u^3, so P(u) = u + u^2/3 */
Test(approx_identity_poly, cube_at_one)
{
    fmpq_poly_t s, P, want;
    fmpq_t a;
    fmpq_poly_init(s), fmpq_poly_init(P), fmpq_poly_init(want);
    fmpq_init(a);
    slong c[] = {0, 0, 0, 1};
    poly_si(s, c, 4);
    fmpq_set_si(a, 1, 1);
    cr_assert_eq(approx_identity_poly_error(P, s, a), 0);
    fmpq_poly_set_coeff_si(want, 1, 1);
    fmpq_t third;
    fmpq_init(third);
    fmpq_set_si(third, 1, 3);
    fmpq_poly_set_coeff_fmpq(want, 2, third);
    cr_assert(fmpq_poly_equal(P, want));
    /* rho_h(t) - t at h = 1/2, t = 2: ((1 + 1)^3 - 1) / (3/2) - 2 = 14/3 - 2 = 8/3 */
    fmpq_t h, t, e, eight3;
    fmpq_init(h), fmpq_init(t), fmpq_init(e), fmpq_init(eight3);
    fmpq_set_si(h, 1, 2), fmpq_set_si(t, 2, 1), fmpq_set_si(eight3, 8, 3);
    approx_identity_poly_eval(e, P, h, t);
    cr_assert(fmpq_equal(e, eight3));
    /* bound at delta = 1/2, L = 2: L (|1| (1) + |1/3| (1)^2) = 8/3, attained */
    fmpq_t B;
    fmpq_init(B);
    approx_identity_poly_bound(B, P, h, t);
    cr_assert(fmpq_equal(B, eight3));
    fmpq_clear(B), fmpq_clear(h), fmpq_clear(t), fmpq_clear(e), fmpq_clear(eight3);
    fmpq_clear(third), fmpq_clear(a);
    fmpq_poly_clear(s), fmpq_poly_clear(P), fmpq_poly_clear(want);
}

/* sigma = x + x^2 at 0: error h t^2; n = 3, L = 2, eps = 1/10: sqrt(3) 4 delta <= 1/10 first
 * at delta = 2^-7 (4 sqrt(3) / 64 > 1/10, 4 sqrt(3) / 128 = 0.054) */
Test(approx_identity_poly, delta_for_quadratic)
{
    fmpq_poly_t s, P;
    fmpq_t a, L, eps, delta;
    fmpq_poly_init(s), fmpq_poly_init(P);
    fmpq_init(a), fmpq_init(L), fmpq_init(eps), fmpq_init(delta);
    slong c[] = {0, 1, 1};
    poly_si(s, c, 3);
    fmpq_set_si(L, 2, 1), fmpq_set_si(eps, 1, 10);
    cr_assert_eq(approx_identity_poly_error(P, s, a), 0);
    cr_assert_eq(approx_identity_poly_delta(delta, P, L, 3, eps, 60), 7);
    fmpq_clear(a), fmpq_clear(L), fmpq_clear(eps), fmpq_clear(delta);
    fmpq_poly_clear(s), fmpq_poly_clear(P);
}

Test(approx_identity_poly, zero_derivative_refused, .init = cr_redirect_stderr)
{
    fmpq_poly_t s, P;
    fmpq_t a;
    fmpq_poly_init(s), fmpq_poly_init(P);
    fmpq_init(a);
    slong c[] = {0, 0, 1}; /* x^2 at 0: sigma'(0) = 0 */
    poly_si(s, c, 3);
    cr_assert_eq(approx_identity_poly_error(P, s, a), -1);
    fmpq_clear(a);
    fmpq_poly_clear(s), fmpq_poly_clear(P);
}
