/* conv1d.h -- Corollary 2.5 (Liu, Jiao, Lim): an s x t Toeplitz weight matrix T acts as a 1-D
 * convolution.  Kernel kappa = (a_{1-t}, .., a_0, .., a_{s-1}) (s+t-1 entries, kappa[k] =
 * a_{k+1-t}); the input x (t entries) is zero-padded by s-1 on each side to x~ (t+2s-2 entries)
 * and (kappa * x~)_i = sum_k kappa[s+t-2-k] x~[i+k], i = 0..s-1 (the matrix in the proof:
 * row i is (0^i, a_{s-1}, .., a_{1-t}, 0^{s-1-i})).  Claim: kappa * x~ == T x with
 * T[i][j] = a_{i-j}.
 * Two independent evaluations of the convolution, neither builds T:
 *   conv1d_padded  -- the sliding window over the explicitly zero-padded input (the paper's);
 *   conv1d_poly    -- full linear convolution as a polynomial product (fmpq_poly_mul),
 *                     output i is coefficient i + t - 1. */
#ifndef ALGEBRA_CONV1D_H
#define ALGEBRA_CONV1D_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

/* y (s entries) := kappa * zero-pad(x).  kappa has s+t-1 entries, x has t. */
void conv1d_padded(fmpq *y, const fmpq *kappa, slong s, slong t, const fmpq *x);

/* Same value through a polynomial product. */
void conv1d_poly(fmpq *y, const fmpq *kappa, slong s, slong t, const fmpq *x);

/* T (caller-initialised s x t) := the Toeplitz matrix T[i][j] = kappa[i - j + t - 1]. */
void conv1d_toeplitz_matrix(fmpq_mat_t T, const fmpq *kappa);

/* y (s entries) := T x (plain matrix-vector product). */
void conv1d_matvec(fmpq *y, const fmpq_mat_t T, const fmpq *x);

#endif
