/* toeplitz_network.c -- the all-Toeplitz network of Theorem 2.4 (i) for a small ReLU target
 * (see toeplitz_network.h). */
#include "decompositions/toeplitz_network.h"

#include <stdlib.h>

#include "decompositions/interval_layer.h"
#include "decompositions/toeplitz_insert.h"
#include "decompositions/yelim_numeric.h"

#define W 4 /* m + n + 1 */
#define K 3 /* Ye-Lim factors of a 4 x 4 matrix: floor(4/2) + 1 */
#define NP (2 * W - 1)

/* One 4 x 4 fit of M (row-major doubles) into K Toeplitz factors, exact dyadic parameters in
 * Q (K * NP entries).  0, or -1 when the fit did not certify. */
static int fit_exact(fmpq *q, const double *M, flint_rand_t st)
{
    yelim_fit_opts_t o;
    yelim_fit_default_opts(&o);
    yelim_fit_t r;
    double theta[K * NP], bound;
    if (yelim_fit(&r, theta, YELIM_TOEPLITZ, W, K, M, &o, st) != 0 || !r.certified)
        return -1;
    if (yelim_refine_mp_exact(&bound, q, YELIM_TOEPLITZ, W, K, theta, M, &o) < 0)
        return -1;
    return bound < o.target ? 0 : -1;
}

static void factor_from_params(fmpq_mat_t F, const fmpq *q, int transpose)
{
    for (slong i = 0; i < W; i++)
        for (slong j = 0; j < W; j++)
            fmpq_set(fmpq_mat_entry(F, transpose ? j : i, transpose ? i : j),
                     q + yelim_param_index(YELIM_TOEPLITZ, W, i, j));
}

static void chain_product(fmpq_mat_t P, const fmpq_mat_struct *G)
{
    fmpq_mat_t A, B;
    fmpq_mat_init_set(A, G + TOEPLITZ_NET_CHAIN - 1);
    for (slong q = TOEPLITZ_NET_CHAIN - 2; q >= 0; q--) {
        fmpq_mat_init(B, fmpq_mat_nrows(G + q), fmpq_mat_ncols(A));
        fmpq_mat_mul(B, G + q, A);
        fmpq_mat_swap(A, B); /* swaps the dimensions too */
        fmpq_mat_clear(B);
    }
    fmpq_mat_set(P, A);
    fmpq_mat_clear(A);
}

static void frob2_diff(fmpq *s, const fmpq_mat_struct *A, const fmpq_mat_struct *B)
{
    fmpq_t d;
    fmpq_init(d);
    fmpq_zero(s);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++) {
            fmpq_sub(d, fmpq_mat_entry(A, i, j), fmpq_mat_entry(B, i, j));
            fmpq_addmul(s, d, d);
        }
    fmpq_clear(d);
}

static void init_all(toeplitz_network_t *T)
{
    for (slong q = 0; q < TOEPLITZ_NET_CHAIN - 1; q++)
        fmpq_mat_init(T->G1 + q, W, W);
    fmpq_mat_init(T->G1 + TOEPLITZ_NET_CHAIN - 1, W, 2);
    fmpq_mat_init(T->G2 + 0, 1, W);
    for (slong q = 1; q < TOEPLITZ_NET_CHAIN; q++)
        fmpq_mat_init(T->G2 + q, W, W);
    fmpq_mat_init(T->B1, W, 2);
    fmpq_mat_init(T->B2, 1, W);
    fmpq_mat_init(T->P1, W, 2);
    fmpq_mat_init(T->P2, 1, W);
    fmpq_init(T->res1);
    fmpq_init(T->res2);
    fmpq_init(T->c2);
    T->c1p = _fmpq_vec_init(W);
}

