/* displacement.h -- displacement operators applied to a matrix, exact displacement rank,
 * generators.  Sylvester form: A M - M B.  Stein form: M - A M B.  (Thomas et al. 2018,
 * Section 2: D^r_{A,B} is the set of M with rank(A M - M B) <= r.) */
#ifndef ALGEBRA_DISPLACEMENT_H
#define ALGEBRA_DISPLACEMENT_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* R = A M - M B  (M is m x n, A is m x m, B is n x n; R caller-initialised m x n). */
void ldr_sylvester(fmpq_mat_t R, const op_t *A, const fmpq_mat_t M, const op_t *B);

/* R = M - A M B  (Stein form). */
void ldr_stein(fmpq_mat_t R, const op_t *A, const fmpq_mat_t M, const op_t *B);

/* Exact rank of A M - M B over Q. */
slong ldr_displacement_rank(const op_t *A, const fmpq_mat_t M, const op_t *B);

/* Exact rank of M - A M B over Q. */
slong ldr_stein_rank(const op_t *A, const fmpq_mat_t M, const op_t *B);

/* Generators of R: R = G H^T with G (m x rho), H (n x rho), rho = rank R, exact.
 * G and H must be UNinitialised; this function initialises them (caller clears).
 * Construction: G = the pivot columns of R, H^T = the non-zero rows of rref(R). */
slong ldr_generators(fmpq_mat_t G, fmpq_mat_t H, const fmpq_mat_t R);

#endif
