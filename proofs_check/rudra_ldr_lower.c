/* rudra_ldr_lower -- Rudra et al., Section 4.5.3: with the traditional displacement operators
 * (a non-singular diagonal D or (variants of) the shift Z, Z[i][j] = 1 iff i = j - 1), there
 * are matrices of displacement rank Omega(n):
 *   (i)  if one of L, R is diagonal, W = I has displacement rank Omega(n): L - R is triangular
 *        with a non-zero diagonal;
 *   (ii) if both are shifts, a diagonal W = D with consecutive entries distinct has
 *        Z D - D Z = D' Z, D'[i][i] = D[i][i] - D[i+1][i+1], of rank rank(Z) = n - 1.
 * Checked exactly over Q (integer matrices) for n up to 256, with the exact values derived
 * here: rank(D - Z) = n for (i); for the variants Z_f (f != 0, the corner breaks the
 * triangular form) rank(D - Z_f) >= n - 1 (rows 1..n-1 on columns 0..n-2 form a triangular
 * minor with diagonal -1); for (ii) rank(Z D - D Z) = #{i : D_i != D_{i+1}} and, for the
 * Toeplitz pair (Z_1, Z_-1) (disjoint spectra), Z_1 D - D Z_-1 is a weighted cyclic shift
 * with weights D_j - D_{j+1} and D_{n-1} + D_0: its rank is the number of non-zero weights. */
#include <stdio.h>

#include "report/checker.h"
#include "ldr/displacement.h"
#include "ldr/operators.h"
#include "exact/qmat.h"
#include "exact/rank_mm.h"

#define COLUMNS "W|n|operators (L, R)|claim|rank(L W - W R)|derived exact value|~seconds"

typedef enum { OPR_D, OPR_Z, OPR_ZT, OPR_Z1, OPR_ZM1 } opr_t;

static const char *opr_name(opr_t o)
{
    switch (o) {
    case OPR_D: return "D";
    case OPR_Z: return "Z";
    case OPR_ZT: return "Z^T";
    case OPR_Z1: return "Z_1";
    default: return "Z_-1";
    }
}

/* Rudra's Z (superdiagonal) is our Z_0^T; Z^T = Z_0 (subdiagonal). */
static void opr_init(op_t *A, opr_t o, const fmpq *d, slong n)
{
    op_t t;
    switch (o) {
    case OPR_D: op_init_diag(A, n, d); break;
    case OPR_Z:
        op_init_zf_si(&t, n, 0);
        op_init_transpose(A, &t);
        op_clear(&t);
        break;
    case OPR_ZT: op_init_zf_si(A, n, 0); break;
    case OPR_Z1: op_init_zf_si(A, n, 1); break;
    default: op_init_zf_si(A, n, -1); break;
    }
}

/* n distinct integers in [1, 4 n^2] (non-zero: D shares no eigenvalue with the nilpotent Z). */
static void generic_diag(fmpq *d, slong n, flint_rand_t st)
{
    for (slong i = 0; i < n; i++) {
        slong v;
        int dup;
        do {
            v = 1 + (slong)n_randint(st, (ulong)(4 * n * n));
            dup = 0;
            for (slong j = 0; j < i && !dup; j++)
                dup = fmpz_equal_si(fmpq_numref(d + j), v);
        } while (dup);
        fmpq_set_si(d + i, v, 1);
    }
}

/* rank(L W - W R) with W = I (w == NULL) or W = diag(w). */
static slong disp_rank(opr_t lo, opr_t ro, const fmpq *d, const fmpq *w, slong n, double *secs)
{
    op_t L, R;
    opr_init(&L, lo, d, n);
    opr_init(&R, ro, d, n);
    fmpq_mat_t W;
    fmpq_mat_init(W, n, n);
    for (slong i = 0; i < n; i++)
        if (w)
            fmpq_set(fmpq_mat_entry(W, i, i), w + i);
        else
            fmpq_one(fmpq_mat_entry(W, i, i));
    fmpq_mat_t E;
    fmpq_mat_init(E, n, n);
    double t0 = wall_seconds();
    ldr_sylvester(E, &L, W, &R);
    slong r = rank_mm_fmpq(E, NULL); /* integer matrix: the multimodular certificate */
    fmpq_mat_clear(E);
    *secs = wall_seconds() - t0;
    fmpq_mat_clear(W);
    op_clear(&L);
    op_clear(&R);
    return r;
}

