/* llu_net.h -- hierarchical (FMM-style, "GFMM-block") block-lower / block-upper triangular
 * matrices as a linear feed-forward network (papers/learned_lu_fmm_blocks.txt, sections
 * "FMM level-2" and "L and U using FMM").
 *
 * n = m b with m = 2^L leaf blocks of size b (L >= 2 levels).  Tree nodes: level l = 1..L has
 * 2^l nodes; leaf p (level L) owns rows [p b, (p+1) b).  With x_p the p-th block of x:
 *
 *   up-sweep     q^L_p = In_p^T x_p                 (In_p: b x r)
 *                q^l_P = Up_{2P} q^{l+1}_{2P} + Up_{2P+1} q^{l+1}_{2P+1}   (r x r transfers)
 *   bridges      inner, strictly block-triangular at every level:
 *                lower: z^l_p gets B^l_p q^l_{p-1};  upper: z^l_p gets B^l_p q^l_{p+1}
 *   down-sweep   z^l_c += Down_c z^{l-1}_{parent(c)}  (l >= 2, r x r transfers)
 *   output       y_p = Out_p z^L_p + D_p x_p + E_p x_{p-1 (lower) | p+1 (upper)}
 *                (outer bridge: dense b x b blocks, block-bidiagonal).
 *
 * Why this is exactly block-triangular (the source's argument): a path through a level-l
 * bridge goes from the leaves of node p-1 to the leaves of node p, all of which come later;
 * the outer bridge touches only blocks p and p-1.  So block (I, J) of the lower matrix is 0
 * for J > I, exactly (no path exists, so the float64 entries are exact zeros).
 *
 * Parameters live in one flat array bound with llu_net_bind (the optimizer's vector).
 * Matrices X, Y, G are n x k row-major (k right-hand sides).
 * Error convention: int functions return 0, or -1 after one line "llu_net: reason". */
#ifndef EXPERIMENTS_LEARNED_LU_NET_H
#define EXPERIMENTS_LEARNED_LU_NET_H

#include <stddef.h>

typedef enum { LLU_LOWER, LLU_UPPER } llu_tri_t;

#define LLU_NONE ((size_t)-1)

typedef struct {
    llu_tri_t tri;
    int n, b, m, levels, r, nnodes;
    size_t nparams;
    double *theta;      /* bound parameter storage (not owned) */
    size_t *off_in;     /* [m] In_p, b x r */
    size_t *off_out;    /* [m] Out_p, b x r */
    size_t *off_diag;   /* [m] D_p, b x b */
    size_t *off_near;   /* [m] E_p, b x b, LLU_NONE at the end without a neighbour */
    size_t *off_up;     /* [nnodes] Up_c, r x r (levels >= 2, else LLU_NONE) */
    size_t *off_down;   /* [nnodes] Down_c, r x r (levels >= 2, else LLU_NONE) */
    size_t *off_bridge; /* [nnodes] B^l_p, r x r, LLU_NONE without a source node */
} llu_net_t;

/* Work space for k <= kmax right-hand sides (forward and adjoint node signals). */
typedef struct {
    int kmax, nnodes, r;
    double *q, *z, *qt, *zt;
} llu_ws_t;

/* Lay out a network.  Checks: n, b, r >= 1, b divides n, m = n/b a power of two >= 4 (at
 * least two levels), r <= b.  theta is NULL until llu_net_bind. */
int llu_net_init(llu_net_t *net, llu_tri_t tri, int n, int b, int r);
void llu_net_clear(llu_net_t *net);
void llu_net_bind(llu_net_t *net, double *theta);

/* Node id of node p at level l (1 <= l <= levels). */
int llu_net_node(const llu_net_t *net, int level, int p);

/* ROW[i] = first leaf block row of the represented matrix that parameter i can influence
 * (m if it influences nothing: the first In/Up of an upper factor's chain, etc.).
 * Used by block-row-wise sequential training ("Block-wise training" in the source). */
void llu_net_first_rows(const llu_net_t *net, int *row);

/* Parameters that can influence the output (first row < m). */
size_t llu_net_effective_params(const llu_net_t *net);

/* Random initialisation from NORMALS (nparams standard normals), scaled by 1/sqrt(fan-in):
 * low-rank path (In, Up, bridges, Down, Out) by lowrank_scale, outer bridge blocks D, E by
 * dense_scale; then D_p += diag * I. */
void llu_net_randomize(llu_net_t *net, const double *normals, double lowrank_scale,
                       double dense_scale, double diag);

llu_ws_t *llu_ws_create(const llu_net_t *net, int kmax);
void llu_ws_free(llu_ws_t *ws);

/* Y = M X (trans = 0) or Y = M^T X (trans = 1), k <= ws->kmax; Y must not alias X. */
void llu_net_apply(const llu_net_t *net, int trans, const double *X, int k, double *Y,
                   llu_ws_t *ws);

/* grad += d/dtheta <G, M X>  (backpropagation through y = M x with output gradient G).
 * For y = M^T x with output gradient G call it with (G, X) swapped: <G, M^T X> = <X, M G>. */
void llu_net_grad(const llu_net_t *net, const double *X, const double *G, int k,
                  double *grad, llu_ws_t *ws);

/* The represented n x n matrix (applied to the identity, column block by column block). */
void llu_net_dense(const llu_net_t *net, double *M);

#endif
