/* relu_net.c -- exact ReLU networks and the Theorem 2.2 constructions (see relu_net.h). */
#include "decompositions/relu_net.h"

#include <stdio.h>

#include "decompositions/plu.h"
#include "exact/qmat.h"
#include "decompositions/toeplitz_insert.h"

const char *relu_net_shape_name(relu_net_shape_t s)
{
    return s == RELU_NET_TOEPLITZ ? "Toeplitz" : s == RELU_NET_HANKEL ? "Hankel" : "lower";
}

void relu_net_init(relu_net_t *N, slong width, slong n)
{
    fmpq_mat_init(N->A, width, n);
    N->a = _fmpq_vec_init(width);
    N->b = _fmpq_vec_init(width);
    N->width = width;
    N->n = n;
}

void relu_net_clear(relu_net_t *N)
{
    fmpq_mat_clear(N->A);
    _fmpq_vec_clear(N->a, N->width);
    _fmpq_vec_clear(N->b, N->width);
}

void relu_net_randtest(relu_net_t *N, flint_rand_t st, slong num_bound, slong den_bound)
{
    qmat_rand(N->A, st, num_bound, den_bound);
    for (slong i = 0; i < N->width; i++) {
        qrand_fmpq_nonzero(N->a + i, st, num_bound, den_bound);
        qrand_fmpq(N->b + i, st, num_bound, den_bound);
    }
}

void relu_net_eval(fmpq_t out, const relu_net_t *N, const fmpq *x)
{
    fmpq_t z, t;
    fmpq_init(z);
    fmpq_init(t);
    fmpq_zero(out);
    for (slong i = 0; i < N->width; i++) {
        fmpq_set(z, N->b + i);
        for (slong j = 0; j < N->n; j++)
            fmpq_addmul(z, fmpq_mat_entry(N->A, i, j), x + j);
        if (fmpq_sgn(z) > 0) {
            fmpq_mul(t, N->a + i, z);
            fmpq_add(out, out, t);
        }
    }
    fmpq_clear(z);
    fmpq_clear(t);
}

/* Toeplitz / Hankel: Lemma 2.1 insertion, weights scattered to the original rows. */
static int relu_net_inserted(relu_net_t *S, int hankel, const relu_net_t *N)
{
    slong p = N->width, n = N->n, m = toeplitz_insert_rows(p, n);
    slong *orig = flint_malloc(sizeof(slong) * (size_t)p);
    relu_net_init(S, m, n);
    int rc = hankel ? toeplitz_insert_hankel(S->A, orig, N->A)
                    : toeplitz_insert_toeplitz(S->A, orig, N->A);
    for (slong i = 0; rc == 0 && i < p; i++) {
        fmpq_set(S->a + orig[i], N->a + i);
        fmpq_set(S->b + orig[i], N->b + i);
    }
    flint_free(orig);
    if (rc != 0)
        relu_net_clear(S);
    return rc;
}

/* Lower triangular: stack n zero rows on top of B. */
static void relu_net_lower(relu_net_t *S, const relu_net_t *N)
{
    slong p = N->width, n = N->n;
    relu_net_init(S, n + p, n);
    qmat_set_block(S->A, N->A, n, 0);
    for (slong i = 0; i < p; i++) {
        fmpq_set(S->a + n + i, N->a + i);
        fmpq_set(S->b + n + i, N->b + i);
    }
}

int relu_net_structured(relu_net_t *S, relu_net_shape_t shape, const relu_net_t *N)
{
    if (N->width < 1 || N->n < 1) {
        fprintf(stderr, "relu_net_structured: network is %ld x %ld, need at least 1 x 1\n",
                (long)N->width, (long)N->n);
        return -1;
    }
    if (shape == RELU_NET_LOWER) {
        relu_net_lower(S, N);
        return 0;
    }
    return relu_net_inserted(S, shape == RELU_NET_HANKEL, N);
}

int relu_net_has_shape(const relu_net_t *S, relu_net_shape_t shape)
{
    if (shape == RELU_NET_TOEPLITZ)
        return toeplitz_insert_is_toeplitz(S->A);
    if (shape == RELU_NET_HANKEL)
        return toeplitz_insert_is_hankel(S->A);
    return plu_is_lower(S->A);
}

int relu_net_kink_input(fmpq *x, const relu_net_t *N, slong row, flint_rand_t st)
{
    slong j0 = -1;
    for (slong j = 0; j < N->n && j0 < 0; j++)
        if (!fmpq_is_zero(fmpq_mat_entry(N->A, row, j)))
            j0 = j;
    if (j0 < 0)
        return -1;
    fmpq_t z;
    fmpq_init(z);
    for (slong j = 0; j < N->n; j++)
        qrand_fmpq(x + j, st, 5, 4);
    /* x_j0 := -(b_row + sum_{j != j0} A_row,j x_j) / A_row,j0 */
    fmpq_set(z, N->b + row);
    for (slong j = 0; j < N->n; j++)
        if (j != j0)
            fmpq_addmul(z, fmpq_mat_entry(N->A, row, j), x + j);
    fmpq_div(x + j0, z, fmpq_mat_entry(N->A, row, j0));
    fmpq_neg(x + j0, x + j0);
    fmpq_clear(z);
    return 0;
}
