/* Tests of the issue-6 trainer layers: Table 1 parameter counts, analytic gradients of
 * every weight class against central finite differences, dense weights of the Krylov
 * classes against their definition. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/layer.h"
#include "trainer/model.h"
#include "trainer/tridiag_op.h"

/* Table 1 of Thomas et al. 2018: 784 inputs, 10 classes, hidden bias not counted. */
Test(trainer_layers, table1_parameter_counts)
{
    struct { layer_class_t c; int r; size_t expect; } rows[] = {
        {LAYER_DENSE, 0, 622506},       {LAYER_TOEPLITZ_LIKE, 4, 14122},
        {LAYER_LDR_TD, 1, 14122},       {LAYER_HANKEL_LIKE, 4, 14122},
        {LAYER_VANDERMONDE_LIKE, 4, 14122}, {LAYER_LOWRANK, 4, 14122},
        {LAYER_CIRCULANT, 0, 8634},     {LAYER_LDR_SD, 1, 10986},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        model_t *m = model_create_shl(rows[i].c, 784, rows[i].r, 10);
        cr_assert_not_null(m);
        cr_expect_eq(m->nparams, rows[i].expect, "%s r=%d: %zu params, expected %zu",
                     layer_class_name(rows[i].c), rows[i].r, m->nparams, rows[i].expect);
        model_free(m);
    }
    /* hand-counted small shapes */
    cr_expect_eq(layer_class_nweights(LAYER_LOWER_TRI, 4, 4, 0), 10u);
    cr_expect_eq(layer_class_nweights(LAYER_UPPER_TRI, 2, 4, 0), 7u);  /* 4 + 3 */
    cr_expect_eq(layer_class_nweights(LAYER_LOWER_TRI, 2, 4, 0), 3u);  /* 1 + 2 */
    cr_expect_eq(layer_class_nweights(LAYER_TOEPLITZ, 3, 5, 0), 7u);
    cr_expect_eq(layer_class_nweights(LAYER_LDR_SD, 3, 4, 1), 0u);     /* square only */
    cr_expect_eq(layer_class_nweights(LAYER_LOWRANK, 4, 4, 5), 0u);    /* r > n */
}

/* Deterministic pseudo-random numbers in [-1, 1) for the tests. */
static double test_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return ((*s >> 8) & 0xffff) / 32768.0 - 1.0;
}

/* Max over parameters of |analytic - central FD| / max(|analytic|, |fd|, 1e-3). */
static double trainer_gradcheck_corners(layer_class_t c, int n, int r, unsigned seed, int fixed)
{
    layer_class_t cls[2] = {c, LAYER_DENSE};
    int w[3] = {n, n, 3}, rk[2] = {r, 0}, bias[2] = {1, 1};
    model_t *m = model_create(2, cls, w, rk, bias);
    cr_assert_not_null(m);
    model_init(m, seed);
    model_set_fixed_corners(m, fixed);
    unsigned s = seed;
    for (size_t k = 0; k < m->nparams; k++) m->params[k] += 0.3 * test_rand(&s);
    const int b = 5;
    double X[5 * 16];
    int y[5];
    for (int i = 0; i < b * n; i++) X[i] = test_rand(&s);
    for (int i = 0; i < b; i++) y[i] = i % 3;
    double worst = model_grad_check(m, X, y, b, 1e-5);
    model_free(m);
    return worst;
}

static double trainer_gradcheck(layer_class_t c, int n, int r, unsigned seed)
{
    return trainer_gradcheck_corners(c, n, r, seed, 0);
}

Test(trainer_layers, gradients_match_central_differences)
{
    for (int c = 0; c < LAYER_NCLASSES; c++) {
        int r = layer_class_has_rank((layer_class_t)c) ? 2 : 0;
        double err = trainer_gradcheck((layer_class_t)c, 7, r, 11u + c);
        cr_expect(err < 1e-6, "%s: relative gradient error %.3g", layer_class_name(c), err);
    }
}

