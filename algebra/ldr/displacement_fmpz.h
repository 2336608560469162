/* displacement_fmpz.h -- the displacement of an integer matrix as an integer matrix of the same
 * rank, without a rational number per entry (ldr rank on large files).
 *
 * With L > 0 the least common denominator of the entries of A and B, L A and L B are integer
 * operators and
 *     L (A Z - Z B) = (L A) Z - Z (L B),      L^2 (Z - A Z B) = L^2 Z - (L A) Z (L B),
 * so R below is a non-zero multiple of the displacement: rank R = its displacement rank, and
 * for M = Z / D (D > 0) also that of M (the displacements are linear in M).
 * Cost: O(m n) integer operations for the structured kinds (band + corners), one fmpz_mat_mul
 * for a dense operator. */
#ifndef ALGEBRA_DISPLACEMENT_FMPZ_H
#define ALGEBRA_DISPLACEMENT_FMPZ_H

#include <flint/fmpz_mat.h>

#include "ldr/operators.h"

/* R (caller-initialised, Z's size) = L (A Z - Z B), or L^2 (Z - A Z B) if STEIN; SCALE (may be
 * NULL) receives L or L^2. */
void ldr_displacement_fmpz(fmpz_mat_t R, fmpz_t scale, const op_t *A, const fmpz_mat_t Z,
                           const op_t *B, int stein);

#endif
