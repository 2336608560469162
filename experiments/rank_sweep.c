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

#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/expplot.h"
#include "trainer/protocol_options.h"

/* the full configuration's cost: the reduced run's measured CPU time per example-epoch (1.16 ms,
 * issue 17's partial reduced run: the mnist-noise grid) x the full runs' 630 x 6,800 x 100
 * example-epochs, an upper bound (psweep_header_cost prints each run's estimate in its header) */
#define RS_FULL_HOURS "at most about 140 CPU-hours"
static protocol_options_t rs_opt;
static long rs_max_rank = 16;
static const protocol_defaults_t rs_defaults = {10, 100, 3, 600, 0};
static const checker_option_t rs_options[] = {
    PROTOCOL_OPTIONS(rs_opt, "1: all training data, at most 100 epochs, patience 5, 3 seeds, every seed "
                     "at every rate (" RS_FULL_HOURS ")",
                     "default 10 reduced, 100 full; reduced: 600 training examples, all test examples"),
    {"--max-rank", &rs_max_rank, "largest rank of the sweep (1..16, default 16)"},
    {NULL, NULL, NULL},
};
static const checker_info_t rs_info = {
    "rank_sweep", "Figure 3: SHL test accuracy against the displacement rank",
    "papers/thomas2018_ldr_learned_operators.txt, Sec. 5.1, Figure 3",
    "Trains LDR-SD, LDR-TD, Toeplitz-like and low-rank layers at ranks 1..16 and the\n"
    "unstructured layer under the protocol of experiments/trainer/protocol.h.", rs_options,
};

enum { RS_NDATA = 2, RS_NFAM = 4, RS_MAXRANKS = 5 };
static const expdata_kind_t rs_data[RS_NDATA] = {EXPDATA_MNIST_NOISE, EXPDATA_MNIST_BG_ROT};
static const layer_class_t rs_fam[RS_NFAM] = {LAYER_LDR_SD, LAYER_LDR_TD, LAYER_TOEPLITZ_LIKE,
                                              LAYER_LOWRANK};
static const int rs_ranks[RS_MAXRANKS] = {1, 2, 4, 8, 16};

