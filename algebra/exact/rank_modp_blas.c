/* rank_modp_blas.c -- blocked elimination mod a small prime with exact dgemm updates (see
 * rank_modp_blas.h for why every float64 operation is exact). */
#include "exact/rank_modp_blas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <flint/ulong_extras.h>

#define PANEL 32
/* The trailing matrix takes this many dgemm updates before it is reduced mod p again: each
 * update adds an integer of absolute value below PANEL p^2 < 2^45, so entries stay below
 * REDUCE_EVERY * 2^45 + p < 2^48 (exact in a double, and within modp's range).  The panel
 * columns and the pivot rows -- the only entries read by the elimination and fed to dgemm --
 * are reduced just before use.  (Reducing after every update cost more than the products.) */
#define REDUCE_EVERY 4

/* x mod p for an integer |x| < 2^53: q = floor(x / p) up to one unit (x * (1/p) is off by
 * less than 1), q p and x - q p are exact integers below 2^53, and one correction step each
 * way lands in [0, p).  (fmod is exact too but many times slower; rounding to nearest instead
 * of floor makes r < 0 half the time, and the mispredicted branch costs more than floor.) */
static inline double modp(double x, double p, double pinv)
{
    double q = floor(x * pinv), r = x - q * p;
    if (r < 0)
        r += p;
    else if (r >= p)
        r -= p;
    return r;
}

static void swap_rows(double *A, slong n, slong i, slong j)
{
    if (i == j)
        return;
    double *a = A + i * n, *b = A + j * n;
    for (slong k = 0; k < n; k++) {
        double t = a[k];
        a[k] = b[k];
        b[k] = t;
    }
}

slong rank_modp_blas(const fmpz_mat_t Z)
{
    slong m = fmpz_mat_nrows(Z), n = fmpz_mat_ncols(Z);
    if (m == 0 || n == 0)
        return 0;
    const ulong p = RANK_MODP_BLAS_PRIME;
    const double pd = (double)p, pdinv = 1.0 / pd;
    double *A = malloc((size_t)m * (size_t)n * sizeof(double));
    double *L = malloc((size_t)m * PANEL * sizeof(double));
    double *U = malloc((size_t)PANEL * (size_t)n * sizeof(double));
    if (!A || !L || !U) {
        free(A);
        free(L);
        free(U);
        return -1;
    }
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < n; j++)
            A[i * n + j] = (double)fmpz_fdiv_ui(fmpz_mat_entry(Z, i, j), p);
    const ulong pinv = n_preinvert_limb(p);
    slong r = 0; /* pivots so far = first remaining row */
    slong pcol[PANEL];
    int pending = 0; /* dgemm updates since the trailing matrix was last reduced */
    for (slong c = 0; c < n && r < m; c += PANEL) {
        slong ce = c + PANEL < n ? c + PANEL : n, k = 0;
        for (slong i = r; pending > 0 && i < m; i++) /* the panel columns, reduced */
            for (slong j = c; j < ce; j++)
                A[i * n + j] = modp(A[i * n + j], pd, pdinv);
        /* unblocked elimination of the panel columns c..ce-1 on rows r..m-1; multipliers are
         * stored in place of the eliminated entries */
        for (slong j = c; j < ce && r + k < m; j++) {
            slong piv = r + k;
            while (piv < m && A[piv * n + j] == 0)
                piv++;
            if (piv == m)
                continue; /* no pivot in this column */
            swap_rows(A, n, r + k, piv);
            double *prow = A + (r + k) * n;
            ulong inv = n_invmod((ulong)prow[j], p);
            for (slong i = r + k + 1; i < m; i++) {
                double *row = A + i * n;
                if (row[j] == 0)
                    continue;
                double mult = (double)n_mulmod2_preinv((ulong)row[j], inv, p, pinv);
                row[j] = mult;
                for (slong jj = j + 1; jj < ce; jj++)
                    row[jj] = modp(row[jj] - mult * prow[jj], pd, pdinv);
            }
            /* the pivot row's own multipliers are those of earlier pivots (already stored; a
             * row skipped above had a 0 there, which is its multiplier) */
            pcol[k++] = j;
        }
        slong T = n - ce; /* trailing columns */
        if (k == 0 || T == 0) {
            r += k;
            continue;
        }
        /* U12: the trailing part of the k pivot rows, with earlier pivots of the panel applied
         * (unit lower triangular solve, scalar: k <= 32) */
        for (slong t = 0; t < k && pending > 0; t++) /* the pivot rows, reduced */
            for (slong j = ce; j < n; j++)
                A[(r + t) * n + j] = modp(A[(r + t) * n + j], pd, pdinv);
        for (slong t = 0; t < k; t++) {
            double *row = A + (r + t) * n;
            for (slong s = 0; s < t; s++) {
                double mult = row[pcol[s]];
                if (mult == 0)
                    continue;
                const double *srow = A + (r + s) * n;
                for (slong j = ce; j < n; j++)
                    row[j] = modp(row[j] - mult * srow[j], pd, pdinv);
            }
            memcpy(U + t * T, row + ce, (size_t)T * sizeof(double));
        }
        /* L21: multipliers of the rows below the pivot rows */
        slong R = m - r - k;
        if (R > 0) {
            for (slong i = 0; i < R; i++)
                for (slong s = 0; s < k; s++)
                    L[i * k + s] = A[(r + k + i) * n + pcol[s]];
            /* A22 = A22 - L21 U12 in place, exactly (REDUCE_EVERY above), reduced mod p
             * every REDUCE_EVERY updates */
            double *A22 = A + (r + k) * n + ce;
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)R, (int)T, (int)k, -1.0,
                        L, (int)k, U, (int)T, 1.0, A22, (int)n);
            if (++pending == REDUCE_EVERY) {
                for (slong i = 0; i < R; i++) {
                    double *row = A22 + i * n;
                    for (slong j = 0; j < T; j++)
                        row[j] = modp(row[j], pd, pdinv);
                }
                pending = 0;
            }
        }
        r += k;
    }
    free(A);
    free(L);
    free(U);
    return r;
}
