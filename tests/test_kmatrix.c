/* test_kmatrix.c -- butterfly factors and the DFT (butterfly.h), Benes routing
 * (Theorem 5.6, benes.h), step matrices, gather-reduce, Theorems 5.7 and 5.5 (kmatrix.h):
 * hand-checked small cases, bad input, perturbed factors detected. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <stdlib.h>

#include "circuits/benes.h"
#include "circuits/butterfly.h"
#include "circuits/circuit_gen.h"
#include "circuits/kmatrix.h"

static int poly_is_si(const fmpq_poly_struct *p, slong v)
{
    fmpq_poly_t t;
    fmpq_poly_init(t);
    fmpq_poly_set_si(t, v);
    int eq = fmpq_poly_equal(p, t);
    fmpq_poly_clear(t);
    return eq;
}

Test(butterfly, factor_pairs_and_dense_form_by_hand)
{
    /* N = 4, k = 4: pairs (0,2), (1,3); k = 2: pairs (0,1), (2,3) */
    cr_assert_eq(butterfly_pair_top(1, 2), 1);
    cr_assert_eq(butterfly_pair_top(1, 1), 2);
    cyclo_ctx_t q;
    cyclo_ctx_init(q, 1);
    butterfly_factor_t F;
    butterfly_factor_init(F, 4, 4);
    fmpq_poly_set_si(F->a + 0, 1); /* pair (0,2): [1 2; 3 4] */
    fmpq_poly_set_si(F->b + 0, 2);
    fmpq_poly_set_si(F->c + 0, 3);
    fmpq_poly_set_si(F->d + 0, 4);
    fmpq_poly_set_si(F->a + 1, 5); /* pair (1,3): diag(5, 6) */
    fmpq_poly_set_si(F->d + 1, 6);
    fmpq_poly_struct *M = cyclo_vec_init(16), *x = cyclo_vec_init(4);
    butterfly_factor_dense(F, M);
    cr_assert(poly_is_si(M + 0 * 4 + 2, 2) && poly_is_si(M + 2 * 4 + 0, 3));
    cr_assert(poly_is_si(M + 3 * 4 + 3, 6) && poly_is_si(M + 0 * 4 + 1, 0));
    for (int i = 0; i < 4; i++)
        fmpq_poly_set_si(x + i, i + 1); /* x = (1,2,3,4) -> (1+6, 10, 3+12, 24) */
    butterfly_factor_apply(F, x, q);
    cr_assert(poly_is_si(x + 0, 7) && poly_is_si(x + 1, 10) && poly_is_si(x + 2, 15) &&
              poly_is_si(x + 3, 24));
    butterfly_factor_transpose(F);
    cr_assert(poly_is_si(F->b + 0, 3) && poly_is_si(F->c + 0, 2));
    cyclo_vec_clear(M, 16);
    cyclo_vec_clear(x, 4);
    butterfly_factor_clear(F);
    cyclo_ctx_clear(q);
}

Test(butterfly, dft4_is_butterfly_times_bit_reversal)
{
    cyclo_ctx_t ctx;
    cyclo_ctx_init(ctx, 4);
    butterfly_seq_t B;
    butterfly_dft(B, 4, ctx);
    cr_assert(butterfly_seq_is_butterfly(B));
    fmpq_poly_struct *M = cyclo_vec_init(16), *F = cyclo_vec_init(16);
    butterfly_seq_matrix(B, M, ctx);
    circuit_dft_matrix(F, 4, ctx);
    for (slong i = 0; i < 4; i++)
        for (slong j = 0; j < 4; j++)
            cr_assert(fmpq_poly_equal(M + i * 4 + circuit_bitrev(j, 2), F + i * 4 + j));
    /* negative control */
    fmpq_poly_add_si(B->f[1].b + 1, B->f[1].b + 1, 1);
    butterfly_seq_matrix(B, M, ctx);
    int all = 1;
    for (slong i = 0; i < 4; i++)
        for (slong j = 0; j < 4; j++)
            all &= fmpq_poly_equal(M + i * 4 + circuit_bitrev(j, 2), F + i * 4 + j);
    cr_assert(!all);
    cyclo_vec_clear(M, 16);
    cyclo_vec_clear(F, 16);
    butterfly_seq_clear(B);
    cyclo_ctx_clear(ctx);
}

Test(butterfly, float64_multiply_matches_exact)
{
    flint_rand_t st;
    flint_randinit(st);
    cyclo_ctx_t q;
    cyclo_ctx_init(q, 1);
    butterfly_seq_t S;
    butterfly_seq_init(S, 16);
    for (slong k = 2; k <= 16; k *= 2)
        butterfly_factor_rand(butterfly_seq_push_zero(S, k), st);
    butterfly_d_seq_t D;
    butterfly_d_seq_from_exact(D, S, q);
    fmpq_poly_struct *x = cyclo_vec_init(16);
    double xd[16];
    for (int i = 0; i < 16; i++) {
        fmpq_poly_set_si(x + i, i - 7);
        xd[i] = i - 7;
    }
    butterfly_seq_apply(S, x, q);
    butterfly_d_seq_apply(D, xd);
    for (int i = 0; i < 16; i++)
        cr_assert(fabs(creal(cyclo_get_complex(x + i, q)) - xd[i]) < 1e-9 * (1 + fabs(xd[i])));
    cyclo_vec_clear(x, 16);
    butterfly_d_seq_clear(D);
    butterfly_seq_clear(S);
    cyclo_ctx_clear(q);
    flint_randclear(st);
}

