/* kmatrix.c -- K-matrices: step matrices in B, gather-reduce of a sparse matrix in (BB*)^2
 * (Theorem 5.7), circuits to K-matrices (Theorem 5.5).  See kmatrix.h. */
#include "circuits/kmatrix.h"

#include <stdlib.h>
#include <string.h>

#include "circuits/benes.h"
#include "circuits/sparse_product.h"

static int log2_of(slong N)
{
    int L = 0;
    while ((1L << L) < N)
        L++;
    return L;
}

void kmatrix_init(kmatrix_t K, slong n, slong N)
{
    K->n = n;
    K->N = N;
    K->w = 0;
    butterfly_seq_init(K->seq, N);
}

void kmatrix_clear(kmatrix_t K)
{
    butterfly_seq_clear(K->seq);
}

int kmatrix_is_well_formed(const kmatrix_t K)
{
    slong N = K->N, L = log2_of(N);
    if (K->n > N || (N & (N - 1)) || K->seq->len != 2 * K->w * L || K->seq->N != N)
        return 0;
    for (slong i = 0; i < K->seq->len; i++) {
        slong j = i % (2 * L);
        slong k = j < L ? N >> j : 2L << (j - L);
        if (K->seq->f[i].k != k || K->seq->f[i].N != N)
            return 0;
    }
    return 1;
}

slong kmatrix_params(const kmatrix_t K)
{
    return 4 * K->w * K->N * log2_of(K->N);
}

slong kmatrix_expansion(const kmatrix_t K)
{
    return K->N / K->n;
}

void kmatrix_apply(const kmatrix_t K, fmpq_poly_struct *x, const cyclo_ctx_t ctx)
{
    butterfly_seq_apply(K->seq, x, ctx);
}

void kmatrix_corner(const kmatrix_t K, fmpq_poly_struct *M, const cyclo_ctx_t ctx)
{
    slong n = K->n, N = K->N;
    fmpq_poly_struct *x = cyclo_vec_init(N);
    for (slong j = 0; j < n; j++) {
        cyclo_vec_zero(x, N);
        fmpq_poly_set_si(x + j, 1);
        kmatrix_apply(K, x, ctx);
        for (slong i = 0; i < n; i++)
            fmpq_poly_swap(M + i * n + j, x + i);
    }
    cyclo_vec_clear(x, N);
}

/* ---------------------------------------------------------------- step matrices in B */
int kmatrix_is_step(const slong *row, slong N)
{
    slong last = -1;
    for (slong t = 0; t < N; t++) {
        if (row[t] < 0)
            continue;
        if (row[t] >= N)
            return 0;
        if (last >= 0 && (row[t] < row[last] || row[t] - row[last] > t - last))
            return 0;
        last = t;
    }
    return 1;
}

/* One level k of the recursion B^(k) = B_k diag(B^(k/2), B^(k/2)): the child outputs sit at
 * positions with rho_cur (the row of the entries summed there, -1 if none); each goes to
 * local row rho mod k of its block, i.e. straight (top/bottom stays) or across. */
static void step_level(butterfly_factor_struct *F, const slong *rho_cur, slong *rho_new,
                       const fmpq_poly_struct *val)
{
    slong N = F->N, k = F->k, h = k / 2;
    for (slong t = 0; t < N; t++)
        rho_new[t] = -1;
    for (slong b = 0, p = 0; b < N; b += k)
        for (slong j = 0; j < h; j++, p++) {
            slong left = rho_cur[b + j], right = rho_cur[b + j + h];
            if (left >= 0) {
                slong tl = left % k;
                fmpq_poly_struct *e = (tl == j) ? F->a + p : F->c + p;
                if (k == 2)
                    fmpq_poly_set(e, val + b + j);
                else
                    fmpq_poly_set_si(e, 1);
                rho_new[b + tl] = left;
            }
            if (right >= 0) {
                slong tr = right % k;
                fmpq_poly_struct *e = (tr == j) ? F->b + p : F->d + p;
                if (k == 2)
                    fmpq_poly_set(e, val + b + j + h);
                else
                    fmpq_poly_set_si(e, 1);
                rho_new[b + tr] = right;
            }
        }
}

