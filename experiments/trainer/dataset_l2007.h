/* dataset_l2007.h - the construction of Larochelle et al. 2007's MNIST noise variations, as
 * far as the sources allow (experiments/DATASETS.md):
 *   - background: every pixel an independent U[0,1) value, composed with the digit by the
 *     pixelwise maximum (the digit's strokes stay, the black background becomes noise).  This
 *     is the uncorrelated end of the six "background correlation" data sets
 *     (mnist_noise_variations_all_1..6: z ~ N(0, (1 - w) I + w K), pixel = Phi(z), uniform
 *     marginals), i.e. the background process of mnist-back-rand;
 *   - preprocessing of the paper's authors (HazyResearch/structured-nets,
 *     scripts/data/preprocess_mnist_noise.py): every pixel standardised with the mean and
 *     standard deviation of the training part (the mean is removed by dataset_center). */
#ifndef EXPERIMENTS_TRAINER_DATASET_L2007_H
#define EXPERIMENTS_TRAINER_DATASET_L2007_H

#include "trainer/dataset.h"

/* x <- max(x, u), u ~ U[0,1) i.i.d. per pixel (GSL mt19937 seeded with SEED). */
void dataset_variant_background_max(dataset_t *d, unsigned long seed);

/* Divide every pixel of TRAIN and TEST (TEST may be NULL) by its standard deviation over
 * TRAIN (population sd; a pixel with sd 0 is left as it is).  Returns the number of pixels
 * left unscaled. */
int dataset_scale_by_train_sd(dataset_t *train, dataset_t *test);

#endif
