/* test_mmio.c -- the exact Matrix Market reader and writer (algebra/io/mmio.h): files as other
 * tools write them, every rejection path with its line number and reason, round trips. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ldr_test_data.h"
#include "io/mmio.h"
#include "exact/qmat.h"

/* Read TEXT; expect success. */
static void read_ok(fmpq_mat_t M, const char *text)
{
    char err[MATFILE_ERRLEN] = "";
    int rc = mmio_read_buffer(M, text, strlen(text), "t.mtx", 0, err, sizeof err);
    cr_assert_eq(rc, 0, "rejected: %s", err);
}

/* Read TEXT; expect the message to contain WANT (e.g. "t.mtx:3: duplicate"). */
static void read_fails(const char *text, const char *want)
{
    fmpq_mat_t M;
    char err[MATFILE_ERRLEN] = "";
    int rc = mmio_read_buffer(M, text, strlen(text), "t.mtx", 0, err, sizeof err);
    cr_assert_eq(rc, -1, "accepted, expected '%s'", want);
    cr_assert(strstr(err, want) != NULL, "message '%s' lacks '%s'", err, want);
}

static int entry_is(const fmpq_mat_t M, slong i, slong j, slong p, ulong q)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, p, q);
    int r = fmpq_equal(fmpq_mat_entry(M, i, j), x);
    fmpq_clear(x);
    return r;
}

Test(mmio, scipy_style_files_from_disk)
{
    char path[512], err[MATFILE_ERRLEN];
    fmpq_mat_t M;
    cr_assert_eq(mmio_read(M, ldr_test_data(path, sizeof path, "toeplitz5.mtx"), err, sizeof err),
                 0, "%s", err);
    cr_assert(entry_is(M, 0, 0, 3, 1) && entry_is(M, 4, 0, 5, 1) && entry_is(M, 0, 4, 6, 1));
    for (slong i = 1; i < 5; i++)
        for (slong j = 1; j < 5; j++)
            cr_assert(fmpq_equal(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, i - 1, j - 1)));
    fmpq_mat_clear(M);
    cr_assert_eq(
        mmio_read(M, ldr_test_data(path, sizeof path, "hankel4_real.mtx"), err, sizeof err), 0,
        "%s", err);
    cr_assert(entry_is(M, 0, 0, 1, 10) && entry_is(M, 3, 3, -1, 500) && entry_is(M, 1, 2, 3, 1));
    fmpq_mat_clear(M);
    cr_assert_eq(mmio_read(M, ldr_test_data(path, sizeof path, "sym_coord.mtx"), err, sizeof err),
                 0, "%s", err);
    cr_assert(entry_is(M, 0, 0, 1, 10) && entry_is(M, 1, 0, -1, 4) && entry_is(M, 0, 1, -1, 4));
    cr_assert(entry_is(M, 1, 1, 3, 2000) && entry_is(M, 2, 3, 100, 1) && entry_is(M, 3, 3, -3, 4));
    cr_assert(entry_is(M, 0, 3, 0, 1));
    fmpq_mat_clear(M);
    cr_assert_eq(mmio_read(M, ldr_test_data(path, sizeof path, "cauchy4.mtx"), err, sizeof err), 0,
                 "%s", err);
    cr_assert(entry_is(M, 3, 3, 1, 8) && entry_is(M, 1, 2, 1, 5));
    fmpq_mat_clear(M);
}

Test(mmio, symmetric_skew_pattern)
{
    fmpq_mat_t M;
    read_ok(M, "%%MatrixMarket matrix coordinate integer skew-symmetric\n3 3 2\n2 1 5\n3 2 -7\n");
    cr_assert(entry_is(M, 1, 0, 5, 1) && entry_is(M, 0, 1, -5, 1) && entry_is(M, 1, 2, 7, 1));
    cr_assert(entry_is(M, 0, 0, 0, 1));
    fmpq_mat_clear(M);
    read_ok(M, "%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n");
    cr_assert(entry_is(M, 0, 2, 1, 1) && entry_is(M, 1, 0, 1, 1) && entry_is(M, 0, 0, 0, 1));
    fmpq_mat_clear(M);
    /* array symmetric: lower triangle column by column */
    read_ok(M, "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n");
    cr_assert(entry_is(M, 1, 0, 2, 1) && entry_is(M, 0, 1, 2, 1) && entry_is(M, 2, 1, 5, 1));
    cr_assert(entry_is(M, 1, 1, 4, 1) && entry_is(M, 2, 2, 6, 1));
    fmpq_mat_clear(M);
    /* array skew: strictly lower */
    read_ok(M, "%%MatrixMarket matrix array integer skew-symmetric\n3 3\n1\n2\n3\n");
    cr_assert(entry_is(M, 1, 0, 1, 1) && entry_is(M, 0, 2, -2, 1) && entry_is(M, 1, 2, -3, 1));
    fmpq_mat_clear(M);
    /* an upper-triangle entry in a symmetric file is mirrored */
    read_ok(M, "%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 0.5\n");
    cr_assert(entry_is(M, 1, 0, 1, 2) && entry_is(M, 0, 1, 1, 2));
    fmpq_mat_clear(M);
}

