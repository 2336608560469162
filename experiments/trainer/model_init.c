/* model_init.c - seeded initialisation (GSL Gaussian samples handed to each layer). */
#include "trainer/model.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void model_init_authors(model_t *m, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *gauss = calloc(m->nparams, sizeof *gauss);
    if (!r || !gauss) { fprintf(stderr, "model: out of memory\n"); abort(); }
    gsl_rng_set(r, seed);
    for (int l = 0; l < m->nlayers; l++) {
        layer_t *L = m->layers[l];
        double *p = m->params + m->offset[l];
        size_t np = layer_nparams(L);
        if (layer_class_has_rank(L->cls)) {
            /* operators (subdiagonal 1, rest 0) and bias 0 from the layer's own init, then
             * the generators G, H ~ N(0, 1/(r n)) */
            layer_init(L, p, gauss);
            size_t ngen = 2 * (size_t)L->rank * (size_t)L->in;
            double sd = sqrt(1.0 / ((double)L->rank * L->in));
            for (size_t k = 0; k < ngen; k++) p[k] = sd * gsl_ran_gaussian_ziggurat(r, 1.0);
            if (L->cls == LAYER_LDR_TD) {
                /* their W = K(A, g) K(B', h)^T with B' (our B^T) subdiagonal 1: per operator
                 * d (n) | s (n-1) | u (n-1) | cu | cl, s = 1, the rest 0 */
                int n = L->in;
                for (int op = 0; op < 2; op++) {
                    double *o = p + ngen + (size_t)op * 3 * n;
                    memset(o, 0, 3 * (size_t)n * sizeof *o);
                    for (int k = 0; k + 1 < n; k++) o[n + k] = 1.0;
                }
            }
        } else if (l + 1 < m->nlayers && L->cls == LAYER_DENSE) {
            /* their unconstrained hidden layer: W ~ N(0, 1/n), bias 0 */
            double sd = sqrt(1.0 / (double)L->in);
            for (size_t k = 0; k < L->nweights; k++) p[k] = sd * gsl_ran_gaussian_ziggurat(r, 1.0);
            for (size_t k = L->nweights; k < np; k++) p[k] = 0.0;
        } else { /* torch.nn.Linear default: weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)) */
            double a = 1.0 / sqrt((double)L->in);
            for (size_t k = 0; k < np; k++) p[k] = a * (2.0 * gsl_rng_uniform(r) - 1.0);
        }
    }
    free(gauss);
    gsl_rng_free(r);
}
