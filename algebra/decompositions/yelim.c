/* yelim.c -- dominance certificate for the Toeplitz / Hankel multiplication map (yelim.h). */
#include "decompositions/yelim.h"

#include <stdio.h>

const char *yelim_kind_name(yelim_kind_t kind)
{
    return kind == YELIM_TOEPLITZ ? "Toeplitz" : "Hankel";
}

slong yelim_param_index(yelim_kind_t kind, slong n, slong i, slong j)
{
    return kind == YELIM_TOEPLITZ ? i - j + n - 1 : i + j;
}

slong yelim_generic_count(slong n)
{
    return n / 2 + 1;
}

slong yelim_rank_upper_bound(slong n, slong k)
{
    return FLINT_MIN(n * n, k * (2 * n - 2) + 1);
}

/* F := the factor with parameters t (2n-1 residues). */
static void yelim_factor_modp(nmod_mat_t F, yelim_kind_t kind, const mp_limb_t *t)
{
    slong n = nmod_mat_nrows(F);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            nmod_mat_entry(F, i, j) = t[yelim_param_index(kind, n, i, j)];
}

/* Column of J for parameter d of a factor: vec(Pre E_d Suf), E_d the 0/1 pattern of d. */
static void yelim_column_modp(nmod_mat_t J, slong col, yelim_kind_t kind, slong d,
                              const nmod_mat_t Pre, const nmod_mat_t Suf)
{
    slong n = nmod_mat_nrows(Pre);
    nmod_t mod = J->mod;
    for (slong r = 0; r < n; r++)
        for (slong c = 0; c < n; c++) {
            mp_limb_t acc = 0;
            for (slong a = 0; a < n; a++) {
                slong b = kind == YELIM_TOEPLITZ ? a - d + n - 1 : d - a;
                if (b < 0 || b >= n)
                    continue;
                acc = nmod_add(acc, nmod_mul(nmod_mat_entry(Pre, r, a),
                                             nmod_mat_entry(Suf, b, c), mod), mod);
            }
            nmod_mat_entry(J, r * n + c, col) = acc;
        }
}

void yelim_jacobian_modp(nmod_mat_t J, yelim_kind_t kind, slong n, slong k,
                         const mp_limb_t *params)
{
    mp_limb_t p = J->mod.n;
    slong np = 2 * n - 1;
    nmod_mat_t *F = flint_malloc(sizeof(nmod_mat_t) * (size_t)k);
    nmod_mat_t Pre, Suf, T;
    for (slong f = 0; f < k; f++) {
        nmod_mat_init(F[f], n, n, p);
        yelim_factor_modp(F[f], kind, params + f * np);
    }
    nmod_mat_init(Pre, n, n, p);
    nmod_mat_init(Suf, n, n, p);
    nmod_mat_init(T, n, n, p);
    nmod_mat_one(Pre);
    for (slong f = 0; f < k; f++) {
        nmod_mat_one(Suf);
        for (slong g = f + 1; g < k; g++) {
            nmod_mat_mul(T, Suf, F[g]);
            nmod_mat_set(Suf, T);
        }
        for (slong d = 0; d < np; d++)
            yelim_column_modp(J, f * np + d, kind, d, Pre, Suf);
        nmod_mat_mul(T, Pre, F[f]);
        nmod_mat_set(Pre, T);
    }
    for (slong f = 0; f < k; f++)
        nmod_mat_clear(F[f]);
    flint_free(F);
    nmod_mat_clear(Pre);
    nmod_mat_clear(Suf);
    nmod_mat_clear(T);
}

/* J v == 0 for the k-1 rescaling tangents v = (.., t_f, -t_{f+1}, ..). */
static int yelim_scaling_in_kernel(const nmod_mat_t J, slong n, slong k, const mp_limb_t *params)
{
    slong np = 2 * n - 1, N = k * np;
    nmod_t mod = J->mod;
    int ok = 1;
    mp_limb_t *v = flint_calloc((size_t)N, sizeof(mp_limb_t));
    for (slong f = 0; f + 1 < k && ok; f++) {
        for (slong q = 0; q < N; q++)
            v[q] = 0;
        for (slong d = 0; d < np; d++) {
            v[f * np + d] = params[f * np + d];
            v[(f + 1) * np + d] = nmod_neg(params[(f + 1) * np + d], mod);
        }
        for (slong r = 0; r < nmod_mat_nrows(J) && ok; r++) {
            mp_limb_t acc = 0;
            for (slong q = 0; q < N; q++)
                acc = nmod_add(acc, nmod_mul(nmod_mat_entry(J, r, q), v[q], mod), mod);
            ok = acc == 0;
        }
    }
    flint_free(v);
    return ok;
}

int yelim_jacobian_rank(yelim_rank_t *out, yelim_kind_t kind, slong n, slong k, slong bound,
                        mp_limb_t p, flint_rand_t st)
{
    if (n < 1 || n > YELIM_MAX_N || k < 1 || bound < 1) {
        fprintf(stderr, "yelim_jacobian_rank: need 1 <= n <= %d, k >= 1, bound >= 1 "
                        "(got n = %ld, k = %ld, bound = %ld)\n",
                YELIM_MAX_N, (long)n, (long)k, (long)bound);
        return -1;
    }
    slong np = 2 * n - 1, N = k * np;
    nmod_t mod;
    nmod_init(&mod, p);
    mp_limb_t *params = flint_malloc(sizeof(mp_limb_t) * (size_t)N);
    for (slong q = 0; q < N; q++) {
        slong v = (slong)n_randint(st, (ulong)(2 * bound + 1)) - bound;
        params[q] = v >= 0 ? (mp_limb_t)v : nmod_neg((mp_limb_t)(-v), mod);
    }
    nmod_mat_t J;
    nmod_mat_init(J, n * n, N, p);
    yelim_jacobian_modp(J, kind, n, k, params);
    out->scaling_in_kernel = yelim_scaling_in_kernel(J, n, k, params);
    out->rank_modp = nmod_mat_rank(J);
    out->upper_bound = yelim_rank_upper_bound(n, k);
    out->prime = p;
    nmod_mat_clear(J);
    flint_free(params);
    return 0;
}
