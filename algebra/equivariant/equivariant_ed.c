/* equivariant_ed.c -- ED reduction and the join of permutations (see equivariant_ed.h). */
#include "equivariant/equivariant_ed.h"

#include <flint/fmpq_poly.h>
#include <flint/fmpz_mat.h>

long equivariant_ed_reduced_matrix(fmpq_mat_t S, const fmpq_mat_t u, const permutation_t *p)
{
    long n = p->n, m = fmpq_mat_nrows(u);
    long *idx = flint_malloc((size_t)(n > 0 ? n : 1) * sizeof *idx);
    long k = permutation_cycle_index(p, idx);
    fmpq_mat_t Yh;
    fmpq_mat_init(Yh, m, k);
    long *len = flint_calloc((size_t)(k > 0 ? k : 1), sizeof *len);
    for (long j = 0; j < n; j++)
        len[idx[j]]++;
    for (long i = 0; i < m; i++) /* Yh = u E^T W^-1: the mean of u's row over each cycle */
        for (long j = 0; j < n; j++)
            fmpq_add(fmpq_mat_entry(Yh, i, idx[j]), fmpq_mat_entry(Yh, i, idx[j]),
                     fmpq_mat_entry(u, i, j));
    fmpq_t t;
    fmpq_init(t);
    fmpz_t lz;
    fmpz_init(lz);
    for (long i = 0; i < m; i++)
        for (long c = 0; c < k; c++) {
            fmpz_set_si(lz, len[c]);
            fmpq_div_fmpz(fmpq_mat_entry(Yh, i, c), fmpq_mat_entry(Yh, i, c), lz);
        }
    fmpz_clear(lz);
    for (long a = 0; a < m; a++) /* S = Yh W Yh^T */
        for (long b = 0; b < m; b++) {
            fmpq *e = fmpq_mat_entry(S, a, b);
            fmpq_zero(e);
            for (long c = 0; c < k; c++) {
                fmpq_mul(t, fmpq_mat_entry(Yh, a, c), fmpq_mat_entry(Yh, b, c));
                fmpq_mul_si(t, t, len[c]); /* W = diag(cycle lengths) */
                fmpq_add(e, e, t);
            }
        }
    fmpq_clear(t);
    fmpq_mat_clear(Yh);
    flint_free(len);
    flint_free(idx);
    return k;
}

long equivariant_ed_count(fmpz_t count, int *generic, const fmpq_mat_t S, long e, long want)
{
    fmpq_poly_t c, d, g;
    fmpq_poly_init(c), fmpq_poly_init(d), fmpq_poly_init(g);
    fmpq_mat_charpoly(c, S);
    fmpq_t c0;
    fmpq_init(c0);
    for (;;) { /* strip x^j: the zero eigenvalues */
        fmpq_poly_get_coeff_fmpq(c0, c, 0);
        if (fmpq_poly_length(c) == 0 || !fmpq_is_zero(c0))
            break;
        fmpq_poly_shift_right(c, c, 1);
    }
    fmpq_clear(c0);
    long total = fmpq_poly_degree(c);
    fmpq_poly_derivative(d, c);
    fmpq_poly_gcd(g, c, d);
    long s = total - fmpq_poly_degree(g);
    *generic = s == total && s == want;
    fmpz_bin_uiui(count, (ulong)s, (ulong)(e < 0 ? 0 : e));
    fmpq_poly_clear(c), fmpq_poly_clear(d), fmpq_poly_clear(g);
    return s;
}

int equivariant_join_permutation(permutation_t *s, const permutation_t *const *gs, long ng)
{
    long n = gs[0]->n;
    long *root = flint_malloc((size_t)(n > 0 ? n : 1) * sizeof *root),
         *img = flint_malloc((size_t)(n > 0 ? n : 1) * sizeof *img);
    for (long i = 0; i < n; i++)
        root[i] = i;
    for (int changed = 1; changed;) { /* propagate the smallest label along every generator */
        changed = 0;
        for (long g = 0; g < ng; g++)
            for (long i = 0; i < n; i++) {
                long j = gs[g]->image[i], m = root[i] < root[j] ? root[i] : root[j];
                if (root[i] != m || root[j] != m)
                    root[i] = root[j] = m, changed = 1;
            }
    }
    for (long i = 0; i < n; i++) { /* next point of the same orbit, cyclically */
        long nx = -1;
        for (long j = i + 1; j < n && nx < 0; j++)
            if (root[j] == root[i])
                nx = j;
        for (long j = 0; j <= i && nx < 0; j++)
            if (root[j] == root[i])
                nx = j;
        img[i] = nx;
    }
    char err[128];
    permutation_init(s);
    int rc = permutation_set_image(s, img, n, err, sizeof err);
    flint_free(root);
    flint_free(img);
    return rc;
}

long equivariant_invariant_subspace_dim(const permutation_t *const *gs, long ng)
{
    long n = gs[0]->n;
    fmpz_mat_t A; /* column i of x P_g - x: x_{g^-1 ... } -- as rows: e_{g(i)} - e_i */
    fmpz_mat_init(A, ng * n, n);
    for (long g = 0; g < ng; g++)
        for (long i = 0; i < n; i++) {
            fmpz_sub_ui(fmpz_mat_entry(A, g * n + i, i), fmpz_mat_entry(A, g * n + i, i), 1);
            fmpz_add_ui(fmpz_mat_entry(A, g * n + i, gs[g]->image[i]),
                        fmpz_mat_entry(A, g * n + i, gs[g]->image[i]), 1);
        }
    long r = fmpz_mat_rank(A);
    fmpz_mat_clear(A);
    return n - r;
}
