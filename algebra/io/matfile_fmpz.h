/* matfile_fmpz.h -- the fast path for the common large input: a dense Matrix Market file of
 * integers or decimals, read straight into an integer matrix Z and a power of ten D with
 * M = Z / D exactly (no rational number per entry: a small fmpz lives in place).
 *
 * Handled: "%%MatrixMarket matrix array integer|real general" (what scipy.io.mmwrite writes
 * for a dense array) whose values are [+|-]digits[.digits][(e|E)[+|-]digits] with at most 18
 * significant digits, and whose entries need at most MATFILE_FMPZ_MAX_SPREAD decimal digits
 * beyond their mantissas under the common scale 10^k.  Anything else -- a .npy file, the
 * coordinate format, a fraction p/q, symmetric storage, a malformed file of any kind -- is
 * left to matfile_read
 * (return 1), which gives the one exact reading and the one error message for every input:
 * the fast path never rejects a file by itself.  The entry bound is matfile_max_entries(). */
#ifndef ALGEBRA_MATFILE_FMPZ_H
#define ALGEBRA_MATFILE_FMPZ_H

#include <stddef.h>

#include <flint/fmpz.h>
#include <flint/fmpz_mat.h>

/* Largest difference of decimal exponents between two entries (digits of the common scale). */
#define MATFILE_FMPZ_MAX_SPREAD 40

/* 0: Z (UNinitialised on entry, initialised m x n) and D (initialised by the caller, set to
 * 10^k, k >= 0) hold M = Z / D, with gcd(content(Z), D) = 1.  1: not handled here (Z is
 * left uninitialised, nothing to free): read the file with matfile_read. */
int matfile_read_fmpz(fmpz_mat_t Z, fmpz_t D, const char *path);

/* Same on a buffer (DATA[LEN] must be 0, as matfile_slurp leaves it). */
int matfile_read_fmpz_buffer(fmpz_mat_t Z, fmpz_t D, const char *data, size_t len);

#endif
