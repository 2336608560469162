/* cell_values.c -- cells whose output is a fixed vector of numbers (cell_values.h).
 * Record of a cell: one line "values N v_0 ... v_{N-1}" with every value as a C99 hex
 * float (%a), which strtod reads back bit for bit (nan and inf included). */
#include "report/cell_values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    checker_t *c;
    cell_values_fn fn;
    checker_cell_label_fn label;
    void *ctx;
    int nvals;
    double *out;
    int bad; /* a stored record did not parse */
} value_group_t;

static void compute_values(long cell, FILE *out, void *vctx)
{
    value_group_t *g = vctx;
    double *v = malloc((size_t)g->nvals * sizeof *v);
    for (int j = 0; j < g->nvals; j++)
        v[j] = NAN;
    g->fn(g->c, cell, v, g->ctx);
    fprintf(out, "values %d", g->nvals);
    for (int j = 0; j < g->nvals; j++)
        fprintf(out, " %a", v[j]);
    fputc('\n', out);
    free(v);
}

static void replay_values(long cell, const char *records, size_t len, void *vctx)
{
    value_group_t *g = vctx;
    char *copy = malloc(len + 1), *p, *end;
    memcpy(copy, records, len);
    copy[len] = '\0';
    int ok = strncmp(copy, "values ", 7) == 0 && strtol(copy + 7, &p, 10) == g->nvals;
    for (int j = 0; ok && j < g->nvals; j++) {
        g->out[cell * g->nvals + j] = strtod(p, &end);
        ok = end != p;
        p = end;
    }
    if (!ok) {
        fprintf(stderr, "%s: the stored values of cell %ld do not parse\n", g->c->info->name, cell);
        g->bad = 1;
    }
    free(copy);
}

static void label_values(long cell, void *vctx, char *buf, size_t len)
{
    value_group_t *g = vctx;
    g->label(cell, g->ctx, buf, len);
}

int checker_run_value_cells(checker_t *c, const char *group, long ncells, int nvals,
                            cell_values_fn fn, checker_cell_label_fn label, void *ctx,
                            int nworkers, double *out)
{
    if (nvals < 1 || ncells < 0)
        return -1;
    for (long k = 0; k < ncells * nvals; k++)
        out[k] = NAN;
    value_group_t g = {c, fn, label, ctx, nvals, out, 0};
    cells_group_t cg = {group, ncells, compute_values, replay_values,
                        label ? label_values : NULL, &g, nworkers};
    fflush(stdout);
    int rc = cells_run(&c->cells, &cg);
    if (rc != 0 || g.bad) {
        c->cells_failed = 1;
        return -1;
    }
    return 0;
}

int checker_cells_complete(const checker_t *c)
{
    return !cells_is_shard(&c->cells) && c->cells.missing == 0 && !c->cells_failed;
}
