/* approx_identity.c -- rigorous Lemma 2.3 computations with Arb (see approx_identity.h). */
#include "decompositions/approx_identity.h"

#include <math.h>
#include <mpfr.h>
#include <stdio.h>

const char *approx_identity_name(ai_sigma_t s)
{
    static const char *names[] = {"tanh", "logistic", "softplus", "x+exp(-1/x^2)"};
    return names[s];
}

static void ai_logistic(arb_t y, const arb_t x, slong prec)
{
    arb_neg(y, x);
    arb_exp(y, y, prec);
    arb_add_ui(y, y, 1, prec);
    arb_inv(y, y, prec);
}

/* psi(x) = exp(-1/x^2) or psi'(x) = 2 x^-3 psi(x) at a ball x that does not contain 0 and is
 * (nearly) a point: plain Arb evaluation. */
static void ai_psi_point(arb_t y, int deriv, const arb_t x, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_sqr(t, x, prec);
    arb_inv(t, t, prec);
    arb_neg(t, t);
    arb_exp(y, t, prec);
    if (deriv) {
        arb_pow_ui(t, x, 3, prec);
        arb_div(y, y, t, prec);
        arb_mul_2exp_si(y, y, 1);
    }
    arb_clear(t);
}

/* |psi^(deriv)| at the exact non-negative point v (0 at v = 0), as a ball. */
static void ai_psi_abs_at(arb_t y, int deriv, const arf_t v, slong prec)
{
    if (arf_is_zero(v)) {
        arb_zero(y);
        return;
    }
    arb_t p;
    arb_init(p);
    arb_set_arf(p, v);
    ai_psi_point(y, deriv, p, prec);
    arb_clear(p);
}

/* psi^(deriv) on a ball x, by monotonicity in u = |x| in [lo, hi]: psi increases in u;
 * |psi'| increases on [0, sqrt(2/3)] and decreases after (peak included when it may lie in
 * [lo, hi]).  Result: [psi(lo), psi(hi)] for deriv 0, [-B, B] with B >= sup |psi'| for 1. */
static void ai_psi(arb_t y, int deriv, const arb_t x, slong prec)
{
    if (mag_is_zero(arb_radref(x)) && !arb_is_zero(x)) {
        ai_psi_point(y, deriv, x, prec);
        return;
    }
    arf_t lo, hi, b;
    arb_t vlo, vhi, pk;
    arf_init(lo); arf_init(hi); arf_init(b);
    arb_init(vlo); arb_init(vhi); arb_init(pk);
    arb_get_abs_ubound_arf(hi, x, prec);
    if (arb_contains_zero(x))
        arf_zero(lo);
    else
        arb_get_abs_lbound_arf(lo, x, prec);
    ai_psi_abs_at(vlo, deriv, lo, prec);
    ai_psi_abs_at(vhi, deriv, hi, prec);
    arb_union(y, vlo, vhi, prec);
    if (deriv) {
        if (arf_cmp_d(hi, 0.81) > 0 && arf_cmp_d(lo, 0.82) < 0) {
            arb_set_ui(pk, 2);
            arb_div_ui(pk, pk, 3, prec);
            arb_sqrt(pk, pk, prec);
            ai_psi_point(vlo, 1, pk, prec);
            arb_union(y, y, vlo, prec);
        }
        arb_get_abs_ubound_arf(b, y, prec);
        arb_zero(y);
        arb_add_error_arf(y, b);
    }
    arf_clear(lo); arf_clear(hi); arf_clear(b);
    arb_clear(vlo); arb_clear(vhi); arb_clear(pk);
}

void approx_identity_sigma(arb_t y, ai_sigma_t s, int deriv, const arb_t x, slong prec)
{
    arb_t t;
    arb_init(t);
    switch (s) {
    case AI_TANH:
        arb_tanh(y, x, prec);
        if (deriv) {
            arb_sqr(y, y, prec);
            arb_sub_ui(y, y, 1, prec);
            arb_neg(y, y);
        }
        break;
    case AI_LOGISTIC:
        ai_logistic(y, x, prec);
        if (deriv) {
            arb_sub_ui(t, y, 1, prec);
            arb_mul(y, y, t, prec);
            arb_neg(y, y);
        }
        break;
    case AI_SOFTPLUS:
        if (deriv) {
            ai_logistic(y, x, prec);
        } else {
            arb_exp(t, x, prec);
            arb_log1p(y, t, prec);
        }
        break;
    case AI_SMOOTH_NONANALYTIC:
        ai_psi(y, deriv, x, prec);
        if (deriv)
            arb_add_ui(y, y, 1, prec);
        else
            arb_add(y, y, x, prec);
        break;
    }
    arb_clear(t);
}

