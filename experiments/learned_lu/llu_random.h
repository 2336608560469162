/* llu_random.h -- seeded randomness of the learned block-LU experiment (GSL mt19937).
 * Kept apart from the BLAS files: GSL headers and <cblas.h> cannot share a translation unit. */
#ifndef EXPERIMENTS_LEARNED_LU_RANDOM_H
#define EXPERIMENTS_LEARNED_LU_RANDOM_H

#include <stddef.h>

typedef struct llu_rng llu_rng_t;

llu_rng_t *llu_rng_create(unsigned long seed);
void llu_rng_free(llu_rng_t *g);

/* LEN independent standard normals. */
void llu_rng_normals(llu_rng_t *g, double *x, size_t len);

/* K distinct indices drawn uniformly from [lo, hi) (K <= hi - lo), in increasing order. */
void llu_rng_subset(llu_rng_t *g, int *idx, int k, int lo, int hi);

#endif
