/* subdiag_dc.c - divide and conquer for the subdiagonal Krylov form Phi (subdiag_dc.h).
 *
 * Node [lo, hi), mid = lo + (hi - lo) / 2, L = mid - lo, R = hi - mid:
 *   c_m = g_{lo+m} P(lo+m, mid)   (m < L),   e_j = w_{mid+j} P(mid, mid+j)   (j < R),
 *   the cross part is sum_{m, j} c_m u_{L+j-m} e_j, with L + j - m in [1, L + R - 1].
 * With U'_t = u_{t+1} (t < L + R - 1) zero-padded to a cyclic length N >= hi - lo:
 *   z_j  = sum_m c_m u_{L+j-m}          = (c (*) U')[L - 1 + j]      (cyclic convolution),
 *   v_m  = sum_j e_j u_{L+j-m}          = corr(e, U')[L - 1 - m],   corr(x, y)[t] = sum x_j y_{j+t},
 *   du_k += sum_{L+j-m=k} e_j c_m       = corr(c, e)[k - L]  (index mod N),
 * none of which wraps: the linear results needed have indices below N and the wrapped
 * terms fall on zero padding (N >= L + R).  Small nodes use the same sums directly. */
#include "trainer/subdiag_dc.h"

#include <complex.h>
#include <fftw3.h>
#include <stdlib.h>
#include <string.h>

#ifndef DC_LEAF
#define DC_LEAF 8 /* nodes of at most this length: Phi directly, O(m^2) */
#endif
#ifndef DC_DIRECT
#define DC_DIRECT 32 /* cross parts with cyclic length at most this: direct sums */
#endif
#define DC_MAXLOG 31

struct subdiag_dc {
    int len, maxlog;
    fftw_plan fwd[2 * DC_MAXLOG + 2], inv[2 * DC_MAXLOG + 2]; /* slot 2k: 2^k, 2k+1: 3 2^(k-2) */
    double *re, *e, *z, *v, *Pf; /* e, z, v, Pf: one block of 4 len */
    fftw_complex *Uc, *Ec, *Tc;
};

/* What depends only on the links and the generator, per level l of the tree: the
 * products P[l][lo + m] = P(lo + m, mid), P[l][mid + j] = P(mid, mid + j) of each node, the
 * left vector C[l][lo + m] = g_{lo+m} P(lo + m, mid), and its transform (FFT nodes). */
struct subdiag_dc_prep {
    int len, nlev, glen;
    const double *a, *g;
    double *P, *C;             /* nlev x len */
    fftw_complex *Ch;          /* sum over levels of 2^l x cs[l] */
    size_t choff[DC_MAXLOG + 1], cs[DC_MAXLOG + 1];
};

typedef struct {
    const subdiag_dc_prep_t *p;
    const double *a, *g, *u, *w;
    double *y, *du, *dg, *da;
    int glen;
} dc_args_t;

static int dc_log2_ceil(int m)
{
    int k = 0;
    while ((1 << k) < m) k++;
    return k;
}

/* The cyclic length of a node of M entries: the smallest 2^k or 3 2^(k-2) >= M (FFTW is
 * fast on both; the second saves up to a third on lengths just above a power of 2), and its
 * plan slot. */
static int dc_size(int m, int *slot)
{
    int k = dc_log2_ceil(m);
    if (k >= 2 && (3 << (k - 2)) >= m) { *slot = 2 * k + 1; return 3 << (k - 2); }
    *slot = 2 * k;
    return 1 << k;
}

