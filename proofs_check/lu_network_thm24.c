/* lu_network_thm24 -- Liu, Jiao, Lim:
 *   Theorem 2.4 (iii) end to end for a ReLU target f: R^2 -> R (3 hidden units): the network
 *     v_h of the proof (weights alternating upper / lower triangular, identity maps replaced
 *     by rho_h of Lemma 2.3 with sigma = ReLU, a = 1) is built exactly over Q
 *     (algebra/decompositions/lu_network.h) and sup_{[-1,1]^2} |f - v_h| is enclosed for a
 *     sequence of h: lower bound = exact evaluation on a grid, upper bound = Arb interval
 *     evaluation on a grid of boxes, 0 on boxes where both inserted pre-activations are
 *     certified positive (there rho_h is exactly the identity).
 *   Remark after Theorem 2.2: with upper-triangular A in R^{m x 2}, a one-layer ReLU network
 *     cannot approximate f(x) = x1^2 + x2^2 on [-1,1]^2.  Certified here with a constant:
 *     on the slice x2 = 0 only row 1 of A depends on x1, so v(., 0) has at most two affine
 *     pieces; one has length l >= 1, and on it the second difference of f - v at three equally
 *     spaced points equals that of x1^2, l^2/2, so sup |f - v| >= l^2/8 >= 1/8 for EVERY
 *     width m and every parameter value.  The checker evaluates this certificate exactly on
 *     random upper-triangular networks, and a lower-triangular network (allowed by Thm 2.2)
 *     whose exact error is below 1/8 is the negative control. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/checker.h"
#include "decompositions/lu_network.h"
#include "decompositions/relu_net.h"
#include "decompositions/toeplitz_insert.h"
#include "decompositions/toeplitz_network.h"
#include "exact/qmat.h"

/* ---------------------------------------------------------------- Theorem 2.4 (iii) */
typedef struct {
    fmpq_t lower;   /* exact max over the grid points */
    double upper;   /* Arb upper bound (rounded up to a double) */
    long linear, boxes;
} enclosure_t;

static void enclose(enclosure_t *E, const lu_network_t *N, const fmpq_t h, slong G)
{
    fmpq x[2], lo[2], hi[2];
    fmpq_t fv, vv;
    for (int j = 0; j < 2; j++)
        fmpq_init(x + j), fmpq_init(lo + j), fmpq_init(hi + j);
    fmpq_init(fv);
    fmpq_init(vv);
    fmpq_zero(E->lower);
    for (slong i = 0; i <= G; i++)
        for (slong k = 0; k <= G; k++) {
            fmpq_set_si(x + 0, 2 * i - G, (ulong)G);
            fmpq_set_si(x + 1, 2 * k - G, (ulong)G);
            lu_network_eval_f(fv, N, x);
            lu_network_eval_v(vv, N, h, x);
            fmpq_sub(fv, fv, vv);
            fmpq_abs(fv, fv);
            if (fmpq_cmp(fv, E->lower) > 0)
                fmpq_set(E->lower, fv);
        }
    arb_t err;
    arb_init(err);
    arf_t ub, best;
    arf_init(ub);
    arf_init(best);
    E->linear = 0;
    E->boxes = G * G;
    for (slong i = 0; i < G; i++)
        for (slong k = 0; k < G; k++) {
            fmpq_set_si(lo + 0, 2 * i - G, (ulong)G);
            fmpq_set_si(hi + 0, 2 * i + 2 - G, (ulong)G);
            fmpq_set_si(lo + 1, 2 * k - G, (ulong)G);
            fmpq_set_si(hi + 1, 2 * k + 2 - G, (ulong)G);
            int lin;
            lu_network_box(err, &lin, N, h, lo, hi, 128);
            E->linear += lin;
            arb_get_ubound_arf(ub, err, 128);
            if (arf_cmp(ub, best) > 0)
                arf_set(best, ub);
        }
    E->upper = arf_get_d(best, ARF_RND_UP);
    arb_clear(err);
    arf_clear(ub);
    arf_clear(best);
    for (int j = 0; j < 2; j++)
        fmpq_clear(x + j), fmpq_clear(lo + j), fmpq_clear(hi + j);
    fmpq_clear(fv);
    fmpq_clear(vv);
}

