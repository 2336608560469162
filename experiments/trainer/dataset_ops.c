/* dataset_ops.c - seeded subsets, stratified splits, derived variants, random data.
 * All randomness from a GSL mt19937 generator seeded by the caller's seed. */
#include "trainer/dataset.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gsl_rng *dataset_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) { fprintf(stderr, "dataset: out of memory\n"); abort(); }
    gsl_rng_set(r, seed);
    return r;
}

int dataset_subset(dataset_t *dst, const dataset_t *src, const long *idx, long k)
{
    if (dataset_alloc(dst, k, src->rows, src->cols, src->nclass)) return -1;
    for (long i = 0; i < k; i++) {
        memcpy(dst->x + (size_t)i * src->dim, src->x + (size_t)idx[i] * src->dim,
               (size_t)src->dim * sizeof *dst->x);
        dst->y[i] = src->y[idx[i]];
    }
    return 0;
}

/* Per-class quotas summing to TAKE, proportional to class sizes (largest remainder). */
static void dataset_quotas(const long *size, int nclass, long total, long take, long *quota)
{
    double *rem = malloc((size_t)nclass * sizeof *rem);
    long given = 0;
    for (int c = 0; c < nclass; c++) {
        double exact = (double)take * size[c] / (double)total;
        quota[c] = (long)floor(exact);
        rem[c] = exact - quota[c];
        given += quota[c];
    }
    while (given < take) { /* ties broken by the lower class index */
        int best = -1;
        for (int c = 0; c < nclass; c++)
            if (quota[c] < size[c] && (best < 0 || rem[c] > rem[best])) best = c;
        quota[best]++; rem[best] = -1.0; given++;
    }
    free(rem);
}

/* Shuffle indices within each class; return TAKE_IDX (first quota of each class) and
 * REST_IDX (the others), each shuffled as a whole. */
static int dataset_stratify(const dataset_t *d, long take, unsigned long seed, long *take_idx,
                            long *rest_idx)
{
    const int K = d->nclass;
    long *size = calloc((size_t)K, sizeof *size), *quota = calloc((size_t)K, sizeof *quota);
    long *order = malloc((size_t)d->count * sizeof *order);
    if (!size || !quota || !order) { free(size); free(quota); free(order); return -1; }
    for (long i = 0; i < d->count; i++) size[d->y[i]]++;
    dataset_quotas(size, K, d->count, take, quota);
    gsl_rng *r = dataset_rng(seed);
    for (long i = 0; i < d->count; i++) order[i] = i;
    gsl_ran_shuffle(r, order, (size_t)d->count, sizeof *order);
    long nt = 0, nr = 0;
    long *seen = calloc((size_t)K, sizeof *seen);
    for (long k = 0; k < d->count; k++) {
        long i = order[k];
        int c = d->y[i];
        if (seen[c]++ < quota[c]) take_idx[nt++] = i;
        else rest_idx[nr++] = i;
    }
    gsl_rng_free(r);
    free(size); free(quota); free(order); free(seen);
    return 0;
}

int dataset_split_stratified(const dataset_t *all, long test_count, unsigned long seed,
                             dataset_t *train, dataset_t *test)
{
    if (test_count <= 0 || test_count >= all->count) {
        fprintf(stderr, "dataset: test size %ld out of range for %ld examples\n", test_count,
                all->count);
        return -1;
    }
    long *ti = malloc((size_t)test_count * sizeof *ti);
    long *ri = malloc((size_t)(all->count - test_count) * sizeof *ri);
    int rc = -1;
    if (ti && ri && dataset_stratify(all, test_count, seed, ti, ri) == 0 &&
        dataset_subset(test, all, ti, test_count) == 0) {
        if (dataset_subset(train, all, ri, all->count - test_count) == 0) rc = 0;
        else dataset_free(test);
    }
    free(ti); free(ri);
    return rc;
}

int dataset_fraction(dataset_t *dst, const dataset_t *src, double fraction, unsigned long seed)
{
    if (!(fraction > 0.0 && fraction <= 1.0)) {
        fprintf(stderr, "dataset: fraction %g outside (0,1]\n", fraction);
        return -1;
    }
    long take = lround(fraction * src->count);
    if (take < src->nclass) take = src->nclass < src->count ? src->nclass : src->count;
    long *ti = malloc((size_t)take * sizeof *ti);
    long *ri = malloc((size_t)(src->count - take + 1) * sizeof *ri);
    int rc = -1;
    if (ti && ri && dataset_stratify(src, take, seed, ti, ri) == 0)
        rc = dataset_subset(dst, src, ti, take);
    free(ti); free(ri);
    return rc;
}