int kmatrix_step_to_butterfly(butterfly_seq_t S, const slong *row, const fmpq_poly_struct *val)
{
    slong N = S->N;
    if (!kmatrix_is_step(row, N))
        return -1;
    slong *cur = malloc((size_t) N * sizeof(slong)), *nxt = malloc((size_t) N * sizeof(slong));
    memcpy(cur, row, (size_t) N * sizeof(slong));
    for (slong k = 2; k <= N; k *= 2) {
        step_level(butterfly_seq_push_zero(S, k), cur, nxt, val);
        slong *t = cur;
        cur = nxt;
        nxt = t;
    }
    free(cur);
    free(nxt);
    return 0;
}

/* ---------------------------------------------------------------- gather-reduce */
static const sparse_mat_struct *g_sort;
static int cmp_col_row(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    const sparse_mat_struct *A = g_sort;
    if (A->col[a] != A->col[b])
        return A->col[a] < A->col[b] ? -1 : 1;
    if (A->row[a] != A->row[b])
        return A->row[a] < A->row[b] ? -1 : 1;
    return (a > b) - (a < b);
}
static int cmp_row_col(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    const sparse_mat_struct *A = g_sort;
    if (A->row[a] != A->row[b])
        return A->row[a] < A->row[b] ? -1 : 1;
    if (A->col[a] != A->col[b])
        return A->col[a] < A->col[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/* Entries in sorted order ORD, keys KEY (columns or rows): positions pos[i] of the i-th
 * sorted entry, p_0 = 0, p_{i+1} = p_i + max(1, key difference).  Returns the last one. */
static slong place(slong *pos, const slong *ord, const slong *key, slong L)
{
    slong p = 0;
    for (slong i = 0; i < L; i++) {
        if (i > 0)
            p += FLINT_MAX(1, key[ord[i]] - key[ord[i - 1]]);
        pos[i] = p;
    }
    return p;
}

static void sorted_orders(const sparse_mat_t A, slong *byc, slong *byr)
{
    for (slong t = 0; t < A->nnz; t++)
        byc[t] = byr[t] = t;
    g_sort = A;
    qsort(byc, (size_t) A->nnz, sizeof(slong), cmp_col_row);
    qsort(byr, (size_t) A->nnz, sizeof(slong), cmp_row_col);
}

slong kmatrix_sparse_min_size(const sparse_mat_t A)
{
    slong L = A->nnz, need = FLINT_MAX(A->rows, A->cols);
    if (L == 0)
        return FLINT_MAX(need, 1);
    slong *byc = malloc((size_t) L * sizeof(slong)), *byr = malloc((size_t) L * sizeof(slong));
    slong *pos = malloc((size_t) L * sizeof(slong));
    sorted_orders(A, byc, byr);
    need = FLINT_MAX(need, place(pos, byc, A->col, L) + 1);
    need = FLINT_MAX(need, place(pos, byr, A->row, L) + 1);
    free(byc);
    free(byr);
    free(pos);
    return need;
}

/* Complete the partial map src -> dst (dst[i] = -1 unset) to a permutation of 0..N-1:
 * unused sources in increasing order go to unused targets in increasing order. */
static void complete_perm(slong *perm, slong N)
{
    if (N <= 0)
        return;
    unsigned char *used = calloc((size_t) N, 1);
    for (slong i = 0; i < N; i++)
        if (perm[i] >= 0)
            used[perm[i]] = 1;
    slong j = 0;
    for (slong i = 0; i < N; i++)
        if (perm[i] < 0) {
            while (used[j])
                j++;
            perm[i] = j++;
        }
    free(used);
}

void kmatrix_gather_reduce_layout(const sparse_mat_t A, slong N, slong *vrow, slong *hrow,
                                  slong *hsrc, slong *perm)
{
    slong L = A->nnz;
    slong *byc = malloc((size_t) FLINT_MAX(L, 1) * sizeof(slong));
    slong *byr = malloc((size_t) FLINT_MAX(L, 1) * sizeof(slong));
    slong *pg = malloc((size_t) FLINT_MAX(L, 1) * sizeof(slong));
    slong *pr = malloc((size_t) FLINT_MAX(L, 1) * sizeof(slong));
    slong *gpos = malloc((size_t) FLINT_MAX(L, 1) * sizeof(slong)); /* entry -> gather pos */
    sorted_orders(A, byc, byr);
    place(pg, byc, A->col, L);
    place(pr, byr, A->row, L);
    for (slong t = 0; t < N; t++)
        vrow[t] = hrow[t] = hsrc[t] = perm[t] = -1;
    for (slong i = 0; i < L; i++) {
        vrow[pg[i]] = A->col[byc[i]]; /* V^T column p has its 1 in row c */
        gpos[byc[i]] = pg[i];
    }
    for (slong i = 0; i < L; i++) {
        slong e = byr[i];
        hrow[pr[i]] = A->row[e];
        hsrc[pr[i]] = e;
        perm[gpos[e]] = pr[i];
    }
    complete_perm(perm, N);
    free(byc);
    free(byr);
    free(pg);
    free(pr);
    free(gpos);
}

int kmatrix_append_sparse(kmatrix_t K, const sparse_mat_t A, const cyclo_ctx_t ctx)
{
    slong N = K->N;
    (void) ctx;
    if (kmatrix_sparse_min_size(A) > N) {
        fprintf(stderr, "kmatrix: a %ld x %ld sparse matrix with %ld non-zeros needs size %ld "
                "> N = %ld\n", (long) A->rows, (long) A->cols, (long) A->nnz,
                (long) kmatrix_sparse_min_size(A), (long) N);
        return -1;
    }
    slong *vrow = malloc((size_t) N * sizeof(slong)), *hrow = malloc((size_t) N * sizeof(slong));
    slong *perm = malloc((size_t) N * sizeof(slong));
    fmpq_poly_struct *one = cyclo_vec_init(N), *hval = cyclo_vec_init(N);
    for (slong t = 0; t < N; t++)
        fmpq_poly_set_si(one + t, 1);
    slong *hsrc = malloc((size_t) N * sizeof(slong));
    kmatrix_gather_reduce_layout(A, N, vrow, hrow, hsrc, perm);
    for (slong t = 0; t < N; t++)
        if (hsrc[t] >= 0)
            fmpq_poly_set(hval + t, A->val + hsrc[t]);
    free(hsrc);
    butterfly_seq_t V;
    butterfly_seq_init(V, N);
    kmatrix_step_to_butterfly(V, vrow, one); /* V^T = F_N ... F_2 */
    for (slong i = V->len - 1; i >= 0; i--) { /* V = F_2^T ... F_N^T: F_N^T acts first */
        butterfly_factor_transpose(V->f + i);
        butterfly_seq_push(K->seq, V->f + i);
    }
    benes_t Q;
    benes_route(Q, perm, N, BENES_INC_DEC); /* B then B^* */
    benes_to_butterfly(K->seq, Q);
    kmatrix_step_to_butterfly(K->seq, hrow, hval);
    K->w += 2;
    benes_clear(Q);
    butterfly_seq_clear(V);
    cyclo_vec_clear(one, N);
    cyclo_vec_clear(hval, N);
    free(vrow);
    free(hrow);
    free(perm);
    return 0;
}

/* ---------------------------------------------------------------- Theorem 5.7 */
/* Chunk c of nchunks (entries [lo, hi) of S in canonical order) as an N x N matrix:
 * one chunk: S itself; first: [x;0] -> [x; S_1 x]; middle: [x;a] -> [x; a + S_c x];
 * last: [x;a] -> [a + S_c x; 0]. */
static void chunk_matrix(sparse_mat_t T, const sparse_mat_t S, slong lo, slong hi, int first,
                         int last, slong N)
{
    slong n = S->rows;
    sparse_mat_init(T, N, N);
    int single = first && last;
    slong shift = last ? 0 : n; /* where S_c x is added */
    if (!single && !last)
        for (slong i = 0; i < (first ? n : 2 * n); i++)
            sparse_mat_push_si(T, i, i, 1);
    if (!single && last)
        for (slong i = 0; i < n; i++)
            sparse_mat_push_si(T, i, n + i, 1);
    for (slong t = lo; t < hi; t++)
        sparse_mat_push(T, shift + S->row[t], S->col[t], S->val + t);
    sparse_mat_canonicalise(T);
}

static int chunks_fit(const sparse_mat_t S, slong k, slong N)
{
    slong s = S->nnz;
    int ok = 1;
    for (slong c = 0; c < k && ok; c++) {
        sparse_mat_t T;
        chunk_matrix(T, S, c * s / k, (c + 1) * s / k, c == 0, c == k - 1, N);
        ok = kmatrix_sparse_min_size(T) <= N;
        sparse_mat_clear(T);
    }
    return ok;
}

slong kmatrix_from_sparse(kmatrix_t K, const sparse_mat_t S0, slong e, const cyclo_ctx_t ctx)
{
    slong n = S0->rows, N = e * n, k;
    if (S0->cols != n || n < 1 || (n & (n - 1)) || e < 1 || (e & (e - 1))) {
        fprintf(stderr, "kmatrix: Theorem 5.7 needs a square n x n matrix with n and e powers "
                "of two (n = %ld, e = %ld)\n", (long) n, (long) e);
        return -1;
    }
    sparse_mat_t S;
    sparse_mat_init(S, n, n);
    for (slong t = 0; t < S0->nnz; t++)
        sparse_mat_push(S, S0->row[t], S0->col[t], S0->val + t);
    sparse_mat_canonicalise(S);
    slong kmax = (e >= 2) ? FLINT_MAX(S->nnz, 1) : 1;
    for (k = 1; k <= kmax; k++)
        if (chunks_fit(S, k, N))
            break;
    if (k > kmax) {
        fprintf(stderr, "kmatrix: the matrix does not fit at expansion e = %ld\n", (long) e);
        sparse_mat_clear(S);
        return -1;
    }
    kmatrix_init(K, n, N);
    for (slong c = 0; c < k; c++) {
        sparse_mat_t T;
        chunk_matrix(T, S, c * S->nnz / k, (c + 1) * S->nnz / k, c == 0, c == k - 1, N);
        kmatrix_append_sparse(K, T, ctx);
        sparse_mat_clear(T);
    }
    sparse_mat_clear(S);
    return k;
}

/* ---------------------------------------------------------------- Theorem 5.5 */
/* P W_d: row i is row pos[out[i]] of W_d. */
static void fold_outputs(sparse_mat_t T, const sparse_product_t p, const circuit_t c)
{
    const sparse_mat_struct *W = p->d ? p->W + p->d - 1 : NULL;
    sparse_mat_init(T, p->sp, p->sp);
    for (slong i = 0; i < c->m; i++) {
        slong r = p->pos[c->out[i]];
        if (!W) {
            sparse_mat_push_si(T, i, r, 1);
            continue;
        }
        for (slong t = 0; t < W->nnz; t++) /* W is sorted by row: scan its rows */
            if (W->row[t] == r)
                sparse_mat_push(T, i, W->col[t], W->val + t);
    }
    sparse_mat_canonicalise(T);
}

int kmatrix_from_circuit(kmatrix_t K, const circuit_t c)
{
    slong n = c->n;
    if (c->m != n || (n & (n - 1))) {
        fprintf(stderr, "kmatrix: Theorem 5.5 needs a square circuit with n = 2^t inputs and "
                "outputs (n = %ld, m = %ld)\n", (long) n, (long) c->m);
        return -1;
    }
    sparse_product_t p;
    sparse_product_from_circuit(p, c);
    sparse_mat_t last;
    fold_outputs(last, p, c);
    slong need = FLINT_MAX(n, kmatrix_sparse_min_size(last)), N = 1;
    for (slong k = 0; k + 1 < p->d; k++)
        need = FLINT_MAX(need, kmatrix_sparse_min_size(p->W + k));
    while (N < need)
        N *= 2;
    kmatrix_init(K, n, N);
    for (slong k = 0; k + 1 < p->d; k++) {
        sparse_mat_t A; /* W_k re-dimensioned to N x N (same entries) */
        *A = p->W[k];
        A->rows = A->cols = N;
        kmatrix_append_sparse(K, A, c->ctx);
    }
    last->rows = last->cols = N;
    kmatrix_append_sparse(K, last, c->ctx);
    sparse_mat_clear(last);
    sparse_product_clear(p);
    return 0;
}
