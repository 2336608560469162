/* plu.h -- exact PLU decomposition over Q of any square matrix, singular included.
 *
 *     P A = L U,   L unit lower triangular, U upper triangular, P a permutation matrix.
 *
 * The permutation is stored as an index vector: row i of P A is row perm[i] of A
 * (so P[i][perm[i]] = 1).
 *
 * Pivot rule (documented and stable): at elimination step k the pivot is the FIRST row
 * r >= k (in the current, already permuted order) whose entry in column k is non-zero.
 * If column k has no non-zero entry at or below row k, no row is exchanged, column k of
 * L is e_k and the step only records U's row k (this is what makes singular matrices work;
 * U then has a zero on its diagonal).  Consequences:
 *   - if every leading principal minor of A is non-zero, every pivot a_kk^(k) is non-zero
 *     (it is the ratio of two consecutive leading minors), hence P = I and (L, U) is the
 *     unique LU decomposition of A;
 *   - more generally P = I whenever plain Gaussian elimination never meets a zero pivot
 *     with a non-zero entry below it.
 * Everything is exact (fmpq arithmetic), so "non-zero" is exact.
 *
 * Error convention: functions returning int return 0 on success and -1 after printing one
 * line "plu_...: reason" on stderr (non-square A, mismatched sizes). */
#ifndef ALGEBRA_PLU_H
#define ALGEBRA_PLU_H

#include <flint/flint.h>
#include <flint/fmpq_mat.h>

/* P A = L U for square A (n x n, n >= 0).  perm has n entries; L and U are initialised by
 * the caller as n x n (they are overwritten).  Returns 0, or -1 on bad input. */
int plu_decompose(slong *perm, fmpq_mat_t L, fmpq_mat_t U, const fmpq_mat_t A);

/* The permutation matrix P of PERM (P[i][perm[i]] = 1); P caller-initialised n x n. */
void plu_perm_matrix(fmpq_mat_t P, const slong *perm, slong n);

/* PA = rows of A in the order PERM (PA[i] = A[perm[i]]); PA caller-initialised like A. */
void plu_permute_rows(fmpq_mat_t PA, const slong *perm, const fmpq_mat_t A);

/* 1 iff PERM is the identity on 0..n-1. */
int plu_perm_is_identity(const slong *perm, slong n);

/* 1 iff PERM is a permutation of 0..n-1 (each index exactly once). */
int plu_perm_is_valid(const slong *perm, slong n);

/* Structural predicates, exact. */
int plu_is_unit_lower(const fmpq_mat_t L);
int plu_is_lower(const fmpq_mat_t L);
int plu_is_upper(const fmpq_mat_t U);

/* Independent exact check of a claimed decomposition: 1 iff perm is a permutation,
 * L is unit lower, U is upper and P A == L U (all sizes n x n), else 0. */
int plu_verify(const slong *perm, const fmpq_mat_t L, const fmpq_mat_t U, const fmpq_mat_t A);

/* Number of non-zero diagonal entries of U after plu_decompose.  NOTE: this equals rank(A)
 * when A is non-singular, but for singular A it is only a lower bound (e.g. A = [[0,1],[0,0]]
 * has U = A with rank 1 and no non-zero diagonal entry); use qmat_rank for the rank. */
slong plu_pivot_count(const fmpq_mat_t U);

#endif
