/* equivariant -- components, dimensions, degrees and weight-sharing parameter counts of
 * sigma-invariant and sigma-equivariant linear maps of rank <= r (Kohn-Sattelberger-Shahverdi,
 * papers/sattelberger_equivariant_linear_networks.txt).  See --help. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_vec.h>

#include "equivariant/equivariant.h"
#include "equivariant/permutation.h"

#define PROG "equivariant"

typedef struct {
    const char *spec;
    long n, m, r_lo, r_hi, list, degree;
    int csv, highpass, have_r, have_m;
    const char *tuple;
} options_t;

static void usage(void)
{
    printf(
        "usage: " PROG " [options] PERMUTATION\n"
        "\n"
        "Counts and describes the irreducible components of the sigma-equivariant maps\n"
        "E = {M in R^{n x n}: M P = P M, rank M <= r} and the sigma-invariant maps\n"
        "I = {M in R^{m x n}: M P = M, rank M <= r} (Kohn-Sattelberger-Shahverdi).\n"
        "\n"
        "PERMUTATION (1-based):\n"
        "  '(1 3 4)(2 5)'        cycle notation (n = largest point, or -n N)\n"
        "  '3 5 4 1 2'           one-line notation sigma(1) ... sigma(n), also '[3,5,4,1,2]'\n"
        "  image:ACTION:p[:t[:t2]]   p x p image, pixel (i,j) = index i*p+j (row-major):\n"
        "      right:p:t  down:p:t  both:p:t[:t2]  (cyclic shifts), rot90:p (clockwise),\n"
        "      hflip:p, transpose:p\n"
        "  volume:ACTION:p[:t[:t2]]  the same on every slice of a p x p x p volume\n"
        "      (voxel (z,i,j) = z*p*p + i*p + j), plus deep:p:t (shift along z)\n"
        "\n"
        "options:\n"
        "  -r R | -r A:B   rank r or a range of ranks (default 0:n, needed when n > 64)\n"
        "  -m M            rows of the invariant maps (default n)\n"
        "  -n N            size for cycle notation (unlisted points are fixed)\n"
        "  --list K        list up to K components per r (streaming, selection order)\n"
        "  --highpass      selection order highest frequency first (default lowest first)\n"
        "  --component T   evaluate one component, T = comma-separated r_u in unit order\n"
        "  --degree        also compute degrees (products of large binomials; slower)\n"
        "  --csv           CSV instead of text\n"
        "  --help          this text\n"
        "\n"
        "Per r the table gives: the invariant case (effective rank e = min(r,m,k), k cycles;\n"
        "dim e(m+k-e), ED degree binom(min(m,k), e), weight-sharing parameters e(k+m));\n"
        "the equivariant case: components containing a rank-r matrix (real: one unknown per\n"
        "real eigenvalue, weight 2 per complex-conjugate pair, 0 <= r_u <= d_l), all\n"
        "components of the rank-<=r variety, complex components, the largest dimension and\n"
        "the selected component (first in selection order) with its parameters.\n"
        "\n"
        "Limits: n <= 2^24 points (images p <= 4096, volumes p <= 256), rank <= 4n + 16.\n"
        "Exit status: 0 done; 1 a check is false (none of the counts here is a claim that can\n"
        "fail, so 1 is not used today); 2 bad usage or bad input (one line with the reason).\n");
}

static int parse_long_arg(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_range(const char *s, options_t *o)
{
    const char *colon = strchr(s, ':');
    if (!colon)
        return parse_long_arg(s, &o->r_lo) == 0 ? (o->r_hi = o->r_lo, 0) : -1;
    char a[32];
    size_t len = (size_t)(colon - s);
    if (len == 0 || len >= sizeof a)
        return -1;
    memcpy(a, s, len);
    a[len] = '\0';
    if (parse_long_arg(a, &o->r_lo) || parse_long_arg(colon + 1, &o->r_hi))
        return -1;
    return o->r_lo <= o->r_hi ? 0 : -1;
}

static int parse_options(options_t *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int used = 1;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return 1;
        } else if (!strcmp(a, "--csv")) {
            o->csv = 1, used = 0;
        } else if (!strcmp(a, "--highpass")) {
            o->highpass = 1, used = 0;
        } else if (!strcmp(a, "--degree")) {
            o->degree = 1, used = 0;
        } else if (!strcmp(a, "-r") && v) {
            if (parse_range(v, o) != 0 || o->r_lo < 0) {
                fprintf(stderr, PROG ": -r expects R or A:B with 0 <= A <= B, got '%s'\n", v);
                return 2;
            }
            o->have_r = 1;
        } else if ((!strcmp(a, "-m") || !strcmp(a, "-n") || !strcmp(a, "--list")) && v) {
            long x;
            if (parse_long_arg(v, &x) != 0 || x < (strcmp(a, "--list") ? 1 : 0)) {
                fprintf(stderr, PROG ": %s expects a %s integer, got '%s'\n", a,
                        strcmp(a, "--list") ? "positive" : "non-negative", v);
                return 2;
            }
            if (x > (1L << 31)) {
                fprintf(stderr, PROG ": %s %ld too large (at most 2^31)\n", a, x);
                return 2;
            }
            if (!strcmp(a, "-m"))
                o->m = x, o->have_m = 1;
            else if (!strcmp(a, "-n"))
                o->n = x;
            else
                o->list = x;
        } else if (!strcmp(a, "--component") && v) {
            o->tuple = v;
        } else if (a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9')) {
            fprintf(stderr, PROG ": unknown option or missing value '%s' (see --help)\n", a);
            return 2;
        } else if (!o->spec) {
            o->spec = a, used = 0;
        } else {
            fprintf(stderr, PROG ": more than one permutation given ('%s')\n", a);
            return 2;
        }
        i += used;
    }
    if (!o->spec) {
        fprintf(stderr, PROG ": no permutation given (see --help)\n");
        return 2;
    }
    return 0;
}

/* A big integer for text output: in full up to 30 digits, else its number of digits. */
static void print_big(const fmpz_t x, int csv)
{
    size_t digits = fmpz_sizeinbase(x, 10);
    if (csv || digits <= 30) {
        fmpz_fprint(stdout, x);
    } else {
        char *s = fmpz_get_str(NULL, 10, x);
        printf("%.4s...(%zu digits)", s, strlen(s));
        free(s);
    }
}

