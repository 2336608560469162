/* vc_capacity - memorisation capacity of structured SHL networks: an empirical LOWER bound
 * on the number of points the class shatters, hence on its VC dimension.  Theorem 2 of
 * Thomas et al. 2018 bounds the VC dimension ABOVE by O(L W log W); a lower bound cannot
 * test that, so no row here is a verdict on Theorem 2 (the ingredients of its proof are
 * checked exactly by proofs_check/vc_degree).  For each class and hidden size n, the largest number N
 * of points with uniformly random binary labels that the n -> n -> 2 network fits to 100%
 * training accuracy within a fixed budget, searched over a geometric grid (factor 1.4; a
 * size is fitted when one of two initialisations reaches 100%; stop after two failures).  Inputs: i.i.d. uniform random vectors, or real
 * Fashion-MNIST images area-downsampled to sqrt(n) x sqrt(n); both centred.  Reports N against W and
 * W log W and the fitted growth exponent of N in W.  One cell (cell_values.h) per (size, class,
 * input) search; the tables and the plot come from the cells' values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cell_values.h"
#include "report/checker.h"
#include "trainer/expdata.h"
#include "trainer/expplot.h"
#include "trainer/exprun.h"

static long vc_full = 0, vc_epochs = 0;
static const checker_option_t vc_options[] = {
    {"--full", &vc_full, "1: hidden sizes 16..144, 400 epochs per trial"},
    {"--epochs", &vc_epochs, "epoch budget per trial (default 200 reduced, 400 full)"},
    {NULL, NULL, NULL},
};
static const checker_info_t vc_info = {
    "vc_capacity", "Memorisation capacity N vs parameter count W per weight class: an empirical lower bound on the VC dimension",
    "papers/thomas2018_ldr_learned_operators.txt, Theorem 2 (VC dimension O(L W log W), an upper bound): "
    "this table measures lower bounds only and does not test it; its proof's ingredients: vc_degree.md",
    "Largest random-label sample fitted to 100% by n -> n -> 2 networks of each class.",
    vc_options,
};

enum { VC_NCLS = 6, VC_MAXN = 5 };
static const exprun_class_t vc_cls[VC_NCLS] = {
    {LAYER_DENSE, 0}, {LAYER_LDR_TD, 1}, {LAYER_LDR_SD, 1},
    {LAYER_TOEPLITZ_LIKE, 1}, {LAYER_LOWRANK, 1}, {LAYER_CIRCULANT, 0},
};

/* Does the class-C network memorise the first N points of POOL (random labels)? */
static int vc_fits(const exprun_class_t *cl, const dataset_t *pool, long N, int epochs,
                   unsigned long seed, size_t *W)
{
    long *idx = malloc((size_t)N * sizeof *idx);
    for (long i = 0; i < N; i++) idx[i] = i;
    dataset_t d;
    dataset_subset(&d, pool, idx, N);
    free(idx);
    train_config_t cfg = exprun_default_config(epochs, seed, "vc");
    cfg.optim.lr = 1e-2;
    cfg.batch = N < 64 ? (int)N : 64;
    cfg.stop_train_acc = 1.0;
    train_result_t res;
    exprun_shl(cl, &d, NULL, &cfg, seed, &res, W);
    dataset_free(&d);
    return res.train_acc >= 1.0;
}

/* Largest N on the grid 4 * 1.4^k that is fitted (0 if none).  A size counts as fitted
 * when one of two initialisations reaches 100%; the search ends after two consecutive
 * sizes fail (so one unlucky size does not end it). */
static long vc_capacity(const exprun_class_t *cl, const dataset_t *pool, int epochs,
                        unsigned long seed, size_t *W, int *capped)
{
    long best = 0, last = 0;
    int fails = 0;
    double x = 4;
    for (; (long)x <= pool->count && fails < 2; x *= 1.4) {
        long N = (long)x;
        if (N == last) continue;
        last = N;
        int ok = vc_fits(cl, pool, N, epochs, seed, W) || vc_fits(cl, pool, N, epochs, seed + 1, W);
        if (ok) { best = N; fails = 0; }
        else fails++;
    }
    *capped = fails < 2; /* ran out of points, not out of capacity */
    return best;
}

