/* exprun.c - shared run helper for the issue-6 drivers. */
#include "trainer/exprun.h"

#include <math.h>
#include <stdio.h>

static const exprun_class_t exprun_table1[] = {
    {LAYER_DENSE, 0},          {LAYER_LDR_TD, 1},          {LAYER_LDR_SD, 1},
    {LAYER_TOEPLITZ_LIKE, 4},  {LAYER_HANKEL_LIKE, 4},     {LAYER_VANDERMONDE_LIKE, 4},
    {LAYER_LOWRANK, 4},        {LAYER_CIRCULANT, 0},       {LAYER_TOEPLITZ, 0},
    {LAYER_LOWER_TRI, 0},      {LAYER_UPPER_TRI, 0},
};

const exprun_class_t *exprun_table1_classes(int *count)
{
    *count = (int)(sizeof exprun_table1 / sizeof exprun_table1[0]);
    return exprun_table1;
}

const char *exprun_label(const exprun_class_t *c, char *buf, size_t len)
{
    if (layer_class_has_rank(c->cls))
        snprintf(buf, len, "%s (r=%d)", layer_class_name(c->cls), c->rank);
    else
        snprintf(buf, len, "%s", layer_class_name(c->cls));
    return buf;
}

int exprun_shl(const exprun_class_t *c, const dataset_t *train, const dataset_t *test,
               const train_config_t *cfg, unsigned long init_seed, train_result_t *res,
               size_t *nparams)
{
    model_t *m = model_create_shl(c->cls, train->dim, c->rank, train->nclass);
    if (!m) return -1;
    model_init(m, init_seed);
    *nparams = m->nparams;
    int rc = train_run(m, train, test, cfg, res);
    model_free(m);
    return rc;
}

train_config_t exprun_default_config(int epochs, unsigned long seed, const char *label)
{
    train_config_t c = train_default_config();
    c.epochs = epochs;
    c.batch = 50;
    c.optim = optim_default_config(OPTIM_ADAM);
    c.schedule = 1;
    c.seed = seed;
    c.label = label;
    return c;
}

void exprun_mean_std(const double *v, int n, double *mean, double *std)
{
    double s = 0, q = 0;
    for (int i = 0; i < n; i++) s += v[i];
    *mean = n ? s / n : 0;
    for (int i = 0; i < n; i++) q += (v[i] - *mean) * (v[i] - *mean);
    *std = n > 1 ? sqrt(q / (n - 1)) : 0;
}
