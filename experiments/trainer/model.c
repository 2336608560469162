/* model.c - forward/backward of the MLP (ReLU, softmax cross-entropy). */
#include "trainer/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

model_t *model_create(int nlayers, const layer_class_t *cls, const int *widths,
                      const int *ranks, const int *bias)
{
    model_t *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->nlayers = nlayers;
    m->layers = calloc((size_t)nlayers, sizeof *m->layers);
    m->offset = calloc((size_t)nlayers, sizeof *m->offset);
    m->z = calloc((size_t)nlayers, sizeof *m->z);
    m->a = calloc((size_t)nlayers, sizeof *m->a);
    m->dz = calloc((size_t)nlayers, sizeof *m->dz);
    m->da = calloc((size_t)nlayers, sizeof *m->da);
    if (!m->layers || !m->offset || !m->z || !m->a || !m->dz || !m->da) goto fail;
    m->in_dim = widths[0];
    m->nclass = widths[nlayers];
    for (int l = 0; l < nlayers; l++) {
        m->layers[l] = layer_create(cls[l], widths[l + 1], widths[l], ranks[l], bias[l]);
        if (!m->layers[l]) goto fail;
        m->offset[l] = m->nparams;
        m->nparams += layer_nparams(m->layers[l]);
    }
    m->params = calloc(m->nparams, sizeof *m->params);
    m->grads = calloc(m->nparams, sizeof *m->grads);
    if (!m->params || !m->grads) goto fail;
    return m;
fail:
    model_free(m);
    return NULL;
}

model_t *model_create_shl(layer_class_t cls, int n, int r, int nclass)
{
    layer_class_t c[2] = {cls, LAYER_DENSE};
    int w[3] = {n, n, nclass}, rk[2] = {r, 0}, b[2] = {0, 1};
    return model_create(2, c, w, rk, b);
}

static void model_free_work(model_t *m)
{
    for (int l = 0; l < m->nlayers; l++) {
        free(m->z[l]); free(m->a[l]); free(m->dz[l]); free(m->da[l]);
        m->z[l] = m->a[l] = m->dz[l] = m->da[l] = NULL;
    }
    m->cap = 0;
}

void model_free(model_t *m)
{
    if (!m) return;
    if (m->z && m->a && m->dz && m->da) model_free_work(m);
    for (int l = 0; m->layers && l < m->nlayers; l++) layer_destroy(m->layers[l]);
    free(m->layers); free(m->offset); free(m->z); free(m->a); free(m->dz); free(m->da);
    free(m->params); free(m->grads);
    free(m);
}

void model_set_fixed_corners(model_t *m, int fixed)
{
    for (int l = 0; l < m->nlayers; l++) m->layers[l]->fixed_corners = fixed != 0;
}

static void model_reserve(model_t *m, int b)
{
    if (b <= m->cap) return;
    model_free_work(m);
    for (int l = 0; l < m->nlayers; l++) {
        size_t sz = (size_t)b * m->layers[l]->out;
        m->z[l] = malloc(sz * sizeof(double));
        m->a[l] = malloc(sz * sizeof(double));
        m->dz[l] = malloc(sz * sizeof(double));
        m->da[l] = malloc(sz * sizeof(double));
        if (!m->z[l] || !m->a[l] || !m->dz[l] || !m->da[l]) {
            fprintf(stderr, "model: out of memory for batch %d\n", b);
            abort();
        }
    }
    m->cap = b;
}

/* Forward pass; returns the logits (m->z of the last layer). */
static const double *model_forward(model_t *m, const double *X, int b)
{
    model_reserve(m, b);
    const double *in = X;
    for (int l = 0; l < m->nlayers; l++) {
        layer_t *L = m->layers[l];
        layer_forward(L, m->params + m->offset[l], in, b, m->z[l]);
        if (l + 1 < m->nlayers) {
            size_t sz = (size_t)b * L->out;
            for (size_t k = 0; k < sz; k++) m->a[l][k] = m->z[l][k] > 0 ? m->z[l][k] : 0.0;
            in = m->a[l];
        }
    }
    return m->z[m->nlayers - 1];
}

