/* tridiag_dc.c - the fast Krylov form of a tridiagonal (+ corners) operator and all of its
 * partials (contract in tridiag_dc.h).
 *
 * Forward (the continuant tree of algebra/fast/krylov_tridiag_exact.c, on a balanced tree
 * over [0, n), no padding).  T0 = I - z M0 (M0: M without corners), D0 = det T0, A = adj T0.
 * A node [lo, hi) holds the transfer matrix P[p][q] = D[lo+p, hi-q) and the generator vectors
 * Gu, Gs (shared: depend on M and g only), and per call the x-dependent E[2][2], Xu[2], Xs[2];
 * a merge is 32 products "child poly * shared poly" plus two shifts (term table td_terms).
 * At the root a = E[0][0] = x^T A g, xi = (Xs[0], Xu[0]) = x^T A (e_0, e_{n-1}).
 *
 * Corners (Woodbury, all series mod z^n): M = M0 + U C V^T, U = (e_0, e_{n-1}),
 * V = (e_{n-1}, e_0), C = diag(cu, cl); Q = V^T A U = [[z^{n-1} s_0..s_{n-2}, D[0,n-1)],
 * [D[1,n), z^{n-1} u_0..u_{n-2}]], gamma = V^T A g = (Gs[0], Gu[0]), W = D0 I - z Q C:
 *     x^T T^{-1} g = a rho0 + xi . h,   rho0 = 1/D0,   h = z C adj(W) gamma / (D0 det W),
 * so K^T x = (a rho0 + xi0 h0 + xi1 h1) mod z^n: three products at the root, one without
 * corners.
 *
 * Reverse mode.  The shared part (leaves -> P, Gu, Gs, merge polynomials, rho0, h) is a tape
 * of operations "out[shift + k] += alpha (a * b)[k]" and one "out = 1/a mod z^len" on an arena
 * of polynomials, built once per size in tridiag_dc_create, run forward in tridiag_dc_prepare
 * and backward in tridiag_dc_finish (adjoint of a product: a_bar += alpha corr(out_bar, b);
 * of rho = 1/a: a_bar -= corr(rho_bar, rho^2)).  A call runs the per-call tree forward
 * (K^T w = d/du), backward from the seed u (K u = d/dw), and, when shared, adds the adjoints
 * of the shared polynomials: spectrally (out_bar^ conj(child^), summed over the calls) for
 * the FFT merges, in the time domain for small merges, the shift scalars and the leaves.
 * Products never divide by a link (link products are tape products on the tree).
 *
 * Aliasing: a merge of m = hL + hR entries uses a cyclic length S >= m; every per-call
 * product has length <= m (bounds of krylov_tridiag_exact.c), so the products and their
 * correlations never wrap. */
#include "trainer/tridiag_dc.h"

#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct { poly_t P[2][2], Gu[2], Gs[2], mu, ms; } npoly_t; /* build time only */

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

static int td_log2_ceil(long m)
{
    int k = 0;
    while ((1L << k) < m) k++;
    return k;
}

/* smallest 2^k or 3 2^(k-2) >= m, and its plan slot */
static int td_size(int m, int *slot)
{
    int k = td_log2_ceil(m);
    if (k >= 2 && (3 << (k - 2)) >= m) { *slot = 2 * k + 1; return 3 << (k - 2); }
    *slot = 2 * k;
    return 1 << k;
}

static int lenq(int h, int q)
{
    int l = q < 4 ? h - (q >> 1) - (q & 1) : h - (q & 1);
    return l > 0 ? l : 0;
}

/* ------------------------------------------------------------------ time-domain kernels */

/* o[k] += alpha sum_{i+j=k} a_i b_j, k < lo */
TD_CLONES
static void conv_add(double *restrict o, int lo, const double *restrict a, int la,
                     const double *restrict b, int lb, double alpha)
{
    if (la > lo) la = lo;
    for (int i = 0; i < la; i++) {
        const double ai = alpha * a[i];
        const int jm = lb < lo - i ? lb : lo - i;
        for (int j = 0; j < jm; j++) o[i + j] += ai * b[j];
    }
}

/* o[i] += alpha sum_j ob[i+j] b[j], i < lout, i + j < lob (the transpose of conv_add) */
TD_CLONES
static void corr_add(double *restrict o, int lout, const double *restrict ob, int lob,
                     const double *restrict b, int lb, double alpha)
{
    if (lout > lob) lout = lob;
    for (int i = 0; i < lout; i++) {
        const int jm = lb < lob - i ? lb : lob - i;
        double s = 0.0;
        for (int j = 0; j < jm; j++) s += ob[i + j] * b[j];
        o[i] += alpha * s;
    }
}

/* out (+)= x y (conj y when cj), LEN complex bins */
TD_CLONES
static void cmadd(double *restrict out, const double *restrict x, const double *restrict y,
                  size_t len, int cj)
{
    const double sg = cj ? -1.0 : 1.0;
    for (size_t j = 0; j < 2 * len; j += 2) {
        const double yr = y[j], yi = sg * y[j + 1];
        out[j] += x[j] * yr - x[j + 1] * yi;
        out[j + 1] += x[j] * yi + x[j + 1] * yr;
    }
}

/* ------------------------------------------------------------------ generic FFT products */

static fftw_plan td_pf(tridiag_dc_t *dc, int lg, int inverse)
{
    if (!dc->pf[lg]) {
        int m = 1 << lg;
        dc->pf[lg] = fftw_plan_dft_r2c_1d(m, dc->ta, dc->tca, FFTW_ESTIMATE);
        dc->pi[lg] = fftw_plan_dft_c2r_1d(m, dc->tca, dc->ta, FFTW_ESTIMATE);
    }
    return inverse ? dc->pi[lg] : dc->pf[lg];
}

/* o[k] += alpha (a * b)[k], k < lo */
static void poly_mul(tridiag_dc_t *dc, double *o, int lo, const double *a, int la,
                     const double *b, int lb, double alpha)
{
    if (la > lo) la = lo;
    if (lb > lo) lb = lo;
    if (la <= 0 || lb <= 0 || lo <= 0) return;
    int lg = td_log2_ceil(la + lb - 1), m = 1 << lg;
    if (la <= TD_MUL_DIRECT || lb <= TD_MUL_DIRECT || m > dc->tlen) {
        conv_add(o, lo, a, la, b, lb, alpha);
        return;
    }
    memset(dc->ta, 0, (size_t)m * sizeof *dc->ta);
    memset(dc->tb, 0, (size_t)m * sizeof *dc->tb);
    memcpy(dc->ta, a, (size_t)la * sizeof *a);
    memcpy(dc->tb, b, (size_t)lb * sizeof *b);
    fftw_plan f = td_pf(dc, lg, 0), g = td_pf(dc, lg, 1);
    fftw_execute_dft_r2c(f, dc->ta, dc->tca);
    fftw_execute_dft_r2c(f, dc->tb, dc->tcb);
    size_t nc = (size_t)m / 2 + 1;
    memset(dc->ox, 0, nc * sizeof *dc->ox);
    cmadd((double *)dc->ox, (const double *)dc->tca, (const double *)dc->tcb, nc, 0);
    memcpy(dc->tca, dc->ox, nc * sizeof *dc->tca);
    fftw_execute_dft_c2r(g, dc->tca, dc->ta);
    const double sc = alpha / m;
    for (int k = 0; k < lo && k < la + lb - 1; k++) o[k] += sc * dc->ta[k];
}

