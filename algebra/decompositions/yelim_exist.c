/* yelim_exist.c -- Krawczyk existence test for exact Toeplitz / Hankel factors
 * (see yelim_exist.h). */
#include "decompositions/yelim_exist.h"
#include "decompositions/yelim_numeric.h"

#include <arb.h>
#include <arb_mat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Greedy QR with column pivoting on the float64 Jacobian (nn x N, row-major): the nn columns
 * chosen in order.  Returns 0, or -1 if the Jacobian is numerically rank deficient. */
static int yelim_pick_columns(slong *cols, const double *J, slong nn, slong N)
{
    double *A = malloc(sizeof(double) * (size_t)(nn * N));
    char *used = calloc((size_t)N, 1);
    memcpy(A, J, sizeof(double) * (size_t)(nn * N));
    double first = -1;
    int rc = 0;
    for (slong s = 0; s < nn && rc == 0; s++) {
        slong best = -1;
        double bn = -1;
        for (slong q = 0; q < N; q++) {
            if (used[q])
                continue;
            double t = 0;
            for (slong i = 0; i < nn; i++)
                t += A[i * N + q] * A[i * N + q];
            if (t > bn) {
                bn = t;
                best = q;
            }
        }
        if (first < 0)
            first = bn;
        if (best < 0 || bn <= 1e-24 * first) {
            rc = -1;
            break;
        }
        used[best] = 1;
        cols[s] = best;
        double nb = sqrt(bn);
        for (slong i = 0; i < nn; i++)
            A[i * N + best] /= nb;
        for (slong q = 0; q < N; q++) {
            if (used[q])
                continue;
            double d = 0;
            for (slong i = 0; i < nn; i++)
                d += A[i * N + best] * A[i * N + q];
            for (slong i = 0; i < nn; i++)
                A[i * N + q] -= d * A[i * N + best];
        }
    }
    free(A);
    free(used);
    return rc;
}

/* Factors from parameter balls; P := product, Pre/Suf prefix and suffix products. */
static void yelim_arb_factors(arb_mat_struct *Pre, arb_mat_struct *Suf, arb_mat_t P,
                              yelim_kind_t kind, slong n, slong k, arb_srcptr th, slong prec)
{
    slong np = 2 * n - 1;
    arb_mat_t F;
    arb_mat_init(F, n, n);
    arb_mat_one(&Pre[0]);
    arb_mat_one(&Suf[k - 1]);
    for (slong f = 0; f < k; f++) {
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++)
                arb_set(arb_mat_entry(F, i, j), th + f * np + yelim_param_index(kind, n, i, j));
        if (f + 1 < k)
            arb_mat_mul(&Pre[f + 1], &Pre[f], F, prec);
        else
            arb_mat_mul(P, &Pre[f], F, prec);
    }
    for (slong f = k - 2; f >= 0; f--) {
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++)
                arb_set(arb_mat_entry(F, i, j),
                        th + (f + 1) * np + yelim_param_index(kind, n, i, j));
        arb_mat_mul(&Suf[f], F, &Suf[f + 1], prec);
    }
    arb_mat_clear(F);
}

/* JS (nn x nn) := columns COLS of the Jacobian, enclosed over the parameter balls TH. */
static void yelim_arb_jacobian_cols(arb_mat_t JS, yelim_kind_t kind, slong n, slong k,
                                    arb_srcptr th, const slong *cols, slong prec)
{
    slong nn = n * n, np = 2 * n - 1;
    arb_mat_struct *Pre = flint_malloc(sizeof(arb_mat_struct) * (size_t)k);
    arb_mat_struct *Suf = flint_malloc(sizeof(arb_mat_struct) * (size_t)k);
    arb_mat_t P;
    arb_t t;
    arb_init(t);
    arb_mat_init(P, n, n);
    for (slong f = 0; f < k; f++) {
        arb_mat_init(&Pre[f], n, n);
        arb_mat_init(&Suf[f], n, n);
    }
    yelim_arb_factors(Pre, Suf, P, kind, n, k, th, prec);
    arb_mat_zero(JS);
    for (slong s = 0; s < nn; s++) {
        slong f = cols[s] / np, d = cols[s] % np;
        for (slong a = 0; a < n; a++) {
            slong b = kind == YELIM_TOEPLITZ ? a - d + n - 1 : d - a;
            if (b < 0 || b >= n)
                continue;
            for (slong r = 0; r < n; r++)
                for (slong c = 0; c < n; c++)
                    arb_addmul(arb_mat_entry(JS, r * n + c, s), arb_mat_entry(&Pre[f], r, a),
                               arb_mat_entry(&Suf[f], b, c), prec);
        }
    }
    for (slong f = 0; f < k; f++) {
        arb_mat_clear(&Pre[f]);
        arb_mat_clear(&Suf[f]);
    }
    flint_free(Pre);
    flint_free(Suf);
    arb_mat_clear(P);
    arb_clear(t);
}

