/* krylov_fast_bench -- speed of the fast LDR-SD layer multiply (Thomas et al. 2018,
 * Theorem 1 and "Algorithms for LDR-SD": 3.34-46.06x over unstructured for n >= 4096)
 * against dense OpenBLAS, all measured in one run:
 *   (a) fast: y = sum_i K(A, g_i) K(B^T, h_i)^T x by krylov_fast_ldr_mul (FFTW, one core);
 *   (b) the same M precomputed as a dense n x n matrix, OpenBLAS dgemv (batch 1) / dgemm;
 *   (c) an unstructured dense n x n matrix, OpenBLAS dgemv / dgemm.
 * Medians over repetitions; ratios (b)/(a), (c)/(a); crossover n; a log-log PNG via gnuplot.
 * Also measures the block length below which direct convolution beats FFTs. */
#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/checker.h"
#include "fast/krylov_fast.h"
#include "fast/krylov_tridiag.h"
#include "fast/krylov_fast_batch.h"

static long max_log = 15, dense_max_log = 14, budget_ms = 3000;

#define MAXN_LOG 16
#define NR 3
#define NB 3
static const long ranks[NR] = {1, 4, 16};
static const long batches[NB] = {1, 32, 256};

/* splitmix64 seeded from --seed (no GSL here: <cblas.h> and GSL headers clash). */
static unsigned long long bench_state;
static double bench_unif(double lo, double hi)
{
    unsigned long long z = (bench_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return lo + (hi - lo) * (double)(z >> 11) / 9007199254740992.0;
}
static double *rand_vec(long len, double lo, double hi)
{
    double *v = malloc(sizeof(double) * (size_t)len);
    if (v)
        for (long k = 0; k < len; k++)
            v[k] = bench_unif(lo, hi);
    return v;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* CPU seconds of this process: every timed code path is single-threaded (OpenBLAS is set to
 * one thread), so CPU time is the compute time even when other jobs share the cores (wall
 * time inflated long runs 3-4x under a load average of 8 on 2 cores). */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Median CPU seconds of FN(ctx): one warm-up run estimates the cost; then up to 15 runs
 * within ~0.5 s (at least 3, or 1 when a single run exceeds 0.5 s). */
typedef void (*bench_fn)(void *ctx);
static double median_time(bench_fn fn, void *ctx, int *reps_out)
{
    double t0 = cpu_seconds();
    fn(ctx);
    double first = cpu_seconds() - t0;
    int reps = first > 0.5 ? 1 : (int)fmin(15.0, fmax(3.0, 0.5 / fmax(first, 1e-9)));
    double times[15];
    for (int k = 0; k < reps; k++) {
        t0 = cpu_seconds();
        fn(ctx);
        times[k] = cpu_seconds() - t0;
    }
    qsort(times, (size_t)reps, sizeof(double), cmp_double);
    *reps_out = reps;
    return reps % 2 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
}

typedef struct {
    const krylov_fast_ldr_t *L;
    const double *M, *X;
    double *Y;
    long n, batch;
} job_t;

static void run_fast(void *ctx)
{
    job_t *j = ctx;
    krylov_fast_ldr_mul(j->L, j->Y, j->X, j->batch);
}

/* The FFT floor: exactly the transforms a layer multiply of this batch executes (same plans,
 * same chunking), with no products, copies or direct convolutions. */
typedef struct {
    long n, r, batch, chunk;
    unsigned measure;
} floor_job_t;
static void run_floor(void *ctx)
{
    floor_job_t *j = ctx;
    for (long v0 = 0; v0 < j->batch;) {
        long cnt = j->chunk;
        while (cnt > j->batch - v0)
            cnt /= 2;
        const kfb_plans_t *P = kfb_plans_get(j->n, cnt, j->r, j->measure);
        if (P)
            kfb_run_ffts_only(P, 1, 1);
        v0 += cnt;
    }
}

/* create (plans already cached for the shape) followed by one multiply of the batch. */
typedef struct {
    long n, r, batch;
    const double *a, *b, *G, *H, *X;
    double *Y;
    int with_mul;
    unsigned measure;
} create_job_t;
static void run_create(void *ctx)
{
    create_job_t *j = ctx;
    krylov_fast_ldr_t *L =
        krylov_fast_ldr_create(j->n, j->r, j->a, 0.5, j->b, 0.5, j->G, j->H, j->measure);
    if (L && j->with_mul)
        krylov_fast_ldr_mul(L, j->Y, j->X, j->batch);
    krylov_fast_ldr_destroy(L);
}

/* The same product in one call (krylov_fast_ldr_apply: a batch within one chunk keeps no level
 * spectra, each is formed right before the multiply uses it). */
static void run_apply(void *ctx)
{
    create_job_t *j = ctx;
    krylov_fast_ldr_apply(j->n, j->r, j->a, 0.5, j->b, 0.5, j->G, j->H, j->Y, j->X, j->batch, 0,
                          j->measure);
}

/* The ratio cost(A) / cost(B) measured in interleaved pairs (A, then B; 9 to 41 pairs within
 * about a second): q = the lower quartile, median and upper quartile of the per-pair ratios.
 * Both sides of each pair see the same machine state, so the quartiles show how far the ratio
 * moves within a run; a target is called met or missed only when the whole interquartile range
 * is on one side of it (set_up_met). */
static void paired_ratio(bench_fn fa, void *ca, bench_fn fb, void *cb, double q[3])
{
    double t0 = cpu_seconds();
    fa(ca);
    fb(cb);
    double pair = cpu_seconds() - t0, r[41];
    int k = (int)fmin(41.0, fmax(9.0, 1.0 / fmax(pair, 1e-9))) | 1;
    for (int i = 0; i < k; i++) {
        t0 = cpu_seconds();
        fa(ca);
        double t1 = cpu_seconds();
        fb(cb);
        r[i] = (t1 - t0) / fmax(cpu_seconds() - t1, 1e-12);
    }
    qsort(r, (size_t)k, sizeof(double), cmp_double);
    q[0] = r[k / 4], q[1] = r[k / 2], q[2] = r[k - 1 - k / 4];
}

/* Three-valued reading of (create + (a))/(a) <= 2 from paired_ratio's quartiles. */
static const char *set_up_met(const double q[3])
{
    return q[2] <= 2.0 ? "yes" : q[0] > 2.0 ? "no" : "at the line (quartiles span 2)";
}

/* Y (batch vectors of length n, column k at Y + k n) = M X with M row-major n x n. */
static void run_dense(void *ctx)
{
    job_t *j = ctx;
    if (j->batch == 1)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)j->n, (int)j->n, 1.0, j->M, (int)j->n, j->X,
                    1, 0.0, j->Y, 1);
    else /* column-major view: Y (n x b) = M X, M^T in column-major = M row-major */
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)j->n, (int)j->batch, (int)j->n,
                    1.0, j->M, (int)j->n, j->X, (int)j->n, 0.0, j->Y, (int)j->n);
}

