/* sign_patterns.c -- distinct sign vectors of polynomial families (see sign_patterns.h). */
#include "exact/sign_patterns.h"

#include <stdlib.h>
#include <string.h>

#include <acb.h>
#include <arb.h>
#include <arb_fmpz_poly.h>
#include <flint/fmpz_poly_factor.h>

/* A set of sign vectors: M chars each, stored flat, counted after sorting. */
typedef struct {
    char *v;
    slong m, len, cap;
} vecset_t;

static void vecset_add(vecset_t *s, const char *vec)
{
    if (s->len == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = flint_realloc(s->v, (size_t)(s->cap * (s->m + 1)));
    }
    memcpy(s->v + s->len * (s->m + 1), vec, (size_t)s->m);
    s->v[s->len * (s->m + 1) + s->m] = 0;
    s->len++;
}

static int cmp_str(const void *a, const void *b) { return strcmp(a, b); }

static slong vecset_distinct(vecset_t *s)
{
    if (s->len == 0) return 0;
    size_t w = (size_t)(s->m + 1);
    qsort(s->v, (size_t)s->len, w, cmp_str);
    slong k = 1;
    for (slong i = 1; i < s->len; i++)
        if (strcmp(s->v + i * w, s->v + (i - 1) * w)) k++;
    return k;
}

/* Record one ternary vector T (chars '-', '0', '+') in both sets. */
static void record(vecset_t *bin, vecset_t *ter, char *t, char *b, slong m)
{
    for (slong i = 0; i < m; i++) b[i] = t[i] == '+' ? '1' : '0';
    vecset_add(ter, t);
    vecset_add(bin, b);
}

static char sign_char(int s) { return s > 0 ? '+' : s < 0 ? '-' : '0'; }

/* Signs of every F[i] at the rational X into T. */
static void signs_at_fmpq(char *t, const fmpz_poly_struct *F, slong m, const fmpq_t x, fmpq_t y)
{
    for (slong i = 0; i < m; i++) {
        fmpz_poly_evaluate_fmpq(y, F + i, x);
        t[i] = sign_char(fmpq_sgn(y));
    }
}

/* An exact rational end point of the ball X: the lower one, or the upper one if UPPER. */
static void arb_lower_fmpq(fmpq_t q, const arb_t x, int upper)
{
    fmpz_t a, b, e;
    fmpz_init(a); fmpz_init(b); fmpz_init(e);
    arb_get_interval_fmpz_2exp(a, b, e, x);
    fmpz_set(fmpq_numref(q), upper ? b : a);
    fmpz_one(fmpq_denref(q));
    slong ex = fmpz_get_si(e);
    if (ex >= 0) fmpq_mul_2exp(q, q, (ulong)ex);
    else fmpq_div_2exp(q, q, (ulong)(-ex));
    fmpz_clear(a); fmpz_clear(b); fmpz_clear(e);
}

