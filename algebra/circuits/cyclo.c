/* cyclo.c -- exact arithmetic in Q(zeta_N) (see cyclo.h). */
#include "circuits/cyclo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_poly.h>

void cyclo_ctx_init(cyclo_ctx_t ctx, ulong order)
{
    fmpz_poly_t p;
    if (order == 0)
        order = 1;
    ctx->order = order;
    fmpz_poly_init(p);
    fmpz_poly_cyclotomic(p, order);
    fmpq_poly_init(ctx->phi);
    fmpq_poly_set_fmpz_poly(ctx->phi, p);
    ctx->degree = fmpz_poly_degree(p);
    fmpz_poly_clear(p);
}

void cyclo_ctx_clear(cyclo_ctx_t ctx)
{
    fmpq_poly_clear(ctx->phi);
}

int cyclo_ctx_is_rational(const cyclo_ctx_t ctx)
{
    return ctx->degree == 1;
}

void cyclo_reduce(cyclo_t a, const cyclo_ctx_t ctx)
{
    if (fmpq_poly_length(a) > ctx->degree)
        fmpq_poly_rem(a, a, ctx->phi);
}

void cyclo_mul(cyclo_t r, const cyclo_t a, const cyclo_t b, const cyclo_ctx_t ctx)
{
    fmpq_poly_mul(r, a, b);
    cyclo_reduce(r, ctx);
}

void cyclo_addmul(cyclo_t r, const cyclo_t a, const cyclo_t b, const cyclo_ctx_t ctx)
{
    fmpq_poly_t t;
    if (fmpq_poly_is_zero(a) || fmpq_poly_is_zero(b))
        return;
    fmpq_poly_init(t);
    cyclo_mul(t, a, b, ctx);
    fmpq_poly_add(r, r, t);
    fmpq_poly_clear(t);
}

void cyclo_zeta_pow(cyclo_t r, slong k, const cyclo_ctx_t ctx)
{
    slong N = (slong) ctx->order;
    k %= N;
    if (k < 0)
        k += N;
    fmpq_poly_zero(r);
    fmpq_poly_set_coeff_si(r, k, 1);
    cyclo_reduce(r, ctx);
}

void cyclo_set_fmpq(cyclo_t r, const fmpq_t q)
{
    fmpq_poly_set_fmpq(r, q);
}

void cyclo_set_si(cyclo_t r, slong p, ulong q)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_set_si(t, p, q);
    fmpq_poly_set_fmpq(r, t);
    fmpq_clear(t);
}

int cyclo_get_fmpq(fmpq_t q, const cyclo_t a)
{
    if (fmpq_poly_length(a) > 1)
        return 0;
    fmpq_poly_get_coeff_fmpq(q, a, 0);
    return 1;
}

/* A rational "p" or "p/q": optional sign, digits, optional "/digits" with q > 0. */
static int parse_rational(fmpq_t q, const char *s, size_t len)
{
    char buf[512];
    size_t i = 0;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (buf[i] == '-' || buf[i] == '+')
        i++;
    size_t d0 = i;
    while (buf[i] >= '0' && buf[i] <= '9')
        i++;
    if (i == d0)
        return -1;
    if (buf[i] == '/') {
        size_t d1 = ++i;
        while (buf[i] >= '0' && buf[i] <= '9')
            i++;
        if (i == d1)
            return -1;
    }
    if (buf[i] != '\0')
        return -1;
    if (buf[0] == '+')
        buf[0] = ' ';
    if (fmpq_set_str(q, buf[0] == ' ' ? buf + 1 : buf, 10) != 0)
        return -1;
    if (fmpz_is_zero(fmpq_denref(q)))
        return -1;
    fmpq_canonicalise(q);
    return 0;
}

int cyclo_parse_term(fmpq_t c, ulong *k, const char *s, size_t len, const cyclo_ctx_t ctx)
{
    const char *e = s + len, *z = memchr(s, 'z', len);
    if (!z || ctx->order <= 2)
        return -1;
    int rc = 0;
    if (z == s)
        fmpq_one(c);
    else if (z == s + 1 && (s[0] == '-' || s[0] == '+'))
        fmpq_set_si(c, s[0] == '-' ? -1 : 1, 1);
    else if (z[-1] != '*' || parse_rational(c, s, (size_t)(z - 1 - s)) != 0)
        rc = -1;
    *k = 1 % ctx->order;
    if (rc == 0 && z + 1 < e) {
        /* "^digits": the exponent is taken modulo N (z^N = 1) */
        if (z[1] != '^' || z + 2 == e)
            rc = -1;
        else {
            *k = 0;
            for (const char *p = z + 2; p < e && rc == 0; p++) {
                if (*p < '0' || *p > '9')
                    rc = -1;
                else
                    *k = (*k * 10 + (ulong)(*p - '0')) % ctx->order;
            }
        }
    }
    return rc;
}

/* One term of the compact form (S..E); adds it to R. */
static int parse_term(cyclo_t r, const char *s, const char *e, const cyclo_ctx_t ctx)
{
    fmpq_t c;
    ulong k;
    fmpq_init(c);
    int rc = cyclo_parse_term(c, &k, s, (size_t)(e - s), ctx);
    if (rc == 0) {
        cyclo_t t;
        fmpq_poly_init(t);
        cyclo_zeta_pow(t, (slong)(k % ctx->order), ctx);
        fmpq_poly_scalar_mul_fmpq(t, t, c);
        fmpq_poly_add(r, r, t);
        fmpq_poly_clear(t);
    }
    fmpq_clear(c);
    return rc;
}

