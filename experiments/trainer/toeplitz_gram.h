/* toeplitz_gram.h - ||W||_F of the fast LDR layers at their init without forming W.
 *
 * T(v) is the n x n lower-triangular Toeplitz matrix T(v)[p][j] = v[p-j] (p >= j), which is
 * the Krylov matrix K(Z_0, v) of the down shift Z_0.  toeplitz_gram_dot returns
 *     <T(a)^T T(b), T(c)^T T(d)>_F
 * in O(n^2) time and O(n) memory, so that ||sum_i T(a_i) T(b_i)^T||_F^2 =
 * sum_{i,i'} toeplitz_gram_dot(a_i, a_i', b_i, b_i', n). */
#ifndef EXPERIMENTS_TRAINER_TOEPLITZ_GRAM_H
#define EXPERIMENTS_TRAINER_TOEPLITZ_GRAM_H

double toeplitz_gram_dot(const double *a, const double *b, const double *c, const double *d,
                         int n);

/* The init scale of the fast LDR layers: (2n / ||sum_i T(a_i) T(b_i)^T||_F^2)^(1/4) for the
 * R vectors a_i = A + i n, b_i = B + i n (1 when the norm is 0), so that multiplying both
 * generator sets by it gives ||W||_F^2 = 2n. */
double toeplitz_gram_init_scale(const double *A, const double *B, int r, int n);

#endif
