/* krylov_fast.h -- float64 O(n log^2 n) multiplication by Krylov matrices of a subdiagonal
 * (+ corner) operator, and the LDR-SD layer multiply (Thomas et al. 2018, Theorem 1 and
 * "Algorithms for LDR-SD"; Proposition 3 gives the layer M = sum_i K(A, g_i) K(B^T, h_i)^T).
 *
 * Operator: A[t][t-1] = a_t (t = 1..n-1), A[0][n-1] = f (the corner; f = 0 is plain
 * subdiagonal).  K(A, g) is n x n with column i equal to A^i g.
 *
 * Method (derivation in krylov_fast.c): the generating function u^T (I - zA)^{-1} g has the
 * coefficients (u^T A^i g)_i, i.e. K(A, g)^T u.  Splitting the index range into two halves,
 * (I - zA)^{-1} is block lower triangular with a rank-one coupling through the one
 * subdiagonal entry a_h linking the halves, so the polynomials of a block follow from its
 * two children by ONE polynomial product of length-h polynomials (the rest are shifts and
 * scalings, since e_last^T (I - zA_blk)^{-1} e_0 is a monomial).  log2(n) levels of batched
 * real FFTs of total size 2n per vector: O(n log^2 n).  K(A, g) x is the transposed
 * algorithm, run top-down (a correlation per merge).  The corner adds one product of
 * length-n polynomials at the root (Sherman-Morrison: the denominator 1 - c z^n, c = f prod a,
 * does not touch coefficients below n), so the complexity is unchanged.
 * Every g-dependent polynomial (and its spectrum) is computed once in krylov_fast_op_create.
 *
 * Sizes: n must be a power of two (n >= 1); other n are rejected with a clear error.  A
 * corner-free operator can be padded by the caller: append zero subdiagonal entries and
 * zeros to g and x; the leading n x n block of the padded K is K(A, g) and the rest is 0.
 *
 * Storage: a batch of `count` vectors of length n is one array, vector k at x + k*n.
 * Errors (library-wide convention): -1 / NULL after one line "krylov_fast: reason" on stderr.
 */
#ifndef ALGEBRA_KRYLOV_FAST_H
#define ALGEBRA_KRYLOV_FAST_H

/* Block length below which a merge uses direct convolution instead of FFTs (measured by
 * experiments/krylov_fast_bench: at n = 4096 the time is flat within 3% for thresholds 4..16,
 * 7% worse at 32 and 20-280% worse from 64 up; 8 is the measured optimum). */
#define KRYLOV_FAST_DIRECT_BELOW 8

/* Working-set budget of one chunk of the batched layer multiply (krylov_fast_ldr_chunk). */
#define KRYLOV_FAST_CHUNK_BYTES (1L << 20)

typedef struct krylov_fast_plan krylov_fast_plan_t;
typedef struct krylov_fast_op krylov_fast_op_t;
typedef struct krylov_fast_ldr krylov_fast_ldr_t;

/* ---- plan: FFTW plans for every level and the workspace for `chunk` vectors processed
 * together (larger batches are processed chunk by chunk).  measure: 0 = FFTW_ESTIMATE plans
 * (instant), 1 = FFTW_MEASURE (slower to create, faster to run).  Not thread-safe (FFTW
 * planning is not). */
krylov_fast_plan_t *krylov_fast_plan_create(long n, long chunk, unsigned measure);
void krylov_fast_plan_destroy(krylov_fast_plan_t *p);
long krylov_fast_plan_size(const krylov_fast_plan_t *p);
/* Merges of block length h < h_min use direct convolution (default KRYLOV_FAST_DIRECT_BELOW;
 * 1 = FFT everywhere, n = direct everywhere).  For tests and the threshold measurement. */
void krylov_fast_plan_set_direct_below(krylov_fast_plan_t *p, long h_min);

/* ---- K(A, g) for one operator and one fixed vector g.  a: len_a = n-1 entries
 * a_1..a_{n-1}; corner: A[0][n-1]; g: len_g = n entries (lengths are checked against the
 * plan's n).  All must be finite.  The plan must outlive the op. */
krylov_fast_op_t *krylov_fast_op_create(krylov_fast_plan_t *p, const double *a, long len_a,
                                        double corner, const double *g, long len_g);
void krylov_fast_op_destroy(krylov_fast_op_t *K);

/* y = K(A, g) x and y = K(A, g)^T x for `count` vectors (count >= 1; x, y must not overlap).
 * Returns -1 on non-finite input or if the result overflows double. */
int krylov_fast_mul(const krylov_fast_op_t *K, double *y, const double *x, long count);
int krylov_fast_mul_transpose(const krylov_fast_op_t *K, double *y, const double *x, long count);

/* ---- rank-r kernels, one vector per call (the LDR-SD layer below uses their batched
 * counterparts in krylov_fast_batch.c).  K[0..r-1] = K(A, g_i): operators created from
 * the same plan with the same (a, corner), differing only in g_i (check with
 * krylov_fast_multi_compatible).  Everything that does not depend on g is shared over i: the
 * transforms of U0 (bottom-up) and the per-block inverse transforms (top-down, where the
 * correlations of all i are summed in the frequency domain before one inverse FFT per block),
 * so r costs only pointwise products and short transforms, not r full Krylov multiplies.
 *   krylov_fast_multi_transpose:  w_i = K_i^T u,     i < r   (u: n entries, w: r*n)
 *   krylov_fast_multi_sum:        y = sum_i K_i w_i           (w: r*n, y: n)
 * One vector per call; ws: workspace of krylov_fast_multi_ws_size(n, r) doubles.  Inputs are
 * assumed finite (the layer checks them). */
