/* llu_train.c -- loss, gradient and training loop of the learned block LU (see llu_train.h). */
#include "learned_lu/llu_train.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "trainer/optim.h"

static const char *const config_names[LLU_NCONFIGS] = {
    "plain", "transpose-loss", "transpose+blockwise"};

const char *llu_config_name(llu_config_t c)
{
    return (c >= 0 && c < LLU_NCONFIGS) ? config_names[c] : "?";
}

int llu_pair_init(llu_pair_t *pr, int n, int b, int r, int kmax)
{
    memset(pr, 0, sizeof *pr);
    if (llu_net_init(&pr->L, LLU_LOWER, n, b, r) != 0)
        return -1;
    if (llu_net_init(&pr->U, LLU_UPPER, n, b, r) != 0) {
        llu_net_clear(&pr->L);
        return -1;
    }
    if (kmax < 1) {
        fprintf(stderr, "llu_pair: batch size must be positive\n");
        llu_net_clear(&pr->L), llu_net_clear(&pr->U);
        return -1;
    }
    pr->n = n, pr->b = b, pr->r = r, pr->kmax = kmax;
    pr->nparams = pr->L.nparams + pr->U.nparams;
    pr->theta = calloc(pr->nparams, sizeof(double));
    pr->grad = calloc(pr->nparams, sizeof(double));
    llu_net_bind(&pr->L, pr->theta);
    llu_net_bind(&pr->U, pr->theta + pr->L.nparams);
    pr->ws = llu_ws_create(&pr->L, kmax);
    size_t nk = (size_t)n * kmax;
    pr->H = malloc(sizeof(double) * nk);
    pr->P = malloc(sizeof(double) * nk);
    pr->T1 = malloc(sizeof(double) * nk);
    pr->G2 = malloc(sizeof(double) * nk);
    return 0;
}

void llu_pair_clear(llu_pair_t *pr)
{
    llu_net_clear(&pr->L), llu_net_clear(&pr->U);
    free(pr->theta), free(pr->grad);
    llu_ws_free(pr->ws);
    free(pr->H), free(pr->P), free(pr->T1), free(pr->G2);
    memset(pr, 0, sizeof *pr);
}

void llu_pair_randomize(llu_pair_t *pr, llu_rng_t *g, double diag)
{
    double *z = malloc(sizeof(double) * pr->nparams);
    llu_rng_normals(g, z, pr->nparams);
    llu_net_randomize(&pr->L, z, 0.5, 0.01, diag);
    llu_net_randomize(&pr->U, z + pr->L.nparams, 0.5, 0.01, diag);
    free(z);
}

/* Y = op(A) X for the n x n matrix A, X n x k. */
static void dense_apply(const double *A, int trans, int n, const double *X, int k, double *Y)
{
    cblas_dgemm(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, CblasNoTrans, n, k, n, 1.0, A,
                n, X, k, 0.0, Y, k);
}

/* R <- scale * (R - T) on rows [row0, row1), 0 elsewhere; returns sum of (R - T)^2 there. */
static double residual(double *R, const double *T, int n, int k, int row0, int row1,
                       double scale)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++) {
            size_t o = (size_t)i * k + j;
            double d = (i >= row0 && i < row1) ? R[o] - T[o] : 0.0;
            s += d * d;
            R[o] = scale * d;
        }
    return s;
}

/* Forward part: l_f and, if GRAD, its gradient (L U X vs the target Y = A X). */
static double forward_part(llu_pair_t *pr, const double *X, const double *Y, int k, int row0,
                           int row1, double *grad)
{
    int n = pr->n;
    double norm = 1.0 / ((double)n * k);
    llu_net_apply(&pr->U, 0, X, k, pr->H, pr->ws);  /* H = U X */
    llu_net_apply(&pr->L, 0, pr->H, k, pr->P, pr->ws); /* P = L H */
    double loss = residual(pr->P, Y, n, k, row0, row1, 2.0 * norm) * norm;
    if (grad) {
        llu_net_grad(&pr->L, pr->H, pr->P, k, grad, pr->ws);
        llu_net_apply(&pr->L, 1, pr->P, k, pr->G2, pr->ws); /* L^T G */
        llu_net_grad(&pr->U, X, pr->G2, k, grad + pr->L.nparams, pr->ws);
    }
    return loss;
}

/* Transpose part: l_t and its gradient (U^T L^T Xt vs the target Yt = A^T Xt). */
static double transpose_part(llu_pair_t *pr, const double *Xt, const double *Yt, int kt,
                             double *grad)
{
    int n = pr->n;
    double norm = 1.0 / ((double)n * kt);
    llu_net_apply(&pr->L, 1, Xt, kt, pr->T1, pr->ws);     /* T1 = L^T Xt */
    llu_net_apply(&pr->U, 1, pr->T1, kt, pr->P, pr->ws);  /* P = U^T T1 */
    double loss = residual(pr->P, Yt, n, kt, 0, n, 2.0 * norm) * norm;
    if (grad) {
        /* <Gt, U^T T1> = <U Gt, T1>; <Ga, L^T Xt> = <L Ga, Xt> with Ga = U Gt. */
        llu_net_grad(&pr->U, pr->P, pr->T1, kt, grad + pr->L.nparams, pr->ws);
        llu_net_apply(&pr->U, 0, pr->P, kt, pr->G2, pr->ws);
        llu_net_grad(&pr->L, pr->G2, Xt, kt, grad, pr->ws);
    }
    return loss;
}

