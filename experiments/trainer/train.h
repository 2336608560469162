/* train.h - the one mini-batch training loop for model_t (issues 6 and 13).
 *
 * Each epoch visits the training set in a seeded random order (GSL mt19937 seeded from
 * cfg->seed; the permutation is reshuffled in place every epoch), batch by batch; the
 * learning rate follows the schedule (constant, warm-up + cosine, or step) over all steps.
 * A progress line (epoch, step, loss, ETA) is drawn on stderr unless quiet.
 *
 * Per epoch the record train_epoch_t is filled: the running training loss and accuracy of
 * the epoch's minibatches (the parameters change within the epoch), the validation and
 * test accuracy and loss measured after the epoch (when those sets are given and
 * cfg->eval_each_epoch is set), the fraction of dead units of the first hidden layer on
 * the evaluation set, and the epoch's training wall time (evaluation excluded).
 *
 * Checkpoints (cfg->checkpoint_path, written atomically after every epoch) hold the whole
 * run state: parameters, optimizer moments and step counter, the GSL generator state, the
 * current permutation, the step counter, the early-stopping state (best parameters, best
 * validation accuracy, epochs since) and the epoch records.  train_run with
 * cfg->resume_path continues such a run so that N epochs straight and K epochs + resume for
 * N - K give bit-identical parameters (same shuffles, same optimizer state).
 *
 * Early stopping (cfg->early_stop = PATIENCE > 0, needs a validation set): stop after
 * PATIENCE epochs without a new best validation accuracy; at the end the parameters of the
 * best-validation epoch are restored (best-validation checkpoint selection).
 *
 * A non-finite loss or gradient stops the run with one line on stderr naming the epoch
 * and step; the parameters are restored to the end of the previous epoch. */
#ifndef EXPERIMENTS_TRAINER_TRAIN_H
#define EXPERIMENTS_TRAINER_TRAIN_H

#include "trainer/dataset.h"
#include "trainer/model.h"
#include "trainer/optim.h"

typedef enum {
    TRAIN_SCHEDULE_CONSTANT = 0,
    TRAIN_SCHEDULE_COSINE = 1, /* optim_schedule_lr: warm-up then cosine to lr/100 */
    TRAIN_SCHEDULE_STEP = 2,   /* lr x 0.1 after 50% and again after 75% of the steps */
} train_schedule_t;

typedef struct {
    int epoch;                    /* 1-based */
    double train_loss, train_acc; /* running over the epoch's minibatches; acc in [0,1] */
    double val_loss, val_acc;     /* -1 when not measured */
    double test_loss, test_acc;   /* -1 when not measured */
    double dead_frac;             /* first hidden layer, on val (else test); -1 if neither */
    double seconds;               /* training wall time of the epoch (no evaluation) */
    double cpu_seconds;           /* process CPU time of the same (robust on a shared machine) */
    double lr;                    /* learning rate of the epoch's last step */
    int best;                     /* 1 when this epoch set a new best validation accuracy */
} train_epoch_t;

typedef void (*train_epoch_fn)(const train_epoch_t *e, int replayed, void *ctx);

typedef struct {
    int epochs, batch;
    optim_config_t optim;
    int schedule;                /* train_schedule_t */
    long warmup;                 /* < 0: cosine default (min(5%, 500) steps); else steps of
                                    linear warm-up from lr/10 (any schedule) */
    unsigned long seed;          /* batch order */
    double stop_train_acc;       /* > 0: stop once the epoch's training accuracy >= this */
    const char *label;           /* progress-line label */
    const char *checkpoint_path; /* NULL: in-memory checkpoint only */
    const char *resume_path;     /* continue the run saved there */
    const char *tag;             /* run description stored in checkpoints; resume checks it */
    int early_stop;              /* patience in epochs (0 = off) */
    int stop_after;              /* > 0: return once this many epochs are done in total
                                    (an interruption: the checkpoint can be resumed) */
    int eval_each_epoch;         /* measure val/test after every epoch */
    const dataset_t *val;        /* validation set (early stopping, per-epoch records) */
    train_epoch_fn on_epoch;     /* called after every epoch (also for epochs replayed
                                    from a resumed checkpoint, with replayed = 1) */
    void *ctx;
    long max_steps;              /* > 0: stop after this many SGD steps in total (a partial
                                    last epoch: its mean loss is over the steps taken, it is
                                    not evaluated, nor is the final model: the result's
                                    accuracies and losses are -1); 0: no limit */
    void (*on_step)(long step, double loss, void *ctx); /* NULL, or called with each step's
                                    minibatch loss (before the update; ctx = cfg->ctx) */
} train_config_t;

typedef struct {
    int epochs_run;
    int diverged;                /* 1 when stopped on a non-finite loss */
    int diverged_epoch;          /* 1-based epoch and step of that loss (0 when none) */
    long diverged_step;
    int stopped_early, best_epoch;
    double train_acc, train_loss; /* final, measured over the whole training set */
    double test_acc, test_loss;   /* when a test set was given, else -1 */
    double seconds, seconds_per_epoch;
} train_result_t;

train_config_t train_default_config(void);

/* Train M on TRAIN (TEST may be NULL).  Returns 0, -1 on divergence/alloc failure (RES is
 * filled either way), -2 when the resume checkpoint cannot be used (one line on stderr). */
int train_run(model_t *m, const dataset_t *train, const dataset_t *test,
              const train_config_t *cfg, train_result_t *res);

/* Learning rate of STEP (0-based) out of TOTAL under CFG's schedule. */
double train_lr_at(const train_config_t *cfg, long step, long total);

/* Save / load the flat parameter vector ("ldrtrn1" header, count, doubles); atomic. */
int train_save_params(const model_t *m, const char *path);
int train_load_params(model_t *m, const char *path);

#endif
