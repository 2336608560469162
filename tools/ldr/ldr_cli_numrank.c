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
    long numerical, inexact_entries, k;
    double tol, *s;
    long bad_i, bad_j; /* the entry that does not fit a float64 */
} numrank_t;

static int compute(numrank_t *r, const fmpq_mat_t M, const op_t *A, const op_t *B, int stein,
                   double tol, double rtol)
{
    long m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    fmpq_mat_t R;
    fmpq_mat_init(R, m, n);
    if (stein)
        ldr_stein(R, A, M, B);
    else
        ldr_sylvester(R, A, M, B);
    r->exact = rank_mm_fmpq(R, NULL);
    fmpq_mat_clear(R);
    double *Md = malloc((size_t)(m * n + 1) * sizeof(double)),
           *Rd = malloc((size_t)(m * n + 1) * sizeof(double));
    if (!Md || !Rd) {
        free(Md);
        free(Rd);
        return -2;
    }
    r->inexact_entries = ldrf_from_fmpq_mat(Md, M);
    for (long i = 0; i < m * n; i++)
        if (!isfinite(Md[i])) {
            r->bad_i = i / n;
            r->bad_j = i % n;
            free(Md);
            free(Rd);
            return -3; /* an entry does not fit a float64 */
        }
    ldrf_op_t FA, FB;
    ldrf_op_init(&FA, A);
    ldrf_op_init(&FB, B);
    ldrf_displacement(Rd, &FA, Md, &FB, m, n, stein);
    ldrf_op_clear(&FA);
    ldrf_op_clear(&FB);
    for (long i = 0; i < m * n; i++)
        if (!isfinite(Rd[i])) {
            r->bad_i = i / n;
            r->bad_j = i % n;
            free(Md);
            free(Rd);
            return -4; /* the float64 displacement overflows */
        }
    r->k = m < n ? m : n;
    r->s = calloc((size_t)r->k + 1, sizeof(double));
    int info = ldrf_singular_values(r->s, Rd, m, n);
    free(Md);
    free(Rd);
    if (info)
        return -1;
    double s1 = r->k ? r->s[0] : 0;
    r->tol = tol >= 0 ? tol : (rtol >= 0 ? rtol : (double)(m > n ? m : n) * DBL_EPSILON) * s1;
    r->numerical = 0;
    for (long i = 0; i < r->k; i++)
        r->numerical += r->s[i] > r->tol;
    return 0;
}

static void print(ldr_cli_t *c, const numrank_t *r, const char *file, long show, int stein)
{
    double s1 = r->k ? r->s[0] : 0;
    const char *form = stein ? "M - A M B" : "A M - M B";
    if (c->csv) {
        fprintf(c->out,
                "# file: %s\n# displacement: %s\n# exact_rank: %ld\n# numerical_rank: %ld\n"
                "# tolerance: %.6g\n# entries_not_float64: %ld\n",
                file, form, (long)r->exact, r->numerical, r->tol, r->inexact_entries);
        fprintf(c->out, "i,sigma,sigma_over_sigma1,above_tol,within_exact_rank\n");
        for (long i = 0; i < show; i++)
            fprintf(c->out, "%ld,%.17g,%.6g,%s,%s\n", i + 1, r->s[i], s1 > 0 ? r->s[i] / s1 : 0,
                    r->s[i] > r->tol ? "yes" : "no", i < r->exact ? "yes" : "no");
        return;
    }
    fprintf(c->out, "displacement %s of %s\n", form, file);
    fprintf(c->out, "exact rank (exact input, exact arithmetic): %ld\n", (long)r->exact);
    fprintf(c->out, "numerical rank (float64, LAPACK dgesdd, tol %.3g): %ld\n", r->tol,
            r->numerical);
    if (r->inexact_entries)
        fprintf(c->out,
                "note: %ld entries of M are not float64 numbers; the float64 matrix is "
                "their rounding\n",
                r->inexact_entries);
    if (r->exact > 0 && r->exact < r->k)
        fprintf(c->out, "gap at the exact rank: sigma_%ld = %.3g, sigma_%ld = %.3g (ratio %.3g)\n",
                (long)r->exact, r->s[r->exact - 1], (long)r->exact + 1, r->s[r->exact],
                r->s[r->exact - 1] > 0 ? r->s[r->exact] / r->s[r->exact - 1] : 0);
    fprintf(c->out, "singular values (largest %ld of %ld):\n", show, r->k);
    for (long i = 0; i < show; i++)
        fprintf(c->out, "  sigma_%-4ld %.6e  %s%s\n", i + 1, r->s[i],
                r->s[i] > r->tol ? "above tol" : "below tol",
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
        if (why == -3) {
            char *t = fmpq_get_str(NULL, 10, fmpq_mat_entry(M, r.bad_i, r.bad_j));
            rc = ldr_cli_fail(&c, "%s: entry (%ld, %ld) = %.40s%s does not fit a float64", pos[0],
                              r.bad_i + 1, r.bad_j + 1, t, strlen(t) > 40 ? "..." : "");
            flint_free(t);
        } else if (why == -4)
            rc = ldr_cli_fail(&c,
                              "%s: the float64 displacement overflows at entry (%ld, %ld) (it "
                              "does not fit a float64; the exact rank is %ld: ldr rank)",
                              pos[0], r.bad_i + 1, r.bad_j + 1, (long)r.exact);
        else if (why == -2)
            rc = ldr_cli_fail(&c, "%s: out of memory for the float64 copy", pos[0]);
        else if (why)
            rc = ldr_cli_false(&c, "LAPACK dgesdd did not converge");
        else {
            long k = show == -2 ? r.k : show >= 0 ? show : (long)r.exact + 3;
            if (show == -1 && k > 12)
                k = 12;
            print(&c, &r, pos[0], k < r.k ? k : r.k, stein);
        }
        free(r.s);
        op_clear(&A);
        op_clear(&B);
    }
    fmpq_mat_clear(M);
    return rc;
}
