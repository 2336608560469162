/* qmat.c -- helpers over FLINT rational matrices (see qmat.h). */
#include "exact/qmat.h"

#include <stdio.h>

#include <flint/nmod_mat.h>

void qrand_fmpq(fmpq_t x, flint_rand_t st, slong num_bound, slong den_bound)
{
    slong p = (slong)n_randint(st, (ulong)(2 * num_bound + 1)) - num_bound;
    slong q = 1 + (slong)n_randint(st, (ulong)den_bound);
    fmpq_set_si(x, p, (ulong)q);
}

void qrand_fmpq_nonzero(fmpq_t x, flint_rand_t st, slong num_bound, slong den_bound)
{
    do
        qrand_fmpq(x, st, num_bound, den_bound);
    while (fmpq_is_zero(x));
}

void qmat_rand(fmpq_mat_t M, flint_rand_t st, slong num_bound, slong den_bound)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++)
            qrand_fmpq(fmpq_mat_entry(M, i, j), st, num_bound, den_bound);
}

void qmat_rand_rank(fmpq_mat_t R, flint_rand_t st, slong r, slong num_bound, slong den_bound)
{
    fmpq_mat_t G, Ht;
    fmpq_mat_init(G, fmpq_mat_nrows(R), r);
    fmpq_mat_init(Ht, r, fmpq_mat_ncols(R));
    qmat_rand(G, st, num_bound, den_bound);
    qmat_rand(Ht, st, num_bound, den_bound);
    if (r == 0)
        fmpq_mat_zero(R);
    else
        fmpq_mat_mul(R, G, Ht);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Ht);
}

/* Exact rank over Q, certified (never a modular guess):
 *  1. rank mod p (p a 62-bit prime) is rho_p <= rank over Q, with pivot columns J (rref of Z
 *     mod p) and pivot rows I (rref of Z[:, J]^T mod p); S = Z[I, J] is non-singular mod p,
 *     hence over Q, so rank >= rho_p.
 *  2. rank <= rho_p is proven exactly by checking Z = Z[:, J] S^{-1} Z[I, :] over Q
 *     (O(rho m n) big-number products: cheap for the low ranks of displacements).
 *  3. If the identity fails (p divides a minor: unlucky prime), FLINT's fmpz_mat_rank decides.
 * Full rank mod p needs no step 2 (rank <= min(m, n) always). */
slong qmat_pivots_mod_p(slong *rows, slong *cols, const nmod_mat_t A)
{
    slong m = nmod_mat_nrows(A);
    nmod_mat_t E;
    nmod_mat_init_set(E, A);
    slong rho = nmod_mat_rref(E);
    for (slong k = 0, j = 0; k < rho; k++) {
        while (nmod_mat_entry(E, k, j) == 0)
            j++;
        cols[k] = j;
    }
    nmod_mat_t T; /* A[:, cols]^T: its pivot columns are rows of A independent in cols */
    nmod_mat_init(T, rho, m, A->mod.n);
    for (slong k = 0; k < rho; k++)
        for (slong i = 0; i < m; i++)
            nmod_mat_entry(T, k, i) = nmod_mat_entry(A, i, cols[k]);
    nmod_mat_rref(T);
    for (slong k = 0, i = 0; k < rho; k++) {
        while (nmod_mat_entry(T, k, i) == 0)
            i++;
        rows[k] = i;
    }
    nmod_mat_clear(T);
    nmod_mat_clear(E);
    return rho;
}

/* Does Z equal Z[:, J] S^{-1} Z[I, :] exactly, with S = Z[I, J]? */
static int low_rank_identity_holds(const fmpz_mat_t Z, const slong *rows, const slong *cols,
                                   slong rho)
{
    slong m = fmpz_mat_nrows(Z), n = fmpz_mat_ncols(Z);
    fmpz_mat_t S, ZI, ZJ;
    fmpz_mat_init(S, rho, rho);
    fmpz_mat_init(ZI, rho, n);
    fmpz_mat_init(ZJ, m, rho);
    for (slong a = 0; a < rho; a++) {
        for (slong b = 0; b < rho; b++)
            fmpz_set(fmpz_mat_entry(S, a, b), fmpz_mat_entry(Z, rows[a], cols[b]));
        for (slong j = 0; j < n; j++)
            fmpz_set(fmpz_mat_entry(ZI, a, j), fmpz_mat_entry(Z, rows[a], j));
        for (slong i = 0; i < m; i++)
            fmpz_set(fmpz_mat_entry(ZJ, i, a), fmpz_mat_entry(Z, i, cols[a]));
    }
    fmpq_mat_t X, Y, Zq, ZJq;
    fmpq_mat_init(X, rho, n);
    int ok = fmpq_mat_solve_fmpz_mat(X, S, ZI);
    if (ok) {
        fmpq_mat_init(Y, m, n);
        fmpq_mat_init(Zq, m, n);
        fmpq_mat_init(ZJq, m, rho);
        fmpq_mat_set_fmpz_mat(ZJq, ZJ);
        fmpq_mat_set_fmpz_mat(Zq, Z);
        fmpq_mat_mul(Y, ZJq, X);
        ok = fmpq_mat_equal(Y, Zq);
        fmpq_mat_clear(Y);
        fmpq_mat_clear(Zq);
        fmpq_mat_clear(ZJq);
    }
    fmpq_mat_clear(X);
    fmpz_mat_clear(S);
    fmpz_mat_clear(ZI);
    fmpz_mat_clear(ZJ);
    return ok;
}

