/* Unit tests: algebra/ldr/orthopoly, acdc, conv_layers, op_pattern and circuits/cyclo_mat
 * (Thomas et al. Prop. 2(b)-(e), Corollary 1). */
#include <criterion/criterion.h>

#include "circuits/cyclo_mat.h"
#include "ldr/acdc.h"
#include "ldr/conv_layers.h"
#include "ldr/displacement.h"
#include "ldr/op_pattern.h"
#include "ldr/orthopoly.h"
#include "exact/qmat.h"

static int fmpq_is(const fmpq_t x, slong p, ulong q)
{
    fmpq_t y;
    fmpq_init(y);
    fmpq_set_si(y, p, q);
    int eq = fmpq_equal(x, y);
    fmpq_clear(y);
    return eq;
}

/* by hand: T_2(1/2) = 2/4 - 1 = -1/2, T_3(1/2) = 4/8 - 3/2 = -1; P_2(1/2) = (3/4 - 1)/2 = -1/8,
 * P_3(1/2) = (5/8 - 3/2)/2 = -7/16 */
Test(orthopoly, values_by_hand)
{
    flint_rand_t st;
    flint_randinit(st);
    opoly_rec_t ch, le;
    opoly_rec_init(&ch, OPOLY_CHEBYSHEV, 4, st);
    opoly_rec_init(&le, OPOLY_LEGENDRE, 4, st);
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, 1, 2);
    fmpq *p = _fmpq_vec_init(4);
    opoly_eval(p, &ch, x, 4);
    cr_assert(fmpq_is(p + 1, 1, 2) && fmpq_is(p + 2, -1, 2) && fmpq_is(p + 3, -1, 1));
    opoly_eval(p, &le, x, 4);
    cr_assert(fmpq_is(p + 1, 1, 2) && fmpq_is(p + 2, -1, 8) && fmpq_is(p + 3, -7, 16));
    _fmpq_vec_clear(p, 4);
    fmpq_clear(x);
    opoly_rec_clear(&ch);
    opoly_rec_clear(&le);
    flint_randclear(st);
}

/* diag(x) P - P J equals the closed form and has rank 1; J is tridiagonal */
Test(orthopoly, displacement_closed_form)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int f = 0; f < OPOLY_FAMILY_COUNT; f++) {
        slong n = 9;
        opoly_rec_t r;
        opoly_rec_init(&r, (opoly_family_t)f, n, st);
        fmpq *x = _fmpq_vec_init(n);
        opoly_rational_nodes(x, &r, n, st);
        op_t X, J;
        op_init_diag(&X, n, x);
        opoly_jacobi_operator(&J, &r);
        cr_assert(op_is_tridiag_corners(&J));
        fmpq_mat_t P, R, E;
        fmpq_mat_init(P, n, n), fmpq_mat_init(R, n, n), fmpq_mat_init(E, n, n);
        opoly_transform(P, &r, x);
        ldr_sylvester(R, &X, P, &J);
        opoly_displacement_rhs(E, &r, x);
        cr_assert(fmpq_mat_equal(R, E), "family %d", f);
        cr_assert_eq(qmat_rank(R), 1);
        fmpq_mat_clear(P), fmpq_mat_clear(R), fmpq_mat_clear(E);
        op_clear(&X), op_clear(&J);
        _fmpq_vec_clear(x, n);
        opoly_rec_clear(&r);
    }
    flint_randclear(st);
}

Test(acdc, rank_two_with_tridiagonal_pair)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 10;
    opoly_rec_t r;
    opoly_rec_init(&r, OPOLY_CHEBYSHEV, n, st);
    fmpq *x = _fmpq_vec_init(n), *a = _fmpq_vec_init(n), *d = _fmpq_vec_init(n);
    opoly_rational_nodes(x, &r, n, st);
    for (slong i = 0; i < n; i++)
        fmpq_set_si(a + i, i + 2, 1), fmpq_set_si(d + i, 3 * i - 7, 2);
    fmpq_mat_t P, M;
    fmpq_mat_init(P, n, n), fmpq_mat_init(M, n, n);
    opoly_transform(P, &r, x);
    cr_assert_eq(acdc_matrix(M, P, a, d), 0);
    op_t J, L, R;
    opoly_jacobi_operator(&J, &r);
    acdc_operators(&L, &R, &J, a);
    cr_assert(op_is_tridiag_corners(&L) && op_is_tridiag_corners(&R));
    cr_assert_leq(ldr_displacement_rank(&L, M, &R), 2);
    cr_assert_gt(ldr_displacement_rank(&R, M, &R), 2); /* the unconjugated pair fails */
    fmpq_mat_clear(P), fmpq_mat_clear(M);
    op_clear(&J), op_clear(&L), op_clear(&R);
    _fmpq_vec_clear(x, n), _fmpq_vec_clear(a, n), _fmpq_vec_clear(d, n);
    opoly_rec_clear(&r);
    flint_randclear(st);
}

