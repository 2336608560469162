/* kmatrix_dim.h -- certified bounds on the dimension of the kaleidoscope level (BB*)^w
 * (expansion e = 1, size N a power of two; Rudra survey Definition 5.4, properness of the
 * hierarchy).
 *
 * Merged factor sequence: M = M_w ... M_1 with M_i = B_i B_i'^* = B_N .. B_2 B'_2^* .. B'_N^*.
 * A product of two butterfly factor matrices of the same block size k is again one (same pair
 * structure, 2 x 2 blocks multiply), so the two stride-1 factors in the middle of each BB*
 * and the two stride-N/2 factors where M_{i+1} meets M_i merge: (BB*)^w is exactly the set
 * of products of the L = w (2 log2 N - 1) - (w - 1) factor matrices with block sizes
 * N, N/2, .., 2, 4, .., N, N/2, .., 2, .., N (left to right), P = 2 N L parameters.
 * Lower bound: the Jacobian of the parameter map at one point, mod a prime p: a non-zero
 * minor mod p is a non-zero integer minor of the polynomial Jacobian, so
 *     rank_p J(theta) <= generic rank of J = dim (BB*)^w   (characteristic 0).
 * Upper bound: between consecutive factors a diagonal D can be moved (F_{i+1} D, D^-1 F_i
 * are factor matrices of the same shapes), so the map is constant along N (L - 1) gauge
 * directions xi: J xi = 0 identically.  If the gauge vectors have rank m mod p at one point,
 * they are independent over Q(theta), so dim (BB*)^w = rank_{Q(theta)} J <= P - m.
 * Both ranks are modular at random points: each is a proof of its inequality, never a
 * guess of an equality. */
#ifndef ALGEBRA_KMATRIX_DIM_H
#define ALGEBRA_KMATRIX_DIM_H

#include <flint/flint.h>

/* Block sizes (left to right) of the merged sequence of (BB*)^w at size N; K needs
 * 2 w log2 N entries.  Returns L. */
slong kmatrix_merged_sizes(slong *k, slong N, slong w);

typedef struct {
    slong N, w, L, params;  /* L merged factors, 2 N L parameters */
    slong jac_rank;         /* rank mod p of the Jacobian at a random point: <= dim */
    slong gauge_rank;       /* rank mod p of the gauge vectors at that point */
    slong upper;            /* min(N^2, params - gauge_rank): >= dim */
    int gauge_in_kernel;    /* J xi == 0 mod p for every gauge vector (consistency check) */
    int gauge_sign_flipped; /* the run used a WRONG gauge (D, +D F_i): for negative controls */
} kmatrix_dim_t;

/* Fill R for (BB*)^w at size N (a power of two, 2 <= N <= 64), random point from ST, prime
 * p = the first prime above 2^62.  WRONG_GAUGE = 1 builds the gauge vectors with a sign error
 * (for a negative control: they are then not in the kernel).  Returns 0, or -1 on bad N, w. */
int kmatrix_dim_bounds(kmatrix_dim_t *R, slong N, slong w, int wrong_gauge, flint_rand_t st);

#endif
