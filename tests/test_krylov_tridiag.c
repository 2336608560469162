/* test_krylov_tridiag.c -- the O(n log^2 n) LDR-TD Krylov multiply (algebra/fast/
 * krylov_tridiag.h): the exact version against the explicit construction K = [g, Ag, ...]
 * over Q, the float64 version against the exact one, and the run-time refusal. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast/krylov_tridiag.h"

static unsigned long long tt_state = 0x9E3779B97F4A7C15ULL;
static double tt_unif(double lo, double hi)
{
    tt_state ^= tt_state << 13;
    tt_state ^= tt_state >> 7;
    tt_state ^= tt_state << 17;
    return lo + (hi - lo) * (double)(tt_state >> 11) / 9007199254740992.0;
}

/* small random rational p/q, p in [-3, 3], q in {1, 2, 3}; zero with probability zero_p */
static void rand_q(fmpq_t v, double zero_p)
{
    if (tt_unif(0, 1) < zero_p) {
        fmpq_zero(v);
        return;
    }
    fmpq_set_si(v, (slong)floor(tt_unif(-3, 4)), (ulong)floor(tt_unif(1, 4)));
}

/* y = K x or K^T x with K built explicitly: column i = A^i g (tridiagonal A, no corner). */
static void explicit_mul(fmpq *y, slong n, const fmpq *d, const fmpq *s, const fmpq *u,
                         const fmpq *g, const fmpq *x, int transpose)
{
    fmpq *v = _fmpq_vec_init(n), *w = _fmpq_vec_init(n);
    fmpq_t p;
    fmpq_init(p);
    for (slong t = 0; t < n; t++)
        fmpq_set(v + t, g + t);
    for (slong t = 0; t < n; t++)
        fmpq_zero(y + t);
    for (slong i = 0; i < n; i++) { /* v = A^i g */
        if (transpose) {
            for (slong t = 0; t < n; t++)
                fmpq_addmul(y + i, x + t, v + t);
        } else {
            for (slong t = 0; t < n; t++)
                fmpq_addmul(y + t, x + i, v + t);
        }
        for (slong t = 0; t < n; t++) {
            fmpq_mul(w + t, d + t, v + t);
            if (t > 0)
                fmpq_addmul(w + t, s + t - 1, v + t - 1);
            if (t + 1 < n)
                fmpq_addmul(w + t, u + t, v + t + 1);
        }
        for (slong t = 0; t < n; t++)
            fmpq_swap(v + t, w + t);
    }
    fmpq_clear(p);
    _fmpq_vec_clear(v, n);
    _fmpq_vec_clear(w, n);
}

/* Every n <= 20 (odd and even splits), random rationals with zeros in every band. */
Test(krylov_tridiag, exact_matches_explicit)
{
    for (slong n = 1; n <= 20; n++)
        for (int rep = 0; rep < 3; rep++) {
            double zp = rep == 0 ? 0.0 : (rep == 1 ? 0.3 : 0.7);
            fmpq *d = _fmpq_vec_init(n), *s = _fmpq_vec_init(n), *u = _fmpq_vec_init(n);
            fmpq *g = _fmpq_vec_init(n), *x = _fmpq_vec_init(n);
            fmpq *ye = _fmpq_vec_init(n), *yf = _fmpq_vec_init(n);
            for (slong t = 0; t < n; t++) {
                rand_q(d + t, zp);
                rand_q(s + t, zp);
                rand_q(u + t, zp);
                rand_q(g + t, 0.1);
                rand_q(x + t, 0.1);
            }
            for (int tr = 0; tr <= 1; tr++) {
                explicit_mul(ye, n, d, s, u, g, x, tr);
                krylov_tridiag_exact_mul(yf, n, d, s, u, g, x, tr);
                for (slong t = 0; t < n; t++)
                    cr_assert(fmpq_equal(ye + t, yf + t), "n=%ld rep=%d tr=%d t=%ld", (long)n,
                              rep, tr, (long)t);
            }
            _fmpq_vec_clear(d, n);
            _fmpq_vec_clear(s, n);
            _fmpq_vec_clear(u, n);
            _fmpq_vec_clear(g, n);
            _fmpq_vec_clear(x, n);
            _fmpq_vec_clear(ye, n);
            _fmpq_vec_clear(yf, n);
        }
}

/* Negative control: the exact multiply of a different operator (one entry of u changed)
 * must differ from the explicit product of the original one. */
