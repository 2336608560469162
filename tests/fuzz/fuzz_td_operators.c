/* fuzz_td_operators.c -- libFuzzer target for the LDR-TD operators file reader
 * (td_operators_load, experiments/trainer/td_operators.h).  Properties checked beyond "no
 * crash, no leak, no UB": whatever the reader accepts has 2 <= n <= 65536, 1 <= rank <= n,
 * every number finite and the last s and u entries 0; td_operators_save writes it and the
 * reader reads that file back with every double bitwise equal (the padding entries of s and u
 * included: a "-0" there is stored as +0).  The reader checks declared sizes against the
 * file's length before allocating, so an input of at most 1 MiB allocates at most a few MiB
 * whatever it declares. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trainer/td_operators.h"

static char dir[64];
static char in_path[128], out_path[128];
static int devnull = -1;

static void cleanup(void)
{
    unlink(in_path);
    unlink(out_path);
    rmdir(dir);
    if (devnull >= 0)
        close(devnull);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/fuzz_td_operators_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("fuzz_td_operators: mkdtemp");
        exit(1);
    }
    snprintf(in_path, sizeof in_path, "%s/in.txt", dir);
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
    atexit(cleanup);
    devnull = open("/dev/null", O_WRONLY);
    return 0;
}

/* td_operators_load with its one-line report of a rejected input sent to /dev/null (the
 * fuzzer's log would grow by a line per execution).  A crash inside the reader therefore
 * prints no report into the log: rerun the saved crash input to see it. */
static int load_quiet(const char *p, td_operators_t *ops)
{
    int saved = devnull >= 0 ? dup(2) : -1;
    if (saved >= 0) {
        fflush(stderr);
        dup2(devnull, 2);
    }
    int rc = td_operators_load(p, ops);
    if (saved >= 0) {
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
    }
    return rc;
}

static int finite_all(const double *v, long len)
{
    for (long i = 0; i < len; i++)
        if (!__builtin_isfinite(v[i]))
            return 0;
    return 1;
}

static int same_bits(const double *a, const double *b, long len)
{
    return len == 0 || memcmp(a, b, sizeof(double) * (size_t)len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    FILE *f = fopen(in_path, "wb");
    if (!f)
        return 0;
    size_t w = fwrite(data, 1, size, f);
    int closed = fclose(f);
    if (closed != 0 || w != size) {
        unlink(in_path);
        return 0;
    }

    td_operators_t a;
    int rc = load_quiet(in_path, &a);
    unlink(in_path); /* a new file every time: ext4 flushes a truncated one on close */
    if (rc != 0) {
        /* nothing allocated on failure */
        for (int k = 0; k < 2; k++)
            if (a.d[k] || a.s[k] || a.u[k])
                __builtin_trap();
        if (a.g || a.h)
            __builtin_trap();
        return 0;
    }
    const long n = a.n, r = a.rank;
    if (n < 2 || n > (1L << 16) || r < 1 || r > n)
        __builtin_trap(); /* sizes outside the documented range */
    for (int k = 0; k < 2; k++) {
        if (!finite_all(a.d[k], n) || !finite_all(a.s[k], n) || !finite_all(a.u[k], n))
            __builtin_trap();
        if (!__builtin_isfinite(a.cu[k]) || !__builtin_isfinite(a.cl[k]))
            __builtin_trap();
        if (a.s[k][n - 1] != 0.0 || a.u[k][n - 1] != 0.0)
            __builtin_trap(); /* the last s and u entries are 0 */
    }
    if (!finite_all(a.g, r * n) || !finite_all(a.h, r * n))
        __builtin_trap();

    if (td_operators_save(out_path, &a, "fuzz round trip\n# second header line") != 0)
        __builtin_trap(); /* the writer refused what the reader accepted */
    td_operators_t b;
    if (load_quiet(out_path, &b) != 0)
        __builtin_trap(); /* the writer's file does not read back */
    if (b.n != n || b.rank != r)
        __builtin_trap();
    for (int k = 0; k < 2; k++) {
        if (!same_bits(a.d[k], b.d[k], n) || !same_bits(a.s[k], b.s[k], n) ||
            !same_bits(a.u[k], b.u[k], n))
            __builtin_trap();
        if (!same_bits(&a.cu[k], &b.cu[k], 1) || !same_bits(&a.cl[k], &b.cl[k], 1))
            __builtin_trap();
    }
    if (!same_bits(a.g, b.g, r * n) || !same_bits(a.h, b.h, r * n))
        __builtin_trap();
    td_operators_free(&a);
    td_operators_free(&b);
    unlink(out_path);
    return 0;
}
