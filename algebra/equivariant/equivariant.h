/* equivariant.h -- invariant and equivariant linear maps under a permutation sigma:
 * irreducible components, counts, dimensions, degrees, ED degrees, weight-sharing parameters.
 *
 * Source: papers/sattelberger_equivariant_linear_networks.txt (Kohn-Sattelberger-Shahverdi,
 * arXiv:2309.13736).  The slides' formulas contain typos; the corrected statements used here
 * (derivations in NOTES, section "Equivariant networks"):
 *
 * Equivariant case E^sigma_{r,n x n} = {M : M P = P M, rank M <= r}.  Over C, P_sigma is
 * diagonalisable; the eigenvalue zeta_l^m (gcd(m, l) = 1) has multiplicity d_l (permutation.h),
 * and the commutant is block diagonal, one d_l x d_l block per eigenvalue.  Over R the blocks of
 * a pair {zeta_l^m, zeta_l^-m} (l >= 3) are complex conjugate and have equal rank.  Hence
 *   - a "unit" is one real eigenvalue (l = 1, 2; weight 1) or one complex-conjugate pair
 *     (l >= 3, the representative with l/2 < m < l; weight 2) -- REAL field; or one complex
 *     eigenvalue (weight 1) -- COMPLEX field;
 *   - components of the real variety containing a rank-r matrix <-> integer tuples
 *     sum_u weight_u * r_u = r with 0 <= r_u <= d_{l(u)};
 *   - component dimension  sum_u weight_u * r_u (2 d_u - r_u);
 *   - component degree     prod_u deg(M_{r_u, d_u x d_u})^weight_u   (complex closure);
 *   - weight-sharing autoencoder parameters  sum_u weight_u * 2 d_u r_u  (encoder + decoder);
 *   - the whole rank-<=r variety has, besides these, the maximal tuples of weighted sum < r:
 *     sum r - 1 with every weight-1 unit saturated (a complex pair cannot take one more rank),
 *     and the full commutant when n <= r - 2 (see equivariant_count_all_components).
 *
 * Invariant case I^sigma_{r,m x n} = {M in C^{m x n} : M P = M, rank M <= r} is linearly
 * isomorphic (delete repeated columns) to the determinantal variety M_{e, m x k}, k = number of
 * cycles, with EFFECTIVE rank e = min(r, m, k) (the slides write min(r, k), which is wrong for
 * r > m: M_{r, m x k} with r >= m is the whole space).
 *
 * Error convention: int functions return 0 on success, -1 on failure (message on stderr).
 */
#ifndef ALGEBRA_EQUIVARIANT_H
#define ALGEBRA_EQUIVARIANT_H

#include <flint/flint.h>
#include <flint/fmpz.h>

#include "equivariant/permutation.h"

typedef enum { EQUIVARIANT_REAL = 0, EQUIVARIANT_COMPLEX = 1 } equivariant_field_t;

/* Deliberately wrong variants, for negative controls only. */
typedef enum {
    EQUIVARIANT_CORRECT = 0,
    EQUIVARIANT_WRONG_NO_BOUND = 1,   /* drops r_{l,m} <= d_l */
    EQUIVARIANT_WRONG_PAIR_WEIGHT = 2 /* complex pairs counted with weight 1 */
} equivariant_variant_t;

typedef struct {
    long l, m;  /* eigenvalue zeta_l^m (m = 1 for l = 1, as the slides' r_{1,1}) */
    int weight; /* complex eigenvalues represented: 1 (real eigenvalue / COMPLEX field) or 2 */
    long bound; /* d_l, or a huge number in the no-bound variant */
    long d;     /* d_l itself (used by dimensions and parameters) */
} equivariant_unit_t;

typedef struct {
    equivariant_field_t field;
    long n;           /* sum of weight * d over units (= n for the correct variant) */
    long num_units;
    equivariant_unit_t *units; /* lowest frequency first: key min(m, l-m)/l, then m/l > 1/2 */
} equivariant_system_t;

int equivariant_system_init(equivariant_system_t *S, const permutation_spectrum_t *spec,
                            equivariant_field_t field, equivariant_variant_t variant);
void equivariant_system_clear(equivariant_system_t *S);
/* Convenience: cycle type -> spectrum -> system. */
int equivariant_system_from_permutation(equivariant_system_t *S, const permutation_t *p,
                                        equivariant_field_t field);

/* ---------------------------------------------------------------- counts (exact, fmpz)
 * counts[s], s = 0..rmax: number of tuples with weighted sum s within the bounds (the
 * components containing a rank-s matrix).  Dynamic programme over the units with a sliding
 * window sum: O(units * rmax) fmpz additions. COUNTS must have rmax + 1 initialised entries. */
void equivariant_count_vector(fmpz *counts, const equivariant_system_t *S, long rmax);
void equivariant_count(fmpz_t c, const equivariant_system_t *S, long r);

/* Number of irreducible components of the whole rank-<=r variety (maximal tuples under the
 * componentwise order among tuples of weighted sum <= r):
 *   N(r) + N_sat(r - 1) + [n <= r - 2],
 * N_sat(s) = tuples of weighted sum s whose weight-1 units are all saturated.  For r <= n this
 * differs from N(r) only by N_sat(r - 1) (parity obstructions of complex pairs); for r > n
 * N(r) = 0 and the variety is the whole commutant (one component). */
void equivariant_count_all_components_vector(fmpz *counts, const equivariant_system_t *S,
                                             long rmax);