/* Corners held at 0 (--corners fixed, the authors' sd / td classes): the remaining
 * gradients still match central differences (the corner parameters, perturbed away from 0
 * above, are ignored, so their FD and analytic gradients are both 0), the corner gradients
 * are exactly 0, and the weight is the learned-corner weight with the corners set to 0. */
Test(trainer_layers, fixed_corners_gradients_and_weight)
{
    const layer_class_t cls[2] = {LAYER_LDR_SD, LAYER_LDR_TD};
    for (int t = 0; t < 2; t++) {
        double err = trainer_gradcheck_corners(cls[t], 7, 2, 40u + t, 1);
        cr_expect(err < 1e-6, "%s fixed corners: relative gradient error %.3g", layer_class_name(cls[t]), err);
        const int n = 6, r = 2;
        layer_t *L = layer_create(cls[t], n, n, r, 0);
        cr_assert_not_null(L);
        size_t np = layer_nparams(L), off = 2 * (size_t)r * n;
        double *p = malloc(np * sizeof *p), *q = malloc(np * sizeof *q), *dp = calloc(np, sizeof *dp);
        double W[36], Wz[36], X[3 * 6], Y[3 * 6], dY[3 * 6];
        unsigned s = 7u + t;
        for (size_t k = 0; k < np; k++) p[k] = test_rand(&s);
        for (int k = 0; k < 3 * n; k++) { X[k] = test_rand(&s); dY[k] = test_rand(&s); }
        /* corner slots: LDR-SD the last entry of each operator block (n), LDR-TD the last two (3n) */
        size_t blk = cls[t] == LAYER_LDR_SD ? (size_t)n : 3 * (size_t)n;
        int ncorner = cls[t] == LAYER_LDR_SD ? 1 : 2;
        memcpy(q, p, np * sizeof *q);
        for (int op = 0; op < 2; op++)
            for (int k = 0; k < ncorner; k++) q[off + (op + 1) * blk - 1 - k] = 0.0;
        L->fixed_corners = 0;
        L->ops->weight(L, q, Wz);       /* learned form, corners set to 0 */
        L->fixed_corners = 1;
        L->ops->weight(L, p, W);        /* fixed form, corner parameters nonzero but ignored */
        double dw = 0;
        for (int k = 0; k < n * n; k++) dw = fmax(dw, fabs(W[k] - Wz[k]));
        cr_expect(dw < 1e-12, "%s: fixed-corner weight differs from the zero-corner weight by %.3g",
                  layer_class_name(cls[t]), dw);
        layer_forward(L, p, X, 3, Y);
        layer_backward(L, p, X, dY, 3, NULL, dp);
        for (int op = 0; op < 2; op++)
            for (int k = 0; k < ncorner; k++)
                cr_expect_eq(dp[off + (op + 1) * blk - 1 - k], 0.0, "%s: corner gradient not 0",
                             layer_class_name(cls[t]));
        /* negative control: with learned corners the same nonzero corners change W */
        L->fixed_corners = 0;
        L->ops->weight(L, p, W);
        dw = 0;
        for (int k = 0; k < n * n; k++) dw = fmax(dw, fabs(W[k] - Wz[k]));
        cr_expect(dw > 1e-3, "%s: learned corners do not change W (%.3g)", layer_class_name(cls[t]), dw);
        free(p); free(q); free(dp);
        layer_destroy(L);
    }
}

/* Negative control: a wrong gradient (one entry perturbed) is detected by the same check. */
Test(trainer_layers, gradient_check_detects_error)
{
    double fd = 0.25, g = 0.25 * (1 + 1e-4);
    cr_expect(fabs(fd - g) / fmax(fabs(g), 1e-3) > 1e-6);
}

