/* interval_layer.c -- Arb interval ReLU and affine layers (see interval_layer.h). */
#include "decompositions/interval_layer.h"

void interval_relu(arb_t y, const arb_t x, slong prec)
{
    if (arb_is_nonnegative(x)) {
        arb_set(y, x);
    } else if (arb_is_nonpositive(x)) {
        arb_zero(y);
    } else {
        arf_t u, z;
        arf_init(u);
        arf_init(z);
        arb_get_ubound_arf(u, x, prec);
        arb_set_interval_arf(y, z, u, prec);
        arf_clear(u);
        arf_clear(z);
    }
}

int interval_affine(arb_ptr y, const fmpq_mat_t A, arb_srcptr x, const fmpq *b, int relu,
                    slong prec)
{
    arb_t m;
    arb_init(m);
    int nonneg = 1;
    for (slong i = 0; i < fmpq_mat_nrows(A); i++) {
        if (b)
            arb_set_fmpq(y + i, b + i, prec);
        else
            arb_zero(y + i);
        for (slong k = 0; k < fmpq_mat_ncols(A); k++) {
            arb_set_fmpq(m, fmpq_mat_entry(A, i, k), prec);
            arb_addmul(y + i, m, x + k, prec);
        }
        nonneg &= arb_is_nonnegative(y + i);
        if (relu)
            interval_relu(y + i, y + i, prec);
    }
    arb_clear(m);
    return nonneg;
}

void interval_box(arb_ptr x, const fmpq *lo, const fmpq *hi, slong n, slong prec)
{
    arb_t t;
    arb_init(t);
    for (slong j = 0; j < n; j++) {
        arb_set_fmpq(x + j, lo + j, prec);
        arb_set_fmpq(t, hi + j, prec);
        arb_union(x + j, x + j, t, prec);
    }
    arb_clear(t);
}
