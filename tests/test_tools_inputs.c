/* test_tools_inputs.c -- issue 14, every example of "the tools on a researcher's own data" as a
 * test: the inputs that crashed (empty shapes, huge declared circuits), the output targets
 * (device, directory, FIFO, symlink, read-only, failed --compare), the truncated and mixed
 * printing, the Vandermonde conventions and the exit-code contract (0 done, 1 a claim or
 * check is false, 2 bad usage or input) of `ldr` and `lincircuit`, run in-process. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/matfile.h"
#include "ldr_test_data.h"
#include "report/report.h"
#include "tools/ldr/ldr_cli.h"
#include "tools/lincircuit/lincircuit_cli.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/test_tools_inputs_XXXXXX");
    cr_assert(mkdtemp(dir) != NULL);
}

static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", dir, dir);
    cr_assert_eq(system(cmd), 0);
}

/* DIR/NAME into a static rotating buffer */
static const char *tmp(const char *name)
{
    static char buf[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static const char *data(const char *name)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    return ldr_test_data(buf[k], sizeof buf[k], name);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* a float64 .npy of shape SHAPE (a Python tuple text) holding N values */
static void write_npy(const char *path, const char *shape, const double *v, int n)
{
    char hdr[128];
    int len = snprintf(hdr, sizeof hdr, "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }",
                       shape);
    int total = 10 + len + 1, pad = (64 - total % 64) % 64;
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    unsigned short hl = (unsigned short)(len + pad + 1);
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    fputc(hl & 0xff, f);
    fputc(hl >> 8, f);
    fwrite(hdr, 1, (size_t)len, f);
    for (int i = 0; i < pad; i++)
        fputc(' ', f);
    fputc('\n', f);
    fwrite(v, sizeof(double), (size_t)n, f);
    fclose(f);
}

typedef struct {
    int rc;
    char *out, *err;
} run_t;

static run_t run_tool(int lincircuit, const char *const *args)
{
    int argc = 0;
    while (args[argc])
        argc++;
    char **argv = calloc((size_t)argc + 2, sizeof *argv);
    argv[0] = strdup(lincircuit ? "lincircuit" : "ldr");
    for (int i = 0; i < argc; i++)
        argv[i + 1] = strdup(args[i]);
    run_t r = {0, NULL, NULL};
    size_t lo, le;
    FILE *out = open_memstream(&r.out, &lo), *err = open_memstream(&r.err, &le);
    r.rc = lincircuit ? lincircuit_cli_main(argc + 1, argv, out, err)
                      : ldr_cli_main(argc + 1, argv, out, err);
    fclose(out);
    fclose(err);
    for (int i = 0; i <= argc; i++)
        free(argv[i]);
    free(argv);
    return r;
}

#define LDR(...) run_tool(0, (const char *const[]){__VA_ARGS__, NULL})
#define LINC(...) run_tool(1, (const char *const[]){__VA_ARGS__, NULL})

static void expect(run_t r, int rc, const char *in_out, const char *in_err)
{
    cr_assert_eq(r.rc, rc, "exit %d, expected %d; stdout: %s; stderr: %s", r.rc, rc, r.out, r.err);
    if (in_out)
        cr_assert(strstr(r.out, in_out) != NULL, "stdout lacks '%s':\n%s", in_out, r.out);
    if (in_err)
        cr_assert(strstr(r.err, in_err) != NULL, "stderr lacks '%s':\n%s", in_err, r.err);
    free(r.out);
    free(r.err);
}

/* ---------------------------------------------------------------- crashes */

Test(tools_inputs, empty_shapes_have_rank_zero, .init = setup, .fini = teardown)
{
    write_npy(tmp("e03.npy"), "(0, 3)", NULL, 0);
    write_npy(tmp("e30.npy"), "(3, 0)", NULL, 0);
    write_npy(tmp("e0.npy"), "(0,)", NULL, 0);
    write_text(tmp("e05.mtx"), "%%MatrixMarket matrix array real general\n0 5\n");
    const char *files[] = {tmp("e03.npy"), tmp("e30.npy"), tmp("e0.npy"), tmp("e05.mtx")};
    for (int i = 0; i < 4; i++) {
        expect(LDR("classify", files[i]), 0, "smallest displacement rank: 0", NULL);
        expect(LDR("classify", files[i], "--csv"), 0, ",low-rank,", NULL);
        expect(LDR("rank", files[i], "-A", "Z:1", "-B", "Z:-1"), 0, "= 0", NULL);
        expect(LDR("numerical-rank", files[i], "-A", "Z:1", "-B", "Z:-1"), 0,
               "exact rank (exact input, exact arithmetic): 0", NULL);
    }
}

Test(tools_inputs, huge_declared_circuits_are_refused, .init = setup, .fini = teardown)
{
    const char *sizes[] = {"1000000000000", "2000000000", "300000000"};
    for (int i = 0; i < 3; i++) {
        char text[200];
        snprintf(text, sizeof text, "lincircuit 1\nfield Q\ninputs %s\noutputs g0\n", sizes[i]);
        write_text(tmp("big.lc"), text);
        expect(LINC("info", tmp("big.lc")), 2, NULL, "big.lc:3: inputs");
        expect(LINC("matrix", tmp("big.lc")), 2, NULL, "above the limit");
        expect(LINC("transpose", tmp("big.lc"), tmp("bigT.lc")), 2, NULL, "above the limit");
        cr_assert(access(tmp("bigT.lc"), F_OK) != 0);
    }
    /* within the input limit, but a dense matrix too large to form: refused, not attempted */
    write_text(tmp("wide.lc"), "lincircuit 1\nfield Q\ninputs 4000000\noutputs g0 g1 g2 g3 g4 "
                               "g5 g6 g7 g8 g9 g10 g11 g12 g13 g14 g15 g16 g17\n");
    expect(LINC("info", tmp("wide.lc")), 0, "inputs n = 4000000", NULL);
    expect(LINC("matrix", tmp("wide.lc")), 2, NULL, "above the limit m n max(1, phi(N))");
    expect(LINC("gen", "fft", "131072", tmp("f.lc")), 2, NULL, "out of range");
    expect(LINC("gen", "random", "3", "2000000000000", "2", "1", tmp("r.lc")), 2, NULL,
           "gen random: need");
}

Test(tools_inputs, directories_and_missing_files, .init = setup, .fini = teardown)
{
    expect(LDR("classify", dir), 2, NULL, "is a directory");
    expect(LDR("rank", dir, "-A", "Z:1", "-B", "Z:1"), 2, NULL, "is a directory");
    expect(LINC("info", dir), 2, NULL, "is a directory");
    expect(LINC("info", tmp("none.lc")), 2, NULL, "cannot open");
}

/* ---------------------------------------------------------------- outputs */

Test(tools_inputs, output_targets_regular_files_only, .init = setup, .fini = teardown)
{
    const char *v = data("v5.mtx");
    /* a device: refused, left a device (root would otherwise replace /dev/null) */
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", "/dev/null"), 2, NULL, "is a device");
    struct stat st;
    cr_assert(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    if (access("/dev/full", F_OK) == 0) {
        expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", "/dev/full"), 2, NULL, "is a device");
        cr_assert(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
    }
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", dir), 2, NULL, "is a directory");
    cr_assert_eq(mkfifo(tmp("fifo"), 0644), 0);
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", tmp("fifo")), 2, NULL, "is a FIFO");
    cr_assert(lstat(tmp("fifo"), &st) == 0 && S_ISFIFO(st.st_mode));
    /* read-only: refused even for root, content kept */
    write_text(tmp("ro.mtx"), "keep\n");
    chmod(tmp("ro.mtx"), 0444);
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", tmp("ro.mtx")), 2, NULL, "is read-only");
    char *t = read_text(tmp("ro.mtx"));
    cr_assert_str_eq(t, "keep\n");
    free(t);
    /* a symlink to a regular file: followed, the link stays a link */
    write_text(tmp("real.mtx"), "old\n");
    cr_assert_eq(symlink(tmp("real.mtx"), tmp("link.mtx")), 0);
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", tmp("link.mtx")), 0, "written to", NULL);
    cr_assert(lstat(tmp("link.mtx"), &st) == 0 && S_ISLNK(st.st_mode));
    t = read_text(tmp("real.mtx"));
    cr_assert(strncmp(t, "%%MatrixMarket", 14) == 0, "%s", t);
    free(t);
    /* a dangling symlink and a symlink to a directory: refused */
    cr_assert_eq(symlink(tmp("nowhere"), tmp("dangling.mtx")), 0);
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", tmp("dangling.mtx")), 2, NULL,
           "symlink to a missing file");
    cr_assert_eq(symlink(dir, tmp("dirlink")), 0);
    expect(LDR("krylov", "-A", "Z:1", "-v", v, "-o", tmp("dirlink")), 2, NULL,
           "symlink to a file that is a directory");
    /* generators: one bad target, nothing written */
    expect(LDR("rank", data("toeplitz5.mtx"), "-A", "Z:1", "-B", "Z:-1", "--generators",
               tmp("G.mtx"), dir),
           2, NULL, "is a directory");
    cr_assert(access(tmp("G.mtx"), F_OK) != 0);
    /* lincircuit outputs */
    expect(LINC("gen", "fft", "8", "/dev/null"), 2, NULL, "is a device");
    expect(LINC("transpose", data("circuit_ok.lc"), dir), 2, NULL, "is a directory");
}

Test(tools_inputs, failed_compare_writes_nothing, .init = setup, .fini = teardown)
{
    write_text(tmp("ones.mtx"), "%%MatrixMarket matrix array integer general\n5 5\n"
                                "1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n");
    expect(LDR("reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", data("toeplitz5_G.mtx"), "-H",
               data("toeplitz5_H.mtx"), "--compare", tmp("ones.mtx"), "-o", tmp("M.mtx")),
           1, NULL, "differs from");
    cr_assert(access(tmp("M.mtx"), F_OK) != 0, "M.mtx written although --compare failed");
    /* the mismatch is a false claim (1); a non-unique reconstruction too */
    expect(LDR("reconstruct", "-A", "Z:1", "-B", "Z:1", "-G", data("toeplitz5_G.mtx"), "-H",
               data("toeplitz5_H.mtx")),
           1, NULL, "not unique");
}

/* The dense exact solve is refused above a stated size (exit 2, nothing written): a generic
 * tridiagonal pair at n = 1000 would run for hours (tools/ldr/README.md, Cost). */
Test(tools_inputs, reconstruct_dense_size_limit, .init = setup, .fini = teardown)
{
    char tri[600];
    snprintf(tri, sizeof tri, "tridiag:%s", data("tridiag5.mtx"));
    expect(LDR("reconstruct", "-A", tri, "-B", "Z:-1", "-G",
               data("toeplitz5_G.mtx"), "-H", data("toeplitz5_H.mtx"), "--max-dense", "4", "-o",
               tmp("M.mtx")),
           2, NULL, "needs the dense exact solve, limited to max(m, n) <= 4");
    cr_assert(access(tmp("M.mtx"), F_OK) != 0, "M.mtx written although the size was refused");
    /* the shift recurrence has no such limit; the dense solve runs at or below it */
    expect(LDR("reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", data("toeplitz5_G.mtx"), "-H",
               data("toeplitz5_H.mtx"), "--max-dense", "0"),
           0, "%%MatrixMarket", NULL);
    expect(LDR("reconstruct", "-A", tri, "-B", "Z:-1", "-G",
               data("toeplitz5_G.mtx"), "-H", data("toeplitz5_H.mtx"), "--max-dense", "5"),
           0, NULL, NULL);
    expect(LDR("reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", data("toeplitz5_G.mtx"), "-H",
               data("toeplitz5_H.mtx"), "--max-dense", "-1"),
           2, NULL, "--max-dense takes a non-negative integer");
}

Test(tools_inputs, report_output_target_kinds, .init = setup, .fini = teardown)
{
    char real[512], err[600];
    unsigned mode;
    cr_assert_eq(report_output_target(tmp("new.md"), real, sizeof real, &mode, err, sizeof err), 0);
    cr_assert_str_eq(real, tmp("new.md"));
    cr_assert_eq(report_output_target(dir, real, sizeof real, &mode, err, sizeof err), -1);
    cr_assert(strstr(err, "is a directory"));
    write_text(tmp("w.md"), "x");
    chmod(tmp("w.md"), 0600);
    cr_assert_eq(report_output_target(tmp("w.md"), real, sizeof real, &mode, err, sizeof err), 0);
    cr_assert_eq(mode, 0600u);
    /* the replaced file keeps its mode */
    cr_assert_eq(report_write_atomic(tmp("w.md"), "yy", 2), 0);
    struct stat st;
    cr_assert(stat(tmp("w.md"), &st) == 0 && (st.st_mode & 0777) == 0600);
    cr_assert_eq(report_write_atomic("/dev/null", "x", 1), -1);
}

/* ---------------------------------------------------------------- printing */

Test(tools_inputs, nodes_are_printed_whole_in_one_notation, .init = setup, .fini = teardown)
{
    /* v_0 = M[0][1]/M[0][0] = 9007199254740992/6004799503160661 (was cut at 24 characters) */
    write_text(tmp("long.mtx"), "%%MatrixMarket matrix array real general\n2 2\n1\n1\n"
                                "9007199254740992/6004799503160661\n1/2\n");
    expect(LDR("classify", tmp("long.mtx")), 0, "v = (9007199254740992/6004799503160661, 1/2)",
           NULL);
    expect(LDR("classify", tmp("long.mtx"), "--csv"), 0,
           "v = (9007199254740992/6004799503160661, 1/2)", NULL);
    /* 0.5 and 1/3 are not mixed: 1/2 */
    run_t r = LDR("classify", data("vander4_fortran.npy"));
    cr_assert(strstr(r.out, "0.5") == NULL, "%s", r.out);
    expect(r, 0, "v = (1, 2, 3, 1/2)", NULL);
    /* a long node list: whole in --csv, shortened at an entry boundary in text, said so */
    FILE *f = fopen(tmp("wide.mtx"), "w");
    fprintf(f, "%%%%MatrixMarket matrix array real general\n40 2\n");
    for (int i = 0; i < 40; i++)
        fprintf(f, "3\n");
    for (int i = 0; i < 40; i++)
        fprintf(f, "%d/7777777\n", 1000000 + i);
    fclose(f);
    r = LDR("classify", tmp("wide.mtx"), "--csv");
    cr_assert(strstr(r.out, "1000039/23333331") != NULL, "%s", r.out);
    expect(r, 0, NULL, NULL);
    expect(LDR("classify", tmp("wide.mtx")), 0, "whole lists with --csv", NULL);
}

Test(tools_inputs, cauchy_detection_reads_row_and_column_zero, .init = setup, .fini = teardown)
{
    /* 1/(s_i - t_j), s = (2,3,4), t = (0,1,-1), with M[2][2] set to 0: detection still runs */
    write_text(tmp("c.mtx"), "%%MatrixMarket matrix array real general\n3 3\n"
                             "1/2\n1/3\n1/4\n1\n1/2\n1/3\n1/3\n1/4\n0\n");
    run_t r = LDR("classify", tmp("c.mtx"), "--csv");
    cr_assert(strstr(r.out, "no detection") == NULL, "%s", r.out);
    expect(r, 0, "Cauchy-like,\"(diag(s), diag(t))\",\"s = (2, 3, 4); t = (0, 1, -1)", NULL);
    /* --nodes alone: Cauchy says why it is not computed */
    expect(LDR("classify", data("vander4.npy"), "--nodes", data("vec4_f32.npy")), 0,
           "--nodes given alone", NULL);
}

Test(tools_inputs, vandermonde_conventions, .init = setup, .fini = teardown)
{
    double x[4] = {1, 2, 3, 5}, inc[16], dec[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double p = 1;
            for (int k = 0; k < j; k++)
                p *= x[i];
            inc[4 * i + j] = p;
            dec[4 * i + 3 - j] = p;
        }
    write_npy(tmp("inc.npy"), "(4, 4)", inc, 16);
    write_npy(tmp("dec.npy"), "(4, 4)", dec, 16); /* np.vander(x): numpy's default */
    expect(LDR("classify", tmp("dec.npy")), 0,
           "(diag(v), Z_0^T) v_i^(n-1-j)  1     yes     v = (1, 2, 3, 5)", NULL);
    expect(LDR("classify", tmp("inc.npy")), 0,
           "(diag(v), Z_0) v_i^j          1     yes     v = (1, 2, 3, 5)", NULL);
    run_t r = LDR("classify", tmp("dec.npy"), "--vander", "decreasing", "--csv");
    cr_assert(strstr(r.out, "v_i^j\"") == NULL, "%s", r.out);
    expect(r, 0, "Vandermonde-like,\"(diag(v), Z_0^T) v_i^(n-1-j)\"", NULL);
    expect(LDR("classify", tmp("dec.npy"), "--vander", "sideways"), 2, NULL,
           "--vander is both, increasing or decreasing");
}

/* ---------------------------------------------------------------- exit codes */

Test(tools_inputs, one_exit_code_contract, .init = setup, .fini = teardown)
{
    /* 2: bad input, with file, position and reason */
    expect(LDR("rank", data("bad_nan.mtx"), "-A", "Z:1", "-B", "Z:1"), 2, NULL, "bad_nan.mtx:4:");
    write_text(tmp("huge.mtx"), "%%MatrixMarket matrix array real general\n2 2\n1e400\n1\n2\n3\n");
    expect(LDR("numerical-rank", tmp("huge.mtx"), "-A", "Z:1", "-B", "Z:-1"), 2, NULL,
           "entry (1, 1) = ");
    expect(LDR("numerical-rank", tmp("huge.mtx"), "-A", "Z:1", "-B", "Z:-1"), 2, NULL,
           "does not fit a float64");
    write_text(tmp("over.mtx"), "%%MatrixMarket matrix array real general\n2 2\n"
                                "1e308\n-1e308\n-1e308\n1e308\n");
    expect(LDR("numerical-rank", tmp("over.mtx"), "-A", "Z:1", "-B", "Z:-1"), 2, NULL,
           "float64 displacement overflows");
    expect(LINC("info", data("circuit_bad_cycle.lc")), 2, NULL, "circuit_bad_cycle.lc:");
    expect(LINC("frobnicate"), 2, NULL, "unknown command");
    expect(LINC("--help"), 0, "Exit status: 0 done", NULL);
    expect(LDR("--help"), 0, "exit status (every command): 0 done", NULL);
    /* 0: done */
    expect(LINC("sparse", data("circuit_fft4.lc")), 0, "exactly: yes", NULL);
}

Test(tools_inputs, compact_roots_of_unity, .init = setup, .fini = teardown)
{
    write_text(tmp("z.lc"), "lincircuit 1\nfield cyclotomic 8\ninputs 2\n"
                            "g2 = z^2 g0 + -1/2*z^3+z g1\ng3 = 1 g0 + z^9 g1\noutputs g2 g3\n");
    run_t r = LINC("matrix", tmp("z.lc"));
    /* z^9 = z (z^8 = 1); z^2 stays, -1/2 z^3 + z is written in the shorter form */
    expect(r, 0, "1 z\n", NULL);
    expect(LINC("transpose", tmp("z.lc"), tmp("zT.lc")), 0, NULL, NULL);
    char *t = read_text(tmp("zT.lc"));
    cr_assert(t && strstr(t, "z^2") != NULL, "%s", t);
    free(t);
    write_text(tmp("bad.lc"), "lincircuit 1\nfield cyclotomic 8\ninputs 2\n"
                              "g2 = z^ g0 + 1 g1\noutputs g2\n");
    expect(LINC("info", tmp("bad.lc")), 2, NULL, "bad.lc:4: coefficient 'z^' does not parse");
}

/* sparse and kmatrix: the dense exact check and the random check modulo primes agree; the
 * FFT above the dense default is checked at random; options are validated. */
Test(tools_inputs, dense_and_random_checks_agree, .init = setup, .fini = teardown)
{
    expect(LINC("gen", "fft", "32", tmp("f32.lc")), 0, "n = 32, s = 192", NULL);
    const char *cmds[] = {"sparse", "kmatrix"};
    for (int i = 0; i < 2; i++) {
        run_t d = LINC(cmds[i], tmp("f32.lc"), "--check", "dense");
        run_t r = LINC(cmds[i], tmp("f32.lc"), "--check", "random", "--seed", "5");
        cr_assert(d.rc == 0 && r.rc == 0 && strstr(d.out, "exactly: yes\n") &&
                  strstr(r.out, "(random evaluation mod 2 primes") &&
                  strstr(r.out, "): yes\n"), "%s\n---\n%s", d.out, r.out);
        /* the same counts (every line but the verdict) */
        size_t dl = strlen(d.out) - strlen(strstr(d.out, cmds[i][0] == 's' ? "P W_d" : "corner"));
        size_t rl = strlen(r.out) - strlen(strstr(r.out, cmds[i][0] == 's' ? "P W_d" : "corner"));
        cr_assert(dl == rl && dl > 0 && strncmp(d.out, r.out, dl) == 0, "%s\n---\n%s", d.out,
                  r.out);
        free(d.out);
        free(d.err);
        free(r.out);
        free(r.err);
    }
    /* the dense default stops at m n phi(N) = 2^20: fft 1024 is checked at random */
    expect(LINC("gen", "fft", "1024", tmp("f1024.lc")), 0, NULL, NULL);
    expect(LINC("sparse", tmp("f1024.lc")), 0, "(random evaluation", NULL);
    expect(LINC("kmatrix", tmp("f1024.lc")), 0, "N = 16384), parameters", NULL);
    expect(LINC("matrix", tmp("f1024.lc")), 2, NULL, "above the limit");
    /* a file written in the dense list form reads back as the compact one */
    write_text(tmp("l.lc"), "lincircuit 1\nfield cyclotomic 8\ninputs 2\n"
                            "g2 = [0,0,0,0,0,1] g0 + [0,0,-1] g1\noutputs g2\n");
    expect(LINC("transpose", tmp("l.lc"), tmp("lT.lc")), 0, NULL, NULL);
    char *t = read_text(tmp("lT.lc"));
    cr_assert(t && strstr(t, "-z g0") && strstr(t, "-z^2 g0"), "%s", t); /* z^5 = -z */
    free(t);
    expect(LINC("sparse", tmp("f32.lc"), "--check", "exact"), 2, NULL, "bad option");
    expect(LINC("kmatrix", tmp("f32.lc"), "--seed", "-1"), 2, NULL, "bad option");
    expect(LINC("sparse", tmp("f32.lc"), "--seed"), 2, NULL, "bad option");
}

/* ---------------------------------------------------------------- numerical mode */

Test(tools_inputs, classify_and_rank_with_a_tolerance, .init = setup, .fini = teardown)
{
    /* a noisy Toeplitz layer: exact rank 12, numerical rank 2 with a wide gap */
    const char *w = data("weights_noisy16.npy");
    run_t r = LDR("classify", w, "--rtol", "1e-9", "--csv");
    cr_assert(strstr(r.out, ",numerical_rank,sigma_at_rank,sigma_next\n") != NULL, "%s", r.out);
    expect(r, 0, "Toeplitz-like,\"(Z_1, Z_-1)\",\"-\",12,no,yes,2,", NULL);
    expect(LDR("classify", w, "--rtol", "1e-9"), 0, "Toeplitz-like     (Z_1, Z_-1)                   12    2 ", NULL);
    expect(LDR("rank", w, "-A", "Z:1", "-B", "Z:-1", "--rtol", "1e-9"), 0,
           "Sylvester numerical rank (float64 copy, LAPACK dgesdd) = 2; gap sigma_2 / sigma_3", NULL);
    expect(LDR("classify", w, "--tol", "-1"), 2, NULL, "--tol/--rtol take one non-negative number");
    expect(LDR("rank", w, "-A", "Z:1", "-B", "Z:-1", "--tol", "1", "--rtol", "1"), 2, NULL,
           "not both");
}

/* ---------------------------------------------------------------- numpy out */

Test(tools_inputs, generators_in_forms_numpy_reads, .init = setup, .fini = teardown)
{
    const char *m = data("cauchy4.mtx");
    /* float64: rounded, the largest error said; a dyadic matrix is exact */
    expect(LDR("rank", m, "-A", "Z:1", "-B", "Z:-1", "--generators", tmp("G.npy"), tmp("H.npy"),
               "--generators-form", "float64"),
           0, "G.npy: float64, 14 of 16 entries rounded to nearest: max absolute error", NULL);
    FILE *f = fopen(tmp("G.npy"), "rb");
    cr_assert(f != NULL);
    char magic[6];
    cr_assert_eq(fread(magic, 1, 6, f), 6u);
    fclose(f);
    cr_assert(memcmp(magic, "\x93NUMPY", 6) == 0);
    expect(LDR("rank", data("toeplitz5.mtx"), "-A", "Z:1", "-B", "Z:-1", "--generators",
               tmp("G2.npy"), tmp("H2.npy"), "--generators-form", "float64"),
           0, "G2.npy: float64, exact (every entry is dyadic)", NULL);
    /* scaled: an integer Matrix Market file (scipy reads it) and the denominator beside it */
    expect(LDR("rank", m, "-A", "Z:1", "-B", "Z:-1", "--generators", tmp("Gs.mtx"), tmp("Hs.mtx"),
               "--generators-form", "scaled"),
           0, "d = 840 in", NULL);
    char *t = read_text(tmp("Gs.mtx"));
    cr_assert(t && strstr(t, "%%MatrixMarket matrix array integer general") == t, "%s", t);
    free(t);
    t = read_text(tmp("Gs.mtx.den"));
    cr_assert(t && strcmp(t, "840\n") == 0, "%s", t);
    free(t);
    /* a bad target for the denominator: nothing written */
    cr_assert_eq(mkdir(tmp("G3.mtx.den"), 0755), 0);
    expect(LDR("rank", m, "-A", "Z:1", "-B", "Z:-1", "--generators", tmp("G3.mtx"), tmp("H3.mtx"),
               "--generators-form", "scaled"),
           2, NULL, "is a directory");
    cr_assert(access(tmp("G3.mtx"), F_OK) != 0 && access(tmp("H3.mtx"), F_OK) != 0);
    expect(LDR("rank", m, "-A", "Z:1", "-B", "Z:-1", "--generators", tmp("G4.mtx"), tmp("H4.mtx"),
               "--generators-form", "decimal"),
           2, NULL, "--generators-form is exact, float64 or scaled");
}
