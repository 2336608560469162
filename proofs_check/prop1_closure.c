/* prop1_closure -- Thomas et al. 2018, Proposition 1: LDR matrices are closed under
 *   (a) transpose  M in D^r_{A,B}  =>  M^T in D^r_{B^T,A^T};  inverse  M^-1 in D^r_{B,A}
 *   (b) sum        M in D^r_{A,B}, N in D^s_{A,B}  =>  M + N in D^{r+s}_{A,B}
 *   (c) product    M in D^r_{A,B}, N in D^s_{B,C}  =>  M N in D^{r+s}_{A,C}
 *   (d) block      M_ij in D^r_{A_i,B_j}  =>  (M_ij) in D^{rkl}_{diag(A_i),diag(B_j)}
 * Every M is the exact solution of A M - M B = R with R random of rank r; every
 * displacement rank is decided exactly over Q (qmat_rank). */
#include <stdio.h>
#include <stdlib.h>

#include "report/checker.h"
#include "ldr/displacement.h"
#include "ldr/ldr_sample.h"
#include "exact/qmat.h"

typedef struct {
    const char *name;
    op_kind_t kind;
} family_t;

static const family_t families[] = {
    {"(Z_1, Z_-1)", OP_ZF},
    {"diagonal", OP_DIAG},
    {"subdiagonal+corner", OP_SUBDIAG},
    {"tridiagonal+corners", OP_TRIDIAG},
};
#define NFAMILIES 4

/* M^-1 is formed exactly only when n^3 * height(M) fits this budget: by Cramer's rule M^-1 has
 * height about n * height(M), and inverting costs ~n^2 operations per entry of that size. */
static long inverse_cost_budget = 1L << 22;
/* Exact solutions for random tridiagonal operators have heights ~ n^2 bits (2.5k bits at
 * n = 32, 10k bits at n = 64): n = 128 is out of reach of exact arithmetic in minutes. */
static long max_tridiag_n = 32;
static long trials_option = 0;

typedef struct {
    slong lo, hi, trials;
    double secs;
} tally_t;

static void tally_add(tally_t *t, slong rank, double secs)
{
    if (t->trials == 0 || rank < t->lo)
        t->lo = rank;
    if (t->trials == 0 || rank > t->hi)
        t->hi = rank;
    t->trials++;
    t->secs += secs;
}

static void emit(checker_t *c, const family_t *f, slong n, slong r, const char *s,
                 const char *part, slong bound, slong saturation, const tally_t *t)
{
    if (t->trials == 0) {
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|%s|%s|%ld|-|-|0|%.3f", f->name, (long)n,
                    (long)r, s, part, (long)bound, t->secs);
        return;
    }
    const char *attained = t->hi == FLINT_MIN(bound, saturation) ? "yes" : "no";
    checker_row(c, ROW_POSITIVE, t->hi <= bound, "%s|%ld|%ld|%s|%s|%ld|%ld..%ld|%s|%ld|%.3f",
                f->name, (long)n, (long)r, s, part, (long)bound, (long)t->lo, (long)t->hi,
                attained, (long)t->trials, t->secs);
}

/* A, B with disjoint spectra and C disjoint from B (Z family: Z_1, Z_-1, Z_1). */
static void draw_ABC(op_t *A, op_t *B, op_t *C, const family_t *f, slong n, flint_rand_t st)
{
    if (f->kind == OP_ZF) {
        op_init_zf_si(A, n, 1);
        op_init_zf_si(B, n, -1);
        op_init_zf_si(C, n, 1);
        return;
    }
    ldr_sample_operator(A, f->kind, n, st, NULL, 0);
    const op_t *avoid[] = {A};
    ldr_sample_operator(B, f->kind, n, st, avoid, 1);
    avoid[0] = B;
    ldr_sample_operator(C, f->kind, n, st, avoid, 1);
}