/* Prop. 3 form by hand: Toeplitz-like, r = 1, g = h = e_0.  K(Z_1, e_0) = I and
 * K(Z_{-1}^T, e_0) = [e_0, -e_{n-1}, -e_{n-2}, ..., -e_1], so W = K(Z_{-1}^T, e_0)^T has
 * W[0][0] = 1, W[i][n-i] = -1 (i >= 1), zeros elsewhere. */
Test(trainer_layers, toeplitz_like_by_hand)
{
    const int n = 5;
    layer_t *L = layer_create(LAYER_TOEPLITZ_LIKE, n, n, 1, 0);
    cr_assert_not_null(L);
    double p[10] = {0}, W[25];
    p[0] = 1.0; p[n] = 1.0;
    L->ops->weight(L, p, W);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double e = (i == 0 && j == 0) ? 1.0 : (i >= 1 && j == n - i) ? -1.0 : 0.0;
            cr_expect_eq(W[i * n + j], e, "W[%d][%d] = %g, expected %g", i, j, W[i * n + j], e);
        }
    layer_destroy(L);
}

/* Circulant and Toeplitz gather maps against the definitions. */
Test(trainer_layers, explicit_structures)
{
    layer_t *C = layer_create(LAYER_CIRCULANT, 3, 3, 0, 0);
    layer_t *T = layer_create(LAYER_TOEPLITZ, 2, 3, 0, 0);
    layer_t *U = layer_create(LAYER_UPPER_TRI, 3, 3, 0, 0);
    double pc[3] = {1, 2, 3}, pt[4] = {1, 2, 3, 4}, pu[6] = {1, 2, 3, 4, 5, 6}, W[9];
    C->ops->weight(C, pc, W); /* W[p][q] = c[(p-q) mod 3] */
    double wc[9] = {1, 3, 2, 2, 1, 3, 3, 2, 1};
    for (int k = 0; k < 9; k++) cr_expect_eq(W[k], wc[k]);
    T->ops->weight(T, pt, W); /* W[p][q] = t[q-p+1] */
    double wt[6] = {2, 3, 4, 1, 2, 3};
    for (int k = 0; k < 6; k++) cr_expect_eq(W[k], wt[k]);
    U->ops->weight(U, pu, W);
    double wu[9] = {1, 2, 3, 0, 4, 5, 0, 0, 6};
    for (int k = 0; k < 9; k++) cr_expect_eq(W[k], wu[k]);
    layer_destroy(C); layer_destroy(T); layer_destroy(U);
}

/* The FFT form of Toeplitz-like and Hankel-like, and the dense-weight form of
 * Vandermonde-like (what layer_create builds), against the
 * Krylov form of the same parameters: forward, input gradient and parameter gradient, at a
 * small odd size and at n = 784 (issue 13), relative to the size of the result. */
