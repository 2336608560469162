/* krylov_accuracy -- accuracy of the float64 fast Krylov multiply (Thomas et al. 2018,
 * Theorem 1; algebra/fast/krylov_fast.h) against an MPFR reference at 256 bits
 * (algebra/fast/krylov_mpfr.h, error bound (3n+4) 2^-255 (|K||x|)_t, i.e. below 2^-238 relative to
 * |K||x|), with the explicit-Krylov float64 product as a second baseline.
 * For n = 2^6 .. 2^14, subdiagonal entries a_t ~ U[0.5, 1.5] or N(0, 1), g, x ~ N(0, 1):
 * normwise and componentwise errors of y = K(A, g) x and y = K(A, g)^T x.  LDR-TD sections:
 * the O(n log^2 n) tridiagonal multiply (krylov_tridiag.h) on synthetic operators near the
 * trainer's init and on operators after real training runs (tests/data/td_trained_*.txt). */
#include <flint/ulong_extras.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/checker.h"
#include "fast/krylov_fast.h"
#include "fast/krylov_mpfr.h"
#include "fast/krylov_tridiag.h"
#include "trainer/td_operators.h"

#define PREC 256

static long max_log = 14, corner_max_log = 12, td_max_log = 14, td_bad_max_log = 12;

typedef struct {
    double norm_rel_y, norm_rel_kx, comp_rel_y, comp_rel_kx;
} errors_t;

/* Errors of Y against the MPFR reference REF; KX = |K||x| (componentwise, float64 of
 * non-negative terms), KNORM = ||K||_F ||x||_2. */
static errors_t measure(const double *y, mpfr_t *ref, const double *kx, double knorm, long n)
{
    errors_t e = {0, 0, 0, 0};
    mpfr_t d;
    mpfr_init2(d, PREC);
    double num = 0.0, den = 0.0;
    for (long t = 0; t < n; t++) {
        mpfr_sub_d(d, ref[t], y[t], MPFR_RNDN);
        double dt = fabs(mpfr_get_d(d, MPFR_RNDN)), rt = fabs(mpfr_get_d(ref[t], MPFR_RNDN));
        num += dt * dt;
        den += rt * rt;
        if (rt > 0)
            e.comp_rel_y = fmax(e.comp_rel_y, dt / rt);
        if (kx[t] > 0)
            e.comp_rel_kx = fmax(e.comp_rel_kx, dt / kx[t]);
    }
    e.norm_rel_y = den > 0 ? sqrt(num / den) : 0.0;
    e.norm_rel_kx = knorm > 0 ? sqrt(num) / knorm : 0.0;
    mpfr_clear(d);
    return e;
}

static void draw(double *v, long len, int normal, gsl_rng *rng)
{
    for (long t = 0; t < len; t++)
        v[t] = normal ? gsl_ran_gaussian(rng, 1.0) : 0.5 + gsl_rng_uniform(rng);
}

static void emit(checker_t *c, row_kind_t kind, int holds, const char *dist, double f, long n,
                 const char *prod, const char *method, errors_t e, double lognorm, double secs)
{
    checker_row(c, kind, holds, "%s|%s|%ld|%s|%s|%.2e|%.2e|%.2e|%.2e|%.1f|%.3f", dist,
                f == 0.0 ? "0" : "random", n, prod, method, e.norm_rel_y, e.norm_rel_kx,
                e.comp_rel_y, e.comp_rel_kx, lognorm, secs);
}

