/* llu_dense.h -- dense float64 linear algebra for the learned block-LU experiment:
 * LAPACK condition numbers and factorizations, numerical ranks of hierarchy-level blocks,
 * block forward/back substitution through learned factors, and the three metrics of
 * papers/learned_lu_fmm_blocks.txt ("Evaluation"), with LAPACK dgetrf/dgetrs as baseline.
 * All matrices are n x n row-major unless stated.  Norms: ||.||_F for the operator error,
 * 2-norms for vectors and ||A||_2 (LAPACK SVD) in the backward error. */
#ifndef EXPERIMENTS_LEARNED_LU_DENSE_H
#define EXPERIMENTS_LEARNED_LU_DENSE_H

/* Singular values of the rows x cols block at A (leading dimension lda), descending, into
 * s (min(rows, cols) entries).  0, or -1 if LAPACK fails. */
int llu_singular_values(const double *A, int rows, int cols, int lda, double *s);

/* 2-norm condition number sigma_max / sigma_min (LAPACK dgesvd); inf if singular. */
double llu_cond2(const double *A, int n);

/* Number of singular values of the block above ABS_TOL. */
int llu_numerical_rank(const double *A, int rows, int cols, int lda, double abs_tol);

/* LAPACK dgetrf: P A = L U.  L (unit lower) and U written as dense n x n; returns the number
 * of rows that were exchanged (0 means P = I), or -1 if dgetrf failed/was singular. */
int llu_lapack_lu(const double *A, int n, double *L, double *U);

/* Unpivoted Doolittle LU in float64, A = L U (L unit lower): the factorization the learned
 * pivot-free representation targets.  0, or -1 at a zero pivot. */
int llu_nopivot_lu(const double *A, int n, double *L, double *U);

/* Level ranks of a block-triangular factor F with n = 2^levels * b: for level l = 1..levels
 * (blocks of size n / 2^l), RANK[l-1] = max over p of the numerical rank of the
 * off-diagonal neighbour block F[node p, node p-1] (lower) or F[node p, node p+1] (upper),
 * tolerance rel_tol * ||F||_2.  These are the blocks the level-l bridges represent.
 * FAR = 1 first zeroes the near field, the leaf blocks (I, J) with |I - J| <= 1 that the
 * dense outer bridge of the representation carries: what remains is what the rank-r
 * low-rank paths must carry. */
void llu_level_ranks(const double *F, int n, int levels, int lower, double rel_tol, int far,
                     int *rank);

/* X <- T^-1 X for block-triangular T (block size b, lower or upper), k right-hand sides
 * (X is n x k).  Diagonal blocks are solved by LAPACK LU.  0, or -1 if a diagonal block
 * is singular. */
int llu_block_trsm(const double *T, int n, int b, int lower, double *X, int k);

typedef struct {
    double op_error;       /* ||L U - A||_F / ||A||_F */
    double sol_error;      /* mean over samples ||x - x_true|| / ||x_true|| */
    double back_error;     /* mean ||A x - b|| / (||A||_2 ||x|| + ||b||) */
    double lapack_sol_error, lapack_back_error; /* the same for dgetrf/dgetrs */
    double cond_lu;        /* cond_2(L U) */
    double asymmetry;      /* ||L U - (L U)^T||_F / ||L U||_F (source: transpose loss symmetrises) */
    double corner_ratio;   /* ||E_00||_F / ||E_mm||_F, E = L U - A, first vs last diagonal block
                            * (source: end-to-end training leaves large top-left errors) */
    int solve_failed;      /* 1 if a diagonal block of L or U was singular */
} llu_metrics_t;

/* Metrics of learned block factors Lf, Uf (block size b) for A on the k right-hand sides
 * b = A Xtrue (Xtrue n x k). */
double llu_asymmetry(const double *M, int n);
double llu_corner_ratio(const double *M, const double *A, int n, int b);

int llu_metrics(const double *A, const double *Lf, const double *Uf, int n, int b,
                const double *Xtrue, int k, llu_metrics_t *out);

#endif