/* rank of the displacement of M^T w.r.t. (B^T, A^T)  -- Prop. 1(a), transpose */
static slong transpose_rank(const op_t *A, const op_t *B, const fmpq_mat_t M)
{
    op_t At, Bt;
    op_init_transpose(&At, A);
    op_init_transpose(&Bt, B);
    fmpq_mat_t Mt;
    fmpq_mat_init(Mt, fmpq_mat_ncols(M), fmpq_mat_nrows(M));
    fmpq_mat_transpose(Mt, M);
    slong rank = ldr_displacement_rank(&Bt, Mt, &At);
    fmpq_mat_clear(Mt);
    op_clear(&At);
    op_clear(&Bt);
    return rank;
}

/* rank of the displacement of M^-1 w.r.t. (B, A), or -1 if M is singular -- Prop. 1(a) */
static slong inverse_rank(const op_t *A, const op_t *B, const fmpq_mat_t M)
{
    fmpq_mat_t Minv;
    fmpq_mat_init(Minv, A->n, A->n);
    /* singularity is decided by the certified rank first: FLINT's inverse of a singular
     * matrix with large entries can take long to give up */
    slong rank = qmat_rank(M) == A->n && fmpq_mat_inv(Minv, M) ? ldr_displacement_rank(B, Minv, A)
                                                                : -1;
    fmpq_mat_clear(Minv);
    return rank;
}

typedef struct {
    slong singular, over_budget, predicted_bits;
} inverse_skips_t;

/* Is M^-1 affordable exactly?  Its height is about n height(M) (Cramer), PREDICTED on return,
 * and inverting costs ~n^2 operations per entry of that size: n^3 height(M) <= the budget. */
static int inverse_affordable(const fmpq_mat_t M, slong *predicted)
{
    slong n = fmpq_mat_nrows(M);
    *predicted = n * qmat_height_bits(M);
    return n * n * *predicted <= inverse_cost_budget;
}

/* Prop. 1(a), inverse: rank of the displacement of M^-1 w.r.t. (B, A), if affordable. */
static void tally_inverse(tally_t *tI, inverse_skips_t *skip, const op_t *A, const op_t *B,
                          const fmpq_mat_t M, double build)
{
    slong predicted;
    if (!inverse_affordable(M, &predicted)) {
        skip->over_budget++;
        skip->predicted_bits = FLINT_MAX(skip->predicted_bits, predicted);
        return;
    }
    double t1 = wall_seconds();
    slong ri = inverse_rank(A, B, M);
    if (ri < 0)
        skip->singular++;
    else
        tally_add(tI, ri, wall_seconds() - t1 + build);
}

static void emit_inverse(checker_t *c, const family_t *f, slong n, slong r, const tally_t *tI,
                         const inverse_skips_t *skip)
{
    if (tI->trials > 0) {
        emit(c, f, n, r, "-", "(a) inverse", r, n, tI);
        return;
    }
    if (skip->over_budget)
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|-|(a) inverse|%ld|-|M^-1 not formed: predicted "
                    "height %ld bits, n^3 height(M) > --inverse-cost-budget|0|0", f->name, (long)n, (long)r,
                    (long)r, (long)skip->predicted_bits);
    else
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|-|(a) inverse|%ld|-|every draw of M was "
                    "singular (%ld)|0|0", f->name, (long)n, (long)r, (long)r,
                    (long)skip->singular);
}

