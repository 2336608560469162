/* circuit_modp.h -- a circuit over Q(zeta_N) evaluated in F_p under z -> w (cyclo_modp.h):
 * the randomised exact check of the identities of Theorems 4.5 and 5.5 at sizes where the
 * dense matrix W is out of reach (O(s) word operations per evaluation). */
#ifndef ALGEBRA_CIRCUIT_MODP_H
#define ALGEBRA_CIRCUIT_MODP_H

#include "circuits/circuit.h"
#include "circuits/cyclo_modp.h"

/* Images of all coefficients: AP, BP (length size - n).  0, or -1 when a denominator is
 * divisible by p (draw another prime). */
int circuit_modp_coeffs(ulong *ap, ulong *bp, const circuit_t c, const cyclo_modp_t P);
/* Y (length m) = W(w) X mod p, with the coefficient images of circuit_modp_coeffs. */
void circuit_modp_eval(const circuit_t c, const ulong *ap, const ulong *bp,
                       const cyclo_modp_t P, ulong *y, const ulong *x);
/* A modulus for C (cyclo_modp_init on the circuit's field) whose images exist; the
 * coefficient images go to AP, BP (allocated here, free them).  ST drives every draw. */
void circuit_modp_draw(cyclo_modp_t P, ulong **ap, ulong **bp, const circuit_t c,
                       flint_rand_t st);

#endif
