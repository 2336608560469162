/* rank_sweep - Figure 3 of Thomas et al. 2018 (SHL): test accuracy against the displacement
 * rank r = 1, 2, 4, 8, 16 for LDR-SD, LDR-TD, Toeplitz-like and low-rank, with the
 * unstructured layer as the baseline, on MNIST-noise and MNIST-bg-rot, under the training
 * protocol of experiments/trainer/protocol.h (lr grid selected on a 15% validation split,
 * early stopping, best-validation checkpoint, seeds, 95% t-intervals).  Claims (Sec. 5.1):
 * LDR-SD at r = 16 meets or exceeds the unstructured layer; broadening the operator class
 * (LDR-SD r = 1) beats raising the rank (Toeplitz-like r = 2, the same parameter count).
 * One cell (cell_values.h) per (data set, class and rank, learning rate, seed) run; the
 * rate is selected per (data set, class, rank) from the cells' validation accuracies. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cell_values.h"
#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/expplot.h"
#include "trainer/protocol.h"
#include "trainer/verdict.h"

static long rs_full = 0, rs_train = 0, rs_epochs = 0, rs_patience = 0, rs_seeds = 0, rs_adam = 0;
static long rs_max_rank = 16;
static const checker_option_t rs_options[] = {
    {"--full", &rs_full, "1: all training data, at most 100 epochs, patience 5, 3 seeds"},
    {"--train", &rs_train, "training examples per data set before the validation split (default 2000 reduced)"},
    {"--epochs", &rs_epochs, "maximum epochs (default 15 reduced)"},
    {"--patience", &rs_patience, "early-stopping patience in epochs (default 3 reduced)"},
    {"--seeds", &rs_seeds, "seeds (default 3)"},
    {"--adam", &rs_adam, "1: Adam instead of SGD momentum 0.9"},
    {"--max-rank", &rs_max_rank, "largest rank of the sweep (1..16, default 16)"},
    {NULL, NULL, NULL},
};
static const checker_info_t rs_info = {
    "rank_sweep", "Figure 3: SHL test accuracy against the displacement rank",
    "papers/thomas2018_ldr_learned_operators.txt, Sec. 5.1, Figure 3",
    "Trains LDR-SD, LDR-TD, Toeplitz-like and low-rank layers at ranks 1..16 and the\n"
    "unstructured layer under the protocol of experiments/trainer/protocol.h.", rs_options,
};

enum { RS_NDATA = 2, RS_NFAM = 4, RS_MAXRANKS = 5, RS_MAXSEEDS = 10 };
static const expdata_kind_t rs_data[RS_NDATA] = {EXPDATA_MNIST_NOISE, EXPDATA_MNIST_BG_ROT};
static const layer_class_t rs_fam[RS_NFAM] = {LAYER_LDR_SD, LAYER_LDR_TD, LAYER_TOEPLITZ_LIKE,
                                              LAYER_LOWRANK};
static const int rs_ranks[RS_MAXRANKS] = {1, 2, 4, 8, 16};

typedef struct {
    exprun_class_t cls[1 + RS_NFAM * RS_MAXRANKS]; /* 0: unstructured; then family x rank */
    int ncls, nranks, nseeds;
    long ntrain;
    protocol_t proto;
    unsigned long seed;
} rs_plan_t;

/* cell = ((d * ncls + i) * nlr + l) * nseeds + k */
enum { RS_VAL, RS_TEST, RS_TRAIN, RS_EPOCHS, RS_BEST, RS_CONV, RS_SECS, RS_NPARAMS, RS_NV };

static void rs_index(const rs_plan_t *p, long cell, int *d, int *i, int *l, int *k)
{
    *k = (int)(cell % p->nseeds);
    cell /= p->nseeds;
    *l = (int)(cell % p->proto.nlr);
    cell /= p->proto.nlr;
    *i = (int)(cell % p->ncls);
    *d = (int)(cell / p->ncls);
}

