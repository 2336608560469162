/* Unit tests: algebra/decompositions/toeplitz_network (Liu-Jiao-Lim Theorem 2.4 (i), ReLU). */
#include <criterion/criterion.h>

#include "decompositions/toeplitz_network.h"

/* rho_h(y) = (relu(h y + 1) - 1) / h, coordinatewise */
static void rho(fmpq *y, slong len, const fmpq_t h)
{
    for (slong i = 0; i < len; i++) {
        fmpq_mul(y + i, y + i, h);
        fmpq_add_si(y + i, y + i, 1);
        if (fmpq_sgn(y + i) < 0)
            fmpq_zero(y + i);
        fmpq_sub_si(y + i, y + i, 1);
        fmpq_div(y + i, y + i, h);
    }
}

/* y := G y (G rows x cols), through a temporary */
static void apply(fmpq *y, const fmpq_mat_struct *G)
{
    fmpq *t = _fmpq_vec_init(fmpq_mat_nrows(G));
    for (slong i = 0; i < fmpq_mat_nrows(G); i++)
        for (slong k = 0; k < fmpq_mat_ncols(G); k++)
            fmpq_addmul(t + i, fmpq_mat_entry(G, i, k), y + k);
    for (slong i = 0; i < fmpq_mat_nrows(G); i++)
        fmpq_set(y + i, t + i);
    _fmpq_vec_clear(t, fmpq_mat_nrows(G));
}

/* the proof's form G_0 rho G_1 rho G_2 rho G_3, evaluated independently of the layer form */
static void eval_rho_form(fmpq_t out, const toeplitz_network_t *T, const fmpq_t h, const fmpq *x)
{
    fmpq *y = _fmpq_vec_init(4);
    fmpq_set(y + 0, x + 0);
    fmpq_set(y + 1, x + 1);
    apply(y, T->G1 + 3);
    for (slong q = 2; q >= 0; q--) {
        rho(y, 4, h);
        apply(y, T->G1 + q);
    }
    for (slong i = 0; i < 4; i++) {
        fmpq_add(y + i, y + i, T->c1p + i);
        if (fmpq_sgn(y + i) < 0)
            fmpq_zero(y + i);
    }
    apply(y, T->G2 + 3);
    for (slong q = 2; q >= 0; q--) {
        rho(y, 4, h);
        apply(y, T->G2 + q);
    }
    fmpq_add(out, y + 0, T->c2);
    _fmpq_vec_clear(y, 4);
}

Test(toeplitz_network, layers_equal_proof_form_and_error_falls)
{
    flint_rand_t st;
    flint_randinit(st);
    lu_network_t N;
    while (lu_network_init_rand(&N, st) != 0)
        lu_network_clear(&N);
    toeplitz_network_t T;
    cr_assert(toeplitz_network_build(&T, &N, st) == 0);
    cr_assert(toeplitz_network_shapes_ok(&T));
    cr_assert(fmpq_get_d(T.res1) < 1e-120 && fmpq_get_d(T.res2) < 1e-120);
    fmpq_t h, g, r, f, worst;
    fmpq_init(h), fmpq_init(g), fmpq_init(r), fmpq_init(f), fmpq_init(worst);
    fmpq x[2];
    fmpq_init(x + 0), fmpq_init(x + 1);
    for (slong e = -2; e <= 10; e += 4) { /* h = 4, 1/4, 1/64, 1/1024 */
        fmpq_one(h);
        if (e < 0)
            fmpq_mul_2exp(h, h, (ulong)(-e));
        else
            fmpq_div_2exp(h, h, (ulong)e);
        fmpq_zero(worst);
        for (slong i = -2; i <= 2; i++)
            for (slong j = -2; j <= 2; j++) {
                fmpq_set_si(x + 0, i, 2);
                fmpq_set_si(x + 1, j, 2);
                toeplitz_network_eval(g, &T, h, x);
                eval_rho_form(r, &T, h, x);
                cr_assert(fmpq_equal(g, r), "layer form != rho form at h = 2^%ld", (long)-e);
                lu_network_eval_f(f, &N, x);
                fmpq_sub(f, f, g);
                fmpq_abs(f, f);
                if (fmpq_cmp(f, worst) > 0)
                    fmpq_set(worst, f);
            }
        if (e == -2)
            cr_assert(fmpq_get_d(worst) > 1e-3, "h = 4 should be visibly wrong");
        if (e == 10)
            cr_assert(fmpq_get_d(worst) < 1e-100 && !fmpq_is_zero(worst));
    }
    /* the whole square as one box at h = 2^-10 is certified linear with a tiny bound */
    fmpq lo[2], hi[2];
    fmpq_init(lo + 0), fmpq_init(lo + 1), fmpq_init(hi + 0), fmpq_init(hi + 1);
    fmpq_set_si(lo + 0, -1, 1), fmpq_set_si(lo + 1, -1, 1);
    fmpq_set_si(hi + 0, 1, 1), fmpq_set_si(hi + 1, 1, 1);
    arb_t err;
    arb_init(err);
    int lin;
    toeplitz_network_box(err, &lin, &T, h, lo, hi, 512);
    cr_assert(lin);
    arf_t ub;
    arf_init(ub);
    arb_get_ubound_arf(ub, err, 512);
    cr_assert(arf_cmpabs_2exp_si(ub, -300) < 0);
    arf_clear(ub);
    arb_clear(err);
    fmpq_clear(lo + 0), fmpq_clear(lo + 1), fmpq_clear(hi + 0), fmpq_clear(hi + 1);
    fmpq_clear(x + 0), fmpq_clear(x + 1);
    fmpq_clear(h), fmpq_clear(g), fmpq_clear(r), fmpq_clear(f), fmpq_clear(worst);
    toeplitz_network_clear(&T);
    lu_network_clear(&N);
    flint_randclear(st);
}
