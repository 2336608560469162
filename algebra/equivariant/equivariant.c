/* equivariant.c -- components of equivariant / invariant linear maps (see equivariant.h). */
#include "equivariant/equivariant.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_mat.h>
#include <flint/fmpz_poly.h>
#include <flint/fmpz_vec.h>
#include <flint/ulong_extras.h>

#define HUGE_BOUND (LONG_MAX / 8)
#define NEG_INF (LONG_MIN / 4)

static long gcd_long(long a, long b)
{
    while (b) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Frequency order: key min(m, l - m) / l ascending; among equal keys m/l > 1/2 first. */
static int cmp_units(const void *pa, const void *pb)
{
    const equivariant_unit_t *a = pa, *b = pb;
    long ka = a->l == 1 ? 0 : (a->m < a->l - a->m ? a->m : a->l - a->m);
    long kb = b->l == 1 ? 0 : (b->m < b->l - b->m ? b->m : b->l - b->m);
    long x = ka * b->l, y = kb * a->l;
    if (x != y)
        return (x > y) - (x < y);
    /* same frequency: the representative with m/l > 1/2 first */
    long xa = a->m * b->l, xb = b->m * a->l;
    return (xa < xb) - (xa > xb);
}

static int push_unit(equivariant_system_t *S, long *cap, long l, long m, int w, long d,
                     equivariant_variant_t variant)
{
    if (S->num_units == *cap) {
        *cap = 2 * *cap + 8;
        equivariant_unit_t *t = realloc(S->units, (size_t)*cap * sizeof *t);
        if (!t)
            return -1;
        S->units = t;
    }
    equivariant_unit_t *u = S->units + S->num_units++;
    u->l = l;
    u->m = m;
    u->weight = variant == EQUIVARIANT_WRONG_PAIR_WEIGHT ? 1 : w;
    u->d = d;
    u->bound = variant == EQUIVARIANT_WRONG_NO_BOUND ? HUGE_BOUND : d;
    S->n += (long)u->weight * d;
    return 0;
}

int equivariant_system_init(equivariant_system_t *S, const permutation_spectrum_t *spec,
                            equivariant_field_t field, equivariant_variant_t variant)
{
    memset(S, 0, sizeof *S);
    S->field = field;
    long cap = 0;
    for (long i = 0; i < spec->count; i++) {
        long l = spec->e[i].l, d = spec->e[i].d;
        if (l <= 2) {
            if (push_unit(S, &cap, l, 1, 1, d, variant) != 0)
                goto fail;
            continue;
        }
        for (long m = 1; m < l; m++) {
            if (gcd_long(m, l) != 1)
                continue;
            int keep = field == EQUIVARIANT_COMPLEX || 2 * m > l;
            int w = field == EQUIVARIANT_COMPLEX ? 1 : 2;
            if (keep && push_unit(S, &cap, l, m, w, d, variant) != 0)
                goto fail;
        }
    }
    qsort(S->units, (size_t)S->num_units, sizeof *S->units, cmp_units);
    return 0;
fail:
    fprintf(stderr, "equivariant: out of memory building the units\n");
    equivariant_system_clear(S);
    return -1;
}

void equivariant_system_clear(equivariant_system_t *S)
{
    free(S->units);
    memset(S, 0, sizeof *S);
}

int equivariant_system_from_permutation(equivariant_system_t *S, const permutation_t *p,
                                        equivariant_field_t field)
{
    permutation_cycle_type_t ct;
    permutation_spectrum_t spec;
    if (permutation_cycle_type(&ct, p) != 0)
        return -1;
    if (permutation_spectrum(&spec, &ct) != 0) {
        permutation_cycle_type_clear(&ct);
        return -1;
    }
    int rc = equivariant_system_init(S, &spec, field, EQUIVARIANT_CORRECT);
    permutation_spectrum_clear(&spec);
    permutation_cycle_type_clear(&ct);
    return rc;
}

/* ---------------------------------------------------------------- counting */

static long unit_cap(const equivariant_unit_t *u, long rmax)
{
    long c = rmax / u->weight;
    return u->bound < c ? u->bound : c;
}

/* Multiply the truncated series CUR by 1 + x^w + ... + x^{w d} (sliding window, exact). */
static void dp_apply_unit(fmpz *next, const fmpz *cur, long rmax, long w, long d)
{
    long span = w * (d + 1);
    for (long s = 0; s <= rmax; s++) {
        fmpz_set(next + s, cur + s);
        if (s >= w)
            fmpz_add(next + s, next + s, next + s - w);
        if (s >= span)
            fmpz_sub(next + s, next + s, cur + s - span);
    }
}

/* The DP over the units accepted by KEEP (NULL: all). */
static void count_vector_filtered(fmpz *counts, const equivariant_system_t *S, long rmax,
                                  int (*keep)(const equivariant_unit_t *))
{
    fmpz *a = _fmpz_vec_init(rmax + 1), *b = _fmpz_vec_init(rmax + 1);
    fmpz_one(a);
    long reach = 0;
    for (long i = 0; i < S->num_units; i++) {
        const equivariant_unit_t *u = S->units + i;
        if (keep && !keep(u))
            continue;
        long d = unit_cap(u, rmax);
        reach = reach + u->weight * d > rmax ? rmax : reach + u->weight * d;
        dp_apply_unit(b, a, reach, u->weight, d);
        fmpz *t = a;
        a = b;
        b = t;
    }
    _fmpz_vec_set(counts, a, rmax + 1);
    _fmpz_vec_clear(a, rmax + 1);
    _fmpz_vec_clear(b, rmax + 1);
}

void equivariant_count_vector(fmpz *counts, const equivariant_system_t *S, long rmax)
{
    count_vector_filtered(counts, S, rmax, NULL);
}

void equivariant_count(fmpz_t c, const equivariant_system_t *S, long r)
{
    if (r < 0) {
        fmpz_zero(c);
        return;
    }
    fmpz *v = _fmpz_vec_init(r + 1);
    equivariant_count_vector(v, S, r);
    fmpz_set(c, v + r);
    _fmpz_vec_clear(v, r + 1);
}

static int is_heavy(const equivariant_unit_t *u)
{
    return u->weight != 1;
}

static long weight_one_bound_sum(const equivariant_system_t *S)
{
    long s = 0;
    for (long i = 0; i < S->num_units; i++)
        if (S->units[i].weight == 1)
            s += S->units[i].bound;
    return s;
}

void equivariant_count_all_components_vector(fmpz *counts, const equivariant_system_t *S,
                                             long rmax)
{
    fmpz *heavy = _fmpz_vec_init(rmax + 1);
    equivariant_count_vector(counts, S, rmax);
    count_vector_filtered(heavy, S, rmax, is_heavy);
    long d1 = weight_one_bound_sum(S);
    for (long r = 0; r <= rmax; r++) {
        long s = r - 1 - d1; /* heavy part of a tuple of sum r - 1 with weight-1 units full */
        if (s >= 0)
            fmpz_add(counts + r, counts + r, heavy + s);
        if (S->n <= r - 2)
            fmpz_add_ui(counts + r, counts + r, 1);
    }
    _fmpz_vec_clear(heavy, rmax + 1);
}

/* Odometer over all tuples with r_u <= min(bound, rmax / w); calls F on each. */
typedef void (*tuple_fn)(const equivariant_system_t *S, const long *v, long rmax, void *ctx);

static int for_each_tuple(const equivariant_system_t *S, long rmax, long max_tuples, tuple_fn f,
                          void *ctx)
{
    long U = S->num_units;
    double total = 1;
    for (long i = 0; i < U; i++)
        total *= (double)(unit_cap(S->units + i, rmax) + 1);
    if (total > (double)max_tuples)
        return -1;
    long *v = calloc((size_t)(U > 0 ? U : 1), sizeof *v);
    if (!v)
        return -1;
    for (;;) {
        f(S, v, rmax, ctx);
        long i = 0;
        while (i < U && v[i] == unit_cap(S->units + i, rmax))
            v[i++] = 0;
        if (i == U)
            break;
        v[i]++;
    }
    free(v);
    return 0;
}

/* Weighted sum and the smallest weight of a unit that can still be raised (LONG_MAX: none). */
static long tuple_sum_slack(const equivariant_system_t *S, const long *v, long *slack)
{
    long s = 0;
    *slack = LONG_MAX;
    for (long i = 0; i < S->num_units; i++) {
        s += S->units[i].weight * v[i];
        if (v[i] < S->units[i].bound && S->units[i].weight < *slack)
            *slack = S->units[i].weight;
    }
    return s;
}

typedef struct {
    long *exact, *all;
} dim_bf_t;

static void dim_bf_visit(const equivariant_system_t *S, const long *v, long rmax, void *ctx)
{
    dim_bf_t *x = ctx;
    long slack, s = tuple_sum_slack(S, v, &slack), dim = equivariant_component_dim(S, v);
    if (s <= rmax && dim > x->exact[s])
        x->exact[s] = dim;
    for (long r = s; r <= rmax && (slack == LONG_MAX || r < s + slack); r++)
        if (dim > x->all[r])
            x->all[r] = dim;
}

int equivariant_max_dim_bruteforce(long *dim_exact, long *dim_all, const equivariant_system_t *S,
                                   long rmax, long max_tuples)
{
    for (long r = 0; r <= rmax; r++)
        dim_exact[r] = dim_all[r] = -1;
    dim_bf_t x = {dim_exact, dim_all};
    return for_each_tuple(S, rmax, max_tuples, dim_bf_visit, &x);
}

typedef struct {
    fmpz *exact, *all;
} count_bf_t;

static void count_bf_visit(const equivariant_system_t *S, const long *v, long rmax, void *ctx)
{
    count_bf_t *x = ctx;
    long slack, s = tuple_sum_slack(S, v, &slack);
    if (s <= rmax && x->exact)
        fmpz_add_ui(x->exact + s, x->exact + s, 1);
    /* maximal in {sum <= r} iff no unit can be raised: r < s + slack */
    for (long r = s; x->all && r <= rmax && (slack == LONG_MAX || r < s + slack); r++)
        fmpz_add_ui(x->all + r, x->all + r, 1);
}

int equivariant_count_bruteforce(fmpz *exact, fmpz *all, const equivariant_system_t *S,
                                 long rmax, long max_tuples)
{
    if (exact)
        _fmpz_vec_zero(exact, rmax + 1);
    if (all)
        _fmpz_vec_zero(all, rmax + 1);
    count_bf_t x = {exact, all};
    return for_each_tuple(S, rmax, max_tuples, count_bf_visit, &x);
}

void equivariant_count_by_polynomial(fmpz_t c, const equivariant_system_t *S, long r)
{
    fmpz_poly_t prod, f;
    fmpz_poly_init(prod);
    fmpz_poly_init(f);
    fmpz_poly_one(prod);
    for (long i = 0; i < S->num_units && r >= 0; i++) {
        const equivariant_unit_t *u = S->units + i;
        fmpz_poly_zero(f);
        for (long j = 0; j <= unit_cap(u, r); j++)
            fmpz_poly_set_coeff_ui(f, u->weight * j, 1);
        fmpz_poly_mullow(prod, prod, f, r + 1);
    }
    if (r < 0)
        fmpz_zero(c);
    else
        fmpz_poly_get_coeff_fmpz(c, prod, r);
    fmpz_poly_clear(f);
    fmpz_poly_clear(prod);
}

/* ---------------------------------------------------------------- one component */

long equivariant_component_rank(const equivariant_system_t *S, const long *tuple)
{
    long s = 0;
    for (long i = 0; i < S->num_units; i++)
        s += S->units[i].weight * tuple[i];
    return s;
}

int equivariant_component_valid(const equivariant_system_t *S, const long *tuple, long r)
{
    for (long i = 0; i < S->num_units; i++)
        if (tuple[i] < 0 || tuple[i] > S->units[i].bound)
            return 0;
    return equivariant_component_rank(S, tuple) == r;
}

long equivariant_component_dim(const equivariant_system_t *S, const long *tuple)
{
    long s = 0;
    for (long i = 0; i < S->num_units; i++)
        s += S->units[i].weight * tuple[i] * (2 * S->units[i].d - tuple[i]);
    return s;
}

long equivariant_component_params(const equivariant_system_t *S, const long *tuple)
{
    long s = 0;
    for (long i = 0; i < S->num_units; i++)
        s += S->units[i].weight * 2 * S->units[i].d * tuple[i];
    return s;
}

void equivariant_component_degree(fmpz_t deg, const equivariant_system_t *S, const long *tuple)
{
    fmpz_t t;
    fmpz_init(t);
    fmpz_one(deg);
    for (long i = 0; i < S->num_units; i++) {
        long d = S->units[i].d;
        equivariant_determinantal_degree(t, d, d, tuple[i]);
        fmpz_pow_ui(t, t, (ulong)S->units[i].weight);
        fmpz_mul(deg, deg, t);
    }
    fmpz_clear(t);
}

/* Max-plus DP: best[s] = max sum of unit dimensions over tuples of weighted sum s. */
static void max_dim_vector(long *best, const equivariant_system_t *S, long rmax,
                           int (*keep)(const equivariant_unit_t *))
{
    long *next = malloc((size_t)(rmax + 1) * sizeof *next);
    for (long s = 0; s <= rmax; s++)
        best[s] = s == 0 ? 0 : NEG_INF;
    for (long i = 0; i < S->num_units; i++) {
        const equivariant_unit_t *u = S->units + i;
        if (keep && !keep(u))
            continue;
        long w = u->weight, cap = unit_cap(u, rmax);
        for (long s = 0; s <= rmax; s++) {
            long b = NEG_INF;
            for (long j = 0; j <= cap && w * j <= s; j++) {
                long prev = best[s - w * j];
                long val = prev == NEG_INF ? NEG_INF : prev + w * j * (2 * u->d - j);
                if (val > b)
                    b = val;
            }
            next[s] = b;
        }
        memcpy(best, next, (size_t)(rmax + 1) * sizeof *best);
    }
    free(next);
}

int equivariant_max_dim_vector(long *dim_exact, long *dim_all, const equivariant_system_t *S,
                               long rmax)
{
    long *heavy = malloc((size_t)(rmax + 1) * sizeof *heavy);
    if (!heavy)
        return -1;
    max_dim_vector(dim_exact, S, rmax, NULL);
    max_dim_vector(heavy, S, rmax, is_heavy);
    long d1 = weight_one_bound_sum(S), d1sq = 0, full = 0;
    for (long i = 0; i < S->num_units; i++) {
        const equivariant_unit_t *u = S->units + i;
        full += u->weight * u->d * u->d;
        if (u->weight == 1)
            d1sq += u->d * u->d;
    }
    for (long r = 0; r <= rmax; r++) {
        if (dim_exact[r] == NEG_INF)
            dim_exact[r] = -1;
        long best = dim_exact[r], s = r - 1 - d1;
        /* sum r - 1 with every weight-1 unit saturated (dimension d^2 each) */
        if (s >= 0 && heavy[s] != NEG_INF && heavy[s] + d1sq > best)
            best = heavy[s] + d1sq;
        if (S->n <= r - 2 && full > best) /* the whole commutant */
            best = full;
        dim_all[r] = best;
    }
    free(heavy);
    return 0;
}

void equivariant_max_dim(long *dim_exact, long *dim_all, const equivariant_system_t *S, long r)
{
    *dim_exact = *dim_all = -1;
    if (r < 0)
        return;
    long *a = malloc((size_t)(r + 1) * sizeof *a), *b = malloc((size_t)(r + 1) * sizeof *b);
    if (a && b && equivariant_max_dim_vector(a, b, S, r) == 0) {
        *dim_exact = a[r];
        *dim_all = b[r];
    }
    free(a);
    free(b);
}

/* ---------------------------------------------------------------- enumeration */

int equivariant_enum_init(equivariant_enum_t *E, const equivariant_system_t *S, long rmax,
                          equivariant_order_t order)
{
    long U = S->num_units, R = rmax + 1;
    memset(E, 0, sizeof *E);
    E->S = S;
    E->rmax = rmax;
    if (rmax < 0 || U == 0)
        return 0;
    E->feas = calloc((size_t)(U + 1) * (size_t)R, 1);
    E->ord = malloc((size_t)U * sizeof *E->ord);
    long *win = malloc((size_t)R * sizeof *win);
    if (!E->feas || !E->ord || !win) {
        free(win);
        equivariant_enum_clear(E);
        fprintf(stderr, "equivariant: out of memory for the enumeration table\n");
        return -1;
    }
    for (long i = 0; i < U; i++)
        E->ord[i] = order == EQUIVARIANT_LOWPASS ? i : U - 1 - i;
    /* feas[i][s]: the units at positions i..U-1 reach weighted sum s exactly (any r <= rmax) */
    E->feas[(size_t)U * R] = 1;
    for (long i = U - 1; i >= 0; i--) {
        const equivariant_unit_t *u = S->units + E->ord[i];
        long w = u->weight, span = w * (unit_cap(u, rmax) + 1);
        const unsigned char *nx = E->feas + (size_t)(i + 1) * R;
        for (long s = 0; s < R; s++) {
            win[s] = nx[s] + (s >= w ? win[s - w] : 0) - (s >= span ? nx[s - span] : 0);
            E->feas[(size_t)i * R + s] = win[s] > 0;
        }
    }
    free(win);
    return 0;
}

void equivariant_enum_clear(equivariant_enum_t *E)
{
    free(E->feas);
    free(E->ord);
    memset(E, 0, sizeof *E);
}

long equivariant_enum_run(const equivariant_enum_t *E, long r, long limit,
                          equivariant_visit_fn visit, void *ctx)
{
    const equivariant_system_t *S = E->S;
    long U = S->num_units, R = E->rmax + 1, visited = 0;
    if (r < 0 || r > E->rmax || U == 0 || !E->feas[r])
        return 0;
    long *v = malloc((size_t)U * sizeof *v), *rem = malloc((size_t)(U + 1) * sizeof *rem);
    long *tuple = calloc((size_t)U, sizeof *tuple);
    if (!v || !rem || !tuple) {
        visited = -1;
        goto done;
    }
    /* depth-first, values from the largest down: lexicographically decreasing tuples */
    long i = 0;
    rem[0] = r;
    v[0] = unit_cap(S->units + E->ord[0], r) + 1;
    while (i >= 0 && (limit < 0 || visited < limit)) {
        const equivariant_unit_t *u = S->units + E->ord[i];
        int found = 0;
        while (v[i] > 0) {
            v[i]--;
            long left = rem[i] - u->weight * v[i];
            if (left >= 0 && E->feas[(size_t)(i + 1) * R + left]) {
                found = 1;
                break;
            }
        }
        if (!found) {
            i--;
            continue;
        }
        rem[i + 1] = rem[i] - u->weight * v[i];
        if (i + 1 == U) {
            for (long j = 0; j < U; j++)
                tuple[E->ord[j]] = v[j];
            visited++;
            if (visit && visit(tuple, ctx))
                break;
            continue;
        }
        i++;
        v[i] = unit_cap(S->units + E->ord[i], rem[i]) + 1;
    }
done:
    free(v);
    free(rem);
    free(tuple);
    return visited;
}

long equivariant_enumerate(const equivariant_system_t *S, long r, equivariant_order_t order,
                           long limit, equivariant_visit_fn visit, void *ctx)
{
    equivariant_enum_t E;
    if (equivariant_enum_init(&E, S, r, order) != 0)
        return -1;
    long visited = equivariant_enum_run(&E, r, limit, visit, ctx);
    equivariant_enum_clear(&E);
    return visited;
}

typedef struct {
    long *out;
    long num_units;
} select_ctx_t;

static int select_visit(const long *tuple, void *ctx)
{
    select_ctx_t *c = ctx;
    memcpy(c->out, tuple, (size_t)c->num_units * sizeof *tuple);
    return 1;
}

int equivariant_select(long *tuple, const equivariant_system_t *S, long r,
                       equivariant_order_t order)
{
    select_ctx_t c = {tuple, S->num_units};
    return equivariant_enumerate(S, r, order, 1, select_visit, &c) == 1 ? 0 : -1;
}

int equivariant_enum_select(long *tuple, const equivariant_enum_t *E, long r)
{
    select_ctx_t c = {tuple, E->S->num_units};
    return equivariant_enum_run(E, r, 1, select_visit, &c) == 1 ? 0 : -1;
}

/* ---------------------------------------------------------------- determinantal varieties */

long equivariant_determinantal_dim(long a, long b, long r)
{
    return r * (a + b - r);
}

/* deg M_{r, a x b} = prod_{i=0}^{b-r-1} (a+i)! i! / ((r+i)! (a-r+i)!)
 *                  = prod_i binom(a+i, r) / prod_i binom(r+i, r)   (exact division). */
void equivariant_determinantal_degree(fmpz_t deg, long a, long b, long r)
{
    fmpz_t num, den, t;
    fmpz_init(num);
    fmpz_init(den);
    fmpz_init(t);
    fmpz_one(num);
    fmpz_one(den);
    for (long i = 0; i <= b - r - 1; i++) {
        fmpz_bin_uiui(t, (ulong)(a + i), (ulong)r);
        fmpz_mul(num, num, t);
        fmpz_bin_uiui(t, (ulong)(r + i), (ulong)r);
        fmpz_mul(den, den, t);
    }
    fmpz_divexact(deg, num, den);
    fmpz_clear(num);
    fmpz_clear(den);
    fmpz_clear(t);
}

void equivariant_determinantal_degree_porteous(fmpz_t deg, long a, long b, long r)
{
    long s = b - r;
    if (s <= 0) {
        fmpz_one(deg);
        return;
    }
    fmpz_mat_t M;
    fmpz_mat_init(M, s, s);
    for (long i = 0; i < s; i++)
        for (long j = 0; j < s; j++) {
            long k = a - r + j - i;
            if (k >= 0 && k <= a)
                fmpz_bin_uiui(fmpz_mat_entry(M, i, j), (ulong)a, (ulong)k);
        }
    fmpz_mat_det(deg, M);
    fmpz_mat_clear(M);
}

/* ---------------------------------------------------------------- invariant case */

long equivariant_invariant_effective_rank(long r, long m, long k)
{
    long e = r < m ? r : m;
    return e < k ? e : k;
}

long equivariant_invariant_dim(long r, long m, long k)
{
    return equivariant_determinantal_dim(m, k, equivariant_invariant_effective_rank(r, m, k));
}

void equivariant_invariant_degree(fmpz_t deg, long r, long m, long k)
{
    equivariant_determinantal_degree(deg, m, k, equivariant_invariant_effective_rank(r, m, k));
}

void equivariant_invariant_ed_degree(fmpz_t ed, long r, long m, long k)
{
    long e = equivariant_invariant_effective_rank(r, m, k);
    fmpz_bin_uiui(ed, (ulong)(m < k ? m : k), (ulong)e);
}

long equivariant_invariant_params(long r, long m, long k)
{
    long e = equivariant_invariant_effective_rank(r, m, k);
    return e * (k + m);
}

long equivariant_invariant_dim_slide(long r, long m, long k)
{
    long q = r < k ? r : k;
    return q * (m + k - q);
}

int equivariant_invariant_degree_slide(fmpz_t deg, long r, long m, long k)
{
    long q = r < k ? r : k;
    for (long i = 0; i <= k - q - 1; i++)
        if (m - q + i < 0)
            return -1; /* (m - (q + i))! of a negative number: the formula is undefined */
    equivariant_determinantal_degree(deg, m, k, q);
    return 0;
}

void equivariant_invariant_ed_degree_slide(fmpz_t ed, long r, long m, long k)
{
    long q = r < k ? r : k;
    long mk = m < k ? m : k;
    if (q > mk)
        fmpz_zero(ed);
    else
        fmpz_bin_uiui(ed, (ulong)mk, (ulong)q);
}