/* o[i] += alpha sum_j ob[i+j] b[j], i < lout, i + j < lob */
static void poly_corr(tridiag_dc_t *dc, double *o, int lout, const double *ob, int lob,
                      const double *b, int lb, double alpha)
{
    if (lb > lob) lb = lob;
    if (lout > lob) lout = lob;
    if (lout <= 0 || lb <= 0) return;
    int lg = td_log2_ceil(lob + lb), m = 1 << lg;
    if (lout <= TD_MUL_DIRECT || lb <= TD_MUL_DIRECT || m > dc->tlen) {
        corr_add(o, lout, ob, lob, b, lb, alpha);
        return;
    }
    memset(dc->ta, 0, (size_t)m * sizeof *dc->ta);
    memset(dc->tb, 0, (size_t)m * sizeof *dc->tb);
    memcpy(dc->ta, ob, (size_t)lob * sizeof *ob);
    memcpy(dc->tb, b, (size_t)lb * sizeof *b);
    fftw_plan f = td_pf(dc, lg, 0), g = td_pf(dc, lg, 1);
    fftw_execute_dft_r2c(f, dc->ta, dc->tca);
    fftw_execute_dft_r2c(f, dc->tb, dc->tcb);
    size_t nc = (size_t)m / 2 + 1;
    memset(dc->ox, 0, nc * sizeof *dc->ox);
    cmadd((double *)dc->ox, (const double *)dc->tca, (const double *)dc->tcb, nc, 1);
    memcpy(dc->tca, dc->ox, nc * sizeof *dc->tca);
    fftw_execute_dft_c2r(g, dc->tca, dc->ta);
    const double sc = alpha / m;
    for (int i = 0; i < lout; i++) o[i] += sc * dc->ta[i];
}

/* f = 1/a mod z^L (a_0 != 0): recurrence for short series, else Newton f <- f (2 - a f) */
static void series_inverse(tridiag_dc_t *dc, double *f, int L, const double *a, int la)
{
    memset(f, 0, (size_t)L * sizeof *f);
    f[0] = 1.0 / a[0];
    if (L <= 4 * TD_MUL_DIRECT) {
        for (int k = 1; k < L; k++) {
            double s = 0.0;
            for (int j = 1; j <= k && j < la; j++) s += a[j] * f[k - j];
            f[k] = -s * f[0];
        }
        return;
    }
    double *t = dc->tmp, *e = dc->tmp + L;
    for (int k = 1; k < L;) {
        int k2 = 2 * k < L ? 2 * k : L;
        memset(t, 0, (size_t)k2 * sizeof *t);
        poly_mul(dc, t, k2, a, la, f, k, 1.0);
        for (int i = 0; i < k2; i++) e[i] = -t[i];
        e[0] += 2.0;
        memset(t, 0, (size_t)k2 * sizeof *t);
        poly_mul(dc, t, k2, f, k, e, k2, 1.0);
        memcpy(f, t, (size_t)k2 * sizeof *t);
        k = k2;
    }
}

/* ------------------------------------------------------------------ the shared tape */

static poly_t td_new(tridiag_dc_t *dc, int len)
{
    poly_t p = {dc->asize, len > 0 ? len : 0};
    dc->asize += p.len;
    return p;
}

static void td_op(tridiag_dc_t *dc, poly_t out, poly_t a, poly_t b, int shift, double alpha, int inv)
{
    if (out.len <= shift || a.len <= 0 || (!inv && b.len <= 0)) return;
    if (dc->nops == dc->opcap) {
        int cap = dc->opcap ? 2 * dc->opcap : 1024;
        op_t *o = realloc(dc->op, (size_t)cap * sizeof *o);
        if (!o) { dc->oom = 1; return; }
        dc->op = o;
        dc->opcap = cap;
    }
    dc->op[dc->nops++] = (op_t){out, a, b, shift, inv, alpha};
}

static void td_mul(tridiag_dc_t *dc, poly_t out, poly_t a, poly_t b, int shift, double alpha)
{
    td_op(dc, out, a, b, shift, alpha, 0);
}

static poly_t td_in(int off) { return (poly_t){off, 1}; }
static const poly_t NONE = {0, 0};

/* The merge data of node v from its children (tape order: children first). */
static void td_build_merge(tridiag_dc_t *dc, node_t *v, const npoly_t *L, const npoly_t *R,
                           npoly_t *P)
{
    const int mid = v->L >= 0 ? dc->nd[v->L].hi : 0, hL = mid - v->lo, hR = v->hi - mid,
              m = hL + hR;
    poly_t uu = td_in(dc->in_u + mid - 1), ss = td_in(dc->in_s + mid - 1);
    poly_t cpl = td_new(dc, 1); /* c = z^2 u s: ML = P_L diag(1, -c), MR = diag(1, -c) P_R */
    td_mul(dc, cpl, uu, ss, 0, 1.0);
    for (int a = 0; a < 2; a++) {
        v->W[WML(a, 0)] = L->P[a][0];
        v->W[WMR(0, a)] = R->P[0][a];
        poly_t l1 = L->P[a][1], r1 = R->P[1][a];
        v->W[WML(a, 1)] = l1.len ? td_new(dc, l1.len + 2) : NONE;
        v->W[WMR(1, a)] = r1.len ? td_new(dc, r1.len + 2) : NONE;
        td_mul(dc, v->W[WML(a, 1)], cpl, l1, 2, -1.0);
        td_mul(dc, v->W[WMR(1, a)], cpl, r1, 2, -1.0);
        v->W[WGU(a)] = R->Gu[a].len ? td_new(dc, R->Gu[a].len + 1) : NONE;
        v->W[WGS(a)] = L->Gs[a].len ? td_new(dc, L->Gs[a].len + 1) : NONE;
        td_mul(dc, v->W[WGU(a)], uu, R->Gu[a], 1, 1.0);
        td_mul(dc, v->W[WGS(a)], ss, L->Gs[a], 1, 1.0);
    }
    poly_t cUg = td_new(dc, 1), cSg = td_new(dc, 1); /* u_lo..u_{mid-1}, s_{mid-1}..s_{hi-2} */
    td_mul(dc, cUg, L->mu, uu, 0, 1.0);
    td_mul(dc, cSg, ss, R->ms, 0, 1.0);
    v->cux = td_new(dc, 1);
    v->csx = td_new(dc, 1);
    td_mul(dc, v->cux, uu, R->mu, 0, 1.0);
    td_mul(dc, v->csx, L->ms, ss, 0, 1.0);
    P->mu = td_new(dc, 1);
    P->ms = td_new(dc, 1);
    td_mul(dc, P->mu, cUg, R->mu, 0, 1.0);
    td_mul(dc, P->ms, L->ms, cSg, 0, 1.0);
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            P->P[a][b] = td_new(dc, m + 1 - a - b); /* P = ML P_R */
            for (int k = 0; k < 2; k++) td_mul(dc, P->P[a][b], v->W[WML(a, k)], R->P[k][b], 0, 1.0);
        }
    for (int b = 0; b < 2; b++) {
        P->Gu[b] = td_new(dc, m - b); /* Gu = MR^T Gu_L + cUg z^hL Gu_R */
        P->Gs[b] = td_new(dc, m - b); /* Gs = ML Gs_R + cSg z^hR Gs_L */
        for (int k = 0; k < 2; k++) {
            td_mul(dc, P->Gu[b], v->W[WMR(k, b)], L->Gu[k], 0, 1.0);
            td_mul(dc, P->Gs[b], v->W[WML(b, k)], R->Gs[k], 0, 1.0);
        }
        td_mul(dc, P->Gu[b], cUg, R->Gu[b], hL, 1.0);
        td_mul(dc, P->Gs[b], cSg, L->Gs[b], hR, 1.0);
    }
}

