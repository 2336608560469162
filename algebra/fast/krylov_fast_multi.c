/* krylov_fast_multi.c -- rank-r kernels, one vector per call (see krylov_fast.h; the layer
 * itself runs the batched version in krylov_fast_batch.c): r Krylov
 * matrices K(A, g_i) of ONE operator A, sharing every g-independent transform.
 *
 * Bottom-up (w_i = K_i^T u): U0 (= u^T R e_0 per block) depends on u and A only, so the
 * forward transforms of the right-half U0 blocks are computed once per level; each i then
 * needs the block sum of U0-spectra times its LG_i-spectra and one inverse FFT of length 2h.
 * Top-down (y = sum_i K_i w_i): the xW recursion (scale a_h pi1, add a correlation) is linear
 * and its scaling does not depend on g, so the xW of the sum is driven by the SUM over i of
 * the correlations corr(w_i[0:2h], a_h LG_{i,b}); summing the spectra X_i conj(S_{i,b}) over i
 * leaves one inverse FFT per block, as for a single vector. */
#if defined(__GNUC__) && !defined(__clang__)
/* The pointwise spectrum products below are the hot loops of the layer (perf: ~50% of the
 * time at n = 4096, r = 16); -O2 leaves them scalar, -O3 vectorizes them. */
#pragma GCC optimize("O3")
#endif
#include <stdlib.h>
#include <string.h>

#include "fast/krylov_fast.h"
#include "fast/krylov_fast_internal.h"

int krylov_fast_multi_compatible(const krylov_fast_op_t *const *K, long r)
{
    for (long i = 1; i < r; i++) {
        if (K[i]->p != K[0]->p || K[i]->n != K[0]->n || K[i]->corner != K[0]->corner)
            return 0;
        if (K[0]->n > 1 && memcmp(K[i]->a, K[0]->a, sizeof(double) * (size_t)(K[0]->n - 1)))
            return 0;
    }
    return r >= 1;
}

long krylov_fast_multi_ws_size(long n, long r) { return 2 * r * (n / 2 + 1) + 2 * (n + 1); }

static const krylov_fast_plan_t *plan1(const krylov_fast_op_t *K)
{
    return K->p->single ? K->p->single : K->p; /* chunk 1 */
}

/* z^0 terms and the per-level products for every i (bottom-up). */
static void multi_level_up(const krylov_fast_op_t *const *K, long r, long L, double *w,
                           const double *U0)
{
    const krylov_fast_plan_t *p = plan1(K[0]);
    long n = K[0]->n, h = 1L << L, m = 2 * h, nb = n / m;
    if (h < p->direct_below) {
        for (long i = 0; i < r; i++) {
            const double *left = K[i]->lg_left + off_half(n, L);
            for (long b = 0; b < nb; b++)
                conv_add(w + i * n + 1, U0 + b * m + h, left + b * h, h);
        }
        return;
    }
    for (long b = 0; b < nb; b++) {
        double *rb = p->rbuf + b * m;
        memcpy(rb, U0 + b * m + h, sizeof(double) * (size_t)h);
        memset(rb + h, 0, sizeof(double) * (size_t)h);
    }
    kf_exec_blocks(p, p->fwd[L], L); /* shared: U0 right halves -> cbuf */
    for (long i = 0; i < r; i++) {
        const fftw_complex *sp = K[i]->spec + off_spec(n, L);
        fftw_complex *x = p->xbuf;
        memset(x, 0, sizeof(fftw_complex) * (size_t)(h + 1));
        for (long b = 0; b < nb; b++) {
            const fftw_complex *c = p->cbuf + b * (h + 1), *s = sp + b * (h + 1);
            for (long j = 0; j <= h; j++) {
                x[j][0] += c[j][0] * s[j][0] - c[j][1] * s[j][1];
                x[j][1] += c[j][0] * s[j][1] + c[j][1] * s[j][0];
            }
        }
        kf_exec_one(p, p->xinv[L], L);
        double *acc = w + i * n + 1;
        for (long k = 0; k < m - 1; k++)
            acc[k] += p->rbuf[k];
    }
}

