/* Unit tests: algebra/decompositions/lu_network (Liu-Jiao-Lim Theorem 2.4 (iii), ReLU). */
#include <criterion/criterion.h>

#include "decompositions/lu_network.h"

/* v_h == f exactly at every grid point once h <= the proof's delta; shapes alternate */
Test(lu_network, exact_below_delta)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int trial = 0; trial < 5; trial++) {
        lu_network_t N;
        while (lu_network_init_rand(&N, st) != 0)
            lu_network_clear(&N);
        cr_assert(lu_network_shapes_ok(&N));
        fmpq_t delta, fv, vv;
        fmpq_init(delta), fmpq_init(fv), fmpq_init(vv);
        lu_network_proof_delta(delta, &N);
        fmpq x[2];
        fmpq_init(x + 0), fmpq_init(x + 1);
        for (slong i = -4; i <= 4; i++)
            for (slong j = -4; j <= 4; j++) {
                fmpq_set_si(x + 0, i, 4);
                fmpq_set_si(x + 1, j, 4);
                lu_network_eval_f(fv, &N, x);
                lu_network_eval_v(vv, &N, delta, x);
                cr_assert(fmpq_equal(fv, vv));
            }
        /* a box evaluation at delta is certified linear (error exactly 0) */
        fmpq lo[2], hi[2];
        fmpq_init(lo + 0), fmpq_init(lo + 1), fmpq_init(hi + 0), fmpq_init(hi + 1);
        fmpq_set_si(lo + 0, -1, 1), fmpq_set_si(lo + 1, -1, 1);
        fmpq_set_si(hi + 0, -1, 2), fmpq_set_si(hi + 1, -1, 2);
        arb_t err;
        arb_init(err);
        int lin;
        lu_network_box(err, &lin, &N, delta, lo, hi, 128);
        cr_assert(lin && arb_is_zero(err));
        arb_clear(err);
        fmpq_clear(lo + 0), fmpq_clear(lo + 1), fmpq_clear(hi + 0), fmpq_clear(hi + 1);
        fmpq_clear(x + 0), fmpq_clear(x + 1);
        fmpq_clear(delta), fmpq_clear(fv), fmpq_clear(vv);
        lu_network_clear(&N);
    }
    flint_randclear(st);
}
