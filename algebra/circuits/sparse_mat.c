/* sparse_mat.c -- coordinate-list sparse matrices over Q(zeta_N). */
#include "circuits/sparse_mat.h"

#include <stdlib.h>

#include "exact/qmat.h"

void sparse_mat_init(sparse_mat_t A, slong rows, slong cols)
{
    A->rows = rows;
    A->cols = cols;
    A->nnz = A->alloc = 0;
    A->row = A->col = NULL;
    A->val = NULL;
}

void sparse_mat_clear(sparse_mat_t A)
{
    for (slong t = 0; t < A->nnz; t++)
        fmpq_poly_clear(A->val + t);
    free(A->val);
    free(A->row);
    free(A->col);
}

void sparse_mat_push(sparse_mat_t A, slong i, slong j, const cyclo_t v)
{
    if (A->nnz == A->alloc) {
        A->alloc = A->alloc ? 2 * A->alloc : 16;
        A->row = realloc(A->row, (size_t) A->alloc * sizeof(slong));
        A->col = realloc(A->col, (size_t) A->alloc * sizeof(slong));
        A->val = realloc(A->val, (size_t) A->alloc * sizeof(fmpq_poly_struct));
    }
    A->row[A->nnz] = i;
    A->col[A->nnz] = j;
    fmpq_poly_init(A->val + A->nnz);
    fmpq_poly_set(A->val + A->nnz, v);
    A->nnz++;
}

void sparse_mat_push_si(sparse_mat_t A, slong i, slong j, slong v)
{
    cyclo_t t;
    fmpq_poly_init(t);
    fmpq_poly_set_si(t, v);
    sparse_mat_push(A, i, j, t);
    fmpq_poly_clear(t);
}

static const sparse_mat_struct *sort_ctx;
static int cmp_rc(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    const sparse_mat_struct *A = sort_ctx;
    if (A->row[a] != A->row[b])
        return A->row[a] < A->row[b] ? -1 : 1;
    if (A->col[a] != A->col[b])
        return A->col[a] < A->col[b] ? -1 : 1;
    return a < b ? -1 : (a > b);
}

void sparse_mat_canonicalise(sparse_mat_t A)
{
    slong nz = A->nnz, k = 0;
    slong *idx = malloc((size_t) FLINT_MAX(nz, 1) * sizeof(slong));
    for (slong t = 0; t < nz; t++)
        idx[t] = t;
    sort_ctx = A;
    qsort(idx, (size_t) nz, sizeof(slong), cmp_rc);
    slong *r = malloc((size_t) FLINT_MAX(nz, 1) * sizeof(slong));
    slong *c = malloc((size_t) FLINT_MAX(nz, 1) * sizeof(slong));
    fmpq_poly_struct *v = malloc((size_t) FLINT_MAX(nz, 1) * sizeof(fmpq_poly_struct));
    for (slong t = 0; t < nz; t++) {
        slong s = idx[t];
        if (k > 0 && r[k - 1] == A->row[s] && c[k - 1] == A->col[s]) {
            fmpq_poly_add(v + k - 1, v + k - 1, A->val + s);
            fmpq_poly_clear(A->val + s);
            continue;
        }
        if (k > 0 && fmpq_poly_is_zero(v + k - 1))
            fmpq_poly_clear(v + --k);
        r[k] = A->row[s];
        c[k] = A->col[s];
        v[k++] = A->val[s]; /* move the struct */
    }
    if (k > 0 && fmpq_poly_is_zero(v + k - 1))
        fmpq_poly_clear(v + --k);
    free(A->row);
    free(A->col);
    free(A->val);
    free(idx);
    A->row = r;
    A->col = c;
    A->val = v;
    A->nnz = k;
    A->alloc = FLINT_MAX(nz, 1);
}

void sparse_mat_apply(const sparse_mat_t A, fmpq_poly_struct *y, const fmpq_poly_struct *x,
                      const cyclo_ctx_t ctx)
{
    cyclo_vec_zero(y, A->rows);
    for (slong t = 0; t < A->nnz; t++)
        cyclo_addmul(y + A->row[t], A->val + t, x + A->col[t], ctx);
}

void sparse_mat_dense(const sparse_mat_t A, fmpq_poly_struct *M)
{
    cyclo_vec_zero(M, A->rows * A->cols);
    for (slong t = 0; t < A->nnz; t++)
        fmpq_poly_add(M + A->row[t] * A->cols + A->col[t], M + A->row[t] * A->cols + A->col[t],
                      A->val + t);
}

void sparse_mat_from_dense(sparse_mat_t A, const fmpq_poly_struct *M, slong rows, slong cols)
{
    sparse_mat_clear(A);
    sparse_mat_init(A, rows, cols);
    for (slong i = 0; i < rows; i++)
        for (slong j = 0; j < cols; j++)
            if (!fmpq_poly_is_zero(M + i * cols + j))
                sparse_mat_push(A, i, j, M + i * cols + j);
}

static int cmp_slong(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    return (a > b) - (a < b);
}

void sparse_mat_rand(sparse_mat_t A, slong n, slong s, flint_rand_t st)
{
    slong total = n * n, have = 0;
    s = FLINT_MIN(s, total);
    slong *pos = malloc((size_t) FLINT_MAX(s, 1) * sizeof(slong));
    while (have < s) { /* draw the missing positions, then sort and drop repeats */
        for (slong t = have; t < s; t++)
            pos[t] = (slong) n_randint(st, (ulong) total);
        qsort(pos, (size_t) s, sizeof(slong), cmp_slong);
        have = 0;
        for (slong t = 0; t < s; t++)
            if (have == 0 || pos[have - 1] != pos[t])
                pos[have++] = pos[t];
    }
    sparse_mat_clear(A);
    sparse_mat_init(A, n, n);
    fmpq_t q;
    cyclo_t v;
    fmpq_init(q);
    fmpq_poly_init(v);
    for (slong t = 0; t < s; t++) {
        qrand_fmpq_nonzero(q, st, 9, 4);
        fmpq_poly_set_fmpq(v, q);
        sparse_mat_push(A, pos[t] / n, pos[t] % n, v);
    }
    fmpq_clear(q);
    fmpq_poly_clear(v);
    free(pos);
}
