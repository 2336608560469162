/* test_trainer_protocol.c -- the training protocol of the experiment tables (protocol.h). */
#include <criterion/criterion.h>
#include <math.h>

#include "report/report.h"
#include "trainer/expdata.h"
#include "trainer/protocol.h"

Test(trainer_protocol, grid_spans_two_decades_and_sgd_has_momentum)
{
    for (int o = 0; o < 2; o++) {
        protocol_t p = protocol_default(o ? OPTIM_ADAM : OPTIM_SGD_MOMENTUM, 20, 3);
        cr_assert_geq(p.nlr, 4);
        cr_assert_geq(p.lr[0] / p.lr[p.nlr - 1], 100.0 - 1e-9);
        for (int i = 1; i < p.nlr; i++)
            cr_assert_lt(p.lr[i], p.lr[i - 1], "largest first");
        cr_assert_eq(p.batch, 50);
    }
    cr_assert_float_eq(optim_default_config(OPTIM_SGD_MOMENTUM).momentum, 0.9, 1e-15);
    char buf[512];
    protocol_t p = protocol_default(OPTIM_SGD_MOMENTUM, 20, 3);
    cr_assert(strstr(protocol_describe(&p, buf, sizeof buf), "15% validation") != NULL, "%s", buf);
}

Test(trainer_protocol, select_best_mean_validation_accuracy)
{
    /* 3 rates x 2 seeds */
    double v[] = {0.5, 0.7, 0.8, 0.8, 0.9, NAN};
    cr_assert_eq(protocol_select(v, 3, 2), 1, "rate 2 has a missing run; rate 1 is best");
    double tie[] = {0.6, 0.6, 0.7, 0.5};
    cr_assert_eq(protocol_select(tie, 2, 2), 0, "tie: the larger (earlier) rate");
    double none[] = {NAN, NAN};
    cr_assert_eq(protocol_select(none, 2, 1), -1);
}

Test(trainer_protocol, split_and_run_with_early_stopping)
{
    dataset_t tr, te, fit, val;
    cr_assert_eq(expdata_load(EXPDATA_SYNTHETIC, 400, 200, 1, &tr, &te), 0);
    dataset_t trs = tr, tes = te;
    cr_assert_eq(protocol_split(&trs, &fit, &val), 0);
    cr_assert_eq(val.count, 60);
    cr_assert_eq(fit.count + val.count, trs.count);
    protocol_t p = protocol_default(OPTIM_SGD_MOMENTUM, 60, 2);
    exprun_class_t c = {LAYER_DENSE, 0};
    protocol_run_t r, r2;
    progress_set_quiet(1);
    cr_assert_eq(protocol_run(&p, &c, &fit, &val, &tes, 0.01, 3, "t", &r), 0);
    cr_assert(r.stopped_early && protocol_converged(&p, &r), "epochs %d best %d", r.epochs_run,
              r.best_epoch);
    cr_assert_eq(r.best_epoch, r.epochs_run - p.patience, "best-validation epoch restored");
    cr_assert_gt(r.val_acc, 0.3);
    cr_assert(r.test_acc > 0.3 && r.test_acc <= 1.0);
    cr_assert(r.train_acc > 0.3 && r.train_acc <= 1.0);
    cr_assert_eq(protocol_run(&p, &c, &fit, &val, &tes, 0.01, 3, "t", &r2), 0);
    cr_assert(r2.test_acc == r.test_acc && r2.epochs_run == r.epochs_run, "same seed, same run");
    protocol_t q = protocol_default(OPTIM_SGD_MOMENTUM, 1, 5);
    cr_assert_eq(protocol_run(&q, &c, &fit, &val, &tes, 0.01, 3, "t", &r2), 0);
    cr_assert(!protocol_converged(&q, &r2), "one epoch, no early stop: not converged");
    dataset_free(&tr), dataset_free(&te);
    dataset_free(&fit), dataset_free(&val);
}
