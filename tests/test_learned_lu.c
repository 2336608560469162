/* test_learned_lu.c -- learned hierarchical block LU (experiments/learned_lu/):
 * exact block-triangularity, transpose products, analytic gradients against finite
 * differences, a tiny operator learned to 1e-8, metrics on known factorizations, bad input. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <flint/flint.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learned_lu/llu_checks.h"
#include "learned_lu/llu_dense.h"
#include "learned_lu/llu_gmres.h"
#include "learned_lu/llu_net.h"
#include "learned_lu/llu_operators.h"
#include "learned_lu/llu_random.h"
#include "learned_lu/llu_ranks.h"
#include "learned_lu/llu_train.h"

static double *llu_test_random_theta(llu_net_t *net, unsigned long seed)
{
    llu_rng_t *g = llu_rng_create(seed);
    double *theta = malloc(sizeof(double) * net->nparams);
    llu_rng_normals(g, theta, net->nparams);
    llu_net_bind(net, theta);
    llu_rng_free(g);
    return theta;
}

static void llu_test_triangularity(llu_tri_t tri, int n, int b, int r)
{
    llu_net_t net;
    cr_assert_eq(llu_net_init(&net, tri, n, b, r), 0);
    double *theta = llu_test_random_theta(&net, 7), *M = malloc(sizeof(double) * n * n);
    llu_net_dense(&net, M);
    int m = n / b, populated;
    cr_assert(llu_check_block_triangular(M, n, b, tri, &populated));
    cr_assert_eq(populated, m * (m + 1) / 2, "every allowed block is reached");
    cr_assert(!llu_check_block_triangular(M, n, b, tri == LLU_LOWER ? LLU_UPPER : LLU_LOWER, NULL));
    free(theta), free(M);
    llu_net_clear(&net);
}

Test(learned_lu, block_lower_triangular_exactly)
{
    llu_test_triangularity(LLU_LOWER, 64, 8, 3);
    llu_test_triangularity(LLU_LOWER, 32, 8, 2); /* two levels */
}

Test(learned_lu, block_upper_triangular_exactly)
{
    llu_test_triangularity(LLU_UPPER, 64, 8, 3);
    llu_test_triangularity(LLU_UPPER, 32, 4, 4); /* three levels, r = b */
}

/* Negative control: one tiny non-zero planted in a strictly-upper block is detected. */
Test(learned_lu, triangularity_test_detects_violation)
{
    llu_net_t net;
    cr_assert_eq(llu_net_init(&net, LLU_LOWER, 32, 8, 2), 0);
    double *theta = llu_test_random_theta(&net, 3), *M = malloc(sizeof(double) * 32 * 32);
    llu_net_dense(&net, M);
    cr_assert(llu_check_block_triangular(M, 32, 8, LLU_LOWER, NULL));
    M[5 * 32 + 3 * 8 + 1] = 1e-300;
    cr_assert(!llu_check_block_triangular(M, 32, 8, LLU_LOWER, NULL));
    free(theta), free(M);
    llu_net_clear(&net);
}

Test(learned_lu, transpose_product_matches_dense_transpose)
{
    int n = 64, b = 8, k = 5;
    for (int tri = 0; tri < 2; tri++) {
        llu_net_t net;
        cr_assert_eq(llu_net_init(&net, (llu_tri_t)tri, n, b, 3), 0);
        double *theta = llu_test_random_theta(&net, 11 + tri), *M = malloc(sizeof(double) * n * n);
        double *X = malloc(sizeof(double) * n * k), *Y = malloc(sizeof(double) * n * k);
        llu_rng_t *g = llu_rng_create(5);
        llu_rng_normals(g, X, (size_t)n * k);
        llu_net_dense(&net, M);
        llu_ws_t *ws = llu_ws_create(&net, k);
        llu_net_apply(&net, 1, X, k, Y, ws);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < n; t++)
                    s += M[(size_t)t * n + i] * X[(size_t)t * k + j];
                cr_assert(fabs(s - Y[(size_t)i * k + j]) <= 1e-12 * (1 + fabs(s)));
            }
        llu_ws_free(ws), llu_rng_free(g);
        free(theta), free(M), free(X), free(Y);
        llu_net_clear(&net);
    }
}

