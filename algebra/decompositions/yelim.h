/* yelim.h -- Ye & Lim, "Every matrix is a product of Toeplitz matrices" (FoCM 16, 2016),
 * Thm 1.3 of Liu-Jiao-Lim: the multiplication map
 *     mu_k : (T_1, .., T_k) -> T_1 T_2 ... T_k,   each T_i n x n Toeplitz (or Hankel),
 * with 2n-1 parameters per factor.  DOMINANCE CERTIFICATE: if the Jacobian of mu_k (an
 * n^2 x k(2n-1) integer matrix at an integer point) has rank n^2, mu_k is a submersion there
 * and its image contains an open set.  We compute the rank modulo a ~62-bit prime p: for an
 * integer matrix, rank mod p <= rank over Q, so rank mod p == n^2 certifies rank n^2 over Q;
 * a smaller rank mod p proves nothing by itself.
 * UPPER BOUND (parameter count): mu_k is invariant under the k-1 rescalings
 * (T_i, T_{i+1}) -> (c T_i, T_{i+1}/c), whose tangent vectors (t_i, -t_{i+1}) lie in the kernel
 * of the Jacobian, so rank <= min(n^2, k(2n-1) - (k-1)) = min(n^2, k(2n-2) + 1); rank n^2
 * needs k >= (n+1)/2, i.e. k >= floor(n/2) + 1 (the generic count of Ye-Lim). */
#ifndef ALGEBRA_YELIM_H
#define ALGEBRA_YELIM_H

#include <flint/flint.h>
#include <flint/nmod_mat.h>

typedef enum { YELIM_TOEPLITZ, YELIM_HANKEL } yelim_kind_t;

const char *yelim_kind_name(yelim_kind_t kind);

/* Index (0..2n-2) of the parameter that sits at (i, j) of an n x n factor:
 * Toeplitz i - j + n - 1, Hankel i + j. */
slong yelim_param_index(yelim_kind_t kind, slong n, slong i, slong j);

/* floor(n/2) + 1 */
slong yelim_generic_count(slong n);

/* Parameter-count upper bound on the Jacobian rank: min(n^2, k(2n-2) + 1). */
slong yelim_rank_upper_bound(slong n, slong k);

/* Largest n accepted by the exact (mod p) Jacobian. */
#define YELIM_MAX_N 64

typedef struct {
    slong rank_modp;       /* rank of the Jacobian mod p: a lower bound on the rank over Q */
    slong upper_bound;     /* parameter-count bound */
    int scaling_in_kernel; /* the k-1 rescaling tangents are in the kernel mod p */
    mp_limb_t prime;
} yelim_rank_t;

/* Jacobian of mu_k at a random integer point (entries uniform in [-bound, bound]), reduced
 * mod the prime P; fills OUT.  Returns 0, or -1 (one line on stderr) for n < 1,
 * n > YELIM_MAX_N, k < 1, bound < 1. */
int yelim_jacobian_rank(yelim_rank_t *out, yelim_kind_t kind, slong n, slong k, slong bound,
                        mp_limb_t p, flint_rand_t st);

/* The Jacobian mod p itself (J caller-initialised n^2 x k(2n-1) with modulus p); PARAMS holds
 * the k(2n-1) parameter residues (factor-major). */
void yelim_jacobian_modp(nmod_mat_t J, yelim_kind_t kind, slong n, slong k,
                         const mp_limb_t *params);

/* float64 product T_1 ... T_k (P, n x n) and Jacobian of mu_k (J, n^2 x k(2n-1), row-major) at
 * the parameters THETA (yelim_float.c). */
void yelim_product_d(double *P, yelim_kind_t kind, slong n, slong k, const double *theta);
void yelim_jacobian_d(double *J, yelim_kind_t kind, slong n, slong k, const double *theta);

#endif