int krylov_fast_multi_compatible(const krylov_fast_op_t *const *K, long r);
long krylov_fast_multi_ws_size(long n, long r);
void krylov_fast_multi_transpose(const krylov_fast_op_t *const *K, long r, double *w,
                                 const double *u, double *ws);
void krylov_fast_multi_sum(const krylov_fast_op_t *const *K, long r, double *y, const double *w,
                           double *ws);

/* ---- the LDR-SD layer M = sum_{i<r} K(A, g_i) K(B^T, h_i)^T, A and B subdiagonal + corner.
 * a, b: n-1 subdiagonal entries each; fa, fb: corners; G, H: n x r column-major (g_i = G+i*n).
 * K(B^T, h)^T x = K(B', J h)^T (J x) with J the reversal and B' = J B^T J, which is again
 * subdiagonal + corner (b'_t = b_{n-t}, same corner), so only the subdiagonal kernels are
 * needed.  Both factors run through the batched rank-r kernels (krylov_fast_batch.c): a
 * batch is processed in chunks of c vectors (krylov_fast_ldr_chunk), one FFTW plan per level
 * and chunk; FFT plans and workspace are cached per process per (n, c, r, measure), so
 * only the first layer of a given shape plans anything (not thread-safe).
 * measure: as for krylov_fast_plan_create.
 *
 * Set-up in two parts (a training step changes the parameters, not the shape):
 *   krylov_fast_ldr_alloc            shape (n, r): storage, plans from the cache;
 *   krylov_fast_ldr_set_operators    (a, fa, b, fb): per-level couplings, O(n); invalidates
 *                                    the generator part;
 *   krylov_fast_ldr_set_generators   (G, H): per-level polynomials and their spectra,
 *                                    O(r n log^2 n) (per level, the zero-padded polynomials
 *                                    of all r generators two per half-length complex FFT).
 * krylov_fast_ldr_create does all three.  Multiplying before both parts are set is an error. */
krylov_fast_ldr_t *krylov_fast_ldr_create(long n, long r, const double *a, double fa,
                                          const double *b, double fb, const double *G,
                                          const double *H, unsigned measure);
krylov_fast_ldr_t *krylov_fast_ldr_alloc(long n, long r, unsigned measure);
int krylov_fast_ldr_set_operators(krylov_fast_ldr_t *L, const double *a, double fa,
                                  const double *b, double fb);
int krylov_fast_ldr_set_generators(krylov_fast_ldr_t *L, const double *G, const double *H);
void krylov_fast_ldr_destroy(krylov_fast_ldr_t *L);
/* Y = M X and Y = M^T X for `batch` vectors (vector k at X + k n; X, Y must not overlap). */
int krylov_fast_ldr_mul(const krylov_fast_ldr_t *L, double *Y, const double *X, long batch);
int krylov_fast_ldr_mul_transpose(const krylov_fast_ldr_t *L, double *Y, const double *X,
                                  long batch);
/* One-shot Y = M X (transpose != 0: Y = M^T X) for parameters used once: create + mul +
 * destroy in one call, with the same results bit for bit.  When the batch fits in one chunk
 * the set-up keeps no per-level spectra: each is formed right before the multiply uses it
 * (results/krylov_fast_multiply.md, Targets: the one-shot rows). */
int krylov_fast_ldr_apply(long n, long r, const double *a, double fa, const double *b, double fb,
                          const double *G, const double *H, double *Y, const double *X,
                          long batch, int transpose, unsigned measure);
/* Chunk length used for a batch (rule measured by experiments/krylov_fast_bench, see
 * KRYLOV_FAST_CHUNK_BYTES); set_chunk overrides it (c >= 1; for the benchmark). */
long krylov_fast_ldr_chunk(const krylov_fast_ldr_t *L, long batch);
int krylov_fast_ldr_set_chunk(krylov_fast_ldr_t *L, long c);
/* Smallest n from which the fast layer multiply beat a dense n x n OpenBLAS product
 * (dgemv / dgemm, one thread) in results/krylov_fast_multiply.md (Summary, crossover column;
 * measured for r = 1, 4, 16 and batch 1, 32, 256; other (r, batch) round up to the next
 * measured ones).  LONG_MAX where the fast multiply never won (r > 4 with batch > 1).  A
 * caller that builds explicit Krylov matrices (O(r n^2) per step) pays more than the dense
 * product, so for it this threshold is conservative. */
long krylov_fast_ldr_threshold(long r, long batch);

/* ---- reference kernels (O(n^2), float64): the explicit Krylov product, columns A^i g
 * generated by the recurrence in float64 and accumulated as a column-oriented gemv does.
 * Same conventions as above (n any size >= 1).  Used as the second accuracy baseline. */
void krylov_explicit_mul(double *y, long n, const double *a, double corner, const double *g,
                         const double *x);
void krylov_explicit_mul_transpose(double *y, long n, const double *a, double corner,
                                   const double *g, const double *x);
/* Dense M = sum_i K(A, g_i) K(B^T, h_i)^T (n x n, row-major) in O(r n^2 + n^2) flops from the
 * Stein identity M - A M B = (1 - c_A c_B) G H^T (c = corner * prod of subdiagonal; see
 * krylov_fast.c).  Returns -1 if c_A c_B == 1 (the identity then does not determine M). */
int krylov_explicit_ldr_dense(double *M, long n, long r, const double *a, double fa,
                              const double *b, double fb, const double *G, const double *H);

#endif