typedef struct {
    double fast[MAXN_LOG + 1][NR][NB], dense_b[MAXN_LOG + 1][NR][NB], dense_c[MAXN_LOG + 1][NB];
    double floor[MAXN_LOG + 1][NR][NB], create_mul[MAXN_LOG + 1][NR][NB];
    double setup_q[MAXN_LOG + 1][NR][3]; /* batch 1: paired (create + (a))/(a), quartiles */
    double apply_q[MAXN_LOG + 1][NR][3]; /* batch 1: paired (one-shot apply)/(a), quartiles */
} timings_t;

/* ------------------------------------------------------------------ direct-conv threshold */
typedef struct {
    const krylov_fast_op_t *K;
    const double *x;
    double *y;
} op_job_t;
static void run_op(void *ctx)
{
    op_job_t *j = ctx;
    krylov_fast_mul(j->K, j->y, j->x, 1);
    krylov_fast_mul_transpose(j->K, j->y, j->x, 1);
}

static void measure_threshold(checker_t *c, long n)
{
    checker_section(&c[0], "Direct-convolution threshold (one K x + one K^T x, batch 1)",
                    "n|direct below h|median ms|reps");
    double *a = rand_vec(n, 0.95, 1.05), *g = rand_vec(n, -1, 1), *x = rand_vec(n, -1, 1);
    double *y = malloc(sizeof(double) * (size_t)n);
    double best = INFINITY;
    long best_h = 1;
    for (long h = 1; h <= 512 && h <= n; h *= 2) {
        krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
        krylov_fast_plan_set_direct_below(p, h);
        krylov_fast_op_t *K = krylov_fast_op_create(p, a, n - 1, 0.5, g, n);
        op_job_t j = {K, x, y};
        int reps;
        double t = median_time(run_op, &j, &reps);
        checker_row(c, ROW_INFO, 0, "%ld|%ld|%.4f|%d", n, h, 1e3 * t, reps);
        if (t < best) {
            best = t;
            best_h = h;
        }
        krylov_fast_op_destroy(K);
        krylov_fast_plan_destroy(p);
    }
    checker_note(c, "Direct-convolution threshold at n = %ld: fastest with direct convolution for "
                 "block lengths h < %ld (library default KRYLOV_FAST_DIRECT_BELOW = %d).",
                 n, best_h, KRYLOV_FAST_DIRECT_BELOW);
    free(a); free(g); free(x); free(y);
}

/* ------------------------------------------------------------------ main sweep */
static double rel_diff(const double *y, const double *z, long len)
{
    double d = 0.0, s = 0.0;
    for (long k = 0; k < len; k++) {
        d = fmax(d, fabs(y[k] - z[k]));
        s = fmax(s, fabs(z[k]));
    }
    return s > 0 ? d / s : d;
}

