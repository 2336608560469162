/* ldr_cli_numrank.c -- `ldr numerical-rank`: the singular values of the float64 displacement
 * (LAPACK dgesdd) with a tolerance, next to the exact rank of the exact input.  For float data
 * read from .npy the exact input IS the float64 matrix (a float64 is a dyadic rational), so
 * the two numbers answer "how many generators does this trained matrix really need" and
 * "how many would a numerical method see" -- the gap between them is the point. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ldr/displacement.h"
#include "ldr_cli.h"
#include "fast/ldr_float.h"
#include "exact/rank_mm.h"

static const char *usage =
    "usage: ldr numerical-rank M -A SPEC -B SPEC [--stein] [--tol T | --rtol T] [--show K] "
    "[--csv]\n"
    "  Singular values of the float64 displacement A M - M B (or M - A M B with --stein),\n"
    "  computed by LAPACK dgesdd, and the numerical rank #{sigma_i > tol}, next to the exact\n"
    "  rank of the exact displacement of the exact input (decimals and float64 read exactly).\n"
    "  --tol T   absolute tolerance;  --rtol T  tolerance T * sigma_1\n"
    "            (default rtol = max(m, n) * 2^-52, the usual numpy.linalg.matrix_rank rule)\n"
    "  --show K  print the K largest singular values (default: up to exact rank + 3, at most\n"
    "            12); --show all for every one.\n";

typedef struct {
    slong exact;
    ldr_cli_float_rank_t f;
} numrank_t;

static int compute(numrank_t *r, const fmpq_mat_t M, const op_t *A, const op_t *B, int stein,
                   double tol, double rtol)
{
    fmpq_mat_t R;
    fmpq_mat_init(R, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    if (stein)
        ldr_stein(R, A, M, B);
    else
        ldr_sylvester(R, A, M, B);
    r->exact = rank_mm_fmpq(R, NULL);
    fmpq_mat_clear(R);
    return ldr_cli_float_rank(&r->f, M, A, B, stein, tol, rtol);
}

static void print(ldr_cli_t *c, const numrank_t *r, const char *file, long show, int stein)
{
    double s1 = r->f.k ? r->f.s[0] : 0;
    const char *form = stein ? "M - A M B" : "A M - M B";
    if (c->csv) {
        fprintf(c->out,
                "# file: %s\n# displacement: %s\n# exact_rank: %ld\n# numerical_rank: %ld\n"
                "# tolerance: %.6g\n# entries_not_float64: %ld\n",
                file, form, (long)r->exact, r->f.numerical, r->f.tol, r->f.inexact_entries);
        fprintf(c->out, "i,sigma,sigma_over_sigma1,above_tol,within_exact_rank\n");
        for (long i = 0; i < show; i++)
            fprintf(c->out, "%ld,%.17g,%.6g,%s,%s\n", i + 1, r->f.s[i], s1 > 0 ? r->f.s[i] / s1 : 0,
                    r->f.s[i] > r->f.tol ? "yes" : "no", i < r->exact ? "yes" : "no");
        return;
    }
    fprintf(c->out, "displacement %s of %s\n", form, file);
    fprintf(c->out, "exact rank (exact input, exact arithmetic): %ld\n", (long)r->exact);
    fprintf(c->out, "numerical rank (float64, LAPACK dgesdd, tol %.3g): %ld\n", r->f.tol,
            r->f.numerical);
    if (r->f.inexact_entries)
        fprintf(c->out,
                "note: %ld entries of M are not float64 numbers; the float64 matrix is "
                "their rounding\n",
                r->f.inexact_entries);
    if (r->exact > 0 && r->exact < r->f.k)
        fprintf(c->out, "gap at the exact rank: sigma_%ld = %.3g, sigma_%ld = %.3g (ratio %.3g)\n",
                (long)r->exact, r->f.s[r->exact - 1], (long)r->exact + 1, r->f.s[r->exact],
                r->f.s[r->exact - 1] > 0 ? r->f.s[r->exact] / r->f.s[r->exact - 1] : 0);
    fprintf(c->out, "singular values (largest %ld of %ld):\n", show, r->f.k);
    for (long i = 0; i < show; i++)
        fprintf(c->out, "  sigma_%-4ld %.6e  %s%s\n", i + 1, r->f.s[i],
                r->f.s[i] > r->f.tol ? "above tol" : "below tol",
                i == r->exact - 1 ? "   <- exact rank" : "");
}

int ldr_cli_numerical_rank(int argc, char **argv, FILE *out, FILE *err)
{
    ldr_cli_t c = {.out = out, .err = err};
    const char *a = NULL, *b = NULL, *tols = NULL, *rtols = NULL, *shows = NULL, *pos[1];
    int stein = 0, npos;
    const ldr_cli_opt_t opts[] = {
        {"-A", "--left", 1, &a, NULL},     {"-B", "--right", 1, &b, NULL},
        {"--tol", NULL, 1, &tols, NULL},   {"--rtol", NULL, 1, &rtols, NULL},
        {"--show", NULL, 1, &shows, NULL}, {"--stein", NULL, 0, NULL, &stein},
        {NULL, NULL, 0, NULL, NULL}};
    int rc = ldr_cli_parse(&c, argc, argv, opts, pos, 1, &npos, usage);
    if (rc >= 0)
        return rc;
    char *end = NULL;
    double tol = tols ? strtod(tols, &end) : -1, rtol = -1;
    int bad = (tols && (*end || !(tol >= 0) || isinf(tol)));
    if (rtols) {
        rtol = strtod(rtols, &end);
        bad |= *end || !(rtol >= 0) || isinf(rtol);
    }
    long show = -1;
    if (shows && strcmp(shows, "all") != 0) {
        show = strtol(shows, &end, 10);
        bad |= *end || show < 0;
    } else if (shows)
        show = -2;
    if (npos != 1 || !a || !b || bad || (tols && rtols)) {
        fprintf(err, "ldr numerical-rank: need one matrix file, -A SPEC, -B SPEC; --tol/--rtol "
                     "take one non-negative number (not both), --show a count or 'all' "
                     "(ldr numerical-rank --help)\n");
        return 2;
    }
    fmpq_mat_t M;
    if (ldr_cli_load_matrix(&c, M, pos[0]))
        return 2;
    op_t A, B;
    rc = ldr_cli_load_op(&c, &A, a, fmpq_mat_nrows(M), "-A");
    if (rc == 0 && (rc = ldr_cli_load_op(&c, &B, b, fmpq_mat_ncols(M), "-B")))
        op_clear(&A);
    if (rc == 0) {
        numrank_t r = {0};
        int why = compute(&r, M, &A, &B, stein, tol, rtol);
        if (why)
            rc = ldr_cli_float_rank_fail(&c, pos[0], M, &r.f, why);
        else {
            long k = show == -2 ? r.f.k : show >= 0 ? show : (long)r.exact + 3;
            if (show == -1 && k > 12)
                k = 12;
            print(&c, &r, pos[0], k < r.f.k ? k : r.f.k, stein);
        }
        free(r.f.s);
        op_clear(&A);
        op_clear(&B);
    }
    fmpq_mat_clear(M);
    return rc;
}