void dataset_variant_noise(dataset_t *d, double amplitude, unsigned long seed)
{
    gsl_rng *r = dataset_rng(seed);
    size_t n = (size_t)d->count * d->dim;
    for (size_t k = 0; k < n; k++) {
        double v = d->x[k] + amplitude * gsl_rng_uniform(r);
        d->x[k] = v > 1.0 ? 1.0 : v;
    }
    gsl_rng_free(r);
}

/* Bilinear sample of a rows x cols image at (y, x); 0 outside. */
static double dataset_bilinear(const double *img, int rows, int cols, double y, double x)
{
    int y0 = (int)floor(y), x0 = (int)floor(x);
    double fy = y - y0, fx = x - x0, v = 0;
    for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++) {
            int yy = y0 + dy, xx = x0 + dx;
            if (yy < 0 || yy >= rows || xx < 0 || xx >= cols) continue;
            v += (dy ? fy : 1 - fy) * (dx ? fx : 1 - fx) * img[yy * cols + xx];
        }
    return v;
}

int dataset_variant_bg_rot(dataset_t *d, const dataset_t *bg, double bg_weight,
                           unsigned long seed)
{
    if (bg->rows != d->rows || bg->cols != d->cols || bg->count < 1) {
        fprintf(stderr, "dataset: background images must be %d x %d\n", d->rows, d->cols);
        return -1;
    }
    const int R = d->rows, C = d->cols;
    double *tmp = malloc((size_t)d->dim * sizeof *tmp);
    if (!tmp) return -1;
    gsl_rng *r = dataset_rng(seed);
    const double cy = (R - 1) / 2.0, cx = (C - 1) / 2.0;
    for (long i = 0; i < d->count; i++) {
        double *img = d->x + (size_t)i * d->dim;
        double th = 2 * M_PI * gsl_rng_uniform(r), c = cos(th), s = sin(th);
        long b = (long)gsl_rng_uniform_int(r, (unsigned long)bg->count);
        int sy = (int)gsl_rng_uniform_int(r, (unsigned long)R);
        int sx = (int)gsl_rng_uniform_int(r, (unsigned long)C);
        const double *bimg = bg->x + (size_t)b * bg->dim;
        for (int y = 0; y < R; y++)
            for (int x = 0; x < C; x++) { /* inverse rotation of the output pixel */
                double yy = cy + c * (y - cy) - s * (x - cx);
                double xx = cx + s * (y - cy) + c * (x - cx);
                double v = dataset_bilinear(img, R, C, yy, xx);
                double w = bg_weight * bimg[((y + sy) % R) * C + (x + sx) % C];
                tmp[y * C + x] = v > w ? v : w;
            }
        memcpy(img, tmp, (size_t)d->dim * sizeof *tmp);
    }
    gsl_rng_free(r);
    free(tmp);
    return 0;
}

void dataset_randomize_labels(dataset_t *d, unsigned long seed)
{
    gsl_rng *r = dataset_rng(seed);
    for (long i = 0; i < d->count; i++)
        d->y[i] = (int)gsl_rng_uniform_int(r, (unsigned long)d->nclass);
    gsl_rng_free(r);
}

int dataset_random(dataset_t *d, long count, int dim, int nclass, unsigned long seed)
{
    if (dataset_alloc(d, count, 1, dim, nclass)) return -1;
    gsl_rng *r = dataset_rng(seed);
    for (size_t k = 0; k < (size_t)count * dim; k++) d->x[k] = gsl_rng_uniform(r);
    gsl_rng_free(r);
    dataset_randomize_labels(d, seed + 0x9e3779b9UL);
    return 0;
}

void dataset_center(dataset_t *train, dataset_t *test)
{
    dataset_center3(train, NULL, test);
}

void dataset_center3(dataset_t *train, dataset_t *val, dataset_t *test)
{
    double *mean = calloc((size_t)train->dim, sizeof *mean);
    if (!mean) { fprintf(stderr, "dataset: out of memory\n"); abort(); }
    for (long i = 0; i < train->count; i++)
        for (int j = 0; j < train->dim; j++) mean[j] += train->x[(size_t)i * train->dim + j];
    for (int j = 0; j < train->dim; j++) mean[j] /= train->count;
    dataset_t *sets[3] = {train, val, test};
    for (int k = 0; k < 3; k++)
        for (long i = 0; sets[k] && i < sets[k]->count; i++)
            for (int j = 0; j < sets[k]->dim; j++) sets[k]->x[(size_t)i * sets[k]->dim + j] -= mean[j];
    free(mean);
}