static void sweep_n(checker_t *c, long lg, const long *bl, int nb, const long *rl, int nr,
                    timings_t *T, progress_t *p, long *done)
{
    long n = 1L << lg;
    int dense_ok = lg <= dense_max_log;
    long bmax = bl[nb - 1];
    double *X = rand_vec(n * bmax, -1, 1), *Ya = malloc(sizeof(double) * (size_t)(n * bmax));
    double *Yb = malloc(sizeof(double) * (size_t)(n * bmax));
    double *C = dense_ok ? rand_vec(n * n, -1, 1) : NULL; /* (c) unstructured */
    double *M = dense_ok ? malloc(sizeof(double) * (size_t)(n * n)) : NULL;
    if (dense_ok && (!C || !M))
        dense_ok = 0;
    double *a = rand_vec(n, 0.95, 1.05), *b = rand_vec(n, 0.95, 1.05);
    for (int bi = 0; bi < nb; bi++) { /* (c) depends on n and batch only */
        T->dense_c[lg][bi] = NAN;
        if (dense_ok) {
            job_t j = {NULL, C, X, Yb, n, bl[bi]};
            int reps;
            T->dense_c[lg][bi] = median_time(run_dense, &j, &reps);
        }
    }
    double est_unit = NAN; /* fast seconds per (vector x rank) at this n */
    for (int ri = 0; ri < nr; ri++) {
        long r = rl[ri];
        double *G = rand_vec(n * r, -1, 1), *H = rand_vec(n * r, -1, 1);
        double t0 = cpu_seconds(); /* the first layer of this shape plans (cached afterwards) */
        krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, 0.5, G, H, 0);
        double first_create = cpu_seconds() - t0;
        int m_ok = dense_ok && krylov_explicit_ldr_dense(M, n, r, a, 0.5, b, 0.5, G, H) == 0;
        for (int bi = 0; bi < nb; bi++) {
            long batch = bl[bi];
            progress_update(p, (*done)++, "n=%ld r=%ld batch=%ld", n, r, batch);
            double est = est_unit * (double)(r * batch);
            T->fast[lg][ri][bi] = T->dense_b[lg][ri][bi] = NAN;
            T->floor[lg][ri][bi] = T->create_mul[lg][ri][bi] = NAN;
            double t_floor = NAN, t_create = NAN, t_cm = NAN, t_ap = NAN;
            if (!(est * 1e3 > (double)budget_ms)) {
                job_t j = {L, NULL, X, Ya, n, batch};
                int reps;
                T->fast[lg][ri][bi] = median_time(run_fast, &j, &reps);
                if (isnan(est_unit))
                    est_unit = T->fast[lg][ri][bi] / (double)(r * batch);
                floor_job_t fj = {n, r, batch, krylov_fast_ldr_chunk(L, batch), 0};
                t_floor = median_time(run_floor, &fj, &reps);
                create_job_t cj = {n, r, batch, a, b, G, H, X, Yb, 0, 0};
                t_create = median_time(run_create, &cj, &reps);
                cj.with_mul = 1;
                t_cm = median_time(run_create, &cj, &reps);
                if (batch == 1) {
                    paired_ratio(run_create, &cj, run_fast, &j, T->setup_q[lg][ri]);
                    t_ap = median_time(run_apply, &cj, &reps);
                    paired_ratio(run_apply, &cj, run_fast, &j, T->apply_q[lg][ri]);
                }
                T->floor[lg][ri][bi] = t_floor;
                T->create_mul[lg][ri][bi] = t_cm;
            }
            if (m_ok) {
                job_t j = {NULL, M, X, Yb, n, batch};
                int reps;
                T->dense_b[lg][ri][bi] = median_time(run_dense, &j, &reps);
            }
            double ta = T->fast[lg][ri][bi], tb = T->dense_b[lg][ri][bi], tc = T->dense_c[lg][bi];
            char diff[32] = "-";
            if (!isnan(ta) && m_ok)
                snprintf(diff, sizeof diff, "%.1e", rel_diff(Ya, Yb, n * batch));
            if (isnan(ta) && !m_ok) {
                checker_row(c, ROW_SKIPPED, 0, "%ld|%ld|%ld|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|fast: "
                            "estimated %.0f s > "
                            "budget; dense: %.0f GB matrix not formed", n, r, batch, est,
                            8.0 * (double)n * (double)n / 1e9);
                continue;
            }
            char sa[32], sb[32], sc[32], rb[32], rc[32];
            snprintf(sa, sizeof sa, isnan(ta) ? "skipped" : "%.4f", 1e3 * ta);
            snprintf(sb, sizeof sb, isnan(tb) ? "skipped" : "%.4f", 1e3 * tb);
            snprintf(sc, sizeof sc, isnan(tc) ? "skipped" : "%.4f", 1e3 * tc);
            snprintf(rb, sizeof rb, isnan(ta) || isnan(tb) ? "-" : "%.2f", tb / ta);
            snprintf(rc, sizeof rc, isnan(ta) || isnan(tc) ? "-" : "%.2f", tc / ta);
            const char *why = isnan(ta) ? "fast skipped: estimated time > budget"
                              : (!m_ok ? "dense skipped: n x n matrix too large" : "");
            char pv[32] = "-", fl[32] = "-", rf[32] = "-", cr[32] = "-", cm[32] = "-", rcm[32] = "-";
            char fc[32] = "-", ap[32] = "-", rap[32] = "-";
            if (!isnan(ta)) {
                snprintf(pv, sizeof pv, "%.4f", 1e3 * ta / (double)batch);
                snprintf(fl, sizeof fl, "%.4f", 1e3 * t_floor / (double)batch);
                snprintf(rf, sizeof rf, "%.2f", ta / t_floor);
                snprintf(cr, sizeof cr, "%.4f", 1e3 * t_create);
                snprintf(cm, sizeof cm, "%.4f", 1e3 * t_cm);
                snprintf(rcm, sizeof rcm, "%.2f", t_cm / ta);
                snprintf(fc, sizeof fc, "%.2f", 1e3 * first_create);
                if (!isnan(t_ap)) {
                    snprintf(ap, sizeof ap, "%.4f", 1e3 * t_ap);
                    snprintf(rap, sizeof rap, "%.2f", t_ap / ta);
                }
            }
            checker_row(c, ROW_INFO, 0,
                        "%ld|%ld|%ld|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", n, r, batch,
                        sa, pv, fl, rf, sb, sc, rb, rc, cr, cm, rcm, ap, rap, fc, diff, why);
        }
        krylov_fast_ldr_destroy(L);
        free(G);
        free(H);
    }
    free(X); free(Ya); free(Yb); free(C); free(M); free(a); free(b);
}

