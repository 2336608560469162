/* qparse.c -- exact decimal / fraction parsing and printing (see qparse.h). */
#include "io/qparse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Case-insensitive: is the token (after an optional sign) exactly WORD? */
static int names_special(const char *s, size_t len, const char *word)
{
    size_t i = (len > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    size_t w = strlen(word);
    if (len - i != w)
        return 0;
    for (size_t k = 0; k < w; k++)
        if (tolower((unsigned char)s[i + k]) != word[k])
            return 0;
    return 1;
}

/* Z = b^e (FLINT 2.9 has no fmpz_ui_pow_ui). */
static void ui_pow(fmpz_t z, ulong b, ulong e)
{
    fmpz_set_ui(z, b);
    fmpz_pow_ui(z, z, e);
}

/* Digits s[a..b) (all decimal) into Z. */
static void digits_to_fmpz(fmpz_t z, const char *s, size_t a, size_t b)
{
    if (b - a <= 18) {
        ulong v = 0;
        for (size_t i = a; i < b; i++)
            v = 10 * v + (ulong)(s[i] - '0');
        fmpz_set_ui(z, v);
        return;
    }
    char *buf = malloc(b - a + 1);
    memcpy(buf, s + a, b - a);
    buf[b - a] = '\0';
    fmpz_set_str(z, buf, 10);
    free(buf);
}

/* p/q form: [+|-] digits / digits. */
static int parse_fraction(fmpq_t x, const char *s, size_t len, size_t slash, const char **reason)
{
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (slash == i || slash + 1 == len) {
        *reason = "non-numeric token";
        return -1;
    }
    for (size_t k = i; k < len; k++)
        if (k != slash && !is_digit(s[k])) {
            *reason = "non-numeric token";
            return -1;
        }
    fmpz_t p, q;
    fmpz_init(p);
    fmpz_init(q);
    digits_to_fmpz(p, s, i, slash);
    digits_to_fmpz(q, s, slash + 1, len);
    int ok = !fmpz_is_zero(q);
    if (ok) {
        if (s[0] == '-')
            fmpz_neg(p, p);
        fmpq_set_fmpz_frac(x, p, q);
    } else
        *reason = "zero denominator";
    fmpz_clear(p);
    fmpz_clear(q);
    return ok ? 0 : -1;
}

/* Exponent part "[+|-]digits" at s[i..len); clamps to avoid overflow. */
static int parse_exponent(long *e, const char *s, size_t i, size_t len, const char **reason)
{
    int neg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i == len) {
        *reason = "non-numeric token";
        return -1;
    }
    long v = 0;
    for (; i < len; i++) {
        if (!is_digit(s[i])) {
            *reason = "non-numeric token";
            return -1;
        }
        if (v <= 100L * QPARSE_MAX_EXPONENT)
            v = 10 * v + (s[i] - '0');
    }
    *e = neg ? -v : v;
    return 0;
}

int qparse_fmpq(fmpq_t x, const char *s, size_t len, const char **reason)
{
    if (len == 0) {
        *reason = "empty number";
        return -1;
    }
    if (names_special(s, len, "nan")) {
        *reason = "NaN is not a number";
        return -1;
    }
    if (names_special(s, len, "inf") || names_special(s, len, "infinity")) {
        *reason = "infinite value";
        return -1;
    }
    const char *slash = memchr(s, '/', len);
    if (slash)
        return parse_fraction(x, s, len, (size_t)(slash - s), reason);

    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    size_t int_a = i;
    while (i < len && is_digit(s[i]))
        i++;
    size_t int_b = i, frac_a = i, frac_b = i;
    if (i < len && s[i] == '.') {
        frac_a = ++i;
        while (i < len && is_digit(s[i]))
            i++;
        frac_b = i;
    }
    if (int_b == int_a && frac_b == frac_a) {
        *reason = "non-numeric token";
        return -1;
    }
    long e = 0;
    if (i < len) {
        if (s[i] != 'e' && s[i] != 'E') {
            *reason = "non-numeric token";
            return -1;
        }
        if (parse_exponent(&e, s, i + 1, len, reason))
            return -1;
    }
    long shift = e - (long)(frac_b - frac_a);
    if (e > QPARSE_MAX_EXPONENT || e < -QPARSE_MAX_EXPONENT || shift < -2 * QPARSE_MAX_EXPONENT) {
        *reason = "exponent out of range";
        return -1;
    }
    /* mantissa = integer digits followed by fraction digits */
    size_t nd = (int_b - int_a) + (frac_b - frac_a);
    char *digits = malloc(nd + 1);
    memcpy(digits, s + int_a, int_b - int_a);
    memcpy(digits + (int_b - int_a), s + frac_a, frac_b - frac_a);
    fmpz_t m, p10;
    fmpz_init(m);
    fmpz_init(p10);
    digits_to_fmpz(m, digits, 0, nd);
    free(digits);
    if (s[0] == '-')
        fmpz_neg(m, m);
    ui_pow(p10, 10, (ulong)(shift >= 0 ? shift : -shift));
    if (shift >= 0) {
        fmpz_mul(fmpq_numref(x), m, p10);
        fmpz_one(fmpq_denref(x));
    } else
        fmpq_set_fmpz_frac(x, m, p10);
    fmpz_clear(m);
    fmpz_clear(p10);
    return 0;
}

