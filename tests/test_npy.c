/* test_npy.c -- the exact .npy reader and writer (algebra/io/npy.h): numpy-written fixtures,
 * every dtype converted exactly from its bits, every rejection with its byte offset, and
 * round trips. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ldr_test_data.h"
#include "io/npy.h"

/* A .npy image as numpy.save lays it out: DICT is the header dict text, padded so the data
 * starts at a multiple of 64.  Returns the length; the data offset goes to *DATA_OFF. */
static size_t make_npy(unsigned char *out, int major, const char *dict, const void *data,
                       size_t dlen, size_t *data_off)
{
    size_t pre = major == 1 ? 10 : 12, dl = strlen(dict);
    size_t pad = (64 - (pre + dl + 1) % 64) % 64, hl = dl + pad + 1;
    memcpy(out, "\x93NUMPY", 6);
    out[6] = (unsigned char)major;
    out[7] = 0;
    for (size_t k = 0; k < pre - 8; k++)
        out[8 + k] = (unsigned char)(hl >> (8 * k));
    memcpy(out + pre, dict, dl);
    memset(out + pre + dl, ' ', pad);
    out[pre + dl + pad] = '\n';
    if (data_off)
        *data_off = pre + hl;
    memcpy(out + pre + hl, data, dlen);
    return pre + hl + dlen;
}

static void read_ok(fmpq_mat_t M, const unsigned char *buf, size_t len)
{
    char err[MATFILE_ERRLEN] = "";
    cr_assert_eq(npy_read_buffer(M, buf, len, "t.npy", 0, err, sizeof err), 0, "%s", err);
}

