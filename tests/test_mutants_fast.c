/* test_mutants_fast.c -- tests added for mutants of algebra/fast that survived the quick
 * checkers and the older unit tests (tests/mutants/mutants.txt, results/mutation.md): the
 * MPFR reference Krylov product (used only by the krylov_accuracy experiment) against the
 * exact Krylov matrix over Q, with a non-zero corner, both K x and K^T x; and the float64
 * displacement (ldr_float.h) against the exact one for operators with both corners. */
#include <criterion/criterion.h>

#include <math.h>

#include "exact/qmat.h"
#include "fast/krylov_mpfr.h"
#include "fast/ldr_float.h"
#include "ldr/displacement.h"
#include "ldr/krylov.h"
#include "ldr/operators.h"

/* Mutant fast_mpfr_corner_sign: K(A, g) for A subdiagonal a with corner f, exactly over Q
 * (krylov_matrix), against krylov_mpfr_mul at 256 bits; integer inputs, so the exact
 * products are small integers and the MPFR error is far below 1e-9. */
Test(mutants_fast, mpfr_reference_matches_exact_krylov)
{
    enum { n = 5 };
    const double a[n - 1] = {2, -1, 3, 1}, g[n] = {1, 2, -1, 3, 1}, x[n] = {1, -1, 2, 1, -2};
    const double corners[] = {-2, 3, 0};
    for (int c = 0; c < 3; c++) {
        fmpq *aq = _fmpq_vec_init(n), *gq = _fmpq_vec_init(n);
        fmpq_t f;
        fmpq_init(f);
        for (int t = 0; t < n; t++) {
            if (t + 1 < n)
                fmpq_set_si(aq + t, (slong)a[t], 1);
            fmpq_set_si(gq + t, (slong)g[t], 1);
        }
        fmpq_set_si(f, (slong)corners[c], 1);
        op_t A;
        op_init_subdiag(&A, n, aq, f);
        fmpq_mat_t K;
        fmpq_mat_init(K, n, n);
        krylov_matrix(K, &A, gq);
        mpfr_t y[n];
        for (int t = 0; t < n; t++)
            mpfr_init2(y[t], 256);
        for (int transpose = 0; transpose <= 1; transpose++) {
            cr_assert_eq(krylov_mpfr_mul(y, n, a, corners[c], g, x, transpose, 256), 0);
            for (int t = 0; t < n; t++) {
                double exact = 0; /* (K x)_t or (K^T x)_t: small integers, exact in double */
                for (int i = 0; i < n; i++) {
                    const fmpq *e = transpose ? fmpq_mat_entry(K, i, t) : fmpq_mat_entry(K, t, i);
                    exact += fmpz_get_d(fmpq_numref(e)) * x[i];
                }
                double got = mpfr_get_d(y[t], MPFR_RNDN);
                cr_assert(fabs(got - exact) <= 1e-9 * (1 + fabs(exact)),
                          "corner %g, %s, entry %d: MPFR %.17g, exact %.17g", corners[c],
                          transpose ? "K^T x" : "K x", t, got, exact);
            }
        }
        for (int t = 0; t < n; t++)
            mpfr_clear(y[t]);
        fmpq_mat_clear(K);
        op_clear(&A);
        fmpq_clear(f);
        _fmpq_vec_clear(aq, n);
        _fmpq_vec_clear(gq, n);
    }
}

/* Mutant fast_ldrfloat_corner_sign: the float64 displacement A M - M B and M - A M B against
 * the exact ones (displacement.h) with small integer entries, where every float64 operation
 * is exact.  The Toeplitz pair (Z_1, Z_-1) alone cannot see a sign error in the corner of B
 * (a Toeplitz matrix has displacement rank <= 2 for (Z_1, Z_1) as well), so the operators
 * here are random tridiagonal ones with both corners non-zero, on a random dense M. */
Test(mutants_fast, float_displacement_matches_exact)
{
    flint_rand_t st;
    flint_randinit(st);
    const slong n = 6;
    for (int trial = 0; trial < 4; trial++) {
        op_t A, B;
        op_init_rand(&A, trial < 2 ? OP_TRIDIAG : OP_ZF, n, st, 3, 1);
        op_init_rand(&B, OP_TRIDIAG, n, st, 3, 1);
        fmpq_mat_t M, R;
        fmpq_mat_init(M, n, n);
        fmpq_mat_init(R, n, n);
        qmat_rand(M, st, 5, 1);
        ldrf_op_t FA, FB;
        ldrf_op_init(&FA, &A);
        ldrf_op_init(&FB, &B);
        double Md[36], Rd[36];
        cr_assert_eq(ldrf_from_fmpq_mat(Md, M), 0);
        for (int stein = 0; stein <= 1; stein++) {
            if (stein)
                ldr_stein(R, &A, M, &B);
            else
                ldr_sylvester(R, &A, M, &B);
            ldrf_displacement(Rd, &FA, Md, &FB, n, n, stein);
            for (slong i = 0; i < n; i++)
                for (slong j = 0; j < n; j++) {
                    double exact = fmpz_get_d(fmpq_numref(fmpq_mat_entry(R, i, j)));
                    cr_assert(fmpz_is_one(fmpq_denref(fmpq_mat_entry(R, i, j))));
                    cr_assert_eq(Rd[i * n + j], exact, "trial %d, %s, entry (%ld, %ld): %g vs %g",
                                 trial, stein ? "Stein" : "Sylvester", (long)i, (long)j,
                                 Rd[i * n + j], exact);
                }
        }
        ldrf_op_clear(&FA);
        ldrf_op_clear(&FB);
        fmpq_mat_clear(M);
        fmpq_mat_clear(R);
        op_clear(&A);
        op_clear(&B);
    }
    flint_randclear(st);
}
