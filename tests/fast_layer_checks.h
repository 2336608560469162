/* fast_layer_checks.h - checks shared by the tests of the fast LDR layers
 * (test_trainer_sdfast.c, test_trainer_tdfast.c): a seeded uniform draw, the normwise
 * relative difference, central differences of a small model with the fast path forced, and
 * directional central differences of one layer at a large size. */
#ifndef TESTS_FAST_LAYER_CHECKS_H
#define TESTS_FAST_LAYER_CHECKS_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "trainer/layer.h"
#include "trainer/model.h"

/* Uniform in [-1, 1) from a 32-bit LCG. */
static inline double fl_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return ((*s >> 8) & 0xffff) / 32768.0 - 1.0;
}

/* max |a - b| / max |b| (1 when b is 0). */
static inline double fl_maxrel(const double *a, const double *b, size_t m)
{
    double d = 0, s = 0;
    for (size_t k = 0; k < m; k++) { d = fmax(d, fabs(a[k] - b[k])); s = fmax(s, fabs(b[k])); }
    return d / (s > 0 ? s : 1.0);
}

/* Worst relative error of model_grad_check for the model CLS (n -> n, rank 2) -> dense 3
 * with the fast path forced (the caller sets the threshold), its parameters moved by
 * SPREAD U[-1, 1) from model_init; every parameter, central differences.  Checks that the
 * first layer is on the fast path; -1 when the model cannot be built. */
static inline double fl_model_grad_check(layer_class_t cls, int n, int fixed, unsigned t,
                                         double spread, model_t **keep)
{
    const int b = 4;
    layer_class_t c[2] = {cls, LAYER_DENSE};
    int w[3] = {n, n, 3}, rk[2] = {2, 0}, bias[2] = {1, 1};
    model_t *m = model_create(2, c, w, rk, bias);
    if (!m) return -1;
    cr_expect(layer_uses_fast_path(m->layers[0]), "fast path not taken at n = %d", n);
    model_init(m, 9u + t);
    model_set_fixed_corners(m, fixed);
    unsigned s = 21u + t;
    for (size_t k = 0; k < m->nparams; k++) m->params[k] += spread * fl_rand(&s);
    double *X = malloc((size_t)b * n * sizeof *X);
    int y[4];
    for (int i = 0; i < b * n; i++) X[i] = fl_rand(&s);
    for (int i = 0; i < b; i++) y[i] = i % 3;
    double worst = model_grad_check(m, X, y, b, 1e-5);
    free(X);
    if (keep) *keep = m;
    else model_free(m);
    return worst;
}

/* Directional central differences of f(p, X) = <R, Y(p, X)> for layer L (no bias) at the
 * parameters P (NP of them) and input X (B x n), along three random directions (the third
 * also moves X), against the directional derivatives of L's backward pass: relative error
 * < 1e-5, and a 0.1% wrong claim is rejected (negative control). */
static inline void fl_directional_check(layer_t *L, const double *p, size_t np, const double *X,
                                        int b, int n, unsigned *s)
{
    size_t nb = (size_t)b * n;
    double *q = malloc(np * sizeof *q), *dp = calloc(np, sizeof *dp), *dir = malloc(np * sizeof *dir);
    double *X2 = malloc(nb * sizeof *X2), *R = malloc(nb * sizeof *R), *Y = malloc(nb * sizeof *Y);
    double *dX = malloc(nb * sizeof *dX), *dirx = malloc(nb * sizeof *dirx);
    for (size_t k = 0; k < nb; k++) R[k] = fl_rand(s);
    L->ops->forward(L, p, X, b, Y);
    L->ops->backward(L, p, X, R, b, dX, dp);
    for (int trial = 0; trial < 3; trial++) {
        double an = 0, h = 1e-6;
        for (size_t k = 0; k < np; k++) { dir[k] = fl_rand(s); an += dir[k] * dp[k]; }
        for (size_t k = 0; k < nb; k++) { dirx[k] = trial == 2 ? fl_rand(s) : 0.0; an += dirx[k] * dX[k]; }
        double f[2];
        for (int sg = 0; sg < 2; sg++) {
            double t = sg ? -h : h;
            for (size_t k = 0; k < np; k++) q[k] = p[k] + t * dir[k];
            for (size_t k = 0; k < nb; k++) X2[k] = X[k] + t * dirx[k];
            L->ops->forward(L, q, X2, b, Y);
            f[sg] = 0;
            for (size_t k = 0; k < nb; k++) f[sg] += R[k] * Y[k];
        }
        double fd = (f[0] - f[1]) / (2 * h), rel = fabs(fd - an) / fmax(fabs(an), 1e-12);
        cr_expect(rel < 1e-5, "direction %d: FD %.10g vs analytic %.10g (rel %.3g)", trial, fd, an, rel);
        cr_expect(fabs(fd - 1.001 * an) / fabs(an) > 1e-4, "direction %d: check cannot see 1e-3", trial);
    }
    free(q); free(dp); free(dir); free(X2); free(R); free(Y); free(dX); free(dirx);
}

#endif
