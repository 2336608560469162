/* equivariant_check.c -- independent confirmations for equivariant / invariant linear networks
 * under a permutation sigma (papers/sattelberger_equivariant_linear_networks.txt, Kohn-
 * Sattelberger-Shahverdi arXiv:2309.13736): eigenvalue multiplicities d_l, component counts,
 * dimensions, degrees, the MNIST figures, negative controls and speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_vec.h>
#include <flint/ulong_extras.h>

#include "report/checker.h"
#include "equivariant/equivariant.h"
#include "equivariant/equivariant_tangent.h"
#include "equivariant/permutation.h"

static long opt_max_n = 8;    /* brute force over all permutations of n <= max_n */
static long opt_max_tan = 12; /* Jacobian / tangent checks up to this n */

static const checker_option_t options[] = {
    {"--max-n", &opt_max_n, "all permutations of n <= N for brute force vs DP (quick: 6)"},
    {"--max-tan", &opt_max_tan, "largest n of the Jacobian / tangent-space checks (quick: 8)"},
    {NULL, NULL, NULL}};

static const checker_info_t info = {
    "equivariant",
    "Equivariant and invariant linear networks under a permutation: counts, dimensions, "
    "degrees",
    "papers/sattelberger_equivariant_linear_networks.txt (arXiv:2309.13736): d_l, "
    "Prop. (components of E^sigma), Properties of I^sigma and E^sigma, MNIST example",
    "Checks the corrected formulas of algebra/equivariant/equivariant.h by independent computations:\n"
    "exact eigenspaces over Q, brute-force enumeration, Jacobian / tangent-space ranks,\n"
    "Thom-Porteous degrees, the MNIST figures; negative controls use wrong variants.",
    options};

/* ---------------------------------------------------------------- helpers */

static int parse_or_die(permutation_t *p, const char *spec)
{
    char err[256];
    if (permutation_parse(p, spec, 0, err, sizeof err) != 0) {
        fprintf(stderr, "equivariant: internal spec \"%s\": %s\n", spec, err);
        return -1;
    }
    return 0;
}

/* Every exact eigenspace identity for one permutation; returns the number of mismatches. */
static long dl_mismatches(const permutation_t *p, long *checks)
{
    permutation_cycle_type_t ct;
    permutation_spectrum_t sp;
    permutation_cycle_type(&ct, p);
    permutation_spectrum(&sp, &ct);
    long bad = 0, maxlen = ct.classes[ct.num_classes - 1].length, total = 0, comm = 0;
    for (long l = 1; l <= maxlen + 1; l++) {
        long d = permutation_spectrum_d(&sp, l), phi = (long)n_euler_phi((ulong)l);
        bad += permutation_cyclotomic_nullity(p, l) != phi * d; /* ker Phi_l(P) */
        long fixed = 0;
        for (long i = 0; i < ct.num_classes; i++)
            fixed += ct.classes[i].count * (long)n_gcd((ulong)ct.classes[i].length, (ulong)l);
        bad += permutation_power_fixed_nullity(p, l) != fixed; /* ker (P^l - I) */
        total += phi * d;
        comm += phi * d * d;
        *checks += 2;
    }
    bad += total != p->n;                                  /* sum_l phi(l) d_l = n */
    bad += comm != permutation_pair_orbit_count(p);        /* commutant dimension */
    *checks += 2;
    permutation_spectrum_clear(&sp);
    permutation_cycle_type_clear(&ct);
    return bad;
}

static const char *image_actions[] = {"right", "down", "both", "rot90", "hflip", "transpose"};
static const char *volume_actions[] = {"right", "down", "both", "deep",
                                       "rot90", "hflip", "transpose"};

/* Built-in actions: spec strings for p <= pmax (images) and p <= vmax (volumes). */
static long builtin_specs(char specs[][48], long cap, long pmax, long vmax)
{
    long k = 0;
    for (long p = 1; p <= pmax; p++)
        for (size_t a = 0; a < sizeof image_actions / sizeof *image_actions && k < cap; a++)
            snprintf(specs[k++], 48, "image:%s:%ld:%ld", image_actions[a], p, p > 1 ? 1L : 0L);
    for (long p = 1; p <= vmax; p++)
        for (size_t a = 0; a < sizeof volume_actions / sizeof *volume_actions && k < cap; a++)
            snprintf(specs[k++], 48, "volume:%s:%ld:%ld", volume_actions[a], p,
                     p > 1 ? 1L : 0L);
    if (pmax >= 4 && k + 2 <= cap) { /* a non-unit shift */
        snprintf(specs[k++], 48, "image:right:4:2");
        snprintf(specs[k++], 48, "image:both:4:1:2");
    }
    return k;
}