/* One (distribution, corner, n) cell: both products, fast and explicit, against MPFR. */
static int run_cell(checker_t *c, gsl_rng *rng, int normal, int with_corner, long n,
                    double *worst_fast, double *worst_batched)
{
    const char *dist = normal ? "N(0,1)" : "U[0.5,1.5]";
    double *a = malloc(sizeof(double) * (size_t)n), *g = malloc(sizeof(double) * (size_t)n);
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    double *abs_a = malloc(sizeof(double) * (size_t)n), *abs_g = malloc(sizeof(double) * (size_t)n);
    double *abs_x = malloc(sizeof(double) * (size_t)n), *kx = malloc(sizeof(double) * (size_t)n);
    mpfr_t *ref = malloc(sizeof(mpfr_t) * (size_t)n);
    for (long t = 0; t < n; t++)
        mpfr_init2(ref[t], PREC);
    draw(a, n - 1, normal, rng);
    a[n - 1] = 0.0;
    draw(g, n, 1, rng);
    draw(x, n, 1, rng);
    double f = with_corner ? (normal ? gsl_ran_gaussian(rng, 1.0) : 0.5 + gsl_rng_uniform(rng)) : 0.0;
    for (long t = 0; t < n; t++) {
        abs_a[t] = fabs(a[t]);
        abs_g[t] = fabs(g[t]);
        abs_x[t] = fabs(x[t]);
    }
    double xn = 0.0;
    for (long t = 0; t < n; t++)
        xn += x[t] * x[t];
    double kf = krylov_frobenius_norm(n, a, f, g);
    double knorm = kf * sqrt(xn), lognorm = log10(kf);
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    krylov_fast_op_t *K = p ? krylov_fast_op_create(p, a, n - 1, f, g, n) : NULL;
    int status = K ? 0 : -1;
    /* The layer M = K(A, g) K(B^T, h)^T with B = Z_0 (b_t = 1, no corner) and h = e_{n-1}:
     * K(Z_0^T, e_{n-1}) = J (the reversal), so M = K(A, g) J. */
    double *ones = malloc(sizeof(double) * (size_t)n), *hlast = calloc((size_t)n, sizeof(double));
    for (long t = 0; t < n; t++)
        ones[t] = 1.0;
    hlast[n - 1] = 1.0;
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, 1, a, f, ones, 0.0, g, hlast, 0);
    if (!L)
        status = -1;
    for (int tr = 0; tr <= 1 && status == 0; tr++) {
        const char *prod = tr ? "K^T x" : "K x";
        double t0 = wall_seconds();
        if (krylov_mpfr_mul(ref, n, a, f, g, x, tr, PREC) != 0) {
            status = -1;
            break;
        }
        double t_ref = wall_seconds() - t0;
        if (tr) /* |K^T| |x| */
            krylov_explicit_mul_transpose(kx, n, abs_a, fabs(f), abs_g, abs_x);
        else
            krylov_explicit_mul(kx, n, abs_a, fabs(f), abs_g, abs_x);
        t0 = wall_seconds();
        status = tr ? krylov_fast_mul_transpose(K, y, x, 1) : krylov_fast_mul(K, y, x, 1);
        double t_fast = wall_seconds() - t0;
        errors_t e = measure(y, ref, kx, knorm, n);
        *worst_fast = fmax(*worst_fast, e.norm_rel_kx);
        emit(c, ROW_INFO, 0, dist, f, n, prod, "fast (FFT)", e, lognorm, t_fast);
        t0 = wall_seconds();
        if (tr)
            krylov_explicit_mul_transpose(y, n, a, f, g, x);
        else
            krylov_explicit_mul(y, n, a, f, g, x);
        double t_exp = wall_seconds() - t0;
        emit(c, ROW_INFO, 0, dist, f, n, prod, "explicit float64", measure(y, ref, kx, knorm, n),
             lognorm, t_exp);
        if (L) { /* the batched layer kernels, 4 copies of x in one batch (chunked) */
            double *X4 = malloc(sizeof(double) * (size_t)(4 * n));
            double *Y4 = malloc(sizeof(double) * (size_t)(4 * n));
            for (long v = 0; v < 4; v++)
                for (long t = 0; t < n; t++) /* M J x = K x;  J M^T x = K^T x */
                    X4[v * n + t] = tr ? x[t] : x[n - 1 - t];
            t0 = wall_seconds();
            if ((tr ? krylov_fast_ldr_mul_transpose(L, Y4, X4, 4)
                    : krylov_fast_ldr_mul(L, Y4, X4, 4)) != 0)
                status = -1;
            double t_batch = wall_seconds() - t0;
            errors_t worst = {0, 0, 0, 0};
            for (long v = 0; v < 4 && status == 0; v++) {
                for (long t = 0; t < n; t++)
                    y[t] = tr ? Y4[v * n + n - 1 - t] : Y4[v * n + t];
                errors_t e = measure(y, ref, kx, knorm, n);
                worst.norm_rel_y = fmax(worst.norm_rel_y, e.norm_rel_y);
                worst.norm_rel_kx = fmax(worst.norm_rel_kx, e.norm_rel_kx);
                worst.comp_rel_y = fmax(worst.comp_rel_y, e.comp_rel_y);
                worst.comp_rel_kx = fmax(worst.comp_rel_kx, e.comp_rel_kx);
            }
            *worst_batched = fmax(*worst_batched, worst.norm_rel_kx);
            emit(c, ROW_INFO, 0, dist, f, n, prod, "batched layer (4 vectors, worst)", worst,
                 lognorm, t_batch);
            free(X4);
            free(Y4);
        }
        emit(c, ROW_INFO, 0, dist, f, n, prod, "MPFR reference (time only)",
             (errors_t){0, 0, 0, 0}, lognorm, t_ref);
    }
    if (status == 0 && n <= 1024 && !with_corner) {
        /* negative control: the fast product of a perturbed operator (a_2 *= 1 + 1e-6)
         * compared with the reference of the original must fail the comparison
         * (normwise error relative to ||K||_F ||x|| <= 1e-14, met by every unperturbed row) */
        a[1] *= 1.0 + 1e-6;
        krylov_fast_op_t *Kp = krylov_fast_op_create(p, a, n - 1, f, g, n);
        /* ref holds K^T x of the original; a product that did not run decides nothing */
        int ran = Kp && krylov_fast_mul_transpose(Kp, y, x, 1) == 0;
        krylov_explicit_mul_transpose(kx, n, abs_a, fabs(f), abs_g, abs_x);
        errors_t e = measure(y, ref, kx, knorm, n);
        if (ran && isfinite(e.norm_rel_kx))
            emit(c, ROW_NEGATIVE, e.norm_rel_kx <= 1e-14, dist, f, n, "K^T x",
                 "fast with a_2 perturbed by 1e-6: normwise rel. K_F x_2 <= 1e-14?", e, lognorm,
                 0.0);
        else
            emit(c, ROW_SKIPPED, 0, dist, f, n, "K^T x",
                 "fast with a_2 perturbed by 1e-6: the perturbed product failed", e, lognorm, 0.0);
        krylov_fast_op_destroy(Kp);
    }
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
    krylov_fast_ldr_destroy(L);
    free(ones);
    free(hlast);
    for (long t = 0; t < n; t++)
        mpfr_clear(ref[t]);
    free(ref);
    free(a); free(g); free(x); free(y); free(abs_a); free(abs_g); free(abs_x); free(kx);
    return status;
}

/* The cells: (corner, distribution, n = 2^k), each with its own generator seeded from the
 * cell's reseeded c->rand. */
typedef struct {
    int with_corner, normal;
    long k;
} cell_spec_t;

typedef struct {
    cell_spec_t cells[64];
    long ncells;
} plan_t;

