/* train_state.h - the checkpoint of a training run (internal to train.c and its tests).
 *
 * File layout ("ldrtrn2\n", little-endian host order, written atomically):
 *   magic[8] | u64 header[12] | tag | params | best params | optimizer state | GSL state |
 *   permutation (i64 x count) | epoch records (train_epoch_t x nhist)
 * header = nparams, count, epochs_done, step, optim bytes, rng bytes, tag length,
 *          best_val (bits of a double), best_epoch, bad_epochs, nhist, reserved. */
#ifndef EXPERIMENTS_TRAINER_TRAIN_STATE_H
#define EXPERIMENTS_TRAINER_TRAIN_STATE_H

#include <stddef.h>

#include "trainer/train.h"

typedef struct {
    size_t nparams;
    long count;            /* training examples (length of order) */
    int epochs_done;
    long step;
    double best_val;
    int best_epoch, bad_epochs;
    char *tag;             /* NUL-terminated */
    double *params, *best; /* nparams each */
    unsigned char *optim;  /* optim_len bytes */
    size_t optim_len;
    unsigned char *rng;    /* rng_len bytes */
    size_t rng_len;
    long *order;           /* count */
    train_epoch_t *hist;   /* nhist */
    int nhist;
} train_state_t;

/* Write S to PATH atomically.  0 or -1 (one line on stderr). */
int train_state_save(const char *path, const train_state_t *s);

/* Read PATH into S (buffers allocated; free with train_state_free).  0 or -1 with one
 * line "train: PATH: reason" on stderr (missing, truncated, wrong magic, sizes). */
int train_state_load(const char *path, train_state_t *s);
void train_state_free(train_state_t *s);

#endif
