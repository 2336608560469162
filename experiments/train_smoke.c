/* train_smoke - seconds-long smoke run of the issue-6 trainer (run by `make check`).
 * Every weight class of Table 1 trains briefly on Fashion-MNIST (or, when the Debian
 * package is missing, a synthetic 10-class problem) and must reach test accuracy 0.3 (chance 0.1); the
 * NaN guard must stop a diverging run and restore finite parameters.  Negative controls:
 * an untrained model must NOT pass the accuracy bar; a healthy run must NOT be flagged.
 * Cells (checker.h): one per class run, one for the untrained control, one for the guard. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/exprun.h"

static long smoke_train = 2000, smoke_epochs = 3, smoke_side = 14;
static const checker_option_t smoke_options[] = {
    {"--train", &smoke_train, "training examples (default 2000)"},
    {"--epochs", &smoke_epochs, "epochs per class (default 3)"},
    {"--side", &smoke_side, "images downsampled to SIDE x SIDE (default 14: n = 196)"},
    {NULL, NULL, NULL},
};
static const checker_info_t smoke_info = {
    "train_smoke", "Trainer smoke run: every weight class trains, NaN guard works",
    "papers/thomas2018_ldr_learned_operators.txt, Sec. 3 classes and Sec. 5.1 SHL model",
    "Short training of the single-hidden-layer model for each weight class.", smoke_options,
};

static int smoke_all_finite(const model_t *m)
{
    for (size_t k = 0; k < m->nparams; k++)
        if (!isfinite(m->params[k])) return 0;
    return 1;
}

/* The data (loaded once per process: cells computed by one worker share it). */
static const dataset_t *smoke_data(checker_t *c, int test)
{
    static dataset_t tr, te;
    static int loaded;
    if (!loaded) {
        expdata_kind_t kind = access(DATASET_FASHION_DIR "/train-images-idx3-ubyte.gz", R_OK) == 0
                                  ? EXPDATA_FASHION : EXPDATA_SYNTHETIC;
        dataset_t tr0, te0;
        int side = kind == EXPDATA_SYNTHETIC ? 28 : (int)smoke_side; /* synthetic: not an image */
        if (expdata_load(kind, smoke_train, 1000, c->seed, &tr0, &te0) ||
            expdata_downsample(&tr0, side, &tr) || expdata_downsample(&te0, side, &te)) {
            fprintf(stderr, "train_smoke: cannot load %s at side %d\n", expdata_name(kind), side);
            exit(2); /* no cell file */
        }
        dataset_free(&tr0);
        dataset_free(&te0);
        loaded = 1;
    }
    return test ? &te : &tr;
}

static void smoke_nan_guard(checker_t *c, const dataset_t *tr)
{
    model_t *m = model_create_shl(LAYER_LDR_TD, tr->dim, 1, tr->nclass);
    model_init(m, c->seed);
    train_config_t cfg = exprun_default_config(3, c->seed, "diverge");
    cfg.optim = optim_default_config(OPTIM_SGD_MOMENTUM);
    cfg.optim.lr = 1e12; /* deliberately divergent */
    cfg.schedule = 0;
    train_result_t res;
    fprintf(stderr, "train_smoke: the next line is the expected divergence message\n");
    int rc = train_run(m, tr, NULL, &cfg, &res);
    checker_row(c, ROW_POSITIVE, rc != 0 && res.diverged && smoke_all_finite(m),
                "NaN guard|ldr-td (r=1), SGD lr 1e12|stopped after %d good epochs, params finite",
                res.epochs_run);
    model_init(m, c->seed);
    cfg = exprun_default_config(1, c->seed, "healthy");
    rc = train_run(m, tr, NULL, &cfg, &res);
    checker_row(c, ROW_NEGATIVE, res.diverged, "NaN guard|ldr-td (r=1), Adam lr 1e-3|flagged: %s",
                res.diverged ? "yes" : "no");
    model_free(m);
}

/* Cells of the first section: the classes of Table 1, then the untrained control. */
static void smoke_class_cell(checker_t *c, long cell, void *ctx)
{
    int n;
    const exprun_class_t *cls = exprun_table1_classes(&n);
    const dataset_t *tr = smoke_data(c, 0), *te = smoke_data(c, 1);
    (void)ctx;
    if (cell == n) {
        model_t *m = model_create_shl(LAYER_DENSE, tr->dim, 0, tr->nclass);
        model_init(m, c->seed);
        double acc0 = model_accuracy(m, te, NULL);
        checker_row(c, ROW_NEGATIVE, acc0 >= 0.3, "untrained unstructured|%zu|%.4f|0", m->nparams, acc0);
        model_free(m);
        return;
    }
    char lab[64];
    train_config_t cfg = exprun_default_config((int)smoke_epochs, c->seed, exprun_label(&cls[cell], lab, sizeof lab));
    train_result_t res;
    size_t np;
    int ok = exprun_shl(&cls[cell], tr, te, &cfg, c->seed, &res, &np) == 0;
    checker_row(c, ROW_POSITIVE, ok && res.test_acc >= 0.3, "%s|%zu|%.4f|%.2f", lab, np,
                res.test_acc, res.seconds_per_epoch);
}

static void smoke_class_label(long cell, void *ctx, char *buf, size_t len)
{
    int n;
    const exprun_class_t *cls = exprun_table1_classes(&n);
    (void)ctx;
    if (cell == n)
        snprintf(buf, len, "untrained control");
    else
        exprun_label(&cls[cell], buf, len);
}

static void smoke_guard_cell(checker_t *c, long cell, void *ctx)
{
    (void)cell, (void)ctx;
    smoke_nan_guard(c, smoke_data(c, 0));
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &smoke_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    progress_set_quiet(c.quiet);
    int fashion = access(DATASET_FASHION_DIR "/train-images-idx3-ubyte.gz", R_OK) == 0;
    int side = fashion ? (int)smoke_side : 28;
    if (side < 1 || side > 28 || smoke_train < 10 || smoke_epochs < 1)
        return checker_fail(&c, "bad --side %ld / --train %ld / --epochs %ld", smoke_side, smoke_train, smoke_epochs);
    checker_param(&c, "data", "%s, %ld train / %d test, %dx%d = %d inputs",
                  expdata_name(fashion ? EXPDATA_FASHION : EXPDATA_SYNTHETIC), smoke_train, 1000, side,
                  side, side * side);
    checker_param(&c, "training", "Adam lr 1e-3, batch 50, warm-up+cosine, %ld epochs", smoke_epochs);
    checker_section(&c, "Each class beats chance clearly (test accuracy >= 0.3, chance 0.1)",
                    "class|params|test acc|~s/epoch");
    int n;
    exprun_table1_classes(&n);
    if (checker_run_named_cells(&c, "classes", n + 1, smoke_class_cell, smoke_class_label, NULL, 1))
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "Divergence detection", "check|configuration|observed");
    if (checker_run_named_cells(&c, "nan guard", 1, smoke_guard_cell, NULL, NULL, 1))
        return checker_fail(&c, "a cell could not be computed or stored");
    return checker_finish(&c);
}