static void check_thm24(checker_t *c, slong G)
{
    lu_network_t N;
    int tries = 0;
    while (lu_network_init_rand(&N, c->rand) != 0 && ++tries < 100)
        lu_network_clear(&N);
    if (tries >= 100) {
        checker_row(c, ROW_SKIPPED, 0, "-|-|-|-|-|no LU-factorable target drawn");
        return;
    }
    int shapes = lu_network_shapes_ok(&N);
    fmpq_t delta, h;
    fmpq_init(delta);
    fmpq_init(h);
    lu_network_proof_delta(delta, &N);
    char dstr[64];
    snprintf(dstr, sizeof dstr, "%.6g", fmpq_get_d(delta));
    checker_param(c, "target", "f = w2^T relu(W1 x + c1) + c2, integer/half-integer weights "
                  "(seeded); the proof's delta = %s", dstr);
    checker_row(c, ROW_POSITIVE, shapes, "factorisation|B1 = L1 U1, B2 = e_1^T U2 exact; A1, A3 "
                "upper, A2, A4 lower|-|-|-|%s", shapes ? "yes" : "NO");
    /* h = 2^3, 2^2, .., 2^-6 */
    enclosure_t E[10];
    double hv[10];
    int nh = 10;
    for (int k = 0; k < nh; k++) {
        fmpq_init(E[k].lower);
        fmpq_set_si(h, 1, 1);
        if (k <= 3)
            fmpq_mul_2exp(h, h, (ulong)(3 - k));
        else
            fmpq_div_2exp(h, h, (ulong)(k - 3));
        hv[k] = fmpq_get_d(h);
        enclose(&E[k], &N, h, G);
        double lo = fmpq_get_d(E[k].lower);
        int below = fmpq_cmp(h, delta) <= 0;
        /* the enclosure is consistent; below the proof's delta the error is certified 0 */
        checker_row(c, ROW_POSITIVE, lo <= E[k].upper && (!below || E[k].upper == 0.0),
                    "h = %g|%s|%.6g|%.6g|%ld / %ld|%s", hv[k],
                    below ? "sup abs(f - v_h) = 0 (h <= delta)" : "lower <= upper", lo,
                    E[k].upper, E[k].linear, E[k].boxes, below ? "v_h = f on the box" : "-");
    }
    /* negative control: at the largest h the network is claimed exact: refuted by the grid */
    checker_row(c, ROW_NEGATIVE, fmpq_is_zero(E[0].lower), "h = %g|v_h = f on [-1,1]^2 "
                "(neg. control)|%.6g|%.6g|%ld / %ld|-", hv[0], fmpq_get_d(E[0].lower),
                E[0].upper, E[0].linear, E[0].boxes);
    checker_row(c, ROW_POSITIVE, E[nh - 1].upper < fmpq_get_d(E[0].lower), "h = %g vs %g|error "
                "falls: upper(h small) < lower(h large)|%.6g|%.6g|-|-", hv[nh - 1], hv[0],
                fmpq_get_d(E[0].lower), E[nh - 1].upper);
    for (int k = 0; k < nh; k++)
        fmpq_clear(E[k].lower);
    fmpq_clear(delta);
    fmpq_clear(h);
    lu_network_clear(&N);
}

/* ---------------------------------------------------------------- Theorem 2.4 (i) */
/* sup |f - g_h| on [-1,1]^2 by branch and bound: the G x G boxes are evaluated in Arb; the box
 * with the largest upper bound is split into four (its centre evaluated exactly, which can
 * raise the lower bound) until the largest upper bound is within 1% of the lower bound or
 * SPLITS splits are done.  Lower = exact maximum over the grid and the centres; upper = the
 * largest upper bound over the final boxes. */
