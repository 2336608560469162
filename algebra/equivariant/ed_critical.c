/* ed_critical.c -- critical points of the distance to M_{e, m x k} through the Riccati system
 * and a Groebner basis (see ed_critical.h). */
#include "equivariant/ed_critical.h"

#include <stdlib.h>

#include "exact/groebner.h"

long ed_critical_count(long *basis_len, int *distinct, const fmpq_mat_t S, long e, long max_len)
{
    *distinct = -1;
    slong m = fmpq_mat_nrows(S), q = m - e, nv = q * e;
    *basis_len = 0;
    if (e < 1 || q < 1)
        return -1;
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, nv, ORD_DEGREVLEX);
    fmpq_mpoly_struct *Y = malloc(sizeof(fmpq_mpoly_struct) * (size_t)nv);
    fmpq_mpoly_struct *R = malloc(sizeof(fmpq_mpoly_struct) * (size_t)nv);
    for (slong v = 0; v < nv; v++) { /* Y_{ij} = variable i e + j */
        fmpq_mpoly_init(Y + v, ctx);
        fmpq_mpoly_gen(Y + v, v, ctx);
        fmpq_mpoly_init(R + v, ctx);
    }
    fmpq_mpoly_t t, u;
    fmpq_mpoly_init(t, ctx);
    fmpq_mpoly_init(u, ctx);
    for (slong i = 0; i < q; i++)
        for (slong j = 0; j < e; j++) {
            fmpq_mpoly_struct *r = R + i * e + j;
            fmpq_mpoly_zero(r, ctx);
            /* (Y S11)_ij */
            for (slong l = 0; l < e; l++) {
                fmpq_mpoly_scalar_mul_fmpq(t, Y + i * e + l, fmpq_mat_entry(S, l, j), ctx);
                fmpq_mpoly_add(r, r, t, ctx);
            }
            /* (Y S12 Y)_ij = sum_{l, p} Y_il S12_lp Y_pj, S12 = S[0:e, e:m] */
            for (slong l = 0; l < e; l++)
                for (slong p = 0; p < q; p++) {
                    fmpq_mpoly_mul(t, Y + i * e + l, Y + p * e + j, ctx);
                    fmpq_mpoly_scalar_mul_fmpq(t, t, fmpq_mat_entry(S, l, e + p), ctx);
                    fmpq_mpoly_add(r, r, t, ctx);
                }
            /* - S21_ij - (S22 Y)_ij */
            fmpq_mpoly_set_fmpq(u, fmpq_mat_entry(S, e + i, j), ctx);
            fmpq_mpoly_sub(r, r, u, ctx);
            for (slong l = 0; l < q; l++) {
                fmpq_mpoly_scalar_mul_fmpq(t, Y + l * e + j, fmpq_mat_entry(S, e + i, e + l), ctx);
                fmpq_mpoly_sub(r, r, t, ctx);
            }
        }
    groebner_t G;
    long count;
    if (groebner_basis(&G, R, nv, max_len, ctx) != 0) {
        count = -2;
    } else {
        *basis_len = G.len;
        count = groebner_standard_monomials(&G, 1000000, ctx);
        if (count >= 0) {
            fmpq_mpoly_zero(t, ctx);
            for (slong v = 0; v < nv; v++) {
                fmpq_mpoly_scalar_mul_si(u, Y + v, (v % 2 ? -1 : 1) * (3 * v + 1), ctx);
                fmpq_mpoly_add(t, t, u, ctx);
            }
            *distinct = groebner_distinct(&G, t, 1000000, ctx);
        }
        groebner_clear(&G, ctx);
    }
    for (slong v = 0; v < nv; v++) {
        fmpq_mpoly_clear(Y + v, ctx);
        fmpq_mpoly_clear(R + v, ctx);
    }
    free(Y);
    free(R);
    fmpq_mpoly_clear(t, ctx);
    fmpq_mpoly_clear(u, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return count;
}
