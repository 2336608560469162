/* test_sylvester_shift.c -- the O(n^2) shift recurrences (ldr/sylvester_shift.h) give exactly
 * the solution of the general exact solver (ldr/sylvester.h) for every pair of the Z_f,
 * subdiagonal+corner and diagonal families, both orientations, random rational data; shared
 * eigenvalues are reported, other operators are handed back. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exact/qmat.h"
#include "ldr/displacement.h"
#include "ldr/sylvester.h"
#include "ldr/sylvester_shift.h"
#include "ldr_test_data.h"
#include "tools/ldr/ldr_cli.h"

/* Family k: 0 Z_f, 1 subdiagonal+corner, 2 diagonal, 3 Z_f^T, 4 (subdiagonal+corner)^T. */
static void family(op_t *A, int k, slong n, flint_rand_t st)
{
    static const op_kind_t kinds[] = {OP_ZF, OP_SUBDIAG, OP_DIAG, OP_ZF, OP_SUBDIAG};
    op_t T;
    op_init_rand(&T, kinds[k], n, st, 7, 3);
    if (k >= 3)
        op_init_transpose(A, &T);
    else
        op_init_copy(A, &T);
    op_clear(&T);
}

Test(sylvester_shift, equals_the_general_solver)
{
    flint_rand_t st;
    flint_randinit(st);
    int solved = 0;
    for (int rep = 0; rep < 2; rep++)
        for (int ka = 0; ka < 5; ka++)
            for (int kb = 0; kb < 5; kb++) {
                slong n = 5 + rep, r = 2;
                op_t A, B;
                family(&A, ka, n, st);
                family(&B, kb, n, st);
                fmpq_mat_t G, H, Ht, R, M, M0, D;
                fmpq_mat_init(G, n, r);
                fmpq_mat_init(H, n, r);
                fmpq_mat_init(Ht, r, n);
                fmpq_mat_init(R, n, n);
                fmpq_mat_init(M, n, n);
                fmpq_mat_init(M0, n, n);
                fmpq_mat_init(D, n, n);
                qmat_rand(G, st, 9, 4);
                qmat_rand(H, st, 9, 1);
                fmpq_mat_transpose(Ht, H);
                fmpq_mat_mul(R, G, Ht);
                cr_assert(sylvester_shift_applies(&A, &B), "families %d, %d", ka, kb);
                int rc = sylvester_solve_shift(M, &A, &B, R);
                int rc0 = sylvester_solve_unchecked(M0, &A, &B, R);
                cr_assert(rc == 0 || rc == -1);
                cr_assert_eq(rc == 0, rc0 == 0, "families %d, %d: shift %d, general %d", ka, kb,
                             rc, rc0);
                if (rc == 0) {
                    cr_assert(fmpq_mat_equal(M, M0), "families %d, %d", ka, kb);
                    ldr_sylvester(D, &A, M, &B);
                    cr_assert(fmpq_mat_equal(D, R));
                    /* the row-wise residual check agrees, and sees one changed entry */
                    cr_assert(sylvester_shift_residual_is_zero(&A, M, &B, R));
                    slong i = rep + ka % n, j = (kb + 3) % n;
                    fmpq_add_si(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, i, j), 1);
                    cr_assert(!sylvester_shift_residual_is_zero(&A, M, &B, R), "%d %d", ka, kb);
                    solved++;
                }
                fmpq_mat_clear(G);
                fmpq_mat_clear(H);
                fmpq_mat_clear(Ht);
                fmpq_mat_clear(R);
                fmpq_mat_clear(M);
                fmpq_mat_clear(M0);
                fmpq_mat_clear(D);
                op_clear(&A);
                op_clear(&B);
            }
    cr_assert(solved >= 40, "only %d of 50 pairs had disjoint spectra", solved);
    flint_randclear(st);
}

Test(sylvester_shift, shared_eigenvalues_and_other_operators)
{
    slong n = 4;
    op_t A, B, T;
    fmpq_mat_t R, M;
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(M, n, n);
    fmpq_mat_one(R);
    op_init_zf_si(&A, n, 2);
    op_init_zf_si(&B, n, 2); /* Z_2, Z_2: the same spectrum */
    cr_assert_eq(sylvester_solve_shift(M, &A, &B, R), -1);
    op_clear(&B);
    fmpq *d = _fmpq_vec_init(n);
    fmpq_set_si(d + 0, 3, 1);
    fmpq_set_si(d + 1, -1, 1);
    fmpq_set_si(d + 2, 5, 1);
    fmpq_set_si(d + 3, 7, 1);
    op_clear(&A);
    op_init_zf_si(&A, n, 1);
    op_init_diag(&B, n, d); /* (-1)^4 = 1: -1 is a root of x^4 - 1 */
    cr_assert_eq(sylvester_solve_shift(M, &A, &B, R), -1);
    cr_assert_eq(sylvester_solve_shift(M, &B, &A, R), -1);
    op_init_diag(&T, n, d); /* diag vs the same diag */
    cr_assert_eq(sylvester_solve_shift(M, &B, &T, R), -1);
    op_clear(&T);
    flint_rand_t st;
    flint_randinit(st);
    op_init_rand(&T, OP_TRIDIAG, n, st, 5, 1); /* a general tridiagonal: not handled here */
    cr_assert_eq(sylvester_solve_shift(M, &T, &B, R), 1);
    cr_assert(!sylvester_shift_applies(&T, &A));
    op_clear(&T);
    op_clear(&A);
    op_init_zf_si(&A, n, 0); /* Z_0 is the nilpotent shift: still handled (weights are 1) */
    cr_assert(sylvester_shift_applies(&A, &B));
    _fmpq_vec_clear(d, n);
    op_clear(&A);
    op_clear(&B);
    fmpq_mat_clear(R);
    fmpq_mat_clear(M);
    flint_randclear(st);
}

/* The tool on the shift path: the generators that `ldr rank` writes for a Toeplitz matrix
 * reconstruct it exactly; a shared eigenvalue (Z_1 with Z_1) is a false claim of
 * uniqueness, named, exit 1. */
static int run_tool(char **argv, char **out, char **err)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    size_t lo, le;
    FILE *fo = open_memstream(out, &lo), *fe = open_memstream(err, &le);
    int rc = ldr_cli_main(argc, argv, fo, fe);
    fclose(fo);
    fclose(fe);
    return rc;
}

Test(sylvester_shift, tool_reconstructs_and_names_shared_eigenvalues)
{
    char m[600], dir[] = "/tmp/test_sylvester_shift_XXXXXX", g[100], h[100];
    ldr_test_data(m, sizeof m, "toeplitz5.mtx");
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(g, sizeof g, "%s/G.mtx", dir);
    snprintf(h, sizeof h, "%s/H.mtx", dir);
    char *out, *err;
    char *rank[] = {"ldr", "rank", m, "-A", "Z:1", "-B", "Z:-1", "--form", "sylvester",
                    "--generators", g, h, NULL};
    cr_assert_eq(run_tool(rank, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    char *rec[] = {"ldr", "reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", g, "-H", h,
                   "--compare", m, "--csv", NULL};
    cr_assert_eq(run_tool(rec, &out, &err), 0, "%s%s", out, err);
    cr_assert(strstr(out, ",yes,") && strstr(out, ",0\n"), "%s", out);
    free(out);
    free(err);
    rec[5] = "Z:1";
    cr_assert_eq(run_tool(rec, &out, &err), 1, "%s%s", out, err);
    cr_assert(strstr(err, "not unique"), "%s", err);
    free(out);
    free(err);
    unlink(g);
    unlink(h);
    rmdir(dir);
}