Test(mmio, tolerant_layout)
{
    fmpq_mat_t M;
    /* CRLF, comments between lines, blank lines, several values on one array line */
    read_ok(M, "%%MatrixMarket matrix array real general\r\n% c\r\n\r\n2 2\r\n1 2\r\n% mid\r\n"
               "3\r\n\r\n4\r\n");
    cr_assert(entry_is(M, 0, 0, 1, 1) && entry_is(M, 1, 0, 2, 1) && entry_is(M, 0, 1, 3, 1));
    fmpq_mat_clear(M);
    /* case-insensitive banner words, no final newline */
    read_ok(M, "%%MatrixMarket MATRIX Coordinate Real General\n1 1 1\n1 1 -1/3");
    cr_assert(entry_is(M, 0, 0, -1, 3));
    fmpq_mat_clear(M);
    /* empty matrices */
    read_ok(M, "%%MatrixMarket matrix coordinate real general\n0 3 0\n");
    cr_assert_eq(fmpq_mat_nrows(M), 0);
    cr_assert_eq(fmpq_mat_ncols(M), 3);
    fmpq_mat_clear(M);
}

Test(mmio, bad_banner)
{
    read_fails("", "t.mtx: truncated file: empty");
    read_fails("hello\n1 1\n1\n", "t.mtx:1: bad banner");
    read_fails("%%MatrixMarket matrix array real\n1 1\n1\n", "t.mtx:1: bad banner");
    read_fails("%%MatrixMarket vector array real general\n1\n1\n", "object 'vector'");
    read_fails("%%MatrixMarket matrix dense real general\n1 1\n1\n", "unknown format 'dense'");
    read_fails("%%MatrixMarket matrix array complex general\n1 1\n1 0\n", "field 'complex'");
    read_fails("%%MatrixMarket matrix array real hermitian\n1 1\n1\n", "symmetry 'hermitian'");
    read_fails("%%MatrixMarket matrix array pattern general\n1 1\n", "pattern field requires");
}

Test(mmio, wrong_counts_and_size)
{
    read_fails("%%MatrixMarket matrix coordinate real general\n", "truncated file: no size line");
    read_fails("%%MatrixMarket matrix coordinate real general\n3 3\n", "t.mtx:2: wrong counts");
    read_fails("%%MatrixMarket matrix array real general\n3 3 9\n", "t.mtx:2: wrong counts");
    read_fails("%%MatrixMarket matrix array real general\n3 x\n", "non-numeric token");
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 5\n", "5 entries declared");
    read_fails("%%MatrixMarket matrix coordinate real symmetric\n2 2 4\n", "4 entries declared");
    read_fails("%%MatrixMarket matrix array real symmetric\n2 3\n", "must be square");
    read_fails("%%MatrixMarket matrix array real general\n100000 100000\n", "size overflow");
    read_fails("%%MatrixMarket matrix array real general\n99999999999999999999 2\n",
               "size overflow");
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n",
               "t.mtx:3: wrong counts: an entry line needs 3 tokens");
    read_fails("%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1\n",
               "t.mtx:3: wrong counts: an entry line needs 2 tokens");
}

Test(mmio, entries)
{
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n",
               "t.mtx:3: entry out of range: (3, 1)");
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 0 1.0\n",
               "entry out of range: (1, 0)");
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n1 1 2\n",
               "t.mtx:4: duplicate coordinate (1, 1)");
    read_fails("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n2 1 1\n1 2 2\n",
               "t.mtx:4: duplicate coordinate (1, 2)");
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 abc\n",
               "t.mtx:3: non-numeric token: 'abc'");
    read_fails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 x 1\n", "index 'x'");
    read_fails("%%MatrixMarket matrix array real general\n1 2\n1\nNaN\n",
               "t.mtx:4: NaN is not a number");
    read_fails("%%MatrixMarket matrix array real general\n1 2\n-inf\n1\n",
               "t.mtx:3: infinite value");
    read_fails("%%MatrixMarket matrix array real general\n1 1\n1e999999\n",
               "exponent out of range");
    read_fails("%%MatrixMarket matrix array integer general\n1 1\n1.5\n",
               "t.mtx:3: non-integer value '1.5' in an integer file");
    read_fails("%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n1 1 3\n",
               "non-zero diagonal entry (1, 1)");
    read_fails("%%MatrixMarket matrix array real general\n1 1\n1/0\n", "zero denominator");
}

Test(mmio, truncated_and_extra)
{
    read_fails("%%MatrixMarket matrix coordinate integer general\n3 3 4\n1 1 1\n2 2 2\n",
               "truncated file: expected 4 entries, found 2");
    read_fails("%%MatrixMarket matrix array integer general\n2 2\n1\n2\n3\n",
               "truncated file: expected 4 values, found 3");
    read_fails("%%MatrixMarket matrix array integer general\n1 2\n1\n2\n3\n",
               "t.mtx:5: extra data after the last entry");
    read_fails("%%MatrixMarket matrix array integer general\n1 2\n1 2 3\n", "t.mtx:3: extra data");
    read_fails("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1\n2 2 2\n",
               "t.mtx:4: extra data after the last entry");
}

