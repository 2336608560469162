/* checker.c -- the checker front end (see checker.h). */
#include "report/checker.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_help(const checker_info_t *info, const char *prog)
{
    printf("usage: %s [--quick] [--seed N] [--out DIR] [--quiet] [--cells DIR] [--fresh]\n"
           "       [--shard K/N | --assemble] [--workers N]", prog);
    for (const checker_option_t *o = info->options; o && o->flag; o++)
        printf(" [%s N]", o->flag);
    printf("\n\n%s\n  checks: %s\n\n%s\n\n", info->title, info->statement, info->description);
    printf("  --quick     small sizes (the mode used by 'make check')\n"
           "  --seed N    seed of every random draw (default 1); the same seed gives the same table\n"
           "  --out DIR   where %s.md and %s.csv are written (default results)\n"
           "  --quiet     no progress line on stderr\n"
           "  --help      this text\n",
           info->name, info->name);
    cells_print_help(stdout);
    for (const checker_option_t *o = info->options; o && o->flag; o++)
        printf("  %-11s %s (default %ld)\n", o->flag, o->help, *o->value);
    printf("\nExit status: 0 when every positive row holds and every negative control is\n"
           "detected, 1 otherwise, 2 on bad usage or bad input.  A --shard run exits 0 once\n"
           "its cells are stored; --assemble exits 2 when cells are missing (named on stderr).\n");
}

static int parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    if (!s || *s == '-' || *s == '\0')
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    if (!s || *s == '\0')
        return -1;
    long v = strtol(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_extra(const checker_info_t *info, const char *flag, const char *val)
{
    for (const checker_option_t *o = info->options; o && o->flag; o++) {
        if (strcmp(o->flag, flag) == 0) {
            if (parse_long(val, o->value) != 0) {
                fprintf(stderr, "%s: %s expects an integer, got '%s'\n", info->name, flag,
                        val ? val : "");
                return 2;
            }
            return 0;
        }
    }
    fprintf(stderr, "%s: unknown option '%s' (see --help)\n", info->name, flag);
    return 2;
}

/* The command line, so that a table says how to reproduce it (the program name without its
 * directory; options with their values as given, except --out and the cell flags, which say
 * where the table goes and how its cells were scheduled: the table is the same for all). */
static void record_command(report_t *r, int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *cmd = malloc(len);
    const char *base = strrchr(argv[0], '/');
    strcpy(cmd, base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++) {
        /* where the table goes and how its cells were scheduled are not part of it */
        cells_opts_t skip = {0};
        int k = i;
        if (cells_parse_flag(&skip, "", argc, argv, &k) == 1) {
            i = k;
            continue;
        }
        if (strcmp(argv[i], "--out") == 0) {
            i++;
            continue;
        }
        strcat(cmd, " ");
        strcat(cmd, argv[i]);
    }
    report_meta(r, "command", "%s", cmd);
    free(cmd);
}

/* The run's identity for the cell keys: everything that can change a cell's output. */
static int open_cells(checker_t *c)
{
    size_t cap = 256, len;
    for (const checker_option_t *o = c->info->options; o && o->flag; o++)
        cap += strlen(o->flag) + 24;
    char *id = malloc(cap);
    len = (size_t)snprintf(id, cap, "seed %lu; mode %s; options", c->seed,
                           c->quick ? "quick" : "default");
    for (const checker_option_t *o = c->info->options; o && o->flag; o++)
        len += (size_t)snprintf(id + len, cap - len, " %s=%ld", o->flag, *o->value);
    int rc = cells_open(&c->cells, c->info->name, id, &c->cell_opts);
    free(id);
    return rc;
}

int checker_start(checker_t *c, const checker_info_t *info, int argc, char **argv)
{
    memset(c, 0, sizeof *c);
    c->info = info;
    c->seed = 1;
    c->out_dir = "results";
    int crc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(info, argv[0]);
            return 0;
        } else if (strcmp(a, "--quick") == 0) {
            c->quick = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            c->quiet = 1;
        } else if (strcmp(a, "--seed") == 0) {
            if (parse_ulong(i + 1 < argc ? argv[i + 1] : NULL, &c->seed) != 0) {
                fprintf(stderr, "%s: --seed expects a non-negative integer\n", info->name);
                return 2;
            }
            i++;
        } else if (strcmp(a, "--out") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: --out expects a directory\n", info->name);
                return 2;
            }
            c->out_dir = argv[++i];
        } else if ((crc = cells_parse_flag(&c->cell_opts, info->name, argc, argv, &i)) != 0) {
            if (crc != 1)
                return crc;
        } else {
            int rc = parse_extra(info, a, i + 1 < argc ? argv[i + 1] : NULL);
            if (rc)
                return rc;
            i++;
        }
    }
    if (c->cell_opts.shard_n && c->cell_opts.assemble) {
        fprintf(stderr, "%s: --shard and --assemble exclude each other\n", info->name);
        return 2;
    }
    progress_set_quiet(c->quiet);
    if (open_cells(c) != 0)
        return 2;
    flint_randinit(c->rand);
    flint_randseed(c->rand, c->seed * 2654435761UL + 12345UL, c->seed ^ 0x9e3779b97f4a7c15UL);
    c->report = report_open(c->out_dir, info->name, info->title, info->statement);
    report_meta(c->report, "seed", "%lu", c->seed);
    report_meta(c->report, "mode", "%s", c->quick ? "quick" : "default");
    record_command(c->report, argc, argv);
    printf("%s: %s (seed %lu%s)\n", info->name, info->statement, c->seed,
           c->quick ? ", quick" : "");
    return CHECKER_RUN;
}

