/* sylvester_shift.c -- the shift recurrences for A M - M B = R (see sylvester_shift.h). */
#include "ldr/sylvester_shift.h"

#include "ldr/displacement.h"

typedef enum { SHAPE_OTHER, SHAPE_DIAG, SHAPE_LOWER, SHAPE_UPPER } shape_t;

static int all_zero(const fmpq *v, slong from, slong to)
{
    for (slong i = from; i < to; i++)
        if (!fmpq_is_zero(v + i))
            return 0;
    return 1;
}

/* Diagonal, lower cyclic shift (sub + top-right corner), upper cyclic shift (super +
 * bottom-left corner), from the entries.  n <= 2 is left to the general solver (corners and
 * band positions coincide there). */
static shape_t shape(const op_t *A)
{
    slong n = A->n;
    if (A->kind == OP_DENSE || A->kind == OP_BLOCKDIAG || n <= 2)
        return SHAPE_OTHER;
    int sub0 = all_zero(A->sub, 1, n), sup0 = all_zero(A->super, 0, n - 1);
    int tr0 = fmpq_is_zero(A->corner_tr), bl0 = fmpq_is_zero(A->corner_bl);
    if (sub0 && sup0 && tr0 && bl0)
        return SHAPE_DIAG;
    if (!all_zero(A->diag, 0, n))
        return SHAPE_OTHER;
    if (sup0 && bl0)
        return SHAPE_LOWER;
    if (sub0 && tr0)
        return SHAPE_UPPER;
    return SHAPE_OTHER;
}

static int cyclic(shape_t s) { return s == SHAPE_LOWER || s == SHAPE_UPPER; }

/* Weight w_k of the cycle (k < n-1) and the corner c; rows rho_k (sylvester_shift.h). */
static const fmpq *weight(const op_t *A, shape_t s, slong k)
{
    return s == SHAPE_LOWER ? A->sub + (A->n - 1 - k) : A->super + k;
}
static slong rho(const op_t *A, shape_t s, slong k) { return s == SHAPE_LOWER ? A->n - 1 - k : k; }
static const fmpq *corner(const op_t *A, shape_t s)
{
    return s == SHAPE_LOWER ? A->corner_tr : A->corner_bl;
}

static int weights_nonzero(const op_t *A, shape_t s)
{
    for (slong k = 0; k + 1 < A->n; k++)
        if (fmpq_is_zero(weight(A, s, k)))
            return 0;
    return 1;
}

/* c with B^n = c I for a weighted cyclic shift: the product of the cycle's n weights. */
static void cycle_constant(fmpq_t c, const op_t *B, shape_t s)
{
    fmpq_set(c, corner(B, s));
    for (slong k = 0; k + 1 < B->n; k++)
        fmpq_mul(c, c, weight(B, s, k));
}

/* y = v B for a row vector v (B banded with corners; y must not alias v). */
static void row_times(fmpq *y, const fmpq *v, const op_t *B)
{
    slong n = B->n;
    for (slong j = 0; j < n; j++) {
        fmpq_mul(y + j, v + j, B->diag + j);
        if (j > 0 && !fmpq_is_zero(B->super + j - 1))
            fmpq_addmul(y + j, v + j - 1, B->super + j - 1); /* B[j-1][j] */
        if (j + 1 < n && !fmpq_is_zero(B->sub + j + 1))
            fmpq_addmul(y + j, v + j + 1, B->sub + j + 1); /* B[j+1][j] */
    }
    fmpq_addmul(y + n - 1, v, B->corner_tr);    /* B[0][n-1] */
    fmpq_addmul(y, v + n - 1, B->corner_bl);    /* B[n-1][0] */
}

/* out = (R[rho_k] + in B) / w_k for every k < n-1, starting from row rho_0 = the given row;
 * rows of OUT are written in the order rho_1, ..., rho_{n-1}.  T is scratch (n entries). */
