/* equivariant_tangent.c -- Jacobian / tangent-space ranks at random points (see the header). */
#include "equivariant/equivariant_tangent.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_mat.h>
#include <flint/nmod_mat.h>
#include <flint/ulong_extras.h>

/* sigma^t(i) for 0 <= t < N. */
typedef struct {
    long n, N;
    long *pw;
} powtab_t;

static int powtab_init(powtab_t *T, const permutation_t *p, long N)
{
    T->n = p->n;
    T->N = N;
    T->pw = malloc((size_t)(N * p->n) * sizeof *T->pw);
    if (!T->pw)
        return -1;
    for (long i = 0; i < p->n; i++)
        T->pw[i] = i;
    for (long t = 1; t < N; t++)
        for (long i = 0; i < p->n; i++)
            T->pw[t * p->n + i] = p->image[T->pw[(t - 1) * p->n + i]];
    return 0;
}

#define PW(T, t, i) ((T)->pw[(t) * (T)->n + (i)])

static long order_of(const permutation_t *p)
{
    permutation_cycle_type_t ct;
    if (permutation_cycle_type(&ct, p) != 0)
        return -1;
    fmpz_t o;
    fmpz_init(o);
    permutation_order(o, &ct);
    long N = fmpz_cmp_si(o, 1L << 20) < 0 ? fmpz_get_si(o) : -1;
    fmpz_clear(o);
    permutation_cycle_type_clear(&ct);
    return N;
}

int equivariant_tangent_rational(const permutation_t *p)
{
    long N = order_of(p);
    return N == 1 || N == 2 || N == 3 || N == 4 || N == 6;
}

long equivariant_tangent_ramanujan(long l, long t)
{
    long g = l, a = t < 0 ? -t : t;
    while (a) {
        long x = g % a;
        g = a;
        a = x;
    }
    long s = 0;
    for (long d = 1; d <= g; d++)
        if (g % d == 0)
            s += n_moebius_mu((ulong)(l / d)) * d;
    return s;
}

/* ---------------------------------------------------------------- over Z (exact) */

/* X += R(u v^T):  X[sigma^t(a)][sigma^t(c)] += u[a] v[c]. */
static void reynolds_add_z(fmpz_mat_t X, const powtab_t *T, const fmpz *u, const fmpz *v)
{
    for (long a = 0; a < T->n; a++) {
        if (fmpz_is_zero(u + a))
            continue;
        for (long c = 0; c < T->n; c++)
            for (long t = 0; t < T->N; t++)
                fmpz_addmul(fmpz_mat_entry(X, PW(T, t, a), PW(T, t, c)), u + a, v + c);
    }
}

/* Column COL of J := vec(E R(u v^T)). */
static void jacobian_column_z(fmpz_mat_t J, long col, const fmpz_mat_t E, const powtab_t *T,
                              const fmpz *u, const fmpz *v, fmpz_mat_t X, fmpz_mat_t Y)
{
    long n = T->n;
    fmpz_mat_zero(X);
    reynolds_add_z(X, T, u, v);
    fmpz_mat_mul(Y, E, X);
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++)
            fmpz_set(fmpz_mat_entry(J, i * n + j, col), fmpz_mat_entry(Y, i, j));
}

/* Random entries in [-2^29, 2^29): a random point is degenerate with probability ~ n 2^-30. */
static long rand_entry(flint_rand_t st)
{
    return (long)n_randint(st, UWORD(1) << 30) - (1L << 29);
}

static void rand_vec_z(fmpz *v, long n, flint_rand_t st)
{
    for (long i = 0; i < n; i++)
        fmpz_set_si(v + i, rand_entry(st));
}

