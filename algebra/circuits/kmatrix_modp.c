/* kmatrix_modp.c -- Theorem 5.5 K-matrix applied modulo p, one block at a time
 * (kmatrix_modp.h; the exact construction is kmatrix.c). */
#include "circuits/kmatrix_modp.h"

#include <stdlib.h>
#include <string.h>

#include "circuits/benes.h"
#include "circuits/kmatrix.h"

enum { FA = 1, FB = 2, FC = 4, FD = 8 };

/* A read-only sparse_mat view of a factor (positions only, val = NULL). */
static sparse_mat_struct view(const sparse_modp_struct *A, slong dim)
{
    sparse_mat_struct v = {dim, dim, A->nnz, A->nnz, A->row, A->col, NULL};
    return v;
}

/* P W_d: row i is row pos[out[i]] of W_d (d = 0: the output gates' rows of E). */
static void fold_outputs(sparse_modp_struct *T, const sparse_product_modp_t p, const circuit_t c)
{
    const sparse_modp_struct *W = p->d ? p->W + p->d - 1 : NULL;
    slong rows = p->sp, cap = c->m;
    slong *start = calloc((size_t) rows + 1, sizeof(slong));
    if (W) {
        for (slong t = 0; t < W->nnz; t++)
            start[W->row[t] + 1]++;
        for (slong r = 0; r < rows; r++)
            start[r + 1] += start[r];
        cap = 0;
        for (slong i = 0; i < c->m; i++) {
            slong r = p->pos[c->out[i]];
            cap += start[r + 1] - start[r];
        }
    }
    T->rows = rows;
    T->nnz = 0;
    T->row = malloc((size_t) FLINT_MAX(cap, 1) * sizeof(slong));
    T->col = malloc((size_t) FLINT_MAX(cap, 1) * sizeof(slong));
    T->val = malloc((size_t) FLINT_MAX(cap, 1) * sizeof(ulong));
    slong *order = NULL;
    if (W) { /* entries of W grouped by row (W is pushed row by row; kept general) */
        order = malloc((size_t) FLINT_MAX(W->nnz, 1) * sizeof(slong));
        slong *fill = malloc((size_t) rows * sizeof(slong));
        memcpy(fill, start, (size_t) rows * sizeof(slong));
        for (slong t = 0; t < W->nnz; t++)
            order[fill[W->row[t]]++] = t;
        free(fill);
    }
    for (slong i = 0; i < c->m; i++) {
        slong r = p->pos[c->out[i]];
        if (!W) {
            T->row[T->nnz] = i;
            T->col[T->nnz] = r;
            T->val[T->nnz++] = 1;
            continue;
        }
        for (slong q = start[r]; q < start[r + 1]; q++) {
            slong t = order[q];
            T->row[T->nnz] = i;
            T->col[T->nnz] = W->col[t];
            T->val[T->nnz++] = W->val[t];
        }
    }
    free(order);
    free(start);
}

static slong min_size(const sparse_modp_struct *A, slong dim)
{
    sparse_mat_struct v = view(A, dim);
    return kmatrix_sparse_min_size(&v);
}

slong kmatrix_modp_size(const circuit_t c, const sparse_product_modp_t p)
{
    sparse_modp_struct last;
    fold_outputs(&last, p, c);
    slong need = FLINT_MAX(c->n, min_size(&last, p->sp)), N = 1;
    for (slong k = 0; k + 1 < p->d; k++)
        need = FLINT_MAX(need, min_size(p->W + k, p->sp));
    while (N < need)
        N *= 2;
    free(last.row);
    free(last.col);
    free(last.val);
    return N;
}

/* ------------------------------------------------ factors as flags, applied mod p */
typedef struct {
    kmatrix_modp_info_t *info;
    kmatrix_modp_round_t *rounds;
    slong nr;
    ulong **x; /* x[r], length N, one vector per round */
    int L;
} run_t;

