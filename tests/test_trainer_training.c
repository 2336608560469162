/* Tests of the issue-6 training machinery: IDX loader rejection paths, stratified split,
 * optimizers and schedule, overfitting 32 examples, NaN guard, checkpoint round trip. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "trainer/dataset.h"
#include "trainer/optim.h"
#include "trainer/train.h"
#include "trainer/train_state.h"

static char tt_dir[] = "/tmp/trainer_test_XXXXXX";

static void tt_setup(void) { cr_assert_not_null(mkdtemp(tt_dir)); }
static void tt_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tt_dir);
    cr_expect_eq(system(cmd), 0);
}

static void tt_write(const char *name, const unsigned char *b, size_t n, char *path)
{
    sprintf(path, "%s/%s", tt_dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(b, 1, n, f);
    fclose(f);
}

/* 3 images of 2 x 2 and their labels (IDX big-endian headers). */
static unsigned char tt_img[16 + 12] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2,
                                        0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
static unsigned char tt_lab[8 + 3] = {0, 0, 8, 1, 0, 0, 0, 3, 1, 0, 9};

TestSuite(trainer_training, .init = tt_setup, .fini = tt_teardown);

Test(trainer_training, idx_reads_valid_files)
{
    char im[256], lb[256];
    tt_write("img", tt_img, sizeof tt_img, im);
    tt_write("lab", tt_lab, sizeof tt_lab, lb);
    dataset_t d;
    cr_assert_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), 0);
    cr_expect_eq(d.count, 3);
    cr_expect_eq(d.dim, 4);
    cr_expect_float_eq(d.x[1], 1.0, 1e-15);
    cr_expect_float_eq(d.x[4], 30 / 255.0, 1e-15);
    cr_expect_eq(d.y[2], 9);
    dataset_free(&d);
}

Test(trainer_training, idx_rejects_bad_magic)
{
    char im[256], lb[256];
    unsigned char bad[sizeof tt_img];
    memcpy(bad, tt_img, sizeof bad);
    bad[3] = 1; /* 0x00000801: a label file where images are expected */
    tt_write("img", bad, sizeof bad, im);
    tt_write("lab", tt_lab, sizeof tt_lab, lb);
    dataset_t d;
    cr_expect_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), -1);
}

Test(trainer_training, idx_rejects_truncated_and_trailing)
{
    char im[256], lb[256];
    tt_write("img", tt_img, sizeof tt_img - 1, im);
    tt_write("lab", tt_lab, sizeof tt_lab, lb);
    dataset_t d;
    cr_expect_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), -1);
    unsigned char longer[sizeof tt_lab + 1];
    memcpy(longer, tt_lab, sizeof tt_lab);
    longer[sizeof tt_lab] = 0;
    tt_write("img", tt_img, sizeof tt_img, im);
    tt_write("lab", longer, sizeof longer, lb);
    cr_expect_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), -1);
    tt_write("lab", tt_lab, 6, lb); /* header cut */
    cr_expect_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), -1);
}

Test(trainer_training, idx_rejects_label_out_of_range_and_missing_file)
{
    char im[256], lb[256];
    unsigned char bad[sizeof tt_lab];
    memcpy(bad, tt_lab, sizeof bad);
    bad[10] = 10;
    tt_write("img", tt_img, sizeof tt_img, im);
    tt_write("lab", bad, sizeof bad, lb);
    dataset_t d;
    cr_expect_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), -1);
    cr_expect_eq(dataset_load_idx(&d, im, "/nonexistent/labels", 10, 0, "hint"), -1);
}

Test(trainer_training, idx_rejects_corrupt_gzip)
{
    char im[256], lb[256];
    unsigned char gz[] = {0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7};
    tt_write("img.gz", gz, sizeof gz, im);
    tt_write("lab", tt_lab, sizeof tt_lab, lb);
    dataset_t d;
    cr_expect_eq(dataset_load_idx(&d, im, lb, 10, 0, NULL), -1);
}

Test(trainer_training, json_rejects_values_outside_unit_interval)
{
    char path[256];
    const char *txt = "{ \"data\": [0, 0.5, 1.5] }";
    for (int c = 0; c < 10; c++) {
        char name[16];
        snprintf(name, sizeof name, "%d.json", c);
        tt_write(name, (const unsigned char *)txt, strlen(txt), path);
    }
    dataset_t d;
    cr_expect_eq(dataset_load_mnist_json(&d, tt_dir), -1);
}