static void read_fails(const unsigned char *buf, size_t len, const char *want)
{
    fmpq_mat_t M;
    char err[MATFILE_ERRLEN] = "";
    cr_assert_eq(npy_read_buffer(M, buf, len, "t.npy", 0, err, sizeof err), -1, "accepted");
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

Test(npy, numpy_fixtures)
{
    char path[512], err[MATFILE_ERRLEN];
    fmpq_mat_t C, F, T, V;
    cr_assert_eq(npy_read(C, ldr_test_data(path, sizeof path, "vander4.npy"), err, sizeof err), 0,
                 "%s", err);
    cr_assert(entry_is(C, 3, 3, 1, 8) && entry_is(C, 2, 3, 27, 1) && entry_is(C, 3, 0, 1, 1));
    cr_assert_eq(
        npy_read(F, ldr_test_data(path, sizeof path, "vander4_fortran.npy"), err, sizeof err), 0,
        "%s", err);
    cr_assert(fmpq_mat_equal(C, F), "Fortran order read differently from C order");
    /* big-endian int32, format version 2.0: T[i][j] = t(i-j), t(k) = k^2 - 3k + 1 */
    cr_assert_eq(
        npy_read(T, ldr_test_data(path, sizeof path, "toeplitz5_i4_be_v2.npy"), err, sizeof err), 0,
        "%s", err);
    cr_assert(entry_is(T, 0, 4, 29, 1) && entry_is(T, 4, 0, 5, 1) && entry_is(T, 2, 1, -1, 1));
    /* float32 vector, shape (4,) -> 4 x 1; 0.1f is exactly 13421773 / 2^27 */
    cr_assert_eq(npy_read(V, ldr_test_data(path, sizeof path, "vec4_f32.npy"), err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(fmpq_mat_nrows(V), 4);
    cr_assert_eq(fmpq_mat_ncols(V), 1);
    cr_assert(entry_is(V, 0, 0, 13421773, UWORD(1) << 27) && entry_is(V, 2, 0, -3, 1));
    fmpq_mat_clear(C);
    fmpq_mat_clear(F);
    fmpq_mat_clear(T);
    fmpq_mat_clear(V);
}

Test(npy, integer_dtypes_exact)
{
    unsigned char buf[512];
    fmpq_mat_t M;
    int8_t i1[3] = {-128, 127, -1};
    size_t len =
        make_npy(buf, 1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }", i1, 3, NULL);
    read_ok(M, buf, len);
    cr_assert(entry_is(M, 0, 0, -128, 1) && entry_is(M, 1, 0, 127, 1) && entry_is(M, 2, 0, -1, 1));
    fmpq_mat_clear(M);
    unsigned char u2be[4] = {0xff, 0xfe, 0x00, 0x01};
    len = make_npy(buf, 1, "{'descr': '>u2', 'fortran_order': False, 'shape': (1, 2), }", u2be, 4,
                   NULL);
    read_ok(M, buf, len);
    cr_assert(entry_is(M, 0, 0, 65534, 1) && entry_is(M, 0, 1, 1, 1));
    fmpq_mat_clear(M);
    uint64_t u8[1] = {UINT64_MAX};
    len = make_npy(buf, 1, "{'descr': '<u8', 'fortran_order': False, 'shape': (), }", u8, 8, NULL);
    read_ok(M, buf, len);
    cr_assert_eq(fmpq_mat_nrows(M), 1);
    cr_assert(fmpz_bits(fmpq_numref(fmpq_mat_entry(M, 0, 0))) == 64 &&
              fmpz_sgn(fmpq_numref(fmpq_mat_entry(M, 0, 0))) > 0);
    fmpq_mat_clear(M);
    int64_t i8[2] = {INT64_MIN, -5};
    len = make_npy(buf, 1, "{'shape': (2,), 'fortran_order': False, 'descr': '<i8'}", i8, 16, NULL);
    read_ok(M, buf, len);
    cr_assert(fmpz_cmp_si(fmpq_numref(fmpq_mat_entry(M, 0, 0)), INT64_MIN) == 0);
    cr_assert(entry_is(M, 1, 0, -5, 1));
    fmpq_mat_clear(M);
    unsigned char b1[2] = {1, 0};
    len =
        make_npy(buf, 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", b1, 2, NULL);
    read_ok(M, buf, len);
    cr_assert(entry_is(M, 0, 0, 1, 1) && entry_is(M, 1, 0, 0, 1));
    fmpq_mat_clear(M);
}

Test(npy, floats_exact_from_bits)
{
    unsigned char buf[512];
    fmpq_mat_t M;
    /* float64: 0.1 = 3602879701896397 / 2^55, smallest subnormal 2^-1074, -0.0 */
    double d[3] = {0.1, ldexp(1.0, -1074), -0.0};
    size_t len =
        make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", d, 24, NULL);
    read_ok(M, buf, len);
    fmpq_t x;
    fmpq_init(x);
    fmpz_set_ui(fmpq_numref(x), UWORD(3602879701896397));
    fmpz_one(fmpq_denref(x));
    fmpz_mul_2exp(fmpq_denref(x), fmpq_denref(x), 55);
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 0, 0), x), "0.1 not converted exactly");
    fmpz_one(fmpq_numref(x));
    fmpz_one(fmpq_denref(x));
    fmpz_mul_2exp(fmpq_denref(x), fmpq_denref(x), 1074);
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 1, 0), x), "subnormal not exact");
    cr_assert(fmpq_is_zero(fmpq_mat_entry(M, 2, 0)));
    fmpq_mat_clear(M);
    /* float16: 0x3c00 = 1, 0x0001 = 2^-24, 0xc100 = -2.5 */
    uint16_t h[3] = {0x3c00, 0x0001, 0xc100};
    len = make_npy(buf, 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", h, 6, NULL);
    read_ok(M, buf, len);
    cr_assert(entry_is(M, 0, 0, 1, 1) && entry_is(M, 1, 0, 1, UWORD(1) << 24) &&
              entry_is(M, 2, 0, -5, 2));
    fmpq_mat_clear(M);
    /* float64 big endian: 1.5 = 0x3FF8000000000000 */
    unsigned char be[8] = {0x3f, 0xf8, 0, 0, 0, 0, 0, 0};
    len =
        make_npy(buf, 1, "{'descr': '>f8', 'fortran_order': True, 'shape': (1, 1), }", be, 8, NULL);
    read_ok(M, buf, len);
    cr_assert(entry_is(M, 0, 0, 3, 2));
    fmpq_mat_clear(M);
    fmpq_clear(x);
}

