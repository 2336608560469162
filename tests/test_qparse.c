/* test_qparse.c -- exact decimal / fraction parsing and printing (algebra/io/qparse.h):
 * hand-checked values, every rejection reason, exact printing and round trips. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "io/qparse.h"

/* Parse S and compare with p/q. */
static void expect_value(const char *s, slong p, ulong q)
{
    fmpq_t x, want;
    fmpq_init(x);
    fmpq_init(want);
    fmpq_set_si(want, p, q);
    const char *why = NULL;
    cr_assert_eq(qparse_fmpq_str(x, s, &why), 0, "'%s' rejected: %s", s, why ? why : "");
    cr_assert(fmpq_equal(x, want), "'%s' parsed to the wrong value", s);
    fmpq_clear(x);
    fmpq_clear(want);
}

static void expect_reject(const char *s, const char *reason)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, 42, 1);
    const char *why = NULL;
    cr_assert_eq(qparse_fmpq_str(x, s, &why), -1, "'%s' accepted", s);
    cr_assert_str_eq(why, reason, "'%s': reason '%s', expected '%s'", s, why, reason);
    cr_assert(fmpq_equal_si(x, 42), "x modified on error");
    fmpq_clear(x);
}

Test(qparse, decimals_are_exact_rationals)
{
    expect_value("0.1", 1, 10);
    expect_value("1.5e-3", 3, 2000);
    expect_value("-7", -7, 1);
    expect_value("+4", 4, 1);
    expect_value("2.50E+2", 250, 1);
    expect_value(".5", 1, 2);
    expect_value("5.", 5, 1);
    expect_value("-0", 0, 1);
    expect_value("0e5", 0, 1);
    expect_value("1.0000000000000000e-01", 1, 10); /* scipy's mmwrite style */
    expect_value("-2.5e-1", -1, 4);
    expect_value("12e-1", 6, 5);
}

Test(qparse, fractions_extension)
{
    expect_value("1/3", 1, 3);
    expect_value("-22/7", -22, 7);
    expect_value("6/4", 3, 2);
    expect_value("+0/5", 0, 1);
}

Test(qparse, long_digit_strings_and_large_exponents)
{
    fmpq_t x, y;
    fmpq_init(x);
    fmpq_init(y);
    const char *why;
    cr_assert_eq(qparse_fmpq_str(x, "123456789012345678901234567890.5", &why), 0);
    fmpz_set_str(fmpq_numref(y), "246913578024691357802469135781", 10);
    fmpz_set_ui(fmpq_denref(y), 2);
    cr_assert(fmpq_equal(x, y));
    cr_assert_eq(qparse_fmpq_str(x, "1e10000", &why), 0);
    cr_assert_eq(fmpz_sizeinbase(fmpq_numref(x), 10), 10001);
    cr_assert_eq(qparse_fmpq_str(x, "1e-10000", &why), 0);
    cr_assert_eq(fmpz_sizeinbase(fmpq_denref(x), 10), 10001);
    fmpq_clear(x);
    fmpq_clear(y);
}

Test(qparse, every_rejection_reason)
{
    expect_reject("", "empty number");
    expect_reject("nan", "NaN is not a number");
    expect_reject("NaN", "NaN is not a number");
    expect_reject("-nan", "NaN is not a number");
    expect_reject("inf", "infinite value");
    expect_reject("-Infinity", "infinite value");
    expect_reject("+INF", "infinite value");
    expect_reject("abc", "non-numeric token");
    expect_reject("info", "non-numeric token");
    expect_reject("1.2.3", "non-numeric token");
    expect_reject("1e", "non-numeric token");
    expect_reject("e5", "non-numeric token");
    expect_reject(".", "non-numeric token");
    expect_reject("-", "non-numeric token");
    expect_reject("0x1p3", "non-numeric token");
    expect_reject("1 2", "non-numeric token");
    expect_reject("1/-2", "non-numeric token");
    expect_reject("1.5/2", "non-numeric token");
    expect_reject("/2", "non-numeric token");
    expect_reject("1/", "non-numeric token");
    expect_reject("1/0", "zero denominator");
    expect_reject("1e10001", "exponent out of range");
    expect_reject("1e-10001", "exponent out of range");
    expect_reject("1e99999999999999999999999", "exponent out of range");
}

Test(qparse, length_bounded_not_nul_terminated)
{
    fmpq_t x;
    fmpq_init(x);
    const char *why;
    cr_assert_eq(qparse_fmpq(x, "2.5xyz", 3, &why), 0);
    cr_assert(fmpq_equal_si(x, 2) == 0);
    fmpq_t h;
    fmpq_init(h);
    fmpq_set_si(h, 5, 2);
    cr_assert(fmpq_equal(x, h));
    fmpq_clear(h);
    fmpq_clear(x);
}

static void expect_format(slong p, ulong q, const char *text)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, p, q);
    char *s = qparse_format(x);
    cr_assert_str_eq(s, text);
    free(s);
    fmpq_clear(x);
}

Test(qparse, exact_printing)
{
    expect_format(0, 1, "0");
    expect_format(-7, 1, "-7");
    expect_format(1, 10, "0.1");
    expect_format(3, 2000, "0.0015");
    expect_format(-1, 8, "-0.125");
    expect_format(1234567, 1000, "1234.567");
    expect_format(1, 3, "1/3");
    expect_format(-22, 7, "-22/7");
    expect_format(7, 6, "7/6");
}

Test(qparse, round_trip_dyadic_extremes)
{
    /* 2^-1074 (smallest float64 subnormal) and (2^53-1) 2^971 (largest float64) */
    fmpq_t x, y;
    fmpq_init(x);
    fmpq_init(y);
    fmpz_one(fmpq_numref(x));
    fmpz_mul_2exp(fmpq_denref(x), fmpq_numref(x), 1074);
    char *s = qparse_format(x);
    const char *why;
    cr_assert_eq(qparse_fmpq_str(y, s, &why), 0);
    cr_assert(fmpq_equal(x, y));
    free(s);
    fmpz_set_ui(fmpq_numref(x), (UWORD(1) << 53) - 1);
    fmpz_mul_2exp(fmpq_numref(x), fmpq_numref(x), 971);
    fmpz_one(fmpq_denref(x));
    s = qparse_format(x);
    cr_assert_eq(qparse_fmpq_str(y, s, &why), 0);
    cr_assert(fmpq_equal(x, y));
    free(s);
    fmpq_clear(x);
    fmpq_clear(y);
}

Test(qparse, counts_and_overflow)
{
    long v;
    const char *why;
    cr_assert_eq(qparse_count(&v, "12345", 5, 100000, &why), 0);
    cr_assert_eq(v, 12345);
    cr_assert_eq(qparse_count(&v, "100001", 6, 100000, &why), -1);
    cr_assert_str_eq(why, "size overflow");
    cr_assert_eq(qparse_count(&v, "99999999999999999999999", 23, 100000, &why), -1);
    cr_assert_str_eq(why, "size overflow");
    cr_assert_eq(qparse_count(&v, "-1", 2, 100000, &why), -1);
    cr_assert_str_eq(why, "non-numeric token");
    cr_assert_eq(qparse_count(&v, "", 0, 100000, &why), -1);
    cr_assert(qparse_is_integer("-12", 3));
    cr_assert(!qparse_is_integer("1.0", 3));
    cr_assert(!qparse_is_integer("+", 1));
}

Test(qparse, terminating_detection)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, 3, 40);
    cr_assert(qparse_is_terminating(x));
    fmpq_set_si(x, 1, 6);
    cr_assert(!qparse_is_terminating(x));
    fmpq_clear(x);
}