/* Crossover and the speedups at 4096 / 16384 per (r, batch). */
/* The smallest n from which (c)/(a) > 1 holds at every larger measured n, or -1. */
static long measured_crossover(const timings_t *T, int lo, int hi, int ri, int bi)
{
    long cross = -1;
    for (int lg = hi; lg >= lo; lg--) {
        double ta = T->fast[lg][ri][bi], tc = T->dense_c[lg][bi];
        if (isnan(ta) || isnan(tc))
            continue;
        if (tc / ta > 1.0)
            cross = 1L << lg;
        else
            break;
    }
    return cross;
}

static void summarize(checker_t *c, const timings_t *T, int lo, int hi, const long *rl, int nr,
                      const long *bl, int nb)
{
    checker_section(c, "Summary: crossover and speedups of (a) over (c)",
                    "r|batch|crossover n ((c)/(a) > 1 from here on)|(c)/(a) at n = 4096|"
                    "(c)/(a) at n = 16384|(b)/(a) at n = 4096|paper (n >= 4096)");
    for (int ri = 0; ri < nr; ri++)
        for (int bi = 0; bi < nb; bi++) {
            long cross = measured_crossover(T, lo, hi, ri, bi);
            char s4[32] = "-", s16[32] = "-", b4[32] = "-", cr[32] = "none measured";
            if (cross > 0)
                snprintf(cr, sizeof cr, "%ld", cross);
            if (hi >= 12 && !isnan(T->fast[12][ri][bi]) && !isnan(T->dense_c[12][bi]))
                snprintf(s4, sizeof s4, "%.2fx", T->dense_c[12][bi] / T->fast[12][ri][bi]);
            if (hi >= 14 && !isnan(T->fast[14][ri][bi]) && !isnan(T->dense_c[14][bi]))
                snprintf(s16, sizeof s16, "%.2fx", T->dense_c[14][bi] / T->fast[14][ri][bi]);
            if (hi >= 12 && !isnan(T->fast[12][ri][bi]) && !isnan(T->dense_b[12][ri][bi]))
                snprintf(b4, sizeof b4, "%.2fx", T->dense_b[12][ri][bi] / T->fast[12][ri][bi]);
            checker_row(c, ROW_INFO, 0, "%ld|%ld|%s|%s|%s|%s|3.34-46.06x", rl[ri], bl[bi], cr, s4,
                        s16, b4);
        }
}

/* The issue-16 targets, read off the main table (same run): batched speed-ups over dense
 * dgemm at n = 4096, the r = 4 / batch 256 crossover, and create + multiply <= 2x multiply. */
static int bidx(const long *bl, int nb, long b)
{
    for (int k = 0; k < nb; k++)
        if (bl[k] == b)
            return k;
    return -1;
}
static void targets(checker_t *c, const timings_t *T, int lo, int hi, const long *rl, int nr,
                    const long *bl, int nb)
{
    checker_section(c, "Targets of the batched layer (ratios from the table above, same run)",
                    "target|n|r|batch|measured|(a) per vector / FFT floor per vector|met");
    static const struct { long r, b; double want; } sp[] = {{1, 32, 5.0}, {1, 256, 3.0},
                                                          {4, 256, 1.0}};
    for (int k = 0; k < 3; k++) {
        int ri = -1, bi = bidx(bl, nb, sp[k].b);
        for (int q = 0; q < nr; q++)
            if (rl[q] == sp[k].r)
                ri = q;
        for (int lg = 12; lg <= hi && lg <= 14 && ri >= 0 && bi >= 0; lg++) {
            double ta = T->fast[lg][ri][bi], tc = T->dense_c[lg][bi], tf = T->floor[lg][ri][bi];
            if (isnan(ta) || isnan(tc) || (sp[k].r == 1 && lg > 12))
                continue;
            checker_row(c, ROW_INFO, 0, "(c)/(a) %s %.0f|%ld|%ld|%ld|%.2f|%.2f|%s",
                        sp[k].want > 1 ? ">=" : ">", sp[k].want, 1L << lg, sp[k].r, sp[k].b,
                        tc / ta, ta / tf, (sp[k].want > 1 ? tc / ta >= sp[k].want : tc / ta > 1)
                                              ? "yes" : "no");
        }
    }
    for (int ri = 0; ri < nr; ri++) /* the library's threshold against this run's crossover */
        for (int bi = 0; bi < nb; bi++) {
            long cross = measured_crossover(T, lo, hi, ri, bi);
            long lib = krylov_fast_ldr_threshold(rl[ri], bl[bi]);
            char sl[32], sc[32];
            snprintf(sl, sizeof sl, lib == LONG_MAX ? "never" : "%ld", lib);
            snprintf(sc, sizeof sc, cross > 0 ? "%ld" : "none measured", cross);
            const char *met = (cross > 0 && lib == cross) || (cross < 0 && lib == LONG_MAX) ? "yes"
                              : (cross < 0 && lib > (1L << hi)) ? "not decided (beyond the sizes run)"
                                                                : "no";
            checker_row(c, ROW_INFO, 0, "krylov_fast_ldr_threshold = crossover|-|%ld|%ld|%s|library: "
                        "%s|%s", rl[ri], bl[bi], sc, sl, met);
        }
    int b1 = bidx(bl, nb, 1);
    for (int ri = 0; ri < nr && b1 >= 0; ri++)
        for (int lg = lo > 12 ? lo : 12; lg <= hi; lg++) {
            double ta = T->fast[lg][ri][b1], tcm = T->create_mul[lg][ri][b1];
            const double *q = T->setup_q[lg][ri];
            if (isnan(ta) || isnan(tcm))
                continue;
            checker_row(c, ROW_INFO, 0, "(create + (a))/(a) <= 2|%ld|%ld|1|%.2f [%.2f, %.2f]|%.2f|%s",
                        1L << lg, rl[ri], q[1], q[0], q[2], ta / T->floor[lg][ri][b1],
                        set_up_met(q));
            q = T->apply_q[lg][ri];
            checker_row(c, ROW_INFO, 0, "one-shot/(a) <= 2|%ld|%ld|1|%.2f [%.2f, %.2f]|%.2f|%s",
                        1L << lg, rl[ri], q[1], q[0], q[2], ta / T->floor[lg][ri][b1],
                        set_up_met(q));
        }
}