typedef struct {
    slong i, k, level;
    double ub;
    int lin; /* every inserted rho_h certified the identity on the box */
} tbox_t;

static void tbox_eval(tbox_t *b, const toeplitz_network_t *T, const fmpq_t h, slong G,
                      fmpq *lo, fmpq *hi, arb_t err, arf_t ub)
{
    slong N = G << b->level;
    fmpq_set_si(lo + 0, 2 * b->i - N, (ulong)N);
    fmpq_set_si(hi + 0, 2 * b->i + 2 - N, (ulong)N);
    fmpq_set_si(lo + 1, 2 * b->k - N, (ulong)N);
    fmpq_set_si(hi + 1, 2 * b->k + 2 - N, (ulong)N);
    toeplitz_network_box(err, &b->lin, T, h, lo, hi, 512);
    arb_get_ubound_arf(ub, err, 512);
    b->ub = arf_get_d(ub, ARF_RND_UP);
}

static void heap_push(tbox_t *H, slong *n, tbox_t b)
{
    slong c = (*n)++;
    while (c > 0 && H[(c - 1) / 2].ub < b.ub) {
        H[c] = H[(c - 1) / 2];
        c = (c - 1) / 2;
    }
    H[c] = b;
}

static tbox_t heap_pop(tbox_t *H, slong *n)
{
    tbox_t top = H[0], last = H[--(*n)];
    slong c = 0;
    for (;;) {
        slong l = 2 * c + 1, r = l + 1, m = c;
        double v = last.ub;
        if (l < *n && H[l].ub > v)
            m = l, v = H[l].ub;
        if (r < *n && H[r].ub > v)
            m = r;
        if (m == c)
            break;
        H[c] = H[m];
        c = m;
    }
    if (*n > 0)
        H[c] = last;
    return top;
}

static void diff_at(fmpq_t d, const toeplitz_network_t *T, const lu_network_t *N, const fmpq_t h,
                    const fmpq *x, fmpq_t gv)
{
    lu_network_eval_f(d, N, x);
    toeplitz_network_eval(gv, T, h, x);
    fmpq_sub(d, d, gv);
    fmpq_abs(d, d);
}

static void enclose_toeplitz(enclosure_t *E, const toeplitz_network_t *T, const lu_network_t *N,
                             const fmpq_t h, slong G, slong splits)
{
    fmpq x[2], lo[2], hi[2];
    fmpq_t fv, gv;
    for (int j = 0; j < 2; j++)
        fmpq_init(x + j), fmpq_init(lo + j), fmpq_init(hi + j);
    fmpq_init(fv);
    fmpq_init(gv);
    fmpq_zero(E->lower);
    for (slong i = 0; i <= G; i++)
        for (slong k = 0; k <= G; k++) {
            fmpq_set_si(x + 0, 2 * i - G, (ulong)G);
            fmpq_set_si(x + 1, 2 * k - G, (ulong)G);
            diff_at(fv, T, N, h, x, gv);
            if (fmpq_cmp(fv, E->lower) > 0)
                fmpq_set(E->lower, fv);
        }
    arb_t err;
    arf_t ub;
    arb_init(err);
    arf_init(ub);
    slong n = 0, cap = G * G + 3 * splits + 4;
    tbox_t *H = flint_malloc(sizeof(tbox_t) * (size_t)cap);
    for (slong i = 0; i < G; i++)
        for (slong k = 0; k < G; k++) {
            tbox_t b = {i, k, 0, 0, 0};
            tbox_eval(&b, T, h, G, lo, hi, err, ub);
            heap_push(H, &n, b);
        }
    for (slong s = 0; s < splits && n > 0; s++) {
        double lower = fmpq_get_d(E->lower);
        if (H[0].ub <= lower * 1.01 || H[0].level >= 20)
            break;
        tbox_t b = heap_pop(H, &n);
        slong Nn = G << (b.level + 1);
        fmpq_set_si(x + 0, 4 * b.i + 2 - Nn, (ulong)Nn); /* the centre, exactly */
        fmpq_set_si(x + 1, 4 * b.k + 2 - Nn, (ulong)Nn);
        diff_at(fv, T, N, h, x, gv);
        if (fmpq_cmp(fv, E->lower) > 0)
            fmpq_set(E->lower, fv);
        for (int a = 0; a < 4; a++) {
            tbox_t c = {2 * b.i + (a & 1), 2 * b.k + (a >> 1), b.level + 1, 0, 0};
            tbox_eval(&c, T, h, G, lo, hi, err, ub);
            heap_push(H, &n, c);
        }
    }
    /* the final leaves: their largest bound, and how many are certified linear */
    E->boxes = n;
    E->linear = 0;
    E->upper = 0;
    for (slong q = 0; q < n; q++) {
        if (H[q].ub > E->upper)
            E->upper = H[q].ub;
        E->linear += H[q].lin;
    }
    flint_free(H);
    arb_clear(err);
    arf_clear(ub);
    for (int j = 0; j < 2; j++)
        fmpq_clear(x + j), fmpq_clear(lo + j), fmpq_clear(hi + j);
    fmpq_clear(fv);
    fmpq_clear(gv);
}

