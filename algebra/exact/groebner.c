/* groebner.c -- Buchberger over Q and the standard-monomial count (see groebner.h). */
#include "exact/groebner.h"

#include <stdlib.h>

#include <flint/fmpq_poly.h>
#include <flint/fmpq_mat.h>

static void lead_exp(ulong *e, const fmpq_mpoly_t f, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_get_term_exp_ui(e, f, 0, ctx);
}

static void push(groebner_t *G, const fmpq_mpoly_t f, const fmpq_mpoly_ctx_t ctx)
{
    if (G->len == G->cap) {
        G->cap = 2 * G->cap + 4;
        G->g = realloc(G->g, sizeof(fmpq_mpoly_struct) * (size_t)G->cap);
    }
    fmpq_mpoly_init(G->g + G->len, ctx);
    fmpq_mpoly_make_monic(G->g + G->len, f, ctx);
    G->len++;
}

/* r := f reduced by the basis (multivariate division, remainder fully reduced) */
static void reduce(fmpq_mpoly_t r, const fmpq_mpoly_t f, const groebner_t *G,
                   const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_struct **q = malloc(sizeof(fmpq_mpoly_struct *) * (size_t)G->len);
    fmpq_mpoly_struct **b = malloc(sizeof(fmpq_mpoly_struct *) * (size_t)G->len);
    for (slong i = 0; i < G->len; i++) {
        q[i] = malloc(sizeof(fmpq_mpoly_struct));
        fmpq_mpoly_init(q[i], ctx);
        b[i] = G->g + i;
    }
    fmpq_mpoly_divrem_ideal(q, r, f, b, G->len, ctx);
    for (slong i = 0; i < G->len; i++) {
        fmpq_mpoly_clear(q[i], ctx);
        free(q[i]);
    }
    free(q);
    free(b);
}

/* S-polynomial of monic f, g: (L / lm f) f - (L / lm g) g, L = lcm of the leading monomials */
static void spoly(fmpq_mpoly_t s, const fmpq_mpoly_t f, const fmpq_mpoly_t g, slong nv,
                  const fmpq_mpoly_ctx_t ctx)
{
    ulong *ef = malloc(sizeof(ulong) * (size_t)nv), *eg = malloc(sizeof(ulong) * (size_t)nv),
          *m = malloc(sizeof(ulong) * (size_t)nv);
    lead_exp(ef, f, ctx);
    lead_exp(eg, g, ctx);
    fmpq_mpoly_t mf, t;
    fmpq_mpoly_init(mf, ctx);
    fmpq_mpoly_init(t, ctx);
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    for (slong v = 0; v < nv; v++)
        m[v] = FLINT_MAX(ef[v], eg[v]) - ef[v];
    fmpq_mpoly_zero(mf, ctx);
    fmpq_mpoly_set_coeff_fmpq_ui(mf, one, m, ctx);
    fmpq_mpoly_mul(s, mf, f, ctx);
    for (slong v = 0; v < nv; v++)
        m[v] = FLINT_MAX(ef[v], eg[v]) - eg[v];
    fmpq_mpoly_zero(mf, ctx);
    fmpq_mpoly_set_coeff_fmpq_ui(mf, one, m, ctx);
    fmpq_mpoly_mul(t, mf, g, ctx);
    fmpq_mpoly_sub(s, s, t, ctx);
    fmpq_clear(one);
    fmpq_mpoly_clear(mf, ctx);
    fmpq_mpoly_clear(t, ctx);
    free(ef);
    free(eg);
    free(m);
}

typedef struct {
    slong i, j;
} pair_t;

