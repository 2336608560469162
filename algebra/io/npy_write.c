/* npy_write.c -- .npy writer (see npy.h): version 1.0, C order, little endian. */
#include "io/npy.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/qparse.h"
#include "report/report.h"

/* x = p / 2^a is a float64 iff its odd part has <= 53 bits and its exponent fits
 * (subnormals down to 2^-1074, largest finite < 2^1024). */
int npy_fmpq_is_double(const fmpq_t x, double *d)
{
    if (fmpq_is_zero(x)) {
        if (d)
            *d = 0.0;
        return 1;
    }
    const fmpz *den = fmpq_denref(x);
    ulong a = fmpz_val2(den);
    if (fmpz_bits(den) != a + 1) /* denominator not a power of two */
        return 0;
    fmpz_t odd;
    fmpz_init(odd);
    ulong v = fmpz_val2(fmpq_numref(x));
    fmpz_tdiv_q_2exp(odd, fmpq_numref(x), v);
    long e = (long)v - (long)a, bits = (long)fmpz_bits(odd);
    int ok = bits <= 53 && e >= -1074 && e + bits <= 1024;
    if (ok && d)
        *d = ldexp(fmpz_get_d(odd), (int)e); /* both steps exact */
    fmpz_clear(odd);
    return ok;
}

static size_t header(unsigned char *h, const char *descr, long m, long n)
{
    char dict[160];
    int dl =
        snprintf(dict, sizeof dict,
                 "{'descr': '%s', 'fortran_order': False, 'shape': (%ld, %ld), }", descr, m, n);
    size_t total = 10 + (size_t)dl + 1;
    size_t pad = (64 - total % 64) % 64;
    size_t hl = (size_t)dl + pad + 1;
    memcpy(h, "\x93NUMPY\x01\x00", 8);
    h[8] = (unsigned char)(hl & 0xff);
    h[9] = (unsigned char)(hl >> 8);
    memcpy(h + 10, dict, (size_t)dl);
    memset(h + 10 + dl, ' ', pad);
    h[10 + dl + pad] = '\n';
    return 10 + hl;
}

static void put_le64(unsigned char *p, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

static int entry_bits(uint64_t *bits, const fmpq_t x, npy_dtype_t dtype)
{
    if (dtype == NPY_FLOAT64) {
        double d;
        if (!npy_fmpq_is_double(x, &d))
            return -1;
        memcpy(bits, &d, 8);
        return 0;
    }
    if (!fmpz_is_one(fmpq_denref(x)) || !fmpz_fits_si(fmpq_numref(x)))
        return -1;
    *bits = (uint64_t)fmpz_get_si(fmpq_numref(x));
    return 0;
}

int npy_format(unsigned char **out, size_t *len, const fmpq_mat_t M, npy_dtype_t dtype, char *err,
               size_t errlen)
{
    long m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    unsigned char *buf = malloc(256 + (size_t)m * (size_t)n * 8);
    size_t off = header(buf, dtype == NPY_FLOAT64 ? "<f8" : "<i8", m, n);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            uint64_t bits;
            if (entry_bits(&bits, fmpq_mat_entry(M, i, j), dtype)) {
                char *v = qparse_format(fmpq_mat_entry(M, i, j));
                snprintf(err, errlen,
                         "entry (%ld, %ld) = %.60s is not exactly representable as "
                         "%s (write a .mtx file for exact rationals)",
                         i, j, v, dtype == NPY_FLOAT64 ? "float64" : "int64");
                free(v);
                free(buf);
                return -1;
            }
            put_le64(buf + off, bits);
            off += 8;
        }
    *out = buf;
    *len = off;
    return 0;
}

int npy_write(const char *path, const fmpq_mat_t M, npy_dtype_t dtype, char *err, size_t errlen)
{
    unsigned char *buf;
    size_t len;
    char why[MATFILE_ERRLEN];
    if (npy_format(&buf, &len, M, dtype, why, sizeof why)) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    int rc = report_write_atomic(path, (const char *)buf, len);
    free(buf);
    if (rc)
        snprintf(err, errlen, "%s: cannot write the file", path);
    return rc;
}

int npy_write_doubles(const char *path, const double *a, long m, long n, char *err, size_t errlen)
{
    unsigned char *buf = malloc(256 + (size_t)m * (size_t)n * 8);
    size_t off = header(buf, "<f8", m, n);
    for (long k = 0; k < m * n; k++, off += 8) {
        uint64_t bits;
        memcpy(&bits, &a[k], 8);
        put_le64(buf + off, bits);
    }
    int rc = report_write_atomic(path, (const char *)buf, off);
    free(buf);
    if (rc)
        snprintf(err, errlen, "%s: cannot write the file", path);
    return rc;
}
