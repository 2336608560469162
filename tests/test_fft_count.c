/* test_fft_count.c -- the FFT call counter of fast/fft_count.h (Theorem 1's count, issue 15):
 * off unless installed, and the counts of one fast K(A, g) x at n = 64 by hand. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "fast/fft_count.h"
#include "fast/krylov_fast.h"

static krylov_fast_op_t *make_op(krylov_fast_plan_t *p, long n, double corner)
{
    double *a = malloc(sizeof(double) * (size_t)n), *g = malloc(sizeof(double) * (size_t)n);
    for (long t = 0; t < n; t++)
        a[t] = 1.0 + 0.01 * (double)(t % 7), g[t] = 0.5 - 0.03 * (double)(t % 5);
    krylov_fast_op_t *K = krylov_fast_op_create(p, a, n - 1, corner, g, n);
    free(a);
    free(g);
    return K;
}

Test(fft_count, off_unless_installed)
{
    long n = 64;
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    krylov_fast_op_t *K = make_op(p, n, 0.0);
    double x[64] = {1.0}, y[64];
    fft_count_t c;
    fft_count_start(&c);
    fft_count_stop();
    cr_assert_eq(krylov_fast_mul(K, y, x, 1), 0);
    cr_assert_eq(c.calls, 0, "a stopped counter must not count");
    cr_assert_null(fft_count_sink);
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
}

/* n = 64, threshold 8: FFT levels h = 8, 16, 32 (3 levels), 2 calls each; per level n/2h block
 * transforms + 1; total size per level n + 2h = 64 + 16, 64 + 32, 64 + 64. */
Test(fft_count, one_multiply_by_hand)
{
    long n = 64;
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    krylov_fast_op_t *K = make_op(p, n, 0.0);
    double x[64], y[64];
    for (int t = 0; t < 64; t++)
        x[t] = 1.0 / (1.0 + t);
    fft_count_t c;
    fft_count_start(&c);
    cr_assert_eq(krylov_fast_mul(K, y, x, 1), 0);
    fft_count_stop();
    cr_assert_eq(c.calls, 6);
    cr_assert_eq(c.transforms, (4 + 1) + (2 + 1) + (1 + 1));
    cr_assert_eq(c.points, (64 + 16) + (64 + 32) + (64 + 64));
    cr_assert_eq(c.max_len, 64);
    cr_assert_eq(c.by_log2[4], 5);
    cr_assert_eq(c.by_log2[5], 3);
    cr_assert_eq(c.by_log2[6], 2);
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
}

/* the corner adds one forward and one inverse transform of length 2n */
Test(fft_count, corner_adds_two_root_transforms)
{
    long n = 64;
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    krylov_fast_op_t *K = make_op(p, n, 0.5);
    double x[64] = {0.25}, y[64];
    fft_count_t c;
    fft_count_start(&c);
    cr_assert_eq(krylov_fast_mul_transpose(K, y, x, 1), 0);
    fft_count_stop();
    cr_assert_eq(c.calls, 8);
    cr_assert_eq(c.by_log2[7], 2);
    cr_assert_eq(c.points, 304 + 2 * 128);
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
}
