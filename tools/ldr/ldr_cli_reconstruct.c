/* ldr_cli_reconstruct.c -- `ldr reconstruct`: M from (A, B, G, H) with A M - M B = G H^T
 * (Sylvester) or M - A M B = G H^T (Stein).  The solution is unique for every right side iff
 * A and B share no eigenvalue (Sylvester) / no lambda(A) mu(B) = 1 (Stein); both are decided
 * exactly (gcd of characteristic polynomials over Q) before solving, and the answer is
 * verified by recomputing its displacement exactly. */
#include <stdlib.h>
#include <string.h>

#include "ldr/displacement.h"
#include "ldr_cli.h"
#include "io/mmio.h"
#include "ldr/spectra.h"
#include "ldr/sylvester.h"
#include "ldr/sylvester_shift.h"
#include <errno.h>
#include <stdlib.h>

static const char *usage =
    "usage: ldr reconstruct -A SPEC -B SPEC -G G -H H [--stein] [-o OUT] [--compare M0] [--csv]\n"
    "                       [--max-dense N]\n"
    "  Solve A M - M B = G H^T (or with --stein M - A M B = G H^T) exactly for M (m x n);\n"
    "  G is m x r, H is n x r, A is m x m, B is n x n.  The spectra are checked exactly first:\n"
    "  shared eigenvalues are named in the error.  Stein is reduced to Sylvester through A^-1\n"
    "  (or B^-1 if A is singular).  -o writes M (.mtx exact, .npy if float64-exact), else M\n"
    "  is printed in Matrix Market form.  --compare M0 checks M == M0 exactly (exit 1 if not).\n"
    "  Cost: O(n^2) exact operations when one operator is a weighted cyclic shift (Z:f, subdiag)\n"
    "  and the other a shift or diagonal, or both are diagonal; otherwise a dense exact solve,\n"
    "  O(n^3) on rationals (tools/ldr/README.md, Cost), refused above max(m, n) = N\n"
    "  (--max-dense, default 256; exit 2) because its exact output can grow as n^4 bits.\n";

/* The dense exact solve (sylvester.h) on a generic pair has a common denominator of O(n^2)
 * bits (the resultant of the characteristic polynomials): at n = 128 it already takes minutes
 * and hundreds of MB, so it is refused above a stated size instead of running for hours. */
#define LDR_CLI_MAX_DENSE_DEFAULT 256

/* Sylvester data (A', B', R') equivalent to the user's equation. */
typedef struct {
    op_t A, B;
    fmpq_mat_t R;
    const char *route;
} sylv_form_t;

static int dense_inverse(op_t *Inv, const op_t *A)
{
    fmpq_mat_t D;
    fmpq_mat_init(D, A->n, A->n);
    int ok = op_inverse(D, A);
    if (ok)
        op_init_dense(Inv, D);
    fmpq_mat_clear(D);
    return ok;
}

/* M - A M B = R  <=>  A^-1 M - M B = A^-1 R  <=>  A M - M B^-1 = -R B^-1. */
static int stein_to_sylvester(ldr_cli_t *c, sylv_form_t *s, const op_t *A, const op_t *B,
                              const fmpq_mat_t R)
{
    fmpq_mat_init(s->R, fmpq_mat_nrows(R), fmpq_mat_ncols(R));
    op_t Inv;
    if (dense_inverse(&Inv, A)) {
        op_mul_left(s->R, &Inv, R);
        s->A = Inv;
        op_init_copy(&s->B, B);
        s->route = "A^-1 M - M B = A^-1 G H^T";
        return 0;
    }
    if (dense_inverse(&Inv, B)) {
        op_mul_right(s->R, R, &Inv);
        fmpq_mat_neg(s->R, s->R);
        op_init_copy(&s->A, A);
        s->B = Inv;
        s->route = "A M - M B^-1 = -G H^T B^-1";
        return 0;
    }
    fmpq_mat_clear(s->R);
    return ldr_cli_fail(c, "Stein reconstruction needs A or B invertible (both are singular)");
}

