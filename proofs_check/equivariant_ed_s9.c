/* equivariant_ed_s9 -- Sattelberger (Kohn-Sattelberger-Shahverdi) slides:
 *   (1) "EDdegree(I^G_{r,m x n}) = EDdegree(M_{min(r,k), m x k}) = binom(min(m,k), min(r,k))";
 *   (2) the example sigma in S_9 (90-degree rotation of a 3 x 3 image): after a real base
 *       change P_sigma ~ I_3 + (-I_2) + R + R, and the component of E^sigma_{3,9x9} with
 *       r = (1,0,1) is M_{1,3x3}(R) x M_{0,2x2}(R) x R(M_{1,2x2}(C));
 *   (3) "Reduction to cyclic case": I^G = I^sigma for any sigma whose partition P(sigma) is
 *       the finest common coarsening of P(sigma_1), .., P(sigma_g);
 *   (4) the ED degree for rank e >= 2 again, counted from the critical equations themselves
 *       (a Groebner basis over Q of the Riccati system of algebra/equivariant/ed_critical.h),
 *       without the Eckart-Young description used in (1).
 * (1) exactly: for data u in Q^{m x n}, the squared distance to X = Y E (E the k x n cycle
 * indicator, W = E E^T = diag(cycle lengths)) is ||u - pi(u)||^2 + ||(Yh - Y) W^{1/2}||^2 with
 * Yh = u E^T W^-1 (derived here), so the critical points are those of the rank-e approximation
 * of Yh W^{1/2} (e = min(r, m, k)), whose squared singular values are the eigenvalues of
 * S = u E^T W^-1 E u^T (rational).  For r = 1 the critical equations give directly: a is an
 * eigenvector of S with non-zero eigenvalue, so the count is the number of distinct non-zero
 * eigenvalues; for e >= 2 the critical points are the sums of e distinct singular components
 * (Eckart-Young; Draisma et al., Example 2.3): binom(s, e), s = distinct non-zero eigenvalues.
 * The checker computes the characteristic polynomial of S exactly, its squarefree part
 * (genericity: s = min(m, k) simple non-zero roots) and compares binom(s, e) with the formula
 * (with the corrected effective rank e = min(r, m, k); the slides' min(r, k) is wrong for
 * r > m, shown as a control). */
#include <stdio.h>
#include <string.h>

#include "report/checker.h"
#include "equivariant/equivariant.h"
#include "equivariant/equivariant_ed.h"
#include "equivariant/ed_critical.h"
#include "equivariant/permutation.h"
#include "exact/qmat.h"


static int parse_perm(permutation_t *p, const char *spec, long n)
{
    char err[256];
    permutation_init(p);
    return permutation_parse(p, spec, n, err, sizeof err);
}

typedef struct {
    const char *spec;
    long n, m, r;
    int special; /* 1: non-generic data u = [I | 0] E (equal cycle lengths needed) */
} ed_case_t;

/* The data u (m x n: random, or u = [I_m | 0] E for a special case: invariant data with equal
 * singular values) reduced to S = u E^T W^-1 E u^T (m x m, initialised here; the caller clears
 * it).  Returns k, the number of cycles of p. */
static long reduced_data_matrix(fmpq_mat_t S, const permutation_t *p, const ed_case_t *cs,
                                flint_rand_t st)
{
    long n = p->n, m = cs->m;
    long *idx = flint_malloc((size_t)n * sizeof *idx);
    long k = permutation_cycle_index(p, idx);
    fmpq_mat_t u;
    fmpq_mat_init(u, m, n), fmpq_mat_init(S, m, m);
    if (cs->special) {
        for (long j = 0; j < n; j++)
            if (idx[j] < m)
                fmpq_one(fmpq_mat_entry(u, idx[j], j));
    } else {
        qmat_rand(u, st, 9, 2);
    }
    flint_free(idx);
    equivariant_ed_reduced_matrix(S, u, p);
    fmpq_mat_clear(u);
    return k;
}

