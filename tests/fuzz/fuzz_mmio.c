/* fuzz_mmio.c -- libFuzzer target for the Matrix Market reader (mmio_read_buffer).
 * Property checked beyond "no crash, no leak, no UB": whatever the reader accepts, the writer
 * writes and the reader reads back as the same exact matrix (both layouts). */
#include <stdint.h>
#include <stdlib.h>

#include "io/mmio.h"

static void roundtrip(const fmpq_mat_t M, mmio_layout_t layout)
{
    size_t len;
    char *text = mmio_format(M, layout, &len);
    fmpq_mat_t B;
    char err[MATFILE_ERRLEN];
    if (mmio_read_buffer(B, text, len, "roundtrip", 1L << 16, err, sizeof err) != 0)
        __builtin_trap(); /* the writer produced something the reader rejects */
    if (!fmpq_mat_equal(M, B))
        __builtin_trap(); /* not the same exact matrix */
    fmpq_mat_clear(B);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fmpq_mat_t M;
    char err[MATFILE_ERRLEN];
    if (mmio_read_buffer(M, (const char *)data, size, "fuzz", 1L << 16, err, sizeof err) == 0) {
        roundtrip(M, MMIO_ARRAY);
        roundtrip(M, MMIO_COORDINATE);
        fmpq_mat_clear(M);
    }
    return 0;
}