Test(npy, fortran_order_layout)
{
    unsigned char buf[512];
    fmpq_mat_t M;
    int32_t v[6] = {1, 2, 3, 4, 5, 6}; /* column-major 2 x 3: [[1,3,5],[2,4,6]] */
    size_t len =
        make_npy(buf, 1, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", v, 24, NULL);
    read_ok(M, buf, len);
    cr_assert(entry_is(M, 0, 1, 3, 1) && entry_is(M, 1, 0, 2, 1) && entry_is(M, 1, 2, 6, 1));
    fmpq_mat_clear(M);
}

Test(npy, rejections_with_byte_offsets)
{
    unsigned char buf[512];
    double d[2] = {1.0, NAN};
    size_t off, len;
    read_fails((const unsigned char *)"hello world", 11, "t.npy: byte 0: bad magic");
    len =
        make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d, 16, &off);
    char want[64];
    snprintf(want, sizeof want, "byte %zu: NaN in element (1, 0)", off + 8);
    read_fails(buf, len, want);
    d[1] = -INFINITY;
    len =
        make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d, 16, NULL);
    read_fails(buf, len, "Inf in element (1, 0)");
    d[1] = 2.0;
    read_fails(buf, len - 3, "truncated file: the data needs 16 bytes, only 13 present");
    len =
        make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", d, 16, &off);
    snprintf(want, sizeof want, "byte %zu: extra data: 8 bytes", off + 8);
    read_fails(buf, len, want);
    buf[6] = 4;
    read_fails(buf, len, "byte 6: unsupported .npy format version 4.0");
    len =
        make_npy(buf, 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", d, 16, NULL);
    read_fails(buf, len, "byte 20: unsupported dtype '<c16'");
    len = make_npy(buf, 1, "{'descr': '|f8', 'fortran_order': False, 'shape': (1,), }", d, 8, NULL);
    read_fails(buf, len, "byte order '|' is only valid");
    len = make_npy(buf, 1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", d,
                   8, NULL);
    read_fails(buf, len, "structured dtypes");
    len = make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", d, 8,
                   NULL);
    read_fails(buf, len, "more than 2 dimensions");
    len = make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", d, 8, NULL);
    read_fails(buf, len, "fortran_order must be True or False");
    len = make_npy(buf, 1, "{'descr': '<f8', 'shape': (1,), }", d, 8, NULL);
    read_fails(buf, len, "missing key 'fortran_order'");
    len = make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", d, 8,
                   NULL);
    read_fails(buf, len, "unexpected or repeated key 'x'");
    len = make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } junk", d, 8,
                   NULL);
    read_fails(buf, len, "trailing characters");
    len = make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }",
                   d, 8, NULL);
    read_fails(buf, len, "size overflow");
    len =
        make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", d, 8, NULL);
    read_fails(buf, len, "shape must be a tuple");
    unsigned char b[1] = {2};
    len = make_npy(buf, 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", b, 1, NULL);
    read_fails(buf, len, "bool element (0, 0) is neither 0 nor 1");
    /* header length pointing past the end, header not ending in a newline */
    len = make_npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", d, 8, NULL);
    read_fails(buf, 40, "byte 8: truncated file: header of 118 bytes declared");
    buf[10 + 117] = ' ';
    read_fails(buf, len, "must end with a newline");
}

