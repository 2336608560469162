/* test_equivariant.c -- component counts, dimensions, degrees (algebra/equivariant/equivariant.h) on the
 * slides' example sigma = (1 3 4)(2 5), full cycles, the invariant case, big counts against an
 * independent convolution written here, and the negative control (bound dropped). */
#include <criterion/criterion.h>
#include <flint/flint.h>
#include <flint/fmpz_vec.h>
#include <stdlib.h>
#include <string.h>

#include "equivariant/equivariant.h"
#include "equivariant/equivariant_tangent.h"
#include "equivariant/permutation.h"

static void system_for(equivariant_system_t *S, permutation_t *p, const char *spec,
                       equivariant_field_t field)
{
    char err[256];
    permutation_init(p);
    cr_assert_eq(permutation_parse(p, spec, 0, err, sizeof err), 0, "%s: %s", spec, err);
    cr_assert_eq(equivariant_system_from_permutation(S, p, field), 0);
}

static void assert_counts(const equivariant_system_t *S, const long *expect, long rmax,
                          int all_components)
{
    fmpz *v = _fmpz_vec_init(rmax + 1);
    if (all_components)
        equivariant_count_all_components_vector(v, S, rmax);
    else
        equivariant_count_vector(v, S, rmax);
    for (long r = 0; r <= rmax; r++)
        cr_assert(fmpz_equal_si(v + r, expect[r]), "r = %ld: got %ld, expected %ld", r,
                  fmpz_get_si(v + r), expect[r]);
    _fmpz_vec_clear(v, rmax + 1);
}

/* Independent count written here: plain convolution with the bounds, no sliding window. */
static void naive_count(fmpz_t out, const equivariant_system_t *S, long r)
{
    fmpz *cur = _fmpz_vec_init(r + 1), *nxt = _fmpz_vec_init(r + 1);
    fmpz_one(cur);
    for (long u = 0; u < S->num_units; u++) {
        _fmpz_vec_zero(nxt, r + 1);
        long w = S->units[u].weight;
        for (long s = 0; s <= r; s++)
            for (long j = 0; j <= S->units[u].d && s + w * j <= r; j++)
                fmpz_add(nxt + s + w * j, nxt + s + w * j, cur + s);
        fmpz *t = cur;
        cur = nxt;
        nxt = t;
    }
    fmpz_set(out, cur + r);
    _fmpz_vec_clear(cur, r + 1);
    _fmpz_vec_clear(nxt, r + 1);
}

Test(equivariant, slides_example_real_counts_every_r)
{
    /* units r_{1,1} in 0..2, r_{3,2} in 0..1 (pair, weight 2), r_{2,1} in 0..1; by hand:
     * r=1: (1,0,0),(0,0,1); r=2: (2,0,0),(1,0,1),(0,1,0); r=3: (2,0,1),(1,1,0),(0,1,1);
     * r=4: (2,1,0),(1,1,1); r=5: (2,1,1). */
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "(1 3 4)(2 5)", EQUIVARIANT_REAL);
    cr_assert_eq(S.num_units, 3);
    cr_assert_eq(S.n, 5);
    const long exact[8] = {1, 2, 3, 3, 2, 1, 0, 0};
    assert_counts(&S, exact, 7, 0);
    /* rank <= 4 also has (2,0,1) of sum 3: both weight-1 units are full and the pair cannot
     * be raised by 2 -> 3 components; r >= 6: the whole commutant (one component). */
    const long all[8] = {1, 2, 3, 3, 3, 1, 1, 1};
    assert_counts(&S, all, 7, 1);
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

Test(equivariant, slides_example_complex_counts_and_dims)
{
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "(1 3 4)(2 5)", EQUIVARIANT_COMPLEX);
    /* (1 + x + x^2)(1 + x)^3 = 1 + 4x + 7x^2 + 7x^3 + 4x^4 + x^5 */
    const long exact[6] = {1, 4, 7, 7, 4, 1};
    assert_counts(&S, exact, 5, 0);
    equivariant_system_clear(&S);
    permutation_clear(&p);
    system_for(&S, &p, "(1 3 4)(2 5)", EQUIVARIANT_REAL);
    long t[3] = {1, 0, 0}; /* rank 1 in the 2x2 block of eigenvalue 1: 1*(4-1) = 3 */
    cr_assert_eq(equivariant_component_dim(&S, t), 3);
    cr_assert_eq(equivariant_component_params(&S, t), 4);
    fmpz_t deg;
    fmpz_init(deg);
    equivariant_component_degree(deg, &S, t);
    cr_assert(fmpz_equal_si(deg, 2)); /* 2x2 determinant */
    long u[3] = {1, 1, 1}; /* 3 + 2*1*(2-1) + 1 = 6 */
    cr_assert_eq(equivariant_component_dim(&S, u), 6);
    cr_assert_eq(equivariant_component_rank(&S, u), 4);
    const long maxdim[6] = {0, 3, 4, 5, 6, 7};
    for (long r = 0; r <= 5; r++) {
        long de, da;
        equivariant_max_dim(&de, &da, &S, r);
        cr_assert_eq(de, maxdim[r], "r=%ld", r);
    }
    fmpz_clear(deg);
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

