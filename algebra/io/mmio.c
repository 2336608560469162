/* mmio.c -- exact Matrix Market reader (see mmio.h; the writer is in mmio_write.c). */
#include "io/mmio.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "io/qparse.h"

typedef enum { SYM_GENERAL, SYM_SYMMETRIC, SYM_SKEW } mm_sym_t;
typedef enum { FIELD_INTEGER, FIELD_REAL, FIELD_PATTERN } mm_field_t;

typedef struct {
    const char *p, *end, *name;
    long line;
    char *err;
    size_t errlen;
    /* header */
    int coordinate;
    mm_field_t field;
    mm_sym_t sym;
    long rows, cols, nnz;
} mm_reader_t;

#define TOK_MAX 8

typedef struct {
    const char *s[TOK_MAX];
    size_t len[TOK_MAX];
    int n; /* may exceed TOK_MAX: then only the first TOK_MAX are stored */
} tokens_t;

static int fail(mm_reader_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(mm_reader_t *r, const char *fmt, ...)
{
    char msg[MATFILE_ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->line > 0)
        snprintf(r->err, r->errlen, "%s:%ld: %s", r->name, r->line, msg);
    else
        snprintf(r->err, r->errlen, "%s: %s", r->name, msg);
    return -1;
}

void matfile_quote(char *out, size_t outlen, const char *s, size_t len)
{
    size_t k = 0, lim = len > 24 ? 24 : len;
    for (size_t i = 0; i < lim && k + 4 < outlen; i++) {
        unsigned char c = (unsigned char)s[i];
        out[k++] = (c >= 32 && c < 127) ? (char)c : '?';
    }
    if (len > lim && k + 4 < outlen) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

char *matfile_slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        const char *kind = S_ISDIR(st.st_mode)                       ? "is a directory"
                           : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "is a device"
                           : S_ISSOCK(st.st_mode)                     ? "is a socket"
                                                                      : NULL;
        if (kind) {
            snprintf(err, errlen, "%s: %s, not a matrix file", path, kind);
            fclose(f);
            return NULL;
        }
        if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > MATFILE_MAX_BYTES) {
            snprintf(err, errlen, "%s: %lld bytes, above the limit of %lld bytes for one file",
                     path, (long long)st.st_size, (long long)MATFILE_MAX_BYTES);
            fclose(f);
            return NULL;
        }
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= MATFILE_MAX_BYTES) {
                snprintf(err, errlen, "%s: more than %lld bytes, above the limit for one file",
                         path, (long long)MATFILE_MAX_BYTES);
                free(buf);
                fclose(f);
                return NULL;
            }
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory reading the file", path);
        fclose(f);
        return NULL;
    }
    int bad = ferror(f);
    int why = errno;
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: read error: %s", path,
                 why == EISDIR ? "is a directory" : strerror(why));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Next line (without '\n' and a trailing '\r'); 0 at end of data. */