/* two stacked ACDC layers: with a constant a1 the stack is one layer (rank <= 2 for the pair of
 * M2); with a generic a1 the product rule needs the mismatch J^T - L1 and the rank exceeds 4 */
Test(acdc, stack_of_two_layers)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 8;
    opoly_rec_t r;
    opoly_rec_init(&r, OPOLY_CHEBYSHEV, n, st);
    fmpq *x = _fmpq_vec_init(n), *a1 = _fmpq_vec_init(n), *a2 = _fmpq_vec_init(n),
         *d1 = _fmpq_vec_init(n), *d2 = _fmpq_vec_init(n);
    opoly_rational_nodes(x, &r, n, st);
    for (slong i = 0; i < n; i++) {
        fmpq_set_si(a2 + i, i + 2, 1), fmpq_set_si(d2 + i, 3 * i - 7, 2);
        fmpq_set_si(d1 + i, 2 * i + 1, 3);
    }
    fmpq_mat_t P, M1, M2, S, D, JT, L1d;
    fmpq_mat_init(P, n, n), fmpq_mat_init(M1, n, n), fmpq_mat_init(M2, n, n);
    fmpq_mat_init(S, n, n), fmpq_mat_init(D, n, n), fmpq_mat_init(JT, n, n), fmpq_mat_init(L1d, n, n);
    opoly_transform(P, &r, x);
    op_t J, L1, L2, R;
    opoly_jacobi_operator(&J, &r);
    cr_assert_eq(acdc_matrix(M2, P, a2, d2), 0);
    acdc_operators(&L2, &R, &J, a2);
    for (int generic = 0; generic < 2; generic++) {
        for (slong i = 0; i < n; i++)
            fmpq_set_si(a1 + i, generic ? i * i + 1 : 5, 3);
        cr_assert_eq(acdc_matrix(M1, P, a1, d1), 0);
        fmpq_mat_mul(S, M2, M1);
        op_t R1;
        acdc_operators(&L1, &R1, &J, a1);
        op_dense(JT, &R1);
        op_dense(L1d, &L1);
        fmpq_mat_sub(D, JT, L1d);
        slong mis = qmat_rank(D), rank = ldr_displacement_rank(&L2, S, &R);
        cr_assert_leq(rank, 4 + mis);
        if (generic)
            cr_assert(mis > 0 && rank > 4);
        else
            cr_assert(mis == 0 && rank <= 2);
        op_clear(&L1), op_clear(&R1);
    }
    fmpq_mat_clear(P), fmpq_mat_clear(M1), fmpq_mat_clear(M2), fmpq_mat_clear(S);
    fmpq_mat_clear(D), fmpq_mat_clear(JT), fmpq_mat_clear(L1d);
    op_clear(&J), op_clear(&L2), op_clear(&R);
    _fmpq_vec_clear(x, n), _fmpq_vec_clear(a1, n), _fmpq_vec_clear(a2, n);
    _fmpq_vec_clear(d1, n), _fmpq_vec_clear(d2, n);
    opoly_rec_clear(&r);
    flint_randclear(st);
}

/* the layer matrix applied to a vector equals the layer's sums; rank = C_in + C_out */
Test(conv_layers, matrix_matches_layer_and_rank)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong dims = 1; dims <= 2; dims++) {
        slong cin = 2, cout = 3, h = dims == 1 ? 1 : 4, w = dims == 1 ? 12 : 5, hw = h * w;
        conv_kernel_t K;
        conv_kernel_init_rand(&K, dims, cout, cin, 3, st);
        fmpq_mat_t M, X, Y;
        fmpq_mat_init(M, cout * hw, cin * hw);
        fmpq_mat_init(X, cin * hw, 1), fmpq_mat_init(Y, cout * hw, 1);
        if (dims == 1)
            conv1d_layer_matrix(M, &K, w);
        else
            conv2d_layer_matrix(M, &K, h, w);
        fmpq *x = _fmpq_vec_init(cin * hw), *y = _fmpq_vec_init(cout * hw);
        for (slong j = 0; j < cin * hw; j++)
            fmpq_set_si(x + j, j % 7 - 3, 1);
        if (dims == 1)
            conv1d_layer_apply(y, &K, w, x);
        else
            conv2d_layer_apply(y, &K, h, w, x);
        qmat_set_col(X, 0, x);
        fmpq_mat_mul(Y, M, X);
        for (slong i = 0; i < cout * hw; i++)
            cr_assert(fmpq_equal(fmpq_mat_entry(Y, i, 0), y + i));
        op_t A, B;
        op_init_zf_si(&A, cout * hw, 1);
        op_init_zf_si(&B, cin * hw, -1);
        cr_assert_leq(ldr_displacement_rank(&A, M, &B), (cin + cout) * h);
        op_clear(&A), op_clear(&B);
        _fmpq_vec_clear(x, cin * hw), _fmpq_vec_clear(y, cout * hw);
        fmpq_mat_clear(M), fmpq_mat_clear(X), fmpq_mat_clear(Y);
        conv_kernel_clear(&K);
    }
    flint_randclear(st);
}

