/* Tests of the fast LDR-TD trainer layer (issue 16 point 4, layer_tdfast.c): forward, input
 * gradient and parameter gradient against the explicit Krylov layer on the same parameters
 * (learned and fixed corners), the run-time fallback to the explicit layer when the float64
 * error estimate is too large, central differences with the fast path forced, random
 * directions at n = 4096, the init against the explicit init, and the size switch. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"
#include "trainer/model.h"

#include "fast_layer_checks.h"

/* Generators in [-1, 1); each operator d (n) | s (n-1) | u (n-1) | cu | cl around the init
 * shift, spread SPREAD: A near Z_0 (s ~ 1), B^T near Z_0^T (u ~ 1), the rest ~ SPREAD U. */
static void td_params(double *p, int n, int r, double spread, unsigned *s)
{
    size_t ngen = 2 * (size_t)r * n;
    for (size_t k = 0; k < ngen; k++) p[k] = fl_rand(s);
    for (int op = 0; op < 2; op++) {
        double *o = p + ngen + (size_t)op * 3 * n;
        for (int k = 0; k < 3 * n; k++) o[k] = spread * fl_rand(s);
        for (int k = 0; k + 1 < n; k++) o[(op ? 2 * n - 1 : n) + k] += 1.0;
    }
}

/* Fast and explicit layers on the same parameters, X and dY: max relative differences of
 * Y, dX and dp; *FELL: steps of the fast layer that fell back to the explicit one. */
static void td_compare(int n, int r, int fixed, double spread, unsigned seed, double err[3],
                       long *fell)
{
    layer_t *E = layer_krylov_create(LAYER_LDR_TD, n, r), *F = layer_tdfast_create(n, r);
    cr_assert(E && F);
    E->nweights = F->nweights = layer_class_nweights(LAYER_LDR_TD, n, n, r);
    E->fixed_corners = F->fixed_corners = fixed;
    cr_expect(layer_uses_fast_path(F) && !layer_uses_fast_path(E));
    const int b = 3;
    size_t np = E->nweights, nb = (size_t)b * n;
    double *p = malloc(np * sizeof *p), *X = malloc(nb * sizeof *X), *dY = malloc(nb * sizeof *dY);
    double *Y[2], *dX[2], *dp[2];
    unsigned s = seed;
    td_params(p, n, r, spread, &s);
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
    *fell = layer_tdfast_fallbacks(F, NULL, NULL);
    for (int t = 0; t < 2; t++) { free(Y[t]); free(dX[t]); free(dp[t]); }
    free(p); free(X); free(dY);
    E->ops->destroy(E); F->ops->destroy(F);
}

Test(trainer_tdfast, matches_explicit_layer)
{
    const int ns[5] = {2, 5, 37, 100, 300};
    const char *what[3] = {"forward", "input gradient", "parameter gradient"};
    for (int i = 0; i < 5; i++)
        for (int fixed = 0; fixed < 2; fixed++) {
            double err[3];
            long fell;
            td_compare(ns[i], 2, fixed, 0.1, 5u + i, err, &fell);
            cr_expect_eq(fell, 0, "n=%d fixed=%d: fell back to the explicit layer", ns[i], fixed);
            for (int k = 0; k < 3; k++)
                cr_expect(err[k] < 1e-10, "n=%d fixed=%d: %s differs by %.3g", ns[i], fixed, what[k], err[k]);
        }
}

/* Operators with strong growth (entries ~ 2..3): the error estimate is above the tolerance,
 * the step runs on the explicit layer (counted), and the results are the explicit ones. */
Test(trainer_tdfast, falls_back_when_float64_fails)
{
    const int n = 300, r = 1;
    layer_t *F = layer_tdfast_create(n, r);
    cr_assert_not_null(F);
    F->nweights = layer_class_nweights(LAYER_LDR_TD, n, n, r);
    size_t np = F->nweights;
    double *p = malloc(np * sizeof *p), X[300], Y[300];
    unsigned s = 41u;
    td_params(p, n, r, 0.1, &s);
    for (int k = 0; k < n; k++) X[k] = fl_rand(&s);
    F->ops->forward(F, p, X, 1, Y);
    double est;
    cr_expect_eq(layer_tdfast_fallbacks(F, NULL, &est), 0, "estimate %.3g at mild operators", est);
    for (int op = 0; op < 2; op++)
        for (int k = 0; k < 3 * n; k++) p[2 * (size_t)r * n + (size_t)op * 3 * n + k] = 2.0 + fl_rand(&s);
    F->ops->forward(F, p, X, 1, Y);
    long steps;
    cr_expect_eq(layer_tdfast_fallbacks(F, &steps, &est), 1, "estimate %.3g: no fallback", est);
    cr_expect(est > LAYER_TD_FAST_TOL || est < 0);
    cr_expect_eq(steps, 2);
    free(p);
    F->ops->destroy(F);
    /* and the fallback step's results are the explicit layer's */
    double err[3];
    long fell;
    td_compare(n, 1, 0, 2.0, 43u, err, &fell);
    cr_expect_eq(fell, 1);
    for (int k = 0; k < 3; k++) cr_expect(err[k] < 1e-13, "fallback result %d differs by %.3g", k, err[k]);
}