/* Parts (a)-(c) for one (family, n, r, s); (a) only when WITH_A (it does not involve s). */
static void check_cell(checker_t *c, const family_t *f, slong n, slong r, slong s,
                       slong trials, int with_a)
{
    tally_t tT = {0}, tI = {0}, tb = {0}, tc = {0};
    inverse_skips_t skip = {0, 0, 0};
    for (slong t = 0; t < trials; t++) {
        op_t A, B, C;
        draw_ABC(&A, &B, &C, f, n, c->rand);
        fmpq_mat_t M, N, P, X;
        fmpq_mat_init(M, n, n);
        fmpq_mat_init(N, n, n);
        fmpq_mat_init(P, n, n);
        fmpq_mat_init(X, n, n);
        double t0 = wall_seconds();
        ldr_sample_member(M, &A, &B, r, c->rand); /* M in D^r_{A,B} */
        ldr_sample_member(N, &A, &B, s, c->rand); /* N in D^s_{A,B} */
        ldr_sample_member(P, &B, &C, s, c->rand); /* P in D^s_{B,C} */
        double build = (wall_seconds() - t0) / 3, t1;
        if (with_a) {
            t1 = wall_seconds();
            tally_add(&tT, transpose_rank(&A, &B, M), wall_seconds() - t1 + build);
            tally_inverse(&tI, &skip, &A, &B, M, build);
        }
        t1 = wall_seconds();
        fmpq_mat_add(X, M, N);
        tally_add(&tb, ldr_displacement_rank(&A, X, &B), wall_seconds() - t1 + 2 * build);
        t1 = wall_seconds();
        fmpq_mat_mul(X, M, P);
        tally_add(&tc, ldr_displacement_rank(&A, X, &C), wall_seconds() - t1 + 2 * build);
        fmpq_mat_clear(M);
        fmpq_mat_clear(N);
        fmpq_mat_clear(P);
        fmpq_mat_clear(X);
        op_clear(&A);
        op_clear(&B);
        op_clear(&C);
    }
    char sbuf[16];
    snprintf(sbuf, sizeof sbuf, "%ld", (long)s);
    if (with_a) {
        emit(c, f, n, r, "-", "(a) transpose", r, n, &tT);
        emit_inverse(c, f, n, r, &tI, &skip);
    }
    emit(c, f, n, r, sbuf, "(b) sum", r + s, n, &tb);
    emit(c, f, n, r, sbuf, "(c) product", r + s, n, &tc);
}

/* Block operators diag(A_1..A_k), diag(B_1..B_l), every A_i disjoint from every B_j. */
static void draw_blocks(op_t *Ab, op_t *Bb, op_t *As, op_t *Bs, const family_t *f, slong n,
                        slong k, slong l, flint_rand_t st)
{
    const op_t *avoid[3];
    for (slong j = 0; j < l; j++)
        ldr_sample_operator(Bs + j, f->kind, n, st, NULL, 0);
    for (slong j = 0; j < l; j++)
        avoid[j] = Bs + j;
    for (slong i = 0; i < k; i++)
        ldr_sample_operator(As + i, f->kind, n, st, avoid, l);
    op_init_blockdiag(Ab, As, k);
    op_init_blockdiag(Bb, Bs, l);
}

/* The k x l block matrix of M_ij in D^r_{A_i,B_j}. */
static void build_block_matrix(fmpq_mat_t BM, const op_t *As, const op_t *Bs, slong k,
                               slong l, slong n, slong r, flint_rand_t st)
{
    fmpq_mat_t Mij;
    fmpq_mat_init(Mij, n, n);
    for (slong i = 0; i < k; i++)
        for (slong j = 0; j < l; j++) {
            ldr_sample_member(Mij, As + i, Bs + j, r, st);
            qmat_set_block(BM, Mij, i * n, j * n);
        }
    fmpq_mat_clear(Mij);
}

static slong block_rank(const family_t *f, slong n, slong r, slong k, slong l, int perturb,
                        flint_rand_t st)
{
    op_t As[3], Bs[3], Ab, Bb;
    draw_blocks(&Ab, &Bb, As, Bs, f, n, k, l, st);
    fmpq_mat_t BM;
    fmpq_mat_init(BM, k * n, l * n);
    build_block_matrix(BM, As, Bs, k, l, n, r, st);
    if (perturb)
        ldr_perturb_entry(BM, st);
    slong rank = ldr_displacement_rank(&Ab, BM, &Bb); /* Prop. 1(d) */
    fmpq_mat_clear(BM);
    for (slong i = 0; i < k; i++)
        op_clear(As + i);
    for (slong j = 0; j < l; j++)
        op_clear(Bs + j);
    op_clear(&Ab);
    op_clear(&Bb);
    return rank;
}

static void check_block(checker_t *c, const family_t *f, slong n, slong r, slong trials)
{
    for (slong k = 2; k <= 3; k++)
        for (slong l = 2; l <= 3; l++) {
            tally_t tally = {0};
            for (slong t = 0; t < trials; t++) {
                double t0 = wall_seconds();
                slong rank = block_rank(f, n, r, k, l, 0, c->rand);
                tally_add(&tally, rank, wall_seconds() - t0);
            }
            char part[32];
            snprintf(part, sizeof part, "(d) block %ldx%ld", (long)k, (long)l);
            emit(c, f, n, r, "-", part, r * k * l, FLINT_MIN(k, l) * n, &tally);
        }
}

