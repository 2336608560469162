/* trainer_speed - training time per epoch of every weight class relative to the
 * unstructured layer (issue 13): SHL 784 -> 784 -> 10, batch 50, one OpenBLAS thread,
 * under plain SGD (momentum 0.9) and under Adam, both through the library's training loop
 * (train_run, constant learning rate).  The machine is shared, so the process CPU time of
 * the training part of each epoch is what the ratios use (wall time is shown too); each
 * cell is the best of --reps epochs over --train examples, scaled to a 60,000-image epoch.
 * The authors' s/epoch (PyTorch, float32, 1 thread; quoted from issue 13, not rerun) is
 * shown with its ratio to their unstructured epoch.  One cell (cell_values.h) per class; the
 * ratios are only meaningful when every cell ran on the same kind of machine (a sharded run
 * on a cluster: one node type), as in the default single-process run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report/cell_values.h"
#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/exprun.h"

static long speed_train = 2000, speed_reps = 3;
static long big_n = 4096, big_train = 500, big_reps = 2, step_ms = 1000;
static const checker_option_t speed_options[] = {
    {"--train", &speed_train, "examples per timed epoch (default 2000)"},
    {"--reps", &speed_reps, "timed epochs per cell, best kept (default 3)"},
    {"--big-n", &big_n, "width of the large SHL rows (default 4096; --quick 256)"},
    {"--big-train", &big_train, "synthetic examples per timed epoch at --big-n (default 500)"},
    {"--big-reps", &big_reps, "timed epochs per large row, best kept (default 2)"},
    {"--step-ms", &step_ms, "CPU milliseconds of steps per threshold cell (default 1000)"},
    {NULL, NULL, NULL},
};
static const checker_info_t speed_info = {
    "trainer_speed", "Training time per epoch of each weight class vs unstructured (n = 784, SGD and Adam)",
    "papers/thomas2018_ldr_learned_operators.txt, Sec. 3 (Prop. 3 form); issue 13 speed targets",
    "Times training epochs per class (batch 50, SGD and Adam, 1 thread) and reports the ratio "
    "to the unstructured layer measured in the same run.", speed_options,
};

typedef struct { double cpu, wall; } speed_cell_t;

static void speed_on_epoch(const train_epoch_t *e, int replayed, void *ctx)
{
    (void)replayed;
    speed_cell_t *c = ctx;
    if (e->cpu_seconds < c->cpu) c->cpu = e->cpu_seconds;
    if (e->seconds < c->wall) c->wall = e->seconds;
}

/* Best CPU and wall seconds of one epoch (of REPS) of model M over TR. */
static speed_cell_t speed_time_model(model_t *m, const dataset_t *tr, optim_kind_t kind,
                                     unsigned long seed, long reps)
{
    speed_cell_t cell = {1e300, 1e300};
    train_config_t cfg = train_default_config();
    cfg.epochs = (int)reps;
    cfg.optim = optim_default_config(kind);
    cfg.optim.lr = kind == OPTIM_ADAM ? 1e-4 : 1e-3; /* small: every class stays finite */
    cfg.schedule = TRAIN_SCHEDULE_CONSTANT;
    cfg.seed = seed;
    cfg.label = "timing";
    cfg.on_epoch = speed_on_epoch;
    cfg.ctx = &cell;
    train_result_t res;
    train_run(m, tr, NULL, &cfg, &res);
    return cell;
}

static speed_cell_t speed_time(const exprun_class_t *cl, const dataset_t *tr, optim_kind_t kind,
                               unsigned long seed)
{
    model_t *m = model_create_shl(cl->cls, tr->dim, cl->rank, tr->nclass);
    model_init(m, seed);
    speed_cell_t cell = speed_time_model(m, tr, kind, seed, speed_reps);
    model_free(m);
    return cell;
}

/* ---- issue 16 point 4: the fast LDR-SD path at large n --------------------------------
 * Each large cell runs in a forked child so that its peak resident memory (getrusage of the
 * child: the parent's pages at fork time included) belongs to that configuration alone. */
