/* ldr_cli_classify.c -- `ldr classify`: the classic displacement structures of Thomas et al.
 * 2018 (Table 5 / Proposition 2) with their standard Sylvester pairs (classes.h):
 *     Toeplitz-like (Z_1, Z_-1), Hankel-like (Z_1, Z_0^T), Vandermonde-like (diag(v), Z_0) for
 *     increasing powers M[i][j] = v_i^j and (diag(v), Z_0^T) for decreasing powers
 *     M[i][j] = v_i^(n-1-j) (numpy's np.vander default: M_dec = M_inc J, and
 *     diag(v) M_inc J - M_inc J (J Z_0 J) = (diag(v) M_inc - M_inc Z_0) J with J Z_0 J = Z_0^T),
 *     Cauchy-like (diag(s), diag(t)), low-rank (rank M itself = displacement w.r.t. (I, 0)).
 * The exact displacement rank of M is reported for each, with whether M is an exact member of
 * the class itself (Toeplitz: constant diagonals; Vandermonde: M[i][j] = v_i^j; ...).
 *
 * Nodes.  Vandermonde and Cauchy pairs depend on nodes.  They come from --nodes/--nodes2 when
 * given; otherwise they are detected from M by the formulas that are exact for a member:
 *     Vandermonde  v_i = M[i][1] / M[i][0]  (increasing),  M[i][n-2] / M[i][n-1] (decreasing)
 *     Cauchy       s_i = 1/M[i][0],  t_j = 1/M[0][0] - 1/M[0][j]   (reads only column 0 and
 *                  row 0, which must be non-zero; the Cauchy displacement is invariant under
 *                  the common shift s+c, t+c)
 * The rank reported is then exact for those nodes: it certifies membership in the
 * "-like" class with that rank; a smaller rank with other nodes is not excluded.
 * An empty matrix (m or n = 0) has every displacement rank 0. */
#include <stdlib.h>
#include <string.h>

#include "ldr/displacement.h"
#include "ldr_cli.h"
#include "io/matfile.h"
#include "exact/qmat.h"
#include "io/qparse.h"
#include "exact/rank_mm.h"

static const char *usage =
    "usage: ldr classify M [--nodes V] [--nodes2 T] [--vander both|increasing|decreasing] [--csv]\n"
    "  Exact displacement rank of M (m x n) for the standard pairs of the classic classes:\n"
    "    Toeplitz-like (Z_1, Z_-1), Hankel-like (Z_1, Z_0^T),\n"
    "    Vandermonde-like, increasing powers M[i][j] = v_i^j: (diag(v), Z_0),\n"
    "    Vandermonde-like, decreasing powers M[i][j] = v_i^(n-1-j) (numpy's np.vander\n"
    "      default): (diag(v), Z_0^T),\n"
    "    Cauchy-like (diag(s), diag(t)), and low-rank (rank M); the smallest rank among them,\n"
    "  and whether M is an exact Toeplitz/Hankel/Vandermonde/Cauchy matrix.\n"
    "  --vander C   which Vandermonde convention(s) to report (default both)\n"
    "  --nodes V    vector file: the Vandermonde nodes v (m entries) and the Cauchy nodes s\n"
    "  --nodes2 T   vector file: the Cauchy nodes t (n entries); Cauchy needs both files\n"
    "  Without them the nodes are detected from M (exact for a member of the class):\n"
    "    v_i = M[i][1]/M[i][0] (increasing), M[i][n-2]/M[i][n-1] (decreasing);\n"
    "    s_i = 1/M[i][0], t_j = 1/M[0][0] - 1/M[0][j] (column 0 and row 0 non-zero).\n"
    "  A rank with detected nodes is exact for those nodes (an upper bound for the class).\n"
    "  --tol T | --rtol T  also the numerical displacement rank of the float64 copy of M per\n"
    "    class, #{sigma_i > T} (or > T sigma_1), with the gap sigma_r / sigma_(r+1), next to\n"
    "    the exact rank of the exact input (a trained float layer is rarely exactly structured)\n"
    "  Nodes print as p/q (a decimal only when exact and shorter); a long list is shortened\n"
    "  in the text table with the count said, and printed whole with --csv.\n"
    "Exit status: 0 done, 2 bad usage or bad input (one line: file, position, reason).\n";

