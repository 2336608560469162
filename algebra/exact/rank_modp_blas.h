/* rank_modp_blas.h -- rank of an integer matrix modulo a prime p < 2^20 by blocked Gaussian
 * elimination whose trailing updates are float64 matrix products (OpenBLAS dgemm).
 *
 * Exactness: every entry is kept as an integer in [0, p) stored in a double; a panel of width
 * b <= 32 gives trailing-update products that are sums of at most b terms below p^2 < 2^40,
 * so every partial sum is an integer below 2^45 < 2^53 and dgemm computes it exactly; the
 * trailing matrix is reduced mod p after every 4 updates (entries stay below 2^48) and the
 * entries the elimination reads are reduced before use.  The rank returned is the exact rank over F_p, which is a
 * lower bound for the rank over Q (rank_mm.h uses it first: a full rank mod p certifies the
 * rank over Q).  Cost O(m n min(m,n)) flops in dgemm, about 1 s at n = 2000 on one core. */
#ifndef ALGEBRA_RANK_MODP_BLAS_H
#define ALGEBRA_RANK_MODP_BLAS_H

#include <flint/fmpz_mat.h>

/* The prime used (below 2^20). */
#define RANK_MODP_BLAS_PRIME 1048573UL

/* rank of Z mod RANK_MODP_BLAS_PRIME; -1 if memory for the float64 copy is not available. */
slong rank_modp_blas(const fmpz_mat_t Z);

#endif
