/* test_ldr_cli.c -- the `ldr` tool run in-process (tools/ldr/ldr_cli.h) on the hand-written
 * files of tests/data: every subcommand's answer on known matrices, its error messages and
 * exit codes, and the all-or-nothing rule for output files. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/ldr/ldr_cli.h"
#include "ldr_test_data.h"
#include "io/matfile.h"

typedef struct {
    int rc;
    char *out, *err;
} cli_run_t;

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_ldr_cli_XXXXXX");
    cr_assert(mkdtemp(tmpdir) != NULL);
}

/* Arguments: "@NAME" is tests/data/NAME, "%NAME" is a file in the temporary directory. */
static char *expand(const char *a)
{
    char buf[600];
    if (a[0] == '@')
        return strdup(ldr_test_data(buf, sizeof buf, a + 1));
    if (a[0] == '%') {
        snprintf(buf, sizeof buf, "%s/%s", tmpdir, a + 1);
        return strdup(buf);
    }
    /* operator specs with a data file: "diag:@x.mtx" */
    const char *at = strchr(a, '@');
    if (at) {
        char path[500], name[200];
        snprintf(name, sizeof name, "%s", at + 1);
        char *colon = strchr(name, ':'); /* "subdiag:@a.mtx:2": the corner stays a suffix */
        if (colon)
            *colon = '\0';
        ldr_test_data(path, sizeof path, name);
        if (colon) {
            size_t pl = strlen(path);
            snprintf(path + pl, sizeof path - pl, ":%s", colon + 1);
        }
        size_t k = (size_t)(at - a), pl = strlen(path);
        char *out = malloc(k + pl + 1);
        memcpy(out, a, k);
        memcpy(out + k, path, pl + 1);
        return out;
    }
    return strdup(a);
}

static cli_run_t run(const char *const *args)
{
    int argc = 1;
    while (args[argc - 1])
        argc++;
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    argv[0] = strdup("ldr");
    for (int i = 1; i < argc; i++)
        argv[i] = expand(args[i - 1]);
    cli_run_t r = {0, NULL, NULL};
    size_t lo, le;
    FILE *out = open_memstream(&r.out, &lo), *err = open_memstream(&r.err, &le);
    r.rc = ldr_cli_main(argc, argv, out, err);
    fclose(out);
    fclose(err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return r;
}

static void run_free(cli_run_t *r)
{
    free(r->out);
    free(r->err);
}

#define RUN(...) run((const char *const[]){__VA_ARGS__, NULL})

static void expect(cli_run_t r, int rc, const char *in_out, const char *in_err)
{
    cr_assert_eq(r.rc, rc, "exit %d, expected %d; stdout: %s; stderr: %s", r.rc, rc, r.out, r.err);
    if (in_out)
        cr_assert(strstr(r.out, in_out) != NULL, "stdout lacks '%s':\n%s", in_out, r.out);
    if (in_err)
        cr_assert(strstr(r.err, in_err) != NULL, "stderr lacks '%s':\n%s", in_err, r.err);
    run_free(&r);
}

static int tmp_exists(const char *name)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return access(p, F_OK) == 0;
}

static void cleanup_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

Test(ldr_cli, rank_sylvester_and_stein)
{
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:1", "-B", "Z:-1"), 0,
           "Sylvester rank(A M - M B) = 2", NULL);
    expect(RUN("rank", "@hankel4_real.mtx", "-A", "Z:1", "-B", "ZT:0", "--csv"), 0,
           "tests/data/hankel4_real.mtx,4,4,Z:1,ZT:0,Sylvester,A M - M B,2,", NULL);
    /* rank of M itself through (I, 0); a Vandermonde .npy has full rank 4 */
    expect(RUN("rank", "@vander4.npy", "-A", "I", "-B", "0", "--form", "sylvester"), 0,
           "rank(A M - M B) = 4", NULL);
    /* Stein form of a Toeplitz matrix w.r.t. (Z_1, Z_1^T): rank <= 2 */
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:0", "-B", "ZT:0", "--form", "stein"), 0,
           "Stein     rank(M - A M B) = 2", NULL);
}

Test(ldr_cli, generators_round_trip_through_reconstruct)
{
    make_tmpdir();
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:1", "-B", "Z:-1", "--generators", "%G.mtx",
               "%H.mtx"),
           0, "G H^T verified exactly", NULL);
    expect(RUN("reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", "%G.mtx", "-H", "%H.mtx", "-o",
               "%T.npy", "--compare", "@toeplitz5.mtx"),
           0, "identical (exact)", NULL);
    char p[600], err[MATFILE_ERRLEN], q[600];
    fmpq_mat_t A, B;
    snprintf(p, sizeof p, "%s/T.npy", tmpdir);
    cr_assert_eq(matfile_read(A, p, err, sizeof err), 0, "%s", err);
    cr_assert_eq(matfile_read(B, ldr_test_data(q, sizeof q, "toeplitz5.mtx"), err, sizeof err), 0);
    cr_assert(fmpq_mat_equal(A, B));
    fmpq_mat_clear(A);
    fmpq_mat_clear(B);
    /* Stein generators reconstruct through --stein */
    expect(RUN("rank", "@hankel4_real.mtx", "-A", "Z:1/2", "-B", "ZT:3", "--form", "stein",
               "--generators", "%Gs.mtx", "%Hs.mtx"),
           0, NULL, NULL);
    expect(RUN("reconstruct", "--stein", "-A", "Z:1/2", "-B", "ZT:3", "-G", "%Gs.mtx", "-H",
               "%Hs.mtx", "--compare", "@hankel4_real.mtx"),
           0, "identical (exact)", NULL);
    cleanup_tmpdir();
}

