/* npy.h -- NumPy .npy files read exactly into rational matrices, and written.
 *
 * Reader: format versions 1.0, 2.0 and 3.0 (16- or 32-bit header length); the header dict
 * {'descr': ..., 'fortran_order': ..., 'shape': ...} with
 *     descr  '<f8' '>f8' '<f4' '>f4' '<f2' '>f2', '<i1'..'>i8', '<u1'..'>u8', '|b1'
 *            ('<' little, '>' big endian, '|' single byte, '=' this machine's order)
 *     shape  () -> 1 x 1,  (n,) -> n x 1 (a column vector),  (m, n) -> m x n
 *     fortran_order  True (column-major data) or False (row-major)
 * A binary float is a dyadic rational and is converted exactly from its IEEE bits
 * (mantissa * 2^exponent, subnormals included): no rounding anywhere.  NaN and Inf are
 * rejected.  Every rejection is one line "NAME: byte OFFSET: reason" in ERR: bad magic,
 * unsupported version, malformed header dict (offset of the offending byte), unsupported or
 * structured dtype, more than 2 dimensions, size overflow, truncated data, extra bytes after
 * the data, NaN/Inf element (with its index).
 *
 * Writer: version 1.0, C order, little endian; '<f8' (each entry must be exactly a float64:
 * otherwise an error names the entry -- use Matrix Market for arbitrary rationals) or '<i8'
 * (integers within int64).  npy_write_doubles writes a float64 array as is.  Atomic.
 */
#ifndef ALGEBRA_NPY_H
#define ALGEBRA_NPY_H

#include <stddef.h>

#include <flint/fmpq_mat.h>

#include "io/mmio.h" /* MATFILE_MAX_ENTRIES, MATFILE_ERRLEN, matfile_slurp */

typedef enum { NPY_FLOAT64, NPY_INT64 } npy_dtype_t;

/* Same contract as mmio_read_buffer: M UNinitialised, initialised only on success. */
int npy_read_buffer(fmpq_mat_t M, const unsigned char *data, size_t len, const char *name,
                    long max_entries, char *err, size_t errlen);
int npy_read(fmpq_mat_t M, const char *path, char *err, size_t errlen);

/* Is X exactly a float64?  If so and D != NULL, *D receives it. */
int npy_fmpq_is_double(const fmpq_t x, double *d);

/* Serialise M as DTYPE: a malloc'd buffer in *OUT (length *LEN), 0 on success; -1 with ERR
 * naming the first entry that is not representable. */
int npy_format(unsigned char **out, size_t *len, const fmpq_mat_t M, npy_dtype_t dtype, char *err,
               size_t errlen);
int npy_write(const char *path, const fmpq_mat_t M, npy_dtype_t dtype, char *err, size_t errlen);
/* A row-major m x n float64 array written as '<f8'. */
int npy_write_doubles(const char *path, const double *a, long m, long n, char *err, size_t errlen);

#endif
