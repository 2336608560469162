/* vc_degree -- what the proof of Thomas et al. 2018, Theorem 2 (VC dimension of networks with
 * L LDR layers and W parameters is O(L W log W)) uses, checked exactly at small sizes.
 *
 * The proof (Appendix D, not in the extracted text; the argument is the one of Bartlett,
 * Maiorov and Meir 1998 / Bartlett, Harvey, Liaw and Mehrabian 2019 for piecewise-polynomial
 * networks) needs two facts:
 *  (1) the entries of an LDR weight matrix are polynomials of bounded degree in the layer's
 *      parameters, so the network output is piecewise polynomial in theta with bounded degree
 *      (a degree poly(n) only enters through log D <= O(log W));
 *  (2) Warren's bound on sign patterns: m >= W polynomials of degree <= D in W variables take
 *      at most 2 (2 e m D / W)^W sign vectors (Bartlett et al. 2019, Lemma 17).
 * (1) is checked for the trainer's parameterisation W = sum_i K(A, g_i) K(B', h_i)^T
 * (ldr/ldr_poly.h): exact total degree of every entry in (G, H, operator entries) against
 * 2n (column j of K(A, g) has degree j + 1), the SHL output on an activation region against
 * deg W + 1; bounds lowered by one are the negative controls.  (2) is checked exactly in one
 * variable (certified root isolation) and estimated from below in several variables (exact
 * evaluation at random integer points), on random families and on the proof's own family
 * (the pre-activations of an LDR layer at N inputs). */
#include <math.h>
#include <stdio.h>

#include "report/checker.h"
#include "exact/sign_patterns.h"
#include "ldr/ldr_poly.h"

static long opt_max_n = 0;
static const checker_option_t options[] = {
    {"--max-n", &opt_max_n, "largest n of the degree section (default 5, quick 3)"},
    {NULL, NULL, NULL},
};
static const checker_info_t info = {
    "vc_degree", "Theorem 2's proof at small sizes: degrees of W(theta) and sign-pattern counts",
    "papers/thomas2018_ldr_learned_operators.txt, Theorem 2 (VC dimension O(L W log W)), proof ingredients",
    "Exact total degree of the LDR-SD/TD weight entries and network output in the parameters; "
    "sign-pattern counts against Warren's bound.",
    options,
};

static const char *cls_name(ldr_poly_class_t k) { return k == LDR_POLY_SD ? "ldr-sd" : "ldr-td"; }

/* (1a) degrees of the entries of W(theta) */
static void section_degree(checker_t *c)
{
    checker_section(c, "Degree of the entries of W(theta) = sum_i K(A, g_i) K(B', h_i)^T in the parameters",
                    "class|n|r|variables of W|entries of degree 2n|degree min..max|claim|bound");
    slong max_n = opt_max_n ? opt_max_n : c->quick ? 3 : 5;
    for (int k = 0; k < 2; k++)
        for (slong n = 2; n <= max_n; n++)
            for (slong r = 1; r <= (c->quick || n > 4 ? 1 : 2); r++) {
                ldr_poly_t P;
                ldr_poly_init(&P, (ldr_poly_class_t)k, n, r);
                slong dmin, dmax, at = 0;
                ldr_poly_degree_range(&P, &dmin, &dmax);
                for (slong e = 0; e < n * n; e++)
                    at += fmpz_mpoly_total_degree_si(P.W + e, P.ctx) == 2 * n;
                checker_row(c, ROW_POSITIVE, dmax <= 2 * n, "%s|%ld|%ld|%ld|%ld of %ld|%ld..%ld|max degree <= 2n|%ld",
                            cls_name(P.cls), (long)n, (long)r, (long)P.nw, (long)at, (long)(n * n),
                            (long)dmin, (long)dmax, (long)(2 * n));
                checker_row(c, ROW_NEGATIVE, dmax <= 2 * n - 1, "%s|%ld|%ld|%ld|%ld of %ld|%ld..%ld|max degree <= 2n - 1 (control)|%ld",
                            cls_name(P.cls), (long)n, (long)r, (long)P.nw, (long)at, (long)(n * n),
                            (long)dmin, (long)dmax, (long)(2 * n - 1));
                ldr_poly_clear(&P);
            }
}

