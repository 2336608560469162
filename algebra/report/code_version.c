/* code_version.c -- the code version in every cell key and table header (cells.h).
 *
 * The link rule writes PROGRAM.srchash next to each program: 32 hex digits hashing the
 * sources compiled into it (tools/srchash.sh).  Without a readable, well-formed sidecar the
 * version is the hash of the executable itself, and the table header says so. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/cells.h"

static char version[40];  /* "src-<32 hex>", "exe-<32 hex>" or "unknown" */
static char header[512];  /* the table header's "code version" value */

/* Hash of the file at PATH (chunks of 1 MiB folded together); 0 or -1. */
static int hash_file(const char *path, char hex[33])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 20, n;
    unsigned char *buf = malloc(cap);
    cells_hash_t acc = {0, 0};
    while (buf && (n = fread(buf, 1, cap, f)) > 0) {
        cells_hash_t h = cells_hash(buf, n);
        uint64_t mix[4] = {acc.a, acc.b, h.a, h.b};
        acc = cells_hash(mix, sizeof mix);
    }
    fclose(f);
    if (!buf)
        return -1;
    free(buf);
    cells_hash_hex(acc, hex);
    return 0;
}

/* Read PATH: exactly 32 lowercase hex digits and a newline.  0, or -1 with WHY. */
static int read_sidecar(const char *path, char hex[33], char *why, size_t wlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, wlen, "%s", strerror(errno));
        return -1;
    }
    char buf[64] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    int ok = n == 33 && buf[32] == '\n';
    for (int i = 0; ok && i < 32; i++)
        ok = isxdigit((unsigned char)buf[i]) && !isupper((unsigned char)buf[i]);
    if (!ok) {
        snprintf(why, wlen, "not 32 hex digits and a newline");
        return -1;
    }
    memcpy(hex, buf, 32);
    hex[32] = '\0';
    return 0;
}

static void compute(void)
{
    char exe[PATH_MAX], side[PATH_MAX + 16], hex[33], why[128] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        strcpy(version, "unknown");
        snprintf(header, sizeof header, "unknown (/proc/self/exe unreadable)");
        return;
    }
    exe[n] = '\0';
    const char *base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
    snprintf(side, sizeof side, "%s.srchash", exe);
    if (read_sidecar(side, hex, why, sizeof why) == 0) {
        snprintf(version, sizeof version, "src-%s", hex);
        snprintf(header, sizeof header, "sources %s (the linked sources, headers, flags, compiler: tools/srchash.sh)",
                 hex);
        return;
    }
    if (hash_file(exe, hex) != 0) {
        strcpy(version, "unknown");
        snprintf(header, sizeof header, "unknown (no %.200s.srchash: %.120s; executable unreadable)",
                 base, why);
        return;
    }
    snprintf(version, sizeof version, "exe-%s", hex);
    snprintf(header, sizeof header,
             "executable %s (fallback: %.200s.srchash next to the program: %.120s; any rebuild changes "
             "it)", hex, base, why);
}

const char *cells_code_version(void)
{
    if (!version[0])
        compute();
    return version;
}

const char *cells_code_version_header(void)
{
    if (!version[0])
        compute();
    return header;
}