static void print_tuple(const long *t, long U)
{
    printf("(");
    long last = U - 1;
    while (last > 0 && t[last] == 0)
        last--;
    for (long i = 0; i <= last; i++)
        printf(i ? ",%ld" : "%ld", t[i]);
    printf(last < U - 1 ? ",0,...)" : ")");
}

/* The invariant encoder's weight sharing: inputs in the same block A_c share column c. */
static void print_partition(const permutation_t *p, long k)
{
    if (p->n > 60) {
        printf("encoder       inputs in the same cycle share one weight column (%ld columns)\n", k);
        return;
    }
    long *idx = malloc((size_t)p->n * sizeof *idx);
    permutation_cycle_index(p, idx);
    printf("encoder       shared columns (partition P(sigma)):");
    for (long c = 0; c < k; c++) {
        printf(" {");
        for (long j = 0, first = 1; j < p->n; j++)
            if (idx[j] == c) {
                printf(first ? "%ld" : ",%ld", j + 1);
                first = 0;
            }
        printf("}");
    }
    printf("\n");
    free(idx);
}

static void print_header(const permutation_t *p, const equivariant_system_t *S, long k)
{
    permutation_cycle_type_t ct;
    permutation_spectrum_t sp;
    permutation_cycle_type(&ct, p);
    permutation_spectrum(&sp, &ct);
    char *cyc = p->n <= 400 ? permutation_to_cycle_string(p) : strdup("(not shown, n > 400)");
    char *typ = permutation_cycle_type_string(&ct);
    fmpz_t ord;
    fmpz_init(ord);
    permutation_order(ord, &ct);
    if (strlen(cyc) > 200)
        strcpy(cyc + 190, " ...");
    printf("permutation   %s\nn             %ld\ncycle type    %s  (k = %ld cycles, order ", cyc,
           p->n, typ, k);
    fmpz_print(ord);
    printf(")\nd_l           ");
    for (long i = 0; i < sp.count && i < 40; i++)
        printf("%sd_%ld = %ld", i ? ", " : "", sp.e[i].l, sp.e[i].d);
    printf("%s\nunits         ", sp.count > 40 ? ", ..." : "");
    for (long i = 0; i < S->num_units && i < 20; i++)
        printf("%sr_{%ld,%ld}%s", i ? " " : "", S->units[i].l, S->units[i].m,
               S->units[i].weight == 2 ? "*" : "");
    printf("%s\n              (lowest frequency first; * = complex pair, weight 2; "
           "0 <= r_{l,m} <= d_l)\n", S->num_units > 20 ? " ..." : "");
    print_partition(p, k);
    printf("\n");
    fmpz_clear(ord);
    free(cyc);
    free(typ);
    permutation_spectrum_clear(&sp);
    permutation_cycle_type_clear(&ct);
}