/* (1b) the SHL output on one activation region */
static void section_output(checker_t *c)
{
    checker_section(c, "Network output f(x) = c + sum_j [unit j active] v_j (W x + b)_j on an activation region, as a polynomial in theta",
                    "class|n|active units|variables|degree of f|claim|bound");
    slong max_n = c->quick ? 3 : 4;
    for (int k = 0; k < 2; k++)
        for (slong n = 2; n <= max_n; n++) {
            ldr_poly_t P;
            ldr_poly_init(&P, (ldr_poly_class_t)k, n, 1);
            fmpz *x = _fmpz_vec_init(n);
            for (slong q = 0; q < n; q++) { /* a nonzero integer input in [-3, 3] */
                slong v = (slong)n_randint(c->rand, 3) + 1;
                fmpz_set_si(x + q, n_randint(c->rand, 2) ? -v : v);
            }
            int *act = flint_malloc((size_t)n * sizeof *act);
            slong dmin, dmax;
            ldr_poly_degree_range(&P, &dmin, &dmax);
            for (int pat = 0; pat < 2; pat++) {
                slong na = 0;
                for (slong j = 0; j < n; j++) {
                    act[j] = pat == 0 ? 1 : (j == 0 || n_randint(c->rand, 2));
                    na += act[j];
                }
                fmpz_mpoly_t f;
                fmpz_mpoly_init(f, P.ctx);
                ldr_poly_output(f, &P, x, act);
                slong d = fmpz_mpoly_total_degree_si(f, P.ctx);
                checker_row(c, ROW_POSITIVE, d <= dmax + 1, "%s|%ld|%ld of %ld|%ld|%ld|degree <= deg W + 1|%ld",
                            cls_name(P.cls), (long)n, (long)na, (long)n, (long)P.nvars, (long)d, (long)(dmax + 1));
                checker_row(c, ROW_NEGATIVE, d <= dmax, "%s|%ld|%ld of %ld|%ld|%ld|degree <= deg W (control)|%ld",
                            cls_name(P.cls), (long)n, (long)na, (long)n, (long)P.nvars, (long)d, (long)dmax);
                fmpz_mpoly_clear(f, P.ctx);
            }
            flint_free(act);
            _fmpz_vec_clear(x, n);
            ldr_poly_clear(&P);
        }
}

/* (1c) two LDR layers: f = c + sum_j [active] v_j (W2 h + b2)_j, h = [active] (W1 x + b1);
 * both layers copies of one ldr_poly, embedded in a context with both parameter sets. */