/* Pre-order node table and the tape of the subtree [lo, hi); returns the node index. */
static int td_build(tridiag_dc_t *dc, int lo, int hi, npoly_t *out)
{
    int v = dc->nnodes++;
    node_t *nd = &dc->nd[v];
    memset(nd, 0, sizeof *nd);
    nd->lo = lo;
    nd->hi = hi;
    nd->L = nd->R = -1;
    nd->vo = dc->nfv;
    dc->nfv += (size_t)NQ * (hi - lo);
    if (hi - lo == 1) { /* leaf: P = [[1 - z d, 1], [1, 0]], Gu = Gs = (g, 0) */
        poly_t one = td_in(0);
        out->P[0][0] = td_new(dc, 2);
        td_mul(dc, out->P[0][0], one, one, 0, 1.0);
        td_mul(dc, out->P[0][0], td_in(dc->in_d + lo), one, 1, -1.0);
        out->P[0][1] = out->P[1][0] = one;
        out->P[1][1] = NONE;
        out->Gu[0] = out->Gs[0] = td_in(dc->in_g + lo);
        out->Gu[1] = out->Gs[1] = NONE;
        out->mu = out->ms = one;
        return v;
    }
    int mid = lo + (hi - lo) / 2;
    npoly_t L, R;
    int l = td_build(dc, lo, mid, &L), r = td_build(dc, mid, hi, &R);
    nd = &dc->nd[v];
    nd->L = l;
    nd->R = r;
    if (hi - lo > TD_DIRECT) {
        nd->S = td_size(hi - lo, &nd->slot);
        size_t nc = (size_t)nd->S / 2 + 1;
        dc->nd[l].so = dc->nfs;
        dc->nd[r].so = dc->nfs + NQ * nc;
        dc->nfs += 2 * NQ * nc;
        nd->wso = dc->nws;
        dc->nws += NW * nc;
    }
    td_build_merge(dc, nd, &L, &R, out);
    return v;
}

/* Root: rho0 = 1/D0 and the corner series h (tridiag_dc.c head). */
static void td_build_root(tridiag_dc_t *dc, const npoly_t *rt)
{
    const int n = dc->n;
    poly_t one = td_in(0), cu = td_in(dc->in_cu), cl = td_in(dc->in_cl), D0 = rt->P[0][0];
    dc->rho = td_new(dc, n);
    td_op(dc, dc->rho, D0, NONE, 0, 1.0, 1);
    poly_t Q00 = td_new(dc, n), Q11 = td_new(dc, n), Q01 = rt->P[0][1], Q10 = rt->P[1][0];
    td_mul(dc, Q00, rt->ms, one, n - 1, 1.0);
    td_mul(dc, Q11, rt->mu, one, n - 1, 1.0);
    poly_t W00 = td_new(dc, n), W11 = td_new(dc, n), W01 = td_new(dc, n), W10 = td_new(dc, n);
    td_mul(dc, W00, D0, one, 0, 1.0);
    td_mul(dc, W00, cu, Q00, 1, -1.0);
    td_mul(dc, W11, D0, one, 0, 1.0);
    td_mul(dc, W11, cl, Q11, 1, -1.0);
    td_mul(dc, W01, cl, Q01, 1, -1.0);
    td_mul(dc, W10, cu, Q10, 1, -1.0);
    /* det W = D0 D with D = det(I - zM) = D0 - z (cu Q00 + cl Q11) - z^2 cu cl D[1,n-1)
     * (Desnanot-Jacobi: D[0,n-1) D[1,n) - D0 D[1,n-1) = z^{2n-2} prod u_k s_k), so
     * h = z C adj(W) gamma rho0^2 / D: products of series, never 1/D0^3 directly (its Newton
     * iteration loses float64 where rho0^3 itself is moderate). */
    poly_t D = td_new(dc, n), cc = td_new(dc, 1), rd = td_new(dc, n), r0 = td_new(dc, n),
           r = td_new(dc, n);
    td_mul(dc, D, D0, one, 0, 1.0);
    td_mul(dc, D, cu, Q00, 1, -1.0);
    td_mul(dc, D, cl, Q11, 1, -1.0);
    td_mul(dc, cc, cu, cl, 0, 1.0);
    td_mul(dc, D, cc, rt->P[1][1], 2, -1.0);
    td_op(dc, rd, D, NONE, 0, 1.0, 1);
    td_mul(dc, r0, dc->rho, dc->rho, 0, 1.0);
    td_mul(dc, r, r0, rd, 0, 1.0);
    poly_t g0 = rt->Gs[0], g1 = rt->Gu[0], v0 = td_new(dc, n), v1 = td_new(dc, n);
    td_mul(dc, v0, W11, g0, 0, 1.0); /* v = adj(W) gamma */
    td_mul(dc, v0, W01, g1, 0, -1.0);
    td_mul(dc, v1, W10, g0, 0, -1.0);
    td_mul(dc, v1, W00, g1, 0, 1.0);
    poly_t t0 = td_new(dc, n), t1 = td_new(dc, n);
    td_mul(dc, t0, cu, v0, 1, 1.0);
    td_mul(dc, t1, cl, v1, 1, 1.0);
    dc->h0 = td_new(dc, n);
    dc->h1 = td_new(dc, n);
    td_mul(dc, dc->h0, t0, r, 0, 1.0);
    td_mul(dc, dc->h1, t1, r, 0, 1.0);
}

