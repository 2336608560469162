/* cyclo_mat.h -- exact linear algebra over Q(zeta_N) for the transforms of Thomas et al. 2018,
 * Proposition 2(d) (DFT, DCT), on the row-major element matrices of cyclo.h.
 *
 * Rank: a matrix M over K = Q(zeta_N) (degree d = phi(N)) acts on K^cols = Q^(d cols); its
 * regular representation replaces each entry m by the d x d rational matrix of x -> m x in
 * the basis 1, z, .., z^(d-1).  That representation is a Q-linear map whose rank is exactly
 * d rank_K(M) (K-linear maps of K-rank rho have Q-rank d rho), so the rank over K is decided
 * exactly by one rank over Q (rank_mm.h). */
#ifndef ALGEBRA_CYCLO_MAT_H
#define ALGEBRA_CYCLO_MAT_H

#include <flint/fmpq_mat.h>

#include "circuits/cyclo.h"

/* Exact rank over Q(zeta_N) of the rows x cols matrix M. */
slong cyclo_mat_rank(const fmpq_poly_struct *M, slong rows, slong cols, const cyclo_ctx_t ctx);

/* The regular representation (caller-initialised (d rows) x (d cols)). */
void cyclo_mat_regular(fmpq_mat_t Q, const fmpq_poly_struct *M, slong rows, slong cols,
                       const cyclo_ctx_t ctx);

/* dst = src (a rational n x n matrix) as field elements. */
void cyclo_mat_set_fmpq_mat(fmpq_poly_struct *dst, const fmpq_mat_t src);

/* R = A M - M B (n x n, no aliasing). */
void cyclo_mat_sylvester(fmpq_poly_struct *R, const fmpq_poly_struct *A,
                         const fmpq_poly_struct *M, const fmpq_poly_struct *B, slong n,
                         const cyclo_ctx_t ctx);

/* DFT: F[j][k] = zeta_N^(j k), n = N. */
void cyclo_dft_matrix(fmpq_poly_struct *F, slong n, const cyclo_ctx_t ctx);
/* With N = 4n: x_i = cos(pi (2i+1) / (2n)) = (z^(2i+1) + z^-(2i+1)) / 2 (the Chebyshev
 * nodes, roots of T_n) and the DCT-II C[k][i] = cos(pi k (2i+1) / (2n)) = T_k(x_i). */
void cyclo_chebyshev_nodes(fmpq_poly_struct *x, slong n, const cyclo_ctx_t ctx);
void cyclo_dct2_matrix(fmpq_poly_struct *C, slong n, const cyclo_ctx_t ctx);

#endif