static void accuracy_cell(checker_t *c, long cell, void *ctx)
{
    const cell_spec_t *sp = &((const plan_t *)ctx)->cells[cell];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, n_randlimb(c->rand));
    double worst = 0.0, worst_batched = 0.0;
    if (run_cell(c, rng, sp->normal, sp->with_corner, 1L << sp->k, &worst, &worst_batched) != 0)
        checker_row(c, ROW_POSITIVE, 0, "%s|%s|%ld|-|a product failed (plan or MPFR)|-|-|-|-|-|-",
                    sp->normal ? "N(0,1)" : "U[0.5,1.5]", sp->with_corner ? "random" : "0",
                    1L << sp->k);
    gsl_rng_free(rng);
}

static void accuracy_label(long cell, void *ctx, char *buf, size_t len)
{
    const cell_spec_t *sp = &((const plan_t *)ctx)->cells[cell];
    snprintf(buf, len, "%s corner=%d n=2^%ld", sp->normal ? "N(0,1)" : "U[0.5,1.5]",
             sp->with_corner, sp->k);
}

/* ------------------------------------------------------------------ LDR-TD (tridiagonal)
 * Operators of the trainer's LDR-TD layer (experiments/trainer/model_init.c, authors' init:
 * s = 1, d = u = 0, a nilpotent shift) and "as after training": the init plus eps N(0,1)
 * i.i.d. on every entry of d, s, u (eps = 0.01, 0.1, 0.5).  g ~ N(0, 1/n) (the init's
 * generator law at r = 1), x ~ N(0, 1).  Reference: MPFR at TD_PREC bits. */
#define TD_PREC 128
static const double td_eps[] = {0.0, 0.01, 0.1, 0.5};
#define TD_NFAM 4

static const char *td_name(int fam)
{
    static const char *names[] = {"authors' init (s=1, d=u=0)", "init + 0.01 N(0,1)",
                                  "init + 0.1 N(0,1)", "init + 0.5 N(0,1)"};
    return names[fam];
}

/* ||y - ref||_2 / (||K||_F ||x||_2) and ||y - ref||_2 / ||ref||_2 (inf if y is not finite) */
static void td_errors(const double *y, mpfr_t *ref, mpfr_t knorm2, double xnorm, long n,
                      double *rel_k, double *rel_y)
{
    mpfr_t dd, num, den, t;
    mpfr_inits2(TD_PREC, dd, num, den, t, (mpfr_ptr)0);
    mpfr_set_zero(num, 1);
    mpfr_set_zero(den, 1);
    int finite = 1;
    for (long i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            finite = 0;
        mpfr_sub_d(dd, ref[i], finite ? y[i] : 0.0, MPFR_RNDN);
        mpfr_fma(num, dd, dd, num, MPFR_RNDN);
        mpfr_fma(den, ref[i], ref[i], den, MPFR_RNDN);
    }
    mpfr_sqrt(num, num, MPFR_RNDN);
    mpfr_div(t, num, den, MPFR_RNDN);
    mpfr_sqrt(den, den, MPFR_RNDN);
    mpfr_div(t, num, den, MPFR_RNDN);
    *rel_y = finite ? mpfr_get_d(t, MPFR_RNDN) : INFINITY;
    mpfr_sqrt(t, knorm2, MPFR_RNDN);
    mpfr_mul_d(t, t, xnorm, MPFR_RNDN);
    mpfr_div(t, num, t, MPFR_RNDN);
    *rel_k = finite ? mpfr_get_d(t, MPFR_RNDN) : INFINITY;
    mpfr_clears(dd, num, den, t, (mpfr_ptr)0);
}

/* explicit float64 K x / K^T x (columns A^i g by the recurrence) */
static void td_explicit(double *y, double *yt, long n, const double *d, const double *s,
                        const double *u, const double *g, const double *x)
{
    double *v = malloc(sizeof(double) * (size_t)n), *w = malloc(sizeof(double) * (size_t)n);
    memcpy(v, g, sizeof(double) * (size_t)n);
    memset(y, 0, sizeof(double) * (size_t)n);
    for (long i = 0; i < n; i++) {
        double acc = 0.0;
        for (long t = 0; t < n; t++) {
            y[t] += x[i] * v[t];
            acc += x[t] * v[t];
        }
        yt[i] = acc;
        krylov_tridiag_explicit_step(w, v, n, d, s, u);
        double *q = v;
        v = w;
        w = q;
    }
    free(v);
    free(w);
}

