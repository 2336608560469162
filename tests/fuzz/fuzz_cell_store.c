/* fuzz_cell_store.c -- libFuzzer target for the cell file reader (cell_store_read, cells.h).
 * Each input is read twice as DIR/KEY.cell for a fixed KEY and description: once as it is,
 * and once with a valid "checksum <hex>\n" line appended (so that the fuzzer gets past the
 * checksum and reaches the header and length parsing).  Properties checked beyond "no crash,
 * no leak, no UB": the result is -1, 0 or 1; on 1 the records are NUL-terminated and a cell
 * written from them by cell_store_write reads back as 1 with the same bytes; on -1 the
 * reason is a non-empty string. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/cells.h"

#define KEY "0123456789abcdef0123456789abcdef"
#define DESC "fuzz | src-0 | seed=1 | group | cell 0 of 1 | label"

static char dir[64];
static char path[128];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/fuzz_cell_store_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("fuzz_cell_store: mkdtemp");
        exit(1);
    }
    snprintf(path, sizeof path, "%s/%s.cell", dir, KEY);
    atexit(cleanup);
    return 0;
}

/* Write DATA as the cell file.  The old file is removed first: ext4 flushes a file that is
 * truncated or renamed over when it is closed, which would slow every execution down. */
static int put(const void *data, size_t size)
{
    unlink(path);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Read the current file and check the contract; on 1, write the records back as a cell and
 * read that again (it must give the same bytes). */
static void check_read(void)
{
    char *rec = NULL, why[128];
    size_t len = (size_t)-1;
    memset(why, 0, sizeof why);
    int rc = cell_store_read(dir, KEY, DESC, &rec, &len, why);
    if (rc == -1) {
        if (why[0] == '\0' || memchr(why, '\0', sizeof why) == NULL)
            __builtin_trap(); /* no reason, or not a string */
        return;
    }
    if (rc != 1)
        __builtin_trap(); /* 0 is "absent", and the file is there; nothing else is allowed */
    if (!rec || len == (size_t)-1 || rec[len] != '\0')
        __builtin_trap();
    char *copy = malloc(len + 1);
    memcpy(copy, rec, len + 1);
    unlink(path);
    if (cell_store_write(dir, KEY, DESC, rec, len) != 0)
        __builtin_trap(); /* the writer refused records the reader returned */
    free(rec);
    rec = NULL;
    size_t len2 = 0;
    if (cell_store_read(dir, KEY, DESC, &rec, &len2, why) != 1)
        __builtin_trap(); /* the writer's file does not read back */
    if (len2 != len || memcmp(rec, copy, len) != 0 || rec[len2] != '\0')
        __builtin_trap(); /* not the same records */
    free(rec);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    /* 1. the input as it is */
    if (put(data, size) != 0)
        return 0;
    check_read();

    /* 2. the input followed by its valid checksum line */
    const size_t tail = strlen("checksum ") + 32 + 1;
    char *text = malloc(size + tail + 1);
    if (size)
        memcpy(text, data, size);
    char sum[33];
    cells_hash_hex(cells_hash(data, size), sum);
    snprintf(text + size, tail + 1, "checksum %s\n", sum);
    if (put(text, size + tail) == 0)
        check_read();
    free(text);
    unlink(path);
    return 0;
}
