/* test_reconstruct.c -- closed-form reconstruction of LDR matrices (reconstruct.h):
 * hand-checked small cases, agreement with the general solver, rejection of shared
 * eigenvalues, a perturbed generator detected. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <flint/fmpq_mat.h>

#include "ldr/classes.h"
#include "ldr/displacement.h"
#include "exact/qmat.h"
#include "ldr/reconstruct.h"
#include "ldr/sylvester.h"

static void set_col_si(fmpq_mat_t M, slong j, const slong *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        fmpq_set_si(fmpq_mat_entry(M, i, j), v[i], 1);
}

/* A Toeplitz matrix T is (Z_1, Z_-1)-like of rank 2; recover it from its own generators. */
Test(reconstruct, toeplitz_from_generators)
{
    slong n = 5;
    fmpq *t = _fmpq_vec_init(2 * n - 1);
    for (slong k = 0; k < 2 * n - 1; k++)
        fmpq_set_si(t + k, (k * 7) % 5 - 2, 1 + k % 2);
    fmpq_mat_t T, R, G, H, M;
    fmpq_mat_init(T, n, n);
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(M, n, n);
    toeplitz_matrix(T, t);
    op_t A, B;
    op_init_zf_si(&A, n, 1);
    op_init_zf_si(&B, n, -1);
    ldr_sylvester(R, &A, T, &B);
    slong rho = ldr_generators(G, H, R);
    cr_assert_leq(rho, 2);
    fmpq_t e, f;
    fmpq_init(e);
    fmpq_init(f);
    fmpq_set_si(e, 1, 1);
    fmpq_set_si(f, -1, 1);
    cr_assert_eq(reconstruct_zf_pair(M, e, f, G, H), 0);
    cr_assert(fmpq_mat_equal(M, T), "Toeplitz matrix not recovered");
    fmpq_mat_clear(T); fmpq_mat_clear(R); fmpq_mat_clear(G); fmpq_mat_clear(H); fmpq_mat_clear(M);
    op_clear(&A); op_clear(&B);
    fmpq_clear(e); fmpq_clear(f);
    _fmpq_vec_clear(t, 2 * n - 1);
}

/* Hand-checked: the Cauchy matrix 1/(s_i - t_j) is the Cauchy-like matrix with G = H = ones. */
Test(reconstruct, cauchy_hand_checked)
{
    slong n = 3, s_[3] = {1, 2, 4}, t_[3] = {0, 3, -1}, one[3] = {1, 1, 1};
    fmpq *s = _fmpq_vec_init(n), *t = _fmpq_vec_init(n);
    for (slong i = 0; i < n; i++) {
        fmpq_set_si(s + i, s_[i], 1);
        fmpq_set_si(t + i, t_[i], 1);
    }
    fmpq_mat_t G, H, M, C;
    fmpq_mat_init(G, n, 1);
    fmpq_mat_init(H, n, 1);
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(C, n, n);
    set_col_si(G, 0, one);
    set_col_si(H, 0, one);
    cr_assert_eq(reconstruct_cauchy_like(M, s, t, G, H), 0);
    cr_assert_eq(cauchy_matrix(C, s, t), 0);
    cr_assert(fmpq_mat_equal(M, C));
    /* M[2][1] = 1/(4 - 3) = 1 by hand */
    cr_assert(fmpq_is_one(fmpq_mat_entry(M, 2, 1)));
    fmpq_mat_clear(G); fmpq_mat_clear(H); fmpq_mat_clear(M); fmpq_mat_clear(C);
    _fmpq_vec_clear(s, n); _fmpq_vec_clear(t, n);
}

/* Vandermonde V = [v_i^j] satisfies diag(v) V - V Z_0 = v^n e_{n-1}^T; with Z_f the right side
 * is (v^n - f) e_{n-1}^T.  Reconstruct V from that rank-one generator. */
Test(reconstruct, vandermonde_hand_checked)
{
    slong n = 4, v_[4] = {2, -1, 3, 5};
    fmpq *v = _fmpq_vec_init(n);
    for (slong i = 0; i < n; i++)
        fmpq_set_si(v + i, v_[i], 1);
    for (slong fi = 0; fi <= 1; fi++) {
        fmpq_t f, p;
        fmpq_init(f);
        fmpq_init(p);
        fmpq_set_si(f, fi ? 7 : 0, 1);
        fmpq_mat_t G, H, M, V;
        fmpq_mat_init(G, n, 1);
        fmpq_mat_init(H, n, 1);
        fmpq_mat_init(M, n, n);
        fmpq_mat_init(V, n, n);
        for (slong i = 0; i < n; i++) {
            fmpq_pow_si(p, v + i, n);
            fmpq_sub(fmpq_mat_entry(G, i, 0), p, f);
        }
        fmpq_set_si(fmpq_mat_entry(H, n - 1, 0), 1, 1);
        cr_assert_eq(reconstruct_vandermonde_like(M, v, f, G, H), 0);
        vandermonde_matrix(V, v);
        cr_assert(fmpq_mat_equal(M, V), "f = %ld", (long)fi);
        fmpq_mat_clear(G); fmpq_mat_clear(H); fmpq_mat_clear(M); fmpq_mat_clear(V);
        fmpq_clear(f);
        fmpq_clear(p);
    }
    _fmpq_vec_clear(v, n);
}