static void td_cell_run(checker_t *c, gsl_rng *rng, int fam, long n)
{
    double eps = td_eps[fam];
    double *d = calloc((size_t)n, sizeof(double)), *s = calloc((size_t)n, sizeof(double));
    double *u = calloc((size_t)n, sizeof(double)), *g = malloc(sizeof(double) * (size_t)n);
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    double *ye = malloc(sizeof(double) * (size_t)n), *yte = malloc(sizeof(double) * (size_t)n);
    mpfr_t *ref = malloc(sizeof(mpfr_t) * (size_t)n), *reft = malloc(sizeof(mpfr_t) * (size_t)n);
    mpfr_t kn2;
    mpfr_init2(kn2, TD_PREC);
    for (long t = 0; t < n; t++) {
        mpfr_init2(ref[t], TD_PREC);
        mpfr_init2(reft[t], TD_PREC);
        d[t] = eps * gsl_ran_gaussian(rng, 1.0);
        s[t] = t + 1 < n ? 1.0 + eps * gsl_ran_gaussian(rng, 1.0) : 0.0;
        u[t] = t + 1 < n ? eps * gsl_ran_gaussian(rng, 1.0) : 0.0;
        g[t] = gsl_ran_gaussian(rng, 1.0) / sqrt((double)n);
        x[t] = gsl_ran_gaussian(rng, 1.0);
    }
    double xn = 0.0;
    for (long t = 0; t < n; t++)
        xn += x[t] * x[t];
    xn = sqrt(xn);
    double t0 = wall_seconds();
    krylov_tridiag_mpfr(ref, reft, kn2, n, d, s, u, g, x, TD_PREC);
    double t_ref = wall_seconds() - t0;
    mpfr_t lg;
    mpfr_init2(lg, 64);
    mpfr_sqrt(lg, kn2, MPFR_RNDN);
    mpfr_log10(lg, lg, MPFR_RNDN);
    double lognorm = mpfr_get_d(lg, MPFR_RNDN);
    mpfr_clear(lg);
    t0 = wall_seconds();
    krylov_tridiag_t *K = krylov_tridiag_create(n, d, s, u, g, 0);
    double t_create = wall_seconds() - t0;
    if (!K) {
        checker_row(c, ROW_POSITIVE, 0, "%s|%ld|-|create failed|-|-|-|-|%.1f|-", td_name(fam), n,
                    lognorm);
    } else {
        double est = krylov_tridiag_error_estimate(K);
        int refused = !(est <= KRYLOV_TRIDIAG_TOL);
        krylov_tridiag_set_tolerance(K, -1.0); /* measure the error even where it refuses */
        td_explicit(ye, yte, n, d, s, u, g, x);
        for (int tr = 0; tr <= 1; tr++) {
            const char *prod = tr ? "K^T x" : "K x";
            mpfr_t *r = tr ? reft : ref;
            double ek, ey;
            t0 = wall_seconds();
            int rc = tr ? krylov_tridiag_mul_transpose(K, y, x, 1) : krylov_tridiag_mul(K, y, x, 1);
            double t_fast = wall_seconds() - t0;
            if (rc != 0)
                for (long t = 0; t < n; t++)
                    y[t] = INFINITY;
            td_errors(y, r, kn2, xn, n, &ek, &ey);
            /* the claim: accurate to 1e-12 relative to ||K||_F ||x||, or refused */
            checker_row(c, ROW_POSITIVE, refused || ek <= 1e-12,
                        "%s|%ld|%s|fast (FFT): rel. error <= 1e-12 unless refused|%.1e|%s|%.2e|%.2e|%.1f|%.4f",
                        td_name(fam), n, prod, est, refused ? "yes" : "no", ek, ey, lognorm, t_fast);
            td_errors(tr ? yte : ye, r, kn2, xn, n, &ek, &ey);
            checker_row(c, ROW_INFO, 0, "%s|%ld|%s|explicit float64|-|-|%.2e|%.2e|%.1f|-",
                        td_name(fam), n, prod, ek, ey, lognorm);
        }
        checker_row(c, ROW_INFO, 0, "%s|%ld|both|set-up (create, with probe) / MPFR reference|-|-|-|-|%.1f|%.3f / %.3f",
                    td_name(fam), n, lognorm, t_create, t_ref);
        if (!refused && n <= 1024) {
            /* negative control: the fast K^T x of the operator with u_1 (or s_1) changed by
             * 1e-6 compared with the reference of the original */
            if (eps == 0.0)
                u[1] += 1e-6;
            else
                s[1] *= 1.0 + 1e-6;
            krylov_tridiag_t *Kp = krylov_tridiag_create(n, d, s, u, g, 0);
            double ek = INFINITY, ey = INFINITY, estp = NAN;
            if (Kp && krylov_tridiag_mul_transpose(Kp, y, x, 1) == 0)
                td_errors(y, reft, kn2, xn, n, &ek, &ey);
            if (Kp)
                estp = krylov_tridiag_error_estimate(Kp);
            checker_row(c, ROW_NEGATIVE, ek <= 1e-12,
                        "%s|%ld|K^T x|fast with %s changed by 1e-6: rel. error <= 1e-12?|%.1e|no|%.2e|%.2e|%.1f|-",
                        td_name(fam), n, eps == 0.0 ? "u_1" : "s_1 (relative)", estp, ek, ey, lognorm);
            krylov_tridiag_destroy(Kp);
        }
        krylov_tridiag_destroy(K);
    }
    for (long t = 0; t < n; t++) {
        mpfr_clear(ref[t]);
        mpfr_clear(reft[t]);
    }
    mpfr_clear(kn2);
    free(ref); free(reft); free(d); free(s); free(u); free(g); free(x); free(y); free(ye); free(yte);
}

typedef struct {
    int fam[64];
    long k[64];
    long ncells;
} td_plan_t;

static void td_cell(checker_t *c, long cell, void *ctx)
{
    const td_plan_t *pl = ctx;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, n_randlimb(c->rand));
    td_cell_run(c, rng, pl->fam[cell], 1L << pl->k[cell]);
    gsl_rng_free(rng);
}

static void td_label(long cell, void *ctx, char *buf, size_t len)
{
    const td_plan_t *pl = ctx;
    snprintf(buf, len, "tridiag eps=%g n=2^%ld", td_eps[pl->fam[cell]], pl->k[cell]);
}

/* ------------------------------------------------------------------ LDR-TD, trained operators
 * Operators and generators of layer 0 after real training runs (tests/data/td_trained_*.txt,
 * written by `train --dump-operators`; the command is in each file's header): A with g_0 and
 * B^T with h_0.  x ~ N(0, 1).  Reference MPFR at TDT_PREC bits, with its error bound relative
 * to ||K||_F ||x||; conditioning: the coefficients of D = det(I - zA) and of 1/D (z^0..z^(n-1))
 * in MPFR at TDT_COEF_PREC bits. */
#define TDT_PREC 256
#define TDT_COEF_PREC 2048
#define TDT_NFILES 3
static const char *tdt_files[TDT_NFILES] = {"tests/data/td_trained_lr01_e1.txt",
                                            "tests/data/td_trained_lr001_e1.txt",
                                            "tests/data/td_trained_lr001_e3.txt"};
static const char *tdt_names[TDT_NFILES] = {"lr 0.01, 1 epoch", "lr 0.001, 1 epoch",
                                            "lr 0.001, 3 epochs"};

