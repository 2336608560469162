/* checker.h -- the one checker front end.
 *
 * A checker program reads like its statement:
 *
 *     checker_t c;
 *     int rc = checker_start(&c, &info, argc, argv);     // --quick --seed --out --quiet --help
 *     if (rc != CHECKER_RUN) return rc;
 *     checker_section(&c, "Part (a)", "family|n|r|bound|observed");
 *     checker_row(&c, ROW_POSITIVE, observed <= bound, "%s|%ld|%d|%d|%d", ...);
 *     checker_row(&c, ROW_NEGATIVE, observed <= bound - 1, ...);   // a wrong claim
 *     return checker_finish(&c);
 *
 * Row accounting:
 *   ROW_POSITIVE  the claim of the statement; HOLDS must be 1 ("holds", else "FAILS").
 *   ROW_NEGATIVE  a negative control: a deliberately wrong claim (perturbed input, bound
 *                 lowered by one, mismatched operators).  HOLDS is whether that wrong claim
 *                 held; it must be 0 ("violated (expected)", else "NOT DETECTED").
 *   ROW_INFO      a measurement with no verdict ("measured").
 *   ROW_SKIPPED   a case that was not run; the reason goes in the cells ("skipped").
 * Every section gets a final "verdict" column filled from these.  checker_finish() writes
 * the report (OUT/NAME.{md,csv}) and returns the exit status: 0 when every positive row
 * holds and every negative control was detected, 1 otherwise, 2 on usage or I/O errors.
 * The table's verdict is PASS/FAIL when it decides claims, MEASURED when it only measures.
 */
#ifndef ALGEBRA_CHECKER_H
#define ALGEBRA_CHECKER_H

#include <stdio.h>

#include <flint/flint.h>

#include "report/cells.h"
#include "report/report.h"

#define CHECKER_RUN (-1)

typedef enum { ROW_POSITIVE, ROW_NEGATIVE, ROW_INFO, ROW_SKIPPED } row_kind_t;

/* An extra integer option of one checker, e.g. {"--max-n", &max_n, "largest n"}. */
typedef struct {
    const char *flag;
    long *value;
    const char *help;
} checker_option_t;

typedef struct {
    const char *name;        /* file stem of the table, e.g. "prop1_closure" */
    const char *title;       /* table title */
    const char *statement;   /* "papers/<file>.txt, Proposition 1" */
    const char *description; /* what is checked, for --help */
    const checker_option_t *options; /* NULL-terminated (flag == NULL), may be NULL */
} checker_info_t;

typedef struct checker {
    const checker_info_t *info;
    int quick, quiet;
    unsigned long seed;
    const char *out_dir;
    flint_rand_t rand; /* seeded from --seed: the only source of randomness */
    report_t *report;
    long positive, positive_failed, negative, negative_missed, skipped, measured;
    int has_section;
    FILE *sink; /* while a cell is computed: its sections, rows, params, notes are recorded */
    cells_opts_t cell_opts; /* --cells --fresh --shard --assemble --workers */
    cells_t cells;          /* the store of this run (see cells.h) */
    int cells_failed;
    /* receives side outputs (checker_side_output); NULL: they are dropped */
    void (*side_output)(struct checker *c, const char *name, const char *data, void *ctx);
    void *side_ctx;
} checker_t;

/* Parse the command line and open the report.  Returns CHECKER_RUN to go on, otherwise
 * the exit status to return from main (0 after --help, 2 on a usage error). */
int checker_start(checker_t *c, const checker_info_t *info, int argc, char **argv);

/* Begin a table section; COLUMNS is '|'-separated, "verdict" is appended. */
void checker_section(checker_t *c, const char *title, const char *columns);

/* Add a row (see the accounting above) and print a one-line summary on stdout. */
void checker_row(checker_t *c, row_kind_t kind, int holds, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record a parameter in the table header (printf-style value). */
void checker_param(checker_t *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Add a paragraph under the table. */
void checker_note(checker_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A side output of a cell (a plot's gnuplot script, a count the program aggregates): NAME and
 * DATA (text) are recorded with the cell's rows and handed to c->side_output at replay, in
 * cell order, in every mode (outside a cell: at once).  The program decides what to do with
 * them -- e.g. keep the plots and write them only when checker_cells_complete() (cell_values.h),
 * so a shard or an incomplete assembly writes no file. */
void checker_side_output(checker_t *c, const char *name, const char *data);

/* Run FN(c, cell, ctx) for cell = 0 .. ncells-1 as cells (cells.h): each cell's output --
 * its checker_section / checker_row / checker_param / checker_note calls -- is recorded, stored
 * in the cell store under the cell's key, and replayed into the table in cell order.  Before
 * each cell c->rand is reseeded from (--seed, cell), so the table is the same for any number
 * of workers, shards, or reruns that reuse stored cells.  NWORKERS forked processes compute
 * the cells (each takes the next free cell, from the last one down: list the largest cells
 * last); --workers N overrides it.  With --shard K/N only this shard's cells are computed and
 * nothing is replayed; with --assemble nothing is computed.  A cell must depend only on
 * (--seed, options, cell): no state carried from one cell to the next.  After the call
 * c->rand is reseeded again (from --seed and the group number), so code after it sees the
 * same randomness in every mode.  Returns 0, or -1 if a cell could not be computed or stored
 * (message printed). */
typedef void (*checker_cell_fn)(checker_t *c, long cell, void *ctx);
int checker_run_cells(checker_t *c, long ncells, checker_cell_fn fn, void *ctx, int nworkers);

/* The same with a group name (part of every cell's description, e.g. "sections") and an
 * optional LABEL naming a cell's parameters ("family=diagonal n=32"): both go into the cell
 * key and into the list of missing cells that --assemble prints. */
typedef void (*checker_cell_label_fn)(long cell, void *ctx, char *buf, size_t len);
int checker_run_named_cells(checker_t *c, const char *group, long ncells, checker_cell_fn fn,
                            checker_cell_label_fn label, void *ctx, int nworkers);

/* The common case of one cell per section: SECTIONS[i].run(c) writes section i (its rows,
 * params and notes); the cells are named "section NAME" in the group "sections". */
typedef struct {
    const char *name;
    void (*run)(checker_t *c);
} checker_section_cell_t;
int checker_run_sections(checker_t *c, const checker_section_cell_t *sections, long nsections,
                         int nworkers);

/* Write the table, print the summary, free everything; returns the exit status.  A shard
 * (--shard) writes no table and returns 0 once its cells are stored; --assemble with cells
 * missing from the store names them, writes nothing and returns 2. */
int checker_finish(checker_t *c);

/* Abort the run after a bad-input or internal error: prints "NAME: message" (one line),
 * discards the report (nothing is written), and returns 2 for main to return. */
int checker_fail(checker_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
