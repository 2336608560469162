/* op_pattern.h -- is an operator, as a dense matrix, in the LDR-TD operator class of Thomas et
 * al. 2018 (non-zeros only where |i - j| <= 1 or at the outer corners (0, n-1), (n-1, 0))?
 * Decided from the dense matrix, not from the operator's kind label. */
#ifndef ALGEBRA_OP_PATTERN_H
#define ALGEBRA_OP_PATTERN_H

#include "ldr/operators.h"

/* 1 when every non-zero entry of A is tridiagonal or an outer corner. */
int op_is_tridiag_corners(const op_t *A);

#endif
