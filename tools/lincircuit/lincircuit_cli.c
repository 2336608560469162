/* lincircuit_cli.c -- command handlers of the `lincircuit` tool (see lincircuit_cli.h and
 * tools/lincircuit/README.md): inspect, print the exact matrix, transpose (Theorem 3.10),
 * Theorem 4.5 sparse factors and Theorem 5.5 K-matrix (both verified exactly), generate.
 * Every declared size is checked against the limits of circuit.h before anything is
 * allocated; commands that form the dense m x n matrix refuse above CIRCUIT_MAX_DENSE_SLOTS. */
#include "lincircuit_cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circuits/circuit_gen.h"
#include "circuits/circuit_modp.h"
#include "circuits/circuit_transpose.h"
#include "circuits/kmatrix.h"
#include "circuits/kmatrix_modp.h"
#include "circuits/sparse_product.h"
#include "circuits/sparse_product_modp.h"
#include "report/report.h"

#define PROG "lincircuit"
/* gen fft N: the field Q(zeta_N) is bounded by CIRCUIT_MAX_CYCLOTOMIC_ORDER */
#define LINCIRCUIT_MAX_FFT CIRCUIT_MAX_CYCLOTOMIC_ORDER
/* sparse and kmatrix check exactly with the dense matrix up to m n max(1, phi(N)) of this
 * (the default; --check dense goes up to CIRCUIT_MAX_DENSE_SLOTS), by random evaluation
 * modulo primes above */
#define LINCIRCUIT_DENSE_CHECK_SLOTS (1L << 20)
/* the random checks: entries of the sparse factors, and 2 w N log2 N pairs of the K-matrix */
#define LINCIRCUIT_MAX_SPARSE_ENTRIES (1L << 24)
#define LINCIRCUIT_MAX_KMATRIX_PAIRS (1L << 31)

static const char *usage_text =
    "usage: " PROG " COMMAND ARGS\n"
    "\n"
    "  info FILE                   inputs n, outputs m, field, size s, depth d\n"
    "  matrix FILE                 the exact m x n matrix W (y = W x), one row per line\n"
    "  transpose FILE OUT          write a circuit for W^T (reverse mode; size <= 2s+2m-n)\n"
    "  sparse FILE [OPTIONS]       Theorem 4.5: nnz of the d+1 factors, product checked exactly\n"
    "  kmatrix FILE [OPTIONS]      Theorem 5.5: K-matrix width w, expansion e, parameters,\n"
    "                              corner checked exactly (n = m a power of two)\n"
    "      --check dense           compare with the dense m x n matrix over Q(zeta_N) (the\n"
    "                              default when m n max(1, phi(N)) <= 2^20)\n"
    "      --check random          compare W x with the factors applied to x, for random x mod\n"
    "                              2 random primes p = 1 mod N (z -> a random N-th root of unity\n"
    "                              mod p); prints the bound on the probability that a false\n"
    "                              identity passes (Schwartz-Zippel; the default above 2^20)\n"
    "      --seed S                seed of the random check (default 1)\n"
    "  gen wh N OUT                Walsh-Hadamard circuit, N = 2^k\n"
    "  gen fft N OUT               radix-2 FFT circuit over Q(zeta_N), N = 2^k, 2 <= N <= 65536\n"
    "  gen random N S D SEED OUT   random circuit: N inputs/outputs, size S, depth D\n"
    "\n"
    "The file format is documented in algebra/circuits/circuit.h and tools/lincircuit/README.md;\n"
    "roots of unity may be written compactly (\"z^5\", \"-1/2*z^3+z\").  Limits, checked before\n"
    "allocating: 2^22 inputs and outputs, 2^23 gates, 2^27 stored rational coefficients, a\n"
    "file of 2^28 bytes; matrix (and sparse, kmatrix with --check dense) form the dense m x n\n"
    "matrix and need m n max(1, phi(N)) <= 2^26; the random checks need at most 2^24 sparse\n"
    "factor entries and 2^31 K-matrix 2 x 2 blocks.\n"
    "Exit status: 0 done and every exact check held, 1 an exact check is false, 2 bad usage\n"
    "or bad input (one line naming the file, the line and the reason).  OUT is a regular\n"
    "file (a directory, device, FIFO, socket or read-only file is refused), written\n"
    "atomically.\n";

