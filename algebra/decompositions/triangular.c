/* triangular.c -- LUL / ULU decompositions of any square matrix (see triangular.h). */
#include "decompositions/triangular.h"

#include <stdio.h>

#include "decompositions/plu.h"
#include "exact/qmat.h"

static int triangular_square(const char *who, const fmpq_mat_t A, const fmpq_mat_t X,
                             const fmpq_mat_t Y, const fmpq_mat_t Z)
{
    slong n = fmpq_mat_nrows(A);
    if (fmpq_mat_ncols(A) != n) {
        fprintf(stderr, "%s: matrix is %ld x %ld, not square\n", who, (long)n,
                (long)fmpq_mat_ncols(A));
        return -1;
    }
    const fmpq_mat_struct *outs[3] = {X, Y, Z};
    for (int i = 0; i < 3; i++)
        if (outs[i] && (fmpq_mat_nrows(outs[i]) != n || fmpq_mat_ncols(outs[i]) != n)) {
            fprintf(stderr, "%s: output factor %d is %ld x %ld, expected %ld x %ld\n", who, i + 1,
                    (long)fmpq_mat_nrows(outs[i]), (long)fmpq_mat_ncols(outs[i]), (long)n,
                    (long)n);
            return -1;
        }
    return 0;
}

/* Zero pivot at (k,k) of invertible W: column k += column j (first j > k with W[k][j] != 0);
 * Minv := (I - e_j e_k^T) Minv.  Returns -1 if no such j (W singular). */
static int triangular_repair_pivot(fmpq_mat_t W, fmpq_mat_t Minv, slong k)
{
    slong n = fmpq_mat_nrows(W), j = k + 1;
    while (j < n && fmpq_is_zero(fmpq_mat_entry(W, k, j)))
        j++;
    if (j == n)
        return -1;
    for (slong i = 0; i < n; i++) {
        fmpq_add(fmpq_mat_entry(W, i, k), fmpq_mat_entry(W, i, k), fmpq_mat_entry(W, i, j));
        fmpq_sub(fmpq_mat_entry(Minv, j, i), fmpq_mat_entry(Minv, j, i),
                 fmpq_mat_entry(Minv, k, i));
    }
    return 0;
}

/* Row operations below the non-zero pivot W[k][k]; multipliers into L1[i][k]. */
static void triangular_eliminate(fmpq_mat_t W, fmpq_mat_t L1, slong k)
{
    slong n = fmpq_mat_nrows(W);
    fmpq_t m;
    fmpq_init(m);
    for (slong i = k + 1; i < n; i++) {
        if (fmpq_is_zero(fmpq_mat_entry(W, i, k)))
            continue;
        fmpq_div(m, fmpq_mat_entry(W, i, k), fmpq_mat_entry(W, k, k));
        fmpq_set(fmpq_mat_entry(L1, i, k), m);
        for (slong j = k; j < n; j++)
            fmpq_submul(fmpq_mat_entry(W, i, j), m, fmpq_mat_entry(W, k, j));
    }
    fmpq_clear(m);
}

/* Step 1 of triangular.h for invertible G. */
static int triangular_lul_invertible(fmpq_mat_t L1, fmpq_mat_t U, fmpq_mat_t L2,
                                     const fmpq_mat_t G)
{
    slong n = fmpq_mat_nrows(G);
    fmpq_mat_t W;
    fmpq_mat_init_set(W, G);
    fmpq_mat_one(L1);
    fmpq_mat_one(L2);
    int rc = 0;
    for (slong k = 0; k < n && rc == 0; k++) {
        if (fmpq_is_zero(fmpq_mat_entry(W, k, k)))
            rc = triangular_repair_pivot(W, L2, k);
        if (rc == 0)
            triangular_eliminate(W, L1, k);
    }
    fmpq_mat_set(U, W);
    fmpq_mat_clear(W);
    if (rc != 0)
        fprintf(stderr, "triangular_lul: internal error: singular factor in step 1\n");
    return rc;
}