/* every weight matrix of g_h (8 layers) is Toeplitz, exactly, at h */
static int layers_toeplitz(const toeplitz_network_t *T, const fmpq_t h, int perturb)
{
    int ok = 1;
    fmpq *b = _fmpq_vec_init(4);
    for (slong l = 0; l < 8; l++) {
        fmpq_mat_t A;
        toeplitz_network_layer_init(A, b, T, l, h);
        if (perturb && l == 2) /* negative control: one entry of A_3 moved by 1 */
            fmpq_add_si(fmpq_mat_entry(A, 1, 2), fmpq_mat_entry(A, 1, 2), 1);
        ok &= toeplitz_insert_is_toeplitz(A);
        fmpq_mat_clear(A);
    }
    _fmpq_vec_clear(b, 4);
    return ok;
}

static void check_thm24_toeplitz(checker_t *c, slong G)
{
    lu_network_t N;
    int tries = 0;
    while (lu_network_init_rand(&N, c->rand) != 0 && ++tries < 100)
        lu_network_clear(&N);
    if (tries >= 100) {
        checker_row(c, ROW_SKIPPED, 0, "-|-|-|-|-|no target drawn");
        return;
    }
    toeplitz_network_t T;
    if (toeplitz_network_build(&T, &N, c->rand) != 0) {
        checker_row(c, ROW_SKIPPED, 0, "-|Ye-Lim factors of [B1, 0] or [B2^T, 0]|-|-|-|fit did "
                    "not certify");
        lu_network_clear(&N);
        return;
    }
    fmpq_t h;
    fmpq_init(h);
    fmpq_set_si(h, 1, 2);
    int shapes = toeplitz_network_shapes_ok(&T) && layers_toeplitz(&T, h, 0);
    double r1 = sqrt(fmpq_get_d(T.res1)), r2 = sqrt(fmpq_get_d(T.res2));
    checker_row(c, ROW_POSITIVE, shapes && r1 < 1e-60 && r2 < 1e-60, "factors|[B1, 0] = T1 T2 T3, "
                "[B2^T, 0] = S1 S2 S3 (Ye-Lim, k = 3) up to 1e-60; all 8 weights Toeplitz|-|-|-|"
                "exact residuals ‖P1 - B1‖_F = %.3g, ‖P2 - B2‖_F = %.3g; weights %s", r1, r2,
                shapes ? "Toeplitz" : "NOT Toeplitz");
    checker_row(c, ROW_NEGATIVE, layers_toeplitz(&T, h, 1), "factors|A_3 with one entry + 1 "
                "is Toeplitz (neg. control)|-|-|-|exact");
    /* h = 2^2 .. 2^-9 */
    enum { NH = 12 };
    enclosure_t E[NH];
    double hv[NH];
    for (int k = 0; k < NH; k++) {
        fmpq_init(E[k].lower);
        fmpq_one(h);
        if (k <= 2)
            fmpq_mul_2exp(h, h, (ulong)(2 - k));
        else
            fmpq_div_2exp(h, h, (ulong)(k - 2));
        hv[k] = fmpq_get_d(h);
        enclose_toeplitz(&E[k], &T, &N, h, G, c->quick ? 200 : 2000);
        double lo = fmpq_get_d(E[k].lower);
        checker_row(c, ROW_POSITIVE, lo <= E[k].upper, "h = %g|lower <= upper|%.6g|%.6g|%ld / %ld|%s",
                    hv[k], lo, E[k].upper, E[k].linear, E[k].boxes,
                    E[k].linear == E[k].boxes ? "every rho_h certified the identity" : "-");
    }
    checker_row(c, ROW_POSITIVE, E[NH - 1].upper < fmpq_get_d(E[0].lower), "h = %g vs %g|error "
                "falls: upper(h small) < lower(h large)|%.6g|%.6g|-|-", hv[NH - 1], hv[0],
                fmpq_get_d(E[0].lower), E[NH - 1].upper);
    /* negative control: g_h = f exactly at the smallest h -- false, the Ye-Lim factors are
     * certified only up to a residual; refuted by an exact grid point */
    checker_row(c, ROW_NEGATIVE, fmpq_is_zero(E[NH - 1].lower), "h = %g|g_h = f on [-1,1]^2 "
                "(neg. control)|%.6g|%.6g|%ld / %ld|-", hv[NH - 1], fmpq_get_d(E[NH - 1].lower),
                E[NH - 1].upper, E[NH - 1].linear, E[NH - 1].boxes);
    for (int k = 0; k < NH; k++)
        fmpq_clear(E[k].lower);
    fmpq_clear(h);
    toeplitz_network_clear(&T);
    lu_network_clear(&N);
}

