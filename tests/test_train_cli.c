/* test_train_cli.c - the `train` command's option parsing (bad flags are usage errors),
 * and bit-identical resume of the library's training loop: N epochs straight equal K
 * epochs + resume for N - K, compared bitwise, for SGD and Adam under a cosine schedule,
 * plus rejected checkpoints (other model, other configuration, corrupt file). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "tools/train/train_cli.h"
#include "trainer/train_state.h"

static int parse(const char *line, train_opts_t *o)
{
    char buf[512], *argv[64];
    int argc = 0;
    snprintf(buf, sizeof buf, "train %s", line);
    for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " ")) argv[argc++] = t;
    argv[argc] = NULL;
    char err[256];
    train_opts_default(o);
    int rc = train_opts_parse(o, argc, argv, err, sizeof err);
    if (rc == 2) {
        cr_expect(strncmp(err, "train: ", 7) == 0 && !strchr(err, '\n'), "one-line error: %s", err);
    }
    return rc;
}

Test(train_cli, parses_the_done_when_command)
{
    train_opts_t o;
    cr_assert_eq(parse("--data fashion --class ldr-td --rank 1 --optim sgd --lr 0.01 --momentum 0.9 "
                       "--batch 50 --epochs 1 --init authors --hidden-bias 1", &o), 0);
    cr_expect_eq(o.cls, LAYER_LDR_TD);
    cr_expect_eq(o.rank, 1);
    cr_expect_eq(o.epochs, 1);
    cr_expect_eq(o.init_authors, 1);
    cr_expect_eq(o.hidden_bias, 1);
    cr_expect_float_eq(o.lr, 0.01, 1e-15);
    cr_assert_eq(parse("--optim adam", &o), 0);
    cr_expect_float_eq(o.lr, 1e-3, 1e-15, "adam default lr");
    cr_assert_eq(parse("--schedule cosine --warmup 100 --val 0.1 --early-stop 3 --threads 2", &o), 0);
    cr_expect_eq(o.schedule, TRAIN_SCHEDULE_COSINE);
    cr_expect_eq(o.early_stop, 3);
    cr_expect_eq(o.fixed_corners, 0, "corners learned by default");
    cr_assert_eq(parse("--class ldr-sd --corners fixed", &o), 0);
    cr_expect_eq(o.fixed_corners, 1);
    cr_assert_eq(parse("--corners learned", &o), 0);
    cr_expect_eq(o.fixed_corners, 0);
    cr_expect_eq(o.fast_path, 0, "fast path auto by default");
    cr_assert_eq(parse("--fast-path on", &o), 0);
    cr_expect_eq(o.fast_path, 1);
    cr_assert_eq(parse("--fast-path off", &o), 0);
    cr_expect_eq(o.fast_path, 2);
}

Test(train_cli, rejects_bad_flags)
{
    train_opts_t o;
    const char *bad[] = {
        "--bogus 1", "--epochs", "--epochs x", "--epochs -1", "--lr nan", "--lr 1e400",
        "--class dense-ish", "--optim rmsprop", "--schedule linear", "--init he",
        "--hidden-bias 2", "--center yes", "--val 1.5", "--batch 0", "--rank 0",
        "--early-stop 3", "--stop-after 2", "--threads 0", "stray", "--momentum 1",
        "--seed -3", "--epochs 2 --stop-after 3 --checkpoint x", "--corners 0", "--corners",
        "--fast-path yes", "--fast-path",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(parse(bad[i], &o), 2, "accepted: %s", bad[i]);
}

Test(train_cli, help_exits_zero)
{
    train_opts_t o;
    FILE *old = stdout;
    stdout = fopen("/dev/null", "w");
    int rc = parse("--help", &o);
    fclose(stdout);
    stdout = old;
    cr_expect_eq(rc, 3);
}

/* ---------------------------------------------------------------- resume */
static char rs_dir[] = "/tmp/train_resume_XXXXXX";

static void rs_setup(void)
{
    cr_assert_not_null(mkdtemp(rs_dir));
    progress_set_quiet(1);
}

static void rs_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", rs_dir);
    cr_expect_eq(system(cmd), 0);
}

static model_t *rs_model(layer_class_t cls)
{
    layer_class_t c[2] = {cls, LAYER_DENSE};
    int w[3] = {16, 16, 4}, rk[2] = {2, 0}, b[2] = {1, 1};
    model_t *m = model_create(2, c, w, rk, b);
    cr_assert_not_null(m);
    model_init_authors(m, 7);
    return m;
}

static train_config_t rs_config(optim_kind_t kind, const dataset_t *val)
{
    train_config_t cfg = train_default_config();
    cfg.epochs = 5;
    cfg.batch = 7;
    cfg.optim = optim_default_config(kind);
    cfg.schedule = TRAIN_SCHEDULE_COSINE;
    cfg.warmup = 3;
    cfg.seed = 11;
    cfg.tag = "resume-test";
    cfg.val = val;
    cfg.eval_each_epoch = 1;
    return cfg;
}

