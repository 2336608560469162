/* krylov_tridiag_exact.c -- the LDR-TD Krylov multiply of krylov_tridiag.h over Q (FLINT).
 *
 * Derivation (our own formulation).  T = I - zA is tridiagonal with T[t][t] = 1 - z d_t,
 * T[t][t+1] = -z u_t, T[t+1][t] = -z s_t.  Write D[a,b) for the determinant of the block
 * of rows/columns a..b-1 (a continuant; D[a,a) = 1, D[a,a-1) = 0).  The adjugate of a
 * tridiagonal matrix is semiseparable:
 *     adj(T)[i][j] = z^{j-i} u_i..u_{j-1} D[0,i) D[j+1,n)      (i <= j)
 *     adj(T)[i][j] = z^{i-j} s_j..s_{i-1} D[0,j) D[i+1,n)      (i >  j),
 * and T^{-1} = adj/D with D = D[0,n), D(0) = 1.  Hence sum_i z^i x^T A^i g = x^T T^{-1} g =
 * N_x / D with N_x = x^T adj(T) g of degree < n: K^T x = (N_x * (1/D mod z^n)) mod z^n.
 *
 * Continuants split at any point m of a range [a, b):
 *     D[a,b) = D[a,m) D[m,b) - c D[a,m-1) D[m+1,b),     c = z^2 u_{m-1} s_{m-1}.       (S)
 * A node [lo, hi) of a balanced tree stores, for the four ranges [lo+p, hi-q), p, q in {0,1}:
 *     P[p][q]  = D[lo+p, hi-q)                                    (transfer matrix)
 *     E[p][q]  = x^T adj g of the range (x, g restricted)         (x-dependent)
 *     Xu[p] = x^T adj e_{hi-1},  Gs[p] = e_{hi-1}^T adj g         (range [lo+p, hi))
 *     Xs[q] = x^T adj e_{lo},    Gu[q] = e_{lo}^T adj g           (range [lo, hi-q))
 * Leaves [t, t+1): P = [[1 - z d_t, 1], [1, 0]], E = [[x_t g_t, 0], [0, 0]], Xu = Xs = (x_t, 0),
 * Gu = Gs = (g_t, 0).  Merging L = [lo, m), R = [m, hi) (pairs inside L, inside R by (S);
 * pairs across the cut factor through the one coupling entry):
 *     ML = P_L diag(1, -c),  MR = diag(1, -c) P_R
 *     P  = ML P_R
 *     E  = E_L MR + ML E_R + z u_{m-1} Xu_L Gu_R^T + z s_{m-1} Gs_L Xs_R^T
 *     Xu = ML Xu_R + (u_{m-1} u_m..u_{hi-2}) z^{|R|} Xu_L
 *     Xs = MR^T Xs_L + (s_lo..s_{m-1}) z^{|L|} Xs_R
 *     Gu = MR^T Gu_L + (u_lo..u_{m-1}) z^{|L|} Gu_R
 *     Gs = ML Gs_R + (s_{m-1}..s_{hi-2}) z^{|R|} Gs_L
 * and N_x = E[0][0], D = P[0][0] at the root.  A polynomial of a range of size k has
 * degree < k (E, Xu, Xs, Gu, Gs) or <= k (P); lengths are kept at these bounds.
 *
 * K x is the transpose of x -> K^T x: c = (x correlated with 1/D) (c_k = sum_{i>=k} x_i
 * (1/D)_{i-k}), then the adjoint of every merge, top-down: a product out += a * p with p
 * precomputed becomes a_bar += corr(out_bar, p) (a_bar_k = sum_l out_bar_{k+l} p_l, k below
 * the length of a), a shift out += c z^h a becomes a_bar_k += c out_bar_{k+h}; at a leaf
 * y_t = g_t E_bar[0][0]_0 + Xu_bar[0]_0 + Xs_bar[0]_0.
 */
#include "fast/krylov_tridiag.h"

#include <flint/fmpq_poly.h>
#include <stdlib.h>

typedef struct tnode {
    slong lo, hi;
    struct tnode *L, *R;
    fmpq_poly_t P[2][2], Gu[2], Gs[2];
    fmpq_t mu, ms;                  /* u_lo..u_{hi-2}, s_lo..s_{hi-2} */
    /* merge data (internal nodes) */
    fmpq_poly_t ML[2][2], MR[2][2], cuGuR[2], csGsL[2];
    fmpq_t cUx, cSx;                /* shift coefficients of Xu and Xs */
} tnode_t;

