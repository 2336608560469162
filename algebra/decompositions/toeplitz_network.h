/* toeplitz_network.h -- Theorem 2.4 (i) of Liu, Jiao, Lim end to end: the all-Toeplitz
 * network g_h of the proof for the small ReLU target f(x) = w2^T relu(W1 x + c1) + c2 of
 * lu_network.h (n = 2 inputs, 3 hidden units, m = 1 output, width m + n + 1 = 4).
 *
 * Factors (the proof's reduction to square matrices, then Theorem 1.3 of Ye-Lim):
 *   hidden layer  B1 = [W1; 0] (4 x 2) = [B1, 0_{4x2}] [I_2; 0] and [B1, 0] = T1 T2 T3;
 *   output layer  B2 = [w2^T, 0] (1 x 4) = e_1^T [B2^T, 0_{4x3}]^T and
 *                 [B2^T, 0] = S1 S2 S3, so B2 = e_1^T S3^T S2^T S1^T.
 * Each chain G_0 G_1 ... G_{r-1} (r = 4) gets an approximate identity rho_h(y) =
 * (relu(h y + 1) - 1) / h between adjacent factors (Lemma 2.3 with sigma = ReLU, a = 1), which
 * gives the layers (the proof's (4))
 *   h G_{r-1}, bias 1;  G_j, bias 1 - G_j 1 (j = r-2 .. 1);  G_0 / h, bias c - G_0 1 / h,
 * with c = c1' = [c1; 0] (then ReLU) for the hidden chain and c = c2 (no activation) for the
 * output chain: 8 weight matrices, each a scalar multiple of a Toeplitz factor.
 *
 * The Toeplitz factors come from the certified numerical fit (yelim_numeric.h) and are
 * EXACT dyadic rationals: the network g_h is a concrete network over Q, whatever the fit's
 * quality.  Its products P1 = T1 T2 T3 [I; 0], P2 = e_1^T S3^T S2^T S1^T differ from B1, B2 by
 * exact rational residuals, and every error statement below is about this network. */
#ifndef ALGEBRA_TOEPLITZ_NETWORK_H
#define ALGEBRA_TOEPLITZ_NETWORK_H

#include <arb.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#include "decompositions/lu_network.h"

#define TOEPLITZ_NET_CHAIN 4 /* factors per chain (3 Ye-Lim factors + the rectangular one) */

typedef struct {
    fmpq_mat_struct G1[TOEPLITZ_NET_CHAIN]; /* hidden chain: T1, T2, T3, [I_2; 0] */
    fmpq_mat_struct G2[TOEPLITZ_NET_CHAIN]; /* output chain: e_1^T, S3^T, S2^T, S1^T */
    fmpq_mat_t B1, B2;                      /* the target's [W1; 0] and [w2^T, 0] */
    fmpq_mat_t P1, P2;                      /* the exact products of the chains */
    fmpq_t res1, res2;                      /* ||P1 - B1||_F^2, ||P2 - B2||_F^2 (exact) */
    fmpq *c1p;                              /* [c1; 0] */
    fmpq_t c2;
} toeplitz_network_t;

/* Fit both 4 x 4 factorizations (k = 3 Toeplitz factors, yelim_fit then the exact MPFR
 * refinement) for the target of N.  Returns 0, or -1 when a fit did not certify (T is then
 * cleared). */
int toeplitz_network_build(toeplitz_network_t *T, const lu_network_t *N, flint_rand_t st);
void toeplitz_network_clear(toeplitz_network_t *T);

/* 1 when every factor of both chains is an (exactly) Toeplitz matrix, of the sizes of
 * Theorem 2.4: hidden chain 4x4, 4x4, 4x4, 4x2; output chain 1x4, 4x4, 4x4, 4x4. */
int toeplitz_network_shapes_ok(const toeplitz_network_t *T);

/* The weights of layer l = 0..7 of g_h (A: caller-initialised with the right size via
 * toeplitz_network_layer_dims) -- used to check that each weight matrix is Toeplitz. */
void toeplitz_network_layer_dims(slong *rows, slong *cols, slong l);
void toeplitz_network_layer(fmpq_mat_t A, fmpq *b, const toeplitz_network_t *T, slong l,
                            const fmpq_t h);
/* The same with A initialised here to the size of layer l (the caller clears A). */
void toeplitz_network_layer_init(fmpq_mat_t A, fmpq *b, const toeplitz_network_t *T, slong l,
                                 const fmpq_t h);

/* g_h(x) exactly over Q (x: 2 entries), evaluated layer by layer. */
void toeplitz_network_eval(fmpq_t out, const toeplitz_network_t *T, const fmpq_t h,
                           const fmpq *x);

/* On the box [lo, hi] (2 coordinates): ERR encloses sup |f - g_h| over the box.  When every
 * inserted pre-activation is certified >= 0 (*linear = 1), g_h = P2 relu(P1 x + c1') + c2 on
 * the box and the bound |B2 - P2| |relu(B1 X + c1')| + |P2| |(B1 - P1) X| is used (tight:
 * of the order of the residuals); otherwise plain interval evaluation of f - g_h. */
void toeplitz_network_box(arb_t err, int *linear, const toeplitz_network_t *T,
                          const fmpq_t h, const fmpq *lo, const fmpq *hi, slong prec);

#endif
