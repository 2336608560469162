/* ldr_cli_common.c -- helpers shared by the subcommands of the `ldr` tool (options, errors, loading, writing). */
#include "ldr_cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
