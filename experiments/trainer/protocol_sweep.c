/* protocol_sweep.c -- the grid x seeds of a protocol table as cells (protocol_sweep.h). */
#include "trainer/protocol_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cell_values.h"
#include "trainer/exprun.h"
#include "trainer/verdict.h"

enum { PS_VAL, PS_TEST, PS_TRAIN, PS_EPOCHS, PS_CONV, PS_CPU, PS_EXEP, PS_NPARAMS, PS_NFIT, PS_NV };

typedef struct {
    const psweep_plan_t *p;
    const int *lr; /* selected rate per configuration (second group) */
    int second;    /* 0: grid group, 1: selected-rate group */
} ps_ctx_t;

/* cell -> (configuration, rate index, seed index) of either group */
static void ps_index(const ps_ctx_t *x, long cell, int *i, int *l, int *k)
{
    const psweep_plan_t *p = x->p;
    int ss = p->select_seeds, rest = p->nseeds - ss;
    if (!x->second) {
        *k = (int)(cell % ss);
        *l = (int)(cell / ss % p->proto.nlr);
        *i = (int)(cell / ss / p->proto.nlr);
    } else {
        *i = (int)(cell / rest);
        *k = ss + (int)(cell % rest);
        *l = x->lr[*i];
    }
}

static void ps_cell(checker_t *c, long cell, double *v, void *ctx)
{
    (void)c;
    const ps_ctx_t *x = ctx;
    int i, l, k;
    ps_index(x, cell, &i, &l, &k);
    if (l < 0) /* every rate diverged: nothing to run (NaN values) */
        return;
    protocol_run_t r;
    x->p->run(i, x->p->proto.lr[l], k, &r, x->p->ctx);
    v[PS_VAL] = r.diverged ? NAN : r.val_acc;
    v[PS_TEST] = r.test_acc;
    v[PS_TRAIN] = r.train_acc;
    v[PS_EPOCHS] = r.epochs_run;
    v[PS_CONV] = protocol_converged(&x->p->proto, &r);
    v[PS_CPU] = r.cpu_seconds;
    v[PS_EXEP] = (double)r.epochs_run * (double)r.nfit;
    v[PS_NPARAMS] = (double)r.nparams;
    v[PS_NFIT] = (double)r.nfit;
}

static void ps_label(long cell, void *ctx, char *buf, size_t len)
{
    const ps_ctx_t *x = ctx;
    int i, l, k;
    ps_index(x, cell, &i, &l, &k);
    char cfg[256];
    x->p->label(i, cfg, sizeof cfg, x->p->ctx);
    if (l < 0)
        snprintf(buf, len, "%s lr=none seed=%d", cfg, k);
    else
        snprintf(buf, len, "%s lr=%g seed=%d", cfg, x->p->proto.lr[l], k);
}

static void ps_add_cost(psweep_sel_t *s, const double *r)
{
    if (!isnan(r[PS_CPU])) s->cpu += r[PS_CPU];
    if (!isnan(r[PS_EXEP])) s->example_epochs += r[PS_EXEP];
}

static void ps_take(psweep_sel_t *s, int k, const double *r)
{
    s->val[k] = r[PS_VAL];
    s->test[k] = r[PS_TEST];
    s->train[k] = r[PS_TRAIN];
    s->epochs[k] = r[PS_EPOCHS];
    s->converged &= r[PS_CONV] == 1;
    if (!isnan(r[PS_NPARAMS])) s->nparams = (size_t)r[PS_NPARAMS];
    if (!isnan(r[PS_NFIT])) s->nfit = (long)r[PS_NFIT];
}

