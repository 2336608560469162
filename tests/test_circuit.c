/* test_circuit.c -- linear circuits (algebra/circuits/circuit.h, circuit_gen.h, circuit_transpose.h,
 * sparse_product.h): parser rejection paths (tests/data/circuit_bad_*.lc), evaluators,
 * writer, generators, transposition and Theorem 4.5 on hand-checked cases, negative
 * controls. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <stdlib.h>
#include <string.h>

#include "circuits/circuit.h"
#include "circuits/circuit_gen.h"
#include "circuits/circuit_transpose.h"
#include "circuits/sparse_product.h"

#ifndef CIRCUIT_TEST_DATA
#define CIRCUIT_TEST_DATA "tests/data"
#endif

static int poly_is_si(const fmpq_poly_struct *p, slong v)
{
    fmpq_poly_t t;
    fmpq_poly_init(t);
    fmpq_poly_set_si(t, v);
    int eq = fmpq_poly_equal(p, t);
    fmpq_poly_clear(t);
    return eq;
}

static char *slurp(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CIRCUIT_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    cr_assert(f != NULL, "cannot open %s", path);
    char *buf = calloc(1, 1 << 16);
    size_t len = fread(buf, 1, (1 << 16) - 1, f);
    buf[len] = '\0';
    fclose(f);
    return buf;
}

/* the file must be rejected with "NAME:LINE: ...REASON..." */
static void expect_reject(const char *file, long line, const char *reason)
{
    char *text = slurp(file), err[512] = "", want[128];
    circuit_t c;
    circuit_init(c, 0, 1);
    cr_assert_eq(circuit_parse(c, text, file, err, sizeof err), -1, "%s was accepted", file);
    snprintf(want, sizeof want, "%s:%ld: ", file, line);
    cr_assert(strstr(err, want) != NULL, "%s: expected line %ld, got '%s'", file, line, err);
    cr_assert(strstr(err, reason) != NULL, "%s: expected '%s', got '%s'", file, reason, err);
    cr_assert_eq(c->size, 0); /* left empty */
    circuit_clear(c);
    free(text);
}

Test(circuit_io, rejects_every_bad_file)
{
    expect_reject("circuit_bad_header.lc", 1, "header");
    expect_reject("circuit_bad_field.lc", 2, "field");
    expect_reject("circuit_bad_cyclotomic_order.lc", 3, "cyclotomic order");
    expect_reject("circuit_bad_inputs.lc", 3, "inputs");
    expect_reject("circuit_bad_unknown_gate.lc", 4, "unknown gate 'x1'");
    expect_reject("circuit_bad_forward.lc", 4, "forward reference to g3");
    expect_reject("circuit_bad_cycle.lc", 4, "cycle");
    expect_reject("circuit_bad_arity.lc", 4, "wrong arity");
    expect_reject("circuit_bad_arity1.lc", 4, "wrong arity");
    expect_reject("circuit_bad_coef.lc", 4, "coefficient '2.5' does not parse");
    expect_reject("circuit_bad_coef_den0.lc", 4, "coefficient '1/0' does not parse");
    expect_reject("circuit_bad_coef_list_in_q.lc", 4, "does not parse");
    expect_reject("circuit_bad_output.lc", 5, "output g3 out of range");
    expect_reject("circuit_bad_order.lc", 4, "out of order");
    expect_reject("circuit_bad_no_outputs.lc", 4, "missing 'outputs'");
    expect_reject("circuit_bad_trailing.lc", 6, "after the outputs");
    expect_reject("circuit_bad_statement.lc", 4, "unknown statement");
}

Test(circuit_io, read_file_error_goes_to_stderr, .init = cr_redirect_stderr)
{
    circuit_t c;
    circuit_init(c, 0, 1);
    cr_assert_eq(circuit_read_file(c, CIRCUIT_TEST_DATA "/circuit_bad_cycle.lc"), -1);
    cr_assert_eq(circuit_read_file(c, CIRCUIT_TEST_DATA "/no_such_file.lc"), -1);
    circuit_clear(c);
    fflush(stderr);
    cr_assert_stderr_neq_str("");
}

