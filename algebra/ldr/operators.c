/* operators.c -- displacement operators (see operators.h). */
#include "ldr/operators.h"

#include <stdlib.h>

#include "exact/qmat.h"

static void op_alloc(op_t *A, op_kind_t kind, slong n)
{
    A->kind = kind;
    A->n = n;
    A->transposed = 0;
    A->diag = _fmpq_vec_init(n);
    A->sub = _fmpq_vec_init(n);
    A->super = _fmpq_vec_init(n);
    fmpq_init(A->corner_tr);
    fmpq_init(A->corner_bl);
    fmpq_mat_init(A->dense, 0, 0);
    A->blocks = NULL;
    A->nblocks = 0;
}

void op_init_zf(op_t *A, slong n, const fmpq_t f)
{
    op_alloc(A, OP_ZF, n);
    for (slong i = 1; i < n; i++)
        fmpq_one(A->sub + i);
    fmpq_set(A->corner_tr, f);
}

void op_init_zf_si(op_t *A, slong n, slong f)
{
    fmpq_t q;
    fmpq_init(q);
    fmpq_set_si(q, f, 1);
    op_init_zf(A, n, q);
    fmpq_clear(q);
}

void op_init_diag(op_t *A, slong n, const fmpq *d)
{
    op_alloc(A, OP_DIAG, n);
    qvec_set(A->diag, d, n);
}

void op_init_subdiag(op_t *A, slong n, const fmpq *a, const fmpq_t corner)
{
    op_alloc(A, OP_SUBDIAG, n);
    for (slong i = 1; i < n; i++)
        fmpq_set(A->sub + i, a + i - 1);
    fmpq_set(A->corner_tr, corner);
}

void op_init_tridiag(op_t *A, slong n, const fmpq *diag, const fmpq *sub, const fmpq *super,
                     const fmpq_t corner_tr, const fmpq_t corner_bl)
{
    op_alloc(A, OP_TRIDIAG, n);
    qvec_set(A->diag, diag, n);
    for (slong i = 1; i < n; i++) {
        fmpq_set(A->sub + i, sub + i - 1);
        fmpq_set(A->super + i - 1, super + i - 1);
    }
    fmpq_set(A->corner_tr, corner_tr);
    fmpq_set(A->corner_bl, corner_bl);
}

void op_init_dense(op_t *A, const fmpq_mat_t M)
{
    op_alloc(A, OP_DENSE, fmpq_mat_nrows(M));
    fmpq_mat_clear(A->dense);
    fmpq_mat_init_set(A->dense, M);
}

void op_init_blockdiag(op_t *A, const op_t *blocks, slong k)
{
    slong n = 0;
    for (slong i = 0; i < k; i++)
        n += blocks[i].n;
    op_alloc(A, OP_BLOCKDIAG, n);
    A->blocks = malloc((size_t)k * sizeof *A->blocks);
    A->nblocks = k;
    for (slong i = 0; i < k; i++)
        op_init_copy(A->blocks + i, blocks + i);
}

void op_init_copy(op_t *A, const op_t *src)
{
    if (src->kind == OP_BLOCKDIAG) {
        op_init_blockdiag(A, src->blocks, src->nblocks);
        A->transposed = src->transposed;
        return;
    }
    op_alloc(A, src->kind, src->n);
    A->transposed = src->transposed;
    qvec_set(A->diag, src->diag, src->n);
    qvec_set(A->sub, src->sub, src->n);
    qvec_set(A->super, src->super, src->n);
    fmpq_set(A->corner_tr, src->corner_tr);
    fmpq_set(A->corner_bl, src->corner_bl);
    if (src->kind == OP_DENSE) {
        fmpq_mat_clear(A->dense);
        fmpq_mat_init_set(A->dense, src->dense);
    }
}

void op_init_as_tridiag(op_t *T, const op_t *src)
{
    op_init_copy(T, src);
    if (T->kind != OP_DENSE && T->kind != OP_BLOCKDIAG)
        T->kind = OP_TRIDIAG;
}

void op_init_transpose(op_t *A, const op_t *src)
{
    slong n = src->n;
    if (src->kind == OP_BLOCKDIAG) {
        op_t *tb = malloc((size_t)src->nblocks * sizeof *tb);
        for (slong i = 0; i < src->nblocks; i++)
            op_init_transpose(tb + i, src->blocks + i);
        op_init_blockdiag(A, tb, src->nblocks);
        for (slong i = 0; i < src->nblocks; i++)
            op_clear(tb + i);
        free(tb);
        A->transposed = !src->transposed;
        return;
    }
    op_alloc(A, src->kind, n);
    A->transposed = !src->transposed;
    qvec_set(A->diag, src->diag, n);
    /* (A^T)[i][i-1] = A[i-1][i] = super[i-1];  (A^T)[i][i+1] = A[i+1][i] = sub[i+1] */
    for (slong i = 1; i < n; i++) {
        fmpq_set(A->sub + i, src->super + i - 1);
        fmpq_set(A->super + i - 1, src->sub + i);
    }
    fmpq_set(A->corner_tr, src->corner_bl);
    fmpq_set(A->corner_bl, src->corner_tr);
    if (src->kind == OP_DENSE) {
        fmpq_mat_clear(A->dense);
        fmpq_mat_init(A->dense, n, n);
        fmpq_mat_transpose(A->dense, src->dense);
    }
}

