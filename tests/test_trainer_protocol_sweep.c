/* test_trainer_protocol_sweep.c -- the grid x seeds of a protocol table as cells
 * (trainer/protocol_sweep.h), with a fake run whose validation accuracy peaks at a known
 * rate, and the quick / reduced / full configurations (trainer/protocol_options.h). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/protocol_options.h"

/* config 0 is best at rate index 2, config 1 at 0; config 1 never converges; config 2
 * diverges at every rate.  Seed k shifts every accuracy by k / 100. */
static int fake_calls;
static void fake_run(int config, double lr, int k, protocol_run_t *r, void *ctx)
{
    const protocol_t *p = ctx;
    int l = 0;
    while (l < p->nlr && p->lr[l] != lr) l++;
    fake_calls++;
    memset(r, 0, sizeof *r);
    int best = config == 0 ? 2 : 0;
    r->val_acc = 0.8 - 0.1 * abs(l - best) + 0.01 * k;
    r->test_acc = r->val_acc - 0.02;
    r->train_acc = 0.9 + 0.01 * k;
    r->epochs_run = 5 + k;
    r->stopped_early = config != 1;
    r->diverged = config == 2;
    r->cpu_seconds = 0.5;
    r->nfit = 100;
    r->nparams = 10 + (size_t)config;
}

static void fake_label(int config, char *buf, size_t len, void *ctx)
{
    (void)ctx;
    snprintf(buf, len, "config=%d", config);
}

static const checker_info_t info = {"t_psweep", "T", "S", "D", NULL};

static int sweep(const char *dir, const char *shard, int select_seeds, psweep_sel_t *sel)
{
    char out[160], st[160];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(st, sizeof st, "%s/store", dir);
    char *argv[10] = {"x", "--quiet", "--out", out, "--cells", st};
    int argc = 6;
    if (shard) {
        argv[argc++] = "--shard";
        argv[argc++] = (char *)shard;
    }
    checker_t c;
    cr_assert_eq(checker_start(&c, &info, argc, argv), CHECKER_RUN);
    psweep_plan_t p = {protocol_default(OPTIM_SGD_MOMENTUM, 10, 2), 3, 3, select_seeds, fake_run,
                       fake_label, NULL};
    p.ctx = &p.proto;
    int rc = psweep_run(&c, &p, sel);
    checker_finish(&c);
    return rc;
}

Test(trainer_protocol_sweep, selection_convergence_cost_and_two_stages)
{
    char d[] = "/tmp/psweepXXXXXX";
    cr_assert_not_null(mkdtemp(d));
    psweep_sel_t sel[3];
    fake_calls = 0;
    cr_assert_eq(sweep(d, NULL, 3, sel), 1);
    cr_assert_eq(fake_calls, 3 * PROTOCOL_NLR * 3, "every seed at every rate");
    cr_assert_eq(sel[0].lr, 2);
    cr_assert_eq(sel[1].lr, 0);
    cr_assert_eq(sel[2].lr, -1, "diverged at every rate: no rate");
    cr_assert(sel[0].converged && !sel[1].converged && !sel[2].converged);
    cr_assert_float_eq(sel[0].test[1], 0.8 + 0.01 - 0.02, 1e-12);
    cr_assert_float_eq(sel[0].cpu, 0.5 * PROTOCOL_NLR * 3, 1e-12, "cost of every rate, read from cells");
    cr_assert_eq(sel[0].nfit, 100);
    psweep_plan_t p = {protocol_default(OPTIM_SGD_MOMENTUM, 10, 2), 3, 3, 3, fake_run, fake_label, NULL};
    char v[160];
    psweep_verdict(v, sizeof v, &p, &sel[1], &sel[0], 0.0);
    cr_assert(strstr(v, "inconclusive (not converged") == v, "%s", v);
    psweep_verdict(v, sizeof v, &p, &sel[0], &sel[2], 0.0);
    cr_assert(strstr(v, "inconclusive (diverged") == v, "%s", v);
    psweep_verdict(v, sizeof v, &p, &sel[0], NULL, 0.5);
    cr_assert_str_eq(v, "reproduced");

    /* compute-saving selection: the grid on seed 1, seeds 2 and 3 at its rate only; a shard
     * stops after the grid, a full run reuses the grid's cells and adds the rest */
    char d2[] = "/tmp/psweepXXXXXX";
    cr_assert_not_null(mkdtemp(d2));
    fake_calls = 0;
    cr_assert_eq(sweep(d2, "0/2", 1, sel), 0, "a shard writes no table");
    int shard_calls = fake_calls;
    cr_assert_eq(sweep(d2, NULL, 1, sel), 1);
    cr_assert_eq(fake_calls, 3 * PROTOCOL_NLR + 2 * 2, "nlr + nseeds - 1 runs per configuration (none "
                 "at the selected rate of the configuration that diverged at every rate)");
    cr_assert_lt(shard_calls, 3 * PROTOCOL_NLR);
    cr_assert_eq(sel[0].lr, 2);
    cr_assert_float_eq(sel[0].test[2], 0.8 + 0.02 - 0.02, 1e-12, "seed 3 at the selected rate");
    cr_assert_float_eq(sel[0].cpu, 0.5 * (PROTOCOL_NLR + 2), 1e-12);
    fake_calls = 0;
    cr_assert_eq(sweep(d2, NULL, 1, sel), 1);
    cr_assert_eq(fake_calls, 0, "everything reused");
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", d, d2);
    cr_assert_eq(system(cmd), 0);
}

Test(trainer_protocol_sweep, quick_reduced_and_full_configurations)
{
    static const protocol_defaults_t dflt = {10, 100, 3, 1000, 500};
    protocol_options_t o;
    memset(&o, 0, sizeof o);
    checker_t c;
    memset(&c, 0, sizeof c);
    psweep_plan_t p;
    long ntr, nte;
    const char *why;
    cr_assert_eq(protocol_options_resolve(&c, &o, &dflt, &p, &ntr, &nte, &why), 0);
    cr_assert(p.proto.max_epochs == 10 && p.proto.patience == 3 && p.nseeds == 3 && p.select_seeds == 1);
    cr_assert(ntr == 1000 && nte == 500 && p.proto.nlr == PROTOCOL_NLR);
    c.quick = 1;
    cr_assert_eq(protocol_options_resolve(&c, &o, &dflt, &p, &ntr, &nte, &why), 0);
    cr_assert(p.proto.nlr == 2 && p.select_seeds == p.nseeds, "quick: 2 rates, one stage");
    cr_assert_geq(p.proto.lr[0] / p.proto.lr[1], 100.0 - 1e-9);
    o.full = 1;
    cr_assert_eq(protocol_options_resolve(&c, &o, &dflt, &p, &ntr, &nte, &why), 0);
    cr_assert(p.proto.max_epochs == 100 && p.proto.patience == 5 && p.select_seeds == p.nseeds);
    cr_assert(ntr == 0 && nte == 0 && p.proto.nlr == PROTOCOL_NLR);
    psweep_plan_t f = protocol_options_full_plan(&p, &dflt);
    f.nconfig = 4;
    cr_assert_eq(psweep_runs(&f), 4L * PROTOCOL_NLR * 3);
    o.seeds = 11;
    cr_assert_eq(protocol_options_resolve(&c, &o, &dflt, &p, &ntr, &nte, &why), -1);
}
