/* npy.c -- exact .npy reader (see npy.h; the writer is in npy_write.c). */
#include "io/npy.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *d;
    size_t len, pos; /* pos: current byte offset (reported in errors) */
    const char *name;
    char *err;
    size_t errlen;
    /* header */
    char kind; /* 'f' 'i' 'u' 'b' */
    int size, big_endian, fortran, ndim, have_descr, have_order, have_shape;
    long shape[2];
} npy_reader_t;

static int fail(npy_reader_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(npy_reader_t *r, const char *fmt, ...)
{
    char msg[MATFILE_ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errlen, "%s: byte %zu: %s", r->name, r->pos, msg);
    return -1;
}

/* ---------------------------------------------------------------- header dict */
static void skip_space(npy_reader_t *r, size_t end)
{
    while (r->pos < end && (r->d[r->pos] == ' ' || r->d[r->pos] == '\t' || r->d[r->pos] == '\n'))
        r->pos++;
}

static int expect(npy_reader_t *r, size_t end, char c)
{
    skip_space(r, end);
    if (r->pos >= end || r->d[r->pos] != (unsigned char)c)
        return fail(r, "malformed header: expected '%c'", c);
    r->pos++;
    return 0;
}

/* A quoted Python string literal (no escapes needed for the keys and dtypes we accept). */
static int parse_string(npy_reader_t *r, size_t end, char *out, size_t outlen)
{
    skip_space(r, end);
    if (r->pos >= end || (r->d[r->pos] != '\'' && r->d[r->pos] != '"'))
        return fail(r, "malformed header: expected a quoted string");
    unsigned char q = r->d[r->pos++];
    size_t k = 0;
    while (r->pos < end && r->d[r->pos] != q) {
        if (k + 1 >= outlen || r->d[r->pos] == '\\')
            return fail(r, "malformed header: string too long or escaped");
        out[k++] = (char)r->d[r->pos++];
    }
    if (r->pos >= end)
        return fail(r, "malformed header: unterminated string");
    r->pos++;
    out[k] = '\0';
    return 0;
}

static int parse_descr(npy_reader_t *r, size_t end)
{
    skip_space(r, end);
    if (r->pos < end && r->d[r->pos] == '[')
        return fail(r, "structured dtypes (a list descr) are not supported");
    size_t at = r->pos;
    char s[32];
    if (parse_string(r, end, s, sizeof s))
        return -1;
    size_t after = r->pos;
    r->pos = at; /* errors below point at the descr itself */
    size_t n = strlen(s);
    char order = n ? s[0] : 0, kind = n > 1 ? s[1] : 0;
    int size = 0;
    for (size_t i = 2; i < n && i < 5; i++)
        size = (s[i] >= '0' && s[i] <= '9') ? 10 * size + (s[i] - '0') : -1000;
    int ok =
        n >= 3 && n <= 4 && strchr("<>|=", order) && size > 0 &&
        ((kind == 'f' && (size == 2 || size == 4 || size == 8)) ||
         ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
         (kind == 'b' && size == 1));
    if (!ok)
        return fail(r, "unsupported dtype '%.20s' (float16/32/64, int8..64, uint8..64, bool)", s);
    if (order == '|' && size != 1)
        return fail(r, "dtype '%s': byte order '|' is only valid for 1-byte types", s);
    uint16_t probe = 1;
    int native_big = *(unsigned char *)&probe == 0;
    r->kind = kind;
    r->size = size;
    r->big_endian = order == '>' || (order == '=' && native_big);
    r->pos = after;
    r->have_descr = 1;
    return 0;
}

static int parse_bool(npy_reader_t *r, size_t end)
{
    skip_space(r, end);
    if (end - r->pos >= 4 && memcmp(r->d + r->pos, "True", 4) == 0)
        r->fortran = 1, r->pos += 4;
    else if (end - r->pos >= 5 && memcmp(r->d + r->pos, "False", 5) == 0)
        r->fortran = 0, r->pos += 5;
    else
        return fail(r, "malformed header: fortran_order must be True or False");
    r->have_order = 1;
    return 0;
}

static int parse_shape(npy_reader_t *r, size_t end, long max_entries)
{
    if (expect(r, end, '('))
        return -1;
    r->ndim = 0;
    for (;;) {
        skip_space(r, end);
        if (r->pos < end && r->d[r->pos] == ')')
            break;
        if (r->pos >= end || r->d[r->pos] < '0' || r->d[r->pos] > '9')
            return fail(r, "malformed header: shape must be a tuple of non-negative integers");
        long v = 0;
        while (r->pos < end && r->d[r->pos] >= '0' && r->d[r->pos] <= '9') {
            if (v > max_entries / 10)
                return fail(r, "size overflow: a dimension exceeds the entry limit %ld",
                            max_entries);
            v = 10 * v + (r->d[r->pos++] - '0');
        }
        if (r->ndim == 2)
            return fail(r, "arrays with more than 2 dimensions are not supported");
        r->shape[r->ndim++] = v;
        skip_space(r, end);
        if (r->pos < end && r->d[r->pos] == ',')
            r->pos++;
        else if (r->pos >= end || r->d[r->pos] != ')')
            return fail(r, "malformed header: expected ',' or ')' in shape");
    }
    r->pos++;
    r->have_shape = 1;
    return 0;
}

static int parse_dict(npy_reader_t *r, size_t end, long max_entries)
{
    if (expect(r, end, '{'))
        return -1;
    for (;;) {
        skip_space(r, end);
        if (r->pos < end && r->d[r->pos] == '}')
            break;
        size_t at = r->pos;
        char key[32];
        if (parse_string(r, end, key, sizeof key) || expect(r, end, ':'))
            return -1;
        int rc;
        if (strcmp(key, "descr") == 0 && !r->have_descr)
            rc = parse_descr(r, end);
        else if (strcmp(key, "fortran_order") == 0 && !r->have_order)
            rc = parse_bool(r, end);
        else if (strcmp(key, "shape") == 0 && !r->have_shape)
            rc = parse_shape(r, end, max_entries);
        else {
            r->pos = at;
            return fail(r, "malformed header: unexpected or repeated key '%.20s'", key);
        }
        if (rc)
            return -1;
        skip_space(r, end);
        if (r->pos < end && r->d[r->pos] == ',')
            r->pos++;
        else if (r->pos >= end || r->d[r->pos] != '}')
            return fail(r, "malformed header: expected ',' or '}'");
    }
    r->pos++;
    skip_space(r, end);
    if (r->pos != end)
        return fail(r, "malformed header: trailing characters after the dict");
    if (!r->have_descr || !r->have_order || !r->have_shape)
        return fail(r, "malformed header: missing key '%s'",
                    !r->have_descr   ? "descr"
                    : !r->have_order ? "fortran_order"
                                     : "shape");
    return 0;
}

/* Magic, version, header length; leaves r->pos at the data. */
static int parse_preamble(npy_reader_t *r, long max_entries)
{
    if (r->len < 10 || memcmp(r->d, "\x93NUMPY", 6) != 0)
        return fail(r, "bad magic: not a .npy file (expected \\x93NUMPY)");
    int major = r->d[6];
    r->pos = 6;
    if (major < 1 || major > 3)
        return fail(r, "unsupported .npy format version %d.%d", major, r->d[7]);
    size_t hl, hstart = major == 1 ? 10 : 12;
    r->pos = 8;
    if (r->len < hstart)
        return fail(r, "truncated file: header length incomplete");
    hl = major == 1 ? (size_t)r->d[8] | (size_t)r->d[9] << 8
                    : (size_t)r->d[8] | (size_t)r->d[9] << 8 | (size_t)r->d[10] << 16 |
                          (size_t)r->d[11] << 24;
    if (hl > r->len - hstart)
        return fail(r, "truncated file: header of %zu bytes declared, %zu present", hl,
                    r->len - hstart);
    r->pos = hstart;
    if (hl == 0 || r->d[hstart + hl - 1] != '\n') {
        r->pos = hstart + (hl ? hl - 1 : 0);
        return fail(r, "malformed header: must end with a newline");
    }
    if (parse_dict(r, hstart + hl, max_entries))
        return -1;
    r->pos = hstart + hl;
    return 0;
}

/* ---------------------------------------------------------------- elements */
static uint64_t load_bits(const npy_reader_t *r, const unsigned char *p)
{
    uint64_t v = 0;
    for (int k = 0; k < r->size; k++)
        v |= (uint64_t)p[r->big_endian ? r->size - 1 - k : k] << (8 * k);
    return v;
}

/* X = sign * mant * 2^e exactly. */
static void set_dyadic(fmpq_t x, int neg, uint64_t mant, long e)
{
    if (mant == 0) {
        fmpq_zero(x);
        return;
    }
    while (e < 0 && !(mant & 1))
        mant >>= 1, e++;
    fmpz_set_ui(fmpq_numref(x), mant);
    fmpz_one(fmpq_denref(x));
    if (e >= 0)
        fmpz_mul_2exp(fmpq_numref(x), fmpq_numref(x), (ulong)e);
    else
        fmpz_mul_2exp(fmpq_denref(x), fmpq_denref(x), (ulong)-e);
    if (neg)
        fmpz_neg(fmpq_numref(x), fmpq_numref(x));
}

/* IEEE binary16/32/64: 0 on success, 1 for NaN, 2 for Inf. */
static int set_ieee(fmpq_t x, uint64_t bits, int size)
{
    int eb = size == 8 ? 11 : size == 4 ? 8 : 5, fb = size == 8 ? 52 : size == 4 ? 23 : 10;
    long bias = (1L << (eb - 1)) - 1;
    int neg = (int)(bits >> (eb + fb)) & 1;
    uint64_t ex = (bits >> fb) & ((1u << eb) - 1), frac = bits & ((UINT64_C(1) << fb) - 1);
    if (ex == (uint64_t)((1u << eb) - 1))
        return frac ? 1 : 2;
    if (ex == 0)
        set_dyadic(x, neg, frac, 1 - bias - fb);
    else
        set_dyadic(x, neg, frac | (UINT64_C(1) << fb), (long)ex - bias - fb);
    return 0;
}

static int read_elements(npy_reader_t *r, fmpq_mat_t M, long m, long n)
{
    size_t start = r->pos;
    for (long k = 0; k < m * n; k++) {
        long i = r->fortran ? k % m : k / n, j = r->fortran ? k / m : k % n;
        size_t off = start + (size_t)k * (size_t)r->size;
        uint64_t bits = load_bits(r, r->d + off);
        fmpq *x = fmpq_mat_entry(M, i, j);
        if (r->kind == 'f') {
            int bad = set_ieee(x, bits, r->size);
            if (bad) {
                r->pos = off;
                return fail(r, "%s in element (%ld, %ld) (0-based)", bad == 1 ? "NaN" : "Inf", i,
                            j);
            }
        } else if (r->kind == 'i' && r->size < 8 && (bits >> (8 * r->size - 1)) & 1)
            fmpq_set_si(x, (slong)(bits | (~UINT64_C(0) << (8 * r->size))), 1);
        else if (r->kind == 'i')
            fmpq_set_si(x, (slong)bits, 1);
        else if (r->kind == 'b' && bits > 1) {
            r->pos = off;
            return fail(r, "bool element (%ld, %ld) is neither 0 nor 1", i, j);
        } else {
            fmpz_set_ui(fmpq_numref(x), bits);
            fmpz_one(fmpq_denref(x));
        }
    }
    return 0;
}

int npy_read_buffer(fmpq_mat_t M, const unsigned char *data, size_t len, const char *name,
                    long max_entries, char *err, size_t errlen)
{
    npy_reader_t r = {.d = data, .len = len, .name = name, .err = err, .errlen = errlen};
    if (max_entries <= 0)
        max_entries = MATFILE_MAX_ENTRIES;
    if (parse_preamble(&r, max_entries))
        return -1;
    long m = r.ndim >= 1 ? r.shape[0] : 1, n = r.ndim == 2 ? r.shape[1] : 1;
    if (m != 0 && n > max_entries / m)
        return fail(&r, "size overflow: %ld x %ld exceeds the limit of %ld entries", m, n,
                    max_entries);
    size_t need = (size_t)m * (size_t)n * (size_t)r.size, have = len - r.pos;
    if (have < need)
        return fail(&r, "truncated file: the data needs %zu bytes, only %zu present", need, have);
    if (have > need) {
        r.pos += need;
        return fail(&r, "extra data: %zu bytes after the array", have - need);
    }
    fmpq_mat_init(M, m, n);
    if (read_elements(&r, M, m, n)) {
        fmpq_mat_clear(M);
        return -1;
    }
    return 0;
}

int npy_read(fmpq_mat_t M, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = matfile_slurp(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc = npy_read_buffer(M, (const unsigned char *)buf, len, path, 0, err, errlen);
    free(buf);
    return rc;
}
