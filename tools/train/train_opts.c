/* train_opts.c - command-line options of `train` (strict parsing, one-line errors). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train_cli.h"

void train_opts_default(train_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->data = "fashion";
    o->cls = LAYER_DENSE;
    o->rank = 1;
    o->layers = 1;
    o->lr = 0.01;
    o->momentum = 0.9;
    o->batch = 50;
    o->epochs = 10;
    o->schedule = TRAIN_SCHEDULE_CONSTANT;
    o->seed = 1;
    o->threads = 1;
}

void train_usage(void)
{
    printf(
        "usage: train [options]\n"
        "\n"
        "Trains an MLP  in -> hidden (class, rank) -> ReLU [-> ... ] -> 10  (softmax\n"
        "cross-entropy, float64) and prints one line per epoch on stdout.\n"
        "\n"
        "data:\n"
        "  --data NAME|FILES     fashion (Debian dataset-fashion-mnist, 60000/10000),\n"
        "                        mnist, mnist-noise, mnist-bg-rot, mnist-noise-l2007\n"
        "                        (make data; 8000/2000; experiments/DATASETS.md),\n"
        "                        synthetic (10 Gaussian clusters, 784 features), or\n"
        "                        TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS]: IDX files\n"
        "                        (optionally gzipped) or .npy pairs (images N x d or N x r x c,\n"
        "                        labels N integers in 0..9)         (default fashion)\n"
        "  --train N             training examples, stratified subset (0 = all, default 0)\n"
        "  --val FRACTION        hold out this fraction of the training part for validation\n"
        "                        (stratified, seeded; default 0)\n"
        "  --test N              test examples, stratified subset (0 = all, default 0)\n"
        "  --center 0|1          subtract the training mean per pixel (default 0: pixels/255)\n"
        "model:\n"
        "  --class NAME          unstructured, low-rank, toeplitz-like, hankel-like,\n"
        "                        vandermonde-like, ldr-sd, ldr-td, circulant, toeplitz,\n"
        "                        lower-tri, upper-tri          (default unstructured)\n"
        "  --rank R              displacement / low rank (default 1)\n"
        "  --hidden N            hidden width (default = input dimension; square-only classes\n"
        "                        need hidden = input)\n"
        "  --layers L            hidden layers of that class and width (default 1 = SHL)\n"
        "  --hidden-bias 0|1     bias on the hidden layers (default 0)\n"
        "  --init authors|current  authors: G, H ~ N(0, 1/(r n)), subdiagonals 1, other operator\n"
        "                        entries 0, dense layers torch default U(+-1/sqrt(fan_in));\n"
        "                        current: He-scaled Gaussian (default current)\n"
        "  --corners learned|fixed  LDR-SD / LDR-TD operator corners: learned (start at 0), or\n"
        "                        held at 0 as in the authors' code (their non-corner classes)\n"
        "                        (default learned)\n"
        "  --fast-path auto|on|off  LDR-SD / LDR-TD through the O(r n log^2 n) fast layers: auto\n"
        "                        from the sizes measured in results/trainer_speed.md, on at every\n"
        "                        n >= 2, off = explicit Krylov matrices (default auto)\n"
        "optimisation:\n"
        "  --optim sgd|adam      SGD with heavy-ball momentum, or Adam (default sgd)\n"
        "  --lr LR               learning rate (default 0.01 for sgd, 0.001 for adam)\n"
        "  --momentum M          SGD momentum (default 0.9)\n"
        "  --weight-decay WD     L2 (sgd) / decoupled (adam) weight decay (default 0)\n"
        "  --batch B             minibatch size (default 50)\n"
        "  --epochs E            epochs (default 10)\n"
        "  --schedule constant|cosine|step  learning-rate schedule (default constant);\n"
        "                        cosine decays to lr/100, step multiplies by 0.1 after 50%%\n"
        "                        and again after 75%% of the steps\n"
        "  --warmup STEPS        linear warm-up from lr/10 over STEPS steps (default 0)\n"
        "  --early-stop P        stop after P epochs without a better validation accuracy and\n"
        "                        keep the best-validation parameters (needs --val)\n"
        "run:\n"
        "  --seed S              data subsets, initialisation and batch order (default 1)\n"
        "  --threads T           OpenBLAS threads (default 1)\n"
        "  --checkpoint PATH     save the full run state after every epoch (atomic)\n"
        "  --resume PATH         continue a checkpointed run (same options; bit-identical)\n"
        "  --stop-after K        stop once K epochs are done in total (checkpoint kept)\n"
        "  --save PATH           write the final parameters (ldrtrn1 format)\n"
        "  --dump-operators FILE  write layer 0's trained operators A, B^T and generators\n"
        "                        as text (class ldr-td only; trainer/td_operators.h)\n"
        "outputs:\n"
        "  --csv FILE            epoch,train_loss,train_acc,val_acc,test_acc,seconds,... \n"
        "                        (accuracies in percent; seconds = training time of the epoch)\n"
        "  --plot FILE           PNG learning curve (gnuplot)\n"
        "  --quiet               no progress line on stderr (also silent when not a tty)\n"
        "  --help                this text\n"
        "\n"
        "Exit status: 0 done, 1 the run stopped on a non-finite loss, 2 bad usage or input.\n");
}

static int opt_err(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return 2;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int parse_choice(const char *s, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) { *out = i; return 0; }
    return -1;
}

int train_opts_parse(train_opts_t *o, int argc, char **argv, char *err, size_t errlen)
{
    static const char *const optims[] = {"sgd", "adam"};
    static const char *const scheds[] = {"constant", "cosine", "step"};
    static const char *const inits[] = {"current", "authors"};
    static const char *const bits[] = {"0", "1"};
    static const char *const corners[] = {"learned", "fixed"};
    static const char *const paths[] = {"auto", "on", "off"};
    err[0] = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { train_usage(); return 3; }
        if (strcmp(a, "--quiet") == 0) { o->quiet = 1; continue; }
        if (strncmp(a, "--", 2) != 0)
            return opt_err(err, errlen, "train: unexpected argument '%s' (see --help)", a);
        if (i + 1 >= argc) return opt_err(err, errlen, "train: option %s needs a value", a);
        const char *v = argv[++i];
        int bad = 0, k;
        long lv;
        if (!strcmp(a, "--data")) { if (!*v) bad = 1; o->data = v; }
        else if (!strcmp(a, "--train")) bad = parse_long(v, 0, 100000000L, &o->train);
        else if (!strcmp(a, "--test")) bad = parse_long(v, 0, 100000000L, &o->test);
        else if (!strcmp(a, "--val")) bad = parse_double(v, 0, 0.95, &o->val);
        else if (!strcmp(a, "--class")) bad = layer_class_from_name(v, &o->cls);
        else if (!strcmp(a, "--rank")) bad = parse_long(v, 1, 4096, &o->rank);
        else if (!strcmp(a, "--hidden")) bad = parse_long(v, 1, 16384, &o->hidden);
        else if (!strcmp(a, "--layers")) bad = parse_long(v, 1, 16, &o->layers);
        else if (!strcmp(a, "--optim")) { bad = parse_choice(v, optims, 2, &k); if (!bad) o->adam = k; }
        else if (!strcmp(a, "--lr")) { bad = parse_double(v, 0, 1e6, &o->lr); o->have_lr = 1; }
        else if (!strcmp(a, "--momentum")) bad = parse_double(v, 0, 0.999999, &o->momentum);
        else if (!strcmp(a, "--weight-decay")) bad = parse_double(v, 0, 1e6, &o->weight_decay);
        else if (!strcmp(a, "--batch")) bad = parse_long(v, 1, 100000, &o->batch);
        else if (!strcmp(a, "--epochs")) bad = parse_long(v, 0, 100000, &o->epochs);
        else if (!strcmp(a, "--stop-after")) bad = parse_long(v, 1, 100000, &o->stop_after);
        else if (!strcmp(a, "--schedule")) bad = parse_choice(v, scheds, 3, &o->schedule);
        else if (!strcmp(a, "--warmup")) bad = parse_long(v, 0, 100000000L, &o->warmup);
        else if (!strcmp(a, "--init")) bad = parse_choice(v, inits, 2, &o->init_authors);
        else if (!strcmp(a, "--corners")) bad = parse_choice(v, corners, 2, &o->fixed_corners);
        else if (!strcmp(a, "--fast-path")) bad = parse_choice(v, paths, 3, &o->fast_path);
        else if (!strcmp(a, "--hidden-bias")) bad = parse_choice(v, bits, 2, &o->hidden_bias);
        else if (!strcmp(a, "--center")) bad = parse_choice(v, bits, 2, &o->center);
        else if (!strcmp(a, "--seed")) { bad = parse_long(v, 0, LONG_MAX, &lv); if (!bad) o->seed = (unsigned long)lv; }
        else if (!strcmp(a, "--threads")) bad = parse_long(v, 1, 256, &o->threads);
        else if (!strcmp(a, "--early-stop")) bad = parse_long(v, 1, 100000, &o->early_stop);
        else if (!strcmp(a, "--checkpoint")) { if (!*v) bad = 1; o->checkpoint = v; }
        else if (!strcmp(a, "--resume")) { if (!*v) bad = 1; o->resume = v; }
        else if (!strcmp(a, "--csv")) { if (!*v) bad = 1; o->csv = v; }
        else if (!strcmp(a, "--plot")) { if (!*v) bad = 1; o->plot = v; }
        else if (!strcmp(a, "--save")) { if (!*v) bad = 1; o->save = v; }
        else if (!strcmp(a, "--dump-operators")) { if (!*v) bad = 1; o->dump_operators = v; }
        else return opt_err(err, errlen, "train: unknown option '%s' (see --help)", a);
        if (bad) return opt_err(err, errlen, "train: bad value '%s' for %s (see --help)", v, a);
    }
    if (!o->have_lr && o->adam) o->lr = 1e-3;
    if (o->early_stop && o->val <= 0)
        return opt_err(err, errlen, "train: --early-stop needs a validation set (--val FRACTION)");
    if (o->dump_operators && o->cls != LAYER_LDR_TD)
        return opt_err(err, errlen, "train: --dump-operators needs --class ldr-td");
    if (o->stop_after && !o->checkpoint)
        return opt_err(err, errlen, "train: --stop-after needs --checkpoint (to resume later)");
    if (o->stop_after > o->epochs && o->epochs > 0)
        return opt_err(err, errlen, "train: --stop-after %ld exceeds --epochs %ld", o->stop_after, o->epochs);
    return 0;
}