typedef struct {
    unsigned long hash[TDT_NFILES]; /* content of each file, part of the cell key */
} tdt_plan_t;

/* The power series 1/D (D = Q[0..n], Q[0] = 1) up to z^(n-1) into R[0..n-1]; returns log10 of
 * its largest coefficient (T, BEST: scratch at the working precision). */
static double tdt_inverse_series_log10max(long n, mpfr_t *Q, mpfr_t *R, mpfr_t t, mpfr_t best)
{
    mpfr_set_ui(R[0], 1, MPFR_RNDN);
    mpfr_set_ui(best, 1, MPFR_RNDN);
    for (long k = 1; k < n; k++) {
        mpfr_set_zero(R[k], 1);
        for (long j = 1; j <= k; j++) {
            mpfr_mul(t, Q[j], R[k - j], MPFR_RNDN);
            mpfr_sub(R[k], R[k], t, MPFR_RNDN);
        }
        if (mpfr_cmpabs(R[k], best) > 0)
            mpfr_abs(best, R[k], MPFR_RNDN);
    }
    mpfr_log10(t, best, MPFR_RNDN);
    return mpfr_get_d(t, MPFR_RNDN);
}

/* log10 of the largest |coefficient| of D = det(I - zA) (continuant recurrence
 * D_{k+1} = (1 - z d_k) D_k - z^2 s_{k-1} u_{k-1} D_{k-1}) and of 1/D's series up to z^(n-1)
 * (c_k = -sum_{j=1..k} D_j c_{k-j}).  At TDT_COEF_PREC bits the rounding errors stay below
 * 2^-1500 times the coefficients of the continuant of |A| (<= (1 + |d| + |s u|)^n). */
static void tdt_det_growth(long n, const double *d, const double *s, const double *u,
                           double *log_d, double *log_inv, double *log_inv_rounded)
{
    mpfr_t *P = malloc(sizeof(mpfr_t) * (size_t)(3 * (n + 1))), *Q = P + (n + 1), *R = Q + (n + 1);
    mpfr_t t, best;
    mpfr_inits2(TDT_COEF_PREC, t, best, (mpfr_ptr)0);
    for (long k = 0; k <= 3 * n + 2; k++)
        mpfr_init2(P[k], TDT_COEF_PREC), mpfr_set_zero(P[k], 1);
    mpfr_set_ui(P[0], 1, MPFR_RNDN); /* P = D_{k-1} (D_{-1} = 1, multiplied by s u = 0 at k = 0) */
    mpfr_set_ui(Q[0], 1, MPFR_RNDN); /* Q = D_k, starting with D_0 = 1 */
    for (long k = 0; k < n; k++) { /* R = (1 - z d_k) Q - z^2 s u P */
        for (long j = k + 1; j >= 0; j--) {
            mpfr_set(R[j], Q[j], MPFR_RNDN);
            if (j >= 1) {
                mpfr_mul_d(t, Q[j - 1], d[k], MPFR_RNDN);
                mpfr_sub(R[j], R[j], t, MPFR_RNDN);
            }
            if (j >= 2 && k > 0) {
                mpfr_mul_d(t, P[j - 2], s[k - 1], MPFR_RNDN);
                mpfr_mul_d(t, t, u[k - 1], MPFR_RNDN);
                mpfr_sub(R[j], R[j], t, MPFR_RNDN);
            }
        }
        mpfr_t *q = P;
        P = Q;
        Q = R;
        R = q;
    }
    /* Q = D (degree <= n) */
    mpfr_set_zero(best, 1);
    for (long j = 0; j <= n; j++)
        if (mpfr_cmpabs(Q[j], best) > 0)
            mpfr_abs(best, Q[j], MPFR_RNDN);
    mpfr_log10(t, best, MPFR_RNDN);
    *log_d = mpfr_get_d(t, MPFR_RNDN);
    *log_inv = tdt_inverse_series_log10max(n, Q, R, t, best); /* series of 1/D */
    /* the same series for D with its coefficients rounded to float64 (a relative perturbation
     * <= 2^-53 of each): how far float64 storage of D alone moves 1/D */
    for (long j = 0; j <= n; j++)
        mpfr_set_d(Q[j], mpfr_get_d(Q[j], MPFR_RNDN), MPFR_RNDN);
    *log_inv_rounded = tdt_inverse_series_log10max(n, Q, R, t, best);
    mpfr_t *base = P < Q ? (P < R ? P : R) : (Q < R ? Q : R);
    for (long k = 0; k <= 3 * n + 2; k++)
        mpfr_clear(base[k]);
    free(base);
    mpfr_clears(t, best, (mpfr_ptr)0);
}

/* Error bound of the MPFR reference relative to ||K||_F ||x||_2 (krylov_tridiag.h: entry t
 * of A^i g carries <= 3 i u (|A|^i |g|)_t, u = 2^(1 - prec)): 3 n u ||K(|A|, |g|) |x|||_2 plus
 * one rounding of each of the n fused sums, evaluated in float64 (non-negative terms). */
static double tdt_ref_bound(long n, const double *d, const double *s, const double *u,
                            const double *g, const double *x, double knorm_x, int transpose)
{
    double *ad = malloc(sizeof(double) * (size_t)n), *as = malloc(sizeof(double) * (size_t)n);
    double *au = malloc(sizeof(double) * (size_t)n), *ag = malloc(sizeof(double) * (size_t)n);
    double *ax = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    double *yt = malloc(sizeof(double) * (size_t)n);
    for (long t = 0; t < n; t++) {
        ad[t] = fabs(d[t]);
        as[t] = t + 1 < n ? fabs(s[t]) : 0.0;
        au[t] = t + 1 < n ? fabs(u[t]) : 0.0;
        ag[t] = fabs(g[t]);
        ax[t] = fabs(x[t]);
    }
    td_explicit(y, yt, n, ad, as, au, ag, ax);
    double nrm = 0.0;
    for (long t = 0; t < n; t++)
        nrm += (transpose ? yt[t] : y[t]) * (transpose ? yt[t] : y[t]);
    double bound = 3.0 * (double)(n + 2) * ldexp(1.0, 1 - TDT_PREC) * sqrt(nrm) * 1.01 / knorm_x;
    free(ad); free(as); free(au); free(ag); free(ax); free(y); free(yt);
    return bound;
}