/* Central differences on every parameter of a small pair; returns max |fd - grad| / max |grad|. */
static double llu_test_grad_error(int transpose, int row0, int row1)
{
    int n = 16, b = 4, r = 2, k = 3;
    llu_pair_t pr;
    cr_assert_eq(llu_pair_init(&pr, n, b, r, k), 0);
    llu_rng_t *g = llu_rng_create(21);
    llu_rng_normals(g, pr.theta, pr.nparams);
    double *A = malloc(sizeof(double) * n * n), *X = malloc(sizeof(double) * n * k),
           *Xt = malloc(sizeof(double) * n * k), *grad = malloc(sizeof(double) * pr.nparams);
    llu_rng_normals(g, A, (size_t)n * n);
    llu_rng_normals(g, X, (size_t)n * k);
    llu_rng_normals(g, Xt, (size_t)n * k);
    int kt = transpose ? k : 0;
    llu_pair_loss_grad(&pr, A, X, k, row0, row1, Xt, kt, grad);
    double worst = 0, h = 1e-6, gmax = 0;
    for (size_t i = 0; i < pr.nparams; i++)
        gmax = fmax(gmax, fabs(grad[i]));
    for (size_t i = 0; i < pr.nparams; i++) {
        double t = pr.theta[i];
        pr.theta[i] = t + h;
        double lp = llu_pair_loss_grad(&pr, A, X, k, row0, row1, Xt, kt, NULL);
        pr.theta[i] = t - h;
        double lm = llu_pair_loss_grad(&pr, A, X, k, row0, row1, Xt, kt, NULL);
        pr.theta[i] = t;
        double fd = (lp - lm) / (2 * h), err = fabs(fd - grad[i]) / gmax;
        if (err > worst)
            worst = err;
    }
    free(A), free(X), free(Xt), free(grad);
    llu_rng_free(g);
    llu_pair_clear(&pr);
    return worst;
}

Test(learned_lu, gradient_matches_finite_differences)
{
    double e0 = llu_test_grad_error(0, 0, 16), e1 = llu_test_grad_error(1, 0, 16),
           e2 = llu_test_grad_error(1, 4, 8); /* block row 1 only (block-wise loss) */
    cr_assert_lt(e0, 1e-7, "plain loss: %g", e0);
    cr_assert_lt(e1, 1e-7, "with transpose loss: %g", e1);
    cr_assert_lt(e2, 1e-7, "block row 1: %g", e2);
}

/* Gradient of the stage loss vanishes on parameters whose first row lies after the stage. */
Test(learned_lu, first_rows_match_gradient_support)
{
    int n = 32, b = 8, k = 4;
    llu_pair_t pr;
    cr_assert_eq(llu_pair_init(&pr, n, b, 2, k), 0);
    llu_rng_t *g = llu_rng_create(4);
    llu_rng_normals(g, pr.theta, pr.nparams);
    double *A = malloc(sizeof(double) * n * n), *X = malloc(sizeof(double) * n * k);
    int *row = malloc(sizeof(int) * pr.nparams);
    llu_rng_normals(g, A, (size_t)n * n);
    llu_rng_normals(g, X, (size_t)n * k);
    llu_net_first_rows(&pr.L, row);
    llu_net_first_rows(&pr.U, row + pr.L.nparams);
    for (int stage = 0; stage < 4; stage++) {
        llu_pair_loss_grad(&pr, A, X, k, stage * b, (stage + 1) * b, NULL, 0, pr.grad);
        for (size_t i = 0; i < pr.nparams; i++)
            if (row[i] > stage)
                cr_assert_eq(pr.grad[i], 0.0);
    }
    free(A), free(X), free(row);
    llu_rng_free(g);
    llu_pair_clear(&pr);
}

