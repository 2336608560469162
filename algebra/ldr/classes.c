/* classes.c -- Toeplitz, Hankel, Vandermonde, Cauchy and their "-like" versions (Table 5). */
#include "ldr/classes.h"

#include <stdlib.h>

#include "exact/qmat.h"
#include "ldr/sylvester.h"

static const char *names[] = {"Toeplitz", "Hankel", "Vandermonde", "Cauchy"};
static const char *pairs[] = {"(Z_1, Z_-1)", "(Z_1, Z_0^T)", "(diag(v), Z_0)",
                              "(diag(s), diag(t))"};
static const slong bounds[] = {2, 2, 1, 1};

const char *class_name(ldr_class_t c) { return names[c]; }
const char *class_operator_names(ldr_class_t c) { return pairs[c]; }
slong class_displacement_bound(ldr_class_t c) { return bounds[c]; }

void toeplitz_matrix(fmpq_mat_t T, const fmpq *t)
{
    slong n = fmpq_mat_nrows(T);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < fmpq_mat_ncols(T); j++)
            fmpq_set(fmpq_mat_entry(T, i, j), t + i - j + n - 1);
}

void hankel_matrix(fmpq_mat_t H, const fmpq *h)
{
    for (slong i = 0; i < fmpq_mat_nrows(H); i++)
        for (slong j = 0; j < fmpq_mat_ncols(H); j++)
            fmpq_set(fmpq_mat_entry(H, i, j), h + i + j);
}

void vandermonde_matrix(fmpq_mat_t V, const fmpq *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(V); i++) {
        fmpq_one(fmpq_mat_entry(V, i, 0));
        for (slong j = 1; j < fmpq_mat_ncols(V); j++)
            fmpq_mul(fmpq_mat_entry(V, i, j), fmpq_mat_entry(V, i, j - 1), v + i);
    }
}

int cauchy_matrix(fmpq_mat_t C, const fmpq *s, const fmpq *t)
{
    for (slong i = 0; i < fmpq_mat_nrows(C); i++)
        for (slong j = 0; j < fmpq_mat_ncols(C); j++) {
            fmpq *e = fmpq_mat_entry(C, i, j);
            fmpq_sub(e, s + i, t + j);
            if (fmpq_is_zero(e))
                return -1;
            fmpq_inv(e, e);
        }
    return 0;
}

void class_operators(op_t *A, op_t *B, ldr_class_t c, slong n, const fmpq *nodes,
                     const fmpq *nodes2)
{
    op_t Z0;
    switch (c) {
    case CLASS_TOEPLITZ:
        op_init_zf_si(A, n, 1);
        op_init_zf_si(B, n, -1);
        break;
    case CLASS_HANKEL:
        op_init_zf_si(A, n, 1);
        op_init_zf_si(&Z0, n, 0);
        op_init_transpose(B, &Z0);
        op_clear(&Z0);
        break;
    case CLASS_VANDERMONDE:
        op_init_diag(A, n, nodes);
        op_init_zf_si(B, n, 0);
        break;
    case CLASS_CAUCHY:
        op_init_diag(A, n, nodes);
        op_init_diag(B, n, nodes2);
        break;
    }
}

/* K distinct non-zero integers from [-4K, 4K] (a seeded partial shuffle). */
static void distinct_nodes(fmpq *out, slong k, flint_rand_t st)
{
    slong range = 8 * k + 1;
    slong *pool = malloc((size_t)range * sizeof *pool);
    for (slong i = 0; i < range; i++)
        pool[i] = i - 4 * k;
    pool[4 * k] = pool[range - 1]; /* drop 0 */
    range--;
    for (slong i = 0; i < k; i++) {
        slong j = i + (slong)n_randint(st, (ulong)(range - i));
        slong t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        fmpq_set_si(out + i, pool[i], 1);
    }
    free(pool);
}

void class_random_matrix(fmpq_mat_t M, op_t *A, op_t *B, ldr_class_t c, slong n,
                         flint_rand_t st)
{
    fmpq *v = _fmpq_vec_init(2 * n);
    switch (c) {
    case CLASS_TOEPLITZ:
    case CLASS_HANKEL:
        for (slong i = 0; i < 2 * n - 1; i++)
            qrand_fmpq(v + i, st, 9, 4);
        if (c == CLASS_TOEPLITZ)
            toeplitz_matrix(M, v);
        else
            hankel_matrix(M, v);
        class_operators(A, B, c, n, NULL, NULL);
        break;
    case CLASS_VANDERMONDE:
        distinct_nodes(v, n, st);
        vandermonde_matrix(M, v);
        class_operators(A, B, c, n, v, NULL);
        break;
    case CLASS_CAUCHY:
        distinct_nodes(v, 2 * n, st); /* s = first n, t = last n: all distinct */
        cauchy_matrix(M, v, v + n);
        class_operators(A, B, c, n, v, v + n);
        break;
    }
    _fmpq_vec_clear(v, 2 * n);
}

int class_like_matrix(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                      const fmpq_mat_t H)
{
    return sylvester_solve_generators(M, A, B, G, H);
}
