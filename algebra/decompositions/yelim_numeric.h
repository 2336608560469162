/* yelim_numeric.h -- certified numerical Toeplitz / Hankel factorization M = T_1 ... T_k
 * (Ye-Lim generic count k = floor(n/2) + 1) for real n x n M.
 *
 *  1. float64: damped Gauss-Newton / Levenberg-Marquardt on r(theta) = vec(T_1..T_k - M),
 *     theta in R^{k(2n-1)}.  Each step is the minimum-norm least-squares solution (LAPACKE
 *     dgelsd, SVD based) of [J; sqrt(lambda) I] delta = [-r; 0]; lambda is divided by 3 after
 *     an accepted step and multiplied by 4 after a rejected one, so the iteration becomes the
 *     minimum-norm Gauss-Newton step as lambda -> 0.  A run that stalls is restarted from a
 *     new random point (up to max_restarts starts).
 *  2. MPFR (prec bits, >= 256): Newton / Levenberg-Marquardt with
 *     delta = -J^T (J J^T + mu I)^{-1} r,  mu = ||r||_F  (Fan-Yuan choice: quadratic
 *     convergence to zero-residual solutions under a local error bound even where J loses
 *     rank, e.g. for singular targets; at a regular solution it is the minimum-norm Newton
 *     step up to O(||r||)).
 *  3. Certificate: the final factors are exact dyadic rationals; the product minus M and its
 *     Frobenius norm are enclosed in Arb balls, and the reported residual is the ball's upper
 *     bound, i.e. a rigorous bound on ||T_1 ... T_k - M||_F for the returned factors. */
#ifndef ALGEBRA_YELIM_NUMERIC_H
#define ALGEBRA_YELIM_NUMERIC_H

#include <flint/flint.h>
#include <flint/fmpq.h>

#include "decompositions/yelim.h"

typedef struct {
    slong max_restarts;   /* float64 starts per matrix */
    slong max_lm_iter;    /* LM iterations per start */
    double lm_tol;        /* float64 stop: ||r||_F <= lm_tol * max(1, ||M||_F) */
    slong prec;           /* MPFR / Arb working precision in bits (>= 256) */
    slong max_newton;     /* Newton iterations */
    double target;        /* certified ||r||_F target, e.g. 1e-60 */
} yelim_fit_opts_t;

typedef struct {
    int float_converged;        /* LM reached lm_tol on some start */
    int certified;              /* Arb bound < target */
    slong starts;               /* float64 starts used */
    slong lm_iterations;        /* LM iterations summed over all starts */
    slong newton_iterations;    /* Newton iterations on the successful start */
    double float_residual;      /* best float64 ||r||_F */
    double certified_residual;  /* Arb upper bound on ||r||_F (or -1 if not reached) */
    int exact_exists;           /* Krawczyk proved an EXACT real factorization nearby */
    double exist_radius;        /* radius of the Krawczyk box (parameter space) */
} yelim_fit_t;

void yelim_fit_default_opts(yelim_fit_opts_t *o);

/* Fit M (n x n, row-major doubles) with k factors of KIND.  THETA (k(2n-1) doubles) receives
 * the float64 rounding of the final factors' parameters.  Returns 0 (whatever the outcome,
 * see OUT), or -1 on bad input (n < 1, n > 16, k < 1, prec < 256). */
int yelim_fit(yelim_fit_t *out, double *theta, yelim_kind_t kind, slong n, slong k,
              const double *M, const yelim_fit_opts_t *o, flint_rand_t st);

/* LEN independent standard normal doubles (Box-Muller on the FLINT generator). */
void yelim_random_gaussian(double *M, slong len, flint_rand_t st);

/* Stage 2 + 3 from a float64 point: Newton in MPFR, then the Arb bound.  Returns the number
 * of Newton iterations done (>= 0) and sets *bound (Arb upper bound on ||r||_F), or -1 if
 * J J^T + mu I was numerically singular. */
slong yelim_refine_mp(double *bound, double *theta_out, yelim_kind_t kind, slong n, slong k,
                      const double *theta, const double *M, const yelim_fit_opts_t *o);

/* Same, and when *bound < o->target also runs the Krawczyk existence test: *exists (0/1) and
 * *radius (box radius). */
slong yelim_refine_mp_exist(double *bound, int *exists, double *radius, double *theta_out,
                            yelim_kind_t kind, slong n, slong k, const double *theta,
                            const double *M, const yelim_fit_opts_t *o);

/* Stage 2 + 3 as yelim_refine_mp, returning the refined parameters exactly: THETA_Q (k(2n-1)
 * caller-initialised fmpq) receives the dyadic rationals the MPFR Newton iteration ended at,
 * so a caller can build and check the factors over Q. */
slong yelim_refine_mp_exact(double *bound, fmpq *theta_q, yelim_kind_t kind, slong n, slong k,
                            const double *theta, const double *M, const yelim_fit_opts_t *o);

/* Rigorous Arb upper bound on ||T_1 .. T_k - M||_F for float64 parameters THETA (exact). */
double yelim_residual_bound_d(yelim_kind_t kind, slong n, slong k, const double *theta,
                              const double *M, slong prec);

#endif