/* A record field: tab, newline and backslash escaped (undone by unescape_field). */
static void put_field(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\t')
            fputs("\\t", out);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\\')
            fputs("\\\\", out);
        else
            fputc(*p, out);
    }
}

void checker_section(checker_t *c, const char *title, const char *columns)
{
    if (c->sink) { /* computing a cell: record it */
        fprintf(c->sink, "S\t%d\t", title != NULL);
        put_field(c->sink, title ? title : "");
        fputc('\t', c->sink);
        put_field(c->sink, columns);
        fputc('\n', c->sink);
        c->has_section = 1;
        return;
    }
    size_t n = strlen(columns) + 16;
    char *cols = malloc(n);
    snprintf(cols, n, "%s|verdict", columns);
    report_section(c->report, title, cols);
    free(cols);
    c->has_section = 1;
    if (title)
        printf("-- %s\n", title);
}

static const char *verdict_text(row_kind_t kind, int holds, int *bad)
{
    *bad = 0;
    switch (kind) {
    case ROW_POSITIVE:
        *bad = !holds;
        return holds ? "holds" : "FAILS";
    case ROW_NEGATIVE:
        *bad = holds;
        return holds ? "NOT DETECTED" : "violated (expected)";
    case ROW_SKIPPED:
        return "skipped";
    default:
        return "measured";
    }
}

void checker_row(checker_t *c, row_kind_t kind, int holds, const char *fmt, ...)
{
    if (!c->has_section)
        checker_section(c, NULL, "case");
    va_list ap;
    va_start(ap, fmt);
    char *cells = report_vformat(fmt, ap);
    va_end(ap);
    if (c->sink) { /* computing a cell: record the row */
        fprintf(c->sink, "R\t%d\t%d\t", (int)kind, holds);
        put_field(c->sink, cells);
        fputc('\n', c->sink);
        free(cells);
        return;
    }
    int bad;
    const char *v = verdict_text(kind, holds, &bad);
    report_row(c->report, "%s|%s", cells, v);
    if (kind == ROW_POSITIVE) {
        c->positive++;
        c->positive_failed += bad;
    } else if (kind == ROW_NEGATIVE) {
        c->negative++;
        c->negative_missed += bad;
    } else if (kind == ROW_SKIPPED) {
        c->skipped++;
    } else {
        c->measured++;
    }
    for (char *p = cells; *p; p++)
        if (*p == '|')
            *p = ' ';
    printf("  %-20s %s\n", v, cells);
    fflush(stdout);
    free(cells);
}