typedef struct {
    fmpq_poly_t E[2][2], Xu[2], Xs[2];
} xq_t;

static void xq_init(xq_t *q)
{
    for (int a = 0; a < 2; a++) {
        fmpq_poly_init(q->Xu[a]);
        fmpq_poly_init(q->Xs[a]);
        for (int b = 0; b < 2; b++)
            fmpq_poly_init(q->E[a][b]);
    }
}

static void xq_clear(xq_t *q)
{
    for (int a = 0; a < 2; a++) {
        fmpq_poly_clear(q->Xu[a]);
        fmpq_poly_clear(q->Xs[a]);
        for (int b = 0; b < 2; b++)
            fmpq_poly_clear(q->E[a][b]);
    }
}

static slong len_of(slong k) { return k > 0 ? k : 0; }

/* out += a * b */
static void addmul(fmpq_poly_t out, const fmpq_poly_t a, const fmpq_poly_t b)
{
    fmpq_poly_t t;
    fmpq_poly_init(t);
    fmpq_poly_mul(t, a, b);
    fmpq_poly_add(out, out, t);
    fmpq_poly_clear(t);
}

/* out += c z^h a */
static void add_shift(fmpq_poly_t out, const fmpq_poly_t a, const fmpq_t c, slong h)
{
    fmpq_poly_t t;
    fmpq_poly_init(t);
    fmpq_poly_shift_left(t, a, h);
    fmpq_poly_scalar_mul_fmpq(t, t, c);
    fmpq_poly_add(out, out, t);
    fmpq_poly_clear(t);
}

/* out_k += sum_l o_{k+l} p_l for k < len (correlation: the transpose of a -> a * p). */
static void corr_add(fmpq_poly_t out, const fmpq_poly_t o, const fmpq_poly_t p, slong len)
{
    slong lp = fmpq_poly_length(p);
    if (lp == 0 || len <= 0 || fmpq_poly_length(o) == 0)
        return;
    fmpq_poly_t r, t;
    fmpq_poly_init(r);
    fmpq_poly_init(t);
    fmpq_poly_reverse(r, p, lp);
    fmpq_poly_mul(t, o, r);
    fmpq_poly_shift_right(t, t, lp - 1);
    fmpq_poly_truncate(t, len);
    fmpq_poly_add(out, out, t);
    fmpq_poly_clear(r);
    fmpq_poly_clear(t);
}

/* out_k += c o_{k+h} for k < len (the transpose of a -> c z^h a). */
static void shift_adj_add(fmpq_poly_t out, const fmpq_poly_t o, const fmpq_t c, slong h, slong len)
{
    if (len <= 0)
        return;
    fmpq_poly_t t;
    fmpq_poly_init(t);
    fmpq_poly_shift_right(t, o, h);
    fmpq_poly_truncate(t, len);
    fmpq_poly_scalar_mul_fmpq(t, t, c);
    fmpq_poly_add(out, out, t);
    fmpq_poly_clear(t);
}