typedef struct {
    const char *cls, *ops;
    char *nodes;   /* whole node lists (heap), NULL: none */
    slong rank;    /* -1: not computed */
    int member;    /* 1 yes, 0 no, -1 not applicable */
    char why[200]; /* reason when skipped */
    /* numerical mode (--tol / --rtol): float64 displacement rank next to the exact one */
    double tol, rtol;  /* as in ldr numerical-rank; want_float = 0: not asked */
    int want_float, float_code;
    long nrank;        /* #{sigma_i > tolerance} */
    double s_r, s_r1;  /* sigma at the numerical rank and the next one (0 if none) */
} class_row_t;

/* The float64 rank of the row's displacement (when asked for). */
static void float_rank_with(class_row_t *row, const op_t *A, const fmpq_mat_t M, const op_t *B)
{
    if (!row->want_float)
        return;
    ldr_cli_float_rank_t f;
    row->float_code = ldr_cli_float_rank(&f, M, A, B, 0, row->tol, row->rtol);
    if (row->float_code == 0) {
        row->nrank = f.numerical;
        row->s_r = f.numerical > 0 ? f.s[f.numerical - 1] : 0;
        row->s_r1 = f.numerical < f.k ? f.s[f.numerical] : 0;
    }
    free(f.s);
}

static slong rank_with(const op_t *A, const fmpq_mat_t M, const op_t *B)
{
    fmpq_mat_t R;
    fmpq_mat_init(R, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    ldr_sylvester(R, A, M, B);
    slong r = rank_mm_fmpq(R, NULL);
    fmpq_mat_clear(R);
    return r;
}

/* Append "NAME = (x0, x1, ...)" with every node in full to the row's node text. */
static void append_nodes(class_row_t *row, const char *name, const fmpq *v, slong k)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    fprintf(f, "%s%s%s = (", row->nodes ? row->nodes : "", row->nodes ? "; " : "", name);
    for (slong i = 0; i < k; i++) {
        char *t = qparse_format_short(v + i);
        fprintf(f, "%s%s", i ? ", " : "", t);
        free(t);
    }
    fputc(')', f);
    fclose(f);
    free(row->nodes);
    row->nodes = buf;
}

/* The node column of the text table: whole entries only; past LIMIT characters the list
 * stops at an entry boundary and says so (--csv prints it whole). */
static void print_nodes_short(FILE *out, const class_row_t *row)
{
    const size_t limit = 120;
    const char *s = row->nodes;
    size_t len = strlen(s);
    if (len <= limit + 40) {
        fprintf(out, "%s %s", s, row->why);
        return;
    }
    size_t cut = limit;
    while (cut < len && s[cut] != ',' && s[cut] != ';' && s[cut] != ')')
        cut++;
    fprintf(out, "%.*s, ... (shortened at an entry boundary; whole lists with --csv) %s", (int)cut,
            s, row->why);
}

static void set_origin(class_row_t *row, const char *origin)
{
    snprintf(row->why, sizeof row->why, "%s", origin);
}

static void row_shift(class_row_t *row, const fmpq_mat_t M, int hankel)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    op_t A, B, Z0;
    op_init_zf_si(&A, m, 1);
    if (hankel) {
        op_init_zf_si(&Z0, n, 0);
        op_init_transpose(&B, &Z0);
        op_clear(&Z0);
    } else
        op_init_zf_si(&B, n, -1);
    row->rank = rank_with(&A, M, &B);
    float_rank_with(row, &A, M, &B);
    row->member = 1;
    for (slong i = 1; i < m; i++)
        for (slong j = 0; j < n; j++) {
            slong jj = hankel ? j + 1 : j - 1;
            if (jj >= 0 && jj < n &&
                !fmpq_equal(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, i - 1, jj)))
                row->member = 0;
        }
    op_clear(&A);
    op_clear(&B);
}