static void check_ed(checker_t *c, const ed_case_t *cs)
{
    permutation_t p;
    if (parse_perm(&p, cs->spec, cs->n) != 0) {
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|-|-|-|-|-|bad permutation|-", cs->spec,
                    (long)cs->m, (long)cs->r);
        return;
    }
    long n = p.n, m = cs->m;
    fmpq_mat_t S;
    long k = reduced_data_matrix(S, &p, cs, c->rand);
    long mk = m < k ? m : k, e = equivariant_invariant_effective_rank(cs->r, m, k);
    int generic;
    fmpz_t count, formula, slide, nored;
    fmpz_init(count), fmpz_init(formula), fmpz_init(slide), fmpz_init(nored);
    long s = equivariant_ed_count(count, &generic, S, e, mk);
    equivariant_invariant_ed_degree(formula, cs->r, m, k);
    equivariant_invariant_ed_degree_slide(slide, cs->r, m, k);
    equivariant_invariant_ed_degree(nored, cs->r, m, n); /* as if no columns were repeated */
    char *cnt = fmpz_get_str(NULL, 10, count), *fs = fmpz_get_str(NULL, 10, formula);
    const char *gen = generic ? "yes" : "no";
    if (cs->special) {
        /* the wrong claim "the generic formula also counts on this non-generic data", decided
         * by the computed count (not by the genericity flag, which is 0 here by design) */
        checker_row(c, ROW_NEGATIVE, fmpz_equal(count, formula),
                    "%s|%ld|%ld|%ld|%ld|%s|%ld|%s|non-generic data [I 0] E: formula (neg. "
                    "control)|%s", cs->spec, (long)m, (long)cs->r, (long)k, (long)s, gen,
                    (long)e, cnt, fs);
    } else {
        checker_row(c, ROW_POSITIVE, generic && fmpz_equal(count, formula),
                    "%s|%ld|%ld|%ld|%ld|%s|%ld|%s|binom(min(m,k), min(r,m,k))|%s", cs->spec,
                    (long)m, (long)cs->r, (long)k, (long)s, gen, (long)e, cnt, fs);
        if (!fmpz_equal(slide, formula)) {
            char *ss = fmpz_get_str(NULL, 10, slide);
            checker_row(c, ROW_NEGATIVE, generic && fmpz_equal(count, slide),
                        "%s|%ld|%ld|%ld|%ld|%s|%ld|%s|slides' literal min(r, k) (neg. "
                        "control)|%s", cs->spec, (long)m, (long)cs->r, (long)k, (long)s, gen,
                        (long)e, cnt, ss);
            flint_free(ss);
        }
        if (!fmpz_equal(nored, formula)) {
            char *ns = fmpz_get_str(NULL, 10, nored);
            checker_row(c, ROW_NEGATIVE, generic && fmpz_equal(count, nored),
                        "%s|%ld|%ld|%ld|%ld|%s|%ld|%s|k replaced by n (no reduction; neg. "
                        "control)|%s", cs->spec, (long)m, (long)cs->r, (long)k, (long)s, gen,
                        (long)e, cnt, ns);
            flint_free(ns);
        }
    }
    flint_free(cnt), flint_free(fs);
    fmpz_clear(count), fmpz_clear(formula), fmpz_clear(slide), fmpz_clear(nored);
    fmpq_mat_clear(S);
    permutation_clear(&p);
}

/* ---------------------------------------------------------------- ED degree by Groebner bases
 * The critical points counted from their equations (algebra/equivariant/ed_critical.h: the
 * Riccati system of the chart U = [I; Y], no Eckart-Young), for the reduced matrix S of an
 * invariant variety with m <= k (S of full rank m), effective rank 1 <= e < m. */
