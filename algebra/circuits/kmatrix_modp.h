/* kmatrix_modp.h -- the K-matrix of Theorem 5.5 (kmatrix_from_circuit, kmatrix.h) built
 * with its values in F_p (cyclo_modp.h) and applied to a vector block by block, for the
 * randomised check of its corner at sizes where the exact K-matrix (4 w N log2 N entries of
 * Q(zeta_N)) cannot be stored: each (BB*)^2 block of a factor W_k is laid out by the same
 * gather-reduce (kmatrix_gather_reduce_layout) and Benes routing, held one block at a time
 * as one byte per 2 x 2 block (which of a, b, c, d are non-zero; the entries are 1 except
 * the values of W_k on the first factor of the reduce step), applied, and dropped. */
#ifndef ALGEBRA_KMATRIX_MODP_H
#define ALGEBRA_KMATRIX_MODP_H

#include "circuits/circuit.h"
#include "circuits/cyclo_modp.h"
#include "circuits/sparse_product_modp.h"

typedef struct {
    slong n, N, w;      /* as in kmatrix_t: corner size, size, number of BB* factors */
    slong factors;      /* butterfly factor matrices applied (2 w log2 N) */
    int well_formed;    /* the block sizes followed the (BB*)^w pattern (kmatrix_is_well_formed) */
} kmatrix_modp_info_t;

/* The size N that kmatrix_from_circuit would choose (n = m = 2^t assumed). */
slong kmatrix_modp_size(const circuit_t c, const sparse_product_modp_t p);
/* One modulus: the factors SP of C (sparse_product_modp_from_circuit with P), an input X
 * (length n) and the output Y (length n). */
typedef struct {
    const sparse_product_modp_struct *sp;
    const cyclo_modp_struct *P;
    const ulong *x;
    ulong *y;
} kmatrix_modp_round_t;

/* For every round r < NR: y = the corner of the K-matrix of C applied to x, mod p (the
 * layout and Benes routing of every block are computed once, for all rounds).  Fills INFO.
 * 0, or -1 when C is not square with n = 2^t or a layout is not a step matrix. */
int kmatrix_modp_corner_apply(kmatrix_modp_info_t *info, const circuit_t c,
                              kmatrix_modp_round_t *rounds, slong nr);

#endif
