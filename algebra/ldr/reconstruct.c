/* reconstruct.c -- closed forms for the classic displacement pairs (see reconstruct.h). */
#include "ldr/reconstruct.h"

#include <stdio.h>

#include "ldr/krylov.h"
#include "exact/qmat.h"

static int rc_error(const char *msg)
{
    fprintf(stderr, "reconstruct: %s\n", msg);
    return -1;
}

static int sizes_ok(const fmpq_mat_t M, const fmpq_mat_t G, const fmpq_mat_t H)
{
    slong n = fmpq_mat_nrows(M);
    return fmpq_mat_ncols(M) == n && fmpq_mat_nrows(G) == n && fmpq_mat_nrows(H) == n &&
           fmpq_mat_ncols(G) == fmpq_mat_ncols(H);
}

/* M += sum_i K(A, g_i) J K(Z_f^T, h_i)^T over the columns of G, H (krylov.h). */
static void add_power_sum(fmpq_mat_t M, const op_t *A, const fmpq_t f, const fmpq_mat_t G,
                          const fmpq_mat_t H)
{
    slong n = fmpq_mat_nrows(M);
    op_t Zf;
    op_init_zf(&Zf, n, f);
    fmpq_mat_t P;
    fmpq_mat_init(P, n, n);
    krylov_reversed_product_sum(P, A, &Zf, G, H);
    fmpq_mat_add(M, M, P);
    fmpq_mat_clear(P);
    op_clear(&Zf);
}

int reconstruct_zf_pair(fmpq_mat_t M, const fmpq_t e, const fmpq_t f, const fmpq_mat_t G,
                        const fmpq_mat_t H)
{
    if (!sizes_ok(M, G, H))
        return rc_error("sizes of M, G, H do not match");
    if (fmpq_equal(e, f))
        return rc_error("e == f: Z_e and Z_f share all their eigenvalues (roots of x^n - e)");
    slong n = fmpq_mat_nrows(M);
    op_t Ze;
    op_init_zf(&Ze, n, e);
    fmpq_mat_zero(M);
    add_power_sum(M, &Ze, f, G, H);
    fmpq_t d;
    fmpq_init(d);
    fmpq_sub(d, e, f);
    fmpq_inv(d, d);
    fmpq_mat_scalar_mul_fmpq(M, M, d); /* (e - f)^{-1} */
    fmpq_clear(d);
    op_clear(&Ze);
    return 0;
}

int reconstruct_cauchy_like(fmpq_mat_t M, const fmpq *s, const fmpq *t, const fmpq_mat_t G,
                            const fmpq_mat_t H)
{
    if (!sizes_ok(M, G, H))
        return rc_error("sizes of M, G, H do not match");
    slong n = fmpq_mat_nrows(M), r = fmpq_mat_ncols(G);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            if (fmpq_equal(s + i, t + j))
                return rc_error("s_i == t_j: diag(s) and diag(t) share an eigenvalue");
    fmpq_t d, p;
    fmpq_init(d);
    fmpq_init(p);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            fmpq *m = fmpq_mat_entry(M, i, j);
            fmpq_zero(m);
            for (slong k = 0; k < r; k++) { /* R_ij = sum_k G_ik H_jk */
                fmpq_mul(p, fmpq_mat_entry(G, i, k), fmpq_mat_entry(H, j, k));
                fmpq_add(m, m, p);
            }
            fmpq_sub(d, s + i, t + j);
            fmpq_div(m, m, d);
        }
    fmpq_clear(d);
    fmpq_clear(p);
    return 0;
}

int reconstruct_vandermonde_like(fmpq_mat_t M, const fmpq *v, const fmpq_t f,
                                 const fmpq_mat_t G, const fmpq_mat_t H)
{
    if (!sizes_ok(M, G, H))
        return rc_error("sizes of M, G, H do not match");
    slong n = fmpq_mat_nrows(M);
    fmpq *scale = _fmpq_vec_init(n);
    for (slong i = 0; i < n; i++) { /* 1 / (v_i^n - f) */
        fmpq_pow_si(scale + i, v + i, n);
        fmpq_sub(scale + i, scale + i, f);
        if (fmpq_is_zero(scale + i)) {
            _fmpq_vec_clear(scale, n);
            return rc_error("v_i^n == f: diag(v) and Z_f share an eigenvalue");
        }
        fmpq_inv(scale + i, scale + i);
    }
    /* K(diag(v), g) = diag(g) V: krylov_matrix of the diagonal operator computes exactly it */
    op_t D;
    op_init_diag(&D, n, v);
    fmpq_mat_zero(M);
    add_power_sum(M, &D, f, G, H);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            fmpq_mul(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, i, j), scale + i);
    op_clear(&D);
    _fmpq_vec_clear(scale, n);
    return 0;
}

int reconstruct_kronecker(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    slong n = fmpq_mat_nrows(R);
    if (n > 12)
        return rc_error("the Kronecker cross-check is limited to n <= 12");
    if (op_dim(A) != n || op_dim(B) != n || fmpq_mat_ncols(R) != n)
        return rc_error("sizes of A, B, R do not match");
    fmpq_mat_t Ad, Bd, S, x, b;
    fmpq_mat_init(Ad, n, n);
    fmpq_mat_init(Bd, n, n);
    fmpq_mat_init(S, n * n, n * n);
    fmpq_mat_init(x, n * n, 1);
    fmpq_mat_init(b, n * n, 1);
    op_dense(Ad, A);
    op_dense(Bd, B);
    /* vec column-major: index j*n + i <-> M[i][j]; (A M)[i][j] = sum_k A[i][k] M[k][j],
     * (M B)[i][j] = sum_k M[i][k] B[k][j]. */
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            slong row = j * n + i;
            fmpq_set(fmpq_mat_entry(b, row, 0), fmpq_mat_entry(R, i, j));
            for (slong k = 0; k < n; k++) {
                fmpq_add(fmpq_mat_entry(S, row, j * n + k), fmpq_mat_entry(S, row, j * n + k),
                         fmpq_mat_entry(Ad, i, k));
                fmpq_sub(fmpq_mat_entry(S, row, k * n + i), fmpq_mat_entry(S, row, k * n + i),
                         fmpq_mat_entry(Bd, k, j));
            }
        }
    int ok = fmpq_mat_solve(x, S, b);
    if (ok)
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++)
                fmpq_set(fmpq_mat_entry(M, i, j), fmpq_mat_entry(x, j * n + i, 0));
    fmpq_mat_clear(Ad);
    fmpq_mat_clear(Bd);
    fmpq_mat_clear(S);
    fmpq_mat_clear(x);
    fmpq_mat_clear(b);
    return ok ? 0 : rc_error("the Kronecker system is singular (A and B share an eigenvalue)");
}