/* Vandermonde nodes v (m entries) from the user or detected; 0 on success.  DECREASING: the
 * powers run v_i^(n-1-j) along row i (numpy's default). */
static int vandermonde_nodes(class_row_t *row, fmpq *v, const fmpq_mat_t M, const fmpq *user,
                             int decreasing)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    if (user) {
        qvec_set(v, user, m);
        append_nodes(row, "v", v, m);
        set_origin(row, "(--nodes)");
        return 0;
    }
    if (n < 2) {
        snprintf(row->why, sizeof row->why, "needs --nodes (M has %s column%s)", n ? "one" : "no",
                 n ? "" : "s");
        return -1;
    }
    slong c0 = decreasing ? n - 1 : 0, c1 = decreasing ? n - 2 : 1;
    for (slong i = 0; i < m; i++) {
        if (fmpq_is_zero(fmpq_mat_entry(M, i, c0))) {
            snprintf(row->why, sizeof row->why, "needs --nodes (M[%ld][%ld] = 0: no ratio)",
                     (long)i, (long)c0);
            return -1;
        }
        fmpq_div(v + i, fmpq_mat_entry(M, i, c1), fmpq_mat_entry(M, i, c0));
    }
    append_nodes(row, "v", v, m);
    set_origin(row, decreasing ? "detected: M[i][n-2]/M[i][n-1]" : "detected: M[i][1]/M[i][0]");
    return 0;
}

static void row_vandermonde(class_row_t *row, const fmpq_mat_t M, const fmpq *user, int decreasing)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    fmpq *v = _fmpq_vec_init(m + 1);
    if (vandermonde_nodes(row, v, M, user, decreasing) == 0) {
        op_t A, B, Z0;
        op_init_diag(&A, m, v);
        if (decreasing) {
            op_init_zf_si(&Z0, n, 0);
            op_init_transpose(&B, &Z0);
            op_clear(&Z0);
        } else
            op_init_zf_si(&B, n, 0);
        row->rank = rank_with(&A, M, &B);
        float_rank_with(row, &A, M, &B);
        fmpq_t p;
        fmpq_init(p);
        row->member = 1;
        /* stop at the first mismatch: the powers of a detected node may grow large */
        for (slong i = 0; i < m && row->member; i++) {
            fmpq_one(p);
            for (slong j = 0; j < n && row->member; j++) {
                slong jj = decreasing ? n - 1 - j : j;
                row->member &= fmpq_equal(p, fmpq_mat_entry(M, i, jj));
                fmpq_mul(p, p, v + i);
            }
        }
        fmpq_clear(p);
        op_clear(&A);
        op_clear(&B);
    }
    _fmpq_vec_clear(v, m + 1);
}