Test(krylov_tridiag, exact_detects_wrong_operator)
{
    slong n = 9;
    fmpq *d = _fmpq_vec_init(n), *s = _fmpq_vec_init(n), *u = _fmpq_vec_init(n);
    fmpq *g = _fmpq_vec_init(n), *x = _fmpq_vec_init(n);
    fmpq *ye = _fmpq_vec_init(n), *yf = _fmpq_vec_init(n);
    for (slong t = 0; t < n; t++) {
        fmpq_set_si(d + t, (slong)(t % 3) - 1, 1);
        fmpq_set_si(s + t, 1, 1);
        fmpq_set_si(u + t, (slong)(t % 2), 2);
        fmpq_set_si(g + t, (slong)t + 1, 1);
        fmpq_set_si(x + t, 1 - (slong)(t % 4), 1);
    }
    explicit_mul(ye, n, d, s, u, g, x, 1);
    fmpq_add_si(u + 3, u + 3, 1);
    krylov_tridiag_exact_mul(yf, n, d, s, u, g, x, 1);
    int same = 1;
    for (slong t = 0; t < n; t++)
        same &= fmpq_equal(ye + t, yf + t);
    cr_assert_not(same);
    _fmpq_vec_clear(d, n);
    _fmpq_vec_clear(s, n);
    _fmpq_vec_clear(u, n);
    _fmpq_vec_clear(g, n);
    _fmpq_vec_clear(x, n);
    _fmpq_vec_clear(ye, n);
    _fmpq_vec_clear(yf, n);
}

/* dyadic k/den with k uniform in [-kmax, kmax]: exact in double and in Q */
static double dyadic(long kmax, long den) { return floor(tt_unif(-(double)kmax, (double)kmax + 1)) / (double)den; }

/* Float64 against the exact algorithm on near-trainer operators (s = 1 + O(1/16), d, u =
 * O(1/16)), every n <= 70 and a few powers of two, both products, batches of 3. */
Test(krylov_tridiag, float_matches_exact)
{
    long sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 64, 70, 128};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        long n = sizes[si], cnt = 3;
        double *d = calloc((size_t)n, 8), *s = calloc((size_t)n, 8), *u = calloc((size_t)n, 8);
        double *g = calloc((size_t)n, 8), *x = calloc((size_t)(n * cnt), 8);
        double *yf = calloc((size_t)(n * cnt), 8);
        fmpq *dq = _fmpq_vec_init(n), *sq = _fmpq_vec_init(n), *uq = _fmpq_vec_init(n);
        fmpq *gq = _fmpq_vec_init(n), *xq = _fmpq_vec_init(n), *yq = _fmpq_vec_init(n);
        for (long t = 0; t < n; t++) {
            d[t] = dyadic(2, 32);
            s[t] = 1.0 + dyadic(2, 32);
            u[t] = dyadic(2, 32);
            g[t] = dyadic(8, 8);
            fmpq_set_si(dq + t, (slong)(d[t] * 32), 32);
            fmpq_set_si(sq + t, (slong)(s[t] * 32), 32);
            fmpq_set_si(uq + t, (slong)(u[t] * 32), 32);
            fmpq_set_si(gq + t, (slong)(g[t] * 8), 8);
        }
        for (long t = 0; t < n * cnt; t++)
            x[t] = dyadic(8, 8);
        krylov_tridiag_t *K = krylov_tridiag_create(n, d, s, u, g, 0);
        cr_assert_not_null(K);
        cr_assert(krylov_tridiag_error_estimate(K) <= 1e-12, "n=%ld est %g", n,
                  krylov_tridiag_error_estimate(K));
        for (int tr = 0; tr <= 1; tr++) {
            int rc = tr ? krylov_tridiag_mul_transpose(K, yf, x, cnt) : krylov_tridiag_mul(K, yf, x, cnt);
            cr_assert_eq(rc, 0);
            for (long v = 0; v < cnt; v++) {
                for (long t = 0; t < n; t++)
                    fmpq_set_si(xq + t, (slong)(x[v * n + t] * 8), 8);
                krylov_tridiag_exact_mul(yq, n, dq, sq, uq, gq, xq, tr);
                double err = 0, sc = 0;
                for (long t = 0; t < n; t++) {
                    double e = fmpq_get_d(yq + t);
                    err = fmax(err, fabs(e - yf[v * n + t]));
                    sc = fmax(sc, fabs(e));
                }
                cr_assert(err <= 1e-12 * sc, "n=%ld tr=%d v=%ld: err %g scale %g", n, tr, v, err, sc);
            }
        }
        krylov_tridiag_destroy(K);
        free(d); free(s); free(u); free(g); free(x); free(yf);
        _fmpq_vec_clear(dq, n); _fmpq_vec_clear(sq, n); _fmpq_vec_clear(uq, n);
        _fmpq_vec_clear(gq, n); _fmpq_vec_clear(xq, n); _fmpq_vec_clear(yq, n);
    }
}

