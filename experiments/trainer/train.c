/* train.c - the training loop: seeded batch order, schedule, NaN guard, per-epoch
 * evaluation, checkpoints with resume, early stopping, progress. */
#include "trainer/train.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "trainer/train_state.h"

train_config_t train_default_config(void)
{
    train_config_t c;
    memset(&c, 0, sizeof c);
    c.epochs = 10;
    c.batch = 50;
    c.optim = optim_default_config(OPTIM_SGD_MOMENTUM);
    c.schedule = TRAIN_SCHEDULE_COSINE;
    c.warmup = -1;
    c.seed = 1;
    c.label = "train";
    return c;
}

double train_lr_at(const train_config_t *cfg, long step, long total)
{
    double lr = cfg->optim.lr;
    if (cfg->schedule == TRAIN_SCHEDULE_COSINE && cfg->warmup < 0)
        return optim_schedule_lr(lr, step, total);
    long warm = cfg->warmup > 0 ? cfg->warmup : 0;
    if (step < warm) return lr * (0.1 + 0.9 * (double)step / (double)warm);
    if (cfg->schedule == TRAIN_SCHEDULE_COSINE) {
        double span = (double)(total - warm), lo = lr / 100.0;
        double f = span > 0 ? (double)(step - warm) / span : 1.0;
        if (f > 1) f = 1;
        return lo + 0.5 * (lr - lo) * (1.0 + cos(M_PI * f));
    }
    if (cfg->schedule == TRAIN_SCHEDULE_STEP) {
        if (step >= total * 3 / 4) return lr * 0.01;
        if (step >= total / 2) return lr * 0.1;
    }
    return lr;
}

static double train_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int train_finite(const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(v[k])) return 0;
    return 1;
}

/* Everything a run carries from epoch to epoch (what a checkpoint holds). */
typedef struct {
    model_t *m;
    optim_t *o;
    gsl_rng *rng;
    long *order;
    long count, step, total;
    int epochs_done, best_epoch, bad_epochs;
    double best_val;
    double *best, *good;
    train_epoch_t *hist;
    double *xb;
    int *yb;
} train_run_t;

/* One epoch over the permutation; returns the mean loss (NaN on divergence, *bad_step set). */
static double train_epoch(train_run_t *R, const dataset_t *d, const train_config_t *cfg,
                          long *correct, long *bad_step, progress_t *pr, double *lr_out)
{
    model_t *m = R->m;
    double sum = 0;
    long ok = 0;
    long s;
    for (s = 0; s < d->count; s += cfg->batch) {
        if (cfg->max_steps > 0 && R->step >= cfg->max_steps) break;
        int b = (int)(d->count - s < cfg->batch ? d->count - s : cfg->batch);
        for (int i = 0; i < b; i++) {
            long e = R->order[s + i];
            memcpy(R->xb + (size_t)i * d->dim, d->x + (size_t)e * d->dim,
                   (size_t)d->dim * sizeof *R->xb);
            R->yb[i] = d->y[e];
        }
        double lr = train_lr_at(cfg, R->step, R->total);
        optim_set_lr(R->o, lr);
        *lr_out = lr;
        long c = 0;
        double loss = model_loss_grad(m, R->xb, R->yb, b, &c);
        if (cfg->on_step) cfg->on_step(R->step, loss, cfg->ctx);
        if (!isfinite(loss) || !train_finite(m->grads, m->nparams)) {
            *bad_step = R->step;
            return NAN;
        }
        optim_step(R->o, m->params, m->grads);
        R->step++;
        sum += loss * b;
        ok += c;
        progress_update(pr, R->step, "epoch %d loss %.4f", R->epochs_done + 1, sum / (s + b));
    }
    *correct = ok;
    return s > 0 ? sum / (s < d->count ? s : d->count) : NAN;
}

static int train_checkpoint(const train_run_t *R, const train_config_t *cfg)
{
    train_state_t s;
    memset(&s, 0, sizeof s);
    s.nparams = R->m->nparams;
    s.count = R->count;
    s.epochs_done = R->epochs_done;
    s.step = R->step;
    s.best_val = R->best_val;
    s.best_epoch = R->best_epoch;
    s.bad_epochs = R->bad_epochs;
    s.tag = (char *)(cfg->tag ? cfg->tag : "");
    s.params = R->m->params;
    s.best = R->best;
    s.optim_len = optim_state_bytes(R->o);
    s.optim = malloc(s.optim_len);
    s.rng = gsl_rng_state(R->rng);
    s.rng_len = gsl_rng_size(R->rng);
    s.order = R->order;
    s.hist = R->hist;
    s.nhist = R->epochs_done;
    if (!s.optim) return -1;
    optim_state_save(R->o, s.optim);
    int rc = train_state_save(cfg->checkpoint_path, &s);
    free(s.optim);
    return rc;
}

