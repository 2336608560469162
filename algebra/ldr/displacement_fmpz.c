/* displacement_fmpz.c -- integer displacements of integer matrices (see displacement_fmpz.h). */
#include "ldr/displacement_fmpz.h"

static int structured(const op_t *A) { return A->kind != OP_DENSE && A->kind != OP_BLOCKDIAG; }

/* D = the dense integer matrix of an integer operator. */
static void dense_fmpz(fmpz_mat_t D, const op_t *A)
{
    fmpq_mat_t Q;
    fmpq_mat_init(Q, A->n, A->n);
    op_dense(Q, A);
    fmpq_mat_get_fmpz_mat(D, Q); /* every entry is an integer */
    fmpq_mat_clear(Q);
}

/* T = A X (A integer). */
static void mul_left(fmpz_mat_t T, const op_t *A, const fmpz_mat_t X)
{
    if (A->kind == OP_DENSE) {
        fmpz_mat_t D;
        fmpz_mat_init(D, A->n, A->n);
        dense_fmpz(D, A);
        fmpz_mat_mul(T, D, X);
        fmpz_mat_clear(D);
    } else
        op_mul_left_fmpz(T, A, X);
}

/* T -= X B (B integer); structured B in one pass over X (column j of X B reads columns j-1,
 * j, j+1 and the corners). */
static void submul_right(fmpz_mat_t T, const fmpz_mat_t X, const op_t *B)
{
    slong m = fmpz_mat_nrows(X), n = fmpz_mat_ncols(X);
    if (!structured(B)) {
        fmpz_mat_t P;
        fmpz_mat_init(P, m, n);
        if (B->kind == OP_DENSE) {
            fmpz_mat_t D;
            fmpz_mat_init(D, n, n);
            dense_fmpz(D, B);
            fmpz_mat_mul(P, X, D);
            fmpz_mat_clear(D);
        } else
            op_mul_right_fmpz(P, X, B);
        fmpz_mat_sub(T, T, P);
        fmpz_mat_clear(P);
        return;
    }
    /* the non-zero coefficients of column j of B: B[j][j], B[j-1][j], B[j+1][j] */
    const fmpz **c = flint_malloc((size_t)(3 * n + 1) * sizeof(fmpz *));
    for (slong j = 0; j < n; j++) {
        const fmpz *d = fmpq_numref(B->diag + j);
        const fmpz *up = j > 0 ? fmpq_numref(B->super + j - 1) : NULL;
        const fmpz *dn = j + 1 < n ? fmpq_numref(B->sub + j + 1) : NULL;
        c[3 * j] = fmpz_is_zero(d) ? NULL : d;
        c[3 * j + 1] = up && !fmpz_is_zero(up) ? up : NULL;
        c[3 * j + 2] = dn && !fmpz_is_zero(dn) ? dn : NULL;
    }
    for (slong i = 0; i < m; i++) {
        const fmpz *x = fmpz_mat_entry(X, i, 0);
        fmpz *t = fmpz_mat_entry(T, i, 0);
        for (slong j = 0; j < n; j++) {
            if (c[3 * j])
                fmpz_submul(t + j, x + j, c[3 * j]);
            if (c[3 * j + 1])
                fmpz_submul(t + j, x + j - 1, c[3 * j + 1]);
            if (c[3 * j + 2])
                fmpz_submul(t + j, x + j + 1, c[3 * j + 2]);
        }
    }
    flint_free(c);
    if (n > 0)
        for (slong i = 0; i < m; i++) { /* B[0][n-1] = corner_tr, B[n-1][0] = corner_bl */
            if (!fmpq_is_zero(B->corner_tr))
                fmpz_submul(fmpz_mat_entry(T, i, n - 1), fmpz_mat_entry(X, i, 0),
                            fmpq_numref(B->corner_tr));
            if (!fmpq_is_zero(B->corner_bl))
                fmpz_submul(fmpz_mat_entry(T, i, 0), fmpz_mat_entry(X, i, n - 1),
                            fmpq_numref(B->corner_bl));
        }
}

void ldr_displacement_fmpz(fmpz_mat_t R, fmpz_t scale, const op_t *A, const fmpz_mat_t Z,
                           const op_t *B, int stein)
{
    fmpz_t a, b, L;
    fmpz_init(a);
    fmpz_init(b);
    fmpz_init(L);
    op_t As, Bs;
    op_init_scaled_integer(&As, a, A);
    op_clear(&As);
    op_init_scaled_integer(&Bs, b, B);
    op_clear(&Bs);
    fmpz_lcm(L, a, b);
    op_init_scaled(&As, A, L);
    op_init_scaled(&Bs, B, L);
    if (!stein) {
        mul_left(R, &As, Z); /* L A Z */
        submul_right(R, Z, &Bs);     /* - Z L B */
    } else {
        fmpz_mat_t T;
        fmpz_mat_init(T, fmpz_mat_nrows(Z), fmpz_mat_ncols(Z));
        mul_left(T, &As, Z); /* (L A) Z */
        fmpz_mat_scalar_mul_fmpz(R, Z, L);
        fmpz_mat_scalar_mul_fmpz(R, R, L); /* L^2 Z */
        submul_right(R, T, &Bs);            /* - (L A) Z (L B) */
        fmpz_mat_clear(T);
        fmpz_mul(L, L, L);
    }
    if (scale)
        fmpz_set(scale, L);
    op_clear(&As);
    op_clear(&Bs);
    fmpz_clear(a);
    fmpz_clear(b);
    fmpz_clear(L);
}
