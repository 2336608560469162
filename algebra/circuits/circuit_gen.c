/* circuit_gen.c -- Walsh-Hadamard, FFT, random and sparse-matrix circuits. */
#include "circuits/circuit_gen.h"

#include <stdlib.h>

#include "exact/qmat.h"

static int log2_exact(slong n)
{
    int k = 0;
    if (n < 1 || (n & (n - 1)))
        return -1;
    while ((1L << k) < n)
        k++;
    return k;
}

slong circuit_bitrev(slong i, int bits)
{
    slong r = 0;
    for (int b = 0; b < bits; b++)
        r |= ((i >> b) & 1) << (bits - 1 - b);
    return r;
}

int circuit_gen_walsh_hadamard(circuit_t c, slong n)
{
    int k = log2_exact(n);
    if (k < 0) {
        fprintf(stderr, "circuit_gen: Walsh-Hadamard needs n a power of two, got %ld\n", (long) n);
        return -1;
    }
    circuit_init(c, n, 1);
    slong *cur = malloc((size_t) n * sizeof(slong));
    for (slong i = 0; i < n; i++)
        cur[i] = i;
    for (slong h = 1; h < n; h *= 2)
        for (slong b = 0; b < n; b += 2 * h)
            for (slong j = b; j < b + h; j++) {
                slong t = circuit_add_gate_si(c, cur[j], 1, 1, cur[j + h], 1, 1);
                slong u = circuit_add_gate_si(c, cur[j], 1, 1, cur[j + h], -1, 1);
                cur[j] = t;
                cur[j + h] = u;
            }
    circuit_set_outputs(c, n, cur);
    free(cur);
    return 0;
}

int circuit_gen_fft(circuit_t c, slong n)
{
    int k = log2_exact(n);
    if (k < 1) {
        fprintf(stderr, "circuit_gen: FFT needs n = 2^k >= 2, got %ld\n", (long) n);
        return -1;
    }
    circuit_init(c, n, (ulong) n);
    slong *cur = malloc((size_t) n * sizeof(slong));
    for (slong i = 0; i < n; i++)
        cur[i] = circuit_bitrev(i, k);
    /* twiddles in the compact form c z^e (cyclo_mono.h): no dense element of Q(zeta_n) */
    cyclo_mono_t one, w, mw;
    fmpq_t c1;
    cyclo_mono_init(one);
    cyclo_mono_init(w);
    cyclo_mono_init(mw);
    fmpq_init(c1);
    cyclo_mono_set_si(one, 1);
    for (slong m = 2; m <= n; m *= 2) {
        slong h = m / 2;
        for (slong b = 0; b < n; b += m)
            for (slong j = 0; j < h; j++) {
                /* omega_m^j = exp(-2 pi i j / m) = zeta_n^(-(n/m) j) */
                fmpq_set_si(c1, 1, 1);
                cyclo_mono_set_term(w, c1, -(n / m) * j, c->ctx);
                fmpq_set_si(c1, -1, 1);
                cyclo_mono_set_term(mw, c1, -(n / m) * j, c->ctx);
                slong e = cur[b + j], o = cur[b + j + h];
                cur[b + j] = circuit_add_gate_mono(c, e, one, o, w);
                cur[b + j + h] = circuit_add_gate_mono(c, e, one, o, mw);
            }
    }
    circuit_set_outputs(c, n, cur);
    cyclo_mono_clear(one);
    cyclo_mono_clear(w);
    cyclo_mono_clear(mw);
    fmpq_clear(c1);
    free(cur);
    return 0;
}

void circuit_dft_matrix(fmpq_poly_struct *F, slong n, const cyclo_ctx_t ctx)
{
    for (slong j = 0; j < n; j++)
        for (slong k = 0; k < n; k++)
            cyclo_zeta_pow(F + j * n + k, -((j * k) % n), ctx);
}

/* Layer sizes: each of the d layers gets one gate, the rest are spread at random. */
static void layer_sizes(slong *w, slong g, slong d, flint_rand_t st)
{
    for (slong k = 0; k < d; k++)
        w[k] = 1;
    for (slong t = d; t < g; t++)
        w[n_randint(st, (ulong) d)]++;
}