static void td_tape_forward(tridiag_dc_t *dc, double *val)
{
    for (int i = 0; i < dc->nops; i++) {
        const op_t *o = &dc->op[i];
        if (o->inv)
            series_inverse(dc, val + o->out.off, o->out.len, val + o->a.off, o->a.len);
        else
            poly_mul(dc, val + o->out.off + o->shift, o->out.len - o->shift, val + o->a.off,
                     o->a.len, val + o->b.off, o->b.len, o->alpha);
    }
}

static void td_tape_backward(tridiag_dc_t *dc, const double *val, double *bar)
{
    for (int i = dc->nops - 1; i >= 0; i--) {
        const op_t *o = &dc->op[i];
        const double *ob = bar + o->out.off + o->shift;
        const int lob = o->out.len - o->shift;
        if (o->inv) { /* d rho = -rho^2 da mod z^L */
            const int L = o->out.len;
            double *r2 = dc->tmp + 2 * (size_t)dc->n + 2;
            memset(r2, 0, (size_t)L * sizeof *r2);
            poly_mul(dc, r2, L, val + o->out.off, L, val + o->out.off, L, 1.0);
            poly_corr(dc, bar + o->a.off, o->a.len, ob, lob, r2, L, -1.0);
            continue;
        }
        poly_corr(dc, bar + o->a.off, o->a.len, ob, lob, val + o->b.off, o->b.len, o->alpha);
        poly_corr(dc, bar + o->b.off, o->b.len, ob, lob, val + o->a.off, o->a.len, o->alpha);
    }
}

/* ------------------------------------------------------------------ create / free */

static void td_terms(term_t *t)
{
    int i = 0;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 2; k++) {
                t[i++] = (term_t){QE(a, b), 0, QE(a, k), WMR(k, b)}; /* E_L MR */
                t[i++] = (term_t){QE(a, b), 1, QE(k, b), WML(a, k)}; /* ML E_R */
            }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            t[i++] = (term_t){QE(a, b), 0, QXU(a), WGU(b)}; /* z u Xu_L Gu_R^T */
            t[i++] = (term_t){QE(a, b), 1, QXS(b), WGS(a)}; /* z s Gs_L Xs_R^T */
        }
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 2; k++) {
            t[i++] = (term_t){QXU(a), 1, QXU(k), WML(a, k)}; /* Xu = ML Xu_R + .. */
            t[i++] = (term_t){QXS(a), 0, QXS(k), WMR(k, a)}; /* Xs = MR^T Xs_L + .. */
        }
}

tridiag_dc_t *tridiag_dc_create(int n)
{
    if (n < 1 || n > (1 << 24)) {
        fprintf(stderr, "tridiag_dc: size %d out of range [1, 2^24]\n", n);
        return NULL;
    }
    tridiag_dc_t *dc = calloc(1, sizeof *dc);
    if (!dc) return NULL;
    dc->n = n;
    td_terms(dc->tt);
    dc->in_d = 1;
    dc->in_s = dc->in_d + n;
    dc->in_u = dc->in_s + n - 1;
    dc->in_g = dc->in_u + n - 1;
    dc->in_cu = dc->in_g + n;
    dc->in_cl = dc->in_cu + 1;
    dc->nin = dc->asize = dc->in_cl + 1;
    dc->nd = calloc(2 * (size_t)n, sizeof *dc->nd);
    if (!dc->nd) { tridiag_dc_free(dc); return NULL; }
    npoly_t rt;
    td_build(dc, 0, n, &rt);
    td_build_root(dc, &rt);
    if (n > TD_ROOT_DIRECT) {
        int slot;
        dc->Sr = td_size(2 * n - 1, &slot);
    }
    int Smax = 1;
    for (int v = 0; v < dc->nnodes; v++)
        if (dc->nd[v].S > Smax) Smax = dc->nd[v].S;
    size_t ncm = (size_t)Smax / 2 + 1, ncr = (size_t)dc->Sr / 2 + 1;
    dc->tlen = 1 << td_log2_ceil(4 * (long)n + 16);
    size_t tl = (size_t)dc->tlen;
    dc->fv = malloc(2 * dc->nfv * sizeof *dc->fv);
    dc->bv = dc->fv + dc->nfv;
    dc->fs = fftw_alloc_complex(dc->nfs + 1);
    dc->re = fftw_alloc_real(NQ * (size_t)Smax);
    dc->ca = fftw_alloc_complex(NQ * ncm);
    dc->cb = fftw_alloc_complex(NQ * ncm);
    dc->ox = fftw_alloc_complex(NQ * ncm > tl ? NQ * ncm : tl);
    dc->rr = fftw_alloc_real(dc->Sr + 1);
    dc->rc = fftw_alloc_complex(ncr);
    dc->aspec = fftw_alloc_complex(3 * ncr);
    dc->uspec = fftw_alloc_complex(ncr);
    dc->tmp = malloc((4 * (size_t)n + 8) * sizeof *dc->tmp);
    dc->probe = malloc((11 * (size_t)n + 4) * sizeof *dc->probe);
    dc->ta = fftw_alloc_real(tl);
    dc->tb = fftw_alloc_real(tl);
    dc->tca = fftw_alloc_complex(tl / 2 + 1);
    dc->tcb = fftw_alloc_complex(tl / 2 + 1);
    if (dc->oom || !dc->fv || !dc->fs || !dc->re || !dc->ca || !dc->cb || !dc->ox || !dc->rr ||
        !dc->rc || !dc->aspec || !dc->uspec || !dc->tmp || !dc->probe || !dc->ta || !dc->tb ||
        !dc->tca || !dc->tcb) {
        tridiag_dc_free(dc);
        return NULL;
    }
    for (int v = 0; v < dc->nnodes; v++) {
        int S = dc->nd[v].S, sl = dc->nd[v].slot, nc = S / 2 + 1;
        if (!S || dc->r2c8[sl]) continue;
        dc->r2c8[sl] = fftw_plan_many_dft_r2c(1, &S, NQ, dc->re, NULL, 1, S, dc->ca, NULL, 1, nc,
                                              FFTW_ESTIMATE);
        dc->c2r8[sl] = fftw_plan_many_dft_c2r(1, &S, NQ, dc->ca, NULL, 1, nc, dc->re, NULL, 1, S,
                                              FFTW_ESTIMATE);
        if (!dc->r2c8[sl] || !dc->c2r8[sl]) { tridiag_dc_free(dc); return NULL; }
    }
    if (dc->Sr) {
        dc->r2c1 = fftw_plan_dft_r2c_1d(dc->Sr, dc->rr, dc->rc, FFTW_ESTIMATE);
        dc->c2r1 = fftw_plan_dft_c2r_1d(dc->Sr, dc->rc, dc->rr, FFTW_ESTIMATE);
        if (!dc->r2c1 || !dc->c2r1) { tridiag_dc_free(dc); return NULL; }
    }
    return dc;
}

