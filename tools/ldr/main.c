/* ldr -- exact displacement rank, generators, reconstruction and class detection for a
 * user's own matrices (Matrix Market or .npy); the handlers are in tools/ldr/ldr_cli_*.c. */
#include "ldr_cli.h"

int main(int argc, char **argv) { return ldr_cli_main(argc, argv, stdout, stderr); }
