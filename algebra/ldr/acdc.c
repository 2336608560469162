/* acdc.c -- ACDC layers and their tridiagonal operator pair (see acdc.h). */
#include "ldr/acdc.h"

int acdc_matrix(fmpq_mat_t M, const fmpq_mat_t P, const fmpq *a, const fmpq *d)
{
    slong n = fmpq_mat_nrows(P);
    fmpq_mat_t C, Ci;
    fmpq_mat_init(C, n, n);
    fmpq_mat_init(Ci, n, n);
    fmpq_mat_transpose(C, P);
    int ok = fmpq_mat_inv(Ci, C);
    if (ok) {
        for (slong i = 0; i < n; i++) /* C <- diag(a) C diag(d) */
            for (slong j = 0; j < n; j++) {
                fmpq *e = fmpq_mat_entry(C, i, j);
                fmpq_mul(e, e, a + i);
                fmpq_mul(e, e, d + j);
            }
        fmpq_mat_mul(M, C, Ci);
    }
    fmpq_mat_clear(C);
    fmpq_mat_clear(Ci);
    return ok ? 0 : -1;
}

void acdc_operators(op_t *L, op_t *R, const op_t *J, const fmpq *a)
{
    slong n = J->n;
    op_init_transpose(R, J);
    op_init_copy(L, R);
    fmpq_t q;
    fmpq_init(q);
    for (slong i = 1; i < n; i++) { /* L[i][i-1] *= a_i / a_{i-1};  L[i-1][i] *= a_{i-1} / a_i */
        fmpq_div(q, a + i, a + i - 1);
        fmpq_mul(L->sub + i, L->sub + i, q);
        fmpq_inv(q, q);
        fmpq_mul(L->super + i - 1, L->super + i - 1, q);
    }
    fmpq_clear(q);
}
