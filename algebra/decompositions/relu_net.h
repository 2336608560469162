/* relu_net.h -- exact one-hidden-layer ReLU networks x -> a^T relu(A x + b) over Q, and the
 * structured networks of Theorem 2.2 (Liu, Jiao, Lim): from d^T relu(B x + c) build
 *   Toeplitz:  A = Lemma 2.1 insertion of B (toeplitz_insert.h), a and b carry d and c at the
 *              original row indices and zeros elsewhere;
 *   Hankel:    the same with the Hankel insertion;
 *   lower triangular: A = [0_{n x n}; B], a = [0_n; d], b = [0_n; c].
 * The identity d^T s(Bx + c) = a^T s(Ax + b) holds for every activation s with any value at
 * the inserted rows because their output weight is 0; the checker evaluates it exactly with
 * ReLU (piecewise linear, exact over Q, including the kinks). */
#ifndef ALGEBRA_RELU_NET_H
#define ALGEBRA_RELU_NET_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

typedef struct {
    fmpq_mat_t A; /* width x n */
    fmpq *a;      /* output weights, width */
    fmpq *b;      /* biases, width */
    slong width, n;
} relu_net_t;

typedef enum { RELU_NET_TOEPLITZ, RELU_NET_HANKEL, RELU_NET_LOWER } relu_net_shape_t;

const char *relu_net_shape_name(relu_net_shape_t s);

void relu_net_init(relu_net_t *N, slong width, slong n);
void relu_net_clear(relu_net_t *N);

/* Random network: entries of A, a, b by qrand_fmpq(num_bound, den_bound); a has no zeros. */
void relu_net_randtest(relu_net_t *N, flint_rand_t st, slong num_bound, slong den_bound);

/* out = a^T relu(A x + b), exact.  x has n entries. */
void relu_net_eval(fmpq_t out, const relu_net_t *N, const fmpq *x);

/* S (uninitialised) := the structured network of shape SHAPE equivalent to N (Thm 2.2). */
int relu_net_structured(relu_net_t *S, relu_net_shape_t shape, const relu_net_t *N);

/* 1 iff S->A has the shape (Toeplitz / Hankel / lower triangular), exactly. */
int relu_net_has_shape(const relu_net_t *S, relu_net_shape_t shape);

/* A kink input of N: x (n entries) with (A x + b)_row == 0 exactly, obtained from a random x
 * by solving for the first coordinate with a non-zero weight.  Returns 0, or -1 when row
 * ROW of A is zero (no kink possible unless b_row == 0). */
int relu_net_kink_input(fmpq *x, const relu_net_t *N, slong row, flint_rand_t st);

#endif