/* Corner (bottom-up): w_i[k] += f (U0 * LG_i)[k-1]; the U0 transform is shared. */
static void multi_corner_up(const krylov_fast_op_t *const *K, long r, double *w,
                            const double *U0, fftw_complex *saved)
{
    const krylov_fast_plan_t *p = plan1(K[0]);
    long n = K[0]->n, len = 2 * n;
    if (n < p->direct_below) {
        for (long i = 0; i < r; i++)
            for (long t = 0; t + 1 < n; t++)
                for (long l = 0; t + l + 1 < n; l++)
                    w[i * n + t + l + 1] += U0[t] * K[i]->corner * K[i]->lg_root[l];
        return;
    }
    memset(p->rbuf, 0, sizeof(double) * (size_t)len);
    memcpy(p->rbuf, U0, sizeof(double) * (size_t)n);
    kf_exec_root(p, p->root_fwd);
    memcpy(saved, p->cbuf, sizeof(fftw_complex) * (size_t)(n + 1));
    for (long i = 0; i < r; i++) {
        for (long j = 0; j <= n; j++) {
            const double *s = K[i]->spec_root[j];
            p->cbuf[j][0] = saved[j][0] * s[0] - saved[j][1] * s[1];
            p->cbuf[j][1] = saved[j][0] * s[1] + saved[j][1] * s[0];
        }
        kf_exec_root(p, p->root_inv);
        for (long k = 1; k < n; k++)
            w[i * n + k] += p->rbuf[k - 1];
    }
}

void krylov_fast_multi_transpose(const krylov_fast_op_t *const *K, long r, double *w,
                                 const double *u, double *ws)
{
    const krylov_fast_plan_t *p = plan1(K[0]);
    long n = K[0]->n;
    double *U0 = p->s2;
    memcpy(U0, u, sizeof(double) * (size_t)n);
    memset(w, 0, sizeof(double) * (size_t)(r * n));
    for (long i = 0; i < r; i++) { /* leaves: sum_t u_t g_t at z^0 */
        double d = 0.0;
        for (long t = 0; t < n; t++)
            d += u[t] * K[i]->g[t];
        w[i * n] = d;
    }
    for (long L = 0; L < p->levels; L++) {
        long h = 1L << L, m = 2 * h, nb = n / m;
        const double *sw = K[0]->scale_w + off_scale(n, L); /* depends on A only */
        multi_level_up(K, r, L, w, U0);
        for (long b = 0; b < nb; b++)
            for (long k = 0; k < h; k++)
                U0[b * m + h + k] *= sw[b];
    }
    if (K[0]->spec_root)
        multi_corner_up(K, r, w, U0, (fftw_complex *)ws);
}

