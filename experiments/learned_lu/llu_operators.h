/* llu_operators.h -- the test operators of the learned block-LU experiment
 * (papers/learned_lu_fmm_blocks.txt, "Experiments": discrete Laplacian, convection-diffusion,
 * biharmonic, RBF kernel; "FMM level-1": exponential covariance).
 *
 * All operators are n x n, returned dense, row-major, float64.  The finite-difference
 * stencils are integer matrices (scaled by h^2 resp. h^4), so they can also be produced
 * exactly as FLINT fmpz matrices for the exact-LU premise check.
 *
 *   laplace1d     tridiag(-1, 2, -1)                                  (Dirichlet, h^2 -u'')
 *   laplace2d     5-point stencil 4, -1 on an nx x ny grid, index iy*nx + ix
 *   convdiff1d    -u'' + c u' with first-order upwind for c > 0, scaled by h^2; with the
 *                 cell Peclet number p = c h (integer): diag 2+p, sub -(1+p), super -1.
 *                 Asymmetric; its symmetric part is (2+p)/2 tridiag(-1,2,-1), so it is
 *                 positive definite.
 *   convdiff2d    the same in 2D with velocity (c, c): diag 4+2p, west/south -(1+p),
 *                 east/north -1 (symmetric part (2+p)/2 * laplace2d: positive definite).
 *   biharm1d      pentadiagonal (1, -4, 6, -4, 1) truncated at the boundary
 *                 (= T^2 + e_1 e_1^T + e_n e_n^T with T = laplace1d: SPD).
 *   biharm2d      (laplace2d)^2, the 13-point discrete biharmonic with Dirichlet data (SPD).
 *   rbf           K_ij = exp(-(x_i - x_j)^2 / (2 l^2)) + nugget delta_ij, x_i = i/(n-1).
 *   expcov        K_ij = exp(-|x_i - x_j|), x_i = i/(n-1) (off-diagonal blocks are rank 1).
 *
 * Error convention: int functions return 0, or -1 after one line "llu_op: reason". */
#ifndef EXPERIMENTS_LEARNED_LU_OPERATORS_H
#define EXPERIMENTS_LEARNED_LU_OPERATORS_H

#include <flint/fmpz_mat.h>

typedef enum {
    LLU_LAPLACE1D,
    LLU_LAPLACE2D,
    LLU_CONVDIFF1D,
    LLU_CONVDIFF2D,
    LLU_BIHARM1D,
    LLU_BIHARM2D,
    LLU_RBF,
    LLU_EXPCOV,
    LLU_NOPS
} llu_op_kind_t;

typedef struct {
    llu_op_kind_t kind;
    int n;               /* order; for 2D operators n = nx * ny */
    int nx, ny;          /* grid of the 2D operators (ignored in 1D) */
    int peclet;          /* cell Peclet number p of the convection-diffusion operators */
    double length_scale; /* RBF length scale l */
    double nugget;       /* RBF diagonal nugget */
} llu_op_spec_t;

/* Short name ("laplace1d") and a one-line definition for the table. */
const char *llu_op_name(llu_op_kind_t kind);
const char *llu_op_definition(llu_op_kind_t kind);

/* Default specification of KIND at order N (2D: N must be nx*ny with the grid chosen as
 * nx = 2^ceil(log2(N)/2), ny = N/nx; e.g. 256 -> 16 x 16, 128 -> 16 x 8).  Defaults:
 * peclet 1, length scale 0.1, nugget 1e-4.  Returns -1 if N is not a valid order. */
int llu_op_default(llu_op_spec_t *spec, llu_op_kind_t kind, int n);

/* 1 iff KIND is an integer stencil (exact LU possible). */
int llu_op_is_integer(llu_op_kind_t kind);

/* A (n x n row-major) from SPEC.  Returns -1 on an invalid spec. */
int llu_op_fill(double *A, const llu_op_spec_t *spec);

/* The same integer stencil exactly; Z caller-initialised n x n.  -1 if not an integer kind. */
int llu_op_fill_fmpz(fmpz_mat_t Z, const llu_op_spec_t *spec);

#endif
