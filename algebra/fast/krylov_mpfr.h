/* krylov_mpfr.h -- multiprecision reference for the Krylov products of krylov_fast.h
 * (A subdiagonal a_1..a_{n-1} with corner f at A[0][n-1]; K(A, g) has columns A^i g).
 *
 * Method, O(n^2) with one fused multiply-add per term: with prefix products
 * P_t = a_1 ... a_t (P_0 = 1, all a_t != 0) and c_k = g_k / P_k,
 *     K[t][i] = P_t c_{t-i}                      (t >= i)
 *     K[t][i] = f P_{n-1} P_t c_{t-i+n}          (t <  i, the path wraps through the corner),
 * so K = diag(P) T diag(1) with T an f P_{n-1}-circulant: y = K x and K^T x are a
 * convolution / correlation against c followed by a diagonal scaling.
 * Error bound: every term P_t c_k x_i carries a relative error <= (2n + 4) u (prefix-product
 * chains, one division, the fma), the sum adds <= n u relative to the sum of |terms|, so
 *     |computed - exact|_t <= (3n + 4) u (|K| |x|)_t,    u = 2^(1 - prec).
 * At prec = 256 and n <= 2^14 this is below 2^-238 (|K||x|)_t: negligible against float64.
 * Returns -1 (message "krylov_mpfr: ...") if some a_t is zero or an input is not finite. */
#ifndef ALGEBRA_KRYLOV_MPFR_H
#define ALGEBRA_KRYLOV_MPFR_H

#include <mpfr.h>

/* y (n entries, caller-initialised, any precision) = K(A, g) x or K(A, g)^T x, computed at
 * PREC bits. */
int krylov_mpfr_mul(mpfr_t *y, long n, const double *a, double corner, const double *g,
                    const double *x, int transpose, mpfr_prec_t prec);

/* Frobenius norm of K(A, g) in double (sum of squares of the float64 columns A^i g, all
 * terms non-negative: relative error <= ~2n u_double, enough for a denominator). */
double krylov_frobenius_norm(long n, const double *a, double corner, const double *g);

#endif