void op_clear(op_t *A)
{
    _fmpq_vec_clear(A->diag, A->n);
    _fmpq_vec_clear(A->sub, A->n);
    _fmpq_vec_clear(A->super, A->n);
    fmpq_clear(A->corner_tr);
    fmpq_clear(A->corner_bl);
    fmpq_mat_clear(A->dense);
    for (slong i = 0; i < A->nblocks; i++)
        op_clear(A->blocks + i);
    free(A->blocks);
    A->blocks = NULL;
    A->nblocks = 0;
}

void op_init_rand(op_t *A, op_kind_t kind, slong n, flint_rand_t st, slong num_bound,
                  slong den_bound)
{
    op_alloc(A, kind, n);
    switch (kind) {
    case OP_ZF:
        for (slong i = 1; i < n; i++)
            fmpq_one(A->sub + i);
        qrand_fmpq_nonzero(A->corner_tr, st, num_bound, den_bound);
        break;
    case OP_DIAG: /* distinct entries: a generic diagonal operator (no repeated eigenvalue) */
        for (slong i = 0; i < n; i++) {
            int repeated;
            do {
                qrand_fmpq_nonzero(A->diag + i, st, num_bound, den_bound);
                repeated = 0;
                for (slong j = 0; j < i && !repeated; j++)
                    repeated = fmpq_equal(A->diag + i, A->diag + j);
            } while (repeated);
        }
        break;
    case OP_SUBDIAG:
        for (slong i = 1; i < n; i++)
            qrand_fmpq_nonzero(A->sub + i, st, num_bound, den_bound);
        qrand_fmpq_nonzero(A->corner_tr, st, num_bound, den_bound);
        break;
    case OP_TRIDIAG:
        for (slong i = 0; i < n; i++)
            qrand_fmpq_nonzero(A->diag + i, st, num_bound, den_bound);
        for (slong i = 1; i < n; i++) {
            qrand_fmpq_nonzero(A->sub + i, st, num_bound, den_bound);
            qrand_fmpq_nonzero(A->super + i - 1, st, num_bound, den_bound);
        }
        qrand_fmpq_nonzero(A->corner_tr, st, num_bound, den_bound);
        qrand_fmpq_nonzero(A->corner_bl, st, num_bound, den_bound);
        break;
    case OP_DENSE:
        fmpq_mat_clear(A->dense);
        fmpq_mat_init(A->dense, n, n);
        qmat_rand(A->dense, st, num_bound, den_bound);
        break;
    case OP_BLOCKDIAG:
        /* a single random dense block: block operators are built with op_init_blockdiag */
        A->kind = OP_DENSE;
        fmpq_mat_clear(A->dense);
        fmpq_mat_init(A->dense, n, n);
        qmat_rand(A->dense, st, num_bound, den_bound);
        break;
    }
}

slong op_dim(const op_t *A) { return A->n; }

slong op_param_count(const op_t *A)
{
    switch (A->kind) {
    case OP_ZF:
        return 1;
    case OP_DIAG:
    case OP_SUBDIAG:
        return A->n;
    case OP_TRIDIAG:
        return 3 * A->n;
    case OP_DENSE:
        return A->n * A->n;
    case OP_BLOCKDIAG: {
        slong c = 0;
        for (slong i = 0; i < A->nblocks; i++)
            c += op_param_count(A->blocks + i);
        return c;
    }
    }
    return 0;
}

const char *op_kind_name(op_kind_t kind)
{
    static const char *names[] = {"Z_f", "diagonal", "subdiagonal+corner",
                                  "tridiagonal+corners", "dense", "block-diagonal"};
    return names[kind];
}

