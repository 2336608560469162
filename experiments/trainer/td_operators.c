/* td_operators.c - LDR-TD operators of a trained layer as a text file (td_operators.h). */
#include "trainer/td_operators.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/report.h"

void td_operators_free(td_operators_t *ops)
{
    for (int k = 0; k < 2; k++) {
        free(ops->d[k]);
        free(ops->s[k]);
        free(ops->u[k]);
    }
    free(ops->g);
    free(ops->h);
    memset(ops, 0, sizeof *ops);
}

static int td_alloc(td_operators_t *ops, long n, long rank)
{
    memset(ops, 0, sizeof *ops);
    ops->n = n;
    ops->rank = rank;
    int ok = 1;
    for (int k = 0; k < 2; k++) {
        ops->d[k] = calloc((size_t)n, sizeof(double));
        ops->s[k] = calloc((size_t)n, sizeof(double));
        ops->u[k] = calloc((size_t)n, sizeof(double));
        ok = ok && ops->d[k] && ops->s[k] && ops->u[k];
    }
    ops->g = calloc((size_t)(rank * n), sizeof(double));
    ops->h = calloc((size_t)(rank * n), sizeof(double));
    if (ok && ops->g && ops->h)
        return 0;
    td_operators_free(ops);
    return -1;
}

int td_operators_from_model(const model_t *m, td_operators_t *ops)
{
    const layer_t *L = m->nlayers > 0 ? m->layers[0] : NULL;
    if (!L || L->cls != LAYER_LDR_TD) {
        fprintf(stderr, "td_operators: layer 0 is not an LDR-TD layer\n");
        return -1;
    }
    const long n = L->in, r = L->rank;
    if (td_alloc(ops, n, r) != 0) {
        fprintf(stderr, "td_operators: out of memory (n = %ld)\n", n);
        return -1;
    }
    /* layer_krylov.c: G (r x n) | H (r x n) | per operator d (n) | s (n-1) | u (n-1) | cu | cl */
    const double *p = m->params + m->offset[0];
    memcpy(ops->g, p, sizeof(double) * (size_t)(r * n));
    memcpy(ops->h, p + r * n, sizeof(double) * (size_t)(r * n));
    for (int k = 0; k < 2; k++) {
        const double *o = p + 2 * r * n + (long)k * 3 * n;
        memcpy(ops->d[k], o, sizeof(double) * (size_t)n);
        memcpy(ops->s[k], o + n, sizeof(double) * (size_t)(n - 1));
        memcpy(ops->u[k], o + 2 * n - 1, sizeof(double) * (size_t)(n - 1));
        ops->cu[k] = L->fixed_corners ? 0.0 : o[3 * n - 2];
        ops->cl[k] = L->fixed_corners ? 0.0 : o[3 * n - 1];
    }
    return 0;
}

/* Append printf output to a growing buffer; -1 when memory runs out. */
typedef struct {
    char *buf;
    size_t len, cap;
} text_t;

static int text_add(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int text_add(text_t *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (k < 0)
            return -1;
        if (t->buf && t->len + (size_t)k < t->cap) {
            t->len += (size_t)k;
            return 0;
        }
        size_t cap = 2 * t->cap + (size_t)k + 4096;
        char *nb = realloc(t->buf, cap);
        if (!nb)
            return -1;
        t->buf = nb;
        t->cap = cap;
    }
}

int td_operators_save(const char *path, const td_operators_t *ops, const char *header)
{
    text_t t = {NULL, 0, 0};
    int bad = 0;
    for (const char *h = header; h && *h && !bad;) {
        size_t k = strcspn(h, "\n");
        bad |= text_add(&t, "%s%.*s\n", h[0] == '#' ? "" : "# ", (int)k, h);
        h += k + (h[k] == '\n');
    }
    bad |= text_add(&t, "ldr-td-operators 1\nn %ld rank %ld\ncorners %.17g %.17g %.17g %.17g\n",
                    ops->n, ops->rank, ops->cu[0], ops->cl[0], ops->cu[1], ops->cl[1]);
    for (long i = 0; i < ops->n && !bad; i++) {
        int last = i + 1 == ops->n;
        for (int k = 0; k < 2; k++)
            bad |= text_add(&t, "%s%.17g %.17g %.17g", k ? " " : "", ops->d[k][i],
                            last ? 0.0 : ops->s[k][i], last ? 0.0 : ops->u[k][i]);
        for (long j = 0; j < 2 * ops->rank; j++)
            bad |= text_add(&t, " %.17g",
                            j < ops->rank ? ops->g[j * ops->n + i] : ops->h[(j - ops->rank) * ops->n + i]);
        bad |= text_add(&t, "\n");
    }
    int rc = bad ? -1 : report_write_atomic(path, t.buf, t.len);
    if (bad)
        fprintf(stderr, "td_operators: %s: out of memory\n", path);
    free(t.buf);
    return rc;
}