Test(ldr_cli, nothing_half_written)
{
    make_tmpdir();
    /* Cauchy generators are not dyadic: a .npy H is refused before G is written */
    expect(
        RUN("rank", "@cauchy4.mtx", "-A", "Z:1", "-B", "Z:-1", "--generators", "%H.mtx", "%G.npy"),
        0, NULL, NULL); /* H = rref rows of a full-rank R: the identity, fine as .npy */
    expect(RUN("rank", "@cauchy4.mtx", "-A", "Z:1", "-B", "Z:-1", "--generators", "%G2.mtx",
               "%H2.npy"),
           0, NULL, NULL);
    expect(RUN("rank", "@cauchy4.mtx", "-A", "Z:1", "-B", "Z:-1", "--generators", "%G3.npy",
               "%H3.mtx"),
           2, NULL, "is not exactly representable as float64");
    cr_assert(!tmp_exists("G3.npy") && !tmp_exists("H3.mtx"), "a file was left behind");
    /* shared eigenvalues: error names them, no output file */
    expect(RUN("reconstruct", "-A", "Z:1", "-B", "Z:1", "-G", "@toeplitz5_G.mtx", "-H",
               "@toeplitz5_H.mtx", "-o", "%M.mtx"),
           1, NULL, "shared eigenvalues: the 5 roots of x^5 - 1");
    cr_assert(!tmp_exists("M.mtx"));
    expect(RUN("reconstruct", "-A", "diag:@diag5.mtx", "-B", "Z:3", "-G", "@toeplitz5_G.mtx", "-H",
               "@toeplitz5_H.mtx", "-o", "%M.mtx"),
           0, NULL, NULL);
    expect(RUN("reconstruct", "-A", "diag:@diag5.mtx", "-B", "Z:1/32", "-G", "@toeplitz5_G.mtx",
               "-H", "@toeplitz5_H.mtx", "-o", "%M2.mtx"),
           1, NULL, "shared eigenvalue 1/2");
    cr_assert(tmp_exists("M.mtx") && !tmp_exists("M2.mtx"));
    /* no temporary files remain */
    char cmd[200];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", tmpdir);
    cr_assert_neq(system(cmd), 0, "temporary file left in %s", tmpdir);
    cleanup_tmpdir();
}

Test(ldr_cli, classify_known_classes)
{
    expect(RUN("classify", "@toeplitz5.mtx"), 0, "smallest displacement rank: 2 (Toeplitz-like)",
           NULL);
    expect(RUN("classify", "@cauchy4.mtx", "--csv"), 0,
           "Cauchy-like,\"(diag(s), diag(t))\",\"s = (2, 3, 4, 5); t = (", NULL);
    cli_run_t r = RUN("classify", "@cauchy4.mtx", "--csv");
    cr_assert(strstr(r.out, ",1,yes,yes\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "Hankel-like,\"(Z_1, Z_0^T)\",\"-\",2,yes,no") != NULL, "%s", r.out);
    run_free(&r);
    expect(RUN("classify", "@vander4_fortran.npy"), 0,
           "Vandermonde-like  (diag(v), Z_0) v_i^j          1     yes     v = (1, 2, 3, 1/2)", NULL);
    /* user nodes: wrong nodes give a larger rank and "no" */
    expect(RUN("classify", "@vander4.npy", "--nodes", "@vec4_f32.npy"), 0,
           "Vandermonde-like  (diag(v), Z_0) v_i^j          4     no", NULL);
    expect(RUN("classify", "@vander4.npy", "--nodes", "@diag5.mtx"), 2, NULL,
           "must be a vector of 4 entries");
    /* a zero in column 0: Vandermonde detection impossible, said so */
    expect(RUN("classify", "@sym_coord.mtx"), 0, "needs --nodes (M[", NULL);
}