static int cauchy_nodes(class_row_t *row, fmpq *s, fmpq *t, const fmpq_mat_t M, const fmpq *us,
                        const fmpq *ut, int user_nodes)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    if (us && ut) {
        qvec_set(s, us, m);
        qvec_set(t, ut, n);
        append_nodes(row, "s", s, m);
        append_nodes(row, "t", t, n);
        set_origin(row, "(--nodes, --nodes2)");
        return 0;
    }
    if (user_nodes) {
        snprintf(row->why, sizeof row->why,
                 "not computed: --nodes%s given alone (Cauchy needs both --nodes and --nodes2; "
                 "given and detected nodes are not mixed)",
                 us ? "" : "2");
        return -1;
    }
    /* the detection formulas read column 0 and row 0 only */
    for (slong i = 0; i < m; i++)
        if (fmpq_is_zero(fmpq_mat_entry(M, i, 0))) {
            snprintf(row->why, sizeof row->why,
                     "needs --nodes and --nodes2 (M[%ld][0] = 0: no detection)", (long)i);
            return -1;
        }
    for (slong j = 1; j < n; j++)
        if (fmpq_is_zero(fmpq_mat_entry(M, 0, j))) {
            snprintf(row->why, sizeof row->why,
                     "needs --nodes and --nodes2 (M[0][%ld] = 0: no detection)", (long)j);
            return -1;
        }
    for (slong i = 0; i < m; i++)
        fmpq_inv(s + i, fmpq_mat_entry(M, i, 0));
    for (slong j = 0; j < n; j++) {
        fmpq_inv(t + j, fmpq_mat_entry(M, 0, j));
        fmpq_sub(t + j, s + 0, t + j);
    }
    append_nodes(row, "s", s, m);
    append_nodes(row, "t", t, n);
    set_origin(row, "detected: s_i = 1/M[i][0], t_j = 1/M[0][0] - 1/M[0][j]");
    return 0;
}

static void row_cauchy(class_row_t *row, const fmpq_mat_t M, const fmpq *us, const fmpq *ut,
                       int user_nodes)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    fmpq *s = _fmpq_vec_init(m + 1), *t = _fmpq_vec_init(n + 1);
    if (cauchy_nodes(row, s, t, M, us, ut, user_nodes) == 0) {
        op_t A, B;
        op_init_diag(&A, m, s);
        op_init_diag(&B, n, t);
        row->rank = rank_with(&A, M, &B);
        float_rank_with(row, &A, M, &B);
        fmpq_t d;
        fmpq_init(d);
        row->member = 1;
        for (slong i = 0; i < m && row->member; i++)
            for (slong j = 0; j < n; j++) {
                fmpq_sub(d, s + i, t + j);
                if (fmpq_is_zero(d) || (fmpq_inv(d, d), !fmpq_equal(d, fmpq_mat_entry(M, i, j)))) {
                    row->member = 0;
                    break;
                }
            }
        fmpq_clear(d);
        op_clear(&A);
        op_clear(&B);
    }
    _fmpq_vec_clear(s, m + 1);
    _fmpq_vec_clear(t, n + 1);
}