/* (i): W = I, one operator diagonal. */
static void check_identity(checker_t *c, slong n)
{
    fmpq *d = _fmpq_vec_init(n);
    generic_diag(d, n, c->rand);
    static const opr_t pairs[][2] = {{OPR_D, OPR_Z}, {OPR_Z, OPR_D}, {OPR_D, OPR_ZT},
                                     {OPR_ZT, OPR_D}, {OPR_D, OPR_Z1}, {OPR_ZM1, OPR_D}};
    for (int k = 0; k < 6; k++) {
        double secs;
        slong r = disp_rank(pairs[k][0], pairs[k][1], d, NULL, n, &secs);
        int variant = pairs[k][0] == OPR_Z1 || pairs[k][0] == OPR_ZM1 ||
                      pairs[k][1] == OPR_Z1 || pairs[k][1] == OPR_ZM1;
        slong claim = variant ? n - 1 : n;
        checker_row(c, ROW_POSITIVE, r >= claim, "I|%ld|(%s, %s)|>= %ld|%ld|%s|%.3f", (long)n,
                    opr_name(pairs[k][0]), opr_name(pairs[k][1]), (long)claim, (long)r,
                    variant ? ">= n - 1 (triangular minor)" : "n (triangular, diagonal D - 0)",
                    secs);
    }
    double secs;
    /* both operators shifts: I is Toeplitz, displacement rank 1 -- the hypothesis matters */
    slong r = disp_rank(OPR_Z1, OPR_ZM1, d, NULL, n, &secs);
    checker_row(c, ROW_NEGATIVE, r >= n - 1, "I, both operators shifts (neg. control)|%ld|"
                "(Z_1, Z_-1)|>= %ld|%ld|1 (Z_1 - Z_-1 = 2 e_0 e_{n-1}^T)|%.3f", (long)n,
                (long)(n - 1), (long)r, secs);
    /* D with a zero entry shares the eigenvalue 0 with Z: the triangular argument breaks */
    fmpq_zero(d + n / 2);
    r = disp_rank(OPR_D, OPR_Z, d, NULL, n, &secs);
    checker_row(c, ROW_NEGATIVE, r >= n, "I, D[n/2] = 0 (neg. control)|%ld|(D, Z)|>= %ld|%ld|"
                "n - 1|%.3f", (long)n, (long)n, (long)r, secs);
    _fmpq_vec_clear(d, n);
}

/* weights of the derived formulas */
static slong count_consecutive_distinct(const fmpq *w, slong n)
{
    slong k = 0;
    for (slong i = 0; i + 1 < n; i++)
        k += !fmpq_equal(w + i, w + i + 1);
    return k;
}

static slong count_cyclic_weights(const fmpq *w, slong n)
{
    fmpq_t s;
    fmpq_init(s);
    fmpq_add(s, w + 0, w + n - 1);
    slong k = count_consecutive_distinct(w, n) + !fmpq_is_zero(s);
    fmpq_clear(s);
    return k;
}

static void diag_rows(checker_t *c, const char *wname, row_kind_t kind, const fmpq *w, slong n,
                      slong claim_zz, slong claim_toep)
{
    double secs;
    slong r = disp_rank(OPR_Z, OPR_Z, NULL, w, n, &secs), ex = count_consecutive_distinct(w, n);
    checker_row(c, kind, r >= claim_zz && (kind == ROW_NEGATIVE || r == ex),
                "%s|%ld|(Z, Z)|>= %ld|%ld|%ld = #{i : D_i != D_i+1}|%.3f", wname, (long)n,
                (long)claim_zz, (long)r, (long)ex, secs);
    r = disp_rank(OPR_ZT, OPR_ZT, NULL, w, n, &secs);
    checker_row(c, kind, r >= claim_zz && (kind == ROW_NEGATIVE || r == ex),
                "%s|%ld|(Z^T, Z^T)|>= %ld|%ld|%ld = #{i : D_i != D_i+1}|%.3f", wname, (long)n,
                (long)claim_zz, (long)r, (long)ex, secs);
    r = disp_rank(OPR_Z1, OPR_ZM1, NULL, w, n, &secs);
    ex = count_cyclic_weights(w, n);
    checker_row(c, kind, r >= claim_toep && (kind == ROW_NEGATIVE || r == ex),
                "%s|%ld|(Z_1, Z_-1)|>= %ld|%ld|%ld = non-zero cyclic weights|%.3f", wname,
                (long)n, (long)claim_toep, (long)r, (long)ex, secs);
}