static double max_abs(const double *v, long len)
{
    double m = 0.0;
    for (long t = 0; t < len; t++)
        m = fmax(m, fabs(v[t]));
    return m;
}

/* One cell: operator K (0 = A with g_0, 1 = B^T with h_0) of stored set F. */
static void tdt_cell(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    const int f = (int)(cell / 2), k = (int)(cell % 2);
    const char *opname = k ? "B^T, h_0" : "A, g_0";
    td_operators_t ops;
    if (td_operators_load(tdt_files[f], &ops) != 0) {
        checker_row(c, ROW_POSITIVE, 0, "%s|%s|-|-|-|-|-|-|-|-|-|-|-|-|file could not be read",
                    tdt_names[f], opname);
        return;
    }
    const long n = ops.n;
    const double *d = ops.d[k], *s = ops.s[k], *u = ops.u[k], *g = k ? ops.h : ops.g;
    if (ops.cu[k] != 0.0 || ops.cl[k] != 0.0) { /* krylov_tridiag.h: no corners */
        checker_row(c, ROW_SKIPPED, 0, "%s|%s|%ld|-|-|-|-|-|-|-|-|-|-|-|corners not zero: not "
                    "supported by the fast multiply", tdt_names[f], opname, n);
        td_operators_free(&ops);
        return;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, n_randlimb(c->rand));
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    double *ye = malloc(sizeof(double) * (size_t)n), *yte = malloc(sizeof(double) * (size_t)n);
    mpfr_t *ref = malloc(sizeof(mpfr_t) * (size_t)n), *reft = malloc(sizeof(mpfr_t) * (size_t)n);
    mpfr_t kn2, lg;
    mpfr_init2(kn2, TDT_PREC);
    mpfr_init2(lg, 64);
    for (long t = 0; t < n; t++) {
        mpfr_init2(ref[t], TDT_PREC);
        mpfr_init2(reft[t], TDT_PREC);
        x[t] = gsl_ran_gaussian(rng, 1.0);
    }
    double xn = 0.0;
    for (long t = 0; t < n; t++)
        xn += x[t] * x[t];
    xn = sqrt(xn);
    krylov_tridiag_mpfr(ref, reft, kn2, n, d, s, u, g, x, TDT_PREC);
    mpfr_sqrt(lg, kn2, MPFR_RNDN);
    double knorm_x = mpfr_get_d(lg, MPFR_RNDN) * xn;
    mpfr_log10(lg, lg, MPFR_RNDN);
    double lognorm = mpfr_get_d(lg, MPFR_RNDN);
    double log_d, log_inv, log_inv_rounded;
    tdt_det_growth(n, d, s, u, &log_d, &log_inv, &log_inv_rounded);
    td_explicit(ye, yte, n, d, s, u, g, x);
    krylov_tridiag_t *K = krylov_tridiag_create(n, d, s, u, g, 0);
    double est = K ? krylov_tridiag_error_estimate(K) : NAN;
    int refused = !(est <= KRYLOV_TRIDIAG_TOL);
    if (K)
        krylov_tridiag_set_tolerance(K, -1.0); /* the unchecked call: the error behind a refusal */
    for (int tr = 0; tr <= 1; tr++) {
        double ek = INFINITY, ey, eek, eey;
        int ran = K && (tr ? krylov_tridiag_mul_transpose(K, y, x, 1) : krylov_tridiag_mul(K, y, x, 1)) == 0;
        if (ran)
            td_errors(y, tr ? reft : ref, kn2, xn, n, &ek, &ey);
        td_errors(tr ? yte : ye, tr ? reft : ref, kn2, xn, n, &eek, &eey);
        double bound = tdt_ref_bound(n, d, s, u, g, x, knorm_x, tr);
        /* holds: runs within 1e-12; detected: refuses and the unchecked result is really off
         * by > 1e-12 (or not produced at all); FAILS otherwise (a silent error, or a refusal
         * of an accurate product) */
        int accurate = ran && ek <= 1e-12;
        const char *outcome = !refused ? (accurate ? "holds" : "FAILS: silent error > 1e-12")
                                       : (accurate ? "FAILS: refused while accurate"
                                                   : ran ? "detected" : "detected (unchecked call fails)");
        char ekbuf[32];
        if (ran)
            snprintf(ekbuf, sizeof ekbuf, "%.2e", ek);
        else
            snprintf(ekbuf, sizeof ekbuf, "- (no result)");
        checker_row(c, ROW_POSITIVE, refused != accurate,
                    "%s|%s|%ld|%.3g / %.3g / %.3g|%.1f|%.1f|%.1f|%s|%.1e|%s|%s|%.2e|%.1e|%.1f|%s",
                    tdt_names[f], opname, n, max_abs(d, n), max_abs(s, n - 1), max_abs(u, n - 1),
                    log_d, log_inv, log_inv_rounded, tr ? "K^T x" : "K x", est, refused ? "yes" : "no", ekbuf, eek,
                    bound, lognorm, outcome);
    }
    krylov_tridiag_destroy(K);
    for (long t = 0; t < n; t++) {
        mpfr_clear(ref[t]);
        mpfr_clear(reft[t]);
    }
    mpfr_clears(kn2, lg, (mpfr_ptr)0);
    free(ref); free(reft); free(x); free(y); free(ye); free(yte);
    gsl_rng_free(rng);
    td_operators_free(&ops);
}

