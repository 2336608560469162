/* cyclo_mono.h -- compact elements of Q(zeta_N): p * z^e with p an fmpq_poly and e an
 * exponent 0 <= e < N, so that the roots of unity and their rational multiples (every
 * twiddle of an FFT circuit) take one rational number and one exponent instead of a dense
 * coefficient list of length up to phi(N).
 *
 * Normal form (cyclo_mono_normalise): p is reduced modulo Phi_N; when p is a single term
 * c z^j, p becomes the constant c and e becomes e + j mod N; for even N, z^(N/2) = -1 moves
 * e below N/2 (negating c); a non-monomial p is multiplied out (e = 0); zero has e = 0.
 * Multiplying two monomials adds their exponents mod N and multiplies their constants, with
 * no polynomial arithmetic and no reduction by Phi_N; the dense reduced form (cyclo_mono_get)
 * is formed only on the exact small-size paths.  A monomial c z^e (c != 0) is never rational
 * unless e = 0, so cyclo_mono_is_one / is_zero are exact tests on the normal form. */
#ifndef ALGEBRA_CYCLO_MONO_H
#define ALGEBRA_CYCLO_MONO_H

#include "circuits/cyclo.h"

typedef struct {
    fmpq_poly_struct p;
    ulong e;
} cyclo_mono_struct;
typedef cyclo_mono_struct cyclo_mono_t[1];

void cyclo_mono_init(cyclo_mono_t m);
void cyclo_mono_clear(cyclo_mono_t m);
void cyclo_mono_set(cyclo_mono_t r, const cyclo_mono_t a);
void cyclo_mono_swap(cyclo_mono_t a, cyclo_mono_t b);
void cyclo_mono_set_si(cyclo_mono_t r, slong v);
/* r = a (a dense element), normalised */
void cyclo_mono_set_cyclo(cyclo_mono_t r, const cyclo_t a, const cyclo_ctx_t ctx);
/* r = c z^e (e any integer, taken mod N), normalised */
void cyclo_mono_set_term(cyclo_mono_t r, const fmpq_t c, slong e, const cyclo_ctx_t ctx);
void cyclo_mono_normalise(cyclo_mono_t m, const cyclo_ctx_t ctx);
int cyclo_mono_is_zero(const cyclo_mono_t m);
int cyclo_mono_is_one(const cyclo_mono_t m);
/* 1 when m = c z^e with c rational (p constant) */
int cyclo_mono_is_monomial(const cyclo_mono_t m);
/* r = a b (r may alias a or b) */
void cyclo_mono_mul(cyclo_mono_t r, const cyclo_mono_t a, const cyclo_mono_t b,
                    const cyclo_ctx_t ctx);
/* r = a + b (dense unless both are monomials with the same exponent) */
void cyclo_mono_add(cyclo_mono_t r, const cyclo_mono_t a, const cyclo_mono_t b,
                    const cyclo_ctx_t ctx);
/* The dense reduced element p z^e. */
void cyclo_mono_get(cyclo_t r, const cyclo_mono_t m, const cyclo_ctx_t ctx);
/* r += m x (x dense, r dense reduced) */
void cyclo_mono_addmul(cyclo_t r, const cyclo_mono_t m, const cyclo_t x, const cyclo_ctx_t ctx);
/* Rational coefficients stored (the CIRCUIT_MAX_COEFF_SLOTS count). */
slong cyclo_mono_slots(const cyclo_mono_t m);
double complex cyclo_mono_get_complex(const cyclo_mono_t m, const cyclo_ctx_t ctx);

/* Parse a coefficient (the syntax of cyclo_parse).  A single term "c*z^k" (or a rational)
 * is read straight into the compact form, with no dense list of length k.  0 or -1. */
int cyclo_mono_parse(cyclo_mono_t r, const char *s, const cyclo_ctx_t ctx);
/* The text form: "c*z^e" (also "z^e", "-z", ...) for a monomial with e > 0, else
 * cyclo_get_str of the dense form; free with flint_free. */
char *cyclo_mono_get_str(const cyclo_mono_t m, const cyclo_ctx_t ctx);

#endif
