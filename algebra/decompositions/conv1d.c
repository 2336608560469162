/* conv1d.c -- exact 1-D convolution with zero padding (Corollary 2.5; see conv1d.h). */
#include "decompositions/conv1d.h"

#include <flint/fmpq_poly.h>

void conv1d_padded(fmpq *y, const fmpq *kappa, slong s, slong t, const fmpq *x)
{
    slong len = s + t - 1, plen = t + 2 * s - 2;
    fmpq *xp = _fmpq_vec_init(plen);
    for (slong j = 0; j < t; j++)
        fmpq_set(xp + s - 1 + j, x + j);
    for (slong i = 0; i < s; i++) {
        fmpq_zero(y + i);
        for (slong k = 0; k < len; k++)
            fmpq_addmul(y + i, kappa + (len - 1 - k), xp + i + k);
    }
    _fmpq_vec_clear(xp, plen);
}

static void conv1d_poly_from_vec(fmpq_poly_t p, const fmpq *v, slong len)
{
    fmpq_poly_zero(p);
    for (slong i = 0; i < len; i++)
        fmpq_poly_set_coeff_fmpq(p, i, v + i);
}

void conv1d_poly(fmpq *y, const fmpq *kappa, slong s, slong t, const fmpq *x)
{
    fmpq_poly_t pk, px, pr;
    fmpq_poly_init(pk);
    fmpq_poly_init(px);
    fmpq_poly_init(pr);
    conv1d_poly_from_vec(pk, kappa, s + t - 1);
    conv1d_poly_from_vec(px, x, t);
    fmpq_poly_mul(pr, pk, px);
    for (slong i = 0; i < s; i++)
        fmpq_poly_get_coeff_fmpq(y + i, pr, i + t - 1);
    fmpq_poly_clear(pk);
    fmpq_poly_clear(px);
    fmpq_poly_clear(pr);
}

void conv1d_toeplitz_matrix(fmpq_mat_t T, const fmpq *kappa)
{
    slong s = fmpq_mat_nrows(T), t = fmpq_mat_ncols(T);
    for (slong i = 0; i < s; i++)
        for (slong j = 0; j < t; j++)
            fmpq_set(fmpq_mat_entry(T, i, j), kappa + (i - j + t - 1));
}

void conv1d_matvec(fmpq *y, const fmpq_mat_t T, const fmpq *x)
{
    for (slong i = 0; i < fmpq_mat_nrows(T); i++) {
        fmpq_zero(y + i);
        for (slong j = 0; j < fmpq_mat_ncols(T); j++)
            fmpq_addmul(y + i, fmpq_mat_entry(T, i, j), x + j);
    }
}
