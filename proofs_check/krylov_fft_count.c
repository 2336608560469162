/* krylov_fft_count -- Thomas et al. 2018, Theorem 1: "K(A, g)^T or K(A, g) can be multiplied
 * by any vector x by computing 8 log2(n) batched FFTs, each of total size 2n" (a batched FFT
 * of k transforms of size m has total size k m), counted in our fast multiply
 * (algebra/fast/krylov_fast*.c) with the FFT call counter of fast/fft_count.h.
 *
 * Where the implementation differs, and why (derivation in krylov_fast.c): bottom-up the
 * merges never shift the accumulated polynomial, so the block spectra of a level are summed
 * and ONE inverse transform per level suffices; top-down every node's dual vector is a prefix
 * of x, so ONE forward transform per level serves all blocks.  Everything that depends on g
 * alone is transformed once, when the operator is created.  Merges of block length
 * h < D (D = KRYLOV_FAST_DIRECT_BELOW = 8) are direct convolutions.  Hence, per multiply
 * (one vector, n = 2^k, F = max(0, k - log2 D) FFT levels, c = 1 if the corner f != 0 and
 * n >= max(2, D), else 0), the implementation's own count is
 *     calls      = 2F + 2c
 *     transforms = (n/D - 1 + F) [F > 0] + 2c       (per level n/2h blocks and one more)
 *     total size = (F n + 2n - 2D) [F > 0] + 4 n c   (per level n + 2h; the corner 2 x 2n)
 * and the operator set-up runs k block transforms of total size n and, with a corner,
 * one of size 2n.  The batched LDR-SD layer (krylov_fast_batch.c, D' = 16, F' = max(0,
 * k - 4), a chunk of c vectors, rank r) runs per chunk 4F' calls (two per Krylov factor and
 * level) of total size 2cn F' + 2cr(2n - 2D') plus, per side with a corner: for n >= 2D' the
 * top level and the corner run together in the top level's two calls, now of 2c and 2cr
 * transforms of length n (total size n(c + cr) more); for D' <= n < 2D' two more calls of
 * total size 2n(c + cr).  These closed forms are written here independently of the kernels
 * and compared with the counter exactly; the theorem's budget (at most 8 log2 n calls, each
 * of total size at most 2n, set-up included) is checked on the counts as well. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <flint/ulong_extras.h>

#include "report/checker.h"
#include "fast/fft_count.h"
#include "fast/krylov_fast.h"
#include "fast/krylov_fast_batch.h"

#define D_SINGLE KRYLOV_FAST_DIRECT_BELOW
#define D_BATCH 16

typedef struct {
    long calls, transforms, points;
} count3_t;

static long ilog2(long n)
{
    long k = 0;
    while ((1L << k) < n)
        k++;
    return k;
}

/* ---- the implementation's count formulas (closed forms, see the header) */
static count3_t formula_multiply(long n, long D, int corner)
{
    long k = ilog2(n), F = k - ilog2(D) > 0 ? k - ilog2(D) : 0;
    int c = corner && n >= 2 && n >= D;
    count3_t f = {2 * F + 2 * c, 2 * c, 4 * n * c};
    if (F > 0) {
        f.transforms += n / D - 1 + F;
        f.points += F * n + 2 * n - 2 * D;
    }
    return f;
}

static count3_t formula_setup(long n, int corner)
{
    long k = ilog2(n);
    int c = corner && n >= 2;
    count3_t f = {k + c, n - 1 + c, k * n + 2 * n * c};
    return f;
}

