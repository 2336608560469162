/* peer_parity - our trainer against the authors' PyTorch code (HazyResearch/structured-nets)
 * in their Fashion-MNIST configuration (issue 13): all 60,000 training / 10,000 test
 * images, pixels/255 (not centred), SHL 784 -> 784 (+ hidden bias) -> ReLU -> 10, SGD with
 * momentum 0.9, lr 0.01, batch 50, 3 epochs, the authors' initialisation
 * (model_init_authors).  Per class, the test accuracy after each epoch over --seeds seeds
 * (mean, min..max) next to their published per-epoch numbers, with s/epoch, and the fraction
 * of dead hidden units (pre-activation <= 0 on every test image) after each epoch, which
 * explains the Toeplitz-like collapse at lr 0.01.
 *
 * Every run is cached as one small CSV in $PEER_PARITY_CACHE (default build/peer-parity),
 * written atomically when the run ends, so an interrupted `make peer-parity` resumes with
 * the runs that are missing; --only MASK runs a subset of the configurations (bit i =
 * configuration i) and leaves the others "skipped" in the table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/train.h"

#define PP_MAX_EPOCHS 10
#define PP_MAX_SEEDS 10

static long pp_seeds = 3, pp_epochs = 3, pp_train = 0, pp_test = 0, pp_only = 0, pp_cached = 0;
static const checker_option_t pp_options[] = {
    {"--seeds", &pp_seeds, "seeds per configuration (default 3)"},
    {"--epochs", &pp_epochs, "epochs (default 3, the published runs)"},
    {"--train", &pp_train, "training examples (default 0 = all 60,000)"},
    {"--test", &pp_test, "test examples (default 0 = all 10,000)"},
    {"--only", &pp_only, "bit mask of configurations to run (default 0 = all)"},
    {"--cached-only", &pp_cached, "1: do not train, tabulate the cached runs (missing ones skipped)"},
    {NULL, NULL, NULL},
};
static const checker_info_t pp_info = {
    "peer_parity", "Parity with the authors' PyTorch code on Fashion-MNIST (SHL, SGD, 3 epochs)",
    "papers/thomas2018_ldr_learned_operators.txt, Sec. 5.1 SHL; published runs of "
    "HazyResearch/structured-nets quoted in issue 13",
    "Trains each class in the authors' configuration over several seeds and compares the "
    "per-epoch test accuracy with the published numbers (final epoch within 1.5 points).",
    pp_options,
};

/* The published runs (issue 13; float32, 1 thread); -1 = not published. */
typedef struct {
    layer_class_t cls;
    int rank;
    double lr;
    double published[3]; /* test accuracy (%) after epochs 1..3 */
    double published_s;  /* their s/epoch */
} pp_config_t;

static const pp_config_t pp_configs[] = {
    {LAYER_DENSE, 0, 0.01, {84.03, 84.68, 85.88}, 3.4},
    {LAYER_LDR_SD, 1, 0.01, {81.74, 83.05, 83.10}, 83},
    {LAYER_LDR_TD, 1, 0.01, {79.87, 81.76, 83.27}, 103},
    {LAYER_LOWRANK, 4, 0.01, {78.74, 81.20, 81.26}, 0.5},
    {LAYER_TOEPLITZ_LIKE, 4, 0.01, {-1, -1, 10.00}, 13.5},
    {LAYER_TOEPLITZ_LIKE, 4, 0.001, {-1, -1, 84.65}, 13.5},
};
#define PP_NCONFIGS ((int)(sizeof pp_configs / sizeof pp_configs[0]))

typedef struct {
    int epochs;   /* epochs with a record (fewer when diverged) */
    int diverged;
    double acc[PP_MAX_EPOCHS], dead[PP_MAX_EPOCHS], sec[PP_MAX_EPOCHS];
} pp_run_t;

static void pp_on_epoch(const train_epoch_t *e, int replayed, void *ctx)
{
    (void)replayed;
    pp_run_t *r = ctx;
    if (e->epoch < 1 || e->epoch > PP_MAX_EPOCHS) return;
    r->acc[e->epoch - 1] = 100 * e->test_acc;
    r->dead[e->epoch - 1] = 100 * e->dead_frac;
    r->sec[e->epoch - 1] = e->seconds;
    r->epochs = e->epoch;
}

static const char *pp_cache_dir(void)
{
    const char *d = getenv("PEER_PARITY_CACHE");
    return d && *d ? d : "build/peer-parity";
}

static void pp_cache_path(const pp_config_t *cf, unsigned long seed, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s_r%d_lr%g_seed%lu_e%ld_n%ld_t%ld.csv", pp_cache_dir(),
             layer_class_name(cf->cls), cf->rank, cf->lr, seed, pp_epochs, pp_train, pp_test);
}

