/* equivariant_tangent.h -- independent confirmation of the dimension formulas of
 * equivariant.h by exact ranks of Jacobians and tangent spaces at random points (small n).
 *
 * Equivariant component of tuple (r_u) (papers/sattelberger_equivariant_linear_networks.txt,
 * "Properties of E^sigma"): parametrised WITHOUT any eigenvector basis as
 *     M = sum_g sum_{i < r_g} E_g R(a_{g,i} b_{g,i}^T),   a, b in K^n,
 * where R(X) = sum_{t < N} P^t X P^-t is the Reynolds operator of <sigma> (N = order of sigma)
 * and E_g = (1/N) sum_t c_g(t) P^t an idempotent polynomial in P:
 *   over Q (every l | N in {1,2,3,4,6}, i.e. phi(l) <= 2): c_g(t) = Ramanujan sum c_l(t), E_g
 *     projects onto the sum of the eigenspaces of the primitive l-th roots -- for l >= 3 exactly
 *     one conjugate pair, so every real component is defined over Q;
 *   mod a prime p = 1 (mod N): c_g(t) = omega^{-jt}, E_g projects onto the eigenspace of
 *     omega^j (omega a primitive N-th root of unity in F_p): every complex eigenvalue separately.
 * Each term has rank <= 1 on every eigenvalue block of E_g, so the image lies in the component;
 * the Jacobian rank at any point is <= the generic rank = dim of the image closure <= dim of the
 * component (characteristic 0).  A rank computed mod p is <= the characteristic-0 rank at a lift
 * of the point, so it is a certified LOWER bound on the dimension; over Q the rank is exact.
 * The matching UPPER bound over Q is the Zariski tangent space
 *     T = { X in L : U^T X V = 0 },  U, V bases of the left / right kernels of M0,
 * (L = commutant or invariant space, spanned by orbit indicator matrices) whose dimension bounds
 * the local dimension of {rank <= rank M0} n L at M0 from above.  Equal bounds certify the
 * dimension.
 *
 * Invariant case: M = A B E_{P(sigma)} with A (m x q), B (q x k) random, q the bottleneck width,
 * E_{P(sigma)} the k x n 0/1 matrix with e_{cycle(j)} in column j.
 */
#ifndef ALGEBRA_EQUIVARIANT_TANGENT_H
#define ALGEBRA_EQUIVARIANT_TANGENT_H

#include <flint/flint.h>

#include "equivariant/equivariant.h"
#include "equivariant/permutation.h"

typedef struct {
    long rank_point;    /* rank of the random point M0 */
    int in_space;       /* M0 commutes with P (equivariant) / M0 P = M0 (invariant) */
    long jacobian_rank; /* lower bound on the dimension */
    long tangent_dim;   /* upper bound (exact over Q); -1 when not computed */
    unsigned long prime; /* 0 over Q, else the prime used */
} equivariant_tangent_result_t;

/* 1 when every l dividing the order of sigma has phi(l) <= 2 (order in {1,2,3,4,6}). */
int equivariant_tangent_rational(const permutation_t *p);

/* Over Q; needs equivariant_tangent_rational(p) and S in the REAL field.  -1 otherwise. */
int equivariant_tangent_check_q(equivariant_tangent_result_t *res, const permutation_t *p,
                                const equivariant_system_t *S, const long *tuple,
                                flint_rand_t st);

/* Modulo the largest prime p < 2^62 with p = 1 (mod N); S in the REAL or COMPLEX field (a
 * pair unit is expanded into its two conjugate eigenvalues with equal ranks).  The tangent
 * space is not computed (tangent_dim = -1).  Needs n <= 16 and N < 2^20. */
int equivariant_tangent_check_mod(equivariant_tangent_result_t *res, const permutation_t *p,
                                  const equivariant_system_t *S, const long *tuple,
                                  flint_rand_t st);

/* Invariant case over Q with bottleneck width q (m x n matrices). */
int equivariant_tangent_check_invariant(equivariant_tangent_result_t *res,
                                        const permutation_t *p, long m, long q,
                                        flint_rand_t st);

/* Ramanujan sum c_l(t) = sum over primitive l-th roots zeta of zeta^t (an integer). */
long equivariant_tangent_ramanujan(long l, long t);

#endif
