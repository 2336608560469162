/* ed_critical.h -- the ED degree of the determinantal variety M_{e, m x k} (rank <= e) counted
 * from its critical equations with a Groebner basis, without the Eckart-Young description of
 * the critical points.
 *
 * Derivation.  Near a point of rank e write X = U V^T with U = [I_e; Y] (a chart of the column
 * space, Y (m-e) x e) and V in C^{k x e}.  The critical equations of ||A - U V^T||^2 are
 *   d/dV:  (A - U V^T)^T U = 0,   d/dY:  rows e.. of (A - U V^T) V = 0.
 * The first is linear in V: V = A^T U G^-1 with G = U^T U (invertible off the isotropic
 * subspaces, which generic data avoids).  Then (A - U V^T) V = (I - P) S U G^-1 with
 * S = A A^T and P = U G^-1 U^T; its columns lie in range(I - P), on which the last m - e
 * coordinates are injective in this chart, so the second equation is (I - P) S U = 0, i.e.
 * S U = U C: with U = [I; Y], C = S11 + S12 Y and the Riccati system
 *   R(Y) = Y S11 + Y S12 Y - S21 - S22 Y = 0        ((m - e) e quadrics in (m - e) e unknowns).
 * Its solutions are the critical points in the chart; their number (with multiplicity) is
 * dim_Q Q[Y]/(R), computed from a Groebner basis (exact/groebner.h). */
#ifndef ALGEBRA_ED_CRITICAL_H
#define ALGEBRA_ED_CRITICAL_H

#include <flint/fmpq_mat.h>

/* Critical-point count for S = A A^T (m x m, symmetric; data A of full row rank m <= k,
 * m > e >= 1; for the invariant varieties S is the reduced matrix of equivariant_ed.h): the
 * number of solutions of R(Y) = 0
 * with multiplicity, or -1 if the solution set is not finite, -2 if the Groebner basis grew
 * beyond MAX_LEN.  *BASIS_LEN receives the size of the basis; *DISTINCT = 1 when the
 * solutions are proved distinct (groebner_distinct with the linear form sum_v (-1)^v (3v + 1)
 * y_v), 0 when that test did not decide, -1 when there is no finite count. */
long ed_critical_count(long *basis_len, int *distinct, const fmpq_mat_t S, long e, long max_len);

#endif
