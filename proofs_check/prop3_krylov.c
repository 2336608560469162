/* prop3_krylov -- Thomas et al. 2018:
 *   Proposition 3: M = sum_{i<r} K(A, g_i) K(B^T, h_i)^T has displacement rank <= 2r w.r.t.
 *                  (A^{-1}, B), with the explicit right side of krylov.h;
 *   Table 5:       Toeplitz, Hankel, Vandermonde, Cauchy have displacement rank 2, 2, 1, 1
 *                  w.r.t. their standard operator pairs (and their -like versions rank r);
 *   Proposition 2(a): Toeplitz-like matrices are LDR-TD: Z_f written as a tridiagonal+corners
 *                  operator gives the same low displacement rank.
 * All ranks and identities are decided exactly over Q. */
#include <stdio.h>

#include "report/checker.h"
#include "ldr/classes.h"
#include "ldr/displacement.h"
#include "ldr/krylov.h"
#include "ldr/ldr_sample.h"
#include "exact/qmat.h"

/* ---------------------------------------------------------------- Proposition 3 */
typedef struct {
    slong rank_inv;  /* rank(A^-1 M - M B) */
    int rhs_matches; /* A^-1 M - M B == GG HH^T (explicit right side) */
    slong rank_wrong; /* rank(A M - M B): the wrong operator pair */
    slong rank_perturbed; /* rank for M with one entry perturbed */
} prop3_result_t;

/* A^-1 M - M B with A^-1 dense (A is invertible). */
static void inverse_displacement(fmpq_mat_t R, const fmpq_mat_t Ainv, const fmpq_mat_t M,
                                 const op_t *B)
{
    op_t Ai;
    op_init_dense(&Ai, Ainv);
    ldr_sylvester(R, &Ai, M, B);
    op_clear(&Ai);
}