static void fft_vs_krylov(layer_class_t c, int n, int r, int b, unsigned seed)
{
    layer_t *F = layer_create(c, n, n, r, 0), *K = layer_krylov_create(c, n, r);
    cr_assert_not_null(F);
    cr_assert_not_null(K);
    K->cls = c; K->in = K->out = n; K->rank = r; K->nweights = layer_class_nweights(c, n, n, r);
    size_t np = K->nweights;
    double *p = malloc(np * sizeof *p), *X = malloc((size_t)b * n * sizeof *X);
    double *dY = malloc((size_t)b * n * sizeof *dY), *Y1 = malloc((size_t)b * n * sizeof *Y1);
    double *Y2 = malloc((size_t)b * n * sizeof *Y2), *dX1 = malloc((size_t)b * n * sizeof *dX1);
    double *dX2 = malloc((size_t)b * n * sizeof *dX2), *dp1 = calloc(np, sizeof *dp1), *dp2 = calloc(np, sizeof *dp2);
    unsigned s = seed;
    for (size_t k = 0; k < np; k++) p[k] = test_rand(&s) / sqrt((double)n);
    for (int k = 0; k < b * n; k++) { X[k] = test_rand(&s); dY[k] = test_rand(&s); }
    layer_forward(F, p, X, b, Y1);
    layer_forward(K, p, X, b, Y2);
    layer_backward(F, p, X, dY, b, dX1, dp1);
    layer_backward(K, p, X, dY, b, dX2, dp2);
    double e[3] = {0}, m[3] = {0};
    for (int k = 0; k < b * n; k++) {
        e[0] = fmax(e[0], fabs(Y1[k] - Y2[k])); m[0] = fmax(m[0], fabs(Y2[k]));
        e[1] = fmax(e[1], fabs(dX1[k] - dX2[k])); m[1] = fmax(m[1], fabs(dX2[k]));
    }
    for (size_t k = 0; k < np; k++) { e[2] = fmax(e[2], fabs(dp1[k] - dp2[k])); m[2] = fmax(m[2], fabs(dp2[k])); }
    const char *what[3] = {"forward", "input gradient", "parameter gradient"};
    for (int i = 0; i < 3; i++)
        cr_expect(e[i] <= 1e-12 * m[i] && m[i] > 0, "%s n=%d: %s differs by %.3g (scale %.3g)",
                  layer_class_name(c), n, what[i], e[i], m[i]);
    free(p); free(X); free(dY); free(Y1); free(Y2); free(dX1); free(dX2); free(dp1); free(dp2);
    layer_destroy(F); layer_destroy(K);
}

Test(trainer_layers, fft_form_matches_krylov_form)
{
    fft_vs_krylov(LAYER_TOEPLITZ_LIKE, 7, 2, 3, 5u);
    fft_vs_krylov(LAYER_HANKEL_LIKE, 7, 2, 3, 6u);
    fft_vs_krylov(LAYER_TOEPLITZ_LIKE, 784, 4, 4, 7u);
    fft_vs_krylov(LAYER_HANKEL_LIKE, 784, 4, 4, 8u);
    /* the O(r n^2) dense-weight form of Vandermonde-like, same comparison */
    fft_vs_krylov(LAYER_VANDERMONDE_LIKE, 7, 2, 3, 9u);
    fft_vs_krylov(LAYER_VANDERMONDE_LIKE, 784, 4, 4, 10u);
}

/* Negative control: a Toeplitz-like FFT layer compared with the Hankel-like Krylov form
 * (a wrong claim) must differ. */
Test(trainer_layers, fft_form_detects_wrong_class)
{
    const int n = 7, r = 1, b = 2;
    layer_t *F = layer_create(LAYER_TOEPLITZ_LIKE, n, n, r, 0), *K = layer_krylov_create(LAYER_HANKEL_LIKE, n, r);
    K->cls = LAYER_HANKEL_LIKE; K->in = K->out = n; K->rank = r; K->nweights = 2 * (size_t)n;
    double p[14], X[14], Y1[14], Y2[14];
    unsigned s = 3;
    for (int k = 0; k < 14; k++) { p[k] = test_rand(&s); X[k] = test_rand(&s); }
    layer_forward(F, p, X, b, Y1);
    layer_forward(K, p, X, b, Y2);
    double e = 0;
    for (int k = 0; k < b * n; k++) e = fmax(e, fabs(Y1[k] - Y2[k]));
    cr_expect(e > 1e-3, "the wrong class was not detected (difference %.3g)", e);
    layer_destroy(F); layer_destroy(K);
}

/* The authors' formula, built by hand (HazyResearch/structured-nets, their sd / td classes:
 * W = sum_i K(A, g_i) K(B, h_i)^T, K(M, v) = [v, Mv, ..., M^{n-1} v], A and B tridiagonal
 * with (M v)[p] = s[p-1] v[p-1] + d[p] v[p] + u[p] v[p+1], corners 0; for sd only s).  Our
 * parameter layout per operator (layer_krylov.c): LDR-SD s (n-1) | corner; LDR-TD d (n) |
 * s (n-1) | u (n-1) | cu | cl, the second block being their B (our "B^T").  Issue 13. */
