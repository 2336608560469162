/* ldr_reconstruction -- Thomas et al. 2018, Section 2 ("Our parameterization") and
 * Proposition 3: reconstruction of M from (A, B, R = G H^T) with A M - M B = R.
 *   1. Closed forms for the classic pairs (reconstruct.h: (Z_e, Z_f) with e != f via
 *      e-/f-circulant Krylov matrices, Cauchy-like, Vandermonde-like with Z_0 and Z_f)
 *      agree EXACTLY with the general solver sylvester_solve, and solve the equation;
 *      the n^2 x n^2 Kronecker system cross-checks both for n <= 12.
 *   2. Proposition 3: M = sum_i K(A, g_i) K(B^T, h_i)^T satisfies
 *      A^{-1} M - M B = sum_i (A^{-1} g_i h_i^T - A^{n-1} g_i h_i^T B^n)   (exactly),
 *      so its displacement rank w.r.t. (A^{-1}, B) is <= 2r.
 *   3. Negative controls: a perturbed generator disagrees, shared-eigenvalue pairs are
 *      rejected with a clear error, a wrong right side and a lowered rank bound fail.
 *   0. The solver's ingredients, each against an independent dense computation (section
 *      "Solver ingredients", computed first): the characteristic polynomials of the
 *      structured operators (closed forms vs FLINT's dense charpoly), the integer operator
 *      products of the Horner recurrence (vs dense fmpz products), the disjoint-spectra test
 *      (vs the degree of the gcd of the dense charpolys, on pairs sharing one eigenvalue), and
 *      the general solver's residual A M - M B - R = 0; so a wrong ingredient fails a row
 *      instead of only the solver's internal Cayley-Hamilton check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/checker.h"
#include "ldr/displacement.h"
#include "ldr/krylov.h"
#include "exact/qmat.h"
#include "ldr/reconstruct.h"
#include "ldr/spectra.h"
#include "ldr/sylvester.h"

typedef enum { PAIR_TOEPLITZ, PAIR_ZEF, PAIR_CAUCHY, PAIR_VANDER0, PAIR_VANDERF } pair_t;
#define NPAIRS 5
static const char *pair_names[NPAIRS] = {"(Z_1, Z_-1) Toeplitz-like", "(Z_e, Z_f) random e != f",
                                         "(diag(s), diag(t)) Cauchy-like",
                                         "(diag(v), Z_0) Vandermonde-like",
                                         "(diag(v), Z_f) Vandermonde-like"};

/* A random instance of one pair: operators, node vectors / scalars for the closed form. */
typedef struct {
    pair_t kind;
    slong n;
    op_t A, B;
    fmpq *s, *t; /* Cauchy s, t; Vandermonde v = s */
    fmpq *e, *f; /* Z_e, Z_f scalars (heap: one entry each) */
} instance_t;

static void rand_nonzero_distinct_from(fmpq_t x, flint_rand_t st, const fmpq_t avoid)
{
    do
        qrand_fmpq_nonzero(x, st, 5, 3);
    while (fmpq_equal(x, avoid));
}

static void instance_init(instance_t *I, pair_t kind, slong n, flint_rand_t st)
{

    I->kind = kind;
    I->n = n;
    I->s = _fmpq_vec_init(n);
    I->t = _fmpq_vec_init(n);
    I->e = _fmpq_vec_init(1);
    I->f = _fmpq_vec_init(1);
    fmpq_t p;
    fmpq_init(p);
    switch (kind) {
    case PAIR_TOEPLITZ:
    case PAIR_ZEF:
        fmpq_set_si(I->e, 1, 1);
        fmpq_set_si(I->f, -1, 1);
        if (kind == PAIR_ZEF) {
            qrand_fmpq_nonzero(I->e, st, 5, 3);
            rand_nonzero_distinct_from(I->f, st, I->e);
        }
        op_init_zf(&I->A, n, I->e);
        op_init_zf(&I->B, n, I->f);
        break;
    case PAIR_CAUCHY:
        for (slong i = 0; i < n; i++)
            qrand_fmpq(I->s + i, st, 2 * n, 3);
        for (slong j = 0; j < n; j++) { /* t_j outside {s_i}: disjoint spectra */
            int clash;
            do {
                qrand_fmpq(I->t + j, st, 2 * n, 3);
                clash = 0;
                for (slong i = 0; i < n; i++)
                    clash |= fmpq_equal(I->s + i, I->t + j);
            } while (clash);
        }
        op_init_diag(&I->A, n, I->s);
        op_init_diag(&I->B, n, I->t);
        break;
    case PAIR_VANDER0:
    case PAIR_VANDERF:
        if (kind == PAIR_VANDERF)
            qrand_fmpq_nonzero(I->f, st, 5, 3);
        for (slong i = 0; i < n; i++) { /* v_i^n != f: disjoint spectra */
            do {
                qrand_fmpq_nonzero(I->s + i, st, 5, 3);
                fmpq_pow_si(p, I->s + i, n);
            } while (fmpq_equal(p, I->f));
        }
        op_init_diag(&I->A, n, I->s);
        op_init_zf(&I->B, n, I->f);
        break;
    }
    fmpq_clear(p);
}