static void recurrence(fmpq_mat_t X, const op_t *A, shape_t s, const op_t *B, const fmpq_mat_t R,
                       fmpq *t)
{
    slong n = A->n;
    for (slong k = 0; k + 1 < n; k++) {
        const fmpq *cur = fmpq_mat_entry(X, rho(A, s, k), 0);
        fmpq *next = fmpq_mat_entry(X, rho(A, s, k + 1), 0);
        const fmpq *r = fmpq_mat_entry(R, rho(A, s, k), 0);
        row_times(t, cur, B);
        for (slong j = 0; j < n; j++) {
            fmpq_add(next + j, t + j, r + j);
            fmpq_div(next + j, next + j, weight(A, s, k));
        }
    }
}

/* A a shift with non-zero weights, B a shift or diagonal (the header's derivation). */
static int solve_rows(fmpq_mat_t M, const op_t *A, shape_t sa, const op_t *B, shape_t sb,
                      const fmpq_mat_t R)
{
    slong n = A->n;
    fmpq_mat_struct *X = M; /* first the particular solution s_k (row rho_0 = 0) */
    for (slong j = 0; j < n; j++)
        fmpq_zero(fmpq_mat_entry(X, rho(A, sa, 0), j));
    fmpq *t = _fmpq_vec_init(n), *y = _fmpq_vec_init(n);
    recurrence(X, A, sa, B, R, t);
    /* y = W_{n-1} (R[rho_{n-1}] + s_{n-1} B) */
    fmpq_t W, cA, d;
    fmpq_init(W);
    fmpq_init(cA);
    fmpq_init(d);
    fmpq_one(W);
    for (slong k = 0; k + 1 < n; k++)
        fmpq_mul(W, W, weight(A, sa, k));
    fmpq_mul(cA, W, corner(A, sa));
    slong last = rho(A, sa, n - 1);
    row_times(t, fmpq_mat_entry(X, last, 0), B);
    for (slong j = 0; j < n; j++) {
        fmpq_add(y + j, t + j, fmpq_mat_entry(R, last, j));
        fmpq_mul(y + j, y + j, W);
    }
    /* x (c_A I - B^n) = y */
    int ok = 1;
    if (cyclic(sb)) {
        cycle_constant(d, B, sb);
        fmpq_sub(d, cA, d);
        ok = !fmpq_is_zero(d);
        for (slong j = 0; ok && j < n; j++)
            fmpq_div(y + j, y + j, d);
    } else
        for (slong j = 0; ok && j < n; j++) {
            fmpq_pow_si(d, B->diag + j, n);
            fmpq_sub(d, cA, d);
            ok = !fmpq_is_zero(d);
            if (ok)
                fmpq_div(y + j, y + j, d);
        }
    if (ok) {
        fmpq *first = fmpq_mat_entry(X, rho(A, sa, 0), 0);
        for (slong j = 0; j < n; j++)
            fmpq_set(first + j, y + j);
        recurrence(X, A, sa, B, R, t);
    }
    fmpq_clear(W);
    fmpq_clear(cA);
    fmpq_clear(d);
    _fmpq_vec_clear(t, n);
    _fmpq_vec_clear(y, n);
    return ok ? 0 : -1;
}

static int solve_diagonal(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    fmpq_t d;
    fmpq_init(d);
    for (slong i = 0; i < A->n; i++)
        for (slong j = 0; j < B->n; j++) {
            fmpq_sub(d, A->diag + i, B->diag + j);
            if (fmpq_is_zero(d)) {
                fmpq_clear(d);
                return -1;
            }
        }
    for (slong i = 0; i < A->n; i++)
        for (slong j = 0; j < B->n; j++) {
            fmpq_sub(d, A->diag + i, B->diag + j);
            fmpq_div(fmpq_mat_entry(M, i, j), fmpq_mat_entry(R, i, j), d);
        }
    fmpq_clear(d);
    return 0;
}

