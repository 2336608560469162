/* krylov_tridiag.h -- O(n log^2 n) multiplication by Krylov matrices of a TRIDIAGONAL operator
 * (the LDR-TD class of Thomas et al. 2018, Sec. 3; the paper and the authors' code build
 * these Krylov matrices explicitly).  Two implementations of one algorithm: exact over Q
 * (FLINT fmpq_poly, the reference of the tests) and float64 with FFTW.
 *
 * Operator (the layout of experiments/trainer/tridiag_op.h, without corners):
 *     A[t][t] = d[t] (n entries),  A[t+1][t] = s[t],  A[t][t+1] = u[t]  (n-1 entries each).
 * K(A, g) is n x n with column i equal to A^i g.  Corners (A[0][n-1], A[n-1][0]) are NOT
 * supported: a caller with non-zero corners must use the explicit product.
 *
 * Method (derivation in krylov_tridiag_exact.c).  With T = I - zA and D = det T,
 *     K(A, g)^T x = coefficients z^0..z^{n-1} of N_x(z) / D(z),   N_x = x^T adj(T) g,
 * D(0) = 1, so 1/D is a power series computed once per operator.  N_x comes from a
 * balanced tree over the index range: a node [lo, hi) keeps the 2 x 2 transfer matrix of
 * continuants P (D of the range with 0/1 end entries removed), the g-only vectors Gu, Gs
 * (first/last row of the local adjugate times g) and, per input vector, the x-dependent
 * 2 x 2 form E (local x^T adj g for the four trimmed ranges) and vectors Xu, Xs.  A merge is
 * a fixed set of products of node polynomials (32 per merge with an x-dependent factor, the
 * other factor precomputed), so K^T x costs O(n log^2 n).  K x is the transposed algorithm
 * (top-down, correlations instead of products; transposition principle).
 *
 * Conditioning (float64): the coefficients of D are the elementary symmetric functions of
 * the eigenvalues of A and can exceed the Krylov entries by many orders of magnitude; the
 * cancellation then exceeds float64.  krylov_tridiag_create estimates the error a
 * posteriori (two probe identities, see krylov_tridiag_error_estimate) and the multiplies
 * refuse (return -1) when the estimate exceeds the tolerance: never a silent wrong result.
 *
 * Errors (library-wide convention): -1 / NULL after one line "krylov_tridiag: reason".
 */
#ifndef ALGEBRA_KRYLOV_TRIDIAG_H
#define ALGEBRA_KRYLOV_TRIDIAG_H

#include <flint/fmpq.h>
#include <mpfr.h>

/* Default tolerance on the a-posteriori relative error estimate (see below). */
#define KRYLOV_TRIDIAG_TOL 1e-12

/* ---- exact over Q: y = K(A, g) x (transpose = 0) or K(A, g)^T x (transpose = 1), n >= 1,
 * vectors of n (d, g, x, y) or n-1 (s, u) rationals; y must not alias the inputs (n < 1:
 * nothing is done). */
void krylov_tridiag_exact_mul(fmpq *y, slong n, const fmpq *d, const fmpq *s, const fmpq *u,
                              const fmpq *g, const fmpq *x, int transpose);

/* ---- float64 with FFTW.  Any n >= 1 (padded internally to the next power of two with a
 * decoupled zero block, which leaves the leading n x n block of K unchanged).  measure:
 * 0 = FFTW_ESTIMATE, 1 = FFTW_MEASURE.  All inputs must be finite. */
typedef struct krylov_tridiag krylov_tridiag_t;

krylov_tridiag_t *krylov_tridiag_create(long n, const double *d, const double *s,
                                        const double *u, const double *g, unsigned measure);
void krylov_tridiag_destroy(krylov_tridiag_t *K);

/* A-posteriori relative error estimate made at create time from a pseudo-random probe x
 * (fixed internal seed, x_{n-1} = 0): the larger of
 *     max_i |(K^T A^T x)_i - (K^T x)_{i+1}| / ||K^T x||_inf        (i < n-1)
 *     ||A (K x) - K (Z x)||_inf / (||A||_inf ||K x||_inf)          (Z: down shift)
 * both identities of exact arithmetic (A K = K Z + A^n g e_{n-1}^T).  A float64 failure of
 * the algorithm (cancellation in D, 1/D or the tree) breaks them at the size of the error. */
double krylov_tridiag_error_estimate(const krylov_tridiag_t *K);
/* Tolerance checked by the multiplies (default KRYLOV_TRIDIAG_TOL; tol < 0: never refuse,
 * for measurements of the failure itself). */
void krylov_tridiag_set_tolerance(krylov_tridiag_t *K, double tol);

/* y = K(A, g) x and y = K(A, g)^T x for `count` vectors of n entries (vector k at x + k n).
 * Returns -1 (nothing useful in y) when the error estimate exceeds the tolerance, an input
 * is not finite or the result overflows. */
int krylov_tridiag_mul(const krylov_tridiag_t *K, double *y, const double *x, long count);
int krylov_tridiag_mul_transpose(const krylov_tridiag_t *K, double *y, const double *x,
                                 long count);

/* ---- MPFR reference (O(n^2), one sweep over the columns v_i = A^i g at PREC bits):
 * y = K x, yt = K^T x (n entries each, caller-initialised) and knorm2 = ||K||_F^2.  Every
 * operation rounds once: each entry of v_i carries a relative error <= 3 i u on the sum of
 * the absolute values of its terms (u = 2^(1 - prec)), so at prec = 128, n <= 2^14 the
 * error is below 2^-110 (|K| |x|)_t -- far below float64. */
void krylov_tridiag_mpfr(mpfr_t *y, mpfr_t *yt, mpfr_t knorm2, long n, const double *d,
                         const double *s, const double *u, const double *g, const double *x,
                         mpfr_prec_t prec);

/* ---- float64 reference step for explicit Krylov columns v_{i+1} = A v_i (n entries, w must
 * not alias v): w = A v with the tridiagonal A above, each entry d v + s v + u v in that order
 * (missing neighbours add 0.0).  Used by the explicit baselines of the experiments. */
void krylov_tridiag_explicit_step(double *w, const double *v, long n, const double *d,
                                  const double *s, const double *u);

/* Smallest n (power of two) from which the fast K x beat an explicit dense n x n dgemv in
 * results/krylov_fast_multiply.md (LDR-TD section, batch 1, one thread): 2048. */
long krylov_tridiag_threshold(void);

#endif
