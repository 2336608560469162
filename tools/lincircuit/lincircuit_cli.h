/* lincircuit_cli.h -- the `lincircuit` tool as a function (tools/lincircuit/main.c is its
 * main()), archived in build/libtools.a so that the unit tests and the fuzz targets run every
 * command in-process.  Exit status: 0 done and every exact check held; 1 an exact check is
 * false; 2 bad usage or bad input (one line "lincircuit: FILE:LINE: reason" on ERR). */
#ifndef TOOLS_LINCIRCUIT_CLI_H
#define TOOLS_LINCIRCUIT_CLI_H

#include <stdio.h>

#include "circuits/circuit.h"

int lincircuit_cli_main(int argc, char **argv, FILE *out, FILE *err);

/* The commands on a parsed circuit (what the fuzz target calls): info, matrix, transpose to
 * OUTPATH (NULL: the text goes to OUT), sparse, kmatrix. */
int lincircuit_cli_info(const circuit_t c, FILE *out, FILE *err);
int lincircuit_cli_matrix(const circuit_t c, FILE *out, FILE *err);
int lincircuit_cli_transpose(const circuit_t c, const char *outpath, FILE *out, FILE *err);
/* CHECK: how sparse and kmatrix verify their identity: AUTO (dense up to m n max(1, phi(N))
 * <= 2^20, random above), DENSE (exact, with the dense matrix), RANDOM (evaluation at random
 * vectors modulo CYCLO_MODP_ROUNDS random primes, circuits/cyclo_modp.h), seeded by SEED. */
enum { LINCIRCUIT_CHECK_AUTO, LINCIRCUIT_CHECK_DENSE, LINCIRCUIT_CHECK_RANDOM };
int lincircuit_cli_sparse(const circuit_t c, int check, ulong seed, FILE *out, FILE *err);
int lincircuit_cli_kmatrix(const circuit_t c, int check, ulong seed, FILE *out, FILE *err);

#endif
