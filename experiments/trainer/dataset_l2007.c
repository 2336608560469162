/* dataset_l2007.c - Larochelle et al. 2007 noise-background construction (dataset_l2007.h). */
#include "trainer/dataset_l2007.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void dataset_variant_background_max(dataset_t *d, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) { fprintf(stderr, "dataset: out of memory\n"); abort(); }
    gsl_rng_set(r, seed);
    size_t n = (size_t)d->count * d->dim;
    for (size_t k = 0; k < n; k++) {
        double u = gsl_rng_uniform(r);
        if (u > d->x[k]) d->x[k] = u;
    }
    gsl_rng_free(r);
}

int dataset_scale_by_train_sd(dataset_t *train, dataset_t *test)
{
    const int dim = train->dim;
    double *mean = calloc((size_t)dim, sizeof *mean), *m2 = calloc((size_t)dim, sizeof *m2);
    if (!mean || !m2) { fprintf(stderr, "dataset: out of memory\n"); abort(); }
    for (long i = 0; i < train->count; i++) /* Welford, per pixel */
        for (int j = 0; j < dim; j++) {
            double x = train->x[(size_t)i * dim + j], dlt = x - mean[j];
            mean[j] += dlt / (double)(i + 1);
            m2[j] += dlt * (x - mean[j]);
        }
    int flat = 0;
    for (int j = 0; j < dim; j++) {
        double sd = train->count > 0 ? sqrt(m2[j] / (double)train->count) : 0.0;
        m2[j] = sd > 0 ? 1.0 / sd : 1.0;
        flat += !(sd > 0);
    }
    dataset_t *sets[2] = {train, test};
    for (int k = 0; k < 2; k++)
        for (long i = 0; sets[k] && i < sets[k]->count; i++)
            for (int j = 0; j < dim; j++) sets[k]->x[(size_t)i * dim + j] *= m2[j];
    free(mean);
    free(m2);
    return flat;
}