static void tdt_label(long cell, void *ctx, char *buf, size_t len)
{
    const tdt_plan_t *pl = ctx;
    snprintf(buf, len, "trained %s op=%ld content=%016lx", tdt_files[cell / 2], cell % 2,
             pl->hash[cell / 2]);
}

/* FNV-1a of a file's bytes (0 when unreadable: the cell then reports the read error). */
static unsigned long file_hash(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    unsigned long h = 1469598103934665603UL;
    int ch;
    while ((ch = getc(fp)) != EOF)
        h = (h ^ (unsigned long)ch) * 1099511628211UL;
    fclose(fp);
    return h;
}

int main(int argc, char **argv)
{
    static const checker_option_t opts[] = {
        {"--max-log", &max_log, "largest n = 2^k (k <= 16)"},
        {"--corner-max-log", &corner_max_log, "largest n = 2^k with a corner"},
        {"--td-max-log", &td_max_log, "LDR-TD: largest n = 2^k (init and eps = 0.01)"},
        {"--td-bad-max-log", &td_bad_max_log, "LDR-TD: largest n = 2^k for eps = 0.1, 0.5"},
        {NULL, NULL, NULL}};
    static const checker_info_t info = {
        "krylov_accuracy", "Accuracy of the fast Krylov multiply against MPFR (256 bits)",
        "papers/thomas2018_ldr_learned_operators.txt, Theorem 1 (float64 implementation)",
        "Errors of K(A,g) x and K(A,g)^T x (fast FFT algorithm and explicit float64 product) "
        "against an MPFR reference at 256 bits, normwise and componentwise.",
        opts};
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    if (c.quick) {
        max_log = max_log < 10 ? max_log : 10;
        corner_max_log = corner_max_log < 8 ? corner_max_log : 8;
        td_max_log = td_max_log < 8 ? td_max_log : 8;
        td_bad_max_log = td_bad_max_log < 8 ? td_bad_max_log : 8;
    }
    if (td_max_log > 16 || td_bad_max_log > 16)
        return checker_fail(&c, "--td-max-log / --td-bad-max-log: must be <= 16");
    if (max_log < 6 || max_log > 16)
        return checker_fail(&c, "--max-log %ld: must be in 6..16", max_log);
    if (corner_max_log > 16)
        return checker_fail(&c, "--corner-max-log %ld: must be <= 16", corner_max_log);
    checker_param(&c, "sizes", "n = 2^6 .. 2^%ld (corner: up to 2^%ld)", max_log, corner_max_log);
    checker_param(&c, "reference", "MPFR %d bits, O(n^2) (prefix products, one fma per term), "
                  "bound (3n+4) 2^-%d (|K||x|)_t", PREC, PREC - 1);
    checker_param(&c, "inputs", "a_t ~ U[0.5,1.5] or N(0,1); g, x ~ N(0,1); corner from the same "
                  "law as a_t when present; one vector per cell");
    checker_param(&c, "fast multiply", "FFTW_ESTIMATE plans, direct convolution for blocks < %d",
                  KRYLOV_FAST_DIRECT_BELOW);
    checker_section(&c, NULL, "a_t|corner|n|product|method|normwise rel. y|normwise rel. K_F x_2"
                    "|componentwise rel. y_t|componentwise rel. (abs(K) abs(x))_t|log10 K_F|~seconds");
    plan_t plan;
    plan.ncells = 0;
    for (int with_corner = 0; with_corner <= 1; with_corner++)
        for (int normal = 0; normal <= 1; normal++)
            for (long k = 6; k <= (with_corner ? corner_max_log : max_log); k++)
                plan.cells[plan.ncells++] = (cell_spec_t){with_corner, normal, k};
    if (checker_run_named_cells(&c, "cells", plan.ncells, accuracy_cell, accuracy_label, &plan,
                                2) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "LDR-TD: tridiagonal operators (algebra/fast/krylov_tridiag.h)",
                    "operators|n|product|method|a-posteriori estimate|refused|normwise rel. K_F x_2"
                    "|normwise rel. y|log10 K_F|~seconds");
    td_plan_t tdp;
    tdp.ncells = 0;
    for (int fam = 0; fam < TD_NFAM; fam++)
        for (long k = 6; k <= (fam < 2 ? td_max_log : td_bad_max_log); k += (k < 10 ? 1 : 2))
            if (tdp.ncells < 64) {
                tdp.fam[tdp.ncells] = fam;
                tdp.k[tdp.ncells++] = k;
            }
    if (checker_run_named_cells(&c, "tridiag", tdp.ncells, td_cell, td_label, &tdp, 2) != 0)
        return checker_fail(&c, "an LDR-TD cell could not be computed or stored");
    checker_param(&c, "LDR-TD", "operators: trainer init (s = 1, d = u = 0) and init + eps N(0,1) "
                  "on every entry of d, s, u; g ~ N(0, 1/n), x ~ N(0,1); n = 2^6..2^%ld (eps <= 0.01), "
                  "2^6..2^%ld (eps = 0.1, 0.5); reference MPFR %d bits (explicit columns); refusal "
                  "tolerance %.0e on the estimate", td_max_log, td_bad_max_log, TD_PREC,
                  KRYLOV_TRIDIAG_TOL);
    checker_section(&c, "LDR-TD: trained operators (tests/data/td_trained_*.txt)",
                    "operators after training|operator, generator|n|max abs d / s / u"
                    "|log10 max abs coef. of D = det(I - zA)|log10 max abs coef. of 1/D (z^0..z^(n-1))"
                    "|the same for 1/fl(D) (D's coefficients rounded to float64)"
                    "|product|a-posteriori estimate|refused|fast normwise rel. K_F x_2 (unchecked call)"
                    "|explicit float64 normwise rel. K_F x_2|reference error bound (rel. K_F x_2)"
                    "|log10 K_F|outcome");
    tdt_plan_t tdt;
    for (int f = 0; f < TDT_NFILES; f++)
        tdt.hash[f] = file_hash(tdt_files[f]);
    if (checker_run_named_cells(&c, "tridiag-trained", 2 * TDT_NFILES, tdt_cell, tdt_label, &tdt,
                                2) != 0)
        return checker_fail(&c, "a trained LDR-TD cell could not be computed or stored");
    checker_param(&c, "LDR-TD trained", "layer 0 of `train --data fashion --class ldr-td --rank 1 "
                  "--optim sgd --momentum 0.9 --batch 50 --init authors --hidden-bias 1 --corners "
                  "fixed --seed 1` (the authors' setting) at --lr 0.01 (1 epoch) and 0.001 (1 and 3 "
                  "epochs), n = 784, written by --dump-operators (command in each file's header); "
                  "x ~ N(0,1); reference MPFR %d bits; coefficients of D and 1/D in MPFR %d bits",
                  TDT_PREC, TDT_COEF_PREC);
    checker_note(&c, "Trained LDR-TD rows: outcome 'holds' = the multiply runs (estimate <= 1e-12) "
                 "and its error relative to ||K||_F ||x|| is <= 1e-12; 'detected' = it refuses and "
                 "the error of the unchecked call (refusal switched off) is indeed > 1e-12, or that "
                 "call produces no finite result; 'FAILS' = a silent error > 1e-12 or a refusal of an "
                 "accurate product. The explicit float64 column is the O(n^2) product the trainer "
                 "uses; the reference error bound shows the MPFR reference is exact far below 1e-12.");
    checker_note(&c, "Why the fast multiply fails on trained operators: it divides by D = det(I - zA) "
                 "(krylov_tridiag.h), i.e. it needs the power series of 1/D to n terms. Where the "
                 "coefficients of D grow (column 'log10 max abs coef. of D'), rounding them to "
                 "float64 -- a relative perturbation of 2^-53 each, before any arithmetic -- already "
                 "changes the series of 1/D by many orders of magnitude (compare the exact 1/D "
                 "column with the 1/fl(D) column, both computed in MPFR): the roots of D move and "
                 "the series grows geometrically with the smallest root's reciprocal. A float64 "
                 "algorithm through D cannot be accurate there; the a-posteriori estimate sees it. "
                 "Near the nilpotent init (coefficients of order 1) the two columns agree and the "
                 "multiply holds.");
    checker_note(&c, "Worst normwise error of the fast multiply relative to ||K||_F ||x||: the "
                 "largest 'normwise rel. K_F x_2' of the 'fast (FFT)' rows (float64 unit roundoff "
                 "1.1e-16). Errors relative to ||y|| or |y_t| can be large "
                 "without any fault of an algorithm: K's entries are products of up to n-1 "
                 "subdiagonal entries (E log|a| < 0 for both laws, so ||K|| is dominated by the "
                 "entries near the diagonal) and y_t may cancel.");
    checker_note(&c, "Batched layer rows: the LDR-SD layer M = K(A, g) K(B^T, h)^T with B = Z_0 "
                 "and h = e_(n-1) is K(A, g) J (J the reversal), so M (J x) = K x and J M^T x = "
                 "K^T x; a batch of 4 copies of x runs through the chunked batched kernels "
                 "(krylov_fast_batch.c) and the row shows the worst of the 4: the largest "
                 "'normwise rel. K_F x_2' of the 'batched layer' rows.");
    checker_note(&c, "Componentwise: the fast K x stays accurate relative to (|K||x|)_t; the fast "
                 "K^T x does NOT: (K^T x)_i decays like prod_{j<=i} |a_j| (over hundreds of orders "
                 "of magnitude) and FFT products leave errors absolute at the scale of the largest "
                 "coefficient of a block, so the tiny trailing entries lose all relative accuracy "
                 "(normwise the fast K^T x is as accurate as the explicit product). The explicit "
                 "product stays componentwise accurate until the exact entries leave the double "
                 "range (relative error 1 where they underflow).");
    checker_note(&c, "Columns: normwise rel. y = ||y - y_ref||_2 / ||y_ref||_2; normwise rel. K_F x_2 = "
                 "||y - y_ref||_2 / (||K||_F ||x||_2); componentwise rel. y_t = max_t |y_t - y_ref,t| / "
                 "|y_ref,t|; componentwise rel. (abs(K) abs(x))_t = max_t |y_t - y_ref,t| / (|K| |x|)_t.");
    checker_note(&c, "LDR-TD rows: the fast multiply runs with the refusal switched off so that "
                 "its error is measured even where krylov_tridiag_mul would refuse; 'refused' says "
                 "what the library does at its default tolerance (a-posteriori estimate from two "
                 "probe identities, krylov_tridiag.h). A positive row holds when the error "
                 "relative to ||K||_F ||x|| is <= 1e-12 or the multiply refuses (never a silent "
                 "wrong result). Conditioning: the algorithm divides by det(I - zA), whose "
                 "coefficients (elementary symmetric functions of the eigenvalues) grow far "
                 "beyond the Krylov entries once the perturbation of the nilpotent init is "
                 "O(0.1) at n in the hundreds; there float64 fails and the rows show the refusal.");
    checker_note(&c, "The MPFR reference is exact to far below float64 resolution (bound in the "
                 "header), so every error shown is the float64 method's own error. The negative "
                 "control perturbs one subdiagonal entry by a relative 1e-6 and must fail the "
                 "comparison normwise error / (||K||_F ||x||) <= 1e-14.");
    return checker_finish(&c);
}
