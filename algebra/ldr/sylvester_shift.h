/* sylvester_shift.h -- A M - M B = R solved exactly in O(n^2) rational operations when one
 * operator is a weighted cyclic shift and the other a weighted cyclic shift or diagonal (the
 * Z_f, subdiagonal+corner and diagonal families, either side, either orientation), or both
 * are diagonal.
 *
 * Row recurrence.  Let A be a weighted cyclic shift with non-zero weights w along its cycle:
 * rows rho_0, ..., rho_{n-1} (lower shift: n-1, ..., 0; upper shift: 0, ..., n-1) with
 * (A M)[rho_k] = w_k M[rho_{k+1}] for k < n-1 and (A M)[rho_{n-1}] = c M[rho_0] (the corner).
 * Rows rho_k, k < n-1, of the equation give
 *     M[rho_{k+1}] = (R[rho_k] + M[rho_k] B) / w_k,
 * so M[rho_k] = x B^k / W_k + s_k with x = M[rho_0], W_k = w_0 ... w_{k-1} and s_k the same
 * recurrence started from s_0 = 0.  The last row closes the cycle:
 *     x (c_A I - B^n) = W_{n-1} (R[rho_{n-1}] + s_{n-1} B),    c_A = c W_{n-1},
 * and B^n is c_B I for a weighted cyclic B (B^n = product of its cycle's weights times I) and
 * diag(b_j^n) for a diagonal B, so x is one division per entry.  A zero divisor (c_A = c_B,
 * or c_A = b_j^n) is exactly a shared eigenvalue (the spectra are the n-th roots of c_A, of
 * c_B, and the b_j): the solution is then not unique.  When B is the shift and A is not,
 * the transposed equation B^T M^T - M^T A^T = -R^T is solved instead.  Both diagonal:
 * M_ij = R_ij / (a_i - b_j).
 * Cost: two passes of n row updates, O(n^2) exact operations on numbers of the solution's
 * size (plus the heights of the partial sums s_k).  Operators are recognised by their
 * entries, whatever kind they were built as. */
#ifndef ALGEBRA_SYLVESTER_SHIFT_H
#define ALGEBRA_SYLVESTER_SHIFT_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* Solve A M - M B = R (M caller-initialised with R's size, used as the work space).  0:
 * solved; 1: the operators are not of these families (M untouched: use sylvester_solve); -1:
 * A and B share an eigenvalue (M overwritten, nothing printed). */
int sylvester_solve_shift(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R);

/* Would sylvester_solve_shift handle (A, B)? */
int sylvester_shift_applies(const op_t *A, const op_t *B);

/* Is A M - M B == R exactly?  Row by row for structured operators (no n x n temporaries: at
 * n = 1000 each rational matrix costs as much to allocate as the whole solve), else through
 * ldr_sylvester. */
int sylvester_shift_residual_is_zero(const op_t *A, const fmpq_mat_t M, const op_t *B,
                                     const fmpq_mat_t R);

#endif
