/* fuzz_qparse.c -- libFuzzer target for the exact number parser (qparse_fmpq): anything it
 * accepts is printed exactly (qparse_format) and parses back to the same rational. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/qparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    fmpq_t x, y;
    fmpq_init(x);
    fmpq_init(y);
    const char *why;
    if (qparse_fmpq(x, (const char *)data, size, &why) == 0) {
        char *s = qparse_format(x);
        if (qparse_fmpq(y, s, strlen(s), &why) != 0 || !fmpq_equal(x, y))
            __builtin_trap();
        free(s);
    }
    fmpq_clear(x);
    fmpq_clear(y);
    return 0;
}