/* ---------------------------------------------------------------- 1. d_l */

static void section_dl(checker_t *c)
{
    checker_section(c, "1. d_l = #cycles with l | length, against exact eigenspaces over Q",
                    "permutations|count|identities checked|mismatches");
    long nmax = c->quick ? 6 : 7;
    for (long n = 1; n <= nmax; n++) {
        long *img = malloc((size_t)n * sizeof *img), count = 0, checks = 0, bad = 0;
        for (long i = 0; i < n; i++)
            img[i] = i;
        permutation_t p;
        permutation_init(&p);
        do {
            permutation_set_image(&p, img, n, NULL, 0);
            bad += dl_mismatches(&p, &checks);
            count++;
        } while (permutation_next_lex(img, n));
        checker_row(c, ROW_POSITIVE, bad == 0, "all of S_%ld|%ld|%ld|%ld", n, count, checks, bad);
        permutation_clear(&p);
        free(img);
    }
    char specs[64][48];
    long ns = builtin_specs(specs, 64, 4, c->quick ? 3 : 4), checks = 0, bad = 0;
    permutation_t p;
    permutation_init(&p);
    for (long i = 0; i < ns; i++)
        if (parse_or_die(&p, specs[i]) == 0)
            bad += dl_mismatches(&p, &checks);
    checker_row(c, ROW_POSITIVE, bad == 0, "built-in actions, images p <= 4, volumes p <= %d|%ld|"
                "%ld|%ld", c->quick ? 3 : 4, ns, checks, bad);
    permutation_clear(&p);
    checker_note(c, "Section 1: for every l up to the longest cycle + 1, dim ker Phi_l(P) = "
                    "phi(l) d_l and dim ker(P^l - I) = sum over cycles gcd(c, l) (exact "
                    "fmpz_mat_rank); sum_l phi(l) d_l = n; the commutant dimension sum_l "
                    "phi(l) d_l^2 equals the number of <sigma>-orbits on pairs (i, j).");
}

/* ---------------------------------------------------------------- 2. counts */

typedef struct {
    long comparisons, mismatches;
} tally_t;

/* DP, polynomial product and "all components" formula vs brute force for one system. */
static void compare_counts(const equivariant_system_t *S, long rmax, tally_t *t,
                           int check_all)
{
    fmpz *dp = _fmpz_vec_init(rmax + 1), *bf = _fmpz_vec_init(rmax + 1);
    fmpz *all = _fmpz_vec_init(rmax + 1), *bfall = _fmpz_vec_init(rmax + 1);
    fmpz_t poly;
    fmpz_init(poly);
    equivariant_count_vector(dp, S, rmax);
    equivariant_count_all_components_vector(all, S, rmax);
    if (equivariant_count_bruteforce(bf, bfall, S, rmax, 50000000L) != 0) {
        t->mismatches++; /* cannot enumerate: counted as a failure, never hidden */
    } else {
        for (long r = 0; r <= rmax; r++) {
            equivariant_count_by_polynomial(poly, S, r);
            t->mismatches += !fmpz_equal(dp + r, bf + r) + !fmpz_equal(poly, bf + r);
            t->comparisons += 2;
            if (check_all) {
                t->mismatches += !fmpz_equal(all + r, bfall + r);
                t->comparisons++;
            }
        }
    }
    size_t bytes = (size_t)(rmax + 1) * sizeof(long);
    long *de = malloc(bytes), *da = malloc(bytes), *be = malloc(bytes), *ba = malloc(bytes);
    equivariant_max_dim_vector(de, da, S, rmax);
    if (equivariant_max_dim_bruteforce(be, ba, S, rmax, 50000000L) != 0)
        t->mismatches++;
    for (long r = 0; r <= rmax; r++) {
        t->mismatches += (de[r] != be[r]) + (check_all && da[r] != ba[r]);
        t->comparisons += 1 + check_all;
    }
    free(de);
    free(da);
    free(be);
    free(ba);
    fmpz_clear(poly);
    _fmpz_vec_clear(dp, rmax + 1);
    _fmpz_vec_clear(bf, rmax + 1);
    _fmpz_vec_clear(all, rmax + 1);
    _fmpz_vec_clear(bfall, rmax + 1);
}

static void compare_permutation(const permutation_t *p, tally_t *t)
{
    for (int f = 0; f < 2; f++) {
        equivariant_system_t S;
        equivariant_system_from_permutation(&S, p, f ? EQUIVARIANT_COMPLEX : EQUIVARIANT_REAL);
        compare_counts(&S, p->n + 2, t, 1);
        equivariant_system_clear(&S);
    }
}