typedef void (*speed_child_fn)(checker_t *c, long cell, double *vals, void *ctx);

/* FN fills VALS[0 .. NVALS-2]; VALS[NVALS-1] receives the child's peak RSS in MB (NaN when
 * the child could not be forked and FN ran here). */
static void speed_in_child(checker_t *c, long cell, double *vals, int nvals, speed_child_fn fn,
                           void *ctx)
{
    int fd[2];
    if (pipe(fd) == 0) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(fd[0]);
            fn(c, cell, vals, ctx);
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            vals[nvals - 1] = (double)ru.ru_maxrss / 1024.0;
            size_t want = (size_t)nvals * sizeof *vals, done = 0;
            while (done < want) {
                ssize_t w = write(fd[1], (char *)vals + done, want - done);
                if (w <= 0) _exit(1);
                done += (size_t)w;
            }
            _exit(0);
        }
        close(fd[1]);
        if (pid > 0) {
            size_t want = (size_t)nvals * sizeof *vals, done = 0;
            while (done < want) {
                ssize_t r = read(fd[0], (char *)vals + done, want - done);
                if (r <= 0) break;
                done += (size_t)r;
            }
            int st = 0;
            waitpid(pid, &st, 0);
            close(fd[0]);
            if (done == want && WIFEXITED(st) && WEXITSTATUS(st) == 0) return;
            fprintf(stderr, "trainer_speed: child of cell %ld failed\n", cell);
            exit(2);
        }
        close(fd[0]);
    }
    fn(c, cell, vals, ctx);
    vals[nvals - 1] = NAN;
}

/* The large SHL rows: class, rank, path (BIG_EXPLICIT forced, BIG_DEFAULT the size switch of
 * layer_create, BIG_FORCED_FAST the fast layer whatever the threshold). */
enum { BIG_EXPLICIT, BIG_DEFAULT, BIG_FORCED_FAST };
typedef struct { layer_class_t cls; int rank, fast; } big_row_t;
static const big_row_t big_rows[] = {
    {LAYER_DENSE, 0, BIG_EXPLICIT}, {LAYER_LDR_SD, 1, BIG_DEFAULT}, {LAYER_LDR_SD, 1, BIG_EXPLICIT},
    {LAYER_LDR_TD, 1, BIG_DEFAULT}, {LAYER_LDR_TD, 1, BIG_EXPLICIT}, {LAYER_LDR_TD, 1, BIG_FORCED_FAST},
};
#define BIG_NROWS ((long)(sizeof big_rows / sizeof big_rows[0]))
enum { BIG_CPU, BIG_WALL, BIG_FAST, BIG_NTR, BIG_STEPS, BIG_FELL, BIG_RSS, BIG_NV };

/* Thresholds of layer_create for a row: the default, 0 (explicit) or 2 (always fast). */
static void big_thresholds(int fast)
{
    layer_set_fast_threshold(LAYER_LDR_SD, fast == BIG_DEFAULT ? LAYER_SD_FAST_THRESHOLD : fast ? 2 : 0);
    layer_set_fast_threshold(LAYER_LDR_TD, fast == BIG_DEFAULT ? LAYER_TD_FAST_THRESHOLD : fast ? 2 : 0);
}

static void big_child(checker_t *c, long cell, double *v, void *ctx)
{
    (void)ctx;
    const big_row_t *row = &big_rows[cell];
    dataset_t tr;
    if (dataset_random(&tr, big_train, (int)big_n, 10, c->seed + 16)) {
        fprintf(stderr, "trainer_speed: out of memory for the synthetic set\n");
        exit(2);
    }
    big_thresholds(row->fast);
    model_t *m = model_create_shl(row->cls, (int)big_n, row->rank, 10);
    if (!m) { fprintf(stderr, "trainer_speed: cannot build the n = %ld model\n", big_n); exit(2); }
    model_init(m, c->seed);
    speed_cell_t sgd = speed_time_model(m, &tr, OPTIM_SGD_MOMENTUM, c->seed, big_reps);
    v[BIG_CPU] = sgd.cpu;
    v[BIG_WALL] = sgd.wall;
    v[BIG_FAST] = layer_uses_fast_path(m->layers[0]);
    v[BIG_NTR] = (double)tr.count;
    long steps = 0, fell = layer_tdfast_fallbacks(m->layers[0], &steps, NULL);
    v[BIG_STEPS] = fell < 0 ? NAN : (double)steps;
    v[BIG_FELL] = fell < 0 ? NAN : (double)fell;
    model_free(m);
    dataset_free(&tr);
}

