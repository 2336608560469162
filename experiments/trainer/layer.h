/* layer.h - structured linear layers for the float64 trainer (issue 6).
 *
 * A layer maps a batch X (b x in, row-major, one example per row) to Y = X W^T (+ bias),
 * W the out x in weight matrix of its class.  Parameters live in a caller-owned flat
 * vector (the model packs all layers into one vector for the optimizer); a layer only
 * knows its own slice p[0 .. layer_nparams).
 *
 * Classes (Thomas et al. 2018, Sec. 3 and Table 5; Liu-Jiao-Lim-Lu Sec. 4.1):
 *   dense         n_out*n_in
 *   low-rank      W = sum_i g_i h_i^T                       2 r n        (square)
 *   Toeplitz-like W = sum_i K(Z_1,g_i) K(Z_{-1}^T,h_i)^T    2 r n   A=Z_1,  B=Z_{-1}
 *   Hankel-like   W = sum_i K(Z_1,g_i) K(Z_0,h_i)^T         2 r n   A=Z_1,  B=Z_0^T
 *   Vandermonde-like  sum_i K(diag(v),g_i) K(Z_0^T,h_i)^T   2 r n   A=diag(v) fixed, B=Z_0
 *   LDR-SD        learned subdiagonal+corner A, B^T         2 r n + 2 n
 *   LDR-TD        learned tridiagonal+two corners A, B      2 r n + 6 n
 *   circulant     W[p][q] = c[(p-q) mod n]                  n
 *   Toeplitz      W[p][q] = t[q-p+out-1]                    in+out-1
 *   lower / upper triangular                                entries on/below (above) diag
 * The Krylov classes use the Proposition 3 form W = sum_i K(A,g_i) K(B^T,h_i)^T as the
 * parameterization, K(M,v) = [v, Mv, ..., M^{n-1} v].  A bias adds out parameters.
 *
 * Contract: layer_backward must follow layer_forward on the same P and X (layers cache
 * the structured factors built in forward).  Backward ADDS into dp (the model zeroes it)
 * and writes dX unless dX == NULL (first layer: input gradient not needed). */
#ifndef EXPERIMENTS_TRAINER_LAYER_H
#define EXPERIMENTS_TRAINER_LAYER_H

#include <stddef.h>

typedef enum {
    LAYER_DENSE,
    LAYER_LOWRANK,
    LAYER_TOEPLITZ_LIKE,
    LAYER_HANKEL_LIKE,
    LAYER_VANDERMONDE_LIKE,
    LAYER_LDR_SD,
    LAYER_LDR_TD,
    LAYER_CIRCULANT,
    LAYER_TOEPLITZ,
    LAYER_LOWER_TRI,
    LAYER_UPPER_TRI,
    LAYER_NCLASSES
} layer_class_t;

typedef struct layer layer_t;

typedef struct {
    void (*forward)(layer_t *L, const double *p, const double *X, int b, double *Y);
    void (*backward)(layer_t *L, const double *p, const double *X, const double *dY, int b,
                     double *dX, double *dp);
    /* Initialise p from GAUSS (layer_nparams i.i.d. N(0,1) samples). */
    void (*init)(layer_t *L, double *p, const double *gauss);
    /* Dense W (out x in, row-major) for tests and plots. */
    void (*weight)(layer_t *L, const double *p, double *W);
    void (*destroy)(layer_t *L);
} layer_ops_t;

struct layer {
    const layer_ops_t *ops;
    layer_class_t cls;
    int in, out, rank, bias;
    size_t nweights; /* structured weight parameters (excluding bias) */
    int fixed_corners; /* LDR-SD / LDR-TD: operator corners held at 0 and not trained (the
                        * authors' non-corner classes); their parameters stay in p, unused,
                        * with gradient 0.  Default 0: corners learned. */
    void *state;     /* class-specific workspace */
};

/* Short names used on command lines and in tables: "unstructured", "low-rank",
 * "toeplitz-like", "hankel-like", "vandermonde-like", "ldr-sd", "ldr-td", "circulant",
 * "toeplitz", "lower-tri", "upper-tri". */