static void instance_clear(instance_t *I)
{
    op_clear(&I->A);
    op_clear(&I->B);
    _fmpq_vec_clear(I->s, I->n);
    _fmpq_vec_clear(I->t, I->n);
    _fmpq_vec_clear(I->e, 1);
    _fmpq_vec_clear(I->f, 1);
}

static int closed_form(fmpq_mat_t M, const instance_t *I, const fmpq_mat_t G, const fmpq_mat_t H)
{
    switch (I->kind) {
    case PAIR_TOEPLITZ:
    case PAIR_ZEF:
        return reconstruct_zf_pair(M, I->e, I->f, G, H);
    case PAIR_CAUCHY:
        return reconstruct_cauchy_like(M, I->s, I->t, G, H);
    default:
        return reconstruct_vandermonde_like(M, I->s, I->f, G, H);
    }
}

/* M solves A M - M B = R exactly. */
static int solves(const fmpq_mat_t M, const op_t *A, const op_t *B, const fmpq_mat_t R)
{
    fmpq_mat_t D;
    fmpq_mat_init(D, fmpq_mat_nrows(R), fmpq_mat_ncols(R));
    ldr_sylvester(D, A, M, B);
    int ok = fmpq_mat_equal(D, R);
    fmpq_mat_clear(D);
    return ok;
}

static void rand_generators(fmpq_mat_t G, fmpq_mat_t H, fmpq_mat_t R, flint_rand_t st)
{
    qmat_rand(G, st, 5, 3);
    qmat_rand(H, st, 5, 3);
    fmpq_mat_t Ht;
    fmpq_mat_init(Ht, fmpq_mat_ncols(H), fmpq_mat_nrows(H));
    fmpq_mat_transpose(Ht, H);
    fmpq_mat_mul(R, G, Ht);
    fmpq_mat_clear(Ht);
}

/* ------------------------------------------------------------------ part 1 */
static void check_closed_form(checker_t *c, pair_t kind, slong n, slong r)
{
    instance_t I;
    instance_init(&I, kind, n, c->rand);
    fmpq_mat_t G, H, R, Mg, Mc, Mk;
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(Mg, n, n);
    fmpq_mat_init(Mc, n, n);
    rand_generators(G, H, R, c->rand);
    double t0 = wall_seconds();
    int rg = sylvester_solve(Mg, &I.A, &I.B, R);
    double t1 = wall_seconds();
    int rcf = closed_form(Mc, &I, G, H);
    double t2 = wall_seconds();
    int agree = rg == 0 && rcf == 0 && fmpq_mat_equal(Mc, Mg) && solves(Mc, &I.A, &I.B, R);
    checker_row(c, ROW_POSITIVE, agree, "%s|%ld|%ld|closed form vs sylvester_solve|%s|%.3f|%.3f",
                pair_names[kind], (long)n, (long)r, agree ? "yes" : "no", t2 - t1, t1 - t0);
    if (n <= 12) {
        fmpq_mat_init(Mk, n, n);
        t0 = wall_seconds();
        int rk = reconstruct_kronecker(Mk, &I.A, &I.B, R);
        t1 = wall_seconds();
        agree = rk == 0 && rg == 0 && fmpq_mat_equal(Mk, Mg);
        checker_row(c, ROW_POSITIVE, agree, "%s|%ld|%ld|Kronecker n^2 x n^2 vs sylvester_solve|%s|%.3f|-",
                    pair_names[kind], (long)n, (long)r, agree ? "yes" : "no", t1 - t0);
        fmpq_mat_clear(Mk);
    }
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    fmpq_mat_clear(R);
    fmpq_mat_clear(Mg);
    fmpq_mat_clear(Mc);
    instance_clear(&I);
}

/* ------------------------------------------------------------------ part 2: Prop. 3 */

/* Random invertible operator of KIND with small integer parameters (heights stay small). */
static void rand_invertible(op_t *A, op_kind_t kind, slong n, flint_rand_t st)
{
    for (;;) {
        op_init_rand(A, kind, n, st, 3, 1);
        if (op_inverse(NULL, A))
            return;
        op_clear(A);
    }
}

