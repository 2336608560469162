/* classes.h -- the classic displacement structures (Thomas et al. 2018, Table 5) and their
 * standard operator pairs (Sylvester form A M - M B):
 *     Toeplitz     (Z_1, Z_{-1})         rank <= 2
 *     Hankel       (Z_1, Z_0^T)          rank <= 2
 *     Vandermonde  (diag(v), Z_0)        rank <= 1     V[i][j] = v_i^j
 *     Cauchy       (diag(s), diag(t))    rank <= 1     C[i][j] = 1 / (s_i - t_j)
 * The "-like" class of rank r is the set of M whose displacement w.r.t. the pair has rank r;
 * class_like_matrix builds one from generators by solving the Sylvester equation exactly. */
#ifndef ALGEBRA_CLASSES_H
#define ALGEBRA_CLASSES_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

typedef enum { CLASS_TOEPLITZ, CLASS_HANKEL, CLASS_VANDERMONDE, CLASS_CAUCHY } ldr_class_t;

#define LDR_CLASS_COUNT 4

const char *class_name(ldr_class_t c);          /* "Toeplitz", ... */
const char *class_operator_names(ldr_class_t c); /* "(Z_1, Z_-1)", ... */
slong class_displacement_bound(ldr_class_t c);   /* 2, 2, 1, 1 */

/* T[i][j] = t[i - j + n - 1]  (t has 2n-1 entries; T is n x n). */
void toeplitz_matrix(fmpq_mat_t T, const fmpq *t);
/* H[i][j] = h[i + j]  (h has 2n-1 entries). */
void hankel_matrix(fmpq_mat_t H, const fmpq *h);
/* V[i][j] = v_i^j. */
void vandermonde_matrix(fmpq_mat_t V, const fmpq *v);
/* C[i][j] = 1 / (s_i - t_j); returns -1 if some s_i == t_j. */
int cauchy_matrix(fmpq_mat_t C, const fmpq *s, const fmpq *t);

/* The standard pair of class C at size n.  NODES (n entries, may be NULL for Toeplitz and
 * Hankel) gives v (Vandermonde) or s (Cauchy); NODES2 gives t (Cauchy). A, B uninitialised. */
void class_operators(op_t *A, op_t *B, ldr_class_t c, slong n, const fmpq *nodes,
                     const fmpq *nodes2);

/* A random matrix of the class itself (not "-like"), with its standard operators
 * (A, B uninitialised; M caller-initialised n x n).  Nodes are distinct non-zero rationals. */
void class_random_matrix(fmpq_mat_t M, op_t *A, op_t *B, ldr_class_t c, slong n,
                         flint_rand_t st);

/* M with A M - M B = G H^T for the standard pair (A, B): the rank-r "-like" matrix. */
int class_like_matrix(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                      const fmpq_mat_t H);

#endif