/* The same layer with FFTW_MEASURE plans (planned once per shape and cached, as a training
 * run would), next to dense OpenBLAS measured here: the batched targets at n = 4096 and the
 * set-up targets at batch 1 (create = operators + generators; 'set generators' = the case
 * where only G, H change and the operator part is reused). */
typedef struct {
    krylov_fast_ldr_t *L;
    const double *G, *H, *X;
    double *Y;
    long n, r;
    int with_mul;
} gens_job_t;
static void run_gens(void *ctx)
{
    gens_job_t *j = ctx;
    krylov_fast_ldr_set_generators(j->L, j->G, j->H);
    if (j->with_mul)
        krylov_fast_ldr_mul(j->L, j->Y, j->X, 1);
}
static void measure_plans(checker_t *c)
{
    checker_section(c, "FFTW_MEASURE plans (planning once per shape, then cached)",
                    "n|r|batch|planning s (first create)|(a) per vector ms|FFT floor per vector ms|"
                    "(a)/floor|(c) unstructured ms|(c)/(a)|(c)/floor (bound: transforms only)|"
                    "create ms|(create + (a))/(a)|one-shot/(a)|set generators ms|"
                    "(set generators + (a))/(a)|target|met");
    static const struct { long lg, r, batch; double want; int kind; } cells[] = {
        {12, 1, 32, 5.0, 0}, {12, 1, 256, 3.0, 0}, {12, 4, 256, 1.0, 0}, {12, 1, 1, 2.0, 1},
        {12, 4, 1, 2.0, 1},  {12, 16, 1, 2.0, 1}, {14, 4, 1, 2.0, 1},   {14, 16, 1, 2.0, 1}};
    for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
        long n = 1L << cells[k].lg, r = cells[k].r, batch = cells[k].batch;
        if (cells[k].lg > max_log || (cells[k].kind == 0 && cells[k].lg > dense_max_log))
            continue;
        double *a = rand_vec(n, 0.95, 1.05), *b = rand_vec(n, 0.95, 1.05);
        double *X = rand_vec(n * batch, -1, 1), *Y = malloc(sizeof(double) * (size_t)(n * batch));
        double *G = rand_vec(n * r, -1, 1), *H = rand_vec(n * r, -1, 1);
        double *C = cells[k].kind == 0 ? rand_vec(n * n, -1, 1) : NULL;
        double t0 = cpu_seconds();
        krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, 0.5, b, 0.5, G, H, 1);
        if (!L || !Y || !X || (cells[k].kind == 0 && !C)) {
            checker_row(c, ROW_SKIPPED, 0, "%ld|%ld|%ld|-|-|-|-|-|-|-|-|-|-|-|-|-|create failed", n,
                        r, batch);
            krylov_fast_ldr_destroy(L);
            free(a), free(b), free(X), free(Y), free(G), free(H), free(C);
            continue;
        }
        krylov_fast_ldr_mul(L, Y, X, batch); /* plans the chunk shapes of this batch */
        double plan_s = cpu_seconds() - t0;
        job_t j = {L, NULL, X, Y, n, batch}, d = {NULL, C, X, Y, n, batch};
        int reps;
        double ta = median_time(run_fast, &j, &reps);
        double tc = C ? median_time(run_dense, &d, &reps) : NAN;
        floor_job_t fj = {n, r, batch, krylov_fast_ldr_chunk(L, batch), 1};
        double tf = median_time(run_floor, &fj, &reps);
        create_job_t cj = {n, r, batch, a, b, G, H, X, Y, 0, 1};
        double tcr = median_time(run_create, &cj, &reps);
        cj.with_mul = 1;
        double q[3] = {NAN, NAN, NAN}; /* (create + (a))/(a): paired, as in the targets */
        double qa[3] = {NAN, NAN, NAN}; /* one-shot/(a), paired */
        if (cells[k].kind == 1) {
            paired_ratio(run_create, &cj, run_fast, &j, q);
            paired_ratio(run_apply, &cj, run_fast, &j, qa);
        }
        gens_job_t gj = {L, G, H, X, Y, n, r, 0};
        double tg = median_time(run_gens, &gj, &reps);
        gj.with_mul = 1;
        double tgm = median_time(run_gens, &gj, &reps);
        char sc[32] = "-", sr[32] = "-", sb[32] = "-", tgt[64], met[112], s1[32] = "-",
             s2[48] = "-", s3[32] = "-", s4[32] = "-", s5[48] = "-";
        if (cells[k].kind == 1) { /* set-up columns: batch-1 cells only */
            snprintf(s1, sizeof s1, "%.4f", 1e3 * tcr);
            snprintf(s2, sizeof s2, "%.2f [%.2f, %.2f]", q[1], q[0], q[2]);
            snprintf(s5, sizeof s5, "%.2f [%.2f, %.2f]", qa[1], qa[0], qa[2]);
            snprintf(s3, sizeof s3, "%.4f", 1e3 * tg);
            snprintf(s4, sizeof s4, "%.2f", tgm / ta);
        }
        if (C) {
            snprintf(sc, sizeof sc, "%.4f", 1e3 * tc);
            snprintf(sr, sizeof sr, "%.2f", tc / ta);
            snprintf(sb, sizeof sb, "%.2f", tc / tf);
        }
        if (cells[k].kind == 0) {
            snprintf(tgt, sizeof tgt, "(c)/(a) %s %.0f", cells[k].want > 1 ? ">=" : ">",
                     cells[k].want);
            int ok = cells[k].want > 1 ? tc / ta >= cells[k].want : tc / ta > 1;
            snprintf(met, sizeof met, "%s", ok ? "yes" : "no");
        } else {
            snprintf(tgt, sizeof tgt, "(create + (a))/(a) <= 2; one-shot/(a) <= 2");
            snprintf(met, sizeof met, "%s; one-shot: %s", set_up_met(q), set_up_met(qa));
        }
        checker_row(c, ROW_INFO, 0, "%ld|%ld|%ld|%.1f|%.4f|%.4f|%.2f|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s",
                    n, r, batch, plan_s, 1e3 * ta / (double)batch, 1e3 * tf / (double)batch,
                    ta / tf, sc, sr, sb, s1, s2, s5, s3, s4, tgt, met);
        krylov_fast_ldr_destroy(L);
        free(a), free(b), free(X), free(Y), free(G), free(H), free(C);
    }
}