static void big_run(checker_t *c, long cell, double *v, void *ctx)
{
    speed_in_child(c, cell, v, BIG_NV, big_child, ctx);
}

static void big_label(long cell, void *ctx, char *buf, size_t len)
{
    (void)ctx;
    static const char *path[3] = {"explicit", "default path", "fast forced"};
    snprintf(buf, len, "n=%ld %s r=%d %s", big_n, layer_class_name(big_rows[cell].cls),
             big_rows[cell].rank, path[big_rows[cell].fast]);
}

/* Threshold cells: LDR-SD at thr_sizes, then LDR-TD at thr_sizes and (full mode) at
 * THR_TD_EXTRA, where its fast layer is expected to cross over; both paths timed, the
 * explicit one only when its Krylov matrices fit into available memory (thr_explicit_fits). */
static const int thr_sizes[] = {256, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384};
static const int thr_sizes_quick[] = {64, 128};
#define THR_TD_EXTRA 32768
#define THR_MAX_CELLS (2 * (int)(sizeof thr_sizes / sizeof *thr_sizes) + 1)
enum { THR_EXPL, THR_FAST, THR_DEFAULT_FAST, THR_FELL, THR_NEED_GB, THR_RSS, THR_NV };

static int thr_count(const checker_t *c) /* sizes per class (LDR-SD) */
{
    return c->quick ? (int)(sizeof thr_sizes_quick / sizeof *thr_sizes_quick)
                    : (int)(sizeof thr_sizes / sizeof *thr_sizes);
}

static long thr_cells(const checker_t *c)
{
    return 2L * thr_count(c) + (c->quick ? 0 : 1);
}

static int thr_is_sd(const checker_t *c, long cell)
{
    return cell < thr_count(c);
}

static int thr_n(const checker_t *c, long cell)
{
    int k = (int)(thr_is_sd(c, cell) ? cell : cell - thr_count(c));
    if (k >= thr_count(c)) return THR_TD_EXTRA;
    return c->quick ? thr_sizes_quick[k] : thr_sizes[k];
}

/* GB of the explicit path's Krylov matrices at width N, r = 1 (2 n^2 doubles), and whether
 * they fit into 80% of MemAvailable (/proc/meminfo; assumed to fit when unreadable). */
static double thr_explicit_gb(int n)
{
    return 16.0 * (double)n * (double)n / 1e9;
}

static int thr_explicit_fits(int n)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) return 1;
    char line[256];
    double kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1) break;
    fclose(f);
    return kb < 0 || thr_explicit_gb(n) < 0.8 * kb * 1024.0 / 1e9;
}

static double speed_cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Milliseconds of CPU per SGD step (forward, backward, update; batch 50) of the SHL model
 * of class CLS at width N on the given path.  The parameters are filled directly (operators
 * at the init shift, small generators) instead of model_init, whose explicit-path weight
 * normalisation costs O(n^3). */
