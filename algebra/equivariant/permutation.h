/* permutation.h -- permutations of {1..n}: parsing, built-in pixel actions, cycle type, and the
 * eigenvalue multiplicities d_l of the permutation matrix P_sigma.
 *
 * Source: papers/sattelberger_equivariant_linear_networks.txt (Kohn-Sattelberger-Shahverdi,
 * arXiv:2309.13736), "Decomposing into cycles" and "Characterizing equivariance".
 *
 * Conventions.
 *   Internally points are 0-based: image[i] = sigma(i).  Every text form is 1-based.
 *   P_sigma e_i = e_{sigma(i)}, i.e. P[sigma(i)][i] = 1 (a vector's entry at i moves to sigma(i)).
 *   Pixel ordering: a p x p image is stored row-major, pixel (row i, column j), 0 <= i, j < p,
 *   has index i*p + j (1-based label i*p + j + 1); a p x p x p volume stores voxel (slice z,
 *   row i, column j) at index z*p*p + i*p + j.
 *
 * Accepted text forms (permutation_parse):
 *   cycle notation   "(1 3 4)(2 5)"  points 1..n; n = the largest point unless N is given
 *                    (then unlisted points are fixed); "()" is the identity and needs N > 0.
 *   one-line         "3 5 4 1 2" or "[3,5,4,1,2]": the images sigma(1), ..., sigma(n).
 *   image:ACTION:p[:t[:t2]]  built-in action on p x p images, content at (i,j) moves to
 *       right:p:t     (i, j+t mod p)            translation to the right with wrap-around
 *       down:p:t      (i+t mod p, j)            translation downwards with wrap-around
 *       both:p:t[:t2] (i+t2 mod p, j+t mod p)   right by t and down by t2 (default t2 = t)
 *       rot90:p       (j, p-1-i)                90-degree clockwise rotation (as in the slides)
 *       hflip:p       (i, p-1-j)                horizontal flip (mirror left <-> right)
 *       transpose:p   (j, i)
 *   volume:ACTION:p[:t[:t2]]  the same actions applied to every slice z of a p x p x p volume,
 *       plus deep:p:t (z+t mod p, i, j), translation along the slice axis.
 *   Ranges: 1 <= p <= 4096 for images, 1 <= p <= 256 for volumes, 0 <= t, t2 <= p-1.
 *
 * Error convention: functions returning int return 0 on success and -1 on failure; parsing
 * errors are written as one line (no program name, no newline) into ERR for the caller to print.
 */
#ifndef ALGEBRA_PERMUTATION_H
#define ALGEBRA_PERMUTATION_H

#include <stddef.h>

#include <flint/flint.h>
#include <flint/fmpz.h>

typedef struct {
    long n;
    long *image; /* 0-based: image[i] = sigma(i) */
} permutation_t;

typedef struct {
    long length; /* cycle length c */
    long count;  /* number of cycles of that length */
} permutation_cycle_class_t;

/* Cycle type: classes in increasing length; num_cycles = k, the number of cycles (fixed
 * points included). */
typedef struct {
    long n, num_cycles, num_classes;
    permutation_cycle_class_t *classes;
} permutation_cycle_type_t;

/* Eigenvalue multiplicities: for every l with d_l > 0 (increasing l), d_l = number of cycles
 * whose length is divisible by l = multiplicity of every primitive l-th root of unity as an
 * eigenvalue of P_sigma.  (A c-cycle block of P_sigma is the companion matrix of x^c - 1 =
 * prod_{l | c} Phi_l(x), which has distinct roots: each primitive l-th root with l | c occurs
 * once in that block, and no other number occurs.) */
typedef struct {
    long l, d;
} permutation_eigen_t;

typedef struct {
    long n, count;
    permutation_eigen_t *e;
} permutation_spectrum_t;

/* Largest p accepted by the built-in actions. */
#define PERMUTATION_IMAGE_MAX_P 4096
#define PERMUTATION_VOLUME_MAX_P 256
/* Largest n accepted by the parser (cycle notation with an explicit n): 2^24 = the largest
 * built-in action (4096^2 pixels, 256^3 voxels); the tools' work and memory grow with n. */
#define PERMUTATION_MAX_N (1L << 24)

void permutation_init(permutation_t *p);            /* empty (n = 0) */
int permutation_set_identity(permutation_t *p, long n);
void permutation_clear(permutation_t *p);
/* Copy IMAGE (0-based) after checking it is a bijection of {0..n-1}. */
int permutation_set_image(permutation_t *p, const long *image, long n, char *err, size_t errlen);

/* Parse any text form above.  N > 0 fixes n for cycle notation (and must equal the length of a
 * one-line list or the size of a built-in action); N = 0 lets the input decide. */
int permutation_parse(permutation_t *p, const char *spec, long n, char *err, size_t errlen);

/* Built-in pixel actions (see the table above).  Return -1 with a message on bad p or t. */
int permutation_image_action(permutation_t *p, const char *action, long size, long t, long t2,
                             char *err, size_t errlen);
int permutation_volume_action(permutation_t *p, const char *action, long size, long t, long t2,
                              char *err, size_t errlen);

/* Cycle notation of P (1-based, fixed points omitted; "()" for the identity) into a malloc'd
 * string. */
char *permutation_to_cycle_string(const permutation_t *p);

/* Cycle type (counts fixed points as 1-cycles). */
int permutation_cycle_type(permutation_cycle_type_t *ct, const permutation_t *p);
void permutation_cycle_type_clear(permutation_cycle_type_t *ct);
/* "length^count" by decreasing length into a malloc'd string, e.g. "3^1 2^1" for (1 3 4)(2 5). */
char *permutation_cycle_type_string(const permutation_cycle_type_t *ct);

/* Order of sigma = lcm of the cycle lengths. */
void permutation_order(fmpz_t order, const permutation_cycle_type_t *ct);

/* d_l for every l dividing some cycle length (Section "Characterizing equivariance"). */
int permutation_spectrum(permutation_spectrum_t *s, const permutation_cycle_type_t *ct);
void permutation_spectrum_clear(permutation_spectrum_t *s);
long permutation_spectrum_d(const permutation_spectrum_t *s, long l); /* 0 if absent */

/* ---- exact eigenspace computations over Q (independent of the cycle formula; small n) ----
 * dim ker Phi_l(P_sigma) over Q (= phi(l) * d_l when the formula is right), computed from the
 * integer matrix Phi_l(P) = sum_t c_t P^t by FLINT's exact fmpz_mat_rank. */
long permutation_cyclotomic_nullity(const permutation_t *p, long l);
/* dim ker (P_sigma^l - I) over Q (= sum over cycles of gcd(c, l)). */
long permutation_power_fixed_nullity(const permutation_t *p, long l);
/* Number of orbits of <sigma> acting diagonally on pairs (i, j): the dimension of the
 * commutant {M : M P = P M} (orbit indicator matrices form a basis). Computed by marking. */
long permutation_pair_orbit_count(const permutation_t *p);

/* Cycle index of every point (cycles numbered 0..k-1 in order of their smallest point): the
 * partition P(sigma) = {A_1, ..., A_k} of the invariant case.  Returns k. */
long permutation_cycle_index(const permutation_t *p, long *idx);

/* Next permutation of {0..n-1} in lexicographic order (one-line IMAGE); 0 after the last. */
int permutation_next_lex(long *image, long n);

/* Uniformly random permutation of size n (Fisher-Yates with FLINT's generator). */
int permutation_set_random(permutation_t *p, long n, flint_rand_t st);

/* sigma^t applied to i (t may be negative). */
long permutation_power_apply(const permutation_t *p, long i, long t);

#endif