/* R = A^{-1} M - M B with M = sum_i K(A, g_i) K(B^T, h_i)^T; GG HH^T from krylov.h. */
static void check_prop3(checker_t *c, op_kind_t kind, slong n, slong r)
{
    op_t A, B, Ainv;
    rand_invertible(&A, kind, n, c->rand);
    op_init_rand(&B, kind, n, c->rand, 3, 1);
    fmpq_mat_t G, H, M, Ad, R, GG, HH, RR, HHt;
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    qmat_rand(G, c->rand, 5, 1);
    qmat_rand(H, c->rand, 5, 1);
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(Ad, n, n);
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(GG, n, 2 * r);
    fmpq_mat_init(HH, n, 2 * r);
    fmpq_mat_init(HHt, 2 * r, n);
    fmpq_mat_init(RR, n, n);
    double t0 = wall_seconds();
    krylov_product_sum(M, &A, &B, G, H);
    op_inverse(Ad, &A);
    op_init_dense(&Ainv, Ad);
    ldr_sylvester(R, &Ainv, M, &B);
    int gen_ok = krylov_prop3_generators(GG, HH, &A, &B, G, H) == 0;
    fmpq_mat_transpose(HHt, HH);
    fmpq_mat_mul(RR, GG, HHt);
    int equal = gen_ok && fmpq_mat_equal(R, RR);
    slong rank = qmat_rank(R);
    double secs = wall_seconds() - t0;
    const char *pname = kind == OP_SUBDIAG ? "(A^-1, B), A, B subdiagonal+corner"
                                           : "(A^-1, B), A, B tridiagonal+corners";
    checker_row(c, ROW_POSITIVE, equal,
                "%s|%ld|%ld|A^-1 M - M B = sum_i (A^-1 g_i h_i^T - A^(n-1) g_i h_i^T B^n)|%s|%.3f",
                pname, (long)n, (long)r, equal ? "yes" : "no", secs);
    checker_row(c, ROW_POSITIVE, rank <= 2 * r, "%s|%ld|%ld|rank(A^-1 M - M B) <= 2r = %ld|rank %ld|-",
                pname, (long)n, (long)r, (long)(2 * r), (long)rank);
    /* Subdiagonal + corner: A^n = c_A I and B^n = c_B I (weighted cyclic shifts), so the right
     * side collapses to (1 - c_A c_B) A^{-1} G H^T and the rank is <= r, not only <= 2r. */
    slong sharp = kind == OP_SUBDIAG ? r : 2 * r;
    if (kind == OP_SUBDIAG)
        checker_row(c, ROW_POSITIVE, rank <= r,
                    "%s|%ld|%ld|sharper: rank <= r = %ld (A^n = c_A I, B^n = c_B I)|rank %ld|-",
                    pname, (long)n, (long)r, (long)r, (long)rank);
    if (n >= sharp) { /* negative controls: the sharp bound lowered by one, a wrong right side */
        checker_row(c, ROW_NEGATIVE, rank <= sharp - 1,
                    "%s|%ld|%ld|wrong bound: rank <= %ld|rank %ld|-", pname, (long)n, (long)r,
                    (long)(sharp - 1), (long)rank);
        fmpq_mat_t G1, H1t;
        fmpq_mat_window_init(G1, GG, 0, 0, n, r);
        fmpq_mat_window_init(H1t, HHt, 0, 0, r, n);
        fmpq_mat_mul(RR, G1, H1t);
        fmpq_mat_window_clear(G1);
        fmpq_mat_window_clear(H1t);
        int eq1 = fmpq_mat_equal(R, RR);
        checker_row(c, ROW_NEGATIVE, eq1,
                    "%s|%ld|%ld|wrong right side: A^-1 G H^T only (drops -A^(n-1) G H^T B^n)|%s|-",
                    pname, (long)n, (long)r, eq1 ? "equal" : "differs");
    }
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    fmpq_mat_clear(M);
    fmpq_mat_clear(Ad);
    fmpq_mat_clear(R);
    fmpq_mat_clear(GG);
    fmpq_mat_clear(HH);
    fmpq_mat_clear(HHt);
    fmpq_mat_clear(RR);
    op_clear(&A);
    op_clear(&B);
    op_clear(&Ainv);
}

/* ------------------------------------------------------------------ part 3: negatives */