typedef struct {
    const equivariant_system_t *S;
    long r, index;
    int csv, degree;
} list_ctx_t;

static int list_visit(const long *t, void *vctx)
{
    list_ctx_t *x = vctx;
    fmpz_t deg;
    fmpz_init(deg);
    if (x->degree)
        equivariant_component_degree(deg, x->S, t);
    if (x->csv) {
        printf("%ld,%ld,\"", x->r, x->index);
        for (long i = 0; i < x->S->num_units; i++)
            printf(i ? " %ld" : "%ld", t[i]);
        printf("\",%ld,%ld,", equivariant_component_dim(x->S, t),
               equivariant_component_params(x->S, t));
        if (x->degree)
            fmpz_fprint(stdout, deg);
        printf("\n");
    } else {
        printf("    #%-4ld ", x->index);
        print_tuple(t, x->S->num_units);
        printf("  dim %ld  params %ld", equivariant_component_dim(x->S, t),
               equivariant_component_params(x->S, t));
        if (x->degree) {
            printf("  degree ");
            print_big(deg, 0);
        }
        printf("\n");
    }
    fmpz_clear(deg);
    x->index++;
    return 0;
}

static int evaluate_tuple(const options_t *o, const equivariant_system_t *S)
{
    long U = S->num_units, i = 0;
    long *t = calloc((size_t)U, sizeof *t);
    const char *s = o->tuple;
    while (*s && i < U) {
        char *end;
        errno = 0;
        t[i++] = strtol(s, &end, 10);
        if (errno || end == s || (*end && *end != ',')) {
            fprintf(stderr, PROG ": --component expects comma-separated integers\n");
            free(t);
            return 2;
        }
        s = *end ? end + 1 : end;
    }
    if (*s) {
        fprintf(stderr, PROG ": --component has more than %ld entries (units)\n", U);
        free(t);
        return 2;
    }
    for (long j = 0; j < U; j++)
        if (t[j] < 0 || t[j] > S->units[j].bound) {
            fprintf(stderr, PROG ": --component entry %ld (r_{%ld,%ld} = %ld) out of range "
                            "0..%ld\n", j + 1, S->units[j].l, S->units[j].m, t[j],
                    S->units[j].bound);
            free(t);
            return 2;
        }
    fmpz_t deg;
    fmpz_init(deg);
    equivariant_component_degree(deg, S, t);
    long r = equivariant_component_rank(S, t);
    if (o->csv) {
        printf("rank,dim,params,dense_params,degree\n%ld,%ld,%ld,%ld,", r,
               equivariant_component_dim(S, t), equivariant_component_params(S, t),
               2 * r * S->n);
        fmpz_fprint(stdout, deg);
        printf("\n");
    } else {
        printf("component     ");
        print_tuple(t, U);
        printf("\nrank          %ld\ndimension     %ld\nparameters    %ld (weight-sharing "
               "encoder + decoder; dense autoencoder 2 r n = %ld)\ndegree        ", r,
               equivariant_component_dim(S, t), equivariant_component_params(S, t),
               2 * r * S->n);
        print_big(deg, 0);
        printf("\n");
    }
    fmpz_clear(deg);
    free(t);
    return 0;
}

typedef struct {
    fmpz *real, *all, *cplx;
    long *dim_exact, *dim_all;
    equivariant_enum_t order; /* selection / listing order, feasibility table for all r */
} tables_t;

