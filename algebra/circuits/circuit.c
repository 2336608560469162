/* circuit.c -- linear arithmetic circuits: construction, size, depth, evaluation. */
#include "circuits/circuit.h"

#include <stdlib.h>

void circuit_init(circuit_t c, slong n, ulong order)
{
    cyclo_ctx_init(c->ctx, order);
    c->n = n;
    c->size = n;
    c->alloc = 0;
    c->op_a = c->op_b = NULL;
    c->alpha = c->beta = NULL;
    c->alpha_c = c->beta_c = NULL;
    c->m = 0;
    c->out = NULL;
}

void circuit_clear(circuit_t c)
{
    slong g = c->size - c->n;
    for (slong k = 0; k < g; k++) {
        cyclo_mono_clear(c->alpha + k);
        cyclo_mono_clear(c->beta + k);
    }
    free(c->alpha);
    free(c->beta);
    free(c->alpha_c);
    free(c->beta_c);
    free(c->op_a);
    free(c->op_b);
    free(c->out);
    cyclo_ctx_clear(c->ctx);
}

/* Double the gate arrays; -1 (nothing changed that matters) when memory runs out. */
static int grow(circuit_t c)
{
    slong na = c->alloc ? 2 * c->alloc : 16;
    void *p;
#define GROW(field, type)                                                                          \
    if (!(p = realloc(c->field, (size_t) na * sizeof(type))))                                      \
        return -1;                                                                                 \
    c->field = p;
    GROW(op_a, slong)
    GROW(op_b, slong)
    GROW(alpha, cyclo_mono_struct)
    GROW(beta, cyclo_mono_struct)
    GROW(alpha_c, double complex)
    GROW(beta_c, double complex)
#undef GROW
    c->alloc = na;
    return 0;
}

slong circuit_add_gate_mono(circuit_t c, slong a, const cyclo_mono_t alpha, slong b,
                            const cyclo_mono_t beta)
{
    if (a < 0 || b < 0 || a >= c->size || b >= c->size) {
        fprintf(stderr, "circuit: gate %ld uses g%ld, g%ld (only g0..g%ld exist)\n",
                (long) c->size, (long) a, (long) b, (long) c->size - 1);
        return -1;
    }
    slong k = c->size - c->n;
    if (k == c->alloc && grow(c) != 0) {
        fprintf(stderr, "circuit: out of memory at gate %ld\n", (long) c->size);
        return -1;
    }
    c->op_a[k] = a;
    c->op_b[k] = b;
    cyclo_mono_init(c->alpha + k);
    cyclo_mono_init(c->beta + k);
    cyclo_mono_set(c->alpha + k, alpha);
    cyclo_mono_set(c->beta + k, beta);
    cyclo_mono_normalise(c->alpha + k, c->ctx);
    cyclo_mono_normalise(c->beta + k, c->ctx);
    c->alpha_c[k] = cyclo_mono_get_complex(c->alpha + k, c->ctx);
    c->beta_c[k] = cyclo_mono_get_complex(c->beta + k, c->ctx);
    return c->size++;
}

slong circuit_add_gate(circuit_t c, slong a, const cyclo_t alpha, slong b, const cyclo_t beta)
{
    cyclo_mono_t x, y;
    cyclo_mono_init(x);
    cyclo_mono_init(y);
    fmpq_poly_set(&x->p, alpha);
    fmpq_poly_set(&y->p, beta);
    slong r = circuit_add_gate_mono(c, a, x, b, y);
    cyclo_mono_clear(x);
    cyclo_mono_clear(y);
    return r;
}

void circuit_coeff(cyclo_t r, const circuit_t c, slong k, int which)
{
    cyclo_mono_get(r, which ? c->beta + k : c->alpha + k, c->ctx);
}

slong circuit_add_gate_si(circuit_t c, slong a, slong p1, ulong q1, slong b, slong p2, ulong q2)
{
    cyclo_t x, y;
    fmpq_poly_init(x);
    fmpq_poly_init(y);
    cyclo_set_si(x, p1, q1);
    cyclo_set_si(y, p2, q2);
    slong r = circuit_add_gate(c, a, x, b, y);
    fmpq_poly_clear(x);
    fmpq_poly_clear(y);
    return r;
}

