/* llu_checks.h -- self-checks of the hierarchical block-triangular representation, shared by
 * the driver (rows of its table) and the unit tests. */
#ifndef EXPERIMENTS_LEARNED_LU_CHECKS_H
#define EXPERIMENTS_LEARNED_LU_CHECKS_H

#include "learned_lu/llu_net.h"
#include "learned_lu/llu_random.h"
#include "learned_lu/llu_train.h"

/* Block-triangularity of a dense n x n matrix M (block size b): returns 1 iff every block
 * strictly above (LLU_LOWER) / below (LLU_UPPER) the block diagonal is exactly 0.0.
 * *populated (may be NULL) receives the number of the other blocks that are non-zero. */
int llu_check_block_triangular(const double *M, int n, int b, llu_tri_t tri, int *populated);

/* max |M^T X - apply(M, trans=1, X)| / max |M^T X| over k random columns, M the dense form
 * of NET: the transpose product against the transposed dense matrix. */
double llu_check_transpose(const llu_net_t *net, llu_rng_t *g, int k);

/* Analytic gradient of llu_pair_loss_grad against central differences (step 1e-6) on
 * NSAMPLE parameters drawn at random (all when NSAMPLE >= nparams), random X, Xt (k columns)
 * and the pair's current parameters.  Returns max |fd - grad| / max |grad|.
 * WRONG = 1 is the negative control: the analytic gradient is taken without the transpose
 * part while the differences include it (must give a large error). */
double llu_check_gradient(llu_pair_t *pr, const double *A, int transpose, int row0, int row1,
                          llu_rng_t *g, int nsample, int wrong);

#endif
