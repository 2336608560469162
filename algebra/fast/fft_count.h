/* fft_count.h -- an FFT call counter for the fast Krylov kernels (issue 15: Thomas et al.,
 * Theorem 1 counts "8 log2(n) batched FFTs, each of total size 2n" per multiply; a batched
 * FFT of k transforms of length m has total size k m).
 *
 * Every fftw_execute of krylov_fast*.c goes through fft_count_execute(plan, len, howmany)
 * with the length and the batch count the plan was created with.  Counting is off unless a
 * counter is installed (fft_count_start): the cost when off is one load and one predictable
 * branch per batched transform, against the O(len log len) work of the transform itself.
 * Not thread-safe (one process-wide sink, like the kernels' cached plans). */
#ifndef ALGEBRA_FFT_COUNT_H
#define ALGEBRA_FFT_COUNT_H

#include <fftw3.h>

#define FFT_COUNT_MAX_LOG2 40

typedef struct {
    long calls;      /* fftw_execute calls (batched FFTs) */
    long transforms; /* 1-D transforms in them (sum of the batch counts) */
    long points;     /* total size: sum of batch count x length */
    long max_len;    /* longest transform */
    long max_total;  /* largest total size of one batched FFT */
    long by_log2[FFT_COUNT_MAX_LOG2]; /* transforms of length 2^j (other lengths: not binned) */
} fft_count_t;

/* The installed counter, NULL when counting is off. */
extern fft_count_t *fft_count_sink;

/* Zero *c and count into it from now on (replaces any installed counter). */
void fft_count_start(fft_count_t *c);
/* Stop counting (the counter keeps its values). */
void fft_count_stop(void);

/* Record one batched FFT of `howmany` transforms of length `len` (when counting). */
static inline void fft_count_record(long len, long howmany)
{
    fft_count_t *s = fft_count_sink;
    if (s) {
        s->calls++;
        s->transforms += howmany;
        s->points += len * howmany;
        if (len > s->max_len)
            s->max_len = len;
        if (len * howmany > s->max_total)
            s->max_total = len * howmany;
        for (int j = 0; j < FFT_COUNT_MAX_LOG2; j++)
            if (len == 1L << j)
                s->by_log2[j] += howmany;
    }
}

/* Record one batched FFT of `howmany` transforms of length `len` (when counting), then run it. */
static inline void fft_count_execute(const fftw_plan plan, long len, long howmany)
{
    fft_count_record(len, howmany);
    fftw_execute(plan);
}

/* The same for an r2c plan run on other arrays (fftw_execute_dft_r2c: same sizes, strides and
 * alignment as the planning arrays -- the caller checks the alignment). */
static inline void fft_count_execute_r2c(const fftw_plan plan, long len, long howmany, double *in,
                                         fftw_complex *out)
{
    fft_count_record(len, howmany);
    fftw_execute_dft_r2c(plan, in, out);
}

#endif
