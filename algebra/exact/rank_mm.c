/* rank_mm.c -- multimodular certified rank (see rank_mm.h for the argument). */
#include "exact/rank_mm.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <flint/nmod_mat.h>

#include "exact/qmat.h"
#include "exact/rank_modp_blas.h"
#include "report/report.h"

/* log2 of ||column j of Z||_2, rounded up. */
static slong column_bits(const fmpz_mat_t Z, slong j)
{
    fmpz_t s;
    fmpz_init(s);
    for (slong i = 0; i < fmpz_mat_nrows(Z); i++)
        fmpz_addmul(s, fmpz_mat_entry(Z, i, j), fmpz_mat_entry(Z, i, j));
    slong b = (slong)(fmpz_bits(s) + 1) / 2 + 1;
    fmpz_clear(s);
    return b;
}

/* Bits of the Hadamard bound on the bordered minors: columns J plus the largest other one. */
static slong bordered_bound_bits(const fmpz_mat_t Z, const slong *J, slong r)
{
    slong n = fmpz_mat_ncols(Z), bits = 0, extra = 0;
    char *in = calloc((size_t)n + 1, 1);
    for (slong k = 0; k < r; k++) {
        in[J[k]] = 1;
        bits += column_bits(Z, J[k]);
    }
    for (slong j = 0; j < n; j++)
        if (!in[j]) {
            slong b = column_bits(Z, j);
            extra = b > extra ? b : extra;
        }
    free(in);
    return bits + extra;
}

/* det(Z[I, J]) mod p != 0 ? */
static int minor_invertible(const nmod_mat_t A, const slong *I, const slong *J, slong r)
{
    nmod_mat_t C;
    nmod_mat_init(C, r, r, A->mod.n);
    for (slong a = 0; a < r; a++)
        for (slong b = 0; b < r; b++)
            nmod_mat_entry(C, a, b) = nmod_mat_entry(A, I[a], J[b]);
    int ok = nmod_mat_det(C) != 0;
    nmod_mat_clear(C);
    return ok;
}

/* One certificate prime: is det C != 0 mod p, and what is rank_p(Z)?  Independent of the
 * other primes, so several run in parallel threads (read-only access to Z, I, J). */
typedef struct {
    const fmpz_mat_struct *Z;
    const slong *I, *J;
    slong r, rank;
    mp_limb_t p;
    int invertible;
} prime_check_t;

static void *check_prime(void *arg)
{
    prime_check_t *c = arg;
    nmod_mat_t A;
    nmod_mat_init(A, fmpz_mat_nrows(c->Z), fmpz_mat_ncols(c->Z), c->p);
    fmpz_mat_get_nmod_mat(A, c->Z);
    c->invertible = minor_invertible(A, c->I, c->J, c->r);
    c->rank = c->invertible ? nmod_mat_rank(A) : -1;
    nmod_mat_clear(A);
    return NULL;
}

#define RANK_MM_MAX_THREADS 8

/* Threads for the certificate: the cores, at most 8, at most ~1 GB of residue matrices, and
 * no more than the primes still needed. */
static int worker_count(slong m, slong n, double missing_bits)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int t = cores < 1 ? 1 : cores > RANK_MM_MAX_THREADS ? RANK_MM_MAX_THREADS : (int)cores;
    while (t > 1 && (double)t * (double)m * (double)n > (double)(1L << 27))
        t--;
    int needed = (int)(missing_bits / 61) + 1;
    return t < needed ? t : needed;
}

/* Check T consecutive primes after *P in parallel (results in order in JOBS). */
static void check_primes(prime_check_t *jobs, int t, mp_limb_t *p, const fmpz_mat_t Z,
                         const slong *I, const slong *J, slong r)
{
    pthread_t th[RANK_MM_MAX_THREADS];
    int started[RANK_MM_MAX_THREADS] = {0};
    for (int k = 0; k < t; k++) {
        *p = n_nextprime(*p, 1);
        jobs[k] = (prime_check_t){Z, I, J, r, 0, *p, 0};
    }
    for (int k = 1; k < t; k++)
        started[k] = pthread_create(&th[k], NULL, check_prime, &jobs[k]) == 0;
    check_prime(&jobs[0]);
    for (int k = 1; k < t; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            check_prime(&jobs[k]); /* no thread: do it here */
    }
}