/* ---------------------------------------------------------------- the upper-triangular remark */
/* f(x) = x1^2 + x2^2 minus the network, at (t, 0) */
static void slice_err(fmpq_t e, const relu_net_t *net, const fmpq_t t)
{
    fmpq x[2];
    fmpq_init(x + 0);
    fmpq_init(x + 1);
    fmpq_set(x + 0, t);
    relu_net_eval(e, net, x);
    fmpq_t f;
    fmpq_init(f);
    fmpq_mul(f, t, t);
    fmpq_sub(e, f, e);
    fmpq_clear(f);
    fmpq_clear(x + 0);
    fmpq_clear(x + 1);
}

/* The certificate: the longest affine piece [al, be] of v(., 0) on [-1, 1] (only row 0 of an
 * upper-triangular A sees x1), bound = |e(al) - 2 e(mid) + e(be)| / 4 <= sup |f - v|. */
static void slice_certificate(fmpq_t bound, const relu_net_t *net)
{
    fmpq_t al, be, ks, mid, e0, e1, e2;
    fmpq_init(al), fmpq_init(be), fmpq_init(ks), fmpq_init(mid);
    fmpq_init(e0), fmpq_init(e1), fmpq_init(e2);
    fmpq_set_si(al, -1, 1);
    fmpq_set_si(be, 1, 1);
    const fmpq *a00 = fmpq_mat_entry(net->A, 0, 0);
    if (!fmpq_is_zero(a00)) {
        fmpq_div(ks, net->b + 0, a00);
        fmpq_neg(ks, ks); /* kink x* = -b0 / a00 */
        if (fmpq_cmp_si(ks, -1) > 0 && fmpq_cmp_si(ks, 1) < 0) {
            fmpq_t l1, l2;
            fmpq_init(l1), fmpq_init(l2);
            fmpq_add_si(l1, ks, 1); /* length of [-1, x*] */
            fmpq_sub_si(l2, ks, 1);
            fmpq_neg(l2, l2);       /* length of [x*, 1] */
            if (fmpq_cmp(l1, l2) >= 0)
                fmpq_set(be, ks);
            else
                fmpq_set(al, ks);
            fmpq_clear(l1), fmpq_clear(l2);
        }
    }
    fmpq_add(mid, al, be);
    fmpq_div_2exp(mid, mid, 1);
    slice_err(e0, net, al);
    slice_err(e1, net, mid);
    slice_err(e2, net, be);
    fmpq_add(bound, e0, e2);
    fmpq_mul_2exp(e1, e1, 1);
    fmpq_sub(bound, bound, e1);
    fmpq_abs(bound, bound);
    fmpq_div_2exp(bound, bound, 2);
    fmpq_clear(al), fmpq_clear(be), fmpq_clear(ks), fmpq_clear(mid);
    fmpq_clear(e0), fmpq_clear(e1), fmpq_clear(e2);
}