/* dim of {X in span(basis) : U^T X V = 0}, U, V kernels of M0 (left, right). */
static long tangent_dim_z(const fmpz_mat_t M0, const fmpz_mat_struct *basis, long nb)
{
    long rows = fmpz_mat_nrows(M0), cols = fmpz_mat_ncols(M0);
    fmpz_mat_t Mt, U, V, L, UX, UXV, Ut;
    fmpz_mat_init(Mt, cols, rows);
    fmpz_mat_transpose(Mt, M0);
    fmpz_mat_init(U, rows, rows);
    fmpz_mat_init(V, cols, cols);
    long ku = fmpz_mat_nullspace(U, Mt), kv = fmpz_mat_nullspace(V, M0);
    fmpz_mat_init(Ut, ku, rows);
    for (long i = 0; i < ku; i++)
        for (long j = 0; j < rows; j++)
            fmpz_set(fmpz_mat_entry(Ut, i, j), fmpz_mat_entry(U, j, i));
    fmpz_mat_t Vk;
    fmpz_mat_init(Vk, cols, kv);
    for (long i = 0; i < cols; i++)
        for (long j = 0; j < kv; j++)
            fmpz_set(fmpz_mat_entry(Vk, i, j), fmpz_mat_entry(V, i, j));
    fmpz_mat_init(L, ku * kv > 0 ? ku * kv : 1, nb);
    fmpz_mat_init(UX, ku, cols);
    fmpz_mat_init(UXV, ku, kv);
    for (long b = 0; b < nb && ku * kv > 0; b++) {
        fmpz_mat_mul(UX, Ut, basis + b);
        fmpz_mat_mul(UXV, UX, Vk);
        for (long i = 0; i < ku; i++)
            for (long j = 0; j < kv; j++)
                fmpz_set(fmpz_mat_entry(L, i * kv + j, b), fmpz_mat_entry(UXV, i, j));
    }
    long dim = nb - (ku * kv > 0 ? fmpz_mat_rank(L) : 0);
    fmpz_mat_clear(Mt);
    fmpz_mat_clear(U);
    fmpz_mat_clear(V);
    fmpz_mat_clear(Ut);
    fmpz_mat_clear(Vk);
    fmpz_mat_clear(L);
    fmpz_mat_clear(UX);
    fmpz_mat_clear(UXV);
    return dim;
}

/* Orbit indicator matrices of <sigma> on pairs: a basis of the commutant. */
static fmpz_mat_struct *commutant_basis(const permutation_t *p, long *nb)
{
    long n = p->n, cnt = 0;
    fmpz_mat_struct *B = malloc((size_t)(n * n) * sizeof *B);
    char *seen = calloc((size_t)(n * n), 1);
    for (long a = 0; a < n * n; a++) {
        if (seen[a])
            continue;
        fmpz_mat_init(B + cnt, n, n);
        for (long i = a / n, j = a % n; !seen[i * n + j]; i = p->image[i], j = p->image[j]) {
            seen[i * n + j] = 1;
            fmpz_one(fmpz_mat_entry(B + cnt, i, j));
        }
        cnt++;
    }
    free(seen);
    *nb = cnt;
    return B;
}

static void basis_clear(fmpz_mat_struct *B, long nb)
{
    for (long i = 0; i < nb; i++)
        fmpz_mat_clear(B + i);
    free(B);
}

static int commutes_z(const fmpz_mat_t M, const permutation_t *p)
{
    for (long i = 0; i < p->n; i++)
        for (long j = 0; j < p->n; j++)
            if (!fmpz_equal(fmpz_mat_entry(M, i, j),
                            fmpz_mat_entry(M, p->image[i], p->image[j])))
                return 0;
    return 1;
}