subdiag_dc_t *subdiag_dc_create(int len)
{
    if (len < 1 || len > (1 << 28)) return NULL;
    subdiag_dc_t *dc = calloc(1, sizeof *dc);
    if (!dc) return NULL;
    dc->len = len;
    dc->maxlog = dc_log2_ceil(len);
    size_t N = (size_t)1 << dc->maxlog, nc = N / 2 + 1;
    dc->re = fftw_malloc(N * sizeof *dc->re);
    double *blk = malloc(4 * (size_t)len * sizeof *blk);
    dc->Uc = fftw_malloc(nc * sizeof *dc->Uc);
    dc->Ec = fftw_malloc(nc * sizeof *dc->Ec);
    dc->Tc = fftw_malloc(nc * sizeof *dc->Tc);
    if (!dc->re || !blk || !dc->Uc || !dc->Ec || !dc->Tc) {
        free(blk);
        subdiag_dc_free(dc);
        return NULL;
    }
    dc->e = blk; dc->z = blk + len; dc->v = blk + 2 * (size_t)len; dc->Pf = blk + 3 * (size_t)len;
    for (int slot = 0; slot <= 2 * dc->maxlog + 1; slot++) {
        int k = slot / 2, N = slot % 2 ? (k >= 2 ? 3 << (k - 2) : 0) : 1 << k;
        if (N <= DC_DIRECT || N > (1 << dc->maxlog)) continue;
        dc->fwd[slot] = fftw_plan_dft_r2c_1d(N, dc->re, dc->Tc, FFTW_ESTIMATE);
        dc->inv[slot] = fftw_plan_dft_c2r_1d(N, dc->Tc, dc->re, FFTW_ESTIMATE);
        if (!dc->fwd[slot] || !dc->inv[slot]) { subdiag_dc_free(dc); return NULL; }
    }
    return dc;
}

void subdiag_dc_free(subdiag_dc_t *dc)
{
    if (!dc) return;
    for (int k = 0; k < 2 * DC_MAXLOG + 2; k++) {
        if (dc->fwd[k]) fftw_destroy_plan(dc->fwd[k]);
        if (dc->inv[k]) fftw_destroy_plan(dc->inv[k]);
    }
    fftw_free(dc->re); free(dc->e);
    fftw_free(dc->Uc); fftw_free(dc->Ec); fftw_free(dc->Tc);
    free(dc);
}

/* Phi restricted to s, i in [lo, hi), directly; Pf[l - lo] = P(s, l). */
static void dc_leaf(subdiag_dc_t *dc, const dc_args_t *q, int lo, int hi)
{
    const double *a = q->a, *g = q->g, *u = q->u, *w = q->w;
    double *Pf = dc->Pf;
    int send = hi < q->glen ? hi : q->glen;
    for (int s = lo; s < send; s++) {
        double p = 1.0;
        for (int i = s; i < hi; i++) {
            int k = i - s;
            Pf[i - lo] = p;
            if (q->y) q->y[i] += u[k] * g[s] * p;
            if (q->du) q->du[k] += w[i] * g[s] * p;
            if (q->dg) q->dg[s] += w[i] * u[k] * p;
            if (i + 1 < hi) p *= a[i];
        }
        if (q->da) { /* T_l = sum_{i > l} w_i u_{i-s} P(l+1, i) */
            double T = 0.0;
            for (int l = hi - 2; l >= s; l--) {
                T = w[l + 1] * u[l + 1 - s] + (l + 1 <= hi - 2 ? a[l + 1] * T : 0.0);
                q->da[l] += g[s] * Pf[l - lo] * T;
            }
        }
    }
}

/* Cyclic transform of X[0 .. m) zero-padded to N (plan SLOT) into OUT. */
static void dc_fft(subdiag_dc_t *dc, int slot, int N, const double *x, int m, fftw_complex *out)
{
    memcpy(dc->re, x, (size_t)m * sizeof *x);
    memset(dc->re + m, 0, (size_t)(N - m) * sizeof *x);
    fftw_execute_dft_r2c(dc->fwd[slot], dc->re, out);
}

/* dc->Tc = X Y (conjugating X and/or Y on request), inverse into dc->re (unscaled). */
static void dc_product_inverse(subdiag_dc_t *dc, int slot, int N, const fftw_complex *x, int cx,
                               const fftw_complex *y, int cy)
{
    size_t nc = (size_t)N / 2 + 1;
    for (size_t t = 0; t < nc; t++) {
        double complex xv = cx ? conj(x[t]) : x[t], yv = cy ? conj(y[t]) : y[t];
        dc->Tc[t] = xv * yv;
    }
    fftw_execute_dft_c2r(dc->inv[slot], dc->Tc, dc->re);
}

