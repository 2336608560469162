/* exprun.h - one training run of a model configuration, and small statistics helpers
 * shared by the issue-6 drivers. */
#ifndef EXPERIMENTS_TRAINER_EXPRUN_H
#define EXPERIMENTS_TRAINER_EXPRUN_H

#include "trainer/train.h"

typedef struct {
    layer_class_t cls;
    int rank;
} exprun_class_t;

/* The Table 1 line-up at matched budgets (14,122 parameters where a rank applies) plus
 * the remaining classes of the issue; COUNT receives the number of entries. */
const exprun_class_t *exprun_table1_classes(int *count);

/* "ldr-td (r=1)" style label. */
const char *exprun_label(const exprun_class_t *c, char *buf, size_t len);

/* Train a fresh SHL model (width = input dim, NCLASS outputs) initialised from
 * INIT_SEED; fills RES and *NPARAMS.  Returns the train_run status (-1 also when the
 * model cannot be built). */
int exprun_shl(const exprun_class_t *c, const dataset_t *train, const dataset_t *test,
               const train_config_t *cfg, unsigned long init_seed, train_result_t *res,
               size_t *nparams);

/* Adam (lr 1e-3), batch 50, warm-up + cosine schedule: the configuration of our runs. */
train_config_t exprun_default_config(int epochs, unsigned long seed, const char *label);

void exprun_mean_std(const double *v, int n, double *mean, double *std);

#endif