Test(benes, all_permutations_of_4_both_orders)
{
    slong p[4] = {0, 1, 2, 3};
    int count = 0;
    for (slong a = 0; a < 4; a++)
        for (slong b = 0; b < 4; b++)
            for (slong c = 0; c < 4; c++) {
                slong d = 6 - a - b - c;
                if (a == b || a == c || b == c || d == a || d == b || d == c)
                    continue;
                p[0] = a, p[1] = b, p[2] = c, p[3] = d;
                for (int o = 0; o < 2; o++) {
                    benes_t B;
                    cr_assert_eq(benes_route(B, p, 4, (benes_order_t) o), 0);
                    cr_assert_eq(benes_stages(B), 4);
                    cr_assert(benes_check(B, p));
                    butterfly_seq_t S;
                    butterfly_seq_init(S, 4);
                    benes_to_butterfly(S, B);
                    for (slong f = 0; f < S->len; f++)
                        cr_assert(butterfly_factor_is_switch(S->f + f));
                    butterfly_seq_clear(S);
                    benes_clear(B);
                }
                count++;
            }
    cr_assert_eq(count, 24);
}

Test(benes, stage_strides)
{
    slong p[8] = {3, 1, 4, 0, 5, 7, 6, 2};
    benes_t B;
    benes_route(B, p, 8, BENES_DEC_INC);
    slong want[6] = {4, 2, 1, 1, 2, 4};
    for (int f = 0; f < 6; f++)
        cr_assert_eq(benes_stage_stride(B, f), want[f]);
    benes_clear(B);
    benes_route(B, p, 8, BENES_INC_DEC);
    slong want2[6] = {1, 2, 4, 4, 2, 1};
    for (int f = 0; f < 6; f++)
        cr_assert_eq(benes_stage_stride(B, f), want2[f]);
    cr_assert(benes_check(B, p));
    B->sw[0] ^= 1; /* negative control */
    cr_assert(!benes_check(B, p));
    benes_clear(B);
}

Test(benes, bad_input, .init = cr_redirect_stderr)
{
    benes_t B;
    slong dup[4] = {0, 2, 2, 1}, out[4] = {0, 1, 2, 4}, six[6] = {0, 1, 2, 3, 4, 5};
    cr_assert_eq(benes_route(B, dup, 4, BENES_DEC_INC), -1);
    cr_assert_eq(benes_route(B, out, 4, BENES_DEC_INC), -1);
    cr_assert_eq(benes_route(B, six, 6, BENES_DEC_INC), -1);
    fflush(stderr);
    cr_assert_stderr_neq_str("");
}

