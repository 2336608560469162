/* tridiag_op.c - O(n) application of tridiagonal+corner operators and O(n^2) Krylov
 * matrices with their reverse-mode derivative.
 *
 * Speed (issue 13): each Krylov row is produced by one fused loop over the three bands
 * (missing bands are zero arrays, so there is no branch in the loop), and the reverse sweep
 * accumulates the operator gradient and applies M^T in the same loop.  Subnormal numbers
 * (high powers of contractive operators, e.g. diag(v) with |v| < 1 in the Vandermonde-like
 * class) are flushed to zero by the FPU (x86 FTZ/DAZ, set only while these loops run), so
 * no separate flush pass is needed; elsewhere a software flush below 1e-250 is used. */
#include "trainer/tridiag_op.h"

#include <math.h>
#include <string.h>

/* AVX2 and baseline versions of the two hot loops, chosen at load time (GCC ifunc) */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define TRIDIAG_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TRIDIAG_CLONES
#endif

#if defined(__SSE2__)
#include <pmmintrin.h>
#include <xmmintrin.h>
#define TRIDIAG_HW_FLUSH 1
static unsigned tridiag_ftz_on(void)
{
    unsigned old = _mm_getcsr();
    _mm_setcsr(old | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */
    return old;
}
static void tridiag_ftz_off(unsigned old) { _mm_setcsr(old); }
#else
#define TRIDIAG_HW_FLUSH 0
static unsigned tridiag_ftz_on(void) { return 0; }
static void tridiag_ftz_off(unsigned old) { (void)old; }
#endif

void tridiag_op_apply(const tridiag_op_t *M, const double *x, double *y)
{
    const int n = M->n;
    for (int t = 0; t < n; t++) y[t] = M->d ? M->d[t] * x[t] : 0.0;
    if (M->s)
        for (int k = 0; k + 1 < n; k++) y[k + 1] += M->s[k] * x[k];
    if (M->u)
        for (int k = 0; k + 1 < n; k++) y[k] += M->u[k] * x[k + 1];
    y[0] += M->cu * x[n - 1];
    y[n - 1] += M->cl * x[0];
}

void tridiag_op_apply_t(const tridiag_op_t *M, const double *x, double *y)
{
    const int n = M->n;
    for (int t = 0; t < n; t++) y[t] = M->d ? M->d[t] * x[t] : 0.0;
    if (M->s)
        for (int k = 0; k + 1 < n; k++) y[k] += M->s[k] * x[k + 1];
    if (M->u)
        for (int k = 0; k + 1 < n; k++) y[k + 1] += M->u[k] * x[k];
    y[n - 1] += M->cu * x[0];
    y[0] += M->cl * x[n - 1];
}

static void tridiag_flush_tiny(double *v, int n)
{
    for (int t = 0; t < n; t++)
        if (fabs(v[t]) < 1e-250) v[t] = 0.0;
}

static int tridiag_bands(const tridiag_op_t *M, tridiag_bands_t *B, double *buf)
{
    const int n = M->n;
    B->D = buf; B->S = buf + n + 1; B->U = buf + 2 * (n + 1);
    memset(buf, 0, 3 * (size_t)(n + 1) * sizeof *buf);
    B->has_d = M->d != NULL; B->has_s = M->s != NULL; B->has_u = M->u != NULL;
    if (M->d) memcpy(B->D, M->d, (size_t)n * sizeof *buf);
    if (M->s) memcpy(B->S + 1, M->s, (size_t)(n - 1) * sizeof *buf);
    if (M->u) memcpy(B->U, M->u, (size_t)(n - 1) * sizeof *buf);
    return 0;
}

/* y = M x for the interior rows (corners added by the caller); specialised by band set. */
TRIDIAG_CLONES
static void tridiag_row(const tridiag_bands_t *B, int n, const double *restrict x, double *restrict y)
{
    const double *restrict D = B->D, *restrict S = B->S, *restrict U = B->U;
    if (!B->has_d && !B->has_u) { /* subdiagonal (shift-like) operators */
        y[0] = 0.0;
        for (int t = 1; t < n; t++) y[t] = S[t] * x[t - 1];
    } else if (!B->has_d && !B->has_s) { /* superdiagonal */
        for (int t = 0; t + 1 < n; t++) y[t] = U[t] * x[t + 1];
        y[n - 1] = 0.0;
    } else if (!B->has_s && !B->has_u) { /* diagonal */
        for (int t = 0; t < n; t++) y[t] = D[t] * x[t];
    } else {
        y[0] = D[0] * x[0] + (n > 1 ? U[0] * x[1] : 0.0);
        for (int t = 1; t + 1 < n; t++) y[t] = S[t] * x[t - 1] + D[t] * x[t] + U[t] * x[t + 1];
        if (n > 1) y[n - 1] = S[n - 1] * x[n - 2] + D[n - 1] * x[n - 1];
    }
}

void tridiag_op_krylov(const tridiag_op_t *M, const double *g, double *Kt, double *work)
{
    const int n = M->n;
    double *buf = work;
    tridiag_bands_t B;
    tridiag_bands(M, &B, buf);
    unsigned csr = tridiag_ftz_on();
    memcpy(Kt, g, (size_t)n * sizeof *Kt);
    for (int j = 1; j < n; j++) {
        const double *x = Kt + (size_t)(j - 1) * n;
        double *k = Kt + (size_t)j * n;
        tridiag_row(&B, n, x, k);
        k[0] += M->cu * x[n - 1];
        k[n - 1] += M->cl * x[0];
        if (!TRIDIAG_HW_FLUSH) tridiag_flush_tiny(k, n);
    }
    tridiag_ftz_off(csr);
}

/* dL/dM[p][q] = sum_j a_{j+1}[p] k_j[q], a_j the total adjoint of k_j = M^j g; the reverse
 * sweep a_j = dk_j + M^T a_{j+1} runs in the same loop as the accumulation.  The sweep is
 * streamed (rows n-1 down to 0, in any blocks) so that callers can produce dKt a block of
 * rows at a time and never hold all of it. */
/* One row of the sweep, in loops with one store each so that they vectorise:
 * gD[t] += a[t] k[t], gS[t] += a[t] k[t-1] (s[t-1] = M[t][t-1]), gU[t] += a[t] k[t+1],
 * N = dk + M^T a  (row t: D[t] a[t] + S[t+1] a[t+1] + U[t-1] a[t-1]). */
TRIDIAG_CLONES
static void tridiag_sweep_row(int n, const tridiag_bands_t *B, const double *restrict A,
                              const double *restrict k, const double *restrict dk,
                              double *restrict gD, double *restrict gS, double *restrict gU,
                              double *restrict N)
{
    const double *restrict D = B->D, *restrict S = B->S, *restrict U = B->U;
    if (B->has_d) for (int t = 0; t < n; t++) gD[t] += A[t] * k[t];
    if (B->has_s) for (int t = 1; t < n; t++) gS[t] += A[t] * k[t - 1];
    if (B->has_u) for (int t = 0; t + 1 < n; t++) gU[t] += A[t] * k[t + 1];
    if (B->has_d && B->has_s && B->has_u && n > 2) { /* tridiagonal: one pass */
        N[0] = dk[0] + D[0] * A[0] + S[1] * A[1];
        for (int t = 1; t + 1 < n; t++)
            N[t] = dk[t] + D[t] * A[t] + S[t + 1] * A[t + 1] + U[t - 1] * A[t - 1];
        N[n - 1] = dk[n - 1] + D[n - 1] * A[n - 1] + U[n - 2] * A[n - 2];
        return;
    }
    if (B->has_d) for (int t = 0; t < n; t++) N[t] = dk[t] + D[t] * A[t];
    else for (int t = 0; t < n; t++) N[t] = dk[t];
    if (B->has_s) for (int t = 0; t + 1 < n; t++) N[t] += S[t + 1] * A[t + 1];
    if (B->has_u) for (int t = 1; t < n; t++) N[t] += U[t - 1] * A[t - 1];
}

void tridiag_sweep_begin(tridiag_sweep_t *w, const tridiag_op_t *M, double *work)
{
    const int n = M->n;
    w->M = M;
    w->a = work;
    w->na = work + n;
    double *buf = work + 2 * (size_t)n;
    tridiag_bands(M, &w->B, buf);
    w->gD = buf + 3 * (size_t)(n + 1);
    w->gS = w->gD + n + 1;
    w->gU = w->gS + n + 1;
    memset(w->gD, 0, 3 * (size_t)(n + 1) * sizeof *w->gD);
    w->gcu = w->gcl = 0;
    w->next = n - 1;
}

void tridiag_sweep_rows(tridiag_sweep_t *w, const double *Kt, const double *dKt_rows, int j_lo)
{
    const tridiag_op_t *M = w->M;
    const int n = M->n;
    double *restrict gD = w->gD, *restrict gS = w->gS, *restrict gU = w->gU;
    unsigned csr = tridiag_ftz_on();
    for (int j = w->next; j >= j_lo; j--) {
        const double *restrict dk = dKt_rows + (size_t)(j - j_lo) * n;
        if (j == n - 1) {
            memcpy(w->a, dk, (size_t)n * sizeof *dk);
            continue;
        }
        /* w->a holds the adjoint of k_{j+1} = M k_j */
        const double *restrict k = Kt + (size_t)j * n;
        double *restrict A = w->a, *restrict N = w->na;
        tridiag_sweep_row(n, &w->B, A, k, dk, gD, gS, gU, N);
        w->gcu += A[0] * k[n - 1];
        w->gcl += A[n - 1] * k[0];
        N[n - 1] += M->cu * A[0];
        N[0] += M->cl * A[n - 1];
        if (!TRIDIAG_HW_FLUSH) tridiag_flush_tiny(N, n);
        w->a = N;
        w->na = A;
    }
    tridiag_ftz_off(csr);
    w->next = j_lo - 1;
}

void tridiag_sweep_end(tridiag_sweep_t *w, double *dg, const tridiag_grad_t *grad)
{
    const int n = w->M->n;
    for (int t = 0; t < n; t++) dg[t] += w->a[t];
    if (grad->d) for (int t = 0; t < n; t++) grad->d[t] += w->gD[t];
    if (grad->s) for (int t = 0; t + 1 < n; t++) grad->s[t] += w->gS[t + 1];
    if (grad->u) for (int t = 0; t + 1 < n; t++) grad->u[t] += w->gU[t];
    if (grad->cu) *grad->cu += w->gcu;
    if (grad->cl) *grad->cl += w->gcl;
}

void tridiag_op_krylov_backward(const tridiag_op_t *M, const double *Kt, const double *dKt,
                                double *dg, const tridiag_grad_t *grad, double *work)
{
    tridiag_sweep_t w;
    tridiag_sweep_begin(&w, M, work);
    tridiag_sweep_rows(&w, Kt, dKt, 0);
    tridiag_sweep_end(&w, dg, grad);
}
