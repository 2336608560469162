/* krylov_fast_batch.c -- batched rank-r kernels of the LDR-SD layer (see krylov_fast_batch.h;
 * the recursions (1)-(3) and their transposes are derived in krylov_fast.c).
 *
 * Bottom-up over a chunk of c vectors (w_{v,i} = K(A, g_i)^T u_v): per level, the right-half
 * U0 blocks of ALL vectors go through one forward plan (howmany = c n/2h); for each (v, i) the
 * block spectra times the precomputed LG_i spectra are summed over blocks (merging UG never
 * shifts it), and one plan inverts all c r sums.  Top-down (y_v = sum_i K_i w_{v,i}): one plan
 * transforms the c r prefixes w_{v,i}[0:2h]; the per-block sums over i of X conj(S) go through
 * one inverse plan (howmany = c n/2h).  Levels with block length h < KFB_DIRECT_BELOW
 * use direct convolution; with a corner (n >= 2 KFB_DIRECT_BELOW) the top level and the
 * corner's root product share their transforms (up_top_corner, down_top_corner).
 * kfb_run_ffts_only executes exactly the FFTs of a multiply. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3") /* the pointwise spectrum products are the hot loops */
#endif
#include "fast/krylov_fast_batch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fast/krylov_fast_internal.h"

/* Block length below which the batched kernels convolve directly (unrolled, constant h).
 * Manual runs at n = 4096, r = 1 and 4, batch 32 (under load): 4, 8, 16 and 32 within the
 * noise of each other (FFTs are 55-60% of the time either way); 16 kept. */
#ifndef KFB_DIRECT_BELOW
#define KFB_DIRECT_BELOW 16
#endif

struct kfb_plans {
    long n, c, r, levels;
    unsigned measure;
    double *rbuf;         /* 2n c r reals */
    fftw_complex *cbuf;   /* (n+1) c (r+1) */
    fftw_complex *xbuf;   /* (n/2+1) c r */
    double *xw;           /* c n */
    double *lu, *lw;      /* the layer's chunk buffers (kfb_chunk_buffers): c n and c r n */
    fftw_plan *blk_fwd, *blk_inv, *one_fwd, *one_inv; /* per level (NULL: direct) */
    fftw_plan *pair_fwd;  /* per level, set-up: pair_chunk pairs, each 2h / pair_sub complex
                           * transforms of length pair_sub, zin -> zout (pack_pair) */
    fftw_complex *zin, *zout; /* set-up transforms (pack_pair): max(KFB_PAIR_BUDGET, n) each */
    fftw_complex *lspec;  /* one generator's spectra of one level (lazy sides), n + 2 */
    fftw_complex *zodd;   /* the missing partner's output (n/2 + 1) */
    fftw_complex *tw;     /* tw[h + k] = exp(-i pi k / h), k < h, for every FFT level's h */
    fftw_plan root_fwd_c, root_inv_cr, root_fwd_cr, root_inv_c, root_pre; /* n < 2D only */
    fftw_plan cor_fwd_up, cor_inv_up, cor_fwd_dn, cor_inv_dn, cor_pair; /* top level + corner */
    struct kfb_plans *next;
};

static struct kfb_plans *plan_cache;

static long ilog2(long n)
{
    long l = 0;
    while ((1L << l) < n)
        l++;
    return l;
}

static fftw_plan r2c(long len, long howmany, double *in, fftw_complex *out, unsigned flags)
{
    int l = (int)len;
    return fftw_plan_many_dft_r2c(1, &l, (int)howmany, in, NULL, 1, l, out, NULL, 1, l / 2 + 1,
                                  flags);
}

static fftw_plan c2r(long len, long howmany, fftw_complex *in, double *out, unsigned flags)
{
    int l = (int)len;
    return fftw_plan_many_dft_c2r(1, &l, (int)howmany, in, NULL, 1, l / 2 + 1, out, NULL, 1, l,
                                  flags);
}

/* Forward complex transforms of length len (set-up only: pack_pair). */
static fftw_plan c2c_fwd(long len, long howmany, fftw_complex *in, fftw_complex *out,
                         unsigned flags)
{
    int l = (int)len;
    return fftw_plan_many_dft(1, &l, (int)howmany, in, NULL, 1, l, out, NULL, 1, l, FFTW_FORWARD,
                              flags);
}

/* Pairs of set-up sequences per transform call at level L (pack_pair): the packed inputs of
 * one call (2h complex per pair) stay within KFB_PAIR_BUDGET complex values, so that they and
 * the outputs are still in cache when split_pair reads them; a power of two dividing the
 * level's r nb / 2 pairs below the top level, one pair at the top (nb = 1). */
#define KFB_PAIR_BUDGET 4096
static long pair_chunk(long n, long L)
{
    long h = 1L << L, c = n / (4 * h);
    while (c > 1 && 2 * h * c > KFB_PAIR_BUDGET)
        c /= 2;
    return c > 1 ? c : 1;
}

/* Length of the set-up transforms for half length h (dif_stages).  FFTW_ESTIMATE plans of
 * complex transforms longer than KFB_SUB_MAX ran 1.5x (4096) to 3x (8192) slower than
 * FFTW_MEASURE ones on the bench machine, within 10% of them up to 2048; so with estimated
 * plans a pair's two length-h transforms become 2h / KFB_SUB_MAX ones of length KFB_SUB_MAX. */
#define KFB_SUB_MAX 2048
#define KFB_SUB_CLASSES 64 /* at most 2h / sub transforms per pair (h > 2^16: longer ones) */
static long pair_sub(const struct kfb_plans *P, long h)
{
    if (P->measure || h <= KFB_SUB_MAX)
        return h;
    return 2 * h / KFB_SUB_CLASSES > KFB_SUB_MAX ? 2 * h / KFB_SUB_CLASSES : KFB_SUB_MAX;
}

