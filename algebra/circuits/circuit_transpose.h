/* circuit_transpose.h -- the transposition principle (Rudra survey, Theorem 3.10) by
 * reverse-mode accumulation (Baur-Strassen, Theorem 3.6 / Algorithm 2).
 *
 * From a circuit C (n inputs, m outputs, size s) computing x -> W x, build C^T computing
 * y -> W^T y: visit the gates of C in reverse order; the adjoint of a gate is the sum of
 * the terms coefficient * adjoint(parent) (plus y_i for every output i that is this gate).
 * A sum of k terms costs k - 1 gates; a single term is kept as a scaled reference, so
 * no gate is spent on it; each input finally costs at most one gate (scaling, or the zero
 * gate 0 y0 + 0 y0 if the input does not influence any output).
 * Size bound (proved by this count): size(C^T) <= m + (2 (s - n) + m) + n = 2 s + 2 m - n,
 * so for square W (m = n) size(C^T) <= 2 s + n <= 2 (s + n): the constant is c = 2. */
#ifndef ALGEBRA_CIRCUIT_TRANSPOSE_H
#define ALGEBRA_CIRCUIT_TRANSPOSE_H

#include "circuits/circuit.h"

/* CT is initialised here.  Returns 0, or -1 if C has no outputs. */
int circuit_transpose(circuit_t ct, const circuit_t c);

/* The bound 2 s + 2 m - n of the construction. */
slong circuit_transpose_size_bound(const circuit_t c);

#endif