/* One attempt at precision PREC; returns 1 when every sign was certified. */
static int univariate_at_prec(vecset_t *bin, vecset_t *ter, slong *nroots,
                              const fmpz_poly_struct *F, slong m, const fmpz_poly_struct *fac,
                              slong nfac, const fmpz_poly_t Q, slong prec)
{
    slong d = fmpz_poly_degree(Q);
    char *t = flint_malloc((size_t)m + 1), *b = flint_malloc((size_t)m + 1);
    t[m] = b[m] = 0;
    fmpq_t x, y, lo;
    fmpq_init(x); fmpq_init(y); fmpq_init(lo);
    int ok = 1;
    slong nreal = 0;
    acb_ptr roots = NULL;
    if (d > 0) {
        roots = _acb_vec_init(d);
        arb_fmpz_poly_complex_roots(roots, Q, 0, prec);
        while (nreal < d && arb_is_zero(acb_imagref(roots + nreal))) nreal++;
    }
    arb_t v;
    arb_init(v);
    /* the root points: which factor vanishes (exactly one), then the other signs */
    for (slong k = 0; k < nreal && ok; k++) {
        const arb_struct *r = acb_realref(roots + k);
        slong which = -1, zeros = 0;
        for (slong j = 0; j < nfac; j++) {
            arb_fmpz_poly_evaluate_arb(v, fac + j, r, prec);
            if (arb_contains_zero(v)) { zeros++; which = j; }
        }
        if (zeros != 1) { ok = 0; break; }
        for (slong i = 0; i < m && ok; i++) {
            if (fmpz_poly_is_zero(F + i)) { t[i] = '0'; continue; }
            fmpz_poly_t qq, rr;
            fmpz_poly_init(qq); fmpz_poly_init(rr);
            fmpz_poly_divrem(qq, rr, F + i, fac + which);
            int divides = fmpz_poly_is_zero(rr);
            fmpz_poly_clear(qq); fmpz_poly_clear(rr);
            if (divides) { t[i] = '0'; continue; }
            arb_fmpz_poly_evaluate_arb(v, F + i, r, prec);
            if (arb_is_positive(v)) t[i] = '+';
            else if (arb_is_negative(v)) t[i] = '-';
            else ok = 0;
        }
        if (ok) record(bin, ter, t, b, m);
    }
    /* the open intervals: a rational point left of all roots, between neighbours, right */
    if (ok) {
        if (nreal == 0) {
            fmpq_zero(x);
            signs_at_fmpq(t, F, m, x, y);
            record(bin, ter, t, b, m);
        } else {
            arb_lower_fmpq(x, acb_realref(roots), 0);
            fmpq_sub_si(x, x, 1);
            signs_at_fmpq(t, F, m, x, y);
            record(bin, ter, t, b, m);
            for (slong k = 0; k + 1 < nreal; k++) {
                arb_lower_fmpq(lo, acb_realref(roots + k), 1);
                arb_lower_fmpq(x, acb_realref(roots + k + 1), 0);
                if (fmpq_cmp(lo, x) >= 0) { ok = 0; break; }
                fmpq_add(x, x, lo);
                fmpq_div_2exp(x, x, 1);
                signs_at_fmpq(t, F, m, x, y);
                record(bin, ter, t, b, m);
            }
            arb_lower_fmpq(x, acb_realref(roots + nreal - 1), 1);
            fmpq_add_si(x, x, 1);
            signs_at_fmpq(t, F, m, x, y);
            record(bin, ter, t, b, m);
        }
    }
    *nroots = nreal;
    arb_clear(v);
    if (roots) _acb_vec_clear(roots, d);
    fmpq_clear(x); fmpq_clear(y); fmpq_clear(lo);
    flint_free(t); flint_free(b);
    return ok;
}

int sign_patterns_univariate(sign_count_t *out, const fmpz_poly_struct *F, slong m)
{
    /* the distinct irreducible factors of all F[i] and their product Q (squarefree) */
    slong nfac = 0, cap = 8;
    fmpz_poly_struct *fac = flint_malloc((size_t)cap * sizeof *fac);
    for (slong i = 0; i < m; i++) {
        if (fmpz_poly_degree(F + i) < 1) continue;
        fmpz_poly_factor_t fa;
        fmpz_poly_factor_init(fa);
        fmpz_poly_factor(fa, F + i);
        for (slong j = 0; j < fa->num; j++) {
            int seen = 0;
            for (slong k = 0; k < nfac && !seen; k++) seen = fmpz_poly_equal(fac + k, fa->p + j);
            if (seen) continue;
            if (nfac == cap) { cap *= 2; fac = flint_realloc(fac, (size_t)cap * sizeof *fac); }
            fmpz_poly_init(fac + nfac);
            fmpz_poly_set(fac + nfac, fa->p + j);
            nfac++;
        }
        fmpz_poly_factor_clear(fa);
    }
    fmpz_poly_t Q;
    fmpz_poly_init(Q);
    fmpz_poly_one(Q);
    for (slong k = 0; k < nfac; k++) fmpz_poly_mul(Q, Q, fac + k);
    int ok = 0;
    for (slong prec = 64; prec <= 16384 && !ok; prec *= 2) {
        vecset_t bin = {NULL, m, 0, 0}, ter = {NULL, m, 0, 0};
        slong nroots = 0;
        ok = univariate_at_prec(&bin, &ter, &nroots, F, m, fac, nfac, Q, prec);
        if (ok) {
            out->binary = vecset_distinct(&bin);
            out->ternary = vecset_distinct(&ter);
            out->real_roots = nroots;
        }
        flint_free(bin.v); flint_free(ter.v);
    }
    for (slong k = 0; k < nfac; k++) fmpz_poly_clear(fac + k);
    flint_free(fac);
    fmpz_poly_clear(Q);
    return ok ? 0 : -1;
}