static struct kfb_plans *plans_create(long n, long c, long r, unsigned measure)
{
    unsigned flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    struct kfb_plans *P = calloc(1, sizeof *P);
    if (!P)
        return NULL;
    P->n = n, P->c = c, P->r = r, P->levels = ilog2(n), P->measure = measure;
    P->rbuf = fftw_alloc_real((size_t)(2 * n * c * r));
    P->cbuf = fftw_alloc_complex((size_t)((n + 2) * c * (r + 1)));
    P->xbuf = fftw_alloc_complex((size_t)((n / 2 + 1) * c * r));
    P->xw = fftw_alloc_real((size_t)(n * c));
    P->lu = fftw_alloc_real((size_t)(n * c));
    P->lw = fftw_alloc_real((size_t)(n * c * r));
    size_t lv = (size_t)P->levels + 1;
    P->blk_fwd = calloc(lv, sizeof(fftw_plan));
    P->blk_inv = calloc(lv, sizeof(fftw_plan));
    P->one_fwd = calloc(lv, sizeof(fftw_plan));
    P->one_inv = calloc(lv, sizeof(fftw_plan));
    P->pair_fwd = calloc(lv, sizeof(fftw_plan));
    P->tw = fftw_alloc_complex((size_t)n);
    long zlen = n > KFB_PAIR_BUDGET ? n : KFB_PAIR_BUDGET;
    P->zin = fftw_alloc_complex((size_t)zlen);
    P->zout = fftw_alloc_complex((size_t)zlen);
    P->lspec = fftw_alloc_complex((size_t)(n + 2));
    P->zodd = fftw_alloc_complex((size_t)(n / 2 + 1));
    if (!P->rbuf || !P->cbuf || !P->xbuf || !P->xw || !P->lu || !P->lw || !P->blk_fwd ||
        !P->blk_inv || !P->one_fwd || !P->one_inv || !P->pair_fwd || !P->tw || !P->zin ||
        !P->zout || !P->lspec || !P->zodd)
        return NULL; /* leaked on purpose: only on allocation failure, and the caller stops */
    /* set-up pairs: at most max(KFB_PAIR_BUDGET, n) complex in zin and zout (pair_chunk) */
    fftw_complex *zin = P->zin, *zout = P->zout;
    for (long L = 0; L < P->levels; L++) {
        long h = 1L << L, m = 2 * h, nb = n / m;
        if (h < KFB_DIRECT_BELOW)
            continue;
        P->blk_fwd[L] = r2c(m, nb * c, P->rbuf, P->cbuf, flags);
        P->blk_inv[L] = c2r(m, nb * c, P->cbuf, P->rbuf, flags);
        P->one_fwd[L] = r2c(m, c * r, P->rbuf, P->xbuf, flags);
        P->one_inv[L] = c2r(m, c * r, P->xbuf, P->rbuf, flags);
        long sub = pair_sub(P, h);
        P->pair_fwd[L] = c2c_fwd(sub, 2 * h / sub * pair_chunk(n, L), zin, zout, flags);
        for (long k = 0; k < h; k++) {
            P->tw[h + k][0] = cos(M_PI * (double)k / (double)h);
            P->tw[h + k][1] = -sin(M_PI * (double)k / (double)h);
        }
    }
    if (n >= 2 * KFB_DIRECT_BELOW) { /* the top level merged with the corner (kfb_up/down) */
        long hc = n / 2 + 1; /* spectra of length-n transforms */
        P->cor_fwd_up = r2c(n, 2 * c, P->rbuf, P->cbuf, flags);
        P->cor_inv_up = c2r(n, 2 * c * r, P->cbuf + 2 * c * hc, P->rbuf, flags);
        P->cor_fwd_dn = r2c(n, 2 * c * r, P->rbuf, P->cbuf, flags);
        P->cor_inv_dn = c2r(n, 2 * c, P->cbuf + 2 * c * r * hc, P->rbuf, flags);
        P->cor_pair = c2c_fwd(pair_sub(P, n / 2), n / pair_sub(P, n / 2), zin, zout, flags);
    } else if (n >= KFB_DIRECT_BELOW) {
        P->root_fwd_c = r2c(2 * n, c, P->rbuf, P->cbuf, flags);
        P->root_inv_cr = c2r(2 * n, c * r, P->cbuf + c * (n + 1), P->rbuf, flags);
        P->root_fwd_cr = r2c(2 * n, c * r, P->rbuf, P->cbuf, flags);
        P->root_inv_c = c2r(2 * n, c, P->cbuf + c * r * (n + 1), P->rbuf, flags);
        P->root_pre = r2c(2 * n, r, P->rbuf, P->cbuf, flags);
    }
    return P;
}

const kfb_plans_t *kfb_plans_get(long n, long c, long r, unsigned measure)
{
    measure = measure ? 1 : 0;
    for (struct kfb_plans *P = plan_cache; P; P = P->next)
        if (P->n == n && P->c == c && P->r == r && P->measure == measure)
            return P;
    /* 2 n c r doubles of FFT buffer: refuse sizes beyond 2^34 bytes before allocating */
    if (n < 1 || c < 1 || r < 1 || n > (1L << 26) || c > 4096 || r > 4096 ||
        (double)n * (double)c * (double)(r + 1) * 64.0 > 17179869184.0) {
        fprintf(stderr, "krylov_fast: workspace for n = %ld, chunk %ld, r = %ld too large\n", n,
                c, r);
        return NULL;
    }
    struct kfb_plans *P = plans_create(n, c, r, measure);
    if (!P) {
        fprintf(stderr, "krylov_fast: out of memory for the batched plans (n = %ld)\n", n);
        return NULL;
    }
    P->next = plan_cache;
    plan_cache = P;
    return P;
}

void kfb_chunk_buffers(const kfb_plans_t *P, double **u, double **w)
{
    *u = P->lu;
    *w = P->lw;
}

void kfb_run_ffts_only(const kfb_plans_t *P, int corner, long reps)
{
    for (long k = 0; k < reps; k++) {
        int merged = corner && P->cor_fwd_up; /* the top level runs with the corner */
        for (long L = 0; L < P->levels - merged; L++)
            if (P->blk_fwd[L]) {
                fft_count_execute(P->blk_fwd[L], 2L << L, (P->n >> (L + 1)) * P->c);
                fft_count_execute(P->one_inv[L], 2L << L, P->c * P->r);
                fft_count_execute(P->one_fwd[L], 2L << L, P->c * P->r);
                fft_count_execute(P->blk_inv[L], 2L << L, (P->n >> (L + 1)) * P->c);
            }
        if (merged) {
            fft_count_execute(P->cor_fwd_up, P->n, 2 * P->c);
            fft_count_execute(P->cor_inv_up, P->n, 2 * P->c * P->r);
            fft_count_execute(P->cor_fwd_dn, P->n, 2 * P->c * P->r);
            fft_count_execute(P->cor_inv_dn, P->n, 2 * P->c);
        }
        if (corner && P->root_fwd_c) {
            fft_count_execute(P->root_fwd_c, 2 * P->n, P->c);
            fft_count_execute(P->root_inv_cr, 2 * P->n, P->c * P->r);
            fft_count_execute(P->root_fwd_cr, 2 * P->n, P->c * P->r);
            fft_count_execute(P->root_inv_c, 2 * P->n, P->c);
        }
    }
}

/* ------------------------------------------------------------------ sides */
/* Side storage is one fftw_malloc block.  Freed blocks are parked (at most POOL_MAX per
 * process, each at most POOL_BLOCK_MAX bytes, together at most POOL_TOTAL_MAX: parking a
 * block evicts others round-robin until it fits) and reused by the next side of the same
 * (n, r): a layer that is destroyed and created again every training step then touches no
 * fresh pages (page faults cost more than the set-up arithmetic on this machine; at
 * n = 32768, r = 16 a side is 89 MB and its faults were twenty times the set-up). */
#define POOL_MAX 8
#define POOL_BLOCK_MAX (256.0 * 1048576.0)
#define POOL_TOTAL_MAX (512.0 * 1048576.0)
static struct { void *block; long n, r; int lazy; double bytes; } pool[POOL_MAX];
static int pool_next;
static double pool_bytes;

/* Spectra kept by a side, in complex values: every FFT level's (off_spec layout), or for a lazy
 * side only the top level's (read with the corner's, top_spec). */
static long side_spec(long n, long r, long lv, int lazy)
{
    return r * (lazy ? n / 2 + 1 : off_spec(n, lv)) + 1;
}

static size_t side_doubles(long n, long r, long lv, int lazy)
{
    /* ah, sw, ahpi2 | dsc | lsc | work | g | lg_root | spec, spec_root (2 per complex) */
    return (size_t)(3 * (off_scale(n, lv) + 1) + 2 * (off_half(n, lv) + n) + n + 2 * r * n +
                    2 * side_spec(n, r, lv, lazy) + 2 * r * (n + 1));
}

/* The top level's spectra (merged with the corner's: top_corner_spectra). */
static fftw_complex *top_spec(const kfb_side_t *S)
{
    return S->lazy ? S->spec : S->spec + off_spec(S->n, S->levels - 1) * S->r;
}

