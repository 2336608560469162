/* test_permutation.c -- parsing, pixel actions, cycle type and d_l (algebra/equivariant/permutation.h),
 * on the slides' example sigma = (1 3 4)(2 5) in S_5, full cycles and the rejection paths. */
#include <criterion/criterion.h>
#include <flint/flint.h>
#include <stdlib.h>
#include <string.h>

#include "equivariant/permutation.h"

static void parse_ok(permutation_t *p, const char *spec, long n)
{
    char err[256] = "";
    permutation_init(p);
    int rc = permutation_parse(p, spec, n, err, sizeof err);
    cr_assert_eq(rc, 0, "\"%s\" rejected: %s", spec, err);
}

/* The parser must reject SPEC with a one-line message containing WHAT. */
static void parse_bad(const char *spec, long n, const char *what)
{
    char err[256] = "";
    permutation_t p;
    permutation_init(&p);
    cr_assert_eq(permutation_parse(&p, spec, n, err, sizeof err), -1, "\"%s\" accepted", spec);
    cr_assert(strstr(err, what) != NULL, "\"%s\": message \"%s\" lacks \"%s\"", spec, err, what);
    cr_assert(strchr(err, '\n') == NULL);
    permutation_clear(&p);
}

Test(permutation, slides_example_all_forms_agree)
{
    const long expect[5] = {2, 4, 3, 0, 1}; /* (1 3 4)(2 5): 1->3, 2->5, 3->4, 4->1, 5->2 */
    const char *forms[] = {"(1 3 4)(2 5)", "(2 5)(3 4 1)", "3 5 4 1 2", "[3,5,4,1,2]",
                           " ( 1,3,4 ) ( 2 , 5 ) "};
    for (int f = 0; f < 5; f++) {
        permutation_t p;
        parse_ok(&p, forms[f], 0);
        cr_assert_eq(p.n, 5, "%s", forms[f]);
        for (int i = 0; i < 5; i++)
            cr_assert_eq(p.image[i], expect[i], "%s at %d", forms[f], i);
        char *s = permutation_to_cycle_string(&p);
        cr_assert_str_eq(s, "(1 3 4)(2 5)");
        free(s);
        permutation_clear(&p);
    }
}

Test(permutation, slides_example_cycle_type_and_d_l)
{
    permutation_t p;
    parse_ok(&p, "(1 3 4)(2 5)", 0);
    permutation_cycle_type_t ct;
    permutation_spectrum_t sp;
    cr_assert_eq(permutation_cycle_type(&ct, &p), 0);
    cr_assert_eq(ct.num_cycles, 2);
    char *s = permutation_cycle_type_string(&ct);
    cr_assert_str_eq(s, "3^1 2^1");
    free(s);
    fmpz_t o;
    fmpz_init(o);
    permutation_order(o, &ct);
    cr_assert(fmpz_equal_si(o, 6));
    fmpz_clear(o);
    permutation_spectrum(&sp, &ct);
    /* eigenvalues of P: 1, zeta_3, zeta_3^2 (3-cycle) and 1, -1 (2-cycle) */
    cr_assert_eq(permutation_spectrum_d(&sp, 1), 2);
    cr_assert_eq(permutation_spectrum_d(&sp, 2), 1);
    cr_assert_eq(permutation_spectrum_d(&sp, 3), 1);
    cr_assert_eq(permutation_spectrum_d(&sp, 6), 0);
    /* exact kernels over Q: Phi_1 = x - 1, Phi_2 = x + 1, Phi_3 = x^2 + x + 1 */
    cr_assert_eq(permutation_cyclotomic_nullity(&p, 1), 2);
    cr_assert_eq(permutation_cyclotomic_nullity(&p, 2), 1);
    cr_assert_eq(permutation_cyclotomic_nullity(&p, 3), 2);
    cr_assert_eq(permutation_cyclotomic_nullity(&p, 6), 0);
    cr_assert_eq(permutation_power_fixed_nullity(&p, 3), 3 + 1); /* gcd(3,3) + gcd(2,3) */
    cr_assert_eq(permutation_pair_orbit_count(&p), 2 * 2 + 1 + 2); /* sum phi(l) d_l^2 = 7 */
    long idx[5];
    cr_assert_eq(permutation_cycle_index(&p, idx), 2);
    cr_assert(idx[0] == idx[2] && idx[2] == idx[3] && idx[1] == idx[4] && idx[0] != idx[1]);
    permutation_spectrum_clear(&sp);
    permutation_cycle_type_clear(&ct);
    permutation_clear(&p);
}

Test(permutation, full_cycles_have_d_l_one_for_divisors)
{
    for (long n = 1; n <= 12; n++) {
        long img[12];
        for (long i = 0; i < n; i++)
            img[i] = (i + 1) % n;
        permutation_t p;
        permutation_init(&p);
        cr_assert_eq(permutation_set_image(&p, img, n, NULL, 0), 0);
        permutation_cycle_type_t ct;
        permutation_spectrum_t sp;
        permutation_cycle_type(&ct, &p);
        permutation_spectrum(&sp, &ct);
        for (long l = 1; l <= n + 1; l++) {
            long d = n % l == 0 ? 1 : 0;
            cr_assert_eq(permutation_spectrum_d(&sp, l), d, "n=%ld l=%ld", n, l);
            cr_assert_eq(permutation_cyclotomic_nullity(&p, l), d * (long)n_euler_phi(l));
        }
        permutation_spectrum_clear(&sp);
        permutation_cycle_type_clear(&ct);
        permutation_clear(&p);
    }
}

