/* ldr_rank_bench -- speed of `ldr rank` on n x n integer Matrix Market files with small entries
 * (issue 9, section 4): read the file exactly, form the displacement A M - M B, decide its
 * rank exactly.  Two exact rank methods run on the same displacement, their answers must
 * agree: the certified multimodular rank (algebra/exact/rank_mm.h, used by the tool) and the core's
 * qmat_rank (full rank mod p, else FLINT's fraction-free elimination over Z), the baseline.
 * Negative control: one entry of the low-rank matrix perturbed must raise the rank. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "report/checker.h"
#include "ldr/displacement.h"
#include "io/mmio.h"
#include "exact/qmat.h"
#include "exact/rank_mm.h"

typedef enum { M_RANDOM, M_TOEPLITZ, M_TOEPLITZ_LIKE, M_LOWRANK } mkind_t;

static void fill_random(fmpz_mat_t Z, flint_rand_t st, slong bound)
{
    for (slong i = 0; i < fmpz_mat_nrows(Z); i++)
        for (slong j = 0; j < fmpz_mat_ncols(Z); j++)
            fmpz_set_si(fmpz_mat_entry(Z, i, j), (slong)n_randint(st, 2 * bound + 1) - bound);
}

/* Z += U V^T with U, V (n x k) entries in [-b, b]. */
static void add_low_rank(fmpz_mat_t Z, flint_rand_t st, slong k, slong b)
{
    slong n = fmpz_mat_nrows(Z);
    fmpz_mat_t U, V, P;
    fmpz_mat_init(U, n, k);
    fmpz_mat_init(V, k, n);
    fmpz_mat_init(P, n, n);
    fill_random(U, st, b);
    fill_random(V, st, b);
    fmpz_mat_mul(P, U, V);
    fmpz_mat_add(Z, Z, P);
    fmpz_mat_clear(U);
    fmpz_mat_clear(V);
    fmpz_mat_clear(P);
}

static void make_matrix(fmpq_mat_t M, mkind_t kind, slong n, flint_rand_t st)
{
    fmpz_mat_t Z;
    fmpz_mat_init(Z, n, n);
    if (kind == M_RANDOM)
        fill_random(Z, st, 9);
    if (kind == M_TOEPLITZ || kind == M_TOEPLITZ_LIKE) {
        slong *t = malloc((size_t)(2 * n) * sizeof(slong));
        for (slong k = 0; k < 2 * n - 1; k++)
            t[k] = (slong)n_randint(st, 19) - 9;
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++)
                fmpz_set_si(fmpz_mat_entry(Z, i, j), t[i - j + n - 1]);
        free(t);
        if (kind == M_TOEPLITZ_LIKE)
            add_low_rank(Z, st, 10, 1);
    }
    if (kind == M_LOWRANK)
        add_low_rank(Z, st, n / 5, 2);
    fmpq_mat_set_fmpz_mat(M, Z);
    fmpz_mat_clear(Z);
}

/* Write M as a Matrix Market file and read it back (the tool's input path), timed. */
static double file_round_trip(checker_t *c, fmpq_mat_t back, const fmpq_mat_t M)
{
    char path[] = "/tmp/ldr_rank_bench_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    char err[MATFILE_ERRLEN];
    if (mmio_write(path, M, MMIO_ARRAY, err, sizeof err)) {
        unlink(path);
        return -1;
    }
    double t0 = wall_seconds();
    int rc = mmio_read(back, path, err, sizeof err);
    double secs = wall_seconds() - t0;
    unlink(path);
    if (rc)
        checker_note(c, "read failed: %s", err);
    return rc ? -1 : secs;
}

