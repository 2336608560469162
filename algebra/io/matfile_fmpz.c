/* matfile_fmpz.c -- dense integer/decimal Matrix Market files straight into Z / 10^k (see
 * matfile_fmpz.h).  Every doubt returns 1 and leaves the file to the exact general reader. */
#include "io/matfile_fmpz.h"

#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "io/matfile.h"

typedef struct {
    const char *p, *end;
} cursor_t;

static int blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Skip blanks, newlines and comment lines ('%' first on a line after blanks). */
static void skip_space(cursor_t *c, int *line_start)
{
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == '\n') {
            *line_start = 1;
            c->p++;
        } else if (blank(ch))
            c->p++;
        else if (ch == '%' && *line_start) {
            while (c->p < c->end && *c->p != '\n')
                c->p++;
        } else
            return;
    }
}

/* Next token [s, e) on the current position (after skip_space). */
static size_t token(cursor_t *c, const char **s)
{
    *s = c->p;
    while (c->p < c->end && !blank(*c->p) && *c->p != '\n')
        c->p++;
    return (size_t)(c->p - *s);
}

static int word_is(const char *s, size_t len, const char *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return len == n && strncasecmp(s, w, n) == 0;
}

/* [+|-]digits[.digits][(e|E)[+|-]digits] -> mantissa (<= 18 significant digits) and decimal
 * exponent; INTEGER_ONLY refuses '.' and exponents.  0 or 1 (not handled). */
static int parse_decimal(const char *s, size_t len, int integer_only, int64_t *mant, long *exp10)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    uint64_t m = 0;
    int sig = 0, digits = 0;
    long frac = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (m == 0 && s[i] == '0')
            continue;
        if (++sig > 18)
            return 1;
        m = 10 * m + (uint64_t)(s[i] - '0');
    }
    if (i < len && s[i] == '.' && !integer_only) {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++, frac++) {
            if (m == 0 && s[i] == '0')
                continue;
            if (++sig > 18)
                return 1;
            m = 10 * m + (uint64_t)(s[i] - '0');
        }
    }
    if (digits == 0)
        return 1;
    long e = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E') && !integer_only) {
        int eneg = 0, ed = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, ed++)
            if (e < 100000)
                e = 10 * e + (s[i] - '0');
        if (ed == 0 || e >= 100000)
            return 1;
        e = eneg ? -e : e;
    }
    if (i != len)
        return 1;
    *mant = neg ? -(int64_t)m : (int64_t)m;
    *exp10 = m == 0 ? 0 : e - frac;
    return 0;
}

/* Scale entries with exponents to the common 10^-base; 0, or 1 if the scale is too wide. */
static int common_scale(fmpz_mat_t Z, fmpz_t D, const int32_t *ex, long emin, long emax)
{
    long base = emin < 0 ? emin : 0;
    if (emax - base > MATFILE_FMPZ_MAX_SPREAD)
        return 1;
    fmpz pw[MATFILE_FMPZ_MAX_SPREAD + 1];
    for (long k = 0; k <= emax - base; k++) {
        fmpz_init(pw + k);
        fmpz_set_ui(pw + k, 10);
        fmpz_pow_ui(pw + k, pw + k, (ulong)k);
    }
    slong m = fmpz_mat_nrows(Z), n = fmpz_mat_ncols(Z);
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < n; j++) {
            fmpz *z = fmpz_mat_entry(Z, i, j);
            if (!fmpz_is_zero(z))
                fmpz_mul(z, z, pw + (ex[j * m + i] - base));
        }
    for (long k = 0; k <= emax - base; k++)
        fmpz_clear(pw + k);
    fmpz_set_ui(D, 10);
    fmpz_pow_ui(D, D, (ulong)-base);
    return 0;
}