static void section_counts(checker_t *c)
{
    checker_section(c, "2. Component counts: dynamic programme vs brute force",
                    "permutations|count|r range|comparisons|mismatches");
    long nmax = c->quick ? (opt_max_n < 6 ? opt_max_n : 6) : opt_max_n;
    progress_t pr;
    progress_start(&pr, "brute force vs DP", nmax);
    for (long n = 1; n <= nmax; n++) {
        long *img = malloc((size_t)n * sizeof *img), count = 0;
        tally_t t = {0, 0};
        for (long i = 0; i < n; i++)
            img[i] = i;
        permutation_t p;
        permutation_init(&p);
        do {
            permutation_set_image(&p, img, n, NULL, 0);
            compare_permutation(&p, &t);
            count++;
        } while (permutation_next_lex(img, n));
        checker_row(c, ROW_POSITIVE, t.mismatches == 0, "all of S_%ld (real and complex)|%ld|"
                    "0..%ld|%ld|%ld", n, count, n + 2, t.comparisons, t.mismatches);
        permutation_clear(&p);
        free(img);
        progress_update(&pr, n, "n = %ld", n);
    }
    progress_end(&pr);
    char specs[64][48];
    long ns = builtin_specs(specs, 64, 4, 4);
    tally_t t = {0, 0};
    permutation_t p;
    permutation_init(&p);
    for (long i = 0; i < ns; i++)
        if (parse_or_die(&p, specs[i]) == 0)
            compare_permutation(&p, &t);
    checker_row(c, ROW_POSITIVE, t.mismatches == 0, "built-in actions, images and volumes "
                "p <= 4|%ld|0..n+2|%ld|%ld", ns, t.comparisons, t.mismatches);
    permutation_clear(&p);
    checker_note(c, "Section 2: the brute force enumerates every tuple (0 <= r_u <= d_l) and "
                    "tests maximality of each tuple directly (no unit can be raised within "
                    "rank r); compared with the sliding-window DP, with the coefficient of a "
                    "FLINT polynomial product, and with the closed form N(r) + N_sat(r-1) + "
                    "[n <= r-2] for all components of the rank-<=r variety; the largest "
                    "component dimension (max-plus DP) is compared with brute force too.");
}

/* ---------------------------------------------------------------- 3. negative controls */

/* Over all permutations of n <= nmax: does VARIANT's count agree with brute force? */
static long variant_disagreements(long nmax, equivariant_variant_t variant, int all_claim)
{
    long bad = 0;
    for (long n = 1; n <= nmax; n++) {
        long *img = malloc((size_t)n * sizeof *img);
        for (long i = 0; i < n; i++)
            img[i] = i;
        permutation_t p;
        permutation_init(&p);
        do {
            permutation_set_image(&p, img, n, NULL, 0);
            permutation_cycle_type_t ct;
            permutation_spectrum_t sp;
            permutation_cycle_type(&ct, &p);
            permutation_spectrum(&sp, &ct);
            equivariant_system_t good, bad_sys;
            equivariant_system_init(&good, &sp, EQUIVARIANT_REAL, EQUIVARIANT_CORRECT);
            equivariant_system_init(&bad_sys, &sp, EQUIVARIANT_REAL, variant);
            long R = n + 2;
            fmpz *bf = _fmpz_vec_init(R + 1), *bfall = _fmpz_vec_init(R + 1);
            fmpz *claim = _fmpz_vec_init(R + 1);
            equivariant_count_bruteforce(bf, bfall, &good, R, 50000000L);
            equivariant_count_vector(claim, all_claim ? &good : &bad_sys, R);
            for (long r = 0; r <= R; r++)
                bad += !fmpz_equal(claim + r, all_claim ? bfall + r : bf + r);
            _fmpz_vec_clear(bf, R + 1);
            _fmpz_vec_clear(bfall, R + 1);
            _fmpz_vec_clear(claim, R + 1);
            equivariant_system_clear(&good);
            equivariant_system_clear(&bad_sys);
            permutation_spectrum_clear(&sp);
            permutation_cycle_type_clear(&ct);
        } while (permutation_next_lex(img, n));
        permutation_clear(&p);
        free(img);
    }
    return bad;
}

