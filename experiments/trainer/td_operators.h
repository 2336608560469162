/* td_operators.h - the learned operators of an LDR-TD layer as a text file (issue 16): the
 * trained A, B^T (tridiagonal + two corners, layout of tridiag_op.h) and generators g_i, h_i
 * of layer 0, so that experiments can test algorithms on real trained operators
 * (`train --dump-operators FILE`, read by experiments/krylov_accuracy.c).
 *
 * Format (text, '#' lines are comments and may only precede the data):
 *     ldr-td-operators 1
 *     n N rank R
 *     corners CU_A CL_A CU_B CL_B
 *     N lines: d_A s_A u_A d_B s_B u_B g_0 .. g_{R-1} h_0 .. h_{R-1}
 * line t holds entry t of every vector; s, u have n-1 entries and are written 0 on the last
 * line (and must be 0 there).  Numbers in %.17g: the file round-trips every double. */
#ifndef EXPERIMENTS_TRAINER_TD_OPERATORS_H
#define EXPERIMENTS_TRAINER_TD_OPERATORS_H

#include "trainer/model.h"

typedef struct {
    long n, rank;
    double *d[2], *s[2], *u[2]; /* [0] = A, [1] = B^T; n entries each (s, u: last is 0) */
    double cu[2], cl[2];
    double *g, *h;              /* rank x n each, row i = g_i (h_i) */
} td_operators_t;

/* The operators of layer 0 of M (copied; corners 0 when they are fixed).  0, or -1 with one
 * line on stderr when layer 0 is not LDR-TD or memory runs out. */
int td_operators_from_model(const model_t *m, td_operators_t *ops);

/* Write OPS to PATH atomically, HEADER (may be NULL; lines without '#' get one) first.  0/-1. */
int td_operators_save(const char *path, const td_operators_t *ops, const char *header);

/* Read PATH.  0, or -1 with one line "td_operators: PATH:LINE: reason" on stderr (nothing
 * allocated).  Sizes: 2 <= n <= 1 << 16, 1 <= rank <= n; every number finite. */
int td_operators_load(const char *path, td_operators_t *ops);

void td_operators_free(td_operators_t *ops);

#endif
