/* tridiag_dc_internal.h - what the files of the fast tridiagonal Krylov partials share
 * (not a public interface; the contract is tridiag_dc.h, the method tridiag_dc.c's head).
 *
 *   tridiag_dc_poly.c   polynomial kernels: time-domain products and correlations, spectral
 *                       multiply-add, FFT products of the shared tape, series inverse
 *   tridiag_dc_build.c  the tree and the shared tape (built once per size), the tape run
 *                       forward and backward, create / free
 *   tridiag_dc.c        per call: the merges and the root forward and backward; the shared
 *                       values of a prepare; finish
 *   tridiag_dc_probe.c  the a-posteriori estimate, and tridiag_dc_prepare (values + estimate)
 *
 * Dependencies run one way: poly <- build <- dc <- probe. */
#ifndef EXPERIMENTS_TRAINER_TRIDIAG_DC_INTERNAL_H
#define EXPERIMENTS_TRAINER_TRIDIAG_DC_INTERNAL_H

#include "trainer/tridiag_dc.h"

#include <fftw3.h>
#include <stddef.h>

#define NQ 8  /* per-call polynomials per node: E00 E01 E10 E11 Xu0 Xu1 Xs0 Xs1 */
#define NW 12 /* shared polynomials per merge: ML[a][k], MR[k][b], z u Gu_R[b], z s Gs_L[a] */
#define QE(a, b) (2 * (a) + (b))
#define QXU(a) (4 + (a))
#define QXS(b) (6 + (b))
#define WML(a, k) (2 * (a) + (k))
#define WMR(k, b) (4 + 2 * (k) + (b))
#define WGU(b) (8 + (b))
#define WGS(a) (10 + (a))
#define NTERM 32

#ifndef TD_DIRECT
#define TD_DIRECT 32 /* merges of at most this many entries: time-domain products */
#endif
#define TD_ROOT_DIRECT 48 /* root products for n up to this: time domain */
#define TD_MUL_DIRECT 24  /* shared tape: products with a factor this short: time domain */
#define TD_MAXSLOT 64
#define TD_MAXLOG 40

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define TD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TD_CLONES
#endif

typedef struct { int off, len; } poly_t;

/* out[shift + k] += alpha (a * b)[k] for shift + k < out.len; inv: out = 1/a mod z^out.len */
typedef struct { poly_t out, a, b; int shift, inv; double alpha; } op_t;

typedef struct { unsigned char out, side, cq, w; } term_t;

typedef struct {
    int lo, hi, L, R;  /* children: -1 at leaves */
    int S, slot;       /* merge cyclic length (0: time domain) and its plan slot */
    size_t vo;         /* per-call values / adjoints: NQ x (hi - lo) doubles */
    size_t so;         /* per-call spectra of this node as a child: NQ x (S_parent/2+1) */
    size_t wso;        /* prep merge spectra: NW x (S/2+1) */
    poly_t W[NW], cux, csx;
} node_t;

struct tridiag_dc {
    int n, nnodes, nops, opcap, asize, oom;
    node_t *nd;
    op_t *op;
    term_t tt[NTERM];
    int in_d, in_s, in_u, in_g, in_cu, in_cl, nin; /* arena offsets of the inputs; ONE at 0 */
    poly_t rho, h0, h1;                            /* rho0, h at the root */
    int Sr;                                        /* root cyclic length (0: time domain) */
    size_t nfv, nfs, nws;
    double *fv, *bv, *re, *rr, *tmp, *probe;
    fftw_complex *fs, *ca, *cb, *ox, *rc, *aspec, *uspec;
    fftw_plan r2c8[TD_MAXSLOT], c2r8[TD_MAXSLOT], r2c1, c2r1;
    /* generic products of the shared tape (power-of-two lengths up to tlen) */
    int tlen;
    double *ta, *tb;
    fftw_complex *tca, *tcb;
    fftw_plan pf[TD_MAXLOG], pi[TD_MAXLOG];
};

struct tridiag_dc_prep {
    double *val, *bar;       /* arena values and adjoints */
    fftw_complex *ws, *wacc; /* merge spectra (scaled 1/S) and their accumulated adjoints */
    fftw_complex *rs, *racc; /* root: rho0, h0, h1 (scaled 1/Sr) and accumulators */
    int corners;
};

/* ------------------------------------------------------------------ tridiag_dc_poly.c */

int td_log2_ceil(long m);
/* o[k] += alpha sum_{i+j=k} a_i b_j, k < lo */
void td_conv_add(double *restrict o, int lo, const double *restrict a, int la,
                 const double *restrict b, int lb, double alpha);
/* o[i] += alpha sum_j ob[i+j] b[j], i < lout, i + j < lob (the transpose of td_conv_add) */
void td_corr_add(double *restrict o, int lout, const double *restrict ob, int lob,
                 const double *restrict b, int lb, double alpha);
/* out (+)= x y (conj y when cj), LEN complex bins */
void td_cmadd(double *restrict out, const double *restrict x, const double *restrict y,
              size_t len, int cj);
/* o[k] += alpha (a * b)[k], k < lo (FFT when both factors are long) */
void td_poly_mul(tridiag_dc_t *dc, double *o, int lo, const double *a, int la,
                 const double *b, int lb, double alpha);
/* o[i] += alpha sum_j ob[i+j] b[j], i < lout, i + j < lob (FFT when both are long) */
void td_poly_corr(tridiag_dc_t *dc, double *o, int lout, const double *ob, int lob,
                  const double *b, int lb, double alpha);
/* f = 1/a mod z^L (a_0 != 0) */
void td_series_inverse(tridiag_dc_t *dc, double *f, int L, const double *a, int la);

/* ------------------------------------------------------------------ tridiag_dc_build.c */

/* the shared tape on the arena VAL (inputs set): forward; adjoints BAR backward */
void td_tape_forward(tridiag_dc_t *dc, double *val);
void td_tape_backward(tridiag_dc_t *dc, const double *val, double *bar);

/* ------------------------------------------------------------------ tridiag_dc.c */

int td_finite(const double *v, size_t len);
/* everything of tridiag_dc_prepare but the estimate: 0, or -1 (size mismatch, non-finite
 * input, overflow) */
int td_prepare_values(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                      const double *g);

#endif