/* Read a cached run; 0 when present and complete. */
static int pp_cache_read(const char *path, pp_run_t *r)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    memset(r, 0, sizeof *r);
    char line[256];
    int ok = 0;
    while (fgets(line, sizeof line, f)) {
        int ep;
        double a, d, s;
        if (sscanf(line, "%d,%lf,%lf,%lf", &ep, &a, &d, &s) == 4 && ep >= 1 && ep <= PP_MAX_EPOCHS) {
            r->acc[ep - 1] = a; r->dead[ep - 1] = d; r->sec[ep - 1] = s;
            if (ep > r->epochs) r->epochs = ep;
        } else if (strncmp(line, "end,", 4) == 0) {
            ok = sscanf(line + 4, "%d", &r->diverged) == 1;
        }
    }
    fclose(f);
    return ok ? 0 : -1;
}

static int pp_cache_write(const char *path, const pp_run_t *r)
{
    char buf[4096];
    size_t len = (size_t)snprintf(buf, sizeof buf, "epoch,test_acc,dead_pct,seconds\n");
    for (int e = 0; e < r->epochs; e++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%d,%.4f,%.4f,%.3f\n", e + 1, r->acc[e],
                                r->dead[e], r->sec[e]);
    len += (size_t)snprintf(buf + len, sizeof buf - len, "end,%d\n", r->diverged);
    return report_write_atomic(path, buf, len);
}

