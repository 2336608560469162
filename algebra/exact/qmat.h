/* qmat.h -- small helpers over FLINT fmpq_mat / fmpz_mat: seeded random matrices, exact rank,
 * height, blocks.  Conventions follow FLINT: output matrices are initialised by the caller
 * with the right dimensions unless a function says otherwise. */
#ifndef ALGEBRA_QMAT_H
#define ALGEBRA_QMAT_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz.h>
#include <flint/fmpz_mat.h>
#include <flint/nmod_mat.h>

/* Random rational p/q with p uniform in [-num_bound, num_bound], q uniform in [1, den_bound]. */
void qrand_fmpq(fmpq_t x, flint_rand_t st, slong num_bound, slong den_bound);
/* Same, but never zero. */
void qrand_fmpq_nonzero(fmpq_t x, flint_rand_t st, slong num_bound, slong den_bound);

/* Every entry drawn by qrand_fmpq. */
void qmat_rand(fmpq_mat_t M, flint_rand_t st, slong num_bound, slong den_bound);

/* R = G H^T with random G (rows x r), H (cols x r): rank <= r, = r with high probability. */
void qmat_rand_rank(fmpq_mat_t R, flint_rand_t st, slong r, slong num_bound, slong den_bound);

/* Exact rank over Q, certified: denominators are cleared row by row (rank-preserving); a rank
 * rho mod a 62-bit prime is a lower bound with a non-singular rho x rho pivot block S; the
 * upper bound is proven by the exact identity M = M[:, J] S^-1 M[I, :] (cheap for low rank);
 * FLINT's fmpz_mat_rank decides if that identity fails.  Never a modular guess.
 * Suited to the low ranks with large entries that displacements of exact solutions have; for
 * middle ranks with small entries (e.g. a user's 1000 x 1000 file) rank_mm.h's multimodular
 * certificate is faster (2x at rank 200-400 in results/ldr_rank_bench.md). */
slong qmat_rank(const fmpq_mat_t M);
/* Same for an integer matrix. */
slong qmat_rank_fmpz(const fmpz_mat_t Z);

/* Rank rho of A (a matrix mod p), its pivot columns COLS (rref) and rows ROWS independent
 * within those columns, so that A[ROWS, COLS] is non-singular mod p (hence the same minor of
 * any integer lift is non-zero over Z).  ROWS and COLS need min(rows, cols) entries. */
slong qmat_pivots_mod_p(slong *rows, slong *cols, const nmod_mat_t A);

/* Largest bit size of a numerator or denominator (the "height" of the matrix). */
slong qmat_height_bits(const fmpq_mat_t M);

/* Copy SRC into DST at offset (i0, j0) / copy the block of DST's size at (i0, j0) of SRC. */
void qmat_set_block(fmpq_mat_t dst, const fmpq_mat_t src, slong i0, slong j0);
void qmat_get_block(fmpq_mat_t dst, const fmpq_mat_t src, slong i0, slong j0);

/* Column j of M into the vector v (length rows) and back. */
void qmat_get_col(fmpq *v, const fmpq_mat_t M, slong j);
void qmat_set_col(fmpq_mat_t M, slong j, const fmpq *v);

/* Vectors (FLINT 2.9 lacks these): copy, scale by an integer. */
void qvec_set(fmpq *dst, const fmpq *src, slong len);
void qvec_scalar_mul_fmpz(fmpq *dst, const fmpq *src, slong len, const fmpz_t c);

/* Print a small matrix (debugging, test diagnostics). */
void qmat_print(const char *label, const fmpq_mat_t M);

#endif