/* ---- negative controls (r = s = 1): each claims the bound for an input that violates the
 * hypothesis, so each must be reported as violated. */
static void other_operator(op_t *X, const family_t *f, slong n, slong f_shift, const op_t *avoid,
                           flint_rand_t st)
{
    if (f->kind == OP_ZF)
        op_init_zf_si(X, n, f_shift); /* a different Z_f */
    else
        ldr_sample_operator(X, f->kind, n, st, &avoid, 1);
}

static void negative_row(checker_t *c, const family_t *f, slong n, const char *part, slong bound,
                         slong rank)
{
    checker_row(c, ROW_NEGATIVE, rank <= bound, "%s|%ld|1|1|%s|%ld|%ld|-|1|-", f->name, (long)n,
                part, (long)bound, (long)rank);
}

static void negative_controls(checker_t *c, const family_t *f, slong n)
{
    op_t A, B, C, A2, B2;
    draw_ABC(&A, &B, &C, f, n, c->rand);
    other_operator(&A2, f, n, 2, &B, c->rand);  /* A' != A, disjoint from B */
    other_operator(&B2, f, n, -2, &C, c->rand); /* B' != B, disjoint from C */
    fmpq_mat_t M, Mp, N, X;
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(Mp, n, n);
    fmpq_mat_init(N, n, n);
    fmpq_mat_init(X, n, n);
    ldr_sample_member(M, &A, &B, 1, c->rand);
    fmpq_mat_set(Mp, M);
    ldr_perturb_entry(Mp, c->rand);
    negative_row(c, f, n, "(a) transpose of perturbed M (neg. control)", 1,
                 transpose_rank(&A, &B, Mp));
    slong predicted;
    if (inverse_affordable(Mp, &predicted)) {
        slong ri = inverse_rank(&A, &B, Mp);
        if (ri >= 0)
            negative_row(c, f, n, "(a) inverse of perturbed M (neg. control)", 1, ri);
    }
    ldr_sample_member(N, &A2, &B, 1, c->rand); /* N in D^1_{A',B}: hypothesis of (b) broken */
    fmpq_mat_add(X, M, N);
    negative_row(c, f, n, "(b) sum with N in D^s_{A',B} (neg. control)", 2,
                 ldr_displacement_rank(&A, X, &B));
    ldr_sample_member(N, &B2, &C, 1, c->rand); /* N in D^1_{B',C}: hypothesis of (c) broken */
    fmpq_mat_mul(X, M, N);
    negative_row(c, f, n, "(c) product with N in D^s_{B',C} (neg. control)", 2,
                 ldr_displacement_rank(&A, X, &C));
    negative_row(c, f, n, "(d) block 2x2 with a perturbed entry (neg. control)", 4,
                 block_rank(f, n, 1, 2, 2, 1, c->rand));
    fmpq_mat_clear(M);
    fmpq_mat_clear(Mp);
    fmpq_mat_clear(N);
    fmpq_mat_clear(X);
    op_clear(&A);
    op_clear(&B);
    op_clear(&C);
    op_clear(&A2);
    op_clear(&B2);
}

static long max_n = 128;

static const checker_option_t options[] = {
    {"--max-n", &max_n, "largest n of the default run (sizes 8, 32, 128 up to it)"},
    {"--inverse-cost-budget", &inverse_cost_budget, "form M^-1 only if n^3 height(M) <= this"},
    {"--max-tridiag-n", &max_tridiag_n, "largest n for the tridiagonal family"},
    {"--trials", &trials_option, "trials per cell (0: 3 up to n = 32 and 1 at n = 128; quick 1)"},
    {NULL, NULL, NULL},
};

typedef struct {
    slong sizes[3], nsizes, trials;
} plan_t;

static const slong ranks[] = {1, 2, 4}, second_ranks[] = {1, 3};

/* Cell (family, n, k): k = 0, 1, 2 checks r = ranks[k] (parts (a)-(d)); k = 3 runs the
 * negative controls.  Every cell is independent (own reseeded randomness). */