static void print_invariant_row(const options_t *o, long n, long r, long m, long k)
{
    long e = equivariant_invariant_effective_rank(r, m, k);
    fmpz_t ed, deg;
    fmpz_init(ed);
    fmpz_init(deg);
    equivariant_invariant_ed_degree(ed, r, m, k);
    if (o->degree)
        equivariant_invariant_degree(deg, r, m, k);
    if (o->csv) {
        printf("%ld,%ld,", e, equivariant_invariant_dim(r, m, k));
        fmpz_fprint(stdout, ed);
        printf(",");
        if (o->degree)
            fmpz_fprint(stdout, deg);
        printf(",%ld,%ld,", equivariant_invariant_params(r, m, k), e * (n + m));
    } else {
        printf("  %6ld %6ld %10ld  ", r, e, equivariant_invariant_dim(r, m, k));
        print_big(ed, 0);
        if (o->degree) {
            printf("  degree ");
            print_big(deg, 0);
        }
        printf("  params %ld (dense %ld)\n", equivariant_invariant_params(r, m, k),
               e * (n + m));
    }
    fmpz_clear(ed);
    fmpz_clear(deg);
}

static void print_equivariant_row(const options_t *o, const equivariant_system_t *S,
                                  const tables_t *T, long r)
{
    long U = S->num_units;
    long *sel = calloc((size_t)(U > 0 ? U : 1), sizeof *sel);
    int have = equivariant_enum_select(sel, &T->order, r) == 0;
    fmpz_t deg;
    fmpz_init(deg);
    if (have && o->degree)
        equivariant_component_degree(deg, S, sel);
    if (o->csv) {
        fmpz_fprint(stdout, T->real + r);
        printf(",");
        fmpz_fprint(stdout, T->all + r);
        printf(",");
        fmpz_fprint(stdout, T->cplx + r);
        printf(",%ld,%ld,", T->dim_exact[r], T->dim_all[r]);
        if (have) {
            printf("\"");
            for (long i = 0; i < U; i++)
                printf(i ? " %ld" : "%ld", sel[i]);
            printf("\",%ld,%ld,", equivariant_component_dim(S, sel),
                   equivariant_component_params(S, sel));
            if (o->degree)
                fmpz_fprint(stdout, deg);
        } else {
            printf(",,,");
        }
        printf("\n");
    } else {
        printf("  %6ld  ", r);
        print_big(T->real + r, 0);
        printf("  all ");
        print_big(T->all + r, 0);
        printf("  complex ");
        print_big(T->cplx + r, 0);
        printf("  max dim %ld\n", T->dim_exact[r] >= 0 ? T->dim_exact[r] : T->dim_all[r]);
        if (have) {
            printf("          selected ");
            print_tuple(sel, U);
            printf("  dim %ld  params %ld (dense %ld)", equivariant_component_dim(S, sel),
                   equivariant_component_params(S, sel), 2 * r * S->n);
            if (o->degree) {
                printf("  degree ");
                print_big(deg, 0);
            }
            printf("\n");
        }
    }
    fmpz_clear(deg);
    free(sel);
}

static int tables_init(tables_t *T, const permutation_t *p, const equivariant_system_t *S,
                       long rmax, int highpass)
{
    equivariant_system_t C;
    if (equivariant_system_from_permutation(&C, p, EQUIVARIANT_COMPLEX) != 0)
        return -1;
    T->real = _fmpz_vec_init(rmax + 1);
    T->all = _fmpz_vec_init(rmax + 1);
    T->cplx = _fmpz_vec_init(rmax + 1);
    T->dim_exact = malloc((size_t)(rmax + 1) * sizeof *T->dim_exact);
    T->dim_all = malloc((size_t)(rmax + 1) * sizeof *T->dim_all);
    equivariant_count_vector(T->real, S, rmax);
    equivariant_count_all_components_vector(T->all, S, rmax);
    equivariant_count_vector(T->cplx, &C, rmax);
    int rc = equivariant_max_dim_vector(T->dim_exact, T->dim_all, S, rmax);
    if (rc == 0)
        rc = equivariant_enum_init(&T->order, S, rmax, highpass ? EQUIVARIANT_HIGHPASS :
                                                                  EQUIVARIANT_LOWPASS);
    equivariant_system_clear(&C);
    return rc;
}