/* log-log plot of batch-1 times; the PNG is rendered to a temporary file and renamed. */
static void write_plot(checker_t *c, const timings_t *T, int lo, int hi, int nr)
{
    char dat[] = "/tmp/krylov_bench_XXXXXX";
    int fd = mkstemp(dat);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    for (int lg = lo; lg <= hi; lg++) {
        fprintf(f, "%ld", 1L << lg);
        for (int ri = 0; ri < nr; ri++)
            fprintf(f, " %g", isnan(T->fast[lg][ri][0]) ? NAN : 1e3 * T->fast[lg][ri][0]);
        fprintf(f, " %g %g\n", 1e3 * T->dense_b[lg][0][0], 1e3 * T->dense_c[lg][0]);
    }
    fclose(f);
    char png[512], tmp[600], cmd[2048];
    snprintf(png, sizeof png, "%s/krylov_fast_multiply.png", c->out_dir);
    snprintf(tmp, sizeof tmp, "%s/.krylov_fast_multiply.png.%d.tmp", c->out_dir, (int)getpid());
    snprintf(cmd, sizeof cmd,
             "gnuplot -e \"set terminal pngcairo size 900,600; set output '%s'; set logscale xy; "
             "set key left top; set grid; set xlabel 'n'; set ylabel 'median ms (batch 1)'; "
             "set title 'LDR-SD multiply: fast (FFT) vs dense OpenBLAS dgemv'; "
             "plot '%s' u 1:2 w lp t 'fast r=1', '' u 1:3 w lp t 'fast r=4', '' u 1:4 w lp t "
             "'fast r=16', '' u 1:5 w lp t '(b) dense Krylov-product M', '' u 1:6 w lp lc rgb 'black' dt 2 t "
             "'(c) unstructured dense'\" 2>/dev/null",
             tmp, dat);
    int rc = system(cmd);
    if (rc == 0 && rename(tmp, png) == 0)
        checker_note(c, "Plot: krylov_fast_multiply.png (log-log, batch 1).");
    else {
        unlink(tmp);
        checker_note(c, "Plot not written (gnuplot failed or missing).");
    }
    unlink(dat);
}

/* ------------------------------------------------------------------ LDR-TD (tridiagonal) */
typedef struct {
    const krylov_tridiag_t *K;
    const double *x;
    double *y;
    int transpose;
} td_job_t;
static void run_td(void *ctx)
{
    td_job_t *j = ctx;
    if (j->transpose)
        krylov_tridiag_mul_transpose(j->K, j->y, j->x, 1);
    else
        krylov_tridiag_mul(j->K, j->y, j->x, 1);
}

typedef struct {
    long n;
    const double *d, *s, *u, *g;
} td_create_job_t;
static void run_td_create(void *ctx)
{
    td_create_job_t *j = ctx;
    krylov_tridiag_destroy(krylov_tridiag_create(j->n, j->d, j->s, j->u, j->g, 0));
}

/* K x and K^T x of the fast LDR-TD multiply at batch 1 against dgemv with the explicit
 * Krylov matrix (operators near the trainer's init: s ~ U[0.99, 1.01], d, u ~ U[-0.01, 0.01]). */