/* Run a rejected call with stderr captured: returns the call's status, MSG = its first line. */
typedef int (*solve_fn)(void *ctx);
static int capture_stderr(solve_fn f, void *ctx, char *msg, size_t len)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    FILE *tmp = tmpfile();
    if (saved < 0 || !tmp) {
        snprintf(msg, len, "(stderr not captured)");
        if (tmp)
            fclose(tmp);
        if (saved >= 0)
            close(saved);
        return f(ctx);
    }
    dup2(fileno(tmp), STDERR_FILENO);
    int rc = f(ctx);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    if (!fgets(msg, (int)len, tmp))
        snprintf(msg, len, "(no message)");
    msg[strcspn(msg, "\n")] = '\0';
    for (char *q = msg; *q; q++) /* keep the table's cell separator out of the message */
        if (*q == '|')
            *q = '/';
    fclose(tmp);
    return rc;
}

typedef struct {
    instance_t *I;
    fmpq_mat_t *M, *R, *G, *H;
    int which;
} neg_ctx_t;

static int neg_call(void *vctx)
{
    neg_ctx_t *x = vctx;
    switch (x->which) {
    case 0:
        return sylvester_solve(*x->M, &x->I->A, &x->I->B, *x->R);
    case 1:
        return closed_form(*x->M, x->I, *x->G, *x->H);
    default:
        return reconstruct_kronecker(*x->M, &x->I->A, &x->I->B, *x->R);
    }
}

/* A pair sharing eigenvalues: KIND's instance with the clash forced. */
static void shared_instance(instance_t *I, pair_t kind, slong n, flint_rand_t st)
{
    instance_init(I, kind, n, st);
    op_clear(&I->A);
    op_clear(&I->B);
    if (kind == PAIR_TOEPLITZ) { /* (Z_1, Z_1) */
        fmpq_set_si(I->f, 1, 1);
        op_init_zf(&I->A, n, I->e);
        op_init_zf(&I->B, n, I->f);
    } else if (kind == PAIR_CAUCHY) { /* s_2 = t_1 */
        fmpq_set(I->t + 1, I->s + 2);
        op_init_diag(&I->A, n, I->s);
        op_init_diag(&I->B, n, I->t);
    } else { /* v_0 = 2, f = 2^n: v_0 is an eigenvalue of Z_f */
        fmpq_set_si(I->s, 2, 1);
        fmpq_pow_si(I->f, I->s, n);
        op_init_diag(&I->A, n, I->s);
        op_init_zf(&I->B, n, I->f);
    }
}

static void check_negative_controls(checker_t *c, slong n, slong r)
{
    fmpq_mat_t G, H, R, M, Mg;
    fmpq_mat_init(G, n, r);
    fmpq_mat_init(H, n, r);
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(Mg, n, n);
    for (int k = 0; k < 3; k++) { /* perturbed generator: one entry of G changed by 1 */
        pair_t kind = k == 0 ? PAIR_ZEF : (k == 1 ? PAIR_CAUCHY : PAIR_VANDERF);
        instance_t I;
        instance_init(&I, kind, n, c->rand);
        rand_generators(G, H, R, c->rand);
        sylvester_solve(Mg, &I.A, &I.B, R);
        fmpq_t one;
        fmpq_init(one);
        fmpq_set_si(one, 1, 1);
        fmpq_add(fmpq_mat_entry(G, n / 2, 0), fmpq_mat_entry(G, n / 2, 0), one);
        closed_form(M, &I, G, H);
        int eq = fmpq_mat_equal(M, Mg);
        checker_row(c, ROW_NEGATIVE, eq, "%s|%ld|%ld|closed form from perturbed G (G[n/2][0] += 1)|%s",
                    pair_names[kind], (long)n, (long)r, eq ? "agrees" : "disagrees");
        fmpq_clear(one);
        instance_clear(&I);
    }
    pair_t shared[3] = {PAIR_TOEPLITZ, PAIR_CAUCHY, PAIR_VANDERF};
    const char *shared_names[3] = {"(Z_1, Z_1): shared spectrum", "(diag(s), diag(t)) with s_2 = t_1",
                                   "(diag(v), Z_f) with v_0^n = f"};
    const char *methods[3] = {"sylvester_solve", "closed form", "Kronecker"};
    for (int k = 0; k < 3; k++)
        for (int w = 0; w < 3; w++) {
            slong nn = w == 2 ? 4 : n; /* Kronecker only for n <= 12 */
            instance_t I;
            shared_instance(&I, shared[k], nn, c->rand);
            fmpq_mat_t G2, H2, R2, M2;
            fmpq_mat_init(G2, nn, r);
            fmpq_mat_init(H2, nn, r);
            fmpq_mat_init(R2, nn, nn);
            fmpq_mat_init(M2, nn, nn);
            rand_generators(G2, H2, R2, c->rand);
            neg_ctx_t ctx = {&I, &M2, &R2, &G2, &H2, w};
            char msg[256];
            int rc = capture_stderr(neg_call, &ctx, msg, sizeof msg);
            checker_row(c, ROW_NEGATIVE, rc == 0, "%s|%ld|%ld|%s accepts it|%s", shared_names[k],
                        (long)nn, (long)r, methods[w], rc == 0 ? "accepted" : msg);
            fmpq_mat_clear(G2);
            fmpq_mat_clear(H2);
            fmpq_mat_clear(R2);
            fmpq_mat_clear(M2);
            instance_clear(&I);
        }
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    fmpq_mat_clear(R);
    fmpq_mat_clear(M);
    fmpq_mat_clear(Mg);
}