/* Independent references (for checks).  Brute force enumerates every tuple (returns -1 when
 * there are more than MAX_TUPLES); EXACT[s] as above and ALL[s] by testing maximality of each
 * tuple directly (no unit can be raised without exceeding s).  Either pointer may be NULL. */
int equivariant_count_bruteforce(fmpz *exact, fmpz *all, const equivariant_system_t *S,
                                 long rmax, long max_tuples);
/* Brute-force largest component dimensions (as equivariant_max_dim_vector; -1 if none). */
int equivariant_max_dim_bruteforce(long *dim_exact, long *dim_all, const equivariant_system_t *S,
                                   long rmax, long max_tuples);
/* Coefficient of x^r in prod_u (1 + x^w + ... + x^{w d}), by FLINT polynomial products. */
void equivariant_count_by_polynomial(fmpz_t c, const equivariant_system_t *S, long r);

/* ---------------------------------------------------------------- one component */
long equivariant_component_rank(const equivariant_system_t *S, const long *tuple);
int equivariant_component_valid(const equivariant_system_t *S, const long *tuple, long r);
long equivariant_component_dim(const equivariant_system_t *S, const long *tuple);
long equivariant_component_params(const equivariant_system_t *S, const long *tuple);
void equivariant_component_degree(fmpz_t deg, const equivariant_system_t *S, const long *tuple);

/* Largest component dimension among tuples of weighted sum exactly r (DIM_EXACT) and among
 * all components of the rank-<=r variety (DIM_ALL); -1 when there is none. */
void equivariant_max_dim(long *dim_exact, long *dim_all, const equivariant_system_t *S, long r);
/* The same for every r = 0..rmax at once (arrays of rmax + 1 entries); O(rmax sum_u (d_u+1)). */
int equivariant_max_dim_vector(long *dim_exact, long *dim_all, const equivariant_system_t *S,
                               long rmax);

/* ---------------------------------------------------------------- enumeration
 * Tuples of weighted sum r in lexicographically DECREASING order with the units taken lowest
 * frequency first (LOWPASS) or highest frequency first (HIGHPASS).  The first tuple is the
 * stated selection rule: "give each unit, lowest (highest) frequency first, the largest rank
 * that still leaves the rest solvable".  Streaming: VISIT is called per tuple (in unit order
 * of S) and may return non-zero to stop; at most LIMIT tuples (LIMIT < 0: no limit).  Returns
 * the number visited, -1 on allocation failure. */
typedef enum { EQUIVARIANT_LOWPASS = 0, EQUIVARIANT_HIGHPASS = 1 } equivariant_order_t;
typedef int (*equivariant_visit_fn)(const long *tuple, void *ctx);
long equivariant_enumerate(const equivariant_system_t *S, long r, equivariant_order_t order,
                           long limit, equivariant_visit_fn visit, void *ctx);
/* The same with the feasibility table built once for every r <= RMAX (for many r). */
typedef struct {
    const equivariant_system_t *S;
    long rmax;
    unsigned char *feas; /* (units + 1) x (rmax + 1): suffix of units can reach sum s */
    long *ord;           /* unit visited at each depth */
} equivariant_enum_t;
int equivariant_enum_init(equivariant_enum_t *E, const equivariant_system_t *S, long rmax,
                          equivariant_order_t order);
long equivariant_enum_run(const equivariant_enum_t *E, long r, long limit,
                          equivariant_visit_fn visit, void *ctx);
int equivariant_enum_select(long *tuple, const equivariant_enum_t *E, long r);
void equivariant_enum_clear(equivariant_enum_t *E);
/* First tuple of the enumeration into TUPLE (num_units entries); -1 if no component. */
int equivariant_select(long *tuple, const equivariant_system_t *S, long r,
                       equivariant_order_t order);

/* ---------------------------------------------------------------- determinantal varieties
 * M_{r, a x b} = {a x b matrices of rank <= r}, 0 <= r <= min(a, b). */
long equivariant_determinantal_dim(long a, long b, long r);               /* r (a + b - r) */
void equivariant_determinantal_degree(fmpz_t deg, long a, long b, long r); /* product formula */
/* Thom-Porteous / Giambelli: det [ binom(a, a - r + j - i) ]_{1 <= i, j <= b - r}. */
void equivariant_determinantal_degree_porteous(fmpz_t deg, long a, long b, long r);

/* ---------------------------------------------------------------- invariant case */
long equivariant_invariant_effective_rank(long r, long m, long k); /* min(r, m, k) */
long equivariant_invariant_dim(long r, long m, long k);
void equivariant_invariant_degree(fmpz_t deg, long r, long m, long k);
void equivariant_invariant_ed_degree(fmpz_t ed, long r, long m, long k); /* binom(min(m,k), e) */
/* sigma-weight-sharing encoder (e x k free weights, column j of the e x n encoder = column
 * cycle(j)) plus a dense m x e decoder: e (k + m) parameters; dense: e (n + m). */
long equivariant_invariant_params(long r, long m, long k);
/* The slides' literal formulas with min(r, k) (negative controls): degree returns -1 when the
 * formula is undefined (a negative factorial), 0 otherwise. */
long equivariant_invariant_dim_slide(long r, long m, long k);
int equivariant_invariant_degree_slide(fmpz_t deg, long r, long m, long k);
void equivariant_invariant_ed_degree_slide(fmpz_t ed, long r, long m, long k);

#endif
