/* opspec.h -- displacement operators named on a command line.
 *
 *     Z:f            Z_f (ones on the subdiagonal, f top-right); f rational: Z:1, Z:-1, Z:1/2
 *     ZT:f           its transpose Z_f^T (the Hankel pair is (Z:1, ZT:0))
 *     diag:FILE      diagonal operator; FILE holds a vector of n entries
 *     subdiag:FILE[:c]  subdiagonal A[i][i-1] = a_i from a vector of n-1 entries, top-right
 *                    corner c (rational, default 0): the LDR-SD operator
 *     tridiag:FILE   tridiagonal with both outer corners from an n x 3 table whose row i is
 *                    (A[i][i-1 mod n], A[i][i], A[i][i+1 mod n]): row 0 column 0 is the
 *                    top-right corner, row n-1 column 2 the bottom-left corner (LDR-TD)
 *     dense:FILE, or just FILE   a full n x n matrix
 * FILE is Matrix Market or .npy (matfile.h); vectors may be k x 1 or 1 x k.
 * "I" is accepted as the identity (handy for the Stein form and for plain rank: rank of M
 * equals the Sylvester displacement rank of (I, 0), written "-A I -B 0").  "0" is the zero
 * operator.
 */
#ifndef ALGEBRA_OPSPEC_H
#define ALGEBRA_OPSPEC_H

#include <stddef.h>

#include "ldr/operators.h"

/* Build A (UNinitialised; initialised only on success) of size N from SPEC.  Returns 0, or -1
 * with a one-line reason in ERR (unknown form, bad rational, file errors, wrong size). */
int opspec_parse(op_t *A, const char *spec, slong n, char *err, size_t errlen);

/* The syntax summary above, for --help. */
const char *opspec_help(void);

#endif
