/* matfile.h -- one entry point for the matrix file formats a user brings (Matrix Market
 * text, NumPy .npy), chosen by content when reading and by file name when writing. */
#ifndef ALGEBRA_MATFILE_H
#define ALGEBRA_MATFILE_H

#include <stddef.h>

#include <flint/fmpq_mat.h>

#include "io/mmio.h"
#include "io/npy.h"

/* Read PATH exactly: a .npy file if it starts with the NumPy magic, Matrix Market otherwise.
 * Same contract as mmio_read: M UNinitialised, initialised only on success (0); -1 with the
 * reader's message (file name, line or byte offset, reason) in ERR. */
int matfile_read(fmpq_mat_t M, const char *path, char *err, size_t errlen);

/* The bound on rows*cols that matfile_read applies (default MATFILE_MAX_ENTRIES; the fuzz
 * targets lower it so that every input runs in milliseconds).  N <= 0 restores the default. */
void matfile_set_max_entries(long n);
long matfile_max_entries(void);

/* Read a vector: a k x 1 or 1 x k matrix file with k == LEN entries, into V (LEN entries,
 * caller-initialised).  WHAT names it in messages ("diagonal of A"). */
int matfile_read_vector(fmpq *v, slong len, const char *path, const char *what, char *err,
                        size_t errlen);

/* Write M to PATH atomically: NAME.npy as float64 (every entry must be exactly a float64;
 * int64 is used instead when every entry is an integer that a float64 cannot hold), any other
 * name as a Matrix Market array file with exact values. */
int matfile_write(const char *path, const fmpq_mat_t M, char *err, size_t errlen);

/* Would matfile_write(PATH, M) succeed as far as the format goes?  0, or -1 with ERR naming
 * the first entry a .npy file cannot hold.  Writes nothing. */
int matfile_check_writable(const char *path, const fmpq_mat_t M, char *err, size_t errlen);

/* Does PATH end in ".npy"? */
int matfile_is_npy_name(const char *path);

#endif
