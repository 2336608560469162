/* fuzz_circuit.c -- libFuzzer target for the linear-circuit text parser (circuit_parse,
 * algebra/circuits/circuit.h, issue 5): no crash, leak or undefined behaviour on any input; an
 * accepted circuit is written and parsed back with the same size and outputs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuits/circuit.h"

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
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        circuit_write(f, c);
        fclose(f);
        circuit_t d;
        circuit_init(d, 0, 1);
        if (circuit_parse(d, out, "roundtrip", err, sizeof err) != 0 || d->size != c->size ||
            d->m != c->m)
            __builtin_trap();
        circuit_clear(d);
        free(out);
    }
    circuit_clear(c);
    free(text);
    return 0;
}