static void rs_plot(const char *out, const psweep_shl_grid_t *p, int nranks, const psweep_plan_t *ps, const psweep_sel_t *sel)
{
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    if (!s) return;
    len += (size_t)snprintf(s + len, cap - len, "set multiplot layout 1,%d\nset logscale x 2\n"
                            "set xlabel 'rank r'\nset ylabel 'test accuracy (%%)'\nset grid\n"
                            "set key bottom right\nset xrange [0.8:%d]\n", RS_NDATA,
                            rs_ranks[nranks - 1] + 4);
    for (int d = 0; d < RS_NDATA; d++) {
        const psweep_sel_t *sd = &sel[d * p->ncls];
        for (int f = 0; f < RS_NFAM; f++) {
            len += (size_t)snprintf(s + len, cap - len, "$D%d_%d << EOD\n", d, f);
            for (int j = 0; j < nranks; j++) {
                const psweep_sel_t *x = &sd[1 + f * nranks + j];
                if (x->lr < 0)
                    continue;
                double mu, sdv;
                exprun_mean_std(x->test, ps->nseeds, &mu, &sdv);
                len += (size_t)snprintf(s + len, cap - len, "%d %.3f %.3f\n", rs_ranks[j], 100 * mu,
                                        100 * sdv);
            }
            len += (size_t)snprintf(s + len, cap - len, "EOD\n");
        }
        double mu = NAN, sdv;
        if (sd[0].lr >= 0)
            exprun_mean_std(sd[0].test, ps->nseeds, &mu, &sdv);
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

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &rs_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    progress_set_quiet(c.quiet);
    exprun_class_t cls[1 + RS_NFAM * RS_MAXRANKS]; /* 0: unstructured; then family x rank */
    int nranks = 0, max_rank = (int)(c.quick && rs_max_rank == 16 ? 2 : rs_max_rank);
    while (nranks < RS_MAXRANKS && rs_ranks[nranks] <= max_rank) nranks++;
    psweep_shl_grid_t plan = {rs_data, RS_NDATA, cls, 0, 0, 0, c.seed, NULL};
    psweep_plan_t ps;
    memset(&ps, 0, sizeof ps);
    const char *why;
    if (protocol_options_resolve(&c, &rs_opt, &rs_defaults, &ps, &plan.ntrain, &plan.ntest, &why))
        return checker_fail(&c, "%s", why);
    if (nranks < 1)
        return checker_fail(&c, "bad --max-rank (1..16)");
    if (c.quick && !rs_opt.epochs && !rs_opt.full) /* the smoke run: 3 epochs */
        ps.proto.max_epochs = 3;
    cls[plan.ncls++] = (exprun_class_t){LAYER_DENSE, 0};
    for (int f = 0; f < RS_NFAM; f++)
        for (int j = 0; j < nranks; j++)
            cls[plan.ncls++] = (exprun_class_t){rs_fam[f], rs_ranks[j]};
    psweep_shl_grid(&ps, &plan);
    char desc[1024];
    checker_param(&c, "protocol", "SHL 784 -> 784 (class) -> ReLU -> 10; %s%s",
                  psweep_describe(&ps, desc, sizeof desc), c.quick ? " (quick: two rates only)" : "");
    char ntr[64] = "all", nte[64] = "all";
    if (plan.ntrain) snprintf(ntr, sizeof ntr, "a stratified subset of %ld", plan.ntrain);
    if (plan.ntest) snprintf(nte, sizeof nte, "a stratified subset of %ld", plan.ntest);
    checker_param(&c, "data", "%s training examples per data set before the 15%% validation split, %s "
                  "test examples; MNIST variants of experiments/trainer/expdata.h (not the paper's "
                  "Larochelle et al. sets; CIFAR-10 and NORB are not available offline)", ntr, nte);
    psweep_sel_t *sel = psweep_collect(&c, &ps, &rc);
    if (!sel) return rc;
    psweep_plan_t full = protocol_options_full_plan(&ps, &rs_defaults);
    psweep_header_cost(&c, sel, ps.nconfig, psweep_runs(&ps),
                       (double)psweep_runs(&full) * 0.85 * (double)expdata_full_train_count(rs_data[0]) *
                           rs_defaults.full_epochs);
    psweep_class_section(&c, &ps, sel, rs_data, RS_NDATA, plan.cls, plan.ncls);
    checker_section(&c, "Sec. 5.1 / Figure 3 claims at this scale", PSWEEP_CLAIM_COLUMNS);
    for (int d = 0; d < RS_NDATA; d++) {
        const char *dn = expdata_name(rs_data[d]);
        const psweep_sel_t *sd = &sel[d * plan.ncls];
        int top = nranks - 1; /* LDR-SD at the largest rank of the sweep */
        char claim[96];
        snprintf(claim, sizeof claim, "LDR-SD (r=%d) meets or exceeds unstructured", rs_ranks[top]);
        psweep_claim_row(&c, claim, dn, &ps, &sd[1 + top], &sd[0], -0.005);
        if (nranks >= 2) /* LDR-SD r=1 vs Toeplitz-like r=2 (family 2): same parameter count */
            psweep_claim_row(&c, "LDR-SD (r=1) > Toeplitz-like (r=2)", dn, &ps, &sd[1],
                             &sd[1 + 2 * nranks + 1], 0.0);
    }
    checker_note(&c, "Protocol: experiments/trainer/protocol.h and protocol_sweep.h; every run is one "
                 "cell; the learning rate is selected per data set and class on the validation split, "
                 "and the test accuracy is that of the best-validation epoch.  'Meets' = mean "
                 "difference above -0.5 points.  Verdicts (experiments/trainer/verdict.h): reproduced "
                 "when the 95%% t-intervals are separated in the claimed direction; contradicted when "
                 "separated the other way and the claimed class fits its training data at least as "
                 "well; inconclusive otherwise, and whenever a run of either side stopped at the epoch "
                 "limit (not converged).");
    rs_plot(c.out_dir, &plan, nranks, &ps, sel);
    free(sel);
    return checker_finish(&c);
}
