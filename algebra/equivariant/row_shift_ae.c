/* row_shift_ae.c -- closed-form dense and equivariant linear autoencoders on 28 x 28 images
 * (see row_shift_ae.h). */
#include "equivariant/row_shift_ae.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz.h>
#include <flint/fmpz_vec.h>

const int rsae_slides_r[RSAE_NFREQ] = {13, 10, 9, 8, 7, 5, 3, 1, 0, 0, 0, 0, 0, 0, 0};

int rsae_block_dim(int k) { return (k == 0 || k == RSAE_SIDE / 2) ? RSAE_SIDE : 2 * RSAE_SIDE; }
/* real rank of block k for a complex rank r */
int rsae_block_rank(int k, int r) { return (k == 0 || k == RSAE_SIDE / 2) ? r : 2 * r; }


void rsae_moments_init(rsae_moments_t *m)
{
    m->S = calloc((size_t)RSAE_DIM * RSAE_DIM, sizeof(double));
    for (int k = 0; k < RSAE_NFREQ; k++)
        m->B[k] = calloc((size_t)rsae_block_dim(k) * rsae_block_dim(k), sizeof(double));
    m->count = 0;
}

void rsae_moments_clear(rsae_moments_t *m)
{
    free(m->S);
    for (int k = 0; k < RSAE_NFREQ; k++)
        free(m->B[k]);
}

/* DFT of each image row at frequency k: re[i] = sum_c x[i][c] cos(2 pi k c / 28),
 * im[i] = -sum_c x[i][c] sin(..) (x^_k = sum_c x_c omega^{-kc}) */
static void row_dft(double *re, double *im, const double *x, int k)
{
    for (int i = 0; i < RSAE_SIDE; i++) {
        double a = 0, b = 0;
        for (int c = 0; c < RSAE_SIDE; c++) {
            double t = 2.0 * M_PI * (double)(k * c % RSAE_SIDE) / RSAE_SIDE;
            a += x[i * RSAE_SIDE + c] * cos(t);
            b -= x[i * RSAE_SIDE + c] * sin(t);
        }
        re[i] = a;
        im[i] = b;
    }
}

void rsae_moments_add(rsae_moments_t *m, const double *X, long count)
{
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, RSAE_DIM, (int)count, 1.0, X, RSAE_DIM, 1.0, m->S,
                RSAE_DIM);
    double re[RSAE_SIDE], im[RSAE_SIDE];
    for (long s = 0; s < count; s++) {
        const double *x = X + s * RSAE_DIM;
        for (int k = 0; k < RSAE_NFREQ; k++) {
            row_dft(re, im, x, k);
            double *B = m->B[k];
            int d = rsae_block_dim(k);
            if (d == RSAE_SIDE) { /* real block */
                for (int i = 0; i < RSAE_SIDE; i++)
                    for (int j = 0; j < RSAE_SIDE; j++)
                        B[i * d + j] += re[i] * re[j];
                continue;
            }
            /* C = v v^H: Re C = re re^T + im im^T, Im C = im re^T - re im^T */
            for (int i = 0; i < RSAE_SIDE; i++)
                for (int j = 0; j < RSAE_SIDE; j++) {
                    double rc = re[i] * re[j] + im[i] * im[j];
                    double ic = im[i] * re[j] - re[i] * im[j];
                    B[i * d + j] += rc;
                    B[(i + RSAE_SIDE) * d + j + RSAE_SIDE] += rc;
                    B[(i + RSAE_SIDE) * d + j] += ic;
                    B[i * d + j + RSAE_SIDE] -= ic;
                }
        }
    }
    for (int i = 0; i < RSAE_DIM; i++) /* dsyrk filled the upper triangle */
        for (int j = 0; j < i; j++)
            m->S[i * RSAE_DIM + j] = m->S[j * RSAE_DIM + i];
    m->count += count;
}

/* eigenvalues ascending (w) and eigenvectors (columns of V, row-major d x d); 0 or -1 */
static int eig(double *w, double *V, const double *A, int d)
{
    memcpy(V, A, sizeof(double) * (size_t)d * d);
    return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', d, V, d, w) == 0 ? 0 : -1;
}