/* The cells: (pair, n, r) closed forms (the last of each pair: the n = 12 Kronecker
 * cross-check), (kind, n, r) of Proposition 3, and the negative controls. */
typedef struct {
    const slong *sizes;
    int nsizes;
} plan_t;

static const slong cell_ranks[3] = {1, 2, 4};

static void closed_cell(checker_t *c, long cell, void *ctx)
{
    const plan_t *plan = ctx;
    long per = plan->nsizes * 3 + 1, k = cell / per, j = cell % per;
    if (j == per - 1)
        check_closed_form(c, (pair_t)k, 12, 2); /* the largest Kronecker cross-check */
    else
        check_closed_form(c, (pair_t)k, plan->sizes[j / 3], cell_ranks[j % 3]);
}

static void closed_label(long cell, void *ctx, char *buf, size_t len)
{
    const plan_t *plan = ctx;
    long per = plan->nsizes * 3 + 1, k = cell / per, j = cell % per;
    if (j == per - 1)
        snprintf(buf, len, "%s n=12 r=2", pair_names[k]);
    else
        snprintf(buf, len, "%s n=%ld r=%ld", pair_names[k], (long)plan->sizes[j / 3],
                 (long)cell_ranks[j % 3]);
}

static void prop3_cell(checker_t *c, long cell, void *ctx)
{
    const plan_t *plan = ctx;
    op_kind_t kind = cell / (plan->nsizes * 3) == 0 ? OP_SUBDIAG : OP_TRIDIAG;
    long j = cell % (plan->nsizes * 3);
    check_prop3(c, kind, plan->sizes[j / 3], cell_ranks[j % 3]);
}

static void prop3_label(long cell, void *ctx, char *buf, size_t len)
{
    const plan_t *plan = ctx;
    op_kind_t kind = cell / (plan->nsizes * 3) == 0 ? OP_SUBDIAG : OP_TRIDIAG;
    long j = cell % (plan->nsizes * 3);
    snprintf(buf, len, "%s n=%ld r=%ld", op_kind_name(kind), (long)plan->sizes[j / 3],
             (long)cell_ranks[j % 3]);
}

static void negative_cell(checker_t *c, long cell, void *ctx)
{
    (void)cell;
    (void)ctx;
    check_negative_controls(c, 8, 2);
}

/* ---------------------------------------------------------------- 0. solver ingredients */
/* The operators of the ingredient rows (n = 5): Z_2, Z_2^T, Z_-1, a random subdiagonal+corner
 * and tridiagonal+corners operator (both corners non-zero), their transposes, a diagonal. */
#define ING_N 5
#define ING_OPS 8
static void ingredient_op(op_t *A, int k, flint_rand_t st)
{
    op_t T;
    fmpq d[ING_N];
    switch (k) {
    case 0: op_init_zf_si(A, ING_N, 2); break;
    case 1: op_init_zf_si(&T, ING_N, 2); op_init_transpose(A, &T); op_clear(&T); break;
    case 2: op_init_zf_si(A, ING_N, -1); break;
    case 3: op_init_rand(A, OP_SUBDIAG, ING_N, st, 3, 2); break;
    case 4: op_init_rand(&T, OP_SUBDIAG, ING_N, st, 3, 2); op_init_transpose(A, &T); op_clear(&T); break;
    case 5: op_init_rand(A, OP_TRIDIAG, ING_N, st, 3, 2); break;
    case 6: op_init_rand(&T, OP_TRIDIAG, ING_N, st, 3, 2); op_init_transpose(A, &T); op_clear(&T); break;
    default:
        for (int i = 0; i < ING_N; i++)
            fmpq_init(d + i), fmpq_set_si(d + i, 2 * i - 3, 1);
        op_init_diag(A, ING_N, d);
        for (int i = 0; i < ING_N; i++)
            fmpq_clear(d + i);
    }
}

static const char *ingredient_name(int k)
{
    static const char *names[ING_OPS] = {"Z_2", "Z_2^T", "Z_-1", "subdiagonal+corner",
                                         "(subdiagonal+corner)^T", "tridiagonal+corners",
                                         "(tridiagonal+corners)^T", "diag(-3, -1, 1, 3, 5)"};
    return names[k];
}