int equivariant_tangent_check_q(equivariant_tangent_result_t *res, const permutation_t *p,
                                const equivariant_system_t *S, const long *tuple,
                                flint_rand_t st)
{
    memset(res, 0, sizeof *res);
    res->tangent_dim = -1;
    long N = order_of(p), n = p->n;
    if (!equivariant_tangent_rational(p) || S->field != EQUIVARIANT_REAL)
        return -1;
    powtab_t T;
    if (powtab_init(&T, p, N) != 0)
        return -1;
    long ncols = 0, used = 0;
    for (long u = 0; u < S->num_units; u++)
        ncols += 2 * n * tuple[u];
    fmpz_mat_t J, E, X, Y, M0;
    fmpz_mat_init(J, n * n, ncols > 0 ? ncols : 1);
    fmpz_mat_init(E, n, n);
    fmpz_mat_init(X, n, n);
    fmpz_mat_init(Y, n, n);
    fmpz_mat_init(M0, n, n);
    fmpz *a = _fmpz_vec_init(n), *b = _fmpz_vec_init(n), *e = _fmpz_vec_init(n);
    for (long u = 0; u < S->num_units; u++) {
        fmpz_mat_zero(E);
        for (long t = 0; t < N; t++) /* N E_l = sum_t c_l(t) P^t */
            for (long i = 0; i < n; i++)
                fmpz_add_si(fmpz_mat_entry(E, PW(&T, t, i), i),
                            fmpz_mat_entry(E, PW(&T, t, i), i),
                            equivariant_tangent_ramanujan(S->units[u].l, t));
        for (long k = 0; k < tuple[u]; k++) {
            rand_vec_z(a, n, st);
            rand_vec_z(b, n, st);
            fmpz_mat_zero(X);
            reynolds_add_z(X, &T, a, b);
            fmpz_mat_mul(Y, E, X);
            fmpz_mat_add(M0, M0, Y);
            for (long j = 0; j < n; j++) {
                _fmpz_vec_zero(e, n);
                fmpz_one(e + j);
                jacobian_column_z(J, used++, E, &T, e, b, X, Y);
                jacobian_column_z(J, used++, E, &T, a, e, X, Y);
            }
        }
    }
    res->rank_point = fmpz_mat_rank(M0);
    res->in_space = commutes_z(M0, p);
    res->jacobian_rank = fmpz_mat_rank(J);
    long nb;
    fmpz_mat_struct *B = commutant_basis(p, &nb);
    res->tangent_dim = tangent_dim_z(M0, B, nb);
    basis_clear(B, nb);
    _fmpz_vec_clear(a, n);
    _fmpz_vec_clear(b, n);
    _fmpz_vec_clear(e, n);
    fmpz_mat_clear(J);
    fmpz_mat_clear(E);
    fmpz_mat_clear(X);
    fmpz_mat_clear(Y);
    fmpz_mat_clear(M0);
    free(T.pw);
    return 0;
}

/* ---------------------------------------------------------------- modulo a prime */

static ulong prime_one_mod(ulong N)
{
    ulong k = (UWORD(1) << 62) / N;
    while (k > 1 && !n_is_prime(k * N + 1))
        k--;
    return k * N + 1;
}

/* An element of exact multiplicative order N in F_p (p = 1 mod N): w = x^((p-1)/N) for
 * x = 2, 3, ... until w^(N/q) != 1 for every prime q | N (checked, not assumed). */
static mp_limb_t root_of_unity(ulong N, ulong pr, nmod_t mod)
{
    n_factor_t fac;
    n_factor_init(&fac);
    n_factor(&fac, N, 1);
    for (ulong x = 2;; x++) {
        mp_limb_t w = n_powmod2_ui_preinv(x, (pr - 1) / N, pr, mod.ninv);
        int ok = 1;
        for (int i = 0; i < fac.num && ok; i++)
            ok = n_powmod2_ui_preinv(w, N / fac.p[i], pr, mod.ninv) != 1;
        if (ok)
            return w;
    }
}

/* X += R(u v^T) mod p. */
static void reynolds_add_mod(nmod_mat_t X, const powtab_t *T, const mp_limb_t *u,
                             const mp_limb_t *v, nmod_t mod)
{
    for (long a = 0; a < T->n; a++) {
        if (u[a] == 0)
            continue;
        for (long c = 0; c < T->n; c++) {
            mp_limb_t uv = nmod_mul(u[a], v[c], mod);
            for (long t = 0; t < T->N; t++) {
                mp_limb_t *x = nmod_mat_entry_ptr(X, PW(T, t, a), PW(T, t, c));
                *x = nmod_add(*x, uv, mod);
            }
        }
    }
}

