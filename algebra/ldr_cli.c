/* ldr_cli.c -- the `ldr` tool: dispatch and the helpers shared by its subcommands. */
#include "ldr_cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "matfile.h"
#include "opspec.h"
#include "qmat.h"

static const char *main_usage =
    "usage: ldr COMMAND [options]   (ldr COMMAND --help for details)\n"
    "Exact displacement-rank answers about your own matrices (Matrix Market or .npy).\n"
    "Decimals in Matrix Market files are read as exact rationals (0.1 = 1/10); a float64\n"
    "in a .npy file is the exact dyadic rational of its bits.\n"
    "commands:\n"
    "  rank            exact displacement rank of M w.r.t. (A, B), Sylvester and Stein forms;\n"
    "                  optionally the generators G, H with A M - M B = G H^T\n"
    "  reconstruct     M from A, B, G, H (spectra of A and B checked exactly)\n"
    "  classify        Toeplitz-, Hankel-, Vandermonde-, Cauchy-like, low-rank: which and\n"
    "                  with what displacement rank; the smallest\n"
    "  krylov          K(A, v) or K(A, v) x, exact or float64\n"
    "  numerical-rank  LAPACK singular values of the float64 displacement next to the exact\n"
    "                  rank of the exact input\n"
    "operators (-A, -B):\n";

int ldr_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        FILE *f = argc < 2 ? err : out;
        fputs(main_usage, f);
        fputs(opspec_help(), f);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    int sargc = argc - 1;
    char **sargv = argv + 1;
    if (strcmp(cmd, "rank") == 0)
        return ldr_cli_rank(sargc, sargv, out, err);
    if (strcmp(cmd, "reconstruct") == 0)
        return ldr_cli_reconstruct(sargc, sargv, out, err);
    if (strcmp(cmd, "classify") == 0)
        return ldr_cli_classify(sargc, sargv, out, err);
    if (strcmp(cmd, "krylov") == 0)
        return ldr_cli_krylov(sargc, sargv, out, err);
    if (strcmp(cmd, "numerical-rank") == 0)
        return ldr_cli_numerical_rank(sargc, sargv, out, err);
    fprintf(err,
            "ldr: unknown command '%s' (rank, reconstruct, classify, krylov, "
            "numerical-rank; ldr --help)\n",
            cmd);
    return 2;
}

int ldr_cli_fail(ldr_cli_t *c, const char *fmt, ...)
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
    if (matfile_read(M, path, err, sizeof err) == 0)
        return 0;
    return ldr_cli_fail(c, "%s", err);
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

int ldr_cli_write_all(ldr_cli_t *c, const char *const *paths, const fmpq_mat_struct *const *mats,
                      int k)
{
    char err[MATFILE_ERRLEN];
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
