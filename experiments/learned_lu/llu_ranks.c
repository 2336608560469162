/* llu_ranks.c -- exact LU over Q and block ranks per hierarchy level (see llu_ranks.h). */
#include "learned_lu/llu_ranks.h"

#include <flint/fmpq_mat.h>
#include <stdio.h>
#include <stdlib.h>

#include "learned_lu/llu_dense.h"
#include "decompositions/plu.h"
#include "exact/qmat.h"

void llu_bandwidths(const fmpz_mat_t A, int *lower, int *upper)
{
    *lower = *upper = 0;
    for (slong i = 0; i < fmpz_mat_nrows(A); i++)
        for (slong j = 0; j < fmpz_mat_ncols(A); j++) {
            if (fmpz_is_zero(fmpz_mat_entry(A, i, j)))
                continue;
            if (i - j > *lower)
                *lower = (int)(i - j);
            if (j - i > *upper)
                *upper = (int)(j - i);
        }
}

/* Max exact rank over p of the level-l neighbour blocks of F; FAR zeroes the near-field leaf
 * blocks (|I - J| <= 1, leaf size LEAF) first. */
static int exact_level_rank(const fmpq_mat_t F, int level, int lower, int far, slong leaf)
{
    slong n = fmpq_mat_nrows(F);
    int w = 1 << level, best = 0;
    slong sz = n / w;
    fmpq_mat_t B;
    fmpq_mat_init(B, sz, sz);
    for (int p = 0; p < w; p++) {
        int q = lower ? p - 1 : p + 1;
        if (q < 0 || q >= w)
            continue;
        qmat_get_block(B, F, p * sz, q * sz);
        for (slong i = 0; far && i < sz; i++)
            for (slong j = 0; j < sz; j++) {
                slong d = (p * sz + i) / leaf - (q * sz + j) / leaf;
                if (d >= -1 && d <= 1)
                    fmpq_zero(fmpq_mat_entry(B, i, j));
            }
        int rk = (int)qmat_rank(B);
        if (rk > best)
            best = rk;
    }
    fmpq_mat_clear(B);
    return best;
}

static void to_double(double *D, const fmpq_mat_t F)
{
    slong n = fmpq_mat_nrows(F);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            D[i * n + j] = fmpq_get_d(fmpq_mat_entry(F, i, j));
}

int llu_exact_lu_ranks(const fmpz_mat_t A, int levels, double rel_tol, llu_exact_ranks_t *out)
{
    slong n = fmpz_mat_nrows(A);
    if (fmpz_mat_ncols(A) != n || levels < 1 || levels > LLU_MAX_LEVELS ||
        n % (1 << levels) != 0) {
        fprintf(stderr, "llu_ranks: need a square matrix with n divisible by 2^levels\n");
        return -1;
    }
    out->n = (int)n, out->levels = levels;
    llu_bandwidths(A, &out->band_lower, &out->band_upper);
    fmpq_mat_t Q, L, U;
    fmpq_mat_init(Q, n, n), fmpq_mat_init(L, n, n), fmpq_mat_init(U, n, n);
    fmpq_mat_set_fmpz_mat(Q, A);
    slong *perm = malloc(sizeof(slong) * n);
    int rc = plu_decompose(perm, L, U, Q);
    if (rc == 0) {
        out->perm_identity = plu_perm_is_identity(perm, n);
        out->height_bits = FLINT_MAX(qmat_height_bits(L), qmat_height_bits(U));
        double *D = malloc(sizeof(double) * n * n);
        to_double(D, L);
        llu_level_ranks(D, (int)n, levels, 1, rel_tol, 0, out->svd_L);
        to_double(D, U);
        llu_level_ranks(D, (int)n, levels, 0, rel_tol, 0, out->svd_U);
        free(D);
        slong leaf = n >> levels;
        for (int l = 1; l <= levels; l++) {
            out->exact_L[l - 1] = exact_level_rank(L, l, 1, 0, leaf);
            out->exact_U[l - 1] = exact_level_rank(U, l, 0, 0, leaf);
            out->far_L[l - 1] = exact_level_rank(L, l, 1, 1, leaf);
            out->far_U[l - 1] = exact_level_rank(U, l, 0, 1, leaf);
        }
    }
    free(perm);
    fmpq_mat_clear(Q), fmpq_mat_clear(L), fmpq_mat_clear(U);
    return rc;
}
