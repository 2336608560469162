/* lu_network.c -- the LU network of Theorem 2.4 (iii) for a small ReLU target (see
 * lu_network.h). */
#include "decompositions/lu_network.h"

#include "decompositions/interval_layer.h"
#include "exact/qmat.h"

#define W 4 /* m + n + 1 */

static void set_si(fmpq_mat_t M, slong i, slong j, slong v)
{
    fmpq_set_si(fmpq_mat_entry(M, i, j), v, 1);
}

int lu_network_init_rand(lu_network_t *N, flint_rand_t st)
{
    fmpq_mat_init(N->W1, 3, 2);
    N->c1 = _fmpq_vec_init(3);
    N->w2 = _fmpq_vec_init(3);
    N->c1p = _fmpq_vec_init(W);
    fmpq_init(N->c2);
    for (slong i = 0; i < 3; i++) {
        for (slong j = 0; j < 2; j++)
            set_si(N->W1, i, j, (slong)n_randint(st, 7) - 3);
        fmpq_set_si(N->c1 + i, (slong)n_randint(st, 7) - 3, 2);
        fmpq_set_si(N->w2 + i, (slong)n_randint(st, 3) + 1, n_randint(st, 2) ? 1 : 2);
        if (n_randint(st, 2))
            fmpq_neg(N->w2 + i, N->w2 + i);
        fmpq_set(N->c1p + i, N->c1 + i);
    }
    if (fmpq_is_zero(fmpq_mat_entry(N->W1, 0, 0)))
        set_si(N->W1, 0, 0, 2);
    fmpq_set_si(N->c2, (slong)n_randint(st, 5) - 2, 1);
    /* B1 = [W1; 0] (4 x 2);  2 x 2 LU of the top block: [[1,0],[l,1]] [[u00,u01],[0,u11]] */
    fmpq_mat_t B1;
    fmpq_mat_init(B1, W, 2);
    qmat_set_block(B1, N->W1, 0, 0);
    fmpq_mat_init(N->U1, W, 2);
    fmpq_mat_init(N->L1, W, W);
    fmpq_mat_init(N->U2, W, W);
    fmpq_t l, t;
    fmpq_init(l);
    fmpq_init(t);
    const fmpq *b = fmpq_mat_entry(B1, 0, 0);
    fmpq_div(l, fmpq_mat_entry(B1, 1, 0), b);
    fmpq_set(fmpq_mat_entry(N->U1, 0, 0), b);
    fmpq_set(fmpq_mat_entry(N->U1, 0, 1), fmpq_mat_entry(B1, 0, 1));
    fmpq_mul(t, l, fmpq_mat_entry(B1, 0, 1));
    fmpq_sub(fmpq_mat_entry(N->U1, 1, 1), fmpq_mat_entry(B1, 1, 1), t);
    fmpq_one(fmpq_mat_entry(N->L1, 0, 0));
    fmpq_set(fmpq_mat_entry(N->L1, 1, 0), l);
    fmpq_one(fmpq_mat_entry(N->L1, 1, 1));
    /* rows 2, 3: B1[i] U^-1 (solve x U = B1[i] for the 2 x 2 upper U), then I_2 */
    int ok = 1;
    for (slong i = 2; i < W; i++) {
        fmpq *x0 = fmpq_mat_entry(N->L1, i, 0), *x1 = fmpq_mat_entry(N->L1, i, 1);
        fmpq_div(x0, fmpq_mat_entry(B1, i, 0), fmpq_mat_entry(N->U1, 0, 0));
        fmpq_mul(t, x0, fmpq_mat_entry(N->U1, 0, 1));
        fmpq_sub(t, fmpq_mat_entry(B1, i, 1), t);
        if (fmpq_is_zero(fmpq_mat_entry(N->U1, 1, 1))) {
            fmpq_zero(x1); /* B1[i] = 0 here, so any value works; checked below */
        } else {
            fmpq_div(x1, t, fmpq_mat_entry(N->U1, 1, 1));
        }
        fmpq_one(fmpq_mat_entry(N->L1, i, i));
    }
    /* U2 = [[w2, 0]; e_2; e_3; e_4] */
    for (slong j = 0; j < 3; j++)
        fmpq_set(fmpq_mat_entry(N->U2, 0, j), N->w2 + j);
    for (slong i = 1; i < W; i++)
        fmpq_one(fmpq_mat_entry(N->U2, i, i));
    /* check the factorisations exactly */
    fmpq_mat_t P;
    fmpq_mat_init(P, W, 2);
    fmpq_mat_mul(P, N->L1, N->U1);
    ok = ok && fmpq_mat_equal(P, B1);
    for (slong j = 0; j < 3; j++)
        ok = ok && fmpq_equal(fmpq_mat_entry(N->U2, 0, j), N->w2 + j);
    ok = ok && fmpq_is_zero(fmpq_mat_entry(N->U2, 0, 3));
    fmpq_mat_clear(P);
    fmpq_mat_clear(B1);
    fmpq_clear(l);
    fmpq_clear(t);
    return ok ? 0 : -1;
}

