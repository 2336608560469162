/* llu_random.c -- GSL-backed seeded randomness (see llu_random.h). */
#include "learned_lu/llu_random.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

struct llu_rng {
    gsl_rng *r;
    int *pool;
    int pool_len;
};

llu_rng_t *llu_rng_create(unsigned long seed)
{
    llu_rng_t *g = calloc(1, sizeof *g);
    g->r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g->r, seed);
    return g;
}

void llu_rng_free(llu_rng_t *g)
{
    if (!g)
        return;
    gsl_rng_free(g->r);
    free(g->pool);
    free(g);
}

void llu_rng_normals(llu_rng_t *g, double *x, size_t len)
{
    for (size_t i = 0; i < len; i++)
        x[i] = gsl_ran_gaussian_ziggurat(g->r, 1.0);
}

void llu_rng_subset(llu_rng_t *g, int *idx, int k, int lo, int hi)
{
    int len = hi - lo;
    if (len > g->pool_len) {
        free(g->pool);
        g->pool = malloc(sizeof(int) * len);
        g->pool_len = len;
    }
    for (int i = 0; i < len; i++)
        g->pool[i] = lo + i;
    gsl_ran_choose(g->r, idx, k, g->pool, len, sizeof(int));
}
