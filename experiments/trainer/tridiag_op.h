/* tridiag_op.h - n x n operators that are tridiagonal plus two corners,
 *     M[t][t] = d[t],  M[k+1][k] = s[k],  M[k][k+1] = u[k]  (k = 0..n-2),
 *     M[0][n-1] += cu (top-right),  M[n-1][0] += cl (bottom-left),
 * covering Z_f (s = 1, cu = f), Z_f^T (u = 1, cl = f), diag(v), and the learned
 * subdiagonal (LDR-SD) and tridiagonal (LDR-TD) operators of Thomas et al. 2018 Sec. 3.
 * NULL arrays are zero.  Krylov matrices K(M,g) = [g, Mg, ..., M^{n-1} g] are stored
 * transposed: row j = M^j g (contiguous), which is what the gemm calls want. */
#ifndef EXPERIMENTS_TRAINER_TRIDIAG_OP_H
#define EXPERIMENTS_TRAINER_TRIDIAG_OP_H

typedef struct {
    int n;
    const double *d, *s, *u; /* lengths n, n-1, n-1; NULL = zero */
    double cu, cl;
} tridiag_op_t;

/* Gradient of a scalar loss with respect to the operator entries (same layout). */
typedef struct {
    double *d, *s, *u; /* NULL = not wanted (entry fixed) */
    double *cu, *cl;   /* NULL = not wanted */
} tridiag_grad_t;

void tridiag_op_apply(const tridiag_op_t *M, const double *x, double *y);   /* y = M x   */
void tridiag_op_apply_t(const tridiag_op_t *M, const double *x, double *y); /* y = M^T x */

/* Kt (n x n, row-major): row j = M^j g.  WORK holds TRIDIAG_KRYLOV_WORK(n) doubles. */
#define TRIDIAG_KRYLOV_WORK(n) (3 * ((size_t)(n) + 1))
void tridiag_op_krylov(const tridiag_op_t *M, const double *g, double *Kt, double *work);

/* Reverse mode through tridiag_op_krylov: given Kt and dKt = dL/dKt, ADD dL/dg into dg
 * and dL/dM into the wanted entries of grad.  WORK holds TRIDIAG_BACKWARD_WORK(n) doubles. */
#define TRIDIAG_BACKWARD_WORK(n) (2 * (size_t)(n) + 6 * ((size_t)(n) + 1))
void tridiag_op_krylov_backward(const tridiag_op_t *M, const double *Kt, const double *dKt,
                                double *dg, const tridiag_grad_t *grad, double *work);

/* Bands of M padded to length n + 1 with zeros: D[t] = d[t], S[t] = s[t-1] (S[0] = 0),
 * U[t] = u[t] (U[n-1] = 0), so that row t of M x is D[t] x[t] + S[t] x[t-1] + U[t] x[t+1]. */
typedef struct {
    double *D, *S, *U;
    int has_d, has_s, has_u;
} tridiag_bands_t;

/* The same reverse sweep, streamed: begin, then rows j = n-1 down to 0 in blocks
 * (tridiag_sweep_rows(w, Kt, rows, j_lo) consumes dKt rows next .. j_lo given as ROWS, row
 * j at ROWS + (j - j_lo) n), then end adds dL/dg into dg and the operator gradient into
 * grad.  WORK as for tridiag_op_krylov_backward, alive until end. */
typedef struct {
    const tridiag_op_t *M;
    tridiag_bands_t B;
    double *a, *na, *gD, *gS, *gU;
    double gcu, gcl;
    int next;
} tridiag_sweep_t;

void tridiag_sweep_begin(tridiag_sweep_t *w, const tridiag_op_t *M, double *work);
void tridiag_sweep_rows(tridiag_sweep_t *w, const double *Kt, const double *dKt_rows, int j_lo);
void tridiag_sweep_end(tridiag_sweep_t *w, double *dg, const tridiag_grad_t *grad);

#endif
