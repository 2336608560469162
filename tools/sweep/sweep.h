/* sweep.h -- the sweep tool: run a table's cells through an engine (local processes, Slurm
 * job arrays, GNU parallel) and compare tables apart from their timing columns.
 * Manual: tools/sweep/README.md. */
#ifndef TOOLS_SWEEP_H
#define TOOLS_SWEEP_H

#include <stdio.h>

/* Compare two tables (.md or .csv, as written by the report writer) ignoring the columns the
 * header lists as timing columns and the wall-time line.  Returns 0 when they agree, 1 when
 * they differ (the first difference is printed on ERR), 2 when a file cannot be read. */
int sweep_compare(const char *a, const char *b, FILE *err);

typedef enum { ENGINE_LOCAL, ENGINE_SLURM, ENGINE_PARALLEL } sweep_engine_t;

typedef struct {
    sweep_engine_t engine;
    long jobs;          /* local: shard processes at once; parallel: jobs per machine */
    long shards;        /* 0: the engine's default */
    long workers;       /* --workers passed to every shard (0: not passed) */
    const char *cells;  /* --cells DIR passed to every shard and the assembly */
    int fresh;          /* --fresh passed to the shards */
    int dry_run;        /* print the commands, run nothing */
    /* slurm */
    const char *partition, *time_limit, *log_dir;
    long cpus_per_task;
    int wait;
    /* parallel */
    const char *sshlogin;
} sweep_opts_t;

/* Run PROGRAM ARGV[1..] (ARGV[0] = PROGRAM) through the engine: the shards, then the
 * assembly.  Returns the exit status for main (0 done, 1 a check failed, 2 usage/run error). */
int sweep_run(const sweep_opts_t *o, int argc, char **argv);

/* `sweep cell get DIR DESC | put DIR DESC FILE | key DESC` (ARGV[0] = "cell"): one cell of
 * a store in the format of algebra/report/cells.h, key = hash of DESC, for scripts.  get:
 * 0 and the records on stdout, 1 absent or damaged (the damage named on stderr); put: 0
 * stored; 2 bad usage or an I/O error. */
int sweep_cell(int argc, char **argv);

#endif