int toeplitz_network_build(toeplitz_network_t *T, const lu_network_t *N, flint_rand_t st)
{
    init_all(T);
    double M1[W * W] = {0}, M2[W * W] = {0};
    for (slong i = 0; i < 3; i++) {
        for (slong j = 0; j < 2; j++) {
            fmpq_set(fmpq_mat_entry(T->B1, i, j), fmpq_mat_entry(N->W1, i, j));
            M1[i * W + j] = fmpq_get_d(fmpq_mat_entry(N->W1, i, j)); /* small integers: exact */
        }
        fmpq_set(fmpq_mat_entry(T->B2, 0, i), N->w2 + i);
        M2[i * W] = fmpq_get_d(N->w2 + i); /* halves and integers: exact */
        fmpq_set(T->c1p + i, N->c1 + i);
    }
    fmpq_set(T->c2, N->c2);
    fmpq *q1 = _fmpq_vec_init(K * NP), *q2 = _fmpq_vec_init(K * NP);
    int rc = fit_exact(q1, M1, st);
    if (rc == 0)
        rc = fit_exact(q2, M2, st);
    if (rc == 0) {
        /* hidden: [B1, 0] = T1 T2 T3, then [I_2; 0] */
        for (slong f = 0; f < K; f++)
            factor_from_params(T->G1 + f, q1 + f * NP, 0);
        fmpq_one(fmpq_mat_entry(T->G1 + K, 0, 0));
        fmpq_one(fmpq_mat_entry(T->G1 + K, 1, 1));
        /* output: B2 = e_1^T ([B2^T, 0])^T = e_1^T S3^T S2^T S1^T */
        fmpq_one(fmpq_mat_entry(T->G2 + 0, 0, 0));
        for (slong f = 0; f < K; f++)
            factor_from_params(T->G2 + K - f, q2 + f * NP, 1);
        chain_product(T->P1, T->G1);
        chain_product(T->P2, T->G2);
        frob2_diff(T->res1, T->P1, T->B1);
        frob2_diff(T->res2, T->P2, T->B2);
    }
    _fmpq_vec_clear(q1, K * NP);
    _fmpq_vec_clear(q2, K * NP);
    if (rc != 0)
        toeplitz_network_clear(T);
    return rc;
}

void toeplitz_network_clear(toeplitz_network_t *T)
{
    for (slong q = 0; q < TOEPLITZ_NET_CHAIN; q++) {
        fmpq_mat_clear(T->G1 + q);
        fmpq_mat_clear(T->G2 + q);
    }
    fmpq_mat_clear(T->B1);
    fmpq_mat_clear(T->B2);
    fmpq_mat_clear(T->P1);
    fmpq_mat_clear(T->P2);
    fmpq_clear(T->res1);
    fmpq_clear(T->res2);
    fmpq_clear(T->c2);
    _fmpq_vec_clear(T->c1p, W);
}

int toeplitz_network_shapes_ok(const toeplitz_network_t *T)
{
    static const slong r1[] = {W, W, W, W}, c1[] = {W, W, W, 2};
    static const slong r2[] = {1, W, W, W}, c2[] = {W, W, W, W};
    int ok = 1;
    for (slong q = 0; q < TOEPLITZ_NET_CHAIN; q++) {
        ok &= fmpq_mat_nrows(T->G1 + q) == r1[q] && fmpq_mat_ncols(T->G1 + q) == c1[q];
        ok &= fmpq_mat_nrows(T->G2 + q) == r2[q] && fmpq_mat_ncols(T->G2 + q) == c2[q];
        ok &= toeplitz_insert_is_toeplitz(T->G1 + q) && toeplitz_insert_is_toeplitz(T->G2 + q);
    }
    return ok;
}

/* ---------------------------------------------------------------- the layers of g_h */
void toeplitz_network_layer_dims(slong *rows, slong *cols, slong l)
{
    *rows = l == 7 ? 1 : W;
    *cols = l == 0 ? 2 : W;
}

/* Layer l: chain l / 4, position j = l % 4 applies factor G[3 - j] (see the header). */
void toeplitz_network_layer(fmpq_mat_t A, fmpq *b, const toeplitz_network_t *T, slong l,
                            const fmpq_t h)
{
    const fmpq_mat_struct *G = (l < 4 ? T->G1 : T->G2) + (3 - l % 4);
    slong j = l % 4, rows = fmpq_mat_nrows(G);
    fmpq_t s, rowsum;
    fmpq_init(s);
    fmpq_init(rowsum);
    if (j == 0)
        fmpq_set(s, h);
    else if (j == 3)
        fmpq_inv(s, h);
    else
        fmpq_one(s);
    fmpq_mat_scalar_mul_fmpq(A, G, s);
    for (slong i = 0; i < rows; i++) {
        if (j == 0) {
            fmpq_one(b + i);
            continue;
        }
        fmpq_zero(rowsum);
        for (slong c = 0; c < fmpq_mat_ncols(G); c++)
            fmpq_add(rowsum, rowsum, fmpq_mat_entry(A, i, c)); /* (s G 1)_i */
        if (j == 3) {
            fmpq_set(b + i, l < 4 ? T->c1p + i : T->c2);
            fmpq_sub(b + i, b + i, rowsum);
        } else {
            fmpq_one(b + i);
            fmpq_sub(b + i, b + i, rowsum);
        }
    }
    fmpq_clear(s);
    fmpq_clear(rowsum);
}

void toeplitz_network_layer_init(fmpq_mat_t A, fmpq *b, const toeplitz_network_t *T, slong l,
                                 const fmpq_t h)
{
    slong r, c;
    toeplitz_network_layer_dims(&r, &c, l);
    fmpq_mat_init(A, r, c);
    toeplitz_network_layer(A, b, T, l, h);
}