static count3_t formula_layer(long n, long r, long chunk, int fa, int fb)
{
    long k = ilog2(n), F = k - ilog2(D_BATCH) > 0 ? k - ilog2(D_BATCH) : 0;
    count3_t f = {4 * F, 0, 0};
    if (F > 0) {
        f.transforms = 2 * chunk * (n / D_BATCH - 1) + 2 * chunk * r * F;
        f.points = 2 * chunk * n * F + 2 * chunk * r * (2 * n - 2 * D_BATCH);
    }
    int sides = (fa && n >= D_BATCH) + (fb && n >= D_BATCH);
    if (n >= 2 * D_BATCH) { /* corner merged with the top level: its 2 calls, all at length n */
        f.transforms += sides * (chunk + chunk * r);
        f.points += sides * n * (chunk + chunk * r);
    } else {
        f.calls += 2 * sides;
        f.transforms += sides * (chunk + chunk * r);
        f.points += sides * 2 * n * (chunk + chunk * r);
    }
    return f;
}

static int equal3(count3_t a, const fft_count_t *b)
{
    return a.calls == b->calls && a.transforms == b->transforms && a.points == b->points;
}

static void rand_vec(double *v, long len, flint_rand_t st, double lo, double hi)
{
    for (long t = 0; t < len; t++)
        v[t] = lo + (hi - lo) * (double)n_randint(st, 1000001) / 1e6;
}

static long max_log2(const checker_t *c) { return c->quick ? 10 : 14; }

/* ---- section 1: single K(A, g) multiplies */
typedef struct {
    fft_count_t setup, mul, mult;
    int ok;
} single_counts_t;

static single_counts_t count_single(long n, long D, double corner, flint_rand_t st)
{
    single_counts_t s = {.ok = 0};
    double *a = malloc(sizeof(double) * (size_t)n), *g = malloc(sizeof(double) * (size_t)n);
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    rand_vec(a, n, st, 0.5, 1.5);
    rand_vec(g, n, st, -1.0, 1.0);
    rand_vec(x, n, st, -1.0, 1.0);
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    if (p) {
        krylov_fast_plan_set_direct_below(p, D);
        fft_count_start(&s.setup);
        krylov_fast_op_t *K = krylov_fast_op_create(p, a, n - 1, corner, g, n);
        fft_count_stop();
        if (K) {
            fft_count_start(&s.mul);
            int e1 = krylov_fast_mul(K, y, x, 1);
            fft_count_start(&s.mult);
            int e2 = krylov_fast_mul_transpose(K, y, x, 1);
            fft_count_stop();
            s.ok = e1 == 0 && e2 == 0;
            krylov_fast_op_destroy(K);
        }
        krylov_fast_plan_destroy(p);
    }
    free(a), free(g), free(x), free(y);
    return s;
}

static void cell_single(checker_t *c)
{
    checker_section(c, "Single multiplies: counted FFTs vs the implementation's formula",
                    "product|n|corner|batched FFTs (calls)|transforms|total size|longest "
                    "transform|formula (calls / transforms / total size)|claim");
    for (long k = 0; k <= max_log2(c); k++)
        for (int corner = 0; corner <= 1; corner++) {
            long n = 1L << k;
            single_counts_t s = count_single(n, D_SINGLE, corner ? 0.75 : 0.0, c->rand);
            count3_t f = formula_multiply(n, D_SINGLE, corner);
            for (int t = 0; t < 2; t++) {
                const fft_count_t *m = t ? &s.mult : &s.mul;
                const char *prod = t ? "K(A, g)^T x" : "K(A, g) x";
                if (!s.ok) {
                    checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%d|-|-|-|-|-|multiply failed", prod,
                                n, corner);
                    continue;
                }
                checker_row(c, ROW_POSITIVE, equal3(f, m),
                            "%s|%ld|%d|%ld|%ld|%ld|%ld|%ld / %ld / %ld|= formula", prod, n,
                            corner, m->calls, m->transforms, m->points, m->max_len, f.calls,
                            f.transforms, f.points);
            }
            if (s.ok) {
                count3_t fs = formula_setup(n, corner);
                checker_row(c, ROW_POSITIVE, equal3(fs, &s.setup),
                            "set-up (op_create)|%ld|%d|%ld|%ld|%ld|%ld|%ld / %ld / %ld|= formula",
                            n, corner, s.setup.calls, s.setup.transforms, s.setup.points,
                            s.setup.max_len, fs.calls, fs.transforms, fs.points);
            }
        }
    checker_note(c, "One vector per multiply (chunk 1), direct convolution below block length "
                    "%d, operator with a random subdiagonal in [0.5, 1.5] and corner f = 0.75 or "
                    "0.  'formula' is the closed form of the table's header, written in the "
                    "checker independently of the kernels.", D_SINGLE);
}

