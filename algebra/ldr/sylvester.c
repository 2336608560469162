/* sylvester.c -- exact Sylvester solver A M - M B = R (method in sylvester.h). */
#include "ldr/sylvester.h"

#include <stdio.h>
#include <stdlib.h>

#include <flint/fmpq_poly.h>

#include "ldr/krylov.h"
#include "ldr/spectra.h"

/* Least common multiple L of the denominators of A and B: L A, L B are integer operators
 * and A M - M B = R  <=>  (L A) M - M (L B) = L R. */
static void common_scale(fmpz_t L, const op_t *A, const op_t *B)
{
    op_t T;
    fmpz_t a, b;
    fmpz_init(a);
    fmpz_init(b);
    op_init_scaled_integer(&T, a, A);
    op_clear(&T);
    op_init_scaled_integer(&T, b, B);
    op_clear(&T);
    fmpz_lcm(L, a, b);
    fmpz_clear(a);
    fmpz_clear(b);
}

/* Horner recurrences (see sylvester.h): on return D = p(A) X and P = p(A), where p is the
 * monic characteristic polynomial of B and A X - X B = Rz (all integer).  Returns -1 (after
 * one line on stderr) if the Cayley-Hamilton check fails. */
static int horner_pA(fmpz_mat_t D, fmpz_mat_t P, const op_t *A, const op_t *B,
                      const fmpz_mat_t Rz, const fmpz *c, slong deg)
{
    slong m = fmpz_mat_nrows(Rz);
    fmpz_mat_t V;
    fmpz_mat_init_set(V, Rz);
    fmpz_mat_zero(D);
    fmpz_mat_one(P);
    for (slong k = deg - 1; k >= 0; k--) {
        op_mul_left_fmpz(D, A, D); /* D_k = A D_{k+1} + V_{k+1} */
        fmpz_mat_add(D, D, V);
        op_mul_right_fmpz(V, V, B); /* V_k = V_{k+1} B + c_k R */
        fmpz_mat_scalar_addmul_fmpz(V, Rz, c + k);
        op_mul_left_fmpz(P, A, P); /* P_k = A P_{k+1} + c_k I */
        for (slong i = 0; i < m; i++)
            fmpz_add(fmpz_mat_entry(P, i, i), fmpz_mat_entry(P, i, i), c + k);
    }
    /* Cayley-Hamilton: V_0 = R p(B) = 0; a non-zero V_0 would mean a wrong characteristic
     * polynomial, so this is checked, not assumed. */
    int ok = fmpz_mat_is_zero(V);
    if (!ok)
        fprintf(stderr, "sylvester: internal error: Cayley-Hamilton check failed (R p_B(B) != 0: "
                        "wrong characteristic polynomial or operator product); no solution\n");
    fmpz_mat_clear(V);
    return ok ? 0 : -1;
}

int sylvester_solve_unchecked(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    slong m = fmpq_mat_nrows(R), n = fmpq_mat_ncols(R);
    fmpz_t L, rho;
    fmpz_init(L);
    fmpz_init(rho);
    common_scale(L, A, B);
    op_t As, Bs;
    op_init_scaled(&As, A, L);
    op_init_scaled(&Bs, B, L);
    /* Rz = rho L R integer; the solution of As X - X Bs = Rz is X = rho M. */
    fmpq_mat_t LR;
    fmpq_mat_init(LR, m, n);
    fmpq_mat_scalar_mul_fmpz(LR, R, L);
    fmpz_mat_t Rz, D, P;
    fmpz_mat_init(Rz, m, n);
    fmpq_mat_get_fmpz_mat_matwise(Rz, rho, LR);
    fmpq_poly_t pB;
    fmpq_poly_init(pB);
    op_charpoly(pB, &Bs); /* monic with integer coefficients (Bs is integer) */
    fmpz_mat_init(D, m, n);
    fmpz_mat_init(P, m, m);
    int ok = horner_pA(D, P, &As, &Bs, Rz, fmpq_poly_numref(pB), fmpq_poly_degree(pB)) == 0;
    fmpq_mat_t X;
    fmpq_mat_init(X, m, n);
    ok = ok && fmpq_mat_solve_fmpz_mat(X, P, D);
    if (ok) {
        fmpq_mat_scalar_div_fmpz(M, X, rho);
    }
    fmpq_mat_clear(X);
    fmpz_mat_clear(Rz);
    fmpz_mat_clear(D);
    fmpz_mat_clear(P);
    fmpq_mat_clear(LR);
    fmpq_poly_clear(pB);
    op_clear(&As);
    op_clear(&Bs);
    fmpz_clear(L);
    fmpz_clear(rho);
    return ok ? 0 : -1;
}

/* Both diagonal: (A M - M B)_ij = (a_i - b_j) M_ij, so M_ij = R_ij / (a_i - b_j)
 * (spectra already checked disjoint, so a_i != b_j; a zero difference is still caught, as an
 * internal error, instead of dividing by zero).  Returns 0 or -1. */