static void check_upper_remark(checker_t *c, slong samples)
{
    fmpq_t b, minb, eighth;
    fmpq_init(b), fmpq_init(minb), fmpq_init(eighth);
    fmpq_set_si(eighth, 1, 8);
    for (slong s = 0; s < samples; s++) {
        slong m = 2 + (slong)n_randint(c->rand, 7);
        relu_net_t net;
        relu_net_init(&net, m, 2);
        relu_net_randtest(&net, c->rand, 5, 3);
        for (slong i = 1; i < m; i++) /* upper triangular: a_ij = 0 for i > j */
            fmpq_zero(fmpq_mat_entry(net.A, i, 0));
        for (slong i = 2; i < m; i++)
            fmpq_zero(fmpq_mat_entry(net.A, i, 1));
        slice_certificate(b, &net);
        if (s == 0 || fmpq_cmp(b, minb) < 0)
            fmpq_set(minb, b);
        relu_net_clear(&net);
    }
    checker_row(c, ROW_POSITIVE, fmpq_cmp(minb, eighth) >= 0, "upper triangular, %ld random "
                "networks (width 2..8)|sup abs(f - v) >= 1/8 for each|min certified lower bound|"
                "%.6g|exact", (long)samples, fmpq_get_d(minb));
    /* negative control: a lower-triangular network (allowed by Thm 2.2) interpolating x^2 at
     * K + 1 knots in each coordinate; error = 2 (2/K)^2 / 4 exactly (separable, sup of each
     * 1-D interpolation error (spacing d) is d^2/4 at the midpoints) */
    slong K = 8, m = 2 * K + 1;
    relu_net_t low;
    relu_net_init(&low, m, 2);
    fmpq_t t, s0, s1;
    fmpq_init(t), fmpq_init(s0), fmpq_init(s1);
    for (slong coord = 0; coord < 2; coord++)
        for (slong k = 0; k < K; k++) {
            /* row r uses x_coord only: ReLU(x - t_k), t_k = -1 + 2k/K; weight = slope jump */
            slong r = coord == 0 ? k : K + k;
            if (coord == 0 && k == 0)
                r = 0; /* row 0 of a lower-triangular A sees x1 only */
            fmpq_one(fmpq_mat_entry(low.A, r, coord));
            fmpq_set_si(t, 2 * k - K, (ulong)K);
            fmpq_neg(low.b + r, t);
            /* slope on [t_k, t_k+1] is t_k + t_k+1 = 2 t_k + 2/K; jump from the previous */
            fmpq_set_si(s1, 4 * k - 2 * K + 2, (ulong)K);
            fmpq_set_si(s0, 4 * (k - 1) - 2 * K + 2, (ulong)K);
            if (k == 0)
                fmpq_set(low.a + r, s1); /* ReLU(x + 1) = x + 1 on [-1, 1] */
            else
                fmpq_sub(low.a + r, s1, s0);
        }
    /* constant 2 (= t_0^2 twice) through a row (0, 0) with bias 1 */
    fmpq_set_si(low.b + 2 * K, 1, 1);
    fmpq_set_si(low.a + 2 * K, 2, 1);
    /* structure (the proof of the exact sup): A lower triangular, every row sees at most one
     * coordinate and kinks at a knot, so v is affine on each knot cell; with e = f - v = 0 at
     * the knots, e = (x1 - t_k)(x1 - t_k+1) + (x2 - t_l)(x2 - t_l+1) on the cell (the only
     * x1^2 + x2^2 + affine vanishing at its corners), |e| peaks at the centre: 2 (2/K)^2 / 4 */
    int lower_ok = 1;
    for (slong i = 0; i < m; i++) {
        for (slong j = i + 1; j < 2; j++)
            lower_ok &= fmpq_is_zero(fmpq_mat_entry(low.A, i, j));
        int nz = !fmpq_is_zero(fmpq_mat_entry(low.A, i, 0)) + !fmpq_is_zero(fmpq_mat_entry(low.A, i, 1));
        lower_ok &= nz <= 1;
        for (slong j = 0; j < 2 && nz == 1; j++)
            if (!fmpq_is_zero(fmpq_mat_entry(low.A, i, j))) { /* kink -b/a = (2k - K)/K */
                fmpq_div(t, low.b + i, fmpq_mat_entry(low.A, i, j));
                fmpq_neg(t, t);
                fmpq_mul_si(t, t, K);
                lower_ok &= fmpz_is_one(fmpq_denref(t)) && fmpz_cmp_si(fmpq_numref(t), -K) >= 0 &&
                            fmpz_cmp_si(fmpq_numref(t), K) <= 0 &&
                            fmpz_is_even(fmpq_numref(t)) == (K % 2 == 0);
            }
    }
    int knots_zero = 1;
    /* exact sup error: the grid of midpoints and knots (the error is separable and
     * piecewise quadratic with extremes at knots and midpoints) */
    fmpq_t worst, e, f;
    fmpq x[2];
    fmpq_init(worst), fmpq_init(e), fmpq_init(f), fmpq_init(x + 0), fmpq_init(x + 1);
    for (slong i = 0; i <= 2 * K; i++)
        for (slong j = 0; j <= 2 * K; j++) {
            fmpq_set_si(x + 0, i - K, (ulong)K);
            fmpq_set_si(x + 1, j - K, (ulong)K);
            relu_net_eval(e, &low, x);
            fmpq_mul(f, x + 0, x + 0);
            fmpq_addmul(f, x + 1, x + 1);
            fmpq_sub(e, f, e);
            fmpq_abs(e, e);
            if (i % 2 == 0 && j % 2 == 0)
                knots_zero &= fmpq_is_zero(e);
            if (fmpq_cmp(e, worst) > 0)
                fmpq_set(worst, e);
        }
    fmpq_set_si(f, 2, (ulong)(K * K)); /* 2 (2/K)^2 / 4 */
    int exact_ok = lower_ok && knots_zero && fmpq_equal(worst, f);
    checker_row(c, ROW_POSITIVE, exact_ok, "lower triangular, width %ld|sup abs(f - v) = 2/K^2 "
                "(K = %ld), shape checked|sup over knots and midpoints|%.6g|exact", (long)m,
                (long)K, fmpq_get_d(worst));
    checker_row(c, ROW_NEGATIVE, !exact_ok || fmpq_cmp(worst, eighth) >= 0, "lower triangular, width %ld|"
                "sup abs(f - v) >= 1/8 as for upper (neg. control)|sup|%.6g|exact", (long)m,
                fmpq_get_d(worst));
    fmpq_clear(worst), fmpq_clear(e), fmpq_clear(f), fmpq_clear(x + 0), fmpq_clear(x + 1);
    fmpq_clear(t), fmpq_clear(s0), fmpq_clear(s1);
    relu_net_clear(&low);
    fmpq_clear(b), fmpq_clear(minb), fmpq_clear(eighth);
}

