/* orthopoly.c -- three-term recurrences and their transforms (see orthopoly.h). */
#include "ldr/orthopoly.h"

#include "exact/qmat.h"

const char *opoly_family_name(opoly_family_t f)
{
    switch (f) {
    case OPOLY_MONOMIAL: return "monomial (Vandermonde)";
    case OPOLY_CHEBYSHEV: return "Chebyshev T";
    case OPOLY_LEGENDRE: return "Legendre";
    default: return "random three-term recurrence";
    }
}

void opoly_rec_init(opoly_rec_t *r, opoly_family_t f, slong n, flint_rand_t st)
{
    r->n = n;
    r->a = _fmpq_vec_init(n + 1);
    r->b = _fmpq_vec_init(n + 1);
    r->c = _fmpq_vec_init(n + 1);
    for (slong k = 0; k <= n; k++) {
        switch (f) {
        case OPOLY_MONOMIAL:
            fmpq_one(r->a + k);
            break;
        case OPOLY_CHEBYSHEV:
            if (k == 0) {
                fmpq_one(r->a + k);
            } else {
                fmpq_set_si(r->a + k, 1, 2);
                fmpq_set_si(r->c + k, 1, 2);
            }
            break;
        case OPOLY_LEGENDRE: /* x P_k = (k+1)/(2k+1) P_{k+1} + k/(2k+1) P_{k-1} */
            fmpq_set_si(r->a + k, k + 1, (ulong)(2 * k + 1));
            fmpq_set_si(r->c + k, k, (ulong)(2 * k + 1));
            break;
        default:
            qrand_fmpq_nonzero(r->a + k, st, 3, 2);
            qrand_fmpq(r->b + k, st, 2, 3);
            if (k > 0)
                qrand_fmpq_nonzero(r->c + k, st, 3, 2);
            break;
        }
    }
}

void opoly_rec_clear(opoly_rec_t *r)
{
    _fmpq_vec_clear(r->a, r->n + 1);
    _fmpq_vec_clear(r->b, r->n + 1);
    _fmpq_vec_clear(r->c, r->n + 1);
}

void opoly_eval(fmpq *p, const opoly_rec_t *r, const fmpq_t x, slong count)
{
    fmpq_t t, u;
    fmpq_init(t);
    fmpq_init(u);
    if (count > 0)
        fmpq_one(p + 0);
    for (slong k = 0; k + 1 < count; k++) {
        /* p_{k+1} = ((x - b_k) p_k - c_k p_{k-1}) / a_k */
        fmpq_sub(t, x, r->b + k);
        fmpq_mul(t, t, p + k);
        if (k > 0) {
            fmpq_mul(u, r->c + k, p + k - 1);
            fmpq_sub(t, t, u);
        }
        fmpq_div(p + k + 1, t, r->a + k);
    }
    fmpq_clear(t);
    fmpq_clear(u);
}

void opoly_transform(fmpq_mat_t P, const opoly_rec_t *r, const fmpq *nodes)
{
    slong n = r->n;
    fmpq *p = _fmpq_vec_init(n);
    for (slong i = 0; i < fmpq_mat_nrows(P); i++) {
        opoly_eval(p, r, nodes + i, n);
        for (slong k = 0; k < n; k++)
            fmpq_set(fmpq_mat_entry(P, i, k), p + k);
    }
    _fmpq_vec_clear(p, n);
}

void opoly_jacobi_operator(op_t *J, const opoly_rec_t *r)
{
    slong n = r->n;
    fmpq_t zero;
    fmpq_init(zero);
    /* sub[i-1] = J[i][i-1] = a_{i-1};  super[i] = J[i][i+1] = c_{i+1} */
    op_init_tridiag(J, n, r->b, r->a, r->c + 1, zero, zero);
    fmpq_clear(zero);
}

void opoly_displacement_rhs(fmpq_mat_t R, const opoly_rec_t *r, const fmpq *nodes)
{
    slong n = r->n;
    fmpq *p = _fmpq_vec_init(n + 1);
    fmpq_mat_zero(R);
    for (slong i = 0; i < fmpq_mat_nrows(R); i++) {
        opoly_eval(p, r, nodes + i, n + 1);
        fmpq_mul(fmpq_mat_entry(R, i, n - 1), r->a + n - 1, p + n);
    }
    _fmpq_vec_clear(p, n + 1);
}

void opoly_rational_nodes(fmpq *x, const opoly_rec_t *r, slong n, flint_rand_t st)
{
    slong m = r->n;
    fmpq *p = _fmpq_vec_init(m + 1);
    fmpq_t s;
    fmpq_init(s);
    for (slong i = 0; i < n; i++) {
        do { /* -1 + (2i+1)/n + s, |s| < 1/n: stays inside its own slot */
            fmpq_set_si(x + i, 2 * i + 1 - n, (ulong)n);
            fmpq_set_si(s, (slong)n_randint(st, 2 * n + 1) - n, (ulong)(2 * n * n + 1));
            fmpq_add(x + i, x + i, s);
            opoly_eval(p, r, x + i, m + 1);
        } while (fmpq_is_zero(p + m));
    }
    fmpq_clear(s);
    _fmpq_vec_clear(p, m + 1);
}
