/* sparse_product.h -- Theorem 4.5 (Rudra survey, Section 4.6; De Sa et al. 2018):
 * a linear circuit of size s (inputs included) and depth d computing W (m x n) is a product
 *
 *     W = P W_d ... W_2 W_1 E,
 *
 * E = [I_n; 0] (s' x n) the zero-padding of the input, W_k (s' x s', s' = the smallest power
 * of two >= s) computing layer k of the circuit while copying everything computed before
 * (rows 0 .. z_k - 1 are e_i^T, rows z_k .. z_k + w_k - 1 are alpha e_a^T + beta e_b^T, the
 * rest zero), and P (m x s') the truncating permutation that picks the output gates.  The
 * gates are renumbered layer by layer (inputs, then depth 1, depth 2, ...), as in the proof.
 * nnz(W_k) = z_k + 2 w_k (minus coincidences) <= 2 s, nnz(P) = m: d + 1 factors, each
 * O(s)-sparse. */
#ifndef ALGEBRA_SPARSE_PRODUCT_H
#define ALGEBRA_SPARSE_PRODUCT_H

#include "circuits/circuit.h"
#include "circuits/sparse_mat.h"

typedef struct {
    slong n, m, s, d, sp; /* inputs, outputs, size, depth, s' */
    sparse_mat_struct *W; /* W[0 .. d-1] = W_1 .. W_d, each sp x sp */
    sparse_mat_t P;       /* m x sp */
    slong *pos;           /* pos[g] = row of gate g after the layer-by-layer renumbering */
} sparse_product_struct;
typedef sparse_product_struct sparse_product_t[1];

/* The layout shared with the modular form (sparse_product_modp.h): depth[g] from
 * circuit_gate_depths, d the circuit depth, s' = the smallest power of two >= s, pos[g] for
 * the layer-by-layer renumbering (inputs, then depth 1, depth 2, ...), and the layer sizes
 * w[k] = the number of gates (inputs excluded) of depth k, k = 0 .. d + 1. */
typedef struct {
    slong d, sp;
    slong *depth; /* s entries */
    slong *pos;   /* s entries: handed to the product, not freed by sparse_product_layout_clear */
    slong *w;     /* d + 2 entries */
} sparse_product_layout_t;

void sparse_product_layout(sparse_product_layout_t *L, const circuit_t c);
/* frees depth and w */
void sparse_product_layout_clear(sparse_product_layout_t *L);

void sparse_product_from_circuit(sparse_product_t p, const circuit_t c);
void sparse_product_clear(sparse_product_t p);

/* y (m) = P W_d ... W_1 E x (x of length n), exact. */
void sparse_product_apply(const sparse_product_t p, fmpq_poly_struct *y,
                          const fmpq_poly_struct *x, const cyclo_ctx_t ctx);
/* The m x n matrix of the product (row-major, initialised elements), column by column. */
void sparse_product_matrix(const sparse_product_t p, fmpq_poly_struct *M, const cyclo_ctx_t ctx);

#endif