int psweep_run(checker_t *c, const psweep_plan_t *p, psweep_sel_t *sel)
{
    int nl = p->proto.nlr, ss = p->select_seeds, rest = p->nseeds - ss;
    if (p->nseeds < 1 || p->nseeds > PSWEEP_MAXSEEDS || ss < 1 || ss > p->nseeds || nl < 1 ||
        p->nconfig < 1) {
        fprintf(stderr, "protocol_sweep: bad plan (seeds %d, selection seeds %d, rates %d)\n",
                p->nseeds, ss, nl);
        return -1;
    }
    long n1 = (long)p->nconfig * nl * ss, n2 = (long)p->nconfig * rest;
    double *v1 = malloc((size_t)n1 * PS_NV * sizeof *v1);
    double *v2 = malloc((size_t)(n2 > 0 ? n2 : 1) * PS_NV * sizeof *v2);
    int *lr = malloc((size_t)p->nconfig * sizeof *lr);
    int ret = -1;
    if (!v1 || !v2 || !lr) {
        fprintf(stderr, "protocol_sweep: out of memory for %ld cells\n", n1 + n2);
        goto done;
    }
    ps_ctx_t x1 = {p, lr, 0}, x2 = {p, lr, 1};
    if (checker_run_value_cells(c, "grid", n1, PS_NV, ps_cell, ps_label, &x1, 1, v1))
        goto done;
    ret = 0;
    if (!checker_cells_complete(c))
        goto done;
    memset(sel, 0, (size_t)p->nconfig * sizeof *sel);
    for (int i = 0; i < p->nconfig; i++) {
        double va[PROTOCOL_NLR * PSWEEP_MAXSEEDS];
        for (int l = 0; l < nl; l++)
            for (int k = 0; k < ss; k++) {
                const double *r = &v1[(((long)i * nl + l) * ss + k) * PS_NV];
                va[l * ss + k] = r[PS_VAL];
                ps_add_cost(&sel[i], r);
            }
        lr[i] = sel[i].lr = protocol_select(va, nl, ss);
        sel[i].converged = sel[i].lr >= 0;
        for (int k = 0; sel[i].lr >= 0 && k < ss; k++)
            ps_take(&sel[i], k, &v1[(((long)i * nl + sel[i].lr) * ss + k) * PS_NV]);
    }
    if (n2 > 0) {
        if (checker_run_value_cells(c, "selected rate", n2, PS_NV, ps_cell, ps_label, &x2, 1, v2)) {
            ret = -1;
            goto done;
        }
        if (!checker_cells_complete(c))
            goto done;
        for (int i = 0; i < p->nconfig; i++)
            for (int j = 0; j < rest; j++) {
                const double *r = &v2[((long)i * rest + j) * PS_NV];
                ps_add_cost(&sel[i], r);
                if (sel[i].lr >= 0)
                    ps_take(&sel[i], ss + j, r);
            }
    }
    ret = 1;
done:
    free(v1);
    free(v2);
    free(lr);
    return ret;
}

psweep_sel_t *psweep_collect(checker_t *c, const psweep_plan_t *p, int *status)
{
    psweep_sel_t *sel = calloc((size_t)(p->nconfig > 0 ? p->nconfig : 1), sizeof *sel);
    if (!sel) {
        *status = checker_fail(c, "out of memory");
        return NULL;
    }
    int rc = psweep_run(c, p, sel);
    if (rc > 0)
        return sel;
    free(sel);
    *status = rc < 0 ? checker_fail(c, "a cell could not be computed or stored") : checker_finish(c);
    return NULL;
}

static void ps_shl_run(int config, double lr, int k, protocol_run_t *r, void *ctx)
{
    const psweep_shl_grid_t *g = ctx;
    static dataset_t fit[EXPDATA_NKINDS], val[EXPDATA_NKINDS], test[EXPDATA_NKINDS];
    static int loaded[EXPDATA_NKINDS];
    expdata_kind_t kind = g->data[config / g->ncls];
    const exprun_class_t *cls = &g->cls[config % g->ncls];
    if (!loaded[kind]) {
        dataset_t tr;
        if (expdata_load(kind, g->ntrain, g->ntest, g->seed, &tr, &test[kind]) ||
            protocol_split(&tr, &fit[kind], &val[kind])) {
            fprintf(stderr, "protocol_sweep: cannot load %s\n", expdata_name(kind));
            exit(2);
        }
        dataset_free(&tr);
        loaded[kind] = 1;
    }
    char lab[128], l2[64];
    snprintf(lab, sizeof lab, "%s %s lr %g s%d", expdata_name(kind), exprun_label(cls, l2, sizeof l2),
             lr, k);
    protocol_run(g->proto, cls, &fit[kind], &val[kind], &test[kind], lr, g->seed + (unsigned long)k, lab, r);
}

static void ps_shl_label(int config, char *buf, size_t len, void *ctx)
{
    const psweep_shl_grid_t *g = ctx;
    char l2[64];
    snprintf(buf, len, "data=%s class=%s", expdata_name(g->data[config / g->ncls]),
             exprun_label(&g->cls[config % g->ncls], l2, sizeof l2));
}

void psweep_shl_grid(psweep_plan_t *p, psweep_shl_grid_t *g)
{
    g->proto = &p->proto;
    p->nconfig = g->ndata * g->ncls;
    p->run = ps_shl_run;
    p->label = ps_shl_label;
    p->ctx = g;
}

const char *psweep_describe(const psweep_plan_t *p, char *buf, size_t len)
{
    char proto[512];
    protocol_describe(&p->proto, proto, sizeof proto);
    if (p->select_seeds >= p->nseeds)
        snprintf(buf, len, "%s; %d seeds, every seed at every rate, the rate with the best mean "
                 "validation accuracy over the seeds selected", proto, p->nseeds);
    else
        snprintf(buf, len, "%s; %d seeds; compute-saving selection: seed 1 alone runs over the grid "
                 "and its best validation accuracy selects the rate, the other %d seed%s run%s at that "
                 "rate only (the selection never sees their validation data)", proto, p->nseeds,
                 p->nseeds - 1, p->nseeds > 2 ? "s" : "", p->nseeds > 2 ? "" : "s");
    return buf;
}

long psweep_runs(const psweep_plan_t *p)
{
    return (long)p->nconfig * ((long)p->proto.nlr * p->select_seeds + p->nseeds - p->select_seeds);
}