Test(trainer_training, stratified_split_keeps_class_shares)
{
    dataset_t all, tr, te;
    cr_assert_eq(dataset_alloc(&all, 1000, 1, 2, 4), 0);
    for (long i = 0; i < 1000; i++) { all.y[i] = i < 100 ? 0 : i < 300 ? 1 : i < 600 ? 2 : 3; all.x[2 * i] = i; }
    cr_assert_eq(dataset_split_stratified(&all, 200, 5, &tr, &te), 0);
    long cnt[4] = {0};
    for (long i = 0; i < te.count; i++) cnt[te.y[i]]++;
    cr_expect_eq(cnt[0], 20); cr_expect_eq(cnt[1], 40); cr_expect_eq(cnt[2], 60); cr_expect_eq(cnt[3], 80);
    cr_expect_eq(tr.count, 800);
    /* same seed, same split */
    dataset_t tr2, te2;
    cr_assert_eq(dataset_split_stratified(&all, 200, 5, &tr2, &te2), 0);
    cr_expect_eq(memcmp(te.x, te2.x, 200 * 2 * sizeof(double)), 0);
    dataset_free(&all); dataset_free(&tr); dataset_free(&te); dataset_free(&tr2); dataset_free(&te2);
}

Test(trainer_training, optimizer_steps_by_hand)
{
    optim_config_t c = optim_default_config(OPTIM_SGD_MOMENTUM);
    c.lr = 0.1; c.momentum = 0.5;
    optim_t *o = optim_create(&c, 1);
    double p = 1.0, g = 2.0;
    optim_step(o, &p, &g);           /* v = 2, p = 1 - 0.2 */
    cr_expect_float_eq(p, 0.8, 1e-15);
    optim_step(o, &p, &g);           /* v = 1 + 2 = 3, p = 0.8 - 0.3 */
    cr_expect_float_eq(p, 0.5, 1e-15);
    optim_free(o);
    c = optim_default_config(OPTIM_ADAM);
    o = optim_create(&c, 1);
    p = 0; g = -5;
    optim_step(o, &p, &g); /* first Adam step moves by lr * sign(g) (up to eps) */
    cr_expect_float_eq(p, 1e-3, 1e-9);
    optim_free(o);
    c.beta1 = 1.0;
    cr_expect_null(optim_create(&c, 1));
    cr_expect_float_eq(optim_schedule_lr(1.0, 0, 1000), 0.1, 1e-15);
    cr_expect_float_eq(optim_schedule_lr(1.0, 50, 1000), 1.0, 1e-15);
    cr_expect_float_eq(optim_schedule_lr(1.0, 1000, 1000), 0.01, 1e-15);
    cr_expect_float_eq(optim_schedule_lr(0.5, 7, 0), 0.5, 1e-15);
}

/* 32 random points with random labels in 16 dimensions: every class must reach 100%. */
Test(trainer_training, overfits_32_examples)
{
    dataset_t d;
    cr_assert_eq(dataset_random(&d, 32, 16, 10, 3), 0);
    layer_class_t list[] = {LAYER_DENSE, LAYER_LDR_TD, LAYER_LOWER_TRI};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
        model_t *m = model_create_shl(list[i], 16, 4, 10);
        model_init(m, 1);
        train_config_t cfg = train_default_config();
        cfg.optim = optim_default_config(OPTIM_ADAM);
        cfg.optim.lr = 1e-2;
        cfg.epochs = 400;
        cfg.batch = 8;
        cfg.stop_train_acc = 1.0;
        progress_set_quiet(1);
        train_result_t res;
        cr_expect_eq(train_run(m, &d, NULL, &cfg, &res), 0);
        cr_expect_eq(res.train_acc, 1.0, "%s: train accuracy %.3f", layer_class_name(list[i]), res.train_acc);
        model_free(m);
    }
    dataset_free(&d);
}