static void tables_clear(tables_t *T, long rmax)
{
    _fmpz_vec_clear(T->real, rmax + 1);
    _fmpz_vec_clear(T->all, rmax + 1);
    _fmpz_vec_clear(T->cplx, rmax + 1);
    free(T->dim_exact);
    free(T->dim_all);
    equivariant_enum_clear(&T->order);
}

static int run(const options_t *o, const permutation_t *p)
{
    equivariant_system_t S;
    if (equivariant_system_from_permutation(&S, p, EQUIVARIANT_REAL) != 0)
        return 2;
    if (o->tuple) {
        int rc = evaluate_tuple(o, &S);
        equivariant_system_clear(&S);
        return rc;
    }
    long *idx = malloc((size_t)p->n * sizeof *idx), k = permutation_cycle_index(p, idx);
    free(idx);
    long m = o->have_m ? o->m : p->n;
    long lo = o->have_r ? o->r_lo : 0, hi = o->have_r ? o->r_hi : p->n;
    if (!o->have_r && p->n > 64) {
        fprintf(stderr, PROG ": n = %ld: give the rank with -r R or a range -r A:B (the default "
                        "range 0:n is only used for n <= 64)\n", p->n);
        return 2;
    }
    tables_t T;
    if (tables_init(&T, p, &S, hi, o->highpass) != 0) {
        equivariant_system_clear(&S);
        fprintf(stderr, PROG ": out of memory for the tables up to rank %ld\n", hi);
        return 2;
    }
    if (o->list > 0 && o->csv) {
        printf("r,index,component,dim,params,degree\n");
    } else if (o->csv) {
        printf("r,inv_e,inv_dim,inv_ed_degree,inv_degree,inv_params,inv_dense_params,"
               "components,all_components,complex_components,max_dim,max_dim_all,selected,"
               "selected_dim,selected_params,selected_degree\n");
    } else {
        print_header(p, &S, k);
        printf("invariant maps (m = %ld, k = %ld): I ~ M_{e, m x k}, e = min(r, m, k)\n"
               "       r      e        dim  EDdegree%s  parameters (shared encoder + dense "
               "decoder; fully dense)\n", m, k, o->degree ? "  degree" : "");
        for (long r = lo; r <= hi; r++)
            print_invariant_row(o, p->n, r, m, k);
        printf("\nequivariant maps: components containing a rank-r matrix (real), all "
               "components of rank <= r,\ncomplex components; selected = first in %s order\n",
               o->highpass ? "HIGHPASS" : "LOWPASS");
    }
    for (long r = lo; r <= hi; r++) {
        if (o->list > 0) {
            list_ctx_t x = {&S, r, 0, o->csv, (int)o->degree};
            if (!o->csv) {
                printf("  r = %ld: ", r);
                print_big(T.real + r, 0);
                printf(" components contain a rank-%ld matrix (the rank-<=%ld variety has ", r, r);
                print_big(T.all + r, 0);
                printf(" in all); the first %ld:\n", o->list);
            }
            equivariant_enum_run(&T.order, r, o->list, list_visit, &x);
        } else if (o->csv) {
            printf("%ld,", r);
            print_invariant_row(o, p->n, r, m, k);
            print_equivariant_row(o, &S, &T, r);
        } else {
            print_equivariant_row(o, &S, &T, r);
        }
    }
    tables_clear(&T, hi);
    equivariant_system_clear(&S);
    return 0;
}

int main(int argc, char **argv)
{
    options_t o;
    int rc = parse_options(&o, argc, argv);
    if (rc)
        return rc == 1 ? 0 : rc;
    permutation_t p;
    permutation_init(&p);
    char err[256];
    if (permutation_parse(&p, o.spec, o.n, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 2;
    }
    if (o.have_r && o.r_hi > 4 * p.n + 16) {
        fprintf(stderr, PROG ": rank %ld out of range for n = %ld (at most 4n + 16)\n", o.r_hi,
                p.n);
        permutation_clear(&p);
        return 2;
    }
    rc = run(&o, &p);
    permutation_clear(&p);
    flint_cleanup_master();
    return rc;
}
