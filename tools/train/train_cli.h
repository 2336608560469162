/* train_cli.h - the `train` command: options, data, run, outputs (tools/train/README.md).
 * Every function returns an exit status in the tool convention: 0 done, 1 a run that
 * could not finish (non-finite loss), 2 bad usage or input (one line on stderr). */
#ifndef TOOLS_TRAIN_CLI_H
#define TOOLS_TRAIN_CLI_H

#include <stddef.h>

#include "trainer/dataset.h"
#include "trainer/layer.h"
#include "trainer/train.h"

typedef struct {
    const char *data;          /* fashion|mnist|mnist-noise|mnist-bg-rot|synthetic|FILES */
    long train, test;          /* 0 = all */
    double val;                /* fraction of the training part held out, [0, 1) */
    layer_class_t cls;
    long rank, hidden, layers;
    int adam;
    double lr, momentum, weight_decay;
    int have_lr;
    long batch, epochs, stop_after;
    int schedule;              /* train_schedule_t */
    long warmup;
    int init_authors, hidden_bias, center;
    int fixed_corners;         /* --corners fixed: LDR-SD/TD corners held at 0 */
    int fast_path;             /* --fast-path: 0 auto (measured thresholds), 1 on, 2 off */
    unsigned long seed;
    long threads;
    const char *checkpoint, *resume, *csv, *plot, *save;
    const char *dump_operators; /* --dump-operators: layer 0's LDR-TD operators as text */
    const char *command;        /* the command line, for the --dump-operators header */
    long early_stop;
    int quiet;
} train_opts_t;

/* Defaults (see --help). */
void train_opts_default(train_opts_t *o);

/* Parse ARGV into O.  Returns 0 to run, 3 after --help (printed on stdout), 2 on a usage
 * error (message in ERR, one line, no newline). */
int train_opts_parse(train_opts_t *o, int argc, char **argv, char *err, size_t errlen);

void train_usage(void);

/* Load the data of O: TRAIN, VAL (count 0 when --val 0) and TEST (count 0 when none),
 * pixels in [0,1], centred with the training mean when --center 1.  0 or 2. */
int train_load_data(const train_opts_t *o, dataset_t *train, dataset_t *val, dataset_t *test);

/* The whole command.  0, 1 or 2. */
int train_main(int argc, char **argv);

/* Output helpers (train_output.c). */
typedef struct {
    const train_opts_t *o;
    train_epoch_t *rows;
    int nrows, cap;
    int failed;                /* an output file could not be written */
} train_output_t;

void train_output_epoch(const train_epoch_t *e, int replayed, void *ctx);
int train_output_csv(const train_output_t *out, const char *path);
int train_output_plot(const train_output_t *out, const char *path);

#endif