static void rs_run(checker_t *c, long cell, double *v, void *ctx)
{
    (void)c;
    const rs_plan_t *p = ctx;
    static dataset_t fit[RS_NDATA], val[RS_NDATA], test[RS_NDATA]; /* once per process */
    static int loaded[RS_NDATA];
    int d, i, l, k;
    rs_index(p, cell, &d, &i, &l, &k);
    if (!loaded[d]) {
        dataset_t tr;
        if (expdata_load(rs_data[d], p->ntrain, 0, p->seed, &tr, &test[d]) ||
            protocol_split(&tr, &fit[d], &val[d])) {
            fprintf(stderr, "rank_sweep: cannot load %s\n", expdata_name(rs_data[d]));
            exit(2); /* no cell file: a rerun with the data computes it */
        }
        dataset_free(&tr);
        loaded[d] = 1;
    }
    char lab[128], l2[64];
    snprintf(lab, sizeof lab, "%s %s lr %g s%d", expdata_name(rs_data[d]),
             exprun_label(&p->cls[i], l2, sizeof l2), p->proto.lr[l], k);
    protocol_run_t r;
    protocol_run(&p->proto, &p->cls[i], &fit[d], &val[d], &test[d], p->proto.lr[l], p->seed + k,
                 lab, &r);
    v[RS_VAL] = r.diverged ? NAN : r.val_acc;
    v[RS_TEST] = r.test_acc;
    v[RS_TRAIN] = r.train_acc;
    v[RS_EPOCHS] = r.epochs_run;
    v[RS_BEST] = r.best_epoch;
    v[RS_CONV] = protocol_converged(&p->proto, &r);
    v[RS_SECS] = r.seconds;
    v[RS_NPARAMS] = (double)r.nparams;
}

static void rs_label(long cell, void *ctx, char *buf, size_t len)
{
    const rs_plan_t *p = ctx;
    int d, i, l, k;
    rs_index(p, cell, &d, &i, &l, &k);
    char l2[64];
    snprintf(buf, len, "data=%s class=%s lr=%g seed=%d", expdata_name(rs_data[d]),
             exprun_label(&p->cls[i], l2, sizeof l2), p->proto.lr[l], k);
}

/* The selected rate's runs of (d, i): test and train accuracies, epochs, convergence. */
typedef struct {
    int lr;                          /* selected index, -1: none */
    double test[RS_MAXSEEDS], train[RS_MAXSEEDS], epochs[RS_MAXSEEDS], secs;
    int converged;                   /* every run of the selected rate */
    size_t nparams;
} rs_sel_t;

static rs_sel_t rs_select(const rs_plan_t *p, const double *v, int d, int i)
{
    rs_sel_t s;
    memset(&s, 0, sizeof s);
    int nl = p->proto.nlr, ns = p->nseeds;
    double va[PROTOCOL_NLR * RS_MAXSEEDS];
    long base = ((long)d * p->ncls + i) * nl * ns;
    for (int l = 0; l < nl; l++)
        for (int k = 0; k < ns; k++) {
            const double *r = &v[(base + (long)l * ns + k) * RS_NV];
            va[l * ns + k] = r[RS_VAL];
            s.secs += r[RS_SECS];
        }
    s.lr = protocol_select(va, nl, ns);
    s.converged = s.lr >= 0;
    for (int k = 0; s.lr >= 0 && k < ns; k++) {
        const double *r = &v[(base + (long)s.lr * ns + k) * RS_NV];
        s.test[k] = r[RS_TEST];
        s.train[k] = r[RS_TRAIN];
        s.epochs[k] = r[RS_EPOCHS];
        s.converged &= r[RS_CONV] != 0;
        s.nparams = (size_t)r[RS_NPARAMS];
    }
    return s;
}

static void rs_plot(const char *out, const rs_plan_t *p, rs_sel_t sel[][1 + RS_NFAM * RS_MAXRANKS])
{
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "set multiplot layout 1,%d\nset logscale x 2\n"
                            "set xlabel 'rank r'\nset ylabel 'test accuracy (%%)'\nset grid\n"
                            "set key bottom right\nset xrange [0.8:%d]\n", RS_NDATA,
                            rs_ranks[p->nranks - 1] + 4);
    for (int d = 0; d < RS_NDATA; d++) {
        for (int f = 0; f < RS_NFAM; f++) {
            len += (size_t)snprintf(s + len, cap - len, "$D%d_%d << EOD\n", d, f);
            for (int j = 0; j < p->nranks; j++) {
                const rs_sel_t *x = &sel[d][1 + f * p->nranks + j];
                if (x->lr < 0)
                    continue;
                double mu, sd;
                exprun_mean_std(x->test, p->nseeds, &mu, &sd);
                len += (size_t)snprintf(s + len, cap - len, "%d %.3f %.3f\n", rs_ranks[j], 100 * mu,
                                        100 * sd);
            }
            len += (size_t)snprintf(s + len, cap - len, "EOD\n");
        }
        double mu = NAN, sd;
        if (sel[d][0].lr >= 0)
            exprun_mean_std(sel[d][0].test, p->nseeds, &mu, &sd);
        len += (size_t)snprintf(s + len, cap - len, "set title '%s'\nplot ", expdata_name(rs_data[d]));
        for (int f = 0; f < RS_NFAM; f++)
            len += (size_t)snprintf(s + len, cap - len, "$D%d_%d using 1:2:3 with yerrorlines lw 2 title '%s', ",
                                    d, f, layer_class_name(rs_fam[f]));
        len += (size_t)snprintf(s + len, cap - len, "%.3f with lines dt 2 lw 2 title 'unstructured'\n",
                                isnan(mu) ? 0.0 : 100 * mu);
    }
    snprintf(s + len, cap - len, "unset multiplot\n");
    char path[4096];
    snprintf(path, sizeof path, "%s/rank_sweep.png", out);
    expplot_png(path, s);
    free(s);
}

