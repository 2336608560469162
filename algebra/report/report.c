/* report.c -- the one results writer (see report.h for the file formats). */
#include "report/report.h"
#include "report/cells.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REPORT_MAX_COLS 64

typedef struct {
    char *text; /* growable string */
    size_t len, cap;
} strbuf_t;

typedef struct {
    char *title;
    int ncols;
    char *cols[REPORT_MAX_COLS];
    int col_index[REPORT_MAX_COLS]; /* position in the CSV union header */
    strbuf_t rows_md;
    char **rows; /* '|'-separated raw rows, for CSV */
    size_t nrows, cap_rows;
} section_t;

struct report {
    char *dir, *name, *title, *statement, *verdict;
    strbuf_t meta, notes;
    section_t *sections;
    int nsections;
    char *union_cols[REPORT_MAX_COLS * 4];
    int nunion;
    strbuf_t timing; /* "a; b": the timing columns (marked "~name" by the caller) */
    double start;
};

static void sb_append(strbuf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *t = realloc(b->text, cap);
        if (!t) {
            fprintf(stderr, "report: out of memory\n");
            exit(2);
        }
        b->text = t;
        b->cap = cap;
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

static void sb_puts(strbuf_t *b, const char *s) { sb_append(b, s, strlen(s)); }

static void sb_vprintf(strbuf_t *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *tmp = malloc((size_t)n + 1);
    if (!tmp) {
        fprintf(stderr, "report: out of memory\n");
        exit(2);
    }
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    sb_append(b, tmp, (size_t)n);
    free(tmp);
}

static char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }

char *report_vformat(const char *fmt, va_list ap)
{
    strbuf_t b = {0};
    sb_vprintf(&b, fmt, ap);
    if (!b.text)
        return strdup("");
    return b.text;
}

double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

report_t *report_open(const char *dir, const char *name, const char *title, const char *statement)
{
    report_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->dir = xstrdup(dir);
    r->name = xstrdup(name);
    r->title = xstrdup(title);
    r->statement = xstrdup(statement);
    r->start = wall_seconds();
    return r;
}

void report_meta(report_t *r, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = report_vformat(fmt, ap);
    va_end(ap);
    sb_puts(&r->meta, key);
    sb_puts(&r->meta, "\t");
    sb_puts(&r->meta, v);
    sb_puts(&r->meta, "\n");
    free(v);
}

void report_note(report_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&r->notes, fmt, ap);
    va_end(ap);
    sb_puts(&r->notes, "\n\n");
}

void report_verdict(report_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(r->verdict);
    r->verdict = report_vformat(fmt, ap);
    va_end(ap);
}

