/* test_toeplitz_insert.c -- Lemma 2.1 insertion, Theorem 2.2 networks, Corollary 2.5
 * convolution: hand-checked cases and bad input. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "decompositions/conv1d.h"
#include "exact/qmat.h"
#include "decompositions/relu_net.h"
#include "decompositions/toeplitz_insert.h"

static void ti_set(fmpq_mat_t A, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_set_si(fmpq_mat_entry(A, i, j), v[i * fmpq_mat_ncols(A) + j], 1);
}

static int ti_equals(const fmpq_mat_t A, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            if (!fmpq_equal_si(fmpq_mat_entry(A, i, j), v[i * fmpq_mat_ncols(A) + j]))
                return 0;
    return 1;
}

Test(toeplitz_insert, paper_2x2_example)
{
    /* Lemma 2.1 proof: [[a11,a12],[a22,a11],[a21,a22]] and [[a11,a12],[a12,a21],[a21,a22]] */
    slong b[] = {1, 2, 3, 4}, t[] = {1, 2, 4, 1, 3, 4}, h[] = {1, 2, 2, 3, 3, 4}, orig[2];
    fmpq_mat_t B, T;
    fmpq_mat_init(B, 2, 2);
    fmpq_mat_init(T, 3, 2);
    ti_set(B, b);
    cr_assert_eq(toeplitz_insert_rows(2, 2), 3);
    cr_assert_eq(toeplitz_insert_toeplitz(T, orig, B), 0);
    cr_assert(ti_equals(T, t));
    cr_assert_eq(orig[0], 0);
    cr_assert_eq(orig[1], 2);
    cr_assert_eq(toeplitz_insert_hankel(T, orig, B), 0);
    cr_assert(ti_equals(T, h));
    cr_assert(toeplitz_insert_is_hankel(T));
    fmpq_mat_clear(B);
    fmpq_mat_clear(T);
}

Test(toeplitz_insert, hand_checked_2x3)
{
    slong b[] = {1, 2, 3, 4, 5, 6}, t[] = {1, 2, 3, 6, 1, 2, 5, 6, 1, 4, 5, 6}, orig[2];
    fmpq_mat_t B, T;
    fmpq_mat_init(B, 2, 3);
    fmpq_mat_init(T, 4, 3);
    ti_set(B, b);
    cr_assert_eq(toeplitz_insert_toeplitz(T, orig, B), 0);
    cr_assert(ti_equals(T, t));
    cr_assert(toeplitz_insert_is_toeplitz(T));
    cr_assert(toeplitz_insert_rows_match(T, orig, B));
    /* perturb an inserted entry: no longer Toeplitz */
    fmpq_set_si(fmpq_mat_entry(T, 1, 0), 7, 1);
    cr_assert_not(toeplitz_insert_is_toeplitz(T));
    fmpq_mat_clear(B);
    fmpq_mat_clear(T);
}

Test(toeplitz_insert, random_shapes)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong m = 1; m <= 6; m++)
        for (slong n = 1; n <= 6; n++) {
            fmpq_mat_t B, T, H;
            slong orig[6];
            fmpq_mat_init(B, m, n);
            fmpq_mat_init(T, m * n - n + 1, n);
            fmpq_mat_init(H, m * n - n + 1, n);
            qmat_rand(B, st, 9, 4);
            cr_assert_eq(toeplitz_insert_toeplitz(T, orig, B), 0);
            cr_assert(toeplitz_insert_is_toeplitz(T) && toeplitz_insert_rows_match(T, orig, B));
            cr_assert_eq(toeplitz_insert_hankel(H, orig, B), 0);
            cr_assert(toeplitz_insert_is_hankel(H) && toeplitz_insert_rows_match(H, orig, B));
            fmpq_mat_clear(B);
            fmpq_mat_clear(T);
            fmpq_mat_clear(H);
        }
    flint_randclear(st);
}

Test(toeplitz_insert, bad_sizes, .init = cr_redirect_stderr)
{
    fmpq_mat_t B, T;
    slong orig[2];
    fmpq_mat_init(B, 2, 3);
    fmpq_mat_init(T, 3, 3); /* needs 4 x 3 */
    cr_assert_eq(toeplitz_insert_toeplitz(T, orig, B), -1);
    cr_assert_eq(toeplitz_insert_hankel(T, orig, B), -1);
    fmpq_mat_clear(B);
    fmpq_mat_clear(T);
}

