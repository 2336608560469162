/* matfile.c -- format dispatch for the matrix readers and writers (see matfile.h). */
#include "io/matfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int matfile_is_npy_name(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcmp(path + n - 4, ".npy") == 0;
}

static long max_entries = MATFILE_MAX_ENTRIES;

void matfile_set_max_entries(long n) { max_entries = n > 0 ? n : MATFILE_MAX_ENTRIES; }

long matfile_max_entries(void) { return max_entries; }

int matfile_read(fmpq_mat_t M, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = matfile_slurp(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc = (len >= 6 && memcmp(buf, "\x93NUMPY", 6) == 0)
                 ? npy_read_buffer(M, (const unsigned char *)buf, len, path, max_entries, err,
                                   errlen)
                 : mmio_read_buffer(M, buf, len, path, max_entries, err, errlen);
    free(buf);
    return rc;
}

int matfile_read_vector(fmpq *v, slong len, const char *path, const char *what, char *err,
                        size_t errlen)
{
    fmpq_mat_t M;
    if (matfile_read(M, path, err, errlen))
        return -1;
    slong r = fmpq_mat_nrows(M), c = fmpq_mat_ncols(M);
    int ok = (r == len && c == 1) || (r == 1 && c == len) || (len == 0 && r * c == 0);
    if (ok)
        for (slong k = 0; k < len; k++)
            fmpq_set(v + k, c == 1 ? fmpq_mat_entry(M, k, 0) : fmpq_mat_entry(M, 0, k));
    else
        snprintf(err, errlen,
                 "%s: %s must be a vector of %ld entries, the file holds a %ld x %ld "
                 "matrix",
                 path, what, (long)len, (long)r, (long)c);
    fmpq_mat_clear(M);
    return ok ? 0 : -1;
}

/* float64 when every entry is one; otherwise int64 if every entry is an integer in range. */
static npy_dtype_t npy_choice(const fmpq_mat_t M)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++)
            if (!npy_fmpq_is_double(fmpq_mat_entry(M, i, j), NULL))
                return fmpz_is_one(fmpq_denref(fmpq_mat_entry(M, i, j))) ? NPY_INT64 : NPY_FLOAT64;
    return NPY_FLOAT64;
}

int matfile_write(const char *path, const fmpq_mat_t M, char *err, size_t errlen)
{
    if (matfile_is_npy_name(path))
        return npy_write(path, M, npy_choice(M), err, errlen);
    return mmio_write(path, M, MMIO_ARRAY, err, errlen);
}

int matfile_check_writable(const char *path, const fmpq_mat_t M, char *err, size_t errlen)
{
    if (!matfile_is_npy_name(path))
        return 0;
    unsigned char *buf;
    size_t len;
    char why[MATFILE_ERRLEN];
    if (npy_format(&buf, &len, M, npy_choice(M), why, sizeof why)) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    free(buf);
    return 0;
}