/* ---- section 2: Theorem 1's budget */
static void cell_budget(checker_t *c)
{
    checker_section(c, "Theorem 1's budget: set-up + one multiply within 8 log2 n batched FFTs "
                    "of total size <= 2n",
                    "product|n|corner|calls (set-up + multiply)|theorem's calls 8 log2 n|largest "
                    "batched FFT (total size)|2n|claim");
    for (long k = 1; k <= max_log2(c); k++) {
        long n = 1L << k;
        single_counts_t s = count_single(n, D_SINGLE, 0.75, c->rand);
        for (int t = 0; t < 2; t++) {
            const fft_count_t *m = t ? &s.mult : &s.mul;
            const char *prod = t ? "K(A, g)^T x" : "K(A, g) x";
            if (!s.ok) {
                checker_row(c, ROW_SKIPPED, 0, "%s|%ld|1|-|-|-|-|multiply failed", prod, n);
                continue;
            }
            long calls = s.setup.calls + m->calls;
            long big = s.setup.max_total > m->max_total ? s.setup.max_total : m->max_total;
            checker_row(c, ROW_POSITIVE, calls <= 8 * k && big <= 2 * n,
                        "%s|%ld|1|%ld|%ld|%ld|%ld|calls <= 8 log2 n, each total <= 2n", prod, n,
                        calls, 8 * k, big, 2 * n);
        }
    }
    checker_note(c, "With the corner (the larger count).  The theorem's algorithm recomputes the "
                    "g-dependent polynomials in every multiply; ours computes them once at set-up, "
                    "so both are counted here.  The multiply alone runs 2 per FFT level (plus 2 "
                    "for the corner), about a quarter of the theorem's calls, and its batched "
                    "FFTs have total size n + 2h or 2n instead of 2n each.");
}

/* ---- section 3: negative controls */
static void cell_controls(checker_t *c)
{
    checker_section(c, "Negative controls: wrong claims about the counted FFTs",
                    "wrong claim|n|counted (calls / transforms / total size)|claimed|claim");
    for (long k = 4; k <= max_log2(c); k += 3) {
        long n = 1L << k;
        /* (a) FFT at every level (threshold 1) claimed to count as the default threshold */
        single_counts_t s1 = count_single(n, 1, 0.0, c->rand);
        count3_t f8 = formula_multiply(n, D_SINGLE, 0), f1 = formula_multiply(n, 1, 0);
        if (!s1.ok)
            checker_row(c, ROW_SKIPPED, 0, "threshold 1 counted as threshold %d|%ld|-|-|multiply "
                        "failed", D_SINGLE, n);
        else {
            checker_row(c, ROW_POSITIVE, equal3(f1, &s1.mul),
                        "(positive twin) threshold 1 = formula at D = 1|%ld|%ld / %ld / %ld|%ld "
                        "/ %ld / %ld|= formula", n, s1.mul.calls, s1.mul.transforms,
                        s1.mul.points, f1.calls, f1.transforms, f1.points);
            checker_row(c, ROW_NEGATIVE, equal3(f8, &s1.mul),
                        "K x with FFTs at every level (threshold 1) counts as with threshold "
                        "%d|%ld|%ld / %ld / %ld|%ld / %ld / %ld|= claimed", D_SINGLE, n,
                        s1.mul.calls, s1.mul.transforms, s1.mul.points, f8.calls,
                        f8.transforms, f8.points);
        }
        /* (b) the corner claimed to cost no transform */
        single_counts_t sc = count_single(n, D_SINGLE, 0.75, c->rand);
        if (!sc.ok)
            checker_row(c, ROW_SKIPPED, 0, "corner free|%ld|-|-|multiply failed", n);
        else
            checker_row(c, ROW_NEGATIVE, equal3(f8, &sc.mul),
                        "the corner f = 0.75 adds no FFT (count of f = 0)|%ld|%ld / %ld / "
                        "%ld|%ld / %ld / %ld|= claimed", n, sc.mul.calls, sc.mul.transforms,
                        sc.mul.points, f8.calls, f8.transforms, f8.points);
        /* (c) the theorem's count taken literally: exactly 8 log2 n calls of total size 2n */
        if (sc.ok) {
            long calls = sc.setup.calls + sc.mul.calls;
            checker_row(c, ROW_NEGATIVE, calls == 8 * k && sc.mul.points == 8 * k * 2 * n,
                        "set-up + K x run exactly the theorem's 8 log2 n FFTs of total size "
                        "2n|%ld|%ld calls, %ld in the multiply|%ld calls, %ld|= claimed", n,
                        calls, sc.mul.points, 8 * k, 8 * k * 2 * n);
        }
    }
}

