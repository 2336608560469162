/* ldr_cli_dispatch.c -- the `ldr` tool: usage text and dispatch to the subcommands. */
#include "ldr_cli.h"

#include <string.h>

#include "ldr/opspec.h"

static const char *main_usage =
    "usage: ldr COMMAND [options]   (ldr COMMAND --help for details)\n"
    "Exact displacement-rank answers about your own matrices (Matrix Market or .npy).\n"
    "Decimals in Matrix Market files are read as exact rationals (0.1 = 1/10); a float64\n"
    "in a .npy file is the exact dyadic rational of its bits.\n"
    "commands:\n"
    "  rank            exact displacement rank of M w.r.t. (A, B), Sylvester and Stein forms;\n"
    "                  optionally the generators G, H with A M - M B = G H^T\n"
    "  reconstruct     M from A, B, G, H (spectra of A and B checked exactly)\n"
    "  classify        Toeplitz-, Hankel-, Vandermonde-, Cauchy-like, low-rank: which and\n"
    "                  with what displacement rank; the smallest\n"
    "  krylov          K(A, v) or K(A, v) x, exact or float64\n"
    "  numerical-rank  LAPACK singular values of the float64 displacement next to the exact\n"
    "                  rank of the exact input\n"
    "exit status (every command): 0 done and every check held; 1 a claim or check is false\n"
    "  (--compare differs, a reconstruction is not unique); 2 bad usage or bad input (one line\n"
    "  naming the file, the position and the reason).  Outputs (-o, --generators) are regular\n"
    "  files only (a directory, device, FIFO, socket or read-only file is refused with exit 2;\n"
    "  a symlink to a regular file is followed and a note says so), written atomically, and\n"
    "  nothing is written when a check fails.\n"
    "operators (-A, -B):\n";

int ldr_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        FILE *f = argc < 2 ? err : out;
        fputs(main_usage, f);
        fputs(opspec_help(), f);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    int sargc = argc - 1;
    char **sargv = argv + 1;
    if (strcmp(cmd, "rank") == 0)
        return ldr_cli_rank(sargc, sargv, out, err);
    if (strcmp(cmd, "reconstruct") == 0)
        return ldr_cli_reconstruct(sargc, sargv, out, err);
    if (strcmp(cmd, "classify") == 0)
        return ldr_cli_classify(sargc, sargv, out, err);
    if (strcmp(cmd, "krylov") == 0)
        return ldr_cli_krylov(sargc, sargv, out, err);
    if (strcmp(cmd, "numerical-rank") == 0)
        return ldr_cli_numerical_rank(sargc, sargv, out, err);
    fprintf(err,
            "ldr: unknown command '%s' (rank, reconstruct, classify, krylov, "
            "numerical-rank; ldr --help)\n",
            cmd);
    return 2;
}

