/* cyclo_modp.c -- images of Q(zeta_N) modulo a prime p = 1 mod N (see cyclo_modp.h). */
#include "circuits/cyclo_modp.h"

#include <flint/ulong_extras.h>

/* 1 when w has order exactly N mod p (w^N = 1 is known): w^(N/q) != 1 for each prime q | N */
static int is_primitive(ulong w, ulong N, const nmod_t mod)
{
    n_factor_t f;
    n_factor_init(&f);
    n_factor(&f, N, 1);
    for (int i = 0; i < f.num; i++)
        if (n_powmod2_ui_preinv(w, N / f.p[i], mod.n, mod.ninv) == 1)
            return 0;
    return 1;
}

void cyclo_modp_init(cyclo_modp_t P, ulong N, flint_rand_t st)
{
    if (N == 0)
        N = 1;
    P->N = N;
    const ulong lo = UWORD(1) << 61;
    ulong p;
    do { /* p = 1 + N t uniform in [2^61, 2^62) among those, then keep the primes */
        ulong t = lo / N + n_randint(st, lo / N);
        p = 1 + N * t;
    } while (p < lo || !n_is_prime(p));
    P->p = p;
    nmod_init(&P->mod, p);
    ulong w;
    do {
        ulong a = 2 + n_randint(st, p - 3);
        w = n_powmod2_ui_preinv(a, (p - 1) / N, p, P->mod.ninv);
    } while (!is_primitive(w, N, P->mod)); /* uniform among the phi(N) primitive roots */
    P->w = w;
}

void cyclo_modp_clear(cyclo_modp_t P)
{
    (void) P;
}

int cyclo_modp_image(ulong *r, const cyclo_t a, const cyclo_modp_t P)
{
    ulong den = fmpz_fdiv_ui(a->den, P->p);
    if (den == 0)
        return -1;
    ulong s = 0; /* Horner: sum c_k w^k */
    for (slong k = a->length - 1; k >= 0; k--)
        s = nmod_add(nmod_mul(s, P->w, P->mod), fmpz_fdiv_ui(a->coeffs + k, P->p), P->mod);
    *r = nmod_mul(s, n_invmod(den, P->p), P->mod);
    return 0;
}

int cyclo_modp_image_mono(ulong *r, const cyclo_mono_t a, const cyclo_modp_t P)
{
    ulong v;
    if (cyclo_modp_image(&v, &a->p, P) != 0)
        return -1;
    *r = nmod_mul(v, n_powmod2_ui_preinv(P->w, a->e % P->N, P->p, P->mod.ninv), P->mod);
    return 0;
}
