/* sparse_product.c -- Theorem 4.5: circuit -> product of d + 1 sparse matrices. */
#include "circuits/sparse_product.h"

#include <stdlib.h>

static slong padded_size(slong x)
{
    slong p = 1;
    while (p < x)
        p *= 2;
    return p;
}

/* pos[g]: inputs first, then the gates of depth 1, depth 2, ... (stable). */
static void renumber(slong *pos, const slong *depth, slong s, slong d)
{
    slong next = 0;
    for (slong k = 0; k <= d; k++)
        for (slong g = 0; g < s; g++)
            if (depth[g] == k)
                pos[g] = next++;
}

void sparse_product_layout(sparse_product_layout_t *L, const circuit_t c)
{
    slong s = c->size;
    L->depth = malloc((size_t) s * sizeof(slong));
    L->d = circuit_gate_depths(c, L->depth);
    L->sp = padded_size(s);
    L->pos = malloc((size_t) s * sizeof(slong));
    renumber(L->pos, L->depth, s, L->d);
    L->w = calloc((size_t) L->d + 2, sizeof(slong));
    for (slong g = c->n; g < s; g++)
        L->w[L->depth[g]]++;
}

void sparse_product_layout_clear(sparse_product_layout_t *L)
{
    free(L->depth);
    free(L->w);
}

void sparse_product_from_circuit(sparse_product_t p, const circuit_t c)
{
    slong s = c->size, n = c->n;
    sparse_product_layout_t L;
    sparse_product_layout(&L, c);
    const slong *depth = L.depth;
    p->n = n;
    p->m = c->m;
    p->s = s;
    p->d = L.d;
    p->sp = L.sp;
    p->pos = L.pos;
    p->W = malloc((size_t) FLINT_MAX(p->d, 1) * sizeof(sparse_mat_struct));
    slong z = n; /* z_k: gates computed before layer k */
    cyclo_t v;
    fmpq_poly_init(v);
    for (slong k = 1; k <= p->d; k++) {
        sparse_mat_struct *W = p->W + k - 1;
        sparse_mat_init(W, p->sp, p->sp);
        for (slong i = 0; i < z; i++)
            sparse_mat_push_si(W, i, i, 1);
        for (slong g = n; g < s; g++)
            if (depth[g] == k) {
                slong j = g - n;
                circuit_coeff(v, c, j, 0);
                sparse_mat_push(W, p->pos[g], p->pos[c->op_a[j]], v);
                circuit_coeff(v, c, j, 1);
                sparse_mat_push(W, p->pos[g], p->pos[c->op_b[j]], v);
            }
        sparse_mat_canonicalise(W);
        z += L.w[k];
    }
    sparse_mat_init(p->P, c->m, p->sp);
    for (slong i = 0; i < c->m; i++)
        sparse_mat_push_si(p->P, i, p->pos[c->out[i]], 1);
    fmpq_poly_clear(v);
    sparse_product_layout_clear(&L);
}

void sparse_product_clear(sparse_product_t p)
{
    for (slong k = 0; k < p->d; k++)
        sparse_mat_clear(p->W + k);
    free(p->W);
    sparse_mat_clear(p->P);
    free(p->pos);
}

void sparse_product_apply(const sparse_product_t p, fmpq_poly_struct *y,
                          const fmpq_poly_struct *x, const cyclo_ctx_t ctx)
{
    fmpq_poly_struct *u = cyclo_vec_init(p->sp), *v = cyclo_vec_init(p->sp);
    for (slong i = 0; i < p->n; i++)
        fmpq_poly_set(u + i, x + i);
    for (slong k = 0; k < p->d; k++) {
        sparse_mat_apply(p->W + k, v, u, ctx);
        fmpq_poly_struct *t = u;
        u = v;
        v = t;
    }
    sparse_mat_apply(p->P, y, u, ctx);
    cyclo_vec_clear(u, p->sp);
    cyclo_vec_clear(v, p->sp);
}

void sparse_product_matrix(const sparse_product_t p, fmpq_poly_struct *M, const cyclo_ctx_t ctx)
{
    fmpq_poly_struct *x = cyclo_vec_init(p->n), *y = cyclo_vec_init(p->m);
    for (slong j = 0; j < p->n; j++) {
        fmpq_poly_set_si(x + j, 1);
        sparse_product_apply(p, y, x, ctx);
        for (slong i = 0; i < p->m; i++)
            fmpq_poly_swap(M + i * p->n + j, y + i);
        fmpq_poly_zero(x + j);
    }
    cyclo_vec_clear(x, p->n);
    cyclo_vec_clear(y, p->m);
}
