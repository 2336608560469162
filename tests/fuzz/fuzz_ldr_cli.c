/* fuzz_ldr_cli.c -- libFuzzer target for the `ldr` command paths (issue 14): the first byte
 * picks a command (classify, rank, numerical-rank, reconstruct with the input as G = H, or
 * classify with --vander decreasing), the rest is the matrix file (Matrix Market or .npy),
 * run in-process through ldr_cli_main exactly as the tool runs it.  Property: no crash,
 * leak, hang or undefined behaviour, and the exit status is 0, 1 or 2.  The readers' entry
 * limit is lowered to 64 (8 x 8) so that every accepted input runs in milliseconds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "io/matfile.h"
#include "tools/ldr/ldr_cli.h"

static char path[64];
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/fuzz_ldr_cli_%ld.in", (long)getpid());
    sink = fopen("/dev/null", "w");
    matfile_set_max_entries(64);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1 << 16))
        return 0;
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    char p[64];
    snprintf(p, sizeof p, "%s", path);
    char *cmd_classify[] = {"ldr", "classify", p, NULL};
    char *cmd_classify_dec[] = {"ldr", "classify", p, "--vander", "decreasing", "--csv", NULL};
    char *cmd_rank[] = {"ldr", "rank", p, "-A", "Z:1", "-B", "Z:-1", NULL};
    char *cmd_stein[] = {"ldr", "rank", p, "-A", "Z:0", "-B", "ZT:0", "--form", "stein", NULL};
    char *cmd_numrank[] = {"ldr", "numerical-rank", p, "-A", "Z:1", "-B", "Z:-1", NULL};
    char *cmd_recon[] = {"ldr", "reconstruct", "-A", "Z:1", "-B", "Z:-1", "-G", p, "-H", p, NULL};
    char **cmds[] = {cmd_classify, cmd_classify_dec, cmd_rank, cmd_stein, cmd_numrank, cmd_recon};
    int which = data[0] % 6, argc = 0;
    while (cmds[which][argc])
        argc++;
    int rc = ldr_cli_main(argc, cmds[which], sink, sink);
    if (rc < 0 || rc > 2)
        __builtin_trap(); /* outside the exit-code contract */
    unlink(path);
    return 0;
}
