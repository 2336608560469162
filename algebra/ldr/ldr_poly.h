/* ldr_poly.h -- the LDR weight matrix of the trainer as exact polynomials in its parameters,
 *     W(theta) = sum_{i<r} K(A, g_i) K(B', h_i)^T          (Thomas et al. 2018, Prop. 3 form)
 * with every learned entry a variable of an fmpz_mpoly context: G (r x n), H (r x n), the
 * operator entries of A and of B' (LDR-SD: subdiagonal s_0..s_{n-2} + top-right corner, n
 * each; LDR-TD: diagonal d (n), subdiagonal s, superdiagonal u (n-1 each), corners cu, cl:
 * 3n each), in that order; then the single-hidden-layer network's bias b (n), output weights
 * v (n) and output bias c, so that f(x) = c + sum_j [j active] v_j (W x + b)_j is a polynomial
 * on each activation region (ReLU).  Used by proofs_check/vc_degree (Theorem 2's proof: the
 * parameters enter W with bounded degree). */
#ifndef ALGEBRA_LDR_POLY_H
#define ALGEBRA_LDR_POLY_H

#include <flint/flint.h>
#include <flint/fmpz_mpoly.h>

typedef enum { LDR_POLY_SD, LDR_POLY_TD } ldr_poly_class_t;

typedef struct {
    ldr_poly_class_t cls;
    slong n, r;
    slong nw;     /* variables of W: 2rn + 2 (n or 3n) */
    slong nvars;  /* nw + 2n + 1 (b, v, c) */
    fmpz_mpoly_ctx_t ctx;
    fmpz_mpoly_struct *W; /* n x n, row-major */
} ldr_poly_t;

/* Learned entries of one operator: n (SD) or 3n (TD). */
slong ldr_poly_op_vars(ldr_poly_class_t cls, slong n);

/* Build W(theta) symbolically (n >= 2, r >= 1). */
void ldr_poly_init(ldr_poly_t *P, ldr_poly_class_t cls, slong n, slong r);
void ldr_poly_clear(ldr_poly_t *P);

/* Index of the network variables b_j, v_j, c. */
slong ldr_poly_var_b(const ldr_poly_t *P, slong j);
slong ldr_poly_var_v(const ldr_poly_t *P, slong j);
slong ldr_poly_var_c(const ldr_poly_t *P);

/* Pre-activation j at the integer input X (length n): (W x + b)_j. */
void ldr_poly_preactivation(fmpz_mpoly_t out, const ldr_poly_t *P, const fmpz *x, slong j);

/* Network output at X on the activation region ACTIVE[0..n-1] (1 = unit passes). */
void ldr_poly_output(fmpz_mpoly_t out, const ldr_poly_t *P, const fmpz *x, const int *active);

/* Largest and smallest total degree over the entries of W. */
void ldr_poly_degree_range(const ldr_poly_t *P, slong *dmin, slong *dmax);

#endif
