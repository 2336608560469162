/* model_init.c - seeded initialisation (GSL Gaussian samples handed to each layer). */
#include "trainer/model.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>

void model_init(model_t *m, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *gauss = malloc(m->nparams * sizeof *gauss);
    if (!r || !gauss) { fprintf(stderr, "model: out of memory\n"); abort(); }
    gsl_rng_set(r, seed);
    for (size_t k = 0; k < m->nparams; k++) gauss[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (int l = 0; l < m->nlayers; l++)
        layer_init(m->layers[l], m->params + m->offset[l], gauss + m->offset[l]);
    free(gauss);
    gsl_rng_free(r);
}