static void section_negative(checker_t *c)
{
    checker_section(c, "3. Negative controls: wrong formula variants against brute force",
                    "wrong claim|permutations|(sigma, r) disagreeing with brute force");
    long nmax = c->quick ? 5 : 6;
    long b1 = variant_disagreements(nmax, EQUIVARIANT_WRONG_NO_BOUND, 0);
    checker_row(c, ROW_NEGATIVE, b1 == 0, "bound r_{l,m} <= d_l dropped|all of S_n, n <= %ld|%ld",
                nmax, b1);
    long b2 = variant_disagreements(nmax, EQUIVARIANT_WRONG_PAIR_WEIGHT, 0);
    checker_row(c, ROW_NEGATIVE, b2 == 0, "complex pairs with weight 1 (one unknown per pair)|"
                "all of S_n, n <= %ld|%ld", nmax, b2);
    long b3 = variant_disagreements(nmax, EQUIVARIANT_CORRECT, 1);
    checker_row(c, ROW_NEGATIVE, b3 == 0, "rank-<=r variety has exactly N(r) components|all of "
                "S_n, n <= %ld|%ld", nmax, b3);
}

/* ---------------------------------------------------------------- 4. dimensions */

typedef struct {
    const permutation_t *p;
    const equivariant_system_t *S;
    flint_rand_t *st;
    int over_q;
    long checked, bad, jac_min, tan_max;
} dim_ctx_t;

static int dim_visit(const long *tuple, void *vctx)
{
    dim_ctx_t *x = vctx;
    equivariant_tangent_result_t res;
    long dim = equivariant_component_dim(x->S, tuple), r = equivariant_component_rank(x->S, tuple);
    int rc = x->over_q ? equivariant_tangent_check_q(&res, x->p, x->S, tuple, *x->st)
                       : equivariant_tangent_check_mod(&res, x->p, x->S, tuple, *x->st);
    x->checked++;
    if (rc != 0 || res.jacobian_rank != dim || res.rank_point != r || !res.in_space ||
        (x->over_q && res.tangent_dim != dim))
        x->bad++;
    return 0;
}

static void dims_for(checker_t *c, const permutation_t *p, equivariant_field_t field,
                     long per_r, const char *label)
{
    equivariant_system_t S;
    equivariant_system_from_permutation(&S, p, field);
    int over_q = field == EQUIVARIANT_REAL && equivariant_tangent_rational(p);
    dim_ctx_t x = {p, &S, &c->rand, over_q, 0, 0, 0, 0};
    for (long r = 0; r <= p->n; r++) {
        equivariant_enumerate(&S, r, EQUIVARIANT_LOWPASS, per_r, dim_visit, &x);
        equivariant_enumerate(&S, r, EQUIVARIANT_HIGHPASS, per_r > 1 ? 1 : 0, dim_visit, &x);
    }
    char *cyc = permutation_to_cycle_string(p);
    checker_row(c, ROW_POSITIVE, x.bad == 0, "%s|%s|%ld|%s|%s|%ld|%ld", label, cyc, p->n,
                field == EQUIVARIANT_REAL ? "real" : "complex",
                over_q ? "Q exact: Jacobian rank = tangent dim" :
                         "mod p: Jacobian rank (lower bound)", x.checked, x.bad);
    free(cyc);
    equivariant_system_clear(&S);
}

static void section_dims(checker_t *c)
{
    checker_section(c, "4. Component dimensions vs Jacobian / tangent-space ranks",
                    "case|sigma|n|field|method|components checked|mismatches");
    long nmax = c->quick ? (opt_max_tan < 8 ? opt_max_tan : 8) : opt_max_tan;
    static const char *fixed[] = {"(1 3 4)(2 5)", "(1 2 3 4 5 6)", "(1 2)(3 4 5)(6 7 8 9)",
                                  "(1 2 3 4)(5 6 7 8)(9 10)", "(1 2 3 4 5)", "(1 2 3 4 5 6 7 8)",
                                  "(1 2 3 4 5)(6 7 8)", "(1 2 3 4 5 6 7)(8 9)",
                                  "(1 2 3 4 5 6 7 8 9 10 11 12)", "image:rot90:3",
                                  "image:right:3:1", "image:transpose:3", NULL};
    permutation_t p;
    permutation_init(&p);
    for (int i = 0; fixed[i]; i++) {
        if (parse_or_die(&p, fixed[i]) != 0 || p.n > nmax)
            continue;
        dims_for(c, &p, EQUIVARIANT_REAL, c->quick ? 2 : 4, "fixed");
        if (!equivariant_tangent_rational(&p))
            dims_for(c, &p, EQUIVARIANT_COMPLEX, 2, "fixed");
    }
    long nrand = c->quick ? 3 : 8;
    for (long i = 0; i < nrand; i++) {
        long n = 4 + (long)n_randint(c->rand, (ulong)(nmax - 3));
        permutation_set_random(&p, n, c->rand);
        dims_for(c, &p, EQUIVARIANT_REAL, 2, "random");
    }
    permutation_clear(&p);
    checker_note(c, "Section 4: per r = 0..n the first components of the LOWPASS and HIGHPASS "
                    "enumerations.  Each row requires rank(M0) = r, M0 P = P M0 and Jacobian "
                    "rank = sum_u w_u r_u (2 d_u - r_u).  Over Q (order of sigma in {1,2,3,4,6}) "
                    "the Jacobian rank (a lower bound on the dimension) and the Zariski "
                    "tangent-space dimension (an upper bound) are both exact and must both "
                    "equal the formula: certified.  Otherwise the rank is computed modulo the "
                    "largest prime p < 2^62 with p = 1 mod ord(sigma): a certified lower bound "
                    "that meets the parameter-count upper bound sum w (2 d r) - sum w r^2 "
                    "(the GL_r fibres of (A, B) -> A B) = the formula.");
}

