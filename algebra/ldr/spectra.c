/* spectra.c -- characteristic polynomials and the exact disjoint-spectra test. */
#include "ldr/spectra.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_mat.h>

int op_cyclic_constant(fmpq_t c, const op_t *A)
{
    if (A->kind != OP_ZF && A->kind != OP_SUBDIAG)
        return 0;
    fmpq_set(c, A->transposed ? A->corner_bl : A->corner_tr);
    for (slong i = 1; i < A->n; i++)
        fmpq_mul(c, c, A->transposed ? A->super + i - 1 : A->sub + i);
    return 1;
}

/* A^n = c I for a weighted cyclic shift, and det(xI - A) = x^n - c (expand along the cycle). */
static void cyclic_charpoly(fmpq_poly_t p, const op_t *A)
{
    fmpq_t c;
    fmpq_init(c);
    op_cyclic_constant(c, A);
    fmpq_poly_zero(p);
    fmpq_poly_set_coeff_si(p, A->n, 1);
    fmpq_neg(c, c);
    fmpq_poly_set_coeff_fmpq(p, 0, c);
    if (A->n == 0)
        fmpq_poly_one(p);
    fmpq_clear(c);
}

void op_charpoly(fmpq_poly_t p, const op_t *A)
{
    if (A->kind == OP_ZF || A->kind == OP_SUBDIAG) {
        cyclic_charpoly(p, A);
    } else if (A->kind == OP_DIAG) {
        fmpq_poly_t f;
        fmpq_poly_init(f);
        fmpq_poly_one(p);
        for (slong i = 0; i < A->n; i++) {
            fmpq_poly_zero(f);
            fmpq_poly_set_coeff_si(f, 1, 1);
            fmpq_t d;
            fmpq_init(d);
            fmpq_neg(d, A->diag + i);
            fmpq_poly_set_coeff_fmpq(f, 0, d);
            fmpq_clear(d);
            fmpq_poly_mul(p, p, f);
        }
        fmpq_poly_clear(f);
    } else if (A->kind == OP_BLOCKDIAG) {
        fmpq_poly_t f;
        fmpq_poly_init(f);
        fmpq_poly_one(p);
        for (slong b = 0; b < A->nblocks; b++) {
            op_charpoly(f, A->blocks + b);
            fmpq_poly_mul(p, p, f);
        }
        fmpq_poly_clear(f);
    } else {
        fmpq_mat_t D;
        fmpq_mat_init(D, A->n, A->n);
        op_dense(D, A);
        fmpq_mat_charpoly(p, D);
        fmpq_mat_clear(D);
    }
}

int spectra_disjoint(const op_t *A, const op_t *B, fmpq_poly_t common)
{
    fmpq_poly_t pa, pb, g;
    fmpq_poly_init(pa);
    fmpq_poly_init(pb);
    fmpq_poly_init(g);
    op_charpoly(pa, A);
    op_charpoly(pb, B);
    fmpq_poly_gcd(g, pa, pb); /* monic gcd over Q: its roots are the shared eigenvalues */
    int disjoint = fmpq_poly_degree(g) <= 0;
    if (common)
        fmpq_poly_set(common, g);
    fmpq_poly_clear(pa);
    fmpq_poly_clear(pb);
    fmpq_poly_clear(g);
    return disjoint;
}

char *spectra_describe_common(const fmpq_poly_t common)
{
    if (fmpq_poly_degree(common) <= 0)
        return strdup("no shared eigenvalue");
    if (fmpq_poly_degree(common) == 1) {
        fmpq_t root, c1;
        fmpq_init(root);
        fmpq_init(c1);
        fmpq_poly_get_coeff_fmpq(root, common, 0);
        fmpq_poly_get_coeff_fmpq(c1, common, 1);
        fmpq_div(root, root, c1);
        fmpq_neg(root, root);
        char *s = fmpq_get_str(NULL, 10, root);
        size_t n = strlen(s) + 32;
        char *out = malloc(n);
        snprintf(out, n, "shared eigenvalue %s", s);
        flint_free(s);
        fmpq_clear(root);
        fmpq_clear(c1);
        return out;
    }
    char *s = fmpq_poly_get_str_pretty(common, "x");
    size_t n = strlen(s) + 64;
    char *out = malloc(n);
    snprintf(out, n, "shared eigenvalues: the %ld roots of %s", (long)fmpq_poly_degree(common), s);
    flint_free(s);
    return out;
}
