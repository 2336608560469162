/* interval_layer.h -- Arb interval evaluation of one affine (optionally ReLU) layer with exact
 * rational weights, shared by the box enclosures of lu_network.h and toeplitz_network.h.
 * Every result is a rigorous enclosure of the exact value over the input boxes. */
#ifndef ALGEBRA_INTERVAL_LAYER_H
#define ALGEBRA_INTERVAL_LAYER_H

#include <arb.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

/* y = relu(x) on intervals: [max(0, lo), max(0, hi)]; y may alias x */
void interval_relu(arb_t y, const arb_t x, slong prec);

/* y = A x + b (b == NULL: no bias), then relu when `relu` is non-zero; y must not alias x.
 * Returns 1 when every pre-activation (A x + b)_i is certified >= 0. */
int interval_affine(arb_ptr y, const fmpq_mat_t A, arb_srcptr x, const fmpq *b, int relu,
                    slong prec);

/* x_j = [lo_j, hi_j] for j < n */
void interval_box(arb_ptr x, const fmpq *lo, const fmpq *hi, slong n, slong prec);

#endif