void psweep_columns(char *buf, size_t len, const psweep_plan_t *p, const psweep_sel_t *s)
{
    if (s->lr < 0) {
        snprintf(buf, len, "none (diverged at every rate)|-|-|-|no");
        return;
    }
    char iv[64];
    double tr, ep, sd;
    verdict_format_interval(iv, sizeof iv, s->test, p->nseeds);
    exprun_mean_std(s->train, p->nseeds, &tr, &sd);
    exprun_mean_std(s->epochs, p->nseeds, &ep, &sd);
    snprintf(buf, len, "%g|%s|%.2f|%.1f|%s", p->proto.lr[s->lr], iv, 100 * tr, ep,
             s->converged ? "yes" : "no");
}

void psweep_class_section(checker_t *c, const psweep_plan_t *p, const psweep_sel_t *sel,
                          const expdata_kind_t *data, int ndata, const exprun_class_t *cls, int ncls)
{
    checker_section(c, "Test accuracy (%) at the selected learning rate, mean [95% t-interval] over seeds",
                    "data|class|params|selected lr|test %|final train %|epochs used (mean)|converged|"
                    "~CPU s (all rates)");
    for (int d = 0; d < ndata; d++)
        for (int i = 0; i < ncls; i++) {
            const psweep_sel_t *x = &sel[d * ncls + i];
            char lab[64], cols[256];
            psweep_columns(cols, sizeof cols, p, x);
            checker_row(c, ROW_INFO, 1, "%s|%s|%zu|%s|%.1f", expdata_name(data[d]),
                        exprun_label(&cls[i], lab, sizeof lab), x->nparams, cols, x->cpu);
        }
}

void psweep_verdict(char *buf, size_t len, const psweep_plan_t *p, const psweep_sel_t *a,
                    const psweep_sel_t *b, double margin)
{
    int n = p->nseeds;
    if (a->lr < 0 || (b && b->lr < 0)) {
        snprintf(buf, len, "inconclusive (diverged at every rate)");
        return;
    }
    if (!a->converged || (b && !b->converged)) {
        snprintf(buf, len, "inconclusive (not converged: %s)",
                 !a->converged ? "claimed class" : "comparator");
        return;
    }
    double ta, tb = margin, sd;
    exprun_mean_std(a->train, n, &ta, &sd);
    if (b)
        exprun_mean_std(b->train, n, &tb, &sd);
    char why[96];
    snprintf(why, sizeof why, "train %.1f%% < %.1f%%", 100 * ta, 100 * tb);
    verdict_claim_greater(buf, len, a->test, n, b ? b->test : NULL, b ? n : 0, margin, ta >= tb, why);
}

void psweep_claim_row(checker_t *c, const char *claim, const char *data, const psweep_plan_t *p,
                      const psweep_sel_t *a, const psweep_sel_t *b, double margin)
{
    char ia[64] = "-", ib[64] = "-", v[160], tb[32] = "-", eb[32] = "-";
    double ta = NAN, ea = NAN, t, e, sd;
    if (a->lr >= 0) {
        verdict_format_interval(ia, sizeof ia, a->test, p->nseeds);
        exprun_mean_std(a->train, p->nseeds, &ta, &sd);
        exprun_mean_std(a->epochs, p->nseeds, &ea, &sd);
    }
    if (!b)
        snprintf(ib, sizeof ib, "%.2f (constant)", 100 * margin);
    else if (b->lr >= 0) {
        verdict_format_interval(ib, sizeof ib, b->test, p->nseeds);
        exprun_mean_std(b->train, p->nseeds, &t, &sd);
        exprun_mean_std(b->epochs, p->nseeds, &e, &sd);
        snprintf(tb, sizeof tb, "%.1f", 100 * t);
        snprintf(eb, sizeof eb, "%.1f", e);
    }
    psweep_verdict(v, sizeof v, p, a, b, margin);
    checker_row(c, ROW_INFO, 1, "%s|%s|%s|%s|%.1f vs %s|%.1f vs %s|%s", claim, data, ia, ib, 100 * ta,
                tb, ea, eb, v);
}

void psweep_cost(const psweep_sel_t *sel, int n, double *cpu, double *example_epochs)
{
    *cpu = *example_epochs = 0;
    for (int i = 0; i < n; i++) {
        *cpu += sel[i].cpu;
        *example_epochs += sel[i].example_epochs;
    }
}

void psweep_header_cost(checker_t *c, const psweep_sel_t *sel, int n, long runs,
                        double full_example_epochs)
{
    double cpu, exep;
    psweep_cost(sel, n, &cpu, &exep);
    double full = exep > 0 ? cpu / exep * full_example_epochs / 3600 : NAN;
    checker_param(c, "CPU time", "%.1f CPU-minutes over %ld runs (sum of the cells' measured CPU "
                  "time, also for cells reused from the store); full configuration (--full 1) "
                  "estimated at %.1f CPU-hours (%.3g CPU-ms per training example-epoch measured "
                  "here x %.3g example-epochs at its maximum epochs: an upper bound)",
                  cpu / 60, runs, full, exep > 0 ? 1e3 * cpu / exep : NAN, full_example_epochs);
}