static int fail(FILE *err, const char *msg, const char *arg)
{
    fprintf(err, PROG ": %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    return 2;
}

static int parse_long(const char *s, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return (errno || *end || end == s) ? -1 : 0;
}

/* May the dense m x n matrix of C be formed?  0, or 2 after a message. */
static int dense_ok(const circuit_t c, const char *what, FILE *err)
{
    slong deg = FLINT_MAX(c->ctx->degree, 1);
    if (c->n > 0 && c->m > CIRCUIT_MAX_DENSE_SLOTS / c->n / deg) {
        fprintf(err,
                PROG ": %s: the dense %ld x %ld matrix over a field of degree %ld is above the "
                     "limit m n max(1, phi(N)) <= %ld\n",
                what, (long) c->m, (long) c->n, (long) deg, (long) CIRCUIT_MAX_DENSE_SLOTS);
        return 2;
    }
    return 0;
}

int lincircuit_cli_info(const circuit_t c, FILE *out, FILE *err)
{
    (void) err;
    char field[64] = "Q";
    if (c->ctx->order > 1)
        snprintf(field, sizeof field, "Q(zeta_%lu)", (unsigned long) c->ctx->order);
    fprintf(out,
            "inputs n = %ld\noutputs m = %ld\nfield = %s\nsize s = %ld (inputs included)\n"
            "depth d = %ld\n",
            (long) c->n, (long) c->m, field, (long) c->size, (long) circuit_depth(c));
    return 0;
}

int lincircuit_cli_matrix(const circuit_t c, FILE *out, FILE *err)
{
    if (dense_ok(c, "matrix", err))
        return 2;
    fmpq_poly_struct *W = cyclo_vec_init(c->m * c->n);
    circuit_matrix(c, W);
    for (slong i = 0; i < c->m; i++) {
        for (slong j = 0; j < c->n; j++) {
            char *s = cyclo_get_str(W + i * c->n + j);
            fprintf(out, "%s%s", j ? " " : "", s);
            flint_free(s);
        }
        fprintf(out, "\n");
    }
    cyclo_vec_clear(W, c->m * c->n);
    return 0;
}

int lincircuit_cli_transpose(const circuit_t c, const char *outpath, FILE *out, FILE *err)
{
    circuit_t t;
    if (circuit_transpose(t, c) != 0)
        return fail(err, "transpose: the circuit could not be transposed", NULL);
    int rc = 0;
    if (outpath)
        rc = circuit_write_file(outpath, t) == 0 ? 0 : 2;
    else
        circuit_write(out, t);
    if (rc == 0 && outpath)
        fprintf(out, "size(C) = %ld, size(C^T) = %ld <= 2s + 2m - n = %ld; depth(C^T) = %ld -> %s\n",
                (long) c->size, (long) t->size, (long) circuit_transpose_size_bound(c),
                (long) circuit_depth(t), outpath);
    else if (rc)
        fprintf(err, PROG ": transpose: %s not written\n", outpath);
    circuit_clear(t);
    return rc;
}

/* The dense check is the default up to LINCIRCUIT_DENSE_CHECK_SLOTS. */
static int use_dense(const circuit_t c, int check)
{
    slong deg = FLINT_MAX(c->ctx->degree, 1);
    if (check != LINCIRCUIT_CHECK_AUTO)
        return check == LINCIRCUIT_CHECK_DENSE;
    return c->n == 0 || c->m <= LINCIRCUIT_DENSE_CHECK_SLOTS / c->n / deg;
}

/* Entries of the d + 1 factors of Theorem 4.5 (before merging): sum_k z_k + 2 (s - n) + m. */
static double sparse_entries(const circuit_t c)
{
    slong *depth = malloc((size_t) FLINT_MAX(c->size, 1) * sizeof(slong));
    slong d = circuit_gate_depths(c, depth);
    slong *w = calloc((size_t) d + 2, sizeof(slong));
    for (slong g = c->n; g < c->size; g++)
        w[depth[g]]++;
    double total = 2.0 * (double) (c->size - c->n) + (double) c->m, z = (double) c->n;
    for (slong k = 1; k <= d; k++) {
        total += z;
        z += (double) w[k];
    }
    free(w);
    free(depth);
    return total;
}

static int random_ok(const circuit_t c, const char *what, FILE *err)
{
    double e = sparse_entries(c);
    if (e > (double) LINCIRCUIT_MAX_SPARSE_ENTRIES) {
        fprintf(err, PROG ": %s: the sparse factors have %.0f entries, above the limit of %ld\n",
                what, e, (long) LINCIRCUIT_MAX_SPARSE_ENTRIES);
        return 2;
    }
    return 0;
}

/* One round of the random check: modulus, coefficient images, factors, random x, W x. */
typedef struct {
    cyclo_modp_t P;
    ulong *ap, *bp, *x, *y;
    sparse_product_modp_t sp;
} round_t;

static void round_init(round_t *r, const circuit_t c, ulong seed, int i)
{
    flint_rand_t st;
    flint_randinit(st);
    flint_randseed(st, seed * 2 + 1, (ulong) i + 7);
    circuit_modp_draw(r->P, &r->ap, &r->bp, c, st);
    sparse_product_modp_from_circuit(r->sp, c, r->ap, r->bp, r->P);
    r->x = malloc((size_t) FLINT_MAX(c->n, 1) * sizeof(ulong));
    r->y = malloc((size_t) FLINT_MAX(c->m, 1) * sizeof(ulong));
    for (slong j = 0; j < c->n; j++)
        r->x[j] = n_randint(st, r->P->p);
    circuit_modp_eval(c, r->ap, r->bp, r->P, r->y, r->x);
    flint_randclear(st);
}

static void round_clear(round_t *r)
{
    sparse_product_modp_clear(r->sp);
    cyclo_modp_clear(r->P);
    free(r->ap);
    free(r->bp);
    free(r->x);
    free(r->y);
}

/* The verdict line of the random check, with its error bound for this circuit. */
static void random_verdict(FILE *out, const char *what, const circuit_t c, double factors,
                           int ok)
{
    double e = circuit_modp_error_log2(c, factors, CYCLO_MODP_ROUNDS);
    fprintf(out, "%s (random evaluation mod %d primes p = 1 mod N > 2^61; a false identity "
                 "passes with probability < 2^%.0f): %s\n",
            what, CYCLO_MODP_ROUNDS, ceil(e), ok ? "yes" : "NO");
}

int lincircuit_cli_sparse(const circuit_t c, int check, ulong seed, FILE *out, FILE *err)
{
    int ok = 1, dense = use_dense(c, check);
    if (dense ? dense_ok(c, "sparse (exact check)", err) : random_ok(c, "sparse", err))
        return 2;
    slong d, sp, nnzP, *nnz;
    if (dense) {
        sparse_product_t p;
        sparse_product_from_circuit(p, c);
        fmpq_poly_struct *W = cyclo_vec_init(c->m * c->n), *M = cyclo_vec_init(c->m * c->n);
        circuit_matrix(c, W);
        sparse_product_matrix(p, M, c->ctx);
        ok = cyclo_vec_equal(W, M, c->m * c->n);
        d = p->d;
        sp = p->sp;
        nnzP = p->P->nnz;
        nnz = malloc((size_t) FLINT_MAX(d, 1) * sizeof(slong));
        for (slong k = 0; k < d; k++)
            nnz[k] = p->W[k].nnz;
        cyclo_vec_clear(W, c->m * c->n);
        cyclo_vec_clear(M, c->m * c->n);
        sparse_product_clear(p);
    } else {
        round_t r[CYCLO_MODP_ROUNDS];
        for (int i = 0; i < CYCLO_MODP_ROUNDS; i++) {
            round_init(r + i, c, seed, i);
            ulong *z = malloc((size_t) FLINT_MAX(c->m, 1) * sizeof(ulong));
            sparse_product_modp_apply(r[i].sp, z, r[i].x, r[i].P);
            ok &= _nmod_vec_equal(z, r[i].y, c->m);
            free(z);
        }
        d = r[0].sp->d;
        sp = r[0].sp->sp;
        nnzP = r[0].sp->P.nnz;
        nnz = malloc((size_t) FLINT_MAX(d, 1) * sizeof(slong));
        for (slong k = 0; k < d; k++)
            nnz[k] = r[0].sp->W[k].nnz;
        for (int i = 0; i < CYCLO_MODP_ROUNDS; i++)
            round_clear(r + i);
    }
    fprintf(out, "s = %ld, d = %ld, s' = %ld\n", (long) c->size, (long) d, (long) sp);
    for (slong k = 0; k < d; k++)
        fprintf(out, "nnz(W_%ld) = %ld\n", (long) k + 1, (long) nnz[k]);
    fprintf(out, "nnz(P) = %ld\n", (long) nnzP);
    if (dense)
        fprintf(out, "P W_d ... W_1 E = W exactly: %s\n", ok ? "yes" : "NO");
    else
        random_verdict(out, "P W_d ... W_1 E = W", c, (double) d + 1.0, ok);
    free(nnz);
    return ok ? 0 : 1;
}

int lincircuit_cli_kmatrix(const circuit_t c, int check, ulong seed, FILE *out, FILE *err)
{
    if (c->m != c->n || (c->n & (c->n - 1))) {
        fprintf(err,
                PROG ": kmatrix: Theorem 5.5 needs a square circuit with n = 2^t inputs and "
                     "outputs (n = %ld, m = %ld)\n",
                (long) c->n, (long) c->m);
        return 2;
    }
    int dense = use_dense(c, check), ok = 1;
    if (dense ? dense_ok(c, "kmatrix (exact check)", err) : random_ok(c, "kmatrix", err))
        return 2;
    slong n = c->n, w, N, params;
    int L = 0;
    if (dense) {
        kmatrix_t K;
        if (kmatrix_from_circuit(K, c) != 0)
            return fail(err, "kmatrix: no K-matrix for this circuit", NULL);
        fmpq_poly_struct *W = cyclo_vec_init(n * n), *M = cyclo_vec_init(n * n);
        circuit_matrix(c, W);
        kmatrix_corner(K, M, c->ctx);
        ok = kmatrix_is_well_formed(K) && cyclo_vec_equal(W, M, n * n);
        w = K->w;
        N = K->N;
        params = kmatrix_params(K);
        cyclo_vec_clear(W, n * n);
        cyclo_vec_clear(M, n * n);
        kmatrix_clear(K);
    } else {
        round_t r[CYCLO_MODP_ROUNDS];
        kmatrix_modp_round_t kr[CYCLO_MODP_ROUNDS];
        kmatrix_modp_info_t info = {0, 0, 0, 0, 0};
        ulong *z[CYCLO_MODP_ROUNDS];
        for (int i = 0; i < CYCLO_MODP_ROUNDS; i++) {
            round_init(r + i, c, seed, i);
            z[i] = malloc((size_t) n * sizeof(ulong));
            kr[i] = (kmatrix_modp_round_t){r[i].sp, r[i].P, r[i].x, z[i]};
        }
        /* the size is known before the K-matrix is built: bound the work */
        slong Ns = kmatrix_modp_size(c, r[0].sp);
        while ((1L << L) < Ns)
            L++;
        double pairs = 2.0 * 2.0 * (double) FLINT_MAX(r[0].sp->d, 1) * L * (double) (Ns / 2);
        if (pairs > (double) LINCIRCUIT_MAX_KMATRIX_PAIRS) {
            fprintf(err, PROG ": kmatrix: the K-matrix has %.0f 2 x 2 blocks (N = %ld), above "
                         "the limit of %ld\n", pairs, (long) Ns, (long) LINCIRCUIT_MAX_KMATRIX_PAIRS);
            ok = -1;
        } else if (kmatrix_modp_corner_apply(&info, c, kr, CYCLO_MODP_ROUNDS) != 0) {
            ok = 0;
        } else {
            ok = info.well_formed;
            for (int i = 0; i < CYCLO_MODP_ROUNDS; i++)
                ok &= _nmod_vec_equal(z[i], r[i].y, n);
        }
        for (int i = 0; i < CYCLO_MODP_ROUNDS; i++) {
            round_clear(r + i);
            free(z[i]);
        }
        if (ok < 0)
            return 2;
        w = info.w;
        N = info.N;
        params = 4 * w * N * L;
    }
    fprintf(out,
            "n = %ld, s = %ld, d = %ld\nK-matrix: w = %ld, e = %ld (N = %ld), parameters "
            "4 w N log2 N = %ld\n",
            (long) n, (long) c->size, (long) circuit_depth(c), (long) w, (long) (N / n), (long) N,
            (long) params);
    if (dense)
        fprintf(out, "corner = W exactly: %s\n", ok ? "yes" : "NO");
    else
        random_verdict(out, "corner = W", c, 2.0 * (double) w * (double) FLINT_MAX(L, 1), ok);
    return ok ? 0 : 1;
}

static int cmd_gen(int argc, char **argv, FILE *out, FILE *err)
{
    long v[4];
    circuit_t c;
    int rc;
    char real[4096], why[4400];
    unsigned mode;
    if (argc >= 1 && report_output_target(argv[argc - 1], real, sizeof real, &mode, why,
                                          sizeof why) != 0)
        return fail(err, why, NULL);
    if (argc == 3 && (!strcmp(argv[0], "wh") || !strcmp(argv[0], "fft"))) {
        if (parse_long(argv[1], v) != 0)
            return fail(err, "not an integer:", argv[1]);
        if (v[0] < 1 || v[0] > (!strcmp(argv[0], "fft") ? LINCIRCUIT_MAX_FFT : CIRCUIT_MAX_INPUTS)) {
            fprintf(err, PROG ": gen %s: N = %s is out of range (1..%ld)\n", argv[0], argv[1],
                    !strcmp(argv[0], "fft") ? (long) LINCIRCUIT_MAX_FFT : (long) CIRCUIT_MAX_INPUTS);
            return 2;
        }
        rc = !strcmp(argv[0], "wh") ? circuit_gen_walsh_hadamard(c, v[0]) : circuit_gen_fft(c, v[0]);
    } else if (argc == 6 && !strcmp(argv[0], "random")) {
        for (int i = 0; i < 4; i++)
            if (parse_long(argv[1 + i], v + i) != 0)
                return fail(err, "not an integer:", argv[1 + i]);
        if (v[0] < 1 || v[0] > CIRCUIT_MAX_INPUTS || v[1] < v[0] ||
            v[1] - v[0] > CIRCUIT_MAX_GATES) {
            fprintf(err, PROG ": gen random: need 1 <= N <= %ld and N <= S <= N + %ld\n",
                    (long) CIRCUIT_MAX_INPUTS, (long) CIRCUIT_MAX_GATES);
            return 2;
        }
        flint_rand_t st;
        flint_randinit(st);
        flint_randseed(st, (ulong) v[3], (ulong) v[3] + 1);
        rc = circuit_gen_random(c, v[0], v[1], v[2], st);
        flint_randclear(st);
    } else {
        return fail(err, "usage: gen wh|fft N OUT, or gen random N S D SEED OUT", NULL);
    }
    if (rc != 0)
        return fail(err, "gen: the parameters were refused (see the line above)", NULL);
    rc = circuit_write_file(argv[argc - 1], c) == 0 ? 0 : 2;
    if (rc == 0)
        fprintf(out, "written: %s (n = %ld, s = %ld)\n", argv[argc - 1], (long) c->n,
                (long) c->size);
    circuit_clear(c);
    return rc;
}

int lincircuit_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, argc < 2 ? err : out);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "gen"))
        return cmd_gen(argc - 2, argv + 2, out, err);
    int need = !strcmp(cmd, "transpose") ? 4 : 3;
    if (strcmp(cmd, "info") && strcmp(cmd, "matrix") && strcmp(cmd, "transpose") &&
        strcmp(cmd, "sparse") && strcmp(cmd, "kmatrix"))
        return fail(err, "unknown command (see --help):", cmd);
    int check = LINCIRCUIT_CHECK_AUTO, checked = !strcmp(cmd, "sparse") || !strcmp(cmd, "kmatrix");
    ulong seed = 1;
    int nargs = argc;
    if (checked) { /* options after FILE: --check dense|random, --seed S */
        nargs = 3;
        for (int i = 3; i < argc; i++) {
            long v;
            if (!strcmp(argv[i], "--check") && i + 1 < argc &&
                (!strcmp(argv[i + 1], "dense") || !strcmp(argv[i + 1], "random"))) {
                check = !strcmp(argv[i + 1], "dense") ? LINCIRCUIT_CHECK_DENSE
                                                      : LINCIRCUIT_CHECK_RANDOM;
                i++;
            } else if (!strcmp(argv[i], "--seed") && i + 1 < argc &&
                       parse_long(argv[i + 1], &v) == 0 && v >= 0) {
                seed = (ulong) v;
                i++;
            } else {
                return fail(err, "bad option (--check dense|random, --seed S >= 0):", argv[i]);
            }
        }
        if (argc < 3)
            nargs = argc;
    }
    if (nargs != need)
        return fail(err, "wrong number of arguments for", cmd);
    if (need == 4) {
        char real[4096], why[4400];
        unsigned mode;
        if (report_output_target(argv[3], real, sizeof real, &mode, why, sizeof why) != 0)
            return fail(err, why, NULL);
    }
    circuit_t c;
    circuit_init(c, 0, 1);
    char why[512];
    if (circuit_read_file_err(c, argv[2], why, sizeof why) != 0) {
        circuit_clear(c);
        return fail(err, why, NULL);
    }
    int rc = !strcmp(cmd, "info")      ? lincircuit_cli_info(c, out, err)
             : !strcmp(cmd, "matrix")  ? lincircuit_cli_matrix(c, out, err)
             : !strcmp(cmd, "sparse")  ? lincircuit_cli_sparse(c, check, seed, out, err)
             : !strcmp(cmd, "kmatrix") ? lincircuit_cli_kmatrix(c, check, seed, out, err)
                                       : lincircuit_cli_transpose(c, argv[3], out, err);
    circuit_clear(c);
    return rc;
}