static void check_ed_groebner(checker_t *c, const ed_case_t *cs)
{
    permutation_t p;
    if (parse_perm(&p, cs->spec, cs->n) != 0) {
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|-|-|-|-|-|-|bad permutation", cs->spec,
                    (long)cs->m, (long)cs->r);
        return;
    }
    long m = cs->m;
    fmpq_mat_t S;
    long k = reduced_data_matrix(S, &p, cs, c->rand);
    long e = equivariant_invariant_effective_rank(cs->r, m, k);
    fmpz_t formula;
    fmpz_init(formula);
    equivariant_invariant_ed_degree(formula, cs->r, m, k);
    long bl;
    int distinct;
    long cnt = (m <= k && e >= 1 && e < m) ? ed_critical_count(&bl, &distinct, S, e, 400) : -3;
    char *fs = fmpz_get_str(NULL, 10, formula);
    const char *ds = distinct == 1 ? "yes" : distinct == 0 ? "not decided" : "-";
    if (cnt == -3) {
        checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|%ld|%ld|-|-|-|%s|needs m <= k and 1 <= e < m",
                    cs->spec, (long)m, (long)cs->r, (long)k, (long)e, fs);
    } else if (cs->special) {
        checker_row(c, ROW_NEGATIVE, cnt >= 0 && fmpz_equal_si(formula, cnt), "%s|%ld|%ld|%ld|"
                    "%ld|%ld|%ld|%s|%s|non-generic data [I 0] E: a finite count = the formula "
                    "(neg. control)", cs->spec, (long)m, (long)cs->r, (long)k, (long)e, bl, cnt,
                    ds, fs);
    } else {
        checker_row(c, ROW_POSITIVE, cnt >= 0 && distinct == 1 && fmpz_equal_si(formula, cnt),
                    "%s|%ld|%ld|%ld|%ld|%ld|%ld|%s|%s|distinct critical points = binom(m, e)",
                    cs->spec, (long)m, (long)cs->r, (long)k, (long)e, bl, cnt, ds, fs);
        long bezout = 1L << ((m - e) * e); /* (m - e) e quadrics */
        checker_row(c, ROW_NEGATIVE, cnt == bezout, "%s|%ld|%ld|%ld|%ld|%ld|%ld|%s|%ld|count = "
                    "the Bezout number 2^((m-e)e) (neg. control)", cs->spec, (long)m,
                    (long)cs->r, (long)k, (long)e, bl, cnt, ds, bezout);
    }
    flint_free(fs);
    fmpz_clear(formula);
    fmpq_mat_clear(S);
    permutation_clear(&p);
}

/* ---------------------------------------------------------------- the S_9 example */
/* P (n x n) with P e_i = e_sigma(i) */
static void perm_matrix(fmpq_mat_t P, const permutation_t *p)
{
    fmpq_mat_zero(P);
    for (long i = 0; i < p->n; i++)
        fmpq_one(fmpq_mat_entry(P, p->image[i], i));
}

/* The rational real basis: columns centre, v1(c1), v1(c2), v-1(c1), v-1(c2), a1, b1, a2, b2
 * for the 4-cycles c = (p0 p1 p2 p3): v1 = sum e_pj, v-1 = sum (-1)^j e_pj, a = e_p0 - e_p2,
 * b = e_p1 - e_p3 (P a = b, P b = -a). */
static int rot_basis(fmpq_mat_t Q, const permutation_t *p)
{
    long cyc[2][4], nc = 0, centre = -1;
    int *seen = flint_calloc((size_t)p->n, sizeof *seen);
    for (long i = 0; i < p->n; i++) {
        if (seen[i])
            continue;
        long len = 0, j = i;
        long pts[9];
        do {
            if (len >= 9)
                break;
            pts[len++] = j;
            seen[j] = 1;
            j = p->image[j];
        } while (j != i);
        if (len == 1)
            centre = i;
        else if (len == 4 && nc < 2)
            memcpy(cyc[nc++], pts, sizeof cyc[0]);
        else
            nc = 99;
    }
    flint_free(seen);
    if (centre < 0 || nc != 2)
        return -1;
    fmpq_mat_zero(Q);
    fmpq_one(fmpq_mat_entry(Q, centre, 0));
    for (long c = 0; c < 2; c++)
        for (long j = 0; j < 4; j++) {
            fmpq_one(fmpq_mat_entry(Q, cyc[c][j], 1 + c));
            fmpq_set_si(fmpq_mat_entry(Q, cyc[c][j], 3 + c), j % 2 ? -1 : 1, 1);
        }
    for (long c = 0; c < 2; c++) {
        fmpq_set_si(fmpq_mat_entry(Q, cyc[c][0], 5 + 2 * c), 1, 1);
        fmpq_set_si(fmpq_mat_entry(Q, cyc[c][2], 5 + 2 * c), -1, 1);
        fmpq_set_si(fmpq_mat_entry(Q, cyc[c][1], 6 + 2 * c), 1, 1);
        fmpq_set_si(fmpq_mat_entry(Q, cyc[c][3], 6 + 2 * c), -1, 1);
    }
    return 0;
}