/* |g_h(t)| at the exact point t, as a ball. */
static void ai_g(arb_t out, ai_sigma_t s, const arb_t a, const arb_t h, const arb_t sa,
                 const arb_t dsa, const arb_t t, slong prec)
{
    arb_t x;
    arb_init(x);
    arb_mul(x, h, t, prec);
    arb_add(x, x, a, prec);
    approx_identity_sigma(out, s, 0, x, prec);
    arb_sub(out, out, sa, prec);
    arb_mul(x, h, dsa, prec);
    arb_div(out, out, x, prec);
    arb_sub(out, out, t, prec);
    arb_abs(out, out);
    arb_clear(x);
}

/* D >= sup |g_h'| on the ball T (t interval). */
static void ai_gprime(arb_t out, ai_sigma_t s, const arb_t a, const arb_t h, const arb_t dsa,
                      const arb_t T, slong prec)
{
    arb_t x;
    arb_init(x);
    arb_mul(x, h, T, prec);
    arb_add(x, x, a, prec);
    approx_identity_sigma(out, s, 1, x, prec);
    arb_div(out, out, dsa, prec);
    arb_sub_ui(out, out, 1, prec);
    arb_abs(out, out);
    arb_clear(x);
}

/* One pass at precision PREC; lower/upper as arf. Returns -1 if sigma'(a) may vanish. */
static int ai_sup_pass(arf_t lo, arf_t up, arf_t gup, ai_sigma_t s, double ad, double hd, double Ld,
                       slong n, slong N, slong prec)
{
    arb_t a, h, sa, dsa, t, T, g0, g1, D, e;
    arb_init(a); arb_init(h); arb_init(sa); arb_init(dsa); arb_init(t); arb_init(T);
    arb_init(g0); arb_init(g1); arb_init(D); arb_init(e);
    arb_set_d(a, ad);
    arb_set_d(h, hd);
    approx_identity_sigma(sa, s, 0, a, prec);
    approx_identity_sigma(dsa, s, 1, a, prec);
    int rc = arb_contains_zero(dsa) ? -1 : 0;
    arf_zero(lo);
    arf_zero(up);
    arf_zero(gup);
    arf_t b;
    arf_init(b);
    for (slong j = 0; j <= N && rc == 0; j++) {
        arb_set_d(t, Ld * (2.0 * (double)j / (double)N - 1.0)); /* exact for dyadic L, N */
        ai_g(g1, s, a, h, sa, dsa, t, prec);
        arb_get_lbound_arf(b, g1, prec);
        if (arf_cmp(b, lo) > 0)
            arf_set(lo, b);
        arb_get_ubound_arf(b, g1, prec);
        if (arf_cmp(b, gup) > 0)
            arf_set(gup, b);
        if (j > 0) {
            /* sub-interval [t_{j-1}, t_j] as a ball */
            arb_set_d(T, Ld * (2.0 * ((double)j - 0.5) / (double)N - 1.0));
            mag_set_d(arb_radref(T), Ld / (double)N);
            ai_gprime(D, s, a, h, dsa, T, prec);
            arb_set_d(e, Ld / (double)N);
            arb_mul(D, D, e, prec); /* (Delta / 2) D_j */
            arb_union(e, g0, g1, prec);
            arb_add(e, e, D, prec);
            arb_get_ubound_arf(b, e, prec);
            if (arf_cmp(b, up) > 0)
                arf_set(up, b);
        }
        arb_swap(g0, g1);
    }
    /* times sqrt(n) */
    arb_set_ui(e, (ulong)n);
    arb_sqrt(e, e, prec);
    arb_mul_arf(t, e, lo, prec);
    arb_get_lbound_arf(lo, t, prec);
    arb_mul_arf(t, e, up, prec);
    arb_get_ubound_arf(up, t, prec);
    arb_mul_arf(t, e, gup, prec);
    arb_get_ubound_arf(gup, t, prec);
    arf_clear(b);
    arb_clear(a); arb_clear(h); arb_clear(sa); arb_clear(dsa); arb_clear(t); arb_clear(T);
    arb_clear(g0); arb_clear(g1); arb_clear(D); arb_clear(e);
    return rc;
}

static double ai_log10(const arf_t x, int up)
{
    if (arf_is_zero(x))
        return -INFINITY;
    mpfr_t m;
    mpfr_init2(m, 64);
    arf_get_mpfr(m, x, up ? MPFR_RNDU : MPFR_RNDD);
    mpfr_abs(m, m, MPFR_RNDN);
    mpfr_log10(m, m, up ? MPFR_RNDU : MPFR_RNDD);
    double v = mpfr_get_d(m, up ? MPFR_RNDU : MPFR_RNDD);
    mpfr_clear(m);
    return v;
}

static void ai_format(char *buf, size_t len, const arf_t x, int up)
{
    mpfr_t m;
    mpfr_init2(m, 64);
    arf_get_mpfr(m, x, up ? MPFR_RNDU : MPFR_RNDD);
    mpfr_snprintf(buf, len, up ? "%.4RUe" : "%.4RDe", m);
    mpfr_clear(m);
}