static void vec_set(fmpq *y, const fmpq *x, slong len)
{
    for (slong i = 0; i < len; i++)
        fmpq_set(y + i, x + i);
}

void toeplitz_network_eval(fmpq_t out, const toeplitz_network_t *T, const fmpq_t h,
                           const fmpq *x)
{
    fmpq *y = _fmpq_vec_init(W), *z = _fmpq_vec_init(W), *b = _fmpq_vec_init(W);
    fmpq_t t;
    fmpq_init(t);
    vec_set(y, x, 2);
    for (slong l = 0; l < 8; l++) {
        fmpq_mat_t A;
        toeplitz_network_layer_init(A, b, T, l, h);
        slong r = fmpq_mat_nrows(A), c = fmpq_mat_ncols(A);
        for (slong i = 0; i < r; i++) {
            fmpq_set(z + i, b + i);
            for (slong k = 0; k < c; k++)
                fmpq_addmul(z + i, fmpq_mat_entry(A, i, k), y + k);
            if (l < 7 && fmpq_sgn(z + i) < 0)
                fmpq_zero(z + i);
        }
        vec_set(y, z, r);
        fmpq_mat_clear(A);
    }
    fmpq_set(out, y + 0);
    fmpq_clear(t);
    _fmpq_vec_clear(y, W);
    _fmpq_vec_clear(z, W);
    _fmpq_vec_clear(b, W);
}

/* ---------------------------------------------------------------- intervals (Arb) */
void toeplitz_network_box(arb_t err, int *linear, const toeplitz_network_t *T,
                          const fmpq_t h, const fmpq *lo, const fmpq *hi, slong prec)
{
    arb_ptr x = _arb_vec_init(2), y = _arb_vec_init(W), z = _arb_vec_init(W),
            fz = _arb_vec_init(W), d = _arb_vec_init(W);
    fmpq *b = _fmpq_vec_init(W), *zero = _fmpq_vec_init(W);
    arb_t t, m, f;
    arb_init(t);
    arb_init(m);
    arb_init(f);
    interval_box(x, lo, hi, 2, prec);
    /* f(X) = B2 relu(B1 X + c1') + c2, and the interval g_h(X) layer by layer */
    interval_affine(fz, T->B1, x, T->c1p, 1, prec);
    arb_set_fmpq(f, T->c2, prec);
    for (slong i = 0; i < W; i++) {
        arb_set_fmpq(m, fmpq_mat_entry(T->B2, 0, i), prec);
        arb_addmul(f, m, fz + i, prec);
    }
    _arb_vec_set(y, x, 2);
    int lin = 1;
    for (slong l = 0; l < 8; l++) {
        fmpq_mat_t A;
        toeplitz_network_layer_init(A, b, T, l, h);
        int nn = interval_affine(z, A, y, b, l < 7, prec);
        if (l % 4 != 3) /* an inserted rho_h: the identity when its input is >= 0 */
            lin &= nn;
        _arb_vec_set(y, z, fmpq_mat_nrows(A));
        fmpq_mat_clear(A);
    }
    *linear = lin;
    if (lin) {
        /* |f - g| <= |B2 - P2| relu(B1 X + c1') + |P2| |(B1 - P1) X| */
        fmpq_mat_t D1;
        fmpq_mat_init(D1, W, 2);
        fmpq_mat_sub(D1, T->B1, T->P1);
        interval_affine(d, D1, x, zero, 0, prec);
        arb_zero(err);
        for (slong i = 0; i < W; i++) {
            fmpq_t q;
            fmpq_init(q);
            fmpq_sub(q, fmpq_mat_entry(T->B2, 0, i), fmpq_mat_entry(T->P2, 0, i));
            fmpq_abs(q, q);
            arb_set_fmpq(m, q, prec);
            arb_addmul(err, m, fz + i, prec);
            fmpq_abs(q, fmpq_mat_entry(T->P2, 0, i));
            arb_set_fmpq(m, q, prec);
            arb_abs(t, d + i);
            arb_addmul(err, m, t, prec);
            fmpq_clear(q);
        }
        fmpq_mat_clear(D1);
    } else {
        arb_sub(err, y + 0, f, prec);
        arb_abs(err, err);
    }
    arb_clear(t);
    arb_clear(m);
    arb_clear(f);
    _arb_vec_clear(x, 2);
    _arb_vec_clear(y, W);
    _arb_vec_clear(z, W);
    _arb_vec_clear(fz, W);
    _arb_vec_clear(d, W);
    _fmpq_vec_clear(b, W);
    _fmpq_vec_clear(zero, W);
}