double rsae_trace(const double *A, int d)
{
    double t = 0;
    for (int i = 0; i < d; i++)
        t += A[i * d + i];
    return t;
}

/* sum over the top KEEP eigenvectors u (columns d-keep .. d-1 of V) of u^T A u */
static double kept_quadratic(const double *V, const double *A, int d, int keep)
{
    double s = 0, *Au = malloc(sizeof(double) * (size_t)d), *u = malloc(sizeof(double) * (size_t)d);
    for (int q = d - keep; q < d; q++) {
        for (int i = 0; i < d; i++)
            u[i] = V[i * d + q];
        cblas_dsymv(CblasRowMajor, CblasUpper, d, 1.0, A, d, u, 1, 0.0, Au, 1);
        s += cblas_ddot(d, u, 1, Au, 1);
    }
    free(Au);
    free(u);
    return s;
}


void rsae_spectra_compute(rsae_spectra_t *sp, const rsae_moments_t *tr)
{
    sp->wS = malloc(sizeof(double) * RSAE_DIM);
    sp->VS = malloc(sizeof(double) * (size_t)RSAE_DIM * RSAE_DIM);
    sp->ok = eig(sp->wS, sp->VS, tr->S, RSAE_DIM) == 0;
    for (int k = 0; k < RSAE_NFREQ; k++) {
        int d = rsae_block_dim(k);
        sp->w[k] = malloc(sizeof(double) * (size_t)d);
        sp->V[k] = malloc(sizeof(double) * (size_t)d * d);
        sp->ok &= eig(sp->w[k], sp->V[k], tr->B[k], d) == 0;
    }
}

void rsae_spectra_clear(rsae_spectra_t *sp)
{
    free(sp->wS);
    free(sp->VS);
    for (int k = 0; k < RSAE_NFREQ; k++) {
        free(sp->w[k]);
        free(sp->V[k]);
    }
}

/* per-pixel losses of the dense rank-RSAE_RANK autoencoder (train: discarded eigenvalues) */
void rsae_dense_losses(double *train, double *test, const rsae_spectra_t *sp, const rsae_moments_t *tr,
                         const rsae_moments_t *te)
{
    double disc = 0;
    for (int q = 0; q < RSAE_DIM - RSAE_RANK; q++)
        disc += sp->wS[q];
    *train = disc / ((double)tr->count * RSAE_DIM);
    *test = (rsae_trace(te->S, RSAE_DIM) - kept_quadratic(sp->VS, te->S, RSAE_DIM, RSAE_RANK)) /
            ((double)te->count * RSAE_DIM);
}

void rsae_equivariant_losses(double *train, double *test, const int *r, const rsae_spectra_t *sp,
                               const rsae_moments_t *tr, const rsae_moments_t *te)
{
    double a = 0, b = 0;
    for (int k = 0; k < RSAE_NFREQ; k++) {
        int d = rsae_block_dim(k), keep = rsae_block_rank(k, r[k]);
        for (int q = 0; q < d - keep; q++)
            a += sp->w[k][q];
        b += rsae_trace(te->B[k], d) - kept_quadratic(sp->V[k], te->B[k], d, keep);
    }
    *train = a / (RSAE_SIDE * (double)tr->count * RSAE_DIM);
    *test = b / (RSAE_SIDE * (double)te->count * RSAE_DIM);
}

/* the best component of total rank RSAE_RANK for the training data: grouped knapsack over the
 * frequencies (item k, complex rank j: cost rsae_block_rank(k, j), gain its top eigenvalues) */