static void print_table(ldr_cli_t *c, const char *file, const fmpq_mat_t M, class_row_t *rows,
                        int k)
{
    slong best = -1;
    for (int i = 0; i < k; i++)
        if (rows[i].rank >= 0 && (best < 0 || rows[i].rank < best))
            best = rows[i].rank;
    if (c->csv) {
        fprintf(c->out, "file,class,operators,nodes,displacement_rank,exact_member,smallest%s\n",
                rows[0].want_float ? ",numerical_rank,sigma_at_rank,sigma_next" : "");
        for (int i = 0; i < k; i++) {
            fprintf(c->out, "%s,%s,\"%s\",\"", file, rows[i].cls, rows[i].ops);
            if (rows[i].rank >= 0 && rows[i].nodes)
                fprintf(c->out, "%s %s", rows[i].nodes, rows[i].why);
            else
                fprintf(c->out, "%s", rows[i].rank >= 0 ? "-" : rows[i].why);
            fprintf(c->out, "\",%ld,%s,%s", (long)rows[i].rank,
                    rows[i].member < 0 ? ""
                    : rows[i].member   ? "yes"
                                       : "no",
                    rows[i].rank >= 0 && rows[i].rank == best ? "yes" : "no");
            if (rows[i].want_float && rows[i].rank >= 0)
                fprintf(c->out, ",%ld,%.17g,%.17g", rows[i].nrank, rows[i].s_r, rows[i].s_r1);
            else if (rows[i].want_float)
                fprintf(c->out, ",,,");
            fputc('\n', c->out);
        }
        return;
    }
    char desc[128];
    ldr_cli_describe(desc, sizeof desc, M);
    fprintf(c->out, "M: %s (%ld x %ld, %s)\n", file, (long)fmpq_mat_nrows(M),
            (long)fmpq_mat_ncols(M), desc);
    int fl = k > 0 && rows[0].want_float;
    if (fl)
        fprintf(c->out, "numerical ranks: float64 displacement, #{sigma_i > %s}; gap = "
                        "sigma_r / sigma_(r+1) at the numerical rank r\n",
                rows[0].tol >= 0 ? "tol" : "rtol * sigma_1");
    fprintf(c->out, "%-17s %-29s %-5s %s%-7s %s\n", "class", "operators (A, B)", "rank",
            fl ? "num   gap        " : "", "member", "nodes");
    for (int i = 0; i < k; i++) {
        char r[24];
        snprintf(r, sizeof r, rows[i].rank >= 0 ? "%ld" : "-", (long)rows[i].rank);
        fprintf(c->out, "%-17s %-29s %-5s ", rows[i].cls, rows[i].ops, r);
        if (fl && rows[i].rank >= 0) {
            char g[32];
            if (rows[i].s_r1 > 0)
                snprintf(g, sizeof g, "%.3g", rows[i].s_r / rows[i].s_r1);
            else
                snprintf(g, sizeof g, "%s", rows[i].nrank > 0 ? "inf" : "-");
            fprintf(c->out, "%-5ld %-10s ", rows[i].nrank, g);
        } else if (fl)
            fprintf(c->out, "%-5s %-10s ", "-", "-");
        fprintf(c->out, "%-7s ", rows[i].member < 0 ? "-"
                                 : rows[i].member   ? "yes"
                                                    : "no");
        if (rows[i].rank >= 0 && rows[i].nodes)
            print_nodes_short(c->out, &rows[i]);
        else
            fputs(rows[i].rank >= 0 ? "-" : rows[i].why, c->out);
        fputc('\n', c->out);
    }
    fprintf(c->out, "smallest displacement rank: %ld (", (long)best);
    for (int i = 0, first = 1; i < k; i++)
        if (rows[i].rank == best) {
            const char *conv = strstr(rows[i].ops, "v_i"); /* which Vandermonde convention */
            fprintf(c->out, "%s%s%s%s", first ? "" : ", ", rows[i].cls, conv ? " " : "",
                    conv ? conv : "");
            first = 0;
        }
    fprintf(c->out, ")\n");
}

static int load_nodes(ldr_cli_t *c, fmpq **v, slong len, const char *path, const char *what)
{
    char err[MATFILE_ERRLEN];
    *v = _fmpq_vec_init(len + 1);
    if (matfile_read_vector(*v, len, path, what, err, sizeof err) == 0)
        return 0;
    _fmpq_vec_clear(*v, len + 1);
    *v = NULL;
    return ldr_cli_fail(c, "%s", err);
}

