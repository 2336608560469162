/* test_circuit_modp.c -- the compact roots of unity (circuits/cyclo_mono.h) and the
 * randomised checks modulo primes (cyclo_modp.h, circuit_modp.h, sparse_product_modp.h,
 * kmatrix_modp.h): the compact form equals the dense one, the image mod p is a ring
 * homomorphism, the modular factors and K-matrix agree with the exact ones (same counts,
 * same images), and a wrong circuit or a wrong factor is caught by the random check. */
#include <criterion/criterion.h>

#include <stdlib.h>

#include "circuits/circuit_gen.h"
#include "circuits/circuit_modp.h"
#include "circuits/kmatrix.h"
#include "circuits/kmatrix_modp.h"
#include "circuits/sparse_product.h"
#include "circuits/sparse_product_modp.h"

static void mono_equals_dense(const cyclo_mono_t m, const cyclo_t want, const cyclo_ctx_t ctx)
{
    cyclo_t t;
    fmpq_poly_init(t);
    cyclo_mono_get(t, m, ctx);
    cr_assert(fmpq_poly_equal(t, want), "%s != %s", fmpq_poly_get_str_pretty(t, "z"),
              fmpq_poly_get_str_pretty(want, "z"));
    fmpq_poly_clear(t);
}

Test(cyclo_mono, monomials_agree_with_the_dense_form)
{
    const ulong orders[] = {8, 12, 15, 16384};
    for (int o = 0; o < 4; o++) {
        cyclo_ctx_t ctx;
        cyclo_ctx_init(ctx, orders[o]);
        slong N = (slong) orders[o];
        cyclo_mono_t a, b, r;
        cyclo_t da, db, dr;
        fmpq_t c;
        cyclo_mono_init(a);
        cyclo_mono_init(b);
        cyclo_mono_init(r);
        fmpq_poly_init(da);
        fmpq_poly_init(db);
        fmpq_poly_init(dr);
        fmpq_init(c);
        const slong ex[] = {0, 1, N / 2, N / 2 + 3, N - 1, 7 * N + 5, -3};
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) {
                fmpq_set_si(c, -3, 2);
                cyclo_mono_set_term(a, c, ex[i], ctx);
                fmpq_set_si(c, 5, 1);
                cyclo_mono_set_term(b, c, ex[j], ctx);
                cr_assert(cyclo_mono_is_monomial(a) && a->e < orders[o]);
                if (N % 2 == 0)
                    cr_assert(a->e < orders[o] / 2); /* z^(N/2) = -1 folded */
                cyclo_zeta_pow(da, ex[i], ctx);
                fmpq_poly_scalar_mul_si(da, da, -3);
                fmpq_poly_scalar_div_si(da, da, 2);
                mono_equals_dense(a, da, ctx);
                cyclo_zeta_pow(db, ex[j], ctx);
                fmpq_poly_scalar_mul_si(db, db, 5);
                cyclo_mono_mul(r, a, b, ctx); /* exponents add, no dense product */
                cr_assert(cyclo_mono_is_monomial(r));
                cyclo_mul(dr, da, db, ctx);
                mono_equals_dense(r, dr, ctx);
                cyclo_mono_add(r, a, b, ctx);
                fmpq_poly_add(dr, da, db);
                mono_equals_dense(r, dr, ctx);
                /* the text form reads back to the same element */
                char *s = cyclo_mono_get_str(a, ctx);
                cr_assert_eq(cyclo_mono_parse(r, s, ctx), 0, "%s", s);
                mono_equals_dense(r, da, ctx);
                flint_free(s);
            }
        /* a dense single term becomes compact; a sum stays dense */
        cyclo_zeta_pow(da, 3, ctx);
        cyclo_mono_set_cyclo(a, da, ctx);
        cr_assert(cyclo_mono_is_monomial(a) && a->e == 3 % (ulong) N);
        cr_assert(!cyclo_mono_is_one(a) && !cyclo_mono_is_zero(a));
        cyclo_mono_clear(a);
        cyclo_mono_clear(b);
        cyclo_mono_clear(r);
        fmpq_poly_clear(da);
        fmpq_poly_clear(db);
        fmpq_poly_clear(dr);
        fmpq_clear(c);
        cyclo_ctx_clear(ctx);
    }
}