static void section_two_layers(checker_t *c)
{
    checker_section(c, "Two LDR layers: output on an activation region as a polynomial in both layers' parameters (L = 2)",
                    "class|n|active units (layer 1, 2)|variables|degree of f|claim|bound");
    slong max_n = c->quick ? 2 : 3;
    for (int k = 0; k < 2; k++)
        for (slong n = 2; n <= max_n; n++) {
            ldr_poly_t P;
            ldr_poly_init(&P, (ldr_poly_class_t)k, n, 1);
            const slong N = P.nvars;
            fmpz_mpoly_ctx_t big;
            fmpz_mpoly_ctx_init(big, 2 * N, ORD_DEGLEX);
            slong *map1 = flint_malloc((size_t)N * sizeof *map1), *map2 = flint_malloc((size_t)N * sizeof *map2);
            for (slong i = 0; i < N; i++) { map1[i] = i; map2[i] = N + i; }
            fmpz *x = _fmpz_vec_init(n);
            for (slong q = 0; q < n; q++) {
                slong v = (slong)n_randint(c->rand, 3) + 1;
                fmpz_set_si(x + q, n_randint(c->rand, 2) ? -v : v);
            }
            int *a1 = flint_malloc((size_t)n * sizeof *a1), *a2 = flint_malloc((size_t)n * sizeof *a2);
            slong n1 = 0, n2 = 0;
            for (slong j = 0; j < n; j++) {
                a1[j] = j == 0 || n_randint(c->rand, 2);
                a2[j] = j == n - 1 || n_randint(c->rand, 2);
                n1 += a1[j];
                n2 += a2[j];
            }
            fmpz_mpoly_struct *h = flint_malloc((size_t)n * sizeof *h);
            fmpz_mpoly_t t, w, f, g;
            fmpz_mpoly_init(t, P.ctx);
            fmpz_mpoly_init(w, big);
            fmpz_mpoly_init(f, big);
            fmpz_mpoly_init(g, big);
            for (slong j = 0; j < n; j++) { /* layer 1 outputs, in the big context */
                fmpz_mpoly_init(h + j, big);
                if (!a1[j]) continue;
                ldr_poly_preactivation(t, &P, x, j);
                fmpz_mpoly_compose_fmpz_mpoly_gen(h + j, t, map1, P.ctx, big);
            }
            fmpz_mpoly_gen(f, N + ldr_poly_var_c(&P), big);
            for (slong j = 0; j < n; j++) {
                if (!a2[j]) continue;
                fmpz_mpoly_gen(g, N + ldr_poly_var_b(&P, j), big); /* (W2 h + b2)_j */
                for (slong q = 0; q < n; q++) {
                    fmpz_mpoly_compose_fmpz_mpoly_gen(w, P.W + j * n + q, map2, P.ctx, big);
                    fmpz_mpoly_mul(w, w, h + q, big);
                    fmpz_mpoly_add(g, g, w, big);
                }
                fmpz_mpoly_gen(w, N + ldr_poly_var_v(&P, j), big);
                fmpz_mpoly_mul(g, g, w, big);
                fmpz_mpoly_add(f, f, g, big);
            }
            slong d = fmpz_mpoly_total_degree_si(f, big), bound = 2 * n * 2 + 1;
            checker_row(c, ROW_POSITIVE, d <= bound, "%s|%ld|%ld, %ld of %ld|%ld|%ld|degree <= 2nL + 1|%ld",
                        cls_name(P.cls), (long)n, (long)n1, (long)n2, (long)n, (long)(2 * N), (long)d, (long)bound);
            checker_row(c, ROW_NEGATIVE, d <= bound - 1, "%s|%ld|%ld, %ld of %ld|%ld|%ld|degree <= 2nL (control)|%ld",
                        cls_name(P.cls), (long)n, (long)n1, (long)n2, (long)n, (long)(2 * N), (long)d, (long)(bound - 1));
            for (slong j = 0; j < n; j++) fmpz_mpoly_clear(h + j, big);
            flint_free(h);
            fmpz_mpoly_clear(t, P.ctx);
            fmpz_mpoly_clear(w, big);
            fmpz_mpoly_clear(f, big);
            fmpz_mpoly_clear(g, big);
            flint_free(a1); flint_free(a2); flint_free(map1); flint_free(map2);
            _fmpz_vec_clear(x, n);
            fmpz_mpoly_ctx_clear(big);
            ldr_poly_clear(&P);
        }
}

static int warren_holds(slong count, slong m, slong D, slong W)
{
    fmpq_t B, C;
    fmpq_init(B); fmpq_init(C);
    sign_patterns_warren_lower(B, m, D, W);
    fmpq_set_si(C, count, 1);
    int ok = fmpq_cmp(C, B) <= 0;
    fmpq_clear(B); fmpq_clear(C);
    return ok;
}

static double warren_value(slong m, slong D, slong W)
{
    fmpq_t B;
    fmpq_init(B);
    sign_patterns_warren_lower(B, m, D, W);
    double v = fmpq_get_d(B);
    fmpq_clear(B);
    return v;
}

