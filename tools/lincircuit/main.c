/* lincircuit -- command-line front end for linear arithmetic circuits in the ".lc" text
 * format (algebra/circuits/circuit.h); the commands are in lincircuit_cli.c.  See --help and
 * tools/lincircuit/README.md. */
#include "lincircuit_cli.h"

int main(int argc, char **argv)
{
    int rc = lincircuit_cli_main(argc, argv, stdout, stderr);
    flint_cleanup_master();
    return rc;
}