const char *layer_class_name(layer_class_t c);
int layer_class_from_name(const char *name, layer_class_t *c); /* 0 ok, -1 unknown */
int layer_class_has_rank(layer_class_t c);
int layer_class_is_square_only(layer_class_t c);

/* Number of weight parameters of class C at out x in (rank R where it applies), without
 * bias; 0 when the class does not support the shape. */
size_t layer_class_nweights(layer_class_t c, int out, int in, int r);

/* Create a layer (NULL with a message on stderr for an unsupported shape/rank). */
layer_t *layer_create(layer_class_t c, int out, int in, int r, int bias);
size_t layer_nparams(const layer_t *L);
void layer_destroy(layer_t *L);

/* Weights + bias; these are what the model calls.  layer_init sets the bias to 0. */
void layer_forward(layer_t *L, const double *p, const double *X, int b, double *Y);
void layer_backward(layer_t *L, const double *p, const double *X, const double *dY, int b,
                    double *dX, double *dp);
void layer_init(layer_t *L, double *p, const double *gauss);

/* Class constructors (used by layer_create). */
layer_t *layer_explicit_create(layer_class_t c, int out, int in);
layer_t *layer_lowrank_create(int out, int in, int r);
layer_t *layer_krylov_create(layer_class_t c, int n, int r);
/* Toeplitz-like and Hankel-like through FFTW (O(r n log n) per example); layer_create uses
 * it for these two classes, layer_krylov_create remains their reference form. */
layer_t *layer_fft_create(layer_class_t c, int n, int r);
/* Vandermonde-like through its dense weight built in O(r n^2) (layer_vander.c). */
layer_t *layer_vander_create(int n, int r);
/* LDR-SD through the fast subdiagonal Krylov multiply, O(r n log^2 n) per example for the
 * forward pass and every gradient (layer_sdfast.c, subdiag_dc.h); same parameters and init
 * as layer_krylov_create (its init computes ||W||_F without forming W). */
layer_t *layer_sdfast_create(int n, int r);
int layer_is_sdfast(const layer_t *L);
/* LDR-TD through the fast tridiagonal Krylov multiply (layer_tdfast.c, tridiag_dc.h), same
 * parameters and init as layer_krylov_create.  A step whose a-posteriori error estimate
 * exceeds LAYER_TD_FAST_TOL (relative to ||K|| ||x||) runs on the explicit layer instead. */
#define LAYER_TD_FAST_TOL 1e-9
layer_t *layer_tdfast_create(int n, int r);
int layer_is_tdfast(const layer_t *L);
/* Steps that fell back to the explicit layer (-1 when L is not layer_tdfast); STEPS (forward
 * passes so far) and ESTIMATE (largest estimate of the last forward) when not NULL. */
long layer_tdfast_fallbacks(const layer_t *L, long *steps, double *estimate);
/* 1 when L runs on a fast path (layer_sdfast or layer_tdfast), 0 on the explicit path. */
int layer_uses_fast_path(const layer_t *L);

/* layer_create switches class C to its fast path from n >= this size (0: never).  Defaults
 * measured on the testbed machine (results/trainer_speed.md, threshold rows): LDR-SD
 * LAYER_SD_FAST_THRESHOLD, LDR-TD LAYER_TD_FAST_THRESHOLD.  The setter is for tests and
 * benchmarks (process-wide, not thread-safe); it does not affect layers already created. */
#define LAYER_SD_FAST_THRESHOLD 1536
/* LDR-TD: the first measured size where the fast layer's SGD step beats the explicit one
 * (ratio below 1 up to 16384); there the explicit layer's Krylov matrices alone take 17 GB. */
#define LAYER_TD_FAST_THRESHOLD 32768
int layer_fast_threshold(layer_class_t c);
void layer_set_fast_threshold(layer_class_t c, int n);

/* Shared helpers for the bias part (the bias parameters follow the weights in p). */
void layer_bias_forward(const layer_t *L, const double *bias, int b, double *Y);
void layer_bias_backward(const layer_t *L, const double *dY, int b, double *dbias);

#endif