/* f(x~) = vec(prod - M) at the exact center (nn x 1). */
static void yelim_arb_residual(arb_mat_t fx, yelim_kind_t kind, slong n, slong k, arb_srcptr th,
                               const double *M, slong prec)
{
    arb_mat_struct *Pre = flint_malloc(sizeof(arb_mat_struct) * (size_t)k);
    arb_mat_struct *Suf = flint_malloc(sizeof(arb_mat_struct) * (size_t)k);
    arb_mat_t P;
    arb_t m;
    arb_init(m);
    arb_mat_init(P, n, n);
    for (slong f = 0; f < k; f++) {
        arb_mat_init(&Pre[f], n, n);
        arb_mat_init(&Suf[f], n, n);
    }
    yelim_arb_factors(Pre, Suf, P, kind, n, k, th, prec);
    for (slong i = 0; i < n * n; i++) {
        arb_set_d(m, M[i]);
        arb_sub(arb_mat_entry(fx, i, 0), arb_mat_entry(P, i / n, i % n), m, prec);
    }
    for (slong f = 0; f < k; f++) {
        arb_mat_clear(&Pre[f]);
        arb_mat_clear(&Suf[f]);
    }
    flint_free(Pre);
    flint_free(Suf);
    arb_mat_clear(P);
    arb_clear(m);
}

/* One Krawczyk test with box radius r; 1 if K(X) is inside the interior of X. */
static int yelim_krawczyk_once(yelim_kind_t kind, slong n, slong k, arb_srcptr center,
                               const slong *cols, const double *M, double r, slong prec)
{
    slong nn = n * n, N = k * (2 * n - 1);
    arb_ptr box = _arb_vec_init(N);
    arb_mat_t JS, Y, fx, Yf, C, D, CD;
    arb_mat_init(JS, nn, nn);
    arb_mat_init(Y, nn, nn);
    arb_mat_init(fx, nn, 1);
    arb_mat_init(Yf, nn, 1);
    arb_mat_init(C, nn, nn);
    arb_mat_init(D, nn, 1);
    arb_mat_init(CD, nn, 1);
    int ok = 0;
    /* Y: midpoint inverse of J_S at the exact center */
    yelim_arb_jacobian_cols(JS, kind, n, k, center, cols, prec);
    arb_mat_get_mid(JS, JS);
    if (arb_mat_inv(Y, JS, prec)) {
        arb_mat_get_mid(Y, Y);
        yelim_arb_residual(fx, kind, n, k, center, M, prec);
        arb_mat_mul(Yf, Y, fx, prec);
        /* box over the chosen unknowns */
        _arb_vec_set(box, center, N);
        for (slong s = 0; s < nn; s++)
            mag_set_d(arb_radref(box + cols[s]), r);
        yelim_arb_jacobian_cols(JS, kind, n, k, box, cols, prec);
        arb_mat_mul(C, Y, JS, prec);
        arb_mat_neg(C, C);
        for (slong i = 0; i < nn; i++)
            arb_add_ui(arb_mat_entry(C, i, i), arb_mat_entry(C, i, i), 1, prec);
        for (slong i = 0; i < nn; i++) {
            arb_zero(arb_mat_entry(D, i, 0));
            mag_set_d(arb_radref(arb_mat_entry(D, i, 0)), r);
        }
        arb_mat_mul(CD, C, D, prec);
        arb_mat_sub(CD, CD, Yf, prec); /* K - x~ */
        ok = 1;
        arf_t b, rr;
        arf_init(b);
        arf_init(rr);
        arf_set_d(rr, r);
        for (slong i = 0; i < nn && ok; i++) {
            arb_get_abs_ubound_arf(b, arb_mat_entry(CD, i, 0), prec);
            ok = arf_cmp(b, rr) < 0;
        }
        arf_clear(b);
        arf_clear(rr);
    }
    _arb_vec_clear(box, N);
    arb_mat_clear(JS);
    arb_mat_clear(Y);
    arb_mat_clear(fx);
    arb_mat_clear(Yf);
    arb_mat_clear(C);
    arb_mat_clear(D);
    arb_mat_clear(CD);
    return ok;
}

int yelim_krawczyk(double *radius, yelim_kind_t kind, slong n, slong k, mpfr_t *theta,
                   const double *M, slong prec)
{
    slong nn = n * n, N = k * (2 * n - 1);
    if (N < nn)
        return 0;
    arb_ptr center = _arb_vec_init(N);
    double scale = 1.0;
    for (slong q = 0; q < N; q++) {
        arf_set_mpfr(arb_midref(center + q), theta[q]);
        scale = fmax(scale, fabs(mpfr_get_d(theta[q], MPFR_RNDN)));
    }
    /* float64 Jacobian at the center, for the choice of unknowns */
    double *Jd = malloc(sizeof(double) * (size_t)(nn * N));
    double *thd = malloc(sizeof(double) * (size_t)N);
    for (slong q = 0; q < N; q++)
        thd[q] = mpfr_get_d(theta[q], MPFR_RNDN);
    yelim_jacobian_d(Jd, kind, n, k, thd);
    slong *cols = malloc(sizeof(slong) * (size_t)nn);
    int ok = 0;
    if (yelim_pick_columns(cols, Jd, nn, N) == 0) {
        const int exps[] = {-40, -80, -120};
        for (int e = 0; e < 3 && !ok; e++) {
            double r = ldexp(scale, exps[e]);
            ok = yelim_krawczyk_once(kind, n, k, center, cols, M, r, prec);
            if (ok)
                *radius = r;
        }
    }
    free(Jd);
    free(thd);
    free(cols);
    _arb_vec_clear(center, N);
    return ok;
}