/* One factor of block size k: flags FL (one byte per pair), entries 1, except at k = 2
 * where the entries of column t are VALS[r][t] (VALS = NULL: 1); TRANSPOSE exchanges b, c.
 * Applied to the vector of every round. */
static void apply_factor(run_t *R, const unsigned char *fl, slong k, ulong *const *vals,
                         int transpose)
{
    slong N = R->info->N, h = k / 2, i = R->info->factors++;
    slong j = i % (2 * R->L), want = j < R->L ? N >> j : 2L << (j - R->L);
    if (k != want)
        R->info->well_formed = 0;
    for (slong r = 0; r < R->nr; r++) {
        const nmod_t mod = R->rounds[r].P->mod;
        ulong *x = R->x[r];
        const ulong *v = (k == 2 && vals) ? vals[r] : NULL;
        for (slong p = 0; p < N / 2; p++) {
            slong t = butterfly_pair_top(p, h);
            unsigned f = fl[p];
            if (transpose) /* b <-> c */
                f = (f & (FA | FD)) | ((f & FB) ? FC : 0) | ((f & FC) ? FB : 0);
            ulong x0 = x[t], x1 = x[t + h];
            if (!v) { /* entries 0 or 1 */
                x[t] = nmod_add((f & FA) ? x0 : 0, (f & FB) ? x1 : 0, mod);
                x[t + h] = nmod_add((f & FC) ? x0 : 0, (f & FD) ? x1 : 0, mod);
                continue;
            }
            /* k = 2: a, c come from column t, b, d from column t + 1 (before transposing;
             * only the reduce step H carries values and it is not transposed) */
            ulong vl = v[t], vr = v[t + h];
            x[t] = nmod_add((f & FA) ? nmod_mul(vl, x0, mod) : 0,
                            (f & FB) ? nmod_mul(vr, x1, mod) : 0, mod);
            x[t + h] = nmod_add((f & FC) ? nmod_mul(vl, x0, mod) : 0,
                                (f & FD) ? nmod_mul(vr, x1, mod) : 0, mod);
        }
    }
}

/* The levels k = 2, 4, ..., N of the step matrix ROW (kmatrix_step_to_butterfly): flags of
 * level l at FL + l N/2. */
static void step_flags(unsigned char *fl, const slong *row, slong N)
{
    slong *cur = malloc((size_t) N * sizeof(slong)), *nxt = malloc((size_t) N * sizeof(slong));
    memcpy(cur, row, (size_t) N * sizeof(slong));
    for (slong k = 2, l = 0; k <= N; k *= 2, l++) {
        unsigned char *f = fl + l * (N / 2);
        slong h = k / 2;
        for (slong t = 0; t < N; t++)
            nxt[t] = -1;
        for (slong b = 0, p = 0; b < N; b += k)
            for (slong j = 0; j < h; j++, p++) {
                slong left = cur[b + j], right = cur[b + j + h];
                f[p] = 0;
                if (left >= 0) {
                    slong tl = left % k;
                    f[p] |= (tl == j) ? FA : FC;
                    nxt[b + tl] = left;
                }
                if (right >= 0) {
                    slong tr = right % k;
                    f[p] |= (tr == j) ? FB : FD;
                    nxt[b + tr] = right;
                }
            }
        slong *t = cur;
        cur = nxt;
        nxt = t;
    }
    free(cur);
    free(nxt);
}

/* A (N x N view; A[r] the same positions with the values of round r) as two BB* factors:
 * V (gather), Q (Benes, B then B^*), H (reduce). */