int cyclo_parse(cyclo_t r, const char *s, const cyclo_ctx_t ctx)
{
    fmpq_t q;
    int rc = 0;
    size_t len = strlen(s);
    fmpq_init(q);
    fmpq_poly_zero(r);
    if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
        if (ctx->order <= 2) {
            rc = -1;
        } else {
            const char *p = s + 1, *end = s + len - 1;
            slong k = 0;
            while (rc == 0 && p <= end) {
                const char *c = memchr(p, ',', (size_t) (end - p));
                if (!c)
                    c = end;
                if (k >= (slong) ctx->order || parse_rational(q, p, (size_t) (c - p)) != 0)
                    rc = -1; /* a list longer than N is not a coefficient (bounds memory) */
                else
                    fmpq_poly_set_coeff_fmpq(r, k++, q);
                p = c + 1;
            }
        }
    } else if (parse_rational(q, s, len) == 0) {
        fmpq_poly_set_fmpq(r, q);
    } else if (ctx->order > 2 && memchr(s, 'z', len)) {
        /* compact form: terms split before a '+' or '-' that follows a term naming z */
        const char *a = s, *end = s + len;
        int seen_z = 0;
        for (const char *p = s; rc == 0 && p <= end; p++) {
            if (p == end || ((*p == '+' || *p == '-') && p > a && seen_z)) {
                rc = parse_term(r, a, p, ctx);
                a = p;
                seen_z = 0;
            }
            if (p < end && *p == 'z')
                seen_z = 1;
        }
    } else {
        rc = -1;
    }
    if (rc == 0)
        cyclo_reduce(r, ctx);
    else
        fmpq_poly_zero(r);
    fmpq_clear(q);
    return rc;
}

char *cyclo_get_str(const cyclo_t a)
{
    slong len = fmpq_poly_length(a);
    fmpq_t q;
    fmpq_init(q);
    if (len <= 1) {
        fmpq_poly_get_coeff_fmpq(q, a, 0);
        char *s = fmpq_get_str(NULL, 10, q);
        fmpq_clear(q);
        return s;
    }
    /* the list "[c0,...]" and the compact "c*z^k+..." (non-zero terms only): the shorter */
    size_t cap = 16, used = 0, ccap = 16, cused = 0;
    char *out = flint_malloc(cap), *cmp = flint_malloc(ccap);
    out[used++] = '[';
    for (slong k = 0; k < len; k++) {
        fmpq_poly_get_coeff_fmpq(q, a, k);
        char *c = fmpq_get_str(NULL, 10, q);
        size_t cl = strlen(c);
        if (used + cl + 3 > cap) {
            cap = 2 * (used + cl + 3);
            out = flint_realloc(out, cap);
        }
        memcpy(out + used, c, cl);
        used += cl;
        out[used++] = (k + 1 < len) ? ',' : ']';
        if (!fmpq_is_zero(q)) {
            if (cused + cl + 32 > ccap) {
                ccap = 2 * (cused + cl + 32);
                cmp = flint_realloc(cmp, ccap);
            }
            int one = fmpq_is_one(q), mone = fmpz_equal_si(fmpq_numref(q), -1) &&
                                                 fmpz_is_one(fmpq_denref(q));
            if (cused && c[0] != '-')
                cmp[cused++] = '+';
            if (mone)
                cmp[cused++] = '-';
            else if (!one) {
                memcpy(cmp + cused, c, cl);
                cused += cl;
                cmp[cused++] = '*';
            }
            cused += (size_t) (k == 1 ? sprintf(cmp + cused, "z")
                                      : sprintf(cmp + cused, "z^%ld", (long) k));
        }
        flint_free(c);
    }
    out[used] = '\0';
    cmp[cused] = '\0';
    fmpq_clear(q);
    if (cused < used) {
        flint_free(out);
        return cmp;
    }
    flint_free(cmp);
    return out;
}

double complex cyclo_get_complex(const cyclo_t a, const cyclo_ctx_t ctx)
{
    double complex z = 0, w = 1;
    double th = 2.0 * 3.14159265358979323846 / (double) ctx->order;
    double complex zeta = cos(th) + I * sin(th);
    fmpq_t q;
    fmpq_init(q);
    for (slong k = 0; k < fmpq_poly_length(a); k++) {
        fmpq_poly_get_coeff_fmpq(q, a, k);
        z += w * fmpz_get_d(fmpq_numref(q)) / fmpz_get_d(fmpq_denref(q));
        w *= zeta;
    }
    fmpq_clear(q);
    return z;
}

fmpq_poly_struct *cyclo_vec_init(slong len)
{
    fmpq_poly_struct *v = flint_malloc((size_t) FLINT_MAX(len, 1) * sizeof *v);
    for (slong i = 0; i < len; i++)
        fmpq_poly_init(v + i);
    return v;
}

void cyclo_vec_clear(fmpq_poly_struct *v, slong len)
{
    for (slong i = 0; i < len; i++)
        fmpq_poly_clear(v + i);
    flint_free(v);
}

void cyclo_vec_zero(fmpq_poly_struct *v, slong len)
{
    for (slong i = 0; i < len; i++)
        fmpq_poly_zero(v + i);
}

int cyclo_vec_equal(const fmpq_poly_struct *a, const fmpq_poly_struct *b, slong len)
{
    for (slong i = 0; i < len; i++)
        if (!fmpq_poly_equal(a + i, b + i))
            return 0;
    return 1;
}

void cyclo_mat_mul(fmpq_poly_struct *C, const fmpq_poly_struct *A, const fmpq_poly_struct *B,
                   slong n, const cyclo_ctx_t ctx)
{
    cyclo_vec_zero(C, n * n);
    for (slong i = 0; i < n; i++)
        for (slong k = 0; k < n; k++)
            if (!fmpq_poly_is_zero(A + i * n + k))
                for (slong j = 0; j < n; j++)
                    cyclo_addmul(C + i * n + j, A + i * n + k, B + k * n + j, ctx);
}