/* The run-time detection: operators far from the nilpotent init (d, s, u ~ O(1)) at n = 256
 * make det(I - zA) cancel beyond float64; the estimate must exceed the tolerance, the
 * multiplies must refuse (-1, one line on stderr), and with the refusal switched off the
 * result must indeed be wrong against the exact product (the estimate is not a false alarm). */
Test(krylov_tridiag, refuses_when_float64_fails, .init = cr_redirect_stderr)
{
    long n = 256;
    double *d = calloc((size_t)n, 8), *s = calloc((size_t)n, 8), *u = calloc((size_t)n, 8);
    double *g = calloc((size_t)n, 8), *x = calloc((size_t)n, 8), *y = calloc((size_t)n, 8);
    fmpq *dq = _fmpq_vec_init(n), *sq = _fmpq_vec_init(n), *uq = _fmpq_vec_init(n);
    fmpq *gq = _fmpq_vec_init(n), *xq = _fmpq_vec_init(n), *yq = _fmpq_vec_init(n);
    for (long t = 0; t < n; t++) {
        d[t] = dyadic(4, 4);
        s[t] = 1.0 + dyadic(4, 8);
        u[t] = dyadic(4, 4);
        g[t] = dyadic(4, 4);
        x[t] = dyadic(4, 4);
        fmpq_set_si(dq + t, (slong)(d[t] * 4), 4);
        fmpq_set_si(sq + t, (slong)(s[t] * 8), 8);
        fmpq_set_si(uq + t, (slong)(u[t] * 4), 4);
        fmpq_set_si(gq + t, (slong)(g[t] * 4), 4);
        fmpq_set_si(xq + t, (slong)(x[t] * 4), 4);
    }
    krylov_tridiag_t *K = krylov_tridiag_create(n, d, s, u, g, 0);
    cr_assert_not_null(K);
    double est = krylov_tridiag_error_estimate(K);
    cr_assert(!(est <= KRYLOV_TRIDIAG_TOL), "estimate %g should exceed the tolerance", est);
    cr_assert_eq(krylov_tridiag_mul(K, y, x, 1), -1);
    cr_assert_eq(krylov_tridiag_mul_transpose(K, y, x, 1), -1);
    krylov_tridiag_set_tolerance(K, -1.0);
    krylov_tridiag_exact_mul(yq, n, dq, sq, uq, gq, xq, 1);
    double err = 0, sc = 0;
    if (krylov_tridiag_mul_transpose(K, y, x, 1) == 0) {
        for (long t = 0; t < n; t++) {
            double e = fmpq_get_d(yq + t);
            err = fmax(err, fabs(e - y[t]));
            sc = fmax(sc, fabs(e));
        }
    } else {
        err = INFINITY; /* overflowed: wrong as well */
    }
    cr_assert(err > 1e-12 * sc, "refused although the result is accurate (%g vs %g)", err, sc);
    krylov_tridiag_destroy(K);
    free(d); free(s); free(u); free(g); free(x); free(y);
    _fmpq_vec_clear(dq, n); _fmpq_vec_clear(sq, n); _fmpq_vec_clear(uq, n);
    _fmpq_vec_clear(gq, n); _fmpq_vec_clear(xq, n); _fmpq_vec_clear(yq, n);
}

/* Bad inputs: NULL with one line, never a crash. */
Test(krylov_tridiag, rejects_bad_inputs, .init = cr_redirect_stderr)
{
    double d[4] = {0, 0, 0, 0}, s[3] = {1, 1, 1}, u[3] = {0, 0, 0}, g[4] = {1, 2, 3, 4};
    cr_assert_null(krylov_tridiag_create(0, d, s, u, g, 0));
    krylov_tridiag_exact_mul(NULL, 0, NULL, NULL, NULL, NULL, NULL, 0); /* n = 0: no-op */
    s[1] = NAN;
    cr_assert_null(krylov_tridiag_create(4, d, s, u, g, 0));
    s[1] = 1;
    g[2] = INFINITY;
    cr_assert_null(krylov_tridiag_create(4, d, s, u, g, 0));
    g[2] = 3;
    krylov_tridiag_t *K = krylov_tridiag_create(4, d, s, u, g, 0);
    cr_assert_not_null(K);
    double x[4] = {1, NAN, 0, 0}, y[4];
    cr_assert_eq(krylov_tridiag_mul(K, y, x, 1), -1);
    cr_assert_eq(krylov_tridiag_mul(K, y, x, 0), -1);
    krylov_tridiag_destroy(K);
}
