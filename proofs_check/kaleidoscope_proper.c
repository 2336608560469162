/* kaleidoscope_proper -- Rudra survey, Section 5.3 (after Definition 5.4): "(BB*)^w_e is
 * contained in (BB*)^{w+1}_e ... Dao et al. show that the inclusion is proper", checked for
 * e = 1 and small N by a certified dimension argument (algebra/circuits/kmatrix_dim.h):
 *   dim (BB*)^w >= rank mod p of the Jacobian of the parameter map at a seeded point;
 *   dim (BB*)^w <= P - (rank mod p of the N (L - 1) diagonal gauge directions);
 * when both meet, the dimension is exact.  If dim (BB*)^{w+1} > dim (BB*)^w, the closure of
 * (BB*)^w is a proper subvariety of that of (BB*)^{w+1}, so some matrix of (BB*)^{w+1} is not
 * in (BB*)^w: properness certified.  Once dim (BB*)^w = N^2 (saturation), the two closures
 * are the whole space and dimension cannot separate the levels. */
#include <stdio.h>

#include "report/checker.h"
#include "circuits/kmatrix_dim.h"

#define MAX_W 8

static slong log2_si(slong N)
{
    slong t = 0;
    while ((WORD(1) << t) < N)
        t++;
    return t;
}

/* derived closed form: N (L + 1) = 2 N (w (log2 N - 1) + 1), capped at N^2 */
static slong closed_form(slong N, slong w)
{
    return FLINT_MIN(N * N, 2 * N * (w * (log2_si(N) - 1) + 1));
}

static const checker_info_t info = {
    "kaleidoscope_proper",
    "Properness of the kaleidoscope hierarchy (BB*)^w for small N (e = 1)",
    "papers/rudra_circuits_structured_matrices_kmatrices.txt, Section 5.3, Definition 5.4 and "
    "the properness remark",
    "For N in {4, 8, 16, 32} and w = 1 .. saturation + 1: a lower bound on dim (BB*)^w (Jacobian\n"
    "rank mod p at a seeded point) and an upper bound (parameters minus the rank of the gauge\n"
    "directions mod p), both certificates; properness of w -> w+1 certified when the lower bound\n"
    "at w+1 exceeds the upper bound at w.  Negative controls: the upper bound lowered by one\n"
    "(refuted by the Jacobian rank), a gauge with a sign error (not in the kernel), and the\n"
    "dimension claim at a saturated level (refuted).",
    NULL,
};

/* ------------------------------------------------------------------ cells
 * One cell per (section, N, w): the dimension of one level, the properness of one step
 * w -> w+1 (which computes both levels again: a cell carries no state from another), the
 * sign-error gauge at one N.  Each cell has its own randomness (reseeded from --seed and the
 * cell); the cells are ordered by N, so the largest come last.  The levels computed at each N
 * are w = 1 .. max(2, w_sat + 1) (w_sat: the first level whose closed form reaches N^2),
 * i.e. up to one level past saturation, as before; the rows check that the Jacobian rank
 * equals the closed form, so a level that does not saturate as derived shows up as FAILS. */
static const slong sizes[] = {4, 8, 16, 32};
#define MAX_CELLS 64

typedef struct {
    int ns;
    long ndim, nprop;
    slong dim_n[MAX_CELLS], dim_w[MAX_CELLS];   /* dimension cells */
    slong prop_n[MAX_CELLS], prop_w[MAX_CELLS]; /* properness cells: w -> w + 1 */
} plan_t;

static slong last_level(slong N)
{
    slong w = 1;
    while (w < MAX_W && closed_form(N, w) < N * N)
        w++;
    return FLINT_MIN(MAX_W, FLINT_MAX(2, w + 1));
}

static void plan_init(plan_t *P, int ns)
{
    P->ns = ns;
    P->ndim = P->nprop = 0;
    for (int s = 0; s < ns; s++) {
        slong N = sizes[s], wmax = last_level(N);
        for (slong w = 1; w <= wmax; w++) {
            P->dim_n[P->ndim] = N;
            P->dim_w[P->ndim++] = w;
            if (w < wmax) {
                P->prop_n[P->nprop] = N;
                P->prop_w[P->nprop++] = w;
            }
        }
    }
}

/* kmatrix_dim_bounds for a valid (N, w); a rejection is reported as a failed row */
static int level(checker_t *c, kmatrix_dim_t *r, slong N, slong w, int wrong_gauge)
{
    if (kmatrix_dim_bounds(r, N, w, wrong_gauge, c->rand) == 0)
        return 0;
    checker_row(c, ROW_POSITIVE, 0, "kmatrix_dim_bounds rejected N = %ld, w = %ld",
                (long)N, (long)w);
    return -1;
}

static void run_dimension(checker_t *c, long cell, void *ctx)
{
    const plan_t *P = ctx;
    slong N = P->dim_n[cell], w = P->dim_w[cell];
    kmatrix_dim_t r;
    if (level(c, &r, N, w, 0) != 0)
        return;
    slong cf = closed_form(N, w);
    checker_row(c, ROW_POSITIVE, r.gauge_in_kernel && r.jac_rank <= r.upper && r.jac_rank == cf,
                "%ld|%ld|%ld|%ld (%ld)|%ld|%ld|%s|lower <= upper, = closed form|%ld", (long)N,
                (long)w, (long)r.L, (long)r.params, (long)(4 * w * N * log2_si(N)),
                (long)r.jac_rank, (long)r.upper, r.gauge_in_kernel ? "yes" : "NO", (long)cf);
    checker_row(c, ROW_NEGATIVE, r.jac_rank <= r.upper - 1,
                "%ld|%ld|%ld|%ld (%ld)|%ld|%ld|%s|dim <= upper - 1 (neg. control)|%ld", (long)N,
                (long)w, (long)r.L, (long)r.params, (long)(4 * w * N * log2_si(N)),
                (long)r.jac_rank, (long)r.upper, r.gauge_in_kernel ? "yes" : "NO", (long)cf);
}