/* M' = A + 0 + R(Z) with A = u v^T (3 x 3), Z = z w^T (complex 2 x 2), theta = (u, v, Re z,
 * Im z, Re w, Im w) (14 reals); the block of Z_ab is [[x, -y], [y, x]] at rows 5+2a, cols
 * 5+2b. */
static void component_point(fmpq_mat_t Mp, const fmpq *th)
{
    fmpq_mat_zero(Mp);
    fmpq_t x, y, t;
    fmpq_init(x), fmpq_init(y), fmpq_init(t);
    for (long i = 0; i < 3; i++)
        for (long j = 0; j < 3; j++)
            fmpq_mul(fmpq_mat_entry(Mp, i, j), th + i, th + 3 + j);
    for (long a = 0; a < 2; a++)
        for (long b = 0; b < 2; b++) { /* (zr + i zi)(wr + i wi) */
            const fmpq *zr = th + 6 + a, *zi = th + 8 + a, *wr = th + 10 + b, *wi = th + 12 + b;
            fmpq_mul(x, zr, wr);
            fmpq_mul(t, zi, wi);
            fmpq_sub(x, x, t);
            fmpq_mul(y, zr, wi);
            fmpq_mul(t, zi, wr);
            fmpq_add(y, y, t);
            slong r0 = 5 + 2 * a, c0 = 5 + 2 * b;
            fmpq_set(fmpq_mat_entry(Mp, r0, c0), x);
            fmpq_neg(fmpq_mat_entry(Mp, r0, c0 + 1), y);
            fmpq_set(fmpq_mat_entry(Mp, r0 + 1, c0), y);
            fmpq_set(fmpq_mat_entry(Mp, r0 + 1, c0 + 1), x);
        }
    fmpq_clear(x), fmpq_clear(y), fmpq_clear(t);
}

static void conjugate_by(fmpq_mat_t M, const fmpq_mat_t Q, const fmpq_mat_t Mp, const fmpq_mat_t Qi)
{
    fmpq_mat_t T;
    fmpq_mat_init(T, 9, 9);
    fmpq_mat_mul(T, Q, Mp);
    fmpq_mat_mul(M, T, Qi);
    fmpq_mat_clear(T);
}

