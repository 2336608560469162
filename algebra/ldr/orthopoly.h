/* orthopoly.h -- orthogonal polynomial transforms as LDR-TD matrices (Thomas et al. 2018,
 * Proposition 2(d)), exactly over Q.
 *
 * A family p_0 = 1, p_1, ... is given by its three-term recurrence
 *     x p_k(x) = a_k p_{k+1}(x) + b_k p_k(x) + c_k p_{k-1}(x),   p_{-1} = 0,  a_k != 0
 * (Favard: with a_k c_{k+1} != 0 these are the orthogonal families).  The transform at nodes
 * x_0..x_{n-1} is P[i][k] = p_k(x_i).  With the tridiagonal "Jacobi" operator J
 * (J[k+1][k] = a_k, J[k][k] = b_k, J[k-1][k] = c_k) the recurrence reads, row by row,
 *     diag(x) P - P J = a_{n-1} p_n(x) e_{n-1}^T                         (derived here)
 * so P has displacement rank <= 1 w.r.t. the tridiagonal pair (diag(x), J), and = 0 exactly
 * when the nodes are the roots of p_n (then J = P^-1 diag(x) P). */
#ifndef ALGEBRA_ORTHOPOLY_H
#define ALGEBRA_ORTHOPOLY_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

typedef enum { OPOLY_MONOMIAL, OPOLY_CHEBYSHEV, OPOLY_LEGENDRE, OPOLY_RANDOM } opoly_family_t;

#define OPOLY_FAMILY_COUNT 4

/* Coefficients a_k, b_k, c_k for k = 0..n (c_0 = 0), so that p_0..p_{n+1} are defined. */
typedef struct {
    slong n;
    fmpq *a, *b, *c; /* n + 1 entries each */
} opoly_rec_t;

const char *opoly_family_name(opoly_family_t f); /* "monomial", "Chebyshev T", ... */

/* Monomials (x p_k = p_{k+1}), Chebyshev T (x T_0 = T_1, x T_k = T_{k+1}/2 + T_{k-1}/2),
 * Legendre ((k+1) P_{k+1} = (2k+1) x P_k - k P_{k-1}), or random rational coefficients
 * (a_k, c_k non-zero; ST is used only for OPOLY_RANDOM). */
void opoly_rec_init(opoly_rec_t *r, opoly_family_t f, slong n, flint_rand_t st);
void opoly_rec_clear(opoly_rec_t *r);

/* p[k] = p_k(x) for k = 0..count-1 (count <= n + 2). */
void opoly_eval(fmpq *p, const opoly_rec_t *r, const fmpq_t x, slong count);

/* P (caller-initialised m x n, n = r->n) with P[i][k] = p_k(nodes[i]). */
void opoly_transform(fmpq_mat_t P, const opoly_rec_t *r, const fmpq *nodes);

/* J (n x n tridiagonal operator, initialised here) as above. */
void opoly_jacobi_operator(op_t *J, const opoly_rec_t *r);

/* The closed-form right side: R (m x n) = a_{n-1} p_n(x) e_{n-1}^T. */
void opoly_displacement_rhs(fmpq_mat_t R, const opoly_rec_t *r, const fmpq *nodes);

/* n distinct rationals in (-1, 1): -1 + (2i + 1)/n perturbed by a random 1/(q n^2) shift
 * that keeps them distinct and never a root of the family's p_n (checked exactly). */
void opoly_rational_nodes(fmpq *x, const opoly_rec_t *r, slong n, flint_rand_t st);

#endif