static void run_properness(checker_t *c, long cell, void *ctx)
{
    const plan_t *P = ctx;
    slong N = P->prop_n[cell], w = P->prop_w[cell];
    kmatrix_dim_t a, b;
    if (level(c, &a, N, w, 0) != 0 || level(c, &b, N, w + 1, 0) != 0)
        return;
    if (a.upper < N * N) {
        checker_row(c, ROW_POSITIVE, b.jac_rank > a.upper,
                    "%ld|%ld -> %ld|%ld|%ld|dim (BB*)^{w+1} > dim (BB*)^w|proper (certified)",
                    (long)N, (long)w, (long)(w + 1), (long)a.upper, (long)b.jac_rank);
    } else {
        /* both levels have dimension N^2 exactly: the dimension claim is false */
        checker_row(c, ROW_NEGATIVE, !(a.jac_rank >= b.upper),
                    "%ld|%ld -> %ld|%ld|%ld|dim (BB*)^{w+1} > dim (BB*)^w (neg. control: "
                    "saturated)|inconclusive: both dense", (long)N, (long)w, (long)(w + 1),
                    (long)a.upper, (long)b.jac_rank);
    }
}

static void run_gauge(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    kmatrix_dim_t r;
    if (level(c, &r, sizes[cell], 2, 1) != 0)
        return;
    checker_row(c, ROW_NEGATIVE, r.gauge_in_kernel, "%ld|2|(F_i D, +D F_{i+1}) (wrong sign)|"
                "%s|J xi = 0 (neg. control)", (long)sizes[cell], r.gauge_in_kernel ? "yes" : "no");
}

static void label_dimension(long cell, void *ctx, char *buf, size_t len)
{
    const plan_t *P = ctx;
    snprintf(buf, len, "N=%ld w=%ld", (long)P->dim_n[cell], (long)P->dim_w[cell]);
}

static void label_properness(long cell, void *ctx, char *buf, size_t len)
{
    const plan_t *P = ctx;
    snprintf(buf, len, "N=%ld w=%ld->%ld", (long)P->prop_n[cell], (long)P->prop_w[cell],
             (long)P->prop_w[cell] + 1);
}

static void label_gauge(long cell, void *ctx, char *buf, size_t len)
{
    (void)ctx;
    snprintf(buf, len, "N=%ld", (long)sizes[cell]);
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    int ns = c.quick ? 3 : 4;
    checker_param(&c, "sizes", "N in {4, .., %ld}, expansion e = 1, prime p = nextprime(2^62)",
                  (long)sizes[ns - 1]);
    static plan_t plan;
    plan_init(&plan, ns);
    checker_section(&c, "Dimension of (BB*)^w", "N|w|merged factors L|parameters P (paper's "
                    "count 4 w N log2 N)|Jacobian rank mod p (<= dim)|P - gauge rank (>= dim)|"
                    "gauge in kernel|claim|closed form min(N^2, 2N(w(log2 N - 1) + 1))");
    if (checker_run_named_cells(&c, "dimension", plan.ndim, run_dimension, label_dimension, &plan,
                                2) != 0)
        return checker_fail(&c, "a dimension cell could not be computed or stored");
    checker_section(&c, "Properness (BB*)^w strictly inside (BB*)^{w+1}",
                    "N|w -> w+1|upper bound dim (BB*)^w|lower bound dim (BB*)^{w+1}|claim|verdict "
                    "on the set claim");
    if (checker_run_named_cells(&c, "properness", plan.nprop, run_properness, label_properness,
                                &plan, 2) != 0)
        return checker_fail(&c, "a properness cell could not be computed or stored");
    checker_section(&c, "Gauge directions with a sign error",
                    "N|w|gauge|J xi = 0 mod p|claim");
    if (checker_run_named_cells(&c, "gauge", ns, run_gauge, label_gauge, NULL, 2) != 0)
        return checker_fail(&c, "a gauge cell could not be computed or stored");
    checker_note(&c, "(BB*)^w is parameterised by its merged factor sequence (equal block sizes "
                     "next to each other multiply into one factor), L = w(2 log2 N - 1) - (w - "
                     "1), P = 2 N L.  Both bounds are certificates: a rank mod p is at most the "
                     "rank over Q(theta) of the polynomial matrix.  The witness of each lower "
                     "bound is the seeded integer point (reproducible from --seed); properness "
                     "is existential (a generic point of the larger level lies outside the "
                     "smaller one's closure).  Where both levels are dense (dimension N^2) the "
                     "set-theoretic claim is neither refuted nor certified here.  Every row is an "
                     "independent cell with its own seeded point (--seed and the cell): a "
                     "properness row computes both of its levels again, so its bounds come "
                     "from other points than the dimension rows.");
    return checker_finish(&c);
}
