/* llu_eval.h -- evaluation of a trained learned block LU: the three metrics of the source
 * (llu_dense.h) against LAPACK, and GMRES iterations to 1e-10 with the learned L U as right
 * preconditioner against none (llu_gmres.h). */
#ifndef EXPERIMENTS_LEARNED_LU_EVAL_H
#define EXPERIMENTS_LEARNED_LU_EVAL_H

#include "learned_lu/llu_dense.h"
#include "learned_lu/llu_gmres.h"
#include "learned_lu/llu_random.h"
#include "learned_lu/llu_train.h"

typedef struct {
    llu_metrics_t m;
    llu_gmres_result_t none, learned; /* GMRES without / with the learned preconditioner */
    int precond_failed;               /* a diagonal block of L or U was singular */
} llu_eval_t;

#define LLU_GMRES_TOL 1e-10

/* Dense factors into Lm, Um (n x n), metrics on SAMPLES standard-normal solutions, GMRES on
 * the first of them.  0, or -1 if LAPACK fails on A. */
int llu_evaluate(const double *A, const llu_pair_t *pr, llu_rng_t *g, int samples,
                 double *Lm, double *Um, llu_eval_t *out);

#endif
