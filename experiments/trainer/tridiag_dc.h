/* tridiag_dc.h - the Krylov multiply of a TRIDIAGONAL (+ two corners) operator and all of
 * its derivatives in O(n log^2 n) per call (issue 16, point 4: the fast LDR-TD trainer
 * layer).  The tridiagonal counterpart of subdiag_dc.h.
 *
 * For the operator M of tridiag_op.h (d, s, u, corners cu = M[0][n-1], cl = M[n-1][0]) and a
 * generator g, the trilinear form
 *     Phi(w, u) = w^T K(M, g) u = sum_j u_j w^T M^j g,    K(M, g) = [g, M g, .., M^{n-1} g],
 * has the partials
 *     d/dw = K(M, g) u          (the forward multiply),
 *     d/du = K(M, g)^T w        (the transposed multiply),
 *     d/dg = K(M^T, w) u,
 *     d/dM_pq = sum_j u_j sum_{k+l=j-1} ((M^T)^k w)_p (M^l g)_q   (the band entries, corners).
 * A layer needs, per example, the first two and, summed over the batch, the last two: the
 * shared partials (g, M) are accumulated in the preparation and handed out by
 * tridiag_dc_finish once per step.
 *
 * Method: see tridiag_dc.c (reverse mode through the continuant tree of
 * algebra/fast/krylov_tridiag.h).  Float64 limits: the method divides by D = det(I - zM),
 * whose coefficients can outgrow the Krylov entries; tridiag_dc_prepare returns an
 * a-posteriori error estimate so that a caller can fall back to the explicit product. */
#ifndef EXPERIMENTS_TRAINER_TRIDIAG_DC_H
#define EXPERIMENTS_TRAINER_TRIDIAG_DC_H

#include "trainer/tridiag_op.h"

typedef struct tridiag_dc tridiag_dc_t;
typedef struct tridiag_dc_prep tridiag_dc_prep_t;

/* Workspace and FFTW plans (FFTW_ESTIMATE: deterministic) for operators of size n >= 1.
 * NULL when out of memory. */
tridiag_dc_t *tridiag_dc_create(int n);
void tridiag_dc_free(tridiag_dc_t *dc);

/* Storage for one prepared (M, g) pair and its accumulators.  NULL when out of memory. */
tridiag_dc_prep_t *tridiag_dc_prep_create(const tridiag_dc_t *dc);
void tridiag_dc_prep_free(tridiag_dc_prep_t *p);

/* Everything that depends only on (M, g), computed once per step and shared by every
 * tridiag_dc_partials call until M or g change; zeroes the accumulators.  P may keep the
 * pointers of M and G: they must stay valid and unchanged while P is used (this
 * implementation copies them).  Returns an a-posteriori relative error estimate of the
 * multiplies at (M, g) (>= 0; the size of the float64 error normwise, relative to
 * ||K|| ||u||; it also covers the shared partials through two identities of one internal
 * probe call, see tridiag_dc.c), or -1 when an input is not finite or an intermediate
 * overflows.  Float64 holds near the trainer's init (one band about 1, the other band and d
 * small); with both bands about 1 it fails from n ~ 30 (as krylov_tridiag.h). */
double tridiag_dc_prepare(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                          const double *g);

/* ADD d/dw into Y and d/du into DU (n entries each; NULL = not wanted).  With SHARED != 0
 * also accumulate d/dg and d/dM of Phi(w, u) into P (U and W both needed).  U may be NULL
 * when only DU is wanted, W may be NULL when only Y is wanted. */
void tridiag_dc_partials(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const double *u,
                         const double *w, double *y, double *du, int shared);

/* ADD the accumulated d/dg into DG (n entries; NULL = not wanted) and d/dM into the wanted
 * entries of GRAD (tridiag_grad_t layout; NULL members are skipped), then zero the
 * accumulators. */
void tridiag_dc_finish(tridiag_dc_t *dc, tridiag_dc_prep_t *p, double *dg,
                       const tridiag_grad_t *grad);

#endif