Test(cyclo_modp, the_image_is_a_ring_homomorphism)
{
    flint_rand_t st;
    flint_randinit(st);
    const ulong orders[] = {1, 4, 12, 16, 15};
    for (int o = 0; o < 5; o++) {
        cyclo_ctx_t ctx;
        cyclo_ctx_init(ctx, orders[o]);
        cyclo_modp_t P;
        cyclo_modp_init(P, orders[o], st);
        cr_assert(P->p % orders[o] == 1 % orders[o] && P->p >= (UWORD(1) << 61) && n_is_prime(P->p));
        if (orders[o] > 1) { /* w has order exactly N */
            ulong w = P->w;
            cr_assert_eq(n_powmod2_ui_preinv(w, orders[o], P->p, P->mod.ninv), 1);
            cr_assert_neq(n_powmod2_ui_preinv(w, orders[o] / (orders[o] % 2 ? 3 : 2), P->p,
                                              P->mod.ninv), 1);
        }
        cyclo_t a, b, ab;
        fmpq_poly_init(a);
        fmpq_poly_init(b);
        fmpq_poly_init(ab);
        for (int rep = 0; rep < 20; rep++) {
            fmpq_poly_randtest(a, st, 2 * ctx->degree + 1, 20);
            fmpq_poly_randtest(b, st, 2 * ctx->degree + 1, 20);
            ulong ia, ib, iab;
            cyclo_mul(ab, a, b, ctx);
            cyclo_reduce(a, ctx);
            if (cyclo_modp_image(&ia, a, P) || cyclo_modp_image(&ib, b, P) ||
                cyclo_modp_image(&iab, ab, P))
                continue; /* a denominator divisible by p (never at this size) */
            cr_assert_eq(iab, nmod_mul(ia, ib, P->mod));
        }
        /* Phi_N itself maps to 0 */
        ulong z;
        cr_assert_eq(cyclo_modp_image(&z, ctx->phi, P), 0);
        cr_assert_eq(z, 0);
        fmpq_poly_clear(a);
        fmpq_poly_clear(b);
        fmpq_poly_clear(ab);
        cyclo_modp_clear(P);
        cyclo_ctx_clear(ctx);
    }
    flint_randclear(st);
}

/* The image mod p of the exact matrix M (m x n) applied to x. */
static void image_apply(ulong *y, const fmpq_poly_struct *M, slong m, slong n, const ulong *x,
                        const cyclo_modp_t P)
{
    for (slong i = 0; i < m; i++) {
        y[i] = 0;
        for (slong j = 0; j < n; j++) {
            ulong v;
            cr_assert_eq(cyclo_modp_image(&v, M + i * n + j, P), 0);
            y[i] = nmod_add(y[i], nmod_mul(v, x[j], P->mod), P->mod);
        }
    }
}

/* FFT, Walsh-Hadamard, random rational and a circuit with dense cyclotomic coefficients. */
static void test_circuit(circuit_t c, int which, flint_rand_t st)
{
    if (which == 0)
        circuit_gen_fft(c, 16);
    else if (which == 1)
        circuit_gen_walsh_hadamard(c, 8);
    else if (which == 2)
        circuit_gen_random(c, 8, 40, 5, st);
    else { /* 4 inputs over Q(zeta_12), dense coefficients, a gate with a = b */
        circuit_init(c, 4, 12);
        cyclo_t a, b;
        fmpq_poly_init(a);
        fmpq_poly_init(b);
        fmpq_poly_set_str(a, "3  1 -2 1/3");
        fmpq_poly_set_str(b, "2  5 7");
        slong g4 = circuit_add_gate(c, 0, a, 1, b);
        slong g5 = circuit_add_gate(c, 2, b, 2, a); /* one position: the sum */
        slong g6 = circuit_add_gate(c, g4, a, 3, a);
        slong g7 = circuit_add_gate(c, g5, b, g6, b);
        slong out[4] = {g4, g5, g6, g7};
        circuit_set_outputs(c, 4, out);
        fmpq_poly_clear(a);
        fmpq_poly_clear(b);
    }
}

