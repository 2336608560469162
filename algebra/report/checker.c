/* checker.c -- the checker front end (see checker.h). */
#include "report/checker.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void print_help(const checker_info_t *info, const char *prog)
{
    printf("usage: %s [--quick] [--seed N] [--out DIR] [--quiet]", prog);
    for (const checker_option_t *o = info->options; o && o->flag; o++)
        printf(" [%s N]", o->flag);
    printf("\n\n%s\n  checks: %s\n\n%s\n\n", info->title, info->statement, info->description);
    printf("  --quick     small sizes (the mode used by 'make check')\n"
           "  --seed N    seed of every random draw (default 1); the same seed gives the same table\n"
           "  --out DIR   where %s.md and %s.csv are written (default results)\n"
           "  --quiet     no progress line on stderr\n"
           "  --help      this text\n",
           info->name, info->name);
    for (const checker_option_t *o = info->options; o && o->flag; o++)
        printf("  %-11s %s (default %ld)\n", o->flag, o->help, *o->value);
    printf("\nExit status: 0 when every positive row holds and every negative control is\n"
           "detected, 1 otherwise, 2 on bad usage or bad input.\n");
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
 * directory; options with their values as given). */
static void record_command(report_t *r, int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *cmd = malloc(len);
    const char *base = strrchr(argv[0], '/');
    strcpy(cmd, base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++) {
        strcat(cmd, " ");
        strcat(cmd, argv[i]);
    }
    report_meta(r, "command", "%s", cmd);
    free(cmd);
}

int checker_start(checker_t *c, const checker_info_t *info, int argc, char **argv)
{
    memset(c, 0, sizeof *c);
    c->info = info;
    c->seed = 1;
    c->out_dir = "results";
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
        } else {
            int rc = parse_extra(info, a, i + 1 < argc ? argv[i + 1] : NULL);
            if (rc)
                return rc;
            i++;
        }
    }
    progress_set_quiet(c->quiet);
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

void checker_section(checker_t *c, const char *title, const char *columns)
{
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
    if (c->sink) { /* a worker: hand the row to the parent (cells hold no tab or newline) */
        fprintf(c->sink, "%d\t%d\t%s\n", (int)kind, holds, cells);
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
    report_meta(c->report, key, "%s", v);
    free(v);
}

void checker_note(checker_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = report_vformat(fmt, ap);
    va_end(ap);
    report_note(c->report, "%s", v);
    free(v);
}

static void checker_free(checker_t *c)
{
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

int checker_finish(checker_t *c)
{
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

/* ---------------------------------------------------------------- parallel cells */
static void reseed_for_cell(checker_t *c, long cell)
{
    flint_randseed(c->rand, c->seed * 2654435761UL + 12345UL + 7919UL * (ulong)(cell + 1),
                   (c->seed ^ 0x9e3779b97f4a7c15UL) + (ulong)cell);
}

/* Worker W: takes cells from the shared counter NEXT (dynamic scheduling, in reverse order:
 * the checkers list their largest cells last), each announced by a line "@CELL", rows as
 * "kind<TAB>holds<TAB>cells". */
static void run_worker(checker_t *c, int fd, int w, long *next, long ncells, checker_cell_fn fn,
                       void *ctx)
{
    FILE *out = fdopen(fd, "w");
    c->sink = out;
    progress_t p;
    progress_start(&p, c->info->name, ncells);
    if (w != 0)
        p.active = 0; /* one progress line: worker 0's */
    for (;;) {
        long taken = __atomic_fetch_add(next, 1, __ATOMIC_SEQ_CST);
        if (taken >= ncells)
            break;
        long cell = ncells - 1 - taken;
        progress_update(&p, taken, "cell %ld", cell);
        reseed_for_cell(c, cell);
        fprintf(out, "@%ld\n", cell);
        fn(c, cell, ctx);
    }
    progress_end(&p);
    fclose(out);
}

typedef struct {
    char **lines;
    size_t n, cap;
} cell_rows_t;

static void collect_rows(FILE *in, cell_rows_t *rows, long ncells)
{
    char *line = NULL;
    size_t cap = 0;
    long cell = -1;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '@') {
            cell = strtol(line + 1, NULL, 10);
            continue;
        }
        if (cell < 0 || cell >= ncells)
            continue;
        cell_rows_t *r = rows + cell;
        if (r->n == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 8;
            r->lines = realloc(r->lines, r->cap * sizeof *r->lines);
        }
        r->lines[r->n++] = strdup(line);
    }
    free(line);
}

/* Append the collected rows in cell order (unless EMIT is 0) and free them. */
static void emit_rows(checker_t *c, cell_rows_t *rows, long ncells, int emit)
{
    for (long cell = 0; cell < ncells; cell++) {
        for (size_t k = 0; k < rows[cell].n; k++) {
            char *l = rows[cell].lines[k], *t1 = strchr(l, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (emit && t2)
                checker_row(c, (row_kind_t)atoi(l), atoi(t1 + 1), "%s", t2 + 1);
            free(l);
        }
        free(rows[cell].lines);
    }
    free(rows);
}

/* Fork one worker; returns the read end of its pipe (NULL if pipe or fork failed). */
static FILE *start_worker(checker_t *c, pid_t *pid, FILE **earlier, int w, long *next,
                          long ncells, checker_cell_fn fn, void *ctx)
{
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    *pid = fork();
    if (*pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (*pid == 0) {
        close(fds[0]);
        for (int k = 0; k < w; k++)
            fclose(earlier[k]);
        run_worker(c, fds[1], w, next, ncells, fn, ctx);
        _exit(0);
    }
    close(fds[1]);
    return fdopen(fds[0], "r");
}

int checker_run_cells(checker_t *c, long ncells, checker_cell_fn fn, void *ctx, int nworkers)
{
    if (nworkers <= 1) {
        for (long cell = 0; cell < ncells; cell++) {
            reseed_for_cell(c, cell);
            fn(c, cell, ctx);
        }
        return 0;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pids[16];
    FILE *pipes[16];
    nworkers = nworkers > 16 ? 16 : nworkers;
    long *next = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                      -1, 0);
    if (next == MAP_FAILED)
        return -1;
    *next = 0;
    int started = 0;
    while (started < nworkers &&
           (pipes[started] = start_worker(c, &pids[started], pipes, started, next, ncells, fn, ctx)))
        started++;
    int failed = started < nworkers; /* fail, but let the started workers finish first */
    cell_rows_t *rows = calloc((size_t)ncells, sizeof *rows);
    for (int w = 0; w < started; w++) {
        collect_rows(pipes[w], rows, ncells);
        fclose(pipes[w]);
        int status;
        waitpid(pids[w], &status, 0);
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    emit_rows(c, rows, ncells, !failed);
    munmap(next, sizeof(long));
    if (failed)
        fprintf(stderr, "%s: a worker process failed (or could not be started)\n", c->info->name);
    return failed ? -1 : 0;
}