/* ---- section 4: the batched LDR-SD layer and the benchmark's FFT floor */
static int layer_count(long n, long r, long batch, int corner, flint_rand_t st, fft_count_t *mul,
                       fft_count_t *floor_, long *chunk)
{
    double *a = malloc(sizeof(double) * (size_t)n), *b = malloc(sizeof(double) * (size_t)n);
    double *G = malloc(sizeof(double) * (size_t)(n * r)), *H = malloc(sizeof(double) * (size_t)(n * r));
    double *X = malloc(sizeof(double) * (size_t)(n * batch));
    double *Y = malloc(sizeof(double) * (size_t)(n * batch));
    rand_vec(a, n, st, 0.5, 1.5);
    rand_vec(b, n, st, 0.5, 1.5);
    rand_vec(G, n * r, st, -1.0, 1.0);
    rand_vec(H, n * r, st, -1.0, 1.0);
    rand_vec(X, n * batch, st, -1.0, 1.0);
    double f = corner ? 0.75 : 0.0;
    int ok = 0;
    krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, f, b, f, G, H, 0);
    if (L) {
        *chunk = krylov_fast_ldr_chunk(L, batch);
        fft_count_start(mul);
        ok = krylov_fast_ldr_mul(L, Y, X, batch) == 0;
        fft_count_stop();
        const kfb_plans_t *P = kfb_plans_get(n, *chunk, r, 0);
        if (P) {
            fft_count_start(floor_);
            kfb_run_ffts_only(P, corner, 1);
            fft_count_stop();
        } else
            ok = 0;
        krylov_fast_ldr_destroy(L);
    }
    free(a), free(b), free(G), free(H), free(X), free(Y);
    return ok;
}