/* y0 = x0 + x1, y1 = (x0 - x1)/2 + 3 (x0 + x1) = 7/2 x0 + 5/2 x1 */
Test(circuit, parse_and_evaluate_by_hand)
{
    circuit_t c;
    circuit_init(c, 0, 1);
    cr_assert_eq(circuit_read_file(c, CIRCUIT_TEST_DATA "/circuit_ok.lc"), 0);
    cr_assert_eq(circuit_size(c), 5);
    cr_assert_eq(circuit_depth(c), 2);
    fmpq x[2], y[2];
    for (int i = 0; i < 2; i++) {
        fmpq_init(x + i);
        fmpq_init(y + i);
    }
    fmpq_set_si(x + 0, 2, 1);
    fmpq_set_si(x + 1, -4, 3); /* y0 = 2/3, y1 = 7 - 10/3 = 11/3 */
    cr_assert_eq(circuit_eval_fmpq(c, y, x), 0);
    cr_assert(fmpq_equal_si(y + 0, 0) == 0);
    fmpq_t e;
    fmpq_init(e);
    fmpq_set_si(e, 2, 3);
    cr_assert(fmpq_equal(y + 0, e));
    fmpq_set_si(e, 11, 3);
    cr_assert(fmpq_equal(y + 1, e));
    double xd[2] = {2, -4.0 / 3}, yd[2];
    cr_assert_eq(circuit_eval_d(c, yd, xd), 0);
    cr_assert_float_eq(yd[0], 2.0 / 3, 1e-14);
    cr_assert_float_eq(yd[1], 11.0 / 3, 1e-14);
    fmpq_clear(e);
    for (int i = 0; i < 2; i++) {
        fmpq_clear(x + i);
        fmpq_clear(y + i);
    }
    circuit_clear(c);
}

Test(circuit, fft4_file_is_figure_1)
{
    circuit_t c;
    circuit_init(c, 0, 1);
    cr_assert_eq(circuit_read_file(c, CIRCUIT_TEST_DATA "/circuit_fft4.lc"), 0);
    fmpq_poly_struct *W = cyclo_vec_init(16), *F = cyclo_vec_init(16);
    circuit_matrix(c, W);
    circuit_dft_matrix(F, 4, c->ctx);
    cr_assert(cyclo_vec_equal(W, F, 16));
    /* row 1 of Figure 1: 1, -i, -1, i; z = i so -i = -z (compact form, shorter than [0,-1]) */
    char *s = cyclo_get_str(W + 1 * 4 + 1);
    cr_assert_str_eq(s, "-z");
    flint_free(s);
    /* float64 complex evaluation of e_1 gives column 1: 1, -i, -1, i */
    double complex x[4] = {0, 1, 0, 0}, y[4];
    circuit_eval_c(c, y, x);
    cr_assert(cabs(y[1] + I) < 1e-14 && cabs(y[3] - I) < 1e-14 && cabs(y[2] + 1) < 1e-14);
    double xd[4] = {0}, yd[4];
    cr_assert_eq(circuit_eval_d(c, yd, xd), -1); /* not a rational circuit (error line) */
    cyclo_vec_clear(W, 16);
    cyclo_vec_clear(F, 16);
    circuit_clear(c);
}

Test(circuit, writer_round_trip_and_generators)
{
    for (slong n = 2; n <= 16; n *= 2) {
        circuit_t c, d;
        circuit_gen_fft(c, n);
        cr_assert_eq(circuit_size(c), n + n * (n == 2 ? 1 : n == 4 ? 2 : n == 8 ? 3 : 4));
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        circuit_write(f, c);
        fclose(f);
        circuit_init(d, 0, 1);
        cr_assert_eq(circuit_parse(d, text, "rt", NULL, 0), 0);
        fmpq_poly_struct *A = cyclo_vec_init(n * n), *B = cyclo_vec_init(n * n);
        circuit_matrix(c, A);
        circuit_matrix(d, B);
        cr_assert(cyclo_vec_equal(A, B, n * n));
        circuit_dft_matrix(B, n, c->ctx);
        cr_assert(cyclo_vec_equal(A, B, n * n));
        cyclo_vec_clear(A, n * n);
        cyclo_vec_clear(B, n * n);
        free(text);
        circuit_clear(c);
        circuit_clear(d);
    }
    circuit_t w;
    circuit_gen_walsh_hadamard(w, 4);
    fmpq_poly_struct *A = cyclo_vec_init(16), *H = cyclo_vec_init(16);
    circuit_matrix(w, A);
    circuit_hadamard_matrix(H, 4);
    cr_assert(cyclo_vec_equal(A, H, 16));
    cr_assert(poly_is_si(H + 3 * 4 + 3, 1) && poly_is_si(H + 1 * 4 + 3, -1));
    /* negative control: a perturbed coefficient is detected */
    fmpq_poly_add_si(&w->alpha[0].p, &w->alpha[0].p, 1);
    circuit_matrix(w, A);
    cr_assert(!cyclo_vec_equal(A, H, 16));
    cyclo_vec_clear(A, 16);
    cyclo_vec_clear(H, 16);
    circuit_clear(w);
}