/* op_charpoly(A) == det(x I - A) by FLINT on the dense matrix */
static int charpoly_matches_dense(const op_t *A, const op_t *dense_of)
{
    fmpq_poly_t p, q;
    fmpq_poly_init(p);
    fmpq_poly_init(q);
    fmpq_mat_t D;
    fmpq_mat_init(D, dense_of->n, dense_of->n);
    op_dense(D, dense_of);
    op_charpoly(p, A);
    fmpq_mat_charpoly(q, D);
    int eq = fmpq_poly_equal(p, q);
    fmpq_mat_clear(D);
    fmpq_poly_clear(p);
    fmpq_poly_clear(q);
    return eq;
}

/* Aint X and X Aint by the operator's integer products == the dense fmpz products (Aint = the
 * integer multiple of A; DENSE_OF gives the dense matrix, normally Aint itself). */
static int int_products_match(const op_t *Aint, const op_t *dense_of, flint_rand_t st)
{
    slong n = Aint->n;
    fmpq_mat_t Dq;
    fmpz_mat_t D, X, Y1, Y2;
    fmpq_mat_init(Dq, n, n);
    op_dense(Dq, dense_of);
    fmpz_mat_init(D, n, n);
    fmpz_mat_init(X, n, n);
    fmpz_mat_init(Y1, n, n);
    fmpz_mat_init(Y2, n, n);
    fmpz den;
    fmpz_init(&den);
    fmpq_mat_get_fmpz_mat_matwise(D, &den, Dq); /* integer entries: den = 1 */
    int eq = fmpz_is_one(&den);
    fmpz_mat_randtest(X, st, 8);
    op_mul_left_fmpz(Y1, Aint, X);
    fmpz_mat_mul(Y2, D, X);
    eq &= fmpz_mat_equal(Y1, Y2);
    op_mul_right_fmpz(Y1, X, Aint);
    fmpz_mat_mul(Y2, X, D);
    eq &= fmpz_mat_equal(Y1, Y2);
    fmpz_clear(&den);
    fmpq_mat_clear(Dq);
    fmpz_mat_clear(D);
    fmpz_mat_clear(X);
    fmpz_mat_clear(Y1);
    fmpz_mat_clear(Y2);
    return eq;
}

/* degree of gcd(det(xI - A), det(xI - B)) from FLINT's dense charpolys (independent path) */
static slong dense_common_degree(const op_t *A, const op_t *B)
{
    fmpq_mat_t DA, DB;
    fmpq_poly_t pa, pb, g;
    fmpq_mat_init(DA, A->n, A->n);
    fmpq_mat_init(DB, B->n, B->n);
    fmpq_poly_init(pa);
    fmpq_poly_init(pb);
    fmpq_poly_init(g);
    op_dense(DA, A);
    op_dense(DB, B);
    fmpq_mat_charpoly(pa, DA);
    fmpq_mat_charpoly(pb, DB);
    fmpq_poly_gcd(g, pa, pb);
    slong d = fmpq_poly_degree(g);
    fmpq_mat_clear(DA);
    fmpq_mat_clear(DB);
    fmpq_poly_clear(pa);
    fmpq_poly_clear(pb);
    fmpq_poly_clear(g);
    return d;
}

static void diag_si(op_t *A, const slong *v)
{
    fmpq d[ING_N];
    for (int i = 0; i < ING_N; i++)
        fmpq_init(d + i), fmpq_set_si(d + i, v[i], 1);
    op_init_diag(A, ING_N, d);
    for (int i = 0; i < ING_N; i++)
        fmpq_clear(d + i);
}

/* Pairs for the spectra rows: 0 and 1 share exactly one eigenvalue. */
#define ING_PAIRS 5
static const char *spectra_pair_name[ING_PAIRS] = {
    "diag(1..5), diag(5..9): one shared eigenvalue", "Z_1, diag(1, 6, 7, 8, 9): one shared",
    "Z_1, Z_-1", "Z_1, Z_1^T: all shared", "diag(1..5), diag(6..10)"};
static void spectra_pair(op_t *A, op_t *B, int k)
{
    static const slong d15[ING_N] = {1, 2, 3, 4, 5}, d59[ING_N] = {5, 6, 7, 8, 9},
                       d16[ING_N] = {1, 6, 7, 8, 9}, d610[ING_N] = {6, 7, 8, 9, 10};
    op_t T;
    switch (k) {
    case 0: diag_si(A, d15); diag_si(B, d59); break;
    case 1: op_init_zf_si(A, ING_N, 1); diag_si(B, d16); break;
    case 2: op_init_zf_si(A, ING_N, 1); op_init_zf_si(B, ING_N, -1); break;
    case 3: op_init_zf_si(A, ING_N, 1); op_init_zf_si(&T, ING_N, 1); op_init_transpose(B, &T); op_clear(&T); break;
    default: diag_si(A, d15); diag_si(B, d610);
    }
}

