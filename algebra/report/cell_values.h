/* cell_values.h -- cells whose output is a fixed vector of numbers.
 *
 * For drivers that aggregate independent runs into their tables (means over seeds, claims
 * comparing classes, plots): each run is a cell (cells.h) whose output is NVALS doubles
 * (accuracies, epochs, parameter counts, seconds).  They are stored exactly (C99 hex
 * floats), so the table built from them after the group is the same whether the cells were
 * computed here, by workers, by shards elsewhere, or reused from the store.
 *
 *     double *v = malloc(ncells * NV * sizeof *v);
 *     if (checker_run_value_cells(&c, "runs", ncells, NV, run_one, label_run, &plan, 1, v))
 *         return checker_fail(&c, "a cell could not be computed or stored");
 *     if (!checker_cells_complete(&c))      // a shard, or --assemble with missing cells
 *         return checker_finish(&c);        // (writes nothing, exit 0 / 2)
 *     ... rows, plots and side outputs from v[cell * NV + j] ...
 *
 * FN fills VALS[0..NVALS-1] (preset to NaN) from (--seed, options, cell) only; it must not
 * write rows, sections, params or notes (those belong to the code after the group) and must
 * not write files.  Its randomness: seeds derived from (--seed, cell) by the caller. */
#ifndef ALGEBRA_CELL_VALUES_H
#define ALGEBRA_CELL_VALUES_H

#include "report/checker.h"

typedef void (*cell_values_fn)(checker_t *c, long cell, double *vals, void *ctx);

/* Run NCELLS cells of the group GROUP; on return (when the mode replays cells) OUT[cell *
 * NVALS + j] holds value j of each cell, NaN where a cell was not available.  Returns 0, or
 * -1 if a cell could not be computed, stored, or read back (message printed). */
int checker_run_value_cells(checker_t *c, const char *group, long ncells, int nvals,
                            cell_values_fn fn, checker_cell_label_fn label, void *ctx,
                            int nworkers, double *out);

/* 1 when every cell run so far has been replayed, i.e. the table can be written: not a
 * shard, no cell missing from an --assemble, no cell failed. */
int checker_cells_complete(const checker_t *c);

#endif
