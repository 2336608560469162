/* krylov.h -- exact Krylov matrices and the Krylov-product form of Proposition 3
 * (Thomas et al. 2018): K(A, v) is n x n with column i equal to A^i v. */
#ifndef ALGEBRA_KRYLOV_H
#define ALGEBRA_KRYLOV_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* K (n x n, caller-initialised) = K(A, v). */
void krylov_matrix(fmpq_mat_t K, const op_t *A, const fmpq *v);

/* M (n x n) = sum_{i<r} K(A, g_i) K(B^T, h_i)^T, with g_i, h_i the columns of G, H (n x r). */
void krylov_product_sum(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                        const fmpq_mat_t H);

/* M (n x n) = sum_{i<r} K(A, g_i) J K(B^T, h_i)^T with J the reversal (J e_k = e_{n-1-k}),
 * i.e. sum_i sum_{k<n} A^k g_i h_i^T B^{n-1-k}: the telescoped sum of the cyclic solvers. */
void krylov_reversed_product_sum(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                                 const fmpq_mat_t H);

/* The explicit right side of Proposition 3 (derivation in krylov.c):
 *     A^{-1} M - M B = sum_i ( A^{-1} g_i h_i^T  -  A^{n-1} g_i h_i^T B^n ),
 * returned in factored form R = GG HH^T with GG = [A^{-1} G, -A^{n-1} G] and
 * HH = [H, (B^T)^n H] (n x 2r, caller-initialised).  Returns -1 if A is singular. */
int krylov_prop3_generators(fmpq_mat_t GG, fmpq_mat_t HH, const op_t *A, const op_t *B,
                            const fmpq_mat_t G, const fmpq_mat_t H);

#endif
