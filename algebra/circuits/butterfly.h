/* butterfly.h -- butterfly factors, butterfly factor matrices and butterfly matrices
 * (Rudra survey, Definitions 5.1-5.3; Dao et al., Kaleidoscope, ICLR 2020).
 *
 * A butterfly factor matrix B_k^(N) (k | N, both powers of two) is block diagonal with N/k
 * butterfly factors [D1 D2; D3 D4] (diagonal k/2 x k/2 blocks).  It acts on the N/2 pairs
 * (top, top + k/2) with top = (p / (k/2)) k + p mod (k/2), p = 0 .. N/2 - 1, by the 2 x 2
 * matrix [a_p b_p; c_p d_p]:  y_top = a x_top + b x_bot,  y_bot = c x_top + d x_bot.
 * The stride of the factor is h = k/2.  Its transpose is the factor with b, c exchanged.
 *
 * A butterfly sequence is a list of factor matrices of one size N applied in order
 * (factor 0 first): the matrix is F_{len-1} ... F_1 F_0.  A butterfly matrix B^(N) =
 * B_N B_{N/2} ... B_2 is the sequence with k = 2, 4, ..., N; its transpose B^* the
 * sequence k = N, ..., 4, 2 of transposed factors.  Exact entries live in Q(zeta_M)
 * (cyclo.h); float64 factors (butterfly_d_*) are for the fast multiply only.
 * Multiplying by a sequence costs O(N) per factor, O(N log N) for a butterfly matrix. */
#ifndef ALGEBRA_BUTTERFLY_H
#define ALGEBRA_BUTTERFLY_H

#include "circuits/cyclo.h"

typedef struct {
    slong N, k;
    fmpq_poly_struct *a, *b, *c, *d; /* N/2 each */
} butterfly_factor_struct;
typedef butterfly_factor_struct butterfly_factor_t[1];

typedef struct {
    slong N, len, alloc;
    butterfly_factor_struct *f;
} butterfly_seq_struct;
typedef butterfly_seq_struct butterfly_seq_t[1];

/* index of the top element of pair p in a factor of stride h */
static inline slong butterfly_pair_top(slong p, slong h)
{
    return (p / h) * 2 * h + p % h;
}

/* zero factor (all blocks 0) of size N and block size k */
void butterfly_factor_init(butterfly_factor_t F, slong N, slong k);
void butterfly_factor_clear(butterfly_factor_t F);
void butterfly_factor_set_identity(butterfly_factor_t F);
void butterfly_factor_set(butterfly_factor_t F, const butterfly_factor_t G);
void butterfly_factor_transpose(butterfly_factor_t F); /* in place: b <-> c */
/* x <- F x (length N), exact; zero pairs are skipped. */
void butterfly_factor_apply(const butterfly_factor_t F, fmpq_poly_struct *x, const cyclo_ctx_t ctx);
/* Dense N x N row-major copy (initialised elements). */
void butterfly_factor_dense(const butterfly_factor_t F, fmpq_poly_struct *M);
/* 1 if every 2 x 2 block is the identity or the swap [0 1; 1 0] (a permutation factor). */
int butterfly_factor_is_switch(const butterfly_factor_t F);
/* Random rational entries p/q, |p| <= 5, q <= 3. */
void butterfly_factor_rand(butterfly_factor_t F, flint_rand_t st);

void butterfly_seq_init(butterfly_seq_t S, slong N);
void butterfly_seq_clear(butterfly_seq_t S);
/* Append a copy of F / a new zero factor of block size k (returned). */
void butterfly_seq_push(butterfly_seq_t S, const butterfly_factor_t F);
butterfly_factor_struct *butterfly_seq_push_zero(butterfly_seq_t S, slong k);
/* Append all factors of T (applied after those of S). */
void butterfly_seq_append(butterfly_seq_t S, const butterfly_seq_t T);
void butterfly_seq_apply(const butterfly_seq_t S, fmpq_poly_struct *x, const cyclo_ctx_t ctx);
/* 1 if the block sizes are k = 2, 4, ..., N (a butterfly matrix B^(N)). */
int butterfly_seq_is_butterfly(const butterfly_seq_t S);
/* The N x N matrix of the sequence, computed column by column with the fast multiply. */
void butterfly_seq_matrix(const butterfly_seq_t S, fmpq_poly_struct *M, const cyclo_ctx_t ctx);
/* Number of stored entries (4 per pair): 2 N per factor. */
slong butterfly_seq_params(const butterfly_seq_t S);

/* The FFT as a butterfly matrix (Figure 3): DFT_n = B^(n) R_n with R_n the bit-reversal
 * permutation; factor k has blocks [1 w^j; 1 -w^j], w = exp(-2 pi i / k).  ctx must be
 * Q(zeta_n) (order n); n = 2^t >= 2.  S is initialised here. */
void butterfly_dft(butterfly_seq_t S, slong n, const cyclo_ctx_t ctx);

/* ---- float64 */
typedef struct {
    slong N, k;
    double *a, *b, *c, *d;
} butterfly_d_factor_struct;

typedef struct {
    slong N, len;
    butterfly_d_factor_struct *f;
} butterfly_d_seq_struct;
typedef butterfly_d_seq_struct butterfly_d_seq_t[1];

/* float64 copy of an exact sequence over Q (real parts of the complex images otherwise). */
void butterfly_d_seq_from_exact(butterfly_d_seq_t D, const butterfly_seq_t S,
                                const cyclo_ctx_t ctx);
/* A sequence with the given block sizes and random entries in [-1, 1] (for timing). */
void butterfly_d_seq_rand(butterfly_d_seq_t D, slong N, slong len, const slong *k,
                          flint_rand_t st);
void butterfly_d_seq_clear(butterfly_d_seq_t D);
/* x <- S x in place, O(N) per factor. */
void butterfly_d_seq_apply(const butterfly_d_seq_t D, double *x);

#endif