int kfb_side_alloc(kfb_side_t *S, long n, long r, int lazy)
{
    memset(S, 0, sizeof *S);
    S->n = n, S->r = r, S->levels = ilog2(n), S->lazy = lazy ? 1 : 0;
    long lv = S->levels;
    double *blk = NULL;
    for (int k = 0; k < POOL_MAX && !blk; k++)
        if (pool[k].block && pool[k].n == n && pool[k].r == r && pool[k].lazy == S->lazy) {
            blk = pool[k].block;
            pool[k].block = NULL;
            pool_bytes -= pool[k].bytes;
        }
    if (!blk && !(blk = fftw_alloc_real(side_doubles(n, r, lv, S->lazy))))
        return -1;
    /* complex arrays first (fftw_malloc alignment), then the reals */
    S->spec = (fftw_complex *)blk;
    S->spec_root = S->spec + side_spec(n, r, lv, S->lazy);
    double *d = (double *)(S->spec_root + r * (n + 1));
    S->ah = d, d += off_scale(n, lv) + 1;
    S->sw = d, d += off_scale(n, lv) + 1;
    S->ahpi2 = d, d += off_scale(n, lv) + 1;
    S->dsc = d, d += off_half(n, lv) + n;
    S->lsc = d, d += off_half(n, lv) + n;
    S->work = d, d += n;
    S->g = d, d += r * n;
    S->lg_root = d;
    return 0;
}

void kfb_side_free(kfb_side_t *S)
{
    if (S->spec) {
        double bytes = 8.0 * (double)side_doubles(S->n, S->r, S->levels, S->lazy);
        if (bytes > POOL_BLOCK_MAX) {
            fftw_free(S->spec);
        } else {
            for (;;) { /* a free slot and room in the total, else evict round-robin */
                int k = -1;
                for (int q = 0; q < POOL_MAX && k < 0; q++)
                    if (!pool[q].block) k = q;
                if (k >= 0 && pool_bytes + bytes <= POOL_TOTAL_MAX) {
                    pool[k].block = S->spec;
                    pool[k].n = S->n;
                    pool[k].r = S->r;
                    pool[k].lazy = S->lazy;
                    pool[k].bytes = bytes;
                    pool_bytes += bytes;
                    break;
                }
                while (!pool[pool_next].block) /* pool_bytes > 0 or no free slot: one is taken */
                    pool_next = (pool_next + 1) % POOL_MAX;
                fftw_free(pool[pool_next].block);
                pool[pool_next].block = NULL;
                pool_bytes -= pool[pool_next].bytes;
                pool_next = (pool_next + 1) % POOL_MAX;
            }
        }
    }
    memset(S, 0, sizeof *S);
}

/* One level of kfb_side_set_operator for block length H (a constant per instance; 0: the
 * runtime h): per block b, the right half's running scaling d is saved as the level's dsc
 * and multiplied by sw = a_h pi1; a_h times the left child's LG (g = 1) is the level's lsc,
 * and by (3) the block's LG is [LG2, a_h pi2 LG1]. */
#define OP_LEVEL(H)                                                                            \
    static void op_level_##H(long hr, long nb, const double *restrict ah,                     \
                             const double *restrict sw, const double *restrict ahpi2,          \
                             double *restrict d, double *restrict dl, double *restrict lg,     \
                             double *restrict ll)                                              \
    {                                                                                          \
        const long h = H ? H : hr;                                                             \
        for (long b = 0; b < nb; b++) {                                                        \
            double *db = d + b * 2 * h + h, *x = lg + b * 2 * h;                               \
            double *dlb = dl + b * h, *llb = ll + b * h;                                       \
            for (long k = 0; k < h; k++) {                                                     \
                double l1 = x[k];                                                              \
                dlb[k] = db[k];                                                                \
                db[k] *= sw[b];                                                                \
                llb[k] = ah[b] * l1;                                                           \
                x[k] = x[h + k];                                                               \
                x[h + k] = ahpi2[b] * l1;                                                      \
            }                                                                                  \
        }                                                                                      \
    }
OP_LEVEL(0)
OP_LEVEL(1)
OP_LEVEL(2)
OP_LEVEL(4)
OP_LEVEL(8)

/* pi (product of a block's internal subdiagonal entries) level by level, as in op_precompute,
 * and the scalings dsc: the bottom-up U0 = u^T R e_0 of every block is u times a diagonal that
 * depends on A only (by (2), a right half is scaled by a_h pi1 at each merge), so the passes
 * read u * dsc instead of carrying U0 (the same factors, associated differently: the values
 * agree with the sequential scaling to a relative O(log2(n) eps)).
 * The same holds for LG = e_last^T R g of a block of length m: by (3) its coefficient k is
 * g[base + m-1-k] times a product of a's (A only), so the recursion (3) is run ONCE here on
 * g = 1, giving the scalings lsc, and the generator part only multiplies (no recursion per
 * generator; again the same factors, associated differently). */
void kfb_side_set_operator(kfb_side_t *S, const double *a, double corner, int reversed)
{
    long n = S->n;
    double *pi = S->work;
    double *d = S->dsc + off_half(n, S->levels); /* running scaling, ends as the root's */
    double *lg = S->lsc + off_half(n, S->levels); /* LG for g = 1, ends as the root's */
    double pi2_top = 1.0;
    for (long t = 0; t < n; t++)
        pi[t] = d[t] = lg[t] = 1.0;
    for (long L = 0; L < S->levels; L++) {
        long h = 1L << L, m = 2 * h, nb = n / m, o = off_scale(n, L);
        for (long b = 0; b < nb; b++) { /* the couplings of the level's blocks */
            long t = b * m + h - 1;
            double ah = a[reversed ? n - 2 - t : t], pi1 = pi[2 * b], pi2 = pi[2 * b + 1];
            pi2_top = pi2; /* the last block processed is the root's */
            S->ah[o + b] = ah;
            S->sw[o + b] = ah * pi1;
            S->ahpi2[o + b] = ah * pi2;
            pi[b] = pi1 * ah * pi2;
        }
        double *dl = S->dsc + off_half(n, L), *ll = S->lsc + off_half(n, L);
        const double *ahl = S->ah + o, *swl = S->sw + o, *a2l = S->ahpi2 + o;
        if (h == 1)
            op_level_1(h, nb, ahl, swl, a2l, d, dl, lg, ll);
        else if (h == 2)
            op_level_2(h, nb, ahl, swl, a2l, d, dl, lg, ll);
        else if (h == 4)
            op_level_4(h, nb, ahl, swl, a2l, d, dl, lg, ll);
        else if (h == 8)
            op_level_8(h, nb, ahl, swl, a2l, d, dl, lg, ll);
        else
            op_level_0(h, nb, ahl, swl, a2l, d, dl, lg, ll);
    }
    S->pi2_top = n >= 2 ? pi2_top : 1.0;
    S->corner = corner;
    S->have_op = 1;
    S->have_gen = 0;
}

/* Set-up spectra.  Every generator spectrum is that of a length-h real sequence zero-padded to
 * length 2h (a_h LG_1 of a left child, or f LG_lo at the root), read off a block of g_i
 * backwards: x_k = s e[k] g[-k] (k < h; e: A-only scalings, s: a constant). */
typedef struct {
    const double *e, *g;
    double s;
} kfb_seq_t;

/* Two such sequences per complex transform, at half length.  With z = x + i y (zero from h on)
 * and w = exp(-i pi / h), the length-2h DFT Z of z has the even bins Z_2q = DFT_h(z)_q and the
 * odd bins Z_2q+1 = DFT_h(z w^k)_q; pack_pair writes both length-h inputs (z, then z w^k), and
 * after the transform split_pair separates X = (Z_j + conj Z_2h-j) / 2 and
 * Y = (Z_j - conj Z_2h-j) / 2i for j = 0..h (the 1/2 is folded into the inputs: scale s / 2).
 * One complex transform of length h per sequence instead of one real transform of length 2h
 * whose upper half is zero: about the same flops, but FFTW's complex codelets are vectorized
 * where its real ones are not (FFTW_ESTIMATE picks scalar r2c codelets), and the zero half is
 * never transformed. */