/* Parse up to MAX finite doubles from S into V; returns the count, -1 on a malformed or
 * non-finite number, -2 when more than MAX are present. */
static int parse_numbers(const char *s, double *v, int max)
{
    int k = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        if (!*s)
            return k;
        if (k == max)
            return -2;
        char *end;
        errno = 0;
        double x = strtod(s, &end);
        if (end == s || !isfinite(x) || (*end && *end != ' ' && *end != '\t' && *end != '\r' &&
                                          *end != '\n'))
            return -1;
        v[k++] = x;
        s = end;
    }
}

int td_operators_load(const char *path, td_operators_t *ops)
{
    memset(ops, 0, sizeof *ops);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "td_operators: %s:0: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL, err[160] = "";
    size_t cap = 0;
    long lineno = 0, n = 0, rank = 0, row = 0;
    int stage = 0; /* 0 magic, 1 sizes, 2 corners, 3 rows */
    double *v = NULL;
    struct stat st; /* sizes are checked against the file's length before allocating */
    while (!err[0] && getline(&line, &cap, f) >= 0) {
        lineno++;
        if (stage == 0 && line[0] == '#')
            continue;
        if (stage == 0) {
            if (strcmp(line, "ldr-td-operators 1\n") != 0 && strcmp(line, "ldr-td-operators 1") != 0)
                snprintf(err, sizeof err, "expected 'ldr-td-operators 1'");
            stage = 1;
        } else if (stage == 1) {
            char tail = 0;
            if (sscanf(line, "n %ld rank %ld %c", &n, &rank, &tail) != 2)
                snprintf(err, sizeof err, "expected 'n N rank R'");
            else if (n < 2 || n > (1L << 16) || rank < 1 || rank > n)
                snprintf(err, sizeof err, "sizes n = %ld, rank = %ld out of range", n, rank);
            else if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
                     st.st_size < 2 * n * (6 + 2 * rank)) /* a number and a separator: 2 bytes */
                snprintf(err, sizeof err, "n = %ld, rank = %ld needs at least %ld bytes, the file has %lld",
                         n, rank, 2 * n * (6 + 2 * rank), (long long)st.st_size);
            else if (td_alloc(ops, n, rank) != 0 ||
                     !(v = malloc(sizeof(double) * (size_t)(6 + 2 * rank))))
                snprintf(err, sizeof err, "out of memory");
            stage = 2;
        } else if (stage == 2) {
            double c[4];
            if (strncmp(line, "corners ", 8) != 0 || parse_numbers(line + 8, c, 4) != 4)
                snprintf(err, sizeof err, "expected 'corners CU_A CL_A CU_B CL_B' (4 finite numbers)");
            else
                for (int k = 0; k < 2; k++) {
                    ops->cu[k] = c[2 * k];
                    ops->cl[k] = c[2 * k + 1];
                }
            stage = 3;
        } else if (row == n) {
            snprintf(err, sizeof err, "data after the %ld rows", n);
        } else {
            int want = 6 + 2 * (int)rank, got = parse_numbers(line, v, want);
            if (got != want)
                snprintf(err, sizeof err, "row %ld: expected %d finite numbers", row, want);
            else if (row + 1 == n && (v[1] != 0.0 || v[2] != 0.0 || v[4] != 0.0 || v[5] != 0.0))
                snprintf(err, sizeof err, "last row: s and u entries must be 0");
            else {
                for (int k = 0; k < 2; k++) {
                    ops->d[k][row] = v[3 * k];
                    ops->s[k][row] = v[3 * k + 1];
                    ops->u[k][row] = v[3 * k + 2];
                }
                if (row + 1 == n) /* the padding entries are 0; -0 is stored as +0 (round trip) */
                    ops->s[0][row] = ops->u[0][row] = ops->s[1][row] = ops->u[1][row] = 0.0;
                for (long j = 0; j < rank; j++) {
                    ops->g[j * n + row] = v[6 + j];
                    ops->h[j * n + row] = v[6 + rank + j];
                }
                row++;
            }
        }
    }
    if (!err[0] && (stage < 3 || row < n)) {
        lineno++;
        snprintf(err, sizeof err, "truncated (%ld of %ld rows)", row, n);
    }
    if (!err[0] && ferror(f))
        snprintf(err, sizeof err, "read error");
    free(line);
    free(v);
    fclose(f);
    if (err[0]) {
        fprintf(stderr, "td_operators: %s:%ld: %s\n", path, lineno, err);
        td_operators_free(ops);
        return -1;
    }
    return 0;
}