/* Which route: 1 rows of (A, B), 2 rows of the transposed equation, 3 diagonal, 0 none. */
static int route(const op_t *A, const op_t *B)
{
    if (A->n != B->n)
        return 0;
    shape_t sa = shape(A), sb = shape(B);
    if (cyclic(sa) && weights_nonzero(A, sa) && (cyclic(sb) || sb == SHAPE_DIAG))
        return 1;
    if (cyclic(sb) && weights_nonzero(B, sb) && (cyclic(sa) || sa == SHAPE_DIAG))
        return 2;
    if (sa == SHAPE_DIAG && sb == SHAPE_DIAG)
        return 3;
    return 0;
}

int sylvester_shift_applies(const op_t *A, const op_t *B) { return route(A, B) != 0; }

int sylvester_solve_shift(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    int how = route(A, B);
    if (how == 0 || fmpq_mat_nrows(R) != A->n || fmpq_mat_ncols(R) != B->n)
        return 1;
    if (how == 1)
        return solve_rows(M, A, shape(A), B, shape(B), R);
    if (how == 3)
        return solve_diagonal(M, A, B, R);
    /* B^T M^T - M^T A^T = -R^T */
    slong n = A->n;
    op_t At, Bt;
    op_init_transpose(&At, A);
    op_init_transpose(&Bt, B);
    fmpq_mat_t Rt, Mt;
    fmpq_mat_init(Rt, n, n);
    fmpq_mat_init(Mt, n, n);
    fmpq_mat_transpose(Rt, R);
    fmpq_mat_neg(Rt, Rt);
    int rc = solve_rows(Mt, &Bt, shape(&Bt), &At, shape(&At), Rt);
    if (rc == 0)
        fmpq_mat_transpose(M, Mt);
    fmpq_mat_clear(Rt);
    fmpq_mat_clear(Mt);
    op_clear(&At);
    op_clear(&Bt);
    return rc;
}

int sylvester_shift_residual_is_zero(const op_t *A, const fmpq_mat_t M, const op_t *B,
                                     const fmpq_mat_t R)
{
    slong n = fmpq_mat_ncols(M), m = fmpq_mat_nrows(M);
    if (A->kind == OP_DENSE || A->kind == OP_BLOCKDIAG || B->kind == OP_DENSE ||
        B->kind == OP_BLOCKDIAG || A->n != m || B->n != n || n == 0 || m == 0) {
        fmpq_mat_t D;
        fmpq_mat_init(D, m, n);
        ldr_sylvester(D, A, M, B);
        int eq = fmpq_mat_equal(D, R);
        fmpq_mat_clear(D);
        return eq;
    }
    /* row i of A M - M B: A's band and corners combine rows of M; M B one row at a time */
    fmpq *t = _fmpq_vec_init(n);
    int eq = 1;
    for (slong i = 0; i < m && eq; i++) {
        row_times(t, fmpq_mat_entry(M, i, 0), B);
        for (slong j = 0; j < n; j++)
            fmpq_neg(t + j, t + j);
        const fmpq *coef[5] = {A->diag + i, i > 0 ? A->sub + i : NULL,
                               i + 1 < m ? A->super + i : NULL, i == 0 ? A->corner_tr : NULL,
                               i == m - 1 ? A->corner_bl : NULL};
        const slong row[5] = {i, i - 1, i + 1, m - 1, 0};
        for (int k = 0; k < 5; k++)
            if (coef[k] && !fmpq_is_zero(coef[k]))
                for (slong j = 0; j < n; j++)
                    fmpq_addmul(t + j, coef[k], fmpq_mat_entry(M, row[k], j));
        for (slong j = 0; j < n && eq; j++)
            eq = fmpq_equal(t + j, fmpq_mat_entry(R, i, j));
    }
    _fmpq_vec_clear(t, n);
    return eq;
}