Test(relu_net, hand_checked_toeplitz_and_lower)
{
    /* relu(x1) + relu(x2): B = I, d = (1,1), c = 0 */
    relu_net_t N, S, Lw;
    relu_net_init(&N, 2, 2);
    fmpq_one(fmpq_mat_entry(N.A, 0, 0));
    fmpq_one(fmpq_mat_entry(N.A, 1, 1));
    fmpq_one(N.a);
    fmpq_one(N.a + 1);
    cr_assert_eq(relu_net_structured(&S, RELU_NET_TOEPLITZ, &N), 0);
    slong a_t[] = {1, 0, 1, 1, 0, 1};
    cr_assert_eq(S.width, 3);
    cr_assert(ti_equals(S.A, a_t));
    cr_assert(fmpq_is_zero(S.a + 1)); /* inserted row has output weight 0 */
    cr_assert_eq(relu_net_structured(&Lw, RELU_NET_LOWER, &N), 0);
    cr_assert_eq(Lw.width, 4);
    cr_assert(relu_net_has_shape(&Lw, RELU_NET_LOWER));
    fmpq x[2];
    fmpq_init(x);
    fmpq_init(x + 1);
    fmpq_set_si(x, 2, 1);
    fmpq_set_si(x + 1, -3, 1);
    fmpq_t y1, y2, y3;
    fmpq_init(y1);
    fmpq_init(y2);
    fmpq_init(y3);
    relu_net_eval(y1, &N, x);
    relu_net_eval(y2, &S, x);
    relu_net_eval(y3, &Lw, x);
    cr_assert(fmpq_equal_si(y1, 2) && fmpq_equal(y1, y2) && fmpq_equal(y1, y3));
    fmpq_clear(x);
    fmpq_clear(x + 1);
    fmpq_clear(y1);
    fmpq_clear(y2);
    fmpq_clear(y3);
    relu_net_clear(&N);
    relu_net_clear(&S);
    relu_net_clear(&Lw);
}

Test(relu_net, kink_input_is_on_the_kink)
{
    flint_rand_t st;
    flint_randinit(st);
    relu_net_t N;
    relu_net_init(&N, 3, 4);
    relu_net_randtest(&N, st, 5, 3);
    fmpq x[4];
    for (int j = 0; j < 4; j++)
        fmpq_init(x + j);
    fmpq_t z;
    fmpq_init(z);
    for (slong row = 0; row < 3; row++) {
        if (relu_net_kink_input(x, &N, row, st) != 0)
            continue;
        fmpq_set(z, N.b + row);
        for (slong j = 0; j < 4; j++)
            fmpq_addmul(z, fmpq_mat_entry(N.A, row, j), x + j);
        cr_assert(fmpq_is_zero(z));
    }
    for (int j = 0; j < 4; j++)
        fmpq_clear(x + j);
    fmpq_clear(z);
    relu_net_clear(&N);
    flint_randclear(st);
}

Test(relu_net, bad_input, .init = cr_redirect_stderr)
{
    relu_net_t N, S;
    relu_net_init(&N, 0, 2);
    cr_assert_eq(relu_net_structured(&S, RELU_NET_TOEPLITZ, &N), -1);
    relu_net_clear(&N);
}

Test(conv1d, hand_checked_2x2)
{
    /* kappa = (a_-1, a_0, a_1) = (1, 2, 3): T = [[2,1],[3,2]], T (1,1) = (3,5) */
    fmpq k[3], x[2], y[2];
    for (int i = 0; i < 3; i++) {
        fmpq_init(k + i);
        fmpq_set_si(k + i, i + 1, 1);
    }
    for (int i = 0; i < 2; i++) {
        fmpq_init(x + i);
        fmpq_init(y + i);
        fmpq_one(x + i);
    }
    fmpq_mat_t T;
    fmpq_mat_init(T, 2, 2);
    conv1d_toeplitz_matrix(T, k);
    slong t[] = {2, 1, 3, 2};
    cr_assert(ti_equals(T, t));
    conv1d_padded(y, k, 2, 2, x);
    cr_assert(fmpq_equal_si(y, 3) && fmpq_equal_si(y + 1, 5));
    conv1d_poly(y, k, 2, 2, x);
    cr_assert(fmpq_equal_si(y, 3) && fmpq_equal_si(y + 1, 5));
    for (int i = 0; i < 3; i++)
        fmpq_clear(k + i);
    for (int i = 0; i < 2; i++) {
        fmpq_clear(x + i);
        fmpq_clear(y + i);
    }
    fmpq_mat_clear(T);
}

Test(conv1d, rectangular_wide_and_tall)
{
    flint_rand_t st;
    flint_randinit(st);
    slong shapes[][2] = {{1, 5}, {5, 1}, {3, 7}, {7, 3}};
    for (int q = 0; q < 4; q++) {
        slong s = shapes[q][0], t = shapes[q][1];
        fmpq *k = _fmpq_vec_init(s + t - 1), *x = _fmpq_vec_init(t);
        fmpq *y1 = _fmpq_vec_init(s), *y2 = _fmpq_vec_init(s), *y3 = _fmpq_vec_init(s);
        for (slong i = 0; i < s + t - 1; i++)
            qrand_fmpq(k + i, st, 9, 4);
        for (slong i = 0; i < t; i++)
            qrand_fmpq(x + i, st, 9, 4);
        fmpq_mat_t T;
        fmpq_mat_init(T, s, t);
        conv1d_toeplitz_matrix(T, k);
        conv1d_padded(y1, k, s, t, x);
        conv1d_poly(y2, k, s, t, x);
        conv1d_matvec(y3, T, x);
        for (slong i = 0; i < s; i++)
            cr_assert(fmpq_equal(y1 + i, y3 + i) && fmpq_equal(y2 + i, y3 + i));
        _fmpq_vec_clear(k, s + t - 1);
        _fmpq_vec_clear(x, t);
        _fmpq_vec_clear(y1, s);
        _fmpq_vec_clear(y2, s);
        _fmpq_vec_clear(y3, s);
        fmpq_mat_clear(T);
    }
    flint_randclear(st);
    flint_cleanup_master();
}
