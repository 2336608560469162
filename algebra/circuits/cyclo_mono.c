/* cyclo_mono.c -- compact elements p z^e of Q(zeta_N) (see cyclo_mono.h). */
#include "circuits/cyclo_mono.h"

#include <math.h>
#include <string.h>

void cyclo_mono_init(cyclo_mono_t m)
{
    fmpq_poly_init(&m->p);
    m->e = 0;
}

void cyclo_mono_clear(cyclo_mono_t m)
{
    fmpq_poly_clear(&m->p);
}

void cyclo_mono_set(cyclo_mono_t r, const cyclo_mono_t a)
{
    fmpq_poly_set(&r->p, &a->p);
    r->e = a->e;
}

void cyclo_mono_swap(cyclo_mono_t a, cyclo_mono_t b)
{
    fmpq_poly_swap(&a->p, &b->p);
    ulong t = a->e;
    a->e = b->e;
    b->e = t;
}

void cyclo_mono_set_si(cyclo_mono_t r, slong v)
{
    fmpq_poly_set_si(&r->p, v);
    r->e = 0;
}

/* z^e as a dense reduced element times p (e < N). */
static void shift_reduce(cyclo_t r, const cyclo_t p, ulong e, const cyclo_ctx_t ctx)
{
    fmpq_poly_shift_left(r, p, (slong) e);
    cyclo_reduce(r, ctx);
}

void cyclo_mono_normalise(cyclo_mono_t m, const cyclo_ctx_t ctx)
{
    ulong N = ctx->order;
    cyclo_reduce(&m->p, ctx);
    m->e %= N;
    if (fmpq_poly_is_zero(&m->p)) {
        m->e = 0;
        return;
    }
    slong len = fmpq_poly_length(&m->p);
    if (len > 1) {
        /* a single term c z^j: keep c and add j to the exponent */
        slong nz = 0;
        for (slong j = 0; j < len && nz < 2; j++)
            nz += !fmpz_is_zero(m->p.coeffs + j);
        if (nz == 1) {
            fmpq_t c;
            fmpq_init(c);
            fmpq_poly_get_coeff_fmpq(c, &m->p, len - 1);
            fmpq_poly_set_fmpq(&m->p, c);
            fmpq_clear(c);
            m->e = (m->e + (ulong) (len - 1)) % N;
        } else if (m->e != 0) {
            cyclo_t t;
            fmpq_poly_init(t);
            shift_reduce(t, &m->p, m->e, ctx);
            fmpq_poly_swap(t, &m->p);
            fmpq_poly_clear(t);
            m->e = 0;
            cyclo_mono_normalise(m, ctx); /* the product may be a single term */
            return;
        }
    }
    if (N % 2 == 0 && m->e >= N / 2) { /* z^(N/2) = -1 */
        m->e -= N / 2;
        fmpq_poly_neg(&m->p, &m->p);
    }
    if (N <= 2)
        m->e = 0;
}

void cyclo_mono_set_cyclo(cyclo_mono_t r, const cyclo_t a, const cyclo_ctx_t ctx)
{
    fmpq_poly_set(&r->p, a);
    r->e = 0;
    cyclo_mono_normalise(r, ctx);
}

void cyclo_mono_set_term(cyclo_mono_t r, const fmpq_t c, slong e, const cyclo_ctx_t ctx)
{
    slong N = (slong) ctx->order;
    e %= N;
    if (e < 0)
        e += N;
    fmpq_poly_set_fmpq(&r->p, c);
    r->e = (ulong) e;
    cyclo_mono_normalise(r, ctx);
}

int cyclo_mono_is_zero(const cyclo_mono_t m)
{
    return fmpq_poly_is_zero(&m->p);
}

int cyclo_mono_is_one(const cyclo_mono_t m)
{
    return m->e == 0 && fmpq_poly_is_one(&m->p);
}

int cyclo_mono_is_monomial(const cyclo_mono_t m)
{
    return fmpq_poly_length(&m->p) <= 1;
}

void cyclo_mono_mul(cyclo_mono_t r, const cyclo_mono_t a, const cyclo_mono_t b,
                    const cyclo_ctx_t ctx)
{
    ulong e = (a->e + b->e) % ctx->order;
    if (cyclo_mono_is_monomial(a) && cyclo_mono_is_monomial(b)) {
        fmpq_t x, y;
        fmpq_init(x);
        fmpq_init(y);
        fmpq_poly_get_coeff_fmpq(x, &a->p, 0);
        fmpq_poly_get_coeff_fmpq(y, &b->p, 0);
        fmpq_mul(x, x, y);
        fmpq_poly_set_fmpq(&r->p, x);
        fmpq_clear(x);
        fmpq_clear(y);
    } else {
        cyclo_t t;
        fmpq_poly_init(t);
        fmpq_poly_mul(t, &a->p, &b->p);
        fmpq_poly_swap(t, &r->p);
        fmpq_poly_clear(t);
    }
    r->e = e;
    cyclo_mono_normalise(r, ctx);
}