static double thr_step_ms(layer_class_t cls, int n, int fast, unsigned long seed, double *fell)
{
    layer_set_fast_threshold(cls, fast ? 2 : 0);
    model_t *m = model_create_shl(cls, n, 1, 10);
    if (!m) { fprintf(stderr, "trainer_speed: cannot build the n = %d model\n", n); exit(2); }
    unsigned long s = seed;
    for (size_t k = 0; k < m->nparams; k++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        m->params[k] = ((double)(s >> 11) / 9007199254740992.0 - 0.5) / n;
    }
    size_t off = 2 * (size_t)n;                 /* operators after G | H */
    size_t blk = cls == LAYER_LDR_SD ? (size_t)n : 3 * (size_t)n, sub = cls == LAYER_LDR_SD ? 0 : (size_t)n;
    for (int op = 0; op < 2; op++) {
        memset(m->params + off + op * blk, 0, blk * sizeof(double));
        for (int k = 0; k + 1 < n; k++) m->params[off + op * blk + sub + k] = 1.0;
    }
    const int b = 50;
    double *X = malloc((size_t)b * n * sizeof *X);
    int y[50];
    if (!X) { fprintf(stderr, "trainer_speed: out of memory\n"); exit(2); }
    for (size_t k = 0; k < (size_t)b * n; k++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        X[k] = (double)(s >> 11) / 9007199254740992.0;
    }
    for (int i = 0; i < b; i++) y[i] = i % 10;
    model_loss_grad(m, X, y, b, NULL); /* warm-up: workspaces, plans */
    double t0 = speed_cpu_now(), t;
    long steps = 0;
    do {
        model_loss_grad(m, X, y, b, NULL);
        for (size_t k = 0; k < m->nparams; k++) m->params[k] -= 1e-4 * m->grads[k];
        steps++;
        t = speed_cpu_now() - t0;
    } while (steps < 2 || t * 1e3 < (double)step_ms);
    if (fell) *fell = (double)layer_tdfast_fallbacks(m->layers[0], NULL, NULL);
    free(X);
    model_free(m);
    return 1e3 * t / (double)steps;
}

static void thr_child(checker_t *c, long cell, double *v, void *ctx)
{
    (void)ctx;
    layer_class_t cls = thr_is_sd(c, cell) ? LAYER_LDR_SD : LAYER_LDR_TD;
    int n = thr_n(c, cell);
    int def = cls == LAYER_LDR_SD ? LAYER_SD_FAST_THRESHOLD : LAYER_TD_FAST_THRESHOLD;
    v[THR_NEED_GB] = thr_explicit_gb(n);
    v[THR_EXPL] = thr_explicit_fits(n) ? thr_step_ms(cls, n, 0, c->seed + (unsigned long)cell, NULL) : NAN;
    v[THR_FAST] = thr_step_ms(cls, n, 1, c->seed + (unsigned long)cell, &v[THR_FELL]);
    v[THR_DEFAULT_FAST] = def > 0 && n >= def;
}

static void thr_run(checker_t *c, long cell, double *v, void *ctx)
{
    speed_in_child(c, cell, v, THR_NV, thr_child, ctx);
}

static void thr_label(long cell, void *ctx, char *buf, size_t len)
{
    checker_t *c = ctx;
    snprintf(buf, len, "%s r=1 n=%d", thr_is_sd(c, cell) ? "ldr-sd" : "ldr-td", thr_n(c, cell));
}

static double speed_target(layer_class_t c)
{
    if (c == LAYER_LDR_SD || c == LAYER_LDR_TD) return 2.5;
    if (c == LAYER_TOEPLITZ_LIKE || c == LAYER_HANKEL_LIKE) return 1.5;
    if (c == LAYER_VANDERMONDE_LIKE) return 3.0;
    return 0;
}

static double speed_authors(layer_class_t c)
{
    switch (c) {
    case LAYER_DENSE: return 3.4;
    case LAYER_LDR_SD: return 83;
    case LAYER_LDR_TD: return 103;
    case LAYER_LOWRANK: return 0.5;
    case LAYER_TOEPLITZ_LIKE: return 13.5;
    default: return 0;
    }
}

enum { SPEED_SGD_CPU, SPEED_SGD_WALL, SPEED_ADAM_CPU, SPEED_NTR, SPEED_NV };