void tridiag_dc_free(tridiag_dc_t *dc)
{
    if (!dc) return;
    for (int k = 0; k < TD_MAXSLOT; k++) {
        if (dc->r2c8[k]) fftw_destroy_plan(dc->r2c8[k]);
        if (dc->c2r8[k]) fftw_destroy_plan(dc->c2r8[k]);
    }
    for (int k = 0; k < TD_MAXLOG; k++) {
        if (dc->pf[k]) fftw_destroy_plan(dc->pf[k]);
        if (dc->pi[k]) fftw_destroy_plan(dc->pi[k]);
    }
    if (dc->r2c1) fftw_destroy_plan(dc->r2c1);
    if (dc->c2r1) fftw_destroy_plan(dc->c2r1);
    free(dc->nd); free(dc->op); free(dc->fv); free(dc->tmp); free(dc->probe);
    fftw_free(dc->fs); fftw_free(dc->re); fftw_free(dc->ca); fftw_free(dc->cb);
    fftw_free(dc->ox); fftw_free(dc->rr); fftw_free(dc->rc); fftw_free(dc->aspec);
    fftw_free(dc->uspec); fftw_free(dc->ta); fftw_free(dc->tb); fftw_free(dc->tca);
    fftw_free(dc->tcb);
    free(dc);
}

tridiag_dc_prep_t *tridiag_dc_prep_create(const tridiag_dc_t *dc)
{
    tridiag_dc_prep_t *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    size_t ncr = (size_t)dc->Sr / 2 + 1;
    p->val = calloc(2 * (size_t)dc->asize, sizeof *p->val);
    p->bar = p->val + dc->asize;
    p->ws = fftw_alloc_complex(dc->nws + 1);
    p->wacc = fftw_alloc_complex(dc->nws + 1);
    p->rs = fftw_alloc_complex(3 * ncr);
    p->racc = fftw_alloc_complex(3 * ncr);
    if (!p->val || !p->ws || !p->wacc || !p->rs || !p->racc) {
        tridiag_dc_prep_free(p);
        return NULL;
    }
    memset(p->wacc, 0, (dc->nws + 1) * sizeof *p->wacc);
    memset(p->racc, 0, 3 * ncr * sizeof *p->racc);
    return p;
}

void tridiag_dc_prep_free(tridiag_dc_prep_t *p)
{
    if (!p) return;
    free(p->val);
    fftw_free(p->ws); fftw_free(p->wacc); fftw_free(p->rs); fftw_free(p->racc);
    free(p);
}

/* ------------------------------------------------------------------ per call: the tree */

static double *fvq(tridiag_dc_t *dc, const node_t *v, int q) { return dc->fv + v->vo + (size_t)q * (v->hi - v->lo); }
static double *bvq(tridiag_dc_t *dc, const node_t *v, int q) { return dc->bv + v->vo + (size_t)q * (v->hi - v->lo); }

/* the NQ polynomials of node c (values or adjoints), zero-padded to S, into dc->re */
static void td_pack(tridiag_dc_t *dc, const double *base, int h, int S)
{
    for (int q = 0; q < NQ; q++) {
        int l = lenq(h, q);
        memcpy(dc->re + (size_t)q * S, base + (size_t)q * h, (size_t)l * sizeof *base);
        memset(dc->re + (size_t)q * S + l, 0, (size_t)(S - l) * sizeof *base);
    }
}

static void td_unpack(tridiag_dc_t *dc, double *base, int h, int S)
{
    for (int q = 0; q < NQ; q++)
        memcpy(base + (size_t)q * h, dc->re + (size_t)q * S, (size_t)lenq(h, q) * sizeof *base);
}

static void merge_forward(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const node_t *v, int shared)
{
    const node_t *cn[2] = {&dc->nd[v->L], &dc->nd[v->R]};
    const int hc[2] = {cn[0]->hi - cn[0]->lo, cn[1]->hi - cn[1]->lo}, m = v->hi - v->lo;
    const double *val = p->val;
    if (!v->S) {
        for (int q = 0; q < NQ; q++) memset(fvq(dc, v, q), 0, (size_t)lenq(m, q) * sizeof(double));
        for (int t = 0; t < NTERM; t++) {
            const term_t *T = &dc->tt[t];
            const node_t *c = cn[T->side];
            conv_add(fvq(dc, v, T->out), lenq(m, T->out), fvq(dc, c, T->cq), lenq(hc[T->side], T->cq),
                     val + v->W[T->w].off, v->W[T->w].len, 1.0);
        }
    } else {
        const int S = v->S;
        const size_t nc = (size_t)S / 2 + 1;
        const fftw_complex *W = p->ws + v->wso;
        fftw_complex *cs[2] = {dc->ca, dc->cb};
        for (int s = 0; s < 2; s++) {
            td_pack(dc, dc->fv + cn[s]->vo, hc[s], S);
            fftw_execute_dft_r2c(dc->r2c8[v->slot], dc->re, cs[s]);
            if (shared) memcpy(dc->fs + cn[s]->so, cs[s], NQ * nc * sizeof *cs[s]);
        }
        memset(dc->ox, 0, NQ * nc * sizeof *dc->ox);
        for (int t = 0; t < NTERM; t++) {
            const term_t *T = &dc->tt[t];
            cmadd((double *)(dc->ox + T->out * nc), (const double *)(cs[T->side] + T->cq * nc),
                  (const double *)(W + T->w * nc), nc, 0);
        }
        fftw_execute_dft_c2r(dc->c2r8[v->slot], dc->ox, dc->re);
        td_unpack(dc, dc->fv + v->vo, m, S);
    }
    /* shifts: Xu_P[a] += cUx z^hR Xu_L[a], Xs_P[b] += cSx z^hL Xs_R[b] */
    const double cux = val[v->cux.off], csx = val[v->csx.off];
    for (int a = 0; a < 2; a++) {
        double *xu = fvq(dc, v, QXU(a)) + hc[1], *xs = fvq(dc, v, QXS(a)) + hc[0];
        const double *lu = fvq(dc, cn[0], QXU(a)), *rs = fvq(dc, cn[1], QXS(a));
        for (int k = 0; k < lenq(hc[0], QXU(a)); k++) xu[k] += cux * lu[k];
        for (int k = 0; k < lenq(hc[1], QXS(a)); k++) xs[k] += csx * rs[k];
    }
}