Test(npy, round_trips_and_unrepresentable)
{
    fmpq_mat_t M, B;
    fmpq_mat_init(M, 3, 2);
    fmpq_set_si(fmpq_mat_entry(M, 0, 0), -3, 8);
    fmpq_set_si(fmpq_mat_entry(M, 1, 1), 12345, 1);
    fmpz_one(fmpq_numref(fmpq_mat_entry(M, 2, 0)));
    fmpz_mul_2exp(fmpq_denref(fmpq_mat_entry(M, 2, 0)), fmpq_numref(fmpq_mat_entry(M, 2, 0)), 1074);
    unsigned char *buf;
    size_t len;
    char err[MATFILE_ERRLEN];
    cr_assert_eq(npy_format(&buf, &len, M, NPY_FLOAT64, err, sizeof err), 0, "%s", err);
    cr_assert_eq(len % 64, 48, "data must start at a multiple of 64"); /* 64 + 6*8 */
    read_ok(B, buf, len);
    cr_assert(fmpq_mat_equal(M, B));
    fmpq_mat_clear(B);
    free(buf);
    /* int64 refuses a non-integer, float64 a non-dyadic and a 54-bit odd integer */
    cr_assert_eq(npy_format(&buf, &len, M, NPY_INT64, err, sizeof err), -1);
    cr_assert(strstr(err, "entry (0, 0) = -0.375 is not exactly representable as int64") != NULL,
              "%s", err);
    fmpq_set_si(fmpq_mat_entry(M, 0, 1), 1, 3);
    cr_assert_eq(npy_format(&buf, &len, M, NPY_FLOAT64, err, sizeof err), -1);
    cr_assert(strstr(err, "entry (0, 1) = 1/3 is not exactly representable as float64") != NULL);
    fmpq_set_si(fmpq_mat_entry(M, 0, 1), (WORD(1) << 53) + 1, 1);
    cr_assert(!npy_fmpq_is_double(fmpq_mat_entry(M, 0, 1), NULL));
    fmpq_set_si(fmpq_mat_entry(M, 0, 1), WORD(1) << 60, 1);
    cr_assert(npy_fmpq_is_double(fmpq_mat_entry(M, 0, 1), NULL));
    /* int64 round trip */
    fmpq_mat_t I;
    fmpq_mat_init(I, 2, 2);
    fmpq_set_si(fmpq_mat_entry(I, 0, 1), WORD_MIN, 1);
    fmpq_set_si(fmpq_mat_entry(I, 1, 0), (WORD(1) << 53) + 1, 1);
    cr_assert_eq(npy_format(&buf, &len, I, NPY_INT64, err, sizeof err), 0);
    read_ok(B, buf, len);
    cr_assert(fmpq_mat_equal(I, B));
    fmpq_mat_clear(B);
    free(buf);
    /* files: atomic write, doubles writer */
    char dir[] = "/tmp/test_npy_XXXXXX", path[600];
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/I.npy", dir);
    cr_assert_eq(npy_write(path, I, NPY_INT64, err, sizeof err), 0);
    cr_assert_eq(npy_read(B, path, err, sizeof err), 0);
    cr_assert(fmpq_mat_equal(I, B));
    fmpq_mat_clear(B);
    fmpq_set_si(fmpq_mat_entry(M, 0, 1), 1, 3);
    cr_assert_eq(npy_write(path, M, NPY_FLOAT64, err, sizeof err), -1, "1/3 written");
    cr_assert_eq(npy_read(B, path, err, sizeof err), 0, "failed write damaged the old file");
    cr_assert(fmpq_mat_equal(I, B));
    fmpq_mat_clear(B);
    double a[2] = {0.1, -2.0};
    cr_assert_eq(npy_write_doubles(path, a, 1, 2, err, sizeof err), 0);
    cr_assert_eq(npy_read(B, path, err, sizeof err), 0);
    double back;
    cr_assert(npy_fmpq_is_double(fmpq_mat_entry(B, 0, 0), &back) && back == 0.1);
    fmpq_mat_clear(B);
    unlink(path);
    cr_assert_eq(rmdir(dir), 0, "temporary files left behind");
    fmpq_mat_clear(I);
    fmpq_mat_clear(M);
}
