/* test_opspec.c -- operators named on the command line (algebra/ldr/opspec.h): each form gives the
 * hand-checked dense matrix; bad specifications are rejected with a reason. */
#include <criterion/criterion.h>

#include <string.h>

#include "ldr_test_data.h"
#include "ldr/opspec.h"

static void dense_of(fmpq_mat_t D, const char *spec, slong n)
{
    op_t A;
    char err[512] = "";
    cr_assert_eq(opspec_parse(&A, spec, n, err, sizeof err), 0, "%s: %s", spec, err);
    fmpq_mat_init(D, n, n);
    op_dense(D, &A);
    op_clear(&A);
}

static int at(const fmpq_mat_t D, slong i, slong j, slong p, ulong q)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, p, q);
    int r = fmpq_equal(fmpq_mat_entry(D, i, j), x);
    fmpq_clear(x);
    return r;
}

Test(opspec, shifts_identity_zero)
{
    fmpq_mat_t D;
    dense_of(D, "Z:-3/2", 3);
    cr_assert(at(D, 1, 0, 1, 1) && at(D, 2, 1, 1, 1) && at(D, 0, 2, -3, 2) && at(D, 0, 0, 0, 1));
    fmpq_mat_clear(D);
    dense_of(D, "ZT:0.5", 3); /* transpose: superdiagonal ones, bottom-left corner */
    cr_assert(at(D, 0, 1, 1, 1) && at(D, 1, 2, 1, 1) && at(D, 2, 0, 1, 2) && at(D, 1, 0, 0, 1));
    fmpq_mat_clear(D);
    dense_of(D, "I", 2);
    cr_assert(fmpq_mat_is_one(D));
    fmpq_mat_clear(D);
    dense_of(D, "0", 2);
    cr_assert(fmpq_mat_is_zero(D));
    fmpq_mat_clear(D);
}

Test(opspec, files)
{
    char path[400], spec[500];
    fmpq_mat_t D;
    snprintf(spec, sizeof spec, "diag:%s", ldr_test_data(path, sizeof path, "diag5.mtx"));
    dense_of(D, spec, 5);
    cr_assert(at(D, 1, 1, -2, 1) && at(D, 2, 2, 1, 2) && at(D, 0, 1, 0, 1));
    fmpq_mat_clear(D);
    /* subdiagonal (2, -1, 0.5, 3) with corner 7/3 */
    snprintf(spec, sizeof spec, "subdiag:%s:7/3", ldr_test_data(path, sizeof path, "subdiag5.mtx"));
    dense_of(D, spec, 5);
    cr_assert(at(D, 1, 0, 2, 1) && at(D, 4, 3, 3, 1) && at(D, 0, 4, 7, 3) && at(D, 0, 0, 0, 1));
    fmpq_mat_clear(D);
    snprintf(spec, sizeof spec, "subdiag:%s", ldr_test_data(path, sizeof path, "subdiag5.mtx"));
    dense_of(D, spec, 5);
    cr_assert(at(D, 0, 4, 0, 1) && at(D, 3, 2, 1, 2));
    fmpq_mat_clear(D);
    /* tridiag table rows (A[i][i-1 mod n], A[i][i], A[i][i+1 mod n]):
     * row 0 = (7, 2, 1), rows 1..3 = (1, 2, 1), row 4 = (1, 2, 9) */
    snprintf(spec, sizeof spec, "tridiag:%s", ldr_test_data(path, sizeof path, "tridiag5.mtx"));
    dense_of(D, spec, 5);
    cr_assert(at(D, 0, 4, 7, 1) && at(D, 0, 0, 2, 1) && at(D, 0, 1, 1, 1));
    cr_assert(at(D, 2, 1, 1, 1) && at(D, 2, 2, 2, 1) && at(D, 2, 3, 1, 1));
    cr_assert(at(D, 4, 0, 9, 1) && at(D, 4, 3, 1, 1) && at(D, 4, 4, 2, 1) && at(D, 2, 0, 0, 1));
    fmpq_mat_clear(D);
    /* a full matrix file, with and without "dense:" */
    ldr_test_data(path, sizeof path, "toeplitz5.mtx");
    dense_of(D, path, 5);
    cr_assert(at(D, 0, 4, 6, 1) && at(D, 4, 0, 5, 1));
    fmpq_mat_clear(D);
    snprintf(spec, sizeof spec, "dense:%s", path);
    dense_of(D, spec, 5);
    cr_assert(at(D, 0, 4, 6, 1));
    fmpq_mat_clear(D);
}

static void rejects(const char *spec, slong n, const char *want)
{
    op_t A;
    char err[512] = "";
    cr_assert_eq(opspec_parse(&A, spec, n, err, sizeof err), -1, "'%s' accepted", spec);
    cr_assert(strstr(err, want) != NULL, "'%s': message '%s' lacks '%s'", spec, err, want);
}

Test(opspec, rejections)
{
    char path[400], spec[500];
    rejects("Z:", 3, "empty number");
    rejects("Z:nan", 3, "NaN is not a number");
    rejects("ZT:1/0", 3, "zero denominator");
    rejects("Q:1", 3, "not a known form");
    rejects("diag:/nonexistent.mtx", 3, "/nonexistent.mtx: cannot open");
    snprintf(spec, sizeof spec, "diag:%s", ldr_test_data(path, sizeof path, "diag5.mtx"));
    rejects(spec, 4, "must be a vector of 4 entries");
    snprintf(spec, sizeof spec, "subdiag:%s:x", ldr_test_data(path, sizeof path, "subdiag5.mtx"));
    rejects(spec, 5, "non-numeric token in 'x'");
    snprintf(spec, sizeof spec, "tridiag:%s", ldr_test_data(path, sizeof path, "tridiag5.mtx"));
    rejects(spec, 4, "needs a table of 4 x 3");
    rejects(spec, 2, "tridiag needs n >= 3");
    snprintf(spec, sizeof spec, "dense:%s", ldr_test_data(path, sizeof path, "bad_nan.mtx"));
    rejects(spec, 2, "NaN is not a number");
}
