/* toeplitz_insert.c -- Lemma 2.1 row insertion (see toeplitz_insert.h). */
#include "decompositions/toeplitz_insert.h"

#include <stdio.h>

slong toeplitz_insert_rows(slong m, slong n)
{
    return m * n - n + 1;
}

static int toeplitz_insert_check(const fmpq_mat_t T, const fmpq_mat_t B, const char *who)
{
    slong m = fmpq_mat_nrows(B), n = fmpq_mat_ncols(B);
    if (m < 1 || n < 1) {
        fprintf(stderr, "%s: matrix is %ld x %ld, need at least 1 x 1\n", who, (long)m, (long)n);
        return -1;
    }
    if (fmpq_mat_nrows(T) != toeplitz_insert_rows(m, n) || fmpq_mat_ncols(T) != n) {
        fprintf(stderr, "%s: output is %ld x %ld, expected %ld x %ld\n", who,
                (long)fmpq_mat_nrows(T), (long)fmpq_mat_ncols(T),
                (long)toeplitz_insert_rows(m, n), (long)n);
        return -1;
    }
    return 0;
}

/* Fill block rows 1..n-1 between original rows i (at T row i*n) and i+1 (at (i+1)*n).
 * diag[d] for d = 0..2n-1 is the value on the (anti-)diagonal with index d of the block. */
static void toeplitz_insert_block(fmpq_mat_t T, const fmpq_mat_t B, slong i, int hankel)
{
    slong n = fmpq_mat_ncols(B), base = i * n;
    fmpq *diag = _fmpq_vec_init(2 * n);
    for (slong c = 0; c < n; c++) {
        /* Toeplitz index d = r - c + (n-1); Hankel index d = r + c */
        slong d0 = hankel ? c : n - 1 - c, d1 = hankel ? n + c : 2 * n - 1 - c;
        fmpq_set(diag + d0, fmpq_mat_entry(B, i, c));
        fmpq_set(diag + d1, fmpq_mat_entry(B, i + 1, c));
    }
    for (slong r = 1; r < n; r++)
        for (slong c = 0; c < n; c++)
            fmpq_set(fmpq_mat_entry(T, base + r, c), diag + (hankel ? r + c : r - c + n - 1));
    _fmpq_vec_clear(diag, 2 * n);
}

static int toeplitz_insert_generic(fmpq_mat_t T, slong *orig, const fmpq_mat_t B, int hankel)
{
    if (toeplitz_insert_check(T, B, hankel ? "toeplitz_insert_hankel"
                                           : "toeplitz_insert_toeplitz") != 0)
        return -1;
    slong m = fmpq_mat_nrows(B), n = fmpq_mat_ncols(B);
    for (slong i = 0; i < m; i++) {
        orig[i] = i * n;
        for (slong c = 0; c < n; c++)
            fmpq_set(fmpq_mat_entry(T, i * n, c), fmpq_mat_entry(B, i, c));
    }
    for (slong i = 0; i + 1 < m; i++)
        toeplitz_insert_block(T, B, i, hankel);
    return 0;
}

int toeplitz_insert_toeplitz(fmpq_mat_t T, slong *orig, const fmpq_mat_t B)
{
    return toeplitz_insert_generic(T, orig, B, 0);
}

int toeplitz_insert_hankel(fmpq_mat_t H, slong *orig, const fmpq_mat_t B)
{
    return toeplitz_insert_generic(H, orig, B, 1);
}

int toeplitz_insert_is_toeplitz(const fmpq_mat_t M)
{
    for (slong r = 0; r + 1 < fmpq_mat_nrows(M); r++)
        for (slong c = 0; c + 1 < fmpq_mat_ncols(M); c++)
            if (!fmpq_equal(fmpq_mat_entry(M, r + 1, c + 1), fmpq_mat_entry(M, r, c)))
                return 0;
    return 1;
}

int toeplitz_insert_is_hankel(const fmpq_mat_t M)
{
    for (slong r = 0; r + 1 < fmpq_mat_nrows(M); r++)
        for (slong c = 0; c + 1 < fmpq_mat_ncols(M); c++)
            if (!fmpq_equal(fmpq_mat_entry(M, r + 1, c), fmpq_mat_entry(M, r, c + 1)))
                return 0;
    return 1;
}

int toeplitz_insert_rows_match(const fmpq_mat_t T, const slong *orig, const fmpq_mat_t B)
{
    slong m = fmpq_mat_nrows(B), n = fmpq_mat_ncols(B);
    if (fmpq_mat_ncols(T) != n)
        return 0;
    for (slong i = 0; i < m; i++) {
        if (orig[i] < 0 || orig[i] >= fmpq_mat_nrows(T) || (i > 0 && orig[i] <= orig[i - 1]))
            return 0;
        for (slong c = 0; c < n; c++)
            if (!fmpq_equal(fmpq_mat_entry(T, orig[i], c), fmpq_mat_entry(B, i, c)))
                return 0;
    }
    return 1;
}
