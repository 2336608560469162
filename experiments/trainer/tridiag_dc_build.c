/* tridiag_dc_build.c - the tree and the shared tape of the fast tridiagonal Krylov partials
 * (method: tridiag_dc.c's head).
 *
 * The shared part (leaves -> P, Gu, Gs, merge polynomials, rho0, h) is a tape of operations
 * "out[shift + k] += alpha (a * b)[k]" and one "out = 1/a mod z^len" on an arena of
 * polynomials, built once per size in tridiag_dc_create, run forward in tridiag_dc_prepare
 * (td_tape_forward) and backward in tridiag_dc_finish (td_tape_backward; adjoint of a product:
 * a_bar += alpha corr(out_bar, b); of rho = 1/a: a_bar -= corr(rho_bar, rho^2)).  The node
 * table (pre-order, children after their parent) holds the offsets of the per-call values and
 * spectra, the merge lengths and plan slots. */
#include "trainer/tridiag_dc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { poly_t P[2][2], Gu[2], Gs[2], mu, ms; } npoly_t; /* build time only */

/* smallest 2^k or 3 2^(k-2) >= m, and its plan slot */
static int td_size(int m, int *slot)
{
    int k = td_log2_ceil(m);
    if (k >= 2 && (3 << (k - 2)) >= m) { *slot = 2 * k + 1; return 3 << (k - 2); }
    *slot = 2 * k;
    return 1 << k;
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

void td_tape_forward(tridiag_dc_t *dc, double *val)
{
    for (int i = 0; i < dc->nops; i++) {
        const op_t *o = &dc->op[i];
        if (o->inv)
            td_series_inverse(dc, val + o->out.off, o->out.len, val + o->a.off, o->a.len);
        else
            td_poly_mul(dc, val + o->out.off + o->shift, o->out.len - o->shift, val + o->a.off,
                        o->a.len, val + o->b.off, o->b.len, o->alpha);
    }
}

void td_tape_backward(tridiag_dc_t *dc, const double *val, double *bar)
{
    for (int i = dc->nops - 1; i >= 0; i--) {
        const op_t *o = &dc->op[i];
        const double *ob = bar + o->out.off + o->shift;
        const int lob = o->out.len - o->shift;
        if (o->inv) { /* d rho = -rho^2 da mod z^L */
            const int L = o->out.len;
            double *r2 = dc->tmp + 2 * (size_t)dc->n + 2;
            memset(r2, 0, (size_t)L * sizeof *r2);
            td_poly_mul(dc, r2, L, val + o->out.off, L, val + o->out.off, L, 1.0);
            td_poly_corr(dc, bar + o->a.off, o->a.len, ob, lob, r2, L, -1.0);
            continue;
        }
        td_poly_corr(dc, bar + o->a.off, o->a.len, ob, lob, val + o->b.off, o->b.len, o->alpha);
        td_poly_corr(dc, bar + o->b.off, o->b.len, ob, lob, val + o->a.off, o->a.len, o->alpha);
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
