/* equivariant_ed.h -- exact ingredients for the ED degree of the invariant variety
 * I^sigma_{r, m x n} and for the reduction to the cyclic case (Sattelberger slides).
 *
 * ED reduction (derived; see proofs_check/equivariant_ed_s9.c): with E the k x n cycle
 * indicator and W = E E^T = diag(cycle lengths), the squared distance from data u to X = Y E is
 * ||u - pi(u)||^2 + ||(Yh - Y) W^{1/2}||^2, Yh = u E^T W^-1; the critical points are those of
 * rank-e approximation of Yh W^{1/2}, whose squared singular values are the eigenvalues of
 * S = u E^T W^-1 E u^T (rational, m x m). */
#ifndef ALGEBRA_EQUIVARIANT_ED_H
#define ALGEBRA_EQUIVARIANT_ED_H

#include <flint/fmpq_mat.h>
#include <flint/fmpz.h>

#include "equivariant/permutation.h"

/* S (caller-initialised m x m) from u (m x n, n = p->n); returns k (number of cycles). */
long equivariant_ed_reduced_matrix(fmpq_mat_t S, const fmpq_mat_t u, const permutation_t *p);

/* s = number of distinct non-zero eigenvalues of S (exact: squarefree part of the
 * characteristic polynomial without its factor x^j); *generic = 1 when they are simple and
 * number WANT.  COUNT = binom(s, e), the number of critical points of rank-e approximation. */
long equivariant_ed_count(fmpz_t count, int *generic, const fmpq_mat_t S, long e, long want);

/* sigma with one cycle per orbit of <gs[0], .., gs[ng-1]> (points of an orbit in increasing
 * order): its partition is the finest common coarsening of the P(gs[i]).  All of size n. */
int equivariant_join_permutation(permutation_t *s, const permutation_t *const *gs, long ng);

/* dim {x in Q^n : x P_g = x for all g} (= number of orbits), by an exact integer rank. */
long equivariant_invariant_subspace_dim(const permutation_t *const *gs, long ng);

#endif