static void cell_layer(checker_t *c)
{
    checker_section(c, "LDR-SD layer M x (batched kernels): counted vs formula, and the "
                    "benchmark's FFT floor",
                    "n|r|batch (chunk)|corners|calls|transforms|total size|formula (calls / "
                    "transforms / total size)|floor = multiply|claim");
    static const long ranks[] = {1, 4}, batches[] = {1, 8};
    for (long k = 2; k <= max_log2(c); k += 2)
        for (int ri = 0; ri < 2; ri++)
            for (int bi = 0; bi < 2; bi++)
                for (int corner = 0; corner <= 1; corner++) {
                    long n = 1L << k, r = ranks[ri], batch = batches[bi], chunk = 0;
                    fft_count_t m, fl;
                    if (!layer_count(n, r, batch, corner, c->rand, &m, &fl, &chunk)) {
                        checker_row(c, ROW_SKIPPED, 0, "%ld|%ld|%ld|%d|-|-|-|-|-|layer multiply "
                                    "failed", n, r, batch, corner);
                        continue;
                    }
                    count3_t f = formula_layer(n, r, chunk, corner, corner);
                    long chunks = batch / chunk; /* batch and chunk are powers of two */
                    count3_t fb = {f.calls * chunks, f.transforms * chunks, f.points * chunks};
                    int fl_eq = fl.calls * chunks == m.calls && fl.points * chunks == m.points;
                    checker_row(c, ROW_POSITIVE, equal3(fb, &m) && fl_eq,
                                "%ld|%ld|%ld (%ld)|%d|%ld|%ld|%ld|%ld / %ld / %ld|%s|= formula",
                                n, r, batch, chunk, 2 * corner, m.calls, m.transforms, m.points,
                                fb.calls, fb.transforms, fb.points, fl_eq ? "yes" : "NO");
                }
    checker_note(c, "Per chunk of c vectors: 4 batched FFTs per level with block length >= %d "
                    "(two per Krylov factor: the block transforms of all c vectors in one call, "
                    "the r rank vectors in another), whatever r; with a corner and n >= %d the "
                    "top level's two calls also carry the corner, at length n (2c and 2cr "
                    "transforms); the theorem's count for the layer is 2r Krylov multiplies of "
                    "8 log2 n each.  'floor = multiply': "
                    "kfb_run_ffts_only (the FFT floor column of krylov_fast_multiply.md) runs "
                    "the same calls and total size as the multiply, per chunk.", D_BATCH, 2 * D_BATCH);
}

/* ---- section 4b: the one-shot product (krylov_fast_ldr_apply) runs the transforms of
 * create + multiply, only in another order (a lazy side forms each level's spectra inside the
 * multiply, one call per generator). */
static int same_transforms(const fft_count_t *a, const fft_count_t *b)
{
    if (a->transforms != b->transforms || a->points != b->points)
        return 0;
    for (int j = 0; j < FFT_COUNT_MAX_LOG2; j++)
        if (a->by_log2[j] != b->by_log2[j])
            return 0;
    return 1;
}

