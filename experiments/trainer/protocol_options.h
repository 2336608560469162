/* protocol_options.h -- the command-line options shared by the protocol drivers
 * (table1_accuracy, sample_complexity, lu_mlp, rank_sweep) and their three configurations:
 *
 *   quick    (--quick, the smoke runs of make check): 2 rates two decades apart, at most 2
 *            epochs (rank_sweep 3), patience 1, 300 training / 300 test examples, 2 seeds,
 *            every seed at every rate (one stage: shardable);
 *   reduced  (default, make results): the driver's defaults (PSWEEP_REDUCED_*), 3 seeds, the
 *            compute-saving two-stage selection (protocol_sweep.h);
 *   full     (--full 1, make experiments-full): all data, the driver's maximum epochs,
 *            patience 5, the driver's seeds, every seed at every rate.
 * Any option given explicitly overrides the configuration's value. */
#ifndef EXPERIMENTS_TRAINER_PROTOCOL_OPTIONS_H
#define EXPERIMENTS_TRAINER_PROTOCOL_OPTIONS_H

#include "trainer/protocol_sweep.h"

typedef struct {
    long full, epochs, patience, train, test, seeds, select, adam;
} protocol_options_t;

/* The option rows for a checker_option_t table (O a static protocol_options_t); FULL_HELP
 * describes --full 1 (with its estimated CPU-hours), DEFAULTS the reduced defaults. */
#define PROTOCOL_OPTIONS(o, FULL_HELP, DEFAULTS)                                                   \
    {"--full", &(o).full, FULL_HELP},                                                              \
    {"--epochs", &(o).epochs, "maximum epochs (" DEFAULTS ")"},                                    \
    {"--patience", &(o).patience, "early-stopping patience in epochs (default 3 reduced, 5 full)"}, \
    {"--train", &(o).train, "training examples before the 15% validation split (0 all)"},          \
    {"--test", &(o).test, "test examples (0 all)"},                                                \
    {"--seeds", &(o).seeds, "seeds (runs) per configuration (default 3 reduced)"},                 \
    {"--select", &(o).select, "1: rate selected on seed 1 alone, other seeds at that rate only "   \
     "(default reduced; two stages, see trainer/protocol_sweep.h); 2: every seed at every rate "    \
     "(default full and quick)"},                                                                  \
    {"--adam", &(o).adam, "1: Adam instead of SGD momentum 0.9"}

/* A driver's values for the reduced and full configurations (0 = all examples). */
typedef struct {
    int epochs, full_epochs, full_seeds;
    long train, test;
} protocol_defaults_t;

/* Resolve the options for C's mode into P->proto, P->nseeds, P->select_seeds and *NTRAIN,
 * *NTEST (0 = all).  Returns 0, or -1 for a bad value (message for checker_fail in WHY). */
int protocol_options_resolve(const checker_t *c, const protocol_options_t *o, const protocol_defaults_t *d,
                             psweep_plan_t *p, long *ntrain, long *ntest, const char **why);

/* P with the full configuration's grid and seeds (for its cost estimate). */
psweep_plan_t protocol_options_full_plan(const psweep_plan_t *p, const protocol_defaults_t *d);

#endif
