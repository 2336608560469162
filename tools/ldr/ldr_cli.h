/* ldr_cli.h -- the `ldr` command-line tool: tools/ldr/main.c is its main(), ldr_cli_dispatch.c
 * the dispatcher, ldr_cli_common.c the helpers shared by the subcommands (ldr_cli_*.c).  The
 * handlers are archived in build/libtools.a so that the tests run every subcommand in-process
 * and check its output and its error messages.  Subcommands:
 *     rank            exact displacement rank (Sylvester and Stein), optional generators
 *     reconstruct     M from (A, B, G, H) by an exact Sylvester (or Stein) solve
 *     classify        Toeplitz-/Hankel-/Vandermonde-/Cauchy-like and low-rank: ranks
 *     krylov          K(A, v) or K(A, v) x, exact or float64
 *     numerical-rank  LAPACK singular values of the float64 displacement vs the exact rank
 * Exit status (the contract of every tool of the testbed): 0 done and every check held;
 * 1 a claim or check is false (--compare differs, the reconstruction is not unique, an
 * internal verification failed); 2 bad usage or bad input (one line "ldr CMD: FILE:POS:
 * reason" on stderr).  Output files are regular files written atomically, and only after
 * every check has passed: an error never leaves a new or half-written file behind.
 */
#ifndef TOOLS_LDR_CLI_H
#define TOOLS_LDR_CLI_H

#include <stdio.h>

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* Run `ldr ARGV[1] ...` writing results to OUT and messages to ERR; returns the exit status. */
int ldr_cli_main(int argc, char **argv, FILE *out, FILE *err);

/* ---- shared by the subcommand files (ldr_cli_*.c) */
typedef struct {
    FILE *out, *err;
    const char *cmd; /* subcommand name, for messages */
    int csv;
} ldr_cli_t;

/* A command-line option: NARGS values stored in VALS[0..NARGS-1], or a flag set to 1. */
typedef struct {
    const char *name, *alias;
    int nargs;
    const char **vals;
    int *flag;
} ldr_cli_opt_t;

/* Parse ARGV[1..] (ARGV[0] is the subcommand) against OPTS (terminated by name == NULL);
 * positional arguments go to POS (at most MAXPOS).  "--csv" and "--help" are built in.
 * Returns -1 to go on, or the exit status (0 after --help printed USAGE, 2 on a usage
 * error). */
int ldr_cli_parse(ldr_cli_t *c, int argc, char **argv, const ldr_cli_opt_t *opts, const char **pos,
                  int maxpos, int *npos, const char *usage);

/* "ldr CMD: message" on ERR; returns 2 (bad usage or input) for the caller to return. */
int ldr_cli_fail(ldr_cli_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, returning 1: a claim or a check is false. */
int ldr_cli_false(ldr_cli_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Check every output target (regular file, writable, not a device/FIFO/socket/directory;
 * report_output_target) before computing: 0, or 2 after one line naming the file. */
int ldr_cli_check_outputs(ldr_cli_t *c, const char *const *paths, int k);

/* Largest side of a matrix the commands accept (operators are side x side); the number of
 * entries is bounded by the readers (MATFILE_MAX_ENTRIES). */
#define LDR_CLI_MAX_DIM (1L << 20)

/* Read a matrix / an operator of size N; on failure print the reason and return 2. */
int ldr_cli_load_matrix(ldr_cli_t *c, fmpq_mat_t M, const char *path);
int ldr_cli_load_op(ldr_cli_t *c, op_t *A, const char *spec, slong n, const char *which);

/* A short description of the entries of M: "integer, max 3 bits" / "rational, ...". */
void ldr_cli_describe(char *buf, size_t len, const fmpq_mat_t M);

/* Write several matrices all-or-nothing: either every file is written or none is left. */
int ldr_cli_write_all(ldr_cli_t *c, const char *const *paths, const fmpq_mat_struct *const *mats,
                      int k);

/* Numerical displacement rank of the float64 copy of M: singular values S (K = min(m, n),
 * largest first, LAPACK dgesdd) of the float64 displacement and NUMERICAL = #{s_i > TOL},
 * TOL = tol if >= 0, else rtol * s_1 (rtol < 0: max(m, n) * 2^-52).  Returns 0; -1 LAPACK did
 * not converge; -2 out of memory; -3 entry (BAD_I, BAD_J) of M does not fit a float64; -4
 * the float64 displacement overflows there.  Free S after any return. */
typedef struct {
    long numerical, inexact_entries, k, bad_i, bad_j;
    double tol, *s;
} ldr_cli_float_rank_t;
int ldr_cli_float_rank(ldr_cli_float_rank_t *r, const fmpq_mat_t M, const op_t *A, const op_t *B,
                       int stein, double tol, double rtol);
/* --tol T / --rtol T (either, not both; non-negative): 0, or 2 after a usage line. */
int ldr_cli_parse_tol(ldr_cli_t *c, const char *tols, const char *rtols, double *tol, double *rtol);
/* The one-line message for a non-zero code of ldr_cli_float_rank; returns the exit status. */
int ldr_cli_float_rank_fail(ldr_cli_t *c, const char *file, const fmpq_mat_t M,
                            const ldr_cli_float_rank_t *r, int code);

/* Write generators in FORM: "exact" (= ldr_cli_write_all), "float64" (rounded to nearest,
 * the largest rounding error reported on OUT), "scaled" (integer N in the file, the common
 * denominator d in FILE.den).  All or nothing; 0 or the exit status. */
int ldr_cli_write_form(ldr_cli_t *c, const char *const *paths, const fmpq_mat_struct *const *mats,
                       int k, const char *form);

int ldr_cli_rank(int argc, char **argv, FILE *out, FILE *err);
int ldr_cli_reconstruct(int argc, char **argv, FILE *out, FILE *err);
int ldr_cli_classify(int argc, char **argv, FILE *out, FILE *err);
int ldr_cli_krylov(int argc, char **argv, FILE *out, FILE *err);
int ldr_cli_numerical_rank(int argc, char **argv, FILE *out, FILE *err);

#endif
