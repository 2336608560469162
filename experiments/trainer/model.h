/* model.h - multilayer perceptron with structured layers, ReLU between layers and a
 * softmax cross-entropy loss (mean over the batch); float64 throughout.
 *
 * The single-hidden-layer (SHL) model of Thomas et al. 2018 Table 1:
 *     x (n) -> W (n x n, class C, no bias) -> ReLU -> dense (10 x n, + bias) -> softmax,
 * whose parameter count is layer_class_nweights(C, n, n, r) + 10 n + 10 (the hidden
 * bias is not part of the model, matching the paper's counts, e.g. 622,506 at n = 784). */
#ifndef EXPERIMENTS_TRAINER_MODEL_H
#define EXPERIMENTS_TRAINER_MODEL_H

#include <stddef.h>

#include "trainer/dataset.h"
#include "trainer/layer.h"

typedef struct {
    int nlayers;
    layer_t **layers;
    size_t *offset;   /* parameter offset of each layer */
    size_t nparams;
    double *params, *grads;
    int in_dim, nclass;
    int cap;          /* workspace batch capacity */
    double **z, **a;  /* per layer: pre-activation and ReLU output (b x width) */
    double **dz, **da;
} model_t;

/* Layer l maps widths[l] -> widths[l+1] with class cls[l], rank ranks[l], bias bias[l]. */
model_t *model_create(int nlayers, const layer_class_t *cls, const int *widths,
                      const int *ranks, const int *bias);
model_t *model_create_shl(layer_class_t cls, int n, int r, int nclass);
void model_free(model_t *m);

/* Gaussian generators seeded from SEED (GSL), then each layer's own scaling. */
void model_init(model_t *m, unsigned long seed);

/* Mean cross-entropy over the batch; fills m->grads with its gradient.  CORRECT (may be
 * NULL) receives the number of correct predictions of this forward pass. */
double model_loss_grad(model_t *m, const double *X, const int *y, int b, long *correct);

/* Gradient check: the largest relative difference, over every parameter, between
 * model_loss_grad's gradient on (X, y, b) and the central difference of model_loss_eval with
 * step H (denominator max(|fd|, |g|, 1e-3)).  Parameters are restored.  -1 if out of memory. */
double model_grad_check(model_t *m, const double *X, const int *y, int b, double h);

/* Loss only (no gradient) and number of correct predictions over a batch. */
double model_loss_eval(model_t *m, const double *X, const int *y, int b, long *correct);

/* Accuracy and mean loss over a whole dataset (chunks of 500). */
double model_accuracy(model_t *m, const dataset_t *d, double *mean_loss);

/* model_accuracy, plus (when DEAD_FRAC is not NULL) the fraction of units of the first
 * hidden layer whose pre-activation is <= 0 on every example of D (dead ReLUs; -1 for a
 * model without hidden layer). */
double model_evaluate(model_t *m, const dataset_t *d, double *mean_loss, double *dead_frac);

/* Authors' initialisation (HazyResearch/structured-nets, PyTorch): structured generators
 * G, H ~ N(0, 1/(r n)); learned operators at subdiagonal 1 and everything else 0 (LDR-TD:
 * diagonal, superdiagonal and corners 0, for A and for the operator B' whose Krylov matrix
 * multiplies from the right, i.e. our B^T -- their W = K(A,g) K(B',h)^T; LDR-SD: A and B^T
 * subdiagonal 1, corners 0); structured-layer bias 0; the
 * unstructured hidden layer W ~ N(0, 1/n), bias 0; the output layer (and any other dense or
 * explicit layer) torch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias.
 * Seeded from SEED (GSL mt19937). */
void model_init_authors(model_t *m, unsigned long seed);

/* Hold the operator corners of every LDR-SD / LDR-TD layer at 0, untrained (FIXED = 1: the
 * authors' LDR-SD / LDR-TD classes, whose corners are constants 0), or learn them (0, the
 * default).  Call before training; the corner parameters are left in place. */
void model_set_fixed_corners(model_t *m, int fixed);

#endif
