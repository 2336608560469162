/* ldr_float.h -- float64 counterparts of the exact displacement tools, for the numerical
 * questions a user with float data asks: the displacement A M - M B (or M - A M B) in double
 * precision, its singular values (LAPACK dgesdd), and a numerical rank at a tolerance.
 * Nothing here verifies anything: the exact rank comes from displacement.h. */
#ifndef ALGEBRA_LDR_FLOAT_H
#define ALGEBRA_LDR_FLOAT_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* An operator in float64: the band arrays (tridiagonal + corners) for the structured kinds,
 * a row-major dense matrix otherwise.  Entries are the nearest doubles to the exact ones. */
typedef struct {
    long n;
    int dense_kind;
    double *diag, *sub, *super, corner_tr, corner_bl;
    double *dense;
} ldrf_op_t;

void ldrf_op_init(ldrf_op_t *F, const op_t *A);
void ldrf_op_clear(ldrf_op_t *F);
/* y = A x (y must not alias x). */
void ldrf_op_mul_vec(double *y, const ldrf_op_t *F, const double *x);

/* Nearest double to X (exact when X is a float64). */
double ldrf_get_d(const fmpq_t x);

/* Row-major double copy of M (nearest double per entry); returns how many entries were
 * not exactly representable (0 for float64 input read from .npy). */
long ldrf_from_fmpq_mat(double *out, const fmpq_mat_t M);

/* R (m x n, row-major) = A M - M B  (stein = 0)  or  M - A M B  (stein = 1). */
void ldrf_displacement(double *R, const ldrf_op_t *A, const double *M, const ldrf_op_t *B, long m,
                       long n, int stein);

/* Singular values of the m x n row-major matrix R, descending, into s (min(m, n) entries).
 * R is overwritten.  Returns 0, or the LAPACK info code. */
int ldrf_singular_values(double *s, double *R, long m, long n);

#endif
