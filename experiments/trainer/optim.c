/* optim.c - SGD with momentum and Adam on a flat float64 parameter vector. */
#include "trainer/optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct optim {
    optim_config_t cfg;
    size_t n;
    long t;       /* number of steps taken (Adam bias correction) */
    double *m;    /* SGD velocity / Adam first moment */
    double *v;    /* Adam second moment (NULL for SGD) */
};

optim_config_t optim_default_config(optim_kind_t kind)
{
    optim_config_t c = { kind, 0.01, 0.9, 0.9, 0.999, 1e-8, 0.0 };
    if (kind == OPTIM_ADAM) c.lr = 1e-3;
    return c;
}

static int optim_config_valid(const optim_config_t *c)
{
    if (!(c->lr >= 0) || !(c->weight_decay >= 0)) return 0;
    if (c->kind == OPTIM_SGD_MOMENTUM)
        return c->momentum >= 0 && c->momentum < 1;
    if (c->kind == OPTIM_ADAM)
        return c->beta1 >= 0 && c->beta1 < 1 && c->beta2 >= 0 && c->beta2 < 1 && c->eps > 0;
    return 0;
}

optim_t *optim_create(const optim_config_t *cfg, size_t nparams)
{
    if (!cfg || nparams == 0 || !optim_config_valid(cfg)) return NULL;
    optim_t *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->cfg = *cfg;
    o->n = nparams;
    o->m = calloc(nparams, sizeof *o->m);
    if (cfg->kind == OPTIM_ADAM) o->v = calloc(nparams, sizeof *o->v);
    if (!o->m || (cfg->kind == OPTIM_ADAM && !o->v)) { optim_free(o); return NULL; }
    return o;
}

static void optim_step_sgd(optim_t *o, double *p, const double *g)
{
    const double lr = o->cfg.lr, mu = o->cfg.momentum, wd = o->cfg.weight_decay;
    for (size_t i = 0; i < o->n; i++) {
        o->m[i] = mu * o->m[i] + g[i] + wd * p[i];
        p[i] -= lr * o->m[i];
    }
}

static void optim_step_adam(optim_t *o, double *p, const double *g)
{
    const double b1 = o->cfg.beta1, b2 = o->cfg.beta2, eps = o->cfg.eps;
    const double lr = o->cfg.lr, wd = o->cfg.weight_decay;
    const double c1 = 1.0 - pow(b1, (double)o->t), c2 = 1.0 - pow(b2, (double)o->t);
    for (size_t i = 0; i < o->n; i++) {
        o->m[i] = b1 * o->m[i] + (1 - b1) * g[i];
        o->v[i] = b2 * o->v[i] + (1 - b2) * g[i] * g[i];
        double mhat = o->m[i] / c1, vhat = o->v[i] / c2;
        p[i] -= lr * (mhat / (sqrt(vhat) + eps) + wd * p[i]);
    }
}

void optim_step(optim_t *o, double *params, const double *grads)
{
    o->t++;
    if (o->cfg.kind == OPTIM_ADAM) optim_step_adam(o, params, grads);
    else optim_step_sgd(o, params, grads);
}

void optim_set_lr(optim_t *o, double lr) { o->cfg.lr = lr; }
double optim_get_lr(const optim_t *o) { return o->cfg.lr; }
size_t optim_nparams(const optim_t *o) { return o->n; }
long optim_steps_taken(const optim_t *o) { return o->t; }

void optim_reset(optim_t *o)
{
    o->t = 0;
    for (size_t i = 0; i < o->n; i++) o->m[i] = 0;
    if (o->v) for (size_t i = 0; i < o->n; i++) o->v[i] = 0;
}

double optim_schedule_lr(double base_lr, long step, long total_steps)
{
    if (total_steps <= 0) return base_lr;
    if (step < 0) step = 0;
    if (step >= total_steps) return base_lr / 100.0;
    long warm = total_steps / 20;
    if (warm > 500) warm = 500;
    if (step < warm) {
        double f = (double)step / (double)warm;
        return base_lr * (0.1 + 0.9 * f);
    }
    double span = (double)(total_steps - warm);
    double f = span > 0 ? (double)(step - warm) / span : 1.0;
    double lo = base_lr / 100.0;
    return lo + 0.5 * (base_lr - lo) * (1.0 + cos(M_PI * f));
}

void optim_free(optim_t *o)
{
    if (!o) return;
    free(o->m);
    free(o->v);
    free(o);
}

size_t optim_state_bytes(const optim_t *o)
{
    return sizeof(long) + o->n * sizeof(double) * (o->v ? 2 : 1);
}

void optim_state_save(const optim_t *o, void *buf)
{
    char *b = buf;
    memcpy(b, &o->t, sizeof(long));
    memcpy(b + sizeof(long), o->m, o->n * sizeof(double));
    if (o->v) memcpy(b + sizeof(long) + o->n * sizeof(double), o->v, o->n * sizeof(double));
}

int optim_state_load(optim_t *o, const void *buf, size_t len)
{
    if (len != optim_state_bytes(o)) return -1;
    const char *b = buf;
    memcpy(&o->t, b, sizeof(long));
    memcpy(o->m, b + sizeof(long), o->n * sizeof(double));
    if (o->v) memcpy(o->v, b + sizeof(long) + o->n * sizeof(double), o->n * sizeof(double));
    return 0;
}
