/* sparse_mat.h -- sparse matrices with exact entries in Q(zeta_N) (coordinate list).
 * Used for the factors of Theorem 4.5, the inputs of Theorem 5.7 and the sparse-matrix
 * circuits.  After sparse_mat_canonicalise the entries are sorted by (row, column), the
 * positions are distinct and no stored value is zero. */
#ifndef ALGEBRA_SPARSE_MAT_H
#define ALGEBRA_SPARSE_MAT_H

#include "circuits/cyclo.h"

typedef struct {
    slong rows, cols, nnz, alloc;
    slong *row, *col;
    fmpq_poly_struct *val;
} sparse_mat_struct;
typedef sparse_mat_struct sparse_mat_t[1];

void sparse_mat_init(sparse_mat_t A, slong rows, slong cols);
void sparse_mat_clear(sparse_mat_t A);
/* Append entry (i, j) += v (duplicates are summed by sparse_mat_canonicalise). */
void sparse_mat_push(sparse_mat_t A, slong i, slong j, const cyclo_t v);
void sparse_mat_push_si(sparse_mat_t A, slong i, slong j, slong v);
void sparse_mat_canonicalise(sparse_mat_t A);
/* y (rows) = A x (cols), exact. */
void sparse_mat_apply(const sparse_mat_t A, fmpq_poly_struct *y, const fmpq_poly_struct *x,
                      const cyclo_ctx_t ctx);
/* Dense row-major copy into M (rows*cols initialised elements). */
void sparse_mat_dense(const sparse_mat_t A, fmpq_poly_struct *M);
/* A = M (rows x cols, row-major), keeping the non-zero entries. */
void sparse_mat_from_dense(sparse_mat_t A, const fmpq_poly_struct *M, slong rows, slong cols);
/* Random n x n matrix with exactly s distinct non-zero positions (uniform) and random
 * non-zero rational values p/q, |p| <= 9, 1 <= q <= 4. */
void sparse_mat_rand(sparse_mat_t A, slong n, slong s, flint_rand_t st);

#endif
