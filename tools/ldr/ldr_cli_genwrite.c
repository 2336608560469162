/* ldr_cli_genwrite.c -- the generators of `ldr rank` in a form numpy and scipy read
 * (--generators-form): "exact" (rationals, ldr_cli_write_all), "float64" (every entry rounded
 * to the nearest float64; exact when it is dyadic, otherwise the largest rounding error is
 * reported), or "scaled" (an integer matrix N and a common denominator d with G = N / d: N in
 * the file, d in FILE.den, one integer on one line). */
#include <gmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <flint/fmpz_mat.h>

#include "fast/ldr_float.h"
#include "io/matfile.h"
#include "ldr_cli.h"
#include "report/report.h"

/* |x - d| for the float64 d nearest to x, as a double (exact arithmetic, then rounded). */
static double rounding_error(const fmpq_t x, double d)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, d); /* d is finite: an exact dyadic rational */
    fmpq_t y;
    fmpq_init(y);
    fmpq_set_mpq(y, q);
    fmpq_sub(y, y, x);
    fmpq_abs(y, y);
    double e = ldrf_get_d(y);
    fmpq_clear(y);
    mpq_clear(q);
    return e;
}

static int write_float64(ldr_cli_t *c, const char *path, const fmpq_mat_t M)
{
    long m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M), inexact = 0;
    double *a = malloc((size_t)(m * n + 1) * sizeof(double)), max_abs = 0, max_rel = 0;
    if (!a)
        return ldr_cli_fail(c, "%s: out of memory", path);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            const fmpq *x = fmpq_mat_entry(M, i, j);
            double *d = a + i * n + j;
            if (npy_fmpq_is_double(x, d))
                continue;
            *d = ldrf_get_d(x);
            if (!isfinite(*d)) {
                free(a);
                return ldr_cli_fail(c, "%s: entry (%ld, %ld) does not fit a float64", path, i + 1,
                                    j + 1);
            }
            double e = rounding_error(x, *d);
            inexact++;
            max_abs = e > max_abs ? e : max_abs;
            if (*d != 0 && e / fabs(*d) > max_rel)
                max_rel = e / fabs(*d);
        }
    char err[MATFILE_ERRLEN];
    int rc = matfile_is_npy_name(path) ? npy_write_doubles(path, a, m, n, err, sizeof err)
                                       : mmio_write_doubles(path, a, m, n, err, sizeof err);
    free(a);
    if (rc)
        return ldr_cli_fail(c, "%s", err);
    if (inexact)
        fprintf(c->out,
                "%s: float64, %ld of %ld entries rounded to nearest: max absolute error %.3g, "
                "max relative error %.3g\n",
                path, inexact, m * n, max_abs, max_rel);
    else
        fprintf(c->out, "%s: float64, exact (every entry is dyadic)\n", path);
    return 0;
}

static int write_scaled(ldr_cli_t *c, const char *path, const fmpq_mat_t M)
{
    long m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    fmpz_mat_t N;
    fmpz_t d;
    fmpz_mat_init(N, m, n);
    fmpz_init(d);
    if (m && n)
        fmpq_mat_get_fmpz_mat_matwise(N, d, M);
    else
        fmpz_one(d);
    fmpq_mat_t Nq;
    fmpq_mat_init(Nq, m, n);
    fmpq_mat_set_fmpz_mat(Nq, N);
    char err[MATFILE_ERRLEN], den[4096];
    int rc = 0;
    if (matfile_check_writable(path, Nq, err, sizeof err) || matfile_write(path, Nq, err, sizeof err))
        rc = ldr_cli_fail(c, "%s", err);
    char *ds = fmpz_get_str(NULL, 10, d);
    snprintf(den, sizeof den, "%s.den", path);
    if (rc == 0) {
        size_t len = strlen(ds);
        ds[len] = '\n';
        if (report_write_atomic(den, ds, len + 1) != 0) {
            unlink(path);
            rc = ldr_cli_fail(c, "%s: not written", den);
        }
        ds[len] = '\0';
    }
    if (rc == 0)
        fprintf(c->out, "%s: integer matrix N, the generator is N / d, d = %s in %s\n", path, ds,
                den);
    flint_free(ds);
    fmpq_mat_clear(Nq);
    fmpz_mat_clear(N);
    fmpz_clear(d);
    return rc;
}

int ldr_cli_write_form(ldr_cli_t *c, const char *const *paths, const fmpq_mat_struct *const *mats,
                       int k, const char *form)
{
    if (strcmp(form, "exact") == 0)
        return ldr_cli_write_all(c, paths, mats, k);
    int rc = ldr_cli_check_outputs(c, paths, k);
    for (int i = 0; i < k && rc == 0; i++) {
        char den[4096];
        const char *dp = den;
        snprintf(den, sizeof den, "%s.den", paths[i]);
        if (strcmp(form, "scaled") == 0)
            rc = ldr_cli_check_outputs(c, &dp, 1);
    }
    for (int i = 0; i < k && rc == 0; i++) {
        rc = strcmp(form, "float64") == 0 ? write_float64(c, paths[i], mats[i])
                                          : write_scaled(c, paths[i], mats[i]);
        if (rc)
            for (int j = 0; j < i; j++) { /* all or nothing */
                char den[4096];
                snprintf(den, sizeof den, "%s.den", paths[j]);
                unlink(paths[j]);
                unlink(den);
            }
    }
    return rc;
}
