/* sylvester.h -- exact solution of the Sylvester equation A M - M B = R over Q.
 *
 * Method (no n^2 x n^2 Kronecker system): with p = p_B = sum_k c_k x^k the characteristic
 * polynomial of B, Cayley-Hamilton gives p(B) = 0, and the Horner recurrences
 *     D_n = 0, V_n = R;   D_k = A D_{k+1} + V_{k+1},  V_k = V_{k+1} B + c_k R
 * yield D_0 = p(A) M - M p(B) = p(A) M.  p(A) is invertible iff A and B have disjoint spectra,
 * so M = p(A)^{-1} D_0, solved exactly by FLINT (Dixon p-adic lifting / multimodular).
 * Everything runs over Z after scaling: cost O(n^3) integer operations plus one exact solve.
 * Fast path: two diagonal operators use M_ij = R_ij / (a_i - b_j) directly.
 */
#ifndef ALGEBRA_SYLVESTER_H
#define ALGEBRA_SYLVESTER_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* Solve A M - M B = R exactly (M caller-initialised with R's size).  Returns 0 on success;
 * -1 if A and B share an eigenvalue (one line naming it is printed to stderr, prefixed by
 * "sylvester: "), M untouched.  Sizes must match (A: m x m, B: n x n, R: m x n). */
int sylvester_solve(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R);

/* Solve A M - M B = G H^T (G: m x r, H: n x r) exactly, choosing the cheapest exact method:
 *  - A, B weighted cyclic shifts of the same size (Z_f, subdiagonal+corner: A^n = c_A I,
 *    B^n = c_B I): telescoping sum_k A^k (A M - M B) B^{n-1-k} = (c_A - c_B) M gives
 *    M = (c_A - c_B)^{-1} sum_i K(A, g_i) J K(B^T, h_i)^T  (O(r n^2) + r fast products);
 *  - A, B diagonal: the Cauchy-like formula;
 *  - otherwise sylvester_solve on R = G H^T.
 * Same return convention as sylvester_solve (spectra are always checked first). */
int sylvester_solve_generators(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                               const fmpq_mat_t H);

/* Same without the spectra check (caller has checked); returns -1 if p_B(A) is singular or
 * the internal Cayley-Hamilton check R p_B(B) = 0 fails (one line on stderr; M untouched). */
int sylvester_solve_unchecked(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R);

#endif
