/* llu_operators.c -- test operators of the learned block-LU experiment (see llu_operators.h). */
#include "learned_lu/llu_operators.h"

#include <math.h>
#include <stdio.h>

static const char *const op_names[LLU_NOPS] = {
    "laplace1d", "laplace2d", "convdiff1d", "convdiff2d",
    "biharm1d",  "biharm2d",  "rbf",        "expcov",
};

static const char *const op_defs[LLU_NOPS] = {
    "tridiag(-1,2,-1)",
    "5-point (4,-1) on nx x ny grid",
    "upwind -u''+cu', Peclet p: tridiag(-(1+p),2+p,-1)",
    "upwind 2D, velocity (c,c): diag 4+2p, W/S -(1+p), E/N -1",
    "pentadiag(1,-4,6,-4,1)",
    "(laplace2d)^2, 13-point",
    "exp(-(xi-xj)^2/(2l^2)) + nugget*I, x on [0,1]",
    "exp(-abs(xi-xj)), x on [0,1]",
};

const char *llu_op_name(llu_op_kind_t kind)
{
    return (kind >= 0 && kind < LLU_NOPS) ? op_names[kind] : "?";
}

const char *llu_op_definition(llu_op_kind_t kind)
{
    return (kind >= 0 && kind < LLU_NOPS) ? op_defs[kind] : "?";
}

int llu_op_is_integer(llu_op_kind_t kind)
{
    return kind != LLU_RBF && kind != LLU_EXPCOV && kind >= 0 && kind < LLU_NOPS;
}

static int is_2d(llu_op_kind_t kind)
{
    return kind == LLU_LAPLACE2D || kind == LLU_CONVDIFF2D || kind == LLU_BIHARM2D;
}

int llu_op_default(llu_op_spec_t *spec, llu_op_kind_t kind, int n)
{
    if (kind < 0 || kind >= LLU_NOPS || n < 2) {
        fprintf(stderr, "llu_op: invalid operator or order n = %d\n", n);
        return -1;
    }
    spec->kind = kind;
    spec->n = n;
    spec->peclet = 1;
    spec->length_scale = 0.1;
    spec->nugget = 1e-4;
    spec->nx = n;
    spec->ny = 1;
    if (is_2d(kind)) {
        int nx = 1;
        while (nx * nx < n)
            nx *= 2;
        if (n % nx != 0) {
            fprintf(stderr, "llu_op: %s needs n = nx*ny with nx a power of two, got n = %d\n",
                    op_names[kind], n);
            return -1;
        }
        spec->nx = nx;
        spec->ny = n / nx;
    }
    return 0;
}

/* Entry (i, j) of the integer 2D convection-diffusion / Laplacian stencil (p = 0: Laplacian). */
static long stencil2d(const llu_op_spec_t *s, int i, int j, int p)
{
    int ix = i % s->nx, iy = i / s->nx, jx = j % s->nx, jy = j / s->nx;
    if (i == j)
        return 4 + 2 * p;
    if (iy == jy && jx == ix - 1)
        return -(1 + p); /* west neighbour (upwind) */
    if (ix == jx && jy == iy - 1)
        return -(1 + p); /* south neighbour (upwind) */
    if ((iy == jy && jx == ix + 1) || (ix == jx && jy == iy + 1))
        return -1;
    return 0;
}

/* Neighbours k of i in the 5-point stencil (including i); returns the count. */
static int neighbours2d(const llu_op_spec_t *s, int i, int *k)
{
    int ix = i % s->nx, iy = i / s->nx, c = 0;
    k[c++] = i;
    if (ix > 0)
        k[c++] = i - 1;
    if (ix + 1 < s->nx)
        k[c++] = i + 1;
    if (iy > 0)
        k[c++] = i - s->nx;
    if (iy + 1 < s->ny)
        k[c++] = i + s->nx;
    return c;
}

/* Entry (i, j) of an integer stencil operator. */
static long stencil_entry(const llu_op_spec_t *s, int i, int j)
{
    int d = j - i, p = s->peclet;
    switch (s->kind) {
    case LLU_LAPLACE1D:
        return d == 0 ? 2 : (d == 1 || d == -1) ? -1 : 0;
    case LLU_CONVDIFF1D:
        return d == 0 ? 2 + p : d == -1 ? -(1 + p) : d == 1 ? -1 : 0;
    case LLU_BIHARM1D:
        return d == 0 ? 6 : (d == 1 || d == -1) ? -4 : (d == 2 || d == -2) ? 1 : 0;
    case LLU_LAPLACE2D:
        return stencil2d(s, i, j, 0);
    case LLU_CONVDIFF2D:
        return stencil2d(s, i, j, p);
    case LLU_BIHARM2D: {
        int k[5], c = neighbours2d(s, i, k);
        long sum = 0;
        for (int t = 0; t < c; t++)
            sum += stencil2d(s, i, k[t], 0) * stencil2d(s, k[t], j, 0);
        return sum;
    }
    default:
        return 0;
    }
}

static int spec_valid(const llu_op_spec_t *s)
{
    if (s->kind < 0 || s->kind >= LLU_NOPS || s->n < 2 || s->peclet < 0) {
        fprintf(stderr, "llu_op: invalid operator specification\n");
        return 0;
    }
    if (is_2d(s->kind) && (s->nx < 1 || s->ny < 1 || s->nx * s->ny != s->n)) {
        fprintf(stderr, "llu_op: grid %d x %d does not match n = %d\n", s->nx, s->ny, s->n);
        return 0;
    }
    if (s->kind == LLU_RBF && !(s->length_scale > 0 && s->nugget >= 0)) {
        fprintf(stderr, "llu_op: RBF needs length scale > 0 and nugget >= 0\n");
        return 0;
    }
    return 1;
}

int llu_op_fill(double *A, const llu_op_spec_t *s)
{
    if (!spec_valid(s))
        return -1;
    int n = s->n;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double xi = (double)i / (n - 1), xj = (double)j / (n - 1), v;
            if (s->kind == LLU_RBF) {
                double l = s->length_scale;
                v = exp(-(xi - xj) * (xi - xj) / (2 * l * l)) + (i == j ? s->nugget : 0.0);
            } else if (s->kind == LLU_EXPCOV) {
                v = exp(-fabs(xi - xj));
            } else {
                v = (double)stencil_entry(s, i, j);
            }
            A[(size_t)i * n + j] = v;
        }
    }
    return 0;
}

int llu_op_fill_fmpz(fmpz_mat_t Z, const llu_op_spec_t *s)
{
    if (!spec_valid(s))
        return -1;
    if (!llu_op_is_integer(s->kind)) {
        fprintf(stderr, "llu_op: %s is not an integer stencil\n", op_names[s->kind]);
        return -1;
    }
    if (fmpz_mat_nrows(Z) != s->n || fmpz_mat_ncols(Z) != s->n) {
        fprintf(stderr, "llu_op: integer matrix has the wrong size\n");
        return -1;
    }
    for (int i = 0; i < s->n; i++)
        for (int j = 0; j < s->n; j++)
            fmpz_set_si(fmpz_mat_entry(Z, i, j), stencil_entry(s, i, j));
    return 0;
}
