/* Tests of the fast LDR-SD trainer layer (issue 16 point 4, layer_sdfast.c): forward,
 * input gradient and parameter gradient against the explicit Krylov layer on the same
 * parameters (learned and fixed corners, sizes with direct and FFT nodes), gradients
 * against central differences with the fast path forced at small n and along random
 * directions at n = 4096, the init against the explicit init, and the size switch. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"
#include "trainer/model.h"

#include "fast_layer_checks.h"

/* Parameters drawn around the trained regime: generators in [-1, 1), links 1 + 0.3 U. */
static void sd_params(double *p, int n, int r, unsigned *s)
{
    size_t ngen = 2 * (size_t)r * n;
    for (size_t k = 0; k < ngen; k++) p[k] = fl_rand(s);
    for (size_t k = 0; k < 2 * (size_t)n; k++) p[ngen + k] = 1.0 + 0.3 * fl_rand(s);
}

/* Fast and explicit layers on the same parameters, X and dY: max relative differences of
 * Y, dX and dp (each normalised by the explicit result's largest entry). */
static void sd_compare(int n, int r, int fixed, unsigned seed, double err[3])
{
    layer_t *E = layer_krylov_create(LAYER_LDR_SD, n, r), *F = layer_sdfast_create(n, r);
    cr_assert(E && F);
    E->nweights = F->nweights = layer_class_nweights(LAYER_LDR_SD, n, n, r);
    E->fixed_corners = F->fixed_corners = fixed;
    cr_expect(layer_uses_fast_path(F) && !layer_uses_fast_path(E));
    const int b = 3;
    size_t np = E->nweights, nb = (size_t)b * n;
    double *p = malloc(np * sizeof *p), *X = malloc(nb * sizeof *X), *dY = malloc(nb * sizeof *dY);
    double *Y[2], *dX[2], *dp[2];
    unsigned s = seed;
    sd_params(p, n, r, &s);
    for (size_t k = 0; k < nb; k++) { X[k] = fl_rand(&s); dY[k] = fl_rand(&s); }
    for (int t = 0; t < 2; t++) {
        layer_t *L = t ? F : E;
        Y[t] = malloc(nb * sizeof *Y[t]); dX[t] = malloc(nb * sizeof *dX[t]);
        dp[t] = calloc(np, sizeof *dp[t]);
        L->ops->forward(L, p, X, b, Y[t]);
        L->ops->backward(L, p, X, dY, b, dX[t], dp[t]);
    }
    err[0] = fl_maxrel(Y[1], Y[0], nb);
    err[1] = fl_maxrel(dX[1], dX[0], nb);
    err[2] = fl_maxrel(dp[1], dp[0], np);
    for (int t = 0; t < 2; t++) { free(Y[t]); free(dX[t]); free(dp[t]); }
    free(p); free(X); free(dY);
    E->ops->destroy(E); F->ops->destroy(F);
}

Test(trainer_sdfast, matches_explicit_layer)
{
    /* n = 5 (leaves only), 37 (direct cross parts), 100 and 300 (FFT cross parts: the doubled
     * line of length 2n > 128, and n > 128 with fixed corners) */
    const int ns[4] = {5, 37, 100, 300};
    const char *what[3] = {"forward", "input gradient", "parameter gradient"};
    for (int i = 0; i < 4; i++)
        for (int fixed = 0; fixed < 2; fixed++) {
            double err[3];
            sd_compare(ns[i], 2, fixed, 5u + i, err);
            for (int k = 0; k < 3; k++)
                cr_expect(err[k] < 1e-11, "n=%d fixed=%d: %s differs by %.3g", ns[i], fixed, what[k], err[k]);
        }
}

/* Negative control: the comparison detects a wrong claim (the explicit layer with one
 * link changed) -- the fast and explicit results of different parameters disagree. */
Test(trainer_sdfast, comparison_detects_wrong_link)
{
    const int n = 40, r = 1, b = 2;
    layer_t *E = layer_krylov_create(LAYER_LDR_SD, n, r), *F = layer_sdfast_create(n, r);
    cr_assert(E && F);
    size_t np = layer_class_nweights(LAYER_LDR_SD, n, n, r);
    double *p = malloc(np * sizeof *p), X[2 * 40], Y0[2 * 40], Y1[2 * 40];
    unsigned s = 3u;
    sd_params(p, n, r, &s);
    for (int k = 0; k < b * n; k++) X[k] = fl_rand(&s);
    F->ops->forward(F, p, X, b, Y1);
    p[2 * (size_t)r * n + 17] += 1e-3;
    E->ops->forward(E, p, X, b, Y0);
    cr_expect(fl_maxrel(Y1, Y0, (size_t)b * n) > 1e-6, "a changed link went unnoticed");
    free(p);
    E->ops->destroy(E); F->ops->destroy(F);
}

