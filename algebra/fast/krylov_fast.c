/* krylov_fast.c -- the O(n log^2 n) Krylov multiply (see krylov_fast.h for the contract).
 *
 * Derivation (Theorem 1 of Thomas et al. 2018, our own formulation).  For A subdiagonal,
 * R(z) = (I - zA)^{-1} = sum_{k<n} z^k A^k (A is nilpotent), so
 *     u^T R g = sum_k z^k u^T A^k g          (coefficients = K(A, g)^T u).
 * Split a block of length m = 2h into halves 1, 2; A = [[A1, 0], [C, A2]] with the single
 * coupling C = a_h e_0 e_{h-1}^T, hence R = [[R1, 0], [z R2 C R1, R2]] and
 *     u^T R g   = u1^T R1 g1 + u2^T R2 g2 + z a_h (u2^T R2 e_0) (e_{h-1}^T R1 g1)     (1)
 *     u^T R e_0 = u1^T R1 e_0 + a_h pi1 z^h (u2^T R2 e_0)                            (2)
 *     e_l^T R g = e_l^T R2 g2 + a_h pi2 z^h (e_{h-1}^T R1 g1)                         (3)
 * with pi = product of a block's internal subdiagonal entries (e_last^T R_blk e_0 =
 * pi z^{h-1}, a monomial).  Writing UG = u^T R g, U0 = u^T R e_0, LG = e_last^T R g:
 * (2) and (3) are concatenations with a scaling, (1) costs one product U0_2 * LG_1.
 * LG depends on g only and is precomputed with its spectra.  Leaves: UG = u_t g_t,
 * U0 = u_t, LG = g_t.  This is the bottom-up pass, K^T u = coefficients of UG at the root.
 *
 * K(A, g) x is the transpose: y_t = <x, e_t^T R g> (coefficient pairing).  A node receives
 * two "dual" coefficient vectors (xY, xW) and must produce <xY, e_t^T R g> + <xW, e_t^T R e_0>
 * for its rows t.  By (1)-(3) (transposed), the left child receives (xY[0:h], xW[0:h]) and
 * the right child (xY[0:h], a_h pi1 xW[h:2h] + a_h corr(xY, LG_1)[1..h]) where
 * corr(x, p)_j = sum_l x_{j+l} p_l.  Leaves output xY_0 g_t + xW_0.  Top-down pass.
 *
 * Corner f at A[0][n-1]: A = L + f e_0 e_{n-1}^T, and by Sherman-Morrison
 *     u^T (I - zA)^{-1} g = UG + z f U0 LG / (1 - c z^n),   c = f prod a_t,
 * so below z^n the corner adds [z f U0 LG] (one length-n product at the root).
 * Transposed: the root receives xW = f corr(x, LG_root)[1..n].
 *
 * Two structural facts halve the transforms (details at the two passes below): bottom-up,
 * merging UG never shifts it, so all block products of a level are summed in the frequency
 * domain before ONE inverse FFT; top-down, every node's xY is the prefix x[0:m] of the input,
 * so ONE forward FFT per level serves all blocks.
 */
#include "fast/krylov_fast.h"

#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fast/krylov_fast_internal.h"

static int kf_error(const char *msg, long v)
{
    fprintf(stderr, "krylov_fast: ");
    fprintf(stderr, msg, v);
    fprintf(stderr, "\n");
    return -1;
}

static int is_pow2(long n) { return n >= 1 && (n & (n - 1)) == 0; }

static long log2_exact(long n)
{
    long l = 0;
    while ((1L << l) < n)
        l++;
    return l;
}