static void check_s9(checker_t *c)
{
    permutation_t p, hf;
    parse_perm(&p, "image:rot90:3", 0);
    parse_perm(&hf, "image:hflip:3", 0);
    fmpq_mat_t P, H, Q, Qi, B, Mp, M, L, R;
    fmpq_mat_init(P, 9, 9), fmpq_mat_init(H, 9, 9), fmpq_mat_init(Q, 9, 9);
    fmpq_mat_init(Qi, 9, 9), fmpq_mat_init(B, 9, 9), fmpq_mat_init(Mp, 9, 9);
    fmpq_mat_init(M, 9, 9), fmpq_mat_init(L, 9, 9), fmpq_mat_init(R, 9, 9);
    perm_matrix(P, &p);
    perm_matrix(H, &hf);
    int ok = rot_basis(Q, &p) == 0 && fmpq_mat_inv(Qi, Q);
    /* (a) Q^-1 P Q = I_3 + (-I_2) + R + R */
    fmpq_mat_t Exp;
    fmpq_mat_init(Exp, 9, 9);
    for (long i = 0; i < 3; i++)
        fmpq_one(fmpq_mat_entry(Exp, i, i));
    for (long i = 3; i < 5; i++)
        fmpq_set_si(fmpq_mat_entry(Exp, i, i), -1, 1);
    for (long b = 5; b < 9; b += 2) {
        fmpq_set_si(fmpq_mat_entry(Exp, b, b + 1), -1, 1);
        fmpq_one(fmpq_mat_entry(Exp, b + 1, b));
    }
    if (ok) {
        fmpq_mat_mul(L, Qi, P);
        fmpq_mat_mul(B, L, Q);
    }
    int block_ok = ok && fmpq_mat_equal(B, Exp);
    checker_row(c, ROW_POSITIVE, block_ok, "base change|Q^-1 P Q = I_3 + (-I_2) + R + R (Q "
                "rational, columns orthogonal)|exact|%s|-", block_ok ? "yes" : "NO");
    /* (b) multiplicities and the component count for r = 3 */
    permutation_cycle_type_t ct;
    permutation_spectrum_t sp;
    permutation_cycle_type(&ct, &p);
    permutation_spectrum(&sp, &ct);
    long d1 = permutation_spectrum_d(&sp, 1), d2 = permutation_spectrum_d(&sp, 2),
         d4 = permutation_spectrum_d(&sp, 4);
    int d_ok = d1 == 3 && d2 == 2 && d4 == 2 && permutation_cyclotomic_nullity(&p, 4) == 2 * d4;
    checker_row(c, ROW_POSITIVE, d_ok, "multiplicities|d_1, d_2, d_4 = 3, 2, 2 (block sizes of the "
                "slide)|%ld, %ld, %ld|%s|-", d1, d2, d4, d_ok ? "yes" : "NO");
    equivariant_system_t S;
    equivariant_system_from_permutation(&S, &p, EQUIVARIANT_REAL);
    fmpz_t cnt;
    fmpz_init(cnt);
    equivariant_count(cnt, &S, 3);
    long tuple[8] = {0};
    for (long u = 0; u < S.num_units && u < 8; u++) /* r_{1,1} = 1, r_{2,1} = 0, r_{4,.} = 1 */
        tuple[u] = S.units[u].l == 1 ? 1 : (S.units[u].l == 4 ? 1 : 0);
    long dim = equivariant_component_dim(&S, tuple);
    int valid = equivariant_component_valid(&S, tuple, 3);
    checker_row(c, ROW_POSITIVE, fmpz_equal_si(cnt, 5) && valid, "components of E_{3,9x9}|5 "
                "tuples (3,0,0) (2,1,0) (1,2,0) (1,0,1) (0,1,1); (1,0,1) among them|%s|%s|-",
                fmpz_get_si(cnt) == 5 ? "5" : "other", valid ? "yes" : "NO");
    /* (c) an exact point of the (1,0,1) component and its tangent space */
    fmpq *th = _fmpq_vec_init(14);
    for (long i = 0; i < 14; i++)
        qrand_fmpq_nonzero(th + i, c->rand, 5, 3);
    int comm = 0, commh = 1;
    slong rank = -1, jac = -1, gauge_rank = 0;
    int gauge_ok = 0;
    if (ok) {
        component_point(Mp, th);
        conjugate_by(M, Q, Mp, Qi);
        fmpq_mat_mul(L, M, P);
        fmpq_mat_mul(R, P, M);
        comm = fmpq_mat_equal(L, R);
        fmpq_mat_mul(L, M, H);
        fmpq_mat_mul(R, H, M);
        commh = fmpq_mat_equal(L, R);
        rank = qmat_rank(M);
        /* Jacobian (81 x 14) by exact differences: M is bilinear in (u, v) and in (z, w),
         * so dM/dth_i = M(th + e_i) - M(th) - M(e_i-part) ... computed exactly as the
         * polarisation M(th + e_i) - M(th - e_i) over 2 (exact for a quadratic map) */
        fmpq_mat_t Jm, Mp2, M1, M2;
        fmpq_mat_init(Jm, 81, 14), fmpq_mat_init(Mp2, 9, 9);
        fmpq_mat_init(M1, 9, 9), fmpq_mat_init(M2, 9, 9);
        for (long i = 0; i < 14; i++) {
            fmpq_add_si(th + i, th + i, 1);
            component_point(Mp2, th);
            conjugate_by(M1, Q, Mp2, Qi);
            fmpq_sub_si(th + i, th + i, 2);
            component_point(Mp2, th);
            conjugate_by(M2, Q, Mp2, Qi);
            fmpq_add_si(th + i, th + i, 1);
            for (long a = 0; a < 9; a++)
                for (long b = 0; b < 9; b++) {
                    fmpq *e = fmpq_mat_entry(Jm, a * 9 + b, i);
                    fmpq_sub(e, fmpq_mat_entry(M1, a, b), fmpq_mat_entry(M2, a, b));
                    fmpq_div_2exp(e, e, 1);
                }
        }
        jac = qmat_rank(Jm);
        /* gauge directions (the map is constant along them, so J xi = 0 identically):
         * u -> t u, v -> v / t;  z -> s z, w -> w / s for s = 1 + eps and s = 1 + i eps */
        fmpq_mat_t G, JG;
        fmpq_mat_init(G, 14, 3), fmpq_mat_init(JG, 81, 3);
        for (long i = 0; i < 3; i++) {
            fmpq_set(fmpq_mat_entry(G, i, 0), th + i);
            fmpq_neg(fmpq_mat_entry(G, 3 + i, 0), th + 3 + i);
        }
        for (long a = 0; a < 2; a++) {
            fmpq_set(fmpq_mat_entry(G, 6 + a, 1), th + 6 + a);    /* zr */
            fmpq_set(fmpq_mat_entry(G, 8 + a, 1), th + 8 + a);    /* zi */
            fmpq_neg(fmpq_mat_entry(G, 10 + a, 1), th + 10 + a);  /* wr */
            fmpq_neg(fmpq_mat_entry(G, 12 + a, 1), th + 12 + a);  /* wi */
            fmpq_neg(fmpq_mat_entry(G, 6 + a, 2), th + 8 + a);    /* i z: (-zi, zr) */
            fmpq_set(fmpq_mat_entry(G, 8 + a, 2), th + 6 + a);
            fmpq_set(fmpq_mat_entry(G, 10 + a, 2), th + 12 + a);  /* -i w: (wi, -wr) */
            fmpq_neg(fmpq_mat_entry(G, 12 + a, 2), th + 10 + a);
        }
        fmpq_mat_mul(JG, Jm, G);
        gauge_ok = fmpq_mat_is_zero(JG);
        gauge_rank = qmat_rank(G);
        fmpq_mat_clear(G), fmpq_mat_clear(JG);
        fmpq_mat_clear(Jm), fmpq_mat_clear(Mp2), fmpq_mat_clear(M1), fmpq_mat_clear(M2);
    }
    /* upper bound: 14 parameters minus the independent gauge directions */
    long upper = 14 - gauge_rank;
    checker_row(c, ROW_POSITIVE, comm && rank == 3, "point of the (1,0,1) component|M P = P M, "
                "rank M = 3 (exact, M = Q M' Q^-1)|rank %ld|%s|-", (long)rank,
                comm ? "commutes" : "NO");
    checker_row(c, ROW_POSITIVE, gauge_ok && jac == dim && upper == dim, "dimension of the component|"
                "Jacobian rank (<= dim) = 14 - gauge rank (>= dim; J xi = 0) = formula|%ld, %ld|%ld|"
                "r(2d - r) + 2 r(2d - r)", (long)jac, (long)upper, (long)dim);
    checker_row(c, ROW_NEGATIVE, commh, "point of the (1,0,1) component|M commutes with the "
                "horizontal flip (neg. control)|-|%s|-", commh ? "commutes" : "does not");
    checker_row(c, ROW_NEGATIVE, upper >= dim + 1, "dimension of the component|dim >= formula + "
                "1 (neg. control)|%ld|%ld|-", (long)upper, (long)dim);
    _fmpq_vec_clear(th, 14);
    fmpz_clear(cnt);
    equivariant_system_clear(&S);
    permutation_spectrum_clear(&sp);
    permutation_cycle_type_clear(&ct);
    fmpq_mat_clear(Exp);
    fmpq_mat_clear(P), fmpq_mat_clear(H), fmpq_mat_clear(Q), fmpq_mat_clear(Qi);
    fmpq_mat_clear(B), fmpq_mat_clear(Mp), fmpq_mat_clear(M), fmpq_mat_clear(L);
    fmpq_mat_clear(R);
    permutation_clear(&p);
    permutation_clear(&hf);
}