/* (ii): W = D generic diagonal, both operators shifts. */
static void check_diagonal(checker_t *c, slong n)
{
    fmpq *w = _fmpq_vec_init(n);
    generic_diag(w, n, c->rand);
    diag_rows(c, "generic D", ROW_POSITIVE, w, n, n - 1, n);
    /* the exact value is n - 1, not n: the claim raised by one must fail */
    double secs;
    slong r = disp_rank(OPR_Z, OPR_Z, NULL, w, n, &secs);
    checker_row(c, ROW_NEGATIVE, r >= n, "generic D, claim raised by one (neg. control)|%ld|"
                "(Z, Z)|>= %ld|%ld|n - 1|%.3f", (long)n, (long)n, (long)r, secs);
    /* consecutive equal pairs D_{2i} = D_{2i+1}: the hypothesis broken, rank about n/2 */
    for (slong i = 0; i + 1 < n; i += 2)
        fmpq_set(w + i + 1, w + i);
    diag_rows(c, "D with D_2i = D_2i+1 (neg. control)", ROW_NEGATIVE, w, n, n - 1, n - 1);
    _fmpq_vec_clear(w, n);
}

static const checker_info_t info = {
    "rudra_ldr_lower",
    "Section 4.5.3: identity and diagonal matrices of displacement rank Omega(n)",
    "papers/rudra_circuits_structured_matrices_kmatrices.txt, Section 4.5.3",
    "Exact displacement ranks over Q of W = I with one diagonal operator (D, Z, Z^T and the\n"
    "variants Z_1, Z_-1) and of a generic diagonal W = D with both operators shifts, against\n"
    "the claimed Omega(n) and the exact values derived in the source; n = 8 .. 256.  Negative\n"
    "controls: both operators shifts for W = I (rank 1), a zero in D, a claim raised by one,\n"
    "D with equal consecutive entries.",
    NULL,
};

/* One cell per (part, n): the rows of one size, its own randomness (reseeded from --seed
 * and the cell); sizes ascending, so the largest cells come last. */
static const slong sizes[] = {8, 16, 32, 64, 128, 256};

static void run_identity(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    check_identity(c, sizes[cell]);
}

static void run_diagonal(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    check_diagonal(c, sizes[cell]);
}

static void size_label(long cell, void *ctx, char *buf, size_t len)
{
    (void)ctx;
    snprintf(buf, len, "n=%ld", (long)sizes[cell]);
}

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    int ns = c.quick ? 3 : 6;
    checker_param(&c, "sizes", "n in {8, .., %ld} (powers of two)", (long)sizes[ns - 1]);
    checker_section(&c, "(i) W = I, one operator diagonal", COLUMNS);
    if (checker_run_named_cells(&c, "identity", ns, run_identity, size_label, NULL, 2) != 0)
        return checker_fail(&c, "a cell of part (i) could not be computed or stored");
    checker_section(&c, "(ii) W = diagonal, both operators shifts", COLUMNS);
    if (checker_run_named_cells(&c, "diagonal", ns, run_diagonal, size_label, NULL, 2) != 0)
        return checker_fail(&c, "a cell of part (ii) could not be computed or stored");
    checker_note(&c, "The section assumes L and R share no eigenvalue, but its own example (ii) "
                     "uses L = R = Z (both nilpotent); the (Z_1, Z_-1) rows satisfy the "
                     "assumption and give rank n for a generic diagonal.  'Omega(n)' is checked "
                     "with the constants derived in the source (n, n - 1), exactly.");
    return checker_finish(&c);
}