static void their_krylov(int n, const double *s, const double *d, const double *u, const double *v,
                         double *K /* n x n, column j = M^j v */)
{
    double *c = malloc((size_t)n * sizeof *c), *nx = malloc((size_t)n * sizeof *nx);
    memcpy(c, v, (size_t)n * sizeof *c);
    for (int j = 0; j < n; j++) {
        for (int p = 0; p < n; p++) K[p * n + j] = c[p];
        for (int p = 0; p < n; p++)
            nx[p] = (p ? s[p - 1] * c[p - 1] : 0) + (d ? d[p] * c[p] : 0) + (u && p + 1 < n ? u[p] * c[p + 1] : 0);
        memcpy(c, nx, (size_t)n * sizeof *c);
    }
    free(c); free(nx);
}

Test(trainer_layers, ldr_sd_td_equal_the_authors_formula)
{
    const layer_class_t cls[2] = {LAYER_LDR_SD, LAYER_LDR_TD};
    const int n = 7, r = 2;
    for (int t = 0; t < 2; t++) {
        layer_t *L = layer_create(cls[t], n, n, r, 0);
        cr_assert_not_null(L);
        L->fixed_corners = 1; /* their sd / td: corners are constants 0 */
        size_t np = layer_nparams(L), off = 2 * (size_t)r * n, blk = t ? 3 * (size_t)n : (size_t)n;
        double *p = malloc(np * sizeof *p);
        unsigned sd = 101u + t;
        for (size_t k = 0; k < np; k++) p[k] = test_rand(&sd);
        double W[49], Wt[49] = {0}, Wx[49] = {0}, KA[49], KB[49];
        L->ops->weight(L, p, W);
        for (int i = 0; i < r; i++) {
            const double *oA = p + off, *oB = p + off + blk;
            if (t) {
                their_krylov(n, oA + n, oA, oA + 2 * n - 1, p + (size_t)i * n, KA);
                their_krylov(n, oB + n, oB, oB + 2 * n - 1, p + (size_t)(r + i) * n, KB);
            } else {
                their_krylov(n, oA, NULL, NULL, p + (size_t)i * n, KA);
                their_krylov(n, oB, NULL, NULL, p + (size_t)(r + i) * n, KB);
            }
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    for (int k = 0; k < n; k++) Wt[a * n + b] += KA[a * n + k] * KB[b * n + k];
            /* negative control: the other orientation, K(A, g) K(B^T, h)^T */
            if (t) their_krylov(n, oB + 2 * n - 1, oB, oB + n, p + (size_t)(r + i) * n, KB);
            else {
                /* B^T of a subdiagonal B is superdiagonal */
                double Ks[49];
                their_krylov(n, (const double[6]){0, 0, 0, 0, 0, 0}, NULL, oB, p + (size_t)(r + i) * n, Ks);
                memcpy(KB, Ks, sizeof Ks);
            }
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    for (int k = 0; k < n; k++) Wx[a * n + b] += KA[a * n + k] * KB[b * n + k];
        }
        double e = 0, ex = 0, mx = 0;
        for (int k = 0; k < n * n; k++) {
            e = fmax(e, fabs(W[k] - Wt[k]));
            ex = fmax(ex, fabs(Wx[k] - Wt[k]));
            mx = fmax(mx, fabs(Wt[k]));
        }
        cr_expect(e <= 1e-12 * mx, "%s: our W differs from the authors' formula by %.3g (max %.3g)",
                  layer_class_name(cls[t]), e, mx);
        cr_expect(ex > 1e-3 * mx, "%s: the transposed orientation is not told apart (%.3g)",
                  layer_class_name(cls[t]), ex);
        free(p);
        layer_destroy(L);
    }
}