/* general solver on (A, B) with a random rank-2 R: A M - M B == R exactly? */
static int solver_residual_zero(const op_t *A, const op_t *B, flint_rand_t st, int *solved)
{
    slong n = A->n;
    fmpq_mat_t R, M, AM, MB;
    fmpq_mat_init(R, n, n);
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(AM, n, n);
    fmpq_mat_init(MB, n, n);
    qmat_rand_rank(R, st, 2, 5, 3);
    *solved = sylvester_solve(M, A, B, R) == 0;
    op_mul_left(AM, A, M);
    op_mul_right(MB, M, B);
    fmpq_mat_sub(AM, AM, MB);
    int eq = *solved && fmpq_mat_equal(AM, R);
    fmpq_mat_clear(R);
    fmpq_mat_clear(M);
    fmpq_mat_clear(AM);
    fmpq_mat_clear(MB);
    return eq;
}

static void ingredients_cell(checker_t *c, long cell, void *ctx)
{
    (void)cell;
    (void)ctx;
    for (int k = 0; k < ING_OPS; k++) {
        op_t A, Aint;
        fmpz_t den;
        fmpz_init(den);
        ingredient_op(&A, k, c->rand);
        int eq = charpoly_matches_dense(&A, &A);
        checker_row(c, ROW_POSITIVE, eq, "characteristic polynomial|%s|%d|op_charpoly = FLINT "
                    "charpoly of the dense matrix|%s", ingredient_name(k), ING_N,
                    eq ? "equal" : "differ");
        op_init_scaled_integer(&Aint, den, &A);
        eq = int_products_match(&Aint, &Aint, c->rand);
        checker_row(c, ROW_POSITIVE, eq, "integer products A X, X A|%ld x (%s)|%d|= dense fmpz "
                    "products (random X)|%s", fmpz_get_si(den), ingredient_name(k), ING_N,
                    eq ? "equal" : "differ");
        op_clear(&Aint);
        op_clear(&A);
        fmpz_clear(den);
    }
    for (int k = 0; k < ING_PAIRS; k++) {
        op_t A, B;
        spectra_pair(&A, &B, k);
        slong d = dense_common_degree(&A, &B);
        int dis = spectra_disjoint(&A, &B, NULL);
        checker_row(c, ROW_POSITIVE, dis == (d == 0),
                    "disjoint-spectra test|%s|%d|= (deg gcd of dense charpolys = 0)|test %s, "
                    "gcd degree %ld", spectra_pair_name[k], ING_N, dis ? "disjoint" : "shared",
                    (long)d);
        if (k < 2) /* wrong claim: the pair has disjoint spectra */
            checker_row(c, ROW_NEGATIVE, dis,
                        "disjoint-spectra test (neg. control)|%s|%d|claim: disjoint|test %s",
                        spectra_pair_name[k], ING_N, dis ? "disjoint" : "shared");
        op_clear(&A);
        op_clear(&B);
    }
    /* the general solver (Horner recurrence on integer operators) solves the equation */
    for (int k = 0; k < 3; k++) {
        op_t A, B;
        const char *name = k == 0 ? "Z_1, Z_-1" : k == 1 ? "Z_2^T, subdiagonal+corner"
                                                         : "tridiagonal+corners, its transpose";
        if (k == 0) {
            op_init_zf_si(&A, ING_N, 1);
            op_init_zf_si(&B, ING_N, -1);
        } else {
            ingredient_op(&A, k == 1 ? 1 : 5, c->rand);
            ingredient_op(&B, k == 1 ? 3 : 6, c->rand);
        }
        if (!spectra_disjoint(&A, &B, NULL))
            checker_row(c, ROW_SKIPPED, 0, "sylvester_solve residual|%s|%d|A M - M B = R|"
                        "drawn operators share an eigenvalue", name, ING_N);
        else {
            int solved;
            int ok = solver_residual_zero(&A, &B, c->rand, &solved);
            checker_row(c, ROW_POSITIVE, ok, "sylvester_solve residual|%s|%d|A M - M B = R "
                        "exactly|%s", name, ING_N, solved ? "solved" : "solver failed");
        }
        op_clear(&A);
        op_clear(&B);
    }
    /* wrong operators: the computed objects compared with those of a different operator */
    op_t Z2, Zm2, Z2i, Z3i;
    op_init_zf_si(&Z2, ING_N, 2);
    op_init_zf_si(&Zm2, ING_N, -2);
    int eq = charpoly_matches_dense(&Z2, &Zm2);
    checker_row(c, ROW_NEGATIVE, eq, "characteristic polynomial (neg. control)|Z_2 vs dense "
                "Z_-2|%d|claim: equal|%s", ING_N, eq ? "equal" : "differ");
    op_init_zf_si(&Z2i, ING_N, 2);
    op_init_zf_si(&Z3i, ING_N, 3);
    eq = int_products_match(&Z2i, &Z3i, c->rand);
    checker_row(c, ROW_NEGATIVE, eq, "integer products (neg. control)|Z_2 vs dense Z_3|%d|"
                "claim: equal|%s", ING_N, eq ? "equal" : "differ");
    op_clear(&Z2);
    op_clear(&Zm2);
    op_clear(&Z2i);
    op_clear(&Z3i);
}