/* block circulant: rank(Z_1 M - M Z_-1) <= k_out + k_in - 1 (derived in prop2_transforms) */
Test(conv_layers, block_circulant_rank)
{
    flint_rand_t st;
    flint_randinit(st);
    fmpq_mat_t M;
    fmpq_mat_init(M, 12, 12);
    block_circulant_rand(M, 3, 3, 4, st);
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 0, 0), fmpq_mat_entry(M, 3, 3)));
    cr_assert(fmpq_equal(fmpq_mat_entry(M, 0, 3), fmpq_mat_entry(M, 1, 0)));
    op_t A, B;
    op_init_zf_si(&A, 12, 1);
    op_init_zf_si(&B, 12, -1);
    cr_assert_leq(ldr_displacement_rank(&A, M, &B), 5);
    op_clear(&A), op_clear(&B);
    fmpq_mat_clear(M);
    flint_randclear(st);
}

Test(op_pattern, tridiag_corners)
{
    op_t Z, D;
    op_init_zf_si(&Z, 6, 3);
    cr_assert(op_is_tridiag_corners(&Z));
    fmpq_mat_t M;
    fmpq_mat_init(M, 6, 6);
    fmpq_set_si(fmpq_mat_entry(M, 0, 2), 1, 1); /* two above the diagonal: not LDR-TD */
    op_init_dense(&D, M);
    cr_assert(!op_is_tridiag_corners(&D));
    op_clear(&Z), op_clear(&D);
    fmpq_mat_clear(M);
}

/* DFT of order 4 over Q(i) is invertible (rank 4); a rank-one matrix u v^T has rank 1 */
Test(cyclo_mat, ranks_over_cyclotomic_field)
{
    cyclo_ctx_t ctx;
    cyclo_ctx_init(ctx, 8);
    slong n = 8;
    fmpq_poly_struct *F = cyclo_vec_init(n * n), *R = cyclo_vec_init(n * n);
    cyclo_dft_matrix(F, n, ctx);
    cr_assert_eq(cyclo_mat_rank(F, n, n, ctx), n);
    for (slong i = 0; i < n; i++) /* R = column 3 of F times row 5 of F */
        for (slong j = 0; j < n; j++)
            cyclo_mul(R + i * n + j, F + i * n + 3, F + 5 * n + j, ctx);
    cr_assert_eq(cyclo_mat_rank(R, n, n, ctx), 1);
    fmpq_poly_add_si(R + 0, R + 0, 1);
    cr_assert_eq(cyclo_mat_rank(R, n, n, ctx), 2);
    cyclo_vec_clear(F, n * n), cyclo_vec_clear(R, n * n);
    cyclo_ctx_clear(ctx);
}

/* DCT-II rows are orthogonal: C C^T = diag(n, n/2, .., n/2) (exact in Q(zeta_4n)) */
Test(cyclo_mat, dct_orthogonality)
{
    slong n = 4;
    cyclo_ctx_t ctx;
    cyclo_ctx_init(ctx, 16);
    fmpq_poly_struct *C = cyclo_vec_init(n * n), *Ct = cyclo_vec_init(n * n),
                     *G = cyclo_vec_init(n * n);
    cyclo_dct2_matrix(C, n, ctx);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            fmpq_poly_set(Ct + j * n + i, C + i * n + j);
    cyclo_mat_mul(G, C, Ct, n, ctx);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            fmpq_t q;
            fmpq_init(q);
            cr_assert(cyclo_get_fmpq(q, G + i * n + j));
            cr_assert(fmpq_is(q, i != j ? 0 : (i == 0 ? n : n / 2), 1));
            fmpq_clear(q);
        }
    cyclo_vec_clear(C, n * n), cyclo_vec_clear(Ct, n * n), cyclo_vec_clear(G, n * n);
    cyclo_ctx_clear(ctx);
}