static void pack_pair(fftw_complex *restrict z, const fftw_complex *restrict tw, long h,
                      kfb_seq_t x, kfb_seq_t y)
{
    fftw_complex *restrict zw = z + h;
    double sx = 0.5 * x.s, sy = 0.5 * y.s;
    if (!y.e) { /* no partner: y = 0 */
        for (long k = 0; k < h; k++) {
            double re = sx * x.e[k] * x.g[-k];
            z[k][0] = re, z[k][1] = 0.0;
            zw[k][0] = re * tw[k][0], zw[k][1] = re * tw[k][1];
        }
        return;
    }
    for (long k = 0; k < h; k++) {
        double re = sx * x.e[k] * x.g[-k], im = sy * y.e[k] * y.g[-k];
        z[k][0] = re, z[k][1] = im;
        zw[k][0] = re * tw[k][0] - im * tw[k][1];
        zw[k][1] = re * tw[k][1] + im * tw[k][0];
    }
}

/* Radix-2 decimation in frequency of every block of z (2h complex, in blocks of length len:
 * h after pack_pair) down to blocks of length sub: a block y of length len becomes
 * [y_lo + y_hi, (y_lo - y_hi) W^k] (W = exp(-2 pi i / len), k < len/2), whose length-len/2
 * transforms are the even and the odd bins of y's.  So after the stages, the block p of length
 * sub holds the inputs of the bins j = D q + c of Z (D = 2h / sub), c = bitrev(p) over log2 D
 * bits (pack_pair itself is the first such split, of the zero-padded z of length 2h). */
static void dif_stages(fftw_complex *restrict z, long h, long len, long sub,
                       const fftw_complex *tw)
{
    for (; len > sub; len /= 2) {
        long half = len / 2;
        const fftw_complex *w = tw + half; /* W^k = exp(-i pi k / half) */
        for (long o = 0; o < 2 * h; o += len) {
            fftw_complex *lo = z + o, *hi = z + o + half;
            for (long k = 0; k < half; k++) {
                double dr = lo[k][0] - hi[k][0], di = lo[k][1] - hi[k][1];
                lo[k][0] += hi[k][0], lo[k][1] += hi[k][1];
                hi[k][0] = dr * w[k][0] - di * w[k][1];
                hi[k][1] = dr * w[k][1] + di * w[k][0];
            }
        }
    }
}

/* pack_pair followed by the first stage of dif_stages, in one pass (the same operations):
 * with za = z_k, zb = z_(k+h/2) (k < h/2), W_2h^(k+h/2) = -i W_2h^k and w = W_h^k, the four
 * blocks of length h/2 are [za + zb, (za - zb) w, za W_2h^k + zb W_2h^(k+h/2),
 * (za W_2h^k - zb W_2h^(k+h/2)) w].  A missing y (y.e == NULL) is zero. */
static void pack_pair_dif(fftw_complex *restrict z, const fftw_complex *restrict tw, long h,
                          kfb_seq_t x, kfb_seq_t y)
{
    long q = h / 2;
    double sx = 0.5 * x.s, sy = y.e ? 0.5 * y.s : 0.0;
    if (!y.e) /* read x again, times 0 */
        y = x;
    const fftw_complex *w2 = tw + h, *w1 = tw + q; /* W_2h^k, W_h^k */
    for (long k = 0; k < q; k++) {
        double ar = sx * x.e[k] * x.g[-k], ai = sy * y.e[k] * y.g[-k];
        double br = sx * x.e[q + k] * x.g[-q - k], bi = sy * y.e[q + k] * y.g[-q - k];
        double oar = ar * w2[k][0] - ai * w2[k][1], oai = ar * w2[k][1] + ai * w2[k][0];
        double obr = br * w2[q + k][0] - bi * w2[q + k][1];
        double obi = br * w2[q + k][1] + bi * w2[q + k][0];
        double dr = ar - br, di = ai - bi, er = oar - obr, ei = oai - obi;
        z[k][0] = ar + br, z[k][1] = ai + bi;
        z[q + k][0] = dr * w1[k][0] - di * w1[k][1], z[q + k][1] = dr * w1[k][1] + di * w1[k][0];
        z[h + k][0] = oar + obr, z[h + k][1] = oai + obi;
        z[h + q + k][0] = er * w1[k][0] - ei * w1[k][1];
        z[h + q + k][1] = er * w1[k][1] + ei * w1[k][0];
    }
}

/* The inputs of a pair's transforms of length sub (pack_pair, then dif_stages down to sub). */
static void pack_pair_sub(fftw_complex *z, const fftw_complex *tw, long h, long sub, kfb_seq_t x,
                          kfb_seq_t y)
{
    if (sub == h) {
        pack_pair(z, tw + h, h, x, y);
        return;
    }
    pack_pair_dif(z, tw, h, x, y);
    dif_stages(z, h, h / 2, sub, tw);
}

/* c reversed over log2(D) bits (D a power of two). */
static long bit_reverse(long c, long D)
{
    long r = 0;
    for (long b = 1; b < D; b *= 2, c >>= 1)
        r = 2 * r + (c & 1);
    return r;
}

/* One bin of split_pair: a = Z_j, b = Z_2h-j; x = a + conj b, y = -i (a - conj b). */
static inline void split_bin(const double *a, const double *b, double *x, double *y)
{
    x[0] = a[0] + b[0], x[1] = a[1] - b[1];
    y[0] = a[1] + b[1], y[1] = b[0] - a[0];
}

/* X, Y (bins 0..h) from the transformed pair z: D = 2h / sub blocks of length sub, block
 * bitrev(c) holding Z_(D q + c) at q (dif_stages).  The partner of j = D q + c is
 * 2h - j = D (sub - q) - c: class 0 at index sub - q (mod sub), class D - c at sub - q - 1.
 * Bins are written in order (q outer, c inner). */
static void split_pair(const fftw_complex *restrict z, long h, long sub,
                       fftw_complex *restrict X, fftw_complex *restrict Y)
{
    long D = 2 * h / sub;
    if (D == 2) { /* even bins z[0:h], odd bins z[h:2h] */
        const fftw_complex *E = z, *O = z + h;
        split_bin(E[0], E[0], X[0], Y[0]);
        split_bin(O[0], O[h - 1], X[1], Y[1]);
        for (long q = 1; q < h / 2; q++) {
            split_bin(E[q], E[h - q], X[2 * q], Y[2 * q]);
            split_bin(O[q], O[h - 1 - q], X[2 * q + 1], Y[2 * q + 1]);
        }
        split_bin(E[h / 2], E[h / 2], X[h], Y[h]);
        return;
    }
    const fftw_complex *A[KFB_SUB_CLASSES], *B[KFB_SUB_CLASSES]; /* Z_(Dq+c) = A[c][q] */
    for (long c = 0; c < D; c++) {                                 /* Z_(2h-Dq-c) = B[c][-q] */
        A[c] = z + bit_reverse(c, D) * sub;
        B[c] = z + bit_reverse((D - c) & (D - 1), D) * sub + (c ? sub - 1 : sub);
    }
    split_bin(z[0], z[0], X[0], Y[0]);
    for (long c = 1; c < D; c++)
        split_bin(A[c][0], B[c][0], X[c], Y[c]);
    for (long q = 1; q < sub / 2; q++)
        for (long c = 0; c < D; c++)
            split_bin(A[c][q], B[c][-q], X[D * q + c], Y[D * q + c]);
    split_bin(A[0][sub / 2], A[0][sub / 2], X[h], Y[h]);
}

/* Sequence t = i nb + b of level L: a_h LG_1 of block b's left child for generator i, / 2h
 * (FFTW's inverse is unnormalised; 1/2h is a power of two, so folding it in is exact). */