/* (2a) one variable, exact */
static void section_univariate(checker_t *c)
{
    checker_section(c, "Sign patterns of m univariate polynomials of degree D: exact count (certified real roots)",
                    "family|m|D|distinct real roots k|sign vectors (+,-,0)|sign vectors 1[f>0]|sampled 1[f>0] / (+,-,0)|claim|bound");
    static const slong fam[][2] = {{3, 2}, {4, 3}, {5, 4}, {6, 5}};
    slong nfam = c->quick ? 2 : 4, npts = c->quick ? 400 : 4000;
    for (slong f = -1; f < nfam; f++) {
        slong m = f < 0 ? 5 : fam[f][0], D = f < 0 ? 1 : fam[f][1];
        fmpz_poly_struct *F = flint_malloc((size_t)m * sizeof *F);
        for (slong i = 0; i < m; i++) {
            fmpz_poly_init(F + i);
            if (f < 0) { /* the staircase x - i: every cell gives a new vector */
                fmpz_poly_set_coeff_si(F + i, 1, 1);
                fmpz_poly_set_coeff_si(F + i, 0, -(i + 1));
            } else {
                for (slong e = 0; e <= D; e++)
                    fmpz_poly_set_coeff_si(F + i, e, (slong)n_randint(c->rand, 41) - 20);
                fmpz_poly_set_coeff_si(F + i, D, (slong)n_randint(c->rand, 20) + 1);
            }
        }
        sign_count_t ex, sa;
        const char *name = f < 0 ? "staircase x - i" : "random integer coefficients in [-20, 20]";
        if (sign_patterns_univariate(&ex, F, m) != 0) {
            checker_row(c, ROW_SKIPPED, 0, "%s|%ld|%ld|-|-|-|-|root isolation did not separate|-", name, (long)m, (long)D);
        } else {
            sign_patterns_sampled_univariate(&sa, F, m, npts, 1000, c->rand);
            char samp[64];
            snprintf(samp, sizeof samp, "%ld / %ld", (long)sa.binary, (long)sa.ternary);
            checker_row(c, ROW_POSITIVE, ex.ternary <= 2 * ex.real_roots + 1,
                        "%s|%ld|%ld|%ld|%ld|%ld|%s|(+,-,0) <= 2k + 1 (cells of the line)|%ld",
                        name, (long)m, (long)D, (long)ex.real_roots, (long)ex.ternary, (long)ex.binary, samp,
                        (long)(2 * ex.real_roots + 1));
            checker_row(c, ROW_POSITIVE, warren_holds(ex.binary, m, D, 1),
                        "%s|%ld|%ld|%ld|%ld|%ld|%s|1[f>0] <= 2 (2 e m D / W)^W, W = 1|%.1f",
                        name, (long)m, (long)D, (long)ex.real_roots, (long)ex.ternary, (long)ex.binary, samp,
                        warren_value(m, D, 1));
            checker_row(c, ROW_POSITIVE, sa.binary <= ex.binary && sa.ternary <= ex.ternary,
                        "%s|%ld|%ld|%ld|%ld|%ld|%s|sampled <= exact (%ld random rationals)|%ld / %ld",
                        name, (long)m, (long)D, (long)ex.real_roots, (long)ex.ternary, (long)ex.binary, samp,
                        (long)npts, (long)ex.binary, (long)ex.ternary);
            if (f < 0)
                checker_row(c, ROW_NEGATIVE, ex.ternary <= 2 * m * D,
                            "%s|%ld|%ld|%ld|%ld|%ld|%s|(+,-,0) <= 2 m D (the bound 2 m D + 1 lowered by one, control)|%ld",
                            name, (long)m, (long)D, (long)ex.real_roots, (long)ex.ternary, (long)ex.binary, samp,
                            (long)(2 * m * D));
        }
        for (slong i = 0; i < m; i++) fmpz_poly_clear(F + i);
        flint_free(F);
    }
}

/* A random polynomial of total degree exactly D in the first W variables: T terms. */
static void random_mpoly(fmpz_mpoly_t p, slong W, slong D, slong T, const fmpz_mpoly_ctx_t ctx,
                         flint_rand_t st)
{
    slong N = fmpz_mpoly_ctx_nvars(ctx);
    ulong *e = flint_calloc((size_t)N, sizeof *e);
    fmpz_mpoly_zero(p, ctx);
    for (slong t = 0; t < T; t++) {
        for (slong j = 0; j < N; j++) e[j] = 0;
        slong deg = t == 0 ? D : (slong)n_randint(st, (ulong)D + 1);
        for (slong s = 0; s < deg; s++) e[n_randint(st, (ulong)W)]++;
        slong coef = (slong)n_randint(st, 19) - 9;
        fmpz_mpoly_push_term_si_ui(p, coef == 0 || t == 0 ? 1 : coef, e, ctx);
    }
    fmpz_mpoly_sort_terms(p, ctx);
    fmpz_mpoly_combine_like_terms(p, ctx);
    flint_free(e);
}