/* Random (Z_e, Z_f): closed form == sylvester_solve == Kronecker; a perturbed G differs. */
Test(reconstruct, random_zf_agrees_and_negative_control)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 6, r = 2;
    fmpq_t e, f;
    fmpq_init(e);
    fmpq_init(f);
    fmpq_set_si(e, 3, 2);
    fmpq_set_si(f, -2, 5);
    fmpq_mat_t G, H, Ht, R, M1, M2, M3;
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    fmpq_mat_init(Ht, r, n);
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(M1, n, n);
    fmpq_mat_init(M2, n, n);
    fmpq_mat_init(M3, n, n);
    qmat_rand(G, st, 5, 3);
    qmat_rand(H, st, 5, 3);
    fmpq_mat_transpose(Ht, H);
    fmpq_mat_mul(R, G, Ht);
    op_t A, B;
    op_init_zf(&A, n, e);
    op_init_zf(&B, n, f);
    cr_assert_eq(reconstruct_zf_pair(M1, e, f, G, H), 0);
    cr_assert_eq(sylvester_solve(M2, &A, &B, R), 0);
    cr_assert_eq(reconstruct_kronecker(M3, &A, &B, R), 0);
    cr_assert(fmpq_mat_equal(M1, M2));
    cr_assert(fmpq_mat_equal(M1, M3));
    fmpq_add_si(fmpq_mat_entry(G, 1, 1), fmpq_mat_entry(G, 1, 1), 1);
    cr_assert_eq(reconstruct_zf_pair(M1, e, f, G, H), 0);
    cr_assert(!fmpq_mat_equal(M1, M2), "perturbed generator not detected");
    fmpq_mat_clear(G); fmpq_mat_clear(H); fmpq_mat_clear(Ht); fmpq_mat_clear(R);
    fmpq_mat_clear(M1); fmpq_mat_clear(M2); fmpq_mat_clear(M3);
    op_clear(&A); op_clear(&B);
    fmpq_clear(e); fmpq_clear(f);
    flint_randclear(st);
    flint_cleanup_master();
}

Test(reconstruct, shared_eigenvalues_rejected, .init = cr_redirect_stderr)
{
    slong n = 4;
    fmpq_t e;
    fmpq_init(e);
    fmpq_set_si(e, 1, 1);
    fmpq_mat_t G, H, M, R;
    fmpq_mat_init(G, n, 1);
    fmpq_mat_init(H, n, 1);
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(R, n, n);
    fmpq_mat_one(R);
    cr_assert_eq(reconstruct_zf_pair(M, e, e, G, H), -1);
    fmpq *s = _fmpq_vec_init(n), *t = _fmpq_vec_init(n);
    for (slong i = 0; i < n; i++) {
        fmpq_set_si(s + i, i, 1);
        fmpq_set_si(t + i, 10 + i, 1);
    }
    fmpq_set_si(t + 3, 2, 1); /* t_3 = s_2 */
    cr_assert_eq(reconstruct_cauchy_like(M, s, t, G, H), -1);
    fmpq_set_si(s, 2, 1);
    fmpq_set_si(e, 16, 1); /* 2^4 = 16: v_0 is an eigenvalue of Z_16 */
    cr_assert_eq(reconstruct_vandermonde_like(M, s, e, G, H), -1);
    op_t A;
    op_init_zf_si(&A, n, 1);
    cr_assert_eq(reconstruct_kronecker(M, &A, &A, R), -1);
    fmpq_mat_t Gbad;
    fmpq_mat_init(Gbad, n + 1, 1); /* mismatched sizes */
    cr_assert_eq(reconstruct_zf_pair(M, e, s, Gbad, H), -1);
    fmpq_mat_t Mbig, Rbig;
    fmpq_mat_init(Mbig, 13, 13);
    fmpq_mat_init(Rbig, 13, 13);
    op_t A13;
    op_init_zf_si(&A13, 13, 1);
    cr_assert_eq(reconstruct_kronecker(Mbig, &A13, &A13, Rbig), -1); /* n > 12 refused */
    op_clear(&A13);
    fmpq_mat_clear(Mbig); fmpq_mat_clear(Rbig); fmpq_mat_clear(Gbad);
    op_clear(&A);
    _fmpq_vec_clear(s, n); _fmpq_vec_clear(t, n);
    fmpq_mat_clear(G); fmpq_mat_clear(H); fmpq_mat_clear(M); fmpq_mat_clear(R);
    fmpq_clear(e);
}
