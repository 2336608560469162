/* cell_store.c -- the cell files (see cells.h for the format). */
#include "report/cells.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/report.h"

#define CELL_MAGIC "structured-cells 1\n"
#define CELL_MAX_BYTES (256L << 20) /* a cell file larger than this is not ours */

static char *cell_path(const char *dir, const char *key)
{
    size_t n = strlen(dir) + strlen(key) + 8;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s.cell", dir, key);
    return p;
}

int cell_store_write(const char *dir, const char *key, const char *desc, const char *records,
                     size_t len)
{
    size_t cap = strlen(CELL_MAGIC) + strlen(key) + strlen(desc) + len + 128;
    char *text = malloc(cap);
    if (!text) {
        fprintf(stderr, "cells: out of memory storing cell %s\n", key);
        return -1;
    }
    int head = snprintf(text, cap, CELL_MAGIC "key %s\ncell %s\nlength %zu\n", key, desc, len);
    memcpy(text + head, records, len);
    size_t body = (size_t)head + len;
    char sum[33];
    cells_hash_hex(cells_hash(text, body), sum);
    int tail = snprintf(text + body, cap - body, "checksum %s\n", sum);
    char *path = cell_path(dir, key);
    int rc = report_write_atomic(path, text, body + (size_t)tail);
    free(path);
    free(text);
    return rc;
}

/* Read the whole file; NULL with errno set if it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CELL_MAX_BYTES) {
        fclose(f);
        errno = EFBIG;
        return NULL;
    }
    char *text = malloc((size_t)st.st_size + 1);
    size_t n = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!text)
        return NULL;
    text[n] = '\0';
    *len = n;
    return text;
}

/* Parse "PREFIX value\n" at *P; returns the value (NUL-terminated in place) or NULL. */
static char *header_line(char **p, const char *end, const char *prefix)
{
    size_t k = strlen(prefix);
    if ((size_t)(end - *p) < k || strncmp(*p, prefix, k) != 0)
        return NULL;
    char *v = *p + k, *nl = memchr(v, '\n', (size_t)(end - v));
    if (!nl)
        return NULL;
    *nl = '\0';
    *p = nl + 1;
    return v;
}

int cell_store_read(const char *dir, const char *key, const char *desc, char **records,
                    size_t *len, char why[128])
{
    char *path = cell_path(dir, key);
    size_t n = 0;
    char *text = slurp(path, &n);
    int err = errno;
    free(path);
    if (!text) {
        if (err == ENOENT)
            return 0;
        snprintf(why, 128, "unreadable: %s", strerror(err));
        return -1;
    }
    /* the checksum line is the last line: "checksum <32 hex>\n" */
    const size_t tail = strlen("checksum ") + 32 + 1;
    int ok = n > tail && strncmp(text + n - tail, "checksum ", 9) == 0 && text[n - 1] == '\n';
    if (!ok) {
        snprintf(why, 128, "truncated (no checksum line)");
        free(text);
        return -1;
    }
    char sum[33];
    cells_hash_hex(cells_hash(text, n - tail), sum);
    if (strncmp(sum, text + n - tail + 9, 32) != 0) {
        snprintf(why, 128, "checksum mismatch");
        free(text);
        return -1;
    }
    char *p = text, *end = text + n - tail, *k, *d, *l;
    char *endnum;
    if (strncmp(p, CELL_MAGIC, strlen(CELL_MAGIC)) != 0 || !((p += strlen(CELL_MAGIC)), 1) ||
        !(k = header_line(&p, end, "key ")) || !(d = header_line(&p, end, "cell ")) ||
        !(l = header_line(&p, end, "length "))) {
        snprintf(why, 128, "bad header");
        free(text);
        return -1;
    }
    unsigned long long rl = strtoull(l, &endnum, 10);
    if (*endnum || rl != (unsigned long long)(end - p)) {
        snprintf(why, 128, "length %s does not match the %ld record bytes", l, (long)(end - p));
        free(text);
        return -1;
    }
    if (strcmp(k, key) != 0 || strcmp(d, desc) != 0) {
        snprintf(why, 128, "belongs to another cell (description differs)");
        free(text);
        return -1;
    }
    *len = (size_t)rl;
    *records = malloc(*len + 1);
    memcpy(*records, p, *len);
    (*records)[*len] = '\0';
    free(text);
    return 1;
}

int cell_store_make_dirs(const char *dir)
{
    char *buf = strdup(dir);
    if (!buf)
        return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
    int rc = mkdir(buf, 0755);
    free(buf);
    return rc == 0 || errno == EEXIST ? 0 : -1;
}
