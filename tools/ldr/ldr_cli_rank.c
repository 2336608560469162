/* ldr_cli_rank.c -- `ldr rank`: exact displacement rank of M w.r.t. (A, B), Sylvester form
 * rank(A M - M B) and Stein form rank(M - A M B) (Thomas et al. 2018, Section 2), with the
 * generators G, H (R = G H^T, exact, of width rank R) written on request. */
#include <stdlib.h>
#include <string.h>

#include "ldr/displacement.h"
#include "ldr/displacement_fmpz.h"
#include "ldr_cli.h"
#include "exact/rank_mm.h"
#include "io/matfile_fmpz.h"
#include "report/report.h"

static const char *usage =
    "usage: ldr rank M -A SPEC -B SPEC [--form sylvester|stein|both] [--generators G H] [--csv]\n"
    "  Exact rank of the displacement of M (m x n) w.r.t. A (m x m) and B (n x n):\n"
    "  Sylvester rank(A M - M B) and Stein rank(M - A M B) (default: both).\n"
    "  --generators G H  write G (m x r) and H (n x r) with R = G H^T exactly (the Sylvester\n"
    "                    displacement, or the Stein one with --form stein); .mtx files hold\n"
    "                    exact rationals, .npy files only values that are exactly float64.\n"
    "  --generators-form exact|float64|scaled\n"
    "                    exact (default); float64: every entry rounded to the nearest float64\n"
    "                    (exact when dyadic, else the largest rounding error is reported);\n"
    "                    scaled: an integer matrix N with G = N / d, d in FILE.den -- forms\n"
    "                    that numpy.load and scipy.io.mmread read\n"
    "  The rank is exact: a full rank modulo a prime certifies full rank; otherwise the rank r\n"
    "  mod p is certified over Q by the vanishing of the Schur complement of an r x r minor\n"
    "  modulo enough primes to exceed its Hadamard bound (algebra/exact/rank_mm.h).\n"
    "  --tol T | --rtol T  also the numerical rank of the float64 displacement of the float64\n"
    "                    copy of M, #{sigma_i > T} (or > T sigma_1), with the singular-value\n"
    "                    gap at that rank (as ldr numerical-rank)\n"
    "  Operators SPEC: ldr --help.\n"
    "Exit status: 0 done, 1 an internal check failed, 2 bad usage or bad input.\n";

typedef struct {
    const char *name, *formula;
    int stein;
    slong rank;
    double secs;
    rank_mm_stats_t stats;
    long nrank;       /* numerical rank of the float64 displacement (--tol/--rtol), -1: not asked */
    double s_r, s_r1; /* sigma at the numerical rank and the next one */
} rank_row_t;

static void compute(rank_row_t *row, const op_t *A, const fmpq_mat_t M, const op_t *B, fmpq_mat_t R)
{
    double t0 = wall_seconds();
    if (row->stein)
        ldr_stein(R, A, M, B);
    else
        ldr_sylvester(R, A, M, B);
    row->rank = rank_mm_fmpq(R, &row->stats);
    row->secs = wall_seconds() - t0;
}

/* The same on the integer fast path: M = Z / D, displacement kept integer (a non-zero
 * multiple of the rational one: displacement_fmpz.h), R caller-initialised m x n. */
static void compute_fmpz(rank_row_t *row, const op_t *A, const fmpz_mat_t Z, const op_t *B,
                         fmpz_mat_t R)
{
    double t0 = wall_seconds();
    ldr_displacement_fmpz(R, NULL, A, Z, B, row->stein);
    row->rank = rank_mm_fmpz(R, &row->stats);
    row->secs = wall_seconds() - t0;
}

/* ldr_cli_describe for M = Z / D (same words and the same height: reduced entries). */
static void describe_scaled(char *buf, size_t len, const fmpz_mat_t Z, const fmpz_t D)
{
    int integer = fmpz_is_one(D), dyadic = 1;
    slong h = 1;
    fmpz_t g, num, den;
    fmpz_init(g);
    fmpz_init(num);
    fmpz_init(den);
    for (slong i = 0; i < fmpz_mat_nrows(Z); i++)
        for (slong j = 0; j < fmpz_mat_ncols(Z); j++) {
            const fmpz *z = fmpz_mat_entry(Z, i, j);
            if (integer) {
                h = FLINT_MAX(h, (slong)fmpz_bits(z));
                continue;
            }
            fmpz_gcd(g, z, D);
            fmpz_divexact(num, z, g);
            fmpz_divexact(den, D, g);
            dyadic &= fmpz_val2(den) + 1 == fmpz_bits(den);
            h = FLINT_MAX(h, (slong)FLINT_MAX(fmpz_bits(num), fmpz_bits(den)));
        }
    fmpz_clear(g);
    fmpz_clear(num);
    fmpz_clear(den);
    snprintf(buf, len, "%s entries, height %ld bits",
             integer  ? "integer"
             : dyadic ? "dyadic rational"
                      : "rational",
             (long)h);
}