static void merge_backward(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const node_t *v, int shared)
{
    const node_t *cn[2] = {&dc->nd[v->L], &dc->nd[v->R]};
    const int hc[2] = {cn[0]->hi - cn[0]->lo, cn[1]->hi - cn[1]->lo}, m = v->hi - v->lo;
    const double *val = p->val;
    double *bar = p->bar;
    if (!v->S) {
        for (int s = 0; s < 2; s++)
            for (int q = 0; q < NQ; q++)
                memset(bvq(dc, cn[s], q), 0, (size_t)lenq(hc[s], q) * sizeof(double));
        for (int t = 0; t < NTERM; t++) {
            const term_t *T = &dc->tt[t];
            const node_t *c = cn[T->side];
            const poly_t w = v->W[T->w];
            const int lo = lenq(m, T->out), lc = lenq(hc[T->side], T->cq);
            corr_add(bvq(dc, c, T->cq), lc, bvq(dc, v, T->out), lo, val + w.off, w.len, 1.0);
            if (shared) corr_add(bar + w.off, w.len, bvq(dc, v, T->out), lo, fvq(dc, c, T->cq), lc, 1.0);
        }
    } else {
        const int S = v->S;
        const size_t nc = (size_t)S / 2 + 1;
        const fftw_complex *W = p->ws + v->wso;
        fftw_complex *acc = p->wacc + v->wso;
        fftw_complex *cs[2] = {dc->ca, dc->cb};
        td_pack(dc, dc->bv + v->vo, m, S);
        fftw_execute_dft_r2c(dc->r2c8[v->slot], dc->re, dc->ox);
        memset(dc->ca, 0, NQ * nc * sizeof *dc->ca);
        memset(dc->cb, 0, NQ * nc * sizeof *dc->cb);
        for (int t = 0; t < NTERM; t++) {
            const term_t *T = &dc->tt[t];
            const double *ob = (const double *)(dc->ox + T->out * nc);
            cmadd((double *)(cs[T->side] + T->cq * nc), ob, (const double *)(W + T->w * nc), nc, 1);
            if (shared)
                cmadd((double *)(acc + T->w * nc), ob,
                      (const double *)(dc->fs + cn[T->side]->so + T->cq * nc), nc, 1);
        }
        for (int s = 0; s < 2; s++) {
            fftw_execute_dft_c2r(dc->c2r8[v->slot], cs[s], dc->re);
            td_unpack(dc, dc->bv + cn[s]->vo, hc[s], S);
        }
    }
    const double cux = val[v->cux.off], csx = val[v->csx.off];
    double gux = 0.0, gsx = 0.0;
    for (int a = 0; a < 2; a++) {
        const double *pu = bvq(dc, v, QXU(a)) + hc[1], *ps = bvq(dc, v, QXS(a)) + hc[0];
        double *lu = bvq(dc, cn[0], QXU(a)), *rs = bvq(dc, cn[1], QXS(a));
        const double *flu = fvq(dc, cn[0], QXU(a)), *frs = fvq(dc, cn[1], QXS(a));
        for (int k = 0; k < lenq(hc[0], QXU(a)); k++) { lu[k] += cux * pu[k]; gux += pu[k] * flu[k]; }
        for (int k = 0; k < lenq(hc[1], QXS(a)); k++) { rs[k] += csx * ps[k]; gsx += ps[k] * frs[k]; }
    }
    if (shared) {
        bar[v->cux.off] += gux;
        bar[v->csx.off] += gsx;
    }
}

/* transform of X (n entries) at the root length into OUT */
static void root_fft(tridiag_dc_t *dc, const double *x, fftw_complex *out)
{
    const int n = dc->n;
    memcpy(dc->rr, x, (size_t)n * sizeof *x);
    memset(dc->rr + n, 0, (size_t)(dc->Sr - n) * sizeof *x);
    fftw_execute_dft_r2c(dc->r2c1, dc->rr, dc->rc);
    memcpy(out, dc->rc, ((size_t)dc->Sr / 2 + 1) * sizeof *out);
}

/* DU += (a rho0 + xi0 h0 + xi1 h1) mod z^n; with SHARED the spectra of a, xi kept */
static void root_forward(tridiag_dc_t *dc, tridiag_dc_prep_t *p, double *du, int shared)
{
    const int n = dc->n;
    const node_t *rt = &dc->nd[0];
    const double *x[3] = {fvq(dc, rt, QE(0, 0)), fvq(dc, rt, QXS(0)), fvq(dc, rt, QXU(0))};
    const poly_t hp[3] = {dc->rho, dc->h0, dc->h1};
    const int nt = p->corners ? 3 : 1;
    if (!dc->Sr) {
        if (du)
            for (int i = 0; i < nt; i++) conv_add(du, n, x[i], n, p->val + hp[i].off, n, 1.0);
        return;
    }
    const size_t nc = (size_t)dc->Sr / 2 + 1;
    const int nx = shared ? 3 : nt;
    for (int i = 0; i < nx; i++) root_fft(dc, x[i], dc->aspec + i * nc);
    if (!du) return;
    memset(dc->rc, 0, nc * sizeof *dc->rc);
    for (int i = 0; i < nt; i++)
        cmadd((double *)dc->rc, (const double *)(dc->aspec + i * nc), (const double *)(p->rs + i * nc), nc, 0);
    fftw_execute_dft_c2r(dc->c2r1, dc->rc, dc->rr);
    for (int k = 0; k < n; k++) du[k] += dc->rr[k];
}

/* root adjoints from the seed u; with SHARED the adjoints of rho0, h accumulated */
static void root_backward(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const double *u, int shared)
{
    const int n = dc->n;
    const node_t *rt = &dc->nd[0];
    for (int q = 0; q < NQ; q++) memset(bvq(dc, rt, q), 0, (size_t)lenq(n, q) * sizeof(double));
    double *xb[3] = {bvq(dc, rt, QE(0, 0)), bvq(dc, rt, QXS(0)), bvq(dc, rt, QXU(0))};
    const double *x[3] = {fvq(dc, rt, QE(0, 0)), fvq(dc, rt, QXS(0)), fvq(dc, rt, QXU(0))};
    const poly_t hp[3] = {dc->rho, dc->h0, dc->h1};
    const int nt = p->corners ? 3 : 1;
    if (!dc->Sr) {
        for (int i = 0; i < nt; i++) corr_add(xb[i], n, u, n, p->val + hp[i].off, n, 1.0);
        if (shared)
            for (int i = 0; i < 3; i++) corr_add(p->bar + hp[i].off, n, u, n, x[i], n, 1.0);
        return;
    }
    const size_t nc = (size_t)dc->Sr / 2 + 1;
    root_fft(dc, u, dc->uspec);
    for (int i = 0; i < nt; i++) {
        memset(dc->rc, 0, nc * sizeof *dc->rc);
        cmadd((double *)dc->rc, (const double *)dc->uspec, (const double *)(p->rs + i * nc), nc, 1);
        fftw_execute_dft_c2r(dc->c2r1, dc->rc, dc->rr);
        memcpy(xb[i], dc->rr, (size_t)n * sizeof *dc->rr);
    }
    if (shared)
        for (int i = 0; i < 3; i++)
            cmadd((double *)(p->racc + i * nc), (const double *)dc->uspec,
                  (const double *)(dc->aspec + i * nc), nc, 1);
}

