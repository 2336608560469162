/* conv_layers.c -- convolution and block-circulant layers as matrices (see conv_layers.h). */
#include "ldr/conv_layers.h"

static slong kernel_size(const conv_kernel_t *K)
{
    return K->dims == 1 ? K->k : K->k * K->k;
}

void conv_kernel_init_rand(conv_kernel_t *K, slong dims, slong cout, slong cin, slong k,
                           flint_rand_t st)
{
    K->dims = dims;
    K->cout = cout;
    K->cin = cin;
    K->k = k;
    slong ks = kernel_size(K), total = cout * cin * ks;
    K->w = _fmpq_vec_init(total);
    for (slong b = 0; b < cout * cin; b++)
        for (slong t = 0; t < ks; t++) {
            slong v = (slong)n_randint(st, 19) - 9;
            if (t == ks / 2 && v == 0)
                v = 1 + (slong)n_randint(st, 9);
            fmpq_set_si(K->w + b * ks + t, v, 1);
        }
}

void conv_kernel_clear(conv_kernel_t *K)
{
    _fmpq_vec_clear(K->w, K->cout * K->cin * kernel_size(K));
}

void conv1d_layer_matrix(fmpq_mat_t M, const conv_kernel_t *K, slong n)
{
    slong k = K->k, pad = (k - 1) / 2;
    fmpq_mat_zero(M);
    for (slong o = 0; o < K->cout; o++)
        for (slong i = 0; i < K->cin; i++) {
            const fmpq *w = K->w + (o * K->cin + i) * k;
            for (slong p = 0; p < n; p++)
                for (slong t = 0; t < k; t++) {
                    slong q = p + t - pad;
                    if (q >= 0 && q < n)
                        fmpq_set(fmpq_mat_entry(M, o * n + p, i * n + q), w + t);
                }
        }
}

void conv2d_layer_matrix(fmpq_mat_t M, const conv_kernel_t *K, slong h, slong w)
{
    slong k = K->k, pad = (k - 1) / 2, hw = h * w;
    fmpq_mat_zero(M);
    for (slong o = 0; o < K->cout; o++)
        for (slong i = 0; i < K->cin; i++) {
            const fmpq *wk = K->w + (o * K->cin + i) * k * k;
            for (slong r = 0; r < h; r++)
                for (slong s = 0; s < w; s++)
                    for (slong u = 0; u < k; u++)
                        for (slong v = 0; v < k; v++) {
                            slong rr = r + u - pad, ss = s + v - pad;
                            if (rr < 0 || rr >= h || ss < 0 || ss >= w)
                                continue;
                            fmpq_set(fmpq_mat_entry(M, o * hw + r * w + s, i * hw + rr * w + ss),
                                     wk + u * k + v);
                        }
        }
}

void conv1d_layer_apply(fmpq *y, const conv_kernel_t *K, slong n, const fmpq *x)
{
    slong k = K->k, pad = (k - 1) / 2;
    fmpq_t t;
    fmpq_init(t);
    for (slong o = 0; o < K->cout; o++)
        for (slong p = 0; p < n; p++) {
            fmpq *yo = y + o * n + p;
            fmpq_zero(yo);
            for (slong i = 0; i < K->cin; i++)
                for (slong u = 0; u < k; u++) {
                    slong q = p + u - pad;
                    if (q < 0 || q >= n)
                        continue; /* zero padding */
                    fmpq_mul(t, K->w + (o * K->cin + i) * k + u, x + i * n + q);
                    fmpq_add(yo, yo, t);
                }
        }
    fmpq_clear(t);
}

void conv2d_layer_apply(fmpq *y, const conv_kernel_t *K, slong h, slong w, const fmpq *x)
{
    slong k = K->k, pad = (k - 1) / 2, hw = h * w;
    fmpq_t t;
    fmpq_init(t);
    for (slong o = 0; o < K->cout; o++)
        for (slong r = 0; r < h; r++)
            for (slong s = 0; s < w; s++) {
                fmpq *yo = y + o * hw + r * w + s;
                fmpq_zero(yo);
                for (slong i = 0; i < K->cin; i++)
                    for (slong u = 0; u < k; u++)
                        for (slong v = 0; v < k; v++) {
                            slong rr = r + u - pad, ss = s + v - pad;
                            if (rr < 0 || rr >= h || ss < 0 || ss >= w)
                                continue;
                            fmpq_mul(t, K->w + (o * K->cin + i) * k * k + u * k + v,
                                     x + i * hw + rr * w + ss);
                            fmpq_add(yo, yo, t);
                        }
            }
    fmpq_clear(t);
}

void block_circulant_rand(fmpq_mat_t M, slong kout, slong kin, slong m, flint_rand_t st)
{
    fmpq_t c;
    fmpq_init(c);
    for (slong bo = 0; bo < kout; bo++)
        for (slong bi = 0; bi < kin; bi++)
            for (slong d = 0; d < m; d++) { /* c[d] on the entries with p - q = d mod m */
                fmpq_set_si(c, (slong)n_randint(st, 19) - 9, 1);
                for (slong p = 0; p < m; p++)
                    fmpq_set(fmpq_mat_entry(M, bo * m + p, bi * m + (p - d + m) % m), c);
            }
    fmpq_clear(c);
}