static int solve_diagonal_pair(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    fmpq_t d;
    fmpq_init(d);
    int ok = 1;
    for (slong i = 0; i < A->n && ok; i++)
        for (slong j = 0; j < B->n && ok; j++) {
            fmpq_sub(d, A->diag + i, B->diag + j);
            ok = !fmpq_is_zero(d);
            if (ok)
                fmpq_div(fmpq_mat_entry(M, i, j), fmpq_mat_entry(R, i, j), d);
        }
    fmpq_clear(d);
    if (!ok)
        fprintf(stderr, "sylvester: internal error: a_i = b_j for diagonal A, B after the "
                        "disjoint-spectra test; no solution\n");
    return ok ? 0 : -1;
}

/* Sizes of A (m x m), B (n x n) against M (m x n); one error line if they do not match. */
static int sizes_match(const fmpq_mat_t M, const op_t *A, const op_t *B)
{
    if (A->n == fmpq_mat_nrows(M) && B->n == fmpq_mat_ncols(M))
        return 1;
    fprintf(stderr, "sylvester: size mismatch (A %ld x %ld, B %ld x %ld, M %ld x %ld)\n",
            (long)A->n, (long)A->n, (long)B->n, (long)B->n, (long)fmpq_mat_nrows(M),
            (long)fmpq_mat_ncols(M));
    return 0;
}

/* The exact disjoint-spectra test, with one error line naming the shared eigenvalues. */
static int spectra_checked(const op_t *A, const op_t *B)
{
    fmpq_poly_t g;
    fmpq_poly_init(g);
    int ok = spectra_disjoint(A, B, g);
    if (!ok) {
        char *d = spectra_describe_common(g);
        fprintf(stderr, "sylvester: A and B do not have disjoint spectra (%s): the solution "
                        "of A M - M B = R is not unique\n", d);
        free(d);
    }
    fmpq_poly_clear(g);
    return ok;
}

int sylvester_solve(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    if (fmpq_mat_nrows(R) != A->n || fmpq_mat_ncols(R) != B->n) {
        fprintf(stderr, "sylvester: size mismatch (A %ld x %ld, B %ld x %ld, R %ld x %ld)\n",
                (long)A->n, (long)A->n, (long)B->n, (long)B->n, (long)fmpq_mat_nrows(R),
                (long)fmpq_mat_ncols(R));
        return -1;
    }
    if (!sizes_match(M, A, B) || !spectra_checked(A, B))
        return -1;
    if (A->kind == OP_DIAG && B->kind == OP_DIAG)
        return solve_diagonal_pair(M, A, B, R);
    return sylvester_solve_unchecked(M, A, B, R);
}

/* M = (c_A - c_B)^{-1} sum_i K(A, g_i) J K(B^T, h_i)^T for cyclic A, B (see sylvester.h);
 * c_A != c_B because the spectra (roots of x^n - c_A, x^n - c_B) are disjoint (c_A = c_B is
 * still caught, as an internal error, instead of inverting zero).  Returns 0 or -1. */
static int solve_cyclic_pair(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                             const fmpq_mat_t H)
{
    fmpq_t ca, cb;
    fmpq_init(ca);
    fmpq_init(cb);
    op_cyclic_constant(ca, A);
    op_cyclic_constant(cb, B);
    fmpq_sub(ca, ca, cb);
    int ok = !fmpq_is_zero(ca);
    if (ok) {
        fmpq_inv(ca, ca);
        krylov_reversed_product_sum(M, A, B, G, H);
        fmpq_mat_scalar_mul_fmpq(M, M, ca);
    } else
        fprintf(stderr, "sylvester: internal error: c_A = c_B for cyclic A, B after the "
                        "disjoint-spectra test; no solution\n");
    fmpq_clear(ca);
    fmpq_clear(cb);
    return ok ? 0 : -1;
}

static int is_cyclic(const op_t *A)
{
    fmpq_t c;
    fmpq_init(c);
    int cyclic = op_cyclic_constant(c, A);
    fmpq_clear(c);
    return cyclic;
}

int sylvester_solve_generators(fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t G,
                               const fmpq_mat_t H)
{
    if (!sizes_match(M, A, B) || fmpq_mat_nrows(G) != A->n || fmpq_mat_nrows(H) != B->n ||
        fmpq_mat_ncols(G) != fmpq_mat_ncols(H)) {
        fprintf(stderr, "sylvester: size mismatch of the generators (G %ld x %ld, H %ld x %ld)\n",
                (long)fmpq_mat_nrows(G), (long)fmpq_mat_ncols(G), (long)fmpq_mat_nrows(H),
                (long)fmpq_mat_ncols(H));
        return -1;
    }
    if (A->n == B->n && is_cyclic(A) && is_cyclic(B)) {
        if (!spectra_checked(A, B))
            return -1;
        return solve_cyclic_pair(M, A, B, G, H);
    }
    fmpq_mat_t R, Ht;
    fmpq_mat_init(R, A->n, B->n);
    fmpq_mat_init(Ht, fmpq_mat_ncols(H), B->n);
    fmpq_mat_transpose(Ht, H);
    if (fmpq_mat_ncols(G) > 0)
        fmpq_mat_mul(R, G, Ht);
    int rc = sylvester_solve(M, A, B, R);
    fmpq_mat_clear(R);
    fmpq_mat_clear(Ht);
    return rc;
}
