/* plu.c -- exact PLU over Q (see plu.h for the pivot rule and the conventions). */
#include "decompositions/plu.h"

#include <stdio.h>

static int plu_check_sizes(const fmpq_mat_t L, const fmpq_mat_t U, const fmpq_mat_t A)
{
    slong n = fmpq_mat_nrows(A);
    if (fmpq_mat_ncols(A) != n) {
        fprintf(stderr, "plu_decompose: matrix is %ld x %ld, not square\n", (long)n,
                (long)fmpq_mat_ncols(A));
        return -1;
    }
    if (fmpq_mat_nrows(L) != n || fmpq_mat_ncols(L) != n || fmpq_mat_nrows(U) != n
        || fmpq_mat_ncols(U) != n) {
        fprintf(stderr, "plu_decompose: L is %ld x %ld and U is %ld x %ld, expected %ld x %ld\n",
                (long)fmpq_mat_nrows(L), (long)fmpq_mat_ncols(L), (long)fmpq_mat_nrows(U),
                (long)fmpq_mat_ncols(U), (long)n, (long)n);
        return -1;
    }
    return 0;
}

/* First row r >= k with W[r][k] != 0, or -1. */
static slong plu_find_pivot(const fmpq_mat_t W, slong k)
{
    for (slong r = k; r < fmpq_mat_nrows(W); r++)
        if (!fmpq_is_zero(fmpq_mat_entry(W, r, k)))
            return r;
    return -1;
}

/* Exchange rows r and k of the working matrix W, of perm, and of the computed part of L
 * (columns < k). */
static void plu_swap(fmpq_mat_t W, fmpq_mat_t L, slong *perm, slong r, slong k)
{
    slong n = fmpq_mat_nrows(W);
    for (slong j = 0; j < n; j++)
        fmpq_swap(fmpq_mat_entry(W, r, j), fmpq_mat_entry(W, k, j));
    for (slong j = 0; j < k; j++)
        fmpq_swap(fmpq_mat_entry(L, r, j), fmpq_mat_entry(L, k, j));
    slong t = perm[r];
    perm[r] = perm[k];
    perm[k] = t;
}

/* Eliminate column k below the (non-zero) pivot W[k][k]; multipliers go to L[i][k]. */
static void plu_eliminate(fmpq_mat_t W, fmpq_mat_t L, slong k)
{
    slong n = fmpq_mat_nrows(W);
    fmpq_t m, t;
    fmpq_init(m);
    fmpq_init(t);
    for (slong i = k + 1; i < n; i++) {
        if (fmpq_is_zero(fmpq_mat_entry(W, i, k)))
            continue;
        fmpq_div(m, fmpq_mat_entry(W, i, k), fmpq_mat_entry(W, k, k));
        fmpq_set(fmpq_mat_entry(L, i, k), m);
        fmpq_zero(fmpq_mat_entry(W, i, k));
        for (slong j = k + 1; j < n; j++) {
            fmpq_mul(t, m, fmpq_mat_entry(W, k, j));
            fmpq_sub(fmpq_mat_entry(W, i, j), fmpq_mat_entry(W, i, j), t);
        }
    }
    fmpq_clear(m);
    fmpq_clear(t);
}

int plu_decompose(slong *perm, fmpq_mat_t L, fmpq_mat_t U, const fmpq_mat_t A)
{
    if (plu_check_sizes(L, U, A) != 0)
        return -1;
    slong n = fmpq_mat_nrows(A);
    fmpq_mat_t W;
    fmpq_mat_init_set(W, A);
    fmpq_mat_zero(L);
    for (slong i = 0; i < n; i++)
        perm[i] = i;
    for (slong k = 0; k < n; k++) {
        slong r = plu_find_pivot(W, k);
        if (r >= 0) {
            if (r != k)
                plu_swap(W, L, perm, r, k);
            plu_eliminate(W, L, k);
        }
        fmpq_one(fmpq_mat_entry(L, k, k));
    }
    fmpq_mat_set(U, W);
    fmpq_mat_clear(W);
    return 0;
}

void plu_perm_matrix(fmpq_mat_t P, const slong *perm, slong n)
{
    fmpq_mat_zero(P);
    for (slong i = 0; i < n; i++)
        fmpq_one(fmpq_mat_entry(P, i, perm[i]));
}

void plu_permute_rows(fmpq_mat_t PA, const slong *perm, const fmpq_mat_t A)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_set(fmpq_mat_entry(PA, i, j), fmpq_mat_entry(A, perm[i], j));
}

int plu_perm_is_identity(const slong *perm, slong n)
{
    for (slong i = 0; i < n; i++)
        if (perm[i] != i)
            return 0;
    return 1;
}

int plu_perm_is_valid(const slong *perm, slong n)
{
    int ok = 1;
    char *seen = flint_calloc((size_t)(n > 0 ? n : 1), 1);
    for (slong i = 0; i < n && ok; i++) {
        if (perm[i] < 0 || perm[i] >= n || seen[perm[i]])
            ok = 0;
        else
            seen[perm[i]] = 1;
    }
    flint_free(seen);
    return ok;
}

int plu_is_lower(const fmpq_mat_t L)
{
    for (slong i = 0; i < fmpq_mat_nrows(L); i++)
        for (slong j = i + 1; j < fmpq_mat_ncols(L); j++)
            if (!fmpq_is_zero(fmpq_mat_entry(L, i, j)))
                return 0;
    return 1;
}

int plu_is_unit_lower(const fmpq_mat_t L)
{
    if (!plu_is_lower(L))
        return 0;
    for (slong i = 0; i < FLINT_MIN(fmpq_mat_nrows(L), fmpq_mat_ncols(L)); i++)
        if (!fmpq_is_one(fmpq_mat_entry(L, i, i)))
            return 0;
    return 1;
}

int plu_is_upper(const fmpq_mat_t U)
{
    for (slong i = 0; i < fmpq_mat_nrows(U); i++)
        for (slong j = 0; j < FLINT_MIN(i, fmpq_mat_ncols(U)); j++)
            if (!fmpq_is_zero(fmpq_mat_entry(U, i, j)))
                return 0;
    return 1;
}

int plu_verify(const slong *perm, const fmpq_mat_t L, const fmpq_mat_t U, const fmpq_mat_t A)
{
    slong n = fmpq_mat_nrows(A);
    if (fmpq_mat_ncols(A) != n || fmpq_mat_nrows(L) != n || fmpq_mat_ncols(L) != n
        || fmpq_mat_nrows(U) != n || fmpq_mat_ncols(U) != n)
        return 0;
    if (!plu_perm_is_valid(perm, n) || !plu_is_unit_lower(L) || !plu_is_upper(U))
        return 0;
    if (n == 0)
        return 1;
    fmpq_mat_t PA, LU;
    fmpq_mat_init(PA, n, n);
    fmpq_mat_init(LU, n, n);
    plu_permute_rows(PA, perm, A);
    fmpq_mat_mul(LU, L, U);
    int ok = fmpq_mat_equal(PA, LU);
    fmpq_mat_clear(PA);
    fmpq_mat_clear(LU);
    return ok;
}

slong plu_pivot_count(const fmpq_mat_t U)
{
    slong c = 0;
    for (slong i = 0; i < FLINT_MIN(fmpq_mat_nrows(U), fmpq_mat_ncols(U)); i++)
        if (!fmpq_is_zero(fmpq_mat_entry(U, i, i)))
            c++;
    return c;
}
