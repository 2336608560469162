/* test_mutants_exact.c -- tests added for mutants of algebra/exact that survived the quick
 * checkers and the older unit tests (tests/mutants/mutants.txt, results/mutation.md):
 * the rank certificate of qmat_rank when the first prime lies, and the number of
 * certificate primes of rank_mm against its Hadamard bound. */
#include <criterion/criterion.h>

#include <flint/fmpz_mat.h>

#include "exact/qmat.h"
#include "exact/rank_mm.h"

/* Mutant exact_qmat_certificate_skipped: qmat_rank's first prime p0 = nextprime(2^62) divides
 * an entry, so rank mod p0 = 40 < 41 = rank over Q; only the exact identity check (step 2 of
 * qmat.c) notices, and the fallback returns 41. */
Test(mutants_exact, qmat_rank_unlucky_first_prime)
{
    fmpz_mat_t Z;
    fmpz_mat_init(Z, 50, 50);
    for (slong i = 0; i < 41; i++)
        fmpz_one(fmpz_mat_entry(Z, i, i));
    fmpz_set_ui(fmpz_mat_entry(Z, 0, 0), n_nextprime(UWORD(1) << 62, 1));
    cr_assert_eq(qmat_rank_fmpz(Z), 41);
    /* the same through the rational front end, with a denominator */
    fmpq_mat_t M;
    fmpq_mat_init(M, 50, 50);
    for (slong i = 0; i < 50; i++)
        for (slong j = 0; j < 50; j++)
            fmpq_set_fmpz_frac(fmpq_mat_entry(M, i, j), fmpz_mat_entry(Z, i, j), (fmpz[]){3});
    cr_assert_eq(qmat_rank(M), 41);
    /* negative control: without the p0 entry the rank is 40, and it is said so */
    fmpz_zero(fmpz_mat_entry(Z, 0, 0));
    cr_assert_eq(qmat_rank_fmpz(Z), 40);
    fmpq_mat_clear(M);
    fmpz_mat_clear(Z);
}

/* Mutant exact_rankmm_prime_count: the certificate is sound only if the product of the
 * certificate primes exceeds the Hadamard bound B of the bordered minors (rank_mm.h).  Every
 * prime is < 2^63, so k certificate primes are enough only if 63 k > log2 B. */
Test(mutants_exact, rank_mm_certificate_primes_cover_the_bound)
{
    flint_rand_t st;
    flint_randinit(st);
    slong n = 40, r = RANK_MM_SMALL + 12;
    fmpq_mat_t M;
    fmpq_mat_init(M, n, n + 2);
    qmat_rand_rank(M, st, r, WORD(1) << 24, 1); /* integer entries of ~50 bits: B ~ 2^1000 */
    rank_mm_stats_t s;
    cr_assert_eq(rank_mm_fmpq(M, &s), r);
    cr_assert_eq(s.certified_by, 1);
    cr_assert_gt(s.bound_bits, 300, "the bound should need several primes (got %ld bits)",
                 (long)s.bound_bits);
    slong certificate_primes = s.primes_used - 1; /* p0 found the rank, the others certify */
    cr_assert_gt(63 * certificate_primes, s.bound_bits,
                 "%ld certificate primes (< 2^63 each) cannot exceed a bound of 2^%ld",
                 (long)certificate_primes, (long)s.bound_bits);
    fmpq_mat_clear(M);
    flint_randclear(st);
}
