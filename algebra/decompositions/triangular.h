/* triangular.h -- every square matrix over Q is a product of three triangular matrices
 * (Nagarajan, Devasahayam, Soundararajan, LAA 292 (1999); used in Liu-Jiao-Lim, proof of
 * Thm 2.4):  A = L1 U L2  (LUL)  and, applied to A^T,  A = U1 L U2  (ULU).
 *
 * Our constructive method (exact, fmpq), for any n x n A:
 *  1. Invertible G: Gaussian elimination without row exchanges, W := R G M, where R (unit
 *     lower, left) eliminates below the pivot and M (unit lower, right) repairs a zero
 *     pivot: if W[k][k] == 0, add column j to column k for the first j > k with
 *     W[k][j] != 0.  Such j exists: the trailing block W[k.., k..] is invertible because
 *     det W = det G != 0 and columns < k are already reduced, so its first row is non-zero.
 *     Adding a LATER column to an EARLIER one is right multiplication by I + e_j e_k^T with
 *     j > k, which is unit lower.  Then G = L1 U L2 with L1 = R^{-1} (the multipliers),
 *     U = W, L2 = M^{-1}: L1, L2 unit lower, U upper with non-zero diagonal.
 *     Example: the anti-identity J_2 = [[1,0],[1,1]] [[1,1],[0,-1]] [[1,0],[-1,1]].
 *  2. Singular A (rank r < n): row-reduce A "from the right" by invertible row operations K
 *     to E = P K A, whose row j is either zero or a row-space vector whose last non-zero is in
 *     column j: E is lower triangular, singular, and A = G E with G = (P K)^{-1} invertible.
 *     Step 1 on G gives A = L1 U (L2 E), and L2 E is lower triangular.
 *  ULU: A^T = L1 U L2  =>  A = L2^T U^T L1^T.
 * Functions returning int return 0, or -1 after one line on stderr (non-square, sizes). */
#ifndef ALGEBRA_TRIANGULAR_H
#define ALGEBRA_TRIANGULAR_H

#include <flint/flint.h>
#include <flint/fmpq_mat.h>

/* A = L1 U L2; outputs caller-initialised n x n. */
int triangular_lul(fmpq_mat_t L1, fmpq_mat_t U, fmpq_mat_t L2, const fmpq_mat_t A);

/* A = U1 L U2; outputs caller-initialised n x n. */
int triangular_ulu(fmpq_mat_t U1, fmpq_mat_t L, fmpq_mat_t U2, const fmpq_mat_t A);

/* Step 2 alone: A = G E with G invertible and E lower triangular (G, E caller-initialised). */
int triangular_row_space_lower(fmpq_mat_t G, fmpq_mat_t E, const fmpq_mat_t A);

/* Independent exact checks: shapes and the product. */
int triangular_verify_lul(const fmpq_mat_t L1, const fmpq_mat_t U, const fmpq_mat_t L2,
                          const fmpq_mat_t A);
int triangular_verify_ulu(const fmpq_mat_t U1, const fmpq_mat_t L, const fmpq_mat_t U2,
                          const fmpq_mat_t A);

/* For an INVERTIBLE A: 1 iff A = L U with L lower, U upper (no permutation) exists, i.e. iff
 * every leading principal minor is non-zero (decided exactly by plu: P = I).  -1 if A is
 * singular or not square (then the criterion does not apply). */
int triangular_lu_exists_invertible(const fmpq_mat_t A);

#endif