void op_dense(fmpq_mat_t D, const op_t *A)
{
    slong n = A->n;
    fmpq_mat_zero(D);
    if (A->kind == OP_DENSE) {
        fmpq_mat_set(D, A->dense);
        return;
    }
    if (A->kind == OP_BLOCKDIAG) {
        slong off = 0;
        for (slong b = 0; b < A->nblocks; b++) {
            fmpq_mat_t Db;
            fmpq_mat_init(Db, A->blocks[b].n, A->blocks[b].n);
            op_dense(Db, A->blocks + b);
            qmat_set_block(D, Db, off, off);
            off += A->blocks[b].n;
            fmpq_mat_clear(Db);
        }
        return;
    }
    for (slong i = 0; i < n; i++) {
        fmpq_set(fmpq_mat_entry(D, i, i), A->diag + i);
        if (i > 0)
            fmpq_set(fmpq_mat_entry(D, i, i - 1), A->sub + i);
        if (i + 1 < n)
            fmpq_set(fmpq_mat_entry(D, i, i + 1), A->super + i);
    }
    if (n > 0) {
        fmpq_add(fmpq_mat_entry(D, 0, n - 1), fmpq_mat_entry(D, 0, n - 1), A->corner_tr);
        fmpq_add(fmpq_mat_entry(D, n - 1, 0), fmpq_mat_entry(D, n - 1, 0), A->corner_bl);
    }
}

/* y = A x for the structured (band + corners) form; x and y distinct. */
static void band_mul_vec(fmpq *y, const op_t *A, const fmpq *x)
{
    slong n = A->n;
    for (slong i = 0; i < n; i++) {
        fmpq_mul(y + i, A->diag + i, x + i);
        if (i > 0)
            fmpq_addmul(y + i, A->sub + i, x + i - 1);
        if (i + 1 < n)
            fmpq_addmul(y + i, A->super + i, x + i + 1);
    }
    if (n > 0) {
        fmpq_addmul(y + 0, A->corner_tr, x + n - 1);
        fmpq_addmul(y + n - 1, A->corner_bl, x + 0);
    }
}

static void any_mul_vec(fmpq *y, const op_t *A, const fmpq *x)
{
    slong n = A->n;
    if (A->kind == OP_DENSE) {
        for (slong i = 0; i < n; i++) {
            fmpq_zero(y + i);
            for (slong j = 0; j < n; j++)
                fmpq_addmul(y + i, fmpq_mat_entry(A->dense, i, j), x + j);
        }
    } else if (A->kind == OP_BLOCKDIAG) {
        slong off = 0;
        for (slong b = 0; b < A->nblocks; b++) {
            any_mul_vec(y + off, A->blocks + b, x + off);
            off += A->blocks[b].n;
        }
    } else {
        band_mul_vec(y, A, x);
    }
}

void op_mul_vec(fmpq *y, const op_t *A, const fmpq *x)
{
    fmpq *t = _fmpq_vec_init(A->n);
    any_mul_vec(t, A, x);
    qvec_set(y, t, A->n);
    _fmpq_vec_clear(t, A->n);
}

void op_mul_left(fmpq_mat_t Y, const op_t *A, const fmpq_mat_t X)
{
    slong n = A->n, m = fmpq_mat_ncols(X);
    fmpq *x = _fmpq_vec_init(n), *y = _fmpq_vec_init(n);
    fmpq_mat_t T;
    fmpq_mat_init(T, n, m);
    for (slong j = 0; j < m; j++) {
        qmat_get_col(x, X, j);
        any_mul_vec(y, A, x);
        qmat_set_col(T, j, y);
    }
    fmpq_mat_swap(T, Y);
    fmpq_mat_clear(T);
    _fmpq_vec_clear(x, n);
    _fmpq_vec_clear(y, n);
}

void op_mul_right(fmpq_mat_t Y, const fmpq_mat_t X, const op_t *B)
{
    /* X B = (B^T X^T)^T */
    op_t Bt;
    op_init_transpose(&Bt, B);
    slong m = fmpq_mat_nrows(X), n = B->n;
    fmpq *x = _fmpq_vec_init(n), *y = _fmpq_vec_init(n);
    fmpq_mat_t T;
    fmpq_mat_init(T, m, n);
    for (slong i = 0; i < m; i++) {
        for (slong j = 0; j < n; j++)
            fmpq_set(x + j, fmpq_mat_entry(X, i, j));
        any_mul_vec(y, &Bt, x);
        for (slong j = 0; j < n; j++)
            fmpq_set(fmpq_mat_entry(T, i, j), y + j);
    }
    fmpq_mat_swap(T, Y);
    fmpq_mat_clear(T);
    _fmpq_vec_clear(x, n);
    _fmpq_vec_clear(y, n);
    op_clear(&Bt);
}

/* ---- integer versions: Y[i][*] = sum_k A[i][k] X[k][*] with A's (integer) numerators */
static void addmul_row(fmpz_mat_t Y, slong i, const fmpq_t a, const fmpz_mat_t X, slong k)
{
    if (fmpq_is_zero(a))
        return;
    for (slong j = 0; j < fmpz_mat_ncols(X); j++)
        fmpz_addmul(fmpz_mat_entry(Y, i, j), fmpq_numref(a), fmpz_mat_entry(X, k, j));
}

