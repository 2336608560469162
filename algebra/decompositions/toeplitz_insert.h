/* toeplitz_insert.h -- Lemma 2.1 of Liu, Jiao, Lim (LU and Toeplitz decomposition of a neural
 * network): any m x n matrix becomes a Toeplitz (or Hankel) matrix by inserting rows.
 *
 * Construction (ours, following the proof): between original rows i and i+1 insert n-1 rows,
 * so original row i lands at index i*n and the result has (m-1)(n-1) + m = mn - n + 1 rows.
 *   Toeplitz: the (n+1) x n block from row i to row i+1 has diagonals t_d (d = r - c); row i
 *     fixes t_0, t_{-1}, .., t_{1-n} and row i+1 (block row n) fixes t_n, .., t_1 -- 2n
 *     diagonals, no overlap -- and the inserted block row r is (t_{r-c})_c.
 *   Hankel: same with anti-diagonals h_{r+c}, r + c = 0..2n-1.
 * Toeplitz/Hankel-ness is a condition on consecutive rows only, so gluing the blocks (which
 * share their boundary rows) gives a Toeplitz/Hankel matrix.  Exact (fmpq) throughout. */
#ifndef ALGEBRA_TOEPLITZ_INSERT_H
#define ALGEBRA_TOEPLITZ_INSERT_H

#include <flint/flint.h>
#include <flint/fmpq_mat.h>

/* Number of rows after insertion: m n - n + 1 (m, n >= 1). */
slong toeplitz_insert_rows(slong m, slong n);

/* T (caller-initialised, toeplitz_insert_rows(m, n) x n) := B with rows inserted so that T
 * is Toeplitz; orig[i] (m entries) := the row of T holding row i of B.  0, or -1 on bad
 * sizes (one line on stderr). */
int toeplitz_insert_toeplitz(fmpq_mat_t T, slong *orig, const fmpq_mat_t B);

/* Same, Hankel. */
int toeplitz_insert_hankel(fmpq_mat_t H, slong *orig, const fmpq_mat_t B);

/* Exact structure predicates for rectangular matrices: M[r+1][c+1] == M[r][c] (Toeplitz),
 * M[r+1][c] == M[r][c+1] (Hankel). */
int toeplitz_insert_is_toeplitz(const fmpq_mat_t M);
int toeplitz_insert_is_hankel(const fmpq_mat_t M);

/* 1 iff row orig[i] of T equals row i of B for every i (and the indices are increasing). */
int toeplitz_insert_rows_match(const fmpq_mat_t T, const slong *orig, const fmpq_mat_t B);

#endif
