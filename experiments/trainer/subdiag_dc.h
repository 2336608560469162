/* subdiag_dc.h - the Krylov multiply of a subdiagonal ("path") operator and all of its
 * derivatives in O(len log^2 len), by divide and conquer with FFT convolutions (issue 16,
 * point 4: the fast LDR-SD trainer layer).
 *
 * On a line of LEN positions with links a_0 .. a_{len-2} (a_l = A[l+1][l], A subdiagonal),
 * P(s, i) = a_s a_{s+1} ... a_{i-1} (P(s, s) = 1), the trilinear form
 *     Phi(w, u, g; a) = sum_{s <= i < len} w_i u_{i-s} g_s P(s, i)
 * has the partials
 *     d/dw = K(A, g) u             (the forward multiply),
 *     d/du = K(A, g)^T w           (the transposed multiply),
 *     d/dg = K(A^T, w)^T u  ... i.e. sum_i w_i u_{i-s} P(s, i),
 *     d/da_l = sum_{s <= l < i} w_i u_{i-s} g_s P(s, i) / a_l   (computed without division).
 * Split [lo, hi) at mid: the pairs s < mid <= i contribute
 *     sum_{s, i} (g_s P(s, mid)) u_{i-s} (w_i P(mid, i)) = c^T U e,
 * U a Toeplitz block of u: one convolution per partial per node (z = U^T c for d/dw,
 * v = U e for d/dg, the correlation of e and c for d/du), each a cyclic convolution of
 * length >= hi - lo (no aliasing, see subdiag_dc.c); the link gradients of a node are the
 * running sums R_l = R_{l-1} a_{l-1} + v_l g_l and Q_l = z_{l+1} w_{l+1} + a_{l+1} Q_{l+1}.
 * Every term is a product of Krylov entries, so the rounding error is normwise
 * (eps |K| |u| up to log factors), with no division by a link.
 *
 * A corner f (A[0][n-1] = f, the LDR-SD class) is the same form on the doubled line of
 * length 2n with links a_0..a_{n-2}, f, a_0..a_{n-2}, g on the first half (GLEN = n), and
 * outputs folded (position i and n + i are the same index i); the caller does the folding. */
#ifndef EXPERIMENTS_TRAINER_SUBDIAG_DC_H
#define EXPERIMENTS_TRAINER_SUBDIAG_DC_H

typedef struct subdiag_dc subdiag_dc_t;
typedef struct subdiag_dc_prep subdiag_dc_prep_t;

/* Workspace and FFTW plans (FFTW_ESTIMATE: deterministic) for lines of length LEN >= 1.
 * NULL when out of memory. */
subdiag_dc_t *subdiag_dc_create(int len);
void subdiag_dc_free(subdiag_dc_t *dc);

/* What depends only on the links A (LEN - 1) and the generator G (LEN entries, zero from
 * GLEN on; nodes entirely beyond GLEN are skipped): per-node link products, the left
 * vectors and their transforms, computed once by subdiag_dc_prepare and shared by every
 * subdiag_dc_partials call (a batch) until A or G change.  P keeps the pointers A and G:
 * they must stay valid and unchanged while P is used.  NULL when out of memory. */
subdiag_dc_prep_t *subdiag_dc_prep_create(const subdiag_dc_t *dc);
void subdiag_dc_prep_free(subdiag_dc_prep_t *p);
void subdiag_dc_prepare(subdiag_dc_t *dc, subdiag_dc_prep_t *p, const double *a, const double *g,
                        int glen);

/* Add the wanted partials of Phi at the prepared (A, G) into Y (d/dw, LEN), DU (d/du, LEN),
 * DG (d/dg, only entries < GLEN are computed) and DA (d/da, LEN - 1); NULL = not wanted.
 * U and W: LEN entries, and may be NULL when no wanted partial depends on them (U is not
 * needed for DU alone, W not for Y alone). */
void subdiag_dc_partials(subdiag_dc_t *dc, const subdiag_dc_prep_t *p, const double *u,
                         const double *w, double *y, double *du, double *dg, double *da);

#endif