slong qmat_rank(const fmpq_mat_t M)
{
    slong m = fmpq_mat_nrows(M), n = fmpq_mat_ncols(M);
    if (m == 0 || n == 0)
        return 0;
    fmpz_mat_t Z;
    fmpz_mat_init(Z, m, n);
    fmpq_mat_get_fmpz_mat_rowwise(Z, NULL, M);
    slong r = qmat_rank_fmpz(Z);
    fmpz_mat_clear(Z);
    return r;
}

slong qmat_rank_fmpz(const fmpz_mat_t Z)
{
    slong m = fmpz_mat_nrows(Z), n = fmpz_mat_ncols(Z);
    if (m == 0 || n == 0)
        return 0;
    slong *rows = flint_malloc(sizeof(slong) * (size_t)FLINT_MIN(m, n));
    slong *cols = flint_malloc(sizeof(slong) * (size_t)FLINT_MIN(m, n));
    nmod_mat_t A;
    nmod_mat_init(A, m, n, n_nextprime(UWORD(1) << 62, 1));
    fmpz_mat_get_nmod_mat(A, Z);
    slong rho = qmat_pivots_mod_p(rows, cols, A);
    nmod_mat_clear(A);
    if (rho < FLINT_MIN(m, n) && (rho == 0 ? !fmpz_mat_is_zero(Z)
                                           : !low_rank_identity_holds(Z, rows, cols, rho)))
        rho = fmpz_mat_rank(Z); /* unlucky prime: decide without shortcuts */
    flint_free(rows);
    flint_free(cols);
    return rho;
}

slong qmat_height_bits(const fmpq_mat_t M)
{
    slong b = 0;
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            const fmpq *x = fmpq_mat_entry(M, i, j);
            slong bn = fmpz_bits(fmpq_numref(x)), bd = fmpz_bits(fmpq_denref(x));
            b = FLINT_MAX(b, FLINT_MAX(bn, bd));
        }
    return b;
}

void qmat_set_block(fmpq_mat_t dst, const fmpq_mat_t src, slong i0, slong j0)
{
    for (slong i = 0; i < fmpq_mat_nrows(src); i++)
        for (slong j = 0; j < fmpq_mat_ncols(src); j++)
            fmpq_set(fmpq_mat_entry(dst, i0 + i, j0 + j), fmpq_mat_entry(src, i, j));
}

void qmat_get_block(fmpq_mat_t dst, const fmpq_mat_t src, slong i0, slong j0)
{
    for (slong i = 0; i < fmpq_mat_nrows(dst); i++)
        for (slong j = 0; j < fmpq_mat_ncols(dst); j++)
            fmpq_set(fmpq_mat_entry(dst, i, j), fmpq_mat_entry(src, i0 + i, j0 + j));
}

void qmat_get_col(fmpq *v, const fmpq_mat_t M, slong j)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        fmpq_set(v + i, fmpq_mat_entry(M, i, j));
}

void qmat_set_col(fmpq_mat_t M, slong j, const fmpq *v)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        fmpq_set(fmpq_mat_entry(M, i, j), v + i);
}

void qmat_print(const char *label, const fmpq_mat_t M)
{
    fprintf(stderr, "%s (%ld x %ld):\n", label, (long)fmpq_mat_nrows(M), (long)fmpq_mat_ncols(M));
    for (slong i = 0; i < fmpq_mat_nrows(M); i++) {
        fprintf(stderr, "  ");
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            fmpq_fprint(stderr, fmpq_mat_entry(M, i, j));
            fprintf(stderr, " ");
        }
        fprintf(stderr, "\n");
    }
}

void qvec_set(fmpq *dst, const fmpq *src, slong len)
{
    for (slong i = 0; i < len; i++)
        fmpq_set(dst + i, src + i);
}

void qvec_scalar_mul_fmpz(fmpq *dst, const fmpq *src, slong len, const fmpz_t c)
{
    for (slong i = 0; i < len; i++)
        fmpq_mul_fmpz(dst + i, src + i, c);
}