static void bench_case(checker_t *c, const char *name, mkind_t kind, slong n, const char *ops,
                       int shift)
{
    fmpq_mat_t M0, M, R;
    fmpq_mat_init(M0, n, n);
    make_matrix(M0, kind, n, c->rand);
    double read = file_round_trip(c, M, M0);
    if (read < 0) {
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%s|file round trip failed|-|-|-|-|-|-|-", name,
                    (long)n, ops);
        fmpq_mat_clear(M0);
        return;
    }
    op_t A, B;
    op_init_zf_si(&A, n, shift ? 1 : 0);
    op_init_zf_si(&B, n, shift ? -1 : 0);
    if (!shift) { /* (I, 0): the displacement is M itself */
        op_clear(&A);
        fmpq *one = _fmpq_vec_init(n);
        for (slong i = 0; i < n; i++)
            fmpq_one(one + i);
        op_init_diag(&A, n, one);
        _fmpq_vec_clear(one, n);
        op_clear(&B);
        fmpq *zero = _fmpq_vec_init(n);
        op_init_diag(&B, n, zero);
        _fmpq_vec_clear(zero, n);
    }
    fmpq_mat_init(R, n, n);
    double t0 = wall_seconds();
    ldr_sylvester(R, &A, M, &B);
    double disp = wall_seconds() - t0;
    rank_mm_stats_t s;
    t0 = wall_seconds();
    slong r_mm = rank_mm_fmpq(R, &s);
    double t_mm = wall_seconds() - t0;
    t0 = wall_seconds();
    slong r_ff = qmat_rank(R);
    double t_ff = wall_seconds() - t0;
    checker_row(c, ROW_POSITIVE, r_mm == r_ff, "%s|%ld|%s|%ld|%.2f|%.2f|%.2f|%ld|%ld|%.2f|%.1f",
                name, (long)n, ops, (long)r_mm, read, disp, t_mm, (long)s.primes_used,
                (long)s.bound_bits, t_ff, t_ff / (t_mm > 1e-6 ? t_mm : 1e-6));
    if (kind == M_LOWRANK) { /* negative control: a perturbed entry must raise the rank */
        fmpq_add_si(fmpq_mat_entry(R, n / 2, n / 3), fmpq_mat_entry(R, n / 2, n / 3), 1);
        slong r2 = rank_mm_fmpq(R, &s);
        checker_row(c, ROW_NEGATIVE, r2 == r_mm,
                    "%s + one entry perturbed|%ld|%s|%ld|-|-|-|%ld|%ld|-|-", name, (long)n, ops,
                    (long)r2, (long)s.primes_used, (long)s.bound_bits);
    }
    fmpq_mat_clear(R);
    fmpq_mat_clear(M);
    fmpq_mat_clear(M0);
    op_clear(&A);
    op_clear(&B);
}

int main(int argc, char **argv)
{
    static const checker_info_t info = {
        "ldr_rank_bench", "ldr rank: exact displacement rank of n x n integer Matrix Market files",
        "issue 9 (section 4, speed); Thomas et al. 2018 Section 2 (displacement rank)",
        "Times reading, displacement and exact rank (certified multimodular vs fraction-free);\n"
        "n = 1000 (200 with --quick).",
        NULL};
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    slong n = c.quick ? 200 : 1000;
    checker_param(&c, "n", "%ld", (long)n);
    checker_param(&c, "entries",
                  "integers in [-9, 9] (Toeplitz-like: + rank-10 {-1,0,1} term; "
                  "low-rank: U V^T, U, V n x n/5 in [-2, 2])");
    checker_section(&c, "Exact rank of the displacement A M - M B",
                    "matrix|n|(A, B)|rank|read s|displacement s|rank_mm s|primes|bound bits|"
                    "fraction-free s|speed-up");
    bench_case(&c, "random", M_RANDOM, n, "(Z_1, Z_-1)", 1);
    bench_case(&c, "Toeplitz", M_TOEPLITZ, n, "(Z_1, Z_-1)", 1);
    bench_case(&c, "Toeplitz + rank 10", M_TOEPLITZ_LIKE, n, "(Z_1, Z_-1)", 1);
    bench_case(&c, "rank n/5", M_LOWRANK, n, "(I, 0)", 0);
    bench_case(&c, "rank n/5", M_LOWRANK, n, "(Z_1, Z_-1)", 1);
    checker_note(&c,
                 "rank_mm: rank r mod p0 = nextprime(2^62); full rank certifies itself; "
                 "otherwise the Schur complement of an r x r minor nonzero mod p0 is shown to "
                 "vanish modulo primes whose product exceeds twice the Hadamard bound of the "
                 "bordered minors ('bound bits').  fraction-free: qmat_rank (FLINT fmpz_mat_rank "
                 "after a full-rank test mod p).  Wall times on a shared machine.");
    return checker_finish(&c);
}