/* Split S on '|' into at most MAX fields (modifies S). */
static int split_cells(char *s, char **out, int max)
{
    int n = 0;
    char *p = s;
    while (n < max) {
        out[n++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    return n;
}

static int union_index(report_t *r, const char *col)
{
    for (int i = 0; i < r->nunion; i++)
        if (strcmp(r->union_cols[i], col) == 0)
            return i;
    if (r->nunion >= (int)(sizeof r->union_cols / sizeof r->union_cols[0])) {
        fprintf(stderr, "report: too many distinct columns\n");
        exit(2);
    }
    r->union_cols[r->nunion] = strdup(col);
    return r->nunion++;
}

void report_section(report_t *r, const char *section_title, const char *columns)
{
    section_t *t = realloc(r->sections, (size_t)(r->nsections + 1) * sizeof *t);
    if (!t) {
        fprintf(stderr, "report: out of memory\n");
        exit(2);
    }
    r->sections = t;
    section_t *s = &r->sections[r->nsections++];
    memset(s, 0, sizeof *s);
    s->title = xstrdup(section_title);
    char *copy = strdup(columns);
    char *cells[REPORT_MAX_COLS];
    s->ncols = split_cells(copy, cells, REPORT_MAX_COLS);
    for (int i = 0; i < s->ncols; i++) {
        const char *name = cells[i];
        if (name[0] == '~') { /* a timing column: listed in the header, compared by nobody */
            name++;
            size_t k = strlen(name);
            const char *t = r->timing.text, *hit = NULL;
            for (const char *q = t; q && (q = strstr(q, name)); q++)
                if ((q == t || (q - t >= 2 && q[-2] == ';' && q[-1] == ' ')) &&
                    (q[k] == '\0' || q[k] == ';'))
                    hit = q;
            if (!hit) {
                if (r->timing.len)
                    sb_puts(&r->timing, "; ");
                sb_puts(&r->timing, name);
            }
        }
        s->cols[i] = strdup(name);
        s->col_index[i] = union_index(r, name);
    }
    free(copy);
}

void report_row(report_t *r, const char *fmt, ...)
{
    if (r->nsections == 0)
        report_section(r, NULL, "value");
    section_t *s = &r->sections[r->nsections - 1];
    va_list ap;
    va_start(ap, fmt);
    char *row = report_vformat(fmt, ap);
    va_end(ap);
    if (s->nrows == s->cap_rows) {
        s->cap_rows = s->cap_rows ? 2 * s->cap_rows : 16;
        char **t = realloc(s->rows, s->cap_rows * sizeof *t);
        if (!t) {
            fprintf(stderr, "report: out of memory\n");
            exit(2);
        }
        s->rows = t;
    }
    s->rows[s->nrows++] = row;
}

double report_elapsed(const report_t *r) { return wall_seconds() - r->start; }

/* CSV quoting: quote a cell containing a comma, quote or newline. */
static void csv_cell(strbuf_t *b, const char *c)
{
    if (strpbrk(c, ",\"\n")) {
        sb_puts(b, "\"");
        for (const char *p = c; *p; p++) {
            if (*p == '"')
                sb_puts(b, "\"");
            sb_append(b, p, 1);
        }
        sb_puts(b, "\"");
    } else {
        sb_puts(b, c);
    }
}

static void render_meta(report_t *r, strbuf_t *md, strbuf_t *csv, double secs)
{
    char line[128];
    snprintf(line, sizeof line, "%.2f s", secs);
    sb_puts(md, "- statement: ");
    sb_puts(md, r->statement ? r->statement : "");
    sb_puts(md, "\n");
    sb_puts(csv, "# title: ");
    sb_puts(csv, r->title);
    sb_puts(csv, "\n# statement: ");
    sb_puts(csv, r->statement ? r->statement : "");
    sb_puts(csv, "\n");
    if (r->verdict) {
        sb_puts(md, "- verdict: ");
        sb_puts(md, r->verdict);
        sb_puts(md, "\n");
        sb_puts(csv, "# verdict: ");
        sb_puts(csv, r->verdict);
        sb_puts(csv, "\n");
    }
    char *meta = r->meta.text ? strdup(r->meta.text) : strdup("");
    for (char *save = NULL, *l = strtok_r(meta, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(l, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        sb_puts(md, "- ");
        sb_puts(md, l);
        sb_puts(md, ": ");
        sb_puts(md, tab + 1);
        sb_puts(md, "\n");
        sb_puts(csv, "# ");
        sb_puts(csv, l);
        sb_puts(csv, ": ");
        sb_puts(csv, tab + 1);
        sb_puts(csv, "\n");
    }
    free(meta);
    if (r->timing.len) {
        sb_puts(md, "- timing columns: ");
        sb_puts(md, r->timing.text);
        sb_puts(md, "\n");
        sb_puts(csv, "# timing columns: ");
        sb_puts(csv, r->timing.text);
        sb_puts(csv, "\n");
    }
    const char *code = cells_code_version_header();
    sb_puts(md, "- code version: ");
    sb_puts(md, code);
    sb_puts(md, "\n");
    sb_puts(csv, "# code version: ");
    sb_puts(csv, code);
    sb_puts(csv, "\n");
    const char *libs = report_library_versions();
    sb_puts(md, "- libraries: ");
    sb_puts(md, libs);
    sb_puts(md, "\n- wall time: ");
    sb_puts(md, line);
    sb_puts(md, "\n");
    sb_puts(csv, "# libraries: ");
    sb_puts(csv, libs);
    sb_puts(csv, "\n# wall time: ");
    sb_puts(csv, line);
    sb_puts(csv, "\n");
}

static void render_section(report_t *r, section_t *s, strbuf_t *md, strbuf_t *csv)
{
    if (s->title) {
        sb_puts(md, "\n## ");
        sb_puts(md, s->title);
        sb_puts(md, "\n");
    }
    sb_puts(md, "\n|");
    for (int i = 0; i < s->ncols; i++) {
        sb_puts(md, " ");
        sb_puts(md, s->cols[i]);
        sb_puts(md, " |");
    }
    sb_puts(md, "\n|");
    for (int i = 0; i < s->ncols; i++)
        sb_puts(md, " --- |");
    sb_puts(md, "\n");
    for (size_t k = 0; k < s->nrows; k++) {
        char *copy = strdup(s->rows[k]);
        char *cells[REPORT_MAX_COLS];
        int nc = split_cells(copy, cells, REPORT_MAX_COLS);
        const char *ucells[REPORT_MAX_COLS * 4] = {0};
        sb_puts(md, "|");
        for (int i = 0; i < s->ncols; i++) {
            const char *c = i < nc ? cells[i] : "";
            sb_puts(md, " ");
            sb_puts(md, c);
            sb_puts(md, " |");
            ucells[s->col_index[i]] = c;
        }
        sb_puts(md, "\n");
        csv_cell(csv, s->title ? s->title : "");
        for (int i = 0; i < r->nunion; i++) {
            sb_puts(csv, ",");
            csv_cell(csv, ucells[i] ? ucells[i] : "");
        }
        sb_puts(csv, "\n");
        free(copy);
    }
}

/* What kind of file a mode names, for a refusal ("is a directory", "is a device", ...). */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m)                 ? "is a directory"
           : S_ISCHR(m) || S_ISBLK(m) ? "is a device"
           : S_ISFIFO(m)              ? "is a FIFO"
           : S_ISSOCK(m)              ? "is a socket"
                                      : "is not a regular file";
}

int report_output_target(const char *path, char *real, size_t reallen, unsigned *mode, char *err,
                         size_t errlen)
{
    struct stat st;
    *mode = 0644;
    if (!path || !*path) {
        snprintf(err, errlen, "output: empty file name");
        return -1;
    }
    if (strlen(path) + 1 > reallen) {
        snprintf(err, errlen, "%s: file name too long", path);
        return -1;
    }
    snprintf(real, reallen, "%s", path);
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0; /* a new file */
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode)) {
        /* follow a symlink to a regular file (the link stays, its target is replaced) */
        char *r = realpath(path, NULL);
        if (!r || stat(r, &st) != 0) {
            snprintf(err, errlen, "%s: is a symlink to a missing file: refused", path);
            free(r);
            return -1;
        }
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "%s: is a symlink to a file that %s: refused", path,
                     file_kind(st.st_mode));
            free(r);
            return -1;
        }
        if (strlen(r) + 1 > reallen) {
            snprintf(err, errlen, "%s: file name too long", r);
            free(r);
            return -1;
        }
        snprintf(real, reallen, "%s", r);
        free(r);
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s: refused (outputs are regular files only)", path,
                 file_kind(st.st_mode));
        return -1;
    }
    if ((st.st_mode & 0222) == 0) {
        /* root may write anyway: a mode without write bits is respected all the same */
        snprintf(err, errlen, "%s: is read-only (mode %03o): refused", path,
                 (unsigned)(st.st_mode & 0777));
        return -1;
    }
    *mode = (unsigned)(st.st_mode & 07777);
    return 0;
}

