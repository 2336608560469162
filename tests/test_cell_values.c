/* test_cell_values.c -- value cells (report/cell_values.h) and side outputs of cells. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cell_values.h"
#include "report/checker.h"

enum { NCELLS = 9, NV = 4 };

static void value_cell(checker_t *c, long cell, double *v, void *ctx)
{
    (void)c, (void)ctx;
    v[0] = 0.1 * (double)cell; /* not exact in decimal */
    v[1] = cell == 3 ? NAN : cell == 4 ? -INFINITY : 1e-310 * (double)cell; /* subnormal */
    v[2] = (double)(cell * cell);
    /* v[3] left unset: NaN */
}

static const checker_info_t info = {"t_values", "T", "S", "D", NULL};

/* Run the toy with the given extra flags; returns checker_cells_complete and fills V. */
static int run_values(const char *d, const char *mode, const char *shard, double *v, long *reused)
{
    char out[128], st[128];
    snprintf(out, sizeof out, "%s/out", d);
    snprintf(st, sizeof st, "%s/store", d);
    char *argv[10] = {"x", "--quiet", "--out", out, "--cells", st, "--workers", "2"};
    int argc = 8;
    if (mode)
        argv[argc++] = (char *)mode;
    if (shard)
        argv[argc++] = (char *)shard;
    checker_t c;
    cr_assert_eq(checker_start(&c, &info, argc, argv), CHECKER_RUN);
    cr_assert_eq(checker_run_value_cells(&c, "runs", NCELLS, NV, value_cell, NULL, NULL, 1, v), 0);
    int complete = checker_cells_complete(&c);
    *reused = c.cells.reused;
    checker_finish(&c);
    return complete;
}

Test(cell_values, exact_roundtrip_reuse_and_shards)
{
    char d[] = "/tmp/cell_valuesXXXXXX";
    cr_assert_not_null(mkdtemp(d));
    double a[NCELLS * NV], b[NCELLS * NV], want[NV];
    long reused;
    cr_assert_eq(run_values(d, "--shard", "0/2", a, &reused), 0, "a shard is not complete");
    cr_assert_eq(run_values(d, "--assemble", NULL, a, &reused), 0, "half the cells are missing");
    cr_assert_eq(run_values(d, NULL, NULL, a, &reused), 1);
    cr_assert_eq(reused, (NCELLS + 1) / 2, "the shard's cells are reused");
    for (long cell = 0; cell < NCELLS; cell++) {
        for (int j = 0; j < NV; j++)
            want[j] = NAN;
        value_cell(NULL, cell, want, NULL);
        for (int j = 0; j < NV; j++)
            cr_assert(memcmp(&a[cell * NV + j], &want[j], sizeof(double)) == 0 ||
                          (isnan(a[cell * NV + j]) && isnan(want[j])),
                      "cell %ld value %d: %a != %a", cell, j, a[cell * NV + j], want[j]);
    }
    cr_assert_eq(run_values(d, "--assemble", NULL, b, &reused), 1);
    cr_assert_eq(reused, NCELLS);
    for (int k = 0; k < NCELLS * NV; k++)
        cr_assert(a[k] == b[k] || (isnan(a[k]) && isnan(b[k])), "value %d differs", k);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
}

/* Side outputs: recorded in the cell, handed to the program at replay, in cell order. */
static void side_cell(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    char text[64];
    snprintf(text, sizeof text, "plot %ld\nline\t2 \\ end", cell);
    checker_side_output(c, cell % 2 ? "odd" : "even", text);
    checker_row(c, ROW_INFO, 1, "%ld", cell);
}

typedef struct {
    char seen[4096];
} side_log_t;

static void collect(checker_t *c, const char *name, const char *data, void *ctx)
{
    (void)c;
    side_log_t *l = ctx;
    size_t n = strlen(l->seen);
    snprintf(l->seen + n, sizeof l->seen - n, "[%s:%s]", name, data);
}

static void run_side(const char *d, side_log_t *l, int workers)
{
    char out[128], st[128], w[8];
    snprintf(out, sizeof out, "%s/out", d);
    snprintf(st, sizeof st, "%s/store", d);
    snprintf(w, sizeof w, "%d", workers);
    char *argv[] = {"x", "--quiet", "--out", out, "--cells", st, "--workers", w};
    checker_t c;
    cr_assert_eq(checker_start(&c, &info, 8, argv), CHECKER_RUN);
    memset(l, 0, sizeof *l);
    c.side_output = collect;
    c.side_ctx = l;
    checker_section(&c, NULL, "cell");
    cr_assert_eq(checker_run_named_cells(&c, "side", 5, side_cell, NULL, NULL, 1), 0);
    checker_finish(&c);
}

Test(cell_values, side_outputs_replayed_in_order)
{
    char d[] = "/tmp/cell_sideXXXXXX";
    cr_assert_not_null(mkdtemp(d));
    side_log_t fresh, reused;
    run_side(d, &fresh, 2); /* computed by two workers */
    run_side(d, &reused, 1); /* every cell from the store */
    const char *want = "[even:plot 0\nline\t2 \\ end][odd:plot 1\nline\t2 \\ end]"
                       "[even:plot 2\nline\t2 \\ end][odd:plot 3\nline\t2 \\ end]"
                       "[even:plot 4\nline\t2 \\ end]";
    cr_assert_str_eq(fresh.seen, want);
    cr_assert_str_eq(reused.seen, want);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
}
