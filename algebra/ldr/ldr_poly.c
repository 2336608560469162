/* ldr_poly.c -- W(theta) = sum_i K(A, g_i) K(B', h_i)^T as exact polynomials (see ldr_poly.h). */
#include "ldr/ldr_poly.h"

slong ldr_poly_op_vars(ldr_poly_class_t cls, slong n) { return cls == LDR_POLY_SD ? n : 3 * n; }

slong ldr_poly_var_b(const ldr_poly_t *P, slong j) { return P->nw + j; }
slong ldr_poly_var_v(const ldr_poly_t *P, slong j) { return P->nw + P->n + j; }
slong ldr_poly_var_c(const ldr_poly_t *P) { return P->nw + 2 * P->n; }

/* y = M g for the operator whose entries start at variable OFF (layout of ldr_poly.h). */
static void op_apply(fmpz_mpoly_struct *y, const fmpz_mpoly_struct *g, const ldr_poly_t *P,
                     slong off, fmpz_mpoly_t var, fmpz_mpoly_t tmp)
{
    const slong n = P->n;
    const fmpz_mpoly_ctx_struct *ctx = P->ctx;
    for (slong t = 0; t < n; t++) fmpz_mpoly_zero(y + t, ctx);
    if (P->cls == LDR_POLY_SD) {
        /* M[k+1][k] = s_k (variable off + k), M[0][n-1] = corner (off + n - 1) */
        for (slong k = 0; k + 1 < n; k++) {
            fmpz_mpoly_gen(var, off + k, ctx);
            fmpz_mpoly_mul(y + k + 1, var, g + k, ctx);
        }
        fmpz_mpoly_gen(var, off + n - 1, ctx);
        fmpz_mpoly_mul(y + 0, var, g + n - 1, ctx);
        return;
    }
    /* TD: d (off .. off+n-1), s (off+n .. off+2n-2), u (off+2n-1 .. off+3n-3), cu, cl */
    for (slong t = 0; t < n; t++) {
        fmpz_mpoly_gen(var, off + t, ctx);
        fmpz_mpoly_mul(tmp, var, g + t, ctx);
        fmpz_mpoly_add(y + t, y + t, tmp, ctx);
    }
    for (slong k = 0; k + 1 < n; k++) {
        fmpz_mpoly_gen(var, off + n + k, ctx); /* s_k: row k+1, column k */
        fmpz_mpoly_mul(tmp, var, g + k, ctx);
        fmpz_mpoly_add(y + k + 1, y + k + 1, tmp, ctx);
        fmpz_mpoly_gen(var, off + 2 * n - 1 + k, ctx); /* u_k: row k, column k+1 */
        fmpz_mpoly_mul(tmp, var, g + k + 1, ctx);
        fmpz_mpoly_add(y + k, y + k, tmp, ctx);
    }
    fmpz_mpoly_gen(var, off + 3 * n - 2, ctx); /* cu: row 0, column n-1 */
    fmpz_mpoly_mul(tmp, var, g + n - 1, ctx);
    fmpz_mpoly_add(y + 0, y + 0, tmp, ctx);
    fmpz_mpoly_gen(var, off + 3 * n - 1, ctx); /* cl: row n-1, column 0 */
    fmpz_mpoly_mul(tmp, var, g + 0, ctx);
    fmpz_mpoly_add(y + n - 1, y + n - 1, tmp, ctx);
}

/* K (n columns of length n, column j = M^j g, stored K[j*n + t]) for the vector whose entries
 * are the variables GOFF .. GOFF+n-1 and the operator at OFF. */
static void krylov(fmpz_mpoly_struct *K, const ldr_poly_t *P, slong goff, slong off)
{
    const slong n = P->n;
    fmpz_mpoly_t var, tmp;
    fmpz_mpoly_init(var, P->ctx);
    fmpz_mpoly_init(tmp, P->ctx);
    for (slong t = 0; t < n; t++) fmpz_mpoly_gen(K + t, goff + t, P->ctx);
    for (slong j = 1; j < n; j++) op_apply(K + j * n, K + (j - 1) * n, P, off, var, tmp);
    fmpz_mpoly_clear(var, P->ctx);
    fmpz_mpoly_clear(tmp, P->ctx);
}