void checker_param(checker_t *c, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = report_vformat(fmt, ap);
    va_end(ap);
    if (c->sink) {
        fputs("P\t", c->sink);
        put_field(c->sink, key);
        fputc('\t', c->sink);
        put_field(c->sink, v);
        fputc('\n', c->sink);
    } else {
        report_meta(c->report, key, "%s", v);
    }
    free(v);
}

void checker_note(checker_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = report_vformat(fmt, ap);
    va_end(ap);
    if (c->sink) {
        fputs("N\t", c->sink);
        put_field(c->sink, v);
        fputc('\n', c->sink);
    } else {
        report_note(c->report, "%s", v);
    }
    free(v);
}

void checker_side_output(checker_t *c, const char *name, const char *data)
{
    if (c->sink) {
        fputs("O\t", c->sink);
        put_field(c->sink, name);
        fputc('\t', c->sink);
        put_field(c->sink, data);
        fputc('\n', c->sink);
    } else if (c->side_output) {
        c->side_output(c, name, data, c->side_ctx);
    }
}

static void checker_free(checker_t *c)
{
    cells_close(&c->cells);
    flint_randclear(c->rand);
    flint_cleanup_master();
}

/* "PASS: 3/3 positive rows hold, 2/2 negative controls detected, 4 measured rows" -- only the
 * kinds of rows the table has; MEASURED when it decides no claim at all. */
static void verdict_line(const checker_t *c, char *buf, size_t len)
{
    int ok = c->positive_failed == 0 && c->negative_missed == 0;
    int decides = c->positive + c->negative > 0;
    size_t k = (size_t)snprintf(buf, len, "%s:", !decides ? "MEASURED" : ok ? "PASS" : "FAIL");
    const char *sep = " ";
    if (c->positive && k < len)
        k += (size_t)snprintf(buf + k, len - k, "%s%ld/%ld positive rows hold", sep,
                              c->positive - c->positive_failed, c->positive), sep = ", ";
    if (c->negative && k < len)
        k += (size_t)snprintf(buf + k, len - k, "%s%ld/%ld negative controls detected", sep,
                              c->negative - c->negative_missed, c->negative), sep = ", ";
    if (c->measured && k < len)
        k += (size_t)snprintf(buf + k, len - k, "%s%ld measured rows", sep, c->measured), sep = ", ";
    if (c->skipped && k < len)
        snprintf(buf + k, len - k, "%s%ld skipped (reasons in the rows)", sep, c->skipped);
}

/* A shard stores its cells and writes no table; an assembly with cells missing fails. */
static int finish_cells(checker_t *c)
{
    const cells_t *s = &c->cells;
    if (cells_is_shard(s)) {
        printf("%s: shard %ld/%ld: %ld cells computed, %ld reused from the store, %ld left to "
               "the other shards -> %s\n", c->info->name, s->opts.shard_k, s->opts.shard_n,
               s->computed, s->reused, s->other_shards, s->dir);
        return 0;
    }
    if (s->missing) {
        fprintf(stderr, "%s: --assemble: %ld cells missing from %s (run their shards first):%s\n",
                c->info->name, s->missing, s->dir, s->missing_names);
        return 2;
    }
    return -1;
}

int checker_finish(checker_t *c)
{
    int early = finish_cells(c);
    if (early >= 0) {
        report_discard(c->report);
        c->report = NULL;
        checker_free(c);
        return early;
    }
    if (c->cells.computed + c->cells.reused > 0)
        printf("%s: cells: %ld computed, %ld reused from the store %s\n", c->info->name,
               c->cells.computed, c->cells.reused, c->cells.dir);
    int ok = c->positive_failed == 0 && c->negative_missed == 0;
    char verdict[256];
    verdict_line(c, verdict, sizeof verdict);
    report_verdict(c->report, "%s", verdict);
    double secs = report_elapsed(c->report);
    int io = report_close(c->report);
    c->report = NULL;
    printf("%s: %s, %.2f s -> %s/%s.md\n", c->info->name, verdict, secs, c->out_dir,
           c->info->name);
    checker_free(c);
    if (io != 0)
        return 2;
    return ok ? 0 : 1;
}

int checker_fail(checker_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", c->info->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    report_discard(c->report);
    c->report = NULL;
    checker_free(c);
    return 2;
}

