/* test_rank_mm.c -- multimodular certified rank (algebra/exact/rank_mm.h) against FLINT's
 * fraction-free rank, hand-made cases where the first prime lies (rank mod p0 < rank over Q),
 * and the certificate path being taken. */
#include <criterion/criterion.h>

#include <flint/fmpz_mat.h>

#include "exact/qmat.h"
#include "exact/rank_mm.h"
#include "exact/rank_modp_blas.h"

#include <flint/nmod_mat.h>

Test(rank_mm, agrees_with_fraction_free)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int t = 0; t < 40; t++) {
        slong m = 1 + t % 9, n = 1 + (t * 7) % 11, r = t % 6;
        fmpq_mat_t M;
        fmpq_mat_init(M, m, n);
        qmat_rand_rank(M, st, r, t % 3 ? 9 : 1000000, 1 + t % 4);
        rank_mm_stats_t s;
        slong want = qmat_rank(M), got = rank_mm_fmpq(M, &s);
        cr_assert_eq(got, want, "m %ld n %ld: rank_mm %ld, fraction-free %ld", m, n, got, want);
        if (want < FLINT_MIN(m, n) && want > 0)
            cr_assert_eq(s.certified_by, 2, "small rank: fraction-free path expected");
        fmpq_mat_clear(M);
    }
    flint_randclear(st);
}

/* The first prime p0 = nextprime(2^62) divides an entry: rank mod p0 is too small, and the
 * certificate must detect it (a second prime raises the lower bound). */
Test(rank_mm, first_prime_lies)
{
    mp_limb_t p0 = n_nextprime(UWORD(1) << 62, 1);
    fmpz_mat_t Z;
    fmpz_mat_init(Z, 2, 2);
    fmpz_set_ui(fmpz_mat_entry(Z, 0, 0), p0);
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 1);
    /* [[p0, 1], [p0 + 1 - 1, 1]] has determinant 0 over Q; [[p0, 1], [0, 1]] has rank 2 but
     * mod p0 it is [[0, 1], [0, 1]] of rank 1 */
    fmpz_one(fmpz_mat_entry(Z, 0, 1));
    fmpz_one(fmpz_mat_entry(Z, 1, 1));
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 2);
    fmpz_set_ui(fmpz_mat_entry(Z, 1, 0), p0);
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 1);
    fmpz_mat_clear(Z);
    /* 3 x 3 with product of two big primes: rank 2 over Q, [[a, 0, a], [0, b, b], [a, b, a+b]] */
    fmpz_mat_init(Z, 3, 3);
    mp_limb_t p1 = n_nextprime(p0, 1);
    fmpz_set_ui(fmpz_mat_entry(Z, 0, 0), p0);
    fmpz_set_ui(fmpz_mat_entry(Z, 0, 2), p0);
    fmpz_set_ui(fmpz_mat_entry(Z, 1, 1), p1);
    fmpz_set_ui(fmpz_mat_entry(Z, 1, 2), p1);
    fmpz_set_ui(fmpz_mat_entry(Z, 2, 0), p0);
    fmpz_set_ui(fmpz_mat_entry(Z, 2, 1), p1);
    fmpz_add_ui(fmpz_mat_entry(Z, 2, 2), fmpz_mat_entry(Z, 0, 2), p1);
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 2);
    fmpz_add_ui(fmpz_mat_entry(Z, 2, 2), fmpz_mat_entry(Z, 2, 2), 1); /* negative control */
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 3);
    fmpz_mat_clear(Z);
}

/* The certificate path itself (ranks above RANK_MM_SMALL), with a lying first prime. */
Test(rank_mm, certificate_path)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 60, r = RANK_MM_SMALL + 8;
    fmpq_mat_t M;
    fmpq_mat_init(M, n, n + 3);
    qmat_rand_rank(M, st, r, 5, 3);
    rank_mm_stats_t s;
    cr_assert_eq(rank_mm_fmpq(M, &s), qmat_rank(M));
    cr_assert_eq(s.certified_by, 1);
    cr_assert_gt(s.bound_bits, 0);
    /* negative control: one perturbed entry raises the rank, and the certificate sees it */
    fmpq_add_si(fmpq_mat_entry(M, 7, 11), fmpq_mat_entry(M, 7, 11), 1);
    cr_assert_eq(rank_mm_fmpq(M, &s), qmat_rank(M));
    cr_assert_eq(qmat_rank(M), r + 1);
    /* an entry divisible by p0 hides a rank mod p0: M = diag(p0, 1, ..., 1) padded, rank 41 */
    fmpz_mat_t Z;
    fmpz_mat_init(Z, 50, 50);
    for (slong i = 0; i < 41; i++)
        fmpz_one(fmpz_mat_entry(Z, i, i));
    fmpz_set_ui(fmpz_mat_entry(Z, 0, 0), n_nextprime(UWORD(1) << 62, 1));
    cr_assert_eq(rank_mm_fmpz(Z, &s), 41);
    cr_assert_eq(s.certified_by, 1);
    fmpz_mat_clear(Z);
    fmpq_mat_clear(M);
    flint_randclear(st);
}

Test(rank_mm, edge_shapes)
{
    fmpz_mat_t Z;
    fmpz_mat_init(Z, 0, 5);
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 0);
    fmpz_mat_clear(Z);
    fmpz_mat_init(Z, 4, 6);
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 0);
    fmpz_set_si(fmpz_mat_entry(Z, 3, 5), -7);
    cr_assert_eq(rank_mm_fmpz(Z, NULL), 1);
    fmpz_mat_clear(Z);
    flint_cleanup_master();
}

/* rank_modp_blas (float64 blocked elimination with exact dgemm updates) against FLINT's
 * nmod_mat_rank modulo the same prime: low-rank products, zero and repeated columns, wide and
 * tall shapes, entries far above p (reduced first). */
Test(rank_mm, blas_rank_mod_p_matches_nmod)
{
    flint_rand_t st;
    flint_randinit(st);
    const slong shapes[][3] = {{300, 300, 37}, {257, 130, 130}, {130, 257, 129}, {200, 200, 0},
                               {97, 311, 64},  {311, 97, 33},   {64, 64, 64},   {1, 5, 1}};
    for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++) {
        slong m = shapes[t][0], n = shapes[t][1], r = shapes[t][2];
        fmpz_mat_t A, B, Z;
        fmpz_mat_init(A, m, r);
        fmpz_mat_init(B, r, n);
        fmpz_mat_init(Z, m, n);
        fmpz_mat_randtest(A, st, 70);
        fmpz_mat_randtest(B, st, 8);
        if (r > 0)
            fmpz_mat_mul(Z, A, B);
        for (slong i = 0; i < m; i++) /* a zero column and a repeated one */
            fmpz_zero(fmpz_mat_entry(Z, i, n / 2));
        nmod_mat_t N;
        nmod_mat_init(N, m, n, RANK_MODP_BLAS_PRIME);
        fmpz_mat_get_nmod_mat(N, Z);
        slong want = nmod_mat_rank(N);
        cr_assert_eq(rank_modp_blas(Z), want, "shape %ld x %ld rank %ld", (long)m, (long)n,
                     (long)r);
        nmod_mat_clear(N);
        fmpz_mat_clear(A);
        fmpz_mat_clear(B);
        fmpz_mat_clear(Z);
    }
    flint_randclear(st);
}
