/* circuit_modp.c -- circuits evaluated modulo p (see circuit_modp.h). */
#include "circuits/circuit_modp.h"

#include <math.h>
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

/* Upper bounds on log2 |c|_1 (the sum of the absolute values of the numerators; -inf for
 * zero) and on log2 of the denominator of C. */
static void coeff_log2(double *l1, double *den, const cyclo_mono_t c)
{
    const fmpq_poly_struct *p = &c->p;
    double mx = 0.0;
    slong nz = 0;
    for (slong k = 0; k < p->length; k++)
        if (!fmpz_is_zero(p->coeffs + k)) {
            mx = FLINT_MAX(mx, fmpz_is_pm1(p->coeffs + k) ? 0.0 : (double) fmpz_bits(p->coeffs + k));
            nz++;
        }
    *l1 = nz ? mx + log2((double) nz) : -INFINITY;
    *den = fmpz_is_one(p->den) ? 0.0 : (double) fmpz_bits(p->den);
}

/* log2(2^x + 2^y), rounded up */
static double log2_add(double x, double y)
{
    if (x == -INFINITY)
        return y;
    if (y == -INFINITY)
        return x;
    double m = FLINT_MAX(x, y);
    return m + log2(exp2(x - m) + exp2(y - m)) + 1e-9;
}

double circuit_modp_error_log2(const circuit_t c, double factors, int rounds)
{
    double *B = malloc((size_t) FLINT_MAX(c->size, 1) * sizeof(double));
    double bw = 0.0, dsum = 0.0, cmax = 0.0;
    for (slong i = 0; i < c->n; i++)
        B[i] = 0.0;
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        double la, da, lb, db;
        coeff_log2(&la, &da, c->alpha + k);
        coeff_log2(&lb, &db, c->beta + k);
        B[i] = log2_add(la + B[c->op_a[k]], lb + B[c->op_b[k]]);
        bw = FLINT_MAX(bw, B[i]);
        dsum += da + db;
        cmax = FLINT_MAX(cmax, FLINT_MAX(la, lb));
    }
    free(B);
    double bm = factors * (1.0 + cmax);
    double deg = (double) FLINT_MAX(c->ctx->degree, 1);
    double norm = deg * (dsum + 1.0 + FLINT_MAX(bw, bm)); /* log2 |Norm(D e)| */
    double bad = log2(FLINT_MAX(norm, 1.0) / 61.0 * 62.0 * log(2.0)) - 61.0;
    double round = log2_add(-61.0, bad);
    return FLINT_MIN(0.0, rounds * round);
}