Test(equivariant, slides_example_invariant_every_r)
{
    /* k = 2 cycles, m = 2 (the slides' example m = 2, n = 5, r = 1) */
    const long dim[4] = {0, 3, 4, 4}, deg[4] = {1, 2, 1, 1}, ed[4] = {1, 2, 1, 1};
    fmpz_t x;
    fmpz_init(x);
    for (long r = 0; r <= 3; r++) {
        cr_assert_eq(equivariant_invariant_dim(r, 2, 2), dim[r]);
        equivariant_invariant_degree(x, r, 2, 2);
        cr_assert(fmpz_equal_si(x, deg[r]), "r=%ld", r);
        equivariant_invariant_ed_degree(x, r, 2, 2);
        cr_assert(fmpz_equal_si(x, ed[r]), "r=%ld", r);
    }
    /* weight sharing example m = n = 5, r = 2: 2x2 shared encoder + 5x2 decoder */
    cr_assert_eq(equivariant_invariant_params(2, 5, 2), 14);
    /* the slides' min(r, k) is wrong when m < r < k: m = 1, k = 3, r = 2 */
    cr_assert_eq(equivariant_invariant_dim(2, 1, 3), 3);
    cr_assert_eq(equivariant_invariant_dim_slide(2, 1, 3), 4);
    equivariant_invariant_ed_degree_slide(x, 2, 1, 3);
    cr_assert(fmpz_is_zero(x));
    equivariant_invariant_ed_degree(x, 2, 1, 3);
    cr_assert(fmpz_is_one(x));
    cr_assert_eq(equivariant_invariant_degree_slide(x, 2, 1, 3), -1);
    fmpz_clear(x);
}

Test(equivariant, full_cycle_counts)
{
    /* 6-cycle: units 1, zeta_6 pair, zeta_3 pair, -1: (1+x)^2 (1+x^2)^2 */
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "(1 2 3 4 5 6)", EQUIVARIANT_REAL);
    const long exact[7] = {1, 2, 3, 4, 3, 2, 1};
    assert_counts(&S, exact, 6, 0);
    equivariant_system_clear(&S);
    permutation_clear(&p);
    /* 5-cycle: 1 and two pairs: (1+x)(1+x^2)^2; rank <= 2 also has the component (1,0,0)
     * (generic rank 1, as 1 + 2 = 3 > 2), rank <= 4 also (1,1,0) and (1,0,1) */
    system_for(&S, &p, "(1 2 3 4 5)", EQUIVARIANT_REAL);
    const long c5[6] = {1, 1, 2, 2, 1, 1}, a5[6] = {1, 1, 3, 2, 3, 1};
    assert_counts(&S, c5, 5, 0);
    assert_counts(&S, a5, 5, 1);
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

Test(equivariant, bruteforce_and_polynomial_agree_small)
{
    const char *specs[] = {"(1 3 4)(2 5)", "(1 2 3 4 5 6 7 8)", "(1 2)(3 4 5)(6 7 8 9)",
                           "image:rot90:4", "volume:right:3:1"};
    for (int i = 0; i < 5; i++) {
        for (int f = 0; f < 2; f++) {
            permutation_t p;
            equivariant_system_t S;
            system_for(&S, &p, specs[i], f ? EQUIVARIANT_COMPLEX : EQUIVARIANT_REAL);
            long R = p.n + 2;
            fmpz *dp = _fmpz_vec_init(R + 1), *bf = _fmpz_vec_init(R + 1);
            fmpz *all = _fmpz_vec_init(R + 1), *bfall = _fmpz_vec_init(R + 1);
            fmpz_t c;
            fmpz_init(c);
            equivariant_count_vector(dp, &S, R);
            equivariant_count_all_components_vector(all, &S, R);
            cr_assert_eq(equivariant_count_bruteforce(bf, bfall, &S, R, 10000000L), 0);
            for (long r = 0; r <= R; r++) {
                equivariant_count_by_polynomial(c, &S, r);
                cr_assert(fmpz_equal(dp + r, bf + r), "%s r=%ld", specs[i], r);
                cr_assert(fmpz_equal(c, bf + r), "%s r=%ld", specs[i], r);
                cr_assert(fmpz_equal(all + r, bfall + r), "%s r=%ld", specs[i], r);
            }
            fmpz_clear(c);
            _fmpz_vec_clear(dp, R + 1);
            _fmpz_vec_clear(bf, R + 1);
            _fmpz_vec_clear(all, R + 1);
            _fmpz_vec_clear(bfall, R + 1);
            equivariant_system_clear(&S);
            permutation_clear(&p);
        }
    }
}

