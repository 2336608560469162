/* sparse_product_modp.c -- Theorem 4.5 factors with values in F_p (sparse_product_modp.h). */
#include "circuits/sparse_product_modp.h"

#include <stdlib.h>

#include "circuits/sparse_product.h"

static void factor_init(sparse_modp_struct *A, slong rows, slong cap)
{
    A->rows = rows;
    A->nnz = 0;
    A->row = malloc((size_t) FLINT_MAX(cap, 1) * sizeof(slong));
    A->col = malloc((size_t) FLINT_MAX(cap, 1) * sizeof(slong));
    A->val = malloc((size_t) FLINT_MAX(cap, 1) * sizeof(ulong));
}

static void factor_push(sparse_modp_struct *A, slong i, slong j, ulong v)
{
    A->row[A->nnz] = i;
    A->col[A->nnz] = j;
    A->val[A->nnz++] = v;
}

static void factor_clear(sparse_modp_struct *A)
{
    free(A->row);
    free(A->col);
    free(A->val);
}

void sparse_product_modp_from_circuit(sparse_product_modp_t p, const circuit_t c,
                                      const ulong *ap, const ulong *bp, const cyclo_modp_t P)
{
    slong s = c->size, n = c->n;
    sparse_product_layout_t L;
    sparse_product_layout(&L, c);
    const slong *depth = L.depth, *w = L.w; /* w: every factor is allocated once */
    p->n = n;
    p->m = c->m;
    p->s = s;
    p->d = L.d;
    p->sp = L.sp;
    p->pos = L.pos;
    p->W = malloc((size_t) FLINT_MAX(p->d, 1) * sizeof(sparse_modp_struct));
    cyclo_mono_t sum;
    cyclo_mono_init(sum);
    slong z = n; /* z_k: gates computed before layer k */
    for (slong k = 1; k <= p->d; k++) {
        sparse_modp_struct *W = p->W + k - 1;
        factor_init(W, p->sp, z + 2 * w[k]);
        for (slong i = 0; i < z; i++)
            factor_push(W, i, i, 1);
        for (slong g = n; g < s; g++) {
            if (depth[g] != k)
                continue;
            slong j = g - n, r = p->pos[g];
            if (c->op_a[j] == c->op_b[j]) { /* one position: the exact sum, dropped if zero */
                cyclo_mono_add(sum, c->alpha + j, c->beta + j, c->ctx);
                if (!cyclo_mono_is_zero(sum))
                    factor_push(W, r, p->pos[c->op_a[j]], nmod_add(ap[j], bp[j], P->mod));
                continue;
            }
            if (!cyclo_mono_is_zero(c->alpha + j))
                factor_push(W, r, p->pos[c->op_a[j]], ap[j]);
            if (!cyclo_mono_is_zero(c->beta + j))
                factor_push(W, r, p->pos[c->op_b[j]], bp[j]);
        }
        z += w[k];
    }
    factor_init(&p->P, c->m, c->m);
    for (slong i = 0; i < c->m; i++)
        factor_push(&p->P, i, p->pos[c->out[i]], 1);
    cyclo_mono_clear(sum);
    sparse_product_layout_clear(&L);
}

void sparse_product_modp_clear(sparse_product_modp_t p)
{
    for (slong k = 0; k < p->d; k++)
        factor_clear(p->W + k);
    free(p->W);
    factor_clear(&p->P);
    free(p->pos);
}

void sparse_modp_apply(const sparse_modp_struct *A, ulong *y, const ulong *x,
                       const cyclo_modp_t P)
{
    for (slong i = 0; i < A->rows; i++)
        y[i] = 0;
    for (slong t = 0; t < A->nnz; t++)
        y[A->row[t]] = nmod_add(y[A->row[t]], nmod_mul(A->val[t], x[A->col[t]], P->mod), P->mod);
}

void sparse_product_modp_apply(const sparse_product_modp_t p, ulong *y, const ulong *x,
                               const cyclo_modp_t P)
{
    ulong *u = calloc((size_t) p->sp, sizeof(ulong)), *v = calloc((size_t) p->sp, sizeof(ulong));
    for (slong i = 0; i < p->n; i++)
        u[i] = x[i];
    for (slong k = 0; k < p->d; k++) {
        sparse_modp_apply(p->W + k, v, u, P);
        ulong *t = u;
        u = v;
        v = t;
    }
    sparse_modp_apply(&p->P, y, u, P);
    free(u);
    free(v);
}