static void jacobian_column_mod(nmod_mat_t J, long col, const nmod_mat_t E, const powtab_t *T,
                                const mp_limb_t *u, const mp_limb_t *v, nmod_mat_t X,
                                nmod_mat_t Y, nmod_t mod)
{
    nmod_mat_zero(X);
    reynolds_add_mod(X, T, u, v, mod);
    nmod_mat_mul(Y, E, X);
    for (long i = 0; i < T->n; i++)
        for (long j = 0; j < T->n; j++)
            nmod_mat_entry(J, i * T->n + j, col) = nmod_mat_entry(Y, i, j);
}

/* N E_j = sum_t omega^{-j t} P^t. */
static void projector_mod(nmod_mat_t E, const powtab_t *T, mp_limb_t omega, long j, nmod_t mod)
{
    nmod_mat_zero(E);
    mp_limb_t winv = n_invmod(omega, mod.n);
    mp_limb_t step = n_powmod2_ui_preinv(winv, (ulong)j, mod.n, mod.ninv), c = 1;
    for (long t = 0; t < T->N; t++) {
        for (long i = 0; i < T->n; i++) {
            mp_limb_t *x = nmod_mat_entry_ptr(E, PW(T, t, i), i);
            *x = nmod_add(*x, c, mod);
        }
        c = nmod_mul(c, step, mod);
    }
}

int equivariant_tangent_check_mod(equivariant_tangent_result_t *res, const permutation_t *p,
                                  const equivariant_system_t *S, const long *tuple,
                                  flint_rand_t st)
{
    memset(res, 0, sizeof *res);
    res->tangent_dim = -1;
    long N = order_of(p), n = p->n;
    if (N < 1 || n > 16)
        return -1;
    ulong pr = prime_one_mod((ulong)N);
    nmod_t mod;
    nmod_init(&mod, pr);
    mp_limb_t omega = root_of_unity((ulong)N, pr, mod);
    res->prime = pr;
    powtab_t T;
    if (powtab_init(&T, p, N) != 0)
        return -1;
    long ncols = 0;
    for (long u = 0; u < S->num_units; u++)
        ncols += 2 * n * tuple[u] * (S->field == EQUIVARIANT_REAL ? S->units[u].weight : 1);
    nmod_mat_t J, E, X, Y, M0;
    nmod_mat_init(J, n * n, ncols > 0 ? ncols : 1, pr);
    nmod_mat_init(E, n, n, pr);
    nmod_mat_init(X, n, n, pr);
    nmod_mat_init(Y, n, n, pr);
    nmod_mat_init(M0, n, n, pr);
    mp_limb_t *a = calloc((size_t)n, sizeof *a), *b = calloc((size_t)n, sizeof *b);
    mp_limb_t *e = calloc((size_t)n, sizeof *e);
    long used = 0;
    for (long u = 0; u < S->num_units; u++) {
        const equivariant_unit_t *un = S->units + u;
        long j0 = un->m * (N / un->l) % N; /* zeta_l^m = omega^{m N / l} */
        int copies = (S->field == EQUIVARIANT_REAL && un->weight == 2) ? 2 : 1;
        for (int h = 0; h < copies; h++) {
            projector_mod(E, &T, omega, h == 0 ? j0 : (N - j0) % N, mod);
            for (long k = 0; k < tuple[u]; k++) {
                for (long i = 0; i < n; i++) {
                    a[i] = n_randint(st, pr);
                    b[i] = n_randint(st, pr);
                }
                nmod_mat_zero(X);
                reynolds_add_mod(X, &T, a, b, mod);
                nmod_mat_mul(Y, E, X);
                nmod_mat_add(M0, M0, Y);
                for (long j = 0; j < n; j++) {
                    memset(e, 0, (size_t)n * sizeof *e);
                    e[j] = 1;
                    jacobian_column_mod(J, used++, E, &T, e, b, X, Y, mod);
                    jacobian_column_mod(J, used++, E, &T, a, e, X, Y, mod);
                }
            }
        }
    }
    res->in_space = 1;
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++)
            if (nmod_mat_entry(M0, i, j) !=
                nmod_mat_entry(M0, p->image[i], p->image[j]))
                res->in_space = 0;
    nmod_mat_t C;
    nmod_mat_init_set(C, M0);
    res->rank_point = nmod_mat_rank(C);
    res->jacobian_rank = ncols > 0 ? nmod_mat_rank(J) : 0;
    nmod_mat_clear(C);
    free(a);
    free(b);
    free(e);
    nmod_mat_clear(J);
    nmod_mat_clear(E);
    nmod_mat_clear(X);
    nmod_mat_clear(Y);
    nmod_mat_clear(M0);
    free(T.pw);
    return 0;
}