int qparse_fmpq_str(fmpq_t x, const char *s, const char **reason)
{
    return qparse_fmpq(x, s, strlen(s), reason);
}

int qparse_is_integer(const char *s, size_t len)
{
    size_t i = (len > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i == len)
        return 0;
    for (; i < len; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

int qparse_count(long *v, const char *s, size_t len, long max, const char **reason)
{
    if (len == 0) {
        *reason = "empty number";
        return -1;
    }
    long x = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(s[i])) {
            *reason = "non-numeric token";
            return -1;
        }
        int d = s[i] - '0';
        if (x > (max - d) / 10) {
            *reason = "size overflow";
            return -1;
        }
        x = 10 * x + d;
    }
    *v = x;
    return 0;
}

int qparse_is_terminating(const fmpq_t x)
{
    fmpz_t d;
    fmpz_init_set(d, fmpq_denref(x));
    fmpz_tdiv_q_2exp(d, d, fmpz_val2(d));
    while (fmpz_divisible_si(d, 5))
        fmpz_divexact_ui(d, d, 5);
    int r = fmpz_is_one(d);
    fmpz_clear(d);
    return r;
}

/* X = p / (2^a 5^b): scale to N / 10^k, k = max(a, b), and insert the decimal point. */
static char *format_terminating(const fmpq_t x)
{
    fmpz_t d, n;
    fmpz_init_set(d, fmpq_denref(x));
    fmpz_init(n);
    ulong a = fmpz_val2(d), b = 0;
    fmpz_tdiv_q_2exp(d, d, a);
    while (!fmpz_is_one(d)) {
        fmpz_divexact_ui(d, d, 5);
        b++;
    }
    ulong k = a > b ? a : b;
    fmpz_abs(n, fmpq_numref(x));
    fmpz_mul_2exp(n, n, k - a);
    ui_pow(d, 5, k - b);
    fmpz_mul(n, n, d);
    char *digits = fmpz_get_str(NULL, 10, n);
    size_t nd = strlen(digits);
    size_t ip = nd > k ? nd - k : 0; /* integer digits present */
    char *out = malloc(nd + k + 4);
    char *o = out;
    if (fmpz_sgn(fmpq_numref(x)) < 0)
        *o++ = '-';
    if (ip == 0)
        *o++ = '0';
    memcpy(o, digits, ip);
    o += ip;
    *o++ = '.';
    for (size_t z = nd; z < k; z++)
        *o++ = '0';
    memcpy(o, digits + ip, nd - ip);
    o += nd - ip;
    *o = '\0';
    flint_free(digits);
    fmpz_clear(d);
    fmpz_clear(n);
    return out;
}

char *qparse_format(const fmpq_t x)
{
    if (fmpz_is_one(fmpq_denref(x))) {
        char *t = fmpz_get_str(NULL, 10, fmpq_numref(x));
        char *out = strdup(t);
        flint_free(t);
        return out;
    }
    if (qparse_is_terminating(x))
        return format_terminating(x);
    char *t = fmpq_get_str(NULL, 10, x);
    char *out = strdup(t);
    flint_free(t);
    return out;
}

char *qparse_format_short(const fmpq_t x)
{
    char *t = fmpq_get_str(NULL, 10, x);
    char *out = strdup(t);
    flint_free(t);
    if (!fmpz_is_one(fmpq_denref(x)) && qparse_is_terminating(x)) {
        char *d = format_terminating(x);
        if (strlen(d) < strlen(out)) {
            free(out);
            return d;
        }
        free(d);
    }
    return out;
}