Test(circuit_modp, sparse_factors_and_kmatrix_agree_with_the_exact_ones)
{
    flint_rand_t st;
    flint_randinit(st);
    for (int which = 0; which < 4; which++) {
        circuit_t c;
        test_circuit(c, which, st);
        slong n = c->n, m = c->m;
        cyclo_modp_t P;
        ulong *ap, *bp;
        circuit_modp_draw(P, &ap, &bp, c, st);
        ulong *x = malloc(n * sizeof(ulong)), *y = malloc(m * sizeof(ulong)),
              *z = malloc(m * sizeof(ulong));
        for (slong j = 0; j < n; j++)
            x[j] = n_randint(st, P->p);
        /* the circuit mod p = the image of the exact W */
        fmpq_poly_struct *W = cyclo_vec_init(m * n);
        circuit_matrix(c, W);
        image_apply(y, W, m, n, x, P);
        circuit_modp_eval(c, ap, bp, P, z, x);
        cr_assert(_nmod_vec_equal(y, z, m), "circuit %d", which);
        /* Theorem 4.5: the same non-zero counts, the same product */
        sparse_product_t p;
        sparse_product_modp_t q;
        sparse_product_from_circuit(p, c);
        sparse_product_modp_from_circuit(q, c, ap, bp, P);
        cr_assert_eq(p->d, q->d);
        cr_assert_eq(p->sp, q->sp);
        for (slong k = 0; k < p->d; k++)
            cr_assert_eq(p->W[k].nnz, q->W[k].nnz, "circuit %d, W_%ld", which, (long) k + 1);
        cr_assert_eq(p->P->nnz, q->P.nnz);
        sparse_product_modp_apply(q, z, x, P);
        cr_assert(_nmod_vec_equal(y, z, m));
        /* Theorem 5.5 (square power-of-two circuits): the same size, width, and corner */
        if (m == n && !(n & (n - 1))) {
            kmatrix_t K;
            cr_assert_eq(kmatrix_from_circuit(K, c), 0);
            kmatrix_modp_info_t info;
            kmatrix_modp_round_t r = {q, P, x, z};
            cr_assert_eq(kmatrix_modp_corner_apply(&info, c, &r, 1), 0);
            cr_assert_eq(info.N, K->N);
            cr_assert_eq(info.w, K->w);
            cr_assert_eq(info.factors, K->seq->len);
            cr_assert(info.well_formed);
            fmpq_poly_struct *C = cyclo_vec_init(n * n);
            kmatrix_corner(K, C, c->ctx);
            image_apply(y, C, n, n, x, P);
            cr_assert(_nmod_vec_equal(y, z, n), "circuit %d: K-matrix corner", which);
            cyclo_vec_clear(C, n * n);
            kmatrix_clear(K);
        }
        sparse_product_clear(p);
        sparse_product_modp_clear(q);
        cyclo_vec_clear(W, m * n);
        free(x);
        free(y);
        free(z);
        free(ap);
        free(bp);
        cyclo_modp_clear(P);
        circuit_clear(c);
    }
    flint_randclear(st);
}

/* Negative controls: the factors or the K-matrix of a wrong circuit (one twiddle changed),
 * or one wrong factor entry, are compared with the right W x mod p and must differ. */
Test(circuit_modp, a_wrong_circuit_or_factor_is_caught)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong n = 16; n <= 1024; n *= 8) {
        circuit_t c, bad;
        circuit_gen_fft(c, n);
        circuit_gen_fft(bad, n);
        slong k = bad->size - bad->n - 1; /* the last gate: -z^e becomes -z^(e+1) */
        bad->beta[k].e = (bad->beta[k].e + 1) % (ulong) n;
        cyclo_modp_t P;
        ulong *ap, *bp, *bap, *bbp;
        circuit_modp_draw(P, &ap, &bp, c, st);
        bap = malloc((bad->size - n) * sizeof(ulong));
        bbp = malloc((bad->size - n) * sizeof(ulong));
        cr_assert_eq(circuit_modp_coeffs(bap, bbp, bad, P), 0);
        ulong *x = malloc(n * sizeof(ulong)), *y = malloc(n * sizeof(ulong)),
              *z = malloc(n * sizeof(ulong));
        for (slong j = 0; j < n; j++)
            x[j] = n_randint(st, P->p);
        circuit_modp_eval(c, ap, bp, P, y, x);
        sparse_product_modp_t q;
        sparse_product_modp_from_circuit(q, bad, bap, bbp, P);
        sparse_product_modp_apply(q, z, x, P);
        cr_assert(!_nmod_vec_equal(y, z, n), "n = %ld: wrong factors not caught", (long) n);
        kmatrix_modp_info_t info;
        kmatrix_modp_round_t r = {q, P, x, z};
        cr_assert_eq(kmatrix_modp_corner_apply(&info, bad, &r, 1), 0);
        cr_assert(!_nmod_vec_equal(y, z, n), "n = %ld: wrong K-matrix not caught", (long) n);
        sparse_product_modp_clear(q);
        /* the right circuit's factors with one value changed */
        sparse_product_modp_from_circuit(q, c, ap, bp, P);
        sparse_product_modp_apply(q, z, x, P);
        cr_assert(_nmod_vec_equal(y, z, n));
        sparse_modp_struct *W1 = q->W + 0;
        W1->val[W1->nnz - 1] = nmod_add(W1->val[W1->nnz - 1], 1, P->mod);
        sparse_product_modp_apply(q, z, x, P);
        cr_assert(!_nmod_vec_equal(y, z, n), "n = %ld: a wrong W_1 entry not caught", (long) n);
        cr_assert_eq(kmatrix_modp_corner_apply(&info, c, &r, 1), 0);
        cr_assert(!_nmod_vec_equal(y, z, n), "n = %ld: a wrong K-matrix value not caught",
                  (long) n);
        sparse_product_modp_clear(q);
        free(x);
        free(y);
        free(z);
        free(ap);
        free(bp);
        free(bap);
        free(bbp);
        cyclo_modp_clear(P);
        circuit_clear(c);
        circuit_clear(bad);
    }
    flint_randclear(st);
}