void lu_network_clear(lu_network_t *N)
{
    fmpq_mat_clear(N->W1);
    fmpq_mat_clear(N->U1);
    fmpq_mat_clear(N->L1);
    fmpq_mat_clear(N->U2);
    _fmpq_vec_clear(N->c1, 3);
    _fmpq_vec_clear(N->w2, 3);
    _fmpq_vec_clear(N->c1p, W);
    fmpq_clear(N->c2);
}

/* y = M x (+ b if b) then relu if r: exact */
static void layer(fmpq *y, const fmpq_mat_t M, const fmpq *x, const fmpq *b, int r)
{
    fmpq_t t;
    fmpq_init(t);
    for (slong i = 0; i < fmpq_mat_nrows(M); i++) {
        fmpq_zero(y + i);
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            fmpq_mul(t, fmpq_mat_entry(M, i, j), x + j);
            fmpq_add(y + i, y + i, t);
        }
        if (b)
            fmpq_add(y + i, y + i, b + i);
        if (r && fmpq_sgn(y + i) < 0)
            fmpq_zero(y + i);
    }
    fmpq_clear(t);
}

void lu_network_eval_f(fmpq_t out, const lu_network_t *N, const fmpq *x)
{
    fmpq z[3];
    for (int i = 0; i < 3; i++)
        fmpq_init(z + i);
    layer(z, N->W1, x, N->c1, 1);
    fmpq_set(out, N->c2);
    for (int i = 0; i < 3; i++) {
        fmpq_addmul(out, N->w2 + i, z + i);
        fmpq_clear(z + i);
    }
}

void lu_network_eval_v(fmpq_t out, const lu_network_t *N, const fmpq_t h, const fmpq *x)
{
    fmpq *y = _fmpq_vec_init(W), *z = _fmpq_vec_init(W), *b = _fmpq_vec_init(W),
         *one = _fmpq_vec_init(W);
    fmpq_t hinv;
    fmpq_init(hinv);
    fmpq_inv(hinv, h);
    for (slong i = 0; i < W; i++)
        fmpq_one(one + i);
    /* y = relu(h U1 x + 1) */
    layer(y, N->U1, x, NULL, 0);
    for (slong i = 0; i < W; i++) {
        fmpq_mul(y + i, y + i, h);
        fmpq_add_si(y + i, y + i, 1);
        if (fmpq_sgn(y + i) < 0)
            fmpq_zero(y + i);
    }
    /* z = relu(L1 y / h + c1' - L1 1 / h) = relu(L1 (y - 1) / h + c1') */
    for (slong i = 0; i < W; i++) {
        fmpq_sub_si(y + i, y + i, 1);
        fmpq_mul(y + i, y + i, hinv);
    }
    layer(z, N->L1, y, N->c1p, 1);
    /* y = relu(h U2 z + 1);  out = (y_0 - 1) / h + c2 */
    layer(b, N->U2, z, NULL, 0);
    fmpq_mul(out, b + 0, h);
    fmpq_add_si(out, out, 1);
    if (fmpq_sgn(out) < 0)
        fmpq_zero(out);
    fmpq_sub_si(out, out, 1);
    fmpq_mul(out, out, hinv);
    fmpq_add(out, out, N->c2);
    fmpq_clear(hinv);
    _fmpq_vec_clear(y, W);
    _fmpq_vec_clear(z, W);
    _fmpq_vec_clear(b, W);
    _fmpq_vec_clear(one, W);
}

static int is_upper(const fmpq_mat_t M)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < i && j < fmpq_mat_ncols(M); j++)
            if (!fmpq_is_zero(fmpq_mat_entry(M, i, j)))
                return 0;
    return 1;
}

static int is_lower(const fmpq_mat_t M)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = i + 1; j < fmpq_mat_ncols(M); j++)
            if (!fmpq_is_zero(fmpq_mat_entry(M, i, j)))
                return 0;
    return 1;
}

int lu_network_shapes_ok(const lu_network_t *N)
{
    /* A4 = e_1^T / h is a 1 x 4 row with only its (0, 0) entry: lower triangular */
    return is_upper(N->U1) && is_lower(N->L1) && is_upper(N->U2);
}

