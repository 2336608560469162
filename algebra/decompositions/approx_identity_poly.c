/* approx_identity_poly.c -- Lemma 2.3 exactly in h for polynomial activations (see the
 * header for the identity rho_h(t) - t = t P(h t)). */
#include "decompositions/approx_identity_poly.h"

#include <stdio.h>

int approx_identity_poly_error(fmpq_poly_t P, const fmpq_poly_t sigma, const fmpq_t a)
{
    fmpq_poly_t S;
    fmpq_t s1, c;
    fmpq_poly_init(S);
    fmpq_init(s1);
    fmpq_init(c);
    /* S(u) = sigma(a + u): Taylor shift by composing with u + a */
    fmpq_poly_t shift;
    fmpq_poly_init(shift);
    fmpq_poly_set_coeff_fmpq(shift, 0, a);
    fmpq_poly_set_coeff_si(shift, 1, 1);
    fmpq_poly_compose(S, sigma, shift);
    fmpq_poly_get_coeff_fmpq(s1, S, 1);
    int ok = !fmpq_is_zero(s1);
    fmpq_poly_zero(P);
    if (ok)
        for (slong k = 2; k <= fmpq_poly_degree(S); k++) {
            fmpq_poly_get_coeff_fmpq(c, S, k);
            fmpq_div(c, c, s1);
            fmpq_poly_set_coeff_fmpq(P, k - 1, c);
        }
    else
        fprintf(stderr, "approx_identity_poly: sigma'(a) = 0: Lemma 2.3 needs sigma'(a) != 0\n");
    fmpq_poly_clear(shift);
    fmpq_poly_clear(S);
    fmpq_clear(s1);
    fmpq_clear(c);
    return ok ? 0 : -1;
}

void approx_identity_poly_eval(fmpq_t err, const fmpq_poly_t P, const fmpq_t h, const fmpq_t t)
{
    fmpq_t u;
    fmpq_init(u);
    fmpq_mul(u, h, t);
    fmpq_poly_evaluate_fmpq(err, P, u);
    fmpq_mul(err, err, t);
    fmpq_clear(u);
}

void approx_identity_poly_bound(fmpq_t B, const fmpq_poly_t P, const fmpq_t delta,
                                const fmpq_t L)
{
    fmpq_t u, pw, c;
    fmpq_init(u);
    fmpq_init(pw);
    fmpq_init(c);
    fmpq_mul(u, delta, L);
    fmpq_abs(u, u);
    fmpq_one(pw);
    fmpq_zero(B);
    for (slong j = 1; j <= fmpq_poly_degree(P); j++) {
        fmpq_mul(pw, pw, u);
        fmpq_poly_get_coeff_fmpq(c, P, j);
        fmpq_abs(c, c);
        fmpq_addmul(B, c, pw);
    }
    fmpq_mul(B, B, L);
    fmpq_abs(B, B);
    fmpq_clear(u);
    fmpq_clear(pw);
    fmpq_clear(c);
}

long approx_identity_poly_delta(fmpq_t delta, const fmpq_poly_t P, const fmpq_t L, long n,
                                const fmpq_t eps, long maxj)
{
    fmpq_t B, lhs, rhs;
    fmpq_init(B);
    fmpq_init(lhs);
    fmpq_init(rhs);
    fmpq_mul(rhs, eps, eps);
    long found = -1;
    for (long j = 0; j <= maxj && found < 0; j++) {
        fmpq_one(delta);
        fmpz_mul_2exp(fmpq_denref(delta), fmpq_denref(delta), (ulong)j);
        approx_identity_poly_bound(B, P, delta, L);
        fmpq_mul(lhs, B, B);
        fmpq_mul_si(lhs, lhs, n);
        if (fmpq_cmp(lhs, rhs) <= 0)
            found = j;
    }
    fmpq_clear(B);
    fmpq_clear(lhs);
    fmpq_clear(rhs);
    return found;
}