static int all_finite(const double *v, long len)
{
    for (long i = 0; i < len; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------ plan */
krylov_fast_plan_t *krylov_fast_plan_create(long n, long chunk, unsigned measure)
{
    unsigned flags;
    if (n <= 0) {
        kf_error("n = %ld: the size must be at least 1", n);
        return NULL;
    }
    if (!is_pow2(n)) {
        kf_error("n = %ld is not a power of two (pad a corner-free operator with zero "
                 "subdiagonal entries and zero vector entries up to the next power of two)", n);
        return NULL;
    }
    if (chunk <= 0) {
        kf_error("chunk = %ld: must be at least 1", chunk);
        return NULL;
    }
    flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    krylov_fast_plan_t *p = calloc(1, sizeof *p);
    p->n = n;
    p->chunk = chunk;
    p->levels = log2_exact(n);
    p->direct_below = KRYLOV_FAST_DIRECT_BELOW;
    p->rbuf = fftw_alloc_real((size_t)(2 * n * chunk));
    p->cbuf = fftw_alloc_complex((size_t)((n + 1) * chunk));
    p->s1 = fftw_alloc_real((size_t)(n * chunk));
    p->s2 = fftw_alloc_real((size_t)(n * chunk));
    p->xbuf = fftw_alloc_complex((size_t)((n + 1) * chunk));
    p->fwd = calloc((size_t)p->levels + 1, sizeof *p->fwd);
    p->inv = calloc((size_t)p->levels + 1, sizeof *p->inv);
    p->xfwd = calloc((size_t)p->levels + 1, sizeof *p->xfwd);
    p->xinv = calloc((size_t)p->levels + 1, sizeof *p->xinv);
    if (!p->rbuf || !p->cbuf || !p->xbuf || !p->s1 || !p->s2 || !p->fwd || !p->inv || !p->xfwd ||
        !p->xinv) {
        krylov_fast_plan_destroy(p);
        kf_error("out of memory for n = %ld", n);
        return NULL;
    }
    for (long L = 0; L < p->levels; L++) {
        int len = (int)(2L << L);
        int howmany = (int)((n >> (L + 1)) * chunk);
        p->fwd[L] = fftw_plan_many_dft_r2c(1, &len, howmany, p->rbuf, NULL, 1, len, p->cbuf,
                                           NULL, 1, len / 2 + 1, flags);
        p->inv[L] = fftw_plan_many_dft_c2r(1, &len, howmany, p->cbuf, NULL, 1, len / 2 + 1,
                                           p->rbuf, NULL, 1, len, flags);
        p->xfwd[L] = fftw_plan_many_dft_r2c(1, &len, (int)chunk, p->rbuf, NULL, 1, len, p->xbuf,
                                            NULL, 1, len / 2 + 1, flags);
        p->xinv[L] = fftw_plan_many_dft_c2r(1, &len, (int)chunk, p->xbuf, NULL, 1, len / 2 + 1,
                                            p->rbuf, NULL, 1, len, flags);
    }
    if (n >= 2) {
        int len = (int)(2 * n);
        p->root_fwd = fftw_plan_many_dft_r2c(1, &len, (int)chunk, p->rbuf, NULL, 1, len,
                                             p->cbuf, NULL, 1, len / 2 + 1, flags);
        p->root_inv = fftw_plan_many_dft_c2r(1, &len, (int)chunk, p->cbuf, NULL, 1,
                                             len / 2 + 1, p->rbuf, NULL, 1, len, flags);
    }
    if (chunk > 1 && !(p->single = krylov_fast_plan_create(n, 1, measure))) {
        krylov_fast_plan_destroy(p);
        return NULL;
    }
    return p;
}

void krylov_fast_plan_destroy(krylov_fast_plan_t *p)
{
    if (!p)
        return;
    for (long L = 0; L < p->levels && p->fwd && p->inv; L++) {
        if (p->fwd[L])
            fftw_destroy_plan(p->fwd[L]);
        if (p->inv[L])
            fftw_destroy_plan(p->inv[L]);
        if (p->xfwd && p->xfwd[L])
            fftw_destroy_plan(p->xfwd[L]);
        if (p->xinv && p->xinv[L])
            fftw_destroy_plan(p->xinv[L]);
    }
    if (p->root_fwd)
        fftw_destroy_plan(p->root_fwd);
    if (p->root_inv)
        fftw_destroy_plan(p->root_inv);
    free(p->fwd);
    free(p->inv);
    free(p->xfwd);
    free(p->xinv);
    fftw_free(p->xbuf);
    krylov_fast_plan_destroy(p->single);
    fftw_free(p->rbuf);
    fftw_free(p->cbuf);
    fftw_free(p->s1);
    fftw_free(p->s2);
    free(p);
}

long krylov_fast_plan_size(const krylov_fast_plan_t *p) { return p->n; }

void krylov_fast_plan_set_direct_below(krylov_fast_plan_t *p, long h_min)
{
    p->direct_below = h_min < 1 ? 1 : h_min;
    if (p->single)
        krylov_fast_plan_set_direct_below(p->single, h_min);
}

/* ------------------------------------------------------------------ op (g-dependent data) */

/* Spectra (divided by the FFT length 2h, FFTW's inverse being unnormalised) of the nb
 * zero-padded blocks v[b*h .. b*h+h) at length 2h, with the plan's batched level transform
 * (its first nb transforms; the plan must have levels >= L+1). */
static void level_spectra(const krylov_fast_plan_t *p, long L, fftw_complex *out,
                          const double *v, long nb)
{
    long h = 1L << L, m = 2 * h;
    memset(p->rbuf, 0, sizeof(double) * (size_t)(m * nb * p->chunk));
    for (long b = 0; b < nb; b++)
        memcpy(p->rbuf + b * m, v + b * h, sizeof(double) * (size_t)h);
    kf_exec_blocks(p, p->fwd[L], L);
    for (long k = 0; k < nb * (h + 1); k++) {
        out[k][0] = p->cbuf[k][0] / (double)m;
        out[k][1] = p->cbuf[k][1] / (double)m;
    }
}

/* The same for one sequence of length n at length 2n (the corner's root product). */
static void root_spectrum(const krylov_fast_plan_t *p, fftw_complex *out, const double *v)
{
    long n = p->n;
    memset(p->rbuf, 0, sizeof(double) * (size_t)(2 * n * p->chunk));
    memcpy(p->rbuf, v, sizeof(double) * (size_t)n);
    kf_exec_root(p, p->root_fwd);
    for (long k = 0; k <= n; k++) {
        out[k][0] = p->cbuf[k][0] / (double)(2 * n);
        out[k][1] = p->cbuf[k][1] / (double)(2 * n);
    }
}

/* Bottom-up over g alone: LG by (3), pi per block, and the per-level data. */
static void op_precompute(krylov_fast_op_t *K, const double *a)
{
    long n = K->n;
    double *lg = malloc(sizeof(double) * (size_t)n);
    double *pi = malloc(sizeof(double) * (size_t)n);
    memcpy(lg, K->g, sizeof(double) * (size_t)n);
    for (long t = 0; t < n; t++)
        pi[t] = 1.0;
    for (long L = 0; L < K->p->levels; L++) {
        long h = 1L << L, m = 2 * h, nb = n / m;
        double *left = K->lg_left + off_half(n, L);
        double *sw = K->scale_w + off_scale(n, L);
        fftw_complex *sp = K->spec + off_spec(n, L);
        for (long b = 0; b < nb; b++) {
            long base = b * m;
            double ah = a[base + h - 1]; /* a_{base+h}: a[] holds a_1.. at index 0.. */
            double pi1 = pi[2 * b], pi2 = pi[2 * b + 1];
            for (long k = 0; k < h; k++)
                left[b * h + k] = ah * lg[base + k];
            sw[b] = ah * pi1;
            /* (3): lower half <- LG2, upper half <- a_h pi2 LG1 */
            for (long k = 0; k < h; k++) {
                double l1 = lg[base + k];
                lg[base + k] = lg[base + h + k];
                lg[base + h + k] = ah * pi2 * l1;
            }
            pi[b] = pi1 * ah * pi2;
        }
        level_spectra(K->p, L, sp, left, nb); /* all levels: the threshold may change later */
    }
    if (K->corner != 0.0 && n >= 2) {
        memcpy(K->lg_root, lg, sizeof(double) * (size_t)n);
        double *fl = malloc(sizeof(double) * (size_t)n);
        for (long k = 0; k < n; k++)
            fl[k] = K->corner * lg[k];
        root_spectrum(K->p, K->spec_root, fl);
        free(fl);
    }
    free(lg);
    free(pi);
}

krylov_fast_op_t *krylov_fast_op_create(krylov_fast_plan_t *p, const double *a, long len_a,
                                        double corner, const double *g, long len_g)
{
    long n = p->n;
    if (len_a != n - 1) {
        kf_error("the subdiagonal must have n-1 entries (plan n = %ld)", n);
        return NULL;
    }
    if (len_g != n) {
        kf_error("the Krylov vector must have n entries (plan n = %ld)", n);
        return NULL;
    }
    if (!all_finite(a, n - 1) || !isfinite(corner)) {
        kf_error("operator entries must be finite (NaN or Inf in the subdiagonal/corner, n = %ld)", n);
        return NULL;
    }
    if (!all_finite(g, n)) {
        kf_error("the Krylov vector g contains NaN or Inf (n = %ld)", n);
        return NULL;
    }
    krylov_fast_op_t *K = calloc(1, sizeof *K);
    K->p = p;
    K->n = n;
    K->corner = corner;
    K->g = malloc(sizeof(double) * (size_t)n);
    memcpy(K->g, g, sizeof(double) * (size_t)n);
    K->a = malloc(sizeof(double) * (size_t)n);
    if (n > 1)
        memcpy(K->a, a, sizeof(double) * (size_t)(n - 1));
    long lv = p->levels;
    K->lg_left = malloc(sizeof(double) * (size_t)(off_half(n, lv) + 1));
    K->scale_w = malloc(sizeof(double) * (size_t)(off_scale(n, lv) + 1));
    K->spec = fftw_alloc_complex((size_t)(off_spec(n, lv) + 1));
    if (corner != 0.0 && n >= 2) {
        K->lg_root = malloc(sizeof(double) * (size_t)n);
        K->spec_root = fftw_alloc_complex((size_t)(n + 1));
    }
    op_precompute(K, a);
    return K;
}

void krylov_fast_op_destroy(krylov_fast_op_t *K)
{
    if (!K)
        return;
    free(K->g);
    free(K->a);
    free(K->lg_left);
    free(K->scale_w);
    fftw_free(K->spec);
    free(K->lg_root);
    fftw_free(K->spec_root);
    free(K);
}

/* ------------------------------------------------------------------ bottom-up: K^T u
 * Merging UG only adds the right half into the left half (no shift), so every block's
 * product z a_h U0_2 LG_1 lands at the same coefficients of the root's UG: the root is
 *     UG = sum_t u_t g_t (at z^0) + sum over levels and blocks of z (U0_2 * a_h LG_1).
 * Per level: one forward FFT per block, the spectra summed over blocks, ONE inverse FFT. */

/* acc (cnt vectors) += z * sum_b U0_right(b) * a_h LG_left(b) at level L. */
static void level_up(const krylov_fast_op_t *K, const krylov_fast_plan_t *p, long L,
                     double *acc, const double *U0, long cnt)
{
    long n = K->n, h = 1L << L, m = 2 * h, nb = n / m;
    const double *left = K->lg_left + off_half(n, L);
    if (h < p->direct_below) {
        for (long v = 0; v < cnt; v++)
            for (long b = 0; b < nb; b++)
                conv_add(acc + v * n + 1, U0 + v * n + b * m + h, left + b * h, h);
        return;
    }
    const fftw_complex *sp = K->spec + off_spec(n, L);
    for (long v = 0; v < cnt; v++)
        for (long b = 0; b < nb; b++) {
            double *r = p->rbuf + (v * nb + b) * m;
            memcpy(r, U0 + v * n + b * m + h, sizeof(double) * (size_t)h);
            memset(r + h, 0, sizeof(double) * (size_t)h);
        }
    kf_exec_blocks(p, p->fwd[L], L);
    for (long v = 0; v < cnt; v++) {
        fftw_complex *x = p->xbuf + v * (h + 1);
        memset(x, 0, sizeof(fftw_complex) * (size_t)(h + 1));
        for (long b = 0; b < nb; b++) {
            const fftw_complex *c = p->cbuf + (v * nb + b) * (h + 1), *s = sp + b * (h + 1);
            for (long j = 0; j <= h; j++) {
                x[j][0] += c[j][0] * s[j][0] - c[j][1] * s[j][1];
                x[j][1] += c[j][0] * s[j][1] + c[j][1] * s[j][0];
            }
        }
    }
    kf_exec_one(p, p->xinv[L], L);
    for (long v = 0; v < cnt; v++) {
        const double *r = p->rbuf + v * m;
        double *a = acc + v * n + 1;
        for (long k = 0; k < m - 1; k++)
            a[k] += r[k];
    }
}

/* Corner at the root (bottom-up): acc[k] += f * (U0 * LG)[k-1], k = 1..n-1. */
static void corner_up(const krylov_fast_op_t *K, const krylov_fast_plan_t *p, double *acc,
                      const double *U0, long cnt)
{
    long n = K->n, len = 2 * n;
    if (n < p->direct_below) { /* same rule as the levels, with block length n */
        for (long v = 0; v < cnt; v++)
            for (long i = 0; i + 1 < n; i++)
                for (long l = 0; i + l + 1 < n; l++)
                    acc[v * n + i + l + 1] += U0[v * n + i] * K->corner * K->lg_root[l];
        return;
    }
    for (long v = 0; v < p->chunk; v++) {
        double *r = p->rbuf + v * len;
        memset(r, 0, sizeof(double) * (size_t)len);
        if (v < cnt)
            memcpy(r, U0 + v * n, sizeof(double) * (size_t)n);
    }
    kf_exec_root(p, p->root_fwd);
    for (long v = 0; v < p->chunk; v++) {
        fftw_complex *c = p->cbuf + v * (n + 1);
        for (long j = 0; j <= n; j++) {
            const double *s = K->spec_root[j];
            double re = c[j][0] * s[0] - c[j][1] * s[1];
            double im = c[j][0] * s[1] + c[j][1] * s[0];
            c[j][0] = re;
            c[j][1] = im;
        }
    }
    kf_exec_root(p, p->root_inv);
    for (long v = 0; v < cnt; v++)
        for (long k = 1; k < n; k++)
            acc[v * n + k] += p->rbuf[v * len + k - 1];
}

/* One chunk: y (cnt vectors) = K^T u. */
static void chunk_transpose(const krylov_fast_op_t *K, const krylov_fast_plan_t *p, double *y,
                            const double *u, long cnt)
{
    long n = K->n;
    double *acc = p->s1, *U0 = p->s2;
    memcpy(U0, u, sizeof(double) * (size_t)(n * cnt));
    memset(acc, 0, sizeof(double) * (size_t)(n * cnt));
    for (long v = 0; v < cnt; v++) {
        double d = 0.0;
        for (long t = 0; t < n; t++)
            d += u[v * n + t] * K->g[t];
        acc[v * n] = d; /* the leaves: sum_t u_t g_t at z^0 */
    }
    for (long L = 0; L < p->levels; L++) {
        long h = 1L << L, m = 2 * h, nb = n / m;
        const double *sw = K->scale_w + off_scale(n, L);
        level_up(K, p, L, acc, U0, cnt); /* (1), with U0 right halves before (2) */
        for (long v = 0; v < cnt; v++)    /* (2): upper half of U0 scaled by a_h pi1 */
            for (long b = 0; b < nb; b++) {
                double *u0 = U0 + v * n + b * m + h;
                for (long k = 0; k < h; k++)
                    u0[k] *= sw[b];
            }
    }
    if (K->spec_root)
        corner_up(K, p, acc, U0, cnt);
    memcpy(y, acc, sizeof(double) * (size_t)(n * cnt));
}

/* ------------------------------------------------------------------ top-down: K x
 * Every node's xY is the leading part x[0:m] of the input (the right child receives a copy
 * of the left half, by induction from the root's xY = x), so at a level the correlations
 * of all blocks use the SAME x[0:2h]: one forward FFT per level, one inverse per block, and
 * at the leaves xY = x_0, i.e. y_t = x_0 g_t + xW_t. */

/* Right children at level L: XW2 = a_h pi1 XW[h:] + corr(x[0:2h], a_h LG_1)[1..h]. */
static void level_down(const krylov_fast_op_t *K, const krylov_fast_plan_t *p, long L,
                       const double *x, double *XW, long cnt)
{
    long n = K->n, h = 1L << L, m = 2 * h, nb = n / m;
    const double *left = K->lg_left + off_half(n, L);
    const double *sw = K->scale_w + off_scale(n, L);
    if (h < p->direct_below) {
        double c[KRYLOV_FAST_DIRECT_BELOW + 1];
        double *buf = h <= KRYLOV_FAST_DIRECT_BELOW ? c : malloc(sizeof(double) * (size_t)h);
        for (long v = 0; v < cnt; v++)
            for (long b = 0; b < nb; b++) {
                double *xw = XW + v * n + b * m;
                corr_direct(buf, x + v * n, left + b * h, h);
                for (long k = 0; k < h; k++)
                    xw[h + k] = sw[b] * xw[h + k] + buf[k];
            }
        if (buf != c)
            free(buf);
        return;
    }
    const fftw_complex *sp = K->spec + off_spec(n, L);
    for (long v = 0; v < cnt; v++)
        memcpy(p->rbuf + v * m, x + v * n, sizeof(double) * (size_t)m);
    kf_exec_one(p, p->xfwd[L], L);
    for (long v = 0; v < cnt; v++) {
        const fftw_complex *X = p->xbuf + v * (h + 1);
        for (long b = 0; b < nb; b++) {
            fftw_complex *c = p->cbuf + (v * nb + b) * (h + 1);
            const fftw_complex *s = sp + b * (h + 1);
            for (long j = 0; j <= h; j++) { /* X conj(S): correlation */
                c[j][0] = X[j][0] * s[j][0] + X[j][1] * s[j][1];
                c[j][1] = X[j][1] * s[j][0] - X[j][0] * s[j][1];
            }
        }
    }
    kf_exec_blocks(p, p->inv[L], L);
    for (long v = 0; v < cnt; v++)
        for (long b = 0; b < nb; b++) {
            const double *r = p->rbuf + (v * nb + b) * m;
            double *xw = XW + v * n + b * m;
            for (long k = 0; k < h; k++)
                xw[h + k] = sw[b] * xw[h + k] + r[k + 1];
        }
}

/* Corner at the root (top-down): XW = f corr(x, LG_root)[1..n], x zero-padded to 2n. */
static void corner_down(const krylov_fast_op_t *K, const krylov_fast_plan_t *p, const double *x,
                        double *XW, long cnt)
{
    long n = K->n, len = 2 * n;
    if (n < p->direct_below) {
        for (long v = 0; v < cnt; v++)
            for (long k = 0; k < n; k++) {
                double s = 0.0;
                for (long l = 0; k + 1 + l < n; l++)
                    s += x[v * n + k + 1 + l] * K->corner * K->lg_root[l];
                XW[v * n + k] = s;
            }
        return;
    }
    for (long v = 0; v < p->chunk; v++) {
        double *r = p->rbuf + v * len;
        memset(r, 0, sizeof(double) * (size_t)len);
        if (v < cnt)
            memcpy(r, x + v * n, sizeof(double) * (size_t)n);
    }
    kf_exec_root(p, p->root_fwd);
    for (long v = 0; v < p->chunk; v++) {
        fftw_complex *c = p->cbuf + v * (n + 1);
        for (long j = 0; j <= n; j++) {
            const double *s = K->spec_root[j];
            double re = c[j][0] * s[0] + c[j][1] * s[1];
            double im = c[j][1] * s[0] - c[j][0] * s[1];
            c[j][0] = re;
            c[j][1] = im;
        }
    }
    kf_exec_root(p, p->root_inv);
    for (long v = 0; v < cnt; v++)
        for (long k = 0; k < n; k++)
            XW[v * n + k] = p->rbuf[v * len + k + 1];
}

/* One chunk: y = K x. */
static void chunk_forward(const krylov_fast_op_t *K, const krylov_fast_plan_t *p, double *y,
                          const double *x, long cnt)
{
    long n = K->n;
    double *XW = p->s2;
    if (K->spec_root)
        corner_down(K, p, x, XW, cnt);
    else
        memset(XW, 0, sizeof(double) * (size_t)(n * cnt));
    for (long L = p->levels - 1; L >= 0; L--)
        level_down(K, p, L, x, XW, cnt);
    for (long v = 0; v < cnt; v++)
        for (long t = 0; t < n; t++) {
            y[v * n + t] = x[v * n] * K->g[t] + XW[v * n + t];
        }
}

/* ------------------------------------------------------------------ public multiplies */
typedef void (*chunk_fn)(const krylov_fast_op_t *, const krylov_fast_plan_t *, double *,
                         const double *, long);

static int run_chunks(const krylov_fast_op_t *K, chunk_fn f, double *y, const double *x,
                      long count)
{
    long n = K->n, C = K->p->chunk;
    if (count <= 0)
        return kf_error("count = %ld: at least one vector is needed", count);
    if (!all_finite(x, n * count))
        return kf_error("input vectors contain NaN or Inf (n = %ld)", n);
    for (long v0 = 0; v0 < count; v0 += C) {
        long cnt = count - v0 < C ? count - v0 : C;
        if (cnt == C) /* a full chunk: the batched plans */
            f(K, K->p, y + v0 * n, x + v0 * n, cnt);
        else /* a partial chunk: vector by vector (no transforms of zero padding) */
            for (long v = v0; v < v0 + cnt; v++)
                f(K, K->p->single, y + v * n, x + v * n, 1);
    }
    if (!all_finite(y, n * count))
        return kf_error("result overflows double (Krylov entries grow like products of the "
                        "subdiagonal entries; n = %ld)", n);
    return 0;
}

int krylov_fast_mul(const krylov_fast_op_t *K, double *y, const double *x, long count)
{
    return run_chunks(K, chunk_forward, y, x, count);
}

int krylov_fast_mul_transpose(const krylov_fast_op_t *K, double *y, const double *x, long count)
{
    return run_chunks(K, chunk_transpose, y, x, count);
}
