/* mmio_write.c -- exact Matrix Market writer (see mmio.h). */
#include "io/mmio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/qparse.h"
#include "report/report.h"

typedef struct {
    char *s;
    size_t len, cap;
} mm_buf_t;

static void buf_put(mm_buf_t *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = 2 * (b->len + n + 1) + 4096;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

static void buf_entry(mm_buf_t *b, const char *prefix, const fmpq_t x)
{
    char *v = qparse_format(x);
    buf_put(b, prefix);
    buf_put(b, v);
    buf_put(b, "\n");
    free(v);
}

char *mmio_format(const fmpq_mat_t M, mmio_layout_t layout, size_t *len)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M), nnz = 0;
    int all_int = 1, all_terminating = 1;
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < n; j++) {
            const fmpq *x = fmpq_mat_entry(M, i, j);
            all_int &= fmpz_is_one(fmpq_denref(x));
            if (!all_int && all_terminating)
                all_terminating = qparse_is_terminating(x);
            nnz += !fmpq_is_zero(x);
        }
    mm_buf_t b = {0};
    char line[128];
    snprintf(line, sizeof line, "%%%%MatrixMarket matrix %s %s general\n",
             layout == MMIO_ARRAY ? "array" : "coordinate", all_int ? "integer" : "real");
    buf_put(&b, line);
    buf_put(&b, "% exact values");
    buf_put(&b, all_terminating
                    ? " (decimals are exact)\n"
                    : "; entries p/q are exact fractions (an extension of the format)\n");
    if (layout == MMIO_ARRAY) {
        snprintf(line, sizeof line, "%ld %ld\n", (long)m, (long)n);
        buf_put(&b, line);
        for (slong j = 0; j < n; j++)
            for (slong i = 0; i < m; i++)
                buf_entry(&b, "", fmpq_mat_entry(M, i, j));
    } else {
        snprintf(line, sizeof line, "%ld %ld %ld\n", (long)m, (long)n, (long)nnz);
        buf_put(&b, line);
        for (slong j = 0; j < n; j++)
            for (slong i = 0; i < m; i++)
                if (!fmpq_is_zero(fmpq_mat_entry(M, i, j))) {
                    snprintf(line, sizeof line, "%ld %ld ", (long)i + 1, (long)j + 1);
                    buf_entry(&b, line, fmpq_mat_entry(M, i, j));
                }
    }
    *len = b.len;
    return b.s;
}

int mmio_write(const char *path, const fmpq_mat_t M, mmio_layout_t layout, char *err, size_t errlen)
{
    size_t len;
    char *text = mmio_format(M, layout, &len);
    int rc = report_write_atomic(path, text, len);
    free(text);
    if (rc)
        snprintf(err, errlen, "%s: cannot write the file", path);
    return rc;
}

char *mmio_format_doubles(const double *a, long m, long n, size_t *len)
{
    mm_buf_t b = {0};
    char line[64];
    buf_put(&b, "%%MatrixMarket matrix array real general\n% float64 values, 17 significant digits "
                "(each reads back as the same double)\n");
    snprintf(line, sizeof line, "%ld %ld\n", m, n);
    buf_put(&b, line);
    for (long j = 0; j < n; j++)
        for (long i = 0; i < m; i++) {
            snprintf(line, sizeof line, "%.17g\n", a[i * n + j]);
            buf_put(&b, line);
        }
    *len = b.len;
    return b.s;
}

int mmio_write_doubles(const char *path, const double *a, long m, long n, char *err, size_t errlen)
{
    size_t len;
    char *text = mmio_format_doubles(a, m, n, &len);
    int rc = report_write_atomic(path, text, len);
    free(text);
    if (rc)
        snprintf(err, errlen, "%s: cannot write the file", path);
    return rc;
}