static void dc_cross(subdiag_dc_t *dc, const dc_args_t *q, int lev, size_t idx, int lo, int mid,
                     int hi)
{
    const int L = mid - lo, R = hi - mid;
    const subdiag_dc_prep_t *pp = q->p;
    const double *a = q->a, *g = q->g, *u = q->u, *w = q->w;
    const int need_z = q->y || q->da, need_v = q->dg || q->da, need_e = need_v || q->du;
    const double *Pl = pp->P + (size_t)lev * pp->len + lo, *Pr = pp->P + (size_t)lev * pp->len + mid;
    const double *c = pp->C + (size_t)lev * pp->len + lo;
    double *e = dc->e, *z = dc->z, *v = dc->v;
    if (need_e)
        for (int j = 0; j < R; j++) e[j] = w[mid + j] * Pr[j];
    int slot;
    const int N = dc_size(hi - lo, &slot);
    if (N <= DC_DIRECT) {
        if (need_z)
            for (int j = 0; j < R; j++) {
                double s = 0.0;
                for (int m = 0; m < L; m++) s += c[m] * u[L + j - m];
                z[j] = s;
            }
        if (need_v)
            for (int m = 0; m < L; m++) {
                double s = 0.0;
                for (int j = 0; j < R; j++) s += e[j] * u[L + j - m];
                v[m] = s;
            }
        if (q->du)
            for (int j = 0; j < R; j++)
                for (int m = 0; m < L; m++) q->du[L + j - m] += e[j] * c[m];
    } else {
        const double inv = 1.0 / N;
        const int nu = L + R - 1;
        const fftw_complex *Cc = pp->Ch + pp->choff[lev] + idx * pp->cs[lev];
        if (need_z || need_v) dc_fft(dc, slot, N, u + 1, nu, dc->Uc);
        if (need_e) dc_fft(dc, slot, N, e, R, dc->Ec);
        if (need_z) {
            dc_product_inverse(dc, slot, N, Cc, 0, dc->Uc, 0);
            for (int j = 0; j < R; j++) z[j] = dc->re[L - 1 + j] * inv;
        }
        if (need_v) {
            dc_product_inverse(dc, slot, N, dc->Ec, 1, dc->Uc, 0);
            for (int m = 0; m < L; m++) v[m] = dc->re[L - 1 - m] * inv;
        }
        if (q->du) {
            dc_product_inverse(dc, slot, N, dc->Ec, 0, Cc, 1);
            for (int t = 0; t < nu; t++) {
                int idx2 = t + 1 - L;
                if (idx2 < 0) idx2 += N;
                q->du[t + 1] += dc->re[idx2] * inv;
            }
        }
    }
    if (q->y)
        for (int j = 0; j < R; j++) q->y[mid + j] += z[j] * Pr[j];
    if (q->dg)
        for (int m = 0; m < L; m++) q->dg[lo + m] += v[m] * Pl[m];
    if (q->da) {
        /* c side: d/da_l sum_m v_m c_m = P(l+1, mid) sum_{s <= l} v_s g_s P(s, l) */
        double Rs = 0.0;
        for (int l = lo; l < mid; l++) {
            Rs = (l > lo ? Rs * a[l - 1] : 0.0) + v[l - lo] * g[l];
            q->da[l] += Rs * (l + 1 < mid ? Pl[l + 1 - lo] : 1.0);
        }
        /* e side: d/da_l sum_j z_j e_j = P(mid, l) sum_{i > l} z_i w_i P(l+1, i) */
        double Q = 0.0;
        for (int l = hi - 2; l >= mid; l--) {
            Q = z[l + 1 - mid] * w[l + 1] + (l + 1 <= hi - 2 ? a[l + 1] * Q : 0.0);
            q->da[l] += Pr[l - mid] * Q;
        }
    }
}