static tnode_t *build(slong lo, slong hi, const fmpq *d, const fmpq *s, const fmpq *u,
                      const fmpq *g)
{
    tnode_t *t = calloc(1, sizeof *t);
    t->lo = lo;
    t->hi = hi;
    for (int a = 0; a < 2; a++) {
        fmpq_poly_init(t->Gu[a]);
        fmpq_poly_init(t->Gs[a]);
        fmpq_poly_init(t->cuGuR[a]);
        fmpq_poly_init(t->csGsL[a]);
        for (int b = 0; b < 2; b++) {
            fmpq_poly_init(t->P[a][b]);
            fmpq_poly_init(t->ML[a][b]);
            fmpq_poly_init(t->MR[a][b]);
        }
    }
    fmpq_init(t->mu);
    fmpq_init(t->ms);
    fmpq_init(t->cUx);
    fmpq_init(t->cSx);
    if (hi - lo == 1) {
        fmpq_t m;
        fmpq_init(m);
        fmpq_neg(m, d + lo);
        fmpq_poly_set_coeff_si(t->P[0][0], 0, 1);
        fmpq_poly_set_coeff_fmpq(t->P[0][0], 1, m);
        fmpq_poly_set_si(t->P[0][1], 1);
        fmpq_poly_set_si(t->P[1][0], 1);
        fmpq_poly_set_fmpq(t->Gu[0], g + lo);
        fmpq_poly_set_fmpq(t->Gs[0], g + lo);
        fmpq_one(t->mu);
        fmpq_one(t->ms);
        fmpq_clear(m);
        return t;
    }
    slong m = lo + (hi - lo) / 2, hL = m - lo, hR = hi - m;
    tnode_t *L = build(lo, m, d, s, u, g), *R = build(m, hi, d, s, u, g);
    t->L = L;
    t->R = R;
    fmpq_poly_t c; /* -c = -z^2 u_{m-1} s_{m-1} */
    fmpq_t k;
    fmpq_poly_init(c);
    fmpq_init(k);
    fmpq_mul(k, u + m - 1, s + m - 1);
    fmpq_neg(k, k);
    fmpq_poly_set_coeff_fmpq(c, 2, k);
    for (int a = 0; a < 2; a++) {
        fmpq_poly_set(t->ML[a][0], L->P[a][0]);
        fmpq_poly_mul(t->ML[a][1], L->P[a][1], c);
        fmpq_poly_set(t->MR[0][a], R->P[0][a]);
        fmpq_poly_mul(t->MR[1][a], R->P[1][a], c);
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int q = 0; q < 2; q++)
                addmul(t->P[a][b], t->ML[a][q], R->P[q][b]);
    fmpq_t cUg, cSg;
    fmpq_init(cUg);
    fmpq_init(cSg);
    fmpq_mul(t->cUx, u + m - 1, R->mu);
    fmpq_mul(t->cSx, L->ms, s + m - 1);
    fmpq_mul(cUg, L->mu, u + m - 1);
    fmpq_mul(cSg, s + m - 1, R->ms);
    fmpq_mul(t->mu, L->mu, t->cUx);
    fmpq_mul(t->ms, t->cSx, R->ms);
    for (int b = 0; b < 2; b++) {
        for (int q = 0; q < 2; q++) {
            addmul(t->Gu[b], t->MR[q][b], L->Gu[q]);
            addmul(t->Gs[b], t->ML[b][q], R->Gs[q]);
        }
        add_shift(t->Gu[b], R->Gu[b], cUg, hL);
        add_shift(t->Gs[b], L->Gs[b], cSg, hR);
        fmpq_poly_shift_left(t->cuGuR[b], R->Gu[b], 1);
        fmpq_poly_scalar_mul_fmpq(t->cuGuR[b], t->cuGuR[b], u + m - 1);
        fmpq_poly_shift_left(t->csGsL[b], L->Gs[b], 1);
        fmpq_poly_scalar_mul_fmpq(t->csGsL[b], t->csGsL[b], s + m - 1);
    }
    fmpq_clear(cUg);
    fmpq_clear(cSg);
    fmpq_clear(k);
    fmpq_poly_clear(c);
    return t;
}

static void destroy(tnode_t *t)
{
    if (!t)
        return;
    destroy(t->L);
    destroy(t->R);
    for (int a = 0; a < 2; a++) {
        fmpq_poly_clear(t->Gu[a]);
        fmpq_poly_clear(t->Gs[a]);
        fmpq_poly_clear(t->cuGuR[a]);
        fmpq_poly_clear(t->csGsL[a]);
        for (int b = 0; b < 2; b++) {
            fmpq_poly_clear(t->P[a][b]);
            fmpq_poly_clear(t->ML[a][b]);
            fmpq_poly_clear(t->MR[a][b]);
        }
    }
    fmpq_clear(t->mu);
    fmpq_clear(t->ms);
    fmpq_clear(t->cUx);
    fmpq_clear(t->cSx);
    free(t);
}