/* ---------------------------------------------------------------- reduction to the cyclic case */
static void check_reduction(checker_t *c, const char *s1, const char *s2, long n)
{
    permutation_t a, b, j;
    parse_perm(&a, s1, n);
    parse_perm(&b, s2, n);
    n = a.n;
    const permutation_t *all[3] = {&a, &b, NULL};
    equivariant_join_permutation(&j, all, 2);
    all[2] = &j;
    long dG = equivariant_invariant_subspace_dim(all, 2);
    long dJ = equivariant_invariant_subspace_dim(all + 2, 1);
    long dGJ = equivariant_invariant_subspace_dim(all, 3);
    long dA = equivariant_invariant_subspace_dim(all, 1);
    char *js = permutation_to_cycle_string(&j);
    /* V_G = V_sigma iff dim V_G = dim V_sigma = dim (V_G cap V_sigma) */
    checker_row(c, ROW_POSITIVE, dG == dJ && dG == dGJ, "%s, %s|%s|I^G = I^sigma (finest common "
                "coarsening)|%ld|%ld|%ld", s1, s2, js, dG, dJ, dGJ);
    checker_row(c, ROW_NEGATIVE, dG == dA, "%s, %s|%s (generator 1 alone)|I^G = I^sigma_1 (neg. "
                "control)|%ld|%ld|-", s1, s2, s1, dG, dA);
    flint_free(js);
    permutation_clear(&a), permutation_clear(&b), permutation_clear(&j);
}

