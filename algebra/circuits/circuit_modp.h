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

/* log2 of an upper bound on the probability that ROUNDS independent rounds of the random
 * check (cyclo_modp.h) accept a false identity W = M, where M is a product of FACTORS
 * matrices whose rows have at most two non-zero entries, each a coefficient of C or 1 (the
 * factors of Theorem 4.5: d + 1; the butterfly factors of Theorem 5.5: 2 w log2 N), however
 * they were built:
 *   - an entry of W is a sum over paths of products of coefficients: |sigma(W_ij)| <= 2^bW,
 *     bW(g) = log2(|alpha|_1 2^bW(a) + |beta|_1 2^bW(b)) over the gates (0 at the inputs);
 *   - an entry of M: |sigma(M_ij)| <= (2 c)^FACTORS, c the largest |coefficient|_1 (or 1);
 *   - a path (in the circuit, or through the factors, whose values are distinct
 *     coefficients) uses every coefficient at most once, so the product D of all the
 *     coefficient denominators is a common denominator of W and M;
 * so a non-zero difference e has |Norm(D e)| <= (D 2^(1 + max(bW, bM)))^phi(N) and
 * at most phi(N) log2 of that / 61 of the (prime, root) pairs are bad, among about
 * 2^61 / ln(2^62) of them (prime number theorem in progressions, taken as a count, not
 * proved).  A round errs with probability at most 2^-61 + bad / all.  Returns ROUNDS times
 * the log2 of that (<= 0). */
double circuit_modp_error_log2(const circuit_t c, double factors, int rounds);

#endif
