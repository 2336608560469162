/* krylov_fast_internal.h -- private layout of the fast Krylov plan and operator objects,
 * shared by krylov_fast.c (single-vector kernels) and krylov_fast_multi.c (the rank-r kernels
 * of the LDR-SD layer).  Not part of the public API. */
#ifndef ALGEBRA_KRYLOV_FAST_INTERNAL_H
#define ALGEBRA_KRYLOV_FAST_INTERNAL_H

#include <fftw3.h>

#include "fast/fft_count.h"
#include "fast/krylov_fast.h"

struct krylov_fast_plan {
    long n, chunk, levels, direct_below;
    double *rbuf;           /* 2n * chunk reals */
    fftw_complex *cbuf;     /* (n + 1) * chunk */
    double *s1, *s2;        /* state: n * chunk each */
    fftw_complex *xbuf;     /* (n + 1) * chunk: one spectrum per vector */
    fftw_plan *fwd, *inv;   /* per level L (h = 2^L): length 2h, (n/2h)*chunk transforms */
    fftw_plan *xfwd, *xinv; /* per level L: length 2h, chunk transforms (rbuf <-> xbuf) */
    fftw_plan root_fwd, root_inv; /* length 2n, chunk transforms (corner) */
    struct krylov_fast_plan *single; /* the same for one vector (partial chunks); NULL if chunk == 1 */
};

struct krylov_fast_op {
    const krylov_fast_plan_t *p;
    long n;
    double corner;
    double *a;              /* n-1 subdiagonal entries (copy: identifies the operator) */
    double *g;
    double *lg_left;        /* per level L: (n/2h) blocks x h, a_h * LG of the left child */
    fftw_complex *spec;     /* per level L: (n/2h) blocks x (h+1), spectrum of lg_left / 2h */
    double *scale_w;        /* per level L: (n/2h) entries a_h * pi1 */
    double *lg_root;        /* n entries: last row of K(A, g) (corner only) */
    fftw_complex *spec_root;/* n+1: spectrum of f*lg_root / 2n (corner only) */
};

/* Counted executes (fft_count.h) of a plan set's transforms, with the sizes they were created
 * with in krylov_fast_plan_create: per level L the block transforms fwd/inv (n/2h per vector)
 * and the one-per-vector transforms xfwd/xinv, both of length 2h = 2^(L+1); the root ones of
 * length 2n. */
static inline void kf_exec_blocks(const krylov_fast_plan_t *p, fftw_plan pl, long L)
{
    fft_count_execute(pl, 2L << L, (p->n >> (L + 1)) * p->chunk);
}
static inline void kf_exec_one(const krylov_fast_plan_t *p, fftw_plan pl, long L)
{
    fft_count_execute(pl, 2L << L, p->chunk);
}
static inline void kf_exec_root(const krylov_fast_plan_t *p, fftw_plan pl)
{
    fft_count_execute(pl, 2 * p->n, p->chunk);
}

/* Offsets of per-level arrays: level L holds n/2 (lg_left), n/2 + n/2h (spec), n/2h (scale). */
static inline long off_half(long n, long L) { return L * (n / 2); }
static inline long off_spec(long n, long L)
{
    long o = 0;
    for (long k = 0; k < L; k++)
        o += (n >> (k + 1)) * ((1L << k) + 1);
    return o;
}
static inline long off_scale(long n, long L)
{
    long o = 0;
    for (long k = 0; k < L; k++)
        o += n >> (k + 1);
    return o;
}

/* out[k] += x[i] p[l] over i + l = k (both of length h). */
static inline void conv_add(double *out, const double *x, const double *p, long h)
{
    for (long i = 0; i < h; i++)
        for (long l = 0; l < h; l++)
            out[i + l] += x[i] * p[l];
}

/* out[j-1] = sum_{l<h} x[j+l] p[l] for j = 1..h (x has 2h entries). */
static inline void corr_direct(double *out, const double *x, const double *p, long h)
{
    for (long j = 1; j <= h; j++) {
        double s = 0.0;
        for (long l = 0; l < h; l++)
            s += x[j + l] * p[l];
        out[j - 1] = s;
    }
}

#endif
