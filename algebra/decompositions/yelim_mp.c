/* yelim_mp.c -- MPFR Newton refinement and the Arb residual certificate of the Toeplitz /
 * Hankel fit (see yelim_numeric.h). */
#include "decompositions/yelim_numeric.h"
#include "decompositions/yelim_exist.h"

#include <arb.h>
#include <arb_mat.h>
#include <math.h>
#include <mpfr.h>
#include <stdlib.h>

static mpfr_t *yelim_mp_vec(slong len, slong prec)
{
    mpfr_t *v = malloc(sizeof(mpfr_t) * (size_t)(len > 0 ? len : 1));
    for (slong i = 0; i < len; i++) {
        mpfr_init2(v[i], (mpfr_prec_t)prec);
        mpfr_set_zero(v[i], 1);
    }
    return v;
}

static void yelim_mp_free(mpfr_t *v, slong len)
{
    for (slong i = 0; i < len; i++)
        mpfr_clear(v[i]);
    free(v);
}

static void yelim_mp_matmul(mpfr_t *C, mpfr_t *A, mpfr_t *B, slong n, mpfr_t t)
{
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            mpfr_set_zero(C[i * n + j], 1);
            for (slong l = 0; l < n; l++) {
                mpfr_mul(t, A[i * n + l], B[l * n + j], MPFR_RNDN);
                mpfr_add(C[i * n + j], C[i * n + j], t, MPFR_RNDN);
            }
        }
}

/* Pre/Suf (k blocks of n*n) and the product P, as in the float64 code. */
static void yelim_mp_prefix_suffix(mpfr_t *Pre, mpfr_t *Suf, mpfr_t *P, yelim_kind_t kind,
                                   slong n, slong k, mpfr_t *theta, slong prec)
{
    slong nn = n * n, np = 2 * n - 1;
    mpfr_t *F = yelim_mp_vec(nn * k, prec);
    mpfr_t t;
    mpfr_init2(t, (mpfr_prec_t)prec);
    for (slong f = 0; f < k; f++)
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++)
                mpfr_set(F[f * nn + i * n + j], theta[f * np + yelim_param_index(kind, n, i, j)],
                         MPFR_RNDN);
    for (slong i = 0; i < nn; i++) {
        mpfr_set_ui(Pre[i], i % (n + 1) == 0, MPFR_RNDN);
        mpfr_set_ui(Suf[(k - 1) * nn + i], i % (n + 1) == 0, MPFR_RNDN);
    }
    for (slong f = 1; f < k; f++)
        yelim_mp_matmul(Pre + f * nn, Pre + (f - 1) * nn, F + (f - 1) * nn, n, t);
    for (slong f = k - 2; f >= 0; f--)
        yelim_mp_matmul(Suf + f * nn, F + (f + 1) * nn, Suf + (f + 1) * nn, n, t);
    yelim_mp_matmul(P, Pre + (k - 1) * nn, F + (k - 1) * nn, n, t);
    mpfr_clear(t);
    yelim_mp_free(F, nn * k);
}

/* r := vec(P - M), J := Jacobian (nn x N); returns ||r||_F as a double. */
static double yelim_mp_residual_jacobian(mpfr_t *r, mpfr_t *J, yelim_kind_t kind, slong n,
                                         slong k, mpfr_t *theta, const double *M, slong prec)
{
    slong nn = n * n, np = 2 * n - 1, N = k * np;
    mpfr_t *Pre = yelim_mp_vec(nn * k, prec), *Suf = yelim_mp_vec(nn * k, prec);
    mpfr_t t, s;
    mpfr_init2(t, (mpfr_prec_t)prec);
    mpfr_init2(s, (mpfr_prec_t)prec);
    yelim_mp_prefix_suffix(Pre, Suf, r, kind, n, k, theta, prec);
    mpfr_set_zero(s, 1);
    for (slong i = 0; i < nn; i++) {
        mpfr_sub_d(r[i], r[i], M[i], MPFR_RNDN);
        mpfr_fma(s, r[i], r[i], s, MPFR_RNDN);
    }
    for (slong i = 0; i < nn * N; i++)
        mpfr_set_zero(J[i], 1);
    for (slong f = 0; f < k; f++)
        for (slong a = 0; a < n; a++)
            for (slong b = 0; b < n; b++) {
                slong col = f * np + yelim_param_index(kind, n, a, b);
                for (slong rr = 0; rr < n; rr++)
                    for (slong c = 0; c < n; c++) {
                        mpfr_mul(t, Pre[f * nn + rr * n + a], Suf[f * nn + b * n + c], MPFR_RNDN);
                        mpfr_add(J[(rr * n + c) * N + col], J[(rr * n + c) * N + col], t,
                                 MPFR_RNDN);
                    }
            }
    mpfr_sqrt(s, s, MPFR_RNDN);
    double res = mpfr_get_d(s, MPFR_RNDU);
    mpfr_clear(t);
    mpfr_clear(s);
    yelim_mp_free(Pre, nn * k);
    yelim_mp_free(Suf, nn * k);
    return res;
}

