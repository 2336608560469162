/* sparse_product_modp.h -- the factors of Theorem 4.5 (sparse_product.h) with their values
 * mapped to F_p (cyclo_modp.h): the same positions and the same exact non-zero counts
 * (duplicate positions are summed and an exactly zero entry is dropped, as
 * sparse_mat_canonicalise does), built in O(s) words per factor instead of O(s phi(N))
 * rationals, for the randomised check P W_d ... W_1 E x = W x at large sizes. */
#ifndef ALGEBRA_SPARSE_PRODUCT_MODP_H
#define ALGEBRA_SPARSE_PRODUCT_MODP_H

#include "circuits/circuit.h"
#include "circuits/cyclo_modp.h"

typedef struct {
    slong rows, nnz;
    slong *row, *col;
    ulong *val;
} sparse_modp_struct;

typedef struct {
    slong n, m, s, d, sp;
    sparse_modp_struct *W; /* W[0 .. d-1] = W_1 .. W_d, each sp x sp */
    sparse_modp_struct P;  /* m x sp */
    slong *pos;
} sparse_product_modp_struct;
typedef sparse_product_modp_struct sparse_product_modp_t[1];

/* AP, BP: the coefficient images (circuit_modp_coeffs). */
void sparse_product_modp_from_circuit(sparse_product_modp_t p, const circuit_t c,
                                      const ulong *ap, const ulong *bp, const cyclo_modp_t P);
void sparse_product_modp_clear(sparse_product_modp_t p);
/* y (m) = P W_d ... W_1 E x mod p. */
void sparse_product_modp_apply(const sparse_product_modp_t p, ulong *y, const ulong *x,
                               const cyclo_modp_t P);
/* y (rows) = A x mod p for one factor. */
void sparse_modp_apply(const sparse_modp_struct *A, ulong *y, const ulong *x,
                       const cyclo_modp_t P);

#endif