/* Generators of R, checked: G H^T == R exactly. */
static int generators(ldr_cli_t *c, const fmpq_mat_t R, const char *gpath, const char *hpath,
                      slong *width, const char *gform)
{
    fmpq_mat_t G, H, Ht, P;
    *width = ldr_generators(G, H, R);
    fmpq_mat_init(Ht, fmpq_mat_ncols(H), fmpq_mat_nrows(H));
    fmpq_mat_init(P, fmpq_mat_nrows(R), fmpq_mat_ncols(R));
    fmpq_mat_transpose(Ht, H);
    if (*width > 0)
        fmpq_mat_mul(P, G, Ht);
    int rc = fmpq_mat_equal(P, R) ? 0 : ldr_cli_false(c, "internal error: G H^T != R");
    if (rc == 0) {
        const char *paths[2] = {gpath, hpath};
        const fmpq_mat_struct *mats[2] = {G, H};
        rc = ldr_cli_write_form(c, paths, mats, 2, gform);
    }
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    fmpq_mat_clear(Ht);
    fmpq_mat_clear(P);
    return rc;
}

static void print_rows(ldr_cli_t *c, const char *file, slong m, slong n, const char *desc,
                       const char *a, const char *b, const rank_row_t *rows, int k,
                       double read_secs)
{
    if (c->csv) {
        int fl = k > 0 && rows[0].nrank >= 0;
        fprintf(c->out, "file,rows,cols,A,B,form,displacement,rank,seconds,primes,bound_bits%s\n",
                fl ? ",numerical_rank,sigma_at_rank,sigma_next" : "");
        for (int i = 0; i < k; i++) {
            fprintf(c->out, "%s,%ld,%ld,%s,%s,%s,%s,%ld,%.3f,%ld,%ld", file, (long)m, (long)n, a,
                    b, rows[i].name, rows[i].formula, (long)rows[i].rank, rows[i].secs,
                    (long)rows[i].stats.primes_used, (long)rows[i].stats.bound_bits);
            if (fl)
                fprintf(c->out, ",%ld,%.17g,%.17g", rows[i].nrank, rows[i].s_r, rows[i].s_r1);
            fputc('\n', c->out);
        }
        return;
    }
    fprintf(c->out, "M: %s (%ld x %ld, %s; read exactly in %.2f s)\n", file, (long)m, (long)n, desc,
            read_secs);
    fprintf(c->out, "A = %s, B = %s\n", a, b);
    for (int i = 0; i < k; i++)
        fprintf(c->out, "%-9s rank(%s) = %ld   (exact, %.2f s, %s)\n", rows[i].name,
                rows[i].formula, (long)rows[i].rank, rows[i].secs,
                rows[i].stats.certified_by == 1   ? "multimodular Schur certificate"
                : rows[i].stats.certified_by == 2 ? "fraction-free elimination"
                                                  : "full rank mod p");
    for (int i = 0; i < k; i++)
        if (rows[i].nrank >= 0)
            fprintf(c->out,
                    "%-9s numerical rank (float64 copy, LAPACK dgesdd) = %ld; gap sigma_%ld / "
                    "sigma_%ld = %.3g / %.3g\n",
                    rows[i].name, rows[i].nrank, rows[i].nrank, rows[i].nrank + 1, rows[i].s_r,
                    rows[i].s_r1);
}