/* Restore R from cfg->resume_path; -2 with one line on stderr when it does not fit. */
static int train_resume(train_run_t *R, const train_config_t *cfg)
{
    train_state_t s;
    if (train_state_load(cfg->resume_path, &s)) return -2;
    const char *why = NULL;
    if (s.nparams != R->m->nparams) why = "parameter count differs from this model";
    else if (s.count != R->count) why = "training-set size differs";
    else if (strcmp(s.tag, cfg->tag ? cfg->tag : "") != 0) why = "run configuration differs";
    else if (s.epochs_done > cfg->epochs) why = "more epochs done than requested";
    else if (s.rng_len != gsl_rng_size(R->rng)) why = "generator state size differs";
    else if (s.nhist != s.epochs_done) why = "epoch records inconsistent";
    else if (optim_state_load(R->o, s.optim, s.optim_len)) why = "optimizer state differs";
    if (why) {
        fprintf(stderr, "train: %s: cannot resume: %s%s%s\n", cfg->resume_path, why,
                strcmp(why, "run configuration differs") ? "" : "; saved as: ",
                strcmp(why, "run configuration differs") ? "" : s.tag);
        train_state_free(&s);
        return -2;
    }
    memcpy(R->m->params, s.params, s.nparams * sizeof(double));
    memcpy(R->best, s.best, s.nparams * sizeof(double));
    memcpy(gsl_rng_state(R->rng), s.rng, s.rng_len);
    memcpy(R->order, s.order, (size_t)s.count * sizeof(long));
    memcpy(R->hist, s.hist, (size_t)s.nhist * sizeof(train_epoch_t));
    R->epochs_done = s.epochs_done;
    R->step = s.step;
    R->best_val = s.best_val;
    R->best_epoch = s.best_epoch;
    R->bad_epochs = s.bad_epochs;
    train_state_free(&s);
    return 0;
}

static void train_free_run(train_run_t *R)
{
    optim_free(R->o); free(R->order); free(R->xb); free(R->yb); free(R->good); free(R->best);
    free(R->hist);
    if (R->rng) gsl_rng_free(R->rng);
}

/* Evaluate after an epoch (outside the timed part). */
static void train_eval(model_t *m, const dataset_t *test, const train_config_t *cfg,
                       train_epoch_t *e)
{
    e->val_acc = e->val_loss = e->test_acc = e->test_loss = e->dead_frac = -1;
    if (!cfg->eval_each_epoch && !(cfg->early_stop > 0)) return;
    if (cfg->val) e->val_acc = model_evaluate(m, cfg->val, &e->val_loss, &e->dead_frac);
    if (cfg->eval_each_epoch && test)
        e->test_acc = model_evaluate(m, test, &e->test_loss, cfg->val ? NULL : &e->dead_frac);
}