static const checker_info_t info = {
    "equivariant_ed_s9",
    "ED degrees of invariant varieties, the S_9 example r = (1,0,1), reduction to the cyclic "
    "case",
    "papers/sattelberger_equivariant_linear_networks.txt: ED degree of I^sigma, 'Finding good "
    "bases' (S_9), 'Weight sharing on de- and encoder', 'Reduction to cyclic case'",
    "ED degree: exact characteristic polynomial of the reduced data matrix S (genericity and the\n"
    "number of critical points) against binom(min(m,k), min(r,m,k)); controls: the slides'\n"
    "literal min(r, k), k replaced by n, non-generic data.  S_9: the rational real base change,\n"
    "multiplicities, the 5 components of E_{3,9x9}, an exact point of the (1,0,1) component, its\n"
    "dimension (Jacobian rank = parameters - gauge = formula); controls: commuting with the\n"
    "flip, dimension + 1.  Reduction: invariant subspaces of <sigma_1, sigma_2> and of the join\n"
    "permutation (exact ranks); control: one generator alone.",
    NULL,
};

static const ed_case_t ed_cases[] = {
    {"(1 3 4)(2 5)", 5, 2, 1, 0},        {"(1 3 4)(2 5)", 5, 3, 1, 0},
    {"(1 3 4)(2 5)", 5, 4, 2, 0},        {"image:rot90:3", 0, 3, 1, 0},
    {"image:rot90:3", 0, 4, 2, 0},       {"image:right:3:1", 0, 2, 1, 0},
    {"image:right:3:1", 0, 5, 2, 0},     {"(1 2 3)", 6, 3, 2, 0},
    {"(1 2)(3 4)(5 6)(7 8)", 8, 6, 3, 0}, {"(1 2 3)", 6, 2, 3, 0},
    {"image:rot90:4", 0, 6, 3, 0},       {"(1 2)(3 4)(5 6)", 6, 2, 1, 1},
};

