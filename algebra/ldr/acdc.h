/* acdc.h -- the ACDC layer M = diag(a) C diag(d) C^-1 (Moczulski et al., cited as [37] by
 * Thomas et al. 2018, Proposition 2(e)), with C = P^T the transpose of an orthogonal
 * polynomial transform (orthopoly.h; C is the DCT when P is Chebyshev T at the Chebyshev
 * nodes; over Q we take rational nodes, a "DCT-like" transform with the same recurrence).
 *
 * Derivation (Proposition 1 applied by hand): transposing diag(x) P - P J = rank 1 gives
 * C in D^1_{J^T, diag(x)}; C^-1 in D^1_{diag(x), J^T} (inverse rule); diag(d) in
 * D^0_{diag(x), diag(x)}; diag(a) in D^0_{L, J^T} with L = diag(a) J^T diag(a)^-1, which is
 * tridiagonal.  The product rule gives M in D^2_{L, J^T}: both operators tridiagonal, so an
 * ACDC layer is LDR-TD of displacement rank <= 2. */
#ifndef ALGEBRA_ACDC_H
#define ALGEBRA_ACDC_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#include "ldr/operators.h"
#include "ldr/orthopoly.h"

/* M (n x n) = diag(a) C diag(d) C^-1 with C = P^T; returns -1 if P is singular. */
int acdc_matrix(fmpq_mat_t M, const fmpq_mat_t P, const fmpq *a, const fmpq *d);

/* L = diag(a) J^T diag(a)^-1 and R = J^T (both initialised here); a has no zero entry. */
void acdc_operators(op_t *L, op_t *R, const op_t *J, const fmpq *a);

#endif
