/* cyclo.h -- exact arithmetic in the cyclotomic field Q(zeta_N).
 *
 * An element is an fmpq_poly in the generator z = zeta_N = exp(2 pi i / N), kept reduced
 * modulo the cyclotomic polynomial Phi_N (degree phi(N)), so equality is polynomial
 * equality.  N = 1 is the field Q itself (Phi_1 = z - 1, every element is a constant);
 * N = 2 is Q as well (z = -1).  All circuits, sparse products, butterfly and K-matrix
 * factors of this testbed carry exact entries of this type, so the DFT (entries in
 * Q(zeta_n)) and rational matrices share one code path.
 *
 * Embedding into C: z -> exp(2 pi i / N) (cyclo_get_complex, float64, for timing and the
 * float64 evaluators only; never used for a verdict). */
#ifndef ALGEBRA_CYCLO_H
#define ALGEBRA_CYCLO_H

#include <complex.h>
#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_poly.h>

typedef struct {
    ulong order;     /* N */
    slong degree;    /* phi(N) */
    fmpq_poly_t phi; /* Phi_N */
} cyclo_ctx_struct;
typedef cyclo_ctx_struct cyclo_ctx_t[1];

/* Elements are plain fmpq_poly (initialise with fmpq_poly_init). */
typedef fmpq_poly_struct cyclo_struct;
typedef fmpq_poly_t cyclo_t;

void cyclo_ctx_init(cyclo_ctx_t ctx, ulong order);
void cyclo_ctx_clear(cyclo_ctx_t ctx);
/* 1 when the field is Q (N = 1 or 2). */
int cyclo_ctx_is_rational(const cyclo_ctx_t ctx);

void cyclo_reduce(cyclo_t a, const cyclo_ctx_t ctx);
void cyclo_mul(cyclo_t r, const cyclo_t a, const cyclo_t b, const cyclo_ctx_t ctx);
/* r += a * b */
void cyclo_addmul(cyclo_t r, const cyclo_t a, const cyclo_t b, const cyclo_ctx_t ctx);
/* r = zeta^k (k any integer, taken mod N) */
void cyclo_zeta_pow(cyclo_t r, slong k, const cyclo_ctx_t ctx);
void cyclo_set_fmpq(cyclo_t r, const fmpq_t q);
void cyclo_set_si(cyclo_t r, slong p, ulong q);
/* 1 and sets q when A is rational (a constant) */
int cyclo_get_fmpq(fmpq_t q, const cyclo_t a);

/* Parse a coefficient: a rational "p" or "p/q" (decimal, optional sign), or, in a field
 * with N > 2, a bracketed coefficient list "[c0,c1,...]" meaning c0 + c1 z + c2 z^2 + ...
 * (each ci rational).  Returns 0 on success, -1 if S is not a coefficient. */
int cyclo_parse(cyclo_t r, const char *s, const cyclo_ctx_t ctx);
/* One term "c*z^k", "z^k", "-z^k", "c*z", "z" of the compact form (LEN characters at S,
 * N > 2): sets C and K (mod N).  0, or -1 if S is not one such term. */
int cyclo_parse_term(fmpq_t c, ulong *k, const char *s, size_t len, const cyclo_ctx_t ctx);
/* Inverse of cyclo_parse: a string ("p/q" when rational, else "[c0,c1,...]"); free it
 * with flint_free. */
char *cyclo_get_str(const cyclo_t a);

double complex cyclo_get_complex(const cyclo_t a, const cyclo_ctx_t ctx);

/* Vectors / row-major matrices of elements: allocated and initialised to zero, freed. */
fmpq_poly_struct *cyclo_vec_init(slong len);
void cyclo_vec_clear(fmpq_poly_struct *v, slong len);
void cyclo_vec_zero(fmpq_poly_struct *v, slong len);
/* 1 when the two vectors are equal entry by entry */
int cyclo_vec_equal(const fmpq_poly_struct *a, const fmpq_poly_struct *b, slong len);
/* C = A B for row-major n x n matrices (C must not alias A or B), schoolbook. */
void cyclo_mat_mul(fmpq_poly_struct *C, const fmpq_poly_struct *A, const fmpq_poly_struct *B,
                   slong n, const cyclo_ctx_t ctx);

#endif
