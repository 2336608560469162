/* lu_network.h -- Theorem 2.4 (iii) of Liu, Jiao, Lim end to end for a ReLU network
 * f(x) = w2^T relu(W1 x + c1) + c2 (n = 2 inputs, 3 hidden units, m = 1 output), following
 * the proof with sigma = ReLU, a = 1 (sigma'(a) = 1, sigma(a) = 1):
 *   phi = f written with width m + n + 1 = 4: B1 = [W1; 0] (4 x 2), c1' = [c1; 0],
 *         B2 = [w2^T, 0] (1 x 4);
 *   LU:   B1 = L1 U1 with U1 = [U; 0] (4 x 2 upper: U the 2 x 2 upper factor of the top block,
 *         which needs W1[0][0] != 0), L1 = [[L, 0], [B1[2:4] U^-1, I_2]] (4 x 4 lower);
 *         B2 = e_1^T U2 with U2 = [[w2^T, 0]; e_2^T; e_3^T; e_4^T] (4 x 4 upper);
 *   v_h:  the proof's (4) inserts rho_h between the factors:
 *         A1 = h U1 (upper), bias a 1;  A2 = L1 / h (lower), bias c1' - L1 1 / h;
 *         A3 = h U2 (upper), bias a 1;  A4 = e_1^T / h (1 x 4 lower), b4 = c2 - 1 / h.
 * For ReLU, rho_h(y) = (relu(h y + 1) - 1) / h equals y exactly when h y >= -1, so v_h = f on
 * every box where the two inserted pre-activations are provably >= 0 (interval check), and
 * the error is then exactly 0 there. */
#ifndef ALGEBRA_LU_NETWORK_H
#define ALGEBRA_LU_NETWORK_H

#include <arb.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

typedef struct {
    fmpq_mat_t W1;  /* 3 x 2 */
    fmpq *c1, *w2;  /* 3 each */
    fmpq_t c2;
    /* the LU network's weights (h-independent parts) */
    fmpq_mat_t U1;  /* 4 x 2 upper */
    fmpq_mat_t L1;  /* 4 x 4 lower */
    fmpq_mat_t U2;  /* 4 x 4 upper */
    fmpq *c1p;      /* 4: [c1; 0] */
} lu_network_t;

/* Random integer target (entries in [-3, 3], W1[0][0] != 0, w2 without zeros); builds the
 * factors.  Returns 0, or -1 if the factorisation check B1 == L1 U1, B2 == e_1^T U2 fails. */
int lu_network_init_rand(lu_network_t *N, flint_rand_t st);
void lu_network_clear(lu_network_t *N);

/* Exact values over Q at the point x (2 entries): the target f and the network v_h. */
void lu_network_eval_f(fmpq_t out, const lu_network_t *N, const fmpq *x);
void lu_network_eval_v(fmpq_t out, const lu_network_t *N, const fmpq_t h, const fmpq *x);

/* 1 when A1 = h U1 and A3 = h U2 are upper and A2 = L1 / h, A4 = e_1^T / h lower triangular
 * (Theorem 2.4 (iii): odd-indexed upper, even-indexed lower), checked on the matrices. */
int lu_network_shapes_ok(const lu_network_t *N);

/* On the box X = [x0lo, x0hi] x [x1lo, x1hi]: *linear = 1 when both inserted
 * pre-activations are certified >= 0 (then v_h = f on the box, error 0); ERR (Arb ball)
 * encloses |v_h(X) - f(X)| otherwise (interval evaluation). */
void lu_network_box(arb_t err, int *linear, const lu_network_t *N, const fmpq_t h,
                    const fmpq *lo, const fmpq *hi, slong prec);

/* The proof's delta for Lemma 2.3 with ReLU at a = 1 (sigma' = 1 on (0, inf), eta = 1):
 * delta1 = 1 / sup_{x in [-1,1]^2} ||U1 x||_inf (exact), delta2 = 1 / (an upper bound of
 * sup ||U2 phi_1(x)||_inf on [-1,1]^2, phi_1 = relu(B1 x + c1')).  Returns min(delta1,
 * delta2) as a rational lower bound of the true threshold. */
void lu_network_proof_delta(fmpq_t delta, const lu_network_t *N);

#endif
