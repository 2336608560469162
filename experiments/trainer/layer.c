/* layer.c - class table, parameter counts, construction and bias handling. */
#include "trainer/layer.h"

#include <stdio.h>
#include <string.h>

static const char *const layer_names[LAYER_NCLASSES] = {
    "unstructured", "low-rank", "toeplitz-like", "hankel-like", "vandermonde-like",
    "ldr-sd", "ldr-td", "circulant", "toeplitz", "lower-tri", "upper-tri",
};

const char *layer_class_name(layer_class_t c)
{
    return (c >= 0 && c < LAYER_NCLASSES) ? layer_names[c] : "?";
}

int layer_class_from_name(const char *name, layer_class_t *c)
{
    for (int i = 0; i < LAYER_NCLASSES; i++)
        if (strcmp(name, layer_names[i]) == 0) { *c = (layer_class_t)i; return 0; }
    return -1;
}

int layer_class_has_rank(layer_class_t c)
{
    return c >= LAYER_LOWRANK && c <= LAYER_LDR_TD;
}

int layer_class_is_square_only(layer_class_t c)
{
    return layer_class_has_rank(c) || c == LAYER_CIRCULANT;
}

/* Entries of an out x in triangular matrix: lower keeps q <= p, upper keeps q >= p. */
static size_t layer_triangle_count(int out, int in, int lower)
{
    size_t cnt = 0;
    for (int p = 0; p < out; p++) {
        long k = lower ? (long)(p < in ? p + 1 : in) : (long)(p < in ? in - p : 0);
        cnt += (size_t)k;
    }
    return cnt;
}

/* Counting convention of Table 1 (hidden-layer bias excluded): Toeplitz-, Hankel-,
 * Vandermonde-like and low-rank 2rn (Vandermonde nodes v are fixed), LDR-SD 2rn + 2n
 * (n-1 subdiagonal entries + 1 corner per operator), LDR-TD 2rn + 6n (n diagonal,
 * 2(n-1) off-diagonal, 2 corners per operator). */
size_t layer_class_nweights(layer_class_t c, int out, int in, int r)
{
    if (out <= 0 || in <= 0) return 0;
    if (layer_class_is_square_only(c) && out != in) return 0;
    if (layer_class_has_rank(c) && (r < 1 || r > in)) return 0;
    size_t n = (size_t)in, rr = (size_t)r;
    switch (c) {
    case LAYER_DENSE: return (size_t)out * (size_t)in;
    case LAYER_LOWRANK:
    case LAYER_TOEPLITZ_LIKE:
    case LAYER_HANKEL_LIKE:
    case LAYER_VANDERMONDE_LIKE: return 2 * rr * n;
    case LAYER_LDR_SD: return 2 * rr * n + 2 * n;
    case LAYER_LDR_TD: return 2 * rr * n + 6 * n;
    case LAYER_CIRCULANT: return n;
    case LAYER_TOEPLITZ: return (size_t)out + (size_t)in - 1;
    case LAYER_LOWER_TRI: return layer_triangle_count(out, in, 1);
    case LAYER_UPPER_TRI: return layer_triangle_count(out, in, 0);
    default: return 0;
    }
}

static int layer_sd_threshold = LAYER_SD_FAST_THRESHOLD;
static int layer_td_threshold = LAYER_TD_FAST_THRESHOLD;

int layer_fast_threshold(layer_class_t c)
{
    return c == LAYER_LDR_SD ? layer_sd_threshold : c == LAYER_LDR_TD ? layer_td_threshold : 0;
}

void layer_set_fast_threshold(layer_class_t c, int n)
{
    if (c == LAYER_LDR_SD) layer_sd_threshold = n < 0 ? 0 : n;
    if (c == LAYER_LDR_TD) layer_td_threshold = n < 0 ? 0 : n;
}

int layer_uses_fast_path(const layer_t *L)
{
    return layer_is_sdfast(L) || layer_is_tdfast(L);
}

layer_t *layer_create(layer_class_t c, int out, int in, int r, int bias)
{
    if (layer_class_nweights(c, out, in, r) == 0) {
        fprintf(stderr, "layer: class %s does not support shape %d x %d with rank %d\n",
                layer_class_name(c), out, in, r);
        return NULL;
    }
    layer_t *L;
    if (c == LAYER_LOWRANK) L = layer_lowrank_create(out, in, r);
    else if (c == LAYER_TOEPLITZ_LIKE || c == LAYER_HANKEL_LIKE) L = layer_fft_create(c, in, r);
    else if (c == LAYER_VANDERMONDE_LIKE) L = layer_vander_create(in, r);
    else if (c == LAYER_LDR_SD && layer_sd_threshold > 0 && in >= layer_sd_threshold && in >= 2)
        L = layer_sdfast_create(in, r);
    else if (c == LAYER_LDR_TD && layer_td_threshold > 0 && in >= layer_td_threshold && in >= 2)
        L = layer_tdfast_create(in, r);
    else if (layer_class_has_rank(c)) L = layer_krylov_create(c, in, r);
    else L = layer_explicit_create(c, out, in);
    if (!L) return NULL;
    L->cls = c;
    L->in = in;
    L->out = out;
    L->rank = layer_class_has_rank(c) ? r : 0;
    L->bias = bias ? 1 : 0;
    L->nweights = layer_class_nweights(c, out, in, r);
    return L;
}

size_t layer_nparams(const layer_t *L)
{
    return L->nweights + (L->bias ? (size_t)L->out : 0);
}

void layer_destroy(layer_t *L)
{
    if (L) L->ops->destroy(L);
}

void layer_bias_forward(const layer_t *L, const double *bias, int b, double *Y)
{
    for (int i = 0; i < b; i++)
        for (int j = 0; j < L->out; j++) Y[(size_t)i * L->out + j] += bias[j];
}

void layer_bias_backward(const layer_t *L, const double *dY, int b, double *dbias)
{
    for (int i = 0; i < b; i++)
        for (int j = 0; j < L->out; j++) dbias[j] += dY[(size_t)i * L->out + j];
}

void layer_forward(layer_t *L, const double *p, const double *X, int b, double *Y)
{
    L->ops->forward(L, p, X, b, Y);
    if (L->bias) layer_bias_forward(L, p + L->nweights, b, Y);
}

void layer_backward(layer_t *L, const double *p, const double *X, const double *dY, int b,
                    double *dX, double *dp)
{
    L->ops->backward(L, p, X, dY, b, dX, dp);
    if (L->bias) layer_bias_backward(L, dY, b, dp + L->nweights);
}

void layer_init(layer_t *L, double *p, const double *gauss)
{
    L->ops->init(L, p, gauss);
    if (L->bias)
        for (int j = 0; j < L->out; j++) p[L->nweights + (size_t)j] = 0.0;
}