void cyclo_mono_get(cyclo_t r, const cyclo_mono_t m, const cyclo_ctx_t ctx)
{
    if (m->e == 0) {
        fmpq_poly_set(r, &m->p);
        cyclo_reduce(r, ctx);
    } else {
        shift_reduce(r, &m->p, m->e, ctx);
    }
}

void cyclo_mono_add(cyclo_mono_t r, const cyclo_mono_t a, const cyclo_mono_t b,
                    const cyclo_ctx_t ctx)
{
    if (a->e == b->e) {
        fmpq_poly_add(&r->p, &a->p, &b->p);
        r->e = a->e;
    } else {
        cyclo_t x, y;
        fmpq_poly_init(x);
        fmpq_poly_init(y);
        cyclo_mono_get(x, a, ctx);
        cyclo_mono_get(y, b, ctx);
        fmpq_poly_add(&r->p, x, y);
        r->e = 0;
        fmpq_poly_clear(x);
        fmpq_poly_clear(y);
    }
    cyclo_mono_normalise(r, ctx);
}

void cyclo_mono_addmul(cyclo_t r, const cyclo_mono_t m, const cyclo_t x, const cyclo_ctx_t ctx)
{
    if (cyclo_mono_is_zero(m) || fmpq_poly_is_zero(x))
        return;
    cyclo_t t;
    fmpq_poly_init(t);
    fmpq_poly_mul(t, &m->p, x);
    if (m->e)
        fmpq_poly_shift_left(t, t, (slong) m->e);
    cyclo_reduce(t, ctx);
    fmpq_poly_add(r, r, t);
    fmpq_poly_clear(t);
}

slong cyclo_mono_slots(const cyclo_mono_t m)
{
    return FLINT_MAX(fmpq_poly_length(&m->p), 1);
}

double complex cyclo_mono_get_complex(const cyclo_mono_t m, const cyclo_ctx_t ctx)
{
    double th = 2.0 * 3.14159265358979323846 * (double) m->e / (double) ctx->order;
    return cyclo_get_complex(&m->p, ctx) * (cos(th) + I * sin(th));
}

int cyclo_mono_parse(cyclo_mono_t r, const char *s, const cyclo_ctx_t ctx)
{
    size_t len = strlen(s);
    /* one term: a 'z' and no sign after the first character other than the exponent's */
    if (ctx->order > 2 && len > 0 && s[0] != '[' && memchr(s, 'z', len)) {
        int single = 1;
        for (size_t i = 1; i < len; i++)
            if (s[i] == '+' || s[i] == '-')
                single = 0;
        if (single) {
            fmpq_t c;
            ulong k;
            fmpq_init(c);
            int rc = cyclo_parse_term(c, &k, s, len, ctx);
            if (rc == 0)
                cyclo_mono_set_term(r, c, (slong) k, ctx);
            fmpq_clear(c);
            return rc;
        }
    }
    r->e = 0;
    if (cyclo_parse(&r->p, s, ctx) != 0)
        return -1;
    cyclo_mono_normalise(r, ctx);
    return 0;
}

char *cyclo_mono_get_str(const cyclo_mono_t m, const cyclo_ctx_t ctx)
{
    if (m->e == 0 || !cyclo_mono_is_monomial(m)) {
        cyclo_t t;
        fmpq_poly_init(t);
        cyclo_mono_get(t, m, ctx);
        char *s = cyclo_get_str(t);
        fmpq_poly_clear(t);
        return s;
    }
    fmpq_t c;
    fmpq_init(c);
    fmpq_poly_get_coeff_fmpq(c, &m->p, 0);
    char *cs = fmpq_get_str(NULL, 10, c);
    char *out = flint_malloc(strlen(cs) + 32);
    const char *pre = fmpq_is_one(c) ? "" : (fmpz_equal_si(fmpq_numref(c), -1) &&
                                             fmpz_is_one(fmpq_denref(c))) ? "-" : NULL;
    char ez[32];
    if (m->e == 1)
        strcpy(ez, "z");
    else
        snprintf(ez, sizeof ez, "z^%lu", (unsigned long) m->e);
    if (pre)
        sprintf(out, "%s%s", pre, ez);
    else
        sprintf(out, "%s*%s", cs, ez);
    flint_free(cs);
    fmpq_clear(c);
    return out;
}