int train_run(model_t *m, const dataset_t *train, const dataset_t *test,
              const train_config_t *cfg, train_result_t *res)
{
    memset(res, 0, sizeof *res);
    res->test_acc = res->test_loss = -1;
    if (cfg->epochs < 0 || cfg->batch < 1 || train->count < 1) {
        fprintf(stderr, "train: need epochs >= 0, batch >= 1 and a non-empty training set\n");
        return -1;
    }
    train_run_t R;
    memset(&R, 0, sizeof R);
    R.m = m;
    R.count = train->count;
    R.o = optim_create(&cfg->optim, m->nparams);
    R.order = malloc((size_t)train->count * sizeof *R.order);
    R.xb = malloc((size_t)cfg->batch * train->dim * sizeof *R.xb);
    R.yb = malloc((size_t)cfg->batch * sizeof *R.yb);
    R.good = malloc(m->nparams * sizeof *R.good);
    R.best = malloc(m->nparams * sizeof *R.best);
    R.hist = calloc((size_t)cfg->epochs + 1, sizeof *R.hist);
    R.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!R.o || !R.order || !R.xb || !R.yb || !R.good || !R.best || !R.hist || !R.rng) {
        fprintf(stderr, "train: out of memory or invalid optimizer configuration\n");
        train_free_run(&R);
        return -1;
    }
    gsl_rng_set(R.rng, cfg->seed);
    for (long i = 0; i < train->count; i++) R.order[i] = i;
    memcpy(R.best, m->params, m->nparams * sizeof *R.best);
    R.best_val = -1;
    long steps_per_epoch = (train->count + cfg->batch - 1) / cfg->batch;
    R.total = steps_per_epoch * cfg->epochs;
    if (cfg->resume_path) {
        int rc = train_resume(&R, cfg);
        if (rc) { train_free_run(&R); return rc; }
        for (int k = 0; k < R.epochs_done && cfg->on_epoch; k++) cfg->on_epoch(&R.hist[k], 1, cfg->ctx);
    }
    memcpy(R.good, m->params, m->nparams * sizeof *R.good);
    int stop = cfg->early_stop > 0 && cfg->val && R.bad_epochs >= cfg->early_stop;
    progress_t pr;
    progress_start(&pr, cfg->label ? cfg->label : "train", R.total);
    int rc = 0;
    double train_seconds = 0;
    while (!stop && R.epochs_done < cfg->epochs &&
           !(cfg->stop_after > 0 && R.epochs_done >= cfg->stop_after) &&
           !(cfg->max_steps > 0 && R.step >= cfg->max_steps)) {
        int ep = R.epochs_done;
        double t0 = wall_seconds(), c0 = train_cpu_seconds(), lr = 0;
        gsl_ran_shuffle(R.rng, R.order, (size_t)train->count, sizeof *R.order);
        long correct = 0, bad = -1;
        double loss = train_epoch(&R, train, cfg, &correct, &bad, &pr, &lr);
        double sec = wall_seconds() - t0, cpu = train_cpu_seconds() - c0;
        train_seconds += sec;
        if (isnan(loss)) {
            progress_end(&pr);
            fprintf(stderr, "train: non-finite loss or gradient at epoch %d step %ld; stopped, "
                    "parameters restored to the checkpoint of epoch %d%s%s\n", ep + 1, bad, ep,
                    cfg->checkpoint_path ? " in " : "",
                    cfg->checkpoint_path ? cfg->checkpoint_path : "");
            memcpy(m->params, R.good, m->nparams * sizeof *R.good);
            res->diverged = 1;
            res->diverged_epoch = ep + 1;
            res->diverged_step = bad;
            rc = -1;
            break;
        }
        memcpy(R.good, m->params, m->nparams * sizeof *R.good);
        train_epoch_t *e = &R.hist[ep];
        e->epoch = ep + 1;
        e->train_loss = loss;
        long seen = R.step - ep * steps_per_epoch; /* minibatches of this epoch */
        int partial = seen < steps_per_epoch;
        e->train_acc = (double)correct / (partial ? seen * cfg->batch : train->count);
        e->seconds = sec;
        e->cpu_seconds = cpu;
        e->lr = lr;
        if (partial) e->val_acc = e->val_loss = e->test_acc = e->test_loss = e->dead_frac = -1;
        else train_eval(m, test, cfg, e);
        if (cfg->val && e->val_acc > R.best_val) {
            R.best_val = e->val_acc;
            R.best_epoch = ep + 1;
            R.bad_epochs = 0;
            e->best = 1;
            memcpy(R.best, m->params, m->nparams * sizeof *R.best);
        } else if (cfg->val) {
            R.bad_epochs++;
        }
        R.epochs_done = ep + 1;
        if (cfg->checkpoint_path && train_checkpoint(&R, cfg)) { rc = -1; break; }
        if (cfg->on_epoch) cfg->on_epoch(e, 0, cfg->ctx);
        if (cfg->early_stop > 0 && cfg->val && R.bad_epochs >= cfg->early_stop) {
            stop = 1;
            res->stopped_early = 1;
        }
        /* the stopping rule re-measures the whole training set with the final parameters */
        if (cfg->stop_train_acc > 0 && e->train_acc >= cfg->stop_train_acc * 0.98 &&
            model_accuracy(m, train, NULL) >= cfg->stop_train_acc)
            break;
    }
    progress_end(&pr);
    if (cfg->early_stop > 0 && cfg->val && R.best_epoch > 0 && !res->diverged)
        memcpy(m->params, R.best, m->nparams * sizeof *R.best); /* best-validation selection */
    res->best_epoch = R.best_epoch;
    res->epochs_run = R.epochs_done;
    res->seconds = train_seconds;
    int timed = R.epochs_done - (R.epochs_done > 0 ? R.hist[0].epoch - 1 : 0);
    res->seconds_per_epoch = timed > 0 ? train_seconds / timed : 0;
    res->train_acc = res->train_loss = -1;
    if (!(cfg->max_steps > 0)) { /* a step-limited probe is not evaluated */
        res->train_acc = model_accuracy(m, train, &res->train_loss);
        if (test) res->test_acc = model_accuracy(m, test, &res->test_loss);
    }
    train_free_run(&R);
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