/* Solve G y = r (m x m, row-major) by Gaussian elimination with partial pivoting, in place.
 * Returns -1 if a pivot is below 2^(32-prec) times the largest diagonal of G. */
static int yelim_mp_solve(mpfr_t *G, mpfr_t *y, slong m, slong prec)
{
    mpfr_t t, piv, tiny;
    mpfr_init2(t, (mpfr_prec_t)prec);
    mpfr_init2(piv, (mpfr_prec_t)prec);
    mpfr_init2(tiny, (mpfr_prec_t)prec);
    mpfr_set_zero(tiny, 1);
    for (slong i = 0; i < m; i++)
        if (mpfr_cmpabs(G[i * m + i], tiny) > 0)
            mpfr_abs(tiny, G[i * m + i], MPFR_RNDN);
    mpfr_mul_2si(tiny, tiny, (long)(32 - prec), MPFR_RNDN);
    int rc = 0;
    for (slong c = 0; c < m && rc == 0; c++) {
        slong p = c;
        for (slong i = c + 1; i < m; i++)
            if (mpfr_cmpabs(G[i * m + c], G[p * m + c]) > 0)
                p = i;
        if (mpfr_cmpabs(G[p * m + c], tiny) <= 0) {
            rc = -1;
            break;
        }
        for (slong j = 0; j < m && p != c; j++)
            mpfr_swap(G[p * m + j], G[c * m + j]);
        if (p != c)
            mpfr_swap(y[p], y[c]);
        for (slong i = c + 1; i < m; i++) {
            mpfr_div(piv, G[i * m + c], G[c * m + c], MPFR_RNDN);
            for (slong j = c; j < m; j++) {
                mpfr_mul(t, piv, G[c * m + j], MPFR_RNDN);
                mpfr_sub(G[i * m + j], G[i * m + j], t, MPFR_RNDN);
            }
            mpfr_mul(t, piv, y[c], MPFR_RNDN);
            mpfr_sub(y[i], y[i], t, MPFR_RNDN);
        }
    }
    for (slong c = m - 1; c >= 0 && rc == 0; c--) {
        for (slong j = c + 1; j < m; j++) {
            mpfr_mul(t, G[c * m + j], y[j], MPFR_RNDN);
            mpfr_sub(y[c], y[c], t, MPFR_RNDN);
        }
        mpfr_div(y[c], y[c], G[c * m + c], MPFR_RNDN);
    }
    mpfr_clear(t);
    mpfr_clear(piv);
    mpfr_clear(tiny);
    return rc;
}

/* theta -= J^T (J J^T + mu I)^{-1} r with mu = ||r||_F (Levenberg-Marquardt with the
 * Fan-Yuan choice of mu: quadratic convergence to a zero-residual solution under a local error
 * bound, even where J loses rank; as mu -> 0 it is the minimum-norm Newton step).  Returns 0,
 * or -1 if the system is numerically singular. */
static int yelim_mp_newton_step(mpfr_t *theta, mpfr_t *J, mpfr_t *r, slong nn, slong N,
                                double res, slong prec)
{
    mpfr_t *G = yelim_mp_vec(nn * nn, prec), *y = yelim_mp_vec(nn, prec);
    mpfr_t t;
    mpfr_init2(t, (mpfr_prec_t)prec);
    for (slong i = 0; i < nn; i++) {
        mpfr_set(y[i], r[i], MPFR_RNDN);
        for (slong j = 0; j < nn; j++)
            for (slong q = 0; q < N; q++)
                mpfr_fma(G[i * nn + j], J[i * N + q], J[j * N + q], G[i * nn + j], MPFR_RNDN);
    }
    for (slong i = 0; i < nn; i++)
        mpfr_add_d(G[i * nn + i], G[i * nn + i], res, MPFR_RNDN);
    int rc = yelim_mp_solve(G, y, nn, prec);
    for (slong q = 0; q < N && rc == 0; q++) {
        mpfr_set_zero(t, 1);
        for (slong i = 0; i < nn; i++)
            mpfr_fma(t, J[i * N + q], y[i], t, MPFR_RNDN);
        mpfr_sub(theta[q], theta[q], t, MPFR_RNDN);
    }
    mpfr_clear(t);
    yelim_mp_free(G, nn * nn);
    yelim_mp_free(y, nn);
    return rc;
}