static void tridiag_rows(checker_t *c, int lo, int hi)
{
    checker_section(c, "LDR-TD (tridiagonal operators, algebra/fast/krylov_tridiag.h): batch 1 vs dense dgemv",
                    "n|fast K x ms|fast K^T x ms|dense dgemv ms (explicit K)|dgemv / fast K x|"
                    "create ms (incl. probe)|a-posteriori estimate|max rel diff fast vs dense|note");
    long cross = 0;
    for (int lg = lo; lg <= hi; lg++) {
        long n = 1L << lg;
        double *d = rand_vec(n, -0.01, 0.01), *s = rand_vec(n, 0.99, 1.01);
        double *u = rand_vec(n, -0.01, 0.01), *g = rand_vec(n, -1, 1), *x = rand_vec(n, -1, 1);
        double *y = malloc(sizeof(double) * (size_t)n), *yd = malloc(sizeof(double) * (size_t)n);
        krylov_tridiag_t *K = krylov_tridiag_create(n, d, s, u, g, 0);
        if (!K) {
            checker_row(c, ROW_SKIPPED, 0, "%ld|-|-|-|-|-|-|-|create failed", n);
            free(d); free(s); free(u); free(g); free(x); free(y); free(yd);
            continue;
        }
        int reps;
        td_job_t jf = {K, x, y, 0}, jt = {K, x, y, 1};
        double tf = median_time(run_td, &jf, &reps), tt = median_time(run_td, &jt, &reps);
        td_create_job_t jc = {n, d, s, u, g};
        double tc = median_time(run_td_create, &jc, &reps);
        double td = NAN, diff = NAN;
        if (lg <= dense_max_log) {
            double *M = malloc(sizeof(double) * (size_t)n * (size_t)n);
            double *v = malloc(sizeof(double) * (size_t)n), *w = malloc(sizeof(double) * (size_t)n);
            if (M && v && w) {
                memcpy(v, g, sizeof(double) * (size_t)n);
                for (long i = 0; i < n; i++) { /* column i = A^i g, M row-major */
                    for (long t = 0; t < n; t++)
                        M[t * n + i] = v[t];
                    krylov_tridiag_explicit_step(w, v, n, d, s, u);
                    double *q = v;
                    v = w;
                    w = q;
                }
                job_t jd = {NULL, M, x, yd, n, 1};
                td = median_time(run_dense, &jd, &reps);
                krylov_tridiag_mul(K, y, x, 1);
                diff = rel_diff(y, yd, n);
                if (!cross && tf < td)
                    cross = n;
            }
            free(M);
            free(v);
            free(w);
        }
        if (isnan(td))
            checker_row(c, ROW_INFO, 0, "%ld|%.3f|%.3f|-|-|%.2f|%.1e|-|dense not formed", n,
                        1e3 * tf, 1e3 * tt, 1e3 * tc, krylov_tridiag_error_estimate(K));
        else
            checker_row(c, ROW_INFO, 0, "%ld|%.3f|%.3f|%.3f|%.2f|%.2f|%.1e|%.1e|", n, 1e3 * tf,
                        1e3 * tt, 1e3 * td, td / tf, 1e3 * tc, krylov_tridiag_error_estimate(K),
                        diff);
        krylov_tridiag_destroy(K);
        free(d); free(s); free(u); free(g); free(x); free(y); free(yd);
    }
    if (cross)
        checker_row(c, ROW_INFO, 0, "crossover|-|-|-|-|-|-|-|fast K x beats dgemv from n = %ld", cross);
    else
        checker_row(c, ROW_INFO, 0, "crossover|-|-|-|-|-|-|-|fast K x never beat dgemv up to n = 2^%d (dense formed up to 2^%ld)",
                    hi, dense_max_log < hi ? dense_max_log : (long)hi);
}

