/* qparse.h -- exact parsing and printing of rational numbers written as text.
 *
 * A decimal in a data file is read as the exact rational it denotes, never rounded through a
 * double:  "0.1" -> 1/10,  "1.5e-3" -> 3/2000,  "-7" -> -7,  "2.50E+2" -> 250.
 * Accepted syntax (no surrounding blanks; the caller splits tokens):
 *     [+|-] digits [. [digits]] [(e|E) [+|-] digits]
 *     [+|-] . digits [(e|E) [+|-] digits]
 *     [+|-] digits / digits           (extension: an exact fraction, denominator > 0)
 * Rejected, each with a reason: the empty string, NaN and Inf in any spelling ("nan",
 * "-Infinity", ...), any other non-numeric token (including hexadecimal floats), a zero
 * denominator, and decimal exponents with |e| > QPARSE_MAX_EXPONENT (the value would need
 * more than ~33,000 bits; no float64 data comes close: float64 spans 1e-324 .. 1e308).
 *
 * Printing is exact as well: an integer as itself, a rational whose reduced denominator is
 * 2^a 5^b (every float64 value) as a terminating decimal, any other as "p/q".
 */
#ifndef ALGEBRA_QPARSE_H
#define ALGEBRA_QPARSE_H

#include <stddef.h>

#include <flint/fmpq.h>

#define QPARSE_MAX_EXPONENT 10000

/* Parse S[0..LEN-1] into X.  Returns 0 on success; -1 on error with *REASON set to a static
 * string ("non-numeric token", "NaN is not a number", "infinite value", "exponent out of
 * range", "zero denominator", "empty number").  X is unchanged on error. */
int qparse_fmpq(fmpq_t x, const char *s, size_t len, const char **reason);

/* Same for a NUL-terminated string. */
int qparse_fmpq_str(fmpq_t x, const char *s, const char **reason);

/* Is the token an integer literal ([+|-] digits)? */
int qparse_is_integer(const char *s, size_t len);

/* Parse a non-negative decimal integer (digits only) into *V; fails with "size overflow" if
 * it exceeds MAX, "non-numeric token" if it is not all digits. */
int qparse_count(long *v, const char *s, size_t len, long max, const char **reason);

/* Exact text of X: "-3", "0.125", "1/3".  Returns a malloc'd string (caller frees). */
char *qparse_format(const fmpq_t x);

/* The one notation for printed rationals: "p/q" (an integer as "p"), a decimal only when it is
 * exact and shorter ("0.0001" for 1/10000, but "1/2", "1/5", "3/2").  Caller frees. */
char *qparse_format_short(const fmpq_t x);

/* Is the reduced denominator of X of the form 2^a 5^b (X has a terminating decimal)? */
int qparse_is_terminating(const fmpq_t x);

#endif
