/* benes.h -- Theorem 5.6 (Rudra survey; Dao et al., Kaleidoscope): every permutation
 * matrix of size n = 2^t lies in BB*, constructively: the Benes network routes any
 * permutation with 2 log2 n stages of 2 x 2 switches (looping algorithm), and each stage
 * is a butterfly factor matrix whose 2 x 2 blocks are I or the swap [0 1; 1 0].
 *
 * Convention: the permutation PERM sends position i to position perm[i], i.e. the matrix
 * is P[perm[i]][i] = 1 and (P x)[perm[i]] = x[i].
 *
 * Stage order BENES_DEC_INC (the BB* order of the survey, applied first to last): strides
 * n/2, n/4, ..., 1 (the factors of B^*, block sizes n .. 2), then 1, 2, ..., n/2 (the
 * factors of B, block sizes 2 .. n).  BENES_INC_DEC is the mirror image (strides 1 .. n/2,
 * then n/2 .. 1, i.e. a B followed by a B^*), obtained by conjugating with the
 * bit-reversal permutation; the K-matrix construction of Theorem 5.7 needs it.
 * Routing costs O(n) per level, O(n log n) in total. */
#ifndef ALGEBRA_BENES_H
#define ALGEBRA_BENES_H

#include "circuits/butterfly.h"

typedef enum { BENES_DEC_INC, BENES_INC_DEC } benes_order_t;

typedef struct {
    slong n;
    int logn;
    benes_order_t order;
    unsigned char *sw; /* sw[f * n/2 + p]: 1 = pair p of stage f is swapped */
} benes_struct;
typedef benes_struct benes_t[1];

/* Route PERM (length n).  Returns 0, or -1 with a one-line error ("benes: ...") when n is
 * not a power of two (n >= 1) or PERM is not a permutation of 0..n-1.  B is initialised
 * only on success. */
int benes_route(benes_t B, const slong *perm, slong n, benes_order_t order);
void benes_clear(benes_t B);

slong benes_stages(const benes_t B);               /* 2 log2 n */
slong benes_stage_stride(const benes_t B, slong f); /* stride of stage f */

/* y = P x on integer labels, stage by stage (exact). */
void benes_apply_labels(const benes_t B, slong *y, const slong *x);
/* 1 if routing the labels 0..n-1 gives y[perm[i]] = i, i.e. the product of the stage
 * permutation matrices is P (each stage is a permutation matrix by construction). */
int benes_check(const benes_t B, const slong *perm);

/* Append the stages as exact butterfly factor matrices (blocks I or swap) to S
 * (S->N == n). */
void benes_to_butterfly(butterfly_seq_t S, const benes_t B);

#endif