Test(ldr_cli, krylov_exact_and_float)
{
    /* A = Z_0 (down shift), v = (1,0,2,-1,3): K x with x = (1/2,-1,2,0,1) is
     * 1/2 v - S v + 2 S^2 v + S^4 v = (1/2, -1, 3, -5/2, 15/2) */
    cli_run_t r = RUN("krylov", "-A", "Z:0", "-v", "@v5.mtx", "-x", "@x5.mtx");
    cr_assert_eq(r.rc, 0, "%s", r.err);
    cr_assert(strstr(r.out, "5 1\n0.5\n-1\n3\n-2.5\n7.5\n") != NULL, "%s", r.out);
    run_free(&r);
    /* K(Z_0, e_1) is the identity */
    r = RUN("krylov", "-A", "Z:0", "-v", "@diag5.mtx", "--csv");
    cr_assert_eq(r.rc, 0, "%s", r.err);
    run_free(&r);
    expect(RUN("krylov", "-A", "subdiag:@subdiag5.mtx:2", "-v", "@v5.mtx", "-x", "@x5.mtx",
               "--float64", "--check"),
           0, "max abs error 0,", NULL);
    expect(RUN("krylov", "-A", "tridiag:@tridiag5.mtx", "-v", "@v5.mtx", "--float64", "--check",
               "--csv"),
           0, "5,K(A,v),float64,", NULL);
    expect(RUN("krylov", "-A", "Z:0", "-v", "@toeplitz5.mtx"), 2, NULL, "v must be a vector");
    expect(RUN("krylov", "-A", "Z:0", "-v", "@v5.mtx", "--check"), 2, NULL,
           "--check goes with --float64");
}

Test(ldr_cli, numerical_rank_next_to_exact)
{
    expect(RUN("numerical-rank", "@hankel4_real.mtx", "-A", "Z:1", "-B", "ZT:0"), 0,
           "exact rank (exact input, exact arithmetic): 2", "");
    expect(RUN("numerical-rank", "@hankel4_real.mtx", "-A", "Z:1", "-B", "ZT:0"), 0,
           "note: 2 entries of M are not float64 numbers", NULL);
    /* noisy Toeplitz weights: exact rank 12, numerical rank 2 at rtol 1e-9 */
    expect(
        RUN("numerical-rank", "@weights_noisy16.npy", "-A", "Z:1", "-B", "Z:-1", "--rtol", "1e-9"),
        0, "tol 7.75e-09): 2", NULL);
    expect(RUN("numerical-rank", "@weights_noisy16.npy", "-A", "Z:1", "-B", "Z:-1", "--csv"), 0,
           "# exact_rank: 12\n", NULL);
    expect(RUN("numerical-rank", "@weights_noisy16.npy", "-A", "Z:1", "-B", "Z:-1", "--tol", "x"),
           2, NULL, "--tol/--rtol take one non-negative number");
}

Test(ldr_cli, usage_and_input_errors)
{
    expect(RUN("frobnicate"), 2, NULL, "unknown command 'frobnicate'");
    expect(RUN("--help"), 0, "rank            exact displacement rank", NULL);
    expect(RUN("rank", "--help"), 0, "usage: ldr rank M -A SPEC -B SPEC", NULL);
    expect(RUN("reconstruct", "--help"), 0, "usage: ldr reconstruct", NULL);
    expect(RUN("classify", "--help"), 0, "usage: ldr classify", NULL);
    expect(RUN("krylov", "--help"), 0, "usage: ldr krylov", NULL);
    expect(RUN("numerical-rank", "--help"), 0, "usage: ldr numerical-rank", NULL);
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:1"), 2, NULL, "need one matrix file");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:1", "-B", "Z:1", "--bogus"), 2, NULL,
           "unknown option '--bogus'");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:1", "-B", "Z:1", "--form", "x"), 2, NULL,
           "--form is sylvester, stein or both");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:1", "-B"), 2, NULL, "option -B needs 1 value");
    expect(RUN("rank", "@bad_duplicate.mtx", "-A", "Z:1", "-B", "Z:1"), 2, NULL,
           "bad_duplicate.mtx:5: duplicate coordinate (1, 1)");
    expect(RUN("rank", "@bad_nan.mtx", "-A", "Z:1", "-B", "Z:1"), 2, NULL,
           ":4: NaN is not a number");
    expect(RUN("rank", "@bad_truncated.mtx", "-A", "Z:1", "-B", "Z:1"), 2, NULL,
           "truncated file: expected 4 entries, found 2");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "Z:abc", "-B", "Z:1"), 2, NULL,
           "operator -A: operator 'Z:abc': non-numeric token in 'abc'");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "diag:@v5.mtx", "-B", "diag:@x5.mtx"), 0, NULL,
           NULL);
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "diag:@subdiag5.mtx", "-B", "Z:1"), 2, NULL,
           "the diagonal must be a vector of 5 entries, the file holds a 4 x 1 matrix");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "tridiag:@v5.mtx", "-B", "Z:1"), 2, NULL,
           "needs a table of 5 x 3");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "@vander4.npy", "-B", "Z:1"), 2, NULL,
           "the operator must be 5 x 5, the file holds 4 x 4");
    expect(RUN("rank", "@toeplitz5.mtx", "-A", "nosuch:thing", "-B", "Z:1"), 2, NULL,
           "not a known form");
    expect(RUN("rank", "/nonexistent.mtx", "-A", "Z:1", "-B", "Z:1"), 2, NULL,
           "/nonexistent.mtx: cannot open");
    expect(RUN("reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", "@toeplitz5_G.mtx", "-H",
               "@vander4.npy"),
           2, NULL, "they need the same number of columns");
    flint_cleanup_master();
}
