/* llu_train.h -- training a learned block LU, L U ~ A, by gradient descent
 * (papers/learned_lu_fmm_blocks.txt, "Learning LU" and "Some training tricks").
 *
 * The pair (L, U): L a block-lower, U a block-upper hierarchical network (llu_net.h); all
 * parameters in one flat vector theta = [L | U] updated by the shared optimizer
 * (experiments/trainer/optim.h, Adam).
 *
 * Loss on a batch X (n x k), forward part restricted to element rows [row0, row1):
 *     l_f = || (L U X - A X)[row0:row1] ||_F^2 / (n k)
 * and with the transpose loss on a batch Xt (n x kt):
 *     l_t = || U^T L^T Xt - A^T Xt ||_F^2 / (n kt).
 * Note: with X = Xt = I (all unit vectors) l_t == l_f exactly (the same residual entries,
 * transposed), so the transpose loss changes training only through column mini-batches:
 * with X = e_S it also fits the ROWS S of L U.
 *
 * Configurations (the source's ablation):
 *   LLU_PLAIN       l_f on random mini-batches of unit vectors (e_i, A e_i), end to end;
 *   LLU_TRANSPOSE   l_f + l_t on the same batch;
 *   LLU_BLOCKWISE   l_f + l_t, block-row-wise sequential: stage I = 0..m-1 trains only the
 *                   parameters whose first influenced block row of L U is I (earlier ones
 *                   frozen, later ones do not affect block row I) on block row I of L U - A
 *                   (l_f with rows of block I, l_t with unit vectors of block I).
 * Iterations are split evenly over the m stages in LLU_BLOCKWISE. */
#ifndef EXPERIMENTS_LEARNED_LU_TRAIN_H
#define EXPERIMENTS_LEARNED_LU_TRAIN_H

#include "learned_lu/llu_net.h"
#include "learned_lu/llu_random.h"

typedef enum { LLU_PLAIN, LLU_TRANSPOSE, LLU_BLOCKWISE, LLU_NCONFIGS } llu_config_t;

const char *llu_config_name(llu_config_t c);

typedef struct {
    int n, b, r, kmax;
    llu_net_t L, U;
    size_t nparams;
    double *theta, *grad;
    llu_ws_t *ws;
    double *H, *P, *T1, *G2; /* n x kmax temporaries */
} llu_pair_t;

/* Lay out L and U (see llu_net_init for the checks) with batches of at most kmax columns. */
int llu_pair_init(llu_pair_t *pr, int n, int b, int r, int kmax);
void llu_pair_clear(llu_pair_t *pr);

/* Random start: low-rank paths 0.5/sqrt(fan-in), D, E noise 0.01/sqrt(b),
 * D_p += sqrt(mean |A_ii|) I so that L U ~ mean|A_ii| I. */
void llu_pair_randomize(llu_pair_t *pr, llu_rng_t *g, double diag);

/* Loss (see above); if GRAD is not NULL it is overwritten with the gradient w.r.t. theta.
 * kt = 0 disables the transpose part.  k, kt <= kmax. */
double llu_pair_loss_grad(llu_pair_t *pr, const double *A, const double *X, int k, int row0,
                          int row1, const double *Xt, int kt, double *grad);

/* The same with the targets given: Y = A X (n x k), Yt = A^T Xt (n x kt). */
double llu_pair_loss_grad_targets(llu_pair_t *pr, const double *X, const double *Y, int k,
                                  int row0, int row1, const double *Xt, const double *Yt,
                                  int kt, double *grad);

/* Dense L and U (n x n each). */
void llu_pair_dense(const llu_pair_t *pr, double *Lm, double *Um);

typedef struct {
    llu_config_t config;
    long iterations; /* total optimizer steps */
    int batch;       /* unit vectors per step (<= kmax) */
    double lr;       /* Adam base rate; warm-up + cosine schedule of optim_schedule_lr */
} llu_train_opts_t;

#define LLU_CURVE_MAX 64

typedef struct {
    long iterations;
    double seconds;
    double final_loss; /* full ||L U - A||_F^2 / n^2 after training */
    int ncurve;        /* training curve: full loss at the start and every ~iterations/50 steps */
    long curve_step[LLU_CURVE_MAX];
    double curve_loss[LLU_CURVE_MAX];
} llu_train_stats_t;

/* Train in place.  LABEL names the progress line.  0, or -1 on bad options. */
int llu_train(llu_pair_t *pr, const double *A, const llu_train_opts_t *o, llu_rng_t *g,
              const char *label, llu_train_stats_t *st);

#endif