int main(int argc, char **argv)
{
    static const checker_info_t info = {
        "ldr_reconstruction", "Reconstruction of LDR matrices from (A, B, R) and Proposition 3",
        "papers/thomas2018_ldr_learned_operators.txt, Section 2 (reconstruction from A, B, R), "
        "Proposition 3",
        "Closed forms for (Z_e, Z_f), Cauchy-like, Vandermonde-like (Z_0, Z_f) against the exact "
        "general Sylvester solver; Kronecker cross-check for n <= 12; Proposition 3's explicit "
        "rank-2r right side checked exactly; negative controls.",
        NULL};
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    const slong sizes_full[3] = {4, 16, 64}, sizes_quick[2] = {4, 16};
    const slong *sizes = c.quick ? sizes_quick : sizes_full;
    int nsizes = c.quick ? 2 : 3;
    checker_param(&c, "sizes n", "%s", c.quick ? "4, 16" : "4, 16, 64 (+ n = 12 Kronecker)");
    checker_param(&c, "ranks r", "1, 2, 4");
    checker_param(&c, "random entries", "generators p/q, |p| <= 5, q <= 3; Prop. 3 operators "
                  "integers |p| <= 3 (non-zero free parameters), G, H integers |p| <= 5");
    plan_t plan = {sizes, nsizes};
    checker_section(&c, "Solver ingredients against independent dense computations",
                    "ingredient|operators|n|check|observed");
    if (checker_run_named_cells(&c, "ingredients", 1, ingredients_cell, NULL, NULL, 1) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "Closed forms vs the general exact solver",
                    "pair|n|r|method|exact agreement|~seconds|~sylvester_solve seconds");
    if (checker_run_named_cells(&c, "closed forms", (long)NPAIRS * (nsizes * 3 + 1), closed_cell,
                                closed_label, &plan, 2) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "Proposition 3: Krylov products, displacement w.r.t. (A^-1, B)",
                    "pair|n|r|check|observed|~seconds");
    if (checker_run_named_cells(&c, "Proposition 3", 2L * nsizes * 3, prop3_cell, prop3_label,
                                &plan, 2) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");
    checker_section(&c, "Negative controls", "pair|n|r|wrong claim|observed");
    if (checker_run_named_cells(&c, "negative controls", 1, negative_cell, NULL, &plan, 1) != 0)
        return checker_fail(&c, "a cell could not be computed or stored");

    checker_note(&c, "Exact agreement: the closed form equals sylvester_solve's solution entry by "
                 "entry over Q AND satisfies A M - M B = G H^T exactly. Closed forms: (Z_e, Z_f): "
                 "M = (e-f)^-1 sum_i K(Z_e, g_i) J K(Z_f^T, h_i)^T; (diag(v), Z_f): M = diag(v^n - f)^-1 "
                 "sum_i diag(g_i) V J K(Z_f^T, h_i)^T; Cauchy-like M_ij = R_ij / (s_i - t_j) "
                 "(derivation in algebra/ldr/reconstruct.h).");
    checker_note(&c, "Proposition 3 right side: A^-1 K(A,g) = K(A,g) Z_0^T + A^-1 g e_0^T and "
                 "K(B^T,h)^T B = Z_0^T K(B^T,h)^T + e_{n-1} h^T B^n, so the Z_0^T terms cancel and "
                 "A^-1 M - M B = sum_i (A^-1 g_i h_i^T - A^(n-1) g_i h_i^T B^n): rank <= 2r. For subdiagonal+"
                 "corner A, B the bound is not sharp: A^n = c_A I, B^n = c_B I (c = corner x product "
                 "of the subdiagonal) give A^(n-1) g h^T B^n = c_A c_B A^-1 g h^T, so the right side "
                 "is (1 - c_A c_B) A^-1 G H^T of rank <= r; tridiagonal operators attain 2r.");
    return checker_finish(&c);
}
