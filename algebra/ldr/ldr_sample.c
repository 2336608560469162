/* ldr_sample.c -- seeded operators and members of D^r_{A,B} (see ldr_sample.h). */
#include "ldr/ldr_sample.h"

#include "exact/qmat.h"
#include "ldr/spectra.h"
#include "ldr/sylvester.h"

static int disjoint_from_all(const op_t *B, const op_t *const *avoid, slong navoid)
{
    for (slong i = 0; i < navoid; i++)
        if (!spectra_disjoint(avoid[i], B, NULL))
            return 0;
    return 1;
}

slong ldr_sample_operator(op_t *B, op_kind_t kind, slong n, flint_rand_t st,
                          const op_t *const *avoid, slong navoid)
{
    /* The numerator range doubles every 4 redraws, so a disjoint draw always exists
     * eventually (e.g. a diagonal avoiding 3n given eigenvalues). */
    for (slong tries = 0;; tries++) {
        slong base = kind == OP_DIAG ? FLINT_MAX(LDR_SAMPLE_OP_NUM, 4 * n * n) : LDR_SAMPLE_OP_NUM;
        slong num = base << FLINT_MIN(tries / 4, 40);
        if (kind == OP_ZF) {
            slong f = 1 + (slong)n_randint(st, (ulong)num);
            op_init_zf_si(B, n, n_randint(st, 2) ? f : -f);
        } else {
            op_init_rand(B, kind, n, st, num, LDR_SAMPLE_OP_DEN);
        }
        if (disjoint_from_all(B, avoid, navoid))
            return tries;
        op_clear(B);
    }
}

/* Generators with non-zero entries: a zero entry of g would make a zero row of R, which for
 * diagonal operators forces a zero row of M (a singular draw of no interest). */
int ldr_sample_member(fmpq_mat_t M, const op_t *A, const op_t *B, slong r, flint_rand_t st)
{
    fmpq_mat_t G, H;
    fmpq_mat_init(G, A->n, r);
    fmpq_mat_init(H, B->n, r);
    for (slong i = 0; i < A->n; i++)
        for (slong k = 0; k < r; k++)
            qrand_fmpq_nonzero(fmpq_mat_entry(G, i, k), st, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    for (slong j = 0; j < B->n; j++)
        for (slong k = 0; k < r; k++)
            qrand_fmpq_nonzero(fmpq_mat_entry(H, j, k), st, LDR_SAMPLE_GEN_NUM, LDR_SAMPLE_GEN_DEN);
    int rc = sylvester_solve_generators(M, A, B, G, H);
    fmpq_mat_clear(G);
    fmpq_mat_clear(H);
    return rc;
}

void ldr_perturb_entry(fmpq_mat_t M, flint_rand_t st)
{
    slong i = (slong)n_randint(st, (ulong)fmpq_mat_nrows(M));
    slong j = (slong)n_randint(st, (ulong)fmpq_mat_ncols(M));
    fmpq_add_si(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, i, j), 1);
}
