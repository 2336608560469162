/* kmatrix_dim.c -- Jacobian and gauge ranks mod p for (BB*)^w (see kmatrix_dim.h). */
#include "circuits/kmatrix_dim.h"

#include <stdlib.h>

#include <flint/nmod_mat.h>
#include <flint/ulong_extras.h>

#include "circuits/butterfly.h" /* butterfly_pair_top */

static slong log2_exact(slong N)
{
    slong t = 0;
    while ((WORD(1) << t) < N)
        t++;
    return (WORD(1) << t) == N ? t : -1;
}

slong kmatrix_merged_sizes(slong *k, slong N, slong w)
{
    slong t = log2_exact(N), L = 0;
    for (slong i = 0; i < w; i++) {
        for (slong s = t; s >= 1; s--) { /* B_N .. B_2 (B_N merged with the previous B'_N^*) */
            if (i > 0 && s == t)
                continue;
            k[L++] = WORD(1) << s;
        }
        for (slong s = 2; s <= t; s++) /* B'_4^* .. B'_N^* (B'_2^* merged into B_2) */
            k[L++] = WORD(1) << s;
    }
    return L;
}

/* entry e (0 a, 1 b, 2 c, 3 d) of pair q of a factor with block size k: (row, col) */
static void pair_entry(slong *r, slong *c, slong k, slong q, int e)
{
    slong h = k / 2, top = butterfly_pair_top(q, h), bot = top + h;
    *r = e < 2 ? top : bot;
    *c = (e == 0 || e == 2) ? top : bot;
}

int kmatrix_dim_bounds(kmatrix_dim_t *R, slong N, slong w, int wrong_gauge, flint_rand_t st)
{
    if (N < 2 || N > 64 || log2_exact(N) < 0 || w < 1 || w > 64)
        return -1;
    slong t = log2_exact(N);
    slong *k = malloc((size_t)(2 * w * t) * sizeof *k);
    slong L = kmatrix_merged_sizes(k, N, w), P = 2 * N * L, np = N / 2;
    ulong p = n_nextprime(UWORD(1) << 62, 1);
    nmod_mat_struct *F = malloc((size_t)L * sizeof *F), *left = malloc((size_t)L * sizeof *left),
                    *right = malloc((size_t)L * sizeof *right);
    /* factor i (0 = leftmost): dense N x N mod p with random 2 x 2 blocks */
    for (slong i = 0; i < L; i++) {
        nmod_mat_init(F + i, N, N, p);
        for (slong q = 0; q < np; q++)
            for (int e = 0; e < 4; e++) {
                slong r, c;
                pair_entry(&r, &c, k[i], q, e);
                nmod_mat_entry(F + i, r, c) = 1 + n_randint(st, p - 1);
            }
    }
    /* left[i] = F_0 .. F_{i-1}, right[i] = F_{i+1} .. F_{L-1} */
    for (slong i = 0; i < L; i++) {
        nmod_mat_init(left + i, N, N, p);
        nmod_mat_init(right + i, N, N, p);
    }
    nmod_mat_one(left + 0);
    for (slong i = 1; i < L; i++)
        nmod_mat_mul(left + i, left + i - 1, F + i - 1);
    nmod_mat_one(right + L - 1);
    for (slong i = L - 2; i >= 0; i--)
        nmod_mat_mul(right + i, F + i + 1, right + i + 1);
    /* Jacobian: d M / d F_i[r][c] = left_i[:, r] right_i[c, :], flattened row-major */
    nmod_mat_t J;
    nmod_mat_init(J, N * N, P, p);
    for (slong i = 0; i < L; i++)
        for (slong q = 0; q < np; q++)
            for (int e = 0; e < 4; e++) {
                slong r, c, col = (i * np + q) * 4 + e;
                pair_entry(&r, &c, k[i], q, e);
                for (slong a = 0; a < N; a++) {
                    ulong la = nmod_mat_entry(left + i, a, r);
                    if (la == 0)
                        continue;
                    for (slong b = 0; b < N; b++)
                        nmod_mat_entry(J, a * N + b, col) =
                            n_mulmod2_preinv(la, nmod_mat_entry(right + i, c, b), p, J->mod.ninv);
                }
            }
    /* gauge vectors: F_i -> F_i (I + s E_jj), F_{i+1} -> (I - s E_jj) F_{i+1}; tangent:
     * + column j of F_i, - row j of F_{i+1} (a sign error when WRONG_GAUGE) */
    slong ng = N * (L - 1);
    nmod_mat_t G, JG;
    nmod_mat_init(G, P, ng > 0 ? ng : 1, p);
    for (slong i = 0; i + 1 < L; i++)
        for (slong j = 0; j < N; j++) {
            slong g = i * N + j;
            for (slong q = 0; q < np; q++)
                for (int e = 0; e < 4; e++) {
                    slong r, c;
                    pair_entry(&r, &c, k[i], q, e);
                    if (c == j)
                        nmod_mat_entry(G, (i * np + q) * 4 + e, g) =
                            nmod_mat_entry(F + i, r, c);
                    pair_entry(&r, &c, k[i + 1], q, e);
                    if (r == j) {
                        ulong v = nmod_mat_entry(F + i + 1, r, c);
                        nmod_mat_entry(G, ((i + 1) * np + q) * 4 + e, g) =
                            wrong_gauge ? v : nmod_neg(v, J->mod);
                    }
                }
        }
    nmod_mat_init(JG, N * N, G->c, p);
    nmod_mat_mul(JG, J, G);
    R->gauge_in_kernel = ng == 0 || nmod_mat_is_zero(JG);
    R->N = N;
    R->w = w;
    R->L = L;
    R->params = P;
    R->gauge_sign_flipped = wrong_gauge;
    R->gauge_rank = ng > 0 ? nmod_mat_rank(G) : 0;
    R->jac_rank = nmod_mat_rank(J);
    R->upper = FLINT_MIN(N * N, P - R->gauge_rank);
    nmod_mat_clear(JG);
    nmod_mat_clear(G);
    nmod_mat_clear(J);
    for (slong i = 0; i < L; i++) {
        nmod_mat_clear(F + i);
        nmod_mat_clear(left + i);
        nmod_mat_clear(right + i);
    }
    free(F);
    free(left);
    free(right);
    free(k);
    return 0;
}