Test(mmio, files_on_disk_report_their_name)
{
    char path[512], err[MATFILE_ERRLEN];
    fmpq_mat_t M;
    ldr_test_data(path, sizeof path, "bad_duplicate.mtx");
    cr_assert_eq(mmio_read(M, path, err, sizeof err), -1);
    cr_assert(strstr(err, "bad_duplicate.mtx:5: duplicate coordinate (1, 1)") != NULL, "%s", err);
    ldr_test_data(path, sizeof path, "bad_nan.mtx");
    cr_assert_eq(mmio_read(M, path, err, sizeof err), -1);
    cr_assert(strstr(err, "bad_nan.mtx:4: NaN") != NULL, "%s", err);
    ldr_test_data(path, sizeof path, "bad_truncated.mtx");
    cr_assert_eq(mmio_read(M, path, err, sizeof err), -1);
    cr_assert(strstr(err, "truncated file") != NULL, "%s", err);
    cr_assert_eq(mmio_read(M, "/nonexistent/x.mtx", err, sizeof err), -1);
    cr_assert(strstr(err, "/nonexistent/x.mtx: cannot open") != NULL, "%s", err);
}

/* A matrix with integers, terminating decimals, non-terminating fractions and zeros. */
static void mixed_matrix(fmpq_mat_t M, flint_rand_t st)
{
    qmat_rand(M, st, 50, 12);
    for (slong i = 0; i < fmpq_mat_nrows(M); i += 2)
        fmpq_zero(fmpq_mat_entry(M, i, 0));
}

static void roundtrip_text(const fmpq_mat_t M, mmio_layout_t layout)
{
    size_t len;
    char *text = mmio_format(M, layout, &len);
    fmpq_mat_t B;
    char err[MATFILE_ERRLEN] = "";
    cr_assert_eq(mmio_read_buffer(B, text, len, "rt", 0, err, sizeof err), 0, "%s", err);
    cr_assert(fmpq_mat_equal(M, B), "round trip changed the matrix");
    fmpq_mat_clear(B);
    free(text);
}

Test(mmio, round_trips_exact)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int t = 0; t < 20; t++) {
        fmpq_mat_t M;
        fmpq_mat_init(M, 1 + t % 5, 1 + (t * 3) % 7);
        mixed_matrix(M, st);
        roundtrip_text(M, MMIO_ARRAY);
        roundtrip_text(M, MMIO_COORDINATE);
        fmpq_mat_clear(M);
    }
    fmpq_mat_t E;
    fmpq_mat_init(E, 0, 4);
    roundtrip_text(E, MMIO_ARRAY);
    roundtrip_text(E, MMIO_COORDINATE);
    fmpq_mat_clear(E);
    flint_randclear(st);
    flint_cleanup_master();
}

Test(mmio, writer_fields_and_atomic_file)
{
    fmpq_mat_t M, B;
    fmpq_mat_init(M, 2, 2);
    fmpq_set_si(fmpq_mat_entry(M, 0, 0), 3, 1);
    fmpq_set_si(fmpq_mat_entry(M, 1, 1), -5, 1);
    size_t len;
    char *text = mmio_format(M, MMIO_COORDINATE, &len);
    cr_assert(strncmp(text, "%%MatrixMarket matrix coordinate integer general\n", 49) == 0);
    cr_assert(strstr(text, "\n2 2 2\n1 1 3\n2 2 -5\n") != NULL, "%s", text);
    free(text);
    fmpq_set_si(fmpq_mat_entry(M, 0, 1), 1, 3);
    text = mmio_format(M, MMIO_ARRAY, &len);
    cr_assert(strstr(text, "array real general") != NULL);
    cr_assert(strstr(text, "\n1/3\n") != NULL);
    cr_assert(strstr(text, "p/q are exact fractions") != NULL);
    free(text);

    char dir[] = "/tmp/test_mmio_XXXXXX", path[600], err[MATFILE_ERRLEN];
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/M.mtx", dir);
    cr_assert_eq(mmio_write(path, M, MMIO_ARRAY, err, sizeof err), 0);
    cr_assert_eq(mmio_read(B, path, err, sizeof err), 0, "%s", err);
    cr_assert(fmpq_mat_equal(M, B));
    fmpq_mat_clear(B);
    unlink(path);
    /* a directory that does not exist: error, nothing left behind */
    snprintf(path, sizeof path, "%s/missing/M.mtx", dir);
    cr_assert_eq(mmio_write(path, M, MMIO_ARRAY, err, sizeof err), -1);
    cr_assert(strstr(err, "cannot write") != NULL);
    cr_assert_eq(rmdir(dir), 0, "temporary files left behind");
    fmpq_mat_clear(M);
}
