/* ldr_cli_krylov.c -- `ldr krylov`: the Krylov matrix K(A, v) (column i = A^i v, the object of
 * Thomas et al. 2018, Proposition 3 / Theorem 1) or its product K(A, v) x = sum_i x_i A^i v,
 * exactly over Q or in float64.  Applying a structured A costs O(n) per step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ldr/krylov.h"
#include "ldr_cli.h"
#include "fast/ldr_float.h"
#include "io/matfile.h"
#include "exact/qmat.h"
#include "report/report.h"

static const char *usage =
    "usage: ldr krylov -A SPEC -v V [-x X] [--float64 [--check]] [-o OUT] [--csv]\n"
    "  K(A, v): the n x n matrix whose column i is A^i v (n = length of v), or with -x the\n"
    "  vector K(A, v) x = sum_i x_i A^i v.  Exact over Q by default; --float64 computes in\n"
    "  double precision (operator entries rounded to nearest) and --check compares it with\n"
    "  the exact result (max absolute and relative error).  -o writes the result (.mtx or\n"
    "  .npy), otherwise it is printed in Matrix Market form.\n";

/* y = sum_i x_i A^i v, exactly. */
static void exact_product(fmpq_mat_t Y, const op_t *A, const fmpq *v, const fmpq *x, slong n)
{
    fmpq *w = _fmpq_vec_init(n + 1), *acc = _fmpq_vec_init(n + 1);
    fmpq_t t;
    fmpq_init(t);
    qvec_set(w, v, n);
    for (slong i = 0; i < n; i++) {
        for (slong k = 0; k < n; k++) {
            fmpq_mul(t, x + i, w + k);
            fmpq_add(acc + k, acc + k, t);
        }
        if (i + 1 < n)
            op_mul_vec(w, A, w);
    }
    for (slong k = 0; k < n; k++)
        fmpq_set(fmpq_mat_entry(Y, k, 0), acc + k);
    fmpq_clear(t);
    _fmpq_vec_clear(w, n + 1);
    _fmpq_vec_clear(acc, n + 1);
}

/* Float64: K (n x n row-major) or y (n x 1). */
static void float_krylov(double *out, const op_t *A, const fmpq *v, const fmpq *x, slong n)
{
    ldrf_op_t F;
    ldrf_op_init(&F, A);
    double *w = malloc((size_t)(n + 1) * sizeof(double)),
           *u = malloc((size_t)(n + 1) * sizeof(double));
    for (slong k = 0; k < n; k++)
        w[k] = ldrf_get_d(v + k);
    if (x)
        memset(out, 0, (size_t)n * sizeof(double));
    for (slong i = 0; i < n; i++) {
        double xi = x ? ldrf_get_d(x + i) : 0;
        for (slong k = 0; k < n; k++) {
            if (x)
                out[k] += xi * w[k];
            else
                out[k * n + i] = w[k];
        }
        ldrf_op_mul_vec(u, &F, w);
        double *s = w;
        w = u, u = s;
    }
    free(w);
    free(u);
    ldrf_op_clear(&F);
}

typedef struct {
    double abs_err, rel_err;
} kr_check_t;

static kr_check_t compare(const double *f, const fmpq_mat_t E)
{
    kr_check_t r = {0, 0};
    double scale = 0;
    long m = fmpq_mat_nrows(E), n = fmpq_mat_ncols(E);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            double e = ldrf_get_d(fmpq_mat_entry(E, i, j));
            scale = fmax(scale, fabs(e));
            r.abs_err = fmax(r.abs_err, fabs(f[i * n + j] - e));
        }
    r.rel_err = scale > 0 ? r.abs_err / scale : r.abs_err;
    return r;
}

static int emit(ldr_cli_t *c, const fmpq_mat_t E, const double *f, slong rows, slong cols,
                const char *outp)
{
    char err[MATFILE_ERRLEN];
    if (outp) {
        int rc;
        if (f)
            rc = matfile_is_npy_name(outp)
                     ? npy_write_doubles(outp, f, rows, cols, err, sizeof err)
                     : mmio_write_doubles(outp, f, rows, cols, err, sizeof err);
        else {
            const fmpq_mat_struct *mats[1] = {E};
            return ldr_cli_write_all(c, &outp, mats, 1);
        }
        return rc ? ldr_cli_fail(c, "%s", err) : 0;
    }
    if (c->csv)
        return 0;
    size_t len;
    char *text = f ? mmio_format_doubles(f, rows, cols, &len) : mmio_format(E, MMIO_ARRAY, &len);
    fwrite(text, 1, len, c->out);
    free(text);
    return 0;
}