/* Softmax cross-entropy of one row; writes softmax - onehot into DZ when given. */
static double model_softmax_row(const double *z, int K, int label, double *dz, int *argmax)
{
    double mx = z[0];
    int am = 0;
    for (int k = 1; k < K; k++) if (z[k] > mx) { mx = z[k]; am = k; }
    double sum = 0;
    for (int k = 0; k < K; k++) sum += exp(z[k] - mx);
    if (dz)
        for (int k = 0; k < K; k++) dz[k] = exp(z[k] - mx) / sum - (k == label);
    *argmax = am;
    return log(sum) + mx - z[label];
}

double model_loss_eval(model_t *m, const double *X, const int *y, int b, long *correct)
{
    const double *z = model_forward(m, X, b);
    double loss = 0;
    long ok = 0;
    for (int i = 0; i < b; i++) {
        int am;
        loss += model_softmax_row(z + (size_t)i * m->nclass, m->nclass, y[i], NULL, &am);
        ok += am == y[i];
    }
    if (correct) *correct = ok;
    return loss / b;
}

double model_loss_grad(model_t *m, const double *X, const int *y, int b, long *correct)
{
    const double *z = model_forward(m, X, b);
    const int Lc = m->nlayers - 1, K = m->nclass;
    double loss = 0;
    long ok = 0;
    for (int i = 0; i < b; i++) {
        int am;
        double *dz = m->dz[Lc] + (size_t)i * K;
        loss += model_softmax_row(z + (size_t)i * K, K, y[i], dz, &am);
        ok += am == y[i];
        for (int k = 0; k < K; k++) dz[k] /= b;
    }
    if (correct) *correct = ok;
    memset(m->grads, 0, m->nparams * sizeof *m->grads);
    for (int l = Lc; l >= 0; l--) {
        layer_t *L = m->layers[l];
        const double *in = l ? m->a[l - 1] : X;
        double *dx = l ? m->da[l - 1] : NULL;
        layer_backward(L, m->params + m->offset[l], in, m->dz[l], b, dx, m->grads + m->offset[l]);
        if (l) { /* through the ReLU */
            size_t sz = (size_t)b * m->layers[l - 1]->out;
            for (size_t k = 0; k < sz; k++) m->dz[l - 1][k] = m->z[l - 1][k] > 0 ? dx[k] : 0.0;
        }
    }
    return loss / b;
}

double model_accuracy(model_t *m, const dataset_t *d, double *mean_loss)
{
    return model_evaluate(m, d, mean_loss, NULL);
}

double model_evaluate(model_t *m, const dataset_t *d, double *mean_loss, double *dead_frac)
{
    int track = dead_frac && m->nlayers > 1;
    int width = m->layers[0]->out;
    char *alive = track ? calloc((size_t)width, 1) : NULL;
    if (track && !alive) { fprintf(stderr, "model: out of memory\n"); abort(); }
    long ok = 0;
    double loss = 0;
    for (long s = 0; s < d->count; s += 500) {
        int b = (int)(d->count - s < 500 ? d->count - s : 500);
        long c;
        loss += b * model_loss_eval(m, d->x + (size_t)s * d->dim, d->y + s, b, &c);
        ok += c;
        for (size_t k = 0; track && k < (size_t)b * width; k++)
            if (m->z[0][k] > 0) alive[k % width] = 1;
    }
    if (mean_loss) *mean_loss = loss / d->count;
    if (dead_frac) {
        long dead = 0;
        for (int j = 0; track && j < width; j++) dead += !alive[j];
        *dead_frac = track ? (double)dead / width : -1.0;
    }
    free(alive);
    return (double)ok / d->count;
}

double model_grad_check(model_t *m, const double *X, const int *y, int b, double h)
{
    model_loss_grad(m, X, y, b, NULL);
    double *g = malloc(m->nparams * sizeof *g), worst = 0;
    if (!g)
        return -1;
    memcpy(g, m->grads, m->nparams * sizeof *g);
    for (size_t k = 0; k < m->nparams; k++) {
        double keep = m->params[k];
        m->params[k] = keep + h;
        double fp = model_loss_eval(m, X, y, b, NULL);
        m->params[k] = keep - h;
        double fm = model_loss_eval(m, X, y, b, NULL);
        m->params[k] = keep;
        double fd = (fp - fm) / (2 * h);
        worst = fmax(worst, fabs(fd - g[k]) / fmax(fmax(fabs(fd), fabs(g[k])), 1e-3));
    }
    free(g);
    return worst;
}