/* ---------------------------------------------------------------- 5. invariant case */

static void section_invariant(checker_t *c)
{
    checker_section(c, "5. Invariant case: effective rank min(r, m, k)",
                    "check|cases|agree|disagree");
    static const char *perms[] = {"(1 3 4)(2 5)", "(1 2)(3 4)(5 6)", "(1 2 3 4 5 6)",
                                  "(1 2 3)(4 5)", "image:rot90:3", "image:transpose:3",
                                  "image:hflip:4", NULL};
    long cases = 0, ok = 0, slide_dim_bad = 0, slide_ed_bad = 0, slide_deg_undef = 0;
    permutation_t p;
    permutation_init(&p);
    for (int i = 0; perms[i]; i++) {
        parse_or_die(&p, perms[i]);
        long *idx = malloc((size_t)p.n * sizeof *idx), k = permutation_cycle_index(&p, idx);
        free(idx);
        for (long m = 1; m <= (c->quick ? 3 : 5); m++)
            for (long r = 0; r <= k + 1; r++) {
                long q = r < k ? r : k; /* bottleneck width a designer following min(r,k) uses */
                equivariant_tangent_result_t res;
                equivariant_tangent_check_invariant(&res, &p, m, q, c->rand);
                long dim = equivariant_invariant_dim(r, m, k);
                cases++;
                ok += res.jacobian_rank == dim && res.tangent_dim == dim && res.in_space &&
                      res.rank_point == equivariant_invariant_effective_rank(r, m, k);
                slide_dim_bad += equivariant_invariant_dim_slide(r, m, k) != res.jacobian_rank;
                fmpz_t a, b;
                fmpz_init(a);
                fmpz_init(b);
                equivariant_invariant_ed_degree(a, r, m, k);
                equivariant_invariant_ed_degree_slide(b, r, m, k);
                slide_ed_bad += !fmpz_equal(a, b);
                slide_deg_undef += equivariant_invariant_degree_slide(b, r, m, k) != 0;
                fmpz_clear(a);
                fmpz_clear(b);
            }
    }
    permutation_clear(&p);
    checker_row(c, ROW_POSITIVE, ok == cases, "dim e(m+k-e) = Jacobian rank = tangent dim over Q, "
                "rank(M0) = e|%ld|%ld|%ld", cases, ok, cases - ok);
    checker_row(c, ROW_NEGATIVE, slide_dim_bad == 0, "slides' dim min(r,k)(m+k-min(r,k)) = "
                "Jacobian rank|%ld|%ld|%ld", cases, cases - slide_dim_bad, slide_dim_bad);
    checker_row(c, ROW_NEGATIVE, slide_ed_bad == 0, "slides' EDdegree binom(min(m,k), min(r,k)) "
                "= binom(min(m,k), e)|%ld|%ld|%ld", cases, cases - slide_ed_bad, slide_ed_bad);
    checker_row(c, ROW_INFO, 1, "slides' degree product with min(r,k) undefined (negative "
                "factorial)|%ld|%ld|%ld", cases, cases - slide_deg_undef, slide_deg_undef);
    long deg_cases = 0, deg_bad = 0;
    fmpz_t d1, d2;
    fmpz_init(d1);
    fmpz_init(d2);
    for (long a = 1; a <= 8; a++)
        for (long b = 1; b <= 8; b++)
            for (long r = 0; r <= (a < b ? a : b); r++) {
                equivariant_determinantal_degree(d1, a, b, r);
                equivariant_determinantal_degree_porteous(d2, a, b, r);
                deg_cases++;
                deg_bad += !fmpz_equal(d1, d2);
                equivariant_determinantal_degree(d2, b, a, r); /* symmetry */
                deg_bad += !fmpz_equal(d1, d2);
            }
    checker_row(c, ROW_POSITIVE, deg_bad == 0, "deg M_{r,a x b}: product formula = "
                "Thom-Porteous det = transpose, a, b <= 8|%ld|%ld|%ld", deg_cases,
                deg_cases - deg_bad, deg_bad);
    equivariant_determinantal_degree(d1, 8, 8, 4);
    char *ds = fmpz_get_str(NULL, 10, d1);
    checker_row(c, ROW_INFO, 1, "e.g. deg M_{4, 8 x 8} = %s|1|-|-", ds);
    free(ds);
    fmpz_clear(d1);
    fmpz_clear(d2);
    /* the slides' example and its weight-sharing autoencoder */
    fmpz_t ed, dg;
    fmpz_init(ed);
    fmpz_init(dg);
    equivariant_invariant_ed_degree(ed, 1, 2, 2);
    equivariant_invariant_degree(dg, 1, 2, 2);
    checker_row(c, ROW_POSITIVE, equivariant_invariant_dim(1, 2, 2) == 3 && fmpz_equal_si(dg, 2)
                && fmpz_equal_si(ed, 2), "(1 3 4)(2 5), m = 2, r = 1: dim 3, degree 2, "
                "EDdegree 2 (by hand: a 2x2 determinant hypersurface)|1|1|0");
    checker_row(c, ROW_POSITIVE, equivariant_invariant_params(2, 5, 2) == 14,
                "(1 3 4)(2 5), m = n = 5, r = 2: encoder 2x2 shared + decoder 5x2 = 14 "
                "parameters (dense 20)|1|1|0");
    fmpz_clear(ed);
    fmpz_clear(dg);
}