int approx_identity_sup(ai_sup_t *out, ai_sigma_t s, double a, double h, double L, slong n,
                        slong N, slong max_prec)
{
    if (h == 0 || !(L > 0) || n < 1 || N < 2) {
        fprintf(stderr, "approx_identity_sup: need h != 0, L > 0, n >= 1, N >= 2\n");
        return -1;
    }
    arf_t lo, up, gup, lim;
    arf_init(lo);
    arf_init(up);
    arf_init(gup);
    arf_init(lim);
    int rc = 0;
    slong prec = 256;
    for (;;) {
        rc = ai_sup_pass(lo, up, gup, s, a, h, L, n, N, prec);
        arf_mul_2exp_si(lim, gup, -20);
        arf_sub(lim, gup, lim, prec, ARF_RND_UP);
        out->resolved = !arf_is_zero(gup) && arf_cmp(lo, lim) >= 0;
        if (rc != 0 || out->resolved || prec >= max_prec)
            break;
        prec *= 2;
    }
    if (rc != 0)
        fprintf(stderr, "approx_identity_sup: sigma'(a) is not provably non-zero\n");
    out->lower = arf_get_d(lo, ARF_RND_DOWN);
    out->upper = arf_get_d(up, ARF_RND_UP);
    out->log10_lower = ai_log10(lo, 0);
    out->log10_upper = ai_log10(up, 1);
    ai_format(out->lower_str, sizeof out->lower_str, lo, 0);
    ai_format(out->upper_str, sizeof out->upper_str, up, 1);
    arf_set_d(lim, h);
    arf_div(lim, up, lim, prec, ARF_RND_UP);
    arf_abs(lim, lim);
    ai_format(out->ratio_str, sizeof out->ratio_str, lim, 1);
    out->prec = prec;
    arf_clear(lo);
    arf_clear(up);
    arf_clear(gup);
    arf_clear(lim);
    return rc;
}

/* 1 iff sup_{|b-a|<=eta} |sigma'(b) - sigma'(a)| < thr is certified (64 sub-intervals). */
static int ai_eta_ok(ai_sigma_t s, const arb_t a, const arb_t dsa, double eta, const arb_t thr,
                     slong prec)
{
    const slong pieces = 64;
    arb_t B, y;
    arb_init(B);
    arb_init(y);
    int ok = 1;
    for (slong j = 0; j < pieces && ok; j++) {
        /* [a - eta + 2 eta j / pieces, a - eta + 2 eta (j+1) / pieces] */
        arb_set_d(B, eta * (2.0 * ((double)j + 0.5) / (double)pieces - 1.0));
        arb_add(B, B, a, prec);
        mag_set_d(arb_radref(B), eta / (double)pieces);
        approx_identity_sigma(y, s, 1, B, prec);
        arb_sub(y, y, dsa, prec);
        arb_abs(y, y);
        ok = arb_lt(y, thr);
    }
    arb_clear(B);
    arb_clear(y);
    return ok;
}

int approx_identity_delta(double *eta, double *delta, ai_sigma_t s, double a, double L, slong n,
                          double eps, double eta_max)
{
    if (!(L > 0) || n < 1 || !(eps > 0) || !(eta_max > 0)) {
        fprintf(stderr, "approx_identity_delta: need L > 0, n >= 1, eps > 0, eta_max > 0\n");
        return -1;
    }
    const slong prec = 256;
    arb_t ab, dsa, thr, t;
    arb_init(ab); arb_init(dsa); arb_init(thr); arb_init(t);
    arb_set_d(ab, a);
    approx_identity_sigma(dsa, s, 1, ab, prec);
    /* thr = |sigma'(a)| eps / (L sqrt n), enclosed; arb_lt against it is rigorous */
    arb_abs(thr, dsa);
    arb_set_d(t, eps);
    arb_mul(thr, thr, t, prec);
    arb_set_ui(t, (ulong)n);
    arb_sqrt(t, t, prec);
    arb_set_d(ab, L);
    arb_mul(t, t, ab, prec);
    arb_set_d(ab, a);
    arb_div(thr, thr, t, prec);
    double good = 0, bad = eta_max;
    if (ai_eta_ok(s, ab, dsa, eta_max, thr, prec))
        good = eta_max;
    for (int it = 0; it < 60 && good < bad; it++) {
        double mid = 0.5 * (good + bad);
        if (ai_eta_ok(s, ab, dsa, mid, thr, prec))
            good = mid;
        else
            bad = mid;
        if (bad - good < 1e-6 * bad)
            break;
    }
    *eta = good;
    *delta = good / L;
    arb_clear(ab); arb_clear(dsa); arb_clear(thr); arb_clear(t);
    return good > 0 ? 0 : -1;
}