int matfile_read_fmpz_buffer(fmpz_mat_t Z, fmpz_t D, const char *data, size_t len)
{
    cursor_t c = {data, data + len};
    int ls = 1;
    const char *s;
    size_t tl;
    /* banner: exactly "%%MatrixMarket matrix array integer|real|double general" */
    const char *want[5] = {"%%MatrixMarket", "matrix", "array", NULL, "general"};
    int integer_only = 0;
    for (int k = 0; k < 5; k++) {
        while (c.p < c.end && blank(*c.p))
            c.p++;
        tl = token(&c, &s);
        if (k == 3) {
            integer_only = word_is(s, tl, "integer");
            if (!integer_only && !word_is(s, tl, "real") && !word_is(s, tl, "double"))
                return 1;
        } else if (!word_is(s, tl, want[k]))
            return 1;
    }
    while (c.p < c.end && blank(*c.p))
        c.p++;
    if (c.p >= c.end || *c.p != '\n')
        return 1;
    long dims[2];
    for (int k = 0; k < 2; k++) { /* the size line: two counts on one line */
        if (k == 0)
            skip_space(&c, &ls);
        else
            while (c.p < c.end && blank(*c.p))
                c.p++;
        tl = token(&c, &s);
        if (tl == 0 || tl > 9)
            return 1;
        dims[k] = 0;
        for (size_t i = 0; i < tl; i++) {
            if (s[i] < '0' || s[i] > '9')
                return 1;
            dims[k] = 10 * dims[k] + (s[i] - '0');
        }
    }
    while (c.p < c.end && blank(*c.p))
        c.p++;
    if (c.p < c.end && *c.p != '\n')
        return 1;
    long m = dims[0], n = dims[1];
    if (m == 0 || n == 0 || n > matfile_max_entries() / m)
        return 1;
    fmpz_mat_init(Z, m, n);
    int32_t *ex = NULL;
    long emin = 0, emax = 0;
    int any = 0, rc = 0;
    for (long k = 0; k < m * n && rc == 0; k++) {
        ls = 0;
        skip_space(&c, &ls);
        tl = token(&c, &s);
        int64_t v;
        long e;
        if (tl == 0 || parse_decimal(s, tl, integer_only, &v, &e)) {
            rc = 1;
            break;
        }
        long i = k % m, j = k / m;
        fmpz_set_si(fmpz_mat_entry(Z, i, j), (slong)v);
        if (e != 0 && !ex && !(ex = calloc((size_t)(m * n), sizeof(int32_t))))
            rc = 1;
        if (ex && rc == 0)
            ex[k] = (int32_t)e;
        if (v != 0) {
            emin = !any || e < emin ? e : emin;
            emax = !any || e > emax ? e : emax;
            any = 1;
        }
    }
    ls = 0;
    skip_space(&c, &ls);
    if (rc == 0 && c.p < c.end)
        rc = 1; /* extra data: the general reader says where */
    fmpz_one(D);
    if (rc == 0 && ex)
        rc = common_scale(Z, D, ex, emin, emax);
    free(ex);
    if (rc == 0 && !fmpz_is_one(D)) { /* lowest terms: gcd(content, D) = 1 */
        fmpz_t g;
        fmpz_init(g);
        fmpz_mat_content(g, Z);
        fmpz_gcd(g, g, D);
        if (!fmpz_is_one(g)) {
            fmpz_mat_scalar_divexact_fmpz(Z, Z, g);
            fmpz_divexact(D, D, g);
        }
        fmpz_clear(g);
    }
    if (rc)
        fmpz_mat_clear(Z);
    return rc;
}

int matfile_read_fmpz(fmpz_mat_t Z, fmpz_t D, const char *path)
{
    char err[MATFILE_ERRLEN];
    size_t len;
    char *buf = matfile_slurp(path, &len, err, sizeof err);
    if (!buf)
        return 1;
    int rc = (len >= 6 && buf[0] == '\x93') ? 1 : matfile_read_fmpz_buffer(Z, D, buf, len);
    free(buf);
    return rc;
}