int ldr_cli_rank(int argc, char **argv, FILE *out, FILE *err)
{
    ldr_cli_t c = {.out = out, .err = err};
    const char *a = NULL, *b = NULL, *form = "both", *gen[2] = {NULL, NULL}, *pos[1];
    const char *tols = NULL, *rtols = NULL, *gform = "exact";
    const ldr_cli_opt_t opts[] = {{"-A", "--left", 1, &a, NULL},
                                  {"-B", "--right", 1, &b, NULL},
                                  {"--form", NULL, 1, &form, NULL},
                                  {"--generators", NULL, 2, gen, NULL},
                                  {"--generators-form", NULL, 1, &gform, NULL},
                                  {"--tol", NULL, 1, &tols, NULL},
                                  {"--rtol", NULL, 1, &rtols, NULL},
                                  {NULL, NULL, 0, NULL, NULL}};
    int npos, rc = ldr_cli_parse(&c, argc, argv, opts, pos, 1, &npos, usage);
    if (rc >= 0)
        return rc;
    int want_syl = strcmp(form, "stein") != 0, want_stein = strcmp(form, "sylvester") != 0;
    if (npos != 1 || !a || !b || (strcmp(form, "both") && !(want_syl ^ want_stein))) {
        fprintf(err, "ldr rank: need one matrix file, -A SPEC and -B SPEC%s (ldr rank --help)\n",
                strcmp(form, "both") && !(want_syl ^ want_stein) ? "; --form is sylvester, stein "
                                                                   "or both"
                                                                 : "");
        return 2;
    }
    double tol = -1, rtol = -1;
    if (ldr_cli_parse_tol(&c, tols, rtols, &tol, &rtol))
        return 2;
    if (strcmp(gform, "exact") && strcmp(gform, "float64") && strcmp(gform, "scaled")) {
        fprintf(err, "ldr rank: --generators-form is exact, float64 or scaled, not '%s'\n", gform);
        return 2;
    }
    if (gen[0] && (rc = ldr_cli_check_outputs(&c, gen, 2)))
        return rc;
    double t0 = wall_seconds();
    /* a dense integer/decimal Matrix Market file is read straight into M = Z / D
     * (matfile_fmpz.h) and its displacements stay integer; the rational matrix is built only
     * for what needs it (--tol/--rtol, --generators) and for every other file */
    fmpz_mat_t Z;
    fmpz_t D;
    fmpz_init(D);
    int fast = matfile_read_fmpz(Z, D, pos[0]) == 0;
    fmpq_mat_t M;
    if (fast && (fmpz_mat_nrows(Z) > LDR_CLI_MAX_DIM || fmpz_mat_ncols(Z) > LDR_CLI_MAX_DIM)) {
        fmpz_mat_clear(Z);
        fast = 0; /* the general reader says why */
    }
    if (fast && (tols || rtols || gen[0])) {
        fmpq_mat_init(M, fmpz_mat_nrows(Z), fmpz_mat_ncols(Z));
        fmpq_mat_set_fmpz_mat_div_fmpz(M, Z, D);
    } else if (fast)
        fmpq_mat_init(M, 0, 0);
    else if (ldr_cli_load_matrix(&c, M, pos[0])) {
        fmpz_clear(D);
        return 2;
    }
    double read_secs = wall_seconds() - t0;
    op_t A, B;
    slong m = fast ? fmpz_mat_nrows(Z) : fmpq_mat_nrows(M),
          n = fast ? fmpz_mat_ncols(Z) : fmpq_mat_ncols(M);
    char desc[128];
    if (fast)
        describe_scaled(desc, sizeof desc, Z, D);
    else
        ldr_cli_describe(desc, sizeof desc, M);
    rc = ldr_cli_load_op(&c, &A, a, m, "-A");
    if (rc == 0 && (rc = ldr_cli_load_op(&c, &B, b, n, "-B")))
        op_clear(&A);
    if (rc) {
        if (fast)
            fmpz_mat_clear(Z);
        fmpz_clear(D);
        fmpq_mat_clear(M);
        return rc;
    }
    rank_row_t rows[2];
    int k = 0;
    fmpq_mat_t R, Rgen;
    fmpz_mat_t RZ;
    /* the generators' displacement is kept only when generators are asked for (each m x n
     * rational matrix costs time to allocate at n = 2000) */
    fmpq_mat_init(R, fast ? 0 : m, fast ? 0 : n);
    fmpz_mat_init(RZ, fast ? m : 0, fast ? n : 0);
    fmpq_mat_init(Rgen, gen[0] ? m : 0, gen[0] ? n : 0);
    if (want_syl) {
        rows[k] = (rank_row_t){"Sylvester", "A M - M B", 0, 0, 0, {0, 0, 0}, -1, 0, 0};
        if (fast)
            compute_fmpz(&rows[k++], &A, Z, &B, RZ);
        else
            compute(&rows[k++], &A, M, &B, R);
        if (gen[0])
            ldr_sylvester(Rgen, &A, M, &B);
    }
    if (want_stein) {
        rows[k] = (rank_row_t){"Stein", "M - A M B", 1, 0, 0, {0, 0, 0}, -1, 0, 0};
        if (fast)
            compute_fmpz(&rows[k++], &A, Z, &B, RZ);
        else
            compute(&rows[k++], &A, M, &B, R);
        if (!want_syl && gen[0])
            ldr_stein(Rgen, &A, M, &B);
    }
    rc = 0;
    for (int i = 0; i < k && rc == 0 && (tols || rtols); i++) {
        ldr_cli_float_rank_t f;
        int code = ldr_cli_float_rank(&f, M, &A, &B, rows[i].stein, tol, rtol);
        if (code)
            rc = ldr_cli_float_rank_fail(&c, pos[0], M, &f, code);
        else {
            rows[i].nrank = f.numerical;
            rows[i].s_r = f.numerical > 0 ? f.s[f.numerical - 1] : 0;
            rows[i].s_r1 = f.numerical < f.k ? f.s[f.numerical] : 0;
        }
        free(f.s);
    }
    slong width = 0;
    if (rc == 0)
        rc = gen[0] ? generators(&c, Rgen, gen[0], gen[1], &width, gform) : 0;
    if (rc == 0) {
        print_rows(&c, pos[0], m, n, desc, a, b, rows, k, read_secs);
        if (gen[0] && !c.csv)
            fprintf(out,
                    "generators: %s (%ld x %ld), %s (%ld x %ld); %s = G H^T verified "
                    "exactly\n",
                    gen[0], (long)m, (long)width, gen[1], (long)n, (long)width,
                    want_syl ? "A M - M B" : "M - A M B");
    }
    fmpq_mat_clear(R);
    fmpz_mat_clear(RZ);
    fmpq_mat_clear(Rgen);
    op_clear(&A);
    op_clear(&B);
    fmpq_mat_clear(M);
    if (fast)
        fmpz_mat_clear(Z);
    fmpz_clear(D);
    return rc;
}
