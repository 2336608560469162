/* train_main.c - the `train` command: options -> data -> model -> the library's training
 * loop (train_run) -> per-epoch lines, CSV, plot, saved parameters. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "train_cli.h"
#include "trainer/model.h"
#include "trainer/td_operators.h"

/* The options that define the run (a resumed run must match them). */
static void train_tag(const train_opts_t *o, char *buf, size_t len)
{
    snprintf(buf, len,
             "data=%s train=%ld val=%.17g test=%ld center=%d class=%s rank=%ld hidden=%ld "
             "layers=%ld hidden-bias=%d init=%s%s optim=%s lr=%.17g momentum=%.17g wd=%.17g "
             "batch=%ld epochs=%ld schedule=%d warmup=%ld early-stop=%ld seed=%lu",
             o->data, o->train, o->val, o->test, o->center, layer_class_name(o->cls), o->rank,
             o->hidden, o->layers, o->hidden_bias, o->init_authors ? "authors" : "current",
             o->fixed_corners ? " corners=fixed" : "", o->adam ? "adam" : "sgd", o->lr,
             o->momentum, o->weight_decay, o->batch, o->epochs, o->schedule, o->warmup,
             o->early_stop, o->seed);
}

static model_t *train_model(const train_opts_t *o, int in, int nclass)
{
    int L = (int)o->layers, hidden = o->hidden ? (int)o->hidden : in;
    layer_class_t cls[17];
    int widths[18], ranks[17], bias[17];
    widths[0] = in;
    for (int l = 0; l < L; l++) {
        cls[l] = o->cls;
        widths[l + 1] = hidden;
        ranks[l] = (int)o->rank;
        bias[l] = o->hidden_bias;
        if (layer_class_is_square_only(o->cls) && hidden != in) {
            fprintf(stderr, "train: class %s is square: --hidden must equal the input dimension %d\n",
                    layer_class_name(o->cls), in);
            return NULL;
        }
        if (layer_class_has_rank(o->cls) && o->rank > hidden) {
            fprintf(stderr, "train: --rank %ld exceeds the layer size %d\n", o->rank, hidden);
            return NULL;
        }
    }
    if (o->fast_path) { /* on: every n >= 2; off: never (layer.h) */
        layer_set_fast_threshold(LAYER_LDR_SD, o->fast_path == 1 ? 2 : 0);
        layer_set_fast_threshold(LAYER_LDR_TD, o->fast_path == 1 ? 2 : 0);
    }
    cls[L] = LAYER_DENSE;
    widths[L + 1] = nclass;
    ranks[L] = 0;
    bias[L] = 1;
    model_t *m = model_create(L + 1, cls, widths, ranks, bias);
    if (!m) return NULL;
    if (o->init_authors) model_init_authors(m, o->seed);
    else model_init(m, o->seed);
    model_set_fixed_corners(m, o->fixed_corners);
    return m;
}

/* --dump-operators: the trained operators of layer 0 with the run's options as header. */
static int train_dump_operators(const model_t *m, const char *path, const char *command,
                                const char *tag)
{
    td_operators_t ops;
    if (td_operators_from_model(m, &ops)) return -1;
    char header[4300];
    snprintf(header, sizeof header, "LDR-TD operators of layer 0 after training (train --dump-operators)\n"
             "command: %s\ntrain: %s", command ? command : "-", tag);
    int rc = td_operators_save(path, &ops, header);
    td_operators_free(&ops);
    if (rc) fprintf(stderr, "train: %s: cannot write the operators\n", path);
    return rc;
}

static int train_execute(const train_opts_t *o)
{
    dataset_t tr, va, te;
    int rc = train_load_data(o, &tr, &va, &te);
    if (rc) return rc;
    openblas_set_num_threads((int)o->threads);
    model_t *m = train_model(o, tr.dim, tr.nclass);
    if (!m) { dataset_free(&tr); dataset_free(&va); dataset_free(&te); return 2; }
    char tag[1024];
    train_tag(o, tag, sizeof tag);
    train_output_t out = {o, NULL, 0, 0, 0};
    train_config_t cfg = train_default_config();
    cfg.epochs = (int)o->epochs;
    cfg.batch = (int)o->batch;
    cfg.optim = optim_default_config(o->adam ? OPTIM_ADAM : OPTIM_SGD_MOMENTUM);
    cfg.optim.lr = o->lr;
    cfg.optim.momentum = o->momentum;
    cfg.optim.weight_decay = o->weight_decay;
    cfg.schedule = o->schedule;
    cfg.warmup = o->warmup;
    cfg.seed = o->seed;
    cfg.label = layer_class_name(o->cls);
    cfg.checkpoint_path = o->checkpoint;
    cfg.resume_path = o->resume;
    cfg.tag = tag;
    cfg.early_stop = (int)o->early_stop;
    cfg.stop_after = (int)o->stop_after;
    cfg.eval_each_epoch = 1;
    cfg.val = va.count ? &va : NULL;
    cfg.on_epoch = train_output_epoch;
    cfg.ctx = &out;
    progress_set_quiet(o->quiet);
    fprintf(stdout, "# train: %s, %ld train / %ld val / %ld test examples, %zu parameters\n", tag,
            tr.count, va.count, te.count, m->nparams);
    fflush(stdout);
    train_result_t res;
    int st = train_run(m, &tr, te.count ? &te : NULL, &cfg, &res);
    rc = st == -2 ? 2 : st ? 1 : 0;
    if (st != -2) {
        if (res.stopped_early)
            printf("# early stop after epoch %d; parameters of epoch %d (best validation accuracy)\n",
                   res.epochs_run, res.best_epoch);
        printf("# final: train_acc %.2f test_acc %s%.2f, %.2f s/epoch\n", 100 * res.train_acc,
               te.count ? "" : "(none) ", te.count ? 100 * res.test_acc : 0.0, res.seconds_per_epoch);
        if (o->save && train_save_params(m, o->save)) {
            fprintf(stderr, "train: %s: cannot write the parameters\n", o->save);
            rc = 2;
        }
        if (o->dump_operators && train_dump_operators(m, o->dump_operators, o->command, tag)) rc = 2;
        if (o->plot && out.nrows && train_output_plot(&out, o->plot)) rc = 2;
        if (out.failed) rc = 2;
    }
    free(out.rows);
    model_free(m);
    dataset_free(&tr); dataset_free(&va); dataset_free(&te);
    return rc;
}

int train_main(int argc, char **argv)
{
    train_opts_t o;
    train_opts_default(&o);
    char err[512];
    int rc = train_opts_parse(&o, argc, argv, err, sizeof err);
    if (rc == 3) return 0;
    if (rc) { fprintf(stderr, "%s\n", err); return 2; }
    char command[3000] = "train";
    for (int i = 1; i < argc; i++) {
        size_t k = strlen(command);
        snprintf(command + k, sizeof command - k, " %s", argv[i]);
    }
    o.command = command;
    return train_execute(&o);
}
