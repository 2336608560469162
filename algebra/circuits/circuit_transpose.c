/* circuit_transpose.c -- reverse-mode transposition of a linear circuit (Theorem 3.10). */
#include "circuits/circuit_transpose.h"

#include <stdlib.h>

/* Pending adjoint terms: linked lists of (coefficient, gate of C^T) per gate of C. */
typedef struct {
    slong *head, *next, *gate, len, cap;
    cyclo_mono_struct *coef;
} terms_t;

static void terms_push(terms_t *T, slong g, const cyclo_mono_t coef, slong gate)
{
    if (T->len == T->cap) {
        T->cap *= 2;
        T->next = realloc(T->next, (size_t) T->cap * sizeof(slong));
        T->gate = realloc(T->gate, (size_t) T->cap * sizeof(slong));
        T->coef = realloc(T->coef, (size_t) T->cap * sizeof(cyclo_mono_struct));
    }
    cyclo_mono_init(T->coef + T->len);
    cyclo_mono_set(T->coef + T->len, coef);
    T->gate[T->len] = gate;
    T->next[T->len] = T->head[g];
    T->head[g] = T->len++;
}

/* Combine the terms of gate G into one scaled reference (*coef) * (*gate); returns 0 if
 * there are none (the adjoint is zero). */
static int combine(circuit_t ct, terms_t *T, slong g, cyclo_mono_t coef, slong *gate)
{
    slong t = T->head[g];
    if (t < 0)
        return 0;
    cyclo_mono_set(coef, T->coef + t);
    *gate = T->gate[t];
    for (t = T->next[t]; t >= 0; t = T->next[t]) {
        *gate = circuit_add_gate_mono(ct, *gate, coef, T->gate[t], T->coef + t);
        cyclo_mono_set_si(coef, 1);
    }
    return 1;
}

slong circuit_transpose_size_bound(const circuit_t c)
{
    return 2 * c->size + 2 * c->m - c->n;
}

int circuit_transpose(circuit_t ct, const circuit_t c)
{
    slong n = c->n, m = c->m, s = c->size;
    if (m < 1) {
        fprintf(stderr, "circuit_transpose: the circuit has no outputs\n");
        return -1;
    }
    circuit_init(ct, m, c->ctx->order);
    terms_t T;
    T.cap = 2 * (s - n) + m + 1;
    T.len = 0;
    T.head = malloc((size_t) s * sizeof(slong));
    T.next = malloc((size_t) T.cap * sizeof(slong));
    T.gate = malloc((size_t) T.cap * sizeof(slong));
    T.coef = malloc((size_t) T.cap * sizeof(cyclo_mono_struct));
    for (slong g = 0; g < s; g++)
        T.head[g] = -1;
    cyclo_mono_t one, coef, prod, zero;
    cyclo_mono_init(one);
    cyclo_mono_init(coef);
    cyclo_mono_init(prod);
    cyclo_mono_init(zero);
    cyclo_mono_set_si(one, 1);
    for (slong i = 0; i < m; i++) /* d[output i] += y_i */
        terms_push(&T, c->out[i], one, i);
    for (slong g = s - 1; g >= n; g--) {
        slong k = g - n, gate;
        if (!combine(ct, &T, g, coef, &gate))
            continue;
        cyclo_mono_mul(prod, c->alpha + k, coef, c->ctx);
        if (!cyclo_mono_is_zero(prod))
            terms_push(&T, c->op_a[k], prod, gate);
        cyclo_mono_mul(prod, c->beta + k, coef, c->ctx);
        if (!cyclo_mono_is_zero(prod))
            terms_push(&T, c->op_b[k], prod, gate);
    }
    slong *out = malloc((size_t) n * sizeof(slong));
    for (slong j = 0; j < n; j++) {
        slong gate;
        if (!combine(ct, &T, j, coef, &gate))
            out[j] = circuit_add_gate_mono(ct, 0, zero, 0, zero);
        else if (!cyclo_mono_is_one(coef))
            out[j] = circuit_add_gate_mono(ct, gate, coef, gate, zero);
        else
            out[j] = gate;
    }
    circuit_set_outputs(ct, n, out);
    free(out);
    for (slong t = 0; t < T.len; t++)
        cyclo_mono_clear(T.coef + t);
    free(T.head);
    free(T.next);
    free(T.gate);
    free(T.coef);
    cyclo_mono_clear(one);
    cyclo_mono_clear(coef);
    cyclo_mono_clear(prod);
    cyclo_mono_clear(zero);
    return 0;
}