/* Rigorous upper bound on ||T_1..T_k - M||_F for the exact dyadic parameters THETA. */
static double yelim_arb_bound(yelim_kind_t kind, slong n, slong k, mpfr_t *theta,
                              const double *M, slong prec)
{
    slong np = 2 * n - 1;
    arb_mat_t P, F, T;
    arb_t s, e;
    arf_t ub;
    arb_mat_init(P, n, n);
    arb_mat_init(F, n, n);
    arb_mat_init(T, n, n);
    arb_init(s);
    arb_init(e);
    arf_init(ub);
    arb_mat_one(P);
    for (slong f = 0; f < k; f++) {
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++) {
                arf_set_mpfr(arb_midref(arb_mat_entry(F, i, j)),
                             theta[f * np + yelim_param_index(kind, n, i, j)]);
                mag_zero(arb_radref(arb_mat_entry(F, i, j)));
            }
        arb_mat_mul(T, P, F, 2 * prec);
        arb_mat_set(P, T);
    }
    arb_zero(s);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            arb_set_d(e, M[i * n + j]);
            arb_sub(e, arb_mat_entry(P, i, j), e, 2 * prec);
            arb_addmul(s, e, e, 2 * prec);
        }
    arb_sqrtpos(s, s, 2 * prec);
    arb_get_ubound_arf(ub, s, 2 * prec);
    double bound = arf_get_d(ub, ARF_RND_UP);
    arb_mat_clear(P);
    arb_mat_clear(F);
    arb_mat_clear(T);
    arb_clear(s);
    arb_clear(e);
    arf_clear(ub);
    return bound;
}

double yelim_residual_bound_d(yelim_kind_t kind, slong n, slong k, const double *theta,
                              const double *M, slong prec)
{
    slong N = k * (2 * n - 1);
    mpfr_t *th = yelim_mp_vec(N, 64);
    for (slong q = 0; q < N; q++)
        mpfr_set_d(th[q], theta[q], MPFR_RNDN); /* exact: 64 >= 53 bits */
    double b = yelim_arb_bound(kind, n, k, th, M, prec);
    yelim_mp_free(th, N);
    return b;
}

static slong yelim_refine_core(double *bound, int *exists, double *radius, double *theta_out,
                               fmpq *theta_q, yelim_kind_t kind, slong n, slong k,
                               const double *theta, const double *M, const yelim_fit_opts_t *o,
                               int want_exist)
{
    slong nn = n * n, N = k * (2 * n - 1), prec = o->prec, it = 0;
    mpfr_t *th = yelim_mp_vec(N, prec), *r = yelim_mp_vec(nn, prec);
    mpfr_t *J = yelim_mp_vec(nn * N, prec);
    for (slong q = 0; q < N; q++)
        mpfr_set_d(th[q], theta[q], MPFR_RNDN);
    /* stop well below the target so that the rigorous bound clears it */
    double stop = o->target * 1e-10;
    int rc = 0;
    while (it < o->max_newton) {
        double res = yelim_mp_residual_jacobian(r, J, kind, n, k, th, M, prec);
        if (res < stop)
            break;
        if (yelim_mp_newton_step(th, J, r, nn, N, res, prec) != 0) {
            rc = -1;
            break;
        }
        it++;
    }
    *bound = rc == 0 ? yelim_arb_bound(kind, n, k, th, M, prec) : INFINITY;
    *exists = 0;
    *radius = 0;
    if (want_exist && *bound < o->target)
        *exists = yelim_krawczyk(radius, kind, n, k, th, M, prec);
    for (slong q = 0; q < N; q++)
        theta_out[q] = mpfr_get_d(th[q], MPFR_RNDN);
    if (theta_q) { /* the exact dyadic values: th = z 2^e */
        mpz_t z;
        mpz_init(z);
        for (slong q = 0; q < N; q++) {
            mpfr_exp_t e = mpfr_zero_p(th[q]) ? 0 : mpfr_get_z_2exp(z, th[q]);
            if (mpfr_zero_p(th[q]))
                mpz_set_ui(z, 0);
            fmpz_set_mpz(fmpq_numref(theta_q + q), z);
            fmpz_one(fmpq_denref(theta_q + q));
            if (e >= 0)
                fmpq_mul_2exp(theta_q + q, theta_q + q, (ulong)e);
            else
                fmpq_div_2exp(theta_q + q, theta_q + q, (ulong)(-e));
        }
        mpz_clear(z);
    }
    yelim_mp_free(th, N);
    yelim_mp_free(r, nn);
    yelim_mp_free(J, nn * N);
    return rc == 0 ? it : -1;
}

slong yelim_refine_mp(double *bound, double *theta_out, yelim_kind_t kind, slong n, slong k,
                      const double *theta, const double *M, const yelim_fit_opts_t *o)
{
    int exists;
    double radius;
    return yelim_refine_core(bound, &exists, &radius, theta_out, NULL, kind, n, k, theta, M, o, 0);
}

slong yelim_refine_mp_exact(double *bound, fmpq *theta_q, yelim_kind_t kind, slong n, slong k,
                            const double *theta, const double *M, const yelim_fit_opts_t *o)
{
    int exists;
    double radius;
    double *out = malloc(sizeof(double) * (size_t)(k * (2 * n - 1)));
    slong it = yelim_refine_core(bound, &exists, &radius, out, theta_q, kind, n, k, theta, M, o, 0);
    free(out);
    return it;
}

slong yelim_refine_mp_exist(double *bound, int *exists, double *radius, double *theta_out,
                            yelim_kind_t kind, slong n, slong k, const double *theta,
                            const double *M, const yelim_fit_opts_t *o)
{
    return yelim_refine_core(bound, exists, radius, theta_out, NULL, kind, n, k, theta, M, o, 1);
}