double llu_pair_loss_grad_targets(llu_pair_t *pr, const double *X, const double *Y, int k,
                                  int row0, int row1, const double *Xt, const double *Yt,
                                  int kt, double *grad)
{
    if (grad)
        memset(grad, 0, sizeof(double) * pr->nparams);
    double loss = forward_part(pr, X, Y, k, row0, row1, grad);
    if (kt > 0)
        loss += transpose_part(pr, Xt, Yt, kt, grad);
    return loss;
}

double llu_pair_loss_grad(llu_pair_t *pr, const double *A, const double *X, int k, int row0,
                          int row1, const double *Xt, int kt, double *grad)
{
    int n = pr->n;
    double *Y = malloc(sizeof(double) * n * k), *Yt = malloc(sizeof(double) * n * (kt ? kt : 1));
    dense_apply(A, 0, n, X, k, Y);
    if (kt > 0)
        dense_apply(A, 1, n, Xt, kt, Yt);
    double loss = llu_pair_loss_grad_targets(pr, X, Y, k, row0, row1, Xt, Yt, kt, grad);
    free(Y), free(Yt);
    return loss;
}

void llu_pair_dense(const llu_pair_t *pr, double *Lm, double *Um)
{
    llu_net_dense(&pr->L, Lm);
    llu_net_dense(&pr->U, Um);
}

/* X = [e_idx[0] ... e_idx[k-1]] (n x k). */
static void unit_batch(double *X, const int *idx, int n, int k)
{
    memset(X, 0, sizeof(double) * n * k);
    for (int j = 0; j < k; j++)
        X[(size_t)idx[j] * k + j] = 1.0;
}

/* Targets of a unit batch: Y[:, j] = op(A) e_idx[j], gathered (no product needed). */
static void unit_targets(double *Y, const double *A, int trans, const int *idx, int n, int k)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++)
            Y[(size_t)i * k + j] = trans ? A[(size_t)idx[j] * n + i] : A[(size_t)i * n + idx[j]];
}

/* Full loss ||L U - A||_F^2 / n^2 computed column block by column block. */
static double full_loss(llu_pair_t *pr, const double *A)
{
    int n = pr->n, k = pr->kmax, *idx = malloc(sizeof(int) * k);
    double *X = malloc(sizeof(double) * n * k), *Y = malloc(sizeof(double) * n * k), s = 0;
    for (int j0 = 0; j0 < n; j0 += k) {
        int kk = n - j0 < k ? n - j0 : k;
        for (int j = 0; j < kk; j++)
            idx[j] = j0 + j;
        unit_batch(X, idx, n, kk);
        unit_targets(Y, A, 0, idx, n, kk);
        s += forward_part(pr, X, Y, kk, 0, n, NULL) * n * kk;
    }
    free(X), free(Y), free(idx);
    return s / ((double)n * n);
}

typedef struct {
    llu_pair_t *pr;
    const double *A;
    llu_rng_t *g;
    int *idx;
    double *X, *Xt, *Y, *Yt;
    double *sub_theta, *sub_grad;
    progress_t prog;
    long done, every;
    llu_train_stats_t *st;
} train_ctx_t;

/* Record the full loss on the training curve (start, and every c->every steps). */
static void record_curve(train_ctx_t *c)
{
    llu_train_stats_t *st = c->st;
    if (st->ncurve < LLU_CURVE_MAX && c->done % c->every == 0) {
        st->curve_step[st->ncurve] = c->done;
        st->curve_loss[st->ncurve++] = full_loss(c->pr, c->A);
    }
}

/* Where one step draws its batches and which residual rows it fits. */
typedef struct {
    int row0, row1; /* forward residual rows */
    int kt;         /* transpose batch size (0: no transpose loss) */
    int t_lo, t_hi; /* transpose unit vectors drawn from [t_lo, t_hi); t_hi = 0: same as X */
} step_plan_t;

/* One optimizer step on the parameters listed in ACTIVE (all if NULL). */
static double train_step(train_ctx_t *c, optim_t *o, const size_t *active, size_t na,
                         const step_plan_t *sp)
{
    llu_pair_t *pr = c->pr;
    int n = pr->n, k = pr->kmax;
    llu_rng_subset(c->g, c->idx, k, 0, n);
    unit_batch(c->X, c->idx, n, k);
    unit_targets(c->Y, c->A, 0, c->idx, n, k);
    if (sp->kt > 0) {
        if (sp->t_hi > 0) /* else: the transpose pass reuses the forward unit vectors */
            llu_rng_subset(c->g, c->idx, sp->kt, sp->t_lo, sp->t_hi);
        unit_batch(c->Xt, c->idx, n, sp->kt);
        unit_targets(c->Yt, c->A, 1, c->idx, n, sp->kt);
    }
    double loss = llu_pair_loss_grad_targets(pr, c->X, c->Y, k, sp->row0, sp->row1, c->Xt,
                                             c->Yt, sp->kt, pr->grad);
    if (!active) {
        optim_step(o, pr->theta, pr->grad);
    } else {
        for (size_t i = 0; i < na; i++)
            c->sub_theta[i] = pr->theta[active[i]], c->sub_grad[i] = pr->grad[active[i]];
        optim_step(o, c->sub_theta, c->sub_grad);
        for (size_t i = 0; i < na; i++)
            pr->theta[active[i]] = c->sub_theta[i];
    }
    c->done++;
    record_curve(c);
    progress_update(&c->prog, c->done, "loss %.3e", loss);
    return loss;
}

