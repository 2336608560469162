/* kmatrix.h -- kaleidoscope matrices (Rudra survey, Definition 5.4; Dao et al., ICLR 2020)
 * and the constructions of Theorems 5.7 and 5.5.
 *
 * A K-matrix in (BB*)^w_e of size n is the top-left n x n corner of a product
 * E = M_w ... M_1 of N x N matrices, N = e n, each M_i = B_i B_i'^* in BB*.  Stored as one
 * butterfly sequence of 2 w log2 N factor matrices applied in the order
 *     [k = N, N/2, ..., 2] (the factors of B_1'^*), [k = 2, ..., N] (the factors of B_1),
 *     then the same for M_2, ..., M_w.
 * Parameter count (dense butterfly parameterisation): 4 w N log2 N; multiply O(w N log N).
 *
 * Construction (ours, derived for this testbed; see NOTES): a sparse N x N matrix A with L
 * non-zeros is a "gather-reduce" A = H Q V:
 *   V (gather): slot t of the non-zeros sorted by (column, row) is placed at position
 *     p_t (p_0 = 0, p_{t+1} = p_t + max(1, c_{t+1} - c_t)) and receives x[c_t];
 *   Q: the permutation from gather positions to reduce positions;
 *   H (reduce): slot t sorted by (row, column) sits at q_t (same rule on rows) and adds
 *     v_t times its value into row r_t.
 * V^T and H are "step matrices" (every column has at most one non-zero, and for non-zero
 * columns t < t' the rows satisfy 0 <= row(t') - row(t) <= t' - t); every step matrix is a
 * butterfly matrix B (kmatrix_step_to_butterfly, the horizontal-step lemma of Theorem 5.7),
 * so V is in B^*, H in B, and Q (routed as a B followed by a B^*, benes.h) in B B^*:
 *     A = H Q V in (B)(B B^*)(B^*) = (BB*)^2  at size N,
 * provided the positions fit: p_last, q_last <= N - 1, i.e.
 *     span(A) = max over {columns, rows} of (max - min) + (L - #distinct) <= N - 1. */
#ifndef ALGEBRA_KMATRIX_H
#define ALGEBRA_KMATRIX_H

#include "circuits/butterfly.h"
#include "circuits/circuit.h"
#include "circuits/sparse_mat.h"

typedef struct {
    slong n, N, w;
    butterfly_seq_t seq;
} kmatrix_struct;
typedef kmatrix_struct kmatrix_t[1];

void kmatrix_init(kmatrix_t K, slong n, slong N);
void kmatrix_clear(kmatrix_t K);
/* 1 if the factor block sizes follow the (BB*)^w pattern above and n <= N. */
int kmatrix_is_well_formed(const kmatrix_t K);
slong kmatrix_params(const kmatrix_t K);
slong kmatrix_expansion(const kmatrix_t K); /* e = N / n */
/* x (length N) <- E x, exact. */
void kmatrix_apply(const kmatrix_t K, fmpq_poly_struct *x, const cyclo_ctx_t ctx);
/* The n x n corner S E S^T (row-major, initialised elements), column by column. */
void kmatrix_corner(const kmatrix_t K, fmpq_poly_struct *M, const cyclo_ctx_t ctx);

/* Step matrix (columns t = 0..N-1: row[t] or -1, value val[t]) -> N x N butterfly matrix:
 * appends the log2 N factors k = 2, ..., N to S.  -1 (nothing appended) if the columns do
 * not form a step matrix. */
int kmatrix_step_to_butterfly(butterfly_seq_t S, const slong *row, const fmpq_poly_struct *val);

/* 1 if ROW (length N, -1 = empty column) is a step matrix (see above). */
int kmatrix_is_step(const slong *row, slong N);
/* The positions of the gather-reduce of A (values not read, so a view with val = NULL will
 * do): V^T column t has its 1 in row vrow[t], H column t holds entry hsrc[t] of A in row
 * hrow[t] (-1: empty), PERM the completed slot permutation (all of length N). */
void kmatrix_gather_reduce_layout(const sparse_mat_t A, slong N, slong *vrow, slong *hrow,
                                  slong *hsrc, slong *perm);

/* The smallest size N' such that the gather-reduce of A fits (span(A) + 1, at least the
 * dimensions of A). */
slong kmatrix_sparse_min_size(const sparse_mat_t A);
/* Append A (canonical, rows, cols <= K->N) as two more BB* factors (w += 2).  -1 with an
 * error line if it does not fit in size K->N. */
int kmatrix_append_sparse(kmatrix_t K, const sparse_mat_t A, const cyclo_ctx_t ctx);

/* Theorem 5.7: an n x n matrix S (n = 2^t) with s non-zeros -> K-matrix of expansion e
 * (a power of two).  Uses one gather-reduce if it fits in N = e n, else (e >= 2) chunks:
 * [x;0] -> [x; S_1 x] -> [x; S_1 x + S_2 x] -> ... -> [S x; ...], each chunk a sparse
 * N x N matrix appended as (BB*)^2, the number of chunks the smallest that fits.
 * K is initialised here.  Returns the number of chunks (w = 2 chunks), or -1. */
slong kmatrix_from_sparse(kmatrix_t K, const sparse_mat_t S, slong e, const cyclo_ctx_t ctx);

/* Theorem 5.5: circuit (n inputs, n outputs, n = 2^t, size s, depth d) -> K-matrix: the
 * factors W_1, ..., W_{d-1}, P W_d of Theorem 4.5 each appended as (BB*)^2 at the common
 * size N = the smallest power of two that fits all of them (N <= 2 s'), so w = 2 d
 * (w = 2 when d = 0) and e = N / n = O(s / n).  K is initialised here.  0 or -1. */
int kmatrix_from_circuit(kmatrix_t K, const circuit_t c);

#endif
