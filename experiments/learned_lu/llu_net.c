/* llu_net.c -- hierarchical block-triangular network: layout, products, gradients
 * (see llu_net.h for the definition and the block-triangularity argument). */
#include "learned_lu/llu_net.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* C (M x N) = alpha op(A) op(B) + beta C, row-major. */
static void gemm(int ta, int tb, int M, int N, int K, double alpha, const double *A, int lda,
                 const double *B, int ldb, double beta, double *C, int ldc)
{
    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

int llu_net_node(const llu_net_t *net, int level, int p)
{
    (void)net;
    return (1 << level) - 2 + p;
}

/* Bridge source of node p at a level with w nodes (-1 if none): strictly triangular. */
static int bridge_source(const llu_net_t *net, int p, int w)
{
    int s = net->tri == LLU_LOWER ? p - 1 : p + 1;
    return (s >= 0 && s < w) ? s : -1;
}

/* Outer-bridge neighbour of leaf p (-1 if none): block-bidiagonal. */
static int near_leaf(const llu_net_t *net, int p)
{
    return bridge_source(net, p, net->m);
}

static size_t take(size_t *cursor, size_t len)
{
    size_t o = *cursor;
    *cursor += len;
    return o;
}

int llu_net_init(llu_net_t *net, llu_tri_t tri, int n, int b, int r)
{
    memset(net, 0, sizeof *net);
    if (n < 1 || b < 1 || r < 1) {
        fprintf(stderr, "llu_net: n, block size and rank must be positive (n=%d b=%d r=%d)\n",
                n, b, r);
        return -1;
    }
    if (n % b != 0) {
        fprintf(stderr, "llu_net: block size %d does not divide n = %d\n", b, n);
        return -1;
    }
    int m = n / b, levels = 0;
    while ((1 << levels) < m)
        levels++;
    if ((1 << levels) != m || levels < 2) {
        fprintf(stderr, "llu_net: n/b = %d blocks must be a power of two >= 4 (two or more levels)\n",
                m);
        return -1;
    }
    if (r > b) {
        fprintf(stderr, "llu_net: rank %d exceeds block size %d\n", r, b);
        return -1;
    }
    net->tri = tri;
    net->n = n, net->b = b, net->m = m, net->levels = levels, net->r = r;
    net->nnodes = (1 << (levels + 1)) - 2;
    net->off_in = malloc(sizeof(size_t) * m);
    net->off_out = malloc(sizeof(size_t) * m);
    net->off_diag = malloc(sizeof(size_t) * m);
    net->off_near = malloc(sizeof(size_t) * m);
    net->off_up = malloc(sizeof(size_t) * net->nnodes);
    net->off_down = malloc(sizeof(size_t) * net->nnodes);
    net->off_bridge = malloc(sizeof(size_t) * net->nnodes);
    size_t cur = 0, bb = (size_t)b * b, br = (size_t)b * r, rr = (size_t)r * r;
    for (int p = 0; p < m; p++) {
        net->off_in[p] = take(&cur, br);
        net->off_out[p] = take(&cur, br);
        net->off_diag[p] = take(&cur, bb);
        net->off_near[p] = near_leaf(net, p) >= 0 ? take(&cur, bb) : LLU_NONE;
    }
    for (int l = 1; l <= levels; l++) {
        for (int p = 0; p < (1 << l); p++) {
            int id = llu_net_node(net, l, p);
            net->off_up[id] = l >= 2 ? take(&cur, rr) : LLU_NONE;
            net->off_down[id] = l >= 2 ? take(&cur, rr) : LLU_NONE;
            net->off_bridge[id] = bridge_source(net, p, 1 << l) >= 0 ? take(&cur, rr) : LLU_NONE;
        }
    }
    net->nparams = cur;
    return 0;
}

void llu_net_clear(llu_net_t *net)
{
    free(net->off_in), free(net->off_out), free(net->off_diag), free(net->off_near);
    free(net->off_up), free(net->off_down), free(net->off_bridge);
    memset(net, 0, sizeof *net);
}

void llu_net_bind(llu_net_t *net, double *theta) { net->theta = theta; }

static void fill_rows(int *row, size_t off, size_t len, int value)
{
    if (off == LLU_NONE)
        return;
    for (size_t i = 0; i < len; i++)
        row[off + i] = value;
}

/* First leaf reachable from q^l_p: through its bridge target or through its parent. */
static int q_reach(const llu_net_t *net, int level, int p)
{
    int span = 1 << (net->levels - level), best = net->m;
    int t = net->tri == LLU_LOWER ? p + 1 : p - 1; /* the node whose bridge reads q^l_p */
    if (t >= 0 && t < (1 << level))
        best = t * span;
    if (level >= 2) {
        int up = q_reach(net, level - 1, p / 2);
        if (up < best)
            best = up;
    }
    return best;
}

void llu_net_first_rows(const llu_net_t *net, int *row)
{
    size_t bb = (size_t)net->b * net->b, br = (size_t)net->b * net->r,
           rr = (size_t)net->r * net->r;
    for (int p = 0; p < net->m; p++) {
        fill_rows(row, net->off_in[p], br, q_reach(net, net->levels, p));
        fill_rows(row, net->off_out[p], br, p);
        fill_rows(row, net->off_diag[p], bb, p);
        fill_rows(row, net->off_near[p], bb, p);
    }
    for (int l = 1; l <= net->levels; l++) {
        int span = 1 << (net->levels - l);
        for (int p = 0; p < (1 << l); p++) {
            int id = llu_net_node(net, l, p);
            if (l >= 2)
                fill_rows(row, net->off_up[id], rr, q_reach(net, l - 1, p / 2));
            fill_rows(row, net->off_down[id], rr, p * span);
            fill_rows(row, net->off_bridge[id], rr, p * span);
        }
    }
}

size_t llu_net_effective_params(const llu_net_t *net)
{
    int *row = malloc(sizeof(int) * net->nparams);
    llu_net_first_rows(net, row);
    size_t count = 0;
    for (size_t i = 0; i < net->nparams; i++)
        count += row[i] < net->m;
    free(row);
    return count;
}

static void scale_block(llu_net_t *net, const double *normals, size_t off, size_t len,
                        double scale)
{
    if (off == LLU_NONE)
        return;
    for (size_t i = 0; i < len; i++)
        net->theta[off + i] = scale * normals[off + i];
}

void llu_net_randomize(llu_net_t *net, const double *normals, double lowrank_scale,
                       double dense_scale, double diag)
{
    size_t bb = (size_t)net->b * net->b, br = (size_t)net->b * net->r,
           rr = (size_t)net->r * net->r;
    double sb = 1.0 / sqrt((double)net->b), sr = 1.0 / sqrt((double)net->r);
    for (int p = 0; p < net->m; p++) {
        scale_block(net, normals, net->off_in[p], br, lowrank_scale * sb);
        scale_block(net, normals, net->off_out[p], br, lowrank_scale * sr);
        scale_block(net, normals, net->off_diag[p], bb, dense_scale * sb);
        scale_block(net, normals, net->off_near[p], bb, dense_scale * sb);
        for (int i = 0; i < net->b; i++)
            net->theta[net->off_diag[p] + (size_t)i * net->b + i] += diag;
    }
    for (int id = 0; id < net->nnodes; id++) {
        scale_block(net, normals, net->off_up[id], rr, lowrank_scale * sr);
        scale_block(net, normals, net->off_down[id], rr, lowrank_scale * sr);
        scale_block(net, normals, net->off_bridge[id], rr, lowrank_scale * sr);
    }
}

llu_ws_t *llu_ws_create(const llu_net_t *net, int kmax)
{
    llu_ws_t *ws = calloc(1, sizeof *ws);
    size_t len = (size_t)net->nnodes * net->r * kmax;
    ws->kmax = kmax, ws->nnodes = net->nnodes, ws->r = net->r;
    ws->q = calloc(len, sizeof(double));
    ws->z = calloc(len, sizeof(double));
    ws->qt = calloc(len, sizeof(double));
    ws->zt = calloc(len, sizeof(double));
    return ws;
}

void llu_ws_free(llu_ws_t *ws)
{
    if (!ws)
        return;
    free(ws->q), free(ws->z), free(ws->qt), free(ws->zt);
    free(ws);
}

/* Block of node id in a signal array (r x k, leading dimension k). */
static double *sig(double *base, const llu_net_t *net, int id, int k)
{
    return base + (size_t)id * net->r * k;
}

#define PAR(off) (net->theta + (off))

/* Forward node signals: up-sweep q, then bridges + down-sweep z. */
static void forward_signals(const llu_net_t *net, const double *X, int k, double *q, double *z)
{
    int L = net->levels, r = net->r, b = net->b;
    for (int p = 0; p < net->m; p++)
        gemm(1, 0, r, k, b, 1.0, PAR(net->off_in[p]), r, X + (size_t)p * b * k, k, 0.0,
             sig(q, net, llu_net_node(net, L, p), k), k);
    for (int l = L - 1; l >= 1; l--)
        for (int p = 0; p < (1 << l); p++) {
            double *qp = sig(q, net, llu_net_node(net, l, p), k);
            for (int c = 0; c < 2; c++) {
                int id = llu_net_node(net, l + 1, 2 * p + c);
                gemm(0, 0, r, k, r, 1.0, PAR(net->off_up[id]), r, sig(q, net, id, k), k,
                     c ? 1.0 : 0.0, qp, k);
            }
        }
    for (int l = 1; l <= L; l++)
        for (int p = 0; p < (1 << l); p++) {
            int id = llu_net_node(net, l, p), s = bridge_source(net, p, 1 << l);
            double *zp = sig(z, net, id, k);
            memset(zp, 0, sizeof(double) * r * k);
            if (s >= 0)
                gemm(0, 0, r, k, r, 1.0, PAR(net->off_bridge[id]), r,
                     sig(q, net, llu_net_node(net, l, s), k), k, 0.0, zp, k);
            if (l >= 2)
                gemm(0, 0, r, k, r, 1.0, PAR(net->off_down[id]), r,
                     sig(z, net, llu_net_node(net, l - 1, p / 2), k), k, 1.0, zp, k);
        }
}

/* Adjoint node signals for output gradient G: zt (adjoint of z), qt (adjoint of q). */
static void adjoint_signals(const llu_net_t *net, const double *G, int k, double *qt, double *zt)
{
    int L = net->levels, r = net->r, b = net->b;
    for (int p = 0; p < net->m; p++)
        gemm(1, 0, r, k, b, 1.0, PAR(net->off_out[p]), r, G + (size_t)p * b * k, k, 0.0,
             sig(zt, net, llu_net_node(net, L, p), k), k);
    for (int l = L; l >= 2; l--)
        for (int P = 0; P < (1 << (l - 1)); P++) {
            double *zP = sig(zt, net, llu_net_node(net, l - 1, P), k);
            for (int c = 0; c < 2; c++) {
                int id = llu_net_node(net, l, 2 * P + c);
                gemm(1, 0, r, k, r, 1.0, PAR(net->off_down[id]), r, sig(zt, net, id, k), k,
                     c ? 1.0 : 0.0, zP, k);
            }
        }
    for (int l = 1; l <= L; l++)
        for (int p = 0; p < (1 << l); p++) {
            int id = llu_net_node(net, l, p);
            int t = net->tri == LLU_LOWER ? p + 1 : p - 1; /* node reading q^l_p */
            double *qp = sig(qt, net, id, k);
            memset(qp, 0, sizeof(double) * r * k);
            if (t >= 0 && t < (1 << l)) {
                int tid = llu_net_node(net, l, t);
                gemm(1, 0, r, k, r, 1.0, PAR(net->off_bridge[tid]), r, sig(zt, net, tid, k), k,
                     0.0, qp, k);
            }
            if (l >= 2)
                gemm(1, 0, r, k, r, 1.0, PAR(net->off_up[id]), r,
                     sig(qt, net, llu_net_node(net, l - 1, p / 2), k), k, 1.0, qp, k);
        }
}

void llu_net_apply(const llu_net_t *net, int trans, const double *X, int k, double *Y,
                   llu_ws_t *ws)
{
    int L = net->levels, r = net->r, b = net->b;
    size_t blk = (size_t)b * k;
    if (!trans) {
        forward_signals(net, X, k, ws->q, ws->z);
        for (int p = 0; p < net->m; p++) {
            double *Yp = Y + p * blk;
            gemm(0, 0, b, k, r, 1.0, PAR(net->off_out[p]), r,
                 sig(ws->z, net, llu_net_node(net, L, p), k), k, 0.0, Yp, k);
            gemm(0, 0, b, k, b, 1.0, PAR(net->off_diag[p]), b, X + p * blk, k, 1.0, Yp, k);
            int s = near_leaf(net, p);
            if (s >= 0)
                gemm(0, 0, b, k, b, 1.0, PAR(net->off_near[p]), b, X + s * blk, k, 1.0, Yp, k);
        }
        return;
    }
    adjoint_signals(net, X, k, ws->qt, ws->zt);
    for (int p = 0; p < net->m; p++) {
        double *Yp = Y + p * blk;
        gemm(0, 0, b, k, r, 1.0, PAR(net->off_in[p]), r,
             sig(ws->qt, net, llu_net_node(net, L, p), k), k, 0.0, Yp, k);
        gemm(1, 0, b, k, b, 1.0, PAR(net->off_diag[p]), b, X + p * blk, k, 1.0, Yp, k);
    }
    /* E_p couples output block p to input block s(p); transposed it maps block p to s(p). */
    for (int p = 0; p < net->m; p++) {
        int s = near_leaf(net, p);
        if (s >= 0)
            gemm(1, 0, b, k, b, 1.0, PAR(net->off_near[p]), b, X + p * blk, k, 1.0, Y + s * blk,
                 k);
    }
}

void llu_net_grad(const llu_net_t *net, const double *X, const double *G, int k, double *grad,
                  llu_ws_t *ws)
{
    int L = net->levels, r = net->r, b = net->b;
    size_t blk = (size_t)b * k;
    forward_signals(net, X, k, ws->q, ws->z);
    adjoint_signals(net, G, k, ws->qt, ws->zt);
    for (int p = 0; p < net->m; p++) {
        int leaf = llu_net_node(net, L, p), s = near_leaf(net, p);
        gemm(0, 1, b, r, k, 1.0, G + p * blk, k, sig(ws->z, net, leaf, k), k, 1.0,
             grad + net->off_out[p], r);
        gemm(0, 1, b, b, k, 1.0, G + p * blk, k, X + p * blk, k, 1.0, grad + net->off_diag[p], b);
        if (s >= 0)
            gemm(0, 1, b, b, k, 1.0, G + p * blk, k, X + s * blk, k, 1.0,
                 grad + net->off_near[p], b);
        gemm(0, 1, b, r, k, 1.0, X + p * blk, k, sig(ws->qt, net, leaf, k), k, 1.0,
             grad + net->off_in[p], r);
    }
    for (int l = 1; l <= L; l++)
        for (int p = 0; p < (1 << l); p++) {
            int id = llu_net_node(net, l, p), s = bridge_source(net, p, 1 << l);
            if (s >= 0)
                gemm(0, 1, r, r, k, 1.0, sig(ws->zt, net, id, k), k,
                     sig(ws->q, net, llu_net_node(net, l, s), k), k, 1.0,
                     grad + net->off_bridge[id], r);
            if (l >= 2) {
                int par = llu_net_node(net, l - 1, p / 2);
                gemm(0, 1, r, r, k, 1.0, sig(ws->zt, net, id, k), k, sig(ws->z, net, par, k), k,
                     1.0, grad + net->off_down[id], r);
                gemm(0, 1, r, r, k, 1.0, sig(ws->qt, net, par, k), k, sig(ws->q, net, id, k), k,
                     1.0, grad + net->off_up[id], r);
            }
        }
}

void llu_net_dense(const llu_net_t *net, double *M)
{
    int n = net->n, kb = n < 64 ? n : 64;
    llu_ws_t *ws = llu_ws_create(net, kb);
    double *E = calloc((size_t)n * kb, sizeof(double)), *Y = malloc(sizeof(double) * n * kb);
    for (int j0 = 0; j0 < n; j0 += kb) {
        int k = n - j0 < kb ? n - j0 : kb;
        memset(E, 0, sizeof(double) * n * k);
        for (int j = 0; j < k; j++)
            E[(size_t)(j0 + j) * k + j] = 1.0;
        llu_net_apply(net, 0, E, k, Y, ws);
        for (int i = 0; i < n; i++)
            memcpy(M + (size_t)i * n + j0, Y + (size_t)i * k, sizeof(double) * k);
    }
    free(E), free(Y);
    llu_ws_free(ws);
}