void rsae_best_component(int *r, const rsae_spectra_t *sp)
{
    double best[RSAE_NFREQ + 1][RSAE_RANK + 1];
    int choice[RSAE_NFREQ][RSAE_RANK + 1];
    for (int c = 0; c <= RSAE_RANK; c++)
        best[0][c] = c == 0 ? 0 : -INFINITY;
    for (int k = 0; k < RSAE_NFREQ; k++) {
        int d = rsae_block_dim(k);
        for (int c = 0; c <= RSAE_RANK; c++) {
            best[k + 1][c] = -INFINITY;
            choice[k][c] = 0;
            double gain = 0;
            for (int j = 0; j <= RSAE_SIDE && rsae_block_rank(k, j) <= c; j++) {
                if (j > 0) { /* the next eigenvalue (pair, for complex blocks) */
                    int step = rsae_block_rank(k, 1);
                    for (int t = 0; t < step; t++)
                        gain += sp->w[k][d - rsae_block_rank(k, j - 1) - 1 - t];
                }
                double v = best[k][c - rsae_block_rank(k, j)] + gain;
                if (v > best[k + 1][c]) {
                    best[k + 1][c] = v;
                    choice[k][c] = j;
                }
            }
        }
    }
    int c = RSAE_RANK;
    for (int k = RSAE_NFREQ - 1; k >= 0; k--) {
        r[k] = choice[k][c];
        c -= rsae_block_rank(k, r[k]);
    }
}

long rsae_param_count(const int *r)
{
    long p = 0;
    for (int k = 0; k < RSAE_NFREQ; k++)
        p += (long)RSAE_SIDE * rsae_block_rank(k, r[k]); /* encoder weights; the decoder has as many */
    return 2 * p;
}

void rsae_format_r(char *buf, size_t len, const int *r)
{
    size_t o = 0;
    o += (size_t)snprintf(buf + o, len - o, "(");
    for (int k = 0; k < RSAE_NFREQ && o < len; k++)
        o += (size_t)snprintf(buf + o, len - o, k ? ", %d" : "%d", r[k]);
    if (o < len)
        snprintf(buf + o, len - o, ")");
}

/* ---------------------------------------------------------------- projectors, pixel basis */
/* the dense projector U U^T on the top RSAE_RANK eigenvectors */
double *rsae_dense_projector(const rsae_spectra_t *sp)
{
    double *P = calloc((size_t)RSAE_DIM * RSAE_DIM, sizeof(double));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, RSAE_DIM, RSAE_DIM, RSAE_RANK, 1.0,
                sp->VS + (RSAE_DIM - RSAE_RANK), RSAE_DIM, sp->VS + (RSAE_DIM - RSAE_RANK), RSAE_DIM, 0.0, P, RSAE_DIM);
    return P;
}

/* the equivariant projector of component r: M[(i,c),(j,d)] = K_ij((c - d) mod 28) with
 * K_ij(s) = (1/28) sum_k P_k[i][j] omega^{ks}; P_k from the realified block projector Q_k
 * (Re P = Q[0:28, 0:28], Im P = Q[28:56, 0:28]) */
double *rsae_equivariant_projector(const int *r, const rsae_spectra_t *sp)
{
    double *K = calloc((size_t)RSAE_SIDE * RSAE_SIDE * RSAE_SIDE, sizeof(double)); /* K[(i*28+j)*28+s] */
    for (int k = 0; k < RSAE_NFREQ; k++) {
        int d = rsae_block_dim(k), keep = rsae_block_rank(k, r[k]);
        if (keep == 0)
            continue;
        double *Q = calloc((size_t)d * d, sizeof(double));
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, d, d, keep, 1.0, sp->V[k] + (d - keep),
                    d, sp->V[k] + (d - keep), d, 0.0, Q, d);
        for (int i = 0; i < RSAE_SIDE; i++)
            for (int j = 0; j < RSAE_SIDE; j++)
                for (int s = 0; s < RSAE_SIDE; s++) {
                    double t = 2.0 * M_PI * (double)(k * s % RSAE_SIDE) / RSAE_SIDE, v;
                    if (d == RSAE_SIDE)
                        v = Q[i * d + j] * cos(t);
                    else /* P_k omega^{ks} + conj(P_k omega^{ks}) = 2 Re(..) */
                        v = 2.0 * (Q[i * d + j] * cos(t) - Q[(i + RSAE_SIDE) * d + j] * sin(t));
                    K[(i * RSAE_SIDE + j) * RSAE_SIDE + s] += v / RSAE_SIDE;
                }
        free(Q);
    }
    double *M = malloc(sizeof(double) * (size_t)RSAE_DIM * RSAE_DIM);
    for (int i = 0; i < RSAE_SIDE; i++)
        for (int c = 0; c < RSAE_SIDE; c++)
            for (int j = 0; j < RSAE_SIDE; j++)
                for (int dd = 0; dd < RSAE_SIDE; dd++)
                    M[(i * RSAE_SIDE + c) * RSAE_DIM + j * RSAE_SIDE + dd] =
                        K[(i * RSAE_SIDE + j) * RSAE_SIDE + (c - dd + RSAE_SIDE) % RSAE_SIDE];
    free(K);
    return M;
}