/* Least squares slope of log N against log W over entries FIRST, FIRST+STRIDE, ... */
static double vc_slope(const double *W, const double *N, int first, int stride, int k)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int m = 0;
    for (int i = first; i < k; i += stride) {
        if (N[i] <= 0) continue;
        double x = log(W[i]), y = log(N[i]);
        sx += x; sy += y; sxx += x * x; sxy += x * y; m++;
    }
    return m > 1 ? (m * sxy - sx * sy) / (m * sxx - sx * sx) : NAN;
}

static void vc_plot(const char *out, const double W[2][VC_NCLS * VC_MAXN],
                    const double N[2][VC_NCLS * VC_MAXN], int k)
{
    char s[16384];
    size_t len = 0;
    for (int t = 0; t < 2; t++) {
        len += snprintf(s + len, sizeof s - len, "$D%d << EOD\n", t);
        for (int i = 0; i < k; i++)
            if (N[t][i] > 0)
                len += snprintf(s + len, sizeof s - len, "%g %g %g\n", W[t][i], N[t][i], W[t][i] * log(W[t][i]));
        len += snprintf(s + len, sizeof s - len, "EOD\n");
    }
    snprintf(s + len, sizeof s - len,
             "set multiplot layout 1,2\nset logscale xy\nset grid\nset key top left\n"
             "set ylabel 'memorised points N'\nset xlabel 'parameters W'\n"
             "plot $D0 using 1:2 with points pt 7 title 'random inputs', $D1 using 1:2 with points pt 5 title 'Fashion-MNIST inputs', x title 'N = W'\n"
             "set xlabel 'W log W'\n"
             "plot $D0 using 3:2 with points pt 7 title 'random inputs', $D1 using 3:2 with points pt 5 title 'Fashion-MNIST inputs', x title 'N = W log W'\n"
             "unset multiplot\n");
    char path[4096];
    snprintf(path, sizeof path, "%s/vc_capacity.png", out);
    expplot_png(path, s);
}

/* One cell per (hidden side si, class i, input t): cell = (si * VC_NCLS + i) * 2 + t. */
typedef struct {
    const int *sides;
    int epochs;
    unsigned long seed;
} vc_plan_t;

enum { VC_N, VC_W, VC_CAPPED, VC_NV };

static void vc_run(checker_t *c, long cell, double *v, void *ctx)
{
    (void)c;
    const vc_plan_t *p = ctx;
    static dataset_t ftr; /* 20,000 Fashion-MNIST training images, loaded once per process */
    static int loaded;
    int t = (int)(cell % 2), i = (int)(cell / 2 % VC_NCLS), si = (int)(cell / 2 / VC_NCLS);
    int n = p->sides[si] * p->sides[si];
    dataset_t pool;
    if (t == 0) {
        dataset_random(&pool, 20000, n, 2, p->seed + n);
        dataset_center(&pool, NULL); /* uniform [0,1) inputs, centred like the images */
    } else {
        if (!loaded) {
            dataset_t fte;
            if (expdata_load(EXPDATA_FASHION, 20000, 10, p->seed, &ftr, &fte)) {
                fprintf(stderr, "vc_capacity: cannot load Fashion-MNIST\n");
                exit(2); /* no cell file: a rerun with the data computes it */
            }
            dataset_free(&fte);
            loaded = 1;
        }
        expdata_downsample(&ftr, p->sides[si], &pool); /* downsampled training images */
        pool.nclass = 2;
        dataset_randomize_labels(&pool, p->seed + 7 * n);
    }
    size_t W = 0;
    int capped;
    v[VC_N] = (double)vc_capacity(&vc_cls[i], &pool, p->epochs, p->seed, &W, &capped);
    v[VC_W] = (double)W;
    v[VC_CAPPED] = capped;
    dataset_free(&pool);
}

