/* tridiag_dc_probe.c - the a-posteriori error estimate of the fast tridiagonal Krylov
 * partials, and tridiag_dc_prepare (the shared values, tridiag_dc.c, then the estimate).
 * The estimate runs probe calls through the public tridiag_dc_partials / tridiag_dc_finish. */
#include "trainer/tridiag_dc_internal.h"

#include <math.h>
#include <string.h>

static double td_norm_inf(const double *v, int n)
{
    double m = 0.0;
    for (int t = 0; t < n; t++) m = fmax(m, fabs(v[t]));
    return m;
}

/* Euler's identities for the shared partials of one probe call Phi(w, v): Phi is linear in g
 * and sum_pq M_pq dPhi/dM_pq = sum_j j v_j (K^T w)_j; the relative residuals (normalised by
 * the sums of absolute terms) catch a float64 failure of the reverse pass (which can exceed
 * the multiplies' error by far: the adjoints of the continuants and of 1/D0). */
static double td_probe_grad(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                            const double *w, const double *v, double *buf)
{
    const int n = dc->n;
    double *y = buf, *dg = y + n, *gd = dg + n, *gs = gd + n, *gu = gs + n, *gc = gu + n;
    memset(buf, 0, (5 * (size_t)n + 2) * sizeof *buf);
    tridiag_dc_partials(dc, p, v, w, NULL, y, 1);
    tridiag_grad_t G = {gd, gs, gu, gc, gc + 1};
    tridiag_dc_finish(dc, p, dg, &G);
    const double *g = p->val + dc->in_g;
    double phi = 0, aphi = 0, ephi = 0, aephi = 0, sg = 0, asg = 0, sm = 0, asm_ = 0;
    for (int j = 0; j < n; j++) {
        phi += v[j] * y[j];
        aphi += fabs(v[j] * y[j]);
        ephi += j * v[j] * y[j];
        aephi += j * fabs(v[j] * y[j]);
        sg += g[j] * dg[j];
        asg += fabs(g[j] * dg[j]);
        double t = M->d ? M->d[j] * gd[j] : 0.0;
        if (j + 1 < n && M->s) t += M->s[j] * gs[j];
        sm += t;
        asm_ += fabs(t);
        if (j + 1 < n && M->u) { sm += M->u[j] * gu[j]; asm_ += fabs(M->u[j] * gu[j]); }
    }
    sm += M->cu * gc[0] + M->cl * gc[1];
    asm_ += fabs(M->cu * gc[0]) + fabs(M->cl * gc[1]);
    double e = 0.0;
    if (asg + aphi > 0) e = fabs(sg - phi) / (asg + aphi);
    if (asm_ + aephi > 0) e = fmax(e, fabs(sm - ephi) / (asm_ + aephi));
    if (!td_finite(buf, 5 * (size_t)n + 2)) return INFINITY;
    return isnan(e) ? INFINITY : e;
}

/* The a-posteriori estimate: two identities of exact arithmetic on a fixed probe x
 * (x_{n-1} = 0): (K^T M^T x)_i = (K^T x)_{i+1} (i < n-1) and M (K x) = K (Z x), and the
 * identities of td_probe_grad for the shared partials. */
static double td_probe(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M)
{
    const int n = dc->n;
    if (n < 2) return 0.0;
    double *x = dc->probe, *v = x + n, *y1 = v + n, *y2 = y1 + n, *y3 = y2 + n, *y4 = y3 + n;
    unsigned long long st = 0x2545F4914F6CDD1DULL;
    for (int t = 0; t + 1 < n; t++) {
        st ^= st << 13; st ^= st >> 7; st ^= st << 17;
        x[t] = 2.0 * (double)(st >> 11) / 9007199254740992.0 - 1.0;
    }
    x[n - 1] = 0.0;
    memset(y1, 0, 4 * (size_t)n * sizeof *y1);
    tridiag_op_apply_t(M, x, v);
    tridiag_dc_partials(dc, p, NULL, x, NULL, y1, 0);
    tridiag_dc_partials(dc, p, NULL, v, NULL, y2, 0);
    double sc = fmax(td_norm_inf(y1, n), td_norm_inf(y2, n)), r = 0.0, est = 0.0;
    for (int i = 0; i + 1 < n; i++) r = fmax(r, fabs(y2[i] - y1[i + 1]));
    if (sc > 0) est = r / sc;
    tridiag_dc_partials(dc, p, x, NULL, y3, NULL, 0);
    v[0] = 0.0;
    for (int t = 1; t < n; t++) v[t] = x[t - 1];
    tridiag_dc_partials(dc, p, v, NULL, y4, NULL, 0);
    tridiag_op_apply(M, y3, y1);
    double anorm = 0.0;
    for (int t = 0; t < n; t++) {
        double rs = M->d ? fabs(M->d[t]) : 0.0;
        if (t > 0 && M->s) rs += fabs(M->s[t - 1]);
        if (t + 1 < n && M->u) rs += fabs(M->u[t]);
        if (t == 0) rs += fabs(M->cu);
        if (t == n - 1) rs += fabs(M->cl);
        anorm = fmax(anorm, rs);
    }
    sc = anorm * td_norm_inf(y3, n) + td_norm_inf(y4, n);
    r = 0.0;
    for (int t = 0; t < n; t++) r = fmax(r, fabs(y1[t] - y4[t]));
    if (sc > 0) est = fmax(est, r / sc);
    if (!td_finite(y1, 4 * (size_t)n) || isnan(est)) return INFINITY;
    for (int t = 0; t < n; t++) { /* a second probe vector for the gradients */
        st ^= st << 13; st ^= st >> 7; st ^= st << 17;
        v[t] = 2.0 * (double)(st >> 11) / 9007199254740992.0 - 1.0;
    }
    return fmax(est, td_probe_grad(dc, p, M, x, v, y4 + n));
}

double tridiag_dc_prepare(tridiag_dc_t *dc, tridiag_dc_prep_t *p, const tridiag_op_t *M,
                          const double *g)
{
    if (td_prepare_values(dc, p, M, g) < 0) return -1.0;
    return td_probe(dc, p, M);
}
