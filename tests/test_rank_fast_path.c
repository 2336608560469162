/* test_rank_fast_path.c -- the integer path of `ldr rank` on large files: the dense
 * integer/decimal reader (io/matfile_fmpz.h) reads exactly what the general reader reads or
 * hands the file over; the integer displacement (ldr/displacement_fmpz.h) is a non-zero
 * multiple of the rational one for every operator kind; the tool answers the same on both
 * paths. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exact/qmat.h"
#include "io/matfile.h"
#include "io/matfile_fmpz.h"
#include "ldr/displacement.h"
#include "ldr/displacement_fmpz.h"
#include "tools/ldr/ldr_cli.h"

/* The fast reader's Z / D equals the general reader's matrix exactly. */
static void same_as_general(const char *text)
{
    fmpz_mat_t Z;
    fmpz_t D;
    fmpz_init(D);
    cr_assert_eq(matfile_read_fmpz_buffer(Z, D, text, strlen(text)), 0, "not read: %s", text);
    fmpq_mat_t M, F;
    char err[MATFILE_ERRLEN];
    cr_assert_eq(mmio_read_buffer(M, text, strlen(text), "t", 0, err, sizeof err), 0, "%s", err);
    fmpq_mat_init(F, fmpz_mat_nrows(Z), fmpz_mat_ncols(Z));
    fmpq_mat_set_fmpz_mat_div_fmpz(F, Z, D);
    cr_assert(fmpq_mat_equal(F, M), "Z / D differs from the exact reading of %s", text);
    /* lowest terms: no common factor of D and every entry */
    fmpz_t g;
    fmpz_init(g);
    fmpz_mat_content(g, Z);
    fmpz_gcd(g, g, D);
    cr_assert(fmpz_is_one(g));
    fmpz_clear(g);
    fmpq_mat_clear(M);
    fmpq_mat_clear(F);
    fmpz_mat_clear(Z);
    fmpz_clear(D);
}

/* Handed over to the general reader (which accepts or rejects it with its own message). */
static void handed_over(const char *text)
{
    fmpz_mat_t Z;
    fmpz_t D;
    fmpz_init(D);
    cr_assert_eq(matfile_read_fmpz_buffer(Z, D, text, strlen(text)), 1, "read: %s", text);
    fmpz_clear(D);
}

#define BANNER_I "%%MatrixMarket matrix array integer general\n"
#define BANNER_R "%%MatrixMarket matrix array real general\n"

Test(rank_fast_path, reader_matches_the_exact_reader)
{
    same_as_general(BANNER_I "2 3\n1\n-2\n3\n+4\n0\n-0\n");
    same_as_general(BANNER_I "% a comment\n\n2 2\n% another\n7 8\n  9\t10\n");
    same_as_general(BANNER_R "2 2\n0.5\n1.25e-1\n-3\n2.0E+1\n");
    same_as_general(BANNER_R "1 3\n.5 -1. 30e-1\n");
    same_as_general(BANNER_R "2 1\n1e30\n2.5e20\n");   /* integers written with exponents */
    same_as_general(BANNER_R "2 1\n0.1\n0.30\n");      /* 1/10, 3/10: D = 10 */
    same_as_general("%%MatrixMarket matrix array double general\r\n1 1\r\n-0.000125\r\n");
}

Test(rank_fast_path, reader_hands_over_everything_else)
{
    handed_over("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 5\n");
    handed_over("%%MatrixMarket matrix array integer symmetric\n2 2\n1\n2\n3\n");
    handed_over(BANNER_R "1 2\n1/3\n1\n");             /* a fraction */
    handed_over(BANNER_R "1 2\nnan\n1\n");
    handed_over(BANNER_I "1 2\n1.5\n1\n");             /* not an integer in an integer file */
    handed_over(BANNER_I "1 2\n1\n");                  /* truncated */
    handed_over(BANNER_I "1 1\n1\n2\n");               /* extra data */
    handed_over(BANNER_I "1 1\n1234567890123456789\n"); /* 19 significant digits */
    handed_over(BANNER_R "1 2\n1e-30\n1e30\n");        /* the common scale would be 10^60 */
    handed_over(BANNER_I "0 3\n");
    handed_over(BANNER_I "2\n3\n1 2 3 4 5 6\n");       /* size line split */
    handed_over(BANNER_I "1 1 % c\n1\n");
    handed_over("");
    handed_over("\x93NUMPY");
}

