/* reconstruct.h -- closed-form reconstruction of an LDR matrix M from its operators and its
 * displacement R = G H^T (Sylvester form A M - M B = R), for the classic pairs, plus a dense
 * Kronecker-system solver used only as an independent cross-check for n <= 12.
 * The general solver is sylvester_solve (sylvester.h); these closed forms are checked
 * against it exactly (proofs_check/ldr_reconstruction.c).
 *
 * The two power-sum forms rest on one telescoping identity: if B^n = f I then
 *     A S - S B = (A^n - f I) R   for   S = sum_{k<n} A^{n-1-k} R B^k,
 * and sum_k A^{n-1-k} g h^T B^k = K(A, g) J K(B^T, h)^T (J = reversal), so
 *   (Z_e, Z_f), e != f:   M = (e - f)^{-1} sum_i K(Z_e, g_i) J K(Z_f^T, h_i)^T
 *                         (K(Z_e, g) is the e-circulant with first column g);
 *   (diag(v), Z_f):        M = diag(v^n - f)^{-1} sum_i diag(g_i) V(v) J K(Z_f^T, h_i)^T
 *                         (K(diag(v), g) = diag(g) V with V[i][j] = v_i^j), v_i^n != f;
 *   (diag(s), diag(t)):    M[i][j] = R[i][j] / (s_i - t_j)   (Cauchy-like).
 * Each function returns 0, or -1 after one line "reconstruct: reason" on stderr when the
 * operators share an eigenvalue (e == f, s_i == t_j, v_i^n == f) or sizes do not match.
 * M must be caller-initialised n x n; G, H are n x r. */
#ifndef ALGEBRA_RECONSTRUCT_H
#define ALGEBRA_RECONSTRUCT_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#include "ldr/operators.h"

int reconstruct_zf_pair(fmpq_mat_t M, const fmpq_t e, const fmpq_t f, const fmpq_mat_t G,
                        const fmpq_mat_t H);
int reconstruct_cauchy_like(fmpq_mat_t M, const fmpq *s, const fmpq *t, const fmpq_mat_t G,
                            const fmpq_mat_t H);
int reconstruct_vandermonde_like(fmpq_mat_t M, const fmpq *v, const fmpq_t f,
                                 const fmpq_mat_t G, const fmpq_mat_t H);

/* Solve A M - M B = R through the n^2 x n^2 system (I (x) A - B^T (x) I) vec M = vec R
 * (exact, FLINT).  Cross-check only: refused for n > 12.  -1 if singular or too large. */
int reconstruct_kronecker(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R);

#endif
