/* krylov_fast_batch.h -- batched rank-r Krylov kernels behind the LDR-SD layer (internal: the
 * public layer API is in krylov_fast.h; experiments/krylov_fast_bench uses kfb_plans_get and
 * kfb_run_ffts_only for its FFT-floor column).
 *
 * A "side" is one subdiagonal (+ corner) operator A with r generators g_0..g_{r-1}; the two
 * passes of krylov_fast.c (bottom-up: w_i = K(A, g_i)^T u; top-down: y = sum_i K(A, g_i) w_i)
 * run here on a CHUNK of c vectors at once, level by level, with one FFTW advanced-interface
 * plan per level for the whole chunk (the n/2h blocks of all c vectors in one execute).
 *
 * What depends on what (the split behind cheap set-up):
 *   plans + workspace : (n, c, r) only -> kept in a per-process cache (kfb_plans_get), so
 *                       a layer whose parameters change every training step plans nothing;
 *   operator part     : (a, corner) -> per-level couplings a_h, a_h pi1, a_h pi2 (O(n));
 *   generator part    : (a, g_i)     -> the spectra of the per-level left-child polynomials
 *                       a_h LG_1 = (A-only scalings) x (reversed blocks of g_i) (one batched
 *                       forward FFT per FFT level for all r generators and blocks, two
 *                       zero-padded polynomials per half-length complex transform); the
 *                       direct levels form a_h LG_1 in the multiply.
 * With a corner (n >= 32) the top level and the corner run together at transform length n
 * (kfb_up / kfb_down; derivation at up_top_corner). 
 * Not thread-safe: the cached workspace is shared by every layer with the same (n, c, r). */
#ifndef ALGEBRA_KRYLOV_FAST_BATCH_H
#define ALGEBRA_KRYLOV_FAST_BATCH_H

#include <fftw3.h>

typedef struct kfb_plans kfb_plans_t;

/* Plans and workspace for size n (power of two), chunk c, rank r; measure as in
 * krylov_fast_plan_create.  Cached for the life of the process (NULL on allocation failure or
 * absurd sizes, after one line on stderr). */
const kfb_plans_t *kfb_plans_get(long n, long c, long r, unsigned measure);
/* The layer's buffers for one chunk (c n doubles at *u, c r n at *w), kept with the plans so
 * that a layer created every training step allocates nothing for its multiplies. */
void kfb_chunk_buffers(const kfb_plans_t *P, double **u, double **w);
/* Time the unavoidable transforms alone: executes exactly the FFTs of `reps` layer multiplies
 * of one chunk (no products, no copies).  Used by the benchmark as the floor. */
void kfb_run_ffts_only(const kfb_plans_t *P, int corner, long reps);

typedef struct {
    long n, r, levels;
    double corner;
    double *ah, *sw, *ahpi2;  /* per level, n/2h entries each (off_scale layout) */
    double *dsc;              /* per level L: n/2 scalings of the right halves, U0 = u * dsc
                               * (U0 = u^T R e_0 of the level's blocks); then n for the root */
    double *lsc;              /* per level L: n/2 left-child scalings, then n for the root:
                               * a_h LG_1 of block b = lsc[b h + k] g[b 2h + h-1-k] (LG of a
                               * block is its g reversed times products of a's, A only);
                               * the multiply's direct levels form a_h LG_1 from it */
    double *work;             /* n: scratch of kfb_side_set_operator (pi per block), and of
                               * the direct levels above h = 16 if KFB_DIRECT_BELOW is raised */
    double *g;                /* r * n */
    fftw_complex *spec;       /* per FFT level L: r * (n/2h) * (h+1) at off_spec(n, L) * r */
    double *lg_root;          /* r * n: LG at the root (corner with n < 2D only) */
    fftw_complex *spec_root;  /* corner only: n >= 2D, r * (n/2+1) spectra of f LG_lo / n
                               * (LG_lo: the root's LG below z^(n/2), transform length n);
                               * smaller n: r * (n+1) spectra of f lg_root / 2n */
    double pi2_top;           /* pi of the root's right half: LG_hi = pi2_top a_h LG_1 */
    int have_op, have_gen;
    int lazy;                 /* 1: the spectra of the FFT levels are not kept; each multiply
                               * forms them level by level, one generator at a time, and uses
                               * them while they are in cache (one-shot products; the top
                               * level's, merged with the corner's, are still kept) */
} kfb_side_t;

/* lazy: see kfb_side_t.lazy (a lazy side keeps r (n/2+1) spectra instead of about
 * r (n/2) log2(n); its multiplies repeat the set-up transforms, so it pays off only when the
 * generators are used for one chunk of vectors). */
int kfb_side_alloc(kfb_side_t *S, long n, long r, int lazy);
void kfb_side_free(kfb_side_t *S);
/* a: n-1 subdiagonal entries a_1..a_{n-1} (reversed != 0: a_t = a[n-1-t]); invalidates the
 * generator part. */
void kfb_side_set_operator(kfb_side_t *S, const double *a, double corner, int reversed);
/* g: r*n (g_i at g + i*n; reversed != 0: g_i is stored reversed, g_i[t] = g[i*n + n-1-t]);
 * P: any plan set with this n and r (its set-up plans are used). */
void kfb_side_set_generators(kfb_side_t *S, const kfb_plans_t *P, const double *g,
                             int reversed);

/* W[(v*r + i)*n ..] = K(A, g_i)^T U[v*n ..] for the c = P's chunk vectors. */
void kfb_up(const kfb_side_t *S, const kfb_plans_t *P, const double *U, double *W);
/* Y[v*n ..] = sum_i K(A, g_i) W[(v*r + i)*n ..] for the c vectors. */
void kfb_down(const kfb_side_t *S, const kfb_plans_t *P, const double *W, double *Y);

#endif
