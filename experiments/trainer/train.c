/* train.c - the training loop: seeded batch order, schedule, NaN guard, progress. */
#include "trainer/train.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

train_config_t train_default_config(void)
{
    train_config_t c;
    memset(&c, 0, sizeof c);
    c.epochs = 10;
    c.batch = 50;
    c.optim = optim_default_config(OPTIM_SGD_MOMENTUM);
    c.schedule = 1;
    c.seed = 1;
    c.label = "train";
    return c;
}

static int train_finite(const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(v[k])) return 0;
    return 1;
}

/* One epoch over ORDER; returns the mean loss (NaN on divergence, *bad_step set). */
static double train_epoch(model_t *m, optim_t *o, const dataset_t *d, const long *order,
                          const train_config_t *cfg, long *step, long total, double *xb,
                          int *yb, long *correct, long *bad_step)
{
    double sum = 0;
    long ok = 0;
    for (long s = 0; s < d->count; s += cfg->batch) {
        int b = (int)(d->count - s < cfg->batch ? d->count - s : cfg->batch);
        for (int i = 0; i < b; i++) {
            long e = order[s + i];
            memcpy(xb + (size_t)i * d->dim, d->x + (size_t)e * d->dim, (size_t)d->dim * sizeof *xb);
            yb[i] = d->y[e];
        }
        if (cfg->schedule) optim_set_lr(o, optim_schedule_lr(cfg->optim.lr, *step, total));
        long c = 0;
        double loss = model_loss_grad(m, xb, yb, b, &c);
        if (!isfinite(loss) || !train_finite(m->grads, m->nparams)) {
            *bad_step = *step;
            return NAN;
        }
        optim_step(o, m->params, m->grads);
        (*step)++;
        sum += loss * b;
        ok += c;
    }
    *correct = ok;
    return sum / d->count;
}

int train_run(model_t *m, const dataset_t *train, const dataset_t *test,
              const train_config_t *cfg, train_result_t *res)
{
    memset(res, 0, sizeof *res);
    res->test_acc = res->test_loss = -1;
    optim_t *o = optim_create(&cfg->optim, m->nparams);
    long *order = malloc((size_t)train->count * sizeof *order);
    double *xb = malloc((size_t)cfg->batch * train->dim * sizeof *xb);
    int *yb = malloc((size_t)cfg->batch * sizeof *yb);
    double *good = malloc(m->nparams * sizeof *good);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!o || !order || !xb || !yb || !good || !r) {
        fprintf(stderr, "train: out of memory or invalid optimizer configuration\n");
        optim_free(o); free(order); free(xb); free(yb); free(good);
        if (r) gsl_rng_free(r);
        return -1;
    }
    gsl_rng_set(r, cfg->seed);
    for (long i = 0; i < train->count; i++) order[i] = i;
    memcpy(good, m->params, m->nparams * sizeof *good);
    long steps_per_epoch = (train->count + cfg->batch - 1) / cfg->batch;
    long total = steps_per_epoch * cfg->epochs, step = 0;
    double t0 = wall_seconds();
    progress_t pr;
    progress_start(&pr, cfg->label ? cfg->label : "train", cfg->epochs);
    int rc = 0;
    for (int ep = 0; ep < cfg->epochs; ep++) {
        gsl_ran_shuffle(r, order, (size_t)train->count, sizeof *order);
        long correct, bad = -1;
        double loss = train_epoch(m, o, train, order, cfg, &step, total, xb, yb, &correct, &bad);
        if (isnan(loss)) {
            progress_end(&pr);
            fprintf(stderr, "train: non-finite loss or gradient at epoch %d step %ld; stopped, "
                    "parameters restored to the checkpoint of epoch %d%s%s\n", ep + 1, bad, ep,
                    cfg->checkpoint_path ? " in " : "",
                    cfg->checkpoint_path ? cfg->checkpoint_path : "");
            memcpy(m->params, good, m->nparams * sizeof *good);
            res->diverged = 1;
            rc = -1;
            break;
        }
        memcpy(good, m->params, m->nparams * sizeof *good);
        if (cfg->checkpoint_path) train_save_params(m, cfg->checkpoint_path);
        res->epochs_run = ep + 1;
        res->train_loss = loss;
        /* running accuracy of the epoch (parameters change within it); the stopping
         * rule re-measures the whole training set with the final parameters */
        double run_acc = (double)correct / train->count;
        progress_update(&pr, ep + 1, "epoch %d loss %.4f acc %.4f", ep + 1, loss, run_acc);
        if (cfg->stop_train_acc > 0 && run_acc >= cfg->stop_train_acc * 0.98 &&
            model_accuracy(m, train, NULL) >= cfg->stop_train_acc)
            break;
    }
    progress_end(&pr);
    res->seconds = wall_seconds() - t0;
    res->seconds_per_epoch = res->epochs_run ? res->seconds / res->epochs_run : 0;
    res->train_acc = model_accuracy(m, train, &res->train_loss);
    if (test) res->test_acc = model_accuracy(m, test, &res->test_loss);
    optim_free(o); free(order); free(xb); free(yb); free(good);
    gsl_rng_free(r);
    return rc;
}

int train_save_params(const model_t *m, const char *path)
{
    size_t len = 16 + m->nparams * sizeof(double);
    char *buf = malloc(len);
    if (!buf) return -1;
    uint64_t n = m->nparams;
    memcpy(buf, "ldrtrn1\n", 8);
    memcpy(buf + 8, &n, 8);
    memcpy(buf + 16, m->params, m->nparams * sizeof(double));
    int rc = report_write_atomic(path, buf, len);
    free(buf);
    return rc;
}

int train_load_params(model_t *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "train: %s: cannot open checkpoint\n", path); return -1; }
    char hdr[16];
    uint64_t n = 0;
    int ok = fread(hdr, 1, 16, f) == 16 && memcmp(hdr, "ldrtrn1\n", 8) == 0;
    if (ok) memcpy(&n, hdr + 8, 8);
    ok = ok && n == m->nparams && fread(m->params, sizeof(double), m->nparams, f) == m->nparams;
    fclose(f);
    if (!ok) fprintf(stderr, "train: %s: not a checkpoint of this model\n", path);
    return ok ? 0 : -1;
}
