/* spectra.h -- exact spectral tests on operators: characteristic polynomials over Q and the
 * disjoint-spectra test needed before any Sylvester solve (A M - M B = R has a unique
 * solution for every R iff A and B share no eigenvalue, i.e. gcd(p_A, p_B) = 1). */
#ifndef ALGEBRA_SPECTRA_H
#define ALGEBRA_SPECTRA_H

#include <flint/fmpq_poly.h>

#include "ldr/operators.h"

/* p = det(x I - A), exact.  Closed forms for Z_f / subdiagonal+corner (x^n - c prod a_i) and
 * diagonal (prod (x - d_i)); FLINT's fmpq_mat_charpoly otherwise. */
void op_charpoly(fmpq_poly_t p, const op_t *A);

/* Z_f and subdiagonal+corner operators (and their transposes) are weighted cyclic shifts:
 * A^n = c I with c = corner * a_1 ... a_{n-1}.  Returns 1 and sets C for those kinds, else 0. */
int op_cyclic_constant(fmpq_t c, const op_t *A);

/* 1 if A and B share no eigenvalue (over C), 0 otherwise.  If COMMON is not NULL it receives
 * the monic gcd of the characteristic polynomials (1 when disjoint): its roots are exactly the
 * shared eigenvalues. */
int spectra_disjoint(const op_t *A, const op_t *B, fmpq_poly_t common);

/* One-line description of the shared eigenvalues for error messages, e.g.
 * "shared eigenvalues: roots of x^2-2" or "shared eigenvalue 3/2".  Caller frees. */
char *spectra_describe_common(const fmpq_poly_t common);

#endif
