/* ldr_cli_common.c -- helpers shared by the subcommands of the `ldr` tool (options, errors, loading, writing). */
#include "ldr_cli.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fast/ldr_float.h"
#include "io/matfile.h"
#include "ldr/opspec.h"
#include "exact/qmat.h"
#include "report/report.h"

int ldr_cli_fail(ldr_cli_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->err, "ldr %s: ", c->cmd);
    vfprintf(c->err, fmt, ap);
    fputc('\n', c->err);
    va_end(ap);
    return 2;
}

int ldr_cli_false(ldr_cli_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->err, "ldr %s: ", c->cmd);
    vfprintf(c->err, fmt, ap);
    fputc('\n', c->err);
    va_end(ap);
    return 1;
}

static const ldr_cli_opt_t *find_opt(const ldr_cli_opt_t *opts, const char *a)
{
    for (const ldr_cli_opt_t *o = opts; o && o->name; o++)
        if (strcmp(a, o->name) == 0 || (o->alias && strcmp(a, o->alias) == 0))
            return o;
    return NULL;
}

int ldr_cli_parse(ldr_cli_t *c, int argc, char **argv, const ldr_cli_opt_t *opts, const char **pos,
                  int maxpos, int *npos, const char *usage)
{
    c->cmd = argv[0];
    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, c->out);
            return 0;
        }
        if (strcmp(a, "--csv") == 0) {
            c->csv = 1;
            continue;
        }
        const ldr_cli_opt_t *o = a[0] == '-' && a[1] ? find_opt(opts, a) : NULL;
        if (a[0] == '-' && a[1] && !o) {
            fprintf(c->err, "ldr %s: unknown option '%s' (ldr %s --help)\n", c->cmd, a, c->cmd);
            return 2;
        }
        if (!o) {
            if (*npos == maxpos) {
                fprintf(c->err, "ldr %s: unexpected argument '%s' (ldr %s --help)\n", c->cmd, a,
                        c->cmd);
                return 2;
            }
            pos[(*npos)++] = a;
            continue;
        }
        if (o->flag) {
            *o->flag = 1;
            continue;
        }
        if (i + o->nargs >= argc) {
            fprintf(c->err, "ldr %s: option %s needs %d value%s\n", c->cmd, a, o->nargs,
                    o->nargs > 1 ? "s" : "");
            return 2;
        }
        for (int k = 0; k < o->nargs; k++)
            o->vals[k] = argv[++i];
    }
    return -1;
}

int ldr_cli_load_matrix(ldr_cli_t *c, fmpq_mat_t M, const char *path)
{
    char err[MATFILE_ERRLEN];
    if (matfile_read(M, path, err, sizeof err) != 0)
        return ldr_cli_fail(c, "%s", err);
    /* the operators are n x n: a side is bounded even when the other one is 0 */
    if (fmpq_mat_nrows(M) > LDR_CLI_MAX_DIM || fmpq_mat_ncols(M) > LDR_CLI_MAX_DIM) {
        long r = (long)fmpq_mat_nrows(M), k = (long)fmpq_mat_ncols(M);
        fmpq_mat_clear(M);
        return ldr_cli_fail(c, "%s: %ld x %ld: a side above the limit of %ld", path, r, k,
                            (long)LDR_CLI_MAX_DIM);
    }
    return 0;
}

int ldr_cli_load_op(ldr_cli_t *c, op_t *A, const char *spec, slong n, const char *which)
{
    char err[MATFILE_ERRLEN];
    if (opspec_parse(A, spec, n, err, sizeof err) == 0)
        return 0;
    return ldr_cli_fail(c, "operator %s: %s", which, err);
}

void ldr_cli_describe(char *buf, size_t len, const fmpq_mat_t M)
{
    int integer = 1, dyadic = 1;
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            const fmpq *x = fmpq_mat_entry(M, i, j);
            integer &= fmpz_is_one(fmpq_denref(x));
            dyadic &= fmpz_val2(fmpq_denref(x)) + 1 == fmpz_bits(fmpq_denref(x));
        }
    snprintf(buf, len, "%s entries, height %ld bits",
             integer  ? "integer"
             : dyadic ? "dyadic rational"
                      : "rational",
             (long)qmat_height_bits(M));
}

int ldr_cli_check_outputs(ldr_cli_t *c, const char *const *paths, int k)
{
    char real[4096], err[4400];
    unsigned mode;
    for (int i = 0; i < k; i++) {
        if (report_output_target(paths[i], real, sizeof real, &mode, err, sizeof err))
            return ldr_cli_fail(c, "%s", err);
        for (int j = 0; j < i; j++)
            if (strcmp(paths[i], paths[j]) == 0)
                return ldr_cli_fail(c, "%s: named twice as an output", paths[i]);
    }
    return 0;
}