/* Negative control: the comparison detects a wrong claim (the explicit layer with one
 * operator entry changed). */
Test(trainer_tdfast, comparison_detects_wrong_entry)
{
    const int n = 40, r = 1, b = 2;
    layer_t *E = layer_krylov_create(LAYER_LDR_TD, n, r), *F = layer_tdfast_create(n, r);
    cr_assert(E && F);
    size_t np = layer_class_nweights(LAYER_LDR_TD, n, n, r);
    E->nweights = F->nweights = np;
    double *p = malloc(np * sizeof *p), X[2 * 40], Y0[2 * 40], Y1[2 * 40];
    unsigned s = 3u;
    td_params(p, n, r, 0.1, &s);
    for (int k = 0; k < b * n; k++) X[k] = fl_rand(&s);
    F->ops->forward(F, p, X, b, Y1);
    p[2 * (size_t)r * n + 2 * n + 17] += 1e-3; /* a super-diagonal entry of A */
    E->ops->forward(E, p, X, b, Y0);
    cr_expect(fl_maxrel(Y1, Y0, (size_t)b * n) > 1e-6, "a changed entry went unnoticed");
    free(p);
    E->ops->destroy(E); F->ops->destroy(F);
}

/* Central differences of a 2-layer model loss (LDR-TD -> dense 3) with the fast path
 * forced (threshold 2) at n = 7 and 70, every parameter, both corner modes. */
Test(trainer_tdfast, gradients_match_central_differences_forced)
{
    layer_set_fast_threshold(LAYER_LDR_TD, 2);
    const int ns[2] = {7, 70};
    for (int t = 0; t < 2; t++)
        for (int fixed = 0; fixed < 2; fixed++) {
            model_t *m = NULL;
            double worst = fl_model_grad_check(LAYER_LDR_TD, ns[t], fixed, (unsigned)t, 0.1, &m);
            cr_assert_not_null(m);
            cr_expect(worst >= 0 && worst < 1e-6, "n=%d fixed=%d: relative gradient error %.3g", ns[t], fixed,
                      worst);
            cr_expect_eq(layer_tdfast_fallbacks(m->layers[0], NULL, NULL), 0);
            model_free(m);
        }
}

/* n = 4096: directional central differences of f(p, X) = <R, Y(p, X)> along random
 * directions of the parameters (generators, all operator entries, corners) and of the
 * input, against the analytic directional derivatives of the fast backward pass. */
Test(trainer_tdfast, gradients_at_4096_random_directions, .timeout = 300)
{
    const int n = 4096, r = 1, b = 2;
    layer_set_fast_threshold(LAYER_LDR_TD, 2);
    layer_t *L = layer_create(LAYER_LDR_TD, n, n, r, 0);
    cr_assert_not_null(L);
    cr_expect(layer_uses_fast_path(L));
    size_t np = layer_nparams(L), nb = (size_t)b * n, ngen = 2 * (size_t)r * n;
    double *p = malloc(np * sizeof *p), *X = malloc(nb * sizeof *X);
    unsigned s = 77u;
    td_params(p, n, r, 0.002, &s);
    for (size_t k = 0; k < ngen; k++) p[k] /= sqrt((double)n);
    for (size_t k = 0; k < nb; k++) X[k] = fl_rand(&s);
    fl_directional_check(L, p, np, X, b, n, &s);
    cr_expect_eq(layer_tdfast_fallbacks(L, NULL, NULL), 0);
    free(p); free(X);
    layer_destroy(L);
}

/* The fast init (||W||_F from Toeplitz Gram recurrences) equals the explicit init. */
Test(trainer_tdfast, init_matches_explicit_init)
{
    const int ns[2] = {9, 150};
    for (int t = 0; t < 2; t++) {
        const int n = ns[t], r = 3;
        layer_t *E = layer_krylov_create(LAYER_LDR_TD, n, r), *F = layer_tdfast_create(n, r);
        cr_assert(E && F);
        size_t np = layer_class_nweights(LAYER_LDR_TD, n, n, r);
        E->nweights = F->nweights = np;
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

/* The size switch (threshold LAYER_TD_FAST_THRESHOLD; 0 = never) and its override. */
Test(trainer_tdfast, threshold_switch)
{
    cr_expect_eq(layer_fast_threshold(LAYER_LDR_TD), LAYER_TD_FAST_THRESHOLD);
    layer_t *a = layer_create(LAYER_LDR_TD, 784, 784, 1, 0);
    cr_assert_not_null(a);
    cr_expect(!layer_uses_fast_path(a), "n = 784 must keep the explicit layer");
    layer_set_fast_threshold(LAYER_LDR_TD, 100);
    layer_t *b = layer_create(LAYER_LDR_TD, 100, 100, 1, 0), *c = layer_create(LAYER_LDR_TD, 99, 99, 1, 0);
    cr_assert(b && c);
    cr_expect(layer_uses_fast_path(b) && !layer_uses_fast_path(c));
    cr_expect_eq(layer_tdfast_fallbacks(c, NULL, NULL), -1);
    layer_destroy(a); layer_destroy(b); layer_destroy(c);
}