static int next_line(mm_reader_t *r, const char **ls, const char **le)
{
    if (r->p >= r->end)
        return 0;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *e = nl ? nl : r->end;
    *ls = r->p;
    *le = (e > r->p && e[-1] == '\r') ? e - 1 : e;
    r->p = nl ? nl + 1 : r->end;
    r->line++;
    return 1;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static void tokenize(tokens_t *t, const char *s, const char *e)
{
    t->n = 0;
    while (s < e) {
        while (s < e && is_blank(*s))
            s++;
        if (s == e)
            break;
        const char *a = s;
        while (s < e && !is_blank(*s))
            s++;
        if (t->n < TOK_MAX) {
            t->s[t->n] = a;
            t->len[t->n] = (size_t)(s - a);
        }
        t->n++;
    }
}

/* Next non-blank, non-comment line, tokenized; 0 at end of data. */
static int next_data_line(mm_reader_t *r, tokens_t *t)
{
    const char *ls, *le;
    while (next_line(r, &ls, &le)) {
        tokenize(t, ls, le);
        if (t->n > 0 && t->s[0][0] != '%')
            return 1;
    }
    return 0;
}

static int tok_is(const tokens_t *t, int i, const char *word)
{
    return t->len[i] == strlen(word) && strncasecmp(t->s[i], word, t->len[i]) == 0;
}

static int parse_banner(mm_reader_t *r)
{
    const char *ls, *le;
    tokens_t t;
    if (!next_line(r, &ls, &le))
        return fail(r, "truncated file: empty, no Matrix Market banner");
    tokenize(&t, ls, le);
    if (t.n != 5 || !tok_is(&t, 0, "%%MatrixMarket"))
        return fail(r, "bad banner: expected '%%%%MatrixMarket matrix <array|coordinate> "
                       "<integer|real|pattern> <general|symmetric|skew-symmetric>'");
    char q[40];
    if (!tok_is(&t, 1, "matrix")) {
        matfile_quote(q, sizeof q, t.s[1], t.len[1]);
        return fail(r, "bad banner: object '%s' is not supported (only 'matrix')", q);
    }
    if (tok_is(&t, 2, "coordinate"))
        r->coordinate = 1;
    else if (tok_is(&t, 2, "array"))
        r->coordinate = 0;
    else {
        matfile_quote(q, sizeof q, t.s[2], t.len[2]);
        return fail(r, "bad banner: unknown format '%s' (expected array or coordinate)", q);
    }
    if (tok_is(&t, 3, "integer"))
        r->field = FIELD_INTEGER;
    else if (tok_is(&t, 3, "real") || tok_is(&t, 3, "double"))
        r->field = FIELD_REAL;
    else if (tok_is(&t, 3, "pattern"))
        r->field = FIELD_PATTERN;
    else {
        matfile_quote(q, sizeof q, t.s[3], t.len[3]);
        return fail(r,
                    "bad banner: field '%s' is not supported (integer, real, pattern; "
                    "complex matrices are outside Q)",
                    q);
    }
    if (tok_is(&t, 4, "general"))
        r->sym = SYM_GENERAL;
    else if (tok_is(&t, 4, "symmetric"))
        r->sym = SYM_SYMMETRIC;
    else if (tok_is(&t, 4, "skew-symmetric"))
        r->sym = SYM_SKEW;
    else {
        matfile_quote(q, sizeof q, t.s[4], t.len[4]);
        return fail(r,
                    "bad banner: symmetry '%s' is not supported (general, symmetric, "
                    "skew-symmetric)",
                    q);
    }
    if (r->field == FIELD_PATTERN && !r->coordinate)
        return fail(r, "bad banner: the pattern field requires the coordinate format");
    return 0;
}

/* Entries the file must/may list for its symmetry. */
static long capacity(const mm_reader_t *r)
{
    long n = r->rows;
    if (r->sym == SYM_SYMMETRIC)
        return n * (n + 1) / 2;
    if (r->sym == SYM_SKEW)
        return n * (n - 1) / 2;
    return r->rows * r->cols;
}

static int parse_size_line(mm_reader_t *r, long max_entries)
{
    tokens_t t;
    if (!next_data_line(r, &t))
        return fail(r, "truncated file: no size line");
    int want = r->coordinate ? 3 : 2;
    if (t.n != want)
        return fail(r, "wrong counts: the size line needs %d numbers (%s), found %d", want,
                    r->coordinate ? "rows cols entries" : "rows cols", t.n);
    const char *why;
    long v[3] = {0, 0, 0};
    for (int i = 0; i < want; i++)
        if (qparse_count(&v[i], t.s[i], t.len[i], max_entries, &why)) {
            char q[40];
            matfile_quote(q, sizeof q, t.s[i], t.len[i]);
            return fail(r, "%s in the size line: '%s'%s", why, q,
                        why[0] == 's' ? " exceeds the entry limit" : "");
        }
    r->rows = v[0];
    r->cols = v[1];
    if (r->rows != 0 && r->cols > max_entries / r->rows)
        return fail(r, "size overflow: %ld x %ld exceeds the limit of %ld entries", r->rows,
                    r->cols, max_entries);
    if (r->sym != SYM_GENERAL && r->rows != r->cols)
        return fail(r, "wrong counts: a %s matrix must be square, got %ld x %ld",
                    r->sym == SYM_SKEW ? "skew-symmetric" : "symmetric", r->rows, r->cols);
    r->nnz = r->coordinate ? v[2] : capacity(r);
    if (r->nnz > capacity(r))
        return fail(r,
                    "wrong counts: %ld entries declared but a %ld x %ld %s matrix has only "
                    "%ld places",
                    r->nnz, r->rows, r->cols, r->sym == SYM_GENERAL ? "general" : "symmetric",
                    capacity(r));
    return 0;
}

static int parse_value(mm_reader_t *r, fmpq_t x, const char *s, size_t len)
{
    const char *why;
    char q[40];
    if (r->field == FIELD_INTEGER && !qparse_is_integer(s, len)) {
        if (qparse_fmpq(x, s, len, &why) == 0) {
            matfile_quote(q, sizeof q, s, len);
            return fail(r, "non-integer value '%s' in an integer file", q);
        }
    } else if (qparse_fmpq(x, s, len, &why) == 0)
        return 0;
    matfile_quote(q, sizeof q, s, len);
    return fail(r, "%s: '%s'", why, q);
}

/* Store M[i][j] = x and its mirror for the symmetry. */
static void store(mm_reader_t *r, fmpq_mat_t M, long i, long j, const fmpq_t x)
{
    fmpq_set(fmpq_mat_entry(M, i, j), x);
    if (i != j && r->sym == SYM_SYMMETRIC)
        fmpq_set(fmpq_mat_entry(M, j, i), x);
    else if (i != j && r->sym == SYM_SKEW)
        fmpq_neg(fmpq_mat_entry(M, j, i), x);
}

/* Array format: values column by column (lower triangle for symmetric, strictly lower for
 * skew-symmetric), spread over lines in any way. */
static int read_array(mm_reader_t *r, fmpq_mat_t M)
{
    long k = 0, i = r->sym == SYM_SKEW ? 1 : 0, j = 0;
    const char *ls, *le;
    fmpq_t x;
    fmpq_init(x);
    int rc = 0;
    while (rc == 0 && k < r->nnz && next_line(r, &ls, &le)) {
        const char *s = ls;
        while (s < le && is_blank(*s))
            s++;
        if (s < le && *s == '%')
            continue;
        while (rc == 0 && s < le) {
            const char *a = s;
            while (s < le && !is_blank(*s))
                s++;
            if (k == r->nnz)
                rc = fail(r, "extra data after the last entry (%ld values declared)", r->nnz);
            else if ((rc = parse_value(r, x, a, (size_t)(s - a))) == 0) {
                store(r, M, i, j, x);
                k++;
                if (++i == r->rows) {
                    j++;
                    i = r->sym == SYM_GENERAL ? 0 : (r->sym == SYM_SYMMETRIC ? j : j + 1);
                }
            }
            while (s < le && is_blank(*s))
                s++;
        }
    }
    fmpq_clear(x);
    if (rc)
        return rc;
    if (k < r->nnz)
        return fail(r, "truncated file: expected %ld values, found %ld", r->nnz, k);
    return 0;
}

static int read_coordinate_entry(mm_reader_t *r, fmpq_mat_t M, const tokens_t *t, uint8_t *seen,
                                 fmpq_t x)
{
    int want = r->field == FIELD_PATTERN ? 2 : 3;
    if (t->n != want)
        return fail(r, "wrong counts: an entry line needs %d tokens (%s), found %d", want,
                    want == 2 ? "row col" : "row col value", t->n);
    long i, j;
    const char *why;
    char q[40];
    for (int a = 0; a < 2; a++) {
        long *v = a == 0 ? &i : &j;
        if (qparse_count(v, t->s[a], t->len[a], LONG_MAX / 4, &why)) {
            matfile_quote(q, sizeof q, t->s[a], t->len[a]);
            return fail(r, "%s: index '%s'", why, q);
        }
    }
    if (i < 1 || j < 1 || i > r->rows || j > r->cols)
        return fail(r,
                    "entry out of range: (%ld, %ld) in a %ld x %ld matrix (indices are "
                    "1-based)",
                    i, j, r->rows, r->cols);
    if (r->field == FIELD_PATTERN)
        fmpq_one(x);
    else if (parse_value(r, x, t->s[2], t->len[2]))
        return -1;
    i--, j--;
    if (r->sym == SYM_SKEW && i == j && !fmpq_is_zero(x))
        return fail(r, "non-zero diagonal entry (%ld, %ld) in a skew-symmetric matrix", i + 1,
                    j + 1);
    long a = i, b = j; /* canonical slot: lower triangle for the symmetric kinds */
    if (r->sym != SYM_GENERAL && i < j)
        a = j, b = i;
    long slot = a * r->cols + b;
    if (seen[slot / 8] & (1u << (slot % 8)))
        return fail(r, "duplicate coordinate (%ld, %ld)%s", i + 1, j + 1,
                    r->sym != SYM_GENERAL && i != j ? " (or its mirror)" : "");
    seen[slot / 8] |= (uint8_t)(1u << (slot % 8));
    store(r, M, a, b, x);
    return 0;
}

static int read_coordinate(mm_reader_t *r, fmpq_mat_t M)
{
    size_t cells = (size_t)r->rows * (size_t)r->cols;
    uint8_t *seen = calloc(cells / 8 + 1, 1);
    tokens_t t;
    fmpq_t x;
    fmpq_init(x);
    long k = 0;
    int rc = 0;
    while (rc == 0 && k < r->nnz && next_data_line(r, &t)) {
        rc = read_coordinate_entry(r, M, &t, seen, x);
        k++;
    }
    fmpq_clear(x);
    free(seen);
    if (rc)
        return rc;
    if (k < r->nnz)
        return fail(r, "truncated file: expected %ld entries, found %ld", r->nnz, k);
    return 0;
}

int mmio_read_buffer(fmpq_mat_t M, const char *data, size_t len, const char *name, long max_entries,
                     char *err, size_t errlen)
{
    mm_reader_t r = {.p = data, .end = data + len, .name = name, .err = err, .errlen = errlen};
    if (max_entries <= 0)
        max_entries = MATFILE_MAX_ENTRIES;
    if (parse_banner(&r) || parse_size_line(&r, max_entries))
        return -1;
    fmpq_mat_init(M, r.rows, r.cols);
    int rc = r.coordinate ? read_coordinate(&r, M) : read_array(&r, M);
    tokens_t t;
    if (rc == 0 && next_data_line(&r, &t))
        rc = fail(&r, "extra data after the last entry (%ld %s declared)", r.nnz,
                  r.coordinate ? "entries" : "values");
    if (rc)
        fmpq_mat_clear(M);
    return rc;
}

int mmio_read(fmpq_mat_t M, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = matfile_slurp(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc = mmio_read_buffer(M, buf, len, path, 0, err, errlen);
    free(buf);
    return rc;
}
