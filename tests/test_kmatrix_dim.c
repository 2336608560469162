/* Unit tests: algebra/circuits/kmatrix_dim (dimension bounds of (BB*)^w). */
#include <criterion/criterion.h>

#include "circuits/kmatrix_dim.h"

Test(kmatrix_dim, merged_sizes)
{
    slong k[32];
    const slong expect[] = {8, 4, 2, 4, 8, 4, 2, 4, 8};
    cr_assert_eq(kmatrix_merged_sizes(k, 8, 2), 9);
    for (int i = 0; i < 9; i++)
        cr_assert_eq(k[i], expect[i]);
    cr_assert_eq(kmatrix_merged_sizes(k, 2, 3), 1); /* N = 2: one 2 x 2 block */
}

/* N = 8: dim BB* = 48 (lower = upper), (BB*)^2 dense; a wrong gauge leaves the kernel */
Test(kmatrix_dim, n8_bounds_meet)
{
    flint_rand_t st;
    flint_randinit(st);
    kmatrix_dim_t r;
    cr_assert_eq(kmatrix_dim_bounds(&r, 8, 1, 0, st), 0);
    cr_assert_eq(r.jac_rank, 48);
    cr_assert_eq(r.upper, 48);
    cr_assert(r.gauge_in_kernel);
    cr_assert_eq(kmatrix_dim_bounds(&r, 8, 2, 0, st), 0);
    cr_assert_eq(r.jac_rank, 64);
    cr_assert_eq(kmatrix_dim_bounds(&r, 8, 2, 1, st), 0);
    cr_assert(!r.gauge_in_kernel);
    cr_assert_eq(kmatrix_dim_bounds(&r, 12, 1, 0, st), -1); /* not a power of two */
    flint_randclear(st);
}