/* A claim row: A > B (margin), inconclusive when either side did not converge. */
static void rs_claim(checker_t *c, const char *claim, const char *data, const rs_sel_t *a,
                     const rs_sel_t *b, int nseeds, double margin)
{
    char ia[64] = "-", ib[64] = "-", v[128], why[96];
    double ta, tb, sd;
    if (a->lr < 0 || b->lr < 0) {
        checker_row(c, ROW_INFO, 1, "%s|%s|-|-|-|inconclusive (a run diverged at every rate)", claim, data);
        return;
    }
    verdict_format_interval(ia, sizeof ia, a->test, nseeds);
    verdict_format_interval(ib, sizeof ib, b->test, nseeds);
    exprun_mean_std(a->train, nseeds, &ta, &sd);
    exprun_mean_std(b->train, nseeds, &tb, &sd);
    if (!a->converged || !b->converged) {
        snprintf(v, sizeof v, "inconclusive (not converged: %s)",
                 !a->converged ? "claimed class" : "comparator");
    } else {
        snprintf(why, sizeof why, "train %.1f%% < %.1f%%", 100 * ta, 100 * tb);
        verdict_claim_greater(v, sizeof v, a->test, nseeds, b->test, nseeds, margin, ta >= tb, why);
    }
    checker_row(c, ROW_INFO, 1, "%s|%s|%s|%s|%.1f vs %.1f|%s", claim, data, ia, ib, 100 * ta, 100 * tb, v);
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &rs_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    progress_set_quiet(c.quiet);
    rs_plan_t plan;
    memset(&plan, 0, sizeof plan);
    int max_rank = (int)(c.quick && rs_max_rank == 16 ? 2 : rs_max_rank);
    plan.nranks = 0;
    while (plan.nranks < RS_MAXRANKS && rs_ranks[plan.nranks] <= max_rank) plan.nranks++;
    plan.nseeds = (int)(rs_seeds ? rs_seeds : c.quick ? 2 : 3);
    plan.ntrain = rs_train ? rs_train : rs_full ? 0 : c.quick ? 300 : 2000;
    int epochs = (int)(rs_epochs ? rs_epochs : rs_full ? 100 : c.quick ? 3 : 15);
    int patience = (int)(rs_patience ? rs_patience : rs_full ? 5 : c.quick ? 1 : 3);
    if (plan.nranks < 1 || plan.nseeds < 1 || plan.nseeds > RS_MAXSEEDS || epochs < 1 || patience < 1 ||
        plan.ntrain < 0)
        return checker_fail(&c, "bad --max-rank/--seeds/--epochs/--patience/--train");
    plan.proto = protocol_default(rs_adam ? OPTIM_ADAM : OPTIM_SGD_MOMENTUM, epochs, patience);
    if (c.quick) { /* two rates two decades apart: the smoke run of the protocol */
        plan.proto.lr[1] = plan.proto.lr[plan.proto.nlr - 1];
        plan.proto.nlr = 2;
    }
    plan.seed = c.seed;
    plan.cls[plan.ncls++] = (exprun_class_t){LAYER_DENSE, 0};
    for (int f = 0; f < RS_NFAM; f++)
        for (int j = 0; j < plan.nranks; j++)
            plan.cls[plan.ncls++] = (exprun_class_t){rs_fam[f], rs_ranks[j]};
    char proto[512];
    checker_param(&c, "protocol", "%s; %d seeds%s", protocol_describe(&plan.proto, proto, sizeof proto),
                  plan.nseeds, c.quick ? " (quick: two rates only)" : "");
    char ntr[64] = "all";
    if (plan.ntrain) snprintf(ntr, sizeof ntr, "a stratified subset of %ld", plan.ntrain);
    checker_param(&c, "data", "%s training examples per data set before the 15%% validation split, all "
                  "test examples; MNIST variants of experiments/trainer/expdata.h (not the paper's "
                  "Larochelle et al. sets; CIFAR-10 and NORB are not available offline)", ntr);
    long ncells = (long)RS_NDATA * plan.ncls * plan.proto.nlr * plan.nseeds;
    double *v = malloc((size_t)ncells * RS_NV * sizeof *v);
    if (checker_run_value_cells(&c, "runs", ncells, RS_NV, rs_run, rs_label, &plan, 1, v)) {
        free(v);
        return checker_fail(&c, "a cell could not be computed or stored");
    }
    if (!checker_cells_complete(&c)) {
        free(v);
        return checker_finish(&c);
    }
    rs_sel_t sel[RS_NDATA][1 + RS_NFAM * RS_MAXRANKS];
    double cpu = 0;
    for (int d = 0; d < RS_NDATA; d++)
        for (int i = 0; i < plan.ncls; i++) {
            sel[d][i] = rs_select(&plan, v, d, i);
            cpu += sel[d][i].secs;
        }
    free(v);
    checker_section(&c, "Test accuracy (%) at the selected learning rate, mean [95% t-interval] over seeds",
                    "data|class|params|selected lr|test %|final train %|epochs used (mean)|converged|~train s (all rates)");
    for (int d = 0; d < RS_NDATA; d++)
        for (int i = 0; i < plan.ncls; i++) {
            const rs_sel_t *x = &sel[d][i];
            char lab[64], iv[64] = "-";
            double tr = NAN, ep = NAN, sd;
            if (x->lr >= 0) {
                verdict_format_interval(iv, sizeof iv, x->test, plan.nseeds);
                exprun_mean_std(x->train, plan.nseeds, &tr, &sd);
                exprun_mean_std(x->epochs, plan.nseeds, &ep, &sd);
            }
            char lr[32] = "none (diverged)";
            if (x->lr >= 0) snprintf(lr, sizeof lr, "%g", plan.proto.lr[x->lr]);
            checker_row(&c, ROW_INFO, 1, "%s|%s|%zu|%s|%s|%.2f|%.1f|%s|%.1f", expdata_name(rs_data[d]),
                        exprun_label(&plan.cls[i], lab, sizeof lab), x->nparams, lr, iv, 100 * tr, ep,
                        x->converged ? "yes" : "no", x->secs);
        }
    checker_section(&c, "Sec. 5.1 / Figure 3 claims at this scale",
                    "claim|data|test % of A [95% CI]|test % of B [95% CI]|train % A vs B|verdict (reproduced / contradicted / inconclusive)");
    for (int d = 0; d < RS_NDATA; d++) {
        const char *dn = expdata_name(rs_data[d]);
        int top = plan.nranks - 1; /* LDR-SD at the largest rank of the sweep */
        char claim[96];
        snprintf(claim, sizeof claim, "LDR-SD (r=%d) meets or exceeds unstructured", rs_ranks[top]);
        rs_claim(&c, claim, dn, &sel[d][1 + top], &sel[d][0], plan.nseeds, -0.005);
        if (plan.nranks >= 2) /* LDR-SD r=1 vs Toeplitz-like r=2 (family 2): same parameter count */
            rs_claim(&c, "LDR-SD (r=1) > Toeplitz-like (r=2)", dn, &sel[d][1],
                     &sel[d][1 + 2 * plan.nranks + 1], plan.nseeds, 0.0);
    }
    checker_note(&c, "Protocol: experiments/trainer/protocol.h; every run is one cell; the learning rate "
                 "is selected per data set and class on the validation split, and the test accuracy is "
                 "that of the best-validation epoch.  'Meets' = mean difference above -0.5 points.  "
                 "Verdicts (experiments/trainer/verdict.h): reproduced when the 95%% t-intervals are "
                 "separated in the claimed direction; contradicted when separated the other way and the "
                 "claimed class fits its training data at least as well; inconclusive otherwise, and "
                 "whenever a run of either side stopped at the epoch limit (not converged).");
    checker_section(&c, "Cost", "runs (cells)|~training seconds, all runs");
    checker_row(&c, ROW_INFO, 1, "%ld|%.0f", ncells, cpu);
    rs_plot(c.out_dir, &plan, sel);
    return checker_finish(&c);
}
