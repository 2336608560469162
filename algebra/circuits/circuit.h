/* circuit.h -- linear arithmetic circuits (Rudra survey, Definition 2.8 and Section 4.6).
 *
 * A circuit over the field F = Q(zeta_N) (N = 1: F = Q, see cyclo.h) has n input gates
 * g_0 .. g_{n-1} and gates g_i = alpha_i g_{a_i} + beta_i g_{b_i} (n <= i < s) with
 * a_i, b_i < i, so the gate list is already a topological order and cycles cannot exist.
 * The outputs are a list of m gate indices (an output may be any gate, also an input).
 * Size s = number of gates including the inputs (the survey's convention, Theorem 4.5);
 * depth d = longest input-to-gate path (inputs have depth 0), taken over all gates.
 * A circuit computes the m x n matrix W with y = W x.
 *
 * Text format (".lc", version 1), one statement per line, '#' starts a comment line,
 * blank lines are ignored, tokens are separated by blanks:
 *
 *     lincircuit 1                  header (first statement)
 *     field Q                       or: field cyclotomic N   (coefficients in Q(zeta_N))
 *     inputs N                      gates g0 .. g(N-1) are the inputs, N >= 1
 *     gK = A gI + B gJ              one line per gate, K = N, N+1, ... in order, I, J < K
 *     outputs gO1 gO2 ...           last statement, at least one gate
 *
 * A coefficient is a rational "p" or "p/q" (q > 0), or in a cyclotomic field a list
 * "[c0,c1,...]" meaning c0 + c1 z + c2 z^2 + ... with z = exp(2 pi i / N), or the compact
 * form, a sum of terms "c*z^k" with no blanks ("z^5", "-z^3", "1/2*z^2-3*z", "2*z^0"); every
 * term of a sum names z.  The writer uses the compact form when it is shorter.
 * The parser rejects a file with "FILE:LINE: reason" for: a missing or wrong header,
 * an unknown statement, an unknown gate name, a gate defined out of order, a forward
 * reference (or self reference = cycle), a gate without exactly two operands (wrong arity),
 * a coefficient that does not parse, an output out of range, a missing outputs line, or
 * text after it. */
#ifndef ALGEBRA_CIRCUIT_H
#define ALGEBRA_CIRCUIT_H

/* Largest N accepted in 'field cyclotomic N' (DFT circuits need N = n <= 2^16). */
#define CIRCUIT_MAX_CYCLOTOMIC_ORDER 65536
/* Limits checked before allocating (a file declaring more is rejected with its line):
 * inputs n, gates s - n, outputs m, and the total number of stored rational coefficients
 * (an element of Q(zeta_N) is stored as up to phi(N) of them; 2^27 of them is ~1-2 GB). */
#define CIRCUIT_MAX_INPUTS (1L << 22)
#define CIRCUIT_MAX_GATES (1L << 23)
#define CIRCUIT_MAX_OUTPUTS (1L << 22)
#define CIRCUIT_MAX_COEFF_SLOTS (1L << 27)
/* Bound on m * n * max(1, phi(N)) for the commands that form the dense m x n matrix
 * (matrix, and the exact checks of sparse and kmatrix). */
#define CIRCUIT_MAX_DENSE_SLOTS (1L << 26)
/* Bound on the size of a circuit file. */
#define CIRCUIT_MAX_FILE_BYTES (1LL << 28)

#include <complex.h>
#include <stddef.h>
#include <stdio.h>

#include "circuits/cyclo.h"
#include "circuits/cyclo_mono.h"

typedef struct {
    cyclo_ctx_t ctx;          /* the coefficient field (owned) */
    slong n;                  /* inputs */
    slong size;               /* s: inputs + gates */
    slong alloc;              /* capacity for gates (index i - n) */
    slong *op_a, *op_b;       /* operands of gate n + k at position k */
    cyclo_mono_struct *alpha, *beta; /* compact p z^e (cyclo_mono.h): a twiddle is 2 words */
    double complex *alpha_c, *beta_c; /* float64 images of the coefficients */
    slong m;                  /* outputs */
    slong *out;
} circuit_struct;
typedef circuit_struct circuit_t[1];

/* An empty circuit with N inputs over Q(zeta_order) (order 1 = Q). */
void circuit_init(circuit_t c, slong n, ulong order);
void circuit_clear(circuit_t c);

/* The dense reduced coefficients of gate n + k (which = 0: alpha, 1: beta). */
void circuit_coeff(cyclo_t r, const circuit_t c, slong k, int which);

/* Append g = alpha g_a + beta g_b; returns the new gate index, or -1 (with an error line)
 * if an operand does not exist yet. */
slong circuit_add_gate(circuit_t c, slong a, const cyclo_t alpha, slong b, const cyclo_t beta);
/* Same with compact coefficients. */
slong circuit_add_gate_mono(circuit_t c, slong a, const cyclo_mono_t alpha, slong b,
                            const cyclo_mono_t beta);
/* Same with rational coefficients p1/q1, p2/q2. */
slong circuit_add_gate_si(circuit_t c, slong a, slong p1, ulong q1, slong b, slong p2, ulong q2);
/* Set the outputs (copied); -1 with an error line if one is out of range. */
int circuit_set_outputs(circuit_t c, slong m, const slong *out);

slong circuit_size(const circuit_t c);
/* Depth of every gate into DEPTH (length size); returns the circuit depth d. */
slong circuit_gate_depths(const circuit_t c, slong *depth);
slong circuit_depth(const circuit_t c);

/* Exact evaluation: Y (length m) = W X (length n). */
void circuit_eval(const circuit_t c, fmpq_poly_struct *y, const fmpq_poly_struct *x);
/* Exact evaluation over Q for a rational circuit; -1 with an error line otherwise. */
int circuit_eval_fmpq(const circuit_t c, fmpq *y, const fmpq *x);
/* float64 evaluation: complex in general, real only for rational circuits (-1 otherwise). */
void circuit_eval_c(const circuit_t c, double complex *y, const double complex *x);
int circuit_eval_d(const circuit_t c, double *y, const double *x);

/* The m x n matrix of the circuit, row-major into W (m*n initialised elements), computed
 * exactly column by column (n evaluations, O(n s)). */
void circuit_matrix(const circuit_t c, fmpq_poly_struct *W);

/* ---- text format (circuit_io.c) */
/* Parse TEXT (NAME is used in messages).  On error returns -1 and writes
 * "NAME:LINE: reason" into ERR (if non-NULL); C is then left initialised and empty. */
int circuit_parse(circuit_t c, const char *text, const char *name, char *err, size_t errlen);
/* Read and parse a file; on error prints the message on stderr and returns -1. */
int circuit_read_file(circuit_t c, const char *path);
/* Same, with the message ("FILE:LINE: reason", "FILE: is a directory, ...") in ERR. */
int circuit_read_file_err(circuit_t c, const char *path, char *err, size_t errlen);
/* Write in the text format. */
void circuit_write(FILE *f, const circuit_t c);
/* Write to PATH atomically; 0 or -1. */
int circuit_write_file(const char *path, const circuit_t c);

#endif