Test(learned_lu, tiny_operator_learned_to_1e_8)
{
    int n = 16, b = 4;
    llu_op_spec_t spec;
    cr_assert_eq(llu_op_default(&spec, LLU_LAPLACE1D, n), 0);
    double *A = malloc(sizeof(double) * n * n), *Lm = malloc(sizeof(double) * n * n),
           *Um = malloc(sizeof(double) * n * n), *Xt = malloc(sizeof(double) * n);
    llu_op_fill(A, &spec);
    llu_pair_t pr;
    cr_assert_eq(llu_pair_init(&pr, n, b, 2, n), 0);
    llu_rng_t *g = llu_rng_create(1);
    llu_pair_randomize(&pr, g, sqrt(2.0));
    llu_train_opts_t o = {LLU_PLAIN, 6000, n, 1e-2};
    llu_train_stats_t st;
    cr_assert_eq(llu_train(&pr, A, &o, g, "test", &st), 0);
    llu_pair_dense(&pr, Lm, Um);
    llu_rng_normals(g, Xt, n);
    llu_metrics_t mt;
    cr_assert_eq(llu_metrics(A, Lm, Um, n, b, Xt, 1, &mt), 0);
    cr_assert_lt(mt.op_error, 1e-8, "operator error %g", mt.op_error);
    free(A), free(Lm), free(Um), free(Xt);
    llu_rng_free(g);
    llu_pair_clear(&pr);
}

Test(learned_lu, library_gradient_check_and_its_control)
{
    int n = 32;
    llu_pair_t pr;
    cr_assert_eq(llu_pair_init(&pr, n, 8, 2, 4), 0);
    llu_rng_t *g = llu_rng_create(9);
    llu_rng_normals(g, pr.theta, pr.nparams);
    double *A = malloc(sizeof(double) * n * n);
    llu_rng_normals(g, A, (size_t)n * n);
    cr_assert_lt(llu_check_gradient(&pr, A, 1, 0, n, g, 100, 0), 1e-7);
    cr_assert_gt(llu_check_gradient(&pr, A, 1, 0, n, g, 100, 1), 1e-3);
    free(A);
    llu_rng_free(g);
    llu_pair_clear(&pr);
}

static void llu_test_scaled_identity(double *M, int n, double s)
{
    memset(M, 0, sizeof(double) * n * n);
    for (int i = 0; i < n; i++)
        M[(size_t)i * n + i] = s;
}

/* A = 2I with L = I, U = 3I: ||LU - A||_F/||A||_F = 1/2, x = (2/3) x_true so the solution
 * error is 1/3, and the backward error is (2/3) / (2 * 2/3 + 2) = 1/5 (all exact by hand). */
Test(learned_lu, metrics_on_hand_checked_factorizations)
{
    int n = 16, k = 3;
    double *A = malloc(sizeof(double) * n * n), *L = malloc(sizeof(double) * n * n),
           *U = malloc(sizeof(double) * n * n), *X = malloc(sizeof(double) * n * k);
    llu_rng_t *g = llu_rng_create(2);
    llu_rng_normals(g, X, (size_t)n * k);
    llu_test_scaled_identity(A, n, 2), llu_test_scaled_identity(L, n, 1);
    llu_test_scaled_identity(U, n, 3);
    llu_metrics_t m;
    cr_assert_eq(llu_metrics(A, L, U, n, 4, X, k, &m), 0);
    cr_assert_float_eq(m.op_error, 0.5, 1e-15);
    cr_assert_float_eq(m.sol_error, 1.0 / 3.0, 1e-15);
    cr_assert_float_eq(m.back_error, 0.2, 1e-15);
    cr_assert_float_eq(m.cond_lu, 1.0, 1e-14);
    cr_assert_eq(m.asymmetry, 0.0);
    cr_assert_float_eq(m.corner_ratio, 1.0, 1e-14);
    double M[4] = {1, 2, 0, 1}; /* ||M - M^T||_F / ||M||_F = sqrt(8) / sqrt(6) */
    cr_assert_float_eq(llu_asymmetry(M, 2), sqrt(8.0 / 6.0), 1e-15);
    cr_assert_lt(m.lapack_sol_error, 1e-15);
    llu_test_scaled_identity(U, n, 2); /* the exact factorization */
    cr_assert_eq(llu_metrics(A, L, U, n, 4, X, k, &m), 0);
    cr_assert_eq(m.op_error, 0.0);
    cr_assert_eq(m.sol_error, 0.0);
    cr_assert_eq(m.back_error, 0.0);
    free(A), free(L), free(U), free(X);
    llu_rng_free(g);
}

