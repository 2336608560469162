/* cyclo_modp.h -- images of Q(zeta_N) in a prime field, for the randomised exact checks at
 * sizes where the dense n x n matrix over Q(zeta_N) cannot be formed.
 *
 * For a prime p = 1 (mod N), Phi_N splits mod p into phi(N) distinct roots, the primitive
 * N-th roots of unity of F_p, and z -> w (w one of them) is a ring homomorphism
 * Z[zeta_N][1/D] -> F_p for every D prime to p.  An element a of Q(zeta_N) maps to a(w) mod
 * p; a rational coefficient whose denominator p divides has no image (cyclo_modp_image
 * returns -1 and the caller draws another prime).
 *
 * The check (Schwartz-Zippel): to test an identity A = B of two m x n matrices over
 * Q(zeta_N) given only as programs (a circuit, a product of sparse factors, a K-matrix),
 * draw p uniformly among the primes = 1 mod N in [2^61, 2^62), w uniformly among the
 * primitive N-th roots mod p, x uniformly in F_p^n, and compare A(w) x with B(w) x.
 *   - If A = B the images agree: the check never rejects a true identity.
 *   - If A != B, some entry e = A_ij - B_ij is non-zero.  (1) e(w) = 0 mod p means that the
 *     degree-1 prime ideal (p, z - w) divides e, so at most log_p |Norm(D e)| pairs (p, w)
 *     are bad for e (D a denominator of e; |Norm(D e)| <= (D |e|_1)^phi(N), |e|_1 the sum of
 *     the absolute values of the coefficients of any representative polynomial), among
 *     about 2^61 / (phi(N) ln 2^62) primes with phi(N) roots each (prime number theorem in
 *     progressions; not an explicit bound).  circuit_modp_error_log2 (circuit_modp.h)
 *     bounds |Norm(D e)| from the circuit.
 *     (2) When e(w) != 0, row i of (A - B)(w) is a non-zero linear form and a uniform x gives
 *     (A - B)(w) x = 0 with probability at most 1/p < 2^-61.
 *   The CYCLO_MODP_ROUNDS rounds are independent (a fresh p, w, x each), so a false identity
 *   passes all of them with probability below (2^-61 + bad pairs / all pairs)^rounds
 *   (circuit_modp_error_log2 bounds the bad pairs from the circuit; the tool prints it). */
#ifndef ALGEBRA_CYCLO_MODP_H
#define ALGEBRA_CYCLO_MODP_H

#include <flint/nmod_vec.h>

#include "circuits/cyclo_mono.h"

#define CYCLO_MODP_ROUNDS 2

typedef struct {
    ulong N;     /* the order of the field Q(zeta_N) */
    ulong p;     /* prime, p = 1 mod N, 2^61 <= p < 2^62 */
    nmod_t mod;
    ulong w;     /* a primitive N-th root of unity mod p */
} cyclo_modp_struct;
typedef cyclo_modp_struct cyclo_modp_t[1];

/* Draw p and w (uniform as above) from ST. */
void cyclo_modp_init(cyclo_modp_t P, ulong N, flint_rand_t st);
void cyclo_modp_clear(cyclo_modp_t P);
/* *r = a(w) mod p: 0, or -1 when a denominator is divisible by p. */
int cyclo_modp_image(ulong *r, const cyclo_t a, const cyclo_modp_t P);
int cyclo_modp_image_mono(ulong *r, const cyclo_mono_t a, const cyclo_modp_t P);

#endif
