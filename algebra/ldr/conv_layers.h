/* conv_layers.h -- multi-channel convolution layers and block-circulant layers as explicit
 * matrices over Q (Thomas et al. 2018, Corollary 1 and Proposition 2(e)).
 *
 * Layout: the input is the concatenation of C_in channels, the output of C_out channels; the
 * layer matrix is a C_out x C_in block matrix, block (o, i) acting from channel i to channel o.
 *   1-D: channels of length n, kernel taps w[o][i][t] (t = 0..k-1, k odd), zero padding
 *        ("same"): y_o[p] = sum_i sum_t w[o][i][t] x_i[p + t - (k-1)/2]; each block is an
 *        n x n banded Toeplitz matrix T[p][q] = w[q - p + (k-1)/2].
 *   2-D: channels are h x w images flattened row by row (index r w + s), kernel k x k:
 *        y_o[r][s] = sum_i sum_{u,v} w[o][i][u][v] x_i[r+u-(k-1)/2][s+v-(k-1)/2]; each block
 *        is doubly-block-Toeplitz (h x h blocks of w x w banded Toeplitz blocks).
 *   block-circulant: K_out x K_in blocks of m x m circulants C[p][q] = c[(p - q) mod m].
 * Derived bound (proved in the checker's note): w.r.t. the full-size pair (Z_1, Z_-1) the
 * displacement of a matrix whose blocks are Toeplitz of size m lives in the first row of each
 * block row and the last column of each block column, so its rank is at most (number of
 * block rows) + (number of block columns). */
#ifndef ALGEBRA_CONV_LAYERS_H
#define ALGEBRA_CONV_LAYERS_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

/* Random integer kernels (entries in [-9, 9], the centre tap of each block non-zero). */
typedef struct {
    slong cout, cin, k, dims; /* dims = 1 or 2 */
    fmpq *w;                  /* cout * cin * k^dims taps, block (o, i) at (o cin + i) k^dims */
} conv_kernel_t;

void conv_kernel_init_rand(conv_kernel_t *K, slong dims, slong cout, slong cin, slong k,
                           flint_rand_t st);
void conv_kernel_clear(conv_kernel_t *K);

/* M (caller-initialised (cout n) x (cin n)). */
void conv1d_layer_matrix(fmpq_mat_t M, const conv_kernel_t *K, slong n);
/* M (caller-initialised (cout h w) x (cin h w)). */
void conv2d_layer_matrix(fmpq_mat_t M, const conv_kernel_t *K, slong h, slong w);

/* y = layer applied to x by the sums above (no matrix), for cross-checking the matrix. */
void conv1d_layer_apply(fmpq *y, const conv_kernel_t *K, slong n, const fmpq *x);
void conv2d_layer_apply(fmpq *y, const conv_kernel_t *K, slong h, slong w, const fmpq *x);

/* M (caller-initialised (kout m) x (kin m)): random integer circulant blocks. */
void block_circulant_rand(fmpq_mat_t M, slong kout, slong kin, slong m, flint_rand_t st);

#endif