typedef struct {
    const double *L, *U;
    int n;
} llu_test_pc_t;

static int llu_test_precond(void *ctx, double *v)
{
    llu_test_pc_t *p = ctx;
    if (llu_block_trsm(p->L, p->n, 8, 1, v, 1) != 0)
        return -1;
    return llu_block_trsm(p->U, p->n, 8, 0, v, 1);
}

/* LAPACK's (unpivoted here) LU of the 1D Laplacian given as "learned" factors: the metrics
 * reproduce an exact factorization to rounding error, and GMRES preconditioned by it needs
 * at most 2 steps while unpreconditioned GMRES needs more. */
Test(learned_lu, metrics_and_gmres_on_an_exact_factorization)
{
    int n = 32;
    llu_op_spec_t s;
    cr_assert_eq(llu_op_default(&s, LLU_LAPLACE1D, n), 0);
    double *A = malloc(sizeof(double) * n * n), *L = malloc(sizeof(double) * n * n),
           *U = malloc(sizeof(double) * n * n), *X = malloc(sizeof(double) * n * 4);
    llu_op_fill(A, &s);
    cr_assert_eq(llu_lapack_lu(A, n, L, U), 0, "no row exchange for the Laplacian");
    double *L2 = malloc(sizeof(double) * n * n), *U2 = malloc(sizeof(double) * n * n);
    cr_assert_eq(llu_nopivot_lu(A, n, L2, U2), 0);
    for (int i = 0; i < n * n; i++)
        cr_assert(fabs(L2[i] - L[i]) <= 1e-14 && fabs(U2[i] - U[i]) <= 1e-14);
    free(L2), free(U2);
    llu_rng_t *g = llu_rng_create(3);
    llu_rng_normals(g, X, (size_t)n * 4);
    llu_metrics_t m;
    cr_assert_eq(llu_metrics(A, L, U, n, 8, X, 4, &m), 0);
    cr_assert_lt(m.op_error, 1e-15);
    cr_assert_lt(m.sol_error, 1e-12);
    cr_assert_lt(m.back_error, 1e-15);
    double b[32], x[32];
    for (int i = 0; i < n; i++)
        b[i] = X[(size_t)i * 4];
    llu_gmres_result_t r0;
    cr_assert_eq(llu_gmres(A, n, b, x, 1e-10, n, NULL, NULL, &r0), 0);
    cr_assert(r0.converged);
    cr_assert_gt(r0.iterations, 2);
    llu_test_pc_t pc = {L, U, n};
    cr_assert_eq(llu_gmres(A, n, b, x, 1e-10, n, llu_test_precond, &pc, &r0), 0);
    cr_assert(r0.converged);
    cr_assert_leq(r0.iterations, 2);
    free(A), free(L), free(U), free(X);
    llu_rng_free(g);
}

Test(learned_lu, integer_stencils_hand_checked)
{
    llu_op_spec_t s;
    cr_assert_eq(llu_op_default(&s, LLU_BIHARM2D, 16), 0); /* 4 x 4 grid */
    cr_assert_eq(s.nx, 4);
    fmpz_mat_t Z;
    fmpz_mat_init(Z, 16, 16);
    cr_assert_eq(llu_op_fill_fmpz(Z, &s), 0);
    cr_assert(fmpz_equal_si(fmpz_mat_entry(Z, 5, 5), 20));  /* interior 13-point centre */
    cr_assert(fmpz_equal_si(fmpz_mat_entry(Z, 5, 6), -8));
    cr_assert(fmpz_equal_si(fmpz_mat_entry(Z, 5, 10), 2));  /* diagonal neighbour */
    cr_assert(fmpz_equal_si(fmpz_mat_entry(Z, 5, 7), 1));   /* two steps east */
    cr_assert(fmpz_equal_si(fmpz_mat_entry(Z, 0, 0), 18));  /* corner: 16 + 2 neighbours */
    fmpz_mat_clear(Z);
    cr_assert_eq(llu_op_default(&s, LLU_CONVDIFF1D, 8), 0);
    double A[64];
    cr_assert_eq(llu_op_fill(A, &s), 0);
    cr_assert_eq(A[3 * 8 + 3], 3.0);
    cr_assert_eq(A[3 * 8 + 2], -2.0);
    cr_assert_eq(A[3 * 8 + 4], -1.0);
    flint_cleanup_master();
}