/* ---------------------------------------------------------------- intervals (Arb) */
void lu_network_box(arb_t err, int *linear, const lu_network_t *N, const fmpq_t h,
                    const fmpq *lo, const fmpq *hi, slong prec)
{
    arb_ptr x = _arb_vec_init(2), p1 = _arb_vec_init(W), z = _arb_vec_init(W),
            p3 = _arb_vec_init(W), fz = _arb_vec_init(3);
    arb_t hb, f, v, t;
    arb_init(hb);
    arb_init(f);
    arb_init(v);
    arb_init(t);
    arb_set_fmpq(hb, h, prec);
    interval_box(x, lo, hi, 2, prec);
    /* f(X) */
    interval_affine(fz, N->W1, x, N->c1, 1, prec);
    arb_set_fmpq(f, N->c2, prec);
    for (slong i = 0; i < 3; i++) {
        arb_set_fmpq(t, N->w2 + i, prec);
        arb_addmul(f, t, fz + i, prec);
    }
    /* first insertion: pre-activations h U1 X + 1 */
    interval_affine(p1, N->U1, x, NULL, 0, prec);
    int lin1 = 1;
    for (slong i = 0; i < W; i++) {
        arb_mul(p1 + i, p1 + i, hb, prec);
        arb_add_si(p1 + i, p1 + i, 1, prec);
        lin1 &= arb_is_nonnegative(p1 + i);
    }
    if (lin1) { /* rho_h is the identity on the box: z = relu(B1 X + c1') exactly */
        for (slong i = 0; i < W; i++)
            arb_zero(z + i);
        for (slong i = 0; i < 3; i++)
            arb_set(z + i, fz + i);
    } else {
        for (slong i = 0; i < W; i++) {
            interval_relu(p1 + i, p1 + i, prec);
            arb_sub_si(p1 + i, p1 + i, 1, prec);
            arb_div(p1 + i, p1 + i, hb, prec);
        }
        interval_affine(z, N->L1, p1, N->c1p, 1, prec);
    }
    /* second insertion: h U2 z + 1 */
    interval_affine(p3, N->U2, z, NULL, 0, prec);
    int lin3 = 1;
    for (slong i = 0; i < W; i++) {
        arb_mul(p3 + i, p3 + i, hb, prec);
        arb_add_si(p3 + i, p3 + i, 1, prec);
        lin3 &= arb_is_nonnegative(p3 + i);
    }
    *linear = lin1 && lin3;
    if (*linear) {
        arb_zero(err);
    } else {
        interval_relu(v, p3 + 0, prec);
        arb_sub_si(v, v, 1, prec);
        arb_div(v, v, hb, prec);
        arb_set_fmpq(t, N->c2, prec);
        arb_add(v, v, t, prec);
        arb_sub(err, v, f, prec);
        arb_abs(err, err);
    }
    arb_clear(hb);
    arb_clear(f);
    arb_clear(v);
    arb_clear(t);
    _arb_vec_clear(x, 2);
    _arb_vec_clear(p1, W);
    _arb_vec_clear(z, W);
    _arb_vec_clear(p3, W);
    _arb_vec_clear(fz, 3);
}

/* sup over the corners of [-1,1]^2 of |row . x| (+ c) -- exact, the max of a linear form */
static void corner_max(fmpq_t out, const fmpq_mat_t M, slong i, const fmpq *c, int absval)
{
    fmpq_t s, t;
    fmpq_init(s);
    fmpq_init(t);
    for (int k = 0; k < 4; k++) {
        fmpq_zero(s);
        for (slong j = 0; j < 2; j++) {
            fmpq_set(t, fmpq_mat_entry(M, i, j));
            if ((k >> j) & 1)
                fmpq_neg(t, t);
            fmpq_add(s, s, t);
        }
        if (c)
            fmpq_add(s, s, c + i);
        if (absval)
            fmpq_abs(s, s);
        if (k == 0 || fmpq_cmp(s, out) > 0)
            fmpq_set(out, s);
    }
    fmpq_clear(s);
    fmpq_clear(t);
}

void lu_network_proof_delta(fmpq_t delta, const lu_network_t *N)
{
    fmpq_t L1, L2, m, s;
    fmpq_init(L1);
    fmpq_init(L2);
    fmpq_init(m);
    fmpq_init(s);
    fmpq_zero(L1);
    for (slong i = 0; i < W; i++) {
        corner_max(m, N->U1, i, NULL, 1);
        if (fmpq_cmp(m, L1) > 0)
            fmpq_set(L1, m);
    }
    /* sup z_j <= max(0, max over corners of (W1 x + c1)_j) */
    fmpq zmax[3];
    for (slong j = 0; j < 3; j++) {
        fmpq_init(zmax + j);
        corner_max(zmax + j, N->W1, j, N->c1, 0);
        if (fmpq_sgn(zmax + j) < 0)
            fmpq_zero(zmax + j);
    }
    fmpq_zero(L2);
    for (slong i = 0; i < W; i++) { /* |(U2 z)_i| <= sum_j |U2_ij| zmax_j */
        fmpq_zero(s);
        for (slong j = 0; j < 3; j++) {
            fmpq_abs(m, fmpq_mat_entry(N->U2, i, j));
            fmpq_addmul(s, m, zmax + j);
        }
        if (fmpq_cmp(s, L2) > 0)
            fmpq_set(L2, s);
    }
    /* delta = 1 / max(L1, L2, 1) (a = 1, eta = 1: sigma' = 1 on (0, inf)) */
    fmpq_set(m, fmpq_cmp(L1, L2) > 0 ? L1 : L2);
    if (fmpq_cmp_si(m, 1) < 0)
        fmpq_one(m);
    fmpq_inv(delta, m);
    for (slong j = 0; j < 3; j++)
        fmpq_clear(zmax + j);
    fmpq_clear(L1);
    fmpq_clear(L2);
    fmpq_clear(m);
    fmpq_clear(s);
}