Test(equivariant, negative_control_dropping_the_bound_is_detected)
{
    permutation_t p;
    permutation_cycle_type_t ct;
    permutation_spectrum_t sp;
    char err[64];
    permutation_init(&p);
    permutation_parse(&p, "(1 3 4)(2 5)", 0, err, sizeof err);
    permutation_cycle_type(&ct, &p);
    permutation_spectrum(&sp, &ct);
    equivariant_system_t good, wrong;
    equivariant_system_init(&good, &sp, EQUIVARIANT_REAL, EQUIVARIANT_CORRECT);
    equivariant_system_init(&wrong, &sp, EQUIVARIANT_REAL, EQUIVARIANT_WRONG_NO_BOUND);
    fmpz *bf = _fmpz_vec_init(6);
    fmpz_t c;
    fmpz_init(c);
    equivariant_count_bruteforce(bf, NULL, &good, 5, 1000);
    equivariant_count(c, &wrong, 3);
    cr_assert(!fmpz_equal(c, bf + 3), "the wrong variant must disagree at r = 3");
    cr_assert(fmpz_equal_si(c, 6)); /* a + 2b + c = 3 without bounds: 4 + 2 solutions */
    fmpz_clear(c);
    _fmpz_vec_clear(bf, 6);
    equivariant_system_clear(&good);
    equivariant_system_clear(&wrong);
    permutation_spectrum_clear(&sp);
    permutation_cycle_type_clear(&ct);
    permutation_clear(&p);
}

Test(equivariant, mnist_count_and_component)
{
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "image:right:28:1", EQUIVARIANT_REAL);
    fmpz_t c, ref;
    fmpz_init(c);
    fmpz_init(ref);
    equivariant_count(c, &S, 99);
    naive_count(ref, &S, 99);
    cr_assert(fmpz_equal(c, ref));
    cr_assert(fmpz_equal_ui(c, 72425986088826UL));
    long t[15] = {13, 10, 9, 8, 7, 5, 3, 1, 0, 0, 0, 0, 0, 0, 0};
    cr_assert(equivariant_component_valid(&S, t, 99));
    cr_assert_eq(equivariant_component_params(&S, t), 5544);
    cr_assert_eq(S.units[1].l, 28);
    cr_assert_eq(S.units[1].m, 27);
    cr_assert_eq(S.units[14].l, 2);
    long sel[15];
    cr_assert_eq(equivariant_select(sel, &S, 99, EQUIVARIANT_LOWPASS), 0);
    const long lowpass[15] = {28, 28, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    cr_assert_arr_eq(sel, lowpass, sizeof lowpass);
    fmpz_clear(c);
    fmpz_clear(ref);
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

Test(equivariant, big_count_p64_against_independent_convolution)
{
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "image:right:64:1", EQUIVARIANT_REAL);
    fmpz_t c, ref;
    fmpz_init(c);
    fmpz_init(ref);
    equivariant_count(c, &S, 2048);
    naive_count(ref, &S, 2048);
    cr_assert(fmpz_equal(c, ref));
    cr_assert(fmpz_sizeinbase(c, 10) == 58);
    /* also derived by an independent Python big-integer convolution */
    fmpz_set_str(ref, "1263690624864436600865307861028323471579076887597161771457", 10);
    cr_assert(fmpz_equal(c, ref));
    cr_assert(fmpz_cmp_ui(c, UWORD_MAX) > 0);
    fmpz_clear(c);
    fmpz_clear(ref);
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

typedef struct {
    const equivariant_system_t *S;
    long r, count;
    long prev[64];
    int ordered, valid;
} enum_ctx_t;

static int enum_visit(const long *t, void *vctx)
{
    enum_ctx_t *x = vctx;
    x->valid &= equivariant_component_valid(x->S, t, x->r);
    if (x->count > 0) { /* strictly decreasing lexicographically */
        long i = 0;
        while (i < x->S->num_units && t[i] == x->prev[i])
            i++;
        x->ordered &= i < x->S->num_units && t[i] < x->prev[i];
    }
    memcpy(x->prev, t, (size_t)x->S->num_units * sizeof *t);
    x->count++;
    return 0;
}

Test(equivariant, enumeration_streams_every_component_once)
{
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "(1 2 3 4 5 6 7 8 9 10 11 12)", EQUIVARIANT_REAL);
    equivariant_enum_t E; /* one table for every r <= 14 must give the same streams */
    cr_assert_eq(equivariant_enum_init(&E, &S, 14, EQUIVARIANT_HIGHPASS), 0);
    for (long r = 0; r <= 14; r++) {
        long a[64], b[64];
        int ra = equivariant_enum_select(a, &E, r);
        int rb = equivariant_select(b, &S, r, EQUIVARIANT_HIGHPASS);
        cr_assert_eq(ra, rb, "r=%ld", r);
        cr_assert(ra != 0 || memcmp(a, b, (size_t)S.num_units * sizeof *a) == 0, "r=%ld", r);
        cr_assert_eq(equivariant_enum_run(&E, r, -1, NULL, NULL),
                     equivariant_enumerate(&S, r, EQUIVARIANT_HIGHPASS, -1, NULL, NULL));
    }
    equivariant_enum_clear(&E);
    for (long r = 0; r <= 12; r++) {
        enum_ctx_t x = {&S, r, 0, {0}, 1, 1};
        long visited = equivariant_enumerate(&S, r, EQUIVARIANT_LOWPASS, -1, enum_visit, &x);
        fmpz_t c;
        fmpz_init(c);
        equivariant_count(c, &S, r);
        cr_assert(fmpz_equal_si(c, visited), "r=%ld", r);
        cr_assert(x.ordered && x.valid);
        cr_assert_eq(equivariant_enumerate(&S, r, EQUIVARIANT_HIGHPASS, 2, NULL, NULL),
                     visited < 2 ? visited : 2);
        fmpz_clear(c);
    }
    equivariant_system_clear(&S);
    permutation_clear(&p);
}