static int load_generators(ldr_cli_t *c, fmpq_mat_t R, const char *gp, const char *hp, long *width)
{
    fmpq_mat_t G, H, Ht;
    if (ldr_cli_load_matrix(c, G, gp))
        return 2;
    if (ldr_cli_load_matrix(c, H, hp)) {
        fmpq_mat_clear(G);
        return 2;
    }
    int rc = 0;
    *width = (long)fmpq_mat_ncols(G);
    if (fmpq_mat_ncols(G) != fmpq_mat_ncols(H))
        rc = ldr_cli_fail(c,
                          "G is %ld x %ld but H is %ld x %ld: they need the same number of "
                          "columns r",
                          (long)fmpq_mat_nrows(G), (long)fmpq_mat_ncols(G), (long)fmpq_mat_nrows(H),
                          (long)fmpq_mat_ncols(H));
    else {
        fmpq_mat_init(R, fmpq_mat_nrows(G), fmpq_mat_nrows(H));
        fmpq_mat_init(Ht, fmpq_mat_ncols(H), fmpq_mat_nrows(H));
        fmpq_mat_transpose(Ht, H);
        if (fmpq_mat_ncols(G) > 0)
            fmpq_mat_mul(R, G, Ht);
        fmpq_mat_clear(Ht);
    }
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    return rc;
}

/* Solve, check the spectra first, verify the result. */
static int solve(ldr_cli_t *c, fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R,
                 int stein)
{
    sylv_form_t s;
    if (stein) {
        int rs = stein_to_sylvester(c, &s, A, B, R);
        if (rs)
            return rs;
    } else {
        op_init_copy(&s.A, A);
        op_init_copy(&s.B, B);
        fmpq_mat_init(s.R, 0, 0); /* R itself is used (a copy costs as much as the solve) */
        s.route = "A M - M B = G H^T";
    }
    const fmpq_mat_struct *SR = stein ? s.R : R;
    fmpq_poly_t g;
    fmpq_poly_init(g);
    int rc = 0;
    /* shifts and diagonals: O(n^2) recurrences, whose divisions by zero are exactly the shared
     * eigenvalues (sylvester_shift.h); the spectra are then computed only to name them */
    int shift = sylvester_solve_shift(M, &s.A, &s.B, SR);
    if (shift != 0 && !spectra_disjoint(&s.A, &s.B, g)) {
        char *d = spectra_describe_common(g);
        rc = ldr_cli_false(c, "%s: the solution is not unique (%s%s)",
                          stein ? "M - A M B = G H^T with lambda(A) mu(B) = 1"
                                : "A and B do not have disjoint spectra",
                          d, stein ? " of the equivalent Sylvester pair" : "");
        free(d);
    } else if (shift != 0 && (shift == -1 || sylvester_solve_unchecked(M, &s.A, &s.B, SR)))
        rc = ldr_cli_false(c, "internal error: p_B(A) singular although the spectra are disjoint");
    if (rc == 0) {
        int holds;
        if (stein) {
            fmpq_mat_t D;
            fmpq_mat_init(D, fmpq_mat_nrows(R), fmpq_mat_ncols(R));
            ldr_stein(D, A, M, B);
            holds = fmpq_mat_equal(D, R);
            fmpq_mat_clear(D);
        } else
            holds = sylvester_shift_residual_is_zero(A, M, B, R);
        if (!holds)
            rc = ldr_cli_false(c, "internal error: the solution does not satisfy the equation");
    }
    fmpq_poly_clear(g);
    fmpq_mat_clear(s.R);
    op_clear(&s.A);
    op_clear(&s.B);
    return rc;
}

static int compare(ldr_cli_t *c, const fmpq_mat_t M, const char *path, long *differ)
{
    fmpq_mat_t M0;
    if (ldr_cli_load_matrix(c, M0, path))
        return 2;
    int rc = 0;
    if (fmpq_mat_nrows(M0) != fmpq_mat_nrows(M) || fmpq_mat_ncols(M0) != fmpq_mat_ncols(M))
        rc = ldr_cli_false(c, "%s is %ld x %ld, the reconstruction is %ld x %ld: they differ", path,
                          (long)fmpq_mat_nrows(M0), (long)fmpq_mat_ncols(M0),
                          (long)fmpq_mat_nrows(M), (long)fmpq_mat_ncols(M));
    *differ = 0;
    for (slong i = 0; rc == 0 && i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++)
            *differ += !fmpq_equal(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M0, i, j));
    fmpq_mat_clear(M0);
    return rc;
}