static void cell_oneshot(checker_t *c)
{
    checker_section(c, "One-shot product (krylov_fast_ldr_apply) vs create + multiply, batch 1",
                    "n|r|corners|create + multiply (calls / transforms / total size)|one-shot "
                    "(calls / transforms / total size)|claim");
    static const long ranks[] = {1, 3};
    for (long k = 4; k <= max_log2(c); k += 2)
        for (int ri = 0; ri < 2; ri++)
            for (int corner = 0; corner <= 1; corner++) {
                long n = 1L << k, r = ranks[ri];
                double *a = malloc(sizeof(double) * (size_t)n);
                double *b = malloc(sizeof(double) * (size_t)n);
                double *G = malloc(sizeof(double) * (size_t)(n * r));
                double *H = malloc(sizeof(double) * (size_t)(n * r));
                double *X = malloc(sizeof(double) * (size_t)n);
                double *Y = malloc(sizeof(double) * (size_t)n);
                rand_vec(a, n, c->rand, 0.5, 1.5);
                rand_vec(b, n, c->rand, 0.5, 1.5);
                rand_vec(G, n * r, c->rand, -1.0, 1.0);
                rand_vec(H, n * r, c->rand, -1.0, 1.0);
                rand_vec(X, n, c->rand, -1.0, 1.0);
                double f = corner ? 0.75 : 0.0;
                fft_count_t both, mul, once;
                /* plan first, so that planning runs no counted transform */
                krylov_fast_ldr_t *L = krylov_fast_ldr_create(n, r, a, f, b, f, G, H, 0);
                int ok = L && krylov_fast_ldr_mul(L, Y, X, 1) == 0;
                krylov_fast_ldr_destroy(L);
                fft_count_start(&both);
                L = ok ? krylov_fast_ldr_create(n, r, a, f, b, f, G, H, 0) : NULL;
                ok = L && krylov_fast_ldr_mul(L, Y, X, 1) == 0;
                fft_count_stop();
                fft_count_start(&mul);
                ok = ok && krylov_fast_ldr_mul(L, Y, X, 1) == 0;
                fft_count_stop();
                krylov_fast_ldr_destroy(L);
                fft_count_start(&once);
                ok = ok && krylov_fast_ldr_apply(n, r, a, f, b, f, G, H, Y, X, 1, 0, 0) == 0;
                fft_count_stop();
                free(a), free(b), free(G), free(H), free(X), free(Y);
                if (!ok) {
                    checker_row(c, ROW_SKIPPED, 0, "%ld|%ld|%d|-|-|one-shot or create failed", n,
                                r, 2 * corner);
                    continue;
                }
                checker_row(c, ROW_POSITIVE, same_transforms(&both, &once),
                            "%ld|%ld|%d|%ld / %ld / %ld|%ld / %ld / %ld|same transforms (length "
                            "by length)", n, r, 2 * corner, both.calls, both.transforms,
                            both.points, once.calls, once.transforms, once.points);
                if (k >= 6) /* below, the set-up runs no transform: the claim would be true */
                    checker_row(c, ROW_NEGATIVE, same_transforms(&mul, &once),
                                "%ld|%ld|%d|%ld / %ld / %ld (multiply alone)|%ld / %ld / %ld|"
                                "control: the one-shot runs only the multiply's transforms", n, r,
                                2 * corner, mul.calls, mul.transforms, mul.points, once.calls,
                                once.transforms, once.points);
            }
    checker_note(c, "A one-shot product with a batch of one chunk keeps no level spectra: each "
                    "level's are formed inside the multiply, one generator at a time (two at "
                    "the top level without a corner), right before they are used (one call per "
                    "generator and level, where create batches up to all of a level's pairs in "
                    "a call, so the calls may differ at larger n); the transforms, their lengths and total size are those of create "
                    "+ multiply.  The control claims the set-up transforms were skipped.");
}

/* ---- section 5: measured log-log slope of time vs n */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds per K x (one vector, corner), median of 5 runs of enough repetitions */
static double time_multiply(long n, flint_rand_t st, int counting, int *ok)
{
    double *a = malloc(sizeof(double) * (size_t)n), *g = malloc(sizeof(double) * (size_t)n);
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    rand_vec(a, n, st, 0.5, 1.5);
    rand_vec(g, n, st, -1.0, 1.0);
    rand_vec(x, n, st, -1.0, 1.0);
    double best[5] = {0};
    *ok = 0;
    krylov_fast_plan_t *p = krylov_fast_plan_create(n, 1, 0);
    krylov_fast_op_t *K = p ? krylov_fast_op_create(p, a, n - 1, 0.75, g, n) : NULL;
    if (K) {
        fft_count_t cnt;
        long reps = 1;
        double t = 0.0;
        *ok = 1;
        while (*ok && t < 0.01 && reps < (1L << 24)) { /* at least 10 ms per measurement */
            reps *= 2;
            double t0 = cpu_seconds();
            for (long i = 0; i < reps && *ok; i++)
                *ok = krylov_fast_mul(K, y, x, 1) == 0;
            t = cpu_seconds() - t0;
        }
        if (counting)
            fft_count_start(&cnt);
        for (int s = 0; s < 5 && *ok; s++) {
            double t0 = cpu_seconds();
            for (long i = 0; i < reps && *ok; i++)
                *ok = krylov_fast_mul(K, y, x, 1) == 0;
            best[s] = (cpu_seconds() - t0) / (double)reps;
        }
        fft_count_stop();
        for (int i = 0; i < 5; i++) /* sort for the median */
            for (int j = i + 1; j < 5; j++)
                if (best[j] < best[i]) {
                    double tmp = best[i];
                    best[i] = best[j];
                    best[j] = tmp;
                }
    }
    krylov_fast_op_destroy(K);
    krylov_fast_plan_destroy(p);
    free(a), free(g), free(x), free(y);
    return best[2];
}