int groebner_basis(groebner_t *G, const fmpq_mpoly_struct *F, slong nf, slong max_len,
                   const fmpq_mpoly_ctx_t ctx)
{
    slong nv = fmpq_mpoly_ctx_nvars(ctx);
    G->g = NULL;
    G->len = G->cap = 0;
    for (slong i = 0; i < nf; i++)
        if (!fmpq_mpoly_is_zero(F + i, ctx))
            push(G, F + i, ctx);
    slong npairs = 0, pcap = 64;
    pair_t *P = malloc(sizeof(pair_t) * (size_t)pcap);
    for (slong j = 0; j < G->len; j++)
        for (slong i = 0; i < j; i++) {
            if (npairs == pcap)
                P = realloc(P, sizeof(pair_t) * (size_t)(pcap *= 2));
            P[npairs++] = (pair_t){i, j};
        }
    ulong *ei = malloc(sizeof(ulong) * (size_t)nv), *ej = malloc(sizeof(ulong) * (size_t)nv);
    fmpq_mpoly_t s, r;
    fmpq_mpoly_init(s, ctx);
    fmpq_mpoly_init(r, ctx);
    int rc = 0;
    while (npairs > 0) {
        /* normal strategy: the pair with the smallest lcm degree */
        slong best = 0, bestdeg = -1;
        for (slong p = 0; p < npairs; p++) {
            lead_exp(ei, G->g + P[p].i, ctx);
            lead_exp(ej, G->g + P[p].j, ctx);
            slong d = 0;
            for (slong v = 0; v < nv; v++)
                d += (slong)FLINT_MAX(ei[v], ej[v]);
            if (bestdeg < 0 || d < bestdeg)
                bestdeg = d, best = p;
        }
        pair_t pr = P[best];
        P[best] = P[--npairs];
        lead_exp(ei, G->g + pr.i, ctx);
        lead_exp(ej, G->g + pr.j, ctx);
        int coprime = 1;
        for (slong v = 0; v < nv; v++)
            coprime &= ei[v] == 0 || ej[v] == 0;
        if (coprime) /* Buchberger's first criterion: the S-polynomial reduces to 0 */
            continue;
        spoly(s, G->g + pr.i, G->g + pr.j, nv, ctx);
        reduce(r, s, G, ctx);
        if (fmpq_mpoly_is_zero(r, ctx))
            continue;
        if (G->len >= max_len) {
            rc = -1;
            break;
        }
        push(G, r, ctx);
        for (slong i = 0; i < G->len - 1; i++) {
            if (npairs == pcap)
                P = realloc(P, sizeof(pair_t) * (size_t)(pcap *= 2));
            P[npairs++] = (pair_t){i, G->len - 1};
        }
    }
    fmpq_mpoly_clear(s, ctx);
    fmpq_mpoly_clear(r, ctx);
    free(ei);
    free(ej);
    free(P);
    if (rc != 0)
        groebner_clear(G, ctx);
    return rc;
}

void groebner_clear(groebner_t *G, const fmpq_mpoly_ctx_t ctx)
{
    for (slong i = 0; i < G->len; i++)
        fmpq_mpoly_clear(G->g + i, ctx);
    free(G->g);
    G->g = NULL;
    G->len = G->cap = 0;
}

/* the standard monomials (exponent vectors, nv each, malloc'ed in *list); count or -1 */
static slong standard_list(ulong **list, const groebner_t *G, slong max_count,
                           const fmpq_mpoly_ctx_t ctx)
{
    slong nv = fmpq_mpoly_ctx_nvars(ctx);
    ulong *lm = malloc(sizeof(ulong) * (size_t)(nv * (G->len > 0 ? G->len : 1)));
    ulong *box = calloc((size_t)nv, sizeof(ulong)), *e = calloc((size_t)nv, sizeof(ulong));
    *list = NULL;
    for (slong i = 0; i < G->len; i++)
        lead_exp(lm + i * nv, G->g + i, ctx);
    /* zero-dimensional iff every variable has a pure power x_v^d among the leading monomials;
     * the standard monomials then lie in the box exp_v < d_v */
    slong count = 0, boxsize = 1;
    for (slong v = 0; v < nv && count >= 0; v++) {
        for (slong i = 0; i < G->len; i++) {
            int pure = lm[i * nv + v] > 0;
            for (slong w = 0; w < nv; w++)
                pure &= w == v || lm[i * nv + w] == 0;
            if (pure && (box[v] == 0 || lm[i * nv + v] < box[v]))
                box[v] = lm[i * nv + v];
        }
        if (box[v] == 0 || boxsize > max_count * 64)
            count = -1;
        else
            boxsize *= (slong)box[v];
    }
    if (G->len == 0)
        count = -1;
    slong cap = 0;
    for (slong it = 0; count >= 0 && it < boxsize; it++) {
        slong t = it;
        for (slong v = 0; v < nv; v++) {
            e[v] = (ulong)(t % (slong)box[v]);
            t /= (slong)box[v];
        }
        int standard = 1;
        for (slong i = 0; i < G->len && standard; i++) {
            int divides = 1;
            for (slong v = 0; v < nv; v++)
                divides &= lm[i * nv + v] <= e[v];
            standard = !divides;
        }
        if (!standard)
            continue;
        if (count >= max_count) {
            count = -1;
            break;
        }
        if (count == cap)
            *list = realloc(*list, sizeof(ulong) * (size_t)(nv * (cap = 2 * cap + 8)));
        for (slong v = 0; v < nv; v++)
            (*list)[count * nv + v] = e[v];
        count++;
    }
    free(lm);
    free(box);
    free(e);
    if (count < 0) {
        free(*list);
        *list = NULL;
    }
    return count;
}