/* ---------------------------------------------------------------- invariant case */

int equivariant_tangent_check_invariant(equivariant_tangent_result_t *res,
                                        const permutation_t *p, long m, long q,
                                        flint_rand_t st)
{
    memset(res, 0, sizeof *res);
    long n = p->n;
    long *idx = malloc((size_t)n * sizeof *idx);
    if (!idx)
        return -1;
    long k = permutation_cycle_index(p, idx);
    fmpz_mat_t A, BE, M0, J;
    fmpz_mat_init(A, m, q);
    fmpz_mat_init(BE, q, n);
    fmpz_mat_init(M0, m, n);
    fmpz_mat_init(J, m * n, m * q + q * k > 0 ? m * q + q * k : 1);
    for (long i = 0; i < m; i++)
        for (long c = 0; c < q; c++)
            fmpz_set_si(fmpz_mat_entry(A, i, c), rand_entry(st));
    for (long c = 0; c < q; c++) {
        fmpz_t w;
        fmpz_init(w);
        for (long cyc = 0; cyc < k; cyc++) { /* B[c][cyc], shared by the columns of A_cyc */
            fmpz_set_si(w, rand_entry(st));
            for (long j = 0; j < n; j++)
                if (idx[j] == cyc)
                    fmpz_set(fmpz_mat_entry(BE, c, j), w);
        }
        fmpz_clear(w);
    }
    fmpz_mat_mul(M0, A, BE);
    long col = 0;
    for (long i = 0; i < m; i++) /* d/dA[i][c]: row i of the image is BE[c, :] */
        for (long c = 0; c < q; c++, col++)
            for (long j = 0; j < n; j++)
                fmpz_set(fmpz_mat_entry(J, i * n + j, col), fmpz_mat_entry(BE, c, j));
    for (long c = 0; c < q; c++) /* d/dB[c][cyc]: A[:, c] in the columns of cycle cyc */
        for (long cyc = 0; cyc < k; cyc++, col++)
            for (long i = 0; i < m; i++)
                for (long j = 0; j < n; j++)
                    if (idx[j] == cyc)
                        fmpz_set(fmpz_mat_entry(J, i * n + j, col), fmpz_mat_entry(A, i, c));
    res->rank_point = fmpz_mat_rank(M0);
    res->jacobian_rank = col > 0 ? fmpz_mat_rank(J) : 0;
    res->in_space = 1;
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++)
            if (!fmpz_equal(fmpz_mat_entry(M0, i, j), fmpz_mat_entry(M0, i, p->image[j])))
                res->in_space = 0;
    /* tangent space inside the invariant matrices, basis e_i 1_{A_c}^T */
    fmpz_mat_struct *B = malloc((size_t)(m * k) * sizeof *B);
    for (long i = 0; i < m; i++)
        for (long c = 0; c < k; c++) {
            fmpz_mat_init(B + i * k + c, m, n);
            for (long j = 0; j < n; j++)
                if (idx[j] == c)
                    fmpz_one(fmpz_mat_entry(B + i * k + c, i, j));
        }
    res->tangent_dim = tangent_dim_z(M0, B, m * k);
    basis_clear(B, m * k);
    fmpz_mat_clear(A);
    fmpz_mat_clear(BE);
    fmpz_mat_clear(M0);
    fmpz_mat_clear(J);
    free(idx);
    return 0;
}