/* ---------------------------------------------------------------- 6. MNIST */

static const long mnist_labels[15][2] = {{1, 1},  {28, 27}, {14, 13}, {28, 25}, {7, 6},
                                         {28, 23}, {14, 11}, {4, 3},  {7, 5},   {28, 19},
                                         {14, 9},  {28, 17}, {7, 4},  {28, 15}, {2, 1}};
static const long mnist_tuple[15] = {13, 10, 9, 8, 7, 5, 3, 1, 0, 0, 0, 0, 0, 0, 0};

static void count_for(fmpz_t out, const char *spec, long r)
{
    permutation_t p;
    permutation_init(&p);
    equivariant_system_t S;
    parse_or_die(&p, spec);
    equivariant_system_from_permutation(&S, &p, EQUIVARIANT_REAL);
    equivariant_count(out, &S, r);
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

static void section_mnist(checker_t *c)
{
    checker_section(c, "6. MNIST example: n = 784, r = 99", "claim|computed|slides");
    fmpz_t cnt;
    fmpz_init(cnt);
    const char *readings[] = {"image:right:28:1", "image:down:28:1", "image:right:28:3"};
    for (int i = 0; i < 3; i++) {
        count_for(cnt, readings[i], 99);
        char *s = fmpz_get_str(NULL, 10, cnt);
        checker_row(c, ROW_POSITIVE, fmpz_equal_ui(cnt, 72425986088826UL),
                    "count, %s (28 cycles of length 28)|%s|72425986088826", readings[i], s);
        free(s);
    }
    /* the other reading: shift of the flattened vector, one 784-cycle */
    char spec[8192];
    size_t off = 0;
    off += (size_t)snprintf(spec + off, sizeof spec - off, "(");
    for (int i = 1; i <= 784; i++)
        off += (size_t)snprintf(spec + off, sizeof spec - off, i < 784 ? "%d " : "%d)", i);
    count_for(cnt, spec, 99);
    char *s = fmpz_get_str(NULL, 10, cnt);
    checker_row(c, ROW_NEGATIVE, fmpz_equal_ui(cnt, 72425986088826UL), "count, flattened shift "
                "(1 2 ... 784), one 784-cycle|%s|72425986088826", s);
    free(s);
    count_for(cnt, "image:right:28:2", 99);
    s = fmpz_get_str(NULL, 10, cnt);
    checker_row(c, ROW_NEGATIVE, fmpz_equal_ui(cnt, 72425986088826UL), "count, translation by "
                "t = 2 (56 cycles of length 14)|%s|72425986088826", s);
    free(s);
    fmpz_clear(cnt);

    permutation_t p;
    permutation_init(&p);
    parse_or_die(&p, "image:right:28:1");
    equivariant_system_t S;
    equivariant_system_from_permutation(&S, &p, EQUIVARIANT_REAL);
    int labels_ok = S.num_units == 15;
    for (long i = 0; labels_ok && i < 15; i++)
        labels_ok = S.units[i].l == mnist_labels[i][0] && S.units[i].m == mnist_labels[i][1];
    checker_row(c, ROW_POSITIVE, labels_ok, "unit order (lowest frequency first) = slides' "
                "(r_{1,1}, r_{28,27}, r_{14,13}, ..., r_{28,15}, r_{2,1})|%ld units, d_l = 28|15 "
                "units", S.num_units);
    long tuple[15];
    memcpy(tuple, mnist_tuple, sizeof tuple);
    int valid = labels_ok && equivariant_component_valid(&S, tuple, 99);
    checker_row(c, ROW_POSITIVE, valid, "(13,10,9,8,7,5,3,1,0,...) is a solution: 13 + 2*(10+9+8+"
                "7+5+3+1) = 99, all <= 28|rank %ld|99", equivariant_component_rank(&S, tuple));
    long params = equivariant_component_params(&S, tuple);
    checker_row(c, ROW_POSITIVE, params == 5544, "weight-sharing parameters 2(28*13 + 2*28*43)|"
                "%ld|5544", params);
    /* a parameter count for comparison (arithmetic, not a check: measured row) */
    checker_row(c, ROW_INFO, 1, "dense autoencoder 2 r n, for comparison|%d|155232", 2 * 99 * 784);
    fmpz_t deg;
    fmpz_init(deg);
    equivariant_component_degree(deg, &S, tuple);
    checker_row(c, ROW_INFO, 1, "component dimension / degree (digits)|%ld / %zu|-",
                equivariant_component_dim(&S, tuple), fmpz_sizeinbase(deg, 10));
    long lp[15];
    equivariant_select(lp, &S, 99, EQUIVARIANT_LOWPASS);
    checker_row(c, ROW_INFO, 1, "LOWPASS rule picks|(%ld,%ld,%ld,%ld,...,%ld), %ld params|-",
                lp[0], lp[1], lp[2], lp[3], lp[14], equivariant_component_params(&S, lp));
    fmpz *allc = _fmpz_vec_init(100);
    equivariant_count_all_components_vector(allc, &S, 99);
    char *as = fmpz_get_str(NULL, 10, allc + 99);
    checker_row(c, ROW_INFO, 1, "all components of the rank-<=99 variety (extra ones have "
                "generic rank 98: r_{1,1} = r_{2,1} = 28, pairs sum to 21)|%s|-", as);
    free(as);
    _fmpz_vec_clear(allc, 100);
    long dmax, dall;
    equivariant_max_dim(&dmax, &dall, &S, 99);
    checker_row(c, ROW_INFO, 1, "largest component dimension at r = 99|%ld|-", dmax);
    fmpz_clear(deg);
    equivariant_system_clear(&S);
    permutation_clear(&p);
    checker_note(c, "Section 6: \"translating to the right\" must be read as a cyclic shift of "
                    "every row (pixel (i, j) -> (i, j+t mod 28), t coprime to 28: 28 cycles of "
                    "length 28, d_l = 28 for l | 28).  The shift of the flattened 784-vector (one "
                    "784-cycle) or t = 2 give other counts.  With every d_l = 28 every component "
                    "has 2 * 28 * 99 = 5,544 parameters; the slides' tuple is data-driven (not "
                    "a rule), it is checked to be a valid solution.");
}

/* ---------------------------------------------------------------- 7. speed */

static void timed_count_perm(checker_t *c, const permutation_t *p, const char *spec, long rmax,
                             const char *label)
{
    equivariant_system_t S;
    double t0 = wall_seconds();
    equivariant_system_from_permutation(&S, p, EQUIVARIANT_REAL);
    fmpz *v = _fmpz_vec_init(rmax + 1);
    equivariant_count_vector(v, &S, rmax);
    double t_dp = wall_seconds() - t0;
    fmpz_t ref;
    fmpz_init(ref);
    t0 = wall_seconds();
    equivariant_count_by_polynomial(ref, &S, rmax);
    double t_poly = wall_seconds() - t0;
    checker_row(c, ROW_POSITIVE, fmpz_equal(ref, v + rmax), "%s|%s|%ld|%ld|%zu|%.3f|%.3f", label,
                spec, p->n, rmax, fmpz_sizeinbase(v + rmax, 10), t_dp, t_poly);
    fmpz_clear(ref);
    _fmpz_vec_clear(v, rmax + 1);
    equivariant_system_clear(&S);
}

static void timed_count(checker_t *c, const char *spec, long rmax, const char *label)
{
    permutation_t p;
    permutation_init(&p);
    if (parse_or_die(&p, spec) == 0)
        timed_count_perm(c, &p, spec, rmax, label);
    permutation_clear(&p);
}

/* Everything the CLI computes for r = 0..rmax: real / all / complex counts, largest
 * dimensions, and the selected component of every r. */
static void timed_table(checker_t *c, const char *spec, long rmax)
{
    permutation_t p;
    permutation_init(&p);
    parse_or_die(&p, spec);
    double t0 = wall_seconds();
    equivariant_system_t S, C;
    equivariant_system_from_permutation(&S, &p, EQUIVARIANT_REAL);
    equivariant_system_from_permutation(&C, &p, EQUIVARIANT_COMPLEX);
    fmpz *a = _fmpz_vec_init(rmax + 1), *b = _fmpz_vec_init(rmax + 1);
    fmpz *d = _fmpz_vec_init(rmax + 1);
    long *de = malloc((size_t)(rmax + 1) * sizeof *de);
    long *da = malloc((size_t)(rmax + 1) * sizeof *da);
    long *sel = malloc((size_t)S.num_units * sizeof *sel), selected = 0;
    equivariant_count_vector(a, &S, rmax);
    equivariant_count_all_components_vector(b, &S, rmax);
    equivariant_count_vector(d, &C, rmax);
    equivariant_max_dim_vector(de, da, &S, rmax);
    equivariant_enum_t E;
    equivariant_enum_init(&E, &S, rmax, EQUIVARIANT_LOWPASS);
    for (long r = 0; r <= rmax; r++)
        selected += equivariant_enum_select(sel, &E, r) == 0;
    equivariant_enum_clear(&E);
    double t = wall_seconds() - t0;
    checker_row(c, ROW_INFO, 1, "full CLI table r = 0..%ld (%ld components selected)|%s|%ld|%ld|"
                "%zu|%.3f|-", rmax, selected, spec, p.n, rmax, fmpz_sizeinbase(a + rmax, 10), t);
    _fmpz_vec_clear(a, rmax + 1);
    _fmpz_vec_clear(b, rmax + 1);
    _fmpz_vec_clear(d, rmax + 1);
    free(de);
    free(da);
    free(sel);
    equivariant_system_clear(&S);
    equivariant_system_clear(&C);
    permutation_clear(&p);
}

static void section_speed(checker_t *c)
{
    checker_section(c, "7. Big counts: DP (all r <= rmax at once) vs FLINT polynomial product",
                    "case|sigma|n|rmax|digits of N(rmax)|~DP seconds|~polynomial seconds");
    timed_count(c, "image:right:64:1", 2048, "p = 64 image translation");
    timed_count(c, "image:rot90:64", 2048, "p = 64 image rotation");
    permutation_t p;
    permutation_init(&p);
    long *img = malloc(4096 * sizeof *img);
    for (long i = 0; i < 4096; i++)
        img[i] = (i + 1) % 4096;
    permutation_set_image(&p, img, 4096, NULL, 0);
    timed_count_perm(c, &p, "(1 2 ... 4096)", 2048, "one 4096-cycle (2,048 units)");
    permutation_set_random(&p, 4096, c->rand);
    timed_count_perm(c, &p, "random, seeded", 2048, "random permutation of 4096");
    free(img);
    permutation_clear(&p);
    timed_count(c, "volume:right:28:1", 1000, "28^3 volume translation, all r <= 1000");
    timed_count(c, "volume:rot90:28", 1000, "28^3 volume rotation, all r <= 1000");
    timed_count(c, "volume:both:28:1", 1000, "28^3 volume diagonal shift, all r <= 1000");
    timed_table(c, "volume:right:28:1", 1000);
    timed_table(c, "image:right:64:1", 2048);
    timed_table(c, "volume:rot90:28", 1000);
    checker_note(c, "Section 7: the DP row time covers building the units and all counts "
                    "r = 0..rmax; the polynomial product (FLINT fmpz_poly_mullow) is an "
                    "independent method for N(rmax).  The 'full CLI table' rows time everything "
                    "the CLI prints for every r (real, all and complex counts, largest "
                    "dimensions, LOWPASS selection).  Wall-clock seconds on this machine.");
}

/* Each section is one cell (its own randomness, reseeded from --seed and the section). */
static const checker_section_cell_t sections[] = {
    {"dl", section_dl},
    {"counts", section_counts},
    {"negative", section_negative},
    {"dims", section_dims},
    {"invariant", section_invariant},
    {"mnist", section_mnist},
    {"speed", section_speed},
};
#define NSECTIONS 7

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    if (opt_max_n < 1 || opt_max_n > 9 || opt_max_tan < 4 || opt_max_tan > 14)
        return checker_fail(&c, "--max-n must be in 1..9 and --max-tan in 4..14");
    checker_param(&c, "brute force over S_n up to", "%ld", c.quick ? 6 : opt_max_n);
    checker_param(&c, "Jacobian checks up to n", "%ld", c.quick ? 8 : opt_max_tan);
    if (checker_run_sections(&c, sections, NSECTIONS, 2) != 0)
        return checker_fail(&c, "a section could not be computed or stored");
    int status = checker_finish(&c);
    flint_cleanup_master();
    return status;
}