static void any_mul_left_fmpz(fmpz_mat_t T, const op_t *A, const fmpz_mat_t X, slong off)
{
    slong n = A->n;
    if (A->kind == OP_BLOCKDIAG) {
        slong o = off;
        for (slong b = 0; b < A->nblocks; b++) {
            any_mul_left_fmpz(T, A->blocks + b, X, o);
            o += A->blocks[b].n;
        }
        return;
    }
    for (slong i = 0; i < n; i++) {
        if (A->kind == OP_DENSE) {
            for (slong k = 0; k < n; k++)
                addmul_row(T, off + i, fmpq_mat_entry(A->dense, i, k), X, off + k);
            continue;
        }
        addmul_row(T, off + i, A->diag + i, X, off + i);
        if (i > 0)
            addmul_row(T, off + i, A->sub + i, X, off + i - 1);
        if (i + 1 < n)
            addmul_row(T, off + i, A->super + i, X, off + i + 1);
    }
    if (A->kind != OP_DENSE && n > 0) {
        addmul_row(T, off, A->corner_tr, X, off + n - 1);
        addmul_row(T, off + n - 1, A->corner_bl, X, off);
    }
}

void op_mul_left_fmpz(fmpz_mat_t Y, const op_t *A, const fmpz_mat_t X)
{
    fmpz_mat_t T;
    fmpz_mat_init(T, fmpz_mat_nrows(X), fmpz_mat_ncols(X));
    any_mul_left_fmpz(T, A, X, 0);
    fmpz_mat_swap(T, Y);
    fmpz_mat_clear(T);
}

void op_mul_right_fmpz(fmpz_mat_t Y, const fmpz_mat_t X, const op_t *B)
{
    op_t Bt;
    op_init_transpose(&Bt, B);
    fmpz_mat_t Xt, T;
    fmpz_mat_init(Xt, fmpz_mat_ncols(X), fmpz_mat_nrows(X));
    fmpz_mat_transpose(Xt, X);
    fmpz_mat_init(T, fmpz_mat_ncols(X), fmpz_mat_nrows(X));
    any_mul_left_fmpz(T, &Bt, Xt, 0);
    fmpz_mat_transpose(Y, T);
    fmpz_mat_clear(T);
    fmpz_mat_clear(Xt);
    op_clear(&Bt);
}

static void lcm_den(fmpz_t den, const fmpq *v, slong len)
{
    for (slong i = 0; i < len; i++)
        fmpz_lcm(den, den, fmpq_denref(v + i));
}

static void op_den(fmpz_t den, const op_t *A)
{
    if (A->kind == OP_BLOCKDIAG) {
        for (slong b = 0; b < A->nblocks; b++)
            op_den(den, A->blocks + b);
        return;
    }
    lcm_den(den, A->diag, A->n);
    lcm_den(den, A->sub, A->n);
    lcm_den(den, A->super, A->n);
    lcm_den(den, A->corner_tr, 1);
    lcm_den(den, A->corner_bl, 1);
    for (slong i = 0; i < fmpq_mat_nrows(A->dense); i++)
        lcm_den(den, fmpq_mat_entry(A->dense, i, 0), fmpq_mat_ncols(A->dense));
}

static void op_scale(op_t *A, const fmpz_t s)
{
    if (A->kind == OP_BLOCKDIAG) {
        for (slong b = 0; b < A->nblocks; b++)
            op_scale(A->blocks + b, s);
        return;
    }
    qvec_scalar_mul_fmpz(A->diag, A->diag, A->n, s);
    qvec_scalar_mul_fmpz(A->sub, A->sub, A->n, s);
    qvec_scalar_mul_fmpz(A->super, A->super, A->n, s);
    fmpq_mul_fmpz(A->corner_tr, A->corner_tr, s);
    fmpq_mul_fmpz(A->corner_bl, A->corner_bl, s);
    fmpq_mat_scalar_mul_fmpz(A->dense, A->dense, s);
}

void op_init_scaled(op_t *S, const op_t *A, const fmpz_t s)
{
    op_init_copy(S, A);
    op_scale(S, s);
}

void op_init_scaled_integer(op_t *Aint, fmpz_t den, const op_t *A)
{
    fmpz_one(den);
    op_den(den, A);
    op_init_copy(Aint, A);
    op_scale(Aint, den);
}

int op_inverse(fmpq_mat_t Ainv, const op_t *A)
{
    fmpq_mat_t D, I;
    fmpq_mat_init(D, A->n, A->n);
    fmpq_mat_init(I, A->n, A->n);
    op_dense(D, A);
    int ok = fmpq_mat_inv(I, D);
    if (ok && Ainv)
        fmpq_mat_set(Ainv, I);
    fmpq_mat_clear(D);
    fmpq_mat_clear(I);
    return ok;
}