static int pp_run(const pp_config_t *cf, unsigned long seed, const dataset_t *tr,
                  const dataset_t *te, pp_run_t *r)
{
    char path[1024];
    pp_cache_path(cf, seed, path, sizeof path);
    if (!pp_cache_read(path, r)) return 0;
    memset(r, 0, sizeof *r);
    if (pp_cached) return 1; /* not in the cache and not to be run */
    model_t *m = model_create_shl(cf->cls, tr->dim, cf->rank, tr->nclass);
    if (!m) return -1;
    /* the hidden layer gets a bias (their StructuredLinear default) */
    layer_class_t cls[2] = {cf->cls, LAYER_DENSE};
    int w[3] = {tr->dim, tr->dim, tr->nclass}, rk[2] = {cf->rank, 0}, b[2] = {1, 1};
    model_free(m);
    m = model_create(2, cls, w, rk, b);
    if (!m) return -1;
    model_init_authors(m, seed);
    train_config_t cfg = train_default_config();
    cfg.epochs = (int)pp_epochs;
    cfg.batch = 50;
    cfg.optim = optim_default_config(OPTIM_SGD_MOMENTUM);
    cfg.optim.lr = cf->lr;
    cfg.optim.momentum = 0.9;
    cfg.schedule = TRAIN_SCHEDULE_CONSTANT;
    cfg.seed = seed;
    cfg.label = layer_class_name(cf->cls);
    cfg.eval_each_epoch = 1;
    cfg.on_epoch = pp_on_epoch;
    cfg.ctx = r;
    train_result_t res;
    int rc = train_run(m, tr, te, &cfg, &res);
    r->diverged = res.diverged;
    model_free(m);
    if (rc && !res.diverged) return -1;
    mkdir(pp_cache_dir(), 0777);
    if (pp_cache_write(path, r)) fprintf(stderr, "peer_parity: cannot cache %s\n", path);
    return 0;
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &pp_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    if (c.quick) { pp_train = 2000; pp_test = 1000; pp_seeds = 1; pp_epochs = 1; }
    if (pp_seeds < 1 || pp_seeds > PP_MAX_SEEDS || pp_epochs < 1 || pp_epochs > PP_MAX_EPOCHS)
        return checker_fail(&c, "--seeds must be in 1..%d and --epochs in 1..%d", PP_MAX_SEEDS, PP_MAX_EPOCHS);
    dataset_t tr, te;
    if (expdata_load_raw(EXPDATA_FASHION, pp_train, pp_test, c.seed, &tr, &te))
        return checker_fail(&c, "cannot load Fashion-MNIST");
    int full = pp_train == 0 && pp_test == 0 && pp_seeds >= 3 && pp_epochs == 3 && pp_only == 0 && !pp_cached;
    checker_param(&c, "configuration",
                  "%s: Fashion-MNIST %ld train / %ld test, pixels/255, SHL %d -> %d (+bias) -> ReLU -> 10, "
                  "SGD momentum 0.9, batch 50, %ld epochs, authors' init, %ld seed%s (%lu..%lu), float64, "
                  "OPENBLAS_NUM_THREADS=1 (make target)",
                  full ? "full" : "REDUCED run", tr.count, te.count, tr.dim, tr.dim, pp_epochs, pp_seeds,
                  pp_seeds > 1 ? "s" : "", c.seed, c.seed + pp_seeds - 1);
    checker_section(&c, NULL,
                    "class|lr|epoch|ours: test acc mean (%)|ours: seed min..max|published (%)|"
                    "ours - published|dead hidden units (%)|ours s/epoch|published s/epoch|diverged seeds");
    for (int k = 0; k < PP_NCONFIGS; k++) {
        const pp_config_t *cf = &pp_configs[k];
        char lab[64];
        if (layer_class_has_rank(cf->cls)) snprintf(lab, sizeof lab, "%s (r=%d)", layer_class_name(cf->cls), cf->rank);
        else snprintf(lab, sizeof lab, "%s", layer_class_name(cf->cls));
        if (pp_only && !(pp_only >> k & 1)) {
            checker_row(&c, ROW_SKIPPED, 0, "%s|%g|-|not run (--only)|-|-|-|-|-|%g|-", lab, cf->lr, cf->published_s);
            continue;
        }
        pp_run_t runs[PP_MAX_SEEDS];
        int diverged = 0, failed = 0, missing = 0;
        for (long s = 0; s < pp_seeds; s++) {
            int st = pp_run(cf, c.seed + (unsigned long)s, &tr, &te, &runs[s]);
            if (st == 1) missing++;
            else if (st) failed = 1;
            else diverged += runs[s].diverged;
        }
        if (failed) { dataset_free(&tr); dataset_free(&te); return checker_fail(&c, "%s: the run could not be set up", lab); }
        if (missing) {
            checker_row(&c, ROW_SKIPPED, 0, "%s|%g|-|not run (%d of %ld seeds missing from the cache)|-|-|-|-|-|%g|-",
                        lab, cf->lr, missing, pp_seeds, cf->published_s);
            continue;
        }
        for (int e = 0; e < pp_epochs; e++) {
            double sum = 0, lo = 1e9, hi = -1e9, dsum = 0, ssum = 0;
            int cnt = 0;
            for (long s = 0; s < pp_seeds; s++) {
                if (runs[s].epochs <= e) continue;
                double a = runs[s].acc[e];
                sum += a; dsum += runs[s].dead[e]; ssum += runs[s].sec[e];
                if (a < lo) lo = a;
                if (a > hi) hi = a;
                cnt++;
            }
            double pub = e < 3 && pp_epochs == 3 ? cf->published[e] : -1;
            int last = e == pp_epochs - 1;
            char mean[32] = "-", range[48] = "-", pubs[32] = "-", diff[32] = "-", dead[32] = "-", sec[32] = "-";
            if (cnt) {
                snprintf(mean, sizeof mean, "%.2f", sum / cnt);
                snprintf(range, sizeof range, "%.2f..%.2f (spread %.2f)", lo, hi, hi - lo);
                snprintf(dead, sizeof dead, "%.1f", dsum / cnt);
                snprintf(sec, sizeof sec, "%.1f", ssum / cnt);
            }
            if (pub >= 0) snprintf(pubs, sizeof pubs, "%.2f", pub);
            if (pub >= 0 && cnt) snprintf(diff, sizeof diff, "%+.2f", sum / cnt - pub);
            int decides = last && pub >= 0;
            int holds = cnt == pp_seeds && fabs(sum / cnt - pub) <= 1.5;
            checker_row(&c, decides ? ROW_POSITIVE : ROW_INFO, holds,
                        "%s|%g|%d|%s|%s|%s|%s|%s|%s|%g|%d of %ld", lab, cf->lr, e + 1, mean, range, pubs,
                        diff, dead, sec, cf->published_s, diverged, pp_seeds);
        }
    }
    checker_note(&c, "A final-epoch row holds when every seed finished (no non-finite loss) and the mean "
                 "test accuracy is within 1.5 points of the published one; the min..max over seeds is "
                 "shown so that a seed spread larger than the tolerance is visible. Dead hidden units: "
                 "units whose pre-activation is <= 0 on every test image after the epoch. A layer with "
                 "100%% dead units outputs the bias of the last layer only, i.e. one class: 10.00%% on "
                 "the balanced test set (the Toeplitz-like collapse at lr 0.01).");
    checker_note(&c, "Reading the collapse: with Toeplitz-like at lr 0.01 every hidden unit is dead after the "
                 "first epoch in every seed (the dead-units column), at lr 0.001 none is. The inputs are "
                 "non-negative and not centred (pixels/255), and the rows of a Toeplitz-like W are "
                 "(skew-)shifted copies of each other, so the early large steps move all pre-activations "
                 "the same way; once every unit is negative on every image no gradient reaches the hidden "
                 "layer again (ReLU) and the network predicts one class: exactly 10%%.");
    checker_note(&c, "Reading the divergences (a seed whose loss became non-finite stops there; its later "
                 "epochs are missing from the mean and the final row cannot hold): column j of K(A, g) "
                 "is A^j g for j up to n - 1 = 783, so learned operator entries drifting above the initial "
                 "shift -- LDR-SD subdiagonal entries above 1 (products of up to 783 of them), LDR-TD a "
                 "positive diagonal d (growth like (1 + d)^j) -- make the Krylov columns and the gradients "
                 "with respect to those entries grow together, and one SGD step at lr 0.01 with momentum "
                 "0.9 can overflow. Which seeds do so is a matter of the batch order; the published "
                 "numbers are single runs.");
    checker_note(&c, "Differences from the authors' code that remain: float64 instead of float32; our "
                 "LDR-SD and LDR-TD learn the operator corners (their non-corner classes fix them at 0; "
                 "the corners start at 0 here too). Their s/epoch is quoted from the issue (float32, 1 "
                 "thread, their hardware run); ours is the training wall time of an epoch in this run on "
                 "a shared machine (evaluation excluded), see trainer_speed.md for CPU-time ratios.");
    dataset_free(&tr);
    dataset_free(&te);
    return checker_finish(&c);
}
