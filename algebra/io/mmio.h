/* mmio.h -- Matrix Market files read into exact rational matrices, and written back.
 *
 * Reader: "%%MatrixMarket matrix FORMAT FIELD SYMMETRY" with
 *     FORMAT   array (dense, column-major) | coordinate (i j [value], 1-based)
 *     FIELD    integer | real | pattern (coordinate only; every listed entry is 1)
 *     SYMMETRY general | symmetric | skew-symmetric
 * (complex and hermitian are rejected: the testbed works over Q).  Every value is parsed
 * exactly by qparse (a decimal "0.1" is the rational 1/10; "p/q" is accepted in real files as
 * a documented extension).  Symmetric files normally list the lower triangle; an entry given
 * in the upper triangle is accepted and mirrored, but giving both (i,j) and (j,i) is a
 * duplicate.  Skew-symmetric files list no diagonal (a non-zero diagonal entry is an error).
 * Array files may spread values over lines in any way (one per line is usual).
 *
 * Every rejection is one line "NAME:LINE: reason" in ERR: bad banner, wrong counts (size
 * line, entries on a line, more entries declared than fit), entry out of range, duplicate
 * coordinate, non-numeric token, NaN/Inf, non-integer value in an integer file, size
 * overflow (rows*cols above MAX_ENTRIES), truncated file, extra data after the last entry.
 *
 * Writer: "array" (all entries) or "coordinate" (non-zeros only), symmetry general, field
 * "integer" when every entry is an integer and "real" otherwise; values are exact (integers,
 * terminating decimals, and "p/q" for other rationals -- a comment line says so).  Files are
 * written atomically (temporary file + rename).
 */
#ifndef ALGEBRA_MMIO_H
#define ALGEBRA_MMIO_H

#include <stddef.h>

#include <flint/fmpq_mat.h>

/* Default bound on rows*cols for every reader (a dense fmpq_mat costs >= 16 bytes/entry). */
#define MATFILE_MAX_ENTRIES (1L << 26)
#define MATFILE_ERRLEN 512
/* Bound on the size of one input file (text or .npy), checked before reading it whole. */
#define MATFILE_MAX_BYTES (1LL << 30)

typedef enum { MMIO_ARRAY, MMIO_COORDINATE } mmio_layout_t;

/* Parse DATA[0..LEN-1] (NAME is used in messages).  M must be UNinitialised; on success it is
 * initialised with the matrix (caller clears); on failure it is left uninitialised, ERR
 * holds the message and -1 is returned.  MAX_ENTRIES <= 0 means MATFILE_MAX_ENTRIES. */
int mmio_read_buffer(fmpq_mat_t M, const char *data, size_t len, const char *name, long max_entries,
                     char *err, size_t errlen);

/* Read the file PATH (same contract). */
int mmio_read(fmpq_mat_t M, const char *path, char *err, size_t errlen);

/* The text of M in Matrix Market form; *LEN receives its length.  Caller frees. */
char *mmio_format(const fmpq_mat_t M, mmio_layout_t layout, size_t *len);

/* Write M to PATH atomically.  0 on success, -1 with ERR set. */
int mmio_write(const char *path, const fmpq_mat_t M, mmio_layout_t layout, char *err,
               size_t errlen);

/* A row-major m x n float64 array as Matrix Market text ("%.17g": round-trips every
 * double; NaN/Inf would be written as such and rejected by the reader) / written atomically. */
char *mmio_format_doubles(const double *a, long m, long n, size_t *len);
int mmio_write_doubles(const char *path, const double *a, long m, long n, char *err, size_t errlen);

/* Whole file into memory (shared by the readers).  Returns a malloc'd buffer (NUL-terminated
 * for convenience) or NULL with ERR set ("NAME: cannot open: ...", "NAME: is a directory,
 * not a matrix file", a file above MATFILE_MAX_BYTES, out of memory). */
char *matfile_slurp(const char *path, size_t *len, char *err, size_t errlen);

/* Quote a token for an error message: at most 24 characters, non-printables as '?'. */
void matfile_quote(char *out, size_t outlen, const char *s, size_t len);

#endif