static void section_ed(checker_t *c)
{
    checker_section(c, "ED degree of I^sigma_{r, m x n}: exact count vs the formula",
                    "sigma|m|r|cycles k|distinct non-zero eigenvalues of S|generic|effective "
                    "rank e|critical points binom(s, e)|formula|value");
    for (size_t i = 0; i < sizeof ed_cases / sizeof ed_cases[0]; i++)
        check_ed(c, ed_cases + i);
}

static const ed_case_t groebner_cases[] = {
    {"image:rot90:3", 0, 3, 2, 0},        {"image:right:3:1", 0, 3, 2, 0},
    {"(1 2)(3 4)(5 6)(7 8)", 8, 4, 2, 0}, {"(1 2)(3 4)(5 6)(7 8)", 8, 4, 3, 0},
    {"(1 2 3)", 6, 4, 3, 0},              {"image:rot90:4", 0, 4, 2, 0},
    {"(1 2)(3 4)(5 6)(7 8)", 8, 4, 2, 1}, {"image:right:5:1", 0, 5, 2, 0},
    {"image:right:5:1", 0, 5, 3, 0},
};

static void section_ed_groebner(checker_t *c)
{
    checker_section(c, "ED degree for rank e >= 2 from the critical equations (Groebner basis "
                    "over Q, no Eckart-Young)", "sigma|m|r|cycles k|effective rank e|Groebner "
                    "basis size|critical points (with multiplicity)|distinct (charpoly "
                    "squarefree)|formula|claim");
    size_t nc = sizeof groebner_cases / sizeof groebner_cases[0];
    for (size_t i = 0; i < (c->quick ? nc - 2 : nc); i++)
        check_ed_groebner(c, groebner_cases + i);
}

static void section_s9(checker_t *c)
{
    checker_section(c, "The S_9 example: 90-degree rotation of a 3 x 3 image, component r = "
                    "(1,0,1) of E_{3,9x9}", "object|claim|computed|result|formula");
    check_s9(c);
}

static void section_reduction(checker_t *c)
{
    checker_section(c, "Reduction to the cyclic case", "generators|sigma (join)|claim|dim I^G "
                    "(m = 1)|dim I^sigma|dim of the intersection");
    check_reduction(c, "(1 2)(3 4)", "(2 3)(5 6)", 6);
    check_reduction(c, "image:hflip:3", "image:rot90:3", 9);
    check_reduction(c, "(1 2 3)", "(4 5)(6 7)", 8);
}

/* Each section is one cell (its own randomness, reseeded from --seed and the section). */
static const checker_section_cell_t sections[] = {
    {"ed", section_ed},
    {"s9", section_s9},
    {"reduction", section_reduction},
    {"ed-groebner", section_ed_groebner},
};
#define NSECTIONS 4

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    if (checker_run_sections(&c, sections, NSECTIONS, 2) != 0)
        return checker_fail(&c, "a section could not be computed or stored");
    checker_note(&c, "The first ED section uses the classical description of the critical "
                     "points of rank-e approximation (sums of e distinct singular components); "
                     "the exact part is the reduction to S = u E^T W^-1 E u^T (derived in the "
                     "source) and its spectrum.  The Groebner section counts the solutions of "
                     "the critical equations themselves (after the linear elimination of V, "
                     "derived in algebra/equivariant/ed_critical.h) in the chart U = [I; Y] of "
                     "the column space; generic data has all critical points in this chart.  "
                     "The slides' min(r, k) gives binom(min(m,k), "
                     "min(r,k)) = 0 when r > m although the variety is then the whole invariant "
                     "space (ED degree 1): the corrected effective rank min(r, m, k) is checked.  "
                     "The base change here is rational with orthogonal, not orthonormal, columns "
                     "(the slide normalises them); the block form is the same.");
    return checker_finish(&c);
}
