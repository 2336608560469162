/* protocol.h -- the training protocol of the experiment tables (issue 17, point 1), written
 * once and used by the drivers:
 *
 *   optimizer      SGD with momentum 0.9 (main, the authors' default) or Adam (second);
 *                  batch 50; constant learning rate (early stopping ends the run)
 *   learning rate  a per-class grid of PROTOCOL_NLR values over two decades (SGD 0.1 ..
 *                  0.001, Adam 0.01 .. 0.0001, steps of about sqrt(10)); the value with the
 *                  best mean validation accuracy over the seeds is selected, per class and
 *                  data set (ties: the larger rate)
 *   validation     a stratified 15% of the training part (fixed split per data set,
 *                  PROTOCOL_SPLIT_SEED), never trained on
 *   convergence    early stopping on validation accuracy with a patience, up to a maximum
 *                  number of epochs; the parameters of the best-validation epoch are
 *                  restored (train.h) and give the test accuracy and the final training
 *                  accuracy (the table shows both, and the epochs used)
 *   seeds          >= 3 seeds per (class, data set, rate); mean and 95% Student-t interval
 *                  of the selected rate's runs (verdict.h)
 *
 * One run is train_run (train.h), the same loop as tools/train, so a cell of a driver can
 * be replayed with `train --val 0.15 --early-stop P --epochs E --lr LR ...`. */
#ifndef EXPERIMENTS_TRAINER_PROTOCOL_H
#define EXPERIMENTS_TRAINER_PROTOCOL_H

#include "trainer/exprun.h"

#define PROTOCOL_NLR 5
#define PROTOCOL_VAL_FRACTION 0.15
#define PROTOCOL_SPLIT_SEED 17UL

typedef struct {
    optim_kind_t optim;
    int batch;                 /* 50 */
    int max_epochs, patience;  /* early stopping on validation accuracy */
    double lr[PROTOCOL_NLR];   /* the grid, largest first */
    int nlr;
} protocol_t;

/* The protocol for OPTIM with MAX_EPOCHS and PATIENCE (the grid of the header). */
protocol_t protocol_default(optim_kind_t optim, int max_epochs, int patience);

/* "SGD momentum 0.9, batch 50, lr grid {0.1, ...}, 15% validation, early stopping patience
 * P, <= E epochs" for table headers. */
const char *protocol_describe(const protocol_t *p, char *buf, size_t len);

/* Split TRAIN into FIT (85%) and VAL (15%, stratified, PROTOCOL_SPLIT_SEED).  0 or -1. */
int protocol_split(const dataset_t *train, dataset_t *fit, dataset_t *val);

typedef struct {
    double val_acc, test_acc, train_acc; /* at the best-validation epoch; in [0,1] */
    int epochs_run, best_epoch, diverged, stopped_early;
    double seconds, cpu_seconds; /* wall and process CPU time of the whole run */
    long nfit;                   /* training (fit) examples */
    size_t nparams;
} protocol_run_t;

/* One run of class C at rate LR (initialisation and batch order from SEED): train on FIT
 * with early stopping on VAL; test accuracy on TEST (may be NULL: -1).  0, or -1 when the
 * model cannot be built or the run diverged (OUT filled either way: a diverged run counts
 * as not converged). */
int protocol_run(const protocol_t *p, const exprun_class_t *c, const dataset_t *fit,
                 const dataset_t *val, const dataset_t *test, double lr, unsigned long seed,
                 const char *label, protocol_run_t *out);

/* The same for a model M already built and initialised (any depth, e.g. the MLPs of
 * lu_mlp); M is trained in place. */
int protocol_run_model(const protocol_t *p, model_t *m, const dataset_t *fit, const dataset_t *val,
                       const dataset_t *test, double lr, unsigned long seed, const char *label,
                       protocol_run_t *out);

/* The selected rate: index of the largest mean of VAL_ACC[i * NSEEDS + k] over k (NaN
 * entries, i.e. missing or diverged runs, make a rate ineligible); -1 if none is eligible. */
int protocol_select(const double *val_acc, int nlr, int nseeds);

/* Converged: stopped by early stopping before the maximum number of epochs (the best epoch
 * lies inside the budget, so more epochs would not have changed the selection). */
int protocol_converged(const protocol_t *p, const protocol_run_t *r);

#endif