int circuit_set_outputs(circuit_t c, slong m, const slong *out)
{
    for (slong i = 0; i < m; i++)
        if (out[i] < 0 || out[i] >= c->size) {
            fprintf(stderr, "circuit: output %ld is g%ld, out of range g0..g%ld\n", (long) i,
                    (long) out[i], (long) c->size - 1);
            return -1;
        }
    free(c->out);
    c->out = malloc((size_t) FLINT_MAX(m, 1) * sizeof(slong));
    for (slong i = 0; i < m; i++)
        c->out[i] = out[i];
    c->m = m;
    return 0;
}

slong circuit_size(const circuit_t c)
{
    return c->size;
}

slong circuit_gate_depths(const circuit_t c, slong *depth)
{
    slong d = 0;
    for (slong i = 0; i < c->n; i++)
        depth[i] = 0;
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        depth[i] = 1 + FLINT_MAX(depth[c->op_a[k]], depth[c->op_b[k]]);
        d = FLINT_MAX(d, depth[i]);
    }
    return d;
}

slong circuit_depth(const circuit_t c)
{
    slong *depth = malloc((size_t) FLINT_MAX(c->size, 1) * sizeof(slong));
    slong d = circuit_gate_depths(c, depth);
    free(depth);
    return d;
}

/* Values of all gates (G has length size). */
static void eval_all(const circuit_t c, fmpq_poly_struct *g, const fmpq_poly_struct *x)
{
    for (slong i = 0; i < c->n; i++)
        fmpq_poly_set(g + i, x + i);
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        fmpq_poly_zero(g + i);
        cyclo_mono_addmul(g + i, c->alpha + k, g + c->op_a[k], c->ctx);
        cyclo_mono_addmul(g + i, c->beta + k, g + c->op_b[k], c->ctx);
    }
}

void circuit_eval(const circuit_t c, fmpq_poly_struct *y, const fmpq_poly_struct *x)
{
    fmpq_poly_struct *g = cyclo_vec_init(c->size);
    eval_all(c, g, x);
    for (slong i = 0; i < c->m; i++)
        fmpq_poly_set(y + i, g + c->out[i]);
    cyclo_vec_clear(g, c->size);
}

int circuit_eval_fmpq(const circuit_t c, fmpq *y, const fmpq *x)
{
    if (!cyclo_ctx_is_rational(c->ctx)) {
        fprintf(stderr, "circuit: fmpq evaluation needs a circuit over Q\n");
        return -1;
    }
    fmpq_poly_struct *xv = cyclo_vec_init(c->n), *yv = cyclo_vec_init(c->m);
    for (slong i = 0; i < c->n; i++)
        cyclo_set_fmpq(xv + i, x + i);
    circuit_eval(c, yv, xv);
    for (slong i = 0; i < c->m; i++)
        cyclo_get_fmpq(y + i, yv + i);
    cyclo_vec_clear(xv, c->n);
    cyclo_vec_clear(yv, c->m);
    return 0;
}

void circuit_eval_c(const circuit_t c, double complex *y, const double complex *x)
{
    double complex *g = malloc((size_t) FLINT_MAX(c->size, 1) * sizeof *g);
    for (slong i = 0; i < c->n; i++)
        g[i] = x[i];
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        g[i] = c->alpha_c[k] * g[c->op_a[k]] + c->beta_c[k] * g[c->op_b[k]];
    }
    for (slong i = 0; i < c->m; i++)
        y[i] = g[c->out[i]];
    free(g);
}

int circuit_eval_d(const circuit_t c, double *y, const double *x)
{
    if (!cyclo_ctx_is_rational(c->ctx)) {
        fprintf(stderr, "circuit: real float64 evaluation needs a circuit over Q\n");
        return -1;
    }
    double *g = malloc((size_t) FLINT_MAX(c->size, 1) * sizeof *g);
    for (slong i = 0; i < c->n; i++)
        g[i] = x[i];
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        g[i] = creal(c->alpha_c[k]) * g[c->op_a[k]] + creal(c->beta_c[k]) * g[c->op_b[k]];
    }
    for (slong i = 0; i < c->m; i++)
        y[i] = g[c->out[i]];
    free(g);
    return 0;
}

void circuit_matrix(const circuit_t c, fmpq_poly_struct *W)
{
    fmpq_poly_struct *x = cyclo_vec_init(c->n), *y = cyclo_vec_init(c->m);
    for (slong j = 0; j < c->n; j++) {
        fmpq_poly_set_si(x + j, 1);
        circuit_eval(c, y, x);
        for (slong i = 0; i < c->m; i++)
            fmpq_poly_swap(W + i * c->n + j, y + i);
        fmpq_poly_zero(x + j);
    }
    cyclo_vec_clear(x, c->n);
    cyclo_vec_clear(y, c->m);
}