/* Central differences of the SHL-like model loss (LDR-SD -> dense 3, ReLU, softmax) with
 * the fast path forced at n = 7 and 70 (threshold 2), every parameter. */
Test(trainer_sdfast, gradients_match_central_differences_forced)
{
    layer_set_fast_threshold(LAYER_LDR_SD, 2);
    const int ns[2] = {7, 70};
    for (int t = 0; t < 2; t++)
        for (int fixed = 0; fixed < 2; fixed++) {
            model_t *m = NULL;
            double worst = fl_model_grad_check(LAYER_LDR_SD, ns[t], fixed, (unsigned)t, 0.3, &m);
            cr_assert_not_null(m);
            cr_expect(worst >= 0 && worst < 1e-6, "n=%d fixed=%d: relative gradient error %.3g", ns[t], fixed,
                      worst);
            model_free(m);
        }
}

/* n = 4096 (the default switch): directional central differences of f(p, X) = <R, Y(p, X)>
 * along random directions of the parameters (generators, links, corners) and of the input,
 * against the analytic directional derivatives from the fast backward pass. */
Test(trainer_sdfast, gradients_at_4096_random_directions, .timeout = 120)
{
    const int n = 4096, r = 1, b = 2;
    layer_t *L = layer_create(LAYER_LDR_SD, n, n, r, 0);
    cr_assert_not_null(L);
    cr_expect(layer_uses_fast_path(L), "n = 4096 should use the fast path by default");
    size_t np = layer_nparams(L), nb = (size_t)b * n;
    double *p = malloc(np * sizeof *p), *X = malloc(nb * sizeof *X);
    unsigned s = 77u;
    /* links near 1 with small spread: products over 4096 links stay O(1) .. O(1e3) */
    size_t ngen = 2 * (size_t)r * n;
    for (size_t k = 0; k < ngen; k++) p[k] = fl_rand(&s) / sqrt((double)n);
    for (size_t k = ngen; k < np; k++) p[k] = 1.0 + 0.002 * fl_rand(&s);
    for (size_t k = 0; k < nb; k++) X[k] = fl_rand(&s);
    fl_directional_check(L, p, np, X, b, n, &s);
    free(p); free(X);
    layer_destroy(L);
}

/* The fast init (||W||_F from Toeplitz Gram recurrences) equals the explicit init. */
Test(trainer_sdfast, init_matches_explicit_init)
{
    const int ns[2] = {9, 150};
    for (int t = 0; t < 2; t++) {
        const int n = ns[t], r = 3;
        layer_t *E = layer_krylov_create(LAYER_LDR_SD, n, r), *F = layer_sdfast_create(n, r);
        cr_assert(E && F);
        size_t np = layer_class_nweights(LAYER_LDR_SD, n, n, r);
        double *g = malloc(np * sizeof *g), *pe = malloc(np * sizeof *pe), *pf = malloc(np * sizeof *pf);
        unsigned s = 11u + t;
        for (size_t k = 0; k < np; k++) g[k] = fl_rand(&s);
        E->ops->init(E, pe, g);
        F->ops->init(F, pf, g);
        double err = fl_maxrel(pf, pe, np);
        cr_expect(err < 1e-12, "n=%d: init differs by %.3g", n, err);
        free(g); free(pe); free(pf);
        E->ops->destroy(E); F->ops->destroy(F);
    }
}

/* The size switch: below the threshold the explicit layer (tables at n = 784 unchanged). */
Test(trainer_sdfast, threshold_switch)
{
    cr_expect_eq(layer_fast_threshold(LAYER_LDR_SD), LAYER_SD_FAST_THRESHOLD);
    cr_expect_eq(layer_fast_threshold(LAYER_LDR_TD), LAYER_TD_FAST_THRESHOLD);
    layer_t *a = layer_create(LAYER_LDR_SD, 784, 784, 1, 0);
    layer_t *b = layer_create(LAYER_LDR_SD, LAYER_SD_FAST_THRESHOLD, LAYER_SD_FAST_THRESHOLD, 1, 0);
    cr_assert(a && b);
    cr_expect(!layer_uses_fast_path(a));
    cr_expect(layer_uses_fast_path(b));
    layer_destroy(a); layer_destroy(b);
}
