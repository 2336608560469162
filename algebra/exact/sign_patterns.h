/* sign_patterns.h -- how many sign vectors (sgn f_1(a), ..., sgn f_m(a)) a family of integer
 * polynomials takes, the quantity bounded by Warren's theorem in the VC-dimension proofs of
 * piecewise-polynomial networks (Thomas et al. 2018, Theorem 2; the form of the bound used
 * is Bartlett-Harvey-Liaw-Mehrabian 2019, Lemma 17: for m >= W polynomials of degree <= D in
 * W variables, at most 2 (2 e m D / W)^W vectors of 1[f_i(a) > 0]).
 *
 * Signs are counted two ways: "binary" (1[f > 0], the lemma's convention) and "ternary"
 * (-, 0, +).  One variable: exact, by certified real-root isolation (Arb) and exact
 * evaluation at rational points between the roots.  Several variables: a lower estimate,
 * the distinct vectors seen at random integer points (exact evaluation). */
#ifndef ALGEBRA_SIGN_PATTERNS_H
#define ALGEBRA_SIGN_PATTERNS_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpz_mpoly.h>
#include <flint/fmpz_poly.h>

typedef struct {
    slong binary, ternary; /* distinct sign vectors */
    slong real_roots;      /* one variable: distinct real roots of the product (else -1) */
} sign_count_t;

/* Exact counts over all real a for univariate F[0..m-1] (any degrees; zero polynomials
 * allowed).  Returns 0, or -1 if the root isolation did not separate within the precision
 * cap (not expected for m * deg <= a few hundred). */
int sign_patterns_univariate(sign_count_t *out, const fmpz_poly_struct *F, slong m);

/* Lower estimate for multivariate F[0..m-1] over CTX: the distinct vectors at NPOINTS
 * points with integer coordinates uniform in [-RANGE, RANGE] (only the first NVARS
 * variables are drawn, the others are 0).  real_roots = -1. */
void sign_patterns_sampled(sign_count_t *out, const fmpz_mpoly_struct *F, slong m,
                           const fmpz_mpoly_ctx_t ctx, slong nvars, slong npoints, slong range,
                           flint_rand_t st);

/* The same lower estimate for univariate F at random rationals p/q, |p| <= RANGE, 1 <= q <= RANGE. */
void sign_patterns_sampled_univariate(sign_count_t *out, const fmpz_poly_struct *F, slong m,
                                      slong npoints, slong range, flint_rand_t st);

/* B = 2 (2 e_lo m D / W)^W with e_lo = 2718/1000 < e: a rational lower bound of the
 * Bartlett et al. Lemma 17 bound, so COUNT <= B proves COUNT <= 2 (2 e m D / W)^W. */
void sign_patterns_warren_lower(fmpq_t B, slong m, slong D, slong W);

#endif
