/* row_shift_ae.h -- optimal linear autoencoders R^784 -> R^99 -> R^784 for 28 x 28 images in
 * closed form (Sattelberger's slides, "Training on MNIST"): dense = PCA of the second moment
 * S = sum x x^T (Eckart-Young: min ||X - M X||_F over rank(M) <= r is attained by the projector
 * on the top r eigenvectors, loss = the discarded eigenvalues); equivariant under sigma = the
 * cyclic one-pixel translation of each image row = per-frequency PCA: after the DFT along each
 * row, frequency k acts on the 28 row coefficients x^_k in C^28 and a component
 * r = (r_0, .., r_14) of E^sigma fixes the rank of each block (real at k = 0 and 14, complex,
 * shared with -k, at k = 1..13).  Complex blocks are handled through their realification
 * [[Re C, -Im C], [Im C, Re C]] (eigenvalues doubled; the top 2 r_k eigenvectors span a complex
 * subspace) and Parseval (sum_c x_c^2 = (1/28) sum_k |x^_k|^2) gives
 * loss = (1/28) sum_k (discarded of realified block k).  Float64, LAPACK dsyevd; exact:
 * rsae_commutes_exactly. */
#ifndef ALGEBRA_ROW_SHIFT_AE_H
#define ALGEBRA_ROW_SHIFT_AE_H

#include <stddef.h>

#define RSAE_SIDE 28
#define RSAE_DIM (RSAE_SIDE * RSAE_SIDE)
#define RSAE_NFREQ (RSAE_SIDE / 2 + 1) /* k = 0 .. 14 */
#define RSAE_RANK 99

typedef struct {
    double *S;             /* RSAE_DIM x RSAE_DIM second moment (full) */
    double *B[RSAE_NFREQ];      /* realified frequency blocks (full) */
    long count;
} rsae_moments_t;
typedef struct {
    double *wS, *VS;            /* dense: eigen of the training second moment */
    double *w[RSAE_NFREQ], *V[RSAE_NFREQ];
    int ok;
} rsae_spectra_t;

/* the slides' component: r_k per frequency k = 0 .. 14 (complex rank for 1..13) */
extern const int rsae_slides_r[RSAE_NFREQ];

/* size of the realified block k (28 or 56) and its real rank for a (complex) rank r */
int rsae_block_dim(int k);
int rsae_block_rank(int k, int r);
double rsae_trace(const double *A, int d);

void rsae_moments_init(rsae_moments_t *m);
void rsae_moments_clear(rsae_moments_t *m);
/* add COUNT images (row-major 28 x 28 each) to S and the frequency blocks */
void rsae_moments_add(rsae_moments_t *m, const double *X, long count);

/* eigen-decompositions of the training moments; sp->ok = 0 if LAPACK failed */
void rsae_spectra_compute(rsae_spectra_t *sp, const rsae_moments_t *tr);
void rsae_spectra_clear(rsae_spectra_t *sp);

/* per-pixel losses (train: discarded eigenvalues; test: through the training projector) */
void rsae_dense_losses(double *train, double *test, const rsae_spectra_t *sp,
                       const rsae_moments_t *tr, const rsae_moments_t *te);
void rsae_equivariant_losses(double *train, double *test, const int *r,
                             const rsae_spectra_t *sp, const rsae_moments_t *tr,
                             const rsae_moments_t *te);
/* the component of total rank RSAE_RANK with the least training loss (grouped knapsack) */
void rsae_best_component(int *r, const rsae_spectra_t *sp);
/* encoder + decoder weights of the weight-sharing network of component r */
long rsae_param_count(const int *r);
void rsae_format_r(char *buf, size_t len, const int *r);

/* projectors in the pixel basis (malloc'ed RSAE_DIM x RSAE_DIM, row-major) */
double *rsae_dense_projector(const rsae_spectra_t *sp);
double *rsae_equivariant_projector(const int *r, const rsae_spectra_t *sp);
/* mean squared reconstruction error per pixel of the images X through M */
double rsae_recon_loss(const double *M, const double *X, long count);
/* exact: M sigma b == sigma M b for the integer image b = round(255 x), M's doubles taken as
 * integers at a common binary exponent */
int rsae_commutes_exactly(const double *M, const double *x);

#endif
