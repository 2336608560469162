/* train_data.c - the data of a `train` run: named sets or IDX / .npy file pairs, subsets,
 * validation split, centring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_mat.h>

#include "io/npy.h"
#include "train_cli.h"
#include "trainer/expdata.h"

#define TRAIN_NPY_MAX_ENTRIES 20000000L

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Read a .npy matrix of doubles (rows x cols) into a malloc'd array. */
static double *npy_doubles(const char *path, long *rows, long *cols)
{
    fmpq_mat_t M;
    char err[256];
    if (npy_read(M, path, err, sizeof err)) { fprintf(stderr, "train: %s\n", err); return NULL; }
    *rows = fmpq_mat_nrows(M);
    *cols = fmpq_mat_ncols(M);
    double *v = NULL;
    if (*rows * *cols > TRAIN_NPY_MAX_ENTRIES)
        fprintf(stderr, "train: %s: %ld entries, more than the %ld read through .npy (use IDX)\n",
                path, *rows * *cols, TRAIN_NPY_MAX_ENTRIES);
    else if (!(v = malloc((size_t)(*rows * *cols + 1) * sizeof *v)))
        fprintf(stderr, "train: %s: out of memory\n", path);
    for (long i = 0; v && i < *rows; i++)
        for (long j = 0; j < *cols; j++)
            if (!npy_fmpq_is_double(fmpq_mat_entry(M, i, j), &v[i * *cols + j])) {
                fprintf(stderr, "train: %s: entry (%ld,%ld) is not a float64 value\n", path, i, j);
                free(v);
                v = NULL;
            }
    fmpq_mat_clear(M);
    return v;
}

/* Images .npy (N x d, values in [0,1], or in [0,255] when any exceeds 1, scaled by 1/255)
 * and labels .npy (N values, or N x 1, integers in 0..9). */
static int load_npy_pair(const char *images, const char *labels, dataset_t *d)
{
    long n, dim, ln, lc;
    double *x = npy_doubles(images, &n, &dim);
    if (!x) return -1;
    double *y = npy_doubles(labels, &ln, &lc);
    if (!y) { free(x); return -1; }
    int rc = -1;
    if (ln * lc != n) {
        fprintf(stderr, "train: %s: %ld labels for %ld images in %s\n", labels, ln * lc, n, images);
    } else if (n < 1 || dim < 1) {
        fprintf(stderr, "train: %s: empty image array\n", images);
    } else if (!dataset_alloc(d, n, 1, (int)dim, 10)) {
        double mx = 0;
        for (long k = 0; k < n * dim; k++) if (x[k] > mx) mx = x[k];
        double scale = mx > 1 ? 1.0 / 255.0 : 1.0;
        memcpy(d->x, x, (size_t)(n * dim) * sizeof *x);
        for (long k = 0; k < n * dim; k++) d->x[k] *= scale;
        rc = 0;
        for (long i = 0; i < n && !rc; i++) {
            double v = y[i];
            if (v != (double)(int)v || v < 0 || v > 9) {
                fprintf(stderr, "train: %s: label %ld is %g, not an integer in 0..9\n", labels, i, v);
                dataset_free(d);
                rc = -1;
            } else {
                d->y[i] = (int)v;
            }
        }
    }
    free(x);
    free(y);
    return rc;
}

static int load_pair(const char *images, const char *labels, dataset_t *d)
{
    if (ends_with(images, ".npy") || ends_with(labels, ".npy")) return load_npy_pair(images, labels, d);
    return dataset_load_idx(d, images, labels, 10, 0, NULL);
}

static int keep_subset(dataset_t *d, long max, unsigned long seed)
{
    if (max <= 0 || max >= d->count) return 0;
    dataset_t s;
    if (dataset_fraction(&s, d, (double)max / d->count, seed)) return -1;
    dataset_free(d);
    *d = s;
    return 0;
}

/* FILES = TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS] */
static int load_files(const train_opts_t *o, dataset_t *train, dataset_t *test)
{
    char *spec = strdup(o->data), *part[5] = {0};
    int np = 0;
    if (!spec) return -1;
    for (char *tok = strtok(spec, ","); tok && np < 5; tok = strtok(NULL, ",")) part[np++] = tok;
    int rc = -1;
    if (np != 2 && np != 4) {
        fprintf(stderr, "train: --data '%s': not a known data set (fashion, mnist, mnist-noise, "
                "mnist-bg-rot, mnist-noise-l2007, synthetic) nor IMAGES,LABELS[,TEST_IMAGES,TEST_LABELS]\n", o->data);
    } else if (!load_pair(part[0], part[1], train)) {
        rc = 0;
        if (np == 4 && load_pair(part[2], part[3], test)) { dataset_free(train); rc = -1; }
        if (!rc && np == 4 && test->dim != train->dim) {
            fprintf(stderr, "train: %s: %d features per example, the training images have %d\n",
                    part[2], test->dim, train->dim);
            dataset_free(train); dataset_free(test);
            rc = -1;
        }
    }
    free(spec);
    if (rc) return -1;
    if (keep_subset(train, o->train, o->seed) || (test->count && keep_subset(test, o->test, o->seed + 1))) {
        dataset_free(train); dataset_free(test);
        return -1;
    }
    return 0;
}

int train_load_data(const train_opts_t *o, dataset_t *train, dataset_t *val, dataset_t *test)
{
    memset(train, 0, sizeof *train);
    memset(val, 0, sizeof *val);
    memset(test, 0, sizeof *test);
    expdata_kind_t kind;
    if (!expdata_from_name(o->data, &kind)) {
        if (expdata_load_raw(kind, o->train, o->test, o->seed, train, test)) return 2;
    } else if (load_files(o, train, test)) {
        return 2;
    }
    if (o->val > 0) {
        long nval = (long)(o->val * train->count + 0.5);
        dataset_t all = *train, tr;
        if (nval < 1 || nval >= all.count) {
            fprintf(stderr, "train: --val %g leaves no validation or no training example of %ld\n",
                    o->val, all.count);
            dataset_free(&all); dataset_free(test);
            return 2;
        }
        if (dataset_split_stratified(&all, nval, o->seed + 2, &tr, val)) {
            dataset_free(&all); dataset_free(test);
            return 2;
        }
        dataset_free(&all);
        *train = tr;
    }
    if (o->center) dataset_center3(train, val->count ? val : NULL, test->count ? test : NULL);
    return 0;
}