Test(learned_lu, exact_lu_ranks_and_band_control)
{
    int n = 32;
    llu_op_spec_t s;
    cr_assert_eq(llu_op_default(&s, LLU_LAPLACE1D, n), 0);
    fmpz_mat_t Z;
    fmpz_mat_init(Z, n, n);
    llu_op_fill_fmpz(Z, &s);
    llu_exact_ranks_t er;
    cr_assert_eq(llu_exact_lu_ranks(Z, 2, 1e-12, &er), 0);
    cr_assert(er.perm_identity);
    cr_assert_eq(er.band_lower, 1);
    for (int l = 0; l < 2; l++) {
        cr_assert_eq(er.exact_L[l], 1);
        cr_assert_eq(er.exact_U[l], 1);
        cr_assert_eq(er.svd_L[l], 1);
        cr_assert_eq(er.far_L[l], 0, "the band lies inside the near field");
        cr_assert_eq(er.far_U[l], 0);
    }
    fmpz_set_si(fmpz_mat_entry(Z, n - 1, 0), 1); /* far corner: the band bound must fail */
    cr_assert_eq(llu_exact_lu_ranks(Z, 2, 1e-12, &er), 0);
    cr_assert_eq(er.exact_L[0], 2);
    cr_assert_eq(er.far_L[0], 1);
    cr_assert_eq(er.far_U[0], 0);
    fmpz_mat_clear(Z);
    flint_cleanup_master();
}

Test(learned_lu, bad_configuration_is_rejected, .init = cr_redirect_stderr)
{
    llu_net_t net;
    cr_assert_eq(llu_net_init(&net, LLU_LOWER, 256, 30, 4), -1);
    cr_assert_eq(llu_net_init(&net, LLU_LOWER, 96, 32, 4), -1);  /* 3 blocks: no binary tree */
    cr_assert_eq(llu_net_init(&net, LLU_LOWER, 64, 32, 4), -1);  /* 2 blocks: one level only */
    cr_assert_eq(llu_net_init(&net, LLU_UPPER, 64, 8, 9), -1);   /* rank above block size */
    llu_pair_t pr;
    cr_assert_eq(llu_pair_init(&pr, 256, 30, 4, 8), -1);
    fmpz_mat_t Z;
    fmpz_mat_init(Z, 32, 16); /* non-square operator */
    llu_exact_ranks_t er;
    cr_assert_eq(llu_exact_lu_ranks(Z, 2, 1e-12, &er), -1);
    fmpz_mat_clear(Z);
    llu_op_spec_t s;
    cr_assert_eq(llu_op_default(&s, LLU_LAPLACE2D, 72), -1); /* nx = 16 does not divide 72 */
    fflush(stderr);
    cr_assert_stderr_eq_str("llu_net: block size 30 does not divide n = 256\n"
                            "llu_net: n/b = 3 blocks must be a power of two >= 4 (two or more levels)\n"
                            "llu_net: n/b = 2 blocks must be a power of two >= 4 (two or more levels)\n"
                            "llu_net: rank 9 exceeds block size 8\n"
                            "llu_net: block size 30 does not divide n = 256\n"
                            "llu_ranks: need a square matrix with n divisible by 2^levels\n"
                            "llu_op: laplace2d needs n = nx*ny with nx a power of two, got n = 72\n");
    flint_cleanup_master();
}
