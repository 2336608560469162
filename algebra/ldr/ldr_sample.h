/* ldr_sample.h -- seeded samples of displacement operators and of members of D^r_{A,B}
 * (the matrices M with rank(A M - M B) <= r), shared by the checkers. */
#ifndef ALGEBRA_LDR_SAMPLE_H
#define ALGEBRA_LDR_SAMPLE_H

#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

/* Entry sizes used for random operators and generators (numerator bound, denominator bound). */
#define LDR_SAMPLE_OP_NUM 4
#define LDR_SAMPLE_OP_DEN 3
#define LDR_SAMPLE_GEN_NUM 9
#define LDR_SAMPLE_GEN_DEN 2

/* Draw a random operator of KIND (size n) whose spectrum is disjoint from that of every
 * operator in AVOID (checked exactly; redrawn on collision).  For OP_ZF, f is drawn from
 * small non-zero integers; diagonal entries have numerators up to 4n^2 so that they are
 * distinct with high probability (a generic diagonal operator).  Initialises B.  Returns the number of redraws. */
slong ldr_sample_operator(op_t *B, op_kind_t kind, slong n, flint_rand_t st,
                          const op_t *const *avoid, slong navoid);

/* M (caller-initialised m x n) with A M - M B = G H^T for random G (m x r), H (n x r):
 * displacement rank r with high probability.  Requires disjoint spectra (returns -1 and
 * prints the reason otherwise). */
int ldr_sample_member(fmpq_mat_t M, const op_t *A, const op_t *B, slong r, flint_rand_t st);

/* Add 1 to one random entry of M (a perturbed input for negative controls). */
void ldr_perturb_entry(fmpq_mat_t M, flint_rand_t st);

#endif
