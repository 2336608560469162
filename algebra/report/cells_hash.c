/* cells_hash.c -- the 128-bit hash of cell keys, cell files and code versions (cells.h). */
#include <stdio.h>

#include "report/cells.h"

/* splitmix64 finaliser: every input bit reaches every output bit */
static uint64_t avalanche(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

cells_hash_t cells_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    for (size_t i = 0; i < len; i++) {
        a = (a ^ p[i]) * 0x100000001b3ULL;
        b = (b ^ p[i]) * 0x00000100000001d3ULL ^ (b >> 29);
    }
    cells_hash_t h = {avalanche(a ^ (uint64_t)len), avalanche(b + 0x9e3779b97f4a7c15ULL * len)};
    return h;
}

void cells_hash_hex(cells_hash_t h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
}
