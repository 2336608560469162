/* llu_ranks.h -- premise check of the learned block LU: the rank structure of LU factors
 * (papers/learned_lu_fmm_blocks.txt, "L and U using FMM": the representation assumes the
 * off-diagonal blocks of L and U have low rank at every hierarchy level).
 *
 * For level l = 1..levels (blocks of size n / 2^l) the reported rank is the maximum over p of
 * the rank of the neighbour block F[node p, node p-1] (L) or F[node p, node p+1] (U): the
 * blocks that the level-l bridges represent.
 *
 * Exact part: the LU factors of an integer stencil are computed over Q (algebra/decompositions/plu.h; the
 * pivot rule gives P = I when all leading minors are non-zero) and the block ranks are exact
 * ranks over Q (algebra/exact/qmat.h).  Theorem used as the checked claim: without pivoting, L has
 * the lower and U the upper bandwidth of A (no fill-in outside the band), so every
 * off-diagonal block of L has rank <= the lower bandwidth w_l of A and of U <= w_u. */
#ifndef EXPERIMENTS_LEARNED_LU_RANKS_H
#define EXPERIMENTS_LEARNED_LU_RANKS_H

#include <flint/fmpz_mat.h>

#define LLU_MAX_LEVELS 16

typedef struct {
    int n, levels;
    int perm_identity;                 /* exact LU needed no row exchange */
    int exact_L[LLU_MAX_LEVELS];       /* exact ranks over Q */
    int exact_U[LLU_MAX_LEVELS];
    int svd_L[LLU_MAX_LEVELS];         /* numerical ranks of the exact factors in float64 */
    int svd_U[LLU_MAX_LEVELS];
    int far_L[LLU_MAX_LEVELS];         /* exact ranks of the far field (near leaf blocks zeroed) */
    int far_U[LLU_MAX_LEVELS];
    int band_lower, band_upper;        /* bandwidths of A */
    long height_bits;                  /* largest numerator/denominator bit size in L, U */
} llu_exact_ranks_t;

/* Bandwidths of an integer matrix: max (i - j) resp. (j - i) over its non-zero entries. */
void llu_bandwidths(const fmpz_mat_t A, int *lower, int *upper);

/* Exact LU of the integer matrix A (n = 2^levels * b) and its level ranks; the numerical
 * ranks use rel_tol * ||F||_2.  0, or -1 on bad sizes or a failing decomposition. */
int llu_exact_lu_ranks(const fmpz_mat_t A, int levels, double rel_tol, llu_exact_ranks_t *out);

#endif
