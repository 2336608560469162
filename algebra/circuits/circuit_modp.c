/* circuit_modp.c -- circuits evaluated modulo p (see circuit_modp.h). */
#include "circuits/circuit_modp.h"

#include <stdlib.h>

int circuit_modp_coeffs(ulong *ap, ulong *bp, const circuit_t c, const cyclo_modp_t P)
{
    for (slong k = 0; k < c->size - c->n; k++)
        if (cyclo_modp_image_mono(ap + k, c->alpha + k, P) != 0 ||
            cyclo_modp_image_mono(bp + k, c->beta + k, P) != 0)
            return -1;
    return 0;
}

void circuit_modp_eval(const circuit_t c, const ulong *ap, const ulong *bp,
                       const cyclo_modp_t P, ulong *y, const ulong *x)
{
    ulong *g = malloc((size_t) FLINT_MAX(c->size, 1) * sizeof(ulong));
    for (slong i = 0; i < c->n; i++)
        g[i] = x[i];
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        g[i] = nmod_add(nmod_mul(ap[k], g[c->op_a[k]], P->mod),
                        nmod_mul(bp[k], g[c->op_b[k]], P->mod), P->mod);
    }
    for (slong i = 0; i < c->m; i++)
        y[i] = g[c->out[i]];
    free(g);
}

void circuit_modp_draw(cyclo_modp_t P, ulong **ap, ulong **bp, const circuit_t c,
                       flint_rand_t st)
{
    slong g = FLINT_MAX(c->size - c->n, 1);
    *ap = malloc((size_t) g * sizeof(ulong));
    *bp = malloc((size_t) g * sizeof(ulong));
    for (;;) { /* a prime dividing a denominator: draw again (p > 2^61, so rarely) */
        cyclo_modp_init(P, c->ctx->order, st);
        if (circuit_modp_coeffs(*ap, *bp, c, P) == 0)
            return;
        cyclo_modp_clear(P);
    }
}