static void dc_node(subdiag_dc_t *dc, const dc_args_t *q, int lev, size_t idx, int lo, int hi)
{
    if (lo >= q->glen) return; /* g = 0 on [lo, hi): this node's Phi vanishes */
    if (hi - lo <= DC_LEAF) { dc_leaf(dc, q, lo, hi); return; }
    int mid = lo + (hi - lo) / 2;
    dc_cross(dc, q, lev, idx, lo, mid, hi);
    dc_node(dc, q, lev + 1, 2 * idx, lo, mid);
    dc_node(dc, q, lev + 1, 2 * idx + 1, mid, hi);
}

subdiag_dc_prep_t *subdiag_dc_prep_create(const subdiag_dc_t *dc)
{
    subdiag_dc_prep_t *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->len = dc->len;
    size_t tot = 0;
    for (int l = 0; l <= DC_MAXLOG; l++) {
        long maxsz = ((long)dc->len + (1L << l) - 1) >> l; /* ceil(len / 2^l) */
        if (maxsz <= DC_LEAF) break;
        int slot, N = dc_size((int)maxsz, &slot);
        p->cs[l] = N > DC_DIRECT ? (size_t)N / 2 + 1 : 0;
        p->choff[l] = tot;
        tot += ((size_t)1 << l) * p->cs[l];
        p->nlev = l + 1;
    }
    size_t cells = (size_t)(p->nlev > 0 ? p->nlev : 1) * dc->len;
    p->P = malloc(2 * cells * sizeof *p->P);
    p->C = p->P + cells;
    p->Ch = tot ? fftw_malloc(tot * sizeof *p->Ch) : NULL;
    if (!p->P || (tot && !p->Ch)) { subdiag_dc_prep_free(p); return NULL; }
    return p;
}

void subdiag_dc_prep_free(subdiag_dc_prep_t *p)
{
    if (!p) return;
    free(p->P);
    fftw_free(p->Ch);
    free(p);
}

static void dc_prep_node(subdiag_dc_t *dc, subdiag_dc_prep_t *p, int lev, size_t idx, int lo, int hi)
{
    if (lo >= p->glen || hi - lo <= DC_LEAF) return;
    const int mid = lo + (hi - lo) / 2, L = mid - lo, R = hi - mid;
    const double *a = p->a, *g = p->g;
    double *Pl = p->P + (size_t)lev * p->len + lo, *Pr = p->P + (size_t)lev * p->len + mid;
    double *c = p->C + (size_t)lev * p->len + lo;
    Pl[L - 1] = a[mid - 1];
    for (int m = L - 2; m >= 0; m--) Pl[m] = a[lo + m] * Pl[m + 1];
    Pr[0] = 1.0;
    for (int j = 1; j < R; j++) Pr[j] = Pr[j - 1] * a[mid + j - 1];
    for (int m = 0; m < L; m++) c[m] = g[lo + m] * Pl[m];
    int slot;
    const int N = dc_size(hi - lo, &slot);
    if (N > DC_DIRECT) dc_fft(dc, slot, N, c, L, p->Ch + p->choff[lev] + idx * p->cs[lev]);
    dc_prep_node(dc, p, lev + 1, 2 * idx, lo, mid);
    dc_prep_node(dc, p, lev + 1, 2 * idx + 1, mid, hi);
}

void subdiag_dc_prepare(subdiag_dc_t *dc, subdiag_dc_prep_t *p, const double *a, const double *g,
                        int glen)
{
    p->a = a;
    p->g = g;
    p->glen = glen < p->len ? glen : p->len;
    dc_prep_node(dc, p, 0, 0, 0, p->len);
}

void subdiag_dc_partials(subdiag_dc_t *dc, const subdiag_dc_prep_t *p, const double *u,
                         const double *w, double *y, double *du, double *dg, double *da)
{
    dc_args_t q = {p, p->a, p->g, u, w, y, du, dg, da, p->glen};
    dc_node(dc, &q, 0, 0, 0, dc->len);
}