static void vc_label(long cell, void *ctx, char *buf, size_t len)
{
    const vc_plan_t *p = ctx;
    int side = p->sides[cell / 2 / VC_NCLS];
    char l2[64];
    snprintf(buf, len, "n=%d class=%s input=%s", side * side,
             exprun_label(&vc_cls[cell / 2 % VC_NCLS], l2, sizeof l2), cell % 2 ? "fashion" : "random");
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &vc_info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    progress_set_quiet(1);
    static const int sides_full[VC_MAXN] = {4, 6, 8, 10, 12}, sides_red[4] = {4, 6, 8, 10}, sides_q[1] = {4};
    const int *sides = vc_full ? sides_full : c.quick ? sides_q : sides_red;
    int nsides = vc_full ? 5 : c.quick ? 1 : 4;
    int epochs = (int)(vc_epochs ? vc_epochs : vc_full ? 400 : c.quick ? 30 : 200);
    if (epochs < 1)
        return checker_fail(&c, "bad --epochs %d", epochs);
    checker_param(&c, "configuration", "SHL n -> n (class) -> ReLU -> 2, random binary labels, Adam lr 1e-2 "
                  "warm-up+cosine, batch 64, at most %d epochs per trial (stops at 100%%), grid N = 4 x 1.4^k, 2 initialisations per size, stop after 2 failed sizes", epochs);
    vc_plan_t plan = {sides, epochs, c.seed};
    long ncells = (long)nsides * VC_NCLS * 2;
    double *v = malloc((size_t)ncells * VC_NV * sizeof *v);
    if (checker_run_value_cells(&c, "searches", ncells, VC_NV, vc_run, vc_label, &plan, 1, v)) {
        free(v);
        return checker_fail(&c, "a cell could not be computed or stored");
    }
    if (!checker_cells_complete(&c)) {
        free(v);
        return checker_finish(&c);
    }
    checker_section(&c, NULL, "class|n|W|input|N memorised|N / W|N / (W ln W)");
    double Ws[2][VC_NCLS * VC_MAXN], Ns[2][VC_NCLS * VC_MAXN];
    int k = 0;
    for (int si = 0; si < nsides; si++) {
        int n = sides[si] * sides[si];
        for (int i = 0; i < VC_NCLS; i++, k++)
            for (int t = 0; t < 2; t++) {
                const double *r = &v[((long)k * 2 + t) * VC_NV];
                char lab[64];
                size_t W = (size_t)r[VC_W];
                long N = (long)r[VC_N];
                Ws[t][k] = (double)W;
                Ns[t][k] = (double)N;
                checker_row(&c, ROW_INFO, 1, "%s|%d|%zu|%s|%s%ld|%.3f|%.4f", exprun_label(&vc_cls[i], lab, sizeof lab),
                            n, W, t ? "fashion" : "random", r[VC_CAPPED] != 0 ? ">= " : "", N, N / (double)W,
                            N / (W * log((double)W)));
            }
    }
    free(v);
    checker_section(&c, "Growth of N with W within each class (least squares on log N = a + b log W over n)",
                    "class|input|exponent b|reading");
    for (int i = 0; i < VC_NCLS; i++)
        for (int t = 0; t < 2; t++) {
            char lab[64];
            double b = vc_slope(Ws[t], Ns[t], i, VC_NCLS, k);
            checker_row(&c, ROW_INFO, 1, "%s|%s|%.3f|%s", exprun_label(&vc_cls[i], lab, sizeof lab),
                        t ? "fashion" : "random", b,
                        b < 0.85 ? "sublinear in W" : b <= 1.25 ? "about linear in W"
                                                              : "superlinear in W");
        }
    checker_note(&c, "N is the memorisation capacity reached by training within the budget: a lower "
                 "bound on the number of points the class can shatter (one labelling each, so a lower "
                 "estimate even of that), not the VC dimension itself.  Theorem 2 bounds the VC "
                 "dimension above by O(L W log W); a lower bound, and the growth exponent of N in W, "
                 "can agree with that bound but never test it (an exponent near 1 would also fit O(W) "
                 "or O(W log W)).  What the proof of Theorem 2 uses is checked exactly in "
                 "vc_degree.md.  W counts all parameters, output layer "
                 "(2n + 2) included; Toeplitz-like, low-rank and LDR at r = 1.");
    vc_plot(c.out_dir, Ws, Ns, k);
    return checker_finish(&c);
}