int main(int argc, char **argv)
{
    static const checker_option_t opts[] = {
        {"--max-log", &max_log, "largest n = 2^k (k <= 16)"},
        {"--dense-max-log", &dense_max_log, "largest n = 2^k for the dense baselines"},
        {"--budget-ms", &budget_ms, "skip fast cells whose estimated time exceeds this"},
        {NULL, NULL, NULL}};
    static const checker_info_t info = {
        "krylov_fast_multiply", "Speed of the fast LDR-SD multiply against dense OpenBLAS",
        "papers/thomas2018_ldr_learned_operators.txt, Theorem 1 and 'Algorithms for LDR-SD' "
        "(3.34-46.06x for n >= 4096)",
        "Median times of (a) the fast LDR-SD layer multiply, (b) the precomputed dense "
        "Krylov-product matrix with OpenBLAS, (c) an unstructured dense matrix with OpenBLAS.",
        opts};
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    if (max_log < 8 || max_log > MAXN_LOG)
        return checker_fail(&c, "--max-log %ld: must be in 8..%d", max_log, MAXN_LOG);
    bench_state = c.seed;
    /* One thread for OpenBLAS too: the fast code is single-threaded, and OpenBLAS's idle
     * threads spin-wait after each call, stealing the second core from it (measured 3-4x
     * slowdowns of the fast cells that follow a dgemm on this 2-core machine). */
    openblas_set_num_threads(1);
    int lo = 8, hi = c.quick ? 10 : (int)max_log, nr = c.quick ? 2 : NR, nb = c.quick ? 2 : NB;
    checker_param(&c, "sizes", "n = 2^%d .. 2^%d; dense baselines up to 2^%ld", lo, hi,
                  dense_max_log);
    checker_param(&c, "ranks r", "%s", c.quick ? "1, 4" : "1, 4, 16");
    checker_param(&c, "batches", "%s", c.quick ? "1, 32" : "1, 32, 256");
    checker_param(&c, "operators", "a_t, b_t ~ U[0.95, 1.05], corners 0.5; G, H, x ~ U[-1, 1]");
    checker_param(&c, "threads", "fast: 1 thread (FFTW_ESTIMATE plans); OpenBLAS: %d thread(s) "
                  "(single-core comparison)", openblas_get_num_threads());
    checker_param(&c, "timing", "process CPU time (all timed code single-threaded), median of 3-15 "
                  "runs after a warm-up (1 run when one takes > 0.5 s); "
                  "fast cells estimated above %ld ms are skipped", budget_ms);
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) == 3)
        checker_param(&c, "load average at start", "%.2f %.2f %.2f (2 cores; other jobs add noise)",
                      load[0], load[1], load[2]);
    if (!c.quick)
        measure_threshold(&c, 4096);
    checker_section(&c, "Median times (ms) and ratios",
                    "n|r|batch|(a) fast ms|(a) per vector ms|FFT floor per vector ms|(a)/floor|"
                    "(b) dense M ms|(c) unstructured ms|(b)/(a)|(c)/(a)|create ms|"
                    "create + (a) ms|(create + (a))/(a)|one-shot ms|one-shot/(a)|"
                    "first create of the shape ms|"
                    "max rel diff (a) vs (b)|note");
    static timings_t T;
    progress_t p;
    long done = 0;
    progress_start(&p, "krylov_fast_bench", (long)(hi - lo + 1) * nr * nb);
    for (int lg = lo; lg <= hi; lg++)
        sweep_n(&c, lg, batches, nb, ranks, nr, &T, &p, &done);
    progress_end(&p);
    summarize(&c, &T, lo, hi, ranks, nr, batches, nb);
    targets(&c, &T, lo, hi, ranks, nr, batches, nb);
    if (!c.quick && dense_max_log >= 12 && max_log >= 12)
        measure_plans(&c);
    write_plot(&c, &T, lo, hi, nr);
    tridiag_rows(&c, lo, c.quick ? 10 : (int)(max_log < 14 ? max_log : 14));
    checker_note(&c, "Batched layer (krylov_fast_batch.c): a batch runs in chunks of "
                 "krylov_fast_ldr_chunk vectors, one FFTW advanced-interface plan per level per "
                 "chunk; plans and workspace are cached per process per shape, so 'create' is "
                 "the per-step set-up (operator part O(n log n); generator part per level the "
                 "spectra of r n/2h zero-padded polynomials, two per complex transform of half "
                 "length) and 'first create of the shape' includes the planning.  'FFT floor' is the time of exactly the transforms the multiply "
                 "executes (same plans, no products, copies or direct convolutions): per level "
                 "and side n/2h block transforms of length 2h per vector plus r transforms of "
                 "length 2h per vector; with corners the top level (h = n/2) and the corner run "
                 "together as 2 + 2r transforms of length n per vector and side (instead of "
                 "1 + r of length n and 1 + r of length 2n: the corner's product split into "
                 "halves, every piece a product of length-n/2 polynomials; krylov_fast_batch.c). "
                 "The columns (a)/floor show how much the pointwise spectrum products (r per "
                 "block and level), copies and the direct levels (h < 16) add.");
    checker_note(&c, "What limits the batched speed-up: the block transforms are input-dependent "
                 "(the bottom-up U0 blocks and the top-down correlation outputs change with every "
                 "vector), so batching amortises only plan overhead and the generator spectra: "
                 "the per-vector cost of (a) is flat in the batch (chunks of 1..32 vectors "
                 "measured within noise of each other), while dense dgemm gets cheaper per vector "
                 "as the batch grows, so (c)/(a) falls with the batch.  The per-vector floor is "
                 "the O(n log^2 n) transform work; what (a) adds on top of it (column (a)/floor) "
                 "is, in decreasing order in a perf profile at n = 4096, r = 1: the pointwise "
                 "spectrum products and the copies into the FFT buffers of the FFT levels, the "
                 "direct levels, the merged top level + corner products, the reversal of x; "
                 "none of it is a transpose (the block spectra are produced and consumed in "
                 "FFTW's advanced-interface layout).  Column '(c)/floor' of the FFTW_MEASURE "
                 "section is the bound on (c)/(a) if everything but the transforms vanished. "
                 "FFTW_ESTIMATE plans (the main table) run the same transforms slower than "
                 "FFTW_MEASURE plans (planned once per shape and process).  Set-up: per level "
                 "the generator part transforms r zero-padded polynomials per block and side "
                 "(r n/2 complex points per side, as pairs x + iy of half length: FFTW_ESTIMATE "
                 "vectorizes complex transforms, not real ones), a batch-1 multiply n/2h real "
                 "block transforms of length 2h per pass plus r of length 2h, so from r = 4 on "
                 "the set-up transforms more points than the multiply; and the set-up writes "
                 "the r spectra per block and level that a batch-1 multiply reads once.  So "
                 "for r >= 4 create costs about one multiply, and the rows '(create + (a))/(a) "
                 "<= 2' (targets, FFTW_MEASURE section) fall on either side of the line from "
                 "run to run (NOTES.md, section 2.3); 'set generators' (operators unchanged) "
                 "saves only the O(n log n) operator part.  'one-shot' is the same create + "
                 "batch-1 multiply in one call (krylov_fast_ldr_apply, bitwise the same result): "
                 "its sides keep no level spectra, each level's are formed inside the multiply, "
                 "one generator at a time, right before they are used, so they are never written "
                 "to memory and read back (the same transforms: krylov_fft_count.md, one-shot "
                 "section); the rows 'one-shot/(a) <= 2' read the issue's bound for parameters "
                 "used once.");
    checker_note(&c, "Set-up targets ('(create + (a))/(a) <= 2' in the targets and the FFTW_MEASURE "
                 "section, and the one-shot rows) are measured in interleaved pairs, create + (a) "
                 "(or the one-shot) then (a), 9 to 41 of "
                 "them: the value is the median of the per-pair ratios with its quartiles in "
                 "brackets, and 'met' is yes or no only when both quartiles are on the same side "
                 "of 2 (otherwise 'at the line').  The main table's '(create + (a))/(a)' column "
                 "divides two separately measured medians.");
    checker_note(&c, "(b) and (c) have the same cost (a dense n x n product does not depend on "
                 "the values); (b) additionally cross-checks the fast result (max rel diff column). "
                 "Dense baselines above n = 2^%ld are not formed (8 n^2 bytes each: 8.6 GB at "
                 "n = 2^15).", dense_max_log);
    return checker_finish(&c);
}