int ldr_cli_classify(int argc, char **argv, FILE *out, FILE *err)
{
    ldr_cli_t c = {.out = out, .err = err};
    const char *np = NULL, *np2 = NULL, *vander = "both", *tols = NULL, *rtols = NULL, *pos[1];
    int npos;
    const ldr_cli_opt_t opts[] = {{"--nodes", NULL, 1, &np, NULL},
                                  {"--nodes2", NULL, 1, &np2, NULL},
                                  {"--vander", NULL, 1, &vander, NULL},
                                  {"--tol", NULL, 1, &tols, NULL},
                                  {"--rtol", NULL, 1, &rtols, NULL},
                                  {NULL, NULL, 0, NULL, NULL}};
    int rc = ldr_cli_parse(&c, argc, argv, opts, pos, 1, &npos, usage);
    if (rc >= 0)
        return rc;
    int v_inc = strcmp(vander, "decreasing") != 0, v_dec = strcmp(vander, "increasing") != 0;
    if (strcmp(vander, "both") && strcmp(vander, "increasing") && strcmp(vander, "decreasing")) {
        fprintf(err, "ldr classify: --vander is both, increasing or decreasing, not '%s'\n",
                vander);
        return 2;
    }
    double tol = -1, rtol = -1;
    if (ldr_cli_parse_tol(&c, tols, rtols, &tol, &rtol))
        return 2;
    if (npos != 1) {
        fprintf(err, "ldr classify: need one matrix file (ldr classify --help)\n");
        return 2;
    }
    fmpq_mat_t M;
    if (ldr_cli_load_matrix(&c, M, pos[0]))
        return 2;
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    fmpq *v = NULL, *t = NULL;
    rc = np ? load_nodes(&c, &v, m, np, "--nodes (m entries)") : 0;
    if (rc == 0 && np2)
        rc = load_nodes(&c, &t, n, np2, "--nodes2 (n entries)");
    if (rc == 0) {
        class_row_t rows[6] = {
            {.cls = "Toeplitz-like", .ops = "(Z_1, Z_-1)", .rank = -1, .member = -1},
            {.cls = "Hankel-like", .ops = "(Z_1, Z_0^T)", .rank = -1, .member = -1},
            {.cls = "Vandermonde-like", .ops = "(diag(v), Z_0) v_i^j", .rank = -1, .member = -1},
            {.cls = "Vandermonde-like", .ops = "(diag(v), Z_0^T) v_i^(n-1-j)", .rank = -1, .member = -1},
            {.cls = "Cauchy-like", .ops = "(diag(s), diag(t))", .rank = -1, .member = -1},
            {.cls = "low-rank", .ops = "(I, 0): rank M", .rank = -1, .member = -1}};
        int k = 0;
        class_row_t sel[6];
        for (int i = 0; i < 6; i++) {
            rows[i].want_float = tols || rtols;
            rows[i].tol = tol;
            rows[i].rtol = rtol;
        }
        if (m == 0 || n == 0) {
            /* an empty matrix: every displacement is empty, every rank 0; no nodes */
            for (int i = 0; i < 6; i++) {
                rows[i].rank = 0;
                snprintf(rows[i].why, sizeof rows[i].why, "-");
            }
        } else {
            row_shift(&rows[0], M, 0);
            row_shift(&rows[1], M, 1);
            if (v_inc)
                row_vandermonde(&rows[2], M, v, 0);
            if (v_dec)
                row_vandermonde(&rows[3], M, v, 1);
            row_cauchy(&rows[4], M, v, t, np || np2);
            rows[5].rank = rank_mm_fmpq(M, NULL);
            if (rows[5].want_float) { /* (I, 0): the displacement is M itself */
                fmpq *one = _fmpq_vec_init(m + 1);
                for (slong i = 0; i < m; i++)
                    fmpq_one(one + i);
                op_t I, O;
                op_init_diag(&I, m, one);
                op_init_zf_si(&O, n, 0);
                fmpq_mat_t Zero;
                fmpq_mat_init(Zero, n, n);
                op_clear(&O);
                op_init_dense(&O, Zero);
                fmpq_mat_clear(Zero);
                float_rank_with(&rows[5], &I, M, &O);
                op_clear(&I);
                op_clear(&O);
                _fmpq_vec_clear(one, m + 1);
            }
        }
        for (int i = 0; i < 6; i++)
            if ((i != 2 || v_inc) && (i != 3 || v_dec))
                sel[k++] = rows[i];
        for (int i = 0; i < k && rc == 0; i++)
            if (sel[i].rank >= 0 && sel[i].want_float && sel[i].float_code)
                rc = ldr_cli_float_rank_fail(&c, pos[0], M, &(ldr_cli_float_rank_t){0}, -5);
        if (rc == 0)
            print_table(&c, pos[0], M, sel, k);
        for (int i = 0; i < 6; i++)
            free(rows[i].nodes);
    }
    if (v)
        _fmpq_vec_clear(v, m + 1);
    if (t)
        _fmpq_vec_clear(t, n + 1);
    fmpq_mat_clear(M);
    return rc;
}
