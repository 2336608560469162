/* llu_gmres.h -- a small dense GMRES (full, unrestarted, modified Gram-Schmidt with one
 * re-orthogonalisation, Givens rotations) with optional right preconditioning, to compare
 * iteration counts with and without the learned L U as preconditioner
 * (papers/learned_lu_fmm_blocks.txt, "Limitations": "more suitable ... as preconditioners"). */
#ifndef EXPERIMENTS_LEARNED_LU_GMRES_H
#define EXPERIMENTS_LEARNED_LU_GMRES_H

/* v <- M^{-1} v in place (n entries); returns 0, or -1 if it cannot be applied. */
typedef int (*llu_precond_fn)(void *ctx, double *v);

typedef struct {
    int iterations;   /* Arnoldi steps taken */
    int converged;    /* 1 if the true relative residual is <= tol */
    double rel_resid; /* true ||b - A x|| / ||b|| at exit */
} llu_gmres_result_t;

/* Solve A x = b (A n x n row-major) from x0 = 0 with right preconditioner PC (NULL: none),
 * stopping when the residual estimate drops to tol ||b|| or after maxit (<= n) steps.
 * Returns 0, or -1 on bad arguments or a failing preconditioner. */
int llu_gmres(const double *A, int n, const double *b, double *x, double tol, int maxit,
              llu_precond_fn pc, void *ctx, llu_gmres_result_t *res);

#endif