static void run_cell(checker_t *c, long cell, void *ctx)
{
    const plan_t *plan = ctx;
    int k = (int)(cell % 4);
    slong ni = (cell / 4) % plan->nsizes, fi = cell / 4 / plan->nsizes, n = plan->sizes[ni];
    const family_t *f = &families[fi];
    slong trials = n >= 128 && trials_option <= 0 ? 1 : plan->trials;
    if (f->kind == OP_TRIDIAG && n > max_tridiag_n) {
        if (k == 0)
            checker_row(c, ROW_SKIPPED, 0, "%s|%ld|-|-|(a)-(d)|-|-|exact solution height ~n^2 "
                        "bits (n > --max-tridiag-n)|0|0", f->name, (long)n);
        return;
    }
    if (k == 3) {
        negative_controls(c, f, n);
        return;
    }
    for (int si = 0; si < 2; si++)
        check_cell(c, f, n, ranks[k], second_ranks[si], trials, si == 0);
    check_block(c, f, n, ranks[k], trials);
}

static void cell_label(long cell, void *ctx, char *buf, size_t len)
{
    const plan_t *plan = ctx;
    int k = (int)(cell % 4);
    slong ni = (cell / 4) % plan->nsizes, fi = cell / 4 / plan->nsizes;
    if (k == 3)
        snprintf(buf, len, "family=%s n=%ld negative controls", families[fi].name,
                 (long)plan->sizes[ni]);
    else
        snprintf(buf, len, "family=%s n=%ld r=%ld", families[fi].name, (long)plan->sizes[ni],
                 (long)ranks[k]);
}

static const checker_info_t info = {
    "prop1_closure",
    "Proposition 1: closure of LDR matrices (transpose, inverse, sum, product, block)",
    "papers/thomas2018_ldr_learned_operators.txt, Proposition 1 (a)-(d)",
    "Builds M in D^r_{A,B} as the exact solution of A M - M B = R (R random of rank r) for\n"
    "four operator families with exactly checked disjoint spectra, and decides every\n"
    "displacement rank exactly over Q. Sizes n in {8, 32, 128} (quick: 8, 32), r in {1,2,4},\n"
    "s in {1,3}, block shapes k, l in {2,3}. Negative controls break one hypothesis each.",
    options,
};

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    const slong all_sizes[] = {8, 32, 128};
    plan_t plan = {{0}, 0, trials_option > 0 ? trials_option : (c.quick ? 1 : 3)};
    for (int i = 0; i < 3; i++)
        if (all_sizes[i] <= (c.quick ? 32 : max_n))
            plan.sizes[plan.nsizes++] = all_sizes[i];
    checker_param(&c, "sizes n", "%s", plan.nsizes == 3 ? "8, 32, 128" : "8, 32");
    checker_param(&c, "ranks", "r in {1, 2, 4}, s in {1, 3}; blocks k, l in {2, 3}");
    checker_param(&c, "trials per cell", "%ld (1 at n = 128)", (long)plan.trials);
    checker_param(&c, "random entries", "operators p/q with |p| <= %d, q <= %d (free parameters "
                  "non-zero; diagonal entries distinct, |p| <= 4n^2); generators p/q with "
                  "|p| <= %d, q <= %d, non-zero", LDR_SAMPLE_OP_NUM, LDR_SAMPLE_OP_DEN,
                  LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    checker_section(&c, NULL, "family|n|r|s|part|bound|observed rank min..max|bound attained|"
                              "trials|~seconds");
    if (checker_run_named_cells(&c, "cases", NFAMILIES * plan.nsizes * 4, run_cell, cell_label,
                                &plan, 2) != 0)
        return checker_fail(&c, "a worker process failed");
    checker_note(&c, "bound attained = the largest observed rank equals min(bound, saturation), "
                     "where saturation is n (min(k, l) n for blocks). Negative controls use "
                     "r = s = 1 and break one hypothesis each: a perturbed entry (a, d), N with "
                     "a different left operator A' (b), N with a different left operator B' (c).");
    return checker_finish(&c);
}
