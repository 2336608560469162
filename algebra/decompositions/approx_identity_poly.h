/* approx_identity_poly.h -- Lemma 2.3 of Liu-Jiao-Lim exactly in h, for a polynomial
 * activation (where the statement is algebraic in h).
 *
 * rho_h(x) = (sigma(h x + a 1) - sigma(a 1)) / (h sigma'(a)), coordinate-wise.  With the
 * Taylor shift sigma(a + u) = sum_k s_k u^k (s_1 = sigma'(a) != 0), for every h != 0:
 *     rho_h(t) - t = sum_{k >= 2} (s_k / s_1) h^(k-1) t^k = t P(h t),
 *     P(u) = sum_{k >= 2} (s_k / s_1) u^(k-1),   P(0) = 0,
 * an identity of polynomials in (h, t) (no division by h is left).  On |t| <= L and
 * |h| <= delta:  |rho_h(t) - t| <= L sum_{k >= 2} |s_k / s_1| (delta L)^(k-1) =: B(delta),
 * so sup_{x in [-L, L]^n} ||rho_h(x) - x||_2 <= sqrt(n) B(delta) for EVERY 0 < |h| <= delta:
 * the lemma's "whenever 0 < |h| < delta" is then a statement about one polynomial.
 * Everything is exact over Q. */
#ifndef ALGEBRA_APPROX_IDENTITY_POLY_H
#define ALGEBRA_APPROX_IDENTITY_POLY_H

#include <flint/fmpq.h>
#include <flint/fmpq_poly.h>

/* P with rho_h(t) - t = t P(h t) for the polynomial SIGMA at A.  Returns 0, or -1 (one line
 * on stderr) if sigma'(a) = 0 (the lemma's hypothesis fails). */
int approx_identity_poly_error(fmpq_poly_t P, const fmpq_poly_t sigma, const fmpq_t a);

/* The exact error rho_h(t) - t = t P(h t) at one rational (h, t) (h != 0 not required). */
void approx_identity_poly_eval(fmpq_t err, const fmpq_poly_t P, const fmpq_t h, const fmpq_t t);

/* B(delta) of the header, exactly: B = L sum_{j >= 1} |P_j| (delta L)^j, P = sum_j P_j u^j. */
void approx_identity_poly_bound(fmpq_t B, const fmpq_poly_t P, const fmpq_t delta,
                                const fmpq_t L);

/* The largest delta = 2^-j (j = 0..maxj) with n B(delta)^2 <= eps^2 (exact); returns j, or -1
 * if none up to 2^-maxj. */
long approx_identity_poly_delta(fmpq_t delta, const fmpq_poly_t P, const fmpq_t L, long n,
                                const fmpq_t eps, long maxj);

#endif