Test(permutation, pixel_actions_follow_documented_ordering)
{
    permutation_t p;
    parse_ok(&p, "image:right:3:1", 0); /* (i,j) -> (i, j+1 mod 3) */
    cr_assert_eq(p.n, 9);
    cr_assert_eq(p.image[0], 1);
    cr_assert_eq(p.image[2], 0);
    cr_assert_eq(p.image[5], 3);
    permutation_clear(&p);
    parse_ok(&p, "image:down:3:2", 0); /* (i,j) -> (i+2 mod 3, j) */
    cr_assert_eq(p.image[1], 7);
    permutation_clear(&p);
    parse_ok(&p, "image:rot90:3", 0); /* (i,j) -> (j, p-1-i): a_11 goes to the top right */
    cr_assert_eq(p.image[0], 2);
    cr_assert_eq(p.image[4], 4);
    cr_assert_eq(p.image[6], 0); /* a_31 becomes the top-left entry, as on the slide */
    permutation_clear(&p);
    parse_ok(&p, "image:hflip:3", 0);
    cr_assert_eq(p.image[0], 2);
    permutation_clear(&p);
    parse_ok(&p, "image:transpose:3", 0);
    cr_assert_eq(p.image[1], 3);
    permutation_clear(&p);
    parse_ok(&p, "image:both:4:1:2", 0); /* right 1, down 2 */
    cr_assert_eq(p.image[0], 2 * 4 + 1);
    permutation_clear(&p);
    parse_ok(&p, "volume:deep:3:1", 0); /* (z,i,j) -> (z+1, i, j) */
    cr_assert_eq(p.n, 27);
    cr_assert_eq(p.image[4], 9 + 4);
    permutation_clear(&p);
    parse_ok(&p, "volume:right:2:1", 0);
    cr_assert_eq(p.image[4], 5);
    permutation_clear(&p);
}

Test(permutation, rotation_cycle_types)
{
    permutation_t p;
    permutation_cycle_type_t ct;
    parse_ok(&p, "image:rot90:4", 0);
    permutation_cycle_type(&ct, &p);
    cr_assert_eq(ct.num_classes, 1);
    cr_assert_eq(ct.classes[0].length, 4);
    cr_assert_eq(ct.classes[0].count, 4);
    permutation_cycle_type_clear(&ct);
    permutation_clear(&p);
    parse_ok(&p, "image:rot90:3", 0); /* two 4-cycles and the centre */
    permutation_cycle_type(&ct, &p);
    cr_assert_eq(ct.num_cycles, 3);
    permutation_cycle_type_clear(&ct);
    permutation_clear(&p);
}

Test(permutation, explicit_n_adds_fixed_points)
{
    permutation_t p;
    parse_ok(&p, "(1 2)", 5);
    cr_assert_eq(p.n, 5);
    cr_assert_eq(p.image[4], 4);
    permutation_clear(&p);
    parse_ok(&p, "()", 3);
    cr_assert_eq(p.n, 3);
    permutation_clear(&p);
}

Test(permutation, rejection_paths)
{
    parse_bad("(1 3 4)(2 3)", 0, "repeated point 3");
    parse_bad("(1 2 2)", 0, "repeated point 2");
    parse_bad("(1 7)", 5, "out-of-range point 7");
    parse_bad("(0 1)", 0, "out-of-range point 0");
    parse_bad("()", 0, "empty input");
    parse_bad("", 0, "empty input");
    parse_bad("   ", 0, "empty input");
    parse_bad("(1 2", 0, "missing ')'");
    parse_bad("(1 x)", 0, "unexpected");
    parse_bad("3 1 1", 0, "not a bijection");
    parse_bad("1 2 4", 0, "not a bijection");
    parse_bad("2 1", 3, "n = 3");
    parse_bad("image:right:0:1", 0, "out of range");
    parse_bad("image:right:5000:1", 0, "out of range");
    parse_bad("image:right:4:4", 0, "shift t = 4 out of range");
    parse_bad("image:right:4:-1", 0, "shift t = -1 out of range");
    parse_bad("image:both:4:1:9", 0, "t2 = 9 out of range");
    parse_bad("volume:rot90:300", 0, "out of range");
    parse_bad("image:spin:4", 0, "unknown image action");
    parse_bad("image:deep:4:1", 0, "unknown image action");
    parse_bad("sphere:right:4:1", 0, "unknown built-in kind");
    parse_bad("image:right", 0, "expected image:ACTION");
    parse_bad("image:right:4:1:2:3", 0, "too many fields");
    parse_bad("#", 0, "unrecognised");
    parse_bad("(1 2)", 1L << 40, "too large");
}

Test(permutation, next_lex_enumerates_n_factorial)
{
    long a[5] = {0, 1, 2, 3, 4}, count = 1;
    while (permutation_next_lex(a, 5))
        count++;
    cr_assert_eq(count, 120);
    flint_cleanup_master();
}