static void prop3_trial(prop3_result_t *out, const op_t *A, const op_t *B, const fmpq_mat_t Ainv,
                        slong r, flint_rand_t st)
{
    slong n = A->n;
    fmpq_mat_t G, H, M, R, GG, HH, E;
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(GG, n, 2 * r);
    fmpq_mat_init(HH, n, 2 * r);
    fmpq_mat_init(E, 2 * r, n);
    qmat_rand(G, st, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    qmat_rand(H, st, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    krylov_product_sum(M, A, B, G, H);
    inverse_displacement(R, Ainv, M, B);
    out->rank_inv = qmat_rank(R);
    krylov_prop3_generators(GG, HH, A, B, G, H);
    fmpq_mat_transpose(E, HH);
    fmpq_mat_t P;
    fmpq_mat_init(P, n, n);
    fmpq_mat_mul(P, GG, E);
    out->rhs_matches = fmpq_mat_equal(P, R);
    fmpq_mat_clear(P);
    out->rank_wrong = ldr_displacement_rank(A, M, B);
    /* perturbed input: M + I, whose displacement gains A^-1 - B (generically full rank);
     * a single-entry perturbation (rank +2) is not enough against the loose 2r bound, since
     * for subdiagonal+corner operators the observed rank is only r (NOTES.md). */
    for (slong i = 0; i < n; i++)
        fmpq_add_si(fmpq_mat_entry(M, i, i), fmpq_mat_entry(M, i, i), 1);
    inverse_displacement(R, Ainv, M, B);
    out->rank_perturbed = qmat_rank(R);
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    fmpq_mat_clear(M);
    fmpq_mat_clear(R);
    fmpq_mat_clear(GG);
    fmpq_mat_clear(HH);
    fmpq_mat_clear(E);
}

/* A invertible (checked exactly: redrawn otherwise), B arbitrary of the same kind. */
static void draw_invertible(op_t *A, fmpq_mat_t Ainv, op_kind_t kind, slong n, flint_rand_t st)
{
    for (;;) {
        ldr_sample_operator(A, kind, n, st, NULL, 0);
        if (op_inverse(Ainv, A))
            return;
        op_clear(A);
    }
}

static void check_prop3(checker_t *c, op_kind_t kind, slong n, slong r, slong trials)
{
    slong lo = 0, hi = 0, neg_wrong = WORD_MAX, neg_pert = WORD_MAX;
    int rhs_ok = 1;
    double t0 = wall_seconds();
    for (slong t = 0; t < trials; t++) {
        op_t A, B;
        fmpq_mat_t Ainv;
        fmpq_mat_init(Ainv, n, n);
        draw_invertible(&A, Ainv, kind, n, c->rand);
        ldr_sample_operator(&B, kind, n, c->rand, NULL, 0);
        prop3_result_t res;
        prop3_trial(&res, &A, &B, Ainv, r, c->rand);
        lo = t == 0 ? res.rank_inv : FLINT_MIN(lo, res.rank_inv);
        hi = t == 0 ? res.rank_inv : FLINT_MAX(hi, res.rank_inv);
        rhs_ok &= res.rhs_matches;
        neg_wrong = FLINT_MIN(neg_wrong, res.rank_wrong);
        neg_pert = FLINT_MIN(neg_pert, res.rank_perturbed);
        fmpq_mat_clear(Ainv);
        op_clear(&A);
        op_clear(&B);
    }
    double secs = wall_seconds() - t0;
    const char *name = op_kind_name(kind);
    if (trials <= 0) { /* nothing computed: neither the claim nor its controls are decided */
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|(A^-1, B)|<= %ld|-|-|0|no trial run", name,
                    (long)n, (long)r, 2 * (long)r);
        return;
    }
    checker_row(c, ROW_POSITIVE, hi <= 2 * r && rhs_ok,
                "%s|%ld|%ld|(A^-1, B)|<= %ld|%ld..%ld|%s|%ld|%.3f", name, (long)n, (long)r,
                2 * (long)r, (long)lo, (long)hi, rhs_ok ? "yes" : "NO", (long)trials, secs);
    if (2 * r >= n) /* no n x n matrix can violate the bound: no negative control here */
        return;
    checker_row(c, ROW_NEGATIVE, neg_wrong <= 2 * r,
                "%s|%ld|%ld|(A, B): wrong pair (neg. control)|<= %ld|min %ld|-|%ld|-", name,
                (long)n, (long)r, 2 * (long)r, (long)neg_wrong, (long)trials);
    checker_row(c, ROW_NEGATIVE, neg_pert <= 2 * r,
                "%s|%ld|%ld|(A^-1, B), M + I (neg. control)|<= %ld|min %ld|-|%ld|-", name,
                (long)n, (long)r, 2 * (long)r, (long)neg_pert, (long)trials);
}

/* ---------------------------------------------------------------- Table 5 */
/* A M - M B == G H^T exactly */
static int displacement_is_GHt(const op_t *A, const fmpq_mat_t M, const op_t *B,
                               const fmpq_mat_t G, const fmpq_mat_t H)
{
    slong n = fmpq_mat_nrows(M), r = fmpq_mat_ncols(G);
    fmpq_mat_t R, Ht, GH;
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(Ht, r, n);
    fmpq_mat_init(GH, n, n);
    ldr_sylvester(R, A, M, B);
    fmpq_mat_transpose(Ht, H);
    fmpq_mat_mul(GH, G, Ht);
    int eq = fmpq_mat_equal(R, GH);
    fmpq_mat_clear(R);
    fmpq_mat_clear(Ht);
    fmpq_mat_clear(GH);
    return eq;
}

static void check_table5_class(checker_t *c, ldr_class_t cls, slong n, slong r)
{
    op_t A, B;
    fmpq_mat_t M, G, H;
    fmpq_mat_init(M, n, n);
    double t0 = wall_seconds();
    class_random_matrix(M, &A, &B, cls, n, c->rand);
    slong bound = class_displacement_bound(cls);
    slong rank = ldr_displacement_rank(&A, M, &B);
    checker_row(c, ROW_POSITIVE, rank <= bound, "%s|%s|%ld|matrix|<= %ld|%ld|%.3f",
                class_name(cls), class_operator_names(cls), (long)n, (long)bound, (long)rank,
                wall_seconds() - t0);
    /* the rank-r "-like" matrix built from generators: its displacement rank is r */
    t0 = wall_seconds();
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    qmat_rand(G, c->rand, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    qmat_rand(H, c->rand, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    /* the solve must succeed (the standard pair has disjoint spectra) and the displacement
     * must be exactly G H^T: a rank bound alone cannot tell (Z_1, Z_0^T) from (Z_1, Z_1^T),
     * whose displacements of a Hankel matrix have the same rank */
    int built = class_like_matrix(M, &A, &B, G, H) == 0;
    int exact = built && displacement_is_GHt(&A, M, &B, G, H);
    rank = built ? ldr_displacement_rank(&A, M, &B) : -1;
    checker_row(c, ROW_POSITIVE, built && exact && rank <= r,
                "%s-like (r = %ld)|%s|%ld|from generators (A M - M B = G H^T: %s)|<= %ld|%ld|%.3f",
                class_name(cls), (long)r, class_operator_names(cls), (long)n,
                !built ? "solve failed" : exact ? "exact" : "NO", (long)r, (long)rank,
                wall_seconds() - t0);
    if (cls == CLASS_HANKEL) { /* wrong pair (Z_1, Z_1^T): same rank 2 on Hankel matrices */
        op_t Z1, Z1t;
        fmpq_mat_t W;
        fmpq_mat_init(W, n, n);
        op_init_zf_si(&Z1, n, 1);
        op_init_transpose(&Z1t, &Z1);
        int wrong_built = class_like_matrix(W, &Z1, &Z1t, G, H) == 0 &&
                          displacement_is_GHt(&Z1, W, &Z1t, G, H);
        checker_row(c, ROW_NEGATIVE, wrong_built, "Hankel-like with the pair (Z_1, Z_1^T) "
                    "(neg. control)|(Z_1, Z_1^T)|%ld|from generators (A M - M B = G H^T: %s)|"
                    "<= %ld|-|-", (long)n, wrong_built ? "exact" : "no solution", (long)r);
        fmpq_mat_clear(W);
        op_clear(&Z1);
        op_clear(&Z1t);
    }
    /* negative control: one perturbed entry of a fresh class matrix */
    op_clear(&A);
    op_clear(&B);
    class_random_matrix(M, &A, &B, cls, n, c->rand);
    ldr_perturb_entry(M, c->rand);
    rank = ldr_displacement_rank(&A, M, &B);
    checker_row(c, ROW_NEGATIVE, rank <= bound, "%s, one entry perturbed (neg. control)|%s|%ld|"
                "matrix|<= %ld|%ld|-", class_name(cls), class_operator_names(cls), (long)n,
                (long)bound, (long)rank);
    op_clear(&A);
    op_clear(&B);
    fmpq_mat_clear(M);
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
}

/* ---------------------------------------------------------------- Proposition 2(a) */
static void check_prop2a(checker_t *c, slong n, slong r)
{
    op_t A, B, TA, TB;
    class_operators(&A, &B, CLASS_TOEPLITZ, n, NULL, NULL);
    fmpq_mat_t M, G, H;
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    qmat_rand(G, c->rand, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    qmat_rand(H, c->rand, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    class_like_matrix(M, &A, &B, G, H); /* Toeplitz-like of rank r */
    op_init_as_tridiag(&TA, &A);        /* Z_1, Z_-1 as tridiagonal+corners operators */
    op_init_as_tridiag(&TB, &B);
    slong rank = ldr_displacement_rank(&TA, M, &TB);
    checker_row(c, ROW_POSITIVE, rank <= r, "Toeplitz-like|Z_1, Z_-1 as tridiagonal+corners|%ld|"
                "%ld|<= %ld|%ld", (long)n, (long)r, (long)r, (long)rank);
    fmpq_add_si(TA.diag, TA.diag, 1); /* no longer Z_1: the hypothesis is broken */
    rank = ldr_displacement_rank(&TA, M, &TB);
    checker_row(c, ROW_NEGATIVE, rank <= r, "Toeplitz-like|tridiagonal with A[0][0] = 1 "
                "(neg. control)|%ld|%ld|<= %ld|%ld", (long)n, (long)r, (long)r, (long)rank);
    fmpq_mat_clear(M);
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    op_clear(&A);
    op_clear(&B);
    op_clear(&TA);
    op_clear(&TB);
}

static const checker_info_t info = {
    "prop3_krylov",
    "Proposition 3 (Krylov products), Table 5 (classic classes), Proposition 2(a)",
    "papers/thomas2018_ldr_learned_operators.txt, Proposition 3, Table 5, Proposition 2(a)",
    "Prop. 3: for random subdiagonal+corner and tridiagonal+corners A (invertible, checked) and\n"
    "B, M = sum_i K(A,g_i) K(B^T,h_i)^T has rank(A^-1 M - M B) <= 2r, and the displacement\n"
    "equals the explicit factored right side of krylov.h; n in {8,16,32,64}, r in {1,..,4}.\n"
    "Table 5: each classic class w.r.t. its standard pair at n = 64. Prop. 2(a): Z_f written\n"
    "as a tridiagonal+corners operator. Negative controls: wrong operator pair, perturbed M,\n"
    "perturbed class matrix, perturbed tridiagonal operator.",
    NULL,
};

/* The cells: (kind, n, r) of Proposition 3, the classes of Table 5, the two sizes of 2(a). */
typedef struct {
    slong nsizes, trials, n5;
} plan_t;

static const slong prop3_sizes[] = {8, 16, 32, 64};
static const op_kind_t prop3_kinds[] = {OP_SUBDIAG, OP_TRIDIAG};

static void prop3_cell(checker_t *c, long cell, void *ctx)
{
    const plan_t *plan = ctx;
    slong r = 1 + cell % 4, ni = (cell / 4) % plan->nsizes, k = cell / 4 / plan->nsizes;
    check_prop3(c, prop3_kinds[k], prop3_sizes[ni], r, plan->trials);
}

static void prop3_label(long cell, void *ctx, char *buf, size_t len)
{
    const plan_t *plan = ctx;
    slong r = 1 + cell % 4, ni = (cell / 4) % plan->nsizes, k = cell / 4 / plan->nsizes;
    snprintf(buf, len, "%s n=%ld r=%ld", op_kind_name(prop3_kinds[k]), (long)prop3_sizes[ni],
             (long)r);
}

static void table5_cell(checker_t *c, long cell, void *ctx)
{
    const plan_t *plan = ctx;
    check_table5_class(c, (ldr_class_t)cell, plan->n5, 3);
}

static void table5_label(long cell, void *ctx, char *buf, size_t len)
{
    (void)ctx;
    snprintf(buf, len, "class %ld", cell);
}

static void prop2a_cell(checker_t *c, long cell, void *ctx)
{
    const plan_t *plan = ctx;
    if (cell == 0)
        check_prop2a(c, 16, 2);
    else
        check_prop2a(c, plan->n5, 3);
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    slong nsizes = c.quick ? 2 : 4, trials = c.quick ? 1 : 2, n5 = c.quick ? 16 : 64;
    checker_param(&c, "Prop. 3 sizes", "n in {%s}, r in {1, 2, 3, 4}, %ld trials",
                  c.quick ? "8, 16" : "8, 16, 32, 64", (long)trials);
    checker_param(&c, "Table 5 size", "n = %ld", (long)n5);
    checker_section(&c, "Proposition 3: sum_i K(A,g_i) K(B^T,h_i)^T w.r.t. (A^-1, B)",
                    "operators|n|r|displacement pair|bound|observed rank|explicit right side "
                    "matches|trials|~seconds");
    plan_t plan = {nsizes, trials, n5};
    if (checker_run_named_cells(&c, "Proposition 3", 2 * nsizes * 4, prop3_cell, prop3_label,
                                &plan, 2) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "Table 5: classic displacement structures", "class|operators (A, B)|n|"
                    "built as|bound|rank|~seconds");
    if (checker_run_named_cells(&c, "Table 5", LDR_CLASS_COUNT, table5_cell, table5_label, &plan,
                                2) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "Proposition 2(a): Toeplitz-like matrices are LDR-TD",
                    "matrix|operators|n|r|bound|rank");
    if (checker_run_named_cells(&c, "Proposition 2(a)", 2, prop2a_cell, NULL, &plan, 2) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_note(&c, "Explicit right side (derived in algebra/ldr/krylov.c): A^-1 M - M B = "
                     "sum_i (A^-1 g_i h_i^T - A^(n-1) g_i h_i^T B^n), a sum of 2r rank-one terms.");
    return checker_finish(&c);
}