static int run(ldr_cli_t *c, const op_t *A, const fmpq *v, const fmpq *x, slong n, int fl,
               int check, const char *outp)
{
    slong cols = x ? 1 : n;
    double t0 = wall_seconds();
    fmpq_mat_t E;
    fmpq_mat_init(E, n, cols);
    double *f = NULL;
    if (fl) {
        f = malloc((size_t)(n * cols + 1) * sizeof(double));
        float_krylov(f, A, v, x, n);
    }
    double secs = wall_seconds() - t0;
    kr_check_t chk = {-1, -1};
    if (!fl || check) {
        if (x)
            exact_product(E, A, v, x, n);
        else
            krylov_matrix(E, A, v);
        if (!fl)
            secs = wall_seconds() - t0;
        else
            chk = compare(f, E);
    }
    int rc = emit(c, E, f, n, cols, outp);
    if (rc == 0 && c->csv) {
        fprintf(c->out, "n,result,arithmetic,seconds,max_abs_error,max_rel_error,output\n");
        fprintf(c->out, "%ld,%s,%s,%.4f,%.3g,%.3g,%s\n", (long)n, x ? "K(A,v) x" : "K(A,v)",
                fl ? "float64" : "exact", secs, chk.abs_err, chk.rel_err, outp ? outp : "");
    } else if (rc == 0 && (outp || check)) {
        fprintf(c->out, "%s (%ld x %ld), %s, %.3f s%s%s\n", x ? "K(A, v) x" : "K(A, v)", (long)n,
                (long)cols, fl ? "float64" : "exact", secs, outp ? ", written to " : "",
                outp ? outp : "");
        if (check)
            fprintf(c->out,
                    "float64 vs exact: max abs error %.3g, max error relative to the "
                    "largest entry %.3g\n",
                    chk.abs_err, chk.rel_err);
    }
    free(f);
    fmpq_mat_clear(E);
    return rc;
}

int ldr_cli_krylov(int argc, char **argv, FILE *out, FILE *err)
{
    ldr_cli_t c = {.out = out, .err = err};
    const char *a = NULL, *vp = NULL, *xp = NULL, *outp = NULL, *pos[1];
    int fl = 0, check = 0, npos;
    const ldr_cli_opt_t opts[] = {
        {"-A", "--left", 1, &a, NULL},     {"-v", NULL, 1, &vp, NULL},
        {"-x", NULL, 1, &xp, NULL},        {"-o", "--output", 1, &outp, NULL},
        {"--float64", NULL, 0, NULL, &fl}, {"--check", NULL, 0, NULL, &check},
        {NULL, NULL, 0, NULL, NULL}};
    int rc = ldr_cli_parse(&c, argc, argv, opts, pos, 0, &npos, usage);
    if (rc >= 0)
        return rc;
    if (!a || !vp || (check && !fl)) {
        fprintf(err, "ldr krylov: need -A SPEC and -v FILE%s (ldr krylov --help)\n",
                check && !fl ? "; --check goes with --float64" : "");
        return 2;
    }
    if (outp && (rc = ldr_cli_check_outputs(&c, &outp, 1)))
        return rc;
    fmpq_mat_t V;
    if (ldr_cli_load_matrix(&c, V, vp))
        return 2;
    slong n = fmpq_mat_nrows(V) * fmpq_mat_ncols(V);
    if (fmpq_mat_nrows(V) != 1 && fmpq_mat_ncols(V) != 1) {
        rc = ldr_cli_fail(&c, "%s: v must be a vector, the file holds a %ld x %ld matrix", vp,
                          (long)fmpq_mat_nrows(V), (long)fmpq_mat_ncols(V));
        fmpq_mat_clear(V);
        return rc;
    }
    if (!xp && n > 0 && n > MATFILE_MAX_ENTRIES / n) {
        fmpq_mat_clear(V);
        return ldr_cli_fail(&c, "%s: K(A, v) would be %ld x %ld, above the limit of %ld entries "
                                "(give -x to get K(A, v) x)",
                            vp, (long)n, (long)n, (long)MATFILE_MAX_ENTRIES);
    }
    fmpq *v = _fmpq_vec_init(n + 1), *x = NULL;
    for (slong k = 0; k < n; k++)
        fmpq_set(v + k, fmpq_mat_ncols(V) == 1 ? fmpq_mat_entry(V, k, 0) : fmpq_mat_entry(V, 0, k));
    fmpq_mat_clear(V);
    char e[MATFILE_ERRLEN];
    rc = 0;
    if (xp) {
        x = _fmpq_vec_init(n + 1);
        if (matfile_read_vector(x, n, xp, "x (length of v)", e, sizeof e))
            rc = ldr_cli_fail(&c, "%s", e);
    }
    op_t A;
    if (rc == 0) {
        rc = ldr_cli_load_op(&c, &A, a, n, "-A");
        if (rc == 0) {
            rc = run(&c, &A, v, x, n, fl, check, outp);
            op_clear(&A);
        }
    }
    _fmpq_vec_clear(v, n + 1);
    if (x)
        _fmpq_vec_clear(x, n + 1);
    return rc;
}