/* R from the integer path is scale * (the rational displacement), for every kind. */
Test(rank_fast_path, integer_displacement_is_a_multiple)
{
    flint_rand_t st;
    flint_randinit(st);
    const op_kind_t kinds[] = {OP_ZF, OP_DIAG, OP_SUBDIAG, OP_TRIDIAG, OP_DENSE};
    for (int ka = 0; ka < 5; ka++)
        for (int kb = 0; kb < 5; kb++)
            for (int stein = 0; stein < 2; stein++) {
                slong n = 6;
                op_t A, B, Bt;
                op_init_rand(&A, kinds[ka], n, st, 5, 3);
                op_init_rand(&Bt, kinds[kb], n, st, 5, 4);
                op_init_transpose(&B, &Bt); /* transposed operators too */
                fmpq_mat_t M, Rq, Rs;
                fmpz_mat_t Z, R;
                fmpq_mat_init(M, n, n);
                fmpq_mat_init(Rq, n, n);
                fmpq_mat_init(Rs, n, n);
                fmpz_mat_init(Z, n, n);
                fmpz_mat_init(R, n, n);
                fmpz_mat_randtest(Z, st, 8);
                fmpq_mat_set_fmpz_mat(M, Z);
                if (stein)
                    ldr_stein(Rq, &A, M, &B);
                else
                    ldr_sylvester(Rq, &A, M, &B);
                fmpz_t s;
                fmpz_init(s);
                ldr_displacement_fmpz(R, s, &A, Z, &B, stein);
                cr_assert(fmpz_sgn(s) > 0);
                fmpq_mat_scalar_mul_fmpz(Rq, Rq, s);
                fmpq_mat_set_fmpz_mat(Rs, R);
                cr_assert(fmpq_mat_equal(Rs, Rq), "kinds %d, %d, stein %d", ka, kb, stein);
                fmpz_clear(s);
                fmpq_mat_clear(M);
                fmpq_mat_clear(Rq);
                fmpq_mat_clear(Rs);
                fmpz_mat_clear(Z);
                fmpz_mat_clear(R);
                op_clear(&A);
                op_clear(&B);
                op_clear(&Bt);
            }
    flint_randclear(st);
}

static char *run_rank(const char *file, const char *a, const char *b)
{
    char *argv[] = {"ldr", "rank", (char *)file, "-A", (char *)a, "-B", (char *)b, NULL};
    char *out = NULL, *err = NULL;
    size_t lo, le;
    FILE *fo = open_memstream(&out, &lo), *fe = open_memstream(&err, &le);
    int rc = ldr_cli_main(7, argv, fo, fe);
    fclose(fo);
    fclose(fe);
    cr_assert_eq(rc, 0, "%s", err);
    free(err);
    return out;
}

/* The same matrix as a dense decimal file (fast path) and as a coordinate file (general
 * path): the same description and the same ranks. */
Test(rank_fast_path, tool_answers_the_same_on_both_paths)
{
    char dense[] = "/tmp/test_rank_fast_XXXXXX", coord[] = "/tmp/test_rank_coord_XXXXXX";
    int fd1 = mkstemp(dense), fd2 = mkstemp(coord);
    cr_assert(fd1 >= 0 && fd2 >= 0);
    FILE *f1 = fdopen(fd1, "w"), *f2 = fdopen(fd2, "w");
    fputs(BANNER_R "4 4\n", f1);
    fprintf(f2, "%%%%MatrixMarket matrix coordinate real general\n4 4 16\n");
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++) { /* Toeplitz with decimal entries */
            double v = 0.25 * (i - j) + (i == j ? 0.5 : 0);
            fprintf(f1, "%.2f\n", v);
            fprintf(f2, "%d %d %.2f\n", i + 1, j + 1, v);
        }
    fclose(f1);
    fclose(f2);
    const char *ops[][2] = {{"Z:1", "Z:-1"}, {"Z:0", "ZT:0"}, {"I", "0"}};
    for (int k = 0; k < 3; k++) {
        char *a = run_rank(dense, ops[k][0], ops[k][1]), *b = run_rank(coord, ops[k][0],
                                                                           ops[k][1]);
        /* compare the rank lines and the description (the timings differ) */
        const char *keys[] = {"dyadic rational entries, height", "Sylvester rank(A M - M B) = ",
                              "Stein     rank(M - A M B) = "};
        for (int q = 0; q < 3; q++) {
            const char *pa = strstr(a, keys[q]), *pb = strstr(b, keys[q]);
            cr_assert(pa && pb, "%s / %s", a, b);
            cr_assert_eq(strncmp(pa, pb, strlen(keys[q]) + 3), 0, "%s\n---\n%s", a, b);
        }
        free(a);
        free(b);
    }
    unlink(dense);
    unlink(coord);
}