static kfb_seq_t level_seq(const kfb_side_t *S, long L, long t)
{
    long n = S->n, h = 1L << L, nb = n / (2 * h), i = t / nb, b = t % nb;
    return (kfb_seq_t){S->lsc + off_half(n, L) + b * h, S->g + i * n + b * 2 * h + h - 1,
                       1.0 / (double)(2 * h)};
}

/* Spectra of the sequences t0 <= t < t1 of level L into dst (sequence t at (t - t0)(h+1)),
 * paired consecutively (t, t+1), pair_chunk pairs per transform call; an odd last one has no
 * partner (only at the top level, for odd r).  t1 - t0: a multiple of 2 pair_chunk, or the
 * top level's. */
static void level_spectra_range(const kfb_side_t *S, const kfb_plans_t *P, long L, long t0,
                                long t1, fftw_complex *dst)
{
    long h = 1L << L, pc = pair_chunk(S->n, L), sub = pair_sub(P, h);
    kfb_seq_t none = {NULL, NULL, 0.0};
    for (long tc = t0; tc < t1; tc += 2 * pc) {
        for (long p = 0, t = tc; p < pc; p++, t += 2)
            pack_pair_sub(P->zin + 2 * p * h, P->tw, h, sub, level_seq(S, L, t),
                          t + 1 < t1 ? level_seq(S, L, t + 1) : none);
        fft_count_execute(P->pair_fwd[L], sub, 2 * h / sub * pc);
        for (long p = 0, t = tc; p < pc; p++, t += 2)
            split_pair(P->zout + 2 * p * h, h, sub, dst + (t - t0) * (h + 1),
                       t + 1 < t1 ? dst + (t + 1 - t0) * (h + 1) : P->zodd);
    }
}

/* The r nb spectra of level L. */
static void level_spectra(const kfb_side_t *S, const kfb_plans_t *P, long L)
{
    long n = S->n, r = S->r, nb = n / (2L << L);
    level_spectra_range(S, P, L, 0, r * nb, S->spec + off_spec(n, L) * r);
}

/* The spectra of level L for generators i0 <= i < i1: precomputed, or (lazy side) computed
 * now into the plans' buffer lspec (gen_step generators at a time), while still in cache. */
static const fftw_complex *gen_spectra(const kfb_side_t *S, const kfb_plans_t *P, long L,
                                       long i0, long i1)
{
    long n = S->n, nb = n / (2L << L), hc = (1L << L) + 1;
    if (!S->lazy)
        return S->spec + off_spec(n, L) * S->r + i0 * nb * hc;
    level_spectra_range(S, P, L, i0 * nb, i1 * nb, P->lspec);
    return P->lspec;
}

/* Generators per gen_spectra call: one, or two at the top level (pairs of sequences). */
static long gen_step(const kfb_side_t *S, long L)
{
    return S->lazy && S->n == 2L << L ? 2 : S->lazy ? 1 : S->r;
}

/* Top level and corner (n >= 2D): generator i pairs the top level's a_h LG_1 / n with the
 * corner's f LG_lo / n (LG_lo: the root's LG below z^(n/2), e = the root's lsc), both of
 * length n/2 at transform length n (up_top_corner). */
static void top_corner_spectra(const kfb_side_t *S, const kfb_plans_t *P)
{
    long n = S->n, r = S->r, h = n / 2, L = S->levels - 1, sub = pair_sub(P, h);
    const double *etop = S->lsc + off_half(n, L), *eroot = S->lsc + off_half(n, S->levels);
    fftw_complex *zin = P->zin, *zout = P->zout, *sp = top_spec(S);
    for (long i = 0; i < r; i++) {
        const double *gi = S->g + i * n;
        pack_pair_sub(zin, P->tw, h, sub, (kfb_seq_t){etop, gi + h - 1, 1.0 / (double)n},
                      (kfb_seq_t){eroot, gi + n - 1, S->corner / (double)n});
        fft_count_execute(P->cor_pair, sub, n / sub);
        split_pair(zout, h, sub, sp + i * (h + 1), S->spec_root + i * (h + 1));
    }
}

/* Small n with a corner (n < 2D): LG at the root and the spectra of f LG / 2n (length 2n). */
static void root_spectra(const kfb_side_t *S, const kfb_plans_t *P)
{
    long n = S->n, r = S->r;
    const double *eroot = S->lsc + off_half(n, S->levels);
    for (long i = 0; i < r; i++) {
        double *li = S->lg_root + i * n;
        const double *gi = S->g + i * n;
        for (long k = 0; k < n; k++)
            li[k] = eroot[k] * gi[n - 1 - k];
    }
    if (!P->root_pre) /* direct corner products */
        return;
    double sc = S->corner / (double)(2 * n);
    for (long i = 0; i < r; i++) {
        double *rb = P->rbuf + i * 2 * n;
        for (long k = 0; k < n; k++)
            rb[k] = sc * S->lg_root[i * n + k];
        memset(rb + n, 0, sizeof(double) * (size_t)n);
    }
    if (fftw_alignment_of((double *)S->spec_root) == fftw_alignment_of((double *)P->cbuf)) {
        fft_count_execute_r2c(P->root_pre, 2 * P->n, r, P->rbuf, S->spec_root);
    } else {
        fft_count_execute(P->root_pre, 2 * P->n, r);
        memcpy(S->spec_root, P->cbuf, sizeof(fftw_complex) * (size_t)(r * (n + 1)));
    }
}

/* The left-child polynomials a_h LG_1 = lsc * (reversed block of g_i): their spectra on the
 * FFT levels (one batched transform per level for all r generators, level_spectra; with a
 * corner the top level together with the corner's, top_corner_spectra).  The direct levels
 * keep nothing: their multiplies form a_h LG_1 from lsc and g as they go (left_child). */
void kfb_side_set_generators(kfb_side_t *S, const kfb_plans_t *P, const double *g, int reversed)
{
    long n = S->n, r = S->r;
    if (reversed)
        for (long i = 0; i < r; i++)
            for (long t = 0; t < n; t++)
                S->g[i * n + t] = g[i * n + n - 1 - t];
    else
        memcpy(S->g, g, sizeof(double) * (size_t)(r * n));
    int merged = S->corner != 0.0 && P->cor_pair; /* as in kfb_up / kfb_down */
    for (long L = 0; L < S->levels - merged && !S->lazy; L++)
        if (P->pair_fwd[L])
            level_spectra(S, P, L);
    if (merged)
        top_corner_spectra(S, P);
    else if (S->corner != 0.0 && n >= 2)
        root_spectra(S, P);
    S->have_gen = 1;
}

/* ------------------------------------------------------------------ bottom-up */

/* a_h LG_1 of a direct level's left child: lb[l] = e[l] g[-l] (e: the block's lsc, g: the last
 * entry of the child's block of g_i).  Formed in the multiply (h multiplications per block
 * against its h^2 multiply-adds), so the set-up writes nothing for the direct levels. */
static inline void left_child(double *restrict lb, const double *restrict e,
                              const double *restrict g, long h)
{
    for (long l = 0; l < h; l++)
        lb[l] = e[l] * g[-l];
}

/* Direct levels: every block product lands at the same coefficients (UG never shifts), so
 * the sum over blocks is accumulated in 2h-1 registers; H is a constant in each instance. */