/* (2b) several variables: the proof's family and random families of its shape, sampled */
static void section_sampled(checker_t *c)
{
    checker_section(c, "Sign patterns in W variables: lower estimate from random integer points (the proof's family and random families of its shape)",
                    "family|class|n|W variables|m polynomials|degree D|points in [-4, 4]^W|distinct 1[f>0] seen|2^m|distinct (+,-,0) seen|claim|Warren bound (lower value, exact)");
    slong npts = c->quick ? 300 : 3000, max_n = c->quick ? 2 : 3;
    for (int k = 0; k < 2; k++)
        for (slong n = 2; n <= max_n; n++) {
            ldr_poly_t P;
            ldr_poly_init(&P, (ldr_poly_class_t)k, n, 1);
            slong W1 = P.nw + n;       /* the layer's parameters: W(theta) and b */
            slong N = (W1 + n - 1) / n; /* inputs, so that m = N n >= W1 (Lemma 17 needs m >= W) */
            slong m = N * n, D = 2 * n;
            fmpz_mpoly_struct *F = flint_malloc((size_t)m * sizeof *F);
            fmpz *x = _fmpz_vec_init(n);
            for (slong i = 0; i < N; i++) {
                for (slong q = 0; q < n; q++) fmpz_set_si(x + q, (slong)n_randint(c->rand, 7) - 3);
                for (slong j = 0; j < n; j++) {
                    fmpz_mpoly_init(F + i * n + j, P.ctx);
                    ldr_poly_preactivation(F + i * n + j, &P, x, j);
                }
            }
            /* the layer's variables are 0 .. nw-1 and the biases nw .. nw+n-1: draw W1 of them */
            for (int fam = 0; fam < 2; fam++) {
                if (fam == 1)
                    for (slong i = 0; i < m; i++) random_mpoly(F + i, W1, D, 12, P.ctx, c->rand);
                sign_count_t sa;
                sign_patterns_sampled(&sa, F, m, P.ctx, W1, npts, 4, c->rand);
                char bound[64];
                snprintf(bound, sizeof bound, "%.3g", warren_value(m, D, W1));
                checker_row(c, ROW_POSITIVE, warren_holds(sa.binary, m, D, W1),
                            "%s|%s|%ld|%ld|%ld|%ld|%ld|%ld|%.0f|%ld|seen <= 2 (2 e m D / W)^W|%s",
                            fam ? "random, same m, D, W (12 terms each)" : "pre-activations (W x_k + b)_j, N inputs",
                            cls_name(P.cls), (long)n, (long)W1, (long)m, (long)D, (long)npts,
                            (long)sa.binary, ldexp(1.0, (int)m), (long)sa.ternary, bound);
            }
            for (slong i = 0; i < m; i++) fmpz_mpoly_clear(F + i, P.ctx);
            flint_free(F);
            _fmpz_vec_clear(x, n);
            ldr_poly_clear(&P);
        }
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN) return rc;
    if (opt_max_n < 0 || opt_max_n == 1 || opt_max_n > 6)
        return checker_fail(&c, "--max-n must be between 2 and 6");
    checker_param(&c, "parameterisation", "the trainer's W = sum_{i<r} K(A, g_i) K(B', h_i)^T "
                  "(experiments/trainer/layer_krylov.c); LDR-SD: A, B' subdiagonal + corner (n entries each); "
                  "LDR-TD: tridiagonal + two corners (3n each); all entries and G, H are variables");
    static const checker_section_cell_t sections[] = {
        {"degree", section_degree},
        {"output", section_output},
        {"two layers", section_two_layers},
        {"univariate", section_univariate},
        {"sampled", section_sampled},
    };
    if (checker_run_sections(&c, sections, 5, 2) != 0)
        return checker_fail(&c, "a section could not be computed or stored");
    checker_note(&c, "What this does and does not show.  Theorem 2 is an asymptotic upper bound; no "
                 "finite computation tests it.  This table checks, exactly, the two ingredients its "
                 "proof needs: the weight entries are polynomials of degree 2n in the layer's "
                 "parameters (so on each activation region the output of a network with L LDR layers of size n "
                 "is a polynomial of degree at most 2nL + 1 in theta -- each layer multiplies by entries of "
                 "degree 2n in its own parameters -- and log D = O(log(nL)) is absorbed in the log W term; "
                 "the output rows check this for L = 1 and L = 2), and "
                 "Warren's sign-pattern bound.  The sampled counts are lower estimates of the number "
                 "of sign patterns; at these sizes Warren's bound exceeds the number of points drawn, "
                 "so those rows cannot fail: they show how far from the bound a family is, not that "
                 "the bound is tight.  The capacity experiment (vc_capacity.md) gives the matching "
                 "empirical LOWER bound.  Appendix D of the paper is not in the extracted text: the "
                 "degree bound 2n is the one of this parameterisation (column j of K(A, g) has degree "
                 "j + 1); a Cramer's-rule argument on the Sylvester system gives rational entries of "
                 "degree <= n^2 + 1 over n^2 for general operators, also poly(n).");
    return checker_finish(&c);
}
