/* protocol_sweep.h -- the runs of a protocol table (protocol.h) as cells, shared by the
 * drivers table1_accuracy, sample_complexity, lu_mlp and rank_sweep.
 *
 * A driver has NCONFIG configurations (data set x class, fraction x class, ...).  For each,
 * the learning-rate grid x seeds are run as cells (cell_values.h: resumable, shardable), the
 * rate is selected on validation accuracy, and the selected rate's runs are collected:
 *
 *   select_seeds = nseeds   every seed runs at every rate; the rate with the best mean
 *                           validation accuracy over the seeds is selected (nlr x nseeds runs);
 *   select_seeds = 1        compute-saving selection: seed 1 alone runs over the grid and the
 *                           rate with its best validation accuracy is selected; the other
 *                           seeds run at that rate only (a second cell group, computed once
 *                           the first is complete), so the selection never sees their
 *                           validation data (nlr + nseeds - 1 runs).  Two stages: a
 *                           sharded sweep (--shard K/N) computes the grid only, and its
 *                           --assemble reports the selected-rate cells missing; one more run
 *                           without --shard (reusing the grid's cells) computes them.  For
 *                           sharded runs (Slurm) use select_seeds = nseeds (one stage).
 *
 * The claims are then judged with psweep_verdict: inconclusive whenever a run at a selected
 * rate did not converge (protocol_converged), else the 95% t-interval rule of verdict.h. */
#ifndef EXPERIMENTS_TRAINER_PROTOCOL_SWEEP_H
#define EXPERIMENTS_TRAINER_PROTOCOL_SWEEP_H

#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/protocol.h"

#define PSWEEP_MAXSEEDS 10

/* One run of configuration CONFIG at rate LR with seed index K (0-based; the driver derives
 * the seed from --seed + K).  Fills OUT (protocol_run / protocol_run_model). */
typedef void (*psweep_run_fn)(int config, double lr, int k, protocol_run_t *out, void *ctx);
/* "data=mnist-noise class=ldr-td (r=1)": the configuration's part of a cell label. */
typedef void (*psweep_label_fn)(int config, char *buf, size_t len, void *ctx);

typedef struct {
    protocol_t proto;
    int nconfig, nseeds, select_seeds; /* select_seeds: 1 or nseeds */
    psweep_run_fn run;
    psweep_label_fn label;
    void *ctx;
} psweep_plan_t;

typedef struct {
    int lr;        /* selected index into proto.lr; -1 when every rate diverged */
    double val[PSWEEP_MAXSEEDS], test[PSWEEP_MAXSEEDS], train[PSWEEP_MAXSEEDS];
    double epochs[PSWEEP_MAXSEEDS]; /* at the selected rate, per seed */
    int converged; /* every run at the selected rate stopped early */
    double cpu;    /* CPU seconds of every run of this configuration (all rates) */
    double example_epochs; /* sum over those runs of epochs x training examples */
    size_t nparams;
    long nfit;     /* training (fit) examples of the runs */
} psweep_sel_t;

/* Run the plan's cells (group names "grid" and "selected rate"), fill SEL[0..nconfig-1].
 * Returns 1 when complete, 0 when the table cannot be written yet (a shard, or an
 * --assemble with missing cells: return checker_finish), -1 when a cell could not be
 * computed or stored (message printed). */
int psweep_run(checker_t *c, const psweep_plan_t *p, psweep_sel_t *sel);

/* psweep_run into a new array of NCONFIG selections; NULL when the table cannot be written,
 * with *STATUS the driver's exit status (checker_finish for a shard or an incomplete
 * assembly, checker_fail when a cell failed). */
psweep_sel_t *psweep_collect(checker_t *c, const psweep_plan_t *p, int *status);

/* The common grid of the SHL drivers: configuration = d * ncls + i is the SHL model of class
 * CLS[i] on data set DATA[d], limited to NTRAIN / NTEST stratified examples (0: all; subset
 * seed SEED), split into fit and a 15% validation part -- loaded once per process and data
 * set; run k uses seed SEED + k.  A data set that cannot be loaded exits with status 2 (no
 * cell file is written: a rerun with the data computes it). */
typedef struct {
    const expdata_kind_t *data;
    int ndata;
    const exprun_class_t *cls;
    int ncls;
    long ntrain, ntest;
    unsigned long seed;
    const protocol_t *proto; /* set by psweep_shl_grid */
} psweep_shl_grid_t;

/* Point P's configurations, run and label functions at G (P->proto must be set). */
void psweep_shl_grid(psweep_plan_t *p, psweep_shl_grid_t *g);

/* "...; 3 seeds; rate selected on seed 1 alone, ..." for the protocol line of a header. */
const char *psweep_describe(const psweep_plan_t *p, char *buf, size_t len);

/* Runs (cells) of the plan: nconfig x (nlr x select_seeds + nseeds - select_seeds). */
long psweep_runs(const psweep_plan_t *p);

/* Columns "selected lr|test % [95% CI]|final train %|epochs used (mean)|converged" of SEL. */
void psweep_columns(char *buf, size_t len, const psweep_plan_t *p, const psweep_sel_t *sel);

/* The section "Test accuracy (%) at the selected learning rate" with one row per (data set d,
 * class i) of SEL[d * NCLS + i]: data, class, params, psweep_columns, CPU seconds. */
void psweep_class_section(checker_t *c, const psweep_plan_t *p, const psweep_sel_t *sel,
                          const expdata_kind_t *data, int ndata, const exprun_class_t *cls, int ncls);

/* Verdict of "mean test(A) - mean test(B) > MARGIN" (B NULL: "mean test(A) > MARGIN"):
 * inconclusive when a side has no rate or a run at its selected rate did not converge;
 * otherwise verdict_claim_greater, fitted = mean train(A) >= mean train(B) (or MARGIN). */
void psweep_verdict(char *buf, size_t len, const psweep_plan_t *p, const psweep_sel_t *a,
                    const psweep_sel_t *b, double margin);

/* A claim row "CLAIM|DATA|test % of A [95% CI]|test % of B [95% CI]|train % A vs B|epochs A vs
 * B|verdict" (the header PSWEEP_CLAIM_COLUMNS). */
#define PSWEEP_CLAIM_COLUMNS                                                                       \
    "claim|data|test % of A [95% CI]|test % of B [95% CI]|final train % A vs B|epochs used A vs B|" \
    "verdict (reproduced / contradicted / inconclusive)"
void psweep_claim_row(checker_t *c, const char *claim, const char *data, const psweep_plan_t *p,
                      const psweep_sel_t *a, const psweep_sel_t *b, double margin);

/* Total CPU seconds and example-epochs of SEL[0..n-1] (every cell, read from the cells). */
void psweep_cost(const psweep_sel_t *sel, int n, double *cpu, double *example_epochs);

/* The header line "CPU time: ..." (a timing line: table comparisons ignore it): the CPU time
 * of every run of SEL[0..n-1] (summed from the cells, so an assembled or resumed table reports
 * the whole cost), and the estimate for the full configuration: this run's mean CPU seconds
 * per training example-epoch x FULL_EXAMPLE_EPOCHS (its runs x training examples x maximum
 * epochs: an upper bound, early stopping ends most runs sooner). */
void psweep_header_cost(checker_t *c, const psweep_sel_t *sel, int n, long runs,
                        double full_example_epochs);

#endif