static void speed_run(checker_t *c, long cell, double *v, void *ctx)
{
    const exprun_class_t *cls = ctx;
    static dataset_t tr; /* loaded once per process */
    static int loaded;
    if (!loaded) {
        dataset_t te;
        if (expdata_load(EXPDATA_FASHION, speed_train, 10, c->seed, &tr, &te) &&
            expdata_load(EXPDATA_SYNTHETIC, speed_train, 10, c->seed, &tr, &te)) {
            fprintf(stderr, "trainer_speed: cannot load Fashion-MNIST or the synthetic set\n");
            exit(2); /* no cell file */
        }
        dataset_free(&te);
        loaded = 1;
    }
    speed_cell_t sgd = speed_time(&cls[cell], &tr, OPTIM_SGD_MOMENTUM, c->seed);
    speed_cell_t adam = speed_time(&cls[cell], &tr, OPTIM_ADAM, c->seed);
    v[SPEED_SGD_CPU] = sgd.cpu;
    v[SPEED_SGD_WALL] = sgd.wall;
    v[SPEED_ADAM_CPU] = adam.cpu;
    v[SPEED_NTR] = (double)tr.count;
}

static void speed_label(long cell, void *ctx, char *buf, size_t len)
{
    exprun_label(&((const exprun_class_t *)ctx)[cell], buf, len);
}