static void shuffle(slong *a, slong len, flint_rand_t st)
{
    for (slong i = len - 1; i > 0; i--) {
        slong j = (slong) n_randint(st, (ulong) i + 1), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static void random_outputs(circuit_t c, slong last_start, flint_rand_t st)
{
    slong n = c->n, s = c->size, m = 0, nr = 0;
    slong *out = malloc((size_t) n * sizeof(slong));
    slong *rest = malloc((size_t) s * sizeof(slong));
    for (slong g = s - 1; g >= last_start && m < n; g--) /* the last layer first */
        out[m++] = g;
    for (slong g = 0; g < s - m; g++)
        rest[nr++] = g;
    shuffle(rest, nr, st);
    for (slong t = 0; m < n; t++)
        out[m++] = rest[t];
    shuffle(out, n, st);
    circuit_set_outputs(c, n, out);
    free(out);
    free(rest);
}

int circuit_gen_random(circuit_t c, slong n, slong s, slong d, flint_rand_t st)
{
    slong g = s - n;
    if (n < 1 || g < 0 || (d == 0 && g != 0) || (d > 0 && g < d) || d < 0) {
        fprintf(stderr, "circuit_gen: random circuit needs n >= 1 and s - n >= d >= 1 "
                        "(or s = n, d = 0); got n = %ld, s = %ld, d = %ld\n",
                (long) n, (long) s, (long) d);
        return -1;
    }
    circuit_init(c, n, 1);
    slong *w = malloc((size_t) FLINT_MAX(d, 1) * sizeof(slong));
    layer_sizes(w, g, d, st);
    slong prev_start = 0, prev_end = n, last_start = 0;
    fmpq_t qa, qb;
    cyclo_t a, b;
    fmpq_init(qa);
    fmpq_init(qb);
    fmpq_poly_init(a);
    fmpq_poly_init(b);
    for (slong k = 0; k < d; k++) {
        slong start = c->size;
        for (slong t = 0; t < w[k]; t++) {
            slong ga = prev_start + (slong) n_randint(st, (ulong) (prev_end - prev_start));
            slong gb = (slong) n_randint(st, (ulong) prev_end);
            qrand_fmpq_nonzero(qa, st, 5, 3);
            qrand_fmpq_nonzero(qb, st, 5, 3);
            cyclo_set_fmpq(a, qa);
            cyclo_set_fmpq(b, qb);
            circuit_add_gate(c, ga, a, gb, b);
        }
        prev_start = start;
        prev_end = c->size;
        last_start = start;
    }
    random_outputs(c, last_start, st);
    fmpq_clear(qa);
    fmpq_clear(qb);
    fmpq_poly_clear(a);
    fmpq_poly_clear(b);
    free(w);
    return 0;
}

/* Sum the terms coef[t] * g[t] (t < k, k >= 1) by a balanced tree; returns the gate. */
static slong sum_terms(circuit_t c, fmpq_poly_struct *coef, slong *g, slong k)
{
    cyclo_t zero;
    fmpq_poly_init(zero);
    while (k > 1) {
        slong h = 0;
        for (slong t = 0; t + 1 < k; t += 2) {
            g[h] = circuit_add_gate(c, g[t], coef + t, g[t + 1], coef + t + 1);
            fmpq_poly_set_si(coef + h++, 1);
        }
        if (k % 2) {
            g[h] = g[k - 1];
            fmpq_poly_set(coef + h++, coef + k - 1);
        }
        k = h;
    }
    slong r = g[0];
    if (!fmpq_poly_is_one(coef + 0))
        r = circuit_add_gate(c, g[0], coef + 0, g[0], zero);
    fmpq_poly_clear(zero);
    return r;
}

int circuit_gen_sparse(circuit_t c, const sparse_mat_t A0, ulong order)
{
    sparse_mat_t A;
    sparse_mat_init(A, A0->rows, A0->cols);
    for (slong t = 0; t < A0->nnz; t++)
        sparse_mat_push(A, A0->row[t], A0->col[t], A0->val + t);
    sparse_mat_canonicalise(A);
    circuit_init(c, A->cols, order);
    slong *out = malloc((size_t) FLINT_MAX(A->rows, 1) * sizeof(slong));
    slong *g = malloc((size_t) FLINT_MAX(A->cols, 1) * sizeof(slong));
    fmpq_poly_struct *coef = cyclo_vec_init(A->cols);
    cyclo_t zero;
    fmpq_poly_init(zero);
    for (slong i = 0, t = 0; i < A->rows; i++) {
        slong k = 0;
        for (; t < A->nnz && A->row[t] == i; t++, k++) {
            g[k] = A->col[t];
            fmpq_poly_set(coef + k, A->val + t);
        }
        out[i] = k ? sum_terms(c, coef, g, k) : circuit_add_gate(c, 0, zero, 0, zero);
    }
    circuit_set_outputs(c, A->rows, out);
    fmpq_poly_clear(zero);
    cyclo_vec_clear(coef, A->cols);
    free(g);
    free(out);
    sparse_mat_clear(A);
    return 0;
}

void circuit_hadamard_matrix(fmpq_poly_struct *H, slong n)
{
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            fmpq_poly_set_si(H + i * n + j, (__builtin_popcountl((unsigned long) (i & j)) & 1) ? -1 : 1);
}
