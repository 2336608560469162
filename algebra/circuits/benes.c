/* benes.c -- Benes-network routing of a permutation (Theorem 5.6), looping algorithm. */
#include "circuits/benes.h"

#include <stdlib.h>
#include <string.h>

slong benes_stages(const benes_t B)
{
    return 2 * (slong) B->logn;
}

slong benes_stage_stride(const benes_t B, slong f)
{
    slong L = B->logn;
    if (B->order == BENES_DEC_INC)
        return f < L ? B->n >> (f + 1) : 1L << (f - L);
    return f < L ? 1L << f : B->n >> (f - L + 1);
}

static int validate(const slong *perm, slong n, int *logn)
{
    int t = 0;
    if (n < 1 || (n & (n - 1))) {
        fprintf(stderr, "benes: n = %ld is not a power of two\n", (long) n);
        return -1;
    }
    while ((1L << t) < n)
        t++;
    *logn = t;
    unsigned char *seen = calloc((size_t) n, 1);
    for (slong i = 0; i < n; i++) {
        if (perm[i] < 0 || perm[i] >= n || seen[perm[i]]) {
            fprintf(stderr, "benes: not a permutation of 0..%ld (entry %ld = %ld %s)\n",
                    (long) n - 1, (long) i, (long) perm[i],
                    (perm[i] < 0 || perm[i] >= n) ? "out of range" : "repeated");
            free(seen);
            return -1;
        }
        seen[perm[i]] = 1;
    }
    free(seen);
    return 0;
}

/* One block of size m at offset off of level l: set the input-stage switches (stage l)
 * and output-stage switches (stage 2L-1-l), write the sub-permutations into NEXT.
 * LP holds the local permutation of the block, INV/SIDE are scratch of size m. */
static void route_block(benes_t B, slong l, slong off, slong m, const slong *lp, slong *next,
                        slong *inv, signed char *side)
{
    slong h = m / 2, n = B->n, L = B->logn;
    unsigned char *in_sw = B->sw + l * (n / 2), *out_sw = B->sw + (2 * L - 1 - l) * (n / 2);
    slong pbase = (off / m) * h; /* pair index of the block's first pair */
    for (slong i = 0; i < m; i++) {
        inv[lp[i]] = i;
        side[i] = -1;
    }
    for (slong s = 0; s < h; s++) { /* looping: alternate sides along each cycle */
        if (side[s] >= 0)
            continue;
        slong i = s;
        side[i] = 0;
        for (;;) {
            slong o = lp[i], o2 = o < h ? o + h : o - h;
            slong i2 = inv[o2];
            side[i2] = 1 - side[i];
            slong i3 = i2 < h ? i2 + h : i2 - h;
            if (side[i3] >= 0)
                break;
            side[i3] = side[i];
            i = i3;
        }
    }
    for (slong s = 0; s < h; s++) {
        slong up = side[s] == 0 ? s : s + h, lo = side[s] == 0 ? s + h : s;
        in_sw[pbase + s] = (unsigned char) (side[s] != 0);
        next[off + s] = lp[up] % h;
        next[off + h + s] = lp[lo] % h;
        out_sw[pbase + lp[up] % h] = (unsigned char) (lp[up] >= h);
    }
}

/* Standard (DEC_INC) routing of PERM into B (already allocated). */
static void route_dec_inc(benes_t B, const slong *perm)
{
    slong n = B->n;
    slong *lp = malloc((size_t) n * sizeof(slong)), *next = malloc((size_t) n * sizeof(slong));
    slong *inv = malloc((size_t) n * sizeof(slong));
    signed char *side = malloc((size_t) n);
    memcpy(lp, perm, (size_t) n * sizeof(slong));
    for (slong l = 0; l < B->logn; l++) {
        slong m = n >> l;
        for (slong off = 0; off < n; off += m)
            route_block(B, l, off, m, lp + off, next, inv, side);
        slong *t = lp;
        lp = next;
        next = t;
    }
    free(lp);
    free(next);
    free(inv);
    free(side);
}

int benes_route(benes_t B, const slong *perm, slong n, benes_order_t order)
{
    int logn;
    if (validate(perm, n, &logn) != 0)
        return -1;
    B->n = n;
    B->logn = logn;
    B->order = BENES_DEC_INC;
    B->sw = calloc((size_t) FLINT_MAX(2 * logn * (n / 2), 1), 1);
    if (order == BENES_DEC_INC || n == 1) {
        route_dec_inc(B, perm);
        B->order = order;
        return 0;
    }
    /* P = R P' R with P' = R P R (R = bit reversal): route P' in DEC_INC order; stage f of
     * stride h acting on pair (t, t + h) becomes the stage of stride n/(2h) on the pair
     * (R t, R t + n/(2h)), with the same switch. */
    slong *pc = malloc((size_t) n * sizeof(slong));
    slong *R = malloc((size_t) n * sizeof(slong));
    for (slong i = 0; i < n; i++) {
        slong r = 0;
        for (int b = 0; b < logn; b++)
            r |= ((i >> b) & 1) << (logn - 1 - b);
        R[i] = r;
    }
    for (slong i = 0; i < n; i++)
        pc[R[i]] = R[perm[i]];
    benes_t C;
    C->n = n;
    C->logn = logn;
    C->order = BENES_DEC_INC;
    C->sw = calloc((size_t) 2 * logn * (n / 2), 1);
    route_dec_inc(C, pc);
    B->order = BENES_INC_DEC;
    for (slong f = 0; f < 2 * logn; f++) {
        slong h = benes_stage_stride(C, f), h2 = benes_stage_stride(B, f);
        for (slong p = 0; p < n / 2; p++) {
            slong t = butterfly_pair_top(p, h), t2 = R[t];
            slong p2 = (t2 / (2 * h2)) * h2 + t2 % h2;
            B->sw[f * (n / 2) + p2] = C->sw[f * (n / 2) + p];
        }
    }
    free(C->sw);
    free(pc);
    free(R);
    return 0;
}

void benes_clear(benes_t B)
{
    free(B->sw);
}

void benes_apply_labels(const benes_t B, slong *y, const slong *x)
{
    slong n = B->n;
    memcpy(y, x, (size_t) n * sizeof(slong));
    for (slong f = 0; f < benes_stages(B); f++) {
        slong h = benes_stage_stride(B, f);
        const unsigned char *sw = B->sw + f * (n / 2);
        for (slong p = 0; p < n / 2; p++)
            if (sw[p]) {
                slong t = butterfly_pair_top(p, h), u = y[t];
                y[t] = y[t + h];
                y[t + h] = u;
            }
    }
}

int benes_check(const benes_t B, const slong *perm)
{
    slong n = B->n;
    slong *x = calloc((size_t) n, sizeof(slong)), *y = calloc((size_t) n, sizeof(slong));
    for (slong i = 0; i < n; i++)
        x[i] = i;
    benes_apply_labels(B, y, x);
    int ok = 1;
    for (slong i = 0; i < n && ok; i++)
        ok = (y[perm[i]] == i);
    free(x);
    free(y);
    return ok;
}

void benes_to_butterfly(butterfly_seq_t S, const benes_t B)
{
    slong n = B->n;
    for (slong f = 0; f < benes_stages(B); f++) {
        butterfly_factor_struct *F = butterfly_seq_push_zero(S, 2 * benes_stage_stride(B, f));
        for (slong p = 0; p < n / 2; p++) {
            int s = B->sw[f * (n / 2) + p];
            fmpq_poly_set_si((s ? F->b : F->a) + p, 1);
            fmpq_poly_set_si((s ? F->c : F->d) + p, 1);
        }
    }
}