/* mean squared reconstruction error per pixel of X through M (float64) */
double rsae_recon_loss(const double *M, const double *X, long count)
{
    double *Y = malloc(sizeof(double) * (size_t)count * RSAE_DIM), s = 0;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)count, RSAE_DIM, RSAE_DIM, 1.0, X, RSAE_DIM, M,
                RSAE_DIM, 0.0, Y, RSAE_DIM);
    for (long q = 0; q < count * RSAE_DIM; q++)
        s += (X[q] - Y[q]) * (X[q] - Y[q]);
    free(Y);
    return s / ((double)count * RSAE_DIM);
}

/* Exact: M sigma b == sigma M b for the integer image b (bytes), M's doubles taken exactly
 * as integers times 2^E (E the smallest binary exponent among M's entries). */
int rsae_commutes_exactly(const double *M, const double *x)
{
    int E = 0, first = 1;
    for (long q = 0; q < (long)RSAE_DIM * RSAE_DIM; q++)
        if (M[q] != 0) {
            int e;
            frexp(M[q], &e);
            if (first || e - 53 < E)
                E = e - 53, first = 0;
        }
    fmpz *b = _fmpz_vec_init(RSAE_DIM), *sb = _fmpz_vec_init(RSAE_DIM), *y1 = _fmpz_vec_init(RSAE_DIM),
         *y2 = _fmpz_vec_init(RSAE_DIM);
    fmpz_t m;
    fmpz_init(m);
    for (int i = 0; i < RSAE_SIDE; i++)
        for (int c = 0; c < RSAE_SIDE; c++) {
            fmpz_set_si(b + i * RSAE_SIDE + c, lround(x[i * RSAE_SIDE + c] * 255.0));
        }
    for (int i = 0; i < RSAE_SIDE; i++) /* (sigma b)[i][c] = b[i][c - 1]: one pixel to the right */
        for (int c = 0; c < RSAE_SIDE; c++)
            fmpz_set(sb + i * RSAE_SIDE + c, b + i * RSAE_SIDE + (c + RSAE_SIDE - 1) % RSAE_SIDE);
    for (int p = 0; p < RSAE_DIM; p++)
        for (int q = 0; q < RSAE_DIM; q++) {
            double v = M[(long)p * RSAE_DIM + q];
            if (v == 0)
                continue;
            int e;
            double f = frexp(v, &e); /* v = f 2^e, f 2^53 an integer */
            fmpz_set_d(m, ldexp(f, 53));
            fmpz_mul_2exp(m, m, (ulong)(e - 53 - E));
            fmpz_addmul(y1 + p, m, sb + q);
            fmpz_addmul(y2 + p, m, b + q);
        }
    int ok = 1;
    for (int i = 0; i < RSAE_SIDE; i++) /* y1 == sigma y2 */
        for (int c = 0; c < RSAE_SIDE; c++)
            ok &= fmpz_equal(y1 + i * RSAE_SIDE + c, y2 + i * RSAE_SIDE + (c + RSAE_SIDE - 1) % RSAE_SIDE);
    fmpz_clear(m);
    _fmpz_vec_clear(b, RSAE_DIM);
    _fmpz_vec_clear(sb, RSAE_DIM);
    _fmpz_vec_clear(y1, RSAE_DIM);
    _fmpz_vec_clear(y2, RSAE_DIM);
    return ok;
}