static const checker_info_t info = {
    "lu_network_thm24",
    "Theorem 2.4 (iii) and (i) end to end (ReLU, 2 -> 3 -> 1) and the upper-triangular remark",
    "papers/liu_jiao_lim_lu_toeplitz_decomposition_nn.txt, Theorem 2.4 (iii) and (i), Lemma 2.3, "
    "remark after Theorem 2.2",
    "Builds the proof's alternating upper/lower triangular ReLU network v_h for a seeded\n"
    "2 -> 3 -> 1 ReLU target exactly over Q and encloses sup |f - v_h| on [-1,1]^2 for\n"
    "h = 8 .. 1/64 (exact grid lower bound, Arb box upper bound); certifies the error is 0\n"
    "for h <= the proof's delta.  Theorem 2.4 (i): the all-Toeplitz network g_h of the proof\n"
    "from exact dyadic Ye-Lim factors (3 per 4 x 4 matrix), sup |f - g_h| enclosed the same\n"
    "way for h = 4 .. 2^-9.  Certifies that no upper-triangular one-layer ReLU network\n"
    "approximates x1^2 + x2^2 better than 1/8 (slice argument, exact certificate per network);\n"
    "negative controls: v_h exact at large h, and the 1/8 bound applied to a lower-triangular\n"
    "network.",
    NULL,
};