Test(circuit, random_circuit_has_requested_size_and_depth)
{
    flint_rand_t st;
    flint_randinit(st);
    for (slong d = 1; d <= 6; d++) {
        circuit_t c;
        cr_assert_eq(circuit_gen_random(c, 8, 8 + 5 * d, d, st), 0);
        cr_assert_eq(circuit_size(c), 8 + 5 * d);
        cr_assert_eq(circuit_depth(c), d);
        cr_assert_eq(c->m, 8);
        circuit_clear(c);
    }
    flint_randclear(st);
}

Test(circuit, bad_generator_parameters, .init = cr_redirect_stderr)
{
    flint_rand_t st;
    flint_randinit(st);
    circuit_t c;
    cr_assert_eq(circuit_gen_walsh_hadamard(c, 6), -1);
    cr_assert_eq(circuit_gen_fft(c, 12), -1);
    cr_assert_eq(circuit_gen_random(c, 8, 10, 3, st), -1); /* 2 gates cannot have depth 3 */
    flint_randclear(st);
}

Test(circuit, sparse_matrix_circuit)
{
    sparse_mat_t A;
    sparse_mat_init(A, 3, 3); /* [[0,2,0],[1,1,1],[0,0,0]] */
    sparse_mat_push_si(A, 0, 1, 2);
    sparse_mat_push_si(A, 1, 0, 1);
    sparse_mat_push_si(A, 1, 1, 1);
    sparse_mat_push_si(A, 1, 2, 1);
    circuit_t c;
    circuit_gen_sparse(c, A, 1);
    /* row 0: 1 gate (scale by 2); row 1: 3 terms -> 2 gates; row 2: the zero gate */
    cr_assert_eq(circuit_size(c), 3 + 1 + 2 + 1);
    fmpq_poly_struct *W = cyclo_vec_init(9), *D = cyclo_vec_init(9);
    circuit_matrix(c, W);
    sparse_mat_dense(A, D);
    cr_assert(cyclo_vec_equal(W, D, 9));
    cyclo_vec_clear(W, 9);
    cyclo_vec_clear(D, 9);
    circuit_clear(c);
    sparse_mat_clear(A);
}

Test(circuit, transpose_hand_checked)
{
    circuit_t c, t;
    circuit_init(c, 0, 1);
    cr_assert_eq(circuit_read_file(c, CIRCUIT_TEST_DATA "/circuit_ok.lc"), 0);
    cr_assert_eq(circuit_transpose(t, c), 0);
    /* W = [[1,1],[7/2,5/2]], W^T = [[1,7/2],[1,5/2]] */
    fmpq_poly_struct *T = cyclo_vec_init(4);
    circuit_matrix(t, T);
    cr_assert(poly_is_si(T + 0, 1));
    cr_assert(poly_is_si(T + 2, 1));
    fmpq_t q;
    fmpq_init(q);
    cr_assert(cyclo_get_fmpq(q, T + 1));
    cr_assert(fmpq_equal_si(q, 0) == 0 && fmpz_equal_si(fmpq_numref(q), 7) &&
              fmpz_equal_si(fmpq_denref(q), 2));
    cr_assert(cyclo_get_fmpq(q, T + 3));
    cr_assert(fmpz_equal_si(fmpq_numref(q), 5) && fmpz_equal_si(fmpq_denref(q), 2));
    cr_assert_leq(t->size, circuit_transpose_size_bound(c));
    fmpq_clear(q);
    cyclo_vec_clear(T, 4);
    circuit_clear(t);
    circuit_clear(c);
}

Test(sparse_product, theorem_4_5_hand_checked)
{
    circuit_t c;
    circuit_init(c, 0, 1);
    cr_assert_eq(circuit_read_file(c, CIRCUIT_TEST_DATA "/circuit_ok.lc"), 0);
    sparse_product_t p;
    sparse_product_from_circuit(p, c);
    cr_assert_eq(p->s, 5);
    cr_assert_eq(p->d, 2);
    cr_assert_eq(p->sp, 8);
    /* W_1: copies x0, x1 and computes g2, g3: 2 + 2 + 2 entries; W_2: copies 4, computes g4 */
    cr_assert_eq(p->W[0].nnz, 6);
    cr_assert_eq(p->W[1].nnz, 6);
    cr_assert_eq(p->P->nnz, 2);
    fmpq_poly_struct *W = cyclo_vec_init(4), *M = cyclo_vec_init(4);
    circuit_matrix(c, W);
    sparse_product_matrix(p, M, c->ctx);
    cr_assert(cyclo_vec_equal(W, M, 4));
    /* negative control: change the entry computing g4 */
    fmpq_poly_add_si(p->W[1].val + 5, p->W[1].val + 5, 1);
    sparse_product_matrix(p, M, c->ctx);
    cr_assert(!cyclo_vec_equal(W, M, 4));
    cyclo_vec_clear(W, 4);
    cyclo_vec_clear(M, 4);
    sparse_product_clear(p);
    circuit_clear(c);
}