#define UP_DIRECT(H)                                                                           \
    static void up_direct_##H(const kfb_side_t *S, long c, long L, const double *U,            \
                              double *W)                                                       \
    {                                                                                          \
        long n = S->n, r = S->r, nb = n / (2 * H);                                             \
        const double *d = S->dsc + off_half(n, L), *e = S->lsc + off_half(n, L);               \
        for (long v = 0; v < c; v++)                                                           \
            for (long i = 0; i < r; i++) {                                                     \
                const double *g = S->g + i * n, *u = U + v * n;                                \
                double s[2 * H] = {0};                                                         \
                for (long b = 0; b < nb; b++) {                                                \
                    const double *ub = u + b * 2 * H + H, *db = d + b * H;                     \
                    double lb[H];                                                              \
                    left_child(lb, e + b * H, g + b * 2 * H + H - 1, H);                       \
                    for (long k = 0; k < H; k++) {                                             \
                        double x = ub[k] * db[k];                                              \
                        for (long l = 0; l < H; l++)                                           \
                            s[k + l] += x * lb[l];                                             \
                    }                                                                          \
                }                                                                              \
                double *acc = W + (v * r + i) * n + 1;                                         \
                for (long k = 0; k < 2 * H - 1; k++)                                           \
                    acc[k] += s[k];                                                            \
            }                                                                                  \
    }
UP_DIRECT(1)
UP_DIRECT(2)
UP_DIRECT(4)
UP_DIRECT(8)
UP_DIRECT(16)

static void up_level_direct(const kfb_side_t *S, long c, long L, const double *U, double *W)
{
    long n = S->n, r = S->r, h = 1L << L, m = 2 * h, nb = n / m;
    if (h == 1)
        up_direct_1(S, c, L, U, W);
    else if (h == 2)
        up_direct_2(S, c, L, U, W);
    else if (h == 4)
        up_direct_4(S, c, L, U, W);
    else if (h == 8)
        up_direct_8(S, c, L, U, W);
    else if (h == 16)
        up_direct_16(S, c, L, U, W);
    else { /* only if KFB_DIRECT_BELOW is raised */
        const double *d = S->dsc + off_half(n, L), *e = S->lsc + off_half(n, L);
        double *lb = S->work; /* h <= n entries */
        for (long v = 0; v < c; v++)
            for (long i = 0; i < r; i++)
                for (long b = 0; b < nb; b++) {
                    left_child(lb, e + b * h, S->g + i * n + b * m + h - 1, h);
                    for (long k = 0; k < h; k++) {
                        double x = U[v * n + b * m + h + k] * d[b * h + k];
                        for (long l = 0; l < h; l++)
                            W[(v * r + i) * n + 1 + k + l] += x * lb[l];
                    }
                }
    }
}

static void up_level_fft(const kfb_side_t *S, const kfb_plans_t *P, long L, const double *U,
                         double *W)
{
    long n = S->n, r = S->r, c = P->c, h = 1L << L, m = 2 * h, nb = n / m;
    const double *d = S->dsc + off_half(n, L);
    for (long v = 0; v < c; v++)
        for (long b = 0; b < nb; b++) {
            double *rb = P->rbuf + (v * nb + b) * m;
            const double *ub = U + v * n + b * m + h, *db = d + b * h;
            for (long k = 0; k < h; k++)
                rb[k] = ub[k] * db[k];
            memset(rb + h, 0, sizeof(double) * (size_t)h);
        }
    fft_count_execute(P->blk_fwd[L], 2L << L, (P->n >> (L + 1)) * P->c);
    /* x_{v,i} = sum_b C_{v,b} S_{i,b}: each S_{i,b} is loaded once for all c vectors */
    long gs = gen_step(S, L), i0 = 0;
    const fftw_complex *sp = NULL;
    for (long i = 0; i < r; i++)
        for (long b = 0; b < nb; b++) {
            if (b == 0 && i % gs == 0)
                sp = gen_spectra(S, P, L, i0 = i, i + gs < r ? i + gs : r);
            const fftw_complex *s = sp + ((i - i0) * nb + b) * (h + 1);
            for (long v = 0; v < c; v++) {
                fftw_complex *x = P->xbuf + (v * r + i) * (h + 1);
                const fftw_complex *cb = P->cbuf + (v * nb + b) * (h + 1);
                if (b == 0) /* the first block writes (no zeroing pass) */
                    for (long j = 0; j <= h; j++) {
                        x[j][0] = cb[j][0] * s[j][0] - cb[j][1] * s[j][1];
                        x[j][1] = cb[j][0] * s[j][1] + cb[j][1] * s[j][0];
                    }
                else
                    for (long j = 0; j <= h; j++) {
                        x[j][0] += cb[j][0] * s[j][0] - cb[j][1] * s[j][1];
                        x[j][1] += cb[j][0] * s[j][1] + cb[j][1] * s[j][0];
                    }
            }
        }
    fft_count_execute(P->one_inv[L], 2L << L, P->c * P->r);
    for (long vi = 0; vi < c * r; vi++) {
        const double *rb = P->rbuf + vi * m;
        double *acc = W + vi * n + 1;
        for (long k = 0; k < m - 1; k++)
            acc[k] += rb[k];
    }
}

static void up_corner(const kfb_side_t *S, const kfb_plans_t *P, const double *U, double *W)
{
    long n = S->n, r = S->r, c = P->c, len = 2 * n;
    const double *d = S->dsc + off_half(n, S->levels); /* U0 at the root = u * d */
    if (!P->root_fwd_c) { /* small n: direct */
        for (long v = 0; v < c; v++)
            for (long i = 0; i < r; i++)
                for (long t = 0; t + 1 < n; t++)
                    for (long l = 0; t + l + 1 < n; l++)
                        W[(v * r + i) * n + t + l + 1] +=
                            U[v * n + t] * d[t] * S->corner * S->lg_root[i * n + l];
        return;
    }
    for (long v = 0; v < c; v++) {
        double *rb = P->rbuf + v * len;
        for (long t = 0; t < n; t++)
            rb[t] = U[v * n + t] * d[t];
        memset(rb + n, 0, sizeof(double) * (size_t)n);
    }
    fft_count_execute(P->root_fwd_c, 2 * P->n, P->c);
    fftw_complex *prod = P->cbuf + c * (n + 1);
    for (long v = 0; v < c; v++)
        for (long i = 0; i < r; i++) {
            const fftw_complex *x = P->cbuf + v * (n + 1), *s = S->spec_root + i * (n + 1);
            fftw_complex *o = prod + (v * r + i) * (n + 1);
            for (long j = 0; j <= n; j++) {
                o[j][0] = x[j][0] * s[j][0] - x[j][1] * s[j][1];
                o[j][1] = x[j][0] * s[j][1] + x[j][1] * s[j][0];
            }
        }
    fft_count_execute(P->root_inv_cr, 2 * P->n, P->c * P->r);
    for (long vi = 0; vi < c * r; vi++)
        for (long k = 1; k < n; k++)
            W[vi * n + k] += P->rbuf[vi * len + k - 1];
}

/* The top level (h = n/2, one block) and the corner together, at transform length n instead
 * of the corner's 2n.  With U0 = U0_1 + z^h U0_2' (halves of the root's U0; U0_2' = sw U0_2,
 * U0_2 the top level's right half) and LG = LG_lo + z^h LG_hi (lg_root; LG_hi = pi2 a_h LG_1,
 * a_h LG_1 the top level's left-child polynomial), below z^n
 *     top + corner = U0_2 a_h LG_1 + f U0_1 LG_lo  +  z^h f (U0_1 LG_hi + U0_2' LG_lo),
 * every product one of two length-h polynomials (exact at length n = 2h).  So per vector two
 * forward transforms of length n (U0_1, U0_2) and per (vector, generator) two inverses of
 * length n (the first sum, all its coefficients; the second, its low h), against the separate
 * forms' n + 2n forward and n + 2n inverse lengths.  The spectra of a_h LG_1 are the top
 * level's; those of f LG_lo are precomputed (spec_root). */