static int apply_block(run_t *R, const sparse_modp_struct *const *A)
{
    slong N = R->info->N, L = R->L;
    sparse_mat_struct v = view(A[0], N);
    slong *vrow = malloc((size_t) N * sizeof(slong)), *hrow = malloc((size_t) N * sizeof(slong));
    slong *hsrc = malloc((size_t) N * sizeof(slong)), *perm = malloc((size_t) N * sizeof(slong));
    ulong **hval = malloc((size_t) R->nr * sizeof(ulong *));
    unsigned char *fl = malloc((size_t) (N / 2) * (size_t) FLINT_MAX(L, 1));
    int rc = 0;
    kmatrix_gather_reduce_layout(&v, N, vrow, hrow, hsrc, perm);
    for (slong r = 0; r < R->nr; r++) {
        hval[r] = calloc((size_t) N, sizeof(ulong));
        for (slong t = 0; t < N; t++)
            if (hsrc[t] >= 0)
                hval[r][t] = A[r]->val[hsrc[t]];
    }
    if (!kmatrix_is_step(vrow, N) || !kmatrix_is_step(hrow, N)) {
        rc = -1;
    } else {
        step_flags(fl, vrow, N); /* V^T = F_N ... F_2, so V = F_2^T ... F_N^T: F_N^T first */
        for (slong l = L - 1; l >= 0; l--)
            apply_factor(R, fl + l * (N / 2), 2L << l, NULL, 1);
        benes_t Q;
        if (benes_route(Q, perm, N, BENES_INC_DEC) != 0) {
            rc = -1;
        } else {
            for (slong f = 0; f < benes_stages(Q); f++) {
                for (slong p = 0; p < N / 2; p++)
                    fl[p] = Q->sw[f * (N / 2) + p] ? (FB | FC) : (FA | FD);
                apply_factor(R, fl, 2 * benes_stage_stride(Q, f), NULL, 0);
            }
            benes_clear(Q);
            step_flags(fl, hrow, N);
            for (slong l = 0; l < L; l++)
                apply_factor(R, fl + l * (N / 2), 2L << l, hval, 0);
            R->info->w += 2;
        }
    }
    for (slong r = 0; r < R->nr; r++)
        free(hval[r]);
    free(hval);
    free(vrow);
    free(hrow);
    free(hsrc);
    free(perm);
    free(fl);
    return rc;
}

int kmatrix_modp_corner_apply(kmatrix_modp_info_t *info, const circuit_t c,
                              kmatrix_modp_round_t *rounds, slong nr)
{
    slong n = c->n;
    if (c->m != n || n < 1 || (n & (n - 1)) || nr < 1)
        return -1;
    info->n = n;
    info->N = kmatrix_modp_size(c, rounds[0].sp);
    info->w = 0;
    info->factors = 0;
    info->well_formed = 1;
    run_t R = {info, rounds, nr, malloc((size_t) nr * sizeof(ulong *)), 0};
    while ((1L << R.L) < info->N)
        R.L++;
    const sparse_modp_struct **A = malloc((size_t) nr * sizeof(*A));
    sparse_modp_struct *last = malloc((size_t) nr * sizeof(*last));
    for (slong r = 0; r < nr; r++) {
        R.x[r] = calloc((size_t) info->N, sizeof(ulong));
        for (slong i = 0; i < n; i++)
            R.x[r][i] = rounds[r].x[i];
        fold_outputs(last + r, rounds[r].sp, c);
    }
    int rc = 0;
    for (slong k = 0; k + 1 < rounds[0].sp->d && rc == 0; k++) {
        for (slong r = 0; r < nr; r++)
            A[r] = rounds[r].sp->W + k;
        rc = apply_block(&R, A);
    }
    for (slong r = 0; r < nr; r++)
        A[r] = last + r;
    if (rc == 0)
        rc = apply_block(&R, A);
    for (slong r = 0; r < nr; r++) {
        for (slong i = 0; i < n; i++)
            rounds[r].y[i] = R.x[r][i];
        free(R.x[r]);
        free(last[r].row);
        free(last[r].col);
        free(last[r].val);
    }
    if (info->factors != 2 * info->w * R.L || n > info->N)
        info->well_formed = 0;
    free(A);
    free(last);
    free(R.x);
    return rc;
}