static void cell_slope(checker_t *c)
{
    checker_section(c, "Measured: log-log slope of the multiply's CPU time vs n",
                    "n range|sizes|~seconds per K x at the largest n|~slope of log time vs log "
                    "n|n log2 n would give|~counter on / off time at the largest n|claim");
    long lo = 8, hi = 14, m = hi - lo + 1;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, last = 0.0, on = 0.0;
    int ok = 1;
    for (long k = lo; k <= hi && ok; k++) {
        double t = time_multiply(1L << k, c->rand, 0, &ok);
        double lx = (double)k, ly = log2(t > 0 ? t : 1e-12);
        sx += lx, sy += ly, sxx += lx * lx, sxy += lx * ly;
        last = t;
    }
    if (ok)
        on = time_multiply(1L << hi, c->rand, 1, &ok);
    if (!ok) {
        checker_row(c, ROW_SKIPPED, 0, "2^%ld .. 2^%ld|-|-|-|-|-|a multiply failed", lo, hi);
        return;
    }
    double slope = ((double)m * sxy - sx * sy) / ((double)m * sxx - sx * sx);
    /* the slope of n log2 n over the same sizes, for comparison (exact arithmetic in double) */
    double ex = 0, exy = 0;
    for (long k = lo; k <= hi; k++) {
        double ly = (double)k + log2((double)k);
        ex += ly, exy += (double)k * ly;
    }
    double ref = ((double)m * exy - sx * ex) / ((double)m * sxx - sx * sx);
    checker_row(c, ROW_INFO, 1, "2^%ld .. 2^%ld|%ld|%.3g|%.3f|%.3f|%.2f|least squares", lo, hi, m,
                last, slope, ref, last > 0 ? on / last : 0.0);
    checker_note(c, "Process CPU time, FFTW_ESTIMATE plans, one vector with a corner; the median "
                    "of 5 measurements of at least 10 ms each per size; least squares over the "
                    "%ld sizes.  A measurement (not a verdict): the operation count "
                    "O(n log^2 n) of the multiply would give a slope a little above n log2 n's; "
                    "memory effects move it either way.  The last column is the time with the "
                    "FFT counter installed over the time without (the counter costs one branch "
                    "per batched FFT when off).", m);
}

static const checker_info_t info = {
    "krylov_fft_count",
    "Theorem 1's FFT count in the fast Krylov multiply",
    "papers/thomas2018_ldr_learned_operators.txt, Theorem 1 (8 log2(n) batched FFTs, each of "
    "total size 2n)",
    "Counts the batched FFTs (calls, transforms, total size) of the fast K(A, g) x, K(A, g)^T x,\n"
    "the operator set-up and the batched LDR-SD layer with the counter of fast/fft_count.h and\n"
    "compares them exactly with the implementation's closed-form count and with the theorem's\n"
    "budget, and the one-shot product's with create + multiply; negative controls: a threshold\n"
    "change, a corner and the theorem's literal count claimed to give the same count, and the\n"
    "one-shot claimed to run only the multiply's transforms.  Measured: the log-log slope of time\n"
    "vs n over 2^8..2^14.",
    NULL,
};

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    checker_param(&c, "sizes", "n = 2^k, k <= %ld (counts); 2^8 .. 2^14 (slope)", max_log2(&c));
    checker_param(&c, "direct convolution below", "block length %d (single), %d (batched layer)",
                  D_SINGLE, D_BATCH);
    static const checker_section_cell_t sections[] = {
        {"single", cell_single}, {"budget", cell_budget}, {"controls", cell_controls},
        {"layer", cell_layer},   {"oneshot", cell_oneshot}, {"slope", cell_slope},
    };
    if (checker_run_sections(&c, sections, 6, 1) != 0)
        return checker_fail(&c, "a section could not be computed or stored");
    return checker_finish(&c);
}
