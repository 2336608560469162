/* compare.c -- two tables equal apart from timing columns (sweep.h). */
#include "tools/sweep/sweep.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TIMING 64
#define MAX_FIELDS 512

typedef struct {
    char **lines;
    long n;
} lines_t;

static int read_lines(const char *path, lines_t *out, FILE *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(err, "sweep compare: cannot read %s\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long alloc = 0;
    out->lines = NULL;
    out->n = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (out->n == alloc) {
            alloc = alloc ? 2 * alloc : 256;
            out->lines = realloc(out->lines, (size_t)alloc * sizeof *out->lines);
        }
        out->lines[out->n++] = strdup(line);
    }
    free(line);
    fclose(f);
    return 0;
}

static void free_lines(lines_t *l)
{
    for (long i = 0; i < l->n; i++)
        free(l->lines[i]);
    free(l->lines);
}

/* "a; b; c" -> names (pointers into a copy kept in *STORE) */
static int timing_names(const lines_t *l, const char *prefix, char **store, char **names)
{
    size_t k = strlen(prefix);
    for (long i = 0; i < l->n; i++) {
        if (strncmp(l->lines[i], prefix, k) != 0)
            continue;
        *store = strdup(l->lines[i] + k);
        int n = 0;
        for (char *save = NULL, *t = strtok_r(*store, ";", &save); t && n < MAX_TIMING;
             t = strtok_r(NULL, ";", &save)) {
            while (*t == ' ')
                t++;
            names[n++] = t;
        }
        return n;
    }
    *store = NULL;
    return 0;
}

static int is_timing(const char *col, char **names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(col, names[i]) == 0)
            return 1;
    return 0;
}

/* CSV fields of LINE (quotes removed) into F; returns the count. */
static int csv_fields(const char *line, char **f)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        size_t cap = strlen(p) + 1, k = 0;
        char *cell = malloc(cap);
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    cell[k++] = *++p;
                else if (*p == '"') {
                    p++;
                    break;
                } else
                    cell[k++] = *p;
            }
        }
        while (*p && *p != ',')
            cell[k++] = *p++;
        cell[k] = '\0';
        if (n < MAX_FIELDS)
            f[n++] = cell;
        else
            free(cell);
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

/* Markdown cells of "| a | b |" (trimmed) into F; returns the count. */
static int md_fields(const char *line, char **f)
{
    int n = 0;
    char *copy = strdup(line + 1), *save = NULL;
    size_t len = strlen(copy);
    if (len && copy[len - 1] == '|')
        copy[len - 1] = '\0';
    for (char *t = strtok_r(copy, "|", &save); t && n < MAX_FIELDS; t = strtok_r(NULL, "|", &save)) {
        while (*t == ' ')
            t++;
        char *e = t + strlen(t);
        while (e > t && e[-1] == ' ')
            *--e = '\0';
        f[n++] = strdup(t);
    }
    free(copy);
    return n;
}

/* Rewrite the lines so that timing cells read "<timing>" and the wall time and CPU time
 * lines (measured, not computed) are gone. */
static void normalise(lines_t *l, int csv)
{
    char *store, *names[MAX_TIMING];
    int nt = timing_names(l, csv ? "# timing columns: " : "- timing columns: ", &store, names);
    int mask[MAX_FIELDS] = {0}, header_seen = 0;
    for (long i = 0; i < l->n; i++) {
        char *line = l->lines[i];
        if (strncmp(line, csv ? "# wall time:" : "- wall time:", 12) == 0 ||
            strncmp(line, csv ? "# CPU time:" : "- CPU time:", 11) == 0) { /* measured cost */
            line[0] = '\0';
            continue;
        }
        int is_row = csv ? line[0] != '#' : line[0] == '|';
        if (!is_row)
            continue;
        char *f[MAX_FIELDS];
        int n = csv ? csv_fields(line, f) : md_fields(line, f);
        int header = csv ? !header_seen
                         : i + 1 < l->n && strncmp(l->lines[i + 1], "| ---", 5) == 0;
        if (header) {
            header_seen = 1;
            for (int k = 0; k < MAX_FIELDS; k++)
                mask[k] = k < n && is_timing(f[k], names, nt);
        }
        size_t cap = 16;
        for (int k = 0; k < n; k++)
            cap += strlen(f[k]) + 12;
        char *out = malloc(cap);
        out[0] = '\0';
        for (int k = 0; k < n; k++) {
            strcat(out, k ? "\x1f" : "");
            strcat(out, !header && mask[k] ? "<timing>" : f[k]);
            free(f[k]);
        }
        free(l->lines[i]);
        l->lines[i] = out;
    }
    free(store);
}

static void show(FILE *err, const char *line)
{
    for (const char *p = line; *p; p++)
        fputc(*p == '\x1f' ? '|' : *p, err);
    fputc('\n', err);
}

int sweep_compare(const char *a, const char *b, FILE *err)
{
    lines_t la, lb;
    if (read_lines(a, &la, err) != 0)
        return 2;
    if (read_lines(b, &lb, err) != 0) {
        free_lines(&la);
        return 2;
    }
    size_t len = strlen(a);
    int csv = len > 4 && strcmp(a + len - 4, ".csv") == 0;
    normalise(&la, csv);
    normalise(&lb, csv);
    int rc = 0;
    long i = 0, j = 0;
    for (;;) {
        while (i < la.n && !la.lines[i][0])
            i++;
        while (j < lb.n && !lb.lines[j][0])
            j++;
        if (i >= la.n || j >= lb.n) {
            if (i < la.n || j < lb.n) {
                fprintf(err, "sweep compare: %s has %s lines than %s\n", a,
                        i < la.n ? "more" : "fewer", b);
                rc = 1;
            }
            break;
        }
        if (strcmp(la.lines[i], lb.lines[j]) != 0) {
            fprintf(err, "sweep compare: %s line %ld and %s line %ld differ:\n  < ", a, i + 1, b,
                    j + 1);
            show(err, la.lines[i]);
            fprintf(err, "  > ");
            show(err, lb.lines[j]);
            rc = 1;
            break;
        }
        i++;
        j++;
    }
    free_lines(&la);
    free_lines(&lb);
    return rc;
}