int ldr_cli_write_all(ldr_cli_t *c, const char *const *paths, const fmpq_mat_struct *const *mats,
                      int k)
{
    char err[MATFILE_ERRLEN];
    int rc = ldr_cli_check_outputs(c, paths, k);
    if (rc)
        return rc;
    /* every target must be representable (a .npy needs float64/int64): check all first */
    for (int i = 0; i < k; i++)
        if (matfile_check_writable(paths[i], mats[i], err, sizeof err))
            return ldr_cli_fail(c, "%s", err);
    for (int i = 0; i < k; i++)
        if (matfile_write(paths[i], mats[i], err, sizeof err)) {
            for (int j = 0; j < i; j++)
                unlink(paths[j]);
            return ldr_cli_fail(c, "%s", err);
        }
    return 0;
}

int ldr_cli_float_rank(ldr_cli_float_rank_t *r, const fmpq_mat_t M, const op_t *A, const op_t *B,
                       int stein, double tol, double rtol)
{
    long m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    memset(r, 0, sizeof *r);
    r->k = m < n ? m : n;
    double *Md = malloc((size_t)(m * n + 1) * sizeof(double)),
           *Rd = malloc((size_t)(m * n + 1) * sizeof(double));
    r->s = calloc((size_t)r->k + 1, sizeof(double));
    int rc = 0;
    if (!Md || !Rd || !r->s)
        rc = -2;
    if (rc == 0) {
        r->inexact_entries = ldrf_from_fmpq_mat(Md, M);
        for (long i = 0; i < m * n && rc == 0; i++)
            if (!isfinite(Md[i])) {
                r->bad_i = i / n;
                r->bad_j = i % n;
                rc = -3; /* an entry does not fit a float64 */
            }
    }
    if (rc == 0) {
        ldrf_op_t FA, FB;
        ldrf_op_init(&FA, A);
        ldrf_op_init(&FB, B);
        ldrf_displacement(Rd, &FA, Md, &FB, m, n, stein);
        ldrf_op_clear(&FA);
        ldrf_op_clear(&FB);
        for (long i = 0; i < m * n && rc == 0; i++)
            if (!isfinite(Rd[i])) {
                r->bad_i = i / n;
                r->bad_j = i % n;
                rc = -4; /* the float64 displacement overflows */
            }
    }
    if (rc == 0 && ldrf_singular_values(r->s, Rd, m, n))
        rc = -1;
    free(Md);
    free(Rd);
    if (rc == 0) {
        double s1 = r->k ? r->s[0] : 0;
        r->tol = tol >= 0 ? tol
                          : (rtol >= 0 ? rtol : (double)(m > n ? m : n) * DBL_EPSILON) * s1;
        for (long i = 0; i < r->k; i++)
            r->numerical += r->s[i] > r->tol;
    }
    return rc;
}

int ldr_cli_float_rank_fail(ldr_cli_t *c, const char *file, const fmpq_mat_t M,
                            const ldr_cli_float_rank_t *r, int code)
{
    if (code == -3) {
        char *t = fmpq_get_str(NULL, 10, fmpq_mat_entry(M, r->bad_i, r->bad_j));
        int rc = ldr_cli_fail(c, "%s: entry (%ld, %ld) = %.40s%s does not fit a float64", file,
                              r->bad_i + 1, r->bad_j + 1, t, strlen(t) > 40 ? "..." : "");
        flint_free(t);
        return rc;
    }
    if (code == -4)
        return ldr_cli_fail(c,
                            "%s: the float64 displacement overflows at entry (%ld, %ld) (it does "
                            "not fit a float64; the exact rank: ldr rank)",
                            file, r->bad_i + 1, r->bad_j + 1);
    if (code == -2)
        return ldr_cli_fail(c, "%s: out of memory for the float64 copy", file);
    if (code == -5)
        return ldr_cli_fail(c, "%s: the float64 displacement of a class could not be formed (an "
                               "entry or a node does not fit a float64, or LAPACK failed)", file);
    return ldr_cli_false(c, "LAPACK dgesdd did not converge");
}

int ldr_cli_parse_tol(ldr_cli_t *c, const char *tols, const char *rtols, double *tol, double *rtol)
{
    char *end = NULL;
    int bad = 0;
    if (tols) {
        *tol = strtod(tols, &end);
        bad |= *end || !(*tol >= 0) || isinf(*tol);
    }
    if (rtols) {
        *rtol = strtod(rtols, &end);
        bad |= *end || !(*rtol >= 0) || isinf(*rtol);
    }
    if (bad || (tols && rtols)) {
        fprintf(c->err, "ldr %s: --tol/--rtol take one non-negative number (not both)\n", c->cmd);
        return 2;
    }
    return 0;
}
