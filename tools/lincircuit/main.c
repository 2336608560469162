/* lincircuit -- command-line front end for linear arithmetic circuits in the ".lc" text
 * format (algebra/circuits/circuit.h): inspect, print the exact matrix, transpose (Theorem 3.10),
 * Theorem 4.5 sparse factors and Theorem 5.5 K-matrix (both verified exactly), generate.
 * See --help. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuits/circuit.h"
#include "circuits/circuit_gen.h"
#include "circuits/circuit_transpose.h"
#include "circuits/kmatrix.h"
#include "circuits/sparse_product.h"

#define PROG "lincircuit"

static void usage(void)
{
    printf("usage: " PROG " COMMAND ARGS\n"
           "\n"
           "  info FILE                   inputs n, outputs m, field, size s, depth d\n"
           "  matrix FILE                 the exact m x n matrix W (y = W x), one row per line\n"
           "  transpose FILE OUT          write a circuit for W^T (reverse mode; size <= 2s+2m-n)\n"
           "  sparse FILE                 Theorem 4.5: nnz of the d+1 factors, product checked exactly\n"
           "  kmatrix FILE                Theorem 5.5: K-matrix width w, expansion e, parameters,\n"
           "                              corner checked exactly (n = m a power of two)\n"
           "  gen wh N OUT                Walsh-Hadamard circuit, N = 2^k\n"
           "  gen fft N OUT               radix-2 FFT circuit over Q(zeta_N), N = 2^k >= 2\n"
           "  gen random N S D SEED OUT   random circuit: N inputs/outputs, size S, depth D\n"
           "\n"
           "The file format is documented in tools/lincircuit/README.md (and algebra/circuits/circuit.h).  Exit status:\n"
           "0 success, 1 an exact check failed, 2 bad usage or bad input.\n");
}

static int fail(const char *msg, const char *arg)
{
    fprintf(stderr, PROG ": %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    return 2;
}

static int parse_long(const char *s, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return (errno || *end || end == s) ? -1 : 0;
}

static int cmd_info(const circuit_t c)
{
    char field[64] = "Q";
    if (c->ctx->order > 1)
        snprintf(field, sizeof field, "Q(zeta_%lu)", (unsigned long) c->ctx->order);
    printf("inputs n = %ld\noutputs m = %ld\nfield = %s\nsize s = %ld (inputs included)\n"
           "depth d = %ld\n", (long) c->n, (long) c->m, field, (long) c->size,
           (long) circuit_depth(c));
    return 0;
}

static int cmd_matrix(const circuit_t c)
{
    fmpq_poly_struct *W = cyclo_vec_init(c->m * c->n);
    circuit_matrix(c, W);
    for (slong i = 0; i < c->m; i++) {
        for (slong j = 0; j < c->n; j++) {
            char *s = cyclo_get_str(W + i * c->n + j);
            printf("%s%s", j ? " " : "", s);
            flint_free(s);
        }
        printf("\n");
    }
    cyclo_vec_clear(W, c->m * c->n);
    return 0;
}

static int cmd_transpose(const circuit_t c, const char *out)
{
    circuit_t t;
    if (circuit_transpose(t, c) != 0)
        return 2;
    int rc = circuit_write_file(out, t) == 0 ? 0 : 2;
    if (rc == 0)
        printf("size(C) = %ld, size(C^T) = %ld <= 2s + 2m - n = %ld; depth(C^T) = %ld -> %s\n",
               (long) c->size, (long) t->size, (long) circuit_transpose_size_bound(c),
               (long) circuit_depth(t), out);
    circuit_clear(t);
    return rc;
}

static int cmd_sparse(const circuit_t c)
{
    sparse_product_t p;
    sparse_product_from_circuit(p, c);
    fmpq_poly_struct *W = cyclo_vec_init(c->m * c->n), *M = cyclo_vec_init(c->m * c->n);
    circuit_matrix(c, W);
    sparse_product_matrix(p, M, c->ctx);
    int ok = cyclo_vec_equal(W, M, c->m * c->n);
    printf("s = %ld, d = %ld, s' = %ld\n", (long) p->s, (long) p->d, (long) p->sp);
    for (slong k = 0; k < p->d; k++)
        printf("nnz(W_%ld) = %ld\n", (long) k + 1, (long) p->W[k].nnz);
    printf("nnz(P) = %ld\nP W_d ... W_1 E = W exactly: %s\n", (long) p->P->nnz, ok ? "yes" : "NO");
    cyclo_vec_clear(W, c->m * c->n);
    cyclo_vec_clear(M, c->m * c->n);
    sparse_product_clear(p);
    return ok ? 0 : 1;
}

static int cmd_kmatrix(const circuit_t c)
{
    kmatrix_t K;
    if (kmatrix_from_circuit(K, c) != 0)
        return 2;
    slong n = c->n;
    fmpq_poly_struct *W = cyclo_vec_init(n * n), *M = cyclo_vec_init(n * n);
    circuit_matrix(c, W);
    kmatrix_corner(K, M, c->ctx);
    int ok = kmatrix_is_well_formed(K) && cyclo_vec_equal(W, M, n * n);
    printf("n = %ld, s = %ld, d = %ld\nK-matrix: w = %ld, e = %ld (N = %ld), parameters "
           "4 w N log2 N = %ld\ncorner = W exactly: %s\n", (long) n, (long) c->size,
           (long) circuit_depth(c), (long) K->w, (long) kmatrix_expansion(K), (long) K->N,
           (long) kmatrix_params(K), ok ? "yes" : "NO");
    cyclo_vec_clear(W, n * n);
    cyclo_vec_clear(M, n * n);
    kmatrix_clear(K);
    return ok ? 0 : 1;
}

static int cmd_gen(int argc, char **argv)
{
    long v[4];
    circuit_t c;
    int rc;
    if (argc == 3 && (!strcmp(argv[0], "wh") || !strcmp(argv[0], "fft"))) {
        if (parse_long(argv[1], v) != 0)
            return fail("not an integer:", argv[1]);
        rc = !strcmp(argv[0], "wh") ? circuit_gen_walsh_hadamard(c, v[0]) : circuit_gen_fft(c, v[0]);
    } else if (argc == 6 && !strcmp(argv[0], "random")) {
        for (int i = 0; i < 4; i++)
            if (parse_long(argv[1 + i], v + i) != 0)
                return fail("not an integer:", argv[1 + i]);
        flint_rand_t st;
        flint_randinit(st);
        flint_randseed(st, (ulong) v[3], (ulong) v[3] + 1);
        rc = circuit_gen_random(c, v[0], v[1], v[2], st);
        flint_randclear(st);
    } else {
        return fail("usage: gen wh|fft N OUT, or gen random N S D SEED OUT", NULL);
    }
    if (rc != 0)
        return 2;
    rc = circuit_write_file(argv[argc - 1], c) == 0 ? 0 : 2;
    circuit_clear(c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage();
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "gen"))
        return cmd_gen(argc - 2, argv + 2);
    int need = !strcmp(cmd, "transpose") ? 4 : 3;
    if (strcmp(cmd, "info") && strcmp(cmd, "matrix") && strcmp(cmd, "transpose") &&
        strcmp(cmd, "sparse") && strcmp(cmd, "kmatrix"))
        return fail("unknown command (see --help):", cmd);
    if (argc != need)
        return fail("wrong number of arguments for", cmd);
    circuit_t c;
    circuit_init(c, 0, 1);
    if (circuit_read_file(c, argv[2]) != 0) {
        circuit_clear(c);
        return 2;
    }
    int rc = !strcmp(cmd, "info")     ? cmd_info(c)
             : !strcmp(cmd, "matrix") ? cmd_matrix(c)
             : !strcmp(cmd, "sparse") ? cmd_sparse(c)
             : !strcmp(cmd, "kmatrix") ? cmd_kmatrix(c)
                                       : cmd_transpose(c, argv[3]);
    circuit_clear(c);
    flint_cleanup_master();
    return rc;
}