/* Reduce from the right: pivrow[j] = row whose last non-zero is column j, or -1. */
static void triangular_right_echelon(fmpq_mat_t W, fmpq_mat_t K, slong *pivrow)
{
    slong n = fmpq_mat_nrows(W);
    char *is_free = flint_malloc((size_t)n);
    fmpq_t m;
    fmpq_init(m);
    for (slong i = 0; i < n; i++)
        is_free[i] = 1;
    for (slong j = n - 1; j >= 0; j--) {
        slong r = 0;
        while (r < n && !(is_free[r] && !fmpq_is_zero(fmpq_mat_entry(W, r, j))))
            r++;
        pivrow[j] = r < n ? r : -1;
        if (r == n)
            continue;
        is_free[r] = 0;
        for (slong i = 0; i < n; i++) {
            if (!is_free[i] || fmpq_is_zero(fmpq_mat_entry(W, i, j)))
                continue;
            fmpq_div(m, fmpq_mat_entry(W, i, j), fmpq_mat_entry(W, r, j));
            for (slong c = 0; c < n; c++) {
                fmpq_submul(fmpq_mat_entry(W, i, c), m, fmpq_mat_entry(W, r, c));
                fmpq_submul(fmpq_mat_entry(K, i, c), m, fmpq_mat_entry(K, r, c));
            }
        }
    }
    fmpq_clear(m);
    flint_free(is_free);
}

int triangular_row_space_lower(fmpq_mat_t G, fmpq_mat_t E, const fmpq_mat_t A)
{
    if (triangular_square("triangular_row_space_lower", A, G, E, NULL) != 0)
        return -1;
    slong n = fmpq_mat_nrows(A);
    fmpq_mat_t W, K, PK;
    fmpq_mat_init_set(W, A);
    fmpq_mat_init(K, n, n);
    fmpq_mat_init(PK, n, n);
    fmpq_mat_one(K);
    slong *pivrow = flint_malloc(sizeof(slong) * (size_t)(n + 1));
    char *used = flint_calloc((size_t)n + 1, 1);
    triangular_right_echelon(W, K, pivrow);
    /* P: the pivot row of column j goes to position j; the (zero) free rows fill the rest */
    slong next_free = 0;
    fmpq_mat_zero(E);
    for (slong j = 0; j < n; j++)
        if (pivrow[j] >= 0)
            used[pivrow[j]] = 1;
    for (slong j = 0; j < n; j++) {
        slong src = pivrow[j];
        if (src < 0) {
            while (used[next_free])
                next_free++;
            src = next_free;
            used[src] = 1;
        }
        for (slong c = 0; c < n; c++) {
            fmpq_set(fmpq_mat_entry(E, j, c), fmpq_mat_entry(W, src, c));
            fmpq_set(fmpq_mat_entry(PK, j, c), fmpq_mat_entry(K, src, c));
        }
    }
    int ok = n == 0 || fmpq_mat_inv(G, PK);
    fmpq_mat_clear(W);
    fmpq_mat_clear(K);
    fmpq_mat_clear(PK);
    flint_free(pivrow);
    flint_free(used);
    if (!ok)
        fprintf(stderr, "triangular_row_space_lower: internal error: transform not invertible\n");
    return ok ? 0 : -1;
}

int triangular_lul(fmpq_mat_t L1, fmpq_mat_t U, fmpq_mat_t L2, const fmpq_mat_t A)
{
    if (triangular_square("triangular_lul", A, L1, U, L2) != 0)
        return -1;
    slong n = fmpq_mat_nrows(A);
    if (n == 0)
        return 0;
    if (qmat_rank(A) == n)
        return triangular_lul_invertible(L1, U, L2, A);
    fmpq_mat_t G, E, M2;
    fmpq_mat_init(G, n, n);
    fmpq_mat_init(E, n, n);
    fmpq_mat_init(M2, n, n);
    int rc = triangular_row_space_lower(G, E, A);
    if (rc == 0)
        rc = triangular_lul_invertible(L1, U, M2, G);
    if (rc == 0)
        fmpq_mat_mul(L2, M2, E);
    fmpq_mat_clear(G);
    fmpq_mat_clear(E);
    fmpq_mat_clear(M2);
    return rc;
}