Test(trainer_training, nan_guard_restores_checkpoint)
{
    dataset_t d;
    cr_assert_eq(dataset_random(&d, 64, 8, 3, 4), 0);
    model_t *m = model_create_shl(LAYER_DENSE, 8, 0, 3);
    model_init(m, 2);
    char ck[256];
    snprintf(ck, sizeof ck, "%s/ck.bin", tt_dir);
    train_config_t cfg = train_default_config();
    cfg.epochs = 2;
    cfg.checkpoint_path = ck;
    train_result_t res;
    progress_set_quiet(1);
    cr_assert_eq(train_run(m, &d, NULL, &cfg, &res), 0);
    double *saved = malloc(m->nparams * sizeof *saved);
    memcpy(saved, m->params, m->nparams * sizeof *saved);
    cfg.optim.lr = 1e200; cfg.schedule = 0; cfg.checkpoint_path = NULL;
    cr_expect_eq(train_run(m, &d, NULL, &cfg, &res), -1);
    cr_expect_eq(res.diverged, 1);
    cr_expect_eq(memcmp(saved, m->params, m->nparams * sizeof *saved), 0, "restored to last good");
    train_state_t st;
    cr_assert_eq(train_state_load(ck, &st), 0);
    cr_expect_eq(st.nparams, m->nparams);
    cr_expect_eq(memcmp(saved, st.params, m->nparams * sizeof *saved), 0, "checkpoint round trip");
    train_state_free(&st);
    char pf[256];
    snprintf(pf, sizeof pf, "%s/params.bin", tt_dir);
    cr_assert_eq(train_save_params(m, pf), 0);
    memset(m->params, 0, m->nparams * sizeof *m->params);
    cr_expect_eq(train_load_params(m, pf), 0);
    cr_expect_eq(memcmp(saved, m->params, m->nparams * sizeof *saved), 0, "parameter file round trip");
    model_t *other = model_create_shl(LAYER_DENSE, 9, 0, 3);
    cr_expect_eq(train_load_params(other, pf), -1);
    model_free(other);
    free(saved);
    model_free(m);
    dataset_free(&d);
}

/* max_steps cuts a run after that many SGD steps (mid-epoch), on_step sees every step's
 * minibatch loss, and the cut run is exactly the prefix of the full run (same batch order
 * and updates): the step-limited survey of peer_parity repeats the first steps of its
 * full runs. */
typedef struct {
    long calls, last;
    double loss[16];
} tt_steps_t;

static void tt_on_step(long step, double loss, void *ctx)
{
    tt_steps_t *t = ctx;
    if (step < 16) t->loss[step] = loss;
    t->calls++;
    t->last = step;
}

Test(trainer_training, max_steps_is_a_prefix_of_the_full_run)
{
    dataset_t d;
    cr_assert_eq(dataset_random(&d, 40, 8, 3, 5), 0); /* batch 4: 10 steps per epoch */
    progress_set_quiet(1);
    tt_steps_t full = {0}, cut = {0};
    double *pfull = NULL;
    for (int run = 0; run < 2; run++) {
        model_t *m = model_create_shl(LAYER_LDR_TD, 8, 1, 3);
        model_init_authors(m, 3);
        train_config_t cfg = train_default_config();
        cfg.schedule = TRAIN_SCHEDULE_CONSTANT;
        cfg.batch = 4;
        cfg.epochs = 2;
        cfg.seed = 9;
        cfg.on_step = tt_on_step;
        cfg.ctx = run ? &cut : &full;
        cfg.max_steps = run ? 13 : 0; /* 13 = one epoch and 3 steps of the second */
        train_result_t res;
        cr_expect_eq(train_run(m, &d, NULL, &cfg, &res), 0);
        if (!run) {
            cr_expect_eq(full.calls, 20);
            pfull = malloc(m->nparams * sizeof *pfull);
            memcpy(pfull, m->params, m->nparams * sizeof *pfull);
            cr_expect_geq(res.train_acc, 0.0, "a full run is evaluated");
        } else {
            cr_expect_eq(cut.calls, 13);
            cr_expect_eq(cut.last, 12);
            cr_expect_eq(res.epochs_run, 2, "the partial second epoch is recorded");
            cr_expect_eq(res.train_acc, -1.0, "a step-limited run is not evaluated");
            for (int k = 0; k < 13; k++)
                cr_expect_eq(cut.loss[k], full.loss[k], "step %d: loss %.17g vs %.17g", k, cut.loss[k],
                             full.loss[k]);
            /* negative control: the cut run stopped early, so its parameters differ */
            cr_expect_neq(memcmp(pfull, m->params, m->nparams * sizeof *pfull), 0);
        }
        model_free(m);
    }
    free(pfull);
    dataset_free(&d);
}