/* The two issue-16 sections from the stored values. */
static void speed_large_sections(checker_t *c, const double *bv, const double *tv, long nthr)
{
    char title[96];
    snprintf(title, sizeof title, "SHL %ld -> %ld -> 10 (synthetic data), SGD", big_n, big_n);
    checker_section(c, title, "class|path|params|~SGD CPU s/epoch|~SGD wall s/epoch|~SGD ratio|"
                    "~peak RSS MB|forward passes on the explicit fallback");
    double scale = 60000.0 / bv[BIG_NTR], base = bv[BIG_CPU];
    for (long i = 0; i < BIG_NROWS; i++) {
        const double *v = bv + i * BIG_NV;
        const big_row_t *row = &big_rows[i];
        char lab[48], rss[32] = "-", fell[48] = "-";
        if (row->rank) snprintf(lab, sizeof lab, "%s (r=%d)", layer_class_name(row->cls), row->rank);
        else snprintf(lab, sizeof lab, "%s", layer_class_name(row->cls));
        if (!isnan(v[BIG_RSS])) snprintf(rss, sizeof rss, "%.0f", v[BIG_RSS]);
        if (!isnan(v[BIG_FELL])) snprintf(fell, sizeof fell, "%.0f of %.0f", v[BIG_FELL], v[BIG_STEPS]);
        const char *path = v[BIG_FAST] > 0 ? (row->fast == BIG_FORCED_FAST ? "fast (O(r n log^2 n), forced)"
                                                                             : "fast (O(r n log^2 n))")
                           : row->cls == LAYER_DENSE ? "dense gemm"
                           : row->fast == BIG_DEFAULT ? "explicit (default: n below the threshold)"
                                                      : "explicit (forced)";
        checker_row(c, ROW_INFO, 0, "%s|%s|%zu|%.2f|%.2f|%.2f|%s|%s", lab, path,
                    layer_class_nweights(row->cls, (int)big_n, (int)big_n, row->rank) + 10 * (size_t)big_n + 10,
                    v[BIG_CPU] * scale, v[BIG_WALL] * scale, v[BIG_CPU] / base, rss, fell);
    }
    checker_param(c, "large configuration", "SHL n = %ld, batch 50, SGD momentum 0.9, constant lr 1e-3, "
                  "%.0f synthetic examples (uniform features, random labels) per timed epoch scaled to "
                  "60,000, best of %ld epochs; peak RSS of the forked process timing the row (init included)",
                  big_n, bv[BIG_NTR], big_reps);
    checker_section(c, "Fast-path threshold: CPU ms per SGD step, batch 50, r = 1", "class|n|"
                    "~explicit ms/step|~fast ms/step|~explicit / fast|default path|fast-path forward passes on the fallback");
    for (long i = 0; i < nthr; i++) {
        const double *v = tv + i * THR_NV;
        int sd = thr_is_sd(c, i);
        char fell[32] = "-", expl[64], ratio[32] = "-";
        if (!sd && !isnan(v[THR_FELL])) snprintf(fell, sizeof fell, "%.0f", v[THR_FELL]);
        if (isnan(v[THR_EXPL])) {
            snprintf(expl, sizeof expl, "not run (%.1f GB of Krylov matrices)", v[THR_NEED_GB]);
        } else {
            snprintf(expl, sizeof expl, "%.2f", v[THR_EXPL]);
            snprintf(ratio, sizeof ratio, "%.2f", v[THR_EXPL] / v[THR_FAST]);
        }
        checker_row(c, ROW_INFO, 0, "%s|%d|%s|%.2f|%s|%s|%s", sd ? "ldr-sd" : "ldr-td", thr_n(c, i),
                    expl, v[THR_FAST], ratio, v[THR_DEFAULT_FAST] > 0 ? "fast" : "explicit", fell);
    }
    char td[96] = "never (0: the fast layer only when asked, layer_set_fast_threshold)";
    if (LAYER_TD_FAST_THRESHOLD > 0) snprintf(td, sizeof td, "from n >= %d", LAYER_TD_FAST_THRESHOLD);
    checker_param(c, "threshold", "layer_create switches LDR-SD to the fast layer from n >= %d and LDR-TD "
                  "%s (LAYER_SD_FAST_THRESHOLD, LAYER_TD_FAST_THRESHOLD, experiments/trainer/layer.h)",
                  LAYER_SD_FAST_THRESHOLD, td);
    checker_note(c, "Fast LDR-SD layer (experiments/trainer/layer_sdfast.c, subdiag_dc.c): divide and "
                 "conquer over the index line with one FFT convolution per node and partial, O(r n log^2 n) "
                 "per example for the forward pass, the input gradient, the generator gradients and the "
                 "gradients of every subdiagonal entry and corner (learned corners: the doubled line); the "
                 "per-step preparation (link products, transforms of the generator side) is shared by the "
                 "batch. Fast LDR-TD layer (experiments/trainer/layer_tdfast.c, tridiag_dc.c): reverse mode "
                 "through the continuant tree of the O(n log^2 n) tridiagonal Krylov multiply, per example "
                 "four calls per rank (two products forward; backward two more that also accumulate the "
                 "generator and operator partials of the batch); a step whose a-posteriori float64 error "
                 "estimate exceeds LAYER_TD_FAST_TOL runs on the explicit layer (last column). "
                 "Explicit path: the Krylov matrices (2 r n^2 doubles) and gemms of the table above. "
                 "Threshold rows: parameters at the init shift, uniform data, learned corners; each cell in a "
                 "forked process; the explicit path is not run where its Krylov matrices exceed 80%% of the "
                 "memory available at the time (/proc/meminfo). The ratio column, not the seconds, is what the "
                 "switch uses (shared machine).");
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &speed_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    progress_set_quiet(1);
    if (c.quick) { speed_train = 300; speed_reps = 1; big_n = 256; big_train = 100; big_reps = 1; step_ms = 50; }
    if (speed_train < 50 || speed_reps < 1)
        return checker_fail(&c, "bad --train %ld / --reps %ld", speed_train, speed_reps);
    if (big_n < 2 || big_n > 16384 || big_train < 50 || big_train > 100000 || big_reps < 1 ||
        step_ms < 1 || step_ms > 600000)
        return checker_fail(&c, "bad --big-n %ld / --big-train %ld / --big-reps %ld / --step-ms %ld "
                            "(2..16384, 50..100000, >= 1, 1..600000)", big_n, big_train, big_reps, step_ms);
    int n;
    const exprun_class_t *cls = exprun_table1_classes(&n);
    double *v = malloc((size_t)n * SPEED_NV * sizeof *v);
    double bv[BIG_NROWS * BIG_NV], tv[THR_MAX_CELLS * THR_NV];
    long nthr = thr_cells(&c);
    if (checker_run_value_cells(&c, "classes", n, SPEED_NV, speed_run, speed_label, (void *)cls, 1, v) ||
        checker_run_value_cells(&c, "large", BIG_NROWS, BIG_NV, big_run, big_label, NULL, 1, bv) ||
        checker_run_value_cells(&c, "threshold", nthr, THR_NV, thr_run, thr_label, &c, 1, tv)) {
        free(v);
        return checker_fail(&c, "a cell could not be computed or stored");
    }
    if (!checker_cells_complete(&c)) {
        free(v);
        return checker_finish(&c);
    }
    long trcount = (long)v[SPEED_NTR];
    double scale = 60000.0 / (double)trcount;
    checker_param(&c, "configuration", "SHL 784 -> 784 -> 10, batch 50, constant lr, %ld examples per timed "
                  "epoch scaled to 60,000, best of %ld epochs, OPENBLAS_NUM_THREADS=1 (make target); "
                  "ratios of process CPU time to the unstructured epoch of the same run", trcount, speed_reps);
    checker_section(&c, NULL, "class|params|~SGD CPU s/epoch|~SGD wall s/epoch|~SGD ratio|~Adam CPU s/epoch|"
                    "~Adam ratio|target (SGD ratio)|authors s/epoch (quoted)|authors ratio");
    double base_sgd = v[SPEED_SGD_CPU], base_adam = v[SPEED_ADAM_CPU];
    for (int i = 0; i < n; i++) {
        char lab[64], tgt[32] = "-", aut[32] = "-", autr[32] = "-";
        speed_cell_t sgd = {v[i * SPEED_NV + SPEED_SGD_CPU], v[i * SPEED_NV + SPEED_SGD_WALL]};
        speed_cell_t adam = {v[i * SPEED_NV + SPEED_ADAM_CPU], 0};
        double t = speed_target(cls[i].cls), ratio = sgd.cpu / base_sgd;
        if (t > 0) snprintf(tgt, sizeof tgt, "<= %.1fx", t);
        if (speed_authors(cls[i].cls) > 0) {
            snprintf(aut, sizeof aut, "%g", speed_authors(cls[i].cls));
            snprintf(autr, sizeof autr, "%.2f", speed_authors(cls[i].cls) / 3.4);
        }
        checker_row(&c, t > 0 ? ROW_POSITIVE : ROW_INFO, t > 0 && ratio <= t,
                    "%s|%zu|%.2f|%.2f|%.2f|%.2f|%.2f|%s|%s|%s", exprun_label(&cls[i], lab, sizeof lab),
                    layer_class_nweights(cls[i].cls, 784, 784, cls[i].rank) + 7850, sgd.cpu * scale,
                    sgd.wall * scale, ratio, adam.cpu * scale, adam.cpu / base_adam, tgt, aut, autr);
    }
    checker_note(&c, "Implementation (first layer; its input gradient is not needed): unstructured, "
                 "circulant, Toeplitz and triangular layers assemble W and use two OpenBLAS gemms per "
                 "step (forward, weight gradient); low-rank two thin gemms each way; LDR-SD and LDR-TD the "
                 "Krylov form: two gemms of b x n x rn forward, one backward plus the gemms that produce "
                 "dK 32 rows at a time for the streamed reverse sweep (the Krylov build and the sweep are "
                 "fused, vectorised O(r n^2) loops with hardware flush-to-zero, no allocation per step); "
                 "Toeplitz-like and Hankel-like the FFT form (FFTW real transforms of length 2n, "
                 "O(r n log n) per example, planned once); Vandermonde-like its dense weight built by "
                 "Horner's rule in O(r n^2) and two gemms. Adam does more work per parameter than SGD, "
                 "which inflates the unstructured baseline (623k parameters) and lowers the Adam ratios.");
    speed_large_sections(&c, bv, tv, nthr);
    free(v);
    return checker_finish(&c);
}