Test(equivariant, determinantal_degree_product_equals_porteous)
{
    fmpz_t a, b;
    fmpz_init(a);
    fmpz_init(b);
    equivariant_determinantal_degree(a, 3, 3, 1);
    cr_assert(fmpz_equal_si(a, 6)); /* Segre P2 x P2 */
    equivariant_determinantal_degree(a, 2, 3, 1);
    cr_assert(fmpz_equal_si(a, 3)); /* Segre P1 x P2 */
    for (long m = 1; m <= 6; m++)
        for (long n = 1; n <= 6; n++)
            for (long r = 0; r <= (m < n ? m : n); r++) {
                equivariant_determinantal_degree(a, m, n, r);
                equivariant_determinantal_degree_porteous(b, m, n, r);
                cr_assert(fmpz_equal(a, b), "m=%ld n=%ld r=%ld", m, n, r);
            }
    fmpz_clear(a);
    fmpz_clear(b);
}

Test(equivariant, jacobian_and_tangent_ranks_match_dimension)
{
    flint_rand_t st;
    flint_randinit(st);
    permutation_t p;
    equivariant_system_t S;
    system_for(&S, &p, "(1 3 4)(2 5)", EQUIVARIANT_REAL);
    long t[3] = {1, 1, 0};
    equivariant_tangent_result_t res;
    cr_assert_eq(equivariant_tangent_check_q(&res, &p, &S, t, st), 0);
    cr_assert_eq(res.jacobian_rank, 5);
    cr_assert_eq(res.tangent_dim, 5);
    cr_assert_eq(res.rank_point, 3);
    cr_assert(res.in_space);
    equivariant_system_clear(&S);
    permutation_clear(&p);
    system_for(&S, &p, "(1 2 3 4 5)", EQUIVARIANT_COMPLEX); /* not over Q: mod p */
    cr_assert(!equivariant_tangent_rational(&p));
    long u[5] = {1, 1, 0, 0, 1};
    cr_assert_eq(equivariant_tangent_check_mod(&res, &p, &S, u, st), 0);
    cr_assert_eq(res.jacobian_rank, equivariant_component_dim(&S, u));
    cr_assert_eq(res.rank_point, 3);
    cr_assert(res.prime % 5 == 1);
    equivariant_system_clear(&S);
    permutation_clear(&p);
    system_for(&S, &p, "(1 3 4)(2 5)", EQUIVARIANT_REAL);
    cr_assert_eq(equivariant_tangent_check_invariant(&res, &p, 2, 1, st), 0);
    cr_assert_eq(res.jacobian_rank, 3);
    cr_assert_eq(res.tangent_dim, 3);
    equivariant_system_clear(&S);
    permutation_clear(&p);
    flint_randclear(st);
    flint_cleanup_master();
}