static optim_t *make_adam(double lr, size_t n)
{
    optim_config_t cfg = optim_default_config(OPTIM_ADAM);
    cfg.lr = lr;
    return optim_create(&cfg, n);
}

static int train_end_to_end(train_ctx_t *c, const llu_train_opts_t *o)
{
    optim_t *opt = make_adam(o->lr, c->pr->nparams);
    if (!opt)
        return -1;
    step_plan_t sp = {0, c->pr->n, o->config == LLU_TRANSPOSE ? c->pr->kmax : 0, 0, 0};
    for (long it = 0; it < o->iterations; it++) {
        optim_set_lr(opt, optim_schedule_lr(o->lr, it, o->iterations));
        train_step(c, opt, NULL, 0, &sp);
    }
    optim_free(opt);
    return 0;
}

/* "Block-wise training": stage I fits block row I of L U - A with the parameters whose first
 * influenced block row is I; all other parameters stay fixed. */
static int train_blockwise(train_ctx_t *c, const llu_train_opts_t *o)
{
    llu_pair_t *pr = c->pr;
    int m = pr->L.m, b = pr->b;
    int *row = malloc(sizeof(int) * pr->nparams);
    size_t *active = malloc(sizeof(size_t) * pr->nparams);
    llu_net_first_rows(&pr->L, row);
    llu_net_first_rows(&pr->U, row + pr->L.nparams);
    long per_stage = o->iterations / m;
    int rc = 0;
    for (int stage = 0; stage < m && rc == 0; stage++) {
        size_t na = 0;
        for (size_t i = 0; i < pr->nparams; i++)
            if (row[i] == stage)
                active[na++] = i;
        optim_t *opt = na ? make_adam(o->lr, na) : NULL;
        if (na && !opt) {
            rc = -1;
            break;
        }
        int kt = pr->kmax < b ? pr->kmax : b;
        step_plan_t sp = {stage * b, (stage + 1) * b, kt, stage * b, (stage + 1) * b};
        for (long it = 0; it < per_stage && opt; it++) {
            optim_set_lr(opt, optim_schedule_lr(o->lr, it, per_stage));
            train_step(c, opt, active, na, &sp);
        }
        optim_free(opt);
    }
    free(row), free(active);
    return rc;
}

int llu_train(llu_pair_t *pr, const double *A, const llu_train_opts_t *o, llu_rng_t *g,
              const char *label, llu_train_stats_t *st)
{
    if (o->iterations < 1 || o->batch != pr->kmax || !(o->lr > 0) || o->config < 0 ||
        o->config >= LLU_NCONFIGS) {
        fprintf(stderr, "llu_train: invalid options (iterations %ld, batch %d, lr %g)\n",
                o->iterations, o->batch, o->lr);
        return -1;
    }
    if (o->config == LLU_BLOCKWISE && o->iterations < pr->L.m) {
        fprintf(stderr, "llu_train: block-wise training needs at least %d iterations\n",
                pr->L.m);
        return -1;
    }
    int n = pr->n, k = pr->kmax;
    train_ctx_t c = {.pr = pr, .A = A, .g = g, .st = st};
    st->ncurve = 0;
    c.every = o->iterations / 50 > 0 ? o->iterations / 50 : 1;
    record_curve(&c);
    c.idx = malloc(sizeof(int) * k);
    c.X = malloc(sizeof(double) * n * k);
    c.Xt = malloc(sizeof(double) * n * k);
    c.Y = malloc(sizeof(double) * n * k);
    c.Yt = malloc(sizeof(double) * n * k);
    c.sub_theta = malloc(sizeof(double) * pr->nparams);
    c.sub_grad = malloc(sizeof(double) * pr->nparams);
    double t0 = wall_seconds();
    long total = o->config == LLU_BLOCKWISE ? (o->iterations / pr->L.m) * pr->L.m : o->iterations;
    progress_start(&c.prog, label, total);
    int rc = o->config == LLU_BLOCKWISE ? train_blockwise(&c, o) : train_end_to_end(&c, o);
    progress_end(&c.prog);
    st->iterations = c.done;
    st->seconds = wall_seconds() - t0;
    st->final_loss = full_loss(pr, A);
    free(c.idx), free(c.X), free(c.Xt), free(c.Y), free(c.Yt), free(c.sub_theta), free(c.sub_grad);
    return rc;
}