int triangular_ulu(fmpq_mat_t U1, fmpq_mat_t L, fmpq_mat_t U2, const fmpq_mat_t A)
{
    if (triangular_square("triangular_ulu", A, U1, L, U2) != 0)
        return -1;
    slong n = fmpq_mat_nrows(A);
    fmpq_mat_t At, L1, U, L2;
    fmpq_mat_init(At, n, n);
    fmpq_mat_init(L1, n, n);
    fmpq_mat_init(U, n, n);
    fmpq_mat_init(L2, n, n);
    fmpq_mat_transpose(At, A);
    int rc = triangular_lul(L1, U, L2, At);
    if (rc == 0) {
        fmpq_mat_transpose(U1, L2);
        fmpq_mat_transpose(L, U);
        fmpq_mat_transpose(U2, L1);
    }
    fmpq_mat_clear(At);
    fmpq_mat_clear(L1);
    fmpq_mat_clear(U);
    fmpq_mat_clear(L2);
    return rc;
}

static int triangular_product_equals(const fmpq_mat_t X, const fmpq_mat_t Y, const fmpq_mat_t Z,
                                     const fmpq_mat_t A)
{
    slong n = fmpq_mat_nrows(A);
    if (n == 0)
        return 1;
    fmpq_mat_t XY, P;
    fmpq_mat_init(XY, n, n);
    fmpq_mat_init(P, n, n);
    fmpq_mat_mul(XY, X, Y);
    fmpq_mat_mul(P, XY, Z);
    int ok = fmpq_mat_equal(P, A);
    fmpq_mat_clear(XY);
    fmpq_mat_clear(P);
    return ok;
}

static int triangular_all_square(const fmpq_mat_t X, const fmpq_mat_t Y, const fmpq_mat_t Z,
                                 const fmpq_mat_t A)
{
    slong n = fmpq_mat_nrows(A);
    const fmpq_mat_struct *m[4] = {X, Y, Z, A};
    for (int i = 0; i < 4; i++)
        if (fmpq_mat_nrows(m[i]) != n || fmpq_mat_ncols(m[i]) != n)
            return 0;
    return 1;
}

int triangular_verify_lul(const fmpq_mat_t L1, const fmpq_mat_t U, const fmpq_mat_t L2,
                          const fmpq_mat_t A)
{
    return triangular_all_square(L1, U, L2, A) && plu_is_lower(L1) && plu_is_upper(U)
           && plu_is_lower(L2) && triangular_product_equals(L1, U, L2, A);
}

int triangular_verify_ulu(const fmpq_mat_t U1, const fmpq_mat_t L, const fmpq_mat_t U2,
                          const fmpq_mat_t A)
{
    return triangular_all_square(U1, L, U2, A) && plu_is_upper(U1) && plu_is_lower(L)
           && plu_is_upper(U2) && triangular_product_equals(U1, L, U2, A);
}

int triangular_lu_exists_invertible(const fmpq_mat_t A)
{
    slong n = fmpq_mat_nrows(A);
    if (fmpq_mat_ncols(A) != n || qmat_rank(A) != n)
        return -1;
    fmpq_mat_t L, U;
    fmpq_mat_init(L, n, n);
    fmpq_mat_init(U, n, n);
    slong *perm = flint_malloc(sizeof(slong) * (size_t)(n + 1));
    plu_decompose(perm, L, U, A);
    int ok = plu_perm_is_identity(perm, n);
    flint_free(perm);
    fmpq_mat_clear(L);
    fmpq_mat_clear(U);
    return ok;
}
