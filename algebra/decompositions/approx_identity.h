/* approx_identity.h -- Lemma 2.3 (Liu, Jiao, Lim): for sigma C^1 near a with sigma'(a) != 0,
 *     rho_h(x) = (sigma(h x + a 1) - sigma(a 1)) / (h sigma'(a))
 * approximates the identity uniformly on [-L, L]^n as h -> 0.  With the coordinate error
 *     g_h(t) = (sigma(a + h t) - sigma(a)) / (h sigma'(a)) - t,
 * sup_{x in [-L,L]^n} ||rho_h(x) - x||_2 = sqrt(n) sup_{|t| <= L} |g_h(t)| (every coordinate
 * is maximised by the same t), so everything reduces to one variable.
 *
 * Rigorous enclosure of S(h) = sup_{|t|<=L} |g_h(t)| (Arb):
 *   lower bound = max over a grid t_j (N+1 dyadic points) of the lower end of |g_h(t_j)|;
 *   upper bound = max_j [ max(|g_h(t_j)|, |g_h(t_{j+1})|) + (Delta/2) D_j ], where
 *   D_j >= sup |g_h'| on [t_j, t_{j+1}], g_h'(t) = sigma'(a + h t)/sigma'(a) - 1, is an Arb
 *   enclosure of sigma' over the whole sub-interval (mean-value / derivative bound).
 *   Precision is doubled (from 256 bits, up to max_prec) until the grid values are resolved
 *   (max lower bound >= (1 - 2^-20) max upper bound of the grid values).
 * The proof's delta: eta = a certified radius with sup_{|b-a|<=eta} |sigma'(b) - sigma'(a)| <
 *   |sigma'(a)| eps / (L sqrt n) (bisection over eta; each candidate certified by enclosing
 *   sigma' on 64 sub-intervals), delta = eta / L.
 * Activations: tanh, logistic, softplus = log(1 + e^x), and the smooth non-analytic
 *   sigma(x) = x + exp(-1/x^2) (value 0 at 0), used at a = 0 where every derivative of
 *   exp(-1/x^2) vanishes (its enclosures on balls containing 0 use the monotonicity of
 *   exp(-1/x^2) and of |d/dx exp(-1/x^2)| = 2|x|^-3 exp(-1/x^2) on [0, sqrt(2/3)]). */
#ifndef ALGEBRA_APPROX_IDENTITY_H
#define ALGEBRA_APPROX_IDENTITY_H

#include <arb.h>

typedef enum { AI_TANH, AI_LOGISTIC, AI_SOFTPLUS, AI_SMOOTH_NONANALYTIC } ai_sigma_t;

#define AI_SIGMA_COUNT 4

const char *approx_identity_name(ai_sigma_t s);

/* y := enclosure of sigma^(deriv)(x), deriv in {0, 1}, for every point of the ball x. */
void approx_identity_sigma(arb_t y, ai_sigma_t s, int deriv, const arb_t x, slong prec);

typedef struct {
    double lower, upper;   /* sqrt(n) S(h) is in [lower, upper] (rounded outwards; values
                            * below the double range become 0 / the smallest subnormal) */
    char lower_str[40];    /* the same bounds printed from the exact arf values ("%.4Re") */
    char upper_str[40];
    char ratio_str[40];    /* upper / h */
    double log10_lower;    /* log10 of the bounds (no underflow; -inf for a zero bound) */
    double log10_upper;
    slong prec;            /* precision used */
    int resolved;          /* grid values resolved (ball radii tiny) at that precision */
} ai_sup_t;

/* Enclose sqrt(n) sup_{|t|<=L} |g_h(t)| on a grid of N intervals (N >= 2).  a, h, L are
 * doubles (exact dyadic values are used as given).  Returns 0, or -1 on bad input
 * (h == 0, L <= 0, n < 1, N < 2, sigma'(a) not provably non-zero). */
int approx_identity_sup(ai_sup_t *out, ai_sigma_t s, double a, double h, double L, slong n,
                        slong N, slong max_prec);

/* Certified eta of the proof for EPS (eta <= eta_max), and delta = eta / L.  Returns 0, or -1
 * on bad input. */
int approx_identity_delta(double *eta, double *delta, ai_sigma_t s, double a, double L, slong n,
                          double eps, double eta_max);

#endif
