/* yelim_exist.h -- rigorous EXISTENCE of an exact real Toeplitz / Hankel factorization
 * M = T_1 ... T_k near a numerically refined point (Krawczyk test in Arb).
 *
 * The system vec(T_1...T_k) = vec(M) has n^2 equations in N = k(2n-1) unknowns.  We pick n^2
 * well-conditioned unknowns S (QR with column pivoting of the float64 Jacobian at the
 * center), freeze the other N - n^2 at their exact dyadic center values, and apply the
 * Krawczyk operator on the box X = x~ + [-r, r]^S:
 *     K(X) = x~ - Y f(x~) + (I - Y J_S(X)) (X - x~),   Y ~ J_S(x~)^{-1} (exact dyadic),
 * with J_S(X) an Arb enclosure of the Jacobian over the whole box.  If K(X) lies in the
 * interior of X, f has a unique zero in X (Krawczyk 1969 / Moore): then M is EXACTLY a
 * product of k real Toeplitz (Hankel) matrices whose parameters lie in the box.  Failure
 * (e.g. a rank-deficient Jacobian at the solution) proves nothing. */
#ifndef ALGEBRA_YELIM_EXIST_H
#define ALGEBRA_YELIM_EXIST_H

#include <flint/flint.h>
#include <mpfr.h>

#include "decompositions/yelim.h"

/* THETA: N = k(2n-1) MPFR centers; M: n x n row-major doubles (exact values).  Tries box
 * radii r = 2^-40, 2^-80, 2^-120 (relative to max(1, |theta|_inf)); returns 1 and sets
 * *radius to the radius used if existence is proved, else 0. */
int yelim_krawczyk(double *radius, yelim_kind_t kind, slong n, slong k, mpfr_t *theta,
                   const double *M, slong prec);

#endif
