/* train.h - mini-batch training loop for model_t (issue 6).
 *
 * Each epoch visits the training set in a seeded random order (GSL mt19937 seeded from
 * cfg->seed), batch by batch; the learning rate follows optim_schedule_lr over all
 * steps when cfg->schedule is set.  A progress line (epoch, loss, accuracy, ETA) is drawn
 * on stderr unless quiet.  A non-finite loss or gradient stops the run with one line on
 * stderr naming the epoch and step; the parameters are restored to the last good
 * checkpoint (end of the previous epoch, or the initial parameters), which is also
 * written to cfg->checkpoint_path when one is given. */
#ifndef EXPERIMENTS_TRAINER_TRAIN_H
#define EXPERIMENTS_TRAINER_TRAIN_H

#include "trainer/dataset.h"
#include "trainer/model.h"
#include "trainer/optim.h"

typedef struct {
    int epochs, batch;
    optim_config_t optim;
    int schedule;                /* 1: optim_schedule_lr (warm-up + cosine), 0: constant */
    unsigned long seed;          /* batch order */
    double stop_train_acc;       /* > 0: stop once the epoch's training accuracy >= this */
    const char *label;           /* progress-line label */
    const char *checkpoint_path; /* NULL: in-memory checkpoint only */
} train_config_t;

typedef struct {
    int epochs_run;
    int diverged;                /* 1 when stopped on a non-finite loss */
    double train_acc, train_loss; /* final, measured over the whole training set */
    double test_acc, test_loss;   /* when a test set was given, else -1 */
    double seconds, seconds_per_epoch;
} train_result_t;

train_config_t train_default_config(void);

/* Train M on TRAIN (TEST may be NULL).  Returns 0, or -1 on divergence/alloc failure
 * (RES is filled either way). */
int train_run(model_t *m, const dataset_t *train, const dataset_t *test,
              const train_config_t *cfg, train_result_t *res);

/* Save / load the flat parameter vector ("ldrtrain1" header, count, doubles); atomic. */
int train_save_params(const model_t *m, const char *path);
int train_load_params(model_t *m, const char *path);

#endif
