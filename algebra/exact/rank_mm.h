/* rank_mm.h -- exact rank over Q of an integer matrix by a multimodular certificate.
 *
 * A rank modulo a prime is only a lower bound (rank_p <= rank_Q).  The certificate closes the
 * gap (the classical Schur-complement argument):
 *   1. mod a first prime p0: rank r, independent rows I and columns J (|I| = |J| = r), so the
 *      r x r minor C = R[I, J] is non-zero mod p0, hence over Z: rank_Q >= r.
 *   2. rank_Q = r  <=>  the Schur complement R - R[:, J] C^-1 R[I, :] vanishes  <=>  the integer
 *      matrix S = det(C) R - R[:, J] adj(C) R[I, :] vanishes.  Each S_ij is the determinant of
 *      the bordered (r+1) x (r+1) submatrix R[I+i, J+j], so |S_ij| <= B := Hadamard bound
 *      (product of the r+1 largest relevant column norms).
 *   3. For a prime p with det(C) != 0 mod p, rank_p(R) = r implies S = 0 mod p (mod p, C is
 *      invertible and the rank is r, so the Schur complement is 0 mod p).  Once the product of
 *      such primes exceeds 2B, S = 0 over Z: rank_Q = r, certified.
 *   A prime with rank_p(R) > r raises the lower bound and restarts from it; a prime dividing
 *   det(C) is skipped.  Full rank mod p0 needs no step 2; a small rank mod p0 (at most
 *   RANK_MM_SMALL) is decided by fraction-free elimination instead (cheaper there).
 * Cost: about (log2 B)/62 ranks mod word-size primes, each O(m n r); the primes are
 * independent and are checked in parallel threads (one per core, at most 8).  The rank is the
 * same whatever the thread count; only the number of primes used may differ slightly. */
#ifndef ALGEBRA_RANK_MM_H
#define ALGEBRA_RANK_MM_H

#include <flint/fmpq_mat.h>
#include <flint/fmpz_mat.h>

/* Below this rank mod p0, FLINT's fraction-free elimination (exact, O(r m n) operations on
 * O(r h)-bit numbers) is faster than the certificate, and is used instead. */
#define RANK_MM_SMALL 8
/* From this many entries on, the first rank mod p is computed by rank_modp_blas (float64
 * blocked elimination mod a prime < 2^20, exact; several times faster than nmod_mat_rank). */
#define RANK_MM_BLAS_MIN_ENTRIES (256L * 256L)

typedef struct {
    slong primes_used; /* ranks mod p computed (including p0 and skipped ones) */
    slong bound_bits;  /* log2 of the Hadamard bound B (0 when not needed) */
    int certified_by;  /* 0: full rank mod p0 (or zero matrix), 1: Schur certificate,
                          2: fraction-free elimination over Z (rank mod p0 <= RANK_MM_SMALL) */
} rank_mm_stats_t;

/* Exact rank of Z over Q; STATS may be NULL. */
slong rank_mm_fmpz(const fmpz_mat_t Z, rank_mm_stats_t *stats);

/* Exact rank of M over Q (denominators cleared row by row first). */
slong rank_mm_fmpq(const fmpq_mat_t M, rank_mm_stats_t *stats);

#endif
