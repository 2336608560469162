/* fuzz_lincircuit_cli.c -- libFuzzer target for the `lincircuit` command paths (issue 14):
 * the input is parsed as a circuit (circuit_parse) and, when accepted, run through the
 * commands info, transpose (written to a sink) and, for small circuits, matrix, sparse and
 * kmatrix with the dense exact check and with the random check modulo primes, in-process.  Properties: no crash, leak, hang or undefined behaviour; exit status
 * 0, 1 or 2; sparse and kmatrix never report a false exact check (status 1) on a circuit
 * the parser accepted. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/lincircuit/lincircuit_cli.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sink = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    circuit_t c;
    circuit_init(c, 0, 1);
    char err[512];
    if (circuit_parse(c, text, "fuzz", err, sizeof err) == 0) {
        int rc = lincircuit_cli_info(c, sink, sink);
        if (rc != 0)
            __builtin_trap();
        if (c->size <= 4096 && lincircuit_cli_transpose(c, NULL, sink, sink) != 0)
            __builtin_trap(); /* a parsed circuit always transposes */
        /* the dense commands only on small circuits (each is O(m n s) exact work in a field
         * of degree phi(N); kmatrix embeds into N' >= n) so that every input runs in ms */
        slong deg = FLINT_MAX(c->ctx->degree, 1);
        if (c->n <= 16 && c->m <= 16 && c->size <= 128 && deg <= 16) {
            rc = lincircuit_cli_matrix(c, sink, sink);
            if (rc != 0)
                __builtin_trap();
            rc = lincircuit_cli_sparse(c, LINCIRCUIT_CHECK_DENSE, 1, sink, sink);
            if (rc != 0)
                __builtin_trap(); /* Theorem 4.5 product must equal W exactly */
            rc = lincircuit_cli_kmatrix(c, LINCIRCUIT_CHECK_DENSE, 1, sink, sink);
            if (rc == 1 || rc < 0 || rc > 2)
                __builtin_trap(); /* Theorem 5.5 corner must equal W exactly */
        }
        /* the random checks modulo primes (O(d s) words, K-matrix O(w N log N)): a true
         * identity is never rejected */
        if (c->size <= 64 && c->n <= 16) {
            rc = lincircuit_cli_sparse(c, LINCIRCUIT_CHECK_RANDOM, 1, sink, sink);
            if (rc == 1 || rc < 0 || rc > 2)
                __builtin_trap();
            rc = lincircuit_cli_kmatrix(c, LINCIRCUIT_CHECK_RANDOM, 1, sink, sink);
            if (rc == 1 || rc < 0 || rc > 2)
                __builtin_trap();
        }
    }
    circuit_clear(c);
    free(text);
    return 0;
}