static int emit(ldr_cli_t *c, const fmpq_mat_t M, const char *outp, const char *cmp, int stein,
                long r_width)
{
    long differ = -1;
    int rc;
    if (cmp && (rc = compare(c, M, cmp, &differ)))
        return rc;
    /* a failed --compare is a false claim: nothing is written (exit 1) */
    if (differ > 0)
        return ldr_cli_false(c, "the reconstruction differs from %s in %ld entries; %s not written",
                             cmp, differ, outp ? outp : "nothing");
    if (outp) {
        const fmpq_mat_struct *mats[1] = {M};
        if ((rc = ldr_cli_write_all(c, &outp, mats, 1)))
            return rc;
    }
    const char *eq = stein ? "M - A M B = G H^T" : "A M - M B = G H^T";
    if (c->csv) {
        fprintf(c->out, "rows,cols,r,equation,verified,output,compare,entries_differing\n");
        fprintf(c->out, "%ld,%ld,%ld,%s,yes,%s,%s,%ld\n", (long)fmpq_mat_nrows(M),
                (long)fmpq_mat_ncols(M), r_width, eq, outp ? outp : "", cmp ? cmp : "", differ);
    } else if (outp || cmp) {
        fprintf(c->out,
                "M (%ld x %ld) reconstructed from generators of width %ld; %s verified "
                "exactly\n",
                (long)fmpq_mat_nrows(M), (long)fmpq_mat_ncols(M), r_width, eq);
        if (outp)
            fprintf(c->out, "written: %s\n", outp);
        if (cmp)
            fprintf(c->out, "compare with %s: identical (exact)\n", cmp);
    }
    if (!outp && !c->csv) {
        size_t len;
        char *text = mmio_format(M, MMIO_ARRAY, &len);
        fwrite(text, 1, len, c->out);
        free(text);
    }
    return 0;
}

int ldr_cli_reconstruct(int argc, char **argv, FILE *out, FILE *err)
{
    ldr_cli_t c = {.out = out, .err = err};
    const char *a = NULL, *b = NULL, *gp = NULL, *hp = NULL, *outp = NULL, *cmp = NULL, *pos[1];
    const char *maxds = NULL;
    int stein = 0, npos;
    const ldr_cli_opt_t opts[] = {
        {"--max-dense", NULL, 1, &maxds, NULL},
        {"-A", "--left", 1, &a, NULL},      {"-B", "--right", 1, &b, NULL},
        {"-G", NULL, 1, &gp, NULL},         {"-H", NULL, 1, &hp, NULL},
        {"-o", "--output", 1, &outp, NULL}, {"--compare", NULL, 1, &cmp, NULL},
        {"--stein", NULL, 0, NULL, &stein}, {NULL, NULL, 0, NULL, NULL}};
    int rc = ldr_cli_parse(&c, argc, argv, opts, pos, 0, &npos, usage);
    if (rc >= 0)
        return rc;
    long max_dense = LDR_CLI_MAX_DENSE_DEFAULT;
    if (maxds) {
        char *end;
        errno = 0;
        max_dense = strtol(maxds, &end, 10);
        if (*end || end == maxds || errno || max_dense < 0) {
            fprintf(err, "ldr reconstruct: --max-dense takes a non-negative integer, not '%s'\n",
                    maxds);
            return 2;
        }
    }
    if (!a || !b || !gp || !hp) {
        fprintf(err, "ldr reconstruct: need -A SPEC -B SPEC -G FILE -H FILE "
                     "(ldr reconstruct --help)\n");
        return 2;
    }
    if (outp && (rc = ldr_cli_check_outputs(&c, &outp, 1)))
        return rc;
    fmpq_mat_t R;
    long width;
    if ((rc = load_generators(&c, R, gp, hp, &width)))
        return rc;
    slong m = fmpq_mat_nrows(R), n = fmpq_mat_ncols(R);
    op_t A, B;
    rc = ldr_cli_load_op(&c, &A, a, m, "-A");
    if (rc == 0 && (rc = ldr_cli_load_op(&c, &B, b, n, "-B")))
        op_clear(&A);
    if (rc == 0 && (stein || !sylvester_shift_applies(&A, &B)) && FLINT_MAX(m, n) > max_dense) {
        rc = ldr_cli_fail(&c,
                          "%s: %ld x %ld needs the dense exact solve, limited to max(m, n) <= %ld "
                          "(its exact output grows like n^4 bits; --max-dense N raises the limit; "
                          "tools/ldr/README.md, Cost)",
                          stein ? "the Stein form" : "this operator pair", (long)m, (long)n,
                          max_dense);
        op_clear(&A);
        op_clear(&B);
    }
    if (rc == 0) {
        fmpq_mat_t M;
        fmpq_mat_init(M, m, n);
        rc = solve(&c, M, &A, &B, R, stein);
        if (rc == 0) {
            rc = emit(&c, M, outp, cmp, stein, width);
        }
        fmpq_mat_clear(M);
        op_clear(&A);
        op_clear(&B);
    }
    fmpq_mat_clear(R);
    return rc;
}