static void up_top_corner(const kfb_side_t *S, const kfb_plans_t *P, const double *U, double *W)
{
    long n = S->n, r = S->r, c = P->c, h = n / 2, hc = h + 1, L = S->levels - 1;
    const double *dtop = S->dsc + off_half(n, L), *droot = S->dsc + off_half(n, S->levels);
    double sw = S->sw[off_scale(n, L)], fp = S->corner * S->pi2_top;
    for (long v = 0; v < c; v++) {
        double *r1 = P->rbuf + v * n, *r2 = P->rbuf + (c + v) * n;
        const double *u = U + v * n;
        for (long k = 0; k < h; k++) {
            r1[k] = u[k] * droot[k];
            r2[k] = u[h + k] * dtop[k];
        }
        memset(r1 + h, 0, sizeof(double) * (size_t)h);
        memset(r2 + h, 0, sizeof(double) * (size_t)h);
    }
    fft_count_execute(P->cor_fwd_up, P->n, 2 * P->c);
    const fftw_complex *sp = top_spec(S);
    fftw_complex *out = P->cbuf + 2 * c * hc;
    for (long v = 0; v < c; v++) {
        const fftw_complex *X1 = P->cbuf + v * hc, *X2 = P->cbuf + (c + v) * hc;
        for (long i = 0; i < r; i++) {
            const fftw_complex *Si = sp + i * hc, *Ti = S->spec_root + i * hc;
            fftw_complex *M = out + (v * r + i) * hc, *B = out + (c * r + v * r + i) * hc;
            for (long j = 0; j < hc; j++) {
                double x1r = X1[j][0], x1i = X1[j][1], x2r = X2[j][0], x2i = X2[j][1];
                double sr = Si[j][0], si = Si[j][1], tr = Ti[j][0], ti = Ti[j][1];
                M[j][0] = x2r * sr - x2i * si + x1r * tr - x1i * ti;
                M[j][1] = x2r * si + x2i * sr + x1r * ti + x1i * tr;
                B[j][0] = fp * (x1r * sr - x1i * si) + sw * (x2r * tr - x2i * ti);
                B[j][1] = fp * (x1r * si + x1i * sr) + sw * (x2r * ti + x2i * tr);
            }
        }
    }
    fft_count_execute(P->cor_inv_up, P->n, 2 * P->c * P->r);
    for (long vi = 0; vi < c * r; vi++) {
        const double *m = P->rbuf + vi * n, *b = P->rbuf + (c * r + vi) * n;
        double *acc = W + vi * n + 1;
        for (long k = 0; k < n - 1; k++)
            acc[k] += m[k];
        for (long k = 0; k < h - 1; k++)
            acc[h + k] += b[k];
    }
}

void kfb_up(const kfb_side_t *S, const kfb_plans_t *P, const double *U, double *W)
{
    long n = S->n, r = S->r, c = P->c;
    memset(W, 0, sizeof(double) * (size_t)(c * r * n));
    for (long v = 0; v < c; v++) /* leaves: sum_t u_t g_t at z^0 */
        for (long i = 0; i < r; i++) {
            double d = 0.0;
            const double *gi = S->g + i * n, *u = U + v * n;
            for (long t = 0; t < n; t++)
                d += u[t] * gi[t];
            W[(v * r + i) * n] = d;
        }
    int merged = S->corner != 0.0 && P->cor_fwd_up; /* top level and corner together */
    for (long L = 0; L < S->levels - merged; L++) {
        if (P->blk_fwd[L])
            up_level_fft(S, P, L, U, W);
        else
            up_level_direct(S, c, L, U, W);
    }
    if (merged)
        up_top_corner(S, P, U, W);
    else if (S->corner != 0.0 && n >= 2)
        up_corner(S, P, U, W);
}

/* ------------------------------------------------------------------ top-down */
/* Direct levels: xW of the right children += the correlation of the shared prefix
 * w[0:2h] with each block's left-child polynomial (corr_direct), H constant per instance. */
#define DOWN_DIRECT(H)                                                                         \
    static void down_direct_##H(const kfb_side_t *S, long c, long L, const double *W,          \
                                double *XW)                                                    \
    {                                                                                          \
        long n = S->n, r = S->r, nb = n / (2 * H);                                             \
        const double *sw = S->sw + off_scale(n, L), *e = S->lsc + off_half(n, L);              \
        for (long v = 0; v < c; v++)                                                           \
            for (long b = 0; b < nb; b++) {                                                    \
                double t[H] = {0};                                                             \
                for (long i = 0; i < r; i++) {                                                 \
                    const double *x = W + (v * r + i) * n + 1;                                 \
                    double p[H];                                                               \
                    left_child(p, e + b * H, S->g + i * n + b * 2 * H + H - 1, H);             \
                    for (long k = 0; k < H; k++)                                               \
                        for (long l = 0; l < H; l++)                                           \
                            t[k] += x[k + l] * p[l];                                           \
                }                                                                              \
                double *xw = XW + v * n + b * 2 * H + H;                                       \
                for (long k = 0; k < H; k++)                                                   \
                    xw[k] = sw[b] * xw[k] + t[k];                                              \
            }                                                                                  \
    }
DOWN_DIRECT(1)
DOWN_DIRECT(2)
DOWN_DIRECT(4)
DOWN_DIRECT(8)
DOWN_DIRECT(16)

static void down_level_direct(const kfb_side_t *S, long c, long L, const double *W, double *XW)
{
    long n = S->n, r = S->r, h = 1L << L, m = 2 * h, nb = n / m;
    if (h == 1)
        down_direct_1(S, c, L, W, XW);
    else if (h == 2)
        down_direct_2(S, c, L, W, XW);
    else if (h == 4)
        down_direct_4(S, c, L, W, XW);
    else if (h == 8)
        down_direct_8(S, c, L, W, XW);
    else if (h == 16)
        down_direct_16(S, c, L, W, XW);
    else { /* only if KFB_DIRECT_BELOW is raised */
        const double *sw = S->sw + off_scale(n, L), *e = S->lsc + off_half(n, L);
        double *p = S->work, *t = S->work + h; /* 2h <= n scratch entries */
        for (long v = 0; v < c; v++)
            for (long b = 0; b < nb; b++) {
                for (long k = 0; k < h; k++)
                    t[k] = 0.0;
                for (long i = 0; i < r; i++) {
                    left_child(p, e + b * h, S->g + i * n + b * m + h - 1, h);
                    for (long k = 0; k < h; k++)
                        for (long l = 0; l < h; l++)
                            t[k] += W[(v * r + i) * n + 1 + k + l] * p[l];
                }
                for (long k = 0; k < h; k++) {
                    double *xw = XW + v * n + b * m + h + k;
                    *xw = sw[b] * *xw + t[k];
                }
            }
    }
}