void sign_patterns_sampled(sign_count_t *out, const fmpz_mpoly_struct *F, slong m,
                           const fmpz_mpoly_ctx_t ctx, slong nvars, slong npoints, slong range,
                           flint_rand_t st)
{
    slong N = fmpz_mpoly_ctx_nvars(ctx);
    fmpz *vals = _fmpz_vec_init(N);
    fmpz **ptr = flint_malloc((size_t)N * sizeof *ptr);
    for (slong j = 0; j < N; j++) ptr[j] = vals + j;
    char *t = flint_malloc((size_t)m + 1), *b = flint_malloc((size_t)m + 1);
    vecset_t bin = {NULL, m, 0, 0}, ter = {NULL, m, 0, 0};
    fmpz_t ev;
    fmpz_init(ev);
    for (slong p = 0; p < npoints; p++) {
        for (slong j = 0; j < nvars && j < N; j++)
            fmpz_set_si(vals + j, (slong)n_randint(st, (ulong)(2 * range + 1)) - range);
        for (slong i = 0; i < m; i++) {
            fmpz_mpoly_evaluate_all_fmpz(ev, F + i, ptr, ctx);
            t[i] = sign_char(fmpz_sgn(ev));
        }
        record(&bin, &ter, t, b, m);
    }
    out->binary = vecset_distinct(&bin);
    out->ternary = vecset_distinct(&ter);
    out->real_roots = -1;
    fmpz_clear(ev);
    flint_free(bin.v); flint_free(ter.v); flint_free(t); flint_free(b);
    flint_free(ptr);
    _fmpz_vec_clear(vals, N);
}

void sign_patterns_sampled_univariate(sign_count_t *out, const fmpz_poly_struct *F, slong m,
                                      slong npoints, slong range, flint_rand_t st)
{
    char *t = flint_malloc((size_t)m + 1), *b = flint_malloc((size_t)m + 1);
    vecset_t bin = {NULL, m, 0, 0}, ter = {NULL, m, 0, 0};
    fmpq_t x, y;
    fmpq_init(x); fmpq_init(y);
    for (slong p = 0; p < npoints; p++) {
        fmpz_set_si(fmpq_numref(x), (slong)n_randint(st, (ulong)(2 * range + 1)) - range);
        fmpz_set_si(fmpq_denref(x), (slong)n_randint(st, (ulong)range) + 1);
        fmpq_canonicalise(x);
        signs_at_fmpq(t, F, m, x, y);
        record(&bin, &ter, t, b, m);
    }
    out->binary = vecset_distinct(&bin);
    out->ternary = vecset_distinct(&ter);
    out->real_roots = -1;
    fmpq_clear(x); fmpq_clear(y);
    flint_free(bin.v); flint_free(ter.v); flint_free(t); flint_free(b);
}

void sign_patterns_warren_lower(fmpq_t B, slong m, slong D, slong W)
{
    fmpq_t base;
    fmpq_init(base);
    /* 2 e_lo m D / W with e_lo = 2718/1000 */
    fmpz_t num, den;
    fmpz_init(num); fmpz_init(den);
    fmpz_set_si(num, 2 * 2718);
    fmpz_mul_si(num, num, m);
    fmpz_mul_si(num, num, D);
    fmpz_set_si(den, 1000);
    fmpz_mul_si(den, den, W);
    fmpq_set_fmpz_frac(base, num, den);
    fmpq_pow_si(B, base, W);
    fmpq_mul_2exp(B, B, 1);
    fmpz_clear(num); fmpz_clear(den);
    fmpq_clear(base);
}