void ldr_poly_init(ldr_poly_t *P, ldr_poly_class_t cls, slong n, slong r)
{
    P->cls = cls;
    P->n = n;
    P->r = r;
    slong ov = ldr_poly_op_vars(cls, n);
    P->nw = 2 * r * n + 2 * ov;
    P->nvars = P->nw + 2 * n + 1;
    fmpz_mpoly_ctx_init(P->ctx, P->nvars, ORD_DEGLEX);
    P->W = flint_malloc((size_t)(n * n) * sizeof *P->W);
    for (slong e = 0; e < n * n; e++) fmpz_mpoly_init(P->W + e, P->ctx);
    fmpz_mpoly_struct *KA = flint_malloc((size_t)(n * n) * sizeof *KA);
    fmpz_mpoly_struct *KB = flint_malloc((size_t)(n * n) * sizeof *KB);
    for (slong e = 0; e < n * n; e++) {
        fmpz_mpoly_init(KA + e, P->ctx);
        fmpz_mpoly_init(KB + e, P->ctx);
    }
    fmpz_mpoly_t tmp;
    fmpz_mpoly_init(tmp, P->ctx);
    const slong offA = 2 * r * n, offB = offA + ov;
    for (slong i = 0; i < r; i++) {
        krylov(KA, P, i * n, offA);        /* K(A, g_i) */
        krylov(KB, P, (r + i) * n, offB);  /* K(B', h_i) */
        /* W[p][q] += sum_j K(A,g)[p][j] K(B',h)[q][j] */
        for (slong p = 0; p < n; p++)
            for (slong q = 0; q < n; q++)
                for (slong j = 0; j < n; j++) {
                    fmpz_mpoly_mul(tmp, KA + j * n + p, KB + j * n + q, P->ctx);
                    fmpz_mpoly_add(P->W + p * n + q, P->W + p * n + q, tmp, P->ctx);
                }
    }
    fmpz_mpoly_clear(tmp, P->ctx);
    for (slong e = 0; e < n * n; e++) {
        fmpz_mpoly_clear(KA + e, P->ctx);
        fmpz_mpoly_clear(KB + e, P->ctx);
    }
    flint_free(KA);
    flint_free(KB);
}

void ldr_poly_clear(ldr_poly_t *P)
{
    for (slong e = 0; e < P->n * P->n; e++) fmpz_mpoly_clear(P->W + e, P->ctx);
    flint_free(P->W);
    fmpz_mpoly_ctx_clear(P->ctx);
}

void ldr_poly_preactivation(fmpz_mpoly_t out, const ldr_poly_t *P, const fmpz *x, slong j)
{
    fmpz_mpoly_gen(out, ldr_poly_var_b(P, j), P->ctx);
    fmpz_mpoly_t tmp;
    fmpz_mpoly_init(tmp, P->ctx);
    for (slong q = 0; q < P->n; q++) {
        fmpz_mpoly_scalar_mul_fmpz(tmp, P->W + j * P->n + q, x + q, P->ctx);
        fmpz_mpoly_add(out, out, tmp, P->ctx);
    }
    fmpz_mpoly_clear(tmp, P->ctx);
}

void ldr_poly_output(fmpz_mpoly_t out, const ldr_poly_t *P, const fmpz *x, const int *active)
{
    fmpz_mpoly_gen(out, ldr_poly_var_c(P), P->ctx);
    fmpz_mpoly_t pre, v;
    fmpz_mpoly_init(pre, P->ctx);
    fmpz_mpoly_init(v, P->ctx);
    for (slong j = 0; j < P->n; j++) {
        if (!active[j]) continue;
        ldr_poly_preactivation(pre, P, x, j);
        fmpz_mpoly_gen(v, ldr_poly_var_v(P, j), P->ctx);
        fmpz_mpoly_mul(pre, pre, v, P->ctx);
        fmpz_mpoly_add(out, out, pre, P->ctx);
    }
    fmpz_mpoly_clear(pre, P->ctx);
    fmpz_mpoly_clear(v, P->ctx);
}

void ldr_poly_degree_range(const ldr_poly_t *P, slong *dmin, slong *dmax)
{
    *dmin = WORD_MAX;
    *dmax = -1;
    for (slong e = 0; e < P->n * P->n; e++) {
        slong d = fmpz_mpoly_total_degree_si(P->W + e, P->ctx);
        if (d < *dmin) *dmin = d;
        if (d > *dmax) *dmax = d;
    }
}
