/* operators.h -- displacement operators with exact rational entries.
 *
 * Every structured operator is stored in one uniform "tridiagonal + two outer corners" form
 *     A[i][i]   = diag[i]            (i = 0..n-1)
 *     A[i][i-1] = sub[i]             (i = 1..n-1; sub[0] is unused and kept 0)
 *     A[i][i+1] = super[i]           (i = 0..n-2; super[n-1] is unused and kept 0)
 *     A[0][n-1] += corner_tr,  A[n-1][0] += corner_bl
 * (for n <= 2 the corners coincide with band positions; entries then add up).  The kind only
 * says which entries are free parameters (for counts and names):
 *     OP_ZF        Z_f: ones on the subdiagonal, f top-right                 1 parameter
 *     OP_DIAG      diagonal                                                  n parameters
 *     OP_SUBDIAG   subdiagonal + top-right corner (LDR-SD)                   n parameters
 *     OP_TRIDIAG   tridiagonal + both outer corners (LDR-TD)                 3n parameters
 * (3n = n diagonal + 2(n-1) off-diagonal + 2 corners: Thomas et al. 2018, Table 1.)
 * Two general kinds complete the set: OP_DENSE (a full matrix, e.g. a user's file) and
 * OP_BLOCKDIAG (diag(A_1, ..., A_k), Proposition 1(d)).
 * Applying a structured operator costs O(n) per column; no dense product is formed.
 * A transposed operator keeps its kind and sets `transposed` (Z_f^T, superdiagonal + corner).
 */
#ifndef ALGEBRA_OPERATORS_H
#define ALGEBRA_OPERATORS_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz_mat.h>

typedef enum { OP_ZF, OP_DIAG, OP_SUBDIAG, OP_TRIDIAG, OP_DENSE, OP_BLOCKDIAG } op_kind_t;

typedef struct op {
    op_kind_t kind;
    slong n;
    int transposed;
    fmpq *diag, *sub, *super;  /* length n each (structured kinds) */
    fmpq_t corner_tr, corner_bl;
    fmpq_mat_t dense;          /* OP_DENSE only (initialised 0 x 0 otherwise) */
    struct op *blocks;         /* OP_BLOCKDIAG only */
    slong nblocks;
} op_t;

/* ---- construction (each initialises A; release with op_clear) */
void op_init_zf(op_t *A, slong n, const fmpq_t f);
void op_init_zf_si(op_t *A, slong n, slong f);
void op_init_diag(op_t *A, slong n, const fmpq *d);
/* a[0..n-2] are the subdiagonal entries a_1..a_{n-1} (A[t][t-1] = a_t). */
void op_init_subdiag(op_t *A, slong n, const fmpq *a, const fmpq_t corner);
/* diag: n entries; sub: n-1 entries (A[i][i-1], i=1..n-1); super: n-1 entries (A[i][i+1]). */
void op_init_tridiag(op_t *A, slong n, const fmpq *diag, const fmpq *sub, const fmpq *super,
                     const fmpq_t corner_tr, const fmpq_t corner_bl);
void op_init_dense(op_t *A, const fmpq_mat_t M);
/* diag(blocks[0], ..., blocks[k-1]); the blocks are copied. */
void op_init_blockdiag(op_t *A, const op_t *blocks, slong k);
void op_init_copy(op_t *A, const op_t *src);
/* The same matrix as an OP_TRIDIAG operator (src structured: Z_f, diagonal, subdiagonal):
 * Z_f and LDR-SD operators are special LDR-TD operators (Prop. 2(a)). */
void op_init_as_tridiag(op_t *T, const op_t *src);
/* A = src^T (a new operator). */
void op_init_transpose(op_t *A, const op_t *src);
void op_clear(op_t *A);

/* ---- seeded random operators: entries p/q, |p| <= num_bound, 1 <= q <= den_bound.
 * Free parameters are drawn non-zero; diagonal entries are distinct (the caller must allow
 * at least n distinct values). */
void op_init_rand(op_t *A, op_kind_t kind, slong n, flint_rand_t st, slong num_bound,
                  slong den_bound);

/* ---- use */
slong op_dim(const op_t *A);
slong op_param_count(const op_t *A);
const char *op_kind_name(op_kind_t kind); /* "Z_f", "diagonal", "subdiagonal+corner", ... */
void op_dense(fmpq_mat_t D, const op_t *A);             /* D (n x n) = A */
void op_mul_vec(fmpq *y, const op_t *A, const fmpq *x); /* y = A x (y may alias x) */
void op_mul_left(fmpq_mat_t Y, const op_t *A, const fmpq_mat_t X);  /* Y = A X (Y may be X) */
void op_mul_right(fmpq_mat_t Y, const fmpq_mat_t X, const op_t *B); /* Y = X B (Y may be X) */
/* Integer versions: every entry of A must be an integer (see op_scale_to_integer). */
void op_mul_left_fmpz(fmpz_mat_t Y, const op_t *A, const fmpz_mat_t X);
void op_mul_right_fmpz(fmpz_mat_t Y, const fmpz_mat_t X, const op_t *B);
/* S = s * A (a new operator of the same kind). */
void op_init_scaled(op_t *S, const op_t *A, const fmpz_t s);
/* Aint = den * A with den > 0 the least common denominator of A's entries. */
void op_init_scaled_integer(op_t *Aint, fmpz_t den, const op_t *A);
/* Is A invertible (exact)?  If so and Ainv != NULL, Ainv = A^-1 (dense, caller-initialised). */
int op_inverse(fmpq_mat_t Ainv, const op_t *A);

#endif