Test(kmatrix, step_matrix_in_B_by_hand)
{
    /* N = 4 step matrix: columns 0,1 -> row 0, column 2 -> row 1, column 3 -> row 2,
     * values 1, 2, 3, 4:  H = [[1,2,0,0],[0,0,3,0],[0,0,0,4],[0,0,0,0]] */
    cyclo_ctx_t q;
    cyclo_ctx_init(q, 1);
    slong row[4] = {0, 0, 1, 2};
    fmpq_poly_struct *val = cyclo_vec_init(4), *M = cyclo_vec_init(16);
    for (int t = 0; t < 4; t++)
        fmpq_poly_set_si(val + t, t + 1);
    butterfly_seq_t S;
    butterfly_seq_init(S, 4);
    cr_assert_eq(kmatrix_step_to_butterfly(S, row, val), 0);
    cr_assert(butterfly_seq_is_butterfly(S));
    butterfly_seq_matrix(S, M, q);
    slong want[16] = {1, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    for (int i = 0; i < 16; i++)
        cr_assert(poly_is_si(M + i, want[i]), "entry %d", i);
    /* not a step matrix: row jumps by 2 over 1 column; rows decreasing */
    slong bad1[4] = {0, 2, -1, -1}, bad2[4] = {1, 0, -1, -1};
    cr_assert_eq(kmatrix_step_to_butterfly(S, bad1, val), -1);
    cr_assert_eq(kmatrix_step_to_butterfly(S, bad2, val), -1);
    cr_assert_eq(S->len, 2);
    butterfly_seq_clear(S);
    cyclo_vec_clear(val, 4);
    cyclo_vec_clear(M, 16);
    cyclo_ctx_clear(q);
}

static int corner_equals(const kmatrix_t K, const sparse_mat_t S, const cyclo_ctx_t q)
{
    slong n = S->rows;
    fmpq_poly_struct *M = cyclo_vec_init(n * n), *D = cyclo_vec_init(n * n);
    kmatrix_corner(K, M, q);
    sparse_mat_dense(S, D);
    int ok = cyclo_vec_equal(M, D, n * n);
    cyclo_vec_clear(M, n * n);
    cyclo_vec_clear(D, n * n);
    return ok;
}

Test(kmatrix, anti_identity_and_column_in_BBstar_squared)
{
    cyclo_ctx_t q;
    cyclo_ctx_init(q, 1);
    sparse_mat_t S;
    sparse_mat_init(S, 8, 8);
    for (slong i = 0; i < 8; i++)
        sparse_mat_push_si(S, i, 7 - i, i + 1);
    sparse_mat_canonicalise(S);
    cr_assert_eq(kmatrix_sparse_min_size(S), 8); /* fits without expansion */
    kmatrix_t K;
    cr_assert_eq(kmatrix_from_sparse(K, S, 1, q), 1);
    cr_assert_eq(K->w, 2);
    cr_assert(kmatrix_is_well_formed(K));
    cr_assert_eq(kmatrix_params(K), 4 * 2 * 8 * 3);
    cr_assert(corner_equals(K, S, q));
    kmatrix_clear(K);
    sparse_mat_clear(S);
    /* a full column: 8 entries in column 3 */
    sparse_mat_init(S, 8, 8);
    for (slong i = 0; i < 8; i++)
        sparse_mat_push_si(S, i, 3, 2 * i - 5);
    sparse_mat_canonicalise(S);
    cr_assert_eq(kmatrix_from_sparse(K, S, 4, q), 1);
    cr_assert(corner_equals(K, S, q));
    kmatrix_clear(K);
    sparse_mat_clear(S);
    cyclo_ctx_clear(q);
}

Test(kmatrix, theorem_5_7_random_and_perturbed)
{
    flint_rand_t st;
    flint_randinit(st);
    cyclo_ctx_t q;
    cyclo_ctx_init(q, 1);
    for (slong f = 1; f <= 8; f *= 2) {
        sparse_mat_t S;
        sparse_mat_init(S, 16, 16);
        sparse_mat_rand(S, 16, 16 * f, st);
        kmatrix_t K;
        slong chunks = kmatrix_from_sparse(K, S, 4, q);
        cr_assert_geq(chunks, 1);
        cr_assert_eq(K->w, 2 * chunks);
        cr_assert_leq(K->w, 4 * f); /* the theorem's width 4 ceil(s/n) */
        cr_assert_leq(K->w, 2 * FLINT_MAX(1, (16 * f + 31) / 32)); /* ours: chunks of <= 2n */
        cr_assert(corner_equals(K, S, q));
        /* negative control: perturb a factor */
        butterfly_factor_struct *F = K->seq->f + K->seq->len - 1;
        fmpq_poly_add_si(F->a + 0, F->a + 0, 1);
        fmpq_poly_add_si(F->c + 0, F->c + 0, 1);
        cr_assert(!corner_equals(K, S, q));
        kmatrix_clear(K);
        sparse_mat_clear(S);
    }
    cyclo_ctx_clear(q);
    flint_randclear(st);
}

Test(kmatrix, theorem_5_5_fft8)
{
    circuit_t c;
    circuit_gen_fft(c, 8);
    kmatrix_t K;
    cr_assert_eq(kmatrix_from_circuit(K, c), 0);
    cr_assert_eq(K->w, 2 * 3);
    cr_assert(kmatrix_is_well_formed(K));
    fmpq_poly_struct *M = cyclo_vec_init(64), *F = cyclo_vec_init(64);
    kmatrix_corner(K, M, c->ctx);
    circuit_dft_matrix(F, 8, c->ctx);
    cr_assert(cyclo_vec_equal(M, F, 64));
    cyclo_vec_clear(M, 64);
    cyclo_vec_clear(F, 64);
    kmatrix_clear(K);
    circuit_clear(c);
}

Test(kmatrix, bad_input, .init = cr_redirect_stderr)
{
    cyclo_ctx_t q;
    cyclo_ctx_init(q, 1);
    sparse_mat_t S;
    sparse_mat_init(S, 6, 6);
    kmatrix_t K;
    cr_assert_eq(kmatrix_from_sparse(K, S, 4, q), -1); /* n = 6 */
    sparse_mat_clear(S);
    sparse_mat_init(S, 8, 8);
    for (slong i = 0; i < 8; i++)
        for (slong j = 0; j < 8; j++)
            sparse_mat_push_si(S, i, j, 1);
    cr_assert_eq(kmatrix_from_sparse(K, S, 1, q), -1); /* dense 8 x 8 does not fit at e = 1 */
    sparse_mat_clear(S);
    cyclo_ctx_clear(q);
}
