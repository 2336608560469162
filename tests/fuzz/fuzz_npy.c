/* fuzz_npy.c -- libFuzzer target for the .npy reader (npy_read_buffer).
 * Beyond "no crash, no leak, no UB": an accepted array whose entries are all float64 (always
 * so for float input) is written as '<f8' and read back as the same exact matrix. */
#include <stdint.h>
#include <stdlib.h>

#include "io/npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fmpq_mat_t M;
    char err[MATFILE_ERRLEN];
    if (npy_read_buffer(M, data, size, "fuzz", 1L << 16, err, sizeof err) != 0)
        return 0;
    unsigned char *buf;
    size_t len;
    if (npy_format(&buf, &len, M, NPY_FLOAT64, err, sizeof err) == 0) {
        fmpq_mat_t B;
        if (npy_read_buffer(B, buf, len, "roundtrip", 1L << 16, err, sizeof err) != 0)
            __builtin_trap();
        if (!fmpq_mat_equal(M, B))
            __builtin_trap();
        fmpq_mat_clear(B);
        free(buf);
    }
    fmpq_mat_clear(M);
    return 0;
}