/* ---------------------------------------------------------------- cells */
static void reseed_for_cell(checker_t *c, long cell)
{
    flint_randseed(c->rand, c->seed * 2654435761UL + 12345UL + 7919UL * (ulong)(cell + 1),
                   (c->seed ^ 0x9e3779b97f4a7c15UL) + (ulong)cell);
}

typedef struct {
    checker_t *c;
    checker_cell_fn fn;
    checker_cell_label_fn label;
    void *ctx;
    int has_section; /* at the start of the group: every cell starts from it */
} group_ctx_t;

static void compute_cell(long cell, FILE *out, void *vctx)
{
    group_ctx_t *g = vctx;
    checker_t *c = g->c;
    c->sink = out;
    c->has_section = g->has_section;
    reseed_for_cell(c, cell);
    g->fn(c, cell, g->ctx);
    c->sink = NULL;
    c->has_section = g->has_section;
}

/* Undo put_field in place. */
static void unescape_field(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Split LINE on tabs into at most MAX unescaped fields; returns the count. */
static int split_record(char *line, char **f, int max)
{
    int n = 0;
    while (n < max) {
        f[n++] = line;
        char *tab = strchr(line, '\t');
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    for (int k = 0; k < n; k++)
        unescape_field(f[k]);
    return n;
}

static void replay_cell(long cell, const char *records, size_t len, void *vctx)
{
    group_ctx_t *g = vctx;
    checker_t *c = g->c;
    (void)cell;
    char *copy = malloc(len + 1);
    memcpy(copy, records, len);
    copy[len] = '\0';
    char *save = NULL;
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *f[5];
        int n = split_record(l, f, 5);
        if (f[0][0] == 'S' && n == 4)
            checker_section(c, atoi(f[1]) ? f[2] : NULL, f[3]);
        else if (f[0][0] == 'R' && n == 4)
            checker_row(c, (row_kind_t)atoi(f[1]), atoi(f[2]), "%s", f[3]);
        else if (f[0][0] == 'P' && n == 3)
            checker_param(c, f[1], "%s", f[2]);
        else if (f[0][0] == 'N' && n == 2)
            checker_note(c, "%s", f[1]);
        else if (f[0][0] == 'O' && n == 3)
            checker_side_output(c, f[1], f[2]);
    }
    free(copy);
}

static void label_cell(long cell, void *vctx, char *buf, size_t len)
{
    group_ctx_t *g = vctx;
    g->label(cell, g->ctx, buf, len);
}

int checker_run_named_cells(checker_t *c, const char *group, long ncells, checker_cell_fn fn,
                            checker_cell_label_fn label, void *ctx, int nworkers)
{
    group_ctx_t g = {c, fn, label, ctx, c->has_section};
    cells_group_t cg = {group, ncells, compute_cell, replay_cell, label ? label_cell : NULL, &g,
                        nworkers};
    int group_number = c->cells.ngroups;
    fflush(stdout);
    int rc = cells_run(&c->cells, &cg);
    /* code after the group sees the same randomness whatever the mode */
    flint_randseed(c->rand, c->seed * 2654435761UL + 104729UL * (ulong)(group_number + 1),
                   (c->seed ^ 0x51ed270b27a3f1d5UL) + (ulong)group_number);
    if (rc != 0)
        c->cells_failed = 1;
    return rc;
}

int checker_run_cells(checker_t *c, long ncells, checker_cell_fn fn, void *ctx, int nworkers)
{
    return checker_run_named_cells(c, NULL, ncells, fn, NULL, ctx, nworkers);
}

static void checker_section_cell_run(checker_t *c, long cell, void *ctx)
{
    ((const checker_section_cell_t *)ctx)[cell].run(c);
}

static void checker_section_cell_label(long cell, void *ctx, char *buf, size_t len)
{
    snprintf(buf, len, "section %s", ((const checker_section_cell_t *)ctx)[cell].name);
}

int checker_run_sections(checker_t *c, const checker_section_cell_t *sections, long nsections,
                         int nworkers)
{
    return checker_run_named_cells(c, "sections", nsections, checker_section_cell_run,
                                   checker_section_cell_label, (void *)sections, nworkers);
}