static void down_level_fft(const kfb_side_t *S, const kfb_plans_t *P, long L, const double *W,
                           double *XW)
{
    long n = S->n, r = S->r, c = P->c, h = 1L << L, m = 2 * h, nb = n / m;
    const double *sw = S->sw + off_scale(n, L);
    for (long vi = 0; vi < c * r; vi++)
        memcpy(P->rbuf + vi * m, W + vi * n, sizeof(double) * (size_t)m);
    fft_count_execute(P->one_fwd[L], 2L << L, P->c * P->r);
    /* C_{v,b} = sum_i X_{v,i} conj(S_{i,b}) (correlation): each S_{i,b} loaded once */
    long gs = gen_step(S, L), i0 = 0;
    const fftw_complex *sp = NULL;
    for (long i = 0; i < r; i++)
        for (long b = 0; b < nb; b++) {
            if (b == 0 && i % gs == 0)
                sp = gen_spectra(S, P, L, i0 = i, i + gs < r ? i + gs : r);
            const fftw_complex *s = sp + ((i - i0) * nb + b) * (h + 1);
            for (long v = 0; v < c; v++) {
                const fftw_complex *X = P->xbuf + (v * r + i) * (h + 1);
                fftw_complex *o = P->cbuf + (v * nb + b) * (h + 1);
                if (i == 0) /* the first generator writes (no zeroing pass) */
                    for (long j = 0; j <= h; j++) {
                        o[j][0] = X[j][0] * s[j][0] + X[j][1] * s[j][1];
                        o[j][1] = X[j][1] * s[j][0] - X[j][0] * s[j][1];
                    }
                else
                    for (long j = 0; j <= h; j++) {
                        o[j][0] += X[j][0] * s[j][0] + X[j][1] * s[j][1];
                        o[j][1] += X[j][1] * s[j][0] - X[j][0] * s[j][1];
                    }
            }
        }
    fft_count_execute(P->blk_inv[L], 2L << L, (P->n >> (L + 1)) * P->c);
    for (long v = 0; v < c; v++)
        for (long b = 0; b < nb; b++) {
            const double *rb = P->rbuf + (v * nb + b) * m + 1;
            double *xw = XW + v * n + b * m + h, s = sw[b];
            for (long k = 0; k < h; k++)
                xw[k] = s * xw[k] + rb[k];
        }
}

static void down_corner(const kfb_side_t *S, const kfb_plans_t *P, const double *W, double *XW)
{
    long n = S->n, r = S->r, c = P->c, len = 2 * n;
    if (!P->root_fwd_cr) {
        for (long v = 0; v < c; v++)
            for (long k = 0; k < n; k++) {
                double s = 0.0;
                for (long i = 0; i < r; i++)
                    for (long l = 0; k + 1 + l < n; l++)
                        s += W[(v * r + i) * n + k + 1 + l] * S->corner * S->lg_root[i * n + l];
                XW[v * n + k] = s;
            }
        return;
    }
    for (long vi = 0; vi < c * r; vi++) {
        memcpy(P->rbuf + vi * len, W + vi * n, sizeof(double) * (size_t)n);
        memset(P->rbuf + vi * len + n, 0, sizeof(double) * (size_t)n);
    }
    fft_count_execute(P->root_fwd_cr, 2 * P->n, P->c * P->r);
    fftw_complex *tot = P->cbuf + c * r * (n + 1);
    for (long v = 0; v < c; v++) {
        fftw_complex *o = tot + v * (n + 1);
        memset(o, 0, sizeof(fftw_complex) * (size_t)(n + 1));
        for (long i = 0; i < r; i++) {
            const fftw_complex *X = P->cbuf + (v * r + i) * (n + 1), *s = S->spec_root + i * (n + 1);
            for (long j = 0; j <= n; j++) {
                o[j][0] += X[j][0] * s[j][0] + X[j][1] * s[j][1];
                o[j][1] += X[j][1] * s[j][0] - X[j][0] * s[j][1];
            }
        }
    }
    fft_count_execute(P->root_inv_c, 2 * P->n, P->c);
    for (long v = 0; v < c; v++)
        memcpy(XW + v * n, P->rbuf + v * len + 1, sizeof(double) * (size_t)n);
}

/* Transpose of up_top_corner: XW after the corner and the top level is, with w = W_i
 * (length n = 2h), w_hi = w[h:n] and corr(x, p)_j = sum_l x_{j+l} p_l (j = 1..h),
 *     XW[0:h] = sum_i corr(w, f LG_lo) + corr(w_hi, f LG_hi)
 *     XW[h:n] = sum_i corr(w, a_h LG_1) + corr(w_hi, sw f LG_lo),
 * all four correlations exact at length n: forward transforms of w (the top level's) and of
 * w_hi per (vector, generator), two inverses of length n per vector. */
static void down_top_corner(const kfb_side_t *S, const kfb_plans_t *P, const double *W,
                            double *XW)
{
    long n = S->n, r = S->r, c = P->c, h = n / 2, hc = h + 1, L = S->levels - 1;
    double sw = S->sw[off_scale(n, L)], fp = S->corner * S->pi2_top;
    for (long vi = 0; vi < c * r; vi++) {
        double *rz = P->rbuf + (c * r + vi) * n;
        memcpy(P->rbuf + vi * n, W + vi * n, sizeof(double) * (size_t)n);
        memcpy(rz, W + vi * n + h, sizeof(double) * (size_t)h);
        memset(rz + h, 0, sizeof(double) * (size_t)h);
    }
    fft_count_execute(P->cor_fwd_dn, P->n, 2 * P->c * P->r);
    const fftw_complex *sp = top_spec(S);
    fftw_complex *out = P->cbuf + 2 * c * r * hc;
    for (long v = 0; v < c; v++) {
        fftw_complex *lo = out + v * hc, *hi = out + (c + v) * hc;
        for (long i = 0; i < r; i++) {
            const fftw_complex *Y = P->cbuf + (v * r + i) * hc;
            const fftw_complex *Z = P->cbuf + (c * r + v * r + i) * hc;
            const fftw_complex *Si = sp + i * hc, *Ti = S->spec_root + i * hc;
            for (long j = 0; j < hc; j++) { /* X conj(S): correlation */
                double yr = Y[j][0], yi = Y[j][1], zr = Z[j][0], zi = Z[j][1];
                double sr = Si[j][0], si = Si[j][1], tr = Ti[j][0], ti = Ti[j][1];
                double lr = yr * tr + yi * ti + fp * (zr * sr + zi * si);
                double li = yi * tr - yr * ti + fp * (zi * sr - zr * si);
                double hr = yr * sr + yi * si + sw * (zr * tr + zi * ti);
                double hm = yi * sr - yr * si + sw * (zi * tr - zr * ti);
                if (i == 0) {
                    lo[j][0] = lr, lo[j][1] = li, hi[j][0] = hr, hi[j][1] = hm;
                } else {
                    lo[j][0] += lr, lo[j][1] += li, hi[j][0] += hr, hi[j][1] += hm;
                }
            }
        }
    }
    fft_count_execute(P->cor_inv_dn, P->n, 2 * P->c);
    for (long v = 0; v < c; v++) {
        memcpy(XW + v * n, P->rbuf + v * n + 1, sizeof(double) * (size_t)h);
        memcpy(XW + v * n + h, P->rbuf + (c + v) * n + 1, sizeof(double) * (size_t)h);
    }
}

void kfb_down(const kfb_side_t *S, const kfb_plans_t *P, const double *W, double *Y)
{
    long n = S->n, r = S->r, c = P->c;
    double *XW = P->xw;
    int merged = S->corner != 0.0 && P->cor_fwd_dn; /* corner and top level together */
    if (merged)
        down_top_corner(S, P, W, XW);
    else if (S->corner != 0.0 && n >= 2)
        down_corner(S, P, W, XW);
    else
        memset(XW, 0, sizeof(double) * (size_t)(c * n));
    for (long L = S->levels - 1 - merged; L >= 0; L--) {
        if (P->blk_inv[L])
            down_level_fft(S, P, L, W, XW);
        else
            down_level_direct(S, c, L, W, XW);
    }
    for (long v = 0; v < c; v++) { /* leaves: y_t = sum_i w_i[0] g_{i,t} + xW_t */
        double *y = Y + v * n;
        memcpy(y, XW + v * n, sizeof(double) * (size_t)n);
        for (long i = 0; i < r; i++) {
            double w0 = W[(v * r + i) * n];
            const double *gi = S->g + i * n;
            for (long t = 0; t < n; t++)
                y[t] += w0 * gi[t];
        }
    }
}