/* Bottom-up: the x-dependent quantities of node t. */
static void forward(const tnode_t *t, const fmpq *x, const fmpq *g, xq_t *q)
{
    if (!t->L) {
        fmpq_t v;
        fmpq_init(v);
        fmpq_mul(v, x + t->lo, g + t->lo);
        fmpq_poly_set_fmpq(q->E[0][0], v);
        fmpq_poly_set_fmpq(q->Xu[0], x + t->lo);
        fmpq_poly_set_fmpq(q->Xs[0], x + t->lo);
        fmpq_clear(v);
        return;
    }
    xq_t l, r;
    xq_init(&l);
    xq_init(&r);
    forward(t->L, x, g, &l);
    forward(t->R, x, g, &r);
    slong hL = t->L->hi - t->L->lo, hR = t->R->hi - t->R->lo;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            for (int k = 0; k < 2; k++) {
                addmul(q->E[a][b], l.E[a][k], t->MR[k][b]);
                addmul(q->E[a][b], t->ML[a][k], r.E[k][b]);
            }
            addmul(q->E[a][b], l.Xu[a], t->cuGuR[b]);
            addmul(q->E[a][b], t->csGsL[a], r.Xs[b]);
        }
    for (int a = 0; a < 2; a++) {
        for (int k = 0; k < 2; k++) {
            addmul(q->Xu[a], t->ML[a][k], r.Xu[k]);
            addmul(q->Xs[a], t->MR[k][a], l.Xs[k]);
        }
        add_shift(q->Xu[a], l.Xu[a], t->cUx, hR);
        add_shift(q->Xs[a], r.Xs[a], t->cSx, hL);
    }
    xq_clear(&l);
    xq_clear(&r);
}

/* Top-down: adjoints bar of node t's quantities -> y on its leaves. */
static void backward(const tnode_t *t, const fmpq *g, xq_t *bar, fmpq *y)
{
    if (!t->L) {
        fmpq_t v;
        fmpq_init(v);
        fmpq_poly_get_coeff_fmpq(v, bar->E[0][0], 0);
        fmpq_mul(y + t->lo, v, g + t->lo);
        fmpq_poly_get_coeff_fmpq(v, bar->Xu[0], 0);
        fmpq_add(y + t->lo, y + t->lo, v);
        fmpq_poly_get_coeff_fmpq(v, bar->Xs[0], 0);
        fmpq_add(y + t->lo, y + t->lo, v);
        fmpq_clear(v);
        return;
    }
    xq_t l, r;
    xq_init(&l);
    xq_init(&r);
    slong hL = t->L->hi - t->L->lo, hR = t->R->hi - t->R->lo;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 2; k++) {
                corr_add(l.E[a][k], bar->E[a][b], t->MR[k][b], len_of(hL - a - k));
                corr_add(r.E[k][b], bar->E[a][b], t->ML[a][k], len_of(hR - k - b));
            }
    for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
            corr_add(l.Xu[a], bar->E[a][b], t->cuGuR[b], len_of(hL - a));
            corr_add(r.Xs[b], bar->E[a][b], t->csGsL[a], len_of(hR - b));
        }
        shift_adj_add(l.Xu[a], bar->Xu[a], t->cUx, hR, len_of(hL - a));
        shift_adj_add(r.Xs[a], bar->Xs[a], t->cSx, hL, len_of(hR - a));
        for (int k = 0; k < 2; k++) {
            corr_add(r.Xu[k], bar->Xu[a], t->ML[a][k], len_of(hR - k));
            corr_add(l.Xs[k], bar->Xs[a], t->MR[k][a], len_of(hL - k));
        }
    }
    backward(t->L, g, &l, y);
    backward(t->R, g, &r, y);
    xq_clear(&l);
    xq_clear(&r);
}

void krylov_tridiag_exact_mul(fmpq *y, slong n, const fmpq *d, const fmpq *s, const fmpq *u,
                              const fmpq *g, const fmpq *x, int transpose)
{
    if (n < 1)
        return; /* nothing to compute */
    tnode_t *root = build(0, n, d, s, u, g);
    fmpq_poly_t dinv, xp, t;
    fmpq_poly_init(dinv);
    fmpq_poly_init(xp);
    fmpq_poly_init(t);
    fmpq_poly_inv_series(dinv, root->P[0][0], n); /* D(0) = 1 */
    xq_t q;
    xq_init(&q);
    if (transpose) {
        forward(root, x, g, &q);
        fmpq_poly_mullow(t, q.E[0][0], dinv, n);
        for (slong i = 0; i < n; i++)
            fmpq_poly_get_coeff_fmpq(y + i, t, i);
    } else {
        for (slong i = 0; i < n; i++)
            fmpq_poly_set_coeff_fmpq(xp, i, x + i);
        corr_add(q.E[0][0], xp, dinv, n);
        for (slong i = 0; i < n; i++)
            fmpq_zero(y + i);
        backward(root, g, &q, y);
    }
    xq_clear(&q);
    fmpq_poly_clear(dinv);
    fmpq_poly_clear(xp);
    fmpq_poly_clear(t);
    destroy(root);
}
