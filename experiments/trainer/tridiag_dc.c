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
 * of polynomial products and one series inverse (tridiag_dc_build.c), run forward in
 * tridiag_dc_prepare and backward in tridiag_dc_finish.  A call runs the per-call tree forward
 * (K^T w = d/du), backward from the seed u (K u = d/dw), and, when shared, adds the adjoints
 * of the shared polynomials: spectrally (out_bar^ conj(child^), summed over the calls) for
 * the FFT merges, in the time domain for small merges, the shift scalars and the leaves.
 * Products never divide by a link (link products are tape products on the tree).
 *
 * Aliasing: a merge of m = hL + hR entries uses a cyclic length S >= m; every per-call
 * product has length <= m (bounds of krylov_tridiag_exact.c), so the products and their
 * correlations never wrap.
 *
 * Files (shared definitions: tridiag_dc_internal.h): tridiag_dc_poly.c the polynomial kernels,
 * tridiag_dc_build.c the tree and the shared tape, this file the per-call tree and root,
 * the shared values of a prepare and finish, tridiag_dc_probe.c the a-posteriori estimate
 * (with tridiag_dc_prepare = values + estimate). */
#include "trainer/tridiag_dc_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int lenq(int h, int q)
{
    int l = q < 4 ? h - (q >> 1) - (q & 1) : h - (q & 1);
    return l > 0 ? l : 0;
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
            td_conv_add(fvq(dc, v, T->out), lenq(m, T->out), fvq(dc, c, T->cq), lenq(hc[T->side], T->cq),
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
            td_cmadd((double *)(dc->ox + T->out * nc), (const double *)(cs[T->side] + T->cq * nc),
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
            td_corr_add(bvq(dc, c, T->cq), lc, bvq(dc, v, T->out), lo, val + w.off, w.len, 1.0);
            if (shared) td_corr_add(bar + w.off, w.len, bvq(dc, v, T->out), lo, fvq(dc, c, T->cq), lc, 1.0);
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
            td_cmadd((double *)(cs[T->side] + T->cq * nc), ob, (const double *)(W + T->w * nc),
                     nc, 1);
            if (shared)
                td_cmadd((double *)(acc + T->w * nc), ob,
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
            for (int i = 0; i < nt; i++) td_conv_add(du, n, x[i], n, p->val + hp[i].off, n, 1.0);
        return;
    }
    const size_t nc = (size_t)dc->Sr / 2 + 1;
    const int nx = shared ? 3 : nt;
    for (int i = 0; i < nx; i++) root_fft(dc, x[i], dc->aspec + i * nc);
    if (!du) return;
    memset(dc->rc, 0, nc * sizeof *dc->rc);
    for (int i = 0; i < nt; i++)
        td_cmadd((double *)dc->rc, (const double *)(dc->aspec + i * nc), (const double *)(p->rs + i * nc), nc, 0);
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
        for (int i = 0; i < nt; i++) td_corr_add(xb[i], n, u, n, p->val + hp[i].off, n, 1.0);
        if (shared)
            for (int i = 0; i < 3; i++) td_corr_add(p->bar + hp[i].off, n, u, n, x[i], n, 1.0);
        return;
    }
    const size_t nc = (size_t)dc->Sr / 2 + 1;
    root_fft(dc, u, dc->uspec);
    for (int i = 0; i < nt; i++) {
        memset(dc->rc, 0, nc * sizeof *dc->rc);
        td_cmadd((double *)dc->rc, (const double *)dc->uspec, (const double *)(p->rs + i * nc),
                 nc, 1);
        fftw_execute_dft_c2r(dc->c2r1, dc->rc, dc->rr);
        memcpy(xb[i], dc->rr, (size_t)n * sizeof *dc->rr);
    }
    if (shared)
        for (int i = 0; i < 3; i++)
            td_cmadd((double *)(p->racc + i * nc), (const double *)dc->uspec,
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

int td_finite(const double *v, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isfinite(v[i])) return 0;
    return 1;
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

int td_prepare_values(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                      const double *g)
{
    const int n = dc->n;
    if (M->n != n) {
        fprintf(stderr, "tridiag_dc: operator size %d, workspace size %d\n", M->n, n);
        return -1;
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
    if (!td_finite(val, (size_t)dc->nin)) return -1; /* silent: the caller falls back */
    p->corners = M->cu != 0.0 || M->cl != 0.0;
    td_tape_forward(dc, val);
    if (!td_finite(val, (size_t)dc->asize)) return -1; /* overflow in D or 1/D: silent */
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
    return 0;
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