void tridiag_dc_partials(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const double *u,
                         const double *w, double *y, double *du, int shared)
{
    const int n = dc->n;
    const double *g = p->val + dc->in_g;
    if (du || shared) {
        for (int v = dc->nnodes - 1; v >= 0; v--) {
            const node_t *nd = &dc->nd[v];
            if (nd->L < 0) {
                int t = nd->lo;
                fvq(dc, nd, QE(0, 0))[0] = w[t] * g[t];
                fvq(dc, nd, QXU(0))[0] = w[t];
                fvq(dc, nd, QXS(0))[0] = w[t];
            } else {
                merge_forward(dc, p, nd, shared);
            }
        }
        root_forward(dc, p, du, shared);
    }
    if (y || shared) {
        root_backward(dc, p, u, shared);
        for (int v = 0; v < dc->nnodes; v++) {
            const node_t *nd = &dc->nd[v];
            if (nd->L >= 0) {
                merge_backward(dc, p, nd, shared);
                continue;
            }
            int t = nd->lo;
            double e = bvq(dc, nd, QE(0, 0))[0];
            if (y) y[t] += g[t] * e + bvq(dc, nd, QXU(0))[0] + bvq(dc, nd, QXS(0))[0];
            if (shared) p->bar[dc->in_g + t] += w[t] * e;
        }
    }
    (void)n;
}

/* ------------------------------------------------------------------ prepare / finish */

static int td_finite(const double *v, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isfinite(v[i])) return 0;
    return 1;
}

static double td_norm_inf(const double *v, int n)
{
    double m = 0.0;
    for (int t = 0; t < n; t++) m = fmax(m, fabs(v[t]));
    return m;
}

/* Euler's identities for the shared partials of one probe call Phi(w, v): Phi is linear in g
 * and sum_pq M_pq dPhi/dM_pq = sum_j j v_j (K^T w)_j; the relative residuals (normalised by
 * the sums of absolute terms) catch a float64 failure of the reverse pass (which can exceed
 * the multiplies' error by far: the adjoints of the continuants and of 1/D0). */
static double td_probe_grad(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                            const double *w, const double *v, double *buf)
{
    const int n = dc->n;
    double *y = buf, *dg = y + n, *gd = dg + n, *gs = gd + n, *gu = gs + n, *gc = gu + n;
    memset(buf, 0, (5 * (size_t)n + 2) * sizeof *buf);
    tridiag_dc_partials(dc, p, v, w, NULL, y, 1);
    tridiag_grad_t G = {gd, gs, gu, gc, gc + 1};
    tridiag_dc_finish(dc, p, dg, &G);
    const double *g = p->val + dc->in_g;
    double phi = 0, aphi = 0, ephi = 0, aephi = 0, sg = 0, asg = 0, sm = 0, asm_ = 0;
    for (int j = 0; j < n; j++) {
        phi += v[j] * y[j];
        aphi += fabs(v[j] * y[j]);
        ephi += j * v[j] * y[j];
        aephi += j * fabs(v[j] * y[j]);
        sg += g[j] * dg[j];
        asg += fabs(g[j] * dg[j]);
        double t = M->d ? M->d[j] * gd[j] : 0.0;
        if (j + 1 < n && M->s) t += M->s[j] * gs[j];
        sm += t;
        asm_ += fabs(t);
        if (j + 1 < n && M->u) { sm += M->u[j] * gu[j]; asm_ += fabs(M->u[j] * gu[j]); }
    }
    sm += M->cu * gc[0] + M->cl * gc[1];
    asm_ += fabs(M->cu * gc[0]) + fabs(M->cl * gc[1]);
    double e = 0.0;
    if (asg + aphi > 0) e = fabs(sg - phi) / (asg + aphi);
    if (asm_ + aephi > 0) e = fmax(e, fabs(sm - ephi) / (asm_ + aephi));
    if (!td_finite(buf, 5 * (size_t)n + 2)) return INFINITY;
    return isnan(e) ? INFINITY : e;
}

/* The a-posteriori estimate: two identities of exact arithmetic on a fixed probe x
 * (x_{n-1} = 0): (K^T M^T x)_i = (K^T x)_{i+1} (i < n-1) and M (K x) = K (Z x), and the
 * identities of td_probe_grad for the shared partials. */
static double td_probe(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M)
{
    const int n = dc->n;
    if (n < 2) return 0.0;
    double *x = dc->probe, *v = x + n, *y1 = v + n, *y2 = y1 + n, *y3 = y2 + n, *y4 = y3 + n;
    unsigned long long st = 0x2545F4914F6CDD1DULL;
    for (int t = 0; t + 1 < n; t++) {
        st ^= st << 13; st ^= st >> 7; st ^= st << 17;
        x[t] = 2.0 * (double)(st >> 11) / 9007199254740992.0 - 1.0;
    }
    x[n - 1] = 0.0;
    memset(y1, 0, 4 * (size_t)n * sizeof *y1);
    tridiag_op_apply_t(M, x, v);
    tridiag_dc_partials(dc, p, NULL, x, NULL, y1, 0);
    tridiag_dc_partials(dc, p, NULL, v, NULL, y2, 0);
    double sc = fmax(td_norm_inf(y1, n), td_norm_inf(y2, n)), r = 0.0, est = 0.0;
    for (int i = 0; i + 1 < n; i++) r = fmax(r, fabs(y2[i] - y1[i + 1]));
    if (sc > 0) est = r / sc;
    tridiag_dc_partials(dc, p, x, NULL, y3, NULL, 0);
    v[0] = 0.0;
    for (int t = 1; t < n; t++) v[t] = x[t - 1];
    tridiag_dc_partials(dc, p, v, NULL, y4, NULL, 0);
    tridiag_op_apply(M, y3, y1);
    double anorm = 0.0;
    for (int t = 0; t < n; t++) {
        double rs = M->d ? fabs(M->d[t]) : 0.0;
        if (t > 0 && M->s) rs += fabs(M->s[t - 1]);
        if (t + 1 < n && M->u) rs += fabs(M->u[t]);
        if (t == 0) rs += fabs(M->cu);
        if (t == n - 1) rs += fabs(M->cl);
        anorm = fmax(anorm, rs);
    }
    sc = anorm * td_norm_inf(y3, n) + td_norm_inf(y4, n);
    r = 0.0;
    for (int t = 0; t < n; t++) r = fmax(r, fabs(y1[t] - y4[t]));
    if (sc > 0) est = fmax(est, r / sc);
    if (!td_finite(y1, 4 * (size_t)n) || isnan(est)) return INFINITY;
    for (int t = 0; t < n; t++) { /* a second probe vector for the gradients */
        st ^= st << 13; st ^= st >> 7; st ^= st << 17;
        v[t] = 2.0 * (double)(st >> 11) / 9007199254740992.0 - 1.0;
    }
    return fmax(est, td_probe_grad(dc, p, M, x, v, y4 + n));
}

