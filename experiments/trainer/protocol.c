/* protocol.c -- the training protocol of the experiment tables (protocol.h). */
#include "trainer/protocol.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

protocol_t protocol_default(optim_kind_t optim, int max_epochs, int patience)
{
    protocol_t p;
    memset(&p, 0, sizeof p);
    p.optim = optim;
    p.batch = 50;
    p.max_epochs = max_epochs;
    p.patience = patience;
    p.nlr = PROTOCOL_NLR;
    /* two decades in steps of about sqrt(10), largest first */
    static const double sgd[PROTOCOL_NLR] = {0.1, 0.03, 0.01, 0.003, 0.001};
    static const double adam[PROTOCOL_NLR] = {0.01, 0.003, 0.001, 0.0003, 0.0001};
    memcpy(p.lr, optim == OPTIM_ADAM ? adam : sgd, sizeof p.lr);
    return p;
}

const char *protocol_describe(const protocol_t *p, char *buf, size_t len)
{
    size_t k = (size_t)snprintf(buf, len, "%s, batch %d, constant lr selected per class from {",
                                p->optim == OPTIM_ADAM ? "Adam" : "SGD momentum 0.9", p->batch);
    for (int i = 0; i < p->nlr && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%g", i ? ", " : "", p->lr[i]);
    if (k < len)
        snprintf(buf + k, len - k, "} on a stratified %.0f%% validation split (best mean validation "
                 "accuracy over seeds), early stopping on validation accuracy (patience %d, at most "
                 "%d epochs), test accuracy of the best-validation epoch",
                 100 * PROTOCOL_VAL_FRACTION, p->patience, p->max_epochs);
    return buf;
}

int protocol_split(const dataset_t *train, dataset_t *fit, dataset_t *val)
{
    long nval = lround(PROTOCOL_VAL_FRACTION * (double)train->count);
    if (nval < 1 || nval >= train->count) {
        fprintf(stderr, "protocol: %ld training examples leave no validation or no fit part\n",
                train->count);
        return -1;
    }
    return dataset_split_stratified(train, nval, PROTOCOL_SPLIT_SEED, fit, val);
}

static double protocol_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int protocol_run_model(const protocol_t *p, model_t *m, const dataset_t *fit, const dataset_t *val,
                       const dataset_t *test, double lr, unsigned long seed, const char *label,
                       protocol_run_t *out)
{
    memset(out, 0, sizeof *out);
    out->val_acc = out->test_acc = out->train_acc = NAN;
    out->nparams = m->nparams;
    out->nfit = fit->count;
    train_config_t cfg = train_default_config();
    cfg.epochs = p->max_epochs;
    cfg.batch = p->batch;
    cfg.optim = optim_default_config(p->optim); /* SGD: momentum 0.9 */
    cfg.optim.lr = lr;
    cfg.schedule = TRAIN_SCHEDULE_CONSTANT;
    cfg.seed = seed;
    cfg.label = label;
    cfg.early_stop = p->patience;
    cfg.val = val;
    train_result_t res;
    double c0 = protocol_cpu_seconds();
    int rc = train_run(m, fit, test, &cfg, &res);
    out->val_acc = model_accuracy(m, val, NULL); /* the restored best-validation parameters */
    out->cpu_seconds = protocol_cpu_seconds() - c0;
    out->test_acc = test ? res.test_acc : -1;
    out->train_acc = res.train_acc;
    out->epochs_run = res.epochs_run;
    out->best_epoch = res.best_epoch;
    out->stopped_early = res.stopped_early;
    out->diverged = res.diverged;
    out->seconds = res.seconds;
    if (rc != 0 || res.diverged) {
        out->diverged = 1;
        return -1;
    }
    return 0;
}

int protocol_run(const protocol_t *p, const exprun_class_t *c, const dataset_t *fit,
                 const dataset_t *val, const dataset_t *test, double lr, unsigned long seed,
                 const char *label, protocol_run_t *out)
{
    memset(out, 0, sizeof *out);
    out->val_acc = out->test_acc = out->train_acc = NAN;
    model_t *m = model_create_shl(c->cls, fit->dim, c->rank, fit->nclass);
    if (!m)
        return -1;
    model_init(m, seed + 1000);
    int rc = protocol_run_model(p, m, fit, val, test, lr, seed, label, out);
    model_free(m);
    return rc;
}

int protocol_select(const double *val_acc, int nlr, int nseeds)
{
    int best = -1;
    double best_mean = -1;
    for (int i = 0; i < nlr; i++) {
        double s = 0;
        int ok = nseeds > 0;
        for (int k = 0; k < nseeds; k++) {
            ok &= !isnan(val_acc[i * nseeds + k]);
            s += val_acc[i * nseeds + k];
        }
        if (ok && s / nseeds > best_mean) { /* strict: ties keep the earlier (larger) rate */
            best_mean = s / nseeds;
            best = i;
        }
    }
    return best;
}

int protocol_converged(const protocol_t *p, const protocol_run_t *r)
{
    return !r->diverged && r->stopped_early && r->epochs_run <= p->max_epochs;
}