static void section_thm24(checker_t *c)
{
    checker_section(c, "Theorem 2.4 (iii): the LU network v_h of the proof, sup |f - v_h| on "
                    "[-1,1]^2", "h|claim|lower bound (exact grid)|upper bound (Arb boxes)|boxes "
                    "certified linear|detail");
    check_thm24(c, c->quick ? 16 : 64);
}

static void section_toeplitz(checker_t *c)
{
    checker_section(c, "Theorem 2.4 (i): the all-Toeplitz network g_h of the proof, sup |f - g_h| "
                    "on [-1,1]^2", "h|claim|lower bound (exact grid and centres)|upper bound (Arb boxes)|boxes "
                    "certified linear|detail");
    checker_param(c, "Toeplitz boxes", "the same grid in Arb (512 bits), then branch and bound: "
                  "the box with the largest bound is split in four (its centre evaluated "
                  "exactly) up to %d times, until that bound is within 1%% of the lower bound",
                  c->quick ? 200 : 2000);
    check_thm24_toeplitz(c, c->quick ? 16 : 64);
}

static void section_upper(checker_t *c)
{
    checker_section(c, "Remark after Theorem 2.2: upper-triangular weights cannot approximate "
                    "x1^2 + x2^2", "networks|claim|certificate|value|arithmetic");
    check_upper_remark(c, c->quick ? 10 : 200);
}

/* Each section is one cell (its own randomness, reseeded from --seed and the section). */
static const checker_section_cell_t sections[] = {
    {"thm24", section_thm24},
    {"toeplitz", section_toeplitz},
    {"upper", section_upper},
};
#define NSECTIONS 3

int main(int argc, char **argv)
{
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    slong G = c.quick ? 16 : 64;
    checker_param(&c, "grid", "%ld x %ld boxes on [-1,1]^2 (Arb, 128 bits), %ld + 1 grid points "
                  "per side (exact)", (long)G, (long)G, (long)G);
    if (checker_run_sections(&c, sections, NSECTIONS, 2) != 0)
        return checker_fail(&c, "a section could not be computed or stored");
    checker_note(&c, "With ReLU, rho_h(y) = (relu(h y + 1) - 1)/h is exactly y once h y >= -1, "
                     "so the proof's network is exact (error 0, not just small) for h below "
                     "the proof's delta = 1 / sup of the inserted inputs; above it the clipped "
                     "identity makes the error positive.  Theorem 2.4 (i): the Ye-Lim factors "
                     "come from the certified numerical fit and are exact dyadic rationals, so "
                     "g_h is a concrete network over Q; its products differ from B1, B2 by the "
                     "exact residuals shown, which is why its error at small h is tiny but not "
                     "0 (the negative control).  Upper bounds on boxes where some rho_h is not "
                     "certified the identity are plain interval evaluations, tightened by "
                     "splitting the worst box; 'boxes' counts the final boxes.");
    return checker_finish(&c);
}
