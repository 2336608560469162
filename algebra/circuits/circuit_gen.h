/* circuit_gen.h -- generators of linear circuits (Rudra survey, Sections 2.5, 5.1).
 * Every generator initialises C (do not call circuit_init first) and returns 0, or -1 with
 * an error line for bad parameters. */
#ifndef ALGEBRA_CIRCUIT_GEN_H
#define ALGEBRA_CIRCUIT_GEN_H

#include "circuits/circuit.h"
#include "circuits/sparse_mat.h"

/* Unnormalised Walsh-Hadamard transform H_n (Sylvester, H[i][j] = (-1)^popcount(i & j)),
 * n = 2^k: k levels of n gates a + b, a - b.  s = n + n log2 n, d = log2 n. */
int circuit_gen_walsh_hadamard(circuit_t c, slong n);

/* Radix-2 decimation-in-time FFT for DFT_n (DFT[j][k] = omega^(jk), omega = exp(-2 pi i/n)),
 * n = 2^k >= 2, over Q(zeta_n) with exact coefficients (powers of zeta_n, so the field is
 * the cyclotomic field of order n).  The inputs are read in bit-reversed order (free);
 * each level has n gates e + w o, e - w o.  s = n + n log2 n, d = log2 n. */
int circuit_gen_fft(circuit_t c, slong n);

/* Random circuit over Q with n inputs, exactly s gates in total and depth exactly d
 * (needs s - n >= d >= 1, or s == n and d == 0): layer k has at least one gate, each gate
 * uses a gate of layer k-1 and any earlier gate, coefficients random non-zero rationals.
 * n outputs: the last layer first, then distinct random other gates (n <= s needed). */
int circuit_gen_random(circuit_t c, slong n, slong s, slong d, flint_rand_t st);

/* Circuit of a sparse matrix (rows x cols, entries in Q(zeta_order)): each row is a
 * balanced binary tree over its non-zero terms; a row with one term costs one gate unless
 * the value is 1, an empty row costs one gate 0 x0 + 0 x0. */
int circuit_gen_sparse(circuit_t c, const sparse_mat_t A, ulong order);

/* The exact DFT_n matrix (row-major n*n initialised elements) in ctx = Q(zeta_n). */
void circuit_dft_matrix(fmpq_poly_struct *F, slong n, const cyclo_ctx_t ctx);

/* The Sylvester-Hadamard matrix H_n (row-major n*n initialised elements). */
void circuit_hadamard_matrix(fmpq_poly_struct *H, slong n);

/* i with its low BITS bits reversed. */
slong circuit_bitrev(slong i, int bits);

#endif