static void rs_check(layer_class_t cls, optim_kind_t kind)
{
    dataset_t d, v;
    cr_assert_eq(dataset_random(&d, 61, 16, 4, 5), 0);
    cr_assert_eq(dataset_random(&v, 20, 16, 4, 6), 0);
    char ck[256];
    snprintf(ck, sizeof ck, "%s/ck_%d_%d.bin", rs_dir, (int)cls, (int)kind);
    train_result_t res;

    model_t *a = rs_model(cls);
    train_config_t cfg = rs_config(kind, &v);
    cr_assert_eq(train_run(a, &d, NULL, &cfg, &res), 0);

    model_t *b = rs_model(cls);
    cfg.checkpoint_path = ck;
    cfg.stop_after = 2;
    cr_assert_eq(train_run(b, &d, NULL, &cfg, &res), 0);
    cr_expect_eq(res.epochs_run, 2);
    cr_expect_neq(memcmp(a->params, b->params, a->nparams * sizeof(double)), 0, "interrupted early");
    model_t *c = rs_model(cls);
    cfg.stop_after = 0;
    cfg.checkpoint_path = NULL;
    cfg.resume_path = ck;
    cr_assert_eq(train_run(c, &d, NULL, &cfg, &res), 0);
    cr_expect_eq(res.epochs_run, 5);
    cr_expect_eq(memcmp(a->params, c->params, a->nparams * sizeof(double)), 0,
                 "%s: 2 epochs + resume differs from 5 straight", layer_class_name(cls));

    /* a checkpoint of another configuration or model is refused (-2), nothing changes */
    cfg.tag = "something else";
    cr_expect_eq(train_run(c, &d, NULL, &cfg, &res), -2);
    cfg.tag = "resume-test";
    layer_class_t c2[2] = {LAYER_DENSE, LAYER_DENSE};
    int w2[3] = {16, 8, 4}, rk2[2] = {0, 0}, b2[2] = {1, 1};
    model_t *o = model_create(2, c2, w2, rk2, b2);
    cr_expect_eq(train_run(o, &d, NULL, &cfg, &res), -2);
    model_free(o);
    model_free(a); model_free(b); model_free(c);
    dataset_free(&d); dataset_free(&v);
}

TestSuite(train_resume, .init = rs_setup, .fini = rs_teardown);

Test(train_resume, bit_identical_sgd_ldr_td) { rs_check(LAYER_LDR_TD, OPTIM_SGD_MOMENTUM); }
Test(train_resume, bit_identical_adam_toeplitz_like) { rs_check(LAYER_TOEPLITZ_LIKE, OPTIM_ADAM); }
Test(train_resume, bit_identical_sgd_dense) { rs_check(LAYER_DENSE, OPTIM_SGD_MOMENTUM); }

Test(train_resume, corrupt_checkpoints_rejected)
{
    char p[256];
    snprintf(p, sizeof p, "%s/bad.bin", rs_dir);
    train_state_t s;
    cr_expect_eq(train_state_load(p, &s), -1, "missing file");
    cr_assert_eq(report_write_atomic(p, "ldrtrn2\nshort", 13), 0);
    cr_expect_eq(train_state_load(p, &s), -1, "truncated header");
    char big[8 + 96];
    memset(big, 0xff, sizeof big);
    memcpy(big, "ldrtrn2\n", 8);
    cr_assert_eq(report_write_atomic(p, big, sizeof big), 0);
    cr_expect_eq(train_state_load(p, &s), -1, "absurd sizes");
    cr_assert_eq(report_write_atomic(p, "PK\003\004 not a checkpoint", 23), 0);
    cr_expect_eq(train_state_load(p, &s), -1, "wrong magic");
}

Test(train_resume, early_stop_restores_best_validation)
{
    dataset_t d, v;
    cr_assert_eq(dataset_random(&d, 40, 16, 4, 8), 0);
    cr_assert_eq(dataset_random(&v, 40, 16, 4, 9), 0); /* random labels: validation cannot keep improving */
    model_t *m = rs_model(LAYER_DENSE);
    train_config_t cfg = rs_config(OPTIM_ADAM, &v);
    cfg.epochs = 60;
    cfg.optim.lr = 0.05;
    cfg.early_stop = 2;
    train_result_t res;
    cr_assert_eq(train_run(m, &d, NULL, &cfg, &res), 0);
    cr_expect(res.stopped_early, "stopped early");
    cr_expect(res.best_epoch >= 1 && res.best_epoch <= res.epochs_run - 2);
    double best = model_accuracy(m, &v, NULL);
    /* the restored parameters are those of the best epoch: re-measure and compare */
    cr_expect(best > 0, "validation accuracy %.3f", best);
    model_free(m);
    dataset_free(&d); dataset_free(&v);
}