int report_write_atomic(const char *path, const char *text, size_t len)
{
    char real[4096], err[4200];
    unsigned mode;
    if (report_output_target(path, real, sizeof real, &mode, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (strcmp(real, path) != 0)
        fprintf(stderr, "%s: is a symlink: writing its target %s\n", path, real);
    size_t plen = strlen(real) + 16;
    char *tmp = malloc(plen);
    if (!tmp) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    snprintf(tmp, plen, "%s.tmp.XXXXXX", real);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot create a temporary file beside it: %s\n", path,
                strerror(errno));
        free(tmp);
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    int ok = f && fwrite(text, 1, len, f) == len;
    ok = (f && fclose(f) == 0) && ok;
    if (!f)
        close(fd);
    if (ok)
        chmod(tmp, (mode_t)mode);
    if (!ok || rename(tmp, real) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

static int make_dir(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "report: cannot create directory %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}

static void free_report(report_t *r)
{
    for (int i = 0; i < r->nsections; i++) {
        section_t *s = &r->sections[i];
        free(s->title);
        for (int c = 0; c < s->ncols; c++)
            free(s->cols[c]);
        for (size_t k = 0; k < s->nrows; k++)
            free(s->rows[k]);
        free(s->rows);
        free(s->rows_md.text);
    }
    for (int i = 0; i < r->nunion; i++)
        free(r->union_cols[i]);
    free(r->sections);
    free(r->meta.text);
    free(r->notes.text);
    free(r->timing.text);
    free(r->dir);
    free(r->name);
    free(r->title);
    free(r->statement);
    free(r->verdict);
    free(r);
}

void report_discard(report_t *r)
{
    if (r)
        free_report(r);
}

int report_close(report_t *r)
{
    double secs = report_elapsed(r);
    strbuf_t md = {0}, csv = {0};
    sb_puts(&md, "# ");
    sb_puts(&md, r->title);
    sb_puts(&md, "\n\n");
    render_meta(r, &md, &csv, secs);
    sb_puts(&csv, "section");
    for (int i = 0; i < r->nunion; i++) {
        sb_puts(&csv, ",");
        csv_cell(&csv, r->union_cols[i]);
    }
    sb_puts(&csv, "\n");
    for (int i = 0; i < r->nsections; i++)
        render_section(r, &r->sections[i], &md, &csv);
    if (r->notes.text) {
        sb_puts(&md, "\n");
        sb_puts(&md, r->notes.text);
    }
    int rc = make_dir(r->dir);
    size_t plen = strlen(r->dir) + strlen(r->name) + 8;
    char *path = malloc(plen);
    if (rc == 0) {
        snprintf(path, plen, "%s/%s.md", r->dir, r->name);
        rc = report_write_atomic(path, md.text, md.len);
    }
    if (rc == 0) {
        snprintf(path, plen, "%s/%s.csv", r->dir, r->name);
        rc = report_write_atomic(path, csv.text, csv.len);
    }
    free(path);
    free(md.text);
    free(csv.text);
    free_report(r);
    return rc;
}