/* Sum over i of the correlations at level L, then the xW update of the right children. */
static void multi_level_down(const krylov_fast_op_t *const *K, long r, long L, const double *w,
                             double *XW, fftw_complex *Xs)
{
    const krylov_fast_plan_t *p = plan1(K[0]);
    long n = K[0]->n, h = 1L << L, m = 2 * h, nb = n / m;
    const double *sw = K[0]->scale_w + off_scale(n, L);
    if (h < p->direct_below) {
        double c[KRYLOV_FAST_DIRECT_BELOW], tot[KRYLOV_FAST_DIRECT_BELOW];
        double *cb = h <= KRYLOV_FAST_DIRECT_BELOW ? c : malloc(sizeof(double) * (size_t)(2 * h));
        double *tb = h <= KRYLOV_FAST_DIRECT_BELOW ? tot : cb + h;
        for (long b = 0; b < nb; b++) {
            memset(tb, 0, sizeof(double) * (size_t)h);
            for (long i = 0; i < r; i++) {
                corr_direct(cb, w + i * n, K[i]->lg_left + off_half(n, L) + b * h, h);
                for (long k = 0; k < h; k++)
                    tb[k] += cb[k];
            }
            double *xw = XW + b * m;
            for (long k = 0; k < h; k++)
                xw[h + k] = sw[b] * xw[h + k] + tb[k];
        }
        if (cb != c)
            free(cb);
        return;
    }
    for (long i = 0; i < r; i++) { /* X_i = FFT(w_i[0:2h]) */
        memcpy(p->rbuf, w + i * n, sizeof(double) * (size_t)m);
        kf_exec_one(p, p->xfwd[L], L);
        memcpy(Xs + i * (h + 1), p->xbuf, sizeof(fftw_complex) * (size_t)(h + 1));
    }
    for (long b = 0; b < nb; b++) {
        fftw_complex *c = p->cbuf + b * (h + 1);
        memset(c, 0, sizeof(fftw_complex) * (size_t)(h + 1));
        for (long i = 0; i < r; i++) {
            const fftw_complex *X = Xs + i * (h + 1);
            const fftw_complex *s = K[i]->spec + off_spec(n, L) + b * (h + 1);
            for (long j = 0; j <= h; j++) { /* X conj(S) */
                c[j][0] += X[j][0] * s[j][0] + X[j][1] * s[j][1];
                c[j][1] += X[j][1] * s[j][0] - X[j][0] * s[j][1];
            }
        }
    }
    kf_exec_blocks(p, p->inv[L], L);
    for (long b = 0; b < nb; b++) {
        const double *rb = p->rbuf + b * m;
        double *xw = XW + b * m;
        for (long k = 0; k < h; k++)
            xw[h + k] = sw[b] * xw[h + k] + rb[k + 1];
    }
}

/* Corner (top-down): XW = sum_i f corr(w_i, LG_{i,root})[1..n]. */
static void multi_corner_down(const krylov_fast_op_t *const *K, long r, const double *w,
                              double *XW, fftw_complex *tot)
{
    const krylov_fast_plan_t *p = plan1(K[0]);
    long n = K[0]->n, len = 2 * n;
    if (n < p->direct_below) {
        for (long k = 0; k < n; k++) {
            double s = 0.0;
            for (long i = 0; i < r; i++)
                for (long l = 0; k + 1 + l < n; l++)
                    s += w[i * n + k + 1 + l] * K[i]->corner * K[i]->lg_root[l];
            XW[k] = s;
        }
        return;
    }
    memset(tot, 0, sizeof(fftw_complex) * (size_t)(n + 1));
    for (long i = 0; i < r; i++) {
        memset(p->rbuf, 0, sizeof(double) * (size_t)len);
        memcpy(p->rbuf, w + i * n, sizeof(double) * (size_t)n);
        kf_exec_root(p, p->root_fwd);
        for (long j = 0; j <= n; j++) {
            const double *s = K[i]->spec_root[j];
            tot[j][0] += p->cbuf[j][0] * s[0] + p->cbuf[j][1] * s[1];
            tot[j][1] += p->cbuf[j][1] * s[0] - p->cbuf[j][0] * s[1];
        }
    }
    memcpy(p->cbuf, tot, sizeof(fftw_complex) * (size_t)(n + 1));
    kf_exec_root(p, p->root_inv);
    for (long k = 0; k < n; k++)
        XW[k] = p->rbuf[k + 1];
}

void krylov_fast_multi_sum(const krylov_fast_op_t *const *K, long r, double *y, const double *w,
                           double *ws)
{
    const krylov_fast_plan_t *p = plan1(K[0]);
    long n = K[0]->n;
    double *XW = p->s2;
    fftw_complex *tot = (fftw_complex *)ws, *Xs = tot + (n + 1);
    if (K[0]->spec_root)
        multi_corner_down(K, r, w, XW, tot);
    else
        memset(XW, 0, sizeof(double) * (size_t)n);
    for (long L = p->levels - 1; L >= 0; L--)
        multi_level_down(K, r, L, w, XW, Xs);
    for (long t = 0; t < n; t++) { /* leaves: y_t = sum_i w_i[0] g_{i,t} + xW_t */
        double s = XW[t];
        for (long i = 0; i < r; i++)
            s += w[i * n] * K[i]->g[t];
        y[t] = s;
    }
}