slong groebner_standard_monomials(const groebner_t *G, slong max_count,
                                  const fmpq_mpoly_ctx_t ctx)
{
    ulong *list;
    slong count = standard_list(&list, G, max_count, ctx);
    free(list);
    return count;
}

int groebner_distinct(const groebner_t *G, const fmpq_mpoly_t ell, slong max_count,
                      const fmpq_mpoly_ctx_t ctx)
{
    slong nv = fmpq_mpoly_ctx_nvars(ctx);
    ulong *list, *ex = malloc(sizeof(ulong) * (size_t)nv);
    slong N = standard_list(&list, G, max_count, ctx);
    if (N < 0) {
        free(ex);
        return -1;
    }
    fmpq_mat_t M;
    fmpq_mat_init(M, N, N);
    fmpq_mpoly_t b, p, r;
    fmpq_mpoly_init(b, ctx);
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_init(r, ctx);
    fmpq_t c;
    fmpq_init(c);
    int ok = 1;
    for (slong i = 0; i < N && ok; i++) { /* column i: the normal form of ell * b_i */
        fmpq_one(c);
        fmpq_mpoly_zero(b, ctx);
        fmpq_mpoly_set_coeff_fmpq_ui(b, c, list + i * nv, ctx);
        fmpq_mpoly_mul(p, ell, b, ctx);
        reduce(r, p, G, ctx);
        for (slong t = 0; t < fmpq_mpoly_length(r, ctx) && ok; t++) {
            fmpq_mpoly_get_term_exp_ui(ex, r, t, ctx);
            fmpq_mpoly_get_term_coeff_fmpq(c, r, t, ctx);
            slong j = 0;
            while (j < N) {
                int same = 1;
                for (slong v = 0; v < nv; v++)
                    same &= list[j * nv + v] == ex[v];
                if (same)
                    break;
                j++;
            }
            if (j == N)
                ok = 0; /* a remainder term that is not standard: G is not a Groebner basis */
            else
                fmpq_set(fmpq_mat_entry(M, j, i), c);
        }
    }
    int result = -1;
    if (ok) {
        fmpq_poly_t chi, d, g;
        fmpq_poly_init(chi);
        fmpq_poly_init(d);
        fmpq_poly_init(g);
        fmpq_mat_charpoly(chi, M);
        fmpq_poly_derivative(d, chi);
        fmpq_poly_gcd(g, chi, d);
        result = fmpq_poly_degree(g) == 0;
        fmpq_poly_clear(chi);
        fmpq_poly_clear(d);
        fmpq_poly_clear(g);
    }
    fmpq_clear(c);
    fmpq_mpoly_clear(b, ctx);
    fmpq_mpoly_clear(p, ctx);
    fmpq_mpoly_clear(r, ctx);
    fmpq_mat_clear(M);
    free(list);
    free(ex);
    return result;
}
