/* op_pattern.c -- the LDR-TD sparsity pattern test (see op_pattern.h). */
#include "ldr/op_pattern.h"

int op_is_tridiag_corners(const op_t *A)
{
    slong n = op_dim(A);
    fmpq_mat_t D;
    fmpq_mat_init(D, n, n);
    op_dense(D, A);
    int ok = 1;
    for (slong i = 0; i < n && ok; i++)
        for (slong j = 0; j < n && ok; j++) {
            int allowed = (i - j <= 1 && j - i <= 1) || (i == 0 && j == n - 1) ||
                          (i == n - 1 && j == 0);
            if (!allowed && !fmpq_is_zero(fmpq_mat_entry(D, i, j)))
                ok = 0;
        }
    fmpq_mat_clear(D);
    return ok;
}