slong rank_mm_fmpz(const fmpz_mat_t Z, rank_mm_stats_t *stats)
{
    slong m = fmpz_mat_nrows(Z), n = fmpz_mat_ncols(Z);
    rank_mm_stats_t st = {0, 0, 0};
    if (m == 0 || n == 0 || fmpz_mat_is_zero(Z)) {
        if (stats)
            *stats = st;
        return 0;
    }
    if (m * n >= RANK_MM_BLAS_MIN_ENTRIES) {
        /* large matrices: the rank mod a small prime by exact float64 blocked elimination
         * first (rank_modp_blas.h); full rank there certifies itself, a small rank is decided
         * by fraction-free elimination, anything else goes on below */
        slong rf = rank_modp_blas(Z);
        if (rf == FLINT_MIN(m, n)) {
            st.primes_used = 1;
            if (stats)
                *stats = st;
            return rf;
        }
        if (rf >= 0 && rf <= RANK_MM_SMALL) {
            st.primes_used = 1;
            st.certified_by = 2;
            if (stats)
                *stats = st;
            return fmpz_mat_rank(Z);
        }
    }
    slong *I = malloc((size_t)(m + n) * sizeof(slong)), *J = I + m;
    mp_limb_t p = n_nextprime(UWORD(1) << 62, 1);
    nmod_mat_t A;
    nmod_mat_init(A, m, n, p);
    fmpz_mat_get_nmod_mat(A, Z);
    /* full rank mod p0 certifies itself: no pivots needed */
    slong r = nmod_mat_rank(A);
    st.primes_used = 1;
    if (r < FLINT_MIN(m, n) && r <= RANK_MM_SMALL) {
        /* small rank: fraction-free elimination costs O(r m n) on numbers of O(r h) bits,
         * cheaper than the pivot search and the certificate (measured crossover r ~ 10 at n = 1000)
         */
        nmod_mat_clear(A);
        free(I);
        st.certified_by = 2;
        if (stats)
            *stats = st;
        return fmpz_mat_rank(Z);
    }
    if (r < FLINT_MIN(m, n))
        r = qmat_pivots_mod_p(I, J, A);
    double have_bits = 0, need_bits = 0;
    if (r < FLINT_MIN(m, n)) {
        st.certified_by = 1;
        st.bound_bits = bordered_bound_bits(Z, J, r);
        need_bits = (double)st.bound_bits + 1;
    }
    progress_t pr; /* a progress line on a terminal: middle ranks of big matrices take a while */
    progress_start(&pr, "certifying the rank", (long)(need_bits / 61) + 1);
    prime_check_t jobs[RANK_MM_MAX_THREADS];
    while (have_bits < need_bits) {
        progress_update(&pr, (long)(have_bits / 61), "rank %ld, %.0f of %.0f bits", (long)r,
                        have_bits, need_bits);
        int t = worker_count(m, n, need_bits - have_bits);
        check_primes(jobs, t, &p, Z, I, J, r);
        for (int k = 0; k < t; k++) {
            st.primes_used++;
            if (!jobs[k].invertible)
                continue; /* p divides det C: says nothing */
            if (jobs[k].rank > r) { /* a better lower bound: restart from this prime */
                nmod_mat_clear(A);
                nmod_mat_init(A, m, n, jobs[k].p);
                fmpz_mat_get_nmod_mat(A, Z);
                r = qmat_pivots_mod_p(I, J, A);
                have_bits = 0;
                st.bound_bits = r < FLINT_MIN(m, n) ? bordered_bound_bits(Z, J, r) : 0;
                need_bits = r < FLINT_MIN(m, n) ? (double)st.bound_bits + 1 : 0;
                st.certified_by = r < FLINT_MIN(m, n);
                pr.total = (long)(need_bits / 61) + 1;
                break;
            }
            have_bits += (double)FLINT_BIT_COUNT(jobs[k].p) - 1; /* p > 2^(bits-1) */
        }
    }
    progress_end(&pr);
    nmod_mat_clear(A);
    free(I);
    if (stats)
        *stats = st;
    return r;
}

slong rank_mm_fmpq(const fmpq_mat_t M, rank_mm_stats_t *stats)
{
    fmpz_mat_t Z;
    fmpz_mat_init(Z, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    if (fmpq_mat_nrows(M) && fmpq_mat_ncols(M))
        fmpq_mat_get_fmpz_mat_rowwise(Z, NULL, M);
    slong r = rank_mm_fmpz(Z, stats);
    fmpz_mat_clear(Z);
    return r;
}