/* spectra (scaled 1/S) of COUNT <= NQ arena polynomials at the merge length of V */
static void td_spectra(tridiag_dc_t *dc, const node_t *v, const double *val, const poly_t *w,
                       int count, fftw_complex *out)
{
    const int S = v->S;
    const size_t nc = (size_t)S / 2 + 1;
    memset(dc->re, 0, NQ * (size_t)S * sizeof *dc->re);
    for (int i = 0; i < count; i++) memcpy(dc->re + (size_t)i * S, val + w[i].off, (size_t)w[i].len * sizeof *val);
    fftw_execute_dft_r2c(dc->r2c8[v->slot], dc->re, dc->ca);
    for (size_t j = 0; j < (size_t)count * nc; j++) {
        out[j][0] = dc->ca[j][0] / S;
        out[j][1] = dc->ca[j][1] / S;
    }
}

double tridiag_dc_prepare(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                          const double *g)
{
    const int n = dc->n;
    if (M->n != n) {
        fprintf(stderr, "tridiag_dc: operator size %d, workspace size %d\n", M->n, n);
        return -1.0;
    }
    double *val = p->val;
    memset(val, 0, 2 * (size_t)dc->asize * sizeof *val); /* values and adjoints */
    val[0] = 1.0;
    if (M->d) memcpy(val + dc->in_d, M->d, (size_t)n * sizeof *val);
    if (M->s && n > 1) memcpy(val + dc->in_s, M->s, (size_t)(n - 1) * sizeof *val);
    if (M->u && n > 1) memcpy(val + dc->in_u, M->u, (size_t)(n - 1) * sizeof *val);
    memcpy(val + dc->in_g, g, (size_t)n * sizeof *val);
    val[dc->in_cu] = M->cu;
    val[dc->in_cl] = M->cl;
    memset(p->wacc, 0, (dc->nws + 1) * sizeof *p->wacc);
    memset(p->racc, 0, 3 * ((size_t)dc->Sr / 2 + 1) * sizeof *p->racc);
    if (!td_finite(val, (size_t)dc->nin)) return -1.0; /* silent: the caller falls back */
    p->corners = M->cu != 0.0 || M->cl != 0.0;
    td_tape_forward(dc, val);
    if (!td_finite(val, (size_t)dc->asize)) return -1.0; /* overflow in D or 1/D: silent */
    for (int v = 0; v < dc->nnodes; v++) {
        const node_t *nd = &dc->nd[v];
        if (!nd->S) continue;
        size_t nc = (size_t)nd->S / 2 + 1;
        td_spectra(dc, nd, val, nd->W, NQ, p->ws + nd->wso);
        td_spectra(dc, nd, val, nd->W + NQ, NW - NQ, p->ws + nd->wso + NQ * nc);
    }
    if (dc->Sr) {
        const poly_t hp[3] = {dc->rho, dc->h0, dc->h1};
        const size_t nc = (size_t)dc->Sr / 2 + 1;
        for (int i = 0; i < 3; i++) {
            root_fft(dc, val + hp[i].off, p->rs + i * nc);
            for (size_t j = 0; j < nc; j++) {
                p->rs[i * nc + j][0] /= dc->Sr;
                p->rs[i * nc + j][1] /= dc->Sr;
            }
        }
    }
    return td_probe(dc, p, M);
}

void tridiag_dc_finish(tridiag_dc_t *dc, tridiag_dc_prep_t *p, double *dg,
                       const tridiag_grad_t *grad)
{
    const int n = dc->n;
    double *bar = p->bar;
    for (int v = 0; v < dc->nnodes; v++) { /* spectral adjoints of the merge polynomials */
        const node_t *nd = &dc->nd[v];
        if (!nd->S) continue;
        const int S = nd->S;
        const size_t nc = (size_t)S / 2 + 1;
        for (int b0 = 0; b0 < NW; b0 += NQ) {
            int cnt = NW - b0 < NQ ? NW - b0 : NQ;
            memset(dc->ca, 0, NQ * nc * sizeof *dc->ca);
            memcpy(dc->ca, p->wacc + nd->wso + b0 * nc, (size_t)cnt * nc * sizeof *dc->ca);
            fftw_execute_dft_c2r(dc->c2r8[nd->slot], dc->ca, dc->re);
            for (int i = 0; i < cnt; i++) {
                const poly_t w = nd->W[b0 + i];
                for (int k = 0; k < w.len; k++) bar[w.off + k] += dc->re[(size_t)i * S + k] / S;
            }
        }
    }
    if (dc->Sr) {
        const poly_t hp[3] = {dc->rho, dc->h0, dc->h1};
        const size_t nc = (size_t)dc->Sr / 2 + 1;
        for (int i = 0; i < 3; i++) {
            memcpy(dc->rc, p->racc + i * nc, nc * sizeof *dc->rc);
            fftw_execute_dft_c2r(dc->c2r1, dc->rc, dc->rr);
            for (int k = 0; k < n; k++) bar[hp[i].off + k] += dc->rr[k] / dc->Sr;
        }
    }
    td_tape_backward(dc, p->val, bar);
    if (dg)
        for (int t = 0; t < n; t++) dg[t] += bar[dc->in_g + t];
    if (grad) {
        if (grad->d)
            for (int t = 0; t < n; t++) grad->d[t] += bar[dc->in_d + t];
        if (grad->s)
            for (int t = 0; t + 1 < n; t++) grad->s[t] += bar[dc->in_s + t];
        if (grad->u)
            for (int t = 0; t + 1 < n; t++) grad->u[t] += bar[dc->in_u + t];
        if (grad->cu) *grad->cu += bar[dc->in_cu];
        if (grad->cl) *grad->cl += bar[dc->in_cl];
    }
    memset(bar, 0, (size_t)dc->asize * sizeof *bar);
    memset(p->wacc, 0, (dc->nws + 1) * sizeof *p->wacc);
    memset(p->racc, 0, 3 * ((size_t)dc->Sr / 2 + 1) * sizeof *p->racc);
}
